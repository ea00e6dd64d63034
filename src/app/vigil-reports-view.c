/* vigil-reports-view.c: the audit reports exported from a database, and New Report
 *
 * Each export of a report is a row of the database's `reports` table: the view lists them,
 * newest first, with the period and models they cover, who generated and who signed them,
 * the SHA-256 of the PDF and the ledger head the report seals, so that an auditor can match
 * a PDF on their desk to its record and check the head with `vigilctl verify --expect-head`.
 * The list is read off the main thread and read again whenever the database changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-reports-view"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-report-dialog.h"
#include "vigil-report-files.h"
#include "vigil-report.h"
#include "vigil-reports-view.h"
#include "vigil-view.h"
#include "vigil-summary-text.h"

/* How many hex digits of a hash the list shows before the full hash is asked for */
#define SHORT_HASH 12

struct _VigilReportsView
{
  AdwBin          parent_instance;

  VigilDatabase  *database;
  gulong          changed_id;
  char           *model_name;
  char           *reviewer;
  VigilPeriod     period;
  GCancellable   *load_cancellable;
  GListModel     *reports;
  guint           loading : 1;

  GtkStack       *main_stack;
  GtkSpinner     *spinner;
  AdwStatusPage  *error_page;
  GtkLabel       *count_label;
  GtkListBox     *list_box;
  AdwToastOverlay *toast_overlay;

  /* SHA-256 of a PDF → the path this computer exported it to, as read with the list */
  GHashTable     *exported;
};

/* What the list is read with: the reports, and where this computer put their PDFs */
typedef struct
{
  GListModel *reports;
  GHashTable *exported;
} ReportsLoad;

static void vigil_reports_view_view_init (VigilViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VigilReportsView, vigil_reports_view, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (VIGIL_TYPE_VIEW, vigil_reports_view_view_init))

