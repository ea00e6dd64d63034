/* vigil-check-data-quality.c: the data-quality check: do decisions arrive without what they
 * should carry?
 *
 * Each finding is the share of decisions (or values) with one defect, recent against baseline:
 * no input features (none stored, "" or "{}"), no confidence, no explanation (none or blank),
 * an input feature missing that every baseline decision with inputs had, and a numeric input
 * outside the range of the baseline's values. Decisions without any input are counted once,
 * as such, and not again as missing each feature; the missing features are those of decisions
 * that did carry inputs.
 *
 * Each share is compared with the baseline's by a two-proportion z-test, but for values outside
 * the baseline's range: every baseline value lies within it by construction, and how far the
 * baseline's extremes fall short of the distribution's is itself chance. Their p-value is the
 * exact probability of as many values outside the range of the baseline's, were both windows
 * drawn from one distribution (vigil_stats_outside_range_test()); so a young baseline of few
 * values, which new values often exceed, does not alarm. The baseline share shown with them is
 * taken leaving each value out in turn: the values outside the range of all the others, a
 * minimum or a maximum held by that value alone.
 *
 * Each window's counts come from the inputs' daily roll-ups (vigil-input-profile.c). Their
 * fixed bins tell the values outside the baseline's range exactly, but for those in the same
 * 1% bin as an end of the range, which count as inside unless the window holds nothing further
 * out (then the values at its own extreme count): a value a hair past the range may pass.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-detector"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "vigil-check-run-private.h"
#include "vigil-detector-checks.h"
#include "vigil-stats.h"

typedef struct
{
  char     *name;
  /* baseline */
  gint64    n_present;       /* decisions with inputs that have it */
  gboolean  numeric;         /* every baseline value is a number */
  gint64    n_values;
  double    min, max;
  gint64    n_at_min, n_at_max;
  /* recent */
  gint64    n_recent_present;
  gint64    n_recent_values;
  gint64    n_outside;
} Feature;

static void
feature_free (gpointer data)
{
  Feature *f = data;

  g_free (f->name);
  g_free (f);
}

/* One window's decisions and their defects */
typedef struct
{
  gint64 n;
  gint64 n_with_inputs;
  gint64 n_empty_inputs;
  gint64 n_no_confidence;
  gint64 n_no_explanation;
} Counts;

static void
count_window (const VigilInputProfile *p,
              Counts                  *counts)
{
  counts->n = p->n;
  counts->n_empty_inputs = p->n_empty;
  counts->n_with_inputs = p->n - p->n_empty;
  counts->n_no_confidence = p->n_no_confidence;
  counts->n_no_explanation = p->n_no_explanation;
}

/* The baseline's features, with what the recent window held of each */
static void
fill_features (GHashTable        *features,
               VigilInputProfile *base,
               VigilInputProfile *recent)
{
  GHashTableIter iter;
  VigilInputFeature *b;

  g_hash_table_iter_init (&iter, base->features);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &b))
    {
      VigilInputFeature *r = vigil_input_profile_get_feature (recent, b->name, FALSE);
      Feature *f = g_new0 (Feature, 1);

      f->name = g_strdup (b->name);
      f->n_present = b->n_present;
      f->numeric = b->n_strings == 0 && b->n_others == 0;
      f->n_values = b->n_numbers;
      f->min = b->min;
      f->max = b->max;
      f->n_at_min = b->n_at_min;
      f->n_at_max = b->n_at_max;
      if (r != NULL)
        {
          f->n_recent_present = r->n_present;
          if (f->numeric && f->n_values > 0)
            {
              f->n_recent_values = r->n_numbers;
              f->n_outside = vigil_input_feature_count_outside (r, f->min, f->max);
            }
        }
      g_hash_table_insert (features, f->name, f);
    }
}

typedef enum
{
  DEFECT_EMPTY_INPUTS,
  DEFECT_NO_CONFIDENCE,
  DEFECT_NO_EXPLANATION,
  DEFECT_MISSING_FEATURE,
  DEFECT_OUT_OF_RANGE,
} Defect;

/* One share compared: x of n recent against bx of bn in the baseline */
typedef struct
{
  Defect   defect;
  Feature *feature;
  gint64   x, n, bx, bn;
} Finding;

