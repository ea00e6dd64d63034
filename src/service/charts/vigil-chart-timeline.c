/* vigil-chart-timeline.c: every alert of the period by day and severity
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
#include "vigil-check.h"
#include "vigil-summary-text.h"
#include "vigil-timestamp.h"

#define USEC_PER_DAY G_GINT64_CONSTANT (86400000000)

/* One marker: the alerts of one severity on one day (or on neighbouring days, when the days
 * are narrower than a marker). */
typedef struct
{
  guint    first_alert;
  guint    count;
  gboolean all_acknowledged;
  double   x;
  guint    first_day;  /* days from the period's first */
  guint    last_day;
} TimeMark;

typedef struct
{
  gboolean              empty;  /* no period to draw */
  gboolean              no_alerts;
  VigilChartRect        plot;
  gint64                from_usec;
  guint                 n_days;
  double                lane_h;
  double                radius;
  VigilChartLegendItem  legend[4];
  double                x_labels_y;
  double                x_title_y;
  gboolean              show_titles;
  GArray               *marks[VIGIL_SEVERITY_HIGH + 1];
} TimeLayout;

static void
time_layout_clear (TimeLayout *l)
{
  for (guint i = 0; i < G_N_ELEMENTS (l->legend); i++)
    vigil_chart_legend_item_clear (&l->legend[i]);
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
time_layout (VigilChartCanvas     *c,
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
      l->legend[i].kind = VIGIL_CHART_SWATCH_MARKER;
      l->legend[i].severity = VIGIL_SEVERITY_HIGH - i;
      l->legend[i].label = g_strdup (severity_label (VIGIL_SEVERITY_HIGH - i));
      lanes_w = MAX (lanes_w, vigil_chart_canvas_text_width (c, l->legend[i].label,
                                                             VIGIL_CHART_TEXT_NORMAL));
    }
  l->legend[3].kind = VIGIL_CHART_SWATCH_HOLLOW_MARKER;
  l->legend[3].severity = VIGIL_SEVERITY_LOW;
  l->legend[3].label = g_strdup (_("Hollow: acknowledged"));

  l->show_titles = c->height >= 180.0 * c->s;
  legend_h = vigil_chart_canvas_legend (c, l->legend, 4, c->pad, c->pad, c->width - 2 * c->pad);
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
  l->plot = (VigilChartRect) { left, top, MAX (right - left, 1.0), MAX (bottom - top, 1.0) };
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
  vigil_chart_copy_day (out, stamp);
}

void
vigil_chart_paint_timeline (cairo_t               *cr,
                            const VigilDashboard  *data,
                            const VigilChartStyle *style,
                            double                 width,
                            double                 height)
{
  VigilChartCanvas c;
  TimeLayout l;
  double label_w;
  guint stride;
  VigilChartLabelRow row = { -G_MAXDOUBLE };

  g_return_if_fail (cr != NULL);
  g_return_if_fail (style != NULL);

  vigil_chart_canvas_begin_paint (&c, cr, style, width, height);
  time_layout (&c, data, &l);

  if (l.empty)
    {
      vigil_chart_canvas_draw_no_data (&c, _("No alerts in this period"));
      goto out;
    }

  for (int s = VIGIL_SEVERITY_HIGH; s >= VIGIL_SEVERITY_LOW; s--)
    {
      double ly = round (lane_y (&l, s)) + 0.5;

      cairo_move_to (cr, l.plot.x, ly);
      cairo_line_to (cr, l.plot.x + l.plot.w, ly);
      vigil_chart_set_color (cr, &style->grid);
      cairo_set_line_width (cr, 1.0);
      cairo_stroke (cr);
      vigil_chart_canvas_draw_text (&c, severity_label (s), VIGIL_CHART_TEXT_NORMAL,
                                    &style->foreground, l.plot.x - 2 * c.gap, ly, 1.0, 0.5);
    }
  cairo_rectangle (cr, round (l.plot.x) + 0.5, round (l.plot.y) + 0.5,
                   round (l.plot.w) - 1.0, round (l.plot.h) - 1.0);
  vigil_chart_set_color (cr, &style->foreground);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);

  label_w = vigil_chart_canvas_text_width (&c, "0000-00-00", VIGIL_CHART_TEXT_NORMAL) + 3 * c.gap;
  stride = vigil_chart_label_stride (l.n_days, l.plot.w / l.n_days, label_w);
  for (guint d = 0; d < l.n_days; d += stride)
    {
      double px = round (day_x (&l, d)) + 0.5;
      char label[11];

      if (d > 0)
        {
          cairo_move_to (cr, px, l.plot.y);
          cairo_line_to (cr, px, l.plot.y + l.plot.h);
          vigil_chart_set_color (cr, &style->grid);
          cairo_stroke (cr);
        }
      cairo_move_to (cr, px, l.plot.y + l.plot.h);
      cairo_line_to (cr, px, l.plot.y + l.plot.h + c.gap / 2.0);
      vigil_chart_set_color (cr, &style->foreground);
      cairo_stroke (cr);
      day_label (l.from_usec + (gint64) d * USEC_PER_DAY, label);
      vigil_chart_canvas_label_row_add (&c, &row, label, px, l.x_labels_y);
    }

  if (l.no_alerts)
    vigil_chart_canvas_draw_note (&c, &l.plot, _("No alerts in this period"));

  for (guint s = VIGIL_SEVERITY_LOW; s <= VIGIL_SEVERITY_HIGH; s++)
    for (guint m = 0; m < l.marks[s]->len; m++)
      {
        const TimeMark *mark = &g_array_index (l.marks[s], TimeMark, m);

        vigil_chart_canvas_draw_marker (&c, s, mark->all_acknowledged, mark->x, lane_y (&l, s),
                                        l.radius);
        if (mark->count > 1)
          {
            g_autofree char *count = g_strdup_printf ("%u", mark->count);

            /* Beside the marker, towards the emptier side near the plot's right edge */
            if (mark->x + 1.5 * l.radius
                + vigil_chart_canvas_text_width (&c, count, VIGIL_CHART_TEXT_BOLD)
                < l.plot.x + l.plot.w)
              vigil_chart_canvas_draw_text (&c, count, VIGIL_CHART_TEXT_BOLD, &style->foreground,
                                            mark->x + 1.5 * l.radius, lane_y (&l, s), 0.0, 0.5);
            else
              vigil_chart_canvas_draw_text (&c, count, VIGIL_CHART_TEXT_BOLD, &style->foreground,
                                            mark->x - 1.5 * l.radius, lane_y (&l, s), 1.0, 0.5);
          }
      }

  if (l.show_titles)
    vigil_chart_canvas_draw_title (&c, _("Day of the alert (UTC)"), &l.plot, l.x_title_y);

