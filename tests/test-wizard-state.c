/* test-wizard-state.c: the simulation wizard's pages without widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "vigil-detector.h"
#include "vigil-simulator.h"
#include "vigil-test-util.h"
#include "vigil-wizard-state.h"

#define START "2026-03-02"

static char *tmp_dir;

static guint n_changed;

static void
changed_cb (void)
{
  n_changed++;
}

static VigilWizardState *
state_new (void)
{
  VigilWizardState *state = vigil_wizard_state_new ();

  g_signal_connect (state, "changed", G_CALLBACK (changed_cb), NULL);
  return state;
}

static void
assert_problem (VigilWizardState *state,
                VigilWizardPage   page,
                const char       *part)
{
  g_autofree char *problem = vigil_wizard_state_dup_problem (state, page);

  if (part == NULL)
    {
      g_assert_null (problem);
      return;
    }
  g_assert_nonnull (problem);
  if (strstr (problem, part) == NULL)
    g_error ("“%s” does not say “%s”", problem, part);
}

/* A trainer who keeps the defaults goes through to the run once a file is chosen. */
static void
test_defaults (void)
{
  g_autoptr(VigilWizardState) state = state_new ();
  g_autofree char *path = vigil_wizard_state_suggest_path (state, tmp_dir);
  g_autofree char *subtitle = NULL;
  g_autofree char *preview = NULL;
  g_autofree char *start = NULL;
  g_autofree char *base = NULL;

  g_assert_cmpint (vigil_wizard_state_get_page (state), ==, VIGIL_WIZARD_PAGE_SCENARIO);
  subtitle = vigil_wizard_state_dup_subtitle (state);
  g_assert_cmpstr (subtitle, ==, "Step 1 of 4: Scenario");
  g_assert_cmpint (vigil_wizard_state_get_target (state), ==, VIGIL_WIZARD_TARGET_NEW);
  g_assert_false (vigil_wizard_state_get_open_allowed (state));
  g_assert_false (vigil_wizard_state_can_go_back (state));
  g_assert_cmpstr (vigil_wizard_state_get_cancel_label (state), ==, "_Cancel");

  /* The start date is written out: the days end yesterday */
  start = vigil_scenario_dup_resolved_start_date (vigil_wizard_state_get_scenario (state));
  g_assert_cmpstr (vigil_wizard_state_get_start_date_text (state), ==, start);
  g_assert_cmpstr (vigil_wizard_state_get_seed_text (state), ==, "42");

  /* No file yet */
  assert_problem (state, VIGIL_WIZARD_PAGE_SCENARIO, "Choose a file");
  g_assert_false (vigil_wizard_state_can_go_next (state));
  g_assert_false (vigil_wizard_state_next (state));

  /* The suggested name tells the scenario apart */
  base = g_path_get_basename (path);
  g_assert_true (g_str_has_prefix (base, "vigil-simulation-"));
  g_assert_true (g_str_has_suffix (base, "-seed-42.db"));
  g_assert_nonnull (strstr (base, start));

  n_changed = 0;
  vigil_wizard_state_set_new_path (state, path);
  g_assert_cmpuint (n_changed, >, 0);
  g_assert_cmpstr (vigil_wizard_state_get_target_path (state), ==, path);
  assert_problem (state, VIGIL_WIZARD_PAGE_SCENARIO, NULL);
  g_assert_cmpstr (vigil_wizard_state_get_next_label (state), ==, "_Next");
  g_assert_true (vigil_wizard_state_next (state));

  g_assert_cmpint (vigil_wizard_state_get_page (state), ==, VIGIL_WIZARD_PAGE_ANOMALIES);
  g_assert_cmpstr (vigil_wizard_state_get_page_name (VIGIL_WIZARD_PAGE_ANOMALIES), ==,
                   "anomalies");
  g_assert_cmpstr (vigil_wizard_state_get_next_label (state), ==, "_Run");
  g_assert_true (vigil_wizard_state_can_go_back (state));
  preview = vigil_wizard_state_dup_preview (state);
  g_assert_true (g_str_has_prefix (preview, "On day 4, 70% of trading signals are forced to "
                                            "SELL and 30% of credit applicants have a FICO "
                                            "score between 400 and 550."));
  g_assert_nonnull (strstr (preview, "6 days from"));
  g_assert_nonnull (strstr (preview, "50 trading signals and 100 credit decisions"));

  g_assert_true (vigil_wizard_state_next (state));
  g_assert_cmpint (vigil_wizard_state_get_page (state), ==, VIGIL_WIZARD_PAGE_RUN);
  g_assert_cmpint (vigil_wizard_state_get_run (state), ==, VIGIL_WIZARD_RUN_IDLE);
  g_assert_false (vigil_wizard_state_can_go_next (state));

  /* Back on the first page, the same file can still be chosen */
  g_assert_true (vigil_wizard_state_back (state));
  g_assert_cmpint (vigil_wizard_state_get_page (state), ==, VIGIL_WIZARD_PAGE_ANOMALIES);
  g_assert_true (vigil_wizard_state_back (state));
  g_assert_cmpint (vigil_wizard_state_get_page (state), ==, VIGIL_WIZARD_PAGE_SCENARIO);
  g_assert_false (vigil_wizard_state_back (state));
}

