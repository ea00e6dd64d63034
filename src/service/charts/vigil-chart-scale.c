/* vigil-chart-scale.c: axis scaling for the chart painters, pure functions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-chart-scale"

#include "config.h"

#include <math.h>

#include "vigil-chart-scale.h"

static const double nice_steps[] = { 1.0, 2.0, 2.5, 5.0, 10.0 };

/**
 * vigil_chart_nice_ticks:
 * @lo: the smallest value to show
 * @hi: the largest value to show
 * @max_ticks: at most this many ticks, at least 2
 * @out: (out): the ticks
 *
 * Finds round ticks (steps of 1, 2, 2.5 or 5 times a power of ten) whose first tick is at
 * or below @lo and whose last is at or above @hi, with as many ticks as fit in @max_ticks.
 * An empty range (@lo == @hi) is widened to one unit above @lo.
 *
 * Returns: %FALSE when the range is not finite or @max_ticks is below 2
 */
gboolean
vigil_chart_nice_ticks (double           lo,
                        double           hi,
                        guint            max_ticks,
                        VigilChartTicks *out)
{
  double raw;
  double magnitude;

  g_return_val_if_fail (out != NULL, FALSE);

  if (!isfinite (lo) || !isfinite (hi) || max_ticks < 2)
    return FALSE;
  if (hi < lo)
    {
      double t = lo;

      lo = hi;
      hi = t;
    }
  if (hi - lo < 1e-12 * MAX (1.0, fabs (hi)))
    hi = lo + 1.0;

  raw = (hi - lo) / (max_ticks - 1);
  magnitude = pow (10.0, floor (log10 (raw)));

  for (;;)
    {
      for (guint i = 0; i < G_N_ELEMENTS (nice_steps); i++)
        {
          double step = nice_steps[i] * magnitude;
          double first, last;
          guint n;

          if (step < raw * (1.0 - 1e-9))
            continue;
          first = floor (lo / step + 1e-9) * step;
          last = ceil (hi / step - 1e-9) * step;
          n = (guint) llround ((last - first) / step) + 1;
          if (n <= max_ticks)
            {
              out->first = first;
              out->step = step;
              out->n = n;
              return TRUE;
            }
        }
      magnitude *= 10.0;
    }
}

/* The value of the last tick. */
double
vigil_chart_ticks_last (const VigilChartTicks *ticks)
{
  g_return_val_if_fail (ticks != NULL && ticks->n > 0, 0.0);

  return ticks->first + (ticks->n - 1) * ticks->step;
}

/**
 * vigil_chart_days_per_bar:
 * @n_days: the days of the period
 * @plot_width: the width the bars share
 * @min_bar_width: the narrowest bar (gap included) worth drawing
 *
 * How many days one bar aggregates so that every bar is at least @min_bar_width wide: one
 * to seven days, then whole weeks.
 *
 * Returns: the days per bar, at least 1
 */
guint
vigil_chart_days_per_bar (guint  n_days,
                          double plot_width,
                          double min_bar_width)
{
  double needed;
  guint days;

  if (n_days == 0 || !(plot_width > 0.0) || !(min_bar_width > 0.0))
    return 1;

  needed = n_days * min_bar_width / plot_width;
  if (needed <= 1.0)
    return 1;
  if (needed > n_days)
    return n_days;

  days = (guint) ceil (needed - 1e-9);
  if (days > 7)
    days = (days + 6) / 7 * 7;
  return MIN (days, n_days);
}

/**
 * vigil_chart_day_bars:
 * @n_days: the days of the period
 * @plot_width: the width the bars share
 * @scale: the canvas's scale (pixels per point)
 * @out_days_per_bar: (out): the days one bar aggregates (vigil_chart_days_per_bar())
 * @out_n_bars: (out): the bars
 * @out_slot: (out): the width each bar has, gap included
 * @out_bar_width: (out): the bar itself: most of its slot, at most 48 points wide
 *
 * How the daily charts share their width between the period's days.
 */
void
vigil_chart_day_bars (guint   n_days,
                      double  plot_width,
                      double  scale,
                      guint  *out_days_per_bar,
                      guint  *out_n_bars,
                      double *out_slot,
                      double *out_bar_width)
{
  guint days_per_bar = vigil_chart_days_per_bar (n_days, plot_width, 3.0 * scale);
  guint n_bars = (n_days + days_per_bar - 1) / days_per_bar;
  double slot = plot_width / n_bars;

  *out_days_per_bar = days_per_bar;
  *out_n_bars = n_bars;
  *out_slot = slot;
  *out_bar_width = slot >= 6.0 ? MIN (slot * 0.8, 48.0 * scale) : MAX (slot - 1.0, 1.0);
}

/**
 * vigil_chart_label_stride:
 * @n_items: the items along the axis (bars, days)
 * @item_width: the room of one item
 * @label_width: the widest label, gap included
 *
 * Labels every item when they fit, else every 2nd, 5th, 10th, 20th, 50th... item.
 *
 * Returns: the stride, at least 1
 */
guint
vigil_chart_label_stride (guint  n_items,
                          double item_width,
                          double label_width)
{
  static const guint mantissas[] = { 1, 2, 5 };
  guint power = 1;

  if (n_items <= 1 || label_width <= 0.0)
    return 1;
  if (!(item_width > 0.0))
    return n_items;

  for (;;)
    {
      for (guint i = 0; i < G_N_ELEMENTS (mantissas); i++)
        {
          guint stride = mantissas[i] * power;

          if (stride * item_width >= label_width || stride >= n_items)
            return MIN (stride, n_items);
        }
      power *= 10;
    }
}
