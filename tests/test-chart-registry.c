/* test-chart-registry.c: a chart added with one descriptor and one painter is listed,
 * hit-tested and drawn on the report's pages
 *
 * This is how a chart is added to Vigil. Write a painter and a hit test that lay the chart
 * out the same way (vigil-chart-canvas.h has what the built-in painters share: the canvas,
 * text, legend, grid and the paint and hit-test prologues), a description, and a
 * VigilChartDescriptor naming them and the parts of the dashboard the chart draws. Vigil's
 * own charts each have a file, src/service/charts/vigil-chart-NAME.c, listed in the table
 * of vigil-chart-kind.c (and in src/service/meson.build and po/POTFILES.in); the dashboard's
 * cards, the chart widget and the report's model pages then show the chart with no other
 * change. The chart below is this test's own, so vigil_chart_kind_register() adds it after
 * the built-in ones instead, and nothing outside this file knows of it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "vigil-chart-canvas.h"
#include "vigil-chart.h"
#include "vigil-report.h"
#include "vigil-simulator.h"
#include "vigil-test-util.h"

/* The test's chart: the period's decisions by day of the week, Monday first. */

static const char * const weekday_names[7] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };

typedef struct
{
  gboolean       empty;
  VigilChartRect plot;
  gint64         totals[7];
  gint64         max;
  int            first_day[7];   /* the first day of the period on that weekday, -1 */
  int            busiest;
} WeekdayLayout;

static void
weekday_layout (VigilChartCanvas     *c,
                const VigilDashboard *data,
                WeekdayLayout        *l)
{
  memset (l, 0, sizeof *l);
  for (guint w = 0; w < 7; w++)
    l->first_day[w] = -1;
  for (guint i = 0; data != NULL && i < data->n_days; i++)
    {
      g_autoptr(GDateTime) day = NULL;
      g_autofree char *stamp = g_strconcat (data->days[i].day, "T00:00:00Z", NULL);
      guint w;

      day = g_date_time_new_from_iso8601 (stamp, NULL);
      g_assert_nonnull (day);
      w = g_date_time_get_day_of_week (day) - 1;
      l->totals[w] += data->days[i].total;
      if (l->first_day[w] < 0)
        l->first_day[w] = (int) i;
    }
  for (guint w = 0; w < 7; w++)
    if (l->totals[w] > l->max)
      {
        l->max = l->totals[w];
        l->busiest = (int) w;
      }
  l->empty = l->max == 0;

  /* A line of text above the bars, their labels below */
  l->plot.x = c->pad;
  l->plot.y = c->pad + c->line_h + c->gap;
  l->plot.w = MAX (c->width - 2 * c->pad, 7.0);
  l->plot.h = MAX (c->height - l->plot.y - c->pad - c->line_h - c->gap, 1.0);
}

static void
paint_weekday (cairo_t               *cr,
               const VigilDashboard  *data,
               const VigilChartStyle *style,
               double                 width,
               double                 height)
{
  VigilChartCanvas c;
  WeekdayLayout l;
  double slot;
  g_autofree char *busiest = NULL;

  vigil_chart_canvas_begin_paint (&c, cr, style, width, height);
  weekday_layout (&c, data, &l);
  if (l.empty)
    {
      vigil_chart_canvas_draw_no_data (&c, "No decisions by weekday");
      vigil_chart_canvas_finish (&c);
      return;
    }

  busiest = g_strdup_printf ("Busiest weekday: %s", weekday_names[l.busiest]);
  vigil_chart_canvas_draw_text (&c, busiest, VIGIL_CHART_TEXT_NORMAL, &style->foreground,
                                c.pad, c.pad, 0.0, 0.0);
  slot = l.plot.w / 7;
  for (guint w = 0; w < 7; w++)
    {
      double h = (double) l.totals[w] / l.max * l.plot.h;

      cairo_rectangle (cr, l.plot.x + w * slot + slot * 0.1, l.plot.y + l.plot.h - h,
                       slot * 0.8, h);
      vigil_chart_set_color (cr, &style->bar);
      cairo_fill (cr);
      vigil_chart_canvas_draw_text (&c, weekday_names[w], VIGIL_CHART_TEXT_NORMAL,
                                    &style->foreground, l.plot.x + (w + 0.5) * slot,
                                    l.plot.y + l.plot.h + c.gap, 0.5, 0.0);
    }
  vigil_chart_canvas_finish (&c);
}

