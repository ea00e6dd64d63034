/* vigil-alert-filter.c: which alerts the alerts view lists, and how it words their evidence
 *
 * The alerts view filters the alerts of a period in memory, as the user types; the rules live
 * here, apart from GTK, so that they are tested without widgets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-alert-filter"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "vigil-alert-filter.h"
#include "vigil-check.h"
#include "vigil-timestamp.h"

void
vigil_alert_filter_init (VigilAlertFilter *filter)
{
  g_return_if_fail (filter != NULL);

  memset (filter, 0, sizeof *filter);
}

void
vigil_alert_filter_clear (VigilAlertFilter *filter)
{
  g_return_if_fail (filter != NULL);

  g_clear_pointer (&filter->model_name, g_free);
  g_clear_pointer (&filter->search_terms, g_strfreev);
}

/**
 * vigil_alert_filter_set_model:
 * @model_name: (nullable): a model name; %NULL or "" for every model
 */
void
vigil_alert_filter_set_model (VigilAlertFilter *filter,
                              const char       *model_name)
{
  g_return_if_fail (filter != NULL);

  g_free (filter->model_name);
  filter->model_name = (model_name != NULL && *model_name != '\0') ? g_strdup (model_name) : NULL;
}

/* Case and accents of composition do not matter, and "distribution shift" finds the
 * type of the check labelled "Distribution shift" (underscores fold to spaces). */
static char *
fold (const char *text)
{
  g_autofree char *normalized = NULL;
  char *folded;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return g_strdup ("");

  normalized = g_utf8_normalize (text, -1, G_NORMALIZE_ALL_COMPOSE);
  folded = g_utf8_casefold (normalized, -1);
  g_strdelimit (folded, "_", ' ');
  return folded;
}

/**
 * vigil_alert_filter_set_search:
 * @text: (nullable): what the user typed; words separated by white space
 */
