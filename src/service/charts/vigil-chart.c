/* vigil-chart.c: the dashboard's four charts, painted with cairo for screen and report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-chart"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "vigil-chart.h"
#include "vigil-summary-text.h"
#include "vigil-timestamp.h"

#define USEC_PER_DAY G_GINT64_CONSTANT (86400000000)

typedef struct
{
  double x;
  double y;
  double w;
  double h;
} Rect;

typedef enum
{
  TEXT_NORMAL,
  TEXT_BOLD,
} TextKind;

/* Where a chart is laid out, and drawn when cr is set. Hit tests lay out without drawing,
 * with the same text measurements, so that they find what the painter drew. */
typedef struct
{
  cairo_t               *cr;
  PangoContext          *pango;
  PangoFontDescription  *font;
  PangoFontDescription  *bold;
  const VigilChartStyle *style;
  double                 width;
  double                 height;
  double                 s;       /* scale */
  double                 pad;
  double                 gap;
  double                 line_h;  /* the height of a line of text */
} Canvas;

typedef enum
{
  SWATCH_BOX,
  SWATCH_OUTLINE,
  SWATCH_LINE,
  SWATCH_DASHED,
  SWATCH_MARKER,
  SWATCH_HOLLOW_MARKER,
  SWATCH_ALERT,
} SwatchKind;

typedef struct
{
  SwatchKind       kind;
  VigilChartColor  color;
  VigilSeverity    severity;
  char            *label;
} LegendItem;

/* Canvas */

