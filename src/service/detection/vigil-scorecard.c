/* vigil-scorecard.c: which injected anomaly each check caught, and the false alarms
 *
 * Built from a simulation's scenario and the backtest of its days. The day of an alert is the
 * window it describes. An anomaly is caught when, on the anomaly day, one of the checks meant
 * to catch it alerts for a model it changes (the table below, which the wizard, vigilctl
 * simulate and the tests share). Any other alert of the anomaly day on a model an anomaly
 * changed is listed as what it is, credited to no anomaly and not counted as a false alarm:
 * the day's decisions did change, a check not built for that change noticed. Every other
 * alert, on a normal day or for a model no anomaly touched, is a false alarm.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-scorecard"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "vigil-json.h"
#include "vigil-scorecard.h"
#include "vigil-timestamp.h"

#define TRADING_MODEL "MomentumSignal"
#define CREDIT_MODEL  "CreditXGBoost"

typedef struct
{
  VigilAnomaly anomaly;
  GPtrArray   *catches;     /* VigilCheckResult of its expected checks, on the anomaly day */
} Entry;

struct _VigilScorecard
{
  GObject        parent_instance;
  VigilScenario *scenario;
  gint64         start;
  GArray        *entries;   /* of Entry */
  GPtrArray     *other_alerts;
  GPtrArray     *false_alarms;
};

G_DEFINE_FINAL_TYPE (VigilScorecard, vigil_scorecard, G_TYPE_OBJECT)

#define END VIGIL_MAX_CHECKS

static const VigilAnomalyExpectation expectations[] = {
  /* The surge forces momentum_12m, the input it comes from, so feature drift sees it too. */
  { VIGIL_ANOMALY_SELL_SURGE,
    { VIGIL_CHECK_DISTRIBUTION_SHIFT, VIGIL_CHECK_FEATURE_DRIFT, END },
    { TRADING_MODEL, NULL } },
  /* Riskier applicants: their fico drifts, and the approvals may shift. */
  { VIGIL_ANOMALY_LOW_FICO,
    { VIGIL_CHECK_FEATURE_DRIFT, VIGIL_CHECK_DISTRIBUTION_SHIFT, END },
    { CREDIT_MODEL, NULL } },
  { VIGIL_ANOMALY_CONCENTRATION,
    { VIGIL_CHECK_CONCENTRATION_RISK, END },
    { TRADING_MODEL, NULL } },
  { VIGIL_ANOMALY_VOLUME_SPIKE,
    { VIGIL_CHECK_VOLUME_ANOMALY, END },
    { TRADING_MODEL, CREDIT_MODEL, NULL } },
  { VIGIL_ANOMALY_VOLUME_DROP,
    { VIGIL_CHECK_VOLUME_ANOMALY, END },
    { TRADING_MODEL, CREDIT_MODEL, NULL } },
  { VIGIL_ANOMALY_CONFIDENCE_COLLAPSE,
    { VIGIL_CHECK_CONFIDENCE_SHIFT, END },
    { TRADING_MODEL, CREDIT_MODEL, NULL } },
  { VIGIL_ANOMALY_FEATURE_DRIFT,
    { VIGIL_CHECK_FEATURE_DRIFT, END },
    { TRADING_MODEL, CREDIT_MODEL, NULL } },
  { VIGIL_ANOMALY_MISSING_INPUTS,
    { VIGIL_CHECK_DATA_QUALITY, END },
    { TRADING_MODEL, CREDIT_MODEL, NULL } },
  /* The applicants' loan purpose, a text input: only its mix moves. */
  { VIGIL_ANOMALY_CATEGORY_SHIFT,
    { VIGIL_CHECK_CATEGORICAL_DRIFT, END },
    { CREDIT_MODEL, NULL } },
  /* Outcomes that disagree with the decisions of the day, arriving days later */
  { VIGIL_ANOMALY_ACCURACY_DROP,
    { VIGIL_CHECK_PERFORMANCE_DROP, END },
    { TRADING_MODEL, CREDIT_MODEL, NULL } },
};


