/* vigil-sql-postgres.c: VigilSql on a PostgreSQL server, through libpq
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Statements are written as for SQLite ("?" and "?NNN" parameters); they are rewritten to
 * PostgreSQL's "$N" before they reach the server. Parameters travel as text, and values
 * come back as text: PostgreSQL 15 prints float8 as the shortest text that reads back as
 * the same double (extra_float_digits = 1, the default), so doubles round-trip exactly.
 */

#define G_LOG_DOMAIN "vigil-sql"

#include "config.h"

#include <math.h>
#include <string.h>

#include <libpq-fe.h>

#include "vigil-sql-backend.h"

/* Type OIDs from PostgreSQL's pg_type.dat; they are fixed */
#define BOOLOID     16
#define BYTEAOID    17
#define INT8OID     20
#define INT2OID     21
#define INT4OID     23
#define TEXTOID     25
#define OIDOID      26
#define FLOAT4OID   700
#define FLOAT8OID   701
#define NUMERICOID  1700

/* Rows fetched from a server-side cursor at a time */
#define FETCH_BATCH 5000

typedef struct
{
  VigilSql      parent;
  PGconn       *conn;
  PGcancel     *cancel;
  GCancellable *cancellable;
  gulong        cancel_handler;
  int           errcode;
  char         *errmsg;
  gint64        changes;
  guint         n_statements;
  guint         n_cursors;
  GPtrArray    *stale_statements;   /* names to DEALLOCATE once the transaction allows */
  char         *setup;              /* what every session runs first, again after a reconnect */
  int           lock_timeout;       /* -1 until set */
  GPtrArray    *channels;           /* what the session listens to */
  guint         generation;         /* counts reconnections: prepared statements die with one */
  PGTransactionStatusType tx_before;/* the session's state when its last command was sent */
  gboolean      lost_transaction;   /* the connection broke inside a transaction */
} PgSql;

typedef struct
{
  VigilSqlStmt  parent;
  char         *text;           /* with $N parameters */
  gboolean      persistent;
  gboolean      is_query;
  int           n_params;
  Oid          *types;
  gboolean     *used;           /* whether the text refers to each parameter */
  const char  **values;
  char        **owned;          /* the copies some values point to */
  char         *prepared_name;  /* persistent statements, once prepared */
  guint         prepared_generation;
  Oid          *prepared_types;
  PGresult     *result;
  int           row;
  char         *cursor;         /* while a server-side cursor is open */
  gboolean      cursor_exhausted;
  gboolean      executed;
  int           last_rc;
  int           n_columns;      /* -1 until known */
  PGresult     *described;      /* the columns, when asked for before the first step */
} PgStmt;

static const VigilSqlBackend postgres_backend;

#define PG(sql)      ((PgSql *) (sql))
#define PGSTMT(stmt) ((PgStmt *) (stmt))

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

/* Error state */

static void
set_error (PgSql      *self,
           int         code,
           const char *message)
{
  self->errcode = code;
  g_free (self->errmsg);
  self->errmsg = g_strdup (message != NULL ? message : "not an error");
}

static void
set_ok (PgSql *self)
{
  if (self->errcode != VIGIL_SQL_OK)
    set_error (self, VIGIL_SQL_OK, NULL);
}

/* libpq's messages end with a newline (or two lines, the second a hint) */
static char *
conn_message (PGconn *conn)
{
  const char *msg = conn != NULL ? PQerrorMessage (conn) : NULL;
  char *copy;

  if (msg == NULL || *msg == '\0')
    return g_strdup ("lost the connection to the database server");
  copy = g_strdup (msg);
  return g_strchomp (copy);
}

static int
result_of_sqlstate (const char *state)
{
  if (state == NULL || strlen (state) != 5)
    return VIGIL_SQL_ERROR;
  if (g_str_has_prefix (state, "23") || strcmp (state, "P0001") == 0)
    return VIGIL_SQL_CONSTRAINT;
  if (strcmp (state, "25006") == 0)
    return VIGIL_SQL_READONLY;
  if (strcmp (state, "42501") == 0)
    return VIGIL_SQL_PERM;
  if (strcmp (state, "40001") == 0 || strcmp (state, "40P01") == 0 ||
      strcmp (state, "55P03") == 0)
    return VIGIL_SQL_BUSY;
  if (strcmp (state, "57014") == 0)
    return VIGIL_SQL_INTERRUPT;
  if (strcmp (state, "53100") == 0)
    return VIGIL_SQL_FULL;
  if (g_str_has_prefix (state, "58"))
    return VIGIL_SQL_IOERR;
  if (strcmp (state, "XX001") == 0 || strcmp (state, "XX002") == 0)
    return VIGIL_SQL_CORRUPT;
  if (g_str_has_prefix (state, "08") || strcmp (state, "57P01") == 0 ||
      strcmp (state, "57P02") == 0 || strcmp (state, "57P03") == 0)
    return VIGIL_SQL_CONNECTION;
  if (g_str_has_prefix (state, "28"))
    return VIGIL_SQL_AUTH;
  return VIGIL_SQL_ERROR;
}

/* Records the error @res (or the connection's, when @res is %NULL) and returns its code */
static int
set_error_from_result (PgSql          *self,
                       const PGresult *res)
{
  const char *state = NULL;
  const char *primary = NULL;
  const char *detail = NULL;
  g_autofree char *message = NULL;
  int code;

  if (res != NULL)
    {
      state = PQresultErrorField (res, PG_DIAG_SQLSTATE);
      primary = PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY);
      detail = PQresultErrorField (res, PG_DIAG_MESSAGE_DETAIL);
    }
  code = result_of_sqlstate (state);
  if (PQstatus (self->conn) == CONNECTION_BAD)
    {
      code = VIGIL_SQL_CONNECTION;
      /* Whatever the transaction had done is gone with the session: its later statements
       * must fail too, until the caller rolls it back, rather than run on a new session
       * outside any transaction. */
      if (self->tx_before != PQTRANS_IDLE)
        self->lost_transaction = TRUE;
    }

  if (primary != NULL && detail != NULL)
    message = g_strdup_printf ("%s: %s", primary, detail);
  else if (primary != NULL)
    message = g_strdup (primary);
  else if (code == VIGIL_SQL_CONNECTION)
    {
      g_autofree char *why = conn_message (self->conn);

      message = g_strdup_printf ("lost the connection to the database server: %s", why);
    }
  else
    message = conn_message (self->conn);

  set_error (self, code, message);
  return code;
}