static char *
finding_subject (const Finding *g)
{
  switch (g->defect)
    {
    case DEFECT_EMPTY_INPUTS:
      return g_strdup ("empty_inputs");
    case DEFECT_NO_CONFIDENCE:
      return g_strdup ("missing_confidence");
    case DEFECT_NO_EXPLANATION:
      return g_strdup ("missing_explanation");
    case DEFECT_MISSING_FEATURE:
      return g_strdup_printf ("missing:%s", g->feature->name);
    case DEFECT_OUT_OF_RANGE:
      return g_strdup_printf ("out_of_range:%s", g->feature->name);
    default:
      g_return_val_if_reached (NULL);
    }
}

/* What is wrong, in the words of the stored alerts (as the other checks', untranslated) */
static char *
finding_alert_message (const Finding *g,
                       const char    *model)
{
  g_autofree char *to = vigil_check_format_percent ((double) g->x / (double) g->n);
  g_autofree char *from = vigil_check_format_percent ((double) g->bx / (double) g->bn);

  switch (g->defect)
    {
    case DEFECT_EMPTY_INPUTS:
      return g_strdup_printf ("%s: %s of decisions had no input features, against %s in the "
                              "baseline", model, to, from);
    case DEFECT_NO_CONFIDENCE:
      return g_strdup_printf ("%s: %s of decisions had no confidence, against %s in the "
                              "baseline", model, to, from);
    case DEFECT_NO_EXPLANATION:
      return g_strdup_printf ("%s: %s of decisions had no explanation, against %s in the "
                              "baseline", model, to, from);
    case DEFECT_MISSING_FEATURE:
      return g_strdup_printf ("%s: input feature '%s' was missing from %s of decisions with "
                              "inputs, against %s in the baseline, which always had it", model,
                              g->feature->name, to, from);
    case DEFECT_OUT_OF_RANGE:
      return g_strdup_printf ("%s: %s of the values of input feature '%s' were outside the "
                              "baseline's range [%g, %g], against %s in the baseline", model,
                              to, g->feature->name, g->feature->min, g->feature->max, from);
    default:
      g_return_val_if_reached (NULL);
    }
}

static double
finding_p_value (const Finding *g)
{
  if (g->defect == DEFECT_OUT_OF_RANGE)
    return vigil_stats_outside_range_test (g->x, g->n, g->bn);
  return vigil_stats_two_proportion_z (g->x, g->n, g->bx, g->bn, NULL);
}

static int
compare_features (gconstpointer a,
                  gconstpointer b)
{
  const Feature *x = *(Feature * const *) a, *y = *(Feature * const *) b;

  return strcmp (x->name, y->name);
}

static void
add_finding (GArray  *findings,
             Defect   defect,
             Feature *feature,
             gint64   x,
             gint64   n,
             gint64   bx,
             gint64   bn)
{
  Finding g = { defect, feature, x, n, bx, bn };

  g_array_append_val (findings, g);
}

