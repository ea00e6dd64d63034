/* vigil-scorecard.h: which injected anomaly each check caught, and the false alarms
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "vigil-check-result.h"
#include "vigil-scenario.h"

G_BEGIN_DECLS

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
GPtrArray      *vigil_scorecard_get_false_alarms  (VigilScorecard *self);
guint           vigil_scorecard_day_of            (VigilScorecard *self,
                                                   const char     *window_start);
char           *vigil_scorecard_to_json           (VigilScorecard *self);
char           *vigil_scorecard_to_text           (VigilScorecard *self);

G_END_DECLS