static gboolean
is_dml_tag (const char *tag)
{
  return g_str_has_prefix (tag, "INSERT ") || g_str_has_prefix (tag, "UPDATE ") ||
         g_str_has_prefix (tag, "DELETE ") || g_str_has_prefix (tag, "MERGE ");
}

/* Like SQLite's changes(), only INSERT, UPDATE, DELETE (and MERGE) count */
static void
record_changes (PgSql    *self,
                PGresult *res)
{
  if (is_dml_tag (PQcmdStatus (res)))
    self->changes = g_ascii_strtoll (PQcmdTuples (res), NULL, 10);
}

/* Runs @text for its side effect only; the error state is left alone */
static void
exec_quietly (PgSql      *self,
              const char *text)
{
  g_autoptr(PGresult) res = PQexec (self->conn, text);

  if (PQresultStatus (res) != PGRES_COMMAND_OK)
    g_debug ("%s: %s", text, PQresultErrorMessage (res));
}

static void
flush_stale_statements (PgSql *self)
{
  if (self->stale_statements->len == 0 ||
      PQstatus (self->conn) != CONNECTION_OK ||
      PQtransactionStatus (self->conn) == PQTRANS_INERROR)
    return;
  for (guint i = 0; i < self->stale_statements->len; i++)
    {
      g_autofree char *text =
        g_strdup_printf ("DEALLOCATE %s", (char *) g_ptr_array_index (self->stale_statements, i));

      exec_quietly (self, text);
    }
  g_ptr_array_set_size (self->stale_statements, 0);
}

/* Statement text */

static gboolean
is_word_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '$' || (guchar) c >= 0x80;
}

/* The length of a dollar-quote tag ("$$", "$body$") at @p, or 0 */
static gsize
dollar_tag_length (const char *p)
{
  gsize n = 1;

  if (p[n] != '$' && !(g_ascii_isalpha (p[n]) || p[n] == '_' || (guchar) p[n] >= 0x80))
    return 0;
  while (p[n] != '$')
    {
      if (!(g_ascii_isalnum (p[n]) || p[n] == '_' || (guchar) p[n] >= 0x80))
        return 0;
      n++;
    }
  return n + 1;
}

/*
 * Rewrites @text for PostgreSQL: "?" becomes "$N" (N one more than the highest number so
 * far, as SQLite numbers them) and "?NNN" becomes "$NNN", when @placeholders; SQLite's
 * "BEGIN IMMEDIATE", "BEGIN DEFERRED" and "BEGIN EXCLUSIVE" become "BEGIN". String
 * literals, quoted identifiers, dollar-quoted bodies and comments are copied untouched.
 */
static char *
translate_sql (const char  *text,
               gboolean     placeholders,
               int         *out_n_params,
               gboolean   **out_used,
               gboolean    *out_is_query)
{
  g_autoptr(GArray) used = g_array_new (FALSE, TRUE, sizeof (gboolean));
  GString *out = g_string_sized_new (strlen (text) + 16);
  const char *p = text;
  gboolean at_start = TRUE;
  gboolean after_begin = FALSE;
  gboolean first_word_seen = FALSE;
  gboolean is_query = FALSE;
  int n_params = 0;

  while (*p != '\0')
    {
      const char *start = p;

      if (*p == '\'' || *p == '"')
        {
          char quote = *p;
          gboolean backslashes = quote == '\'' && p > text && (p[-1] == 'E' || p[-1] == 'e') &&
                                 (p - 1 == text || !is_word_char (p[-2]));

          for (p++; *p != '\0'; p++)
            {
              if (backslashes && *p == '\\' && p[1] != '\0')
                p++;
              else if (*p == quote && p[1] == quote)
                p++;
              else if (*p == quote)
                {
                  p++;
                  break;
                }
            }
          g_string_append_len (out, start, p - start);
          at_start = after_begin = FALSE;
        }
      else if (p[0] == '-' && p[1] == '-')
        {
          while (*p != '\0' && *p != '\n')
            p++;
          g_string_append_len (out, start, p - start);
        }
      else if (p[0] == '/' && p[1] == '*')
        {
          int depth = 1;

          for (p += 2; *p != '\0' && depth > 0; p++)
            {
              if (p[0] == '/' && p[1] == '*')
                depth++, p++;
              else if (p[0] == '*' && p[1] == '/')
                depth--, p++;
            }
          g_string_append_len (out, start, p - start);
        }
      else if (*p == '$' && (p == text || !is_word_char (p[-1])) && dollar_tag_length (p) > 0)
        {
          gsize n = dollar_tag_length (p);
          g_autofree char *tag = g_strndup (p, n);
          const char *end = strstr (p + n, tag);

          p = end != NULL ? end + n : p + strlen (p);
          g_string_append_len (out, start, p - start);
          at_start = after_begin = FALSE;
        }
      else if (*p == '?' && placeholders)
        {
          p++;
          if (g_ascii_isdigit (*p))
            {
              int n = 0;

              for (; g_ascii_isdigit (*p); p++)
                n = MIN (n * 10 + (*p - '0'), 100000);
              n_params = MAX (n_params, n);
              if ((guint) n > used->len)
                g_array_set_size (used, n);
              if (n > 0)
                g_array_index (used, gboolean, n - 1) = TRUE;
              g_string_append_printf (out, "$%d", n);
            }
          else
            {
              g_string_append_printf (out, "$%d", ++n_params);
              g_array_set_size (used, MAX ((int) used->len, n_params));
              g_array_index (used, gboolean, n_params - 1) = TRUE;
            }
          at_start = after_begin = FALSE;
        }
      else if (g_ascii_isalpha (*p) || *p == '_' || (guchar) *p >= 0x80)
        {
          gsize len;

          while (is_word_char (*p))
            p++;
          len = p - start;
          if (!first_word_seen)
            {
              first_word_seen = TRUE;
              is_query = (len == 6 && g_ascii_strncasecmp (start, "SELECT", 6) == 0) ||
                         (len == 4 && g_ascii_strncasecmp (start, "WITH", 4) == 0) ||
                         (len == 6 && g_ascii_strncasecmp (start, "VALUES", 6) == 0);
            }
          /* SQLite's INDEXED BY name chooses an index; the server's planner chooses its
           * own */
          if (len == 7 && g_ascii_strncasecmp (start, "INDEXED", 7) == 0)
            {
              const char *q = p;

              while (g_ascii_isspace (*q))
                q++;
              if (g_ascii_strncasecmp (q, "BY", 2) == 0 && g_ascii_isspace (q[2]))
                {
                  for (q += 2; g_ascii_isspace (*q); q++)
                    ;
                  while (is_word_char (*q))
                    q++;
                  p = q;
                  at_start = after_begin = FALSE;
                  continue;
                }
            }
          if (after_begin && len == 9 &&
              (g_ascii_strncasecmp (start, "IMMEDIATE", 9) == 0 ||
               g_ascii_strncasecmp (start, "EXCLUSIVE", 9) == 0))
            ;
          else if (after_begin && len == 8 && g_ascii_strncasecmp (start, "DEFERRED", 8) == 0)
            ;
          else
            g_string_append_len (out, start, len);
          after_begin = at_start && len == 5 && g_ascii_strncasecmp (start, "BEGIN", 5) == 0;
          at_start = FALSE;
        }
      else if (g_ascii_isspace (*p))
        g_string_append_c (out, *p++);
      else
        {
          at_start = *p == ';';
          if (*p != ';')
            first_word_seen = TRUE;
          after_begin = FALSE;
          g_string_append_c (out, *p++);
        }
    }

  if (out_n_params != NULL)
    *out_n_params = n_params;
  if (out_used != NULL)
    {
      g_array_set_size (used, MAX (n_params, 1));
      *out_used = (gboolean *) (void *) g_array_free (g_steal_pointer (&used), FALSE);
    }
  if (out_is_query != NULL)
    *out_is_query = is_query;
  return g_string_free (out, FALSE);
}

