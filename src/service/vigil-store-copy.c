/* vigil-store-copy.c: a whole database copied into an empty one, on either engine
 *
 * Every row of every table is copied with its id, its record_hash and its cache columns, so
 * that the copy's chains are the original's and verify gives the same head on both ends. The
 * copy adds no event of its own: an event would be a record the original does not hold.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-store"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-store-internal.h"

/* In an order that satisfies the references between them. The desks exist on servers only. */
static const char * const tables[] = {
  "meta", "desks", "models", "decisions", "alerts", "events", "reports", "check_results",
  "daily_predictions", "daily_confidence", "daily_entities", "followed_sources",
  "desk_members",
};

/* The bookkeeping of the target's own engine, which init wrote there */
static gboolean
is_engine_meta (const char *key)
{
  return g_strcmp0 (key, "application") == 0 || g_strcmp0 (key, "schema_version") == 0;
}

static gboolean
count_rows (VigilSql    *db,
            const char  *table,
            gint64      *out_rows)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM main.%s", table);
  g_autoptr(VigilSqlStmt) stmt = NULL;

  *out_rows = 0;
  if (vigil_sql_prepare (db, sql, &stmt) != VIGIL_SQL_OK || vigil_sql_step (stmt) != VIGIL_SQL_ROW)
    return FALSE;
  *out_rows = vigil_sql_column_int64 (stmt, 0);
  return TRUE;
}

/* The columns of @table on @db, in order; %NULL when @db has no such table */
static GPtrArray *
read_columns (VigilSql   *db,
              const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM main.%s LIMIT 0", table);
  g_autoptr(VigilSqlStmt) stmt = NULL;
  GPtrArray *columns;
  int n;

  if (vigil_sql_prepare (db, sql, &stmt) != VIGIL_SQL_OK)
    return NULL;
  n = vigil_sql_column_count (stmt);
  if (n <= 0)
    return NULL;
  columns = g_ptr_array_new_with_free_func (g_free);
  for (int i = 0; i < n; i++)
    g_ptr_array_add (columns, g_strdup (vigil_sql_column_name (stmt, i)));
  return columns;
}

static gboolean
has_column (GPtrArray  *columns,
            const char *name)
{
  for (guint i = 0; i < columns->len; i++)
    if (g_strcmp0 (columns->pdata[i], name) == 0)
      return TRUE;
  return FALSE;
}

static void
bind_value (VigilSqlStmt *to,
            int           index,
            VigilSqlStmt *from,
            int           column)
{
  switch (vigil_sql_column_type (from, column))
    {
    case VIGIL_SQL_INTEGER:
      vigil_sql_bind_int64 (to, index, vigil_sql_column_int64 (from, column));
      break;
    case VIGIL_SQL_FLOAT:
      vigil_sql_bind_double (to, index, vigil_sql_column_double (from, column));
      break;
    case VIGIL_SQL_NULL:
      vigil_sql_bind_null (to, index);
      break;
    default:
      vigil_sql_bind_text_copy (to, index, vigil_sql_column_text (from, column),
                                vigil_sql_column_bytes (from, column));
    }
}

typedef struct
{
  GFileProgressCallback  progress;
  gpointer               progress_data;
  gint64                 done;
  gint64                 total;
} Progress;

