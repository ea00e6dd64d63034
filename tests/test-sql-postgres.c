/* test-sql-postgres.c: VigilSql on a PostgreSQL server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Needs VIGIL_TEST_POSTGRES, a libpq URI of a superuser, e.g.
 * postgresql:///postgres?host=/run/postgresql&user=postgres. Each test creates its own
 * database and drops it at the end. For the wrong-password case, pg_hba.conf must require
 * scram-sha-256 of the role vigil_test_pw (local all vigil_test_pw scram-sha-256); on a
 * cluster that trusts it, only the other open errors are checked.
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <unistd.h>

#include "vigil-sql.h"
#include "vigil-sql-stmt.h"

typedef struct
{
  char      *admin_uri;
  char      *name;
  char      *uri;
  VigilSql  *sql;
  GPtrArray *roles;
} Fixture;

static char *
uri_with (const char *uri,
          const char *key,
          const char *value)
{
  return g_strdup_printf ("%s%c%s=%s", uri, strchr (uri, '?') != NULL ? '&' : '?', key, value);
}

static void
admin_exec (Fixture    *fixture,
            const char *text)
{
  g_autoptr(VigilSql) admin = NULL;
  int rc;

  rc = vigil_sql_open (fixture->admin_uri, 0, &admin);
  g_assert_cmpstr (vigil_sql_errmsg (admin), ==, "not an error");
  g_assert_cmpint (rc, ==, VIGIL_SQL_OK);
  rc = vigil_sql_exec (admin, text);
  if (rc != VIGIL_SQL_OK)
    g_error ("%s: %s", text, vigil_sql_errmsg (admin));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static int counter;
  g_autofree char *create = NULL;
  int rc;

  fixture->admin_uri = g_strdup (g_getenv ("VIGIL_TEST_POSTGRES"));
  fixture->roles = g_ptr_array_new_with_free_func (g_free);
  if (fixture->admin_uri == NULL || *fixture->admin_uri == '\0')
    {
      g_test_fail_printf ("VIGIL_TEST_POSTGRES is not set: set it to the libpq URI of a "
                          "PostgreSQL superuser, e.g. postgresql:///postgres?host=/run/postgresql");
      return;
    }
  fixture->name = g_strdup_printf ("vigil_test_%d_%d", (int) getpid (), ++counter);
  create = g_strdup_printf ("CREATE DATABASE %s", fixture->name);
  admin_exec (fixture, create);
  fixture->uri = uri_with (fixture->admin_uri, "dbname", fixture->name);
  rc = vigil_sql_open (fixture->uri, 0, &fixture->sql);
  g_assert_cmpint (rc, ==, VIGIL_SQL_OK);
  g_assert_cmpint (vigil_sql_get_engine (fixture->sql), ==, VIGIL_SQL_POSTGRESQL);
  /* Every connection searches the schema Vigil's tables live in */
  g_assert_cmpint (vigil_sql_exec (fixture->sql, "CREATE SCHEMA main; "
                                   "GRANT USAGE ON SCHEMA main TO PUBLIC"), ==, VIGIL_SQL_OK);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->sql, vigil_sql_close);
  if (fixture->name != NULL)
    {
      g_autofree char *drop = g_strdup_printf ("DROP DATABASE %s WITH (FORCE)", fixture->name);

      admin_exec (fixture, drop);
    }
  for (guint i = 0; i < fixture->roles->len; i++)
    {
      g_autofree char *drop =
        g_strdup_printf ("DROP ROLE %s", (char *) g_ptr_array_index (fixture->roles, i));

      admin_exec (fixture, drop);
    }
  g_ptr_array_unref (fixture->roles);
  g_free (fixture->uri);
  g_free (fixture->name);
  g_free (fixture->admin_uri);
}

/* A role of the whole cluster, dropped at the end */
static const char *
fixture_add_role (Fixture    *fixture,
                  const char *name,
                  const char *options)
{
  char *role = g_strdup (name);
  g_autofree char *create = g_strdup_printf ("CREATE ROLE %s %s", role, options);

  admin_exec (fixture, create);
  g_ptr_array_add (fixture->roles, role);
  return role;
}

static void
exec_ok (VigilSql   *sql,
         const char *text)
{
  int rc = vigil_sql_exec (sql, text);

  if (rc != VIGIL_SQL_OK)
    g_error ("%s: %s", text, vigil_sql_errmsg (sql));
}

static VigilSqlStmt *
prepare_ok (VigilSql   *sql,
            const char *text)
{
  VigilSqlStmt *stmt = NULL;

  g_assert_cmpint (vigil_sql_prepare (sql, text, &stmt), ==, VIGIL_SQL_OK);
  return stmt;
}

static gint64
query_int64 (VigilSql   *sql,
             const char *text)
{
  g_autoptr(VigilSqlStmt) stmt = prepare_ok (sql, text);
  int rc = vigil_sql_step (stmt);

  if (rc != VIGIL_SQL_ROW)
    g_error ("%s: %s", text, vigil_sql_errmsg (sql));
  return vigil_sql_column_int64 (stmt, 0);
}

