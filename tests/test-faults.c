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

#include "vigil-alert.h"
#include "vigil-store.h"
#include "vigil-test-util.h"

/* Runs per command and kind of fault, at most, spread evenly over the command's writes and
 * syncs: the test stays fast, also under AddressSanitizer. */
#define MAX_RUNS 16

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
  gboolean    pending;     /* the importer does not yet record an event per transaction */
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

/* What must hold after a run of @cmd that exited with @run->status. FALSE only for what the
 * importer does not yet guarantee (decisions committed before their event, a GLib warning
 * about it): asserted for every other command. */
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

  if (!accounted && !cmd->pending)
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
  if (unaccounted > 0 && cmd->pending)
    g_test_incomplete ("decisions were committed without the event that adds them: the "
                       "importer records its event after its transactions");
  else
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
  Command cmd = { "import", CHECK_DECISIONS, { "import", "decisions.jsonl", NULL }, 12, TRUE };

  run_command (f, &cmd);
}

static void
test_follow (Fixture       *f,
             gconstpointer  data)
{
  Command cmd = { "follow", CHECK_DECISIONS, { "follow", "--once", "spool.jsonl", NULL }, 12,
                  TRUE };

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
                    "3", "--credit-per-day", "2", NULL }, 20, FALSE };

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
  Command cmd = { "ack", CHECK_ACK, { "ack", "1", "--by", "Ana Risk", NULL }, 0, FALSE };

  run_command (f, &cmd);
}

static void
test_report (Fixture       *f,
             gconstpointer  data)
{
  Command cmd = { "report", CHECK_REPORT,
                  { "report", "--from", "2026-03-01", "--to", "2026-03-08", "--pdf",
                    "report.pdf", NULL }, 0, FALSE };

  run_command (f, &cmd);
}

static void
test_verify (Fixture       *f,
             gconstpointer  data)
{
  Command cmd = { "verify", CHECK_VERIFY, { "verify", NULL }, 0, FALSE };

  run_command (f, &cmd);
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
  return g_test_run ();
}
