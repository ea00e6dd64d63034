/* test-ledger.c: the hash chains, recomputed independently, and every kind of tampering
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "vigil-ledger.h"
#include "vigil-sql-sqlite.h"
#include "vigil-store-private.h"
#include "vigil-test-util.h"
#include "vigil-timestamp.h"

/* A second implementation of the chain for one decision, written from the README's format
 * description and the literal values logged, not from the store's code path. */
static void
test_chain_by_hand (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(VigilDecision) d = vigil_decision_new ("CreditXGBoost", "v3.0", "credit_approval",
                                                   "APPROVE");
  g_autoptr(VigilDecision) e = vigil_decision_new ("CreditXGBoost", "v3.0", "credit_approval",
                                                   "DECLINE");
  g_autoptr(GError) error = NULL;
  g_autofree char *features_hash = NULL;
  g_autofree char *message = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  const char *features = "{\"dti\":0.31,\"fico\":710}";

  vigil_decision_set_timestamp (d, "2026-11-20T09:00:00Z");
  vigil_decision_set_confidence (d, 0.82);
  vigil_decision_set_input_features (d, "{ \"fico\": 710, \"dti\": 0.31 }");
  vigil_decision_set_explanation (d, "ok");
  g_assert_true (vigil_store_log_decision (f->store, d, NULL, &error));

  vigil_decision_set_timestamp (e, "2026-11-20T09:00:01Z");
  g_assert_true (vigil_store_log_decision (f->store, e, NULL, &error));
  g_assert_no_error (error);

  features_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, features, -1);
  message = g_strdup_printf ("%s"
                             "1:1,"
                             "26:2026-11-20T09:00:00.000000,"
                             "13:CreditXGBoost,"
                             "4:v3.0,"
                             "15:credit_approval,"
                             "%zu:%s,"
                             "64:%s,"
                             "7:APPROVE,"
                             "19:0.81999999999999995,"
                             "2:ok,"
                             "~~~~",
                             "0000000000000000000000000000000000000000000000000000000000000000",
                             strlen (features), features, features_hash);
  first = g_compute_checksum_for_string (G_CHECKSUM_SHA256, message, -1);
  g_assert_cmpstr (vigil_decision_get_record_hash (d), ==, first);

  g_free (message);
  message = g_strdup_printf ("%s"
                             "1:2,26:2026-11-20T09:00:01.000000,13:CreditXGBoost,4:v3.0,"
                             "15:credit_approval,2:{},"
                             "64:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a,"
                             "7:DECLINE,~~~~~~",
                             first);
  second = g_compute_checksum_for_string (G_CHECKSUM_SHA256, message, -1);
  g_assert_cmpstr (vigil_decision_get_record_hash (e), ==, second);
}

static void
fill (Fixture *f,
      int      n)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < n; i++)
    {
      g_autofree char *ts = g_strdup_printf ("2026-11-%02dT%02d:%02d:00Z",
                                             1 + i % 28, i % 24, i % 60);
      g_ptr_array_add (batch, make_decision (i % 3 ? "MomentumSignal" : "CreditXGBoost",
                                             i % 2 ? "BUY" : "SELL", ts, (i % 100) / 100.0,
                                             i % 3 ? "MSFT" : NULL));
    }
  g_assert_true (vigil_store_log_decisions (f->store, (VigilDecision **) batch->pdata, batch->len,
                                            &error));
  g_assert_true (vigil_store_record_event (f->store, "tester", "note", NULL, "{\"n\":1}", &error));
  g_assert_no_error (error);
}

