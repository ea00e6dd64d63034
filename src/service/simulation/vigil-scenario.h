/* vigil-scenario.h: what a simulation generates: days, volumes, seed and injected anomalies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VIGIL_SCENARIO_ERROR (vigil_scenario_error_quark ())

typedef enum
{
  VIGIL_SCENARIO_ERROR_INVALID,
  VIGIL_SCENARIO_ERROR_PARSE,
} VigilScenarioError;

/**
 * VigilAnomaly:
 * @VIGIL_ANOMALY_NONE: no anomaly
 * @VIGIL_ANOMALY_SELL_SURGE: a trading signal's 12-month momentum is forced to -0.20 (SELL)
 *   with probability 0.7 × intensity (the notebook's)
 * @VIGIL_ANOMALY_LOW_FICO: a credit applicant's FICO score is drawn from [400, 550] with
 *   probability 0.3 × intensity (the notebook's)
 * @VIGIL_ANOMALY_CONCENTRATION: a trading signal is for one ticker with probability
 *   0.6 × intensity; the others are spread over all tickers as usual
 * @VIGIL_ANOMALY_VOLUME_SPIKE: both models make 1 + 2 × intensity times their decisions
 * @VIGIL_ANOMALY_VOLUME_DROP: both models make 1 - 0.8 × intensity times their decisions
 * @VIGIL_ANOMALY_CONFIDENCE_COLLAPSE: both models' confidence is multiplied by
 *   1 - 0.4 × intensity
 * @VIGIL_ANOMALY_FEATURE_DRIFT: inputs the models do not use shift upwards (trading volatility
 *   and P/E ratio, credit income and loan amount); the decisions stay the same
 * @VIGIL_ANOMALY_MISSING_INPUTS: both models' decisions are logged without their input
 *   features (stored as `{}`, as an import line without them is) with probability
 *   0.3 × intensity; the decisions stay the same
 * @VIGIL_ANOMALY_CATEGORY_SHIFT: a credit application's loan purpose, a text input the model
 *   does not use, is debt consolidation with probability 0.5 × intensity; the decisions stay
 *   the same
 * @VIGIL_ANOMALY_ACCURACY_DROP: the outcomes of both models' decisions of the anomaly day
 *   disagree with them more often: a decision is right with probability 0.8 - 0.6 × intensity,
 *   not 0.8. With this anomaly, 80% of every day's decisions get an outcome, dated 1 to 3 days
 *   after them
 *
 * The anomalies a scenario injects on its anomaly day, each at its own intensity in (0, 1].
 * The string form of each is its nick: "sell_surge", "low_fico", ...
 */
typedef enum /*< flags >*/
{
  VIGIL_ANOMALY_NONE                = 0,
  VIGIL_ANOMALY_SELL_SURGE          = 1 << 0,
  VIGIL_ANOMALY_LOW_FICO            = 1 << 1,
  VIGIL_ANOMALY_CONCENTRATION       = 1 << 2,
  VIGIL_ANOMALY_VOLUME_SPIKE        = 1 << 3,
  VIGIL_ANOMALY_VOLUME_DROP         = 1 << 4,
  VIGIL_ANOMALY_CONFIDENCE_COLLAPSE = 1 << 5,
  VIGIL_ANOMALY_FEATURE_DRIFT       = 1 << 6,
  VIGIL_ANOMALY_MISSING_INPUTS      = 1 << 7,
  VIGIL_ANOMALY_CATEGORY_SHIFT      = 1 << 8,
  VIGIL_ANOMALY_ACCURACY_DROP       = 1 << 9,
} VigilAnomaly;

#define VIGIL_N_ANOMALIES 10
#define VIGIL_ANOMALY_ALL ((VigilAnomaly) ((1 << VIGIL_N_ANOMALIES) - 1))

#define VIGIL_SCENARIO_DEFAULT_DAYS            6
#define VIGIL_SCENARIO_DEFAULT_TRADING_PER_DAY 50
#define VIGIL_SCENARIO_DEFAULT_CREDIT_PER_DAY  100
#define VIGIL_SCENARIO_DEFAULT_SEED            42
#define VIGIL_SCENARIO_DEFAULT_ANOMALY_DAY     4
#define VIGIL_SCENARIO_DEFAULT_ANOMALIES       (VIGIL_ANOMALY_SELL_SURGE | VIGIL_ANOMALY_LOW_FICO)
#define VIGIL_SCENARIO_MAX_DAYS                3650
#define VIGIL_SCENARIO_MAX_PER_DAY             1000000
/* With accuracy_drop and no share of their own, this share of the decisions gets an outcome,
 * 1 to this many days after the decision */
