/* vigil-window.c: a window on one Vigil database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-window"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n.h>

#include "vigil-alert-notice.h"
#include "vigil-alerts-view.h"
#include "vigil-connect-dialog.h"
#include "vigil-dashboard-view.h"
#include "vigil-decisions-view.h"
#include "vigil-detector.h"
#include "vigil-importer.h"
#include "vigil-job-bar.h"
#include "vigil-keyring.h"
#include "vigil-preferences-window.h"
#include "vigil-reports-view.h"
#include "vigil-scenario.h"
#include "vigil-simulation-wizard.h"
#include "vigil-simulator.h"
#include "vigil-summary-text.h"
#include "vigil-window.h"

struct _VigilWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  GCancellable         *cancellable;
  GCancellable         *models_cancellable;
  GFile                *file;
  char                 *location;        /* a server's URI, with any password; NULL for a file */
  char                 *password_to_keep; /* for the keyring, once the server took it */
  VigilDatabase        *database;
  VigilJob             *job;
  VigilSpoolWatcher    *watcher;         /* following the spools of Preferences */
  VigilSpoolWatcher    *stopping_watcher; /* weak: stopped, still committing */
  char                 *follow_problem;  /* the problem last told in a toast */
  char                 *last_import_time;
  GPtrArray            *model_names;     /* the dropdown's models, after "All Models" */
  char                 *model_name;      /* the chosen model, NULL for all */
  VigilPeriod           period;
  gint64                n_decisions;
  guint                 check_timer;
  guint                 fit_labels_source;
  int                   fitted_width;    /* the width the header was fitted to */
  GPtrArray            *button_labels;   /* the dropdowns' own labels, not owned */
  gulong                changed_id;
  gulong                connected_id;
  guint                 busy : 1;
  guint                 updating_models : 1;
  guint                 updating_decisions : 1;
  guint                 decisions_scope_pending : 1;

  AdwViewSwitcherTitle *switcher_title;
  GtkDropDown          *model_dropdown;
  GtkDropDown          *period_dropdown;
  GtkButton            *refresh_button;
  GtkStringList        *model_list;
  GtkStringList        *period_list;
  GtkRevealer          *training_revealer;
  VigilJobBar          *job_bar;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  GtkSpinner           *spinner;
  AdwStatusPage        *error_page;
  AdwViewStack         *view_stack;
  AdwViewSwitcherBar   *switcher_bar;
  GtkStack             *dashboard_stack;
  AdwStatusPage        *empty_page;
  VigilDashboardView   *dashboard_view;
  VigilDecisionsView   *decisions_view;
  VigilAlertsView      *alerts_view;
  VigilReportsView     *reports_view;
  GtkImage             *location_icon;
  GtkLabel             *path_label;
  GtkLabel             *access_label;
  GtkLabel             *follow_label;
  GtkLabel             *purpose_label;
};

G_DEFINE_FINAL_TYPE (VigilWindow, vigil_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_FILE,
  PROP_DATABASE,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The period dropdown's fixed choices, as the period-days setting stores them: the last N
 * complete days, or 0 for today so far; the last item is the custom range. */
static const guint period_presets[] = { 7, 30, 90, 0 };
#define PERIOD_CUSTOM G_N_ELEMENTS (period_presets)

typedef struct
{
  GFile               *file;
  char                *location;    /* a server's URI instead of the file */
  VigilStoreOpenFlags  flags;
  VigilPurpose         purpose;     /* for a new database */
} OpenRequest;

typedef struct
{
  VigilStore   *store;
  char         *location;           /* the server's URI it opened with, keyring password too */
  VigilPurpose  purpose;
  gint64        n_decisions;
  guint         n_models;
} OpenResult;

static void update_scope (VigilWindow *self,
                          gboolean     decisions_too);
static void show_access (VigilWindow *self);
static void keyring_stored_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data);
static void show_file_path (VigilWindow *self);
static void update_follow (VigilWindow *self);
static void load_models (VigilWindow *self);
static void vigil_window_size_allocate (GtkWidget *widget,
                                        int        width,
                                        int        height,
                                        int        baseline);

static void
open_request_free (OpenRequest *request)
{
  g_clear_object (&request->file);
  g_free (request->location);
  g_free (request);
}

static void
open_result_free (OpenResult *result)
{
  g_clear_object (&result->store);
  g_free (result->location);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpenResult, open_result_free)

VigilWindow *
vigil_window_new (GtkApplication *application)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);

  return g_object_new (VIGIL_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * vigil_window_get_file:
 * @self: a #VigilWindow
 *
 * Returns: (transfer none) (nullable): the database file shown, or being opened
 */
GFile *
vigil_window_get_file (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);

  return self->file;
}

/**
 * vigil_window_get_database:
 * @self: a #VigilWindow
 *
 * Returns: (transfer none) (nullable): the open database, or %NULL while opening or after
 *   the database could not be opened
 */
VigilDatabase *
vigil_window_get_database (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);

  return self->database;
}

/**
 * vigil_window_get_busy:
 * @self: a #VigilWindow
 *
 * Returns: %TRUE while the database is being opened
 */
gboolean
vigil_window_get_busy (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), FALSE);

  return self->busy;
}

/**
 * vigil_window_get_job:
 *
 * Returns: (transfer none) (nullable): the long job running or run last
 */
VigilJob *
vigil_window_get_job (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);

  return self->job;
}

/**
 * vigil_window_get_dashboard_view:
 *
 * Returns: (transfer none): the dashboard
 */
VigilDashboardView *
vigil_window_get_dashboard_view (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);

  return self->dashboard_view;
}

