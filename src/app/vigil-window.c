/* vigil-window.c: a window on one Vigil database: the type, opening a database, and the
 * model and period every view shows
 *
 * The win.* actions are in vigil-window-actions.c, the header's selectors in
 * vigil-window-header.c, the status bar in vigil-window-status.c; vigil-window-private.h
 * holds what they share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-window"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-keyring.h"
#include "vigil-window-private.h"

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

gboolean
_vigil_window_has_setting (VigilWindow *self,
                           const char  *key)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  if (self->settings == NULL)
    return FALSE;
  g_object_get (self->settings, "settings-schema", &schema, NULL);
  return schema != NULL && g_settings_schema_has_key (schema, key);
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

void
_vigil_window_update_actions (VigilWindow *self)
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
  _vigil_window_load_models (self);
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
                                                    G_CALLBACK (_vigil_window_show_access), self,
                                                    G_CONNECT_SWAPPED);
    }

  for (guint i = 0; i < G_N_ELEMENTS (self->views); i++)
    vigil_view_set_database (self->views[i], database);
  _vigil_window_update_actions (self);
  _vigil_window_update_follow (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATABASE]);
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

void
_vigil_window_show_dashboard_or_empty (VigilWindow *self)
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

/* Opens the store at *@path; a server that asks for a password the URI does not give gets
 * the one the user asked the keyring to remember, if any, and *@path becomes the URI with it */
static VigilStore *
open_store (OpenRequest   *request,
            char         **path,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) keyring_error = NULL;
  g_autofree char *password = NULL;
  VigilStore *store = vigil_store_open (*path, request->flags, &local_error);

  if (store != NULL || request->location == NULL ||
      !g_error_matches (local_error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_DENIED) ||
      vigil_store_uri_has_password (request->location))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return store;
    }

  password = vigil_keyring_lookup (request->location, cancellable, &keyring_error);
  if (keyring_error != NULL)
    g_debug ("The keyring could not be asked for a password: %s", keyring_error->message);
  if (password == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  g_free (*path);
  *path = vigil_store_uri_with_password (request->location, password);
  return vigil_store_open (*path, request->flags, error);
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

  result->store = open_store (request, &path, cancellable, &error);
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
      _vigil_window_show_purpose (self, result->purpose);
      set_database (self, database);
      vigil_database_watch (database);
      _vigil_window_show_file (self);
      _vigil_window_update_scope (self);
      _vigil_window_load_models (self);
      _vigil_window_show_dashboard_or_empty (self);
      show_content (self, "content");
      g_settings_set_string (self->settings, "last-database", path);
    }

  set_busy (self, FALSE);
}

void
_vigil_window_open_location (VigilWindow         *self,
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

  _vigil_window_show_file (self);
  _vigil_window_show_purpose (self, VIGIL_PURPOSE_PRODUCTION);
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

  _vigil_window_open_location (self, file, NULL, flags, VIGIL_PURPOSE_PRODUCTION);
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
  _vigil_window_open_location (self, file, uri, VIGIL_STORE_OPEN_DEFAULT, VIGIL_PURPOSE_PRODUCTION);
}

/* Every view shows the model and period of the header, except @except: the view whose own
 * filter just changed the model keeps its narrower filter (a day of a chart, an alert's
 * window). */
static void
set_views_scope (VigilWindow *self,
                 VigilView   *except)
{
  self->updating_scope = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (self->views); i++)
    if (self->views[i] != except)
      vigil_view_set_scope (self->views[i], self->model_name, &self->period);
  self->updating_scope = FALSE;
}

void
_vigil_window_update_scope (VigilWindow *self)
{
  set_views_scope (self, NULL);
}

static void
decisions_model_changed_cb (VigilWindow *self)
{
  const char *model_name = vigil_decisions_view_get_model_name (self->decisions_view);

  if (self->updating_scope || g_strcmp0 (model_name, self->model_name) == 0)
    return;

  g_free (self->model_name);
  self->model_name = g_strdup (model_name);
  _vigil_window_select_model_in_dropdown (self);
  set_views_scope (self, VIGIL_VIEW (self->decisions_view));
}

