/* vigil-chart-concentration.c: the largest entity shares against the threshold
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
  gboolean              empty;
  gboolean              no_entities;
  VigilChartRect        plot;    /* the bars' area, right of the names */
  double                names_x;
  double                names_w;
  double                row_h;
  double                bar_h;
  guint                 n_rows;
  double                threshold_label_y;
  double                x_labels_y;
  double                x_title_y;
  gboolean              show_titles;
  VigilChartLegendItem  legend[3];
  VigilChartTicks       ticks;
  char                 *window;  /* which window the shares are of, or NULL */
  double                window_y;
} ConcLayout;

static void
conc_layout_clear (ConcLayout *l)
{
  for (guint i = 0; i < G_N_ELEMENTS (l->legend); i++)
    vigil_chart_legend_item_clear (&l->legend[i]);
  g_clear_pointer (&l->window, g_free);
}

/* "2 Dec, n = 50", with the model when the chart shows all models */
static char *
peak_label (const VigilDashboard *data)
{
  g_autofree char *days = vigil_period_describe_brief (&data->peak_days);
  g_autofree char *n = vigil_summary_text_format_count (data->entity_total);

  if (data->model_name == NULL && data->peak_model != NULL)
    /* Translators: the concentration chart's window: its days, its model, its decisions */
    return g_strdup_printf (_("%s, %s, n = %s"), days, data->peak_model, n);
  return g_strdup_printf (_("%s, n = %s"), days, n);
}

static void
conc_layout (VigilChartCanvas     *c,
             const VigilDashboard *data,
             ConcLayout           *l)
{
  double max_share = 0.0;
  double top, bottom, right, legend_h, tick_w, names_w = 0.0;
  guint x_budget;
  double threshold;

  memset (l, 0, sizeof *l);
  if (data == NULL || (data->has_entities && (data->n_entities == 0 || data->entity_total <= 0)))
    {
      l->empty = TRUE;
      return;
    }
  if (!data->has_entities)
    {
      l->no_entities = TRUE;
      return;
    }

  threshold = CLAMP (data->concentration_threshold, 0.0, 1.0);
  l->n_rows = MIN (data->n_entities, VIGIL_DASHBOARD_TOP_ENTITIES);
  for (guint i = 0; i < l->n_rows; i++)
    {
      max_share = MAX (max_share, data->entities[i].share);
      names_w = MAX (names_w, vigil_chart_canvas_text_width (c, data->entities[i].entity,
                                                             VIGIL_CHART_TEXT_NORMAL));
    }

  l->legend[0].kind = VIGIL_CHART_SWATCH_BOX;
  l->legend[0].color = c->style->bar;
  l->legend[0].label = g_strdup (_("Share of decisions"));
  l->legend[1].kind = VIGIL_CHART_SWATCH_BOX;
  l->legend[1].color = c->style->emphasis;
  l->legend[1].label = g_strdup (_("Above threshold"));
  l->legend[2].kind = VIGIL_CHART_SWATCH_DASHED;
  l->legend[2].color = c->style->foreground;
  l->legend[2].label = g_strdup_printf (_("Threshold (%.0f%%)"), 100.0 * threshold);

  l->show_titles = c->height >= 180.0 * c->s;
  top = c->pad;
  if (data->peak_days.n_days > 0)
    {
      g_autofree char *window = peak_label (data);

      l->window = data->peak_below_minimum
        /* Translators: the window whose shares the concentration chart shows */
        ? g_strdup_printf (_("Highest share in a window: %s (fewer decisions than the check needs)"),
                           window)
        : g_strdup_printf (_("Highest share in a window: %s"), window);
      l->window_y = top;
      top += c->line_h + c->gap;
    }
  legend_h = vigil_chart_canvas_legend (c, l->legend, 3, c->pad, top, c->width - 2 * c->pad);
  top += legend_h + 2 * c->gap;
  l->threshold_label_y = top;
  top += c->line_h + c->gap;

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

  l->names_x = c->pad;
  l->names_w = MIN (names_w, c->width * 0.3);
  right = c->width - c->pad
          - vigil_chart_canvas_text_width (c, "100%", VIGIL_CHART_TEXT_NORMAL) / 2.0;
  l->plot.x = l->names_x + l->names_w + 2 * c->gap;
  l->plot.y = top;
  l->plot.w = MAX (right - l->plot.x, 1.0);
  l->plot.h = MAX (bottom - top, 1.0);
  l->row_h = l->plot.h / l->n_rows;
  l->bar_h = MIN (l->row_h * 0.7, 28.0 * c->s);

  tick_w = vigil_chart_canvas_text_width (c, "100%", VIGIL_CHART_TEXT_NORMAL);
  x_budget = CLAMP ((guint) (l->plot.w / (tick_w + 4 * c->gap)) + 1, 2, 11);
  vigil_chart_nice_ticks (0.0, MIN (MAX (max_share, threshold) * 1.1, 1.0), x_budget, &l->ticks);
}