/* Connection */

static void
notice_processor (void       *data,
                  const char *message)
{
  g_debug ("%s", message);
}

static int
result_of_connect_failure (const char *message)
{
  static const char * const auth[] = {
    "password authentication failed", "authentication failed", "no password supplied",
    "Peer authentication failed", "no pg_hba.conf entry", "password is required",
  };
  static const char * const unreachable[] = {
    "No such file or directory", "Connection refused", "timeout expired",
    "could not translate host name", "Network is unreachable", "No route to host",
    "server closed the connection unexpectedly", "the database system is starting up",
    "the database system is shutting down", "the database system is in recovery mode",
    "Connection timed out", "Host is unreachable",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (auth); i++)
    if (strstr (message, auth[i]) != NULL)
      return VIGIL_SQL_AUTH;
  if (strstr (message, "role \"") != NULL && strstr (message, "\" does not exist") != NULL)
    return VIGIL_SQL_AUTH;
  for (gsize i = 0; i < G_N_ELEMENTS (unreachable); i++)
    if (strstr (message, unreachable[i]) != NULL)
      return VIGIL_SQL_CONNECTION;
  return VIGIL_SQL_CANTOPEN;
}

/* Sets up a new session (the first, or one after a reconnect): its settings, then what the
 * connection had asked of the last one */
static int
start_session (PgSql *self)
{
  g_autoptr(PGresult) res = NULL;

  PQsetNoticeProcessor (self->conn, notice_processor, NULL);
  g_clear_pointer (&self->cancel, PQfreeCancel);
  self->cancel = PQgetCancel (self->conn);

  res = PQexec (self->conn, self->setup);
  if (PQresultStatus (res) != PGRES_COMMAND_OK)
    return set_error_from_result (self, res);
  if (self->lock_timeout >= 0)
    {
      g_autofree char *text = g_strdup_printf ("SET lock_timeout = %d", self->lock_timeout);

      exec_quietly (self, text);
    }
  for (guint i = 0; i < self->channels->len; i++)
    {
      g_autofree char *text = NULL;
      g_autofree char *quoted = PQescapeIdentifier (self->conn,
                                                    g_ptr_array_index (self->channels, i),
                                                    strlen (g_ptr_array_index (self->channels, i)));

      if (quoted == NULL)
        return set_error_from_result (self, NULL);
      text = g_strdup_printf ("LISTEN %s", quoted);
      g_clear_pointer (&res, PQclear);
      res = PQexec (self->conn, text);
      if (PQresultStatus (res) != PGRES_COMMAND_OK)
        return set_error_from_result (self, res);
    }
  self->tx_before = PQTRANS_IDLE;
  return VIGIL_SQL_OK;
}

/*
 * A session the server ended (a restart, a dropped network, an idle timeout) is opened again
 * when the next command is sent, unless it ended inside a transaction: then the caller must
 * hear that the transaction is gone, and roll it back, before anything else runs. Statements
 * prepared on the old session died with it; each one prepares itself again.
 */
static int
reconnect (PgSql *self)
{
  g_autofree char *message = NULL;

  if (self->lost_transaction)
    {
      set_error (self, VIGIL_SQL_CONNECTION,
                 "lost the connection to the database server in the middle of a transaction, "
                 "which the server rolled back");
      return self->errcode;
    }

  PQreset (self->conn);
  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      message = conn_message (self->conn);
      set_error (self, result_of_connect_failure (message), message);
      return self->errcode;
    }
  self->generation++;
  g_ptr_array_set_size (self->stale_statements, 0);
  g_debug ("reconnected to the database server");
  return start_session (self);
}

/* Before a command is sent: a broken session is opened again, and what state the session
 * was in is noted, for when the command finds it broken */
