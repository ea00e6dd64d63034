/* vigil-test-util.h: temporary databases and decisions for the tests
 *
 * The service tests run twice: on SQLite files, and with VIGIL_TEST_BACKEND=postgres on a
 * throwaway PostgreSQL cluster whose superuser URI is VIGIL_TEST_POSTGRES (tests/pg-cluster
 * sets it), where each test database is a database of its own on that cluster.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "vigil-sql.h"
#include "vigil-sql-stmt.h"
#include "vigil-store.h"

typedef struct
{
  char       *dir;
  char       *path;
  VigilStore *store;
} Fixture;

static inline void
rm_rf (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (dir);
}

/* Whether this run of the tests is on a PostgreSQL server rather than on SQLite files */
static inline gboolean
test_on_postgres (void)
{
  return g_strcmp0 (g_getenv ("VIGIL_TEST_BACKEND"), "postgres") == 0;
}

/* For a case whose subject only SQLite has (its files, its VFS, its pragmas): returns TRUE,
 * having said why in the log, when the run is on a server. Not g_test_skip(): the test
 * command counts a skipped test as failed. */
static inline gboolean
test_sqlite_only (const char *why)
{
  if (!test_on_postgres ())
    return FALSE;
  g_test_message ("SQLite only, not run on PostgreSQL: %s", why);
  return TRUE;
}

/* @uri with its database name replaced by @database */
static inline char *
test_uri_with_database (const char *uri,
                        const char *database)
{
  const char *authority = strstr (uri, "://");
  const char *path;
  const char *query;

  g_assert_nonnull (authority);
  path = strchr (authority + 3, '/');
  g_assert_nonnull (path);
  query = strchr (path, '?');
  return g_strdup_printf ("%.*s/%s%s", (int) (path - uri), uri, database, query ? query : "");
}

static inline void
test_admin_exec (const char *sql)
{
  const char *admin = g_getenv ("VIGIL_TEST_POSTGRES");
  VigilSql *sql_conn = NULL;
  int rc;

  if (admin == NULL || *admin == '\0')
    g_error ("VIGIL_TEST_BACKEND=postgres needs VIGIL_TEST_POSTGRES, a superuser's URI: "
             "run the tests under tests/pg-cluster run DIR -- …");
  rc = vigil_sql_open (admin, 0, &sql_conn);
  if (rc != VIGIL_SQL_OK)
    g_error ("%s: %s", admin, sql_conn ? vigil_sql_errmsg (sql_conn) : "cannot connect");
  if (vigil_sql_exec (sql_conn, sql) != VIGIL_SQL_OK)
    g_error ("%s: %s", sql, vigil_sql_errmsg (sql_conn));
  vigil_sql_close (sql_conn);
}

/* A location for a new, empty database: @name in @dir on SQLite; on PostgreSQL, the URI of
 * a database created for it alone on the test cluster (drop it with test_database_drop()). */
static inline char *
test_database_new (const char *dir,
                   const char *name)
{
  static guint serial;
  g_autofree char *database = NULL;
  g_autofree char *create = NULL;

  if (!test_on_postgres ())
    return g_build_filename (dir, name, NULL);

  database = g_strdup_printf ("vigil_test_%d_%u_%" G_GINT64_MODIFIER "x", (int) getpid (),
                              ++serial, g_get_real_time () & 0xffffff);
  create = g_strdup_printf ("CREATE DATABASE %s", database);
  test_admin_exec (create);
  return test_uri_with_database (g_getenv ("VIGIL_TEST_POSTGRES"), database);
}

/* Drops a database test_database_new() created on a server; a file goes with its folder. */
static inline void
test_database_drop (const char *location)
{
  g_autofree char *drop = NULL;
  const char *path;
  const char *end;

  if (location == NULL || !vigil_sql_location_is_uri (location))
    return;
  path = strchr (strstr (location, "://") + 3, '/');
  end = strchr (path, '?');
  if (end == NULL)
    end = path + strlen (path);
  drop = g_strdup_printf ("DROP DATABASE IF EXISTS %.*s WITH (FORCE)",
                          (int) (end - path - 1), path + 1);
  test_admin_exec (drop);
}

