/* vigil-ledger.c: the hash chains that make the log tamper-evident
 *
 * Each chained table has a record_hash column: the SHA-256 hex of the previous row's record_hash
 * (64 "0" for the first row) followed by the row's immutable columns, each written as a netstring
 * ("LEN:BYTES,"), with NULL as "~", REAL as %.17g and INTEGER in decimal. The README documents
 * the format for auditors; tests/ledger-audit.py checks it without this code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-ledger"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "vigil-ledger.h"
#include "vigil-sha256.h"
#include "vigil-store.h"

typedef struct
{
  const char *table;
  const char *columns;
  gboolean    optional_last;  /* its last column is only written when it is not NULL */
} ChainInfo;

static const ChainInfo chains[VIGIL_N_CHAINS] = {
  { "decisions",
    "id, timestamp, model_name, model_version, decision_type, input_features, input_hash, "
    "prediction, confidence, explanation, ticker, sector, portfolio_id, user_id, event_id",
    TRUE },
  { "alerts",
    "id, timestamp, alert_type, severity, description, model_name, subject, window_start, "
    "window_end, baseline_start, observed, baseline, threshold, n_recent, n_baseline, p_value",
    FALSE },
  { "events",
    "id, timestamp, actor, action, target, details", FALSE },
};

/* How many rows past a break are read to tell why it broke. */
#define ANALYSIS_WINDOW 64

const char *
vigil_chain_table (VigilChain chain)
{
  g_return_val_if_fail (chain < VIGIL_N_CHAINS, NULL);
  return chains[chain].table;
}

/* The chained columns of @chain, in order, as a SELECT list. */
const char *
vigil_chain_columns (VigilChain chain)
{
  g_return_val_if_fail (chain < VIGIL_N_CHAINS, NULL);
  return chains[chain].columns;
}

/* Decimal digits of @value into the end of @buf; returns where they start. Formatting numbers
 * by hand matters here: every logged row writes several. */
static inline char *
format_decimal (guint64  value,
                char    *end)
{
  do
    {
      *--end = (char) ('0' + value % 10);
      value /= 10;
    }
  while (value != 0);
  return end;
}

static inline void
put_bytes (GString    *out,
           const char *bytes,
           gsize       len)
{
  char prefix[24];
  char *start = format_decimal (len, prefix + sizeof prefix - 1);

  prefix[sizeof prefix - 1] = ':';
  g_string_append_len (out, start, prefix + sizeof prefix - start);
  g_string_append_len (out, bytes, len);
  g_string_append_c (out, ',');
}

void
vigil_ledger_put_text (GString    *out,
                       const char *text)
{
  if (text == NULL)
    vigil_ledger_put_null (out);
  else
    put_bytes (out, text, strlen (text));
}

void
vigil_ledger_put_int (GString *out,
                      gint64   value)
{
  char buf[24];
  char *end = buf + sizeof buf;
  char *start = format_decimal (value < 0 ? -(guint64) value : (guint64) value, end);

  if (value < 0)
    *--start = '-';
  put_bytes (out, start, (gsize) (end - start));
}

/* A REAL as it is hashed: %.17g, and zero always "0". SQLite keeps a REAL that is a whole
 * number as an integer, so a negative zero reads back as 0: the sealed text must be "0" too
 * (ledger format 2; format 1 wrote "-0", see vigil_ledger_match_row()). */
static const char *
format_real (double  value,
             char    buf[G_ASCII_DTOSTR_BUF_SIZE])
{
  if (value == 0.0)
    value = 0.0;
  return g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, "%.17g", value);
}

void
vigil_ledger_put_real (GString *out,
                       double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  format_real (value, buf);
  put_bytes (out, buf, strlen (buf));
}

void
vigil_ledger_put_null (GString *out)
{
  g_string_append_c (out, '~');
}

void
vigil_ledger_decision_fields (GString           *out,
                              const VigilRecord *r)
{
  vigil_ledger_put_int (out, r->id);
  if (r->ledger_tail != NULL)
    g_string_append_len (out, r->ledger_tail, (gssize) r->ledger_tail_len);
  else
    vigil_ledger_decision_tail (out, r);
}

/* Every chained field but the id, which only the writer knows: the importer's reader thread
 * writes this part, so the writer thread only hashes. */
void
vigil_ledger_decision_tail (GString           *out,
                            const VigilRecord *r)
{
  vigil_ledger_put_text (out, r->timestamp);
  vigil_ledger_put_text (out, r->model_name);
  vigil_ledger_put_text (out, r->model_version);
  vigil_ledger_put_text (out, r->decision_type);
  vigil_ledger_put_text (out, r->input_features);
  vigil_ledger_put_text (out, r->input_hash);
  vigil_ledger_put_text (out, r->prediction);
  if (r->has_confidence)
    vigil_ledger_put_real (out, r->confidence);
  else
    vigil_ledger_put_null (out);
  vigil_ledger_put_text (out, r->explanation);
  vigil_ledger_put_text (out, r->ticker);
  vigil_ledger_put_text (out, r->sector);
  vigil_ledger_put_text (out, r->portfolio_id);
  vigil_ledger_put_text (out, r->user_id);
  /* Optional: a decision without one hashes as it did before event ids */
  if (r->event_id != NULL)
    vigil_ledger_put_text (out, r->event_id);
}

void
vigil_ledger_link (const char *prev,
                   const char *fields,
                   gsize       len,
                   char        out[65])
{
  char h[65];

  /* out may be prev */
  vigil_sha256_hex2 (prev, 64, fields, len, h);
  memcpy (out, h, 65);
}

/* Sets @error from @db's last failure, prefixed with @what: a damaged file, a lock, a lost
 * server, a refused login or any other failure, each with its own code. Shared by the
 * ledger's readers. */
void
vigil_ledger_set_sql_error (GError     **error,
                               VigilSql    *db,
                               const char  *what)
{
  int code = vigil_sql_errcode (db);

  if (code == VIGIL_SQL_CONNECTION)
    g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_UNREACHABLE,
                 _("%s: the connection to the server was lost (%s). Try again when the server "
                   "is back."), what, vigil_sql_errmsg (db));
  else if (code == VIGIL_SQL_AUTH)
    g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_DENIED,
                 _("%s: this login may not read it (%s). The database’s administrator grants "
                   "the rights."), what, vigil_sql_errmsg (db));
  else
    g_set_error (error, VIGIL_STORE_ERROR,
                 code == VIGIL_SQL_CORRUPT || code == VIGIL_SQL_NOTADB
                 ? VIGIL_STORE_ERROR_CORRUPT
                 : code == VIGIL_SQL_BUSY || code == VIGIL_SQL_LOCKED ? VIGIL_STORE_ERROR_LOCKED
                 : VIGIL_STORE_ERROR_FAILED,
                 "%s: %s", what, vigil_sql_errmsg (db));
}

