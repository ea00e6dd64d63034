/* bench-import.c: JSON Lines import throughput against a bare SQLite insert loop
 *
 * Generates N realistic decisions as JSON Lines, imports them with VigilImporter into a fresh
 * database, then inserts the same rows into a fresh database of the same schema with one
 * prepared INSERT in one transaction (the reference of DESIGN.md's budget). On the same data it
 * then times each stage of the import alone, to show where the time goes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-bench"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sqlite3.h>
#include <time.h>
#include <unistd.h>

#include "bench-fill.h"
#include "vigil-importer.h"
#include "vigil-json.h"
#include "vigil-json-parser.h"
#include "vigil-ledger.h"
#include "vigil-store-private.h"

#define DEFAULT_BATCH  4096 /* the importer's */
#define TARGET_RATIO   0.5
#define TARGET_RATE    100000.0
#define SEED           G_GUINT64_CONSTANT (20240601)
#define SPAN_USEC      (G_GINT64_CONSTANT (30) * 86400 * G_USEC_PER_SEC)
#define START_USEC     G_GINT64_CONSTANT (1740787200000000) /* 2025-03-01T00:00:00Z */
#define N_FEATURES     5

/* The same statement as vigil_store_append_records(). */
typedef struct
{
  const char *name;
  gboolean    integer;
  double      value;
} Feature;

/* Deterministic: the same seed and N give the same file. */
typedef struct
{
  guint64   state;
  gint64    n;
  gboolean  shuffled;
  GString  *line;
} Generator;

typedef struct
{
  double read;
  double parse;
  double chain;
  double sql;
} Breakdown;

static const char *tickers[] = {
  "AAPL", "MSFT", "AMZN", "GOOG", "JPM", "BAC", "XOM", "CVX", "JNJ", "PFE", "UNH", "V", "MA",
  "HD", "PG",
};

static const char *ticker_sectors[] = {
  "Tech", "Tech", "Tech", "Tech", "Finance", "Finance", "Energy", "Energy", "Health", "Health",
  "Health", "Finance", "Finance", "Consumer_Staples", "Consumer_Staples",
};

static double
now_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

static guint64
rng_next (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static double
rng_uniform (guint64 *state,
             double   lo,
             double   hi)
{
  return lo + (hi - lo) * ((double) (rng_next (state) >> 11) / 9007199254740992.0);
}

static double
rng_normal (guint64 *state,
            double   mean,
            double   sd)
{
  double u1 = ((double) (rng_next (state) >> 11) + 1.0) / 9007199254740993.0;
  double u2 = rng_uniform (state, 0.0, 1.0);

  return mean + sd * sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
}

static guint
rng_index (guint64 *state,
           guint    n)
{
  return (guint) (rng_next (state) % n);
}

static double
round_to (double value,
          double scale)
{
  return round (value * scale) / scale;
}

static void
write_features (GString       *out,
                const Feature *features,
                guint          n)
{
  g_string_append_c (out, '{');
  for (guint i = 0; i < n; i++)
    {
      vigil_json_key (out, features[i].name);
      if (features[i].integer)
        g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) features[i].value);
      else
        vigil_json_write_double (out, features[i].value);
    }
  g_string_append_c (out, '}');
}

/* Writes decision @i to g->line: the notebook's two models, one MomentumSignal for two
 * CreditXGBoost, spread over 30 days in time order with a little jitter (or in no order at all
 * when g->shuffled), as a model's logger writes them: compact JSON, features in the model's
 * order (not sorted), "Z" timestamps, absent fields left out, doubles at full precision where
 * the model computes them. */
