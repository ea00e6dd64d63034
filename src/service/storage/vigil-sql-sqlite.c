/* vigil-sql-sqlite.c: VigilSql on SQLite, the embedded default
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-sql"

#include "config.h"

#include <string.h>

#include "vigil-sql-backend.h"
#include "vigil-sql-sqlite.h"

typedef struct
{
  VigilSql      parent;
  sqlite3      *db;
  GCancellable *cancellable;
} SqliteSql;

typedef struct
{
  VigilSqlStmt  parent;
  sqlite3_stmt *stmt;
} SqliteStmt;

static const VigilSqlBackend sqlite_backend;

#define DB(sql)     (((SqliteSql *) (sql))->db)
#define STMT(stmt)  (((SqliteStmt *) (stmt))->stmt)

static int
result_of (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_OK:         return VIGIL_SQL_OK;
    case SQLITE_ROW:        return VIGIL_SQL_ROW;
    case SQLITE_DONE:       return VIGIL_SQL_DONE;
    case SQLITE_BUSY:       return VIGIL_SQL_BUSY;
    case SQLITE_LOCKED:     return VIGIL_SQL_LOCKED;
    case SQLITE_READONLY:   return VIGIL_SQL_READONLY;
    case SQLITE_INTERRUPT:  return VIGIL_SQL_INTERRUPT;
    case SQLITE_IOERR:      return VIGIL_SQL_IOERR;
    case SQLITE_CORRUPT:    return VIGIL_SQL_CORRUPT;
    case SQLITE_NOTADB:     return VIGIL_SQL_NOTADB;
    case SQLITE_FULL:       return VIGIL_SQL_FULL;
    case SQLITE_CANTOPEN:   return VIGIL_SQL_CANTOPEN;
    case SQLITE_CONSTRAINT: return VIGIL_SQL_CONSTRAINT;
    case SQLITE_PERM:
    case SQLITE_AUTH:       return VIGIL_SQL_PERM;
    default:                return VIGIL_SQL_ERROR;
    }
}

sqlite3 *
vigil_sql_sqlite_get_handle (VigilSql *sql)
{
  g_return_val_if_fail (sql != NULL && sql->backend == &sqlite_backend, NULL);

  return DB (sql);
}

/* Whether @path names something inside the folder @dir (not @dir itself) */
static gboolean
is_inside (const char *path,
           const char *dir)
{
  size_t n = strlen (dir);

  return strncmp (path, dir, n) == 0 && path[n] == '/' && path[n + 1] != '\0';
}

/**
 * vigil_sql_sqlite_is_document_portal_path:
 * @path: a database file's path, absolute or relative to the current folder
 * @runtime_dir: (nullable): the user's runtime folder (g_get_user_runtime_dir())
 *
 * Whether @path lies in the file system of the document portal, through which a sandboxed
 * application (Flatpak) reaches a file the user chose: `doc/` in @runtime_dir, any
 * `/run/user/UID/doc/`, or `/run/flatpak/doc/` inside the sandbox. That FUSE file system
 * cannot hold the shared memory index of SQLite's write-ahead log, so a database there is
 * opened with a rollback journal. The path is judged as written (made absolute, `.` and
 * `..` resolved), without touching the file system.
 *
 * Returns: %TRUE for a path in the document portal
 */
gboolean
vigil_sql_sqlite_is_document_portal_path (const char *path,
                                          const char *runtime_dir)
{
  g_autofree char *absolute = NULL;
  const char *rest;

  g_return_val_if_fail (path != NULL, FALSE);

  absolute = g_canonicalize_filename (path, NULL);
  if (runtime_dir != NULL && *runtime_dir != '\0')
    {
      g_autofree char *doc = g_build_filename (runtime_dir, "doc", NULL);
      g_autofree char *canonical_doc = g_canonicalize_filename (doc, NULL);

      if (is_inside (absolute, canonical_doc))
        return TRUE;
    }
  if (is_inside (absolute, "/run/flatpak/doc"))
    return TRUE;
  if (!g_str_has_prefix (absolute, "/run/user/"))
    return FALSE;
  rest = absolute + strlen ("/run/user/");
  if (!g_ascii_isdigit (*rest))
    return FALSE;
  while (g_ascii_isdigit (*rest))
    rest++;
  return g_str_has_prefix (rest, "/doc/") && rest[strlen ("/doc/")] != '\0';
}