static VigilLedgerReport *
verify (Fixture    *f,
        const char *expect)
{
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GError) error = NULL;
  VigilLedgerReport *report;

  /* A fresh connection sees what the raw edits did. */
  store = vigil_store_open (f->path, VIGIL_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  report = vigil_store_verify_expecting (store, expect, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return report;
}

static void
assert_broken (Fixture    *f,
               const char *table,
               gint64      id,
               const char *reason_part)
{
  g_autoptr(VigilLedgerReport) report = verify (f, NULL);

  g_assert_false (vigil_ledger_report_is_intact (report));
  g_assert_cmpstr (vigil_ledger_report_get_broken_table (report), ==, table);
  g_assert_cmpint (vigil_ledger_report_get_broken_id (report), ==, id);
  if (strstr (vigil_ledger_report_get_reason (report), reason_part) == NULL)
    g_error ("expected “%s” in “%s”", reason_part, vigil_ledger_report_get_reason (report));
  /* The head of the chains as found, recorded but proving nothing */
  g_assert_nonnull (vigil_ledger_report_get_head (report));
}

static void
test_intact (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(VigilLedgerReport) report = NULL;
  g_autofree char *text = NULL;

  fill (f, 200);
  report = verify (f, NULL);
  g_assert_true (vigil_ledger_report_is_intact (report));
  /* The decisions, the log event that added them and the note */
  g_assert_cmpint (vigil_ledger_report_get_records (report), ==, 202);
  g_assert_cmpint (vigil_ledger_report_get_table_records (report, "decisions"), ==, 200);
  g_assert_cmpint (vigil_ledger_report_get_table_records (report, "events"), ==, 2);
  g_assert_cmpint (vigil_ledger_report_get_legacy_records (report), ==, 0);
  text = vigil_ledger_report_to_string (report);
  g_assert_true (g_str_has_prefix (text, "intact: 202 records, head "));
  g_assert_true (g_str_has_suffix (text, "@200.0.2"));
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(VigilLedgerReport) report = verify (f, NULL);

  g_assert_true (vigil_ledger_report_is_intact (report));
  g_assert_cmpint (vigil_ledger_report_get_records (report), ==, 0);
  g_assert_true (g_str_has_suffix (vigil_ledger_report_get_head (report), "@0.0.0"));
}

static void
test_detects_edit (Fixture       *f,
                   gconstpointer  data)
{
  fill (f, 100);
  g_assert_cmpint (exec_raw (f->path, "DROP TRIGGER decisions_immutable; "
                                      "UPDATE decisions SET prediction = 'HOLD' WHERE id = 42"),
                   ==, SQLITE_OK);
  assert_broken (f, "decisions", 42, "edited: its fields no longer match");
}

static void
test_detects_tiny_edit (Fixture       *f,
                                   gconstpointer  data)
{
  fill (f, 100);
  /* A change too small to see in any listing is still a change. */
  g_assert_cmpint (exec_raw (f->path, "DROP TRIGGER decisions_immutable; "
                                      "UPDATE decisions SET confidence = confidence + 1e-15 "
                                      "WHERE id = 7"),
                   ==, SQLITE_OK);
  assert_broken (f, "decisions", 7, "edited");
}

static void
test_detects_hash_edit (Fixture       *f,
                        gconstpointer  data)
{
  fill (f, 100);
  g_assert_cmpint (exec_raw (f->path, "DROP TRIGGER decisions_immutable; UPDATE decisions SET "
                                      "record_hash = substr(record_hash, 2) || '0' WHERE id = 9"),
                   ==, SQLITE_OK);
  assert_broken (f, "decisions", 9, "its record_hash was changed");
}

static void
test_detects_delete (Fixture       *f,
                     gconstpointer  data)
{
  fill (f, 100);
  g_assert_cmpint (exec_raw (f->path, "DROP TRIGGER decisions_no_delete; "
                                      "DELETE FROM decisions WHERE id BETWEEN 50 AND 52"),
                   ==, SQLITE_OK);
  assert_broken (f, "decisions", 50, "deleted: rows 50 to 52 are missing");
}

static void
test_detects_delete_first (Fixture       *f,
                           gconstpointer  data)
{
  fill (f, 10);
  g_assert_cmpint (exec_raw (f->path, "DROP TRIGGER decisions_no_delete; "
                                      "DELETE FROM decisions WHERE id = 1"), ==, SQLITE_OK);
  assert_broken (f, "decisions", 1, "deleted: row 1 is missing");
}

static void
test_detects_insert (Fixture       *f,
                     gconstpointer  data)
{
  fill (f, 20);
  /* Renumber 11..20 up by one and slip a forged row in at 11, with a plausible hash. */
  g_assert_cmpint (exec_raw (f->path,
                             "DROP TRIGGER decisions_immutable;"
                             "UPDATE decisions SET id = id + 1000 WHERE id > 10;"
                             "UPDATE decisions SET id = id - 999 WHERE id > 1000;"
                             "INSERT INTO decisions (id, timestamp, model_name, model_version, "
                             "decision_type, input_features, input_hash, prediction, record_hash) "
                             "SELECT 11, timestamp, model_name, model_version, decision_type, "
                             "input_features, input_hash, 'BUY', record_hash FROM decisions "
                             "WHERE id = 10;"),
                   ==, SQLITE_OK);
  assert_broken (f, "decisions", 11, "inserted");
}

static void
test_detects_append (Fixture       *f,
                     gconstpointer  data)
{
  fill (f, 20);
  g_assert_cmpint (exec_raw (f->path,
                             "INSERT INTO decisions (id, timestamp, model_name, model_version, "
                             "decision_type, input_features, input_hash, prediction, record_hash) "
                             "VALUES (21, '2026-11-30T00:00:00.000000', 'M', 'v', 't', '{}', 'x', "
                             "'BUY', 'forged')"),
                   ==, SQLITE_OK);
  assert_broken (f, "decisions", 21, "appended outside Vigil");
}

static void
test_detects_reorder (Fixture       *f,
                      gconstpointer  data)
{
  fill (f, 50);
  /* Swap two rows, hashes and all. */
  g_assert_cmpint (exec_raw (f->path,
                             "DROP TRIGGER decisions_immutable;"
                             "UPDATE decisions SET id = -1 WHERE id = 30;"
                             "UPDATE decisions SET id = 30 WHERE id = 31;"
                             "UPDATE decisions SET id = 31 WHERE id = -1;"),
                   ==, SQLITE_OK);
  assert_broken (f, "decisions", 30, "rows reordered");
}

static void
test_detects_event_edit (Fixture       *f,
                         gconstpointer  data)
{
  fill (f, 5);
  g_assert_cmpint (exec_raw (f->path, "DROP TRIGGER events_immutable; "
                                      "UPDATE events SET actor = 'someone else' WHERE id = 1"),
                   ==, SQLITE_OK);
  assert_broken (f, "events", 1, "edited");
}

static void
test_detects_alert_edit (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(VigilAlert) a = vigil_alert_new ("volume_anomaly", VIGIL_SEVERITY_LOW, "M", "volume");
  g_autoptr(VigilAlert) b = vigil_alert_new ("volume_anomaly", VIGIL_SEVERITY_LOW, "N", "volume");
  g_autoptr(VigilLedgerReport) report = NULL;

  vigil_alert_set_windows (a, NULL, "2026-11-04T00:00:00Z", "2026-11-05T00:00:00Z");
  vigil_alert_set_windows (b, NULL, "2026-11-04T00:00:00Z", "2026-11-05T00:00:00Z");
  g_assert_true (vigil_store_add_alert (f->store, a, NULL, NULL));
  g_assert_true (vigil_store_add_alert (f->store, b, NULL, NULL));
  /* Acknowledging changes the row by design and keeps the chain. */
  g_assert_true (vigil_store_acknowledge_alert (f->store, 1, "Ana", "ok", NULL));
  report = verify (f, NULL);
  g_assert_true (vigil_ledger_report_is_intact (report));

  g_assert_cmpint (exec_raw (f->path, "DROP TRIGGER alerts_immutable; "
                                      "UPDATE alerts SET severity = 'HIGH' WHERE id = 1"), ==, SQLITE_OK);
  assert_broken (f, "alerts", 1, "edited");
}

static void
test_expect_head (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(VigilLedgerReport) sealed = NULL;
  g_autoptr(VigilLedgerReport) later = NULL;
  g_autoptr(VigilLedgerReport) after_delete = NULL;
  g_autoptr(VigilLedgerReport) bare = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *head = NULL;
  g_autofree char *hex = NULL;

  fill (f, 30);
  sealed = verify (f, NULL);
  head = g_strdup (vigil_ledger_report_get_head (sealed));

  /* The log grows after the seal: the sealed head is still in it. */
  fill (f, 30);
  later = verify (f, head);
  g_assert_true (vigil_ledger_report_is_intact (later));

  /* Just the hex of the current head works too, and fails once the log has moved on. */
  hex = g_strndup (head, 64);
  bare = verify (f, hex);
  g_assert_false (vigil_ledger_report_is_intact (bare));

  /* Deleting the newest rows cannot be seen in the chain alone, but the seal catches it. */
  g_assert_cmpint (exec_raw (f->path, "DROP TRIGGER decisions_no_delete; "
                                      "DELETE FROM decisions WHERE id > 25"), ==, SQLITE_OK);
  after_delete = verify (f, head);
  g_assert_false (vigil_ledger_report_is_intact (after_delete));
  g_assert_cmpstr (vigil_ledger_report_get_broken_table (after_delete), ==, "decisions");
  g_assert_nonnull (strstr (vigil_ledger_report_get_reason (after_delete), "deleted"));

  g_assert_null (vigil_store_verify_expecting (f->store, "not-a-head", NULL, NULL, NULL, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
}

static void
progress_cb (goffset  done,
             goffset  total,
             gpointer data)
{
  goffset *last = data;

  g_assert_cmpint (done, >=, *last);
  g_assert_cmpint (done, <=, total);
  *last = done;
}

static void
test_progress_cancel (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(VigilLedgerReport) report = NULL;
  g_autoptr(GError) error = NULL;
  goffset last = 0;

  fill (f, 70000);
  report = vigil_store_verify (f->store, NULL, progress_cb, &last, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_ledger_report_is_intact (report));
  g_assert_cmpint (last, ==, 70002);

  g_cancellable_cancel (cancellable);
  g_clear_pointer (&report, vigil_ledger_report_unref);
  report = vigil_store_verify (f->store, cancellable, NULL, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Checkpoints ------------------------------------------------------------------------------ */

static VigilLedgerReport *
verify_since (Fixture *f)
{
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GError) error = NULL;
  VigilLedgerReport *report;

  store = vigil_store_open (f->path, VIGIL_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  report = vigil_store_verify_since_checkpoint (store, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return report;
}

/* 100 decisions, their log event and a note, verified in full and checkpointed; then 30 more
 * decisions and their log event. */
static char *
fill_with_checkpoint (Fixture *f)
{
  g_autoptr(VigilLedgerReport) full = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  const char *actor = test_on_postgres () ? vigil_store_get_identity (f->store) : "Ana Audit";
  g_autofree char *sql = NULL;

  fill (f, 100);
  full = vigil_store_verify_and_checkpoint (f->store, "Ana Audit", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_ledger_report_is_intact (full));
  g_assert_true (vigil_ledger_report_is_full (full));
  g_assert_cmpint (vigil_ledger_report_get_rehashed (full), ==, 102);
  /* (on a server, the login is who verified, whatever name is given) */
  sql = g_strdup_printf ("SELECT count(*) FROM events WHERE action = 'ledger_verified' "
                         "AND actor = '%s' AND id = 3", actor);
  g_assert_cmpint (count_rows (f->path, sql), ==, 1);

  for (int i = 0; i < 30; i++)
    {
      g_autofree char *ts = g_strdup_printf ("2026-11-29T10:%02d:00Z", i);

      g_ptr_array_add (batch, make_decision ("MomentumSignal", "BUY", ts, i / 30.0, "AAPL"));
    }
  g_assert_true (vigil_store_log_decisions (f->store, (VigilDecision **) batch->pdata, batch->len,
                                            &error));
  g_assert_no_error (error);
  return g_strdup (vigil_ledger_report_get_head (full));
}

static void
test_checkpoint_incremental (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *sealed = fill_with_checkpoint (f);
  g_autoptr(VigilLedgerReport) since = verify_since (f);
  g_autoptr(VigilLedgerReport) full = verify (f, NULL);
  g_autoptr(VigilLedgerReport) expecting = verify (f, sealed);
  g_autofree char *text = NULL;

  /* Only the 30 decisions, their log event and the checkpoint's own event were rehashed */
  g_assert_true (vigil_ledger_report_is_intact (since));
  g_assert_false (vigil_ledger_report_is_full (since));
  g_assert_cmpint (vigil_ledger_report_get_rehashed (since), ==, 32);
  g_assert_cmpint (vigil_ledger_report_get_checkpoint_records (since), ==, 102);
  g_assert_cmpint (vigil_ledger_report_get_checkpoint_event (since), ==, 3);
  g_assert_cmpstr (vigil_ledger_report_get_checkpoint_actor (since), ==,
                   test_on_postgres () ? vigil_store_get_identity (f->store) : "Ana Audit");
  g_assert_nonnull (vigil_ledger_report_get_checkpoint_time (since));

  /* ...and it reaches the same records and head as a full verification */
  g_assert_true (vigil_ledger_report_is_full (full));
  g_assert_cmpint (vigil_ledger_report_get_rehashed (full), ==, 134);
  g_assert_cmpint (vigil_ledger_report_get_records (since), ==, 134);
  g_assert_cmpstr (vigil_ledger_report_get_head (since), ==, vigil_ledger_report_get_head (full));
  g_assert_true (g_str_has_suffix (vigil_ledger_report_get_head (since), "@130.0.4"));
  g_assert_true (vigil_ledger_report_is_intact (expecting));
  text = vigil_ledger_report_to_string (since);
  g_assert_nonnull (strstr (text, "32 records since the checkpoint"));
}

static void
test_checkpoint_after_edit (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *sealed = fill_with_checkpoint (f);
  g_autoptr(VigilLedgerReport) since = NULL;

  g_assert_cmpint (exec_raw (f->path, "DROP TRIGGER decisions_immutable; "
                                      "UPDATE decisions SET prediction = 'HOLD' WHERE id = 115"),
                   ==, SQLITE_OK);
  since = verify_since (f);
  g_assert_false (vigil_ledger_report_is_intact (since));
  g_assert_cmpstr (vigil_ledger_report_get_broken_table (since), ==, "decisions");
  g_assert_cmpint (vigil_ledger_report_get_broken_id (since), ==, 115);
  g_assert_nonnull (strstr (vigil_ledger_report_get_reason (since), "edited"));
}

static void
test_checkpoint_rewritten_anchor (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *sealed = fill_with_checkpoint (f);
  g_autoptr(VigilLedgerReport) since = NULL;

  /* The row the checkpoint vouches for, rewritten and rehashed */
  g_assert_cmpint (exec_raw (f->path, "DROP TRIGGER decisions_immutable; UPDATE decisions SET "
                                      "record_hash = substr(record_hash, 2) || '0' WHERE id = 100"),
                   ==, SQLITE_OK);
  since = verify_since (f);
  g_assert_false (vigil_ledger_report_is_intact (since));
  g_assert_cmpstr (vigil_ledger_report_get_broken_table (since), ==, "decisions");
  g_assert_cmpint (vigil_ledger_report_get_broken_id (since), ==, 100);
  g_assert_nonnull (strstr (vigil_ledger_report_get_reason (since), "rewritten"));
}

static void
test_checkpoint_cut_tail (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *sealed = fill_with_checkpoint (f);
  g_autoptr(VigilLedgerReport) since = NULL;

  g_assert_cmpint (exec_raw (f->path, "DROP TRIGGER decisions_no_delete; "
                                      "DELETE FROM decisions WHERE id >= 90"),
                   ==, SQLITE_OK);
  since = verify_since (f);
  g_assert_false (vigil_ledger_report_is_intact (since));
  g_assert_cmpint (vigil_ledger_report_get_broken_id (since), ==, 100);
  g_assert_nonnull (strstr (vigil_ledger_report_get_reason (since), "deleted"));
}

/* What an incremental verification does not prove: an edit before the checkpoint that leaves
 * the hashes alone. A full verification finds it. */
static void
test_checkpoint_earlier_edit (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *sealed = fill_with_checkpoint (f);
  g_autoptr(VigilLedgerReport) since = NULL;

  g_assert_cmpint (exec_raw (f->path, "DROP TRIGGER decisions_immutable; "
                                      "UPDATE decisions SET prediction = 'HOLD' WHERE id = 42"),
                   ==, SQLITE_OK);
  since = verify_since (f);
  g_assert_true (vigil_ledger_report_is_intact (since));
  g_assert_false (vigil_ledger_report_is_full (since));
  assert_broken (f, "decisions", 42, "edited");
}

static void
test_checkpoint_none (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(VigilLedgerReport) since = NULL;
  g_autoptr(VigilLedgerReport) broken = NULL;
  g_autoptr(GError) error = NULL;

  fill (f, 50);
  /* A ledger_verified event whose details do not hold together is not a checkpoint */
  g_assert_true (vigil_store_record_event (f->store, "mallory", "ledger_verified", "ledger",
                                           "{\"decisions\":{\"last_id\":50,\"record_hash\":"
                                           "\"00\"},\"records\":51}", &error));
  g_assert_no_error (error);
  since = verify_since (f);
  g_assert_true (vigil_ledger_report_is_intact (since));
  g_assert_true (vigil_ledger_report_is_full (since));
  g_assert_cmpint (vigil_ledger_report_get_rehashed (since), ==, 53);
  g_assert_null (vigil_ledger_report_get_checkpoint_time (since));

  /* Only an intact full verification can be recorded */
  g_assert_cmpint (exec_raw (f->path, "DROP TRIGGER decisions_immutable; "
                                      "UPDATE decisions SET prediction = 'HOLD' WHERE id = 3"),
                   ==, SQLITE_OK);
  broken = verify (f, NULL);
  g_assert_false (vigil_store_record_checkpoint (f->store, broken, NULL, NULL, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
}

/* Caches of chained facts --------------------------------------------------------------------- */

static gint64
add_alert (Fixture    *f,
           const char *type,
           const char *subject)
{
  g_autoptr(VigilAlert) alert = vigil_alert_new (type, VIGIL_SEVERITY_HIGH, "MomentumSignal",
                                                 "test alert");
  g_autoptr(GError) error = NULL;

  vigil_alert_set_subject (alert, subject);
  vigil_alert_set_windows (alert, "2026-10-25T00:00:00Z", "2026-11-01T00:00:00Z",
                           "2026-11-08T00:00:00Z");
  g_assert_true (vigil_store_add_alert (f->store, alert, NULL, &error));
  g_assert_no_error (error);
  return vigil_alert_get_id (alert);
}

static void
assert_cache_named (Fixture    *f,
                    const char *text)
{
  g_autoptr(VigilLedgerReport) report = verify (f, NULL);
  g_autofree char *all = vigil_ledger_report_to_string (report);

  g_assert_false (vigil_ledger_report_is_intact (report));
  g_assert_cmpint (vigil_ledger_report_get_n_cache_differences (report), >, 0);
  if (strstr (all, text) == NULL)
    g_error ("expected “%s” in “%s”", text, all);
}

static void
assert_intact (Fixture *f)
{
  g_autoptr(VigilLedgerReport) report = verify (f, NULL);
  g_autofree char *all = vigil_ledger_report_to_string (report);

  if (!vigil_ledger_report_is_intact (report))
    g_error ("expected intact: %s", all);
  g_assert_true (vigil_ledger_report_get_caches_checked (report));
}

/* Acknowledgements, reviews and outcomes made through the store are their events' facts. */
static void
test_caches_actions (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 alert;

  fill (f, 200);
  alert = add_alert (f, "volume_anomaly", NULL);
  g_assert_true (vigil_store_acknowledge_alert (f->store, alert, "Ann", "seen", &error));
  g_assert_true (vigil_store_review_decision (f->store, 5, "Bob", VIGIL_REVIEW_APPROVED, NULL,
                                              &error));
  g_assert_true (vigil_store_review_decision (f->store, 5, "Carol", VIGIL_REVIEW_OVERRIDDEN,
                                              "wrong", &error));
  g_assert_true (vigil_store_record_outcome (f->store, 6, "DEFAULT", "2026-11-20T00:00:00Z",
                                             "Dan", &error));
  g_assert_no_error (error);
  assert_intact (f);

  g_assert_cmpint (exec_raw (f->path, "UPDATE decisions SET reviewed_by = 'Eve' WHERE id = 5"),
                   ==, SQLITE_OK);
  assert_cache_named (f, "decision 5: reviewed_by is “Eve”, but review event");
  g_assert_cmpint (exec_raw (f->path, "UPDATE decisions SET reviewed_by = 'Carol' WHERE id = 5; "
                                      "UPDATE decisions SET outcome_date = NULL WHERE id = 6"),
                   ==, SQLITE_OK);
  assert_cache_named (f, "decision 6: outcome_date is NULL, but outcome event");
  g_assert_cmpint (exec_raw (f->path, "UPDATE decisions SET outcome_date = "
                                      "'2026-11-20T00:00:00.000000' WHERE id = 6; "
                                      "UPDATE alerts SET acknowledged = 0 WHERE id = 1"),
                   ==, SQLITE_OK);
  assert_cache_named (f, "alert 1: acknowledged is 0, but acknowledge event");
}

/* The rule for flags and acknowledgements recorded by Vigil before their events carried
 * everything: a flag event names the count it flagged, and its alert the model, window and
 * subject, so it flagged the first that many decisions, by id, that the rule selects; an
 * acknowledgement's time may precede its event by up to a second. */
static void
test_caches_legacy (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *details = NULL;
  g_autofree char *update = NULL;
  char before[VIGIL_TIMESTAMP_LEN];
  gint64 alert, flagged, event_at;
  VigilSqlStmt *stmt;

  fill (f, 300);
  alert = add_alert (f, "distribution_shift", "BUY");
  g_assert_cmpint (exec_raw (f->path, "UPDATE decisions SET anomaly_flag = 1, anomaly_reason = "
                                      "'alert 1: distribution_shift BUY' WHERE model_name = "
                                      "'MomentumSignal' AND prediction = 'BUY' AND timestamp >= "
                                      "'2026-11-01' AND timestamp < '2026-11-08'"),
                   ==, SQLITE_OK);
  flagged = count_rows (f->path, "SELECT count(*) FROM decisions WHERE anomaly_flag = 1");
  g_assert_cmpint (flagged, >, 0);
  details = g_strdup_printf ("{\"decisions\":%" G_GINT64_FORMAT ",\"reason\":\"alert 1: "
                             "distribution_shift BUY\"}", flagged);
  g_assert_true (vigil_store_record_event (f->store, "vigil-detector", "flag", "alert:1",
                                           details, &error));
  g_assert_true (vigil_store_record_event (f->store, "Ann", "acknowledge", "alert:1", "{}",
                                           &error));
  g_assert_no_error (error);

  /* The acknowledgement's columns as an older Vigil wrote them, a moment before its event */
  g_assert_cmpint (vigil_sql_prepare (vigil_store_get_sql (f->store),
                                      "SELECT timestamp FROM events WHERE action = "
                                      "'acknowledge'", &stmt), ==, VIGIL_SQL_OK);
  g_assert_cmpint (vigil_sql_step (stmt), ==, VIGIL_SQL_ROW);
  g_assert_true (vigil_timestamp_parse (vigil_sql_column_text (stmt, 0), &event_at, NULL));
  vigil_sql_finalize (stmt);
  vigil_timestamp_format (event_at - 300, before);
  /* (on a server the event's actor is the login, whatever name was given) */
  update = g_strdup_printf ("UPDATE alerts SET acknowledged = 1, acknowledged_by = '%s', "
                            "acknowledged_at = '%s' WHERE id = %" G_GINT64_FORMAT,
                            test_on_postgres () ? vigil_store_get_identity (f->store) : "Ann",
                            before, alert);
  g_assert_cmpint (exec_raw (f->path, update), ==, SQLITE_OK);

  /* Decisions logged into the window later were not flagged by that event. */
  log_one (f->store, "MomentumSignal", "BUY", "2026-11-03T12:00:00Z");
  assert_intact (f);

  g_assert_cmpint (exec_raw (f->path, "UPDATE decisions SET anomaly_flag = 0 "
                                      "WHERE anomaly_flag = 1"), ==, SQLITE_OK);
  assert_cache_named (f, "anomaly_flag is 0, but flag event");
  g_assert_cmpint (exec_raw (f->path, "UPDATE decisions SET anomaly_flag = 1 "
                                      "WHERE anomaly_reason IS NOT NULL"), ==, SQLITE_OK);
  assert_intact (f);
  g_clear_pointer (&update, g_free);
  vigil_timestamp_format (event_at - 2 * G_USEC_PER_SEC, before);
  update = g_strdup_printf ("UPDATE alerts SET acknowledged_at = '%s'", before);
  g_assert_cmpint (exec_raw (f->path, update), ==, SQLITE_OK);
  assert_cache_named (f, "alert 1: acknowledged_at is");
}

/* A server that goes away while the ledger is read (a restart cutting an import between two
 * batches): the error says the connection was lost and to try again once the server is back,
 * as every other write path does, not just libpq's words. */
static void
test_lost_connection (Fixture       *f,
                      gconstpointer  data)
{
  VigilSql *db = vigil_store_get_sql (f->store);
  g_autoptr(VigilSqlStmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kill = NULL;
  char hash[65];
  gint64 id = 0;
  gint64 pid = 0;

  if (!test_on_postgres ())
    {
      g_test_skip ("a lost connection is a server's");
      return;
    }

  log_one (f->store, "m", "BUY", "2026-01-02T10:00:00Z");
  g_assert_cmpint (vigil_sql_prepare (db, "SELECT pg_backend_pid ()", &stmt), ==, VIGIL_SQL_OK);
  g_assert_cmpint (vigil_sql_step (stmt), ==, VIGIL_SQL_ROW);
  pid = vigil_sql_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, vigil_sql_finalize);
  kill = g_strdup_printf ("SELECT pg_terminate_backend (%" G_GINT64_FORMAT ", 10000)", pid);
  test_admin_exec (kill);

  g_assert_false (vigil_ledger_read_head (db, VIGIL_CHAIN_DECISIONS, &id, hash, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, "Could not read the ledger"));
  g_assert_nonnull (strstr (error->message, "server is back"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/vigil/ledger/chain-by-hand", test_chain_by_hand);
  ADD ("/vigil/ledger/intact", test_intact);
  ADD ("/vigil/ledger/empty", test_empty);
  ADD ("/vigil/ledger/verify-detects-edit", test_detects_edit);
  ADD ("/vigil/ledger/verify-detects-tiny-edit", test_detects_tiny_edit);
  ADD ("/vigil/ledger/verify-detects-hash-edit", test_detects_hash_edit);
  ADD ("/vigil/ledger/verify-detects-delete", test_detects_delete);
  ADD ("/vigil/ledger/verify-detects-delete-first", test_detects_delete_first);
  ADD ("/vigil/ledger/verify-detects-insert", test_detects_insert);
  ADD ("/vigil/ledger/verify-detects-append", test_detects_append);
  ADD ("/vigil/ledger/verify-detects-reorder", test_detects_reorder);
  ADD ("/vigil/ledger/verify-detects-event-edit", test_detects_event_edit);
  ADD ("/vigil/ledger/verify-detects-alert-edit", test_detects_alert_edit);
  ADD ("/vigil/ledger/expect-head", test_expect_head);
  ADD ("/vigil/ledger/progress-cancel", test_progress_cancel);
  ADD ("/vigil/ledger/checkpoint-incremental", test_checkpoint_incremental);
  ADD ("/vigil/ledger/checkpoint-after-edit", test_checkpoint_after_edit);
  ADD ("/vigil/ledger/checkpoint-rewritten-anchor", test_checkpoint_rewritten_anchor);
  ADD ("/vigil/ledger/checkpoint-cut-tail", test_checkpoint_cut_tail);
  ADD ("/vigil/ledger/checkpoint-earlier-edit", test_checkpoint_earlier_edit);
  ADD ("/vigil/ledger/checkpoint-none", test_checkpoint_none);
  ADD ("/vigil/ledger/caches-actions", test_caches_actions);
  ADD ("/vigil/ledger/caches-legacy", test_caches_legacy);
  ADD ("/vigil/ledger/lost-connection", test_lost_connection);
#undef ADD

  return g_test_run ();
}
