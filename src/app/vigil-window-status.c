/* vigil-window-status.c: the status bar of VigilWindow: where the database is, whether it
 * is a training database, what the login may do, and the spools followed into it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vigil-summary-text.h"
#include "vigil-window-private.h"

/* The path as a person reads it: the home folder as "~". */
static char *
dup_display_path (GFile *file)
{
  g_autoptr(GFile) home = g_file_new_for_path (g_get_home_dir ());
  g_autofree char *relative = g_file_get_relative_path (home, file);
  g_autofree char *path = NULL;

  if (relative != NULL)
    return g_build_filename ("~", relative, NULL);

  path = g_file_get_path (file);
  if (path != NULL)
    return g_steal_pointer (&path);

  return g_file_get_parse_name (file);
}

/* A server's part of a URI, by libpq's rules: in the URI's parts or as a parameter */
static char *
dup_uri_part (GUri       *uri,
              const char *parameter)
{
  const char *query = g_uri_get_query (uri);
  g_auto(GStrv) params = query != NULL ? g_strsplit (query, "&", -1) : NULL;
  g_autofree char *prefix = g_strconcat (parameter, "=", NULL);

  for (guint i = 0; params != NULL && params[i] != NULL; i++)
    if (g_str_has_prefix (params[i], prefix))
      return g_uri_unescape_string (params[i] + strlen (prefix), NULL);

  if (g_str_equal (parameter, "host") && g_uri_get_host (uri) != NULL &&
      *g_uri_get_host (uri) != '\0')
    return g_uri_unescape_string (g_uri_get_host (uri), NULL);
  if (g_str_equal (parameter, "dbname") && g_uri_get_path (uri)[0] == '/' &&
      g_uri_get_path (uri)[1] != '\0')
    return g_uri_unescape_string (g_uri_get_path (uri) + 1, NULL);
  if (g_str_equal (parameter, "user") && g_uri_get_user (uri) != NULL)
    return g_uri_unescape_string (g_uri_get_user (uri), NULL);
  return NULL;
}

/* The status bar's words for a server: where, which database, and who */
static void
show_server (VigilWindow *self)
{
  g_autofree char *redacted = vigil_store_redact_uri (self->location);
  g_autoptr(GUri) uri = g_uri_parse (redacted, G_URI_FLAGS_ENCODED, NULL);
  g_autofree char *host = uri != NULL ? dup_uri_part (uri, "host") : NULL;
  g_autofree char *dbname = uri != NULL ? dup_uri_part (uri, "dbname") : NULL;
  g_autofree char *user = uri != NULL ? dup_uri_part (uri, "user") : NULL;
  g_autofree char *title = NULL;
  g_autofree char *summary = NULL;
  const char *login = NULL;

  if (self->database != NULL)
    login = vigil_store_get_identity (vigil_database_get_store (self->database));
  if (login == NULL)
    login = user != NULL ? user : g_get_user_name ();
  if (host == NULL)
    host = g_strdup (_("local server"));
  if (dbname == NULL)
    dbname = g_strdup (login);

  /* Translators: the window title, %s is the name of a database on a server */
  title = g_strdup_printf (_("%s — Vigil"), dbname);
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_view_switcher_title_set_subtitle (self->switcher_title, dbname);

  /* Translators: the status bar on a database server: its address, the database, the login */
  summary = g_strdup_printf (_("Server %s · database %s · login %s"), host, dbname, login);
  gtk_label_set_label (self->path_label, summary);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->path_label), redacted);
  gtk_image_set_from_icon_name (self->location_icon, "network-server-symbolic");
}

/* What the login may do, and whether the server is there: said in the status bar, so that
 * disabled buttons never go unexplained */
