/* test-alerts-view.c: the alerts view lists, filters and acknowledges alerts, and shows evidence
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-alerts-view"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "vigil-alert-detail.h"
#include "vigil-alerts-view.h"
#include "vigil-detector.h"
#include "vigil-ui-test.h"
#include "vigil-database.h"

#define PERIOD_FROM "2026-11-01T00:00:00Z"
#define PERIOD_TO   "2026-11-08T00:00:00Z"

static char *tmp_dir;

typedef struct
{
  char            *path;
  VigilStore      *store;
  VigilDatabase   *database;
  GtkWindow       *window;
  VigilAlertsView *view;
  gint64           high_id;
  gint64           acknowledged_id;
} Fixture;

/* The window's size, when a test asks for one. */
typedef struct
{
  int width;
  int height;
} WindowSize;

static const WindowSize narrow_size = { 640, 720 };
static const WindowSize phone_size = { 360, 640 };

static gpointer
view_child (VigilAlertsView *view,
            const char      *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (view), VIGIL_TYPE_ALERTS_VIEW, name);

  g_assert_nonnull (child);
  return child;
}

static const char *
detail_text (VigilAlertsView *view,
             const char      *name)
{
  GObject *label = gtk_widget_get_template_child (view_child (view, "detail"),
                                                  VIGIL_TYPE_ALERT_DETAIL, name);

  g_assert_true (GTK_IS_LABEL (label));
  return gtk_label_get_label (GTK_LABEL (label));
}

static GListModel *
shown (VigilAlertsView *view)
{
  return G_LIST_MODEL (gtk_column_view_get_model (view_child (view, "column_view")));
}

static guint
n_shown (VigilAlertsView *view)
{
  return g_list_model_get_n_items (shown (view));
}

static gboolean
view_loaded (gpointer data)
{
  VigilAlertsView *view = data;

  return gtk_widget_get_mapped (GTK_WIDGET (view)) && !vigil_alerts_view_get_loading (view)
         && !gtk_stack_get_transition_running (view_child (view, "main_stack"));
}

/* Waits until the view has read its alerts and is drawn. */
static void
wait_for_view (Fixture *f)
{
  g_assert_true (vigil_ui_test_wait_for (view_loaded, f->view));
  vigil_ui_test_wait_frames (GTK_WIDGET (f->window), 3);
}

static gint64
count_rows (const char *path,
            const char *sql,
            const char *text)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static gint64
