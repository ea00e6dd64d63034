/* vigil-ui-test.c: what the ui tests share: waiting on the main loop, finding widgets,
 * screenshots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gdk/x11/gdkx.h>
#include <X11/extensions/XTest.h>

#include "vigil-chart-view.h"
#include "vigil-ui-test.h"

/* Any warning or critical fails the test where it happens: GTK's own (a widget measured
 * wrong, a label of negative width) as well as Vigil's. GTK logs through the structured
 * writer, which g_log_set_always_fatal() does not reach on its own. */
static GLogWriterOutput
fatal_writer (GLogLevelFlags   log_level,
              const GLogField *fields,
              gsize            n_fields,
              gpointer         user_data)
{
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    log_level |= G_LOG_FLAG_FATAL;
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

/* gtk_test_init() and adw_init(), with every warning and critical fatal */
void
vigil_ui_test_init (int    *argc,
                    char ***argv)
{
  gtk_test_init (argc, argv, NULL);
  adw_init ();
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  g_log_set_writer_func (fatal_writer, NULL, NULL);
}

static gboolean
expire_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @predicate holds or VIGIL_UI_TEST_WAIT_MS have passed; returns
 * whether it holds. */
gboolean
vigil_ui_test_wait_for (VigilUiTestPredicate predicate,
                        gpointer             data)
{
  gboolean expired = FALSE;
  guint source = g_timeout_add (VIGIL_UI_TEST_WAIT_MS, expire_cb, &expired);

  while (!predicate (data) && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (source);
  return predicate (data);
}

typedef struct
{
  guint seen;
  guint wanted;
} Frames;

static gboolean
count_frame_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  ((Frames *) data)->seen++;
  return G_SOURCE_CONTINUE;
}

static gboolean
frames_seen (gpointer data)
{
  Frames *frames = data;

  return frames->seen >= frames->wanted;
}

/* Redraws @widget and waits until @n_frames frames have been drawn. */
void
vigil_ui_test_wait_frames (GtkWidget *widget,
                           guint      n_frames)
{
  Frames frames = { 0, n_frames };
  guint tick = gtk_widget_add_tick_callback (widget, count_frame_cb, &frames, NULL);

  gtk_widget_queue_draw (widget);
  g_assert_true (vigil_ui_test_wait_for (frames_seen, &frames));
  gtk_widget_remove_tick_callback (widget, tick);
}

/* Every mapped chart under @data (a widget) shows the painting of its present data, size
 * and style: charts are painted in a worker thread, and show the previous painting until
 * the new one comes. */
gboolean
vigil_ui_test_charts_painted (gpointer data)
{
  GtkWidget *widget = data;

  if (!gtk_widget_get_mapped (widget))
    return TRUE;
  if (VIGIL_IS_CHART_VIEW (widget) && !vigil_chart_view_get_painted (VIGIL_CHART_VIEW (widget)))
    return FALSE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (!vigil_ui_test_charts_painted (child))
      return FALSE;
  return TRUE;
}

/* Saves what @widget (a window, or a widget in one) shows as a PNG in the build folder, and
 * checks that it shows something: a blank window has a handful of colours at most. Its
 * charts are painted first. */
void
vigil_ui_test_save_screenshot (GtkWidget  *widget,
                               const char *name)
{
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

  /* The paintable shows what the last frame drew: frames with the charts' paintings of the
   * present size, which the first frames may change. */
  do
    {
      g_assert_true (vigil_ui_test_wait_for (vigil_ui_test_charts_painted, widget));
      vigil_ui_test_wait_frames (widget, 3);
    }
  while (!vigil_ui_test_charts_painted (widget));
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
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

/* The first toplevel window of @type, or %NULL */
gpointer
vigil_ui_test_find_toplevel (GType type)
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

/* The visible message dialog with @heading, or with any heading when it is %NULL */
AdwMessageDialog *
vigil_ui_test_find_dialog (const char *heading)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)) &&
          (heading == NULL ||
           g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (toplevel)), heading) == 0))
        return ADW_MESSAGE_DIALOG (toplevel);
    }
  return NULL;
}

/* The first mapped label under @root whose text contains @text, or %NULL */
GtkLabel *
vigil_ui_test_find_label (GtkWidget  *root,
                          const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root) &&
      strstr (gtk_label_get_label (GTK_LABEL (root)), text) != NULL)
    return GTK_LABEL (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = vigil_ui_test_find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A predicate for vigil_ui_test_wait_for(): a #VigilUiTestLabelWait's text is on screen */
gboolean
vigil_ui_test_label_shown (gpointer label_wait)
{
  VigilUiTestLabelWait *wait = label_wait;

  return vigil_ui_test_find_label (wait->root, wait->text) != NULL;
}

int
vigil_ui_test_minimum_width (GtkWidget *widget)
{
  int minimum = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  return minimum;
}

/* Points the XDG folders at a new temporary folder, so that a test touches nothing of the
 * user's, and keeps settings in memory. Returns the folder, for vigil_ui_test_remove_tree(). */
char *
vigil_ui_test_isolate (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp_dir = g_dir_make_tmp ("vigil-ui-XXXXXX", &error);
  static const struct
  {
    const char *variable;
    const char *folder;
  } dirs[] = {
    { "XDG_DATA_HOME", "data" },
    { "XDG_CONFIG_HOME", "config" },
    { "XDG_CACHE_HOME", "cache" },
    { "XDG_STATE_HOME", "state" },
    { "XDG_RUNTIME_DIR", "runtime" },
  };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *dir = g_build_filename (tmp_dir, dirs[i].folder, NULL);

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      g_setenv (dirs[i].variable, dir, TRUE);
    }

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  return g_steal_pointer (&tmp_dir);
}

