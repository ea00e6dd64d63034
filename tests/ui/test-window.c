/* test-window.c: the Vigil window opens a database and shows what it holds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vigil-application.h"
#include "vigil-alerts-view.h"
#include "vigil-chart-view.h"
#include "vigil-decision-list.h"
#include "vigil-dashboard-view.h"
#include "vigil-decisions-view.h"
#include "vigil-period.h"
#include "vigil-scenario.h"
#include "vigil-simulator.h"
#include "vigil-ui-test.h"
#include "vigil-window.h"

static VigilApplication *app;
static char *tmp_dir;


static gboolean
job_done (gpointer data)
{
  VigilJob *job = vigil_window_get_job (data);

  return job != NULL && !vigil_job_get_running (job);
}

/* Waits until the window is open on its database and drawn. */
static void
wait_for_window (VigilWindow *window)
{
  g_assert_true (vigil_ui_test_wait_for (vigil_ui_test_window_settled, window));
  vigil_ui_test_wait_frames (GTK_WIDGET (window), 3);
}

/* Opening a file that a window shows already presents that window. */
static gboolean
reopening_reuses (GFile       *file,
                  VigilWindow *window)
{
  guint n_windows = g_list_length (gtk_application_get_windows (GTK_APPLICATION (app)));
  GList *windows;

  g_application_open (G_APPLICATION (app), &file, 1, "");
  windows = gtk_application_get_windows (GTK_APPLICATION (app));

  return g_list_length (windows) == n_windows && g_list_find (windows, window) != NULL;
}

static const char *
visible_child_name (GtkStack *stack)
{
  return gtk_stack_get_visible_child_name (stack);
}

static void
test_empty_database (void)
{
  const char *db_path = g_getenv ("VIGIL_DB");
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GtkSelectionModel) pages = NULL;
  g_autofree char *window_path = NULL;
  g_autofree char *last_database = NULL;
  static const char *page_names[] = { "dashboard", "alerts", "decisions", "reports" };
  static const char *page_titles[] = { "Dashboard", "Alerts", "Decisions", "Reports" };
  VigilWindow *window;
  AdwViewStack *view_stack;
  GtkStack *dashboard_stack;
  AdwStatusPage *empty_page;
  int width, height;

  g_assert_nonnull (db_path);
  g_assert_false (g_file_test (db_path, G_FILE_TEST_EXISTS));

  /* Started without a file, Vigil opens the default database, $VIGIL_DB, creating it. */
  g_application_activate (G_APPLICATION (app));
  window = VIGIL_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (VIGIL_IS_WINDOW (window));
  wait_for_window (window);

  window_path = g_file_get_path (vigil_window_get_file (window));
  g_assert_cmpstr (window_path, ==, db_path);
  g_assert_nonnull (vigil_window_get_database (window));
  g_assert_true (g_file_test (db_path, G_FILE_TEST_IS_REGULAR));

  g_assert_cmpstr (visible_child_name (vigil_ui_test_window_child (window, "main_stack")), ==, "content");
  g_assert_true (adw_view_switcher_title_get_view_switcher_enabled (vigil_ui_test_window_child (window,
                                                                                   "switcher_title")));

  /* The four views, in order. */
  view_stack = vigil_ui_test_window_child (window, "view_stack");
  pages = adw_view_stack_get_pages (view_stack);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (pages)), ==, G_N_ELEMENTS (page_names));
  for (guint i = 0; i < G_N_ELEMENTS (page_names); i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);

      g_assert_cmpstr (adw_view_stack_page_get_name (page), ==, page_names[i]);
      g_assert_cmpstr (adw_view_stack_page_get_title (page), ==, page_titles[i]);
      g_assert_nonnull (adw_view_stack_page_get_icon_name (page));
    }

  /* An empty database shows how to fill it. */
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (view_stack), ==, "dashboard");
  dashboard_stack = vigil_ui_test_window_child (window, "dashboard_stack");
  empty_page = vigil_ui_test_window_child (window, "empty_page");
  g_assert_true (gtk_stack_get_visible_child (dashboard_stack) == GTK_WIDGET (empty_page));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (empty_page)));
  g_assert_cmpstr (adw_status_page_get_title (empty_page), ==, "No Decisions Yet");
  g_assert_nonnull (strstr (adw_status_page_get_description (empty_page), "vigilctl import"));

  /* A production database carries no training notice. */
  g_assert_false (gtk_revealer_get_child_revealed (vigil_ui_test_window_child (window, "training_revealer")));
  g_assert_cmpstr (gtk_label_get_label (vigil_ui_test_window_child (window, "purpose_label")), ==,
                   "Production database");
  g_assert_nonnull (strstr (gtk_label_get_label (vigil_ui_test_window_child (window, "path_label")),
                            "vigil.db"));

  vigil_ui_test_save_screenshot (GTK_WIDGET (window), "window-empty.png");

  /* The view shortcuts switch views. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "alerts");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (view_stack), ==, "alerts");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "dashboard");

  /* Closing the window remembers its size and its database. */
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  gtk_window_close (GTK_WINDOW (window));

  settings = g_settings_new (APPLICATION_ID);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, width);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, height);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
  last_database = g_settings_get_string (settings, "last-database");
  g_assert_cmpstr (last_database, ==, db_path);
}

