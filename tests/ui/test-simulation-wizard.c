/* test-simulation-wizard.c: a trainer runs the simulation wizard with its defaults, sees the
 * SELL surge caught on day 4, and opens the dashboard on the anomaly day
 *
 * Runs under Xvfb with a private D-Bus session (see meson.build). Screenshots of each page go
 * to the build folder: wizard-scenario.png, wizard-anomalies.png, wizard-run.png,
 * wizard-results.png, wizard-dashboard.png.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "vigil-application.h"
#include "vigil-simulation-wizard.h"
#include "vigil-window.h"
#include "vigil-ui-test.h"

static VigilApplication *app;
static char *tmp_dir;

static gpointer
wizard_child (VigilSimulationWizard *wizard,
              const char            *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (wizard),
                                                  VIGIL_TYPE_SIMULATION_WIZARD, name);

  g_assert_nonnull (child);
  return child;
}

/* The widget named @name under @widget, as the wizard names its anomaly rows */
static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Waits until @widget is mapped and drawn a few times. */
static void
wait_for_frames (GtkWidget *widget)
{
  vigil_ui_test_wait_frames (widget, 3);
}

static gboolean
stack_settled (gpointer data)
{
  GtkStack *stack = wizard_child (data, "stack");

  return gtk_widget_get_mapped (GTK_WIDGET (data)) && !gtk_stack_get_transition_running (stack);
}

static void
show_page (VigilSimulationWizard *wizard,
           const char            *page,
           const char            *screenshot)
{
  GtkStack *stack = wizard_child (wizard, "stack");
  int minimum;

  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, page);
  g_assert_true (vigil_ui_test_wait_for (stack_settled, wizard));
  wait_for_frames (GTK_WIDGET (wizard));
  /* A phone's width: nothing asks for more */
  gtk_widget_measure (GTK_WIDGET (wizard), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL,
                      NULL, NULL);
  g_assert_cmpint (minimum, <=, 360);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (wizard)), <=, 360);
  vigil_ui_test_save_screenshot (GTK_WIDGET (wizard), screenshot);
}

static VigilSimulationWizard *
find_wizard (void)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    if (VIGIL_IS_SIMULATION_WIZARD (l->data))
      return l->data;
  return NULL;
}

static gboolean
wizard_gone (gpointer data)
{
  return find_wizard () == NULL;
}

static gboolean
results_shown (gpointer data)
{
  return vigil_wizard_state_get_page (vigil_simulation_wizard_get_state (data)) ==
         VIGIL_WIZARD_PAGE_RESULTS;
}

static gboolean
run_ended (gpointer data)
{
  VigilWizardRun run = vigil_wizard_state_get_run (vigil_simulation_wizard_get_state (data));

  return run != VIGIL_WIZARD_RUN_IDLE && run != VIGIL_WIZARD_RUN_RUNNING;
}

static gboolean
window_shows_simulation (gpointer data)
{
  VigilWindow *window = data;
  VigilDashboard *dashboard;
  const char *expected = g_object_get_data (G_OBJECT (window), "expected-path");
  g_autofree char *path = NULL;

  if (vigil_window_get_file (window) == NULL || vigil_window_get_busy (window) ||
      !vigil_ui_test_dashboard_loaded (window))
    return FALSE;
  path = g_file_get_path (vigil_window_get_file (window));
  dashboard = vigil_dashboard_view_get_dashboard (vigil_ui_test_window_child (window, "dashboard_view"));
  return g_strcmp0 (path, expected) == 0 && dashboard->summary->total_decisions == 300 &&
         g_strcmp0 (dashboard->model_name, "MomentumSignal") == 0;
}

static void
click (gpointer button)
{
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_get_visible (button));
  g_signal_emit_by_name (button, "clicked");
}

/* The whole wizard with its defaults, from a window on a production database, into a new
 * training database, and on to the dashboard of the anomaly day. */
