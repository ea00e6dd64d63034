/* test-notify.c: Vigil tells the desktop about new alerts, and follows spools while it runs
 *
 * The test owns org.gtk.Notifications on its private session bus, as GNOME Shell does, so the
 * notifications the application sends through g_application_send_notification() arrive here,
 * over D-Bus, as they would on a desktop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-notify"

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "vigil-application.h"
#include "vigil-preferences-window.h"
#include "vigil-timestamp.h"
#include "vigil-ui-test.h"
#include "vigil-window.h"

static VigilApplication *app;
static char *tmp_dir;

/* The notification server */
static GDBusConnection *server;
static guint n_notifications;
static char *last_app_id;
static char *last_id;
static GVariant *last_notification;

static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.gtk.Notifications'>"
  "    <method name='AddNotification'>"
  "      <arg type='s' name='app_id' direction='in'/>"
  "      <arg type='s' name='id' direction='in'/>"
  "      <arg type='a{sv}' name='notification' direction='in'/>"
  "    </method>"
  "    <method name='RemoveNotification'>"
  "      <arg type='s' name='app_id' direction='in'/>"
  "      <arg type='s' name='id' direction='in'/>"
  "    </method>"
  "  </interface>"
  "</node>";

static void
notifications_method_cb (GDBusConnection       *connection,
                         const char            *sender,
                         const char            *object_path,
                         const char            *interface_name,
                         const char            *method_name,
                         GVariant              *parameters,
                         GDBusMethodInvocation *invocation,
                         gpointer               user_data)
{
  if (g_str_equal (method_name, "AddNotification"))
    {
      g_clear_pointer (&last_app_id, g_free);
      g_clear_pointer (&last_id, g_free);
      g_clear_pointer (&last_notification, g_variant_unref);
      g_variant_get (parameters, "(ss@a{sv})", &last_app_id, &last_id, &last_notification);
      n_notifications++;
    }
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
start_notification_server (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_autoptr(GDBusNodeInfo) info = NULL;
  g_autoptr(GVariant) reply = NULL;
  static const GDBusInterfaceVTable vtable = { notifications_method_cb, NULL, NULL, { 0 } };
  guint32 result;

  g_assert_no_error (error);
  server = g_dbus_connection_new_for_address_sync (address,
                                                   G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                   G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                   NULL, NULL, &error);
  g_assert_no_error (error);
  info = g_dbus_node_info_new_for_xml (notifications_xml, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_dbus_connection_register_object (server, "/org/gtk/Notifications",
                                                       info->interfaces[0], &vtable, NULL, NULL,
                                                       &error), >, 0);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (server, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.gtk.Notifications", 4),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                                       &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u)", &result);
  g_assert_cmpuint (result, ==, 1);
}

/* Everything the application sent has arrived once this returns: a round trip over the same
 * route, then what the server queued for the main context. */
static void
flush_notifications (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  reply = g_dbus_connection_call_sync (g_application_get_dbus_connection (G_APPLICATION (app)),
                                       g_dbus_connection_get_unique_name (server), "/",
                                       "org.freedesktop.DBus.Peer", "Ping", NULL, NULL,
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static const char *
notification_string (const char *key)
{
  const char *value = NULL;

  g_assert_nonnull (last_notification);
  if (!g_variant_lookup (last_notification, key, "&s", &value))
    return NULL;
  return value;
}

/* Databases */

static void
log_decision (VigilStore *store,
              gint64      when,
              const char *prediction,
              const char *ticker,
              double      confidence)
{
  g_autoptr(VigilDecision) decision = vigil_decision_new ("CreditXGBoost", "1.0",
                                                          "credit_approval", prediction);
  g_autoptr(GError) error = NULL;
  char timestamp[VIGIL_TIMESTAMP_LEN];

  vigil_timestamp_format (when, timestamp);
  vigil_decision_set_timestamp (decision, timestamp);
  vigil_decision_set_confidence (decision, confidence);
  vigil_decision_set_ticker (decision, ticker);
  g_assert_true (vigil_store_log_decision (store, decision, NULL, &error));
  g_assert_no_error (error);
}

/* A week of ordinary credit decisions, then a day that declines everyone, on one ticker,
 * with little confidence: distribution shifts of both categories (HIGH), a concentration risk
 * and a confidence shift (both MEDIUM) as of now */
static char *
make_incident_database (const char *name)
{
  static const char *tickers[] = { "AAPL", "MSFT", "JPM", "XOM", "PFE", "KO", "T", "GE", "F",
                                   "BAC" };
  char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (path, VIGIL_STORE_OPEN_CREATE, &error);
  gint64 now = g_get_real_time ();

  g_assert_no_error (error);
  for (int day = 1; day <= 7; day++)
    for (int i = 0; i < 30; i++)
      log_decision (store, now - day * G_TIME_SPAN_DAY - G_TIME_SPAN_HOUR - i * 40 * G_TIME_SPAN_MINUTE,
                    i % 2 ? "APPROVE" : "DECLINE", tickers[i % G_N_ELEMENTS (tickers)], 0.9);
  for (int i = 0; i < 30; i++)
    log_decision (store, now - 23 * G_TIME_SPAN_HOUR + i * 40 * G_TIME_SPAN_MINUTE, "DECLINE",
                  "ACME", 0.5);
  return path;
}

static gint64
count_rows (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* Waiting */

static gboolean
window_ready (gpointer data)
{
  return vigil_ui_test_window_settled (data) && vigil_ui_test_dashboard_loaded (data);
}

static gboolean
job_done (gpointer data)
{
  VigilJob *job = vigil_window_get_job (data);

  return job != NULL && !vigil_job_get_running (job);
}

static gboolean
notified (gpointer data)
{
  return n_notifications >= GPOINTER_TO_UINT (data);
}

static gboolean
preferences_ready (gpointer data)
{
  return !vigil_preferences_window_get_busy (data) && gtk_widget_get_mapped (data) &&
         gtk_widget_get_width (data) > 0;
}

static VigilPreferencesWindow *
open_preferences (VigilWindow *window)
{
  VigilPreferencesWindow *preferences;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL));
  preferences = vigil_ui_test_find_toplevel (VIGIL_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);
  g_assert_true (vigil_ui_test_wait_for (preferences_ready, preferences));
  return preferences;
}

static gpointer
preferences_child (VigilPreferencesWindow *preferences,
                   const char             *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                  VIGIL_TYPE_PREFERENCES_WINDOW, name);

  g_assert_nonnull (child);
  return child;
}

/* A risk officer asks for notifications of medium alerts and above, the checks run, and one
 * notification tells of the run's four new alerts; a click on it shows the Alerts view. */
static void
test_new_alerts (void)
{
  g_autofree char *path = make_incident_database ("incident.db");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *expected_id = g_strconcat ("new-alerts:", uri, NULL);
  g_auto(GStrv) lines = NULL;
  g_autoptr(GVariant) target = NULL;
  VigilPreferencesWindow *preferences;
  AdwComboRow *notify_row;
  AdwViewStack *view_stack;
  VigilWindow *window;
  const char *action = NULL;
  guint before;

  g_settings_set_int (settings, "check-interval", 0);
  window = vigil_ui_test_open_window (G_APPLICATION (app), file);
  g_assert_true (vigil_ui_test_wait_for (window_ready, window));

  /* High only, unless the officer says otherwise */
  g_assert_cmpint (g_settings_get_enum (settings, "notify-severity"), ==, 3);
  preferences = open_preferences (window);
  notify_row = preferences_child (preferences, "notify_row");
  g_assert_cmpuint (adw_combo_row_get_selected (notify_row), ==, 3);
  adw_combo_row_set_selected (notify_row, 2);
  g_assert_cmpint (g_settings_get_enum (settings, "notify-severity"), ==, 2);
  gtk_window_destroy (GTK_WINDOW (preferences));

  before = n_notifications;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run-checks", NULL));
  g_assert_true (vigil_ui_test_wait_for (job_done, window));
  g_assert_true (vigil_ui_test_wait_for (notified, GUINT_TO_POINTER (before + 1)));
  flush_notifications ();
  g_assert_cmpuint (n_notifications, ==, before + 1);

  g_assert_cmpstr (last_app_id, ==, APPLICATION_ID);
  g_assert_cmpstr (last_id, ==, expected_id);
  g_assert_cmpstr (notification_string ("title"), ==, "4 new alerts on CreditXGBoost");
  lines = g_strsplit (notification_string ("body"), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  /* Most severe first: the share of declines rose, the share of approvals fell */
  g_assert_cmpstr (lines[0], ==, "Distribution shift “APPROVE” (High)");
  g_assert_cmpstr (lines[1], ==, "Distribution shift “DECLINE” (High)");
  g_assert_cmpstr (lines[2], ==, "Concentration risk “ACME” (Medium)");
  g_assert_cmpstr (lines[3], ==, "Confidence shift (Medium)");
  g_assert_cmpstr (notification_string ("priority"), ==, "high");
  g_assert_true (g_variant_lookup (last_notification, "default-action", "&s", &action));
  g_assert_cmpstr (action, ==, "app.show-alerts");
  target = g_variant_lookup_value (last_notification, "default-action-target", NULL);
  g_assert_nonnull (target);
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, uri);

  /* The notification's action brings the window forward on its alerts */
  view_stack = vigil_ui_test_window_child (window, "view_stack");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "dashboard");
  g_action_group_activate_action (G_ACTION_GROUP (app), "show-alerts", target);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (view_stack), ==, "alerts");
  g_assert_true (gtk_application_get_active_window (GTK_APPLICATION (app)) ==
                 GTK_WINDOW (window) || gtk_widget_get_mapped (GTK_WIDGET (window)));

  /* Off: checks that raise alerts tell nobody */
  g_settings_set_enum (settings, "notify-severity", 0);
  before = n_notifications;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run-checks", NULL));
  g_assert_true (vigil_ui_test_wait_for (job_done, window));
  flush_notifications ();
  g_assert_cmpuint (n_notifications, ==, before);

  g_settings_reset (settings, "notify-severity");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Spools */