void
vigil_window_toast (VigilWindow *self,
                    const char  *message)
{
  AdwToast *toast;

  g_return_if_fail (VIGIL_IS_WINDOW (self));

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
set_busy (VigilWindow *self,
          gboolean     busy)
{
  busy = !!busy;
  if (self->busy == busy)
    return;

  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
update_actions (VigilWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean open = self->database != NULL;
  gboolean writable = open && vigil_database_may (self->database, VIGIL_STORE_MAY_IMPORT);
  gboolean idle = self->job == NULL || !vigil_job_get_running (self->job);

  gtk_widget_action_set_enabled (widget, "win.refresh", open);
  gtk_widget_action_set_enabled (widget, "win.import", writable && idle);
  gtk_widget_action_set_enabled (widget, "win.run-checks", writable && idle &&
                                 self->n_decisions > 0);
  gtk_widget_action_set_enabled (widget, "win.verify", open && idle);
  gtk_widget_action_set_enabled (widget, "win.simulate", idle);
  gtk_widget_action_set_enabled (widget, "win.new-training", idle);
  gtk_widget_action_set_enabled (widget, "win.open", idle);
  gtk_widget_action_set_enabled (widget, "win.connect", idle);
  gtk_widget_action_set_enabled (widget, "win.preferences", open);
  gtk_widget_action_set_enabled (widget, "win.new-report", open);
  gtk_widget_set_sensitive (GTK_WIDGET (self->model_dropdown), open);
  gtk_widget_set_sensitive (GTK_WIDGET (self->period_dropdown), open);
}

static void
database_changed_cb (VigilWindow *self)
{
  load_models (self);
}

static void
set_database (VigilWindow   *self,
              VigilDatabase *database)
{
  if (self->database == database)
    return;

  g_clear_signal_handler (&self->changed_id, self->database);
  g_clear_signal_handler (&self->connected_id, self->database);
  g_set_object (&self->database, database);
  if (database != NULL)
    {
      self->changed_id = g_signal_connect_object (database, "changed",
                                                  G_CALLBACK (database_changed_cb), self,
                                                  G_CONNECT_SWAPPED);
      self->connected_id = g_signal_connect_object (database, "notify::connected",
                                                    G_CALLBACK (show_access), self,
                                                    G_CONNECT_SWAPPED);
    }

  vigil_dashboard_view_set_database (self->dashboard_view, database);
  vigil_decisions_view_set_database (self->decisions_view, database);
  vigil_alerts_view_set_database (self->alerts_view, database);
  vigil_reports_view_set_database (self->reports_view, database);
  update_actions (self);
  update_follow (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATABASE]);
}

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

static void
show_content (VigilWindow *self,
              const char  *name)
{
  gboolean content = g_str_equal (name, "content");

  gtk_stack_set_visible_child_name (self->main_stack, name);
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, content);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-page", content);
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
static void
show_access (VigilWindow *self)
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
show_file (VigilWindow *self)
{
  if (self->location != NULL)
    {
      show_server (self);
      show_access (self);
      return;
    }

  gtk_image_set_from_icon_name (self->location_icon, "drive-harddisk-symbolic");
  show_access (self);
  show_file_path (self);
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

static void
show_purpose (VigilWindow  *self,
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

/* How to fill an empty database: the buttons, and the command line for a script. */
static char *
describe_empty (VigilWindow *self)
{
  g_autofree char *path = self->location != NULL ? vigil_store_redact_uri (self->location)
                                                 : g_file_get_path (self->file);
  g_autofree char *default_path = vigil_store_default_path ();
  g_autofree char *command = NULL;
  g_autofree char *escaped = NULL;

  if (path == NULL || g_strcmp0 (path, default_path) == 0)
    {
      command = g_strdup ("vigilctl import decisions.jsonl");
    }
  else
    {
      g_autofree char *quoted = g_shell_quote (path);
      command = g_strdup_printf ("vigilctl --db %s import decisions.jsonl", quoted);
    }

  escaped = g_markup_escape_text (command, -1);

  /* Translators: %s is a command line; keep it as it is */
  return g_strdup_printf (_("The decisions of your models appear here once they are logged. "
                            "Import a file of decisions, one JSON object a line, or run "
                            "a simulation to see what an incident looks like. From a "
                            "terminal or a script:\n\n<tt>%s</tt>"),
                          escaped);
}

static void
show_dashboard_or_empty (VigilWindow *self)
{
  if (self->n_decisions == 0)
    {
      g_autofree char *description = describe_empty (self);

      adw_status_page_set_description (self->empty_page, description);
      gtk_stack_set_visible_child (self->dashboard_stack, GTK_WIDGET (self->empty_page));
    }
  else
    {
      gtk_stack_set_visible_child (self->dashboard_stack, GTK_WIDGET (self->dashboard_view));
    }
}

static void
show_error (VigilWindow  *self,
            const GError *error)
{
  g_autofree char *escaped = g_markup_escape_text (error->message, -1);

  adw_status_page_set_description (self->error_page, escaped);
  gtk_label_set_label (self->purpose_label, NULL);
  show_content (self, "error");
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenRequest *request = task_data;
  g_autoptr(OpenResult) result = g_new0 (OpenResult, 1);
  g_autoptr(GListModel) models = NULL;
  g_autofree char *path = request->location != NULL ? g_strdup (request->location)
                                                    : g_file_get_path (request->file);
  GError *error = NULL;

  if (path == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (request->file);

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("“%s” is not a file on this computer. "
                                 "Vigil opens databases in local folders only."),
                               name);
      return;
    }

  result->store = vigil_store_open (path, request->flags, &error);

  /* A server that asks for a password the URI does not give: the one the user asked the
   * keyring to remember, if any */
  if (result->store == NULL && request->location != NULL &&
      g_error_matches (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_DENIED) &&
      !vigil_store_uri_has_password (request->location))
    {
      g_autoptr(GError) keyring_error = NULL;
      g_autofree char *password = vigil_keyring_lookup (request->location, cancellable,
                                                        &keyring_error);

      if (keyring_error != NULL)
        g_debug ("The keyring could not be asked for a password: %s", keyring_error->message);
      if (password != NULL)
        {
          g_clear_pointer (&path, g_free);
          path = vigil_store_uri_with_password (request->location, password);
          g_clear_error (&error);
          result->store = vigil_store_open (path, request->flags, &error);
        }
    }
  if (result->store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (request->location != NULL)
    result->location = g_strdup (path);

  if ((request->flags & VIGIL_STORE_OPEN_CREATE) &&
      request->purpose == VIGIL_PURPOSE_TRAINING &&
      vigil_store_get_purpose (result->store) != VIGIL_PURPOSE_TRAINING &&
      !vigil_store_set_purpose (result->store, VIGIL_PURPOSE_TRAINING, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  models = vigil_store_list_models (result->store, &error);
  if (models == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  result->purpose = vigil_store_get_purpose (result->store);
  result->n_models = g_list_model_get_n_items (models);

  for (guint i = 0; i < result->n_models; i++)
    {
      g_autoptr(VigilModelInfo) info = g_list_model_get_item (models, i);

      result->n_decisions += vigil_model_info_get_decision_count (info);
    }

  g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) open_result_free);
}

static void
open_cb (GObject      *object,
         GAsyncResult *res,
         gpointer      user_data)
{
  VigilWindow *self = VIGIL_WINDOW (object);
  g_autoptr(OpenResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = g_task_propagate_pointer (G_TASK (res), &error);

  /* Another database was asked for meanwhile, or the window is gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (result == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (self->file);

      g_clear_pointer (&self->password_to_keep, g_free);
      g_debug ("Cannot open %s: %s", name, error->message);
      show_error (self, error);
    }
  else
    {
      g_autoptr(VigilDatabase) database = vigil_database_new (result->store);
      g_autofree char *path = self->location != NULL ? vigil_store_redact_uri (self->location)
                                                     : g_file_get_path (self->file);

      if (result->location != NULL)
        {
          g_free (self->location);
          self->location = g_steal_pointer (&result->location);
        }
      /* The server took the password: now it is worth keeping */
      if (self->password_to_keep != NULL && self->location != NULL)
        {
          g_autofree char *password = g_steal_pointer (&self->password_to_keep);

          vigil_keyring_store_async (path, password, NULL, keyring_stored_cb,
                                     g_object_ref (self));
        }
      self->n_decisions = result->n_decisions;
      show_purpose (self, result->purpose);
      set_database (self, database);
      vigil_database_watch (database);
      show_file (self);
      update_scope (self, TRUE);
      load_models (self);
      show_dashboard_or_empty (self);
      show_content (self, "content");
      g_settings_set_string (self->settings, "last-database", path);
    }

  set_busy (self, FALSE);
}

static void
open_location (VigilWindow         *self,
               GFile               *file,
               const char          *location,
               VigilStoreOpenFlags  flags,
               VigilPurpose         purpose)
{
  g_autoptr(GTask) task = NULL;
  OpenRequest *request;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (g_set_object (&self->file, file))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
  if (location != self->location)
    {
      g_free (self->location);
      self->location = g_strdup (location);
    }

  set_database (self, NULL);
  set_busy (self, TRUE);

  show_file (self);
  show_purpose (self, VIGIL_PURPOSE_PRODUCTION);
  gtk_label_set_label (self->purpose_label, NULL);
  show_content (self, "loading");

  request = g_new0 (OpenRequest, 1);
  request->file = g_object_ref (file);
  request->location = g_strdup (location);
  request->flags = flags;
  request->purpose = purpose;

  task = g_task_new (self, self->cancellable, open_cb, NULL);
  g_task_set_source_tag (task, vigil_window_open);
  g_task_set_task_data (task, request, (GDestroyNotify) open_request_free);
  g_task_run_in_thread (task, open_thread);
}

/**
 * vigil_window_open:
 * @self: a #VigilWindow
 * @file: the database file
 * @flags: how to open it; %VIGIL_STORE_OPEN_CREATE creates a missing database
 *
 * Opens the database in a worker thread and shows it when it is open, or why it cannot
 * be opened. A database being opened in this window meanwhile is forgotten.
 */
void
vigil_window_open (VigilWindow         *self,
                   GFile               *file,
                   VigilStoreOpenFlags  flags)
{
  g_return_if_fail (VIGIL_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  open_location (self, file, NULL, flags, VIGIL_PURPOSE_PRODUCTION);
}

/**
 * vigil_window_open_server:
 * @self: a #VigilWindow
 * @uri: a PostgreSQL connection URI, with or without a password
 *
 * Connects to a database on a server in a worker thread, as vigil_window_open() opens a
 * file; when the server asks for a password that @uri does not give, the one kept in the
 * keyring for @uri is tried.
 */
void
vigil_window_open_server (VigilWindow *self,
                          const char  *uri)
{
  g_autofree char *redacted = NULL;
  g_autoptr(GFile) file = NULL;

  g_return_if_fail (VIGIL_IS_WINDOW (self));
  g_return_if_fail (vigil_store_location_is_server (uri));

  redacted = vigil_store_redact_uri (uri);
  file = g_file_new_for_uri (redacted);
  open_location (self, file, uri, VIGIL_STORE_OPEN_DEFAULT, VIGIL_PURPOSE_PRODUCTION);
}

/* Models */

static void
select_model_in_dropdown (VigilWindow *self)
{
  guint position = 0;

  if (self->model_name != NULL)
    for (guint i = 0; i < self->model_names->len; i++)
      if (g_str_equal (g_ptr_array_index (self->model_names, i), self->model_name))
        position = i + 1;

  self->updating_models = TRUE;
  gtk_drop_down_set_selected (self->model_dropdown, position);
  self->updating_models = FALSE;
}

static void
models_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  VigilWindow *self = user_data;
  g_autoptr(GListModel) models = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *all = NULL;
  g_autofree char *total = NULL;
  gboolean model_found = FALSE;
  guint n;

  models = vigil_database_run_finish (VIGIL_DATABASE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (models == NULL)
    {
      vigil_window_toast (self, error->message);
      return;
    }

  n = g_list_model_get_n_items (models);
  g_ptr_array_set_size (self->model_names, 0);
  self->n_decisions = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VigilModelInfo) info = g_list_model_get_item (models, i);
      const char *name = vigil_model_info_get_name (info);
      g_autofree char *count = vigil_summary_text_format_count (vigil_model_info_get_decision_count (info));

      self->n_decisions += vigil_model_info_get_decision_count (info);
      g_ptr_array_add (self->model_names, g_strdup (name));
      /* Translators: a model in the model selector, with its number of decisions */
      g_ptr_array_add (labels, g_strdup_printf (_("%s (%s)"), name, count));
      model_found |= g_strcmp0 (name, self->model_name) == 0;
    }

  total = vigil_summary_text_format_count (self->n_decisions);
  /* Translators: the first item of the model selector, with the number of decisions */
  all = g_strdup_printf (_("All Models (%s)"), total);
  g_ptr_array_insert (labels, 0, g_steal_pointer (&all));
  g_ptr_array_add (labels, NULL);

  self->updating_models = TRUE;
  gtk_string_list_splice (self->model_list, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->model_list)),
                          (const char * const *) labels->pdata);
  self->updating_models = FALSE;

  /* A model that is gone (another database) falls back to all models. */
  if (!model_found && self->model_name != NULL)
    {
      g_clear_pointer (&self->model_name, g_free);
      update_scope (self, TRUE);
    }
  select_model_in_dropdown (self);
  show_dashboard_or_empty (self);
  update_actions (self);
}

static gpointer
list_models_func (VigilStore    *store,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  return vigil_store_list_models (store, error);
}

static void
load_models (VigilWindow *self)
{
  g_cancellable_cancel (self->models_cancellable);
  g_clear_object (&self->models_cancellable);

  if (self->database == NULL)
    return;

  self->models_cancellable = g_cancellable_new ();
  vigil_database_run_async (self->database, VIGIL_DATABASE_READ, list_models_func, NULL, NULL,
                            g_object_unref, self->models_cancellable, models_loaded_cb, self);
}

static void
model_selected_cb (VigilWindow *self)
{
  guint position = gtk_drop_down_get_selected (self->model_dropdown);
  const char *name = NULL;

  if (self->updating_models)
    return;

  if (position != GTK_INVALID_LIST_POSITION && position > 0 &&
      position <= self->model_names->len)
    name = g_ptr_array_index (self->model_names, position - 1);

  if (g_strcmp0 (name, self->model_name) == 0)
    return;

  g_free (self->model_name);
  self->model_name = g_strdup (name);
  g_settings_set_string (self->settings, "last-model", name != NULL ? name : "");
  update_scope (self, TRUE);
}

/**
 * vigil_window_select_model:
 * @model_name: (nullable): a model, or %NULL for all models
 *
 * Shows @model_name in every view, as the model selector does.
 */
void
vigil_window_select_model (VigilWindow *self,
                           const char  *model_name)
{
  g_return_if_fail (VIGIL_IS_WINDOW (self));

  if (g_strcmp0 (model_name, self->model_name) == 0)
    return;

  g_free (self->model_name);
  self->model_name = g_strdup (model_name);
  select_model_in_dropdown (self);
  update_scope (self, TRUE);
}

const char *
vigil_window_get_model (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);

  return self->model_name;
}

