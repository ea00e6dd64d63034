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

/* One plot of shares: the whole dashboard's, or one model's in the dashboard of all models,
 * where the panels share the days, the scale and the colours. */
typedef struct
{
  const char     *model;      /* NULL: the dashboard's only panel */
  VigilChartRect  plot;       /* 0 % at the bottom, 100 % at the top */
  double          title_y;
  gboolean        x_labels;   /* the lowest panel of its column labels the days */
  double          x_labels_y;
  DistBar        *bars;
  gint64         *counts;     /* n_bars x n_predictions */
} DistPanel;

typedef struct
{
  gboolean              empty;
  double                mark_band;  /* above each plot, for the alert markers */
  double                slot;
  double                bar_w;
  guint                 days_per_bar;
  guint                 n_bars;
  DistPanel            *panels;
  guint                 n_panels;
  VigilChartColor      *colors;
  VigilChartLegendItem *legend;
  guint                 n_legend;
  double                legend_y;
  double                y_title_y;
  double                x_title_y;
  VigilChartRect        x_title_area;
  gboolean              show_titles;
  VigilChartTicks       ticks;
} DistLayout;

static void
dist_layout_clear (DistLayout *l)
{
  for (guint i = 0; i < l->n_legend; i++)
    vigil_chart_legend_item_clear (&l->legend[i]);
  for (guint i = 0; i < l->n_panels; i++)
    {
      g_free (l->panels[i].bars);
      g_free (l->panels[i].counts);
    }
  g_free (l->panels);
  g_free (l->legend);
  g_free (l->colors);
}

/* Sums the days of @panel into its bars: the whole dashboard's days, or those of model
 * @model (an index into data->models, -1 for none). */
static void
dist_panel_fill (const DistLayout     *l,
                 const VigilDashboard *data,
                 int                   model,
                 DistPanel            *panel)
{
  guint np = data->n_predictions;
  const VigilDashboardModel *m = model >= 0 ? &data->models[model] : NULL;

  panel->model = m != NULL ? m->model_name : NULL;
  panel->bars = g_new0 (DistBar, l->n_bars);
  panel->counts = g_new0 (gint64, (gsize) l->n_bars * MAX (np, 1));
  for (guint b = 0; b < l->n_bars; b++)
    {
      DistBar *bar = &panel->bars[b];

      bar->first_day = b * l->days_per_bar;
      bar->n_days = MIN (l->days_per_bar, data->n_days - bar->first_day);
      for (guint d = bar->first_day; d < bar->first_day + bar->n_days; d++)
        {
          const VigilDashboardDay *day = &data->days[d];
          const gint64 *counts = m != NULL ? m->counts + (gsize) d * np : day->counts;

          bar->total += m != NULL ? m->day_totals[d] : day->total;
          bar->alert_days += (m != NULL ? m->alert_days[d] : day->distribution_alert) ? 1 : 0;
          if (counts != NULL)
            for (guint p = 0; p < np; p++)
              panel->counts[(gsize) b * np + p] += counts[p];
        }
    }
}

/* Places the panels in @cols columns over [top, bottom] (their day labels included);
 * returns the height of each plot. */
static double
dist_grid_plot_h (VigilChartCanvas *c,
                  const DistLayout *l,
                  guint             n,
                  guint             cols,
                  double            title_h,
                  double            top,
                  double            bottom)
{
  guint rows = (n + cols - 1) / cols;

  return (bottom - top - c->line_h - c->gap - rows * (title_h + l->mark_band)
          - (rows - 1) * 2 * c->gap) / rows;
}

