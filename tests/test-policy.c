/* test-policy.c: reading detection policies, and refusing bad ones by line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "vigil-policy.h"

static void
test_defaults (void)
{
  g_autoptr(VigilPolicy) policy = vigil_policy_new ();
  const VigilModelPolicy *p = vigil_policy_for_model (policy, "AnyModel");

  /* The prototype notebook's values */
  g_assert_cmpfloat (p->window_days, ==, 1);
  g_assert_cmpfloat (p->baseline_days, ==, 7);
  g_assert_cmpint (p->min_samples, ==, 20);
  g_assert_cmpfloat (p->checks[VIGIL_CHECK_DISTRIBUTION_SHIFT].threshold, ==, 0.20);
  g_assert_cmpint (p->checks[VIGIL_CHECK_DISTRIBUTION_SHIFT].severity, ==, VIGIL_SEVERITY_HIGH);
  g_assert_cmpfloat (p->checks[VIGIL_CHECK_CONCENTRATION_RISK].threshold, ==, 0.30);
  g_assert_cmpint (p->checks[VIGIL_CHECK_CONCENTRATION_RISK].severity, ==, VIGIL_SEVERITY_MEDIUM);
  g_assert_cmpfloat (p->checks[VIGIL_CHECK_CONFIDENCE_SHIFT].threshold, ==, 0.10);
  g_assert_cmpint (p->checks[VIGIL_CHECK_CONFIDENCE_SHIFT].severity, ==, VIGIL_SEVERITY_MEDIUM);
  g_assert_cmpfloat (p->checks[VIGIL_CHECK_VOLUME_ANOMALY].threshold, ==, 2.0);
  g_assert_cmpfloat (p->checks[VIGIL_CHECK_VOLUME_ANOMALY].low_ratio, ==, 0.3);
  g_assert_cmpint (p->checks[VIGIL_CHECK_VOLUME_ANOMALY].severity, ==, VIGIL_SEVERITY_LOW);
  g_assert_cmpfloat (p->checks[VIGIL_CHECK_FEATURE_DRIFT].threshold, ==, 0.25);
  g_assert_cmpuint (p->checks[VIGIL_CHECK_FEATURE_DRIFT].bins, ==, 10);
  for (guint i = 0; i < VIGIL_N_CHECKS; i++)
    g_assert_true (p->checks[i].enabled);
}

static void
test_overrides (void)
{
  const char *text =
    "# stricter on credit\n"
    "[defaults]\n"
    "baseline_days = 14\n"
    "\n"
    "[volume_anomaly]\n"
    "high_ratio = 3\n"
    "severity = MEDIUM\n"
    "\n"
    "[model CreditXGBoost]\n"
    "min_samples = 50\n"
    "distribution_shift.threshold = 0.1\n"
    "concentration_risk.enabled = false\n"
    "feature_drift.psi_floor = 0.4\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilPolicy) policy = vigil_policy_new_from_data (text, "policy.ini", &error);
  const VigilModelPolicy *credit, *other;

  g_assert_no_error (error);
  credit = vigil_policy_for_model (policy, "CreditXGBoost");
  other = vigil_policy_for_model (policy, "MomentumSignal");

  g_assert_cmpfloat (other->baseline_days, ==, 14);
  g_assert_cmpint (other->min_samples, ==, 20);
  g_assert_cmpfloat (other->checks[VIGIL_CHECK_VOLUME_ANOMALY].threshold, ==, 3);
  g_assert_cmpint (other->checks[VIGIL_CHECK_VOLUME_ANOMALY].severity, ==, VIGIL_SEVERITY_MEDIUM);
  g_assert_true (other->checks[VIGIL_CHECK_CONCENTRATION_RISK].enabled);

  /* A model's group starts from the file's defaults */
  g_assert_cmpfloat (credit->baseline_days, ==, 14);
  g_assert_cmpfloat (credit->checks[VIGIL_CHECK_VOLUME_ANOMALY].threshold, ==, 3);
  g_assert_cmpint (credit->min_samples, ==, 50);
  g_assert_cmpfloat (credit->checks[VIGIL_CHECK_DISTRIBUTION_SHIFT].threshold, ==, 0.1);
  g_assert_false (credit->checks[VIGIL_CHECK_CONCENTRATION_RISK].enabled);
  g_assert_cmpfloat (credit->checks[VIGIL_CHECK_FEATURE_DRIFT].threshold, ==, 0.4);

  vigil_policy_set_windows (policy, 2, 5);
  g_assert_cmpfloat (vigil_policy_for_model (policy, "CreditXGBoost")->window_days, ==, 2);
  g_assert_cmpfloat (vigil_policy_for_model (policy, "Other")->baseline_days, ==, 5);
}

static void
test_refuses (void)
{
  struct { const char *text; const char *message; } cases[] = {
    { "[defaults]\nwindow_days = 1\nthis is not a key\n", "p.ini:3: expected “key = value”" },
    { "window_days = 1\n", "p.ini:1: a key before any [group]" },
    { "[defaults\n", "p.ini:1: a group is written [name]" },
    { "[defaults]\n\n[colours]\nred = 1\n", "p.ini:3: unknown group [colours]" },
    { "[defaults]\nwindow_days = soon\n", "p.ini:2: “window_days” must be a number" },
    { "[defaults]\nbaseline_days = -1\n", "p.ini:2: “baseline_days” must be between" },
    { "[defaults]\nmin_samples = 2.5\n", "p.ini:2: “min_samples” must be a whole number" },
    { "[defaults]\nspeed = 3\n", "p.ini:2: unknown key “speed”" },
    { "# c\n[distribution_shift]\nthreshold = 1.5\n", "p.ini:3: “threshold” must be between 0 and 1" },
    { "[distribution_shift]\nseverity = URGENT\n", "p.ini:2: “severity” must be LOW, MEDIUM or HIGH" },
    { "[volume_anomaly]\nenabled = yes\n", "p.ini:2: “enabled” must be true or false" },
    { "[volume_anomaly]\nthreshold = 2\n", "p.ini:2: unknown key “threshold” for volume_anomaly" },
    { "[feature_drift]\nbins = 1\n", "p.ini:2: “bins” must be between 2 and 100" },
    { "[model M]\nfoo.threshold = 1\n", "p.ini:2: unknown check “foo”" },
    { "[model M]\nconfidence_shift.threshold = 2\n", "p.ini:2: “confidence_shift.threshold” must be between" },
    { "[defaults]\nwindow_days = 1\nwindow_days = 2\n", "p.ini:3: “window_days” is set twice" },
    { "[defaults]\n[defaults]\n", "p.ini:2: the group [defaults] appears twice" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VigilPolicy) policy = vigil_policy_new_from_data (cases[i].text, "p.ini", &error);

      g_assert_null (policy);
      g_assert_nonnull (error);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("case %u: expected “%s” in “%s”", i, cases[i].message, error->message);
    }
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilPolicy) policy = vigil_policy_new_from_file ("/nonexistent/policy.ini", &error);

  g_assert_null (policy);
  g_assert_error (error, VIGIL_POLICY_ERROR, VIGIL_POLICY_ERROR_READ);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/policy/defaults", test_defaults);
  g_test_add_func ("/vigil/policy/overrides", test_overrides);
  g_test_add_func ("/vigil/policy/refuses", test_refuses);
  g_test_add_func ("/vigil/policy/missing-file", test_missing_file);

  return g_test_run ();
}
