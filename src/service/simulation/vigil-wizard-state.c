/* vigil-wizard-state.c: the simulation wizard's pages, what is valid on them and what they say
 *
 * The wizard's widgets hold no logic: they write what a person enters here and show what this
 * object says. Four pages, in order: the scenario and its target database, the anomalies, the
 * run, the results. A page is left forward only when it and every page before it are valid;
 * the run page is left only by a finished run, which moves on to the results by itself.
 * Simulated decisions never go into a production database: the open database is a target only
 * when it is a writable training database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-wizard-state"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "vigil-wizard-state.h"

struct _VigilWizardState
{
  GObject            parent_instance;

  VigilScenario     *scenario;
  char              *start_date_text;
  char              *seed_text;
  char              *seed_problem;

  char              *open_path;
  VigilPurpose       open_purpose;
  gboolean           open_read_only;
  VigilWizardTarget  target;
  char              *new_path;

  VigilWizardPage    page;
  VigilWizardRun     run;
  double             fraction;
  char              *run_error;
  char              *run_start_date;  /* the resolved first day of the run */
  VigilScorecard    *scorecard;
};

G_DEFINE_FINAL_TYPE (VigilWizardState, vigil_wizard_state, G_TYPE_OBJECT)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
emit_changed (VigilWizardState *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
vigil_wizard_state_finalize (GObject *object)
{
  VigilWizardState *self = (VigilWizardState *) object;

  g_clear_object (&self->scenario);
  g_free (self->start_date_text);
  g_free (self->seed_text);
  g_free (self->seed_problem);
  g_free (self->open_path);
  g_free (self->new_path);
  g_free (self->run_error);
  g_free (self->run_start_date);
  g_clear_object (&self->scorecard);

  G_OBJECT_CLASS (vigil_wizard_state_parent_class)->finalize (object);
}

static void
vigil_wizard_state_class_init (VigilWizardStateClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_wizard_state_finalize;

  /**
   * VigilWizardState::changed:
   *
   * Something any page shows may have changed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

/* The anomaly day stays one of the simulated days when there are fewer of them. */
static void
scenario_notify_cb (VigilWizardState *self,
                    GParamSpec       *pspec)
{
  guint days = vigil_scenario_get_days (self->scenario);

  if (days >= 1 && vigil_scenario_get_anomaly_day (self->scenario) > days)
    vigil_scenario_set_anomaly_day (self->scenario, days);
  emit_changed (self);
}

static void
vigil_wizard_state_init (VigilWizardState *self)
{
  self->scenario = vigil_scenario_new ();
  /* The default first day, written out, so that a person sees the dates simulated */
  self->start_date_text = vigil_scenario_dup_resolved_start_date (self->scenario);
  vigil_scenario_set_start_date (self->scenario, self->start_date_text);
  self->seed_text = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                     vigil_scenario_get_seed (self->scenario));
  self->open_purpose = VIGIL_PURPOSE_PRODUCTION;
  self->target = VIGIL_WIZARD_TARGET_NEW;
  g_signal_connect_object (self->scenario, "notify", G_CALLBACK (scenario_notify_cb), self,
                           G_CONNECT_SWAPPED);
}

VigilWizardState *
vigil_wizard_state_new (void)
{
  return g_object_new (VIGIL_TYPE_WIZARD_STATE, NULL);
}

/**
 * vigil_wizard_state_get_scenario:
 *
 * Returns: (transfer none): the scenario the pages edit; set its numbers directly
 */
VigilScenario *
vigil_wizard_state_get_scenario (VigilWizardState *self)
{
  g_return_val_if_fail (VIGIL_IS_WIZARD_STATE (self), NULL);
  return self->scenario;
}

/* Scenario page */

/**
 * vigil_wizard_state_set_start_date_text:
 * @text: "YYYY-MM-DD", or "" for days that end yesterday
 *
 * Returns: whether @text is a start date
 */
gboolean
vigil_wizard_state_set_start_date_text (VigilWizardState *self,
                                        const char       *text)
{
  g_autofree char *stripped = NULL;
  g_autoptr(VigilScenario) probe = NULL;

  g_return_val_if_fail (VIGIL_IS_WIZARD_STATE (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  stripped = g_strstrip (g_strdup (text));
  g_free (self->start_date_text);
  self->start_date_text = g_strdup (stripped);
  /* Emits ::changed through the scenario's notification */
  vigil_scenario_set_start_date (self->scenario, *stripped != '\0' ? stripped : NULL);
  emit_changed (self);

  probe = vigil_scenario_copy (self->scenario);
  vigil_scenario_set_anomalies (probe, VIGIL_ANOMALY_NONE);
  vigil_scenario_set_trading_per_day (probe, 1);
  return vigil_scenario_validate (probe, NULL);
}

const char *
vigil_wizard_state_get_start_date_text (VigilWizardState *self)
{
  g_return_val_if_fail (VIGIL_IS_WIZARD_STATE (self), NULL);
  return self->start_date_text;
}

/**
 * vigil_wizard_state_set_seed_text:
 * @text: a whole number from 0 to 2⁶⁴ - 1
 *
 * Returns: whether @text is a seed; if not, the scenario page says why
 */
gboolean
vigil_wizard_state_set_seed_text (VigilWizardState *self,
                                  const char       *text)
{
  g_autofree char *stripped = NULL;
  guint64 seed;

  g_return_val_if_fail (VIGIL_IS_WIZARD_STATE (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  stripped = g_strstrip (g_strdup (text));
  g_free (self->seed_text);
  self->seed_text = g_strdup (stripped);
  g_clear_pointer (&self->seed_problem, g_free);

  if (!g_ascii_string_to_unsigned (stripped, 10, 0, G_MAXUINT64, &seed, NULL))
    {
      g_autofree char *max = g_strdup_printf ("%" G_GUINT64_FORMAT, G_MAXUINT64);

      self->seed_problem = g_strdup_printf (_("The random seed “%s” is not a whole number "
                                              "from 0 to %s"), stripped, max);
      emit_changed (self);
      return FALSE;
    }

  if (vigil_scenario_get_seed (self->scenario) == seed)
    emit_changed (self);
  else
    vigil_scenario_set_seed (self->scenario, seed);
  return TRUE;
}

const char *
vigil_wizard_state_get_seed_text (VigilWizardState *self)
{
  g_return_val_if_fail (VIGIL_IS_WIZARD_STATE (self), NULL);
  return self->seed_text;
}

/**
 * vigil_wizard_state_new_seed:
 *
 * Draws a new random seed, different from the current one.
 *
 * Returns: the new seed
 */
guint64
vigil_wizard_state_new_seed (VigilWizardState *self)
{
  guint64 seed;
  g_autofree char *text = NULL;

  g_return_val_if_fail (VIGIL_IS_WIZARD_STATE (self), 0);

  /* Small enough to read aloud to a class */
  do
    seed = (guint64) g_random_int_range (1, 1000000);
  while (seed == vigil_scenario_get_seed (self->scenario));

  text = g_strdup_printf ("%" G_GUINT64_FORMAT, seed);
  vigil_wizard_state_set_seed_text (self, text);
  return seed;
}

/**
 * vigil_wizard_state_set_open_database:
 * @path: (nullable): the database open in the window, or %NULL when none is
 * @purpose: its purpose
 * @read_only: whether it is open read-only
 *
 * The open database is offered as a target only when it is a writable training database.
 */
void
vigil_wizard_state_set_open_database (VigilWizardState *self,
                                      const char       *path,
                                      VigilPurpose      purpose,
                                      gboolean          read_only)
{
  g_return_if_fail (VIGIL_IS_WIZARD_STATE (self));

  g_free (self->open_path);
  self->open_path = g_strdup (path);
  self->open_purpose = purpose;
  self->open_read_only = !!read_only;
  if (!vigil_wizard_state_get_open_allowed (self))
    self->target = VIGIL_WIZARD_TARGET_NEW;
  emit_changed (self);
}

gboolean
vigil_wizard_state_get_open_allowed (VigilWizardState *self)
{
  g_return_val_if_fail (VIGIL_IS_WIZARD_STATE (self), FALSE);

  return self->open_path != NULL && self->open_purpose == VIGIL_PURPOSE_TRAINING &&
         !self->open_read_only;
}

/**
 * vigil_wizard_state_dup_open_note:
 *
 * Returns: (transfer full): what simulating into the open database does, or why it cannot
 */
char *
vigil_wizard_state_dup_open_note (VigilWizardState *self)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (VIGIL_IS_WIZARD_STATE (self), NULL);

  if (self->open_path == NULL)
    return g_strdup (_("No database is open in the window."));

  name = g_path_get_basename (self->open_path);
  if (self->open_purpose != VIGIL_PURPOSE_TRAINING)
    return g_strdup_printf (_("Not offered: “%s” is a production database, and simulated "
                              "decisions never go into a production audit log."), name);
  if (self->open_read_only)
    return g_strdup_printf (_("Not offered: “%s” is open read-only."), name);
  return g_strdup_printf (_("Adds the simulated days to “%s”."), name);
}

/**
 * vigil_wizard_state_set_target:
 *
 * Returns: %FALSE, keeping the target, when @target is the open database and that is not
 *   a writable training database
 */
gboolean
vigil_wizard_state_set_target (VigilWizardState  *self,
                               VigilWizardTarget  target)
{
  g_return_val_if_fail (VIGIL_IS_WIZARD_STATE (self), FALSE);

  if (target == VIGIL_WIZARD_TARGET_OPEN && !vigil_wizard_state_get_open_allowed (self))
    return FALSE;
  if (target != VIGIL_WIZARD_TARGET_OPEN && target != VIGIL_WIZARD_TARGET_NEW)
    return FALSE;

  self->target = target;
  emit_changed (self);
  return TRUE;
}

VigilWizardTarget
vigil_wizard_state_get_target (VigilWizardState *self)
{
  g_return_val_if_fail (VIGIL_IS_WIZARD_STATE (self), VIGIL_WIZARD_TARGET_NEW);
  return self->target;
}

void
vigil_wizard_state_set_new_path (VigilWizardState *self,
                                 const char       *path)
{
  g_return_if_fail (VIGIL_IS_WIZARD_STATE (self));

  g_free (self->new_path);
  self->new_path = path != NULL && *path != '\0' ? g_strdup (path) : NULL;
  emit_changed (self);
}

const char *
vigil_wizard_state_get_new_path (VigilWizardState *self)
{
  g_return_val_if_fail (VIGIL_IS_WIZARD_STATE (self), NULL);
  return self->new_path;
}

/**
 * vigil_wizard_state_get_target_path:
 *
 * Returns: (nullable): the file the simulation writes into
 */
const char *
vigil_wizard_state_get_target_path (VigilWizardState *self)
{
  g_return_val_if_fail (VIGIL_IS_WIZARD_STATE (self), NULL);

  return self->target == VIGIL_WIZARD_TARGET_OPEN ? self->open_path : self->new_path;
}

/**
 * vigil_wizard_state_suggest_path:
 * @folder: where to put the new training database
 *
 * Returns: (transfer full): a file in @folder that does not exist yet, named after the
 *   scenario, like "vigil-simulation-2026-03-02-seed-42.db"
 */
char *
vigil_wizard_state_suggest_path (VigilWizardState *self,
                                 const char       *folder)
{
  g_autofree char *start = NULL;

  g_return_val_if_fail (VIGIL_IS_WIZARD_STATE (self), NULL);
  g_return_val_if_fail (folder != NULL, NULL);

  start = vigil_scenario_dup_resolved_start_date (self->scenario);
  for (guint n = 1; ; n++)
    {
      g_autofree char *name = NULL;
      g_autofree char *path = NULL;

      if (n == 1)
        name = g_strdup_printf ("vigil-simulation-%s-seed-%" G_GUINT64_FORMAT ".db", start,
                                vigil_scenario_get_seed (self->scenario));
      else
        name = g_strdup_printf ("vigil-simulation-%s-seed-%" G_GUINT64_FORMAT "-%u.db", start,
                                vigil_scenario_get_seed (self->scenario), n);
      path = g_build_filename (folder, name, NULL);
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&path);
    }
}

/* Anomalies page */

void
vigil_wizard_state_set_anomaly (VigilWizardState *self,
                                VigilAnomaly      anomaly,
                                gboolean          injected)
{
  VigilAnomaly set;

  g_return_if_fail (VIGIL_IS_WIZARD_STATE (self));
  g_return_if_fail (vigil_anomaly_to_string (anomaly) != NULL);

  set = vigil_scenario_get_anomalies (self->scenario);
  set = injected ? (set | anomaly) : (set & ~anomaly);
  vigil_scenario_set_anomalies (self->scenario, set);
}

/**
 * vigil_wizard_state_set_anomaly_intensity:
 * @anomaly: one anomaly
 * @intensity: its strength in (0, 1]; the page shows it as a percentage
 */
void
vigil_wizard_state_set_anomaly_intensity (VigilWizardState *self,
                                          VigilAnomaly      anomaly,
                                          double            intensity)
{
  g_return_if_fail (VIGIL_IS_WIZARD_STATE (self));
  g_return_if_fail (vigil_anomaly_to_string (anomaly) != NULL);

  vigil_scenario_set_anomaly_intensity (self->scenario, anomaly, intensity);
}

double
vigil_wizard_state_get_anomaly_intensity (VigilWizardState *self,
                                          VigilAnomaly      anomaly)
{
  g_return_val_if_fail (VIGIL_IS_WIZARD_STATE (self), 0.0);
  g_return_val_if_fail (vigil_anomaly_to_string (anomaly) != NULL, 0.0);

  return vigil_scenario_get_anomaly_intensity (self->scenario, anomaly);
}

/**
 * vigil_wizard_state_anomaly_title:
 * @anomaly: one anomaly
 *
 * Returns: (nullable): its name for people, like "SELL surge"
 */
const char *
vigil_wizard_state_anomaly_title (VigilAnomaly anomaly)
{
  switch (anomaly)
    {
    case VIGIL_ANOMALY_SELL_SURGE: return _("SELL surge");
    case VIGIL_ANOMALY_LOW_FICO: return _("Low FICO scores");
    case VIGIL_ANOMALY_CONCENTRATION: return _("Ticker concentration");
    case VIGIL_ANOMALY_VOLUME_SPIKE: return _("Volume spike");
    case VIGIL_ANOMALY_VOLUME_DROP: return _("Volume drop");
    case VIGIL_ANOMALY_CONFIDENCE_COLLAPSE: return _("Confidence collapse");
    case VIGIL_ANOMALY_FEATURE_DRIFT: return _("Feature drift");
    case VIGIL_ANOMALY_MISSING_INPUTS: return _("Missing inputs");
    case VIGIL_ANOMALY_CATEGORY_SHIFT: return _("Category shift");
    case VIGIL_ANOMALY_ACCURACY_DROP: return _("Accuracy drop");
    case VIGIL_ANOMALY_NONE:
    default:
      return NULL;
    }
}

/**
 * vigil_wizard_state_dup_anomaly_explanation:
 *
 * Returns: (transfer full): what @anomaly does at its own intensity, and the checks meant to
 *   catch it on the models it changes (the scorecard credits it with no other)
 */
char *
vigil_wizard_state_dup_anomaly_explanation (VigilWizardState *self,
                                            VigilAnomaly      anomaly)
{
  g_autofree char *what = NULL;
  g_autofree char *expected = NULL;

  g_return_val_if_fail (VIGIL_IS_WIZARD_STATE (self), NULL);

  what = vigil_anomaly_describe (anomaly,
                                 vigil_scenario_get_anomaly_intensity (self->scenario, anomaly));
  expected = vigil_anomaly_describe_expectation (anomaly);
  if (expected == NULL)
    return g_steal_pointer (&what);
  return g_strconcat (what, " ", expected, NULL);
}

/**
 * vigil_wizard_state_dup_preview:
 *
 * Returns: (transfer full): what the run will do, or what is wrong with the scenario
 */
char *
vigil_wizard_state_dup_preview (VigilWizardState *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *what = NULL;
  g_autofree char *start = NULL;
  g_autofree char *volume = NULL;
  guint days;

  g_return_val_if_fail (VIGIL_IS_WIZARD_STATE (self), NULL);

  if (!vigil_scenario_validate (self->scenario, &error))
    return g_strdup (error->message);

  days = vigil_scenario_get_days (self->scenario);
  what = vigil_scenario_describe (self->scenario);
  start = vigil_scenario_dup_resolved_start_date (self->scenario);
  /* Translators: the first %u is a number of days, %s the first day (YYYY-MM-DD), then the
   * trading signals and credit decisions a normal day */
  volume = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u day from %s, with %u trading signals and %u credit "
                                         "decisions a normal day; then the checks run as of the "
                                         "end of the day.",
                                         "%u days from %s, with %u trading signals and %u credit "
                                         "decisions a normal day; then the checks run as of the "
                                         "end of each day.", days),
                            days, start, vigil_scenario_get_trading_per_day (self->scenario),
                            vigil_scenario_get_credit_per_day (self->scenario));
  return g_strconcat (what, " ", volume, NULL);
}

/* Pages */

VigilWizardPage
vigil_wizard_state_get_page (VigilWizardState *self)
{
  g_return_val_if_fail (VIGIL_IS_WIZARD_STATE (self), VIGIL_WIZARD_PAGE_SCENARIO);
  return self->page;
}

/**
 * vigil_wizard_state_get_page_name:
 *
 * Returns: the page's name in the wizard's stack: "scenario", "anomalies", "run", "results"
 */
const char *
vigil_wizard_state_get_page_name (VigilWizardPage page)
{
  static const char *names[] = { "scenario", "anomalies", "run", "results" };

  g_return_val_if_fail (page < VIGIL_WIZARD_N_PAGES, NULL);
  return names[page];
}

const char *
vigil_wizard_state_get_page_title (VigilWizardPage page)
{
  switch (page)
    {
    case VIGIL_WIZARD_PAGE_SCENARIO: return _("Scenario");
    case VIGIL_WIZARD_PAGE_ANOMALIES: return _("Anomalies");
    case VIGIL_WIZARD_PAGE_RUN: return _("Run");
    case VIGIL_WIZARD_PAGE_RESULTS: return _("Results");
    case VIGIL_WIZARD_N_PAGES:
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * vigil_wizard_state_dup_subtitle:
 *
 * Returns: (transfer full): "Step 2 of 4: Anomalies"
 */
char *
vigil_wizard_state_dup_subtitle (VigilWizardState *self)
{
  g_return_val_if_fail (VIGIL_IS_WIZARD_STATE (self), NULL);

  /* Translators: the wizard's step, "Step 2 of 4: Anomalies" */
  return g_strdup_printf (_("Step %u of %u: %s"), self->page + 1, (guint) VIGIL_WIZARD_N_PAGES,
                          vigil_wizard_state_get_page_title (self->page));
}

static char *
dup_target_problem (VigilWizardState *self)
{
  if (self->target == VIGIL_WIZARD_TARGET_OPEN)
    return vigil_wizard_state_get_open_allowed (self) ? NULL
                                                      : vigil_wizard_state_dup_open_note (self);

  if (self->new_path == NULL)
    return g_strdup (_("Choose a file for the new training database."));
  if (g_file_test (self->new_path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *name = g_path_get_basename (self->new_path);

      return g_strdup_printf (_("“%s” already exists: a new training database needs a new "
                                "file name."), name);
    }
  return NULL;
}

/**
 * vigil_wizard_state_dup_problem:
 * @page: a page
 *
 * Returns: (transfer full) (nullable): why @page cannot be left forward, or %NULL
 */
char *
vigil_wizard_state_dup_problem (VigilWizardState *self,
                                VigilWizardPage   page)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (VIGIL_IS_WIZARD_STATE (self), NULL);

  switch (page)
    {
    case VIGIL_WIZARD_PAGE_SCENARIO:
      {
        g_autoptr(VigilScenario) probe = vigil_scenario_copy (self->scenario);

        if (self->seed_problem != NULL)
          return g_strdup (self->seed_problem);
        /* The anomalies are the next page's */
        vigil_scenario_set_anomalies (probe, VIGIL_ANOMALY_NONE);
        if (!vigil_scenario_validate (probe, &error))
          return g_strdup (error->message);
        return dup_target_problem (self);
      }
    case VIGIL_WIZARD_PAGE_ANOMALIES:
      if (!vigil_scenario_validate (self->scenario, &error))
        return g_strdup (error->message);
      return NULL;
    case VIGIL_WIZARD_PAGE_RUN:
      if (self->run == VIGIL_WIZARD_RUN_DONE)
        return NULL;
      return vigil_wizard_state_dup_run_status (self);
    case VIGIL_WIZARD_PAGE_RESULTS:
      return NULL;
    case VIGIL_WIZARD_N_PAGES:
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
vigil_wizard_state_can_go_next (VigilWizardState *self)
{
  g_return_val_if_fail (VIGIL_IS_WIZARD_STATE (self), FALSE);

  if (self->page >= VIGIL_WIZARD_PAGE_RESULTS)
    return FALSE;
  for (guint page = 0; page <= self->page; page++)
    {
      g_autofree char *problem = vigil_wizard_state_dup_problem (self, page);

      if (problem != NULL)
        return FALSE;
    }
  return TRUE;
}

gboolean
vigil_wizard_state_can_go_back (VigilWizardState *self)
{
  g_return_val_if_fail (VIGIL_IS_WIZARD_STATE (self), FALSE);

  return self->page > VIGIL_WIZARD_PAGE_SCENARIO && self->run != VIGIL_WIZARD_RUN_RUNNING;
}

static void
reset_run (VigilWizardState *self)
{
  self->run = VIGIL_WIZARD_RUN_IDLE;
  self->fraction = 0;
  g_clear_pointer (&self->run_error, g_free);
  g_clear_pointer (&self->run_start_date, g_free);
  g_clear_object (&self->scorecard);
}

/**
 * vigil_wizard_state_next:
 *
 * Goes to the next page. Arriving on the run page, the run is idle: the wizard starts it.
 *
 * Returns: whether the page changed
 */
gboolean
vigil_wizard_state_next (VigilWizardState *self)
{
  g_return_val_if_fail (VIGIL_IS_WIZARD_STATE (self), FALSE);

  if (!vigil_wizard_state_can_go_next (self))
    return FALSE;
  self->page++;
  if (self->page == VIGIL_WIZARD_PAGE_RUN)
    reset_run (self);
  emit_changed (self);
  return TRUE;
}

/**
 * vigil_wizard_state_back:
 *
 * Goes to the previous page; from the run or the results, back to the anomalies, ready for
 * another run.
 *
 * Returns: whether the page changed
 */
gboolean
vigil_wizard_state_back (VigilWizardState *self)
{
  g_return_val_if_fail (VIGIL_IS_WIZARD_STATE (self), FALSE);

  if (!vigil_wizard_state_can_go_back (self))
    return FALSE;
  if (self->page >= VIGIL_WIZARD_PAGE_RUN)
    {
      reset_run (self);
      self->page = VIGIL_WIZARD_PAGE_ANOMALIES;
    }
  else
    {
      self->page--;
    }
  emit_changed (self);
  return TRUE;
}

/**
 * vigil_wizard_state_get_next_label:
 *
 * Returns: (nullable): the forward button's label with its mnemonic, %NULL on the last page
 */
const char *
vigil_wizard_state_get_next_label (VigilWizardState *self)
{
  g_return_val_if_fail (VIGIL_IS_WIZARD_STATE (self), NULL);

  switch (self->page)
    {
    case VIGIL_WIZARD_PAGE_ANOMALIES:
      return _("_Run");
    case VIGIL_WIZARD_PAGE_RESULTS:
      return NULL;
    case VIGIL_WIZARD_PAGE_SCENARIO:
    case VIGIL_WIZARD_PAGE_RUN:
    case VIGIL_WIZARD_N_PAGES:
    default:
      return _("_Next");
    }
}

/**
 * vigil_wizard_state_get_cancel_label:
 *
 * Returns: "_Cancel" while cancelling still undoes something (the wizard, or a running
 *   simulation), "_Close" once a run ended
 */
const char *
vigil_wizard_state_get_cancel_label (VigilWizardState *self)
{
  g_return_val_if_fail (VIGIL_IS_WIZARD_STATE (self), NULL);

  if (self->page >= VIGIL_WIZARD_PAGE_RUN && self->run != VIGIL_WIZARD_RUN_RUNNING &&
      self->run != VIGIL_WIZARD_RUN_IDLE)
    return _("_Close");
  return _("_Cancel");
}

/* Run page */

VigilWizardRun
vigil_wizard_state_get_run (VigilWizardState *self)
{
  g_return_val_if_fail (VIGIL_IS_WIZARD_STATE (self), VIGIL_WIZARD_RUN_IDLE);
  return self->run;
}

/**
 * vigil_wizard_state_run_started:
 *
 * The wizard starts the simulation, on the run page.
 *
 * Returns: (transfer full): the scenario to simulate, a copy with its first day fixed
 */
VigilScenario *
vigil_wizard_state_run_started (VigilWizardState *self)
{
  VigilScenario *scenario;

  g_return_val_if_fail (VIGIL_IS_WIZARD_STATE (self), NULL);
  g_return_val_if_fail (self->page == VIGIL_WIZARD_PAGE_RUN, NULL);

  reset_run (self);
  self->run = VIGIL_WIZARD_RUN_RUNNING;
  self->run_start_date = vigil_scenario_dup_resolved_start_date (self->scenario);
  scenario = vigil_scenario_copy (self->scenario);
  vigil_scenario_set_start_date (scenario, self->run_start_date);
  emit_changed (self);
  return scenario;
}

/**
 * vigil_wizard_state_set_progress:
 * @fraction: the run's progress from 0 to 1: generating and logging up to
 *   %VIGIL_WIZARD_GENERATE_SHARE, then detection
 */
void
vigil_wizard_state_set_progress (VigilWizardState *self,
                                 double            fraction)
{
  g_return_if_fail (VIGIL_IS_WIZARD_STATE (self));

  if (self->run != VIGIL_WIZARD_RUN_RUNNING || !(fraction >= 0))
    return;
  self->fraction = MIN (MAX (fraction, self->fraction), 1.0);
  emit_changed (self);
}

double
vigil_wizard_state_get_phase_fraction (VigilWizardState *self,
                                       VigilWizardPhase  phase)
{
  const double share = VIGIL_WIZARD_GENERATE_SHARE;

  g_return_val_if_fail (VIGIL_IS_WIZARD_STATE (self), 0);

  if (self->run == VIGIL_WIZARD_RUN_DONE)
    return 1.0;
  if (phase == VIGIL_WIZARD_PHASE_GENERATE)
    return MIN (self->fraction / share, 1.0);
  return MAX (0.0, (self->fraction - share) / (1.0 - share));
}

const char *
vigil_wizard_state_get_phase_title (VigilWizardPhase phase)
{
  switch (phase)
    {
    case VIGIL_WIZARD_PHASE_GENERATE: return _("Generating and logging decisions");
    case VIGIL_WIZARD_PHASE_DETECT: return _("Running the checks on each day");
    case VIGIL_WIZARD_N_PHASES:
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * vigil_wizard_state_run_finished:
 * @scorecard: (nullable): the scorecard of a run that finished
 * @error: (nullable): why it did not; %G_IO_ERROR_CANCELLED when it was cancelled
 *
 * A finished run goes on to the results page.
 */
void
vigil_wizard_state_run_finished (VigilWizardState *self,
                                 VigilScorecard   *scorecard,
                                 const GError     *error)
{
  g_return_if_fail (VIGIL_IS_WIZARD_STATE (self));
  g_return_if_fail ((scorecard == NULL) != (error == NULL));

  if (self->run != VIGIL_WIZARD_RUN_RUNNING)
    return;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      self->run = VIGIL_WIZARD_RUN_CANCELLED;
    }
  else if (error != NULL)
    {
      self->run = VIGIL_WIZARD_RUN_FAILED;
      self->run_error = g_strdup (error->message);
    }
  else
    {
      self->run = VIGIL_WIZARD_RUN_DONE;
      self->scorecard = g_object_ref (scorecard);
      self->page = VIGIL_WIZARD_PAGE_RESULTS;
    }
  emit_changed (self);
}

/**
 * vigil_wizard_state_dup_run_status:
 *
 * Returns: (transfer full): what the run is doing or did, and what cancelling does
 */
char *
vigil_wizard_state_dup_run_status (VigilWizardState *self)
{
  g_return_val_if_fail (VIGIL_IS_WIZARD_STATE (self), NULL);

  switch (self->run)
    {
    case VIGIL_WIZARD_RUN_IDLE:
      return g_strdup (_("The simulation has not started."));
    case VIGIL_WIZARD_RUN_RUNNING:
      return g_strdup (_("Each simulated day is written in one transaction: if you cancel, the "
                         "days already written stay, whole, and the database stays "
                         "consistent."));
    case VIGIL_WIZARD_RUN_CANCELLED:
      return g_strdup (_("Cancelled. The days written before you cancelled are kept, each one "
                         "whole; no day is half-written and the database is consistent. Go "
                         "back to run again."));
    case VIGIL_WIZARD_RUN_FAILED:
      /* Translators: %s says why */
      return g_strdup_printf (_("The simulation failed: %s"), self->run_error);
    case VIGIL_WIZARD_RUN_DONE:
    default:
      return g_strdup (_("The simulation is done."));
    }
}

/* Results page */

/**
 * vigil_wizard_state_get_scorecard:
 *
 * Returns: (transfer none) (nullable): the finished run's scorecard
 */
VigilScorecard *
vigil_wizard_state_get_scorecard (VigilWizardState *self)
{
  g_return_val_if_fail (VIGIL_IS_WIZARD_STATE (self), NULL);
  return self->scorecard;
}

/**
 * vigil_wizard_state_dup_result:
 * @index: an injected anomaly, as in the scorecard
 *
 * Returns: (transfer full): "Caught on day 4 by Distribution shift (MomentumSignal)", or
 *   "Missed on day 4. Meant to be caught by Distribution shift or Feature drift on
 *   MomentumSignal." An anomaly is credited only with the checks meant to catch it.
 */
char *
vigil_wizard_state_dup_result (VigilWizardState *self,
                               guint             index)
{
  GPtrArray *catches;
  VigilCheckResult *first;
  g_autofree char *caught = NULL;
  guint day;

  g_return_val_if_fail (VIGIL_IS_WIZARD_STATE (self), NULL);
  g_return_val_if_fail (self->scorecard != NULL, NULL);
  g_return_val_if_fail (index < vigil_scorecard_get_n_anomalies (self->scorecard), NULL);

  day = vigil_scorecard_get_anomaly_day (self->scorecard);
  if (!vigil_scorecard_get_caught (self->scorecard, index))
    {
      g_autofree char *expected =
        vigil_anomaly_describe_expectation (vigil_scorecard_get_anomaly (self->scorecard, index));

      /* Translators: a day, then "Meant to be caught by Confidence shift on MomentumSignal
       * and CreditXGBoost." */
      return g_strdup_printf (_("Missed on day %u. %s"), day, expected);
    }

  catches = vigil_scorecard_get_catches (self->scorecard, index);
  first = g_ptr_array_index (catches, 0);
  /* Translators: "Caught on day 4 by Distribution shift (MomentumSignal)": a day, a check,
   * a model */
  caught = g_strdup_printf (_("Caught on day %u by %s (%s)"),
                            vigil_scorecard_day_of (self->scorecard,
                                                    vigil_check_result_get_window_end (first)),
                            vigil_check_get_label (vigil_check_result_get_check (first)),
                            vigil_check_result_get_model_name (first));
  if (catches->len == 1)
    return g_steal_pointer (&caught);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, and by %u other alert",
                                       "%s, and by %u other alerts", catches->len - 1),
                          caught, catches->len - 1);
}

/**
 * vigil_wizard_state_dup_catches:
 * @index: an injected anomaly of the scorecard
 *
 * Returns: (transfer full): each alert that caught the anomaly, "Day 4: Distribution shift
 *   (MomentumSignal)", first the one vigil_wizard_state_dup_result() names; empty when missed
 */
GStrv
vigil_wizard_state_dup_catches (VigilWizardState *self,
                                guint             index)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GPtrArray *catches;

  g_return_val_if_fail (VIGIL_IS_WIZARD_STATE (self), NULL);
  g_return_val_if_fail (self->scorecard != NULL, NULL);
  g_return_val_if_fail (index < vigil_scorecard_get_n_anomalies (self->scorecard), NULL);

  catches = vigil_scorecard_get_caught (self->scorecard, index)
            ? vigil_scorecard_get_catches (self->scorecard, index) : NULL;
  for (guint i = 0; catches != NULL && i < catches->len; i++)
    {
      VigilCheckResult *r = g_ptr_array_index (catches, i);

      guint day = vigil_scorecard_day_of (self->scorecard, vigil_check_result_get_window_end (r));
      /* Translators: one alert that caught an anomaly: its day, its check, its model */
      g_autofree char *text = g_strdup_printf (_("Day %u: %s (%s)"), day,
                                               vigil_check_get_label (vigil_check_result_get_check (r)),
                                               vigil_check_result_get_model_name (r));

      g_strv_builder_add (builder, text);
    }
  return g_strv_builder_end (builder);
}

/* "; " between items, "day 2, Volume anomaly (CreditXGBoost)" for each */
static void
append_alerts (VigilWizardState *self,
               GString          *out,
               GPtrArray        *alerts)
{
  for (guint i = 0; i < alerts->len; i++)
    {
      VigilCheckResult *r = g_ptr_array_index (alerts, i);

      g_string_append_c (out, i == 0 ? ' ' : ';');
      if (i > 0)
        g_string_append_c (out, ' ');
      /* Translators: an alert: "day 2, Volume anomaly (CreditXGBoost)" */
      g_string_append_printf (out, _("day %u, %s (%s)"),
                              vigil_scorecard_day_of (self->scorecard,
                                                      vigil_check_result_get_window_end (r)),
                              vigil_check_get_label (vigil_check_result_get_check (r)),
                              vigil_check_result_get_model_name (r));
    }
}

/**
 * vigil_wizard_state_dup_false_alarms:
 *
 * Returns: (transfer full): the false alarms (alerts on normal days, or on a model no
 *   anomaly changed), or that there were none; then the other alerts of the anomaly day,
 *   which are credited to no anomaly and are not false alarms
 */
char *
vigil_wizard_state_dup_false_alarms (VigilWizardState *self)
{
  GPtrArray *alarms, *others;
  g_autoptr(GString) out = NULL;
  guint normal_days;

  g_return_val_if_fail (VIGIL_IS_WIZARD_STATE (self), NULL);
  g_return_val_if_fail (self->scorecard != NULL, NULL);

  alarms = vigil_scorecard_get_false_alarms (self->scorecard);
  others = vigil_scorecard_get_other_alerts (self->scorecard);
  normal_days = vigil_scenario_get_days (self->scenario);
  if (vigil_scenario_get_anomalies (self->scenario) != VIGIL_ANOMALY_NONE)
    normal_days--;

  out = g_string_new (NULL);
  if (alarms->len == 0)
    g_string_printf (out, g_dngettext (GETTEXT_PACKAGE,
                                       "None: no check alerted on the %u normal day",
                                       "None: no check alerted on the %u normal days",
                                       normal_days), normal_days);
  else
    {
      g_string_printf (out, g_dngettext (GETTEXT_PACKAGE, "%u false alarm:", "%u false alarms:",
                                         alarms->len), alarms->len);
      append_alerts (self, out, alarms);
    }
  if (others->len > 0)
    {
      g_string_append (out, "\n");
      g_string_append_printf (out,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%u other alert of the anomaly day, by a check not "
                                           "meant for its anomalies (credited to none, not a "
                                           "false alarm):",
                                           "%u other alerts of the anomaly day, by checks not "
                                           "meant for its anomalies (credited to none, not false "
                                           "alarms):", others->len),
                              others->len);
      append_alerts (self, out, others);
    }
  return g_strdup (out->str);
}

/**
 * vigil_wizard_state_get_show_period:
 * @out: (out): the simulated days, the anomaly day among them
 *
 * Returns: %FALSE before a run finished
 */
gboolean
vigil_wizard_state_get_show_period (VigilWizardState *self,
                                    VigilPeriod      *out)
{
  g_return_val_if_fail (VIGIL_IS_WIZARD_STATE (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (self->run != VIGIL_WIZARD_RUN_DONE || self->run_start_date == NULL)
    return FALSE;

  g_strlcpy (out->first_day, self->run_start_date, sizeof out->first_day);
  out->n_days = MIN (vigil_scenario_get_days (self->scenario), VIGIL_PERIOD_MAX_DAYS);
  return TRUE;
}

/**
 * vigil_wizard_state_get_show_model:
 *
 * Returns: (nullable): the model of the first alert that caught an anomaly, to show on the
 *   dashboard; %NULL (all models) when nothing was caught
 */
const char *
vigil_wizard_state_get_show_model (VigilWizardState *self)
{
  g_return_val_if_fail (VIGIL_IS_WIZARD_STATE (self), NULL);

  if (self->scorecard == NULL)
    return NULL;
  for (guint i = 0; i < vigil_scorecard_get_n_anomalies (self->scorecard); i++)
    if (vigil_scorecard_get_caught (self->scorecard, i))
      return vigil_check_result_get_model_name (
        g_ptr_array_index (vigil_scorecard_get_catches (self->scorecard, i), 0));
  return NULL;
}
