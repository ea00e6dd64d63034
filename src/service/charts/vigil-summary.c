/* vigil-summary.c: the summary numbers of a model and period
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-summary"

#include "config.h"

#include "vigil-summary.h"

G_DEFINE_BOXED_TYPE (VigilSummary, vigil_summary, vigil_summary_copy, vigil_summary_free)

VigilSummary *
vigil_summary_copy (const VigilSummary *self)
{
  VigilSummary *copy = g_memdup2 (self, sizeof *self);

  copy->model_name = g_strdup (self->model_name);
  copy->from = g_strdup (self->from);
  copy->to = g_strdup (self->to);
  return copy;
}

void
vigil_summary_free (VigilSummary *self)
{
  if (self == NULL)
    return;
  g_free (self->model_name);
  g_free (self->from);
  g_free (self->to);
  g_free (self);
}