static int
begin_command (PgSql *self)
{
  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      int rc = reconnect (self);

      if (rc != VIGIL_SQL_OK)
        return rc;
    }
  self->tx_before = PQtransactionStatus (self->conn);
  return VIGIL_SQL_OK;
}

int
vigil_sql_postgres_open (const char         *uri,
                         VigilSqlOpenFlags   flags,
                         VigilSql          **out_sql)
{
  PgSql *self = g_new0 (PgSql, 1);
  g_autofree char *message = NULL;

  self->parent.backend = &postgres_backend;
  self->errmsg = g_strdup ("not an error");
  self->stale_statements = g_ptr_array_new_with_free_func (g_free);
  self->channels = g_ptr_array_new_with_free_func (g_free);
  self->lock_timeout = -1;
  self->tx_before = PQTRANS_IDLE;
  /* Vigil's tables live in the schema "main" (see vigil-schema-postgres.c); temporary ones,
   * searched last, never stand in for them. Doubles print in the shortest form that reads
   * back exactly (extra_float_digits 1), whatever the server's default: the ledger's hashes
   * depend on it. */
  self->setup = g_strdup ((flags & VIGIL_SQL_OPEN_READ_ONLY)
    ? "SET client_encoding = 'UTF8'; SET TimeZone = 'UTC'; SET DateStyle = 'ISO'; "
      "SET extra_float_digits = 1; SET search_path = main, pg_temp; "
      "SET default_transaction_read_only = on"
    : "SET client_encoding = 'UTF8'; SET TimeZone = 'UTC'; SET DateStyle = 'ISO'; "
      "SET extra_float_digits = 1; SET search_path = main, pg_temp");
  *out_sql = &self->parent;

  self->conn = PQconnectdb (uri);
  if (self->conn == NULL)
    {
      set_error (self, VIGIL_SQL_CANTOPEN, "out of memory");
      return self->errcode;
    }
  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      message = conn_message (self->conn);
      set_error (self, result_of_connect_failure (message), message);
      return self->errcode;
    }
  return start_session (self);
}

static void
postgres_set_cancellable (VigilSql     *sql,
                          GCancellable *cancellable);

static void
postgres_close (VigilSql *sql)
{
  PgSql *self = PG (sql);

  postgres_set_cancellable (sql, NULL);
  g_clear_pointer (&self->cancel, PQfreeCancel);
  g_clear_pointer (&self->conn, PQfinish);
  g_ptr_array_unref (self->stale_statements);
  g_ptr_array_unref (self->channels);
  g_free (self->setup);
  g_free (self->errmsg);
  g_free (self);
}

/* A ROLLBACK of the whole transaction, not to a savepoint */
static gboolean
is_rollback (const char *text)
{
  while (g_ascii_isspace (*text))
    text++;
  if (g_ascii_strncasecmp (text, "ROLLBACK", 8) != 0 && g_ascii_strncasecmp (text, "ABORT", 5) != 0)
    return FALSE;
  return strstr (text, " TO ") == NULL && strstr (text, " to ") == NULL;
}

static int
postgres_exec (VigilSql   *sql,
               const char *text)
{
  PgSql *self = PG (sql);
  g_autofree char *translated = translate_sql (text, FALSE, NULL, NULL, NULL);
  g_autoptr(PGresult) res = NULL;
  int rc;

  if (self->cancellable != NULL && g_cancellable_is_cancelled (self->cancellable))
    {
      set_error (self, VIGIL_SQL_INTERRUPT, "interrupted");
      return self->errcode;
    }
  /* The transaction the server lost is rolled back already: the caller's ROLLBACK is what
   * it waited for, and the session opens again at the next command. */
  if (self->lost_transaction && is_rollback (translated))
    {
      self->lost_transaction = FALSE;
      set_ok (self);
      return VIGIL_SQL_OK;
    }
  rc = begin_command (self);
  if (rc != VIGIL_SQL_OK)
    return rc;
  flush_stale_statements (self);
  res = PQexec (self->conn, translated);
  switch (PQresultStatus (res))
    {
    case PGRES_COMMAND_OK:
    case PGRES_TUPLES_OK:
    case PGRES_EMPTY_QUERY:
      record_changes (self, res);
      set_ok (self);
      return VIGIL_SQL_OK;
    default:
      return set_error_from_result (self, res);
    }
}

static int
postgres_prepare (VigilSql      *sql,
                  const char    *text,
                  gboolean       persistent,
                  VigilSqlStmt **out_stmt)
{
  PgStmt *self = g_new0 (PgStmt, 1);

  self->parent.backend = &postgres_backend;
  self->parent.sql = sql;
  self->text = translate_sql (text, TRUE, &self->n_params, &self->used, &self->is_query);
  self->n_columns = -1;
  self->persistent = persistent;
  self->types = g_new0 (Oid, MAX (self->n_params, 1));
  for (int i = 0; i < self->n_params; i++)
    if (!self->used[i])
      self->types[i] = TEXTOID;
  self->values = g_new0 (const char *, MAX (self->n_params, 1));
  self->owned = g_new0 (char *, MAX (self->n_params, 1));
  self->row = -1;
  *out_stmt = &self->parent;
  set_ok (PG (sql));
  return VIGIL_SQL_OK;
}

static int
postgres_errcode (VigilSql *sql)
{
  return PG (sql)->errcode;
}

static const char *
postgres_errmsg (VigilSql *sql)
{
  return PG (sql)->errmsg;
}

static gint64
postgres_changes (VigilSql *sql)
{
  return PG (sql)->changes;
}

static gint64
postgres_last_insert_id (VigilSql *sql)
{
  PgSql *self = PG (sql);
  /* lastval() fails until a sequence was used; inside a transaction that failure must not
   * abort the caller's transaction, hence the savepoint. */
  gboolean in_block = PQtransactionStatus (self->conn) == PQTRANS_INTRANS;
  g_autoptr(PGresult) res = NULL;
  gint64 id = 0;

  if (PQstatus (self->conn) != CONNECTION_OK)
    return 0;
  if (in_block)
    exec_quietly (self, "SAVEPOINT vigil_lastval");
  res = PQexec (self->conn, "SELECT lastval()");
  if (PQresultStatus (res) == PGRES_TUPLES_OK && PQntuples (res) == 1)
    id = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
  else if (in_block)
    exec_quietly (self, "ROLLBACK TO SAVEPOINT vigil_lastval");
  if (in_block)
    exec_quietly (self, "RELEASE SAVEPOINT vigil_lastval");
  return id;
}

