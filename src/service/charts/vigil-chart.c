/* vigil-chart.c: paints, hit-tests and describes a chart chosen by its kind
 *
 * The charts themselves are in vigil-chart-distribution.c, vigil-chart-confidence.c,
 * vigil-chart-concentration.c and vigil-chart-timeline.c, their common drawing in
 * vigil-chart-canvas.c, and the table of them in vigil-chart-kind.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-chart"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vigil-chart.h"

/**
 * vigil_chart_hit_clear:
 *
 * Frees what a hit test put in @hit and empties it.
 */
void
vigil_chart_hit_clear (VigilChartHit *hit)
{
  if (hit == NULL)
    return;
  g_free (hit->text);
  g_free (hit->entity);
  g_free (hit->model);
  memset (hit, 0, sizeof *hit);
  hit->item = -1;
}

void
vigil_chart_paint (VigilChartKind         kind,
                   cairo_t               *cr,
                   const VigilDashboard  *data,
                   const VigilChartStyle *style,
                   double                 width,
                   double                 height)
{
  const VigilChartDescriptor *chart = vigil_chart_kind_get (kind);

  g_return_if_fail (chart != NULL);

  chart->paint (cr, data, style, width, height);
}

gboolean
vigil_chart_hit (VigilChartKind         kind,
                 const VigilDashboard  *data,
                 const VigilChartStyle *style,
                 double                 width,
                 double                 height,
                 double                 x,
                 double                 y,
                 VigilChartHit         *hit)
{
  const VigilChartDescriptor *chart = vigil_chart_kind_get (kind);

  g_return_val_if_fail (chart != NULL, FALSE);

  return chart->hit (data, style, width, height, x, y, hit);
}

/**
 * vigil_chart_targets:
 *
 * The parts of the chart one can point at, for the keyboard (see #VigilChartTargetsFunc).
 *
 * Returns: (transfer full) (element-type VigilChartRect): in reading order; empty when the
 *   chart has none or lists none
 */
GArray *
vigil_chart_targets (VigilChartKind         kind,
                     const VigilDashboard  *data,
                     const VigilChartStyle *style,
                     double                 width,
                     double                 height)
{
  const VigilChartDescriptor *chart = vigil_chart_kind_get (kind);

  g_return_val_if_fail (chart != NULL, NULL);

  if (chart->targets == NULL || data == NULL || width <= 0 || height <= 0)
    return g_array_new (FALSE, FALSE, sizeof (VigilChartRect));
  return chart->targets (data, style, width, height);
}

/**
 * vigil_chart_kind_title:
 *
 * Returns: the chart's title, translated; also its accessible name
 */
const char *
vigil_chart_kind_title (VigilChartKind kind)
{
  const VigilChartDescriptor *chart = vigil_chart_kind_get (kind);

  g_return_val_if_fail (chart != NULL, NULL);

  return _(chart->title);
}

/**
 * vigil_chart_describe:
 * @data: (nullable): the dashboard
 *
 * Says in one sentence what the chart shows, for screen readers and the report's text.
 *
 * Returns: (transfer full): the description, translated
 */
char *
vigil_chart_describe (VigilChartKind        kind,
                      const VigilDashboard *data)
{
  const VigilChartDescriptor *chart = vigil_chart_kind_get (kind);
  const char *title;

  g_return_val_if_fail (chart != NULL, NULL);

  title = _(chart->title);
  if (data == NULL)
    return g_strdup_printf (_("%s, no data"), title);
  return chart->describe (data, title);
}
