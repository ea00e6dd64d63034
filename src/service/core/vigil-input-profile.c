/* vigil-input-profile.c: what some decisions' inputs held, feature by feature
 *
 * A profile is what the checks on inputs (feature drift, categorical drift, data quality)
 * need of a window, and what the daily roll-ups keep of a model's day: per feature, how many
 * decisions carry it, its numbers in fixed bins with their range, and its strings by value.
 * Profiles add up, so a window's is the sum of its days'.
 *
 * The numeric bins are the same for every feature and every model, fixed once and for all:
 * bin k holds the magnitudes in [g^j, g^(j+1)) for g = VIGIL_INPUT_BIN_GROWTH, on either side
 * of zero, and bin 0 the values within 1e-12 of it. A bin is thus 1% wide whatever a feature's
 * scale, a day's bins can be stored before any baseline exists, and bins order as their values
 * do. The checks merge them into their own coarser bins (feature drift's at the baseline's
 * quantiles), whose edges then fall within 1% of where the raw values would put them. (At 5%,
 * a FICO score's deciles, some 25 points apart, would move by up to 40.)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "vigil-input-profile.h"
#include "vigil-json-parser.h"

#define TINY        1e-12
#define BIN_OFFSET  3000   /* -log(TINY) / log(g) is 2777: every bin past zero is at least 1 */

/* vigil_input_bin:
 *
 * Returns: the fixed bin of @value: 0 for (nearly) zero, positive above it, negative below,
 *   ordered as the values are
 */
int
vigil_input_bin (double value)
{
  double magnitude = fabs (value);
  double k;

  if (!(magnitude >= TINY))
    return 0;
  if (isinf (magnitude))
    magnitude = G_MAXDOUBLE;
  k = floor (log (magnitude) / log (VIGIL_INPUT_BIN_GROWTH)) + BIN_OFFSET + 1;
  k = MAX (k, 1.0);
  return value < 0 ? -(int) k : (int) k;
}

/* vigil_input_bin_lower:
 *
 * Returns: the least value @bin holds (nearly: the bins' edges are rounded as log() rounds)
 */
double
vigil_input_bin_lower (int bin)
{
  if (bin == 0)
    return -TINY;
  if (bin > 0)
    return pow (VIGIL_INPUT_BIN_GROWTH, (double) (bin - BIN_OFFSET - 1));
  return -pow (VIGIL_INPUT_BIN_GROWTH, (double) (-bin - BIN_OFFSET));
}

static void
feature_free (gpointer data)
{
  VigilInputFeature *f = data;

  g_free (f->name);
  g_hash_table_unref (f->bins);
  g_hash_table_unref (f->categories);
  g_free (f);
}

VigilInputProfile *
vigil_input_profile_new (void)
{
  VigilInputProfile *self = g_new0 (VigilInputProfile, 1);

  self->features = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, feature_free);
  return self;
}

void
vigil_input_profile_free (VigilInputProfile *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->features);
  g_free (self);
}

/**
 * vigil_input_profile_get_feature:
 * @create: whether to add the feature when the profile lacks it (and has room)
 *
 * Returns: (transfer none) (nullable): the feature named @name
 */
VigilInputFeature *
vigil_input_profile_get_feature (VigilInputProfile *self,
                                 const char        *name,
                                 gboolean           create)
{
  VigilInputFeature *f = g_hash_table_lookup (self->features, name);

  if (f != NULL || !create || g_hash_table_size (self->features) >= VIGIL_INPUT_MAX_FEATURES)
    return f;
  f = g_new0 (VigilInputFeature, 1);
  f->name = g_strdup (name);
  f->bins = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  f->categories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_insert (self->features, f->name, f);
  return f;
}

static void
add_count (GHashTable *table,
           gpointer    key,
           gboolean    copy_key,
           gint64      n)
{
  gint64 *count = g_hash_table_lookup (table, key);

  if (count == NULL)
    {
      if (n <= 0)
        return;
      count = g_new0 (gint64, 1);
      g_hash_table_insert (table, copy_key ? g_strdup (key) : key, count);
    }
  *count += n;
  if (*count <= 0)
    g_hash_table_remove (table, key);
}

void
vigil_input_feature_add_bin (VigilInputFeature *f,
                             int                bin,
                             gint64             n)
{
  add_count (f->bins, GINT_TO_POINTER (bin), FALSE, n);
}

/* Returns: %FALSE when the feature had as many categories as it keeps, and counted @value
 *   with the other values */
