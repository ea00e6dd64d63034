/* vigil-main-context.h: hand work from a thread to a main context, always as a queued source
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void vigil_main_context_post (GMainContext   *context,
                              int             priority,
                              GSourceFunc     func,
                              gpointer        data,
                              GDestroyNotify  notify);

G_END_DECLS
