/* test-detector.c: the anomaly checks, their evidence, idempotence, flagging and backtests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "vigil-detector.h"
#include "vigil-performance.h"
#include "vigil-scorecard.h"
#include "vigil-simulator.h"
#include "vigil-test-detect.h"
#include "vigil-test-util.h"

/* Logs @n decisions spread over the day @date (YYYY-MM-DD): the first @n_sell are SELL, then
 * @n_buy BUY, the rest HOLD; confidence @conf (negative for none); ticker from @tickers in
 * turn (NULL for none); the feature x is @x plus a spread over [0, 1). */
static void
log_day_in (VigilStore  *store,
            const char  *model,
            const char  *sector,
            const char  *date,
            int          n,
            int          n_sell,
            int          n_buy,
            double       conf,
            const char **tickers,
            double       x)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  guint n_tickers = tickers ? g_strv_length ((char **) tickers) : 0;

  for (int i = 0; i < n; i++)
    {
      int secs = (int) ((gint64) i * 86400 / MAX (n, 1));
      g_autofree char *ts = g_strdup_printf ("%sT%02d:%02d:%02dZ", date, secs / 3600,
                                             secs / 60 % 60, secs % 60);
      g_autofree char *features = g_strdup_printf ("{\"x\": %.6f, \"label\": \"n%d\"}",
                                                   x + (double) ((i * 37) % 100) / 100.0, i % 3);
      VigilDecision *d = vigil_decision_new (model, "v1", "trading_signal",
                                             i < n_sell ? "SELL" : i < n_sell + n_buy ? "BUY" : "HOLD");

      vigil_decision_set_timestamp (d, ts);
      if (conf >= 0)
        vigil_decision_set_confidence (d, conf + (i % 2 ? 0.01 : -0.01));
      if (n_tickers)
        vigil_decision_set_ticker (d, tickers[i % n_tickers]);
      vigil_decision_set_input_features (d, features);
      if (sector != NULL)
        vigil_decision_set_sector (d, sector);
      g_ptr_array_add (batch, d);
    }
  g_assert_true (vigil_store_log_decisions (store, (VigilDecision **) batch->pdata, batch->len,
                                            &error));
  g_assert_no_error (error);
}

static void
log_day (VigilStore  *store,
         const char  *model,
         const char  *date,
         int          n,
         int          n_sell,
         int          n_buy,
         double       conf,
         const char **tickers,
         double       x)
{
  log_day_in (store, model, NULL, date, n, n_sell, n_buy, conf, tickers, x);
}

static const char *five_tickers[] = { "AAPL", "MSFT", "JPM", "XOM", "PFE", NULL };

/* Seven normal days, 100 decisions each: 20% SELL, 30% BUY, 50% HOLD. */
static void
normal_week (VigilStore *store,
             const char *model)
{
  for (int day = 1; day <= 7; day++)
    {
      g_autofree char *date = g_strdup_printf ("2026-11-%02d", day);
      log_day (store, model, date, 100, 20, 30, 0.7, five_tickers, 0.0);
    }
}

/* The result of @check with @subject; a test that asks for it expects it */
static VigilCheckResult *
find (GPtrArray  *results,
      VigilCheck  check,
      const char *subject)
{
  VigilCheckResult *r = test_find_result (results, check, subject);

  if (r == NULL)
    g_error ("no result for %s %s", vigil_check_to_string (check), subject ? subject : "");
  return r;
}

static guint
count_alerted (GPtrArray *results)
{
  guint n = 0;

  for (guint i = 0; i < results->len; i++)
    n += vigil_check_result_get_outcome (results->pdata[i]) == VIGIL_OUTCOME_ALERTED;
  return n;
}

static void
test_quiet_week (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) results = NULL;
  VigilCheckResult *r;

  normal_week (f->store, "M");
  log_day (f->store, "M", "2026-11-08", 100, 20, 30, 0.7, five_tickers, 0.0);
  results = test_detect (f, "M", "2026-11-09", FALSE);

  g_assert_cmpuint (count_alerted (results), ==, 0);
  r = find (results, VIGIL_CHECK_DISTRIBUTION_SHIFT, NULL);
  g_assert_cmpint (vigil_check_result_get_outcome (r), ==, VIGIL_OUTCOME_CLEAR);
  g_assert_cmpint (vigil_check_result_get_n_recent (r), ==, 100);
  g_assert_cmpint (vigil_check_result_get_n_baseline (r), ==, 700);
  g_assert_cmpstr (vigil_check_result_get_window_start (r), ==, "2026-11-08T00:00:00.000000");
  g_assert_cmpstr (vigil_check_result_get_baseline_start (r), ==, "2026-11-01T00:00:00.000000");
  g_assert_cmpstr (vigil_check_result_get_window_end (r), ==, "2026-11-09T00:00:00.000000");
  r = find (results, VIGIL_CHECK_VOLUME_ANOMALY, NULL);
  g_assert_cmpfloat_with_epsilon (vigil_check_result_get_observed (r), 100, 1e-9);
  g_assert_cmpfloat_with_epsilon (vigil_check_result_get_baseline (r), 100, 1e-9);
  g_assert_cmpfloat (vigil_check_result_get_p_value (r), >, 0.5);
  r = find (results, VIGIL_CHECK_FEATURE_DRIFT, "x");
  g_assert_cmpint (vigil_check_result_get_outcome (r), ==, VIGIL_OUTCOME_CLEAR);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM alerts"), ==, 0);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM check_results"), ==, results->len);
}

static void
test_sell_surge (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) again = NULL;
  VigilCheckResult *r;
  VigilAlert *alert;

  normal_week (f->store, "MomentumSignal");
  /* 71 SELL of 100, against 20% */
  log_day (f->store, "MomentumSignal", "2026-11-08", 100, 71, 9, 0.7, five_tickers, 0.0);
  results = test_detect (f, "MomentumSignal", "2026-11-09", FALSE);

  r = find (results, VIGIL_CHECK_DISTRIBUTION_SHIFT, "SELL");
  g_assert_cmpint (vigil_check_result_get_outcome (r), ==, VIGIL_OUTCOME_ALERTED);
  g_assert_cmpstr (vigil_check_result_get_message (r), ==,
                   "'MomentumSignal': 'SELL' prediction shifted from 20.0% to 71.0% (delta=+51.0%)");
  g_assert_cmpfloat (vigil_check_result_get_p_value (r), <, 1e-12);
  g_assert_cmpfloat_with_epsilon (vigil_check_result_get_observed (r), 0.71, 1e-12);
  g_assert_cmpfloat_with_epsilon (vigil_check_result_get_baseline (r), 0.20, 1e-12);

  /* A fall is printed as a fall, unlike the prototype */
  r = find (results, VIGIL_CHECK_DISTRIBUTION_SHIFT, "BUY");
  g_assert_cmpstr (vigil_check_result_get_message (r), ==,
                   "'MomentumSignal': 'BUY' prediction shifted from 30.0% to 9.0% (delta=-21.0%)");
  r = find (results, VIGIL_CHECK_DISTRIBUTION_SHIFT, "HOLD");
  g_assert_cmpint (vigil_check_result_get_outcome (r), ==, VIGIL_OUTCOME_ALERTED);

  /* Stored, with its evidence, and the SELL decisions of the day flagged */
  r = find (results, VIGIL_CHECK_DISTRIBUTION_SHIFT, "SELL");
  alert = vigil_check_result_get_alert (r);
  g_assert_nonnull (alert);
  g_assert_true (vigil_check_result_get_alert_is_new (r));
  g_assert_cmpstr (vigil_alert_get_alert_type (alert), ==, "distribution_shift");
  g_assert_cmpint (vigil_alert_get_severity (alert), ==, VIGIL_SEVERITY_HIGH);
  g_assert_cmpint (vigil_alert_get_n_recent (alert), ==, 100);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM decisions WHERE anomaly_flag = 1 "
                                        "AND prediction = 'SELL' AND anomaly_reason LIKE "
                                        "'%distribution_shift SELL%'"), ==, 71);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM decisions WHERE anomaly_flag = 1 "
                                        "AND timestamp < '2026-11-08'"), ==, 0);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM events WHERE action = 'flag'"), ==, 3);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM alerts"), ==, 3);

  /* Running again stores nothing new */
  again = test_detect (f, "MomentumSignal", "2026-11-09", FALSE);
  g_assert_cmpuint (count_alerted (again), ==, 3);
  g_assert_false (vigil_check_result_get_alert_is_new (find (again, VIGIL_CHECK_DISTRIBUTION_SHIFT,
                                                             "SELL")));
  g_assert_cmpint (vigil_alert_get_id (vigil_check_result_get_alert (find (again,
                                                                           VIGIL_CHECK_DISTRIBUTION_SHIFT,
                                                                           "SELL"))), ==,
                   vigil_alert_get_id (alert));
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM alerts"), ==, 3);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM events WHERE action = 'flag'"), ==, 3);
}

static void
test_dry_run (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) results = NULL;

  normal_week (f->store, "M");
  log_day (f->store, "M", "2026-11-08", 100, 71, 9, 0.7, five_tickers, 0.0);
  results = test_detect (f, "M", "2026-11-09", TRUE);
  g_assert_cmpuint (count_alerted (results), ==, 3);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM alerts"), ==, 0);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM check_results"), ==, 0);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM decisions WHERE anomaly_flag = 1"), ==, 0);
}