static gboolean
hit_weekday (const VigilDashboard  *data,
             const VigilChartStyle *style,
             double                 width,
             double                 height,
             double                 x,
             double                 y,
             VigilChartHit         *hit)
{
  VigilChartCanvas c;
  WeekdayLayout l;
  gboolean found = FALSE;

  if (!vigil_chart_canvas_begin_hit (&c, style, width, height, hit))
    return FALSE;
  weekday_layout (&c, data, &l);
  if (!l.empty && x >= l.plot.x && x < l.plot.x + l.plot.w
      && y >= l.plot.y && y <= l.plot.y + l.plot.h)
    {
      guint w = MIN ((guint) ((x - l.plot.x) / (l.plot.w / 7)), 6);

      hit->item = (int) w;
      hit->text = g_strdup_printf ("%s: %" G_GINT64_FORMAT " decisions", weekday_names[w],
                                   l.totals[w]);
      if (l.first_day[w] >= 0)
        {
          vigil_chart_copy_day (hit->day, data->days[l.first_day[w]].day);
          vigil_chart_copy_day (hit->last_day, data->days[l.first_day[w]].day);
        }
      found = TRUE;
    }
  vigil_chart_canvas_finish (&c);
  return found;
}

static char *
describe_weekday (const VigilDashboard *data,
                  const char           *title)
{
  VigilChartCanvas c;
  WeekdayLayout l;
  g_autoptr(VigilChartStyle) style = vigil_chart_style_new (FALSE, 1.0);
  char *text;

  vigil_chart_canvas_init (&c, NULL, style, 100, 100);
  weekday_layout (&c, data, &l);
  vigil_chart_canvas_clear (&c);
  if (l.empty)
    return g_strdup_printf ("%s, no decisions", title);
  text = g_strdup_printf ("%s, busiest on %s", title, weekday_names[l.busiest]);
  return text;
}

static const VigilChartDescriptor weekday_chart = {
  .id = "test-weekday",
  .title = "Decisions by weekday",
  .heading = "Weekdays",
  .caption = "The period's decisions by day of the week",
  .needs = VIGIL_CHART_NEEDS_DAYS,
  .paint = paint_weekday,
  .hit = hit_weekday,
  .describe = describe_weekday,
};

static VigilChartKind weekday_kind;

/* The tests */

/* Two weeks from Monday 2 November 2026: Tuesdays the busiest. */
static VigilDashboard *
make_dashboard (void)
{
  VigilDashboard *d = vigil_dashboard_new ("trader-v2", "2026-11-02T00:00:00.000000",
                                           "2026-11-16T00:00:00.000000");

  d->n_days = 14;
  d->days = g_new0 (VigilDashboardDay, d->n_days);
  for (guint i = 0; i < d->n_days; i++)
    {
      d->days[i].day = g_strdup_printf ("2026-11-%02u", 2 + i);
      d->days[i].total = i % 7 == 1 ? 90 : 10 + i;
    }
  return d;
}

static void
test_listed (void)
{
  VigilChartKind kind = 0;

  /* After the built-in ones, in the order the dashboard and the report show them */
  g_assert_cmpuint (vigil_chart_kind_get_n (), ==, VIGIL_CHART_KIND_PERFORMANCE + 2);
  g_assert_cmpint (weekday_kind, ==, VIGIL_CHART_KIND_PERFORMANCE + 1);
  g_assert_true (vigil_chart_kind_get (weekday_kind) == &weekday_chart);
  g_assert_true (vigil_chart_kind_lookup ("test-weekday", &kind));
  g_assert_cmpint (kind, ==, weekday_kind);
  g_assert_true (vigil_chart_kind_lookup ("distribution", &kind));
  g_assert_cmpint (kind, ==, VIGIL_CHART_KIND_DISTRIBUTION);
  g_assert_null (vigil_chart_kind_get (weekday_kind + 1));
  g_assert_cmpstr (vigil_chart_kind_title (weekday_kind), ==, "Decisions by weekday");

  /* An id is taken once */
  g_test_expect_message ("vigil-chart-kind", G_LOG_LEVEL_CRITICAL, "*lookup*");
  g_assert_cmpint ((int) vigil_chart_kind_register (&weekday_chart), ==, -1);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (vigil_chart_kind_get_n (), ==, VIGIL_CHART_KIND_PERFORMANCE + 2);
}

