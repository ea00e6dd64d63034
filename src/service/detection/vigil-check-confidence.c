/* vigil-check-confidence.c: the confidence check: has the mean confidence fallen?
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
vigil_detector_check_confidence (VigilCheckRun  *ev,
                                 VigilCheck      check,
                                 GCancellable   *cancellable,
                                 GError        **error)
{
  const VigilCheckPolicy *cp = &ev->policy->checks[check];
  VigilCheckResult *r;
  g_autofree char *message = NULL;
  double mr, mb, p;

  if (!vigil_check_run_has_enough (ev, ev->recent.n_confidence, ev->baseline.n_confidence) ||
      ev->recent.n_confidence < 2 || ev->baseline.n_confidence < 2)
    {
      vigil_check_run_add_insufficient (ev, check, ev->recent.n_confidence,
                    ev->baseline.n_confidence, _("decisions with a confidence"));
      return TRUE;
    }

  mr = vigil_check_window_mean (&ev->recent);
  mb = vigil_check_window_mean (&ev->baseline);
  p = vigil_stats_welch_t (mr, vigil_check_window_variance (&ev->recent), ev->recent.n_confidence, mb,
                           vigil_check_window_variance (&ev->baseline), ev->baseline.n_confidence, NULL, NULL);
  r = vigil_check_run_add_result (ev, check);
  if (fabs (mr - mb) > cp->threshold)
    {
      message = g_strdup_printf ("%s: avg confidence shifted from %.2f to %.2f", ev->title, mb,
                                 mr);
      vigil_check_result_set_outcome (r, VIGIL_OUTCOME_ALERTED, NULL, message);
    }
  else
    {
      message = g_strdup_printf (_("avg confidence %.2f against %.2f, within %.2f"), mr, mb,
                                 cp->threshold);
      vigil_check_result_set_outcome (r, VIGIL_OUTCOME_CLEAR, NULL, message);
    }
  vigil_check_result_set_evidence (r, mr, mb, cp->threshold, ev->recent.n_confidence,
                                   ev->baseline.n_confidence, p);
  return TRUE;
}
