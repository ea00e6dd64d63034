/* bench-fill.c: the decisions the benchmarks fill their databases with, and the databases
 * they fill on a PostgreSQL server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bench-fill.h"
#include "vigil-input-rollup.h"
#include "vigil-ledger.h"
#include "vigil-sql.h"
#include "vigil-store-private.h"

#define BATCH 8192

static const char *tickers[] = { "AAPL", "MSFT", "AMZN", "GOOG", "JPM", "BAC", "XOM", "CVX", "JNJ",
                                 "PFE", "UNH", "V", "MA", "HD", "PG" };
static const char *regimes[] = { "bull", "bear", "sideways", "volatile" };

/* Where a batch of generated decisions goes */
typedef void (*Sink) (VigilRecord *batch,
                      guint        n,
                      gpointer     data);

static const char *
intern (gpointer    data,
        const char *str)
{
  return g_string_chunk_insert (data, str);
}

static void
progress (gint64 done,
          gint64 n)
{
  if (done % 1000000 == 0 || done == n)
    {
      g_printerr ("\r  filling: %" PRId64 " of %" PRId64, done, n);
      fflush (stderr);
    }
}

/* The notebook's two models over 90 days in time order: 60% trading signals naming a ticker
 * (with a SELL surge on the last day), 40% credit approvals naming none. */
static void
generate_two_models (gint64    n,
                     gint64    start_usec,
                     int       days,
                     Sink      sink,
                     gpointer  data)
{
  GRand *rand = g_rand_new_with_seed (11);
  GStringChunk *chunk = g_string_chunk_new (1 << 20);
  VigilRecord *batch = g_new0 (VigilRecord, BATCH);
  gint64 span = (gint64) days * G_TIME_SPAN_DAY;
  gint64 done = 0;

  while (done < n)
    {
      guint m = (guint) MIN (BATCH, n - done);

      for (guint i = 0; i < m; i++)
        {
          VigilRecord *r = &batch[i];
          gint64 k = done + i;
          gint64 when = start_usec + (gint64) ((double) span * (double) k / (double) n);
          char features[160];

          memset (r, 0, sizeof *r);
          vigil_timestamp_format (when, r->timestamp);
          r->has_confidence = TRUE;
          if (g_rand_double (rand) < 0.6)
            {
              double momentum = g_rand_double_range (rand, -0.25, 0.35);

              if (when >= start_usec + span - G_TIME_SPAN_DAY && g_rand_double (rand) < 0.7)
                momentum = -0.2;
              r->model_name = "MomentumSignal";
              r->model_version = "v1.3";
              r->decision_type = "trading_signal";
              r->prediction = momentum > 0.15 ? "BUY" : momentum < -0.10 ? "SELL" : "HOLD";
              r->confidence = CLAMP (0.6 + fabs (momentum) + g_rand_double_range (rand, -0.1, 0.1),
                                     0.0, 1.0);
              r->ticker = tickers[g_rand_int_range (rand, 0, G_N_ELEMENTS (tickers))];
              r->sector = "Tech";
              g_snprintf (features, sizeof features, "{\"momentum_12m\":%.6f,\"volatility\":%.4f}",
                          momentum, g_rand_double_range (rand, 0.1, 0.4));
            }
          else
            {
              int fico = g_rand_int_range (rand, 500, 850);

              r->model_name = "CreditXGBoost";
              r->model_version = "v2.1";
              r->decision_type = "credit_approval";
              r->prediction = fico >= 700 ? "APPROVE" : fico >= 620 ? "REVIEW" : "DENY";
              r->confidence = 0.5 + (double) fico / 2000.0;
              g_snprintf (features, sizeof features, "{\"dti\":%.2f,\"fico\":%d}",
                          g_rand_double_range (rand, 0.05, 0.6), fico);
            }
          r->user_id = "system";
          r->input_features = intern (chunk, features);
          vigil_record_hash_input (r);
        }
      sink (batch, m, data);
      g_string_chunk_clear (chunk);
      done += m;
      progress (done, n);
    }
  g_printerr ("\n");
  g_free (batch);
  g_string_chunk_free (chunk);
  g_rand_free (rand);
}

/* The notebook's trading model: 1 model, the whole database, decisions spread over @days days
 * in time order; the last day has a SELL surge so the checks have something to find. */
