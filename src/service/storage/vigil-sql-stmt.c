/* vigil-sql-stmt.c: a prepared statement of a VigilSql connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-sql"

#include "config.h"

#include <math.h>

#include "vigil-sql-backend.h"

int
vigil_sql_step (VigilSqlStmt *self)
{
  int rc;

  vigil_sql_lock (self->sql);
  rc = self->backend->step (self);
  vigil_sql_unlock (self->sql);
  return rc;
}

int
vigil_sql_reset (VigilSqlStmt *self)
{
  int rc;

  vigil_sql_lock (self->sql);
  rc = self->backend->reset (self);
  vigil_sql_unlock (self->sql);
  return rc;
}

void
vigil_sql_clear_bindings (VigilSqlStmt *self)
{
  self->backend->clear_bindings (self);
}

void
vigil_sql_finalize (VigilSqlStmt *self)
{
  VigilSql *sql;

  if (self == NULL)
    return;
  sql = self->sql;
  vigil_sql_lock (sql);
  self->backend->finalize (self);
  vigil_sql_unlock (sql);
}

VigilSql *
vigil_sql_stmt_get_sql (VigilSqlStmt *self)
{
  return self->sql;
}

int
vigil_sql_bind_int64 (VigilSqlStmt *self,
                      int           index,
                      gint64        value)
{
  return self->backend->bind_int64 (self, index, value);
}

int
vigil_sql_bind_double (VigilSqlStmt *self,
                       int           index,
                       double        value)
{
  return self->backend->bind_double (self, index, value);
}

int
vigil_sql_bind_null (VigilSqlStmt *self,
                     int           index)
{
  return self->backend->bind_null (self, index);
}

int
vigil_sql_bind_text (VigilSqlStmt *self,
                     int           index,
                     const char   *text,
                     int           len)
{
  return self->backend->bind_text (self, index, text, len, FALSE);
}

int
vigil_sql_bind_text_copy (VigilSqlStmt *self,
                          int           index,
                          const char   *text,
                          int           len)
{
  return self->backend->bind_text (self, index, text, len, TRUE);
}

int
vigil_sql_column_count (VigilSqlStmt *self)
{
  return self->backend->column_count (self);
}

VigilSqlType
vigil_sql_column_type (VigilSqlStmt *self,
                       int           column)
{
  return self->backend->column_type (self, column);
}

gint64
vigil_sql_column_int64 (VigilSqlStmt *self,
                        int           column)
{
  return self->backend->column_int64 (self, column);
}

int
vigil_sql_column_int (VigilSqlStmt *self,
                      int           column)
{
  return (int) self->backend->column_int64 (self, column);
}

double
vigil_sql_column_double (VigilSqlStmt *self,
                         int           column)
{
  return self->backend->column_double (self, column);
}

const char *
vigil_sql_column_text (VigilSqlStmt *self,
                       int           column)
{
  return self->backend->column_text (self, column);
}

int
vigil_sql_column_bytes (VigilSqlStmt *self,
                        int           column)
{
  return self->backend->column_bytes (self, column);
}

/* The name of a result column, known before the first step */
const char *
vigil_sql_column_name (VigilSqlStmt *self,
                       int           column)
{
  return self->backend->column_name (self, column);
}

/* A copy of a text column, %NULL for NULL */
char *
vigil_sql_column_dup (VigilSqlStmt *self,
                      int           column)
{
  return g_strdup (self->backend->column_text (self, column));
}

/* A number column, NAN for NULL */
double
vigil_sql_column_double_or_nan (VigilSqlStmt *self,
                                int           column)
{
  if (self->backend->column_type (self, column) == VIGIL_SQL_NULL)
    return NAN;
  return self->backend->column_double (self, column);
}
