/* test-german.c: with LANGUAGE=de the window speaks German
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-german"

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vigil-alert-detail.h"
#include "vigil-alerts-view.h"
#include "vigil-application.h"
#include "vigil-preferences-window.h"
#include "vigil-summary-text.h"
#include "vigil-ui-test.h"
#include "vigil-window.h"

static gboolean
opened (gpointer data)
{
  VigilWindow *window = data;

  return gtk_widget_get_mapped (GTK_WIDGET (window)) && !vigil_window_get_busy (window) &&
         vigil_window_get_database (window) != NULL;
}

static void
test_german_window (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-de-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "leer.db", NULL);
  g_autoptr(VigilStore) store = vigil_store_open (path, VIGIL_STORE_OPEN_CREATE, &error);
  g_autoptr(VigilApplication) app = vigil_application_new ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GtkSelectionModel) pages = NULL;
  g_autoptr(AdwViewStackPage) decisions = NULL;
  VigilWindow *window;
  AdwStatusPage *empty_page;

  g_assert_no_error (error);
  g_clear_object (&store);

  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_application_open (G_APPLICATION (app), &file, 1, "");
  window = VIGIL_WINDOW (gtk_application_get_windows (GTK_APPLICATION (app))->data);

  g_assert_true (vigil_ui_test_wait_for (opened, window));

  empty_page = ADW_STATUS_PAGE (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                               VIGIL_TYPE_WINDOW, "empty_page"));
  g_assert_cmpstr (adw_status_page_get_title (empty_page), ==, "Noch keine Entscheidungen");

  pages = adw_view_stack_get_pages (ADW_VIEW_STACK (gtk_widget_get_template_child (
    GTK_WIDGET (window), VIGIL_TYPE_WINDOW, "view_stack")));
  decisions = g_list_model_get_item (G_LIST_MODEL (pages), 2);
  g_assert_cmpstr (adw_view_stack_page_get_title (decisions), ==, "Entscheidungen");

  /* Words of the service layer, too */
  g_assert_cmpstr (_("Training database"), ==, "Trainingsdatenbank");

  gtk_window_destroy (GTK_WINDOW (window));
  g_remove (path);
  g_rmdir (dir);
}

static gboolean
alert_listed (gpointer data)
{
  GtkColumnView *column_view = GTK_COLUMN_VIEW (
    gtk_widget_get_template_child (data, VIGIL_TYPE_ALERTS_VIEW, "column_view"));

  return !vigil_alerts_view_get_loading (data) &&
         g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (column_view))) == 1;
}

/* The first label drawn under @widget: a dropdown's choice, not the labels of its popup */
static GtkLabel *
shown_label (GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return NULL;
  if (GTK_IS_LABEL (widget))
    return GTK_LABEL (widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkLabel *label = shown_label (c);

      if (label != NULL)
        return label;
    }
  return NULL;
}

static int
text_width (GtkLabel *label)
{
  int width = 0;

  pango_layout_get_pixel_size (gtk_label_get_layout (label), &width, NULL);
  return width;
}

/* The German words are longer: at the default size the header's selectors still show their
 * whole choice, the evidence of an alert never breaks a timestamp or a model's name, and the
 * window still narrows to a phone's 360 pixels */