void
_vigil_window_show_access (VigilWindow *self)
{
  const char *problem = NULL;
  g_autofree char *note = NULL;
  const char *tooltip = NULL;

  if (self->database != NULL)
    problem = vigil_database_get_problem (self->database);

  if (problem != NULL)
    {
      note = g_strdup (_("Reconnecting…"));
      tooltip = problem;
    }
  else if (self->database != NULL && vigil_database_is_read_only (self->database))
    {
      note = g_strdup (_("Read-only"));
      tooltip = vigil_database_is_server (self->database)
        ? _("This login, or this server, may only read: acknowledging, reviewing, importing "
            "and changing settings are off. The database’s administrator grants more.")
        : _("The file is open read-only: acknowledging, reviewing and importing are off.");
    }
  else if (self->database != NULL &&
           !vigil_database_may (self->database, VIGIL_STORE_MAY_ACKNOWLEDGE |
                                                VIGIL_STORE_MAY_REVIEW))
    {
      note = g_strdup (_("View and verify only"));
      tooltip = _("This login may view, verify and report, but not acknowledge alerts or "
                  "review decisions. The database’s administrator grants the reviewer role.");
    }

  gtk_label_set_label (self->access_label, note);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->access_label), tooltip);
  gtk_widget_set_visible (GTK_WIDGET (self->access_label), note != NULL);
  if (problem != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->access_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->access_label), "warning");
}

static void
show_file_path (VigilWindow *self)
{
  g_autofree char *display_path = dup_display_path (self->file);
  g_autofree char *full_path = g_file_get_parse_name (self->file);
  g_autofree char *basename = g_file_get_basename (self->file);
  g_autofree char *title = NULL;

  /* Translators: the window title, %s is the file name of the database */
  title = g_strdup_printf (_("%s — Vigil"), basename);
  gtk_window_set_title (GTK_WINDOW (self), title);

  adw_view_switcher_title_set_subtitle (self->switcher_title, basename);
  gtk_label_set_label (self->path_label, display_path);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->path_label), full_path);
}

void
_vigil_window_show_file (VigilWindow *self)
{
  if (self->location != NULL)
    {
      show_server (self);
      _vigil_window_show_access (self);
      return;
    }

  gtk_image_set_from_icon_name (self->location_icon, "drive-harddisk-symbolic");
  _vigil_window_show_access (self);
  show_file_path (self);
}

void
_vigil_window_show_purpose (VigilWindow  *self,
              VigilPurpose  purpose)
{
  gboolean training = purpose == VIGIL_PURPOSE_TRAINING;

  gtk_revealer_set_reveal_child (self->training_revealer, training);

  if (training)
    {
      gtk_label_set_label (self->purpose_label, _("Training database"));
      gtk_widget_add_css_class (GTK_WIDGET (self->purpose_label), "training");
    }
  else
    {
      gtk_label_set_label (self->purpose_label, _("Production database"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->purpose_label), "training");
    }
}

/**
 * vigil_window_get_spool_watcher:
 *
 * Returns: (transfer none) (nullable): what follows the spools of Preferences into the
 *   database, while it does
 */
VigilSpoolWatcher *
vigil_window_get_spool_watcher (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);

  return self->watcher;
}

/* Why spools are not followed into the open database, or NULL when they may be */
static const char *
follow_refusal (VigilWindow *self)
{
  if (self->database == NULL)
    return NULL;
  if (vigil_database_is_read_only (self->database))
    return _("The database is open read-only: Vigil does not follow spools into it.");
  if (!vigil_database_may (self->database, VIGIL_STORE_MAY_IMPORT))
    return _("This login may not log decisions: Vigil does not follow spools into the "
             "database. Its administrator grants the ingest role.");
  return NULL;
}

/* The status bar's tooltip on the spools followed: what goes wrong, which files, and how
 * many lines were rejected */
