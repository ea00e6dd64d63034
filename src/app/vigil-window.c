/* vigil-window.c: a window on one Vigil database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-window"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-window.h"

struct _VigilWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  GCancellable         *cancellable;
  GFile                *file;
  VigilStore           *store;
  guint                 busy : 1;

  AdwViewSwitcherTitle *switcher_title;
  GtkRevealer          *training_revealer;
  GtkStack             *main_stack;
  GtkSpinner           *spinner;
  AdwStatusPage        *error_page;
  AdwViewStack         *view_stack;
  AdwViewSwitcherBar   *switcher_bar;
  GtkStack             *dashboard_stack;
  AdwStatusPage        *empty_page;
  AdwStatusPage        *overview_page;
  GtkLabel             *path_label;
  GtkLabel             *purpose_label;
};

G_DEFINE_FINAL_TYPE (VigilWindow, vigil_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_FILE,
  PROP_STORE,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  GFile               *file;
  VigilStoreOpenFlags  flags;
} OpenRequest;

typedef struct
{
  VigilStore   *store;
  VigilPurpose  purpose;
  gint64        n_decisions;
  guint         n_models;
} OpenResult;

static void
open_request_free (OpenRequest *request)
{
  g_clear_object (&request->file);
  g_free (request);
}

static void
open_result_free (OpenResult *result)
{
  g_clear_object (&result->store);
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
 * vigil_window_get_store:
 * @self: a #VigilWindow
 *
 * Returns: (transfer none) (nullable): the open store, or %NULL while opening or after
 *   the database could not be opened
 */
VigilStore *
vigil_window_get_store (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);

  return self->store;
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
set_store (VigilWindow *self,
           VigilStore  *store)
{
  if (g_set_object (&self->store, store))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
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

static void
show_file (VigilWindow *self)
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

/* How to fill an empty database, as a command line the user can copy. */
static char *
describe_empty (VigilWindow *self)
{
  g_autofree char *path = g_file_get_path (self->file);
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
                            "To import a file of decisions, one JSON object a line, run\n\n"
                            "<tt>%s</tt>"),
                          escaped);
}

static char *
describe_overview (const OpenResult *result)
{
  g_autofree char *count = g_strdup_printf ("%'" G_GINT64_FORMAT, result->n_decisions);
  g_autofree char *decisions = NULL;
  g_autofree char *models = NULL;
  gulong n = (gulong) CLAMP (result->n_decisions, 0, G_MAXLONG);

  decisions = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%s logged decision", "%s logged decisions", n),
                               count);
  models = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u model", "%u models", result->n_models),
                            result->n_models);

  /* Translators: the first %s is "N logged decisions", the second "N models" */
  return g_markup_printf_escaped (_("This database holds %s, from %s. Charts of their volume, "
                                     "confidence and alerts will be shown here."),
                                   decisions, models);
}

static void
show_result (VigilWindow      *self,
             const OpenResult *result)
{
  show_purpose (self, result->purpose);

  if (result->n_decisions == 0)
    {
      g_autofree char *description = describe_empty (self);

      adw_status_page_set_description (self->empty_page, description);
      gtk_stack_set_visible_child (self->dashboard_stack, GTK_WIDGET (self->empty_page));
    }
  else
    {
      g_autofree char *description = describe_overview (result);

      adw_status_page_set_description (self->overview_page, description);
      gtk_stack_set_visible_child (self->dashboard_stack, GTK_WIDGET (self->overview_page));
    }

  show_content (self, "content");
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
  g_autofree char *path = g_file_get_path (request->file);
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
  if (result->store == NULL)
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

      g_debug ("Cannot open %s: %s", name, error->message);
      show_error (self, error);
    }
  else
    {
      g_autofree char *path = g_file_get_path (self->file);

      set_store (self, result->store);
      show_result (self, result);
      g_settings_set_string (self->settings, "last-database", path);
    }

  set_busy (self, FALSE);
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
  g_autoptr(GTask) task = NULL;
  OpenRequest *request;

  g_return_if_fail (VIGIL_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (g_set_object (&self->file, file))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);

  set_store (self, NULL);
  set_busy (self, TRUE);

  show_file (self);
  show_purpose (self, VIGIL_PURPOSE_PRODUCTION);
  gtk_label_set_label (self->purpose_label, NULL);
  show_content (self, "loading");

  request = g_new0 (OpenRequest, 1);
  request->file = g_object_ref (file);
  request->flags = flags;

  task = g_task_new (self, self->cancellable, open_cb, NULL);
  g_task_set_source_tag (task, vigil_window_open);
  g_task_set_task_data (task, request, (GDestroyNotify) open_request_free);
  g_task_run_in_thread (task, open_thread);
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
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  if (adw_view_stack_get_child_by_name (self->view_stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, name);
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
  save_window_state (VIGIL_WINDOW (window));

  return GTK_WINDOW_CLASS (vigil_window_parent_class)->close_request (window);
}

static void
vigil_window_dispose (GObject *object)
{
  VigilWindow *self = VIGIL_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->file);
  g_clear_object (&self->settings);

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

    case PROP_STORE:
      g_value_set_object (value, self->store);
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

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         VIGIL_TYPE_STORE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/finsecure/Vigil/vigil-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, training_revealer);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, dashboard_stack);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, overview_page);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, path_label);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, purpose_label);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
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

  show_content (self, "loading");
}
