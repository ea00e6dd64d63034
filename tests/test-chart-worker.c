/* test-chart-worker.c: the charts' worker thread paints what it is asked, in order, hands
 * the image to the thread that asked, and skips what was cancelled
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "vigil-chart-worker.h"

typedef struct
{
  GThread *ran_in;
  int      width;      /* of the image, -1 when none came */
  int      height;
  double   scale;
  gboolean varied;     /* not every pixel the same */
  guint    order;      /* when it came, counting from 1 */
  gboolean freed;
} Result;

static guint n_done;

static void
done_cb (cairo_surface_t *image,
         gpointer         data)
{
  Result *result = data;

  result->ran_in = g_thread_self ();
  result->order = ++n_done;
  result->width = -1;
  if (image == NULL)
    return;

  g_assert_cmpint (cairo_image_surface_get_format (image), ==, CAIRO_FORMAT_ARGB32);
  result->width = cairo_image_surface_get_width (image);
  result->height = cairo_image_surface_get_height (image);
  cairo_surface_get_device_scale (image, &result->scale, NULL);
  {
    const guchar *pixels = cairo_image_surface_get_data (image);
    int stride = cairo_image_surface_get_stride (image);

    for (int y = 0; y < result->height && !result->varied; y++)
      for (int x = 0; x < result->width && !result->varied; x++)
        result->varied = memcmp (pixels, pixels + (gsize) y * stride + (gsize) x * 4, 4) != 0;
  }
}

static void
result_free (gpointer data)
{
  ((Result *) data)->freed = TRUE;
}

static VigilDashboard *
make_dashboard (void)
{
  VigilDashboard *d = vigil_dashboard_new ("trader-v2", "2024-01-01T00:00:00.000000",
                                           "2024-01-08T00:00:00.000000");

  g_strfreev (d->predictions);
  d->predictions = g_strsplit ("BUY SELL", " ", -1);
  d->n_predictions = 2;
  d->n_days = 7;
  d->days = g_new0 (VigilDashboardDay, d->n_days);
  for (guint i = 0; i < d->n_days; i++)
    {
      d->days[i].day = g_strdup_printf ("2024-01-%02u", i + 1);
      d->days[i].counts = g_new0 (gint64, 2);
      d->days[i].counts[0] = 10 + i;
      d->days[i].counts[1] = 5;
      d->days[i].total = 15 + i;
    }
  return d;
}

static void
test_paint (void)
{
  g_autoptr(VigilDashboard) data = make_dashboard ();
  g_autoptr(VigilChartStyle) style = vigil_chart_style_new (FALSE, 1.0);
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  Result results[3] = { { 0 } };

  n_done = 0;
  vigil_chart_worker_paint (VIGIL_CHART_KIND_DISTRIBUTION, data, style, 300, 200, 2.0,
                            NULL, done_cb, &results[0], result_free);
  g_cancellable_cancel (cancelled);
  vigil_chart_worker_paint (VIGIL_CHART_KIND_CONFIDENCE, data, style, 300, 200, 1.0,
                            cancelled, done_cb, &results[1], result_free);
  /* Without data the painter says so, which is still a picture */
  vigil_chart_worker_paint (VIGIL_CHART_KIND_TIMELINE, NULL, style, 320, 240, 1.0,
                            NULL, done_cb, &results[2], result_free);
  /* What the request holds is its own: the caller may let go at once. */
  g_clear_pointer (&style, vigil_chart_style_free);

  while (!results[2].freed)
    g_main_context_iteration (NULL, TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_assert_true (results[i].ran_in == g_thread_self ());
      g_assert_cmpuint (results[i].order, ==, i + 1);
      g_assert_true (results[i].freed);
    }
  g_assert_cmpint (results[0].width, ==, 600);
  g_assert_cmpint (results[0].height, ==, 400);
  g_assert_cmpfloat (results[0].scale, ==, 2.0);
  g_assert_true (results[0].varied);
  g_assert_cmpint (results[1].width, ==, -1);
  g_assert_cmpint (results[2].width, ==, 320);
  g_assert_cmpint (results[2].height, ==, 240);
  g_assert_true (results[2].varied);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/chart-worker/paint", test_paint);
  return g_test_run ();
}
