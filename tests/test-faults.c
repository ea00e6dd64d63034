/* test-faults.c: every fault named, nothing half-recorded
 *
 * Each command runs as vigilctl-fault (vigilctl with the fault VFS of vigil-fault-vfs.c under
 * every connection) on a fresh copy of a small database, once to count its writes and syncs,
 * then once for each N of them, with the N-th failing as an I/O error and as a full disk.
 * After every run: no GLib warning; a failure exits non-zero with one plain line; nothing the
 * command committed lacks its event; the database still verifies intact (SQLite's journal
 * should see to that); and what the command says it did, it did.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vigil-alert.h"
#include "vigil-sql-sqlite.h"
#include "vigil-store-private.h"
#include "vigil-store.h"
#include "vigil-test-util.h"

/* Runs per command and kind of fault, at most, spread evenly over the command's writes and
 * syncs: the test stays fast, also under AddressSanitizer. */
#define MAX_RUNS 12

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_free (Run *run)
{
  g_free (run->out);
  g_free (run->err);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

static const char *
faulty_vigilctl (void)
{
  const char *path = g_getenv ("VIGILCTL_FAULT");

  if (path == NULL)
    g_error ("Set VIGILCTL_FAULT to the vigilctl-fault binary (meson test does)");
  return path;
}

/* vigilctl-fault --db DB ARGS…, its N-th write or sync failing as @fault says ("0": none). */
static Run *
run_faulty (Fixture           *f,
            const char        *db,
            const char        *fault,
            gint64            *out_count,
            const char *const *args)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *count_path = g_build_filename (f->dir, "count", NULL);
  Run *run = g_new0 (Run, 1);
  const char *data;
  gsize len;

  g_ptr_array_add (argv, (char *) faulty_vigilctl ());
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, (char *) db);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_set_cwd (launcher, f->dir);
  g_subprocess_launcher_setenv (launcher, "VIGIL_FAULT_AT", fault, TRUE);
  g_subprocess_launcher_setenv (launcher, "VIGIL_FAULT_COUNT", count_path, TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  g_subprocess_launcher_unsetenv (launcher, "VIGIL_DB");
  proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);

  run->status = g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1;
  data = g_bytes_get_data (out, &len);
  run->out = g_strndup (data ? data : "", len);
  data = g_bytes_get_data (err, &len);
  run->err = g_strndup (data ? data : "", len);
  if (out_count != NULL)
    {
      g_autofree char *text = NULL;

      g_assert_true (g_file_get_contents (count_path, &text, NULL, NULL));
      *out_count = g_ascii_strtoll (text, NULL, 10);
    }
  g_unlink (count_path);
  return run;
}

static gint64
count (const char *db,
       const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  sqlite3 *handle = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (db, &handle, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
  return n;
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (from, &data, &len, &error));
  g_assert_true (g_file_set_contents (to, data, (gssize) len, &error));
  g_assert_no_error (error);
}

/* A fresh copy of the base database for one run, with no WAL or journal left of the last. */
static char *
fresh_copy (Fixture *f)
{
  g_autofree char *db = g_build_filename (f->dir, "run.db", NULL);
  const char *suffixes[] = { "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *side = g_strconcat (db, suffixes[i], NULL);

      g_unlink (side);
    }
  copy_file (f->path, db);
  return g_steal_pointer (&db);
}

typedef enum
{
  CHECK_DECISIONS,   /* every decision lies in the range of an event that added it */
  CHECK_ACK,
  CHECK_REPORT,
  CHECK_VERIFY,
} Check;

typedef struct
{
  const char *name;
  Check       check;
  const char *args[12];
  gint64      adds;        /* decisions a successful run adds */
} Command;

/* No GLib warning or critical, whatever happened; a failure says so in one plain line. */
static gboolean
is_plain (const Run *run)
{
  const char *nl = strchr (run->err, '\n');

  if (strstr (run->err, "WARNING **") != NULL || strstr (run->err, "CRITICAL **") != NULL ||
      run->status < 0)
    return FALSE;
  return run->status == 0 ||
         (g_str_has_prefix (run->err, "vigilctl: ") && nl != NULL && nl[1] == '\0');
}

