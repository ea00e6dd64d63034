/* test-store.c: the store's API, round trips, validation and bad databases
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "vigil-detector.h"
#include "vigil-simulator.h"
#include "vigil-test-util.h"

static void
test_open_new (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GListModel) models = NULL;

  g_assert_true (g_file_test (f->path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (vigil_store_get_purpose (f->store), ==, VIGIL_PURPOSE_PRODUCTION);
  g_assert_false (vigil_store_is_read_only (f->store));
  g_assert_cmpint (count_rows (f->path, "PRAGMA user_version"), ==, VIGIL_STORE_SCHEMA_VERSION);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM meta WHERE key = 'created'"), ==, 1);
  models = vigil_store_list_models (f->store, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (models), ==, 0);
}

static void
test_log_one (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(VigilDecision) d = vigil_decision_new ("MomentumSignal", "v2.1", "trading_signal", "BUY");
  g_autoptr(VigilDecision) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  char before[32], after[32];
  gint64 id = 0;

  vigil_decision_set_confidence (d, 0.83);
  vigil_decision_set_input_features (d, "{\"volatility\": 0.2, \"momentum_12m\": 0.31}");
  vigil_decision_set_ticker (d, "NVDA");
  vigil_decision_set_sector (d, "Technology");
  vigil_decision_set_explanation (d, "Strong 12-month momentum");

  g_snprintf (before, sizeof before, "%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);
  g_assert_true (vigil_store_log_decision (f->store, d, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, 1);
  g_snprintf (after, sizeof after, "%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);

  back = vigil_store_get_decision (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_decision_get_model_name (back), ==, "MomentumSignal");
  g_assert_cmpstr (vigil_decision_get_prediction (back), ==, "BUY");
  g_assert_cmpfloat (vigil_decision_get_confidence (back), ==, 0.83);
  g_assert_cmpstr (vigil_decision_get_input_features (back), ==,
                   "{\"momentum_12m\":0.31,\"volatility\":0.2}");
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                        vigil_decision_get_input_features (back), -1);
  g_assert_cmpstr (vigil_decision_get_input_hash (back), ==, hash);
  g_assert_cmpstr (vigil_decision_get_ticker (back), ==, "NVDA");
  g_assert_cmpint (vigil_decision_get_review_status (back), ==, VIGIL_REVIEW_PENDING);
  g_assert_false (vigil_decision_get_anomaly_flag (back));
  g_assert_cmpuint (strlen (vigil_decision_get_record_hash (back)), ==, 64);
  g_assert_cmpstr (vigil_decision_get_record_hash (back), ==, vigil_decision_get_record_hash (d));
  /* Stamped now, in UTC, in the stored form */
  g_assert_cmpuint (strlen (vigil_decision_get_timestamp (back)), ==, 26);
  g_assert_true (g_str_has_prefix (vigil_decision_get_timestamp (back), "20"));
}

