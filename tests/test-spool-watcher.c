/* test-spool-watcher.c: VigilSpoolWatcher follows spools into a database from its own thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "vigil-database.h"
#include "vigil-spool-watcher.h"
#include "vigil-test-util.h"

#define WAIT_SECONDS 60

typedef gboolean (*Predicate) (gpointer data);

static gboolean
expire_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main context, where the watcher's reports arrive, until @predicate holds or a
 * minute has passed */
static gboolean
wait_for (Predicate predicate,
          gpointer  data)
{
  gboolean expired = FALSE;
  guint source = g_timeout_add_seconds (WAIT_SECONDS, expire_cb, &expired);

  while (!predicate (data) && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (source);
  return predicate (data);
}

static void
append (const char *path,
        const char *text)
{
  int fd = g_open (path, O_WRONLY | O_APPEND | O_CREAT, 0600);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, text, strlen (text)), ==, (gssize) strlen (text));
  close (fd);
}

static void
append_lines (const char *path,
              int         first,
              int         n)
{
  for (int seq = first; seq < first + n; seq++)
    {
      g_autofree char *line =
        g_strdup_printf ("{\"model_name\":\"CreditXGBoost\",\"model_version\":\"1\","
                         "\"decision_type\":\"credit_approval\",\"prediction\":\"APPROVE\","
                         "\"confidence\":0.9,\"input_features\":{\"seq\":%d}}\n", seq);

      append (path, line);
    }
}

typedef struct
{
  VigilSpoolWatcher *watcher;
  gint64             imported;
} Imported;

static gboolean
imported_is (gpointer data)
{
  Imported *wait = data;

  return vigil_spool_watcher_get_imported (wait->watcher) == wait->imported;
}

static gboolean
stopped (gpointer data)
{
  return !vigil_spool_watcher_get_running (data);
}

static gboolean
has_problem (gpointer data)
{
  return vigil_spool_watcher_get_problem (data) != NULL;
}

static gboolean
no_problem (gpointer data)
{
  return vigil_spool_watcher_get_problem (data) == NULL;
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
count_changed_cb (VigilDatabase *database,
                  guint         *n_changed)
{
  (*n_changed)++;
}

static VigilSpoolWatcher *
start_watcher (VigilDatabase *database,
               const char    *spool,
               const char    *other)
{
  const char *paths[] = { spool, other, NULL };
  g_autoptr(GError) error = NULL;
  VigilSpoolWatcher *watcher = vigil_spool_watcher_new (database, paths);

  vigil_spool_watcher_set_poll_interval (watcher, 20);
  g_assert_true (vigil_spool_watcher_start (watcher, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_spool_watcher_get_running (watcher));
  return watcher;
}

/* Lines appended while the watcher runs are committed once each, the views are told, and a
 * stopped watcher records its run as vigilctl follow does. */
static void
test_follows (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *spool = g_build_filename (f->dir, "decisions.jsonl", NULL);
  g_autoptr(VigilDatabase) database = vigil_database_new (f->store);
  g_autoptr(VigilSpoolWatcher) watcher = NULL;
  g_autoptr(VigilSpoolWatcher) again = NULL;
  Imported wait;
  guint n_changed = 0;

  if (test_sqlite_only ("the decisions are counted in the file"))
    return;

  g_signal_connect (database, "changed", G_CALLBACK (count_changed_cb), &n_changed);
  append_lines (spool, 0, 3);
  watcher = start_watcher (database, spool, NULL);
  g_assert_cmpuint (vigil_spool_watcher_get_n_spools (watcher), ==, 1);

  wait.watcher = watcher;
  wait.imported = 3;
  g_assert_true (wait_for (imported_is, &wait));
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM decisions"), ==, 3);
  g_assert_cmpuint (n_changed, >=, 1);

  /* A model appends while Vigil runs */
  append_lines (spool, 3, 2);
  wait.imported = 5;
  g_assert_true (wait_for (imported_is, &wait));
  g_assert_cmpint (vigil_spool_watcher_get_last_imported (watcher), ==, 2);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM decisions"), ==, 5);
  g_assert_null (vigil_spool_watcher_get_problem (watcher));

  vigil_spool_watcher_stop (watcher);
  g_assert_true (wait_for (stopped, watcher));
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM events WHERE action = 'follow' "
                                        "AND details LIKE '%\"imported\":5,\"rejected\":0}'"),
                   ==, 1);

  /* Started again, it goes on where the last one stopped: nothing twice */
  append_lines (spool, 5, 1);
  again = start_watcher (database, spool, NULL);
  wait.watcher = again;
  wait.imported = 1;
  g_assert_true (wait_for (imported_is, &wait));
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM decisions"), ==, 6);
  g_assert_cmpint (count_rows (f->path, "SELECT count(DISTINCT json_extract(input_features, "
                                        "'$.seq')) FROM decisions"), ==, 6);
  vigil_spool_watcher_stop (again);
  g_assert_true (wait_for (stopped, again));
}

