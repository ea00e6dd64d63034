/* test-period.c: periods of whole UTC days
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "vigil-period.h"
#include "vigil-store.h"

static void
test_last_days (void)
{
  VigilPeriod period;
  char from[VIGIL_TIMESTAMP_LEN], to[VIGIL_TIMESTAMP_LEN], last[VIGIL_DAY_LEN];
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_period_init_last_days (&period, "2026-11-26", 7, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (period.first_day, ==, "2026-11-20");
  g_assert_cmpuint (period.n_days, ==, 7);

  vigil_period_get_bounds (&period, from, to);
  g_assert_cmpstr (from, ==, "2026-11-20T00:00:00.000000");
  g_assert_cmpstr (to, ==, "2026-11-27T00:00:00.000000");
  vigil_period_get_last_day (&period, last);
  g_assert_cmpstr (last, ==, "2026-11-26");

  /* Across a year end and a leap day */
  g_assert_true (vigil_period_init_last_days (&period, "2028-03-01", 90, NULL));
  g_assert_cmpstr (period.first_day, ==, "2027-12-03");
  vigil_period_get_bounds (&period, from, to);
  g_assert_cmpstr (to, ==, "2028-03-02T00:00:00.000000");

  g_assert_true (vigil_period_init_last_days (&period, "2026-01-01", 1, NULL));
  vigil_period_get_bounds (&period, from, to);
  g_assert_cmpstr (from, ==, "2026-01-01T00:00:00.000000");
  g_assert_cmpstr (to, ==, "2026-01-02T00:00:00.000000");
}

