/* bench-frames.c: how long the main thread spends on each frame, and how long it ever stalls,
 * while the user switches models and periods
 *
 * Opens the real window on a database (one it fills itself, or --db), switches every period
 * (7, 30, 90 days) and, for each, every model and all models, for a few rounds, waiting after
 * each switch until the new dashboard is on screen, and measures under the renderer GTK
 * chose (set GSK_RENDERER=cairo or GSK_RENDERER=gl to choose it):
 *   - stall: the longest time the main loop did not run, measured by a 1 ms timer whose
 *     lateness is the stall (target < 16.7 ms, one frame at 60 Hz);
 *   - frame: for every frame the frame clock drew, the main thread's CPU time and wall time
 *     from before-paint to after-paint (layout, snapshot, render), whose mean, 95th
 *     percentile and maximum are printed beside the same target.
 * The first round is reported apart: it is when GTK first styles each view and fills its
 * glyph caches, once per run of the app.
 *
 * Run it under Xvfb:
 *   xvfb-run -a -s "-screen 0 1400x900x24" dbus-run-session -- \
 *     env GSETTINGS_SCHEMA_DIR=build/data GSK_RENDERER=gl build/bench/bench-frames
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bench-frames"

#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <time.h>

#include <glib/gstdio.h>

#include "bench-fill.h"
#include "bench-wait.h"
#include "vigil-application.h"
#include "vigil-chart-view.h"
#include "vigil-detector.h"
#include "vigil-window.h"

#define TARGET_MS 16.7
#define DAYS      90

typedef struct
{
  /* The 1 ms timer: when it last ran, and its worst lateness */
  gint64  last_tick;
  gint64  worst_stall;

  /* The frame being drawn: when it began, in wall and thread CPU time */
  gint64  frame_wall;
  gint64  frame_cpu;
  guint64 frames_drawn;

  /* Per frame drawn while measuring, in µs */
  GArray *cpu;
  GArray *wall;

  /* The main thread's CPU time since the round began, all of it, frames or not */
  gint64  round_cpu;

  gboolean measuring;
} Meter;