/* Periods */

/* "Last 7 days" is the 7 complete UTC days up to yesterday, the days the checks count in;
 * today, which is not over, is a choice of its own. */
static void
period_for_preset (guint        n_days,
                   VigilPeriod *period)
{
  gboolean ok = n_days == 0 ? vigil_period_init_today_so_far (period, NULL, NULL)
                            : vigil_period_init_complete_days (period, NULL, n_days, NULL);

  if (!ok)
    g_return_if_reached ();
}

/* Every view shows the chosen model and period; the Decisions view keeps a narrower filter
 * (a day of a chart, an alert's window) while that filter changes the model. */
static void
update_scope (VigilWindow *self,
              gboolean     decisions_too)
{
  char from[VIGIL_TIMESTAMP_LEN], to[VIGIL_TIMESTAMP_LEN];

  vigil_period_get_bounds (&self->period, from, to);
  vigil_dashboard_view_set_scope (self->dashboard_view, self->model_name, &self->period);
  vigil_alerts_view_set_model_name (self->alerts_view, self->model_name);
  vigil_alerts_view_set_from (self->alerts_view, from);
  vigil_alerts_view_set_to (self->alerts_view, to);
  vigil_reports_view_set_model_name (self->reports_view, self->model_name);
  vigil_reports_view_set_period (self->reports_view, &self->period);

  if (!decisions_too)
    return;

  /* Millions of rows are not counted again for a page nobody looks at: the Decisions view
   * follows the header when it is shown. */
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "decisions") != 0 &&
      self->database != NULL)
    {
      self->decisions_scope_pending = TRUE;
      return;
    }

  self->decisions_scope_pending = FALSE;
  self->updating_decisions = TRUE;
  vigil_decisions_view_show (self->decisions_view, self->model_name, from, to, FALSE);
  self->updating_decisions = FALSE;
}

static void
visible_page_changed_cb (VigilWindow *self)
{
  if (self->decisions_scope_pending)
    update_scope (self, TRUE);
}

static void
decisions_model_changed_cb (VigilWindow *self)
{
  const char *model_name = vigil_decisions_view_get_model_name (self->decisions_view);

  if (self->updating_decisions || g_strcmp0 (model_name, self->model_name) == 0)
    return;

  g_free (self->model_name);
  self->model_name = g_strdup (model_name);
  select_model_in_dropdown (self);
  update_scope (self, FALSE);
}

/* The reviewer named in Preferences, or else the user's real name. */
static char *
dup_reviewer (VigilWindow *self)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autofree char *name = NULL;

  g_object_get (self->settings, "settings-schema", &schema, NULL);
  if (schema != NULL && g_settings_schema_has_key (schema, "reviewer-name"))
    name = g_settings_get_string (self->settings, "reviewer-name");
  if (name != NULL && g_strstrip (name)[0] != '\0')
    return g_steal_pointer (&name);
  if (g_strcmp0 (g_get_real_name (), "Unknown") != 0 && g_get_real_name ()[0] != '\0')
    return g_strdup (g_get_real_name ());
  return g_strdup (g_get_user_name ());
}

static void
reviewer_changed_cb (VigilWindow *self)
{
  g_autofree char *reviewer = dup_reviewer (self);

  vigil_decisions_view_set_reviewer (self->decisions_view, reviewer);
  vigil_alerts_view_set_reviewer (self->alerts_view, reviewer);
  vigil_reports_view_set_reviewer (self->reports_view, reviewer);
}

