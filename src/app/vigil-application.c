/* vigil-application.c: the Vigil application, its app-wide actions and windows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-application"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-accessible.h"
#include "vigil-application.h"
#include "vigil-window.h"

struct _VigilApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (VigilApplication, vigil_application, ADW_TYPE_APPLICATION)

static const struct
{
  const char *action;
  const char *accels[3];
} shortcuts[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "win.open", { "<Control>o", NULL } },
  { "win.import", { "<Control>i", NULL } },
  { "win.refresh", { "F5", "<Control>r", NULL } },
  { "win.run-checks", { "<Control><Shift>r", NULL } },
  { "win.verify", { "<Control><Shift>v", NULL } },
  { "win.new-report", { "<Control><Shift>p", NULL } },
  { "win.preferences", { "<Control>comma", NULL } },
  { "window.close", { "<Control>w", NULL } },
  { "win.show-page('dashboard')", { "<Alt>1", NULL } },
  { "win.show-page('alerts')", { "<Alt>2", NULL } },
  { "win.show-page('decisions')", { "<Alt>3", NULL } },
  { "win.show-page('reports')", { "<Alt>4", NULL } },
};

VigilApplication *
vigil_application_new (void)
{
  return g_object_new (VIGIL_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/finsecure/Vigil",
                       NULL);
}

static VigilWindow *
find_window_for_file (VigilApplication *self,
                      GFile            *file)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      GFile *shown;

      if (!VIGIL_IS_WINDOW (l->data))
        continue;

      shown = vigil_window_get_file (l->data);
      if (shown != NULL && g_file_equal (shown, file))
        return l->data;
    }

  return NULL;
}

/* $VIGIL_DB wins, as it does for vigilctl; else the database opened last, while it still
 * exists (a server's is tried again); else the default database, created on first use.
 * Returns a file's path or a server's URI. */
static char *
dup_startup_location (VigilApplication    *self,
                      VigilStoreOpenFlags *flags)
{
  if (g_getenv ("VIGIL_DB") == NULL)
    {
      g_autofree char *last = g_settings_get_string (self->settings, "last-database");

      if (vigil_store_location_is_server (last) ||
          (last[0] != '\0' && g_file_test (last, G_FILE_TEST_IS_REGULAR)))
        {
          *flags = VIGIL_STORE_OPEN_DEFAULT;
          return g_steal_pointer (&last);
        }
    }

  *flags = VIGIL_STORE_OPEN_CREATE;
  return vigil_store_default_path ();
}

static void
vigil_application_activate (GApplication *app)
{
  VigilApplication *self = VIGIL_APPLICATION (app);
  VigilStoreOpenFlags flags = VIGIL_STORE_OPEN_DEFAULT;
  g_autoptr(GFile) file = NULL;
  g_autofree char *location = NULL;
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  location = dup_startup_location (self, &flags);
  window = GTK_WINDOW (vigil_window_new (GTK_APPLICATION (app)));
  if (vigil_store_location_is_server (location))
    {
      vigil_window_open_server (VIGIL_WINDOW (window), location);
    }
  else
    {
      file = g_file_new_for_path (location);
      vigil_window_open (VIGIL_WINDOW (window), file, flags);
    }
  gtk_window_present (window);
}

/* A database named on the command line must exist: a mistyped path should say so, not
 * silently start an empty audit log. */
static void
vigil_application_open (GApplication  *app,
                        GFile        **files,
                        int            n_files,
                        const char    *hint)
{
  VigilApplication *self = VIGIL_APPLICATION (app);

  for (int i = 0; i < n_files; i++)
    {
      VigilWindow *window = find_window_for_file (self, files[i]);

      if (window == NULL)
        {
          g_autofree char *uri = g_file_get_uri (files[i]);

          window = vigil_window_new (GTK_APPLICATION (app));
          /* vigil 'postgresql://host/database?user=…' opens a window on a server */
          if (vigil_store_location_is_server (uri))
            vigil_window_open_server (window, uri);
          else
            vigil_window_open (window, files[i], VIGIL_STORE_OPEN_DEFAULT);
        }

      gtk_window_present (GTK_WINDOW (window));
    }
}

static char *
build_debug_info (VigilApplication *self)
{
  GString *info = g_string_new (NULL);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  g_string_append_printf (info, "Vigil %s (%s)\n", PACKAGE_VERSION, APPLICATION_ID);
  g_string_append_printf (info, "GLib %u.%u.%u\n",
                          glib_major_version, glib_minor_version, glib_micro_version);
  g_string_append_printf (info, "GTK %u.%u.%u\n",
                          gtk_get_major_version (), gtk_get_minor_version (),
                          gtk_get_micro_version ());
  g_string_append_printf (info, "libadwaita %u.%u.%u\n",
                          adw_get_major_version (), adw_get_minor_version (),
                          adw_get_micro_version ());

  if (VIGIL_IS_WINDOW (window))
    {
      GFile *file = vigil_window_get_file (VIGIL_WINDOW (window));
      VigilDatabase *database = vigil_window_get_database (VIGIL_WINDOW (window));

      if (file != NULL)
        {
          g_autofree char *uri = g_file_get_uri (file);
          g_string_append_printf (info, "Database: %s\n", uri);
        }

      if (database != NULL)
        g_string_append_printf (info, "Purpose: %s\n",
                                vigil_purpose_to_string (vigil_database_get_purpose (database)));
    }

  return g_string_free (info, FALSE);
}

