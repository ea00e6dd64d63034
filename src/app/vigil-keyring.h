/* vigil-keyring.h: database passwords in the user's keyring (the Secret Service)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void      vigil_keyring_store_async  (const char           *uri,
                                      const char           *password,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
gboolean  vigil_keyring_store_finish (GAsyncResult         *result,
                                      GError              **error);
char     *vigil_keyring_lookup       (const char           *uri,
                                      GCancellable         *cancellable,
                                      GError              **error);

G_END_DECLS