/* The reviewer named in Preferences, or else the user's real name. */
static char *
dup_reviewer (VigilWindow *self)
{
  g_autofree char *name = NULL;

  if (_vigil_window_has_setting (self, "reviewer-name"))
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

  for (guint i = 0; i < G_N_ELEMENTS (self->views); i++)
    vigil_view_set_reviewer (self->views[i], reviewer);
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

/* The header follows the model a drill-down leads to; a toast says so, since every view
 * then shows that model. */
static void
say_model_switch (VigilWindow *self,
                  const char  *model_name,
                  gboolean     flagged_only)
{
  g_autofree char *message = NULL;

  if (model_name == NULL || g_strcmp0 (model_name, self->model_name) == 0)
    return;

  if (flagged_only)
    /* Translators: %s is a model's name; the header switches to that model */
    message = g_strdup_printf (_("Showing the flagged decisions of %s"), model_name);
  else
    /* Translators: %s is a model's name; the header switches to that model */
    message = g_strdup_printf (_("Showing the decisions of %s"), model_name);
  vigil_window_toast (self, message);
}

static void
alerts_show_decisions_cb (VigilWindow *self,
                          const char  *model_name,
                          const char  *from,
                          const char  *to,
                          gboolean     flagged_only)
{
  say_model_switch (self, model_name, flagged_only);
  vigil_decisions_view_show (self->decisions_view, model_name, from, to, flagged_only);
  adw_view_stack_set_visible_child_name (self->view_stack, "decisions");
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
  say_model_switch (self, model_name, flagged_only);
  vigil_decisions_view_show (self->decisions_view, model_name, from, to, flagged_only);
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
  _vigil_window_stop_follow (self);

  return GTK_WINDOW_CLASS (vigil_window_parent_class)->close_request (window);
}

static void
vigil_window_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  GTK_WIDGET_CLASS (vigil_window_parent_class)->size_allocate (widget, width, height, baseline);
  _vigil_window_header_allocated (VIGIL_WINDOW (widget), width);
}

static void
vigil_window_dispose (GObject *object)
{
  VigilWindow *self = VIGIL_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->models_cancellable);
  g_clear_object (&self->models_cancellable);
  g_clear_handle_id (&self->fit_labels_source, g_source_remove);
  g_clear_pointer (&self->button_labels, g_ptr_array_unref);
  _vigil_window_actions_dispose (self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  _vigil_window_stop_follow (self);
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
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, primary_menu_button);
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


  _vigil_window_class_actions_init (klass);
}

static void
vigil_window_init (VigilWindow *self)
{
  GtkWindow *window = GTK_WINDOW (self);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);
  gtk_window_set_default_size (window,
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (window);

  self->views[0] = VIGIL_VIEW (self->dashboard_view);
  self->views[1] = VIGIL_VIEW (self->alerts_view);
  self->views[2] = VIGIL_VIEW (self->decisions_view);
  self->views[3] = VIGIL_VIEW (self->reports_view);
  _vigil_window_header_init (self);

  g_signal_connect_swapped (self->dashboard_view, "day-activated",
                            G_CALLBACK (dashboard_day_activated_cb), self);
  g_signal_connect_swapped (self->alerts_view, "show-decisions",
                            G_CALLBACK (alerts_show_decisions_cb), self);
  g_signal_connect_swapped (self->decisions_view, "notify::model-name",
                            G_CALLBACK (decisions_model_changed_cb), self);
  g_signal_connect_swapped (self->settings, "changed::reviewer-name",
                            G_CALLBACK (reviewer_changed_cb), self);
  reviewer_changed_cb (self);
  _vigil_window_actions_init (self);
  _vigil_window_status_init (self);

  _vigil_window_update_actions (self);
  show_content (self, "loading");
}
