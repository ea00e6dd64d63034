/* vigil-simulation-wizard.c: the trainer's wizard: scenario, anomalies, run and scorecard
 *
 * A modal window over the main window, with four pages in a stack and Back, Next and Cancel.
 * What the pages show and when a page may be left is VigilWizardState's; this file only
 * writes what a person enters into it and shows what it says. The run is a VigilJob of its
 * own: the simulator writes the days (one transaction a day), then the detector checks each
 * day as of its end, and the scorecard says what was caught. "Show the Anomaly Day" asks the
 * main window, through its win.show-simulation action, for the dashboard of the simulated
 * days.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-simulation-wizard"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "vigil-detector.h"
#include "vigil-simulation-wizard.h"
#include "vigil-simulator.h"

#define N_ANOMALIES VIGIL_N_ANOMALIES

struct _VigilSimulationWizard
{
  AdwWindow             parent_instance;

  VigilWizardState     *state;
  VigilDatabase        *database;       /* the window's, or NULL */
  VigilJob             *job;
  char                 *run_path;
  gboolean              path_chosen;    /* by the person, not suggested */
  gboolean              updating;
  VigilScorecard       *shown_scorecard;
  GPtrArray            *result_rows;

  GtkSpinButton        *days_spin;
  GtkSpinButton        *trading_spin;
  GtkSpinButton        *credit_spin;
  GtkSpinButton        *day_spin;
  GtkCheckButton       *anomaly_checks[VIGIL_N_ANOMALIES];
  GtkSpinButton        *intensity_spins[VIGIL_N_ANOMALIES];
  AdwActionRow         *anomaly_rows[VIGIL_N_ANOMALIES];

  AdwWindowTitle       *window_title;
  GtkStack             *stack;
  AdwPreferencesGroup  *scenario_group;
  AdwEntryRow          *start_row;
  AdwEntryRow          *seed_row;
  GtkButton            *new_seed_button;
  AdwActionRow         *new_row;
  GtkCheckButton       *new_check;
  GtkButton            *choose_button;
  AdwActionRow         *open_row;
  GtkCheckButton       *open_check;
  GtkLabel             *scenario_problem;
  AdwPreferencesGroup  *day_group;
  AdwPreferencesGroup  *anomaly_group;
  GtkLabel             *preview_label;
  GtkLabel             *generate_label;
  GtkProgressBar       *generate_bar;
  GtkLabel             *detect_label;
  GtkProgressBar       *detect_bar;
  GtkLabel             *run_status;
  AdwPreferencesGroup  *results_group;
  AdwActionRow         *false_alarms_row;
  GtkButton            *show_button;
  GtkButton            *cancel_button;
  GtkButton            *next_button;
  GtkButton            *back_button;
};

G_DEFINE_FINAL_TYPE (VigilSimulationWizard, vigil_simulation_wizard, ADW_TYPE_WINDOW)

static void refresh (VigilSimulationWizard *self);

static char *
dup_display_path (const char *path)
{
  const char *home = g_get_home_dir ();

  if (path == NULL)
    return NULL;
  if (home != NULL && g_str_has_prefix (path, home) && path[strlen (home)] == G_DIR_SEPARATOR)
    return g_build_filename ("~", path + strlen (home) + 1, NULL);
  return g_strdup (path);
}

/* Where training databases go unless the person chooses: the app's own data folder, beside
 * the default database, not the top of the home folder. Made when a file is put there. */
static char *
training_folder (void)
{
  return g_build_filename (g_get_user_data_dir (), "vigil", "training", NULL);
}

/* A new file named after the scenario, until the person chooses one. */
static void
suggest_path (VigilSimulationWizard *self)
{
  g_autofree char *folder = training_folder ();
  g_autofree char *path = NULL;

  if (self->path_chosen)
    return;
  path = vigil_wizard_state_suggest_path (self->state, folder);
  if (g_strcmp0 (path, vigil_wizard_state_get_new_path (self->state)) != 0)
    vigil_wizard_state_set_new_path (self->state, path);
}

