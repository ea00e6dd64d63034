/* vigil-period.h: a period of whole UTC days, as the dashboard and the views show it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "vigil-timestamp.h"

G_BEGIN_DECLS

#define VIGIL_PERIOD_MAX_DAYS 3660

/* "YYYY-MM-DD" and its NUL */
#define VIGIL_DAY_LEN 11

/**
 * VigilPeriod:
 * @first_day: the first day, "YYYY-MM-DD" in UTC
 * @n_days: how many days, 1 to %VIGIL_PERIOD_MAX_DAYS
 *
 * A plain value: copy it with `=`.
 */
typedef struct
{
  char  first_day[VIGIL_DAY_LEN];
  guint n_days;
} VigilPeriod;

gboolean vigil_period_init_last_days     (VigilPeriod       *self,
                                          const char        *today,
                                          guint              n_days,
                                          GError           **error);
gboolean vigil_period_init_complete_days (VigilPeriod       *self,
                                          const char        *today,
                                          guint              n_days,
                                          GError           **error);
gboolean vigil_period_init_today_so_far  (VigilPeriod       *self,
                                          const char        *today,
                                          GError           **error);
gboolean vigil_period_init_range         (VigilPeriod       *self,
                                          const char        *first_day,
                                          const char        *last_day,
                                          GError           **error);
void     vigil_period_get_last_day       (const VigilPeriod *self,
                                          char               out[VIGIL_DAY_LEN]);
void     vigil_period_get_bounds         (const VigilPeriod *self,
                                          char               from[VIGIL_TIMESTAMP_LEN],
                                          char               to[VIGIL_TIMESTAMP_LEN]);
gboolean vigil_period_equal              (const VigilPeriod *a,
                                          const VigilPeriod *b);
gboolean vigil_period_is_incomplete      (const VigilPeriod *self,
                                          const char        *today);
char    *vigil_period_describe           (const VigilPeriod *self);
char    *vigil_period_describe_brief     (const VigilPeriod *self);
char    *vigil_period_describe_range     (const char        *from,
                                          const char        *to);
void     vigil_period_today              (char               out[VIGIL_DAY_LEN]);

G_END_DECLS
