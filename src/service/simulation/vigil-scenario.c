/* vigil-scenario.c: what a simulation generates: days, volumes, seed and injected anomalies
 *
 * A scenario is plain settings: the wizard binds its properties, setters take any value, and
 * vigil_scenario_validate() says what is wrong in words a trainer can act on. Its JSON form is
 * canonical (keys sorted, no spaces), so a recorded run can be compared and replayed exactly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-scenario"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "vigil-json.h"
#include "vigil-json-parser.h"
#include "vigil-scenario.h"
#include "vigil-timestamp.h"

#define USEC_PER_DAY G_GINT64_CONSTANT (86400000000)

struct _VigilScenario
{
  GObject       parent_instance;
  char         *start_date;
  guint         days;
  guint         trading_per_day;
  guint         credit_per_day;
  guint64       seed;
  guint         anomaly_day;
  VigilAnomaly  anomalies;
  double        intensities[VIGIL_N_ANOMALIES];  /* by bit, as in VigilAnomaly */
  double        outcome_share;      /* NAN: as the anomalies say */
  int           outcome_lag_days;   /* -1: the default */
};

G_DEFINE_FINAL_TYPE (VigilScenario, vigil_scenario, G_TYPE_OBJECT)

G_DEFINE_QUARK (vigil-scenario-error-quark, vigil_scenario_error)

G_DEFINE_FLAGS_TYPE (VigilAnomaly, vigil_anomaly,
                     G_DEFINE_ENUM_VALUE (VIGIL_ANOMALY_NONE, "none"),
                     G_DEFINE_ENUM_VALUE (VIGIL_ANOMALY_SELL_SURGE, "sell_surge"),
                     G_DEFINE_ENUM_VALUE (VIGIL_ANOMALY_LOW_FICO, "low_fico"),
                     G_DEFINE_ENUM_VALUE (VIGIL_ANOMALY_CONCENTRATION, "concentration"),
                     G_DEFINE_ENUM_VALUE (VIGIL_ANOMALY_VOLUME_SPIKE, "volume_spike"),
                     G_DEFINE_ENUM_VALUE (VIGIL_ANOMALY_VOLUME_DROP, "volume_drop"),
                     G_DEFINE_ENUM_VALUE (VIGIL_ANOMALY_CONFIDENCE_COLLAPSE, "confidence_collapse"),
                     G_DEFINE_ENUM_VALUE (VIGIL_ANOMALY_FEATURE_DRIFT, "feature_drift"),
                     G_DEFINE_ENUM_VALUE (VIGIL_ANOMALY_MISSING_INPUTS, "missing_inputs"),
                     G_DEFINE_ENUM_VALUE (VIGIL_ANOMALY_CATEGORY_SHIFT, "category_shift"),
                     G_DEFINE_ENUM_VALUE (VIGIL_ANOMALY_ACCURACY_DROP, "accuracy_drop"))

/* By bit, as in VigilAnomaly. */
static const char *anomaly_names[] = {
  "sell_surge",
  "low_fico",
  "concentration",
  "volume_spike",
  "volume_drop",
  "confidence_collapse",
  "feature_drift",
  "missing_inputs",
  "category_shift",
  "accuracy_drop",
};

G_STATIC_ASSERT (VIGIL_ANOMALY_ALL == (1 << G_N_ELEMENTS (anomaly_names)) - 1);
G_STATIC_ASSERT (VIGIL_N_ANOMALIES == G_N_ELEMENTS (anomaly_names));

/* The bit of one anomaly, or -1 */
static int
anomaly_index (VigilAnomaly anomaly)
{
  for (guint i = 0; i < G_N_ELEMENTS (anomaly_names); i++)
    if (anomaly == (VigilAnomaly) (1u << i))
      return (int) i;
  return -1;
}

enum {
  PROP_0,
  PROP_START_DATE,
  PROP_DAYS,
  PROP_TRADING_PER_DAY,
  PROP_CREDIT_PER_DAY,
  PROP_SEED,
  PROP_ANOMALY_DAY,
  PROP_ANOMALIES,
  PROP_INTENSITY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * vigil_anomaly_to_string:
 * @anomaly: one anomaly
 *
 * Returns: (nullable): its name, like "sell_surge"; %NULL unless @anomaly is exactly one
 */
const char *
vigil_anomaly_to_string (VigilAnomaly anomaly)
{
  for (guint i = 0; i < G_N_ELEMENTS (anomaly_names); i++)
    if (anomaly == (VigilAnomaly) (1u << i))
      return anomaly_names[i];
  return NULL;
}

gboolean
vigil_anomaly_from_string (const char   *str,
                           VigilAnomaly *out)
{
  if (str == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (anomaly_names); i++)
    if (g_str_equal (str, anomaly_names[i]))
      {
        *out = (VigilAnomaly) (1u << i);
        return TRUE;
      }
  return FALSE;
}

static void
set_unknown_anomaly_error (GError     **error,
                           const char  *name)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (anomaly_names); i++)
    {
      if (i > 0)
        g_string_append (names, ", ");
      g_string_append (names, anomaly_names[i]);
    }
  g_set_error (error, VIGIL_SCENARIO_ERROR, VIGIL_SCENARIO_ERROR_INVALID,
               _("“%s” is not an anomaly; the anomalies are %s"), name, names->str);
}

/**
 * vigil_anomalies_parse:
 * @list: names separated by commas, like "sell_surge,low_fico"; "none" or "" for none
 * @out: (out): the set
 *
 * Returns: %FALSE with @error naming the first unknown anomaly
 */