static void
set_spin (GtkSpinButton *spin,
          double         upper,
          double         value)
{
  GtkAdjustment *adjustment = gtk_spin_button_get_adjustment (spin);

  if (gtk_adjustment_get_upper (adjustment) != upper)
    gtk_adjustment_set_upper (adjustment, upper);
  if (gtk_spin_button_get_value (spin) != value)
    gtk_spin_button_set_value (spin, value);
}

static void
show_results (VigilSimulationWizard *self)
{
  VigilScorecard *scorecard = vigil_wizard_state_get_scorecard (self->state);
  g_autofree char *alarms = NULL;

  if (scorecard == self->shown_scorecard)
    return;
  self->shown_scorecard = scorecard;

  for (guint i = 0; i < self->result_rows->len; i++)
    adw_preferences_group_remove (self->results_group, g_ptr_array_index (self->result_rows, i));
  g_ptr_array_set_size (self->result_rows, 0);
  if (scorecard == NULL)
    return;

  for (guint i = 0; i < vigil_scorecard_get_n_anomalies (scorecard); i++)
    {
      VigilAnomaly anomaly = vigil_scorecard_get_anomaly (scorecard, i);
      gboolean caught = vigil_scorecard_get_caught (scorecard, i);
      g_autofree char *result = vigil_wizard_state_dup_result (self->state, i);
      g_auto(GStrv) catches = vigil_wizard_state_dup_catches (self->state, i);
      GtkWidget *icon = gtk_image_new_from_icon_name (caught ? "emblem-ok-symbolic"
                                                             : "dialog-warning-symbolic");
      GtkWidget *row;

      gtk_widget_add_css_class (icon, caught ? "success" : "warning");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      caught ? _("Caught") : _("Missed"), -1);
      /* Caught by more than one alert: the row opens on every one of them */
      if (g_strv_length (catches) > 1)
        {
          row = adw_expander_row_new ();
          adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), icon);
          adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), result);
          for (guint c = 0; catches[c] != NULL; c++)
            {
              GtkWidget *alert = adw_action_row_new ();

              adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (alert), FALSE);
              adw_preferences_row_set_title (ADW_PREFERENCES_ROW (alert), catches[c]);
              adw_expander_row_add_row (ADW_EXPANDER_ROW (row), alert);
            }
        }
      else
        {
          row = adw_action_row_new ();
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), result);
        }
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     vigil_wizard_state_anomaly_title (anomaly));
      gtk_widget_set_name (row, vigil_anomaly_to_string (anomaly));
      adw_preferences_group_add (self->results_group, row);
      g_ptr_array_add (self->result_rows, row);
    }
  if (vigil_scorecard_get_n_anomalies (scorecard) == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No anomaly was injected"));
      adw_preferences_group_add (self->results_group, row);
      g_ptr_array_add (self->result_rows, row);
    }

  alarms = vigil_wizard_state_dup_false_alarms (self->state);
  adw_action_row_set_subtitle (self->false_alarms_row, alarms);
  gtk_widget_set_visible (GTK_WIDGET (self->show_button),
                          vigil_scenario_get_anomalies (vigil_wizard_state_get_scenario (self->state))
                          != VIGIL_ANOMALY_NONE);
}

