/* vigilctl-simulate.c: simulate: days with injected incidents, and the scorecard of the checks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigilctl"

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "vigil-detector.h"
#include "vigil-scorecard.h"
#include "vigil-simulator.h"
#include "vigil-timestamp.h"
#include "vigilctl-private.h"

/* simulate --------------------------------------------------------------------------------- */

static void
simulate_progress (double   fraction,
                   guint    day,
                   gpointer data)
{
  if (GPOINTER_TO_INT (data))
    g_printerr ("\r\033[K" "Simulating: day %u, %3d%%", day, (int) (fraction * 100));
}

/* "X" sets every incident's intensity, "TYPE=X" one incident's; the scenario's validation
 * checks the range. */
static gboolean
parse_intensity (VigilScenario  *scenario,
                 const char     *text,
                 GError        **error)
{
  const char *equals = strchr (text, '=');
  const char *number = equals != NULL ? equals + 1 : text;
  g_autofree char *name = NULL;
  VigilAnomaly anomaly = VIGIL_ANOMALY_NONE;
  char *end = NULL;
  double value;

  if (equals != NULL)
    {
      name = g_strstrip (g_strndup (text, (gsize) (equals - text)));
      if (*name == '\0')
        {
          g_set_error (error, VIGIL_SCENARIO_ERROR, VIGIL_SCENARIO_ERROR_INVALID,
                       _("“%s” names no incident before “=”; write TYPE=X, like "
                         "low_fico=0.5"), text);
          return FALSE;
        }
      if (!vigil_anomalies_parse (name, &anomaly, error))
        return FALSE;
      if (vigil_anomaly_to_string (anomaly) == NULL)
        {
          g_set_error (error, VIGIL_SCENARIO_ERROR, VIGIL_SCENARIO_ERROR_INVALID,
                       _("“%s” is not one incident; write TYPE=X for each"), name);
          return FALSE;
        }
    }
  value = g_ascii_strtod (number, &end);
  if (*number == '\0' || g_ascii_isspace (*number) || end == NULL || *end != '\0' ||
      !isfinite (value) || value <= 0.0 || value > 1.0)
    {
      if (name != NULL)
        g_set_error (error, VIGIL_SCENARIO_ERROR, VIGIL_SCENARIO_ERROR_INVALID,
                     _("the intensity of %s must be a number above 0 and at most 1, not “%s”"),
                     name, number);
      else
        g_set_error (error, VIGIL_SCENARIO_ERROR, VIGIL_SCENARIO_ERROR_INVALID,
                     _("the intensity must be a number above 0 and at most 1, or TYPE=X for "
                       "one incident, not “%s”"), number);
      return FALSE;
    }
  if (name != NULL)
    vigil_scenario_set_anomaly_intensity (scenario, anomaly, value);
  else
    vigil_scenario_set_intensity (scenario, value);
  return TRUE;
}

/* --outcomes SHARE and --outcome-lag-days N; the scenario's validation checks the ranges */
static gboolean
parse_outcomes (VigilScenario  *scenario,
                const char     *share_text,
                const char     *lag_text,
                GError        **error)
{
  char *end = NULL;

  if (share_text != NULL)
    {
      double share = g_ascii_strtod (share_text, &end);

      if (*share_text == '\0' || g_ascii_isspace (*share_text) || end == NULL || *end != '\0' ||
          !isfinite (share) || share < 0.0 || share > 1.0)
        {
          g_set_error (error, VIGIL_SCENARIO_ERROR, VIGIL_SCENARIO_ERROR_INVALID,
                       _("--outcomes: the share of decisions that get an outcome must be a "
                         "number from 0 to 1, not “%s”"), share_text);
          return FALSE;
        }
      vigil_scenario_set_outcome_share (scenario, share);
    }
  if (lag_text != NULL)
    {
      guint64 lag;

      if (!g_ascii_string_to_unsigned (lag_text, 10, 0, VIGIL_SCENARIO_MAX_OUTCOME_LAG_DAYS,
                                       &lag, NULL))
        {
          g_set_error (error, VIGIL_SCENARIO_ERROR, VIGIL_SCENARIO_ERROR_INVALID,
                       _("--outcome-lag-days: the most days an outcome arrives after its "
                         "decision must be a whole number from 0 to %d, not “%s”"),
                       VIGIL_SCENARIO_MAX_OUTCOME_LAG_DAYS, lag_text);
          return FALSE;
        }
      vigil_scenario_set_outcome_lag_days (scenario, (int) lag);
    }
  return TRUE;
}

