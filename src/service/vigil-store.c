/* vigil-store.c: the audit-log store, a SQLite database with a tamper-evident ledger
 *
 * One VigilStore is one connection, used by one thread at a time; work in another thread opens
 * its own store on the same file. Every statement is prepared with bound parameters.
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
#include "vigil-store-private.h"

/* The daily roll-ups of migration 3, kept in step with decisions by the append path. */
typedef enum
{
  ROLLUP_PREDICTIONS,
  ROLLUP_CONFIDENCE,
  ROLLUP_ENTITIES,
  N_ROLLUPS
} Rollup;

static const char *rollup_upserts[N_ROLLUPS] = {
  [ROLLUP_PREDICTIONS] =
    "INSERT INTO daily_predictions (model_name, day, prediction, n, n_confidence, "
    "sum_confidence) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (model_name, day, prediction) "
    "DO UPDATE SET n = n + excluded.n, n_confidence = n_confidence + excluded.n_confidence, "
    "sum_confidence = sum_confidence + excluded.sum_confidence",
  [ROLLUP_CONFIDENCE] =
    "INSERT INTO daily_confidence (model_name, day, bin, n) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (model_name, day, bin) DO UPDATE SET n = n + excluded.n",
  [ROLLUP_ENTITIES] =
    "INSERT INTO daily_entities (model_name, day, entity, n) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (model_name, day, entity) DO UPDATE SET n = n + excluded.n",
};

struct _VigilStore
{
  GObject       parent_instance;
  VigilSql     *db;
  char         *path;
  gboolean      read_only;
  int           schema_checked;   /* the schema_version last found free of foreign triggers */
  gboolean      found_sound;      /* quick_check passed before the first decisions appended */
  VigilSqlStmt *insert_decision;
  VigilSqlStmt *upsert_rollup[N_ROLLUPS];
  GString      *fields;
  /* The decisions appended in the current write transaction, 0 when none */
  gint64        tx_first_decision;
  gint64        tx_last_decision;
  VigilWitness *witness;
};

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
  for (guint i = 0; i < N_ROLLUPS; i++)
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
  if (vigil_sql_prepare (self->db, "INSERT OR REPLACE INTO meta (key, value) VALUES ('purpose', ?)",
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

typedef struct
{
  gint64 count;
  char   first[VIGIL_TIMESTAMP_LEN];
  char   last[VIGIL_TIMESTAMP_LEN];
} ModelTally;

static gboolean
update_models (VigilStore   *self,
               GHashTable   *tallies,
               GError      **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  GHashTableIter iter;
  const char *name;
  ModelTally *tally;

  if (vigil_sql_prepare (self->db,
                         "INSERT INTO models (name, decisions, first_timestamp, last_timestamp) "
                         "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (name) DO UPDATE SET "
                         "decisions = decisions + excluded.decisions, "
                         "first_timestamp = min(first_timestamp, excluded.first_timestamp), "
                         "last_timestamp = max(last_timestamp, excluded.last_timestamp)",
                         &stmt) != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (self, error, _("Could not update the model list"));
      return FALSE;
    }

  g_hash_table_iter_init (&iter, tallies);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, (gpointer *) &tally))
    {
      vigil_sql_bind_text (stmt, 1, name, -1);
      vigil_sql_bind_int64 (stmt, 2, tally->count);
      vigil_sql_bind_text (stmt, 3, tally->first, -1);
      vigil_sql_bind_text (stmt, 4, tally->last, -1);
      if (vigil_sql_step (stmt) != VIGIL_SQL_DONE)
        {
          vigil_store_set_sql_error (self, error, _("Could not update the model list"));
          return FALSE;
        }
      vigil_sql_reset (stmt);
    }
  return TRUE;
}

/* One row of a daily roll-up, tallied over a batch before it is added to the table. */
typedef struct
{
  char   *model_name;
  char    day[11];
  char   *label;          /* the prediction or the entity; NULL for a confidence bin */
  int     bin;
  gint64  n;
  gint64  n_confidence;
  double  sum_confidence;
} DayTally;

static guint
day_tally_hash (gconstpointer key)
{
  const DayTally *t = key;
  guint h = g_str_hash (t->model_name);

  h = h * 31 + g_str_hash (t->day);
  return h * 31 + (t->label ? g_str_hash (t->label) : (guint) t->bin);
}

static gboolean
day_tally_equal (gconstpointer a,
                 gconstpointer b)
{
  const DayTally *x = a, *y = b;

  return x->bin == y->bin && memcmp (x->day, y->day, sizeof x->day) == 0 &&
         strcmp (x->model_name, y->model_name) == 0 && g_strcmp0 (x->label, y->label) == 0;
}

static void
day_tally_free (gpointer data)
{
  DayTally *t = data;

  g_free (t->model_name);
  g_free (t->label);
  g_free (t);
}

static DayTally *
day_tally_get (GHashTable        *tallies,
               const VigilRecord *r,
               const char        *label,
               int                bin)
{
  DayTally probe = { (char *) r->model_name, { 0 }, (char *) label, bin, 0, 0, 0.0 };
  DayTally *t;

  memcpy (probe.day, r->timestamp, 10);
  t = g_hash_table_lookup (tallies, &probe);
  if (t == NULL)
    {
      t = g_memdup2 (&probe, sizeof probe);
      t->model_name = g_strdup (r->model_name);
      t->label = g_strdup (label);
      g_hash_table_add (tallies, t);
    }
  return t;
}

struct _VigilRollupTally
{
  GHashTable *tables[N_ROLLUPS];
};

VigilRollupTally *
vigil_rollup_tally_new (void)
{
  VigilRollupTally *self = g_new0 (VigilRollupTally, 1);

  for (guint i = 0; i < N_ROLLUPS; i++)
    self->tables[i] = g_hash_table_new_full (day_tally_hash, day_tally_equal, day_tally_free,
                                             NULL);
  return self;
}

void
vigil_rollup_tally_free (VigilRollupTally *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < N_ROLLUPS; i++)
    g_hash_table_unref (self->tables[i]);
  g_free (self);
}

void
vigil_rollup_tally_clear (VigilRollupTally *self)
{
  for (guint i = 0; i < N_ROLLUPS; i++)
    g_hash_table_remove_all (self->tables[i]);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilRollupTally, vigil_rollup_tally_free)

void
vigil_rollup_tally_add (VigilRollupTally  *self,
                        const VigilRecord *r)
{
  DayTally *t = day_tally_get (self->tables[ROLLUP_PREDICTIONS], r, r->prediction, 0);

  t->n++;
  if (r->has_confidence)
    {
      t->n_confidence++;
      t->sum_confidence += r->confidence;
      day_tally_get (self->tables[ROLLUP_CONFIDENCE], r, NULL,
                     vigil_store_confidence_bin (r->confidence))->n++;
    }
  if (r->ticker != NULL)
    day_tally_get (self->tables[ROLLUP_ENTITIES], r, r->ticker, 0)->n++;
}

static gboolean
update_rollups (VigilStore  *self,
                GHashTable  *tallies[N_ROLLUPS],
                GError     **error)
{
  for (guint i = 0; i < N_ROLLUPS; i++)
    {
      GHashTableIter iter;
      DayTally *t;

      if (g_hash_table_size (tallies[i]) == 0)
        continue;
      if (self->upsert_rollup[i] == NULL &&
          vigil_sql_prepare_persistent (self->db, rollup_upserts[i],
                                        &self->upsert_rollup[i]) != VIGIL_SQL_OK)
        goto fail;

      g_hash_table_iter_init (&iter, tallies[i]);
      while (g_hash_table_iter_next (&iter, (gpointer *) &t, NULL))
        {
          VigilSqlStmt *stmt = self->upsert_rollup[i];

          vigil_sql_bind_text (stmt, 1, t->model_name, -1);
          vigil_sql_bind_text (stmt, 2, t->day, 10);
          if (t->label != NULL)
            vigil_sql_bind_text (stmt, 3, t->label, -1);
          else
            vigil_sql_bind_int64 (stmt, 3, t->bin);
          vigil_sql_bind_int64 (stmt, 4, t->n);
          if (i == ROLLUP_PREDICTIONS)
            {
              vigil_sql_bind_int64 (stmt, 5, t->n_confidence);
              vigil_sql_bind_double (stmt, 6, t->sum_confidence);
            }
          if (vigil_sql_step (stmt) != VIGIL_SQL_DONE)
            {
              vigil_sql_reset (stmt);
              goto fail;
            }
          vigil_sql_reset (stmt);
        }
      vigil_sql_clear_bindings (self->upsert_rollup[i]);
    }
  return TRUE;

fail:
  vigil_store_set_sql_error (self, error, _("Could not update the daily totals"));
  return FALSE;
}

static void
bind_text_or_null (VigilSqlStmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text)
    vigil_sql_bind_text (stmt, index, text, -1);
  else
    vigil_sql_bind_null (stmt, index);
}

/* Binds the ledger's columns of @r to VIGIL_DECISION_INSERT_SQL; the strings stay @r's. */
void
vigil_store_bind_record (VigilSqlStmt      *stmt,
                         const VigilRecord *r)
{
  vigil_sql_bind_int64 (stmt, 1, r->id);
  vigil_sql_bind_text (stmt, 2, r->timestamp, -1);
  vigil_sql_bind_text (stmt, 3, r->model_name, -1);
  vigil_sql_bind_text (stmt, 4, r->model_version, -1);
  vigil_sql_bind_text (stmt, 5, r->decision_type, -1);
  vigil_sql_bind_text (stmt, 6, r->input_features, -1);
  vigil_sql_bind_text (stmt, 7, r->input_hash, 64);
  vigil_sql_bind_text (stmt, 8, r->prediction, -1);
  if (r->has_confidence)
    vigil_sql_bind_double (stmt, 9, r->confidence);
  else
    vigil_sql_bind_null (stmt, 9);
  bind_text_or_null (stmt, 10, r->explanation);
  bind_text_or_null (stmt, 11, r->ticker);
  bind_text_or_null (stmt, 12, r->sector);
  bind_text_or_null (stmt, 13, r->portfolio_id);
  bind_text_or_null (stmt, 14, r->user_id);
  vigil_sql_bind_text (stmt, 15, r->record_hash, 64);
}

