/* test-alert-notice.c: the words of the notification about a check run's new alerts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "vigil-alert-notice.h"
#include "vigil-check-result.h"

static void
add_result (GPtrArray     *results,
            const char    *model,
            VigilCheck     check,
            const char    *type,
            const char    *subject,
            VigilSeverity  severity,
            gboolean       is_new)
{
  VigilCheckResult *result = vigil_check_result_new (model, check, "2026-03-08T00:00:00",
                                                     "2026-02-28T00:00:00",
                                                     "2026-03-07T00:00:00",
                                                     "2026-03-08T00:00:00");
  g_autoptr(VigilAlert) alert = vigil_alert_new (type, severity, model, "what was found");

  vigil_check_result_set_outcome (result, VIGIL_OUTCOME_ALERTED, subject, "what was found");
  vigil_check_result_set_severity (result, severity);
  vigil_alert_set_subject (alert, subject);
  vigil_check_result_set_alert (result, alert, is_new);
  g_ptr_array_add (results, result);
}

static void
add_clear (GPtrArray  *results,
           const char *model)
{
  VigilCheckResult *result = vigil_check_result_new (model, VIGIL_CHECK_VOLUME_ANOMALY,
                                                     "2026-03-08T00:00:00",
                                                     "2026-02-28T00:00:00",
                                                     "2026-03-07T00:00:00",
                                                     "2026-03-08T00:00:00");

  vigil_check_result_set_outcome (result, VIGIL_OUTCOME_CLEAR, NULL, "nothing");
  g_ptr_array_add (results, result);
}

static GPtrArray *
credit_run (void)
{
  GPtrArray *results = g_ptr_array_new_with_free_func (g_object_unref);

  add_result (results, "CreditXGBoost", VIGIL_CHECK_CONCENTRATION_RISK, "concentration_risk",
              "ACME", VIGIL_SEVERITY_MEDIUM, TRUE);
  add_result (results, "CreditXGBoost", VIGIL_CHECK_DISTRIBUTION_SHIFT, "distribution_shift",
              "DECLINE", VIGIL_SEVERITY_HIGH, TRUE);
  add_clear (results, "CreditXGBoost");
  /* Stored by an earlier run: no news */
  add_result (results, "CreditXGBoost", VIGIL_CHECK_CONFIDENCE_SHIFT, "confidence_shift",
              NULL, VIGIL_SEVERITY_HIGH, FALSE);
  add_result (results, "CreditXGBoost", VIGIL_CHECK_VOLUME_ANOMALY, "volume_anomaly", NULL,
              VIGIL_SEVERITY_LOW, TRUE);
  return results;
}

static void
test_severity (void)
{
  g_autoptr(GPtrArray) results = credit_run ();
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;

  g_assert_cmpuint (vigil_alert_notice_compose (results, VIGIL_SEVERITY_HIGH, &title, &body),
                    ==, 1);
  g_assert_cmpstr (title, ==, "1 new alert on CreditXGBoost");
  g_assert_cmpstr (body, ==, "Distribution shift “DECLINE” (High)");
  g_clear_pointer (&title, g_free);
  g_clear_pointer (&body, g_free);

  /* Most severe first */
  g_assert_cmpuint (vigil_alert_notice_compose (results, VIGIL_SEVERITY_LOW, &title, &body),
                    ==, 3);
  g_assert_cmpstr (title, ==, "3 new alerts on CreditXGBoost");
  g_assert_cmpstr (body, ==, "Distribution shift “DECLINE” (High)\n"
                             "Concentration risk “ACME” (Medium)\n"
                             "Volume anomaly (Low)");
}

static void
test_nothing_new (void)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);
  char *title = (char *) "unchanged";
  char *body = (char *) "unchanged";

  add_clear (results, "CreditXGBoost");
  add_result (results, "CreditXGBoost", VIGIL_CHECK_CONFIDENCE_SHIFT, "confidence_shift",
              NULL, VIGIL_SEVERITY_HIGH, FALSE);
  add_result (results, "CreditXGBoost", VIGIL_CHECK_VOLUME_ANOMALY, "volume_anomaly", NULL,
              VIGIL_SEVERITY_LOW, TRUE);
  g_assert_cmpuint (vigil_alert_notice_compose (results, VIGIL_SEVERITY_MEDIUM, &title, &body),
                    ==, 0);
  g_assert_null (title);
  g_assert_null (body);
}

static void
test_several_models (void)
{
  g_autoptr(GPtrArray) results = credit_run ();
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_auto(GStrv) lines = NULL;

  for (guint i = 0; i < 6; i++)
    add_result (results, "MomentumSignal", VIGIL_CHECK_FEATURE_DRIFT, "feature_drift",
                "volatility", VIGIL_SEVERITY_MEDIUM, TRUE);

  g_assert_cmpuint (vigil_alert_notice_compose (results, VIGIL_SEVERITY_MEDIUM, &title, &body),
                    ==, 8);
  g_assert_cmpstr (title, ==, "8 new alerts on 2 models");
  lines = g_strsplit (body, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, VIGIL_ALERT_NOTICE_MAX_SHOWN + 1);
  g_assert_cmpstr (lines[0], ==, "CreditXGBoost: Distribution shift “DECLINE” (High)");
  g_assert_cmpstr (lines[1], ==, "CreditXGBoost: Concentration risk “ACME” (Medium)");
  g_assert_cmpstr (lines[2], ==, "MomentumSignal: Feature drift “volatility” (Medium)");
  g_assert_cmpstr (lines[VIGIL_ALERT_NOTICE_MAX_SHOWN], ==, "and 3 more");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/alert-notice/severity", test_severity);
  g_test_add_func ("/alert-notice/nothing-new", test_nothing_new);
  g_test_add_func ("/alert-notice/several-models", test_several_models);
  return g_test_run ();
}
