/* vigil-store-postgres.c: the store on a PostgreSQL server: connecting, the login's rights,
 * and what each write takes before it appends
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-schema.h"
#include "vigil-store-internal.h"

/* "ViGl" (0x5669476c): the advisory lock every appending transaction holds, so that the chains grow one
 * writer at a time whichever machine the writers run on. */
#define CHAIN_LOCK_KEY 1449740140

/**
 * vigil_store_redact_uri:
 * @uri: a connection URI
 *
 * Returns: @uri without its password, to show to people
 */
char *
vigil_store_redact_uri (const char *uri)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED,
                                        NULL);
  g_autoptr(GString) query = NULL;

  if (parsed == NULL)
    return g_strdup (uri);
  /* A password can also be a query parameter */
  if (g_uri_get_query (parsed) != NULL)
    {
      g_auto(GStrv) params = g_strsplit (g_uri_get_query (parsed), "&", -1);

      query = g_string_new (NULL);
      for (guint i = 0; params[i] != NULL; i++)
        if (!g_str_has_prefix (params[i], "password="))
          g_string_append_printf (query, "%s%s", query->len > 0 ? "&" : "", params[i]);
    }
  return g_uri_join (G_URI_FLAGS_ENCODED, g_uri_get_scheme (parsed), g_uri_get_user (parsed),
                     g_uri_get_host (parsed), g_uri_get_port (parsed), g_uri_get_path (parsed),
                     query != NULL && query->len > 0 ? query->str : NULL,
                     g_uri_get_fragment (parsed));
}

/* Whether @location names a database on a server (a postgresql:// or postgres:// URI)
 * rather than a file */
gboolean
vigil_store_location_is_server (const char *location)
{
  return location != NULL && vigil_sql_location_is_uri (location);
}

/**
 * vigil_store_uri_with_password:
 * @uri: a connection URI
 * @password: the password to connect with
 *
 * Returns: @uri with @password (as libpq's query parameter), and no other password
 */
char *
vigil_store_uri_with_password (const char *uri,
                               const char *password)
{
  g_autofree char *redacted = vigil_store_redact_uri (uri);
  g_autofree char *escaped = g_uri_escape_string (password, NULL, FALSE);

  return g_strdup_printf ("%s%cpassword=%s", redacted, strchr (redacted, '?') != NULL ? '&' : '?',
                          escaped);
}

/* Whether @uri carries a password, in its user information or as a parameter */
gboolean
vigil_store_uri_has_password (const char *uri)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED,
                                        NULL);
  g_auto(GStrv) params = NULL;

  if (parsed == NULL)
    return FALSE;
  if (g_uri_get_password (parsed) != NULL)
    return TRUE;
  if (g_uri_get_query (parsed) == NULL)
    return FALSE;
  params = g_strsplit (g_uri_get_query (parsed), "&", -1);
  for (guint i = 0; params[i] != NULL; i++)
    if (g_str_has_prefix (params[i], "password="))
      return TRUE;
  return FALSE;
}

static void
set_connect_error (GError    **error,
                   VigilSql   *db,
                   int         rc,
                   const char *shown)
{
  const char *why = db != NULL ? vigil_sql_errmsg (db) : _("out of memory");

  switch (rc)
    {
    case VIGIL_SQL_AUTH:
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_DENIED,
                   _("The server of “%s” refused the login: %s. Check the user name and the "
                     "password (asked for, or in ~/.pgpass)."), shown, why);
      break;
    case VIGIL_SQL_CONNECTION:
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_UNREACHABLE,
                   _("Could not reach the database server of “%s”: %s. Check that the server "
                     "is running and the address is right; nothing was changed."), shown, why);
      break;
    default:
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_FAILED,
                   _("Could not open “%s”: %s"), shown, why);
    }
}

/* Whether this login may write at all: a hot standby, a read-only session or a login without
 * the right to add an event can only read. */
