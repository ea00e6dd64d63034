/* vigil-scorecard.c: which injected anomaly each check caught, and the false alarms
 *
 * Built from a simulation's scenario and the backtest of its days. An anomaly is caught when a
 * check alerts, on the anomaly day, for a model the anomaly touches; a false alarm is an alert
 * on any other day. The trainer reads it; the app's wizard and vigilctl show it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-scorecard"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>

#include "vigil-json.h"
#include "vigil-scorecard.h"
#include "vigil-timestamp.h"

#define TRADING_MODEL "MomentumSignal"
#define CREDIT_MODEL  "CreditXGBoost"

typedef struct
{
  VigilAnomaly anomaly;
  GPtrArray   *catches;     /* VigilCheckResult on the anomaly day, for models it touches */
} Entry;

struct _VigilScorecard
{
  GObject        parent_instance;
  VigilScenario *scenario;
  gint64         start;
  GArray        *entries;   /* of Entry */
  GPtrArray     *false_alarms;
};

G_DEFINE_FINAL_TYPE (VigilScorecard, vigil_scorecard, G_TYPE_OBJECT)

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
  self->false_alarms = g_ptr_array_new_with_free_func (g_object_unref);
}

/* The models an injected anomaly changes the decisions of. */
static gboolean
touches (VigilAnomaly  anomaly,
         const char   *model)
{
  switch (anomaly)
    {
    case VIGIL_ANOMALY_SELL_SURGE:
    case VIGIL_ANOMALY_CONCENTRATION:
      return g_strcmp0 (model, TRADING_MODEL) == 0;
    case VIGIL_ANOMALY_LOW_FICO:
      return g_strcmp0 (model, CREDIT_MODEL) == 0;
    default:
      return TRUE;
    }
}

/* The check built to catch each anomaly, listed first among its catches. */
static VigilCheck
expected_check (VigilAnomaly anomaly)
{
  switch (anomaly)
    {
    case VIGIL_ANOMALY_SELL_SURGE: return VIGIL_CHECK_DISTRIBUTION_SHIFT;
    case VIGIL_ANOMALY_LOW_FICO: return VIGIL_CHECK_FEATURE_DRIFT;
    case VIGIL_ANOMALY_CONCENTRATION: return VIGIL_CHECK_CONCENTRATION_RISK;
    case VIGIL_ANOMALY_VOLUME_SPIKE:
    case VIGIL_ANOMALY_VOLUME_DROP: return VIGIL_CHECK_VOLUME_ANOMALY;
    case VIGIL_ANOMALY_CONFIDENCE_COLLAPSE: return VIGIL_CHECK_CONFIDENCE_SHIFT;
    case VIGIL_ANOMALY_FEATURE_DRIFT: return VIGIL_CHECK_FEATURE_DRIFT;
    default: return VIGIL_N_CHECKS;
    }
}

guint
vigil_scorecard_day_of (VigilScorecard *self,
                        const char     *window_start)
{
  gint64 usec;

  if (!vigil_timestamp_parse (window_start, &usec, NULL) || usec < self->start)
    return 0;
  return (guint) ((usec - self->start) / G_TIME_SPAN_DAY) + 1;
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
      guint day;
      gboolean caught_something = FALSE;

      if (vigil_check_result_get_outcome (r) != VIGIL_OUTCOME_ALERTED)
        continue;
      day = vigil_scorecard_day_of (self, vigil_check_result_get_window_start (r));

      for (guint j = 0; anomalies && day == anomaly_day && j < self->entries->len; j++)
        {
          Entry *e = &g_array_index (self->entries, Entry, j);

          if (!touches (e->anomaly, vigil_check_result_get_model_name (r)))
            continue;
          if (vigil_check_result_get_check (r) == expected_check (e->anomaly))
            g_ptr_array_insert (e->catches, 0, g_object_ref (r));
          else
            g_ptr_array_add (e->catches, g_object_ref (r));
          caught_something = TRUE;
        }
      if (!caught_something)
        g_ptr_array_add (self->false_alarms, g_object_ref (r));
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
 *   @index, the check built for it first
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
 * vigil_scorecard_get_false_alarms:
 *
 * Returns: (transfer none) (element-type VigilCheckResult): alerts raised on normal days, or
 *   on the anomaly day for a model the anomaly does not touch
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
  g_string_append_printf (out, ",\"day\":%u,\"subject\":",
                          vigil_scorecard_day_of (self, vigil_check_result_get_window_start (r)));
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
  GString *out = g_string_new ("{\"scenario\":");
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
      g_string_append_printf (out, ",\"day\":%u,\"caught\":%s,\"caught_by\":[",
                              vigil_scenario_get_anomaly_day (self->scenario),
                              e->catches->len > 0 ? "true" : "false");
      for (guint j = 0; j < e->catches->len; j++)
        {
          if (j > 0)
            g_string_append_c (out, ',');
          result_json (self, out, e->catches->pdata[j]);
        }
      g_string_append (out, "]}");
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
          g_string_append_printf (out, _("%-20s day %u: missed\n"), name, day);
          continue;
        }
      for (guint j = 0; j < e->catches->len; j++)
        {
          VigilCheckResult *r = e->catches->pdata[j];

          g_string_append_printf (out, j == 0 ? _("%-20s day %u: caught by %s: %s\n")
                                              : _("%-20s day %u:    and by %s: %s\n"),
                                  j == 0 ? name : "", day,
                                  vigil_check_to_string (vigil_check_result_get_check (r)),
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

          g_string_append_printf (out, _("  day %u, %s: %s\n"),
                                  vigil_scorecard_day_of (self, vigil_check_result_get_window_start (r)),
                                  vigil_check_to_string (vigil_check_result_get_check (r)),
                                  vigil_check_result_get_message (r));
        }
    }
  return g_string_free (out, FALSE);
}
