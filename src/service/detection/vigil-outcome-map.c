/* vigil-outcome-map.c: a model's own rules for which outcomes show a prediction right or wrong
 *
 * A policy's [model NAME] group may say, for each prediction, which outcomes show it right and
 * which wrong (outcomes.APPROVE.right = repaid, outcomes.APPROVE.wrong = default). A model with
 * such rules is judged by them alone: any other pair of prediction and outcome judges nothing.
 * Predictions and outcomes match with ASCII case aside, as the built-in rules do.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-policy"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "vigil-outcome-map.h"
#include "vigil-policy.h"

typedef struct
{
  char       *prediction;   /* as first written */
  GHashTable *verdicts;     /* outcome, lower case -> GINT_TO_POINTER (1 right, 2 wrong) */
  GPtrArray  *right;        /* outcomes as written, in order */
  GPtrArray  *wrong;
} Entry;

struct _VigilOutcomeMap
{
  gatomicrefcount  ref_count;
  GHashTable      *predictions;   /* prediction, lower case -> Entry */
};

static void
entry_free (gpointer data)
{
  Entry *e = data;

  g_free (e->prediction);
  g_hash_table_unref (e->verdicts);
  g_ptr_array_unref (e->right);
  g_ptr_array_unref (e->wrong);
  g_free (e);
}

/**
 * vigil_outcome_map_new:
 *
 * Returns: (transfer full): a mapping that judges nothing until outcomes are added
 */
VigilOutcomeMap *
vigil_outcome_map_new (void)
{
  VigilOutcomeMap *self = g_new0 (VigilOutcomeMap, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->predictions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, entry_free);
  return self;
}

VigilOutcomeMap *
vigil_outcome_map_ref (VigilOutcomeMap *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
vigil_outcome_map_unref (VigilOutcomeMap *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_hash_table_unref (self->predictions);
  g_free (self);
}

/* A label must read back from a key file list as itself */
static gboolean
check_label (const char  *label,
             const char  *what,
             GError     **error)
{
  gsize len = strlen (label);

  if (len == 0)
    {
      g_set_error (error, VIGIL_POLICY_ERROR, VIGIL_POLICY_ERROR_INVALID,
                   _("an empty %s; list each one by name"), what);
      return FALSE;
    }
  if (len > VIGIL_OUTCOME_MAP_MAX_LABEL)
    {
      g_set_error (error, VIGIL_POLICY_ERROR, VIGIL_POLICY_ERROR_INVALID,
                   _("the %s “%.32s…” is longer than %d bytes"), what, label,
                   VIGIL_OUTCOME_MAP_MAX_LABEL);
      return FALSE;
    }
  if (!g_utf8_validate (label, -1, NULL) || g_ascii_isspace (label[0]) ||
      g_ascii_isspace (label[len - 1]) || strpbrk (label, ";\\=[]") != NULL)
    goto bad;
  for (const char *p = label; *p; p++)
    if (g_ascii_iscntrl (*p))
      goto bad;
  return TRUE;

bad:
  g_set_error (error, VIGIL_POLICY_ERROR, VIGIL_POLICY_ERROR_INVALID,
               _("the %s “%s” cannot be mapped: it must be text without ; \\ = [ ], control "
                 "characters or spaces at either end"), what, label);
  return FALSE;
}

/**
 * vigil_outcome_map_add:
 * @prediction: a prediction of the model
 * @right: whether @outcome shows @prediction right (else wrong)
 * @outcome: an outcome
 *
 * Adds a rule. Refuses a label a policy file cannot hold, and an outcome that would show the
 * same prediction both right and wrong.
 */
gboolean
vigil_outcome_map_add (VigilOutcomeMap  *self,
                       const char       *prediction,
                       gboolean          right,
                       const char       *outcome,
                       GError          **error)
{
  g_autofree char *key = NULL;
  g_autofree char *folded = NULL;
  Entry *e;
  gpointer verdict;

  g_return_val_if_fail (self != NULL && prediction != NULL && outcome != NULL, FALSE);

  if (!check_label (prediction, _("prediction"), error) ||
      !check_label (outcome, _("outcome"), error))
    return FALSE;

  key = g_ascii_strdown (prediction, -1);
  e = g_hash_table_lookup (self->predictions, key);
  if (e == NULL)
    {
      e = g_new0 (Entry, 1);
      e->prediction = g_strdup (prediction);
      e->verdicts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      e->right = g_ptr_array_new_with_free_func (g_free);
      e->wrong = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (self->predictions, g_steal_pointer (&key), e);
    }

  folded = g_ascii_strdown (outcome, -1);
  verdict = g_hash_table_lookup (e->verdicts, folded);
  if (verdict == GINT_TO_POINTER (right ? 1 : 2))
    return TRUE;
  if (verdict != NULL)
    {
      g_set_error (error, VIGIL_POLICY_ERROR, VIGIL_POLICY_ERROR_INVALID,
                   _("the outcome “%s” is listed both as right and as wrong for the prediction "
                     "“%s”"), outcome, e->prediction);
      return FALSE;
    }
  g_hash_table_insert (e->verdicts, g_steal_pointer (&folded), GINT_TO_POINTER (right ? 1 : 2));
  g_ptr_array_add (right ? e->right : e->wrong, g_strdup (outcome));
  return TRUE;
}

/**
 * vigil_outcome_map_lookup:
 * @out_right: (out): whether @outcome shows @prediction right
 *
 * Returns: whether the mapping judges @prediction by @outcome at all
 */
gboolean
vigil_outcome_map_lookup (const VigilOutcomeMap *self,
                          const char            *prediction,
                          const char            *outcome,
                          gboolean              *out_right)
{
  char stack[64];
  g_autofree char *heap = NULL;
  const char *key;
  Entry *e;
  gpointer verdict;

  g_return_val_if_fail (self != NULL && prediction != NULL && outcome != NULL, FALSE);

  /* Called once per group of outcomes: fold without allocating for the usual short labels */
  if (strlen (prediction) < sizeof stack)
    {
      for (gsize i = 0; (stack[i] = g_ascii_tolower (prediction[i])) != '\0'; i++)
        ;
      key = stack;
    }
  else
    key = heap = g_ascii_strdown (prediction, -1);
  e = g_hash_table_lookup (self->predictions, key);
  if (e == NULL)
    return FALSE;

  g_clear_pointer (&heap, g_free);
  if (strlen (outcome) < sizeof stack)
    {
      for (gsize i = 0; (stack[i] = g_ascii_tolower (outcome[i])) != '\0'; i++)
        ;
      key = stack;
    }
  else
    key = heap = g_ascii_strdown (outcome, -1);
  verdict = g_hash_table_lookup (e->verdicts, key);
  if (verdict == NULL)
    return FALSE;
  *out_right = verdict == GINT_TO_POINTER (1);
  return TRUE;
}

/**
 * vigil_outcome_map_has_prediction:
 *
 * Returns: whether @label is a prediction the mapping has rules for
 */
gboolean
vigil_outcome_map_has_prediction (const VigilOutcomeMap *self,
                                  const char            *label)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (self != NULL && label != NULL, FALSE);
  key = g_ascii_strdown (label, -1);
  return g_hash_table_contains (self->predictions, key);
}