/* Simulated decisions never go into a production database, nor into an existing file taken
 * for a new one. */
static void
test_target (void)
{
  g_autoptr(VigilWizardState) state = state_new ();
  g_autofree char *existing = g_build_filename (tmp_dir, "existing.db", NULL);
  g_autofree char *note = NULL;

  note = vigil_wizard_state_dup_open_note (state);
  g_assert_cmpstr (note, ==, "No database is open in the window.");
  g_assert_false (vigil_wizard_state_set_target (state, VIGIL_WIZARD_TARGET_OPEN));

  /* Production: not offered, and the note says why */
  vigil_wizard_state_set_open_database (state, "/srv/audit/production.db",
                                        VIGIL_PURPOSE_PRODUCTION, FALSE);
  g_assert_false (vigil_wizard_state_get_open_allowed (state));
  g_assert_false (vigil_wizard_state_set_target (state, VIGIL_WIZARD_TARGET_OPEN));
  g_assert_cmpint (vigil_wizard_state_get_target (state), ==, VIGIL_WIZARD_TARGET_NEW);
  g_clear_pointer (&note, g_free);
  note = vigil_wizard_state_dup_open_note (state);
  g_assert_nonnull (strstr (note, "“production.db” is a production database"));
  g_assert_nonnull (strstr (note, "never go into a production audit log"));

  /* Read-only training: not offered either */
  vigil_wizard_state_set_open_database (state, "/tmp/class.db", VIGIL_PURPOSE_TRAINING, TRUE);
  g_assert_false (vigil_wizard_state_set_target (state, VIGIL_WIZARD_TARGET_OPEN));

  /* Writable training: offered, and the target is that file */
  vigil_wizard_state_set_open_database (state, "/tmp/class.db", VIGIL_PURPOSE_TRAINING, FALSE);
  g_assert_true (vigil_wizard_state_get_open_allowed (state));
  g_assert_true (vigil_wizard_state_set_target (state, VIGIL_WIZARD_TARGET_OPEN));
  g_assert_cmpstr (vigil_wizard_state_get_target_path (state), ==, "/tmp/class.db");
  assert_problem (state, VIGIL_WIZARD_PAGE_SCENARIO, NULL);
  g_assert_true (vigil_wizard_state_can_go_next (state));

  /* The window switches to a production database meanwhile: back to a new file */
  vigil_wizard_state_set_open_database (state, "/srv/audit/production.db",
                                        VIGIL_PURPOSE_PRODUCTION, FALSE);
  g_assert_cmpint (vigil_wizard_state_get_target (state), ==, VIGIL_WIZARD_TARGET_NEW);
  g_assert_null (vigil_wizard_state_get_target_path (state));
  g_assert_false (vigil_wizard_state_can_go_next (state));

  /* An existing file is not a new database */
  g_assert_true (g_file_set_contents (existing, "", 0, NULL));
  vigil_wizard_state_set_new_path (state, existing);
  assert_problem (state, VIGIL_WIZARD_PAGE_SCENARIO, "“existing.db” already exists");
  g_assert_false (vigil_wizard_state_can_go_next (state));
  g_unlink (existing);
  assert_problem (state, VIGIL_WIZARD_PAGE_SCENARIO, NULL);
}

