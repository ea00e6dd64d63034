/* vigil-chart-confidence.c: confidence of the recent window against its baseline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-chart"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "vigil-chart-canvas.h"
#include "vigil-chart.h"
#include "vigil-summary-text.h"

typedef struct
{
  gboolean             empty;
  VigilChartRect       plot;
  VigilChartLegendItem legend[2];
  double               y_title_y;
  double               x_labels_y;
  double               x_title_y;
  gboolean             show_titles;
  VigilChartTicks      x_ticks;
  VigilChartTicks      y_ticks;
  double               recent[VIGIL_DASHBOARD_CONFIDENCE_BINS];
  double               baseline[VIGIL_DASHBOARD_CONFIDENCE_BINS];
  gint64               recent_total;
  gint64               baseline_total;
} ConfLayout;

static void
conf_layout_clear (ConfLayout *l)
{
  for (guint i = 0; i < G_N_ELEMENTS (l->legend); i++)
    vigil_chart_legend_item_clear (&l->legend[i]);
}

static gint64
bins_total (const gint64 *bins)
{
  gint64 total = 0;

  for (guint i = 0; i < VIGIL_DASHBOARD_CONFIDENCE_BINS; i++)
    total += MAX (bins[i], 0);
  return total;
}

/* "4 Dec, n = 50", and why the window is not the period's last day when it is not */
static char *
window_label (const VigilDashboard *data,
              const char           *n_text)
{
  g_autofree char *days = vigil_period_describe_brief (&data->recent_days);

  if (!data->recent_moved)
    return g_strdup_printf (_("%s, n = %s"), days, n_text);
  if (data->recent_days.n_days == 1)
    /* Translators: the recent window when the period's last days have no decisions */
    return g_strdup_printf (_("%s (the last day with decisions), n = %s"), days, n_text);
  return g_strdup_printf (_("%s (up to the last day with decisions), n = %s"), days, n_text);
}

/* The period's last day, as a period of its own */
static gboolean
last_day_of (const VigilDashboard *data,
             VigilPeriod          *out)
{
  return data->n_days > 0 && data->days != NULL && data->days[data->n_days - 1].day != NULL &&
         vigil_period_init_range (out, data->days[data->n_days - 1].day,
                                  data->days[data->n_days - 1].day, NULL);
}

static void
conf_layout (VigilChartCanvas     *c,
             const VigilDashboard *data,
             ConfLayout           *l)
{
  double max_share = 0.0;
  double top, bottom, left, right, legend_h, tick_w;
  g_autofree char *recent_n = NULL;
  g_autofree char *baseline_n = NULL;
  guint x_budget;

  memset (l, 0, sizeof *l);
  if (data == NULL)
    {
      l->empty = TRUE;
      return;
    }

  /* The shares are of the binned decisions, so that both histograms sum to 100 %. */
  l->recent_total = bins_total (data->recent_bins);
  l->baseline_total = bins_total (data->baseline_bins);
  if (l->recent_total == 0 && l->baseline_total == 0)
    {
      l->empty = TRUE;
      return;
    }
  for (guint i = 0; i < VIGIL_DASHBOARD_CONFIDENCE_BINS; i++)
    {
      l->recent[i] = l->recent_total > 0 ? (double) MAX (data->recent_bins[i], 0) / l->recent_total : 0.0;
      l->baseline[i] = l->baseline_total > 0 ? (double) MAX (data->baseline_bins[i], 0) / l->baseline_total : 0.0;
      max_share = MAX (max_share, MAX (l->recent[i], l->baseline[i]));
    }

  recent_n = vigil_summary_text_format_count (l->recent_total);
  baseline_n = vigil_summary_text_format_count (l->baseline_total);
  l->legend[0].kind = VIGIL_CHART_SWATCH_BOX;
  l->legend[0].color = c->style->recent;
  l->legend[1].kind = VIGIL_CHART_SWATCH_LINE;
  l->legend[1].color = c->style->baseline;
  if (data->recent_days.n_days > 0 && data->baseline_days.n_days > 0)
    {
      g_autofree char *recent = window_label (data, recent_n);
      g_autofree char *baseline = vigil_period_describe_brief (&data->baseline_days);

      /* Translators: the confidence chart's recent window: "Recent: 4 Dec, n = 50" */
      l->legend[0].label = g_strdup_printf (_("Recent: %s"), recent);
      /* Translators: its baseline: "Baseline: 27 Nov – 3 Dec, n = 350" */
      l->legend[1].label = g_strdup_printf (_("Baseline: %s, n = %s"), baseline, baseline_n);
    }
  else
    {
      l->legend[0].label = g_strdup_printf (_("Recent window (n = %s)"), recent_n);
      l->legend[1].label = g_strdup_printf (_("Baseline (n = %s)"), baseline_n);
    }

  l->show_titles = c->height >= 180.0 * c->s;
  legend_h = vigil_chart_canvas_legend (c, l->legend, 2, c->pad, c->pad, c->width - 2 * c->pad);
  top = c->pad + legend_h + 2 * c->gap;
  if (l->show_titles)
    {
      l->y_title_y = top;
      top += c->line_h + c->gap;
    }
  top += c->line_h / 2.0;  /* room for the top tick's label */

  bottom = c->height - c->pad;
  if (l->show_titles)
    {
      bottom -= c->line_h;
      l->x_title_y = bottom;
      bottom -= c->gap;
    }
  bottom -= c->line_h;
  l->x_labels_y = bottom;
  bottom -= c->gap;

  left = c->pad + vigil_chart_canvas_text_width (c, "100%", VIGIL_CHART_TEXT_NORMAL) + c->gap;
  right = c->width - c->pad
          - vigil_chart_canvas_text_width (c, "1.0", VIGIL_CHART_TEXT_NORMAL) / 2.0;
  l->plot = (VigilChartRect) { left, top, MAX (right - left, 1.0), MAX (bottom - top, 1.0) };

  vigil_chart_nice_ticks (0.0, MAX (max_share, 0.01),
                          vigil_chart_canvas_y_tick_budget (c, l->plot.h), &l->y_ticks);
  tick_w = vigil_chart_canvas_text_width (c, "0.00", VIGIL_CHART_TEXT_NORMAL);
  x_budget = CLAMP ((guint) (l->plot.w / (tick_w + 4 * c->gap)) + 1, 2, 11);
  vigil_chart_nice_ticks (0.0, 1.0, x_budget, &l->x_ticks);
}

