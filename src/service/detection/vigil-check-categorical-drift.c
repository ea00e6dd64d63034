/* vigil-check-categorical-drift.c: the categorical-drift check: has the mix of a text input moved?
 *
 * Every input feature whose values are all strings is a categorical one. The inputs' daily
 * roll-ups count each window's categories, at most MAX_CATEGORIES of them a feature (the rest
 * are counted together as other values); the two mixes are compared by Pearson's chi-square with the rare
 * categories pooled, Bonferroni-corrected over the features tested as feature drift is. A
 * significant result alerts only when some category's share also moved by more than the
 * policy's floor, so that a tiny move on a huge sample stays quiet.
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

#define MAX_CATEGORIES 64
#define MIN_EXPECTED   5.0
#define N_MOVED_NAMED  3
#define N_UNSEEN_NAMED 5
#define MAX_NAME_CHARS 40

typedef struct
{
  char   *value;     /* NULL for the values past MAX_CATEGORIES, counted together */
  gint64  baseline;
  gint64  recent;
  double  change;    /* recent share minus baseline share */
} Category;

typedef struct
{
  char       *name;
  GHashTable *categories;    /* of Category, by value */
  Category    others;        /* values past the cap */
  gint64      n_baseline;
  gint64      n_recent;
} Feature;

static void
category_free (gpointer data)
{
  Category *c = data;

  g_free (c->value);
  g_free (c);
}

static void
feature_free (gpointer data)
{
  Feature *f = data;

  g_free (f->name);
  g_hash_table_unref (f->categories);
  g_free (f);
}

/* Every value of the feature is a string */
static gboolean
all_strings (const VigilInputFeature *f)
{
  return f->n_strings > 0 && f->n_numbers == 0 && f->n_others == 0;
}

static int
compare_values (gconstpointer a,
                gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Adds one window's counts of @from to @f: each category by value while @f has room, in the
 * order of their values, the rest with the other values */
static void
add_categories (Feature                 *f,
                const VigilInputFeature *from,
                gboolean                 recent)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, from->categories);
  while (g_hash_table_iter_next (&iter, &value, NULL))
    g_ptr_array_add (values, value);
  g_ptr_array_sort (values, compare_values);
  for (guint i = 0; i < values->len; i++)
    {
      Category *c = g_hash_table_lookup (f->categories, values->pdata[i]);
      gint64 *n = g_hash_table_lookup (from->categories, values->pdata[i]);

      if (c == NULL && g_hash_table_size (f->categories) < MAX_CATEGORIES)
        {
          c = g_new0 (Category, 1);
          c->value = g_strdup (values->pdata[i]);
          g_hash_table_insert (f->categories, c->value, c);
        }
      else if (c == NULL)
        c = &f->others;
      *(recent ? &c->recent : &c->baseline) += *n;
    }
  *(recent ? &f->others.recent : &f->others.baseline) += from->n_other_categories;
  *(recent ? &f->n_recent : &f->n_baseline) += from->n_strings;
}

/* The text features of the baseline whose values were all strings in both windows, with
 * their categories from the inputs' roll-ups. A feature the baseline never had cannot be
 * compared with it. */
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
      Feature *f;

      if (!all_strings (b) || (r != NULL && (r->n_numbers > 0 || r->n_others > 0)))
        continue;
      f = g_new0 (Feature, 1);
      f->name = g_strdup (b->name);
      f->categories = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, category_free);
      g_hash_table_insert (features, f->name, f);
      add_categories (f, b, FALSE);
      if (r != NULL)
        add_categories (f, r, TRUE);
    }
}
static int
compare_features (gconstpointer a,
                  gconstpointer b)
{
  const Feature *x = *(Feature * const *) a, *y = *(Feature * const *) b;

  return strcmp (x->name, y->name);
}

/* The largest change first; among equal ones, by value, the other values last */
static int
compare_moves (gconstpointer a,
               gconstpointer b)
{
  const Category *x = *(Category * const *) a, *y = *(Category * const *) b;
  double dx = fabs (x->change), dy = fabs (y->change);

  if (dx != dy)
    return dx > dy ? -1 : 1;
  if (x->value == NULL || y->value == NULL)
    return (x->value == NULL) - (y->value == NULL);
  return strcmp (x->value, y->value);
}