static void
test_actions (void)
{
  g_auto(GStrv) quit_accels = NULL;
  g_auto(GStrv) open_accels = NULL;
  VigilWindow *window;
  AdwAboutWindow *about;

  /* Started again, Vigil opens the database it created the first time. */
  g_application_activate (G_APPLICATION (app));
  window = VIGIL_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (VIGIL_IS_WINDOW (window));
  wait_for_window (window);
  g_assert_cmpstr (g_file_peek_path (vigil_window_get_file (window)), ==, g_getenv ("VIGIL_DB"));

  /* What the primary menu and the shortcuts window offer is there. */
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  quit_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
  g_assert_cmpstr (quit_accels[0], ==, "<Control>q");
  open_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.open");
  g_assert_cmpstr (open_accels[0], ==, "<Control>o");

  g_assert_null (vigil_ui_test_find_toplevel (ADW_TYPE_ABOUT_WINDOW));
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  about = vigil_ui_test_find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_application_name (about), ==, "Vigil");
  g_assert_cmpstr (adw_about_window_get_version (about), ==, PACKAGE_VERSION);
  g_assert_nonnull (strstr (adw_about_window_get_debug_info (about), "vigil.db"));
  gtk_window_destroy (GTK_WINDOW (about));

  /* Quit closes every window. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
}

static gboolean
bar_revealed (gpointer data)
{
  return adw_view_switcher_bar_get_reveal (vigil_ui_test_window_child (data, "switcher_bar"));
}

/* A toast over a screenshot hides what it is of */
static gboolean
no_toast (gpointer data)
{
  GtkWidget *overlay = vigil_ui_test_window_child (data, "toast_overlay");
  guint n_children = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (overlay); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n_children++;
  return n_children <= 1;
}

static gboolean
dashboard_shown (gpointer data)
{
  return gtk_widget_get_mapped (vigil_ui_test_window_child (data, "dashboard_view"));
}

static gboolean
dashboard_total_is (gpointer data)
{
  VigilWindow *window = data;
  VigilDashboard *dashboard;

  if (!vigil_ui_test_dashboard_loaded (window))
    return FALSE;
  dashboard = vigil_dashboard_view_get_dashboard (vigil_ui_test_window_child (window, "dashboard_view"));
  return dashboard->summary->total_decisions ==
         GPOINTER_TO_INT (g_object_get_data (G_OBJECT (window), "expected-total"));
}

static gboolean
dashboard_of_model (gpointer data)
{
  VigilWindow *window = data;
  VigilDashboard *dashboard;

  if (!vigil_ui_test_dashboard_loaded (window))
    return FALSE;
  dashboard = vigil_dashboard_view_get_dashboard (vigil_ui_test_window_child (window, "dashboard_view"));
  return g_strcmp0 (dashboard->model_name, vigil_window_get_model (window)) == 0;
}

static VigilChartView *
find_chart (GtkWidget      *widget,
            VigilChartKind  kind)
{
  if (VIGIL_IS_CHART_VIEW (widget) && vigil_chart_view_get_kind (VIGIL_CHART_VIEW (widget)) == kind)
    return VIGIL_CHART_VIEW (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      VigilChartView *found = find_chart (child, kind);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
decisions_listed (gpointer data)
{
  VigilDecisionsView *view = data;
  GListModel *list = vigil_decisions_view_get_list (view);

  return list != NULL && !vigil_decision_list_get_loading (VIGIL_DECISION_LIST (list)) &&
         g_list_model_get_n_items (list) > 0;
}

static gboolean
alerts_listed (gpointer data)
{
  VigilAlertsView *view = data;

  return !vigil_alerts_view_get_loading (view) && gtk_widget_get_mapped (GTK_WIDGET (view));
}

static GListModel *
alerts_shown (VigilAlertsView *view)
{
  GObject *column_view = gtk_widget_get_template_child (GTK_WIDGET (view), VIGIL_TYPE_ALERTS_VIEW,
                                                        "column_view");

  g_assert_nonnull (column_view);
  return G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (column_view)));
}

typedef struct
{
  char   *path;
  gint64  alert_id;
} AckWait;

static gboolean
alert_acknowledged_in_store (gpointer data)
{
  AckWait *wait = data;
  g_autoptr(VigilStore) store = vigil_store_open (wait->path, VIGIL_STORE_OPEN_READ_ONLY, NULL);
  g_autoptr(VigilAlert) alert = NULL;

  if (store == NULL)
    return FALSE;
  alert = vigil_store_get_alert (store, wait->alert_id, NULL);
  return alert != NULL && vigil_alert_get_acknowledged (alert);
}

static gboolean
dialog_shown (gpointer data)
{
  return vigil_ui_test_find_dialog (data) != NULL;
}

/* What a trainer and a risk officer do with a simulated incident: the anomaly day stands
 * out on the dashboard, its decisions are a click away, its alert is acknowledged, and the
 * acknowledgement is still there when the database is opened again. */