static void
refresh (VigilSimulationWizard *self)
{
  VigilWizardState *state = self->state;
  VigilScenario *scenario = vigil_wizard_state_get_scenario (state);
  VigilWizardPage page = vigil_wizard_state_get_page (state);
  const char *next_label = vigil_wizard_state_get_next_label (state);
  g_autofree char *subtitle = vigil_wizard_state_dup_subtitle (state);
  g_autofree char *problem = NULL;
  g_autofree char *anomalies_problem = NULL;
  g_autofree char *preview = NULL;
  g_autofree char *open_note = NULL;
  g_autofree char *new_path = NULL;
  g_autofree char *status = NULL;
  VigilAnomaly set = vigil_scenario_get_anomalies (scenario);

  self->updating = TRUE;

  gtk_stack_set_visible_child_name (self->stack, vigil_wizard_state_get_page_name (page));
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), next_label != NULL);
  if (next_label != NULL)
    gtk_button_set_label (self->next_button, next_label);
  gtk_widget_set_sensitive (GTK_WIDGET (self->next_button),
                            vigil_wizard_state_can_go_next (state));
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), page > VIGIL_WIZARD_PAGE_SCENARIO);
  gtk_widget_set_sensitive (GTK_WIDGET (self->back_button),
                            vigil_wizard_state_can_go_back (state));
  gtk_button_set_label (self->cancel_button, vigil_wizard_state_get_cancel_label (state));
  if (vigil_wizard_state_get_run (state) == VIGIL_WIZARD_RUN_RUNNING)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->cancel_button), _("Stop the simulation"));
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->cancel_button), NULL);

  /* Scenario */
  set_spin (self->days_spin, VIGIL_SCENARIO_MAX_DAYS, vigil_scenario_get_days (scenario));
  set_spin (self->trading_spin, VIGIL_SCENARIO_MAX_PER_DAY,
            vigil_scenario_get_trading_per_day (scenario));
  set_spin (self->credit_spin, VIGIL_SCENARIO_MAX_PER_DAY,
            vigil_scenario_get_credit_per_day (scenario));
  new_path = dup_display_path (vigil_wizard_state_get_new_path (state));
  adw_action_row_set_subtitle (self->new_row, new_path != NULL ? new_path
                                                               : _("No file chosen"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->new_row),
                               vigil_wizard_state_get_new_path (state));
  open_note = vigil_wizard_state_dup_open_note (state);
  adw_action_row_set_subtitle (self->open_row, open_note);
  gtk_widget_set_sensitive (GTK_WIDGET (self->open_row),
                            vigil_wizard_state_get_open_allowed (state));
  gtk_check_button_set_active (self->new_check, vigil_wizard_state_get_target (state) ==
                               VIGIL_WIZARD_TARGET_NEW);
  gtk_check_button_set_active (self->open_check, vigil_wizard_state_get_target (state) ==
                               VIGIL_WIZARD_TARGET_OPEN);
  gtk_widget_set_sensitive (GTK_WIDGET (self->choose_button),
                            vigil_wizard_state_get_target (state) == VIGIL_WIZARD_TARGET_NEW);
  problem = vigil_wizard_state_dup_problem (state, VIGIL_WIZARD_PAGE_SCENARIO);
  gtk_label_set_label (self->scenario_problem, problem);
  gtk_widget_set_visible (GTK_WIDGET (self->scenario_problem), problem != NULL);

  /* Anomalies */
  set_spin (self->day_spin, MAX (vigil_scenario_get_days (scenario), 1),
            vigil_scenario_get_anomaly_day (scenario));
  for (guint i = 0; i < VIGIL_N_ANOMALIES; i++)
    {
      g_autofree char *explanation = vigil_wizard_state_dup_anomaly_explanation (state, 1u << i);

      adw_action_row_set_subtitle (self->anomaly_rows[i], explanation);
      gtk_check_button_set_active (self->anomaly_checks[i], (set & (1u << i)) != 0);
      set_spin (self->intensity_spins[i], 100,
                round (vigil_wizard_state_get_anomaly_intensity (state, 1u << i) * 100));
      gtk_widget_set_sensitive (GTK_WIDGET (self->intensity_spins[i]), (set & (1u << i)) != 0);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->day_spin), set != VIGIL_ANOMALY_NONE);
  preview = vigil_wizard_state_dup_preview (state);
  gtk_label_set_label (self->preview_label, preview);
  anomalies_problem = vigil_wizard_state_dup_problem (state, VIGIL_WIZARD_PAGE_ANOMALIES);
  if (anomalies_problem != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->preview_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->preview_label), "error");

  /* Run */
  for (VigilWizardPhase phase = 0; phase < VIGIL_WIZARD_N_PHASES; phase++)
    {
      GtkProgressBar *bar = phase == VIGIL_WIZARD_PHASE_GENERATE ? self->generate_bar
                                                                 : self->detect_bar;
      double fraction = vigil_wizard_state_get_phase_fraction (state, phase);
      g_autofree char *text = NULL;

      /* Translators: a progress bar's percentage */
      text = g_strdup_printf (_("%.0f%%"), fraction * 100);
      gtk_progress_bar_set_fraction (bar, fraction);
      gtk_progress_bar_set_text (bar, text);
    }
  status = vigil_wizard_state_dup_run_status (state);
  gtk_label_set_label (self->run_status, status);

  /* Results */
  show_results (self);

  self->updating = FALSE;
}

