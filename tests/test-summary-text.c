/* test-summary-text.c: the words and numbers of the dashboard's summary cards
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <math.h>

#include "vigil-summary-text.h"

static VigilSummary *
make_summary (void)
{
  VigilSummary *summary = g_new0 (VigilSummary, 1);

  summary->days = 7;
  summary->total_decisions = 1234567;
  summary->decisions_per_day = 1234567 / 7.0;
  summary->pending_reviews = 1234000;
  summary->reviewed = 567;
  summary->flagged = 1234;
  summary->alerts = 3;
  summary->high_alerts = 1;
  summary->unacknowledged_alerts = 2;
  summary->mean_confidence = 0.734;
  return summary;
}

static char *
value (const VigilSummary *summary, VigilSummaryCard card)
{
  return vigil_summary_text_value (summary, card);
}

static void
test_values (void)
{
  g_autoptr(VigilSummary) summary = make_summary ();
  g_autofree char *total = value (summary, VIGIL_SUMMARY_CARD_DECISIONS);
  g_autofree char *per_day = value (summary, VIGIL_SUMMARY_CARD_PER_DAY);
  g_autofree char *pending = value (summary, VIGIL_SUMMARY_CARD_PENDING_REVIEWS);
  g_autofree char *flagged = value (summary, VIGIL_SUMMARY_CARD_FLAGGED);
  g_autofree char *high = value (summary, VIGIL_SUMMARY_CARD_HIGH_ALERTS);

  /* The C locale groups nothing: Vigil falls back to commas */
  g_assert_cmpstr (total, ==, "1,234,567");
  g_assert_cmpstr (per_day, ==, "176,367");
  g_assert_cmpstr (pending, ==, "1,234,000");
  g_assert_cmpstr (flagged, ==, "1,234");
  g_assert_cmpstr (high, ==, "1");

  summary->decisions_per_day = 12.0 / 7.0;
  g_free (per_day);
  per_day = value (summary, VIGIL_SUMMARY_CARD_PER_DAY);
  g_assert_cmpstr (per_day, ==, "1.7");

  summary->decisions_per_day = 3;
  g_free (per_day);
  per_day = value (summary, VIGIL_SUMMARY_CARD_PER_DAY);
  g_assert_cmpstr (per_day, ==, "3");
}

static void
test_details (void)
{
  g_autoptr(VigilSummary) summary = make_summary ();
  g_autofree char *days = vigil_summary_text_detail (summary, VIGIL_SUMMARY_CARD_DECISIONS);
  g_autofree char *confidence = vigil_summary_text_detail (summary, VIGIL_SUMMARY_CARD_PER_DAY);
  g_autofree char *unack = vigil_summary_text_detail (summary, VIGIL_SUMMARY_CARD_ALERTS);
  g_autofree char *share = vigil_summary_text_detail (summary, VIGIL_SUMMARY_CARD_FLAGGED);
  g_autofree char *caption = vigil_summary_text_caption (summary, VIGIL_SUMMARY_CARD_ALERTS);
  g_autofree char *one_day = NULL, *none = NULL, *all_acked = NULL, *no_conf = NULL;
  g_autofree char *one_caption = NULL;

  g_assert_cmpstr (days, ==, "in 7 days");
  g_assert_cmpstr (confidence, ==, "mean confidence 73%");
  g_assert_cmpstr (unack, ==, "2 unacknowledged");
  g_assert_cmpstr (share, ==, "0.10% of decisions");
  g_assert_cmpstr (caption, ==, "Alerts");

  summary->days = 1;
  summary->alerts = 1;
  summary->unacknowledged_alerts = 0;
  summary->mean_confidence = NAN;
  one_day = vigil_summary_text_detail (summary, VIGIL_SUMMARY_CARD_DECISIONS);
  all_acked = vigil_summary_text_detail (summary, VIGIL_SUMMARY_CARD_ALERTS);
  no_conf = vigil_summary_text_detail (summary, VIGIL_SUMMARY_CARD_PER_DAY);
  one_caption = vigil_summary_text_caption (summary, VIGIL_SUMMARY_CARD_ALERTS);
  g_assert_cmpstr (one_day, ==, "in 1 day");
  g_assert_cmpstr (all_acked, ==, "all acknowledged");
  g_assert_cmpstr (no_conf, ==, "no confidence reported");
  g_assert_cmpstr (one_caption, ==, "Alert");

  summary->alerts = 0;
  summary->total_decisions = 0;
  none = vigil_summary_text_detail (summary, VIGIL_SUMMARY_CARD_ALERTS);
  g_assert_cmpstr (none, ==, "none raised");
  g_free (share);
  share = vigil_summary_text_detail (summary, VIGIL_SUMMARY_CARD_FLAGGED);
  g_assert_cmpstr (share, ==, "no decisions");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/summary-text/values", test_values);
  g_test_add_func ("/vigil/summary-text/details", test_details);

  return g_test_run ();
}
