/* vigil-period.c: a period of whole UTC days, as the dashboard and the views show it
 *
 * Decisions are counted per UTC day, in the daily roll-ups and on the charts, so a period is
 * a run of whole days: [first_day 00:00, first_day + n_days 00:00).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-period"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "vigil-period.h"
#include "vigil-store.h"

static gboolean
parse_day (const char  *text,
           GDate       *date,
           GError     **error)
{
  guint year, month, day;
  char tail;

  g_date_clear (date, 1);
  if (text == NULL || strlen (text) != 10 ||
      sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &tail) != 3 ||
      text[4] != '-' || text[7] != '-' ||
      !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("“%s” is not a day: write it as YYYY-MM-DD, for example 2026-11-26."),
                   text != NULL ? text : "");
      return FALSE;
    }

  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

static void
format_day (const GDate *date,
            char         out[VIGIL_DAY_LEN])
{
  g_snprintf (out, VIGIL_DAY_LEN, "%04u-%02u-%02u",
              (guint) g_date_get_year (date),
              (guint) g_date_get_month (date),
              (guint) g_date_get_day (date));
}

static gboolean
check_days (guint    n_days,
            GError **error)
{
  if (n_days == 0 || n_days > VIGIL_PERIOD_MAX_DAYS)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("A period is 1 to %d days long, not %u."), VIGIL_PERIOD_MAX_DAYS, n_days);
      return FALSE;
    }
  return TRUE;
}

/**
 * vigil_period_init_last_days:
 * @today: the last day of the period, "YYYY-MM-DD"
 * @n_days: its length
 *
 * The @n_days days up to and including @today.
 */
gboolean
vigil_period_init_last_days (VigilPeriod  *self,
                             const char   *today,
                             guint         n_days,
                             GError      **error)
{
  GDate date;

  if (!parse_day (today, &date, error) || !check_days (n_days, error))
    return FALSE;

  g_date_subtract_days (&date, n_days - 1);
  format_day (&date, self->first_day);
  self->n_days = n_days;
  return TRUE;
}

/**
 * vigil_period_init_complete_days:
 * @today: (nullable): today, "YYYY-MM-DD"; %NULL for today in UTC
 * @n_days: the period's length
 *
 * The last @n_days complete UTC days: the @n_days days up to and including the day before
 * @today, the presets' periods. Today is left out because it is not over: its decisions
 * are still being logged and its checks have not all run.
 */
gboolean
vigil_period_init_complete_days (VigilPeriod  *self,
                                 const char   *today,
                                 guint         n_days,
                                 GError      **error)
{
  char day[VIGIL_DAY_LEN];
  GDate date;

  if (today == NULL)
    {
      vigil_period_today (day);
      today = day;
    }
  if (!parse_day (today, &date, error) || !check_days (n_days, error))
    return FALSE;

  g_date_subtract_days (&date, n_days);
  format_day (&date, self->first_day);
  self->n_days = n_days;
  return TRUE;
}

/**
 * vigil_period_init_today_so_far:
 * @today: (nullable): today, "YYYY-MM-DD"; %NULL for today in UTC
 *
 * Today alone, a period that is not over: see vigil_period_is_incomplete().
 */
gboolean
vigil_period_init_today_so_far (VigilPeriod  *self,
                                const char   *today,
                                GError      **error)
{
  char day[VIGIL_DAY_LEN];

  if (today == NULL)
    {
      vigil_period_today (day);
      today = day;
    }
  return vigil_period_init_range (self, today, today, error);
}

/**
 * vigil_period_init_range:
 *
 * The days from @first_day to @last_day, both included.
 */
gboolean
vigil_period_init_range (VigilPeriod  *self,
                         const char   *first_day,
                         const char   *last_day,
                         GError      **error)
{
  GDate first, last;
  int n_days;

  if (!parse_day (first_day, &first, error) || !parse_day (last_day, &last, error))
    return FALSE;

  n_days = g_date_days_between (&first, &last) + 1;
  if (n_days <= 0)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("The period ends on %s, before it begins on %s."), last_day, first_day);
      return FALSE;
    }
  if (!check_days ((guint) n_days, error))
    return FALSE;

  format_day (&first, self->first_day);
  self->n_days = (guint) n_days;
  return TRUE;
}

void
vigil_period_get_last_day (const VigilPeriod *self,
                           char               out[VIGIL_DAY_LEN])
{
  GDate date;

  if (!parse_day (self->first_day, &date, NULL))
    g_return_if_reached ();
  g_date_add_days (&date, self->n_days - 1);
  format_day (&date, out);
}

/* The period as DESIGN's timestamps, [from, to). */
void
vigil_period_get_bounds (const VigilPeriod *self,
                         char               from[VIGIL_TIMESTAMP_LEN],
                         char               to[VIGIL_TIMESTAMP_LEN])
{
  GDate date;
  char day[VIGIL_DAY_LEN];

  if (!parse_day (self->first_day, &date, NULL))
    g_return_if_reached ();
  g_snprintf (from, VIGIL_TIMESTAMP_LEN, "%sT00:00:00.000000", self->first_day);
  g_date_add_days (&date, self->n_days);
  format_day (&date, day);
  g_snprintf (to, VIGIL_TIMESTAMP_LEN, "%sT00:00:00.000000", day);
}

/**
 * vigil_period_is_incomplete:
 * @today: (nullable): today, "YYYY-MM-DD"; %NULL for today in UTC
 *
 * Whether the period reaches past now: its last day is @today or later, so its numbers
 * will still change.
 */