static void
test_new_category (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  VigilCheckResult *r;

  normal_week (f->store, "M");
  log_day (f->store, "M", "2026-11-08", 60, 12, 18, 0.7, five_tickers, 0.0);
  /* A category never seen in the baseline */
  for (int i = 0; i < 40; i++)
    g_ptr_array_add (batch, make_decision ("M", "STRONG_SELL", "2026-11-08T12:00:00Z", 0.7, "AAPL"));
  g_assert_true (vigil_store_log_decisions (f->store, (VigilDecision **) batch->pdata, batch->len,
                                            NULL));
  results = test_detect (f, "M", "2026-11-09", TRUE);
  r = find (results, VIGIL_CHECK_DISTRIBUTION_SHIFT, "STRONG_SELL");
  g_assert_cmpint (vigil_check_result_get_outcome (r), ==, VIGIL_OUTCOME_ALERTED);
  g_assert_cmpstr (vigil_check_result_get_message (r), ==,
                   "'M': 'STRONG_SELL' prediction shifted from 0.0% to 40.0% (delta=+40.0%)");
}

static void
test_insufficient (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) empty = NULL;
  g_autoptr(GPtrArray) one = NULL;
  VigilCheckResult *r;

  /* Nothing at all */
  log_day (f->store, "Other", "2026-11-01", 5, 1, 1, 0.7, NULL, 0.0);
  empty = test_detect (f, "M", "2026-11-09", TRUE);
  r = find (empty, VIGIL_CHECK_DISTRIBUTION_SHIFT, NULL);
  g_assert_cmpint (vigil_check_result_get_outcome (r), ==, VIGIL_OUTCOME_INSUFFICIENT_DATA);
  g_assert_nonnull (strstr (vigil_check_result_get_message (r), "insufficient data: 0 recent and 0 baseline"));
  r = find (empty, VIGIL_CHECK_VOLUME_ANOMALY, NULL);
  g_assert_cmpint (vigil_check_result_get_outcome (r), ==, VIGIL_OUTCOME_INSUFFICIENT_DATA);

  /* One decision in the recent window, a normal baseline */
  normal_week (f->store, "M");
  log_day (f->store, "M", "2026-11-08", 1, 1, 0, 0.7, five_tickers, 0.0);
  one = test_detect (f, "M", "2026-11-09", FALSE);
  g_assert_cmpint (vigil_check_result_get_outcome (find (one, VIGIL_CHECK_DISTRIBUTION_SHIFT, NULL)), ==,
                   VIGIL_OUTCOME_INSUFFICIENT_DATA);
  g_assert_cmpint (vigil_check_result_get_outcome (find (one, VIGIL_CHECK_CONFIDENCE_SHIFT, NULL)), ==,
                   VIGIL_OUTCOME_INSUFFICIENT_DATA);
  g_assert_cmpint (vigil_check_result_get_outcome (find (one, VIGIL_CHECK_CONCENTRATION_RISK, NULL)), ==,
                   VIGIL_OUTCOME_INSUFFICIENT_DATA);
  g_assert_cmpint (vigil_check_result_get_outcome (find (one, VIGIL_CHECK_FEATURE_DRIFT, NULL)), ==,
                   VIGIL_OUTCOME_INSUFFICIENT_DATA);
  g_assert_cmpint (vigil_check_result_get_outcome (find (one, VIGIL_CHECK_CATEGORICAL_DRIFT, NULL)),
                   ==, VIGIL_OUTCOME_INSUFFICIENT_DATA);
  /* ...but a collapse in volume is the anomaly itself */
  r = find (one, VIGIL_CHECK_VOLUME_ANOMALY, NULL);
  g_assert_cmpint (vigil_check_result_get_outcome (r), ==, VIGIL_OUTCOME_ALERTED);
  g_assert_cmpstr (vigil_check_result_get_subject (r), ==, "drop");
  g_assert_cmpstr (vigil_check_result_get_message (r), ==,
                   "'M': daily volume (1) is less than 0.3x baseline (100)");
  g_assert_cmpfloat (vigil_check_result_get_p_value (r), <, 1e-20);
}

static void
test_no_confidence_no_entity (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GPtrArray) results = NULL;
  VigilCheckResult *r;

  for (int day = 1; day <= 8; day++)
    {
      g_autofree char *date = g_strdup_printf ("2026-11-%02d", day);
      log_day (f->store, "CreditModel", date, 50, 10, 20, -1, NULL, 0.0);
    }
  results = test_detect (f, "CreditModel", "2026-11-09", TRUE);
  r = find (results, VIGIL_CHECK_CONFIDENCE_SHIFT, NULL);
  g_assert_cmpint (vigil_check_result_get_outcome (r), ==, VIGIL_OUTCOME_INSUFFICIENT_DATA);
  g_assert_nonnull (strstr (vigil_check_result_get_message (r), "with a confidence"));
  r = find (results, VIGIL_CHECK_CONCENTRATION_RISK, NULL);
  g_assert_cmpint (vigil_check_result_get_outcome (r), ==, VIGIL_OUTCOME_NOT_APPLICABLE);
}

static void
test_concentration (Fixture       *f,
                    gconstpointer  data)
{
  const char *one_name[] = { "NVDA", "NVDA", "NVDA", "AAPL", NULL };
  g_autoptr(GPtrArray) results = NULL;
  VigilCheckResult *r;

  normal_week (f->store, "Trader");
  log_day (f->store, "Trader", "2026-11-08", 100, 20, 30, 0.7, one_name, 0.0);
  results = test_detect (f, "Trader", "2026-11-09", FALSE);
  r = find (results, VIGIL_CHECK_CONCENTRATION_RISK, NULL);
  g_assert_cmpint (vigil_check_result_get_outcome (r), ==, VIGIL_OUTCOME_ALERTED);
  g_assert_cmpstr (vigil_check_result_get_subject (r), ==, "NVDA");
  g_assert_cmpstr (vigil_check_result_get_message (r), ==, "'Trader': 'NVDA' represents 75.0% of decisions");
  g_assert_cmpfloat (vigil_check_result_get_baseline (r), ==, 0.0);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM decisions WHERE anomaly_flag = 1 "
                                        "AND ticker = 'NVDA'"), ==, 75);
}

static void
test_confidence_shift (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) results = NULL;
  VigilCheckResult *r;

  normal_week (f->store, "M");
  log_day (f->store, "M", "2026-11-08", 100, 20, 30, 0.45, five_tickers, 0.0);
  results = test_detect (f, "M", "2026-11-09", TRUE);
  r = find (results, VIGIL_CHECK_CONFIDENCE_SHIFT, NULL);
  g_assert_cmpint (vigil_check_result_get_outcome (r), ==, VIGIL_OUTCOME_ALERTED);
  g_assert_cmpstr (vigil_check_result_get_message (r), ==, "'M': avg confidence shifted from 0.70 to 0.45");
  g_assert_cmpfloat (vigil_check_result_get_p_value (r), <, 1e-12);
}

static void
test_volume_spike (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) results = NULL;
  VigilCheckResult *r;

  normal_week (f->store, "M");
  log_day (f->store, "M", "2026-11-08", 300, 60, 90, 0.7, five_tickers, 0.0);
  results = test_detect (f, "M", "2026-11-09", TRUE);
  r = find (results, VIGIL_CHECK_VOLUME_ANOMALY, NULL);
  g_assert_cmpint (vigil_check_result_get_outcome (r), ==, VIGIL_OUTCOME_ALERTED);
  g_assert_cmpstr (vigil_check_result_get_message (r), ==,
                   "'M': daily volume (300) is more than 2x baseline (100)");
  g_assert_cmpint (vigil_check_result_get_severity (r), ==, VIGIL_SEVERITY_LOW);
}

static void
test_volume_young_model (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) results = NULL;
  VigilCheckResult *r;

  /* Two days of history: the baseline average is over those two days, not seven. */
  log_day (f->store, "M", "2026-11-06", 100, 20, 30, 0.7, five_tickers, 0.0);
  log_day (f->store, "M", "2026-11-07", 100, 20, 30, 0.7, five_tickers, 0.0);
  log_day (f->store, "M", "2026-11-08", 100, 20, 30, 0.7, five_tickers, 0.0);
  results = test_detect (f, "M", "2026-11-09", TRUE);
  r = find (results, VIGIL_CHECK_VOLUME_ANOMALY, NULL);
  g_assert_cmpint (vigil_check_result_get_outcome (r), ==, VIGIL_OUTCOME_CLEAR);
  g_assert_cmpfloat_with_epsilon (vigil_check_result_get_baseline (r), 100, 1e-9);
}

static void
test_feature_drift (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) results = NULL;
  VigilCheckResult *r;

  normal_week (f->store, "M");
  /* Same decisions, inputs moved half their range */
  log_day (f->store, "M", "2026-11-08", 100, 20, 30, 0.7, five_tickers, 0.5);
  results = test_detect (f, "M", "2026-11-09", TRUE);
  /* and half of them above any the baseline had, which data quality reports */
  g_assert_cmpuint (count_alerted (results), ==, 2);
  r = find (results, VIGIL_CHECK_DATA_QUALITY, "out_of_range:x");
  g_assert_cmpint (vigil_check_result_get_outcome (r), ==, VIGIL_OUTCOME_ALERTED);
  g_assert_cmpfloat_with_epsilon (vigil_check_result_get_observed (r), 0.5, 1e-12);
  r = find (results, VIGIL_CHECK_FEATURE_DRIFT, "x");
  g_assert_cmpint (vigil_check_result_get_outcome (r), ==, VIGIL_OUTCOME_ALERTED);
  g_assert_true (g_str_has_prefix (vigil_check_result_get_message (r),
                                   "'M': input feature 'x' drifted (PSI "));
  g_assert_cmpfloat (vigil_check_result_get_observed (r), >, 1.0);
  /* The sample-size-aware threshold: chi2(9, 0.95) x (1/700 + 1/100) = 0.193, so the 0.25 floor */
  g_assert_cmpfloat_with_epsilon (vigil_check_result_get_threshold (r), 0.25, 1e-12);
  g_assert_cmpfloat (vigil_check_result_get_p_value (r), <, 1e-6);
  /* Text features are not numeric */
  for (guint i = 0; i < results->len; i++)
    if (vigil_check_result_get_check (results->pdata[i]) == VIGIL_CHECK_FEATURE_DRIFT)
      g_assert_cmpstr (vigil_check_result_get_subject (results->pdata[i]), !=, "label");
}

