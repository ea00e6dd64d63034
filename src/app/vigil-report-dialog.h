/* vigil-report-dialog.h: New Report: a period, models and sign-off names, a page preview,
 * and the PDF and JSON exports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vigil-database.h"
#include "vigil-job.h"
#include "vigil-period.h"
#include "vigil-report.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_REPORT_DIALOG (vigil_report_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VigilReportDialog, vigil_report_dialog, VIGIL, REPORT_DIALOG, AdwWindow)

/* @period: the days proposed; @model_name (nullable): the model proposed, NULL for all;
 * @reviewer (nullable): who prepares the report (not a signatory) */
VigilReportDialog *vigil_report_dialog_new         (GtkWindow          *parent,
                                                    VigilDatabase      *database,
                                                    const VigilPeriod  *period,
                                                    const char         *model_name,
                                                    const char         *reviewer);
/* What the Build button does; FALSE (and the reason shown) when the form is not valid. */
gboolean           vigil_report_dialog_build       (VigilReportDialog  *self);
/* Write the built report to @path in a job, then record the export in the database;
 * what Export PDF… and Export JSON… do once a file is chosen. */
gboolean           vigil_report_dialog_export_pdf  (VigilReportDialog  *self,
                                                    const char         *path);
gboolean           vigil_report_dialog_export_json (VigilReportDialog  *self,
                                                    const char         *path);
VigilReport       *vigil_report_dialog_get_report  (VigilReportDialog  *self);
VigilJob          *vigil_report_dialog_get_job     (VigilReportDialog  *self);
/* The id of the last export recorded, 0 before any */
gint64             vigil_report_dialog_get_last_export (VigilReportDialog *self);
/* Adds a row to the Signatories group, as its Add button does; returns the row. */
GtkWidget         *vigil_report_dialog_add_signatory (VigilReportDialog *self,
                                                     const char        *role,
                                                     const char        *name);

G_END_DECLS