static void
test_placeholders (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  g_autoptr(VigilSqlStmt) numbered = NULL;

  if (g_test_failed ())
    return;

  stmt = prepare_ok (fixture->sql,
                     "SELECT '?''?' AS \"a?b\", ? -- a ? in a comment\n"
                     ", /* and ? /* nested ? */ here */ ?, $$?$$, E'\\'?'");
  g_assert_cmpint (vigil_sql_bind_int64 (stmt, 1, 10), ==, VIGIL_SQL_OK);
  g_assert_cmpint (vigil_sql_bind_int64 (stmt, 2, 20), ==, VIGIL_SQL_OK);
  g_assert_cmpint (vigil_sql_bind_int64 (stmt, 3, 30), ==, VIGIL_SQL_ERROR);
  g_assert_cmpint (vigil_sql_step (stmt), ==, VIGIL_SQL_ROW);
  g_assert_cmpint (vigil_sql_column_count (stmt), ==, 5);
  g_assert_cmpstr (vigil_sql_column_text (stmt, 0), ==, "?'?");
  g_assert_cmpint (vigil_sql_column_int64 (stmt, 1), ==, 10);
  g_assert_cmpint (vigil_sql_column_int64 (stmt, 2), ==, 20);
  g_assert_cmpstr (vigil_sql_column_text (stmt, 3), ==, "?");
  g_assert_cmpstr (vigil_sql_column_text (stmt, 4), ==, "'?");
  g_assert_cmpint (vigil_sql_step (stmt), ==, VIGIL_SQL_DONE);

  numbered = prepare_ok (fixture->sql, "SELECT ?1 + 1, ?1 * 2, ?2");
  vigil_sql_bind_int64 (numbered, 1, 5);
  vigil_sql_bind_text (numbered, 2, "two", -1);
  g_assert_cmpint (vigil_sql_step (numbered), ==, VIGIL_SQL_ROW);
  g_assert_cmpint (vigil_sql_column_int64 (numbered, 0), ==, 6);
  g_assert_cmpint (vigil_sql_column_int64 (numbered, 1), ==, 10);
  g_assert_cmpstr (vigil_sql_column_text (numbered, 2), ==, "two");

  /* A reset statement runs again with its bindings */
  g_assert_cmpint (vigil_sql_reset (numbered), ==, VIGIL_SQL_OK);
  vigil_sql_bind_int64 (numbered, 1, 7);
  g_assert_cmpint (vigil_sql_step (numbered), ==, VIGIL_SQL_ROW);
  g_assert_cmpint (vigil_sql_column_int64 (numbered, 1), ==, 14);
  g_assert_cmpstr (vigil_sql_column_text (numbered, 2), ==, "two");
}

static void
test_integers (Fixture       *fixture,
               gconstpointer  data)
{
  static const gint64 values[] = { G_MININT64, -1, 0, 1, G_MAXINT64 };
  g_autoptr(VigilSqlStmt) insert = NULL;
  g_autoptr(VigilSqlStmt) select = NULL;

  if (g_test_failed ())
    return;

  exec_ok (fixture->sql, "CREATE TABLE t (n bigint, i integer, b boolean)");
  g_assert_cmpint (vigil_sql_prepare_persistent (fixture->sql,
                                                 "INSERT INTO t VALUES (?, 3, ? > 0)", &insert),
                   ==, VIGIL_SQL_OK);
  for (gsize i = 0; i < G_N_ELEMENTS (values); i++)
    {
      vigil_sql_bind_int64 (insert, 1, values[i]);
      vigil_sql_bind_int64 (insert, 2, values[i]);
      g_assert_cmpint (vigil_sql_step (insert), ==, VIGIL_SQL_DONE);
      g_assert_cmpint (vigil_sql_changes (fixture->sql), ==, 1);
      vigil_sql_reset (insert);
    }

  select = prepare_ok (fixture->sql, "SELECT n, i, b FROM t ORDER BY n");
  for (gsize i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_assert_cmpint (vigil_sql_step (select), ==, VIGIL_SQL_ROW);
      g_assert_cmpint (vigil_sql_column_type (select, 0), ==, VIGIL_SQL_INTEGER);
      g_assert_cmpint (vigil_sql_column_int64 (select, 0), ==, values[i]);
      g_assert_cmpint (vigil_sql_column_int (select, 1), ==, 3);
      g_assert_cmpint (vigil_sql_column_type (select, 2), ==, VIGIL_SQL_INTEGER);
      g_assert_cmpint (vigil_sql_column_int64 (select, 2), ==, values[i] > 0);
    }
  g_assert_cmpint (vigil_sql_step (select), ==, VIGIL_SQL_DONE);
}