/* Logs decisions of @date whose text input "purpose" takes @values[i] @counts[i] times, in
 * turn (the counts end with 0); predictions, confidence and the numeric input stay as usual. */
static void
log_purposes (VigilStore  *store,
              const char  *date,
              const char **values,
              const int   *counts)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  int n = 0, i = 0;

  for (guint k = 0; counts[k] > 0; k++)
    n += counts[k];
  for (guint k = 0; counts[k] > 0; k++)
    for (int j = 0; j < counts[k]; j++, i++)
      {
        int secs = (int) ((gint64) i * 86400 / n);
        g_autofree char *ts = g_strdup_printf ("%sT%02d:%02d:%02dZ", date, secs / 3600,
                                               secs / 60 % 60, secs % 60);
        g_autofree char *features = g_strdup_printf ("{\"x\": %.2f, \"purpose\": \"%s\"}",
                                                     (double) (i % 100) / 100.0, values[k]);
        VigilDecision *d = vigil_decision_new ("M", "v1", "credit_approval",
                                               i % 2 ? "APPROVE" : "DECLINE");

        vigil_decision_set_timestamp (d, ts);
        vigil_decision_set_confidence (d, 0.7);
        vigil_decision_set_input_features (d, features);
        g_ptr_array_add (batch, d);
      }
  g_assert_true (vigil_store_log_decisions (store, (VigilDecision **) batch->pdata, batch->len,
                                            &error));
  g_assert_no_error (error);
}

static const char *purposes[] = { "home", "auto", "education", "medical", "crypto", NULL };

/* A week of 100 decisions a day: home 40%, auto 30%, education 20%, medical 10% */
static void
purpose_week (VigilStore *store,
              int         scale)
{
  const int usual[] = { 40 * scale, 30 * scale, 20 * scale, 10 * scale, 0 };

  for (int day = 1; day <= 7; day++)
    {
      g_autofree char *date = g_strdup_printf ("2026-11-%02d", day);
      log_purposes (store, date, purposes, usual);
    }
}

static void
test_categorical_drift (Fixture       *f,
                        gconstpointer  data)
{
  /* Home loans fall from 40% to 15%, education rises to 42%, and crypto, never seen before,
   * is 5% */
  const int shifted[] = { 15, 30, 42, 8, 5, 0 };
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) again = NULL;
  VigilCheckResult *r;
  const char *message;

  purpose_week (f->store, 1);
  log_purposes (f->store, "2026-11-08", purposes, shifted);
  results = test_detect (f, "M", "2026-11-09", FALSE);

  /* Only the mix moved: one alert, naming the feature and the categories that moved most */
  g_assert_cmpuint (count_alerted (results), ==, 1);
  r = find (results, VIGIL_CHECK_CATEGORICAL_DRIFT, "purpose");
  g_assert_cmpint (vigil_check_result_get_outcome (r), ==, VIGIL_OUTCOME_ALERTED);
  message = vigil_check_result_get_message (r);
  g_test_message ("%s", message);
  g_assert_true (g_str_has_prefix (message, "'M': categorical input 'purpose' changed its mix "
                                            "(chi-square p="));
  g_assert_nonnull (strstr (message, "): 'home' from 40.0% to 15.0%, 'education' from 20.0% to "
                                     "42.0%, 'crypto' from 0.0% to 5.0%;"));
  g_assert_nonnull (strstr (message, "; unseen in the baseline: 'crypto' (5.0%)"));
  /* The evidence: the largest move, against the floor, with the chi-square p-value */
  g_assert_cmpfloat_with_epsilon (vigil_check_result_get_observed (r), 0.15, 1e-12);
  g_assert_cmpfloat_with_epsilon (vigil_check_result_get_baseline (r), 0.40, 1e-12);
  g_assert_cmpfloat_with_epsilon (vigil_check_result_get_threshold (r), 0.10, 1e-12);
  g_assert_cmpint (vigil_check_result_get_n_recent (r), ==, 100);
  g_assert_cmpint (vigil_check_result_get_n_baseline (r), ==, 700);
  g_assert_cmpfloat (vigil_check_result_get_p_value (r), <, 1e-6);
  /* The numeric input did not move */
  g_assert_cmpint (vigil_check_result_get_outcome (find (results, VIGIL_CHECK_FEATURE_DRIFT, "x")),
                   ==, VIGIL_OUTCOME_CLEAR);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM alerts WHERE alert_type = "
                                        "'categorical_drift' AND subject = 'purpose' AND "
                                        "severity = 'MEDIUM'"), ==, 1);

  /* Detecting again adds nothing */
  again = test_detect (f, "M", "2026-11-09", FALSE);
  g_assert_cmpuint (count_alerted (again), ==, 1);
  g_assert_false (vigil_check_result_get_alert_is_new (find (again, VIGIL_CHECK_CATEGORICAL_DRIFT,
                                                             "purpose")));
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM alerts"), ==, 1);
}

static void
test_categorical_unseen (Fixture       *f,
                         gconstpointer  data)
{
  /* The usual mix but for two crypto loans, a category the baseline never had */
  const int usual_and_new[] = { 39, 29, 20, 10, 2, 0 };
  g_autoptr(GPtrArray) results = NULL;
  VigilCheckResult *r;

  purpose_week (f->store, 1);
  log_purposes (f->store, "2026-11-08", purposes, usual_and_new);
  results = test_detect (f, "M", "2026-11-09", TRUE);

  /* Too rare to stand alone in the test, it is pooled, and no alarm; but it is named */
  g_assert_cmpuint (count_alerted (results), ==, 0);
  r = find (results, VIGIL_CHECK_CATEGORICAL_DRIFT, "purpose");
  g_assert_cmpint (vigil_check_result_get_outcome (r), ==, VIGIL_OUTCOME_CLEAR);
  g_test_message ("%s", vigil_check_result_get_message (r));
  g_assert_nonnull (strstr (vigil_check_result_get_message (r),
                            "unseen in the baseline: 'crypto' (2.0%)"));
  g_assert_cmpfloat (vigil_check_result_get_p_value (r), >, 0.05);
  g_assert_cmpfloat (vigil_check_result_get_p_value (r), <=, 1.0);
}

static void
test_categorical_floor (Fixture       *f,
                        gconstpointer  data)
{
  /* 30 times the volume, and home loans 40% to 45%: significant, but a small move */
  const int nudged[] = { 1350, 840, 570, 240, 0 };
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) strict = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilPolicy) policy = NULL;
  g_autoptr(VigilDetector) detector = NULL;
  VigilCheckResult *r;

  purpose_week (f->store, 30);
  log_purposes (f->store, "2026-11-08", purposes, nudged);
  results = test_detect (f, "M", "2026-11-09", TRUE);
  r = find (results, VIGIL_CHECK_CATEGORICAL_DRIFT, "purpose");
  g_assert_cmpfloat (vigil_check_result_get_p_value (r), <, 1e-4);
  g_assert_cmpint (vigil_check_result_get_outcome (r), ==, VIGIL_OUTCOME_CLEAR);
  g_assert_cmpfloat_with_epsilon (vigil_check_result_get_observed (r), 0.45, 1e-12);

  /* A policy with a lower floor alerts on it */
  policy = vigil_policy_new_from_data ("[categorical_drift]\nshare_floor = 0.04\n", "p", &error);
  g_assert_no_error (error);
  detector = vigil_detector_new (f->store, policy);
  vigil_detector_set_dry_run (detector, TRUE);
  strict = vigil_detector_run (detector, "M", "2026-11-09", NULL, &error);
  g_assert_no_error (error);
  r = find (strict, VIGIL_CHECK_CATEGORICAL_DRIFT, "purpose");
  g_assert_cmpint (vigil_check_result_get_outcome (r), ==, VIGIL_OUTCOME_ALERTED);
  g_assert_cmpfloat_with_epsilon (vigil_check_result_get_threshold (r), 0.04, 1e-12);
}

static void
test_echo_free_baseline (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(VigilDetector) detector = vigil_detector_new (f->store, NULL);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;

  /* An incident on the 8th, normal days after it */
  normal_week (f->store, "M");
  log_day (f->store, "M", "2026-11-08", 100, 71, 9, 0.7, five_tickers, 0.0);
  log_day (f->store, "M", "2026-11-09", 100, 20, 30, 0.7, five_tickers, 0.0);
  log_day (f->store, "M", "2026-11-10", 100, 20, 30, 0.7, five_tickers, 0.0);

  results = vigil_detector_backtest (detector, "M", "2026-11-02", "2026-11-11", NULL, NULL, NULL,
                                     &error);
  g_assert_no_error (error);
  /* The incident is found on its day, and its flagged decisions stay out of later baselines,
   * so the days after it raise no echo. */
  for (guint i = 0; i < results->len; i++)
    {
      VigilCheckResult *r = results->pdata[i];

      if (vigil_check_result_get_outcome (r) == VIGIL_OUTCOME_ALERTED)
        g_assert_cmpstr (vigil_check_result_get_window_start (r), ==, "2026-11-08T00:00:00.000000");
    }
  g_assert_cmpint (count_rows (f->path, "SELECT count(DISTINCT window_start) FROM alerts"), ==, 1);
  g_assert_cmpint (count_rows (f->path, "SELECT count(DISTINCT as_of) FROM check_results"), ==, 9);
}