int
vigil_sql_sqlite_open (const char         *path,
                       VigilSqlOpenFlags   flags,
                       VigilSql          **out_sql)
{
  SqliteSql *self = g_new0 (SqliteSql, 1);
  int sqlite_flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  int rc;

  if (flags & VIGIL_SQL_OPEN_READ_ONLY)
    sqlite_flags |= SQLITE_OPEN_READONLY;
  else
    sqlite_flags |= SQLITE_OPEN_READWRITE;
  if (flags & VIGIL_SQL_OPEN_CREATE)
    sqlite_flags |= SQLITE_OPEN_CREATE;
  if (flags & VIGIL_SQL_OPEN_MEMORY)
    sqlite_flags |= SQLITE_OPEN_MEMORY;

  self->parent.backend = &sqlite_backend;
  rc = sqlite3_open_v2 (path, &self->db, sqlite_flags, NULL);
  if (self->db == NULL)
    {
      g_free (self);
      *out_sql = NULL;
      return VIGIL_SQL_CANTOPEN;
    }
  *out_sql = &self->parent;
  return result_of (rc);
}

static void
sqlite_close (VigilSql *sql)
{
  SqliteSql *self = (SqliteSql *) sql;

  if (self->cancellable != NULL)
    sqlite3_progress_handler (self->db, 0, NULL, NULL);
  g_clear_object (&self->cancellable);
  sqlite3_close_v2 (self->db);
  g_free (self);
}

static int
sqlite_exec (VigilSql   *sql,
             const char *text)
{
  return result_of (sqlite3_exec (DB (sql), text, NULL, NULL, NULL));
}

static int
sqlite_prepare (VigilSql      *sql,
                const char    *text,
                gboolean       persistent,
                VigilSqlStmt **out_stmt)
{
  sqlite3_stmt *stmt = NULL;
  SqliteStmt *self;
  int rc;

  rc = sqlite3_prepare_v3 (DB (sql), text, -1, persistent ? SQLITE_PREPARE_PERSISTENT : 0,
                           &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      return result_of (rc);
    }
  self = g_new (SqliteStmt, 1);
  self->parent.backend = &sqlite_backend;
  self->parent.sql = sql;
  self->stmt = stmt;
  *out_stmt = &self->parent;
  return VIGIL_SQL_OK;
}

static int
sqlite_errcode (VigilSql *sql)
{
  return result_of (sqlite3_extended_errcode (DB (sql)));
}

static const char *
sqlite_errmsg (VigilSql *sql)
{
  return sqlite3_errmsg (DB (sql));
}

static gint64
sqlite_changes (VigilSql *sql)
{
  return sqlite3_changes64 (DB (sql));
}

static gint64
sqlite_last_insert_id (VigilSql *sql)
{
  return sqlite3_last_insert_rowid (DB (sql));
}

static gboolean
sqlite_in_transaction (VigilSql *sql)
{
  return !sqlite3_get_autocommit (DB (sql));
}

static void
sqlite_set_busy_timeout (VigilSql *sql,
                         int       msec)
{
  sqlite3_busy_timeout (DB (sql), msec);
}

static void
sqlite_interrupt (VigilSql *sql)
{
  sqlite3_interrupt (DB (sql));
}

/* A query of millions of rows that nobody waits for any more (the user chose another model)
 * stops within a few thousand SQLite steps, so that it does not hold up the work queued
 * behind it. */
static int
progress_cb (void *data)
{
  return g_cancellable_is_cancelled (data);
}

static void
sqlite_set_cancellable (VigilSql     *sql,
                        GCancellable *cancellable)
{
  SqliteSql *self = (SqliteSql *) sql;

  g_set_object (&self->cancellable, cancellable);
  if (cancellable != NULL)
    sqlite3_progress_handler (self->db, 4096, progress_cb, cancellable);
  else
    sqlite3_progress_handler (self->db, 0, NULL, NULL);
}