static void
generate_trading (gint64    n,
                  gint64    start_usec,
                  int       days,
                  Sink      sink,
                  gpointer  data)
{
  GRand *rand = g_rand_new_with_seed (7);
  GStringChunk *chunk = g_string_chunk_new (1 << 20);
  VigilRecord *batch = g_new0 (VigilRecord, BATCH);
  gint64 span = (gint64) days * G_TIME_SPAN_DAY;
  gint64 done = 0;

  while (done < n)
    {
      guint m = (guint) MIN (BATCH, n - done);

      for (guint i = 0; i < m; i++)
        {
          VigilRecord *r = &batch[i];
          gint64 k = done + i;
          gint64 when = start_usec + (gint64) ((double) span * (double) k / (double) n);
          gboolean surge = when >= start_usec + span - G_TIME_SPAN_DAY;
          double momentum = g_rand_double_range (rand, -0.25, 0.35);
          char features[160];
          const char *prediction;
          double confidence;

          if (surge && g_rand_double (rand) < 0.7)
            momentum = -0.2;
          prediction = momentum > 0.15 ? "BUY" : momentum < -0.10 ? "SELL" : "HOLD";
          confidence = momentum > 0.15 ? 0.75 : momentum < -0.10 ? 0.70 : 0.55;
          /* The regime, a text input for categorical drift, takes no draw: the other values
           * stay those of the benchmarks' earlier figures */
          g_snprintf (features, sizeof features,
                      "{\"market_regime\":\"%s\",\"momentum_12m\":%.6f,\"pe_ratio\":%.3f,"
                      "\"volatility\":%.4f}", regimes[k % G_N_ELEMENTS (regimes)], momentum,
                      g_rand_double_range (rand, 10, 40), g_rand_double_range (rand, 0.1, 0.4));

          memset (r, 0, sizeof *r);
          vigil_timestamp_format (when, r->timestamp);
          r->model_name = "MomentumSignal";
          r->model_version = "v1.3";
          r->decision_type = "trading_signal";
          r->prediction = prediction;
          r->has_confidence = TRUE;
          r->confidence = confidence;
          r->ticker = tickers[g_rand_int_range (rand, 0, G_N_ELEMENTS (tickers))];
          r->sector = "Tech";
          r->user_id = "system";
          r->input_features = intern (chunk, features);
          vigil_record_hash_input (r);
        }
      sink (batch, m, data);
      g_string_chunk_clear (chunk);
      done += m;
      progress (done, n);
    }
  g_printerr ("\n");
  g_free (batch);
  g_string_chunk_free (chunk);
  g_rand_free (rand);
}

/* The store's own append path: a transaction a batch */
static void
append_sink (VigilRecord *batch,
             guint        n,
             gpointer     data)
{
  VigilStore *store = data;
  g_autoptr(GError) error = NULL;

  if (!vigil_store_begin_write (store, &error) ||
      !vigil_store_append_records (store, batch, n, &error) ||
      !vigil_store_commit (store, &error))
    g_error ("filling the database: %s", error->message);
}

void
bench_fill_decisions (VigilStore *store,
                      gint64      n,
                      gint64      start_usec,
                      int         days)
{
  generate_two_models (n, start_usec, days, append_sink, store);
}

void
bench_fill_trading (VigilStore *store,
                    gint64      n,
                    gint64      start_usec,
                    int         days)
{
  generate_trading (n, start_usec, days, append_sink, store);
}

/* The fast path on a server ------------------------------------------------------------------ */

#define COPY_DECISIONS                                                                      \
  "COPY decisions (id, timestamp, model_name, model_version, decision_type, "               \
  "input_features, input_hash, prediction, confidence, explanation, ticker, sector, "       \
  "portfolio_id, user_id, record_hash) FROM STDIN"

/* What SQLite's migrations to schemas 3 and 8 compute (vigil-schema-sqlite.c), and the model list;
 * the bins as vigil_store_confidence_bin() */
static const char *rollups_sql[] = {
  "INSERT INTO daily_predictions (model_name, day, prediction, n, n_confidence, sum_confidence, "
  "sumsq_confidence) "
  "SELECT model_name, substr(timestamp, 1, 10), prediction, count(*), count(confidence), "
  "coalesce(sum(confidence), 0), coalesce(sum(confidence * confidence), 0) FROM decisions "
  "GROUP BY 1, 2, 3",
  "INSERT INTO daily_confidence (model_name, day, bin, n) "
  "SELECT model_name, substr(timestamp, 1, 10), "
  "greatest(0, least(trunc(confidence * 20)::bigint, 19)), count(*) "
  "FROM decisions WHERE confidence IS NOT NULL GROUP BY 1, 2, 3",
  "INSERT INTO daily_entities (model_name, day, entity, n) "
  "SELECT model_name, substr(timestamp, 1, 10), ticker, count(*) "
  "FROM decisions WHERE ticker IS NOT NULL GROUP BY 1, 2, 3",
  "INSERT INTO models (name, decisions, first_timestamp, last_timestamp) "
  "SELECT model_name, count(*), min(timestamp), max(timestamp) FROM decisions GROUP BY 1",
};

typedef struct
{
  VigilSql *db;
  GString  *fields;
  GString  *data;
  gint64    last_id;
  char      prev[65];
} CopyFill;