static gint64
thread_cpu_usec (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gboolean
stall_cb (gpointer data)
{
  Meter *meter = data;
  gint64 now = g_get_monotonic_time ();

  if (meter->measuring && meter->last_tick != 0)
    meter->worst_stall = MAX (meter->worst_stall, now - meter->last_tick - 1000);
  meter->last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
before_paint_cb (GdkFrameClock *clock,
                 Meter         *meter)
{
  meter->frame_wall = g_get_monotonic_time ();
  meter->frame_cpu = thread_cpu_usec ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                Meter         *meter)
{
  gint64 cpu = thread_cpu_usec () - meter->frame_cpu;
  gint64 wall = g_get_monotonic_time () - meter->frame_wall;

  meter->frames_drawn++;
  if (meter->measuring && meter->frame_wall != 0)
    {
      g_array_append_val (meter->cpu, cpu);
      g_array_append_val (meter->wall, wall);
    }
}

static gboolean
window_ready (gpointer data)
{
  return gtk_widget_get_mapped (data) && !vigil_window_get_busy (data);
}

static gboolean
dashboard_loaded (gpointer data)
{
  VigilDashboardView *view = vigil_window_get_dashboard_view (data);

  return vigil_dashboard_view_get_dashboard (view) != NULL &&
         !vigil_dashboard_view_get_loading (view) &&
         gtk_widget_get_mapped (GTK_WIDGET (view));
}

/* Every mapped chart under @data shows the painting of its present data and size: charts
 * are painted in a worker thread and come after the dashboard. */
static gboolean
charts_painted (gpointer data)
{
  GtkWidget *widget = data;

  if (!gtk_widget_get_mapped (widget))
    return TRUE;
  if (VIGIL_IS_CHART_VIEW (widget) && !vigil_chart_view_get_painted (VIGIL_CHART_VIEW (widget)))
    return FALSE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (!charts_painted (child))
      return FALSE;
  return TRUE;
}

typedef struct
{
  Meter  *meter;
  guint64 until;
} FrameWait;

static gboolean
frames_drawn (gpointer data)
{
  FrameWait *wait = data;

  return wait->meter->frames_drawn >= wait->until;
}

/* Waits until the dashboard of the last switch is loaded, its charts painted, and a frame
 * has shown them. */
static gboolean
wait_drawn (VigilWindow *window,
            Meter       *meter)
{
  FrameWait wait = { meter, 0 };

  if (!bench_run_until (dashboard_loaded, window, 30000) ||
      !bench_run_until (charts_painted, window, 30000))
    return FALSE;
  wait.until = meter->frames_drawn + 1;
  return bench_run_until (frames_drawn, &wait, 30000);
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static void
print_frames (const char *what,
              GArray     *values)
{
  double sum = 0;
  guint n = values->len;
  double mean, p95, max;

  if (n == 0)
    {
      g_print ("  %s: no frame drawn\n", what);
      return;
    }
  g_array_sort (values, compare_int64);
  for (guint i = 0; i < n; i++)
    sum += g_array_index (values, gint64, i);
  mean = sum / n / 1000.0;
  p95 = g_array_index (values, gint64, MIN (n - 1, (guint) (n * 0.95))) / 1000.0;
  max = g_array_index (values, gint64, n - 1) / 1000.0;
  g_print ("  %s per frame: mean %.1f ms, p95 %.1f ms, max %.1f ms (target < %.1f ms) %s\n",
           what, mean, p95, max, TARGET_MS, p95 < TARGET_MS ? "PASS" : "MISS");
}

static void
reset_meter (Meter *meter)
{
  meter->round_cpu = thread_cpu_usec ();
  meter->worst_stall = 0;
  g_array_set_size (meter->cpu, 0);
  g_array_set_size (meter->wall, 0);
}

/* A database of @n decisions over the DAYS days to today, with the detector's alerts */
static char *
fill_database (const char *dir,
               gint64      n)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) today = g_date_time_new_utc (g_date_time_get_year (now),
                                                    g_date_time_get_month (now),
                                                    g_date_time_get_day_of_month (now),
                                                    0, 0, 0);
  g_autoptr(GDateTime) start = g_date_time_add_days (today, -(DAYS - 1));
  g_autofree char *as_of = g_date_time_format (today, "%Y-%m-%dT23:00:00");
  g_autofree char *path = g_build_filename (dir, "frames.db", NULL);
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilDetector) detector = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;

  store = vigil_store_open (path, VIGIL_STORE_OPEN_CREATE, &error);
  if (store == NULL)
    g_error ("%s: %s", path, error->message);
  bench_fill_decisions (store, n, g_date_time_to_unix (start) * G_USEC_PER_SEC, DAYS);
  detector = vigil_detector_new (store, NULL);
  results = vigil_detector_run (detector, "MomentumSignal", as_of, NULL, &error);
  if (results == NULL)
    g_error ("detect: %s", error->message);
  return g_steal_pointer (&path);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *db_path = NULL;
  g_autofree char *dir = NULL;
  gint64 n = 100000;
  int rounds = 3;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path,
      "The database to open (default: fill a new one)", "PATH" },
    { "n", 0, 0, G_OPTION_ARG_INT64, &n, "Decisions to fill it with (default: 100000)", "N" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds,
      "Rounds of model and period switches after the first (default: 3)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- time the frames");
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilApplication) app = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GListModel) models = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  static const guint periods[] = { 7, 30, 90 };
  Meter meter = { 0 };
  VigilWindow *window;
  GdkFrameClock *clock;
  GskRenderer *renderer;
  guint switches = 0;
  double stall_ms;
  gboolean ok = TRUE;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-frames: %s\n", error->message);
      return 2;
    }
  rounds = CLAMP (rounds, 1, 100);

  if (db_path == NULL)
    {
      gint64 t0 = g_get_monotonic_time ();

      dir = g_dir_make_tmp ("bench-frames-XXXXXX", &error);
      if (dir == NULL)
        {
          g_printerr ("bench-frames: %s\n", error->message);
          return 2;
        }
      db_path = fill_database (dir, n);
      g_print ("bench-frames: filled %s with %" PRId64 " decisions in %.1f s\n", db_path, n,
               (g_get_monotonic_time () - t0) / (double) G_USEC_PER_SEC);
    }
  else if (!g_file_test (db_path, G_FILE_TEST_IS_REGULAR))
    {
      g_printerr ("bench-frames: %s does not exist\n", db_path);
      return 2;
    }

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_init ();
  adw_init ();

  app = vigil_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    {
      g_printerr ("bench-frames: %s\n", error->message);
      return 2;
    }

  file = g_file_new_for_path (db_path);
  g_application_open (G_APPLICATION (app), &file, 1, "");
  window = VIGIL_WINDOW (gtk_application_get_windows (GTK_APPLICATION (app))->data);
  if (!bench_run_until (window_ready, window, 10000))
    {
      g_printerr ("bench-frames: the window did not open\n");
      return 2;
    }
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), &meter);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &meter);
  meter.cpu = g_array_new (FALSE, FALSE, sizeof (gint64));
  meter.wall = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (!wait_drawn (window, &meter))
    {
      g_printerr ("bench-frames: the dashboard was not drawn within 30 s\n");
      return 2;
    }
  renderer = gtk_native_get_renderer (GTK_NATIVE (window));

  {
    VigilStore *store = vigil_database_get_store (vigil_window_get_database (window));

    /* Read before the measurement starts, on the main thread, for the bench's own use */
    models = vigil_store_list_models (store, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < g_list_model_get_n_items (models); i++)
      {
        g_autoptr(VigilModelInfo) info = g_list_model_get_item (models, i);

        g_ptr_array_add (names, g_strdup (vigil_model_info_get_name (info)));
      }
  }

  g_print ("bench-frames: %s, renderer %s (GSK_RENDERER=%s), window %d x %d, scale %d\n",
           db_path, G_OBJECT_TYPE_NAME (renderer), g_getenv ("GSK_RENDERER") ?: "unset",
           gtk_widget_get_width (GTK_WIDGET (window)), gtk_widget_get_height (GTK_WIDGET (window)),
           gtk_widget_get_scale_factor (GTK_WIDGET (window)));

  g_timeout_add (1, stall_cb, &meter);
  meter.round_cpu = thread_cpu_usec ();
  meter.measuring = TRUE;
  for (int r = 0; r <= rounds && ok; r++)
    {
      for (guint p = 0; p < G_N_ELEMENTS (periods) && ok; p++)
        {
          char today[VIGIL_DAY_LEN];
          VigilPeriod period;

          vigil_period_today (today);
          vigil_period_init_last_days (&period, today, periods[p], NULL);
          vigil_window_set_period (window, &period);
          switches++;
          ok = wait_drawn (window, &meter);

          for (guint m = 0; m <= names->len && ok; m++)
            {
              vigil_window_select_model (window, m < names->len ? names->pdata[m] : NULL);
              switches++;
              ok = wait_drawn (window, &meter);
            }
        }

      if (r == 0)
        {
          g_print ("first round, %u switches, %u frames (cold caches):\n", switches,
                   meter.cpu->len);
          g_print ("  longest main-thread stall: %.1f ms\n", meter.worst_stall / 1000.0);
          g_print ("  main-thread CPU per switch, frames and all: %.1f ms\n",
                   (thread_cpu_usec () - meter.round_cpu) / 1000.0 / switches);
          print_frames ("main-thread CPU", meter.cpu);
          print_frames ("wall time", meter.wall);
          reset_meter (&meter);
          switches = 0;
        }
    }
  meter.measuring = FALSE;
  meter.round_cpu = thread_cpu_usec () - meter.round_cpu;
  if (!ok)
    {
      g_printerr ("bench-frames: a dashboard was not drawn within 30 s\n");
      return 2;
    }

  stall_ms = meter.worst_stall / 1000.0;
  g_print ("%d more rounds, %u switches, %u frames:\n", rounds, switches, meter.cpu->len);
  g_print ("  longest main-thread stall: %.1f ms (target < %.1f ms) %s\n",
           stall_ms, TARGET_MS, stall_ms < TARGET_MS ? "PASS" : "MISS");
  print_frames ("main-thread CPU", meter.cpu);
  print_frames ("wall time", meter.wall);
  g_print ("  main-thread CPU per switch, frames and all: %.1f ms\n",
           meter.round_cpu / 1000.0 / switches);

  gtk_window_destroy (GTK_WINDOW (window));
  g_array_unref (meter.cpu);
  g_array_unref (meter.wall);
  if (dir != NULL)
    {
      g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);

      g_unlink (db_path);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (dir);
    }
  return stall_ms < TARGET_MS ? EXIT_SUCCESS : EXIT_FAILURE;
}