void
vigil_chart_paint_confidence (cairo_t               *cr,
                              const VigilDashboard  *data,
                              const VigilChartStyle *style,
                              double                 width,
                              double                 height)
{
  VigilChartCanvas c;
  ConfLayout l;
  double bin_w, y_max, base;
  VigilChartLabelRow row = { -G_MAXDOUBLE };

  g_return_if_fail (cr != NULL);
  g_return_if_fail (style != NULL);

  vigil_chart_canvas_begin_paint (&c, cr, style, width, height);
  conf_layout (&c, data, &l);

  if (l.empty)
    {
      vigil_chart_canvas_draw_no_data (&c, _("No decisions with a confidence in this period"));
      goto out;
    }

  if (l.show_titles)
    vigil_chart_canvas_draw_text (&c, _("Share of the window’s decisions"),
                                  VIGIL_CHART_TEXT_NORMAL, &style->muted, c.pad, l.y_title_y,
                                  0.0, 0.0);
  vigil_chart_canvas_draw_y_grid (&c, &l.plot, &l.y_ticks);

  bin_w = l.plot.w / VIGIL_DASHBOARD_CONFIDENCE_BINS;
  y_max = vigil_chart_ticks_last (&l.y_ticks);
  base = l.plot.y + l.plot.h;

  for (guint i = 0; i < VIGIL_DASHBOARD_CONFIDENCE_BINS; i++)
    {
      double h = l.recent[i] / y_max * l.plot.h;
      double inset = bin_w >= 6.0 ? 1.0 * c.s : 0.0;

      if (h <= 0.0)
        continue;
      cairo_rectangle (cr, l.plot.x + i * bin_w + inset, base - h, bin_w - 2 * inset, h);
      vigil_chart_set_color (cr, &style->recent);
      cairo_fill (cr);
    }

  if (l.baseline_total > 0)
    {
      cairo_move_to (cr, l.plot.x, base);
      for (guint i = 0; i < VIGIL_DASHBOARD_CONFIDENCE_BINS; i++)
        {
          double py = base - l.baseline[i] / y_max * l.plot.h;

          cairo_line_to (cr, l.plot.x + i * bin_w, py);
          cairo_line_to (cr, l.plot.x + (i + 1) * bin_w, py);
        }
      cairo_line_to (cr, l.plot.x + l.plot.w, base);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
      cairo_set_line_width (cr, 2.0 * c.s);
      vigil_chart_set_color (cr, &style->baseline);
      cairo_stroke (cr);
    }

  for (guint i = 0; i < l.x_ticks.n; i++)
    {
      double v = l.x_ticks.first + i * l.x_ticks.step;
      double px = round (l.plot.x + v * l.plot.w) + 0.5;
      g_autofree char *label = g_strdup_printf (l.x_ticks.step < 0.1 ? "%.2f" : "%.1f", v);

      cairo_move_to (cr, px, base);
      cairo_line_to (cr, px, base + c.gap / 2.0);
      vigil_chart_set_color (cr, &style->foreground);
      cairo_set_line_width (cr, 1.0);
      cairo_stroke (cr);
      vigil_chart_canvas_label_row_add (&c, &row, label, px, l.x_labels_y);
    }

  if (l.show_titles)
    vigil_chart_canvas_draw_title (&c, _("Model confidence"), &l.plot, l.x_title_y);

out:
  conf_layout_clear (&l);
  vigil_chart_canvas_finish (&c);
}