static void
set_period_label (VigilWindow *self,
                  guint        position)
{
  g_autofree char *custom = NULL;
  const char *labels[] = { NULL, NULL };

  if (position == PERIOD_CUSTOM)
    {
      custom = vigil_period_describe (&self->period);
      labels[0] = custom;
    }
  else
    {
      labels[0] = _("Custom Range…");
    }

  self->updating_models = TRUE;
  gtk_string_list_splice (self->period_list, PERIOD_CUSTOM, 1, labels);
  gtk_drop_down_set_selected (self->period_dropdown, position);
  self->updating_models = FALSE;
}

/**
 * vigil_window_set_period:
 * @period: the days every view shows
 */
void
vigil_window_set_period (VigilWindow       *self,
                         const VigilPeriod *period)
{
  guint position = PERIOD_CUSTOM;

  g_return_if_fail (VIGIL_IS_WINDOW (self));

  self->period = *period;

  for (guint i = 0; i < G_N_ELEMENTS (period_presets) && position == PERIOD_CUSTOM; i++)
    {
      VigilPeriod preset;

      period_for_preset (period_presets[i], &preset);
      if (vigil_period_equal (&preset, period))
        position = i;
    }

  set_period_label (self, position);
  update_scope (self, TRUE);
}

const VigilPeriod *
vigil_window_get_period (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);

  return &self->period;
}

static void
custom_period_response_cb (AdwMessageDialog *dialog,
                           const char       *response,
                           VigilWindow      *self)
{
  GtkEntry *from = g_object_get_data (G_OBJECT (dialog), "from");
  GtkEntry *to = g_object_get_data (G_OBJECT (dialog), "to");
  g_autoptr(GError) error = NULL;
  VigilPeriod period;

  if (g_str_equal (response, "apply") &&
      vigil_period_init_range (&period, gtk_editable_get_text (GTK_EDITABLE (from)),
                               gtk_editable_get_text (GTK_EDITABLE (to)), &error))
    {
      vigil_window_set_period (self, &period);
      return;
    }

  if (error != NULL)
    vigil_window_toast (self, error->message);
  vigil_window_set_period (self, &self->period);
}

static GtkWidget *
make_day_entry (const char *label,
                const char *day)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_editable_set_text (GTK_EDITABLE (entry), day);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), "YYYY-MM-DD");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_DIGITS);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  return entry;
}

static void
choose_custom_period (VigilWindow *self)
{
  GtkWidget *dialog, *grid, *from, *to, *label;
  char last[VIGIL_DAY_LEN];

  vigil_period_get_last_day (&self->period, last);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Custom Period"),
                                   _("The first and the last day to show, both included, "
                                     "as YYYY-MM-DD in UTC."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "apply", _("_Show"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "apply",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "apply");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  from = make_day_entry (_("First day"), self->period.first_day);
  to = make_day_entry (_("Last day"), last);
  label = gtk_label_new_with_mnemonic (_("_From"));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), from);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_grid_attach (GTK_GRID (grid), label, 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), from, 1, 0, 1, 1);
  label = gtk_label_new_with_mnemonic (_("_To"));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), to);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_grid_attach (GTK_GRID (grid), label, 0, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), to, 1, 1, 1, 1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), grid);

  g_object_set_data (G_OBJECT (dialog), "from", from);
  g_object_set_data (G_OBJECT (dialog), "to", to);
  g_signal_connect_object (dialog, "response", G_CALLBACK (custom_period_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
period_selected_cb (VigilWindow *self)
{
  guint position = gtk_drop_down_get_selected (self->period_dropdown);
  VigilPeriod period;

  if (self->updating_models || position == GTK_INVALID_LIST_POSITION)
    return;

  if (position == PERIOD_CUSTOM)
    {
      choose_custom_period (self);
      return;
    }

  g_settings_set_int (self->settings, "period-days", (int) period_presets[position]);
  period_for_preset (period_presets[position], &period);
  vigil_window_set_period (self, &period);
}

/* Long jobs */

static void
job_running_cb (VigilWindow *self)
{
  update_actions (self);
}

static gboolean
start_job (VigilWindow         *self,
           const char          *title,
           VigilJobFunc         func,
           gpointer             data,
           GDestroyNotify       data_free,
           GDestroyNotify       result_free,
           GAsyncReadyCallback  callback)
{
  if (self->job != NULL && vigil_job_get_running (self->job))
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the title of a long job, such as "Verifying the ledger" */
      message = g_strdup_printf (_("Wait until “%s” has finished."), vigil_job_get_title (self->job));
      vigil_window_toast (self, message);
      if (data_free != NULL)
        data_free (data);
      return FALSE;
    }

  if (self->job != NULL)
    g_signal_handlers_disconnect_by_func (self->job, job_running_cb, self);
  g_clear_object (&self->job);
  self->job = vigil_job_new (title);
  g_signal_connect_swapped (self->job, "notify::running", G_CALLBACK (job_running_cb), self);
  vigil_job_bar_set_job (self->job_bar, self->job);
  vigil_job_run_async (self->job, func, data, data_free, result_free, callback,
                       g_object_ref (self));
  update_actions (self);
  return TRUE;
}

static void
show_job_error (VigilWindow  *self,
                const char   *heading,
                const GError *error)
{
  GtkWidget *dialog;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      vigil_window_toast (self, _("Cancelled. Everything committed before is kept."));
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Verify */

static void
verify_progress_cb (goffset  current,
                    goffset  total,
                    gpointer user_data)
{
  g_autofree char *done = vigil_summary_text_format_count (current);
  g_autofree char *message = NULL;

  /* Translators: progress of the ledger's verification, "1,234 records checked" */
  message = g_strdup_printf (_("%s records checked"), done);
  vigil_job_update (user_data, total > 0 ? (double) current / (double) total : -1, message);
}

static gpointer
verify_func (VigilJob      *job,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  VigilDatabase *database = data;
  g_autoptr(VigilStore) store = vigil_database_open_connection (database, error);

  if (store == NULL)
    return NULL;
  return vigil_store_verify_and_checkpoint (store, NULL, cancellable, verify_progress_cb, job,
                                            error);
}

static void
verify_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(VigilWindow) self = user_data;
  g_autoptr(VigilLedgerReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkWidget *dialog;

  report = vigil_job_run_finish (VIGIL_JOB (object), result, &error);
  if (report == NULL)
    {
      show_job_error (self, _("Cannot Verify the Ledger"), error);
      return;
    }

  text = vigil_ledger_report_to_string (report);
  if (vigil_ledger_report_get_unrecorded (report) != NULL)
    {
      g_autofree char *intact = g_steal_pointer (&text);

      /* Translators: a verification's result, then why its checkpoint was not written */
      text = g_strdup_printf (_("%s\n\nNo checkpoint was recorded: %s"), intact,
                              vigil_ledger_report_get_unrecorded (report));
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   vigil_ledger_report_is_intact (report)
                                   ? _("Ledger Intact") : _("Ledger Broken"),
                                   text);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  if (!vigil_ledger_report_is_intact (report))
    adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), text);
  gtk_widget_add_css_class (dialog, vigil_ledger_report_is_intact (report) ? "vigil-intact"
                                                                           : "vigil-broken");
  g_object_set_data_full (G_OBJECT (self), "vigil-last-verify",
                          vigil_ledger_report_ref (report),
                          (GDestroyNotify) vigil_ledger_report_unref);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
verify_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VigilWindow *self = VIGIL_WINDOW (widget);

  if (self->database == NULL)
    return;
  start_job (self, _("Verifying the ledger"), verify_func, g_object_ref (self->database),
             g_object_unref, (GDestroyNotify) vigil_ledger_report_unref, verify_done_cb);
}

/* Run checks */

typedef struct
{
  VigilDatabase *database;
  char          *model_name;
} ChecksRequest;

static void
checks_request_free (ChecksRequest *request)
{
  g_clear_object (&request->database);
  g_free (request->model_name);
  g_free (request);
}

static gpointer
checks_func (VigilJob      *job,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  ChecksRequest *request = data;
  g_autoptr(VigilStore) store = vigil_database_open_connection (request->database, error);
  g_autoptr(VigilDetector) detector = NULL;
  g_autoptr(VigilPolicy) policy = NULL;

  if (store == NULL)
    return NULL;

  vigil_job_update (job, -1, request->model_name != NULL ? request->model_name
                                                          : _("all models"));
  policy = vigil_store_get_policy (store, error);
  if (policy == NULL)
    return NULL;
  detector = vigil_detector_new (store, policy);
  return vigil_detector_run (detector, request->model_name, NULL, cancellable, error);
}

