/* test-database.c: work on a shared connection, off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "vigil-database.h"
#include "vigil-schema-postgres-sql.h"
#include "vigil-sql-stmt.h"
#include "vigil-store-private.h"
#include "vigil-test-util.h"

typedef struct
{
  GMainLoop *loop;
  gpointer   result;
  GError    *error;
  guint      changed;
  guint      changed_before_result;
} Run;

static gpointer
count_forever_func (VigilStore    *store,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  VigilSqlStmt *stmt = NULL;
  gint64 *count = g_new0 (gint64, 1);
  int rc;

  /* A query that would run for minutes */
  g_assert_cmpint (vigil_sql_prepare (vigil_store_get_sql (store),
                                      "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL "
                                      "SELECT i + 1 FROM n WHERE i < 10000000000) "
                                      "SELECT count(*) FROM n", &stmt), ==, VIGIL_SQL_OK);
  rc = vigil_sql_step (stmt);
  if (rc == VIGIL_SQL_ROW)
    *count = vigil_sql_column_int64 (stmt, 0);
  vigil_sql_finalize (stmt);

  if (rc != VIGIL_SQL_ROW)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "interrupted: %d", rc);
      g_free (count);
      return NULL;
    }
  return count;
}

static gpointer
purpose_func (VigilStore    *store,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  return g_strdup (vigil_purpose_to_string (vigil_store_get_purpose (store)));
}

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Run *run = user_data;

  run->result = vigil_database_run_finish (VIGIL_DATABASE (object), result, &run->error);
  run->changed_before_result = run->changed;
  g_main_loop_quit (run->loop);
}

static void
changed_cb (VigilDatabase *database,
            Run           *run)
{
  run->changed++;
}

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static VigilDatabase *
open_database (char **out_dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(VigilStore) store = NULL;

  *out_dir = g_dir_make_tmp ("vigil-database-XXXXXX", &error);
  g_assert_no_error (error);
  path = test_database_new (*out_dir, "vigil.db");
  store = vigil_store_open (path, VIGIL_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  return vigil_database_new (store);
}

static void
close_database (VigilDatabase *database,
                char          *dir)
{
  g_autofree char *path = g_strdup (vigil_database_get_path (database));
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_object_unref (database);
  test_database_drop (path);
  g_remove (path);
  g_remove (wal);
  g_remove (shm);
  g_rmdir (dir);
  g_free (dir);
}

/* Cancelling stops a long query at once, and the connection serves the next piece of work */
static void
test_cancel_interrupts (void)
{
  g_autofree char *dir = NULL;
  VigilDatabase *database = open_database (&dir);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Run run = { g_main_loop_new (NULL, FALSE), NULL, NULL, 0, 0 };
  gint64 start = g_get_monotonic_time ();

  vigil_database_run_async (database, VIGIL_DATABASE_READ, count_forever_func, NULL, NULL,
                            g_free, cancellable, done_cb, &run);
  g_timeout_add (100, cancel_cb, cancellable);
  g_main_loop_run (run.loop);

  g_assert_null (run.result);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 30 * G_USEC_PER_SEC);
  g_clear_error (&run.error);

  vigil_database_run_async (database, VIGIL_DATABASE_READ, purpose_func, NULL, NULL, g_free,
                            NULL, done_cb, &run);
  g_main_loop_run (run.loop);
  g_assert_no_error (run.error);
  g_assert_cmpstr (run.result, ==, "production");
  g_free (run.result);

  g_main_loop_unref (run.loop);
  close_database (database, g_steal_pointer (&dir));
}

/* Work that writes tells the views before its caller hears back; reads do not */
static void
test_write_emits_changed (void)
{
  g_autofree char *dir = NULL;
  VigilDatabase *database = open_database (&dir);
  Run run = { g_main_loop_new (NULL, FALSE), NULL, NULL, 0, 0 };

  g_signal_connect (database, "changed", G_CALLBACK (changed_cb), &run);

  vigil_database_run_async (database, VIGIL_DATABASE_READ, purpose_func, NULL, NULL, g_free,
                            NULL, done_cb, &run);
  g_main_loop_run (run.loop);
  g_assert_cmpuint (run.changed_before_result, ==, 0);
  g_free (run.result);

  vigil_database_run_async (database, VIGIL_DATABASE_WRITE, purpose_func, NULL, NULL, g_free,
                            NULL, done_cb, &run);
  g_main_loop_run (run.loop);
  g_assert_cmpuint (run.changed_before_result, ==, 1);
  g_free (run.result);

  g_main_loop_unref (run.loop);
  close_database (database, g_steal_pointer (&dir));
}

/* The PostgreSQL schema is compiled in, whole and NUL-terminated, at schema version 6. */
static void
test_postgres_schema_resource (void)
{
  const char *sql = vigil_schema_postgres_sql ();

  g_assert_nonnull (sql);
  g_assert_true (sql == vigil_schema_postgres_sql ());
  g_assert_nonnull (strstr (sql, "CREATE TABLE decisions ("));
  g_assert_nonnull (strstr (sql, "('schema_version', '7')"));
  g_assert_true (g_str_has_suffix (sql, "$$;\n"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/database/cancel-interrupts", test_cancel_interrupts);
  g_test_add_func ("/vigil/database/postgres-schema-resource", test_postgres_schema_resource);
  g_test_add_func ("/vigil/database/write-emits-changed", test_write_emits_changed);

  return g_test_run ();
}