gboolean
vigil_store_append_records (VigilStore   *self,
                            VigilRecord  *records,
                            guint         n_records,
                            GError      **error)
{
  g_autoptr(VigilRollupTally) rollups = vigil_rollup_tally_new ();

  for (guint i = 0; i < n_records; i++)
    vigil_rollup_tally_add (rollups, &records[i]);
  return vigil_store_append_tallied_records (self, records, n_records, rollups, error);
}

/* Decisions are not added to a damaged file: they would be chained to rows that cannot all be
 * read, and the writing could spread the damage. Checked once per connection, by the first
 * append, inside its transaction. */
static gboolean
check_sound (VigilStore  *self,
             GError     **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  g_autofree char *problem = NULL;
  int rc;

  if (self->found_sound)
    return TRUE;
  rc = vigil_sql_prepare (self->db, "PRAGMA main.quick_check(4)", &stmt);
  while (rc == VIGIL_SQL_OK && problem == NULL && (rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      const char *text = vigil_sql_column_text (stmt, 0);
      g_auto(GStrv) lines = g_strsplit (text ? text : "?", "\n", -1);

      for (guint i = 0; lines[i] != NULL && problem == NULL; i++)
        if (*lines[i] != '\0' && strcmp (lines[i], "ok") != 0 &&
            !g_str_has_prefix (lines[i], "*** in database"))
          problem = g_strdup (lines[i]);
      rc = VIGIL_SQL_OK;
    }
  if (problem == NULL && rc != VIGIL_SQL_DONE && rc != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (self, error, _("Could not check the database file"));
      return FALSE;
    }
  if (problem != NULL)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CORRUPT,
                   _("The file “%s” is damaged: quick_check found “%s”. Vigil adds nothing to "
                     "it; “vigilctl verify” says what can still be read"), self->path, problem);
      return FALSE;
    }
  self->found_sound = TRUE;
  return TRUE;
}

gboolean
vigil_store_append_tallied_records (VigilStore        *self,
                                    VigilRecord       *records,
                                    guint              n_records,
                                    VigilRollupTally  *rollups,
                                    GError           **error)
{
  g_autoptr(GHashTable) tallies = NULL;
  char prev[65];
  gint64 last_id;

  if (!check_sound (self, error) ||
      !vigil_ledger_read_head (self->db, VIGIL_CHAIN_DECISIONS, &last_id, prev, error))
    return FALSE;

  if (self->insert_decision == NULL &&
      vigil_sql_prepare_persistent (self->db,
                                    VIGIL_DECISION_INSERT_SQL, &self->insert_decision) != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (self, error, _("Could not log decisions"));
      return FALSE;
    }

  tallies = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  for (guint i = 0; i < n_records; i++)
    {
      VigilRecord *r = &records[i];
      VigilSqlStmt *stmt = self->insert_decision;
      ModelTally *tally;

      r->id = ++last_id;
      g_string_truncate (self->fields, 0);
      vigil_ledger_decision_fields (self->fields, r);
      vigil_ledger_link (prev, self->fields->str, self->fields->len,
                         r->record_hash);
      memcpy (prev, r->record_hash, 65);

      vigil_store_bind_record (stmt, r);

      if (vigil_sql_step (stmt) != VIGIL_SQL_DONE)
        {
          vigil_store_set_sql_error (self, error, _("Could not log a decision"));
          vigil_sql_reset (stmt);
          return FALSE;
        }
      vigil_sql_reset (stmt);

      tally = g_hash_table_lookup (tallies, r->model_name);
      if (tally == NULL)
        {
          tally = g_new0 (ModelTally, 1);
          memcpy (tally->first, r->timestamp, VIGIL_TIMESTAMP_LEN);
          memcpy (tally->last, r->timestamp, VIGIL_TIMESTAMP_LEN);
          g_hash_table_insert (tallies, (gpointer) r->model_name, tally);
        }
      tally->count++;
      if (strcmp (r->timestamp, tally->first) < 0)
        memcpy (tally->first, r->timestamp, VIGIL_TIMESTAMP_LEN);
      if (strcmp (r->timestamp, tally->last) > 0)
        memcpy (tally->last, r->timestamp, VIGIL_TIMESTAMP_LEN);
    }

  vigil_sql_clear_bindings (self->insert_decision);
  if (n_records > 0)
    {
      if (self->tx_first_decision == 0)
        self->tx_first_decision = records[0].id;
      self->tx_last_decision = records[n_records - 1].id;
    }
  return update_models (self, tallies, error) && update_rollups (self, rollups->tables, error);
}

/* The ids of the decisions appended since vigil_store_begin_write(); FALSE when none were. */
gboolean
vigil_store_get_appended_range (VigilStore *self,
                                gint64     *out_first,
                                gint64     *out_last)
{
  *out_first = self->tx_first_decision;
  *out_last = self->tx_last_decision;
  return self->tx_first_decision > 0;
}

/* Appends the event that records the decisions appended in this transaction: @details_json
 * (an object, or NULL for {}) with "first_id" and "last_id" added, canonicalized. With no
 * decisions appended, nothing is. */
gboolean
vigil_store_append_range_event (VigilStore  *self,
                                const char  *actor,
                                const char  *action,
                                const char  *target,
                                const char  *details_json,
                                GError     **error)
{
  g_autoptr(GString) details = g_string_new (NULL);
  g_autoptr(GString) canonical = g_string_new (NULL);
  g_autofree char *reason = NULL;
  gint64 first, last;

  if (!vigil_store_get_appended_range (self, &first, &last))
    return TRUE;
  if (details_json != NULL)
    {
      const char *end = strrchr (details_json, '}');

      g_return_val_if_fail (details_json[0] == '{' && end != NULL, FALSE);
      g_string_append_len (details, details_json, end - details_json);
      if (strspn (details_json + 1, " \t\r\n") < (gsize) (end - details_json - 1))
        g_string_append_c (details, ',');
    }
  else
    g_string_append_c (details, '{');
  g_string_append_printf (details, "\"first_id\":%" G_GINT64_FORMAT ",\"last_id\":%"
                          G_GINT64_FORMAT "}", first, last);
  if (!vigil_json_canonicalize (details->str, details->len, canonical, &reason))
    g_error ("Event details %s are not valid JSON: %s", details->str, reason);
  return vigil_store_append_event (self, actor, action, target, canonical->str, error);
}

gboolean
vigil_store_append_event (VigilStore  *self,
                          const char  *actor,
                          const char  *action,
                          const char  *target,
                          const char  *details_json,
                          GError     **error)
{
  char now[VIGIL_TIMESTAMP_LEN];

  vigil_timestamp_now (now);
  return vigil_store_append_event_at (self, now, actor, action, target, details_json, error);
}

gboolean
vigil_store_append_event_at (VigilStore  *self,
                             const char  *timestamp,
                             const char  *actor,
                             const char  *action,
                             const char  *target,
                             const char  *details_json,
                             GError     **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  char prev[65], hash[65];
  gint64 last_id;

  if (!vigil_ledger_read_head (self->db, VIGIL_CHAIN_EVENTS, &last_id, prev, error))
    return FALSE;

  g_string_truncate (self->fields, 0);
  vigil_ledger_put_int (self->fields, last_id + 1);
  vigil_ledger_put_text (self->fields, timestamp);
  vigil_ledger_put_text (self->fields, actor);
  vigil_ledger_put_text (self->fields, action);
  vigil_ledger_put_text (self->fields, target);
  vigil_ledger_put_text (self->fields, details_json);
  vigil_ledger_link (prev, self->fields->str, self->fields->len, hash);

  if (vigil_sql_prepare (self->db,
                         "INSERT INTO events (id, timestamp, actor, action, target, details, "
                         "record_hash) VALUES (?, ?, ?, ?, ?, ?, ?)", &stmt) != VIGIL_SQL_OK)
    goto fail;
  vigil_sql_bind_int64 (stmt, 1, last_id + 1);
  vigil_sql_bind_text (stmt, 2, timestamp, -1);
  vigil_sql_bind_text (stmt, 3, actor, -1);
  vigil_sql_bind_text (stmt, 4, action, -1);
  bind_text_or_null (stmt, 5, target);
  bind_text_or_null (stmt, 6, details_json);
  vigil_sql_bind_text (stmt, 7, hash, 64);
  if (vigil_sql_step (stmt) != VIGIL_SQL_DONE)
    goto fail;
  return TRUE;

fail:
  vigil_store_set_sql_error (self, error, _("Could not record the event"));
  return FALSE;
}

void
vigil_import_mark_clear (VigilImportMark *mark)
{
  g_clear_pointer (&mark->timestamp, g_free);
  g_clear_pointer (&mark->quarantine, g_free);
  mark->event_id = 0;
}

/* The latest import event, after @after_id, of the content whose SHA-256 is @sha256. Events
 * of one action are indexed by id, so a check for newer ones reads only those. */
gboolean
vigil_store_find_import (VigilStore      *self,
                         const char      *sha256,
                         gint64           after_id,
                         VigilImportMark *mark,
                         GError         **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  int rc;

  memset (mark, 0, sizeof *mark);
  mark->quarantine_size = -1;
  if (vigil_sql_prepare (self->db,
                         "SELECT id, timestamp, json_extract(details, '$.last_line'), "
                         "json_extract(details, '$.end_offset'), "
                         "json_extract(details, '$.quarantine_size'), "
                         "json_extract(details, '$.quarantine') "
                         "FROM events WHERE action = 'import' AND id > ?2 "
                         "AND json_valid(details) AND json_extract(details, '$.sha256') = ?1 "
                         "ORDER BY id DESC LIMIT 1", &stmt) != VIGIL_SQL_OK)
    goto fail;
  vigil_sql_bind_text (stmt, 1, sha256, -1);
  vigil_sql_bind_int64 (stmt, 2, after_id);
  rc = vigil_sql_step (stmt);
  if (rc == VIGIL_SQL_ROW)
    {
      mark->event_id = vigil_sql_column_int64 (stmt, 0);
      mark->timestamp = g_strdup (vigil_sql_column_text (stmt, 1));
      mark->last_line = vigil_sql_column_int64 (stmt, 2);
      mark->end_offset = vigil_sql_column_int64 (stmt, 3);
      if (vigil_sql_column_type (stmt, 4) != VIGIL_SQL_NULL)
        mark->quarantine_size = vigil_sql_column_int64 (stmt, 4);
      mark->quarantine = g_strdup (vigil_sql_column_text (stmt, 5));
      return TRUE;
    }
  if (rc == VIGIL_SQL_DONE)
    return TRUE;

fail:
  vigil_store_set_sql_error (self, error, _("Could not look up earlier imports"));
  return FALSE;
}