static gboolean
settings_have_key (GSettings  *settings,
                   const char *key)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  return schema != NULL && g_settings_schema_has_key (schema, key);
}

/* One desktop notification for a run's new alerts at or above the severity chosen in
 * Preferences; a click on it shows them. A newer run's replaces it. */
static void
notify_new_alerts (VigilWindow *self,
                   GPtrArray   *results)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *id = NULL;
  gboolean high = FALSE;
  int level;

  if (app == NULL || self->file == NULL || !settings_have_key (self->settings, "notify-severity"))
    return;
  /* off, then the severities in their order */
  level = g_settings_get_enum (self->settings, "notify-severity");
  if (level <= 0 ||
      vigil_alert_notice_compose (results, (VigilSeverity) (level - 1), &title, &body) == 0)
    return;

  for (guint i = 0; i < results->len && !high; i++)
    {
      VigilCheckResult *result = g_ptr_array_index (results, i);
      VigilAlert *alert = vigil_check_result_get_alert (result);

      high = alert != NULL && vigil_check_result_get_alert_is_new (result) &&
             vigil_alert_get_severity (alert) == VIGIL_SEVERITY_HIGH;
    }

  uri = g_file_get_uri (self->file);
  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, high ? G_NOTIFICATION_PRIORITY_HIGH
                                                  : G_NOTIFICATION_PRIORITY_NORMAL);
  g_notification_set_default_action_and_target (notification, "app.show-alerts", "s", uri);
  id = g_strconcat ("new-alerts:", uri, NULL);
  g_application_send_notification (G_APPLICATION (app), id, notification);
}

static void
checks_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(VigilWindow) self = user_data;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint alerted = 0;

  results = vigil_job_run_finish (VIGIL_JOB (object), result, &error);
  if (results == NULL)
    {
      show_job_error (self, _("Cannot Run the Checks"), error);
      return;
    }

  for (guint i = 0; i < results->len; i++)
    if (vigil_check_result_get_outcome (g_ptr_array_index (results, i)) ==
        VIGIL_OUTCOME_ALERTED)
      alerted++;

  if (alerted == 0)
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u check ran: no anomaly",
                                            "%u checks ran: no anomaly", results->len),
                               results->len);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Checks ran: %u alert raised",
                                            "Checks ran: %u alerts raised", alerted),
                               alerted);
  vigil_window_toast (self, message);
  notify_new_alerts (self, results);

  if (self->database != NULL)
    vigil_database_changed (self->database);
}

static void
run_checks (VigilWindow *self)
{
  ChecksRequest *request;

  if (self->database == NULL || !vigil_database_may (self->database, VIGIL_STORE_MAY_IMPORT))
    return;

  request = g_new0 (ChecksRequest, 1);
  request->database = g_object_ref (self->database);
  request->model_name = g_strdup (self->model_name);
  start_job (self, _("Running the checks"), checks_func, request,
             (GDestroyNotify) checks_request_free, (GDestroyNotify) g_ptr_array_unref,
             checks_done_cb);
}

static void
run_checks_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  run_checks (VIGIL_WINDOW (widget));
}

static gboolean
check_timer_cb (gpointer data)
{
  VigilWindow *self = data;

  if (self->database != NULL && self->n_decisions > 0 &&
      (self->job == NULL || !vigil_job_get_running (self->job)))
    run_checks (self);
  return G_SOURCE_CONTINUE;
}

static void
check_interval_changed_cb (VigilWindow *self)
{
  GSettingsSchema *schema = NULL;
  int minutes = 0;

  g_object_get (self->settings, "settings-schema", &schema, NULL);
  if (schema != NULL && g_settings_schema_has_key (schema, "check-interval"))
    minutes = g_settings_get_int (self->settings, "check-interval");
  g_clear_pointer (&schema, g_settings_schema_unref);

  g_clear_handle_id (&self->check_timer, g_source_remove);
  if (minutes > 0)
    self->check_timer = g_timeout_add_seconds ((guint) minutes * 60, check_timer_cb, self);
}

/* Following spools */

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

