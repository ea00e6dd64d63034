/* test-policy.c: reading, writing and storing detection policies, and refusing bad ones
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "vigil-policy.h"
#include "vigil-store.h"
#include "vigil-test-util.h"

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
  g_assert_cmpfloat (p->checks[VIGIL_CHECK_DATA_QUALITY].threshold, ==, 0.05);
  g_assert_cmpfloat (p->checks[VIGIL_CHECK_DATA_QUALITY].confidence, ==, 0.999);
  g_assert_cmpint (p->checks[VIGIL_CHECK_DATA_QUALITY].severity, ==, VIGIL_SEVERITY_MEDIUM);
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
    { "[model M]\nsegment_by = region\n",
      "p.ini:2: “segment_by” must be one of sector, portfolio_id, user_id, ticker, or none, "
      "not “region”" },
    { "[model M]\nsegment_by = Sector\n", "p.ini:2: “segment_by” must be one of" },
    { "[model M]\nmin_segment_size = 0\n", "p.ini:2: “min_segment_size” must be between 1 and" },
    { "[model M]\nmin_segment_size = 7.5\n",
      "p.ini:2: “min_segment_size” must be a whole number" },
    { "[defaults]\nsegment_confidence = 1\n",
      "p.ini:2: “segment_confidence” must be between 0.5 and 0.9999, not 1" },
    { "[model M]\nsector.segment_by = sector\n", "p.ini:2: unknown check “sector”" },
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

/* Segments are chosen per model; a model's group can turn off the defaults' segments; the
 * minimum size is min_samples unless set; all of it is written back as read */
static void
test_segments (void)
{
  const char *text =
    "[defaults]\n"
    "min_samples = 30\n"
    "segment_by = portfolio_id\n"
    "\n"
    "[model Credit]\n"
    "segment_by = sector\n"
    "min_segment_size = 40\n"
    "segment_confidence = 0.999\n"
    "\n"
    "[model Momentum]\n"
    "segment_by = none\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilPolicy) policy = vigil_policy_new_from_data (text, "p.ini", &error);
  g_autoptr(VigilPolicy) again = NULL;
  g_autofree char *written = NULL;
  const VigilModelPolicy *credit, *momentum, *other;
  VigilModelPolicy bad;

  g_assert_no_error (error);
  credit = vigil_policy_for_model (policy, "Credit");
  momentum = vigil_policy_for_model (policy, "Momentum");
  other = vigil_policy_for_model (policy, "Other");
  g_assert_cmpstr (credit->segment_by, ==, "sector");
  g_assert_cmpint (vigil_model_policy_get_min_segment_size (credit), ==, 40);
  g_assert_cmpfloat (credit->segment_confidence, ==, 0.999);
  g_assert_null (momentum->segment_by);
  g_assert_cmpstr (other->segment_by, ==, "portfolio_id");
  g_assert_cmpint (vigil_model_policy_get_min_segment_size (other), ==, 30);
  g_assert_cmpfloat (other->segment_confidence, ==, 0.99);

  written = vigil_policy_to_data (policy);
  g_assert_nonnull (strstr (written, "segment_by = portfolio_id\n"));
  g_assert_nonnull (strstr (written, "[model Momentum]\nsegment_by = none\n"));
  again = vigil_policy_new_from_data (written, "written", &error);
  g_assert_no_error (error);
  g_assert_true (vigil_policy_equal (policy, again));

  /* Only the four context fields, whoever sets the policy */
  bad = *credit;
  bad.segment_by = "region";
  g_assert_false (vigil_policy_set_model (policy, "Credit", &bad, &error));
  g_assert_error (error, VIGIL_POLICY_ERROR, VIGIL_POLICY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "not of “region”"));
  g_clear_error (&error);
  bad = *credit;
  bad.segment_confidence = 0.2;
  g_assert_false (vigil_policy_set_model (policy, "Credit", &bad, &error));
  g_assert_error (error, VIGIL_POLICY_ERROR, VIGIL_POLICY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpstr (vigil_segment_field ("ticker"), ==, "ticker");
  g_assert_null (vigil_segment_field ("timestamp"));
  g_assert_null (vigil_segment_field (NULL));
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilPolicy) policy = vigil_policy_new_from_file ("/nonexistent/policy.ini", &error);

  g_assert_null (policy);
  g_assert_error (error, VIGIL_POLICY_ERROR, VIGIL_POLICY_ERROR_READ);
}

