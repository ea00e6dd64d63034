/* test-performance.c: how an outcome judges the decision it follows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "vigil-performance.h"
#include "vigil-policy.h"

static void
test_judge (void)
{
  static const struct
  {
    const char     *prediction;
    const char     *outcome;
    VigilJudgement  expected;
  } cases[] = {
    /* The same label, case aside */
    { "BUY", "BUY", VIGIL_JUDGEMENT_RIGHT },
    { "approve", "APPROVE", VIGIL_JUDGEMENT_RIGHT },
    /* Credit: a loan repaid or defaulted */
    { "APPROVE", "repaid", VIGIL_JUDGEMENT_RIGHT },
    { "APPROVE", "Charged_Off", VIGIL_JUDGEMENT_WRONG },
    { "APPROVE", "default", VIGIL_JUDGEMENT_WRONG },
    { "DECLINE", "default", VIGIL_JUDGEMENT_RIGHT },
    { "DECLINE", "current", VIGIL_JUDGEMENT_WRONG },
    /* Trading: where the price went */
    { "BUY", "up", VIGIL_JUDGEMENT_RIGHT },
    { "BUY", "down", VIGIL_JUDGEMENT_WRONG },
    { "SELL", "down", VIGIL_JUDGEMENT_RIGHT },
    { "SELL", "gain", VIGIL_JUDGEMENT_WRONG },
    { "HOLD", "flat", VIGIL_JUDGEMENT_RIGHT },
    { "HOLD", "up", VIGIL_JUDGEMENT_WRONG },
    /* Outcomes that do not tell */
    { "APPROVE", "withdrawn", VIGIL_JUDGEMENT_UNKNOWN },
    { "REFER", "default", VIGIL_JUDGEMENT_UNKNOWN },
    { "BUY", "SELL", VIGIL_JUDGEMENT_UNKNOWN },   /* wrong only among the model's own labels */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      VigilJudgement judged = vigil_outcome_judge (cases[i].prediction, cases[i].outcome);

      if (judged != cases[i].expected)
        g_error ("%s then %s: judged %d, not %d", cases[i].prediction, cases[i].outcome, judged,
                 cases[i].expected);
    }
  g_assert_true (vigil_outcome_is_label ("SELL"));
  g_assert_false (vigil_outcome_is_label ("defaulted"));
}

/* A model's own rules decide alone; another model keeps the built-in ones */
static void
test_judge_by_policy (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilPolicy) policy = vigil_policy_new_from_data (
    "[model Credit]\n"
    "outcomes.APPROVE.right = repaid; Withdrawn\n"
    "outcomes.APPROVE.wrong = default;\n"
    "outcomes.decline.right = default\n",
    "policy.ini", &error);
  const VigilOutcomeMap *rules;
  g_autoptr(VigilPolicy) copy = NULL;
  g_autoptr(VigilPolicy) reread = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  rules = vigil_policy_for_model (policy, "Credit")->outcomes;
  g_assert_nonnull (rules);
  g_assert_null (vigil_policy_for_model (policy, "Other")->outcomes);

  g_assert_cmpint (vigil_outcome_judge_by (rules, "approve", "WITHDRAWN", NULL), ==,
                   VIGIL_JUDGEMENT_RIGHT);
  g_assert_cmpint (vigil_outcome_judge_by (rules, "APPROVE", "default", NULL), ==,
                   VIGIL_JUDGEMENT_WRONG);
  g_assert_cmpint (vigil_outcome_judge_by (rules, "DECLINE", "default", NULL), ==,
                   VIGIL_JUDGEMENT_RIGHT);
  /* Not named: nothing judged, though the built-in rules would judge these */
  g_assert_cmpint (vigil_outcome_judge_by (rules, "DECLINE", "repaid", NULL), ==,
                   VIGIL_JUDGEMENT_UNKNOWN);
  g_assert_cmpint (vigil_outcome_judge_by (rules, "APPROVE", "charged_off", NULL), ==,
                   VIGIL_JUDGEMENT_UNKNOWN);
  g_assert_cmpint (vigil_outcome_judge_by (rules, "APPROVE", "APPROVE", NULL), ==,
                   VIGIL_JUDGEMENT_UNKNOWN);
  g_assert_cmpint (vigil_outcome_judge_by (NULL, "APPROVE", "charged_off", NULL), ==,
                   VIGIL_JUDGEMENT_WRONG);

  /* Written back, read back and copied as the same rules */
  text = vigil_policy_to_data (policy);
  g_assert_nonnull (strstr (text, "outcomes.APPROVE.right = repaid;Withdrawn\n"));
  g_assert_nonnull (strstr (text, "outcomes.APPROVE.wrong = default\n"));
  g_assert_nonnull (strstr (text, "outcomes.decline.right = default\n"));
  reread = vigil_policy_new_from_data (text, "saved.ini", &error);
  g_assert_no_error (error);
  g_assert_true (vigil_policy_equal (policy, reread));
  copy = vigil_policy_copy (policy);
  g_assert_true (vigil_policy_equal (policy, copy));
  g_clear_object (&policy);
  g_assert_cmpint (vigil_outcome_judge_by (vigil_policy_for_model (copy, "Credit")->outcomes,
                                           "APPROVE", "default", NULL), ==,
                   VIGIL_JUDGEMENT_WRONG);

  /* A different rule is a different policy */
  {
    g_autoptr(VigilPolicy) other = vigil_policy_new_from_data (
      "[model Credit]\n"
      "outcomes.APPROVE.right = repaid;withdrawn\n"
      "outcomes.APPROVE.wrong = default\n"
      "outcomes.DECLINE.wrong = default\n",
      "other.ini", &error);

    g_assert_no_error (error);
    g_assert_false (vigil_policy_equal (copy, other));
  }
}

