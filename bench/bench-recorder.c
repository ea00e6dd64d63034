/* bench-recorder.c: what vigil_recorder_log() costs the model calling it
 *
 * Four threads log 50,000 decisions each into a fresh database through one recorder; each
 * call is timed. Two runs:
 *   - sustained: each thread logs at --rate decisions a second (default 5,000, so 20,000 a
 *     second in all: a busy desk of models), which the database keeps up with. Target: a
 *     median under 5 µs and a p99 under 50 µs per call. This is the run that is judged.
 *   - burst: as fast as the threads can, far faster than any database commits; the ring fills
 *     and callers append to the overflow file instead, at the speed of a write(). Printed, not
 *     judged: it shows what a model pays when it outruns the disk, and that nothing is lost.
 * Also printed: building the VigilDecision the caller passes (not part of the log call), and
 * how long the recorder took to commit everything after the last call.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

#include "vigil-recorder.h"
#include "vigil-store.h"

#define N_THREADS   4
#define PER_THREAD  50000
#define TARGET_P50  5.0
#define TARGET_P99  50.0

typedef struct
{
  VigilRecorder *recorder;
  int            thread;
  int            rate;      /* decisions a second, 0 for as fast as it can */
  double        *log_us;
  double        *build_us;
} Worker;

static gpointer
worker (gpointer data)
{
  Worker *w = data;
  char model[32], features[128];

  gint64 start = g_get_monotonic_time ();

  g_snprintf (model, sizeof model, "MomentumSignal%d", w->thread);
  for (int i = 0; i < PER_THREAD; i++)
    {
      gint64 t0;

      if (w->rate > 0)
        {
          gint64 due = start + (gint64) i * G_USEC_PER_SEC / w->rate;
          gint64 now = g_get_monotonic_time ();

          if (due > now)
            g_usleep ((gulong) (due - now));
        }
      t0 = g_get_monotonic_time ();
      {
      g_autoptr(VigilDecision) d = vigil_decision_new (model, "v1.3", "trading_signal",
                                                       i % 3 ? "BUY" : "HOLD");
      gint64 t1, t2;

      g_snprintf (features, sizeof features,
                  "{\"momentum_12m\":%.3f,\"volatility\":0.21,\"pe_ratio\":18.5,\"seq\":%d}",
                  (i % 40) / 100.0, i);
      vigil_decision_set_confidence (d, 0.75);
      vigil_decision_set_input_features (d, features);
      vigil_decision_set_ticker (d, "AAPL");
      vigil_decision_set_explanation (d, "Strong 12-month momentum");
      t1 = g_get_monotonic_time ();
      if (!vigil_recorder_log (w->recorder, d, NULL))
        g_error ("log failed");
      t2 = g_get_monotonic_time ();
      w->build_us[i] = (double) (t1 - t0);
      w->log_us[i] = (double) (t2 - t1);
      }
    }
  return NULL;
}

static int
compare (const void *a,
         const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

typedef struct
{
  double  p50;
  double  p99;
  double  max;
  double  build_p50;
  double  logging_s;
  double  commit_s;
  guint64 spooled;
} Run;

static Run
run (int rate)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-bench-recorder-XXXXXX", &error);
  g_autofree char *db = NULL;
  g_autofree char *spool = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilRecorder) recorder = NULL;
  g_autofree double *log_us = g_new (double, N_THREADS * PER_THREAD);
  g_autofree double *build_us = g_new (double, N_THREADS * PER_THREAD);
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;
  Worker workers[N_THREADS];
  GThread *threads[N_THREADS];
  gint64 start, logged, committed;
  size_t n = N_THREADS * PER_THREAD;
  Run result;

  g_assert_no_error (error);
  db = g_build_filename (dir, "bench.db", NULL);
  spool = g_build_filename (dir, "spool.jsonl", NULL);
  store = vigil_store_open (db, VIGIL_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  recorder = vigil_recorder_new (db, spool, 0, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  for (int t = 0; t < N_THREADS; t++)
    {
      workers[t] = (Worker) { recorder, t, rate, log_us + t * PER_THREAD,
                              build_us + t * PER_THREAD };
      threads[t] = g_thread_new ("logger", worker, &workers[t]);
    }
  for (int t = 0; t < N_THREADS; t++)
    g_thread_join (threads[t]);
  logged = g_get_monotonic_time ();
  if (!vigil_recorder_close (recorder, &error))
    g_error ("%s", error->message);
  committed = g_get_monotonic_time ();

  qsort (log_us, n, sizeof (double), compare);
  qsort (build_us, n, sizeof (double), compare);
  result.p50 = log_us[n / 2];
  result.p99 = log_us[n * 99 / 100];
  result.max = log_us[n - 1];
  result.build_p50 = build_us[n / 2];
  result.logging_s = (logged - start) / 1e6;
  result.commit_s = (committed - logged) / 1e6;
  result.spooled = vigil_recorder_get_spooled (recorder);

  g_clear_object (&recorder);
  wal = g_strconcat (db, "-wal", NULL);
  shm = g_strconcat (db, "-shm", NULL);
  g_unlink (db);
  g_unlink (wal);
  g_unlink (shm);
  g_unlink (spool);
  g_rmdir (dir);
  return result;
}

static void
print_run (const char *name,
           const Run  *r)
{
  printf ("%s: log call median %.1f µs, p99 %.1f µs, max %.0f µs; building the decision "
          "(the caller's own work) %.1f µs\n", name, r->p50, r->p99, r->max, r->build_p50);
  printf ("  %d decisions logged in %.2f s; all committed %.2f s after the last call "
          "(%" G_GUINT64_FORMAT " through the spool or overflow file)\n",
          N_THREADS * PER_THREAD, r->logging_s, r->commit_s, r->spooled);
}

int
main (int   argc,
      char *argv[])
{
  int rate = 5000;
  GOptionEntry entries[] = {
    { "rate", 0, 0, G_OPTION_ARG_INT, &rate,
      "Decisions a second per thread in the sustained run (default: 5000)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- time vigil_recorder_log()");
  g_autoptr(GError) error = NULL;
  Run sustained, burst;
  gboolean pass;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || rate <= 0)
    {
      fprintf (stderr, "bench-recorder: %s\n", error ? error->message : "--rate must be positive");
      return 2;
    }

  printf ("vigil_recorder_log, %d threads × %d decisions\n", N_THREADS, PER_THREAD);
  sustained = run (rate);
  {
    g_autofree char *name = g_strdup_printf ("sustained, %d a second in all", rate * N_THREADS);
    print_run (name, &sustained);
  }
  burst = run (0);
  print_run ("burst, as fast as the threads can (not judged)", &burst);

  pass = sustained.p50 < TARGET_P50 && sustained.p99 < TARGET_P99;
  printf ("sustained: median %.1f µs (target < %.0f), p99 %.1f µs (target < %.0f)\n%s\n",
          sustained.p50, TARGET_P50, sustained.p99, TARGET_P99, pass ? "PASS" : "FAIL");
  return pass ? 0 : 1;
}