typedef struct
{
  VigilSimulator *simulator;
  VigilStore     *store;
  VigilScenario  *scenario;
  gboolean        progress;
  GCancellable   *cancellable;
  gboolean        ok;
  GError         *error;
} SimulateJob;

static gpointer
simulate_thread (gpointer data)
{
  SimulateJob *job = data;

  job->ok = vigil_simulator_run (job->simulator, job->store, job->scenario, job->cancellable,
                                 simulate_progress, GINT_TO_POINTER (job->progress),
                                 &job->error);
  return NULL;
}

/* Backtests every simulated day, so that each incident is found on its day, and prints the
 * scorecard; an exit status */
static int
score_simulation (VigilSimulator *simulator,
                  VigilStore     *store,
                  VigilPolicy    *policy,
                  gboolean        progress)
{
  VigilScenario *scenario = vigil_simulator_get_scenario (simulator);
  g_autoptr(VigilDetector) detector = vigil_detector_new (store, policy);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(VigilScorecard) scorecard = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_day = NULL;
  char end_day[VIGIL_TIMESTAMP_LEN];
  gboolean interrupted;
  gint64 start_usec;

  first_day = vigil_scenario_dup_resolved_start_date (scenario);
  vigil_timestamp_parse (first_day, &start_usec, NULL);
  vigil_timestamp_format (start_usec + (gint64) vigil_scenario_get_days (scenario) * G_TIME_SPAN_DAY,
                          end_day);
  results = run_backtest (detector, NULL, first_day, end_day, progress, &interrupted, &error);
  if (progress)
    g_printerr ("\r\033[K");
  if (results == NULL && interrupted)
    {
      fail_interrupted ("simulate");
      return EXIT_FAILED;
    }
  if (results == NULL)
    {
      fail ("simulate: %s", error->message);
      return EXIT_FAILED;
    }

  scorecard = vigil_scorecard_new (scenario, results);
  if (opt_json)
    {
      g_autofree char *json = vigil_scorecard_to_json (scorecard);
      g_print ("%s\n", json);
    }
  else
    {
      g_autofree char *description = vigil_scenario_describe (scenario);
      g_autofree char *text = vigil_scorecard_to_text (scorecard);

      g_print (_("Simulated %" PRId64 " decisions into %s (a training database).\n%s\n\n%s"),
               vigil_simulator_get_decisions (simulator), vigil_store_get_path (store),
               description, text);
    }
  return EXIT_OK;
}

