/* vigil-ledger-verify.c: the full verification of the ledger, one reader per core
 *
 * Every row stores its own record_hash, so each link (the previous row's stored hash and this
 * row's fields give this row's stored hash) can be checked on its own. The chains are cut into
 * ranges of ids that worker threads take in turn, each on its own read-only connection; all the
 * connections read one snapshot: they start their read transactions while the caller's
 * connection holds the write lock, so no commit can fall between them (on a database that
 * cannot be written, while PRAGMA data_version and the chains' last ids stay the same).
 * The first row that breaks is then explained exactly as a replay from the first row would.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-ledger"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>
#include <string.h>

#include "vigil-ledger.h"
#include "vigil-sha256.h"
#include "vigil-schema.h"
#include "vigil-store-private.h"
#include "vigil-witness.h"

/* Ranges are at least this many ids, and about eight per worker. */
#define CHUNK_MIN       16384
#define MAX_WORKERS     16
#define SNAPSHOT_TRIES  50
/* Rows between looks at the stop flag and progress updates */
#define POLL_ROWS       4096

typedef enum
{
  BREAK_NONE,
  BREAK_GAP,      /* bad_id is missing */
  BREAK_HASH,     /* bad_id does not follow the row before it */
  BREAK_INPUT,    /* bad_id's input_hash is not that of its input_features */
} BreakKind;

typedef struct
{
  VigilChain chain;
  gint64     lo;         /* ids, inclusive */
  gint64     hi;
  gint64     bad_id;
  BreakKind  kind;
} Chunk;

typedef struct
{
  Chunk   *chunks;
  guint    n_chunks;
  gint     next;         /* atomic: the next chunk to take */
  gint     first_bad;    /* atomic: the lowest chunk found to break, n_chunks when none */
  gint     stop;         /* atomic: cancelled, or a worker failed */
  gint64   legacy;       /* atomic: rows sealed under ledger format 1 */
  GMutex   lock;
  GCond    cond;
  guint    running;
  GError  *error;        /* the first failure, under lock */
  gboolean caches;       /* decision rows also select the cache columns */
} Work;

typedef struct
{
  Work            *work;
  VigilSql        *db;
  gint64           done;   /* atomic: rows checked */
  GThread         *thread;
  VigilCacheTally *tally;  /* the caches and roll-ups of the decision rows it read */
} Worker;

static void
lower_first_bad (Work *work,
                 gint  index)
{
  gint seen = g_atomic_int_get (&work->first_bad);

  while (index < seen && !g_atomic_int_compare_and_exchange (&work->first_bad, seen, index))
    seen = g_atomic_int_get (&work->first_bad);
}

/* Checks every link of one range. FALSE with @error when the rows cannot be read. */
static gboolean
check_chunk (Worker        *w,
             guint          index,
             VigilSqlStmt  *range,
             VigilSqlStmt  *one,
             GString       *buf,
             GError       **error)
{
  Chunk *chunk = &w->work->chunks[index];
  gboolean tally = chunk->chain == VIGIL_CHAIN_DECISIONS && w->work->caches;
  int n_fields = vigil_sql_column_count (range) - 1 - (tally ? 1 : 0);
  gint64 expected = chunk->lo;
  gint64 since_poll = 0;
  gboolean have_prev = TRUE;
  char prev[65];
  int rc;

  chunk->kind = BREAK_NONE;
  if (chunk->lo == 1)
    memcpy (prev, VIGIL_LEDGER_GENESIS, 65);
  else
    {
      vigil_sql_reset (one);
      vigil_sql_bind_int64 (one, 1, chunk->lo - 1);
      rc = vigil_sql_step (one);
      if (rc == VIGIL_SQL_ROW)
        vigil_ledger_read_stored (one, 0, prev);
      else if (rc == VIGIL_SQL_DONE)
        /* The row before is gone: the range before this one says so. */
        have_prev = FALSE;
      else
        {
          vigil_ledger_set_sql_error (error, w->db, _("Could not read the ledger"));
          return FALSE;
        }
    }

  if (tally)
    vigil_cache_tally_seek (w->tally, chunk->lo);
  vigil_sql_reset (range);
  vigil_sql_bind_int64 (range, 1, chunk->lo);
  vigil_sql_bind_int64 (range, 2, chunk->hi);
  while ((rc = vigil_sql_step (range)) == VIGIL_SQL_ROW)
    {
      gint64 id = vigil_sql_column_int64 (range, 0);
      char stored[65];

      if (id != expected)
        {
          chunk->kind = BREAK_GAP;
          chunk->bad_id = expected;
          break;
        }
      vigil_ledger_read_stored (range, n_fields, stored);
      if (have_prev)
        {
          VigilLedgerFormat format = vigil_ledger_match_row (chunk->chain, range, n_fields, prev, stored, buf,
                                                             NULL);

          if (format == VIGIL_LEDGER_NO_MATCH)
            {
              chunk->kind = BREAK_HASH;
              chunk->bad_id = id;
              break;
            }
          if (format == VIGIL_LEDGER_FORMAT_1)
            __atomic_add_fetch (&w->work->legacy, 1, __ATOMIC_RELAXED);
        }
      if (chunk->chain == VIGIL_CHAIN_DECISIONS && !vigil_ledger_input_hash_matches (range))
        {
          chunk->kind = BREAK_INPUT;
          chunk->bad_id = id;
          break;
        }
      /* The row is read already: its caches and roll-ups are checked in the same pass. */
      if (tally)
        vigil_cache_tally_row (w->tally, range, n_fields + 1);
      memcpy (prev, stored, 65);
      have_prev = TRUE;
      expected = id + 1;

      if (++since_poll == POLL_ROWS)
        {
          __atomic_add_fetch (&w->done, since_poll, __ATOMIC_RELAXED);
          since_poll = 0;
          /* Stopped, or a range before this one breaks: what this one holds does not matter. */
          if (g_atomic_int_get (&w->work->stop) ||
              g_atomic_int_get (&w->work->first_bad) < (gint) index)
            {
              vigil_sql_reset (range);
              return TRUE;
            }
        }
    }
  __atomic_add_fetch (&w->done, since_poll, __ATOMIC_RELAXED);
  if (rc != VIGIL_SQL_ROW && rc != VIGIL_SQL_DONE)
    {
      vigil_ledger_set_sql_error (error, w->db, _("Could not read the ledger"));
      vigil_sql_reset (range);
      return FALSE;
    }
  vigil_sql_reset (range);
  if (chunk->kind == BREAK_NONE && expected <= chunk->hi)
    {
      chunk->kind = BREAK_GAP;
      chunk->bad_id = expected;
    }
  return TRUE;
}

