/* vigil-reports-view.h: the audit reports exported from a database, and New Report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vigil-database.h"
#include "vigil-period.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_REPORTS_VIEW (vigil_reports_view_get_type ())
G_DECLARE_FINAL_TYPE (VigilReportsView, vigil_reports_view, VIGIL, REPORTS_VIEW, AdwBin)

GtkWidget     *vigil_reports_view_new          (void);
void           vigil_reports_view_set_database (VigilReportsView  *self,
                                                VigilDatabase     *database);
VigilDatabase *vigil_reports_view_get_database (VigilReportsView  *self);
void           vigil_reports_view_set_model_name (VigilReportsView *self,
                                                  const char       *model_name);
const char    *vigil_reports_view_get_model_name (VigilReportsView *self);
void           vigil_reports_view_set_period   (VigilReportsView  *self,
                                                const VigilPeriod *period);
const VigilPeriod *
               vigil_reports_view_get_period   (VigilReportsView  *self);
void           vigil_reports_view_set_reviewer (VigilReportsView  *self,
                                                const char        *reviewer);
const char    *vigil_reports_view_get_reviewer (VigilReportsView  *self);
gboolean       vigil_reports_view_get_loading  (VigilReportsView  *self);
/* The reports listed, newest first (VigilReportInfo), or NULL before the first load */
GListModel    *vigil_reports_view_get_reports  (VigilReportsView  *self);
/* Opens New Report over the view's window, for the view's period, model and reviewer;
 * returns the dialog (owned by GTK) or NULL without a database. */
GtkWindow     *vigil_reports_view_new_report   (VigilReportsView  *self);

G_END_DECLS