G_STATIC_ASSERT (G_N_ELEMENTS (expectations) == VIGIL_N_ANOMALIES);

/**
 * vigil_anomaly_get_expectation:
 * @anomaly: one anomaly (a single flag)
 *
 * Returns: (transfer none) (nullable): the checks meant to catch @anomaly and the models it
 *   changes; %NULL for %VIGIL_ANOMALY_NONE or a set of several
 */
const VigilAnomalyExpectation *
vigil_anomaly_get_expectation (VigilAnomaly anomaly)
{
  for (guint i = 0; i < G_N_ELEMENTS (expectations); i++)
    if (expectations[i].anomaly == anomaly)
      return &expectations[i];
  return NULL;
}

/* The place of @check among the checks meant to catch @e's anomaly, or -1. */
static int
check_rank (const VigilAnomalyExpectation *e,
            VigilCheck                     check)
{
  for (int i = 0; i < (int) G_N_ELEMENTS (e->checks) && e->checks[i] != END; i++)
    if (e->checks[i] == check)
      return i;
  return -1;
}

/**
 * vigil_anomaly_affects:
 *
 * Returns: whether @anomaly changes the decisions of @model_name
 */
gboolean
vigil_anomaly_affects (VigilAnomaly  anomaly,
                       const char   *model_name)
{
  const VigilAnomalyExpectation *e = vigil_anomaly_get_expectation (anomaly);

  if (e == NULL || model_name == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (e->models) && e->models[i] != NULL; i++)
    if (strcmp (e->models[i], model_name) == 0)
      return TRUE;
  return FALSE;
}

/**
 * vigil_anomaly_expects:
 *
 * Returns: whether an alert of @check on @model_name is one @anomaly is meant to set off
 */
gboolean
vigil_anomaly_expects (VigilAnomaly  anomaly,
                       VigilCheck    check,
                       const char   *model_name)
{
  const VigilAnomalyExpectation *e = vigil_anomaly_get_expectation (anomaly);

  return e != NULL && check_rank (e, check) >= 0 && vigil_anomaly_affects (anomaly, model_name);
}

/**
 * vigil_anomaly_describe_expectation:
 *
 * Returns: (transfer full) (nullable): "Meant to be caught by Distribution shift or
 *   Feature drift on MomentumSignal."
 */