static void
canvas_init (Canvas                *c,
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

static void
canvas_clear (Canvas *c)
{
  g_clear_object (&c->pango);
  g_clear_pointer (&c->font, pango_font_description_free);
  g_clear_pointer (&c->bold, pango_font_description_free);
}

static PangoLayout *
canvas_layout (Canvas     *c,
               const char *text,
               TextKind    kind)
{
  PangoLayout *layout = pango_layout_new (c->pango);

  pango_layout_set_font_description (layout, kind == TEXT_BOLD ? c->bold : c->font);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static double
text_width (Canvas     *c,
            const char *text,
            TextKind    kind)
{
  g_autoptr(PangoLayout) layout = canvas_layout (c, text, kind);
  int w;

  pango_layout_get_pixel_size (layout, &w, NULL);
  return w;
}

static void
set_color (cairo_t               *cr,
           const VigilChartColor *color)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
}

/* Draws @text with its box's point (xalign, yalign) at (x, y); returns its width. */
static double
draw_text (Canvas                *c,
           const char            *text,
           TextKind               kind,
           const VigilChartColor *color,
           double                 x,
           double                 y,
           double                 xalign,
           double                 yalign)
{
  g_autoptr(PangoLayout) layout = canvas_layout (c, text, kind);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  if (c->cr != NULL)
    {
      cairo_save (c->cr);
      set_color (c->cr, color);
      cairo_move_to (c->cr, round (x - w * xalign), round (y - h * yalign));
      pango_cairo_show_layout (c->cr, layout);
      cairo_restore (c->cr);
    }
  return w;
}

/* Clips to the chart's rectangle and paints its background. */
static void
canvas_begin (Canvas *c)
{
  if (c->cr == NULL)
    return;
  cairo_save (c->cr);
  cairo_rectangle (c->cr, 0, 0, c->width, c->height);
  cairo_clip (c->cr);
  set_color (c->cr, &c->style->background);
  cairo_paint (c->cr);
}

static void
canvas_end (Canvas *c)
{
  if (c->cr != NULL)
    cairo_restore (c->cr);
}

/* A note in the middle of @area, wrapped to its width: the chart has nothing to draw. */
static void
draw_note (Canvas     *c,
           const Rect *area,
           const char *text)
{
  g_autoptr(PangoLayout) layout = NULL;
  int h;

  if (c->cr == NULL)
    return;
  layout = canvas_layout (c, text, TEXT_BOLD);
  pango_layout_set_width (layout, (int) (MAX (area->w - 2 * c->pad, 40.0) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_get_pixel_size (layout, NULL, &h);

  /* The layout is as wide as the area less its padding, and centres its lines in it. */
  cairo_save (c->cr);
  set_color (c->cr, &c->style->muted);
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

static void
draw_marker (Canvas        *c,
             VigilSeverity  severity,
             gboolean       hollow,
             double         x,
             double         y,
             double         r)
{
  cairo_t *cr = c->cr;
  const VigilChartColor *color = &c->style->severity[severity];

  marker_path (cr, severity, x, y, r);
  if (hollow)
    {
      set_color (cr, &c->style->background);
      cairo_fill_preserve (cr);
      set_color (cr, color);
      cairo_set_line_width (cr, 2.0 * c->s);
      cairo_stroke (cr);
    }
  else
    {
      set_color (cr, color);
      cairo_fill_preserve (cr);
      set_color (cr, &c->style->foreground);
      cairo_set_line_width (cr, 0.75 * c->s);
      cairo_stroke (cr);
    }
}

/* The downward triangle that marks a day with a distribution alert. */
static void
draw_alert_mark (Canvas *c,
                 double  x,
                 double  y,
                 double  r)
{
  cairo_move_to (c->cr, x - r, y - r);
  cairo_line_to (c->cr, x + r, y - r);
  cairo_line_to (c->cr, x, y + r * 0.8);
  cairo_close_path (c->cr);
  set_color (c->cr, &c->style->foreground);
  cairo_fill (c->cr);
}

static void
legend_item_clear (LegendItem *item)
{
  g_clear_pointer (&item->label, g_free);
}

/* Lays out the legend in rows across (x, y, max_w), drawing it when the canvas draws;
 * returns its height. */
static double
legend (Canvas     *c,
        LegendItem *items,
        guint       n_items,
        double      x,
        double      y,
        double      max_w)
{
  double swatch = 12.0 * c->s;
  double row_h = MAX (c->line_h, swatch);
  double cx = x;
  double cy = y;

  if (n_items == 0)
    return 0;

  for (guint i = 0; i < n_items; i++)
    {
      LegendItem *item = &items[i];
      double tw = text_width (c, item->label, TEXT_NORMAL);
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
            case SWATCH_BOX:
              cairo_rectangle (cr, cx, my - swatch / 2.0, swatch, swatch);
              set_color (cr, &item->color);
              cairo_fill (cr);
              break;
            case SWATCH_OUTLINE:
              cairo_rectangle (cr, cx + 1 * c->s, my - swatch / 2.0 + 1 * c->s,
                               swatch - 2 * c->s, swatch - 2 * c->s);
              set_color (cr, &item->color);
              cairo_set_line_width (cr, 2.0 * c->s);
              cairo_stroke (cr);
              break;
            case SWATCH_LINE:
            case SWATCH_DASHED:
              if (item->kind == SWATCH_DASHED)
                {
                  double dash[] = { 4.0 * c->s, 2.0 * c->s };

                  cairo_set_dash (cr, dash, 2, 0);
                }
              cairo_move_to (cr, cx, my);
              cairo_line_to (cr, cx + swatch, my);
              set_color (cr, &item->color);
              cairo_set_line_width (cr, 2.0 * c->s);
              cairo_stroke (cr);
              break;
            case SWATCH_MARKER:
            case SWATCH_HOLLOW_MARKER:
              draw_marker (c, item->severity, item->kind == SWATCH_HOLLOW_MARKER, mx, my,
                           4.0 * c->s);
              break;
            case SWATCH_ALERT:
              draw_alert_mark (c, mx, my, 4.5 * c->s);
              break;
            default:
              g_assert_not_reached ();
            }
          cairo_restore (cr);
        }
      draw_text (c, item->label, TEXT_NORMAL, &c->style->foreground,
                 cx + swatch + c->gap, cy + row_h / 2.0, 0.0, 0.5);
      cx += item_w + 3 * c->gap;
    }

  return cy + row_h - y;
}

/* A share as a percentage with as many decimals as the tick step needs: 2.5 % steps are
 * not rounded to 2 % and 8 %. */
static char *
format_percent (double share,
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
static void
draw_title (Canvas     *c,
            const char *text,
            const Rect *plot,
            double      y)
{
  double w = text_width (c, text, TEXT_NORMAL);
  double x = plot->x + plot->w / 2.0 - w / 2.0;

  x = MAX (MIN (x, c->width - c->pad / 2.0 - w), c->pad / 2.0);
  draw_text (c, text, TEXT_NORMAL, &c->style->muted, x, y, 0.0, 0.0);
}

/* Horizontal grid lines and their labels, in percent, at the plot's left. */
static void
draw_y_grid (Canvas                *c,
             const Rect            *plot,
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
      g_autofree char *label = format_percent (v, ticks->step);

      cairo_save (c->cr);
      set_color (c->cr, i == 0 ? &c->style->foreground : &c->style->grid);
      cairo_set_line_width (c->cr, 1.0);
      cairo_move_to (c->cr, plot->x, py);
      cairo_line_to (c->cr, plot->x + plot->w, py);
      cairo_stroke (c->cr);
      cairo_restore (c->cr);

      draw_text (c, label, TEXT_NORMAL, &c->style->foreground, plot->x - c->gap, py, 1.0, 0.5);
    }
}

static guint
y_tick_budget (Canvas *c,
               double  plot_h)
{
  return CLAMP ((guint) (plot_h / (c->line_h * 1.8)) + 1, 2, 11);
}

/* Places labels along the x axis, skipping any that would overlap the one before or leave
 * the chart. */
typedef struct
{
  double right;
} LabelRow;

static void
label_row_add (Canvas     *c,
               LabelRow   *row,
               const char *text,
               double      x,
               double      y)
{
  double w = text_width (c, text, TEXT_NORMAL);
  double left = CLAMP (x - w / 2.0, c->pad / 2.0, c->width - c->pad / 2.0 - w);

  if (left < row->right + 2 * c->gap)
    return;
  draw_text (c, text, TEXT_NORMAL, &c->style->foreground, left, y, 0.0, 0.0);
  row->right = left + w;
}

static void
copy_day (char        out[11],
          const char *text)
{
  memset (out, 0, 11);
  if (text != NULL)
    g_strlcpy (out, text, 11);
}

static gboolean
no_data_fallback (Canvas     *c,
                  const char *note)
{
  Rect all = { 0, 0, c->width, c->height };

  draw_note (c, &all, note);
  return FALSE;
}

static gboolean
hit_init (VigilChartHit *hit)
{
  if (hit == NULL)
    return FALSE;
  memset (hit, 0, sizeof *hit);
  hit->item = -1;
  return TRUE;
}

/**
 * vigil_chart_hit_clear:
 *
 * Frees what a hit test put in @hit and empties it.
 */
void
vigil_chart_hit_clear (VigilChartHit *hit)
{
  if (hit == NULL)
    return;
  g_free (hit->text);
  g_free (hit->entity);
  memset (hit, 0, sizeof *hit);
  hit->item = -1;
}

/* Distribution */

typedef struct
{
  guint    first_day;
  guint    n_days;
  gint64   total;
  guint    alert_days;
} DistBar;

typedef struct
{
  gboolean         empty;
  Rect             plot;          /* 0 % at the bottom, 100 % at the top */
  double           mark_band;     /* above the plot, for the alert markers */
  double           slot;
  double           bar_w;
  guint            days_per_bar;
  guint            n_bars;
  DistBar         *bars;
  gint64          *counts;        /* n_bars x n_predictions */
  VigilChartColor *colors;
  LegendItem      *legend;
  guint            n_legend;
  double           legend_y;
  double           y_title_y;
  double           x_labels_y;
  double           x_title_y;
  gboolean         show_titles;
  VigilChartTicks  ticks;
} DistLayout;

static void
dist_layout_clear (DistLayout *l)
{
  for (guint i = 0; i < l->n_legend; i++)
    legend_item_clear (&l->legend[i]);
  g_free (l->legend);
  g_free (l->bars);
  g_free (l->counts);
  g_free (l->colors);
}

static void
dist_layout (Canvas               *c,
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
  l->legend = g_new0 (LegendItem, MAX (l->n_legend, 1));
  for (guint p = 0; p < np; p++)
    {
      l->legend[p].kind = SWATCH_BOX;
      l->legend[p].color = l->colors[p];
      l->legend[p].label = g_strdup (data->predictions[p]);
    }
  if (alert_days > 0)
    {
      l->legend[np].kind = SWATCH_ALERT;
      l->legend[np].label = g_strdup (_("Distribution alert"));
    }

  l->show_titles = c->height >= 180.0 * c->s;
  l->legend_y = c->pad;
  legend_h = legend (c, l->legend, l->n_legend, c->pad, l->legend_y, c->width - 2 * c->pad);
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

  y_label_w = text_width (c, "100%", TEXT_NORMAL);
  left = c->pad + y_label_w + c->gap;
  right = c->width - c->pad;
  l->plot = (Rect) { left, top, MAX (right - left, 1.0), MAX (bottom - top, 1.0) };

  vigil_chart_nice_ticks (0.0, 1.0, MIN (y_tick_budget (c, l->plot.h), 5), &l->ticks);

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
  Canvas c;
  DistLayout l;
  guint np;
  double label_w;
  guint stride;
  LabelRow row = { -G_MAXDOUBLE };

  g_return_if_fail (cr != NULL);
  g_return_if_fail (style != NULL);

  canvas_init (&c, cr, style, width, height);
  canvas_begin (&c);
  dist_layout (&c, data, &l);

  if (l.empty)
    {
      no_data_fallback (&c, _("No decisions in this period"));
      goto out;
    }

  np = data->n_predictions;
  if (l.show_titles)
    draw_text (&c, _("Share of the day's decisions"), TEXT_NORMAL, &style->muted,
               c.pad, l.y_title_y, 0.0, 0.0);
  draw_y_grid (&c, &l.plot, &l.ticks);

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
          set_color (cr, &l.colors[p]);
          cairo_fill (cr);
          /* A hairline of background between segments, so that they read apart without
           * relying on colour. */
          if (l.bar_w >= 4.0 && sum < bar->total && seg_bottom - seg_top > 3.0)
            {
              cairo_rectangle (cr, bx, seg_top - 0.5 * c.s, l.bar_w, 1.0 * c.s);
              set_color (cr, &style->background);
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
              set_color (cr, &style->foreground);
              cairo_set_line_width (cr, 1.5 * c.s);
              cairo_stroke (cr);
            }
          draw_alert_mark (&c, mx, l.plot.y - l.mark_band / 2.0 - 1.0 * c.s,
                           MIN (4.5 * c.s, MAX (l.slot / 2.0, 2.5 * c.s)));
        }
    }

  label_w = text_width (&c, "0000-00-00", TEXT_NORMAL) + 3 * c.gap;
  stride = vigil_chart_label_stride (l.n_bars, l.slot, label_w);
  for (guint b = 0; b < l.n_bars; b += stride)
    {
      double cx = l.plot.x + (b + 0.5) * l.slot;

      cairo_move_to (cr, round (cx) + 0.5, l.plot.y + l.plot.h);
      cairo_line_to (cr, round (cx) + 0.5, l.plot.y + l.plot.h + c.gap / 2.0);
      set_color (cr, &style->foreground);
      cairo_set_line_width (cr, 1.0);
      cairo_stroke (cr);
      label_row_add (&c, &row, data->days[l.bars[b].first_day].day, cx, l.x_labels_y);
    }

  if (l.show_titles)
    {
      g_autofree char *title = NULL;

      if (l.days_per_bar == 1)
        title = g_strdup (_("Day (UTC)"));
      else
        title = g_strdup_printf (_("Day (UTC), one bar per %u days"), l.days_per_bar);
      draw_title (&c, title, &l.plot, l.x_title_y);
    }

out:
  dist_layout_clear (&l);
  canvas_end (&c);
  canvas_clear (&c);
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
  Canvas c;
  DistLayout l;
  gboolean found = FALSE;

  g_return_val_if_fail (style != NULL, FALSE);
  if (!hit_init (hit))
    return FALSE;

  canvas_init (&c, NULL, style, width, height);
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
      copy_day (hit->day, first);
      copy_day (hit->last_day, last);
      hit->item = bar->first_day;
      found = TRUE;
    }

  dist_layout_clear (&l);
  canvas_clear (&c);
  return found;
}