static char *
dup_follow_tooltip (VigilWindow *self)
{
  const char *problem = vigil_spool_watcher_get_problem (self->watcher);
  GString *tooltip = g_string_new (problem);

  if (tooltip->len > 0)
    g_string_append (tooltip, "\n\n");
  g_string_append (tooltip, _("Decisions are committed from these spool files as they grow:"));
  for (const char * const *path = vigil_spool_watcher_get_paths (self->watcher); *path != NULL;
       path++)
    g_string_append_printf (tooltip, "\n%s", *path);
  if (vigil_spool_watcher_get_rejected (self->watcher) > 0)
    {
      gint64 rejected = vigil_spool_watcher_get_rejected (self->watcher);
      g_autofree char *count = vigil_summary_text_format_count (rejected);

      g_string_append (tooltip, "\n\n");
      /* Translators: the status bar's tooltip; SPOOL.rejected stays as it is */
      g_string_append_printf (tooltip, g_dngettext (GETTEXT_PACKAGE,
                                                    "%s line was rejected and written to "
                                                    "SPOOL.rejected beside its spool.",
                                                    "%s lines were rejected and written to "
                                                    "SPOOL.rejected beside their spool.",
                                                    (gulong) rejected),
                              count);
    }

  return g_string_free (tooltip, FALSE);
}

/* Spools that are to be followed into a database that takes none: why, in the status bar */
static void
show_follow_refused (VigilWindow *self)
{
  GtkWidget *label = GTK_WIDGET (self->follow_label);
  const char *refusal = follow_refusal (self);
  g_auto(GStrv) paths = g_settings_get_strv (self->settings, "follow-spools");

  gtk_widget_set_visible (label, refusal != NULL && paths[0] != NULL &&
                          g_settings_get_boolean (self->settings, "follow-spools-enabled"));
  /* Translators: the status bar, when spools are to be followed but cannot be */
  gtk_label_set_label (self->follow_label, _("Spools not followed"));
  gtk_widget_set_tooltip_text (label, refusal);
  gtk_widget_remove_css_class (label, "warning");
}

/* The status bar: how many spools are followed, what came last, and what goes wrong */
static void
show_follow (VigilWindow *self)
{
  GtkWidget *label = GTK_WIDGET (self->follow_label);
  g_autoptr(GString) text = NULL;
  g_autofree char *tooltip = NULL;
  const char *problem = NULL;
  guint n;

  if (self->watcher == NULL)
    {
      show_follow_refused (self);
      return;
    }

  n = vigil_spool_watcher_get_n_spools (self->watcher);
  problem = vigil_spool_watcher_get_problem (self->watcher);
  text = g_string_new (NULL);
  /* Translators: the status bar: how many spool files Vigil follows into the database */
  g_string_printf (text, g_dngettext (GETTEXT_PACKAGE, "Following %u spool",
                                      "Following %u spools", n), n);
  if (problem != NULL)
    {
      g_string_append (text, " · ");
      /* Translators: the status bar, after "Following 2 spools": one cannot be read */
      g_string_append (text, _("Problem"));
    }
  else if (vigil_spool_watcher_get_last_imported (self->watcher) > 0 &&
           self->last_import_time != NULL)
    {
      gint64 last = vigil_spool_watcher_get_last_imported (self->watcher);
      g_autofree char *count = vigil_summary_text_format_count (last);

      g_string_append (text, " · ");
      /* Translators: the status bar: how many decisions the last import from a spool
       * brought, and when (hours and minutes) */
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%s decision at %s",
                                                 "%s decisions at %s",
                                                 (gulong) last),
                              count, self->last_import_time);
    }

  tooltip = dup_follow_tooltip (self);
  gtk_label_set_label (self->follow_label, text->str);
  gtk_widget_set_tooltip_text (label, tooltip);
  if (problem != NULL)
    gtk_widget_add_css_class (label, "warning");
  else
    gtk_widget_remove_css_class (label, "warning");
  gtk_widget_set_visible (label, TRUE);
}

static void
watcher_imported_cb (VigilWindow *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_free (self->last_import_time);
  self->last_import_time = g_date_time_format (now, "%H:%M");
  show_follow (self);
}

/* A problem is told once, when it appears; the status bar keeps showing it. */
static void
watcher_problem_cb (VigilWindow *self)
{
  const char *problem = vigil_spool_watcher_get_problem (self->watcher);

  if (problem != NULL && g_strcmp0 (problem, self->follow_problem) != 0)
    vigil_window_toast (self, problem);
  g_free (self->follow_problem);
  self->follow_problem = g_strdup (problem);
  show_follow (self);
}

