/* test-timestamp.c: parsing and formatting of timestamps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "vigil-timestamp.h"

static char *
normalize (const char *text)
{
  char out[VIGIL_TIMESTAMP_LEN];
  g_autoptr(GError) error = NULL;

  if (!vigil_timestamp_normalize (text, out, &error))
    return NULL;
  return g_strdup (out);
}

static void
test_forms (void)
{
  struct { const char *in, *out; } cases[] = {
    { "2026-11-26", "2026-11-26T00:00:00.000000" },
    { "2026-11-26T09:30", "2026-11-26T09:30:00.000000" },
    { "2026-11-26T09:30:15", "2026-11-26T09:30:15.000000" },
    { "2026-11-26 09:30:15.5", "2026-11-26T09:30:15.500000" },
    { "2026-11-26T09:30:15.123456789Z", "2026-11-26T09:30:15.123456" },
    { "2026-11-26T09:30:15Z", "2026-11-26T09:30:15.000000" },
    { "2026-11-26T09:30:15+02:00", "2026-11-26T07:30:15.000000" },
    { "2026-11-26T01:30:15+0200", "2026-11-25T23:30:15.000000" },
    { "2026-12-31T23:30:00-01:00", "2027-01-01T00:30:00.000000" },
    { "2024-02-29T12:00:00", "2024-02-29T12:00:00.000000" },
    { "1970-01-01T00:00:00Z", "1970-01-01T00:00:00.000000" },
    { "1969-12-31T23:59:59.999999Z", "1969-12-31T23:59:59.999999" },
    /* The notebook's own format, from datetime.isoformat() */
    { "2026-11-26T09:30:15.004211", "2026-11-26T09:30:15.004211" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = normalize (cases[i].in);
      g_assert_cmpstr (got, ==, cases[i].out);
    }
}

static void
test_rejects (void)
{
  const char *bad[] = {
    "", "yesterday", "2026-13-01", "2026-02-30", "2025-02-29", "2026-11-26T24:00:00",
    "2026-11-26T12:60", "2026-11-26T12:00:61", "2026-11-26T12:00:00.", "2026-11-26T12:00:00+25:00",
    "26-11-2026", "2026-11-26T12:00:00 extra", "2026-1-5", "2026-11-26T12",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      char out[VIGIL_TIMESTAMP_LEN];

      g_assert_false (vigil_timestamp_normalize (bad[i], out, &error));
      g_assert_nonnull (error);
      /* The message quotes what was wrong, so the user can find it. */
      g_assert_nonnull (strstr (error->message, bad[i]));
    }
}

static void
test_round_trip (void)
{
  /* Formatting then parsing gives the same instant, across centuries and leap days. */
  for (gint64 usec = -G_GINT64_CONSTANT (2208988800000000); usec < G_GINT64_CONSTANT (4102444800000000);
       usec += G_GINT64_CONSTANT (86399999937) * 7)
    {
      char text[VIGIL_TIMESTAMP_LEN];
      gint64 back;

      vigil_timestamp_format (usec, text);
      g_assert_true (vigil_timestamp_parse (text, &back, NULL));
      g_assert_cmpint (back, ==, usec);
    }
}

static void
test_order (void)
{
  /* Lexical order of the stored form is time order. */
  char a[VIGIL_TIMESTAMP_LEN], b[VIGIL_TIMESTAMP_LEN];

  vigil_timestamp_format (G_GINT64_CONSTANT (1000000), a);
  vigil_timestamp_format (G_GINT64_CONSTANT (999999999999), b);
  g_assert_cmpint (strcmp (a, b), <, 0);
}

static gboolean
record_rows (const char *from,
             const char *to,
             gpointer    data)
{
  g_string_append_printf (data, "rows %s %s\n", from, to);
  return TRUE;
}

static gboolean
record_days (const VigilDaySpan *days,
             gpointer            data)
{
  g_string_append_printf (data, "days %s %s\n", days->first_day, days->end_day);
  return TRUE;
}

static char *
read_span (const char *from,
           const char *to)
{
  GString *parts = g_string_new (NULL);

  g_assert_true (vigil_timestamp_read_span (from, to, record_rows, record_days, parts));
  return g_string_free (parts, FALSE);
}

/* A span is read as its whole days and the parts of days at its ends, in order */
static void
test_read_span (void)
{
  g_autofree char *both = read_span ("2026-11-01T13:00:00.000000", "2026-11-04T06:00:00.000000");
  g_autofree char *whole = read_span ("2026-11-01T00:00:00.000000", "2026-11-03T00:00:00.000000");
  g_autofree char *within = read_span ("2026-11-01T13:00:00.000000", "2026-11-02T06:00:00.000000");

  g_assert_cmpstr (both, ==,
                   "rows 2026-11-01T13:00:00.000000 2026-11-02T00:00:00.000000\n"
                   "days 2026-11-02 2026-11-04\n"
                   "rows 2026-11-04T00:00:00.000000 2026-11-04T06:00:00.000000\n");
  g_assert_cmpstr (whole, ==, "days 2026-11-01 2026-11-03\n");
  g_assert_cmpstr (within, ==,
                   "rows 2026-11-01T13:00:00.000000 2026-11-02T06:00:00.000000\n");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/timestamp/forms", test_forms);
  g_test_add_func ("/vigil/timestamp/rejects", test_rejects);
  g_test_add_func ("/vigil/timestamp/round-trip", test_round_trip);
  g_test_add_func ("/vigil/timestamp/order", test_order);
  g_test_add_func ("/vigil/timestamp/read-span", test_read_span);

  return g_test_run ();
}