/**
 * vigil_store_record_event:
 * @details_json: (nullable): a JSON object with the action's details
 *
 * Records an administrative action in the chained events table.
 */
gboolean
vigil_store_record_event (VigilStore  *self,
                          const char  *actor,
                          const char  *action,
                          const char  *target,
                          const char  *details_json,
                          GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (actor != NULL && action != NULL, FALSE);

  if (!vigil_store_begin_write (self, error))
    return FALSE;
  if (!vigil_store_append_event (self, actor, action, target, details_json, error))
    {
      vigil_store_rollback (self);
      return FALSE;
    }
  return vigil_store_commit (self, error);
}

/**
 * vigil_store_log_decisions:
 * @decisions: (array length=n_decisions): decisions to log
 *
 * Checks every decision, then logs them all in one transaction, or none if one is invalid or
 * the write fails, with a "log" event naming the ids they were given. On success each decision
 * has its id, input_hash and record_hash.
 */
gboolean
vigil_store_log_decisions (VigilStore     *self,
                           VigilDecision **decisions,
                           guint           n_decisions,
                           GError        **error)
{
  g_autofree VigilRecord *records = NULL;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);

  for (guint i = 0; i < n_decisions; i++)
    {
      g_autoptr(GError) local_error = NULL;

      if (!vigil_decision_prepare (decisions[i], &local_error))
        {
          if (n_decisions > 1)
            g_prefix_error (&local_error, _("Decision %u of %u: "), i + 1, n_decisions);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  records = g_new (VigilRecord, MAX (n_decisions, 1));
  for (guint i = 0; i < n_decisions; i++)
    records[i] = *vigil_decision_get_record (decisions[i]);

  if (!vigil_store_begin_write (self, error))
    return FALSE;
  if (!vigil_store_append_records (self, records, n_decisions, error) ||
      !vigil_store_append_range_event (self, g_get_user_name (), "log", "database", NULL, error))
    {
      vigil_store_rollback (self);
      return FALSE;
    }
  if (!vigil_store_commit (self, error))
    return FALSE;

  for (guint i = 0; i < n_decisions; i++)
    {
      VigilRecord *r = (VigilRecord *) vigil_decision_get_record (decisions[i]);

      r->id = records[i].id;
      memcpy (r->record_hash, records[i].record_hash, 65);
    }
  return TRUE;
}

/**
 * vigil_store_log_decision:
 * @out_id: (out) (optional): the id the decision was logged under
 *
 * Checks and logs one decision in its own transaction.
 */
gboolean
vigil_store_log_decision (VigilStore     *self,
                          VigilDecision  *decision,
                          gint64         *out_id,
                          GError        **error)
{
  if (!vigil_store_log_decisions (self, &decision, 1, error))
    return FALSE;
  if (out_id)
    *out_id = vigil_decision_get_id (decision);
  return TRUE;
}

static const char *
column_text (VigilSqlStmt *stmt,
             int           i)
{
  return vigil_sql_column_text (stmt, i);
}

void
vigil_store_record_from_stmt (VigilSqlStmt *stmt,
                              VigilRecord  *r)
{
  const char *text;

  memset (r, 0, sizeof *r);
  r->id = vigil_sql_column_int64 (stmt, 0);
  g_strlcpy (r->timestamp, column_text (stmt, 1) ? column_text (stmt, 1) : "", VIGIL_TIMESTAMP_LEN);
  r->model_name = column_text (stmt, 2);
  r->model_version = column_text (stmt, 3);
  r->decision_type = column_text (stmt, 4);
  r->input_features = column_text (stmt, 5);
  text = column_text (stmt, 6);
  g_strlcpy (r->input_hash, text ? text : "", sizeof r->input_hash);
  r->prediction = column_text (stmt, 7);
  r->has_confidence = vigil_sql_column_type (stmt, 8) != VIGIL_SQL_NULL;
  r->confidence = vigil_sql_column_double (stmt, 8);
  r->explanation = column_text (stmt, 9);
  r->ticker = column_text (stmt, 10);
  r->sector = column_text (stmt, 11);
  r->portfolio_id = column_text (stmt, 12);
  r->user_id = column_text (stmt, 13);
  r->actual_outcome = column_text (stmt, 14);
  r->outcome_date = column_text (stmt, 15);
  r->reviewed_by = column_text (stmt, 16);
  r->review_date = column_text (stmt, 17);
  r->review_status = column_text (stmt, 18);
  r->review_notes = column_text (stmt, 19);
  r->anomaly_flag = vigil_sql_column_int (stmt, 20);
  r->anomaly_reason = column_text (stmt, 21);
  text = column_text (stmt, 22);
  g_strlcpy (r->record_hash, text ? text : "", sizeof r->record_hash);
}

/* The SQL is assembled from constant fragments only; every value is bound. */
typedef struct
{
  const char *timestamp;
  gint64      id;
  gboolean    backwards;
} Keyset;

static VigilSqlStmt *
prepare_decisions (VigilStore          *self,
                   VigilDecisionQuery  *query,
                   gboolean             count_only,
                   const Keyset        *keyset,
                   GError             **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  const char *binds[6];
  guint n_binds = 0;
  gboolean newest_first = vigil_decision_query_get_newest_first (query);
  gboolean descending = newest_first;
  const char *sep = " WHERE ";
  VigilReviewStatus status;
  VigilSqlStmt *stmt = NULL;

  g_string_append (sql, count_only ? "SELECT count(*) FROM decisions"
                                   : "SELECT " VIGIL_DECISION_COLUMNS " FROM decisions");

#define COND(fragment) G_STMT_START { g_string_append (sql, sep); g_string_append (sql, fragment); \
                                      sep = " AND "; } G_STMT_END
  if (vigil_decision_query_get_model (query))
    {
      COND ("model_name = ?");
      binds[n_binds++] = vigil_decision_query_get_model (query);
    }
  if (vigil_decision_query_get_from (query))
    {
      COND ("timestamp >= ?");
      binds[n_binds++] = vigil_decision_query_get_from (query);
    }
  if (vigil_decision_query_get_to (query))
    {
      COND ("timestamp < ?");
      binds[n_binds++] = vigil_decision_query_get_to (query);
    }
  if (vigil_decision_query_get_review_status (query, &status))
    {
      COND ("review_status = ?");
      binds[n_binds++] = vigil_review_status_to_string (status);
    }
  if (vigil_decision_query_get_flagged (query))
    COND ("anomaly_flag = 1");
  /* Keyset pagination: the rows after (timestamp, id) in the query's order, or before it. The
   * range on timestamp alone lets SQLite walk the index from there. */
  if (keyset != NULL && newest_first)
    {
      if (keyset->backwards)
        COND ("timestamp >= ? AND (timestamp > ? OR id > ?)");
      else
        COND ("timestamp <= ? AND (timestamp < ? OR id < ?)");
      binds[n_binds++] = keyset->timestamp;
      binds[n_binds++] = keyset->timestamp;
    }
  else if (keyset != NULL)
    COND (keyset->backwards ? "id < ?" : "id > ?");
#undef COND

  if (keyset != NULL && keyset->backwards)
    descending = !descending;
  if (!count_only)
    {
      if (newest_first)
        g_string_append (sql, descending ? " ORDER BY timestamp DESC, id DESC"
                                         : " ORDER BY timestamp, id");
      else
        g_string_append (sql, descending ? " ORDER BY id DESC" : " ORDER BY id");
      g_string_append (sql, " LIMIT ? OFFSET ?");
    }

  if (vigil_sql_prepare (self->db, sql->str, &stmt) != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (self, error, _("Could not read decisions"));
      return NULL;
    }
  for (guint i = 0; i < n_binds; i++)
    vigil_sql_bind_text_copy (stmt, (int) i + 1, binds[i], -1);
  if (keyset != NULL)
    vigil_sql_bind_int64 (stmt, (int) ++n_binds, keyset->id);
  if (!count_only)
    {
      vigil_sql_bind_int64 (stmt, (int) n_binds + 1, vigil_decision_query_get_limit (query));
      vigil_sql_bind_int64 (stmt, (int) n_binds + 2,
                            keyset != NULL ? 0 : vigil_decision_query_get_offset (query));
    }
  return stmt;
}

VigilSqlStmt *
vigil_store_prepare_decisions (VigilStore          *self,
                               VigilDecisionQuery  *query,
                               gboolean             count_only,
                               GError             **error)
{
  return prepare_decisions (self, query, count_only, NULL, error);
}

/**
 * vigil_store_query_decisions:
 *
 * Returns: (transfer full): a list of #VigilDecision; use a limit, or a cursor for large reads
 */
static GListModel *
read_decisions (VigilStore    *self,
                VigilSqlStmt  *stmt,
                gboolean       reverse,
                GError       **error)
{
  g_autoptr(GListStore) list = NULL;
  g_autoptr(GPtrArray) items = NULL;
  int rc;

  items = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      VigilRecord record;

      vigil_store_record_from_stmt (stmt, &record);
      g_ptr_array_add (items, vigil_decision_new_from_record (&record));
    }
  if (rc != VIGIL_SQL_DONE)
    {
      vigil_store_set_sql_error (self, error, _("Could not read decisions"));
      return NULL;
    }

  for (guint i = 0; reverse && i < items->len / 2; i++)
    {
      gpointer swap = items->pdata[i];

      items->pdata[i] = items->pdata[items->len - 1 - i];
      items->pdata[items->len - 1 - i] = swap;
    }

  list = g_list_store_new (VIGIL_TYPE_DECISION);
  g_list_store_splice (list, 0, 0, items->pdata, items->len);
  return G_LIST_MODEL (g_steal_pointer (&list));
}

