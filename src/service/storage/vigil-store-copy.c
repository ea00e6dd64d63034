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
#include <string.h>

#include "vigil-ledger.h"
#include "vigil-store-internal.h"

/* Every table of both schemas, in an order that satisfies the references between them. The
 * desks exist on servers only: a copy between a file and a server leaves them out. */
static const struct
{
  const char *name;
  gboolean    server_only;
} tables[] = {
  { "meta", FALSE },
  { "desks", TRUE },
  { "models", FALSE },
  { "decisions", FALSE },
  { "alerts", FALSE },
  { "events", FALSE },
  { "reports", FALSE },
  { "check_results", FALSE },
  { "daily_predictions", FALSE },
  { "daily_confidence", FALSE },
  { "daily_entities", FALSE },
  { "daily_inputs", FALSE },
  { "daily_features", FALSE },
  { "daily_feature_bins", FALSE },
  { "daily_feature_categories", FALSE },
  { "daily_outcomes", FALSE },
  { "followed_sources", FALSE },
  { "desk_members", TRUE },
};

/* How often, in rows, the copy looks at its cancellable and reports progress */
#define CHECK_EVERY 1024

typedef struct
{
  GFileProgressCallback  progress;
  gpointer               progress_data;
  gint64                 chain_rows;   /* the rows a verification hashes */
  gint64                 copy_rows;    /* the rows to copy */
  gint64                 base;         /* the work of the stages before this one */
  gint64                 weight;       /* the work of this stage */
  gint64                 copied;
} Progress;

/* The stages (verifying the original, copying, verifying the copy) as one fraction */
static void
stage_progress (goffset  done,
                goffset  total,
                gpointer data)
{
  Progress *p = data;
  gint64 all = 2 * p->chain_rows + p->copy_rows;

  if (p->progress == NULL || all <= 0)
    return;
  if (total > 0)
    done = (goffset) ((double) MIN (done, total) / (double) total * (double) p->weight);
  p->progress (p->base + MIN (done, p->weight), all, p->progress_data);
}

static void
begin_stage (Progress *p,
             gint64    weight)
{
  p->base += p->weight;
  p->weight = weight;
  stage_progress (0, 0, p);
}

static gboolean
copies_table (VigilStore *from,
              VigilStore *to,
              guint       t)
{
  return !tables[t].server_only ||
         (vigil_sql_get_engine (from->db) == VIGIL_SQL_POSTGRESQL &&
          vigil_sql_get_engine (to->db) == VIGIL_SQL_POSTGRESQL);
}

static gboolean
read_int64 (VigilSql   *db,
            const char *sql,
            gint64     *out_value)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  int rc;

  *out_value = 0;
  if (vigil_sql_prepare (db, sql, &stmt) != VIGIL_SQL_OK)
    return FALSE;
  rc = vigil_sql_step (stmt);
  if (rc == VIGIL_SQL_ROW)
    *out_value = vigil_sql_column_int64 (stmt, 0);
  return rc == VIGIL_SQL_ROW || rc == VIGIL_SQL_DONE;
}

/* A read transaction on @from, so that every table is read as of one commit */
static gboolean
begin_snapshot (VigilStore  *from,
                GError     **error)
{
  gint64 ignored;

  if (vigil_sql_get_engine (from->db) == VIGIL_SQL_POSTGRESQL)
    return vigil_store_exec (from, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", error);
  if (!vigil_store_exec (from, "BEGIN", error))
    return FALSE;
  /* The first read fixes the snapshot the transaction sees. */
  if (!read_int64 (from->db, "SELECT count(*) FROM main.sqlite_master", &ignored))
    {
      vigil_store_set_sql_error (from, error, _("Could not read the database to copy"));
      vigil_store_end_read (from);
      return FALSE;
    }
  return TRUE;
}

/* The columns of @table on @db, in order */
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

/* A column name as both schemas spell theirs; nothing else goes into the SQL */
static gboolean
is_plain_name (const char *name)
{
  if (name == NULL || !(g_ascii_islower (*name) || *name == '_'))
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '_'))
      return FALSE;
  return TRUE;
}

/* The bookkeeping of the target's own engine, which init wrote there */
static gboolean
is_engine_meta (const char *key)
{
  return g_strcmp0 (key, "application") == 0 || g_strcmp0 (key, "schema_version") == 0;
}

/* Rows wait here until a batch is full: one INSERT of many rows is one round trip to a
 * server, and one run of its statement-level triggers, where a row at a time would be many. */
