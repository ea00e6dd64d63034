/* test-reports-view.c: a compliance officer builds the report of a simulated week, signs it,
 * looks through its pages and statements, exports the PDF, and finds it in the Reports view
 *
 * Runs under Xvfb with a private D-Bus session (see meson.build). Screenshots go to the build
 * folder: reports-empty.png, report-dialog-setup.png, report-dialog-preview.png,
 * report-dialog-statements.png, reports-view.png.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "vigil-application.h"
#include "vigil-detector.h"
#include "vigil-report-dialog.h"
#include "vigil-report-preview.h"
#include "vigil-reports-view.h"
#include "vigil-scenario.h"
#include "vigil-simulator.h"
#include "vigil-ui-test.h"
#include "vigil-window.h"

static VigilApplication *app;
static char *tmp_dir;

static gpointer
dialog_child (VigilReportDialog *dialog,
              const char        *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                  VIGIL_TYPE_REPORT_DIALOG, name);

  g_assert_nonnull (child);
  return child;
}

static gpointer
view_child (VigilReportsView *view,
            const char       *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (view), VIGIL_TYPE_REPORTS_VIEW,
                                                  name);

  g_assert_nonnull (child);
  return child;
}

/* A training database with the default simulated days, checked day by day; @period gets
 * the simulated days. */
static void
simulate (const char  *path,
          VigilPeriod *period)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilScenario) scenario = vigil_scenario_new ();
  g_autoptr(VigilSimulator) simulator = vigil_simulator_new ();
  g_autoptr(VigilDetector) detector = NULL;
  g_autoptr(VigilPolicy) policy = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autofree char *first_day = NULL;
  char from[VIGIL_TIMESTAMP_LEN], to[VIGIL_TIMESTAMP_LEN];

  store = vigil_store_open (path, VIGIL_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_store_set_purpose (store, VIGIL_PURPOSE_TRAINING, &error));
  g_assert_true (vigil_simulator_run (simulator, store, scenario, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  first_day = vigil_scenario_dup_resolved_start_date (vigil_simulator_get_scenario (simulator));
  g_assert_true (vigil_period_init_range (period, first_day, first_day, &error));
  period->n_days = vigil_scenario_get_days (vigil_simulator_get_scenario (simulator));
  vigil_period_get_bounds (period, from, to);

  policy = vigil_store_get_policy (store, &error);
  g_assert_no_error (error);
  detector = vigil_detector_new (store, policy);
  results = vigil_detector_backtest (detector, NULL, from, to, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (results);
}

static gboolean
window_open (gpointer data)
{
  VigilWindow *window = data;

  return gtk_widget_get_mapped (GTK_WIDGET (window)) && !vigil_window_get_busy (window) &&
         vigil_window_get_database (window) != NULL;
}

static gboolean
view_loaded (gpointer data)
{
  return vigil_reports_view_get_reports (data) != NULL && !vigil_reports_view_get_loading (data);
}

static gboolean
view_lists_one (gpointer data)
{
  GListModel *reports = vigil_reports_view_get_reports (data);

  return reports != NULL && g_list_model_get_n_items (reports) == 1 &&
         !vigil_reports_view_get_loading (data);
}

static gboolean
models_listed (gpointer data)
{
  AdwPreferencesGroup *group = dialog_child (data, "models_group");

  /* The "All models" row and one row a model */
  return gtk_widget_get_sensitive (dialog_child (data, "build_button")) &&
         vigil_ui_test_find_label (GTK_WIDGET (group), "MomentumSignal") != NULL;
}

static gboolean
job_done (gpointer data)
{
  VigilJob *job = vigil_report_dialog_get_job (data);

  return job != NULL && !vigil_job_get_running (job);
}

static gboolean
preview_shown (gpointer data)
{
  GtkStack *stack = dialog_child (data, "stack");

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "preview") == 0 &&
         !gtk_stack_get_transition_running (stack);
}

static gboolean
export_recorded (gpointer data)
{
  return vigil_report_dialog_get_last_export (data) > 0;
}

static VigilReportDialog *
find_dialog (void)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    if (VIGIL_IS_REPORT_DIALOG (l->data))
      return l->data;
  return NULL;
}