/* Scenario page */

static void
start_changed_cb (VigilSimulationWizard *self)
{
  if (self->updating)
    return;
  vigil_wizard_state_set_start_date_text (self->state,
                                          gtk_editable_get_text (GTK_EDITABLE (self->start_row)));
  suggest_path (self);
}

static void
seed_changed_cb (VigilSimulationWizard *self)
{
  if (self->updating)
    return;
  vigil_wizard_state_set_seed_text (self->state,
                                    gtk_editable_get_text (GTK_EDITABLE (self->seed_row)));
  suggest_path (self);
}

static void
new_seed_clicked_cb (VigilSimulationWizard *self)
{
  vigil_wizard_state_new_seed (self->state);
  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->seed_row),
                         vigil_wizard_state_get_seed_text (self->state));
  self->updating = FALSE;
  suggest_path (self);
}

static void
spin_changed_cb (GtkSpinButton         *spin,
                 VigilSimulationWizard *self)
{
  VigilScenario *scenario = vigil_wizard_state_get_scenario (self->state);
  guint value = (guint) gtk_spin_button_get_value_as_int (spin);

  if (self->updating)
    return;
  if (spin == self->days_spin)
    vigil_scenario_set_days (scenario, value);
  else if (spin == self->trading_spin)
    vigil_scenario_set_trading_per_day (scenario, value);
  else if (spin == self->credit_spin)
    vigil_scenario_set_credit_per_day (scenario, value);
  else if (spin == self->day_spin)
    vigil_scenario_set_anomaly_day (scenario, value);
}

static GtkSpinButton *
add_spin_row (VigilSimulationWizard *self,
              AdwPreferencesGroup   *group,
              const char            *title,
              const char            *subtitle,
              const char            *accessible_name,
              double                 lower,
              double                 upper,
              double                 step)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (lower, upper, step);

  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_name, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  adw_preferences_group_add (group, row);
  g_signal_connect (spin, "value-changed", G_CALLBACK (spin_changed_cb), self);
  return GTK_SPIN_BUTTON (spin);
}

static void
target_toggled_cb (GtkCheckButton        *check,
                   VigilSimulationWizard *self)
{
  if (self->updating || !gtk_check_button_get_active (check))
    return;
  if (!vigil_wizard_state_set_target (self->state, check == self->open_check
                                                   ? VIGIL_WIZARD_TARGET_OPEN
                                                   : VIGIL_WIZARD_TARGET_NEW))
    refresh (self);
}

