/* test-alert-filter.c: the rules by which the alerts view filters and words alerts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-alert-filter"

#include "config.h"

#include <math.h>

#include "vigil-alert-filter.h"
#include "vigil-store.h"
#include "vigil-test-util.h"

/* Alerts as the store returns them, so that acknowledgement is real. */
static GListModel *
store_alerts (Fixture *f)
{
  static const struct
  {
    const char    *type;
    VigilSeverity  severity;
    const char    *model;
    const char    *description;
    const char    *day;
  } rows[] = {
    { "distribution_shift", VIGIL_SEVERITY_HIGH, "MomentumSignal",
      "'SELL' prediction shifted from 24.1% to 71.0%", "2026-11-04" },
    { "concentration_risk", VIGIL_SEVERITY_MEDIUM, "MomentumSignal",
      "Ticker NVDA has 43.0% of recent decisions", "2026-11-04" },
    { "volume_anomaly", VIGIL_SEVERITY_LOW, "CreditXGBoost",
      "Daily volume 2.6x the baseline average", "2026-11-05" },
    { "confidence_shift", VIGIL_SEVERITY_MEDIUM, "CreditXGBoost",
      "Mean confidence fell from 0.86 to 0.61 (Ünterschied)", "2026-11-05" },
  };
  g_autoptr(VigilAlertQuery) query = vigil_alert_query_new ();
  g_autoptr(GError) error = NULL;
  GListModel *list;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(VigilAlert) alert = vigil_alert_new (rows[i].type, rows[i].severity,
                                                     rows[i].model, rows[i].description);
      g_autofree char *start = g_strdup_printf ("%sT00:00:00Z", rows[i].day);
      g_autofree char *end = g_strdup_printf ("%sT23:59:59Z", rows[i].day);

      vigil_alert_set_timestamp (alert, end);
      vigil_alert_set_windows (alert, "2026-10-28T00:00:00Z", start, end);
      g_assert_true (vigil_store_add_alert (f->store, alert, NULL, &error));
      g_assert_no_error (error);
      if (i == 1)
        {
          g_assert_true (vigil_store_acknowledge_alert (f->store, vigil_alert_get_id (alert),
                                                        "Jane Doe", NULL, &error));
          g_assert_no_error (error);
        }
    }

  list = vigil_store_query_alerts (f->store, query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, G_N_ELEMENTS (rows));
  return list;
}

/* The alert types, in store order (newest first), that @filter lets through, joined by ",". */
static char *
passing (GListModel             *alerts,
         const VigilAlertFilter *filter)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (alerts); i++)
    {
      g_autoptr(VigilAlert) alert = g_list_model_get_item (alerts, i);

      if (!vigil_alert_filter_matches (filter, alert))
        continue;
      if (out->len > 0)
        g_string_append_c (out, ',');
      g_string_append (out, vigil_alert_get_alert_type (alert));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

#define ASSERT_PASSING(alerts, filter, expected) G_STMT_START { \
    g_autofree char *got_ = passing (alerts, filter);              \
    g_assert_cmpstr (got_, ==, expected);                          \
  } G_STMT_END

