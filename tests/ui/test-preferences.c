/* test-preferences.c: the preferences window changes the settings and the database's policy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-preferences"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "vigil-database.h"
#include "vigil-preferences-window.h"
#include "vigil-ui-test.h"
#include "vigil-record.h"


static char *tmp_dir;

/* The widget named @name under @root, as the window names its policy controls. */
static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found)
        return found;
    }
  return NULL;
}

typedef struct
{
  VigilPreferencesWindow *window;
  const char             *name;
} Lookup;

static gboolean
settled_with (gpointer data)
{
  Lookup *l = data;

  return !vigil_preferences_window_get_busy (l->window) &&
         find_named (GTK_WIDGET (l->window), l->name) != NULL;
}

static gboolean
not_busy (gpointer data)
{
  return !vigil_preferences_window_get_busy (data);
}

static char *
make_database (const char *name)
{
  char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *models[] = { "CreditXGBoost", "MomentumSignal" };

  store = vigil_store_open (path, VIGIL_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    {
      g_autoptr(VigilDecision) decision = vigil_decision_new (models[i], "1.0", "credit_approval",
                                                              "APPROVE");

      vigil_decision_set_confidence (decision, 0.9);
      g_assert_true (vigil_store_log_decision (store, decision, NULL, &error));
      g_assert_no_error (error);
    }
  return path;
}

static VigilPolicy *
stored_policy (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (path, VIGIL_STORE_OPEN_READ_ONLY, &error);
  VigilPolicy *policy;

  g_assert_no_error (error);
  policy = vigil_store_get_policy (store, &error);
  g_assert_no_error (error);
  return policy;
}

static gint64
count_events (const char *path,
              const char *actor)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM events WHERE action = 'policy' "
                                           "AND actor = ?", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, actor, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static void
test_change_policy (void)
{
  g_autofree char *path = make_database ("policy.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (path, VIGIL_STORE_OPEN_DEFAULT, &error);
  g_autoptr(VigilDatabase) database = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(VigilPolicy) before = NULL, after = NULL, after_switch = NULL;
  VigilPreferencesWindow *window;
  AdwEntryRow *reviewer_row;
  GtkWidget *spin, *expander;
  Lookup lookup;
  g_autofree char *too_long = g_strnfill (VIGIL_MAX_NAME_LEN + 1, 'x');

  g_assert_no_error (error);
  database = vigil_database_new (store);
  window = vigil_preferences_window_new (NULL, database, settings);
  gtk_window_present (GTK_WINDOW (window));

  lookup.window = window;
  lookup.name = "CreditXGBoost:distribution_shift:threshold";
  g_assert_true (vigil_ui_test_wait_for (settled_with, &lookup));
  g_assert_nonnull (find_named (GTK_WIDGET (window), "MomentumSignal:distribution_shift:threshold"));
  g_assert_nonnull (find_named (GTK_WIDGET (window), "defaults:min_samples:value"));

  /* The default period is offered in the words of the window's period selector */
  {
    GtkStringList *periods = GTK_STRING_LIST (
      gtk_widget_get_template_child (GTK_WIDGET (window), VIGIL_TYPE_PREFERENCES_WINDOW,
                                     "period_list"));

    g_assert_cmpstr (gtk_string_list_get_string (periods, 0), ==, "Last 7 Days");
    g_assert_cmpstr (gtk_string_list_get_string (periods, 3), ==, "Today So Far");
  }

  /* The reviewer's name is a setting, written as it is typed */
  reviewer_row = ADW_ENTRY_ROW (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                               VIGIL_TYPE_PREFERENCES_WINDOW,
                                                               "reviewer_row"));
  {
    /* Empty, the row says whose name is recorded instead: the account's */
    AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (
      gtk_widget_get_template_child (GTK_WIDGET (window), VIGIL_TYPE_PREFERENCES_WINDOW,
                                     "reviewer_group"));
    const char *real = g_get_real_name ();
    const char *account = real != NULL && *real != '\0' && g_strcmp0 (real, "Unknown") != 0
                          ? real : g_get_user_name ();
    g_autofree char *quoted = g_strdup_printf ("“%s”", account);

    gtk_editable_set_text (GTK_EDITABLE (reviewer_row), "");
    g_assert_nonnull (strstr (adw_preferences_group_get_description (group), quoted));
    gtk_editable_set_text (GTK_EDITABLE (reviewer_row), "Ana Risk");
    g_assert_null (strstr (adw_preferences_group_get_description (group), quoted));
  }
  g_assert_cmpstr (g_settings_get_string (settings, "reviewer-name"), ==, "Ana Risk");
  /* A name too long to be recorded is refused, and the row says so */
  gtk_editable_set_text (GTK_EDITABLE (reviewer_row), too_long);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (reviewer_row), "error"));
  g_assert_cmpstr (g_settings_get_string (settings, "reviewer-name"), ==, "Ana Risk");
  gtk_editable_set_text (GTK_EDITABLE (reviewer_row), "Ana Risk");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (reviewer_row), "error"));

  /* A threshold for one model: saved in the database, with an event in the reviewer's name */
  before = stored_policy (path);
  g_assert_cmpfloat (vigil_policy_for_model (before, "CreditXGBoost")
                       ->checks[VIGIL_CHECK_DISTRIBUTION_SHIFT].threshold, ==, 0.20);
  spin = find_named (GTK_WIDGET (window), lookup.name);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, 0.20);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 0.07);
  g_assert_true (vigil_preferences_window_get_busy (window));
  g_assert_true (vigil_ui_test_wait_for (not_busy, window));

  after = stored_policy (path);
  g_assert_cmpfloat (fabs (vigil_policy_for_model (after, "CreditXGBoost")
                             ->checks[VIGIL_CHECK_DISTRIBUTION_SHIFT].threshold - 0.07), <, 1e-9);
  g_assert_cmpfloat (vigil_policy_for_model (after, "MomentumSignal")
                       ->checks[VIGIL_CHECK_DISTRIBUTION_SHIFT].threshold, ==, 0.20);
  g_assert_cmpint (count_events (path, "Ana Risk"), ==, 1);

  /* A check switched off in the defaults applies to the models that follow them */
  expander = find_named (GTK_WIDGET (window), "defaults:volume_anomaly:enabled");
  g_assert_nonnull (expander);
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (expander), FALSE);
  g_assert_true (vigil_ui_test_wait_for (not_busy, window));
  after_switch = stored_policy (path);
  g_assert_false (vigil_policy_for_model (after_switch, "MomentumSignal")
                    ->checks[VIGIL_CHECK_VOLUME_ANOMALY].enabled);
  g_assert_cmpint (count_events (path, "Ana Risk"), ==, 2);
  /* The controls still show the saved values */
  spin = find_named (GTK_WIDGET (window), lookup.name);
  g_assert_cmpfloat (fabs (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)) - 0.07), <, 1e-9);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_change_on_close (void)
{
  g_autofree char *path = make_database ("close.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (path, VIGIL_STORE_OPEN_DEFAULT, &error);
  g_autoptr(VigilDatabase) database = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(VigilPolicy) after = NULL;
  VigilPreferencesWindow *window;
  GtkWidget *spin, *segments;
  Lookup lookup;

  g_assert_no_error (error);
  database = vigil_database_new (store);
  window = vigil_preferences_window_new (NULL, database, settings);
  gtk_window_present (GTK_WINDOW (window));
  lookup.window = window;
  lookup.name = "MomentumSignal:min_samples:value";
  g_assert_true (vigil_ui_test_wait_for (settled_with, &lookup));

  /* Closed at once after a change: the change is kept */
  spin = find_named (GTK_WIDGET (window), lookup.name);
  segments = find_named (GTK_WIDGET (window), "MomentumSignal:segment_by:value");
  g_assert_nonnull (segments);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (segments)), ==, 0);
  g_object_ref (window);
  /* Checked per sector too */
  adw_combo_row_set_selected (ADW_COMBO_ROW (segments), 1);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 75);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (vigil_ui_test_wait_for (not_busy, window));
  g_object_unref (window);

  after = stored_policy (path);
  g_assert_cmpint (vigil_policy_for_model (after, "MomentumSignal")->min_samples, ==, 75);
  g_assert_cmpint (vigil_policy_for_model (after, "CreditXGBoost")->min_samples, ==, 20);
  g_assert_cmpstr (vigil_policy_for_model (after, "MomentumSignal")->segment_by, ==, "sector");
  g_assert_null (vigil_policy_for_model (after, "CreditXGBoost")->segment_by);
}