enum
{
  PROP_0,
  PROP_DATABASE,
  PROP_MODEL_NAME,
  PROP_REVIEWER,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void reload (VigilReportsView *self);

static gboolean
replace_string (char       **field,
                const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

GtkWidget *
vigil_reports_view_new (void)
{
  return g_object_new (VIGIL_TYPE_REPORTS_VIEW, NULL);
}

/* "2026-11-23 14:05 UTC" of DESIGN's timestamp */
static char *
format_when (const char *timestamp)
{
  if (timestamp == NULL || strlen (timestamp) < 16)
    return g_strdup (timestamp != NULL ? timestamp : "");
  /* Translators: a date and a time of day, "2026-11-23 14:05 UTC" */
  return g_strdup_printf (_("%.10s %.5s UTC"), timestamp, timestamp + 11);
}

static char *
shorten_hash (const char *hash)
{
  if (hash == NULL)
    return NULL;
  if (strlen (hash) <= SHORT_HASH)
    return g_strdup (hash);
  return g_strdup_printf ("%.*s…", SHORT_HASH, hash);
}

/* A detail of a report: what it is, and its value, selectable to copy */
static GtkWidget *
make_detail_row (const char *title,
                 const char *value,
                 gboolean    monospace)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *value_label = gtk_label_new (value);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);

  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_widget_add_css_class (title_label, "caption-heading");
  gtk_widget_add_css_class (title_label, "dim-label");

  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  if (monospace)
    gtk_widget_add_css_class (value_label, "monospace");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (value_label),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, title_label, NULL, -1);

  gtk_box_append (GTK_BOX (box), title_label);
  gtk_box_append (GTK_BOX (box), value_label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

/* Where the PDF is on this computer, with Open and Show in Folder; or that this computer
 * did not export it. Its value label is named "file-value" and says what a check found. */
static GtkWidget *
make_file_row (VigilReportsView *self,
               const char       *sha256)
{
  const char *path = self->exported ? g_hash_table_lookup (self->exported, sha256) : NULL;
  GtkWidget *row;
  GtkWidget *box;
  GtkWidget *value;
  GtkWidget *buttons;
  GtkWidget *open;
  GtkWidget *show;

  row = make_detail_row (_("File on this computer"),
                         path != NULL ? path : _("Not exported from this computer"), FALSE);
  if (path == NULL)
    return row;

  box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
  value = gtk_widget_get_last_child (box);
  gtk_widget_set_name (value, "file-value");
  g_object_set_data_full (G_OBJECT (value), "sha256", g_strdup (sha256), g_free);
  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_top (buttons, 4);
  open = gtk_button_new_with_mnemonic (_("_Open"));
  gtk_widget_set_tooltip_text (open, _("Open the PDF, once it is checked to be the one "
                                       "exported"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (open), "report.open");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (open), "s", sha256);
  show = gtk_button_new_with_mnemonic (_("Show in _Folder"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (show), "report.show-in-folder");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (show), "s", sha256);
  gtk_box_append (GTK_BOX (buttons), open);
  gtk_box_append (GTK_BOX (buttons), show);
  gtk_box_append (GTK_BOX (box), buttons);
  return row;
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  VigilReportsView *self = user_data;
  VigilReportInfo *info = item;
  const char *models = vigil_report_info_get_models (info);
  const char *signatories = vigil_report_info_get_signatories (info);
  const char *sha256 = vigil_report_info_get_pdf_sha256 (info);
  const char *head = vigil_report_info_get_ledger_head (info);
  g_autofree char *period = NULL;
  g_autofree char *when = format_when (vigil_report_info_get_generated_at (info));
  g_autofree char *short_hash = shorten_hash (sha256);
  g_autofree char *subtitle = NULL;
  g_autofree char *records = NULL;
  g_autofree char *head_text = NULL;
  g_autofree char *models_text = NULL;
  GtkWidget *row;

  period = vigil_period_describe_range (vigil_report_info_get_period_start (info),
                                        vigil_report_info_get_period_end (info));
  if (sha256 != NULL)
    /* Translators: a past report's second line: when, by whom, and the start of its PDF's
     * SHA-256 */
    subtitle = g_strdup_printf (_("%s by %s · PDF %s"), when,
                                vigil_report_info_get_generated_by (info), short_hash);
  else
    /* Translators: a past report exported as JSON only: when and by whom */
    subtitle = g_strdup_printf (_("%s by %s · JSON"), when,
                                vigil_report_info_get_generated_by (info));

  row = adw_expander_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), period != NULL ? period : "");
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  if (sha256 != NULL)
    {
      g_autofree char *tooltip = NULL;

      /* Translators: the tooltip of a past report, %s is the PDF's full SHA-256 */
      tooltip = g_strdup_printf (_("SHA-256 of the PDF: %s"), sha256);
      gtk_widget_set_tooltip_text (row, tooltip);
    }

  if (models == NULL || models[0] == '\0')
    models_text = g_strdup (_("All models"));
  else
    {
      g_auto(GStrv) names = g_strsplit (models, ",", -1);

      models_text = g_strjoinv (", ", names);
    }
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            make_detail_row (_("Models"), models_text, FALSE));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            make_detail_row (_("Prepared by"),
                                             vigil_report_info_get_generated_by (info), FALSE));
  /* Vigil records who is to sign; the signatures themselves are on the paper. */
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            make_detail_row (_("To be signed by"),
                                             signatories != NULL && signatories[0] != '\0'
                                             ? signatories : _("Nobody named"), FALSE));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            make_detail_row (_("PDF SHA-256"),
                                             sha256 != NULL ? sha256
                                             : _("None: exported as JSON only"),
                                             sha256 != NULL));
  if (sha256 != NULL)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row), make_file_row (self, sha256));
  records = vigil_summary_text_format_count (vigil_report_info_get_ledger_records (info));
  /* Translators: the ledger head a report seals, and the number of ledger records */
  head_text = g_strdup_printf (_("%s (%s records)"), head != NULL ? head : "", records);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            make_detail_row (_("Ledger head"), head_text, TRUE));
  return row;
}