gboolean
vigil_anomalies_parse (const char    *list,
                       VigilAnomaly  *out,
                       GError       **error)
{
  g_auto(GStrv) parts = NULL;
  VigilAnomaly set = VIGIL_ANOMALY_NONE;

  g_return_val_if_fail (list != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  parts = g_strsplit (list, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *name = g_strstrip (parts[i]);
      VigilAnomaly one;

      if (*name == '\0' || g_str_equal (name, "none"))
        continue;
      if (!vigil_anomaly_from_string (name, &one))
        {
          set_unknown_anomaly_error (error, name);
          return FALSE;
        }
      set |= one;
    }
  *out = set;
  return TRUE;
}

/**
 * vigil_anomalies_to_string:
 *
 * Returns: (transfer full): the names of @anomalies separated by commas, or "none"
 */
char *
vigil_anomalies_to_string (VigilAnomaly anomalies)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (anomaly_names); i++)
    if (anomalies & (1u << i))
      {
        if (out->len > 0)
          g_string_append_c (out, ',');
        g_string_append (out, anomaly_names[i]);
      }
  if (out->len == 0)
    g_string_append (out, "none");
  return g_string_free (out, FALSE);
}

/* Whole percents print the same in every locale. */
static char *
anomaly_clause (VigilAnomaly anomaly,
                double       intensity)
{
  switch (anomaly)
    {
    case VIGIL_ANOMALY_SELL_SURGE:
      return g_strdup_printf (_("%.0f%% of trading signals are forced to SELL"),
                              70.0 * intensity);
    case VIGIL_ANOMALY_LOW_FICO:
      return g_strdup_printf (_("%.0f%% of credit applicants have a FICO score between 400 and "
                                "550"), 30.0 * intensity);
    case VIGIL_ANOMALY_CONCENTRATION:
      return g_strdup_printf (_("%.0f%% of trading signals are forced onto a single ticker"),
                              60.0 * intensity);
    case VIGIL_ANOMALY_VOLUME_SPIKE:
      return g_strdup_printf (_("both models make %.0f%% more decisions than usual"),
                              200.0 * intensity);
    case VIGIL_ANOMALY_VOLUME_DROP:
      return g_strdup_printf (_("both models make %.0f%% fewer decisions than usual"),
                              80.0 * intensity);
    case VIGIL_ANOMALY_CONFIDENCE_COLLAPSE:
      return g_strdup_printf (_("both models report a %.0f%% lower confidence"),
                              40.0 * intensity);
    case VIGIL_ANOMALY_FEATURE_DRIFT:
      return g_strdup (_("inputs the models do not use drift upwards (trading volatility and "
                         "P/E ratio, applicants’ income and loan amount) while the decisions "
                         "stay the same"));
    case VIGIL_ANOMALY_MISSING_INPUTS:
      return g_strdup_printf (_("%.0f%% of both models’ decisions are logged without their "
                                "input features"), 30.0 * intensity);
    case VIGIL_ANOMALY_CATEGORY_SHIFT:
      return g_strdup_printf (_("%.0f%% of credit applications are forced to the loan purpose "
                                "debt consolidation, an input the model does not use"),
                              50.0 * intensity);
    case VIGIL_ANOMALY_ACCURACY_DROP:
      return g_strdup_printf (_("%.0f%% of both models’ decisions are right, by outcomes that "
                                "arrive 1 to 3 days later, against 80%% on other days"),
                              100.0 * (0.8 - 0.6 * intensity));
    case VIGIL_ANOMALY_NONE:
    default:
      return NULL;
    }
}

/**
 * vigil_anomaly_describe:
 * @anomaly: one anomaly
 * @intensity: its strength, in (0, 1]
 *
 * Returns: (transfer full) (nullable): one sentence saying what @anomaly does, for people
 */
char *
vigil_anomaly_describe (VigilAnomaly anomaly,
                        double       intensity)
{
  g_autofree char *clause = anomaly_clause (anomaly, intensity);
  GString *sentence;

  if (clause == NULL)
    return NULL;
  sentence = g_string_new (NULL);
  g_string_append_unichar (sentence, g_unichar_toupper (g_utf8_get_char (clause)));
  g_string_append (sentence, g_utf8_next_char (clause));
  g_string_append_c (sentence, '.');
  return g_string_free (sentence, FALSE);
}

static void
vigil_scenario_finalize (GObject *object)
{
  VigilScenario *self = (VigilScenario *) object;

  g_free (self->start_date);

  G_OBJECT_CLASS (vigil_scenario_parent_class)->finalize (object);
}

