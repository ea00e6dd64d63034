/* vigil-performance.c: how right a model was, on the decisions whose outcome has arrived
 *
 * Outcomes arrive late (a loan defaults months after it was approved), and not for every
 * decision. The figures of a period are those of its decisions judged so far: an outcome
 * judges its prediction right, wrong, or not at all (vigil_outcome_judge()). Alongside: the
 * coverage (the share of decisions with an outcome) and the mean lag from decision to outcome,
 * without which a model's accuracy says little; and, for credit models, the approval rate and
 * the default rate among the approved.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-performance"

#include "config.h"

#include <math.h>
#include <string.h>

#include "vigil-json.h"
#include "vigil-performance.h"

/* Outcomes that say how a credit decision, or a trading signal, turned out */
static const char * const bad_credit[] = {
  "default", "defaulted", "charged_off", "charge_off", "chargeoff", "written_off", "write_off",
  "delinquent", "bad", NULL
};
static const char * const good_credit[] = {
  "repaid", "paid", "paid_off", "current", "performing", "good", NULL
};
static const char * const market_up[] = { "up", "rise", "rose", "gain", "profit", NULL };
static const char * const market_down[] = { "down", "fall", "fell", "loss", NULL };
static const char * const market_flat[] = { "flat", "unchanged", NULL };