static void
test_simulated_incident (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "incident.db", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(VigilScenario) scenario = vigil_scenario_new ();
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) anomaly = NULL;
  g_autofree char *start_text = NULL;
  g_autofree char *anomaly_day = NULL;
  g_autofree char *day_from = NULL;
  g_autofree char *day_to = NULL;
  VigilWindow *window;
  VigilDashboard *dashboard;
  VigilDecisionsView *decisions_view;
  VigilAlertsView *alerts_view;
  VigilChartView *chart;
  AdwMessageDialog *dialog;
  GtkDropDown *model_dropdown;
  GListModel *list;
  GListModel *alerts;
  AckWait ack = { NULL, 0 };
  gint64 unacknowledged_before;
  guint n_marked = 0;
  int year, month, day;

  g_settings_set_string (settings, "reviewer-name", "Ada Reviewer");
  g_settings_set_int (settings, "period-days", 7);
  g_settings_set_string (settings, "last-model", "");

  /* An empty training database, filled with the default scenario through the window (the
   * wizard behind win.simulate has a test of its own) */
  store = vigil_store_open (path, VIGIL_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_store_set_purpose (store, VIGIL_PURPOSE_TRAINING, &error));
  g_clear_object (&store);

  window = vigil_ui_test_open_window (G_APPLICATION (app), file);
  wait_for_window (window);
  g_assert_true (gtk_widget_get_mapped (vigil_ui_test_window_child (window, "empty_page")));

  vigil_window_simulate (window, path);
  g_assert_nonnull (vigil_window_get_job (window));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_first_child (
    vigil_ui_test_window_child (window, "job_bar")))));
  g_assert_true (vigil_ui_test_wait_for (job_done, window));

  /* 6 days of 50 trading signals and 100 credit decisions */
  g_object_set_data (G_OBJECT (window), "expected-total", GINT_TO_POINTER (900));
  g_assert_true (vigil_ui_test_wait_for (dashboard_total_is, window));
  /* The empty page gives way once the models are counted again */
  g_assert_true (vigil_ui_test_wait_for (dashboard_shown, window));

  start_text = vigil_scenario_dup_resolved_start_date (scenario);
  g_assert_cmpint (sscanf (start_text, "%d-%d-%d", &year, &month, &day), ==, 3);
  start = g_date_time_new_utc (year, month, day, 0, 0, 0);
  anomaly = g_date_time_add_days (start, (int) vigil_scenario_get_anomaly_day (scenario) - 1);
  anomaly_day = g_date_time_format (anomaly, "%Y-%m-%d");
  day_from = g_strdup_printf ("%sT00:00:00.000000", anomaly_day);
  {
    g_autoptr(GDateTime) next_day = g_date_time_add_days (anomaly, 1);

    day_to = g_date_time_format (next_day, "%Y-%m-%dT00:00:00.000000");
  }

  /* The SELL surge's day, and only it, is marked on the daily distribution */
  dashboard = vigil_dashboard_view_get_dashboard (vigil_ui_test_window_child (window, "dashboard_view"));
  for (guint i = 0; i < dashboard->n_days; i++)
    if (dashboard->days[i].distribution_alert)
      {
        g_assert_cmpstr (dashboard->days[i].day, ==, anomaly_day);
        n_marked++;
      }
  g_assert_cmpuint (n_marked, ==, 1);
  g_assert_cmpint (dashboard->summary->alerts, >, 0);
  unacknowledged_before = dashboard->summary->unacknowledged_alerts;
  g_assert_true (vigil_ui_test_wait_for (no_toast, window));
  wait_for_window (window);
  vigil_ui_test_save_screenshot (GTK_WIDGET (window), "window-dashboard.png");

  /* Under all models the daily distribution has a panel per model; a click on a day of the
   * second panel opens that day's decisions of its model */
  g_assert_cmpuint (dashboard->n_models, ==, 2);
  g_assert_cmpstr (dashboard->models[0].model_name, ==, "CreditXGBoost");
  g_assert_cmpstr (dashboard->models[1].model_name, ==, "MomentumSignal");
  chart = find_chart (vigil_ui_test_window_child (window, "dashboard_view"), VIGIL_CHART_KIND_DISTRIBUTION);
  g_assert_nonnull (chart);
  vigil_ui_test_save_screenshot (GTK_WIDGET (chart), "dashboard-distribution-all-models.png");
  {
    int width = gtk_widget_get_width (GTK_WIDGET (chart));
    int height = gtk_widget_get_height (GTK_WIDGET (chart));
    g_autofree char *panel_day = NULL;
    gboolean clicked = FALSE;

    for (int y = height - 1; y > 0 && !clicked; y -= 4)
      for (int x = width / 2; x < width && !clicked; x += 4)
        {
          g_auto(VigilChartHit) hit = { 0 };

          if (vigil_chart_view_hit (chart, x, y, &hit)
              && g_strcmp0 (hit.model, "MomentumSignal") == 0)
            {
              panel_day = g_strdup_printf ("%sT00:00:00.000000", hit.day);
              clicked = vigil_chart_view_activate_at (chart, x, y);
            }
        }
    g_assert_true (clicked);
    g_assert_cmpstr (adw_view_stack_get_visible_child_name (vigil_ui_test_window_child (window, "view_stack")),
                     ==, "decisions");
    decisions_view = vigil_ui_test_window_child (window, "decisions_view");
    g_assert_cmpstr (vigil_decisions_view_get_model_name (decisions_view), ==, "MomentumSignal");
    g_assert_cmpstr (vigil_decisions_view_get_from (decisions_view), ==, panel_day);
    /* The header follows the decisions' model, and says so; back to all models for what
     * follows */
    g_assert_cmpstr (vigil_window_get_model (window), ==, "MomentumSignal");
    {
      VigilUiTestLabelWait said = { vigil_ui_test_window_child (window, "toast_overlay"),
                                    "Showing the decisions of MomentumSignal" };

      g_assert_true (vigil_ui_test_wait_for (vigil_ui_test_label_shown, &said));
    }
    vigil_window_select_model (window, NULL);
    adw_view_stack_set_visible_child_name (vigil_ui_test_window_child (window, "view_stack"),
                                           "dashboard");
    g_assert_true (vigil_ui_test_wait_for (dashboard_total_is, window));
    wait_for_window (window);
  }

  /* The same dashboard on a phone, narrowed as a person drags the window's edge: the
   * header's selectors shorten on the way */
  for (int width = 940; width > 360; width = MAX (width - 60, 360))
    {
      gtk_window_set_default_size (GTK_WINDOW (window), MAX (width - 60, 360), 720);
      wait_for_window (window);
      wait_for_window (window);
    }
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 370);
  vigil_ui_test_save_screenshot (GTK_WIDGET (window), "window-dashboard-narrow.png");
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  wait_for_window (window);

  /* Choosing the trading model in the header */
  model_dropdown = vigil_ui_test_window_child (window, "model_dropdown");
  list = gtk_drop_down_get_model (model_dropdown);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (list, i);

      if (g_str_has_prefix (gtk_string_object_get_string (item), "MomentumSignal"))
        gtk_drop_down_set_selected (model_dropdown, i);
    }
  g_assert_cmpstr (vigil_window_get_model (window), ==, "MomentumSignal");
  g_assert_true (vigil_ui_test_wait_for (dashboard_of_model, window));
  dashboard = vigil_dashboard_view_get_dashboard (vigil_ui_test_window_child (window, "dashboard_view"));
  g_assert_cmpint (dashboard->summary->total_decisions, ==, 300);
  g_assert_true (dashboard->has_entities);
  g_assert_cmpuint (dashboard->n_entities, >, 0);

  /* A click on the anomaly day opens that day's decisions of that model */
  chart = find_chart (vigil_ui_test_window_child (window, "dashboard_view"), VIGIL_CHART_KIND_DISTRIBUTION);
  g_assert_nonnull (chart);
  g_signal_emit_by_name (chart, "day-activated", anomaly_day, NULL);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (vigil_ui_test_window_child (window, "view_stack")),
                   ==, "decisions");
  decisions_view = vigil_ui_test_window_child (window, "decisions_view");
  g_assert_cmpstr (vigil_decisions_view_get_model_name (decisions_view), ==, "MomentumSignal");
  g_assert_cmpstr (vigil_decisions_view_get_from (decisions_view), ==, day_from);
  g_assert_cmpstr (vigil_decisions_view_get_to (decisions_view), ==, day_to);
  g_assert_true (vigil_ui_test_wait_for (decisions_listed, decisions_view));
  g_assert_cmpuint (g_list_model_get_n_items (vigil_decisions_view_get_list (decisions_view)), ==, 50);
  g_assert_cmpstr (vigil_window_get_model (window), ==, "MomentumSignal");
  wait_for_window (window);
  vigil_ui_test_save_screenshot (GTK_WIDGET (window), "window-decisions.png");

  /* The alert of that day, acknowledged in the Alerts view */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "alerts");
  alerts_view = vigil_ui_test_window_child (window, "alerts_view");
  g_assert_true (vigil_ui_test_wait_for (alerts_listed, alerts_view));
  alerts = alerts_shown (alerts_view);
  g_assert_cmpuint (g_list_model_get_n_items (alerts), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (alerts) && ack.alert_id == 0; i++)
    {
      g_autoptr(VigilAlert) alert = g_list_model_get_item (alerts, i);

      if (g_str_equal (vigil_alert_get_alert_type (alert), "distribution_shift") &&
          !vigil_alert_get_acknowledged (alert))
        {
          ack.alert_id = vigil_alert_get_id (alert);
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (alerts), i, TRUE);
        }
    }
  g_assert_cmpint (ack.alert_id, >, 0);
  wait_for_window (window);
  vigil_ui_test_save_screenshot (GTK_WIDGET (window), "window-alerts.png");

  gtk_widget_activate_action (GTK_WIDGET (alerts_view), "alerts.acknowledge", NULL);
  g_assert_true (vigil_ui_test_wait_for (dialog_shown, (gpointer) "Acknowledge 1 Alert?"));
  dialog = vigil_ui_test_find_dialog ("Acknowledge 1 Alert?");
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)),
                         "Simulated SELL surge, training session");
  adw_message_dialog_response (dialog, "acknowledge");
  ack.path = path;
  g_assert_true (vigil_ui_test_wait_for (alert_acknowledged_in_store, &ack));

  store = vigil_store_open (path, VIGIL_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  {
    g_autoptr(VigilAlert) alert = vigil_store_get_alert (store, ack.alert_id, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (vigil_alert_get_acknowledged_by (alert), ==, "Ada Reviewer");
    g_assert_cmpstr (vigil_alert_get_ack_note (alert), ==, "Simulated SELL surge, training session");
  }
  g_clear_object (&store);

  /* The reports page says what it will hold */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "reports");
  wait_for_window (window);
  vigil_ui_test_save_screenshot (GTK_WIDGET (window), "window-reports.png");

  /* The ledger, verified in the background, is intact */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.verify", NULL);
  g_assert_true (vigil_ui_test_wait_for (job_done, window));
  g_assert_true (vigil_ui_test_wait_for (dialog_shown, (gpointer) "Ledger Intact"));
  dialog = vigil_ui_test_find_dialog ("Ledger Intact");
  /* In words, not the command line's "intact: N records" */
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "records of the ledger"));
  g_assert_null (strstr (adw_message_dialog_get_body (dialog), "intact:"));
  g_test_message ("verified: %s", adw_message_dialog_get_body (dialog));
  g_assert_true (g_regex_match_simple ("^All [0-9,]+ records of the ledger were rehashed now",
                                       adw_message_dialog_get_body (dialog), 0, 0));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Opened again, the app shows the alert acknowledged by that reviewer */
  gtk_window_destroy (GTK_WINDOW (window));
  window = vigil_ui_test_open_window (G_APPLICATION (app), file);
  wait_for_window (window);
  g_object_set_data (G_OBJECT (window), "expected-total", GINT_TO_POINTER (300));
  g_assert_true (vigil_ui_test_wait_for (dashboard_total_is, window));
  vigil_window_select_model (window, NULL);
  g_object_set_data (G_OBJECT (window), "expected-total", GINT_TO_POINTER (900));
  g_assert_true (vigil_ui_test_wait_for (dashboard_total_is, window));
  dashboard = vigil_dashboard_view_get_dashboard (vigil_ui_test_window_child (window, "dashboard_view"));
  g_assert_cmpint (dashboard->summary->unacknowledged_alerts, ==, unacknowledged_before - 1);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "alerts");
  alerts_view = vigil_ui_test_window_child (window, "alerts_view");
  g_assert_true (vigil_ui_test_wait_for (alerts_listed, alerts_view));
  alerts = alerts_shown (alerts_view);
  ack.path = NULL;
  for (guint i = 0; i < g_list_model_get_n_items (alerts); i++)
    {
      g_autoptr(VigilAlert) alert = g_list_model_get_item (alerts, i);

      if (vigil_alert_get_id (alert) == ack.alert_id)
        {
          g_assert_true (vigil_alert_get_acknowledged (alert));
          g_assert_cmpstr (vigil_alert_get_acknowledged_by (alert), ==, "Ada Reviewer");
          ack.path = path;
        }
    }
  g_assert_nonnull (ack.path);

  /* Show Flagged Decisions of an alert of another model than the header's switches the
   * header to that model, and says so */
  {
    VigilUiTestLabelWait said = { vigil_ui_test_window_child (window, "toast_overlay"),
                                  "Showing the flagged decisions of CreditXGBoost" };

    g_assert_null (vigil_window_get_model (window));
    g_signal_emit_by_name (alerts_view, "show-decisions", "CreditXGBoost", day_from, day_to, TRUE);
    g_assert_cmpstr (adw_view_stack_get_visible_child_name (vigil_ui_test_window_child (window, "view_stack")),
                     ==, "decisions");
    g_assert_cmpstr (vigil_window_get_model (window), ==, "CreditXGBoost");
    g_assert_true (vigil_ui_test_wait_for (vigil_ui_test_label_shown, &said));
    decisions_view = vigil_ui_test_window_child (window, "decisions_view");
    g_assert_cmpstr (vigil_decisions_view_get_model_name (decisions_view), ==, "CreditXGBoost");
  }

  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "reviewer-name");
  g_settings_reset (settings, "last-model");
}