GListModel *
vigil_store_query_decisions (VigilStore          *self,
                             VigilDecisionQuery  *query,
                             GError             **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  stmt = vigil_store_prepare_decisions (self, query, FALSE, error);
  if (stmt == NULL)
    return NULL;
  return read_decisions (self, stmt, FALSE, error);
}

/**
 * vigil_store_count_decisions:
 *
 * Returns: how many decisions match @query (ignoring its limit), or -1 on error
 */
gint64
vigil_store_count_decisions (VigilStore          *self,
                             VigilDecisionQuery  *query,
                             GError             **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;

  g_return_val_if_fail (VIGIL_IS_STORE (self), -1);

  stmt = vigil_store_prepare_decisions (self, query, TRUE, error);
  if (stmt == NULL)
    return -1;
  if (vigil_sql_step (stmt) != VIGIL_SQL_ROW)
    {
      vigil_store_set_sql_error (self, error, _("Could not count decisions"));
      return -1;
    }
  return vigil_sql_column_int64 (stmt, 0);
}

/**
 * vigil_store_open_cursor:
 *
 * Returns: (transfer full): a cursor over the decisions of @query, read as it advances
 */
VigilDecisionCursor *
vigil_store_open_cursor (VigilStore          *self,
                         VigilDecisionQuery  *query,
                         GError             **error)
{
  VigilSqlStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  stmt = vigil_store_prepare_decisions (self, query, FALSE, error);
  if (stmt == NULL)
    return NULL;
  return vigil_decision_cursor_new (self, stmt);
}

/**
 * vigil_store_get_decision:
 *
 * Returns: (transfer full): the decision with @id, or %NULL with %VIGIL_STORE_ERROR_NOT_FOUND
 */
VigilDecision *
vigil_store_get_decision (VigilStore  *self,
                          gint64       id,
                          GError     **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  VigilRecord record;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  if (vigil_sql_prepare (self->db, "SELECT " VIGIL_DECISION_COLUMNS " FROM decisions WHERE id = ?",
                                   &stmt) != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (self, error, _("Could not read the decision"));
      return NULL;
    }
  vigil_sql_bind_int64 (stmt, 1, id);
  rc = vigil_sql_step (stmt);
  if (rc == VIGIL_SQL_DONE)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_NOT_FOUND,
                   _("There is no decision %" PRId64), id);
      return NULL;
    }
  if (rc != VIGIL_SQL_ROW)
    {
      vigil_store_set_sql_error (self, error, _("Could not read the decision"));
      return NULL;
    }
  vigil_store_record_from_stmt (stmt, &record);
  return vigil_decision_new_from_record (&record);
}

/**
 * vigil_store_query_decisions_from:
 * @query: the filters, order and limit (its offset is ignored)
 * @timestamp: (nullable): the timestamp of the decision to continue from, for a query newest
 *   first
 * @id: the id of that decision
 * @backwards: %TRUE for the decisions just before it in the query's order
 *
 * Keyset pagination: reads the next (or previous) page of @query next to a decision already
 * read, through the index, however deep in the list it is. The decision itself is left out.
 *
 * Returns: (transfer full): a list of #VigilDecision, in the query's order
 */
GListModel *
vigil_store_query_decisions_from (VigilStore          *self,
                                  VigilDecisionQuery  *query,
                                  const char          *timestamp,
                                  gint64               id,
                                  gboolean             backwards,
                                  GError             **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  Keyset keyset = { timestamp, id, backwards };

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (vigil_decision_query_get_newest_first (query) && timestamp == NULL)
    {
      g_set_error_literal (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                           _("Continuing a list of decisions newest first needs a timestamp"));
      return NULL;
    }
  stmt = prepare_decisions (self, query, FALSE, &keyset, error);
  if (stmt == NULL)
    return NULL;
  return read_decisions (self, stmt, backwards, error);
}

#define ALERT_COLUMNS                                                                    \
  "id, timestamp, alert_type, severity, description, model_name, acknowledged, "         \
  "acknowledged_by, subject, window_start, window_end, baseline_start, observed, baseline, " \
  "threshold, n_recent, n_baseline, p_value, acknowledged_at, ack_note, record_hash, raised_at"

static double
column_real (VigilSqlStmt *stmt,
             int           i)
{
  return vigil_sql_column_type (stmt, i) == VIGIL_SQL_NULL ? NAN : vigil_sql_column_double (stmt, i);
}

static gint64
column_count (VigilSqlStmt *stmt,
              int           i)
{
  return vigil_sql_column_type (stmt, i) == VIGIL_SQL_NULL ? -1 : vigil_sql_column_int64 (stmt, i);
}

static VigilAlert *
alert_from_stmt (VigilSqlStmt *stmt)
{
  VigilAlert *alert = g_object_new (VIGIL_TYPE_ALERT, NULL);
  VigilAlertFields *f = vigil_alert_get_fields (alert);

  f->id = vigil_sql_column_int64 (stmt, 0);
  f->timestamp = g_strdup (column_text (stmt, 1));
  f->alert_type = g_strdup (column_text (stmt, 2));
  f->severity = g_strdup (column_text (stmt, 3));
  f->description = g_strdup (column_text (stmt, 4));
  f->model_name = g_strdup (column_text (stmt, 5));
  f->acknowledged = vigil_sql_column_int (stmt, 6) != 0;
  f->acknowledged_by = g_strdup (column_text (stmt, 7));
  f->subject = g_strdup (column_text (stmt, 8));
  f->window_start = g_strdup (column_text (stmt, 9));
  f->window_end = g_strdup (column_text (stmt, 10));
  f->baseline_start = g_strdup (column_text (stmt, 11));
  f->observed = column_real (stmt, 12);
  f->baseline = column_real (stmt, 13);
  f->threshold = column_real (stmt, 14);
  f->n_recent = column_count (stmt, 15);
  f->n_baseline = column_count (stmt, 16);
  f->p_value = column_real (stmt, 17);
  f->acknowledged_at = g_strdup (column_text (stmt, 18));
  f->ack_note = g_strdup (column_text (stmt, 19));
  f->record_hash = g_strdup (column_text (stmt, 20));
  f->raised_at = g_strdup (column_text (stmt, 21));
  return alert;
}

/* NAN is how the service says "no value"; SQL says NULL. */
void
vigil_store_bind_real_or_null (VigilSqlStmt *stmt,
                               int           index,
                               double        value)
{
  if (isnan (value))
    vigil_sql_bind_null (stmt, index);
  else
    vigil_sql_bind_double (stmt, index, value);
}

static void
put_real_or_null (GString *out,
                  double   value)
{
  if (isnan (value))
    vigil_ledger_put_null (out);
  else
    vigil_ledger_put_real (out, value);
}

static void
put_count_or_null (GString *out,
                   gint64   value)
{
  if (value < 0)
    vigil_ledger_put_null (out);
  else
    vigil_ledger_put_int (out, value);
}

/* Inside a write transaction: appends @alert to the alerts chain unless the same alert (model,
 * type, subject, window) is there already, in which case @alert gets the stored one's id. */
/* The alert of one model, check, subject and window: alerts_unique */
#define ALERT_KEY_MATCHES \
  "WHERE ifnull(model_name, '') = ifnull(?1, '') AND alert_type = ?2 " \
  "AND ifnull(subject, '') = ifnull(?3, '') AND ifnull(window_start, '') = ifnull(?4, '') " \
  "AND ifnull(window_end, '') = ifnull(?5, '')"

