/* vigil-summary-text.c: the words and numbers of the dashboard's summary cards
 *
 * The same words serve the dashboard and the report's executive summary.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-summary-text"

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "vigil-summary-text.h"

/* The locale's thousands separator; the C locale has none, and a risk officer reading
 * 1234567 decisions should not have to count digits, so it falls back to a comma. */
static const char *
thousands_separator (void)
{
  const struct lconv *conv = localeconv ();

  return conv->thousands_sep != NULL && conv->thousands_sep[0] != '\0' ? conv->thousands_sep
                                                                      : ",";
}

static const char *
decimal_point (void)
{
  const struct lconv *conv = localeconv ();

  return conv->decimal_point != NULL && conv->decimal_point[0] != '\0' ? conv->decimal_point
                                                                      : ".";
}

char *
vigil_summary_text_format_count (gint64 count)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                             count < 0 ? -(guint64) count : (guint64) count);
  const char *separator = thousands_separator ();
  GString *text = g_string_new (count < 0 ? "-" : NULL);
  gsize n = strlen (digits);

  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append (text, separator);
      g_string_append_c (text, digits[i]);
    }
  return g_string_free (text, FALSE);
}

static char *
format_rate (double per_day)
{
  double whole;
  int tenth;
  g_autofree char *count = NULL;

  if (!isfinite (per_day) || per_day < 0)
    return g_strdup ("–");
  if (per_day >= 100 || per_day == floor (per_day))
    return vigil_summary_text_format_count ((gint64) llround (per_day));

  tenth = (int) lround (per_day * 10.0);
  whole = floor (tenth / 10.0);
  count = vigil_summary_text_format_count ((gint64) whole);
  return g_strdup_printf ("%s%s%d", count, decimal_point (), tenth % 10);
}

static gulong
plural_n (gint64 n)
{
  return (gulong) CLAMP (n, 0, G_MAXLONG);
}

char *
vigil_summary_text_value (const VigilSummary *summary,
                          VigilSummaryCard    card)
{
  g_return_val_if_fail (summary != NULL, NULL);

  switch (card)
    {
    case VIGIL_SUMMARY_CARD_DECISIONS:
      return vigil_summary_text_format_count (summary->total_decisions);
    case VIGIL_SUMMARY_CARD_PER_DAY:
      return format_rate (summary->decisions_per_day);
    case VIGIL_SUMMARY_CARD_PENDING_REVIEWS:
      return vigil_summary_text_format_count (summary->pending_reviews);
    case VIGIL_SUMMARY_CARD_FLAGGED:
      return vigil_summary_text_format_count (summary->flagged);
    case VIGIL_SUMMARY_CARD_ALERTS:
      return vigil_summary_text_format_count (summary->alerts);
    case VIGIL_SUMMARY_CARD_HIGH_ALERTS:
      return vigil_summary_text_format_count (summary->high_alerts);
    case VIGIL_SUMMARY_N_CARDS:
    default:
      g_return_val_if_reached (NULL);
    }
}

char *
vigil_summary_text_caption (const VigilSummary *summary,
                            VigilSummaryCard    card)
{
  g_return_val_if_fail (summary != NULL, NULL);

  switch (card)
    {
    case VIGIL_SUMMARY_CARD_DECISIONS:
      return g_strdup (g_dngettext (GETTEXT_PACKAGE, "Decision", "Decisions",
                                    plural_n (summary->total_decisions)));
    case VIGIL_SUMMARY_CARD_PER_DAY:
      return g_strdup (_("Decisions a Day"));
    case VIGIL_SUMMARY_CARD_PENDING_REVIEWS:
      return g_strdup (_("Pending Review"));
    case VIGIL_SUMMARY_CARD_FLAGGED:
      return g_strdup (_("Flagged"));
    case VIGIL_SUMMARY_CARD_ALERTS:
      return g_strdup (g_dngettext (GETTEXT_PACKAGE, "Alert", "Alerts",
                                    plural_n (summary->alerts)));
    case VIGIL_SUMMARY_CARD_HIGH_ALERTS:
      return g_strdup (_("High Severity"));
    case VIGIL_SUMMARY_N_CARDS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* A line under the caption that says what the number means, or what to do about it. */
char *
vigil_summary_text_detail (const VigilSummary *summary,
                           VigilSummaryCard    card)
{
  g_autofree char *count = NULL;

  g_return_val_if_fail (summary != NULL, NULL);

  switch (card)
    {
    case VIGIL_SUMMARY_CARD_DECISIONS:
      {
        int days = (int) lround (summary->days);

        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "in %d day", "in %d days",
                                             (gulong) MAX (days, 0)), days);
      }
    case VIGIL_SUMMARY_CARD_PER_DAY:
      if (!isfinite (summary->mean_confidence))
        return g_strdup (_("no confidence reported"));
      /* Translators: %.0f%% is the models' mean confidence, e.g. "mean confidence 73%" */
      return g_strdup_printf (_("mean confidence %.0f%%"), summary->mean_confidence * 100.0);
    case VIGIL_SUMMARY_CARD_PENDING_REVIEWS:
      count = vigil_summary_text_format_count (summary->reviewed);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s reviewed", "%s reviewed",
                                           plural_n (summary->reviewed)), count);
    case VIGIL_SUMMARY_CARD_FLAGGED:
      if (summary->total_decisions <= 0)
        return g_strdup (_("no decisions"));
      /* Translators: the share of the period's decisions that the checks flagged */
      return g_strdup_printf (_("%.2f%% of decisions"),
                              100.0 * (double) summary->flagged
                              / (double) summary->total_decisions);
    case VIGIL_SUMMARY_CARD_ALERTS:
      if (summary->unacknowledged_alerts == 0)
        return g_strdup (summary->alerts == 0 ? _("none raised") : _("all acknowledged"));
      count = vigil_summary_text_format_count (summary->unacknowledged_alerts);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s unacknowledged",
                                           "%s unacknowledged",
                                           plural_n (summary->unacknowledged_alerts)), count);
    case VIGIL_SUMMARY_CARD_HIGH_ALERTS:
      return g_strdup (summary->high_alerts == 0 ? _("none") : _("need attention first"));
    case VIGIL_SUMMARY_N_CARDS:
    default:
      g_return_val_if_reached (NULL);
    }
}