static void
test_doubles (Fixture       *fixture,
              gconstpointer  data)
{
  const double values[] = { 0.1, 1 / 3.0, 1e-300, 5e-324, -0.0, 1.7976931348623157e308,
                            -2.5, INFINITY, -INFINITY };
  g_autoptr(VigilSqlStmt) insert = NULL;
  g_autoptr(VigilSqlStmt) select = NULL;
  g_autoptr(VigilSqlStmt) computed = NULL;
  double third = 1 / 3.0;

  if (g_test_failed ())
    return;

  exec_ok (fixture->sql, "CREATE TABLE t (k integer, x double precision)");
  insert = prepare_ok (fixture->sql, "INSERT INTO t VALUES (?, ?)");
  for (gsize i = 0; i < G_N_ELEMENTS (values); i++)
    {
      vigil_sql_bind_int64 (insert, 1, i);
      vigil_sql_bind_double (insert, 2, values[i]);
      g_assert_cmpint (vigil_sql_step (insert), ==, VIGIL_SQL_DONE);
      vigil_sql_reset (insert);
    }
  vigil_sql_bind_int64 (insert, 1, 100);
  vigil_sql_bind_double (insert, 2, NAN);
  g_assert_cmpint (vigil_sql_step (insert), ==, VIGIL_SQL_DONE);

  select = prepare_ok (fixture->sql, "SELECT x FROM t ORDER BY k");
  for (gsize i = 0; i < G_N_ELEMENTS (values); i++)
    {
      double back;

      g_assert_cmpint (vigil_sql_step (select), ==, VIGIL_SQL_ROW);
      g_assert_cmpint (vigil_sql_column_type (select, 0), ==, VIGIL_SQL_FLOAT);
      back = vigil_sql_column_double (select, 0);
      /* Bit for bit: -0.0 comes back as -0.0 ("-0" on the wire), not 0.0 */
      g_assert_true (memcmp (&back, &values[i], sizeof back) == 0);
    }
  g_assert_cmpint (vigil_sql_step (select), ==, VIGIL_SQL_ROW);
  g_assert_cmpstr (vigil_sql_column_text (select, 0), ==, "NaN");
  g_assert_true (isnan (vigil_sql_column_double (select, 0)));
  g_assert_cmpint (vigil_sql_step (select), ==, VIGIL_SQL_DONE);

  /* Computed by the server too */
  computed = prepare_ok (fixture->sql,
                         "SELECT 1 / 3.0::float8, '-0'::float8, 1.50::numeric, 42::numeric");
  g_assert_cmpint (vigil_sql_step (computed), ==, VIGIL_SQL_ROW);
  g_assert_true (vigil_sql_column_double (computed, 0) == third);
  g_assert_true (signbit (vigil_sql_column_double (computed, 1)));
  g_assert_cmpint (vigil_sql_column_type (computed, 2), ==, VIGIL_SQL_FLOAT);
  g_assert_cmpfloat (vigil_sql_column_double (computed, 2), ==, 1.5);
  g_assert_cmpint (vigil_sql_column_type (computed, 3), ==, VIGIL_SQL_INTEGER);
  g_assert_cmpint (vigil_sql_column_int64 (computed, 3), ==, 42);
}

static void
test_null_and_text (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *text = "it's \"quoted\" -- ünïcödé ✓ 🙂 ? /* */";
  g_autofree char *scratch = g_strdup ("abcdef");
  g_autoptr(VigilSqlStmt) insert = NULL;
  g_autoptr(VigilSqlStmt) select = NULL;

  if (g_test_failed ())
    return;

  exec_ok (fixture->sql, "CREATE TABLE t (k integer, s text, n bigint)");
  insert = prepare_ok (fixture->sql, "INSERT INTO t VALUES (?, ?, ?)");
  vigil_sql_bind_int64 (insert, 1, 1);
  vigil_sql_bind_text (insert, 2, text, -1);
  vigil_sql_bind_null (insert, 3);
  g_assert_cmpint (vigil_sql_step (insert), ==, VIGIL_SQL_DONE);
  vigil_sql_reset (insert);
  vigil_sql_bind_int64 (insert, 1, 2);
  vigil_sql_bind_text (insert, 2, NULL, -1);
  vigil_sql_bind_int64 (insert, 3, 9);
  g_assert_cmpint (vigil_sql_step (insert), ==, VIGIL_SQL_DONE);
  vigil_sql_reset (insert);
  /* Cleared bindings are NULL; a length, and a copy that outlives the caller's buffer */
  vigil_sql_clear_bindings (insert);
  vigil_sql_bind_int64 (insert, 1, 3);
  vigil_sql_bind_text_copy (insert, 2, scratch, 3);
  memset (scratch, 'z', 6);
  g_assert_cmpint (vigil_sql_step (insert), ==, VIGIL_SQL_DONE);

  select = prepare_ok (fixture->sql, "SELECT s, n FROM t ORDER BY k");
  g_assert_cmpint (vigil_sql_step (select), ==, VIGIL_SQL_ROW);
  g_assert_cmpint (vigil_sql_column_type (select, 0), ==, VIGIL_SQL_TEXT);
  g_assert_cmpstr (vigil_sql_column_text (select, 0), ==, text);
  g_assert_cmpint (vigil_sql_column_bytes (select, 0), ==, strlen (text));
  g_assert_cmpint (vigil_sql_column_type (select, 1), ==, VIGIL_SQL_NULL);
  g_assert_null (vigil_sql_column_text (select, 1));
  g_assert_cmpint (vigil_sql_column_int64 (select, 1), ==, 0);
  g_assert_true (isnan (vigil_sql_column_double_or_nan (select, 1)));
  g_assert_cmpint (vigil_sql_step (select), ==, VIGIL_SQL_ROW);
  g_assert_cmpint (vigil_sql_column_type (select, 0), ==, VIGIL_SQL_NULL);
  g_assert_null (vigil_sql_column_dup (select, 0));
  g_assert_cmpint (vigil_sql_column_int64 (select, 1), ==, 9);
  g_assert_cmpint (vigil_sql_step (select), ==, VIGIL_SQL_ROW);
  g_assert_cmpstr (vigil_sql_column_text (select, 0), ==, "abc");
  g_assert_cmpint (vigil_sql_column_type (select, 1), ==, VIGIL_SQL_NULL);
  g_assert_cmpint (vigil_sql_step (select), ==, VIGIL_SQL_DONE);
}