static void
test_german_fitting (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autofree char *dir = g_dir_make_tmp ("vigil-de-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "warnungen.db", NULL);
  g_autoptr(VigilStore) store = vigil_store_open (path, VIGIL_STORE_OPEN_CREATE, &error);
  g_autoptr(VigilAlert) alert = NULL;
  g_autoptr(VigilApplication) app = vigil_application_new ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
  g_autofree char *day = g_date_time_format (yesterday, "%Y-%m-%d");
  g_autofree char *start = g_strdup_printf ("%sT00:00:00.000000", day);
  g_autofree char *end = g_strdup_printf ("%sT23:59:59.000000", day);
  static const char *dropdowns[] = { "model_dropdown", "period_dropdown" };
  static const char *values[] = {
    "model_label", "time_label", "baseline_start_label", "window_start_label",
    "window_end_label",
  };
  VigilWindow *window;
  VigilAlertsView *view;
  GtkWidget *detail;

  g_assert_no_error (error);
  g_settings_set_int (settings, "period-days", 30);
  /* GNOME's title bar, with only a close button */
  vigil_ui_test_use_gnome_decorations ();
  alert = vigil_alert_new ("distribution_shift", VIGIL_SEVERITY_HIGH, "MomentumSignal",
                           "'MomentumSignal': 'SELL' prediction shifted from 15.3% to 80.0%");
  vigil_alert_set_timestamp (alert, end);
  vigil_alert_set_windows (alert, start, start, end);
  g_assert_true (vigil_store_add_alert (store, alert, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  /* The first test's application is still on the bus under Vigil's name */
  g_application_set_resource_base_path (G_APPLICATION (app), "/io/github/finsecure/Vigil");
  g_application_set_application_id (G_APPLICATION (app), APPLICATION_ID ".Fitting");
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_open (G_APPLICATION (app), &file, 1, "");
  window = VIGIL_WINDOW (gtk_application_get_windows (GTK_APPLICATION (app))->data);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  g_assert_true (vigil_ui_test_wait_for (opened, window));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "alerts");
  view = VIGIL_ALERTS_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                           VIGIL_TYPE_WINDOW, "alerts_view"));
  g_assert_true (vigil_ui_test_wait_for (alert_listed, view));
  gtk_selection_model_select_item (gtk_column_view_get_model (GTK_COLUMN_VIEW (
    gtk_widget_get_template_child (GTK_WIDGET (view), VIGIL_TYPE_ALERTS_VIEW, "column_view"))),
                                   0, TRUE);
  vigil_ui_test_wait_frames (GTK_WIDGET (window), 5);

  for (guint i = 0; i < G_N_ELEMENTS (dropdowns); i++)
    {
      GtkLabel *label = shown_label (GTK_WIDGET (gtk_widget_get_template_child (
        GTK_WIDGET (window), VIGIL_TYPE_WINDOW, dropdowns[i])));

      g_assert_nonnull (label);
      g_test_message ("%s: „%s“ in %d pixels of a window of %d", dropdowns[i],
                      gtk_label_get_label (label),
                      gtk_widget_get_width (GTK_WIDGET (label)),
                      gtk_widget_get_width (GTK_WIDGET (window)));
      g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (label)));
      g_assert_cmpint (text_width (label), <=, gtk_widget_get_width (GTK_WIDGET (label)));
    }
  g_assert_true (g_str_has_prefix (gtk_label_get_label (shown_label (GTK_WIDGET (
    gtk_widget_get_template_child (GTK_WIDGET (window), VIGIL_TYPE_WINDOW, "model_dropdown")))),
                                   "Alle Modelle"));
  g_assert_cmpstr (gtk_label_get_label (shown_label (GTK_WIDGET (gtk_widget_get_template_child (
    GTK_WIDGET (window), VIGIL_TYPE_WINDOW, "period_dropdown")))), ==, "Letzte 30 Tage");

  /* A timestamp or a model's name is read on one line, whole */
  detail = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (view), VIGIL_TYPE_ALERTS_VIEW,
                                                      "detail"));
  g_assert_true (gtk_widget_get_mapped (detail));
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      GtkLabel *label = GTK_LABEL (gtk_widget_get_template_child (detail,
                                                                  VIGIL_TYPE_ALERT_DETAIL,
                                                                  values[i]));

      g_test_message ("%s: „%s“ in %d pixels", values[i], gtk_label_get_label (label),
                      gtk_widget_get_width (GTK_WIDGET (label)));
      g_assert_cmpint (pango_layout_get_line_count (gtk_label_get_layout (label)), ==, 1);
      g_assert_cmpint (text_width (label), <=, gtk_widget_get_width (GTK_WIDGET (label)));
    }
  vigil_ui_test_save_screenshot (GTK_WIDGET (window), "fitting-german-1000.png");

  /* Narrowed to a phone's width, the selectors shorten and the window follows */
  for (int width = 920; width >= 360; width -= 80)
    {
      gtk_window_set_default_size (GTK_WINDOW (window), width, 700);
      vigil_ui_test_wait_frames (GTK_WIDGET (window), 3);
      g_assert_cmpint (vigil_ui_test_minimum_width (GTK_WIDGET (window)), <=, width);
    }
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 360);
  vigil_ui_test_save_screenshot (GTK_WIDGET (window), "fitting-german-360.png");

  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "period-days");
  gtk_settings_reset_property (gtk_settings_get_default (), "gtk-decoration-layout");
  vigil_ui_test_remove_tree (dir);
}