gboolean
vigil_input_feature_add_category (VigilInputFeature *f,
                                  const char        *value,
                                  gint64             n)
{
  if (g_hash_table_lookup (f->categories, value) == NULL && n > 0 &&
      g_hash_table_size (f->categories) >= VIGIL_INPUT_MAX_CATEGORIES)
    {
      f->n_other_categories += n;
      return FALSE;
    }
  add_count (f->categories, (gpointer) value, TRUE, n);
  return TRUE;
}

/* Widens the feature's range to take [@min, @max], of which @n_at_min values are @min and
 * @n_at_max are @max */
void
vigil_input_feature_add_range (VigilInputFeature *f,
                               double             min,
                               gint64             n_at_min,
                               double             max,
                               gint64             n_at_max)
{
  gboolean first = f->n_at_min == 0 && f->n_at_max == 0;

  if (first || min < f->min)
    {
      f->min = min;
      f->n_at_min = n_at_min;
    }
  else if (min == f->min)
    f->n_at_min += n_at_min;
  if (first || max > f->max)
    {
      f->max = max;
      f->n_at_max = n_at_max;
    }
  else if (max == f->max)
    f->n_at_max += n_at_max;
}

typedef struct
{
  VigilInputProfile *profile;
  guint              members;
} DecisionPass;

static void
on_member (const char *key,
           double      number,
           gboolean    is_number,
           const char *string,
           gpointer    data)
{
  DecisionPass *pass = data;
  VigilInputFeature *f;

  pass->members++;
  f = vigil_input_profile_get_feature (pass->profile, key, TRUE);
  if (f == NULL)
    return;
  /* A key repeated in one object counts once as present, and each of its values */
  if (f->last_decision != pass->profile->n)
    {
      f->last_decision = pass->profile->n;
      f->n_present++;
    }
  if (is_number && isfinite (number))
    {
      f->n_numbers++;
      vigil_input_feature_add_bin (f, vigil_input_bin (number), 1);
      vigil_input_feature_add_range (f, number, 1, number, 1);
    }
  else if (string != NULL)
    {
      f->n_strings++;
      vigil_input_feature_add_category (f, string, 1);
    }
  else
    f->n_others++;
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/**
 * vigil_input_profile_add_decision:
 * @input_features: (nullable): the decision's input_features, a JSON object's text
 * @explanation: (nullable): its explanation
 *
 * Counts one decision. Inputs that are not a JSON object count as none.
 */
void
vigil_input_profile_add_decision (VigilInputProfile *self,
                                  const char        *input_features,
                                  gsize              len,
                                  gboolean           has_confidence,
                                  const char        *explanation)
{
  DecisionPass pass = { self, 0 };

  self->n++;
  if (input_features != NULL)
    vigil_json_foreach_member (input_features, len, on_member, &pass);
  self->n_empty += pass.members == 0;
  self->n_no_confidence += !has_confidence;
  self->n_no_explanation += is_blank (explanation);
}

static void
combine (VigilInputProfile       *self,
         const VigilInputProfile *other,
         int                      sign)
{
  GHashTableIter iter;
  VigilInputFeature *o;

  self->n += sign * other->n;
  self->n_empty += sign * other->n_empty;
  self->n_no_confidence += sign * other->n_no_confidence;
  self->n_no_explanation += sign * other->n_no_explanation;

  g_hash_table_iter_init (&iter, other->features);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &o))
    {
      VigilInputFeature *f = vigil_input_profile_get_feature (self, o->name, sign > 0);
      GHashTableIter values;
      gpointer key;
      gint64 *n;

      if (f == NULL)
        continue;
      f->n_present += sign * o->n_present;
      f->n_numbers += sign * o->n_numbers;
      f->n_strings += sign * o->n_strings;
      f->n_others += sign * o->n_others;
      f->n_other_categories += sign * o->n_other_categories;
      g_hash_table_iter_init (&values, o->bins);
      while (g_hash_table_iter_next (&values, &key, (gpointer *) &n))
        vigil_input_feature_add_bin (f, GPOINTER_TO_INT (key), sign * *n);
      g_hash_table_iter_init (&values, o->categories);
      while (g_hash_table_iter_next (&values, &key, (gpointer *) &n))
        vigil_input_feature_add_category (f, key, sign * *n);
      if (sign > 0 && o->n_numbers > 0)
        vigil_input_feature_add_range (f, o->min, o->n_at_min, o->max, o->n_at_max);
    }
}

/* Adds @other's decisions to @self's */
void
vigil_input_profile_merge (VigilInputProfile       *self,
                           const VigilInputProfile *other)
{
  combine (self, other, 1);
}