/* Opening an exported PDF: checked first to be the one the database records */

typedef struct
{
  char                 *sha256;
  char                 *path;
  VigilReportFileState  state;
  gboolean              show_folder;
} FileCheck;

static void
file_check_free (FileCheck *check)
{
  g_free (check->sha256);
  g_free (check->path);
  g_free (check);
}

static void
show_toast (VigilReportsView *self,
            const char       *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static GtkLabel *
find_file_label (GtkWidget  *widget,
                 const char *sha256)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), "file-value") == 0 &&
      g_strcmp0 (g_object_get_data (G_OBJECT (widget), "sha256"), sha256) == 0)
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_file_label (child, sha256);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
check_file_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  FileCheck *check = task_data;
  GError *error = NULL;

  check->state = vigil_report_files_check (check->sha256, &check->path, cancellable, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
launched_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(VigilReportsView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Translators: %s says why */
      g_autofree char *message = g_strdup_printf (_("Could not open it: %s"), error->message);

      show_toast (self, message);
    }
}

static void
launch_uri (VigilReportsView *self,
            const char       *uri)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (!GTK_IS_WINDOW (root))
    return;
  gtk_show_uri_full (GTK_WINDOW (root), uri, GDK_CURRENT_TIME, NULL, launched_cb,
                     g_object_ref (self));
}

/* The file manager selects the file in its folder (org.freedesktop.FileManager1, which
 * Files and most file managers implement); without one, the folder is opened. */
static void
open_folder (VigilReportsView *self,
             const char       *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(GFile) file = g_file_new_for_path (folder);
  g_autofree char *uri = g_file_get_uri (file);

  launch_uri (self, uri);
}

static void
shown_in_folder_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FileCheck *check = g_task_get_task_data (task);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (reply == NULL)
    {
      g_debug ("No file manager to show %s (%s); opening its folder", check->path,
               error->message);
      open_folder (g_task_get_source_object (task), check->path);
    }
}

static void
show_in_folder (VigilReportsView *self,
                GTask            *task)
{
  FileCheck *check = g_task_get_task_data (task);
  GDBusConnection *bus = g_application_get_dbus_connection (g_application_get_default ());
  g_autoptr(GFile) file = g_file_new_for_path (check->path);
  g_autofree char *uri = g_file_get_uri (file);
  const char *uris[] = { uri, NULL };

  if (bus == NULL)
    {
      open_folder (self, check->path);
      return;
    }
  g_dbus_connection_call (bus, "org.freedesktop.FileManager1", "/org/freedesktop/FileManager1",
                          "org.freedesktop.FileManager1", "ShowItems",
                          g_variant_new ("(^ass)", uris, ""), NULL,
                          G_DBUS_CALL_FLAGS_NONE, -1, NULL, shown_in_folder_cb,
                          g_object_ref (task));
}

static void
file_checked_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  VigilReportsView *self = VIGIL_REPORTS_VIEW (object);
  GTask *task = G_TASK (result);
  FileCheck *check = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *label_text = NULL;
  GtkLabel *label;

  if (!g_task_propagate_boolean (task, &error))
    {
      show_toast (self, error->message);
      return;
    }

  label = find_file_label (GTK_WIDGET (self->list_box), check->sha256);
  switch (check->state)
    {
    case VIGIL_REPORT_FILE_FOUND:
      if (label != NULL)
        gtk_label_set_label (label, check->path);
      if (check->show_folder)
        show_in_folder (self, task);
      else
        {
          g_autoptr(GFile) file = g_file_new_for_path (check->path);
          g_autofree char *uri = g_file_get_uri (file);

          launch_uri (self, uri);
        }
      return;

    case VIGIL_REPORT_FILE_CHANGED:
      /* Translators: %s is a path */
      label_text = g_strdup_printf (_("%s: changed since it was exported (its SHA-256 is "
                                      "not the report’s)"), check->path);
      if (check->show_folder)
        show_in_folder (self, task);
      else
        /* Translators: %s is a path */
        message = g_strdup_printf (_("%s is not the exported report: it changed since. It "
                                     "was not opened."), check->path);
      break;

    case VIGIL_REPORT_FILE_MISSING:
      /* Translators: %s is a path */
      label_text = g_strdup_printf (_("%s: no longer there (moved or deleted)"), check->path);
      /* Translators: %s is a path */
      message = g_strdup_printf (_("The report is no longer at %s: it was moved or deleted."),
                                 check->path);
      break;

    case VIGIL_REPORT_FILE_UNKNOWN:
    default:
      label_text = g_strdup (_("Not exported from this computer"));
      message = g_strdup (_("This computer has no note of where the report was exported."));
      break;
    }

  if (label != NULL && label_text != NULL)
    gtk_label_set_label (label, label_text);
  if (message != NULL)
    show_toast (self, message);
}