/* The application is held until a stopped watcher has committed what it read, so that
 * closing the last window does not cut a commit short. */
static void
stopped_watcher_cb (VigilSpoolWatcher *watcher,
                    GParamSpec        *pspec,
                    gpointer           app)
{
  if (vigil_spool_watcher_get_running (watcher))
    return;

  g_signal_handlers_disconnect_by_func (watcher, stopped_watcher_cb, app);
  g_application_release (app);
  g_object_unref (app);
  g_object_unref (watcher);
}

void
_vigil_window_stop_follow (VigilWindow *self)
{
  g_autoptr(VigilSpoolWatcher) watcher = g_steal_pointer (&self->watcher);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (watcher == NULL)
    return;

  g_signal_handlers_disconnect_by_data (watcher, self);
  vigil_spool_watcher_stop (watcher);
  g_clear_pointer (&self->follow_problem, g_free);
  g_clear_pointer (&self->last_import_time, g_free);
  if (!vigil_spool_watcher_get_running (watcher))
    return;

  g_set_weak_pointer (&self->stopping_watcher, watcher);
  if (app != NULL)
    {
      g_application_hold (G_APPLICATION (app));
      g_signal_connect (g_object_ref (watcher), "notify::running",
                        G_CALLBACK (stopped_watcher_cb), g_object_ref (app));
    }
  /* Spools followed into this database again once the last follow has let go of them */
  g_signal_connect_object (watcher, "notify::running", G_CALLBACK (_vigil_window_update_follow), self,
                           G_CONNECT_SWAPPED);
}

/* Follows the spools of Preferences into the open database, when they are switched on and the
 * database takes decisions; a change of either starts over. */
void
_vigil_window_update_follow (VigilWindow *self)
{
  g_auto(GStrv) paths = NULL;
  gboolean wanted;

  if (self->settings == NULL || !_vigil_window_has_setting (self, "follow-spools"))
    return;

  paths = g_settings_get_strv (self->settings, "follow-spools");
  wanted = g_settings_get_boolean (self->settings, "follow-spools-enabled") && paths[0] != NULL &&
           self->database != NULL && follow_refusal (self) == NULL;

  if (self->watcher != NULL &&
      (!wanted || vigil_spool_watcher_get_database (self->watcher) != self->database ||
       !g_strv_equal ((const char * const *) paths,
                      vigil_spool_watcher_get_paths (self->watcher))))
    _vigil_window_stop_follow (self);

  /* Two followers of one spool into one database (the same file opened again, too) would
   * refuse each other's offsets: the new one waits for the old one to let go */
  if (wanted && self->watcher == NULL &&
      (self->stopping_watcher == NULL ||
       !vigil_spool_watcher_get_running (self->stopping_watcher) ||
       g_strcmp0 (vigil_database_get_path (vigil_spool_watcher_get_database (self->stopping_watcher)),
                  vigil_database_get_path (self->database)) != 0))
    {
      g_autoptr(GError) error = NULL;

      self->watcher = vigil_spool_watcher_new (self->database, (const char * const *) paths);
      g_signal_connect_object (self->watcher, "notify::imported",
                               G_CALLBACK (watcher_imported_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->watcher, "notify::rejected",
                               G_CALLBACK (show_follow), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->watcher, "notify::problem",
                               G_CALLBACK (watcher_problem_cb), self, G_CONNECT_SWAPPED);
      if (!vigil_spool_watcher_start (self->watcher, &error))
        {
          g_clear_object (&self->watcher);
          vigil_window_toast (self, error->message);
        }
    }

  show_follow (self);
}

void
_vigil_window_status_init (VigilWindow *self)
{
  g_signal_connect_swapped (self->settings, "changed::follow-spools",
                            G_CALLBACK (_vigil_window_update_follow), self);
  g_signal_connect_swapped (self->settings, "changed::follow-spools-enabled",
                            G_CALLBACK (_vigil_window_update_follow), self);
}