/* A value in COPY's text format: \N for NULL, backslash escapes */
static void
put_copy_text (GString    *out,
               const char *text)
{
  if (text == NULL)
    {
      g_string_append_len (out, "\\N", 2);
      return;
    }
  for (const char *p = text; *p != '\0'; )
    {
      const char *run = p;

      while (*p != '\0' && *p != '\\' && *p != '\t' && *p != '\n' && *p != '\r')
        p++;
      g_string_append_len (out, run, p - run);
      switch (*p)
        {
        case '\0':
          break;
        case '\t':
          g_string_append_len (out, "\\t", 2), p++;
          break;
        case '\n':
          g_string_append_len (out, "\\n", 2), p++;
          break;
        case '\r':
          g_string_append_len (out, "\\r", 2), p++;
          break;
        default:
          g_string_append_len (out, "\\\\", 2), p++;
        }
    }
}

void
bench_copy_line (GString           *out,
                 const VigilRecord *r)
{
  const char *values[] = { r->timestamp, r->model_name, r->model_version, r->decision_type,
                           r->input_features, r->input_hash, r->prediction };
  const char *more[] = { r->explanation, r->ticker, r->sector, r->portfolio_id, r->user_id,
                         r->record_hash };
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (out, "%" G_GINT64_FORMAT, r->id);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_string_append_c (out, '\t');
      put_copy_text (out, values[i]);
    }
  g_string_append_c (out, '\t');
  put_copy_text (out, r->has_confidence ? g_ascii_dtostr (buf, sizeof buf, r->confidence)
                                        : NULL);
  for (guint i = 0; i < G_N_ELEMENTS (more); i++)
    {
      g_string_append_c (out, '\t');
      put_copy_text (out, more[i]);
    }
  g_string_append_c (out, '\n');
}

static void
copy_flush (CopyFill *fill)
{
  if (fill->data->len == 0)
    return;
  if (vigil_sql_copy_in (fill->db, COPY_DECISIONS, fill->data->str, fill->data->len) !=
      VIGIL_SQL_OK)
    g_error ("COPY: %s", vigil_sql_errmsg (fill->db));
  g_string_truncate (fill->data, 0);
}

/* The ids and the chain as vigil_store_append_records() gives them, then COPY's lines */
static void
copy_sink (VigilRecord *batch,
           guint        n,
           gpointer     data)
{
  CopyFill *fill = data;

  for (guint i = 0; i < n; i++)
    {
      VigilRecord *r = &batch[i];

      r->id = ++fill->last_id;
      g_string_truncate (fill->fields, 0);
      vigil_ledger_decision_fields (fill->fields, r);
      vigil_ledger_link (fill->prev, fill->fields->str, fill->fields->len, r->record_hash);
      memcpy (fill->prev, r->record_hash, 65);
      bench_copy_line (fill->data, r);
    }
  if (fill->data->len >= 64 << 20)
    copy_flush (fill);
}

static void
exec_or_die (VigilSql   *db,
             const char *sql)
{
  if (vigil_sql_exec (db, sql) != VIGIL_SQL_OK)
    g_error ("%s: %s", sql, vigil_sql_errmsg (db));
}

void
bench_fill_copy (VigilStore *store,
                 gboolean    trading_only,
                 gint64      n,
                 gint64      start_usec,
                 int         days)
{
  CopyFill fill = { vigil_store_get_sql (store), g_string_new (NULL),
                    g_string_sized_new (65 << 20), 0, VIGIL_LEDGER_GENESIS };

  g_return_if_fail (vigil_sql_get_engine (fill.db) == VIGIL_SQL_POSTGRESQL);

  exec_or_die (fill.db, "BEGIN");
  if (trading_only)
    generate_trading (n, start_usec, days, copy_sink, &fill);
  else
    generate_two_models (n, start_usec, days, copy_sink, &fill);
  copy_flush (&fill);
  g_printerr ("  roll-ups and the model list\n");
  for (guint i = 0; i < G_N_ELEMENTS (rollups_sql); i++)
    exec_or_die (fill.db, rollups_sql[i]);
  if (vigil_input_rollup_rebuild (fill.db) != VIGIL_SQL_OK)
    g_error ("the inputs' roll-ups: %s", vigil_sql_errmsg (fill.db));
  exec_or_die (fill.db, "COMMIT");
  g_printerr ("  VACUUM ANALYZE\n");
  exec_or_die (fill.db, "VACUUM ANALYZE");
  g_string_free (fill.fields, TRUE);
  g_string_free (fill.data, TRUE);
}

/* Databases on a server ---------------------------------------------------------------------- */

