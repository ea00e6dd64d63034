/* vigil-store.c: the audit-log store: opening a database, its transactions and its errors
 *
 * One VigilStore is one connection, used by one thread at a time; work in another thread opens
 * its own store on the same database. Every statement is prepared with bound parameters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-store"

#include "config.h"

#include <inttypes.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "vigil-alert-private.h"
#include "vigil-decision-private.h"
#include "vigil-json.h"
#include "vigil-json-parser.h"
#include "vigil-ledger.h"
#include "vigil-sha256.h"
#include "vigil-store-internal.h"

G_DEFINE_FINAL_TYPE (VigilStore, vigil_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (vigil-store-error-quark, vigil_store_error)

enum {
  PROP_0,
  PROP_PATH,
  PROP_READ_ONLY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
static void
vigil_store_finalize (GObject *object)
{
  VigilStore *self = (VigilStore *) object;

  g_clear_pointer (&self->insert_decision, vigil_sql_finalize);
  for (guint i = 0; i < VIGIL_N_ROLLUPS; i++)
    g_clear_pointer (&self->upsert_rollup[i], vigil_sql_finalize);
  for (guint i = 0; i < VIGIL_INPUT_N_UPSERTS; i++)
    g_clear_pointer (&self->upsert_inputs[i], vigil_sql_finalize);
  g_clear_pointer (&self->db, vigil_sql_close);
  g_clear_object (&self->witness);
  if (self->fields)
    g_string_free (self->fields, TRUE);
  g_free (self->path);
  g_free (self->location);
  g_free (self->identity);

  G_OBJECT_CLASS (vigil_store_parent_class)->finalize (object);
}

static void
vigil_store_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  VigilStore *self = VIGIL_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_READ_ONLY:
      g_value_set_boolean (value, self->read_only);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_store_class_init (VigilStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vigil_store_finalize;
  object_class->get_property = vigil_store_get_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_store_init (VigilStore *self)
{
  self->fields = g_string_sized_new (1024);
  self->schema_checked = -1;
}

/**
 * vigil_store_default_path:
 *
 * Returns: (transfer full): $VIGIL_DB, else $XDG_DATA_HOME/vigil/vigil.db
 */
char *
vigil_store_default_path (void)
{
  const char *env = g_getenv ("VIGIL_DB");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "vigil", "vigil.db", NULL);
}

void
vigil_store_set_sql_error (VigilStore  *self,
                           GError     **error,
                           const char  *what)
{
  int code = vigil_sql_errcode (self->db);
  int domain_code;

  switch (code)
    {
    case VIGIL_SQL_CORRUPT:
    case VIGIL_SQL_NOTADB:
      domain_code = VIGIL_STORE_ERROR_CORRUPT;
      break;
    case VIGIL_SQL_BUSY:
    case VIGIL_SQL_LOCKED:
      domain_code = VIGIL_STORE_ERROR_LOCKED;
      break;
    case VIGIL_SQL_READONLY:
      domain_code = VIGIL_STORE_ERROR_READ_ONLY;
      break;
    case VIGIL_SQL_FULL:
      domain_code = VIGIL_STORE_ERROR_FULL;
      break;
    case VIGIL_SQL_CONSTRAINT:
      domain_code = VIGIL_STORE_ERROR_CONFLICT;
      break;
    case VIGIL_SQL_PERM:
    case VIGIL_SQL_AUTH:
      domain_code = VIGIL_STORE_ERROR_DENIED;
      break;
    case VIGIL_SQL_CONNECTION:
      domain_code = VIGIL_STORE_ERROR_UNREACHABLE;
      break;
    default:
      domain_code = VIGIL_STORE_ERROR_FAILED;
    }

  if (domain_code == VIGIL_STORE_ERROR_LOCKED)
    g_set_error (error, VIGIL_STORE_ERROR, domain_code,
                 _("%s: the database is locked by another program; try again when it has "
                   "finished"), what);
  else if (domain_code == VIGIL_STORE_ERROR_READ_ONLY)
    g_set_error (error, VIGIL_STORE_ERROR, domain_code,
                 _("%s: “%s” is read-only"), what, self->path);
  else if (domain_code == VIGIL_STORE_ERROR_FULL)
    g_set_error (error, VIGIL_STORE_ERROR, domain_code,
                 _("%s: the disk is full; nothing of this change was written"), what);
  else if (domain_code == VIGIL_STORE_ERROR_DENIED)
    g_set_error (error, VIGIL_STORE_ERROR, domain_code,
                 _("%s: the login “%s” may not do this (%s); nothing of this change was "
                   "written. The database’s administrator grants the rights."), what,
                 self->identity != NULL ? self->identity : g_get_user_name (),
                 vigil_sql_errmsg (self->db));
  else if (domain_code == VIGIL_STORE_ERROR_UNREACHABLE)
    g_set_error (error, VIGIL_STORE_ERROR, domain_code,
                 _("%s: the connection to the server of “%s” was lost (%s); nothing of this "
                   "change was written. Try again when the server is back."), what, self->path,
                 vigil_sql_errmsg (self->db));
  else if (code == VIGIL_SQL_IOERR)
    g_set_error (error, VIGIL_STORE_ERROR, domain_code,
                 _("%s: “%s” could not be read or written (%s); nothing of this change was "
                   "written"), what, self->path, vigil_sql_errmsg (self->db));
  else if (domain_code == VIGIL_STORE_ERROR_CORRUPT)
    g_set_error (error, VIGIL_STORE_ERROR, domain_code,
                 _("%s: the file “%s” is damaged (%s). “vigilctl verify” says what can "
                   "still be read"), what, self->path,
                 vigil_sql_errmsg (self->db));
  else
    g_set_error (error, VIGIL_STORE_ERROR, domain_code, "%s: %s", what,
                 vigil_sql_errmsg (self->db));
}

