/* vigil-alert-detail.h: the evidence and acknowledgement of one alert
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vigil-alert.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_ALERT_DETAIL (vigil_alert_detail_get_type ())
G_DECLARE_FINAL_TYPE (VigilAlertDetail, vigil_alert_detail, VIGIL, ALERT_DETAIL, AdwBin)

GtkWidget  *vigil_alert_detail_new           (void);
VigilAlert *vigil_alert_detail_get_alert     (VigilAlertDetail *self);
void        vigil_alert_detail_set_alert     (VigilAlertDetail *self,
                                              VigilAlert       *alert);

void        vigil_alert_detail_show_severity (GtkLabel         *label,
                                              VigilSeverity     severity);

G_END_DECLS