static void
generate (Generator *g,
          gint64     i)
{
  Feature features[N_FEATURES];
  char timestamp[VIGIL_TIMESTAMP_LEN];
  char explanation[128];
  char portfolio_id[32];
  char user_id[32];
  const char *model_name, *model_version, *decision_type, *prediction, *why;
  const char *ticker = NULL, *sector;
  double confidence;
  gint64 usec;

  if (g->shuffled)
    usec = START_USEC + (gint64) rng_uniform (&g->state, 0.0, (double) SPAN_USEC);
  else
    usec = START_USEC + (gint64) ((double) SPAN_USEC * (double) i / (double) g->n) +
           (gint64) rng_uniform (&g->state, 0.0, 100000.0);
  vigil_timestamp_format (usec, timestamp);

  if (rng_index (&g->state, 3) == 0)
    {
      guint t = rng_index (&g->state, G_N_ELEMENTS (tickers));
      double momentum = rng_normal (&g->state, 0.05, 0.15);

      features[0] = (Feature) { "momentum_12m", FALSE, momentum };
      features[1] = (Feature) { "volatility", FALSE,
                                round_to (rng_uniform (&g->state, 0.1, 0.4), 10000.0) };
      features[2] = (Feature) { "pe_ratio", FALSE,
                                round_to (rng_uniform (&g->state, 10.0, 40.0), 100.0) };
      features[3] = (Feature) { "volume_ratio", FALSE,
                                round_to (exp (rng_normal (&g->state, 0.0, 0.3)), 1000.0) };
      features[4] = (Feature) { "rsi_14", FALSE,
                                round_to (rng_uniform (&g->state, 20.0, 80.0), 10.0) };

      model_name = "MomentumSignal";
      model_version = "v1.3";
      decision_type = "trading_signal";
      if (momentum > 0.15)
        {
          prediction = "BUY";
          confidence = 0.75;
          why = "Strong 12-month momentum";
        }
      else if (momentum < -0.10)
        {
          prediction = "SELL";
          confidence = 0.70;
          why = "Negative 12-month momentum";
        }
      else
        {
          prediction = "HOLD";
          confidence = 0.55;
          why = "Neutral momentum";
        }
      g_strlcpy (explanation, why, sizeof explanation);
      ticker = tickers[t];
      sector = ticker_sectors[t];
      g_snprintf (portfolio_id, sizeof portfolio_id, "PF-%04u", rng_index (&g->state, 200));
      g_strlcpy (user_id, "system", sizeof user_id);
    }
  else
    {
      double fico = (double) (gint64) rng_normal (&g->state, 700.0, 60.0);
      double dti = round_to (rng_uniform (&g->state, 15.0, 55.0), 10.0);
      double pd = CLAMP ((800.0 - fico) / 1000.0 + dti / 200.0, 0.01, 0.99);

      features[0] = (Feature) { "fico", TRUE, fico };
      features[1] = (Feature) { "dti", FALSE, dti };
      features[2] = (Feature) { "income", TRUE,
                                floor (exp (rng_normal (&g->state, 11.0, 0.5))) };
      features[3] = (Feature) { "loan_amount", TRUE,
                                floor (exp (rng_normal (&g->state, 10.0, 0.8))) };
      features[4] = (Feature) { "utilization", FALSE,
                                round_to (rng_uniform (&g->state, 0.0, 1.0), 1000.0) };

      model_name = "CreditXGBoost";
      model_version = "v2.1";
      decision_type = "credit_approval";
      prediction = pd < 0.15 ? "APPROVE" : "DECLINE";
      confidence = 1.0 - pd;
      g_snprintf (explanation, sizeof explanation,
                  "%s PD (%.2f) based on FICO (%d) and DTI (%.1f)",
                  pd < 0.15 ? "Low" : "High", pd, (int) fico, dti);
      sector = "Retail_Credit";
      g_snprintf (portfolio_id, sizeof portfolio_id, "APP-%05u",
                  10000 + rng_index (&g->state, 90000));
      g_snprintf (user_id, sizeof user_id, "User-%u", 1 + rng_index (&g->state, 10));
    }

  g_string_assign (g->line, "{");
  vigil_json_key (g->line, "timestamp");
  g_string_append_printf (g->line, "\"%sZ\"", timestamp);
  vigil_json_member_string (g->line, "model_name", model_name);
  vigil_json_member_string (g->line, "model_version", model_version);
  vigil_json_member_string (g->line, "decision_type", decision_type);
  vigil_json_key (g->line, "input_features");
  write_features (g->line, features, N_FEATURES);
  vigil_json_member_string (g->line, "prediction", prediction);
  vigil_json_key (g->line, "confidence");
  vigil_json_write_double (g->line, confidence);
  vigil_json_member_string (g->line, "explanation", explanation);
  if (ticker != NULL)
    vigil_json_member_string (g->line, "ticker", ticker);
  vigil_json_member_string (g->line, "sector", sector);
  vigil_json_member_string (g->line, "portfolio_id", portfolio_id);
  vigil_json_member_string (g->line, "user_id", user_id);
  g_string_append (g->line, "}\n");
}

static gboolean
write_jsonl (const char  *path,
             gint64       n,
             gboolean     shuffled,
             gint64      *out_bytes,
             GError     **error)
{
  Generator g = { SEED, n, shuffled, g_string_sized_new (512) };
  FILE *out = g_fopen (path, "w");
  gint64 bytes = 0;

  if (out == NULL)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Could not create %s: %s", path, g_strerror (saved));
      g_string_free (g.line, TRUE);
      return FALSE;
    }
  setvbuf (out, NULL, _IOFBF, 1024 * 1024);

  for (gint64 i = 0; i < n; i++)
    {
      generate (&g, i);
      fwrite (g.line->str, 1, g.line->len, out);
      bytes += (gint64) g.line->len;
    }
  g_string_free (g.line, TRUE);

  if (fclose (out) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Could not write %s: %s", path, g_strerror (saved));
      return FALSE;
    }
  *out_bytes = bytes;
  return TRUE;
}

/* Keeps a record, as the import derived it, for the reference: its strings in @arena. */
static void
keep_row (VigilRecord       *row,
          const VigilRecord *r,
          GStringChunk      *arena)
{
  *row = *r;
#define KEEP(f) if (row->f != NULL) row->f = g_string_chunk_insert_const (arena, row->f)
  KEEP (model_name);
  KEEP (model_version);
  KEEP (decision_type);
  KEEP (prediction);
  KEEP (explanation);
  KEEP (ticker);
  KEEP (sector);
  KEEP (portfolio_id);
  KEEP (user_id);
#undef KEEP
  row->input_features = g_string_chunk_insert (arena, r->input_features);
}

static gboolean
sqlite_failed (VigilSql    *db,
               const char  *what,
               GError     **error)
{
  g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_FAILED, "%s: %s", what,
               vigil_sql_errmsg (db));
  return FALSE;
}

static gboolean
exec_sql (VigilSql    *db,
          const char  *sql,
          GError     **error)
{
  if (vigil_sql_exec (db, sql) != VIGIL_SQL_OK)
    return sqlite_failed (db, sql, error);
  return TRUE;
}

