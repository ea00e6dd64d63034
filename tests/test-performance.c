/* test-performance.c: how an outcome judges the decision it follows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vigil-performance.h"

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/performance/judge", test_judge);

  return g_test_run ();
}