add_alert (VigilStore    *store,
           const char    *type,
           VigilSeverity  severity,
           const char    *model,
           const char    *subject,
           const char    *description,
           const char    *day,
           double         p_value)
{
  g_autoptr(VigilAlert) alert = vigil_alert_new (type, severity, model, description);
  g_autoptr(GError) error = NULL;
  g_autofree char *start = g_strdup_printf ("%sT00:00:00.000000", day);
  g_autofree char *end = g_strdup_printf ("%sT23:59:59.000000", day);
  gboolean inserted = FALSE;

  /* As the detector writes them. */
  vigil_alert_set_timestamp (alert, end);
  vigil_alert_set_subject (alert, subject);
  vigil_alert_set_windows (alert, "2026-10-25T00:00:00.000000", start, end);
  vigil_alert_set_evidence (alert, 0.71, 0.241, 0.2, 50, 350, p_value);
  /* raised by a backtest run weeks after the day it describes */
  vigil_alert_set_raised_at (alert, "2026-11-20T09:30:00Z");
  g_assert_true (vigil_store_add_alert (store, alert, &inserted, &error));
  g_assert_no_error (error);
  g_assert_true (inserted);
  return vigil_alert_get_id (alert);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("alerts-%p.db", (void *) f);
  const WindowSize *size = data;

  f->path = g_build_filename (tmp_dir, name, NULL);
  f->store = vigil_store_open (f->path, VIGIL_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);

  /* Decisions behind the alerts. */
  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(VigilDecision) decision = vigil_decision_new ("MomentumSignal", "1.0",
                                                              "trading_signal",
                                                              i % 2 ? "SELL" : "BUY");
      g_autofree char *time = g_strdup_printf ("2026-11-04T%02u:00:00Z", 8 + i);

      vigil_decision_set_timestamp (decision, time);
      vigil_decision_set_confidence (decision, 0.8);
      vigil_decision_set_ticker (decision, "NVDA");
      vigil_decision_set_input_features (decision, "{\"momentum_12m\": 0.12}");
      g_assert_true (vigil_store_log_decision (f->store, decision, NULL, &error));
      g_assert_no_error (error);
    }

  f->high_id = add_alert (f->store, "distribution_shift", VIGIL_SEVERITY_HIGH, "MomentumSignal",
                          "SELL", "'MomentumSignal': 'SELL' prediction shifted from 24.1% to 71.0% (delta=+46.9%)",
                          "2026-11-04", 1.5e-12);
  add_alert (f->store, "concentration_risk", VIGIL_SEVERITY_MEDIUM, "MomentumSignal", "NVDA",
             "Ticker NVDA has 43.0% of recent decisions", "2026-11-04", 0.0123);
  add_alert (f->store, "volume_anomaly", VIGIL_SEVERITY_LOW, "CreditXGBoost", NULL,
             "Daily volume 2.6x the baseline average", "2026-11-05", 0.2);
  f->acknowledged_id = add_alert (f->store, "confidence_shift", VIGIL_SEVERITY_MEDIUM,
                                  "CreditXGBoost", NULL,
                                  "Mean confidence fell from 0.86 to 0.61", "2026-11-06", 0.004);
  add_alert (f->store, "distribution_shift", VIGIL_SEVERITY_HIGH, "CreditXGBoost", "DECLINE",
             "'CreditXGBoost': 'DECLINE' prediction shifted from 30.0% to 58.0%", "2026-11-07",
             1e-6);
  /* Outside the period: never listed. */
  add_alert (f->store, "volume_anomaly", VIGIL_SEVERITY_LOW, "MomentumSignal", NULL,
             "Daily volume 0.2x the baseline average", "2026-10-20", 0.01);

  g_assert_true (vigil_store_acknowledge_alert (f->store, f->acknowledged_id, "Sam Auditor",
                                                "Seasonal, seen every November", &error));
  g_assert_no_error (error);

  f->database = vigil_database_new (f->store);

  f->window = GTK_WINDOW (gtk_window_new ());
  /* The size, when the test asks for one. */
  gtk_window_set_default_size (f->window, size != NULL ? size->width : 1240,
                               size != NULL ? size->height : 720);
  gtk_window_set_title (f->window, "Alerts");

  f->view = VIGIL_ALERTS_VIEW (vigil_alerts_view_new ());
  g_object_set (f->view,
                "from", PERIOD_FROM,
                "to", PERIOD_TO,
                "database", f->database,
                NULL);
  gtk_window_set_child (f->window, GTK_WIDGET (f->view));
  gtk_window_present (f->window);
  wait_for_view (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  static const char *suffixes[] = { "", "-wal", "-shm" };

  gtk_window_destroy (f->window);
  /* Let the cancelled loads finish before the store goes. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&f->database);
  g_clear_object (&f->store);
  /* The next test's fixture may get the same address, and so the same file name */
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (f->path, suffixes[i], NULL);

      g_unlink (file);
    }
  g_free (f->path);
}

static gboolean
paned_vertical (gpointer data)
{
  GtkPaned *paned = view_child (data, "paned");

  return gtk_orientable_get_orientation (GTK_ORIENTABLE (paned)) == GTK_ORIENTATION_VERTICAL;
}

static guint
position_of (VigilAlertsView *view,
             gint64           id)
{
  for (guint i = 0; i < n_shown (view); i++)
    {
      g_autoptr(VigilAlert) alert = g_list_model_get_item (shown (view), i);

      if (vigil_alert_get_id (alert) == id)
        return i;
    }
  g_assert_not_reached ();
}

static gboolean
search_applied (gpointer data)
{
  return n_shown (data) == 1;
}