static void
test_round_trip (void)
{
  const char *text =
    "[defaults]\n"
    "window_days = 0.5\n"
    "baseline_days = 14\n"
    "[volume_anomaly]\n"
    "high_ratio = 3\n"
    "severity = MEDIUM\n"
    "[model CreditXGBoost]\n"
    "min_samples = 50\n"
    "distribution_shift.threshold = 0.1\n"
    "concentration_risk.enabled = false\n"
    "feature_drift.bins = 12\n"
    "feature_drift.confidence = 0.99\n"
    "[model Empty]\n"
    "[model Momentum Signal v2]\n"
    "confidence_shift.threshold = 0.123456789012345678\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilPolicy) policy = vigil_policy_new_from_data (text, "p.ini", &error);
  g_autoptr(VigilPolicy) back = NULL, again = NULL, copy = NULL;
  g_autofree char *data = NULL, *data2 = NULL;
  g_auto(GStrv) names = NULL;
  VigilModelPolicy credit;

  g_assert_no_error (error);
  data = vigil_policy_to_data (policy);
  back = vigil_policy_new_from_data (data, "written", &error);
  g_assert_no_error (error);
  g_assert_true (vigil_policy_equal (policy, back));
  data2 = vigil_policy_to_data (back);
  g_assert_cmpstr (data, ==, data2);

  /* Every model keeps its own group, the empty one too, in order */
  names = vigil_policy_dup_model_names (back);
  g_assert_cmpuint (g_strv_length (names), ==, 3);
  g_assert_cmpstr (names[0], ==, "CreditXGBoost");
  g_assert_cmpstr (names[1], ==, "Empty");
  g_assert_cmpstr (names[2], ==, "Momentum Signal v2");
  g_assert_cmpfloat (vigil_policy_for_model (back, "Momentum Signal v2")
                       ->checks[VIGIL_CHECK_CONFIDENCE_SHIFT].threshold, ==,
                     0.123456789012345678);
  g_assert_cmpuint (vigil_policy_for_model (back, "CreditXGBoost")
                      ->checks[VIGIL_CHECK_FEATURE_DRIFT].bins, ==, 12);
  /* Only what differs from the defaults is written for a model */
  g_assert_nonnull (strstr (data, "[model CreditXGBoost]\nmin_samples = 50\n"
                                  "distribution_shift.threshold = 0.1\n"));
  g_assert_null (strstr (data, "CreditXGBoost]\nwindow_days"));

  /* An edit changes the policy, and is read back */
  copy = vigil_policy_copy (back);
  g_assert_true (vigil_policy_equal (copy, back));
  credit = *vigil_policy_for_model (copy, "CreditXGBoost");
  credit.checks[VIGIL_CHECK_VOLUME_ANOMALY].low_ratio = 0.25;
  credit.checks[VIGIL_CHECK_VOLUME_ANOMALY].enabled = FALSE;
  g_assert_true (vigil_policy_set_model (copy, "CreditXGBoost", &credit, &error));
  g_assert_no_error (error);
  g_assert_false (vigil_policy_equal (copy, back));
  g_clear_pointer (&data, g_free);
  data = vigil_policy_to_data (copy);
  again = vigil_policy_new_from_data (data, "written", &error);
  g_assert_no_error (error);
  g_assert_true (vigil_policy_equal (copy, again));
  g_assert_false (vigil_policy_for_model (again, "CreditXGBoost")
                    ->checks[VIGIL_CHECK_VOLUME_ANOMALY].enabled);

  g_assert_true (vigil_policy_unset_model (copy, "Empty"));
  g_assert_false (vigil_policy_has_model (copy, "Empty"));
  g_assert_false (vigil_policy_unset_model (copy, "Empty"));
}