static void
test_conditions (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GListModel) alerts = store_alerts (f);
  VigilAlertFilter filter;

  vigil_alert_filter_init (&filter);
  ASSERT_PASSING (alerts, &filter,
                  "confidence_shift,volume_anomaly,concentration_risk,distribution_shift");

  filter.has_severity = TRUE;
  filter.severity = VIGIL_SEVERITY_MEDIUM;
  ASSERT_PASSING (alerts, &filter, "confidence_shift,concentration_risk");
  filter.severity = VIGIL_SEVERITY_LOW;
  ASSERT_PASSING (alerts, &filter, "volume_anomaly");
  filter.has_severity = FALSE;

  vigil_alert_filter_set_model (&filter, "MomentumSignal");
  ASSERT_PASSING (alerts, &filter, "concentration_risk,distribution_shift");
  vigil_alert_filter_set_model (&filter, "Momentum");
  ASSERT_PASSING (alerts, &filter, "");
  vigil_alert_filter_set_model (&filter, "");
  g_assert_null (filter.model_name);
  ASSERT_PASSING (alerts, &filter,
                  "confidence_shift,volume_anomaly,concentration_risk,distribution_shift");

  filter.unacknowledged_only = TRUE;
  ASSERT_PASSING (alerts, &filter, "confidence_shift,volume_anomaly,distribution_shift");

  /* Conditions combine. */
  filter.has_severity = TRUE;
  filter.severity = VIGIL_SEVERITY_MEDIUM;
  ASSERT_PASSING (alerts, &filter, "confidence_shift");
  vigil_alert_filter_set_model (&filter, "MomentumSignal");
  ASSERT_PASSING (alerts, &filter, "");

  vigil_alert_filter_clear (&filter);
  g_assert_null (filter.model_name);
  g_assert_null (filter.search_terms);
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GListModel) alerts = store_alerts (f);
  VigilAlertFilter filter;

  vigil_alert_filter_init (&filter);

  /* The description, case-insensitively. */
  vigil_alert_filter_set_search (&filter, "nvda");
  ASSERT_PASSING (alerts, &filter, "concentration_risk");
  vigil_alert_filter_set_search (&filter, "ÜNTERSCHIED");
  ASSERT_PASSING (alerts, &filter, "confidence_shift");

  /* The type, as stored or as read. */
  vigil_alert_filter_set_search (&filter, "volume_anomaly");
  ASSERT_PASSING (alerts, &filter, "volume_anomaly");
  vigil_alert_filter_set_search (&filter, "Distribution Shift");
  ASSERT_PASSING (alerts, &filter, "distribution_shift");

  /* The model. */
  vigil_alert_filter_set_search (&filter, "credit");
  ASSERT_PASSING (alerts, &filter, "confidence_shift,volume_anomaly");

  /* Every word must match, each anywhere. */
  vigil_alert_filter_set_search (&filter, "  credit   confidence ");
  ASSERT_PASSING (alerts, &filter, "confidence_shift");
  vigil_alert_filter_set_search (&filter, "credit nvda");
  ASSERT_PASSING (alerts, &filter, "");

  /* No word matches across two fields. */
  vigil_alert_filter_set_search (&filter, "average volume");
  ASSERT_PASSING (alerts, &filter, "volume_anomaly");
  vigil_alert_filter_set_search (&filter, "average\nvolume_anomaly");
  ASSERT_PASSING (alerts, &filter, "volume_anomaly");
  vigil_alert_filter_set_search (&filter, "average volume anomaly creditxgboost");
  ASSERT_PASSING (alerts, &filter, "volume_anomaly");
  vigil_alert_filter_set_search (&filter, "averagevolume");
  ASSERT_PASSING (alerts, &filter, "");

  /* Blank text filters nothing out; invalid UTF-8 matches nothing but does not crash. */
  vigil_alert_filter_set_search (&filter, " \t ");
  g_assert_null (filter.search_terms);
  ASSERT_PASSING (alerts, &filter,
                  "confidence_shift,volume_anomaly,concentration_risk,distribution_shift");
  vigil_alert_filter_set_search (&filter, NULL);
  g_assert_null (filter.search_terms);

  /* Search and the other conditions combine. */
  vigil_alert_filter_set_search (&filter, "shift");
  ASSERT_PASSING (alerts, &filter, "confidence_shift,distribution_shift");
  filter.has_severity = TRUE;
  filter.severity = VIGIL_SEVERITY_HIGH;
  ASSERT_PASSING (alerts, &filter, "distribution_shift");

  vigil_alert_filter_clear (&filter);
}

