/* test-charts.c: the dashboard's chart painters, their axis scaling and hit tests
 *
 * Each painter draws into an image surface; the tests look at the pixels a reader would see
 * (a bar's colour where the bar should be, a note in the middle of an empty chart) and ask
 * the hit tests about points found in those pixels. The PNGs are saved in the build
 * directory for a person to look at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "vigil-chart-canvas.h"
#include "vigil-chart.h"

#define SELL_DAY 3
#define GAP_DAY 5    /* no outcome has arrived for its decisions */
#define DROP_DAY 15  /* from this day the accuracy falls from 80 % to 20 % */

static const struct
{
  VigilChartKind kind;
  const char    *name;
} kinds[] = {
  { VIGIL_CHART_KIND_DISTRIBUTION, "distribution" },
  { VIGIL_CHART_KIND_CONFIDENCE, "confidence" },
  { VIGIL_CHART_KIND_CONCENTRATION, "concentration" },
  { VIGIL_CHART_KIND_TIMELINE, "timeline" },
  { VIGIL_CHART_KIND_PERFORMANCE, "performance" },
};

static const struct
{
  int width;
  int height;
} sizes[] = {
  { 360, 240 },
  { 1600, 400 },
};

static char *
day_string (guint offset)
{
  g_autoptr(GDateTime) start = g_date_time_new_utc (2024, 1, 1, 0, 0, 0);
  g_autoptr(GDateTime) day = g_date_time_add_days (start, offset);

  return g_date_time_format (day, "%Y-%m-%d");
}

static char *
stamp_string (guint offset,
              guint hour)
{
  g_autofree char *day = day_string (offset);

  return g_strdup_printf ("%sT%02u:00:00.000000", day, hour);
}

/* A month of a trading model: BUY, SELL and HOLD every day, except one day of nothing but
 * SELL; two days with a distribution alert; one entity over the threshold; alerts of every
 * severity, one of them acknowledged. */
static VigilDashboard *
make_dashboard (guint n_days)
{
  g_autofree char *from = stamp_string (0, 0);
  g_autofree char *to = stamp_string (n_days, 0);
  VigilDashboard *d = vigil_dashboard_new ("trader-v2", from, to);
  static const char *entities[] = { "AAPL", "MSFT", "NVDA", "AMZN", "A very long entity name, Inc." };
  static const double shares[] = { 0.42, 0.21, 0.15, 0.12, 0.10 };
  static const VigilSeverity severities[] = {
    VIGIL_SEVERITY_LOW, VIGIL_SEVERITY_MEDIUM, VIGIL_SEVERITY_HIGH, VIGIL_SEVERITY_LOW,
  };

  g_strfreev (d->predictions);
  d->predictions = g_strsplit ("BUY SELL HOLD", " ", -1);
  d->n_predictions = 3;
  d->n_days = n_days;
  d->days = g_new0 (VigilDashboardDay, n_days);
  for (guint i = 0; i < n_days; i++)
    {
      VigilDashboardDay *day = &d->days[i];

      day->day = day_string (i);
      day->counts = g_new0 (gint64, 3);
      if (i == SELL_DAY)
        day->counts[1] = 80;
      else
        {
          day->counts[0] = 50 + (i * 7) % 30;
          day->counts[1] = 30 + (i * 5) % 20;
          day->counts[2] = 20 + (i * 3) % 10;
        }
      day->total = day->counts[0] + day->counts[1] + day->counts[2];
      day->distribution_alert = n_days > 10 && (i == 10 || i == 11);
      if (i != GAP_DAY)
        {
          day->outcomes.with_outcome = 80;
          day->outcomes.judged = 50;
          day->outcomes.right = i < DROP_DAY ? 40 : 10;
        }
    }

  for (guint i = 0; i < VIGIL_DASHBOARD_CONFIDENCE_BINS; i++)
    {
      d->recent_bins[i] = i >= 14 ? 40 + 10 * (i - 14) : 2;
      d->baseline_bins[i] = i >= 8 && i < 18 ? 100 + 20 * (i % 5) : 10;
      d->recent_total += d->recent_bins[i];
      d->baseline_total += d->baseline_bins[i];
    }

  d->has_entities = TRUE;
  d->entity_total = 1000;
  d->n_entities = G_N_ELEMENTS (entities);
  d->entities = g_new0 (VigilDashboardEntity, d->n_entities);
  for (guint i = 0; i < d->n_entities; i++)
    {
      d->entities[i].entity = g_strdup (entities[i]);
      d->entities[i].share = shares[i];
      d->entities[i].count = (gint64) round (shares[i] * 1000);
    }

  d->n_alerts = G_N_ELEMENTS (severities);
  d->alerts = g_new0 (VigilDashboardAlert, d->n_alerts);
  for (guint i = 0; i < d->n_alerts; i++)
    {
      VigilDashboardAlert *a = &d->alerts[i];

      a->id = 100 + i;
      /* A day's window, stamped with its end as the detector does */
      a->window_start = stamp_string ((i * 7 + 2) % n_days, 0);
      a->window_end = stamp_string ((i * 7 + 2) % n_days + 1, 0);
      a->timestamp = g_strdup (a->window_end);
      a->alert_type = g_strdup (i == 2 ? "distribution_shift" : "volume_spike");
      a->model_name = g_strdup ("trader-v2");
      a->description = g_strdup_printf ("Alert number %u", i);
      a->severity = severities[i];
      a->acknowledged = i == 3;
    }
  return d;
}

/* The dashboard of all models: a credit model (APPROVE, DECLINE) and the trading model of
 * make_dashboard(), whose SELL day and alert days are its own. */
static VigilDashboard *
make_all_models_dashboard (guint n_days)
{
  VigilDashboard *d = make_dashboard (n_days);
  static const char *names[] = { "credit-v1", "trader-v2" };

  g_clear_pointer (&d->model_name, g_free);
  g_strfreev (d->predictions);
  /* The order of the dashboard: most frequent first, so the two models' predictions mix */
  d->predictions = g_strsplit ("BUY APPROVE SELL DECLINE HOLD", " ", -1);
  d->n_predictions = 5;
  d->n_models = G_N_ELEMENTS (names);
  d->models = g_new0 (VigilDashboardModel, d->n_models);
  for (guint m = 0; m < d->n_models; m++)
    {
      d->models[m].model_name = g_strdup (names[m]);
      d->models[m].day_totals = g_new0 (gint64, n_days);
      d->models[m].counts = g_new0 (gint64, (gsize) n_days * 5);
      d->models[m].alert_days = g_new0 (gboolean, n_days);
      d->models[m].outcomes = g_new0 (VigilDashboardOutcomes, n_days);
    }
  for (guint i = 0; i < n_days; i++)
    {
      VigilDashboardDay *day = &d->days[i];
      VigilDashboardModel *credit = &d->models[0], *trader = &d->models[1];
      gint64 *c = credit->counts + (gsize) i * 5, *t = trader->counts + (gsize) i * 5;

      t[0] = day->counts[0];
      t[2] = day->counts[1];
      t[4] = day->counts[2];
      c[1] = 60 + (i * 3) % 20;
      c[3] = 40;
      trader->day_totals[i] = t[0] + t[2] + t[4];
      credit->day_totals[i] = c[1] + c[3];
      trader->alert_days[i] = day->distribution_alert;
      trader->outcomes[i] = day->outcomes;
      credit->outcomes[i] = (VigilDashboardOutcomes) { 50, 40, 30 };
      day->outcomes.with_outcome += 50;
      day->outcomes.judged += 40;
      day->outcomes.right += 30;
      g_free (day->counts);
      day->counts = g_new0 (gint64, 5);
      for (guint p = 0; p < 5; p++)
        day->counts[p] = c[p] + t[p];
      day->total = trader->day_totals[i] + credit->day_totals[i];
    }
  return d;
}

