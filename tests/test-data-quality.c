/* test-data-quality.c: the data-quality check, on imported lines and on simulated days
 *
 * The decisions are imported as a model's log would be, so that what the check sees is what
 * the importer really stores: a line without input_features, or with null or {}, is kept with
 * the inputs {}; a null confidence is kept as none; an empty explanation as empty. What the
 * importer refuses (input_features that are not an object) never reaches the check.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "vigil-detector.h"
#include "vigil-importer.h"
#include "vigil-scorecard.h"
#include "vigil-simulator.h"
#include "vigil-test-detect.h"
#include "vigil-test-util.h"

/* What a line of a day lacks or gets wrong */
typedef enum
{
  LINE_NORMAL,
  LINE_NO_FEATURES,        /* input_features left out */
  LINE_NULL_FEATURES,      /* "input_features": null */
  LINE_EMPTY_FEATURES,     /* "input_features": {} */
  LINE_NO_CONFIDENCE,      /* "confidence": null */
  LINE_BLANK_EXPLANATION,  /* "explanation": "" */
  LINE_NO_EXPLANATION,     /* explanation left out */
  LINE_NO_X,               /* the inputs without x */
  LINE_X_OUT_OF_RANGE,     /* x far above the normal [10, 19.9] */
  LINE_STRING_FEATURES,    /* "input_features": "", which the importer refuses */
} Line;

/* Imports @n decisions of @model spread over @date (YYYY-MM-DD), line i of the kind
 * @kinds[i] for i below @n_kinds, normal after; returns how many were refused. A normal line
 * has the inputs x in [10, 19.9] and y, a confidence and an explanation. */
static gint64
import_day (Fixture    *f,
            const char *model,
            const char *date,
            int         n,
            const Line *kinds,
            int         n_kinds)
{
  g_autoptr(VigilImporter) importer = vigil_importer_new (f->store);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("%s-%s.jsonl", model, date);
  g_autofree char *path = g_build_filename (f->dir, name, NULL);

  for (int i = 0; i < n; i++)
    {
      Line kind = i < n_kinds ? kinds[i] : LINE_NORMAL;
      int secs = (int) ((gint64) i * 86400 / n);
      double x = 10.0 + (double) ((i * 37) % 100) / 10.0;

      g_string_append_printf (text, "{\"timestamp\":\"%sT%02d:%02d:%02dZ\",\"model_name\":\"%s\","
                              "\"model_version\":\"1\",\"decision_type\":\"t\","
                              "\"prediction\":\"%s\"", date, secs / 3600, secs / 60 % 60,
                              secs % 60, model, i % 3 ? "BUY" : "SELL");
      if (kind == LINE_NO_CONFIDENCE)
        g_string_append (text, ",\"confidence\":null");
      else
        g_string_append_printf (text, ",\"confidence\":0.%d", 60 + i % 20);
      switch (kind)
        {
        case LINE_NO_FEATURES:
          break;
        case LINE_NULL_FEATURES:
          g_string_append (text, ",\"input_features\":null");
          break;
        case LINE_EMPTY_FEATURES:
          g_string_append (text, ",\"input_features\":{}");
          break;
        case LINE_STRING_FEATURES:
          g_string_append (text, ",\"input_features\":\"\"");
          break;
        case LINE_NO_X:
          g_string_append_printf (text, ",\"input_features\":{\"y\":%d}", i % 7);
          break;
        case LINE_X_OUT_OF_RANGE:
          x = 100.0 + i;
          G_GNUC_FALLTHROUGH;
        case LINE_NORMAL:
        case LINE_NO_CONFIDENCE:
        case LINE_BLANK_EXPLANATION:
        case LINE_NO_EXPLANATION:
        default:
          g_string_append_printf (text, ",\"input_features\":{\"x\":%.1f,\"y\":%d}", x, i % 7);
          break;
        }
      if (kind == LINE_BLANK_EXPLANATION)
        g_string_append (text, ",\"explanation\":\"\"");
      else if (kind != LINE_NO_EXPLANATION)
        g_string_append (text, ",\"explanation\":\"momentum\"");
      g_string_append (text, "}\n");
    }
  g_assert_true (g_file_set_contents (path, text->str, (gssize) text->len, NULL));
  g_assert_true (vigil_importer_import_file (importer, path, NULL, &error));
  g_assert_no_error (error);
  return vigil_importer_get_rejected (importer);
}