static void
check_file (VigilReportsView *self,
            const char       *sha256,
            gboolean          show_folder)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, file_checked_cb, NULL);
  FileCheck *check = g_new0 (FileCheck, 1);

  check->sha256 = g_strdup (sha256);
  check->show_folder = show_folder;
  g_task_set_source_tag (task, check_file);
  g_task_set_task_data (task, check, (GDestroyNotify) file_check_free);
  g_task_run_in_thread (task, check_file_thread);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  check_file (VIGIL_REPORTS_VIEW (widget), g_variant_get_string (parameter, NULL), FALSE);
}

static void
show_in_folder_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  check_file (VIGIL_REPORTS_VIEW (widget), g_variant_get_string (parameter, NULL), TRUE);
}

/* Loading */

static void
set_loading (VigilReportsView *self,
             gboolean          loading)
{
  loading = !!loading;
  if (self->loading == loading)
    return;

  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
reports_load_free (ReportsLoad *load)
{
  g_clear_object (&load->reports);
  g_clear_pointer (&load->exported, g_hash_table_unref);
  g_free (load);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReportsLoad, reports_load_free)

static gpointer
load_thread (VigilStore    *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(ReportsLoad) load = g_new0 (ReportsLoad, 1);
  guint n;

  load->reports = vigil_store_list_reports (store, error);
  if (load->reports == NULL)
    return NULL;
  load->exported = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  n = g_list_model_get_n_items (load->reports);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VigilReportInfo) info = g_list_model_get_item (load->reports, i);
      const char *sha256 = vigil_report_info_get_pdf_sha256 (info);
      char *path = sha256 != NULL ? vigil_report_files_lookup (sha256) : NULL;

      if (path != NULL)
        g_hash_table_replace (load->exported, g_strdup (sha256), path);
    }
  return g_steal_pointer (&load);
}

static void
show_reports (VigilReportsView *self,
              GListModel       *reports)
{
  guint n = g_list_model_get_n_items (reports);
  g_autofree char *count = NULL;

  g_set_object (&self->reports, reports);
  gtk_list_box_bind_model (self->list_box, reports, create_row_cb, self, NULL);
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u report exported",
                                        "%u reports exported", n), n);
  gtk_label_set_label (self->count_label, count);
  gtk_stack_set_visible_child_name (self->main_stack, n > 0 ? "list" : "empty");
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(VigilReportsView) self = user_data;
  g_autoptr(ReportsLoad) load = NULL;
  g_autoptr(GError) error = NULL;

  load = vigil_database_run_finish (VIGIL_DATABASE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_loading (self, FALSE);
  if (load == NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      g_warning ("Cannot read the reports: %s", error->message);
      g_clear_object (&self->reports);
      gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);
      adw_status_page_set_description (self->error_page, escaped);
      gtk_stack_set_visible_child_name (self->main_stack, "error");
      return;
    }

  g_clear_pointer (&self->exported, g_hash_table_unref);
  self->exported = g_steal_pointer (&load->exported);
  show_reports (self, load->reports);
}