/* Every setting of the first page is checked, with words a trainer can act on. */
static void
test_scenario_page (void)
{
  g_autoptr(VigilWizardState) state = state_new ();
  VigilScenario *scenario = vigil_wizard_state_get_scenario (state);
  g_autofree char *path = g_build_filename (tmp_dir, "scenario.db", NULL);
  guint64 seed;

  vigil_wizard_state_set_new_path (state, path);
  g_assert_true (vigil_wizard_state_can_go_next (state));

  g_assert_false (vigil_wizard_state_set_seed_text (state, "forty-two"));
  assert_problem (state, VIGIL_WIZARD_PAGE_SCENARIO, "“forty-two” is not a whole number");
  g_assert_false (vigil_wizard_state_can_go_next (state));
  g_assert_false (vigil_wizard_state_set_seed_text (state, "-1"));
  g_assert_true (vigil_wizard_state_set_seed_text (state, " 7 "));
  g_assert_cmpuint (vigil_scenario_get_seed (scenario), ==, 7);
  g_assert_true (vigil_wizard_state_can_go_next (state));
  g_assert_true (vigil_wizard_state_set_seed_text (state, "18446744073709551615"));
  g_assert_cmpuint (vigil_scenario_get_seed (scenario), ==, G_MAXUINT64);

  seed = vigil_wizard_state_new_seed (state);
  g_assert_cmpuint (seed, !=, G_MAXUINT64);
  g_assert_cmpuint (vigil_scenario_get_seed (scenario), ==, seed);
  g_assert_cmpuint (g_ascii_strtoull (vigil_wizard_state_get_seed_text (state), NULL, 10), ==,
                    seed);

  g_assert_false (vigil_wizard_state_set_start_date_text (state, "next Monday"));
  assert_problem (state, VIGIL_WIZARD_PAGE_SCENARIO, "is not a date");
  g_assert_false (vigil_wizard_state_can_go_next (state));
  g_assert_true (vigil_wizard_state_set_start_date_text (state, START));
  g_assert_cmpstr (vigil_scenario_get_start_date (scenario), ==, START);
  g_assert_true (vigil_wizard_state_set_start_date_text (state, ""));
  g_assert_null (vigil_scenario_get_start_date (scenario));
  g_assert_true (vigil_wizard_state_can_go_next (state));

  /* Fewer days than the anomaly day: the anomaly moves to the last day */
  vigil_scenario_set_days (scenario, 3);
  g_assert_cmpuint (vigil_scenario_get_anomaly_day (scenario), ==, 3);
  vigil_scenario_set_days (scenario, 0);
  assert_problem (state, VIGIL_WIZARD_PAGE_SCENARIO, "from 1 to 3650 days");
  vigil_scenario_set_days (scenario, 6);

  vigil_scenario_set_trading_per_day (scenario, 0);
  assert_problem (state, VIGIL_WIZARD_PAGE_SCENARIO, NULL);
  vigil_scenario_set_credit_per_day (scenario, 0);
  assert_problem (state, VIGIL_WIZARD_PAGE_SCENARIO, "needs decisions");
  g_assert_false (vigil_wizard_state_can_go_next (state));
}

/* Each anomaly has its own intensity: its explanation and the preview follow it. */
static void
test_anomaly_intensities (void)
{
  g_autoptr(VigilWizardState) state = state_new ();
  g_autofree char *path = g_build_filename (tmp_dir, "intensities.db", NULL);
  g_autofree char *sell = NULL;
  g_autofree char *fico = NULL;
  g_autofree char *preview = NULL;
  g_autoptr(GError) error = NULL;

  vigil_wizard_state_set_new_path (state, path);
  g_assert_true (vigil_wizard_state_next (state));
  for (guint bit = 0; bit < 7; bit++)
    g_assert_cmpfloat (vigil_wizard_state_get_anomaly_intensity (state, 1u << bit), ==, 1.0);

  n_changed = 0;
  vigil_wizard_state_set_anomaly_intensity (state, VIGIL_ANOMALY_LOW_FICO, 0.5);
  g_assert_cmpuint (n_changed, >, 0);
  g_assert_cmpfloat (vigil_wizard_state_get_anomaly_intensity (state, VIGIL_ANOMALY_LOW_FICO),
                     ==, 0.5);
  g_assert_cmpfloat (vigil_wizard_state_get_anomaly_intensity (state, VIGIL_ANOMALY_SELL_SURGE),
                     ==, 1.0);
  sell = vigil_wizard_state_dup_anomaly_explanation (state, VIGIL_ANOMALY_SELL_SURGE);
  g_assert_cmpstr (sell, ==, "70% of trading signals are forced to SELL. Meant to be caught by "
                             "Distribution shift or Feature drift on MomentumSignal.");
  fico = vigil_wizard_state_dup_anomaly_explanation (state, VIGIL_ANOMALY_LOW_FICO);
  g_assert_cmpstr (fico, ==, "15% of credit applicants have a FICO score between 400 and 550. "
                             "Meant to be caught by Feature drift or Distribution shift on "
                             "CreditXGBoost.");
  preview = vigil_wizard_state_dup_preview (state);
  g_assert_true (g_str_has_prefix (preview, "On day 4, 70% of trading signals are forced to "
                                            "SELL and 15% of credit applicants have a FICO "
                                            "score between 400 and 550."));
  g_assert_true (vigil_wizard_state_can_go_next (state));

  /* The run takes the intensities with it */
  {
    g_autoptr(VigilScenario) copy = vigil_scenario_copy (vigil_wizard_state_get_scenario (state));

    g_assert_cmpfloat (vigil_scenario_get_anomaly_intensity (copy, VIGIL_ANOMALY_LOW_FICO),
                       ==, 0.5);
  }

  /* Out of range: the page says which anomaly and cannot go on */
  vigil_wizard_state_set_anomaly_intensity (state, VIGIL_ANOMALY_SELL_SURGE, 0.0);
  assert_problem (state, VIGIL_WIZARD_PAGE_ANOMALIES, "intensity of sell_surge");
  g_assert_false (vigil_wizard_state_can_go_next (state));
  vigil_wizard_state_set_anomaly_intensity (state, VIGIL_ANOMALY_SELL_SURGE, 0.2);
  g_assert_true (vigil_wizard_state_can_go_next (state));
  g_clear_pointer (&sell, g_free);
  sell = vigil_wizard_state_dup_anomaly_explanation (state, VIGIL_ANOMALY_SELL_SURGE);
  g_assert_true (g_str_has_prefix (sell, "14% of trading signals are forced to SELL. "));
}

