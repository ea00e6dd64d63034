/* vigil-chart-kind.h: one descriptor per chart, and the table of them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>

#include "vigil-chart-style.h"
#include "vigil-dashboard.h"
#include "vigil-enums.h"

G_BEGIN_DECLS

/* A rectangle of a chart, in its user space. */
typedef struct
{
  double x;
  double y;
  double w;
  double h;
} VigilChartRect;

/* What lies under a point of a chart. Clear it with vigil_chart_hit_clear(). */
typedef struct
{
  char   *text;         /* the tooltip, translated, several lines */
  char    day[11];      /* "YYYY-MM-DD" of the bar or alert, "" when none */
  char    last_day[11]; /* the bar's last day when it aggregates days, else == day */
  char   *entity;       /* concentration: the entity, else NULL */
  char   *model;        /* distribution of all models: the panel's model, else NULL */
  gint64  alert_id;     /* timeline: the alert, else 0 */
  int     item;         /* the bar, bin, entity or alert (index into the dashboard), -1 */
} VigilChartHit;

/* Draws the whole chart into the rectangle (0, 0, width, height) of @cr's user space,
 * clipped to it; @data may be NULL (a note says there is nothing to show). Painters use
 * cairo and pango only, never GTK, so that they can run off the main thread. */
typedef void     (*VigilChartPaintFunc)    (cairo_t               *cr,
                                            const VigilDashboard  *data,
                                            const VigilChartStyle *style,
                                            double                 width,
                                            double                 height);

/* Lays the chart out as its painter does and says what is under (x, y), for tooltips and
 * drill-down; FALSE when nothing is. */
typedef gboolean (*VigilChartHitFunc)      (const VigilDashboard  *data,
                                            const VigilChartStyle *style,
                                            double                 width,
                                            double                 height,
                                            double                 x,
                                            double                 y,
                                            VigilChartHit         *hit);

/* Lays the chart out as its painter does and lists, as #VigilChartRect, the parts one can
 * point at (bars, bins, entities, alert markers) in reading order: what the keyboard steps
 * through. Each part's centre is a point its hit test answers for. */
typedef GArray * (*VigilChartTargetsFunc)  (const VigilDashboard  *data,
                                            const VigilChartStyle *style,
                                            double                 width,
                                            double                 height);

/* One sentence for screen readers and the report's text, beginning with @title (the
 * translated title); @data is never NULL. */
typedef char *   (*VigilChartDescribeFunc) (const VigilDashboard  *data,
                                            const char            *title);

/**
 * VigilChartDescriptor:
 * @id: a short stable name ("distribution"), for tests, logs and settings
 * @title: the chart's full title, marked for translation; its accessible name and its title in
 *   the report
 * @heading: (nullable): the dashboard card's heading, marked for translation; @title when NULL
 * @caption: (nullable): the line under the heading, marked for translation
 * @needs: the parts of the dashboard it draws
 * @paint: draws it
 * @hit: says what is under a point
 * @targets: (nullable): lists the parts one can point at, for the keyboard; a chart without
 *   it is only pointed at with the mouse
 * @describe: says in words what it shows
 *
 * Everything the dashboard, the chart widget and the report need to know about a chart.
 * Each chart's file (vigil-chart-distribution.c, ...) defines one; the table in
 * vigil-chart-kind.c lists the built-in ones in the order the dashboard and the report
 * show them.
 */
typedef struct
{
  const char             *id;
  const char             *title;
  const char             *heading;
  const char             *caption;
  VigilChartNeeds         needs;
  VigilChartPaintFunc     paint;
  VigilChartHitFunc       hit;
  VigilChartDescribeFunc  describe;
  VigilChartTargetsFunc   targets;
} VigilChartDescriptor;

/* The built-in charts, defined in their own files. */
extern const VigilChartDescriptor vigil_chart_distribution;
extern const VigilChartDescriptor vigil_chart_confidence;
extern const VigilChartDescriptor vigil_chart_concentration;
extern const VigilChartDescriptor vigil_chart_timeline;
extern const VigilChartDescriptor vigil_chart_performance;

guint                       vigil_chart_kind_get_n      (void);
const VigilChartDescriptor *vigil_chart_kind_get        (VigilChartKind              kind);
gboolean                    vigil_chart_kind_lookup     (const char                 *id,
                                                         VigilChartKind             *out_kind);
VigilChartKind              vigil_chart_kind_register   (const VigilChartDescriptor *descriptor);

G_END_DECLS