static gboolean
copy_table (VigilStore    *from,
            VigilStore    *to,
            const char    *table,
            Progress      *progress,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GPtrArray) source = read_columns (from->db, table);
  g_autoptr(GPtrArray) target = read_columns (to->db, table);
  g_autoptr(GPtrArray) shared = NULL;
  g_autoptr(GString) select = NULL;
  g_autoptr(GString) insert = NULL;
  g_autoptr(VigilSqlStmt) read = NULL;
  g_autoptr(VigilSqlStmt) write = NULL;
  int key_column = -1, rc;

  /* The desks are a server's; a file has none to give or take */
  if (source == NULL || target == NULL)
    return TRUE;

  shared = g_ptr_array_new ();
  for (guint i = 0; i < source->len; i++)
    if (has_column (target, source->pdata[i]))
      g_ptr_array_add (shared, source->pdata[i]);

  select = g_string_new ("SELECT ");
  insert = g_string_new (NULL);
  g_string_printf (insert, "INSERT INTO main.%s (", table);
  for (guint i = 0; i < shared->len; i++)
    {
      /* "offset" is a reserved word on a server: every column is quoted */
      g_string_append_printf (select, "%s\"%s\"", i ? ", " : "", (char *) shared->pdata[i]);
      g_string_append_printf (insert, "%s\"%s\"", i ? ", " : "", (char *) shared->pdata[i]);
      if (g_strcmp0 (shared->pdata[i], "key") == 0)
        key_column = (int) i;
    }
  g_string_append_printf (select, " FROM main.%s ORDER BY 1", table);
  g_string_append (insert, ") VALUES (");
  for (guint i = 0; i < shared->len; i++)
    g_string_append (insert, i ? ", ?" : "?");
  g_string_append (insert, ")");
  if (g_strcmp0 (table, "meta") == 0)
    g_string_append (insert, " ON CONFLICT (key) DO UPDATE SET value = excluded.value");

  if (vigil_sql_prepare (from->db, select->str, &read) != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (from, error, _("Could not read the database to copy"));
      return FALSE;
    }
  if (vigil_sql_prepare_persistent (to->db, insert->str, &write) != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (to, error, _("Could not write the copy"));
      return FALSE;
    }
  while ((rc = vigil_sql_step (read)) == VIGIL_SQL_ROW)
    {
      if (key_column >= 0 && is_engine_meta (vigil_sql_column_text (read, key_column)))
        continue;
      vigil_sql_reset (write);
      for (guint i = 0; i < shared->len; i++)
        bind_value (write, (int) i + 1, read, (int) i);
      if (vigil_sql_step (write) != VIGIL_SQL_DONE)
        {
          g_autofree char *what = g_strdup_printf (_("Could not copy a row of %s"), table);

          vigil_store_set_sql_error (to, error, what);
          return FALSE;
        }
      if ((++progress->done & 0x3fff) == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          if (progress->progress != NULL)
            progress->progress (progress->done, progress->total, progress->progress_data);
        }
    }
  if (rc != VIGIL_SQL_DONE)
    {
      vigil_store_set_sql_error (from, error, _("Could not read the database to copy"));
      return FALSE;
    }

  /* A server's identity columns go on from the copied ids */
  if (vigil_sql_get_engine (to->db) == VIGIL_SQL_POSTGRESQL && has_column (shared, "id"))
    {
      g_autofree char *sql =
        g_strdup_printf ("SELECT setval(pg_catalog.pg_get_serial_sequence('main.%s', 'id'), "
                         "max(id)) FROM main.%s HAVING max(id) IS NOT NULL", table, table);
      g_autoptr(VigilSqlStmt) stmt = NULL;

      if (vigil_sql_prepare (to->db, sql, &stmt) != VIGIL_SQL_OK ||
          (rc = vigil_sql_step (stmt)) == VIGIL_SQL_ERROR || rc < VIGIL_SQL_ROW)
        {
          vigil_store_set_sql_error (to, error, _("Could not write the copy"));
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * vigil_store_copy:
 * @from: the database to copy
 * @to: an empty Vigil database, on the same engine or the other
 * @progress: (nullable): called now and then with the rows copied and the rows to copy
 * @out_rows: (out) (optional): the rows copied
 *
 * Copies every row of @from into @to in one transaction, ids, hashes and caches included. @to
 * must hold no decision, alert or event yet. Nothing is written to @from.
 */
gboolean
vigil_store_copy (VigilStore             *from,
                  VigilStore             *to,
                  GCancellable           *cancellable,
                  GFileProgressCallback   progress,
                  gpointer                progress_data,
                  gint64                 *out_rows,
                  GError                **error)
{
  Progress counted = { progress, progress_data, 0, 0 };

  g_return_val_if_fail (VIGIL_IS_STORE (from), FALSE);
  g_return_val_if_fail (VIGIL_IS_STORE (to), FALSE);

  if (out_rows != NULL)
    *out_rows = 0;
  for (guint c = 0; c < 3; c++)
    {
      gint64 rows;

      if (!count_rows (to->db, tables[3 + c], &rows))
        {
          vigil_store_set_sql_error (to, error, _("Could not read the database to copy into"));
          return FALSE;
        }
      if (rows > 0)
        {
          g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CONFLICT,
                       _("“%s” already holds %s; a copy goes only into an empty database, "
                         "made with “vigilctl init”"), to->path, tables[3 + c]);
          return FALSE;
        }
    }
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      gint64 rows;

      if (count_rows (from->db, tables[t], &rows))
        counted.total += rows;
    }

  if (!vigil_store_begin_write (to, error))
    return FALSE;
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    if (!copy_table (from, to, tables[t], &counted, cancellable, error))
      {
        vigil_store_rollback (to);
        return FALSE;
      }
  if (!vigil_store_commit (to, error))
    return FALSE;
  if (progress != NULL)
    progress (counted.total, counted.total, progress_data);
  if (out_rows != NULL)
    *out_rows = counted.done;
  return TRUE;
}