static const char *
intern_into_chunk (gpointer    data,
                   const char *str)
{
  return g_string_chunk_insert (data, str);
}

static double
peak_rss_mb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (double) usage.ru_maxrss / 1024.0;
}

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (double) usage.ru_utime.tv_sec + (double) usage.ru_utime.tv_usec / 1e6 +
         (double) usage.ru_stime.tv_sec + (double) usage.ru_stime.tv_usec / 1e6;
}

/* (a) Vigil: the importer, as vigilctl import runs it. Each timed phase starts with sync(), so
 * that it does not pay for writing back what the phases before it left dirty: on ext4 every
 * fsync of the import would otherwise wait for those writes. */
static gboolean
run_vigil (const char  *db_path,
           const char  *jsonl_path,
           gint64       n,
           guint        batch_size,
           double      *out_seconds,
           double      *out_cpu,
           GError     **error)
{
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilImporter) importer = NULL;
  double t0, cpu0;

  store = vigil_store_open (db_path, VIGIL_STORE_OPEN_CREATE, error);
  if (store == NULL)
    return FALSE;
  importer = vigil_importer_new (store);
  vigil_importer_set_actor (importer, "bench");
  vigil_importer_set_batch_size (importer, batch_size);

  sync ();
  cpu0 = cpu_seconds ();
  t0 = now_seconds ();
  if (!vigil_importer_import_file (importer, jsonl_path, NULL, error))
    return FALSE;
  *out_seconds = now_seconds () - t0;
  *out_cpu = cpu_seconds () - cpu0;

  if (vigil_importer_get_imported (importer) != n || vigil_importer_get_rejected (importer) != 0)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_FAILED,
                   "Vigil imported %" G_GINT64_FORMAT " and rejected %" G_GINT64_FORMAT
                   " of %" G_GINT64_FORMAT " lines", vigil_importer_get_imported (importer),
                   vigil_importer_get_rejected (importer), n);
      return FALSE;
    }
  return TRUE;
}

/* (b) The reference: same schema, indexes and PRAGMAs (the store creates the database), one
 * prepared INSERT, one transaction, values already in memory, no hashing, no validation. */
static gboolean
run_bare (const char         *db_path,
          const VigilRecord  *rows,
          gint64              n,
          double             *out_seconds,
          GError            **error)
{
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilSqlStmt) stmt = NULL;
  VigilSql *db;
  double t0;

  store = vigil_store_open (db_path, VIGIL_STORE_OPEN_CREATE, error);
  if (store == NULL)
    return FALSE;
  db = vigil_store_get_sql (store);
  if (vigil_sql_prepare (db, VIGIL_DECISION_INSERT_SQL, &stmt) != VIGIL_SQL_OK)
    return sqlite_failed (db, "prepare", error);

  sync ();
  t0 = now_seconds ();
  if (!exec_sql (db, "BEGIN IMMEDIATE", error))
    return FALSE;
  for (gint64 i = 0; i < n; i++)
    {
      vigil_store_bind_record (stmt, &rows[i]);
      if (vigil_sql_step (stmt) != VIGIL_SQL_DONE)
        {
          sqlite_failed (db, "INSERT", error);
          vigil_sql_exec (db, "ROLLBACK");
          return FALSE;
        }
      vigil_sql_reset (stmt);
    }
  if (!exec_sql (db, "COMMIT", error))
    return FALSE;
  *out_seconds = now_seconds () - t0;
  return TRUE;
}

/* The writer thread's SQLite work for one batch, without the hashing: BEGIN IMMEDIATE, read
 * the chain's head, the INSERTs, COMMIT. */
