/* vigil-check-result.h: what one check found for one model as of one instant
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "vigil-alert.h"
#include "vigil-policy.h"

G_BEGIN_DECLS

typedef enum
{
  VIGIL_OUTCOME_ALERTED,
  VIGIL_OUTCOME_CLEAR,
  VIGIL_OUTCOME_INSUFFICIENT_DATA,
  VIGIL_OUTCOME_NOT_APPLICABLE,
} VigilCheckOutcome;

#define VIGIL_TYPE_CHECK_RESULT (vigil_check_result_get_type ())
G_DECLARE_FINAL_TYPE (VigilCheckResult, vigil_check_result, VIGIL, CHECK_RESULT, GObject)

const char       *vigil_check_outcome_to_string      (VigilCheckOutcome  outcome);

VigilCheckResult *vigil_check_result_new             (const char        *model_name,
                                                      VigilCheck         check,
                                                      const char        *as_of,
                                                      const char        *baseline_start,
                                                      const char        *window_start,
                                                      const char        *window_end);
void              vigil_check_result_set_outcome     (VigilCheckResult  *self,
                                                      VigilCheckOutcome  outcome,
                                                      const char        *subject,
                                                      const char        *message);
void              vigil_check_result_set_segment     (VigilCheckResult  *self,
                                                      const char        *segment_by,
                                                      const char        *segment);
void              vigil_check_result_set_evidence    (VigilCheckResult  *self,
                                                      double             observed,
                                                      double             baseline,
                                                      double             threshold,
                                                      gint64             n_recent,
                                                      gint64             n_baseline,
                                                      double             p_value);
void              vigil_check_result_set_alert       (VigilCheckResult  *self,
                                                      VigilAlert        *alert,
                                                      gboolean           is_new);

const char       *vigil_check_result_get_model_name  (VigilCheckResult  *self);
VigilCheck        vigil_check_result_get_check       (VigilCheckResult  *self);
VigilCheckOutcome vigil_check_result_get_outcome     (VigilCheckResult  *self);
const char       *vigil_check_result_get_subject     (VigilCheckResult  *self);
const char       *vigil_check_result_get_segment_by  (VigilCheckResult  *self);
const char       *vigil_check_result_get_segment     (VigilCheckResult  *self);
char             *vigil_check_result_dup_full_subject (VigilCheckResult *self);
gboolean          vigil_subject_split_segment        (const char        *subject,
                                                      char             **segment_by,
                                                      char             **segment,
                                                      char             **rest);
const char       *vigil_check_result_get_message     (VigilCheckResult  *self);
const char       *vigil_check_result_get_as_of       (VigilCheckResult  *self);
const char       *vigil_check_result_get_baseline_start (VigilCheckResult *self);
const char       *vigil_check_result_get_window_start (VigilCheckResult *self);
const char       *vigil_check_result_get_window_end  (VigilCheckResult  *self);
double            vigil_check_result_get_observed    (VigilCheckResult  *self);
double            vigil_check_result_get_baseline    (VigilCheckResult  *self);
double            vigil_check_result_get_threshold   (VigilCheckResult  *self);
gint64            vigil_check_result_get_n_recent    (VigilCheckResult  *self);
gint64            vigil_check_result_get_n_baseline  (VigilCheckResult  *self);
double            vigil_check_result_get_p_value     (VigilCheckResult  *self);
VigilSeverity     vigil_check_result_get_severity    (VigilCheckResult  *self);
void              vigil_check_result_set_severity    (VigilCheckResult  *self,
                                                      VigilSeverity      severity);
VigilAlert       *vigil_check_result_get_alert       (VigilCheckResult  *self);
gboolean          vigil_check_result_get_alert_is_new (VigilCheckResult *self);

G_END_DECLS