static gpointer
worker_run (gpointer data)
{
  Worker *w = data;
  Work *work = w->work;
  VigilSqlStmt *range[VIGIL_N_CHAINS] = { NULL };
  VigilSqlStmt *one[VIGIL_N_CHAINS] = { NULL };
  g_autoptr(GString) buf = g_string_sized_new (4096);
  GError *error = NULL;

  while (!g_atomic_int_get (&work->stop))
    {
      gint index = g_atomic_int_add (&work->next, 1);
      VigilChain c;

      if (index >= (gint) work->n_chunks)
        break;
      if (index > g_atomic_int_get (&work->first_bad))
        continue;
      c = work->chunks[index].chain;
      if (range[c] == NULL)
        {
          gboolean caches = c == VIGIL_CHAIN_DECISIONS && work->caches;
          g_autofree char *sql_range =
            g_strdup_printf ("SELECT %s, record_hash%s FROM main.%s WHERE id BETWEEN ? AND ? "
                             "ORDER BY id", vigil_chain_columns (c),
                             caches ? ", " VIGIL_CACHE_PRISTINE_COLUMN : "",
                             vigil_chain_table (c));
          g_autofree char *sql_one =
            g_strdup_printf ("SELECT record_hash FROM main.%s WHERE id = ?",
                             vigil_chain_table (c));

          if (vigil_sql_prepare (w->db, sql_range, &range[c]) != VIGIL_SQL_OK ||
              vigil_sql_prepare (w->db, sql_one, &one[c]) != VIGIL_SQL_OK)
            {
              vigil_ledger_set_sql_error (&error, w->db, _("Could not read the ledger"));
              break;
            }
        }
      if (!check_chunk (w, (guint) index, range[c], one[c], buf, &error))
        break;
      if (work->chunks[index].kind != BREAK_NONE)
        lower_first_bad (work, index);
    }

  for (guint c = 0; c < VIGIL_N_CHAINS; c++)
    {
      g_clear_pointer (&range[c], vigil_sql_finalize);
      g_clear_pointer (&one[c], vigil_sql_finalize);
    }

  g_mutex_lock (&work->lock);
  if (error != NULL)
    {
      g_atomic_int_set (&work->stop, 1);
      if (work->error == NULL)
        work->error = g_steal_pointer (&error);
      g_clear_error (&error);
    }
  work->running--;
  g_cond_signal (&work->cond);
  g_mutex_unlock (&work->lock);
  return NULL;
}

/* The snapshot -------------------------------------------------------------------------------- */

static gboolean
begin_read (VigilSql *conn)
{
  VigilSqlStmt *stmt = NULL;
  int rc;

  if (vigil_sql_get_engine (conn) == VIGIL_SQL_POSTGRESQL)
    return vigil_sql_exec (conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") ==
           VIGIL_SQL_OK;
  if (vigil_sql_exec (conn, "BEGIN") != VIGIL_SQL_OK)
    return FALSE;
  /* The first read fixes the snapshot the transaction sees. */
  rc = vigil_sql_prepare (conn, "SELECT count(*) FROM main.sqlite_master", &stmt);
  if (rc == VIGIL_SQL_OK)
    rc = vigil_sql_step (stmt) == VIGIL_SQL_ROW ? VIGIL_SQL_OK : vigil_sql_errcode (conn);
  vigil_sql_finalize (stmt);
  return rc == VIGIL_SQL_OK;
}

static void
end_read (VigilSql *conn)
{
  if (vigil_sql_in_transaction (conn))
    vigil_sql_exec (conn, "ROLLBACK");
}

static gint64
read_int (VigilSql   *db,
          const char *sql,
          gint64      id,
          gboolean   *ok)
{
  VigilSqlStmt *stmt = NULL;
  gint64 value = 0;

  *ok = FALSE;
  if (vigil_sql_prepare (db, sql, &stmt) == VIGIL_SQL_OK)
    {
      if (id != G_MININT64)
        vigil_sql_bind_int64 (stmt, 1, id);
      if (vigil_sql_step (stmt) == VIGIL_SQL_ROW)
        {
          value = vigil_sql_column_int64 (stmt, 0);
          *ok = TRUE;
        }
    }
  vigil_sql_finalize (stmt);
  return value;
}

/* The chains' last ids as @conn sees them, to tell snapshots apart. */
static void
read_last_ids (VigilSql *conn,
               gint64   ids[VIGIL_N_CHAINS])
{
  for (guint c = 0; c < VIGIL_N_CHAINS; c++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT ifnull(max(id), 0) FROM main.%s",
                                              vigil_chain_table (c));
      gboolean ok;

      ids[c] = read_int (conn, sql, G_MININT64, &ok);
      if (!ok)
        ids[c] = -1;
    }
}

/* On a server, the first reader exports its snapshot and the others take it: they all see
 * the same commit by construction. */
static gboolean
begin_server_snapshot (VigilSql  **readers,
                       guint       n_readers,
                       GError    **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  g_autofree char *set = NULL;
  const char *id;
  guint i;

  if (!begin_read (readers[0]) ||
      vigil_sql_prepare (readers[0], "SELECT pg_catalog.pg_export_snapshot()", &stmt) !=
        VIGIL_SQL_OK || vigil_sql_step (stmt) != VIGIL_SQL_ROW)
    {
      vigil_ledger_set_sql_error (error, readers[0], _("Could not read the ledger"));
      end_read (readers[0]);
      return FALSE;
    }
  id = vigil_sql_column_text (stmt, 0);
  /* The server names snapshots in hex digits and dashes; nothing else goes into the SQL */
  if (id == NULL || id[strspn (id, "0123456789ABCDEFabcdef-")] != '\0')
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_FAILED,
                   _("Could not read the ledger: the server named its snapshot “%s”"), id);
      end_read (readers[0]);
      return FALSE;
    }
  set = g_strdup_printf ("SET TRANSACTION SNAPSHOT '%s'", id);
  for (i = 1; i < n_readers; i++)
    if (!begin_read (readers[i]) || vigil_sql_exec (readers[i], set) != VIGIL_SQL_OK)
      break;
  if (i == n_readers)
    return TRUE;
  vigil_ledger_set_sql_error (error, readers[i], _("Could not read the ledger"));
  for (guint j = 0; j <= i && j < n_readers; j++)
    end_read (readers[j]);
  return FALSE;
}

/* Starts a read transaction on every reader, all on the same commit (@readers holds the
 * pinned connection too, if any). */