static inline void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("vigil-test-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = test_database_new (f->dir, "audit.db");
  f->store = vigil_store_open (f->path, VIGIL_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
}

static inline void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  test_database_drop (f->path);
  rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* Replaces the fixture's database with a new, empty one */
static inline void
fixture_renew (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->store);
  if (test_on_postgres ())
    {
      test_database_drop (f->path);
      g_free (f->path);
      f->path = test_database_new (f->dir, "audit.db");
    }
  else
    {
      g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);

      g_unlink (f->path);
      g_unlink (wal);
      g_unlink (shm);
    }
  f->store = vigil_store_open (f->path, VIGIL_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
}

static inline VigilDecision *
make_decision (const char *model,
               const char *prediction,
               const char *timestamp,
               double      confidence,
               const char *ticker)
{
  VigilDecision *d = vigil_decision_new (model, "v1", "trading_signal", prediction);

  if (timestamp)
    vigil_decision_set_timestamp (d, timestamp);
  if (confidence >= 0)
    vigil_decision_set_confidence (d, confidence);
  vigil_decision_set_ticker (d, ticker);
  vigil_decision_set_input_features (d, "{\"momentum_12m\": 0.12, \"volatility\": 0.3}");
  return d;
}

static inline gint64
log_one (VigilStore *store,
         const char *model,
         const char *prediction,
         const char *timestamp)
{
  g_autoptr(VigilDecision) d = make_decision (model, prediction, timestamp, 0.7, "AAPL");
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  g_assert_true (vigil_store_log_decision (store, d, &id, &error));
  g_assert_no_error (error);
  return id;
}

/* On a server, a raw edit runs as the superuser with session_replication_role = replica,
 * which turns the table triggers off for that session: the way to edit past them there, as
 * SQLite's DROP TRIGGER is on a file. So "DROP TRIGGER name;" is left out on a server. */
static inline char *
test_raw_sql_for_server (const char *sql)
{
  g_autoptr(GRegex) drop = g_regex_new ("DROP TRIGGER [a-z_]+ *;", 0, 0, NULL);
  g_autofree char *rest = g_regex_replace_literal (drop, sql, -1, 0, "", 0, NULL);

  return g_strconcat ("SET session_replication_role = replica; ", rest, NULL);
}

static inline int
test_sql_result_to_sqlite (int rc)
{
  switch (rc)
    {
    case VIGIL_SQL_OK: return SQLITE_OK;
    case VIGIL_SQL_CONSTRAINT: return SQLITE_CONSTRAINT;
    case VIGIL_SQL_BUSY: return SQLITE_BUSY;
    case VIGIL_SQL_READONLY: return SQLITE_READONLY;
    default: return SQLITE_ERROR;
    }
}

static inline gint64
count_rows (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  if (vigil_sql_location_is_uri (path))
    {
      VigilSql *conn = NULL;
      VigilSqlStmt *q = NULL;

      g_assert_cmpint (vigil_sql_open (path, VIGIL_SQL_OPEN_READ_ONLY, &conn), ==, VIGIL_SQL_OK);
      if (vigil_sql_prepare (conn, sql, &q) != VIGIL_SQL_OK)
        g_error ("%s: %s", sql, vigil_sql_errmsg (conn));
      if (vigil_sql_step (q) == VIGIL_SQL_ROW)
        n = vigil_sql_column_int64 (q, 0);
      vigil_sql_finalize (q);
      vigil_sql_close (conn);
      return n;
    }

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* Runs @sql past Vigil on the database at @path; returns an SQLite result code whatever the
 * engine (SQLITE_OK, SQLITE_CONSTRAINT, …). */
static inline int
exec_raw (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  int rc;

  if (vigil_sql_location_is_uri (path))
    {
      g_autofree char *server_sql = test_raw_sql_for_server (sql);
      VigilSql *conn = NULL;

      g_assert_cmpint (vigil_sql_open (path, 0, &conn), ==, VIGIL_SQL_OK);
      rc = vigil_sql_exec (conn, server_sql);
      if (rc != VIGIL_SQL_OK)
        g_test_message ("%s: %s", sql, vigil_sql_errmsg (conn));
      vigil_sql_close (conn);
      return test_sql_result_to_sqlite (rc);
    }

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  rc = sqlite3_exec (db, sql, NULL, NULL, NULL);
  sqlite3_close (db);
  return rc;
}
