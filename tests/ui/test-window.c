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
#include "vigil-window.h"

#define WAIT_MS 15000

static VigilApplication *app;
static char *tmp_dir;

typedef gboolean (*Predicate) (gpointer data);

static gboolean
expire_cb (gpointer data)
{
  gboolean *expired = data;

  *expired = TRUE;

  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @predicate holds or WAIT_MS have passed. */
static gboolean
wait_for (Predicate predicate,
          gpointer  data)
{
  gboolean expired = FALSE;
  guint source = g_timeout_add (WAIT_MS, expire_cb, &expired);

  while (!predicate (data) && !expired)
    g_main_context_iteration (NULL, TRUE);

  if (!expired)
    g_source_remove (source);

  return predicate (data);
}

static gpointer
template_child (VigilWindow *window,
                const char  *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (window), VIGIL_TYPE_WINDOW, name);

  g_assert_nonnull (child);

  return child;
}

static gboolean
window_settled (gpointer data)
{
  VigilWindow *window = data;
  GtkStack *main_stack = template_child (window, "main_stack");
  GtkRevealer *revealer = template_child (window, "training_revealer");

  return gtk_widget_get_mapped (GTK_WIDGET (window))
         && !vigil_window_get_busy (window)
         && !gtk_stack_get_transition_running (main_stack)
         && gtk_revealer_get_child_revealed (revealer) == gtk_revealer_get_reveal_child (revealer);
}

static gboolean
count_frame_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  guint *n_frames = data;

  (*n_frames)++;

  return G_SOURCE_CONTINUE;
}

static gboolean
three_frames (gpointer data)
{
  return *(guint *) data >= 3;
}

/* Waits until the window is open on its database and drawn. */
static void
wait_for_window (VigilWindow *window)
{
  guint n_frames = 0;
  guint tick;

  g_assert_true (wait_for (window_settled, window));

  tick = gtk_widget_add_tick_callback (GTK_WIDGET (window), count_frame_cb, &n_frames, NULL);
  gtk_widget_queue_draw (GTK_WIDGET (window));
  g_assert_true (wait_for (three_frames, &n_frames));
  gtk_widget_remove_tick_callback (GTK_WIDGET (window), tick);
}

/* Saves what the window shows as a PNG in the build folder, and checks that it shows
 * something: a blank window has a handful of colours at most. */
static void
save_screenshot (VigilWindow *window,
                 const char  *name)
{
  GtkWidget *widget = GTK_WIDGET (window);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, name, NULL);
  g_autofree guchar *pixels = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  gsize stride = (gsize) width * 4;

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_nonnull (texture);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);

  pixels = g_malloc (stride * (gsize) height);
  gdk_texture_download (texture, pixels, stride);
  for (gsize i = 0; i < stride * (gsize) height; i += 4)
    {
      guint32 pixel;

      memcpy (&pixel, pixels + i, sizeof pixel);
      g_hash_table_add (colours, GUINT_TO_POINTER (pixel));
    }
  g_assert_cmpuint (g_hash_table_size (colours), >, 16);
}

static VigilWindow *
open_window (GFile *file)
{
  GList *before = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));
  VigilWindow *window = NULL;

  g_application_open (G_APPLICATION (app), &file, 1, "");

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    if (VIGIL_IS_WINDOW (l->data) && g_list_find (before, l->data) == NULL)
      window = l->data;

  g_list_free (before);
  g_assert_nonnull (window);

  return window;
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

  g_assert_cmpstr (visible_child_name (template_child (window, "main_stack")), ==, "content");
  g_assert_true (adw_view_switcher_title_get_view_switcher_enabled (template_child (window,
                                                                                   "switcher_title")));

  /* The four views, in order. */
  view_stack = template_child (window, "view_stack");
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
  dashboard_stack = template_child (window, "dashboard_stack");
  empty_page = template_child (window, "empty_page");
  g_assert_true (gtk_stack_get_visible_child (dashboard_stack) == GTK_WIDGET (empty_page));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (empty_page)));
  g_assert_cmpstr (adw_status_page_get_title (empty_page), ==, "No Decisions Yet");
  g_assert_nonnull (strstr (adw_status_page_get_description (empty_page), "vigilctl import"));

  /* A production database carries no training notice. */
  g_assert_false (gtk_revealer_get_child_revealed (template_child (window, "training_revealer")));
  g_assert_cmpstr (gtk_label_get_label (template_child (window, "purpose_label")), ==,
                   "Production database");
  g_assert_nonnull (strstr (gtk_label_get_label (template_child (window, "path_label")),
                            "vigil.db"));

  save_screenshot (window, "window-empty.png");

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

static gpointer
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type))
        return toplevel;
    }

  return NULL;
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

  g_assert_null (find_toplevel (ADW_TYPE_ABOUT_WINDOW));
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  about = find_toplevel (ADW_TYPE_ABOUT_WINDOW);
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
  return adw_view_switcher_bar_get_reveal (template_child (data, "switcher_bar"));
}