static int
sqlite_step (VigilSqlStmt *stmt)
{
  return result_of (sqlite3_step (STMT (stmt)));
}

static int
sqlite_reset (VigilSqlStmt *stmt)
{
  return result_of (sqlite3_reset (STMT (stmt)));
}

static void
sqlite_clear_bindings (VigilSqlStmt *stmt)
{
  sqlite3_clear_bindings (STMT (stmt));
}

static void
sqlite_finalize (VigilSqlStmt *stmt)
{
  sqlite3_finalize (STMT (stmt));
  g_free (stmt);
}

static int
sqlite_bind_int64 (VigilSqlStmt *stmt,
                   int           index,
                   gint64        value)
{
  return result_of (sqlite3_bind_int64 (STMT (stmt), index, value));
}

static int
sqlite_bind_double (VigilSqlStmt *stmt,
                    int           index,
                    double        value)
{
  return result_of (sqlite3_bind_double (STMT (stmt), index, value));
}

static int
sqlite_bind_null (VigilSqlStmt *stmt,
                  int           index)
{
  return result_of (sqlite3_bind_null (STMT (stmt), index));
}

static int
sqlite_bind_text (VigilSqlStmt *stmt,
                  int           index,
                  const char   *text,
                  int           len,
                  gboolean      copy)
{
  return result_of (sqlite3_bind_text (STMT (stmt), index, text, len,
                                       copy ? SQLITE_TRANSIENT : SQLITE_STATIC));
}

static int
sqlite_column_count (VigilSqlStmt *stmt)
{
  return sqlite3_column_count (STMT (stmt));
}

static VigilSqlType
sqlite_column_type (VigilSqlStmt *stmt,
                    int           column)
{
  switch (sqlite3_column_type (STMT (stmt), column))
    {
    case SQLITE_INTEGER: return VIGIL_SQL_INTEGER;
    case SQLITE_FLOAT:   return VIGIL_SQL_FLOAT;
    case SQLITE_TEXT:    return VIGIL_SQL_TEXT;
    case SQLITE_BLOB:    return VIGIL_SQL_BLOB;
    default:             return VIGIL_SQL_NULL;
    }
}

static gint64
sqlite_column_int64 (VigilSqlStmt *stmt,
                     int           column)
{
  return sqlite3_column_int64 (STMT (stmt), column);
}

static double
sqlite_column_double (VigilSqlStmt *stmt,
                      int           column)
{
  return sqlite3_column_double (STMT (stmt), column);
}

static const char *
sqlite_column_text (VigilSqlStmt *stmt,
                    int           column)
{
  return (const char *) sqlite3_column_text (STMT (stmt), column);
}

static int
sqlite_column_bytes (VigilSqlStmt *stmt,
                     int           column)
{
  return sqlite3_column_bytes (STMT (stmt), column);
}

static const char *
sqlite_column_name (VigilSqlStmt *stmt,
                    int           column)
{
  return sqlite3_column_name (STMT (stmt), column);
}

static const VigilSqlBackend sqlite_backend = {
  .engine = VIGIL_SQL_SQLITE,
  .close = sqlite_close,
  .exec = sqlite_exec,
  .prepare = sqlite_prepare,
  .errcode = sqlite_errcode,
  .errmsg = sqlite_errmsg,
  .changes = sqlite_changes,
  .last_insert_id = sqlite_last_insert_id,
  .in_transaction = sqlite_in_transaction,
  .set_busy_timeout = sqlite_set_busy_timeout,
  .interrupt = sqlite_interrupt,
  .set_cancellable = sqlite_set_cancellable,
  .step = sqlite_step,
  .reset = sqlite_reset,
  .clear_bindings = sqlite_clear_bindings,
  .finalize = sqlite_finalize,
  .bind_int64 = sqlite_bind_int64,
  .bind_double = sqlite_bind_double,
  .bind_null = sqlite_bind_null,
  .bind_text = sqlite_bind_text,
  .column_count = sqlite_column_count,
  .column_type = sqlite_column_type,
  .column_int64 = sqlite_column_int64,
  .column_double = sqlite_column_double,
  .column_text = sqlite_column_text,
  .column_bytes = sqlite_column_bytes,
  .column_name = sqlite_column_name,
};