/* The status bar: how many spools are followed, what came last, and what goes wrong */
static void
show_follow (VigilWindow *self)
{
  GtkWidget *label = GTK_WIDGET (self->follow_label);
  g_auto(GStrv) paths = NULL;
  g_autoptr(GString) text = NULL;
  g_autoptr(GString) tooltip = NULL;
  const char *problem = NULL;
  guint n;

  if (self->watcher == NULL)
    {
      const char *refusal = follow_refusal (self);

      paths = g_settings_get_strv (self->settings, "follow-spools");
      gtk_widget_set_visible (label, refusal != NULL && paths[0] != NULL &&
                              g_settings_get_boolean (self->settings, "follow-spools-enabled"));
      /* Translators: the status bar, when spools are to be followed but cannot be */
      gtk_label_set_label (self->follow_label, _("Spools not followed"));
      gtk_widget_set_tooltip_text (label, refusal);
      gtk_widget_remove_css_class (label, "warning");
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

  tooltip = g_string_new (problem);
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

  gtk_label_set_label (self->follow_label, text->str);
  gtk_widget_set_tooltip_text (label, tooltip->str);
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

static void
stop_follow (VigilWindow *self)
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
  g_signal_connect_object (watcher, "notify::running", G_CALLBACK (update_follow), self,
                           G_CONNECT_SWAPPED);
}

/* Follows the spools of Preferences into the open database, when they are switched on and the
 * database takes decisions; a change of either starts over. */
static void
update_follow (VigilWindow *self)
{
  g_auto(GStrv) paths = NULL;
  gboolean wanted;

  if (self->settings == NULL || !settings_have_key (self->settings, "follow-spools"))
    return;

  paths = g_settings_get_strv (self->settings, "follow-spools");
  wanted = g_settings_get_boolean (self->settings, "follow-spools-enabled") && paths[0] != NULL &&
           self->database != NULL && follow_refusal (self) == NULL;

  if (self->watcher != NULL &&
      (!wanted || vigil_spool_watcher_get_database (self->watcher) != self->database ||
       !g_strv_equal ((const char * const *) paths,
                      vigil_spool_watcher_get_paths (self->watcher))))
    stop_follow (self);

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

/* Import */

typedef struct
{
  VigilDatabase *database;
  char          *path;
  char          *quarantine;
  gint64         imported;
  gint64         rejected;
  gint64         previous_lines;
  char          *previous_date;
  gboolean       already;
} ImportRequest;

static void
import_request_free (ImportRequest *request)
{
  g_clear_object (&request->database);
  g_free (request->path);
  g_free (request->quarantine);
  g_free (request->previous_date);
  g_free (request);
}

static void
import_progress_cb (gint64   bytes_done,
                    gint64   bytes_total,
                    gint64   imported,
                    gint64   rejected,
                    gpointer user_data)
{
  g_autofree char *count = vigil_summary_text_format_count (imported);
  g_autofree char *message = NULL;

  /* Translators: progress of an import, "12,345 decisions imported, 3 lines rejected" */
  message = g_strdup_printf (_("%s decisions imported, %" PRId64 " lines rejected"),
                             count, rejected);
  vigil_job_update (user_data, bytes_total > 0 ? (double) bytes_done / (double) bytes_total : -1,
                    message);
}

static gpointer
import_func (VigilJob      *job,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  ImportRequest *request = data;
  g_autoptr(VigilStore) store = vigil_database_open_connection (request->database, error);
  g_autoptr(VigilImporter) importer = NULL;
  gboolean ok;

  if (store == NULL)
    return NULL;

  importer = vigil_importer_new (store);
  request->quarantine = vigil_importer_default_quarantine_path (request->path);
  vigil_importer_set_quarantine_path (importer, request->quarantine);
  vigil_importer_set_actor (importer, g_get_user_name ());
  vigil_importer_set_progress_func (importer, import_progress_cb, job);
  ok = vigil_importer_import_file (importer, request->path, cancellable, error);
  request->imported = vigil_importer_get_imported (importer);
  request->rejected = vigil_importer_get_rejected (importer);
  request->already = vigil_importer_was_already_imported (importer);
  request->previous_lines = vigil_importer_get_previous_lines (importer);
  request->previous_date = g_strdup (vigil_importer_get_previous_date (importer));
  if (!ok)
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(VigilWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;
  g_autofree char *message = NULL;
  ImportRequest *request = g_object_get_data (object, "request");
  gboolean ok = vigil_job_run_finish (VIGIL_JOB (object), result, &error) != NULL;

  if (self->database != NULL)
    vigil_database_changed (self->database);

  if (!ok)
    {
      show_job_error (self, _("Cannot Import the Decisions"), error);
      return;
    }

  if (request->already)
    {
      g_autofree char *lines = vigil_summary_text_format_count (request->previous_lines);

      /* Translators: a count of lines, and when the same file was imported */
      message = g_strdup_printf (_("Nothing imported: these %s lines were imported on %.10s"),
                                 lines, request->previous_date);
      vigil_window_toast (self, message);
      return;
    }
  count = vigil_summary_text_format_count (request->imported);
  if (request->rejected == 0)
    message = g_strdup_printf (_("Imported %s decisions"), count);
  else
    /* Translators: %s are a count, a count and a file name */
    message = g_strdup_printf (_("Imported %s decisions; %" PRId64 " lines were rejected and "
                                 "kept in %s"), count, request->rejected, request->quarantine);
  vigil_window_toast (self, message);
}

static void
import_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  VigilWindow *self = VIGIL_WINDOW (user_data);

  if (response == GTK_RESPONSE_ACCEPT && self->database != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        vigil_window_import (self, path);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

/**
 * vigil_window_import:
 * @path: a file of decisions, one JSON object a line
 *
 * Imports @path into the open database in a job; rejected lines go to @path.rejected.
 */
void
vigil_window_import (VigilWindow *self,
                     const char  *path)
{
  ImportRequest *request;

  g_return_if_fail (VIGIL_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  if (self->database == NULL)
    return;

  request = g_new0 (ImportRequest, 1);
  request->database = g_object_ref (self->database);
  request->path = g_strdup (path);
  /* The job owns the request; the callback reads the counts from it. */
  if (start_job (self, _("Importing decisions"), import_func, request,
                 (GDestroyNotify) import_request_free, NULL, import_done_cb))
    g_object_set_data (G_OBJECT (self->job), "request", request);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  GtkFileChooserNative *native;
  GtkFileFilter *filter;

  native = gtk_file_chooser_native_new (_("Import Decisions"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Decisions, one JSON object a line"));
  gtk_file_filter_add_suffix (filter, "jsonl");
  gtk_file_filter_add_suffix (filter, "ndjson");
  gtk_file_filter_add_suffix (filter, "json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("All Files"));
  gtk_file_filter_add_pattern (filter, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);

  g_signal_connect_object (native, "response", G_CALLBACK (import_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* Simulation into a training database */

static void
simulate_progress_cb (double   fraction,
                      guint    day,
                      gpointer user_data)
{
  g_autofree char *message = NULL;

  /* Translators: progress of a simulation */
  message = g_strdup_printf (_("Writing day %u"), day);
  vigil_job_update (user_data, fraction * 0.8, message);
}

static void
simulate_detect_progress_cb (guint    done,
                             guint    total,
                             gpointer user_data)
{
  vigil_job_update (user_data, 0.8 + 0.2 * (total > 0 ? (double) done / total : 0),
                    _("Running the checks on each day"));
}

static gpointer
simulate_func (VigilJob      *job,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  const char *path = data;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilScenario) scenario = vigil_scenario_new ();
  g_autoptr(VigilSimulator) simulator = vigil_simulator_new ();
  g_autoptr(VigilDetector) detector = NULL;
  g_autoptr(VigilPolicy) policy = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autofree char *first_day = NULL;
  char end[VIGIL_TIMESTAMP_LEN];
  gint64 start_usec;

  store = vigil_store_open (path, VIGIL_STORE_OPEN_CREATE, error);
  if (store == NULL)
    return NULL;

  vigil_simulator_set_actor (simulator, g_get_user_name ());
  if (!vigil_simulator_run (simulator, store, scenario, cancellable, simulate_progress_cb, job,
                            error))
    return NULL;

  /* Each simulated day is checked as of its end, so the incident is found on its day. */
  first_day = vigil_scenario_dup_resolved_start_date (vigil_simulator_get_scenario (simulator));
  if (!vigil_timestamp_parse (first_day, &start_usec, NULL))
    g_return_val_if_reached (NULL);
  vigil_timestamp_format (start_usec + (gint64) vigil_scenario_get_days (scenario) * G_TIME_SPAN_DAY,
                          end);
  policy = vigil_store_get_policy (store, error);
  if (policy == NULL)
    return NULL;
  detector = vigil_detector_new (store, policy);
  results = vigil_detector_backtest (detector, NULL, first_day, end, cancellable,
                                     simulate_detect_progress_cb, job, error);
  if (results == NULL)
    return NULL;
  return g_strdup (path);
}

static void
simulate_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(VigilWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = vigil_job_run_finish (VIGIL_JOB (object), result, &error);
  g_autoptr(GFile) file = NULL;

  if (path == NULL)
    {
      show_job_error (self, _("Cannot Run the Simulation"), error);
      if (self->database != NULL)
        vigil_database_changed (self->database);
      return;
    }

  file = g_file_new_for_path (path);
  if (self->file != NULL && g_file_equal (file, self->file) && self->database != NULL)
    vigil_database_changed (self->database);
  else
    vigil_window_open (self, file, VIGIL_STORE_OPEN_DEFAULT);
  vigil_window_toast (self, _("Simulation done: the incident day and its alerts are on the "
                              "dashboard"));
}

/**
 * vigil_window_simulate:
 * @path: a training database, or a new file
 *
 * Simulates the default scenario into @path and runs the checks on every simulated day,
 * then shows it. The simulator refuses a production database.
 */
void
vigil_window_simulate (VigilWindow *self,
                       const char  *path)
{
  g_return_if_fail (VIGIL_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  start_job (self, _("Simulating"), simulate_func, g_strdup (path), g_free, g_free,
             simulate_done_cb);
}

static void
new_training_response_cb (GtkNativeDialog *dialog,
                          int              response,
                          gpointer         user_data)
{
  VigilWindow *self = VIGIL_WINDOW (user_data);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL && g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_autofree char *name = g_file_get_basename (file);
          g_autofree char *message = NULL;

          /* Vigil never overwrites an audit log */
          message = g_strdup_printf (_("“%s” already exists; choose a new name for the "
                                       "training database."), name);
          vigil_window_toast (self, message);
        }
      else if (path != NULL)
        {
          open_location (self, file, NULL, VIGIL_STORE_OPEN_CREATE, VIGIL_PURPOSE_TRAINING);
        }
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
new_training_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("New Training Database"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("C_reate"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), "vigil-training.db");
  g_signal_connect_object (native, "response", G_CALLBACK (new_training_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* The wizard: scenario, anomalies, run and scorecard. It offers the open database as the
 * target only when it is a writable training database. */
static void
simulate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  VigilSimulationWizard *wizard = vigil_simulation_wizard_new (GTK_WINDOW (self),
                                                               self->database);

  gtk_window_present (GTK_WINDOW (wizard));
}

/**
 * vigil_window_show_simulation:
 * @path: the database simulated into
 * @model_name: (nullable): the model to show, %NULL for all
 * @period: the simulated days
 *
 * Shows the dashboard of @model_name over @period in @path, opening @path unless it is the
 * open database: where the simulation wizard's results lead.
 */
void
vigil_window_show_simulation (VigilWindow       *self,
                              const char        *path,
                              const char        *model_name,
                              const VigilPeriod *period)
{
  g_autoptr(GFile) file = NULL;

  g_return_if_fail (VIGIL_IS_WINDOW (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (period != NULL);

  vigil_window_select_model (self, model_name);
  vigil_window_set_period (self, period);
  file = g_file_new_for_path (path);
  if (self->file == NULL || !g_file_equal (file, self->file) || self->database == NULL)
    vigil_window_open (self, file, VIGIL_STORE_OPEN_DEFAULT);
  else
    vigil_database_changed (self->database);
  adw_view_stack_set_visible_child_name (self->view_stack, "dashboard");
}

/* win.show-simulation ("(sssu)"): path, model ("" for all), first day, number of days */
static void
show_simulation_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  const char *path, *model, *first_day;
  g_autofree char *last_day = NULL;
  g_autoptr(GError) error = NULL;
  VigilPeriod period;
  guint n_days;

  g_variant_get (parameter, "(&s&s&su)", &path, &model, &first_day, &n_days);
  if (!vigil_period_init_range (&period, first_day, first_day, &error))
    {
      vigil_window_toast (self, error->message);
      return;
    }
  if (n_days < 1 || n_days > VIGIL_PERIOD_MAX_DAYS)
    return;
  period.n_days = n_days;
  vigil_window_show_simulation (self, path, *model != '\0' ? model : NULL, &period);
}

/* New Report: the report of the window's period and model, over the window */
static void
new_report_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  VigilWindow *self = VIGIL_WINDOW (widget);

  if (self->database == NULL)
    return;
  adw_view_stack_set_visible_child_name (self->view_stack, "reports");
  vigil_reports_view_new_report (self->reports_view);
}

/* Other actions */

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  VigilPeriod period;
  guint position = gtk_drop_down_get_selected (self->period_dropdown);

  /* "Last 7 days" and "Today so far" move on at midnight UTC */
  if (position < PERIOD_CUSTOM)
    {
      period_for_preset (period_presets[position], &period);
      if (!vigil_period_equal (&period, &self->period))
        vigil_window_set_period (self, &period);
    }

  if (self->database != NULL)
    vigil_database_changed (self->database);
}

static void
open_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  VigilWindow *self = VIGIL_WINDOW (user_data);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        vigil_window_open (self, file, VIGIL_STORE_OPEN_DEFAULT);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  GtkFileChooserNative *native;
  GtkFileFilter *filter;

  native = gtk_file_chooser_native_new (_("Open Database"),
                                        GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"),
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Vigil Databases"));
  gtk_file_filter_add_mime_type (filter, "application/vnd.sqlite3");
  gtk_file_filter_add_suffix (filter, "db");
  gtk_file_filter_add_suffix (filter, "sqlite");
  gtk_file_filter_add_suffix (filter, "sqlite3");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("All Files"));
  gtk_file_filter_add_pattern (filter, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);

  if (self->file != NULL)
    {
      g_autoptr(GFile) folder = g_file_get_parent (self->file);

      if (folder != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder, NULL);
    }

  g_signal_connect_object (native, "response", G_CALLBACK (open_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
keyring_stored_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(VigilWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vigil_keyring_store_finish (result, &error))
    {
      g_autofree char *message =
        g_strdup_printf (_("The password could not be kept in the keyring: %s"), error->message);

      vigil_window_toast (self, message);
    }
}

static void
connect_response_cb (VigilConnectDialog *dialog,
                     const char         *response,
                     VigilWindow        *self)
{
  const char *uri = vigil_connect_dialog_get_uri (dialog);
  const char *password = vigil_connect_dialog_get_password (dialog);
  g_autofree char *redacted = NULL;
  g_autofree char *location = NULL;

  if (!g_str_equal (response, "connect") || !vigil_store_location_is_server (uri))
    return;

  redacted = vigil_store_redact_uri (uri);
  g_settings_set_string (self->settings, "last-server", redacted);
  location = *password != '\0' ? vigil_store_uri_with_password (uri, password) : g_strdup (uri);
  g_clear_pointer (&self->password_to_keep, g_free);
  if (*password != '\0' && vigil_connect_dialog_get_remember (dialog))
    self->password_to_keep = g_strdup (password);
  vigil_window_open_server (self, location);
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  g_autofree char *last = g_settings_get_string (self->settings, "last-server");
  VigilConnectDialog *dialog = vigil_connect_dialog_new (GTK_WINDOW (self), last);

  g_signal_connect_object (dialog, "response", G_CALLBACK (connect_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  if (adw_view_stack_get_child_by_name (self->view_stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, name);
}

/**
 * vigil_window_show_alerts:
 *
 * Switches to the Alerts view, where a notification about new alerts leads; while the
 * database opens, the view shows once it is open.
 */
void
vigil_window_show_alerts (VigilWindow *self)
{
  g_return_if_fail (VIGIL_IS_WINDOW (self));

  adw_view_stack_set_visible_child_name (self->view_stack, "alerts");
}

static void
alerts_show_decisions_cb (VigilWindow *self,
                          const char  *model_name,
                          const char  *from,
                          const char  *to,
                          gboolean     flagged_only)
{
  vigil_decisions_view_show (self->decisions_view, model_name, from, to, flagged_only);
  self->decisions_scope_pending = FALSE;
  adw_view_stack_set_visible_child_name (self->view_stack, "decisions");
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  VigilPreferencesWindow *preferences;

  preferences = vigil_preferences_window_new (GTK_WINDOW (self), self->database, self->settings);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
dashboard_day_activated_cb (VigilWindow *self,
                            const char  *model_name,
                            const char  *day)
{
  vigil_window_show_decisions (self, model_name, day, day, FALSE);
}

/**
 * vigil_window_show_decisions:
 * @model_name: (nullable): a model, %NULL for all
 * @first_day: the first day, "YYYY-MM-DD"
 * @last_day: the last day, included
 * @flagged_only: whether to list flagged decisions only
 *
 * Switches to the Decisions view, filtered.
 */
void
vigil_window_show_decisions (VigilWindow *self,
                             const char  *model_name,
                             const char  *first_day,
                             const char  *last_day,
                             gboolean     flagged_only)
{
  VigilPeriod days;
  char from[VIGIL_TIMESTAMP_LEN], to[VIGIL_TIMESTAMP_LEN];
  g_autoptr(GError) error = NULL;

  g_return_if_fail (VIGIL_IS_WINDOW (self));

  if (!vigil_period_init_range (&days, first_day, last_day, &error))
    {
      vigil_window_toast (self, error->message);
      return;
    }

  vigil_period_get_bounds (&days, from, to);
  vigil_decisions_view_show (self->decisions_view, model_name, from, to, flagged_only);
  self->decisions_scope_pending = FALSE;
  adw_view_stack_set_visible_child_name (self->view_stack, "decisions");
}

static void
save_window_state (VigilWindow *self)
{
  GtkWindow *window = GTK_WINDOW (self);
  gboolean maximized = gtk_window_is_maximized (window);

  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", maximized);

  if (!maximized)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }

  g_settings_apply (self->settings);
}

static gboolean
vigil_window_close_request (GtkWindow *window)
{
  VigilWindow *self = VIGIL_WINDOW (window);

  save_window_state (self);
  if (self->job != NULL)
    vigil_job_cancel (self->job);
  stop_follow (self);

  return GTK_WINDOW_CLASS (vigil_window_parent_class)->close_request (window);
}

static void
vigil_window_dispose (GObject *object)
{
  VigilWindow *self = VIGIL_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->models_cancellable);
  g_clear_object (&self->models_cancellable);
  g_clear_handle_id (&self->check_timer, g_source_remove);
  g_clear_handle_id (&self->fit_labels_source, g_source_remove);
  g_clear_pointer (&self->button_labels, g_ptr_array_unref);
  if (self->job != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->job, job_running_cb, self);
      vigil_job_cancel (self->job);
    }
  g_clear_object (&self->job);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  stop_follow (self);
  g_clear_weak_pointer (&self->stopping_watcher);
  g_clear_signal_handler (&self->changed_id, self->database);
  g_clear_signal_handler (&self->connected_id, self->database);
  g_clear_object (&self->database);
  g_clear_object (&self->file);
  g_clear_pointer (&self->location, g_free);
  g_clear_pointer (&self->password_to_keep, g_free);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->model_names, g_ptr_array_unref);
  g_clear_pointer (&self->model_name, g_free);

  G_OBJECT_CLASS (vigil_window_parent_class)->dispose (object);
}

static void
vigil_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  VigilWindow *self = VIGIL_WINDOW (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    case PROP_DATABASE:
      g_value_set_object (value, self->database);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_window_class_init (VigilWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = vigil_window_dispose;
  object_class->get_property = vigil_window_get_property;

  window_class->close_request = vigil_window_close_request;
  widget_class->size_allocate = vigil_window_size_allocate;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL,
                         VIGIL_TYPE_DATABASE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (VIGIL_TYPE_DASHBOARD_VIEW);
  g_type_ensure (VIGIL_TYPE_JOB_BAR);
  g_type_ensure (VIGIL_TYPE_DECISIONS_VIEW);
  g_type_ensure (VIGIL_TYPE_ALERTS_VIEW);
  g_type_ensure (VIGIL_TYPE_REPORTS_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/finsecure/Vigil/vigil-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, model_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, training_revealer);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, job_bar);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, dashboard_stack);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, dashboard_view);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, decisions_view);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, alerts_view);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, reports_view);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, location_icon);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, path_label);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, access_label);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, follow_label);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, purpose_label);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "win.new-training", NULL, new_training_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.simulate", NULL, simulate_action);
  gtk_widget_class_install_action (widget_class, "win.show-simulation", "(sssu)",
                                   show_simulation_action);
  gtk_widget_class_install_action (widget_class, "win.run-checks", NULL, run_checks_action);
  gtk_widget_class_install_action (widget_class, "win.verify", NULL, verify_action);
  gtk_widget_class_install_action (widget_class, "win.new-report", NULL, new_report_action);
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
}

/* The header's dropdowns show their choice ellipsized, so that the header fits a phone's
 * 360 pixels; the popup lists every choice in full. */
/* How many characters of their choice the header's dropdowns show: the header bar lays them
 * out at their smallest, so the window widens them when there is room. */
static int
button_label_chars (int window_width)
{
  return window_width >= 1200 ? 16 : window_width >= 600 ? 10 : 4;
}

static void
setup_button_label_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item,
                       VigilWindow              *self)
{
  GtkWidget *label = gtk_label_new (NULL);
  int extra = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "vigil-extra-chars"));

  g_object_set_data (G_OBJECT (label), "vigil-extra-chars", GINT_TO_POINTER (extra));
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (label), button_label_chars (self->fitted_width) + extra);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (item, label);
  g_ptr_array_add (self->button_labels, label);
}

