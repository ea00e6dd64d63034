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
  g_clear_pointer (&self->db, vigil_sql_close);
  g_clear_object (&self->witness);
  if (self->fields)
    g_string_free (self->fields, TRUE);
  g_free (self->path);

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
    g_set_error (error, VIGIL_STORE_ERROR, domain_code, "%s: %s",
                                                        what, vigil_sql_errmsg (self->db));
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

/* Inside the write transaction, before anything is written: a trigger Vigil did not create
 * would run inside this write and could change what it records, and a file that ends in the
 * middle of a page was cut short. The schema is read again only when it changed. */
static gboolean
check_before_write (VigilStore  *self,
                    GError     **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  g_autofree char *problem = NULL;
  GStatBuf st;
  int version, page_size, rc;

  if (vigil_sql_prepare (self->db, "SELECT schema_version, page_size "
                         "FROM pragma_schema_version, pragma_page_size", &stmt) !=
        VIGIL_SQL_OK || vigil_sql_step (stmt) != VIGIL_SQL_ROW)
    {
      vigil_store_set_sql_error (self, error, _("Could not start writing"));
      return FALSE;
    }
  version = vigil_sql_column_int (stmt, 0);
  page_size = vigil_sql_column_int (stmt, 1);

  if (g_stat (self->path, &st) == 0 && page_size > 0 && st.st_size % page_size != 0)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CORRUPT,
                   _("The file “%s” is damaged: it ends in the middle of a page, as if it "
                     "was cut short; Vigil writes nothing to it. “vigilctl verify” says what "
                     "can still be read"), self->path);
      return FALSE;
    }

  if (version == self->schema_checked)
    return TRUE;
  rc = vigil_schema_find_foreign_trigger (self->db, &problem);
  if (rc != VIGIL_SQL_OK)
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
  self->schema_checked = version;
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
  if (!check_before_write (self, error))
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

static gboolean
configure (VigilStore  *self,
           GError     **error)
{
  vigil_sql_set_busy_timeout (self->db, 5000);

  if (!vigil_store_exec (self, "PRAGMA foreign_keys = ON", error))
    return FALSE;
  if (!self->read_only)
    {
      VigilSqlStmt *stmt = NULL;
      gboolean wal = FALSE;

      /* journal_mode returns the resulting mode as a row. */
      if (vigil_sql_prepare (self->db, "PRAGMA journal_mode = WAL", &stmt) == VIGIL_SQL_OK &&
          vigil_sql_step (stmt) == VIGIL_SQL_ROW)
        wal = g_ascii_strcasecmp (vigil_sql_column_text (stmt, 0), "wal") == 0;
      vigil_sql_finalize (stmt);
      if (!wal)
        {
          vigil_store_set_sql_error (self, error, _("Could not open the database"));
          if (error && *error == NULL)
            g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_FAILED,
                         _("Could not switch “%s” to write-ahead logging"), self->path);
          return FALSE;
        }
      /* Decisions arrive out of time order (back-filling, several sources), so index
       * inserts land all over the index; a larger page cache keeps them from thrashing. */
      if (!vigil_store_exec (self, "PRAGMA cache_size = -65536", error))
        return FALSE;
      /* An audit log keeps what it committed even through a power cut. */
      if (!vigil_store_exec (self, "PRAGMA synchronous = FULL", error))
        return FALSE;
    }
  return TRUE;
}

