/* vigil-decision-query.c: which decisions to read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-decision-query"

#include "config.h"

#include "vigil-decision-query.h"
#include "vigil-timestamp.h"

struct _VigilDecisionQuery
{
  gatomicrefcount   ref_count;
  char             *model;
  char              from[VIGIL_TIMESTAMP_LEN];
  char              to[VIGIL_TIMESTAMP_LEN];
  gboolean          has_status;
  VigilReviewStatus status;
  gboolean          flagged_only;
  gint64            limit;
  gint64            offset;
  gboolean          newest_first;
};

G_DEFINE_BOXED_TYPE (VigilDecisionQuery, vigil_decision_query,
                     vigil_decision_query_ref, vigil_decision_query_unref)

/**
 * vigil_decision_query_new:
 *
 * A query for every decision, oldest (lowest id) first, without limit.
 */
VigilDecisionQuery *
vigil_decision_query_new (void)
{
  VigilDecisionQuery *self = g_new0 (VigilDecisionQuery, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->limit = -1;
  return self;
}

VigilDecisionQuery *
vigil_decision_query_ref (VigilDecisionQuery *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
vigil_decision_query_unref (VigilDecisionQuery *self)
{
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->model);
  g_free (self);
}

void
vigil_decision_query_set_model (VigilDecisionQuery *self,
                                const char         *model_name)
{
  g_free (self->model);
  self->model = g_strdup (model_name);
}

/**
 * vigil_decision_query_set_range:
 * @from: (nullable): first instant included, any ISO 8601 form
 * @to: (nullable): first instant excluded
 *
 * Restricts the query to [from, to).
 */
gboolean
vigil_decision_query_set_range (VigilDecisionQuery  *self,
                                const char          *from,
                                const char          *to,
                                GError             **error)
{
  return vigil_timestamp_normalize_range (from, to, self->from, self->to, error);
}

void
vigil_decision_query_set_review_status (VigilDecisionQuery *self,
                                        VigilReviewStatus   status)
{
  self->has_status = TRUE;
  self->status = status;
}

void
vigil_decision_query_set_flagged (VigilDecisionQuery *self,
                                  gboolean            flagged_only)
{
  self->flagged_only = flagged_only;
}

/**
 * vigil_decision_query_set_limit:
 * @limit: at most this many decisions, or -1 for all
 * @offset: skip this many first
 */
void
vigil_decision_query_set_limit (VigilDecisionQuery *self,
                                gint64              limit,
                                gint64              offset)
{
  self->limit = limit;
  self->offset = MAX (offset, 0);
}

void
vigil_decision_query_set_newest_first (VigilDecisionQuery *self,
                                       gboolean            newest_first)
{
  self->newest_first = newest_first;
}

const char *
vigil_decision_query_get_model (VigilDecisionQuery *self)
{
  return self->model;
}

const char *
vigil_decision_query_get_from (VigilDecisionQuery *self)
{
  return self->from[0] ? self->from : NULL;
}

const char *
vigil_decision_query_get_to (VigilDecisionQuery *self)
{
  return self->to[0] ? self->to : NULL;
}

gboolean
vigil_decision_query_get_review_status (VigilDecisionQuery *self,
                                        VigilReviewStatus  *status)
{
  if (self->has_status && status)
    *status = self->status;
  return self->has_status;
}

gboolean
vigil_decision_query_get_flagged (VigilDecisionQuery *self)
{
  return self->flagged_only;
}

gint64
vigil_decision_query_get_limit (VigilDecisionQuery *self)
{
  return self->limit;
}

gint64
vigil_decision_query_get_offset (VigilDecisionQuery *self)
{
  return self->offset;
}

gboolean
vigil_decision_query_get_newest_first (VigilDecisionQuery *self)
{
  return self->newest_first;
}