static gboolean
begin_snapshot (VigilSql  *db,
                gboolean   writable,
                VigilSql **readers,
                guint      n_readers,
                GError   **error)
{
  gboolean ok;

  if (vigil_sql_get_engine (readers[0]) == VIGIL_SQL_POSTGRESQL)
    return begin_server_snapshot (readers, n_readers, error);

  /* With the write lock held, nothing can commit while the readers start. */
  if (writable && !vigil_sql_in_transaction (db) &&
      vigil_sql_exec (db, "BEGIN IMMEDIATE") == VIGIL_SQL_OK)
    {
      ok = TRUE;
      for (guint i = 0; i < n_readers && ok; i++)
        ok = begin_read (readers[i]);
      vigil_sql_exec (db, "ROLLBACK");
      if (ok)
        return TRUE;
      for (guint i = 0; i < n_readers; i++)
        end_read (readers[i]);
      vigil_ledger_set_sql_error (error, readers[0], _("Could not read the ledger"));
      return FALSE;
    }

  /* Read-only (or the lock is busy): no commit happened while the readers started when the
   * caller's data_version did not change meanwhile and they all see the same last ids. */
  for (guint attempt = 0; attempt < SNAPSHOT_TRIES; attempt++)
    {
      gint64 before, after, first[VIGIL_N_CHAINS];
      gboolean same = TRUE, read_before, read_after;

      before = read_int (db, "PRAGMA data_version", G_MININT64, &read_before);
      ok = TRUE;
      for (guint i = 0; i < n_readers && ok; i++)
        ok = begin_read (readers[i]);
      after = read_int (db, "PRAGMA data_version", G_MININT64, &read_after);
      if (!ok || !read_before || !read_after)
        {
          vigil_ledger_set_sql_error (error, ok ? db : readers[0], _("Could not read the ledger"));
          for (guint i = 0; i < n_readers; i++)
            end_read (readers[i]);
          return FALSE;
        }
      read_last_ids (readers[0], first);
      for (guint i = 1; i < n_readers && same; i++)
        {
          gint64 ids[VIGIL_N_CHAINS];

          read_last_ids (readers[i], ids);
          same = memcmp (ids, first, sizeof ids) == 0;
        }
      if (same && before == after)
        return TRUE;
      for (guint i = 0; i < n_readers; i++)
        end_read (readers[i]);
      g_usleep (10000);
    }
  g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_LOCKED,
               _("The database kept changing while Vigil tried to read it as of one moment; "
                 "verify again when the writing has stopped"));
  return FALSE;
}

/* Prefixes ------------------------------------------------------------------------------------ */

static gboolean
stored_hash (VigilSql   *db,
             VigilChain  chain,
             gint64      id,
             char        out[65])
{
  g_autofree char *sql = g_strdup_printf ("SELECT record_hash FROM main.%s WHERE id = ?",
                                          vigil_chain_table (chain));
  VigilSqlStmt *stmt = NULL;
  gboolean found = FALSE;

  if (id == 0)
    {
      memcpy (out, VIGIL_LEDGER_GENESIS, 65);
      return TRUE;
    }
  if (vigil_sql_prepare (db, sql, &stmt) == VIGIL_SQL_OK)
    {
      vigil_sql_bind_int64 (stmt, 1, id);
      if (vigil_sql_step (stmt) == VIGIL_SQL_ROW)
        {
          vigil_ledger_read_stored (stmt, 0, out);
          found = TRUE;
        }
    }
  vigil_sql_finalize (stmt);
  return found;
}

/* The head of the intact chains cut at @ids. */
static void
head_at (VigilSql     *db,
         const gint64  ids[VIGIL_N_CHAINS],
         char          out[65])
{
  char joined[64 * VIGIL_N_CHAINS];

  for (guint c = 0; c < VIGIL_N_CHAINS; c++)
    {
      char hash[65];

      if (!stored_hash (db, c, ids[c], hash))
        memset (hash, 0, sizeof hash);
      memcpy (joined + 64 * c, hash, 64);
    }
  vigil_sha256_hex (joined, sizeof joined, out);
}

/* Why the head @token is not a prefix of the intact chains ending at @last_ids; NULL when it
 * is one. */
static char *
prefix_problem (VigilSql     *db,
                const char   *token,
                const gint64  last_ids[VIGIL_N_CHAINS])
{
  char hex[65], combined[65];
  gint64 ids[VIGIL_N_CHAINS] = { 0 };
  gboolean has_ids = FALSE;

  if (!vigil_ledger_parse_head (token, hex, ids, &has_ids) || !has_ids)
    return g_strdup (_("what is recorded is not a ledger head"));
  for (guint c = 0; c < VIGIL_N_CHAINS; c++)
    if (ids[c] > last_ids[c])
      return g_strdup_printf (_("it covers %s up to id %" PRId64 ", but the table ends at id %"
                                PRId64 ": rows were deleted"),
                              vigil_chain_table (c), ids[c], last_ids[c]);
  head_at (db, ids, combined);
  if (strcmp (combined, hex) != 0)
    return g_strdup (_("rows it covered were rewritten"));
  return NULL;
}

/* Every head an earlier report sealed, then every checkpoint's, must be a prefix of the
 * chains. Returns FALSE with @error when they cannot be read. */
static gboolean
check_sealed_heads (VigilSql          *db,
                    VigilLedgerReport *report,
                    const gint64       last_ids[VIGIL_N_CHAINS],
                    guint             *n_reports,
                    guint             *n_checkpoints,
                    GError           **error)
{
  static const char reports_sql[] =
    "SELECT id, generated_at, ledger_head FROM main.reports ORDER BY id";
  static const char checkpoints_sql[] =
    "SELECT id, timestamp, json_extract(details, '$.head') FROM main.events "
    "WHERE action = '" VIGIL_LEDGER_CHECKPOINT_ACTION "' AND json_valid(details) ORDER BY id";
  /* The reports table is guarded by triggers only; the head each report sealed is also in
   * the details of its chained report_exported event. */
  static const char report_events_sql[] =
    "SELECT id, timestamp, json_extract(details, '$.ledger_head') FROM main.events "
    "WHERE action = 'report_exported' AND json_valid(details) ORDER BY id";
  const char *sql[3] = { reports_sql, checkpoints_sql, report_events_sql };
  gboolean found = FALSE;

  *n_reports = *n_checkpoints = 0;
  for (guint k = 0; k < 3 && !found; k++)
    {
      VigilSqlStmt *stmt = NULL;
      int rc;

      if (vigil_sql_prepare (db, sql[k], &stmt) != VIGIL_SQL_OK)
        {
          vigil_ledger_set_sql_error (error, db, _("Could not read the heads sealed earlier"));
          return FALSE;
        }
      while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
        {
          gint64 id = vigil_sql_column_int64 (stmt, 0);
          const char *when = vigil_sql_column_text (stmt, 1);
          const char *head = vigil_sql_column_text (stmt, 2);
          g_autofree char *problem = NULL;
          g_autofree char *reason = NULL;

          /* A report of a broken ledger recorded what it found, which proves nothing. */
          if (head == NULL || g_str_has_prefix (head, VIGIL_LEDGER_BROKEN_PREFIX))
            continue;
          problem = prefix_problem (db, head, last_ids);
          if (problem == NULL)
            {
              if (k < 2)
                (*(k == 0 ? n_reports : n_checkpoints))++;
              continue;
            }
          if (k == 0)
            reason = g_strdup_printf (_("the head this report sealed on %s is no longer a "
                                        "prefix of the ledger: %s"), when ? when : "?", problem);
          else if (k == 1)
            reason = g_strdup_printf (_("the head its checkpoint of %s recorded is no longer a "
                                        "prefix of the ledger: %s"), when ? when : "?", problem);
          else
            reason = g_strdup_printf (_("the head the report it records sealed on %s is no "
                                        "longer a prefix of the ledger: %s"),
                                      when ? when : "?", problem);
          vigil_ledger_report_set_broken (report, k == 0 ? "reports" : "events", id, reason);
          found = TRUE;
          break;
        }
      vigil_sql_finalize (stmt);
      if (rc != VIGIL_SQL_ROW && rc != VIGIL_SQL_DONE)
        {
          vigil_ledger_set_sql_error (error, db, _("Could not read the heads sealed earlier"));
          return FALSE;
        }
    }
  return TRUE;
}

