/* vigil-alerts-view.h: the alerts of a period, filtered, acknowledged, with their evidence
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vigil-database.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_ALERTS_VIEW (vigil_alerts_view_get_type ())
G_DECLARE_FINAL_TYPE (VigilAlertsView, vigil_alerts_view, VIGIL, ALERTS_VIEW, AdwBin)

GtkWidget     *vigil_alerts_view_new            (void);

VigilDatabase *vigil_alerts_view_get_database   (VigilAlertsView *self);
void           vigil_alerts_view_set_database   (VigilAlertsView *self,
                                                 VigilDatabase   *database);
const char    *vigil_alerts_view_get_model_name (VigilAlertsView *self);
void           vigil_alerts_view_set_model_name (VigilAlertsView *self,
                                                 const char      *model_name);
const char    *vigil_alerts_view_get_from       (VigilAlertsView *self);
void           vigil_alerts_view_set_from       (VigilAlertsView *self,
                                                 const char      *from);
const char    *vigil_alerts_view_get_to         (VigilAlertsView *self);
void           vigil_alerts_view_set_to         (VigilAlertsView *self,
                                                 const char      *to);
const char    *vigil_alerts_view_get_reviewer   (VigilAlertsView *self);
void           vigil_alerts_view_set_reviewer   (VigilAlertsView *self,
                                                 const char      *reviewer);
gboolean       vigil_alerts_view_get_loading    (VigilAlertsView *self);
void           vigil_alerts_view_reload         (VigilAlertsView *self);

G_END_DECLS