static gboolean
insert_batch (VigilStore         *store,
              VigilSqlStmt       *stmt,
              const VigilRecord  *records,
              guint               n,
              GError            **error)
{
  VigilSql *db = vigil_store_get_sql (store);
  char head[65];
  gint64 last_id;

  if (!exec_sql (db, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!vigil_ledger_read_head (db, VIGIL_CHAIN_DECISIONS, &last_id, head, error))
    goto fail;
  for (guint i = 0; i < n; i++)
    {
      vigil_store_bind_record (stmt, &records[i]);
      if (vigil_sql_step (stmt) != VIGIL_SQL_DONE)
        {
          sqlite_failed (db, "INSERT", error);
          vigil_sql_reset (stmt);
          goto fail;
        }
      vigil_sql_reset (stmt);
    }
  if (!exec_sql (db, "COMMIT", error))
    goto fail;
  return TRUE;

fail:
  vigil_sql_exec (db, "ROLLBACK");
  return FALSE;
}

/* Each stage of the import alone, one thread, over the same file in batches of @batch_size:
 * splitting lines and checking UTF-8, vigil_json_parse_decision() (parsing, validation,
 * canonical features, input_hash), the chain (netstring fields and SHA-256), and the writer's
 * SQLite work into a fresh database. Keeps each row, as the import derived it, in @rows. */
static gboolean
measure_stages (const char    *jsonl_path,
                const char    *db_path,
                VigilRecord   *rows,
                GStringChunk  *arena,
                gint64         n,
                guint          batch_size,
                Breakdown     *out,
                GError       **error)
{
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilSqlStmt) stmt = NULL;
  g_autoptr(GString) scratch = g_string_sized_new (1024);
  g_autoptr(GString) fields = g_string_sized_new (1024);
  g_autofree VigilRecord *records = g_new0 (VigilRecord, batch_size);
  g_autofree const char **lines = g_new0 (const char *, batch_size);
  g_autofree gsize *lengths = g_new0 (gsize, batch_size);
  GStringChunk *strings = g_string_chunk_new (64 * 1024);
  const char *p, *end;
  char prev[65];
  gint64 row = 0;
  gboolean ok = FALSE;

  memset (out, 0, sizeof *out);
  memcpy (prev, VIGIL_LEDGER_GENESIS, 65);

  file = g_mapped_file_new (jsonl_path, FALSE, error);
  if (file == NULL)
    goto out;
  store = vigil_store_open (db_path, VIGIL_STORE_OPEN_CREATE, error);
  if (store == NULL)
    goto out;
  if (vigil_sql_prepare_persistent (vigil_store_get_sql (store), VIGIL_DECISION_INSERT_SQL, &stmt) != VIGIL_SQL_OK)
    {
      sqlite_failed (vigil_store_get_sql (store), "prepare", error);
      goto out;
    }

  sync ();
  p = g_mapped_file_get_contents (file);
  end = p + g_mapped_file_get_length (file);
  while (p < end)
    {
      guint k = 0;
      double t0, t1, t2, t3, t4;

      t0 = now_seconds ();
      while (k < batch_size && p < end)
        {
          const char *nl = memchr (p, '\n', (gsize) (end - p));
          gsize len = nl != NULL ? (gsize) (nl - p) : (gsize) (end - p);

          if (!g_utf8_validate (p, (gssize) len, NULL))
            {
              g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "line %" G_GINT64_FORMAT
                           " is not UTF-8", row + k + 1);
              goto out;
            }
          lines[k] = p;
          lengths[k] = len;
          k++;
          p += len + (nl != NULL ? 1 : 0);
        }

      t1 = now_seconds ();
      for (guint i = 0; i < k; i++)
        {
          g_autofree char *reason = NULL;

          if (!vigil_json_parse_decision (lines[i], lengths[i], &records[i], intern_into_chunk,
                                          strings, scratch, &reason))
            {
              g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                           "line %" G_GINT64_FORMAT ": %s", row + i + 1, reason);
              goto out;
            }
        }

      t2 = now_seconds ();
      for (guint i = 0; i < k; i++)
        {
          VigilRecord *r = &records[i];

          r->id = row + i + 1;
          g_string_truncate (fields, 0);
          vigil_ledger_decision_fields (fields, r);
          vigil_ledger_link (prev, fields->str, fields->len, r->record_hash);
          memcpy (prev, r->record_hash, 65);
        }

      t3 = now_seconds ();

      for (guint i = 0; i < k && row + i < n; i++)
        keep_row (&rows[row + i], &records[i], arena);

      t4 = now_seconds ();
      if (!insert_batch (store, stmt, records, k, error))
        goto out;

      out->read += t1 - t0;
      out->parse += t2 - t1;
      out->chain += t3 - t2;
      out->sql += now_seconds () - t4;

      g_string_chunk_clear (strings);
      row += k;
    }

  if (row != n)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "the file holds %" G_GINT64_FORMAT
                   " lines, not %" G_GINT64_FORMAT, row, n);
      goto out;
    }
  ok = TRUE;

out:
  g_string_chunk_free (strings);
  return ok;
}

/* (b) on a server: the same rows, already in memory, written as COPY's text and sent in one
 * COPY … FROM STDIN in one transaction into a fresh database of the same schema, indexes and
 * triggers (the store creates it): no parsing, no validation, no hashing. */
static gboolean
run_copy (const char         *uri,
          const VigilRecord  *rows,
          gint64              n,
          double             *out_seconds,
          GError            **error)
{
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GString) data = NULL;
  VigilSql *db;
  double t0;

  store = vigil_store_open (uri, VIGIL_STORE_OPEN_CREATE, error);
  if (store == NULL)
    return FALSE;
  db = vigil_store_get_sql (store);
  data = g_string_sized_new ((gsize) n * 480);

  t0 = now_seconds ();
  for (gint64 i = 0; i < n; i++)
    bench_copy_line (data, &rows[i]);
  if (!exec_sql (db, "BEGIN", error))
    return FALSE;
  if (vigil_sql_copy_in (db, "COPY decisions (id, timestamp, model_name, model_version, "
                         "decision_type, input_features, input_hash, prediction, confidence, "
                         "explanation, ticker, sector, portfolio_id, user_id, record_hash) "
                         "FROM STDIN", data->str, data->len) != VIGIL_SQL_OK)
    {
      sqlite_failed (db, "COPY", error);
      vigil_sql_exec (db, "ROLLBACK");
      return FALSE;
    }
  if (!exec_sql (db, "COMMIT", error))
    return FALSE;
  *out_seconds = now_seconds () - t0;
  return TRUE;
}

/* A digest of the 15 ledger columns of every decision on a server, in id order, and the
 * head of the chain */