gboolean
vigil_ledger_read_head (VigilSql    *db,
                        VigilChain   chain,
                        gint64      *out_id,
                        char         out_hash[65],
                        GError     **error)
{
  static const char *sql[VIGIL_N_CHAINS] = {
    "SELECT id, record_hash FROM decisions ORDER BY id DESC LIMIT 1",
    "SELECT id, record_hash FROM alerts ORDER BY id DESC LIMIT 1",
    "SELECT id, record_hash FROM events ORDER BY id DESC LIMIT 1",
  };
  VigilSqlStmt *stmt = NULL;
  int rc;

  if (vigil_sql_prepare (db, sql[chain], &stmt) != VIGIL_SQL_OK)
    {
      vigil_ledger_set_sql_error (error, db, _("Could not read the ledger"));
      return FALSE;
    }

  rc = vigil_sql_step (stmt);
  if (rc == VIGIL_SQL_ROW)
    {
      const char *hash = vigil_sql_column_text (stmt, 1);

      *out_id = vigil_sql_column_int64 (stmt, 0);
      g_strlcpy (out_hash, hash && strlen (hash) == 64 ? hash : VIGIL_LEDGER_GENESIS, 65);
    }
  else if (rc == VIGIL_SQL_DONE)
    {
      *out_id = 0;
      memcpy (out_hash, VIGIL_LEDGER_GENESIS, 65);
    }
  else
    {
      vigil_ledger_set_sql_error (error, db, _("Could not read the ledger"));
      vigil_sql_finalize (stmt);
      return FALSE;
    }

  vigil_sql_finalize (stmt);
  return TRUE;
}

/* One row as the chain sees it: the id, the other fields serialized, the stored hash. */
typedef struct
{
  gint64  id;
  char   *rest;
  gsize   rest_len;
  char    stored[65];
} Row;

/* Whether column @i of a row of @chain is written: all are, but a decision's event_id only
 * when it has one, so that decisions logged before event ids existed hash as they did. */
static gboolean
field_written (VigilChain    chain,
               VigilSqlStmt *stmt,
               int           i,
               int           n_fields)
{
  return !(chains[chain].optional_last && i == n_fields - 1 &&
           vigil_sql_column_type (stmt, i) == VIGIL_SQL_NULL);
}

/* The chained columns after the id; a REAL zero in a column of @negative_zeros (bit i for
 * column i) is written "-0", as ledger format 1 wrote a negative zero. */
static void
serialize_rest (VigilChain    chain,
                VigilSqlStmt *stmt,
                int           n_fields,
                guint32       negative_zeros,
                GString      *out)
{
  /* Column 0 is the id; n_fields counts the chained columns, record_hash comes after. */
  for (int i = 1; i < n_fields; i++)
    {
      if (!field_written (chain, stmt, i, n_fields))
        continue;
      switch (vigil_sql_column_type (stmt, i))
        {
        case VIGIL_SQL_NULL:
          vigil_ledger_put_null (out);
          break;
        case VIGIL_SQL_INTEGER:
          vigil_ledger_put_int (out, vigil_sql_column_int64 (stmt, i));
          break;
        case VIGIL_SQL_FLOAT:
          if (negative_zeros & (1u << i))
            put_bytes (out, "-0", 2);
          else
            vigil_ledger_put_real (out, vigil_sql_column_double (stmt, i));
          break;
        default:
          {
            const char *text = vigil_sql_column_text (stmt, i);
            put_bytes (out, text ? text : "", (gsize) vigil_sql_column_bytes (stmt, i));
          }
          break;
        }
    }
}

void
vigil_ledger_serialize_rest (VigilChain    chain,
                             VigilSqlStmt *stmt,
                             int           n_fields,
                             GString      *out)
{
  serialize_rest (chain, stmt, n_fields, 0, out);
}

/**
 * vigil_ledger_match_row:
 * @stmt: a row: column 0 the id, then the chained fields, then record_hash at @n_fields
 * @prev: the record_hash of the row before it
 * @stored: the row's record_hash
 * @buf: scratch space
 * @out_negative_zeros: (out) (optional): for format 1, the columns that were sealed as "-0"
 *
 * Whether the row follows @prev to @stored, and under which rule. Ledger format 2 writes a
 * REAL zero as "0". Format 1, before it, wrote a negative zero as "-0", which SQLite reads
 * back as 0; a row sealed so matches when its REAL zeros are written "-0" (some or all of
 * them: only a failing row with a REAL zero is tried again, at most 2^4 ways for an alert).
 *
 * Returns: %VIGIL_LEDGER_FORMAT_2, %VIGIL_LEDGER_FORMAT_1, or %VIGIL_LEDGER_NO_MATCH
 */
VigilLedgerFormat
vigil_ledger_match_row (VigilChain    chain,
                        VigilSqlStmt *stmt,
                        int           n_fields,
                        const char   *prev,
                        const char   *stored,
                        GString      *buf,
                        guint32      *out_negative_zeros)
{
  guint32 zeros = 0;
  char h[65];

  if (out_negative_zeros != NULL)
    *out_negative_zeros = 0;
  g_string_truncate (buf, 0);
  vigil_ledger_put_int (buf, vigil_sql_column_int64 (stmt, 0));
  serialize_rest (chain, stmt, n_fields, 0, buf);
  vigil_ledger_link (prev, buf->str, buf->len, h);
  if (memcmp (h, stored, 64) == 0)
    return VIGIL_LEDGER_FORMAT_2;

  for (int i = 1; i < n_fields && i < 32; i++)
    if (vigil_sql_column_type (stmt, i) == VIGIL_SQL_FLOAT && vigil_sql_column_double (stmt, i) == 0.0)
      zeros |= 1u << i;
  /* Every non-empty subset of those columns */
  for (guint32 subset = zeros; subset != 0; subset = (subset - 1) & zeros)
    {
      g_string_truncate (buf, 0);
      vigil_ledger_put_int (buf, vigil_sql_column_int64 (stmt, 0));
      serialize_rest (chain, stmt, n_fields, subset, buf);
      vigil_ledger_link (prev, buf->str, buf->len, h);
      if (memcmp (h, stored, 64) == 0)
        {
          if (out_negative_zeros != NULL)
            *out_negative_zeros = subset;
          return VIGIL_LEDGER_FORMAT_1;
        }
    }
  return VIGIL_LEDGER_NO_MATCH;
}