char *
bench_pg_uri (const char *server_uri,
              const char *name)
{
  g_autoptr(GUri) parsed = g_uri_parse (server_uri, G_URI_FLAGS_HAS_PASSWORD |
                                        G_URI_FLAGS_ENCODED, NULL);
  g_autofree char *path = g_strconcat ("/", name, NULL);

  if (parsed == NULL)
    g_error ("not a connection URI: %s", server_uri);
  return g_uri_join_with_user (G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED,
                               g_uri_get_scheme (parsed), g_uri_get_user (parsed),
                               g_uri_get_password (parsed), g_uri_get_auth_params (parsed),
                               g_uri_get_host (parsed), g_uri_get_port (parsed), path,
                               g_uri_get_query (parsed), g_uri_get_fragment (parsed));
}

static gboolean
server_failed (VigilSql    *db,
               const char  *what,
               GError     **error)
{
  g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_FAILED, "%s: %s", what,
               db != NULL ? vigil_sql_errmsg (db) : "cannot connect");
  return FALSE;
}

gboolean
bench_pg_prepare (const char  *server_uri,
                  const char  *name,
                  gint64       n,
                  gboolean    *out_filled,
                  GError     **error)
{
  g_autofree char *uri = bench_pg_uri (server_uri, name);
  g_autofree char *drop = g_strdup_printf ("DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)", name);
  g_autofree char *create = g_strdup_printf ("CREATE DATABASE \"%s\"", name);
  VigilSql *db = NULL;
  gboolean ok;

  *out_filled = FALSE;
  /* A database filled before: its decisions count n, and the chain ends at id n */
  if (vigil_sql_open (uri, VIGIL_SQL_OPEN_READ_ONLY, &db) == VIGIL_SQL_OK)
    {
      VigilSqlStmt *stmt = NULL;

      if (vigil_sql_prepare (db, "SELECT (SELECT sum(decisions) FROM main.models), "
                             "(SELECT max(id) FROM main.decisions)", &stmt) == VIGIL_SQL_OK &&
          vigil_sql_step (stmt) == VIGIL_SQL_ROW)
        *out_filled = vigil_sql_column_int64 (stmt, 0) == n &&
                      vigil_sql_column_int64 (stmt, 1) == n;
      g_clear_pointer (&stmt, vigil_sql_finalize);
    }
  g_clear_pointer (&db, vigil_sql_close);
  if (*out_filled)
    return TRUE;

  if (vigil_sql_open (server_uri, 0, &db) != VIGIL_SQL_OK)
    {
      server_failed (db, server_uri, error);
      g_clear_pointer (&db, vigil_sql_close);
      return FALSE;
    }
  ok = (vigil_sql_exec (db, drop) == VIGIL_SQL_OK || server_failed (db, drop, error)) &&
       (vigil_sql_exec (db, create) == VIGIL_SQL_OK || server_failed (db, create, error));
  vigil_sql_close (db);
  return ok;
}

void
bench_pg_drop (const char *server_uri,
               const char *name)
{
  g_autofree char *drop = g_strdup_printf ("DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)", name);
  VigilSql *db = NULL;

  if (vigil_sql_open (server_uri, 0, &db) == VIGIL_SQL_OK && vigil_sql_exec (db, drop) != VIGIL_SQL_OK)
    g_printerr ("%s: %s\n", drop, vigil_sql_errmsg (db));
  g_clear_pointer (&db, vigil_sql_close);
}

char *
bench_pg_describe (const char *server_uri)
{
  GString *out = g_string_new (NULL);
  VigilSql *db = NULL;
  VigilSqlStmt *stmt = NULL;

  if (vigil_sql_open (server_uri, VIGIL_SQL_OPEN_READ_ONLY, &db) == VIGIL_SQL_OK &&
      vigil_sql_prepare (db, "SELECT current_setting('server_version'), "
                         "current_setting('shared_buffers'), current_setting('work_mem'), "
                         "current_setting('max_wal_size'), current_setting('fsync'), "
                         "current_setting('synchronous_commit')", &stmt) == VIGIL_SQL_OK &&
      vigil_sql_step (stmt) == VIGIL_SQL_ROW)
    g_string_printf (out, "PostgreSQL %s: shared_buffers=%s work_mem=%s max_wal_size=%s "
                     "fsync=%s synchronous_commit=%s", vigil_sql_column_text (stmt, 0),
                     vigil_sql_column_text (stmt, 1), vigil_sql_column_text (stmt, 2),
                     vigil_sql_column_text (stmt, 3), vigil_sql_column_text (stmt, 4),
                     vigil_sql_column_text (stmt, 5));
  else
    g_string_printf (out, "PostgreSQL: %s", db != NULL ? vigil_sql_errmsg (db) : "unreachable");
  g_clear_pointer (&stmt, vigil_sql_finalize);
  g_clear_pointer (&db, vigil_sql_close);
  return g_string_free (out, FALSE);
}