static void
choose_response_cb (GtkNativeDialog       *dialog,
                    int                    response,
                    VigilSimulationWizard *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        {
          self->path_chosen = TRUE;
          /* An existing file is refused on the page, with the reason */
          vigil_wizard_state_set_new_path (self->state, path);
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
choose_clicked_cb (VigilSimulationWizard *self)
{
  const char *path = vigil_wizard_state_get_new_path (self->state);
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("New Training Database"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Select"),
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  if (path != NULL)
    {
      g_autofree char *folder = g_path_get_dirname (path);
      g_autofree char *name = g_path_get_basename (path);
      g_autoptr(GFile) folder_file = g_file_new_for_path (folder);

      /* The chooser can only open on a folder that is there */
      g_mkdir_with_parents (folder, 0700);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder_file, NULL);
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
    }
  g_signal_connect_object (native, "response", G_CALLBACK (choose_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* Anomalies page */

static void
anomaly_toggled_cb (GtkCheckButton        *check,
                    VigilSimulationWizard *self)
{
  VigilAnomaly anomaly = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "anomaly"));

  if (self->updating)
    return;
  vigil_wizard_state_set_anomaly (self->state, anomaly, gtk_check_button_get_active (check));
}

static void
intensity_changed_cb (GtkSpinButton         *spin,
                      VigilSimulationWizard *self)
{
  VigilAnomaly anomaly = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (spin), "anomaly"));

  if (self->updating)
    return;
  vigil_wizard_state_set_anomaly_intensity (self->state, anomaly,
                                            gtk_spin_button_get_value (spin) / 100.0);
}

/* Each anomaly: a check to inject it, what it does, and its intensity in percent */
static void
add_anomaly_rows (VigilSimulationWizard *self)
{
  for (guint i = 0; i < VIGIL_N_ANOMALIES; i++)
    {
      VigilAnomaly anomaly = (VigilAnomaly) (1u << i);
      const char *title = vigil_wizard_state_anomaly_title (anomaly);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      GtkWidget *spin = gtk_spin_button_new_with_range (1, 100, 10);
      g_autofree char *spin_name = NULL;
      g_autofree char *spin_name_id = NULL;

      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      title, -1);
      g_object_set_data (G_OBJECT (check), "anomaly", GUINT_TO_POINTER (anomaly));
      g_signal_connect (check, "toggled", G_CALLBACK (anomaly_toggled_cb), self);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);

      /* Translators: the accessible name of an anomaly's intensity, like "Intensity of SELL
       * surge" */
      spin_name = g_strdup_printf (_("Intensity of %s"), title);
      gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
      gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      spin_name, -1);
      gtk_widget_set_tooltip_text (spin, _("Intensity in percent: 100 is the full effect"));
      g_object_set_data (G_OBJECT (spin), "anomaly", GUINT_TO_POINTER (anomaly));
      g_signal_connect (spin, "value-changed", G_CALLBACK (intensity_changed_cb), self);
      spin_name_id = g_strdup_printf ("%s-intensity", vigil_anomaly_to_string (anomaly));
      gtk_widget_set_name (spin, spin_name_id);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_widget_set_name (row, vigil_anomaly_to_string (anomaly));
      adw_preferences_group_add (self->anomaly_group, row);
      self->anomaly_checks[i] = GTK_CHECK_BUTTON (check);
      self->anomaly_rows[i] = ADW_ACTION_ROW (row);
      self->intensity_spins[i] = GTK_SPIN_BUTTON (spin);
    }
}

/* Run */

typedef struct
{
  char          *path;
  gboolean       create;
  VigilScenario *scenario;
} RunRequest;

static void
run_request_free (RunRequest *request)
{
  g_free (request->path);
  g_clear_object (&request->scenario);
  g_free (request);
}

static void
generate_progress_cb (double   fraction,
                      guint    day,
                      gpointer user_data)
{
  g_autofree char *message = NULL;

  /* Translators: progress of a simulation */
  message = g_strdup_printf (_("Writing day %u"), day);
  vigil_job_update (user_data, fraction * VIGIL_WIZARD_GENERATE_SHARE, message);
}

static void
detect_progress_cb (guint    done,
                    guint    total,
                    gpointer user_data)
{
  double share = VIGIL_WIZARD_GENERATE_SHARE;

  vigil_job_update (user_data, share + (1 - share) * (total > 0 ? (double) done / total : 0),
                    _("Running the checks on each day"));
}

static gpointer
run_func (VigilJob      *job,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  RunRequest *request = data;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilSimulator) simulator = vigil_simulator_new ();
  g_autoptr(VigilPolicy) policy = NULL;
  g_autoptr(VigilDetector) detector = NULL;
  g_autoptr(GPtrArray) results = NULL;
  const char *first_day = vigil_scenario_get_start_date (request->scenario);
  char end[VIGIL_TIMESTAMP_LEN];
  gint64 start_usec;

  if (request->create && g_file_test (request->path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *name = g_path_get_basename (request->path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("“%s” already exists: a new training database needs a new file name."),
                   name);
      return NULL;
    }

  if (request->create)
    {
      g_autofree char *folder = g_path_get_dirname (request->path);

      if (g_mkdir_with_parents (folder, 0700) != 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not create the folder %s: %s"), folder, g_strerror (saved));
          return NULL;
        }
    }

  store = vigil_store_open (request->path, request->create ? VIGIL_STORE_OPEN_CREATE
                                                           : VIGIL_STORE_OPEN_DEFAULT, error);
  if (store == NULL)
    return NULL;

  vigil_simulator_set_actor (simulator, g_get_user_name ());
  if (!vigil_simulator_run (simulator, store, request->scenario, cancellable,
                            generate_progress_cb, job, error))
    return NULL;

  /* Each simulated day is checked as of its end, so the incident is found on its day */
  if (!vigil_timestamp_parse (first_day, &start_usec, NULL))
    g_return_val_if_reached (NULL);
  vigil_timestamp_format (start_usec + (gint64) vigil_scenario_get_days (request->scenario) *
                          G_TIME_SPAN_DAY, end);
  policy = vigil_store_get_policy (store, error);
  if (policy == NULL)
    return NULL;
  detector = vigil_detector_new (store, policy);
  results = vigil_detector_backtest (detector, NULL, first_day, end, cancellable,
                                     detect_progress_cb, job, error);
  if (results == NULL)
    return NULL;
  return vigil_scorecard_new (request->scenario, results);
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(VigilSimulationWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilScorecard) scorecard = vigil_job_run_finish (VIGIL_JOB (object), result, &error);

  if (self->state == NULL)    /* destroyed meanwhile */
    return;

  /* The window's database, when it was the target, has new days even when cancelled */
  if (self->database != NULL &&
      g_strcmp0 (vigil_database_get_path (self->database), self->run_path) == 0)
    vigil_database_changed (self->database);

  vigil_wizard_state_run_finished (self->state, scorecard, error);
}

