/* vigil-decision.h: one logged AI decision
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "vigil-enums.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_DECISION (vigil_decision_get_type ())
G_DECLARE_FINAL_TYPE (VigilDecision, vigil_decision, VIGIL, DECISION, GObject)

VigilDecision *vigil_decision_new                 (const char    *model_name,
                                                   const char    *model_version,
                                                   const char    *decision_type,
                                                   const char    *prediction);

/* Inputs, set before logging; checked when logged. */
void        vigil_decision_set_timestamp          (VigilDecision *self,
                                                   const char    *timestamp);
void        vigil_decision_set_confidence         (VigilDecision *self,
                                                   double         confidence);
void        vigil_decision_unset_confidence       (VigilDecision *self);
void        vigil_decision_set_input_features     (VigilDecision *self,
                                                   const char    *json);
void        vigil_decision_set_explanation        (VigilDecision *self,
                                                   const char    *explanation);
void        vigil_decision_set_ticker             (VigilDecision *self,
                                                   const char    *ticker);
void        vigil_decision_set_sector             (VigilDecision *self,
                                                   const char    *sector);
void        vigil_decision_set_portfolio_id       (VigilDecision *self,
                                                   const char    *portfolio_id);
void        vigil_decision_set_user_id            (VigilDecision *self,
                                                   const char    *user_id);
void        vigil_decision_set_event_id           (VigilDecision *self,
                                                   const char    *event_id);

gint64      vigil_decision_get_id                 (VigilDecision *self);
const char *vigil_decision_get_timestamp          (VigilDecision *self);
const char *vigil_decision_get_model_name         (VigilDecision *self);
const char *vigil_decision_get_model_version      (VigilDecision *self);
const char *vigil_decision_get_decision_type      (VigilDecision *self);
const char *vigil_decision_get_input_features     (VigilDecision *self);
const char *vigil_decision_get_input_hash         (VigilDecision *self);
const char *vigil_decision_get_prediction         (VigilDecision *self);
gboolean    vigil_decision_has_confidence         (VigilDecision *self);
double      vigil_decision_get_confidence         (VigilDecision *self);
const char *vigil_decision_get_explanation        (VigilDecision *self);
const char *vigil_decision_get_ticker             (VigilDecision *self);
const char *vigil_decision_get_sector             (VigilDecision *self);
const char *vigil_decision_get_portfolio_id       (VigilDecision *self);
const char *vigil_decision_get_user_id            (VigilDecision *self);
const char *vigil_decision_get_event_id           (VigilDecision *self);
const char *vigil_decision_get_actual_outcome     (VigilDecision *self);
const char *vigil_decision_get_outcome_date       (VigilDecision *self);
const char *vigil_decision_get_reviewed_by        (VigilDecision *self);
const char *vigil_decision_get_review_date        (VigilDecision *self);
VigilReviewStatus vigil_decision_get_review_status (VigilDecision *self);
const char *vigil_decision_get_review_notes       (VigilDecision *self);
gboolean    vigil_decision_get_anomaly_flag       (VigilDecision *self);
const char *vigil_decision_get_anomaly_reason     (VigilDecision *self);
const char *vigil_decision_get_record_hash        (VigilDecision *self);

char       *vigil_decision_to_json_line           (VigilDecision *self);

G_END_DECLS