/* Confidence */

typedef struct
{
  gboolean        empty;
  Rect            plot;
  LegendItem      legend[2];
  double          y_title_y;
  double          x_labels_y;
  double          x_title_y;
  gboolean        show_titles;
  VigilChartTicks x_ticks;
  VigilChartTicks y_ticks;
  double          recent[VIGIL_DASHBOARD_CONFIDENCE_BINS];
  double          baseline[VIGIL_DASHBOARD_CONFIDENCE_BINS];
  gint64          recent_total;
  gint64          baseline_total;
} ConfLayout;

static void
conf_layout_clear (ConfLayout *l)
{
  for (guint i = 0; i < G_N_ELEMENTS (l->legend); i++)
    legend_item_clear (&l->legend[i]);
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
conf_layout (Canvas               *c,
             const VigilDashboard *data,
             ConfLayout           *l)
{
  double max_share = 0.0;
  double top, bottom, left, right, legend_h;
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
  l->legend[0].kind = SWATCH_BOX;
  l->legend[0].color = c->style->recent;
  l->legend[1].kind = SWATCH_LINE;
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
  legend_h = legend (c, l->legend, 2, c->pad, c->pad, c->width - 2 * c->pad);
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

  left = c->pad + text_width (c, "100%", TEXT_NORMAL) + c->gap;
  right = c->width - c->pad - text_width (c, "1.0", TEXT_NORMAL) / 2.0;
  l->plot = (Rect) { left, top, MAX (right - left, 1.0), MAX (bottom - top, 1.0) };

  vigil_chart_nice_ticks (0.0, MAX (max_share, 0.01), y_tick_budget (c, l->plot.h), &l->y_ticks);
  x_budget = CLAMP ((guint) (l->plot.w / (text_width (c, "0.00", TEXT_NORMAL) + 4 * c->gap)) + 1,
                    2, 11);
  vigil_chart_nice_ticks (0.0, 1.0, x_budget, &l->x_ticks);
}

void
vigil_chart_paint_confidence (cairo_t               *cr,
                              const VigilDashboard  *data,
                              const VigilChartStyle *style,
                              double                 width,
                              double                 height)
{
  Canvas c;
  ConfLayout l;
  double bin_w, y_max, base;
  LabelRow row = { -G_MAXDOUBLE };

  g_return_if_fail (cr != NULL);
  g_return_if_fail (style != NULL);

  canvas_init (&c, cr, style, width, height);
  canvas_begin (&c);
  conf_layout (&c, data, &l);

  if (l.empty)
    {
      no_data_fallback (&c, _("No decisions with a confidence in this period"));
      goto out;
    }

  if (l.show_titles)
    draw_text (&c, _("Share of the window's decisions"), TEXT_NORMAL, &style->muted,
               c.pad, l.y_title_y, 0.0, 0.0);
  draw_y_grid (&c, &l.plot, &l.y_ticks);

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
      set_color (cr, &style->recent);
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
      set_color (cr, &style->baseline);
      cairo_stroke (cr);
    }

  for (guint i = 0; i < l.x_ticks.n; i++)
    {
      double v = l.x_ticks.first + i * l.x_ticks.step;
      double px = round (l.plot.x + v * l.plot.w) + 0.5;
      g_autofree char *label = g_strdup_printf (l.x_ticks.step < 0.1 ? "%.2f" : "%.1f", v);

      cairo_move_to (cr, px, base);
      cairo_line_to (cr, px, base + c.gap / 2.0);
      set_color (cr, &style->foreground);
      cairo_set_line_width (cr, 1.0);
      cairo_stroke (cr);
      label_row_add (&c, &row, label, px, l.x_labels_y);
    }

  if (l.show_titles)
    draw_title (&c, _("Model confidence"), &l.plot, l.x_title_y);

out:
  conf_layout_clear (&l);
  canvas_end (&c);
  canvas_clear (&c);
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
  Canvas c;
  ConfLayout l;
  gboolean found = FALSE;

  g_return_val_if_fail (style != NULL, FALSE);
  if (!hit_init (hit))
    return FALSE;

  canvas_init (&c, NULL, style, width, height);
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
  canvas_clear (&c);
  return found;
}