static void
test_setters_refuse (void)
{
  g_autoptr(VigilPolicy) policy = vigil_policy_new ();
  g_autoptr(GError) error = NULL;
  VigilModelPolicy p = *vigil_policy_get_defaults (policy);

  p.checks[VIGIL_CHECK_DISTRIBUTION_SHIFT].threshold = 1.5;
  g_assert_false (vigil_policy_set_model (policy, "CreditXGBoost", &p, &error));
  g_assert_error (error, VIGIL_POLICY_ERROR, VIGIL_POLICY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "distribution shift threshold must be between 0 and 1"));
  g_assert_false (vigil_policy_has_model (policy, "CreditXGBoost"));
  g_clear_error (&error);

  p = *vigil_policy_get_defaults (policy);
  p.min_samples = 0;
  g_assert_false (vigil_policy_set_defaults (policy, &p, &error));
  g_assert_error (error, VIGIL_POLICY_ERROR, VIGIL_POLICY_ERROR_INVALID);
  g_assert_cmpint (vigil_policy_get_defaults (policy)->min_samples, ==, 20);
  g_clear_error (&error);

  p = *vigil_policy_get_defaults (policy);
  g_assert_false (vigil_policy_set_model (policy, "Bad]name", &p, &error));
  g_assert_error (error, VIGIL_POLICY_ERROR, VIGIL_POLICY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (vigil_policy_set_model (policy, " padded", &p, &error));
  g_assert_error (error, VIGIL_POLICY_ERROR, VIGIL_POLICY_ERROR_INVALID);
  g_clear_error (&error);

  p.min_samples = 5;
  g_assert_true (vigil_policy_set_defaults (policy, &p, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vigil_policy_for_model (policy, "Any")->min_samples, ==, 5);
}

static gint64
count_policy_events (const char *path,
                     const char *actor,
                     char      **details)
{
  VigilSql *db = NULL;
  VigilSqlStmt *stmt = NULL;
  gint64 n = 0;

  g_assert_cmpint (vigil_sql_open (path, VIGIL_SQL_OPEN_READ_ONLY, &db), ==, VIGIL_SQL_OK);
  g_assert_cmpint (vigil_sql_prepare (db, "SELECT details FROM events WHERE action = 'policy' "
                                          "AND actor = ? AND target = 'policy' ORDER BY id",
                                      &stmt), ==, VIGIL_SQL_OK);
  vigil_sql_bind_text (stmt, 1, actor, -1);
  while (vigil_sql_step (stmt) == VIGIL_SQL_ROW)
    {
      n++;
      if (details)
        {
          g_free (*details);
          *details = vigil_sql_column_dup (stmt, 0);
        }
    }
  vigil_sql_finalize (stmt);
  vigil_sql_close (db);
  return n;
}

/* notify_command: one shell command for every model, in [defaults] only, kept as written */
static void
test_notify_command (void)
{
  const char *text = "[defaults]\nnotify_command = /usr/local/bin/route-alert --to \"risk\\ desk\" | logger\n";
  g_autoptr(VigilPolicy) policy = NULL, again = NULL, none = vigil_policy_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  VigilPolicy *refused;

  g_assert_null (vigil_policy_get_notify_command (none));
  policy = vigil_policy_new_from_data (text, "notify.ini", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_policy_get_notify_command (policy), ==,
                   "/usr/local/bin/route-alert --to \"risk\\ desk\" | logger");
  /* It reads back as it was written, and counts when policies are compared */
  data = vigil_policy_to_data (policy);
  again = vigil_policy_new_from_data (data, "again.ini", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_policy_get_notify_command (again), ==,
                   vigil_policy_get_notify_command (policy));
  g_assert_true (vigil_policy_equal (policy, again));
  g_assert_false (vigil_policy_equal (policy, none));
  vigil_policy_set_notify_command (again, "  ");
  g_assert_null (vigil_policy_get_notify_command (again));
  g_assert_true (vigil_policy_equal (again, none));

  refused = vigil_policy_new_from_data ("[defaults]\nwindow_days = 1\nnotify_command =\n",
                                        "empty.ini", &error);
  g_assert_null (refused);
  g_assert_error (error, VIGIL_POLICY_ERROR, VIGIL_POLICY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "empty.ini:3:"));
  g_clear_error (&error);
  refused = vigil_policy_new_from_data ("[model M]\nnotify_command = true\n", "model.ini",
                                        &error);
  g_assert_null (refused);
  g_assert_error (error, VIGIL_POLICY_ERROR, VIGIL_POLICY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "model.ini:2:"));
  g_assert_nonnull (strstr (error->message, "[defaults] only"));
}

