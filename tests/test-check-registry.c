/* test-check-registry.c: a check is one descriptor and one function
 *
 * This is how a check is added to Vigil. Write its function, a VigilCheckFunc: it reads the
 * windows' counts and its policy from the VigilCheckRun the detector hands it
 * (vigil-detector.h) and adds its results with vigil_check_run_add_result(). Write its
 * descriptor, a VigilCheckInfo (vigil-check.h): its name (the policy group and the alerts'
 * type), its label and texts, its severity, which decisions its alerts flag, its policy keys
 * with their defaults and ranges, the words for its thresholds, and the function. Put the
 * descriptor at the end of the table in src/service/detection/vigil-check.c, its function next
 * to the others in vigil-detector.c, and its strings in po/de.po. Nothing else changes: the
 * detector runs it, the policy file reads and writes its keys, Preferences shows them, the
 * alerts view labels and finds its alerts, and the report describes it.
 *
 * Here the check "busy_window" is registered at run time, without touching any other file,
 * and each of those is shown to follow.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "vigil-alert-filter.h"
#include "vigil-check.h"
#include "vigil-detector.h"
#include "vigil-period.h"
#include "vigil-policy.h"
#include "vigil-report.h"
#include "vigil-test-util.h"

/* Alerts when the recent window holds more decisions than max_decisions. */
static gboolean
check_busy_window (VigilCheckRun  *run,
                   VigilCheck      check,
                   GCancellable   *cancellable,
                   GError        **error)
{
  const VigilCheckPolicy *cp = vigil_check_run_get_policy (run, check);
  VigilCheckResult *r;
  g_autofree char *message = NULL;
  gint64 n_recent, n_baseline, min_samples;

  vigil_check_run_get_counts (run, &n_recent, &n_baseline, &min_samples);
  if (n_recent < min_samples)
    {
      vigil_check_run_add_insufficient (run, check, n_recent, n_baseline, "decisions");
      return TRUE;
    }
  r = vigil_check_run_add_result (run, check);
  message = g_strdup_printf ("'%s': %" G_GINT64_FORMAT " decisions in the window, ceiling %g",
                             vigil_check_run_get_model (run), n_recent, cp->threshold);
  vigil_check_result_set_outcome (r, n_recent > cp->threshold ? VIGIL_OUTCOME_ALERTED
                                                              : VIGIL_OUTCOME_CLEAR,
                                  NULL, message);
  vigil_check_result_set_evidence (r, (double) n_recent, NAN, cp->threshold, n_recent,
                                   n_baseline, NAN);
  return TRUE;
}

static char *
describe_busy_window (const VigilCheckPolicy *cp)
{
  return g_strdup_printf ("alerts above %g decisions in the window; severity %s", cp->threshold,
                          vigil_severity_to_string (cp->severity));
}

static const VigilCheckInfo busy_window = {
  .name = "busy_window",
  .label = "Busy window",
  .title = "Busy Window",
  .summary = "Too many decisions in one window",
  .description = "Counts the decisions of the recent window.",
  .test = "None: a count against a ceiling.",
  .severity = VIGIL_SEVERITY_HIGH,
  .subject = VIGIL_CHECK_SUBJECT_WINDOW,
  .keys = {
    { "max_decisions", VIGIL_CHECK_FIELD_THRESHOLD, 150, 1, 1e9, TRUE,
      "The busy window ceiling", "Ceiling", "Most decisions a window may hold", 1, 1e6, 1, 0 },
  },
  .describe = describe_busy_window,
  .run = check_busy_window,
};

static VigilCheck busy;

static void
log_day (VigilStore *store,
         const char *date,
         int         n)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < n; i++)
    {
      int secs = (int) ((gint64) i * 86400 / n);
      g_autofree char *ts = g_strdup_printf ("%sT%02d:%02d:%02dZ", date, secs / 3600,
                                             secs / 60 % 60, secs % 60);

      g_ptr_array_add (batch, make_decision ("M", i % 2 ? "BUY" : "SELL", ts, 0.7, "AAPL"));
    }
  g_assert_true (vigil_store_log_decisions (store, (VigilDecision **) batch->pdata, batch->len,
                                            &error));
  g_assert_no_error (error);
}