gboolean
vigil_period_is_incomplete (const VigilPeriod *self,
                            const char        *today)
{
  char day[VIGIL_DAY_LEN], last[VIGIL_DAY_LEN];

  g_return_val_if_fail (self != NULL, FALSE);

  if (today == NULL)
    {
      vigil_period_today (day);
      today = day;
    }
  vigil_period_get_last_day (self, last);
  /* Days as YYYY-MM-DD sort as they follow each other */
  return strcmp (last, today) >= 0;
}

gboolean
vigil_period_equal (const VigilPeriod *a,
                    const VigilPeriod *b)
{
  return a->n_days == b->n_days && strcmp (a->first_day, b->first_day) == 0;
}

static char *
format_date (const char *day,
             const char *format)
{
  g_autoptr(GDateTime) date = NULL;
  GDate parsed;

  if (!parse_day (day, &parsed, NULL))
    return g_strdup (day);
  date = g_date_time_new_utc (g_date_get_year (&parsed), g_date_get_month (&parsed),
                              g_date_get_day (&parsed), 0, 0, 0);
  return g_date_time_format (date, format);
}

/**
 * vigil_period_describe:
 *
 * Returns: (transfer full): the period in words, e.g. "20 Nov 2026 – 26 Nov 2026", or the
 *   day alone for a period of one day
 */
char *
vigil_period_describe (const VigilPeriod *self)
{
  char last[VIGIL_DAY_LEN];
  g_autofree char *first_text = NULL, *last_text = NULL;

  /* Translators: a day, in strftime format; see g_date_time_format() */
  first_text = format_date (self->first_day, _("%-d %b %Y"));
  if (self->n_days == 1)
    return g_steal_pointer (&first_text);

  vigil_period_get_last_day (self, last);
  last_text = format_date (last, _("%-d %b %Y"));

  /* Translators: a period of days, from the first to the last */
  return g_strdup_printf (_("%s – %s"), first_text, last_text);
}

/**
 * vigil_period_describe_brief:
 *
 * Returns: (transfer full): the period in few words, without the year, for a chart's
 *   legend: "27 Nov – 3 Dec", or the day alone, "4 Dec"
 */
char *
vigil_period_describe_brief (const VigilPeriod *self)
{
  char last[VIGIL_DAY_LEN];
  g_autofree char *first_text = NULL, *last_text = NULL;

  /* Translators: a day without its year, in strftime format; see g_date_time_format() */
  first_text = format_date (self->first_day, _("%-d %b"));
  if (self->n_days == 1)
    return g_steal_pointer (&first_text);

  vigil_period_get_last_day (self, last);
  last_text = format_date (last, _("%-d %b"));
  return g_strdup_printf (_("%s – %s"), first_text, last_text);
}

/* Today in UTC, the day the checks and the roll-ups count in. */
void
vigil_period_today (char out[VIGIL_DAY_LEN])
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_snprintf (out, VIGIL_DAY_LEN, "%04d-%02d-%02d", g_date_time_get_year (now),
              g_date_time_get_month (now), g_date_time_get_day_of_month (now));
}

static gboolean
is_midnight (const char *timestamp,
             char        day[VIGIL_DAY_LEN])
{
  if (timestamp == NULL || strlen (timestamp) != VIGIL_TIMESTAMP_LEN - 1 ||
      strcmp (timestamp + 10, "T00:00:00.000000") != 0)
    return FALSE;
  memcpy (day, timestamp, VIGIL_DAY_LEN - 1);
  day[VIGIL_DAY_LEN - 1] = '\0';
  return TRUE;
}

/* "2026-11-23T09:30:00.000000" as "2026-11-23 09:30", the seconds only when there are some */
static char *
describe_instant (const char *timestamp)
{
  if (strlen (timestamp) == VIGIL_TIMESTAMP_LEN - 1 && timestamp[10] == 'T')
    {
      gboolean whole_minute = strcmp (timestamp + 16, ":00.000000") == 0;

      return g_strdup_printf ("%.10s %.*s", timestamp, whole_minute ? 5 : 8, timestamp + 11);
    }
  return g_strdup (timestamp);
}

/**
 * vigil_period_describe_range:
 * @from: (nullable): the first instant, a normalized timestamp
 * @to: (nullable): the instant after the last
 *
 * Describes the range a view is filtered by: whole days as days ("23 Nov 2026", "20 Nov 2026 –
 * 26 Nov 2026"), other instants in UTC to the minute.
 *
 * Returns: (transfer full) (nullable): the range in words, %NULL when both ends are %NULL
 */
char *
vigil_period_describe_range (const char *from,
                             const char *to)
{
  char first[VIGIL_DAY_LEN], after[VIGIL_DAY_LEN];
  g_autofree char *from_text = NULL, *to_text = NULL;

  if (from != NULL && to != NULL && is_midnight (from, first) && is_midnight (to, after))
    {
      GDate last;
      char last_day[VIGIL_DAY_LEN];
      VigilPeriod period;

      if (parse_day (after, &last, NULL))
        {
          g_date_subtract_days (&last, 1);
          format_day (&last, last_day);
          if (vigil_period_init_range (&period, first, last_day, NULL))
            return vigil_period_describe (&period);
        }
    }

  if (from != NULL)
    from_text = describe_instant (from);
  if (to != NULL)
    to_text = describe_instant (to);

  if (from_text != NULL && to_text != NULL)
    /* Translators: a range of instants, the first included, the second excluded */
    return g_strdup_printf (_("%s to %s UTC"), from_text, to_text);
  if (from_text != NULL)
    return g_strdup_printf (_("From %s UTC"), from_text);
  if (to_text != NULL)
    return g_strdup_printf (_("Before %s UTC"), to_text);
  return NULL;
}