#define VIGIL_SCENARIO_DEFAULT_OUTCOME_SHARE    0.8
#define VIGIL_SCENARIO_DEFAULT_OUTCOME_LAG_DAYS 3
#define VIGIL_SCENARIO_MAX_OUTCOME_LAG_DAYS     3650

#define VIGIL_TYPE_ANOMALY (vigil_anomaly_get_type ())
GType          vigil_anomaly_get_type           (void) G_GNUC_CONST;
const char    *vigil_anomaly_to_string          (VigilAnomaly    anomaly);
gboolean       vigil_anomaly_from_string        (const char     *str,
                                                 VigilAnomaly   *out);
gboolean       vigil_anomalies_parse            (const char     *list,
                                                 VigilAnomaly   *out,
                                                 GError        **error);
char          *vigil_anomalies_to_string        (VigilAnomaly    anomalies);
char          *vigil_anomaly_describe           (VigilAnomaly    anomaly,
                                                 double          intensity);

#define VIGIL_TYPE_SCENARIO (vigil_scenario_get_type ())
G_DECLARE_FINAL_TYPE (VigilScenario, vigil_scenario, VIGIL, SCENARIO, GObject)

GQuark         vigil_scenario_error_quark       (void);

VigilScenario *vigil_scenario_new               (void);
VigilScenario *vigil_scenario_new_from_json     (const char     *json,
                                                 GError        **error);
VigilScenario *vigil_scenario_copy              (VigilScenario  *self);

const char    *vigil_scenario_get_start_date    (VigilScenario  *self);
void           vigil_scenario_set_start_date    (VigilScenario  *self,
                                                 const char     *date);
char          *vigil_scenario_dup_resolved_start_date (VigilScenario *self);
guint          vigil_scenario_get_days          (VigilScenario  *self);
void           vigil_scenario_set_days          (VigilScenario  *self,
                                                 guint           days);
guint          vigil_scenario_get_trading_per_day (VigilScenario *self);
void           vigil_scenario_set_trading_per_day (VigilScenario *self,
                                                   guint          trading_per_day);
guint          vigil_scenario_get_credit_per_day (VigilScenario *self);
void           vigil_scenario_set_credit_per_day (VigilScenario *self,
                                                  guint          credit_per_day);
guint64        vigil_scenario_get_seed          (VigilScenario  *self);
void           vigil_scenario_set_seed          (VigilScenario  *self,
                                                 guint64         seed);
guint          vigil_scenario_get_anomaly_day   (VigilScenario  *self);
void           vigil_scenario_set_anomaly_day   (VigilScenario  *self,
                                                 guint           anomaly_day);
VigilAnomaly   vigil_scenario_get_anomalies     (VigilScenario  *self);
void           vigil_scenario_set_anomalies     (VigilScenario  *self,
                                                 VigilAnomaly    anomalies);
double         vigil_scenario_get_intensity     (VigilScenario  *self);
void           vigil_scenario_set_intensity     (VigilScenario  *self,
                                                 double          intensity);
double         vigil_scenario_get_anomaly_intensity (VigilScenario *self,
                                                     VigilAnomaly   anomaly);
void           vigil_scenario_set_anomaly_intensity (VigilScenario *self,
                                                     VigilAnomaly   anomaly,
                                                     double         intensity);

double         vigil_scenario_get_outcome_share (VigilScenario  *self);
void           vigil_scenario_set_outcome_share (VigilScenario  *self,
                                                 double          share);
int            vigil_scenario_get_outcome_lag_days (VigilScenario *self);
void           vigil_scenario_set_outcome_lag_days (VigilScenario *self,
                                                    int            lag_days);
void           vigil_scenario_get_outcomes      (VigilScenario  *self,
                                                 double         *out_share,
                                                 guint          *out_lag_days);

gboolean       vigil_scenario_validate          (VigilScenario  *self,
                                                 GError        **error);
gboolean       vigil_scenario_is_anomaly_day    (VigilScenario  *self,
                                                 guint           day);
void           vigil_scenario_count_decisions   (VigilScenario  *self,
                                                 guint           day,
                                                 guint          *out_trading,
                                                 guint          *out_credit);
char          *vigil_scenario_to_json           (VigilScenario  *self);
char          *vigil_scenario_describe          (VigilScenario  *self);

G_END_DECLS