static gboolean
preferences_shown (gpointer data)
{
  return !vigil_preferences_window_get_busy (data) && gtk_widget_get_mapped (data) &&
         gtk_widget_get_width (data) > 0;
}

/* The General page, notifications and spools included, fits the window's default width in
 * German, whose words are longer */
static void
test_german_preferences (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  const char *spools[] = { "/var/spool/vigil/kreditentscheidungen.jsonl", NULL };
  VigilPreferencesWindow *preferences;
  AdwComboRow *notify_row;
  int width = 0, height = 0;

  g_settings_set_strv (settings, "follow-spools", spools);
  preferences = vigil_preferences_window_new (NULL, NULL, settings);
  gtk_window_present (GTK_WINDOW (preferences));
  g_assert_true (vigil_ui_test_wait_for (preferences_shown, preferences));

  notify_row = ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                             VIGIL_TYPE_PREFERENCES_WINDOW,
                                                             "notify_row"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (notify_row)), ==,
                   "Neue Warnungen");
  gtk_window_get_default_size (GTK_WINDOW (preferences), &width, &height);
  g_assert_cmpint (vigil_ui_test_minimum_width (GTK_WIDGET (preferences)), <=, width);
  vigil_ui_test_save_screenshot (GTK_WIDGET (preferences), "preferences-german.png");

  gtk_window_destroy (GTK_WINDOW (preferences));
  g_settings_reset (settings, "follow-spools");
}


/* Numbers in the German locale: a dot between thousands, a decimal comma, a space before the
 * per cent sign, in the service's words as in the views' (the test command installs the
 * locale de_DE.UTF-8) */
static void
test_german_numbers (void)
{
  VigilSummary summary = { 0 };
  g_autofree char *count = NULL;
  g_autofree char *flagged = NULL;
  g_autofree char *confidence = NULL;
  g_autofree char *per_day = NULL;
  g_autofree char *percent = NULL;

  if (setlocale (LC_ALL, "de_DE.UTF-8") == NULL)
    {
      g_test_fail_printf ("the locale de_DE.UTF-8 is not installed: build-aux/install-deps.sh "
                          "makes it");
      return;
    }

  count = vigil_summary_text_format_count (4350);
  g_assert_cmpstr (count, ==, "4.350");

  summary.days = 7;
  summary.total_decisions = 4350;
  summary.decisions_per_day = 621.4;
  summary.flagged = 22;
  summary.mean_confidence = 0.62;
  flagged = vigil_summary_text_detail (&summary, VIGIL_SUMMARY_CARD_FLAGGED);
  g_assert_cmpstr (flagged, ==, "0,51 % der Entscheidungen");
  confidence = vigil_summary_text_detail (&summary, VIGIL_SUMMARY_CARD_PER_DAY);
  g_assert_cmpstr (confidence, ==, "mittlere Konfidenz 62 %");
  summary.decisions_per_day = 12.5;
  per_day = vigil_summary_text_value (&summary, VIGIL_SUMMARY_CARD_PER_DAY);
  g_assert_cmpstr (per_day, ==, "12,5");
  /* A decision's confidence in the decisions view, and a progress bar's share */
  percent = g_strdup_printf (_("%.0f%%"), 62.4);
  g_assert_cmpstr (percent, ==, "62 %");

  setlocale (LC_ALL, "C.UTF-8");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *localedir = NULL;

  g_setenv ("LANGUAGE", "de", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  vigil_ui_test_init (&argc, &argv);
  /* gtk_test_init() keeps the C locale, in which gettext ignores LANGUAGE */
  setlocale (LC_ALL, "C.UTF-8");

  /* The translations built in this tree */
  localedir = g_build_filename (g_getenv ("VIGIL_BUILD_ROOT"), "po", NULL);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_add_func ("/vigil/german/window", test_german_window);
  g_test_add_func ("/vigil/german/fitting", test_german_fitting);
  g_test_add_func ("/vigil/german/preferences", test_german_preferences);
  g_test_add_func ("/vigil/german/numbers", test_german_numbers);

  return g_test_run ();
}