static void
test_narrow_window (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  VigilWindow *window;
  int width, height;

  /* The window comes back at its saved size; too narrow for the header's view switcher,
   * it moves the switcher to the bottom. */
  g_settings_set_int (settings, "window-width", 360);
  g_settings_set_int (settings, "window-height", 640);

  g_application_activate (G_APPLICATION (app));
  window = VIGIL_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  wait_for_window (window);

  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 360);
  g_assert_cmpint (height, ==, 640);
  g_assert_true (vigil_ui_test_wait_for (bar_revealed, window));
  wait_for_window (window);
  g_assert_true (gtk_widget_get_mapped (vigil_ui_test_window_child (window, "switcher_bar")));
  g_assert_true (adw_view_switcher_title_get_title_visible (vigil_ui_test_window_child (window,
                                                                           "switcher_title")));

  vigil_ui_test_save_screenshot (GTK_WIDGET (window), "window-narrow.png");

  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

static void
test_training_database (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "training.db", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GError) error = NULL;
  VigilWindow *window;
  VigilDashboardView *dashboard_view;
  VigilDashboard *dashboard;
  GtkRevealer *revealer;
  GtkWidget *notice;

  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
  g_autofree char *yesterday_noon = g_date_time_format (yesterday, "%Y-%m-%dT12:00:00Z");

  store = vigil_store_open (path, VIGIL_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_store_set_purpose (store, VIGIL_PURPOSE_TRAINING, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(VigilDecision) decision = vigil_decision_new ("CreditXGBoost", "1.0",
                                                              "credit_approval", "APPROVE");

      vigil_decision_set_timestamp (decision, yesterday_noon);
      vigil_decision_set_confidence (decision, 0.9);
      vigil_decision_set_input_features (decision, "{\"fico\": 712}");
      g_assert_true (vigil_store_log_decision (store, decision, NULL, &error));
      g_assert_no_error (error);
    }
  g_clear_object (&store);

  window = vigil_ui_test_open_window (G_APPLICATION (app), file);
  wait_for_window (window);

  g_assert_cmpstr (visible_child_name (vigil_ui_test_window_child (window, "main_stack")), ==, "content");
  g_assert_true (vigil_database_get_purpose (vigil_window_get_database (window))
                 == VIGIL_PURPOSE_TRAINING);

  /* Simulated data is never mistaken for the real log. */
  revealer = vigil_ui_test_window_child (window, "training_revealer");
  notice = gtk_revealer_get_child (revealer);
  g_assert_true (gtk_revealer_get_child_revealed (revealer));
  g_assert_true (gtk_widget_get_mapped (notice));
  g_assert_cmpint (gtk_widget_get_height (notice), >, 0);
  g_assert_cmpstr (gtk_label_get_label (vigil_ui_test_window_child (window, "purpose_label")), ==,
                   "Training database");

  /* Its three decisions, logged yesterday, are on the dashboard of the last 7 days */
  dashboard_view = vigil_ui_test_window_child (window, "dashboard_view");
  g_assert_true (vigil_ui_test_wait_for (vigil_ui_test_dashboard_loaded, window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (dashboard_view)));
  dashboard = vigil_dashboard_view_get_dashboard (dashboard_view);
  g_assert_cmpint (dashboard->summary->total_decisions, ==, 3);
  g_assert_cmpuint (dashboard->n_days, ==, 7);
  g_assert_cmpint (dashboard->days[6].total, ==, 3);
  g_assert_false (dashboard->has_entities);

  vigil_ui_test_save_screenshot (GTK_WIDGET (window), "window-training.png");

  g_assert_true (reopening_reuses (file, window));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
dashboard_period_is (gpointer data)
{
  VigilWindow *window = data;
  VigilDashboard *dashboard;
  char from[VIGIL_TIMESTAMP_LEN], to[VIGIL_TIMESTAMP_LEN];

  if (!vigil_ui_test_dashboard_loaded (window))
    return FALSE;
  dashboard = vigil_dashboard_view_get_dashboard (vigil_ui_test_window_child (window,
                                                                              "dashboard_view"));
  vigil_period_get_bounds (vigil_window_get_period (window), from, to);
  return g_str_equal (dashboard->from, from) && g_str_equal (dashboard->to, to);
}

static void
select_period (VigilWindow *window,
               const char  *label)
{
  GtkDropDown *dropdown = vigil_ui_test_window_child (window, "period_dropdown");
  GListModel *list = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (list, i);

      if (g_str_equal (gtk_string_object_get_string (item), label))
        {
          gtk_drop_down_set_selected (dropdown, i);
          return;
        }
    }
  g_assert_not_reached ();
}