void
vigil_ui_test_remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);

  if (dir != NULL)
    {
      const char *name;

      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          vigil_ui_test_remove_tree (child);
        }
      g_dir_close (dir);
    }
  g_remove (path);
}

/* GNOME's own title bar buttons: only Close. Call it after gtk_init(). */
void
vigil_ui_test_use_gnome_decorations (void)
{
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "appmenu:close", NULL);
}

/* The template child @name of the main window; fails the test when there is none */
gpointer
vigil_ui_test_window_child (VigilWindow *window,
                            const char  *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (window), VIGIL_TYPE_WINDOW, name);

  g_assert_nonnull (child);
  return child;
}

/* The window is open on its database, drawn with its charts painted, and no transition is
 * running */
gboolean
vigil_ui_test_window_settled (gpointer data)
{
  VigilWindow *window = data;
  GtkStack *main_stack = vigil_ui_test_window_child (window, "main_stack");
  GtkRevealer *revealer = vigil_ui_test_window_child (window, "training_revealer");

  return gtk_widget_get_mapped (GTK_WIDGET (window)) && !vigil_window_get_busy (window) &&
         !gtk_stack_get_transition_running (main_stack) &&
         gtk_revealer_get_child_revealed (revealer) == gtk_revealer_get_reveal_child (revealer) &&
         vigil_ui_test_charts_painted (window);
}

gboolean
vigil_ui_test_dashboard_loaded (gpointer data)
{
  VigilDashboardView *view = vigil_ui_test_window_child (data, "dashboard_view");

  return vigil_dashboard_view_get_dashboard (view) != NULL &&
         !vigil_dashboard_view_get_loading (view) &&
         vigil_ui_test_charts_painted (view);
}

/* Opens @file as the command line does, and returns the new window */
VigilWindow *
vigil_ui_test_open_window (GApplication *app,
                           GFile        *file)
{
  GList *before = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));
  VigilWindow *window = NULL;

  g_application_open (app, &file, 1, "");
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (VIGIL_IS_WINDOW (l->data) && g_list_find (before, l->data) == NULL)
      window = l->data;
  g_list_free (before);
  g_assert_nonnull (window);
  return window;
}

static gboolean
window_is_active (gpointer data)
{
  return gtk_window_is_active (data);
}

static void
fake_key (Display *xdisplay,
          KeySym   keysym,
          gboolean press)
{
  KeyCode keycode = XKeysymToKeycode (xdisplay, keysym);

  g_assert_cmpuint (keycode, !=, 0);
  XTestFakeKeyEvent (xdisplay, keycode, press, CurrentTime);
}

/* Presses and releases @keyval with @modifiers (Control, Shift, Alt) in the window of
 * @widget, as a person at the keyboard does: through the X server, so that the key reaches
 * the focused widget and goes up the tree through every shortcut and binding on the way.
 * The window is given the keyboard focus first. Returns once the events are queued; wait
 * for what they do. */
void
vigil_ui_test_send_key (GtkWidget       *widget,
                        guint            keyval,
                        GdkModifierType  modifiers)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GdkSurface *surface = gtk_native_get_surface (native);
  Display *xdisplay;
  static const struct
  {
    GdkModifierType mask;
    KeySym          keysym;
  } keys[] = {
    { GDK_CONTROL_MASK, XK_Control_L },
    { GDK_SHIFT_MASK, XK_Shift_L },
    { GDK_ALT_MASK, XK_Alt_L },
  };

  g_assert_true (GDK_IS_X11_SURFACE (surface));
  xdisplay = gdk_x11_display_get_xdisplay (gdk_surface_get_display (surface));

  if (GTK_IS_WINDOW (native) && !gtk_window_is_active (GTK_WINDOW (native)))
    {
      XSetInputFocus (xdisplay, gdk_x11_surface_get_xid (surface), RevertToParent, CurrentTime);
      XSync (xdisplay, False);
      g_assert_true (vigil_ui_test_wait_for (window_is_active, native));
    }

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (modifiers & keys[i].mask)
      fake_key (xdisplay, keys[i].keysym, TRUE);
  fake_key (xdisplay, keyval, TRUE);
  fake_key (xdisplay, keyval, FALSE);
  for (guint i = G_N_ELEMENTS (keys); i > 0; i--)
    if (modifiers & keys[i - 1].mask)
      fake_key (xdisplay, keys[i - 1].keysym, FALSE);
  XSync (xdisplay, False);
}

/* The widget that has the keyboard focus in the window of @widget, or %NULL */
GtkWidget *
vigil_ui_test_get_focus (GtkWidget *widget)
{
  return gtk_root_get_focus (gtk_widget_get_root (widget));
}
