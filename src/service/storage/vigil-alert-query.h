/* vigil-alert-query.h: which alerts to read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "vigil-enums.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_ALERT_QUERY (vigil_alert_query_get_type ())

typedef struct _VigilAlertQuery VigilAlertQuery;

GType            vigil_alert_query_get_type           (void) G_GNUC_CONST;
VigilAlertQuery *vigil_alert_query_new                (void);
VigilAlertQuery *vigil_alert_query_ref                (VigilAlertQuery *self);
void             vigil_alert_query_unref              (VigilAlertQuery *self);

void             vigil_alert_query_set_model          (VigilAlertQuery *self,
                                                       const char      *model_name);
void             vigil_alert_query_set_severity       (VigilAlertQuery *self,
                                                       VigilSeverity    severity);
void             vigil_alert_query_set_unacknowledged (VigilAlertQuery *self,
                                                       gboolean         only);
gboolean         vigil_alert_query_set_range          (VigilAlertQuery *self,
                                                       const char      *from,
                                                       const char      *to,
                                                       GError         **error);
void             vigil_alert_query_set_limit          (VigilAlertQuery *self,
                                                       gint64           limit);

const char      *vigil_alert_query_get_model          (VigilAlertQuery *self);
gboolean         vigil_alert_query_get_severity       (VigilAlertQuery *self,
                                                       VigilSeverity   *severity);
gboolean         vigil_alert_query_get_unacknowledged (VigilAlertQuery *self);
const char      *vigil_alert_query_get_from           (VigilAlertQuery *self);
const char      *vigil_alert_query_get_to             (VigilAlertQuery *self);
gint64           vigil_alert_query_get_limit          (VigilAlertQuery *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilAlertQuery, vigil_alert_query_unref)

G_END_DECLS