gboolean
vigil_store_insert_alert (VigilStore  *self,
                          VigilAlert  *alert,
                          gboolean    *out_inserted,
                          GError     **error)
{
  VigilAlertFields *f = vigil_alert_get_fields (alert);
  g_autoptr(VigilSqlStmt) stmt = NULL;
  g_autoptr(VigilSqlStmt) existing = NULL;
  char timestamp[VIGIL_TIMESTAMP_LEN], raised_at[VIGIL_TIMESTAMP_LEN];
  char window_start[VIGIL_TIMESTAMP_LEN], window_end[VIGIL_TIMESTAMP_LEN];
  char baseline_start[VIGIL_TIMESTAMP_LEN];
  char prev[65], hash[65];
  gint64 last_id;
  VigilSeverity severity;

  if (f->alert_type == NULL || *f->alert_type == '\0' || f->description == NULL ||
      !vigil_severity_from_string (f->severity, &severity))
    {
      g_set_error_literal (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                           _("An alert needs a type, a severity and a description"));
      return FALSE;
    }
  /* The window is the day of the alert: every period selects alerts by it, and compares it
   * as text, so it is stored in the one timestamp format. */
  if (f->window_start == NULL || f->window_end == NULL)
    {
      g_set_error_literal (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                           _("An alert needs the window it describes, its start and its end"));
      return FALSE;
    }
  if (!vigil_timestamp_normalize (f->window_start, window_start, error) ||
      !vigil_timestamp_normalize (f->window_end, window_end, error) ||
      (f->baseline_start != NULL &&
       !vigil_timestamp_normalize (f->baseline_start, baseline_start, error)))
    return FALSE;
  if (strcmp (window_start, window_end) >= 0)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("An alert’s window must end after it starts (%s to %s)"),
                   window_start, window_end);
      return FALSE;
    }
  if (f->timestamp != NULL)
    {
      if (!vigil_timestamp_normalize (f->timestamp, timestamp, error))
        return FALSE;
    }
  else
    vigil_timestamp_now (timestamp);
  if (f->raised_at != NULL)
    {
      if (!vigil_timestamp_normalize (f->raised_at, raised_at, error))
        return FALSE;
    }
  else
    vigil_timestamp_now (raised_at);

  if (!vigil_ledger_read_head (self->db, VIGIL_CHAIN_ALERTS, &last_id, prev, error))
    return FALSE;

  g_string_truncate (self->fields, 0);
  vigil_ledger_put_int (self->fields, last_id + 1);
  vigil_ledger_put_text (self->fields, timestamp);
  vigil_ledger_put_text (self->fields, f->alert_type);
  vigil_ledger_put_text (self->fields, vigil_severity_to_string (severity));
  vigil_ledger_put_text (self->fields, f->description);
  vigil_ledger_put_text (self->fields, f->model_name);
  vigil_ledger_put_text (self->fields, f->subject);
  vigil_ledger_put_text (self->fields, window_start);
  vigil_ledger_put_text (self->fields, window_end);
  vigil_ledger_put_text (self->fields, f->baseline_start ? baseline_start : NULL);
  put_real_or_null (self->fields, f->observed);
  put_real_or_null (self->fields, f->baseline);
  put_real_or_null (self->fields, f->threshold);
  put_count_or_null (self->fields, f->n_recent);
  put_count_or_null (self->fields, f->n_baseline);
  put_real_or_null (self->fields, f->p_value);
  vigil_ledger_link (prev, self->fields->str, self->fields->len, hash);

  if (vigil_sql_prepare (self->db,
                         "INSERT INTO alerts (id, timestamp, alert_type, severity, description, "
                         "model_name, subject, window_start, window_end, baseline_start, observed, "
                         "baseline, threshold, n_recent, n_baseline, p_value, record_hash, "
                         "raised_at) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                         "ON CONFLICT DO NOTHING", &stmt) != VIGIL_SQL_OK)
    goto fail;

  vigil_sql_bind_int64 (stmt, 1, last_id + 1);
  vigil_sql_bind_text (stmt, 2, timestamp, -1);
  vigil_sql_bind_text (stmt, 3, f->alert_type, -1);
  vigil_sql_bind_text (stmt, 4, vigil_severity_to_string (severity), -1);
  vigil_sql_bind_text (stmt, 5, f->description, -1);
  bind_text_or_null (stmt, 6, f->model_name);
  bind_text_or_null (stmt, 7, f->subject);
  vigil_sql_bind_text (stmt, 8, window_start, -1);
  vigil_sql_bind_text (stmt, 9, window_end, -1);
  bind_text_or_null (stmt, 10, f->baseline_start ? baseline_start : NULL);
  vigil_store_bind_real_or_null (stmt, 11, f->observed);
  vigil_store_bind_real_or_null (stmt, 12, f->baseline);
  vigil_store_bind_real_or_null (stmt, 13, f->threshold);
  if (f->n_recent >= 0)
    vigil_sql_bind_int64 (stmt, 14, f->n_recent);
  if (f->n_baseline >= 0)
    vigil_sql_bind_int64 (stmt, 15, f->n_baseline);
  vigil_store_bind_real_or_null (stmt, 16, f->p_value);
  vigil_sql_bind_text (stmt, 17, hash, 64);
  vigil_sql_bind_text (stmt, 18, raised_at, -1);

  if (vigil_sql_step (stmt) != VIGIL_SQL_DONE)
    goto fail;

  if (vigil_sql_changes (self->db) == 0)
    {
      if (vigil_sql_prepare (self->db,
                             "SELECT id, timestamp, record_hash, raised_at FROM alerts "
                             ALERT_KEY_MATCHES, &existing) != VIGIL_SQL_OK)
        goto fail;
      bind_text_or_null (existing, 1, f->model_name);
      vigil_sql_bind_text (existing, 2, f->alert_type, -1);
      bind_text_or_null (existing, 3, f->subject);
      vigil_sql_bind_text (existing, 4, window_start, -1);
      vigil_sql_bind_text (existing, 5, window_end, -1);
      if (vigil_sql_step (existing) == VIGIL_SQL_ROW)
        {
          f->id = vigil_sql_column_int64 (existing, 0);
          g_free (f->timestamp);
          f->timestamp = g_strdup (column_text (existing, 1));
          g_free (f->record_hash);
          f->record_hash = g_strdup (column_text (existing, 2));
          g_free (f->raised_at);
          f->raised_at = g_strdup (column_text (existing, 3));
        }
      if (out_inserted)
        *out_inserted = FALSE;
      return TRUE;
    }

  f->id = last_id + 1;
  g_free (f->window_start);
  f->window_start = g_strdup (window_start);
  g_free (f->window_end);
  f->window_end = g_strdup (window_end);
  if (f->baseline_start != NULL)
    {
      g_free (f->baseline_start);
      f->baseline_start = g_strdup (baseline_start);
    }
  g_free (f->timestamp);
  f->timestamp = g_strdup (timestamp);
  g_free (f->record_hash);
  f->record_hash = g_strdup (hash);
  g_free (f->raised_at);
  f->raised_at = g_strdup (raised_at);
  if (out_inserted)
    *out_inserted = TRUE;
  return TRUE;

fail:
  vigil_store_set_sql_error (self, error, _("Could not store the alert"));
  return FALSE;
}

/**
 * vigil_store_alert_is_stored:
 * @out_stored: (out): whether an alert of the same model, check, subject and window is stored
 *
 * Tells, without writing, whether vigil_store_add_alert() would find @alert stored already:
 * what a dry run of the checks reports.
 */
gboolean
vigil_store_alert_is_stored (VigilStore  *self,
                             VigilAlert  *alert,
                             gboolean    *out_stored,
                             GError     **error)
{
  VigilAlertFields *f = vigil_alert_get_fields (alert);
  g_autoptr(VigilSqlStmt) stmt = NULL;
  char window_start[VIGIL_TIMESTAMP_LEN], window_end[VIGIL_TIMESTAMP_LEN];
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_ALERT (alert), FALSE);

  *out_stored = FALSE;
  if (f->alert_type == NULL || f->window_start == NULL || f->window_end == NULL)
    return TRUE;
  if (!vigil_timestamp_normalize (f->window_start, window_start, error) ||
      !vigil_timestamp_normalize (f->window_end, window_end, error))
    return FALSE;
  if (vigil_sql_prepare (self->db, "SELECT 1 FROM alerts " ALERT_KEY_MATCHES, &stmt) != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (self, error, _("Could not read the alerts"));
      return FALSE;
    }
  bind_text_or_null (stmt, 1, f->model_name);
  vigil_sql_bind_text (stmt, 2, f->alert_type, -1);
  bind_text_or_null (stmt, 3, f->subject);
  vigil_sql_bind_text (stmt, 4, window_start, -1);
  vigil_sql_bind_text (stmt, 5, window_end, -1);
  rc = vigil_sql_step (stmt);
  if (rc != VIGIL_SQL_ROW && rc != VIGIL_SQL_DONE)
    {
      vigil_store_set_sql_error (self, error, _("Could not read the alerts"));
      return FALSE;
    }
  *out_stored = rc == VIGIL_SQL_ROW;
  return TRUE;
}

/**
 * vigil_store_add_alert:
 * @out_inserted: (out) (optional): %FALSE when the same alert (model, type, subject, window)
 *   was stored before, in which case nothing is written and @alert takes the stored one's id
 *
 * Stores an alert in the alerts chain. On success the alert has its id and record_hash.
 */
gboolean
vigil_store_add_alert (VigilStore  *self,
                       VigilAlert  *alert,
                       gboolean    *out_inserted,
                       GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_ALERT (alert), FALSE);

  if (!vigil_store_begin_write (self, error))
    return FALSE;
  if (!vigil_store_insert_alert (self, alert, out_inserted, error))
    {
      vigil_store_rollback (self);
      return FALSE;
    }
  return vigil_store_commit (self, error);
}

/**
 * vigil_store_query_alerts:
 *
 * Reads the alerts whose window overlaps the query's range (the day of an alert is the window
 * it describes, not when it was raised).
 *
 * Returns: (transfer full): a list of #VigilAlert, the latest window first
 */
GListModel *
vigil_store_query_alerts (VigilStore       *self,
                          VigilAlertQuery  *query,
                          GError          **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT " ALERT_COLUMNS " FROM alerts");
  g_autoptr(VigilSqlStmt) stmt = NULL;
  g_autoptr(GListStore) list = NULL;
  const char *binds[4];
  guint n_binds = 0;
  const char *sep = " WHERE ";
  VigilSeverity severity;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

#define COND(fragment) G_STMT_START { g_string_append (sql, sep); g_string_append (sql, fragment); \
                                      sep = " AND "; } G_STMT_END
  if (vigil_alert_query_get_model (query))
    {
      COND ("model_name = ?");
      binds[n_binds++] = vigil_alert_query_get_model (query);
    }
  if (vigil_alert_query_get_severity (query, &severity))
    {
      COND ("severity = ?");
      binds[n_binds++] = vigil_severity_to_string (severity);
    }
  /* An alert belongs to a period when the window it describes overlaps it. */
  if (vigil_alert_query_get_from (query))
    {
      COND ("window_end > ?");
      binds[n_binds++] = vigil_alert_query_get_from (query);
    }
  if (vigil_alert_query_get_to (query))
    {
      COND ("window_start < ?");
      binds[n_binds++] = vigil_alert_query_get_to (query);
    }
  if (vigil_alert_query_get_unacknowledged (query))
    COND ("acknowledged = 0");
#undef COND
  g_string_append (sql, " ORDER BY window_end DESC, id DESC LIMIT ?");

  if (vigil_sql_prepare (self->db, sql->str, &stmt) != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (self, error, _("Could not read alerts"));
      return NULL;
    }
  for (guint i = 0; i < n_binds; i++)
    vigil_sql_bind_text_copy (stmt, (int) i + 1, binds[i], -1);
  vigil_sql_bind_int64 (stmt, (int) n_binds + 1, vigil_alert_query_get_limit (query));

  list = g_list_store_new (VIGIL_TYPE_ALERT);
  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      g_autoptr(VigilAlert) alert = alert_from_stmt (stmt);
      g_list_store_append (list, alert);
    }
  if (rc != VIGIL_SQL_DONE)
    {
      vigil_store_set_sql_error (self, error, _("Could not read alerts"));
      return NULL;
    }
  return G_LIST_MODEL (g_steal_pointer (&list));
}

VigilAlert *
vigil_store_get_alert (VigilStore  *self,
                       gint64       id,
                       GError     **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  if (vigil_sql_prepare (self->db, "SELECT " ALERT_COLUMNS " FROM alerts WHERE id = ?",
                                   &stmt) != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (self, error, _("Could not read the alert"));
      return NULL;
    }
  vigil_sql_bind_int64 (stmt, 1, id);
  rc = vigil_sql_step (stmt);
  if (rc == VIGIL_SQL_ROW)
    return alert_from_stmt (stmt);
  if (rc == VIGIL_SQL_DONE)
    g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_NOT_FOUND,
                 _("There is no alert %" PRId64), id);
  else
    vigil_store_set_sql_error (self, error, _("Could not read the alert"));
  return NULL;
}