/* Whether the open database holds nothing at all: no table, no schema version. */
static gboolean
is_empty_database (VigilSql *db)
{
  VigilSqlStmt *stmt = NULL;
  gboolean empty = FALSE;

  if (vigil_sql_prepare (db, "SELECT (SELECT count(*) FROM sqlite_master) = 0 AND "
                         "(SELECT user_version FROM pragma_user_version) = 0",
                         &stmt) == VIGIL_SQL_OK &&
      vigil_sql_step (stmt) == VIGIL_SQL_ROW)
    empty = vigil_sql_column_int (stmt, 0) != 0;
  vigil_sql_finalize (stmt);
  return empty;
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
  gboolean exists, created = FALSE;
  int fd;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  /* SQLite reads these as a database that lives in memory and is gone on exit */
  if (*path == '\0' || strcmp (path, ":memory:") == 0)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("“%s” is not a file: SQLite would keep that database in memory and lose it "
                     "on exit, and an audit log must be kept. Give the path of a database file."),
                   path);
      return NULL;
    }

  exists = g_file_test (path, G_FILE_TEST_EXISTS);
  if (exists && g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_FAILED,
                   _("“%s” is a folder, not a database file"), path);
      return NULL;
    }
  if (!exists && !(flags & VIGIL_STORE_OPEN_CREATE))
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_MISSING,
                   _("There is no database at “%s”; create one with “vigilctl init” or choose "
                     "another file"), path);
      return NULL;
    }
  if (exists && g_access (path, R_OK) != 0)
    {
      int saved = errno;
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_FAILED,
                   _("“%s” cannot be read: %s"), path, g_strerror (saved));
      return NULL;
    }
  if (!exists)
    {
      g_autofree char *dir = g_path_get_dirname (path);

      if (flags & VIGIL_STORE_OPEN_READ_ONLY)
        {
          g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_MISSING,
                       _("There is no database at “%s”"), path);
          return NULL;
        }
      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int saved = errno;
          g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_FAILED,
                       _("Could not create the folder “%s”: %s"), dir, g_strerror (saved));
          return NULL;
        }
      /* An audit log is for its owner: created 0600, as its folder is 0700. SQLite gives
       * the -wal and -shm files the mode of the database. */
      fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd < 0 && errno != EEXIST)
        {
          int saved = errno;
          g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_FAILED,
                       _("Could not create “%s”: %s"), path, g_strerror (saved));
          return NULL;
        }
      created = fd >= 0;
      if (fd >= 0)
        close (fd);
    }

  self = g_object_new (VIGIL_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->read_only = (flags & VIGIL_STORE_OPEN_READ_ONLY) != 0 ||
                    (exists && g_access (path, W_OK) != 0);

  rc = vigil_sql_open (path, self->read_only ? VIGIL_SQL_OPEN_READ_ONLY : VIGIL_SQL_OPEN_CREATE,
                       &self->db);
  if (rc != VIGIL_SQL_OK)
    {
      if (self->db != NULL)
        g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_FAILED,
                     _("Could not open “%s”: %s"), path, vigil_sql_errmsg (self->db));
      else
        g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_FAILED,
                     _("Could not open “%s”: out of memory"), path);
      if (created)
        g_unlink (path);
      return NULL;
    }

  vigil_schema_harden (self->db);
  vigil_sql_set_busy_timeout (self->db, 5000);

  /* Check what the file is before switching it to WAL, which writes to it. */
  if (!vigil_schema_migrate (self->db, path, TRUE, NULL))
    {
      g_autoptr(GError) local_error = NULL;

      if (!vigil_schema_migrate (self->db, path, self->read_only, &local_error) &&
          !(local_error->code == VIGIL_STORE_ERROR_READ_ONLY && !self->read_only))
        {
          /* An empty file needs no update: it is not a Vigil database yet. */
          if (local_error->code == VIGIL_STORE_ERROR_READ_ONLY && is_empty_database (self->db))
            {
              g_clear_error (&local_error);
              if (flags & VIGIL_STORE_OPEN_READ_ONLY)
                g_set_error (&local_error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_MISSING,
                             _("“%s” is an empty file, not yet a Vigil database: there is "
                               "nothing in it to read. “vigilctl init” makes it one."), path);
              else
                g_set_error (&local_error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_READ_ONLY,
                             _("“%s” is an empty file, not yet a Vigil database, and Vigil "
                               "cannot make it one: the file cannot be written."), path);
            }
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_clear_error (&local_error);
      if (!configure (self, error) ||
          !vigil_schema_migrate (self->db, path, self->read_only, error))
        return NULL;
    }
  else if (!configure (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
vigil_store_get_path (VigilStore *self)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  return self->path;
}

gboolean
vigil_store_is_read_only (VigilStore *self)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), TRUE);
  return self->read_only;
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
