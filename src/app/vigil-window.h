/* vigil-window.h: a window on one Vigil database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vigil-store.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_WINDOW (vigil_window_get_type ())
G_DECLARE_FINAL_TYPE (VigilWindow, vigil_window, VIGIL, WINDOW, AdwApplicationWindow)

VigilWindow *vigil_window_new           (GtkApplication      *application);
void         vigil_window_open          (VigilWindow         *self,
                                         GFile               *file,
                                         VigilStoreOpenFlags  flags);
GFile       *vigil_window_get_file      (VigilWindow         *self);
VigilStore  *vigil_window_get_store     (VigilWindow         *self);
gboolean     vigil_window_get_busy      (VigilWindow         *self);

G_END_DECLS
