/* test-follower.c: VigilFollower commits a growing file exactly once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "vigil-follower.h"
#include "vigil-test-util.h"

static void
append (const char *path,
        const char *text)
{
  int fd = g_open (path, O_WRONLY | O_APPEND | O_CREAT, 0600);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, text, strlen (text)), ==, (gssize) strlen (text));
  close (fd);
}

static char *
line (int seq)
{
  return g_strdup_printf ("{\"model_name\":\"M\",\"model_version\":\"1\",\"decision_type\":\"t\","
                          "\"prediction\":\"BUY\",\"input_features\":{\"seq\":%d}}\n", seq);
}

static void
assert_seqs (const char *db_path,
             gint64      n)
{
  g_autofree char *sql = g_strdup_printf (
    "SELECT count(*) FROM decisions WHERE json_extract(input_features, '$.seq') = id - 1 "
    "AND id <= %" G_GINT64_FORMAT, n);

  g_assert_cmpint (count_rows (db_path, "SELECT count(*) FROM decisions"), ==, n);
  g_assert_cmpint (count_rows (db_path, sql), ==, n);
}

static void
test_partial (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *spool = g_build_filename (f->dir, "s.jsonl", NULL);
  g_autoptr(VigilFollower) follower = vigil_follower_new (f->store, spool);
  g_autoptr(GError) error = NULL;
  g_autofree char *l0 = line (0);
  g_autofree char *l1 = line (1);
  g_autofree char *head = g_strndup (l1, 20);

  /* No file yet, then a first line still being written: nothing to do, no error. */
  g_assert_true (vigil_follower_poll (follower, NULL, &error));
  append (spool, head);
  g_assert_true (vigil_follower_poll (follower, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM decisions"), ==, 0);
  g_assert_false (vigil_follower_is_drained (follower));

  /* Rewritten whole: a file is known by its complete first line. */
  g_unlink (spool);
  append (spool, l0);
  append (spool, head);
  g_assert_true (vigil_follower_poll (follower, NULL, &error));
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM decisions"), ==, 1);
  g_assert_cmpint (vigil_follower_get_offset (follower), ==, (gint64) strlen (l0));
  append (spool, l1 + 20);
  g_assert_true (vigil_follower_poll (follower, NULL, &error));
  g_assert_no_error (error);
  assert_seqs (f->path, 2);
  g_assert_true (vigil_follower_is_drained (follower));
  g_assert_cmpint (count_rows (f->path, "SELECT offset FROM followed_sources"), ==,
                   (gint64) (strlen (l0) + strlen (l1)));
}

typedef struct
{
  const char *path;
  int         n;
  gint        done;
} Writer;

static gpointer
writer (gpointer data)
{
  Writer *w = data;

  for (int i = 0; i < w->n; i++)
    {
      g_autofree char *l = line (i);
      gsize half = strlen (l) / 2;
      g_autofree char *first = g_strndup (l, half);

      /* Each line in two writes, so the follower sees halves. */
      append (w->path, first);
      append (w->path, l + half);
      if (i == w->n / 2)
        {
          g_autofree char *rotated = g_strconcat (w->path, ".1", NULL);

          g_assert_cmpint (g_rename (w->path, rotated), ==, 0);
        }
    }
  g_atomic_int_set (&w->done, 1);
  return NULL;
}

static void
test_concurrent_writer (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *spool = g_build_filename (f->dir, "s.jsonl", NULL);
  g_autoptr(VigilFollower) follower = vigil_follower_new (f->store, spool);
  g_autoptr(GError) error = NULL;
  Writer w = { spool, 20000, 0 };
  GThread *thread = g_thread_new ("writer", writer, &w);

  while (!g_atomic_int_get (&w.done))
    {
      g_assert_true (vigil_follower_poll (follower, NULL, &error));
      g_assert_no_error (error);
      g_usleep (2000);
    }
  g_thread_join (thread);
  g_assert_true (vigil_follower_poll (follower, NULL, &error));
  g_assert_no_error (error);
  assert_seqs (f->path, 20000);
  g_assert_cmpuint (vigil_follower_get_rotations (follower), ==, 1);
  g_assert_cmpint (vigil_follower_get_rejected (follower), ==, 0);
  g_assert_false (g_file_test (vigil_follower_get_quarantine_path (follower), G_FILE_TEST_EXISTS));
}

static void
test_two_followers (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *spool = g_build_filename (f->dir, "s.jsonl", NULL);
  g_autoptr(VigilStore) other_store = NULL;
  g_autoptr(VigilFollower) a = NULL;
  g_autoptr(VigilFollower) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *l0 = line (0);
  g_autofree char *l1 = line (1);

  other_store = vigil_store_open (f->path, VIGIL_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  a = vigil_follower_new (f->store, spool);
  b = vigil_follower_new (other_store, spool);
  append (spool, l0);
  g_assert_true (vigil_follower_poll (b, NULL, &error));
  g_assert_true (vigil_follower_poll (a, NULL, &error));
  g_assert_no_error (error);
  assert_seqs (f->path, 1);

  /* a knows the offset b committed; b, behind a now, refuses to commit a line twice. */
  append (spool, l1);
  g_assert_true (vigil_follower_poll (a, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (vigil_follower_poll (b, NULL, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CONFLICT);
  assert_seqs (f->path, 2);
}

static void
test_truncated (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *spool = g_build_filename (f->dir, "s.jsonl", NULL);
  g_autoptr(VigilFollower) follower = vigil_follower_new (f->store, spool);
  g_autoptr(GError) error = NULL;
  g_autofree char *l0 = line (0);
  g_autofree char *l1 = line (1);

  append (spool, l0);
  append (spool, l1);
  g_assert_true (vigil_follower_poll (follower, NULL, &error));
  g_assert_cmpint (truncate (spool, (off_t) strlen (l0) + 1), ==, 0);
  g_assert_false (vigil_follower_poll (follower, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "rotate it by renaming"));
}

/* What vigilctl follow and the app's spool watcher share: where rejected lines go, which
 * failure is polled again, and the one event of a whole run. */
static void
test_shared_rules (Fixture       *f,
                   gconstpointer  data)
{
  const char *paths[] = { "/spool/a.jsonl", "/spool/b \"x\".jsonl" };
  g_autofree char *quarantine = vigil_importer_default_quarantine_path ("/spool/a.jsonl");
  g_autofree char *from_stdin = vigil_importer_default_quarantine_path ("-");
  g_autoptr(GError) locked = g_error_new_literal (VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_LOCKED,
                                                  "locked");
  g_autoptr(GError) full = g_error_new_literal (VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_FULL,
                                                "full");
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (quarantine, ==, "/spool/a.jsonl.rejected");
  g_assert_cmpstr (from_stdin, ==, "stdin.rejected");
  g_assert_true (vigil_follower_error_is_transient (locked));
  g_assert_false (vigil_follower_error_is_transient (full));

  g_assert_true (vigil_follower_record_run (f->store, paths, 2, 0, 0, &error));
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM events WHERE action = 'follow'"),
                   ==, 0);
  g_assert_true (vigil_follower_record_run (f->store, paths, 2, 7, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f->path,
                               "SELECT count(*) FROM events WHERE action = 'follow' AND "
                               "target = '/spool/a.jsonl' AND details = '{\"sources\":"
                               "[\"/spool/a.jsonl\",\"/spool/b \\\"x\\\".jsonl\"],"
                               "\"imported\":7,\"rejected\":1}'"), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/follower/partial", Fixture, NULL, fixture_set_up, test_partial,
              fixture_tear_down);
  g_test_add ("/follower/concurrent-writer", Fixture, NULL, fixture_set_up,
              test_concurrent_writer, fixture_tear_down);
  g_test_add ("/follower/two-followers", Fixture, NULL, fixture_set_up, test_two_followers,
              fixture_tear_down);
  g_test_add ("/follower/shared-rules", Fixture, NULL, fixture_set_up, test_shared_rules,
              fixture_tear_down);
  g_test_add ("/follower/truncated", Fixture, NULL, fixture_set_up, test_truncated,
              fixture_tear_down);
  return g_test_run ();
}