gboolean
vigil_chart_hit_confidence (const VigilDashboard  *data,
                            const VigilChartStyle *style,
                            double                 width,
                            double                 height,
                            double                 x,
                            double                 y,
                            VigilChartHit         *hit)
{
  VigilChartCanvas c;
  ConfLayout l;
  gboolean found = FALSE;

  g_return_val_if_fail (style != NULL, FALSE);
  if (!vigil_chart_canvas_begin_hit (&c, style, width, height, hit))
    return FALSE;

  conf_layout (&c, data, &l);

  if (!l.empty && x >= l.plot.x && x < l.plot.x + l.plot.w
      && y >= l.plot.y && y <= l.plot.y + l.plot.h)
    {
      guint i = MIN ((guint) ((x - l.plot.x) / l.plot.w * VIGIL_DASHBOARD_CONFIDENCE_BINS),
                     VIGIL_DASHBOARD_CONFIDENCE_BINS - 1);
      g_autofree char *rn = vigil_summary_text_format_count (data->recent_bins[i]);
      g_autofree char *bn = vigil_summary_text_format_count (data->baseline_bins[i]);

      hit->text = g_strdup_printf (_("Confidence %.2f to %.2f\n"
                                     "Recent window: %.1f%% (%s)\n"
                                     "Baseline: %.1f%% (%s)"),
                                   i / (double) VIGIL_DASHBOARD_CONFIDENCE_BINS,
                                   (i + 1) / (double) VIGIL_DASHBOARD_CONFIDENCE_BINS,
                                   100.0 * l.recent[i], rn, 100.0 * l.baseline[i], bn);
      hit->item = i;
      found = TRUE;
    }

  conf_layout_clear (&l);
  vigil_chart_canvas_finish (&c);
  return found;
}

/* One target a bin, from the lowest confidence to the highest. */
static GArray *
conf_targets (const VigilDashboard  *data,
              const VigilChartStyle *style,
              double                 width,
              double                 height)
{
  GArray *targets = g_array_new (FALSE, FALSE, sizeof (VigilChartRect));
  VigilChartCanvas c;
  ConfLayout l;

  vigil_chart_canvas_init (&c, NULL, style, width, height);
  conf_layout (&c, data, &l);
  for (guint i = 0; !l.empty && i < VIGIL_DASHBOARD_CONFIDENCE_BINS; i++)
    {
      double w = l.plot.w / VIGIL_DASHBOARD_CONFIDENCE_BINS;
      VigilChartRect r = { l.plot.x + i * w, l.plot.y, w, l.plot.h };

      g_array_append_val (targets, r);
    }
  conf_layout_clear (&l);
  vigil_chart_canvas_finish (&c);
  return targets;
}

static char *
describe (const VigilDashboard *data,
          const char           *title)
{
  g_autofree char *recent = vigil_summary_text_format_count (bins_total (data->recent_bins));
  g_autofree char *baseline = vigil_summary_text_format_count (bins_total (data->baseline_bins));
  g_autofree char *recent_text = NULL, *baseline_days = NULL, *text = NULL;
  VigilPeriod last;

  if (data->recent_days.n_days == 0 || data->baseline_days.n_days == 0)
    return g_strdup_printf (_("%s, %s decisions in the recent window, %s in the baseline"),
                            title, recent, baseline);

  recent_text = window_label (data, recent);
  baseline_days = vigil_period_describe_brief (&data->baseline_days);
  /* Translators: "Confidence…, recent window 4 Dec, n = 50, against the baseline
   * 27 Nov – 3 Dec, n = 350" */
  text = g_strdup_printf (_("%s, recent window %s, against the baseline %s, n = %s"),
                          title, recent_text, baseline_days, baseline);
  if (data->recent_moved && last_day_of (data, &last))
    {
      g_autofree char *last_text = vigil_period_describe_brief (&last);
      /* Translators: said when the period's last day is empty, "5 Dec has no decisions" */
      g_autofree char *note = g_strdup_printf (_("%s has no decisions"), last_text);
      char *both = g_strdup_printf ("%s; %s", text, note);

      g_free (text);
      text = both;
    }
  return g_steal_pointer (&text);
}

const VigilChartDescriptor vigil_chart_confidence = {
  .id = "confidence",
  .title = N_("Confidence, recent window against baseline"),
  .heading = N_("Confidence"),
  .caption = N_("The last window with decisions against the days before it, as the check "
                "compares them"),
  .needs = VIGIL_CHART_NEEDS_CONFIDENCE,
  .paint = vigil_chart_paint_confidence,
  .hit = vigil_chart_hit_confidence,
  .describe = describe,
  .targets = conf_targets,
};