static void fit_header (VigilWindow *self,
                        int          width);

static gboolean
fit_button_labels_cb (gpointer data)
{
  VigilWindow *self = data;

  self->fit_labels_source = 0;
  fit_header (self, gtk_widget_get_width (GTK_WIDGET (self)));
  return G_SOURCE_REMOVE;
}

/* On a phone the header keeps the selectors and the menu (F5 still refreshes), and the
 * selectors show a few characters of their choice */
static void
fit_header (VigilWindow *self,
            int          width)
{
  int chars = button_label_chars (width);

  self->fitted_width = width;
  gtk_widget_set_visible (GTK_WIDGET (self->refresh_button), width >= 500);
  for (guint i = 0; i < self->button_labels->len; i++)
    {
      GtkLabel *label = g_ptr_array_index (self->button_labels, i);
      int extra = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (label), "vigil-extra-chars"));

      gtk_label_set_width_chars (label, chars + extra);
    }
}

static void
vigil_window_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  VigilWindow *self = VIGIL_WINDOW (widget);

  GTK_WIDGET_CLASS (vigil_window_parent_class)->size_allocate (widget, width, height, baseline);

  /* Not during the allocation itself: a label that changes its size asks for another one */
  if (self->fit_labels_source == 0 &&
      (button_label_chars (width) != button_label_chars (self->fitted_width) ||
       (width >= 500) != (self->fitted_width >= 500)))
    self->fit_labels_source = g_idle_add (fit_button_labels_cb, self);
}