static cairo_surface_t *
render (VigilChartKind         kind,
        const VigilDashboard  *data,
        const VigilChartStyle *style,
        int                    width,
        int                    height,
        const char            *name)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  const char *dir = g_test_get_dir (G_TEST_BUILT);
  g_autofree char *file = NULL;

  /* Paint something under the chart: the painter must cover its whole rectangle. */
  cairo_set_source_rgb (cr, 1.0, 0.0, 1.0);
  cairo_paint (cr);
  vigil_chart_paint (kind, cr, data, style, width, height);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  file = g_strdup_printf ("%s/chart-%s-%dx%d-%s.png", dir, name, width, height,
                          style->dark ? "dark" : "light");
  g_assert_cmpint (cairo_surface_write_to_png (surface, file), ==, CAIRO_STATUS_SUCCESS);
  return surface;
}

static void
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y,
          int             *r,
          int             *g,
          int             *b)
{
  const guint8 *row = cairo_image_surface_get_data (surface) + y * cairo_image_surface_get_stride (surface);
  guint32 p = ((const guint32 *) row)[x];

  *r = (p >> 16) & 0xff;
  *g = (p >> 8) & 0xff;
  *b = p & 0xff;
}

static gboolean
pixel_is (cairo_surface_t       *surface,
          int                    x,
          int                    y,
          const VigilChartColor *color,
          int                    tolerance)
{
  int r, g, b;

  pixel_at (surface, x, y, &r, &g, &b);
  return abs (r - (int) round (color->red * 255)) <= tolerance
         && abs (g - (int) round (color->green * 255)) <= tolerance
         && abs (b - (int) round (color->blue * 255)) <= tolerance;
}

/* Pixels in [x0, x1) x [y0, y1) that are not the background. */
static guint
count_ink (cairo_surface_t       *surface,
           const VigilChartStyle *style,
           int                    x0,
           int                    y0,
           int                    x1,
           int                    y1)
{
  guint n = 0;

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      n += pixel_is (surface, x, y, &style->background, 2) ? 0 : 1;
  return n;
}

/* Finds the middle of the widest run of @color along row @y. */
static gboolean
find_run (cairo_surface_t       *surface,
          int                    y,
          const VigilChartColor *color,
          int                   *out_x)
{
  int width = cairo_image_surface_get_width (surface);
  int best = 0, start = -1;

  for (int x = 0; x <= width; x++)
    {
      gboolean in = x < width && pixel_is (surface, x, y, color, 6);

      if (in && start < 0)
        start = x;
      if (!in && start >= 0)
        {
          if (x - start > best)
            {
              best = x - start;
              *out_x = (start + x) / 2;
            }
          start = -1;
        }
    }
  return best > 0;
}

/* Finds the first row from the top, in column @x, of @color. */
static gboolean
find_row (cairo_surface_t       *surface,
          int                    x,
          const VigilChartColor *color,
          int                   *out_y)
{
  for (int y = 0; y < cairo_image_surface_get_height (surface); y++)
    if (pixel_is (surface, x, y, color, 6))
      {
        *out_y = y;
        return TRUE;
      }
  return FALSE;
}