void
vigil_ledger_read_stored (VigilSqlStmt *stmt,
                          int           column,
                          char          out[65])
{
  const char *hash = vigil_sql_column_text (stmt, column);

  if (hash != NULL && strlen (hash) == 64)
    memcpy (out, hash, 65);
  else
    memset (out, 0, 65);
}

/* Hash of a row's fields placed at @id after @prev. */
static void
link_row (GString    *buf,
          const char *prev,
          gint64      id,
          const char *rest,
          gsize       rest_len,
          char        out[65])
{
  g_string_truncate (buf, 0);
  vigil_ledger_put_int (buf, id);
  g_string_append_len (buf, rest, rest_len);
  vigil_ledger_link (prev, buf->str, buf->len, out);
}

static void
row_clear (Row *row)
{
  g_clear_pointer (&row->rest, g_free);
}

/* Tells why the chain breaks at rows[0], the first row that does not follow @prev. */
static char *
explain_break (GString    *buf,
               const char *prev,
               gint64      prev_id,
               Row        *rows,
               guint       n_rows)
{
  Row *r = &rows[0];
  char h[65];

  /* Contents that belong elsewhere in the chain: rows moved, swapped or shifted. */
  for (guint j = 1; j < n_rows; j++)
    {
      link_row (buf, prev, r->id, rows[j].rest, rows[j].rest_len, h);
      if (strcmp (h, r->stored) != 0 && strcmp (h, rows[j].stored) != 0)
        continue;

      if (j == 1 && rows[j].id == r->id + 1)
        {
          char swapped[65], kept[65];

          /* Two neighbours traded places (with or without their hashes), or everything from
           * here on moved up one id to make room for this row. */
          link_row (buf, rows[j].stored, rows[j].id, r->rest, r->rest_len, swapped);
          link_row (buf, r->stored, rows[j].id, r->rest, r->rest_len, kept);
          if (strcmp (swapped, r->stored) != 0 && strcmp (kept, rows[j].stored) != 0)
            return g_strdup (_("inserted: this row is not in the chain, and the rows after it "
                                "were moved up one id to make room"));
        }
      return g_strdup_printf (_("rows reordered: the record now at id %" PRId64
                                " is the one that was logged at id %" PRId64),
                              rows[j].id, r->id);
    }

  if (n_rows > 1)
    {
      Row *n = &rows[1];

      /* The next row still follows this row's stored hash: this row's fields changed. */
      link_row (buf, r->stored, n->id, n->rest, n->rest_len, h);
      if (strcmp (h, n->stored) == 0)
        return g_strdup (_("edited: its fields no longer match its record_hash"));

      /* The next row follows the previous one: this row was slipped in between. */
      link_row (buf, prev, n->id, n->rest, n->rest_len, h);
      if (strcmp (h, n->stored) == 0)
        return g_strdup_printf (_("inserted: the chain runs from row %" PRId64
                                  " straight to row %" PRId64 " around it"),
                                prev_id, n->id);
      link_row (buf, prev, r->id, n->rest, n->rest_len, h);
      if (strcmp (h, n->stored) == 0)
        return g_strdup (_("inserted: a row was added here and the later ids renumbered"));

      /* Its fields are what was logged, but its record_hash was rewritten. */
      link_row (buf, prev, r->id, r->rest, r->rest_len, h);
      {
        char next[65];

        link_row (buf, h, n->id, n->rest, n->rest_len, next);
        if (strcmp (next, n->stored) == 0)
          return g_strdup (_("edited: its record_hash was changed"));
      }

      return g_strdup (_("its record_hash does not follow the previous row; the chain is broken "
                         "from here on"));
    }

  return g_strdup (_("edited or appended outside Vigil: the last row’s fields do not match its "
                     "record_hash"));
}

static guint
load_rows (VigilSql   *db,
           VigilChain  chain,
           gint64      from_id,
           Row        *rows,
           guint       max_rows,
           GString    *buf)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s, record_hash FROM %s WHERE id >= ? "
                                          "ORDER BY id LIMIT %u",
                                          chains[chain].columns, chains[chain].table, max_rows);
  VigilSqlStmt *stmt = NULL;
  guint n = 0;
  int n_fields;

  if (vigil_sql_prepare (db, sql, &stmt) != VIGIL_SQL_OK)
    return 0;
  n_fields = vigil_sql_column_count (stmt) - 1;
  vigil_sql_bind_int64 (stmt, 1, from_id);
  while (n < max_rows && vigil_sql_step (stmt) == VIGIL_SQL_ROW)
    {
      g_string_truncate (buf, 0);
      vigil_ledger_serialize_rest (chain, stmt, n_fields, buf);
      rows[n].id = vigil_sql_column_int64 (stmt, 0);
      rows[n].rest = g_memdup2 (buf->str, buf->len);
      rows[n].rest_len = buf->len;
      vigil_ledger_read_stored (stmt, n_fields, rows[n].stored);
      n++;
    }
  vigil_sql_finalize (stmt);
  return n;
}

/**
 * vigil_ledger_explain:
 * @prev: the record_hash of the row before @id (the genesis for the first row)
 *
 * Why the row at @id of @chain does not follow @prev, read from it and the rows after it.
 */
char *
vigil_ledger_explain (VigilSql   *db,
                      VigilChain  chain,
                      gint64      id,
                      const char *prev,
                      gint64      prev_id)
{
  g_autoptr(GString) buf = g_string_sized_new (1024);
  Row rows[ANALYSIS_WINDOW] = { { 0 } };
  char *reason;
  guint n;

  n = load_rows (db, chain, id, rows, ANALYSIS_WINDOW, buf);
  reason = n > 0 ? explain_break (buf, prev, prev_id, rows, n)
                 : g_strdup (_("its record_hash does not match"));
  for (guint i = 0; i < n; i++)
    row_clear (&rows[i]);
  return reason;
}

/* Columns 5 and 6 of the decisions chain are input_features and input_hash. */
gboolean
vigil_ledger_input_hash_matches (VigilSqlStmt *stmt)
{
  const char *features = vigil_sql_column_text (stmt, 5);
  const char *hash = vigil_sql_column_text (stmt, 6);

  if (features == NULL || hash == NULL)
    return features == NULL && hash == NULL;
  char computed[65];

  vigil_sha256_hex (features, (gsize) vigil_sql_column_bytes (stmt, 5), computed);
  return strcmp (computed, hash) == 0;
}