static void
test_list_and_filters (Fixture       *f,
                       gconstpointer  data)
{
  VigilAlertsView *view = f->view;
  g_autoptr(VigilAlert) first = NULL;
  g_autoptr(VigilAlert) last = NULL;
  GtkDropDown *severity = view_child (view, "severity_dropdown");
  GtkDropDown *models = view_child (view, "model_dropdown");

  g_assert_cmpstr (gtk_stack_get_visible_child_name (view_child (view, "main_stack")), ==,
                   "alerts");
  g_assert_cmpuint (n_shown (view), ==, 5);
  g_assert_cmpstr (gtk_label_get_label (view_child (view, "count_label")), ==, "5 alerts");
  /* Side by side when wide, yet never asking the window for more than a phone's width. */
  g_assert_false (paned_vertical (view));
  g_assert_cmpint (vigil_ui_test_minimum_width (GTK_WIDGET (view)), <=, 340);

  /* Newest first. */
  first = g_list_model_get_item (shown (view), 0);
  last = g_list_model_get_item (shown (view), 4);
  g_assert_cmpstr (vigil_alert_get_timestamp (first), ==, "2026-11-07T23:59:59.000000");
  g_assert_cmpstr (vigil_alert_get_timestamp (last), ==, "2026-11-04T23:59:59.000000");

  /* Severity, with the word on the pill. */
  gtk_drop_down_set_selected (severity, 3);
  g_assert_cmpuint (n_shown (view), ==, 2);
  g_assert_cmpstr (gtk_label_get_label (view_child (view, "count_label")), ==,
                   "Showing 2 of 5 alerts");
  g_assert_nonnull (vigil_ui_test_find_label (view_child (view, "column_view"), "High"));
  gtk_drop_down_set_selected (severity, 1);
  g_assert_cmpuint (n_shown (view), ==, 1);
  gtk_drop_down_set_selected (severity, 0);
  g_assert_cmpuint (n_shown (view), ==, 5);

  /* Unacknowledged only. */
  gtk_check_button_set_active (view_child (view, "unacknowledged_check"), TRUE);
  g_assert_cmpuint (n_shown (view), ==, 4);
  gtk_check_button_set_active (view_child (view, "unacknowledged_check"), FALSE);
  g_assert_cmpuint (n_shown (view), ==, 5);

  /* The model chosen in the window; the menu offers every model with alerts. */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (models)), ==, 3);
  vigil_alerts_view_set_model_name (view, "CreditXGBoost");
  g_assert_cmpuint (n_shown (view), ==, 3);
  g_assert_cmpuint (gtk_drop_down_get_selected (models), ==, 1);
  gtk_drop_down_set_selected (models, 0);
  g_assert_cmpuint (n_shown (view), ==, 5);
  vigil_alerts_view_set_model_name (view, "MomentumSignal");
  g_assert_cmpuint (n_shown (view), ==, 2);
  vigil_alerts_view_set_model_name (view, NULL);
  g_assert_cmpuint (n_shown (view), ==, 5);

  /* Search, in the description, type and model. */
  gtk_editable_set_text (view_child (view, "search_entry"), "nvda");
  g_assert_true (vigil_ui_test_wait_for (search_applied, view));
  gtk_editable_set_text (view_child (view, "search_entry"), "");
  g_signal_emit_by_name (view_child (view, "search_entry"), "search-changed");
  g_assert_cmpuint (n_shown (view), ==, 5);

  /* Nothing matching says so. */
  gtk_check_button_set_active (view_child (view, "unacknowledged_check"), TRUE);
  gtk_drop_down_set_selected (severity, 1);
  g_assert_cmpuint (n_shown (view), ==, 1);
  vigil_alerts_view_set_model_name (view, "MomentumSignal");
  g_assert_cmpuint (n_shown (view), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (view_child (view, "list_stack")), ==,
                   "no-match");
  vigil_alerts_view_set_model_name (view, NULL);
  gtk_drop_down_set_selected (severity, 0);
  gtk_check_button_set_active (view_child (view, "unacknowledged_check"), FALSE);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (view_child (view, "list_stack")), ==,
                   "list");
}