/* Concentration */

typedef struct
{
  gboolean        empty;
  gboolean        no_entities;
  Rect            plot;          /* the bars' area, right of the names */
  double          names_x;
  double          names_w;
  double          row_h;
  double          bar_h;
  guint           n_rows;
  double          threshold_label_y;
  double          x_labels_y;
  double          x_title_y;
  gboolean        show_titles;
  LegendItem      legend[3];
  VigilChartTicks ticks;
  char           *window;        /* which window the shares are of, or NULL */
  double          window_y;
} ConcLayout;

static void
conc_layout_clear (ConcLayout *l)
{
  for (guint i = 0; i < G_N_ELEMENTS (l->legend); i++)
    legend_item_clear (&l->legend[i]);
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
conc_layout (Canvas               *c,
             const VigilDashboard *data,
             ConcLayout           *l)
{
  double max_share = 0.0;
  double top, bottom, right, legend_h, names_w = 0.0;
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
      names_w = MAX (names_w, text_width (c, data->entities[i].entity, TEXT_NORMAL));
    }

  l->legend[0].kind = SWATCH_BOX;
  l->legend[0].color = c->style->bar;
  l->legend[0].label = g_strdup (_("Share of decisions"));
  l->legend[1].kind = SWATCH_BOX;
  l->legend[1].color = c->style->emphasis;
  l->legend[1].label = g_strdup (_("Above threshold"));
  l->legend[2].kind = SWATCH_DASHED;
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
  legend_h = legend (c, l->legend, 3, c->pad, top, c->width - 2 * c->pad);
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
  right = c->width - c->pad - text_width (c, "100%", TEXT_NORMAL) / 2.0;
  l->plot.x = l->names_x + l->names_w + 2 * c->gap;
  l->plot.y = top;
  l->plot.w = MAX (right - l->plot.x, 1.0);
  l->plot.h = MAX (bottom - top, 1.0);
  l->row_h = l->plot.h / l->n_rows;
  l->bar_h = MIN (l->row_h * 0.7, 28.0 * c->s);

  x_budget = CLAMP ((guint) (l->plot.w / (text_width (c, "100%", TEXT_NORMAL) + 4 * c->gap)) + 1,
                    2, 11);
  vigil_chart_nice_ticks (0.0, MIN (MAX (max_share, threshold) * 1.1, 1.0), x_budget, &l->ticks);
}

