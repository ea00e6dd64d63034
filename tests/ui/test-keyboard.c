/* test-keyboard.c: the window used from the keyboard alone, at its widest and its narrowest
 *
 * Keys are pressed through the X server (vigil_ui_test_send_key()), so each goes where a
 * person's would: to the focused widget, and up through every shortcut on the way. Any
 * Gtk-WARNING or Gtk-CRITICAL on the way fails the test (vigil_ui_test_init()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-keyboard"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vigil-alerts-view.h"
#include "vigil-application.h"
#include "vigil-chart-view.h"
#include "vigil-decision-list.h"
#include "vigil-decisions-view.h"
#include "vigil-preferences-window.h"
#include "vigil-simulation-wizard.h"
#include "vigil-ui-test.h"
#include "vigil-window.h"

static VigilApplication *app;
static char *tmp_dir;
static char *db_path;

/* A training database: two models' decisions of yesterday, and an alert about one of them,
 * something in every view of the last 7 days. */
static void
make_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilAlert) alert = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
  g_autofree char *day = g_date_time_format (yesterday, "%Y-%m-%d");
  g_autofree char *start = g_strdup_printf ("%sT00:00:00.000000", day);
  g_autofree char *end = g_strdup_printf ("%sT23:59:59.000000", day);

  db_path = g_build_filename (tmp_dir, "keyboard.db", NULL);
  store = vigil_store_open (db_path, VIGIL_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  /* with its notice under the header, which has to fit the narrow window too */
  g_assert_true (vigil_store_set_purpose (store, VIGIL_PURPOSE_TRAINING, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < 12; i++)
    {
      g_autoptr(VigilDecision) decision =
        vigil_decision_new (i % 2 ? "CreditXGBoost" : "MomentumSignal", "1.0", "credit_approval",
                            i % 3 ? "APPROVE" : "DECLINE");
      g_autofree char *time = g_strdup_printf ("%sT%02u:00:00Z", day, 8 + i);

      vigil_decision_set_timestamp (decision, time);
      vigil_decision_set_confidence (decision, 0.7 + i / 100.0);
      vigil_decision_set_ticker (decision, "NVDA");
      vigil_decision_set_explanation (decision, "Income above the threshold");
      vigil_decision_set_input_features (decision, "{\"fico\": 712}");
      g_assert_true (vigil_store_log_decision (store, decision, NULL, &error));
      g_assert_no_error (error);
    }

  alert = vigil_alert_new ("distribution_shift", VIGIL_SEVERITY_HIGH, "MomentumSignal",
                           "'MomentumSignal': 'DECLINE' prediction shifted from 24.1% to 71.0%");
  vigil_alert_set_timestamp (alert, end);
  vigil_alert_set_subject (alert, "DECLINE");
  vigil_alert_set_windows (alert, start, start, end);
  g_assert_true (vigil_store_add_alert (store, alert, NULL, &error));
  g_assert_no_error (error);
}

static VigilWindow *
open_window (void)
{
  g_autoptr(GFile) file = g_file_new_for_path (db_path);
  VigilWindow *window = vigil_ui_test_open_window (G_APPLICATION (app), file);

  g_assert_true (vigil_ui_test_wait_for (vigil_ui_test_window_settled, window));
  g_assert_true (vigil_ui_test_wait_for (vigil_ui_test_dashboard_loaded, window));
  vigil_ui_test_wait_frames (GTK_WIDGET (window), 3);
  return window;
}

static gpointer
view_child (gpointer     view,
            GType        type,
            const char  *name)
{
  GObject *child = gtk_widget_get_template_child (view, type, name);

  g_assert_nonnull (child);
  return child;
}

typedef struct
{
  AdwViewStack *stack;
  const char   *name;
} PageWait;

static gboolean
page_shown (gpointer data)
{
  PageWait *wait = data;

  return g_strcmp0 (adw_view_stack_get_visible_child_name (wait->stack), wait->name) == 0;
}

static gboolean
width_is (gpointer data)
{
  gpointer *args = data;

  /* the window's content; its frame takes a few pixels of the size asked for */
  return gtk_widget_get_width (args[0]) <= GPOINTER_TO_INT (args[1]);
}

/* none shown: the shortcuts window is hidden, to be shown again */
static gboolean
toplevel_gone (gpointer type)
{
  GtkWidget *toplevel = vigil_ui_test_find_toplevel (GPOINTER_TO_SIZE (type));

  return toplevel == NULL || !gtk_widget_get_visible (toplevel);
}

/* Opens a window of @type with @action, lets it draw, and closes it with Escape */
static void
show_and_close (VigilWindow *window,
                const char  *action,
                GType        type)
{
  GtkWidget *shown;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, NULL));
  shown = vigil_ui_test_find_toplevel (type);
  g_assert_nonnull (shown);
  vigil_ui_test_wait_frames (shown, 5);
  vigil_ui_test_send_key (shown, GDK_KEY_Escape, 0);
  g_assert_true (vigil_ui_test_wait_for (toplevel_gone, GSIZE_TO_POINTER (type)));
}