typedef struct
{
  VigilSqlType  type;
  gint64        integer;
  double        real;
  char         *text;
  int           bytes;
} Cell;

typedef struct
{
  VigilStore    *to;
  const char    *table;
  GString       *head;       /* INSERT INTO main.table (columns) VALUES */
  const char    *tail;       /* what follows the rows */
  guint          n_columns;
  guint          capacity;   /* rows in a full batch */
  guint          n_rows;
  Cell          *cells;
  VigilSqlStmt  *full;       /* the INSERT of a full batch, prepared once */
} Batch;

/* Few enough parameters for either engine (32766 in SQLite, 65535 on a server) */
#define BATCH_PARAMETERS 8192
#define BATCH_ROWS       256

static void
batch_init (Batch      *batch,
            VigilStore *to,
            const char *table,
            GString    *head,
            const char *tail,
            guint       n_columns)
{
  batch->to = to;
  batch->table = table;
  batch->head = head;
  batch->tail = tail;
  batch->n_columns = n_columns;
  batch->capacity = CLAMP (BATCH_PARAMETERS / MAX (n_columns, 1), 1, BATCH_ROWS);
  batch->n_rows = 0;
  batch->cells = g_new0 (Cell, (gsize) batch->capacity * n_columns);
  batch->full = NULL;
}

static void
batch_clear (Batch *batch)
{
  for (gsize i = 0; i < (gsize) batch->capacity * batch->n_columns; i++)
    g_free (batch->cells[i].text);
  g_clear_pointer (&batch->cells, g_free);
  g_clear_pointer (&batch->full, vigil_sql_finalize);
}

static void
batch_add (Batch        *batch,
           VigilSqlStmt *read)
{
  Cell *row = batch->cells + (gsize) batch->n_rows++ * batch->n_columns;

  for (guint i = 0; i < batch->n_columns; i++)
    {
      Cell *cell = &row[i];

      cell->type = vigil_sql_column_type (read, (int) i);
      switch (cell->type)
        {
        case VIGIL_SQL_INTEGER:
          cell->integer = vigil_sql_column_int64 (read, (int) i);
          break;
        case VIGIL_SQL_FLOAT:
          cell->real = vigil_sql_column_double (read, (int) i);
          break;
        case VIGIL_SQL_NULL:
          break;
        default:
          cell->type = VIGIL_SQL_TEXT;
          cell->bytes = vigil_sql_column_bytes (read, (int) i);
          g_free (cell->text);
          cell->text = g_strndup (vigil_sql_column_text (read, (int) i), cell->bytes);
        }
    }
}

static gboolean
batch_flush (Batch         *batch,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(VigilSqlStmt) partial = NULL;
  VigilSqlStmt *write;

  if (batch->n_rows == 0)
    return TRUE;
  if (batch->n_rows < batch->capacity || batch->full == NULL)
    {
      g_autoptr(GString) sql = g_string_new (batch->head->str);
      int rc;

      for (guint r = 0; r < batch->n_rows; r++)
        {
          g_string_append (sql, r ? ", (" : " (");
          for (guint i = 0; i < batch->n_columns; i++)
            g_string_append (sql, i ? ", ?" : "?");
          g_string_append_c (sql, ')');
        }
      g_string_append (sql, batch->tail);
      rc = batch->n_rows == batch->capacity
        ? vigil_sql_prepare_persistent (batch->to->db, sql->str, &batch->full)
        : vigil_sql_prepare (batch->to->db, sql->str, &partial);
      if (rc != VIGIL_SQL_OK)
        {
          vigil_store_set_sql_error (batch->to, error, _("Could not write the copy"));
          return FALSE;
        }
    }
  write = partial != NULL ? partial : batch->full;

  vigil_sql_reset (write);
  for (guint c = 0; c < batch->n_rows * batch->n_columns; c++)
    {
      const Cell *cell = &batch->cells[c];

      switch (cell->type)
        {
        case VIGIL_SQL_INTEGER:
          vigil_sql_bind_int64 (write, (int) c + 1, cell->integer);
          break;
        case VIGIL_SQL_FLOAT:
          vigil_sql_bind_double (write, (int) c + 1, cell->real);
          break;
        case VIGIL_SQL_NULL:
          vigil_sql_bind_null (write, (int) c + 1);
          break;
        default:
          vigil_sql_bind_text (write, (int) c + 1, cell->text, cell->bytes);
        }
    }
  if (vigil_sql_step (write) != VIGIL_SQL_DONE)
    {
      /* TRANSLATORS: a table's name */
      g_autofree char *what = g_strdup_printf (_("Could not copy the rows of %s"),
                                               batch->table);

      if (!g_cancellable_set_error_if_cancelled (cancellable, error))
        vigil_store_set_sql_error (batch->to, error, what);
      return FALSE;
    }
  batch->n_rows = 0;
  return TRUE;
}

