/* vigil-chart-kind.c: the table of charts the dashboard and the report draw
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-chart-kind"

#include "config.h"

#include "vigil-chart-kind.h"

/* In the order the dashboard and the report show them; the built-in ones are the values of
 * #VigilChartKind. To add a chart, give it a file of its own with its painter, hit test,
 * description and descriptor (tests/test-chart-registry.c is the example), declare the
 * descriptor in vigil-chart-kind.h, list it here, and add the file to
 * src/service/meson.build and po/POTFILES.in. */
static const VigilChartDescriptor * const builtin[] = {
  &vigil_chart_distribution,
  &vigil_chart_confidence,
  &vigil_chart_concentration,
  &vigil_chart_timeline,
  &vigil_chart_performance,
};

G_STATIC_ASSERT (G_N_ELEMENTS (builtin) == VIGIL_CHART_KIND_PERFORMANCE + 1);

/* Charts registered at run time, after the built-in ones; never removed. */
G_LOCK_DEFINE_STATIC (registered);
static GPtrArray *registered;

/**
 * vigil_chart_kind_get_n:
 *
 * Returns: how many charts there are, built-in and registered
 */
guint
vigil_chart_kind_get_n (void)
{
  guint n;

  G_LOCK (registered);
  n = G_N_ELEMENTS (builtin) + (registered != NULL ? registered->len : 0);
  G_UNLOCK (registered);
  return n;
}

/**
 * vigil_chart_kind_get:
 * @kind: a built-in #VigilChartKind or one vigil_chart_kind_register() returned
 *
 * Returns: (transfer none) (nullable): the chart's descriptor, NULL when there is no such
 *   chart
 */
const VigilChartDescriptor *
vigil_chart_kind_get (VigilChartKind kind)
{
  const VigilChartDescriptor *descriptor = NULL;
  guint i = (guint) kind;

  if (i < G_N_ELEMENTS (builtin))
    return builtin[i];

  G_LOCK (registered);
  i -= G_N_ELEMENTS (builtin);
  if (registered != NULL && i < registered->len)
    descriptor = g_ptr_array_index (registered, i);
  G_UNLOCK (registered);
  return descriptor;
}

/**
 * vigil_chart_kind_lookup:
 * @id: a chart's id, "distribution"
 * @out_kind: (out) (optional): its kind
 *
 * Returns: whether a chart has that id
 */
gboolean
vigil_chart_kind_lookup (const char     *id,
                         VigilChartKind *out_kind)
{
  guint n = vigil_chart_kind_get_n ();

  g_return_val_if_fail (id != NULL, FALSE);

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (vigil_chart_kind_get ((VigilChartKind) i)->id, id) == 0)
      {
        if (out_kind != NULL)
          *out_kind = (VigilChartKind) i;
        return TRUE;
      }
  return FALSE;
}

/**
 * vigil_chart_kind_register:
 * @descriptor: (transfer none): the chart; it must outlive the process (a static)
 *
 * Adds a chart after the built-in ones: the report and dashboards made from then on draw it
 * too, so register before the first window. The id must be new, and the title and the three
 * functions set.
 *
 * Returns: its kind, or (VigilChartKind) -1 when @descriptor is incomplete or its id taken
 */
VigilChartKind
vigil_chart_kind_register (const VigilChartDescriptor *descriptor)
{
  VigilChartKind kind;

  g_return_val_if_fail (descriptor != NULL, (VigilChartKind) -1);
  g_return_val_if_fail (descriptor->id != NULL && descriptor->id[0] != '\0', (VigilChartKind) -1);
  g_return_val_if_fail (descriptor->title != NULL, (VigilChartKind) -1);
  g_return_val_if_fail (descriptor->paint != NULL, (VigilChartKind) -1);
  g_return_val_if_fail (descriptor->hit != NULL, (VigilChartKind) -1);
  g_return_val_if_fail (descriptor->describe != NULL, (VigilChartKind) -1);
  g_return_val_if_fail (!vigil_chart_kind_lookup (descriptor->id, NULL), (VigilChartKind) -1);

  G_LOCK (registered);
  if (registered == NULL)
    registered = g_ptr_array_new ();
  g_ptr_array_add (registered, (gpointer) descriptor);
  kind = (VigilChartKind) (G_N_ELEMENTS (builtin) + registered->len - 1);
  G_UNLOCK (registered);
  return kind;
}
