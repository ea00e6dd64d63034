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
gboolean vigil_timestamp_whole_days (gint64    from,
                                     gint64    to,
                                     gint64   *out_first,
                                     gint64   *out_end);

G_END_DECLS