/* A category as a description quotes it: any string a model logged, kept short */
static char *
category_name (const Category *c)
{
  g_autofree char *valid = NULL;

  if (c->value == NULL)
    return g_strdup ("other values");
  valid = g_utf8_make_valid (c->value, -1);
  if (g_utf8_strlen (valid, -1) <= MAX_NAME_CHARS)
    return g_strdup_printf ("'%s'", valid);
  return g_strdup_printf ("'%.*s…'", (int) (g_utf8_offset_to_pointer (valid, MAX_NAME_CHARS) - valid),
                          valid);
}

static void
append_move (GString        *out,
             const Category *c,
             const Feature  *f)
{
  g_autofree char *name = category_name (c);
  g_autofree char *from = vigil_check_format_percent ((double) c->baseline /
                                                      (double) f->n_baseline);
  g_autofree char *to = vigil_check_format_percent ((double) c->recent / (double) f->n_recent);

  g_string_append_printf (out, "%s from %s to %s", name, from, to);
}

/* "'crypto' (4.0%), 'boat' (1.0%)", the most frequent first, and how many more */
static void
append_unseen (GString   *out,
               GPtrArray *unseen,
               Feature   *f)
{
  for (guint i = 0; i < MIN (unseen->len, N_UNSEEN_NAMED); i++)
    {
      Category *c = unseen->pdata[i];
      g_autofree char *name = category_name (c);
      g_autofree char *share = vigil_check_format_percent ((double) c->recent /
                                                           (double) f->n_recent);

      g_string_append_printf (out, "%s%s (%s)", i > 0 ? ", " : "", name, share);
    }
  if (unseen->len > N_UNSEEN_NAMED)
    g_string_append_printf (out, " and %u more", unseen->len - N_UNSEEN_NAMED);
}

static int
compare_recent (gconstpointer a,
                gconstpointer b)
{
  const Category *x = *(Category * const *) a, *y = *(Category * const *) b;

  if (x->recent != y->recent)
    return x->recent > y->recent ? -1 : 1;
  return strcmp (x->value, y->value);
}