static void
test_paint_and_hit (void)
{
  g_autoptr(VigilDashboard) data = make_dashboard ();
  g_autoptr(VigilChartStyle) style = vigil_chart_style_new (FALSE, 1.0);
  g_auto(VigilChartHit) hit = { 0 };
  g_autofree char *described = NULL;
  g_autofree char *file = g_build_filename (g_test_get_dir (G_TEST_BUILT),
                                            "chart-test-weekday.png", NULL);
  const int w = 420, h = 240;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create (surface);
  const guint8 *pixels;
  int stride, tue_x = -1, tue_top = h;

  vigil_chart_paint (weekday_kind, cr, data, style, w, h);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  g_assert_cmpint (cairo_surface_write_to_png (surface, file), ==, CAIRO_STATUS_SUCCESS);

  /* The tallest bar, of the bar colour, is the second of seven: Tuesday */
  pixels = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int x = 0; x < w; x++)
    for (int y = 0; y < h; y++)
      {
        guint32 p = ((const guint32 *) (pixels + y * stride))[x];

        if (abs ((int) ((p >> 16) & 0xff) - (int) (style->bar.red * 255 + 0.5)) <= 2
            && abs ((int) ((p >> 8) & 0xff) - (int) (style->bar.green * 255 + 0.5)) <= 2
            && abs ((int) (p & 0xff) - (int) (style->bar.blue * 255 + 0.5)) <= 2
            && y < tue_top)
          {
            tue_top = y;
            tue_x = x;
          }
      }
  g_assert_cmpint (tue_x, >, w / 7);
  g_assert_cmpint (tue_x, <, 2 * w / 7);

  /* The hit test finds the bar the painter drew there, and its first day */
  g_assert_true (vigil_chart_hit (weekday_kind, data, style, w, h, tue_x + 2, tue_top + 4, &hit));
  g_assert_cmpint (hit.item, ==, 1);
  g_assert_cmpstr (hit.day, ==, "2026-11-03");
  g_assert_nonnull (strstr (hit.text, "Tue: 180 decisions"));
  vigil_chart_hit_clear (&hit);
  g_assert_false (vigil_chart_hit (weekday_kind, data, style, w, h, 1, 1, &hit));
  g_assert_cmpint (hit.item, ==, -1);

  described = vigil_chart_describe (weekday_kind, data);
  g_assert_cmpstr (described, ==, "Decisions by weekday, busiest on Tue");
  cairo_surface_destroy (surface);
}

static char *
pdf_text (const char *pdf)
{
  g_autoptr(GSubprocess) pdftotext = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  pdftotext = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                "pdftotext", "-layout", pdf, "-", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (pdftotext, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (pdftotext));
  return g_steal_pointer (&out);
}

static guint
count (const char *text,
       const char *needle)
{
  g_auto(GStrv) parts = g_strsplit (text, needle, -1);

  return g_strv_length (parts) - 1;
}

/* The report's pages of each model draw the chart, under its title, after the four
 * built-in ones. */
static void
test_report (Fixture       *f,
             gconstpointer  user_data)
{
  g_autoptr(VigilScenario) scenario = vigil_scenario_new ();
  g_autoptr(VigilSimulator) simulator = vigil_simulator_new ();
  g_autoptr(VigilReport) report = NULL;
  g_autoptr(GError) error = NULL;
  /* In the build directory, for a person to look at */
  g_autofree char *pdf = g_build_filename (g_test_get_dir (G_TEST_BUILT),
                                           "chart-registry-report.pdf", NULL);
  g_autofree char *text = NULL;
  VigilPeriod period;

  vigil_scenario_set_start_date (scenario, "2026-11-01");
  vigil_scenario_set_seed (scenario, 42);
  g_assert_true (vigil_simulator_run (simulator, f->store, scenario, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (vigil_period_init_range (&period, "2026-11-01", "2026-11-06", &error));
  report = vigil_report_build (f->store, &period, NULL, "Test Bank", "Ana Risk", NULL, NULL, NULL,
                               &error);
  g_assert_no_error (error);
  g_assert_true (vigil_report_write_pdf (report, pdf, VIGIL_PAPER_A4, NULL, NULL, NULL, NULL,
                                         &error));
  g_assert_no_error (error);

  text = pdf_text (pdf);
  /* Two models (CreditXGBoost, MomentumSignal), each with the five charts */
  g_assert_cmpuint (count (text, "Daily decision distribution"), ==, 2);
  g_assert_cmpuint (count (text, "Decisions by weekday"), ==, 2);
  g_assert_cmpuint (count (text, "Busiest weekday: "), ==, 2);
  g_assert_cmpuint (count (text, "No decisions by weekday"), ==, 0);
  g_assert_true (strstr (text, "Daily decision distribution")
                 < strstr (text, "Decisions by weekday"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  weekday_kind = vigil_chart_kind_register (&weekday_chart);

  g_test_add_func ("/vigil/chart-registry/listed", test_listed);
  g_test_add_func ("/vigil/chart-registry/paint-and-hit", test_paint_and_hit);
  g_test_add ("/vigil/chart-registry/report", Fixture, NULL, fixture_set_up, test_report,
              fixture_tear_down);
  return g_test_run ();
}