static gboolean
digest_server (const char  *uri,
               gint64      *out_rows,
               char       **out_digest,
               char        *out_head,
               GError     **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  VigilSql *db = NULL;
  gboolean ok = FALSE;

  if (vigil_sql_open (uri, VIGIL_SQL_OPEN_READ_ONLY, &db) != VIGIL_SQL_OK)
    {
      sqlite_failed (db, uri, error);
      goto out;
    }
  if (vigil_sql_prepare (db, "SELECT count(*), md5(string_agg(md5(row(id, timestamp, "
                         "model_name, model_version, decision_type, input_features, "
                         "input_hash, prediction, confidence, explanation, ticker, sector, "
                         "portfolio_id, user_id, record_hash)::text), '' ORDER BY id)), "
                         "(SELECT record_hash FROM decisions ORDER BY id DESC LIMIT 1) "
                         "FROM decisions", &stmt) != VIGIL_SQL_OK ||
      vigil_sql_step (stmt) != VIGIL_SQL_ROW)
    {
      sqlite_failed (db, "digest", error);
      goto out;
    }
  *out_rows = vigil_sql_column_int64 (stmt, 0);
  *out_digest = g_strdup (vigil_sql_column_text (stmt, 1));
  g_strlcpy (out_head, vigil_sql_column_text (stmt, 2) ? vigil_sql_column_text (stmt, 2) : "",
             65);
  ok = TRUE;

out:
  g_clear_pointer (&stmt, vigil_sql_finalize);
  vigil_sql_close (db);
  return ok;
}

static gboolean
query_int (VigilSql    *db,
           const char  *sql,
           gint64      *out,
           GError     **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;

  if (vigil_sql_prepare (db, sql, &stmt) != VIGIL_SQL_OK ||
      vigil_sql_step (stmt) != VIGIL_SQL_ROW)
    return sqlite_failed (db, sql, error);
  *out = vigil_sql_column_int64 (stmt, 0);
  return TRUE;
}

/* Checks that Vigil and the reference wrote the same rows, column for column; returns the head
 * of Vigil's chain. */
static gboolean
compare_databases (const char  *vigil_path,
                   const char  *bare_path,
                   gint64      *out_same,
                   char        *out_head,
                   GError     **error)
{
  g_autoptr(VigilSqlStmt) attach = NULL;
  g_autoptr(VigilSqlStmt) head = NULL;
  VigilSql *db = NULL;
  gboolean ok = FALSE;

  if (vigil_sql_open (vigil_path, VIGIL_SQL_OPEN_READ_ONLY, &db) != VIGIL_SQL_OK)
    {
      sqlite_failed (db, vigil_path, error);
      goto out;
    }
  if (vigil_sql_prepare (db, "ATTACH DATABASE ?1 AS bare", &attach) != VIGIL_SQL_OK)
    {
      sqlite_failed (db, "ATTACH", error);
      goto out;
    }
  vigil_sql_bind_text (attach, 1, bare_path, -1);
  if (vigil_sql_step (attach) != VIGIL_SQL_DONE)
    {
      sqlite_failed (db, "ATTACH", error);
      goto out;
    }
  if (!query_int (db,
                  "SELECT count(*) FROM main.decisions a JOIN bare.decisions b USING (id) "
                  "WHERE a.timestamp IS b.timestamp AND a.model_name IS b.model_name "
                  "AND a.model_version IS b.model_version "
                  "AND a.decision_type IS b.decision_type "
                  "AND a.input_features IS b.input_features AND a.input_hash IS b.input_hash "
                  "AND a.prediction IS b.prediction AND a.confidence IS b.confidence "
                  "AND a.explanation IS b.explanation AND a.ticker IS b.ticker "
                  "AND a.sector IS b.sector AND a.portfolio_id IS b.portfolio_id "
                  "AND a.user_id IS b.user_id AND a.record_hash IS b.record_hash",
                  out_same, error))
    goto out;
  if (vigil_sql_prepare (db, "SELECT record_hash FROM decisions ORDER BY id DESC LIMIT 1",
                         &head) != VIGIL_SQL_OK || vigil_sql_step (head) != VIGIL_SQL_ROW)
    {
      sqlite_failed (db, "head", error);
      goto out;
    }
  g_strlcpy (out_head, vigil_sql_column_text (head, 0), 65);
  ok = TRUE;

out:
  g_clear_pointer (&attach, vigil_sql_finalize);
  g_clear_pointer (&head, vigil_sql_finalize);
  vigil_sql_close (db);
  return ok;
}

static char *
describe_pragmas (const char  *db_path,
                  GError     **error)
{
  g_autoptr(VigilStore) store = vigil_store_open (db_path, VIGIL_STORE_OPEN_DEFAULT, error);
  gint64 sync = 0, fk = 0, page = 0, cache = 0, checkpoint = 0;
  VigilSql *db;

  if (store == NULL)
    return NULL;
  db = vigil_store_get_sql (store);
  if (!query_int (db, "PRAGMA synchronous", &sync, error) ||
      !query_int (db, "PRAGMA foreign_keys", &fk, error) ||
      !query_int (db, "PRAGMA page_size", &page, error) ||
      !query_int (db, "PRAGMA cache_size", &cache, error) ||
      !query_int (db, "PRAGMA wal_autocheckpoint", &checkpoint, error))
    return NULL;
  return g_strdup_printf ("journal_mode=wal synchronous=%" G_GINT64_FORMAT "%s foreign_keys=%"
                          G_GINT64_FORMAT " page_size=%" G_GINT64_FORMAT " cache_size=%"
                          G_GINT64_FORMAT " wal_autocheckpoint=%" G_GINT64_FORMAT,
                          sync, sync == 2 ? " (FULL)" : "", fk, page, cache, checkpoint);
}