static void
reload (VigilReportsView *self)
{
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);

  if (self->database == NULL)
    {
      set_loading (self, FALSE);
      g_clear_object (&self->reports);
      gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);
      gtk_stack_set_visible_child_name (self->main_stack, "empty");
      return;
    }

  self->load_cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  if (self->reports == NULL)
    gtk_stack_set_visible_child_name (self->main_stack, "loading");
  vigil_database_run_async (self->database, VIGIL_DATABASE_READ, load_thread, NULL, NULL,
                            (GDestroyNotify) reports_load_free, self->load_cancellable, load_cb,
                            g_object_ref (self));
}

/* Properties */

void
vigil_reports_view_set_database (VigilReportsView *self,
                                 VigilDatabase    *database)
{
  g_return_if_fail (VIGIL_IS_REPORTS_VIEW (self));
  g_return_if_fail (database == NULL || VIGIL_IS_DATABASE (database));

  if (self->database == database)
    return;

  g_clear_signal_handler (&self->changed_id, self->database);
  g_set_object (&self->database, database);
  g_clear_object (&self->reports);
  if (database != NULL)
    self->changed_id = g_signal_connect_object (database, "changed", G_CALLBACK (reload), self,
                                                G_CONNECT_SWAPPED);
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATABASE]);
}

VigilDatabase *
vigil_reports_view_get_database (VigilReportsView *self)
{
  g_return_val_if_fail (VIGIL_IS_REPORTS_VIEW (self), NULL);

  return self->database;
}

/**
 * vigil_reports_view_set_model_name:
 * @model_name: (nullable): the window's model, which New Report proposes; %NULL for all
 */
void
vigil_reports_view_set_model_name (VigilReportsView *self,
                                   const char       *model_name)
{
  g_return_if_fail (VIGIL_IS_REPORTS_VIEW (self));

  if (replace_string (&self->model_name, model_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL_NAME]);
}

const char *
vigil_reports_view_get_model_name (VigilReportsView *self)
{
  g_return_val_if_fail (VIGIL_IS_REPORTS_VIEW (self), NULL);

  return self->model_name;
}

/**
 * vigil_reports_view_set_period:
 * @period: the window's period, which New Report proposes
 */
void
vigil_reports_view_set_period (VigilReportsView  *self,
                               const VigilPeriod *period)
{
  g_return_if_fail (VIGIL_IS_REPORTS_VIEW (self));
  g_return_if_fail (period != NULL);

  self->period = *period;
}

const VigilPeriod *
vigil_reports_view_get_period (VigilReportsView *self)
{
  g_return_val_if_fail (VIGIL_IS_REPORTS_VIEW (self), NULL);

  return &self->period;
}

/**
 * vigil_reports_view_set_reviewer:
 * @reviewer: (nullable): who uses the window: the report's author and its Risk Officer
 *   unless changed
 */
void
vigil_reports_view_set_reviewer (VigilReportsView *self,
                                 const char       *reviewer)
{
  g_return_if_fail (VIGIL_IS_REPORTS_VIEW (self));

  if (replace_string (&self->reviewer, reviewer))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVIEWER]);
}

const char *
vigil_reports_view_get_reviewer (VigilReportsView *self)
{
  g_return_val_if_fail (VIGIL_IS_REPORTS_VIEW (self), NULL);

  return self->reviewer;
}

gboolean
vigil_reports_view_get_loading (VigilReportsView *self)
{
  g_return_val_if_fail (VIGIL_IS_REPORTS_VIEW (self), FALSE);

  return self->loading;
}

/**
 * vigil_reports_view_get_reports:
 *
 * Returns: (transfer none) (nullable): the reports listed, newest first
 */
GListModel *
vigil_reports_view_get_reports (VigilReportsView *self)
{
  g_return_val_if_fail (VIGIL_IS_REPORTS_VIEW (self), NULL);

  return self->reports;
}

