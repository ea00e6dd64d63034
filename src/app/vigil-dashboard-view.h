/* vigil-dashboard-view.h: the summary cards and the charts of a model and period
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vigil-dashboard.h"
#include "vigil-database.h"
#include "vigil-period.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_DASHBOARD_VIEW (vigil_dashboard_view_get_type ())
G_DECLARE_FINAL_TYPE (VigilDashboardView, vigil_dashboard_view, VIGIL, DASHBOARD_VIEW, AdwBin)

void            vigil_dashboard_view_set_database (VigilDashboardView *self,
                                                   VigilDatabase      *database);
void            vigil_dashboard_view_set_scope    (VigilDashboardView *self,
                                                   const char         *model_name,
                                                   const VigilPeriod  *period);
VigilDashboard *vigil_dashboard_view_get_dashboard (VigilDashboardView *self);
gboolean        vigil_dashboard_view_get_loading  (VigilDashboardView *self);
void            vigil_dashboard_view_reload       (VigilDashboardView *self);

G_END_DECLS