static void
job_fraction_cb (VigilSimulationWizard *self)
{
  vigil_wizard_state_set_progress (self->state, vigil_job_get_fraction (self->job));
}

static void
start_run (VigilSimulationWizard *self)
{
  RunRequest *request = g_new0 (RunRequest, 1);

  request->scenario = vigil_wizard_state_run_started (self->state);
  request->path = g_strdup (vigil_wizard_state_get_target_path (self->state));
  request->create = vigil_wizard_state_get_target (self->state) == VIGIL_WIZARD_TARGET_NEW;
  g_free (self->run_path);
  self->run_path = g_strdup (request->path);

  if (self->job != NULL)
    g_signal_handlers_disconnect_by_data (self->job, self);
  g_clear_object (&self->job);
  self->job = vigil_job_new (_("Simulating"));
  g_signal_connect_swapped (self->job, "notify::fraction", G_CALLBACK (job_fraction_cb), self);
  vigil_job_run_async (self->job, run_func, request, (GDestroyNotify) run_request_free,
                       g_object_unref, run_done_cb, g_object_ref (self));
}

/* Buttons */

static void
next_clicked_cb (VigilSimulationWizard *self)
{
  if (!vigil_wizard_state_next (self->state))
    return;
  if (vigil_wizard_state_get_page (self->state) == VIGIL_WIZARD_PAGE_RUN &&
      vigil_wizard_state_get_run (self->state) == VIGIL_WIZARD_RUN_IDLE)
    start_run (self);
}

static void
back_clicked_cb (VigilSimulationWizard *self)
{
  vigil_wizard_state_back (self->state);
}

static void
cancel_clicked_cb (VigilSimulationWizard *self)
{
  if (vigil_wizard_state_get_run (self->state) == VIGIL_WIZARD_RUN_RUNNING)
    vigil_job_cancel (self->job);
  else
    gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
vigil_simulation_wizard_close_request (GtkWindow *window)
{
  VigilSimulationWizard *self = VIGIL_SIMULATION_WIZARD (window);

  /* A run is stopped first, at a day's end; the page then says what was kept */
  if (vigil_wizard_state_get_run (self->state) == VIGIL_WIZARD_RUN_RUNNING)
    {
      vigil_job_cancel (self->job);
      return TRUE;
    }
  return GTK_WINDOW_CLASS (vigil_simulation_wizard_parent_class)->close_request (window);
}

static void
show_clicked_cb (VigilSimulationWizard *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  const char *model = vigil_wizard_state_get_show_model (self->state);
  VigilPeriod period;

  if (parent == NULL || self->run_path == NULL ||
      !vigil_wizard_state_get_show_period (self->state, &period))
    return;

  gtk_widget_activate_action (GTK_WIDGET (parent), "win.show-simulation", "(sssu)",
                              self->run_path, model != NULL ? model : "", period.first_day,
                              period.n_days);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
vigil_simulation_wizard_dispose (GObject *object)
{
  VigilSimulationWizard *self = (VigilSimulationWizard *) object;

  if (self->job != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->job, self);
      vigil_job_cancel (self->job);
    }
  g_clear_object (&self->job);
  if (self->state != NULL)
    g_signal_handlers_disconnect_by_data (self->state, self);
  g_clear_object (&self->state);
  g_clear_object (&self->database);
  g_clear_pointer (&self->result_rows, g_ptr_array_unref);
  g_clear_pointer (&self->run_path, g_free);
  self->shown_scorecard = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_SIMULATION_WIZARD);

  G_OBJECT_CLASS (vigil_simulation_wizard_parent_class)->dispose (object);
}