void
vigil_chart_paint_concentration (cairo_t               *cr,
                                 const VigilDashboard  *data,
                                 const VigilChartStyle *style,
                                 double                 width,
                                 double                 height)
{
  Canvas c;
  ConcLayout l;
  double x_max, threshold, tx;
  LabelRow row = { -G_MAXDOUBLE };
  g_autofree char *threshold_label = NULL;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (style != NULL);

  canvas_init (&c, cr, style, width, height);
  canvas_begin (&c);
  conc_layout (&c, data, &l);

  if (l.no_entities)
    {
      no_data_fallback (&c, _("This model's decisions name no entity"));
      goto out;
    }
  if (l.empty)
    {
      no_data_fallback (&c, _("No decisions in this period"));
      goto out;
    }

  x_max = vigil_chart_ticks_last (&l.ticks);
  threshold = CLAMP (data->concentration_threshold, 0.0, 1.0);

  if (l.window != NULL)
    {
      g_autoptr(PangoLayout) window = canvas_layout (&c, l.window, TEXT_BOLD);

      pango_layout_set_width (window, (int) ((c.width - 2 * c.pad) * PANGO_SCALE));
      pango_layout_set_ellipsize (window, PANGO_ELLIPSIZE_END);
      set_color (cr, &style->foreground);
      cairo_move_to (cr, c.pad, l.window_y);
      pango_cairo_show_layout (cr, window);
    }

  for (guint i = 0; i < l.ticks.n; i++)
    {
      double v = l.ticks.first + i * l.ticks.step;
      double px = round (l.plot.x + v / x_max * l.plot.w) + 0.5;
      g_autofree char *label = format_percent (v, l.ticks.step);

      cairo_move_to (cr, px, l.plot.y);
      cairo_line_to (cr, px, l.plot.y + l.plot.h);
      set_color (cr, i == 0 ? &style->foreground : &style->grid);
      cairo_set_line_width (cr, 1.0);
      cairo_stroke (cr);
      label_row_add (&c, &row, label, px, l.x_labels_y);
    }

  for (guint i = 0; i < l.n_rows; i++)
    {
      const VigilDashboardEntity *entity = &data->entities[i];
      double share = CLAMP (entity->share, 0.0, 1.0);
      double cy = l.plot.y + (i + 0.5) * l.row_h;
      double bw = share / x_max * l.plot.w;
      gboolean over = share > threshold;
      g_autoptr(PangoLayout) name = canvas_layout (&c, entity->entity, TEXT_NORMAL);
      int name_h;

      pango_layout_set_width (name, (int) (l.names_w * PANGO_SCALE));
      pango_layout_set_ellipsize (name, PANGO_ELLIPSIZE_END);
      pango_layout_set_alignment (name, PANGO_ALIGN_RIGHT);
      pango_layout_get_pixel_size (name, NULL, &name_h);
      set_color (cr, &style->foreground);
      cairo_move_to (cr, l.names_x, round (cy - name_h / 2.0));
      pango_cairo_show_layout (cr, name);

      cairo_rectangle (cr, l.plot.x, cy - l.bar_h / 2.0, bw, l.bar_h);
      set_color (cr, over ? &style->emphasis : &style->bar);
      cairo_fill_preserve (cr);
      if (over)
        {
          set_color (cr, &style->foreground);
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
    set_color (cr, &style->foreground);
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
      TextKind kind = share > threshold ? TEXT_BOLD : TEXT_NORMAL;
      g_autofree char *value = g_strdup_printf ("%.1f%%", 100.0 * share);
      double vw = text_width (&c, value, kind);

      if (l.plot.x + bw + c.gap + vw <= c.width - c.pad / 2.0)
        {
          cairo_rectangle (cr, l.plot.x + bw + c.gap / 2.0, cy - c.line_h / 2.0,
                           vw + c.gap, c.line_h);
          set_color (cr, &style->background);
          cairo_fill (cr);
          draw_text (&c, value, kind, &style->foreground, l.plot.x + bw + c.gap, cy, 0.0, 0.5);
        }
      else
        draw_text (&c, value, kind, &style->background, l.plot.x + bw - c.gap, cy, 1.0, 0.5);
    }

  threshold_label = g_strdup_printf (_("Threshold %.0f%%"), 100.0 * threshold);
  {
    double w = text_width (&c, threshold_label, TEXT_NORMAL);
    double lx = CLAMP (tx - w / 2.0, c.pad / 2.0, c.width - c.pad / 2.0 - w);

    draw_text (&c, threshold_label, TEXT_NORMAL, &style->foreground, lx, l.threshold_label_y,
               0.0, 0.0);
  }

  if (l.show_titles)
    draw_title (&c, l.window != NULL ? _("Share of the window's decisions")
                                     : _("Share of the decisions naming an entity"),
                &l.plot, l.x_title_y);

out:
  conc_layout_clear (&l);
  canvas_end (&c);
  canvas_clear (&c);
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
  Canvas c;
  ConcLayout l;
  gboolean found = FALSE;

  g_return_val_if_fail (style != NULL, FALSE);
  if (!hit_init (hit))
    return FALSE;

  canvas_init (&c, NULL, style, width, height);
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
  canvas_clear (&c);
  return found;
}

/* Timeline */

/* One marker: the alerts of one severity on one day (or on neighbouring days, when the days
 * are narrower than a marker). */
typedef struct
{
  guint    first_alert;
  guint    count;
  gboolean all_acknowledged;
  double   x;
  guint    first_day;      /* days from the period's first */
  guint    last_day;
} TimeMark;

typedef struct
{
  gboolean        empty;         /* no period to draw */
  gboolean        no_alerts;
  Rect            plot;
  gint64          from_usec;
  guint           n_days;
  double          lane_h;
  double          radius;
  LegendItem      legend[4];
  double          x_labels_y;
  double          x_title_y;
  gboolean        show_titles;
  GArray         *marks[VIGIL_SEVERITY_HIGH + 1];
} TimeLayout;

static void
time_layout_clear (TimeLayout *l)
{
  for (guint i = 0; i < G_N_ELEMENTS (l->legend); i++)
    legend_item_clear (&l->legend[i]);
  for (guint i = 0; i < G_N_ELEMENTS (l->marks); i++)
    g_clear_pointer (&l->marks[i], g_array_unref);
}

static const char *
severity_label (VigilSeverity severity)
{
  switch (severity)
    {
    case VIGIL_SEVERITY_HIGH:
      return _("High");
    case VIGIL_SEVERITY_MEDIUM:
      return _("Medium");
    case VIGIL_SEVERITY_LOW:
    default:
      return _("Low");
    }
}

/* The lane of a severity, from the top: HIGH, MEDIUM, LOW. */
static double
lane_y (const TimeLayout *l,
        VigilSeverity     severity)
{
  return l->plot.y + (VIGIL_SEVERITY_HIGH - severity + 0.5) * l->lane_h;
}

static double
day_x (const TimeLayout *l,
       double            days)
{
  return l->plot.x + days / l->n_days * l->plot.w;
}

static gboolean
period_of (const VigilDashboard *data,
           gint64               *out_from,
           guint                *out_days)
{
  gint64 from, to;

  if (data->from != NULL && data->to != NULL
      && vigil_timestamp_parse (data->from, &from, NULL)
      && vigil_timestamp_parse (data->to, &to, NULL) && to > from)
    {
      *out_from = from - from % USEC_PER_DAY;
      *out_days = (guint) MAX ((to - *out_from + USEC_PER_DAY - 1) / USEC_PER_DAY, 1);
      return TRUE;
    }
  if (data->n_days > 0 && data->days[0].day != NULL)
    {
      g_autofree char *first = g_strconcat (data->days[0].day, "T00:00:00.000000", NULL);

      if (vigil_timestamp_parse (first, &from, NULL))
        {
          *out_from = from;
          *out_days = data->n_days;
          return TRUE;
        }
    }
  return FALSE;
}

static void
time_layout (Canvas               *c,
             const VigilDashboard *data,
             TimeLayout           *l)
{
  double top, bottom, left, right, legend_h, lanes_w = 0.0;

  memset (l, 0, sizeof *l);
  if (data == NULL || !period_of (data, &l->from_usec, &l->n_days))
    {
      l->empty = TRUE;
      return;
    }
  l->no_alerts = data->n_alerts == 0;

  for (guint i = 0; i < 3; i++)
    {
      l->legend[i].kind = SWATCH_MARKER;
      l->legend[i].severity = VIGIL_SEVERITY_HIGH - i;
      l->legend[i].label = g_strdup (severity_label (VIGIL_SEVERITY_HIGH - i));
      lanes_w = MAX (lanes_w, text_width (c, l->legend[i].label, TEXT_NORMAL));
    }
  l->legend[3].kind = SWATCH_HOLLOW_MARKER;
  l->legend[3].severity = VIGIL_SEVERITY_LOW;
  l->legend[3].label = g_strdup (_("Hollow: acknowledged"));

  l->show_titles = c->height >= 180.0 * c->s;
  legend_h = legend (c, l->legend, 4, c->pad, c->pad, c->width - 2 * c->pad);
  top = c->pad + legend_h + 2 * c->gap;

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

  left = c->pad + lanes_w + 2 * c->gap;
  right = c->width - c->pad;
  l->plot = (Rect) { left, top, MAX (right - left, 1.0), MAX (bottom - top, 1.0) };
  l->lane_h = l->plot.h / 3.0;
  l->radius = MIN (5.0 * c->s, l->lane_h / 3.0);

  /* One marker per lane and day (or marker width, when days are narrower): thousands of
   * alerts draw as what the pixels show, each marker with the number of its alerts. */
  for (guint i = 0; i < G_N_ELEMENTS (l->marks); i++)
    l->marks[i] = g_array_new (FALSE, FALSE, sizeof (TimeMark));
  for (guint a = 0; a < data->n_alerts; a++)
    {
      const VigilDashboardAlert *alert = &data->alerts[a];
      GArray *marks;
      guint day;
      double px;
      TimeMark *last;

      if (alert->severity > VIGIL_SEVERITY_HIGH ||
          !vigil_chart_alert_day (alert, l->from_usec, l->n_days, &day))
        continue;
      px = day_x (l, day + 0.5);
      px = CLAMP (px, l->plot.x + l->radius, l->plot.x + l->plot.w - l->radius);
      marks = l->marks[alert->severity];
      last = marks->len > 0 ? &g_array_index (marks, TimeMark, marks->len - 1) : NULL;
      if (last != NULL && (day == last->last_day || fabs (px - last->x) < l->radius))
        {
          last->count++;
          last->all_acknowledged = last->all_acknowledged && alert->acknowledged;
          last->first_day = MIN (last->first_day, day);
          last->last_day = MAX (last->last_day, day);
        }
      else
        {
          TimeMark mark = { a, 1, alert->acknowledged, px, day, day };

          g_array_append_val (marks, mark);
        }
    }
}

/**
 * vigil_chart_alert_day:
 * @alert: an alert of the dashboard
 * @from_usec: the first instant of the period's first day
 * @n_days: the days of the period
 * @out_day: (out): the day to draw the alert on, from 0
 *
 * The day of an alert is the window it describes: it is drawn on the last day its window
 * touches (the UTC day of its end less a microsecond), clamped to the period.
 *
 * Returns: %FALSE when the alert has no window
 */
gboolean
vigil_chart_alert_day (const VigilDashboardAlert *alert,
                       gint64                     from_usec,
                       guint                      n_days,
                       guint                     *out_day)
{
  gint64 end, day;

  g_return_val_if_fail (alert != NULL, FALSE);
  if (n_days == 0 || alert->window_end == NULL ||
      !vigil_timestamp_parse (alert->window_end, &end, NULL))
    return FALSE;
  end -= 1;
  day = end >= from_usec ? (end - from_usec) / USEC_PER_DAY : -1;
  *out_day = (guint) CLAMP (day, 0, (gint64) n_days - 1);
  return TRUE;
}

static void
day_label (gint64 usec,
           char   out[11])
{
  char stamp[VIGIL_TIMESTAMP_LEN];

  vigil_timestamp_format (usec, stamp);
  copy_day (out, stamp);
}

void
vigil_chart_paint_timeline (cairo_t               *cr,
                            const VigilDashboard  *data,
                            const VigilChartStyle *style,
                            double                 width,
                            double                 height)
{
  Canvas c;
  TimeLayout l;
  double label_w;
  guint stride;
  LabelRow row = { -G_MAXDOUBLE };

  g_return_if_fail (cr != NULL);
  g_return_if_fail (style != NULL);

  canvas_init (&c, cr, style, width, height);
  canvas_begin (&c);
  time_layout (&c, data, &l);

  if (l.empty)
    {
      no_data_fallback (&c, _("No alerts in this period"));
      goto out;
    }

  for (int s = VIGIL_SEVERITY_HIGH; s >= VIGIL_SEVERITY_LOW; s--)
    {
      double ly = round (lane_y (&l, s)) + 0.5;

      cairo_move_to (cr, l.plot.x, ly);
      cairo_line_to (cr, l.plot.x + l.plot.w, ly);
      set_color (cr, &style->grid);
      cairo_set_line_width (cr, 1.0);
      cairo_stroke (cr);
      draw_text (&c, severity_label (s), TEXT_NORMAL, &style->foreground,
                 l.plot.x - 2 * c.gap, ly, 1.0, 0.5);
    }
  cairo_rectangle (cr, round (l.plot.x) + 0.5, round (l.plot.y) + 0.5,
                   round (l.plot.w) - 1.0, round (l.plot.h) - 1.0);
  set_color (cr, &style->foreground);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);

  label_w = text_width (&c, "0000-00-00", TEXT_NORMAL) + 3 * c.gap;
  stride = vigil_chart_label_stride (l.n_days, l.plot.w / l.n_days, label_w);
  for (guint d = 0; d < l.n_days; d += stride)
    {
      double px = round (day_x (&l, d)) + 0.5;
      char label[11];

      if (d > 0)
        {
          cairo_move_to (cr, px, l.plot.y);
          cairo_line_to (cr, px, l.plot.y + l.plot.h);
          set_color (cr, &style->grid);
          cairo_stroke (cr);
        }
      cairo_move_to (cr, px, l.plot.y + l.plot.h);
      cairo_line_to (cr, px, l.plot.y + l.plot.h + c.gap / 2.0);
      set_color (cr, &style->foreground);
      cairo_stroke (cr);
      day_label (l.from_usec + (gint64) d * USEC_PER_DAY, label);
      label_row_add (&c, &row, label, px, l.x_labels_y);
    }

  if (l.no_alerts)
    draw_note (&c, &l.plot, _("No alerts in this period"));

  for (guint s = VIGIL_SEVERITY_LOW; s <= VIGIL_SEVERITY_HIGH; s++)
    for (guint m = 0; m < l.marks[s]->len; m++)
      {
        const TimeMark *mark = &g_array_index (l.marks[s], TimeMark, m);

        draw_marker (&c, s, mark->all_acknowledged, mark->x, lane_y (&l, s), l.radius);
        if (mark->count > 1)
          {
            g_autofree char *count = g_strdup_printf ("%u", mark->count);

            /* Beside the marker, towards the emptier side near the plot's right edge */
            if (mark->x + 1.5 * l.radius + text_width (&c, count, TEXT_BOLD) < l.plot.x + l.plot.w)
              draw_text (&c, count, TEXT_BOLD, &style->foreground,
                         mark->x + 1.5 * l.radius, lane_y (&l, s), 0.0, 0.5);
            else
              draw_text (&c, count, TEXT_BOLD, &style->foreground,
                         mark->x - 1.5 * l.radius, lane_y (&l, s), 1.0, 0.5);
          }
      }

  if (l.show_titles)
    draw_title (&c, _("Day of the alert (UTC)"), &l.plot, l.x_title_y);

out:
  time_layout_clear (&l);
  canvas_end (&c);
  canvas_clear (&c);
}