static gboolean
in_list (const char         *word,
         const char * const *list)
{
  for (guint i = 0; list[i] != NULL; i++)
    if (g_ascii_strcasecmp (word, list[i]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
is_one_of (const char *prediction,
           const char *a,
           const char *b)
{
  return g_ascii_strcasecmp (prediction, a) == 0 || g_ascii_strcasecmp (prediction, b) == 0;
}

/**
 * vigil_outcome_judge:
 * @prediction: what the model decided
 * @outcome: what happened
 *
 * Whether @outcome shows @prediction right: the same label (case aside) is right (and, in
 * vigil_performance_compute(), another label the model predicts is wrong); for credit,
 * APPROVE is wrong when the loan defaulted ("default", "charged_off"…) and right when it was
 * repaid ("repaid", "current"…), DECLINE the other way round; for trading signals, BUY is right
 * when the price went "up", SELL when "down", HOLD when "flat".
 *
 * Returns: %VIGIL_JUDGEMENT_UNKNOWN when @outcome does not tell
 */
VigilJudgement
vigil_outcome_judge (const char *prediction,
                     const char *outcome)
{
  gboolean bad, good, up, down, flat;

  g_return_val_if_fail (prediction != NULL && outcome != NULL, VIGIL_JUDGEMENT_UNKNOWN);

  if (g_ascii_strcasecmp (prediction, outcome) == 0)
    return VIGIL_JUDGEMENT_RIGHT;

  bad = in_list (outcome, bad_credit);
  good = in_list (outcome, good_credit);
  if (is_one_of (prediction, "APPROVE", "APPROVED") && (bad || good))
    return good ? VIGIL_JUDGEMENT_RIGHT : VIGIL_JUDGEMENT_WRONG;
  if (is_one_of (prediction, "DECLINE", "DECLINED") && (bad || good))
    return bad ? VIGIL_JUDGEMENT_RIGHT : VIGIL_JUDGEMENT_WRONG;

  up = in_list (outcome, market_up);
  down = in_list (outcome, market_down);
  flat = in_list (outcome, market_flat);
  if (!(up || down || flat))
    return VIGIL_JUDGEMENT_UNKNOWN;
  if (g_ascii_strcasecmp (prediction, "BUY") == 0)
    return up ? VIGIL_JUDGEMENT_RIGHT : VIGIL_JUDGEMENT_WRONG;
  if (g_ascii_strcasecmp (prediction, "SELL") == 0)
    return down ? VIGIL_JUDGEMENT_RIGHT : VIGIL_JUDGEMENT_WRONG;
  if (g_ascii_strcasecmp (prediction, "HOLD") == 0)
    return flat ? VIGIL_JUDGEMENT_RIGHT : VIGIL_JUDGEMENT_WRONG;
  return VIGIL_JUDGEMENT_UNKNOWN;
}

/**
 * vigil_outcome_judge_among:
 * @prediction: what the model decided
 * @outcome: what happened
 * @labels: (element-type utf8 utf8) (nullable): the predictions the model made in the period,
 *   in upper case, as a set
 *
 * vigil_outcome_judge(), where an outcome that is another of the model's own labels shows the
 * prediction wrong: a trading signal's HOLD followed by an outcome of SELL.
 *
 * Returns: %VIGIL_JUDGEMENT_UNKNOWN when @outcome does not tell
 */
VigilJudgement
vigil_outcome_judge_among (const char *prediction,
                           const char *outcome,
                           GHashTable *labels)
{
  VigilJudgement judgement = vigil_outcome_judge (prediction, outcome);

  if (judgement == VIGIL_JUDGEMENT_UNKNOWN && labels != NULL)
    {
      g_autofree char *label = g_ascii_strup (outcome, -1);

      if (g_hash_table_contains (labels, label))
        judgement = VIGIL_JUDGEMENT_WRONG;
    }
  return judgement;
}

/**
 * vigil_outcome_judge_by:
 * @rules: (nullable): the model's own rules (its policy's outcomes.PREDICTION.right and
 *   .wrong), or %NULL for the built-in ones
 * @prediction: what the model decided
 * @outcome: what happened
 * @labels: (element-type utf8 utf8) (nullable): as for vigil_outcome_judge_among()
 *
 * Judges by @rules alone when the model has them (a prediction or outcome they do not name
 * judges nothing), else as vigil_outcome_judge_among() does.
 *
 * Returns: %VIGIL_JUDGEMENT_UNKNOWN when @outcome does not tell
 */
VigilJudgement
vigil_outcome_judge_by (const VigilOutcomeMap *rules,
                        const char            *prediction,
                        const char            *outcome,
                        GHashTable            *labels)
{
  gboolean right;

  g_return_val_if_fail (prediction != NULL && outcome != NULL, VIGIL_JUDGEMENT_UNKNOWN);

  if (rules == NULL)
    return vigil_outcome_judge_among (prediction, outcome, labels);
  if (!vigil_outcome_map_lookup (rules, prediction, outcome, &right))
    return VIGIL_JUDGEMENT_UNKNOWN;
  return right ? VIGIL_JUDGEMENT_RIGHT : VIGIL_JUDGEMENT_WRONG;
}

/* Whether @outcome is a word of the rules above rather than a label of the model's own */
static gboolean
is_rule_word (const char *outcome)
{
  return in_list (outcome, bad_credit) || in_list (outcome, good_credit) ||
         in_list (outcome, market_up) || in_list (outcome, market_down) ||
         in_list (outcome, market_flat);
}

/**
 * vigil_outcome_is_label:
 *
 * Returns: whether @outcome names a class as the predictions do (not "default" or "up"), so
 *   that a recall can be counted for it
 */
gboolean
vigil_outcome_is_label (const char *outcome)
{
  return outcome != NULL && !is_rule_word (outcome);
}

static VigilClassFigures *
find_class (VigilPerformance *self,
            const char       *label)
{
  VigilClassFigures *c;

  for (guint i = 0; i < self->classes->len; i++)
    {
      c = g_ptr_array_index (self->classes, i);
      if (g_ascii_strcasecmp (c->label, label) == 0)
        return c;
    }
  c = g_new0 (VigilClassFigures, 1);
  c->label = g_strdup (label);
  g_ptr_array_add (self->classes, c);
  return c;
}

static void
class_free (gpointer data)
{
  VigilClassFigures *c = data;

  g_free (c->label);
  g_free (c);
}

/* The predictions the model made in the period, upper-cased: an outcome that is one of them
 * names the class that was right */
typedef struct
{
  VigilPerformance      *figures;
  GHashTable            *labels;
  const VigilOutcomeMap *rules;
} Computing;

static void
add_prediction_count (const char *prediction,
                      gint64      n,
                      gpointer    data)
{
  Computing *computing = data;
  VigilPerformance *self = computing->figures;

  g_hash_table_add (computing->labels, g_ascii_strup (prediction, -1));
  self->decisions += n;
  if (is_one_of (prediction, "APPROVE", "APPROVED"))
    self->approved += n;
}

static void
add_outcome_group (const char *prediction,
                   const char *outcome,
                   const char *decision_day,
                   gint64      n,
                   gint64      lag_days,
                   gpointer    data)
{
  Computing *computing = data;
  VigilPerformance *self = computing->figures;
  VigilJudgement judgement = vigil_outcome_judge_by (computing->rules, prediction, outcome,
                                                     computing->labels);
  gboolean is_label;

  self->with_outcome += n;
  self->lag_days_sum += (double) lag_days;
  if (judgement == VIGIL_JUDGEMENT_UNKNOWN)
    return;

  self->judged += n;
  if (judgement == VIGIL_JUDGEMENT_RIGHT)
    self->right += n;
  if (is_one_of (prediction, "APPROVE", "APPROVED"))
    {
      self->approved_judged += n;
      /* A model's own rules say what a bad loan is: an approval they judge wrong */
      if (computing->rules != NULL ? judgement == VIGIL_JUDGEMENT_WRONG
                                   : in_list (outcome, bad_credit))
        self->approved_bad += n;
    }

  {
    VigilClassFigures *predicted = find_class (self, prediction);

    predicted->predicted += n;
    if (judgement == VIGIL_JUDGEMENT_RIGHT)
      predicted->predicted_right += n;
  }
  if (computing->rules != NULL)
    {
      g_autofree char *label = g_ascii_strup (outcome, -1);

      is_label = g_hash_table_contains (computing->labels, label) ||
                 vigil_outcome_map_has_prediction (computing->rules, outcome);
    }
  else
    is_label = vigil_outcome_is_label (outcome);
  if (is_label)
    {
      VigilClassFigures *actual = find_class (self, outcome);

      actual->actual += n;
      if (judgement == VIGIL_JUDGEMENT_RIGHT)
        actual->actual_right += n;
    }
}

static int
compare_classes (gconstpointer a,
                 gconstpointer b)
{
  const VigilClassFigures *ca = *(VigilClassFigures * const *) a;
  const VigilClassFigures *cb = *(VigilClassFigures * const *) b;

  return strcmp (ca->label, cb->label);
}

/**
 * vigil_performance_compute:
 * @model_name: the model
 * @from: the first instant of its decisions (normalized)
 * @to: the instant after the last (normalized)
 * @known_before: (nullable): count only the outcomes known before this instant (as a check run
 *   as of an earlier day saw them); all when %NULL
 * @rules: (nullable): the model's own rules for judging outcomes (its policy's), or %NULL for
 *   the built-in ones (vigil_outcome_judge_by())
 *
 * Returns: (transfer full): the figures of @model_name's decisions in [@from, @to), or %NULL
 *   with @error
 */
VigilPerformance *
vigil_performance_compute (VigilStore             *store,
                           const char             *model_name,
                           const char             *from,
                           const char             *to,
                           const char             *known_before,
                           const VigilOutcomeMap  *rules,
                           GError                **error)
{
  return vigil_performance_compute_in_segment (store, model_name, NULL, NULL, from, to,
                                               known_before, rules, error);
}

/**
 * vigil_performance_compute_in_segment:
 * @segment_by: (nullable): a context field (vigil_segment_field())
 * @segment: (nullable): its value: the figures of the decisions that have it
 *
 * As vigil_performance_compute(), for one segment of the model's decisions.
 */
VigilPerformance *
vigil_performance_compute_in_segment (VigilStore             *store,
                                      const char             *model_name,
                                      const char             *segment_by,
                                      const char             *segment,
                                      const char             *from,
                                      const char             *to,
                                      const char             *known_before,
                                      const VigilOutcomeMap  *rules,
                                      GError                **error)
{
  g_autoptr(VigilPerformance) self = g_new0 (VigilPerformance, 1);
  g_autoptr(GHashTable) labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Computing computing = { self, labels, rules };

  g_return_val_if_fail (VIGIL_IS_STORE (store), NULL);

  self->classes = g_ptr_array_new_with_free_func (class_free);
  if (!vigil_store_foreach_prediction_count (store, model_name, segment_by, segment, from, to,
                                             add_prediction_count, &computing, error) ||
      !vigil_store_foreach_outcome_group (store, model_name, segment_by, segment, from, to,
                                          known_before, add_outcome_group, &computing, error))
    return NULL;
  g_ptr_array_sort (self->classes, compare_classes);
  return g_steal_pointer (&self);
}

/* The share of the judged decisions that were right; NAN when none was judged */
double
vigil_performance_accuracy (const VigilPerformance *self)
{
  return self->judged > 0 ? (double) self->right / (double) self->judged : NAN;
}

/* The share of the period's decisions whose outcome has arrived; NAN when there were none */
double
vigil_performance_coverage (const VigilPerformance *self)
{
  return self->decisions > 0 ? (double) self->with_outcome / (double) self->decisions : NAN;
}

/* The mean days from a decision to its outcome; NAN when no outcome arrived */
double
vigil_performance_mean_lag (const VigilPerformance *self)
{
  return self->with_outcome > 0 ? self->lag_days_sum / (double) self->with_outcome : NAN;
}

/* Whether the model approves or declines: a credit model */
gboolean
vigil_performance_is_credit (const VigilPerformance *self)
{
  return self->approved > 0;
}

/* The share of the period's decisions that approved */
double
vigil_performance_approval_rate (const VigilPerformance *self)
{
  return self->decisions > 0 ? (double) self->approved / (double) self->decisions : NAN;
}

/* The share of the approved decisions with a telling outcome that defaulted */
double
vigil_performance_default_rate (const VigilPerformance *self)
{
  return self->approved_judged > 0 ? (double) self->approved_bad / (double) self->approved_judged
                                   : NAN;
}

void
vigil_performance_free (VigilPerformance *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->classes, g_ptr_array_unref);
  g_free (self);
}

/**
 * vigil_performance_to_json:
 * @model_name: the model the figures are of
 *
 * Appends the figures as one JSON object: counts, accuracy, coverage, mean lag, the credit
 * rates when the model approves, and each class's precision and recall (null where nothing
 * was judged).
 */
void
vigil_performance_to_json (const VigilPerformance *self,
                           const char             *model_name,
                           GString                *out)
{
  g_string_append_c (out, '{');
  vigil_json_member_string (out, "model_name", model_name);
  vigil_json_member_int (out, "decisions", self->decisions);
  vigil_json_member_int (out, "with_outcome", self->with_outcome);
  vigil_json_member_double (out, "outcome_coverage", vigil_performance_coverage (self));
  vigil_json_member_double (out, "mean_outcome_lag_days", vigil_performance_mean_lag (self));
  vigil_json_member_int (out, "judged", self->judged);
  vigil_json_member_int (out, "right", self->right);
  vigil_json_member_double (out, "accuracy", vigil_performance_accuracy (self));
  if (vigil_performance_is_credit (self))
    {
      vigil_json_member_double (out, "approval_rate", vigil_performance_approval_rate (self));
      vigil_json_member_int (out, "approved_judged", self->approved_judged);
      vigil_json_member_double (out, "default_rate_approved",
                                vigil_performance_default_rate (self));
    }
  vigil_json_key (out, "classes");
  g_string_append_c (out, '[');
  for (guint i = 0; i < self->classes->len; i++)
    {
      const VigilClassFigures *c = g_ptr_array_index (self->classes, i);

      vigil_json_item (out);
      g_string_append_c (out, '{');
      vigil_json_member_string (out, "label", c->label);
      vigil_json_member_int (out, "predicted", c->predicted);
      vigil_json_member_double (out, "precision", c->predicted > 0
                                ? (double) c->predicted_right / (double) c->predicted : NAN);
      vigil_json_member_int (out, "actual", c->actual);
      vigil_json_member_double (out, "recall", c->actual > 0
                                ? (double) c->actual_right / (double) c->actual : NAN);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}");
}