/* The least and greatest bins that hold a value */
static void
bin_span (const VigilInputFeature *f,
          int                     *lowest,
          int                     *highest)
{
  GHashTableIter iter;
  gpointer key;

  *lowest = G_MAXINT;
  *highest = G_MININT;
  g_hash_table_iter_init (&iter, f->bins);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      *lowest = MIN (*lowest, GPOINTER_TO_INT (key));
      *highest = MAX (*highest, GPOINTER_TO_INT (key));
    }
}

/**
 * vigil_input_profile_subtract:
 *
 * Takes @other's decisions, which @self counted, out of @self. Counts come out exactly. A
 * range cannot shrink exactly: when every value at an extreme was @other's, the extreme
 * becomes the edge of the furthest bin still holding a value, as if one value were there.
 */
void
vigil_input_profile_subtract (VigilInputProfile       *self,
                              const VigilInputProfile *other)
{
  GHashTableIter iter;
  VigilInputFeature *o;

  combine (self, other, -1);
  g_hash_table_iter_init (&iter, other->features);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &o))
    {
      VigilInputFeature *f = g_hash_table_lookup (self->features, o->name);
      int lowest, highest;

      if (f == NULL || o->n_numbers == 0)
        continue;
      if (f->n_numbers <= 0)
        {
          f->n_at_min = f->n_at_max = 0;
          continue;
        }
      if (o->min == f->min)
        f->n_at_min -= o->n_at_min;
      if (o->max == f->max)
        f->n_at_max -= o->n_at_max;
      bin_span (f, &lowest, &highest);
      if (f->n_at_min <= 0 && lowest != G_MAXINT)
        {
          f->min = MAX (f->min, vigil_input_bin_lower (lowest));
          f->n_at_min = 1;
        }
      if (f->n_at_max <= 0 && highest != G_MININT)
        {
          f->max = MIN (f->max, highest == G_MAXINT ? f->max : vigil_input_bin_lower (highest + 1));
          f->n_at_max = 1;
        }
    }
}

/**
 * vigil_input_feature_count_outside:
 *
 * How many of the feature's numbers fall outside [@min, @max]: exactly when none does or when
 * those outside are in other bins than @min's and @max's; else at least the values at the
 * feature's own extreme (a bin's values are not told apart).
 */
gint64
vigil_input_feature_count_outside (const VigilInputFeature *f,
                                   double                   min,
                                   double                   max)
{
  int min_bin = vigil_input_bin (min), max_bin = vigil_input_bin (max);
  gint64 below = 0, above = 0;
  GHashTableIter iter;
  gpointer key;
  gint64 *n;

  if (f->n_numbers <= 0)
    return 0;
  g_hash_table_iter_init (&iter, f->bins);
  while (g_hash_table_iter_next (&iter, &key, (gpointer *) &n))
    {
      int bin = GPOINTER_TO_INT (key);

      if (bin < min_bin)
        below += *n;
      else if (bin > max_bin)
        above += *n;
    }
  if (f->min >= min)
    below = 0;
  else if (below == 0)
    below = f->n_at_min;
  if (f->max <= max)
    above = 0;
  else if (above == 0)
    above = f->n_at_max;
  return below + above;
}

static int
compare_bins (gconstpointer a,
              gconstpointer b)
{
  const VigilInputBin *x = a, *y = b;

  return (x->bin > y->bin) - (x->bin < y->bin);
}

/**
 * vigil_input_feature_sorted_bins:
 *
 * Returns: (transfer full) (element-type VigilInputBin): the feature's bins that hold a value,
 *   in the order of their values
 */
GArray *
vigil_input_feature_sorted_bins (const VigilInputFeature *f)
{
  GArray *out = g_array_sized_new (FALSE, FALSE, sizeof (VigilInputBin),
                                   g_hash_table_size (f->bins));
  GHashTableIter iter;
  gpointer key;
  gint64 *n;

  g_hash_table_iter_init (&iter, f->bins);
  while (g_hash_table_iter_next (&iter, &key, (gpointer *) &n))
    {
      VigilInputBin b = { GPOINTER_TO_INT (key), *n };

      g_array_append_val (out, b);
    }
  g_array_sort (out, compare_bins);
  return out;
}

static int
compare_features (gconstpointer a,
                  gconstpointer b)
{
  const VigilInputFeature *x = *(VigilInputFeature * const *) a;
  const VigilInputFeature *y = *(VigilInputFeature * const *) b;

  return strcmp (x->name, y->name);
}

/**
 * vigil_input_profile_sorted:
 *
 * Returns: (transfer container) (element-type VigilInputFeature): the features by name
 */
GPtrArray *
vigil_input_profile_sorted (VigilInputProfile *self)
{
  GPtrArray *out = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer f;

  g_hash_table_iter_init (&iter, self->features);
  while (g_hash_table_iter_next (&iter, NULL, &f))
    g_ptr_array_add (out, f);
  g_ptr_array_sort (out, compare_features);
  return out;
}

