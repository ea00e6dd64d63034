/* vigil-alert-notice.c: the words of a desktop notification about the new alerts of a check run
 *
 * A check run that raises alerts is told in one notice, not one per alert: its title counts
 * the new alerts worth telling and names the model, its body lists them, most severe first.
 * Alerts stored by an earlier run are not news and are left out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-alert-notice"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-alert-filter.h"
#include "vigil-alert-notice.h"
#include "vigil-check-result.h"

static const char *
severity_label (VigilSeverity severity)
{
  switch (severity)
    {
    case VIGIL_SEVERITY_HIGH:
      /* Translators: an alert's severity */
      return C_("severity", "High");
    case VIGIL_SEVERITY_MEDIUM:
      /* Translators: an alert's severity */
      return C_("severity", "Medium");
    case VIGIL_SEVERITY_LOW:
    default:
      /* Translators: an alert's severity */
      return C_("severity", "Low");
    }
}

/* Most severe first; the run's order (model, then check) otherwise */
static int
compare_severity (gconstpointer a,
                  gconstpointer b)
{
  VigilAlert *x = *(VigilAlert * const *) a;
  VigilAlert *y = *(VigilAlert * const *) b;

  return (int) vigil_alert_get_severity (y) - (int) vigil_alert_get_severity (x);
}

static char *
describe_alert (VigilAlert *alert,
                gboolean    with_model)
{
  g_autofree char *label = vigil_alert_type_to_label (vigil_alert_get_alert_type (alert));
  const char *subject = vigil_alert_get_subject (alert);
  const char *severity = severity_label (vigil_alert_get_severity (alert));
  g_autofree char *text = NULL;

  if (subject != NULL && *subject != '\0')
    /* Translators: an alert in a notification: its kind, what it concerns (a ticker, a
     * category, an input), its severity */
    text = g_strdup_printf (_("%s “%s” (%s)"), label, subject, severity);
  else
    /* Translators: an alert in a notification: its kind and its severity */
    text = g_strdup_printf (_("%s (%s)"), label, severity);

  if (!with_model)
    return g_steal_pointer (&text);
  /* Translators: an alert in a notification about several models: the model, the alert */
  return g_strdup_printf (_("%s: %s"), vigil_alert_get_model_name (alert), text);
}

/**
 * vigil_alert_notice_compose:
 * @results: (element-type VigilCheckResult): what a check run found
 * @min_severity: the least severity worth telling
 * @title: (out) (optional): the notice's title, or %NULL when there is nothing to tell
 * @body: (out) (optional): the notice's body, one alert a line
 *
 * Returns: how many new alerts at or above @min_severity the run raised
 */
guint
vigil_alert_notice_compose (GPtrArray      *results,
                            VigilSeverity   min_severity,
                            char          **title,
                            char          **body)
{
  g_autoptr(GPtrArray) alerts = g_ptr_array_new ();
  g_autoptr(GString) text = NULL;
  g_autoptr(GHashTable) models = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean several_models;
  guint n;

  g_return_val_if_fail (results != NULL, 0);

  if (title != NULL)
    *title = NULL;
  if (body != NULL)
    *body = NULL;

  for (guint i = 0; i < results->len; i++)
    {
      VigilCheckResult *result = g_ptr_array_index (results, i);
      VigilAlert *alert = vigil_check_result_get_alert (result);

      if (vigil_check_result_get_outcome (result) != VIGIL_OUTCOME_ALERTED || alert == NULL ||
          !vigil_check_result_get_alert_is_new (result) ||
          vigil_alert_get_severity (alert) < min_severity)
        continue;
      g_ptr_array_add (alerts, alert);
      if (vigil_alert_get_model_name (alert) != NULL)
        g_hash_table_add (models, (gpointer) vigil_alert_get_model_name (alert));
    }

  n = alerts->len;
  if (n == 0)
    return 0;
  several_models = g_hash_table_size (models) > 1;
  g_ptr_array_sort (alerts, compare_severity);

  if (title != NULL)
    {
      if (several_models)
        /* Translators: a notification's title; the first %u is a number of alerts (always
         * more than one), the second a number of models */
        *title = g_strdup_printf (_("%u new alerts on %u models"), n,
                                  g_hash_table_size (models));
      else
        /* Translators: a notification's title: a number of alerts and the model's name */
        *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new alert on %s",
                                               "%u new alerts on %s", n),
                                  n, vigil_alert_get_model_name (g_ptr_array_index (alerts, 0)));
    }

  if (body == NULL)
    return n;

  text = g_string_new (NULL);
  for (guint i = 0; i < n && i < VIGIL_ALERT_NOTICE_MAX_SHOWN; i++)
    {
      g_autofree char *line = describe_alert (g_ptr_array_index (alerts, i), several_models);

      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, line);
    }
  if (n > VIGIL_ALERT_NOTICE_MAX_SHOWN)
    {
      guint more = n - VIGIL_ALERT_NOTICE_MAX_SHOWN;

      g_string_append_c (text, '\n');
      /* Translators: the last line of a notification that lists only some alerts */
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "and %u more",
                                                 "and %u more", more),
                              more);
    }
  *body = g_string_free (g_steal_pointer (&text), FALSE);
  return n;
}
