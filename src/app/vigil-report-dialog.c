/* vigil-report-dialog.c: New Report: a period, models and sign-off names, a page preview,
 * and the PDF and JSON exports
 *
 * A modal window over the main window with three pages: the form, the progress of a job,
 * and the preview. Building the report verifies the whole ledger, which takes seconds on a
 * big database, so it runs as a VigilJob on a connection of its own, cancellable. The
 * preview draws the pages with the code that writes the PDF (vigil-report-preview.c) and
 * lists the compliance statements, those that do not hold marked. Each export is written
 * in a job too, then recorded in the database (the PDF with its SHA-256), which makes the
 * Reports view read its list again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-report-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vigil-output.h"
#include "vigil-report-dialog.h"
#include "vigil-report-files.h"
#include "vigil-report-preview.h"
#include "vigil-summary-text.h"

struct _VigilReportDialog
{
  AdwWindow            parent_instance;

  VigilDatabase       *database;
  char                *reviewer;
  char                *model_name;      /* proposed, NULL for all */
  VigilJob            *job;
  VigilReport         *report;
  VigilPaper           paper;           /* of the report built */
  GCancellable        *cancellable;
  GPtrArray           *model_checks;    /* GtkCheckButton, named by their model */
  GPtrArray           *statement_rows;
  GPtrArray           *signer_rows;     /* AdwActionRow, with their role and name entries */
  gint64               last_export;

  AdwToastOverlay     *toast_overlay;
  AdwWindowTitle      *window_title;
  GtkButton           *cancel_button;
  GtkButton           *back_button;
  GtkButton           *build_button;
  GtkStack            *stack;
  AdwEntryRow         *first_row;
  AdwEntryRow         *last_row;
  GtkLabel            *period_error;
  AdwPreferencesGroup *models_group;
  GtkCheckButton      *all_check;
  GtkLabel            *models_error;
  AdwPreferencesGroup *signers_group;
  GtkCheckButton      *a4_check;
  GtkCheckButton      *letter_check;
  AdwStatusPage       *busy_page;
  GtkProgressBar      *progress_bar;
  GtkLabel            *phase_label;
  GtkLabel            *summary_label;
  GtkButton           *export_pdf_button;
  GtkButton           *export_json_button;
  GtkButton           *previous_button;
  GtkLabel            *page_label;
  GtkButton           *next_button;
  VigilReportPreview  *preview;
  AdwPreferencesGroup *statements_group;
};

G_DEFINE_FINAL_TYPE (VigilReportDialog, vigil_report_dialog, ADW_TYPE_WINDOW)

typedef struct
{
  VigilDatabase *database;
  VigilPeriod    period;
  GStrv          models;
  char          *generated_by;
} BuildRequest;

typedef struct
{
  VigilReport *report;
  char        *path;
  char        *database;
  VigilPaper   paper;
  gboolean     json;
} ExportRequest;

typedef struct
{
  char *sha256;
  char *path;
} ExportResult;

typedef struct
{
  VigilReport *report;
  char        *sha256;
  char        *path;
} RecordRequest;

typedef struct
{
  gint64  id;
  char   *note;  /* why the Reports view will not find the file, if it will not */
} RecordResult;

static void
build_request_free (BuildRequest *request)
{
  g_clear_object (&request->database);
  g_strfreev (request->models);
  g_free (request->generated_by);
  g_free (request);
}

static void
export_request_free (ExportRequest *request)
{
  g_clear_object (&request->report);
  g_free (request->path);
  g_free (request->database);
  g_free (request);
}

static void
export_result_free (ExportResult *result)
{
  g_free (result->sha256);
  g_free (result->path);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExportResult, export_result_free)

static void
record_result_free (RecordResult *result)
{
  g_free (result->note);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RecordResult, record_result_free)

static void
record_request_free (RecordRequest *request)
{
  g_clear_object (&request->report);
  g_free (request->sha256);
  g_free (request->path);
  g_free (request);
}

static void
toast (VigilReportDialog *self,
       const char        *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 6);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static gboolean
job_running (VigilReportDialog *self)
{
  return self->job != NULL && vigil_job_get_running (self->job);
}

/* Pages and buttons */

