/* vigil-input-profile.h: what some decisions' inputs held, feature by feature
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* At most this many features a profile, and categories a feature; the rest are left out (a
 * feature) or counted together (a category). */
#define VIGIL_INPUT_MAX_FEATURES   64
#define VIGIL_INPUT_MAX_CATEGORIES 64

/* One feature's values: numbers in fixed bins of relative width VIGIL_INPUT_BIN_GROWTH - 1,
 * strings by value */
typedef struct
{
  char       *name;
  gint64      n_present;            /* decisions that carry it */
  gint64      n_numbers;            /* finite numeric values */
  gint64      n_strings;
  gint64      n_others;             /* null, true, false, arrays, objects */
  double      min, max;             /* of the numbers, when n_numbers > 0 */
  gint64      n_at_min, n_at_max;
  GHashTable *bins;                 /* gint64 *count by GINT_TO_POINTER (bin) */
  GHashTable *categories;           /* gint64 *count by value */
  gint64      n_other_categories;   /* strings past VIGIL_INPUT_MAX_CATEGORIES */
  gint64      last_decision;        /* the decision it was last counted present in */
} VigilInputFeature;

/* One numeric bin that holds values */
typedef struct
{
  int    bin;
  gint64 n;
} VigilInputBin;

typedef struct
{
  gint64      n;                    /* decisions */
  gint64      n_empty;              /* without any input feature */
  gint64      n_no_confidence;
  gint64      n_no_explanation;
  GHashTable *features;             /* of VigilInputFeature, by name */
} VigilInputProfile;

#define VIGIL_INPUT_BIN_GROWTH 1.01

/* One count of a roll-up that differs from the decisions': @what names it within its day */
typedef void (*VigilInputDiffFunc) (const char *table,
                                    const char *what,
                                    gint64      stored,
                                    gint64      computed,
                                    gpointer    user_data);

VigilInputProfile *vigil_input_profile_new          (void);
void               vigil_input_profile_free         (VigilInputProfile       *self);
void               vigil_input_profile_add_decision (VigilInputProfile       *self,
                                                     const char              *input_features,
                                                     gsize                    len,
                                                     gboolean                 has_confidence,
                                                     const char              *explanation);
void               vigil_input_profile_merge        (VigilInputProfile       *self,
                                                     const VigilInputProfile *other);
void               vigil_input_profile_subtract     (VigilInputProfile       *self,
                                                     const VigilInputProfile *other);
VigilInputFeature *vigil_input_profile_get_feature  (VigilInputProfile       *self,
                                                     const char              *name,
                                                     gboolean                 create);
GPtrArray         *vigil_input_profile_sorted       (VigilInputProfile       *self);
void               vigil_input_profile_diff         (const VigilInputProfile *stored,
                                                     const VigilInputProfile *computed,
                                                     VigilInputDiffFunc       func,
                                                     gpointer                 user_data);

void               vigil_input_feature_add_bin      (VigilInputFeature       *feature,
                                                     int                      bin,
                                                     gint64                   n);
gboolean           vigil_input_feature_add_category (VigilInputFeature       *feature,
                                                     const char              *value,
                                                     gint64                   n);
void               vigil_input_feature_add_range    (VigilInputFeature       *feature,
                                                     double                   min,
                                                     gint64                   n_at_min,
                                                     double                   max,
                                                     gint64                   n_at_max);
gint64             vigil_input_feature_count_outside (const VigilInputFeature *feature,
                                                      double                   min,
                                                      double                   max);
GArray            *vigil_input_feature_sorted_bins  (const VigilInputFeature *feature);

int                vigil_input_bin                  (double                   value);
double             vigil_input_bin_lower            (int                      bin);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilInputProfile, vigil_input_profile_free)

G_END_DECLS
