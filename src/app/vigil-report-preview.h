/* vigil-report-preview.h: one page of an audit report, drawn to fit the width it is given
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "vigil-report.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_REPORT_PREVIEW (vigil_report_preview_get_type ())
G_DECLARE_FINAL_TYPE (VigilReportPreview, vigil_report_preview, VIGIL, REPORT_PREVIEW, GtkWidget)

GtkWidget   *vigil_report_preview_new        (void);
void         vigil_report_preview_set_report (VigilReportPreview *self,
                                              VigilReport        *report,
                                              VigilPaper          paper);
VigilReport *vigil_report_preview_get_report (VigilReportPreview *self);
/* Lays the pages out again, after a signer changed. */
void         vigil_report_preview_relayout   (VigilReportPreview *self);
guint        vigil_report_preview_get_n_pages (VigilReportPreview *self);
guint        vigil_report_preview_get_page   (VigilReportPreview *self);
void         vigil_report_preview_set_page   (VigilReportPreview *self,
                                              guint               page);

G_END_DECLS