gboolean
vigil_ledger_parse_head (const char *token,
                         char        hex[65],
                         gint64      ids[VIGIL_N_CHAINS],
                         gboolean   *has_ids)
{
  const char *at = strchr (token, '@');
  gsize hex_len = at ? (gsize) (at - token) : strlen (token);

  if (hex_len != 64)
    return FALSE;
  for (gsize i = 0; i < 64; i++)
    if (!g_ascii_isxdigit (token[i]))
      return FALSE;
  memcpy (hex, token, 64);
  hex[64] = '\0';
  for (gsize i = 0; i < 64; i++)
    hex[i] = g_ascii_tolower (hex[i]);

  *has_ids = at != NULL;
  if (at != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (at + 1, ".", -1);

      if (g_strv_length (parts) != VIGIL_N_CHAINS)
        return FALSE;
      for (guint i = 0; i < VIGIL_N_CHAINS; i++)
        {
          guint64 v;
          if (!g_ascii_string_to_unsigned (parts[i], 10, 0, G_MAXINT64, &v, NULL))
            return FALSE;
          ids[i] = (gint64) v;
        }
    }
  return TRUE;
}

static gint64
estimate_rows (VigilSql   *db,
               VigilChain  chain)
{
  g_autofree char *sql = g_strdup_printf ("SELECT max(id) - min(id) + 1 FROM %s",
                                          chains[chain].table);
  VigilSqlStmt *stmt = NULL;
  gint64 n = 0;

  if (vigil_sql_prepare (db, sql, &stmt) == VIGIL_SQL_OK && vigil_sql_step (stmt) == VIGIL_SQL_ROW)
    n = vigil_sql_column_int64 (stmt, 0);
  vigil_sql_finalize (stmt);
  return n;
}

static gint64
max_id (VigilSql   *db,
        VigilChain  chain)
{
  g_autofree char *sql = g_strdup_printf ("SELECT max(id) FROM %s", chains[chain].table);
  VigilSqlStmt *stmt = NULL;
  gint64 n = 0;

  if (vigil_sql_prepare (db, sql, &stmt) == VIGIL_SQL_OK && vigil_sql_step (stmt) == VIGIL_SQL_ROW)
    n = vigil_sql_column_int64 (stmt, 0);
  vigil_sql_finalize (stmt);
  return n;
}

/* Whether the row at the checkpoint's id of @chain still carries the checkpoint's hash; when not,
 * marks @report broken. FALSE with @error when the row cannot be read. */
static gboolean
check_anchor (VigilSql                    *db,
              VigilChain                   chain,
              const VigilLedgerCheckpoint *cp,
              VigilLedgerReport           *report,
              gboolean                    *holds,
              GError                     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT record_hash FROM %s WHERE id = ?",
                                          chains[chain].table);
  VigilSqlStmt *stmt = NULL;
  char stored[65];
  int rc;

  *holds = TRUE;
  if (cp->ids[chain] == 0)
    return TRUE;

  if (vigil_sql_prepare (db, sql, &stmt) != VIGIL_SQL_OK)
    {
      vigil_ledger_set_sql_error (error, db, _("Could not read the ledger"));
      return FALSE;
    }
  vigil_sql_bind_int64 (stmt, 1, cp->ids[chain]);
  rc = vigil_sql_step (stmt);
  if (rc == VIGIL_SQL_ROW)
    vigil_ledger_read_stored (stmt, 0, stored);
  vigil_sql_finalize (stmt);

  if (rc == VIGIL_SQL_DONE)
    {
      g_autofree char *reason =
        g_strdup_printf (_("deleted: the checkpoint of %s covered rows up to id %" PRId64
                           ", and that row is gone"), cp->timestamp, cp->ids[chain]);
      vigil_ledger_report_set_broken (report, chains[chain].table, cp->ids[chain], reason);
      *holds = FALSE;
    }
  else if (rc != VIGIL_SQL_ROW)
    {
      vigil_ledger_set_sql_error (error, db, _("Could not read the ledger"));
      return FALSE;
    }
  else if (strcmp (stored, cp->hashes[chain]) != 0)
    {
      g_autofree char *reason =
        g_strdup_printf (_("rewritten: its record_hash is not the one verified at the "
                           "checkpoint of %s"), cp->timestamp);
      vigil_ledger_report_set_broken (report, chains[chain].table, cp->ids[chain], reason);
      *holds = FALSE;
    }
  return TRUE;
}

/* A replay of the chains, and what it has found so far */
typedef struct
{
  VigilSql                    *db;
  const VigilLedgerCheckpoint *cp;
  VigilLedgerReport           *report;
  GString                     *buf;
  char                         expected_hex[65];
  gint64                       expected_ids[VIGIL_N_CHAINS];
  gboolean                     expect_ids;
  char                         sealed[VIGIL_N_CHAINS][65];  /* each chain's hash at its expected id */
  gboolean                     found_sealed[VIGIL_N_CHAINS];
  gint64                       total;
  gint64                       done;
  gint64                       legacy;
  GCancellable                *cancellable;
  GFileProgressCallback        progress;
  gpointer                     progress_data;
} Replay;

typedef enum
{
  REPLAY_WHOLE,   /* the chain holds to its last row */
  REPLAY_BROKEN,  /* the report says where it breaks */
  REPLAY_FAILED,  /* it could not be read, or the replay was cancelled */
} ReplayResult;

/* Marks @report broken at the rows missing between @prev_id and @id. */
static void
report_gap (VigilLedgerReport *report,
            VigilChain         chain,
            gint64             prev_id,
            gint64             id)
{
  g_autofree char *reason = NULL;

  if (id == prev_id + 2)
    reason = g_strdup_printf (_("deleted: row %" PRId64 " is missing"), prev_id + 1);
  else
    reason = g_strdup_printf (_("deleted: rows %" PRId64 " to %" PRId64 " are missing"),
                              prev_id + 1, id - 1);
  vigil_ledger_report_set_broken (report, chains[chain].table, prev_id + 1, reason);
}

/* Marks @report broken at row @id, which does not follow @prev, saying why from the rows
 * around it. */
