/* vigil-chart-canvas.h: what every chart painter shares: text, legend, grid and axes
 *
 * Private to the painters in charts/. A painter begins with
 * vigil_chart_canvas_begin_paint() and a hit test with vigil_chart_canvas_begin_hit();
 * both lay the chart out with the same measurements, so that the hit test finds what the
 * painter drew, and end with vigil_chart_canvas_finish().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <pango/pango.h>

#include "vigil-chart-kind.h"
#include "vigil-chart-scale.h"
#include "vigil-chart-style.h"

G_BEGIN_DECLS


typedef enum
{
  VIGIL_CHART_TEXT_NORMAL,
  VIGIL_CHART_TEXT_BOLD,
} VigilChartTextKind;

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
  GArray                *labels;  /* VigilChartRect: the axis labels drawn so far */
} VigilChartCanvas;

typedef enum
{
  VIGIL_CHART_SWATCH_BOX,
  VIGIL_CHART_SWATCH_OUTLINE,
  VIGIL_CHART_SWATCH_LINE,
  VIGIL_CHART_SWATCH_DASHED,
  VIGIL_CHART_SWATCH_MARKER,
  VIGIL_CHART_SWATCH_HOLLOW_MARKER,
  VIGIL_CHART_SWATCH_ALERT,
} VigilChartSwatch;

typedef struct
{
  VigilChartSwatch  kind;
  VigilChartColor   color;
  VigilSeverity     severity;
  char             *label;
} VigilChartLegendItem;

/* Places labels along the x axis, skipping any that would overlap the one before or leave
 * the chart, and moving one clear of the y axis's labels; start with { -G_MAXDOUBLE }. */
typedef struct
{
  double right;
} VigilChartLabelRow;

void         vigil_chart_canvas_init            (VigilChartCanvas       *c,
                                                 cairo_t                *cr,
                                                 const VigilChartStyle  *style,
                                                 double                  width,
                                                 double                  height);
void         vigil_chart_canvas_clear           (VigilChartCanvas       *c);
void         vigil_chart_canvas_begin           (VigilChartCanvas       *c);
void         vigil_chart_canvas_end             (VigilChartCanvas       *c);
void         vigil_chart_canvas_begin_paint     (VigilChartCanvas       *c,
                                                 cairo_t                *cr,
                                                 const VigilChartStyle  *style,
                                                 double                  width,
                                                 double                  height);
gboolean     vigil_chart_canvas_begin_hit       (VigilChartCanvas       *c,
                                                 const VigilChartStyle  *style,
                                                 double                  width,
                                                 double                  height,
                                                 VigilChartHit          *hit);
void         vigil_chart_canvas_finish          (VigilChartCanvas       *c);

PangoLayout *vigil_chart_canvas_layout          (VigilChartCanvas       *c,
                                                 const char             *text,
                                                 VigilChartTextKind      kind);
double       vigil_chart_canvas_text_width      (VigilChartCanvas       *c,
                                                 const char             *text,
                                                 VigilChartTextKind      kind);
double       vigil_chart_canvas_draw_text       (VigilChartCanvas       *c,
                                                 const char             *text,
                                                 VigilChartTextKind      kind,
                                                 const VigilChartColor  *color,
                                                 double                  x,
                                                 double                  y,
                                                 double                  xalign,
                                                 double                  yalign);
void         vigil_chart_canvas_draw_note       (VigilChartCanvas       *c,
                                                 const VigilChartRect   *area,
                                                 const char             *text);
gboolean     vigil_chart_canvas_draw_no_data    (VigilChartCanvas       *c,
                                                 const char             *note);
void         vigil_chart_canvas_draw_marker     (VigilChartCanvas       *c,
                                                 VigilSeverity           severity,
                                                 gboolean                hollow,
                                                 double                  x,
                                                 double                  y,
                                                 double                  r);
void         vigil_chart_canvas_draw_alert_mark (VigilChartCanvas       *c,
                                                 double                  x,
                                                 double                  y,
                                                 double                  r);
double       vigil_chart_canvas_legend          (VigilChartCanvas       *c,
                                                 VigilChartLegendItem   *items,
                                                 guint                   n_items,
                                                 double                  x,
                                                 double                  y,
                                                 double                  max_w);
void         vigil_chart_canvas_draw_title      (VigilChartCanvas       *c,
                                                 const char             *text,
                                                 const VigilChartRect   *plot,
                                                 double                  y);
void         vigil_chart_canvas_draw_y_grid     (VigilChartCanvas       *c,
                                                 const VigilChartRect   *plot,
                                                 const VigilChartTicks  *ticks);
guint        vigil_chart_canvas_y_tick_budget   (VigilChartCanvas       *c,
                                                 double                  plot_h);
void         vigil_chart_canvas_label_row_add   (VigilChartCanvas       *c,
                                                 VigilChartLabelRow     *row,
                                                 const char             *text,
                                                 double                  x,
                                                 double                  y);

void         vigil_chart_canvas_collect_labels  (GArray                 *sink);

void         vigil_chart_legend_item_clear      (VigilChartLegendItem   *item);
void         vigil_chart_set_color              (cairo_t                *cr,
                                                 const VigilChartColor  *color);
char        *vigil_chart_format_percent         (double                  share,
                                                 double                  step);
void         vigil_chart_copy_day               (char                    out[11],
                                                 const char             *text);
gboolean     vigil_chart_hit_init               (VigilChartHit          *hit);
gboolean     vigil_chart_day_bar_at             (const VigilChartRect   *plot,
                                                 double                  slot,
                                                 guint                   n_bars,
                                                 double                  band,
                                                 double                  x,
                                                 double                  y,
                                                 guint                  *out_bar);
void         vigil_chart_hit_set_days           (VigilChartHit          *hit,
                                                 const VigilDashboard   *data,
                                                 const char             *model,
                                                 guint                   first_day,
                                                 guint                   n_days);
void         vigil_chart_add_day_bar_targets    (GArray                 *targets,
                                                 const VigilChartRect   *plot,
                                                 double                  slot,
                                                 guint                   n_bars,
                                                 double                  band);

G_END_DECLS
