/* test-german.c: with LANGUAGE=de the window speaks German
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-german"

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

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
  g_test_add_func ("/vigil/german/preferences", test_german_preferences);
  g_test_add_func ("/vigil/german/numbers", test_german_numbers);

  return g_test_run ();
}