/* As of a time within a day, the windows' whole days come from the roll-ups and the parts of
 * days at their ends from the rows: the counts must be those of the rows, the baseline's without
 * the decisions an earlier alert flagged. */
static void
test_windows_within_days (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) flagging = NULL;
  g_autoptr(GPtrArray) results = NULL;
  static const char *recent = "model_name = 'M' AND timestamp >= '2026-11-08T15:30:00' "
                              "AND timestamp < '2026-11-09T15:30:00'";
  static const char *baseline = "model_name = 'M' AND timestamp >= '2026-11-01T15:30:00' "
                                "AND timestamp < '2026-11-08T15:30:00' AND anomaly_flag = 0";
  g_autofree char *q_recent = g_strdup_printf ("SELECT count(*) FROM decisions WHERE %s", recent);
  g_autofree char *q_baseline = g_strdup_printf ("SELECT count(*) FROM decisions WHERE %s",
                                                 baseline);
  g_autofree char *q_moved_recent = NULL;
  g_autofree char *q_moved_baseline = NULL;
  VigilCheckResult *r;
  gint64 n_recent, n_baseline;

  normal_week (f->store, "M");
  log_day (f->store, "M", "2026-11-08", 100, 71, 9, 0.6, five_tickers, 0.0);
  log_day (f->store, "M", "2026-11-09", 90, 20, 30, 0.7, five_tickers, 0.0);
  /* A burst of SELL on the 5th, flagged by the alert it raises: holes in the baseline */
  log_day (f->store, "M", "2026-11-05", 60, 60, 0, 0.9, five_tickers, 0.0);
  flagging = test_detect (f, "M", "2026-11-06", FALSE);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM decisions WHERE anomaly_flag = 1 "
                                        "AND timestamp < '2026-11-06'"), >, 0);

  results = test_detect (f, "M", "2026-11-09T15:30:00Z", TRUE);
  n_recent = count_rows (f->path, q_recent);
  n_baseline = count_rows (f->path, q_baseline);
  g_assert_cmpint (n_recent, >, 0);
  g_assert_cmpint (n_baseline, <, count_rows (f->path, "SELECT count(*) FROM decisions WHERE "
                                                       "timestamp >= '2026-11-01T15:30:00' AND "
                                                       "timestamp < '2026-11-08T15:30:00'"));

  /* The prediction that moved most, and its shares */
  r = find (results, VIGIL_CHECK_DISTRIBUTION_SHIFT, NULL);
  g_assert_cmpstr (vigil_check_result_get_window_start (r), ==, "2026-11-08T15:30:00.000000");
  g_assert_cmpint (vigil_check_result_get_n_recent (r), ==, n_recent);
  g_assert_cmpint (vigil_check_result_get_n_baseline (r), ==, n_baseline);
  g_assert_cmpstr (vigil_check_result_get_subject (r), ==, "HOLD");
  q_moved_recent = g_strdup_printf ("SELECT count(*) FROM decisions WHERE %s "
                                    "AND prediction = 'HOLD'", recent);
  q_moved_baseline = g_strdup_printf ("SELECT count(*) FROM decisions WHERE %s "
                                      "AND prediction = 'HOLD'", baseline);
  g_assert_cmpfloat_with_epsilon (vigil_check_result_get_observed (r),
                                  (double) count_rows (f->path, q_moved_recent) /
                                  (double) n_recent, 1e-12);
  g_assert_cmpfloat_with_epsilon (vigil_check_result_get_baseline (r),
                                  (double) count_rows (f->path, q_moved_baseline) /
                                  (double) n_baseline, 1e-12);
  r = find (results, VIGIL_CHECK_CONFIDENCE_SHIFT, NULL);
  g_assert_cmpint (vigil_check_result_get_n_recent (r), ==, n_recent);
  g_assert_cmpint (vigil_check_result_get_n_baseline (r), ==, n_baseline);
  r = find (results, VIGIL_CHECK_DATA_QUALITY, NULL);
  g_assert_cmpint (vigil_check_result_get_n_recent (r), ==, n_recent);
  g_assert_cmpint (vigil_check_result_get_n_baseline (r), ==, n_baseline);
}

static void
test_policy_applies (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilPolicy) policy =
    vigil_policy_new_from_data ("[distribution_shift]\nthreshold = 0.6\n[model M]\n"
                                "volume_anomaly.enabled = false\n", "p", &error);
  g_autoptr(VigilDetector) detector = vigil_detector_new (f->store, policy);
  g_autoptr(GPtrArray) results = NULL;

  normal_week (f->store, "M");
  log_day (f->store, "M", "2026-11-08", 300, 213, 27, 0.7, five_tickers, 0.0);
  vigil_detector_set_dry_run (detector, TRUE);
  results = vigil_detector_run (detector, "M", "2026-11-09", NULL, &error);
  g_assert_no_error (error);
  /* SELL moved 51 points: under the policy's 60; volume tripled, but that check is off */
  g_assert_cmpuint (count_alerted (results), ==, 0);
  for (guint i = 0; i < results->len; i++)
    g_assert_cmpint (vigil_check_result_get_check (results->pdata[i]), !=, VIGIL_CHECK_VOLUME_ANOMALY);
}

static void
test_ledger_after_detection (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(VigilLedgerReport) report = NULL;

  normal_week (f->store, "M");
  log_day (f->store, "M", "2026-11-08", 100, 71, 9, 0.7, five_tickers, 0.0);
  results = test_detect (f, "M", "2026-11-09", FALSE);
  report = vigil_store_verify (f->store, NULL, NULL, NULL, NULL);
  g_assert_true (vigil_ledger_report_is_intact (report));
  g_assert_cmpint (vigil_ledger_report_get_table_records (report, "alerts"), ==, 3);
}


/* Four sectors of 50 decisions a day, 20% SELL, 30% BUY, 50% HOLD, and one of 5 (fewer than
 * min_samples); on 2026-11-08 Energy turns to SELL (70%): the whole model's shares move 12.5
 * points at most. */
static const char *four_sectors[] = { "Banks", "Energy", "Health", "Tech", NULL };

static void
sector_week (VigilStore *store,
             const char *model)
{
  for (int day = 1; day <= 8; day++)
    {
      g_autofree char *date = g_strdup_printf ("2026-11-%02d", day);

      for (guint s = 0; four_sectors[s]; s++)
        {
          gboolean shifted = day == 8 && g_str_equal (four_sectors[s], "Energy");

          log_day_in (store, model, four_sectors[s], date, 50, shifted ? 35 : 10,
                      shifted ? 8 : 15, 0.7, five_tickers, 0.0);
        }
      log_day_in (store, model, "Tiny", date, 5, 1, 1, 0.7, five_tickers, 0.0);
    }
}

static GPtrArray *
run_with_policy (Fixture    *f,
                 const char *policy_text,
                 const char *model,
                 const char *as_of,
                 gboolean    dry_run)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilPolicy) policy = vigil_policy_new_from_data (policy_text, "policy", &error);
  g_autoptr(VigilDetector) detector = NULL;
  GPtrArray *results;

  g_assert_no_error (error);
  detector = vigil_detector_new (f->store, policy);
  vigil_detector_set_dry_run (detector, dry_run);
  results = vigil_detector_run (detector, model, as_of, NULL, &error);
  g_assert_no_error (error);
  return results;
}

#define SECTOR_POLICY "[model M]\nsegment_by = sector\n"

/* An anomaly confined to one sector: the whole model's checks do not see it, the sector's
 * do, and its alerts name the sector; only that sector's decisions are flagged; the ledger
 * still verifies, and detecting again adds nothing */