static gboolean
is_chain (const char *table)
{
  return g_str_equal (table, "decisions") || g_str_equal (table, "alerts") ||
         g_str_equal (table, "events");
}

/* Refuses a target that holds anything but what init wrote, naming a chain first */
static gboolean
check_empty (VigilStore  *to,
             GError     **error)
{
  for (guint i = 0; i < 2 * G_N_ELEMENTS (tables); i++)
    {
      guint t = i % G_N_ELEMENTS (tables);
      g_autofree char *sql = NULL;
      gint64 rows;

      if (is_chain (tables[t].name) != (i < G_N_ELEMENTS (tables)) ||
          g_str_equal (tables[t].name, "meta") ||
          (tables[t].server_only && vigil_sql_get_engine (to->db) != VIGIL_SQL_POSTGRESQL))
        continue;
      sql = g_strdup_printf ("SELECT count(*) FROM (SELECT 1 FROM main.%s LIMIT 1) AS any_row",
                             tables[t].name);
      if (!read_int64 (to->db, sql, &rows))
        {
          vigil_store_set_sql_error (to, error, _("Could not read the database to copy into"));
          return FALSE;
        }
      if (rows > 0)
        {
          g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CONFLICT,
                       _("“%s” already holds data (in its table %s); a copy goes only into a "
                         "database that “vigilctl init” has just created. Nothing was "
                         "copied."), to->path, tables[t].name);
          return FALSE;
        }
    }
  return TRUE;
}

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
  Batch batch;
  gboolean ok = TRUE;
  int key_column = -1, rc;

  if (source == NULL)
    {
      vigil_store_set_sql_error (from, error, _("Could not read the database to copy"));
      return FALSE;
    }
  if (target == NULL)
    {
      vigil_store_set_sql_error (to, error, _("Could not read the database to copy into"));
      return FALSE;
    }

  /* The target's columns that the original has too, in the target's order: a column only
   * one engine has (models.desk on a server) is left out. */
  shared = g_ptr_array_new ();
  for (guint i = 0; i < target->len; i++)
    if (has_column (source, target->pdata[i]))
      {
        if (!is_plain_name (target->pdata[i]))
          {
            g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_NOT_VIGIL,
                         _("“%s” has a column “%s” in its table %s that no Vigil database "
                           "has; nothing was copied"), to->path, (char *) target->pdata[i],
                         table);
            return FALSE;
          }
        g_ptr_array_add (shared, target->pdata[i]);
      }

  select = g_string_new ("SELECT ");
  insert = g_string_new (NULL);
  g_string_printf (insert, "INSERT INTO main.%s (", table);
  for (guint i = 0; i < shared->len; i++)
    {
      /* "offset" is a reserved word on a server: every column is quoted */
      g_string_append_printf (select, "%s\"%s\"", i ? ", " : "", (char *) shared->pdata[i]);
      g_string_append_printf (insert, "%s\"%s\"", i ? ", " : "", (char *) shared->pdata[i]);
      if (g_str_equal (shared->pdata[i], "key"))
        key_column = (int) i;
    }
  /* In id order, or key order for the tables without one: the chains are appended as they
   * were, which keeps a file's pages in the order its own appends would give them. */
  g_string_append_printf (select, " FROM main.%s ORDER BY 1", table);
  g_string_append (insert, ") VALUES");

  if (vigil_sql_prepare (from->db, select->str, &read) != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (from, error, _("Could not read the database to copy"));
      return FALSE;
    }
  /* init wrote the purpose and when it was made: the original's say what the copy is */
  batch_init (&batch, to, table, insert,
              g_str_equal (table, "meta")
                ? " ON CONFLICT (key) DO UPDATE SET value = excluded.value" : "",
              shared->len);
  while (ok && (rc = vigil_sql_step (read)) == VIGIL_SQL_ROW)
    {
      if (key_column >= 0 && is_engine_meta (vigil_sql_column_text (read, key_column)))
        continue;
      batch_add (&batch, read);
      if (batch.n_rows == batch.capacity)
        ok = batch_flush (&batch, cancellable, error);
      if (ok && ++progress->copied % CHECK_EVERY == 0)
        {
          ok = !g_cancellable_set_error_if_cancelled (cancellable, error);
          stage_progress (progress->copied, progress->copy_rows, progress);
        }
    }
  if (ok && rc != VIGIL_SQL_DONE)
    {
      if (!g_cancellable_set_error_if_cancelled (cancellable, error))
        vigil_store_set_sql_error (from, error, _("Could not read the database to copy"));
      ok = FALSE;
    }
  ok = ok && batch_flush (&batch, cancellable, error);
  batch_clear (&batch);
  if (!ok)
    return FALSE;

  /* A server's identity columns go on from the copied ids (a file's AUTOINCREMENT follows
   * the largest id inserted by itself) */
  if (vigil_sql_get_engine (to->db) == VIGIL_SQL_POSTGRESQL && has_column (shared, "id"))
    {
      g_autofree char *sql =
        g_strdup_printf ("SELECT pg_catalog.setval(pg_catalog.pg_get_serial_sequence("
                         "'main.%s', 'id'), max(id)) FROM main.%s HAVING max(id) IS NOT NULL",
                         table, table);
      gint64 ignored;

      if (!read_int64 (to->db, sql, &ignored))
        {
          vigil_store_set_sql_error (to, error, _("Could not write the copy"));
          return FALSE;
        }
    }
  return TRUE;
}