/**
 * vigil_outcome_map_equal:
 * @a: (nullable): a mapping, or %NULL for the built-in rules
 * @b: (nullable): another
 *
 * Returns: whether both judge every prediction and outcome alike
 */
gboolean
vigil_outcome_map_equal (const VigilOutcomeMap *a,
                         const VigilOutcomeMap *b)
{
  GHashTableIter iter, verdicts;
  const char *key;
  Entry *e;

  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL ||
      g_hash_table_size (a->predictions) != g_hash_table_size (b->predictions))
    return FALSE;
  g_hash_table_iter_init (&iter, a->predictions);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, (gpointer *) &e))
    {
      Entry *f = g_hash_table_lookup (b->predictions, key);
      const char *outcome;
      gpointer verdict;

      if (f == NULL || g_hash_table_size (e->verdicts) != g_hash_table_size (f->verdicts))
        return FALSE;
      g_hash_table_iter_init (&verdicts, e->verdicts);
      while (g_hash_table_iter_next (&verdicts, (gpointer *) &outcome, &verdict))
        if (g_hash_table_lookup (f->verdicts, outcome) != verdict)
          return FALSE;
    }
  return TRUE;
}

static void
put_list (GString    *out,
          const char *prediction,
          const char *which,
          GPtrArray  *outcomes)
{
  if (outcomes->len == 0)
    return;
  g_string_append_printf (out, "outcomes.%s.%s = ", prediction, which);
  for (guint i = 0; i < outcomes->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? ";" : "", (char *) outcomes->pdata[i]);
  g_string_append_c (out, '\n');
}

static int
compare_keys (const void *a,
              const void *b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * vigil_outcome_map_to_data:
 *
 * Appends the mapping as a policy group's keys, outcomes.PREDICTION.right and .wrong, the
 * predictions sorted.
 */
void
vigil_outcome_map_to_data (const VigilOutcomeMap *self,
                           GString               *out)
{
  g_autofree const char **keys = NULL;
  guint n;

  g_return_if_fail (self != NULL);

  keys = (const char **) g_hash_table_get_keys_as_array (self->predictions, &n);
  qsort (keys, n, sizeof (char *), compare_keys);
  for (guint i = 0; i < n; i++)
    {
      Entry *e = g_hash_table_lookup (self->predictions, keys[i]);

      put_list (out, e->prediction, "right", e->right);
      put_list (out, e->prediction, "wrong", e->wrong);
    }
}
