/* vigil-alert.h: one monitoring alert with its evidence
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "vigil-enums.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_ALERT (vigil_alert_get_type ())
G_DECLARE_FINAL_TYPE (VigilAlert, vigil_alert, VIGIL, ALERT, GObject)

VigilAlert   *vigil_alert_new                (const char    *alert_type,
                                              VigilSeverity  severity,
                                              const char    *model_name,
                                              const char    *description);

void          vigil_alert_set_timestamp      (VigilAlert    *self,
                                              const char    *timestamp);
void          vigil_alert_set_raised_at      (VigilAlert    *self,
                                              const char    *raised_at);
void          vigil_alert_set_subject        (VigilAlert    *self,
                                              const char    *subject);
void          vigil_alert_set_windows        (VigilAlert    *self,
                                              const char    *baseline_start,
                                              const char    *window_start,
                                              const char    *window_end);
void          vigil_alert_set_evidence       (VigilAlert    *self,
                                              double         observed,
                                              double         baseline,
                                              double         threshold,
                                              gint64         n_recent,
                                              gint64         n_baseline,
                                              double         p_value);

gint64        vigil_alert_get_id             (VigilAlert    *self);
const char   *vigil_alert_get_timestamp      (VigilAlert    *self);
const char   *vigil_alert_get_alert_type     (VigilAlert    *self);
VigilSeverity vigil_alert_get_severity       (VigilAlert    *self);
const char   *vigil_alert_get_description    (VigilAlert    *self);
const char   *vigil_alert_get_model_name     (VigilAlert    *self);
gboolean      vigil_alert_get_acknowledged   (VigilAlert    *self);
const char   *vigil_alert_get_acknowledged_by (VigilAlert   *self);
const char   *vigil_alert_get_acknowledged_at (VigilAlert   *self);
const char   *vigil_alert_get_ack_note       (VigilAlert    *self);
const char   *vigil_alert_get_subject        (VigilAlert    *self);
const char   *vigil_alert_get_window_start   (VigilAlert    *self);
const char   *vigil_alert_get_window_end     (VigilAlert    *self);
const char   *vigil_alert_get_baseline_start (VigilAlert    *self);
double        vigil_alert_get_observed       (VigilAlert    *self);
double        vigil_alert_get_baseline       (VigilAlert    *self);
double        vigil_alert_get_threshold      (VigilAlert    *self);
gint64        vigil_alert_get_n_recent       (VigilAlert    *self);
gint64        vigil_alert_get_n_baseline     (VigilAlert    *self);
double        vigil_alert_get_p_value        (VigilAlert    *self);
const char   *vigil_alert_get_record_hash    (VigilAlert    *self);
const char   *vigil_alert_get_raised_at      (VigilAlert    *self);

void          vigil_alert_write_json         (VigilAlert    *self,
                                              GString       *out);

G_END_DECLS
