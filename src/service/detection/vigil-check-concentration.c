/* vigil-check-concentration.c: the concentration check: does one entity take too large a share?
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
vigil_detector_check_concentration (VigilCheckRun  *ev,
                                    VigilCheck      check,
                                    GCancellable   *cancellable,
                                    GError        **error)
{
  const VigilCheckPolicy *cp = &ev->policy->checks[check];
  VigilCheckResult *r;
  GHashTableIter iter;
  VigilTally *t, *top = NULL;
  g_autofree char *message = NULL;
  g_autofree char *share_text = NULL;
  double share, baseline_share = NAN, p = NAN;
  gint64 cb;

  if (ev->recent.n_with_ticker == 0 && ev->baseline.n_with_ticker == 0)
    {
      r = vigil_check_run_add_result (ev, check);
      vigil_check_result_set_outcome (r, VIGIL_OUTCOME_NOT_APPLICABLE, NULL,
                                      _("not applicable: these decisions name no entity (ticker)"));
      return TRUE;
    }
  if (ev->recent.n < ev->policy->min_samples)
    {
      vigil_check_run_add_insufficient (ev, check, ev->recent.n, ev->baseline.n,
                    _("decisions"));
      return TRUE;
    }

  g_hash_table_iter_init (&iter, ev->recent.tickers);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &t))
    if (top == NULL || t->count > top->count || (t->count == top->count && strcmp (t->key, top->key) < 0))
      top = t;

  r = vigil_check_run_add_result (ev, check);
  share = top ? (double) top->count / (double) ev->recent.n : 0.0;
  cb = top ? vigil_tally_get (ev->baseline.tickers, top->key) : 0;
  if (ev->baseline.n > 0)
    baseline_share = (double) cb / (double) ev->baseline.n;
  if (top && ev->baseline.n >= ev->policy->min_samples)
    p = vigil_stats_two_proportion_z (top->count, ev->recent.n, cb, ev->baseline.n, NULL);
  share_text = vigil_check_format_percent (share);

  if (top && share > cp->threshold)
    {
      message = g_strdup_printf ("%s: '%s' represents %s of decisions", ev->title, top->key,
                                 share_text);
      vigil_check_result_set_outcome (r, VIGIL_OUTCOME_ALERTED, top->key, message);
    }
  else
    {
      message = g_strdup_printf (_("the largest entity, “%s”, has %s of decisions, within %.0f%%"),
                                 top ? top->key : "", share_text, cp->threshold * 100);
      vigil_check_result_set_outcome (r, VIGIL_OUTCOME_CLEAR, top ? top->key : NULL, message);
    }
  vigil_check_result_set_evidence (r, share, baseline_share, cp->threshold, ev->recent.n,
                                   ev->baseline.n, p);
  return TRUE;
}
