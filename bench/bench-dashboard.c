/* bench-dashboard.c: the dashboard's data for 7, 30 and 90 days of a database of 10M decisions
 *
 * DESIGN.md's budget: dashboard data for 90 days at 10M decisions under 0.3 s, off the main
 * thread. vigil_dashboard_load reads the daily roll-ups the store keeps in step with the
 * decisions, so its cost follows the days and categories of the period, not its decisions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bench-dashboard"

#include "config.h"

#include <glib/gstdio.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bench-fill.h"
#include "vigil-dashboard.h"
#include "vigil-detector.h"
#include "vigil-store-private.h"

#define DAYS       90
#define TARGET     0.3
#define FIRST_DAY  "2026-09-02"   /* 90 days to 2026-11-30 */
#define START_USEC G_GINT64_CONSTANT (1788307200000000) /* 2026-09-02T00:00:00Z */

static gint64 opt_n = 10000000;
static int opt_runs = 5;
static char *opt_dir;
static char *opt_postgres;

/* What the cards count besides decisions: the detector's alerts (and flagged decisions) as of
 * an hour before the end of the last day, and a few hundred reviews. */
static void
add_alerts_and_reviews (VigilStore *store,
                        gint64      n)
{
  g_autoptr(VigilDetector) detector = vigil_detector_new (store, NULL);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;

  results = vigil_detector_run (detector, "MomentumSignal", "2026-11-30T23:00:00", NULL, &error);
  if (results == NULL)
    g_error ("detect: %s", error->message);
  for (gint64 id = 1; id <= n; id += MAX (1, n / 300))
    if (!vigil_store_review_decision (store, id, "bench", VIGIL_REVIEW_APPROVED, NULL, &error))
      g_error ("review: %s", error->message);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
measure (VigilStore     *store,
         const char     *model,
         guint           n_days,
         VigilDashboard **out)
{
  g_autofree char *first_day = NULL;
  double times[32];
  char day[VIGIL_TIMESTAMP_LEN];

  vigil_timestamp_format (START_USEC + (gint64) (DAYS - n_days) * G_TIME_SPAN_DAY, day);
  day[10] = '\0';
  first_day = g_strdup (day);

  for (int i = 0; i < opt_runs; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VigilDashboard) dash = NULL;
      gint64 t0 = g_get_monotonic_time ();

      dash = vigil_dashboard_load (store, model, first_day, n_days, 1, 7, 0.30, NULL, &error);
      times[i] = (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC;
      if (dash == NULL)
        g_error ("dashboard: %s", error->message);
      if (i == opt_runs - 1)
        *out = g_steal_pointer (&dash);
    }
  qsort (times, opt_runs, sizeof (double), compare_doubles);
  return times[opt_runs / 2];
}

/* Times the loads on @store; FALSE when a 90-day load misses the target */
static gboolean
measure_store (VigilStore *store,
               const char *engine)
{
  const char *models[] = { NULL, "MomentumSignal" };
  const guint periods[] = { 7, 30, 90 };
  gboolean pass = TRUE;

  for (guint m = 0; m < G_N_ELEMENTS (models); m++)
    for (guint p = 0; p < G_N_ELEMENTS (periods); p++)
      {
        g_autoptr(VigilDashboard) dash = NULL;
        double median = measure (store, models[m], periods[p], &dash);
        gboolean judged = periods[p] == DAYS;

        g_print ("  %-10s %-16s %2u days: median %.4f s  (%" PRId64 " decisions, %u categories, "
                 "%u alerts, %" PRId64 " pending, %" PRId64 " flagged)%s\n", engine,
                 models[m] ? models[m] : "all models", periods[p], median,
                 dash->summary->total_decisions, dash->n_predictions, dash->n_alerts,
                 dash->summary->pending_reviews, dash->summary->flagged,
                 judged ? (median < TARGET ? "  PASS" : "  MISS") : "");
        if (judged)
          pass &= median < TARGET;
      }
  return pass;
}

/* The same database on the server of opt_postgres, vigil_bench_dashboard_N: its decisions
 * filled by COPY when it is not there yet, then the same alerts and reviews through the
 * store */
static gboolean
measure_postgres (gboolean *pass)
{
  g_autofree char *name = g_strdup_printf ("vigil_bench_dashboard_%" PRId64, opt_n);
  g_autofree char *uri = bench_pg_uri (opt_postgres, name);
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gboolean filled;

  if (!bench_pg_prepare (opt_postgres, name, opt_n, &filled, &error) ||
      (store = vigil_store_open (uri, VIGIL_STORE_OPEN_CREATE, &error)) == NULL)
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }
  g_print ("PostgreSQL: database %s%s\n", name, filled ? " (reusing it)" : "");
  if (!filled)
    {
      gint64 t0 = g_get_monotonic_time ();

      bench_fill_copy (store, FALSE, opt_n, START_USEC, DAYS);
      add_alerts_and_reviews (store, opt_n);
      g_print ("  filled (COPY, then the detector and the reviews) in %.1f s\n",
               (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC);
    }
  *pass &= measure_store (store, "PostgreSQL");
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  gboolean exists, pass = TRUE;
  GOptionEntry entries[] = {
    { "n", 0, 0, G_OPTION_ARG_INT64, &opt_n, "Decisions in the database (10000000)", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &opt_runs, "Timed runs of each measurement (5)", "R" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_dir,
      "Keep the database in this folder and reuse it (default: a temporary folder)", "DIR" },
    { "postgres", 0, 0, G_OPTION_ARG_STRING, &opt_postgres,
      "Also on the PostgreSQL server of this URI, in a database vigil_bench_dashboard_N that "
      "it creates, fills by COPY and keeps", "URI" },
    { NULL }
  };

  context = g_option_context_new ("- time Vigil's dashboard data");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (opt_n < 1)
    {
      g_printerr ("--n must be at least 1\n");
      return 2;
    }
  opt_runs = CLAMP (opt_runs, 1, 31);

  dir = opt_dir ? g_strdup (opt_dir) : g_dir_make_tmp ("bench-dashboard-XXXXXX", &error);
  if (dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  g_mkdir_with_parents (dir, 0700);
  name = g_strdup_printf ("dashboard-%" PRId64 ".db", opt_n);
  path = g_build_filename (dir, name, NULL);
  exists = g_file_test (path, G_FILE_TEST_EXISTS);
  store = vigil_store_open (path, VIGIL_STORE_OPEN_CREATE, &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  g_print ("bench-dashboard: vigil_dashboard_load over the last 7, 30 and 90 days of a database "
           "of N decisions over %d days, 2 models; median of %d runs\n", DAYS, opt_runs);
  g_print ("target: 90 days under %.1f s at 10M decisions\n", TARGET);
  if (opt_postgres != NULL)
    {
      g_autofree char *server = bench_pg_describe (opt_postgres);

      g_print ("against SQLite and %s\n", server);
    }
  g_print ("\nN = %" PRId64 "\n", opt_n);
  g_print ("SQLite: %s%s\n", path, exists ? " (reusing it)" : "");
  if (!exists)
    {
      gint64 t0 = g_get_monotonic_time ();

      bench_fill_decisions (store, opt_n, START_USEC, DAYS);
      add_alerts_and_reviews (store, opt_n);
      g_print ("  filled in %.1f s\n", (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC);
    }

  pass &= measure_store (store, "SQLite");

  g_clear_object (&store);
  if (opt_dir == NULL)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (dir);
    }

  if (opt_postgres != NULL && !measure_postgres (&pass))
    return 2;

  g_print ("\n%s\n", pass ? "PASS" : "MISS");
  return pass ? 0 : 1;
}