#define N_ROWS 20000

static void
iterate_while_inserting (Fixture *fixture)
{
  g_autoptr(VigilSqlStmt) select = NULL;
  g_autoptr(VigilSqlStmt) insert = NULL;
  gint64 expected = 1;
  int rc;

  select = prepare_ok (fixture->sql, "  -- every row\n  select id FROM src ORDER BY id");
  g_assert_cmpint (vigil_sql_prepare_persistent (fixture->sql, "INSERT INTO dst VALUES (?)",
                                                 &insert),
                   ==, VIGIL_SQL_OK);
  while ((rc = vigil_sql_step (select)) == VIGIL_SQL_ROW)
    {
      gint64 id = vigil_sql_column_int64 (select, 0);

      g_assert_cmpint (id, ==, expected++);
      vigil_sql_bind_int64 (insert, 1, id);
      g_assert_cmpint (vigil_sql_step (insert), ==, VIGIL_SQL_DONE);
      vigil_sql_reset (insert);
      if (id == 100 && vigil_sql_in_transaction (fixture->sql))
        /* The outer query is a cursor; this query opens one too */
        g_assert_cmpint (query_int64 (fixture->sql,
                                      "SELECT count(*) FROM pg_cursors WHERE name LIKE 'vigil_c%'"),
                         ==, 2);
    }
  g_assert_cmpint (rc, ==, VIGIL_SQL_DONE);
  g_assert_cmpint (expected, ==, N_ROWS + 1);
  /* DONE stays DONE */
  g_assert_cmpint (vigil_sql_step (select), ==, VIGIL_SQL_DONE);
}

static void
test_streaming (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *fill = NULL;

  if (g_test_failed ())
    return;

  fill = g_strdup_printf ("CREATE TABLE src (id bigint PRIMARY KEY);"
                          "CREATE TABLE dst (id bigint);"
                          "INSERT INTO src SELECT generate_series (1, %d)", N_ROWS);
  exec_ok (fixture->sql, fill);

  exec_ok (fixture->sql, "BEGIN");
  iterate_while_inserting (fixture);
  exec_ok (fixture->sql, "COMMIT");
  g_assert_cmpint (query_int64 (fixture->sql, "SELECT count(*) FROM dst"), ==, N_ROWS);
  g_assert_cmpint (query_int64 (fixture->sql, "SELECT count(DISTINCT id) FROM dst"), ==, N_ROWS);

  /* Outside a transaction: the result is read whole, and the inserts autocommit */
  g_assert_false (vigil_sql_in_transaction (fixture->sql));
  iterate_while_inserting (fixture);
  g_assert_cmpint (query_int64 (fixture->sql, "SELECT count(*) FROM dst"), ==, 2 * N_ROWS);

  /* A cursor left open is closed by reset, and a finished transaction does not mind */
  exec_ok (fixture->sql, "BEGIN");
  {
    g_autoptr(VigilSqlStmt) select = prepare_ok (fixture->sql, "SELECT id FROM src");

    g_assert_cmpint (vigil_sql_step (select), ==, VIGIL_SQL_ROW);
    g_assert_cmpint (vigil_sql_reset (select), ==, VIGIL_SQL_OK);
    g_assert_cmpint (vigil_sql_step (select), ==, VIGIL_SQL_ROW);
    exec_ok (fixture->sql, "COMMIT");
  }
  g_assert_cmpint (query_int64 (fixture->sql,
                                "SELECT count(*) FROM pg_cursors WHERE name LIKE 'vigil_c%'"),
                   ==, 0);
}

static void
test_constraint_errors (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(VigilSqlStmt) insert = NULL;

  if (g_test_failed ())
    return;

  exec_ok (fixture->sql,
           "CREATE TABLE u (id integer PRIMARY KEY);"
           "CREATE TABLE log (id integer);"
           "CREATE FUNCTION refuse () RETURNS trigger LANGUAGE plpgsql AS $$"
           "  BEGIN RAISE EXCEPTION 'the log is append-only'; END $$;"
           "CREATE TRIGGER no_delete BEFORE DELETE ON log FOR EACH ROW EXECUTE FUNCTION refuse ();"
           "INSERT INTO u VALUES (1); INSERT INTO log VALUES (1)");

  insert = prepare_ok (fixture->sql, "INSERT INTO u VALUES (?)");
  vigil_sql_bind_int64 (insert, 1, 1);
  g_assert_cmpint (vigil_sql_step (insert), ==, VIGIL_SQL_CONSTRAINT);
  g_assert_cmpint (vigil_sql_errcode (fixture->sql), ==, VIGIL_SQL_CONSTRAINT);
  g_assert_true (g_str_has_prefix (vigil_sql_errmsg (fixture->sql),
                                   "duplicate key value violates unique constraint \"u_pkey\": "
                                   "Key (id)=(1) already exists."));
  /* As sqlite3_reset(): the error once more, then a clean slate */
  g_assert_cmpint (vigil_sql_reset (insert), ==, VIGIL_SQL_CONSTRAINT);
  vigil_sql_bind_int64 (insert, 1, 2);
  g_assert_cmpint (vigil_sql_step (insert), ==, VIGIL_SQL_DONE);
  g_assert_cmpint (vigil_sql_errcode (fixture->sql), ==, VIGIL_SQL_OK);

  g_assert_cmpint (vigil_sql_exec (fixture->sql, "DELETE FROM log"), ==, VIGIL_SQL_CONSTRAINT);
  g_assert_cmpstr (vigil_sql_errmsg (fixture->sql), ==, "the log is append-only");

  g_assert_cmpint (vigil_sql_exec (fixture->sql, "SELECT * FROM missing"), ==, VIGIL_SQL_ERROR);
  g_assert_cmpstr (vigil_sql_errmsg (fixture->sql), ==, "relation \"missing\" does not exist");
}

