/* test-live-updates.c: a window's database hears what other connections change on a server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Needs VIGIL_TEST_POSTGRES, a libpq URI of a superuser. Each test creates its own database
 * and drops it at the end.
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "vigil-alert.h"
#include "vigil-database.h"
#include "vigil-sql.h"
#include "vigil-sql-stmt.h"
#include "vigil-store.h"

/* How long a condition may take before the test fails: the promise is "within a
 * second"; a loaded machine gets more, and a test that passes waits only as long as needed */
#define DEADLINE_SEC 20

typedef struct
{
  char          *admin_uri;
  char          *name;
  char          *uri;
  VigilStore    *store;      /* the window's */
  VigilDatabase *database;
  VigilStore    *other;      /* another user's, elsewhere */
  guint          n_changed;   /* since the test last reset it */
} Fixture;

static void
admin_exec (Fixture    *f,
            const char *text)
{
  g_autoptr(VigilSql) admin = NULL;

  g_assert_cmpint (vigil_sql_open (f->admin_uri, 0, &admin), ==, VIGIL_SQL_OK);
  if (vigil_sql_exec (admin, text) != VIGIL_SQL_OK)
    g_error ("%s: %s", text, vigil_sql_errmsg (admin));
}

static gint64
admin_query (Fixture    *f,
             const char *text)
{
  g_autoptr(VigilSql) admin = NULL;
  g_autoptr(VigilSqlStmt) stmt = NULL;

  g_assert_cmpint (vigil_sql_open (f->admin_uri, 0, &admin), ==, VIGIL_SQL_OK);
  g_assert_cmpint (vigil_sql_prepare (admin, text, &stmt), ==, VIGIL_SQL_OK);
  g_assert_cmpint (vigil_sql_step (stmt), ==, VIGIL_SQL_ROW);
  return vigil_sql_column_int64 (stmt, 0);
}