/* The presets are complete days, ending yesterday: a model that decides 50 times a day makes
 * 50 decisions a day in the last 7 days, whatever it logged this morning. Today is a choice of
 * its own, and the dashboard then says that the day is not over. */
static void
test_whole_days (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "whole-days.db", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  char today[VIGIL_DAY_LEN], last[VIGIL_DAY_LEN];
  g_autofree char *yesterday = NULL;
  const VigilPeriod *period;
  VigilDashboardView *view;
  VigilDashboard *dashboard;
  GtkLabel *note;
  VigilWindow *window;

  vigil_period_today (today);
  {
    g_autoptr(GDateTime) before = g_date_time_add_days (now, -1);

    yesterday = g_date_time_format (before, "%Y-%m-%d");
  }

  /* 50 a day for the 8 days before today, and 7 so far today */
  store = vigil_store_open (path, VIGIL_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  for (int d = -8; d <= 0; d++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (now, d);
      g_autofree char *date = g_date_time_format (day, "%Y-%m-%d");

      for (guint i = 0; i < (d == 0 ? 7u : 50u); i++)
        {
          g_autofree char *ts = g_strdup_printf ("%sT00:%02u:%02uZ", date, i / 60, i % 60);
          VigilDecision *decision = vigil_decision_new ("MomentumSignal", "1.0",
                                                        "trading_signal", i % 3 ? "BUY" : "SELL");

          vigil_decision_set_timestamp (decision, ts);
          vigil_decision_set_confidence (decision, 0.8);
          vigil_decision_set_ticker (decision, i % 2 ? "AAPL" : "MSFT");
          g_ptr_array_add (batch, decision);
        }
    }
  g_assert_true (vigil_store_log_decisions (store, (VigilDecision **) batch->pdata, batch->len,
                                            &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  g_settings_reset (settings, "period-days");
  g_settings_set_string (settings, "last-model", "MomentumSignal");
  window = vigil_ui_test_open_window (G_APPLICATION (app), file);
  wait_for_window (window);

  /* The default, "Last 7 Days", ends yesterday */
  period = vigil_window_get_period (window);
  vigil_period_get_last_day (period, last);
  g_assert_cmpstr (last, ==, yesterday);
  g_assert_cmpuint (period->n_days, ==, 7);
  g_assert_false (vigil_period_is_incomplete (period, today));
  {
    GtkDropDown *dropdown = vigil_ui_test_window_child (window, "period_dropdown");
    g_autoptr(GtkStringObject) item = gtk_drop_down_get_selected_item (dropdown)
                                      ? g_object_ref (gtk_drop_down_get_selected_item (dropdown))
                                      : NULL;

    g_assert_nonnull (item);
    g_assert_cmpstr (gtk_string_object_get_string (item), ==, "Last 7 Days");
  }

  view = vigil_ui_test_window_child (window, "dashboard_view");
  note = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (view), VIGIL_TYPE_DASHBOARD_VIEW,
                                                   "incomplete_note"));
  g_assert_true (vigil_ui_test_wait_for (dashboard_period_is, window));
  dashboard = vigil_dashboard_view_get_dashboard (view);
  g_assert_cmpint (dashboard->summary->total_decisions, ==, 350);
  g_assert_cmpfloat (dashboard->summary->decisions_per_day, ==, 50.0);
  g_assert_cmpstr (dashboard->recent_days.first_day, ==, yesterday);
  g_assert_cmpint (dashboard->recent_total, ==, 50);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (note)));

  /* Today so far: today's decisions, and a note that the day is not over */
  select_period (window, "Today So Far");
  g_assert_true (vigil_ui_test_wait_for (dashboard_period_is, window));
  period = vigil_window_get_period (window);
  g_assert_cmpstr (period->first_day, ==, today);
  g_assert_cmpuint (period->n_days, ==, 1);
  dashboard = vigil_dashboard_view_get_dashboard (view);
  g_assert_cmpint (dashboard->summary->total_decisions, ==, 7);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (note)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (note)));
  g_assert_nonnull (strstr (gtk_label_get_label (note), "includes today"));
  g_assert_nonnull (strstr (gtk_label_get_label (note), "not over"));
  g_assert_cmpint (g_settings_get_int (settings, "period-days"), ==, 0);
  wait_for_window (window);
  vigil_ui_test_save_screenshot (GTK_WIDGET (window), "window-today-so-far.png");

  /* Back to whole days: the note goes */
  select_period (window, "Last 30 Days");
  g_assert_true (vigil_ui_test_wait_for (dashboard_period_is, window));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (note)));
  g_assert_cmpint (vigil_dashboard_view_get_dashboard (view)->summary->total_decisions, ==, 400);

  g_settings_reset (settings, "period-days");
  g_settings_reset (settings, "last-model");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_unusable_database (void)
{
  g_autofree char *garbage_path = g_build_filename (tmp_dir, "notes.db", NULL);
  g_autofree char *missing_path = g_build_filename (tmp_dir, "mistyped.db", NULL);
  g_autoptr(GFile) garbage = g_file_new_for_path (garbage_path);
  g_autoptr(GFile) missing = g_file_new_for_path (missing_path);
  g_autoptr(GError) error = NULL;
  VigilWindow *window;
  AdwStatusPage *error_page;
  GtkWidget *chooser;

  g_file_set_contents (garbage_path, "Meeting notes, not a database.\n", -1, &error);
  g_assert_no_error (error);

  /* A file that is no database says why, in the window. */
  window = vigil_ui_test_open_window (G_APPLICATION (app), garbage);
  wait_for_window (window);

  error_page = vigil_ui_test_window_child (window, "error_page");
  g_assert_cmpstr (visible_child_name (vigil_ui_test_window_child (window, "main_stack")), ==, "error");
  g_assert_null (vigil_window_get_database (window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (error_page)));
  g_assert_cmpstr (adw_status_page_get_description (error_page), !=, "");
  g_assert_false (adw_view_switcher_title_get_view_switcher_enabled (vigil_ui_test_window_child (window,
                                                                                    "switcher_title")));
  g_assert_false (gtk_widget_get_mapped (vigil_ui_test_window_child (window, "view_stack")));
  g_test_message ("error shown: %s", adw_status_page_get_description (error_page));

  vigil_ui_test_save_screenshot (GTK_WIDGET (window), "window-error.png");

  /* Its button offers to open another database; cancelling leaves the window as it was. */
  g_assert_null (vigil_ui_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open", NULL);
  chooser = vigil_ui_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_assert_nonnull (chooser);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (chooser)), ==, "Open Database");
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  g_assert_null (vigil_ui_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));
  g_assert_true (g_file_equal (vigil_window_get_file (window), garbage));

  /* A database named on the command line that does not exist is not created. */
  vigil_window_open (window, missing, VIGIL_STORE_OPEN_DEFAULT);
  g_assert_true (vigil_window_get_busy (window));
  wait_for_window (window);

  g_assert_cmpstr (visible_child_name (vigil_ui_test_window_child (window, "main_stack")), ==, "error");
  g_assert_cmpstr (adw_status_page_get_description (error_page), !=, "");
  g_assert_false (g_file_test (missing_path, G_FILE_TEST_EXISTS));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A custom range in force can be changed: "Custom Range…" stays on the list after it and
 * opens the dialog on the range in force, whose days can be typed or picked in a calendar */