static void
append_decisions (const char *path,
                  int         first,
                  int         n)
{
  int fd = g_open (path, O_WRONLY | O_APPEND | O_CREAT, 0600);

  g_assert_cmpint (fd, >=, 0);
  for (int seq = first; seq < first + n; seq++)
    {
      g_autofree char *line =
        g_strdup_printf ("{\"model_name\":\"SpoolModel\",\"model_version\":\"1\","
                         "\"decision_type\":\"credit_approval\",\"prediction\":\"APPROVE\","
                         "\"confidence\":0.8,\"input_features\":{\"seq\":%d}}\n", seq);

      g_assert_cmpint (write (fd, line, strlen (line)), ==, (gssize) strlen (line));
    }
  close (fd);
}

typedef struct
{
  VigilWindow *window;
  const char  *text;
} LabelWait;

static gboolean
follow_label_has (gpointer data)
{
  LabelWait *wait = data;
  GtkLabel *label = vigil_ui_test_window_child (wait->window, "follow_label");

  return gtk_widget_get_visible (GTK_WIDGET (label)) &&
         strstr (gtk_label_get_label (label), wait->text) != NULL;
}

static gboolean
model_listed (gpointer data)
{
  LabelWait *wait = data;
  GtkDropDown *dropdown = vigil_ui_test_window_child (wait->window, "model_dropdown");
  GListModel *list = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (list, i);

      if (g_str_equal (gtk_string_object_get_string (item), wait->text))
        return TRUE;
    }
  return FALSE;
}

