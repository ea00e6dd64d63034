/* vigil-chart-scale.h: axis scaling for the chart painters, pure functions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Ticks first, first + step, ..., first + (n - 1) * step, covering the range asked for. */
typedef struct
{
  double first;
  double step;
  guint  n;
} VigilChartTicks;

gboolean vigil_chart_nice_ticks     (double           lo,
                                     double           hi,
                                     guint            max_ticks,
                                     VigilChartTicks *out);
double   vigil_chart_ticks_last     (const VigilChartTicks *ticks);
guint    vigil_chart_days_per_bar   (guint            n_days,
                                     double           plot_width,
                                     double           min_bar_width);
void     vigil_chart_day_bars       (guint            n_days,
                                     double           plot_width,
                                     double           scale,
                                     guint           *out_days_per_bar,
                                     guint           *out_n_bars,
                                     double          *out_slot,
                                     double          *out_bar_width);
guint    vigil_chart_label_stride   (guint            n_items,
                                     double           item_width,
                                     double           label_width);

G_END_DECLS