static void
report_hash_break (Replay     *r,
                   VigilChain  chain,
                   gint64      id,
                   const char *prev,
                   gint64      prev_id)
{
  Row rows[ANALYSIS_WINDOW] = { { 0 } };
  g_autofree char *reason = NULL;
  guint n;

  n = load_rows (r->db, chain, id, rows, ANALYSIS_WINDOW, r->buf);
  reason = n > 0 ? explain_break (r->buf, prev, prev_id, rows, n)
                 : g_strdup (_("its record_hash does not match"));
  for (guint i = 0; i < n; i++)
    row_clear (&rows[i]);
  vigil_ledger_report_set_broken (r->report, chains[chain].table, id, reason);
}

/* Every so many rows: FALSE with @error when cancelled, else reports progress. */
static gboolean
replay_poll (Replay  *r,
             GError **error)
{
  if (g_cancellable_set_error_if_cancelled (r->cancellable, error))
    return FALSE;
  if (r->progress)
    r->progress (r->done, MAX (r->total, r->done), r->progress_data);
  return TRUE;
}

/* Replays one chain: each row must follow the one before it. Its table and head go into
 * the report when it holds. */
static ReplayResult
replay_chain (Replay      *r,
              VigilChain   c,
              GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s, record_hash FROM %s WHERE id > ? "
                                          "ORDER BY id",
                                          chains[c].columns, chains[c].table);
  VigilSqlStmt *stmt = NULL;
  char prev[65];
  gint64 prev_id = 0;
  gint64 records = 0;
  int n_fields;
  int rc;

  memcpy (prev, VIGIL_LEDGER_GENESIS, 65);
  if (r->cp != NULL)
    {
      gboolean holds;

      if (!check_anchor (r->db, c, r->cp, r->report, &holds, error))
        return REPLAY_FAILED;
      if (!holds)
        return REPLAY_BROKEN;
      /* Ids have no gaps: the full verification behind the checkpoint saw rows 1 to id. */
      memcpy (prev, r->cp->hashes[c], 65);
      prev_id = records = r->cp->ids[c];
    }
  if (r->expect_ids && r->expected_ids[c] == 0)
    {
      memcpy (r->sealed[c], VIGIL_LEDGER_GENESIS, 65);
      r->found_sealed[c] = TRUE;
    }

  if (vigil_sql_prepare (r->db, sql, &stmt) != VIGIL_SQL_OK)
    {
      vigil_ledger_set_sql_error (error, r->db, _("Could not read the ledger"));
      return REPLAY_FAILED;
    }
  n_fields = vigil_sql_column_count (stmt) - 1;
  vigil_sql_bind_int64 (stmt, 1, prev_id);

  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      gint64 id = vigil_sql_column_int64 (stmt, 0);
      VigilLedgerFormat format;
      char stored[65];

      vigil_ledger_read_stored (stmt, n_fields, stored);

      if (id != prev_id + 1)
        {
          report_gap (r->report, c, prev_id, id);
          vigil_sql_finalize (stmt);
          return REPLAY_BROKEN;
        }

      format = vigil_ledger_match_row (c, stmt, n_fields, prev, stored, r->buf, NULL);
      if (format == VIGIL_LEDGER_NO_MATCH)
        {
          vigil_sql_finalize (stmt);
          report_hash_break (r, c, id, prev, prev_id);
          return REPLAY_BROKEN;
        }

      if (c == VIGIL_CHAIN_DECISIONS && !vigil_ledger_input_hash_matches (stmt))
        {
          vigil_ledger_report_set_broken (r->report, chains[c].table, id,
                                          _("its input_hash does not match its "
                                            "input_features"));
          vigil_sql_finalize (stmt);
          return REPLAY_BROKEN;
        }

      if (format == VIGIL_LEDGER_FORMAT_1)
        r->legacy++;
      memcpy (prev, stored, 65);
      prev_id = id;
      records++;

      if (r->expect_ids && id == r->expected_ids[c])
        {
          memcpy (r->sealed[c], stored, 65);
          r->found_sealed[c] = TRUE;
        }

      if (++r->done % 65536 == 0 && !replay_poll (r, error))
        {
          vigil_sql_finalize (stmt);
          return REPLAY_FAILED;
        }
    }

  vigil_sql_finalize (stmt);
  if (rc != VIGIL_SQL_DONE)
    {
      vigil_ledger_set_sql_error (error, r->db, _("Could not read the ledger"));
      return REPLAY_FAILED;
    }

  vigil_ledger_report_set_table (r->report, c, chains[c].table, records, prev_id, prev);

  if (r->expect_ids && !r->found_sealed[c])
    {
      g_autofree char *reason =
        g_strdup_printf (_("deleted: the expected head covers rows up to id %" PRId64
                           " but the table ends at id %" PRId64),
                         r->expected_ids[c], prev_id);
      vigil_ledger_report_set_broken (r->report, chains[c].table, prev_id + 1, reason);
      return REPLAY_BROKEN;
    }
  return REPLAY_WHOLE;
}

/* With every chain whole: the expected head must be their head or, with its ids, the head of
 * the rows up to those ids; if not, the report says so. */
static void
check_expected_head (Replay *r)
{
  char combined[65];

  if (r->expect_ids)
    {
      char joined[64 * VIGIL_N_CHAINS];

      for (guint c = 0; c < VIGIL_N_CHAINS; c++)
        memcpy (joined + 64 * c, r->sealed[c], 64);
      vigil_sha256_hex (joined, sizeof joined, combined);
    }
  else
    memcpy (combined, vigil_ledger_report_get_head (r->report), 64), combined[64] = '\0';

  if (strcmp (combined, r->expected_hex) != 0)
    vigil_ledger_report_set_broken (r->report, "ledger", 0,
                                    r->expect_ids
                                      ? _("the expected head is not in the ledger: rows it "
                                          "sealed were rewritten")
                                      : _("the head differs from the expected head"));
}

/* Replays the chains, from their first rows, or from the rows after @cp's, whose hashes
 * the rows at @cp's ids must still carry. */