static void
test_nice_ticks (void)
{
  VigilChartTicks t;

  g_assert_true (vigil_chart_nice_ticks (0.0, 1.0, 6, &t));
  g_assert_cmpfloat_with_epsilon (t.first, 0.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (t.step, 0.2, 1e-12);
  g_assert_cmpuint (t.n, ==, 6);

  g_assert_true (vigil_chart_nice_ticks (0.0, 0.37, 5, &t));
  g_assert_cmpfloat_with_epsilon (t.step, 0.1, 1e-12);
  g_assert_cmpuint (t.n, ==, 5);
  g_assert_cmpfloat_with_epsilon (vigil_chart_ticks_last (&t), 0.4, 1e-12);

  g_assert_true (vigil_chart_nice_ticks (0.0, 100.0, 5, &t));
  g_assert_cmpfloat_with_epsilon (t.step, 25.0, 1e-12);
  g_assert_cmpuint (t.n, ==, 5);

  g_assert_true (vigil_chart_nice_ticks (3.0, 97.0, 10, &t));
  g_assert_cmpfloat_with_epsilon (t.first, 0.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (t.step, 20.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (vigil_chart_ticks_last (&t), 100.0, 1e-12);

  /* Two ticks only: the range is covered however coarse the step. */
  g_assert_true (vigil_chart_nice_ticks (0.0, 0.73, 2, &t));
  g_assert_cmpuint (t.n, ==, 2);
  g_assert_cmpfloat (vigil_chart_ticks_last (&t), >=, 0.73);

  /* Steps of 10 would need -20..50, eight ticks: the next round step it is. */
  g_assert_true (vigil_chart_nice_ticks (-12.0, 48.0, 7, &t));
  g_assert_cmpfloat_with_epsilon (t.first, -20.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (t.step, 20.0, 1e-12);
  g_assert_cmpuint (t.n, ==, 5);
  g_assert_true (vigil_chart_nice_ticks (-12.0, 48.0, 8, &t));
  g_assert_cmpfloat_with_epsilon (t.step, 10.0, 1e-12);
  g_assert_cmpuint (t.n, ==, 8);

  /* An empty range still makes an axis. */
  g_assert_true (vigil_chart_nice_ticks (5.0, 5.0, 5, &t));
  g_assert_cmpfloat (t.first, <=, 5.0);
  g_assert_cmpfloat (vigil_chart_ticks_last (&t), >, 5.0);

  g_assert_false (vigil_chart_nice_ticks (NAN, 1.0, 5, &t));
  g_assert_false (vigil_chart_nice_ticks (0.0, INFINITY, 5, &t));
  g_assert_false (vigil_chart_nice_ticks (0.0, 1.0, 1, &t));
}

static void
test_days_per_bar (void)
{
  g_assert_cmpuint (vigil_chart_days_per_bar (30, 300.0, 3.0), ==, 1);
  g_assert_cmpuint (vigil_chart_days_per_bar (100, 150.0, 3.0), ==, 2);
  g_assert_cmpuint (vigil_chart_days_per_bar (100, 60.0, 3.0), ==, 5);
  /* Beyond a week, whole weeks: 3660 days in 300 px need 37 days a bar, so 42. */
  g_assert_cmpuint (vigil_chart_days_per_bar (3660, 300.0, 3.0), ==, 42);
  g_assert_cmpuint (vigil_chart_days_per_bar (0, 300.0, 3.0), ==, 1);
  g_assert_cmpuint (vigil_chart_days_per_bar (10, 0.0, 3.0), ==, 1);
  g_assert_cmpuint (vigil_chart_days_per_bar (10, 1.0, 3.0), ==, 10);
}

static void
test_label_stride (void)
{
  g_assert_cmpuint (vigil_chart_label_stride (30, 100.0, 75.0), ==, 1);
  g_assert_cmpuint (vigil_chart_label_stride (30, 40.0, 75.0), ==, 2);
  g_assert_cmpuint (vigil_chart_label_stride (30, 10.0, 75.0), ==, 10);
  g_assert_cmpuint (vigil_chart_label_stride (3660, 0.1, 75.0), ==, 1000);
  g_assert_cmpuint (vigil_chart_label_stride (5, 1.0, 1000.0), ==, 5);
  g_assert_cmpuint (vigil_chart_label_stride (1, 1.0, 75.0), ==, 1);
}

static void
test_prediction_colors (void)
{
  g_autoptr(VigilChartStyle) style = vigil_chart_style_new (FALSE, 1.0);
  const char *predictions[] = { "HOLD", "SELL", "XYZ", "BUY", "ABC", NULL };
  VigilChartColor colors[5];

  vigil_chart_style_prediction_colors (style, predictions, 5, colors);
  g_assert_true (memcmp (&colors[0], &style->neutral, sizeof colors[0]) == 0);
  g_assert_true (memcmp (&colors[1], &style->negative, sizeof colors[0]) == 0);
  g_assert_true (memcmp (&colors[3], &style->positive, sizeof colors[0]) == 0);
  /* The others differ from each other and from the named ones. */
  g_assert_false (memcmp (&colors[2], &colors[4], sizeof colors[0]) == 0);
  for (guint i = 0; i < 5; i += 2)
    for (guint j = 0; j < 5; j++)
      if (i != j)
        g_assert_false (memcmp (&colors[i], &colors[j], sizeof colors[0]) == 0);
}

static gboolean
same_color (const VigilChartColor *a,
            const VigilChartColor *b)
{
  return memcmp (a, b, sizeof *a) == 0;
}

/* The colours of @predictions drawn together, found by name. */
static VigilChartColor
color_in (const VigilChartStyle *style,
          const char * const    *predictions,
          guint                  n,
          const char            *name)
{
  VigilChartColor colors[16];

  g_assert_cmpuint (n, <=, G_N_ELEMENTS (colors));
  vigil_chart_style_prediction_colors (style, predictions, n, colors);
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (predictions[i], name) == 0)
      return colors[i];
  g_assert_not_reached ();
}

/* A prediction has one colour everywhere: SELL on a trading model's dashboard is SELL on
 * the dashboard of all models (beside DECLINE, in another order) and on the report's pages,
 * in this process and the next; and no two predictions drawn together share a colour. */
static void
test_prediction_colors_stable (void)
{
  g_autoptr(VigilChartStyle) screen = vigil_chart_style_new (FALSE, 1.0);
  g_autoptr(VigilChartStyle) pdf = vigil_chart_style_new (FALSE, 0.75);
  const char *trader[] = { "BUY", "SELL", "HOLD", "rebalance" };
  const char *credit[] = { "DECLINE", "APPROVE", "REVIEW" };
  const char *all[] = { "APPROVE", "HOLD", "SELL", "DECLINE", "BUY", "REVIEW", "rebalance",
                        "escalate", "REFER", "defer", "split", "wait", "unknown" };
  const char *named[] = { "BUY", "SELL", "HOLD", "APPROVE", "DECLINE", "REVIEW", "REFER" };
  VigilChartColor colors[G_N_ELEMENTS (all)];

  for (guint i = 0; i < G_N_ELEMENTS (trader); i++)
    {
      VigilChartColor own = vigil_chart_style_prediction_color (screen, trader[i]);
      VigilChartColor here = color_in (screen, trader, G_N_ELEMENTS (trader), trader[i]);
      VigilChartColor there = color_in (screen, all, G_N_ELEMENTS (all), trader[i]);
      VigilChartColor in_pdf = color_in (pdf, trader, G_N_ELEMENTS (trader), trader[i]);

      g_assert_true (same_color (&here, &own));
      g_assert_true (same_color (&there, &own));
      g_assert_true (same_color (&in_pdf, &own));
    }
  for (guint i = 0; i < G_N_ELEMENTS (credit); i++)
    {
      VigilChartColor here = color_in (screen, credit, G_N_ELEMENTS (credit), credit[i]);
      VigilChartColor there = color_in (screen, all, G_N_ELEMENTS (all), credit[i]);

      g_assert_true (same_color (&here, &there));
    }

  /* The named ones are fixed: SELL is not DECLINE, BUY not APPROVE, in any case of letters */
  {
    VigilChartColor sell = vigil_chart_style_prediction_color (screen, "sell");
    VigilChartColor buy = vigil_chart_style_prediction_color (screen, "Buy");

    g_assert_true (same_color (&sell, &screen->negative));
    g_assert_true (same_color (&buy, &screen->positive));
  }
  for (guint i = 0; i < G_N_ELEMENTS (named); i++)
    for (guint j = i + 1; j < G_N_ELEMENTS (named); j++)
      {
        VigilChartColor a = vigil_chart_style_prediction_color (screen, named[i]);
        VigilChartColor b = vigil_chart_style_prediction_color (screen, named[j]);

        g_assert_false (same_color (&a, &b));
      }

  /* Thirteen predictions in one chart, six of them without a colour of their own: all apart */
  vigil_chart_style_prediction_colors (screen, all, G_N_ELEMENTS (all), colors);
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    for (guint j = i + 1; j < G_N_ELEMENTS (all); j++)
      g_assert_false (same_color (&colors[i], &colors[j]));
}

/* On the dashboard of all models DECLINE comes before SELL; the SELL bars keep SELL's colour
 * and the DECLINE bars have one of their own. */
static void
test_distribution_all_models_colors (void)
{
  g_autoptr(VigilDashboard) data = make_dashboard (30);
  g_autoptr(VigilChartStyle) style = vigil_chart_style_new (FALSE, 1.0);
  VigilChartColor decline = vigil_chart_style_prediction_color (style, "DECLINE");
  cairo_surface_t *surface;
  int x = -1;
  gboolean sell_seen = FALSE, decline_seen = FALSE;

  g_strfreev (data->predictions);
  data->predictions = g_strsplit ("DECLINE SELL HOLD", " ", -1);
  surface = render (VIGIL_CHART_KIND_DISTRIBUTION, data, style, 640, 320,
                    "distribution-all-models");

  g_assert_false (same_color (&decline, &style->negative));
  for (int y = 320 / 4; y < 320 * 7 / 8; y++)
    {
      sell_seen |= find_run (surface, y, &style->negative, &x);
      decline_seen |= find_run (surface, y, &decline, &x);
    }
  g_assert_true (sell_seen);
  g_assert_true (decline_seen);
  cairo_surface_destroy (surface);
}

/* Every chart, at both sizes, light and dark, inks its plot area and covers its rectangle. */
static void
test_paint_all (void)
{
  g_autoptr(VigilDashboard) data = make_dashboard (30);

  for (guint dark = 0; dark < 2; dark++)
    {
      g_autoptr(VigilChartStyle) style = vigil_chart_style_new (dark, 1.0);

      for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
        for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
          {
            int w = sizes[s].width, h = sizes[s].height;
            cairo_surface_t *surface = render (kinds[k].kind, data, style, w, h, kinds[k].name);
            guint plot_ink = count_ink (surface, style, w / 5, h * 2 / 5, w * 9 / 10, h * 4 / 5);
            guint plot_area = (w * 9 / 10 - w / 5) * (h * 4 / 5 - h * 2 / 5);
            VigilChartColor magenta = { 1.0, 0.0, 1.0, 1.0 };
            int r, g, b;

            g_test_message ("%s %dx%d %s: %u of %u plot pixels inked", kinds[k].name, w, h,
                            dark ? "dark" : "light", plot_ink, plot_area);
            /* The timeline's markers are sparse; the bars fill much of their plots. */
            g_assert_cmpuint (plot_ink, >, kinds[k].kind == VIGIL_CHART_KIND_TIMELINE
                                           ? plot_area / 200 : plot_area / 20);
            /* The corners are background: nothing of what was under the chart shows. */
            g_assert_false (pixel_is (surface, 0, 0, &magenta, 10));
            g_assert_false (pixel_is (surface, w - 1, h - 1, &magenta, 10));
            pixel_at (surface, w - 1, 0, &r, &g, &b);
            g_assert_true (pixel_is (surface, w - 1, 0, &style->background, 2));
            cairo_surface_destroy (surface);
          }
    }
}

/* The keyboard steps through every bar, bin, entity and marker once, in reading order, and
 * each step's centre is something the hit test names (the tooltip a person reads). */
static void
test_targets (void)
{
  g_autoptr(VigilDashboard) data = make_dashboard (30);
  g_autoptr(VigilChartStyle) style = vigil_chart_style_new (FALSE, 1.0);

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
      {
        int w = sizes[s].width, h = sizes[s].height;
        g_autoptr(GArray) targets = vigil_chart_targets (kinds[k].kind, data, style, w, h);
        int previous_item = -1;
        double previous_x = -1, previous_y = -1;

        g_test_message ("%s %dx%d: %u targets", kinds[k].name, w, h, targets->len);
        g_assert_cmpuint (targets->len, >, 0);
        for (guint i = 0; i < targets->len; i++)
          {
            const VigilChartRect *r = &g_array_index (targets, VigilChartRect, i);
            g_auto(VigilChartHit) hit = { 0 };

            g_assert_cmpfloat (r->x, >=, 0);
            g_assert_cmpfloat (r->x + r->w, <=, w + 0.5);
            g_assert_true (vigil_chart_hit (kinds[k].kind, data, style, w, h,
                                            r->x + r->w / 2, r->y + r->h / 2, &hit));
            g_assert_nonnull (hit.text);
            /* each a different part, read left to right (top to bottom for the entities) */
            if (kinds[k].kind != VIGIL_CHART_KIND_TIMELINE)
              g_assert_cmpint (hit.item, >, previous_item);
            g_assert_true (r->x > previous_x || r->y > previous_y
                           || kinds[k].kind == VIGIL_CHART_KIND_TIMELINE);
            previous_item = hit.item;
            previous_x = r->x;
            previous_y = r->y;
          }
      }

  /* Nothing to show, nothing to step through */
  {
    g_autoptr(GArray) none = vigil_chart_targets (VIGIL_CHART_KIND_DISTRIBUTION, NULL, style,
                                                  560, 280);

    g_assert_cmpuint (none->len, ==, 0);
  }
}

/* The day of nothing but SELL is a bar of the SELL colour from 0 to 100 %, and the hit test
 * finds that day there. */
static void
test_distribution_sell_day (void)
{
  g_autoptr(VigilDashboard) data = make_dashboard (30);

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (guint dark = 0; dark < 2; dark++)
      {
        g_autoptr(VigilChartStyle) style = vigil_chart_style_new (dark, 1.0);
        int w = sizes[s].width, h = sizes[s].height;
        cairo_surface_t *surface = render (VIGIL_CHART_KIND_DISTRIBUTION, data, style, w, h,
                                           "distribution");
        g_auto(VigilChartHit) hit = { 0 };
        int top_y = -1, x = -1, sell_x = -1;

        /* Near the top of the plot only the SELL day shows the SELL colour: every other day
         * has BUY at the bottom and HOLD at the top. */
        g_assert_true (find_run (surface, h / 2, &style->positive, &x));
        g_assert_true (find_row (surface, x, &style->neutral, &top_y));
        g_assert_true (find_run (surface, top_y + 2, &style->negative, &sell_x));
        for (int y = top_y + 2; y < h / 2; y += 4)
          g_assert_true (pixel_is (surface, sell_x, y, &style->negative, 6));

        g_assert_true (vigil_chart_hit_distribution (data, style, w, h, sell_x, h / 2, &hit));
        g_assert_cmpstr (hit.day, ==, data->days[SELL_DAY].day);
        g_assert_cmpint (hit.item, ==, SELL_DAY);
        g_assert_nonnull (strstr (hit.text, "SELL: 100.0% (80)"));
        vigil_chart_hit_clear (&hit);

        g_assert_false (vigil_chart_hit_distribution (data, style, w, h, 2, 2, &hit));
        g_assert_null (hit.text);
        g_assert_false (vigil_chart_hit_distribution (data, style, w, h, w - 2, h - 2, &hit));
        cairo_surface_destroy (surface);
      }
}

/* Under all models each model has a panel of its own, titled with its name: the credit
 * model's APPROVE never shares a bar with the trading model's BUY, each prediction keeps
 * its colour, and a point of the second panel is the second model's, down to the trading
 * model's day of nothing but SELL. */
static void
test_distribution_per_model (void)
{
  g_autoptr(VigilDashboard) data = make_all_models_dashboard (30);
  /* The dashboard's card and the report's page */
  static const struct { int w, h; double scale; } at[] = { { 560, 320, 1.0 }, { 240, 192, 0.75 } };

  for (guint s = 0; s < G_N_ELEMENTS (at); s++)
    {
      g_autoptr(VigilChartStyle) style = vigil_chart_style_new (FALSE, at[s].scale);
      VigilChartColor approve = vigil_chart_style_prediction_color (style, "APPROVE");
      int w = at[s].w, h = at[s].h;
      cairo_surface_t *surface = render (VIGIL_CHART_KIND_DISTRIBUTION, data, style, w, h,
                                         "distribution-per-model");
      int approve_top = -1, approve_bottom = -1, buy_top = -1, buy_bottom = -1;
      int approve_x = -1, buy_x = -1, x;
      gboolean sell_found = FALSE;
      g_auto(VigilChartHit) hit = { 0 };
      g_autofree char *text = NULL;

      /* Skip the legend's swatches at the top */
      for (int y = h / 5; y < h; y++)
        {
          if (find_run (surface, y, &approve, &x))
            {
              approve_top = approve_top < 0 ? y : approve_top;
              approve_bottom = y;
              approve_x = x;
            }
          if (find_run (surface, y, &style->positive, &x))
            {
              buy_top = buy_top < 0 ? y : buy_top;
              buy_bottom = y;
              buy_x = x;
            }
        }
      g_test_message ("%dx%d: APPROVE rows %d..%d, BUY rows %d..%d", w, h, approve_top,
                      approve_bottom, buy_top, buy_bottom);
      g_assert_cmpint (approve_top, >=, 0);
      g_assert_cmpint (buy_top, >=, 0);
      /* Two panels one above the other, the first model's first */
      g_assert_cmpint (approve_bottom, <, buy_top);

      g_assert_true (vigil_chart_hit_distribution (data, style, w, h, approve_x,
                                                   (approve_top + approve_bottom) / 2, &hit));
      g_assert_cmpstr (hit.model, ==, "credit-v1");
      g_assert_true (g_str_has_prefix (hit.text, "credit-v1\n"));
      g_assert_null (strstr (hit.text, "BUY"));
      vigil_chart_hit_clear (&hit);

      g_assert_true (vigil_chart_hit_distribution (data, style, w, h, buy_x,
                                                   (buy_top + buy_bottom) / 2, &hit));
      g_assert_cmpstr (hit.model, ==, "trader-v2");
      g_assert_null (strstr (hit.text, "APPROVE"));
      vigil_chart_hit_clear (&hit);

      /* The SELL day, found along the middle of the second panel */
      for (int px = 0; px < w && !sell_found; px++)
        {
          if (vigil_chart_hit_distribution (data, style, w, h, px, (buy_top + buy_bottom) / 2,
                                            &hit)
              && hit.item == SELL_DAY)
            {
              g_assert_cmpstr (hit.model, ==, "trader-v2");
              g_assert_cmpstr (hit.day, ==, data->days[SELL_DAY].day);
              g_assert_nonnull (strstr (hit.text, "SELL: 100.0% (80)"));
              sell_found = pixel_is (surface, px, (buy_top + buy_bottom) / 2, &style->negative, 6);
            }
          vigil_chart_hit_clear (&hit);
        }
      g_assert_true (sell_found);

      /* Between the panels and outside them: no model */
      g_assert_false (vigil_chart_hit_distribution (data, style, w, h, 2, h / 2, &hit));
      g_assert_null (hit.model);

      text = vigil_chart_describe (VIGIL_CHART_KIND_DISTRIBUTION, data);
      g_assert_nonnull (strstr (text, "credit-v1"));
      g_assert_nonnull (strstr (text, "trader-v2"));
      cairo_surface_destroy (surface);
    }
}

/* No axis label overlaps another, in any chart, on the dashboard or in the report: the
 * first day under the distribution's "0%" moves clear of it rather than running into it. */
static void
test_axis_labels_apart (void)
{
  g_autoptr(VigilDashboard) one = make_dashboard (30);
  g_autoptr(VigilDashboard) all = make_all_models_dashboard (30);
  static const struct { int w, h; double scale; } at[] = {
    { 360, 240, 1.0 }, { 560, 320, 1.0 }, { 1600, 400, 1.0 }, { 240, 192, 0.75 },
  };

  for (guint s = 0; s < G_N_ELEMENTS (at); s++)
    for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
      for (guint d = 0; d < 2; d++)
        {
          g_autoptr(VigilChartStyle) style = vigil_chart_style_new (FALSE, at[s].scale);
          g_autoptr(GArray) boxes = g_array_new (FALSE, FALSE, sizeof (VigilChartRect));
          cairo_surface_t *surface;
          cairo_t *cr;
          gboolean first_day_shown = FALSE;

          surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, at[s].w, at[s].h);
          cr = cairo_create (surface);
          vigil_chart_canvas_collect_labels (boxes);
          vigil_chart_paint (kinds[k].kind, cr, d == 0 ? one : all, style, at[s].w, at[s].h);
          vigil_chart_canvas_collect_labels (NULL);
          cairo_destroy (cr);
          cairo_surface_destroy (surface);

          g_assert_cmpuint (boxes->len, >, 0);
          for (guint i = 0; i < boxes->len; i++)
            {
              const VigilChartRect *a = &g_array_index (boxes, VigilChartRect, i);

              /* The distribution's first day label is there, right of the y axis's */
              if (kinds[k].kind == VIGIL_CHART_KIND_DISTRIBUTION && a->x < at[s].w / 4.0
                  && a->w > 40 * at[s].scale)
                first_day_shown = TRUE;
              for (guint j = i + 1; j < boxes->len; j++)
                {
                  const VigilChartRect *b = &g_array_index (boxes, VigilChartRect, j);
                  gboolean apart = a->x + a->w <= b->x || b->x + b->w <= a->x
                                   || a->y + a->h <= b->y || b->y + b->h <= a->y;

                  if (!apart)
                    g_test_message ("%s %dx%d: label (%g, %g, %g, %g) overlaps (%g, %g, %g, %g)",
                                    kinds[k].name, at[s].w, at[s].h, a->x, a->y, a->w, a->h,
                                    b->x, b->y, b->w, b->h);
                  g_assert_true (apart);
                }
            }
          if (kinds[k].kind == VIGIL_CHART_KIND_DISTRIBUTION)
            g_assert_true (first_day_shown);
        }
}

/* The alert days are marked above their bars, and say so in their tooltip. */
static void
test_distribution_alert_days (void)
{
  g_autoptr(VigilDashboard) data = make_dashboard (30);
  g_autoptr(VigilChartStyle) style = vigil_chart_style_new (FALSE, 1.0);
  int w = 1600, h = 400;
  cairo_surface_t *surface = render (VIGIL_CHART_KIND_DISTRIBUTION, data, style, w, h,
                                     "distribution");
  g_auto(VigilChartHit) hit = { 0 };
  int x = -1, top_y = -1;
  guint marked = 0;
  gboolean ink[30] = { FALSE };

  g_assert_true (find_run (surface, h / 2, &style->positive, &x));
  g_assert_true (find_row (surface, x, &style->neutral, &top_y));

  /* Scan the band just above the bars for the marks' foreground ink, bar by bar. */
  g_assert_cmpuint (data->n_days, ==, G_N_ELEMENTS (ink));
  for (int px = 0; px < w; px++)
    {
      if (!vigil_chart_hit_distribution (data, style, w, h, px, h / 2, &hit))
        continue;
      for (int y = top_y - 12; y < top_y - 3; y++)
        ink[hit.item] |= pixel_is (surface, px, y, &style->foreground, 30);
      vigil_chart_hit_clear (&hit);
    }
  for (guint d = 0; d < data->n_days; d++)
    {
      g_assert_true (ink[d] == data->days[d].distribution_alert);
      marked += ink[d] ? 1 : 0;
    }
  g_assert_cmpuint (marked, ==, 2);
  cairo_surface_destroy (surface);
}

static void
test_confidence (void)
{
  g_autoptr(VigilDashboard) data = make_dashboard (30);
  g_autoptr(VigilChartStyle) style = vigil_chart_style_new (FALSE, 1.0);
  int w = 360, h = 240;
  cairo_surface_t *surface = render (VIGIL_CHART_KIND_CONFIDENCE, data, style, w, h, "confidence");
  g_auto(VigilChartHit) hit = { 0 };
  int recent_x = -1, y;
  gboolean baseline_seen = FALSE;

  /* The recent window's mass sits at high confidence: its bars are right of the middle. */
  for (y = h / 3; y < h * 3 / 4 && !find_run (surface, y, &style->recent, &recent_x); y++)
    ;
  g_assert_cmpint (recent_x, >, w / 2);
  for (y = 0; y < h && !baseline_seen; y++)
    for (int x = 0; x < w && !baseline_seen; x++)
      baseline_seen = pixel_is (surface, x, y, &style->baseline, 6);
  g_assert_true (baseline_seen);

  g_assert_true (vigil_chart_hit_confidence (data, style, w, h, recent_x, h * 2 / 3, &hit));
  g_assert_cmpint (hit.item, >=, 14);
  g_assert_nonnull (strstr (hit.text, "Confidence 0."));
  g_assert_cmpstr (hit.day, ==, "");
  vigil_chart_hit_clear (&hit);
  g_assert_false (vigil_chart_hit_confidence (data, style, w, h, 1, h - 1, &hit));
  cairo_surface_destroy (surface);
}

static void
test_concentration (void)
{
  g_autoptr(VigilDashboard) data = make_dashboard (30);

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr(VigilChartStyle) style = vigil_chart_style_new (FALSE, 1.0);
      int w = sizes[s].width, h = sizes[s].height;
      cairo_surface_t *surface = render (VIGIL_CHART_KIND_CONCENTRATION, data, style, w, h,
                                         "concentration");
      g_auto(VigilChartHit) hit = { 0 };
      int over_y = -1, bar_y = -1, bar_x = -1, x;

      /* AAPL, over the threshold, is the only emphasised bar; MSFT is the first plain one. */
      for (x = w / 3; x < w / 2 && !find_row (surface, x, &style->emphasis, &over_y); x++)
        ;
      g_assert_cmpint (over_y, >, 0);
      g_assert_true (vigil_chart_hit_concentration (data, style, w, h, x, over_y + 3, &hit));
      g_assert_cmpstr (hit.entity, ==, "AAPL");
      g_assert_nonnull (strstr (hit.text, "42.0%"));
      g_assert_nonnull (strstr (hit.text, "threshold"));
      vigil_chart_hit_clear (&hit);

      g_assert_true (find_row (surface, x, &style->bar, &bar_y));
      g_assert_cmpint (bar_y, >, over_y);
      g_assert_true (find_run (surface, bar_y + 3, &style->bar, &bar_x));
      g_assert_true (vigil_chart_hit_concentration (data, style, w, h, bar_x, bar_y + 3, &hit));
      g_assert_cmpstr (hit.entity, ==, "MSFT");
      g_assert_null (strstr (hit.text, "threshold"));
      vigil_chart_hit_clear (&hit);

      g_assert_false (vigil_chart_hit_concentration (data, style, w, h, w / 2, 2, &hit));
      g_assert_false (vigil_chart_hit_concentration (data, style, w, h, w / 2, h - 2, &hit));
      cairo_surface_destroy (surface);
    }
}

static void
test_timeline (void)
{
  g_autoptr(VigilDashboard) data = make_dashboard (30);

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr(VigilChartStyle) style = vigil_chart_style_new (TRUE, 1.0);
      int w = sizes[s].width, h = sizes[s].height;
      cairo_surface_t *surface = render (VIGIL_CHART_KIND_TIMELINE, data, style, w, h, "timeline");
      g_auto(VigilChartHit) hit = { 0 };
      int high_x = -1, high_y = -1, y;

      /* The one HIGH alert (number 2) is a triangle in HIGH's colour, below the legend. */
      for (y = h / 6; y < h && !find_run (surface, y, &style->severity[VIGIL_SEVERITY_HIGH], &high_x); y++)
        ;
      high_y = y + 2;
      g_assert_cmpint (high_x, >, 0);
      g_assert_true (vigil_chart_hit_timeline (data, style, w, h, high_x, high_y, &hit));
      g_assert_cmpint (hit.alert_id, ==, 102);
      g_assert_cmpstr (hit.day, ==, "2024-01-17");
      g_assert_nonnull (strstr (hit.text, "Alert number 2"));
      g_assert_nonnull (strstr (hit.text, "Distribution shift"));
      vigil_chart_hit_clear (&hit);

      /* Same place, another lane: nothing. */
      g_assert_false (vigil_chart_hit_timeline (data, style, w, h, high_x, h - 2, &hit));
      g_assert_false (vigil_chart_hit_timeline (data, style, w, h, w - 4, high_y, &hit));
      cairo_surface_destroy (surface);
    }
}