static gboolean
postgres_in_transaction (VigilSql *sql)
{
  PGTransactionStatusType status = PQtransactionStatus (PG (sql)->conn);

  return PG (sql)->lost_transaction ||
         status == PQTRANS_INTRANS || status == PQTRANS_INERROR;
}

static void
postgres_set_busy_timeout (VigilSql *sql,
                           int       msec)
{
  g_autofree char *text = g_strdup_printf ("SET lock_timeout = %d", MAX (msec, 0));

  PG (sql)->lock_timeout = MAX (msec, 0);
  if (PQstatus (PG (sql)->conn) == CONNECTION_OK)
    exec_quietly (PG (sql), text);
}

static void
postgres_interrupt (VigilSql *sql)
{
  PgSql *self = PG (sql);
  char why[256];

  if (self->cancel != NULL && !PQcancel (self->cancel, why, sizeof why))
    g_debug ("could not cancel the query: %s", why);
}

static void
cancelled_cb (GCancellable *cancellable,
              gpointer      data)
{
  postgres_interrupt (data);
}

static void
postgres_set_cancellable (VigilSql     *sql,
                          GCancellable *cancellable)
{
  PgSql *self = PG (sql);

  if (self->cancellable == cancellable)
    return;
  if (self->cancellable != NULL)
    {
      g_cancellable_disconnect (self->cancellable, self->cancel_handler);
      self->cancel_handler = 0;
      g_clear_object (&self->cancellable);
    }
  if (cancellable != NULL)
    {
      self->cancellable = g_object_ref (cancellable);
      self->cancel_handler = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb),
                                                    self, NULL);
    }
}

/* Bulk loading */

static int
postgres_copy_in (VigilSql   *sql,
                  const char *text,
                  const char *data,
                  gsize       len)
{
  PgSql *self = PG (sql);
  g_autoptr(PGresult) res = NULL;
  int rc = begin_command (self);
  gboolean sent = TRUE;

  if (rc != VIGIL_SQL_OK)
    return rc;
  flush_stale_statements (self);
  res = PQexec (self->conn, text);
  if (PQresultStatus (res) != PGRES_COPY_IN)
    return set_error_from_result (self, res);
  /* In pieces: libpq takes an int length */
  while (sent && len > 0)
    {
      int piece = (int) MIN (len, (gsize) 1 << 20);

      sent = PQputCopyData (self->conn, data, piece) == 1;
      data += piece;
      len -= piece;
    }
  if (PQputCopyEnd (self->conn, sent ? NULL : "the client failed to send the data") != 1)
    return set_error_from_result (self, NULL);
  g_clear_pointer (&res, PQclear);
  res = PQgetResult (self->conn);
  rc = PQresultStatus (res) == PGRES_COMMAND_OK ? VIGIL_SQL_OK
                                                 : set_error_from_result (self, res);
  if (rc == VIGIL_SQL_OK)
    set_ok (self);
  /* Then the end of the command */
  g_clear_pointer (&res, PQclear);
  while ((res = PQgetResult (self->conn)) != NULL)
    g_clear_pointer (&res, PQclear);
  return rc;
}

/* Notifications */

static int
postgres_listen (VigilSql   *sql,
                 const char *channel)
{
  PgSql *self = PG (sql);
  g_autofree char *quoted = NULL;
  g_autofree char *text = NULL;
  g_autoptr(PGresult) res = NULL;
  int rc = begin_command (self);

  if (rc != VIGIL_SQL_OK)
    return rc;
  quoted = PQescapeIdentifier (self->conn, channel, strlen (channel));
  if (quoted == NULL)
    return set_error_from_result (self, NULL);
  text = g_strdup_printf ("LISTEN %s", quoted);
  res = PQexec (self->conn, text);
  if (PQresultStatus (res) != PGRES_COMMAND_OK)
    return set_error_from_result (self, res);
  g_ptr_array_add (self->channels, g_strdup (channel));
  set_ok (self);
  return VIGIL_SQL_OK;
}

static void
take_notifications (PgSql     *self,
                    GPtrArray *payloads)
{
  PGnotify *notify;

  while ((notify = PQnotifies (self->conn)) != NULL)
    {
      g_ptr_array_add (payloads, g_strdup (notify->extra != NULL ? notify->extra : ""));
      PQfreemem (notify);
    }
}

/* Waits on the session's socket, and on @cancellable's, without holding anything */
static int
postgres_wait_notification (VigilSql      *sql,
                            int            timeout_ms,
                            GCancellable  *cancellable,
                            GPtrArray    **out_payloads)
{
  PgSql *self = PG (sql);
  g_autoptr(GPtrArray) payloads = g_ptr_array_new_with_free_func (g_free);
  int rc = begin_command (self);

  if (rc != VIGIL_SQL_OK)
    return rc;

  take_notifications (self, payloads);
  while (payloads->len == 0)
    {
      GPollFD fds[2] = { { .fd = PQsocket (self->conn), .events = G_IO_IN | G_IO_HUP | G_IO_ERR } };
      int n_fds = 1;
      int ready;

      if (cancellable != NULL && g_cancellable_make_pollfd (cancellable, &fds[1]))
        n_fds = 2;
      ready = g_poll (fds, n_fds, timeout_ms);
      if (n_fds == 2)
        g_cancellable_release_fd (cancellable);
      if (g_cancellable_is_cancelled (cancellable))
        {
          set_error (self, VIGIL_SQL_INTERRUPT, "interrupted");
          return self->errcode;
        }
      if (ready == 0)
        break;
      if (!PQconsumeInput (self->conn))
        {
          g_autofree char *why = conn_message (self->conn);
          g_autofree char *message =
            g_strdup_printf ("lost the connection to the database server: %s", why);

          set_error (self, VIGIL_SQL_CONNECTION, message);
          return self->errcode;
        }
      take_notifications (self, payloads);
    }

  set_ok (self);
  *out_payloads = g_steal_pointer (&payloads);
  return VIGIL_SQL_OK;
}