/* The anomalies page explains each anomaly at the chosen intensity and previews the day. */
static void
test_anomalies_page (void)
{
  g_autoptr(VigilWizardState) state = state_new ();
  VigilScenario *scenario = vigil_wizard_state_get_scenario (state);
  g_autofree char *path = g_build_filename (tmp_dir, "anomalies.db", NULL);
  g_autofree char *explanation = NULL;
  g_autofree char *preview = NULL;

  vigil_wizard_state_set_new_path (state, path);
  g_assert_true (vigil_wizard_state_next (state));

  g_assert_cmpstr (vigil_wizard_state_anomaly_title (VIGIL_ANOMALY_SELL_SURGE), ==,
                   "SELL surge");
  for (guint bit = 0; bit < 7; bit++)
    {
      g_autofree char *one = vigil_wizard_state_dup_anomaly_explanation (state, 1u << bit);

      g_assert_nonnull (vigil_wizard_state_anomaly_title (1u << bit));
      g_assert_nonnull (one);
      g_assert_true (g_str_has_suffix (one, "."));
    }

  vigil_scenario_set_intensity (scenario, 0.5);
  explanation = vigil_wizard_state_dup_anomaly_explanation (state, VIGIL_ANOMALY_SELL_SURGE);
  g_assert_cmpstr (explanation, ==, "35% of trading signals are forced to SELL. Meant to be "
                                    "caught by Distribution shift or Feature drift on "
                                    "MomentumSignal.");

  vigil_wizard_state_set_anomaly (state, VIGIL_ANOMALY_LOW_FICO, FALSE);
  vigil_wizard_state_set_anomaly (state, VIGIL_ANOMALY_VOLUME_SPIKE, TRUE);
  vigil_scenario_set_anomaly_day (scenario, 2);
  preview = vigil_wizard_state_dup_preview (state);
  g_assert_true (g_str_has_prefix (preview, "On day 2, 35% of trading signals are forced to "
                                            "SELL and both models make 100% more decisions"));

  /* A spike and a drop on one day contradict each other */
  vigil_wizard_state_set_anomaly (state, VIGIL_ANOMALY_VOLUME_DROP, TRUE);
  g_clear_pointer (&preview, g_free);
  preview = vigil_wizard_state_dup_preview (state);
  g_assert_cmpstr (preview, ==, "A volume spike and a volume drop cannot be injected on the "
                                "same day");
  assert_problem (state, VIGIL_WIZARD_PAGE_ANOMALIES, "cannot be injected on the same day");
  g_assert_false (vigil_wizard_state_can_go_next (state));
  /* ... a problem of this page, not of the first */
  assert_problem (state, VIGIL_WIZARD_PAGE_SCENARIO, NULL);

  /* No anomaly at all: a run to count false alarms */
  vigil_scenario_set_anomalies (scenario, VIGIL_ANOMALY_NONE);
  g_clear_pointer (&preview, g_free);
  preview = vigil_wizard_state_dup_preview (state);
  g_assert_true (g_str_has_prefix (preview, "No anomaly is injected"));
  g_assert_true (vigil_wizard_state_can_go_next (state));
}