/* Five MEDIUM alerts of day 3 (window [day 3, day 4), stamped day 4) and one of day 10: the
 * five are one marker on day 3 with the number 5 beside it, the one a marker on its own. */
static VigilDashboard *
make_alert_days (guint n_medium)
{
  g_autofree char *from = stamp_string (0, 0);
  g_autofree char *to = stamp_string (30, 0);
  VigilDashboard *d = vigil_dashboard_new (NULL, from, to);

  d->n_alerts = n_medium + 1;
  d->alerts = g_new0 (VigilDashboardAlert, d->n_alerts);
  for (guint i = 0; i < d->n_alerts; i++)
    {
      VigilDashboardAlert *a = &d->alerts[i];
      guint day = i < n_medium ? 3 : 10;

      a->id = 200 + i;
      a->window_start = stamp_string (day, 0);
      a->window_end = stamp_string (day + 1, 0);
      a->timestamp = g_strdup (a->window_end);
      a->alert_type = g_strdup ("concentration_risk");
      a->model_name = g_strdup ("trader-v2");
      a->description = g_strdup_printf ("Alert number %u", i);
      a->severity = VIGIL_SEVERITY_MEDIUM;
    }
  return d;
}

static void
test_timeline_counts (void)
{
  g_autoptr(VigilDashboard) five = make_alert_days (5);
  g_autoptr(VigilDashboard) one = make_alert_days (1);
  g_autoptr(VigilChartStyle) style = vigil_chart_style_new (FALSE, 1.0);
  int w = 1600, h = 400;
  cairo_surface_t *five_surface = render (VIGIL_CHART_KIND_TIMELINE, five, style, w, h,
                                          "timeline-five");
  cairo_surface_t *one_surface = render (VIGIL_CHART_KIND_TIMELINE, one, style, w, h,
                                         "timeline-one");
  const VigilChartColor *medium = &style->severity[VIGIL_SEVERITY_MEDIUM];
  g_auto(VigilChartHit) hit = { 0 };
  int x3 = -1, x10 = -1, y;
  double day_w;

  /* The MEDIUM lane's markers: the first row with MEDIUM's colour, its runs on days 3, 10 */
  for (y = h / 4; y < h && !find_run (five_surface, y, medium, &x3); y++)
    ;
  g_assert_cmpint (y, <, h);
  y += 3;
  g_assert_true (find_run (five_surface, y, medium, &x3));
  for (int x = x3 + 20; x < w && x10 < 0; x++)
    if (pixel_is (five_surface, x, y, medium, 6))
      x10 = x;
  g_assert_cmpint (x10, >, x3);
  /* Days 3 and 10 are seven days apart: the marker is on its window's day, not the next */
  day_w = (x10 - x3) / 7.0;
  g_assert_cmpfloat (x3 / day_w, >, 3.0);

  /* The number beside the marker of five, and nothing beside the marker of one */
  g_assert_cmpuint (count_ink (five_surface, style, x3 + 8, y - 12, x3 + 30, y + 8), >,
                    count_ink (one_surface, style, x3 + 8, y - 12, x3 + 30, y + 8) + 10);

  g_assert_true (vigil_chart_hit_timeline (five, style, w, h, x3, y, &hit));
  g_assert_cmpstr (hit.day, ==, "2024-01-04");
  g_assert_cmpstr (hit.last_day, ==, "2024-01-04");
  g_assert_nonnull (strstr (hit.text, "5 alerts of Medium severity on 2024-01-04"));
  vigil_chart_hit_clear (&hit);
  g_assert_true (vigil_chart_hit_timeline (one, style, w, h, x3, y, &hit));
  g_assert_null (strstr (hit.text, "alerts of"));

  cairo_surface_destroy (five_surface);
  cairo_surface_destroy (one_surface);
}