static gboolean
check_person (const char  *who,
              const char  *what,
              GError     **error)
{
  if (who == NULL || *who == '\0' || !g_utf8_validate (who, -1, NULL) ||
      strlen (who) > VIGIL_MAX_NAME_LEN)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("%s needs the name of the person doing it (at most %d bytes)"), what,
                   VIGIL_MAX_NAME_LEN);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_note (const char  *note,
            GError     **error)
{
  if (note != NULL && (!g_utf8_validate (note, -1, NULL) || strlen (note) > VIGIL_MAX_EXPLANATION_LEN))
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("A note must be UTF-8 text of at most %d bytes"), VIGIL_MAX_EXPLANATION_LEN);
      return FALSE;
    }
  return TRUE;
}

static char *
details_object (const char *first_key,
                ...)
{
  GString *out = g_string_new ("{");
  const char *key = first_key;
  gboolean first = TRUE;
  va_list args;

  va_start (args, first_key);
  while (key != NULL)
    {
      const char *value = va_arg (args, const char *);

      if (value != NULL)
        {
          if (!first)
            g_string_append_c (out, ',');
          first = FALSE;
          vigil_json_write_string (out, key);
          g_string_append_c (out, ':');
          vigil_json_write_string (out, value);
        }
      key = va_arg (args, const char *);
    }
  va_end (args);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

/**
 * vigil_store_acknowledge_alert:
 * @note: (nullable): what the person noted
 *
 * Marks an alert as acknowledged by @who, now, and records it as an event.
 */
gboolean
vigil_store_acknowledge_alert (VigilStore  *self,
                               gint64       alert_id,
                               const char  *who,
                               const char  *note,
                               GError     **error)
{
  g_autoptr(VigilSqlStmt) select = NULL;
  g_autoptr(VigilSqlStmt) update = NULL;
  g_autofree char *target = NULL;
  g_autofree char *details = NULL;
  char now[VIGIL_TIMESTAMP_LEN];
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);

  if (!check_person (who, _("Acknowledging an alert"), error) || !check_note (note, error))
    return FALSE;
  if (!vigil_store_begin_write (self, error))
    return FALSE;

  if (vigil_sql_prepare (self->db,
                         "SELECT acknowledged, acknowledged_by, acknowledged_at FROM alerts "
                         "WHERE id = ?", &select) != VIGIL_SQL_OK)
    goto fail;
  vigil_sql_bind_int64 (select, 1, alert_id);
  rc = vigil_sql_step (select);
  if (rc == VIGIL_SQL_DONE)
    {
      vigil_store_rollback (self);
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_NOT_FOUND,
                   _("There is no alert %" PRId64), alert_id);
      return FALSE;
    }
  if (rc != VIGIL_SQL_ROW)
    goto fail;
  if (vigil_sql_column_int (select, 0) != 0)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CONFLICT,
                   _("Alert %" PRId64 " was already acknowledged by %s at %s"), alert_id,
                   column_text (select, 1) ? column_text (select, 1) : _("someone"),
                   column_text (select, 2) ? column_text (select, 2) : _("an unknown time"));
      vigil_store_rollback (self);
      return FALSE;
    }

  vigil_timestamp_now (now);
  if (vigil_sql_prepare (self->db,
                         "UPDATE alerts SET acknowledged = 1, acknowledged_by = ?, "
                         "acknowledged_at = ?, ack_note = ? WHERE id = ?", &update) != VIGIL_SQL_OK)
    goto fail;
  vigil_sql_bind_text (update, 1, who, -1);
  vigil_sql_bind_text (update, 2, now, -1);
  bind_text_or_null (update, 3, note);
  vigil_sql_bind_int64 (update, 4, alert_id);
  if (vigil_sql_step (update) != VIGIL_SQL_DONE)
    goto fail;

  target = g_strdup_printf ("alert:%" PRId64, alert_id);
  details = details_object ("note", note, NULL);
  /* acknowledged_by and acknowledged_at are the event's actor and time, exactly. */
  if (!vigil_store_append_event_at (self, now, who, "acknowledge", target, details, error))
    {
      vigil_store_rollback (self);
      return FALSE;
    }
  return vigil_store_commit (self, error);

fail:
  vigil_store_set_sql_error (self, error, _("Could not acknowledge the alert"));
  vigil_store_rollback (self);
  return FALSE;
}

/**
 * vigil_store_review_decision:
 * @status: the outcome of the review; not %VIGIL_REVIEW_PENDING
 *
 * Records a person's review of a decision, and an event that keeps the previous status.
 */
gboolean
vigil_store_review_decision (VigilStore         *self,
                             gint64              decision_id,
                             const char         *who,
                             VigilReviewStatus   status,
                             const char         *notes,
                             GError            **error)
{
  g_autoptr(VigilSqlStmt) select = NULL;
  g_autoptr(VigilSqlStmt) update = NULL;
  g_autofree char *target = NULL;
  g_autofree char *details = NULL;
  g_autofree char *previous = NULL;
  char now[VIGIL_TIMESTAMP_LEN];
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);

  if (!check_person (who, _("Reviewing a decision"), error) || !check_note (notes, error))
    return FALSE;
  if (status == VIGIL_REVIEW_PENDING || status > VIGIL_REVIEW_OVERRIDDEN)
    {
      g_set_error_literal (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                           _("A review is approved, escalated or overridden"));
      return FALSE;
    }
  if (!vigil_store_begin_write (self, error))
    return FALSE;

  if (vigil_sql_prepare (self->db, "SELECT review_status FROM decisions WHERE id = ?",
                         &select) != VIGIL_SQL_OK)
    goto fail;
  vigil_sql_bind_int64 (select, 1, decision_id);
  rc = vigil_sql_step (select);
  if (rc == VIGIL_SQL_DONE)
    {
      vigil_store_rollback (self);
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_NOT_FOUND,
                   _("There is no decision %" PRId64), decision_id);
      return FALSE;
    }
  if (rc != VIGIL_SQL_ROW)
    goto fail;
  previous = g_strdup (column_text (select, 0));

  vigil_timestamp_now (now);
  if (vigil_sql_prepare (self->db,
                         "UPDATE decisions SET reviewed_by = ?, review_date = ?, "
                         "review_status = ?, review_notes = ? WHERE id = ?",
                         &update) != VIGIL_SQL_OK)
    goto fail;
  vigil_sql_bind_text (update, 1, who, -1);
  vigil_sql_bind_text (update, 2, now, -1);
  vigil_sql_bind_text (update, 3, vigil_review_status_to_string (status), -1);
  bind_text_or_null (update, 4, notes);
  vigil_sql_bind_int64 (update, 5, decision_id);
  if (vigil_sql_step (update) != VIGIL_SQL_DONE)
    goto fail;

  target = g_strdup_printf ("decision:%" PRId64, decision_id);
  details = details_object ("status", vigil_review_status_to_string (status),
                            "previous_status", previous, "notes", notes, NULL);
  if (!vigil_store_append_event_at (self, now, who, "review", target, details, error))
    {
      vigil_store_rollback (self);
      return FALSE;
    }
  return vigil_store_commit (self, error);

fail:
  vigil_store_set_sql_error (self, error, _("Could not record the review"));
  vigil_store_rollback (self);
  return FALSE;
}

/**
 * vigil_store_record_outcome:
 * @outcome_date: (nullable): when the outcome was known; now when %NULL
 * @actor: (nullable): who records it; the user's login name when %NULL
 *
 * Records what actually happened after a decision (a default, a price move), for later
 * accuracy checks.
 */
gboolean
vigil_store_record_outcome (VigilStore  *self,
                            gint64       decision_id,
                            const char  *value,
                            const char  *outcome_date,
                            const char  *actor,
                            GError     **error)
{
  g_autoptr(VigilSqlStmt) update = NULL;
  g_autofree char *target = NULL;
  g_autofree char *details = NULL;
  char date[VIGIL_TIMESTAMP_LEN];

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);

  if (value == NULL || *value == '\0' || !g_utf8_validate (value, -1, NULL) ||
      strlen (value) > VIGIL_MAX_PREDICTION_LEN)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("An outcome needs a value: UTF-8 text of at most %d bytes"),
                   VIGIL_MAX_PREDICTION_LEN);
      return FALSE;
    }
  if (outcome_date != NULL)
    {
      if (!vigil_timestamp_normalize (outcome_date, date, error))
        return FALSE;
    }
  else
    vigil_timestamp_now (date);
  if (actor == NULL)
    actor = g_get_user_name ();

  if (!vigil_store_begin_write (self, error))
    return FALSE;
  if (vigil_sql_prepare (self->db,
                         "UPDATE decisions SET actual_outcome = ?, outcome_date = ? WHERE id = ?",
                         &update) != VIGIL_SQL_OK)
    goto fail;
  vigil_sql_bind_text (update, 1, value, -1);
  vigil_sql_bind_text (update, 2, date, -1);
  vigil_sql_bind_int64 (update, 3, decision_id);
  if (vigil_sql_step (update) != VIGIL_SQL_DONE)
    goto fail;
  if (vigil_sql_changes (self->db) == 0)
    {
      vigil_store_rollback (self);
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_NOT_FOUND,
                   _("There is no decision %" PRId64), decision_id);
      return FALSE;
    }

  target = g_strdup_printf ("decision:%" PRId64, decision_id);
  details = details_object ("value", value, "outcome_date", date, NULL);
  if (!vigil_store_append_event (self, actor, "outcome", target, details, error))
    {
      vigil_store_rollback (self);
      return FALSE;
    }
  return vigil_store_commit (self, error);

fail:
  vigil_store_set_sql_error (self, error, _("Could not record the outcome"));
  vigil_store_rollback (self);
  return FALSE;
}

/**
 * vigil_decision_event_free:
 *
 * Frees an event read by vigil_store_list_decision_events().
 */
void
vigil_decision_event_free (VigilDecisionEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->timestamp);
  g_free (event->actor);
  g_free (event->action);
  g_free (event->status);
  g_free (event->previous_status);
  g_free (event->notes);
  g_free (event->details);
  g_free (event);
}