int
cmd_simulate (int    argc,
              char **argv)
{
  g_autofree char *start = NULL, *anomalies_text = NULL, *policy_path = NULL;
  g_autofree char *outcomes_text = NULL, *lag_text = NULL;
  gint days = -1, anomaly_day = -1, trading = -1, credit = -1;
  gint64 seed = -1;
  g_auto(GStrv) intensities = NULL;
  GOptionEntry entries[] = {
    { "start", 0, 0, G_OPTION_ARG_STRING, &start,
      N_("First simulated day (default: the days ending yesterday)"), N_("DATE") },
    { "days", 0, 0, G_OPTION_ARG_INT, &days, N_("Days to simulate (default 6)"), N_("N") },
    { "anomaly-day", 0, 0, G_OPTION_ARG_INT, &anomaly_day,
      N_("The day of the incident, from 1 (default 4)"), N_("K") },
    { "anomaly", 0, 0, G_OPTION_ARG_STRING, &anomalies_text,
      N_("Incidents to inject: sell_surge, low_fico, concentration, volume_spike, volume_drop, "
         "confidence_collapse, feature_drift, missing_inputs, category_shift, accuracy_drop, "
         "or none "
         "(default sell_surge,low_fico)"),
      N_("TYPE[,TYPE…]") },
    { "intensity", 0, 0, G_OPTION_ARG_STRING_ARRAY, &intensities,
      N_("Strength of the incidents in (0, 1]; 1 is the notebook’s (default 1); TYPE=X sets "
         "one incident’s, and may be repeated"), N_("[TYPE=]X") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("Random seed (default 42)"), N_("S") },
    { "trading-per-day", 0, 0, G_OPTION_ARG_INT, &trading,
      N_("Trading signals a day (default 50)"), N_("N") },
    { "credit-per-day", 0, 0, G_OPTION_ARG_INT, &credit,
      N_("Credit decisions a day (default 100)"), N_("N") },
    { "outcomes", 0, 0, G_OPTION_ARG_STRING, &outcomes_text,
      N_("Share of the decisions, from 0 to 1, that get an outcome (default 0.8 with "
         "accuracy_drop, else none)"), N_("SHARE") },
    { "outcome-lag-days", 0, 0, G_OPTION_ARG_STRING, &lag_text,
      N_("Each outcome arrives 1 to N whole days after its decision, or with it for 0 "
         "(default 3)"), N_("N") },
    { "policy", 0, 0, G_OPTION_ARG_FILENAME, &policy_path,
      N_("The detection policy for the backtest (default: the database’s)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(VigilScenario) scenario = vigil_scenario_new ();
  g_autoptr(VigilSimulator) simulator = vigil_simulator_new ();
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilPolicy) policy = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gboolean progress, interrupted;
  SimulateJob job = { 0 };

  if (!parse_options ("simulate", NULL,
                      _("Simulate production days of the notebook’s two models, MomentumSignal "
                        "and CreditXGBoost, with injected incidents, into a training database; "
                        "then run the checks over each day and print the scorecard: which "
                        "check caught each incident, on which day, and any false alarm.\n\n"
                        "The same options and seed always give the same decisions."),
                      entries, TRUE, &argc, &argv))
    return EXIT_USAGE;

  if (start)
    vigil_scenario_set_start_date (scenario, start);
  if (days >= 0)
    vigil_scenario_set_days (scenario, (guint) days);
  if (anomaly_day >= 0)
    vigil_scenario_set_anomaly_day (scenario, (guint) anomaly_day);
  if (trading >= 0)
    vigil_scenario_set_trading_per_day (scenario, (guint) trading);
  if (credit >= 0)
    vigil_scenario_set_credit_per_day (scenario, (guint) credit);
  if (seed >= 0)
    vigil_scenario_set_seed (scenario, (guint64) seed);
  for (guint i = 0; intensities != NULL && intensities[i] != NULL; i++)
    if (!parse_intensity (scenario, intensities[i], &error))
      return usage_error ("simulate: --intensity: %s", error->message);
  if (anomalies_text)
    {
      VigilAnomaly anomalies;

      if (!vigil_anomalies_parse (anomalies_text, &anomalies, &error))
        return usage_error ("simulate: --anomaly: %s", error->message);
      vigil_scenario_set_anomalies (scenario, anomalies);
    }
  if (!parse_outcomes (scenario, outcomes_text, lag_text, &error))
    return usage_error ("simulate: %s", error->message);
  if (days < -1 || anomaly_day < -1 || trading < -1 || credit < -1 ||
      !vigil_scenario_validate (scenario, &error))
    {
      return usage_error ("simulate: %s", error ? error->message : _("counts cannot be negative"));
    }

  if (policy_path)
    {
      policy = vigil_policy_new_from_file (policy_path, &error);
      if (policy == NULL)
        {
          fail ("simulate: %s", error->message);
          return EXIT_FAILED;
        }
    }

  store = open_store (VIGIL_STORE_OPEN_CREATE);
  if (store == NULL)
    return EXIT_FAILED;
  if (policy == NULL)
    {
      policy = vigil_store_get_policy (store, &error);
      if (policy == NULL)
        {
          fail ("simulate: %s", error->message);
          return EXIT_FAILED;
        }
    }

  progress = want_progress () && !opt_json;
  job.simulator = simulator;
  job.store = store;
  job.scenario = scenario;
  job.progress = progress;
  job.cancellable = cancellable;
  interrupted = run_interruptible ("vigil-simulate", simulate_thread, &job, cancellable);
  if (progress)
    g_printerr ("\r\033[K");
  if (!job.ok)
    {
      if (interrupted)
        fail (g_dngettext (GETTEXT_PACKAGE,
                           "simulate: interrupted: %" PRId64 " decision committed in whole "
                           "days",
                           "simulate: interrupted: %" PRId64 " decisions committed in whole "
                           "days",
                           (gulong) MIN (vigil_simulator_get_decisions (simulator), G_MAXINT)),
              vigil_simulator_get_decisions (simulator));
      else
        fail ("simulate: %s", job.error->message);
      g_clear_error (&job.error);
      return EXIT_FAILED;
    }

  return score_simulation (simulator, store, policy, progress);
}
