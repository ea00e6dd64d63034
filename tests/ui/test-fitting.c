/* test-fitting.c: what the window shows fits it, at its default 1000 pixels and on a phone's
 * 360: no selector, column or value cut short, every view usable at the narrowest
 *
 * test-german.c asks the same of the German words, which are longer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-fitting"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vigil-alerts-view.h"
#include "vigil-application.h"
#include "vigil-decisions-view.h"
#include "vigil-ui-test.h"
#include "vigil-window.h"

static VigilApplication *app;
static char *tmp_dir;
static char *db_path;

/* A training database: two models' decisions of yesterday, and four alerts about them of
 * every kind of width: long descriptions, a long type, one acknowledged by someone */
static void
make_database (void)
{
  static const struct
  {
    const char    *type;
    VigilSeverity  severity;
    const char    *model;
    const char    *description;
  } alerts[] = {
    { "distribution_shift", VIGIL_SEVERITY_HIGH, "MomentumSignal",
      "'MomentumSignal': 'SELL' prediction shifted from 15.3% to 80.0% (delta=+64.7%)" },
    { "confidence_shift", VIGIL_SEVERITY_MEDIUM, "CreditXGBoost",
      "Mean confidence fell from 0.82 to 0.61 against the seven days before" },
    { "volume_anomaly", VIGIL_SEVERITY_LOW, "CreditXGBoost",
      "Daily volume 2.6x the baseline's" },
    { "concentration_risk", VIGIL_SEVERITY_MEDIUM, "MomentumSignal",
      "Ticker NVDA has 43.0% of the model's decisions" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
  g_autoptr(GDateTime) today = g_date_time_add_days (yesterday, 1);
  g_autofree char *day = g_date_time_format (yesterday, "%Y-%m-%d");
  g_autofree char *next_day = g_date_time_format (today, "%Y-%m-%d");
  g_autofree char *start = g_strdup_printf ("%sT00:00:00.000000", day);
  g_autofree char *end = g_strdup_printf ("%sT00:00:00.000000", next_day);

  db_path = g_build_filename (tmp_dir, "fitting.db", NULL);
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
      vigil_decision_set_explanation (decision, "Income above the threshold");
      vigil_decision_set_input_features (decision, "{\"fico\": 712}");
      g_assert_true (vigil_store_log_decision (store, decision, NULL, &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (alerts); i++)
    {
      g_autoptr(VigilAlert) alert = vigil_alert_new (alerts[i].type, alerts[i].severity,
                                                     alerts[i].model, alerts[i].description);

      vigil_alert_set_timestamp (alert, end);
      vigil_alert_set_windows (alert, start, start, end);
      g_assert_true (vigil_store_add_alert (store, alert, NULL, &error));
      g_assert_no_error (error);
    }

  /* The first alert, acknowledged: the status says by whom and when */
  g_assert_true (vigil_store_acknowledge_alert (store, 1, "Risk Officer Ada", "Seen", &error));
  g_assert_no_error (error);
}

static VigilWindow *
open_window (int width,
             int height)
{
  g_autoptr(GFile) file = g_file_new_for_path (db_path);
  VigilWindow *window;

  window = vigil_ui_test_open_window (G_APPLICATION (app), file);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  g_assert_true (vigil_ui_test_wait_for (vigil_ui_test_window_settled, window));
  g_assert_true (vigil_ui_test_wait_for (vigil_ui_test_dashboard_loaded, window));
  vigil_ui_test_wait_frames (GTK_WIDGET (window), 3);
  return window;
}

/* The first label drawn under @widget: a dropdown's choice, not the labels of its popup */
static GtkWidget *
find_label (GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return NULL;
  if (GTK_IS_LABEL (widget))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *label = find_label (c);

      if (label != NULL)
        return label;
    }
  return NULL;
}

/* What a person would see of @label: all of its text, neither ellipsized nor wider than
 * the label was given */
static void
assert_label_whole (GtkLabel   *label,
                    const char *where)
{
  PangoLayout *layout = gtk_label_get_layout (label);
  int width = gtk_widget_get_width (GTK_WIDGET (label));
  int text_width = 0;

  pango_layout_get_pixel_size (layout, &text_width, NULL);
  if (pango_layout_is_ellipsized (layout))
    g_error ("%s: “%s” is ellipsized in %d pixels", where, gtk_label_get_label (label), width);
  if (text_width > width)
    g_error ("%s: “%s” needs %d pixels and has %d", where, gtk_label_get_label (label),
             text_width, width);
}

/* Every label under @widget that is drawn shows its whole text */
static guint
assert_labels_whole (GtkWidget  *widget,
                     const char *where)
{
  guint n = 0;

  if (!gtk_widget_get_mapped (widget))
    return 0;
  if (GTK_IS_LABEL (widget) && gtk_label_get_label (GTK_LABEL (widget))[0] != '\0')
    {
      assert_label_whole (GTK_LABEL (widget), where);
      return 1;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    n += assert_labels_whole (c, where);
  return n;
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
alerts_listed (gpointer data)
{
  VigilAlertsView *view = data;
  GtkColumnView *column_view = GTK_COLUMN_VIEW (
    gtk_widget_get_template_child (data, VIGIL_TYPE_ALERTS_VIEW, "column_view"));

  return !vigil_alerts_view_get_loading (view) &&
         g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (column_view))) == 4;
}

static gboolean
decisions_listed (gpointer data)
{
  VigilDecisionsView *view = data;

  return g_list_model_get_n_items (vigil_decisions_view_get_list (view)) == 12;
}

/* At the default size both selectors of the header show their choice in full */
static void
test_header_selectors (void)
{
  VigilWindow *window = open_window (1000, 700);
  static const char *names[] = { "model_dropdown", "period_dropdown" };

  /* the window's content; its frame takes a few pixels of the size asked for */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), >=, 980);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GtkWidget *label = find_label (vigil_ui_test_window_child (window, names[i]));

      g_assert_nonnull (label);
      g_test_message ("%s: “%s” in %d pixels", names[i], gtk_label_get_label (GTK_LABEL (label)),
                      gtk_widget_get_width (label));
      assert_label_whole (GTK_LABEL (label), names[i]);
    }
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (find_label (
    vigil_ui_test_window_child (window, "model_dropdown")))), "All Models (12)"));
  vigil_ui_test_save_screenshot (GTK_WIDGET (window), "fitting-header.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* At the default size every cell of the alerts shows its whole text, the acknowledgement
 * who and when included */
static void
test_alert_columns (void)
{
  VigilWindow *window = open_window (1000, 700);
  VigilAlertsView *view = vigil_ui_test_window_child (window, "alerts_view");
  GtkWidget *column_view = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (view),
                                                          VIGIL_TYPE_ALERTS_VIEW, "column_view");
  GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (column_view));
  GtkLabel *status;
  guint n;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "alerts");
  g_assert_true (vigil_ui_test_wait_for (alerts_listed, view));
  vigil_ui_test_wait_frames (GTK_WIDGET (window), 5);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      g_assert_true (gtk_column_view_column_get_visible (column));
    }
  /* The titles and the 4 rows of 5 labels (the severity is a label too) */
  n = assert_labels_whole (column_view, "alerts at 1000 pixels");
  g_assert_cmpuint (n, >=, 6 + 4 * 6);
  g_assert_nonnull (vigil_ui_test_find_label (column_view, "Unacknowledged"));
  /* Who acknowledged, over when, in full */
  status = vigil_ui_test_find_label (column_view, "Risk Officer Ada\n");
  g_assert_nonnull (status);
  g_assert_true (g_regex_match_simple ("^Risk Officer Ada\n[0-9]{4}-[0-9]{2}-[0-9]{2} ",
                                       gtk_label_get_label (status), 0, 0));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (GTK_WIDGET (status)),
                            "Risk Officer Ada, "));
  vigil_ui_test_save_screenshot (GTK_WIDGET (window), "fitting-alerts-1000.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
width_is (gpointer data)
{
  gpointer *args = data;

  /* the window's content; its frame takes a few pixels of the size asked for */
  return gtk_widget_get_width (args[0]) <= GPOINTER_TO_INT (args[1]);
}

/* The part of @widget drawn lies within the window's 360 pixels, and is not nothing */
static void
assert_within (GtkWidget  *widget,
               GtkWidget  *window,
               const char *what)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_compute_bounds (widget, window, &bounds));
  g_test_message ("%s: x %.0f, width %.0f, height %.0f", what, bounds.origin.x,
                  bounds.size.width, bounds.size.height);
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, 360);
  g_assert_cmpfloat (bounds.size.width, >, 200);
  g_assert_cmpfloat (bounds.size.height, >, 40);
}