static void
vigil_scenario_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  VigilScenario *self = VIGIL_SCENARIO (object);

  switch (prop_id)
    {
    case PROP_START_DATE:
      g_value_set_string (value, self->start_date);
      break;
    case PROP_DAYS:
      g_value_set_uint (value, self->days);
      break;
    case PROP_TRADING_PER_DAY:
      g_value_set_uint (value, self->trading_per_day);
      break;
    case PROP_CREDIT_PER_DAY:
      g_value_set_uint (value, self->credit_per_day);
      break;
    case PROP_SEED:
      g_value_set_uint64 (value, self->seed);
      break;
    case PROP_ANOMALY_DAY:
      g_value_set_uint (value, self->anomaly_day);
      break;
    case PROP_ANOMALIES:
      g_value_set_flags (value, self->anomalies);
      break;
    case PROP_INTENSITY:
      g_value_set_double (value, vigil_scenario_get_intensity (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_scenario_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  VigilScenario *self = VIGIL_SCENARIO (object);

  switch (prop_id)
    {
    case PROP_START_DATE:
      vigil_scenario_set_start_date (self, g_value_get_string (value));
      break;
    case PROP_DAYS:
      vigil_scenario_set_days (self, g_value_get_uint (value));
      break;
    case PROP_TRADING_PER_DAY:
      vigil_scenario_set_trading_per_day (self, g_value_get_uint (value));
      break;
    case PROP_CREDIT_PER_DAY:
      vigil_scenario_set_credit_per_day (self, g_value_get_uint (value));
      break;
    case PROP_SEED:
      vigil_scenario_set_seed (self, g_value_get_uint64 (value));
      break;
    case PROP_ANOMALY_DAY:
      vigil_scenario_set_anomaly_day (self, g_value_get_uint (value));
      break;
    case PROP_ANOMALIES:
      vigil_scenario_set_anomalies (self, g_value_get_flags (value));
      break;
    case PROP_INTENSITY:
      vigil_scenario_set_intensity (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_scenario_class_init (VigilScenarioClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = vigil_scenario_finalize;
  object_class->get_property = vigil_scenario_get_property;
  object_class->set_property = vigil_scenario_set_property;

  /* Ranges are wide on purpose: a form holds half-typed values, and validate() explains. */
  properties[PROP_START_DATE] =
    g_param_spec_string ("start-date", NULL, NULL, NULL, flags);
  properties[PROP_DAYS] =
    g_param_spec_uint ("days", NULL, NULL, 0, G_MAXUINT, VIGIL_SCENARIO_DEFAULT_DAYS, flags);
  properties[PROP_TRADING_PER_DAY] =
    g_param_spec_uint ("trading-per-day", NULL, NULL, 0, G_MAXUINT,
                       VIGIL_SCENARIO_DEFAULT_TRADING_PER_DAY, flags);
  properties[PROP_CREDIT_PER_DAY] =
    g_param_spec_uint ("credit-per-day", NULL, NULL, 0, G_MAXUINT,
                       VIGIL_SCENARIO_DEFAULT_CREDIT_PER_DAY, flags);
  properties[PROP_SEED] =
    g_param_spec_uint64 ("seed", NULL, NULL, 0, G_MAXUINT64, VIGIL_SCENARIO_DEFAULT_SEED, flags);
  properties[PROP_ANOMALY_DAY] =
    g_param_spec_uint ("anomaly-day", NULL, NULL, 0, G_MAXUINT,
                       VIGIL_SCENARIO_DEFAULT_ANOMALY_DAY, flags);
  properties[PROP_ANOMALIES] =
    g_param_spec_flags ("anomalies", NULL, NULL, VIGIL_TYPE_ANOMALY,
                        VIGIL_SCENARIO_DEFAULT_ANOMALIES, flags);
  properties[PROP_INTENSITY] =
    g_param_spec_double ("intensity", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 1.0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_scenario_init (VigilScenario *self)
{
  self->days = VIGIL_SCENARIO_DEFAULT_DAYS;
  self->trading_per_day = VIGIL_SCENARIO_DEFAULT_TRADING_PER_DAY;
  self->credit_per_day = VIGIL_SCENARIO_DEFAULT_CREDIT_PER_DAY;
  self->seed = VIGIL_SCENARIO_DEFAULT_SEED;
  self->anomaly_day = VIGIL_SCENARIO_DEFAULT_ANOMALY_DAY;
  self->anomalies = VIGIL_SCENARIO_DEFAULT_ANOMALIES;
  for (guint i = 0; i < VIGIL_N_ANOMALIES; i++)
    self->intensities[i] = 1.0;
  self->outcome_share = NAN;
  self->outcome_lag_days = -1;
}

/**
 * vigil_scenario_new:
 *
 * Returns: (transfer full): the notebook's scenario: 6 days ending yesterday, 50 trading and
 *   100 credit decisions a day, seed 42, a SELL surge and low-FICO applicants on day 4
 */
VigilScenario *
vigil_scenario_new (void)
{
  return g_object_new (VIGIL_TYPE_SCENARIO, NULL);
}

/**
 * vigil_scenario_copy:
 *
 * Returns: (transfer full): a new scenario with the same settings
 */
VigilScenario *
vigil_scenario_copy (VigilScenario *self)
{
  VigilScenario *copy;

  g_return_val_if_fail (VIGIL_IS_SCENARIO (self), NULL);

  copy = vigil_scenario_new ();
  copy->start_date = g_strdup (self->start_date);
  copy->days = self->days;
  copy->trading_per_day = self->trading_per_day;
  copy->credit_per_day = self->credit_per_day;
  copy->seed = self->seed;
  copy->anomaly_day = self->anomaly_day;
  copy->anomalies = self->anomalies;
  memcpy (copy->intensities, self->intensities, sizeof self->intensities);
  copy->outcome_share = self->outcome_share;
  copy->outcome_lag_days = self->outcome_lag_days;
  return copy;
}

/**
 * vigil_scenario_get_start_date:
 *
 * Returns: (nullable): the first simulated day, as YYYY-MM-DD in UTC; %NULL for the default,
 *   the days ending yesterday
 */
const char *
vigil_scenario_get_start_date (VigilScenario *self)
{
  g_return_val_if_fail (VIGIL_IS_SCENARIO (self), NULL);
  return self->start_date;
}

/**
 * vigil_scenario_set_start_date:
 * @date: (nullable): a UTC date as YYYY-MM-DD, or %NULL for the days ending yesterday
 */
void
vigil_scenario_set_start_date (VigilScenario *self,
                               const char    *date)
{
  g_return_if_fail (VIGIL_IS_SCENARIO (self));

  if (g_strcmp0 (self->start_date, date) == 0)
    return;
  g_free (self->start_date);
  self->start_date = g_strdup (date);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_START_DATE]);
}

/**
 * vigil_scenario_dup_resolved_start_date:
 *
 * Returns: (transfer full): the start date, or when it is the default, the date that makes the
 *   days end yesterday (UTC)
 */
char *
vigil_scenario_dup_resolved_start_date (VigilScenario *self)
{
  char timestamp[VIGIL_TIMESTAMP_LEN];
  gint64 today;

  g_return_val_if_fail (VIGIL_IS_SCENARIO (self), NULL);

  if (self->start_date != NULL)
    return g_strdup (self->start_date);
  today = g_get_real_time () / USEC_PER_DAY;
  vigil_timestamp_format ((today - (gint64) self->days) * USEC_PER_DAY, timestamp);
  return g_strndup (timestamp, 10);
}

guint
vigil_scenario_get_days (VigilScenario *self)
{
  g_return_val_if_fail (VIGIL_IS_SCENARIO (self), 0);
  return self->days;
}

void
vigil_scenario_set_days (VigilScenario *self,
                         guint          days)
{
  g_return_if_fail (VIGIL_IS_SCENARIO (self));

  if (self->days == days)
    return;
  self->days = days;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DAYS]);
}

guint
vigil_scenario_get_trading_per_day (VigilScenario *self)
{
  g_return_val_if_fail (VIGIL_IS_SCENARIO (self), 0);
  return self->trading_per_day;
}

void
vigil_scenario_set_trading_per_day (VigilScenario *self,
                                    guint          trading_per_day)
{
  g_return_if_fail (VIGIL_IS_SCENARIO (self));

  if (self->trading_per_day == trading_per_day)
    return;
  self->trading_per_day = trading_per_day;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRADING_PER_DAY]);
}

guint
vigil_scenario_get_credit_per_day (VigilScenario *self)
{
  g_return_val_if_fail (VIGIL_IS_SCENARIO (self), 0);
  return self->credit_per_day;
}

void
vigil_scenario_set_credit_per_day (VigilScenario *self,
                                   guint          credit_per_day)
{
  g_return_if_fail (VIGIL_IS_SCENARIO (self));

  if (self->credit_per_day == credit_per_day)
    return;
  self->credit_per_day = credit_per_day;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREDIT_PER_DAY]);
}

