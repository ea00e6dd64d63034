/* vigil-check-feature-drift.c: the feature-drift check: have the numeric inputs moved (PSI per feature)?
 *
 * Each window's values come from the inputs' daily roll-ups in fixed bins 1% wide
 * (vigil-input-profile.c). The check merges them into the policy's number of bins at the
 * baseline's quantiles, as the raw values would be binned but for edges that fall on the
 * fixed bins' edges, and compares the two windows' shares by PSI.
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

/* Where the baseline's quantiles fall among the fixed bins: the last fixed bin of each coarse
 * bin but the last, as bins (e[i-1], e[i]] at the baseline's quantiles would have them. */
static GArray *
quantile_edges (GArray *fine,
                gint64  total,
                guint   n_bins)
{
  GArray *edges = g_array_new (FALSE, FALSE, sizeof (int));
  gint64 below = 0;
  guint j = 0;

  for (guint i = 1; i < n_bins && fine->len > 0; i++)
    {
      gint64 rank = (gint64) ((double) i * (double) total / (double) n_bins);
      int e;

      /* The fine bin that holds the value of that rank */
      while (j + 1 < fine->len && below + g_array_index (fine, VigilInputBin, j).n <= rank)
        below += g_array_index (fine, VigilInputBin, j++).n;
      e = g_array_index (fine, VigilInputBin, j).bin;
      if (edges->len == 0 || e > g_array_index (edges, int, edges->len - 1))
        g_array_append_val (edges, e);
    }
  return edges;
}

/* The coarse bin of fixed bin @bin: the first edge at or above it */
static guint
coarse_bin (GArray *edges,
            int     bin)
{
  guint lo = 0, hi = edges->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (edges, int, mid) < bin)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static gint64 *
coarse_counts (const VigilInputFeature *f,
               GArray                  *edges)
{
  g_autoptr(GArray) fine = vigil_input_feature_sorted_bins (f);
  gint64 *counts = g_new0 (gint64, edges->len + 1);

  for (guint i = 0; i < fine->len; i++)
    counts[coarse_bin (edges, g_array_index (fine, VigilInputBin, i).bin)] +=
      g_array_index (fine, VigilInputBin, i).n;
  return counts;
}

/* Every value of the feature is a number */
static gboolean
all_numbers (const VigilInputFeature *f)
{
  return f->n_numbers > 0 && f->n_strings == 0 && f->n_others == 0;
}

gboolean
vigil_detector_check_feature_drift (VigilCheckRun  *ev,
                                    VigilCheck      check,
                                    GCancellable   *cancellable,
                                    GError        **error)
{
  const VigilCheckPolicy *cp = &ev->policy->checks[check];
  g_autoptr(GPtrArray) tested = g_ptr_array_new ();
  g_autoptr(GPtrArray) features = NULL;
  VigilInputProfile *base, *recent;
  guint evaluated = 0;
  double level;

  if (!vigil_check_run_has_enough (ev, ev->recent.n, ev->baseline.n))
    {
      vigil_check_run_add_insufficient (ev, check, ev->recent.n, ev->baseline.n, _("decisions"));
      return TRUE;
    }
  if ((base = vigil_check_run_get_inputs (ev, FALSE, cancellable, error)) == NULL ||
      (recent = vigil_check_run_get_inputs (ev, TRUE, cancellable, error)) == NULL)
    return FALSE;

  /* The numeric features, by name, with enough values in both windows */
  features = vigil_input_profile_sorted (base);
  for (guint i = 0; i < features->len; i++)
    {
      VigilInputFeature *f = features->pdata[i];
      VigilInputFeature *r = vigil_input_profile_get_feature (recent, f->name, FALSE);

      if (all_numbers (f) && r != NULL && r->n_strings == 0 && r->n_others == 0 &&
          f->n_numbers >= ev->policy->min_samples && r->n_numbers >= ev->policy->min_samples)
        g_ptr_array_add (tested, f);
    }

  /* Each numeric feature is one more chance of a false alarm: the confidence level holds for
   * the model's features together (Bonferroni), not for each one alone. */
  level = 1.0 - (1.0 - cp->confidence) / MAX (tested->len, 1);

  for (guint i = 0; i < tested->len; i++)
    {
      VigilInputFeature *f = tested->pdata[i];
      VigilInputFeature *r = vigil_input_profile_get_feature (recent, f->name, FALSE);
      g_autoptr(GArray) fine = vigil_input_feature_sorted_bins (f);
      g_autoptr(GArray) edges = quantile_edges (fine, f->n_numbers, cp->bins);
      g_autofree gint64 *baseline_bins = coarse_counts (f, edges);
      g_autofree gint64 *recent_bins = coarse_counts (r, edges);
      g_autofree char *message = NULL;
      VigilCheckResult *result;
      guint n_bins = edges->len + 1;
      gint64 nb = f->n_numbers, nr = r->n_numbers;
      double psi, scale, critical, threshold, p;

      psi = vigil_stats_psi (baseline_bins, recent_bins, n_bins);
      scale = 1.0 / (double) nb + 1.0 / (double) nr;
      critical = n_bins > 1 ? vigil_stats_psi_critical (n_bins, nb, nr, level) : 0;
      threshold = MAX (cp->threshold, critical);
      p = n_bins > 1 ? vigil_stats_chi2_sf (psi / scale, n_bins - 1) : NAN;
      evaluated++;

      result = vigil_check_run_add_result (ev, check);
      if (psi > threshold)
        {
          message = g_strdup_printf ("%s: input feature '%s' drifted (PSI %.2f above %.2f)",
                                     ev->title, f->name, psi, threshold);
          vigil_check_result_set_outcome (result, VIGIL_OUTCOME_ALERTED, f->name, message);
        }
      else
        {
          message = g_strdup_printf (_("input feature “%s”: PSI %.2f, within %.2f"), f->name, psi,
                                     threshold);
          vigil_check_result_set_outcome (result, VIGIL_OUTCOME_CLEAR, f->name, message);
        }
      vigil_check_result_set_evidence (result, psi, 0.0, threshold, nr, nb, p);
    }

  if (evaluated == 0)
    {
      VigilCheckResult *r = vigil_check_run_add_result (ev, check);

      vigil_check_result_set_outcome (r, VIGIL_OUTCOME_NOT_APPLICABLE, NULL,
                                      _("not applicable: no numeric input feature with enough "
                                        "values in both windows"));
    }
  return TRUE;
}