typedef struct
{
  guint  n_calls;
  char  *model;
  char  *from;
  char  *to;
  gboolean flagged_only;
} ShowDecisions;

static void
show_decisions_cb (VigilAlertsView *view,
                   const char      *model,
                   const char      *from,
                   const char      *to,
                   gboolean         flagged_only,
                   ShowDecisions   *out)
{
  out->n_calls++;
  g_free (out->model);
  g_free (out->from);
  g_free (out->to);
  out->model = g_strdup (model);
  out->from = g_strdup (from);
  out->to = g_strdup (to);
  out->flagged_only = flagged_only;
}

static gboolean
view_reloaded_with_ack (gpointer data)
{
  Fixture *f = data;
  VigilUiTestLabelWait toast = { view_child (f->view, "toast_overlay"), "acknowledged by Jane Doe" };

  return !vigil_alerts_view_get_loading (f->view) && vigil_ui_test_label_shown (&toast);
}

static void
test_detail_and_acknowledge (Fixture       *f,
                             gconstpointer  data)
{
  VigilAlertsView *view = f->view;
  GtkSelectionModel *selection = GTK_SELECTION_MODEL (shown (view));
  GtkWidget *toasts = view_child (view, "toast_overlay");
  ShowDecisions asked = { 0 };
  g_autoptr(VigilAlert) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *note;
  VigilUiTestLabelWait refused = { toasts, "set it in Preferences" };

  /* Nothing selected: nothing to acknowledge. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (view_child (view, "detail_stack")), ==,
                   "none");
  g_assert_false (gtk_widget_get_sensitive (view_child (view, "acknowledge_button")));

  /* The evidence of the selected alert. */
  gtk_selection_model_select_item (selection, position_of (view, f->high_id), TRUE);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (view_child (view, "detail_stack")), ==,
                   "detail");
  g_assert_cmpstr (detail_text (view, "type_label"), ==, "Distribution shift");
  g_assert_cmpstr (detail_text (view, "severity_label"), ==, "High");
  g_assert_cmpstr (detail_text (view, "model_label"), ==, "MomentumSignal");
  g_assert_cmpstr (detail_text (view, "subject_label"), ==, "SELL");
  /* When it was raised, apart from the window it describes */
  g_assert_cmpstr (detail_text (view, "time_label"), ==, "2026-11-20 09:30:00");
  g_assert_cmpstr (detail_text (view, "baseline_start_label"), ==, "2026-10-25 00:00:00");
  g_assert_cmpstr (detail_text (view, "window_start_label"), ==, "2026-11-04 00:00:00");
  g_assert_cmpstr (detail_text (view, "window_end_label"), ==, "2026-11-04 23:59:59");
  /* Shares as the percentages they are, not raw fractions */
  g_assert_cmpstr (detail_text (view, "observed_label"), ==, "71.0%");
  g_assert_cmpstr (detail_text (view, "baseline_label"), ==, "24.1%");
  g_assert_cmpstr (detail_text (view, "threshold_label"), ==, "20.0%");
  g_assert_cmpstr (detail_text (view, "n_recent_label"), ==, "50");
  g_assert_cmpstr (detail_text (view, "n_baseline_label"), ==, "350");
  g_assert_cmpstr (detail_text (view, "p_value_label"), ==, "< 0.0001");
  g_assert_cmpstr (detail_text (view, "ack_by_label"), ==, "Unacknowledged");
  g_assert_cmpuint (strlen (detail_text (view, "hash_label")), ==, 64);
  g_assert_true (gtk_widget_get_sensitive (view_child (view, "acknowledge_button")));

  /* Show Flagged Decisions asks the window for the alert's model and window. */
  g_signal_connect (view, "show-decisions", G_CALLBACK (show_decisions_cb), &asked);
  gtk_widget_activate_action (GTK_WIDGET (view), "alerts.show-decisions", NULL);
  g_assert_cmpuint (asked.n_calls, ==, 1);
  g_assert_cmpstr (asked.model, ==, "MomentumSignal");
  g_assert_cmpstr (asked.from, ==, "2026-11-04T00:00:00.000000");
  g_assert_cmpstr (asked.to, ==, "2026-11-04T23:59:59.000000");
  g_assert_true (asked.flagged_only);
  g_free (asked.model);
  g_free (asked.from);
  g_free (asked.to);

  wait_for_view (f);
  vigil_ui_test_save_screenshot (GTK_WIDGET (f->window), "alerts-view.png");

  /* Without a reviewer's name, acknowledging is refused, and says why. */
  gtk_widget_activate_action (GTK_WIDGET (view), "alerts.acknowledge", NULL);
  g_assert_null (vigil_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_true (vigil_ui_test_wait_for (vigil_ui_test_label_shown, &refused));

  /* Two selected, one acknowledged already by someone else: it is skipped. */
  vigil_alerts_view_set_reviewer (view, "Jane Doe");
  gtk_selection_model_select_item (selection, position_of (view, f->acknowledged_id), FALSE);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (view_child (view, "detail_stack")), ==,
                   "multiple");
  gtk_widget_activate_action (GTK_WIDGET (view), "alerts.acknowledge", NULL);
  dialog = vigil_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Acknowledge 1 Alert?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog),
                            "It is recorded in the audit log as acknowledged by Jane Doe"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "1 selected alert is acknowledged already"));
  note = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_ENTRY (note));
  gtk_editable_set_text (GTK_EDITABLE (note), "  Checked with the desk: index rebalance day  ");
  adw_message_dialog_response (dialog, "acknowledge");

  g_assert_true (vigil_ui_test_wait_for (view_reloaded_with_ack, f));
  g_assert_nonnull (vigil_ui_test_find_label (toasts, "1 alert acknowledged by Jane Doe; 1 already acknowledged, skipped"));

  /* The store recorded it, with an event. */
  stored = vigil_store_get_alert (f->store, f->high_id, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_alert_get_acknowledged (stored));
  g_assert_cmpstr (vigil_alert_get_acknowledged_by (stored), ==, "Jane Doe");
  g_assert_nonnull (vigil_alert_get_acknowledged_at (stored));
  g_assert_cmpstr (vigil_alert_get_ack_note (stored), ==, "Checked with the desk: index rebalance day");
  target = g_strdup_printf ("alert:%" G_GINT64_FORMAT, f->high_id);
  g_assert_cmpint (count_rows (f->path,
                               "SELECT count(*) FROM events WHERE action = 'acknowledge' "
                               "AND actor = 'Jane Doe' AND target = ?", target), ==, 1);
  g_clear_object (&stored);
  stored = vigil_store_get_alert (f->store, f->acknowledged_id, &error);
  g_assert_cmpstr (vigil_alert_get_acknowledged_by (stored), ==, "Sam Auditor");

  /* The list shows it acknowledged, and the selection survived the reload. */
  g_assert_true (gtk_selection_model_is_selected (selection, position_of (view, f->high_id)));
  g_assert_nonnull (vigil_ui_test_find_label (view_child (view, "column_view"), "Jane Doe\n2026-"));
  g_assert_false (gtk_widget_get_sensitive (view_child (view, "acknowledge_button")));

  gtk_selection_model_unselect_item (selection, position_of (view, f->acknowledged_id));
  g_assert_cmpstr (detail_text (view, "ack_by_label"), ==, "Jane Doe");
  g_assert_cmpstr (detail_text (view, "ack_note_label"), ==,
                   "Checked with the desk: index rebalance day");
  wait_for_view (f);
  vigil_ui_test_save_screenshot (GTK_WIDGET (f->window), "alerts-view-acknowledged.png");

  /* Dark style. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  wait_for_view (f);
  vigil_ui_test_save_screenshot (GTK_WIDGET (f->window), "alerts-view-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_narrow (Fixture       *f,
             gconstpointer  data)
{
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (shown (f->view)),
                                   position_of (f->view, f->high_id), TRUE);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->window)), <, 760);
  g_assert_true (vigil_ui_test_wait_for (paned_vertical, f->view));
  wait_for_view (f);
  g_assert_true (gtk_widget_get_mapped (view_child (f->view, "detail")));
  vigil_ui_test_save_screenshot (GTK_WIDGET (f->window), "alerts-view-narrow.png");
}

/* A phone held upright: the evidence under the list, nothing cut off. */
static void
test_phone (Fixture       *f,
            gconstpointer  data)
{
  GtkWidget *detail = view_child (f->view, "detail");
  graphene_rect_t bounds;

  g_assert_cmpint (vigil_ui_test_minimum_width (GTK_WIDGET (f->view)), <=, 340);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (shown (f->view)),
                                   position_of (f->view, f->high_id), TRUE);
  g_assert_true (vigil_ui_test_wait_for (paned_vertical, f->view));
  wait_for_view (f);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->window)), ==, 360);
  g_assert_cmpint (vigil_ui_test_minimum_width (GTK_WIDGET (f->view)), <=, 340);
  g_assert_true (gtk_widget_get_mapped (detail));
  /* Drawn, so laid out with the evidence shown. */
  vigil_ui_test_save_screenshot (GTK_WIDGET (f->window), "alerts-view-360.png");
  /* The evidence spans the window's width, under the list. */
  g_assert_true (gtk_widget_compute_bounds (detail, GTK_WIDGET (f->window), &bounds));
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, 360);
  g_assert_cmpfloat (bounds.origin.y, >, 100);
}