static void
test_segment_anomaly (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) whole = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(VigilLedgerReport) report = NULL;
  VigilCheckResult *sell = NULL;
  guint n_alerted = 0;
  gint64 n_alerts;
  GHashTable *segments = g_hash_table_new (g_str_hash, g_str_equal);

  sector_week (f->store, "M");

  /* Without segments: nothing */
  whole = run_with_policy (f, "", "M", "2026-11-09", TRUE);
  g_assert_cmpuint (count_alerted (whole), ==, 0);

  results = run_with_policy (f, SECTOR_POLICY, "M", "2026-11-09", FALSE);
  for (guint i = 0; i < results->len; i++)
    {
      VigilCheckResult *r = results->pdata[i];
      const char *segment = vigil_check_result_get_segment (r);

      if (segment == NULL)
        {
          /* The whole model's results come first, as without segments */
          g_assert_cmpint (vigil_check_result_get_outcome (r), !=, VIGIL_OUTCOME_ALERTED);
          continue;
        }
      g_assert_cmpstr (vigil_check_result_get_segment_by (r), ==, "sector");
      g_hash_table_add (segments, (gpointer) segment);
      if (vigil_check_result_get_outcome (r) != VIGIL_OUTCOME_ALERTED)
        continue;
      g_test_message ("%s", vigil_check_result_get_message (r));
      g_assert_cmpstr (segment, ==, "Energy");
      g_assert_true (g_str_has_prefix (vigil_check_result_get_message (r),
                                       "'M' in sector 'Energy': "));
      n_alerted++;
      if (vigil_check_result_get_check (r) == VIGIL_CHECK_DISTRIBUTION_SHIFT &&
          g_strcmp0 (vigil_check_result_get_subject (r), "SELL") == 0)
        sell = r;
    }
  /* Tiny has fewer decisions than the minimum: not a segment of its own */
  g_assert_cmpuint (g_hash_table_size (segments), ==, 4);
  g_assert_false (g_hash_table_contains (segments, "Tiny"));
  g_hash_table_unref (segments);

  g_assert_nonnull (sell);
  g_assert_cmpstr (vigil_check_result_get_message (sell), ==,
                   "'M' in sector 'Energy': 'SELL' prediction shifted from 20.0% to 70.0% "
                   "(delta=+50.0%)");
  g_assert_cmpint (vigil_check_result_get_n_recent (sell), ==, 50);
  g_assert_cmpint (vigil_check_result_get_n_baseline (sell), ==, 350);
  g_assert_cmpfloat (vigil_check_result_get_p_value (sell), <, 1e-6);
  g_assert_true (vigil_check_result_get_alert_is_new (sell));

  n_alerts = count_rows (f->path, "SELECT count(*) FROM alerts");
  g_assert_cmpint (n_alerts, ==, n_alerted);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM alerts WHERE alert_type = "
                                        "'distribution_shift' AND subject = "
                                        "'sector=Energy / SELL'"), ==, 1);
  /* Only Energy's decisions of that day, and of the category concerned, are flagged */
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM decisions WHERE anomaly_flag = 1 "
                                        "AND (sector <> 'Energy' OR timestamp < "
                                        "'2026-11-08')"), ==, 0);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM decisions WHERE anomaly_flag = 1 "
                                        "AND prediction = 'SELL'"), ==, 35);
  report = vigil_store_verify (f->store, NULL, NULL, NULL, NULL);
  g_assert_true (vigil_ledger_report_is_intact (report));

  /* The stored subject reads back as the segment and the check's own subject */
  {
    g_autofree char *full = vigil_check_result_dup_full_subject (sell);
    g_autofree char *segment_by = NULL, *segment = NULL, *rest = NULL;

    g_assert_cmpstr (full, ==, "sector=Energy / SELL");
    g_assert_true (vigil_subject_split_segment (full, &segment_by, &segment, &rest));
    g_assert_cmpstr (segment_by, ==, "sector");
    g_assert_cmpstr (segment, ==, "Energy");
    g_assert_cmpstr (rest, ==, "SELL");
    g_clear_pointer (&rest, g_free);
    g_clear_pointer (&segment, g_free);
    g_assert_true (vigil_subject_split_segment ("user_id=u=7", NULL, &segment, &rest));
    g_assert_cmpstr (segment, ==, "u=7");
    g_assert_null (rest);
    g_assert_false (vigil_subject_split_segment ("out_of_range:x", NULL, NULL, NULL));
    g_assert_false (vigil_subject_split_segment ("speed=3", NULL, NULL, NULL));
    g_assert_false (vigil_subject_split_segment (NULL, NULL, NULL, NULL));
  }

  again = run_with_policy (f, SECTOR_POLICY, "M", "2026-11-09", FALSE);
  g_assert_cmpuint (count_alerted (again), ==, n_alerted);
  for (guint i = 0; i < again->len; i++)
    if (vigil_check_result_get_outcome (again->pdata[i]) == VIGIL_OUTCOME_ALERTED)
      g_assert_false (vigil_check_result_get_alert_is_new (again->pdata[i]));
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM alerts"), ==, n_alerts);
}

/* Outcomes for Banks and Energy, all right but Energy's on 2026-11-08: the performance
 * figures of a segment are its decisions' alone, and performance_drop finds Energy's fall */
static void
test_segment_performance (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(VigilPerformance) energy = NULL;
  g_autoptr(VigilPerformance) banks = NULL;
  g_autoptr(VigilPerformance) whole = NULL;
  gboolean energy_alerted = FALSE;

  sector_week (f->store, "M");
  /* Decisions are logged day by day, sector by sector (50 each, Tiny's 5 last): Banks' are
   * the first 50 of a day, Energy's the next */
  for (int day = 1; day <= 8; day++)
    for (guint s = 0; s < 2; s++)
      {
        gboolean shifted = day == 8 && s == 1;
        int n_sell = shifted ? 35 : 10, n_buy = shifted ? 8 : 15;

        for (int i = 0; i < 50; i++)
          {
            gint64 id = 1 + (gint64) (day - 1) * 205 + (s == 0 ? 0 : 50) + i;
            const char *prediction = i < n_sell ? "SELL" : i < n_sell + n_buy ? "BUY" : "HOLD";
            const char *right = g_str_equal (prediction, "SELL") ? "down"
                                : g_str_equal (prediction, "BUY") ? "up" : "flat";
            const char *wrong = g_str_equal (prediction, "BUY") ? "down" : "up";

            g_assert_true (vigil_store_record_outcome (f->store, id, shifted ? wrong : right,
                                                       "2026-11-09", "desk", &error));
            g_assert_no_error (error);
          }
      }

  energy = vigil_performance_compute_in_segment (f->store, "M", "sector", "Energy",
                                                 "2026-11-08T00:00:00.000000",
                                                 "2026-11-09T00:00:00.000000", NULL, NULL,
                                                 &error);
  g_assert_no_error (error);
  banks = vigil_performance_compute_in_segment (f->store, "M", "sector", "Banks",
                                                "2026-11-08T00:00:00.000000",
                                                "2026-11-09T00:00:00.000000", NULL, NULL,
                                                &error);
  g_assert_no_error (error);
  whole = vigil_performance_compute (f->store, "M", "2026-11-08T00:00:00.000000",
                                     "2026-11-09T00:00:00.000000", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (energy->decisions, ==, 50);
  g_assert_cmpint (energy->judged, ==, 50);
  g_assert_cmpint (energy->right, ==, 0);
  g_assert_cmpint (banks->decisions, ==, 50);
  g_assert_cmpint (banks->right, ==, 50);
  g_assert_cmpint (whole->decisions, ==, 205);
  g_assert_cmpint (whole->judged, ==, 100);
  g_assert_cmpint (whole->right, ==, 50);

  results = run_with_policy (f, SECTOR_POLICY, "M", "2026-11-09", TRUE);
  for (guint i = 0; i < results->len; i++)
    {
      VigilCheckResult *r = results->pdata[i];
      const char *segment = vigil_check_result_get_segment (r);

      if (vigil_check_result_get_check (r) != VIGIL_CHECK_PERFORMANCE_DROP || segment == NULL)
        continue;
      g_test_message ("%s", vigil_check_result_get_message (r));
      if (g_str_equal (segment, "Energy"))
        {
          g_assert_cmpint (vigil_check_result_get_outcome (r), ==, VIGIL_OUTCOME_ALERTED);
          g_assert_true (g_str_has_prefix (vigil_check_result_get_message (r),
                                           "'M' in sector 'Energy': accuracy fell from 100.0% "
                                           "to 0.0%"));
          energy_alerted = TRUE;
        }
      else if (g_str_equal (segment, "Banks"))
        g_assert_cmpint (vigil_check_result_get_outcome (r), ==, VIGIL_OUTCOME_CLEAR);
      else
        g_assert_cmpint (vigil_check_result_get_outcome (r), ==,
                         VIGIL_OUTCOME_INSUFFICIENT_DATA);
    }
  g_assert_true (energy_alerted);
}

/* min_segment_size sets which segments are checked; segments by ticker leave out
 * concentration_risk (an entity is all of its own decisions) */
static void
test_segment_sizes (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) small = NULL;
  g_autoptr(GPtrArray) big = NULL;
  g_autoptr(GPtrArray) tickers = NULL;
  guint n_tiny = 0, n_segment_results = 0;

  sector_week (f->store, "M");
  small = run_with_policy (f, SECTOR_POLICY "min_segment_size = 5\n", "M", "2026-11-09", TRUE);
  for (guint i = 0; i < small->len; i++)
    if (g_strcmp0 (vigil_check_result_get_segment (small->pdata[i]), "Tiny") == 0)
      {
        VigilCheckResult *r = small->pdata[i];

        n_tiny++;
        /* The segment's own minimum is the checks' */
        if (vigil_check_result_get_outcome (r) == VIGIL_OUTCOME_INSUFFICIENT_DATA)
          g_assert_true (g_str_has_prefix (vigil_check_result_get_message (r),
                                           "sector “Tiny”: "));
      }
  g_assert_cmpuint (n_tiny, >, 0);

  big = run_with_policy (f, SECTOR_POLICY "min_segment_size = 51\n", "M", "2026-11-09", TRUE);
  for (guint i = 0; i < big->len; i++)
    n_segment_results += vigil_check_result_get_segment (big->pdata[i]) != NULL;
  g_assert_cmpuint (n_segment_results, ==, 0);

  tickers = run_with_policy (f, "[model M]\nsegment_by = ticker\n", "M", "2026-11-09", TRUE);
  n_segment_results = 0;
  for (guint i = 0; i < tickers->len; i++)
    {
      VigilCheckResult *r = tickers->pdata[i];

      if (vigil_check_result_get_segment (r) == NULL)
        continue;
      n_segment_results++;
      g_assert_cmpint (vigil_check_result_get_check (r), !=, VIGIL_CHECK_CONCENTRATION_RISK);
    }
  g_assert_cmpuint (n_segment_results, >, 0);
}