static void
vigil_application_about (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  VigilApplication *self = VIGIL_APPLICATION (user_data);
  static const char *developers[] = { "FinSecure", NULL };
  g_autofree char *debug_info = build_debug_info (self);
  GtkWidget *about;

  about = adw_about_window_new ();
  gtk_window_set_transient_for (GTK_WINDOW (about),
                                gtk_application_get_active_window (GTK_APPLICATION (self)));
  adw_about_window_set_application_name (ADW_ABOUT_WINDOW (about), _("Vigil"));
  adw_about_window_set_application_icon (ADW_ABOUT_WINDOW (about), APPLICATION_ID);
  adw_about_window_set_developer_name (ADW_ABOUT_WINDOW (about), "FinSecure");
  adw_about_window_set_developers (ADW_ABOUT_WINDOW (about), developers);
  adw_about_window_set_version (ADW_ABOUT_WINDOW (about), PACKAGE_VERSION);
  adw_about_window_set_comments (ADW_ABOUT_WINDOW (about),
                                 _("Keep a tamper-evident audit log of the decisions your AI "
                                   "models make, watch it for anomalies and report on it."));
  adw_about_window_set_website (ADW_ABOUT_WINDOW (about), "https://github.com/finsecure/vigil");
  adw_about_window_set_issue_url (ADW_ABOUT_WINDOW (about),
                                  "https://github.com/finsecure/vigil/issues");
  adw_about_window_set_copyright (ADW_ABOUT_WINDOW (about), "© 2026 FinSecure");
  adw_about_window_set_license_type (ADW_ABOUT_WINDOW (about), GTK_LICENSE_GPL_3_0);
  /* Translators: replace this with your name, one translator a line */
  adw_about_window_set_translator_credits (ADW_ABOUT_WINDOW (about), _("translator-credits"));
  adw_about_window_set_debug_info (ADW_ABOUT_WINDOW (about), debug_info);
  adw_about_window_set_debug_info_filename (ADW_ABOUT_WINDOW (about), "vigil-debug-info.txt");

  gtk_window_present (GTK_WINDOW (about));
}

/* Closing each window, rather than quitting outright, lets every window save its state. */
static void
vigil_application_quit (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  VigilApplication *self = VIGIL_APPLICATION (user_data);
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);

  g_list_free (windows);
}

/* app.show-alerts (s): a database's location, as a notification about its new alerts names
 * it. Its window comes forward on the Alerts view; when it was closed meanwhile, the database
 * opens again. */
static void
vigil_application_show_alerts (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  VigilApplication *self = VIGIL_APPLICATION (user_data);
  const char *uri = g_variant_get_string (parameter, NULL);
  g_autoptr(GFile) file = NULL;
  VigilWindow *window;

  if (*uri == '\0')
    return;
  file = g_file_new_for_uri (uri);
  window = find_window_for_file (self, file);
  if (window == NULL)
    {
      g_application_open (G_APPLICATION (self), &file, 1, "");
      window = find_window_for_file (self, file);
    }
  if (window == NULL)
    return;

  vigil_window_show_alerts (window);
  gtk_window_present (GTK_WINDOW (window));
}

static const GActionEntry app_actions[] = {
  { .name = "about", .activate = vigil_application_about },
  { .name = "quit", .activate = vigil_application_quit },
  { .name = "show-alerts", .activate = vigil_application_show_alerts, .parameter_type = "s" },
};

static void
vigil_application_startup (GApplication *app)
{
  VigilApplication *self = VIGIL_APPLICATION (app);

  G_APPLICATION_CLASS (vigil_application_parent_class)->startup (app);
  vigil_accessible_init ();

  self->settings = g_settings_new (APPLICATION_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   self);

  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           shortcuts[i].action,
                                           shortcuts[i].accels);

  gtk_window_set_default_icon_name (APPLICATION_ID);
}

static void
vigil_application_dispose (GObject *object)
{
  VigilApplication *self = VIGIL_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (vigil_application_parent_class)->dispose (object);
}

static void
vigil_application_class_init (VigilApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = vigil_application_dispose;

  app_class->startup = vigil_application_startup;
  app_class->activate = vigil_application_activate;
  app_class->open = vigil_application_open;
}

static void
vigil_application_init (VigilApplication *self)
{
}
