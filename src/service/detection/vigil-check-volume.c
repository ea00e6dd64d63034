/* vigil-check-volume.c: the volume check: has the number of decisions a day jumped or dropped?
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
vigil_detector_check_volume (VigilCheckRun  *ev,
                             VigilCheck      check,
                             GCancellable   *cancellable,
                             GError        **error)
{
  const VigilCheckPolicy *cp = &ev->policy->checks[check];
  VigilCheckResult *r;
  g_autofree char *message = NULL;
  double recent_avg, baseline_avg, p;

  /* Exempt from the minimum: a collapse in volume is itself the anomaly. It needs baseline
   * days with data, though: before the first decision there is nothing to compare with. */
  if (ev->baseline_exposure_days <= 0)
    {
      r = vigil_check_run_add_result (ev, check);
      vigil_check_result_set_outcome (r, VIGIL_OUTCOME_INSUFFICIENT_DATA, NULL,
                                      _("insufficient data: the model has no decisions before "
                                        "the recent window"));
      vigil_check_result_set_evidence (r, NAN, NAN, NAN, ev->recent.n, ev->baseline_all, NAN);
      return TRUE;
    }

  recent_avg = (double) ev->recent.n / ev->policy->window_days;
  baseline_avg = (double) ev->baseline_all / ev->baseline_exposure_days;
  p = vigil_stats_poisson_rate_test (ev->recent.n, ev->policy->window_days, ev->baseline_all,
                                     ev->baseline_exposure_days);
  r = vigil_check_run_add_result (ev, check);

  if (recent_avg > cp->threshold * baseline_avg)
    {
      message = g_strdup_printf ("%s: daily volume (%.0f) is more than %gx baseline (%.0f)",
                                 ev->title, recent_avg, cp->threshold, baseline_avg);
      vigil_check_result_set_outcome (r, VIGIL_OUTCOME_ALERTED, "spike", message);
      vigil_check_result_set_evidence (r, recent_avg, baseline_avg, cp->threshold, ev->recent.n,
                                       ev->baseline_all, p);
    }
  else if (recent_avg < cp->low_ratio * baseline_avg)
    {
      message = g_strdup_printf ("%s: daily volume (%.0f) is less than %gx baseline (%.0f)",
                                 ev->title, recent_avg, cp->low_ratio, baseline_avg);
      vigil_check_result_set_outcome (r, VIGIL_OUTCOME_ALERTED, "drop", message);
      vigil_check_result_set_evidence (r, recent_avg, baseline_avg, cp->low_ratio, ev->recent.n,
                                       ev->baseline_all, p);
    }
  else
    {
      message = g_strdup_printf (_("daily volume %.0f against a baseline of %.0f, between %gx "
                                   "and %gx"), recent_avg, baseline_avg, cp->low_ratio,
                                 cp->threshold);
      vigil_check_result_set_outcome (r, VIGIL_OUTCOME_CLEAR, NULL, message);
      vigil_check_result_set_evidence (r, recent_avg, baseline_avg, cp->threshold, ev->recent.n,
                                       ev->baseline_all, p);
    }
  return TRUE;
}
