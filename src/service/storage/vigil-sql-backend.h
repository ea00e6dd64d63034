/* vigil-sql-backend.h: what a database engine gives VigilSql (for the backends only)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A backend's connection begins with a VigilSql and its statement with a VigilSqlStmt; the
 * calls in vigil-sql.c and vigil-sql-stmt.c go through the backend's table.
 */

#pragma once

#include "vigil-sql.h"
#include "vigil-sql-stmt.h"

G_BEGIN_DECLS

typedef struct
{
  VigilSqlEngine engine;

  void          (*close)             (VigilSql      *sql);
  int           (*exec)              (VigilSql      *sql,
                                      const char    *text);
  int           (*prepare)           (VigilSql      *sql,
                                      const char    *text,
                                      gboolean       persistent,
                                      VigilSqlStmt **out_stmt);
  int           (*errcode)           (VigilSql      *sql);
  const char   *(*errmsg)            (VigilSql      *sql);
  gint64        (*changes)           (VigilSql      *sql);
  gint64        (*last_insert_id)    (VigilSql      *sql);
  gboolean      (*in_transaction)    (VigilSql      *sql);
  void          (*set_busy_timeout)  (VigilSql      *sql,
                                      int            msec);
  void          (*interrupt)         (VigilSql      *sql);
  void          (*set_cancellable)   (VigilSql      *sql,
                                      GCancellable  *cancellable);
  /* Notifications: %NULL where the engine has none */
  int           (*listen)            (VigilSql      *sql,
                                      const char    *channel);
  int           (*wait_notification) (VigilSql      *sql,
                                      int            timeout_ms,
                                      GCancellable  *cancellable,
                                      GPtrArray    **out_payloads);
  guint         (*session)           (VigilSql      *sql);
  /* Bulk loading (PostgreSQL's COPY … FROM STDIN): %NULL where the engine has none */
  int           (*copy_in)           (VigilSql      *sql,
                                      const char    *text,
                                      const char    *data,
                                      gsize          len);

  int           (*step)              (VigilSqlStmt  *stmt);
  int           (*reset)             (VigilSqlStmt  *stmt);
  void          (*clear_bindings)    (VigilSqlStmt  *stmt);
  void          (*finalize)          (VigilSqlStmt  *stmt);
  int           (*bind_int64)        (VigilSqlStmt  *stmt,
                                      int            index,
                                      gint64         value);
  int           (*bind_double)       (VigilSqlStmt  *stmt,
                                      int            index,
                                      double         value);
  int           (*bind_null)         (VigilSqlStmt  *stmt,
                                      int            index);
  int           (*bind_text)         (VigilSqlStmt  *stmt,
                                      int            index,
                                      const char    *text,
                                      int            len,
                                      gboolean       copy);
  int           (*column_count)      (VigilSqlStmt  *stmt);
  VigilSqlType  (*column_type)       (VigilSqlStmt  *stmt,
                                      int            column);
  gint64        (*column_int64)      (VigilSqlStmt  *stmt,
                                      int            column);
  double        (*column_double)     (VigilSqlStmt  *stmt,
                                      int            column);
  const char   *(*column_text)       (VigilSqlStmt  *stmt,
                                      int            column);
  int           (*column_bytes)      (VigilSqlStmt  *stmt,
                                      int            column);
  const char   *(*column_name)       (VigilSqlStmt  *stmt,
                                      int            column);
} VigilSqlBackend;

struct _VigilSql
{
  const VigilSqlBackend *backend;
  char                  *location;
  /* Held through each round trip to the engine, so that threads sharing a connection take
   * turns: SQLite serializes a connection by itself, libpq does not */
  GRecMutex             *lock;
};

struct _VigilSqlStmt
{
  const VigilSqlBackend *backend;
  VigilSql              *sql;
};

/* A connection's turn, held through each round trip to its engine (recursive) */
void vigil_sql_lock             (VigilSql           *self);
void vigil_sql_unlock           (VigilSql           *self);

/* The backends' own openers, called by vigil_sql_open() */
int  vigil_sql_sqlite_open      (const char         *path,
                                 VigilSqlOpenFlags   flags,
                                 VigilSql          **out_sql);
int  vigil_sql_postgres_open    (const char         *uri,
                                 VigilSqlOpenFlags   flags,
                                 VigilSql          **out_sql);

G_END_DECLS
