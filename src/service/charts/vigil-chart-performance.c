/* vigil-chart-performance.c: per day, the accuracy of the decisions judged by their outcomes,
 * over the share of them whose outcome has arrived
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

/* The coverage bars are the bar colour, this much of it, so that the line reads over them */
#define COVERAGE_ALPHA 0.3

typedef struct
{
  guint                  first_day;
  guint                  n_days;
  gint64                 total;
  VigilDashboardOutcomes outcomes;
} PerfBar;

/* One plot: the whole dashboard's, or one model's in the dashboard of all models, where the
 * panels share the days and the scale, as the daily distribution's do. */
typedef struct
{
  const char     *model;      /* NULL: the dashboard's only panel */
  VigilChartRect  plot;       /* 0 % at the bottom, 100 % at the top */
  double          title_y;
  gboolean        x_labels;   /* the lowest panel of its column labels the days */
  double          x_labels_y;
  PerfBar        *bars;
} PerfPanel;

typedef struct
{
  gboolean              empty;
  gboolean              no_outcomes;
  double                slot;
  double                bar_w;
  guint                 days_per_bar;
  guint                 n_bars;
  PerfPanel            *panels;
  guint                 n_panels;
  VigilChartColor       coverage;
  VigilChartColor       accuracy;
  VigilChartLegendItem  legend[2];
  double                legend_y;
  double                y_title_y;
  double                x_title_y;
  VigilChartRect        x_title_area;
  gboolean              show_titles;
  VigilChartTicks       ticks;
} PerfLayout;

static void
perf_layout_clear (PerfLayout *l)
{
  for (guint i = 0; i < G_N_ELEMENTS (l->legend); i++)
    vigil_chart_legend_item_clear (&l->legend[i]);
  for (guint i = 0; i < l->n_panels; i++)
    g_free (l->panels[i].bars);
  g_free (l->panels);
}

/* Sums the days of @panel into its bars: the whole dashboard's days, or those of model
 * @model (an index into data->models, -1 for none). */
static void
perf_panel_fill (const PerfLayout     *l,
                 const VigilDashboard *data,
                 int                   model,
                 PerfPanel            *panel)
{
  const VigilDashboardModel *m = model >= 0 ? &data->models[model] : NULL;

  panel->model = m != NULL ? m->model_name : NULL;
  panel->bars = g_new0 (PerfBar, l->n_bars);
  for (guint b = 0; b < l->n_bars; b++)
    {
      PerfBar *bar = &panel->bars[b];

      bar->first_day = b * l->days_per_bar;
      bar->n_days = MIN (l->days_per_bar, data->n_days - bar->first_day);
      for (guint d = bar->first_day; d < bar->first_day + bar->n_days; d++)
        {
          const VigilDashboardOutcomes *o = m != NULL ? &m->outcomes[d]
                                                      : &data->days[d].outcomes;

          bar->total += m != NULL ? m->day_totals[d] : data->days[d].total;
          bar->outcomes.with_outcome += o->with_outcome;
          bar->outcomes.judged += o->judged;
          bar->outcomes.right += o->right;
        }
    }
}

static double
perf_grid_plot_h (VigilChartCanvas *c,
                  guint             n,
                  guint             cols,
                  double            title_h,
                  double            top,
                  double            bottom)
{
  guint rows = (n + cols - 1) / cols;

  return (bottom - top - c->line_h - c->gap - rows * title_h - (rows - 1) * 2 * c->gap) / rows;
}