/* The run: one progress fraction split into its two phases; cancelling leaves the wizard
 * ready to go back and run again. */
static void
test_run_page (void)
{
  g_autoptr(VigilWizardState) state = state_new ();
  g_autofree char *path = g_build_filename (tmp_dir, "run.db", NULL);
  g_autoptr(VigilScenario) run = NULL;
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "x");
  g_autoptr(GError) failed = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                                                  "No space left on device");
  g_autofree char *status = NULL;

  vigil_wizard_state_set_start_date_text (state, "");
  vigil_wizard_state_set_new_path (state, path);
  g_assert_true (vigil_wizard_state_next (state));
  g_assert_true (vigil_wizard_state_next (state));

  run = vigil_wizard_state_run_started (state);
  g_assert_nonnull (vigil_scenario_get_start_date (run));   /* fixed for the whole run */
  g_assert_cmpint (vigil_wizard_state_get_run (state), ==, VIGIL_WIZARD_RUN_RUNNING);
  g_assert_false (vigil_wizard_state_can_go_back (state));
  g_assert_false (vigil_wizard_state_can_go_next (state));
  g_assert_cmpstr (vigil_wizard_state_get_cancel_label (state), ==, "_Cancel");
  status = vigil_wizard_state_dup_run_status (state);
  g_assert_nonnull (strstr (status, "the database stays consistent"));

  vigil_wizard_state_set_progress (state, 0.4);
  g_assert_cmpfloat_with_epsilon (vigil_wizard_state_get_phase_fraction (state, VIGIL_WIZARD_PHASE_GENERATE), 0.5, 1e-9);
  g_assert_cmpfloat (vigil_wizard_state_get_phase_fraction (state, VIGIL_WIZARD_PHASE_DETECT), ==, 0);
  vigil_wizard_state_set_progress (state, 0.9);
  g_assert_cmpfloat (vigil_wizard_state_get_phase_fraction (state, VIGIL_WIZARD_PHASE_GENERATE), ==, 1);
  g_assert_cmpfloat_with_epsilon (vigil_wizard_state_get_phase_fraction (state, VIGIL_WIZARD_PHASE_DETECT), 0.5, 1e-9);
  /* "unknown" does not move the bars back */
  vigil_wizard_state_set_progress (state, -1);
  g_assert_cmpfloat_with_epsilon (vigil_wizard_state_get_phase_fraction (state, VIGIL_WIZARD_PHASE_DETECT), 0.5, 1e-9);

  vigil_wizard_state_run_finished (state, NULL, cancelled);
  g_assert_cmpint (vigil_wizard_state_get_run (state), ==, VIGIL_WIZARD_RUN_CANCELLED);
  g_assert_cmpint (vigil_wizard_state_get_page (state), ==, VIGIL_WIZARD_PAGE_RUN);
  g_assert_cmpstr (vigil_wizard_state_get_cancel_label (state), ==, "_Close");
  assert_problem (state, VIGIL_WIZARD_PAGE_RUN, "no day is half-written");
  g_assert_false (vigil_wizard_state_can_go_next (state));
  g_assert_true (vigil_wizard_state_can_go_back (state));
  g_assert_true (vigil_wizard_state_back (state));
  g_assert_cmpint (vigil_wizard_state_get_page (state), ==, VIGIL_WIZARD_PAGE_ANOMALIES);
  g_assert_cmpint (vigil_wizard_state_get_run (state), ==, VIGIL_WIZARD_RUN_IDLE);

  g_assert_true (vigil_wizard_state_next (state));
  g_clear_object (&run);
  run = vigil_wizard_state_run_started (state);
  g_assert_cmpfloat (vigil_wizard_state_get_phase_fraction (state, VIGIL_WIZARD_PHASE_GENERATE), ==, 0);
  vigil_wizard_state_run_finished (state, NULL, failed);
  g_assert_cmpint (vigil_wizard_state_get_run (state), ==, VIGIL_WIZARD_RUN_FAILED);
  assert_problem (state, VIGIL_WIZARD_PAGE_RUN, "The simulation failed: No space left");
}

/* A real run of the defaults: the SELL surge is caught on day 4 by the distribution check,
 * and the dashboard is to show the simulated days on the trading model. */
