/* vigil-decision-query.h: which decisions to read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "vigil-enums.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_DECISION_QUERY (vigil_decision_query_get_type ())

typedef struct _VigilDecisionQuery VigilDecisionQuery;

GType               vigil_decision_query_get_type        (void) G_GNUC_CONST;
VigilDecisionQuery *vigil_decision_query_new             (void);
VigilDecisionQuery *vigil_decision_query_ref             (VigilDecisionQuery *self);
void                vigil_decision_query_unref           (VigilDecisionQuery *self);

void                vigil_decision_query_set_model       (VigilDecisionQuery *self,
                                                          const char         *model_name);
gboolean            vigil_decision_query_set_range       (VigilDecisionQuery *self,
                                                          const char         *from,
                                                          const char         *to,
                                                          GError            **error);
void                vigil_decision_query_set_review_status (VigilDecisionQuery *self,
                                                            VigilReviewStatus   status);
void                vigil_decision_query_set_flagged     (VigilDecisionQuery *self,
                                                          gboolean            flagged_only);
void                vigil_decision_query_set_limit       (VigilDecisionQuery *self,
                                                          gint64              limit,
                                                          gint64              offset);
void                vigil_decision_query_set_newest_first (VigilDecisionQuery *self,
                                                           gboolean            newest_first);

const char         *vigil_decision_query_get_model       (VigilDecisionQuery *self);
const char         *vigil_decision_query_get_from        (VigilDecisionQuery *self);
const char         *vigil_decision_query_get_to          (VigilDecisionQuery *self);
gboolean            vigil_decision_query_get_review_status (VigilDecisionQuery *self,
                                                            VigilReviewStatus  *status);
gboolean            vigil_decision_query_get_flagged     (VigilDecisionQuery *self);
gint64              vigil_decision_query_get_limit       (VigilDecisionQuery *self);
gint64              vigil_decision_query_get_offset      (VigilDecisionQuery *self);
gboolean            vigil_decision_query_get_newest_first (VigilDecisionQuery *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilDecisionQuery, vigil_decision_query_unref)

G_END_DECLS