static void
remove_database (const char *path)
{
  static const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (const double *values,
        int           n)
{
  g_autofree double *sorted = g_memdup2 (values, sizeof (double) * (gsize) n);

  qsort (sorted, (gsize) n, sizeof (double), compare_doubles);
  return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

/* 1234567.8 -> "1,234,568" */
static const char *
format_count (char   buf[32],
              double value)
{
  char digits[32];
  int len = g_snprintf (digits, sizeof digits, "%.0f", value);
  int lead = len % 3 == 0 ? 3 : len % 3;
  int o = 0;

  for (int i = 0; i < len; i++)
    {
      if (i > 0 && (i - lead) % 3 == 0)
        buf[o++] = ',';
      buf[o++] = digits[i];
    }
  buf[o] = '\0';
  return buf;
}

static void
print_stage (const char *name,
             double      seconds,
             gint64      n)
{
  char rate[32];

  g_print ("    %-68s %7.2f s %6.2f us/row %10s rows/s\n", name, seconds,
           seconds * 1e6 / (double) n, format_count (rate, (double) n / seconds));
}

int
main (int    argc,
      char **argv)
{
  gint64 n = 1000000;
  int batch_size = DEFAULT_BATCH;
  int runs = 1;
  gboolean shuffled = FALSE;
  gboolean keep = FALSE;
  char *postgres = NULL;
  GOptionEntry entries[] = {
    { "n", 'n', 0, G_OPTION_ARG_INT64, &n, "How many decisions (default 1000000)", "N" },
    { "batch", 'b', 0, G_OPTION_ARG_INT, &batch_size,
      "Decisions per import transaction (default the importer's, 4096)", "N" },
    { "runs", 'r', 0, G_OPTION_ARG_INT, &runs,
      "Time Vigil and the bare loop R times each, alternately, and judge their medians "
      "(default 1)", "R" },
    { "shuffled", 's', 0, G_OPTION_ARG_NONE, &shuffled,
      "Timestamps in no order over the 30 days (merged sources, back-filling), not in time "
      "order", NULL },
    { "keep", 'k', 0, G_OPTION_ARG_NONE, &keep, "Keep the temporary folder and its files "
      "(and the databases on the server)", NULL },
    { "postgres", 0, 0, G_OPTION_ARG_STRING, &postgres,
      "Then the same on the PostgreSQL server of this URI, against a bare COPY, in databases "
      "vigil_bench_import_a and _b that it creates (and drops unless --keep)", "URI" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- time a JSON Lines import");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *jsonl_path = NULL;
  g_autofree char *vigil_path = NULL;
  g_autofree char *stages_path = NULL;
  g_autofree char *bare_path = NULL;
  g_autofree char *pragmas_vigil = NULL;
  g_autofree char *pragmas_bare = NULL;
  g_autofree VigilRecord *rows = NULL;
  GStringChunk *arena = NULL;
  Breakdown b;
  char head[65];
  char label[80];
  char c1[32], c2[32], c3[32];
  g_autofree double *vigil_rates = NULL;
  g_autofree double *bare_rates = NULL;
  g_autofree double *pg_vigil_rates = NULL;
  g_autofree double *pg_copy_rates = NULL;
  g_autofree char *pg_vigil_uri = NULL;
  g_autofree char *pg_copy_uri = NULL;
  g_autofree char *pg_digest_vigil = NULL;
  g_autofree char *pg_digest_copy = NULL;
  double pg_vigil_rate = 0, pg_copy_rate = 0, pg_ratio = 0;
  gint64 pg_rows_vigil = 0, pg_rows_copy = 0;
  char pg_head_vigil[65], pg_head_copy[65];
  gboolean sqlite_pass, pg_pass = TRUE;
  double t0, gen_seconds, vigil_seconds = 0, vigil_cpu = 0, bare_seconds = 0;
  double rss_before, rss_vigil = 0, vigil_rate, bare_rate, ratio, reader, writer;
  gint64 bytes = 0, same = 0;
  gboolean pass;
  int status = 2;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
                                "Imports N generated decisions with Vigil and inserts the same "
                                "rows with a bare SQLite loop,\nthen times each stage of the "
                                "import alone. Target: Vigil >= 0.5 x bare loop and >= 100,000 "
                                "decisions/s.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-import: %s\n", error->message);
      return 2;
    }
  if (n < 1 || batch_size < 1 || batch_size > 1000000 || runs < 1 || runs > 100)
    {
      g_printerr ("bench-import: --n must be at least 1, --batch from 1 to 1000000, --runs "
                  "from 1 to 100\n");
      return 2;
    }
  vigil_rates = g_new (double, runs);
  bare_rates = g_new (double, runs);
  pg_vigil_rates = g_new (double, runs);
  pg_copy_rates = g_new (double, runs);

  dir = g_dir_make_tmp ("vigil-bench-XXXXXX", &error);
  if (dir == NULL)
    goto fail;
  jsonl_path = g_build_filename (dir, "decisions.jsonl", NULL);
  vigil_path = g_build_filename (dir, "vigil.db", NULL);
  stages_path = g_build_filename (dir, "stages.db", NULL);
  bare_path = g_build_filename (dir, "bare.db", NULL);

  g_print ("Vigil import benchmark: %" G_GINT64_FORMAT " decisions; %u CPUs; SQLite %s, "
           "GLib %u.%u.%u\n", n, g_get_num_processors (), sqlite3_libversion (),
           glib_major_version, glib_minor_version, glib_micro_version);
  g_print ("temporary folder: %s%s\n", dir, keep ? " (kept)" : "");

  t0 = now_seconds ();
  if (!write_jsonl (jsonl_path, n, shuffled, &bytes, &error))
    goto fail;
  gen_seconds = now_seconds () - t0;
  g_print ("generated %s: %.1f MB, %.0f bytes/line on average, timestamps %s, in %.2f s\n",
           jsonl_path, (double) bytes / 1e6, (double) bytes / (double) n,
           shuffled ? "in no order" : "in time order", gen_seconds);

  g_print ("\n(a) Vigil: VigilImporter (reader thread: UTF-8, vigil_json_parse_decision; writer "
           "thread: ledger\n    chain, INSERT; %d rows per BEGIN IMMEDIATE..COMMIT)\n", batch_size);
  g_print ("(b) bare loop: one prepared INSERT, one transaction, parsed values in memory, no "
           "hashing, no validation\n");

  /* The peak after the first import is the importer's: the reference's rows do not exist
   * yet. */
  rss_before = peak_rss_mb ();
  for (int run = 0; run < runs; run++)
    {
      if (run > 0)
        {
          remove_database (vigil_path);
          remove_database (bare_path);
        }

      if (!run_vigil (vigil_path, jsonl_path, n, (guint) batch_size, &vigil_seconds,
                      &vigil_cpu, &error))
        goto fail;
      if (run == 0)
        rss_vigil = peak_rss_mb ();
      vigil_rates[run] = (double) n / vigil_seconds;
      g_print ("    (a) %" G_GINT64_FORMAT " decisions in %.2f s = %s decisions/s (CPU %.2f s = "
               "%.2f cores busy)\n", n, vigil_seconds, format_count (c1, vigil_rates[run]),
               vigil_cpu, vigil_cpu / vigil_seconds);

      if (run == 0)
        {
          /* The reference inserts the rows as the import's own code derives them. */
          rows = g_new0 (VigilRecord, n);
          arena = g_string_chunk_new (1024 * 1024);
          if (!measure_stages (jsonl_path, stages_path, rows, arena, n, (guint) batch_size, &b,
                               &error))
            goto fail;
        }

      if (!run_bare (bare_path, rows, n, &bare_seconds, &error))
        goto fail;
      bare_rates[run] = (double) n / bare_seconds;
      g_print ("    (b) %" G_GINT64_FORMAT " rows in %.2f s = %s rows/s\n", n, bare_seconds,
               format_count (c1, bare_rates[run]));
    }

  if (!compare_databases (vigil_path, bare_path, &same, head, &error))
    goto fail;
  pragmas_vigil = describe_pragmas (vigil_path, &error);
  if (pragmas_vigil == NULL)
    goto fail;
  pragmas_bare = describe_pragmas (bare_path, &error);
  if (pragmas_bare == NULL)
    goto fail;

  vigil_rate = median (vigil_rates, runs);
  bare_rate = median (bare_rates, runs);
  ratio = vigil_rate / bare_rate;

  if (runs > 1)
    g_print ("medians of %d runs: Vigil %s decisions/s, bare loop %s rows/s\n", runs,
             format_count (c1, vigil_rate), format_count (c2, bare_rate));
  g_print ("ratio Vigil / bare loop: %.2f\n", ratio);
  g_print ("target: Vigil >= 0.5 x bare loop and >= 100,000 decisions/s\n");
  g_print ("same rows: %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " identical in all 15 "
           "columns; ledger head %s\n", same, n, head);
  if (same != n)
    {
      g_set_error (&error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_FAILED,
                   "the two databases differ; the comparison is not valid");
      goto fail;
    }
  g_print ("PRAGMAs, Vigil: %s\n", pragmas_vigil);
  g_print ("PRAGMAs, bare:  %s\n", pragmas_bare);

  reader = b.read + b.parse;
  writer = b.chain + b.sql;
  g_print ("\n");
  g_print ("where the time goes: each stage alone on the same %" G_GINT64_FORMAT " rows, one "
           "thread\n", n);
  g_print ("  reader thread\n");
  print_stage ("split lines + UTF-8 check", b.read, n);
  print_stage ("vigil_json_parse_decision (parse, validate, canonical, input_hash)", b.parse,
               n);
  print_stage ("= reader total", reader, n);
  g_print ("  writer thread\n");
  print_stage ("ledger chain (netstring fields + SHA-256)", b.chain, n);
  g_snprintf (label, sizeof label, "SQLite INSERTs, %d per transaction (WAL, synchronous=FULL)",
              batch_size);
  print_stage (label, b.sql, n);
  print_stage ("= writer total", writer, n);
  g_print ("  the two threads overlap, so the import can reach at most %s decisions/s (%s "
           "thread bound);\n  it reached %s (%.0f%% of that bound)\n",
           format_count (c1, (double) n / MAX (reader, writer)),
           reader > writer ? "reader" : "writer", format_count (c2, vigil_rate),
           100.0 * vigil_rate / ((double) n / MAX (reader, writer)));
  g_print ("  SQLite alone, one transaction (the bare loop): %.2f s; in batches of %d: %.2f s\n",
           bare_seconds, batch_size, b.sql);

  g_print ("\n");
  g_print ("peak RSS: %.1f MB after the Vigil import (%.1f MB before it); %.1f MB for the whole "
           "bench,\n  which holds the reference's rows in memory and maps the JSONL file\n",
           rss_vigil, rss_before, peak_rss_mb ());

  sqlite_pass = vigil_rate >= TARGET_RATIO * bare_rate && vigil_rate >= TARGET_RATE;

  if (postgres != NULL)
    {
      g_autofree char *server = bench_pg_describe (postgres);
      gboolean filled;

      pg_vigil_uri = bench_pg_uri (postgres, "vigil_bench_import_a");
      pg_copy_uri = bench_pg_uri (postgres, "vigil_bench_import_b");
      g_print ("\nPostgreSQL, the same file and rows: %s\n", server);
      g_print ("(a) Vigil: VigilImporter, as above, into a fresh database (vigil_bench_import_a)\n");
      g_print ("(b) bare COPY: the rows in memory written as COPY's text, one COPY ... FROM STDIN "
               "in one transaction\n    into a fresh database of the same schema, indexes and "
               "triggers (vigil_bench_import_b)\n");
      for (int run = 0; run < runs; run++)
        {
          double seconds = 0, cpu = 0;

          if (!bench_pg_prepare (postgres, "vigil_bench_import_a", -1, &filled, &error) ||
              !run_vigil (pg_vigil_uri, jsonl_path, n, (guint) batch_size, &seconds, &cpu,
                          &error))
            goto fail;
          pg_vigil_rates[run] = (double) n / seconds;
          g_print ("    (a) %" G_GINT64_FORMAT " decisions in %.2f s = %s decisions/s (client "
                   "CPU %.2f s)\n", n, seconds, format_count (c1, pg_vigil_rates[run]), cpu);
          if (!bench_pg_prepare (postgres, "vigil_bench_import_b", -1, &filled, &error) ||
              !run_copy (pg_copy_uri, rows, n, &seconds, &error))
            goto fail;
          pg_copy_rates[run] = (double) n / seconds;
          g_print ("    (b) %" G_GINT64_FORMAT " rows in %.2f s = %s rows/s\n", n, seconds,
                   format_count (c1, pg_copy_rates[run]));
        }
      if (!digest_server (pg_vigil_uri, &pg_rows_vigil, &pg_digest_vigil, pg_head_vigil, &error) ||
          !digest_server (pg_copy_uri, &pg_rows_copy, &pg_digest_copy, pg_head_copy, &error))
        goto fail;
      pg_vigil_rate = median (pg_vigil_rates, runs);
      pg_copy_rate = median (pg_copy_rates, runs);
      pg_ratio = pg_vigil_rate / pg_copy_rate;
      if (runs > 1)
        g_print ("medians of %d runs: Vigil %s decisions/s, bare COPY %s rows/s\n", runs,
                 format_count (c1, pg_vigil_rate), format_count (c2, pg_copy_rate));
      g_print ("ratio Vigil / bare COPY: %.2f\n", pg_ratio);
      g_print ("same rows: %s (%" G_GINT64_FORMAT " and %" G_GINT64_FORMAT " rows, digests of "
               "all 15 columns %s and %s)\n",
               pg_rows_vigil == n && pg_rows_copy == n &&
               g_strcmp0 (pg_digest_vigil, pg_digest_copy) == 0 ? "yes" : "NO",
               pg_rows_vigil, pg_rows_copy, pg_digest_vigil, pg_digest_copy);
      g_print ("ledger head %s: %s SQLite's\n", pg_head_vigil,
               strcmp (pg_head_vigil, head) == 0 ? "the same as" : "NOT the same as");
      if (pg_rows_vigil != n || pg_rows_copy != n ||
          g_strcmp0 (pg_digest_vigil, pg_digest_copy) != 0 || strcmp (pg_head_vigil, head) != 0)
        {
          g_set_error (&error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_FAILED,
                       "the databases differ; the comparison is not valid");
          goto fail;
        }
      pg_pass = pg_vigil_rate >= TARGET_RATIO * pg_copy_rate;
    }

  g_print ("\n");
  g_print ("SQLite:     Vigil %s decisions/s = %.2f x bare loop (%s rows/s); target >= %.1f x "
           "and >= %s decisions/s: %s\n", format_count (c1, vigil_rate), ratio,
           format_count (c2, bare_rate), TARGET_RATIO, format_count (c3, TARGET_RATE),
           sqlite_pass ? "PASS" : "MISS");
  if (postgres != NULL)
    g_print ("PostgreSQL: Vigil %s decisions/s = %.2f x bare COPY (%s rows/s); target >= %.1f x: "
             "%s\n", format_count (c1, pg_vigil_rate), pg_ratio, format_count (c2, pg_copy_rate),
             TARGET_RATIO, pg_pass ? "PASS" : "MISS");
  pass = sqlite_pass && pg_pass;
  g_print ("%s\n", pass ? "PASS" : "MISS");
  status = pass ? 0 : 1;
  goto done;

fail:
  g_printerr ("bench-import: %s\n", error ? error->message : "failed");
  status = 2;

done:
  if (arena != NULL)
    g_string_chunk_free (arena);
  if (dir != NULL && !keep)
    remove_tree (dir);
  if (postgres != NULL && !keep)
    {
      bench_pg_drop (postgres, "vigil_bench_import_a");
      bench_pg_drop (postgres, "vigil_bench_import_b");
    }
  return status;
}