/* On a phone, from the default size: the window lets itself be made 360 pixels wide in
 * every view, whatever the width it had, and each view works there */
static void
test_narrow_views (void)
{
  VigilWindow *window = open_window (1000, 700);
  AdwViewStack *stack = vigil_ui_test_window_child (window, "view_stack");
  VigilAlertsView *alerts_view = vigil_ui_test_window_child (window, "alerts_view");
  VigilDecisionsView *decisions_view = vigil_ui_test_window_child (window, "decisions_view");
  static const char *pages[] = { "dashboard", "alerts", "decisions", "reports" };
  static const guint keys[] = { GDK_KEY_1, GDK_KEY_2, GDK_KEY_3, GDK_KEY_4 };
  gpointer args[2] = { window, GINT_TO_POINTER (360) };

  /* As a person drags its edge, in every view: the window is never stopped before 360
   * pixels; the header shortens its selectors on the way */
  for (int width = 1000; width >= 360; width -= 40)
    {
      args[1] = GINT_TO_POINTER (MAX (width, 360));
      gtk_window_set_default_size (GTK_WINDOW (window), MAX (width, 360), 700);
      g_assert_true (vigil_ui_test_wait_for (width_is, args));
      for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
        {
          PageWait wait = { stack, pages[i] };

          vigil_ui_test_send_key (GTK_WIDGET (window), keys[i], GDK_ALT_MASK);
          g_assert_true (vigil_ui_test_wait_for (page_shown, &wait));
          vigil_ui_test_wait_frames (GTK_WIDGET (window), 2);
          if (vigil_ui_test_minimum_width (GTK_WIDGET (window)) > MAX (width, 360))
            g_error ("%s at %d pixels: the window's minimum is %d", pages[i], width,
                     vigil_ui_test_minimum_width (GTK_WIDGET (window)));
          g_assert_true (width_is (args));
        }
    }

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 700);
  args[1] = GINT_TO_POINTER (360);
  g_assert_true (vigil_ui_test_wait_for (width_is, args));
  g_assert_true (adw_view_switcher_title_get_title_visible (
    vigil_ui_test_window_child (window, "switcher_title")));

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      PageWait wait = { stack, pages[i] };
      g_autofree char *name = g_strdup_printf ("narrow-360-%s.png", pages[i]);

      vigil_ui_test_send_key (GTK_WIDGET (window), keys[i], GDK_ALT_MASK);
      g_assert_true (vigil_ui_test_wait_for (page_shown, &wait));
      if (i == 1)
        g_assert_true (vigil_ui_test_wait_for (alerts_listed, alerts_view));
      if (i == 2)
        g_assert_true (vigil_ui_test_wait_for (decisions_listed, decisions_view));
      vigil_ui_test_wait_frames (GTK_WIDGET (window), 5);
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 360);
      /* The view switcher moved to the bottom */
      assert_within (vigil_ui_test_window_child (window, "switcher_bar"), GTK_WIDGET (window),
                     "switcher bar");
      assert_within (GTK_WIDGET (adw_view_stack_get_visible_child (stack)), GTK_WIDGET (window),
                     pages[i]);
      vigil_ui_test_save_screenshot (GTK_WIDGET (window), name);
    }

  /* From an alert of the list to its evidence */
  {
    GtkSelectionModel *selection = gtk_column_view_get_model (GTK_COLUMN_VIEW (
      gtk_widget_get_template_child (GTK_WIDGET (alerts_view), VIGIL_TYPE_ALERTS_VIEW,
                                     "column_view")));
    GtkWidget *detail = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (alerts_view),
                                                       VIGIL_TYPE_ALERTS_VIEW, "detail");
    PageWait wait = { stack, "alerts" };

    vigil_ui_test_send_key (GTK_WIDGET (window), GDK_KEY_2, GDK_ALT_MASK);
    g_assert_true (vigil_ui_test_wait_for (page_shown, &wait));
    gtk_selection_model_select_item (selection, 0, TRUE);
    vigil_ui_test_wait_frames (GTK_WIDGET (window), 5);
    assert_within (detail, GTK_WIDGET (window), "alert's evidence");
    assert_labels_whole (detail, "alert's evidence at 360 pixels");
    vigil_ui_test_save_screenshot (GTK_WIDGET (window), "narrow-360-alert-detail.png");
  }

  /* From a decision of the list to its detail */
  {
    GtkSelectionModel *selection = gtk_column_view_get_model (GTK_COLUMN_VIEW (
      gtk_widget_get_template_child (GTK_WIDGET (decisions_view), VIGIL_TYPE_DECISIONS_VIEW,
                                     "column_view")));
    GtkWidget *detail = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (decisions_view),
                                                       VIGIL_TYPE_DECISIONS_VIEW,
                                                       "detail_stack");
    PageWait wait = { stack, "decisions" };

    vigil_ui_test_send_key (GTK_WIDGET (window), GDK_KEY_3, GDK_ALT_MASK);
    g_assert_true (vigil_ui_test_wait_for (page_shown, &wait));
    gtk_selection_model_select_item (selection, 0, TRUE);
    vigil_ui_test_wait_frames (GTK_WIDGET (window), 5);
    g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (detail)), ==, "detail");
    assert_within (detail, GTK_WIDGET (window), "decision's detail");
    vigil_ui_test_save_screenshot (GTK_WIDGET (window), "narrow-360-decision-detail.png");
  }

  /* And back to the default size, through every view on the way */
  for (int width = 400; width <= 1000; width += 120)
    {
      gtk_window_set_default_size (GTK_WINDOW (window), width, 700);
      for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
        {
          PageWait wait = { stack, pages[i] };

          vigil_ui_test_send_key (GTK_WIDGET (window), keys[i], GDK_ALT_MASK);
          g_assert_true (vigil_ui_test_wait_for (page_shown, &wait));
          vigil_ui_test_wait_frames (GTK_WIDGET (window), 2);
        }
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  tmp_dir = vigil_ui_test_isolate ();
  vigil_ui_test_init (&argc, &argv);
  vigil_ui_test_use_gnome_decorations ();

  app = vigil_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  make_database ();

  g_test_add_func ("/vigil/fitting/header-selectors", test_header_selectors);
  g_test_add_func ("/vigil/fitting/alert-columns", test_alert_columns);
  g_test_add_func ("/vigil/fitting/narrow-views", test_narrow_views);

  status = g_test_run ();
  g_clear_object (&app);
  vigil_ui_test_remove_tree (tmp_dir);
  return status;
}