/**
 * vigil_reports_view_new_report:
 *
 * Returns: (transfer none) (nullable): the New Report window, presented
 */
GtkWindow *
vigil_reports_view_new_report (VigilReportsView *self)
{
  GtkRoot *root;
  VigilReportDialog *dialog;

  g_return_val_if_fail (VIGIL_IS_REPORTS_VIEW (self), NULL);

  if (self->database == NULL)
    return NULL;

  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = vigil_report_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                    self->database, &self->period, self->model_name,
                                    self->reviewer);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

static void
vigil_reports_view_dispose (GObject *object)
{
  VigilReportsView *self = VIGIL_REPORTS_VIEW (object);

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_signal_handler (&self->changed_id, self->database);
  g_clear_object (&self->database);
  g_clear_object (&self->reports);
  g_clear_pointer (&self->exported, g_hash_table_unref);
  g_clear_pointer (&self->model_name, g_free);
  g_clear_pointer (&self->reviewer, g_free);

  G_OBJECT_CLASS (vigil_reports_view_parent_class)->dispose (object);
}

static void
vigil_reports_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  VigilReportsView *self = VIGIL_REPORTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->database);
      break;

    case PROP_MODEL_NAME:
      g_value_set_string (value, self->model_name);
      break;

    case PROP_REVIEWER:
      g_value_set_string (value, self->reviewer);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_reports_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  VigilReportsView *self = VIGIL_REPORTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      vigil_reports_view_set_database (self, g_value_get_object (value));
      break;

    case PROP_MODEL_NAME:
      vigil_reports_view_set_model_name (self, g_value_get_string (value));
      break;

    case PROP_REVIEWER:
      vigil_reports_view_set_reviewer (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_reports_view_class_init (VigilReportsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_reports_view_dispose;
  object_class->get_property = vigil_reports_view_get_property;
  object_class->set_property = vigil_reports_view_set_property;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL, VIGIL_TYPE_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODEL_NAME] =
    g_param_spec_string ("model-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REVIEWER] =
    g_param_spec_string ("reviewer", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/finsecure/Vigil/vigil-reports-view.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilReportsView, main_stack);
  gtk_widget_class_bind_template_child (widget_class, VigilReportsView, spinner);
  gtk_widget_class_bind_template_child (widget_class, VigilReportsView, error_page);
  gtk_widget_class_bind_template_child (widget_class, VigilReportsView, count_label);
  gtk_widget_class_bind_template_child (widget_class, VigilReportsView, list_box);
  gtk_widget_class_bind_template_child (widget_class, VigilReportsView, toast_overlay);

  gtk_widget_class_install_action (widget_class, "report.open", "s", open_action);
  gtk_widget_class_install_action (widget_class, "report.show-in-folder", "s",
                                   show_in_folder_action);
}

static void
vigil_reports_view_init (VigilReportsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->exported = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  /* The last complete week until the window hands its period over */
  if (!vigil_period_init_complete_days (&self->period, NULL, 7, NULL))
    g_return_if_reached ();
  gtk_stack_set_visible_child_name (self->main_stack, "empty");
}

static void
view_set_database (VigilView     *view,
                   VigilDatabase *database)
{
  vigil_reports_view_set_database (VIGIL_REPORTS_VIEW (view), database);
}

static void
view_set_scope (VigilView         *view,
                const char        *model_name,
                const VigilPeriod *period)
{
  VigilReportsView *self = VIGIL_REPORTS_VIEW (view);

  vigil_reports_view_set_model_name (self, model_name);
  vigil_reports_view_set_period (self, period);
}

static void
view_set_reviewer (VigilView  *view,
                   const char *reviewer)
{
  vigil_reports_view_set_reviewer (VIGIL_REPORTS_VIEW (view), reviewer);
}

static void
vigil_reports_view_view_init (VigilViewInterface *iface)
{
  iface->set_database = view_set_database;
  iface->set_scope = view_set_scope;
  iface->set_reviewer = view_set_reviewer;
}