/* Ranges -------------------------------------------------------------------------------------- */

typedef struct
{
  gint64 first;
  gint64 last;
  gint64 event;
} Range;

static int
compare_ranges (gconstpointer a,
                gconstpointer b)
{
  const Range *x = a, *y = b;

  return x->first < y->first ? -1 : x->first > y->first;
}

/* Every decision must lie in the first_id..last_id of the import, follow, log or simulate
 * event that added it, appended in the same transaction. Decisions before the first such
 * event (written by a Vigil that did not record ranges) are counted as legacy, not named.
 * FALSE with @error when the events cannot be read. */
static gboolean
check_ranges (VigilSql          *db,
              VigilLedgerReport *report,
              gint64             last_decision,
              GError           **error)
{
  static const char sql[] =
    "SELECT id, " VIGIL_JSON_INTEGER ("details", "$.first_id") ", "
    VIGIL_JSON_INTEGER ("details", "$.last_id") " "
    "FROM main.events WHERE action IN ('import', 'follow', 'log', 'simulate') "
    "AND " VIGIL_JSON_INTEGER ("details", "$.first_id") " IS NOT NULL "
    "AND " VIGIL_JSON_INTEGER ("details", "$.last_id") " IS NOT NULL ORDER BY id";
  g_autoptr(GArray) ranges = g_array_new (FALSE, FALSE, sizeof (Range));
  VigilSqlStmt *stmt = NULL;
  gint64 legacy = last_decision, next, uncovered = 0, first_uncovered = 0;
  int rc;

  if (vigil_sql_prepare (db, sql, &stmt) != VIGIL_SQL_OK)
    {
      vigil_ledger_set_sql_error (error, db, _("Could not read the events that added decisions"));
      return FALSE;
    }
  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      Range r = { vigil_sql_column_int64 (stmt, 1), vigil_sql_column_int64 (stmt, 2),
                  vigil_sql_column_int64 (stmt, 0) };

      if (ranges->len == 0)
        legacy = CLAMP (r.first - 1, 0, last_decision);
      if (r.last > last_decision)
        {
          g_autofree char *reason =
            g_strdup_printf (_("deleted: event %" PRId64 " added decisions up to id %" PRId64
                               ", but the table ends at id %" PRId64),
                             r.event, r.last, last_decision);

          vigil_sql_finalize (stmt);
          vigil_ledger_report_set_broken (report, "decisions", last_decision + 1, reason);
          return TRUE;
        }
      if (r.first <= r.last)
        g_array_append_val (ranges, r);
    }
  vigil_sql_finalize (stmt);
  if (rc != VIGIL_SQL_DONE)
    {
      vigil_ledger_set_sql_error (error, db, _("Could not read the events that added decisions"));
      return FALSE;
    }
  vigil_ledger_report_set_legacy_records (report, legacy);

  g_array_sort (ranges, compare_ranges);
  next = legacy + 1;
  for (guint i = 0; i <= ranges->len && next <= last_decision; i++)
    {
      const Range *r = i < ranges->len ? &g_array_index (ranges, Range, i) : NULL;
      gint64 gap_end = r != NULL ? MIN (r->first - 1, last_decision) : last_decision;

      if (gap_end >= next)
        {
          if (first_uncovered == 0)
            first_uncovered = next;
          uncovered += gap_end - next + 1;
        }
      if (r != NULL)
        next = MAX (next, r->last + 1);
    }
  if (uncovered > 0)
    {
      g_autofree char *reason =
        uncovered == 1
          ? g_strdup (_("no import, follow, log or simulate event added it"))
          : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "no import, follow, log or simulate event added it, "
                                          "nor %" PRId64 " other decision",
                                          "no import, follow, log or simulate event added it, "
                                          "nor %" PRId64 " other decisions",
                                          (gulong) MIN (uncovered - 1, G_MAXINT)),
                             uncovered - 1);

      vigil_ledger_report_set_broken (report, "decisions", first_uncovered, reason);
    }
  return TRUE;
}

/* Witnesses ----------------------------------------------------------------------------------- */

/* Every head of @witness must be a trusted line and a prefix of the chains. */
static void
check_witness (VigilSql          *db,
               VigilLedgerReport *report,
               VigilWitness      *witness,
               const gint64       last_ids[VIGIL_N_CHAINS])
{
  const char *path = vigil_witness_get_path (witness);
  const char *head = vigil_ledger_report_get_head (report);
  g_autoptr(GString) lines = g_string_new (NULL);
  guint n_heads = 0, n_signed = 0;

  for (guint i = 0; i < vigil_witness_get_n_entries (witness); i++)
    {
      const VigilWitnessEntry *e = vigil_witness_get_entry (witness, i);
      g_autofree char *problem = NULL;

      if (e->problem == NULL)
        problem = prefix_problem (db, e->head, last_ids);
      if (e->problem != NULL || problem != NULL)
        {
          g_autofree char *reason =
            e->problem != NULL
              ? g_strdup_printf (_("line %u of the witness file %s cannot be trusted: %s"),
                                 e->line, path, e->problem)
              : g_strdup_printf (_("the head witnessed on line %u of %s (%s) is no longer a "
                                   "prefix of the ledger: %s"),
                                 e->line, path, e->time, problem);

          vigil_ledger_report_set_broken (report, "witness", e->line, reason);
          return;
        }
      n_heads++;
      n_signed += e->public_key != NULL;
      if (head != NULL && strcmp (e->head, head) == 0)
        g_string_append_printf (lines, "%s%u", lines->len > 0 ? ", " : "", e->line);
    }
  vigil_ledger_report_set_witness (report, path, n_heads, n_signed,
                                   lines->len > 0 ? lines->str : NULL);
}

/* The verification ----------------------------------------------------------------------------- */

