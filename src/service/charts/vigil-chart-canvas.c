/* vigil-chart-canvas.c: what every chart painter shares: text, legend, grid and axes
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

/* Where a test asks for the axis labels' boxes, on its own thread */
static GPrivate label_sink;

void
vigil_chart_canvas_init (VigilChartCanvas      *c,
                         cairo_t               *cr,
                         const VigilChartStyle *style,
                         double                 width,
                         double                 height)
{
  cairo_font_options_t *options;
  PangoLayout *layout;
  int h;

  memset (c, 0, sizeof *c);
  c->cr = cr;
  c->style = style;
  c->width = width;
  c->height = height;
  c->s = style->scale;
  c->pad = 8.0 * c->s;
  c->gap = 4.0 * c->s;
  c->labels = g_array_new (FALSE, FALSE, sizeof (VigilChartRect));

  c->pango = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  pango_cairo_context_set_resolution (c->pango, 96.0);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (c->pango, options);
  cairo_font_options_destroy (options);

  c->font = pango_font_description_copy (style->font);
  pango_font_description_set_size (c->font,
                                   (int) (pango_font_description_get_size (style->font) * c->s));
  c->bold = pango_font_description_copy (c->font);
  pango_font_description_set_weight (c->bold, PANGO_WEIGHT_BOLD);

  layout = pango_layout_new (c->pango);
  pango_layout_set_font_description (layout, c->font);
  pango_layout_set_text (layout, "0%Ag", -1);
  pango_layout_get_pixel_size (layout, NULL, &h);
  c->line_h = h;
  g_object_unref (layout);
}

void
vigil_chart_canvas_clear (VigilChartCanvas *c)
{
  g_clear_object (&c->pango);
  g_clear_pointer (&c->font, pango_font_description_free);
  g_clear_pointer (&c->bold, pango_font_description_free);
  g_clear_pointer (&c->labels, g_array_unref);
}

PangoLayout *
vigil_chart_canvas_layout (VigilChartCanvas   *c,
                           const char         *text,
                           VigilChartTextKind  kind)
{
  PangoLayout *layout = pango_layout_new (c->pango);

  pango_layout_set_font_description (layout, kind == VIGIL_CHART_TEXT_BOLD ? c->bold : c->font);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

double
vigil_chart_canvas_text_width (VigilChartCanvas   *c,
                               const char         *text,
                               VigilChartTextKind  kind)
{
  g_autoptr(PangoLayout) layout = vigil_chart_canvas_layout (c, text, kind);
  int w;

  pango_layout_get_pixel_size (layout, &w, NULL);
  return w;
}

void
vigil_chart_set_color (cairo_t               *cr,
                       const VigilChartColor *color)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
}

/* Draws @text with its box's point (xalign, yalign) at (x, y); returns its width. */
double
vigil_chart_canvas_draw_text (VigilChartCanvas      *c,
                              const char            *text,
                              VigilChartTextKind     kind,
                              const VigilChartColor *color,
                              double                 x,
                              double                 y,
                              double                 xalign,
                              double                 yalign)
{
  g_autoptr(PangoLayout) layout = vigil_chart_canvas_layout (c, text, kind);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  if (c->cr != NULL)
    {
      cairo_save (c->cr);
      vigil_chart_set_color (c->cr, color);
      cairo_move_to (c->cr, round (x - w * xalign), round (y - h * yalign));
      pango_cairo_show_layout (c->cr, layout);
      cairo_restore (c->cr);
    }
  return w;
}

/* Clips to the chart's rectangle and paints its background. */
void
vigil_chart_canvas_begin (VigilChartCanvas *c)
{
  if (c->cr == NULL)
    return;
  cairo_save (c->cr);
  cairo_rectangle (c->cr, 0, 0, c->width, c->height);
  cairo_clip (c->cr);
  vigil_chart_set_color (c->cr, &c->style->background);
  cairo_paint (c->cr);
}

void
vigil_chart_canvas_end (VigilChartCanvas *c)
{
  if (c->cr != NULL)
    cairo_restore (c->cr);
}

/* The prologue of every painter: the canvas on @cr, clipped, its background painted. */
void
vigil_chart_canvas_begin_paint (VigilChartCanvas      *c,
                                cairo_t               *cr,
                                const VigilChartStyle *style,
                                double                 width,
                                double                 height)
{
  vigil_chart_canvas_init (c, cr, style, width, height);
  vigil_chart_canvas_begin (c);
}

/* The prologue of every hit test: @hit emptied, the canvas measuring without drawing.
 * FALSE, and nothing to finish, when @hit is NULL. */
gboolean
vigil_chart_canvas_begin_hit (VigilChartCanvas      *c,
                              const VigilChartStyle *style,
                              double                 width,
                              double                 height,
                              VigilChartHit         *hit)
{
  if (!vigil_chart_hit_init (hit))
    return FALSE;
  vigil_chart_canvas_init (c, NULL, style, width, height);
  return TRUE;
}