/* Seven normal days of 100 decisions, 1 to 7 November */
static void
normal_week (Fixture    *f,
             const char *model)
{
  for (int day = 1; day <= 7; day++)
    {
      g_autofree char *date = g_strdup_printf ("2026-11-%02d", day);

      g_assert_cmpint (import_day (f, model, date, 100, NULL, 0), ==, 0);
    }
}

/* The data-quality result of @subject (a finding's name), or the check's only one for NULL;
 * NULL when there is none */
static VigilCheckResult *
finding (GPtrArray  *results,
         const char *subject)
{
  return test_find_result (results, VIGIL_CHECK_DATA_QUALITY, subject);
}

static guint
count_alerted (GPtrArray  *results,
               VigilCheck  check)
{
  guint n = 0;

  for (guint i = 0; i < results->len; i++)
    n += vigil_check_result_get_check (results->pdata[i]) == check &&
         vigil_check_result_get_outcome (results->pdata[i]) == VIGIL_OUTCOME_ALERTED;
  return n;
}

static void
assert_alert (VigilCheckResult *r,
              double            observed,
              double            baseline,
              gint64            n_recent,
              gint64            n_baseline,
              const char       *message)
{
  g_assert_nonnull (r);
  g_assert_cmpint (vigil_check_result_get_outcome (r), ==, VIGIL_OUTCOME_ALERTED);
  g_assert_cmpint (vigil_check_result_get_severity (r), ==, VIGIL_SEVERITY_MEDIUM);
  g_assert_cmpfloat_with_epsilon (vigil_check_result_get_observed (r), observed, 1e-12);
  g_assert_cmpfloat_with_epsilon (vigil_check_result_get_baseline (r), baseline, 1e-12);
  g_assert_cmpfloat_with_epsilon (vigil_check_result_get_threshold (r), 0.05, 1e-12);
  g_assert_cmpint (vigil_check_result_get_n_recent (r), ==, n_recent);
  g_assert_cmpint (vigil_check_result_get_n_baseline (r), ==, n_baseline);
  g_assert_cmpfloat (vigil_check_result_get_p_value (r), <, 1e-3);
  g_assert_cmpstr (vigil_check_result_get_message (r), ==, message);
}

/* A normal day after a normal week: one clear result, no alert */
static void
test_quiet (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) results = NULL;
  VigilCheckResult *r;

  normal_week (f, "M");
  import_day (f, "M", "2026-11-08", 100, NULL, 0);
  results = test_detect (f, "M", "2026-11-09", FALSE);
  g_assert_cmpuint (count_alerted (results, VIGIL_CHECK_DATA_QUALITY), ==, 0);
  r = finding (results, NULL);
  g_assert_nonnull (r);
  g_assert_cmpint (vigil_check_result_get_outcome (r), ==, VIGIL_OUTCOME_CLEAR);
  g_assert_cmpint (vigil_check_result_get_n_recent (r), ==, 100);
  g_assert_true (g_str_has_prefix (vigil_check_result_get_message (r),
                                   "no share of incomplete decisions rose"));
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM alerts"), ==, 0);
}

/* Too few decisions to compare shares */
static void
test_insufficient (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) results = NULL;
  static const Line empty[] = { LINE_EMPTY_FEATURES, LINE_EMPTY_FEATURES, LINE_EMPTY_FEATURES };
  VigilCheckResult *r;

  normal_week (f, "M");
  import_day (f, "M", "2026-11-08", 10, empty, G_N_ELEMENTS (empty));
  results = test_detect (f, "M", "2026-11-09", FALSE);
  r = finding (results, NULL);
  g_assert_nonnull (r);
  g_assert_cmpint (vigil_check_result_get_outcome (r), ==, VIGIL_OUTCOME_INSUFFICIENT_DATA);
  g_assert_cmpint (vigil_check_result_get_n_recent (r), ==, 10);
}