static void
test_narrow_window (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  VigilWindow *window;
  int width, height;

  /* The window comes back at its saved size; too narrow for the header's view switcher,
   * it moves the switcher to the bottom. */
  g_settings_set_int (settings, "window-width", 420);
  g_settings_set_int (settings, "window-height", 640);

  g_application_activate (G_APPLICATION (app));
  window = VIGIL_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  wait_for_window (window);

  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 420);
  g_assert_cmpint (height, ==, 640);
  g_assert_true (wait_for (bar_revealed, window));
  wait_for_window (window);
  g_assert_true (gtk_widget_get_mapped (template_child (window, "switcher_bar")));
  g_assert_true (adw_view_switcher_title_get_title_visible (template_child (window,
                                                                           "switcher_title")));

  save_screenshot (window, "window-narrow.png");

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
  AdwStatusPage *overview_page;
  GtkRevealer *revealer;
  GtkWidget *notice;

  store = vigil_store_open (path, VIGIL_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_store_set_purpose (store, VIGIL_PURPOSE_TRAINING, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(VigilDecision) decision = vigil_decision_new ("CreditXGBoost", "1.0",
                                                              "credit_approval", "APPROVE");

      vigil_decision_set_confidence (decision, 0.9);
      vigil_decision_set_input_features (decision, "{\"fico\": 712}");
      g_assert_true (vigil_store_log_decision (store, decision, NULL, &error));
      g_assert_no_error (error);
    }
  g_clear_object (&store);

  window = open_window (file);
  wait_for_window (window);

  g_assert_cmpstr (visible_child_name (template_child (window, "main_stack")), ==, "content");
  g_assert_true (vigil_database_get_purpose (vigil_window_get_database (window))
                 == VIGIL_PURPOSE_TRAINING);

  /* Simulated data is never mistaken for the real log. */
  revealer = template_child (window, "training_revealer");
  notice = gtk_revealer_get_child (revealer);
  g_assert_true (gtk_revealer_get_child_revealed (revealer));
  g_assert_true (gtk_widget_get_mapped (notice));
  g_assert_cmpint (gtk_widget_get_height (notice), >, 0);
  g_assert_cmpstr (gtk_label_get_label (template_child (window, "purpose_label")), ==,
                   "Training database");

  overview_page = template_child (window, "overview_page");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (overview_page)));
  g_assert_nonnull (strstr (adw_status_page_get_description (overview_page),
                            "3 logged decisions, from 1 model"));

  save_screenshot (window, "window-training.png");

  g_assert_true (reopening_reuses (file, window));

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
  window = open_window (garbage);
  wait_for_window (window);

  error_page = template_child (window, "error_page");
  g_assert_cmpstr (visible_child_name (template_child (window, "main_stack")), ==, "error");
  g_assert_null (vigil_window_get_database (window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (error_page)));
  g_assert_cmpstr (adw_status_page_get_description (error_page), !=, "");
  g_assert_false (adw_view_switcher_title_get_view_switcher_enabled (template_child (window,
                                                                                    "switcher_title")));
  g_assert_false (gtk_widget_get_mapped (template_child (window, "view_stack")));
  g_test_message ("error shown: %s", adw_status_page_get_description (error_page));

  save_screenshot (window, "window-error.png");

  /* Its button offers to open another database; cancelling leaves the window as it was. */
  g_assert_null (find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open", NULL);
  chooser = find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_assert_nonnull (chooser);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (chooser)), ==, "Open Database");
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  g_assert_null (find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));
  g_assert_true (g_file_equal (vigil_window_get_file (window), garbage));

  /* A database named on the command line that does not exist is not created. */
  vigil_window_open (window, missing, VIGIL_STORE_OPEN_DEFAULT);
  g_assert_true (vigil_window_get_busy (window));
  wait_for_window (window);

  g_assert_cmpstr (visible_child_name (template_child (window, "main_stack")), ==, "error");
  g_assert_cmpstr (adw_status_page_get_description (error_page), !=, "");
  g_assert_false (g_file_test (missing_path, G_FILE_TEST_EXISTS));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);

  if (dir != NULL)
    {
      const char *name;

      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_dir_close (dir);
    }

  g_remove (path);
}

static void
isolate_environment (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *runtime_dir = NULL;
  g_autofree char *db_path = NULL;
  static const struct
  {
    const char *variable;
    const char *folder;
  } dirs[] = {
    { "XDG_DATA_HOME", "data" },
    { "XDG_CONFIG_HOME", "config" },
    { "XDG_CACHE_HOME", "cache" },
    { "XDG_STATE_HOME", "state" },
  };

  tmp_dir = g_dir_make_tmp ("vigil-ui-XXXXXX", &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *dir = g_build_filename (tmp_dir, dirs[i].folder, NULL);

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      g_setenv (dirs[i].variable, dir, TRUE);
    }

  runtime_dir = g_build_filename (tmp_dir, "runtime", NULL);
  g_assert_cmpint (g_mkdir_with_parents (runtime_dir, 0700), ==, 0);
  g_setenv ("XDG_RUNTIME_DIR", runtime_dir, TRUE);

  /* In folders that do not exist yet: the store creates them. */
  db_path = g_build_filename (tmp_dir, "databases", "desk", "vigil.db", NULL);
  g_setenv ("VIGIL_DB", db_path, TRUE);

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  isolate_environment ();

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = vigil_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/vigil/window/empty-database", test_empty_database);
  g_test_add_func ("/vigil/window/actions", test_actions);
  g_test_add_func ("/vigil/window/narrow", test_narrow_window);
  g_test_add_func ("/vigil/window/training-database", test_training_database);
  g_test_add_func ("/vigil/window/unusable-database", test_unusable_database);

  status = g_test_run ();

  g_clear_object (&app);
  remove_tree (tmp_dir);
  g_free (tmp_dir);

  return status;
}
