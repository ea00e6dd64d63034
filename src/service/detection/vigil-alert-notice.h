/* vigil-alert-notice.h: the words of a desktop notification about the new alerts of a check run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "vigil-enums.h"

G_BEGIN_DECLS

/* How many alerts a notice names before it says how many more there are */
#define VIGIL_ALERT_NOTICE_MAX_SHOWN 5

guint vigil_alert_notice_compose (GPtrArray      *results,
                                  VigilSeverity   min_severity,
                                  char          **title,
                                  char          **body);

G_END_DECLS