void
vigil_alert_filter_set_search (VigilAlertFilter *filter,
                               const char       *text)
{
  g_autofree char *folded = fold (text);
  g_auto(GStrv) words = NULL;
  GPtrArray *terms = g_ptr_array_new ();

  g_return_if_fail (filter != NULL);

  words = g_strsplit_set (folded, " \t\n\r", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_ptr_array_add (terms, g_strdup (words[i]));

  g_clear_pointer (&filter->search_terms, g_strfreev);
  if (terms->len > 0)
    {
      g_ptr_array_add (terms, NULL);
      filter->search_terms = (char **) g_ptr_array_free (terms, FALSE);
    }
  else
    {
      g_ptr_array_free (terms, TRUE);
    }
}

/**
 * vigil_alert_filter_matches:
 *
 * Returns: whether @alert passes every condition of @filter
 */
gboolean
vigil_alert_filter_matches (const VigilAlertFilter *filter,
                            VigilAlert             *alert)
{
  g_autofree char *haystack = NULL;
  g_autofree char *folded = NULL;

  g_return_val_if_fail (filter != NULL, FALSE);
  g_return_val_if_fail (VIGIL_IS_ALERT (alert), FALSE);

  if (filter->has_severity && vigil_alert_get_severity (alert) != filter->severity)
    return FALSE;
  if (filter->model_name != NULL
      && g_strcmp0 (vigil_alert_get_model_name (alert), filter->model_name) != 0)
    return FALSE;
  if (filter->unacknowledged_only && vigil_alert_get_acknowledged (alert))
    return FALSE;
  if (filter->search_terms == NULL)
    return TRUE;

  /* One string, with a separator that no folded word contains, so that a word never matches
   * across two fields. */
  haystack = g_strjoin ("\n",
                        vigil_alert_get_description (alert) ? vigil_alert_get_description (alert) : "",
                        vigil_alert_get_alert_type (alert) ? vigil_alert_get_alert_type (alert) : "",
                        vigil_alert_get_model_name (alert) ? vigil_alert_get_model_name (alert) : "",
                        NULL);
  folded = fold (haystack);
  for (guint i = 0; filter->search_terms[i] != NULL; i++)
    if (strstr (folded, filter->search_terms[i]) == NULL)
      return FALSE;
  return TRUE;
}

/**
 * vigil_alert_type_to_label:
 * @alert_type: (nullable): a check's name, as stored
 *
 * Returns: (transfer full): the check's name as a person reads it
 */
char *
vigil_alert_type_to_label (const char *alert_type)
{
  const VigilCheckInfo *info;

  if (alert_type == NULL)
    return g_strdup (_("Unknown"));

  info = vigil_check_lookup (alert_type);
  if (info != NULL)
    return g_strdup (_(info->label));

  return g_strdup (alert_type);
}

/**
 * vigil_format_alert_time:
 * @timestamp: (nullable): a stored UTC timestamp
 *
 * Returns: (transfer full): the time to the second, "2026-11-04 23:59:59", or a dash when
 *   there is none
 */
char *
vigil_format_alert_time (const char *timestamp)
{
  g_autoptr(GDateTime) time = NULL;
  gint64 usec;

  if (timestamp == NULL || !vigil_timestamp_parse (timestamp, &usec, NULL))
    return g_strdup ("—");

  time = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  if (time == NULL)
    return g_strdup (timestamp);
  return g_date_time_format (time, "%Y-%m-%d %H:%M:%S");
}

/**
 * vigil_format_alert_window:
 * @window_start: (nullable): the stored start of an alert's window
 * @window_end: (nullable): its end, excluded
 *
 * The day of an alert is the window it describes. A window of whole UTC days reads as its
 * days, both included; any other as its two instants.
 *
 * Returns: (transfer full): "2026-11-04", "2026-11-02 to 2026-11-04", or
 *   "2026-11-04 06:00:00 to 2026-11-05 06:00:00"
 */
char *
vigil_format_alert_window (const char *window_start,
                           const char *window_end)
{
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  gint64 s, e;

  if (vigil_timestamp_parse (window_start, &s, NULL) &&
      vigil_timestamp_parse (window_end, &e, NULL) && e > s &&
      s % G_TIME_SPAN_DAY == 0 && e % G_TIME_SPAN_DAY == 0)
    {
      char first[VIGIL_TIMESTAMP_LEN], last[VIGIL_TIMESTAMP_LEN];

      vigil_timestamp_format (s, first);
      vigil_timestamp_format (e - G_TIME_SPAN_DAY, last);
      first[10] = last[10] = '\0';
      if (e - s == G_TIME_SPAN_DAY)
        return g_strdup (first);
      /* Translators: an alert's window of whole days, the first and the last included */
      return g_strdup_printf (_("%s to %s"), first, last);
    }
  start = vigil_format_alert_time (window_start);
  end = vigil_format_alert_time (window_end);
  /* Translators: an alert's window, from its start to its end */
  return g_strdup_printf (_("%s to %s"), start, end);
}

/**
 * vigil_format_evidence_value:
 *
 * Returns: (transfer full): an observed, baseline or threshold value with four significant
 *   digits, or "Not recorded" for NAN
 */
char *
vigil_format_evidence_value (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return g_strdup (_("Not recorded"));

  /* The locale's decimal separator: these are read, not parsed. */
  g_snprintf (buffer, sizeof buffer, "%.4g", value);
  return g_strdup (buffer);
}

/**
 * vigil_format_alert_evidence:
 * @alert_type: the check that raised the alert
 * @part: which of its values @value is
 *
 * Returns: (transfer full): @value as what it measures, as the check's descriptor says: a
 *   share or a mean confidence as a percentage ("58.0%"), a volume in decisions a day, PSI
 *   named ("PSI 0.31"), and for PSI's baseline that it has none; "Not recorded" for NAN
 */
char *
vigil_format_alert_evidence (const char        *alert_type,
                             VigilEvidencePart  part,
                             double             value)
{
  const VigilCheckInfo *info = alert_type != NULL ? vigil_check_lookup (alert_type) : NULL;

  if (info != NULL && info->evidence == VIGIL_EVIDENCE_PSI && part == VIGIL_EVIDENCE_BASELINE)
    return g_strdup (_("None: PSI measures the window against the baseline"));
  if (isnan (value))
    return g_strdup (_("Not recorded"));
  if (info == NULL)
    return vigil_format_evidence_value (value);

  switch (info->evidence)
    {
    case VIGIL_EVIDENCE_SHARE:
      /* Translators: a share or a mean confidence as a percentage, "58.0%" */
      return g_strdup_printf (_("%.1f%%"), value * 100.0);
    case VIGIL_EVIDENCE_RATE:
      if (part == VIGIL_EVIDENCE_THRESHOLD)
        /* Translators: a volume check's threshold, a ratio to the baseline, "3×" */
        return g_strdup_printf (_("%g× the baseline"), value);
      /* Translators: a model's volume of decisions */
      return g_strdup_printf (_("%.0f decisions a day"), value);
    case VIGIL_EVIDENCE_PSI:
    default:
      /* Translators: a population stability index */
      return g_strdup_printf (_("PSI %.2f"), value);
    }
}

/**
 * vigil_format_p_value:
 *
 * Returns: (transfer full): "< 0.0001" for tiny p-values, four decimals otherwise, or
 *   "Not computed" for NAN
 */
char *
vigil_format_p_value (double p_value)
{
  if (isnan (p_value))
    return g_strdup (_("Not computed"));
  if (p_value < 0.0001)
    return g_strdup_printf ("< %.4f", 0.0001);
  return g_strdup_printf ("%.4f", MIN (p_value, 1.0));
}
