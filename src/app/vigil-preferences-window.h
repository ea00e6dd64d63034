/* vigil-preferences-window.h: the reviewer's name, the dashboard's defaults and the detection
 * policy of the open database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vigil-database.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_PREFERENCES_WINDOW (vigil_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (VigilPreferencesWindow, vigil_preferences_window, VIGIL, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

VigilPreferencesWindow *vigil_preferences_window_new         (GtkWindow              *parent,
                                                              VigilDatabase          *database,
                                                              GSettings              *settings);
VigilDatabase          *vigil_preferences_window_get_database (VigilPreferencesWindow *self);
GSettings              *vigil_preferences_window_get_settings (VigilPreferencesWindow *self);
gboolean                vigil_preferences_window_get_busy    (VigilPreferencesWindow *self);
char                   *vigil_preferences_window_dup_reviewer (VigilPreferencesWindow *self);
gboolean                vigil_preferences_window_add_spool   (VigilPreferencesWindow *self,
                                                              const char             *path,
                                                              GError                **error);

G_END_DECLS
