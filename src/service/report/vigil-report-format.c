/* vigil-report-format.c: how the report writes shares, durations and days
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-report"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "vigil-report-private.h"

/* "12.3%" of @part in @whole, "—" when @whole is 0. */
char *
vigil_report_format_share (gint64 part,
                           gint64 whole)
{
  if (whole <= 0)
    return g_strdup ("—");
  return g_strdup_printf ("%.1f%%", 100.0 * (double) part / (double) whole);
}

char *
vigil_report_format_hours (double hours)
{
  if (isnan (hours))
    return g_strdup ("—");
  if (hours * 60.0 < 1.0)
    /* TRANSLATORS: a time to acknowledge an alert of less than a minute */
    return g_strdup (_("< 1 min"));
  if (hours < 1.0)
    /* TRANSLATORS: a time to acknowledge an alert, in minutes */
    return g_strdup_printf (_("%.0f min"), MAX (hours, 0.0) * 60.0);
  if (hours < 48.0)
    /* TRANSLATORS: a time to acknowledge an alert, in hours */
    return g_strdup_printf (_("%.1f h"), hours);
  /* TRANSLATORS: a time to acknowledge an alert, in days */
  return g_strdup_printf (_("%.1f days"), hours / 24.0);
}

/* @day moved by @n_days, into @out; FALSE when @day is not a valid "YYYY-MM-DD". */
gboolean
vigil_report_day_add (const char *day,
                      int         n_days,
                      char        out[VIGIL_DAY_LEN])
{
  int y, m, d;
  GDate date;

  if (sscanf (day, "%4d-%2d-%2d", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  if (n_days >= 0)
    g_date_add_days (&date, n_days);
  else
    g_date_subtract_days (&date, -n_days);
  g_snprintf (out, VIGIL_DAY_LEN, "%04d-%02d-%02d", g_date_get_year (&date),
              g_date_get_month (&date), g_date_get_day (&date));
  return TRUE;
}
