/* vigil-decision-cursor.h: decisions read one at a time, in constant memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "vigil-decision.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_DECISION_CURSOR (vigil_decision_cursor_get_type ())
G_DECLARE_FINAL_TYPE (VigilDecisionCursor, vigil_decision_cursor, VIGIL, DECISION_CURSOR, GObject)

gboolean       vigil_decision_cursor_next         (VigilDecisionCursor *self,
                                                   GError             **error);
VigilDecision *vigil_decision_cursor_get_decision (VigilDecisionCursor *self);
gint64         vigil_decision_cursor_get_position (VigilDecisionCursor *self);

G_END_DECLS