/* A spool that cannot be read is a problem to show; the other spools go on, and the problem
 * goes once the spool can be read. */
static void
test_problem (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *good = g_build_filename (f->dir, "good.jsonl", NULL);
  g_autofree char *bad = g_build_filename (f->dir, "bad.jsonl", NULL);
  g_autoptr(VigilDatabase) database = vigil_database_new (f->store);
  g_autoptr(VigilSpoolWatcher) watcher = NULL;
  VigilDatabase *weak_database = database;
  Imported wait;

  /* A folder where the spool should be: unreadable as a spool, for root too */
  g_assert_cmpint (g_mkdir (bad, 0700), ==, 0);
  append_lines (good, 0, 2);
  watcher = start_watcher (database, good, bad);

  g_assert_true (wait_for (has_problem, watcher));
  g_assert_nonnull (strstr (vigil_spool_watcher_get_problem (watcher), bad));
  g_assert_nonnull (strstr (vigil_spool_watcher_get_problem (watcher), "not a regular file"));
  wait.watcher = watcher;
  wait.imported = 2;
  g_assert_true (wait_for (imported_is, &wait));
  g_assert_true (vigil_spool_watcher_get_running (watcher));

  g_assert_cmpint (g_rmdir (bad), ==, 0);
  append_lines (bad, 2, 3);
  wait.imported = 5;
  g_assert_true (wait_for (imported_is, &wait));
  g_assert_true (wait_for (no_problem, watcher));

  /* Dropped while running: the thread still stops and lets the database go */
  g_object_add_weak_pointer (G_OBJECT (database), (gpointer *) &weak_database);
  g_clear_object (&watcher);
  g_clear_object (&database);
  g_assert_true (wait_for (is_null, &weak_database));
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *spool = g_build_filename (f->dir, "decisions.jsonl", NULL);
  const char *relative[] = { "decisions.jsonl", NULL };
  const char *twice[] = { spool, spool, NULL };
  const char *none[] = { NULL };
  const char *one[] = { spool, NULL };
  g_autoptr(VigilDatabase) database = vigil_database_new (f->store);
  g_autoptr(VigilStore) read_only = NULL;
  g_autoptr(VigilDatabase) read_only_database = NULL;
  struct
  {
    const char * const *paths;
    const char         *message;
  } cases[] = {
    { relative, "not an absolute path" },
    { twice, "listed twice" },
    { none, "No spool file" },
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(VigilSpoolWatcher) watcher = vigil_spool_watcher_new (database, cases[i].paths);
      g_autoptr(GError) case_error = NULL;

      g_assert_false (vigil_spool_watcher_start (watcher, &case_error));
      g_assert_error (case_error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
      g_assert_nonnull (strstr (case_error->message, cases[i].message));
      g_assert_false (vigil_spool_watcher_get_running (watcher));
    }

  /* Never into a database open read-only */
  if (test_sqlite_only ("a file opened read-only"))
    return;
  read_only = vigil_store_open (f->path, VIGIL_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  read_only_database = vigil_database_new (read_only);
  {
    g_autoptr(VigilSpoolWatcher) watcher = vigil_spool_watcher_new (read_only_database, one);

    g_assert_false (vigil_spool_watcher_start (watcher, &error));
    g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_READ_ONLY);
    g_assert_nonnull (strstr (error->message, "read-only"));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/spool-watcher/follows", Fixture, NULL, fixture_set_up, test_follows,
              fixture_tear_down);
  g_test_add ("/spool-watcher/problem", Fixture, NULL, fixture_set_up, test_problem,
              fixture_tear_down);
  g_test_add ("/spool-watcher/refused", Fixture, NULL, fixture_set_up, test_refused,
              fixture_tear_down);
  return g_test_run ();
}