/* Rules that cannot be meant are refused with the line and the reason */
static void
test_bad_rules (void)
{
  static const struct
  {
    const char *text;
    const char *message;
  } cases[] = {
    { "[model M]\nwindow_days = 1\noutcomes.APPROVE.right = repaid\noutcomes.APPROVE.wrong = "
      "default; Repaid\n",
      "bad.ini:4: the outcome “Repaid” is listed both as right and as wrong for the prediction "
      "“APPROVE”" },
    { "[model M]\noutcomes.APPROVE = repaid\n",
      "bad.ini:2: “outcomes.APPROVE”: outcome rules are written outcomes.PREDICTION.right or "
      "outcomes.PREDICTION.wrong, each a list of outcomes separated by ;" },
    { "[model M]\noutcomes.APPROVE.good = repaid\n",
      "bad.ini:2: “outcomes.APPROVE.good”: outcome rules are written outcomes.PREDICTION.right "
      "or outcomes.PREDICTION.wrong, each a list of outcomes separated by ;" },
    { "[model M]\noutcomes..right = repaid\n",
      "bad.ini:2: “outcomes..right”: outcome rules are written outcomes.PREDICTION.right or "
      "outcomes.PREDICTION.wrong, each a list of outcomes separated by ;" },
    { "[model M]\noutcomes.APPROVE.right =\n",
      "bad.ini:2: “outcomes.APPROVE.right” lists no outcome; name at least one, or leave the "
      "key out" },
    { "[model M]\noutcomes.APPROVE.right = repaid;;default\n",
      "bad.ini:2: an empty outcome; list each one by name" },
    { "[defaults]\noutcomes.APPROVE.right = repaid\n",
      "bad.ini:2: “outcomes.APPROVE.right” is set in a [model NAME] group: which outcomes show a "
      "prediction right is a model’s own" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VigilPolicy) policy = vigil_policy_new_from_data (cases[i].text, "bad.ini",
                                                                  &error);

      g_assert_null (policy);
      g_assert_error (error, VIGIL_POLICY_ERROR, VIGIL_POLICY_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }

  /* Nor can the defaults take a model's rules through the API */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(VigilPolicy) policy = vigil_policy_new ();
    g_autoptr(VigilOutcomeMap) rules = vigil_outcome_map_new ();
    VigilModelPolicy mp = *vigil_policy_get_defaults (policy);

    g_assert_true (vigil_outcome_map_add (rules, "BUY", TRUE, "up", &error));
    g_assert_false (vigil_outcome_map_add (rules, "BUY", FALSE, "UP", &error));
    g_assert_error (error, VIGIL_POLICY_ERROR, VIGIL_POLICY_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_false (vigil_outcome_map_add (rules, "BUY", TRUE, "a;b", &error));
    g_assert_error (error, VIGIL_POLICY_ERROR, VIGIL_POLICY_ERROR_INVALID);
    g_clear_error (&error);
    mp.outcomes = rules;
    g_assert_false (vigil_policy_set_defaults (policy, &mp, &error));
    g_assert_error (error, VIGIL_POLICY_ERROR, VIGIL_POLICY_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_true (vigil_policy_set_model (policy, "M", &mp, &error));
    g_assert_no_error (error);
    g_assert_true (vigil_policy_for_model (policy, "M")->outcomes == rules);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/performance/judge", test_judge);
  g_test_add_func ("/vigil/performance/judge-by-policy", test_judge_by_policy);
  g_test_add_func ("/vigil/performance/bad-rules", test_bad_rules);

  return g_test_run ();
}