static void
setup_popup_label_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (item, label);
}

static void
bind_label_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                       gtk_string_object_get_string (string));
}

/* @extra_chars: how many characters more than the model's this dropdown shows */
static void
set_dropdown_factories (VigilWindow *self,
                        GtkDropDown *dropdown,
                        int          extra_chars)
{
  g_autoptr(GtkListItemFactory) button = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkListItemFactory) popup = gtk_signal_list_item_factory_new ();

  g_object_set_data (G_OBJECT (button), "vigil-extra-chars", GINT_TO_POINTER (extra_chars));
  g_signal_connect (button, "setup", G_CALLBACK (setup_button_label_cb), self);
  g_signal_connect (button, "bind", G_CALLBACK (bind_label_cb), NULL);
  g_signal_connect (popup, "setup", G_CALLBACK (setup_popup_label_cb), NULL);
  g_signal_connect (popup, "bind", G_CALLBACK (bind_label_cb), NULL);
  gtk_drop_down_set_factory (dropdown, button);
  gtk_drop_down_set_list_factory (dropdown, popup);
}

static GtkStringList *
make_period_list (void)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (period_presets); i++)
    {
      g_autofree char *label = NULL;

      if (period_presets[i] == 0)
        {
          /* Translators: a choice of the period selector: today, which is not over */
          gtk_string_list_append (list, _("Today So Far"));
          continue;
        }
      /* Translators: a choice of the period selector, the complete days before today */
      label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Last %u Day", "Last %u Days",
                                            period_presets[i]),
                               period_presets[i]);
      gtk_string_list_append (list, label);
    }
  gtk_string_list_append (list, _("Custom Range…"));
  return list;
}

static void
vigil_window_init (VigilWindow *self)
{
  GtkWindow *window = GTK_WINDOW (self);
  g_autofree char *last_model = NULL;
  int period_days;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->model_names = g_ptr_array_new_with_free_func (g_free);
  self->settings = g_settings_new (APPLICATION_ID);
  gtk_window_set_default_size (window,
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (window);
  self->button_labels = g_ptr_array_new ();
  fit_header (self, g_settings_get_int (self->settings, "window-width"));

  set_dropdown_factories (self, self->model_dropdown, 0);
  set_dropdown_factories (self, self->period_dropdown, 1);

  self->model_list = gtk_string_list_new (NULL);
  gtk_string_list_append (self->model_list, _("All Models"));
  gtk_drop_down_set_model (self->model_dropdown, G_LIST_MODEL (self->model_list));
  g_object_unref (self->model_list);
  last_model = g_settings_get_string (self->settings, "last-model");
  if (last_model[0] != '\0')
    self->model_name = g_steal_pointer (&last_model);

  self->period_list = make_period_list ();
  gtk_drop_down_set_model (self->period_dropdown, G_LIST_MODEL (self->period_list));
  g_object_unref (self->period_list);
  period_days = g_settings_get_int (self->settings, "period-days");
  period_for_preset ((guint) CLAMP (period_days, 0, VIGIL_PERIOD_MAX_DAYS), &self->period);
  vigil_window_set_period (self, &self->period);

  g_signal_connect_swapped (self->model_dropdown, "notify::selected",
                            G_CALLBACK (model_selected_cb), self);
  g_signal_connect_swapped (self->period_dropdown, "notify::selected",
                            G_CALLBACK (period_selected_cb), self);
  g_signal_connect_swapped (self->dashboard_view, "day-activated",
                            G_CALLBACK (dashboard_day_activated_cb), self);
  g_signal_connect_swapped (self->view_stack, "notify::visible-child-name",
                            G_CALLBACK (visible_page_changed_cb), self);
  g_signal_connect_swapped (self->alerts_view, "show-decisions",
                            G_CALLBACK (alerts_show_decisions_cb), self);
  g_signal_connect_swapped (self->decisions_view, "notify::model-name",
                            G_CALLBACK (decisions_model_changed_cb), self);
  g_signal_connect_swapped (self->settings, "changed::reviewer-name",
                            G_CALLBACK (reviewer_changed_cb), self);
  reviewer_changed_cb (self);
  g_signal_connect_swapped (self->settings, "changed::check-interval",
                            G_CALLBACK (check_interval_changed_cb), self);
  check_interval_changed_cb (self);
  g_signal_connect_swapped (self->settings, "changed::follow-spools",
                            G_CALLBACK (update_follow), self);
  g_signal_connect_swapped (self->settings, "changed::follow-spools-enabled",
                            G_CALLBACK (update_follow), self);

  update_actions (self);
  show_content (self, "loading");
}