/* At its narrowest the window still switches views with Alt+1 to Alt+4, and says nothing
 * on the terminal while it does. */
static void
test_narrow_views (void)
{
  VigilWindow *window = open_window ();
  AdwViewStack *stack = vigil_ui_test_window_child (window, "view_stack");
  static const char *pages[] = { "dashboard", "alerts", "decisions", "reports" };
  static const guint keys[] = { GDK_KEY_1, GDK_KEY_2, GDK_KEY_3, GDK_KEY_4 };
  gpointer args[2] = { window, NULL };
  int minimum, narrowest;

  /* The narrowest the window lets itself be made: a phone's 360 pixels */
  gtk_widget_get_size_request (GTK_WIDGET (window), &minimum, NULL);
  g_assert_cmpint (minimum, ==, 360);
  args[1] = GINT_TO_POINTER (minimum);
  /* As a person drags its edge: the header gives up its longer labels on the way, which
   * lets the window narrower still */
  for (guint i = 0; i < 5 && !width_is (args); i++)
    {
      gtk_window_set_default_size (GTK_WINDOW (window), minimum, 640);
      vigil_ui_test_wait_frames (GTK_WIDGET (window), 5);
    }
  g_assert_true (width_is (args));
  narrowest = gtk_widget_get_width (GTK_WIDGET (window));

  /* There and back, as someone trying the views does */
  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
      {
        guint k = round == 0 ? i : G_N_ELEMENTS (pages) - 1 - i;
        PageWait wait = { stack, pages[k] };

        vigil_ui_test_send_key (GTK_WIDGET (window), keys[k], GDK_ALT_MASK);
        g_assert_true (vigil_ui_test_wait_for (page_shown, &wait));
        vigil_ui_test_wait_frames (GTK_WIDGET (window), 3);
        g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), ==, narrowest);
      }

  vigil_ui_test_save_screenshot (GTK_WIDGET (window), "keyboard-narrow.png");

  /* Widened step by step, as an edge is dragged, between the Alerts and the Decisions */
  for (int width = minimum; width <= 1000; width += 40)
    {
      gtk_window_set_default_size (GTK_WINDOW (window), width, 640);
      vigil_ui_test_wait_frames (GTK_WIDGET (window), 2);
      for (guint k = 1; k <= 2; k++)
        {
          PageWait wait = { stack, pages[k] };

          vigil_ui_test_send_key (GTK_WIDGET (window), keys[k], GDK_ALT_MASK);
          g_assert_true (vigil_ui_test_wait_for (page_shown, &wait));
          vigil_ui_test_wait_frames (GTK_WIDGET (window), 2);
        }
    }

  /* Preferences and the shortcuts window, over the narrow window */
  show_and_close (window, "win.preferences", VIGIL_TYPE_PREFERENCES_WINDOW);
  show_and_close (window, "win.show-help-overlay", GTK_TYPE_SHORTCUTS_WINDOW);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
focus_moved (gpointer data)
{
  gpointer *args = data;

  return vigil_ui_test_get_focus (args[0]) != args[1];
}

/* Presses Tab and returns where the focus went */
static GtkWidget *
press_tab (GtkWidget *window)
{
  gpointer args[2] = { window, vigil_ui_test_get_focus (window) };

  vigil_ui_test_send_key (window, GDK_KEY_Tab, 0);
  g_assert_true (vigil_ui_test_wait_for (focus_moved, args));
  return vigil_ui_test_get_focus (window);
}

static void
day_activated_cb (VigilChartView *chart,
                  const char     *day,
                  const char     *model,
                  char          **out_day)
{
  g_free (*out_day);
  *out_day = g_strdup (day);
}

/* Tab reaches the daily chart; the arrows choose a day, and Enter opens its decisions, as a
 * click on its bar does. */