VigilSql *
vigil_store_get_sql (VigilStore *self)
{
  return self->db;
}

gboolean
vigil_store_exec (VigilStore  *self,
                  const char  *sql,
                  GError     **error)
{
  if (vigil_sql_exec (self->db, sql) != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (self, error, _("Database error"));
      return FALSE;
    }
  return TRUE;
}

gboolean
vigil_store_begin_write (VigilStore  *self,
                         GError     **error)
{
  if (self->read_only)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_READ_ONLY,
                   _("“%s” is open read-only; nothing can be written to it"), self->path);
      return FALSE;
    }
  if (vigil_sql_exec (self->db, "BEGIN IMMEDIATE") != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (self, error, _("Could not start writing"));
      return FALSE;
    }
  self->tx_first_decision = self->tx_last_decision = 0;
  if (vigil_sql_get_engine (self->db) == VIGIL_SQL_POSTGRESQL
        ? !vigil_store_postgres_check_before_write (self, error)
        : !vigil_store_sqlite_check_before_write (self, error))
    {
      vigil_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

gboolean
vigil_store_commit (VigilStore  *self,
                    GError     **error)
{
  if (vigil_sql_exec (self->db, "COMMIT") != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (self, error, _("Could not save the changes"));
      vigil_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

void
vigil_store_rollback (VigilStore *self)
{
  if (vigil_sql_in_transaction (self->db))
    vigil_sql_exec (self->db, "ROLLBACK");
}

/**
 * vigil_store_open:
 * @path: the database file
 * @flags: %VIGIL_STORE_OPEN_CREATE to create it (and its folder) when missing,
 *   %VIGIL_STORE_OPEN_READ_ONLY to never write
 *
 * Opens a Vigil database, bringing its schema up to date. A file that is not writable is opened
 * read-only. A file that is damaged, of another application, of a newer Vigil, or locked gives
 * an error that says so; the file is never changed in these cases.
 */
VigilStore *
vigil_store_open (const char           *path,
                  VigilStoreOpenFlags   flags,
                  GError              **error)
{
  g_autoptr(VigilStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (VIGIL_TYPE_STORE, NULL);
  if (vigil_sql_location_is_uri (path))
    {
      if (!vigil_store_postgres_open (self, path, flags, error))
        return NULL;
    }
  else if (!vigil_store_sqlite_open (self, path, flags, error))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
vigil_store_get_path (VigilStore *self)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  return self->path;
}

/**
 * vigil_store_get_location:
 *
 * Returns: what opens this database again: its file, or its whole connection URI (which may
 *   hold a password: never show it)
 */
const char *
vigil_store_get_location (VigilStore *self)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  return self->location;
}

/**
 * vigil_store_get_identity:
 *
 * Returns: (nullable): who the database server says acts (its session_user), or %NULL for a
 *   file, where the person is whoever the system says runs Vigil
 */
const char *
vigil_store_get_identity (VigilStore *self)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  return self->identity;
}

gboolean
vigil_store_is_read_only (VigilStore *self)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), TRUE);
  return self->read_only;
}