static void
test_wording (void)
{
  struct
  {
    double      value;
    const char *text;
  } p_values[] = {
    { 1.5e-12, "< 0.0001" },
    { 0.0, "< 0.0001" },
    { 0.00009999, "< 0.0001" },
    { 0.0001, "0.0001" },
    { 0.0123456, "0.0123" },
    { 0.5, "0.5000" },
    { 1.0, "1.0000" },
    { NAN, "Not computed" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (p_values); i++)
    {
      g_autofree char *text = vigil_format_p_value (p_values[i].value);

      g_assert_cmpstr (text, ==, p_values[i].text);
    }

  /* Each value as what its check measures */
  {
    static const struct
    {
      const char        *type;
      VigilEvidencePart  part;
      double             value;
      const char        *text;
    } evidence[] = {
      { "distribution_shift", VIGIL_EVIDENCE_OBSERVED, 0.71, "71.0%" },
      { "confidence_shift", VIGIL_EVIDENCE_BASELINE, 0.6234, "62.3%" },
      { "volume_anomaly", VIGIL_EVIDENCE_OBSERVED, 412.4, "412 decisions a day" },
      { "volume_anomaly", VIGIL_EVIDENCE_THRESHOLD, 3, "3× the baseline" },
      { "feature_drift", VIGIL_EVIDENCE_OBSERVED, 0.3141, "PSI 0.31" },
      { "feature_drift", VIGIL_EVIDENCE_BASELINE, 0, "None: PSI measures the window against "
                                                     "the baseline" },
      { "custom_check", VIGIL_EVIDENCE_OBSERVED, 0.241, "0.241" },
      { "distribution_shift", VIGIL_EVIDENCE_BASELINE, NAN, "Not recorded" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (evidence); i++)
      {
        g_autofree char *text = vigil_format_alert_evidence (evidence[i].type, evidence[i].part,
                                                             evidence[i].value);

        g_assert_cmpstr (text, ==, evidence[i].text);
      }
  }

  {
    g_autofree char *a = vigil_format_evidence_value (0.241);
    g_autofree char *b = vigil_format_evidence_value (0.71012345);
    g_autofree char *c = vigil_format_evidence_value (350);
    g_autofree char *d = vigil_format_evidence_value (NAN);
    g_autofree char *t = vigil_format_alert_time ("2026-11-04T23:59:59.000000");
    g_autofree char *u = vigil_format_alert_time (NULL);
    g_autofree char *v = vigil_format_alert_time ("yesterday");
    g_autofree char *day = vigil_format_alert_window ("2026-11-04T00:00:00.000000",
                                                      "2026-11-05T00:00:00.000000");
    g_autofree char *days = vigil_format_alert_window ("2026-11-02T00:00:00.000000",
                                                       "2026-11-05T00:00:00.000000");
    g_autofree char *hours = vigil_format_alert_window ("2026-11-04T06:00:00.000000",
                                                        "2026-11-05T06:00:00.000000");
    g_autofree char *known = vigil_alert_type_to_label ("distribution_shift");
    g_autofree char *unknown = vigil_alert_type_to_label ("custom_check");

    g_assert_cmpstr (a, ==, "0.241");
    g_assert_cmpstr (b, ==, "0.7101");
    g_assert_cmpstr (c, ==, "350");
    g_assert_cmpstr (d, ==, "Not recorded");
    g_assert_cmpstr (t, ==, "2026-11-04 23:59:59");
    g_assert_cmpstr (u, ==, "—");
    g_assert_cmpstr (v, ==, "—");
    /* A day's window reads as that day, not the next one at midnight */
    g_assert_cmpstr (day, ==, "2026-11-04");
    g_assert_cmpstr (days, ==, "2026-11-02 to 2026-11-04");
    g_assert_cmpstr (hours, ==, "2026-11-04 06:00:00 to 2026-11-05 06:00:00");
    g_assert_cmpstr (known, ==, "Distribution shift");
    g_assert_cmpstr (unknown, ==, "custom_check");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/vigil/alert-filter/conditions", Fixture, NULL,
              fixture_set_up, test_conditions, fixture_tear_down);
  g_test_add ("/vigil/alert-filter/search", Fixture, NULL,
              fixture_set_up, test_search, fixture_tear_down);
  g_test_add_func ("/vigil/alert-filter/wording", test_wording);

  return g_test_run ();
}
