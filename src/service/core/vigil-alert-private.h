/* vigil-alert-private.h: how the store fills and reads alerts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-alert.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  id;
  char   *timestamp;
  char   *alert_type;
  char   *severity;
  char   *description;
  char   *model_name;
  gboolean acknowledged;
  char   *acknowledged_by;
  char   *subject;
  char   *window_start;
  char   *window_end;
  char   *baseline_start;
  double  observed;      /* NAN when absent */
  double  baseline;
  double  threshold;
  gint64  n_recent;      /* -1 when absent */
  gint64  n_baseline;
  double  p_value;
  char   *acknowledged_at;
  char   *ack_note;
  char   *record_hash;
  char   *raised_at;     /* not hashed; NULL when unknown */
} VigilAlertFields;

VigilAlertFields *vigil_alert_get_fields (VigilAlert *self);

G_END_DECLS