/* Runs the chunks on the workers and waits, reporting progress from this thread. */
static gboolean
run_workers (Work                  *work,
             Worker                *workers,
             guint                  n_workers,
             gboolean               threaded,
             gint64                 total,
             GCancellable          *cancellable,
             GFileProgressCallback  progress,
             gpointer               progress_data,
             GError               **error)
{
  work->running = n_workers;
  if (!threaded)
    worker_run (&workers[0]);
  else
    {
      for (guint i = 0; i < n_workers; i++)
        workers[i].thread = g_thread_new ("vigil-verify", worker_run, &workers[i]);

      g_mutex_lock (&work->lock);
      while (work->running > 0)
        {
          gint64 done = 0;

          g_cond_wait_until (&work->cond, &work->lock,
                             g_get_monotonic_time () + G_TIME_SPAN_MILLISECOND * 100);
          if (g_cancellable_is_cancelled (cancellable))
            g_atomic_int_set (&work->stop, 1);
          for (guint i = 0; i < n_workers; i++)
            done += __atomic_load_n (&workers[i].done, __ATOMIC_RELAXED);
          if (progress != NULL && work->running > 0)
            {
              g_mutex_unlock (&work->lock);
              progress (MIN (done, total), MAX (total, 1), progress_data);
              g_mutex_lock (&work->lock);
            }
        }
      g_mutex_unlock (&work->lock);
      for (guint i = 0; i < n_workers; i++)
        g_thread_join (workers[i].thread);
    }

  if (work->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&work->error));
      return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  return TRUE;
}

/* The file's own check ------------------------------------------------------------------------ */

/* At most this many problems are read from quick_check: the first ones say enough. */
#define QUICK_CHECK_MAX 20

typedef struct
{
  VigilSql  *db;
  GPtrArray *problems;   /* what quick_check found, empty when the file is sound */
  GError    *error;      /* it could not run at all */
  GThread   *thread;
} QuickCheck;

/* PRAGMA quick_check: every page of every b-tree, its cells and free space, and the NOT NULL
 * columns, but not whether the indexes match their tables. The chains are read in full by
 * the workers; this sees the damage they do not read, and that a broken chain would only
 * misname (a file cut short reads as rows deleted). */