static VigilLedgerReport *
replay_chains (VigilSql                    *db,
               const char                  *expect_head,
               const VigilLedgerCheckpoint *cp,
               GCancellable                *cancellable,
               GFileProgressCallback        progress,
               gpointer                     progress_data,
               GError                     **error)
{
  g_autoptr(VigilLedgerReport) report = vigil_ledger_report_new ();
  g_autoptr(GString) buf = g_string_sized_new (1024);
  Replay r = { 0 };

  if (expect_head != NULL &&
      !vigil_ledger_parse_head (expect_head, r.expected_hex, r.expected_ids, &r.expect_ids))
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("“%s” is not a ledger head; expect 64 hex characters, optionally followed by "
                     "@D.A.E as printed by verify"), expect_head);
      return NULL;
    }

  g_return_val_if_fail (cp == NULL || expect_head == NULL, NULL);

  r.db = db;
  r.cp = cp;
  r.report = report;
  r.buf = buf;
  r.cancellable = cancellable;
  r.progress = progress;
  r.progress_data = progress_data;
  for (guint c = 0; c < VIGIL_N_CHAINS; c++)
    r.total += cp != NULL ? MAX (0, max_id (db, c) - cp->ids[c]) : estimate_rows (db, c);

  for (guint c = 0; c < VIGIL_N_CHAINS; c++)
    switch (replay_chain (&r, c, error))
      {
      case REPLAY_WHOLE:
        break;
      case REPLAY_BROKEN:
        return g_steal_pointer (&report);
      case REPLAY_FAILED:
      default:
        return NULL;
      }

  vigil_ledger_report_seal (report);
  vigil_ledger_report_set_rehashed (report, r.done);
  vigil_ledger_report_set_format1_records (report, r.legacy);
  if (cp != NULL)
    vigil_ledger_report_set_checkpoint (report, cp->event_id, cp->timestamp, cp->actor,
                                        cp->records);

  if (expect_head != NULL)
    check_expected_head (&r);

  if (progress)
    progress (MAX (r.total, r.done), MAX (r.total, r.done), progress_data);

  return g_steal_pointer (&report);
}

static VigilLedgerReport *
replay (VigilSql                    *db,
        const char                  *expect_head,
        const VigilLedgerCheckpoint *cp,
        GCancellable                *cancellable,
        GFileProgressCallback        progress,
        gpointer                     progress_data,
        GError                     **error)
{
  VigilLedgerReport *report = replay_chains (db, expect_head, cp, cancellable, progress,
                                             progress_data, error);

  if (report != NULL && !vigil_ledger_report_is_intact (report))
    vigil_ledger_seal_as_found (db, report);
  return report;
}

/**
 * vigil_ledger_seal_as_found:
 *
 * Fills a broken @report with the chains as they are: each table's rows, last id and stored
 * last hash, and the head they give, so that what was found can be recorded.
 */
void
vigil_ledger_seal_as_found (VigilSql          *db,
                            VigilLedgerReport *report)
{
  for (guint c = 0; c < VIGIL_N_CHAINS; c++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", chains[c].table);
      VigilSqlStmt *stmt = NULL;
      gint64 last_id = 0, rows = 0;
      char hash[65];

      if (!vigil_ledger_read_head (db, c, &last_id, hash, NULL))
        memcpy (hash, VIGIL_LEDGER_GENESIS, 65);
      if (vigil_sql_prepare (db, sql, &stmt) == VIGIL_SQL_OK &&
          vigil_sql_step (stmt) == VIGIL_SQL_ROW)
        rows = vigil_sql_column_int64 (stmt, 0);
      vigil_sql_finalize (stmt);
      vigil_ledger_report_set_table (report, c, chains[c].table, rows, last_id, hash);
    }
  vigil_ledger_report_seal (report);
}

/**
 * vigil_ledger_verify:
 * @db: a database handle, read inside one transaction by the caller
 * @expect_head: (nullable): a head token sealed earlier, "HEX@D.A.E" or a bare "HEX"
 *
 * Replays every chain. Returns a report; %NULL and @error only when the database cannot be read
 * or @cancellable fires.
 */
VigilLedgerReport *
vigil_ledger_verify (VigilSql              *db,
                     const char            *expect_head,
                     GCancellable          *cancellable,
                     GFileProgressCallback  progress,
                     gpointer               progress_data,
                     GError               **error)
{
  return vigil_ledger_verify_full (db, NULL, FALSE, expect_head, NULL, cancellable, progress,
                                   progress_data, error);
}

/**
 * vigil_ledger_verify_since:
 * @checkpoint: a checkpoint found by vigil_ledger_find_checkpoint()
 *
 * Checks that the rows at the checkpoint's ids still carry its hashes, then replays only the
 * rows after them, starting from those hashes. The rows before were verified in full when the
 * checkpoint was recorded; an edit to them since that left the following hashes alone is not
 * seen here (a full verification, or one expecting an earlier sealed head, sees it).
 */
VigilLedgerReport *
vigil_ledger_verify_since (VigilSql                    *db,
                           const VigilLedgerCheckpoint *checkpoint,
                           GCancellable                *cancellable,
                           GFileProgressCallback        progress,
                           gpointer                     progress_data,
                           GError                     **error)
{
  g_return_val_if_fail (checkpoint != NULL, NULL);
  return replay (db, NULL, checkpoint, cancellable, progress, progress_data, error);
}

/* Checkpoints ------------------------------------------------------------------------------ */

/**
 * vigil_ledger_checkpoint_details:
 * @report: an intact report of a full verification
 *
 * Returns: the details JSON of a ledger_verified event: per chain the last id verified and its
 *   record_hash, the records and the head
 */
char *
vigil_ledger_checkpoint_details (VigilLedgerReport *report)
{
  GString *out = g_string_new ("{");

  for (guint c = 0; c < VIGIL_N_CHAINS; c++)
    g_string_append_printf (out, "\"%s\":{\"last_id\":%" PRId64 ",\"record_hash\":\"%s\"},",
                            chains[c].table,
                            vigil_ledger_report_get_table_last_id (report, chains[c].table),
                            vigil_ledger_report_get_table_head (report, chains[c].table));
  g_string_append_printf (out, "\"records\":%" PRId64 ",\"head\":\"%s\"}",
                          vigil_ledger_report_get_records (report),
                          vigil_ledger_report_get_head (report));
  return g_string_free (out, FALSE);
}

void
vigil_ledger_checkpoint_clear (VigilLedgerCheckpoint *checkpoint)
{
  g_clear_pointer (&checkpoint->timestamp, g_free);
  g_clear_pointer (&checkpoint->actor, g_free);
}

static gboolean
is_hex64 (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (guint i = 0; i < 64; i++)
    if (!g_ascii_isdigit (text[i]) && !(text[i] >= 'a' && text[i] <= 'f'))
      return FALSE;
  return TRUE;
}

/* Whether the checkpoint read from the event holds together: hashes, ids, and a head that is
 * the one its hashes and ids give. */