static guint
postgres_session (VigilSql *sql)
{
  return PG (sql)->generation;
}

/* Statements */

static void
close_cursor (PgStmt *self)
{
  PgSql *sql = PG (self->parent.sql);
  g_autofree char *text = NULL;

  if (self->cursor == NULL)
    return;
  /* Once the transaction ended (or failed) the cursor is gone with it */
  if (PQstatus (sql->conn) == CONNECTION_OK &&
      PQtransactionStatus (sql->conn) == PQTRANS_INTRANS)
    {
      text = g_strdup_printf ("CLOSE %s", self->cursor);
      exec_quietly (sql, text);
    }
  g_clear_pointer (&self->cursor, g_free);
}

static gboolean
same_types (const Oid *a,
            const Oid *b,
            int        n)
{
  return n == 0 || memcmp (a, b, n * sizeof (Oid)) == 0;
}

static PGresult *
fetch_batch (PgStmt *self)
{
  PgSql *sql = PG (self->parent.sql);
  g_autofree char *text = g_strdup_printf ("FETCH FORWARD %d FROM %s", FETCH_BATCH, self->cursor);

  return PQexec (sql->conn, text);
}

static PGresult *
execute (PgStmt *self)
{
  PgSql *sql = PG (self->parent.sql);

  /*
   * Vigil walks one query's rows while it runs other statements on the same connection,
   * and a query may span millions of rows. Inside a transaction block a server-side cursor
   * lets both happen: rows come FETCH_BATCH at a time and other statements run between
   * batches. A cursor cannot outlive its transaction, so outside one the whole result is
   * read into memory (libpq's default), which is what a single-row mode could not give:
   * that mode would forbid any other statement until the last row.
   */
  if (self->is_query && PQtransactionStatus (sql->conn) == PQTRANS_INTRANS)
    {
      g_autofree char *name = g_strdup_printf ("vigil_c%u", ++sql->n_cursors);
      g_autofree char *declare =
        g_strdup_printf ("DECLARE %s NO SCROLL CURSOR FOR %s", name, self->text);
      g_autofree Oid *types = g_memdup2 (self->types, sizeof (Oid) * MAX (self->n_params, 1));
      g_autoptr(PGresult) res = NULL;

      /* A cursor's plan is made again when row-level security applies, and the parameters'
       * types must then be the ones the server inferred: ask it for them first (in a
       * savepoint, as a parameter only ever compared with NULL has none), else call them
       * text. */
      for (int i = 0; i < self->n_params; i++)
        if (types[i] == 0)
          {
            g_autoptr(PGresult) described = NULL;
            g_autoptr(PGresult) savepoint = PQexec (sql->conn, "SAVEPOINT vigil_describe");

            described = PQprepare (sql->conn, "", self->text, self->n_params, self->types);
            if (PQresultStatus (described) == PGRES_COMMAND_OK)
              {
                g_clear_pointer (&described, PQclear);
                described = PQdescribePrepared (sql->conn, "");
                if (PQresultStatus (described) == PGRES_COMMAND_OK)
                  for (int j = 0; j < self->n_params && j < PQnparams (described); j++)
                    types[j] = PQparamtype (described, j);
              }
            g_clear_pointer (&savepoint, PQclear);
            savepoint = PQexec (sql->conn, PQresultStatus (described) == PGRES_COMMAND_OK
                                             ? "RELEASE SAVEPOINT vigil_describe"
                                             : "ROLLBACK TO SAVEPOINT vigil_describe");
            for (int j = 0; j < self->n_params; j++)
              if (types[j] == 0)
                types[j] = TEXTOID;
            break;
          }
      res = PQexecParams (sql->conn, declare, self->n_params, types, self->values, NULL, NULL,
                          0);
      if (PQresultStatus (res) != PGRES_COMMAND_OK)
        return g_steal_pointer (&res);
      self->cursor = g_steal_pointer (&name);
      self->cursor_exhausted = FALSE;
      return fetch_batch (self);
    }

  if (!self->persistent)
    return PQexecParams (sql->conn, self->text, self->n_params, self->types, self->values,
                         NULL, NULL, 0);

  /* A statement prepared on a session that has since ended is gone with it */
  if (self->prepared_name != NULL && self->prepared_generation != sql->generation)
    g_clear_pointer (&self->prepared_name, g_free);
  if (self->prepared_name == NULL || !same_types (self->types, self->prepared_types, self->n_params))
    {
      g_autofree char *name = g_strdup_printf ("vigil_s%u", ++sql->n_statements);
      g_autoptr(PGresult) res = NULL;

      if (self->prepared_name != NULL)
        {
          g_ptr_array_add (sql->stale_statements, g_steal_pointer (&self->prepared_name));
          flush_stale_statements (sql);
        }
      res = PQprepare (sql->conn, name, self->text, self->n_params, self->types);
      if (PQresultStatus (res) != PGRES_COMMAND_OK)
        return g_steal_pointer (&res);
      self->prepared_name = g_steal_pointer (&name);
      self->prepared_generation = sql->generation;
      g_free (self->prepared_types);
      self->prepared_types = g_memdup2 (self->types, MAX (self->n_params, 1) * sizeof (Oid));
    }
  return PQexecPrepared (sql->conn, self->prepared_name, self->n_params, self->values,
                         NULL, NULL, 0);
}

