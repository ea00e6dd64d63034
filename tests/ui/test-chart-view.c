/* test-chart-view.c: a chart widget in a window draws its dashboard, answers the pointer and
 * reports the day clicked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-chart-view"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "vigil-chart-view.h"
#include "vigil-ui-test.h"

#define SELL_DAY 3

static char *tmp_dir;

static gboolean
mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static gboolean
allocated (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

static gboolean
painted (gpointer data)
{
  return vigil_chart_view_get_painted (data);
}

/* Runs the main loop until @widget is mapped and has drawn three more frames with a
 * painting (made in a worker thread) of its present data and size. */
static void
wait_for_frames (GtkWidget *widget)
{
  g_assert_true (vigil_ui_test_wait_for (mapped, widget));
  do
    {
      g_assert_true (vigil_ui_test_wait_for (vigil_ui_test_charts_painted, widget));
      vigil_ui_test_wait_frames (widget, 3);
    }
  while (!vigil_ui_test_charts_painted (widget));
}

static VigilDashboard *
make_dashboard (void)
{
  VigilDashboard *d = vigil_dashboard_new ("trader-v2", "2024-01-01T00:00:00.000000",
                                           "2024-01-31T00:00:00.000000");
  g_autoptr(GDateTime) start = g_date_time_new_utc (2024, 1, 1, 0, 0, 0);

  g_strfreev (d->predictions);
  d->predictions = g_strsplit ("BUY SELL HOLD", " ", -1);
  d->n_predictions = 3;
  d->n_days = 30;
  d->days = g_new0 (VigilDashboardDay, d->n_days);
  for (guint i = 0; i < d->n_days; i++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (start, i);

      d->days[i].day = g_date_time_format (day, "%Y-%m-%d");
      d->days[i].counts = g_new0 (gint64, 3);
      d->days[i].counts[0] = i == SELL_DAY ? 0 : 60;
      d->days[i].counts[1] = i == SELL_DAY ? 90 : 25 + i;
      d->days[i].counts[2] = i == SELL_DAY ? 0 : 15;
      d->days[i].total = d->days[i].counts[0] + d->days[i].counts[1] + d->days[i].counts[2];
      d->days[i].distribution_alert = i == 20;
    }
  return d;
}

/* Renders what @widget shows, saves it, and returns the pixel at (x, y) as 0xRRGGBB. */
static guint32
render_pixel (GtkWidget  *widget,
              const char *name,
              int         x,
              int         y)
{
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, name, NULL);
  g_autofree guchar *pixels = g_malloc ((gsize) width * height * 4);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  const guchar *p;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);

  /* GDK_MEMORY_DEFAULT is B, G, R, A in memory on little-endian machines. */
  gdk_texture_download (texture, pixels, (gsize) width * 4);
  p = pixels + ((gsize) y * width + x) * 4;
  return ((guint32) p[3] << 24) | ((guint32) p[2] << 16) | ((guint32) p[1] << 8) | p[0];
}

static gboolean
close_to (guint32                pixel,
          const VigilChartColor *color)
{
  return ABS ((int) ((pixel >> 16) & 0xff) - (int) (color->red * 255 + 0.5)) <= 8
         && ABS ((int) ((pixel >> 8) & 0xff) - (int) (color->green * 255 + 0.5)) <= 8
         && ABS ((int) (pixel & 0xff) - (int) (color->blue * 255 + 0.5)) <= 8;
}

static void
day_activated_cb (VigilChartView *view,
                  const char     *day,
                  const char     *model,
                  char          **out)
{
  g_free (*out);
  *out = g_strdup (day);
}