static void
test_range (void)
{
  VigilPeriod period, other;
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_period_init_range (&period, "2026-02-27", "2026-03-02", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (period.n_days, ==, 4);

  g_assert_true (vigil_period_init_last_days (&other, "2026-03-02", 4, NULL));
  g_assert_true (vigil_period_equal (&period, &other));
  g_assert_true (vigil_period_init_last_days (&other, "2026-03-03", 4, NULL));
  g_assert_false (vigil_period_equal (&period, &other));
}

/* The presets are whole days: the last N complete days end yesterday, never today. */
static void
test_complete_days (void)
{
  VigilPeriod period;
  char from[VIGIL_TIMESTAMP_LEN], to[VIGIL_TIMESTAMP_LEN], last[VIGIL_DAY_LEN];
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_period_init_complete_days (&period, "2026-12-05", 7, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (period.first_day, ==, "2026-11-28");
  g_assert_cmpuint (period.n_days, ==, 7);
  vigil_period_get_last_day (&period, last);
  g_assert_cmpstr (last, ==, "2026-12-04");
  vigil_period_get_bounds (&period, from, to);
  g_assert_cmpstr (from, ==, "2026-11-28T00:00:00.000000");
  g_assert_cmpstr (to, ==, "2026-12-05T00:00:00.000000");
  g_assert_false (vigil_period_is_incomplete (&period, "2026-12-05"));

  g_assert_true (vigil_period_init_complete_days (&period, "2027-01-01", 1, NULL));
  g_assert_cmpstr (period.first_day, ==, "2026-12-31");
  g_assert_cmpuint (period.n_days, ==, 1);

  /* Across a leap day */
  g_assert_true (vigil_period_init_complete_days (&period, "2028-03-01", 30, NULL));
  g_assert_cmpstr (period.first_day, ==, "2028-01-31");
  vigil_period_get_last_day (&period, last);
  g_assert_cmpstr (last, ==, "2028-02-29");

  /* Without a day given, the days before today in UTC */
  {
    char today[VIGIL_DAY_LEN];

    vigil_period_today (today);
    g_assert_true (vigil_period_init_complete_days (&period, NULL, 90, NULL));
    vigil_period_get_bounds (&period, from, to);
    g_assert_true (g_str_has_prefix (to, today));
    g_assert_false (vigil_period_is_incomplete (&period, NULL));
  }

  g_assert_false (vigil_period_init_complete_days (&period, "2026-12-05", 0, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
}

static void
test_today_so_far (void)
{
  VigilPeriod period, range;
  char from[VIGIL_TIMESTAMP_LEN], to[VIGIL_TIMESTAMP_LEN];
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_period_init_today_so_far (&period, "2026-12-05", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (period.first_day, ==, "2026-12-05");
  g_assert_cmpuint (period.n_days, ==, 1);
  vigil_period_get_bounds (&period, from, to);
  g_assert_cmpstr (from, ==, "2026-12-05T00:00:00.000000");
  g_assert_cmpstr (to, ==, "2026-12-06T00:00:00.000000");
  g_assert_true (vigil_period_is_incomplete (&period, "2026-12-05"));
  /* Seen the next day, the same day is over */
  g_assert_false (vigil_period_is_incomplete (&period, "2026-12-06"));

  g_assert_true (vigil_period_init_today_so_far (&period, NULL, NULL));
  g_assert_true (vigil_period_is_incomplete (&period, NULL));

  /* A custom range is incomplete when it reaches today or beyond */
  g_assert_true (vigil_period_init_range (&range, "2026-11-29", "2026-12-05", NULL));
  g_assert_true (vigil_period_is_incomplete (&range, "2026-12-05"));
  g_assert_true (vigil_period_init_range (&range, "2026-12-01", "2026-12-31", NULL));
  g_assert_true (vigil_period_is_incomplete (&range, "2026-12-05"));
  g_assert_true (vigil_period_init_range (&range, "2026-11-29", "2026-12-04", NULL));
  g_assert_false (vigil_period_is_incomplete (&range, "2026-12-05"));

  g_assert_false (vigil_period_init_today_so_far (&period, "5 Dec", &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
}

static void
test_invalid (void)
{
  const char *bad_days[] = { "2026-02-30", "26-11-2026", "2026-11-26T00:00", "", "2026/11/26",
                             "2026-13-01", "2026-11-2x" };
  VigilPeriod period = { "2026-11-20", 7 };

  for (guint i = 0; i < G_N_ELEMENTS (bad_days); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (vigil_period_init_last_days (&period, bad_days[i], 7, &error));
      g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "YYYY-MM-DD"));
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (vigil_period_init_range (&period, "2026-11-26", "2026-11-25", &error));
    g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "before it begins"));
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (vigil_period_init_last_days (&period, "2026-11-26", 0, &error));
    g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (vigil_period_init_range (&period, "2000-01-01", "2026-01-01", &error));
    g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
  }

  /* A refused period leaves the old one as it was */
  g_assert_cmpstr (period.first_day, ==, "2026-11-20");
  g_assert_cmpuint (period.n_days, ==, 7);
}

static void
test_describe (void)
{
  VigilPeriod period;
  g_autofree char *week = NULL, *day = NULL;

  g_assert_true (vigil_period_init_range (&period, "2026-11-20", "2026-11-26", NULL));
  week = vigil_period_describe (&period);
  g_assert_cmpstr (week, ==, "20 Nov 2026 – 26 Nov 2026");

  g_assert_true (vigil_period_init_range (&period, "2026-11-05", "2026-11-05", NULL));
  day = vigil_period_describe (&period);
  g_assert_cmpstr (day, ==, "5 Nov 2026");
}

static void
test_describe_brief (void)
{
  VigilPeriod period;
  g_autofree char *week = NULL, *day = NULL;

  g_assert_true (vigil_period_init_range (&period, "2026-11-27", "2026-12-03", NULL));
  week = vigil_period_describe_brief (&period);
  g_assert_cmpstr (week, ==, "27 Nov – 3 Dec");
  g_assert_true (vigil_period_init_range (&period, "2026-12-04", "2026-12-04", NULL));
  day = vigil_period_describe_brief (&period);
  g_assert_cmpstr (day, ==, "4 Dec");
}

static void
test_describe_range (void)
{
  struct { const char *from, *to, *text; } cases[] = {
    { "2026-11-23T00:00:00.000000", "2026-11-24T00:00:00.000000", "23 Nov 2026" },
    { "2026-11-20T00:00:00.000000", "2026-11-27T00:00:00.000000", "20 Nov 2026 – 26 Nov 2026" },
    { "2026-11-23T09:30:00.000000", "2026-11-24T00:00:00.000000",
      "2026-11-23 09:30 to 2026-11-24 00:00 UTC" },
    { "2026-11-04T00:00:00.000000", "2026-11-04T23:59:59.000000",
      "2026-11-04 00:00 to 2026-11-04 23:59:59 UTC" },
    { "2026-11-23T00:00:00.000000", NULL, "From 2026-11-23 00:00 UTC" },
    { NULL, "2026-11-23T00:00:00.000000", "Before 2026-11-23 00:00 UTC" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = vigil_period_describe_range (cases[i].from, cases[i].to);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
  g_assert_null (vigil_period_describe_range (NULL, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/period/last-days", test_last_days);
  g_test_add_func ("/vigil/period/range", test_range);
  g_test_add_func ("/vigil/period/complete-days", test_complete_days);
  g_test_add_func ("/vigil/period/today-so-far", test_today_so_far);
  g_test_add_func ("/vigil/period/invalid", test_invalid);
  g_test_add_func ("/vigil/period/describe", test_describe);
  g_test_add_func ("/vigil/period/describe-brief", test_describe_brief);
  g_test_add_func ("/vigil/period/describe-range", test_describe_range);

  return g_test_run ();
}
