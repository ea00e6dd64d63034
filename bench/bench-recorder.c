/* bench-recorder.c: what vigil_recorder_log() costs the model calling it
 *
 * Four threads log 50,000 decisions each into a fresh database through one recorder; each
 * call is timed. Target: a median under 5 µs and a p99 under 50 µs per call. Also printed:
 * building the VigilDecision the caller passes (not part of the log call), and how long the
 * recorder took to commit everything after the last call.
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
  double        *log_us;
  double        *build_us;
} Worker;

static gpointer
worker (gpointer data)
{
  Worker *w = data;
  char model[32], features[128];

  g_snprintf (model, sizeof model, "MomentumSignal%d", w->thread);
  for (int i = 0; i < PER_THREAD; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
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
  return NULL;
}

static int
compare (const void *a,
         const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

int
main (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-bench-recorder-XXXXXX", &error);
  g_autofree char *db = g_build_filename (dir, "bench.db", NULL);
  g_autofree char *spool = g_build_filename (dir, "spool.jsonl", NULL);
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilRecorder) recorder = NULL;
  g_autofree double *log_us = g_new (double, N_THREADS * PER_THREAD);
  g_autofree double *build_us = g_new (double, N_THREADS * PER_THREAD);
  Worker workers[N_THREADS];
  GThread *threads[N_THREADS];
  gint64 start, logged, committed;
  double p50, p99, b50;
  gboolean pass;
  size_t n = N_THREADS * PER_THREAD;

  g_assert_no_error (error);
  store = vigil_store_open (db, VIGIL_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  recorder = vigil_recorder_new (db, spool, 0, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  for (int t = 0; t < N_THREADS; t++)
    {
      workers[t] = (Worker) { recorder, t, log_us + t * PER_THREAD, build_us + t * PER_THREAD };
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
  p50 = log_us[n / 2];
  p99 = log_us[n * 99 / 100];
  b50 = build_us[n / 2];
  pass = p50 < TARGET_P50 && p99 < TARGET_P99;

  printf ("vigil_recorder_log, %d threads × %d decisions\n", N_THREADS, PER_THREAD);
  printf ("  log call: median %.1f µs, p99 %.1f µs, max %.0f µs (target: median < %.0f µs, "
          "p99 < %.0f µs)\n", p50, p99, log_us[n - 1], TARGET_P50, TARGET_P99);
  printf ("  building the decision (caller's own work): median %.1f µs\n", b50);
  printf ("  %zu decisions logged in %.2f s; all committed %.2f s after the last call "
          "(%" G_GUINT64_FORMAT " through the spool)\n", n, (logged - start) / 1e6,
          (committed - logged) / 1e6, vigil_recorder_get_spooled (recorder));
  printf ("%s\n", pass ? "PASS" : "FAIL");

  g_clear_object (&recorder);
  g_unlink (db);
  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
  return pass ? 0 : 1;
}