guint64
vigil_scenario_get_seed (VigilScenario *self)
{
  g_return_val_if_fail (VIGIL_IS_SCENARIO (self), 0);
  return self->seed;
}

void
vigil_scenario_set_seed (VigilScenario *self,
                         guint64        seed)
{
  g_return_if_fail (VIGIL_IS_SCENARIO (self));

  if (self->seed == seed)
    return;
  self->seed = seed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEED]);
}

guint
vigil_scenario_get_anomaly_day (VigilScenario *self)
{
  g_return_val_if_fail (VIGIL_IS_SCENARIO (self), 0);
  return self->anomaly_day;
}

/**
 * vigil_scenario_set_anomaly_day:
 * @anomaly_day: the day the anomalies are injected on, from 1
 */
void
vigil_scenario_set_anomaly_day (VigilScenario *self,
                                guint          anomaly_day)
{
  g_return_if_fail (VIGIL_IS_SCENARIO (self));

  if (self->anomaly_day == anomaly_day)
    return;
  self->anomaly_day = anomaly_day;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANOMALY_DAY]);
}

VigilAnomaly
vigil_scenario_get_anomalies (VigilScenario *self)
{
  g_return_val_if_fail (VIGIL_IS_SCENARIO (self), VIGIL_ANOMALY_NONE);
  return self->anomalies;
}

/**
 * vigil_scenario_set_anomalies:
 * @anomalies: the anomalies injected on the anomaly day; %VIGIL_ANOMALY_NONE for a run of
 *   normal days only (to count false alarms)
 */
void
vigil_scenario_set_anomalies (VigilScenario *self,
                              VigilAnomaly   anomalies)
{
  g_return_if_fail (VIGIL_IS_SCENARIO (self));

  if (self->anomalies == anomalies)
    return;
  self->anomalies = anomalies;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANOMALIES]);
}

/**
 * vigil_scenario_get_intensity:
 *
 * Returns: the largest of the anomalies' intensities (see
 *   vigil_scenario_get_anomaly_intensity()); 1 when none was weakened
 */
double
vigil_scenario_get_intensity (VigilScenario *self)
{
  double largest;

  g_return_val_if_fail (VIGIL_IS_SCENARIO (self), 0.0);

  largest = self->intensities[0];
  for (guint i = 1; i < VIGIL_N_ANOMALIES; i++)
    largest = MAX (largest, self->intensities[i]);
  return largest;
}

/**
 * vigil_scenario_set_intensity:
 * @intensity: in (0, 1]; 1 is the notebook's strength
 *
 * Sets the intensity of every anomaly.
 */
void
vigil_scenario_set_intensity (VigilScenario *self,
                              double         intensity)
{
  gboolean changed = FALSE;

  g_return_if_fail (VIGIL_IS_SCENARIO (self));

  for (guint i = 0; i < VIGIL_N_ANOMALIES; i++)
    if (self->intensities[i] != intensity)
      {
        self->intensities[i] = intensity;
        changed = TRUE;
      }
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTENSITY]);
}

/**
 * vigil_scenario_get_outcome_share:
 *
 * Returns: the share of the decisions that get an outcome, as set; NAN when not set (then
 *   vigil_scenario_get_outcomes() says what the anomalies give)
 */
double
vigil_scenario_get_outcome_share (VigilScenario *self)
{
  g_return_val_if_fail (VIGIL_IS_SCENARIO (self), NAN);
  return self->outcome_share;
}

/**
 * vigil_scenario_set_outcome_share:
 * @share: in [0, 1], or NAN for none of its own
 *
 * Sets the share of every day's decisions that get an outcome, whatever the anomalies.
 */
void
vigil_scenario_set_outcome_share (VigilScenario *self,
                                  double         share)
{
  g_return_if_fail (VIGIL_IS_SCENARIO (self));
  self->outcome_share = share;
}

/**
 * vigil_scenario_get_outcome_lag_days:
 *
 * Returns: the most days an outcome arrives after its decision, as set; -1 when not set
 */
int
vigil_scenario_get_outcome_lag_days (VigilScenario *self)
{
  g_return_val_if_fail (VIGIL_IS_SCENARIO (self), -1);
  return self->outcome_lag_days;
}