gboolean
vigil_detector_check_data_quality (VigilCheckRun  *ev,
                                   VigilCheck      check,
                                   GCancellable   *cancellable,
                                   GError        **error)
{
  const VigilCheckPolicy *cp = &ev->policy->checks[check];
  gint64 min = ev->policy->min_samples;
  g_autoptr(GHashTable) features = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                          feature_free);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  g_autoptr(GArray) findings = g_array_new (FALSE, FALSE, sizeof (Finding));
  VigilInputProfile *base_inputs, *recent_inputs;
  Counts base = { 0 }, recent = { 0 };
  GHashTableIter iter;
  Feature *f;
  const Finding *widest = NULL;
  double widest_rise = -G_MAXDOUBLE, alpha;
  gboolean alerted = FALSE;

  if (!vigil_check_run_has_enough (ev, ev->recent.n, ev->baseline.n))
    {
      vigil_check_run_add_insufficient (ev, check, ev->recent.n, ev->baseline.n, _("decisions"));
      return TRUE;
    }

  if ((base_inputs = vigil_check_run_get_inputs (ev, FALSE, cancellable, error)) == NULL ||
      (recent_inputs = vigil_check_run_get_inputs (ev, TRUE, cancellable, error)) == NULL)
    return FALSE;
  count_window (base_inputs, &base);
  count_window (recent_inputs, &recent);
  fill_features (features, base_inputs, recent_inputs);

  /* The counts of the detector's own pass may differ from these when decisions arrive in
   * between; each share here is of the roll-ups read. */
  if (!vigil_check_run_has_enough (ev, recent.n, base.n))
    {
      vigil_check_run_add_insufficient (ev, check, recent.n, base.n, _("decisions"));
      return TRUE;
    }

  add_finding (findings, DEFECT_EMPTY_INPUTS, NULL, recent.n_empty_inputs, recent.n,
               base.n_empty_inputs, base.n);
  add_finding (findings, DEFECT_NO_CONFIDENCE, NULL, recent.n_no_confidence, recent.n,
               base.n_no_confidence, base.n);
  add_finding (findings, DEFECT_NO_EXPLANATION, NULL, recent.n_no_explanation, recent.n,
               base.n_no_explanation, base.n);

  g_hash_table_iter_init (&iter, features);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &f))
    g_ptr_array_add (sorted, f);
  g_ptr_array_sort (sorted, compare_features);

  for (guint i = 0; i < sorted->len; i++)
    {
      f = sorted->pdata[i];
      if (f->n_present == base.n_with_inputs && base.n_with_inputs >= min &&
          recent.n_with_inputs >= min)
        add_finding (findings, DEFECT_MISSING_FEATURE, f,
                     recent.n_with_inputs - f->n_recent_present, recent.n_with_inputs, 0,
                     base.n_with_inputs);
    }
  for (guint i = 0; i < sorted->len; i++)
    {
      f = sorted->pdata[i];
      if (f->numeric && f->n_values >= min && f->n_recent_values >= min)
        add_finding (findings, DEFECT_OUT_OF_RANGE, f, f->n_outside, f->n_recent_values,
                     (f->n_at_min == 1) + (f->n_at_max == 1 && f->max > f->min), f->n_values);
    }

  /* Each share is one more chance of a false alarm: the confidence level holds for the
   * model's findings together (Bonferroni), not for each one alone. */
  alpha = (1.0 - cp->confidence) / (double) findings->len;

  for (guint i = 0; i < findings->len; i++)
    {
      const Finding *g = &g_array_index (findings, Finding, i);
      double pr = (double) g->x / (double) g->n;
      double pb = (double) g->bx / (double) g->bn;
      double p = finding_p_value (g);
      VigilCheckResult *r;
      g_autofree char *subject = NULL;
      g_autofree char *message = NULL;

      /* Only a rise is a defect: fewer incomplete decisions than before is no alarm. */
      if (pr - pb > widest_rise)
        {
          widest_rise = pr - pb;
          widest = g;
        }
      if (!(pr - pb > cp->threshold && p < alpha))
        continue;

      subject = finding_subject (g);
      message = finding_alert_message (g, ev->title);
      r = vigil_check_run_add_result (ev, check);
      vigil_check_result_set_outcome (r, VIGIL_OUTCOME_ALERTED, subject, message);
      vigil_check_result_set_evidence (r, pr, pb, cp->threshold, g->n, g->bn, p);
      alerted = TRUE;
    }

  if (!alerted)
    {
      VigilCheckResult *r = vigil_check_run_add_result (ev, check);
      g_autofree char *subject = finding_subject (widest);
      double pr = (double) widest->x / (double) widest->n;
      double pb = (double) widest->bx / (double) widest->bn;
      g_autofree char *to = vigil_check_format_percent (pr);
      g_autofree char *from = vigil_check_format_percent (pb);
      g_autofree char *message =
        /* Translators: the last %s is a finding's name, like "missing_explanation" */
        g_strdup_printf (_("no share of incomplete decisions rose significantly by more than "
                           "%.0f points; the most, %s, went from %s to %s"),
                         cp->threshold * 100, subject, from, to);

      vigil_check_result_set_outcome (r, VIGIL_OUTCOME_CLEAR, subject, message);
      vigil_check_result_set_evidence (r, pr, pb, cp->threshold, widest->n, widest->bn,
                                       finding_p_value (widest));
    }
  return TRUE;
}
