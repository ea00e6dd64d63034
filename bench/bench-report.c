/* bench-report.c: the audit report of a week of a database of 10M decisions, to PDF
 *
 * Target: a report for a week of a 10M-decision database in under 2 s (issue 5). The report
 * is built (dashboards per model from the daily roll-ups, alerts, reviews, the policy and the
 * ledger verified in full) and written as an A4 PDF; the export is not recorded.
 *
 * First, one full verification is timed alone. With --allow-write (the bench database is
 * scratch data) its intact result is recorded as a checkpoint in the database, a
 * ledger_verified event; without it the database is opened read-only and not changed. The
 * report verifies in full either way.
 *
 * With --postgres URI, the same on bench-dashboard's database of --n decisions on that server
 * (vigil_bench_dashboard_N), after the SQLite file.
 *
 * Usage: bench-report [--db PATH] [--postgres URI [--n N]] [--from YYYY-MM-DD] [--days N]
 *                     [--allow-write]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bench-report"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "bench-fill.h"
#include "vigil-report.h"

#define TARGET 2.0

static char *opt_db = (char *) "/tmp/dash-bench10m/dashboard-10000000.db";
static char *opt_from = (char *) "2026-11-23";
static int opt_days = 7;
static gboolean opt_allow_write = FALSE;
static char *opt_postgres;
static gint64 opt_n = 10000000;

static gint64 verify_start, verify_end;

static void
progress (double      fraction,
          const char *phase,
          gpointer    data)
{
  /* The ledger's replay is the phase from 0.55 to 1.0. */
  if (verify_start == 0 && fraction >= 0.55)
    verify_start = g_get_monotonic_time ();
  if (fraction >= 1.0)
    verify_end = g_get_monotonic_time ();
}

/* The full verification, then the report of @period from @location; prints the figures.
 * Returns 0 when the report met the target, 1 when not, 2 when it failed. */
static int
run_report (const char        *location,
            const char        *shown,
            const char        *engine,
            const VigilPeriod *period,
            const char        *last,
            const char        *pdf,
            double            *out_total)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilReport) report = NULL;
  g_autoptr(VigilLedgerReport) full = NULL;
  g_autofree char *sha256 = NULL;
  gint64 f0, f1, f2;
  gint64 t0, t1, t2, t3;
  double build_s, pdf_s, total_s;

  verify_start = verify_end = 0;
  store = vigil_store_open (location, opt_allow_write ? VIGIL_STORE_OPEN_DEFAULT
                                                      : VIGIL_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL)
    {
      g_printerr ("bench-report: %s\n", error->message);
      return 2;
    }

  /* The periodic full verification, and the checkpoint it leaves */
  f0 = g_get_monotonic_time ();
  full = vigil_store_verify (store, NULL, NULL, NULL, &error);
  if (full == NULL)
    {
      g_printerr ("bench-report: %s\n", error->message);
      return 2;
    }
  f1 = g_get_monotonic_time ();
  if (opt_allow_write && vigil_ledger_report_is_intact (full) &&
      !vigil_store_record_checkpoint (store, full, "bench-report", NULL, &error))
    {
      g_printerr ("bench-report: %s\n", error->message);
      return 2;
    }
  f2 = g_get_monotonic_time ();
  g_clear_object (&store);

  t0 = g_get_monotonic_time ();
  store = vigil_store_open (location, VIGIL_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL)
    {
      g_printerr ("bench-report: %s\n", error->message);
      return 2;
    }
  t1 = g_get_monotonic_time ();
  report = vigil_report_build (store, period, NULL, NULL, "bench", NULL, progress, NULL,
                               &error);
  if (report == NULL)
    {
      g_printerr ("bench-report: %s\n", error->message);
      return 2;
    }
  t2 = g_get_monotonic_time ();
  if (!vigil_report_write_pdf (report, pdf, VIGIL_PAPER_A4, &sha256, NULL, NULL, NULL, &error))
    {
      g_printerr ("bench-report: %s\n", error->message);
      return 2;
    }
  t3 = g_get_monotonic_time ();

  build_s = (t2 - t1) / 1e6;
  pdf_s = (t3 - t2) / 1e6;
  total_s = (t3 - t0) / 1e6;
  printf ("%s\n", engine);
  printf ("database:      %s\n", shown);
  printf ("period:        %s to %s (%d days)\n", opt_from, last, opt_days);
  printf ("decisions:     %" G_GINT64_FORMAT " in the period, %u alerts\n",
          vigil_report_get_total_decisions (report), vigil_report_get_n_alerts (report));
  printf ("full verify:   %.3f s, %" G_GINT64_FORMAT " records (%.0f records/s), %s%s\n",
          (f1 - f0) / 1e6, vigil_ledger_report_get_rehashed (full),
          vigil_ledger_report_get_rehashed (full) / ((f1 - f0) / 1e6),
          vigil_ledger_report_is_intact (full) ? "intact" : "BROKEN",
          opt_allow_write ? "; recorded as a checkpoint" : "; not recorded (read-only)");
  if (opt_allow_write)
    printf ("checkpoint:    %.3f s to record\n", (f2 - f1) / 1e6);
  printf ("ledger:        %s, %" G_GINT64_FORMAT " records, verified in full (every report "
          "does)\n",
          vigil_report_is_ledger_intact (report) ? "intact" : "BROKEN",
          vigil_report_get_ledger_records (report));
  printf ("open:          %.3f s\n", (t1 - t0) / 1e6);
  printf ("build:         %.3f s (dashboards, alerts, reviews, ledger verification)\n",
          build_s);
  printf ("  of which the ledger: %.3f s; the rest: %.3f s\n",
          (verify_end - verify_start) / 1e6, build_s - (verify_end - verify_start) / 1e6);
  printf ("pdf:           %.3f s (%u pages)\n", pdf_s,
          vigil_report_get_n_pages (report, VIGIL_PAPER_A4));
  printf ("report total:  %.3f s (open, build, PDF), target < %.1f s: %s\n\n", total_s, TARGET,
          total_s < TARGET ? "PASS" : "FAIL");
  g_unlink (pdf);
  *out_total = total_s;
  return total_s < TARGET ? 0 : 1;
}