/**
 * vigil_scenario_set_outcome_lag_days:
 * @lag_days: 0 to %VIGIL_SCENARIO_MAX_OUTCOME_LAG_DAYS, or -1 for the default
 *
 * Sets the most whole days an outcome arrives after its decision: each arrives 1 to
 * @lag_days days after it (with its decision for 0).
 */
void
vigil_scenario_set_outcome_lag_days (VigilScenario *self,
                                     int            lag_days)
{
  g_return_if_fail (VIGIL_IS_SCENARIO (self));
  self->outcome_lag_days = lag_days;
}

/**
 * vigil_scenario_get_outcomes:
 * @out_share: (out): the share of the decisions that get an outcome: the one set, else
 *   %VIGIL_SCENARIO_DEFAULT_OUTCOME_SHARE with accuracy_drop and 0 without
 * @out_lag_days: (out): the most days an outcome arrives after its decision
 *
 * What the simulator does with outcomes.
 */
void
vigil_scenario_get_outcomes (VigilScenario *self,
                             double        *out_share,
                             guint         *out_lag_days)
{
  g_return_if_fail (VIGIL_IS_SCENARIO (self));

  if (!isnan (self->outcome_share))
    *out_share = self->outcome_share;
  else
    *out_share = (self->anomalies & VIGIL_ANOMALY_ACCURACY_DROP)
                 ? VIGIL_SCENARIO_DEFAULT_OUTCOME_SHARE : 0.0;
  *out_lag_days = self->outcome_lag_days >= 0 ? (guint) self->outcome_lag_days
                                              : VIGIL_SCENARIO_DEFAULT_OUTCOME_LAG_DAYS;
}

/**
 * vigil_scenario_get_anomaly_intensity:
 * @anomaly: one anomaly
 *
 * Returns: the strength of @anomaly when it is injected: 1 is the notebook's, 0.5 half of it
 */
double
vigil_scenario_get_anomaly_intensity (VigilScenario *self,
                                      VigilAnomaly   anomaly)
{
  int i = anomaly_index (anomaly);

  g_return_val_if_fail (VIGIL_IS_SCENARIO (self), 0.0);
  g_return_val_if_fail (i >= 0, 0.0);

  return self->intensities[i];
}

/**
 * vigil_scenario_set_anomaly_intensity:
 * @anomaly: one anomaly
 * @intensity: in (0, 1]; 1 is the notebook's strength
 *
 * Sets the strength of one anomaly. The "intensity" property is notified whenever the
 * intensity of any anomaly changes.
 */
void
vigil_scenario_set_anomaly_intensity (VigilScenario *self,
                                      VigilAnomaly   anomaly,
                                      double         intensity)
{
  int i = anomaly_index (anomaly);

  g_return_if_fail (VIGIL_IS_SCENARIO (self));
  g_return_if_fail (i >= 0);

  if (self->intensities[i] == intensity)
    return;
  self->intensities[i] = intensity;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTENSITY]);
}

static gboolean
parse_date (const char *date,
            gint64     *out_usec)
{
  return date != NULL && strlen (date) == 10 && vigil_timestamp_parse (date, out_usec, NULL);
}

/**
 * vigil_scenario_validate:
 *
 * Returns: %FALSE with %VIGIL_SCENARIO_ERROR_INVALID and a message saying which setting is
 *   wrong and what it may be
 */
gboolean
vigil_scenario_validate (VigilScenario  *self,
                         GError        **error)
{
  g_return_val_if_fail (VIGIL_IS_SCENARIO (self), FALSE);

#define INVALID(...) G_STMT_START { \
    g_set_error (error, VIGIL_SCENARIO_ERROR, VIGIL_SCENARIO_ERROR_INVALID, __VA_ARGS__); \
    return FALSE; } G_STMT_END

  if (self->days < 1 || self->days > VIGIL_SCENARIO_MAX_DAYS)
    INVALID (_("A simulation lasts from 1 to %d days, not %u"), VIGIL_SCENARIO_MAX_DAYS,
             self->days);
  if (self->start_date != NULL)
    {
      gint64 start, last_day;

      if (!parse_date (self->start_date, &start))
        INVALID (_("The start date “%s” is not a date; write it as YYYY-MM-DD, like 2026-03-02"),
                 self->start_date);
      vigil_timestamp_parse ("9999-12-31", &last_day, NULL);
      if (start + (gint64) (self->days - 1) * USEC_PER_DAY > last_day)
        INVALID (_("%u days from %s would run past the year 9999"), self->days,
                 self->start_date);
    }
  if (self->trading_per_day > VIGIL_SCENARIO_MAX_PER_DAY)
    INVALID (_("Trading decisions per day must be between 0 and %d, not %u"),
             VIGIL_SCENARIO_MAX_PER_DAY, self->trading_per_day);
  if (self->credit_per_day > VIGIL_SCENARIO_MAX_PER_DAY)
    INVALID (_("Credit decisions per day must be between 0 and %d, not %u"),
             VIGIL_SCENARIO_MAX_PER_DAY, self->credit_per_day);
  if (self->trading_per_day == 0 && self->credit_per_day == 0)
    INVALID (_("A simulation needs decisions: trading and credit decisions per day are both 0"));
  for (guint i = 0; i < VIGIL_N_ANOMALIES; i++)
    {
      double intensity = self->intensities[i];

      if (!isfinite (intensity) || intensity <= 0.0 || intensity > 1.0)
        INVALID (_("The intensity of %s must be above 0 and at most 1, not %g"),
                 anomaly_names[i], intensity);
    }
  if ((self->anomalies & ~VIGIL_ANOMALY_ALL) != 0)
    INVALID (_("The scenario names an anomaly this version of Vigil does not know"));
  if (!isnan (self->outcome_share) &&
      (!isfinite (self->outcome_share) || self->outcome_share < 0.0 || self->outcome_share > 1.0))
    INVALID (_("The share of decisions with an outcome must be between 0 and 1, not %g"),
             self->outcome_share);
  if (self->outcome_lag_days < -1 || self->outcome_lag_days > VIGIL_SCENARIO_MAX_OUTCOME_LAG_DAYS)
    INVALID (_("Outcomes arrive 0 to %d days after their decisions, not %d"),
             VIGIL_SCENARIO_MAX_OUTCOME_LAG_DAYS, self->outcome_lag_days);
  if (self->outcome_lag_days >= 0 && isnan (self->outcome_share) &&
      !(self->anomalies & VIGIL_ANOMALY_ACCURACY_DROP))
    INVALID (_("An outcome lag needs outcomes: give the share of decisions that get one, or "
               "inject accuracy_drop"));
  if ((self->anomalies & VIGIL_ANOMALY_VOLUME_SPIKE) && (self->anomalies & VIGIL_ANOMALY_VOLUME_DROP))
    INVALID (_("A volume spike and a volume drop cannot be injected on the same day"));
  if (self->anomalies != VIGIL_ANOMALY_NONE &&
      (self->anomaly_day < 1 || self->anomaly_day > self->days))
    INVALID (_("The anomaly day must be one of the %u simulated days (1 to %u), not %u"),
             self->days, self->days, self->anomaly_day);

