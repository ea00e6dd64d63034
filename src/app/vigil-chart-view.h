/* vigil-chart-view.h: a widget that draws one of the dashboard's charts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vigil-chart.h"
#include "vigil-dashboard.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_CHART_VIEW (vigil_chart_view_get_type ())
G_DECLARE_FINAL_TYPE (VigilChartView, vigil_chart_view, VIGIL, CHART_VIEW, GtkWidget)

GtkWidget      *vigil_chart_view_new           (VigilChartKind  kind);
VigilChartKind  vigil_chart_view_get_kind      (VigilChartView *self);
void            vigil_chart_view_set_kind      (VigilChartView *self,
                                                VigilChartKind  kind);
VigilDashboard *vigil_chart_view_get_dashboard (VigilChartView *self);
void            vigil_chart_view_set_dashboard (VigilChartView *self,
                                                VigilDashboard *dashboard);
gboolean        vigil_chart_view_hit           (VigilChartView *self,
                                                double          x,
                                                double          y,
                                                VigilChartHit  *hit);
gboolean        vigil_chart_view_activate_at   (VigilChartView *self,
                                                double          x,
                                                double          y);
gboolean        vigil_chart_view_get_painted   (VigilChartView *self);
GdkTexture     *vigil_chart_view_get_texture   (VigilChartView *self);

G_END_DECLS
