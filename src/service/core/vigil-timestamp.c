/* vigil-timestamp.c: parsing and formatting of Vigil's UTC timestamps
 *
 * Timestamps are stored as "YYYY-MM-DDTHH:MM:SS.ffffff" in UTC, so that lexical order is time
 * order. Input may be a date, a date and time with or without fraction, and a "Z" or an offset;
 * a time without zone is taken as UTC. Parsing is done by hand because it runs once per imported
 * line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-timestamp"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-store.h"
#include "vigil-timestamp.h"

#define USEC_PER_DAY G_GINT64_CONSTANT (86400000000)

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
static gint64
days_from_civil (gint64 y,
                 guint  m,
                 guint  d)
{
  gint64 era;
  guint yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = (guint) (y - era * 400);
  doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (gint64) doe - 719468;
}

static void
civil_from_days (gint64  z,
                 gint64 *y,
                 guint  *m,
                 guint  *d)
{
  gint64 era;
  guint doe, yoe, doy, mp;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = (guint) (z - era * 146097);
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  *y = (gint64) yoe + era * 400;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y += *m <= 2;
}

static gboolean
digits (const char **p,
        guint        n,
        guint       *out)
{
  guint v = 0;

  for (guint i = 0; i < n; i++)
    {
      char c = (*p)[i];
      if (c < '0' || c > '9')
        return FALSE;
      v = v * 10 + (guint) (c - '0');
    }
  *p += n;
  *out = v;
  return TRUE;
}

static guint
days_in_month (guint y,
               guint m)
{
  static const guint days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
    return 29;
  return days[m - 1];
}

/**
 * vigil_timestamp_parse:
 * @text: an ISO 8601 date or date and time
 * @out_usec: (out): microseconds since the Unix epoch, UTC
 * @out_reason: (out) (optional): a static, untranslated reason when it fails
 *
 * Returns: whether @text is a valid timestamp
 */
gboolean
vigil_timestamp_parse (const char  *text,
                       gint64      *out_usec,
                       const char **out_reason)
{
  const char *p = text;
  guint year, month, day, hour = 0, minute = 0, second = 0;
  gint64 usec = 0;
  gint64 offset_sec = 0;

#define FAIL(r) G_STMT_START { if (out_reason) *out_reason = (r); return FALSE; } G_STMT_END

  if (text == NULL || *text == '\0')
    FAIL ("empty timestamp");

  if (!digits (&p, 4, &year) || *p++ != '-' || !digits (&p, 2, &month) || *p++ != '-' ||
      !digits (&p, 2, &day))
    FAIL ("expected YYYY-MM-DD");

  if (year < 1 || month < 1 || month > 12 || day < 1 || day > days_in_month (year, month))
    FAIL ("no such date");

  if (*p == 'T' || *p == 't' || *p == ' ')
    {
      p++;
      if (!digits (&p, 2, &hour) || *p++ != ':' || !digits (&p, 2, &minute))
        FAIL ("expected HH:MM after the date");
      if (*p == ':')
        {
          p++;
          if (!digits (&p, 2, &second))
            FAIL ("expected seconds as SS");
          if (*p == '.' || *p == ',')
            {
              gint64 scale = 100000;
              guint n = 0;

              p++;
              while (*p >= '0' && *p <= '9')
                {
                  if (n < 6)
                    usec += (*p - '0') * scale;
                  scale /= 10;
                  n++;
                  p++;
                }
              if (n == 0 || n > 9)
                FAIL ("expected 1 to 9 digits of fraction");
            }
        }
      if (hour > 23 || minute > 59 || second > 59)
        FAIL ("no such time of day");

      if (*p == 'Z' || *p == 'z')
        p++;
      else if (*p == '+' || *p == '-')
        {
          int sign = *p == '-' ? -1 : 1;
          guint oh, om = 0;

          p++;
          if (!digits (&p, 2, &oh))
            FAIL ("expected a UTC offset as +HH:MM");
          if (*p == ':')
            p++;
          if (*p != '\0' && !digits (&p, 2, &om))
            FAIL ("expected a UTC offset as +HH:MM");
          if (oh > 23 || om > 59)
            FAIL ("UTC offset out of range");
          offset_sec = sign * (gint64) (oh * 3600 + om * 60);
        }
    }

  if (*p != '\0')
    FAIL ("unexpected text after the timestamp");

  usec += (days_from_civil (year, month, day) * 86400 + hour * 3600 + minute * 60 + second -
           offset_sec) * G_USEC_PER_SEC;

  /* Keep to four-digit years once converted, so the stored form stays sortable. */
  if (usec < days_from_civil (1, 1, 1) * USEC_PER_DAY ||
      usec >= days_from_civil (10000, 1, 1) * USEC_PER_DAY)
    FAIL ("year out of range");

  *out_usec = usec;
  return TRUE;
#undef FAIL
}

static inline void
put_digits (char  *at,
            guint  value,
            int    width)
{
  for (int i = width - 1; i >= 0; i--)
    {
      at[i] = (char) ('0' + value % 10);
      value /= 10;
    }
}