static void
test_custom_range (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "custom-range.db", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) picked = g_date_time_new (utc, 2026, 11, 3, 0, 0, 0);
  GtkDropDown *dropdown;
  GListModel *list;
  AdwMessageDialog *dialog;
  GtkEditable *from, *to;
  GtkWidget *calendar_button;
  VigilWindow *window;
  VigilPeriod period;
  guint n;

  store = vigil_store_open (path, VIGIL_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  {
    g_autoptr(VigilDecision) decision = vigil_decision_new ("MomentumSignal", "1.0",
                                                            "trading_signal", "BUY");

    vigil_decision_set_timestamp (decision, "2026-11-05T10:00:00Z");
    g_assert_true (vigil_store_log_decision (store, decision, NULL, &error));
    g_assert_no_error (error);
  }
  g_clear_object (&store);

  window = vigil_ui_test_open_window (G_APPLICATION (app), file);
  wait_for_window (window);
  dropdown = vigil_ui_test_window_child (window, "period_dropdown");
  list = gtk_drop_down_get_model (dropdown);

  g_assert_true (vigil_period_init_range (&period, "2026-11-01", "2026-11-10", &error));
  vigil_window_set_period (window, &period);
  n = g_list_model_get_n_items (list);
  {
    g_autoptr(GtkStringObject) range = g_list_model_get_item (list, n - 2);
    g_autoptr(GtkStringObject) custom = g_list_model_get_item (list, n - 1);

    g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, n - 2);
    g_assert_cmpstr (gtk_string_object_get_string (custom), ==, "Custom Range…");
    g_assert_cmpstr (gtk_string_object_get_string (range), !=, "Custom Range…");
  }

  /* Chosen again, it opens on the range in force */
  select_period (window, "Custom Range…");
  g_assert_true (vigil_ui_test_wait_for (dialog_shown, (gpointer) "Custom Period"));
  dialog = vigil_ui_test_find_dialog ("Custom Period");
  from = g_object_get_data (G_OBJECT (dialog), "from");
  to = g_object_get_data (G_OBJECT (dialog), "to");
  g_assert_cmpstr (gtk_editable_get_text (from), ==, "2026-11-01");
  g_assert_cmpstr (gtk_editable_get_text (to), ==, "2026-11-10");

  /* A day picked in the calendar is typed into its entry */
  calendar_button = g_object_get_data (G_OBJECT (dialog), "from-calendar");
  g_assert_true (GTK_IS_MENU_BUTTON (calendar_button));
  gtk_menu_button_popup (GTK_MENU_BUTTON (calendar_button));
  gtk_calendar_select_day (g_object_get_data (G_OBJECT (calendar_button), "calendar"), picked);
  g_assert_cmpstr (gtk_editable_get_text (from), ==, "2026-11-03");

  adw_message_dialog_response (dialog, "apply");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpstr (vigil_window_get_period (window)->first_day, ==, "2026-11-03");
  g_assert_cmpuint (vigil_window_get_period (window)->n_days, ==, 8);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, n);
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, n - 2);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The performance chart on a simulated accuracy drop: under all models a panel per model,
 * whose line falls on the anomaly day and on no other; a click on that day of the trading
 * model's panel opens that day's decisions of the model. */