static void
vigil_simulation_wizard_class_init (VigilSimulationWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = vigil_simulation_wizard_dispose;
  window_class->close_request = vigil_simulation_wizard_close_request;

  /* Escape closes the wizard, as Cancel does; a running simulation is stopped first */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/finsecure/Vigil/vigil-simulation-wizard.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilSimulationWizard, window_title);
  gtk_widget_class_bind_template_child (widget_class, VigilSimulationWizard, stack);
  gtk_widget_class_bind_template_child (widget_class, VigilSimulationWizard, scenario_group);
  gtk_widget_class_bind_template_child (widget_class, VigilSimulationWizard, start_row);
  gtk_widget_class_bind_template_child (widget_class, VigilSimulationWizard, seed_row);
  gtk_widget_class_bind_template_child (widget_class, VigilSimulationWizard, new_seed_button);
  gtk_widget_class_bind_template_child (widget_class, VigilSimulationWizard, new_row);
  gtk_widget_class_bind_template_child (widget_class, VigilSimulationWizard, new_check);
  gtk_widget_class_bind_template_child (widget_class, VigilSimulationWizard, choose_button);
  gtk_widget_class_bind_template_child (widget_class, VigilSimulationWizard, open_row);
  gtk_widget_class_bind_template_child (widget_class, VigilSimulationWizard, open_check);
  gtk_widget_class_bind_template_child (widget_class, VigilSimulationWizard, scenario_problem);
  gtk_widget_class_bind_template_child (widget_class, VigilSimulationWizard, day_group);
  gtk_widget_class_bind_template_child (widget_class, VigilSimulationWizard, anomaly_group);
  gtk_widget_class_bind_template_child (widget_class, VigilSimulationWizard, preview_label);
  gtk_widget_class_bind_template_child (widget_class, VigilSimulationWizard, generate_label);
  gtk_widget_class_bind_template_child (widget_class, VigilSimulationWizard, generate_bar);
  gtk_widget_class_bind_template_child (widget_class, VigilSimulationWizard, detect_label);
  gtk_widget_class_bind_template_child (widget_class, VigilSimulationWizard, detect_bar);
  gtk_widget_class_bind_template_child (widget_class, VigilSimulationWizard, run_status);
  gtk_widget_class_bind_template_child (widget_class, VigilSimulationWizard, results_group);
  gtk_widget_class_bind_template_child (widget_class, VigilSimulationWizard, false_alarms_row);
  gtk_widget_class_bind_template_child (widget_class, VigilSimulationWizard, show_button);
  gtk_widget_class_bind_template_child (widget_class, VigilSimulationWizard, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, VigilSimulationWizard, next_button);
  gtk_widget_class_bind_template_child (widget_class, VigilSimulationWizard, back_button);
}