gboolean
vigil_chart_hit_timeline (const VigilDashboard  *data,
                          const VigilChartStyle *style,
                          double                 width,
                          double                 height,
                          double                 x,
                          double                 y,
                          VigilChartHit         *hit)
{
  Canvas c;
  TimeLayout l;
  gboolean found = FALSE;

  g_return_val_if_fail (style != NULL, FALSE);
  if (!hit_init (hit))
    return FALSE;

  canvas_init (&c, NULL, style, width, height);
  time_layout (&c, data, &l);

  if (!l.empty && !l.no_alerts && y >= l.plot.y && y < l.plot.y + l.plot.h)
    {
      VigilSeverity s = VIGIL_SEVERITY_HIGH - MIN ((guint) ((y - l.plot.y) / l.lane_h), 2);
      const TimeMark *best = NULL;
      double best_d = l.radius * 1.6;

      for (guint m = 0; m < l.marks[s]->len; m++)
        {
          const TimeMark *mark = &g_array_index (l.marks[s], TimeMark, m);
          double d = hypot (mark->x - x, lane_y (&l, s) - y);

          if (d <= best_d)
            {
              best = mark;
              best_d = d;
            }
        }

      if (best != NULL)
        {
          const VigilDashboardAlert *alert = &data->alerts[best->first_alert];
          GString *text = g_string_new (NULL);

          day_label (l.from_usec + (gint64) best->first_day * USEC_PER_DAY, hit->day);
          day_label (l.from_usec + (gint64) best->last_day * USEC_PER_DAY, hit->last_day);
          if (best->count > 1)
            {
              /* Translators: a marker of the alert timeline: "5 alerts of Medium severity" */
              g_string_append_printf (text,
                                      g_dngettext (GETTEXT_PACKAGE,
                                                   "%u alert of %s severity",
                                                   "%u alerts of %s severity", best->count),
                                      best->count, severity_label (alert->severity));
              if (best->first_day == best->last_day)
                /* Translators: after "5 alerts of Medium severity": the day they describe */
                g_string_append_printf (text, _(" on %s"), hit->day);
              else
                /* Translators: after "5 alerts of Medium severity": the days they describe */
                g_string_append_printf (text, _(" from %s to %s"), hit->day, hit->last_day);
              g_string_append_c (text, '\n');
            }
          g_string_append_printf (text, _("%s, %s severity, %s"), hit->day,
                                  severity_label (alert->severity), alert->alert_type);
          if (alert->model_name != NULL)
            g_string_append_printf (text, _(" (%s)"), alert->model_name);
          g_string_append_printf (text, "\n%s", alert->description != NULL ? alert->description : "");
          g_string_append_printf (text, "\n%s",
                                  alert->acknowledged ? _("Acknowledged") : _("Not acknowledged"));
          if (best->count > 1)
            {
              g_string_append_c (text, '\n');
              g_string_append_printf (text,
                                      g_dngettext (GETTEXT_PACKAGE,
                                                   "and %u more alert at this point",
                                                   "and %u more alerts at this point",
                                                   best->count - 1),
                                      best->count - 1);
            }
          hit->text = g_string_free (text, FALSE);
          hit->alert_id = alert->id;
          hit->item = best->first_alert;
          found = TRUE;
        }
    }

  time_layout_clear (&l);
  canvas_clear (&c);
  return found;
}