static gpointer
quick_check_run (gpointer data)
{
  QuickCheck *qc = data;
  VigilSqlStmt *stmt = NULL;
  int rc;

  rc = vigil_sql_prepare (qc->db, "PRAGMA main.quick_check(" G_STRINGIFY (QUICK_CHECK_MAX) ")",
                                  &stmt);
  while (rc == VIGIL_SQL_OK && (rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      const char *text = vigil_sql_column_text (stmt, 0);
      g_auto(GStrv) lines = g_strsplit (text ? text : "?", "\n", -1);

      /* A row may start with the name of the database it is about. */
      for (guint i = 0; lines[i] != NULL; i++)
        if (*lines[i] != '\0' && strcmp (lines[i], "ok") != 0 &&
            !g_str_has_prefix (lines[i], "*** in database"))
          g_ptr_array_add (qc->problems, g_strdup (lines[i]));
      rc = VIGIL_SQL_OK;
    }
  if (rc != VIGIL_SQL_DONE && rc != VIGIL_SQL_OK)
    {
      /* A file too damaged to be checked is damaged all the same. */
      if ((rc) == VIGIL_SQL_CORRUPT || (rc) == VIGIL_SQL_NOTADB)
        g_ptr_array_add (qc->problems, g_strdup (vigil_sql_errmsg (qc->db)));
      else
        vigil_ledger_set_sql_error (&qc->error, qc->db, _("Could not check the database file"));
    }
  vigil_sql_finalize (stmt);
  return NULL;
}

static char *
describe_damage (GPtrArray *problems)
{
  const char *first = g_ptr_array_index (problems, 0);

  if (problems->len == 1)
    return g_strdup_printf (_("the file is damaged: quick_check found “%s”"), first);
  if (problems->len >= QUICK_CHECK_MAX)
    return g_strdup_printf (_("the file is damaged: quick_check found %u problems or more, "
                              "the first “%s”"), problems->len, first);
  return g_strdup_printf (_("the file is damaged: quick_check found %u problems, the first "
                            "“%s”"), problems->len, first);
}

/* When the chains could not be read to their end: each one's rows, in id order, up to the
 * first that cannot be read. The report's tables and head are then those rows, as found. */
static char *
describe_readable (VigilSql          *db,
                   VigilLedgerReport *report)
{
  GString *out = g_string_new (_("what can still be read:"));

  for (guint c = 0; c < VIGIL_N_CHAINS; c++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT id, record_hash FROM main.%s ORDER BY id",
                                              vigil_chain_table (c));
      VigilSqlStmt *stmt = NULL;
      gint64 rows = 0, last = 0;
      char head[65];
      int rc = vigil_sql_prepare (db, sql, &stmt);

      memcpy (head, VIGIL_LEDGER_GENESIS, 65);
      while (rc == VIGIL_SQL_OK && (rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
        {
          rows++;
          last = vigil_sql_column_int64 (stmt, 0);
          vigil_ledger_read_stored (stmt, 1, head);
          rc = VIGIL_SQL_OK;
        }
      vigil_sql_finalize (stmt);
      vigil_ledger_report_set_table (report, c, vigil_chain_table (c), rows, last, head);
      if (rc == VIGIL_SQL_DONE)
        g_string_append_printf (out, _(" %s: all %" PRId64 " rows;"), vigil_chain_table (c),
                                rows);
      else
        g_string_append_printf (out, _(" %s: %" PRId64 " rows, to id %" PRId64 ", then no "
                                       "more;"), vigil_chain_table (c), rows, last);
    }
  vigil_ledger_report_seal (report);
  g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

/* Why the first break of @chain, at @chunk, breaks, as a replay from the first row says. */
static char *
explain (VigilSql     *db,
         const Chunk  *chunk)
{
  const char *table = vigil_chain_table (chunk->chain);
  gint64 id = chunk->bad_id;

  switch (chunk->kind)
    {
    case BREAK_GAP:
      {
        g_autofree char *sql = g_strdup_printf ("SELECT min(id) FROM main.%s WHERE id > ?",
                                                table);
        gboolean ok;
        gint64 next = read_int (db, sql, id, &ok);

        if (!ok || next == id + 1 || next == 0)
          return g_strdup_printf (_("deleted: row %" PRId64 " is missing"), id);
        return g_strdup_printf (_("deleted: rows %" PRId64 " to %" PRId64 " are missing"),
                                id, next - 1);
      }
    case BREAK_HASH:
      {
        char prev[65];

        if (!stored_hash (db, chunk->chain, id - 1, prev))
          memset (prev, 0, sizeof prev);
        return vigil_ledger_explain (db, chunk->chain, id, prev, id - 1);
      }
    case BREAK_INPUT:
      return g_strdup (_("its input_hash does not match its input_features"));
    case BREAK_NONE:
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * vigil_ledger_verify_full:
 * @db: the caller's connection: it takes the write lock for a moment when @writable, and its
 *   temporary schema is checked; without @path it is the one reader, read inside the caller's
 *   transaction
 * @path: (nullable): the database file, opened read-only once per core
 * @expect_head: (nullable): a head sealed earlier, "HEX@D.A.E" or a bare "HEX"
 * @witness: (nullable): heads kept outside the database, each of which must be a prefix
 * @progress: (nullable) (scope call): called from this thread with rows done and rows in all
 *
 * Checks every link of every chain, the schema that guards them, that @expect_head, every
 * head sealed by an earlier report, every checkpoint's head and every head of @witness are
 * prefixes of the chains, and that every decision lies in the range of the event that added
 * it; when the chains are intact, that every cache of them (vigil-ledger-caches.c) holds what
 * the chained facts say. Returns the report, naming the first row that breaks and why, or
 * every cache that differs; %NULL with @error only when the database cannot be read or
 * @cancellable fires.
 */
VigilLedgerReport *
vigil_ledger_verify_full (VigilSql              *db,
                          const char            *path,
                          gboolean               writable,
                          const char            *expect_head,
                          VigilWitness          *witness,
                          GCancellable          *cancellable,
                          GFileProgressCallback  progress,
                          gpointer               progress_data,
                          GError               **error)
{
  return vigil_ledger_verify_pinned (db, path, writable, NULL, expect_head, witness,
                                     cancellable, progress, progress_data, error);
}

/* On a server, row-level security shows a reviewer seated at desks only the rows of its
 * desks' models: verifying what it sees would call the ledger broken where it is only
 * hidden. Fails, naming the models hidden, unless the login sees every row. */
static gboolean
check_sees_everything (VigilSql  *db,
                       GError   **error)
{
  VigilSqlStmt *stmt = NULL;
  g_autofree char *hidden = NULL;
  g_autofree char *login = NULL;
  int rc;

  if (vigil_sql_get_engine (db) != VIGIL_SQL_POSTGRESQL)
    return TRUE;
  if (vigil_sql_prepare (db,
                         "SELECT session_user, string_agg (m.name, ', ' ORDER BY m.name) "
                         "FROM main.models m "
                         "WHERE NOT main.vigil_may_see (m.name) "
                         "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r "
                         "WHERE r.rolname = current_user AND (r.rolsuper OR r.rolbypassrls)) "
                         "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_class c "
                         "WHERE c.oid = 'main.decisions'::regclass "
                         "AND pg_catalog.pg_get_userbyid (c.relowner) = current_user)",
                         &stmt) != VIGIL_SQL_OK)
    {
      vigil_ledger_set_sql_error (error, db,
                                  _("Could not tell whether the login sees the whole ledger"));
      return FALSE;
    }
  rc = vigil_sql_step (stmt);
  if (rc == VIGIL_SQL_ROW)
    {
      login = vigil_sql_column_dup (stmt, 0);
      hidden = vigil_sql_column_dup (stmt, 1);
    }
  vigil_sql_finalize (stmt);
  if (rc != VIGIL_SQL_ROW)
    {
      vigil_ledger_set_sql_error (error, db,
                                  _("Could not tell whether the login sees the whole ledger"));
      return FALSE;
    }
  if (hidden == NULL)
    return TRUE;
  g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_DENIED,
               _("The login “%s” sees only the models of its desks, not %s, so it cannot "
                 "verify the ledger, which chains every model’s records: nothing was "
                 "verified. An auditor or an admin verifies it."),
               login, hidden);
  return FALSE;
}

/* One verification: its connections, the ranges its workers hash, and what it has read */
typedef struct
{
  VigilSql        *db;
  VigilSql        *pin;
  /* The readers (one per worker and one for quick_check), then the pinned connection, then
   * the NULL that ends them */
  VigilSql        *readers[MAX_WORKERS + 3];
  guint            n_readers;
  VigilSql        *reader;        /* reads the schema, the chains' bounds and the prefixes */
  QuickCheck       qc;
  GArray          *chunks;
  Work             work;
  VigilCacheFacts *facts;
  VigilCacheTally *tallies[MAX_WORKERS];
  gint64           first_ids[VIGIL_N_CHAINS];
  gint64           last_ids[VIGIL_N_CHAINS];
  gint64           total;
  char             expected_hex[65];
  gint64           expected_ids[VIGIL_N_CHAINS];
  gboolean         expect_ids;    /* @expect_head names each chain's last id */
} Verify;

static gboolean
parse_expected_head (Verify      *v,
                     const char  *expect_head,
                     GError     **error)
{
  if (expect_head == NULL ||
      vigil_ledger_parse_head (expect_head, v->expected_hex, v->expected_ids, &v->expect_ids))
    return TRUE;
  g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
               g_str_has_prefix (expect_head, VIGIL_LEDGER_BROKEN_PREFIX)
                 ? _("“%s” was recorded from a broken ledger; it proves nothing and cannot "
                     "be expected")
                 : _("“%s” is not a ledger head; expect 64 hex characters, optionally "
                     "followed by @D.A.E as printed by verify"),
               expect_head);
  return FALSE;
}

/* One reader per core, and one for quick_check on a file; fewer, or none, when @path cannot
 * be opened again. */
static void
open_readers (Verify     *v,
              const char *path)
{
  guint want = CLAMP (g_get_num_processors (), 1, MAX_WORKERS) +
               (vigil_sql_get_engine (v->db) == VIGIL_SQL_SQLITE);

  for (; v->n_readers < want; v->n_readers++)
    {
      VigilSql **reader = &v->readers[v->n_readers];

      if (vigil_sql_open (path, VIGIL_SQL_OPEN_READ_ONLY, reader) != VIGIL_SQL_OK)
        {
          g_clear_pointer (reader, vigil_sql_close);
          break;
        }
      vigil_schema_harden (*reader);
      vigil_sql_set_busy_timeout (*reader, 5000);
      /* Read the pages in place rather than copied into each reader's cache */
      if (vigil_sql_get_engine (*reader) == VIGIL_SQL_SQLITE)
        vigil_sql_exec (*reader, "PRAGMA mmap_size = 2147418112");
    }
  if (v->n_readers == 0)
    g_debug ("verifying on the caller's connection alone: %s cannot be opened again", path);
}

/* Starts the readers and the pinned connection on one snapshot, and picks the connection
 * that reads what the workers do not: the first reader, else the caller's. */
static gboolean
begin_verify_snapshot (Verify    *v,
                       gboolean   writable,
                       GError   **error)
{
  guint n_snapshot = v->n_readers + (v->pin != NULL);
  gboolean pin_reads = FALSE;

  /* The pinned connection joins the snapshot; with no other reader, it is the reader. */
  if (v->pin != NULL)
    {
      v->readers[v->n_readers] = v->pin;
      pin_reads = v->n_readers == 0;
    }
  if (n_snapshot > 0 && !begin_snapshot (v->db, writable, v->readers, n_snapshot, error))
    return FALSE;
  if (pin_reads)
    v->n_readers = 1;
  v->reader = v->n_readers > 0 ? v->readers[0] : v->db;
  return TRUE;
}

/* quick_check on its own reader, alongside the hashing, when there are two or more;
 * else first, on the one connection. */
static void
start_quick_check (Verify *v)
{
  if (vigil_sql_get_engine (v->reader) == VIGIL_SQL_POSTGRESQL)
    {
      /* A server keeps its own pages whole and says when it cannot: no quick_check */
    }
  else if (v->n_readers >= 2)
    {
      v->qc.db = v->readers[--v->n_readers];
      v->qc.thread = g_thread_new ("vigil-quick-check", quick_check_run, &v->qc);
    }
  else
    {
      v->qc.db = v->reader;
      quick_check_run (&v->qc);
    }
}

/* Each chain's first and last id, and the rows of all of them. */
static gboolean
read_bounds (Verify  *v,
             GError **error)
{
  for (guint c = 0; c < VIGIL_N_CHAINS; c++)
    {
      g_autofree char *min_sql = g_strdup_printf ("SELECT ifnull(min(id), 1) FROM main.%s",
                                                  vigil_chain_table (c));
      g_autofree char *max_sql = g_strdup_printf ("SELECT ifnull(max(id), 0) FROM main.%s",
                                                  vigil_chain_table (c));
      gboolean read_min, read_max;

      v->first_ids[c] = read_int (v->reader, min_sql, G_MININT64, &read_min);
      v->last_ids[c] = read_int (v->reader, max_sql, G_MININT64, &read_max);
      if (!read_min || !read_max)
        {
          vigil_ledger_set_sql_error (error, v->reader, _("Could not read the ledger"));
          return FALSE;
        }
      v->total += MAX (v->last_ids[c], 0);
    }
  return TRUE;
}

/* Cuts every chain into ranges of ids, about eight per worker. */
static void
cut_chunks (Verify *v)
{
  gint64 chunk_size = MAX (CHUNK_MIN, v->total / (MAX (v->n_readers, 1) * 8) + 1);

  for (guint c = 0; c < VIGIL_N_CHAINS; c++)
    for (gint64 lo = 1; lo <= v->last_ids[c]; lo += chunk_size)
      {
        Chunk chunk = { c, lo, MIN (lo + chunk_size - 1, v->last_ids[c]), 0, BREAK_NONE };

        g_array_append_val (v->chunks, chunk);
      }
}

/* Checks every link of every range on the workers, each tallying the caches of the rows it
 * reads against what the chained events say they should hold. */
static gboolean
hash_chains (Verify                 *v,
             GCancellable           *cancellable,
             GFileProgressCallback   progress,
             gpointer                progress_data,
             GError                **error)
{
  Worker workers[MAX_WORKERS] = { { 0 } };
  guint n_workers = MAX (v->n_readers, 1);
  Work *work = &v->work;
  gboolean ok;

  /* What the caches should hold, from the chained events, before the workers read the rows */
  v->facts = vigil_cache_facts_load (v->reader, error);
  if (v->facts == NULL)
    return FALSE;

  work->chunks = (Chunk *) v->chunks->data;
  work->n_chunks = v->chunks->len;
  work->first_bad = (gint) v->chunks->len;
  work->caches = TRUE;
  g_mutex_init (&work->lock);
  g_cond_init (&work->cond);
  for (guint i = 0; i < n_workers; i++)
    {
      workers[i].work = work;
      workers[i].db = v->n_readers > 0 ? v->readers[i] : v->db;
      workers[i].tally = v->tallies[i] = vigil_cache_tally_new (v->facts);
    }
  ok = run_workers (work, workers, n_workers, v->n_readers > 0, v->total, cancellable,
                    progress, progress_data, error);
  g_mutex_clear (&work->lock);
  g_cond_clear (&work->cond);
  return ok;
}

/* The first break, chain by chain, as a replay from the first row finds it; the chains before
 * it go into @report whole. Returns whether there is one. */
static gboolean
find_first_break (Verify            *v,
                  VigilLedgerReport *report)
{
  const Work *work = &v->work;

  for (guint c = 0; c < VIGIL_N_CHAINS; c++)
    {
      char head[65];

      if (v->first_ids[c] < 1)
        {
          g_autofree char *reason =
            g_strdup_printf (_("inserted: a row with id %" PRId64 " lies before the chain’s "
                               "first row"), v->first_ids[c]);

          vigil_ledger_report_set_broken (report, vigil_chain_table (c), v->first_ids[c],
                                          reason);
          return TRUE;
        }
      if (work->first_bad < (gint) work->n_chunks && work->chunks[work->first_bad].chain == c)
        {
          const Chunk *chunk = &work->chunks[work->first_bad];
          g_autofree char *reason = explain (v->reader, chunk);

          vigil_ledger_report_set_broken (report, vigil_chain_table (c), chunk->bad_id, reason);
          return TRUE;
        }
      if (!stored_hash (v->reader, c, v->last_ids[c], head))
        memcpy (head, VIGIL_LEDGER_GENESIS, 65);
      vigil_ledger_report_set_table (report, c, vigil_chain_table (c), v->last_ids[c],
                                     v->last_ids[c], head);
      if (v->expect_ids && v->expected_ids[c] > v->last_ids[c])
        {
          g_autofree char *reason =
            g_strdup_printf (_("deleted: the expected head covers rows up to id %" PRId64
                               " but the table ends at id %" PRId64),
                             v->expected_ids[c], v->last_ids[c]);

          vigil_ledger_report_set_broken (report, vigil_chain_table (c), v->last_ids[c] + 1,
                                          reason);
          return TRUE;
        }
    }
  return FALSE;
}

/* Whether the expected head is the chains' head, or with its ids, a prefix of them; if not,
 * @report says so. */
static gboolean
check_expected_head (Verify            *v,
                     VigilLedgerReport *report)
{
  char combined[65];

  if (v->expect_ids)
    head_at (v->reader, v->expected_ids, combined);
  else
    memcpy (combined, vigil_ledger_report_get_head (report), 64), combined[64] = '\0';
  if (strcmp (combined, v->expected_hex) == 0)
    return TRUE;
  vigil_ledger_report_set_broken (report, "ledger", 0,
                                  v->expect_ids
                                    ? _("the expected head is not in the ledger: rows it "
                                        "sealed were rewritten")
                                    : _("the head differs from the expected head"));
  return FALSE;
}

/* With every link intact: seals @report, then checks the heads that must be prefixes of the
 * chains and the decisions' ranges. Returns FALSE with @error when they cannot be read. */
static gboolean
check_intact_chains (Verify            *v,
                     VigilLedgerReport *report,
                     const char        *expect_head,
                     VigilWitness      *witness,
                     guint             *n_reports,
                     guint             *n_checkpoints,
                     GError           **error)
{
  gboolean expected_found = TRUE;

  vigil_ledger_report_seal (report);
  vigil_ledger_report_set_rehashed (report, v->total);
  vigil_ledger_report_set_format1_records (report, v->work.legacy);
  if (expect_head != NULL)
    expected_found = check_expected_head (v, report);
  if (expected_found &&
      !check_sealed_heads (v->reader, report, v->last_ids, n_reports, n_checkpoints, error))
    return FALSE;
  if (vigil_ledger_report_is_intact (report) &&
      !check_ranges (v->reader, report, v->last_ids[VIGIL_CHAIN_DECISIONS], error))
    return FALSE;
  if (witness != NULL && vigil_ledger_report_is_intact (report))
    check_witness (v->reader, report, witness, v->last_ids);
  return TRUE;
}

/* The damage quick_check found where the chains themselves could all be read. */
static void
report_damage (Verify            *v,
               VigilLedgerReport *report,
               gboolean           broken)
{
  g_autofree char *damage = describe_damage (v->qc.problems);
  g_autofree char *records = g_strdup_printf ("%" PRId64,
                                              vigil_ledger_report_get_records (report));
  g_autofree char *readable =
    broken ? NULL
           : g_strdup_printf (_("what can still be read: every row of the chains, %s "
                                "records, each link intact"), records);

  vigil_ledger_report_set_damaged (report, damage, readable);
}

/* When the chains could not be read: a damaged file is reported as damaged, with what can
 * still be read (a reader that could not read a page found the damage too). Returns whether
 * @report says so; otherwise @read_error goes to @error. */
static gboolean
report_unreadable (Verify             *v,
                   VigilLedgerReport  *report,
                   const char         *expect_head,
                   GCancellable       *cancellable,
                   GError            **read_error,
                   GError            **error)
{
  QuickCheck *qc = &v->qc;
  g_autofree char *damage = NULL;
  g_autofree char *readable = NULL;

  if (qc->thread != NULL)
    {
      /* Let it name the damage a reader ran into. */
      if (!g_error_matches (*read_error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CORRUPT))
        vigil_sql_interrupt (qc->db);
      g_thread_join (g_steal_pointer (&qc->thread));
    }
  if (g_cancellable_is_cancelled (cancellable) ||
      (qc->problems->len == 0 &&
       !g_error_matches (*read_error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CORRUPT)))
    {
      g_propagate_error (error, g_steal_pointer (read_error));
      return FALSE;
    }
  if (qc->problems->len == 0)
    g_ptr_array_add (qc->problems, g_strdup ((*read_error)->message));
  damage = describe_damage (qc->problems);
  readable = describe_readable (v->reader, report);
  vigil_ledger_report_set_damaged (report, damage, readable);
  vigil_ledger_report_set_prefixes (report, 0, 0, expect_head);
  return TRUE;
}

/* Stops quick_check, closes the readers and ends the pinned connection's read unless the
 * verification succeeded (@ok), when the caller ends it. */
static void
verify_clear (Verify   *v,
              gboolean  ok)
{
  if (v->qc.thread != NULL)
    {
      vigil_sql_interrupt (v->qc.db);
      g_thread_join (v->qc.thread);
    }
  /* The tallies' statements first, then the connections they were prepared on */
  for (guint i = 0; i < MAX_WORKERS; i++)
    vigil_cache_tally_free (v->tallies[i]);
  for (guint i = 0; i < G_N_ELEMENTS (v->readers) && v->readers[i] != NULL; i++)
    {
      if (v->readers[i] == v->pin)
        continue;
      end_read (v->readers[i]);
      vigil_sql_close (v->readers[i]);
    }
  if (v->pin != NULL && !ok)
    end_read (v->pin);
  vigil_cache_facts_free (v->facts);
  g_ptr_array_unref (v->qc.problems);
  g_clear_error (&v->qc.error);
  g_array_unref (v->chunks);
}

/**
 * vigil_ledger_verify_pinned:
 * @pin: (nullable): another connection on @path, not in a transaction; on success it is left
 *   in a read transaction on the very snapshot verified, so that what the caller reads
 *   through it afterwards is what was verified (the caller ends it)
 *
 * As vigil_ledger_verify_full().
 */
VigilLedgerReport *
vigil_ledger_verify_pinned (VigilSql              *db,
                            const char            *path,
                            gboolean               writable,
                            VigilSql              *pin,
                            const char            *expect_head,
                            VigilWitness          *witness,
                            GCancellable          *cancellable,
                            GFileProgressCallback  progress,
                            gpointer               progress_data,
                            GError               **error)
{
  g_autoptr(VigilLedgerReport) report = vigil_ledger_report_new ();
  g_autoptr(GError) read_error = NULL;
  Verify v = { 0 };
  gboolean ok = FALSE, broken;
  guint n_reports = 0, n_checkpoints = 0;

  if (!parse_expected_head (&v, expect_head, error) || !check_sees_everything (db, error))
    return NULL;
  v.db = db;
  v.pin = pin;
  v.qc.problems = g_ptr_array_new_with_free_func (g_free);
  v.chunks = g_array_new (FALSE, TRUE, sizeof (Chunk));

  if (path != NULL)
    open_readers (&v, path);
  if (!begin_verify_snapshot (&v, writable, error))
    goto out;
  start_quick_check (&v);

  /* The schema: the database's, in the snapshot, and the caller's temporary one */
  if (!vigil_schema_check_ledger (v.reader, TRUE, report, error) ||
      (v.n_readers > 0 && !vigil_schema_check_ledger (db, FALSE, report, error)))
    goto out;

  if (!read_bounds (&v, &read_error))
    goto read_failed;
  cut_chunks (&v);
  if (!hash_chains (&v, cancellable, progress, progress_data, &read_error))
    goto read_failed;
  if (v.qc.thread != NULL)
    g_thread_join (g_steal_pointer (&v.qc.thread));
  if (v.qc.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&v.qc.error));
      goto out;
    }

  broken = find_first_break (&v, report);
  if (broken)
    vigil_ledger_seal_as_found (v.reader, report);
  else
    {
      if (!check_intact_chains (&v, report, expect_head, witness, &n_reports, &n_checkpoints,
                                error))
        goto out;
      /* Every row was read: the caches can be compared with what the chains say. */
      if (!vigil_cache_check (v.reader, v.facts, v.tallies, MAX (v.n_readers, 1), report,
                              &read_error))
        goto read_failed;
    }
  vigil_ledger_report_set_prefixes (report, n_reports, n_checkpoints, expect_head);
  if (v.qc.problems->len > 0)
    report_damage (&v, report, broken);
  if (progress != NULL)
    progress (MAX (v.total, 1), MAX (v.total, 1), progress_data);
  ok = TRUE;
  goto out;

read_failed:
  ok = report_unreadable (&v, report, expect_head, cancellable, &read_error, error);

out:
  verify_clear (&v, ok);
  return ok ? g_steal_pointer (&report) : NULL;
}