static void
test_chart_day (void)
{
  VigilWindow *window = open_window ();
  AdwViewStack *stack = vigil_ui_test_window_child (window, "view_stack");
  VigilDecisionsView *decisions = vigil_ui_test_window_child (window, "decisions_view");
  PageWait wait = { stack, "decisions" };
  GtkWidget *focus = NULL;
  VigilChartView *chart = NULL;
  const VigilDashboard *data;
  g_autofree char *activated = NULL;
  guint day = 0;

  g_assert_true (gtk_widget_grab_focus (vigil_ui_test_window_child (window, "model_dropdown")));
  for (guint i = 0; i < 40 && chart == NULL; i++)
    {
      focus = press_tab (GTK_WIDGET (window));
      if (VIGIL_IS_CHART_VIEW (focus)
          && vigil_chart_view_get_kind (VIGIL_CHART_VIEW (focus)) == VIGIL_CHART_KIND_DISTRIBUTION)
        chart = VIGIL_CHART_VIEW (focus);
    }
  g_assert_nonnull (chart);
  g_signal_connect (chart, "day-activated", G_CALLBACK (day_activated_cb), &activated);

  /* The one day with decisions: yesterday, not the period's last */
  data = vigil_chart_view_get_dashboard (chart);
  g_assert_nonnull (data);
  while (day < data->n_days && data->days[day].total == 0)
    day++;
  g_assert_cmpuint (day, <, data->n_days);

  vigil_ui_test_send_key (GTK_WIDGET (window), GDK_KEY_Home, 0);
  for (guint i = 0; i < day; i++)
    vigil_ui_test_send_key (GTK_WIDGET (window), GDK_KEY_Right, 0);
  vigil_ui_test_wait_frames (GTK_WIDGET (window), 3);
  vigil_ui_test_save_screenshot (GTK_WIDGET (window), "keyboard-chart-day.png");
  vigil_ui_test_send_key (GTK_WIDGET (window), GDK_KEY_Return, 0);

  g_assert_true (vigil_ui_test_wait_for (page_shown, &wait));
  g_assert_cmpstr (activated, ==, data->days[day].day);
  g_assert_true (g_str_has_prefix (vigil_decisions_view_get_from (decisions), data->days[day].day));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
alerts_listed (gpointer data)
{
  return !vigil_alerts_view_get_loading (data) &&
         gtk_widget_get_mapped (view_child (data, VIGIL_TYPE_ALERTS_VIEW, "column_view"));
}

/* From the search field, Tab goes through the filters to the list of alerts. */
static void
test_alerts_tab (void)
{
  VigilWindow *window = open_window ();
  VigilAlertsView *view = vigil_ui_test_window_child (window, "alerts_view");
  GtkWidget *search = view_child (view, VIGIL_TYPE_ALERTS_VIEW, "search_entry");
  GtkWidget *check = view_child (view, VIGIL_TYPE_ALERTS_VIEW, "unacknowledged_check");
  GtkWidget *table = view_child (view, VIGIL_TYPE_ALERTS_VIEW, "column_view");
  GtkWidget *focus = NULL;
  gboolean passed_check = FALSE;

  vigil_window_show_alerts (window);
  g_assert_true (vigil_ui_test_wait_for (alerts_listed, view));
  gtk_widget_grab_focus (search);
  g_assert_true (gtk_widget_is_ancestor (vigil_ui_test_get_focus (search), search) ||
                 vigil_ui_test_get_focus (search) == search);

  for (guint i = 0; i < 8 && (focus == NULL || !gtk_widget_is_ancestor (focus, table)); i++)
    {
      focus = press_tab (GTK_WIDGET (window));
      passed_check |= focus == check || gtk_widget_is_ancestor (focus, check);
    }
  g_assert_true (passed_check);
  g_assert_true (gtk_widget_is_ancestor (focus, table));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
decisions_listed (gpointer data)
{
  GListModel *list = vigil_decisions_view_get_list (data);

  if (list == NULL || vigil_decision_list_get_loading (VIGIL_DECISION_LIST (list)) ||
      g_list_model_get_n_items (list) == 0)
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(VigilDecisionItem) item = g_list_model_get_item (list, i);

      if (vigil_decision_item_get_decision (item) == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
review_dialog_shown (gpointer data)
{
  return vigil_ui_test_find_dialog (data) != NULL;
}

static gboolean
no_dialog_shown (gpointer data)
{
  return vigil_ui_test_find_dialog (NULL) == NULL;
}

/* Presses Ctrl+Shift+@keyval where the focus is, and answers "Cancel" in the dialog it
 * opens, which must be @heading's */
static void
review_from_keyboard (VigilWindow *window,
                      guint        keyval,
                      const char  *heading)
{
  AdwMessageDialog *dialog;

  vigil_ui_test_send_key (GTK_WIDGET (window), keyval, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  if (!vigil_ui_test_wait_for (review_dialog_shown, (gpointer) heading))
    g_error ("Ctrl+Shift+%s did not open “%s” with the focus on a %s", gdk_keyval_name (keyval),
             heading, G_OBJECT_TYPE_NAME (vigil_ui_test_get_focus (GTK_WIDGET (window))));
  dialog = vigil_ui_test_find_dialog (heading);
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (vigil_ui_test_wait_for (no_dialog_shown, NULL));
}

static gboolean
detail_shown (gpointer data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (data), "detail") == 0;
}

/* Ctrl+Shift+A approves and Ctrl+Shift+E escalates the selected decision, whether the focus
 * is on its row or in the detail beside it. */
static void
test_review_shortcuts (void)
{
  VigilWindow *window = open_window ();
  VigilDecisionsView *view = vigil_ui_test_window_child (window, "decisions_view");
  GtkWidget *table = view_child (view, VIGIL_TYPE_DECISIONS_VIEW, "column_view");
  GtkWidget *title = view_child (view, VIGIL_TYPE_DECISIONS_VIEW, "detail_title");
  GtkSelectionModel *selection;

  vigil_decisions_view_set_reviewer (view, "Ada Lovelace");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "decisions");
  g_assert_true (vigil_ui_test_wait_for (decisions_listed, view));
  selection = gtk_column_view_get_model (GTK_COLUMN_VIEW (table));
  gtk_selection_model_select_item (selection, 0, TRUE);
  g_assert_true (vigil_ui_test_wait_for (detail_shown,
                                         view_child (view, VIGIL_TYPE_DECISIONS_VIEW,
                                                     "detail_stack")));
  vigil_ui_test_wait_frames (GTK_WIDGET (window), 3);

  /* On the list's row */
  g_assert_true (gtk_widget_grab_focus (table));
  g_assert_true (gtk_widget_is_ancestor (vigil_ui_test_get_focus (table), table));
  review_from_keyboard (window, GDK_KEY_a, "Approve Decision?");
  review_from_keyboard (window, GDK_KEY_e, "Escalate Decision?");

  /* In the detail pane */
  g_assert_true (gtk_widget_grab_focus (title));
  g_assert_true (vigil_ui_test_get_focus (title) == title ||
                 gtk_widget_is_ancestor (vigil_ui_test_get_focus (title), title));
  review_from_keyboard (window, GDK_KEY_a, "Approve Decision?");
  review_from_keyboard (window, GDK_KEY_e, "Escalate Decision?");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Tab through the dashboard never stops on a summary card: they lead nowhere. */
static void
test_summary_cards (void)
{
  VigilWindow *window = open_window ();
  GtkWidget *cards = view_child (vigil_ui_test_window_child (window, "dashboard_view"),
                                 VIGIL_TYPE_DASHBOARD_VIEW, "cards");
  GtkWidget *first = NULL;

  g_assert_true (gtk_widget_grab_focus (vigil_ui_test_window_child (window, "model_dropdown")));
  for (guint i = 0; i < 30; i++)
    {
      GtkWidget *focus = press_tab (GTK_WIDGET (window));

      g_assert_false (gtk_widget_is_ancestor (focus, cards));
      if (focus == first)
        break;
      if (first == NULL)
        first = focus;
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
wizard_gone (gpointer data)
{
  return vigil_ui_test_find_toplevel (VIGIL_TYPE_SIMULATION_WIZARD) == NULL;
}

/* Escape closes the simulation wizard. */
static void
test_wizard_escape (void)
{
  VigilWindow *window = open_window ();
  GtkWidget *wizard;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.simulate", NULL);
  wizard = vigil_ui_test_find_toplevel (VIGIL_TYPE_SIMULATION_WIZARD);
  g_assert_nonnull (wizard);
  vigil_ui_test_wait_frames (wizard, 3);

  vigil_ui_test_send_key (wizard, GDK_KEY_Escape, 0);
  g_assert_true (vigil_ui_test_wait_for (wizard_gone, NULL));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  gtk_window_destroy (GTK_WINDOW (window));
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
  make_database ();

  app = vigil_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/vigil/keyboard/narrow-views", test_narrow_views);
  g_test_add_func ("/vigil/keyboard/alerts-tab", test_alerts_tab);
  g_test_add_func ("/vigil/keyboard/review-shortcuts", test_review_shortcuts);
  g_test_add_func ("/vigil/keyboard/summary-cards", test_summary_cards);
  g_test_add_func ("/vigil/keyboard/chart-day", test_chart_day);
  g_test_add_func ("/vigil/keyboard/wizard-escape", test_wizard_escape);

  status = g_test_run ();

  g_clear_object (&app);
  vigil_ui_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  g_free (db_path);
  return status;
}