/* By kind */

void
vigil_chart_paint (VigilChartKind         kind,
                   cairo_t               *cr,
                   const VigilDashboard  *data,
                   const VigilChartStyle *style,
                   double                 width,
                   double                 height)
{
  switch (kind)
    {
    case VIGIL_CHART_KIND_DISTRIBUTION:
      vigil_chart_paint_distribution (cr, data, style, width, height);
      break;
    case VIGIL_CHART_KIND_CONFIDENCE:
      vigil_chart_paint_confidence (cr, data, style, width, height);
      break;
    case VIGIL_CHART_KIND_CONCENTRATION:
      vigil_chart_paint_concentration (cr, data, style, width, height);
      break;
    case VIGIL_CHART_KIND_TIMELINE:
      vigil_chart_paint_timeline (cr, data, style, width, height);
      break;
    default:
      g_return_if_reached ();
    }
}

gboolean
vigil_chart_hit (VigilChartKind         kind,
                 const VigilDashboard  *data,
                 const VigilChartStyle *style,
                 double                 width,
                 double                 height,
                 double                 x,
                 double                 y,
                 VigilChartHit         *hit)
{
  switch (kind)
    {
    case VIGIL_CHART_KIND_DISTRIBUTION:
      return vigil_chart_hit_distribution (data, style, width, height, x, y, hit);
    case VIGIL_CHART_KIND_CONFIDENCE:
      return vigil_chart_hit_confidence (data, style, width, height, x, y, hit);
    case VIGIL_CHART_KIND_CONCENTRATION:
      return vigil_chart_hit_concentration (data, style, width, height, x, y, hit);
    case VIGIL_CHART_KIND_TIMELINE:
      return vigil_chart_hit_timeline (data, style, width, height, x, y, hit);
    default:
      g_return_val_if_reached (FALSE);
    }
}

