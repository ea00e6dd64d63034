/* vigil-check-distribution.c: the distribution-shift check: has a prediction's share moved?
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-detector"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vigil-check-run-private.h"
#include "vigil-detector-checks.h"
#include "vigil-stats.h"

gboolean
vigil_detector_check_distribution (VigilCheckRun  *ev,
                                   VigilCheck      check,
                                   GCancellable   *cancellable,
                                   GError        **error)
{
  const VigilCheckPolicy *cp = &ev->policy->checks[check];
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  GHashTableIter iter;
  const char *key;
  const char *widest = NULL;
  double widest_delta = -1;
  gboolean alerted = FALSE;

  if (!vigil_check_run_has_enough (ev, ev->recent.n, ev->baseline.n))
    {
      vigil_check_run_add_insufficient (ev, check, ev->recent.n, ev->baseline.n,
                    _("decisions"));
      return TRUE;
    }

  /* Every category seen in either window, in order, as the notebook sorts them. */
  g_hash_table_iter_init (&iter, ev->recent.predictions);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, NULL))
    g_ptr_array_add (keys, (gpointer) key);
  g_hash_table_iter_init (&iter, ev->baseline.predictions);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, NULL))
    if (!g_hash_table_contains (ev->recent.predictions, key))
      g_ptr_array_add (keys, (gpointer) key);
  g_ptr_array_sort (keys, vigil_check_compare_keys);

  for (guint i = 0; i < keys->len; i++)
    {
      const char *category = keys->pdata[i];
      gint64 cr = vigil_tally_get (ev->recent.predictions, category);
      gint64 cb = vigil_tally_get (ev->baseline.predictions, category);
      double pr = (double) cr / (double) ev->recent.n;
      double pb = (double) cb / (double) ev->baseline.n;
      double delta = pr - pb;

      if (fabs (delta) > widest_delta)
        {
          widest_delta = fabs (delta);
          widest = category;
        }

      if (fabs (delta) > cp->threshold)
        {
          VigilCheckResult *r = vigil_check_run_add_result (ev, check);
          g_autofree char *from = vigil_check_format_percent (pb);
          g_autofree char *to = vigil_check_format_percent (pr);
          g_autofree char *d = g_strdup_printf ("%+.1f%%", delta * 100.0);
          g_autofree char *message =
            g_strdup_printf ("%s: '%s' prediction shifted from %s to %s (delta=%s)", ev->title,
                             category, from, to, d);

          vigil_check_result_set_outcome (r, VIGIL_OUTCOME_ALERTED, category, message);
          vigil_check_result_set_evidence (r, pr, pb, cp->threshold, ev->recent.n,
                                           ev->baseline.n,
                                           vigil_stats_two_proportion_z (cr, ev->recent.n, cb,
                                                                         ev->baseline.n, NULL));
          alerted = TRUE;
        }
    }

  if (!alerted)
    {
      VigilCheckResult *r = vigil_check_run_add_result (ev, check);
      gint64 cr = vigil_tally_get (ev->recent.predictions, widest);
      gint64 cb = vigil_tally_get (ev->baseline.predictions, widest);
      double pr = (double) cr / (double) ev->recent.n;
      double pb = (double) cb / (double) ev->baseline.n;
      g_autofree char *from = vigil_check_format_percent (pb);
      g_autofree char *to = vigil_check_format_percent (pr);
      g_autofree char *message =
        g_strdup_printf (_("no category moved more than %.0f points; the most, “%s”, went from "
                           "%s to %s"), cp->threshold * 100, widest ? widest : "", from, to);

      vigil_check_result_set_outcome (r, VIGIL_OUTCOME_CLEAR, widest, message);
      vigil_check_result_set_evidence (r, pr, pb, cp->threshold, ev->recent.n, ev->baseline.n,
                                       vigil_stats_two_proportion_z (cr, ev->recent.n, cb,
                                                                     ev->baseline.n, NULL));
    }
  return TRUE;
}