static int
step_result (PgStmt *self)
{
  PgSql *sql = PG (self->parent.sql);

  self->row++;
  if (self->row < PQntuples (self->result))
    return VIGIL_SQL_ROW;
  if (self->cursor == NULL)
    return VIGIL_SQL_DONE;

  if (!self->cursor_exhausted && PQntuples (self->result) == FETCH_BATCH)
    {
      if (sql->cancellable != NULL && g_cancellable_is_cancelled (sql->cancellable))
        {
          set_error (sql, VIGIL_SQL_INTERRUPT, "interrupted");
          return VIGIL_SQL_INTERRUPT;
        }
      PQclear (self->result);
      self->result = fetch_batch (self);
      if (PQresultStatus (self->result) != PGRES_TUPLES_OK)
        return set_error_from_result (sql, self->result);
      self->row = 0;
      if (PQntuples (self->result) > 0)
        return VIGIL_SQL_ROW;
    }
  self->cursor_exhausted = TRUE;
  close_cursor (self);
  return VIGIL_SQL_DONE;
}

static int
postgres_step (VigilSqlStmt *stmt)
{
  PgStmt *self = PGSTMT (stmt);
  PgSql *sql = PG (stmt->sql);
  int rc;

  if (self->executed)
    {
      if (self->last_rc == VIGIL_SQL_ROW)
        self->last_rc = step_result (self);
      return self->last_rc;
    }

  self->executed = TRUE;
  self->row = -1;
  if (sql->cancellable != NULL && g_cancellable_is_cancelled (sql->cancellable))
    {
      set_error (sql, VIGIL_SQL_INTERRUPT, "interrupted");
      return self->last_rc = VIGIL_SQL_INTERRUPT;
    }
  rc = begin_command (sql);
  if (rc != VIGIL_SQL_OK)
    return self->last_rc = rc;

  flush_stale_statements (sql);
  g_clear_pointer (&self->result, PQclear);
  self->result = execute (self);
  switch (PQresultStatus (self->result))
    {
    case PGRES_TUPLES_OK:
      if (self->cursor == NULL)
        record_changes (sql, self->result);
      set_ok (sql);
      return self->last_rc = step_result (self);
    case PGRES_COMMAND_OK:
    case PGRES_EMPTY_QUERY:
      record_changes (sql, self->result);
      set_ok (sql);
      return self->last_rc = VIGIL_SQL_DONE;
    default:
      return self->last_rc = set_error_from_result (sql, self->result);
    }
}

static int
postgres_reset (VigilSqlStmt *stmt)
{
  PgStmt *self = PGSTMT (stmt);
  int rc = self->last_rc;

  close_cursor (self);
  g_clear_pointer (&self->result, PQclear);
  self->executed = FALSE;
  self->row = -1;
  self->last_rc = VIGIL_SQL_OK;
  /* As sqlite3_reset(): the error of the last step, if any */
  return rc == VIGIL_SQL_ROW || rc == VIGIL_SQL_DONE ? VIGIL_SQL_OK : rc;
}

static void
set_param (PgStmt     *self,
           int         index,
           Oid         type,
           const char *value,
           char       *owned)
{
  g_free (self->owned[index - 1]);
  self->owned[index - 1] = owned;
  self->values[index - 1] = value;
  /* The server cannot infer the type of a parameter the text never uses (a statement made
   * for several cases binds them all): call it text */
  self->types[index - 1] = type == 0 && !self->used[index - 1] ? TEXTOID : type;
}

static void
postgres_clear_bindings (VigilSqlStmt *stmt)
{
  PgStmt *self = PGSTMT (stmt);

  for (int i = 1; i <= self->n_params; i++)
    set_param (self, i, 0, NULL, NULL);
}

static void
postgres_finalize (VigilSqlStmt *stmt)
{
  PgStmt *self = PGSTMT (stmt);
  PgSql *sql = PG (stmt->sql);

  close_cursor (self);
  g_clear_pointer (&self->result, PQclear);
  g_clear_pointer (&self->described, PQclear);
  if (self->prepared_name != NULL && PQstatus (sql->conn) == CONNECTION_OK &&
      self->prepared_generation == sql->generation)
    {
      g_ptr_array_add (sql->stale_statements, g_steal_pointer (&self->prepared_name));
      flush_stale_statements (sql);
    }
  for (int i = 0; i < self->n_params; i++)
    g_free (self->owned[i]);
  g_free (self->owned);
  g_free (self->values);
  g_free (self->types);
  g_free (self->used);
  g_free (self->prepared_types);
  g_free (self->prepared_name);
  g_free (self->text);
  g_free (self);
}

static gboolean
check_index (PgStmt *self,
             int     index)
{
  if (index >= 1 && index <= self->n_params)
    return TRUE;
  set_error (PG (self->parent.sql), VIGIL_SQL_ERROR, "parameter index out of range");
  return FALSE;
}

static int
postgres_bind_int64 (VigilSqlStmt *stmt,
                     int           index,
                     gint64        value)
{
  PgStmt *self = PGSTMT (stmt);
  char *text;

  if (!check_index (self, index))
    return VIGIL_SQL_ERROR;
  text = g_strdup_printf ("%" G_GINT64_FORMAT, value);
  set_param (self, index, INT8OID, text, text);
  return VIGIL_SQL_OK;
}

static int
postgres_bind_double (VigilSqlStmt *stmt,
                      int           index,
                      double        value)
{
  PgStmt *self = PGSTMT (stmt);
  char *text;

  if (!check_index (self, index))
    return VIGIL_SQL_ERROR;
  if (isnan (value))
    text = g_strdup ("NaN");
  else if (isinf (value))
    text = g_strdup (value > 0 ? "Infinity" : "-Infinity");
  else
    {
      text = g_malloc (G_ASCII_DTOSTR_BUF_SIZE);
      g_ascii_dtostr (text, G_ASCII_DTOSTR_BUF_SIZE, value);
    }
  set_param (self, index, FLOAT8OID, text, text);
  return VIGIL_SQL_OK;
}

static int
postgres_bind_null (VigilSqlStmt *stmt,
                    int           index)
{
  PgStmt *self = PGSTMT (stmt);

  if (!check_index (self, index))
    return VIGIL_SQL_ERROR;
  set_param (self, index, 0, NULL, NULL);
  return VIGIL_SQL_OK;
}