static void
test_results (void)
{
  g_autoptr(VigilWizardState) state = state_new ();
  g_autofree char *path = g_build_filename (tmp_dir, "results.db", NULL);
  g_autoptr(VigilScenario) run = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilSimulator) simulator = vigil_simulator_new ();
  g_autoptr(VigilPolicy) policy = NULL;
  g_autoptr(VigilDetector) detector = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(VigilScorecard) scorecard = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *result = NULL;
  g_autofree char *alarms = NULL;
  VigilPeriod period;

  g_assert_true (vigil_wizard_state_set_start_date_text (state, START));
  vigil_wizard_state_set_new_path (state, path);
  g_assert_true (vigil_wizard_state_next (state));
  g_assert_true (vigil_wizard_state_next (state));
  g_assert_false (vigil_wizard_state_get_show_period (state, &period));
  run = vigil_wizard_state_run_started (state);

  store = vigil_store_open (path, VIGIL_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_simulator_run (simulator, store, run, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  policy = vigil_store_get_policy (store, &error);
  g_assert_no_error (error);
  detector = vigil_detector_new (store, policy);
  results = vigil_detector_backtest (detector, NULL, START "T00:00:00.000000",
                                     "2026-03-08T00:00:00.000000", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  scorecard = vigil_scorecard_new (run, results);

  vigil_wizard_state_run_finished (state, scorecard, NULL);
  g_assert_cmpint (vigil_wizard_state_get_run (state), ==, VIGIL_WIZARD_RUN_DONE);
  g_assert_cmpint (vigil_wizard_state_get_page (state), ==, VIGIL_WIZARD_PAGE_RESULTS);
  g_assert_true (vigil_wizard_state_get_scorecard (state) == scorecard);
  g_assert_null (vigil_wizard_state_get_next_label (state));
  g_assert_false (vigil_wizard_state_can_go_next (state));
  g_assert_cmpstr (vigil_wizard_state_get_cancel_label (state), ==, "_Close");
  g_assert_cmpfloat (vigil_wizard_state_get_phase_fraction (state, VIGIL_WIZARD_PHASE_DETECT), ==, 1);

  g_assert_cmpuint (vigil_scorecard_get_n_anomalies (scorecard), ==, 2);
  g_assert_cmpint (vigil_scorecard_get_anomaly (scorecard, 0), ==, VIGIL_ANOMALY_SELL_SURGE);
  result = vigil_wizard_state_dup_result (state, 0);
  g_assert_true (g_str_has_prefix (result, "Caught on day 4 by Distribution shift "
                                           "(MomentumSignal)"));
  alarms = vigil_wizard_state_dup_false_alarms (state);
  /* The low FICO scores lie below any of the baseline's, which data quality notices too */
  if (vigil_scorecard_get_false_alarms (scorecard)->len == 0)
    g_assert_cmpstr (alarms, ==, "None: no check alerted on the 5 normal days\n"
                                 "1 other alert of the anomaly day, by a check not meant for its "
                                 "anomalies (credited to none, not a false alarm): day 4, Data "
                                 "quality (CreditXGBoost)");
  else
    g_assert_nonnull (strstr (alarms, "false alarm"));

  g_assert_true (vigil_wizard_state_get_show_period (state, &period));
  g_assert_cmpstr (period.first_day, ==, START);
  g_assert_cmpuint (period.n_days, ==, 6);
  g_assert_cmpstr (vigil_wizard_state_get_show_model (state), ==, "MomentumSignal");

  /* A new run from here needs a new file: this one now exists */
  g_assert_true (vigil_wizard_state_back (state));
  g_assert_null (vigil_wizard_state_get_scorecard (state));
  g_assert_false (vigil_wizard_state_can_go_next (state));
  assert_problem (state, VIGIL_WIZARD_PAGE_SCENARIO, "already exists");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("vigil-wizard-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);

  g_test_add_func ("/vigil/wizard-state/defaults", test_defaults);
  g_test_add_func ("/vigil/wizard-state/target", test_target);
  g_test_add_func ("/vigil/wizard-state/scenario-page", test_scenario_page);
  g_test_add_func ("/vigil/wizard-state/anomalies-page", test_anomalies_page);
  g_test_add_func ("/vigil/wizard-state/anomaly-intensities", test_anomaly_intensities);
  g_test_add_func ("/vigil/wizard-state/run-page", test_run_page);
  g_test_add_func ("/vigil/wizard-state/results", test_results);

  status = g_test_run ();
  rm_rf (tmp_dir);
  g_free (tmp_dir);
  return status;
}