/* A chart with nothing to draw says so in its middle. */
static void
assert_note (VigilChartKind         kind,
             const VigilDashboard  *data,
             const VigilChartStyle *style,
             const char            *name)
{
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      int w = sizes[s].width, h = sizes[s].height;
      cairo_surface_t *surface = render (kind, data, style, w, h, name);
      g_auto(VigilChartHit) hit = { 0 };

      g_assert_cmpuint (count_ink (surface, style, w / 2 - 60, h / 2 - 12, w / 2 + 60, h / 2 + 12),
                        >, 50);
      g_assert_false (vigil_chart_hit (kind, data, style, w, h, w / 2, h / 2, &hit));
      g_assert_null (hit.text);
      cairo_surface_destroy (surface);
    }
}

static void
test_empty (void)
{
  g_autoptr(VigilDashboard) empty = vigil_dashboard_new ("trader-v2",
                                                         "2024-01-01T00:00:00.000000",
                                                         "2024-01-31T00:00:00.000000");
  g_autoptr(VigilDashboard) quiet = make_dashboard (30);
  g_autoptr(VigilChartStyle) style = vigil_chart_style_new (FALSE, 1.0);

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autofree char *name = g_strdup_printf ("%s-empty", kinds[k].name);
      g_autofree char *null_name = g_strdup_printf ("%s-null", kinds[k].name);
      g_autofree char *text = vigil_chart_describe (kinds[k].kind, empty);

      assert_note (kinds[k].kind, empty, style, name);
      assert_note (kinds[k].kind, NULL, style, null_name);
      g_assert_nonnull (text);
    }

  /* Days without a decision, but days: still nothing to stack. */
  for (guint i = 0; i < quiet->n_days; i++)
    {
      quiet->days[i].total = 0;
      memset (quiet->days[i].counts, 0, 3 * sizeof (gint64));
    }
  assert_note (VIGIL_CHART_KIND_DISTRIBUTION, quiet, style, "distribution-no-decisions");
}