static void
test_read_only (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(VigilSql) reader = NULL;

  if (g_test_failed ())
    return;

  exec_ok (fixture->sql, "CREATE TABLE t (x integer)");
  g_assert_cmpint (vigil_sql_open (fixture->uri, VIGIL_SQL_OPEN_READ_ONLY, &reader),
                   ==, VIGIL_SQL_OK);
  g_assert_cmpint (query_int64 (reader, "SELECT count(*) FROM t"), ==, 0);
  g_assert_cmpint (vigil_sql_exec (reader, "INSERT INTO t VALUES (1)"), ==, VIGIL_SQL_READONLY);
  g_assert_cmpint (vigil_sql_errcode (reader), ==, VIGIL_SQL_READONLY);
}

static void
test_permission (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *set_role = NULL;

  if (g_test_failed ())
    return;

  set_role = g_strdup_printf ("SET ROLE %s",
                              fixture_add_role (fixture, "vigil_test_plain", ""));

  exec_ok (fixture->sql, "CREATE TABLE secret (x integer)");
  exec_ok (fixture->sql, set_role);
  g_assert_cmpint (vigil_sql_exec (fixture->sql, "SELECT * FROM secret"), ==, VIGIL_SQL_PERM);
  g_assert_cmpstr (vigil_sql_errmsg (fixture->sql), ==, "permission denied for table secret");
  exec_ok (fixture->sql, "RESET ROLE");
}

static int
open_fails (const char *uri,
            char      **out_message)
{
  g_autoptr(VigilSql) sql = NULL;
  int rc = vigil_sql_open (uri, 0, &sql);

  g_assert_nonnull (sql);
  g_assert_false (g_str_has_suffix (vigil_sql_errmsg (sql), "\n"));
  g_assert_cmpstr (vigil_sql_errmsg (sql), !=, "");
  g_assert_cmpint (vigil_sql_errcode (sql), ==, rc);
  *out_message = g_strdup (vigil_sql_errmsg (sql));
  return rc;
}

static void
test_open_errors (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *role = NULL;
  g_autofree char *unknown_db = NULL;
  g_autofree char *with_role = NULL;
  g_autofree char *wrong = NULL;
  g_autofree char *right = NULL;
  g_autofree char *message = NULL;
  g_autoptr(VigilSql) right_sql = NULL;
  int rc;

  if (g_test_failed ())
    return;

  /* pg_hba.conf must ask this role for a password (scram-sha-256) for the AUTH case */
  role = fixture_add_role (fixture, "vigil_test_pw", "LOGIN PASSWORD 'right'");
  with_role = uri_with (fixture->uri, "user", role);
  wrong = uri_with (with_role, "password", "wrong");
  rc = open_fails (wrong, &message);
  if (rc == VIGIL_SQL_OK)
    g_test_message ("the cluster trusts %s, so a wrong password cannot be refused: add "
                    "\"local all %s scram-sha-256\" to pg_hba.conf to test it", role, role);
  else
    {
      g_assert_cmpint (rc, ==, VIGIL_SQL_AUTH);
      g_assert_nonnull (strstr (message, "password authentication failed"));
    }
  g_clear_pointer (&message, g_free);

  right = uri_with (with_role, "password", "right");
  g_assert_cmpint (vigil_sql_open (right, 0, &right_sql), ==, VIGIL_SQL_OK);

  unknown_db = uri_with (fixture->admin_uri, "dbname", "vigil_no_such_database");
  g_assert_cmpint (open_fails (unknown_db, &message), ==, VIGIL_SQL_CANTOPEN);
  g_assert_nonnull (strstr (message, "does not exist"));
  g_clear_pointer (&message, g_free);

  g_assert_cmpint (open_fails ("postgresql:///postgres?host=/nonexistent/vigil-socket-dir",
                               &message), ==, VIGIL_SQL_CONNECTION);
  g_assert_nonnull (strstr (message, "No such file or directory"));
  g_clear_pointer (&message, g_free);

  g_assert_cmpint (open_fails ("postgresql://127.0.0.1:1/postgres?connect_timeout=5",
                               &message), ==, VIGIL_SQL_CONNECTION);
  g_clear_pointer (&message, g_free);
}

