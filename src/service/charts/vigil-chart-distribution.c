/* vigil-chart-distribution.c: the share of each prediction per day, and the alert days
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
  guint  first_day;
  guint  n_days;
  gint64 total;
  guint  alert_days;
} DistBar;

typedef struct
{
  gboolean              empty;
  VigilChartRect        plot;       /* 0 % at the bottom, 100 % at the top */
  double                mark_band;  /* above the plot, for the alert markers */
  double                slot;
  double                bar_w;
  guint                 days_per_bar;
  guint                 n_bars;
  DistBar              *bars;
  gint64               *counts;     /* n_bars x n_predictions */
  VigilChartColor      *colors;
  VigilChartLegendItem *legend;
  guint                 n_legend;
  double                legend_y;
  double                y_title_y;
  double                x_labels_y;
  double                x_title_y;
  gboolean              show_titles;
  VigilChartTicks       ticks;
} DistLayout;

static void
dist_layout_clear (DistLayout *l)
{
  for (guint i = 0; i < l->n_legend; i++)
    vigil_chart_legend_item_clear (&l->legend[i]);
  g_free (l->legend);
  g_free (l->bars);
  g_free (l->counts);
  g_free (l->colors);
}

static void
dist_layout (VigilChartCanvas     *c,
             const VigilDashboard *data,
             DistLayout           *l)
{
  guint np = data != NULL ? data->n_predictions : 0;
  gint64 grand_total = 0;
  guint alert_days = 0;
  double top, bottom, left, right, y_label_w, legend_h;

  memset (l, 0, sizeof *l);

  if (data != NULL)
    for (guint i = 0; i < data->n_days; i++)
      {
        grand_total += data->days[i].total;
        alert_days += data->days[i].distribution_alert ? 1 : 0;
      }
  if (data == NULL || data->n_days == 0 || grand_total <= 0)
    {
      l->empty = TRUE;
      return;
    }

  l->colors = g_new0 (VigilChartColor, MAX (np, 1));
  vigil_chart_style_prediction_colors (c->style, (const char * const *) data->predictions, np,
                                       l->colors);
  l->n_legend = np + (alert_days > 0 ? 1 : 0);
  l->legend = g_new0 (VigilChartLegendItem, MAX (l->n_legend, 1));
  for (guint p = 0; p < np; p++)
    {
      l->legend[p].kind = VIGIL_CHART_SWATCH_BOX;
      l->legend[p].color = l->colors[p];
      l->legend[p].label = g_strdup (data->predictions[p]);
    }
  if (alert_days > 0)
    {
      l->legend[np].kind = VIGIL_CHART_SWATCH_ALERT;
      l->legend[np].label = g_strdup (_("Distribution alert"));
    }

  l->show_titles = c->height >= 180.0 * c->s;
  l->legend_y = c->pad;
  legend_h = vigil_chart_canvas_legend (c, l->legend, l->n_legend, c->pad, l->legend_y,
                                        c->width - 2 * c->pad);
  top = l->legend_y + legend_h + c->gap * 2;
  if (l->show_titles)
    {
      l->y_title_y = top;
      top += c->line_h + c->gap;
    }
  l->mark_band = 10.0 * c->s;
  top += l->mark_band;

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

  y_label_w = vigil_chart_canvas_text_width (c, "100%", VIGIL_CHART_TEXT_NORMAL);
  left = c->pad + y_label_w + c->gap;
  right = c->width - c->pad;
  l->plot = (VigilChartRect) { left, top, MAX (right - left, 1.0), MAX (bottom - top, 1.0) };

  vigil_chart_nice_ticks (0.0, 1.0, MIN (vigil_chart_canvas_y_tick_budget (c, l->plot.h), 5),
                          &l->ticks);

  l->days_per_bar = vigil_chart_days_per_bar (data->n_days, l->plot.w, 3.0 * c->s);
  l->n_bars = (data->n_days + l->days_per_bar - 1) / l->days_per_bar;
  l->slot = l->plot.w / l->n_bars;
  if (l->slot >= 6.0)
    l->bar_w = MIN (l->slot * 0.8, 48.0 * c->s);
  else
    l->bar_w = MAX (l->slot - 1.0, 1.0);

  l->bars = g_new0 (DistBar, l->n_bars);
  l->counts = g_new0 (gint64, (gsize) l->n_bars * MAX (np, 1));
  for (guint b = 0; b < l->n_bars; b++)
    {
      DistBar *bar = &l->bars[b];

      bar->first_day = b * l->days_per_bar;
      bar->n_days = MIN (l->days_per_bar, data->n_days - bar->first_day);
      for (guint d = bar->first_day; d < bar->first_day + bar->n_days; d++)
        {
          const VigilDashboardDay *day = &data->days[d];

          bar->total += day->total;
          bar->alert_days += day->distribution_alert ? 1 : 0;
          if (day->counts != NULL)
            for (guint p = 0; p < np; p++)
              l->counts[(gsize) b * np + p] += day->counts[p];
        }
    }
}