/* Decisions but no outcome yet: the performance chart says so rather than drawing gaps
 * only, and its description says none was judged. */
static void
test_performance_no_outcomes (void)
{
  g_autoptr(VigilDashboard) data = make_dashboard (30);
  g_autoptr(VigilChartStyle) style = vigil_chart_style_new (FALSE, 1.0);
  g_autoptr(GArray) targets = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < data->n_days; i++)
    memset (&data->days[i].outcomes, 0, sizeof data->days[i].outcomes);
  assert_note (VIGIL_CHART_KIND_PERFORMANCE, data, style, "performance-no-outcomes");
  targets = vigil_chart_targets (VIGIL_CHART_KIND_PERFORMANCE, data, style, 560, 320);
  g_assert_cmpuint (targets->len, ==, 0);
  text = vigil_chart_describe (VIGIL_CHART_KIND_PERFORMANCE, data);
  g_assert_cmpstr (text, ==, "Daily accuracy judged by outcomes, 30 days, no decision judged by "
                             "its outcome, 0% of the decisions with an outcome");
}

static void
test_no_entities (void)
{
  g_autoptr(VigilDashboard) data = make_dashboard (30);
  g_autoptr(VigilChartStyle) style = vigil_chart_style_new (TRUE, 1.0);
  g_autofree char *text = NULL;

  for (guint i = 0; i < data->n_entities; i++)
    g_free (data->entities[i].entity);
  g_clear_pointer (&data->entities, g_free);
  data->n_entities = 0;
  data->entity_total = 0;
  data->has_entities = FALSE;

  assert_note (VIGIL_CHART_KIND_CONCENTRATION, data, style, "concentration-no-entities");
  text = vigil_chart_describe (VIGIL_CHART_KIND_CONCENTRATION, data);
  g_assert_nonnull (strstr (text, "name no entity"));
}