/* Tests one feature with enough values in both windows and adds its result. */
static void
evaluate (VigilCheckRun *ev,
          VigilCheck     check,
          Feature       *f,
          double         alpha)
{
  const VigilCheckPolicy *cp = &ev->policy->checks[check];
  g_autoptr(GPtrArray) cats = g_ptr_array_new ();
  g_autoptr(GPtrArray) unseen = g_ptr_array_new ();
  g_autofree gint64 *recent = NULL;
  g_autofree gint64 *baseline = NULL;
  g_autofree gboolean *pooled = NULL;
  g_autofree char *p_text = NULL;
  g_autoptr(GString) message = g_string_new (NULL);
  GHashTableIter iter;
  VigilCheckResult *r;
  Category *c, *top;
  double p, stat;
  int df;

  g_hash_table_iter_init (&iter, f->categories);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &c))
    {
      g_ptr_array_add (cats, c);
      if (c->baseline == 0 && c->recent > 0)
        g_ptr_array_add (unseen, c);
    }
  if (f->others.baseline + f->others.recent > 0)
    g_ptr_array_add (cats, &f->others);

  recent = g_new (gint64, cats->len);
  baseline = g_new (gint64, cats->len);
  pooled = g_new0 (gboolean, cats->len);
  for (guint i = 0; i < cats->len; i++)
    {
      c = cats->pdata[i];
      recent[i] = c->recent;
      baseline[i] = c->baseline;
      pooled[i] = c->value == NULL;
      c->change = (double) c->recent / (double) f->n_recent -
                  (double) c->baseline / (double) f->n_baseline;
    }
  p = vigil_stats_chi2_pooled (recent, baseline, cats->len, MIN_EXPECTED, pooled, &stat, &df);
  p_text = g_strdup_printf ("%.2g", p);

  g_ptr_array_sort (cats, compare_moves);
  g_ptr_array_sort (unseen, compare_recent);
  top = cats->pdata[0];

  r = vigil_check_run_add_result (ev, check);
  if (p < alpha && fabs (top->change) > cp->threshold)
    {
      g_string_printf (message, "%s: categorical input '%s' changed its mix (chi-square "
                       "p=%s): ", ev->title, f->name, p_text);
      for (guint i = 0; i < MIN (cats->len, N_MOVED_NAMED); i++)
        {
          c = cats->pdata[i];
          if (i > 0 && fabs (c->change) < 0.0005)
            break;
          if (i > 0)
            g_string_append (message, ", ");
          append_move (message, c, f);
        }
      if (unseen->len > 0)
        {
          g_string_append (message, "; unseen in the baseline: ");
          append_unseen (message, unseen, f);
        }
      vigil_check_result_set_outcome (r, VIGIL_OUTCOME_ALERTED, f->name, message->str);
    }
  else
    {
      g_autofree char *name = category_name (top);
      g_autofree char *from = vigil_check_format_percent ((double) top->baseline /
                                                          (double) f->n_baseline);
      g_autofree char *to = vigil_check_format_percent ((double) top->recent /
                                                        (double) f->n_recent);

      /* TRANSLATORS: a categorical input's outcome: its name, then the category that moved
       * most and its shares in the baseline and the recent window, then a p-value */
      g_string_printf (message, _("categorical input “%s”: the most moved, %s, went from %s "
                                  "to %s (chi-square p=%s)"), f->name, name, from, to, p_text);
      if (unseen->len > 0)
        {
          /* TRANSLATORS: followed by categories and their shares: 'crypto' (4.0%) */
          g_string_append (message, _("; unseen in the baseline: "));
          append_unseen (message, unseen, f);
        }
      vigil_check_result_set_outcome (r, VIGIL_OUTCOME_CLEAR, f->name, message->str);
    }
  vigil_check_result_set_evidence (r, (double) top->recent / (double) f->n_recent,
                                   (double) top->baseline / (double) f->n_baseline,
                                   cp->threshold, f->n_recent, f->n_baseline, p);
}

gboolean
vigil_detector_check_categorical_drift (VigilCheckRun  *ev,
                                        VigilCheck      check,
                                        GCancellable   *cancellable,
                                        GError        **error)
{
  const VigilCheckPolicy *cp = &ev->policy->checks[check];
  g_autoptr(GHashTable) features = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                          feature_free);
  g_autoptr(GPtrArray) tested = g_ptr_array_new ();
  VigilInputProfile *base, *recent;
  GHashTableIter iter;
  Feature *f;
  double alpha;

  if (!vigil_check_run_has_enough (ev, ev->recent.n, ev->baseline.n))
    {
      vigil_check_run_add_insufficient (ev, check, ev->recent.n, ev->baseline.n, _("decisions"));
      return TRUE;
    }

  if ((base = vigil_check_run_get_inputs (ev, FALSE, cancellable, error)) == NULL ||
      (recent = vigil_check_run_get_inputs (ev, TRUE, cancellable, error)) == NULL)
    return FALSE;
  fill_features (features, base, recent);

  g_hash_table_iter_init (&iter, features);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &f))
    if (vigil_check_run_has_enough (ev, f->n_recent, f->n_baseline))
      g_ptr_array_add (tested, f);
  g_ptr_array_sort (tested, compare_features);

  if (tested->len == 0)
    {
      VigilCheckResult *r = vigil_check_run_add_result (ev, check);

      vigil_check_result_set_outcome (r, VIGIL_OUTCOME_NOT_APPLICABLE, NULL,
                                      _("not applicable: no text input feature with enough "
                                        "values in both windows"));
      return TRUE;
    }

  /* Each feature is one more chance of a false alarm: the confidence level holds for the
   * model's categorical features together (Bonferroni), not for each one alone. */
  alpha = (1.0 - cp->confidence) / (double) tested->len;
  for (guint i = 0; i < tested->len; i++)
    evaluate (ev, check, tested->pdata[i], alpha);
  return TRUE;
}
