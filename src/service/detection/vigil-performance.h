/* vigil-performance.h: how right a model was, on the decisions whose outcome has arrived
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-outcome-map.h"
#include "vigil-store.h"

G_BEGIN_DECLS

/* What an outcome says of the prediction it follows */
typedef enum
{
  VIGIL_JUDGEMENT_UNKNOWN,   /* the outcome does not tell (a declined loan's "withdrawn") */
  VIGIL_JUDGEMENT_RIGHT,
  VIGIL_JUDGEMENT_WRONG,
} VigilJudgement;

/* One prediction value's figures, on the decisions judged */
typedef struct
{
  char   *label;
  gint64  predicted;        /* judged decisions that predicted it */
  gint64  predicted_right;  /* of which right: precision = predicted_right / predicted */
  gint64  actual;           /* judged decisions whose outcome was it */
  gint64  actual_right;     /* of which predicted so: recall = actual_right / actual */
} VigilClassFigures;

typedef struct
{
  gint64      decisions;       /* in the period */
  gint64      with_outcome;    /* of which an outcome has arrived */
  gint64      judged;          /* of which the outcome says right or wrong */
  gint64      right;
  double      lag_days_sum;    /* days from decision to outcome, over with_outcome */
  gint64      approved;        /* credit: decisions approved, in the period */
  gint64      approved_judged; /* approved with an outcome that tells */
  gint64      approved_bad;    /* approved, then defaulted */
  GPtrArray  *classes;         /* of VigilClassFigures, by label */
} VigilPerformance;

VigilJudgement    vigil_outcome_judge            (const char              *prediction,
                                                  const char              *outcome);
VigilJudgement    vigil_outcome_judge_among      (const char              *prediction,
                                                  const char              *outcome,
                                                  GHashTable              *labels);
VigilJudgement    vigil_outcome_judge_by         (const VigilOutcomeMap   *rules,
                                                  const char              *prediction,
                                                  const char              *outcome,
                                                  GHashTable              *labels);
gboolean          vigil_outcome_is_label         (const char              *outcome);
VigilPerformance *vigil_performance_compute      (VigilStore              *store,
                                                  const char              *model_name,
                                                  const char              *from,
                                                  const char              *to,
                                                  const char              *known_before,
                                                  const VigilOutcomeMap   *rules,
                                                  GError                 **error);
VigilPerformance *vigil_performance_compute_in_segment (VigilStore            *store,
                                                        const char            *model_name,
                                                        const char            *segment_by,
                                                        const char            *segment,
                                                        const char            *from,
                                                        const char            *to,
                                                        const char            *known_before,
                                                        const VigilOutcomeMap *rules,
                                                        GError               **error);
double            vigil_performance_accuracy     (const VigilPerformance  *self);
double            vigil_performance_coverage     (const VigilPerformance  *self);
double            vigil_performance_mean_lag     (const VigilPerformance  *self);
double            vigil_performance_approval_rate (const VigilPerformance *self);
double            vigil_performance_default_rate (const VigilPerformance  *self);
gboolean          vigil_performance_is_credit    (const VigilPerformance  *self);
void              vigil_performance_to_json      (const VigilPerformance  *self,
                                                  const char              *model_name,
                                                  GString                 *out);
void              vigil_performance_free         (VigilPerformance        *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilPerformance, vigil_performance_free)

G_END_DECLS
