/* vigil-alert-query.c: which alerts to read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-alert-query"

#include "config.h"

#include "vigil-alert-query.h"
#include "vigil-timestamp.h"

struct _VigilAlertQuery
{
  gatomicrefcount ref_count;
  char           *model;
  gboolean        has_severity;
  VigilSeverity   severity;
  gboolean        unacknowledged;
  char            from[VIGIL_TIMESTAMP_LEN];
  char            to[VIGIL_TIMESTAMP_LEN];
  gint64          limit;
};

G_DEFINE_BOXED_TYPE (VigilAlertQuery, vigil_alert_query, vigil_alert_query_ref,
                     vigil_alert_query_unref)

VigilAlertQuery *
vigil_alert_query_new (void)
{
  VigilAlertQuery *self = g_new0 (VigilAlertQuery, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->limit = -1;
  return self;
}

VigilAlertQuery *
vigil_alert_query_ref (VigilAlertQuery *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
vigil_alert_query_unref (VigilAlertQuery *self)
{
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->model);
  g_free (self);
}

void
vigil_alert_query_set_model (VigilAlertQuery *self,
                             const char      *model_name)
{
  g_free (self->model);
  self->model = g_strdup (model_name);
}

void
vigil_alert_query_set_severity (VigilAlertQuery *self,
                                VigilSeverity    severity)
{
  self->has_severity = TRUE;
  self->severity = severity;
}

void
vigil_alert_query_set_unacknowledged (VigilAlertQuery *self,
                                      gboolean         only)
{
  self->unacknowledged = only;
}

gboolean
vigil_alert_query_set_range (VigilAlertQuery  *self,
                             const char       *from,
                             const char       *to,
                             GError          **error)
{
  return vigil_timestamp_normalize_range (from, to, self->from, self->to, error);
}

void
vigil_alert_query_set_limit (VigilAlertQuery *self,
                             gint64           limit)
{
  self->limit = limit;
}

const char *
vigil_alert_query_get_model (VigilAlertQuery *self)
{
  return self->model;
}

gboolean
vigil_alert_query_get_severity (VigilAlertQuery *self,
                                VigilSeverity   *severity)
{
  if (self->has_severity && severity)
    *severity = self->severity;
  return self->has_severity;
}

gboolean
vigil_alert_query_get_unacknowledged (VigilAlertQuery *self)
{
  return self->unacknowledged;
}

const char *
vigil_alert_query_get_from (VigilAlertQuery *self)
{
  return self->from[0] ? self->from : NULL;
}

const char *
vigil_alert_query_get_to (VigilAlertQuery *self)
{
  return self->to[0] ? self->to : NULL;
}

gint64
vigil_alert_query_get_limit (VigilAlertQuery *self)
{
  return self->limit;
}
