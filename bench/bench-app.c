/* bench-app.c: how soon the dashboard is drawn, and how long the main thread ever stalls
 *
 * Opens the real window on a database (the 10M-decision database of bench-dashboard, say),
 * and measures:
 *   - launch: from the start of the process to the first frame drawn with the dashboard's
 *     numbers and charts (target < 1 s);
 *   - stall: the longest time the main loop did not run while the user switches models and
 *     periods (target < 16 ms, one frame), measured by a 1 ms timer whose lateness is the
 *     stall. The first round of switches is reported on its own: it is when GTK first lays
 *     out and styles each view and fills its font caches, once per run of the app.
 * Run it under Xvfb: `xvfb-run -a build/bench/bench-app --db /tmp/bd/dashboard-10000000.db`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bench-app"

#include "config.h"

#include <stdlib.h>

#include <glib/gstdio.h>

#include "bench-wait.h"
#include "vigil-application.h"
#include "vigil-window.h"

#define LAUNCH_TARGET_S 1.0
#define STALL_TARGET_MS 16.0

static gint64 process_start;
static gint64 last_tick;
static gint64 worst_stall;
static gint64 worst_cold_stall;
static gboolean measuring_stalls;

static gboolean
stall_cb (gpointer data)
{
  gint64 now = g_get_monotonic_time ();

  if (measuring_stalls && last_tick != 0)
    worst_stall = MAX (worst_stall, now - last_tick - 1000);
  last_tick = now;
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  VigilWindow *window;
  gint64       first_frame;
} LaunchState;

static gboolean
dashboard_drawn (VigilWindow *window)
{
  VigilDashboardView *view = vigil_window_get_dashboard_view (window);

  return vigil_dashboard_view_get_dashboard (view) != NULL &&
         !vigil_dashboard_view_get_loading (view) &&
         gtk_widget_get_mapped (GTK_WIDGET (view));
}

static void
after_paint_cb (GdkFrameClock *clock,
                LaunchState   *state)
{
  if (state->first_frame == 0 && dashboard_drawn (state->window))
    state->first_frame = g_get_monotonic_time ();
}

static gboolean
first_frame_seen (gpointer data)
{
  return ((LaunchState *) data)->first_frame != 0;
}

static gboolean
loaded (gpointer data)
{
  return dashboard_drawn (data);
}

static gboolean
mapped (gpointer data)
{
  return gtk_widget_get_mapped (data) && !vigil_window_get_busy (data);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *db_path = NULL;
  int cycles = 5;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "The database to open", "PATH" },
    { "cycles", 0, 0, G_OPTION_ARG_INT, &cycles,
      "Rounds of model and period switches after the first (default: 5)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- time the dashboard");
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilApplication) app = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GListModel) models = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  LaunchState state = { NULL, 0 };
  VigilWindow *window;
  GdkFrameClock *clock;
  static const guint periods[] = { 7, 30, 90 };
  double launch_s, stall_ms;
  guint switches = 0;

  process_start = g_get_monotonic_time ();

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || db_path == NULL)
    {
      g_printerr ("bench-app: %s\n", error ? error->message : "--db PATH is required");
      return 2;
    }
  if (!g_file_test (db_path, G_FILE_TEST_IS_REGULAR))
    {
      g_printerr ("bench-app: %s does not exist (make it with bench-dashboard --keep)\n", db_path);
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
      g_printerr ("bench-app: %s\n", error->message);
      return 1;
    }

  /* Launch */
  file = g_file_new_for_path (db_path);
  g_application_open (G_APPLICATION (app), &file, 1, "");
  window = VIGIL_WINDOW (gtk_application_get_windows (GTK_APPLICATION (app))->data);
  state.window = window;
  bench_run_until (mapped, window, 10000);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &state);
  if (!bench_run_until (first_frame_seen, &state, 60000))
    {
      g_printerr ("bench-app: the dashboard was not drawn within a minute\n");
      return 1;
    }
  launch_s = (state.first_frame - process_start) / (double) G_USEC_PER_SEC;

  /* Stalls while switching: every model, then every period, waiting for each to load */
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

  g_timeout_add (1, stall_cb, NULL);
  measuring_stalls = TRUE;
  for (int c = 0; c <= cycles; c++)
    {
      if (c == 1)
        {
          worst_cold_stall = worst_stall;
          worst_stall = 0;
          switches = 0;
        }

      for (guint p = 0; p < G_N_ELEMENTS (periods); p++)
        {
          char today[VIGIL_DAY_LEN];
          VigilPeriod period;

          vigil_period_today (today);
          vigil_period_init_last_days (&period, today, periods[p], NULL);
          vigil_window_set_period (window, &period);
          switches++;
          bench_run_until (loaded, window, 30000);

          for (guint m = 0; m <= names->len; m++)
            {
              vigil_window_select_model (window, m < names->len ? names->pdata[m] : NULL);
              switches++;
              bench_run_until (loaded, window, 30000);
            }
        }
    }
  measuring_stalls = FALSE;
  stall_ms = worst_stall / 1000.0;

  g_print ("bench-app: %s\n", db_path);
  g_print ("launch to first drawn dashboard: %.3f s (target < %.1f s) %s\n",
           launch_s, LAUNCH_TARGET_S, launch_s < LAUNCH_TARGET_S ? "PASS" : "FAIL");
  g_print ("longest main-thread stall in the first round of switches (cold): %.1f ms\n",
           worst_cold_stall / 1000.0);
  g_print ("longest main-thread stall over %u more switches: %.1f ms (target < %.0f ms) %s\n",
           switches, stall_ms, STALL_TARGET_MS, stall_ms < STALL_TARGET_MS ? "PASS" : "FAIL");

  gtk_window_destroy (GTK_WINDOW (window));
  return launch_s < LAUNCH_TARGET_S && stall_ms < STALL_TARGET_MS ? EXIT_SUCCESS : EXIT_FAILURE;
}
