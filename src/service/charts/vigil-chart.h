/* vigil-chart.h: the dashboard's charts, painted with cairo for screen and report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>

#include "vigil-chart-kind.h"
#include "vigil-chart-scale.h"
#include "vigil-chart-style.h"
#include "vigil-dashboard.h"
#include "vigil-enums.h"

G_BEGIN_DECLS

void      vigil_chart_hit_clear            (VigilChartHit         *hit);

/* The built-in charts' painters and hit tests (see #VigilChartPaintFunc and
 * #VigilChartHitFunc), each in its own file. */
void      vigil_chart_paint_distribution   (cairo_t               *cr,
                                            const VigilDashboard  *data,
                                            const VigilChartStyle *style,
                                            double                 width,
                                            double                 height);
gboolean  vigil_chart_hit_distribution     (const VigilDashboard  *data,
                                            const VigilChartStyle *style,
                                            double                 width,
                                            double                 height,
                                            double                 x,
                                            double                 y,
                                            VigilChartHit         *hit);
void      vigil_chart_paint_confidence     (cairo_t               *cr,
                                            const VigilDashboard  *data,
                                            const VigilChartStyle *style,
                                            double                 width,
                                            double                 height);
gboolean  vigil_chart_hit_confidence       (const VigilDashboard  *data,
                                            const VigilChartStyle *style,
                                            double                 width,
                                            double                 height,
                                            double                 x,
                                            double                 y,
                                            VigilChartHit         *hit);
void      vigil_chart_paint_concentration  (cairo_t               *cr,
                                            const VigilDashboard  *data,
                                            const VigilChartStyle *style,
                                            double                 width,
                                            double                 height);
gboolean  vigil_chart_hit_concentration    (const VigilDashboard  *data,
                                            const VigilChartStyle *style,
                                            double                 width,
                                            double                 height,
                                            double                 x,
                                            double                 y,
                                            VigilChartHit         *hit);
void      vigil_chart_paint_timeline       (cairo_t               *cr,
                                            const VigilDashboard  *data,
                                            const VigilChartStyle *style,
                                            double                 width,
                                            double                 height);
gboolean  vigil_chart_hit_timeline         (const VigilDashboard  *data,
                                            const VigilChartStyle *style,
                                            double                 width,
                                            double                 height,
                                            double                 x,
                                            double                 y,
                                            VigilChartHit         *hit);
gboolean  vigil_chart_alert_day            (const VigilDashboardAlert *alert,
                                            gint64                 from_usec,
                                            guint                  n_days,
                                            guint                 *out_day);

/* Any chart of the table, chosen by @kind (see vigil-chart-kind.h). */
void      vigil_chart_paint                (VigilChartKind         kind,
                                            cairo_t               *cr,
                                            const VigilDashboard  *data,
                                            const VigilChartStyle *style,
                                            double                 width,
                                            double                 height);
gboolean  vigil_chart_hit                  (VigilChartKind         kind,
                                            const VigilDashboard  *data,
                                            const VigilChartStyle *style,
                                            double                 width,
                                            double                 height,
                                            double                 x,
                                            double                 y,
                                            VigilChartHit         *hit);
GArray   *vigil_chart_targets              (VigilChartKind         kind,
                                            const VigilDashboard  *data,
                                            const VigilChartStyle *style,
                                            double                 width,
                                            double                 height);
const char *vigil_chart_kind_title         (VigilChartKind         kind);
char     *vigil_chart_describe             (VigilChartKind         kind,
                                            const VigilDashboard  *data);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VigilChartHit, vigil_chart_hit_clear)

G_END_DECLS