static void
test_changes_and_ids (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(VigilSqlStmt) update = NULL;

  if (g_test_failed ())
    return;

  exec_ok (fixture->sql,
           "CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, x integer)");

  /* No sequence used yet: 0, and the transaction goes on */
  exec_ok (fixture->sql, "BEGIN");
  g_assert_cmpint (vigil_sql_last_insert_id (fixture->sql), ==, 0);
  exec_ok (fixture->sql, "INSERT INTO t (x) VALUES (1), (2), (3), (4)");
  g_assert_cmpint (vigil_sql_changes (fixture->sql), ==, 4);
  g_assert_cmpint (vigil_sql_last_insert_id (fixture->sql), ==, 4);
  exec_ok (fixture->sql, "COMMIT");

  update = prepare_ok (fixture->sql, "UPDATE t SET x = x + 10 WHERE x < ?");
  vigil_sql_bind_int64 (update, 1, 4);
  g_assert_cmpint (vigil_sql_step (update), ==, VIGIL_SQL_DONE);
  g_assert_cmpint (vigil_sql_changes (fixture->sql), ==, 3);

  /* last_insert_id() leaves the error and the change count a caller reads next alone */
  g_assert_cmpint (vigil_sql_exec (fixture->sql, "SELECT nonsense"), ==, VIGIL_SQL_ERROR);
  g_assert_cmpint (vigil_sql_last_insert_id (fixture->sql), ==, 4);
  g_assert_cmpint (vigil_sql_errcode (fixture->sql), ==, VIGIL_SQL_ERROR);
  g_assert_cmpstr (vigil_sql_errmsg (fixture->sql), ==, "column \"nonsense\" does not exist");
  g_assert_cmpint (vigil_sql_changes (fixture->sql), ==, 3);
}

static void
test_begin_immediate (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(VigilSqlStmt) begin = NULL;

  if (g_test_failed ())
    return;

  g_assert_false (vigil_sql_in_transaction (fixture->sql));
  exec_ok (fixture->sql, "BEGIN IMMEDIATE; CREATE TABLE t (x integer)");
  g_assert_true (vigil_sql_in_transaction (fixture->sql));
  exec_ok (fixture->sql, "COMMIT");
  g_assert_false (vigil_sql_in_transaction (fixture->sql));

  begin = prepare_ok (fixture->sql, "/* SQLite */ begin exclusive transaction");
  g_assert_cmpint (vigil_sql_step (begin), ==, VIGIL_SQL_DONE);
  g_assert_true (vigil_sql_in_transaction (fixture->sql));
  exec_ok (fixture->sql, "ROLLBACK; Begin Deferred");
  g_assert_true (vigil_sql_in_transaction (fixture->sql));
  exec_ok (fixture->sql, "ROLLBACK");

  /* A failed statement leaves the transaction failed but still open */
  exec_ok (fixture->sql, "BEGIN");
  g_assert_cmpint (vigil_sql_exec (fixture->sql, "SELECT 1/0"), ==, VIGIL_SQL_ERROR);
  g_assert_true (vigil_sql_in_transaction (fixture->sql));
  exec_ok (fixture->sql, "ROLLBACK");
}

/* SQLite's index hint is left out; a column or a string of that name is not */
static void
test_indexed_by (Fixture       *fixture,
                 gconstpointer  data)
{
  if (g_test_failed ())
    return;

  exec_ok (fixture->sql, "CREATE TABLE t (indexed integer, x text); "
           "CREATE INDEX t_x ON t (x) WHERE x IS NOT NULL; "
           "INSERT INTO t VALUES (1, 'INDEXED BY t_x'), (2, NULL)");
  g_assert_cmpint (query_int64 (fixture->sql, "SELECT count(*) FROM t INDEXED BY t_x "
                                "WHERE x IS NOT NULL"), ==, 1);
  g_assert_cmpint (query_int64 (fixture->sql, "SELECT sum(indexed) FROM t indexed  by\nt_x"),
                   ==, 3);
  g_assert_cmpint (query_int64 (fixture->sql, "SELECT indexed FROM t WHERE x = 'INDEXED BY t_x'"),
                   ==, 1);
}

/* COPY … FROM STDIN, in the server's text format */
static void
test_copy_in (Fixture       *fixture,
              gconstpointer  data)
{
  const char *lines = "1\tone\n2\t\\N\n3\ttab\\there\n";

  if (g_test_failed ())
    return;

  exec_ok (fixture->sql, "CREATE TABLE t (id bigint PRIMARY KEY, x text)");
  g_assert_cmpint (vigil_sql_copy_in (fixture->sql, "COPY t (id, x) FROM STDIN", lines,
                                      strlen (lines)), ==, VIGIL_SQL_OK);
  g_assert_cmpint (query_int64 (fixture->sql, "SELECT count(*) FROM t"), ==, 3);
  g_assert_cmpint (query_int64 (fixture->sql, "SELECT count(*) FROM t WHERE x IS NULL"), ==, 1);
  g_assert_cmpint (query_int64 (fixture->sql, "SELECT count(*) FROM t WHERE x = 'tab' || "
                                "chr(9) || 'here'"), ==, 1);
  /* A row the table refuses fails the whole COPY, and the session goes on */
  lines = "4\tfour\n1\tagain\n";
  g_assert_cmpint (vigil_sql_copy_in (fixture->sql, "COPY t (id, x) FROM STDIN", lines,
                                      strlen (lines)), ==, VIGIL_SQL_CONSTRAINT);
  g_assert_cmpint (query_int64 (fixture->sql, "SELECT count(*) FROM t"), ==, 3);
}