static int
postgres_bind_text (VigilSqlStmt *stmt,
                    int           index,
                    const char   *text,
                    int           len,
                    gboolean      copy)
{
  PgStmt *self = PGSTMT (stmt);
  char *owned = NULL;

  if (!check_index (self, index))
    return VIGIL_SQL_ERROR;
  if (text == NULL)
    return postgres_bind_null (stmt, index);
  /* Text parameters go to libpq NUL-terminated, so a length needs a copy */
  if (len >= 0)
    owned = g_strndup (text, len);
  else if (copy)
    owned = g_strdup (text);
  set_param (self, index, 0, owned != NULL ? owned : text, owned);
  return VIGIL_SQL_OK;
}

static gboolean
has_value (PgStmt *self,
           int     column)
{
  return self->result != NULL && self->row >= 0 && self->row < PQntuples (self->result) &&
         column >= 0 && column < PQnfields (self->result);
}

static int
postgres_column_count (VigilSqlStmt *stmt)
{
  PgStmt *self = PGSTMT (stmt);
  PgSql *sql = PG (stmt->sql);
  PGresult *described;

  if (self->result != NULL)
    self->n_columns = PQnfields (self->result);
  if (self->n_columns >= 0)
    return self->n_columns;

  /* Before the first step, as SQLite can: the server describes the statement unnamed, which
   * the next statement run replaces. */
  if (begin_command (sql) != VIGIL_SQL_OK)
    return 0;
  described = PQprepare (sql->conn, "", self->text, self->n_params, NULL);
  if (PQresultStatus (described) == PGRES_COMMAND_OK)
    {
      PQclear (described);
      described = PQdescribePrepared (sql->conn, "");
      if (PQresultStatus (described) == PGRES_COMMAND_OK)
        {
          self->n_columns = PQnfields (described);
          g_clear_pointer (&self->described, PQclear);
          self->described = g_steal_pointer (&described);
        }
    }
  g_clear_pointer (&described, PQclear);
  return MAX (self->n_columns, 0);
}

static const char *
postgres_column_name (VigilSqlStmt *stmt,
                      int           column)
{
  PgStmt *self = PGSTMT (stmt);

  if (self->result != NULL && column < PQnfields (self->result))
    return PQfname (self->result, column);
  if (column >= postgres_column_count (stmt) || self->described == NULL)
    return NULL;
  return PQfname (self->described, column);
}

static VigilSqlType
postgres_column_type (VigilSqlStmt *stmt,
                      int           column)
{
  PgStmt *self = PGSTMT (stmt);

  if (!has_value (self, column) || PQgetisnull (self->result, self->row, column))
    return VIGIL_SQL_NULL;
  switch (PQftype (self->result, column))
    {
    case INT2OID:
    case INT4OID:
    case INT8OID:
    case OIDOID:
    case BOOLOID:
      return VIGIL_SQL_INTEGER;
    case FLOAT4OID:
    case FLOAT8OID:
      return VIGIL_SQL_FLOAT;
    case NUMERICOID:
      return strpbrk (PQgetvalue (self->result, self->row, column), ".eENI") != NULL
        ? VIGIL_SQL_FLOAT : VIGIL_SQL_INTEGER;
    case BYTEAOID:
      return VIGIL_SQL_BLOB;
    default:
      return VIGIL_SQL_TEXT;
    }
}

static gint64
postgres_column_int64 (VigilSqlStmt *stmt,
                       int           column)
{
  PgStmt *self = PGSTMT (stmt);
  const char *text;

  if (!has_value (self, column) || PQgetisnull (self->result, self->row, column))
    return 0;
  text = PQgetvalue (self->result, self->row, column);
  if (PQftype (self->result, column) == BOOLOID)
    return text[0] == 't';
  if (strpbrk (text, ".eE") != NULL)
    return (gint64) g_ascii_strtod (text, NULL);
  return g_ascii_strtoll (text, NULL, 10);
}

static double
postgres_column_double (VigilSqlStmt *stmt,
                        int           column)
{
  PgStmt *self = PGSTMT (stmt);
  const char *text;

  if (!has_value (self, column) || PQgetisnull (self->result, self->row, column))
    return 0.0;
  text = PQgetvalue (self->result, self->row, column);
  if (PQftype (self->result, column) == BOOLOID)
    return text[0] == 't';
  return g_ascii_strtod (text, NULL);
}

static const char *
postgres_column_text (VigilSqlStmt *stmt,
                      int           column)
{
  PgStmt *self = PGSTMT (stmt);

  if (!has_value (self, column) || PQgetisnull (self->result, self->row, column))
    return NULL;
  return PQgetvalue (self->result, self->row, column);
}

static int
postgres_column_bytes (VigilSqlStmt *stmt,
                       int           column)
{
  PgStmt *self = PGSTMT (stmt);

  if (!has_value (self, column))
    return 0;
  return PQgetlength (self->result, self->row, column);
}

static const VigilSqlBackend postgres_backend = {
  .engine = VIGIL_SQL_POSTGRESQL,
  .close = postgres_close,
  .exec = postgres_exec,
  .prepare = postgres_prepare,
  .errcode = postgres_errcode,
  .errmsg = postgres_errmsg,
  .changes = postgres_changes,
  .last_insert_id = postgres_last_insert_id,
  .in_transaction = postgres_in_transaction,
  .set_busy_timeout = postgres_set_busy_timeout,
  .interrupt = postgres_interrupt,
  .set_cancellable = postgres_set_cancellable,
  .listen = postgres_listen,
  .wait_notification = postgres_wait_notification,
  .session = postgres_session,
  .copy_in = postgres_copy_in,
  .step = postgres_step,
  .reset = postgres_reset,
  .clear_bindings = postgres_clear_bindings,
  .finalize = postgres_finalize,
  .bind_int64 = postgres_bind_int64,
  .bind_double = postgres_bind_double,
  .bind_null = postgres_bind_null,
  .bind_text = postgres_bind_text,
  .column_count = postgres_column_count,
  .column_type = postgres_column_type,
  .column_int64 = postgres_column_int64,
  .column_double = postgres_column_double,
  .column_text = postgres_column_text,
  .column_bytes = postgres_column_bytes,
  .column_name = postgres_column_name,
};