static VigilScorecard *
simulate_and_score_policy (Fixture       *f,
                           VigilAnomaly   anomalies,
                           guint64        seed,
                           double         collapse_intensity,
                           VigilPolicy   *policy,
                           guint          trading_per_day,
                           GPtrArray    **out_results)
{
  g_autoptr(VigilScenario) scenario = vigil_scenario_new ();
  g_autoptr(VigilSimulator) simulator = vigil_simulator_new ();
  g_autoptr(VigilDetector) detector = vigil_detector_new (f->store, policy);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  VigilScorecard *card;

  vigil_scenario_set_start_date (scenario, "2026-11-01");
  vigil_scenario_set_anomalies (scenario, anomalies);
  vigil_scenario_set_seed (scenario, seed);
  vigil_scenario_set_anomaly_intensity (scenario, VIGIL_ANOMALY_CONFIDENCE_COLLAPSE,
                                        collapse_intensity);
  if (trading_per_day > 0)
    vigil_scenario_set_trading_per_day (scenario, trading_per_day);
  g_assert_true (vigil_simulator_run (simulator, f->store, scenario, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  results = vigil_detector_backtest (detector, NULL, "2026-11-01", "2026-11-07", NULL, NULL, NULL,
                                     &error);
  g_assert_no_error (error);
  card = vigil_scorecard_new (vigil_simulator_get_scenario (simulator), results);
  if (out_results)
    *out_results = g_steal_pointer (&results);
  return card;
}

static VigilScorecard *
simulate_and_score_results (Fixture       *f,
                            VigilAnomaly   anomalies,
                            guint64        seed,
                            double         collapse_intensity,
                            GPtrArray    **out_results)
{
  return simulate_and_score_policy (f, anomalies, seed, collapse_intensity, NULL, 0,
                                    out_results);
}

static VigilScorecard *
simulate_and_score (Fixture      *f,
                    VigilAnomaly  anomalies,
                    guint64       seed)
{
  return simulate_and_score_results (f, anomalies, seed, 1.0, NULL);
}

/* A SELL surge and a mild confidence collapse on day 4: the surge sets off distribution_shift
 * on MomentumSignal, the collapse is too mild for confidence_shift. The collapse is missed;
 * the surge's alerts are not credited to it. */
static void
test_scorecard_credits_expected_checks (Fixture       *f,
                                        gconstpointer  data)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(VigilScorecard) card =
    simulate_and_score_results (f, VIGIL_ANOMALY_SELL_SURGE | VIGIL_ANOMALY_CONFIDENCE_COLLAPSE,
                                42, 0.2, &results);
  g_autofree char *text = vigil_scorecard_to_text (card);
  g_autofree char *json = vigil_scorecard_to_json (card);
  GPtrArray *catches;
  gboolean shift_on_day = FALSE;

  /* The premise: distribution_shift fired on MomentumSignal on day 4, confidence_shift not */
  for (guint i = 0; i < results->len; i++)
    {
      VigilCheckResult *r = results->pdata[i];

      if (vigil_check_result_get_outcome (r) != VIGIL_OUTCOME_ALERTED ||
          vigil_scorecard_day_of (card, vigil_check_result_get_window_end (r)) != 4)
        continue;
      g_assert_cmpint (vigil_check_result_get_check (r), !=, VIGIL_CHECK_CONFIDENCE_SHIFT);
      shift_on_day = shift_on_day ||
        (vigil_check_result_get_check (r) == VIGIL_CHECK_DISTRIBUTION_SHIFT &&
         g_strcmp0 (vigil_check_result_get_model_name (r), "MomentumSignal") == 0);
    }
  g_assert_true (shift_on_day);

  g_assert_cmpuint (vigil_scorecard_get_n_anomalies (card), ==, 2);
  g_assert_cmpint (vigil_scorecard_get_anomaly (card, 0), ==, VIGIL_ANOMALY_SELL_SURGE);
  g_assert_true (vigil_scorecard_get_caught (card, 0));
  catches = vigil_scorecard_get_catches (card, 0);
  g_assert_cmpint (vigil_check_result_get_check (catches->pdata[0]), ==,
                   VIGIL_CHECK_DISTRIBUTION_SHIFT);
  g_assert_cmpstr (vigil_check_result_get_subject (catches->pdata[0]), ==, "SELL");

  g_assert_cmpint (vigil_scorecard_get_anomaly (card, 1), ==, VIGIL_ANOMALY_CONFIDENCE_COLLAPSE);
  g_assert_false (vigil_scorecard_get_caught (card, 1));
  g_assert_cmpuint (vigil_scorecard_get_catches (card, 1)->len, ==, 0);

  g_assert_nonnull (strstr (text, "confidence_collapse  day 4: missed. Meant to be caught by "
                                  "Confidence shift on MomentumSignal and CreditXGBoost."));
  g_assert_null (strstr (text, "confidence_collapse  day 4: caught"));
  /* People read the checks' labels, never their keys */
  for (guint c = 0; c < VIGIL_N_CHECKS; c++)
    g_assert_null (strstr (text, vigil_check_to_string ((VigilCheck) c)));
  g_assert_nonnull (strstr (json, "{\"anomaly\":\"confidence_collapse\",\"day\":4,"
                                  "\"expected_checks\":[\"confidence_shift\"],"
                                  "\"models\":[\"MomentumSignal\",\"CreditXGBoost\"],"
                                  "\"caught\":false,\"caught_by\":[]}"));

  /* Each alert of the day is credited only where its anomaly expects it */
  for (guint i = 0; i < vigil_scorecard_get_n_anomalies (card); i++)
    {
      catches = vigil_scorecard_get_catches (card, i);
      for (guint j = 0; j < catches->len; j++)
        g_assert_true (vigil_anomaly_expects (vigil_scorecard_get_anomaly (card, i),
                                              vigil_check_result_get_check (catches->pdata[j]),
                                              vigil_check_result_get_model_name (catches->pdata[j])));
    }
}

static VigilCheckResult *
alerted (const char *model,
         VigilCheck  check,
         const char *window_start,
         const char *window_end)
{
  VigilCheckResult *r = vigil_check_result_new (model, check, window_end, "2026-10-25T00:00:00.000000",
                                                window_start, window_end);

  vigil_check_result_set_outcome (r, VIGIL_OUTCOME_ALERTED, NULL, "an alert");
  return r;
}

/* Each alert of a run is credited, listed as another alert of the anomaly day, or a false
 * alarm, by the day its window describes (its last day), its check and its model. */
static void
test_scorecard_sorts_alerts (void)
{
  g_autoptr(VigilScenario) scenario = vigil_scenario_new ();
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(VigilScorecard) card = NULL;
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;

  vigil_scenario_set_start_date (scenario, "2026-11-01");
  vigil_scenario_set_anomalies (scenario, VIGIL_ANOMALY_SELL_SURGE);
  /* credited: the check meant for it, on its model, on day 4 */
  g_ptr_array_add (results, alerted ("MomentumSignal", VIGIL_CHECK_DISTRIBUTION_SHIFT,
                                     "2026-11-04T00:00:00.000000", "2026-11-05T00:00:00.000000"));
  /* another alert of day 4 on the model the surge changed, by a check not meant for it */
  g_ptr_array_add (results, alerted ("MomentumSignal", VIGIL_CHECK_CONFIDENCE_SHIFT,
                                     "2026-11-04T00:00:00.000000", "2026-11-05T00:00:00.000000"));
  /* false alarms: a model the surge does not change, and a normal day (a three-day window
   * ending with day 3 describes day 3) */
  g_ptr_array_add (results, alerted ("CreditXGBoost", VIGIL_CHECK_DISTRIBUTION_SHIFT,
                                     "2026-11-04T00:00:00.000000", "2026-11-05T00:00:00.000000"));
  g_ptr_array_add (results, alerted ("MomentumSignal", VIGIL_CHECK_DISTRIBUTION_SHIFT,
                                     "2026-11-01T00:00:00.000000", "2026-11-04T00:00:00.000000"));

  card = vigil_scorecard_new (scenario, results);
  g_assert_true (vigil_scorecard_get_caught (card, 0));
  g_assert_cmpuint (vigil_scorecard_get_catches (card, 0)->len, ==, 1);
  g_assert_true (vigil_scorecard_get_catches (card, 0)->pdata[0] == results->pdata[0]);
  g_assert_cmpuint (vigil_scorecard_get_other_alerts (card)->len, ==, 1);
  g_assert_true (vigil_scorecard_get_other_alerts (card)->pdata[0] == results->pdata[1]);
  g_assert_cmpuint (vigil_scorecard_get_false_alarms (card)->len, ==, 2);
  g_assert_cmpuint (vigil_scorecard_day_of (card, "2026-11-04T00:00:00.000000"), ==, 3);

  text = vigil_scorecard_to_text (card);
  g_assert_nonnull (strstr (text, "Other alert of day 4, by a check not meant for the anomaly, "
                                  "credited to none and not a false alarm: 1\n"
                                  "  day 4, Confidence shift: an alert\n"));
  g_assert_nonnull (strstr (text, "False alarms: 2\n"));
  g_assert_nonnull (strstr (text, "  day 3, Distribution shift: an alert\n"));
  json = vigil_scorecard_to_json (card);
  g_assert_nonnull (strstr (json, "\"other_alerts\":[{\"check\":\"confidence_shift\""));
  g_assert_nonnull (strstr (json, "\"false_alarm_count\":2"));
}

/* The table of what each anomaly is meant to set off, which the wizard and simulate share */
static void
test_anomaly_expectations (void)
{
  for (guint bit = 0; bit < VIGIL_N_ANOMALIES; bit++)
    {
      const VigilAnomalyExpectation *e = vigil_anomaly_get_expectation (1u << bit);

      g_assert_nonnull (e);
      g_assert_cmpint (e->anomaly, ==, 1u << bit);
      g_assert_cmpint (e->checks[0], !=, VIGIL_N_CHECKS);
      g_assert_nonnull (e->models[0]);
    }
  g_assert_null (vigil_anomaly_get_expectation (VIGIL_ANOMALY_NONE));
  g_assert_true (vigil_anomaly_expects (VIGIL_ANOMALY_SELL_SURGE, VIGIL_CHECK_DISTRIBUTION_SHIFT,
                                        "MomentumSignal"));
  g_assert_false (vigil_anomaly_expects (VIGIL_ANOMALY_SELL_SURGE, VIGIL_CHECK_DISTRIBUTION_SHIFT,
                                         "CreditXGBoost"));
  g_assert_false (vigil_anomaly_expects (VIGIL_ANOMALY_CONFIDENCE_COLLAPSE,
                                         VIGIL_CHECK_DISTRIBUTION_SHIFT, "MomentumSignal"));
  g_assert_true (vigil_anomaly_expects (VIGIL_ANOMALY_CONFIDENCE_COLLAPSE,
                                        VIGIL_CHECK_CONFIDENCE_SHIFT, "CreditXGBoost"));
}

static void
test_scorecard_default (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(VigilScorecard) card = simulate_and_score (f, VIGIL_ANOMALY_SELL_SURGE | VIGIL_ANOMALY_LOW_FICO, 42);
  g_autofree char *text = vigil_scorecard_to_text (card);
  g_autofree char *json = vigil_scorecard_to_json (card);
  VigilCheckResult *first;

  g_assert_cmpuint (vigil_scorecard_get_n_anomalies (card), ==, 2);
  /* The notebook's incident, found on its day by the check built for it */
  g_assert_cmpint (vigil_scorecard_get_anomaly (card, 0), ==, VIGIL_ANOMALY_SELL_SURGE);
  g_assert_true (vigil_scorecard_get_caught (card, 0));
  first = g_ptr_array_index (vigil_scorecard_get_catches (card, 0), 0);
  g_assert_cmpint (vigil_check_result_get_check (first), ==, VIGIL_CHECK_DISTRIBUTION_SHIFT);
  g_assert_cmpstr (vigil_check_result_get_subject (first), ==, "SELL");
  g_assert_cmpuint (vigil_scorecard_day_of (card, vigil_check_result_get_window_end (first)), ==, 4);
  /* The low-FICO day, which the four checks miss, by feature drift on fico */
  g_assert_cmpint (vigil_scorecard_get_anomaly (card, 1), ==, VIGIL_ANOMALY_LOW_FICO);
  g_assert_true (vigil_scorecard_get_caught (card, 1));
  first = g_ptr_array_index (vigil_scorecard_get_catches (card, 1), 0);
  g_assert_cmpint (vigil_check_result_get_check (first), ==, VIGIL_CHECK_FEATURE_DRIFT);
  g_assert_cmpstr (vigil_check_result_get_subject (first), ==, "fico");
  /* and nothing on the five normal days */
  g_assert_cmpuint (vigil_scorecard_get_false_alarms (card)->len, ==, 0);
  g_assert_nonnull (strstr (text, "False alarms: none"));
  g_assert_nonnull (strstr (json, "\"false_alarm_count\":0"));
}

static void
test_scorecard_each_anomaly (Fixture       *f,
                             gconstpointer  data)
{
  struct { VigilAnomaly anomaly; VigilCheck check; } cases[] = {
    { VIGIL_ANOMALY_CONCENTRATION, VIGIL_CHECK_CONCENTRATION_RISK },
    { VIGIL_ANOMALY_VOLUME_SPIKE, VIGIL_CHECK_VOLUME_ANOMALY },
    { VIGIL_ANOMALY_VOLUME_DROP, VIGIL_CHECK_VOLUME_ANOMALY },
    { VIGIL_ANOMALY_CONFIDENCE_COLLAPSE, VIGIL_CHECK_CONFIDENCE_SHIFT },
    { VIGIL_ANOMALY_FEATURE_DRIFT, VIGIL_CHECK_FEATURE_DRIFT },
    { VIGIL_ANOMALY_MISSING_INPUTS, VIGIL_CHECK_DATA_QUALITY },
    { VIGIL_ANOMALY_CATEGORY_SHIFT, VIGIL_CHECK_CATEGORICAL_DRIFT },
    { VIGIL_ANOMALY_ACCURACY_DROP, VIGIL_CHECK_PERFORMANCE_DROP },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(VigilScorecard) card = NULL;
      g_autoptr(GError) error = NULL;
      VigilCheckResult *first;

      /* A fresh training database for each */
      fixture_renew (f);

      card = simulate_and_score (f, cases[i].anomaly, 42);
      g_assert_true (vigil_scorecard_get_caught (card, 0));
      first = g_ptr_array_index (vigil_scorecard_get_catches (card, 0), 0);
      if (vigil_check_result_get_check (first) != cases[i].check)
        g_error ("%s was caught first by %s, not %s", vigil_anomaly_to_string (cases[i].anomaly),
                 vigil_check_to_string (vigil_check_result_get_check (first)),
                 vigil_check_to_string (cases[i].check));
      g_assert_cmpuint (vigil_scorecard_get_false_alarms (card)->len, ==, 0);
    }
}

/* The loan purposes' shift is caught by categorical drift on the credit model, on its day,
 * naming the input and the purpose that grew */
static void
test_scorecard_category_shift (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(VigilScorecard) card = simulate_and_score (f, VIGIL_ANOMALY_CATEGORY_SHIFT, 42);
  g_autofree char *json = vigil_scorecard_to_json (card);
  VigilCheckResult *first;
  const char *message;

  g_assert_cmpuint (vigil_scorecard_get_n_anomalies (card), ==, 1);
  g_assert_cmpint (vigil_scorecard_get_anomaly (card, 0), ==, VIGIL_ANOMALY_CATEGORY_SHIFT);
  g_assert_true (vigil_scorecard_get_caught (card, 0));
  first = g_ptr_array_index (vigil_scorecard_get_catches (card, 0), 0);
  g_assert_cmpint (vigil_check_result_get_check (first), ==, VIGIL_CHECK_CATEGORICAL_DRIFT);
  g_assert_cmpstr (vigil_check_result_get_model_name (first), ==, "CreditXGBoost");
  g_assert_cmpstr (vigil_check_result_get_subject (first), ==, "loan_purpose");
  g_assert_cmpuint (vigil_scorecard_day_of (card, vigil_check_result_get_window_end (first)), ==, 4);
  message = vigil_check_result_get_message (first);
  g_test_message ("%s", message);
  g_assert_true (g_str_has_prefix (message, "'CreditXGBoost': categorical input 'loan_purpose' "
                                            "changed its mix (chi-square p="));
  /* Debt consolidation grows from about a fifth to about 60%, and leads the description */
  g_assert_nonnull (strstr (message, "): 'debt_consolidation' from "));
  g_assert_cmpfloat (vigil_check_result_get_baseline (first), >, 0.1);
  g_assert_cmpfloat (vigil_check_result_get_baseline (first), <, 0.3);
  g_assert_cmpfloat (vigil_check_result_get_observed (first), >, 0.5);
  g_assert_cmpfloat (vigil_check_result_get_p_value (first), <, 1e-6);
  g_assert_nonnull (strstr (json, "{\"anomaly\":\"category_shift\",\"day\":4,"
                                  "\"expected_checks\":[\"categorical_drift\"],"
                                  "\"models\":[\"CreditXGBoost\"],\"caught\":true,"));
  g_assert_cmpuint (vigil_scorecard_get_false_alarms (card)->len, ==, 0);
}

/* Ten seeds of @anomaly: it is caught every time; returns the false alarms of @check, counted
 * per seed in the test's log */
static guint
false_alarms_over_seeds (Fixture      *f,
                         VigilAnomaly  anomaly,
                         VigilCheck    check)
{
  g_autoptr(GString) counts = g_string_new (NULL);
  guint total = 0;

  for (guint64 seed = 1; seed <= 10; seed++)
    {
      g_autoptr(VigilScorecard) card = NULL;
      GPtrArray *alarms;
      guint n = 0;

      fixture_renew (f);
      card = simulate_and_score (f, anomaly, seed);
      if (!vigil_scorecard_get_caught (card, 0))
        g_error ("seed %" G_GUINT64_FORMAT ": %s was missed", seed,
                 vigil_anomaly_to_string (anomaly));
      alarms = vigil_scorecard_get_false_alarms (card);
      for (guint i = 0; i < alarms->len; i++)
        if (vigil_check_result_get_check (alarms->pdata[i]) == check)
          {
            g_test_message ("seed %" G_GUINT64_FORMAT ": %s", seed,
                            vigil_check_result_get_message (alarms->pdata[i]));
            n++;
          }
      g_string_append_printf (counts, "%s%u", seed > 1 ? ", " : "", n);
      total += n;
    }
  g_test_message ("%s's false alarms on the normal days, seeds 1 to 10: %s",
                  vigil_check_to_string (check), counts->str);
  return total;
}

/* Ten seeds: the shift is caught every time, and categorical drift rarely cries wolf on the
 * normal days (four a run with a baseline, on the credit model, the only one with a text
 * input) */
static void
test_scorecard_categorical_false_alarms (Fixture       *f,
                                         gconstpointer  data)
{
  guint total = false_alarms_over_seeds (f, VIGIL_ANOMALY_CATEGORY_SHIFT,
                                         VIGIL_CHECK_CATEGORICAL_DRIFT);

  /* 40 normal days checked at 99% confidence: fewer than one expected */
  g_assert_cmpuint (total, <=, 2);
}

/* Outcomes that disagree with day 4's decisions, arriving days later: performance_drop finds
 * the day on both models, with both accuracies, the sample sizes and the p-value; detecting
 * again stores nothing new */
static void
test_scorecard_accuracy_drop (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(VigilDetector) detector = vigil_detector_new (f->store, NULL);
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilScorecard) card = simulate_and_score (f, VIGIL_ANOMALY_ACCURACY_DROP, 42);
  GPtrArray *catches;
  gint64 alerts;
  guint models = 0;

  g_assert_true (vigil_scorecard_get_caught (card, 0));
  catches = vigil_scorecard_get_catches (card, 0);
  for (guint i = 0; i < catches->len; i++)
    {
      VigilCheckResult *r = catches->pdata[i];
      const char *message = vigil_check_result_get_message (r);

      g_test_message ("%s", message);
      g_assert_cmpint (vigil_check_result_get_check (r), ==, VIGIL_CHECK_PERFORMANCE_DROP);
      g_assert_cmpstr (vigil_check_result_get_subject (r), ==, "accuracy");
      g_assert_cmpuint (vigil_scorecard_day_of (card, vigil_check_result_get_window_end (r)), ==,
                        4);
      /* About 20% right that day, against about 80% before */
      g_assert_cmpfloat (vigil_check_result_get_observed (r), <, 0.4);
      g_assert_cmpfloat (vigil_check_result_get_baseline (r), >, 0.65);
      g_assert_cmpfloat (vigil_check_result_get_p_value (r), <, 1e-6);
      g_assert_cmpint (vigil_check_result_get_n_recent (r), >=, 20);
      g_assert_cmpint (vigil_check_result_get_n_baseline (r), >=, 60);
      g_assert_nonnull (strstr (message, "accuracy fell from "));
      models |= g_str_equal (vigil_check_result_get_model_name (r), "MomentumSignal") ? 1 : 2;
    }
  g_assert_cmpuint (models, ==, 3);
  g_assert_cmpuint (vigil_scorecard_get_false_alarms (card)->len, ==, 0);

  alerts = count_rows (f->path, "SELECT count(*) FROM alerts WHERE alert_type = "
                                "'performance_drop'");
  g_assert_cmpint (alerts, ==, 2);
  again = vigil_detector_backtest (detector, NULL, "2026-11-01", "2026-11-07", NULL, NULL, NULL,
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM alerts WHERE alert_type = "
                                        "'performance_drop'"), ==, alerts);
}

