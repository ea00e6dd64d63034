/* test-job.c: long work in a thread, with progress and cancellation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vigil-job.h"

typedef struct
{
  GMainLoop *loop;
  gpointer   result;
  GError    *error;
  guint      fraction_notifies;
  double     last_fraction;
} Fixture;

static gpointer
count_func (VigilJob      *job,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  guint n = GPOINTER_TO_UINT (data);

  for (guint i = 1; i <= n; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      vigil_job_update (job, (double) i / n, "counting");
      g_usleep (20);
    }
  return g_strdup_printf ("%u", n);
}

static gpointer
wait_for_cancel_func (VigilJob      *job,
                      gpointer       data,
                      GCancellable  *cancellable,
                      GError       **error)
{
  while (!g_cancellable_set_error_if_cancelled (cancellable, error))
    g_usleep (1000);
  return NULL;
}

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fixture *fixture = user_data;

  fixture->result = vigil_job_run_finish (VIGIL_JOB (object), result, &fixture->error);
  g_main_loop_quit (fixture->loop);
}

static void
fraction_cb (VigilJob   *job,
             GParamSpec *pspec,
             Fixture    *fixture)
{
  fixture->fraction_notifies++;
  fixture->last_fraction = vigil_job_get_fraction (job);
}

static void
test_progress (void)
{
  g_autoptr(VigilJob) job = vigil_job_new ("Counting");
  Fixture fixture = { g_main_loop_new (NULL, FALSE), NULL, NULL, 0, -1 };

  g_signal_connect (job, "notify::fraction", G_CALLBACK (fraction_cb), &fixture);
  vigil_job_run_async (job, count_func, GUINT_TO_POINTER (20000), NULL, g_free, done_cb,
                       &fixture);
  g_assert_true (vigil_job_get_running (job));
  g_main_loop_run (fixture.loop);

  g_assert_no_error (fixture.error);
  g_assert_cmpstr (fixture.result, ==, "20000");
  g_assert_false (vigil_job_get_running (job));
  g_assert_cmpstr (vigil_job_get_message (job), ==, "counting");
  g_assert_cmpfloat (fixture.last_fraction, ==, 1.0);
  /* 20,000 updates reach the main context coalesced, not one by one */
  g_assert_cmpuint (fixture.fraction_notifies, >, 0);
  g_assert_cmpuint (fixture.fraction_notifies, <, 2000);

  g_free (fixture.result);
  g_main_loop_unref (fixture.loop);
}

static gboolean
cancel_cb (gpointer data)
{
  vigil_job_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (void)
{
  g_autoptr(VigilJob) job = vigil_job_new ("Waiting");
  Fixture fixture = { g_main_loop_new (NULL, FALSE), NULL, NULL, 0, -1 };

  vigil_job_run_async (job, wait_for_cancel_func, NULL, NULL, NULL, done_cb, &fixture);
  g_timeout_add (50, cancel_cb, job);
  g_main_loop_run (fixture.loop);

  g_assert_null (fixture.result);
  g_assert_error (fixture.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (vigil_job_get_running (job));

  g_clear_error (&fixture.error);
  g_main_loop_unref (fixture.loop);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/job/progress", test_progress);
  g_test_add_func ("/vigil/job/cancel", test_cancel);

  return g_test_run ();
}