static void
show_page (VigilReportDialog *self,
           const char        *name)
{
  gboolean setup = g_str_equal (name, "setup");
  gboolean busy = g_str_equal (name, "busy");
  gboolean preview = g_str_equal (name, "preview");

  gtk_stack_set_visible_child_name (self->stack, name);
  gtk_button_set_label (self->cancel_button, preview ? _("_Close") : _("_Cancel"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->cancel_button),
                               busy ? _("Stop, and write nothing") : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), preview);
  gtk_widget_set_visible (GTK_WIDGET (self->build_button), setup);
  adw_window_title_set_subtitle (self->window_title, NULL);
  if (preview && self->report != NULL)
    {
      g_autofree char *period = NULL;
      char from[VIGIL_TIMESTAMP_LEN], to[VIGIL_TIMESTAMP_LEN];

      vigil_period_get_bounds (vigil_report_get_period (self->report), from, to);
      period = vigil_period_describe_range (from, to);
      adw_window_title_set_subtitle (self->window_title, period);
      /* On what comes next, not on the summary, which the focus would select whole */
      gtk_widget_grab_focus (GTK_WIDGET (self->export_pdf_button));
    }
}

/* The form */

static char *
dup_row_text (AdwEntryRow *row)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));

  return g_strdup (g_strstrip (text));
}

static void
set_error (GtkLabel   *label,
           const char *message)
{
  gtk_label_set_label (label, message);
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

/* Checks the form, says what is wrong beside it, and gives what it asks for. */
static gboolean
validate (VigilReportDialog *self,
          VigilPeriod       *out_period,
          GStrv             *out_models)
{
  g_autofree char *first = dup_row_text (self->first_row);
  g_autofree char *last = dup_row_text (self->last_row);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GError) error = NULL;
  gboolean all = gtk_check_button_get_active (self->all_check);
  gboolean ok = TRUE;
  VigilPeriod period;
  guint n_models = 0;

  gtk_widget_remove_css_class (GTK_WIDGET (self->first_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->last_row), "error");
  if (first[0] == '\0' || last[0] == '\0')
    {
      set_error (self->period_error, _("Enter the first and the last day, as YYYY-MM-DD."));
      gtk_widget_add_css_class (GTK_WIDGET (first[0] == '\0' ? self->first_row : self->last_row),
                                "error");
      ok = FALSE;
    }
  else if (!vigil_period_init_range (&period, first, first, &error))
    {
      set_error (self->period_error, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->first_row), "error");
      ok = FALSE;
    }
  else if (!vigil_period_init_range (&period, last, last, &error) ||
           !vigil_period_init_range (&period, first, last, &error))
    {
      set_error (self->period_error, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->last_row), "error");
      ok = FALSE;
    }
  else
    {
      set_error (self->period_error, NULL);
    }

  for (guint i = 0; i < self->model_checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->model_checks, i);

      gtk_widget_set_sensitive (gtk_widget_get_ancestor (GTK_WIDGET (check),
                                                         ADW_TYPE_ACTION_ROW), !all);
      if (!all && gtk_check_button_get_active (check))
        {
          g_strv_builder_add (builder, gtk_widget_get_name (GTK_WIDGET (check)));
          n_models++;
        }
    }
  if (!all && n_models == 0)
    {
      set_error (self->models_error, _("Choose at least one model, or all models."));
      ok = FALSE;
    }
  else
    {
      set_error (self->models_error, NULL);
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->build_button), ok && !job_running (self));
  if (ok && out_period != NULL)
    *out_period = period;
  if (ok && out_models != NULL)
    *out_models = all ? NULL : g_strv_builder_end (builder);
  return ok;
}