/*
 * On a server, the trigger events_actor refuses an event of a person's action (acknowledge,
 * review, outcome, policy…) that names anyone but the login inserting it, and exempts only
 * superusers; a copy inserts the events that other people recorded. The copy switches that
 * one trigger off, as the owner of the tables may, inside its own transaction, and on again
 * before it verifies and commits. ALTER TABLE is transactional and holds a lock on events
 * that keeps every other writer out until the commit, so no other session ever inserts an
 * event while the check is off, or sees it off; and the verification inside the transaction,
 * which refuses a disabled trigger, proves it is on again in what is committed. Nothing else
 * is relaxed: the immutability triggers guard UPDATE, DELETE and TRUNCATE, which a copy never
 * does; the identity columns take explicit ids; row-level security does not apply to the
 * tables' owner. (session_replication_role = replica would silence every trigger, for a
 * superuser only.) A login that does not own the tables gets the server's refusal, naming it.
 */
static gboolean
set_actor_check (VigilStore  *to,
                 gboolean     enabled,
                 GError     **error)
{
  if (vigil_sql_get_engine (to->db) != VIGIL_SQL_POSTGRESQL)
    return TRUE;
  if (vigil_sql_exec (to->db, enabled ? "ALTER TABLE main.events ENABLE TRIGGER events_actor"
                                      : "ALTER TABLE main.events DISABLE TRIGGER events_actor")
      != VIGIL_SQL_OK)
    {
      g_autofree char *what =
        g_strdup_printf (_("Could not load the copy into “%s”, which takes the owner of its "
                           "tables"), to->path);

      vigil_store_set_sql_error (to, error, what);
      return FALSE;
    }
  return TRUE;
}

/* Verifies the ledger as the connection's open transaction sees it */
static VigilLedgerReport *
verify_here (VigilStore    *self,
             Progress      *progress,
             GCancellable  *cancellable,
             GError       **error)
{
  begin_stage (progress, progress->chain_rows);
  return vigil_ledger_verify_full (self->db, NULL, FALSE, NULL, NULL, cancellable,
                                   stage_progress, progress, error);
}