/* Lines without inputs, confidence or explanation, in every form the importer takes: each
 * defect is its own alert, stored once. */
static void
test_incomplete_lines (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) again = NULL;
  Line kinds[100];
  int k = 0;
  gint64 alerts;

  /* 12 without inputs (4 left out, 4 null, 4 {}), 10 without confidence, 8 without
   * explanation (4 empty, 4 left out), and one the importer refuses */
  for (int i = 0; i < 4; i++)
    {
      kinds[k++] = LINE_NO_FEATURES;
      kinds[k++] = LINE_NULL_FEATURES;
      kinds[k++] = LINE_EMPTY_FEATURES;
      kinds[k++] = LINE_BLANK_EXPLANATION;
      kinds[k++] = LINE_NO_EXPLANATION;
    }
  for (int i = 0; i < 10; i++)
    kinds[k++] = LINE_NO_CONFIDENCE;
  kinds[k++] = LINE_STRING_FEATURES;

  normal_week (f, "M");
  g_assert_cmpint (import_day (f, "M", "2026-11-08", 101, kinds, k), ==, 1);

  /* What was stored */
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM decisions WHERE timestamp >= "
                                        "'2026-11-08' AND input_features = '{}'"), ==, 12);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM decisions WHERE timestamp >= "
                                        "'2026-11-08' AND confidence IS NULL"), ==, 10);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM decisions WHERE timestamp >= "
                                        "'2026-11-08' AND explanation = ''"), ==, 4);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM decisions WHERE timestamp >= "
                                        "'2026-11-08' AND explanation IS NULL"), ==, 4);

  results = test_detect (f, "M", "2026-11-09", FALSE);
  g_assert_cmpuint (count_alerted (results, VIGIL_CHECK_DATA_QUALITY), ==, 3);
  assert_alert (finding (results, "empty_inputs"), 0.12, 0, 100, 700,
                "'M': 12.0% of decisions had no input features, against 0.0% in the baseline");
  assert_alert (finding (results, "missing_confidence"), 0.10, 0, 100, 700,
                "'M': 10.0% of decisions had no confidence, against 0.0% in the baseline");
  assert_alert (finding (results, "missing_explanation"), 0.08, 0, 100, 700,
                "'M': 8.0% of decisions had no explanation, against 0.0% in the baseline");
  /* Decisions without any input are not counted again as missing each feature, and the
   * inputs that were logged kept their distribution */
  g_assert_null (finding (results, "missing:x"));
  g_assert_cmpuint (count_alerted (results, VIGIL_CHECK_FEATURE_DRIFT), ==, 0);

  /* Stored as alerts of the check, once */
  alerts = count_rows (f->path, "SELECT count(*) FROM alerts WHERE alert_type = 'data_quality'");
  g_assert_cmpint (alerts, ==, 3);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM alerts WHERE alert_type = "
                                        "'data_quality' AND subject = 'empty_inputs' AND "
                                        "observed = 0.12 AND n_recent = 100"), ==, 1);
  again = test_detect (f, "M", "2026-11-09", FALSE);
  g_assert_cmpuint (count_alerted (again, VIGIL_CHECK_DATA_QUALITY), ==, 3);
  g_assert_cmpint (count_rows (f->path,
                               "SELECT count(*) FROM alerts WHERE alert_type = 'data_quality'"),
                   ==, alerts);
}

/* A feature every baseline decision had, missing from some of the day's */
static void
test_missing_feature (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) results = NULL;
  Line kinds[15];

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    kinds[i] = LINE_NO_X;
  normal_week (f, "M");
  import_day (f, "M", "2026-11-08", 100, kinds, G_N_ELEMENTS (kinds));
  results = test_detect (f, "M", "2026-11-09", FALSE);
  g_assert_cmpuint (count_alerted (results, VIGIL_CHECK_DATA_QUALITY), ==, 1);
  assert_alert (finding (results, "missing:x"), 0.15, 0, 100, 700,
                "'M': input feature 'x' was missing from 15.0% of decisions with inputs, "
                "against 0.0% in the baseline, which always had it");
  g_assert_null (finding (results, "missing:y"));
  g_assert_null (finding (results, "empty_inputs"));
}