static void
changed_cb (VigilDatabase *database,
            Fixture       *f)
{
  f->n_changed++;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static int counter;
  g_autofree char *create = NULL;
  g_autoptr(GError) error = NULL;

  f->admin_uri = g_strdup (g_getenv ("VIGIL_TEST_POSTGRES"));
  if (f->admin_uri == NULL || *f->admin_uri == '\0')
    {
      g_test_fail_printf ("VIGIL_TEST_POSTGRES is not set: set it to the libpq URI of a "
                          "PostgreSQL superuser, e.g. postgresql:///postgres?host=/run/postgresql");
      return;
    }
  f->name = g_strdup_printf ("vigil_live_%d_%d", (int) getpid (), ++counter);
  create = g_strdup_printf ("CREATE DATABASE %s", f->name);
  admin_exec (f, create);
  f->uri = g_strdup_printf ("%s%cdbname=%s", f->admin_uri,
                            strchr (f->admin_uri, '?') != NULL ? '&' : '?', f->name);

  f->store = vigil_store_open (f->uri, VIGIL_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  f->other = vigil_store_open (f->uri, VIGIL_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  f->database = vigil_database_new (f->store);
  g_signal_connect (f->database, "changed", G_CALLBACK (changed_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->database);
  g_clear_object (&f->store);
  g_clear_object (&f->other);
  if (f->name != NULL)
    {
      g_autofree char *drop = g_strdup_printf ("DROP DATABASE %s WITH (FORCE)", f->name);

      admin_exec (f, drop);
    }
  g_free (f->uri);
  g_free (f->name);
  g_free (f->admin_uri);
}

static gboolean
deadline_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
is_connected (Fixture *f)
{
  return vigil_database_is_connected (f->database);
}

static gboolean
is_disconnected (Fixture *f)
{
  return !vigil_database_is_connected (f->database);
}

static gboolean
has_changed (Fixture *f)
{
  return f->n_changed > 0;
}

/* Runs the main context until @condition holds, failing at the deadline */
static void
wait_for (Fixture     *f,
          gboolean   (*condition) (Fixture *f),
          const char  *what)
{
  gboolean expired = FALSE;
  guint deadline = g_timeout_add_seconds (DEADLINE_SEC, deadline_cb, &expired);

  while (!condition (f) && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (expired)
    g_error ("waited %d s in vain for %s", DEADLINE_SEC, what);
  g_source_remove (deadline);
}

static gint64
add_alert (VigilStore *store)
{
  g_autoptr(VigilAlert) alert = NULL;
  g_autoptr(GError) error = NULL;
  gboolean inserted = FALSE;

  alert = vigil_alert_new ("distribution_shift", VIGIL_SEVERITY_HIGH, "MomentumSignal",
                           "SELL share rose from 20% to 45%");
  vigil_alert_set_windows (alert, "2026-03-01T00:00:00Z", "2026-03-08T00:00:00Z",
                           "2026-03-09T00:00:00Z");
  vigil_alert_set_evidence (alert, 0.45, 0.2, 0.2, 120, 840, 1e-6);
  g_assert_true (vigil_store_add_alert (store, alert, &inserted, &error));
  g_assert_no_error (error);
  g_assert_true (inserted);
  return vigil_alert_get_id (alert);
}

/* An acknowledgement made on another connection reaches the window, with the login that
 * made it */
static void
test_acknowledgement (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilAlert) seen = NULL;
  gint64 alert_id;

  if (g_test_failed ())
    return;

  alert_id = add_alert (f->other);
  g_assert_true (vigil_database_is_server (f->database));
  vigil_database_watch (f->database);
  wait_for (f, is_connected, "the connection");
  g_assert_null (vigil_database_get_problem (f->database));

  f->n_changed = 0;
  g_assert_true (vigil_store_acknowledge_alert (f->other, alert_id, "Ann Example",
                                                "looked at it", &error));
  g_assert_no_error (error);
  wait_for (f, has_changed, "::changed");

  seen = vigil_store_get_alert (f->store, alert_id, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_alert_get_acknowledged (seen));
  /* the login (the test cluster's superuser), not the name typed */
  g_assert_cmpstr (vigil_alert_get_acknowledged_by (seen), ==, "vigil");
}

/* The listener's connection dropped: the database says so, comes back by itself, and then
 * tells the views to catch up with what they may have missed */
static void
test_reconnects (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *kill = NULL;
  gint64 alert_id;

  if (g_test_failed ())
    return;

  vigil_database_watch (f->database);
  wait_for (f, is_connected, "the connection");

  f->n_changed = 0;
  kill = g_strdup_printf ("SELECT count(pg_terminate_backend (pid, 10000)) FROM pg_stat_activity "
                          "WHERE datname = '%s' AND query LIKE 'LISTEN%%'", f->name);
  g_assert_cmpint (admin_query (f, kill), ==, 1);
  wait_for (f, is_disconnected, "the connection to drop");
  g_assert_nonnull (vigil_database_get_problem (f->database));
  wait_for (f, is_connected, "the connection");
  wait_for (f, has_changed, "::changed");

  /* and hears again */
  f->n_changed = 0;
  alert_id = add_alert (f->other);
  g_assert_cmpint (alert_id, >, 0);
  wait_for (f, has_changed, "::changed");

  /* the window's own connection, dropped too, comes back at its next use */
  g_free (kill);
  kill = g_strdup_printf ("SELECT count(pg_terminate_backend (pid, 10000)) FROM pg_stat_activity "
                          "WHERE datname = '%s' AND pid <> pg_backend_pid ()", f->name);
  g_assert_cmpint (admin_query (f, kill), >=, 2);
  {
    g_autoptr(VigilAlert) alert = vigil_store_get_alert (f->store, alert_id, &error);

    /* the first use finds the session ended and says so; the next opens a new one */
    if (alert == NULL)
      {
        g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_UNREACHABLE);
        g_clear_error (&error);
        alert = vigil_store_get_alert (f->store, alert_id, &error);
      }
    g_assert_no_error (error);
    g_assert_nonnull (alert);
  }
}

/* A file has no listener, and is always "connected" */
static void
test_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-live-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "vigil.db", NULL);
  g_autoptr(VigilStore) store = vigil_store_open (path, VIGIL_STORE_OPEN_CREATE, &error);
  g_autoptr(VigilDatabase) database = NULL;

  g_assert_no_error (error);
  database = vigil_database_new (store);
  vigil_database_watch (database);
  g_assert_false (vigil_database_is_server (database));
  g_assert_true (vigil_database_is_connected (database));
  g_assert_null (vigil_database_get_problem (database));
  g_clear_object (&database);
  g_clear_object (&store);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/vigil/live-updates/acknowledgement", Fixture, NULL, fixture_set_up,
              test_acknowledgement, fixture_tear_down);
  g_test_add ("/vigil/live-updates/reconnects", Fixture, NULL, fixture_set_up,
              test_reconnects, fixture_tear_down);
  g_test_add_func ("/vigil/live-updates/file", test_file);

  return g_test_run ();
}