/* Each prediction's colour and the legend of them, with the alert mark when a day has one. */
static void
dist_legend (VigilChartCanvas     *c,
             const VigilDashboard *data,
             gboolean              alerts,
             DistLayout           *l)
{
  guint np = data->n_predictions;

  l->colors = g_new0 (VigilChartColor, MAX (np, 1));
  vigil_chart_style_prediction_colors (c->style, (const char * const *) data->predictions, np,
                                       l->colors);
  l->n_legend = np + (alerts ? 1 : 0);
  l->legend = g_new0 (VigilChartLegendItem, MAX (l->n_legend, 1));
  for (guint p = 0; p < np; p++)
    {
      l->legend[p].kind = VIGIL_CHART_SWATCH_BOX;
      l->legend[p].color = l->colors[p];
      l->legend[p].label = g_strdup (data->predictions[p]);
    }
  if (alerts)
    {
      l->legend[np].kind = VIGIL_CHART_SWATCH_ALERT;
      l->legend[np].label = g_strdup (_("Distribution alert"));
    }
}

static void
dist_layout (VigilChartCanvas     *c,
             const VigilDashboard *data,
             DistLayout           *l)
{
  gint64 grand_total = 0;
  guint alert_days = 0;
  gboolean multi;
  guint cols = 1;
  double top, bottom, y_label_w, legend_h, title_h, plot_h, col_w;

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
  multi = data->n_models > 1;
  dist_legend (c, data, alert_days > 0, l);

  l->show_titles = c->height >= 180.0 * c->s;
  l->legend_y = c->pad;
  legend_h = vigil_chart_canvas_legend (c, l->legend, l->n_legend, c->pad, l->legend_y,
                                        c->width - 2 * c->pad);
  top = l->legend_y + legend_h + c->gap * 2;
  /* The panels of all models are titled with their model; the card's caption says what
   * the bars are. */
  if (l->show_titles && !multi)
    {
      l->y_title_y = top;
      top += c->line_h + c->gap;
    }
  l->mark_band = 10.0 * c->s;

  bottom = c->height - c->pad;
  if (l->show_titles)
    {
      bottom -= c->line_h;
      l->x_title_y = bottom;
      bottom -= c->gap;
    }

  /* As few columns as leave each model's plot tall enough to read its shares. */
  l->n_panels = multi ? data->n_models : 1;
  title_h = multi ? c->line_h + c->gap / 2.0 : 0.0;
  while (cols < l->n_panels
         && dist_grid_plot_h (c, l, l->n_panels, cols, title_h, top, bottom) < 40.0 * c->s)
    cols++;
  plot_h = MAX (dist_grid_plot_h (c, l, l->n_panels, cols, title_h, top, bottom), 1.0);
  col_w = (c->width - 2 * c->pad - (cols - 1) * 3 * c->gap) / cols;
  y_label_w = vigil_chart_canvas_text_width (c, "100%", VIGIL_CHART_TEXT_NORMAL);

  l->panels = g_new0 (DistPanel, l->n_panels);
  for (guint i = 0; i < l->n_panels; i++)
    {
      DistPanel *panel = &l->panels[i];
      double x0 = c->pad + (i % cols) * (col_w + 3 * c->gap);
      double y0 = top + (i / cols) * (title_h + l->mark_band + plot_h + 2 * c->gap);
      double left = x0 + y_label_w + c->gap;

      panel->title_y = y0;
      panel->plot = (VigilChartRect) { left, y0 + title_h + l->mark_band,
                                       MAX (x0 + col_w - left, 1.0), plot_h };
      panel->x_labels = i + cols >= l->n_panels;
      panel->x_labels_y = panel->plot.y + panel->plot.h + c->gap;
    }
  l->x_title_area = multi ? (VigilChartRect) { c->pad, top, c->width - 2 * c->pad, 1.0 }
                          : l->panels[0].plot;

  vigil_chart_nice_ticks (0.0, 1.0, MIN (vigil_chart_canvas_y_tick_budget (c, plot_h), 5),
                          &l->ticks);

  vigil_chart_day_bars (data->n_days, l->panels[0].plot.w, c->s, &l->days_per_bar, &l->n_bars,
                        &l->slot, &l->bar_w);

  for (guint i = 0; i < l->n_panels; i++)
    dist_panel_fill (l, data, multi ? (int) i : -1, &l->panels[i]);
}

static double
dist_bar_x (const DistLayout *l,
            const DistPanel  *panel,
            guint             b)
{
  return panel->plot.x + (b + 0.5) * l->slot - l->bar_w / 2.0;
}

