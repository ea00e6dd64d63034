/* vigil-decision-private.h: VigilDecision's record, for the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-decision.h"
#include "vigil-record.h"

G_BEGIN_DECLS

VigilDecision     *vigil_decision_new_from_record (const VigilRecord *record);
const VigilRecord *vigil_decision_get_record      (VigilDecision     *self);
gboolean           vigil_decision_prepare         (VigilDecision     *self,
                                                   GError           **error);

G_END_DECLS