static void
test_defaults (void)
{
  g_autofree char *production = g_build_filename (tmp_dir, "production.db", NULL);
  g_autofree char *target = g_build_filename (tmp_dir, "class", "sell-surge.db", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (production);
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) anomaly = NULL;
  g_autofree char *anomaly_day = NULL;
  g_autofree char *first_day = NULL;
  g_autofree char *folder = NULL;
  VigilSimulationWizard *wizard;
  VigilWizardState *state;
  VigilWindow *window;
  VigilDashboard *dashboard;
  const VigilPeriod *period;
  GtkWidget *row;
  GtkWidget *spin;
  int year, month, day;
  guint n_marked = 0;

  /* The bank's production database, empty: never a target */
  store = vigil_store_open (production, VIGIL_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  folder = g_path_get_dirname (target);
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);

  window = vigil_ui_test_open_window (G_APPLICATION (app), file);
  g_assert_true (vigil_ui_test_wait_for (vigil_ui_test_window_settled, window));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.simulate", NULL);
  wizard = find_wizard ();
  g_assert_nonnull (wizard);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (wizard)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (wizard)) == GTK_WINDOW (window));
  gtk_window_set_default_size (GTK_WINDOW (wizard), 360, 720);
  state = vigil_simulation_wizard_get_state (wizard);

  /* Scenario: the open production database is not offered, and says why */
  g_assert_false (gtk_widget_get_sensitive (wizard_child (wizard, "open_row")));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (wizard_child (wizard, "open_row")),
                            "is a production database"));
  g_assert_true (gtk_check_button_get_active (wizard_child (wizard, "new_check")));
  g_assert_false (gtk_widget_get_visible (wizard_child (wizard, "back_button")));
  /* A new file is suggested in the app's data folder, not at the top of the home folder;
   * the test puts it in its own folder */
  {
    g_autofree char *training = g_build_filename (g_get_user_data_dir (), "vigil", "training",
                                                  NULL);
    g_autofree char *suggested = g_path_get_dirname (vigil_wizard_state_get_new_path (state));

    g_assert_cmpstr (suggested, ==, training);
  }
  vigil_wizard_state_set_new_path (state, target);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (wizard_child (wizard, "new_row")),
                            "sell-surge.db"));
  g_assert_false (gtk_widget_get_visible (wizard_child (wizard, "scenario_problem")));
  show_page (wizard, "scenario", "wizard-scenario.png");
  first_day = g_strdup (vigil_wizard_state_get_start_date_text (state));

  /* Anomalies: the defaults, and what they will do */
  click (wizard_child (wizard, "next_button"));
  g_assert_cmpstr (gtk_button_get_label (wizard_child (wizard, "next_button")), ==, "_Run");
  g_assert_true (g_str_has_prefix (gtk_label_get_label (wizard_child (wizard, "preview_label")),
                                   "On day 4, 70% of trading signals are forced to SELL"));
  row = find_named (wizard_child (wizard, "anomaly_group"), "sell_surge");
  g_assert_nonnull (row);
  /* with the checks the scorecard credits it with */
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "70% of trading signals are forced to SELL. Meant to be caught by "
                   "Distribution shift or Feature drift on MomentumSignal.");
  /* Each anomaly has its own intensity, editable only when it is injected */
  spin = find_named (wizard_child (wizard, "anomaly_group"), "low_fico-intensity");
  g_assert_nonnull (spin);
  g_assert_true (gtk_widget_get_sensitive (spin));
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, 100);
  g_assert_false (gtk_widget_get_sensitive (find_named (wizard_child (wizard, "anomaly_group"),
                                                        "concentration-intensity")));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 50);
  g_assert_cmpfloat (vigil_wizard_state_get_anomaly_intensity (state, VIGIL_ANOMALY_LOW_FICO),
                     ==, 0.5);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (find_named (
                     wizard_child (wizard, "anomaly_group"), "low_fico"))), ==,
                   "15% of credit applicants have a FICO score between 400 and 550. Meant to "
                   "be caught by Feature drift or Distribution shift on CreditXGBoost.");
  /* with the checks the scorecard credits it with */
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "70% of trading signals are forced to SELL. Meant to be caught by "
                   "Distribution shift or Feature drift on MomentumSignal.");
  g_assert_true (g_str_has_prefix (gtk_label_get_label (wizard_child (wizard, "preview_label")),
                                   "On day 4, 70% of trading signals are forced to SELL and 15% "
                                   "of credit applicants"));
  show_page (wizard, "anomalies", "wizard-anomalies.png");
  /* The run below uses the notebook's strengths */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 100);
  g_assert_cmpfloat (vigil_wizard_state_get_anomaly_intensity (state, VIGIL_ANOMALY_LOW_FICO),
                     ==, 1.0);

  /* Run, then the results by themselves */
  click (wizard_child (wizard, "next_button"));
  g_assert_nonnull (vigil_simulation_wizard_get_job (wizard));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (wizard_child (wizard, "stack")), ==, "run");
  g_assert_false (gtk_widget_get_sensitive (wizard_child (wizard, "back_button")));
  g_assert_false (gtk_widget_get_sensitive (wizard_child (wizard, "next_button")));
  g_assert_true (vigil_ui_test_wait_for (results_shown, wizard));

  /* Results: the SELL surge caught on day 4 by distribution_shift */
  row = find_named (wizard_child (wizard, "results_group"), "sell_surge");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "SELL surge");
  {
    g_auto(GStrv) catches = vigil_wizard_state_dup_catches (state, 0);
    const char *subtitle = ADW_IS_EXPANDER_ROW (row)
                           ? adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row))
                           : adw_action_row_get_subtitle (ADW_ACTION_ROW (row));

    g_assert_true (g_str_has_prefix (subtitle,
                                     "Caught on day 4 by Distribution shift (MomentumSignal)"));
    g_test_message ("SELL surge caught by %u alerts", g_strv_length (catches));
    g_assert_cmpuint (g_strv_length (catches), >=, 1);
    g_assert_cmpstr (catches[0], ==, "Day 4: Distribution shift (MomentumSignal)");
    /* "and by N other alerts" opens on each of them */
    if (g_strv_length (catches) > 1)
      {
        g_assert_true (ADW_IS_EXPANDER_ROW (row));
        g_assert_nonnull (strstr (subtitle, "other alert"));
        adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
        vigil_ui_test_wait_frames (GTK_WIDGET (wizard), 5);
        for (guint c = 0; catches[c] != NULL; c++)
          g_assert_nonnull (vigil_ui_test_find_label (row, catches[c]));
      }
  }
  g_assert_nonnull (find_named (wizard_child (wizard, "results_group"), "low_fico"));
  g_assert_nonnull (adw_action_row_get_subtitle (wizard_child (wizard, "false_alarms_row")));
  g_test_message ("false alarms: %s",
                  adw_action_row_get_subtitle (wizard_child (wizard, "false_alarms_row")));
  g_assert_cmpstr (gtk_button_get_label (wizard_child (wizard, "cancel_button")), ==, "_Close");
  show_page (wizard, "results", "wizard-results.png");

  /* The simulated database, on the anomaly day */
  g_object_set_data_full (G_OBJECT (window), "expected-path", g_strdup (target), g_free);
  click (wizard_child (wizard, "show_button"));
  g_assert_true (vigil_ui_test_wait_for (wizard_gone, NULL));
  g_assert_true (vigil_ui_test_wait_for (window_shows_simulation, window));
  g_assert_true (vigil_ui_test_wait_for (vigil_ui_test_window_settled, window));

  period = vigil_window_get_period (window);
  g_assert_cmpstr (period->first_day, ==, first_day);
  g_assert_cmpuint (period->n_days, ==, 6);
  g_assert_cmpstr (vigil_window_get_model (window), ==, "MomentumSignal");
  g_assert_true (gtk_widget_get_mapped (vigil_ui_test_window_child (window, "dashboard_view")));

  g_assert_cmpint (sscanf (first_day, "%d-%d-%d", &year, &month, &day), ==, 3);
  start = g_date_time_new_utc (year, month, day, 0, 0, 0);
  anomaly = g_date_time_add_days (start, 3);
  anomaly_day = g_date_time_format (anomaly, "%Y-%m-%d");
  dashboard = vigil_dashboard_view_get_dashboard (vigil_ui_test_window_child (window, "dashboard_view"));
  g_assert_cmpuint (dashboard->n_days, ==, 6);
  for (guint i = 0; i < dashboard->n_days; i++)
    if (dashboard->days[i].distribution_alert)
      {
        g_assert_cmpstr (dashboard->days[i].day, ==, anomaly_day);
        n_marked++;
      }
  g_assert_cmpuint (n_marked, ==, 1);
  wait_for_frames (GTK_WIDGET (window));
  vigil_ui_test_save_screenshot (GTK_WIDGET (window), "wizard-dashboard.png");

  /* The production database was left alone */
  store = vigil_store_open (production, VIGIL_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_store_get_purpose (store), ==, VIGIL_PURPOSE_PRODUCTION);
  g_clear_object (&store);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A long run into the open training database, cancelled: the page says what was kept, and
 * the database holds whole days only. */