typedef struct
{
  const char   *uri;
  const char   *query;
  GCancellable *cancellable;
  VigilSql     *sql;
  GMutex        lock;
  GCond         opened;
  int           rc;
} Sleeper;

static gpointer
sleeper_run (gpointer data)
{
  Sleeper *sleeper = data;
  g_autoptr(VigilSqlStmt) stmt = NULL;

  g_mutex_lock (&sleeper->lock);
  g_assert_cmpint (vigil_sql_open (sleeper->uri, 0, &sleeper->sql), ==, VIGIL_SQL_OK);
  if (sleeper->cancellable != NULL)
    vigil_sql_set_cancellable (sleeper->sql, sleeper->cancellable);
  g_cond_signal (&sleeper->opened);
  g_mutex_unlock (&sleeper->lock);

  stmt = prepare_ok (sleeper->sql, sleeper->query);
  sleeper->rc = vigil_sql_step (stmt);
  return NULL;
}

static void
run_and_stop (Fixture      *fixture,
              GCancellable *cancellable)
{
  Sleeper sleeper = { fixture->uri, "SELECT pg_sleep(30)", cancellable, NULL };
  g_autoptr(GThread) thread = NULL;
  g_autoptr(VigilSqlStmt) active = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();

  g_mutex_init (&sleeper.lock);
  g_cond_init (&sleeper.opened);
  g_mutex_lock (&sleeper.lock);
  thread = g_thread_new ("sleeper", sleeper_run, &sleeper);
  while (sleeper.sql == NULL)
    g_cond_wait (&sleeper.opened, &sleeper.lock);
  g_mutex_unlock (&sleeper.lock);

  active = prepare_ok (fixture->sql,
                       "SELECT count(*) FROM pg_stat_activity "
                       "WHERE datname = current_database () AND state = 'active' AND query = ?");
  vigil_sql_bind_text (active, 1, sleeper.query, -1);
  for (;;)
    {
      g_assert_cmpint (vigil_sql_step (active), ==, VIGIL_SQL_ROW);
      if (vigil_sql_column_int64 (active, 0) == 1)
        break;
      vigil_sql_reset (active);
      g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 20);
      g_thread_yield ();
    }

  if (cancellable != NULL)
    g_cancellable_cancel (cancellable);
  else
    vigil_sql_interrupt (sleeper.sql);
  g_thread_join (g_steal_pointer (&thread));

  g_assert_cmpint (sleeper.rc, ==, VIGIL_SQL_INTERRUPT);
  g_assert_cmpint (vigil_sql_errcode (sleeper.sql), ==, VIGIL_SQL_INTERRUPT);
  g_assert_cmpstr (vigil_sql_errmsg (sleeper.sql), ==, "canceling statement due to user request");
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 20);

  /* The connection is still good */
  vigil_sql_set_cancellable (sleeper.sql, NULL);
  g_assert_cmpint (query_int64 (sleeper.sql, "SELECT 7"), ==, 7);
  vigil_sql_close (sleeper.sql);
  g_mutex_clear (&sleeper.lock);
  g_cond_clear (&sleeper.opened);
}

static void
test_interrupt (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  if (g_test_failed ())
    return;

  run_and_stop (fixture, NULL);
  run_and_stop (fixture, cancellable);
}

static void
test_lost_connection (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(VigilSql) victim = NULL;
  g_autoptr(VigilSqlStmt) stmt = NULL;
  gint64 pid;
  g_autofree char *kill = NULL;
  int rc;

  if (g_test_failed ())
    return;

  g_assert_cmpint (vigil_sql_open (fixture->uri, 0, &victim), ==, VIGIL_SQL_OK);
  pid = query_int64 (victim, "SELECT pg_backend_pid ()");
  kill = g_strdup_printf ("SELECT pg_terminate_backend (%" G_GINT64_FORMAT ", 10000)", pid);
  g_assert_cmpint (query_int64 (fixture->sql, kill), ==, 1);

  /* The command sent to the ended session fails, and says why */
  rc = vigil_sql_exec (victim, "SELECT 1");
  g_assert_cmpint (rc, ==, VIGIL_SQL_CONNECTION);
  g_assert_true (g_str_has_prefix (vigil_sql_errmsg (victim),
                                   "lost the connection to the database server"));
  g_assert_cmpint (vigil_sql_last_insert_id (victim), ==, 0);
  g_assert_false (vigil_sql_in_transaction (victim));

  /* The next one opens a new session, with the settings every session gets */
  stmt = prepare_ok (victim, "SELECT ?");
  vigil_sql_bind_int64 (stmt, 1, 7);
  g_assert_cmpint (vigil_sql_step (stmt), ==, VIGIL_SQL_ROW);
  g_assert_cmpint (vigil_sql_column_int64 (stmt, 0), ==, 7);
  g_assert_cmpint (query_int64 (victim, "SELECT pg_backend_pid ()"), !=, pid);
  g_assert_cmpint (query_int64 (victim, "SELECT count(*) FROM pg_settings WHERE "
                                "name = 'extra_float_digits' AND setting = '1'"), ==, 1);
  g_assert_cmpint (vigil_sql_get_session (victim), ==, 1);
}

