/* vigil-sql-stmt.h: a prepared statement of a VigilSql connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Parameters are written "?" and numbered from 1; columns from 0. Text bound with
 * vigil_sql_bind_text() must stay alive until the statement is reset or bound again;
 * vigil_sql_bind_text_copy() copies it. %NULL text binds NULL.
 */

#pragma once

#include "vigil-sql.h"

G_BEGIN_DECLS

int           vigil_sql_step             (VigilSqlStmt *self);
int           vigil_sql_reset            (VigilSqlStmt *self);
void          vigil_sql_clear_bindings   (VigilSqlStmt *self);
void          vigil_sql_finalize         (VigilSqlStmt *self);
VigilSql     *vigil_sql_stmt_get_sql     (VigilSqlStmt *self);

int           vigil_sql_bind_int64       (VigilSqlStmt *self,
                                          int           index,
                                          gint64        value);
int           vigil_sql_bind_double      (VigilSqlStmt *self,
                                          int           index,
                                          double        value);
int           vigil_sql_bind_null        (VigilSqlStmt *self,
                                          int           index);
int           vigil_sql_bind_text        (VigilSqlStmt *self,
                                          int           index,
                                          const char   *text,
                                          int           len);
int           vigil_sql_bind_text_copy   (VigilSqlStmt *self,
                                          int           index,
                                          const char   *text,
                                          int           len);

int           vigil_sql_column_count     (VigilSqlStmt *self);
VigilSqlType  vigil_sql_column_type      (VigilSqlStmt *self,
                                          int           column);
gint64        vigil_sql_column_int64     (VigilSqlStmt *self,
                                          int           column);
int           vigil_sql_column_int       (VigilSqlStmt *self,
                                          int           column);
double        vigil_sql_column_double    (VigilSqlStmt *self,
                                          int           column);
const char   *vigil_sql_column_text      (VigilSqlStmt *self,
                                          int           column);
int           vigil_sql_column_bytes     (VigilSqlStmt *self,
                                          int           column);
const char   *vigil_sql_column_name      (VigilSqlStmt *self,
                                          int           column);
char         *vigil_sql_column_dup       (VigilSqlStmt *self,
                                          int           column);
double        vigil_sql_column_double_or_nan (VigilSqlStmt *self,
                                              int           column);

/* A LIMIT to bind: a negative @limit (no limit, as SQLite reads -1) as the largest, which
 * every engine takes */
static inline gint64
vigil_sql_limit (gint64 limit)
{
  return limit < 0 ? G_MAXINT64 : limit;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilSqlStmt, vigil_sql_finalize)

G_END_DECLS
