/* vigil-decisions-view.h: the logged decisions, filtered, with the selected one in detail
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vigil-database.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_DECISIONS_VIEW (vigil_decisions_view_get_type ())
G_DECLARE_FINAL_TYPE (VigilDecisionsView, vigil_decisions_view, VIGIL, DECISIONS_VIEW, GtkWidget)

GtkWidget     *vigil_decisions_view_new            (void);
VigilDatabase *vigil_decisions_view_get_database   (VigilDecisionsView *self);
void           vigil_decisions_view_set_database   (VigilDecisionsView *self,
                                                    VigilDatabase      *database);
const char    *vigil_decisions_view_get_model_name (VigilDecisionsView *self);
void           vigil_decisions_view_set_model_name (VigilDecisionsView *self,
                                                    const char         *model_name);
const char    *vigil_decisions_view_get_from       (VigilDecisionsView *self);
void           vigil_decisions_view_set_from       (VigilDecisionsView *self,
                                                    const char         *from);
const char    *vigil_decisions_view_get_to         (VigilDecisionsView *self);
void           vigil_decisions_view_set_to         (VigilDecisionsView *self,
                                                    const char         *to);
const char    *vigil_decisions_view_get_reviewer   (VigilDecisionsView *self);
void           vigil_decisions_view_set_reviewer   (VigilDecisionsView *self,
                                                    const char         *reviewer);
void           vigil_decisions_view_show           (VigilDecisionsView *self,
                                                    const char         *model_name,
                                                    const char         *from,
                                                    const char         *to,
                                                    gboolean            flagged_only);
GListModel    *vigil_decisions_view_get_list       (VigilDecisionsView *self);

G_END_DECLS
