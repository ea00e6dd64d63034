/* vigil-chart.h: the dashboard's four charts, painted with cairo for screen and report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>

#include "vigil-chart-scale.h"
#include "vigil-chart-style.h"
#include "vigil-dashboard.h"
#include "vigil-enums.h"

G_BEGIN_DECLS

/* What lies under a point of a chart. Clear it with vigil_chart_hit_clear(). */
typedef struct
{
  char   *text;         /* the tooltip, translated, several lines */
  char    day[11];      /* "YYYY-MM-DD" of the bar or alert, "" when none */
  char    last_day[11]; /* the bar's last day when it aggregates days, else == day */
  char   *entity;       /* concentration: the entity, else NULL */
  gint64  alert_id;     /* timeline: the alert, else 0 */
  int     item;         /* the bar, bin, entity or alert (index into the dashboard), -1 */
} VigilChartHit;

void      vigil_chart_hit_clear            (VigilChartHit         *hit);

/* Each painter draws the whole chart into the rectangle (0, 0, width, height) of @cr's user
 * space, clipped to it; @data may be NULL (a note says there is nothing to show). Each hit
 * test lays the chart out the same way and says what is under (x, y). */
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

/* The same, chosen by @kind. */
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
const char *vigil_chart_kind_title         (VigilChartKind         kind);
char     *vigil_chart_describe             (VigilChartKind         kind,
                                            const VigilDashboard  *data);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VigilChartHit, vigil_chart_hit_clear)

G_END_DECLS