static double
dist_bar_x (const DistLayout *l,
            guint             b)
{
  return l->plot.x + (b + 0.5) * l->slot - l->bar_w / 2.0;
}

void
vigil_chart_paint_distribution (cairo_t               *cr,
                                const VigilDashboard  *data,
                                const VigilChartStyle *style,
                                double                 width,
                                double                 height)
{
  VigilChartCanvas c;
  DistLayout l;
  guint np;
  double label_w;
  guint stride;
  VigilChartLabelRow row = { -G_MAXDOUBLE };

  g_return_if_fail (cr != NULL);
  g_return_if_fail (style != NULL);

  vigil_chart_canvas_begin_paint (&c, cr, style, width, height);
  dist_layout (&c, data, &l);

  if (l.empty)
    {
      vigil_chart_canvas_draw_no_data (&c, _("No decisions in this period"));
      goto out;
    }

  np = data->n_predictions;
  if (l.show_titles)
    vigil_chart_canvas_draw_text (&c, _("Share of the day’s decisions"), VIGIL_CHART_TEXT_NORMAL,
                                  &style->muted, c.pad, l.y_title_y, 0.0, 0.0);
  vigil_chart_canvas_draw_y_grid (&c, &l.plot, &l.ticks);

  for (guint b = 0; b < l.n_bars; b++)
    {
      const DistBar *bar = &l.bars[b];
      double bx = dist_bar_x (&l, b);
      double base = l.plot.y + l.plot.h;
      gint64 sum = 0;

      if (bar->total <= 0)
        continue;
      for (guint p = 0; p < np; p++)
        {
          gint64 n = l.counts[(gsize) b * np + p];
          double seg_top, seg_bottom;

          if (n <= 0)
            continue;
          seg_bottom = base - (double) sum / bar->total * l.plot.h;
          sum += n;
          seg_top = base - (double) sum / bar->total * l.plot.h;
          cairo_rectangle (cr, bx, seg_top, l.bar_w, seg_bottom - seg_top);
          vigil_chart_set_color (cr, &l.colors[p]);
          cairo_fill (cr);
          /* A hairline of background between segments, so that they read apart without
           * relying on colour. */
          if (l.bar_w >= 4.0 && sum < bar->total && seg_bottom - seg_top > 3.0)
            {
              cairo_rectangle (cr, bx, seg_top - 0.5 * c.s, l.bar_w, 1.0 * c.s);
              vigil_chart_set_color (cr, &style->background);
              cairo_fill (cr);
            }
        }

      if (bar->alert_days > 0)
        {
          double mx = bx + l.bar_w / 2.0;

          if (l.bar_w >= 4.0)
            {
              cairo_rectangle (cr, bx - 0.75 * c.s, l.plot.y - 0.75 * c.s,
                               l.bar_w + 1.5 * c.s, l.plot.h + 0.75 * c.s);
              vigil_chart_set_color (cr, &style->foreground);
              cairo_set_line_width (cr, 1.5 * c.s);
              cairo_stroke (cr);
            }
          vigil_chart_canvas_draw_alert_mark (&c, mx, l.plot.y - l.mark_band / 2.0 - 1.0 * c.s,
                                              MIN (4.5 * c.s, MAX (l.slot / 2.0, 2.5 * c.s)));
        }
    }

  label_w = vigil_chart_canvas_text_width (&c, "0000-00-00", VIGIL_CHART_TEXT_NORMAL) + 3 * c.gap;
  stride = vigil_chart_label_stride (l.n_bars, l.slot, label_w);
  for (guint b = 0; b < l.n_bars; b += stride)
    {
      double cx = l.plot.x + (b + 0.5) * l.slot;

      cairo_move_to (cr, round (cx) + 0.5, l.plot.y + l.plot.h);
      cairo_line_to (cr, round (cx) + 0.5, l.plot.y + l.plot.h + c.gap / 2.0);
      vigil_chart_set_color (cr, &style->foreground);
      cairo_set_line_width (cr, 1.0);
      cairo_stroke (cr);
      vigil_chart_canvas_label_row_add (&c, &row, data->days[l.bars[b].first_day].day, cx,
                                        l.x_labels_y);
    }

  if (l.show_titles)
    {
      g_autofree char *title = NULL;

      if (l.days_per_bar == 1)
        title = g_strdup (_("Day (UTC)"));
      else
        title = g_strdup_printf (_("Day (UTC), one bar per %u days"), l.days_per_bar);
      vigil_chart_canvas_draw_title (&c, title, &l.plot, l.x_title_y);
    }

out:
  dist_layout_clear (&l);
  vigil_chart_canvas_finish (&c);
}

