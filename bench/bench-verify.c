/* bench-verify.c: the full verification of the ledger at 1M and 10M decisions
 *
 * Target (issue 10): a full verification of 10M decisions within 3x of the time it takes to
 * read the same columns with a bare SELECT and hash each row with SHA-256, one thread per core
 * (the reference), and under 10 s on two cores. Both figures and their ratio are printed for
 * each size.
 *
 * Usage: bench-verify [--dir DIR] [--sizes 1000000,10000000] [--runs R]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bench-verify"

#include "config.h"

#include <glib/gstdio.h>
#include <inttypes.h>
#include <nettle/sha2.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench-fill.h"
#include "vigil-store.h"

#define TARGET_RATIO   3.0
#define TARGET_SECONDS 10.0
#define TARGET_N       10000000
#define DAYS           90
#define START_USEC     G_GINT64_CONSTANT (1788307200000000) /* 2026-09-02T00:00:00Z */

static char *opt_dir;
static char *opt_sizes = (char *) "1000000,10000000";
static int opt_runs = 3;

static const char *tables[] = { "decisions", "alerts", "events" };
static const char *columns[] = {
  "id, timestamp, model_name, model_version, decision_type, input_features, input_hash, "
  "prediction, confidence, explanation, ticker, sector, portfolio_id, user_id, record_hash",
  "id, timestamp, alert_type, severity, description, model_name, subject, window_start, "
  "window_end, baseline_start, observed, baseline, threshold, n_recent, n_baseline, p_value, "
  "record_hash",
  "id, timestamp, actor, action, target, details, record_hash",
};

typedef struct
{
  const char *path;
  guint       index;
  guint       n_threads;
  gint64      last_ids[3];
  gint64      rows;
  guint8      xor[SHA256_DIGEST_SIZE];  /* so that the hashing is not optimised away */
} Reader;

/* The reference: this thread's share of each table's ids, every column as SQLite gives it,
 * one SHA-256 per row. */
static gpointer
read_and_hash (gpointer data)
{
  Reader *r = data;
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (r->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    g_error ("open %s: %s", r->path, sqlite3_errmsg (db));
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE id BETWEEN ? AND ? "
                                              "ORDER BY id", columns[t], tables[t]);
      sqlite3_stmt *stmt = NULL;
      gint64 share = r->last_ids[t] / r->n_threads + 1;
      int n;

      if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
        g_error ("prepare: %s", sqlite3_errmsg (db));
      sqlite3_bind_int64 (stmt, 1, share * r->index + 1);
      sqlite3_bind_int64 (stmt, 2, share * (r->index + 1));
      n = sqlite3_column_count (stmt);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          struct sha256_ctx ctx;
          guint8 digest[SHA256_DIGEST_SIZE];

          sha256_init (&ctx);
          for (int i = 0; i < n; i++)
            {
              const guint8 *text = sqlite3_column_text (stmt, i);

              if (text != NULL)
                sha256_update (&ctx, (size_t) sqlite3_column_bytes (stmt, i), text);
            }
          sha256_digest (&ctx, SHA256_DIGEST_SIZE, digest);
          for (guint i = 0; i < SHA256_DIGEST_SIZE; i++)
            r->xor[i] ^= digest[i];
          r->rows++;
        }
      sqlite3_finalize (stmt);
    }
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_close (db);
  return NULL;
}

