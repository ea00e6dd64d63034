/* vigil-accessible.h: names a screen reader speaks, where GTK 4.8 gets them wrong
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void  vigil_accessible_init              (void);
char *vigil_accessible_strip_mnemonic    (const char *label);
void  vigil_accessible_name_dropdown     (GtkDropDown *dropdown,
                                          const char  *name);
void  vigil_accessible_name_inner        (GtkWidget   *root,
                                          GType        type,
                                          const char  *name);

G_END_DECLS