/**
 * vigil_store_get_rights:
 *
 * What the login may do besides reading, as the server grants it when the store was opened
 * (a file grants everything, unless it is open read-only). What the server refuses later is
 * refused all the same: this is for saying so before the user tries.
 *
 * Returns: the rights
 */
VigilStoreRights
vigil_store_get_rights (VigilStore *self)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), 0);

  if (self->read_only)
    return 0;
  if (self->identity == NULL)
    return VIGIL_STORE_MAY_ALL;
  return self->rights;
}

/**
 * vigil_store_get_meta:
 *
 * Returns: (transfer full) (nullable): the value of a meta key
 */
char *
vigil_store_get_meta (VigilStore *self,
                      const char *key)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  if (vigil_sql_prepare (self->db, "SELECT value FROM meta WHERE key = ?", &stmt) !=
      VIGIL_SQL_OK)
    return NULL;
  vigil_sql_bind_text (stmt, 1, key, -1);
  if (vigil_sql_step (stmt) == VIGIL_SQL_ROW)
    return g_strdup (vigil_sql_column_text (stmt, 0));
  return NULL;
}

VigilPurpose
vigil_store_get_purpose (VigilStore *self)
{
  g_autofree char *value = vigil_store_get_meta (self, "purpose");
  VigilPurpose purpose = VIGIL_PURPOSE_PRODUCTION;

  vigil_purpose_from_string (value, &purpose);
  return purpose;
}

/**
 * vigil_store_set_purpose:
 *
 * Marks the database as holding production or training (simulated) data. A production database
 * that already holds decisions cannot become a training one, nor the reverse: that would pass
 * real decisions off as simulated, or simulated ones as real.
 */
gboolean
vigil_store_set_purpose (VigilStore    *self,
                         VigilPurpose   purpose,
                         GError       **error)
{
  g_autoptr(VigilSqlStmt) count = NULL;
  g_autoptr(VigilSqlStmt) update = NULL;
  g_autofree char *details = NULL;
  VigilPurpose current;
  gint64 n = 0;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);

  if (!vigil_store_begin_write (self, error))
    return FALSE;

  current = vigil_store_get_purpose (self);
  if (current == purpose)
    {
      vigil_store_rollback (self);
      return TRUE;
    }

  if (vigil_sql_prepare (self->db, "SELECT count(*) FROM decisions", &count) ==
        VIGIL_SQL_OK && vigil_sql_step (count) == VIGIL_SQL_ROW)
    n = vigil_sql_column_int64 (count, 0);
  if (n > 0)
    {
      vigil_store_rollback (self);
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CONFLICT,
                   _("“%s” already holds %" PRId64 " %s decisions; its purpose cannot "
                     "change to %s"), self->path, n, vigil_purpose_to_string (current),
                   vigil_purpose_to_string (purpose));
      return FALSE;
    }

  details = g_strdup_printf ("{\"purpose\":\"%s\"}", vigil_purpose_to_string (purpose));
  if (vigil_sql_prepare (self->db, "INSERT INTO meta (key, value) VALUES ('purpose', ?) "
                         "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                         &update) != VIGIL_SQL_OK)
    goto fail;
  vigil_sql_bind_text (update, 1, vigil_purpose_to_string (purpose), -1);
  if (vigil_sql_step (update) != VIGIL_SQL_DONE)
    goto fail;
  if (!vigil_store_append_event (self, g_get_user_name (), "set_purpose", "database", details,
                                 error))
    {
      vigil_store_rollback (self);
      return FALSE;
    }
  return vigil_store_commit (self, error);

fail:
  vigil_store_set_sql_error (self, error, _("Could not set the database’s purpose"));
  vigil_store_rollback (self);
  return FALSE;
}