static void
form_changed_cb (VigilReportDialog *self)
{
  validate (self, NULL, NULL);
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
models_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(VigilReportDialog) self = user_data;
  g_autoptr(GListModel) models = NULL;
  g_autoptr(GError) error = NULL;
  gboolean proposed = FALSE;
  guint n;

  models = vigil_database_run_finish (VIGIL_DATABASE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (models == NULL)
    {
      set_error (self->models_error, error->message);
      return;
    }

  n = g_list_model_get_n_items (models);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VigilModelInfo) info = g_list_model_get_item (models, i);
      const char *name = vigil_model_info_get_name (info);
      g_autofree char *count = vigil_summary_text_format_count (vigil_model_info_get_decision_count (info));
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      /* Translators: a model's number of decisions, in the whole database */
      subtitle = g_strdup_printf (_("%s decisions logged"), count);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_widget_set_name (check, name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      if (g_strcmp0 (name, self->model_name) == 0)
        {
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
          proposed = TRUE;
        }
      g_signal_connect_object (check, "toggled", G_CALLBACK (form_changed_cb), self,
                               G_CONNECT_SWAPPED);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_preferences_group_add (self->models_group, row);
      g_ptr_array_add (self->model_checks, check);
    }

  /* The model the window shows, when it shows one */
  if (proposed)
    gtk_check_button_set_active (self->all_check, FALSE);
  validate (self, NULL, NULL);
}

/* Jobs */

static void
job_progress_cb (VigilReportDialog *self)
{
  double fraction;

  if (self->job == NULL)
    return;

  fraction = vigil_job_get_fraction (self->job);
  if (fraction < 0)
    gtk_progress_bar_pulse (self->progress_bar);
  else
    gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  gtk_label_set_label (self->phase_label, vigil_job_get_message (self->job));
}

static void
start_job (VigilReportDialog   *self,
           const char          *title,
           VigilJobFunc         func,
           gpointer             data,
           GDestroyNotify       data_free,
           GDestroyNotify       result_free,
           GAsyncReadyCallback  callback)
{
  if (self->job != NULL)
    g_signal_handlers_disconnect_by_data (self->job, self);
  g_clear_object (&self->job);
  self->job = vigil_job_new (title);
  g_signal_connect_object (self->job, "notify::fraction", G_CALLBACK (job_progress_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->job, "notify::message", G_CALLBACK (job_progress_cb), self,
                           G_CONNECT_SWAPPED);

  adw_status_page_set_title (self->busy_page, title);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_label_set_label (self->phase_label, NULL);
  show_page (self, "busy");
  vigil_job_run_async (self->job, func, data, data_free, result_free, callback,
                       g_object_ref (self));
}

static void
report_progress_cb (double      fraction,
                    const char *phase,
                    gpointer    user_data)
{
  vigil_job_update (user_data, fraction, phase);
}

/* Build */

static gpointer
build_func (VigilJob      *job,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  BuildRequest *request = data;
  g_autoptr(VigilStore) store = vigil_database_open_connection (request->database, error);

  if (store == NULL)
    return NULL;
  return vigil_report_build (store, &request->period, (const char * const *) request->models,
                             NULL, request->generated_by, cancellable, report_progress_cb, job,
                             error);
}

static void
page_changed_cb (VigilReportDialog *self)
{
  guint n = vigil_report_preview_get_n_pages (self->preview);
  guint page = vigil_report_preview_get_page (self->preview);
  g_autofree char *text = NULL;

  /* Translators: the page preview, "Page 2 of 9" */
  text = g_strdup_printf (_("Page %u of %u"), n > 0 ? page + 1 : 0, n);
  gtk_label_set_label (self->page_label, text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->previous_button), page > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->next_button), page + 1 < n);
}

static void
previous_clicked_cb (VigilReportDialog *self)
{
  guint page = vigil_report_preview_get_page (self->preview);

  if (page > 0)
    vigil_report_preview_set_page (self->preview, page - 1);
}

static void
next_clicked_cb (VigilReportDialog *self)
{
  vigil_report_preview_set_page (self->preview, vigil_report_preview_get_page (self->preview) + 1);
}