/* A feature a tenth of the day's decisions carry far outside the week's values */
static void
test_out_of_range (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) results = NULL;
  Line kinds[10];

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    kinds[i] = LINE_X_OUT_OF_RANGE;
  normal_week (f, "M");
  import_day (f, "M", "2026-11-08", 100, kinds, G_N_ELEMENTS (kinds));
  results = test_detect (f, "M", "2026-11-09", FALSE);
  /* Every normal day holds x = 10 and x = 19.9: no baseline value lies outside the others' */
  assert_alert (finding (results, "out_of_range:x"), 0.10, 0, 100, 700,
                "'M': 10.0% of the values of input feature 'x' were outside the baseline's "
                "range [10, 19.9], against 0.0% in the baseline");
  g_assert_null (finding (results, "out_of_range:y"));
  g_assert_null (finding (results, "missing:x"));
}

/* A defect the baseline had as often is no alarm: only a rise is */
static void
test_steady_defect (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) results = NULL;
  static const Line kinds[] = {
    LINE_NO_EXPLANATION, LINE_NO_EXPLANATION, LINE_NO_EXPLANATION, LINE_NO_EXPLANATION,
    LINE_NO_EXPLANATION, LINE_NO_EXPLANATION, LINE_NO_EXPLANATION, LINE_NO_EXPLANATION,
  };

  for (int day = 1; day <= 8; day++)
    {
      g_autofree char *date = g_strdup_printf ("2026-11-%02d", day);

      import_day (f, "M", date, 100, kinds, G_N_ELEMENTS (kinds));
    }
  results = test_detect (f, "M", "2026-11-09", FALSE);
  g_assert_cmpuint (count_alerted (results, VIGIL_CHECK_DATA_QUALITY), ==, 0);
}

static VigilScorecard *
simulate_and_score (Fixture       *f,
                    VigilAnomaly   anomalies,
                    guint64        seed,
                    GPtrArray    **out_results)
{
  g_autoptr(VigilScenario) scenario = vigil_scenario_new ();
  g_autoptr(VigilSimulator) simulator = vigil_simulator_new ();
  g_autoptr(VigilDetector) detector = vigil_detector_new (f->store, NULL);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  VigilScorecard *card;

  vigil_scenario_set_start_date (scenario, "2026-11-01");
  vigil_scenario_set_anomalies (scenario, anomalies);
  vigil_scenario_set_seed (scenario, seed);
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

/* The simulated incident: on day 4 about 30% of both models' decisions come without inputs */
static void
test_simulated_missing_inputs (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(VigilScorecard) card = simulate_and_score (f, VIGIL_ANOMALY_MISSING_INPUTS, 42,
                                                       &results);
  g_autoptr(VigilDetector) detector = vigil_detector_new (f->store, NULL);
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = vigil_scorecard_to_text (card);
  g_autofree char *json = vigil_scorecard_to_json (card);
  GPtrArray *catches;
  gboolean models[2] = { FALSE, FALSE };
  gint64 alerts;

  /* Stored as an import line without inputs is; the other days have all their inputs */
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM decisions WHERE input_features = "
                                        "'{}' AND (timestamp < '2026-11-04' OR timestamp >= "
                                        "'2026-11-05')"), ==, 0);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM decisions WHERE input_features = "
                                        "'{}' AND timestamp >= '2026-11-04' AND timestamp < "
                                        "'2026-11-05'"), >, 25);

  g_assert_cmpuint (vigil_scorecard_get_n_anomalies (card), ==, 1);
  g_assert_cmpint (vigil_scorecard_get_anomaly (card, 0), ==, VIGIL_ANOMALY_MISSING_INPUTS);
  g_assert_true (vigil_scorecard_get_caught (card, 0));
  catches = vigil_scorecard_get_catches (card, 0);
  for (guint i = 0; i < catches->len; i++)
    {
      VigilCheckResult *r = catches->pdata[i];
      const char *model = vigil_check_result_get_model_name (r);
      double share = vigil_check_result_get_observed (r);

      g_assert_cmpint (vigil_check_result_get_check (r), ==, VIGIL_CHECK_DATA_QUALITY);
      g_assert_cmpstr (vigil_check_result_get_subject (r), ==, "empty_inputs");
      g_assert_cmpuint (vigil_scorecard_day_of (card, vigil_check_result_get_window_end (r)), ==,
                        4);
      g_assert_cmpfloat (share, >, 0.15);
      g_assert_cmpfloat (share, <, 0.45);
      g_assert_cmpfloat (vigil_check_result_get_baseline (r), ==, 0);
      g_assert_cmpfloat (vigil_check_result_get_p_value (r), <, 1e-6);
      g_assert_true (strstr (vigil_check_result_get_message (r),
                             "% of decisions had no input features, against 0.0% in the "
                             "baseline") != NULL);
      models[g_str_equal (model, "CreditXGBoost")] = TRUE;
    }
  g_assert_true (models[0] && models[1]);
  /* Nothing else noticed, feature drift included, and no false alarm */
  g_assert_cmpuint (vigil_scorecard_get_other_alerts (card)->len, ==, 0);
  g_assert_cmpuint (vigil_scorecard_get_false_alarms (card)->len, ==, 0);
  g_assert_nonnull (strstr (text, "missing_inputs       day 4: caught by Data quality: "));
  g_assert_nonnull (strstr (json, "{\"anomaly\":\"missing_inputs\",\"day\":4,"
                                  "\"expected_checks\":[\"data_quality\"],"
                                  "\"models\":[\"MomentumSignal\",\"CreditXGBoost\"],"
                                  "\"caught\":true"));

  /* The same backtest again stores nothing new */
  alerts = count_rows (f->path, "SELECT count(*) FROM alerts");
  g_assert_cmpint (alerts, ==, catches->len);
  again = vigil_detector_backtest (detector, NULL, "2026-11-01", "2026-11-07", NULL, NULL, NULL,
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM alerts"), ==, alerts);
}