/* Ten seeds: the drop is caught every time, and performance_drop stays quiet on normal days */
static void
test_scorecard_performance_false_alarms (Fixture       *f,
                                         gconstpointer  data)
{
  guint total = false_alarms_over_seeds (f, VIGIL_ANOMALY_ACCURACY_DROP,
                                         VIGIL_CHECK_PERFORMANCE_DROP);

  /* Two models, five normal days each, at 99% confidence: fewer than one expected */
  g_assert_cmpuint (total, <=, 2);
}

/* Ten seeds of normal days, checked as a whole and per sector (six of them, on the trading
 * model, @trading_per_day decisions a day), segments of at least @min_segment_size decisions;
 * prints the false alarms of the whole model's checks, of the segments', and how many the
 * segments' threshold checks would have raised without the correction. */
static void
segment_false_alarms (Fixture *f,
                      guint    trading_per_day,
                      guint    min_segment_size,
                      guint   *out_whole,
                      guint   *out_segment,
                      guint   *out_uncorrected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("[defaults]\nsegment_by = sector\n"
                                           "min_segment_size = %u\n", min_segment_size);
  g_autoptr(VigilPolicy) policy = vigil_policy_new_from_data (text, "policy", &error);
  g_autoptr(GString) whole_counts = g_string_new (NULL);
  g_autoptr(GString) segment_counts = g_string_new (NULL);
  g_autoptr(GString) uncorrected_counts = g_string_new (NULL);
  guint whole_total = 0, segment_total = 0, uncorrected_total = 0, tested = 0;

  g_assert_no_error (error);
  for (guint64 seed = 1; seed <= 10; seed++)
    {
      g_autoptr(VigilScorecard) card = NULL;
      g_autoptr(GPtrArray) results = NULL;
      guint whole = 0, segment = 0, uncorrected = 0;

      fixture_renew (f);
      card = simulate_and_score_policy (f, VIGIL_ANOMALY_NONE, seed, 1.0, policy,
                                        trading_per_day, &results);
      for (guint i = 0; i < results->len; i++)
        {
          VigilCheckResult *r = results->pdata[i];
          gboolean alerted = vigil_check_result_get_outcome (r) == VIGIL_OUTCOME_ALERTED;

          if (vigil_check_result_get_segment (r) == NULL)
            {
              whole += alerted;
              continue;
            }
          tested++;
          segment += alerted;
          if (alerted)
            g_test_message ("seed %" G_GUINT64_FORMAT ": %s", seed,
                            vigil_check_result_get_message (r));
          /* Over a threshold, but not significant once corrected */
          uncorrected += alerted ||
                         strstr (vigil_check_result_get_message (r),
                                 "not significant once corrected") != NULL;
        }
      g_assert_cmpuint (vigil_scorecard_get_false_alarms (card)->len, ==, whole + segment);
      g_string_append_printf (whole_counts, "%s%u", seed > 1 ? ", " : "", whole);
      g_string_append_printf (segment_counts, "%s%u", seed > 1 ? ", " : "", segment);
      g_string_append_printf (uncorrected_counts, "%s%u", seed > 1 ? ", " : "", uncorrected);
      whole_total += whole;
      segment_total += segment;
      uncorrected_total += uncorrected;
    }
  g_test_message ("%u trading signals a day, segments of at least %u: false alarms on normal "
                  "days, seeds 1 to 10: whole model %s (%u); sectors %s (%u); sectors "
                  "uncorrected %s (%u); of %u segment results", trading_per_day,
                  min_segment_size, whole_counts->str, whole_total, segment_counts->str,
                  segment_total, uncorrected_counts->str, uncorrected_total, tested);
  g_assert_cmpuint (tested, >, 0);
  *out_whole = whole_total;
  *out_segment = segment_total;
  *out_uncorrected = uncorrected_total;
}