char *
vigil_anomaly_describe_expectation (VigilAnomaly anomaly)
{
  const VigilAnomalyExpectation *e = vigil_anomaly_get_expectation (anomaly);
  g_autoptr(GString) checks = g_string_new (NULL);
  g_autoptr(GString) models = g_string_new (NULL);

  if (e == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (e->checks) && e->checks[i] != END; i++)
    {
      if (i > 0)
        /* Translators: between the names of two checks, either of which may catch an anomaly */
        g_string_append (checks, _(" or "));
      g_string_append (checks, vigil_check_get_label (e->checks[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (e->models) && e->models[i] != NULL; i++)
    {
      if (i > 0)
        /* Translators: between the names of two models */
        g_string_append (models, _(" and "));
      g_string_append (models, e->models[i]);
    }
  /* Translators: the checks ("Distribution shift or Feature drift"), then the models */
  return g_strdup_printf (_("Meant to be caught by %s on %s."), checks->str, models->str);
}

static void
entry_clear (gpointer data)
{
  Entry *e = data;

  g_ptr_array_unref (e->catches);
}

static void
vigil_scorecard_finalize (GObject *object)
{
  VigilScorecard *self = (VigilScorecard *) object;

  g_clear_object (&self->scenario);
  g_array_unref (self->entries);
  g_ptr_array_unref (self->other_alerts);
  g_ptr_array_unref (self->false_alarms);

  G_OBJECT_CLASS (vigil_scorecard_parent_class)->finalize (object);
}

static void
vigil_scorecard_class_init (VigilScorecardClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_scorecard_finalize;
}

static void
vigil_scorecard_init (VigilScorecard *self)
{
  self->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_array_set_clear_func (self->entries, entry_clear);
  self->other_alerts = g_ptr_array_new_with_free_func (g_object_unref);
  self->false_alarms = g_ptr_array_new_with_free_func (g_object_unref);
}

/* How far the observed value lies from the baseline: among alerts of one check, the larger
 * change is the stronger evidence. */
static double
change_of (VigilCheckResult *r)
{
  double d = fabs (vigil_check_result_get_observed (r) - vigil_check_result_get_baseline (r));

  return isnan (d) ? -1.0 : d;
}

/* Whether @a goes before @b among the catches of the anomaly @x expects: the check built
 * for it first, then within a check the larger change. */
static gboolean
catch_before (const VigilAnomalyExpectation *x,
              VigilCheckResult              *a,
              VigilCheckResult              *b)
{
  int ra = check_rank (x, vigil_check_result_get_check (a));
  int rb = check_rank (x, vigil_check_result_get_check (b));

  if (ra != rb)
    return ra < rb;
  return change_of (a) > change_of (b);
}

static void
add_catch (Entry            *e,
           VigilCheckResult *r)
{
  const VigilAnomalyExpectation *x = vigil_anomaly_get_expectation (e->anomaly);
  guint at = e->catches->len;

  while (at > 0 && catch_before (x, r, e->catches->pdata[at - 1]))
    at--;
  g_ptr_array_insert (e->catches, (int) at, g_object_ref (r));
}

/**
 * vigil_scorecard_day_of:
 * @window_end: the end of an alert's window
 *
 * Returns: the simulated day, from 1, that a window ending at @window_end describes: the day
 *   of its last instant; 0 when that is before the simulation
 */
guint
vigil_scorecard_day_of (VigilScorecard *self,
                        const char     *window_end)
{
  gint64 usec;

  if (!vigil_timestamp_parse (window_end, &usec, NULL) || usec - 1 < self->start)
    return 0;
  return (guint) ((usec - 1 - self->start) / G_TIME_SPAN_DAY) + 1;
}

static guint
result_day (VigilScorecard   *self,
            VigilCheckResult *r)
{
  return vigil_scorecard_day_of (self, vigil_check_result_get_window_end (r));
}

/**
 * vigil_scorecard_new:
 * @scenario: the simulation's scenario, with its start date
 * @results: (element-type VigilCheckResult): the backtest of the simulated days
 */
VigilScorecard *
vigil_scorecard_new (VigilScenario *scenario,
                     GPtrArray     *results)
{
  VigilScorecard *self = g_object_new (VIGIL_TYPE_SCORECARD, NULL);
  g_autofree char *start = vigil_scenario_dup_resolved_start_date (scenario);
  VigilAnomaly anomalies = vigil_scenario_get_anomalies (scenario);
  guint anomaly_day = vigil_scenario_get_anomaly_day (scenario);

  self->scenario = g_object_ref (scenario);
  vigil_timestamp_parse (start, &self->start, NULL);

  for (guint bit = 0; bit < 32; bit++)
    {
      Entry e;

      if (!(anomalies & (1u << bit)))
        continue;
      e.anomaly = (VigilAnomaly) (1u << bit);
      e.catches = g_ptr_array_new_with_free_func (g_object_unref);
      g_array_append_val (self->entries, e);
    }

  for (guint i = 0; i < results->len; i++)
    {
      VigilCheckResult *r = results->pdata[i];
      const char *model = vigil_check_result_get_model_name (r);
      gboolean credited = FALSE, changed = FALSE;

      if (vigil_check_result_get_outcome (r) != VIGIL_OUTCOME_ALERTED)
        continue;

      for (guint j = 0; result_day (self, r) == anomaly_day && j < self->entries->len; j++)
        {
          Entry *e = &g_array_index (self->entries, Entry, j);

          changed = changed || vigil_anomaly_affects (e->anomaly, model);
          if (vigil_anomaly_expects (e->anomaly, vigil_check_result_get_check (r), model))
            {
              add_catch (e, r);
              credited = TRUE;
            }
        }
      if (credited)
        continue;
      g_ptr_array_add (changed ? self->other_alerts : self->false_alarms, g_object_ref (r));
    }
  return self;
}

guint
vigil_scorecard_get_n_anomalies (VigilScorecard *self)
{
  return self->entries->len;
}

VigilAnomaly
vigil_scorecard_get_anomaly (VigilScorecard *self,
                             guint           index)
{
  g_return_val_if_fail (index < self->entries->len, VIGIL_ANOMALY_NONE);
  return g_array_index (self->entries, Entry, index).anomaly;
}

gboolean
vigil_scorecard_get_caught (VigilScorecard *self,
                            guint           index)
{
  g_return_val_if_fail (index < self->entries->len, FALSE);
  return g_array_index (self->entries, Entry, index).catches->len > 0;
}

/**
 * vigil_scorecard_get_catches:
 *
 * Returns: (transfer none) (element-type VigilCheckResult): the alerts that caught anomaly
 *   @index, of the checks meant to catch it on the models it changes, the check built for it
 *   first
 */
GPtrArray *
vigil_scorecard_get_catches (VigilScorecard *self,
                             guint           index)
{
  g_return_val_if_fail (index < self->entries->len, NULL);
  return g_array_index (self->entries, Entry, index).catches;
}

guint
vigil_scorecard_get_anomaly_day (VigilScorecard *self)
{
  return vigil_scenario_get_anomaly_day (self->scenario);
}

/**
 * vigil_scorecard_get_other_alerts:
 *
 * Returns: (transfer none) (element-type VigilCheckResult): alerts of the anomaly day, on a
 *   model an anomaly changed, by a check none of its anomalies is meant to set off: credited
 *   to no anomaly, and not false alarms
 */
GPtrArray *
vigil_scorecard_get_other_alerts (VigilScorecard *self)
{
  return self->other_alerts;
}

/**
 * vigil_scorecard_get_false_alarms:
 *
 * Returns: (transfer none) (element-type VigilCheckResult): alerts of normal days, and alerts
 *   of the anomaly day on a model no injected anomaly changed
 */
GPtrArray *
vigil_scorecard_get_false_alarms (VigilScorecard *self)
{
  return self->false_alarms;
}

static void
result_json (VigilScorecard   *self,
             GString          *out,
             VigilCheckResult *r)
{
  g_string_append (out, "{\"check\":");
  vigil_json_write_string (out, vigil_check_to_string (vigil_check_result_get_check (r)));
  g_string_append (out, ",\"model_name\":");
  vigil_json_write_string (out, vigil_check_result_get_model_name (r));
  g_string_append_printf (out, ",\"day\":%u,\"subject\":", result_day (self, r));
  if (vigil_check_result_get_subject (r))
    vigil_json_write_string (out, vigil_check_result_get_subject (r));
  else
    g_string_append (out, "null");
  g_string_append (out, ",\"description\":");
  vigil_json_write_string (out, vigil_check_result_get_message (r));
  g_string_append (out, ",\"p_value\":");
  vigil_json_write_double (out, vigil_check_result_get_p_value (r));
  g_string_append_c (out, '}');
}

/**
 * vigil_scorecard_to_json:
 *
 * Returns: (transfer full): the scorecard as one JSON object
 */
char *
vigil_scorecard_to_json (VigilScorecard *self)
{
  GString *out = g_string_new ("{\"kind\":\"scorecard\",\"scenario\":");
  g_autofree char *scenario = vigil_scenario_to_json (self->scenario);

  g_string_append (out, scenario);
  g_string_append (out, ",\"anomalies\":[");
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *e = &g_array_index (self->entries, Entry, i);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"anomaly\":");
      vigil_json_write_string (out, vigil_anomaly_to_string (e->anomaly));
      const VigilAnomalyExpectation *x = vigil_anomaly_get_expectation (e->anomaly);

      g_string_append_printf (out, ",\"day\":%u,\"expected_checks\":[",
                              vigil_scenario_get_anomaly_day (self->scenario));
      for (guint k = 0; k < G_N_ELEMENTS (x->checks) && x->checks[k] != END; k++)
        {
          if (k > 0)
            g_string_append_c (out, ',');
          vigil_json_write_string (out, vigil_check_to_string (x->checks[k]));
        }
      g_string_append (out, "],\"models\":[");
      for (guint k = 0; k < G_N_ELEMENTS (x->models) && x->models[k] != NULL; k++)
        {
          if (k > 0)
            g_string_append_c (out, ',');
          vigil_json_write_string (out, x->models[k]);
        }
      g_string_append_printf (out, "],\"caught\":%s,\"caught_by\":[",
                              e->catches->len > 0 ? "true" : "false");
      for (guint j = 0; j < e->catches->len; j++)
        {
          if (j > 0)
            g_string_append_c (out, ',');
          result_json (self, out, e->catches->pdata[j]);
        }
      g_string_append (out, "]}");
    }
  g_string_append (out, "],\"other_alerts\":[");
  for (guint i = 0; i < self->other_alerts->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      result_json (self, out, self->other_alerts->pdata[i]);
    }
  g_string_append_printf (out, "],\"false_alarm_count\":%u,\"false_alarms\":[",
                          self->false_alarms->len);
  for (guint i = 0; i < self->false_alarms->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      result_json (self, out, self->false_alarms->pdata[i]);
    }
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}

/**
 * vigil_scorecard_to_text:
 *
 * Returns: (transfer full): the scorecard as lines a trainer reads
 */
char *
vigil_scorecard_to_text (VigilScorecard *self)
{
  GString *out = g_string_new (NULL);
  guint day = vigil_scenario_get_anomaly_day (self->scenario);

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *e = &g_array_index (self->entries, Entry, i);
      const char *name = vigil_anomaly_to_string (e->anomaly);

      if (e->catches->len == 0)
        {
          g_autofree char *expected = vigil_anomaly_describe_expectation (e->anomaly);

          /* Translators: an anomaly, its day, then "Meant to be caught by Confidence shift on
           * MomentumSignal and CreditXGBoost." */
          g_string_append_printf (out, _("%-20s day %u: missed. %s\n"), name, day, expected);
          continue;
        }
      for (guint j = 0; j < e->catches->len; j++)
        {
          VigilCheckResult *r = e->catches->pdata[j];

          g_string_append_printf (out, j == 0 ? _("%-20s day %u: caught by %s: %s\n")
                                              : _("%-20s day %u:    and by %s: %s\n"),
                                  j == 0 ? name : "", day,
                                  vigil_check_get_label (vigil_check_result_get_check (r)),
                                  vigil_check_result_get_message (r));
        }
    }
  if (self->other_alerts->len > 0)
    {
      g_string_append_printf (out,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "Other alert of day %u, by a check not meant for the "
                                           "anomaly, credited to none and not a false alarm: %u\n",
                                           "Other alerts of day %u, by checks not meant for the "
                                           "anomalies, credited to none and not false alarms: %u\n",
                                           self->other_alerts->len),
                              day, self->other_alerts->len);
      for (guint i = 0; i < self->other_alerts->len; i++)
        {
          VigilCheckResult *r = self->other_alerts->pdata[i];

          g_string_append_printf (out, _("  day %u, %s: %s\n"), result_day (self, r),
                                  vigil_check_get_label (vigil_check_result_get_check (r)),
                                  vigil_check_result_get_message (r));
        }
    }
  if (self->false_alarms->len == 0)
    g_string_append (out, _("False alarms: none\n"));
  else
    {
      g_string_append_printf (out, _("False alarms: %u\n"), self->false_alarms->len);
      for (guint i = 0; i < self->false_alarms->len; i++)
        {
          VigilCheckResult *r = self->false_alarms->pdata[i];

          g_string_append_printf (out, _("  day %u, %s: %s\n"), result_day (self, r),
                                  vigil_check_get_label (vigil_check_result_get_check (r)),
                                  vigil_check_result_get_message (r));
        }
    }
  return g_string_free (out, FALSE);
}