int
main (int    argc,
      char **argv)
{
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt_db, "The 10M database (read only)", "PATH" },
    { "postgres", 0, 0, G_OPTION_ARG_STRING, &opt_postgres,
      "Then on the PostgreSQL server of this URI, in bench-dashboard's database "
      "vigil_bench_dashboard_N", "URI" },
    { "n", 0, 0, G_OPTION_ARG_INT64, &opt_n, "The N of that database (10000000)", "N" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &opt_from, "First day of the week", "DAY" },
    { "days", 0, 0, G_OPTION_ARG_INT, &opt_days, "Days in the period", "N" },
    { "allow-write", 0, 0, G_OPTION_ARG_NONE, &opt_allow_write,
      "Record the full verification as a checkpoint in the database", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL, *pdf = NULL;
  VigilPeriod period;
  char last[VIGIL_DAY_LEN];
  GDate date;
  int y, m, d;
  int sqlite_status = 77, pg_status = 77;
  double sqlite_total = 0, pg_total = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-report: %s\n", error->message);
      return 1;
    }
  if (sscanf (opt_from, "%4d-%2d-%2d", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y) ||
      opt_days < 1)
    {
      g_printerr ("bench-report: bad --from or --days\n");
      return 1;
    }
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  g_date_add_days (&date, opt_days - 1);
  g_snprintf (last, sizeof last, "%04d-%02d-%02d", g_date_get_year (&date),
              g_date_get_month (&date), g_date_get_day (&date));
  if (!vigil_period_init_range (&period, opt_from, last, &error))
    {
      g_printerr ("bench-report: %s\n", error->message);
      return 1;
    }

  dir = g_dir_make_tmp ("bench-report-XXXXXX", &error);
  g_assert_no_error (error);
  pdf = g_build_filename (dir, "report.pdf", NULL);

  if (g_file_test (opt_db, G_FILE_TEST_EXISTS))
    sqlite_status = run_report (opt_db, opt_db, "SQLite", &period, last, pdf, &sqlite_total);
  else
    g_printerr ("bench-report: %s does not exist; create it with bench-dashboard\n", opt_db);

  if (opt_postgres != NULL)
    {
      g_autofree char *name = g_strdup_printf ("vigil_bench_dashboard_%" G_GINT64_FORMAT, opt_n);
      g_autofree char *uri = bench_pg_uri (opt_postgres, name);
      g_autofree char *shown = vigil_store_redact_uri (uri);
      g_autofree char *server = bench_pg_describe (opt_postgres);

      printf ("%s\n", server);
      pg_status = run_report (uri, shown, "PostgreSQL", &period, last, pdf, &pg_total);
    }
  g_rmdir (dir);

  if (sqlite_status <= 1)
    printf ("SQLite:     report %.3f s, target < %.1f s: %s\n", sqlite_total, TARGET,
            sqlite_status == 0 ? "PASS" : "FAIL");
  if (pg_status <= 1)
    printf ("PostgreSQL: report %.3f s, target < %.1f s: %s\n", pg_total, TARGET,
            pg_status == 0 ? "PASS" : "FAIL");
  if (sqlite_status == 2 || pg_status == 2)
    return 2;
  if (sqlite_status == 77 && pg_status == 77)
    return 77;
  return sqlite_status == 1 || pg_status == 1 ? 1 : 0;
}