static void
test_log_batch_atomic (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 10; i++)
    g_ptr_array_add (batch, make_decision ("M", "BUY", "2026-11-01T10:00:00Z", 0.5, NULL));
  /* One bad decision in the middle refuses the whole batch. */
  vigil_decision_set_confidence (batch->pdata[5], 1.5);
  g_assert_false (vigil_store_log_decisions (f->store, (VigilDecision **) batch->pdata, batch->len,
                                             &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Decision 6 of 10"));
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM decisions"), ==, 0);

  g_clear_error (&error);
  vigil_decision_set_confidence (batch->pdata[5], 0.5);
  g_assert_true (vigil_store_log_decisions (f->store, (VigilDecision **) batch->pdata, batch->len,
                                            &error));
  g_assert_no_error (error);
  for (guint i = 0; i < batch->len; i++)
    g_assert_cmpint (vigil_decision_get_id (batch->pdata[i]), ==, i + 1);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM decisions"), ==, 10);
}

static void
test_validation (Fixture       *f,
                 gconstpointer  data)
{
  struct { const char *model, *version, *type, *prediction, *timestamp, *features; double conf; } cases[] = {
    { NULL, "v", "t", "p", NULL, NULL, 0.5 },
    { "", "v", "t", "p", NULL, NULL, 0.5 },
    { "m", "v", "t", NULL, NULL, NULL, 0.5 },
    { "m", "v", "t", "p", "not a time", NULL, 0.5 },
    { "m", "v", "t", "p", NULL, "[1, 2]", 0.5 },
    { "m", "v", "t", "p", NULL, "{broken", 0.5 },
    { "m", "v", "t", "p", NULL, NULL, NAN },
    { "m", "v", "t", "p", NULL, NULL, INFINITY },
    { "m", "v", "t", "p", NULL, NULL, -0.01 },
    { "m\xff", "v", "t", "p", NULL, NULL, 0.5 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(VigilDecision) d = vigil_decision_new (cases[i].model, cases[i].version,
                                                       cases[i].type, cases[i].prediction);
      g_autoptr(GError) error = NULL;

      if (cases[i].timestamp)
        vigil_decision_set_timestamp (d, cases[i].timestamp);
      if (cases[i].features)
        vigil_decision_set_input_features (d, cases[i].features);
      vigil_decision_set_confidence (d, cases[i].conf);
      g_assert_false (vigil_store_log_decision (f->store, d, NULL, &error));
      g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
    }
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM decisions"), ==, 0);
}

static void
test_query (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(VigilDecisionQuery) q = vigil_decision_query_new ();
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilDecision) first = NULL;

  log_one (f->store, "A", "BUY", "2026-11-01T00:00:00Z");
  log_one (f->store, "A", "SELL", "2026-11-01T23:59:59.999999Z");
  log_one (f->store, "A", "HOLD", "2026-11-02T00:00:00Z");
  log_one (f->store, "B", "APPROVE", "2026-11-01T12:00:00Z");
  /* Back-filled: logged last, happened first */
  log_one (f->store, "A", "BUY", "2026-10-31T08:00:00Z");

  vigil_decision_query_set_model (q, "A");
  g_assert_true (vigil_decision_query_set_range (q, "2026-11-01", "2026-11-02", &error));
  list = vigil_store_query_decisions (f->store, q, &error);
  g_assert_no_error (error);
  /* [from, to): the first instant is in, the last is out */
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);
  g_assert_cmpint (vigil_store_count_decisions (f->store, q, NULL), ==, 2);
  g_clear_object (&list);

  vigil_decision_query_set_model (q, NULL);
  g_assert_true (vigil_decision_query_set_range (q, NULL, NULL, &error));
  vigil_decision_query_set_newest_first (q, TRUE);
  vigil_decision_query_set_limit (q, 2, 1);
  list = vigil_store_query_decisions (f->store, q, &error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);
  first = g_list_model_get_item (list, 0);
  /* Newest first by time, skipping the newest one */
  g_assert_cmpstr (vigil_decision_get_timestamp (first), ==, "2026-11-01T23:59:59.999999");
  g_clear_object (&list);

  /* An inverted period is refused */
  g_assert_false (vigil_decision_query_set_range (q, "2026-11-02", "2026-11-01", &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
}

static void
test_query_status_flag (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(VigilDecisionQuery) q = vigil_decision_query_new ();
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 5; i++)
    log_one (f->store, "A", "BUY", NULL);
  g_assert_true (vigil_store_review_decision (f->store, 2, "Ana", VIGIL_REVIEW_APPROVED, NULL, &error));
  g_assert_true (vigil_store_review_decision (f->store, 3, "Ana", VIGIL_REVIEW_ESCALATED, "odd", &error));
  g_assert_no_error (error);
  g_assert_cmpint (exec_raw (f->path, "UPDATE decisions SET anomaly_flag = 1, anomaly_reason = 'test' "
                                      "WHERE id IN (4, 5)"), ==, SQLITE_OK);

  vigil_decision_query_set_review_status (q, VIGIL_REVIEW_PENDING);
  g_assert_cmpint (vigil_store_count_decisions (f->store, q, NULL), ==, 3);
  vigil_decision_query_set_flagged (q, TRUE);
  g_assert_cmpint (vigil_store_count_decisions (f->store, q, NULL), ==, 2);
  g_clear_pointer (&q, vigil_decision_query_unref);
  q = vigil_decision_query_new ();
  vigil_decision_query_set_review_status (q, VIGIL_REVIEW_ESCALATED);
  g_assert_cmpint (vigil_store_count_decisions (f->store, q, NULL), ==, 1);
}

static void
test_cursor (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(VigilDecisionQuery) q = vigil_decision_query_new ();
  g_autoptr(VigilDecisionCursor) cursor = NULL;
  g_autoptr(GError) error = NULL;
  gint64 expected = 1;

  for (int i = 0; i < 300; i++)
    log_one (f->store, i % 2 ? "A" : "B", "BUY", NULL);
  vigil_decision_query_set_model (q, "B");
  cursor = vigil_store_open_cursor (f->store, q, &error);
  g_assert_no_error (error);
  while (vigil_decision_cursor_next (cursor, &error))
    {
      g_autoptr(VigilDecision) d = vigil_decision_cursor_get_decision (cursor);

      g_assert_cmpint (vigil_decision_get_id (d), ==, expected);
      expected += 2;
    }
  g_assert_no_error (error);
  g_assert_cmpint (vigil_decision_cursor_get_position (cursor), ==, 150);
}

static VigilAlert *
make_alert (const char    *model,
            VigilSeverity  severity,
            const char    *subject,
            const char    *day)
{
  VigilAlert *a = vigil_alert_new ("distribution_shift", severity, model,
                                   "'M': 'SELL' prediction shifted from 24.1% to 71.0% (delta=+46.9%)");
  g_autofree char *start = g_strdup_printf ("%sT00:00:00Z", day);
  g_autofree char *end = g_strdup_printf ("%sT23:59:59Z", day);

  vigil_alert_set_timestamp (a, end);
  vigil_alert_set_subject (a, subject);
  vigil_alert_set_windows (a, "2026-10-25T00:00:00.000000", start, end);
  vigil_alert_set_evidence (a, 0.71, 0.241, 0.2, 50, 350, 1.5e-12);
  return a;
}

static void
test_alerts (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(VigilAlert) a = make_alert ("M", VIGIL_SEVERITY_HIGH, "SELL", "2026-11-04");
  g_autoptr(VigilAlert) again = make_alert ("M", VIGIL_SEVERITY_HIGH, "SELL", "2026-11-04");
  g_autoptr(VigilAlert) b = make_alert ("M", VIGIL_SEVERITY_LOW, "BUY", "2026-11-05");
  g_autoptr(VigilAlert) c = make_alert ("N", VIGIL_SEVERITY_MEDIUM, NULL, "2026-11-05");
  g_autoptr(VigilAlertQuery) q = vigil_alert_query_new ();
  g_autoptr(GListModel) list = NULL;
  g_autoptr(VigilAlert) back = NULL;
  g_autoptr(GError) error = NULL;
  gboolean inserted = FALSE;

  g_assert_true (vigil_store_add_alert (f->store, a, &inserted, &error));
  g_assert_true (inserted);
  /* The same alert for the same window is stored once. */
  g_assert_true (vigil_store_add_alert (f->store, again, &inserted, &error));
  g_assert_false (inserted);
  g_assert_true (vigil_store_add_alert (f->store, b, &inserted, &error));
  g_assert_true (vigil_store_add_alert (f->store, c, &inserted, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM alerts"), ==, 3);

  back = vigil_store_get_alert (f->store, vigil_alert_get_id (a), &error);
  g_assert_cmpfloat (vigil_alert_get_observed (back), ==, 0.71);
  g_assert_cmpfloat (vigil_alert_get_p_value (back), ==, 1.5e-12);
  g_assert_cmpint (vigil_alert_get_n_baseline (back), ==, 350);
  g_assert_cmpstr (vigil_alert_get_subject (back), ==, "SELL");
  g_assert_cmpint (vigil_alert_get_severity (back), ==, VIGIL_SEVERITY_HIGH);

  vigil_alert_query_set_model (q, "M");
  list = vigil_store_query_alerts (f->store, q, &error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);
  g_clear_object (&list);
  vigil_alert_query_set_severity (q, VIGIL_SEVERITY_HIGH);
  list = vigil_store_query_alerts (f->store, q, &error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  g_clear_object (&list);

  g_clear_pointer (&q, vigil_alert_query_unref);
  q = vigil_alert_query_new ();
  g_assert_true (vigil_alert_query_set_range (q, "2026-11-05", NULL, &error));
  list = vigil_store_query_alerts (f->store, q, &error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);
}

static void
test_acknowledge (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(VigilAlert) a = make_alert ("M", VIGIL_SEVERITY_HIGH, "SELL", "2026-11-04");
  g_autoptr(VigilAlert) back = NULL;
  g_autoptr(VigilAlertQuery) q = vigil_alert_query_new ();
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_assert_true (vigil_store_add_alert (f->store, a, NULL, &error));
  id = vigil_alert_get_id (a);

  g_assert_false (vigil_store_acknowledge_alert (f->store, id, "", NULL, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (vigil_store_acknowledge_alert (f->store, 999, "Ana", NULL, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (vigil_store_acknowledge_alert (f->store, id, "Ana Risk", "Known rebalancing", &error));
  g_assert_no_error (error);
  back = vigil_store_get_alert (f->store, id, &error);
  g_assert_true (vigil_alert_get_acknowledged (back));
  g_assert_cmpstr (vigil_alert_get_acknowledged_by (back), ==, "Ana Risk");
  g_assert_cmpstr (vigil_alert_get_ack_note (back), ==, "Known rebalancing");
  g_assert_nonnull (vigil_alert_get_acknowledged_at (back));

  /* Recorded as an event in the same transaction */
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM events WHERE action = 'acknowledge' "
                                        "AND actor = 'Ana Risk' AND target = 'alert:1' "
                                        "AND details LIKE '%Known rebalancing%'"), ==, 1);

  /* A second acknowledgement says who did it first, and changes nothing. */
  g_assert_false (vigil_store_acknowledge_alert (f->store, id, "Bob", NULL, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "Ana Risk"));
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM events WHERE action = 'acknowledge'"),
                   ==, 1);

  vigil_alert_query_set_unacknowledged (q, TRUE);
  list = vigil_store_query_alerts (f->store, q, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 0);
}

/* One rule for several alerts, the app's and vigilctl ack's: those acknowledged already or
 * unknown are skipped and named, the others acknowledged; an invalid name acknowledges none. */
static void
test_acknowledge_many (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(VigilAlert) a = make_alert ("M", VIGIL_SEVERITY_HIGH, "SELL", "2026-11-04");
  g_autoptr(VigilAlert) b = make_alert ("M", VIGIL_SEVERITY_LOW, "BUY", "2026-11-04");
  g_autoptr(VigilAlert) c = make_alert ("M", VIGIL_SEVERITY_MEDIUM, "HOLD", "2026-11-04");
  g_autoptr(VigilAlert) back = NULL;
  g_autoptr(GArray) done = NULL;
  g_autoptr(GError) error = NULL;
  gint64 ids[5];

  g_assert_true (vigil_store_add_alert (f->store, a, NULL, &error));
  g_assert_true (vigil_store_add_alert (f->store, b, NULL, &error));
  g_assert_true (vigil_store_add_alert (f->store, c, NULL, &error));
  ids[0] = vigil_alert_get_id (a);
  ids[1] = vigil_alert_get_id (b);
  ids[2] = 999;
  ids[3] = vigil_alert_get_id (c);
  ids[4] = vigil_alert_get_id (b);
  g_assert_true (vigil_store_acknowledge_alert (f->store, ids[0], "Ana Risk", NULL, &error));

  /* No name: nothing is acknowledged, not even the alerts that could be */
  g_assert_false (vigil_store_acknowledge_many (f->store, ids + 1, 1, "", NULL, &done, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
  g_assert_cmpuint (done->len, ==, 0);
  g_clear_error (&error);
  g_clear_pointer (&done, g_array_unref);

  g_assert_false (vigil_store_acknowledge_many (f->store, ids, G_N_ELEMENTS (ids), "Bo Compliance",
                                                "Seen", &done, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "Alert 1 was already acknowledged by Ana Risk"));
  g_assert_nonnull (strstr (error->message, "; There is no alert 999"));
  g_assert_cmpuint (done->len, ==, 2);
  g_assert_cmpint (g_array_index (done, gint64, 0), ==, ids[1]);
  g_assert_cmpint (g_array_index (done, gint64, 1), ==, ids[3]);
  back = vigil_store_get_alert (f->store, ids[3], NULL);
  g_assert_cmpstr (vigil_alert_get_acknowledged_by (back), ==, "Bo Compliance");
  g_clear_object (&back);
  back = vigil_store_get_alert (f->store, ids[0], NULL);
  g_assert_cmpstr (vigil_alert_get_acknowledged_by (back), ==, "Ana Risk");
  /* One event for each alert acknowledged, the one given twice counted once */
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM events WHERE action = 'acknowledge' "
                                        "AND actor = 'Bo Compliance'"), ==, 2);
  g_clear_error (&error);
  g_clear_pointer (&done, g_array_unref);

  /* Only unknown ones: NOT_FOUND; all done: TRUE */
  g_assert_false (vigil_store_acknowledge_many (f->store, ids + 2, 1, "Bo", NULL, &done, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_NOT_FOUND);
  g_assert_cmpuint (done->len, ==, 0);
  g_clear_error (&error);
  g_assert_true (vigil_store_acknowledge_many (f->store, NULL, 0, "Bo", NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_review_outcome (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(VigilDecision) d = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = log_one (f->store, "CreditXGBoost", "DECLINE", NULL);

  g_assert_false (vigil_store_review_decision (f->store, id, "Ana", VIGIL_REVIEW_PENDING, NULL, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (vigil_store_review_decision (f->store, 42, "Ana", VIGIL_REVIEW_APPROVED, NULL, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (vigil_store_review_decision (f->store, id, "Ana", VIGIL_REVIEW_OVERRIDDEN,
                                              "Applicant documented income", &error));
  g_assert_true (vigil_store_record_outcome (f->store, id, "repaid", "2027-01-15", "servicing", &error));
  g_assert_no_error (error);

  d = vigil_store_get_decision (f->store, id, &error);
  g_assert_cmpint (vigil_decision_get_review_status (d), ==, VIGIL_REVIEW_OVERRIDDEN);
  g_assert_cmpstr (vigil_decision_get_reviewed_by (d), ==, "Ana");
  g_assert_cmpstr (vigil_decision_get_review_notes (d), ==, "Applicant documented income");
  g_assert_nonnull (vigil_decision_get_review_date (d));
  g_assert_cmpstr (vigil_decision_get_actual_outcome (d), ==, "repaid");
  g_assert_cmpstr (vigil_decision_get_outcome_date (d), ==, "2027-01-15T00:00:00.000000");

  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM events WHERE action = 'review' AND "
                                        "details LIKE '%\"previous_status\":\"pending\"%'"), ==, 1);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM events WHERE action = 'outcome' AND "
                                        "actor = 'servicing'"), ==, 1);

  g_assert_false (vigil_store_record_outcome (f->store, id, "", NULL, NULL, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
}

static void
test_models_and_summary (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GListModel) models = NULL;
  g_autoptr(VigilModelInfo) a = NULL;
  g_autoptr(VigilSummary) s = NULL;
  g_autoptr(VigilSummary) all = NULL;
  g_autoptr(VigilAlert) alert = make_alert ("A", VIGIL_SEVERITY_HIGH, "SELL", "2026-11-03");
  g_autoptr(GError) error = NULL;

  for (int day = 1; day <= 7; day++)
    for (int i = 0; i < day; i++)
      {
        g_autofree char *ts = g_strdup_printf ("2026-11-%02dT%02d:00:00Z", day, 8 + i);
        log_one (f->store, "A", i % 2 ? "SELL" : "BUY", ts);
      }
  log_one (f->store, "B", "APPROVE", "2026-10-01T00:00:00Z");
  log_one (f->store, "A", "BUY", "2026-10-15T00:00:00Z");
  g_assert_true (vigil_store_add_alert (f->store, alert, NULL, &error));
  g_assert_true (vigil_store_review_decision (f->store, 1, "Ana", VIGIL_REVIEW_APPROVED, NULL, &error));

  models = vigil_store_list_models (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (models), ==, 2);
  a = g_list_model_get_item (models, 0);
  g_assert_cmpstr (vigil_model_info_get_name (a), ==, "A");
  g_assert_cmpint (vigil_model_info_get_decision_count (a), ==, 29);
  /* Back-filled decisions move the first timestamp back */
  g_assert_cmpstr (vigil_model_info_get_first_timestamp (a), ==, "2026-10-15T00:00:00.000000");
  g_assert_cmpstr (vigil_model_info_get_last_timestamp (a), ==, "2026-11-07T14:00:00.000000");

  s = vigil_store_summarize (f->store, "A", "2026-11-01", "2026-11-08", &error);
  g_assert_no_error (error);
  g_assert_cmpint (s->total_decisions, ==, 28);
  g_assert_cmpfloat_with_epsilon (s->days, 7.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (s->decisions_per_day, 4.0, 1e-9);
  g_assert_cmpint (s->pending_reviews, ==, 27);
  g_assert_cmpint (s->reviewed, ==, 1);
  g_assert_cmpint (s->flagged, ==, 0);
  g_assert_cmpint (s->alerts, ==, 1);
  g_assert_cmpint (s->high_alerts, ==, 1);
  g_assert_cmpfloat_with_epsilon (s->mean_confidence, 0.7, 1e-9);

  all = vigil_store_summarize (f->store, NULL, NULL, NULL, &error);
  g_assert_cmpint (all->total_decisions, ==, 30);
  g_assert_cmpstr (all->from, ==, "2026-10-01T00:00:00.000000");
}

static void
test_purpose (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_store_set_purpose (f->store, VIGIL_PURPOSE_TRAINING, &error));
  g_assert_cmpint (vigil_store_get_purpose (f->store), ==, VIGIL_PURPOSE_TRAINING);
  log_one (f->store, "A", "BUY", NULL);
  /* Simulated decisions cannot be passed off as production ones. */
  g_assert_false (vigil_store_set_purpose (f->store, VIGIL_PURPOSE_PRODUCTION, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CONFLICT);
  g_assert_cmpint (vigil_store_get_purpose (f->store), ==, VIGIL_PURPOSE_TRAINING);
}

static void
test_triggers (Fixture       *f,
               gconstpointer  data)
{
  log_one (f->store, "A", "BUY", NULL);

  g_assert_cmpint (exec_raw (f->path, "UPDATE decisions SET prediction = 'SELL'"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (exec_raw (f->path, "DELETE FROM decisions"), ==, SQLITE_CONSTRAINT);
  /* The log event that records the decision */
  g_assert_cmpint (exec_raw (f->path, "UPDATE events SET actor = 'x'"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM events WHERE action = 'log' AND "
                                        "json_extract(details, '$.first_id') = 1 AND "
                                        "json_extract(details, '$.last_id') = 1"), ==, 1);
  g_assert_cmpint (exec_raw (f->path, "UPDATE decisions SET review_status = 'approved'"), ==, SQLITE_OK);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM decisions WHERE prediction = 'BUY'"), ==, 1);
}

static void
write_file (const char *path,
            const char *contents,
            gssize      len)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, contents, len, &error));
}

static void
assert_unchanged (const char *path,
                  const char *contents,
                  gsize       len)
{
  g_autofree char *now = NULL;
  gsize now_len;

  g_assert_true (g_file_get_contents (path, &now, &now_len, NULL));
  g_assert_cmpmem (now, now_len, contents, len);
}

static void
test_bad_databases (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->dir, "missing.db", NULL);
  g_autofree char *garbage = g_build_filename (f->dir, "garbage.db", NULL);
  g_autofree char *other = g_build_filename (f->dir, "other.db", NULL);
  g_autofree char *newer = g_build_filename (f->dir, "newer.db", NULL);
  g_autofree char *other_contents = NULL;
  char noise[8192];
  gsize other_len;
  GError *error = NULL;

  g_assert_null (vigil_store_open (missing, VIGIL_STORE_OPEN_DEFAULT, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_MISSING);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  for (gsize i = 0; i < sizeof noise; i++)
    noise[i] = (char) (i * 7919 % 251);
  write_file (garbage, noise, sizeof noise);
  g_assert_null (vigil_store_open (garbage, VIGIL_STORE_OPEN_CREATE, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CORRUPT);
  assert_unchanged (garbage, noise, sizeof noise);
  g_clear_error (&error);

  exec_raw (other, "CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner TEXT); "
                   "INSERT INTO accounts (owner) VALUES ('x');");
  g_assert_true (g_file_get_contents (other, &other_contents, &other_len, NULL));
  g_assert_null (vigil_store_open (other, VIGIL_STORE_OPEN_CREATE, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_NOT_VIGIL);
  assert_unchanged (other, other_contents, other_len);
  g_clear_error (&error);

  {
    VigilStore *store = vigil_store_open (newer, VIGIL_STORE_OPEN_CREATE, &error);
    g_assert_no_error (error);
    g_object_unref (store);
    exec_raw (newer, "PRAGMA user_version = 99");
  }
  g_assert_null (vigil_store_open (newer, VIGIL_STORE_OPEN_DEFAULT, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer Vigil"));
  g_assert_cmpint (count_rows (newer, "PRAGMA user_version"), ==, 99);
  g_clear_error (&error);
}

static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(VigilStore) ro = NULL;
  g_autoptr(VigilDecision) d = make_decision ("A", "BUY", NULL, 0.5, NULL);
  g_autoptr(GListModel) models = NULL;
  g_autoptr(GError) error = NULL;

  log_one (f->store, "A", "BUY", NULL);
  ro = vigil_store_open (f->path, VIGIL_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_store_is_read_only (ro));
  models = vigil_store_list_models (ro, &error);
  g_assert_cmpuint (g_list_model_get_n_items (models), ==, 1);
  g_assert_false (vigil_store_log_decision (ro, d, NULL, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_READ_ONLY);
}

static void
test_locked (Fixture       *f,
             gconstpointer  data)
{
  sqlite3 *other = NULL;
  g_autoptr(VigilDecision) d = make_decision ("A", "BUY", NULL, 0.5, NULL);
  g_autoptr(GError) error = NULL;

  /* Another program holds the write lock for longer than the store waits. */
  g_assert_cmpint (sqlite3_open (f->path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_false (vigil_store_log_decision (f->store, d, NULL, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, "locked"));
  sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (other);

  /* Once it lets go, the same decision goes in. */
  g_clear_error (&error);
  g_assert_true (vigil_store_log_decision (f->store, d, NULL, &error));
  g_assert_no_error (error);
}

static void
test_migrate_v1 (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(VigilStore) reopened = NULL;
  g_autoptr(VigilLedgerReport) report = NULL;
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 50; i++)
    log_one (f->store, "A", i % 2 ? "BUY" : "SELL", NULL);
  g_clear_object (&f->store);

  /* Take the database back to schema 1, as an earlier Vigil left it. */
  g_assert_cmpint (exec_raw (f->path, "DROP TRIGGER decisions_event_id_immutable;"
                                      "DROP INDEX decisions_event_id;"
                                      "DROP INDEX decisions_outcomes;"
                                      "ALTER TABLE decisions DROP COLUMN event_id;"
                                      "DROP TABLE check_results;"
                                      "DROP INDEX alerts_window;"
                                      "DROP INDEX alerts_model_window;"
                                      "ALTER TABLE alerts DROP COLUMN raised_at;"
                                      "DROP INDEX decisions_model_cover;"
                                      "CREATE INDEX decisions_model_time ON decisions (model_name, timestamp);"
                                      "PRAGMA user_version = 1;"), ==, SQLITE_OK);

  reopened = vigil_store_open (f->path, VIGIL_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f->path, "PRAGMA user_version"), ==, VIGIL_STORE_SCHEMA_VERSION);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM decisions"), ==, 50);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM sqlite_master WHERE name = "
                                        "'decisions_model_cover'"), ==, 1);
  report = vigil_store_verify (reopened, NULL, NULL, NULL, &error);
  g_assert_true (vigil_ledger_report_is_intact (report));
}

/* A schema-5 database, as Vigil left it before alerts kept when they were raised: opened, each
 * alert a detection run stored gets the time of the first run that named it, an alert stored
 * otherwise stays unknown, and the ledger, whose hashed columns are untouched, verifies. */
static void
test_migrate_v5_raised_at (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(VigilScenario) scenario = vigil_scenario_new ();
  g_autoptr(VigilSimulator) simulator = vigil_simulator_new ();
  g_autoptr(VigilDetector) detector = vigil_detector_new (f->store, NULL);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(VigilAlert) by_hand = vigil_alert_new ("volume_anomaly", VIGIL_SEVERITY_LOW, "Z",
                                                   "stored by hand");
  g_autoptr(VigilStore) reopened = NULL;
  g_autoptr(VigilAlert) read_back = NULL;
  g_autoptr(VigilLedgerReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n_alerts;

  vigil_scenario_set_start_date (scenario, "2026-11-01");
  g_assert_true (vigil_simulator_run (simulator, f->store, scenario, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  results = vigil_detector_backtest (detector, NULL, "2026-11-01", "2026-11-07", NULL, NULL, NULL,
                                     &error);
  g_assert_no_error (error);
  /* A second run finds the same alerts again: the first run is when they were raised */
  g_clear_pointer (&results, g_ptr_array_unref);
  results = vigil_detector_backtest (detector, NULL, "2026-11-01", "2026-11-07", NULL, NULL, NULL,
                                     &error);
  g_assert_no_error (error);
  vigil_alert_set_windows (by_hand, NULL, "2026-11-02T00:00:00Z", "2026-11-03T00:00:00Z");
  g_assert_true (vigil_store_add_alert (f->store, by_hand, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&detector);
  g_clear_object (&f->store);

  n_alerts = count_rows (f->path, "SELECT count(*) FROM alerts");
  g_assert_cmpint (n_alerts, >, 1);
  g_assert_cmpint (count_rows (f->path, "SELECT count(DISTINCT run_at) FROM check_results"), >, 1);

  /* Back to schema 5 */
  g_assert_cmpint (exec_raw (f->path, "DROP TRIGGER decisions_event_id_immutable;"
                                      "DROP INDEX decisions_event_id;"
                                      "DROP INDEX decisions_outcomes;"
                                      "ALTER TABLE decisions DROP COLUMN event_id;"
                                      "DROP INDEX alerts_window;"
                                      "DROP INDEX alerts_model_window;"
                                      "ALTER TABLE alerts DROP COLUMN raised_at;"
                                      "PRAGMA user_version = 5;"), ==, SQLITE_OK);

  reopened = vigil_store_open (f->path, VIGIL_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f->path, "PRAGMA user_version"), ==, VIGIL_STORE_SCHEMA_VERSION);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM sqlite_master WHERE name IN "
                                        "('alerts_window', 'alerts_model_window')"), ==, 2);
  /* Every detected alert: the first run that named it */
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM alerts WHERE raised_at = "
                                        "(SELECT min(run_at) FROM check_results "
                                        "WHERE alert_id = alerts.id)"), ==, n_alerts - 1);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM alerts WHERE raised_at IS NULL"),
                   ==, 1);
  read_back = vigil_store_get_alert (reopened, vigil_alert_get_id (by_hand), &error);
  g_assert_no_error (error);
  g_assert_null (vigil_alert_get_raised_at (read_back));

  report = vigil_store_verify (reopened, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_ledger_report_is_intact (report));
}

/* The window is the day of an alert: an alert without one is refused, and its bounds are stored
 * in the one timestamp format, so that periods compare them as text. */
static void
test_alert_window (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(VigilAlert) none = vigil_alert_new ("volume_anomaly", VIGIL_SEVERITY_LOW, "M", "v");
  g_autoptr(VigilAlert) backwards = vigil_alert_new ("volume_anomaly", VIGIL_SEVERITY_LOW, "M", "v");
  g_autoptr(VigilAlert) offset = vigil_alert_new ("volume_anomaly", VIGIL_SEVERITY_LOW, "M", "v");
  g_autoptr(GError) error = NULL;

  g_assert_false (vigil_store_add_alert (f->store, none, NULL, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
  g_clear_error (&error);
  vigil_alert_set_windows (backwards, NULL, "2026-11-05T00:00:00Z", "2026-11-04T00:00:00Z");
  g_assert_false (vigil_store_add_alert (f->store, backwards, NULL, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
  g_clear_error (&error);

  vigil_alert_set_windows (offset, NULL, "2026-11-04T02:00:00+02:00", "2026-11-05T00:00:00Z");
  g_assert_true (vigil_store_add_alert (f->store, offset, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_alert_get_window_start (offset), ==, "2026-11-04T00:00:00.000000");
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM alerts WHERE window_start = "
                                        "'2026-11-04T00:00:00.000000' AND window_end = "
                                        "'2026-11-05T00:00:00.000000' AND raised_at IS NOT NULL"),
                   ==, 1);
}

static void
cancel_in_copy_stage (goffset  done,
                      goffset  total,
                      gpointer data)
{
  /* Past the first third, the original's verification: rows are being copied */
  if (done > total / 3 + 1024)
    g_cancellable_cancel (data);
}

static void
test_copy (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(VigilAlert) alert = make_alert ("M", VIGIL_SEVERITY_HIGH, "SELL", "2026-11-04");
  g_autofree char *target_path = g_build_filename (f->dir, "copy.db", NULL);
  g_autoptr(VigilStore) target = NULL;
  g_autoptr(VigilLedgerReport) original = NULL;
  g_autoptr(VigilLedgerReport) copy = NULL;
  g_autoptr(VigilLedgerReport) verified = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gint64 rows = 0;

  for (int i = 0; i < 5000; i++)
    g_ptr_array_add (batch, make_decision ("M", i % 3 ? "BUY" : "SELL",
                                           "2026-11-01T10:00:00Z", 0.5, "AAPL"));
  g_assert_true (vigil_store_log_decisions (f->store, (VigilDecision **) batch->pdata,
                                            batch->len, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_store_add_alert (f->store, alert, NULL, &error));
  g_assert_true (vigil_store_acknowledge_alert (f->store, vigil_alert_get_id (alert), "Ana Risk",
                                                "Known rebalancing", &error));
  g_assert_no_error (error);
  target = vigil_store_open (target_path, VIGIL_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);

  /* Onto itself */
  g_assert_false (vigil_store_copy (f->store, f->store, NULL, NULL, NULL, NULL, NULL, NULL,
                                    &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Cancelled while rows are copied: nothing is committed */
  g_assert_false (vigil_store_copy (f->store, target, cancellable, cancel_in_copy_stage,
                                    cancellable, NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (target_path, "SELECT count(*) FROM decisions"), ==, 0);

  g_assert_true (vigil_store_copy (f->store, target, NULL, NULL, NULL, &original, &copy, &rows,
                                   &error));
  g_assert_no_error (error);
  g_assert_true (vigil_ledger_report_is_intact (copy));
  g_assert_cmpstr (vigil_ledger_report_get_head (copy), ==,
                   vigil_ledger_report_get_head (original));
  g_assert_cmpint (rows, >=, 5000 + 1 + 2);
  verified = vigil_store_verify (target, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_ledger_report_is_intact (verified));
  g_assert_cmpstr (vigil_ledger_report_get_head (verified), ==,
                   vigil_ledger_report_get_head (original));
  g_assert_cmpint (count_rows (target_path, "SELECT count(*) FROM events WHERE action = "
                                            "'acknowledge' AND actor = 'Ana Risk'"), ==, 1);

  /* The copy goes on from the copied ids */
  g_assert_cmpint (log_one (target, "M", "BUY", "2026-11-02T10:00:00Z"), ==, 5001);

  /* A database that holds something is refused, by name */
  g_clear_pointer (&original, vigil_ledger_report_unref);
  g_assert_false (vigil_store_copy (f->store, target, NULL, NULL, NULL, &original, NULL, NULL,
                                    &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, target_path));
  g_assert_null (original);
  g_assert_cmpint (count_rows (target_path, "SELECT count(*) FROM decisions"), ==, 5001);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/vigil/store/open-new", test_open_new);
  ADD ("/vigil/store/migrate-v5-raised-at", test_migrate_v5_raised_at);
  ADD ("/vigil/store/alert-window", test_alert_window);
  ADD ("/vigil/store/log-one", test_log_one);
  ADD ("/vigil/store/log-batch-atomic", test_log_batch_atomic);
  ADD ("/vigil/store/validation", test_validation);
  ADD ("/vigil/store/query", test_query);
  ADD ("/vigil/store/query-status-flag", test_query_status_flag);
  ADD ("/vigil/store/cursor", test_cursor);
  ADD ("/vigil/store/alerts", test_alerts);
  ADD ("/vigil/store/acknowledge", test_acknowledge);
  ADD ("/vigil/store/acknowledge-many", test_acknowledge_many);
  ADD ("/vigil/store/review-outcome", test_review_outcome);
  ADD ("/vigil/store/models-summary", test_models_and_summary);
  ADD ("/vigil/store/purpose", test_purpose);
  ADD ("/vigil/store/triggers", test_triggers);
  ADD ("/vigil/store/bad-databases", test_bad_databases);
  ADD ("/vigil/store/read-only", test_read_only);
  ADD ("/vigil/store/locked", test_locked);
  ADD ("/vigil/store/migrate-v1", test_migrate_v1);
  ADD ("/vigil/store/copy", test_copy);
#undef ADD

  return g_test_run ();
}