#undef INVALID
  return TRUE;
}

/**
 * vigil_scenario_is_anomaly_day:
 * @day: a simulated day, from 1
 *
 * Returns: whether anomalies are injected on @day
 */
gboolean
vigil_scenario_is_anomaly_day (VigilScenario *self,
                               guint          day)
{
  g_return_val_if_fail (VIGIL_IS_SCENARIO (self), FALSE);
  return self->anomalies != VIGIL_ANOMALY_NONE && day == self->anomaly_day;
}

/**
 * vigil_scenario_count_decisions:
 * @day: a simulated day, from 1
 * @out_trading: (out) (optional): trading signals made on @day
 * @out_credit: (out) (optional): credit decisions made on @day
 *
 * The decisions of a day: the per-day numbers, changed on the anomaly day by a volume spike
 * or drop.
 */
void
vigil_scenario_count_decisions (VigilScenario *self,
                                guint          day,
                                guint         *out_trading,
                                guint         *out_credit)
{
  double factor = 1.0;

  g_return_if_fail (VIGIL_IS_SCENARIO (self));

  if (vigil_scenario_is_anomaly_day (self, day))
    {
      if (self->anomalies & VIGIL_ANOMALY_VOLUME_SPIKE)
        factor *= 1.0 + 2.0 * vigil_scenario_get_anomaly_intensity (self,
                                                                    VIGIL_ANOMALY_VOLUME_SPIKE);
      if (self->anomalies & VIGIL_ANOMALY_VOLUME_DROP)
        factor *= 1.0 - 0.8 * vigil_scenario_get_anomaly_intensity (self,
                                                                    VIGIL_ANOMALY_VOLUME_DROP);
    }
  if (out_trading)
    *out_trading = (guint) round ((double) self->trading_per_day * factor);
  if (out_credit)
    *out_credit = (guint) round ((double) self->credit_per_day * factor);
}

/**
 * vigil_scenario_to_json:
 *
 * Returns: (transfer full): the scenario as one canonical JSON object (keys sorted, no
 *   spaces), which vigil_scenario_new_from_json() reads back
 */