static gboolean
shows_page (gpointer data)
{
  Fixture *f = data;
  const char *expected = g_object_get_data (G_OBJECT (f->view), "expected-page");

  return !vigil_alerts_view_get_loading (f->view)
         && g_strcmp0 (gtk_stack_get_visible_child_name (view_child (f->view, "main_stack")),
                       expected) == 0;
}

static gboolean
says_no_alerts (gpointer data)
{
  Fixture *f = data;

  return shows_page (f) &&
         g_strcmp0 (adw_status_page_get_title (view_child (f->view, "empty_page")),
                    "No Alerts") == 0;
}

static void
test_empty_and_error (Fixture       *f,
                      gconstpointer  data)
{
  /* A period without alerts. */
  vigil_alerts_view_set_from (f->view, "2026-12-01T00:00:00Z");
  vigil_alerts_view_set_to (f->view, "2026-12-08T00:00:00Z");
  g_object_set_data (G_OBJECT (f->view), "expected-page", (gpointer) "empty");
  g_assert_true (vigil_ui_test_wait_for (shows_page, f));
  g_assert_cmpuint (n_shown (f->view), ==, 0);
  /* No check has looked at it yet: no alert does not mean nothing found */
  g_assert_cmpstr (adw_status_page_get_title (view_child (f->view, "empty_page")), ==,
                   "Not Checked Yet");
  wait_for_view (f);
  vigil_ui_test_save_screenshot (GTK_WIDGET (f->window), "alerts-view-not-checked.png");

  /* Once the checks ran on it and found nothing, it says so */
  {
    g_autoptr(VigilDetector) detector = vigil_detector_new (f->store, NULL);
    g_autoptr(GPtrArray) results = NULL;
    g_autoptr(GError) error = NULL;

    results = vigil_detector_run (detector, "MomentumSignal", "2026-12-05T00:00:00Z", NULL,
                                  &error);
    g_assert_no_error (error);
    g_assert_cmpuint (results->len, >, 0);
  }
  vigil_database_changed (f->database);
  g_assert_true (vigil_ui_test_wait_for (says_no_alerts, f));
  g_assert_cmpuint (n_shown (f->view), ==, 0);
  wait_for_view (f);
  vigil_ui_test_save_screenshot (GTK_WIDGET (f->window), "alerts-view-empty.png");

  /* A period that ends before it starts says so. */
  vigil_alerts_view_set_to (f->view, "2026-11-01T00:00:00Z");
  g_object_set_data (G_OBJECT (f->view), "expected-page", (gpointer) "error");
  g_assert_true (vigil_ui_test_wait_for (shows_page, f));
  g_test_message ("error shown: %s",
                  adw_status_page_get_description (view_child (f->view, "error_page")));

  /* Back to the period: the alerts again; a write elsewhere reloads them. */
  vigil_alerts_view_set_from (f->view, PERIOD_FROM);
  vigil_alerts_view_set_to (f->view, PERIOD_TO);
  g_object_set_data (G_OBJECT (f->view), "expected-page", (gpointer) "alerts");
  g_assert_true (vigil_ui_test_wait_for (shows_page, f));
  g_assert_cmpuint (n_shown (f->view), ==, 5);

  add_alert (f->store, "feature_drift", VIGIL_SEVERITY_MEDIUM, "CreditXGBoost", "fico",
             "Feature fico drifted (PSI 0.31)", "2026-11-06", NAN);
  vigil_database_changed (f->database);
  g_assert_true (vigil_ui_test_wait_for (view_loaded, f->view));
  g_assert_cmpuint (n_shown (f->view), ==, 6);
}

