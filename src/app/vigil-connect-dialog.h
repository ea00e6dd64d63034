/* vigil-connect-dialog.h: asks where a team's database server is, and how to log in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_CONNECT_DIALOG (vigil_connect_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VigilConnectDialog, vigil_connect_dialog, VIGIL, CONNECT_DIALOG, AdwMessageDialog)

VigilConnectDialog *vigil_connect_dialog_new          (GtkWindow          *parent,
                                                       const char         *uri);
const char         *vigil_connect_dialog_get_uri      (VigilConnectDialog *self);
const char         *vigil_connect_dialog_get_password (VigilConnectDialog *self);
gboolean            vigil_connect_dialog_get_remember (VigilConnectDialog *self);

G_END_DECLS