static void
show_statements (VigilReportDialog *self)
{
  guint n = vigil_report_get_n_statements (self->report);

  for (guint i = 0; i < self->statement_rows->len; i++)
    adw_preferences_group_remove (self->statements_group,
                                  g_ptr_array_index (self->statement_rows, i));
  g_ptr_array_set_size (self->statement_rows, 0);

  for (guint i = 0; i < n; i++)
    {
      const VigilReportStatement *statement = vigil_report_get_statement (self->report, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon;
      gboolean met = statement->verdict == VIGIL_REPORT_VERDICT_MET;
      gboolean no_data = statement->verdict == VIGIL_REPORT_VERDICT_NO_DATA;
      g_autofree char *subtitle = NULL;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), statement->title);
      adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);
      subtitle = g_strdup_printf ("%s\n%s", statement->text, statement->provisions);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      icon = gtk_image_new_from_icon_name (met ? "emblem-ok-symbolic"
                                               : no_data ? "dialog-question-symbolic"
                                               : "dialog-warning-symbolic");
      gtk_widget_add_css_class (icon, met ? "success" : no_data ? "warning" : "error");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_widget_set_name (row, met ? "statement-met"
                                : no_data ? "statement-no-data" : "statement-not-met");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      vigil_report_verdict_get_label (statement->verdict), -1);
      if (!met)
        {
          GtkWidget *label = gtk_label_new (vigil_report_verdict_get_label (statement->verdict));

          gtk_widget_add_css_class (label, no_data ? "warning" : "error");
          gtk_widget_add_css_class (label, "heading");
          if (!no_data)
            gtk_widget_add_css_class (row, "error");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
        }
      adw_preferences_group_add (self->statements_group, row);
      g_ptr_array_add (self->statement_rows, row);
    }
}

static void
show_summary (VigilReportDialog *self)
{
  g_autofree char *decisions = vigil_summary_text_format_count (vigil_report_get_total_decisions (self->report));
  g_autofree char *records = vigil_summary_text_format_count (vigil_report_get_ledger_records (self->report));
  g_autofree char *figures = NULL;
  g_autofree char *ledger = NULL;
  g_autofree char *text = NULL;
  guint n_alerts = vigil_report_get_n_alerts (self->report);

  if (vigil_report_is_empty (self->report))
    figures = g_strdup (_("No decisions were logged in this period."));
  else
    /* Translators: "1,234 decisions and 5 alerts in the period." */
    figures = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%s decisions and %u alert in the period.",
                                            "%s decisions and %u alerts in the period.",
                                            n_alerts),
                               decisions, n_alerts);
  if (vigil_report_is_ledger_intact (self->report))
    /* Translators: %s are a number of records and a hash */
    ledger = g_strdup_printf (_("Ledger verified intact: %s records, head %s."), records,
                              vigil_report_get_ledger_head (self->report));
  else
    ledger = g_strdup_printf (_("The ledger is broken: the report says so on every page. "
                                "Head %s."), vigil_report_get_ledger_head (self->report));

  text = g_strdup_printf ("%s %s", figures, ledger);
  gtk_label_set_label (self->summary_label, text);
  if (vigil_report_is_ledger_intact (self->report))
    gtk_widget_remove_css_class (GTK_WIDGET (self->summary_label), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "error");
}

/* Rows whose role is left empty name nobody. */
static gboolean
apply_signers (VigilReportDialog  *self,
               GError            **error)
{
  vigil_report_clear_signatories (self->report);
  for (guint i = 0; i < self->signer_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->signer_rows, i);
      GtkEditable *role = g_object_get_data (G_OBJECT (row), "role-entry");
      GtkEditable *name = g_object_get_data (G_OBJECT (row), "name-entry");
      g_autofree char *role_text = g_strstrip (g_strdup (gtk_editable_get_text (role)));

      if (*role_text == '\0')
        continue;
      if (!vigil_report_add_signatory (self->report, role_text, gtk_editable_get_text (name),
                                       error))
        return FALSE;
    }
  return TRUE;
}

static void
remove_signer_clicked_cb (GtkButton *button,
                          gpointer   user_data)
{
  VigilReportDialog *self = user_data;
  GtkWidget *row = g_object_get_data (G_OBJECT (button), "row");

  g_ptr_array_remove (self->signer_rows, row);
  adw_preferences_group_remove (self->signers_group, row);
}

/**
 * vigil_report_dialog_add_signatory:
 * @role: (nullable): the role proposed, as typed
 * @name: (nullable): the name proposed
 *
 * Adds a row for someone who is to sign: what the Add button of the Signatories group does.
 *
 * Returns: (transfer none): the row
 */