static void
test_describe (void)
{
  g_autoptr(VigilDashboard) data = make_dashboard (30);
  g_autofree char *distribution = vigil_chart_describe (VIGIL_CHART_KIND_DISTRIBUTION, data);
  g_autofree char *timeline = vigil_chart_describe (VIGIL_CHART_KIND_TIMELINE, data);
  g_autofree char *concentration = vigil_chart_describe (VIGIL_CHART_KIND_CONCENTRATION, data);
  g_autofree char *performance = vigil_chart_describe (VIGIL_CHART_KIND_PERFORMANCE, data);

  g_assert_cmpstr (distribution, ==,
                   "Daily decision distribution, 30 days, 2 days with a distribution alert");
  g_assert_cmpstr (timeline, ==, "Alert timeline, 4 alerts, 1 high, 3 not acknowledged");
  g_assert_nonnull (strstr (concentration, "AAPL at 42.0%, 1 of 5 entities above the 30% threshold"));
  /* 29 days of 80 outcomes over 3,720 decisions */
  g_assert_cmpstr (performance, ==,
                   "Daily accuracy judged by outcomes, 30 days, 29 days with judged decisions, "
                   "accuracy from 20% to 80%, 62% of the decisions with an outcome");
}

/* The accuracy line stands at 80 % before the drop and at 20 % after it, over bars of the
 * share of decisions with an outcome; the day without outcomes is a gap in the line, not a
 * fall to 0 %, and its tooltip says so. */
