/* vigil-check-feature-drift.c: the feature-drift check: have the numeric inputs moved (PSI per feature)?
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

#define RESERVOIR_SIZE     20000
#define MAX_FEATURES       64

typedef struct
{
  char    *name;
  gboolean numeric;
  gint64   n_baseline;    /* numeric values seen in the baseline */
  gint64   n_recent;
  GArray  *sample;        /* of double: a uniform sample of the baseline values */
  GArray  *edges;         /* of double: upper edges of all bins but the last */
  gint64  *baseline_bins;
  gint64  *recent_bins;
} Feature;

static void
feature_free (gpointer data)
{
  Feature *f = data;

  g_free (f->name);
  g_array_unref (f->sample);
  if (f->edges)
    g_array_unref (f->edges);
  g_free (f->baseline_bins);
  g_free (f->recent_bins);
  g_free (f);
}

typedef struct
{
  GHashTable *features;
  GRand      *rand;
} DriftPass;

static void
on_baseline_member (const char *key,
                    double      number,
                    gboolean    is_number,
                    const char *string,
                    gpointer    data)
{
  DriftPass *pass = data;
  Feature *f = g_hash_table_lookup (pass->features, key);

  if (f == NULL)
    {
      if (g_hash_table_size (pass->features) >= MAX_FEATURES)
        return;
      f = g_new0 (Feature, 1);
      f->name = g_strdup (key);
      f->numeric = TRUE;
      f->sample = g_array_new (FALSE, FALSE, sizeof (double));
      g_hash_table_insert (pass->features, f->name, f);
    }
  if (!is_number)
    {
      f->numeric = FALSE;
      return;
    }

  /* Reservoir sampling keeps a uniform sample of any number of values. */
  f->n_baseline++;
  if (f->sample->len < RESERVOIR_SIZE)
    g_array_append_val (f->sample, number);
  else
    {
      gint64 j = (gint64) (g_rand_double (pass->rand) * (double) f->n_baseline);

      if (j < RESERVOIR_SIZE)
        g_array_index (f->sample, double, j) = number;
    }
}

static guint
bin_of (Feature *f,
        double   value)
{
  guint lo = 0, hi = f->edges->len;

  /* The first edge >= value: bins are (e[i-1], e[i]]. */
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (f->edges, double, mid) < value)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
on_recent_member (const char *key,
                  double      number,
                  gboolean    is_number,
                  const char *string,
                  gpointer    data)
{
  DriftPass *pass = data;
  Feature *f = g_hash_table_lookup (pass->features, key);

  if (f == NULL || !f->numeric || f->edges == NULL)
    return;
  if (!is_number)
    {
      f->numeric = FALSE;
      return;
    }
  f->n_recent++;
  f->recent_bins[bin_of (f, number)]++;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Bins at the baseline sample's quantiles; equal values share a bin. */
static void
feature_make_bins (Feature *f,
                   guint    n_bins)
{
  GArray *s = f->sample;

  g_array_sort (s, compare_doubles);
  f->edges = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 1; i < n_bins; i++)
    {
      double e = g_array_index (s, double, MIN (s->len - 1, (guint) ((guint64) i * s->len / n_bins)));

      if (f->edges->len == 0 || e > g_array_index (f->edges, double, f->edges->len - 1))
        g_array_append_val (f->edges, e);
    }
  f->baseline_bins = g_new0 (gint64, f->edges->len + 1);
  f->recent_bins = g_new0 (gint64, f->edges->len + 1);
  for (guint i = 0; i < s->len; i++)
    f->baseline_bins[bin_of (f, g_array_index (s, double, i))]++;
}

static int
compare_features (gconstpointer a,
                  gconstpointer b)
{
  const Feature *x = *(Feature * const *) a, *y = *(Feature * const *) b;

  return strcmp (x->name, y->name);
}

gboolean
vigil_detector_check_feature_drift (VigilCheckRun  *ev,
                                    VigilCheck      check,
                                    GCancellable   *cancellable,
                                    GError        **error)
{
  const VigilCheckPolicy *cp = &ev->policy->checks[check];
  g_autoptr(GHashTable) features = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                          feature_free);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  DriftPass pass = { features, NULL };
  GHashTableIter iter;
  Feature *f;
  guint evaluated = 0;
  guint n_tested = 0;
  double level;

  if (!vigil_check_run_has_enough (ev, ev->recent.n, ev->baseline.n))
    {
      vigil_check_run_add_insufficient (ev, check, ev->recent.n, ev->baseline.n, _("decisions"));
      return TRUE;
    }

  /* A fixed seed: the same data always gives the same sample and the same verdict. */
  pass.rand = g_rand_new_with_seed (0x5669476c);
  if (!vigil_check_run_read_features (ev, FALSE, on_baseline_member, &pass, cancellable,
                                      error))
    {
      g_rand_free (pass.rand);
      return FALSE;
    }
  g_rand_free (pass.rand);

  g_hash_table_iter_init (&iter, features);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &f))
    if (f->numeric && f->sample->len > 0)
      feature_make_bins (f, cp->bins);

  if (!vigil_check_run_read_features (ev, TRUE, on_recent_member, &pass, cancellable, error))
    return FALSE;

  g_hash_table_iter_init (&iter, features);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &f))
    if (f->numeric && f->edges != NULL)
      g_ptr_array_add (sorted, f);
  g_ptr_array_sort (sorted, compare_features);

  /* Each numeric feature is one more chance of a false alarm: the confidence level holds for
   * the model's features together (Bonferroni), not for each one alone. */
  for (guint i = 0; i < sorted->len; i++)
    {
      Feature *g = sorted->pdata[i];
      if (g->sample->len >= (guint) ev->policy->min_samples && g->n_recent >= ev->policy->min_samples)
        n_tested++;
    }
  level = 1.0 - (1.0 - cp->confidence) / MAX (n_tested, 1);

  for (guint i = 0; i < sorted->len; i++)
    {
      VigilCheckResult *r;
      g_autofree char *message = NULL;
      guint n_bins;
      gint64 nb, nr;
      double psi, scale, critical, threshold, p;

      f = sorted->pdata[i];
      nb = f->sample->len;
      nr = f->n_recent;
      if (nb < ev->policy->min_samples || nr < ev->policy->min_samples)
        continue;

      n_bins = f->edges->len + 1;
      psi = vigil_stats_psi (f->baseline_bins, f->recent_bins, n_bins);
      scale = 1.0 / (double) nb + 1.0 / (double) nr;
      critical = n_bins > 1 ? vigil_stats_psi_critical (n_bins, nb, nr, level) : 0;
      threshold = MAX (cp->threshold, critical);
      p = n_bins > 1 ? vigil_stats_chi2_sf (psi / scale, n_bins - 1) : NAN;
      evaluated++;

      r = vigil_check_run_add_result (ev, check);
      if (psi > threshold)
        {
          message = g_strdup_printf ("%s: input feature '%s' drifted (PSI %.2f above %.2f)",
                                     ev->title, f->name, psi, threshold);
          vigil_check_result_set_outcome (r, VIGIL_OUTCOME_ALERTED, f->name, message);
        }
      else
        {
          message = g_strdup_printf (_("input feature “%s”: PSI %.2f, within %.2f"), f->name, psi,
                                     threshold);
          vigil_check_result_set_outcome (r, VIGIL_OUTCOME_CLEAR, f->name, message);
        }
      vigil_check_result_set_evidence (r, psi, 0.0, threshold, nr, f->n_baseline, p);
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