out:
  time_layout_clear (&l);
  vigil_chart_canvas_finish (&c);
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
  VigilChartCanvas c;
  TimeLayout l;
  gboolean found = FALSE;

  g_return_val_if_fail (style != NULL, FALSE);
  if (!vigil_chart_canvas_begin_hit (&c, style, width, height, hit))
    return FALSE;

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
                                  severity_label (alert->severity),
                                  vigil_check_type_to_label (alert->alert_type));
          if (alert->model_name != NULL)
            g_string_append_printf (text, _(" (%s)"), alert->model_name);
          g_string_append_printf (text, "\n%s",
                                  alert->description != NULL ? alert->description : "");
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
  vigil_chart_canvas_finish (&c);
  return found;
}

static int
compare_targets (gconstpointer a,
                 gconstpointer b)
{
  const VigilChartRect *ra = a, *rb = b;

  if (ra->x != rb->x)
    return ra->x < rb->x ? -1 : 1;
  return ra->y < rb->y ? -1 : ra->y > rb->y;
}

/* One target a marker, in the order of their days, the higher severity first on a day. */
static GArray *
time_targets (const VigilDashboard  *data,
              const VigilChartStyle *style,
              double                 width,
              double                 height)
{
  GArray *targets = g_array_new (FALSE, FALSE, sizeof (VigilChartRect));
  VigilChartCanvas c;
  TimeLayout l;

  vigil_chart_canvas_init (&c, NULL, style, width, height);
  time_layout (&c, data, &l);
  for (int s = VIGIL_SEVERITY_HIGH; !l.empty && !l.no_alerts && s >= 0; s--)
    for (guint m = 0; m < l.marks[s]->len; m++)
      {
        const TimeMark *mark = &g_array_index (l.marks[s], TimeMark, m);
        VigilChartRect r = { mark->x - 1.5 * l.radius, lane_y (&l, s) - 1.5 * l.radius,
                             3 * l.radius, 3 * l.radius };

        g_array_append_val (targets, r);
      }
  g_array_sort (targets, compare_targets);
  time_layout_clear (&l);
  vigil_chart_canvas_finish (&c);
  return targets;
}

static char *
describe (const VigilDashboard *data,
          const char           *title)
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

const VigilChartDescriptor vigil_chart_timeline = {
  .id = "timeline",
  .title = N_("Alert timeline"),
  .heading = N_("Alerts"),
  .caption = N_("Every alert of the period by day and severity"),
  .needs = VIGIL_CHART_NEEDS_ALERTS | VIGIL_CHART_NEEDS_PERIOD,
  .paint = vigil_chart_paint_timeline,
  .hit = vigil_chart_hit_timeline,
  .describe = describe,
  .targets = time_targets,
};
