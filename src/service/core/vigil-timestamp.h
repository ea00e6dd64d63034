/* vigil-timestamp.h: parsing and formatting of Vigil's UTC timestamps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "YYYY-MM-DDTHH:MM:SS.ffffff" and its NUL */
#define VIGIL_TIMESTAMP_LEN 27

gboolean vigil_timestamp_parse   (const char *text,
                                  gint64     *out_usec,
                                  const char **out_reason);
void     vigil_timestamp_format  (gint64      usec,
                                  char        out[VIGIL_TIMESTAMP_LEN]);
gboolean vigil_timestamp_normalize (const char *text,
                                    char        out[VIGIL_TIMESTAMP_LEN],
                                    GError    **error);
gboolean vigil_timestamp_normalize_range (const char *from,
                                          const char *to,
                                          char        out_from[VIGIL_TIMESTAMP_LEN],
                                          char        out_to[VIGIL_TIMESTAMP_LEN],
                                          GError    **error);
void     vigil_timestamp_now     (char        out[VIGIL_TIMESTAMP_LEN]);
gint64   vigil_timestamp_floor_day (gint64    usec);

/* A span's whole UTC days, as the daily roll-ups count them, and the parts of days at its ends */
typedef struct
{
  char     first[VIGIL_TIMESTAMP_LEN];   /* the first midnight in the span */
  char     end[VIGIL_TIMESTAMP_LEN];     /* the last */
  char     first_day[11];                /* their days, as the roll-ups key them */
  char     end_day[11];
  gboolean has_head;                     /* a part of a day before the first midnight */
  gboolean has_tail;                     /* and after the last */
} VigilDaySpan;

/* A span read in parts: its whole days from the daily roll-ups, the rest from the rows */
typedef gboolean (*VigilSpanRowsFunc) (const char         *from,
                                       const char         *to,
                                       gpointer            user_data);
typedef gboolean (*VigilSpanDaysFunc) (const VigilDaySpan *days,
                                       gpointer            user_data);

gboolean vigil_timestamp_read_span (const char        *from,
                                    const char        *to,
                                    VigilSpanRowsFunc  rows,
                                    VigilSpanDaysFunc  days,
                                    gpointer           user_data);

G_END_DECLS
