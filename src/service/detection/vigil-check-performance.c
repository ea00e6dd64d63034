/* vigil-check-performance.c: the performance-drop check: are decisions wrong more often?
 *
 * A decision's outcome arrives days or months after it. The check can look at decisions old
 * enough to have theirs: its windows are the run's, moved back by the policy's lag_days (none
 * by default), and every outcome recorded so far counts, as a validator judges a past period
 * with all that is known of it now: a backtest run once the outcomes are in finds the day the
 * decisions went wrong. Accuracy is the share of the decisions an outcome judges that it judges
 * right (vigil-performance.c), by the model's own rules when its policy has them; the recent
 * window's is compared with the baseline's by a two-proportion z-test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-detector"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>

#include "vigil-check-run-private.h"
#include "vigil-detector-checks.h"
#include "vigil-performance.h"
#include "vigil-stats.h"

gboolean
vigil_detector_check_performance_drop (VigilCheckRun  *ev,
                                       VigilCheck      check,
                                       GCancellable   *cancellable,
                                       GError        **error)
{
  const VigilCheckPolicy *cp = &ev->policy->checks[check];
  g_autoptr(VigilPerformance) recent = NULL;
  g_autoptr(VigilPerformance) baseline = NULL;
  char baseline_start[VIGIL_TIMESTAMP_LEN];
  char window_start[VIGIL_TIMESTAMP_LEN];
  char window_end[VIGIL_TIMESTAMP_LEN];
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *message = NULL;
  VigilCheckResult *r;
  double accuracy_recent, accuracy_baseline, p_value;
  gboolean alerted;

  vigil_check_run_shift (ev->baseline_start, cp->lag_days, baseline_start);
  vigil_check_run_shift (ev->window_start, cp->lag_days, window_start);
  vigil_check_run_shift (ev->as_of, cp->lag_days, window_end);

  recent = vigil_performance_compute_in_segment (ev->store, ev->model, ev->segment_by,
                                                 ev->segment, window_start, window_end, NULL,
                                                 ev->policy->outcomes, error);
  if (recent == NULL)
    return FALSE;
  baseline = vigil_performance_compute_in_segment (ev->store, ev->model, ev->segment_by,
                                                   ev->segment, baseline_start, window_start,
                                                   NULL, ev->policy->outcomes, error);
  if (baseline == NULL)
    return FALSE;

  if (!vigil_check_run_has_enough (ev, recent->judged, baseline->judged))
    {
      r = vigil_check_run_add_result_in (ev, check, baseline_start, window_start, window_end);
      message = g_strdup_printf (_("insufficient data: %" PRId64 " recent and %"
                                   PRId64 " baseline decisions with an outcome that "
                                   "judges them, in windows ending %u days before (at least %"
                                   PRId64 " each)"),
                                 recent->judged, baseline->judged, cp->lag_days,
                                 ev->policy->min_samples);
      vigil_check_result_set_outcome (r, VIGIL_OUTCOME_INSUFFICIENT_DATA, NULL, message);
      vigil_check_result_set_evidence (r, NAN, NAN, NAN, recent->judged, baseline->judged, NAN);
      return TRUE;
    }

  accuracy_recent = vigil_performance_accuracy (recent);
  accuracy_baseline = vigil_performance_accuracy (baseline);
  p_value = vigil_stats_two_proportion_z (recent->right, recent->judged, baseline->right,
                                          baseline->judged, NULL);
  alerted = accuracy_baseline - accuracy_recent > cp->threshold &&
            p_value < 1.0 - cp->confidence;

  from = vigil_check_format_percent (accuracy_baseline);
  to = vigil_check_format_percent (accuracy_recent);
  r = vigil_check_run_add_result_in (ev, check, baseline_start, window_start, window_end);
  if (alerted)
    {
      /* As the notebook's descriptions read, and as the others are stored: not translated */
      message = g_strdup_printf ("%s: accuracy fell from %s to %s on the decisions their "
                                 "outcomes judge (%" PRId64 " recent, %" PRId64 " baseline; "
                                 "%.0f%% of the recent decisions have an outcome)",
                                 ev->title, from, to, recent->judged, baseline->judged,
                                 100 * vigil_performance_coverage (recent));
    }
  else
    message = g_strdup_printf (_("accuracy %s against %s in the baseline, on the decisions "
                                 "their outcomes judge"), to, from);
  vigil_check_result_set_outcome (r, alerted ? VIGIL_OUTCOME_ALERTED : VIGIL_OUTCOME_CLEAR,
                                  "accuracy", message);
  vigil_check_result_set_evidence (r, accuracy_recent, accuracy_baseline, cp->threshold,
                                   recent->judged, baseline->judged, p_value);
  return TRUE;
}