static gboolean
checkpoint_is_usable (const VigilLedgerCheckpoint *cp,
                      const char                  *head)
{
  char joined[64 * VIGIL_N_CHAINS];
  char combined[65];
  g_autofree char *expected = NULL;

  for (guint c = 0; c < VIGIL_N_CHAINS; c++)
    {
      if (cp->ids[c] < 0 || !is_hex64 (cp->hashes[c]))
        return FALSE;
      if (cp->ids[c] == 0 && strcmp (cp->hashes[c], VIGIL_LEDGER_GENESIS) != 0)
        return FALSE;
      memcpy (joined + 64 * c, cp->hashes[c], 64);
    }
  /* The event comes after the rows it vouches for. */
  if (cp->event_id <= cp->ids[VIGIL_CHAIN_EVENTS] || cp->timestamp == NULL)
    return FALSE;
  if (cp->records != cp->ids[0] + cp->ids[1] + cp->ids[2])
    return FALSE;

  vigil_sha256_hex (joined, sizeof joined, combined);
  expected = g_strdup_printf ("%s@%" PRId64 ".%" PRId64 ".%" PRId64, combined,
                              cp->ids[0], cp->ids[1], cp->ids[2]);
  return g_strcmp0 (head, expected) == 0;
}

/**
 * vigil_ledger_find_checkpoint:
 * @found: (out): whether a usable checkpoint was found
 *
 * Reads the latest ledger_verified event whose details hold together. FALSE with @error only
 * when the events cannot be read.
 */
gboolean
vigil_ledger_find_checkpoint (VigilSql              *db,
                              VigilLedgerCheckpoint *out,
                              gboolean              *found,
                              GError               **error)
{
  static const char sql[] =
    "SELECT id, timestamp, actor, "
    VIGIL_JSON_INTEGER ("details", "$.decisions.last_id") ", "
    "json_extract(details, '$.decisions.record_hash'), "
    VIGIL_JSON_INTEGER ("details", "$.alerts.last_id") ", "
    "json_extract(details, '$.alerts.record_hash'), "
    VIGIL_JSON_INTEGER ("details", "$.events.last_id") ", "
    "json_extract(details, '$.events.record_hash'), "
    VIGIL_JSON_INTEGER ("details", "$.records") ", json_extract(details, '$.head') "
    "FROM events WHERE action = '" VIGIL_LEDGER_CHECKPOINT_ACTION "' AND json_valid(details) "
    "ORDER BY id DESC";
  VigilSqlStmt *stmt = NULL;
  int rc = VIGIL_SQL_DONE;

  memset (out, 0, sizeof *out);
  *found = FALSE;
  if (vigil_sql_prepare (db, sql, &stmt) != VIGIL_SQL_OK)
    {
      vigil_ledger_set_sql_error (error, db, _("Could not read the ledger’s checkpoints"));
      return FALSE;
    }

  while (!*found && (rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      gboolean typed = TRUE;

      for (int i = 3; i <= 9; i += 2)
        typed &= vigil_sql_column_type (stmt, i) == VIGIL_SQL_INTEGER;
      if (!typed)
        continue;
      out->event_id = vigil_sql_column_int64 (stmt, 0);
      out->timestamp = g_strdup (vigil_sql_column_text (stmt, 1));
      out->actor = g_strdup (vigil_sql_column_text (stmt, 2));
      for (guint c = 0; c < VIGIL_N_CHAINS; c++)
        {
          const char *hash = vigil_sql_column_text (stmt, 4 + 2 * (int) c);

          out->ids[c] = vigil_sql_column_int64 (stmt, 3 + 2 * (int) c);
          g_strlcpy (out->hashes[c], hash ? hash : "", 65);
        }
      out->records = vigil_sql_column_int64 (stmt, 9);
      *found = checkpoint_is_usable (out, vigil_sql_column_text (stmt, 10));
      if (!*found)
        vigil_ledger_checkpoint_clear (out);
    }
  if (!*found && rc != VIGIL_SQL_DONE)
    {
      vigil_ledger_set_sql_error (error, db, _("Could not read the ledger’s checkpoints"));
      vigil_sql_finalize (stmt);
      return FALSE;
    }
  vigil_sql_finalize (stmt);
  return TRUE;
}

/* Ledger method ---------------------------------------------------------------------------- */

/* The recipe is a specification, kept word for word in README.md's "The ledger" (a test
 * compares them), so it is not translated. */
static const char recipe[] =
  "Each of the tables decisions, alerts and events is one hash chain, in id order, with ids "
  "from 1 and no gaps.\n"
  "A row's record_hash is the lowercase hex SHA-256 of the previous row's record_hash (its 64 "
  "hex characters; 64 \"0\" for the first row) followed by the row's chained columns, in this "
  "order, each written as a netstring: the byte length in decimal, \":\", the UTF-8 bytes, "
  "\",\". SQL NULL is written \"~\", a REAL as C's %.17g (zero as \"0\", never \"-0\"), an "
  "INTEGER in decimal.\n"
  "decisions: id, timestamp, model_name, model_version, decision_type, input_features, "
  "input_hash, prediction, confidence, explanation, ticker, sector, portfolio_id, user_id, "
  "then event_id only when it is not NULL (a decision without one is written without it).\n"
  "alerts: id, timestamp, alert_type, severity, description, model_name, subject, "
  "window_start, window_end, baseline_start, observed, baseline, threshold, n_recent, "
  "n_baseline, p_value.\n"
  "events: id, timestamp, actor, action, target, details.\n"
  "A decision's input_hash is the SHA-256 hex of its input_features.\n"
  "The head is H@D.A.E: H is the SHA-256 hex of the three chains' last record_hash values "
  "(decisions, alerts, events, 64 hex characters each, concatenated); D, A and E are the ids "
  "of those last rows (0 for an empty table). A head sealed earlier is a prefix of the ledger "
  "when the chains cut at D, A and E give the same H.\n"
  "vigilctl export --ledger --format csv writes a header line, then one line per row: the "
  "table, the id, the stored record_hash, then each chained column after the id, \"~\" for "
  "NULL, otherwise \"'\" followed by the value as it is hashed; a decision's NULL event_id "
  "has no cell.\n";

static const char script[] =
  "# python3 head.py LEDGER.csv HEAD: recomputes HEAD (HEX@D.A.E, as a report sealed it)\n"
  "# from the rows of `vigilctl export --ledger --format csv -o LEDGER.csv` up to its ids.\n"
  "import csv, hashlib, sys\n"
  "csv.field_size_limit(sys.maxsize)\n"
  "sealed, ids = sys.argv[2].split('@')\n"
  "upto = dict(zip(('decisions', 'alerts', 'events'), map(int, ids.split('.'))))\n"
  "last, prev = dict.fromkeys(upto, 0), dict.fromkeys(upto, b'0' * 64)\n"
  "ns = lambda b: b'%d:%s,' % (len(b), b)\n"
  "for row in csv.reader(open(sys.argv[1], newline='', encoding='utf-8')):\n"
  "    table, i = row[0], row[1]\n"
  "    if table not in upto or not i.isdigit() or int(i) > upto[table]: continue\n"
  "    if int(i) != last[table] + 1: sys.exit(f'{table}: row {last[table] + 1} is missing')\n"
  "    fields = b''.join(b'~' if v == '~' else ns(v[1:].encode()) for v in row[3:])\n"
  "    prev[table] = hashlib.sha256(prev[table] + ns(i.encode()) + fields).hexdigest().encode()\n"
  "    last[table] = int(i)\n"
  "head = hashlib.sha256(b''.join(prev.values())).hexdigest()\n"
  "print(head + '@' + '.'.join(map(str, last.values())), 'matches' if head == sealed else 'DIFFERS')\n";

/**
 * vigil_ledger_get_recipe:
 *
 * Returns: how a record_hash and the head are computed, as README.md's "The ledger" gives it
 */
const char *
vigil_ledger_get_recipe (void)
{
  return recipe;
}

/**
 * vigil_ledger_get_script:
 *
 * Returns: a Python script (standard library only) that recomputes a sealed head from the CSV
 *   of vigil_ledger_export_csv()
 */
const char *
vigil_ledger_get_script (void)
{
  return script;
}

static void
put_csv_cell (GString    *out,
              const char *text,
              gsize       len)
{
  gboolean quote = FALSE;

  for (gsize i = 0; i < len && !quote; i++)
    quote = text[i] == ',' || text[i] == '"' || text[i] == '\n' || text[i] == '\r';
  g_string_append_c (out, ',');
  if (!quote)
    {
      g_string_append_len (out, text, (gssize) len);
      return;
    }
  g_string_append_c (out, '"');
  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, text[i]);
    }
  g_string_append_c (out, '"');
}