static double
reference (const char   *path,
           const gint64  last_ids[3],
           gint64       *rows)
{
  guint n = g_get_num_processors ();
  g_autofree Reader *readers = g_new0 (Reader, n);
  g_autofree GThread **threads = g_new0 (GThread *, n);
  gint64 t0 = g_get_monotonic_time ();

  *rows = 0;
  for (guint i = 0; i < n; i++)
    {
      readers[i].path = path;
      readers[i].index = i;
      readers[i].n_threads = n;
      memcpy (readers[i].last_ids, last_ids, sizeof readers[i].last_ids);
      threads[i] = g_thread_new ("reference", read_and_hash, &readers[i]);
    }
  for (guint i = 0; i < n; i++)
    {
      g_thread_join (threads[i]);
      *rows += readers[i].rows;
    }
  return (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static void
warm (const char *path)
{
  FILE *file = fopen (path, "rb");
  g_autofree char *buf = g_malloc (1 << 20);
  gsize n, total = 0;

  /* Read the file once, so that both measurements start with it in the page cache. */
  if (file == NULL)
    return;
  while ((n = fread (buf, 1, 1 << 20, file)) > 0)
    total += n;
  fclose (file);
  g_print ("  (%.0f MB read into the page cache)\n", (double) total / 1e6);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- time the ledger's full verification");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_auto(GStrv) sizes = NULL;
  gboolean pass = TRUE;
  GOptionEntry entries[] = {
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_dir,
      "Keep the databases in this folder and reuse them (default: a temporary folder)", "DIR" },
    { "sizes", 0, 0, G_OPTION_ARG_STRING, &opt_sizes, "Decisions, comma-separated", "N,N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &opt_runs, "Timed runs of each (median)", "R" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  opt_runs = CLAMP (opt_runs, 1, 15);
  dir = opt_dir ? g_strdup (opt_dir) : g_dir_make_tmp ("bench-verify-XXXXXX", &error);
  if (dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  g_mkdir_with_parents (dir, 0700);
  sizes = g_strsplit (opt_sizes, ",", -1);

  g_print ("bench-verify: vigil_store_verify (every link, the schema, sealed heads) against a "
           "bare SELECT of the same columns hashed with SHA-256, %u threads; median of %d\n",
           g_get_num_processors (), opt_runs);
  g_print ("target: at %d decisions, within %.0fx of the reference and under %.0f s\n\n",
           TARGET_N, TARGET_RATIO, TARGET_SECONDS);

  for (guint s = 0; sizes[s] != NULL; s++)
    {
      gint64 n = g_ascii_strtoll (sizes[s], NULL, 10);
      g_autofree char *name = g_strdup_printf ("verify-%" PRId64 ".db", n);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(VigilStore) store = NULL;
      gboolean exists = g_file_test (path, G_FILE_TEST_EXISTS);
      double verify_s[15], reference_s[15], ratio;
      gint64 records = 0, rows = 0, last_ids[3];

      if (n < 1)
        continue;
      store = vigil_store_open (path, VIGIL_STORE_OPEN_CREATE, &error);
      if (store == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 2;
        }
      g_print ("N = %" PRId64 "%s\n", n, exists ? " (reusing the database)" : "");
      if (!exists)
        {
          gint64 t0 = g_get_monotonic_time ();

          bench_fill_decisions (store, n, START_USEC, DAYS);
          g_print ("  filled in %.1f s\n", (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC);
        }
      warm (path);

      for (int run = 0; run < opt_runs; run++)
        {
          g_autoptr(VigilLedgerReport) report = NULL;
          gint64 t0 = g_get_monotonic_time ();

          report = vigil_store_verify (store, NULL, NULL, NULL, &error);
          verify_s[run] = (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC;
          if (report == NULL || !vigil_ledger_report_is_intact (report))
            {
              g_printerr ("verify: %s\n", report ? vigil_ledger_report_get_reason (report)
                                                 : error->message);
              return 2;
            }
          records = vigil_ledger_report_get_records (report);
          for (guint t = 0; t < 3; t++)
            last_ids[t] = vigil_ledger_report_get_table_last_id (report, tables[t]);

          reference_s[run] = reference (path, last_ids, &rows);
        }
      qsort (verify_s, opt_runs, sizeof (double), compare_doubles);
      qsort (reference_s, opt_runs, sizeof (double), compare_doubles);
      ratio = verify_s[opt_runs / 2] / reference_s[opt_runs / 2];
      g_print ("  full verify: %.3f s (%" PRId64 " records, %.0f records/s)\n",
               verify_s[opt_runs / 2], records, records / verify_s[opt_runs / 2]);
      g_print ("  reference:   %.3f s (%" PRId64 " rows read and hashed)\n",
               reference_s[opt_runs / 2], rows);
      g_print ("  ratio:       %.2fx%s\n", ratio,
               n == TARGET_N ? (ratio <= TARGET_RATIO && verify_s[opt_runs / 2] < TARGET_SECONDS
                                  ? "  target met" : "  target MISSED") : "");
      if (n == TARGET_N)
        pass &= ratio <= TARGET_RATIO && verify_s[opt_runs / 2] < TARGET_SECONDS;

      g_clear_object (&store);
      if (opt_dir == NULL)
        {
          g_autofree char *wal = g_strconcat (path, "-wal", NULL);
          g_autofree char *shm = g_strconcat (path, "-shm", NULL);

          g_unlink (path);
          g_unlink (wal);
          g_unlink (shm);
        }
    }
  if (opt_dir == NULL)
    g_rmdir (dir);

  g_print ("\n%s\n", pass ? "PASS" : "MISS");
  return pass ? 0 : 1;
}
