/* vigil-listener.h: hears what other connections change in a shared database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_LISTENER (vigil_listener_get_type ())
G_DECLARE_FINAL_TYPE (VigilListener, vigil_listener, VIGIL, LISTENER, GObject)

VigilListener *vigil_listener_new          (const char    *location);
void           vigil_listener_start        (VigilListener *self);
void           vigil_listener_stop         (VigilListener *self);
gboolean       vigil_listener_is_connected (VigilListener *self);
const char    *vigil_listener_get_problem  (VigilListener *self);

G_END_DECLS