/* An alert of 2026-11-10 as the detector writes it: its window is that day, its timestamp the
 * end of the window, midnight of the 11th. The view of the 10th lists it; that of the 11th
 * does not. */
static void
test_day_of_alert (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(VigilAlert) alert = vigil_alert_new ("distribution_shift", VIGIL_SEVERITY_HIGH,
                                                 "MomentumSignal", "SELL surge");
  g_autoptr(VigilAlert) first = NULL;
  g_autoptr(GError) error = NULL;

  vigil_alert_set_timestamp (alert, "2026-11-11T00:00:00Z");
  vigil_alert_set_windows (alert, "2026-11-03T00:00:00Z", "2026-11-10T00:00:00Z",
                           "2026-11-11T00:00:00Z");
  g_assert_true (vigil_store_add_alert (f->store, alert, NULL, &error));
  g_assert_no_error (error);

  vigil_alerts_view_set_from (f->view, "2026-11-10T00:00:00Z");
  vigil_alerts_view_set_to (f->view, "2026-11-11T00:00:00Z");
  vigil_database_changed (f->database);
  wait_for_view (f);
  g_assert_cmpuint (n_shown (f->view), ==, 1);
  first = g_list_model_get_item (shown (f->view), 0);
  g_assert_cmpint (vigil_alert_get_id (first), ==, vigil_alert_get_id (alert));

  vigil_alerts_view_set_from (f->view, "2026-11-11T00:00:00Z");
  vigil_alerts_view_set_to (f->view, "2026-11-12T00:00:00Z");
  g_object_set_data (G_OBJECT (f->view), "expected-page", (gpointer) "empty");
  g_assert_true (vigil_ui_test_wait_for (shows_page, f));
  g_assert_cmpuint (n_shown (f->view), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) css = NULL;
  int status;

  tmp_dir = vigil_ui_test_isolate ();

  vigil_ui_test_init (&argc, &argv);

  /* What VigilApplication loads from its resource base path. */
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/finsecure/Vigil/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_test_add ("/vigil/alerts-view/list-and-filters", Fixture, NULL,
              fixture_set_up, test_list_and_filters, fixture_tear_down);
  g_test_add ("/vigil/alerts-view/detail-and-acknowledge", Fixture, NULL,
              fixture_set_up, test_detail_and_acknowledge, fixture_tear_down);
  g_test_add ("/vigil/alerts-view/narrow", Fixture, &narrow_size,
              fixture_set_up, test_narrow, fixture_tear_down);
  g_test_add ("/vigil/alerts-view/phone", Fixture, &phone_size,
              fixture_set_up, test_phone, fixture_tear_down);
  g_test_add ("/vigil/alerts-view/empty-and-error", Fixture, NULL,
              fixture_set_up, test_empty_and_error, fixture_tear_down);
  g_test_add ("/vigil/alerts-view/day-of-alert", Fixture, NULL,
              fixture_set_up, test_day_of_alert, fixture_tear_down);

  status = g_test_run ();

  vigil_ui_test_remove_tree (tmp_dir);
  g_free (tmp_dir);

  return status;
}
