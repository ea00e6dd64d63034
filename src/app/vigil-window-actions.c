/* vigil-window-actions.c: the win.* actions of VigilWindow, and the long jobs they start
 * (verifying the ledger, running the checks, importing, simulating)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-window"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "vigil-alert-notice.h"
#include "vigil-connect-dialog.h"
#include "vigil-detector.h"
#include "vigil-importer.h"
#include "vigil-preferences-window.h"
#include "vigil-scenario.h"
#include "vigil-simulation-wizard.h"
#include "vigil-simulator.h"
#include "vigil-summary-text.h"
#include "vigil-window-private.h"

static void
job_running_cb (VigilWindow *self)
{
  _vigil_window_update_actions (self);
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
  _vigil_window_update_actions (self);
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

  if (vigil_ledger_report_is_intact (report))
    {
      g_autofree char *records = vigil_summary_text_format_count (
        vigil_ledger_report_get_records (report));
      g_autofree char *rehashed = vigil_summary_text_format_count (
        vigil_ledger_report_get_rehashed (report));

      if (vigil_ledger_report_get_checkpoint_time (report) != NULL)
        /* Translators: records, records rehashed now, the checkpoint's time, the head */
        text = g_strdup_printf (_("All %s records of the ledger are as they were written: the "
                                  "%s since the checkpoint of %s were rehashed now, those "
                                  "before it in full then.\n\nHead: %s"),
                                records, rehashed,
                                vigil_ledger_report_get_checkpoint_time (report),
                                vigil_ledger_report_get_head (report));
      else
        /* Translators: the number of records, then the ledger's head */
        text = g_strdup_printf (_("All %s records of the ledger were rehashed now and are as "
                                  "they were written.\n\nHead: %s"),
                                records, vigil_ledger_report_get_head (report));
    }
  else
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

  if (app == NULL || self->file == NULL || !_vigil_window_has_setting (self, "notify-severity"))
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
  int minutes = 0;

  if (_vigil_window_has_setting (self, "check-interval"))
    minutes = g_settings_get_int (self->settings, "check-interval");

  g_clear_handle_id (&self->check_timer, g_source_remove);
  if (minutes > 0)
    self->check_timer = g_timeout_add_seconds ((guint) minutes * 60, check_timer_cb, self);
}

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
          _vigil_window_open_location (self, file, NULL, VIGIL_STORE_OPEN_CREATE, VIGIL_PURPOSE_TRAINING);
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

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  VigilWindow *self = VIGIL_WINDOW (widget);

  _vigil_window_refresh_period (self);
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

void
_vigil_window_class_actions_init (VigilWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

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

/* Runs the checks every check-interval minutes of Preferences */
void
_vigil_window_actions_init (VigilWindow *self)
{
  g_signal_connect_swapped (self->settings, "changed::check-interval",
                            G_CALLBACK (check_interval_changed_cb), self);
  check_interval_changed_cb (self);
}

void
_vigil_window_actions_dispose (VigilWindow *self)
{
  g_clear_handle_id (&self->check_timer, g_source_remove);
  if (self->job != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->job, job_running_cb, self);
      vigil_job_cancel (self->job);
    }
  g_clear_object (&self->job);
}
