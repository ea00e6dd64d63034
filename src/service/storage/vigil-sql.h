/* vigil-sql.h: a connection to the database that holds a Vigil log, whatever its engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every statement Vigil runs goes through a VigilSql and its VigilSqlStmt; only the backends
 * (vigil-sql-sqlite.c, vigil-sql-postgres.c) know the engine's own client library. The calls
 * keep the shape of a step-wise cursor: prepare, bind, step until VIGIL_SQL_DONE, reset.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What a call gives back: VIGIL_SQL_OK, a row, the end, or what went wrong. */
typedef enum
{
  VIGIL_SQL_OK = 0,
  VIGIL_SQL_ERROR,        /* anything not below: a bad statement, a missing table */
  VIGIL_SQL_BUSY,         /* another connection holds the lock */
  VIGIL_SQL_LOCKED,       /* a table is locked by this connection's other work */
  VIGIL_SQL_READONLY,     /* the database or this login cannot write */
  VIGIL_SQL_INTERRUPT,    /* vigil_sql_interrupt() or a cancellable stopped it */
  VIGIL_SQL_IOERR,        /* the storage could not be read or written */
  VIGIL_SQL_CORRUPT,      /* the database is damaged */
  VIGIL_SQL_NOTADB,       /* the file is not a database */
  VIGIL_SQL_FULL,         /* the disk is full */
  VIGIL_SQL_CANTOPEN,     /* the database could not be opened */
  VIGIL_SQL_CONSTRAINT,   /* a constraint or a trigger refused the change */
  VIGIL_SQL_PERM,         /* the login lacks the privilege */
  VIGIL_SQL_AUTH,         /* the server refused the login */
  VIGIL_SQL_CONNECTION,   /* the server could not be reached, or the connection was lost */
  VIGIL_SQL_ROW = 100,    /* vigil_sql_step(): a row is ready */
  VIGIL_SQL_DONE = 101,   /* vigil_sql_step(): no more rows */
} VigilSqlResult;

/* The type of a value in a result column. */
typedef enum
{
  VIGIL_SQL_INTEGER = 1,
  VIGIL_SQL_FLOAT,
  VIGIL_SQL_TEXT,
  VIGIL_SQL_BLOB,
  VIGIL_SQL_NULL,
} VigilSqlType;

typedef enum
{
  VIGIL_SQL_SQLITE,
  VIGIL_SQL_POSTGRESQL,
} VigilSqlEngine;

typedef enum
{
  VIGIL_SQL_OPEN_READ_ONLY = 1 << 0,
  VIGIL_SQL_OPEN_CREATE    = 1 << 1,   /* create the file when missing (SQLite) */
  VIGIL_SQL_OPEN_MEMORY    = 1 << 2,   /* a scratch database in memory (SQLite) */
} VigilSqlOpenFlags;

typedef struct _VigilSql     VigilSql;
typedef struct _VigilSqlStmt VigilSqlStmt;

gboolean        vigil_sql_location_is_uri     (const char        *location);

int             vigil_sql_open                (const char        *location,
                                               VigilSqlOpenFlags  flags,
                                               VigilSql         **out_sql);
void            vigil_sql_close               (VigilSql          *self);

VigilSqlEngine  vigil_sql_get_engine          (VigilSql          *self);
const char     *vigil_sql_get_location        (VigilSql          *self);

int             vigil_sql_exec                (VigilSql          *self,
                                               const char        *sql);
int             vigil_sql_prepare             (VigilSql          *self,
                                               const char        *sql,
                                               VigilSqlStmt     **out_stmt);
/* As vigil_sql_prepare(), for a statement kept and run many times */
int             vigil_sql_prepare_persistent  (VigilSql          *self,
                                               const char        *sql,
                                               VigilSqlStmt     **out_stmt);

int             vigil_sql_errcode             (VigilSql          *self);
const char     *vigil_sql_errmsg              (VigilSql          *self);
gint64          vigil_sql_changes             (VigilSql          *self);
gint64          vigil_sql_last_insert_id      (VigilSql          *self);
gboolean        vigil_sql_in_transaction      (VigilSql          *self);

void            vigil_sql_set_busy_timeout    (VigilSql          *self,
                                               int                msec);
/* Thread-safe: stops the statement running on @self as soon as it can */
void            vigil_sql_interrupt           (VigilSql          *self);
/* While set, a cancelled @cancellable interrupts what runs on @self */
void            vigil_sql_set_cancellable     (VigilSql          *self,
                                               GCancellable      *cancellable);

/* Notifications from other connections (PostgreSQL's LISTEN): an engine without them
 * answers VIGIL_SQL_ERROR */
gboolean        vigil_sql_has_notifications   (VigilSql          *self);
int             vigil_sql_listen              (VigilSql          *self,
                                               const char        *channel);
int             vigil_sql_wait_notification   (VigilSql          *self,
                                               int                timeout_ms,
                                               GCancellable      *cancellable,
                                               GPtrArray        **out_payloads);
/* Bulk loading: runs @text, a "COPY … FROM STDIN" in the server's text format, with @data
 * (@len bytes, whole lines) as its input. An engine without it answers VIGIL_SQL_ERROR. For
 * benchmarks and tools that fill a database; the store appends through INSERTs. */
int             vigil_sql_copy_in             (VigilSql          *self,
                                               const char        *text,
                                               const char        *data,
                                               gsize              len);
/* Counts the sessions a connection has had: it grows when a lost connection was made again,
 * after which what was sent to the old session (notifications too) may have been missed */
guint           vigil_sql_get_session         (VigilSql          *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilSql, vigil_sql_close)

G_END_DECLS