char *
vigil_scenario_to_json (VigilScenario *self)
{
  g_autoptr(GString) text = g_string_new ("{\"anomalies\":[");
  GString *canonical;
  g_autofree char *reason = NULL;
  gboolean first = TRUE;

  g_return_val_if_fail (VIGIL_IS_SCENARIO (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (anomaly_names); i++)
    if (self->anomalies & (1u << i))
      {
        if (!first)
          g_string_append_c (text, ',');
        first = FALSE;
        vigil_json_write_string (text, anomaly_names[i]);
      }
  g_string_append_printf (text, "],\"anomaly_day\":%u,\"credit_per_day\":%u,\"days\":%u,"
                          "\"intensities\":{", self->anomaly_day, self->credit_per_day,
                          self->days);
  /* Every anomaly's, injected or not, so that the scenario reads back the same */
  for (guint i = 0; i < VIGIL_N_ANOMALIES; i++)
    {
      if (i > 0)
        g_string_append_c (text, ',');
      vigil_json_write_string (text, anomaly_names[i]);
      g_string_append_c (text, ':');
      vigil_json_write_double (text, self->intensities[i]);
    }
  g_string_append_c (text, '}');
  g_string_append_printf (text, ",\"seed\":%" G_GUINT64_FORMAT ",\"start_date\":", self->seed);
  if (self->start_date)
    vigil_json_write_string (text, self->start_date);
  else
    g_string_append (text, "null");
  g_string_append_printf (text, ",\"trading_per_day\":%u", self->trading_per_day);
  /* Only when set, so that a scenario without them reads as it always did */
  if (!isnan (self->outcome_share))
    {
      g_string_append (text, ",\"outcome_share\":");
      vigil_json_write_double (text, self->outcome_share);
    }
  if (self->outcome_lag_days >= 0)
    g_string_append_printf (text, ",\"outcome_lag_days\":%d", self->outcome_lag_days);
  g_string_append_c (text, '}');

  /* Numbers in their canonical form: an intensity of 1.0 is written 1. */
  canonical = g_string_sized_new (text->len);
  if (!vigil_json_canonicalize (text->str, text->len, canonical, &reason))
    {
      g_critical ("Scenario JSON %s is not valid: %s", text->str, reason);
      g_string_free (canonical, TRUE);
      return g_strdup (text->str);
    }
  return g_string_free (canonical, FALSE);
}

/* Reading the canonical form: no spaces, every token known valid. */

static char *
read_string (const char **p)
{
  const char *start = ++*p;
  gsize len;

  while (**p != '"')
    {
      if (**p == '\\')
        ++*p;
      ++*p;
    }
  len = (gsize) (*p - start);
  ++*p;
  return g_strndup (start, len);
}

static char *
read_token (const char **p)
{
  const char *start = *p;

  while (**p != ',' && **p != '}' && **p != ']' && **p != '\0')
    {
      if (**p == '"')
        {
          g_free (read_string (p));
          continue;
        }
      if (**p == '{' || **p == '[')
        {
          int depth = 0;

          do
            {
              if (**p == '"')
                {
                  g_free (read_string (p));
                  continue;
                }
              if (**p == '{' || **p == '[')
                depth++;
              else if (**p == '}' || **p == ']')
                depth--;
              ++*p;
            }
          while (depth > 0);
          continue;
        }
      ++*p;
    }
  return g_strndup (start, (gsize) (*p - start));
}

static gboolean
wrong_type (GError     **error,
            const char  *key,
            const char  *what,
            const char  *token)
{
  g_set_error (error, VIGIL_SCENARIO_ERROR, VIGIL_SCENARIO_ERROR_PARSE,
               /* Translators: "“days” in the scenario must be a whole number, not “-1”" */
               _("“%s” in the scenario must be %s, not “%s”"), key, what, token);
  return FALSE;
}

static gboolean
read_count (const char  **p,
            const char   *key,
            guint64       max,
            guint64      *out,
            GError      **error)
{
  g_autofree char *token = read_token (p);
  const char *c = token;

  if (*c == '\0')
    return wrong_type (error, key, _("a whole number"), token);
  for (; *c; c++)
    if (!g_ascii_isdigit (*c))
      return wrong_type (error, key, _("a whole number"), token);
  if (!g_ascii_string_to_unsigned (token, 10, 0, max, out, NULL))
    {
      g_set_error (error, VIGIL_SCENARIO_ERROR, VIGIL_SCENARIO_ERROR_PARSE,
                   _("“%s” in the scenario is too large: %s"), key, token);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_number (const char  **p,
             const char   *key,
             double       *out,
             GError      **error)
{
  g_autofree char *token = read_token (p);
  char *end = NULL;

  if (*token != '-' && !g_ascii_isdigit (*token))
    return wrong_type (error, key, _("a number"), token);
  *out = g_ascii_strtod (token, &end);
  if (end == NULL || *end != '\0')
    return wrong_type (error, key, _("a number"), token);
  return TRUE;
}

static gboolean
both_intensities (GError **error)
{
  g_set_error (error, VIGIL_SCENARIO_ERROR, VIGIL_SCENARIO_ERROR_PARSE,
               _("The scenario has both “intensity” and “intensities”; give one intensity for "
                 "all anomalies or one for each"));
  return FALSE;
}

/* "intensities": {"sell_surge":0.5,...}; anomalies left out keep theirs */
static gboolean
read_intensities (VigilScenario  *self,
                  const char    **p,
                  GError        **error)
{
  if (**p != '{')
    {
      g_autofree char *token = read_token (p);
      return wrong_type (error, "intensities",
                         _("an object of anomaly names and numbers, like {\"sell_surge\":0.5}"),
                         token);
    }
  ++*p;
  while (**p != '}')
    {
      g_autofree char *name = read_string (p);
      g_autofree char *key = NULL;
      VigilAnomaly one;
      double value;

      if (!vigil_anomaly_from_string (name, &one))
        {
          set_unknown_anomaly_error (error, name);
          return FALSE;
        }
      ++*p;  /* : */
      key = g_strdup_printf ("intensities.%s", name);
      if (!read_number (p, key, &value, error))
        return FALSE;
      vigil_scenario_set_anomaly_intensity (self, one, value);
      if (**p == ',')
        ++*p;
    }
  ++*p;
  return TRUE;
}

static gboolean
read_members (VigilScenario  *self,
              const char     *p,
              GError        **error)
{
  gboolean seen_intensities = FALSE;

  if (*p != '{')
    {
      g_set_error (error, VIGIL_SCENARIO_ERROR, VIGIL_SCENARIO_ERROR_PARSE,
                   _("A scenario is a JSON object of settings, like {\"days\":6}"));
      return FALSE;
    }
  p++;
  if (*p == '}')
    return TRUE;

  for (;;)
    {
      g_autofree char *key = read_string (&p);
      guint64 count;

      p++;  /* : */
      if (g_str_equal (key, "start_date"))
        {
          if (*p == '"')
            {
              g_autofree char *date = read_string (&p);
              vigil_scenario_set_start_date (self, date);
            }
          else
            {
              g_autofree char *token = read_token (&p);

              if (!g_str_equal (token, "null"))
                return wrong_type (error, key, _("a date as YYYY-MM-DD, or null"), token);
              vigil_scenario_set_start_date (self, NULL);
            }
        }
      else if (g_str_equal (key, "days"))
        {
          if (!read_count (&p, key, G_MAXUINT, &count, error))
            return FALSE;
          vigil_scenario_set_days (self, (guint) count);
        }
      else if (g_str_equal (key, "trading_per_day"))
        {
          if (!read_count (&p, key, G_MAXUINT, &count, error))
            return FALSE;
          vigil_scenario_set_trading_per_day (self, (guint) count);
        }
      else if (g_str_equal (key, "credit_per_day"))
        {
          if (!read_count (&p, key, G_MAXUINT, &count, error))
            return FALSE;
          vigil_scenario_set_credit_per_day (self, (guint) count);
        }
      else if (g_str_equal (key, "anomaly_day"))
        {
          if (!read_count (&p, key, G_MAXUINT, &count, error))
            return FALSE;
          vigil_scenario_set_anomaly_day (self, (guint) count);
        }
      else if (g_str_equal (key, "seed"))
        {
          if (!read_count (&p, key, G_MAXUINT64, &count, error))
            return FALSE;
          vigil_scenario_set_seed (self, count);
        }
      else if (g_str_equal (key, "intensity"))
        {
          /* The form before each anomaly had its own: one for all */
          double value;

          if (seen_intensities)
            return both_intensities (error);
          if (!read_number (&p, key, &value, error))
            return FALSE;
          vigil_scenario_set_intensity (self, value);
        }
      else if (g_str_equal (key, "intensities"))
        {
          seen_intensities = TRUE;
          if (!read_intensities (self, &p, error))
            return FALSE;
        }
      else if (g_str_equal (key, "outcome_share"))
        {
          double value;

          if (!read_number (&p, key, &value, error))
            return FALSE;
          vigil_scenario_set_outcome_share (self, value);
        }
      else if (g_str_equal (key, "outcome_lag_days"))
        {
          if (!read_count (&p, key, VIGIL_SCENARIO_MAX_OUTCOME_LAG_DAYS, &count, error))
            return FALSE;
          vigil_scenario_set_outcome_lag_days (self, (int) count);
        }
      else if (g_str_equal (key, "anomalies"))
        {
          VigilAnomaly set = VIGIL_ANOMALY_NONE;

          if (*p != '[')
            {
              g_autofree char *token = read_token (&p);
              return wrong_type (error, key, _("a list of anomaly names"), token);
            }
          p++;
          while (*p != ']')
            {
              g_autofree char *name = NULL;
              VigilAnomaly one;

              if (*p != '"')
                {
                  g_autofree char *token = read_token (&p);
                  return wrong_type (error, key, _("a list of anomaly names"), token);
                }
              name = read_string (&p);
              if (!vigil_anomaly_from_string (name, &one))
                {
                  set_unknown_anomaly_error (error, name);
                  return FALSE;
                }
              set |= one;
              if (*p == ',')
                p++;
            }
          p++;
          vigil_scenario_set_anomalies (self, set);
        }
      else
        {
          g_set_error (error, VIGIL_SCENARIO_ERROR, VIGIL_SCENARIO_ERROR_PARSE,
                       _("The scenario has a setting “%s” that this version of Vigil does not "
                         "know"), key);
          return FALSE;
        }

      if (*p == '}')
        return TRUE;
      p++;  /* , */
    }
}

/**
 * vigil_scenario_new_from_json:
 * @json: a JSON object as vigil_scenario_to_json() writes it; settings left out keep their
 *   defaults
 *
 * Returns: (transfer full) (nullable): the scenario, or %NULL with @error when @json is not a
 *   valid scenario
 */
VigilScenario *
vigil_scenario_new_from_json (const char  *json,
                              GError     **error)
{
  g_autoptr(GString) canonical = g_string_new (NULL);
  g_autoptr(VigilScenario) self = NULL;
  g_autofree char *reason = NULL;

  g_return_val_if_fail (json != NULL, NULL);

  if (!vigil_json_canonicalize (json, strlen (json), canonical, &reason))
    {
      g_set_error (error, VIGIL_SCENARIO_ERROR, VIGIL_SCENARIO_ERROR_PARSE,
                   _("The scenario is not valid JSON: %s"), reason);
      return NULL;
    }

  self = vigil_scenario_new ();
  if (!read_members (self, canonical->str, error) || !vigil_scenario_validate (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

static char *
join_clauses (GPtrArray *clauses)
{
  g_autofree char *joined = g_strdup (g_ptr_array_index (clauses, 0));

  for (guint i = 1; i < clauses->len; i++)
    {
      char *next;

      if (i + 1 == clauses->len)
        /* Translators: the last two of the anomalies of a day */
        next = g_strdup_printf (_("%s and %s"), joined, (char *) g_ptr_array_index (clauses, i));
      else
        /* Translators: a list of the anomalies of a day */
        next = g_strdup_printf (_("%s, %s"), joined, (char *) g_ptr_array_index (clauses, i));
      g_free (joined);
      joined = next;
    }
  return g_steal_pointer (&joined);
}

/**
 * vigil_scenario_describe:
 *
 * Returns: (transfer full): one sentence saying what happens on the anomaly day, like "On day
 *   4, 70% of trading signals are forced to SELL and 30% of credit applicants have a FICO
 *   score between 400 and 550."
 */
char *
vigil_scenario_describe (VigilScenario *self)
{
  g_autoptr(GPtrArray) clauses = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;
  g_autofree char *text = NULL;
  g_autofree char *outcomes = NULL;
  double share;
  guint lag_days;

  g_return_val_if_fail (VIGIL_IS_SCENARIO (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (anomaly_names); i++)
    if (self->anomalies & (1u << i))
      g_ptr_array_add (clauses, anomaly_clause ((VigilAnomaly) (1u << i),
                                                self->intensities[i]));

  if (clauses->len == 0)
    text = g_strdup (_("No anomaly is injected: every day is a normal day."));
  else
    {
      joined = join_clauses (clauses);
      text = g_strdup_printf (_("On day %u, %s."), self->anomaly_day, joined);
    }
  if (isnan (self->outcome_share))
    return g_steal_pointer (&text);

  vigil_scenario_get_outcomes (self, &share, &lag_days);
  if (lag_days == 0)
    outcomes = g_strdup_printf (_("%.0f%% of the decisions get an outcome, known at once."),
                                100.0 * share);
  else
    outcomes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%.0f%% of the decisions get an outcome, %u day "
                                             "later.",
                                             "%.0f%% of the decisions get an outcome, 1 to %u "
                                             "days later.", lag_days),
                                100.0 * share, lag_days);
  /* Translators: what happens on the anomaly day, then what outcomes the decisions get */
  return g_strdup_printf (_("%s %s"), text, outcomes);
}
