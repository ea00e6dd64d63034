/* test-recorder.c: VigilRecorder from several threads, through a locked database and a full
 * ring, without losing, duplicating or reordering a decision
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "vigil-recorder.h"
#include "vigil-test-util.h"

/* Decisions of one source, in id order, must carry seq 0, 1, 2, … */
static void
assert_in_order (const char *path,
                 const char *model,
                 gint64      n)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 expected = 0;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT json_extract(input_features, '$.seq') "
                                           "FROM decisions WHERE model_name = ? ORDER BY id",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, model, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, expected++);
  g_assert_cmpint (expected, ==, n);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
assert_intact (Fixture *f)
{
  g_autoptr(VigilLedgerReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = vigil_store_verify (f->store, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_ledger_report_is_intact (report));
}

static void
log_seq (VigilRecorder *recorder,
         const char    *model,
         int            seq)
{
  g_autoptr(VigilDecision) d = vigil_decision_new (model, "v1", "trading_signal", "BUY");
  g_autofree char *features = g_strdup_printf ("{\"seq\":%d,\"momentum_12m\":0.2}", seq);
  g_autoptr(GError) error = NULL;

  vigil_decision_set_confidence (d, 0.75);
  vigil_decision_set_input_features (d, features);
  g_assert_true (vigil_recorder_log (recorder, d, &error));
  g_assert_no_error (error);
}

typedef struct
{
  VigilRecorder *recorder;
  char           model[16];
  int            n;
} Worker;

static gpointer
worker (gpointer data)
{
  Worker *w = data;

  for (int i = 0; i < w->n; i++)
    log_seq (w->recorder, w->model, i);
  return NULL;
}

static void
test_four_threads (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *spool = g_build_filename (f->dir, "spool.jsonl", NULL);
  g_autoptr(VigilRecorder) recorder = NULL;
  g_autoptr(GError) error = NULL;
  Worker workers[4];
  GThread *threads[4];

  recorder = vigil_recorder_new (f->path, spool, 0, &error);
  g_assert_no_error (error);
  for (int t = 0; t < 4; t++)
    {
      workers[t].recorder = recorder;
      g_snprintf (workers[t].model, sizeof workers[t].model, "Model%d", t);
      workers[t].n = 5000;
      threads[t] = g_thread_new ("logger", worker, &workers[t]);
    }
  for (int t = 0; t < 4; t++)
    g_thread_join (threads[t]);
  g_assert_true (vigil_recorder_close (recorder, &error));
  g_assert_no_error (error);

  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM decisions"), ==, 20000);
  for (int t = 0; t < 4; t++)
    assert_in_order (f->path, workers[t].model, 5000);
  g_assert_cmpuint (vigil_recorder_get_committed (recorder), ==, 20000);
  g_assert_false (g_file_test (spool, G_FILE_TEST_EXISTS));
  assert_intact (f);

  /* Closed: nothing more is taken. */
  {
    g_autoptr(VigilDecision) d = vigil_decision_new ("M", "v1", "t", "BUY");

    g_assert_false (vigil_recorder_log (recorder, d, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  }
}

static void
test_locked (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *spool = g_build_filename (f->dir, "spool.jsonl", NULL);
  g_autoptr(VigilRecorder) recorder = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *other = NULL;

  recorder = vigil_recorder_new (f->path, spool, 0, &error);
  g_assert_no_error (error);
  for (int i = 0; i < 100; i++)
    log_seq (recorder, "M", i);
  g_assert_true (vigil_recorder_flush (recorder, &error));
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM decisions"), ==, 100);

  /* Another program holds the write lock: decisions go to the spool, none is lost. */
  g_assert_cmpint (sqlite3_open (f->path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  for (int i = 100; i < 3100; i++)
    log_seq (recorder, "M", i);
  g_assert_false (vigil_recorder_flush (recorder, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, spool));
  g_clear_error (&error);
  g_assert_true (g_file_test (spool, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (vigil_recorder_get_spooled (recorder), ==, 3000);

  /* Logged while the spool waits: after it, in order. */
  for (int i = 3100; i < 3200; i++)
    log_seq (recorder, "M", i);

  sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (other);
  g_assert_true (vigil_recorder_flush (recorder, &error));
  g_assert_no_error (error);
  for (int i = 3200; i < 3300; i++)
    log_seq (recorder, "M", i);
  g_assert_true (vigil_recorder_close (recorder, &error));
  g_assert_no_error (error);

  assert_in_order (f->path, "M", 3300);
  g_assert_false (g_file_test (spool, G_FILE_TEST_EXISTS));
  assert_intact (f);
}

static void
test_full_ring (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *spool = g_build_filename (f->dir, "spool.jsonl", NULL);
  g_autofree char *overflow = g_strconcat (spool, ".overflow", NULL);
  g_autoptr(VigilRecorder) recorder = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *other = NULL;

  /* A ring of 16 and a locked database: most decisions go to the overflow file. */
  recorder = vigil_recorder_new (f->path, spool, 16, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (f->path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  for (int i = 0; i < 2000; i++)
    log_seq (recorder, "M", i);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM decisions"), ==, 0);
  sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (other);

  g_assert_true (vigil_recorder_close (recorder, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (vigil_recorder_get_spooled (recorder), >, 0);
  assert_in_order (f->path, "M", 2000);
  g_assert_false (g_file_test (overflow, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (spool, G_FILE_TEST_EXISTS));
  assert_intact (f);
}

static void
test_left_for_next (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *spool = g_build_filename (f->dir, "spool.jsonl", NULL);
  g_autoptr(VigilRecorder) first = NULL;
  g_autoptr(VigilRecorder) second = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *other = NULL;

  /* Closed while the database is locked: the decisions stay in the spool… */
  first = vigil_recorder_new (f->path, spool, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (f->path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  for (int i = 0; i < 500; i++)
    log_seq (first, "M", i);
  g_assert_false (vigil_recorder_close (first, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_LOCKED);
  g_clear_error (&error);
  sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (other);
  g_assert_true (g_file_test (spool, G_FILE_TEST_EXISTS));
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM decisions"), ==, 0);

  /* …and the next recorder on that spool commits them before its own. */
  second = vigil_recorder_new (f->path, spool, 0, &error);
  g_assert_no_error (error);
  for (int i = 500; i < 600; i++)
    log_seq (second, "M", i);
  g_assert_true (vigil_recorder_close (second, &error));
  g_assert_no_error (error);
  assert_in_order (f->path, "M", 600);
  assert_intact (f);
}

static void
test_invalid (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *spool = g_build_filename (f->dir, "spool.jsonl", NULL);
  g_autoptr(VigilRecorder) recorder = NULL;
  g_autoptr(VigilDecision) d = vigil_decision_new ("M", "v1", "t", "BUY");
  g_autoptr(GError) error = NULL;

  recorder = vigil_recorder_new (f->path, spool, 0, &error);
  g_assert_no_error (error);
  vigil_decision_set_confidence (d, 1.5);
  g_assert_false (vigil_recorder_log (recorder, d, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (vigil_recorder_close (recorder, &error));
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM decisions"), ==, 0);

  g_clear_object (&recorder);
  {
    g_autofree char *missing = g_build_filename (f->dir, "missing.db", NULL);

    recorder = vigil_recorder_new (missing, spool, 0, &error);
  }
  g_assert_null (recorder);
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_MISSING);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/recorder/four-threads", Fixture, NULL, fixture_set_up, test_four_threads,
              fixture_tear_down);
  g_test_add ("/recorder/locked", Fixture, NULL, fixture_set_up, test_locked,
              fixture_tear_down);
  g_test_add ("/recorder/full-ring", Fixture, NULL, fixture_set_up, test_full_ring,
              fixture_tear_down);
  g_test_add ("/recorder/left-for-next", Fixture, NULL, fixture_set_up, test_left_for_next,
              fixture_tear_down);
  g_test_add ("/recorder/invalid", Fixture, NULL, fixture_set_up, test_invalid,
              fixture_tear_down);
  return g_test_run ();
}
