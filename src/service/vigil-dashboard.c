/* vigil-dashboard.c: what the dashboard and the report pages draw, aggregated in SQL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-dashboard"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-dashboard.h"

G_DEFINE_BOXED_TYPE (VigilDashboard, vigil_dashboard, vigil_dashboard_ref, vigil_dashboard_unref)

/**
 * vigil_dashboard_new:
 * @model_name: (nullable): the model, %NULL for all models
 * @from: the period's first instant
 * @to: the instant after its end
 *
 * An empty dashboard, for the loader to fill (and for tests of the painters).
 *
 * Returns: (transfer full): a new #VigilDashboard
 */
VigilDashboard *
vigil_dashboard_new (const char *model_name,
                     const char *from,
                     const char *to)
{
  VigilDashboard *self = g_new0 (VigilDashboard, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->model_name = g_strdup (model_name);
  self->from = g_strdup (from);
  self->to = g_strdup (to);
  self->concentration_threshold = 0.30;
  self->predictions = g_new0 (char *, 1);
  return self;
}

VigilDashboard *
vigil_dashboard_ref (VigilDashboard *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
vigil_dashboard_unref (VigilDashboard *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  for (guint i = 0; i < self->n_days; i++)
    {
      g_free (self->days[i].day);
      g_free (self->days[i].counts);
    }
  for (guint i = 0; i < self->n_entities; i++)
    g_free (self->entities[i].entity);
  for (guint i = 0; i < self->n_alerts; i++)
    {
      g_free (self->alerts[i].timestamp);
      g_free (self->alerts[i].alert_type);
      g_free (self->alerts[i].model_name);
      g_free (self->alerts[i].description);
    }
  g_free (self->days);
  g_free (self->entities);
  g_free (self->alerts);
  g_strfreev (self->predictions);
  g_clear_pointer (&self->summary, vigil_summary_free);
  g_free (self->model_name);
  g_free (self->from);
  g_free (self->to);
  g_free (self->recent_from);
  g_free (self->baseline_from);
  g_free (self);
}