static void
vigil_simulation_wizard_init (VigilSimulationWizard *self)
{
  g_autoptr(GtkWidget) seed_row = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->state = vigil_wizard_state_new ();
  self->result_rows = g_ptr_array_new ();

  /* The scenario's numbers, between the start date and the seed */
  seed_row = g_object_ref (GTK_WIDGET (self->seed_row));
  adw_preferences_group_remove (self->scenario_group, seed_row);
  self->days_spin = add_spin_row (self, self->scenario_group, _("Days"), NULL,
                                  _("Number of days"), 1, VIGIL_SCENARIO_MAX_DAYS, 1);
  self->trading_spin = add_spin_row (self, self->scenario_group, _("Trading Signals a Day"),
                                     "MomentumSignal", _("Trading decisions per day"),
                                     0, VIGIL_SCENARIO_MAX_PER_DAY, 10);
  self->credit_spin = add_spin_row (self, self->scenario_group, _("Credit Decisions a Day"),
                                    "CreditXGBoost", _("Credit decisions per day"),
                                    0, VIGIL_SCENARIO_MAX_PER_DAY, 10);
  adw_preferences_group_add (self->scenario_group, seed_row);

  self->day_spin = add_spin_row (self, self->day_group, _("Anomaly Day"), NULL,
                                 _("Anomaly day"), 1, VIGIL_SCENARIO_MAX_DAYS, 1);
  add_anomaly_rows (self);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->new_row), FALSE);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->open_row), FALSE);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->false_alarms_row), FALSE);
  adw_action_row_set_subtitle_lines (self->open_row, 0);

  gtk_label_set_label (self->generate_label,
                       vigil_wizard_state_get_phase_title (VIGIL_WIZARD_PHASE_GENERATE));
  gtk_label_set_label (self->detect_label,
                       vigil_wizard_state_get_phase_title (VIGIL_WIZARD_PHASE_DETECT));

  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->start_row),
                         vigil_wizard_state_get_start_date_text (self->state));
  gtk_editable_set_text (GTK_EDITABLE (self->seed_row),
                         vigil_wizard_state_get_seed_text (self->state));
  self->updating = FALSE;

  g_signal_connect_swapped (self->start_row, "changed", G_CALLBACK (start_changed_cb), self);
  g_signal_connect_swapped (self->seed_row, "changed", G_CALLBACK (seed_changed_cb), self);
  g_signal_connect_swapped (self->new_seed_button, "clicked",
                            G_CALLBACK (new_seed_clicked_cb), self);
  g_signal_connect (self->new_check, "toggled", G_CALLBACK (target_toggled_cb), self);
  g_signal_connect (self->open_check, "toggled", G_CALLBACK (target_toggled_cb), self);
  g_signal_connect_swapped (self->choose_button, "clicked", G_CALLBACK (choose_clicked_cb), self);
  g_signal_connect_swapped (self->next_button, "clicked", G_CALLBACK (next_clicked_cb), self);
  g_signal_connect_swapped (self->back_button, "clicked", G_CALLBACK (back_clicked_cb), self);
  g_signal_connect_swapped (self->cancel_button, "clicked", G_CALLBACK (cancel_clicked_cb), self);
  g_signal_connect_swapped (self->show_button, "clicked", G_CALLBACK (show_clicked_cb), self);
  g_signal_connect_swapped (self->state, "changed", G_CALLBACK (refresh), self);

  suggest_path (self);
  refresh (self);
}

/**
 * vigil_simulation_wizard_new:
 * @parent: the window whose win.show-simulation action shows the result
 * @database: (nullable): the database open in @parent, offered as the target when it is a
 *   writable training database
 *
 * Returns: (transfer none): a new wizard, modal over @parent; present it
 */
VigilSimulationWizard *
vigil_simulation_wizard_new (GtkWindow     *parent,
                             VigilDatabase *database)
{
  VigilSimulationWizard *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (database == NULL || VIGIL_IS_DATABASE (database), NULL);

  self = g_object_new (VIGIL_TYPE_SIMULATION_WIZARD, "transient-for", parent, NULL);
  if (parent != NULL)
    gtk_window_set_application (GTK_WINDOW (self), gtk_window_get_application (parent));
  if (database != NULL)
    {
      self->database = g_object_ref (database);
      vigil_wizard_state_set_open_database (self->state, vigil_database_get_path (database),
                                            vigil_database_get_purpose (database),
                                            vigil_database_is_read_only (database));
    }
  return self;
}

/**
 * vigil_simulation_wizard_get_state:
 *
 * Returns: (transfer none): the pages' state
 */
VigilWizardState *
vigil_simulation_wizard_get_state (VigilSimulationWizard *self)
{
  g_return_val_if_fail (VIGIL_IS_SIMULATION_WIZARD (self), NULL);
  return self->state;
}

/**
 * vigil_simulation_wizard_get_job:
 *
 * Returns: (transfer none) (nullable): the run, once started
 */
VigilJob *
vigil_simulation_wizard_get_job (VigilSimulationWizard *self)
{
  g_return_val_if_fail (VIGIL_IS_SIMULATION_WIZARD (self), NULL);
  return self->job;
}
