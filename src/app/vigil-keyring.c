/* vigil-keyring.c: database passwords in the user's keyring (the Secret Service)
 *
 * A password the user asked Vigil to remember is kept by the desktop's keyring (GNOME
 * Keyring, or any other Secret Service), under the server's URI without its password: never
 * in GSettings, never in a file of Vigil's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-keyring"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "vigil-keyring.h"

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.finsecure.Vigil.Server", SECRET_SCHEMA_NONE,
    {
      { "uri", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * vigil_keyring_store_async:
 * @uri: the server's URI, without a password
 * @password: the password to keep
 *
 * Keeps @password for @uri in the user's default keyring.
 */
void
vigil_keyring_store_async (const char          *uri,
                           const char          *password,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  /* Translators: the name of a password in the keyring; %s is a server's address */
  g_autofree char *label = g_strdup_printf (_("Vigil database password for %s"), uri);

  g_task_set_source_tag (task, vigil_keyring_store_async);
  secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, label, password,
                         cancellable, stored_cb, task,
                         "uri", uri,
                         NULL);
}

gboolean
vigil_keyring_store_finish (GAsyncResult  *result,
                            GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * vigil_keyring_lookup:
 * @uri: the server's URI, without a password
 *
 * Blocks: call it from a worker thread.
 *
 * Returns: (transfer full) (nullable): the password kept for @uri, or %NULL (with @error set
 *   when the keyring could not be asked)
 */
char *
vigil_keyring_lookup (const char    *uri,
                      GCancellable  *cancellable,
                      GError       **error)
{
  char *password;
  char *copy;

  password = secret_password_lookup_sync (get_schema (), cancellable, error, "uri", uri, NULL);
  if (password == NULL)
    return NULL;
  copy = g_strdup (password);
  secret_password_free (password);
  return copy;
}
