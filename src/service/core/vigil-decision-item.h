/* vigil-decision-item.h: one row of a VigilDecisionList, filled in when its page is read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "vigil-decision.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_DECISION_ITEM (vigil_decision_item_get_type ())
G_DECLARE_FINAL_TYPE (VigilDecisionItem, vigil_decision_item, VIGIL, DECISION_ITEM, GObject)

VigilDecisionItem *vigil_decision_item_new          (guint              position);
guint              vigil_decision_item_get_position (VigilDecisionItem *self);
VigilDecision     *vigil_decision_item_get_decision (VigilDecisionItem *self);
void               vigil_decision_item_set_decision (VigilDecisionItem *self,
                                                     VigilDecision     *decision);

G_END_DECLS