static gboolean
follow_problem_shown (gpointer data)
{
  GtkWidget *label = vigil_ui_test_window_child (data, "follow_label");

  return gtk_widget_has_css_class (label, "warning");
}

static gboolean
follow_recorded (gpointer data)
{
  return count_rows (data, "SELECT count(*) FROM events WHERE action = 'follow' "
                           "AND details LIKE '{\"sources\":[%'") > 0;
}

static gboolean
no_window (gpointer data)
{
  return gtk_application_get_windows (GTK_APPLICATION (app)) == NULL;
}

/* Spools chosen in Preferences are followed while the window is open: lines a model appends
 * appear as decisions, the status bar says so, a spool that cannot be read is shown, and the
 * follow stops, recorded, when the window closes. */
static void
test_follow_spools (void)
{
  g_autofree char *path = make_incident_database ("follow.db");
  g_autofree char *spool = g_build_filename (tmp_dir, "model-a.jsonl", NULL);
  g_autofree char *folder = g_build_filename (tmp_dir, "not-a-spool", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GError) error = NULL;
  VigilPreferencesWindow *preferences;
  GtkSwitch *follow_switch;
  GtkLabel *follow_label;
  VigilWindow *window;
  LabelWait wait;
  gint64 appended;
  gint64 before;

  append_decisions (spool, 0, 2);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  window = vigil_ui_test_open_window (G_APPLICATION (app), file);
  g_assert_true (vigil_ui_test_wait_for (window_ready, window));
  follow_label = vigil_ui_test_window_child (window, "follow_label");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (follow_label)));
  before = count_rows (path, "SELECT count(*) FROM decisions");

  /* Added in Preferences, as Add Spool does with the file chosen */
  preferences = open_preferences (window);
  g_assert_true (vigil_preferences_window_add_spool (preferences, spool, &error));
  g_assert_no_error (error);
  g_assert_false (vigil_preferences_window_add_spool (preferences, spool, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (vigil_preferences_window_add_spool (preferences, folder, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_clear_error (&error);
  g_assert_false (vigil_preferences_window_add_spool (preferences, "model-a.jsonl", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME);
  g_clear_error (&error);
  g_assert_null (vigil_window_get_spool_watcher (window));
  follow_switch = preferences_child (preferences, "follow_switch");
  gtk_switch_set_active (follow_switch, TRUE);
  g_assert_true (g_settings_get_boolean (settings, "follow-spools-enabled"));
  g_assert_nonnull (vigil_window_get_spool_watcher (window));
  g_assert_true (vigil_ui_test_wait_for (preferences_ready, preferences));
  g_assert_cmpint (vigil_ui_test_minimum_width (GTK_WIDGET (preferences)), <=, 640);
  vigil_ui_test_save_screenshot (GTK_WIDGET (preferences), "preferences-notify.png");
  gtk_window_destroy (GTK_WINDOW (preferences));

  /* What the spool held already, then what the model appends while Vigil runs */
  wait.window = window;
  wait.text = "SpoolModel (2)";
  g_assert_true (vigil_ui_test_wait_for (model_listed, &wait));
  wait.text = "Following 1 spool · 2 decisions at ";
  g_assert_true (vigil_ui_test_wait_for (follow_label_has, &wait));
  appended = g_get_monotonic_time ();
  append_decisions (spool, 2, 3);
  wait.text = "SpoolModel (5)";
  g_assert_true (vigil_ui_test_wait_for (model_listed, &wait));
  g_test_message ("appended lines shown in the model list after %.2f s",
                  (double) (g_get_monotonic_time () - appended) / G_USEC_PER_SEC);
  wait.text = "Following 1 spool · 3 decisions at ";
  g_assert_true (vigil_ui_test_wait_for (follow_label_has, &wait));
  g_assert_cmpint (count_rows (path, "SELECT count(*) FROM decisions"), ==, before + 5);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (follow_label), "warning"));
  vigil_ui_test_save_screenshot (GTK_WIDGET (window), "window-following.png");

  /* A spool that is no file: the status bar says so, the other spool goes on */
  {
    const char *spools[] = { spool, folder, NULL };

    g_settings_set_strv (settings, "follow-spools", spools);
  }
  g_assert_true (vigil_ui_test_wait_for (follow_problem_shown, window));
  g_assert_nonnull (strstr (gtk_label_get_label (follow_label), "Following 2 spools"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (GTK_WIDGET (follow_label)), folder));
  append_decisions (spool, 5, 1);
  wait.text = "SpoolModel (6)";
  g_assert_true (vigil_ui_test_wait_for (model_listed, &wait));

  /* Closed: the follow stops, and its run is in the ledger */
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (vigil_ui_test_wait_for (no_window, NULL));
  g_assert_true (vigil_ui_test_wait_for (follow_recorded, path));
  g_assert_cmpint (count_rows (path, "SELECT count(*) FROM decisions"), ==, before + 6);

  g_settings_reset (settings, "follow-spools");
  g_settings_reset (settings, "follow-spools-enabled");
}

/* Never into a database open read-only, and Preferences says why */
static void
test_follow_read_only (void)
{
  g_autofree char *path = make_incident_database ("read-only.db");
  g_autofree char *spool = g_build_filename (tmp_dir, "model-b.jsonl", NULL);
  const char *spools[] = { spool, NULL };
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (path, VIGIL_STORE_OPEN_READ_ONLY, &error);
  g_autoptr(VigilDatabase) database = NULL;
  VigilPreferencesWindow *preferences;
  AdwActionRow *follow_row;

  g_assert_no_error (error);
  g_settings_set_strv (settings, "follow-spools", spools);
  g_settings_set_boolean (settings, "follow-spools-enabled", TRUE);
  database = vigil_database_new (store);
  preferences = vigil_preferences_window_new (NULL, database, settings);
  gtk_window_present (GTK_WINDOW (preferences));
  g_assert_true (vigil_ui_test_wait_for (preferences_ready, preferences));
  follow_row = preferences_child (preferences, "follow_row");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (follow_row), "read-only"));
  gtk_window_destroy (GTK_WINDOW (preferences));

  g_settings_reset (settings, "follow-spools");
  g_settings_reset (settings, "follow-spools-enabled");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  tmp_dir = vigil_ui_test_isolate ();
  vigil_ui_test_init (&argc, &argv);
  vigil_ui_test_use_gnome_decorations ();
  start_notification_server ();

  app = vigil_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  /* The tests close their windows; the application stays for the next */
  g_application_hold (G_APPLICATION (app));

  g_test_add_func ("/vigil/notify/new-alerts", test_new_alerts);
  g_test_add_func ("/vigil/notify/follow-spools", test_follow_spools);
  g_test_add_func ("/vigil/notify/follow-read-only", test_follow_read_only);

  status = g_test_run ();

  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
  g_clear_object (&server);
  g_clear_pointer (&last_notification, g_variant_unref);
  g_free (last_app_id);
  g_free (last_id);
  vigil_ui_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