static char *
column_dup (VigilSqlStmt *stmt,
            int           i)
{
  return g_strdup (column_text (stmt, i));
}

/**
 * vigil_store_list_decision_events:
 *
 * The people's actions on a decision (reviews, outcomes), oldest first, as the events
 * table records them.
 *
 * Returns: (transfer full) (element-type VigilDecisionEvent): the events, or %NULL with
 *   @error set
 */
GPtrArray *
vigil_store_list_decision_events (VigilStore  *self,
                                  gint64       decision_id,
                                  GError     **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *target = NULL;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  if (vigil_sql_prepare (self->db,
                         "SELECT id, timestamp, actor, action, "
                         "json_extract(details, '$.status'), "
                         "json_extract(details, '$.previous_status'), "
                         "coalesce(json_extract(details, '$.notes'), "
                         "json_extract(details, '$.note')), details "
                         "FROM events WHERE target = ? ORDER BY id", &stmt) != VIGIL_SQL_OK)
    goto fail;
  target = g_strdup_printf ("decision:%" PRId64, decision_id);
  vigil_sql_bind_text (stmt, 1, target, -1);

  events = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_decision_event_free);
  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      VigilDecisionEvent *event = g_new0 (VigilDecisionEvent, 1);

      event->id = vigil_sql_column_int64 (stmt, 0);
      event->timestamp = column_dup (stmt, 1);
      event->actor = column_dup (stmt, 2);
      event->action = column_dup (stmt, 3);
      event->status = column_dup (stmt, 4);
      event->previous_status = column_dup (stmt, 5);
      event->notes = column_dup (stmt, 6);
      event->details = column_dup (stmt, 7);
      g_ptr_array_add (events, event);
    }
  if (rc != VIGIL_SQL_DONE)
    goto fail;
  return g_steal_pointer (&events);

fail:
  vigil_store_set_sql_error (self, error, _("Could not read the decision’s history"));
  return NULL;
}

/**
 * vigil_store_list_models:
 *
 * Returns: (transfer full): a list of #VigilModelInfo, by name
 */
GListModel *
vigil_store_list_models (VigilStore  *self,
                         GError     **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  g_autoptr(GListStore) list = g_list_store_new (VIGIL_TYPE_MODEL_INFO);
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  if (vigil_sql_prepare (self->db,
                         "SELECT name, decisions, first_timestamp, last_timestamp FROM models "
                         "ORDER BY name", &stmt) != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (self, error, _("Could not list the models"));
      return NULL;
    }
  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      g_autoptr(VigilModelInfo) info =
        vigil_model_info_new (column_text (stmt, 0), vigil_sql_column_int64 (stmt, 1),
                              column_text (stmt, 2), column_text (stmt, 3));
      g_list_store_append (list, info);
    }
  if (rc != VIGIL_SQL_DONE)
    {
      vigil_store_set_sql_error (self, error, _("Could not list the models"));
      return NULL;
    }
  return G_LIST_MODEL (g_steal_pointer (&list));
}

static double
span_days (const char *from,
           const char *to)
{
  gint64 a, b;

  if (from == NULL || to == NULL || !vigil_timestamp_parse (from, &a, NULL) ||
      !vigil_timestamp_parse (to, &b, NULL) || b <= a)
    return 1.0;
  return (double) (b - a) / (double) G_TIME_SPAN_DAY;
}

/**
 * vigil_store_summarize:
 * @model_name: (nullable): one model, or %NULL for all
 * @from: (nullable): start of the period (included); the first decision when %NULL
 * @to: (nullable): end of the period (excluded); just after the last decision when %NULL
 *
 * Returns: (transfer full): the summary numbers of the period
 */
VigilSummary *
vigil_store_summarize (VigilStore  *self,
                       const char  *model_name,
                       const char  *from,
                       const char  *to,
                       GError     **error)
{
  g_autoptr(VigilSummary) summary = g_new0 (VigilSummary, 1);
  g_autoptr(VigilSqlStmt) decisions = NULL;
  g_autoptr(VigilSqlStmt) alerts = NULL;
  g_autoptr(GString) where = g_string_new (NULL);
  g_autofree char *decisions_sql = NULL;
  g_autofree char *alerts_sql = NULL;
  char f[VIGIL_TIMESTAMP_LEN] = "", t[VIGIL_TIMESTAMP_LEN] = "";
  char first[VIGIL_TIMESTAMP_LEN] = "", last[VIGIL_TIMESTAMP_LEN] = "";

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  if ((from && !vigil_timestamp_normalize (from, f, error)) ||
      (to && !vigil_timestamp_normalize (to, t, error)))
    return NULL;

  /* One statement for each combination of bounds, so that each can use an index; the
   * fragments are fixed text, every value is bound: ?1 model, ?2 from, ?3 to. */
  g_string_append (where, "WHERE 1");
  if (model_name)
    g_string_append (where, " AND model_name = ?1");
  if (f[0])
    g_string_append (where, " AND timestamp >= ?2");
  if (t[0])
    g_string_append (where, " AND timestamp < ?3");
  decisions_sql = g_strconcat ("SELECT count(*), total(review_status = 'pending'), "
                               "total(review_status IS NOT NULL AND review_status != 'pending'), "
                               "total(anomaly_flag = 1), avg(confidence), min(timestamp), "
                               "max(timestamp) FROM decisions ", where->str, NULL);
  /* Alerts belong to the period their window overlaps. */
  g_string_assign (where, "WHERE 1");
  if (model_name)
    g_string_append (where, " AND model_name = ?1");
  if (f[0])
    g_string_append (where, " AND window_end > ?2");
  if (t[0])
    g_string_append (where, " AND window_start < ?3");
  alerts_sql = g_strconcat ("SELECT count(*), total(severity = 'HIGH'), total(acknowledged = 0) "
                            "FROM alerts ", where->str, NULL);

  if (vigil_sql_prepare (self->db, decisions_sql, &decisions) != VIGIL_SQL_OK ||
      vigil_sql_prepare (self->db, alerts_sql, &alerts) != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (self, error, _("Could not summarize the period"));
      return NULL;
    }

  for (int i = 0; i < 2; i++)
    {
      VigilSqlStmt *stmt = i == 0 ? decisions : alerts;

      if (model_name)
        vigil_sql_bind_text (stmt, 1, model_name, -1);
      if (f[0])
        vigil_sql_bind_text (stmt, 2, f, -1);
      if (t[0])
        vigil_sql_bind_text (stmt, 3, t, -1);
      if (vigil_sql_step (stmt) != VIGIL_SQL_ROW)
        {
          vigil_store_set_sql_error (self, error, _("Could not summarize the period"));
          return NULL;
        }
    }

  summary->model_name = g_strdup (model_name);
  summary->total_decisions = vigil_sql_column_int64 (decisions, 0);
  summary->pending_reviews = (gint64) vigil_sql_column_double (decisions, 1);
  summary->reviewed = (gint64) vigil_sql_column_double (decisions, 2);
  summary->flagged = (gint64) vigil_sql_column_double (decisions, 3);
  summary->mean_confidence = column_real (decisions, 4);
  if (column_text (decisions, 5))
    g_strlcpy (first, column_text (decisions, 5), sizeof first);
  if (column_text (decisions, 6))
    g_strlcpy (last, column_text (decisions, 6), sizeof last);
  summary->alerts = vigil_sql_column_int64 (alerts, 0);
  summary->high_alerts = (gint64) vigil_sql_column_double (alerts, 1);
  summary->unacknowledged_alerts = (gint64) vigil_sql_column_double (alerts, 2);

  summary->from = g_strdup (f[0] ? f : first[0] ? first : NULL);
  if (t[0])
    summary->to = g_strdup (t);
  else if (last[0])
    {
      gint64 usec;
      char after[VIGIL_TIMESTAMP_LEN];

      vigil_timestamp_parse (last, &usec, NULL);
      vigil_timestamp_format (usec + 1, after);
      summary->to = g_strdup (after);
    }
  summary->days = MAX (1.0, span_days (summary->from, summary->to));
  summary->decisions_per_day = (double) summary->total_decisions / summary->days;

  return g_steal_pointer (&summary);
}

/**
 * vigil_store_verify:
 * @progress: (nullable) (scope call): called now and then with rows done and rows in all
 *
 * Verifies the ledger in full, as of one moment: every link of every chain (one reader
 * connection per core), the immutability triggers and nothing shadowing the chained tables,
 * and that every head sealed by an earlier report or checkpoint is still a prefix of it.
 *
 * Returns: (transfer full): the report, intact or naming the first broken row
 */
VigilLedgerReport *
vigil_store_verify (VigilStore            *self,
                    GCancellable          *cancellable,
                    GFileProgressCallback  progress,
                    gpointer               progress_data,
                    GError               **error)
{
  return vigil_store_verify_expecting (self, NULL, cancellable, progress, progress_data, error);
}

/**
 * vigil_store_verify_expecting:
 * @expect_head: (nullable): a head printed by an earlier verification or sealed in a report
 *
 * Like vigil_store_verify(), and also checks that the ledger still holds @expect_head: that
 * no row it covered was deleted or rewritten since. A head recorded from a broken ledger
 * ("broken:...") is refused with an error.
 */
VigilLedgerReport *
vigil_store_verify_expecting (VigilStore            *self,
                              const char            *expect_head,
                              GCancellable          *cancellable,
                              GFileProgressCallback  progress,
                              gpointer               progress_data,
                              GError               **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  return vigil_ledger_verify_full (self->db, self->path, !self->read_only, expect_head,
                                   self->witness, cancellable, progress, progress_data, error);
}

/**
 * vigil_store_set_witness:
 * @witness: (nullable): a witness file read with vigil_witness_load(), or %NULL for none
 *
 * Makes every full verification on this store (vigil_store_verify() and the reports built on
 * it) also check that each head of @witness is a prefix of the ledger.
 */
void
vigil_store_set_witness (VigilStore   *self,
                         VigilWitness *witness)
{
  g_return_if_fail (VIGIL_IS_STORE (self));
  g_return_if_fail (witness == NULL || VIGIL_IS_WITNESS (witness));

  g_set_object (&self->witness, witness);
}