void
vigil_chart_paint_concentration (cairo_t               *cr,
                                 const VigilDashboard  *data,
                                 const VigilChartStyle *style,
                                 double                 width,
                                 double                 height)
{
  VigilChartCanvas c;
  ConcLayout l;
  double x_max, threshold, tx;
  VigilChartLabelRow row = { -G_MAXDOUBLE };
  g_autofree char *threshold_label = NULL;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (style != NULL);

  vigil_chart_canvas_begin_paint (&c, cr, style, width, height);
  conc_layout (&c, data, &l);

  if (l.no_entities)
    {
      vigil_chart_canvas_draw_no_data (&c, _("This model’s decisions name no entity"));
      goto out;
    }
  if (l.empty)
    {
      vigil_chart_canvas_draw_no_data (&c, _("No decisions in this period"));
      goto out;
    }

  x_max = vigil_chart_ticks_last (&l.ticks);
  threshold = CLAMP (data->concentration_threshold, 0.0, 1.0);

  if (l.window != NULL)
    {
      g_autoptr(PangoLayout) window = vigil_chart_canvas_layout (&c, l.window,
                                                                 VIGIL_CHART_TEXT_BOLD);

      pango_layout_set_width (window, (int) ((c.width - 2 * c.pad) * PANGO_SCALE));
      pango_layout_set_ellipsize (window, PANGO_ELLIPSIZE_END);
      vigil_chart_set_color (cr, &style->foreground);
      cairo_move_to (cr, c.pad, l.window_y);
      pango_cairo_show_layout (cr, window);
    }

  for (guint i = 0; i < l.ticks.n; i++)
    {
      double v = l.ticks.first + i * l.ticks.step;
      double px = round (l.plot.x + v / x_max * l.plot.w) + 0.5;
      g_autofree char *label = vigil_chart_format_percent (v, l.ticks.step);

      cairo_move_to (cr, px, l.plot.y);
      cairo_line_to (cr, px, l.plot.y + l.plot.h);
      vigil_chart_set_color (cr, i == 0 ? &style->foreground : &style->grid);
      cairo_set_line_width (cr, 1.0);
      cairo_stroke (cr);
      vigil_chart_canvas_label_row_add (&c, &row, label, px, l.x_labels_y);
    }

  for (guint i = 0; i < l.n_rows; i++)
    {
      const VigilDashboardEntity *entity = &data->entities[i];
      double share = CLAMP (entity->share, 0.0, 1.0);
      double cy = l.plot.y + (i + 0.5) * l.row_h;
      double bw = share / x_max * l.plot.w;
      gboolean over = share > threshold;
      g_autoptr(PangoLayout) name = vigil_chart_canvas_layout (&c, entity->entity,
                                                               VIGIL_CHART_TEXT_NORMAL);
      int name_h;

      pango_layout_set_width (name, (int) (l.names_w * PANGO_SCALE));
      pango_layout_set_ellipsize (name, PANGO_ELLIPSIZE_END);
      pango_layout_set_alignment (name, PANGO_ALIGN_RIGHT);
      pango_layout_get_pixel_size (name, NULL, &name_h);
      vigil_chart_set_color (cr, &style->foreground);
      cairo_move_to (cr, l.names_x, round (cy - name_h / 2.0));
      pango_cairo_show_layout (cr, name);

      cairo_rectangle (cr, l.plot.x, cy - l.bar_h / 2.0, bw, l.bar_h);
      vigil_chart_set_color (cr, over ? &style->emphasis : &style->bar);
      cairo_fill_preserve (cr);
      if (over)
        {
          vigil_chart_set_color (cr, &style->foreground);
          cairo_set_line_width (cr, 1.5 * c.s);
          cairo_stroke (cr);
        }
      else
        cairo_new_path (cr);

    }

  tx = round (l.plot.x + threshold / x_max * l.plot.w) + 0.5;
  {
    double dash[] = { 5.0 * c.s, 3.0 * c.s };

    cairo_save (cr);
    cairo_set_dash (cr, dash, 2, 0);
    cairo_move_to (cr, tx, l.plot.y - c.gap);
    cairo_line_to (cr, tx, l.plot.y + l.plot.h);
    vigil_chart_set_color (cr, &style->foreground);
    cairo_set_line_width (cr, 1.5 * c.s);
    cairo_stroke (cr);
    cairo_restore (cr);
  }
  /* The values last, on a patch of background, so that the threshold line never runs
   * through them. */
  for (guint i = 0; i < l.n_rows; i++)
    {
      double share = CLAMP (data->entities[i].share, 0.0, 1.0);
      double cy = l.plot.y + (i + 0.5) * l.row_h;
      double bw = share / x_max * l.plot.w;
      VigilChartTextKind kind = share > threshold ? VIGIL_CHART_TEXT_BOLD : VIGIL_CHART_TEXT_NORMAL;
      g_autofree char *value = g_strdup_printf ("%.1f%%", 100.0 * share);
      double vw = vigil_chart_canvas_text_width (&c, value, kind);

      if (l.plot.x + bw + c.gap + vw <= c.width - c.pad / 2.0)
        {
          cairo_rectangle (cr, l.plot.x + bw + c.gap / 2.0, cy - c.line_h / 2.0,
                           vw + c.gap, c.line_h);
          vigil_chart_set_color (cr, &style->background);
          cairo_fill (cr);
          vigil_chart_canvas_draw_text (&c, value, kind, &style->foreground, l.plot.x + bw + c.gap,
                                        cy, 0.0, 0.5);
        }
      else
        vigil_chart_canvas_draw_text (&c, value, kind, &style->background, l.plot.x + bw - c.gap,
                                      cy, 1.0, 0.5);
    }

  threshold_label = g_strdup_printf (_("Threshold %.0f%%"), 100.0 * threshold);
  {
    double w = vigil_chart_canvas_text_width (&c, threshold_label, VIGIL_CHART_TEXT_NORMAL);
    double lx = CLAMP (tx - w / 2.0, c.pad / 2.0, c.width - c.pad / 2.0 - w);

    vigil_chart_canvas_draw_text (&c, threshold_label, VIGIL_CHART_TEXT_NORMAL, &style->foreground,
                                  lx, l.threshold_label_y, 0.0, 0.0);
  }

  if (l.show_titles)
    vigil_chart_canvas_draw_title (&c,
                                   l.window != NULL ? _("Share of the window’s decisions")
                                                    : _("Share of the decisions naming an entity"),
                                   &l.plot, l.x_title_y);

out:
  conc_layout_clear (&l);
  vigil_chart_canvas_finish (&c);
}