static void
perf_layout (VigilChartCanvas     *c,
             const VigilDashboard *data,
             PerfLayout           *l)
{
  gint64 grand_total = 0, with_outcome = 0;
  gboolean multi;
  guint cols = 1;
  double top, bottom, y_label_w, legend_h, title_h, plot_h, col_w;

  memset (l, 0, sizeof *l);

  if (data != NULL)
    for (guint i = 0; i < data->n_days; i++)
      {
        grand_total += data->days[i].total;
        with_outcome += data->days[i].outcomes.with_outcome;
      }
  if (data == NULL || data->n_days == 0 || grand_total <= 0)
    {
      l->empty = TRUE;
      return;
    }
  if (with_outcome <= 0)
    {
      l->empty = TRUE;
      l->no_outcomes = TRUE;
      return;
    }
  multi = data->n_models > 1;

  l->coverage = c->style->bar;
  l->coverage.alpha *= COVERAGE_ALPHA;
  l->accuracy = c->style->baseline;
  l->legend[0].kind = VIGIL_CHART_SWATCH_LINE;
  l->legend[0].color = l->accuracy;
  l->legend[0].label = g_strdup (_("Accuracy of the decisions judged"));
  l->legend[1].kind = VIGIL_CHART_SWATCH_BOX;
  l->legend[1].color = l->coverage;
  l->legend[1].label = g_strdup (_("Decisions with an outcome"));

  l->show_titles = c->height >= 180.0 * c->s;
  l->legend_y = c->pad;
  legend_h = vigil_chart_canvas_legend (c, l->legend, G_N_ELEMENTS (l->legend), c->pad,
                                        l->legend_y, c->width - 2 * c->pad);
  top = l->legend_y + legend_h + c->gap * 2;
  if (l->show_titles && !multi)
    {
      l->y_title_y = top;
      top += c->line_h + c->gap;
    }

  bottom = c->height - c->pad;
  if (l->show_titles)
    {
      bottom -= c->line_h;
      l->x_title_y = bottom;
      bottom -= c->gap;
    }

  l->n_panels = multi ? data->n_models : 1;
  title_h = multi ? c->line_h + c->gap / 2.0 : 0.0;
  while (cols < l->n_panels && perf_grid_plot_h (c, l->n_panels, cols, title_h, top, bottom)
                               < 40.0 * c->s)
    cols++;
  plot_h = MAX (perf_grid_plot_h (c, l->n_panels, cols, title_h, top, bottom), 1.0);
  col_w = (c->width - 2 * c->pad - (cols - 1) * 3 * c->gap) / cols;
  y_label_w = vigil_chart_canvas_text_width (c, "100%", VIGIL_CHART_TEXT_NORMAL);

  l->panels = g_new0 (PerfPanel, l->n_panels);
  for (guint i = 0; i < l->n_panels; i++)
    {
      PerfPanel *panel = &l->panels[i];
      double x0 = c->pad + (i % cols) * (col_w + 3 * c->gap);
      double y0 = top + (i / cols) * (title_h + plot_h + 2 * c->gap);
      double left = x0 + y_label_w + c->gap;

      panel->title_y = y0;
      panel->plot = (VigilChartRect) { left, y0 + title_h, MAX (x0 + col_w - left, 1.0), plot_h };
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
    perf_panel_fill (l, data, multi ? (int) i : -1, &l->panels[i]);
}

static double
perf_bar_cx (const PerfLayout *l,
             const PerfPanel  *panel,
             guint             b)
{
  return panel->plot.x + (b + 0.5) * l->slot;
}

static double
perf_share_y (const PerfPanel *panel,
              double           share)
{
  return panel->plot.y + panel->plot.h - share * panel->plot.h;
}

static void
perf_paint_panel (VigilChartCanvas     *c,
                  const PerfLayout     *l,
                  const PerfPanel      *panel,
                  const VigilDashboard *data)
{
  cairo_t *cr = c->cr;
  double label_w, r;
  guint stride;
  gboolean drawing = FALSE;
  VigilChartLabelRow row = { -G_MAXDOUBLE };

  if (panel->model != NULL)
    vigil_chart_canvas_draw_text (c, panel->model, VIGIL_CHART_TEXT_BOLD, &c->style->foreground,
                                  panel->plot.x, panel->title_y, 0.0, 0.0);
  vigil_chart_canvas_draw_y_grid (c, &panel->plot, &l->ticks);

  for (guint b = 0; b < l->n_bars; b++)
    {
      const PerfBar *bar = &panel->bars[b];
      double top;

      if (bar->total <= 0 || bar->outcomes.with_outcome <= 0)
        continue;
      top = perf_share_y (panel, (double) bar->outcomes.with_outcome / bar->total);
      cairo_rectangle (cr, perf_bar_cx (l, panel, b) - l->bar_w / 2.0, top, l->bar_w,
                       panel->plot.y + panel->plot.h - top);
      vigil_chart_set_color (cr, &l->coverage);
      cairo_fill (cr);
    }

  /* The line joins neighbouring days with judged decisions; a day without is a gap, never
   * a fall to 0 %. */
  for (guint b = 0; b < l->n_bars; b++)
    {
      const PerfBar *bar = &panel->bars[b];
      double x = perf_bar_cx (l, panel, b);

      if (bar->outcomes.judged <= 0)
        {
          drawing = FALSE;
          continue;
        }
      if (drawing)
        cairo_line_to (cr, x, perf_share_y (panel, (double) bar->outcomes.right
                                                   / bar->outcomes.judged));
      else
        cairo_move_to (cr, x, perf_share_y (panel, (double) bar->outcomes.right
                                                   / bar->outcomes.judged));
      drawing = TRUE;
    }
  vigil_chart_set_color (cr, &l->accuracy);
  cairo_set_line_width (cr, 2.0 * c->s);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);

  /* A dot per day, so that a day between two gaps shows */
  r = MIN (3.0 * c->s, MAX (l->slot / 3.0, 1.5 * c->s));
  for (guint b = 0; b < l->n_bars; b++)
    {
      const PerfBar *bar = &panel->bars[b];

      if (bar->outcomes.judged <= 0)
        continue;
      cairo_new_sub_path (cr);
      cairo_arc (cr, perf_bar_cx (l, panel, b),
                 perf_share_y (panel, (double) bar->outcomes.right / bar->outcomes.judged),
                 r, 0, 2 * G_PI);
    }
  cairo_fill (cr);

  label_w = vigil_chart_canvas_text_width (c, "0000-00-00", VIGIL_CHART_TEXT_NORMAL) + 3 * c->gap;
  stride = vigil_chart_label_stride (l->n_bars, l->slot, label_w);
  for (guint b = 0; b < l->n_bars; b += stride)
    {
      double cx = perf_bar_cx (l, panel, b);

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

static void
paint (cairo_t               *cr,
       const VigilDashboard  *data,
       const VigilChartStyle *style,
       double                 width,
       double                 height)
{
  VigilChartCanvas c;
  PerfLayout l;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (style != NULL);

  vigil_chart_canvas_begin_paint (&c, cr, style, width, height);
  perf_layout (&c, data, &l);

  if (l.empty)
    {
      vigil_chart_canvas_draw_no_data (&c, l.no_outcomes ? _("No outcomes yet in this period")
                                                         : _("No decisions in this period"));
      goto out;
    }

  if (l.show_titles && l.n_panels == 1)
    vigil_chart_canvas_draw_text (&c, _("Share of the day’s decisions"), VIGIL_CHART_TEXT_NORMAL,
                                  &style->muted, c.pad, l.y_title_y, 0.0, 0.0);
  for (guint i = 0; i < l.n_panels; i++)
    perf_paint_panel (&c, &l, &l.panels[i], data);

  if (l.show_titles)
    {
      g_autofree char *title = NULL;

      if (l.days_per_bar == 1)
        title = g_strdup (_("Day (UTC) of the decisions"));
      else
        title = g_strdup_printf (_("Day (UTC) of the decisions, one bar per %u days"),
                                 l.days_per_bar);
      vigil_chart_canvas_draw_title (&c, title, &l.x_title_area, l.x_title_y);
    }

out:
  perf_layout_clear (&l);
  vigil_chart_canvas_finish (&c);
}

static char *
perf_hit_text (const VigilDashboard *data,
               const PerfPanel      *panel,
               guint                 b)
{
  const PerfBar *bar = &panel->bars[b];
  const VigilDashboardOutcomes *o = &bar->outcomes;
  const char *first = data->days[bar->first_day].day;
  const char *last = data->days[bar->first_day + bar->n_days - 1].day;
  g_autofree char *total = vigil_summary_text_format_count (bar->total);
  g_autofree char *with_outcome = vigil_summary_text_format_count (o->with_outcome);
  GString *text = g_string_new (NULL);

  if (panel->model != NULL)
    g_string_append_printf (text, "%s\n", panel->model);
  if (bar->n_days == 1)
    g_string_append_printf (text, _("%s: %s decisions"), first, total);
  else
    g_string_append_printf (text, _("%s to %s: %s decisions"), first, last, total);

  g_string_append_c (text, '\n');
  if (o->judged > 0)
    {
      g_autofree char *right = vigil_summary_text_format_count (o->right);
      g_autofree char *judged = vigil_summary_text_format_count (o->judged);

      /* Translators: the accuracy of a day's decisions, "Accuracy: 75.0% (3 of 4 judged)" */
      g_string_append_printf (text, _("Accuracy: %.1f%% (%s of %s judged)"),
                              100.0 * o->right / o->judged, right, judged);
    }
  else
    g_string_append (text, _("Accuracy: no decision judged by its outcome"));

  g_string_append_c (text, '\n');
  /* Translators: the share of a day's decisions whose outcome has arrived,
   * "Outcomes: 80.0% (4 of 5 decisions)" */
  g_string_append_printf (text, _("Outcomes: %.1f%% (%s of %s decisions)"),
                          bar->total > 0 ? 100.0 * o->with_outcome / bar->total : 0.0,
                          with_outcome, total);
  return g_string_free (text, FALSE);
}

static gboolean
hit (const VigilDashboard  *data,
     const VigilChartStyle *style,
     double                 width,
     double                 height,
     double                 x,
     double                 y,
     VigilChartHit         *out)
{
  VigilChartCanvas c;
  PerfLayout l;
  gboolean found = FALSE;

  g_return_val_if_fail (style != NULL, FALSE);
  if (!vigil_chart_canvas_begin_hit (&c, style, width, height, out))
    return FALSE;

  perf_layout (&c, data, &l);

  for (guint i = 0; !l.empty && !found && i < l.n_panels; i++)
    {
      const PerfPanel *panel = &l.panels[i];
      guint b;

      if (!vigil_chart_day_bar_at (&panel->plot, l.slot, l.n_bars, 0.0, x, y, &b))
        continue;
      out->text = perf_hit_text (data, panel, b);
      vigil_chart_hit_set_days (out, data, panel->model, panel->bars[b].first_day,
                                panel->bars[b].n_days);
      found = TRUE;
    }

  perf_layout_clear (&l);
  vigil_chart_canvas_finish (&c);
  return found;
}

/* One target a day (or bar of days), the plot's height, panel after panel under All Models. */
static GArray *
targets (const VigilDashboard  *data,
         const VigilChartStyle *style,
         double                 width,
         double                 height)
{
  GArray *rects = g_array_new (FALSE, FALSE, sizeof (VigilChartRect));
  VigilChartCanvas c;
  PerfLayout l;

  vigil_chart_canvas_init (&c, NULL, style, width, height);
  perf_layout (&c, data, &l);
  for (guint i = 0; !l.empty && i < l.n_panels; i++)
    vigil_chart_add_day_bar_targets (rects, &l.panels[i].plot, l.slot, l.n_bars, 0.0);
  perf_layout_clear (&l);
  vigil_chart_canvas_finish (&c);
  return rects;
}

/* "the accuracy ranged from 20% to 81% over 7 days judged" for one model's days, or all. */
static char *
describe_days (const VigilDashboard *data,
               const VigilDashboardModel *m)
{
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;
  gint64 total = 0, with_outcome = 0;
  guint judged_days = 0;
  g_autofree char *days = NULL;
  g_autofree char *coverage = NULL;

  for (guint d = 0; d < data->n_days; d++)
    {
      const VigilDashboardOutcomes *o = m != NULL ? &m->outcomes[d] : &data->days[d].outcomes;

      total += m != NULL ? m->day_totals[d] : data->days[d].total;
      with_outcome += o->with_outcome;
      if (o->judged <= 0)
        continue;
      judged_days++;
      lo = MIN (lo, (double) o->right / o->judged);
      hi = MAX (hi, (double) o->right / o->judged);
    }
  coverage = vigil_chart_format_percent (total > 0 ? (double) with_outcome / total : 0.0, 0.01);
  if (judged_days == 0)
    /* Translators: %s is the share of the decisions with an outcome, "0%" */
    return g_strdup_printf (_("no decision judged by its outcome, %s of the decisions with an "
                              "outcome"), coverage);
  days = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day with judged decisions",
                                       "%u days with judged decisions", judged_days),
                          judged_days);
  /* Translators: "7 days with judged decisions, accuracy from 20% to 81%, 80% of the
   * decisions with an outcome" */
  return g_strdup_printf (_("%s, accuracy from %.0f%% to %.0f%%, %s of the decisions with an "
                            "outcome"), days, 100.0 * lo, 100.0 * hi, coverage);
}

static char *
describe (const VigilDashboard *data,
          const char           *title)
{
  g_autofree char *days = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day", "%u days",
                                                        data->n_days), data->n_days);

  if (data->n_models > 1)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      g_string_append_printf (text, "%s, %s", title, days);
      for (guint m = 0; m < data->n_models; m++)
        {
          g_autofree char *model = describe_days (data, &data->models[m]);

          g_string_append_printf (text, "; %s: %s", data->models[m].model_name, model);
        }
      return g_string_free (g_steal_pointer (&text), FALSE);
    }
  else
    {
      g_autofree char *all = describe_days (data, NULL);

      return g_strdup_printf ("%s, %s, %s", title, days, all);
    }
}

const VigilChartDescriptor vigil_chart_performance = {
  .id = "performance",
  .title = N_("Daily accuracy judged by outcomes"),
  .heading = N_("Performance"),
  .caption = N_("Accuracy of each day’s decisions whose outcome has arrived; the bars are the "
                "share with an outcome"),
  .needs = VIGIL_CHART_NEEDS_DAYS | VIGIL_CHART_NEEDS_OUTCOMES,
  .paint = paint,
  .hit = hit,
  .describe = describe,
  .targets = targets,
};