/* The decisions added after the first @before lie each in the range of an event that added
 * them. */
static gboolean
decisions_accounted (const char *db,
                     gint64      before)
{
  g_autofree char *sql =
    g_strdup_printf ("SELECT count(*) FROM decisions d WHERE d.id > %" G_GINT64_FORMAT " AND "
                     "NOT EXISTS (SELECT 1 FROM events e "
                     "WHERE e.action IN ('import', 'follow', 'log', 'simulate') "
                     "AND d.id BETWEEN json_extract(e.details, '$.first_id') "
                     "AND json_extract(e.details, '$.last_id'))", before);

  return count (db, sql) == 0;
}

/* What must hold after a run of @cmd that exited with @run->status: one plain message, every
 * decision added in the range of the event that added it. FALSE when a decision is not. */
static gboolean
check_after (Fixture       *f,
             const Command *cmd,
             const char    *db,
             const Run     *run,
             gint64         base_decisions,
             gint64         base_events)
{
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilLedgerReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gboolean accounted = is_plain (run);

  if (!accounted)
    g_error ("%s: not one plain message: exit %d, %s", cmd->name, run->status, run->err);

  switch (cmd->check)
    {
    case CHECK_DECISIONS:
      accounted = accounted && decisions_accounted (db, base_decisions);
      if (run->status == 0)
        g_assert_cmpint (count (db, "SELECT count(*) FROM decisions"), ==,
                         base_decisions + cmd->adds);
      break;
    case CHECK_ACK:
      /* Acknowledged exactly when its event is there; exit 0 exactly when both are. */
      g_assert_cmpint (count (db, "SELECT acknowledged FROM alerts WHERE id = 1"), ==,
                       count (db, "SELECT count(*) FROM events WHERE action = 'acknowledge' "
                                  "AND target = 'alert:1'"));
      g_assert_cmpint (count (db, "SELECT acknowledged FROM alerts WHERE id = 1"), ==,
                       run->status == 0);
      break;
    case CHECK_REPORT:
      {
        g_autofree char *pdf = g_build_filename (f->dir, "report.pdf", NULL);
        gint64 recorded = count (db, "SELECT count(*) FROM reports");

        g_assert_cmpint (recorded, ==,
                         count (db, "SELECT count(*) FROM reports r JOIN events e "
                                    "ON e.target = 'report:' || r.id "
                                    "AND e.action = 'report_exported'"));
        /* A PDF is left exactly when it was recorded, never empty. */
        g_assert_cmpint (recorded, ==, run->status == 0);
        g_assert_cmpint (g_file_test (pdf, G_FILE_TEST_EXISTS), ==, run->status == 0);
        if (run->status == 0)
          {
            g_autofree char *data = NULL;
            g_autofree char *sha = NULL;
            g_autofree char *sql = NULL;
            gsize len;

            g_assert_true (g_file_get_contents (pdf, &data, &len, NULL));
            g_assert_cmpuint (len, >, 0);
            sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
            sql = g_strdup_printf ("SELECT count(*) FROM reports WHERE pdf_sha256 = '%s'", sha);
            g_assert_cmpint (count (db, sql), ==, 1);
          }
        g_unlink (pdf);
      }
      break;
    case CHECK_VERIFY:
      /* The ledger is intact whatever happened to the checkpoint: exit 0, and a warning when
       * it was not recorded. */
      g_assert_cmpint (run->status, ==, 0);
      g_assert_true (g_str_has_prefix (run->out, "intact: "));
      if (count (db, "SELECT count(*) FROM events") == base_events + 1)
        g_assert_nonnull (strstr (run->out, "checkpoint: recorded"));
      else
        {
          g_assert_cmpint (count (db, "SELECT count(*) FROM events"), ==, base_events);
          g_assert_nonnull (strstr (run->err, "no checkpoint was recorded"));
        }
      break;
    }

  store = vigil_store_open (db, VIGIL_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  report = vigil_store_verify (store, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  if (!vigil_ledger_report_is_intact (report))
    g_error ("%s after a fault: %s", cmd->name, vigil_ledger_report_get_reason (report));
  return accounted;
}

static void
run_command (Fixture       *f,
             const Command *cmd)
{
  const char *kinds[] = { "", ":enospc" };
  gint64 base_decisions = count (f->path, "SELECT count(*) FROM decisions");
  gint64 base_events = count (f->path, "SELECT count(*) FROM events");
  gint64 total = 0;
  guint unaccounted = 0, reached = 0;

  /* Once with no fault: how many writes and syncs the command makes, and that it works. */
  {
    g_autofree char *db = fresh_copy (f);
    g_autoptr(Run) run = run_faulty (f, db, "0", &total, cmd->args);

    if (run->status != 0)
      g_error ("%s failed with no fault: %s", cmd->name, run->err);
    if (!check_after (f, cmd, db, run, base_decisions, base_events))
      unaccounted++;
    g_assert_cmpint (total, >, 0);
    g_test_message ("%s: %" G_GINT64_FORMAT " writes and syncs", cmd->name, total);
  }

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    for (gint64 n = 1 + k * (total / MAX_RUNS / 2); n <= total; n += MAX (1, total / MAX_RUNS))
      {
        g_autofree char *db = fresh_copy (f);
        g_autofree char *fault = g_strdup_printf ("%" G_GINT64_FORMAT "%s", n, kinds[k]);
        g_autoptr(Run) run = run_faulty (f, db, fault, NULL, cmd->args);

        g_test_message ("%s, fault %s: exit %d %s", cmd->name, fault, run->status, run->err);
        if (run->status != 0 || strstr (run->err, "no checkpoint was recorded") != NULL)
          reached++;
        if (!check_after (f, cmd, db, run, base_decisions, base_events))
          unaccounted++;
      }
  /* The faults did reach the command: some runs failed, or recorded no checkpoint. */
  g_assert_cmpuint (reached, >, 0);
  g_assert_cmpuint (unaccounted, ==, 0);
}

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  g_autoptr(VigilAlert) alert = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autofree char *spool = NULL;
  gboolean inserted = FALSE;

  fixture_set_up (f, data);
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(VigilDecision) d = make_decision ("FraudNet", i % 3 ? "APPROVE" : "DECLINE",
                                                  "2026-03-02T10:00:00Z", 0.5 + i / 100.0,
                                                  "ACME");
      g_assert_true (vigil_store_log_decision (f->store, d, NULL, &error));
      g_assert_no_error (error);
    }
  alert = vigil_alert_new ("distribution_shift", VIGIL_SEVERITY_HIGH, "FraudNet",
                           "DECLINE share rose from 20% to 45%");
  vigil_alert_set_subject (alert, "DECLINE");
  vigil_alert_set_windows (alert, "2026-03-01T00:00:00Z", "2026-03-08T00:00:00Z",
                           "2026-03-09T00:00:00Z");
  vigil_alert_set_evidence (alert, 0.45, 0.2, 0.2, 120, 840, 1e-6);
  g_assert_true (vigil_store_add_alert (f->store, alert, &inserted, &error));
  g_assert_no_error (error);
  g_clear_object (&f->store);

  for (guint i = 0; i < 12; i++)
    g_string_append_printf (lines, "{\"timestamp\":\"2026-03-03T10:%02u:00Z\","
                            "\"model_name\":\"FraudNet\",\"model_version\":\"v1\","
                            "\"decision_type\":\"credit\",\"prediction\":\"APPROVE\","
                            "\"confidence\":0.8}\n", i);
  for (guint i = 0; i < 2; i++)
    {
      spool = g_build_filename (f->dir, i == 0 ? "decisions.jsonl" : "spool.jsonl", NULL);
      g_assert_true (g_file_set_contents (spool, lines->str, -1, &error));
      g_clear_pointer (&spool, g_free);
    }
}