static char *
file_sha256 (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 4);
  g_assert_true (memcmp (contents, "%PDF", 4) == 0);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static guint
count_named (GtkWidget  *widget,
             const char *name)
{
  guint n = g_strcmp0 (gtk_widget_get_name (widget), name) == 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_named (child, name);
  return n;
}

static void
fits_a_phone (GtkWidget *widget)
{
  g_assert_cmpint (vigil_ui_test_minimum_width (widget), <=, 360);
}

static gboolean
label_says_changed (gpointer data)
{
  return strstr (gtk_label_get_label (data), "changed since it was exported") != NULL;
}

static gboolean
label_says_gone (gpointer data)
{
  return strstr (gtk_label_get_label (data), "no longer there") != NULL;
}

/* A button under @root for @action on the report @sha256 */
static gboolean
find_button (GtkWidget  *root,
             const char *action,
             const char *sha256)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child) &&
          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action) == 0)
        {
          GVariant *target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (child));

          if (target != NULL && g_strcmp0 (g_variant_get_string (target, NULL), sha256) == 0)
            return TRUE;
        }
      if (find_button (child, action, sha256))
        return TRUE;
    }
  return FALSE;
}

static void
test_report (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "week.db", NULL);
  g_autofree char *pdf = g_build_filename (tmp_dir, "exports", "week.pdf", NULL);
  g_autofree char *sha256 = NULL;
  g_autofree char *short_hash = NULL;
  g_autofree char *first_day = NULL;
  g_autofree char *exports = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GListModel) recorded = NULL;
  g_autoptr(VigilReportInfo) info = NULL;
  VigilReportsView *view;
  VigilReportDialog *dialog;
  VigilReportPreview *preview;
  VigilReport *report;
  VigilWindow *window;
  VigilPeriod period;
  GtkListBoxRow *row;
  GtkLabel *file_label;
  guint n_pages, n_met, n_not_met;

  simulate (path, &period);
  exports = g_path_get_dirname (pdf);
  g_assert_cmpint (g_mkdir_with_parents (exports, 0700), ==, 0);

  window = vigil_ui_test_open_window (G_APPLICATION (app), file);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  g_assert_true (vigil_ui_test_wait_for (window_open, window));
  vigil_window_set_period (window, &period);

  /* No report yet: the view says so and offers one */
  view = vigil_ui_test_window_child (window, "reports_view");
  adw_view_stack_set_visible_child_name (vigil_ui_test_window_child (window, "view_stack"), "reports");
  g_assert_true (vigil_ui_test_wait_for (view_loaded, view));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (view_child (view, "main_stack")), ==,
                   "empty");
  vigil_ui_test_wait_frames (GTK_WIDGET (window), 3);
  fits_a_phone (GTK_WIDGET (view));
  vigil_ui_test_save_screenshot (GTK_WIDGET (window), "reports-empty.png");

  /* New Report, over the window, for the window's period, with the reviewer prefilled */
  g_object_set (vigil_ui_test_window_child (window, "reports_view"), "reviewer", "Dana Reviewer", NULL);
  {
    g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                  "win.new-report");

    g_assert_true (g_strv_contains ((const char * const *) accels, "<Shift><Control>p"));
  }
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-report", NULL);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  gtk_window_set_default_size (GTK_WINDOW (dialog), 360, 720);
  g_assert_cmpstr (gtk_editable_get_text (dialog_child (dialog, "first_row")), ==,
                   period.first_day);
  g_assert_true (vigil_ui_test_wait_for (models_listed, dialog));

  /* A bad day is refused beside the field */
  first_day = g_strdup (period.first_day);
  gtk_editable_set_text (dialog_child (dialog, "first_row"), "2025-02-30");
  g_assert_true (gtk_widget_get_visible (dialog_child (dialog, "period_error")));
  g_assert_false (gtk_widget_get_sensitive (dialog_child (dialog, "build_button")));
  g_assert_false (vigil_report_dialog_build (dialog));
  gtk_editable_set_text (dialog_child (dialog, "first_row"), first_day);
  g_assert_false (gtk_widget_get_visible (dialog_child (dialog, "period_error")));
  g_assert_true (gtk_widget_get_sensitive (dialog_child (dialog, "build_button")));

  /* The usual roles are proposed with no name: who prepares the report does not sign it. A
   * role of the bank's own is added, with its name. */
  g_assert_cmpuint (count_named (dialog_child (dialog, "signers_group"),
                                 "signatory"), ==, 3);
  {
    GtkWidget *added = vigil_report_dialog_add_signatory (dialog, NULL, NULL);

    gtk_editable_set_text (g_object_get_data (G_OBJECT (added), "role-entry"),
                           "Head of Model Validation");
    gtk_editable_set_text (g_object_get_data (G_OBJECT (added), "name-entry"), "Ruth Officer");
  }
  vigil_ui_test_wait_frames (GTK_WIDGET (dialog), 3);
  fits_a_phone (GTK_WIDGET (dialog));
  vigil_ui_test_save_screenshot (GTK_WIDGET (dialog), "report-dialog-setup.png");

  /* Build: a job with a progress bar, then the preview */
  g_signal_emit_by_name (dialog_child (dialog, "build_button"), "clicked");
  g_assert_nonnull (vigil_report_dialog_get_job (dialog));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (dialog_child (dialog, "stack")), ==, "busy");
  g_assert_true (vigil_ui_test_wait_for (job_done, dialog));
  g_assert_true (vigil_ui_test_wait_for (preview_shown, dialog));

  /* The preview opens on Export PDF, the summary's text not selected */
  vigil_ui_test_wait_frames (GTK_WIDGET (dialog), 3);
  g_assert_false (gtk_label_get_selection_bounds (dialog_child (dialog, "summary_label"),
                                                  NULL, NULL));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (dialog)) ==
                 dialog_child (dialog, "export_pdf_button"));

  report = vigil_report_dialog_get_report (dialog);
  g_assert_nonnull (report);
  g_assert_cmpint (vigil_report_get_total_decisions (report), >, 0);
  g_assert_true (vigil_report_is_ledger_intact (report));
  g_assert_cmpuint (vigil_report_get_n_signatories (report), ==, 4);
  g_assert_cmpstr (vigil_report_get_signatory_role (report, 0), ==, "Risk Officer");
  g_assert_null (vigil_report_get_signatory_name (report, 0));
  g_assert_cmpstr (vigil_report_get_signatory_role (report, 3), ==, "Head of Model Validation");
  g_assert_cmpstr (vigil_report_get_signatory_name (report, 3), ==, "Ruth Officer");
  g_assert_cmpstr (vigil_report_get_generated_by (report), ==, "Dana Reviewer");

  /* Pages, and the next one */
  preview = dialog_child (dialog, "preview");
  n_pages = vigil_report_preview_get_n_pages (preview);
  g_assert_cmpuint (n_pages, >, 1);
  g_assert_cmpuint (n_pages, ==, vigil_report_get_n_pages (report, VIGIL_PAPER_A4));
  g_assert_false (gtk_widget_get_sensitive (dialog_child (dialog, "previous_button")));
  g_signal_emit_by_name (dialog_child (dialog, "next_button"), "clicked");
  g_assert_cmpuint (vigil_report_preview_get_page (preview), ==, 1);
  {
    g_autofree char *expected = g_strdup_printf ("Page 2 of %u", n_pages);

    g_assert_cmpstr (gtk_label_get_label (dialog_child (dialog, "page_label")), ==, expected);
  }
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (preview)), >, 300);

  /* The statements, as the report computed them */
  n_met = count_named (dialog_child (dialog, "statements_group"), "statement-met");
  n_not_met = count_named (dialog_child (dialog, "statements_group"), "statement-not-met");
  n_not_met += count_named (dialog_child (dialog, "statements_group"), "statement-no-data");
  g_assert_cmpuint (n_met + n_not_met, ==, vigil_report_get_n_statements (report));
  g_assert_cmpuint (vigil_report_get_n_statements (report), >, 0);
  for (guint i = 0; i < vigil_report_get_n_statements (report); i++)
    {
      const VigilReportStatement *statement = vigil_report_get_statement (report, i);

      g_assert_nonnull (vigil_ui_test_find_label (dialog_child (dialog, "statements_group"),
                                                  statement->title));
      if (!statement->holds)
        g_test_message ("not met: %s: %s", statement->title, statement->text);
    }
  g_test_message ("%u statements met, %u not met", n_met, n_not_met);

  vigil_ui_test_wait_frames (GTK_WIDGET (dialog), 3);
  fits_a_phone (GTK_WIDGET (dialog));
  vigil_ui_test_save_screenshot (GTK_WIDGET (dialog), "report-dialog-preview.png");
  {
    GtkWidget *scrolled = gtk_widget_get_ancestor (dialog_child (dialog, "statements_group"),
                                                   GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    vigil_ui_test_wait_frames (GTK_WIDGET (dialog), 3);
    vigil_ui_test_save_screenshot (GTK_WIDGET (dialog), "report-dialog-statements.png");
  }

  /* Export the PDF: written, hashed, recorded */
  g_assert_true (vigil_report_dialog_export_pdf (dialog, pdf));
  g_assert_true (vigil_ui_test_wait_for (job_done, dialog));
  g_assert_true (vigil_ui_test_wait_for (export_recorded, dialog));
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  sha256 = file_sha256 (pdf);

  store = vigil_store_open (path, VIGIL_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  recorded = vigil_store_list_reports (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (recorded), ==, 1);
  info = g_list_model_get_item (recorded, 0);
  g_assert_cmpstr (vigil_report_info_get_pdf_sha256 (info), ==, sha256);
  g_assert_cmpstr (vigil_report_info_get_ledger_head (info), ==,
                   vigil_report_get_ledger_head (report));
  g_assert_cmpstr (vigil_report_info_get_signatories (info), ==,
                   "Head of Model Validation: Ruth Officer");

  /* The Reports view lists it, with the start of the hash and the whole of it */
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (vigil_ui_test_wait_for (view_lists_one, view));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (view_child (view, "main_stack")), ==,
                   "list");
  row = gtk_list_box_get_row_at_index (view_child (view, "list_box"), 0);
  g_assert_nonnull (row);
  short_hash = g_strndup (sha256, 12);
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), short_hash));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (GTK_WIDGET (row)), sha256));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  vigil_ui_test_wait_frames (GTK_WIDGET (window), 10);
  g_assert_nonnull (vigil_ui_test_find_label (GTK_WIDGET (row), sha256));
  fits_a_phone (GTK_WIDGET (view));
  vigil_ui_test_save_screenshot (GTK_WIDGET (window), "reports-view.png");

  /* This computer knows where it put the PDF: the row names the file, with Open and Show in
   * Folder. Opening checks the file first: once changed, or gone, it says so instead. */
  file_label = vigil_ui_test_find_label (GTK_WIDGET (row), pdf);
  g_assert_nonnull (file_label);
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (file_label)), ==, "file-value");
  g_assert_true (find_button (GTK_WIDGET (row), "report.open", sha256));
  g_assert_true (find_button (GTK_WIDGET (row), "report.show-in-folder", sha256));

  g_assert_true (g_file_set_contents (pdf, "%PDF-1.5 not the report", -1, NULL));
  gtk_widget_activate_action (GTK_WIDGET (view), "report.open", "s", sha256);
  g_assert_true (vigil_ui_test_wait_for (label_says_changed, file_label));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (file_label), pdf));

  g_assert_cmpint (g_unlink (pdf), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (view), "report.open", "s", sha256);
  g_assert_true (vigil_ui_test_wait_for (label_says_gone, file_label));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  tmp_dir = vigil_ui_test_isolate ();

  vigil_ui_test_init (&argc, &argv);
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "appmenu:close", NULL);

  app = vigil_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/vigil/reports-view/report", test_report);

  status = g_test_run ();

  g_clear_object (&app);
  vigil_ui_test_remove_tree (tmp_dir);
  g_free (tmp_dir);

  return status;
}