static void
test_distribution (void)
{
  g_autoptr(VigilDashboard) data = make_dashboard ();
  g_autoptr(VigilChartStyle) light = vigil_chart_style_new (FALSE, 1.0);
  g_autoptr(VigilChartStyle) dark = vigil_chart_style_new (TRUE, 1.0);
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *chart = vigil_chart_view_new (VIGIL_CHART_KIND_DISTRIBUTION);
  g_auto(VigilChartHit) hit = { 0 };
  g_autofree char *activated = NULL;
  int width, height, sell_x = -1, sell_w = 0;
  guint32 pixel;

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  gtk_window_set_default_size (GTK_WINDOW (window), 720, 320);
  gtk_window_set_child (GTK_WINDOW (window), chart);
  g_signal_connect (chart, "day-activated", G_CALLBACK (day_activated_cb), &activated);
  gtk_window_present (GTK_WINDOW (window));

  /* Without data it says so and nothing is under the pointer. */
  wait_for_frames (chart);
  width = gtk_widget_get_width (chart);
  height = gtk_widget_get_height (chart);
  g_assert_cmpint (width, >=, 260);
  g_assert_cmpint (height, >=, 200);
  g_assert_false (vigil_chart_view_hit (VIGIL_CHART_VIEW (chart), width / 2, height / 2, &hit));
  g_assert_false (vigil_chart_view_activate_at (VIGIL_CHART_VIEW (chart), width / 2, height / 2));

  g_object_set (chart, "dashboard", data, NULL);
  g_assert_true (vigil_chart_view_get_dashboard (VIGIL_CHART_VIEW (chart)) == data);
  wait_for_frames (chart);

  /* Find the SELL day's bar by what the pointer finds, then look at its pixels. */
  for (int x = 0; x < width; x++)
    {
      if (vigil_chart_view_hit (VIGIL_CHART_VIEW (chart), x, height / 2, &hit) && hit.item == SELL_DAY)
        {
          if (sell_x < 0)
            sell_x = x;
          sell_w++;
        }
      vigil_chart_hit_clear (&hit);
    }
  g_assert_cmpint (sell_x, >, 0);
  sell_x += sell_w / 2;

  pixel = render_pixel (chart, "chart-view-distribution-light.png", sell_x, height / 2);
  g_assert_true (close_to (pixel, &light->negative));
  /* Outside the plot the chart is transparent: its card shows through. */
  pixel = render_pixel (chart, "chart-view-distribution-light.png", 2, 2);
  g_assert_cmpuint (pixel >> 24, ==, 0);

  /* The tooltip text is the hit test's. */
  g_assert_true (vigil_chart_view_hit (VIGIL_CHART_VIEW (chart), sell_x, height / 2, &hit));
  g_assert_nonnull (strstr (hit.text, "2024-01-04: 90 decisions"));
  g_assert_nonnull (strstr (hit.text, "SELL: 100.0% (90)"));
  vigil_chart_hit_clear (&hit);

  /* A click on the bar activates its day; a click beside the plot does nothing. */
  g_assert_true (vigil_chart_view_activate_at (VIGIL_CHART_VIEW (chart), sell_x, height / 2));
  g_assert_cmpstr (activated, ==, "2024-01-04");
  g_clear_pointer (&activated, g_free);
  g_assert_false (vigil_chart_view_activate_at (VIGIL_CHART_VIEW (chart), 2, 2));
  g_assert_null (activated);

  /* Switching to dark paints again, in the dark style. */
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  wait_for_frames (chart);
  pixel = render_pixel (chart, "chart-view-distribution-dark.png", 2, 2);
  g_assert_cmpuint (pixel >> 24, ==, 0);
  pixel = render_pixel (chart, "chart-view-distribution-dark.png", sell_x, height / 2);
  g_assert_true (close_to (pixel, &dark->negative));

  /* Another kind on the same data: the timeline has no alerts to show, and says so. */
  g_object_set (chart, "kind", VIGIL_CHART_KIND_TIMELINE, NULL);
  g_assert_cmpint (vigil_chart_view_get_kind (VIGIL_CHART_VIEW (chart)), ==, VIGIL_CHART_KIND_TIMELINE);
  wait_for_frames (chart);
  render_pixel (chart, "chart-view-timeline-dark.png", 0, 0);
  g_assert_false (vigil_chart_view_hit (VIGIL_CHART_VIEW (chart), sell_x, height / 2, &hit));

  vigil_chart_view_set_dashboard (VIGIL_CHART_VIEW (chart), NULL);
  wait_for_frames (chart);
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* At the narrowest the dashboard goes, the chart still fits and answers. */
static void
test_narrow (void)
{
  g_autoptr(VigilDashboard) data = make_dashboard ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *chart = vigil_chart_view_new (VIGIL_CHART_KIND_DISTRIBUTION);
  g_auto(VigilChartHit) hit = { 0 };
  int min_w = 0, min_h = 0;
  int found = 0;

  gtk_widget_measure (chart, GTK_ORIENTATION_HORIZONTAL, -1, &min_w, NULL, NULL, NULL);
  gtk_widget_measure (chart, GTK_ORIENTATION_VERTICAL, -1, &min_h, NULL, NULL, NULL);
  g_assert_cmpint (min_w, <=, 360);

  vigil_chart_view_set_dashboard (VIGIL_CHART_VIEW (chart), data);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, min_h);
  gtk_window_set_child (GTK_WINDOW (window), chart);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_frames (chart);
  render_pixel (chart, "chart-view-distribution-narrow.png", 0, 0);

  for (int x = 0; x < gtk_widget_get_width (chart); x++)
    {
      if (vigil_chart_view_hit (VIGIL_CHART_VIEW (chart), x, gtk_widget_get_height (chart) / 2, &hit))
        found |= 1 << MIN (hit.item, 30);
      vigil_chart_hit_clear (&hit);
    }
  /* every one of the 30 days can be pointed at */
  g_assert_cmpint (found, ==, (1 << 30) - 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The pixels of @texture, B, G, R, A on little-endian machines; @out_size is their size */
static guchar *
download (GdkTexture *texture,
          gsize      *out_size)
{
  gsize stride = (gsize) gdk_texture_get_width (texture) * 4;
  guchar *pixels;

  *out_size = stride * (gsize) gdk_texture_get_height (texture);
  pixels = g_malloc (*out_size);
  gdk_texture_download (texture, pixels, stride);
  return pixels;
}

/* The chart is painted in the charts' worker thread into a texture of its size in device
 * pixels, which the snapshot only composites; new data makes it paint again. */
static void
test_painted_off_thread (void)
{
  g_autoptr(VigilDashboard) data = make_dashboard ();
  g_autoptr(VigilDashboard) other = make_dashboard ();
  g_autoptr(GdkTexture) first = NULL;
  g_autofree guchar *first_pixels = NULL;
  g_autofree guchar *second_pixels = NULL;
  gsize first_size, second_size;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *chart = vigil_chart_view_new (VIGIL_CHART_KIND_DISTRIBUTION);
  GdkTexture *second;
  int scale;
  gboolean varied = FALSE;

  /* The other data: the SELL day the other way round, BUY only */
  other->days[SELL_DAY].counts[0] = 90;
  other->days[SELL_DAY].counts[1] = 0;

  gtk_window_set_default_size (GTK_WINDOW (window), 720, 320);
  gtk_window_set_child (GTK_WINDOW (window), chart);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (vigil_ui_test_wait_for (allocated, chart));

  vigil_chart_view_set_dashboard (VIGIL_CHART_VIEW (chart), data);
  g_assert_true (vigil_ui_test_wait_for (painted, chart));

  first = g_object_ref (vigil_chart_view_get_texture (VIGIL_CHART_VIEW (chart)));
  g_assert_nonnull (first);
  scale = gtk_widget_get_scale_factor (chart);
  g_assert_cmpint (gdk_texture_get_width (first), ==, gtk_widget_get_width (chart) * scale);
  g_assert_cmpint (gdk_texture_get_height (first), ==, gtk_widget_get_height (chart) * scale);

  first_pixels = download (first, &first_size);
  for (gsize i = 4; i < first_size && !varied; i += 4)
    varied = memcmp (first_pixels, first_pixels + i, 4) != 0;
  g_assert_true (varied);

  /* New data: the painting shown is no longer of it until the next one comes. */
  vigil_chart_view_set_dashboard (VIGIL_CHART_VIEW (chart), other);
  g_assert_false (vigil_chart_view_get_painted (VIGIL_CHART_VIEW (chart)));
  g_assert_true (vigil_ui_test_wait_for (painted, chart));
  second = vigil_chart_view_get_texture (VIGIL_CHART_VIEW (chart));
  g_assert_nonnull (second);
  g_assert_true (second != first);
  second_pixels = download (second, &second_size);
  g_assert_cmpuint (second_size, ==, first_size);
  g_assert_true (memcmp (first_pixels, second_pixels, first_size) != 0);

  wait_for_frames (chart);
  render_pixel (chart, "chart-view-painted-off-thread.png", 0, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A chart that goes away while the worker paints it is simply not shown the painting. */
static void
test_disposed_while_painting (void)
{
  g_autoptr(VigilDashboard) data = make_dashboard ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *chart = vigil_chart_view_new (VIGIL_CHART_KIND_DISTRIBUTION);
  GtkWidget *next;

  gtk_window_set_default_size (GTK_WINDOW (window), 720, 320);
  gtk_window_set_child (GTK_WINDOW (window), chart);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (vigil_ui_test_wait_for (allocated, chart));
  g_assert_true (vigil_ui_test_wait_for (painted, chart));

  /* Mapped, the chart asks for its painting as soon as its data changes. */
  vigil_chart_view_set_dashboard (VIGIL_CHART_VIEW (chart), data);
  g_assert_false (vigil_chart_view_get_painted (VIGIL_CHART_VIEW (chart)));
  gtk_window_destroy (GTK_WINDOW (window));

  /* The worker paints in order: once a later chart is painted, the painting of the one
   * destroyed has come back too, and found it gone. */
  window = gtk_window_new ();
  next = vigil_chart_view_new (VIGIL_CHART_KIND_TIMELINE);
  vigil_chart_view_set_dashboard (VIGIL_CHART_VIEW (next), data);
  gtk_window_set_default_size (GTK_WINDOW (window), 720, 320);
  gtk_window_set_child (GTK_WINDOW (window), next);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (vigil_ui_test_wait_for (allocated, next));
  g_assert_true (vigil_ui_test_wait_for (painted, next));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *runtime_dir = NULL;
  int status;

  tmp_dir = g_dir_make_tmp ("vigil-chart-ui-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);
  runtime_dir = g_build_filename (tmp_dir, "runtime", NULL);
  g_assert_cmpint (g_mkdir_with_parents (runtime_dir, 0700), ==, 0);
  g_setenv ("XDG_RUNTIME_DIR", runtime_dir, TRUE);
  g_setenv ("XDG_CONFIG_HOME", tmp_dir, TRUE);
  g_setenv ("XDG_CACHE_HOME", tmp_dir, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  vigil_ui_test_init (&argc, &argv);

  g_test_add_func ("/vigil/chart-view/distribution", test_distribution);
  g_test_add_func ("/vigil/chart-view/narrow", test_narrow);
  g_test_add_func ("/vigil/chart-view/painted-off-thread", test_painted_off_thread);
  g_test_add_func ("/vigil/chart-view/disposed-while-painting", test_disposed_while_painting);

  status = g_test_run ();

  g_rmdir (runtime_dir);
  g_rmdir (tmp_dir);
  return status;
}