/**
 * vigil_store_verify_holding:
 * @view: a store opened read-only on the same file, not in a transaction
 *
 * Like vigil_store_verify_expecting(), and on success leaves @view in a read transaction on
 * the very snapshot verified: what is read through @view then is what was verified, even
 * while others write. End it with vigil_store_end_read(). When @view is %NULL (the file
 * cannot be opened twice), the verification runs on this store's connection alone, inside a
 * read transaction that it leaves open in the same way.
 */
VigilLedgerReport *
vigil_store_verify_holding (VigilStore            *self,
                            VigilStore            *view,
                            const char            *expect_head,
                            GCancellable          *cancellable,
                            GFileProgressCallback  progress,
                            gpointer               progress_data,
                            GError               **error)
{
  VigilLedgerReport *report;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  if (view != NULL)
    return vigil_ledger_verify_pinned (self->db, self->path, !self->read_only, view->db,
                                       expect_head, self->witness, cancellable, progress,
                                       progress_data, error);
  if (!vigil_store_exec (self, "BEGIN", error))
    return NULL;
  report = vigil_ledger_verify_full (self->db, NULL, FALSE, expect_head, self->witness,
                                     cancellable, progress, progress_data, error);
  if (report == NULL)
    vigil_store_end_read (self);
  return report;
}

/* Ends the read transaction vigil_store_verify_holding() left open. */
void
vigil_store_end_read (VigilStore *self)
{
  if (vigil_sql_in_transaction (self->db))
    vigil_sql_exec (self->db, "ROLLBACK");
}

/**
 * vigil_store_export_ledger_csv:
 * @out_rows: (out) (optional): the rows written
 *
 * Writes the ledger's chained columns as CSV (vigil_ledger_export_csv()), read in one
 * transaction.
 */
gboolean
vigil_store_export_ledger_csv (VigilStore     *self,
                               GOutputStream  *out,
                               GCancellable   *cancellable,
                               gint64         *out_rows,
                               GError        **error)
{
  gboolean ok;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);

  if (!vigil_store_exec (self, "BEGIN", error))
    return FALSE;
  ok = vigil_ledger_export_csv (self->db, out, cancellable, out_rows, error);
  vigil_sql_exec (self->db, "COMMIT");
  return ok;
}

/* Checkpoints ------------------------------------------------------------------------------ */

/**
 * vigil_store_record_checkpoint:
 * @report: the intact report of a full verification of this database
 * @actor: (nullable): who verified (NULL: the login name)
 * @out_event_id: (out) (optional): the id of the event recorded
 *
 * Appends a ledger_verified event, itself chained, with what @report found: per chain the last
 * id verified and its record_hash, the records and the head. Later verifications may start
 * from it (vigil_store_verify_since_checkpoint()).
 */
gboolean
vigil_store_record_checkpoint (VigilStore         *self,
                               VigilLedgerReport  *report,
                               const char         *actor,
                               gint64             *out_event_id,
                               GError            **error)
{
  g_autofree char *details = NULL;
  char head[65];
  gint64 event_id;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  if (!vigil_ledger_report_is_intact (report) || !vigil_ledger_report_is_full (report))
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("Only a full verification that found the ledger intact can be recorded "
                     "as a checkpoint"));
      return FALSE;
    }
  if (actor == NULL || *actor == '\0')
    actor = g_get_user_name ();

  details = vigil_ledger_checkpoint_details (report);
  if (!vigil_store_begin_write (self, error))
    return FALSE;
  if (!vigil_ledger_read_head (self->db, VIGIL_CHAIN_EVENTS, &event_id, head, error) ||
      !vigil_store_append_event (self, actor, VIGIL_LEDGER_CHECKPOINT_ACTION, "ledger", details,
                                 error))
    {
      vigil_store_rollback (self);
      return FALSE;
    }
  if (!vigil_store_commit (self, error))
    return FALSE;
  if (out_event_id != NULL)
    *out_event_id = event_id + 1;
  return TRUE;
}

/**
 * vigil_store_verify_and_checkpoint:
 * @actor: (nullable): who verifies (NULL: the login name)
 *
 * A full verification, as vigil_store_verify(); when it finds the ledger intact and the
 * database is writable, records it as a checkpoint. The report's head is that of the records
 * verified, before the checkpoint's own event. A checkpoint that cannot be recorded (the
 * database locked too long, the disk full) leaves the report intact and says why in
 * vigil_ledger_report_get_unrecorded().
 */
VigilLedgerReport *
vigil_store_verify_and_checkpoint (VigilStore            *self,
                                   const char            *actor,
                                   GCancellable          *cancellable,
                                   GFileProgressCallback  progress,
                                   gpointer               progress_data,
                                   GError               **error)
{
  g_autoptr(VigilLedgerReport) report = NULL;
  g_autoptr(GError) local_error = NULL;

  report = vigil_store_verify (self, cancellable, progress, progress_data, error);
  if (report == NULL)
    return NULL;
  if (vigil_ledger_report_is_intact (report) && !self->read_only &&
      !vigil_store_record_checkpoint (self, report, actor, NULL, &local_error))
    vigil_ledger_report_set_unrecorded (report, local_error->message);
  return g_steal_pointer (&report);
}

/**
 * vigil_store_verify_since_checkpoint:
 *
 * Finds the latest checkpoint, checks that the rows at its ids still carry its hashes (a
 * rewritten or cut tail is caught), and rehashes only the records after them. Without a
 * usable checkpoint, verifies in full. The report says which (vigil_ledger_report_is_full()).
 *
 * What it proves: the records before the checkpoint were verified in full when it was
 * recorded, and the rows at its ids are unchanged; an edit since then to an earlier record
 * that left the following hashes alone is only caught by a full verification, or by one
 * expecting an earlier sealed head.
 */
VigilLedgerReport *
vigil_store_verify_since_checkpoint (VigilStore            *self,
                                     GCancellable          *cancellable,
                                     GFileProgressCallback  progress,
                                     gpointer               progress_data,
                                     GError               **error)
{
  VigilLedgerCheckpoint checkpoint;
  VigilLedgerReport *report;
  gboolean found;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  if (!vigil_store_exec (self, "BEGIN", error))
    return NULL;
  if (!vigil_ledger_find_checkpoint (self->db, &checkpoint, &found, error))
    {
      vigil_sql_exec (self->db, "COMMIT");
      return NULL;
    }
  if (found)
    report = vigil_ledger_verify_since (self->db, &checkpoint, cancellable, progress,
                                        progress_data, error);
  else
    report = vigil_ledger_verify (self->db, NULL, cancellable, progress, progress_data, error);
  vigil_sql_exec (self->db, "COMMIT");
  vigil_ledger_checkpoint_clear (&checkpoint);
  return report;
}

/* The detection policy --------------------------------------------------------------------- */

/**
 * vigil_store_get_policy:
 *
 * The detection policy in force in this database, as the app, vigilctl detect and the reports
 * use it: the one last stored with vigil_store_set_policy(), else the notebook's defaults.
 *
 * Returns: (transfer full): the policy, or %NULL with @error set if it cannot be read
 */
VigilPolicy *
vigil_store_get_policy (VigilStore  *self,
                        GError     **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  VigilPolicy *policy;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  if (vigil_sql_prepare (self->db, "SELECT value FROM meta WHERE key = 'policy'",
                                   &stmt) != VIGIL_SQL_OK)
    goto fail;
  rc = vigil_sql_step (stmt);
  if (rc == VIGIL_SQL_DONE || (rc == VIGIL_SQL_ROW && vigil_sql_column_type (stmt, 0) == VIGIL_SQL_NULL))
    return vigil_policy_new ();
  if (rc != VIGIL_SQL_ROW)
    goto fail;

  policy = vigil_policy_new_from_data (vigil_sql_column_text (stmt, 0),
                                       _("the database’s policy"), &local_error);
  if (policy == NULL)
    g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CORRUPT,
                 _("The detection policy stored in “%s” cannot be read: %s"), self->path,
                 local_error->message);
  return policy;

fail:
  vigil_store_set_sql_error (self, error, _("Could not read the detection policy"));
  return NULL;
}

/**
 * vigil_store_set_policy:
 * @who: the person who changes the policy
 *
 * Stores @policy as the one in force, with an events row (action “policy”, target “policy”)
 * whose details hold the new policy's text and its SHA-256, in one transaction. Storing the
 * policy already in force changes nothing and records nothing.
 */
gboolean
vigil_store_set_policy (VigilStore   *self,
                        VigilPolicy  *policy,
                        const char   *who,
                        GError      **error)
{
  g_autoptr(VigilSqlStmt) select = NULL;
  g_autoptr(VigilSqlStmt) update = NULL;
  g_autofree char *text = NULL;
  g_autofree char *details = NULL;
  char digest[65];
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_POLICY (policy), FALSE);

  if (!check_person (who, _("Changing the detection policy"), error))
    return FALSE;
  text = vigil_policy_to_data (policy);
  if (!vigil_store_begin_write (self, error))
    return FALSE;

  if (vigil_sql_prepare (self->db, "SELECT value FROM meta WHERE key = 'policy'",
                                   &select) != VIGIL_SQL_OK)
    goto fail;
  rc = vigil_sql_step (select);
  if (rc != VIGIL_SQL_ROW && rc != VIGIL_SQL_DONE)
    goto fail;
  if (rc == VIGIL_SQL_ROW && g_strcmp0 (vigil_sql_column_text (select, 0), text) == 0)
    {
      vigil_store_rollback (self);
      return TRUE;
    }

  if (vigil_sql_prepare (self->db,
                         "INSERT OR REPLACE INTO meta (key, value) VALUES ('policy', ?)",
                         &update) != VIGIL_SQL_OK)
    goto fail;
  vigil_sql_bind_text (update, 1, text, -1);
  if (vigil_sql_step (update) != VIGIL_SQL_DONE)
    goto fail;

  vigil_sha256_hex (text, strlen (text), digest);
  details = details_object ("sha256", digest, "policy", text, NULL);
  if (!vigil_store_append_event (self, who, "policy", "policy", details, error))
    {
      vigil_store_rollback (self);
      return FALSE;
    }
  return vigil_store_commit (self, error);

fail:
  vigil_store_set_sql_error (self, error, _("Could not store the detection policy"));
  vigil_store_rollback (self);
  return FALSE;
}