/* A week of 100 decisions a day, then a day of 200, checked as of its end */
static GPtrArray *
busy_day (Fixture *f)
{
  g_autoptr(VigilDetector) detector = vigil_detector_new (f->store, NULL);
  g_autoptr(GError) error = NULL;
  GPtrArray *results;

  for (int day = 1; day <= 7; day++)
    {
      g_autofree char *date = g_strdup_printf ("2026-11-%02d", day);
      log_day (f->store, date, 100);
    }
  log_day (f->store, "2026-11-08", 200);
  results = vigil_detector_run (detector, "M", "2026-11-09", NULL, &error);
  g_assert_no_error (error);
  return results;
}

static VigilCheckResult *
find (GPtrArray  *results,
      VigilCheck  check)
{
  for (guint i = 0; i < results->len; i++)
    if (vigil_check_result_get_check (results->pdata[i]) == check)
      return results->pdata[i];
  return NULL;
}

static void
test_table (void)
{
  guint n = 0;
  const VigilCheckInfo * const *all = vigil_checks_get_all (&n);

  g_assert_cmpuint (n, ==, VIGIL_N_CHECKS + 1);
  g_assert_true (all[busy] == &busy_window);
  g_assert_true (vigil_check_lookup ("busy_window") == &busy_window);
  g_assert_null (vigil_check_lookup ("no_such_check"));
  g_assert_cmpstr (vigil_check_get_label (busy), ==, "Busy window");
  for (guint i = 0; i < n; i++)
    {
      g_assert_true (vigil_check_lookup (all[i]->name) == all[i]);
      g_assert_nonnull (all[i]->label);
      g_assert_nonnull (all[i]->run);
    }
}

static void
test_policy (void)
{
  g_autoptr(VigilPolicy) defaults = vigil_policy_new ();
  g_autoptr(VigilPolicy) policy = NULL;
  g_autoptr(VigilPolicy) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const VigilCheckPolicy *cp = &vigil_policy_get_defaults (defaults)->checks[busy];
  VigilModelPolicy bad;

  /* Its defaults */
  g_assert_true (cp->enabled);
  g_assert_cmpint (cp->severity, ==, VIGIL_SEVERITY_HIGH);
  g_assert_cmpfloat (cp->threshold, ==, 150);

  /* Its group and its keys in a model's group */
  policy = vigil_policy_new_from_data ("[busy_window]\nmax_decisions = 80\n\n"
                                       "[model M]\nbusy_window.severity = LOW\n",
                                       "p.policy", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (vigil_policy_get_defaults (policy)->checks[busy].threshold, ==, 80);
  g_assert_cmpint (vigil_policy_for_model (policy, "M")->checks[busy].severity, ==,
                   VIGIL_SEVERITY_LOW);
  g_assert_cmpfloat (vigil_policy_for_model (policy, "M")->checks[busy].threshold, ==, 80);

  /* Written back, and read back the same */
  text = vigil_policy_to_data (policy);
  g_assert_nonnull (strstr (text, "\n[busy_window]\nenabled = true\nseverity = HIGH\n"
                                  "max_decisions = 80\n"));
  g_assert_nonnull (strstr (text, "\n[model M]\nbusy_window.severity = LOW\n"));
  again = vigil_policy_new_from_data (text, "written", &error);
  g_assert_no_error (error);
  g_assert_true (vigil_policy_equal (policy, again));

  /* Its ranges, by line */
  g_clear_object (&again);
  again = vigil_policy_new_from_data ("[busy_window]\n\nmax_decisions = 2.5\n", "p.policy",
                                      &error);
  g_assert_null (again);
  g_assert_error (error, VIGIL_POLICY_ERROR, VIGIL_POLICY_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "p.policy:3: “max_decisions” must be a whole number");
  g_clear_error (&error);
  again = vigil_policy_new_from_data ("[model M]\nbusy_window.max_decisions = 0\n", "p.policy",
                                      &error);
  g_assert_null (again);
  g_assert_cmpstr (error->message, ==,
                   "p.policy:2: “busy_window.max_decisions” must be between 1 and 1e+09, not 0");
  g_clear_error (&error);
  again = vigil_policy_new_from_data ("[busy_window]\nceiling = 3\n", "p.policy", &error);
  g_assert_null (again);
  g_assert_cmpstr (error->message, ==, "p.policy:2: unknown key “ceiling” for busy_window");
  g_clear_error (&error);

  /* And as Preferences sets it */
  bad = *vigil_policy_get_defaults (policy);
  bad.checks[busy].threshold = 0;
  g_assert_false (vigil_policy_set_defaults (policy, &bad, &error));
  g_assert_error (error, VIGIL_POLICY_ERROR, VIGIL_POLICY_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "The busy window ceiling must be between 1 and 1e+09, not 0");
}

static void
test_detector (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) results = busy_day (f);
  VigilCheckResult *r = find (results, busy);
  VigilAlert *alert;

  /* The built-in checks ran as before, and the new one with them */
  g_assert_nonnull (find (results, VIGIL_CHECK_VOLUME_ANOMALY));
  g_assert_nonnull (r);
  g_assert_cmpint (vigil_check_result_get_outcome (r), ==, VIGIL_OUTCOME_ALERTED);
  g_assert_cmpint (vigil_check_result_get_severity (r), ==, VIGIL_SEVERITY_HIGH);
  g_assert_cmpint (vigil_check_result_get_n_recent (r), ==, 200);
  g_assert_cmpstr (vigil_check_result_get_message (r), ==,
                   "'M': 200 decisions in the window, ceiling 150");

  /* Stored as an alert of its type, which the alerts view labels and finds */
  alert = vigil_check_result_get_alert (r);
  g_assert_nonnull (alert);
  g_assert_cmpint (vigil_alert_get_id (alert), >, 0);
  g_assert_cmpstr (vigil_alert_get_alert_type (alert), ==, "busy_window");
  {
    g_autofree char *label = vigil_alert_type_to_label (vigil_alert_get_alert_type (alert));
    VigilAlertFilter filter;

    g_assert_cmpstr (label, ==, "Busy window");
    vigil_alert_filter_init (&filter);
    vigil_alert_filter_set_search (&filter, "busy window");
    g_assert_true (vigil_alert_filter_matches (&filter, alert));
    vigil_alert_filter_clear (&filter);
  }
}

