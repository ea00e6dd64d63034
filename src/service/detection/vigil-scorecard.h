/* vigil-scorecard.h: which injected anomaly each check caught, and the false alarms
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "vigil-check-result.h"
#include "vigil-scenario.h"

G_BEGIN_DECLS

/**
 * VigilAnomalyExpectation:
 * @anomaly: one injected anomaly
 * @checks: the checks meant to catch it, the one built for it first; %VIGIL_MAX_CHECKS ends the
 *   list
 * @models: the models whose decisions it changes; %NULL ends the list
 *
 * What an injected anomaly is meant to set off. The scorecard credits an anomaly only with
 * alerts of these checks on these models.
 */
typedef struct
{
  VigilAnomaly  anomaly;
  VigilCheck    checks[3];
  const char   *models[3];
} VigilAnomalyExpectation;

const VigilAnomalyExpectation *vigil_anomaly_get_expectation      (VigilAnomaly  anomaly);
gboolean                       vigil_anomaly_expects              (VigilAnomaly  anomaly,
                                                                   VigilCheck    check,
                                                                   const char   *model_name);
gboolean                       vigil_anomaly_affects              (VigilAnomaly  anomaly,
                                                                   const char   *model_name);
char                          *vigil_anomaly_describe_expectation (VigilAnomaly  anomaly);

#define VIGIL_TYPE_SCORECARD (vigil_scorecard_get_type ())
G_DECLARE_FINAL_TYPE (VigilScorecard, vigil_scorecard, VIGIL, SCORECARD, GObject)

VigilScorecard *vigil_scorecard_new               (VigilScenario  *scenario,
                                                   GPtrArray      *results);

guint           vigil_scorecard_get_n_anomalies   (VigilScorecard *self);
VigilAnomaly    vigil_scorecard_get_anomaly       (VigilScorecard *self,
                                                   guint           index);
gboolean        vigil_scorecard_get_caught        (VigilScorecard *self,
                                                   guint           index);
GPtrArray      *vigil_scorecard_get_catches       (VigilScorecard *self,
                                                   guint           index);
guint           vigil_scorecard_get_anomaly_day   (VigilScorecard *self);
GPtrArray      *vigil_scorecard_get_other_alerts  (VigilScorecard *self);
GPtrArray      *vigil_scorecard_get_false_alarms  (VigilScorecard *self);
guint           vigil_scorecard_day_of            (VigilScorecard *self,
                                                   const char     *window_end);
char           *vigil_scorecard_to_json           (VigilScorecard *self);
char           *vigil_scorecard_to_text           (VigilScorecard *self);

G_END_DECLS
