/* test-journal-mode.c: a database in the document portal gets a rollback journal, any other
 * file write-ahead logging
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vigil-sql-sqlite.h"
#include "vigil-test-util.h"

/* The runtime folder of this process: set before GLib reads it */
static char *runtime_dir;

static void
test_portal_paths (void)
{
  const struct
  {
    const char *path;
    const char *runtime;
    gboolean    portal;
  } cases[] = {
    { "/run/user/1000/doc/4f2a9b1c/audit.db", NULL, TRUE },
    { "/run/user/1000/doc/4f2a9b1c/audit.db", "/run/user/1000", TRUE },
    { "/run/user/0/doc/a/b.db", NULL, TRUE },
    { "/run/flatpak/doc/4f2a9b1c/audit.db", NULL, TRUE },
    { "/tmp/rt/doc/4f2a9b1c/audit.db", "/tmp/rt", TRUE },
    { "/tmp/rt/doc/4f2a9b1c/audit.db", "/tmp/rt/", TRUE },
    { "/tmp/rt/./doc/x/../4f2a9b1c/audit.db", "/tmp/rt", TRUE },
    /* Not in the portal */
    { "/tmp/rt/doc/4f2a9b1c/audit.db", NULL, FALSE },
    { "/tmp/rt/docs/audit.db", "/tmp/rt", FALSE },
    { "/tmp/rt/doc", "/tmp/rt", FALSE },
    { "/tmp/rt/doc/", "/tmp/rt", FALSE },
    { "/run/user/1000/doc", NULL, FALSE },
    { "/run/user/1000/docs/audit.db", NULL, FALSE },
    { "/run/user/1000/doc/../audit.db", NULL, FALSE },
    { "/run/user/me/doc/a/audit.db", NULL, FALSE },
    { "/run/user//doc/a/audit.db", NULL, FALSE },
    { "/run/flatpak/document/a/audit.db", NULL, FALSE },
    { "/home/ana/doc/a/audit.db", "/run/user/1000", FALSE },
    { "/home/ana/.local/share/vigil/vigil.db", "/run/user/1000", FALSE },
    { "/var/lib/vigil/run/user/1000/doc/a/audit.db", NULL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean portal = vigil_sql_sqlite_is_document_portal_path (cases[i].path,
                                                                  cases[i].runtime);

      if (portal != cases[i].portal)
        g_error ("%s (runtime folder %s) is%s in the document portal, the function says",
                 cases[i].path, cases[i].runtime ? cases[i].runtime : "none",
                 portal ? "" : " not");
    }
}

/* A relative path is judged from the current folder */
static void
test_portal_relative (void)
{
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *here = g_build_filename (cwd, "doc", "x", "audit.db", NULL);

  g_assert_true (vigil_sql_sqlite_is_document_portal_path ("doc/x/audit.db", cwd));
  g_assert_true (vigil_sql_sqlite_is_document_portal_path (here, cwd));
  g_assert_false (vigil_sql_sqlite_is_document_portal_path ("audit.db", cwd));
}

/* The journal mode the file says, read by SQLite itself */
static char *
journal_mode_of (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *mode;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  mode = g_ascii_strdown ((const char *) sqlite3_column_text (stmt, 0), -1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return mode;
}

/* Logs @n decisions into the database at @path, checking what is beside it while it is open */
static void
log_and_close (const char *path,
               guint       n,
               gboolean    wal_expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (path, VIGIL_STORE_OPEN_CREATE, &error);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    log_one (store, "CreditXGBoost", "APPROVE", NULL);
  g_assert_cmpint (g_file_test (wal, G_FILE_TEST_EXISTS), ==, wal_expected);
}

static gint64
count_decisions (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (path, VIGIL_STORE_OPEN_READ_ONLY, &error);
  g_autoptr(VigilDecisionQuery) all = vigil_decision_query_new ();
  gint64 n;

  g_assert_no_error (error);
  n = vigil_store_count_decisions (store, all, &error);
  g_assert_no_error (error);
  return n;
}

static void
test_portal_database (void)
{
  g_autofree char *portal_db = NULL;
  g_autofree char *plain_db = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *wal = NULL;

  if (test_sqlite_only ("the journal mode of a database file"))
    return;

  /* A new database chosen through the portal: a rollback journal, no -wal file while open */
  portal_db = g_build_filename (runtime_dir, "doc", "4f2a9b1c", "audit.db", NULL);
  g_assert_cmpint (g_mkdir_with_parents (portal_db, 0700), ==, 0);
  g_rmdir (portal_db);
  log_and_close (portal_db, 3, FALSE);
  mode = journal_mode_of (portal_db);
  g_assert_cmpstr (mode, ==, "delete");
  g_assert_cmpint (count_decisions (portal_db), ==, 3);
  g_clear_pointer (&mode, g_free);

  /* Anywhere else: write-ahead logging, as before */
  plain_db = g_build_filename (runtime_dir, "plain", "audit.db", NULL);
  log_and_close (plain_db, 2, TRUE);
  mode = journal_mode_of (plain_db);
  g_assert_cmpstr (mode, ==, "wal");
  g_clear_pointer (&mode, g_free);

  /* A database made on the host in WAL mode, then opened through the portal: switched to a
   * rollback journal, everything in it kept */
  moved = g_build_filename (runtime_dir, "doc", "77e0d3aa", "audit.db", NULL);
  g_assert_cmpint (g_mkdir_with_parents (moved, 0700), ==, 0);
  g_rmdir (moved);
  g_assert_cmpint (g_rename (plain_db, moved), ==, 0);
  log_and_close (moved, 1, FALSE);
  mode = journal_mode_of (moved);
  g_assert_cmpstr (mode, ==, "delete");
  wal = g_strconcat (moved, "-wal", NULL);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_cmpint (count_decisions (moved), ==, 3);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  /* Our own runtime folder, with a doc/ that stands for the portal's mount */
  runtime_dir = g_dir_make_tmp ("vigil-runtime-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_RUNTIME_DIR", runtime_dir, TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/journal-mode/portal-paths", test_portal_paths);
  g_test_add_func ("/vigil/journal-mode/portal-relative", test_portal_relative);
  g_test_add_func ("/vigil/journal-mode/portal-database", test_portal_database);

  status = g_test_run ();
  rm_rf (runtime_dir);
  g_free (runtime_dir);
  return status;
}