static void
test_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-policy-XXXXXX", &error);
  g_autofree char *path = test_database_new (dir, "vigil.db");
  g_autoptr(VigilStore) store = NULL, ro = NULL;
  g_autoptr(VigilPolicy) defaults = vigil_policy_new ();
  g_autoptr(VigilPolicy) stored = NULL, edited = NULL, read_back = NULL, from_ro = NULL;
  g_autoptr(VigilLedgerReport) report = NULL;
  g_autofree char *details = NULL, *text = NULL;
  VigilModelPolicy p;

  g_assert_no_error (error);
  store = vigil_store_open (path, VIGIL_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);

  /* None stored: the defaults */
  stored = vigil_store_get_policy (store, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_policy_equal (stored, defaults));
  g_assert_cmpfloat (vigil_policy_for_model (stored, "CreditXGBoost")
                       ->checks[VIGIL_CHECK_DISTRIBUTION_SHIFT].threshold, ==, 0.20);

  edited = vigil_policy_copy (stored);
  p = *vigil_policy_get_defaults (edited);
  p.checks[VIGIL_CHECK_DISTRIBUTION_SHIFT].threshold = 0.07;
  p.min_samples = 40;
  g_assert_true (vigil_policy_set_model (edited, "CreditXGBoost", &p, &error));

  /* Nobody's name, nothing stored */
  g_assert_false (vigil_store_set_policy (store, edited, "", &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (count_policy_events (path, "Ana Risk", NULL), ==, 0);

  g_assert_true (vigil_store_set_policy (store, edited, "Ana Risk", &error));
  g_assert_no_error (error);
  read_back = vigil_store_get_policy (store, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_policy_equal (read_back, edited));
  g_assert_cmpint (vigil_policy_for_model (read_back, "CreditXGBoost")->min_samples, ==, 40);

  /* One event, with the text and its digest */
  g_assert_cmpint (count_policy_events (path, "Ana Risk", &details), ==, 1);
  g_assert_nonnull (strstr (details, "\"sha256\":\""));
  g_assert_nonnull (strstr (details, "distribution_shift.threshold = 0.07"));

  /* The same policy again records nothing */
  g_assert_true (vigil_store_set_policy (store, read_back, "Ana Risk", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_policy_events (path, "Ana Risk", NULL), ==, 1);

  report = vigil_store_verify (store, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_ledger_report_is_intact (report));

  /* Another connection reads it; a read-only one cannot change it */
  ro = vigil_store_open (path, VIGIL_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  from_ro = vigil_store_get_policy (ro, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_policy_equal (from_ro, edited));
  g_assert_false (vigil_store_set_policy (ro, defaults, "Ana Risk", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* A stored policy that no longer reads is an error, not the defaults */
  g_clear_object (&ro);
  g_clear_object (&store);
  g_assert_cmpint (exec_raw (path, "UPDATE meta SET value = '[defaults]\nwindow_days = x\n' "
                                  "WHERE key = 'policy'"), ==, SQLITE_OK);
  store = vigil_store_open (path, VIGIL_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_null (vigil_store_get_policy (store, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, ":2:"));

  g_clear_object (&store);
  text = g_build_filename (dir, "vigil.db-wal", NULL);
  g_remove (text);
  g_clear_pointer (&text, g_free);
  text = g_build_filename (dir, "vigil.db-shm", NULL);
  g_remove (text);
  test_database_drop (path);
  g_remove (path);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/policy/defaults", test_defaults);
  g_test_add_func ("/vigil/policy/overrides", test_overrides);
  g_test_add_func ("/vigil/policy/refuses", test_refuses);
  g_test_add_func ("/vigil/policy/segments", test_segments);
  g_test_add_func ("/vigil/policy/missing-file", test_missing_file);
  g_test_add_func ("/vigil/policy/round-trip", test_round_trip);
  g_test_add_func ("/vigil/policy/setters-refuse", test_setters_refuse);
  g_test_add_func ("/vigil/policy/store", test_store);
  g_test_add_func ("/vigil/policy/notify-command", test_notify_command);

  return g_test_run ();
}