gboolean
vigil_chart_hit_concentration (const VigilDashboard  *data,
                               const VigilChartStyle *style,
                               double                 width,
                               double                 height,
                               double                 x,
                               double                 y,
                               VigilChartHit         *hit)
{
  VigilChartCanvas c;
  ConcLayout l;
  gboolean found = FALSE;

  g_return_val_if_fail (style != NULL, FALSE);
  if (!vigil_chart_canvas_begin_hit (&c, style, width, height, hit))
    return FALSE;

  conc_layout (&c, data, &l);

  if (!l.empty && !l.no_entities && x >= l.names_x && x < l.plot.x + l.plot.w
      && y >= l.plot.y && y < l.plot.y + l.plot.h)
    {
      guint i = MIN ((guint) ((y - l.plot.y) / l.row_h), l.n_rows - 1);
      const VigilDashboardEntity *entity = &data->entities[i];
      g_autofree char *count = vigil_summary_text_format_count (entity->count);
      g_autofree char *total = vigil_summary_text_format_count (data->entity_total);
      double threshold = CLAMP (data->concentration_threshold, 0.0, 1.0);

      if (data->peak_days.n_days > 0)
        {
          g_autofree char *days = vigil_period_describe_brief (&data->peak_days);

          /* Translators: a bar of the concentration chart: "UNH: 62.0% of the decisions of
           * 2 Dec (31 of 50)" */
          hit->text = g_strdup_printf (_("%s: %.1f%% of the decisions of %s (%s of %s)"),
                                       entity->entity, 100.0 * entity->share, days, count,
                                       total);
        }
      else
        hit->text = g_strdup_printf (_("%s: %.1f%% of the decisions that name an entity (%s of %s)"),
                                     entity->entity, 100.0 * entity->share, count, total);
      if (entity->share > threshold)
        {
          char *text = g_strdup_printf (_("%s\nAbove the %.0f%% concentration threshold"),
                                        hit->text, 100.0 * threshold);

          g_free (hit->text);
          hit->text = text;
        }
      hit->entity = g_strdup (entity->entity);
      hit->item = i;
      found = TRUE;
    }

  conc_layout_clear (&l);
  vigil_chart_canvas_finish (&c);
  return found;
}