static void
test_import (Fixture       *f,
             gconstpointer  data)
{
  Command cmd = { "import", CHECK_DECISIONS, { "import", "decisions.jsonl", NULL }, 12 };

  run_command (f, &cmd);
}

static void
test_follow (Fixture       *f,
             gconstpointer  data)
{
  Command cmd = { "follow", CHECK_DECISIONS, { "follow", "--once", "spool.jsonl", NULL }, 12 };

  run_command (f, &cmd);
}

static void
test_simulate (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *empty = g_build_filename (f->dir, "empty.db", NULL);
  g_autoptr(VigilStore) store = vigil_store_open (empty, VIGIL_STORE_OPEN_CREATE, NULL);
  Command cmd = { "simulate", CHECK_DECISIONS,
                  { "simulate", "--start", "2026-11-01", "--days", "4", "--trading-per-day",
                    "3", "--credit-per-day", "2", NULL }, 20 };

  /* Simulated decisions go into a database that holds no real ones. */
  g_clear_object (&store);
  g_free (f->path);
  f->path = g_steal_pointer (&empty);
  run_command (f, &cmd);
}

static void
test_acknowledge (Fixture       *f,
                  gconstpointer  data)
{
  Command cmd = { "ack", CHECK_ACK, { "ack", "1", "--by", "Ana Risk", NULL }, 0 };

  run_command (f, &cmd);
}