static void
test_performance_chart (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "accuracy.db", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(VigilScenario) scenario = vigil_scenario_new ();
  g_autoptr(VigilSimulator) simulator = vigil_simulator_new ();
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) anomaly = NULL;
  g_autofree char *start_text = NULL;
  g_autofree char *anomaly_day = NULL;
  g_autofree char *day_from = NULL;
  VigilWindow *window;
  VigilDashboard *dashboard;
  VigilDecisionsView *decisions_view;
  VigilChartView *chart;
  guint judged_days = 0;
  gboolean clicked = FALSE;
  int year, month, day, width, height;

  g_settings_set_int (settings, "period-days", 7);
  g_settings_set_string (settings, "last-model", "");

  vigil_scenario_set_anomalies (scenario, VIGIL_ANOMALY_ACCURACY_DROP);
  store = vigil_store_open (path, VIGIL_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_store_set_purpose (store, VIGIL_PURPOSE_TRAINING, &error));
  g_assert_true (vigil_simulator_run (simulator, store, scenario, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  start_text = vigil_scenario_dup_resolved_start_date (scenario);
  g_assert_cmpint (sscanf (start_text, "%d-%d-%d", &year, &month, &day), ==, 3);
  start = g_date_time_new_utc (year, month, day, 0, 0, 0);
  anomaly = g_date_time_add_days (start, (int) vigil_scenario_get_anomaly_day (scenario) - 1);
  anomaly_day = g_date_time_format (anomaly, "%Y-%m-%d");
  day_from = g_strdup_printf ("%sT00:00:00.000000", anomaly_day);

  window = vigil_ui_test_open_window (G_APPLICATION (app), file);
  wait_for_window (window);
  g_object_set_data (G_OBJECT (window), "expected-total",
                     GINT_TO_POINTER ((int) vigil_simulator_get_decisions (simulator)));
  g_assert_true (vigil_ui_test_wait_for (dashboard_total_is, window));

  /* Most decisions have an outcome; about 80 % of those judged are right, but on the
   * anomaly day about 20 % */
  dashboard = vigil_dashboard_view_get_dashboard (vigil_ui_test_window_child (window, "dashboard_view"));
  g_assert_cmpuint (dashboard->n_models, ==, 2);
  for (guint i = 0; i < dashboard->n_days; i++)
    {
      const VigilDashboardOutcomes *o = &dashboard->days[i].outcomes;
      double accuracy;

      if (o->judged == 0)
        continue;
      judged_days++;
      accuracy = (double) o->right / o->judged;
      g_test_message ("%s: %.0f%% of %" G_GINT64_FORMAT " judged", dashboard->days[i].day,
                      100 * accuracy, o->judged);
      g_assert_cmpint (o->with_outcome, >, dashboard->days[i].total / 2);
      if (strcmp (dashboard->days[i].day, anomaly_day) == 0)
        g_assert_cmpfloat (accuracy, <, 0.4);
      else
        g_assert_cmpfloat (accuracy, >, 0.6);
    }
  g_assert_cmpuint (judged_days, >=, 5);
  /* Each model's panel has its own fall, the trading model's judged by its own labels (a
   * BUY followed by SELL is wrong) */
  for (guint m = 0; m < dashboard->n_models; m++)
    for (guint i = 0; i < dashboard->n_days; i++)
      {
        const VigilDashboardOutcomes *o = &dashboard->models[m].outcomes[i];

        if (o->judged == 0)
          continue;
        if (strcmp (dashboard->days[i].day, anomaly_day) == 0)
          g_assert_cmpfloat ((double) o->right / o->judged, <, 0.4);
        else
          g_assert_cmpfloat ((double) o->right / o->judged, >, 0.5);
      }

  chart = find_chart (vigil_ui_test_window_child (window, "dashboard_view"), VIGIL_CHART_KIND_PERFORMANCE);
  g_assert_nonnull (chart);
  gtk_widget_grab_focus (GTK_WIDGET (chart));
  wait_for_window (window);
  vigil_ui_test_save_screenshot (GTK_WIDGET (chart), "dashboard-performance-all-models.png");

  width = gtk_widget_get_width (GTK_WIDGET (chart));
  height = gtk_widget_get_height (GTK_WIDGET (chart));
  for (int y = height - 1; y > 0 && !clicked; y -= 4)
    for (int x = 0; x < width && !clicked; x += 4)
      {
        g_auto(VigilChartHit) hit = { 0 };

        if (vigil_chart_view_hit (chart, x, y, &hit)
            && g_strcmp0 (hit.model, "MomentumSignal") == 0
            && strcmp (hit.day, anomaly_day) == 0)
          {
            g_assert_nonnull (strstr (hit.text, "Accuracy: "));
            clicked = vigil_chart_view_activate_at (chart, x, y);
          }
      }
  g_assert_true (clicked);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (vigil_ui_test_window_child (window, "view_stack")),
                   ==, "decisions");
  decisions_view = vigil_ui_test_window_child (window, "decisions_view");
  g_assert_cmpstr (vigil_decisions_view_get_model_name (decisions_view), ==, "MomentumSignal");
  g_assert_cmpstr (vigil_decisions_view_get_from (decisions_view), ==, day_from);

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

  g_test_add_func ("/vigil/window/empty-database", test_empty_database);
  g_test_add_func ("/vigil/window/actions", test_actions);
  g_test_add_func ("/vigil/window/narrow", test_narrow_window);
  g_test_add_func ("/vigil/window/training-database", test_training_database);
  g_test_add_func ("/vigil/window/whole-days", test_whole_days);
  g_test_add_func ("/vigil/window/custom-range", test_custom_range);
  g_test_add_func ("/vigil/window/unusable-database", test_unusable_database);
  g_test_add_func ("/vigil/window/simulated-incident", test_simulated_incident);
  g_test_add_func ("/vigil/window/performance-chart", test_performance_chart);

  status = g_test_run ();

  g_clear_object (&app);
  vigil_ui_test_remove_tree (tmp_dir);
  g_free (tmp_dir);

  return status;
}