static void
dist_paint_bar (VigilChartCanvas *c,
                const DistLayout *l,
                const DistPanel  *panel,
                guint             np,
                guint             b)
{
  cairo_t *cr = c->cr;
  const DistBar *bar = &panel->bars[b];
  double bx = dist_bar_x (l, panel, b);
  double base = panel->plot.y + panel->plot.h;
  gint64 sum = 0;

  if (bar->total <= 0)
    return;
  for (guint p = 0; p < np; p++)
    {
      gint64 n = panel->counts[(gsize) b * np + p];
      double seg_top, seg_bottom;

      if (n <= 0)
        continue;
      seg_bottom = base - (double) sum / bar->total * panel->plot.h;
      sum += n;
      seg_top = base - (double) sum / bar->total * panel->plot.h;
      cairo_rectangle (cr, bx, seg_top, l->bar_w, seg_bottom - seg_top);
      vigil_chart_set_color (cr, &l->colors[p]);
      cairo_fill (cr);
      /* A hairline of background between segments, so that they read apart without
       * relying on colour. */
      if (l->bar_w >= 4.0 && sum < bar->total && seg_bottom - seg_top > 3.0)
        {
          cairo_rectangle (cr, bx, seg_top - 0.5 * c->s, l->bar_w, 1.0 * c->s);
          vigil_chart_set_color (cr, &c->style->background);
          cairo_fill (cr);
        }
    }

  if (bar->alert_days > 0)
    {
      double mx = bx + l->bar_w / 2.0;

      if (l->bar_w >= 4.0)
        {
          cairo_rectangle (cr, bx - 0.75 * c->s, panel->plot.y - 0.75 * c->s,
                           l->bar_w + 1.5 * c->s, panel->plot.h + 0.75 * c->s);
          vigil_chart_set_color (cr, &c->style->foreground);
          cairo_set_line_width (cr, 1.5 * c->s);
          cairo_stroke (cr);
        }
      vigil_chart_canvas_draw_alert_mark (c, mx, panel->plot.y - l->mark_band / 2.0 - 1.0 * c->s,
                                          MIN (4.5 * c->s, MAX (l->slot / 2.0, 2.5 * c->s)));
    }
}

static void
dist_paint_panel (VigilChartCanvas     *c,
                  const DistLayout     *l,
                  const DistPanel      *panel,
                  const VigilDashboard *data)
{
  cairo_t *cr = c->cr;
  double label_w;
  guint stride;
  VigilChartLabelRow row = { -G_MAXDOUBLE };

  if (panel->model != NULL)
    vigil_chart_canvas_draw_text (c, panel->model, VIGIL_CHART_TEXT_BOLD, &c->style->foreground,
                                  panel->plot.x, panel->title_y, 0.0, 0.0);
  vigil_chart_canvas_draw_y_grid (c, &panel->plot, &l->ticks);
  for (guint b = 0; b < l->n_bars; b++)
    dist_paint_bar (c, l, panel, data->n_predictions, b);

  label_w = vigil_chart_canvas_text_width (c, "0000-00-00", VIGIL_CHART_TEXT_NORMAL) + 3 * c->gap;
  stride = vigil_chart_label_stride (l->n_bars, l->slot, label_w);
  for (guint b = 0; b < l->n_bars; b += stride)
    {
      double cx = panel->plot.x + (b + 0.5) * l->slot;

      cairo_move_to (cr, round (cx) + 0.5, panel->plot.y + panel->plot.h);
      cairo_line_to (cr, round (cx) + 0.5, panel->plot.y + panel->plot.h + c->gap / 2.0);
      vigil_chart_set_color (cr, &c->style->foreground);
      cairo_set_line_width (cr, 1.0);
      cairo_stroke (cr);
      if (panel->x_labels)
        vigil_chart_canvas_label_row_add (c, &row, data->days[panel->bars[b].first_day].day, cx,
                                          panel->x_labels_y);
    }
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

  g_return_if_fail (cr != NULL);
  g_return_if_fail (style != NULL);

  vigil_chart_canvas_begin_paint (&c, cr, style, width, height);
  dist_layout (&c, data, &l);

  if (l.empty)
    {
      vigil_chart_canvas_draw_no_data (&c, _("No decisions in this period"));
      goto out;
    }

  if (l.show_titles && l.n_panels == 1)
    vigil_chart_canvas_draw_text (&c, _("Share of the day’s decisions"), VIGIL_CHART_TEXT_NORMAL,
                                  &style->muted, c.pad, l.y_title_y, 0.0, 0.0);
  for (guint i = 0; i < l.n_panels; i++)
    dist_paint_panel (&c, &l, &l.panels[i], data);

  if (l.show_titles)
    {
      g_autofree char *title = NULL;

      if (l.days_per_bar == 1)
        title = g_strdup (_("Day (UTC)"));
      else
        title = g_strdup_printf (_("Day (UTC), one bar per %u days"), l.days_per_bar);
      vigil_chart_canvas_draw_title (&c, title, &l.x_title_area, l.x_title_y);
    }

out:
  dist_layout_clear (&l);
  vigil_chart_canvas_finish (&c);
}