static void
test_report (Fixture       *f,
             gconstpointer  data)
{
  Command cmd = { "report", CHECK_REPORT,
                  { "report", "--from", "2026-03-01", "--to", "2026-03-08", "--pdf",
                    "report.pdf", NULL }, 0 };

  run_command (f, &cmd);
}

static void
test_verify (Fixture       *f,
             gconstpointer  data)
{
  Command cmd = { "verify", CHECK_VERIFY, { "verify", NULL }, 0 };

  run_command (f, &cmd);
}

/* The findings one by one ------------------------------------------------------------------- */

/* Plain vigilctl (no fault) on @db, started; finish it with finish_run(). */
static GSubprocess *
start_vigilctl (Fixture           *f,
                const char        *db,
                const char *const *args)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *proc;

  g_ptr_array_add (argv, (char *) g_getenv ("VIGILCTL"));
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, (char *) db);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_set_cwd (launcher, f->dir);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  return proc;
}

static Run *
finish_run (GSubprocess *proc)
{
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) error = NULL;
  Run *run = g_new0 (Run, 1);
  const char *data;
  gsize len;

  g_subprocess_communicate (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1;
  data = g_bytes_get_data (out, &len);
  run->out = g_strndup (data ? data : "", len);
  data = g_bytes_get_data (err, &len);
  run->err = g_strndup (data ? data : "", len);
  g_object_unref (proc);
  return run;
}

static Run *
vigilctl (Fixture           *f,
          const char        *db,
          const char *const *args)
{
  return finish_run (start_vigilctl (f, db, args));
}

/* Another program holds the write lock longer than vigilctl waits: verify still says intact
 * and exits 0, with a warning that no checkpoint was recorded; a report cannot record itself,
 * so it exits 1 and leaves no PDF. */