/**
 * vigil_ledger_export_csv:
 * @db: read inside one transaction by the caller
 * @out_rows: (out) (optional): the rows written
 *
 * Writes the chained columns of decisions, alerts and events, in id order: a header, then per
 * row the table, the id, the stored record_hash and each chained column after the id, "~" for
 * NULL, else "'" and the value exactly as it is hashed (REAL as %.17g), so that the chains can
 * be recomputed from the file alone.
 */
gboolean
vigil_ledger_export_csv (VigilSql       *db,
                         GOutputStream  *out,
                         GCancellable   *cancellable,
                         gint64         *out_rows,
                         GError        **error)
{
  g_autoptr(GString) line = g_string_sized_new (4096);
  g_autoptr(GString) scratch = g_string_sized_new (1024);
  char prev[65];
  gint64 rows = 0;

  if (!g_output_stream_write_all (out, "table,id,record_hash,fields\n", 28, NULL, cancellable,
                                  error))
    return FALSE;
  for (guint c = 0; c < VIGIL_N_CHAINS; c++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT %s, record_hash FROM main.%s ORDER BY id",
                                              chains[c].columns, chains[c].table);
      VigilSqlStmt *stmt = NULL;
      int n_fields, rc;

      if (vigil_sql_prepare (db, sql, &stmt) != VIGIL_SQL_OK)
        {
          vigil_ledger_set_sql_error (error, db, _("Could not read the ledger"));
          return FALSE;
        }
      n_fields = vigil_sql_column_count (stmt) - 1;
      g_string_truncate (line, 0);
      memcpy (prev, VIGIL_LEDGER_GENESIS, 65);
      while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
        {
          const char *hash = vigil_sql_column_text (stmt, n_fields);
          guint32 negative_zeros = 0;
          char stored[65];

          /* A row sealed under ledger format 1 is written as it was hashed, "-0" and all. */
          vigil_ledger_read_stored (stmt, n_fields, stored);
          for (int i = 1; i < n_fields; i++)
            if (vigil_sql_column_type (stmt, i) == VIGIL_SQL_FLOAT &&
                vigil_sql_column_double (stmt, i) == 0.0)
              {
                vigil_ledger_match_row (c, stmt, n_fields, prev, stored, scratch, &negative_zeros);
                break;
              }
          memcpy (prev, stored, 65);
          hash = vigil_sql_column_text (stmt, n_fields);

          g_string_append_printf (line, "%s,%" PRId64, chains[c].table,
                                  (gint64) vigil_sql_column_int64 (stmt, 0));
          put_csv_cell (line, hash ? hash : "", hash ? strlen (hash) : 0);
          for (int i = 1; i < n_fields; i++)
            {
              g_autoptr(GString) value = NULL;

              if (!field_written (c, stmt, i, n_fields))
                continue;
              value = g_string_new ("'");

              switch (vigil_sql_column_type (stmt, i))
                {
                case VIGIL_SQL_NULL:
                  g_string_assign (value, "~");
                  break;
                case VIGIL_SQL_INTEGER:
                  g_string_append_printf (value, "%" PRId64, (gint64) vigil_sql_column_int64 (stmt, i));
                  break;
                case VIGIL_SQL_FLOAT:
                  {
                    char buf[G_ASCII_DTOSTR_BUF_SIZE];

                    g_string_append (value, negative_zeros & (1u << i)
                                              ? "-0"
                                              : format_real (vigil_sql_column_double (stmt, i),
                                                             buf));
                  }
                  break;
                default:
                  {
                    const char *text = vigil_sql_column_text (stmt, i);

                    g_string_append_len (value, text ? text : "",
                                         vigil_sql_column_bytes (stmt, i));
                  }
                  break;
                }
              put_csv_cell (line, value->str, value->len);
            }
          g_string_append_c (line, '\n');
          rows++;
          if (line->len > 65536)
            {
              if (!g_output_stream_write_all (out, line->str, line->len, NULL, cancellable,
                                              error))
                {
                  vigil_sql_finalize (stmt);
                  return FALSE;
                }
              g_string_truncate (line, 0);
            }
        }
      vigil_sql_finalize (stmt);
      if (rc != VIGIL_SQL_DONE)
        {
          vigil_ledger_set_sql_error (error, db, _("Could not read the ledger"));
          return FALSE;
        }
      if (!g_output_stream_write_all (out, line->str, line->len, NULL, cancellable, error))
        return FALSE;
    }
  if (out_rows != NULL)
    *out_rows = rows;
  return TRUE;
}