static JsonObject *
method_of (JsonArray  *method,
           const char *check)
{
  for (guint i = 0; i < json_array_get_length (method); i++)
    {
      JsonObject *o = json_array_get_object_element (method, i);

      if (g_strcmp0 (json_object_get_string_member (o, "check"), check) == 0)
        return o;
    }
  return NULL;
}

static void
test_report (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) results = busy_day (f);
  g_autoptr(VigilReport) report = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  JsonObject *root, *policy, *busy_method, *in_force;
  JsonArray *enabled;
  VigilPeriod period;
  gboolean listed = FALSE;

  g_assert_true (vigil_period_init_range (&period, "2026-11-01", "2026-11-08", &error));
  g_assert_no_error (error);
  report = vigil_report_build (f->store, &period, NULL, "Test Bank", "Ana Risk", NULL, NULL,
                               NULL, &error);
  g_assert_no_error (error);
  json = vigil_report_to_json (report);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));

  /* Among the checks enabled, and described in the method appendix with its thresholds */
  policy = json_object_get_object_member (root, "policy");
  enabled = json_object_get_array_member (policy, "checks_enabled");
  for (guint i = 0; i < json_array_get_length (enabled); i++)
    listed |= g_strcmp0 (json_array_get_string_element (enabled, i), "busy_window") == 0;
  g_assert_true (listed);
  g_assert_nonnull (strstr (json_object_get_string_member (policy, "text"),
                            "\n[busy_window]\nenabled = true\nseverity = HIGH\n"
                            "max_decisions = 150\n"));
  busy_method = method_of (json_object_get_array_member (root, "method"), "busy_window");
  g_assert_nonnull (busy_method);
  g_assert_cmpstr (json_object_get_string_member (busy_method, "definition"), ==,
                   "Counts the decisions of the recent window.");
  g_assert_cmpstr (json_object_get_string_member (busy_method, "test"), ==,
                   "None: a count against a ceiling.");
  in_force = json_array_get_object_element (json_object_get_array_member (busy_method,
                                                                          "in_force"), 0);
  g_assert_cmpstr (json_object_get_string_member (in_force, "thresholds"), ==,
                   "alerts above 150 decisions in the window; severity HIGH");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  /* Before anything makes a policy: policies made earlier do not know the check */
  busy = vigil_checks_register_for_test (&busy_window);
  g_assert_cmpint (busy, ==, VIGIL_N_CHECKS);

  g_test_add_func ("/vigil/check-registry/table", test_table);
  g_test_add_func ("/vigil/check-registry/policy", test_policy);
  g_test_add ("/vigil/check-registry/detector", Fixture, NULL, fixture_set_up, test_detector,
              fixture_tear_down);
  g_test_add ("/vigil/check-registry/report", Fixture, NULL, fixture_set_up, test_report,
              fixture_tear_down);
  return g_test_run ();
}