static void
test_cancel (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "class", "cancelled.db", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GError) error = NULL;
  VigilSimulationWizard *wizard;
  VigilWizardState *state;
  VigilScenario *scenario;
  VigilWindow *window;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;
  gint64 trading, credit;

  store = vigil_store_open (path, VIGIL_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_store_set_purpose (store, VIGIL_PURPOSE_TRAINING, &error));
  g_clear_object (&store);

  window = vigil_ui_test_open_window (G_APPLICATION (app), file);
  g_assert_true (vigil_ui_test_wait_for (vigil_ui_test_window_settled, window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.simulate", NULL);
  wizard = find_wizard ();
  g_assert_nonnull (wizard);
  gtk_window_set_default_size (GTK_WINDOW (wizard), 360, 720);
  state = vigil_simulation_wizard_get_state (wizard);
  scenario = vigil_wizard_state_get_scenario (state);

  /* The open training database is offered */
  g_assert_true (gtk_widget_get_sensitive (wizard_child (wizard, "open_row")));
  gtk_check_button_set_active (wizard_child (wizard, "open_check"), TRUE);
  g_assert_cmpint (vigil_wizard_state_get_target (state), ==, VIGIL_WIZARD_TARGET_OPEN);
  g_assert_cmpstr (vigil_wizard_state_get_target_path (state), ==, path);

  /* Long enough to cancel: 365 days of 1,000 trading and 1,000 credit decisions */
  vigil_scenario_set_days (scenario, 365);
  vigil_scenario_set_trading_per_day (scenario, 1000);
  vigil_scenario_set_credit_per_day (scenario, 1000);
  g_assert_cmpuint (vigil_scenario_get_days (scenario), ==, 365);
  click (wizard_child (wizard, "next_button"));
  click (wizard_child (wizard, "next_button"));
  g_assert_cmpint (vigil_wizard_state_get_run (state), ==, VIGIL_WIZARD_RUN_RUNNING);
  show_page (wizard, "run", "wizard-run.png");
  g_assert_cmpint (vigil_wizard_state_get_run (state), ==, VIGIL_WIZARD_RUN_RUNNING);

  /* Closing the window while it runs stops the run first */
  gtk_window_close (GTK_WINDOW (wizard));
  g_assert_true (vigil_ui_test_wait_for (run_ended, wizard));
  g_assert_cmpint (vigil_wizard_state_get_run (state), ==, VIGIL_WIZARD_RUN_CANCELLED);
  g_assert_nonnull (strstr (gtk_label_get_label (wizard_child (wizard, "run_status")),
                            "the database is consistent"));
  g_assert_cmpstr (gtk_button_get_label (wizard_child (wizard, "cancel_button")), ==, "_Close");
  g_assert_true (gtk_widget_get_sensitive (wizard_child (wizard, "back_button")));

  /* Whole days only: each day has its 1,000 trading and 1,000 credit decisions */
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT sum(model_name = 'MomentumSignal'), "
                                       "sum(model_name = 'CreditXGBoost') FROM decisions",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  trading = sqlite3_column_int64 (stmt, 0);
  credit = sqlite3_column_int64 (stmt, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_test_message ("cancelled after %" G_GINT64_FORMAT " trading and %" G_GINT64_FORMAT
                  " credit decisions", trading, credit);
  g_assert_cmpint (trading % 1000, ==, 0);
  g_assert_cmpint (trading, ==, credit);
  g_assert_cmpint (trading, <, 365 * 1000);

  click (wizard_child (wizard, "cancel_button"));
  g_assert_true (vigil_ui_test_wait_for (wizard_gone, NULL));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  tmp_dir = vigil_ui_test_isolate ();
  {
    /* In folders that do not exist yet: the store creates them. */
    g_autofree char *db_path = g_build_filename (tmp_dir, "databases", "desk", "vigil.db", NULL);

    g_setenv ("VIGIL_DB", db_path, TRUE);
  }

  vigil_ui_test_init (&argc, &argv);
  vigil_ui_test_use_gnome_decorations ();

  app = vigil_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/vigil/simulation-wizard/defaults", test_defaults);
  g_test_add_func ("/vigil/simulation-wizard/cancel", test_cancel);

  status = g_test_run ();

  g_clear_object (&app);
  vigil_ui_test_remove_tree (tmp_dir);
  g_free (tmp_dir);

  return status;
}