gboolean
vigil_chart_hit_distribution (const VigilDashboard  *data,
                              const VigilChartStyle *style,
                              double                 width,
                              double                 height,
                              double                 x,
                              double                 y,
                              VigilChartHit         *hit)
{
  VigilChartCanvas c;
  DistLayout l;
  gboolean found = FALSE;

  g_return_val_if_fail (style != NULL, FALSE);
  if (!vigil_chart_canvas_begin_hit (&c, style, width, height, hit))
    return FALSE;

  dist_layout (&c, data, &l);

  if (!l.empty && x >= l.plot.x && x < l.plot.x + l.plot.w
      && y >= l.plot.y - l.mark_band && y <= l.plot.y + l.plot.h)
    {
      guint b = MIN ((guint) ((x - l.plot.x) / l.slot), l.n_bars - 1);
      const DistBar *bar = &l.bars[b];
      const char *first = data->days[bar->first_day].day;
      const char *last = data->days[bar->first_day + bar->n_days - 1].day;
      g_autofree char *total = vigil_summary_text_format_count (bar->total);
      GString *text = g_string_new (NULL);

      if (bar->n_days == 1)
        g_string_append_printf (text, _("%s: %s decisions"), first, total);
      else
        g_string_append_printf (text, _("%s to %s: %s decisions"), first, last, total);
      for (guint p = 0; p < data->n_predictions && bar->total > 0; p++)
        {
          gint64 n = l.counts[(gsize) b * data->n_predictions + p];
          g_autofree char *count = vigil_summary_text_format_count (n);

          g_string_append_printf (text, "\n%s: %.1f%% (%s)", data->predictions[p],
                                  100.0 * n / bar->total, count);
        }
      if (bar->alert_days > 0 && bar->n_days == 1)
        g_string_append_printf (text, "\n%s", _("Distribution alert on this day"));
      else if (bar->alert_days > 0)
        g_string_append_printf (text, "\n%s",
                                _("Distribution alert on some of these days"));

      hit->text = g_string_free (text, FALSE);
      vigil_chart_copy_day (hit->day, first);
      vigil_chart_copy_day (hit->last_day, last);
      hit->item = bar->first_day;
      found = TRUE;
    }

  dist_layout_clear (&l);
  vigil_chart_canvas_finish (&c);
  return found;
}

/* One target a bar, its alert marker's band included, from the first day to the last. */
static GArray *
dist_targets (const VigilDashboard  *data,
              const VigilChartStyle *style,
              double                 width,
              double                 height)
{
  GArray *targets = g_array_new (FALSE, FALSE, sizeof (VigilChartRect));
  VigilChartCanvas c;
  DistLayout l;

  vigil_chart_canvas_init (&c, NULL, style, width, height);
  dist_layout (&c, data, &l);
  for (guint b = 0; !l.empty && b < l.n_bars; b++)
    {
      VigilChartRect r = { l.plot.x + b * l.slot, l.plot.y - l.mark_band,
                           l.slot, l.plot.h + l.mark_band };

      g_array_append_val (targets, r);
    }
  dist_layout_clear (&l);
  vigil_chart_canvas_finish (&c);
  return targets;
}

static char *
describe (const VigilDashboard *data,
          const char           *title)
{
  guint alerts = 0;
  g_autofree char *days = NULL;
  g_autofree char *alert_days = NULL;

  for (guint i = 0; i < data->n_days; i++)
    alerts += data->days[i].distribution_alert ? 1 : 0;
  days = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day", "%u days", data->n_days),
                          data->n_days);
  alert_days = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%u day with a distribution alert",
                                             "%u days with a distribution alert", alerts),
                                alerts);
  return g_strdup_printf ("%s, %s, %s", title, days, alert_days);
}

const VigilChartDescriptor vigil_chart_distribution = {
  .id = "distribution",
  .title = N_("Daily decision distribution"),
  .heading = N_("Daily Decisions"),
  .caption = N_("Share of each prediction per day; marked days raised a distribution alert"),
  .needs = VIGIL_CHART_NEEDS_DAYS,
  .paint = vigil_chart_paint_distribution,
  .hit = vigil_chart_hit_distribution,
  .describe = describe,
  .targets = dist_targets,
};