GtkWidget *
vigil_report_dialog_add_signatory (VigilReportDialog *self,
                                   const char        *role,
                                   const char        *name)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *role_entry = gtk_entry_new ();
  GtkWidget *name_entry = gtk_entry_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

  g_return_val_if_fail (VIGIL_IS_REPORT_DIALOG (self), NULL);

  gtk_entry_set_placeholder_text (GTK_ENTRY (role_entry), _("Role"));
  gtk_entry_set_placeholder_text (GTK_ENTRY (name_entry), _("Name"));
  gtk_editable_set_text (GTK_EDITABLE (role_entry), role ? role : "");
  gtk_editable_set_text (GTK_EDITABLE (name_entry), name ? name : "");
  gtk_entry_set_input_purpose (GTK_ENTRY (name_entry), GTK_INPUT_PURPOSE_NAME);
  gtk_editable_set_width_chars (GTK_EDITABLE (role_entry), 8);
  gtk_editable_set_width_chars (GTK_EDITABLE (name_entry), 8);
  gtk_widget_set_hexpand (role_entry, TRUE);
  gtk_widget_set_hexpand (name_entry, TRUE);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (role_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Role"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (name_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Name"), -1);
  gtk_widget_set_tooltip_text (remove, _("Remove this Signatory"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remove this Signatory"), -1);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), role_entry);
  gtk_box_append (GTK_BOX (box), name_entry);
  gtk_widget_set_hexpand (box, TRUE);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), box);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  gtk_widget_set_name (row, "signatory");
  g_object_set_data (G_OBJECT (row), "role-entry", role_entry);
  g_object_set_data (G_OBJECT (row), "name-entry", name_entry);
  g_object_set_data (G_OBJECT (remove), "row", row);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_signer_clicked_cb), self);

  adw_preferences_group_add (self->signers_group, row);
  g_ptr_array_add (self->signer_rows, row);
  return row;
}

static void
add_signer_clicked_cb (VigilReportDialog *self)
{
  GtkWidget *row = vigil_report_dialog_add_signatory (self, NULL, NULL);

  gtk_widget_grab_focus (g_object_get_data (G_OBJECT (row), "role-entry"));
}

static void
build_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(VigilReportDialog) self = user_data;
  g_autoptr(VigilReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = vigil_job_run_finish (VIGIL_JOB (object), result, &error);
  /* The window was closed meanwhile */
  if (self->database == NULL)
    return;
  if (report == NULL)
    {
      show_page (self, "setup");
      validate (self, NULL, NULL);
      toast (self, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                   ? _("Cancelled: no report was built.") : error->message);
      return;
    }

  g_set_object (&self->report, report);
  if (!apply_signers (self, &error))
    {
      g_clear_object (&self->report);
      show_page (self, "setup");
      validate (self, NULL, NULL);
      toast (self, error->message);
      return;
    }

  vigil_report_preview_set_report (self->preview, self->report, self->paper);
  page_changed_cb (self);
  show_summary (self);
  show_statements (self);
  show_page (self, "preview");
}

/**
 * vigil_report_dialog_build:
 *
 * Builds the report the form asks for, in a job: what Build does.
 *
 * Returns: %FALSE when the form is not valid (the reason shown beside it) or a job runs
 */
gboolean
vigil_report_dialog_build (VigilReportDialog *self)
{
  BuildRequest *request;
  VigilPeriod period;
  GStrv models = NULL;

  g_return_val_if_fail (VIGIL_IS_REPORT_DIALOG (self), FALSE);

  if (job_running (self) || !validate (self, &period, &models))
    return FALSE;

  self->paper = gtk_check_button_get_active (self->letter_check) ? VIGIL_PAPER_LETTER
                                                                 : VIGIL_PAPER_A4;
  request = g_new0 (BuildRequest, 1);
  request->database = g_object_ref (self->database);
  request->period = period;
  request->models = models;
  request->generated_by = g_strdup (self->reviewer);
  start_job (self, _("Building the Report"), build_func, request,
             (GDestroyNotify) build_request_free, g_object_unref, build_done_cb);
  return TRUE;
}

static void
build_clicked_cb (VigilReportDialog *self)
{
  vigil_report_dialog_build (self);
}

static void
back_clicked_cb (VigilReportDialog *self)
{
  if (job_running (self))
    return;
  show_page (self, "setup");
  validate (self, NULL, NULL);
}