static gboolean
read_login (VigilStore  *self,
            gboolean    *out_read_only,
            GError     **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;

  if (vigil_sql_prepare (self->db,
                         "SELECT session_user, pg_catalog.pg_is_in_recovery() "
                         "OR current_setting('transaction_read_only') = 'on' "
                         "OR NOT has_table_privilege('main.events', 'INSERT'), "
                         "current_database(), "
                         "has_table_privilege('main.reports', 'INSERT'), "
                         "has_column_privilege('main.alerts', 'acknowledged', 'UPDATE'), "
                         "has_column_privilege('main.decisions', 'review_status', 'UPDATE'), "
                         "has_table_privilege('main.decisions', 'INSERT'), "
                         "has_table_privilege('main.meta', 'UPDATE')", &stmt) != VIGIL_SQL_OK ||
      vigil_sql_step (stmt) != VIGIL_SQL_ROW)
    {
      vigil_store_set_sql_error (self, error, _("Could not read the login’s rights"));
      return FALSE;
    }
  g_free (self->identity);
  self->identity = vigil_sql_column_dup (stmt, 0);
  *out_read_only = vigil_sql_column_int (stmt, 1) != 0;
  self->rights = 0;
  if (!*out_read_only)
    {
      static const VigilStoreRights columns[] = {
        VIGIL_STORE_MAY_RECORD, VIGIL_STORE_MAY_ACKNOWLEDGE, VIGIL_STORE_MAY_REVIEW,
        VIGIL_STORE_MAY_IMPORT, VIGIL_STORE_MAY_CONFIGURE,
      };

      for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
        if (vigil_sql_column_int (stmt, 3 + i) != 0)
          self->rights |= columns[i];
    }
  return TRUE;
}

/* Opens @self on the server database at @uri, creating Vigil's schema there when @flags say
 * so and it has none yet. */
gboolean
vigil_store_postgres_open (VigilStore           *self,
                           const char           *uri,
                           VigilStoreOpenFlags   flags,
                           GError              **error)
{
  gboolean read_only = (flags & VIGIL_STORE_OPEN_READ_ONLY) != 0;
  gboolean login_read_only;
  int version, rc;

  self->location = g_strdup (uri);
  self->path = vigil_store_redact_uri (uri);
  rc = vigil_sql_open (uri, read_only ? VIGIL_SQL_OPEN_READ_ONLY : 0, &self->db);
  if (rc != VIGIL_SQL_OK)
    {
      set_connect_error (error, self->db, rc, self->path);
      return FALSE;
    }
  vigil_sql_set_busy_timeout (self->db, 30000);

  /* Who this is, first: a refusal of what follows names the login */
  {
    g_autoptr(VigilSqlStmt) stmt = NULL;

    if (vigil_sql_prepare (self->db, "SELECT session_user", &stmt) == VIGIL_SQL_OK &&
        vigil_sql_step (stmt) == VIGIL_SQL_ROW)
      self->identity = vigil_sql_column_dup (stmt, 0);
  }

  if (vigil_schema_postgres_read_version (self->db, &version, NULL) != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (self, error, _("Could not read the database"));
      return FALSE;
    }
  if (version == 0 && !(flags & VIGIL_STORE_OPEN_CREATE))
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_MISSING,
                   _("There is no Vigil database in “%s” yet; create one with "
                     "“vigilctl --db URI init”"), self->path);
      return FALSE;
    }
  if (!vigil_schema_migrate (self->db, self->path, read_only, error))
    return FALSE;
  if (!read_login (self, &login_read_only, error))
    return FALSE;
  self->read_only = read_only || login_read_only;
  return TRUE;
}

/* Inside the write transaction, before anything is written: the chains' lock, then no
 * trigger but Vigil's. */
gboolean
vigil_store_postgres_check_before_write (VigilStore  *self,
                                         GError     **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  g_autofree char *problem = NULL;

  if (vigil_sql_prepare (self->db, "SELECT pg_catalog.pg_advisory_xact_lock("
                         G_STRINGIFY (CHAIN_LOCK_KEY) ")", &stmt) != VIGIL_SQL_OK ||
      vigil_sql_step (stmt) != VIGIL_SQL_ROW)
    {
      vigil_store_set_sql_error (self, error, _("Could not start writing"));
      return FALSE;
    }
  if (vigil_schema_find_foreign_trigger (self->db, &problem) != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (self, error, _("Could not read the database’s schema"));
      return FALSE;
    }
  if (problem != NULL)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CORRUPT,
                   _("Vigil writes nothing to “%s”: %s, and it would run inside Vigil’s own "
                     "writes. Remove it; “vigilctl verify” names every change to the schema"),
                   self->path, problem);
      return FALSE;
    }
  return TRUE;
}
