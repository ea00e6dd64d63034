/* test-report.c: the audit report: its numbers against SQL, its PDF's text and pages, an empty
 * period, a tampered ledger, recording and listing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "vigil-detector.h"
#include "vigil-report.h"
#include "vigil-simulator.h"
#include "vigil-summary-text.h"
#include "vigil-test-util.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3, sqlite3_close)

/* A simulated week with its incidents on day 4, the checks backtested over it, one alert
 * acknowledged and a few decisions reviewed. */
static void
simulate (Fixture *f)
{
  g_autoptr(VigilScenario) scenario = vigil_scenario_new ();
  g_autoptr(VigilSimulator) simulator = vigil_simulator_new ();
  g_autoptr(VigilDetector) detector = vigil_detector_new (f->store, NULL);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;

  vigil_scenario_set_start_date (scenario, "2026-11-01");
  vigil_scenario_set_seed (scenario, 42);
  g_assert_true (vigil_simulator_run (simulator, f->store, scenario, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  results = vigil_detector_backtest (detector, NULL, "2026-11-01", "2026-11-07", NULL, NULL, NULL,
                                     &error);
  g_assert_no_error (error);

  g_assert_true (vigil_store_acknowledge_alert (f->store, 1, "Ana Risk", "expected", &error));
  g_assert_no_error (error);
  g_assert_true (vigil_store_review_decision (f->store, 700, "Ana Risk", VIGIL_REVIEW_OVERRIDDEN,
                                              "wrong", &error));
  g_assert_true (vigil_store_review_decision (f->store, 701, "Ana Risk", VIGIL_REVIEW_APPROVED,
                                              NULL, &error));
  g_assert_no_error (error);
}

static gint64
sql_count (Fixture    *f,
           const char *sql)
{
  g_autoptr(sqlite3) db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static VigilReport *
build (Fixture    *f,
       const char *first,
       const char *last)
{
  g_autoptr(GError) error = NULL;
  VigilPeriod period;
  VigilReport *report;

  g_assert_true (vigil_period_init_range (&period, first, last, &error));
  report = vigil_report_build (f->store, &period, NULL, "Test Bank", "Ana Risk", NULL, NULL, NULL,
                               &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static JsonObject *
to_json (VigilReport *report,
         JsonParser  *parser)
{
  g_autofree char *json = vigil_report_to_json (report);
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static char *
run_tool (const char * const *argv,
          int                *out_status)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                               NULL, &status, &error));
  g_assert_no_error (error);
  *out_status = status;
  return out;
}

static char *
pdf_text (const char *pdf)
{
  const char *argv[] = { "pdftotext", "-layout", pdf, "-", NULL };
  int status;
  char *text = run_tool (argv, &status);

  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return text;
}

static void
assert_has (const char *text,
            const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("“%s” is not in the report's text:\n%s", needle, text);
}

static void
test_numbers (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(VigilReport) report = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *summary;
  JsonArray *models;
  const char *from = "'2026-11-04T00:00:00.000000'", *to = "'2026-11-07T00:00:00.000000'";
  g_autofree char *q = NULL;

  simulate (f);
  report = build (f, "2026-11-04", "2026-11-06");
  root = to_json (report, parser);
  summary = json_object_get_object_member (root, "executive_summary");

#define SQL(...) (g_free (q), q = g_strdup_printf (__VA_ARGS__), sql_count (f, q))
  g_assert_cmpint (vigil_report_get_total_decisions (report), ==,
                   SQL ("SELECT count(*) FROM decisions WHERE timestamp >= %s AND timestamp < %s",
                        from, to));
  g_assert_cmpint (vigil_report_get_total_decisions (report), >, 0);
  g_assert_cmpint (json_object_get_int_member (summary, "total_decisions"), ==,
                   vigil_report_get_total_decisions (report));
  g_assert_cmpint (json_object_get_int_member (summary, "previous_period_decisions"), ==,
                   SQL ("SELECT count(*) FROM decisions WHERE timestamp >= "
                        "'2026-11-01T00:00:00.000000' AND timestamp < %s", from));
  g_assert_cmpint (json_object_get_int_member (summary, "total_alerts"), ==,
                   SQL ("SELECT count(*) FROM alerts WHERE timestamp >= %s AND timestamp < %s",
                        from, to));
  g_assert_cmpint (json_object_get_int_member (summary, "total_alerts"), >, 0);
  g_assert_cmpint (json_object_get_int_member (summary, "high_severity_alerts"), ==,
                   SQL ("SELECT count(*) FROM alerts WHERE timestamp >= %s AND timestamp < %s "
                        "AND severity = 'HIGH'", from, to));
  g_assert_cmpint (json_object_get_int_member (summary, "unacknowledged_alerts"), ==,
                   SQL ("SELECT count(*) FROM alerts WHERE timestamp >= %s AND timestamp < %s "
                        "AND acknowledged = 0", from, to));
  g_assert_cmpint (json_object_get_int_member (summary, "decisions_pending_review"), ==,
                   SQL ("SELECT count(*) FROM decisions WHERE timestamp >= %s AND timestamp < %s "
                        "AND review_status = 'pending'", from, to));
  g_assert_cmpint (json_object_get_int_member (summary, "decisions_overridden"), ==,
                   SQL ("SELECT count(*) FROM decisions WHERE timestamp >= %s AND timestamp < %s "
                        "AND review_status = 'overridden'", from, to));
  g_assert_cmpint (json_object_get_int_member (summary, "decisions_overridden"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (summary, "decisions_flagged"), ==,
                   SQL ("SELECT count(*) FROM decisions WHERE timestamp >= %s AND timestamp < %s "
                        "AND anomaly_flag = 1", from, to));
  g_assert_cmpint (json_object_get_int_member (summary, "models_active"), ==,
                   SQL ("SELECT count(DISTINCT model_name) FROM decisions WHERE timestamp >= %s "
                        "AND timestamp < %s", from, to));

  /* Per model: count, distribution, mean confidence, alerts, flags */
  models = json_object_get_array_member (root, "model_summaries");
  g_assert_cmpint (json_array_get_length (models), ==, 2);
  for (guint i = 0; i < json_array_get_length (models); i++)
    {
      JsonObject *m = json_array_get_object_element (models, i);
      const char *name = json_object_get_string_member (m, "model_name");
      JsonObject *dist = json_object_get_object_member (m, "decision_distribution");
      g_autoptr(GList) predictions = json_object_get_members (dist);
      g_autoptr(sqlite3) db = NULL;
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (json_object_get_int_member (m, "decision_count"), ==,
                       SQL ("SELECT count(*) FROM decisions WHERE model_name = '%s' AND "
                            "timestamp >= %s AND timestamp < %s", name, from, to));
      g_assert_cmpint (json_object_get_int_member (m, "alerts_count"), ==,
                       SQL ("SELECT count(*) FROM alerts WHERE model_name = '%s' AND "
                            "timestamp >= %s AND timestamp < %s", name, from, to));
      g_assert_cmpint (json_object_get_int_member (m, "anomaly_flags_count"), ==,
                       SQL ("SELECT count(*) FROM decisions WHERE model_name = '%s' AND "
                            "timestamp >= %s AND timestamp < %s AND anomaly_flag = 1",
                            name, from, to));
      for (GList *l = predictions; l; l = l->next)
        g_assert_cmpint (json_object_get_int_member (dist, l->data), ==,
                         SQL ("SELECT count(*) FROM decisions WHERE model_name = '%s' AND "
                              "timestamp >= %s AND timestamp < %s AND prediction = '%s'",
                              name, from, to, (const char *) l->data));

      g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
      g_free (q);
      q = g_strdup_printf ("SELECT avg(confidence) FROM decisions WHERE model_name = '%s' AND "
                           "timestamp >= %s AND timestamp < %s", name, from, to);
      g_assert_cmpint (sqlite3_prepare_v2 (db, q, -1, &stmt, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (m, "avg_confidence"),
                                      sqlite3_column_double (stmt, 0), 1e-9);
      sqlite3_finalize (stmt);
    }
#undef SQL

  /* The ledger it seals, and the statements */
  g_assert_true (vigil_report_is_ledger_intact (report));
  g_assert_cmpint (vigil_report_get_ledger_records (report), ==,
                   sql_count (f, "SELECT (SELECT count(*) FROM decisions) + (SELECT count(*) "
                                 "FROM alerts) + (SELECT count(*) FROM events)"));
  g_assert_cmpint (vigil_report_get_n_statements (report), >=, 5);
  for (guint i = 0; i < vigil_report_get_n_statements (report); i++)
    {
      const VigilReportStatement *st = vigil_report_get_statement (report, i);

      if (strcmp (st->title, "Alert handling") == 0)
        g_assert_false (st->holds);   /* only one alert was acknowledged */
      if (strcmp (st->title, "Logging") == 0)
        {
          g_assert_true (st->holds);
          g_assert_nonnull (strstr (st->text, vigil_report_get_ledger_head (report)));
        }
      if (strcmp (st->title, "Ongoing monitoring") == 0)
        {
          g_assert_true (st->holds);
          g_assert_nonnull (strstr (st->text, "3 of 3 days"));
        }
    }
}

static void
test_pdf (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(VigilReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (f->dir, "report.pdf", NULL);
  g_autofree char *letter = g_build_filename (f->dir, "letter.pdf", NULL);
  g_autofree char *sha256 = NULL, *sha_letter = NULL, *text = NULL, *contents = NULL;
  g_autofree char *file_sha = NULL, *total = NULL, *page_count = NULL, *prefix = NULL;
  g_autofree char *info = NULL, *info_letter = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(VigilReportInfo) recorded = NULL;
  g_autoptr(VigilLedgerReport) check = NULL;
  const char *head;
  gsize len;
  guint n_pages;
  int status;

  simulate (f);
  report = build (f, "2026-11-01", "2026-11-06");
  g_assert_true (vigil_report_set_signer (report, VIGIL_SIGNER_RISK_OFFICER, "Alex Chen",
                                          "2026-11-07", &error));
  g_assert_false (vigil_report_set_signer (report, VIGIL_SIGNER_CHIEF_RISK_OFFICER, "X",
                                           "2026-13-01", &error));
  g_assert_error (error, VIGIL_REPORT_ERROR, VIGIL_REPORT_ERROR_INVALID);
  g_clear_error (&error);
  head = vigil_report_get_ledger_head (report);
  n_pages = vigil_report_get_n_pages (report, VIGIL_PAPER_A4);
  g_assert_cmpuint (n_pages, >=, 7);   /* title, summary, 2 models, alerts, compliance, sign-off */

  g_assert_true (vigil_report_write_pdf (report, pdf, VIGIL_PAPER_A4, &sha256, NULL, NULL, NULL,
                                         &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &contents, &len, &error));
  file_sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
  g_assert_cmpstr (sha256, ==, file_sha);

  /* Real text: the sections, the numbers, the head on every page */
  text = pdf_text (pdf);
  assert_has (text, "Test Bank");
  assert_has (text, "AI Model Audit Report");
  assert_has (text, "Executive summary");
  assert_has (text, "Model: CreditXGBoost");
  assert_has (text, "Model: MomentumSignal");
  assert_has (text, "Daily decision distribution");
  assert_has (text, "Alerts");
  assert_has (text, "Regulatory compliance");
  assert_has (text, "Ongoing monitoring");
  assert_has (text, "Sign-off");
  assert_has (text, "Chief Risk Officer");
  assert_has (text, "Alex Chen");
  assert_has (text, "2026-11-07");
  assert_has (text, "Ana Risk");            /* who acknowledged the alert */
  total = vigil_summary_text_format_count (vigil_report_get_total_decisions (report));
  assert_has (text, total);
  page_count = g_strdup_printf ("Page %u of %u", n_pages, n_pages);
  assert_has (text, page_count);
  {
    guint heads = 0;

    for (const char *p = text; (p = strstr (p, head)) != NULL; p++)
      heads++;
    g_assert_cmpuint (heads, >=, n_pages);
  }

  /* Every page renders */
  {
    g_autofree char *out_prefix = g_build_filename (f->dir, "page", NULL);
    const char *argv[] = { "pdftoppm", "-r", "40", "-png", pdf, out_prefix, NULL };
    g_autofree char *out = run_tool (argv, &status);
    g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
    const char *name;
    guint pngs = 0;

    g_assert_true (g_spawn_check_wait_status (status, NULL));
    while ((name = g_dir_read_name (dir)) != NULL)
      pngs += g_str_has_prefix (name, "page") && g_str_has_suffix (name, ".png");
    g_assert_cmpuint (pngs, ==, n_pages);
  }

  /* Letter differs from A4 */
  g_assert_true (vigil_report_write_pdf (report, letter, VIGIL_PAPER_LETTER, &sha_letter, NULL,
                                         NULL, NULL, &error));
  g_assert_no_error (error);
  {
    const char *a4_argv[] = { "pdfinfo", pdf, NULL };
    const char *letter_argv[] = { "pdfinfo", letter, NULL };

    info = run_tool (a4_argv, &status);
    info_letter = run_tool (letter_argv, &status);
    assert_has (info, "595.276 x 841.89 pts (A4)");
    assert_has (info_letter, "612 x 792 pts (letter)");
  }

  /* Recorded, listed, and the head checks out later */
  g_assert_true (vigil_store_record_report (f->store, report, sha256, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (vigil_store_record_report (f->store, report, "not-a-hash", NULL, &error));
  g_assert_error (error, VIGIL_REPORT_ERROR, VIGIL_REPORT_ERROR_INVALID);
  g_clear_error (&error);
  list = vigil_store_list_reports (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  recorded = g_list_model_get_item (list, 0);
  g_assert_cmpstr (vigil_report_info_get_pdf_sha256 (recorded), ==, file_sha);
  g_assert_cmpstr (vigil_report_info_get_ledger_head (recorded), ==, head);
  g_assert_cmpstr (vigil_report_info_get_period_start (recorded), ==, "2026-11-01T00:00:00.000000");
  g_assert_nonnull (strstr (vigil_report_info_get_signed_by (recorded), "Alex Chen"));
  g_assert_cmpint (sql_count (f, "SELECT count(*) FROM events WHERE action = 'report_exported' "
                                 "AND target = 'report:1'"), ==, 1);
  check = vigil_store_verify_expecting (f->store, head, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_ledger_report_is_intact (check));
  (void) prefix;
}

static void
test_empty_period (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(VigilReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (f->dir, "empty.pdf", NULL);
  g_autofree char *text = NULL;

  simulate (f);
  report = build (f, "2025-01-01", "2025-01-07");
  g_assert_true (vigil_report_is_empty (report));
  g_assert_cmpint (vigil_report_get_total_decisions (report), ==, 0);
  g_assert_cmpuint (vigil_report_get_n_alerts (report), ==, 0);
  g_assert_true (vigil_report_write_pdf (report, pdf, VIGIL_PAPER_A4, NULL, NULL, NULL, NULL,
                                         &error));
  g_assert_no_error (error);
  text = pdf_text (pdf);
  assert_has (text, "No decisions were logged in this period");
  assert_has (text, "No alert was raised in this period");
  assert_has (text, "Sign-off");
}

static void
test_tampered (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(VigilReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *pdf = g_build_filename (f->dir, "tampered.pdf", NULL);
  g_autofree char *text = NULL;
  JsonObject *ledger;

  simulate (f);
  g_clear_object (&f->store);
  g_assert_cmpint (exec_raw (f->path, "DROP TRIGGER decisions_immutable; "
                                      "UPDATE decisions SET prediction = 'BUY' WHERE id = 250"),
                   ==, SQLITE_OK);
  f->store = vigil_store_open (f->path, VIGIL_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  report = build (f, "2026-11-01", "2026-11-06");
  g_assert_false (vigil_report_is_ledger_intact (report));
  ledger = json_object_get_object_member (to_json (report, parser), "ledger");
  g_assert_false (json_object_get_boolean_member (ledger, "intact"));
  g_assert_cmpint (json_object_get_int_member (ledger, "broken_id"), ==, 250);
  g_assert_false (vigil_report_get_statement (report, 0)->holds);

  g_assert_true (vigil_report_write_pdf (report, pdf, VIGIL_PAPER_A4, NULL, NULL, NULL, NULL,
                                         &error));
  g_assert_no_error (error);
  text = pdf_text (pdf);
  assert_has (text, "Ledger NOT intact");
  assert_has (text, "Table decisions, row 250: edited");
  assert_has (text, "trigger decisions_immutable is missing");
  assert_has (text, vigil_report_get_ledger_head (report));
  assert_has (text, "NOT MET");
  g_assert_null (strstr (text, "(null)"));
  g_assert_null (strstr (text, "Ledger verified intact"));
}

/* A checkpoint does not shorten a report's verification: an edit made before it, leaving the
 * hashes that follow alone, is found (a report used to say "intact" of it). */
static void
test_checkpoint (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(VigilReport) report = NULL, before = NULL;
  g_autoptr(VigilLedgerReport) verified = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *statement = NULL;
  JsonObject *ledger;
  gint64 records;

  simulate (f);
  verified = vigil_store_verify_and_checkpoint (f->store, "Ana Audit", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  records = vigil_ledger_report_get_records (verified);
  g_assert_true (vigil_store_record_event (f->store, "tester", "note", NULL, "{}", &error));

  report = build (f, "2026-11-01", "2026-11-06");
  g_assert_true (vigil_report_is_ledger_intact (report));
  g_assert_true (vigil_ledger_report_is_full (vigil_report_get_ledger_report (report)));
  /* every record, the checkpoint's event and the note included */
  g_assert_cmpint (vigil_ledger_report_get_rehashed (vigil_report_get_ledger_report (report)),
                   ==, records + 2);
  statement = vigil_report_dup_ledger_statement (report);
  g_assert_nonnull (strstr (statement, "verified in full now"));
  g_assert_nonnull (strstr (statement, vigil_report_get_ledger_head (report)));
  ledger = json_object_get_object_member (to_json (report, parser), "ledger");
  g_assert_true (json_object_get_boolean_member (ledger, "full"));
  g_assert_true (json_object_get_boolean_member (ledger, "schema_checked"));
  g_assert_cmpint (json_object_get_int_member (ledger, "checkpoint_heads_checked"), ==, 1);

  g_clear_object (&f->store);
  g_assert_cmpint (exec_raw (f->path, "DROP TRIGGER decisions_immutable; "
                                      "UPDATE decisions SET prediction = 'BUY' WHERE id = 250"),
                   ==, SQLITE_OK);
  f->store = vigil_store_open (f->path, VIGIL_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  before = build (f, "2026-11-01", "2026-11-06");
  g_assert_false (vigil_report_is_ledger_intact (before));
  g_assert_cmpint (vigil_ledger_report_get_broken_id (vigil_report_get_ledger_report (before)),
                   ==, 250);
}

static void
test_invalid (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *models[] = { "NoSuchModel", NULL };
  VigilPeriod period = { "2026-11-01", 0 };
  VigilReport *report;
  VigilPaper paper;
  VigilSignerRole role;

  simulate (f);
  report = vigil_report_build (f->store, &period, NULL, NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, VIGIL_REPORT_ERROR, VIGIL_REPORT_ERROR_INVALID);
  g_clear_error (&error);
  period.n_days = 7;
  report = vigil_report_build (f->store, &period, models, NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, VIGIL_REPORT_ERROR, VIGIL_REPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "NoSuchModel"));

  g_assert_true (vigil_paper_from_string ("Letter", &paper));
  g_assert_cmpint (paper, ==, VIGIL_PAPER_LETTER);
  g_assert_false (vigil_paper_from_string ("a5", &paper));
  g_assert_true (vigil_signer_role_from_string ("chief-risk-officer", &role));
  g_assert_cmpint (role, ==, VIGIL_SIGNER_CHIEF_RISK_OFFICER);
  g_assert_false (vigil_signer_role_from_string ("cro", &role));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/vigil/report/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("numbers-match-sql", test_numbers);
  ADD ("pdf", test_pdf);
  ADD ("empty-period", test_empty_period);
  ADD ("tampered-ledger", test_tampered);
  ADD ("checkpoint", test_checkpoint);
  ADD ("invalid", test_invalid);
  return g_test_run ();
}