/* One target an entity's row, its name included, from the largest share down. */
static GArray *
conc_targets (const VigilDashboard  *data,
              const VigilChartStyle *style,
              double                 width,
              double                 height)
{
  GArray *targets = g_array_new (FALSE, FALSE, sizeof (VigilChartRect));
  VigilChartCanvas c;
  ConcLayout l;

  vigil_chart_canvas_init (&c, NULL, style, width, height);
  conc_layout (&c, data, &l);
  for (guint i = 0; !l.empty && !l.no_entities && i < l.n_rows; i++)
    {
      VigilChartRect r = { l.names_x, l.plot.y + i * l.row_h,
                           l.plot.x + l.plot.w - l.names_x, l.row_h };

      g_array_append_val (targets, r);
    }
  conc_layout_clear (&l);
  vigil_chart_canvas_finish (&c);
  return targets;
}

static char *
describe (const VigilDashboard *data,
          const char           *title)
{
  guint over = 0;

  if (!data->has_entities)
    return g_strdup_printf ("%s, %s", title, _("This model’s decisions name no entity"));
  for (guint i = 0; i < data->n_entities; i++)
    over += data->entities[i].share > data->concentration_threshold ? 1 : 0;
  if (data->n_entities > 0 && data->peak_days.n_days > 0)
    {
      g_autofree char *window = peak_label (data);

      /* Translators: "Entity concentration, largest UNH at 62.0% in the window 2 Dec,
       * n = 50 (the highest share of the period), 1 of 5 entities above the 30%
       * threshold" */
      return g_strdup_printf (_("%s, largest %s at %.1f%% in the window %s (the highest "
                                "share of the period), %u of %u entities above the "
                                "%.0f%% threshold"),
                              title, data->entities[0].entity,
                              100.0 * data->entities[0].share, window, over,
                              data->n_entities, 100.0 * data->concentration_threshold);
    }
  if (data->n_entities > 0)
    return g_strdup_printf (_("%s, largest %s at %.1f%%, %u of %u entities above the %.0f%% threshold"),
                            title, data->entities[0].entity, 100.0 * data->entities[0].share,
                            over, data->n_entities, 100.0 * data->concentration_threshold);
  return g_strdup_printf ("%s, %s", title, _("No decisions in this period"));
}

const VigilChartDescriptor vigil_chart_concentration = {
  .id = "concentration",
  .title = N_("Entity concentration"),
  .heading = N_("Concentration"),
  .caption = N_("The five largest shares in the window where one entity’s share was highest, "
                "against the threshold the check applies to each window"),
  .needs = VIGIL_CHART_NEEDS_ENTITIES,
  .paint = vigil_chart_paint_concentration,
  .hit = vigil_chart_hit_concentration,
  .describe = describe,
  .targets = conc_targets,
};