/**
 * vigil_chart_kind_title:
 *
 * Returns: the chart's title, translated; also its accessible name
 */
const char *
vigil_chart_kind_title (VigilChartKind kind)
{
  switch (kind)
    {
    case VIGIL_CHART_KIND_DISTRIBUTION:
      return _("Daily decision distribution");
    case VIGIL_CHART_KIND_CONFIDENCE:
      return _("Confidence, recent window against baseline");
    case VIGIL_CHART_KIND_CONCENTRATION:
      return _("Entity concentration");
    case VIGIL_CHART_KIND_TIMELINE:
      return _("Alert timeline");
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * vigil_chart_describe:
 * @data: (nullable): the dashboard
 *
 * Says in one sentence what the chart shows, for screen readers and the report's text.
 *
 * Returns: (transfer full): the description, translated
 */
char *
vigil_chart_describe (VigilChartKind        kind,
                      const VigilDashboard *data)
{
  const char *title = vigil_chart_kind_title (kind);

  g_return_val_if_fail (title != NULL, NULL);

  if (data == NULL)
    return g_strdup_printf (_("%s, no data"), title);

  switch (kind)
    {
    case VIGIL_CHART_KIND_DISTRIBUTION:
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
    case VIGIL_CHART_KIND_CONFIDENCE:
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
    case VIGIL_CHART_KIND_CONCENTRATION:
      {
        guint over = 0;

        if (!data->has_entities)
          return g_strdup_printf ("%s, %s", title, _("This model's decisions name no entity"));
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
    case VIGIL_CHART_KIND_TIMELINE:
      {
        guint high = 0, open = 0;
        g_autofree char *alerts = NULL;

        for (guint i = 0; i < data->n_alerts; i++)
          {
            high += data->alerts[i].severity == VIGIL_SEVERITY_HIGH ? 1 : 0;
            open += data->alerts[i].acknowledged ? 0 : 1;
          }
        alerts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u alert", "%u alerts",
                                               data->n_alerts),
                                  data->n_alerts);
        return g_strdup_printf (_("%s, %s, %u high, %u not acknowledged"), title, alerts, high,
                                open);
      }
    default:
      g_return_val_if_reached (NULL);
    }
}