static void
test_locked (Fixture       *f,
             gconstpointer  data)
{
  const char *verify_args[] = { "verify", NULL };
  const char *report_args[] = { "report", "--from", "2026-03-01", "--to", "2026-03-08", "--pdf",
                                "locked.pdf", NULL };
  g_autofree char *pdf = g_build_filename (f->dir, "locked.pdf", NULL);
  g_autoptr(Run) verify = NULL;
  g_autoptr(Run) report = NULL;
  GSubprocess *verifying, *reporting;
  sqlite3 *holder = NULL;
  gint64 events = count (f->path, "SELECT count(*) FROM events");

  g_assert_cmpint (sqlite3_open (f->path, &holder), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (holder, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  /* Both wait out the same lock at once. */
  verifying = start_vigilctl (f, f->path, verify_args);
  reporting = start_vigilctl (f, f->path, report_args);
  verify = finish_run (verifying);
  report = finish_run (reporting);
  sqlite3_exec (holder, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (holder);

  g_assert_cmpint (verify->status, ==, 0);
  g_assert_true (g_str_has_prefix (verify->out, "intact: "));
  g_assert_nonnull (strstr (verify->err, "warning: the ledger is intact, but no checkpoint was "
                                         "recorded"));
  g_assert_nonnull (strstr (verify->err, "locked"));

  g_assert_cmpint (report->status, ==, 1);
  g_assert_nonnull (strstr (report->err, "could not be recorded, so its PDF was removed"));
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_assert_cmpint (count (f->path, "SELECT count(*) FROM events"), ==, events);
  g_assert_cmpint (count (f->path, "SELECT count(*) FROM reports"), ==, 0);
}

/* A database file that cannot be written: verify exits 0 with its warning; a report is not
 * written at all. The permission bits do not bind root, so there it checks nothing. */
static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  const char *verify_args[] = { "verify", NULL };
  const char *report_args[] = { "report", "--from", "2026-03-01", "--to", "2026-03-08", "--pdf",
                                "ro.pdf", NULL };
  g_autofree char *pdf = g_build_filename (f->dir, "ro.pdf", NULL);
  g_autoptr(Run) verify = NULL;
  g_autoptr(Run) report = NULL;

  if (geteuid () == 0)
    {
      g_test_skip ("root writes to read-only files");
      return;
    }
  g_assert_cmpint (g_chmod (f->path, 0400), ==, 0);
  verify = vigilctl (f, f->path, verify_args);
  report = vigilctl (f, f->path, report_args);
  g_chmod (f->path, 0600);

  g_assert_cmpint (verify->status, ==, 0);
  g_assert_nonnull (strstr (verify->err, "no checkpoint was recorded"));
  g_assert_nonnull (strstr (verify->err, "read-only"));
  g_assert_cmpint (report->status, ==, 1);
  g_assert_nonnull (strstr (report->err, "read-only"));
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
}

/* A database created by --db is its owner's alone, and so are its -wal and -shm. */
static void
test_new_file_private (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *db = g_build_filename (f->dir, "new", "fresh.db", NULL);
  const char *args[] = { "import", "decisions.jsonl", NULL };
  const char *suffixes[] = { "", "-wal", "-shm" };
  mode_t old_umask = umask (022);
  g_autoptr(Run) run = NULL;
  GSubprocess *proc;
  GStatBuf st;

  proc = start_vigilctl (f, db, args);
  umask (old_umask);
  run = finish_run (proc);
  g_assert_cmpint (run->status, ==, 0);

  /* The -wal and -shm are there while a connection is open. */
  {
    g_autoptr(VigilStore) store = vigil_store_open (db, VIGIL_STORE_OPEN_DEFAULT, NULL);

    g_assert_nonnull (store);
    g_autofree char *purpose = vigil_store_get_meta (store, "purpose");

    g_assert_cmpstr (purpose, ==, "production");
    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *path = g_strconcat (db, suffixes[i], NULL);

        g_assert_cmpint (g_stat (path, &st), ==, 0);
        g_assert_cmpint (st.st_mode & 0777, ==, 0600);
      }
  }
}

/* Damage done to the file outside SQLite, at known places. */
static char *
damaged_copy (Fixture    *f,
              const char *name,
              const int  *pages,
              gsize       n_pages,
              gint64      truncate_at)
{
  g_autofree char *db = g_build_filename (f->dir, name, NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  FILE *file;

  copy_file (f->path, db);
  file = fopen (db, "r+b");
  g_assert_nonnull (file);
  for (gsize i = 0; i < n_pages; i++)
    {
      guint8 noise[4096];

      for (guint b = 0; b < sizeof noise; b++)
        noise[b] = (guint8) g_rand_int_range (rand, 0, 256);
      g_assert_cmpint (fseek (file, (long) (pages[i] - 1) * 4096, SEEK_SET), ==, 0);
      g_assert_cmpuint (fwrite (noise, 1, sizeof noise, file), ==, sizeof noise);
    }
  fclose (file);
  if (truncate_at > 0)
    g_assert_cmpint (truncate (db, truncate_at), ==, 0);
  return g_steal_pointer (&db);
}

/* The root page of @name, and a page of the decisions table past its first. */
static int
page_of (const char *db,
         const char *sql)
{
  return (int) count (db, sql);
}

static void
assert_damaged (Fixture    *f,
                const char *db)
{
  const char *verify_args[] = { "verify", NULL };
  const char *report_args[] = { "report", "--from", "2026-03-01", "--to", "2026-03-08",
                                "--json", "damaged.json", NULL };
  const char *import_args[] = { "import", "decisions.jsonl", NULL };
  g_autoptr(Run) verify = vigilctl (f, db, verify_args);
  g_autoptr(Run) report = vigilctl (f, db, report_args);
  g_autoptr(Run) import = vigilctl (f, db, import_args);

  g_test_message ("verify: %s%s", verify->out, verify->err);
  g_test_message ("report: %s%s", report->out, report->err);
  g_test_message ("import: %s%s", import->out, import->err);

  g_assert_cmpint (verify->status, ==, 1);
  g_assert_nonnull (strstr (verify->out, "the file is damaged: quick_check found"));
  g_assert_nonnull (strstr (verify->out, "what can still be read"));
  g_assert_null (strstr (verify->out, "intact:"));

  /* Never "verified intact": either the report says the file is damaged, or it could not be
   * built and says why. */
  g_assert_cmpint (report->status, ==, 1);
  g_assert_null (strstr (report->out, "verified intact"));
  g_assert_nonnull (strstr (report->out, "the file is damaged") != NULL
                    ? report->out : strstr (report->err, "damaged"));

  g_assert_cmpint (import->status, ==, 1);
  g_assert_nonnull (strstr (import->err, "is damaged"));
  g_assert_null (strstr (import->err, "constraint"));
  g_assert_null (strstr (import->err, "WARNING"));
}

static void
test_damaged (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *spool = g_build_filename (f->dir, "many.jsonl", NULL);
  g_autofree char *index = NULL, *table = NULL, *cut = NULL;
  int index_pages[2], table_pages[1];
  gint64 n_pages;
  const char *import_args[] = { "import", "many.jsonl", NULL };
  g_autoptr(Run) filled = NULL;

  /* Enough decisions for indexes of several pages. */
  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (lines, "{\"timestamp\":\"2026-03-0%uT%02u:%02u:00Z\","
                            "\"model_name\":\"FraudNet\",\"model_version\":\"v1\","
                            "\"decision_type\":\"credit\",\"prediction\":\"APPROVE\","
                            "\"confidence\":0.%03u,\"ticker\":\"T%04u\"}\n",
                            2 + i % 5, i % 24, i % 60, i % 1000, i);
  g_assert_true (g_file_set_contents (spool, lines->str, -1, &error));
  filled = vigilctl (f, f->path, import_args);
  g_assert_cmpint (filled->status, ==, 0);
  /* Everything in the file itself, none in a WAL. */
  store = vigil_store_open (f->path, VIGIL_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  n_pages = count (f->path, "PRAGMA page_count");
  /* Two leaves of an index the chains do not read, a leaf of the decisions table, and the file
   * cut in the middle of its last page. */
  index_pages[0] = page_of (f->path, "SELECT max(pageno) FROM dbstat WHERE name = "
                                     "'decisions_time' AND pagetype = 'leaf'");
  index_pages[1] = page_of (f->path, "SELECT min(pageno) FROM dbstat WHERE name = "
                                     "'decisions_model_cover' AND pagetype = 'leaf'");
  table_pages[0] = page_of (f->path, "SELECT max(pageno) FROM dbstat WHERE name = 'decisions' "
                                     "AND pagetype = 'leaf'");
  index = damaged_copy (f, "index.db", index_pages, 2, 0);
  table = damaged_copy (f, "table.db", table_pages, 1, 0);
  cut = damaged_copy (f, "cut.db", NULL, 0, (n_pages - 1) * 4096 + 1000);

  assert_damaged (f, index);
  assert_damaged (f, table);
  assert_damaged (f, cut);
}

/* A trigger planted in the file would run inside Vigil's own writes: nothing is written while
 * it is there, and the message names it; verify names it, and a table or view Vigil did not
 * create. */
static void
test_foreign_schema (Fixture       *f,
                     gconstpointer  data)
{
  const char *ack_args[] = { "ack", "1", "--by", "Ana Risk", NULL };
  const char *import_args[] = { "import", "decisions.jsonl", NULL };
  const char *verify_args[] = { "verify", NULL };
  g_autoptr(Run) ack = NULL;
  g_autoptr(Run) import = NULL;
  g_autoptr(Run) verify = NULL;
  gint64 events = count (f->path, "SELECT count(*) FROM events");
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "CREATE TRIGGER approve_all AFTER INSERT ON decisions BEGIN "
                                 "UPDATE decisions SET review_status = 'approved' "
                                 "WHERE id = new.id; END;"
                                 "CREATE TABLE shadow_notes (x);"
                                 "CREATE VIEW handled AS SELECT id FROM alerts;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  ack = vigilctl (f, f->path, ack_args);
  import = vigilctl (f, f->path, import_args);
  verify = vigilctl (f, f->path, verify_args);

  g_assert_cmpint (ack->status, ==, 1);
  g_assert_nonnull (strstr (ack->err, "trigger approve_all on table decisions is not one of "
                                      "Vigil’s"));
  g_assert_cmpint (import->status, ==, 1);
  g_assert_nonnull (strstr (import->err, "approve_all"));
  g_assert_cmpint (count (f->path, "SELECT count(*) FROM decisions"), ==, 20);
  g_assert_cmpint (count (f->path, "SELECT acknowledged FROM alerts WHERE id = 1"), ==, 0);
  g_assert_cmpint (count (f->path, "SELECT count(*) FROM events"), ==, events);

  g_assert_cmpint (verify->status, ==, 1);
  g_assert_nonnull (strstr (verify->out, "approve_all"));
  g_assert_nonnull (strstr (verify->out, "table shadow_notes is not one of Vigil’s"));
  g_assert_nonnull (strstr (verify->out, "view handled is not one of Vigil’s"));
}

/* Every connection of the store is hardened against what the file holds. */
static void
test_hardened (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (f->path, VIGIL_STORE_OPEN_DEFAULT, &error);
  sqlite3 *db;
  int defensive = -1, trusted = -1;

  g_assert_no_error (error);
  db = vigil_sql_sqlite_get_handle (vigil_store_get_sql (store));
  sqlite3_db_config (db, SQLITE_DBCONFIG_DEFENSIVE, -1, &defensive);
  sqlite3_db_config (db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, -1, &trusted);
  g_assert_cmpint (defensive, ==, 1);
  g_assert_cmpint (trusted, ==, 0);
  /* Defensive mode: the schema cannot be written as a table. */
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA writable_schema = ON; "
                                     "UPDATE sqlite_master SET sql = sql WHERE 0", NULL, NULL,
                                 NULL), !=, SQLITE_OK);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/vigil/faults/import", Fixture, NULL, set_up, test_import, fixture_tear_down);
  g_test_add ("/vigil/faults/follow", Fixture, NULL, set_up, test_follow, fixture_tear_down);
  g_test_add ("/vigil/faults/simulate", Fixture, NULL, set_up, test_simulate,
              fixture_tear_down);
  g_test_add ("/vigil/faults/acknowledge", Fixture, NULL, set_up, test_acknowledge,
              fixture_tear_down);
  g_test_add ("/vigil/faults/report", Fixture, NULL, set_up, test_report, fixture_tear_down);
  g_test_add ("/vigil/faults/verify", Fixture, NULL, set_up, test_verify, fixture_tear_down);
  g_test_add ("/vigil/faults/locked", Fixture, NULL, set_up, test_locked, fixture_tear_down);
  g_test_add ("/vigil/faults/read-only", Fixture, NULL, set_up, test_read_only,
              fixture_tear_down);
  g_test_add ("/vigil/faults/new-file-private", Fixture, NULL, set_up, test_new_file_private,
              fixture_tear_down);
  g_test_add ("/vigil/faults/damaged", Fixture, NULL, set_up, test_damaged, fixture_tear_down);
  g_test_add ("/vigil/faults/foreign-schema", Fixture, NULL, set_up, test_foreign_schema,
              fixture_tear_down);
  g_test_add ("/vigil/faults/hardened", Fixture, NULL, set_up, test_hardened,
              fixture_tear_down);
  return g_test_run ();
}
