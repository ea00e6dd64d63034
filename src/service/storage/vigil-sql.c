/* vigil-sql.c: a connection to the database that holds a Vigil log, whatever its engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-sql"

#include "config.h"

#include <string.h>

#include "vigil-sql-backend.h"

/**
 * vigil_sql_location_is_uri:
 * @location: where a database is
 *
 * Returns: whether @location names a database server (a `postgresql://` or `postgres://`
 *   URI) rather than a file.
 */
gboolean
vigil_sql_location_is_uri (const char *location)
{
  return location != NULL &&
         (g_str_has_prefix (location, "postgresql://") ||
          g_str_has_prefix (location, "postgres://"));
}

/**
 * vigil_sql_open:
 * @location: a file path, or a PostgreSQL connection URI
 * @flags: how to open it
 * @out_sql: (out): the connection
 *
 * Opens a connection. On failure, *@out_sql may still be set to a connection whose
 * vigil_sql_errmsg() says why; close it.
 *
 * Returns: %VIGIL_SQL_OK, or what went wrong
 */
int
vigil_sql_open (const char         *location,
                VigilSqlOpenFlags   flags,
                VigilSql          **out_sql)
{
  int rc;

  g_return_val_if_fail (location != NULL, VIGIL_SQL_ERROR);
  g_return_val_if_fail (out_sql != NULL, VIGIL_SQL_ERROR);

  *out_sql = NULL;
  if (vigil_sql_location_is_uri (location))
    rc = vigil_sql_postgres_open (location, flags, out_sql);
  else
    rc = vigil_sql_sqlite_open (location, flags, out_sql);
  if (*out_sql != NULL && (*out_sql)->location == NULL)
    (*out_sql)->location = g_strdup (location);
  if (*out_sql != NULL && (*out_sql)->lock == NULL)
    {
      (*out_sql)->lock = g_new0 (GRecMutex, 1);
      g_rec_mutex_init ((*out_sql)->lock);
    }
  return rc;
}

void
vigil_sql_close (VigilSql *self)
{
  GRecMutex *lock;

  if (self == NULL)
    return;
  g_free (self->location);
  self->location = NULL;
  lock = g_steal_pointer (&self->lock);
  self->backend->close (self);
  if (lock != NULL)
    {
      g_rec_mutex_clear (lock);
      g_free (lock);
    }
}

/* The connection's turn, for a round trip to the engine (none while it is being opened) */
void
vigil_sql_lock (VigilSql *self)
{
  if (self->lock != NULL)
    g_rec_mutex_lock (self->lock);
}

void
vigil_sql_unlock (VigilSql *self)
{
  if (self->lock != NULL)
    g_rec_mutex_unlock (self->lock);
}

VigilSqlEngine
vigil_sql_get_engine (VigilSql *self)
{
  return self->backend->engine;
}

const char *
vigil_sql_get_location (VigilSql *self)
{
  return self->location;
}

int
vigil_sql_exec (VigilSql   *self,
                const char *sql)
{
  int rc;

  vigil_sql_lock (self);
  rc = self->backend->exec (self, sql);
  vigil_sql_unlock (self);
  return rc;
}

int
vigil_sql_prepare (VigilSql      *self,
                   const char    *sql,
                   VigilSqlStmt **out_stmt)
{
  int rc;

  *out_stmt = NULL;
  vigil_sql_lock (self);
  rc = self->backend->prepare (self, sql, FALSE, out_stmt);
  vigil_sql_unlock (self);
  return rc;
}

int
vigil_sql_prepare_persistent (VigilSql      *self,
                              const char    *sql,
                              VigilSqlStmt **out_stmt)
{
  int rc;

  *out_stmt = NULL;
  vigil_sql_lock (self);
  rc = self->backend->prepare (self, sql, TRUE, out_stmt);
  vigil_sql_unlock (self);
  return rc;
}

int
vigil_sql_errcode (VigilSql *self)
{
  return self->backend->errcode (self);
}

const char *
vigil_sql_errmsg (VigilSql *self)
{
  return self->backend->errmsg (self);
}

gint64
vigil_sql_changes (VigilSql *self)
{
  return self->backend->changes (self);
}

gint64
vigil_sql_last_insert_id (VigilSql *self)
{
  gint64 id;

  vigil_sql_lock (self);
  id = self->backend->last_insert_id (self);
  vigil_sql_unlock (self);
  return id;
}

gboolean
vigil_sql_in_transaction (VigilSql *self)
{
  return self->backend->in_transaction (self);
}

void
vigil_sql_set_busy_timeout (VigilSql *self,
                            int       msec)
{
  self->backend->set_busy_timeout (self, msec);
}

void
vigil_sql_interrupt (VigilSql *self)
{
  self->backend->interrupt (self);
}

void
vigil_sql_set_cancellable (VigilSql     *self,
                           GCancellable *cancellable)
{
  self->backend->set_cancellable (self, cancellable);
}

gboolean
vigil_sql_has_notifications (VigilSql *self)
{
  return self->backend->listen != NULL;
}

int
vigil_sql_listen (VigilSql   *self,
                  const char *channel)
{
  g_return_val_if_fail (channel != NULL, VIGIL_SQL_ERROR);

  int rc;

  if (self->backend->listen == NULL)
    return VIGIL_SQL_ERROR;
  vigil_sql_lock (self);
  rc = self->backend->listen (self, channel);
  vigil_sql_unlock (self);
  return rc;
}

/**
 * vigil_sql_wait_notification:
 * @timeout_ms: how long to wait, -1 for as long as it takes
 * @out_payloads: (out) (transfer full): the payloads of the notifications that arrived,
 *   empty when the time ran out
 *
 * Blocks the calling thread until another connection notifies a channel @self listens to,
 * @timeout_ms passed, or @cancellable was cancelled (VIGIL_SQL_INTERRUPT). A lost
 * connection is made again first; when that fails, the reason is returned.
 */
int
vigil_sql_wait_notification (VigilSql      *self,
                             int            timeout_ms,
                             GCancellable  *cancellable,
                             GPtrArray    **out_payloads)
{
  *out_payloads = NULL;
  if (self->backend->wait_notification == NULL)
    return VIGIL_SQL_ERROR;
  return self->backend->wait_notification (self, timeout_ms, cancellable, out_payloads);
}

int
vigil_sql_copy_in (VigilSql   *self,
                   const char *text,
                   const char *data,
                   gsize       len)
{
  g_return_val_if_fail (text != NULL && (data != NULL || len == 0), VIGIL_SQL_ERROR);

  int rc;

  if (self->backend->copy_in == NULL)
    return VIGIL_SQL_ERROR;
  vigil_sql_lock (self);
  rc = self->backend->copy_in (self, text, data, len);
  vigil_sql_unlock (self);
  return rc;
}

guint
vigil_sql_get_session (VigilSql *self)
{
  return self->backend->session != NULL ? self->backend->session (self) : 0;
}