static void
test_performance (void)
{
  g_autoptr(VigilDashboard) data = make_dashboard (30);
  static const struct { int w, h; double scale; } at[] = { { 560, 320, 1.0 }, { 240, 192, 0.75 } };

  for (guint s = 0; s < G_N_ELEMENTS (at); s++)
    for (guint dark = 0; dark < 2; dark++)
      {
        g_autoptr(VigilChartStyle) style = vigil_chart_style_new (dark, at[s].scale);
        int w = at[s].w, h = at[s].h;
        cairo_surface_t *surface = render (VIGIL_CHART_KIND_PERFORMANCE, data, style, w, h,
                                           "performance-days");
        g_autoptr(GArray) targets = vigil_chart_targets (VIGIL_CHART_KIND_PERFORMANCE, data,
                                                         style, w, h);
        const VigilChartRect *gap, *before, *after;
        g_auto(VigilChartHit) hit = { 0 };
        int y = -1;

        g_assert_cmpuint (targets->len, ==, 30);
        gap = &g_array_index (targets, VigilChartRect, GAP_DAY);
        before = &g_array_index (targets, VigilChartRect, 2);
        after = &g_array_index (targets, VigilChartRect, DROP_DAY + 5);

        /* The line's colour in the middle of a day, at the day's accuracy */
        g_assert_true (find_row (surface, (int) (before->x + before->w / 2), &style->baseline,
                                 &y));
        g_assert_cmpfloat (fabs (y - (before->y + 0.2 * before->h)), <, 5 * at[s].scale);
        g_assert_true (find_row (surface, (int) (after->x + after->w / 2), &style->baseline,
                                 &y));
        g_assert_cmpfloat (fabs (y - (after->y + 0.8 * after->h)), <, 5 * at[s].scale);

        /* Nothing of the line in the gap's middle, nor at its foot */
        for (int x = (int) (gap->x + gap->w * 0.4); x < gap->x + gap->w * 0.6; x++)
          for (y = (int) gap->y; y < gap->y + gap->h; y++)
            g_assert_false (pixel_is (surface, x, y, &style->baseline, 40));

        g_assert_true (vigil_chart_hit (VIGIL_CHART_KIND_PERFORMANCE, data, style, w, h,
                                        gap->x + gap->w / 2, gap->y + gap->h / 2, &hit));
        g_assert_cmpstr (hit.day, ==, data->days[GAP_DAY].day);
        g_assert_cmpint (hit.item, ==, GAP_DAY);
        g_assert_nonnull (strstr (hit.text, "Accuracy: no decision judged by its outcome"));
        g_assert_nonnull (strstr (hit.text, "Outcomes: 0.0% (0 of "));
        vigil_chart_hit_clear (&hit);

        g_assert_true (vigil_chart_hit (VIGIL_CHART_KIND_PERFORMANCE, data, style, w, h,
                                        after->x + after->w / 2, after->y + 2, &hit));
        g_assert_cmpstr (hit.day, ==, data->days[DROP_DAY + 5].day);
        g_assert_nonnull (strstr (hit.text, "Accuracy: 20.0% (10 of 50 judged)"));
        vigil_chart_hit_clear (&hit);

        /* Left of the plot, under it: nothing */
        g_assert_false (vigil_chart_hit (VIGIL_CHART_KIND_PERFORMANCE, data, style, w, h, 2,
                                         h / 2, &hit));
        g_assert_false (vigil_chart_hit (VIGIL_CHART_KIND_PERFORMANCE, data, style, w, h,
                                         w / 2, h - 2, &hit));
        cairo_surface_destroy (surface);
      }
}

/* Under all models each model has its panel, as in the daily distribution; a day of the
 * second panel is the second model's. */
static void
test_performance_per_model (void)
{
  g_autoptr(VigilDashboard) data = make_all_models_dashboard (30);
  g_autoptr(VigilChartStyle) style = vigil_chart_style_new (FALSE, 1.0);
  g_autoptr(GArray) targets = vigil_chart_targets (VIGIL_CHART_KIND_PERFORMANCE, data, style,
                                                   560, 320);
  const VigilChartRect *credit, *trader;
  g_auto(VigilChartHit) hit = { 0 };
  g_autofree char *text = NULL;
  cairo_surface_t *surface = render (VIGIL_CHART_KIND_PERFORMANCE, data, style, 560, 320,
                                     "performance-per-model");

  cairo_surface_destroy (surface);
  g_assert_cmpuint (targets->len, ==, 60);
  credit = &g_array_index (targets, VigilChartRect, GAP_DAY);
  trader = &g_array_index (targets, VigilChartRect, 30 + GAP_DAY);
  g_assert_cmpfloat (credit->y + credit->h, <=, trader->y);

  g_assert_true (vigil_chart_hit (VIGIL_CHART_KIND_PERFORMANCE, data, style, 560, 320,
                                  credit->x + credit->w / 2, credit->y + credit->h / 2, &hit));
  g_assert_cmpstr (hit.model, ==, "credit-v1");
  g_assert_nonnull (strstr (hit.text, "Accuracy: 75.0% (30 of 40 judged)"));
  vigil_chart_hit_clear (&hit);
  g_assert_true (vigil_chart_hit (VIGIL_CHART_KIND_PERFORMANCE, data, style, 560, 320,
                                  trader->x + trader->w / 2, trader->y + trader->h / 2, &hit));
  g_assert_cmpstr (hit.model, ==, "trader-v2");
  g_assert_nonnull (strstr (hit.text, "no decision judged"));

  text = vigil_chart_describe (VIGIL_CHART_KIND_PERFORMANCE, data);
  g_assert_nonnull (strstr (text, "credit-v1: 30 days with judged decisions, accuracy from "
                                  "75% to 75%"));
  g_assert_nonnull (strstr (text, "trader-v2: 29 days with judged decisions, accuracy from "
                                  "20% to 80%"));
}

/* Ten years of days at the narrowest width: bars of whole weeks, quickly. */
static void
test_ten_years (void)
{
  g_autoptr(VigilDashboard) data = make_dashboard (3660);
  g_autoptr(VigilChartStyle) style = vigil_chart_style_new (FALSE, 1.0);
  g_autoptr(GTimer) timer = g_timer_new ();
  g_auto(VigilChartHit) hit = { 0 };
  double elapsed;

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autofree char *name = g_strdup_printf ("%s-3660-days", kinds[k].name);
      cairo_surface_t *surface;

      g_timer_start (timer);
      surface = render (kinds[k].kind, data, style, 360, 240, name);
      elapsed = g_timer_elapsed (timer, NULL);
      g_test_message ("%s, 3660 days at 360 px: %.1f ms", kinds[k].name, elapsed * 1000);
      g_assert_cmpfloat (elapsed, <, 0.5);
      cairo_surface_destroy (surface);
    }

  g_assert_true (vigil_chart_hit_distribution (data, style, 360, 240, 200, 150, &hit));
  g_assert_cmpstr (hit.day, !=, hit.last_day);
  g_assert_nonnull (strstr (hit.text, " to "));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/charts/nice-ticks", test_nice_ticks);
  g_test_add_func ("/vigil/charts/days-per-bar", test_days_per_bar);
  g_test_add_func ("/vigil/charts/label-stride", test_label_stride);
  g_test_add_func ("/vigil/charts/prediction-colors", test_prediction_colors);
  g_test_add_func ("/vigil/charts/prediction-colors-stable", test_prediction_colors_stable);
  g_test_add_func ("/vigil/charts/distribution-all-models-colors",
                   test_distribution_all_models_colors);
  g_test_add_func ("/vigil/charts/paint-all", test_paint_all);
  g_test_add_func ("/vigil/charts/targets", test_targets);
  g_test_add_func ("/vigil/charts/distribution-sell-day", test_distribution_sell_day);
  g_test_add_func ("/vigil/charts/distribution-alert-days", test_distribution_alert_days);
  g_test_add_func ("/vigil/charts/distribution-per-model", test_distribution_per_model);
  g_test_add_func ("/vigil/charts/axis-labels-apart", test_axis_labels_apart);
  g_test_add_func ("/vigil/charts/confidence", test_confidence);
  g_test_add_func ("/vigil/charts/concentration", test_concentration);
  g_test_add_func ("/vigil/charts/timeline", test_timeline);
  g_test_add_func ("/vigil/charts/timeline-counts", test_timeline_counts);
  g_test_add_func ("/vigil/charts/empty", test_empty);
  g_test_add_func ("/vigil/charts/no-entities", test_no_entities);
  g_test_add_func ("/vigil/charts/describe", test_describe);
  g_test_add_func ("/vigil/charts/performance", test_performance);
  g_test_add_func ("/vigil/charts/performance-no-outcomes", test_performance_no_outcomes);
  g_test_add_func ("/vigil/charts/performance-per-model", test_performance_per_model);
  g_test_add_func ("/vigil/charts/ten-years", test_ten_years);

  return g_test_run ();
}