/* A session lost in the middle of a transaction: the rest of the transaction fails until
 * the caller rolls it back, and nothing of it was kept */
static void
test_lost_in_transaction (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(VigilSql) victim = NULL;
  g_autoptr(VigilSqlStmt) insert = NULL;
  g_autofree char *kill = NULL;
  gint64 pid;

  if (g_test_failed ())
    return;

  exec_ok (fixture->sql, "CREATE TABLE main.t (x integer)");
  g_assert_cmpint (vigil_sql_open (fixture->uri, 0, &victim), ==, VIGIL_SQL_OK);
  g_assert_cmpint (vigil_sql_prepare_persistent (victim, "INSERT INTO t (x) VALUES (?)", &insert),
                   ==, VIGIL_SQL_OK);
  vigil_sql_bind_int64 (insert, 1, 1);
  g_assert_cmpint (vigil_sql_step (insert), ==, VIGIL_SQL_DONE);
  vigil_sql_reset (insert);

  exec_ok (victim, "BEGIN");
  vigil_sql_bind_int64 (insert, 1, 2);
  g_assert_cmpint (vigil_sql_step (insert), ==, VIGIL_SQL_DONE);
  vigil_sql_reset (insert);
  pid = query_int64 (victim, "SELECT pg_backend_pid ()");
  kill = g_strdup_printf ("SELECT pg_terminate_backend (%" G_GINT64_FORMAT ", 10000)", pid);
  g_assert_cmpint (query_int64 (fixture->sql, kill), ==, 1);

  vigil_sql_bind_int64 (insert, 1, 3);
  g_assert_cmpint (vigil_sql_step (insert), ==, VIGIL_SQL_CONNECTION);
  vigil_sql_reset (insert);
  g_assert_true (vigil_sql_in_transaction (victim));
  /* not on a new session outside the transaction the caller thinks it is in */
  g_assert_cmpint (vigil_sql_exec (victim, "INSERT INTO t (x) VALUES (4)"), ==,
                   VIGIL_SQL_CONNECTION);
  g_assert_cmpint (vigil_sql_exec (victim, "COMMIT"), ==, VIGIL_SQL_CONNECTION);
  g_assert_nonnull (strstr (vigil_sql_errmsg (victim), "rolled back"));

  g_assert_cmpint (vigil_sql_exec (victim, "ROLLBACK"), ==, VIGIL_SQL_OK);
  g_assert_false (vigil_sql_in_transaction (victim));
  /* the statement prepared on the old session prepares itself again */
  vigil_sql_bind_int64 (insert, 1, 5);
  g_assert_cmpint (vigil_sql_step (insert), ==, VIGIL_SQL_DONE);
  vigil_sql_reset (insert);
  g_assert_cmpint (query_int64 (fixture->sql, "SELECT string_agg (x::text, ',' ORDER BY x) = '1,5' "
                                "FROM main.t"), ==, 1);
}

/* A second connection hears what the first one notifies, and a wait ends when cancelled */
static void
test_notifications (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(VigilSql) listener = NULL;
  g_autoptr(GPtrArray) payloads = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  if (g_test_failed ())
    return;

  g_assert_true (vigil_sql_has_notifications (fixture->sql));
  g_assert_cmpint (vigil_sql_open (fixture->uri, 0, &listener), ==, VIGIL_SQL_OK);
  g_assert_cmpint (vigil_sql_listen (listener, "vigil"), ==, VIGIL_SQL_OK);

  g_assert_cmpint (vigil_sql_wait_notification (listener, 0, NULL, &payloads), ==, VIGIL_SQL_OK);
  g_assert_cmpuint (payloads->len, ==, 0);
  g_clear_pointer (&payloads, g_ptr_array_unref);

  exec_ok (fixture->sql, "SELECT pg_notify ('vigil', 'one'); SELECT pg_notify ('other', 'x')");
  g_assert_cmpint (vigil_sql_wait_notification (listener, -1, NULL, &payloads), ==, VIGIL_SQL_OK);
  g_assert_cmpuint (payloads->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (payloads, 0), ==, "one");
  g_clear_pointer (&payloads, g_ptr_array_unref);

  g_cancellable_cancel (cancellable);
  g_assert_cmpint (vigil_sql_wait_notification (listener, -1, cancellable, &payloads), ==,
                   VIGIL_SQL_INTERRUPT);
  g_assert_null (payloads);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/vigil/sql/postgres/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("placeholders", test_placeholders);
  ADD ("integers", test_integers);
  ADD ("doubles-round-trip", test_doubles);
  ADD ("null-and-text", test_null_and_text);
  ADD ("streaming", test_streaming);
  ADD ("constraint-errors", test_constraint_errors);
  ADD ("read-only", test_read_only);
  ADD ("permission", test_permission);
  ADD ("open-errors", test_open_errors);
  ADD ("changes-and-ids", test_changes_and_ids);
  ADD ("begin-immediate", test_begin_immediate);
  ADD ("interrupt", test_interrupt);
  ADD ("lost-connection", test_lost_connection);
  ADD ("lost-in-transaction", test_lost_in_transaction);
  ADD ("notifications", test_notifications);
  ADD ("indexed-by", test_indexed_by);
  ADD ("copy-in", test_copy_in);

#undef ADD

  return g_test_run ();
}