void
vigil_chart_canvas_finish (VigilChartCanvas *c)
{
  GArray *sink = g_private_get (&label_sink);

  if (sink != NULL && c->cr != NULL)
    g_array_append_vals (sink, c->labels->data, c->labels->len);
  vigil_chart_canvas_end (c);
  vigil_chart_canvas_clear (c);
}

/* A note in the middle of @area, wrapped to its width: the chart has nothing to draw. */
void
vigil_chart_canvas_draw_note (VigilChartCanvas     *c,
                              const VigilChartRect *area,
                              const char           *text)
{
  g_autoptr(PangoLayout) layout = NULL;
  int h;

  if (c->cr == NULL)
    return;
  layout = vigil_chart_canvas_layout (c, text, VIGIL_CHART_TEXT_BOLD);
  pango_layout_set_width (layout, (int) (MAX (area->w - 2 * c->pad, 40.0) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_get_pixel_size (layout, NULL, &h);

  /* The layout is as wide as the area less its padding, and centres its lines in it. */
  cairo_save (c->cr);
  vigil_chart_set_color (c->cr, &c->style->muted);
  cairo_move_to (c->cr, round (area->x + c->pad), round (area->y + (area->h - h) / 2.0));
  pango_cairo_show_layout (c->cr, layout);
  cairo_restore (c->cr);
}

static void
marker_path (cairo_t       *cr,
             VigilSeverity  severity,
             double         x,
             double         y,
             double         r)
{
  switch (severity)
    {
    case VIGIL_SEVERITY_HIGH:
      r *= 1.3;
      cairo_move_to (cr, x, y - r);
      cairo_line_to (cr, x + r * 0.95, y + r * 0.7);
      cairo_line_to (cr, x - r * 0.95, y + r * 0.7);
      cairo_close_path (cr);
      break;
    case VIGIL_SEVERITY_MEDIUM:
      r *= 1.25;
      cairo_move_to (cr, x, y - r);
      cairo_line_to (cr, x + r, y);
      cairo_line_to (cr, x, y + r);
      cairo_line_to (cr, x - r, y);
      cairo_close_path (cr);
      break;
    case VIGIL_SEVERITY_LOW:
    default:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      break;
    }
}

void
vigil_chart_canvas_draw_marker (VigilChartCanvas *c,
                                VigilSeverity     severity,
                                gboolean          hollow,
                                double            x,
                                double            y,
                                double            r)
{
  cairo_t *cr = c->cr;
  const VigilChartColor *color = &c->style->severity[severity];

  marker_path (cr, severity, x, y, r);
  if (hollow)
    {
      vigil_chart_set_color (cr, &c->style->background);
      cairo_fill_preserve (cr);
      vigil_chart_set_color (cr, color);
      cairo_set_line_width (cr, 2.0 * c->s);
      cairo_stroke (cr);
    }
  else
    {
      vigil_chart_set_color (cr, color);
      cairo_fill_preserve (cr);
      vigil_chart_set_color (cr, &c->style->foreground);
      cairo_set_line_width (cr, 0.75 * c->s);
      cairo_stroke (cr);
    }
}

/* The downward triangle that marks a day with a distribution alert. */
void
vigil_chart_canvas_draw_alert_mark (VigilChartCanvas *c,
                                    double            x,
                                    double            y,
                                    double            r)
{
  cairo_move_to (c->cr, x - r, y - r);
  cairo_line_to (c->cr, x + r, y - r);
  cairo_line_to (c->cr, x, y + r * 0.8);
  cairo_close_path (c->cr);
  vigil_chart_set_color (c->cr, &c->style->foreground);
  cairo_fill (c->cr);
}

void
vigil_chart_legend_item_clear (VigilChartLegendItem *item)
{
  g_clear_pointer (&item->label, g_free);
}

/* Lays out the legend in rows across (x, y, max_w), drawing it when the canvas draws;
 * returns its height. */
double
vigil_chart_canvas_legend (VigilChartCanvas     *c,
                           VigilChartLegendItem *items,
                           guint                 n_items,
                           double                x,
                           double                y,
                           double                max_w)
{
  double swatch = 12.0 * c->s;
  double row_h = MAX (c->line_h, swatch);
  double cx = x;
  double cy = y;

  if (n_items == 0)
    return 0;

  for (guint i = 0; i < n_items; i++)
    {
      VigilChartLegendItem *item = &items[i];
      double tw = vigil_chart_canvas_text_width (c, item->label, VIGIL_CHART_TEXT_NORMAL);
      double item_w = swatch + c->gap + tw;

      if (cx > x && cx + item_w > x + max_w)
        {
          cx = x;
          cy += row_h + c->gap;
        }

      if (c->cr != NULL)
        {
          cairo_t *cr = c->cr;
          double mx = cx + swatch / 2.0;
          double my = cy + row_h / 2.0;

          cairo_save (cr);
          switch (item->kind)
            {
            case VIGIL_CHART_SWATCH_BOX:
              cairo_rectangle (cr, cx, my - swatch / 2.0, swatch, swatch);
              vigil_chart_set_color (cr, &item->color);
              cairo_fill (cr);
              break;
            case VIGIL_CHART_SWATCH_OUTLINE:
              cairo_rectangle (cr, cx + 1 * c->s, my - swatch / 2.0 + 1 * c->s, swatch - 2 * c->s,
                               swatch - 2 * c->s);
              vigil_chart_set_color (cr, &item->color);
              cairo_set_line_width (cr, 2.0 * c->s);
              cairo_stroke (cr);
              break;
            case VIGIL_CHART_SWATCH_LINE:
            case VIGIL_CHART_SWATCH_DASHED:
              if (item->kind == VIGIL_CHART_SWATCH_DASHED)
                {
                  double dash[] = { 4.0 * c->s, 2.0 * c->s };

                  cairo_set_dash (cr, dash, 2, 0);
                }
              cairo_move_to (cr, cx, my);
              cairo_line_to (cr, cx + swatch, my);
              vigil_chart_set_color (cr, &item->color);
              cairo_set_line_width (cr, 2.0 * c->s);
              cairo_stroke (cr);
              break;
            case VIGIL_CHART_SWATCH_MARKER:
            case VIGIL_CHART_SWATCH_HOLLOW_MARKER:
              vigil_chart_canvas_draw_marker (c, item->severity,
                                              item->kind == VIGIL_CHART_SWATCH_HOLLOW_MARKER, mx,
                                              my, 4.0 * c->s);
              break;
            case VIGIL_CHART_SWATCH_ALERT:
              vigil_chart_canvas_draw_alert_mark (c, mx, my, 4.5 * c->s);
              break;
            default:
              g_assert_not_reached ();
            }
          cairo_restore (cr);
        }
      vigil_chart_canvas_draw_text (c, item->label, VIGIL_CHART_TEXT_NORMAL, &c->style->foreground,
                                    cx + swatch + c->gap, cy + row_h / 2.0, 0.0, 0.5);
      cx += item_w + 3 * c->gap;
    }

  return cy + row_h - y;
}

/* A share as a percentage with as many decimals as the tick step needs: 2.5 % steps are
 * not rounded to 2 % and 8 %. */
char *
vigil_chart_format_percent (double share,
                            double step)
{
  double pct_step = step * 100.0;
  int decimals = 0;

  while (decimals < 3 && fabs (pct_step - round (pct_step)) > 1e-6)
    {
      pct_step *= 10.0;
      decimals++;
    }
  return g_strdup_printf ("%.*f%%", decimals, share * 100.0);
}

/* An axis title centred under the plot, moved in (never cut) when the chart is narrow. */
void
vigil_chart_canvas_draw_title (VigilChartCanvas     *c,
                               const char           *text,
                               const VigilChartRect *plot,
                               double                y)
{
  double w = vigil_chart_canvas_text_width (c, text, VIGIL_CHART_TEXT_NORMAL);
  double x = plot->x + plot->w / 2.0 - w / 2.0;

  x = MAX (MIN (x, c->width - c->pad / 2.0 - w), c->pad / 2.0);
  vigil_chart_canvas_draw_text (c, text, VIGIL_CHART_TEXT_NORMAL, &c->style->muted, x, y, 0.0, 0.0);
}

/* Horizontal grid lines and their labels, in percent, at the plot's left. */
void
vigil_chart_canvas_draw_y_grid (VigilChartCanvas      *c,
                                const VigilChartRect  *plot,
                                const VigilChartTicks *ticks)
{
  double lo = ticks->first;
  double hi = vigil_chart_ticks_last (ticks);

  if (c->cr == NULL)
    return;

  for (guint i = 0; i < ticks->n; i++)
    {
      double v = ticks->first + i * ticks->step;
      double py = round (plot->y + plot->h - (v - lo) / (hi - lo) * plot->h) + 0.5;
      g_autofree char *label = vigil_chart_format_percent (v, ticks->step);
      VigilChartRect box;
      double w;

      cairo_save (c->cr);
      vigil_chart_set_color (c->cr, i == 0 ? &c->style->foreground : &c->style->grid);
      cairo_set_line_width (c->cr, 1.0);
      cairo_move_to (c->cr, plot->x, py);
      cairo_line_to (c->cr, plot->x + plot->w, py);
      cairo_stroke (c->cr);
      cairo_restore (c->cr);

      w = vigil_chart_canvas_draw_text (c, label, VIGIL_CHART_TEXT_NORMAL, &c->style->foreground,
                                        plot->x - c->gap, py, 1.0, 0.5);
      box = (VigilChartRect) { round (plot->x - c->gap - w), round (py - c->line_h / 2.0), w,
                               c->line_h };
      g_array_append_val (c->labels, box);
    }
}

guint
vigil_chart_canvas_y_tick_budget (VigilChartCanvas *c,
                                  double            plot_h)
{
  return CLAMP ((guint) (plot_h / (c->line_h * 1.8)) + 1, 2, 11);
}

void
vigil_chart_canvas_label_row_add (VigilChartCanvas   *c,
                                  VigilChartLabelRow *row,
                                  const char         *text,
                                  double              x,
                                  double              y)
{
  double w = vigil_chart_canvas_text_width (c, text, VIGIL_CHART_TEXT_NORMAL);
  double left = CLAMP (x - w / 2.0, c->pad / 2.0, c->width - c->pad / 2.0 - w);
  VigilChartRect box;

  /* A label that would run into one of the y axis's (the first day under "0%") moves right
   * of it, as long as it still spans its tick; else it is left out. */
  for (guint i = 0; i < c->labels->len; i++)
    {
      const VigilChartRect *other = &g_array_index (c->labels, VigilChartRect, i);

      if (left < other->x + other->w + c->gap && left + w > other->x - c->gap
          && y < other->y + other->h && y + c->line_h > other->y)
        {
          left = other->x + other->w + c->gap;
          if (left > x || left + w > c->width - c->pad / 2.0)
            return;
        }
    }
  if (left < row->right + 2 * c->gap)
    return;
  vigil_chart_canvas_draw_text (c, text, VIGIL_CHART_TEXT_NORMAL, &c->style->foreground, left, y,
                                0.0, 0.0);
  row->right = left + w;
  box = (VigilChartRect) { left, y, w, c->line_h };
  g_array_append_val (c->labels, box);
}

/**
 * vigil_chart_canvas_collect_labels:
 * @sink: (nullable): a #GArray of #VigilChartRect, or %NULL to stop
 *
 * For tests: until called again with %NULL, every chart painted on this thread appends the
 * boxes of its axis labels to @sink, so that a test can see that none overlaps another.
 */
void
vigil_chart_canvas_collect_labels (GArray *sink)
{
  g_private_set (&label_sink, sink);
}

void
vigil_chart_copy_day (char        out[11],
                      const char *text)
{
  memset (out, 0, 11);
  if (text != NULL)
    g_strlcpy (out, text, 11);
}

/**
 * vigil_chart_day_bar_at:
 * @plot: a panel's plot, @n_bars day bars of @slot width side by side across it
 * @band: the height above the plot that belongs to the bars (their alert markers'), or 0
 * @out_bar: (out): the bar under the point
 *
 * Returns: whether (@x, @y) falls on one of the plot's bars
 */
gboolean
vigil_chart_day_bar_at (const VigilChartRect *plot,
                        double                slot,
                        guint                 n_bars,
                        double                band,
                        double                x,
                        double                y,
                        guint                *out_bar)
{
  if (n_bars == 0 || x < plot->x || x >= plot->x + plot->w || y < plot->y - band ||
      y > plot->y + plot->h)
    return FALSE;
  *out_bar = MIN ((guint) ((x - plot->x) / slot), n_bars - 1);
  return TRUE;
}

/* Names in @hit the model and the days of a bar: @n_days of @data's days from @first_day */
void
vigil_chart_hit_set_days (VigilChartHit        *hit,
                          const VigilDashboard *data,
                          const char           *model,
                          guint                 first_day,
                          guint                 n_days)
{
  hit->model = g_strdup (model);
  vigil_chart_copy_day (hit->day, data->days[first_day].day);
  vigil_chart_copy_day (hit->last_day, data->days[first_day + n_days - 1].day);
  hit->item = first_day;
}

/* Adds to @targets one rectangle a day bar of @plot, the @band above it included */
void
vigil_chart_add_day_bar_targets (GArray               *targets,
                                 const VigilChartRect *plot,
                                 double                slot,
                                 guint                 n_bars,
                                 double                band)
{
  for (guint b = 0; b < n_bars; b++)
    {
      VigilChartRect r = { plot->x + b * slot, plot->y - band, slot, plot->h + band };

      g_array_append_val (targets, r);
    }
}

gboolean
vigil_chart_canvas_draw_no_data (VigilChartCanvas *c,
                                 const char       *note)
{
  VigilChartRect all = { 0, 0, c->width, c->height };

  vigil_chart_canvas_draw_note (c, &all, note);
  return FALSE;
}

gboolean
vigil_chart_hit_init (VigilChartHit *hit)
{
  if (hit == NULL)
    return FALSE;
  memset (hit, 0, sizeof *hit);
  hit->item = -1;
  return TRUE;
}