/* Sectors of about 40 decisions a day, the minimum segment the policy's min_samples: the
 * sectors' checks raise no more false alarms than the whole model's */
static void
test_scorecard_segment_false_alarms (Fixture       *f,
                                     gconstpointer  data)
{
  guint whole, segment, uncorrected;

  segment_false_alarms (f, 250, 20, &whole, &segment, &uncorrected);
  g_assert_cmpuint (segment, <=, whole);
}

/* Sectors of about 8 decisions a day, checked down to 5: small samples cross the thresholds
 * all the time, and the correction keeps all but a few of those crossings from alerting */
static void
test_scorecard_small_segment_false_alarms (Fixture       *f,
                                           gconstpointer  data)
{
  guint whole, segment, uncorrected;

  segment_false_alarms (f, 50, 5, &whole, &segment, &uncorrected);
  g_assert_cmpuint (uncorrected, >=, 100);
  g_assert_cmpuint (segment * 20, <=, uncorrected);
}

static void
test_scorecard_no_anomaly (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(VigilScorecard) card = simulate_and_score (f, VIGIL_ANOMALY_NONE, 42);

  g_assert_cmpuint (vigil_scorecard_get_n_anomalies (card), ==, 0);
  g_assert_cmpuint (vigil_scorecard_get_false_alarms (card)->len, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/vigil/detector/quiet-week", test_quiet_week);
  ADD ("/vigil/detector/scorecard-credits-expected-checks", test_scorecard_credits_expected_checks);
  g_test_add_func ("/vigil/detector/anomaly-expectations", test_anomaly_expectations);
  g_test_add_func ("/vigil/detector/scorecard-sorts-alerts", test_scorecard_sorts_alerts);
  ADD ("/vigil/detector/sell-surge", test_sell_surge);
  ADD ("/vigil/detector/dry-run", test_dry_run);
  ADD ("/vigil/detector/new-category", test_new_category);
  ADD ("/vigil/detector/insufficient", test_insufficient);
  ADD ("/vigil/detector/no-confidence-no-entity", test_no_confidence_no_entity);
  ADD ("/vigil/detector/concentration", test_concentration);
  ADD ("/vigil/detector/confidence-shift", test_confidence_shift);
  ADD ("/vigil/detector/volume-spike", test_volume_spike);
  ADD ("/vigil/detector/volume-young-model", test_volume_young_model);
  ADD ("/vigil/detector/feature-drift", test_feature_drift);
  ADD ("/vigil/detector/categorical-drift", test_categorical_drift);
  ADD ("/vigil/detector/categorical-unseen", test_categorical_unseen);
  ADD ("/vigil/detector/categorical-floor", test_categorical_floor);
  ADD ("/vigil/detector/echo-free-baseline", test_echo_free_baseline);
  ADD ("/vigil/detector/windows-within-days", test_windows_within_days);
  ADD ("/vigil/detector/policy-applies", test_policy_applies);
  ADD ("/vigil/detector/ledger-after-detection", test_ledger_after_detection);
  ADD ("/vigil/detector/segment-anomaly", test_segment_anomaly);
  ADD ("/vigil/detector/segment-sizes", test_segment_sizes);
  ADD ("/vigil/detector/segment-performance", test_segment_performance);
  ADD ("/vigil/scorecard/default-scenario", test_scorecard_default);
  ADD ("/vigil/scorecard/each-anomaly", test_scorecard_each_anomaly);
  ADD ("/vigil/scorecard/category-shift", test_scorecard_category_shift);
  ADD ("/vigil/scorecard/categorical-false-alarms", test_scorecard_categorical_false_alarms);
  ADD ("/vigil/scorecard/accuracy-drop", test_scorecard_accuracy_drop);
  ADD ("/vigil/scorecard/performance-false-alarms", test_scorecard_performance_false_alarms);
  ADD ("/vigil/scorecard/segment-false-alarms", test_scorecard_segment_false_alarms);
  ADD ("/vigil/scorecard/small-segment-false-alarms",
       test_scorecard_small_segment_false_alarms);
  ADD ("/vigil/scorecard/no-anomaly", test_scorecard_no_anomaly);
#undef ADD

  return g_test_run ();
}