static void
cancel_clicked_cb (VigilReportDialog *self)
{
  if (job_running (self))
    vigil_job_cancel (self->job);
  else
    gtk_window_close (GTK_WINDOW (self));
}

/* Export */

static gpointer
export_func (VigilJob      *job,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  ExportRequest *request = data;
  g_autoptr(ExportResult) result = g_new0 (ExportResult, 1);

  if (!vigil_output_check_path (request->path, request->database, NULL, error))
    return NULL;
  if (request->json)
    {
      vigil_job_update (job, -1, _("Writing the JSON"));
      if (!vigil_report_write_json (request->report, request->path, error))
        return NULL;
    }
  else if (!vigil_report_write_pdf (request->report, request->path, request->paper,
                                    &result->sha256, cancellable, report_progress_cb, job,
                                    error))
    {
      return NULL;
    }
  result->path = g_strdup (request->path);
  return g_steal_pointer (&result);
}

static gpointer
record_func (VigilStore    *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  RecordRequest *request = data;
  gint64 id = 0;

  g_autoptr(GError) remember_error = NULL;
  RecordResult *result;

  /* A report that cannot be recorded in the database it certifies is not left behind. */
  if (!vigil_store_record_report_file (store, request->report, request->path, request->sha256,
                                       &id, error))
    return NULL;
  result = g_new0 (RecordResult, 1);
  result->id = id;
  /* So that the Reports view can open it from this computer later */
  if (request->sha256 != NULL &&
      !vigil_report_files_remember (request->sha256, request->path, &remember_error))
    result->note = g_strdup (remember_error->message);
  return result;
}

static void
record_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(VigilReportDialog) self = user_data;
  g_autoptr(RecordResult) recorded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  recorded = vigil_database_run_finish (VIGIL_DATABASE (object), result, &error);
  if (recorded == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: %s says why */
      message = g_strdup_printf (_("The report could not be recorded, so its file was "
                                   "removed: %s"), error->message);
      toast (self, message);
      return;
    }

  self->last_export = recorded->id;
  if (recorded->note != NULL)
    /* Translators: %.12s is the start of the ledger head the report seals, the second %s
     * why Vigil could not note where the file is */
    message = g_strdup_printf (_("Report exported; head %.12s…. The Reports view will not "
                                 "open it: %s"),
                               vigil_report_get_ledger_head (self->report), recorded->note);
  else
    /* Translators: %.12s is the start of the ledger head the report seals */
    message = g_strdup_printf (_("Report exported; head %.12s…"),
                               vigil_report_get_ledger_head (self->report));
  toast (self, message);
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(VigilReportDialog) self = user_data;
  g_autoptr(ExportResult) exported = NULL;
  g_autoptr(GError) error = NULL;
  RecordRequest *request;

  exported = vigil_job_run_finish (VIGIL_JOB (object), result, &error);
  /* The window was closed meanwhile */
  if (self->database == NULL)
    return;
  show_page (self, "preview");
  if (exported == NULL)
    {
      toast (self, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                   ? _("Cancelled: no file was written.") : error->message);
      return;
    }

  request = g_new0 (RecordRequest, 1);
  request->report = g_object_ref (self->report);
  request->sha256 = g_steal_pointer (&exported->sha256);
  request->path = g_steal_pointer (&exported->path);
  vigil_database_run_async (self->database, VIGIL_DATABASE_WRITE, record_func, request,
                            (GDestroyNotify) record_request_free,
                            (GDestroyNotify) record_result_free, self->cancellable,
                            record_done_cb, g_object_ref (self));
}

static gboolean
export (VigilReportDialog *self,
        const char        *path,
        gboolean           json)
{
  ExportRequest *request;

  if (self->report == NULL || job_running (self))
    return FALSE;

  request = g_new0 (ExportRequest, 1);
  request->report = g_object_ref (self->report);
  request->path = g_strdup (path);
  request->database = self->database ? g_strdup (vigil_database_get_path (self->database)) : NULL;
  request->paper = self->paper;
  request->json = json;
  start_job (self, json ? _("Writing the JSON") : _("Writing the PDF"), export_func, request,
             (GDestroyNotify) export_request_free, (GDestroyNotify) export_result_free,
             export_done_cb);
  return TRUE;
}

