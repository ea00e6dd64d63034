/* vigil-segment.h: the context fields whose values segment a model's decisions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The context fields a model's checks can be run per value of (a policy's segment_by) */
#define VIGIL_SEGMENT_FIELDS "sector, portfolio_id, user_id, ticker"

const char *vigil_segment_field (const char *name);

G_END_DECLS