static void
test_read_only (void)
{
  g_autofree char *path = make_database ("read-only.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (path, VIGIL_STORE_OPEN_READ_ONLY, &error);
  g_autoptr(VigilDatabase) database = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  VigilPreferencesWindow *window;
  GtkWidget *note_group, *note_label, *spin, *window_spin;
  Lookup lookup;

  g_assert_no_error (error);
  database = vigil_database_new (store);
  window = vigil_preferences_window_new (NULL, database, settings);
  gtk_window_present (GTK_WINDOW (window));
  lookup.window = window;
  lookup.name = "CreditXGBoost:distribution_shift:threshold";
  g_assert_true (vigil_ui_test_wait_for (settled_with, &lookup));

  note_group = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (window), VIGIL_TYPE_PREFERENCES_WINDOW,
                                              "note_group");
  note_label = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (window), VIGIL_TYPE_PREFERENCES_WINDOW,
                                              "note_label");
  window_spin = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (window), VIGIL_TYPE_PREFERENCES_WINDOW,
                                               "window_spin");
  g_assert_true (gtk_widget_get_visible (note_group));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (note_label)), "read-only"));
  spin = find_named (GTK_WIDGET (window), lookup.name);
  g_assert_false (gtk_widget_is_sensitive (spin));
  g_assert_false (gtk_widget_is_sensitive (window_spin));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  tmp_dir = g_dir_make_tmp ("vigil-prefs-XXXXXX", &error);
  g_assert_no_error (error);

  vigil_ui_test_init (&argc, &argv);

  g_test_add_func ("/vigil/preferences/change-policy", test_change_policy);
  g_test_add_func ("/vigil/preferences/change-on-close", test_change_on_close);
  g_test_add_func ("/vigil/preferences/read-only", test_read_only);

  status = g_test_run ();

  {
    g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (dir && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *file = g_build_filename (tmp_dir, name, NULL);
        g_remove (file);
      }
  }
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