/**
 * vigil_report_dialog_export_pdf:
 * @path: where to write the PDF
 *
 * Returns: %FALSE when there is no report yet or a job runs
 */
gboolean
vigil_report_dialog_export_pdf (VigilReportDialog *self,
                                const char        *path)
{
  g_return_val_if_fail (VIGIL_IS_REPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return export (self, path, FALSE);
}

gboolean
vigil_report_dialog_export_json (VigilReportDialog *self,
                                 const char        *path)
{
  g_return_val_if_fail (VIGIL_IS_REPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return export (self, path, TRUE);
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  VigilReportDialog *self = VIGIL_REPORT_DIALOG (user_data);
  gboolean json = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "json"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path == NULL)
        toast (self, _("Choose a file on this computer."));
      else
        export (self, path, json);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
choose_export_file (VigilReportDialog *self,
                    gboolean           json)
{
  GtkFileChooserNative *native;
  GtkFileFilter *filter;
  g_autofree char *name = NULL;
  char last[VIGIL_DAY_LEN];
  const VigilPeriod *period;

  if (self->report == NULL)
    return;

  period = vigil_report_get_period (self->report);
  vigil_period_get_last_day (period, last);
  native = gtk_file_chooser_native_new (json ? _("Export the Report as JSON")
                                             : _("Export the Report as PDF"),
                                        GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  name = g_strdup_printf ("vigil-report-%s-%s.%s", period->first_day, last,
                          json ? "json" : "pdf");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, json ? _("JSON Files") : _("PDF Documents"));
  if (json)
    {
      gtk_file_filter_add_mime_type (filter, "application/json");
      gtk_file_filter_add_suffix (filter, "json");
    }
  else
    {
      gtk_file_filter_add_mime_type (filter, "application/pdf");
      gtk_file_filter_add_suffix (filter, "pdf");
    }
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);

  g_object_set_data (G_OBJECT (native), "json", GINT_TO_POINTER (json));
  g_signal_connect_object (native, "response", G_CALLBACK (export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
export_pdf_clicked_cb (VigilReportDialog *self)
{
  choose_export_file (self, FALSE);
}

static void
export_json_clicked_cb (VigilReportDialog *self)
{
  choose_export_file (self, TRUE);
}

/* Getters */

/**
 * vigil_report_dialog_get_report:
 *
 * Returns: (transfer none) (nullable): the report built last
 */
VigilReport *
vigil_report_dialog_get_report (VigilReportDialog *self)
{
  g_return_val_if_fail (VIGIL_IS_REPORT_DIALOG (self), NULL);

  return self->report;
}

/**
 * vigil_report_dialog_get_job:
 *
 * Returns: (transfer none) (nullable): the job running or run last
 */
VigilJob *
vigil_report_dialog_get_job (VigilReportDialog *self)
{
  g_return_val_if_fail (VIGIL_IS_REPORT_DIALOG (self), NULL);

  return self->job;
}

gint64
vigil_report_dialog_get_last_export (VigilReportDialog *self)
{
  g_return_val_if_fail (VIGIL_IS_REPORT_DIALOG (self), 0);

  return self->last_export;
}

/* Life */

VigilReportDialog *
vigil_report_dialog_new (GtkWindow         *parent,
                         VigilDatabase     *database,
                         const VigilPeriod *period,
                         const char        *model_name,
                         const char        *reviewer)
{
  VigilReportDialog *self;
  char last[VIGIL_DAY_LEN];

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (VIGIL_IS_DATABASE (database), NULL);
  g_return_val_if_fail (period != NULL, NULL);

  self = g_object_new (VIGIL_TYPE_REPORT_DIALOG,
                       "transient-for", parent,
                       "application", parent != NULL ? gtk_window_get_application (parent) : NULL,
                       NULL);
  self->database = g_object_ref (database);
  self->model_name = g_strdup (model_name);
  self->reviewer = g_strdup (reviewer);

  vigil_period_get_last_day (period, last);
  gtk_editable_set_text (GTK_EDITABLE (self->first_row), period->first_day);
  gtk_editable_set_text (GTK_EDITABLE (self->last_row), last);
  /* The usual roles, names to be filled in: whoever prepares the report does not sign it
   * for them. */
  vigil_report_dialog_add_signatory (self, _("Risk Officer"), NULL);
  vigil_report_dialog_add_signatory (self, _("Compliance Officer"), NULL);
  vigil_report_dialog_add_signatory (self, _("Chief Risk Officer"), NULL);

  vigil_database_run_async (database, VIGIL_DATABASE_READ, list_models_func, NULL, NULL,
                            g_object_unref, self->cancellable, models_loaded_cb,
                            g_object_ref (self));
  validate (self, NULL, NULL);
  show_page (self, "setup");
  return self;
}

static gboolean
vigil_report_dialog_close_request (GtkWindow *window)
{
  VigilReportDialog *self = VIGIL_REPORT_DIALOG (window);

  if (job_running (self))
    vigil_job_cancel (self->job);
  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (vigil_report_dialog_parent_class)->close_request (window);
}

static void
vigil_report_dialog_dispose (GObject *object)
{
  VigilReportDialog *self = VIGIL_REPORT_DIALOG (object);

  if (self->job != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->job, self);
      vigil_job_cancel (self->job);
    }
  g_clear_object (&self->job);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->report);
  g_clear_object (&self->database);
  g_clear_pointer (&self->reviewer, g_free);
  g_clear_pointer (&self->model_name, g_free);
  g_clear_pointer (&self->model_checks, g_ptr_array_unref);
  g_clear_pointer (&self->statement_rows, g_ptr_array_unref);
  g_clear_pointer (&self->signer_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (vigil_report_dialog_parent_class)->dispose (object);
}

static void
vigil_report_dialog_class_init (VigilReportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = vigil_report_dialog_dispose;
  window_class->close_request = vigil_report_dialog_close_request;

  g_type_ensure (VIGIL_TYPE_REPORT_PREVIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/finsecure/Vigil/vigil-report-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilReportDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VigilReportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, VigilReportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, VigilReportDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, VigilReportDialog, build_button);
  gtk_widget_class_bind_template_child (widget_class, VigilReportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, VigilReportDialog, first_row);
  gtk_widget_class_bind_template_child (widget_class, VigilReportDialog, last_row);
  gtk_widget_class_bind_template_child (widget_class, VigilReportDialog, period_error);
  gtk_widget_class_bind_template_child (widget_class, VigilReportDialog, models_group);
  gtk_widget_class_bind_template_child (widget_class, VigilReportDialog, all_check);
  gtk_widget_class_bind_template_child (widget_class, VigilReportDialog, models_error);
  gtk_widget_class_bind_template_child (widget_class, VigilReportDialog, signers_group);
  gtk_widget_class_bind_template_child (widget_class, VigilReportDialog, a4_check);
  gtk_widget_class_bind_template_child (widget_class, VigilReportDialog, letter_check);
  gtk_widget_class_bind_template_child (widget_class, VigilReportDialog, busy_page);
  gtk_widget_class_bind_template_child (widget_class, VigilReportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, VigilReportDialog, phase_label);
  gtk_widget_class_bind_template_child (widget_class, VigilReportDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, VigilReportDialog, export_pdf_button);
  gtk_widget_class_bind_template_child (widget_class, VigilReportDialog, export_json_button);
  gtk_widget_class_bind_template_child (widget_class, VigilReportDialog, previous_button);
  gtk_widget_class_bind_template_child (widget_class, VigilReportDialog, page_label);
  gtk_widget_class_bind_template_child (widget_class, VigilReportDialog, next_button);
  gtk_widget_class_bind_template_child (widget_class, VigilReportDialog, preview);
  gtk_widget_class_bind_template_child (widget_class, VigilReportDialog, statements_group);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, build_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, page_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, previous_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_pdf_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_json_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_signer_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vigil_report_dialog_init (VigilReportDialog *self)
{
  self->cancellable = g_cancellable_new ();
  self->model_checks = g_ptr_array_new ();
  self->statement_rows = g_ptr_array_new ();
  self->signer_rows = g_ptr_array_new ();
  self->paper = VIGIL_PAPER_A4;

  gtk_widget_init_template (GTK_WIDGET (self));
}