static char *
dist_hit_text (const VigilDashboard *data,
               const DistPanel      *panel,
               guint                 b)
{
  const DistBar *bar = &panel->bars[b];
  const char *first = data->days[bar->first_day].day;
  const char *last = data->days[bar->first_day + bar->n_days - 1].day;
  g_autofree char *total = vigil_summary_text_format_count (bar->total);
  GString *text = g_string_new (NULL);

  if (panel->model != NULL)
    g_string_append_printf (text, "%s\n", panel->model);
  if (bar->n_days == 1)
    g_string_append_printf (text, _("%s: %s decisions"), first, total);
  else
    g_string_append_printf (text, _("%s to %s: %s decisions"), first, last, total);
  for (guint p = 0; p < data->n_predictions && bar->total > 0; p++)
    {
      gint64 n = panel->counts[(gsize) b * data->n_predictions + p];
      g_autofree char *count = NULL;

      /* A model's panel lists its own predictions, not the other models' */
      if (n == 0 && panel->model != NULL)
        continue;
      count = vigil_summary_text_format_count (n);
      g_string_append_printf (text, "\n%s: %.1f%% (%s)", data->predictions[p],
                              100.0 * n / bar->total, count);
    }
  if (bar->alert_days > 0 && bar->n_days == 1)
    g_string_append_printf (text, "\n%s", _("Distribution alert on this day"));
  else if (bar->alert_days > 0)
    g_string_append_printf (text, "\n%s", _("Distribution alert on some of these days"));
  return g_string_free (text, FALSE);
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

  for (guint i = 0; !l.empty && !found && i < l.n_panels; i++)
    {
      const DistPanel *panel = &l.panels[i];
      guint b;

      if (!vigil_chart_day_bar_at (&panel->plot, l.slot, l.n_bars, l.mark_band, x, y, &b))
        continue;
      hit->text = dist_hit_text (data, panel, b);
      vigil_chart_hit_set_days (hit, data, panel->model, panel->bars[b].first_day,
                                panel->bars[b].n_days);
      found = TRUE;
    }

  dist_layout_clear (&l);
  vigil_chart_canvas_finish (&c);
  return found;
}

/* One target a bar, its alert marker's band included, from the first day to the last; panel
 * after panel under All Models. */
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
  for (guint i = 0; !l.empty && i < l.n_panels; i++)
    vigil_chart_add_day_bar_targets (targets, &l.panels[i].plot, l.slot, l.n_bars,
                                     l.mark_band);
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
  if (data->n_models > 1)
    {
      g_autofree char **names = g_new0 (char *, data->n_models + 1);
      g_autofree char *list = NULL;

      for (guint m = 0; m < data->n_models; m++)
        names[m] = data->models[m].model_name;
      list = g_strjoinv (", ", names);
      /* Translators: the daily distribution chart of all models, one small chart per model;
       * the last %s lists the models */
      return g_strdup_printf (_("%s, %s, %s, one panel per model: %s"), title, days, alert_days,
                              list);
    }
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