void
vigil_timestamp_format (gint64 usec,
                        char   out[VIGIL_TIMESTAMP_LEN])
{
  gint64 days = usec >= 0 ? usec / USEC_PER_DAY : -((-usec + USEC_PER_DAY - 1) / USEC_PER_DAY);
  gint64 rest = usec - days * USEC_PER_DAY;
  guint secs = (guint) (rest / G_USEC_PER_SEC);
  gint64 y;
  guint m, d;

  civil_from_days (days, &y, &m, &d);
  /* YYYY-MM-DDTHH:MM:SS.ffffff, by hand: this runs for every imported decision. */
  put_digits (out, (guint) y, 4);
  out[4] = '-';
  put_digits (out + 5, m, 2);
  out[7] = '-';
  put_digits (out + 8, d, 2);
  out[10] = 'T';
  put_digits (out + 11, secs / 3600, 2);
  out[13] = ':';
  put_digits (out + 14, secs / 60 % 60, 2);
  out[16] = ':';
  put_digits (out + 17, secs % 60, 2);
  out[19] = '.';
  put_digits (out + 20, (guint) (rest % G_USEC_PER_SEC), 6);
  out[26] = '\0';
}

gboolean
vigil_timestamp_normalize (const char *text,
                           char        out[VIGIL_TIMESTAMP_LEN],
                           GError    **error)
{
  const char *reason = NULL;
  gint64 usec;

  if (!vigil_timestamp_parse (text, &usec, &reason))
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("“%s” is not a timestamp (%s); use ISO 8601 like 2026-11-26T09:30:00Z"),
                   text ? text : "", reason);
      return FALSE;
    }
  vigil_timestamp_format (usec, out);
  return TRUE;
}

/**
 * vigil_timestamp_normalize_range:
 * @from: (nullable): the first instant included
 * @to: (nullable): the first instant excluded
 * @out_from: receives @from normalized, or "" when %NULL
 * @out_to: receives @to normalized, or "" when %NULL
 *
 * Normalizes a period [from, to), refusing one that ends before it starts.
 */
gboolean
vigil_timestamp_normalize_range (const char  *from,
                                 const char  *to,
                                 char         out_from[VIGIL_TIMESTAMP_LEN],
                                 char         out_to[VIGIL_TIMESTAMP_LEN],
                                 GError     **error)
{
  char f[VIGIL_TIMESTAMP_LEN] = "";
  char t[VIGIL_TIMESTAMP_LEN] = "";

  if (from != NULL && !vigil_timestamp_normalize (from, f, error))
    return FALSE;
  if (to != NULL && !vigil_timestamp_normalize (to, t, error))
    return FALSE;
  if (f[0] && t[0] && strcmp (f, t) > 0)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("The period starts (%s) after it ends (%s)"), from, to);
      return FALSE;
    }
  memcpy (out_from, f, VIGIL_TIMESTAMP_LEN);
  memcpy (out_to, t, VIGIL_TIMESTAMP_LEN);
  return TRUE;
}

void
vigil_timestamp_now (char out[VIGIL_TIMESTAMP_LEN])
{
  vigil_timestamp_format (g_get_real_time (), out);
}

/* The UTC midnight at or before @usec */
gint64
vigil_timestamp_floor_day (gint64 usec)
{
  return usec - (usec % G_TIME_SPAN_DAY + G_TIME_SPAN_DAY) % G_TIME_SPAN_DAY;
}

/* Where the whole UTC days of [@from, @to) begin and end: the first midnight at or after
 * @from, the last at or before @to; whether the span holds at least one whole day */
static gboolean
whole_days (gint64  from,
            gint64  to,
            gint64 *out_first,
            gint64 *out_end)
{
  gint64 first = vigil_timestamp_floor_day (from);

  if (first < from)
    first += G_TIME_SPAN_DAY;
  *out_first = first;
  *out_end = vigil_timestamp_floor_day (to);
  return first < *out_end;
}

/* Whether [@from, @to) holds a whole UTC day, with @out filled when it does */
static gboolean
day_span (const char   *from,
          const char   *to,
          VigilDaySpan *out)
{
  gint64 a, b, first, end;

  if (!vigil_timestamp_parse (from, &a, NULL) || !vigil_timestamp_parse (to, &b, NULL) ||
      !whole_days (a, b, &first, &end))
    return FALSE;
  vigil_timestamp_format (first, out->first);
  vigil_timestamp_format (end, out->end);
  g_strlcpy (out->first_day, out->first, sizeof out->first_day);
  g_strlcpy (out->end_day, out->end, sizeof out->end_day);
  out->has_head = a < first;
  out->has_tail = end < b;
  return TRUE;
}

/**
 * vigil_timestamp_read_span:
 * @from: the span's first instant (normalized)
 * @to: the instant after its last (normalized)
 * @rows: (scope call): reads [from, to) of a part of a day, or of the whole span when it
 *   holds no whole day, from the rows
 * @days: (scope call): reads the span's whole days from the roll-ups
 *
 * Reads [@from, @to) as the daily roll-ups allow: the part of a day before its first midnight
 * by @rows, its whole days by @days, the part after its last midnight by @rows; in that order,
 * stopping at the first that fails.
 *
 * Returns: %FALSE when one of them did
 */
gboolean
vigil_timestamp_read_span (const char        *from,
                           const char        *to,
                           VigilSpanRowsFunc  rows,
                           VigilSpanDaysFunc  days,
                           gpointer           user_data)
{
  VigilDaySpan span;

  if (!day_span (from, to, &span))
    return rows (from, to, user_data);
  return (!span.has_head || rows (from, span.first, user_data)) &&
         days (&span, user_data) &&
         (!span.has_tail || rows (span.end, to, user_data));
}
