/* vigil-report-info.h: a report recorded in the database, as the list of past reports shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_REPORT_INFO (vigil_report_info_get_type ())
G_DECLARE_FINAL_TYPE (VigilReportInfo, vigil_report_info, VIGIL, REPORT_INFO, GObject)

/* @models: comma-separated as stored ("" or NULL: all models); @signatories, the people the
 * report names to sign it ("Role: Name; ..."; not a signature), and @pdf_sha256 may be NULL. Timestamps in DESIGN's format; @period_end exclusive. */
VigilReportInfo *vigil_report_info_new              (gint64           id,
                                                     const char      *generated_at,
                                                     const char      *period_start,
                                                     const char      *period_end,
                                                     const char      *models,
                                                     const char      *generated_by,
                                                     const char      *signatories,
                                                     const char      *pdf_sha256,
                                                     const char      *ledger_head,
                                                     gint64           ledger_records);
gint64           vigil_report_info_get_id           (VigilReportInfo *self);
const char      *vigil_report_info_get_generated_at (VigilReportInfo *self);
const char      *vigil_report_info_get_period_start (VigilReportInfo *self);
const char      *vigil_report_info_get_period_end   (VigilReportInfo *self);
const char      *vigil_report_info_get_models       (VigilReportInfo *self);
const char      *vigil_report_info_get_generated_by (VigilReportInfo *self);
const char      *vigil_report_info_get_signatories    (VigilReportInfo *self);
const char      *vigil_report_info_get_pdf_sha256   (VigilReportInfo *self);
const char      *vigil_report_info_get_ledger_head  (VigilReportInfo *self);
gint64           vigil_report_info_get_ledger_records (VigilReportInfo *self);

G_END_DECLS