static gboolean
same_range (const VigilInputFeature *a,
            const VigilInputFeature *b)
{
  if (a->n_numbers <= 0 || b->n_numbers <= 0)
    return a->n_numbers == b->n_numbers;
  return a->min == b->min && a->max == b->max && a->n_at_min == b->n_at_min &&
         a->n_at_max == b->n_at_max;
}

static void
diff_counts (GHashTable         *stored,
             GHashTable         *computed,
             gboolean            bins,
             const char         *feature,
             VigilInputDiffFunc  func,
             gpointer            data)
{
  GHashTableIter iter;
  gpointer key;
  gint64 *n;

  g_hash_table_iter_init (&iter, stored);
  while (g_hash_table_iter_next (&iter, &key, (gpointer *) &n))
    {
      gint64 *m = g_hash_table_lookup (computed, key);
      g_autofree char *label = bins ? g_strdup_printf ("%s bin %d", feature, GPOINTER_TO_INT (key))
                                    : g_strdup_printf ("%s “%s”", feature, (char *) key);

      if (m == NULL || *m != *n)
        func (bins ? "daily_feature_bins" : "daily_feature_categories", label, *n, m ? *m : 0,
              data);
    }
  g_hash_table_iter_init (&iter, computed);
  while (g_hash_table_iter_next (&iter, &key, (gpointer *) &n))
    if (g_hash_table_lookup (stored, key) == NULL)
      {
        g_autofree char *label = bins ? g_strdup_printf ("%s bin %d", feature,
                                                         GPOINTER_TO_INT (key))
                                      : g_strdup_printf ("%s “%s”", feature, (char *) key);

        func (bins ? "daily_feature_bins" : "daily_feature_categories", label, 0, *n, data);
      }
}

/**
 * vigil_input_profile_diff:
 * @stored: a day's profile as the roll-ups hold it
 * @computed: the same day's, counted again from its decisions
 * @func: (scope call): called for each count that differs
 *
 * Compares the two. Which features and categories a full day keeps depends on the order the
 * decisions arrived in; where either profile is full, only what does not depend on it is
 * compared: every feature both hold, and the number of strings each feature holds.
 */
void
vigil_input_profile_diff (const VigilInputProfile *stored,
                          const VigilInputProfile *computed,
                          VigilInputDiffFunc       func,
                          gpointer                 data)
{
  gboolean full = g_hash_table_size (stored->features) >= VIGIL_INPUT_MAX_FEATURES ||
                  g_hash_table_size (computed->features) >= VIGIL_INPUT_MAX_FEATURES;
  static const char *names[] = { "decisions", "without inputs", "without a confidence",
                                 "without an explanation" };
  gint64 a[] = { stored->n, stored->n_empty, stored->n_no_confidence, stored->n_no_explanation };
  gint64 b[] = { computed->n, computed->n_empty, computed->n_no_confidence,
                 computed->n_no_explanation };
  GHashTableIter iter;
  VigilInputFeature *s, *c;

  for (guint i = 0; i < G_N_ELEMENTS (a); i++)
    if (a[i] != b[i])
      func ("daily_inputs", names[i], a[i], b[i], data);

  g_hash_table_iter_init (&iter, stored->features);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &s))
    {
      gboolean categories_full;

      c = g_hash_table_lookup (computed->features, s->name);
      if (c == NULL)
        {
          if (!full)
            func ("daily_features", s->name, s->n_present, 0, data);
          continue;
        }
      if (s->n_present != c->n_present || s->n_numbers != c->n_numbers ||
          s->n_strings != c->n_strings || s->n_others != c->n_others)
        func ("daily_features", s->name, s->n_present, c->n_present, data);
      else if (!same_range (s, c))
        {
          g_autofree char *label = g_strdup_printf ("%s range [%g, %g]", s->name, s->min,
                                                    s->max);

          func ("daily_features", label, s->n_numbers, c->n_numbers, data);
        }
      diff_counts (s->bins, c->bins, TRUE, s->name, func, data);
      categories_full = g_hash_table_size (s->categories) >= VIGIL_INPUT_MAX_CATEGORIES ||
                        g_hash_table_size (c->categories) >= VIGIL_INPUT_MAX_CATEGORIES;
      if (!categories_full)
        diff_counts (s->categories, c->categories, FALSE, s->name, func, data);
    }
  if (full)
    return;
  g_hash_table_iter_init (&iter, computed->features);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &c))
    if (g_hash_table_lookup (stored->features, c->name) == NULL)
      func ("daily_features", c->name, 0, c->n_present, data);
}