/* Ten seeds: the incident caught each time, and the check quiet on the five normal days */
static void
test_false_alarms (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GString) counts = g_string_new (NULL);
  guint total = 0;

  for (guint64 seed = 1; seed <= 10; seed++)
    {
      g_autoptr(VigilScorecard) card = NULL;
      GPtrArray *alarms;
      guint n = 0;

      fixture_renew (f);
      card = simulate_and_score (f, VIGIL_ANOMALY_MISSING_INPUTS, seed, NULL);
      if (!vigil_scorecard_get_caught (card, 0))
        g_error ("seed %" G_GUINT64_FORMAT ": missing_inputs was missed", seed);
      alarms = vigil_scorecard_get_false_alarms (card);
      for (guint i = 0; i < alarms->len; i++)
        if (vigil_check_result_get_check (alarms->pdata[i]) == VIGIL_CHECK_DATA_QUALITY)
          {
            g_test_message ("seed %" G_GUINT64_FORMAT ": %s", seed,
                            vigil_check_result_get_message (alarms->pdata[i]));
            n++;
          }
      g_string_append_printf (counts, "%s%u", seed > 1 ? ", " : "", n);
      total += n;
    }
  g_test_message ("data_quality false alarms over five normal days, seeds 1 to 10: [%s]",
                  counts->str);
  g_assert_cmpuint (total, <=, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/vigil/data-quality/quiet", test_quiet);
  ADD ("/vigil/data-quality/insufficient", test_insufficient);
  ADD ("/vigil/data-quality/incomplete-lines", test_incomplete_lines);
  ADD ("/vigil/data-quality/missing-feature", test_missing_feature);
  ADD ("/vigil/data-quality/out-of-range", test_out_of_range);
  ADD ("/vigil/data-quality/steady-defect", test_steady_defect);
  ADD ("/vigil/data-quality/simulated-missing-inputs", test_simulated_missing_inputs);
  ADD ("/vigil/data-quality/false-alarms", test_false_alarms);
#undef ADD

  return g_test_run ();
}