static gboolean
copy_all (VigilStore          *from,
          VigilStore          *to,
          Progress            *progress,
          GCancellable        *cancellable,
          VigilLedgerReport  **out_original,
          VigilLedgerReport  **out_copy,
          GError             **error)
{
  g_autoptr(VigilLedgerReport) original = NULL;
  g_autoptr(VigilLedgerReport) copy = NULL;

  /* First what needs no reading of the original: a login that cannot load the copy learns
   * so at once */
  if (!check_empty (to, error) || !set_actor_check (to, FALSE, error))
    return FALSE;

  /* What there is to do, as of the snapshot */
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *sql = NULL;
      gint64 rows;

      if (!copies_table (from, to, t))
        continue;
      sql = g_strdup_printf ("SELECT count(*) FROM main.%s", tables[t].name);
      if (!read_int64 (from->db, sql, &rows))
        {
          vigil_store_set_sql_error (from, error, _("Could not read the database to copy"));
          return FALSE;
        }
      progress->copy_rows += rows;
      if (is_chain (tables[t].name))
        progress->chain_rows += rows;
    }

  /* The original must be intact: a copy of a broken ledger would not verify either, and the
   * head it is compared with must be one verify gives. */
  original = verify_here (from, progress, cancellable, error);
  if (original == NULL)
    return FALSE;
  if (!vigil_ledger_report_is_intact (original))
    {
      g_autofree char *found = vigil_ledger_report_to_string (original);

      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CORRUPT,
                   _("The ledger of “%s” is not intact, so it is not copied: %s"), from->path,
                   found);
      return FALSE;
    }

  begin_stage (progress, progress->copy_rows);
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    if (copies_table (from, to, t) &&
        !copy_table (from, to, tables[t].name, progress, cancellable, error))
      return FALSE;
  if (!set_actor_check (to, TRUE, error))
    return FALSE;

  copy = verify_here (to, progress, cancellable, error);
  if (copy == NULL)
    return FALSE;
  if (!vigil_ledger_report_is_intact (copy) ||
      g_strcmp0 (vigil_ledger_report_get_head (copy),
                 vigil_ledger_report_get_head (original)) != 0)
    {
      g_autofree char *found = vigil_ledger_report_to_string (copy);

      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_FAILED,
                   _("The copy in “%s” does not verify as its original: %s, where “%s” has "
                     "head %s. Nothing was copied."), to->path, found, from->path,
                   vigil_ledger_report_get_head (original));
      return FALSE;
    }
  *out_original = g_steal_pointer (&original);
  *out_copy = g_steal_pointer (&copy);
  return TRUE;
}

/**
 * vigil_store_copy:
 * @from: the database to copy
 * @to: an empty Vigil database, just made by init, on the same engine or the other
 * @progress: (nullable) (scope call): called now and then with the work done and the work
 *   in all (verifying the original, copying, verifying the copy)
 * @out_original: (out) (optional) (transfer full): the verification of @from
 * @out_copy: (out) (optional) (transfer full): the verification of the copy, before it was
 *   committed
 * @out_rows: (out) (optional): the rows copied
 *
 * Copies every row of every table of @from into @to, ids, hashes and caches included, and
 * commits only when the copy verifies to the same head as @from. @from is read as of one
 * commit and verified in that snapshot first; it must be intact. @to is written in one
 * transaction and must hold nothing but what init wrote. Nothing is written to @from, and on
 * any error (including a cancelled @cancellable) nothing is written to @to.
 */
gboolean
vigil_store_copy (VigilStore             *from,
                  VigilStore             *to,
                  GCancellable           *cancellable,
                  GFileProgressCallback   progress,
                  gpointer                progress_data,
                  VigilLedgerReport     **out_original,
                  VigilLedgerReport     **out_copy,
                  gint64                 *out_rows,
                  GError                **error)
{
  g_autoptr(VigilLedgerReport) original = NULL;
  g_autoptr(VigilLedgerReport) copy = NULL;
  g_autoptr(GError) local_error = NULL;
  Progress counted = { progress, progress_data, 0, 0, 0, 0, 0 };
  gboolean ok;

  g_return_val_if_fail (VIGIL_IS_STORE (from), FALSE);
  g_return_val_if_fail (VIGIL_IS_STORE (to), FALSE);

  if (out_rows != NULL)
    *out_rows = 0;
  if (g_strcmp0 (from->location, to->location) == 0)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("“%s” cannot be copied onto itself"), from->path);
      return FALSE;
    }

  if (!begin_snapshot (from, error))
    return FALSE;
  if (!vigil_store_begin_write (to, error))
    {
      vigil_store_end_read (from);
      return FALSE;
    }
  vigil_sql_set_cancellable (from->db, cancellable);
  vigil_sql_set_cancellable (to->db, cancellable);
  ok = copy_all (from, to, &counted, cancellable, &original, &copy, &local_error);
  vigil_sql_set_cancellable (from->db, NULL);
  vigil_sql_set_cancellable (to->db, NULL);
  vigil_store_end_read (from);
  if (!ok)
    {
      vigil_store_rollback (to);
      /* A statement the cancellable interrupted says so in the engine's words */
      if (g_cancellable_is_cancelled (cancellable))
        {
          g_clear_error (&local_error);
          g_cancellable_set_error_if_cancelled (cancellable, &local_error);
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!vigil_store_commit (to, error))
    return FALSE;

  if (progress != NULL)
    progress (2 * counted.chain_rows + counted.copy_rows,
              2 * counted.chain_rows + counted.copy_rows, progress_data);
  if (out_original != NULL)
    *out_original = g_steal_pointer (&original);
  if (out_copy != NULL)
    *out_copy = g_steal_pointer (&copy);
  if (out_rows != NULL)
    *out_rows = counted.copied;
  return TRUE;
}
