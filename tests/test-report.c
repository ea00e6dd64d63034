/* test-report.c: the audit report: its numbers against SQL, its PDF's text and pages, an empty
 * period, a tampered ledger, recording and listing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "vigil-chart.h"
#include "vigil-dashboard.h"
#include "vigil-detector.h"
#include "vigil-report.h"
#include "vigil-simulator.h"
#include "vigil-summary-text.h"
#include "vigil-timestamp.h"
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

static const VigilReportStatement *
statement (VigilReport *report,
           const char  *title)
{
  for (guint i = 0; i < vigil_report_get_n_statements (report); i++)
    if (strcmp (vigil_report_get_statement (report, i)->title, title) == 0)
      return vigil_report_get_statement (report, i);
  g_error ("no statement “%s”", title);
  return NULL;
}

static double
sql_double (Fixture    *f,
            const char *sql)
{
  g_autoptr(sqlite3) db = NULL;
  sqlite3_stmt *stmt = NULL;
  double v;

  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  v = sqlite3_column_double (stmt, 0);
  sqlite3_finalize (stmt);
  return v;
}

static JsonObject *
find_model_object (JsonObject *root,
                   const char *key,
                   const char *model)
{
  JsonArray *array = json_object_get_array_member (root, key);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (o, "model_name"), model) == 0)
        return o;
    }
  g_error ("no %s for %s", key, model);
  return NULL;
}

static char *
write_pdf_text (Fixture     *f,
                VigilReport *report,
                const char  *name)
{
  g_autofree char *pdf = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_report_write_pdf (report, pdf, VIGIL_PAPER_A4, NULL, NULL, NULL, NULL,
                                         &error));
  g_assert_no_error (error);
  return pdf_text (pdf);
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
  /* Reviews count by when they were made: those of simulate() are made today, after the period */
  g_assert_cmpint (json_object_get_int_member (summary, "decisions_overridden"), ==,
                   SQL ("SELECT count(*) FROM events WHERE action = 'review' AND timestamp >= %s "
                        "AND timestamp < %s AND json_extract(details, '$.status') = 'overridden'",
                        from, to));
  g_assert_cmpint (json_object_get_int_member (summary, "decisions_overridden"), ==, 0);
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
          g_assert_nonnull (strstr (st->text, "6 of 6 model-days"));
        }
      g_assert_nonnull (st->provisions);
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
  g_assert_true (vigil_report_add_signatory (report, "risk-officer", "Alex Chen", &error));
  g_assert_true (vigil_report_add_signatory (report, "Head of Model Validation", "Priya Rao",
                                             &error));
  g_assert_true (vigil_report_add_signatory (report, "Internal Audit", NULL, &error));
  g_assert_no_error (error);
  g_assert_false (vigil_report_add_signatory (report, "  ", "X", &error));
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
  assert_has (text, "Risk Officer");
  assert_has (text, "Alex Chen");
  assert_has (text, "Head of Model Validation");
  assert_has (text, "Priya Rao");
  assert_has (text, "Internal Audit");
  assert_has (text, "Prepared by: Ana Risk");
  assert_has (text, "Model inventory");
  assert_has (text, "Check coverage");
  assert_has (text, "Policy change log");
  assert_has (text, "Method appendix");
  assert_has (text, "Two-proportion z-test");
  assert_has (text, "Overrides and escalations");
  assert_has (text, "Acknowledgements");
  /* The signatures and their dates are left blank: no date beside a name */
  {
    g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
    char today[VIGIL_DAY_LEN];

    vigil_period_today (today);
    for (guint i = 0; lines[i] != NULL; i++)
      if (strstr (lines[i], "Priya Rao") || strstr (lines[i], "Alex Chen"))
        {
          g_assert_null (strstr (lines[i], today));
          g_assert_null (strstr (lines[i], "2026-"));
        }
  }
  assert_has (text, "Ana Risk");            /* who acknowledged the alert */
  /* the evidence as the app shows it: a share as a percentage, not a raw fraction */
  g_assert_true (g_regex_match_simple ("Observed [0-9]+\\.[0-9]%", text, 0, 0));
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
  g_assert_cmpstr (vigil_report_info_get_signatories (recorded), ==,
                   "Risk Officer: Alex Chen; Head of Model Validation: Priya Rao");
  /* Named, not signed: the reports row claims no signature */
  g_assert_cmpint (sql_count (f, "SELECT count(*) FROM reports WHERE signed_by IS NULL"), ==, 1);
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

  /* Nothing to judge is no pass: every statement about the period says NO DATA */
  assert_has (text, "NO DATA");
  for (guint i = 0; i < vigil_report_get_n_statements (report); i++)
    {
      const VigilReportStatement *st = vigil_report_get_statement (report, i);

      if (strcmp (st->title, "Retention") == 0)
        continue;
      if (st->verdict == VIGIL_REPORT_VERDICT_MET)
        g_error ("“%s” is met in an empty period: %s", st->title, st->text);
    }
  g_assert_cmpint (statement (report, "Logging")->verdict, ==, VIGIL_REPORT_VERDICT_NO_DATA);
  g_assert_cmpint (statement (report, "Ongoing monitoring")->verdict, ==,
                   VIGIL_REPORT_VERDICT_NO_DATA);
  g_assert_cmpint (statement (report, "Human oversight")->verdict, ==,
                   VIGIL_REPORT_VERDICT_NO_DATA);
  g_assert_false (statement (report, "Logging")->holds);
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

static gboolean
report_lists (VigilReport *report,
              gint64       id)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *alerts = json_object_get_array_member (to_json (report, parser), "alerts");

  for (guint i = 0; i < json_array_get_length (alerts); i++)
    if (json_object_get_int_member (json_array_get_object_element (alerts, i), "id") == id)
      return TRUE;
  return FALSE;
}

/* The SELL surge of day 4 (2026-11-04), found by the backtest: every place that shows alerts
 * puts its alert on day 4, by the window it describes, and not on day 5, when its window
 * ended; acknowledged right after it was raised, it took seconds. */
static void
test_alert_day (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(VigilAlertQuery) query = vigil_alert_query_new ();
  g_autoptr(GListModel) listed = NULL;
  g_autoptr(VigilDashboard) day = NULL;
  g_autoptr(VigilDashboard) week = NULL;
  g_autoptr(VigilSummary) summary = NULL;
  g_autoptr(VigilReport) of_day = NULL;
  g_autoptr(VigilReport) of_week = NULL;
  g_autoptr(VigilReport) next_week = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  VigilAlert *surge = NULL;
  gboolean on_timeline = FALSE, acknowledged = FALSE;
  JsonArray *alerts;
  gint64 id, from_usec;

  simulate (f);

  /* vigilctl alerts --from 2026-11-04 --to 2026-11-05, the Alerts view */
  vigil_alert_query_set_model (query, "MomentumSignal");
  g_assert_true (vigil_alert_query_set_range (query, "2026-11-04", "2026-11-05", &error));
  listed = vigil_store_query_alerts (f->store, query, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (listed); i++)
    {
      g_autoptr(VigilAlert) a = g_list_model_get_item (listed, i);

      if (g_strcmp0 (vigil_alert_get_alert_type (a), "distribution_shift") == 0 &&
          g_strcmp0 (vigil_alert_get_subject (a), "SELL") == 0)
        surge = g_object_ref (a);
    }
  g_assert_nonnull (surge);
  id = vigil_alert_get_id (surge);
  g_assert_cmpstr (vigil_alert_get_window_start (surge), ==, "2026-11-04T00:00:00.000000");
  g_assert_cmpstr (vigil_alert_get_window_end (surge), ==, "2026-11-05T00:00:00.000000");
  g_assert_cmpstr (vigil_alert_get_raised_at (surge), >, "2026-11-05T00:00:00.000000");
  g_clear_object (&surge);

  /* The dashboard and its cards for the one day */
  day = vigil_dashboard_load (f->store, NULL, "2026-11-04", 1, 1, 7, 0.30, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (day->summary->alerts, >, 0);
  g_assert_cmpint (day->summary->flagged, >, 0);
  g_assert_cmpint (day->summary->alerts, ==,
                   sql_count (f, "SELECT count(*) FROM alerts WHERE window_start < "
                                 "'2026-11-05T00:00:00.000000' AND window_end > "
                                 "'2026-11-04T00:00:00.000000'"));
  summary = vigil_store_summarize (f->store, NULL, "2026-11-04", "2026-11-05", &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->alerts, ==, day->summary->alerts);
  g_assert_cmpint (summary->flagged, >, 0);

  /* The timeline of the week draws it on day 4, the fourth day */
  week = vigil_dashboard_load (f->store, NULL, "2026-11-01", 6, 1, 7, 0.30, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_timestamp_parse (week->from, &from_usec, NULL));
  for (guint i = 0; i < week->n_alerts; i++)
    {
      guint d;

      if (week->alerts[i].id != id)
        continue;
      g_assert_true (vigil_chart_alert_day (&week->alerts[i], from_usec, week->n_days, &d));
      g_assert_cmpuint (d, ==, 3);
      on_timeline = TRUE;
    }
  g_assert_true (on_timeline);

  /* The report's alert list: a period with day 4 has it, the following week has not */
  of_day = build (f, "2026-11-04", "2026-11-04");
  g_assert_true (report_lists (of_day, id));
  of_week = build (f, "2026-11-01", "2026-11-07");
  g_assert_true (report_lists (of_week, id));
  next_week = build (f, "2026-11-05", "2026-11-11");
  g_assert_false (report_lists (next_week, id));

  /* Alert 1 was acknowledged right after the backtest raised it */
  alerts = json_object_get_array_member (to_json (of_week, parser), "alerts");
  for (guint i = 0; i < json_array_get_length (alerts); i++)
    {
      JsonObject *a = json_array_get_object_element (alerts, i);

      if (json_object_get_int_member (a, "id") != 1)
        continue;
      g_assert_cmpfloat (json_object_get_double_member (a, "hours_to_acknowledge"), <,
                         1.0 / 60.0);
      acknowledged = TRUE;
    }
  g_assert_true (acknowledged);
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


/* A model-day on which every check lacked data was not monitored, and the report names it. */
static void
test_insufficient_data (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(VigilScenario) scenario = vigil_scenario_new ();
  g_autoptr(VigilSimulator) simulator = vigil_simulator_new ();
  g_autoptr(VigilPolicy) starved = vigil_policy_new ();
  g_autoptr(VigilDetector) detector = vigil_detector_new (f->store, NULL);
  g_autoptr(VigilDetector) starved_detector = NULL;
  g_autoptr(GPtrArray) r1 = NULL, r2 = NULL, r3 = NULL;
  g_autoptr(VigilReport) report = NULL;
  g_autoptr(GError) error = NULL;
  VigilModelPolicy mp = *vigil_policy_get_defaults (starved);
  const VigilReportStatement *st;
  g_autofree char *text = NULL;

  vigil_scenario_set_start_date (scenario, "2026-11-01");
  vigil_scenario_set_seed (scenario, 42);
  g_assert_true (vigil_simulator_run (simulator, f->store, scenario, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  /* The checks run on the 4th and 6th with enough data; on the 5th none has enough. */
  mp.min_samples = 1000000;
  /* Volume is exempt from the minimum (a collapse is its anomaly): off, it does not run */
  mp.checks[VIGIL_CHECK_VOLUME_ANOMALY].enabled = FALSE;
  g_assert_true (vigil_policy_set_defaults (starved, &mp, &error));
  starved_detector = vigil_detector_new (f->store, starved);
  r1 = vigil_detector_backtest (detector, NULL, "2026-11-04", "2026-11-05", NULL, NULL, NULL,
                                &error);
  g_assert_no_error (error);
  r2 = vigil_detector_backtest (starved_detector, NULL, "2026-11-05", "2026-11-06", NULL, NULL,
                                NULL, &error);
  g_assert_no_error (error);
  r3 = vigil_detector_backtest (detector, NULL, "2026-11-06", "2026-11-07", NULL, NULL, NULL,
                                &error);
  g_assert_no_error (error);
  g_assert_cmpint (sql_count (f, "SELECT count(*) FROM check_results WHERE as_of = "
                                 "'2026-11-06T00:00:00.000000' AND outcome != 'insufficient_data' "
                                 "AND outcome != 'not_applicable'"), ==, 0);

  report = build (f, "2026-11-04", "2026-11-06");
  st = statement (report, "Ongoing monitoring");
  g_assert_cmpint (st->verdict, ==, VIGIL_REPORT_VERDICT_NOT_MET);
  g_assert_nonnull (strstr (st->text, "4 of 6 model-days"));
  g_assert_nonnull (strstr (st->text, "CreditXGBoost on 2026-11-05 (insufficient data)"));
  g_assert_nonnull (strstr (st->text, "MomentumSignal on 2026-11-05 (insufficient data)"));
  text = write_pdf_text (f, report, "insufficient.pdf");
  assert_has (text, "NOT MET");
  assert_has (text, "2026-11-05 (insufficient data)");
}

/* Reviews, acknowledgements and outcomes count on the day they were made, whatever the date of
 * the decision or alert they concern. */
static void
test_actions_by_when_made (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(VigilReport) report = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *summary, *first;
  JsonArray *interventions, *acks;
  char today[VIGIL_DAY_LEN];
  g_autofree char *text = NULL;

  simulate (f);   /* two reviews and an acknowledgement, made today */
  for (gint64 id = 10; id < 15; id++)
    g_assert_true (vigil_store_review_decision (f->store, id, "Bo Review", VIGIL_REVIEW_ESCALATED,
                                                "look again", &error));
  g_assert_true (vigil_store_record_outcome (f->store, 12, "SELL", NULL, "Bo Review", &error));
  g_assert_no_error (error);

  vigil_period_today (today);
  report = build (f, today, today);
  g_assert_true (vigil_report_is_empty (report));   /* no decision is dated today */
  root = to_json (report, parser);
  summary = json_object_get_object_member (root, "executive_summary");
  g_assert_cmpint (json_object_get_int_member (summary, "decisions_reviewed"), ==, 7);
  g_assert_cmpint (json_object_get_int_member (summary, "decisions_escalated"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (summary, "decisions_overridden"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (summary, "acknowledgements_in_period"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (summary, "outcomes_recorded"), ==, 1);
  g_assert_nonnull (strstr (statement (report, "Human oversight")->text,
                            "7 reviews were made in the period"));
  g_assert_cmpint (statement (report, "Outcomes analysis")->verdict, ==,
                   VIGIL_REPORT_VERDICT_MET);

  interventions = json_object_get_array_member (root, "overrides_and_escalations");
  g_assert_cmpuint (json_array_get_length (interventions), ==, 6);
  first = json_array_get_object_element (interventions, 0);
  g_assert_cmpint (json_object_get_int_member (first, "decision_id"), ==, 700);
  g_assert_cmpstr (json_object_get_string_member (first, "status"), ==, "overridden");
  g_assert_cmpstr (json_object_get_string_member (first, "actor"), ==, "Ana Risk");
  g_assert_cmpstr (json_object_get_string_member (first, "notes"), ==, "wrong");
  acks = json_object_get_array_member (root, "acknowledgements");
  g_assert_cmpuint (json_array_get_length (acks), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (acks, 0),
                                                  "note"), ==, "expected");

  text = write_pdf_text (f, report, "actions.pdf");
  assert_has (text, "look again");
  assert_has (text, "escalated");
  assert_has (text, "expected");

  /* And the days of the decisions see none of them */
  g_clear_object (&report);
  report = build (f, "2026-11-01", "2026-11-06");
  g_assert_cmpuint (vigil_report_get_n_statements (report), >, 0);
  g_assert_nonnull (strstr (statement (report, "Human oversight")->text,
                            "0 reviews were made in the period"));
  /* though the alert table shows the alert of those days acknowledged, with its note */
  g_clear_pointer (&text, g_free);
  text = write_pdf_text (f, report, "alerts-of-the-days.pdf");
  assert_has (text, "No alert was acknowledged in this period");
  assert_has (text, "“expected”");
}

/* The policy shown is the one in force during the period, with its changes; not today's. */
static void
test_policy_in_force (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(VigilPolicy) changed = vigil_policy_new ();
  g_autoptr(VigilReport) past = NULL, now = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  VigilModelPolicy mp = *vigil_policy_get_defaults (changed);
  JsonObject *policy;
  JsonArray *enabled, *changes;
  char today[VIGIL_DAY_LEN];
  g_autofree char *text = NULL;
  gboolean has_confidence = FALSE;

  simulate (f);
  mp.checks[VIGIL_CHECK_CONFIDENCE_SHIFT].enabled = FALSE;
  mp.checks[VIGIL_CHECK_DISTRIBUTION_SHIFT].threshold = 0.35;
  g_assert_true (vigil_policy_set_defaults (changed, &mp, &error));
  g_assert_true (vigil_store_set_policy (f->store, changed, "Pat Policy", &error));
  g_assert_no_error (error);

  past = build (f, "2026-11-01", "2026-11-06");
  policy = json_object_get_object_member (to_json (past, parser), "policy");
  enabled = json_object_get_array_member (policy, "checks_enabled");
  for (guint i = 0; i < json_array_get_length (enabled); i++)
    has_confidence |= g_strcmp0 (json_array_get_string_element (enabled, i),
                                 "confidence_shift") == 0;
  g_assert_true (has_confidence);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (policy, "changes")),
                    ==, 0);
  g_assert_nonnull (strstr (statement (past, "Anomaly detection")->text, "confidence_shift"));
  text = write_pdf_text (f, past, "past-policy.pdf");
  assert_has (text, "the default policy was in force");
  assert_has (text, "more than 0.2; severity HIGH");

  /* Today's report shows the change: who, when, what */
  vigil_period_today (today);
  now = build (f, today, today);
  g_object_unref (parser);
  parser = json_parser_new ();
  policy = json_object_get_object_member (to_json (now, parser), "policy");
  changes = json_object_get_array_member (policy, "changes");
  g_assert_cmpuint (json_array_get_length (changes), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (changes, 0),
                                                  "actor"), ==, "Pat Policy");
  g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (changes, 0),
                                                           "changes"),
                            "Confidence shift switched off"));
  g_clear_pointer (&text, g_free);
  text = write_pdf_text (f, now, "today-policy.pdf");
  assert_has (text, "Pat Policy");
  /* in the checks' names a reader knows, not the policy file's keys */
  assert_has (text, "Confidence shift switched off");
  assert_has (text, "Distribution shift threshold 0.2 → 0.35");
}

/* The pages of a report whose period grows a day at a time: a heading is never left alone
 * at a page's foot, and the short policy section follows the check coverage on its page
 * instead of taking a page of its own. */
static void
test_pdf_flow (Fixture       *f,
               gconstpointer  data)
{
  static const struct { const char *heading; const char *first; } sections[] = {
    { "Model inventory", "Every model and version" },
    { "Check coverage", "For each model and day" },
    { "Detection policy in force", "No policy change was recorded" },
    { "Policy change log", "The policy did not change in this period." },
    { "Sign-off", "Prepared by:" },
  };

  simulate (f);
  for (guint last = 1; last <= 14; last++)
    {
      g_autofree char *last_day = g_strdup_printf ("2026-11-%02u", last);
      g_autofree char *name = g_strdup_printf ("flow-%u.pdf", last);
      g_autoptr(VigilReport) report = build (f, "2026-11-01", last_day);
      g_autofree char *text = write_pdf_text (f, report, name);
      g_auto(GStrv) pages = g_strsplit (text, "\f", -1);
      int policy_page = -1, log_page = -1, coverage_end = -1;

      for (guint p = 0; pages[p] != NULL; p++)
        {
          for (guint s = 0; s < G_N_ELEMENTS (sections); s++)
            if (strstr (pages[p], sections[s].heading) != NULL)
              {
                if (strstr (pages[p], sections[s].first) == NULL)
                  g_error ("%s, page %u: “%s” without its first line:\n%s", name, p + 1,
                           sections[s].heading, pages[p]);
              }
          if (strstr (pages[p], "Detection policy in force") != NULL)
            policy_page = (int) p;
          if (strstr (pages[p], "Policy change log") != NULL)
            log_page = (int) p;
          if (strstr (pages[p], "“Not due”") != NULL)
            coverage_end = (int) p;
        }
      g_test_message ("%s: %u pages; coverage ends on %d, policy on %d and %d", name,
                      vigil_report_get_n_pages (report, VIGIL_PAPER_A4), coverage_end + 1,
                      policy_page + 1, log_page + 1);
      g_assert_cmpint (coverage_end, >, 0);
      /* The policy section starts where the coverage ends, or on the next page when that one
       * is full; its change log is never on a page of its own */
      g_assert_cmpint (policy_page - coverage_end, <=, 1);
      g_assert_true (log_page == policy_page || strstr (pages[log_page], "Sign-off") != NULL);
    }
}

/* Decisions logged without inputs or explanation: logging is not complete. */
static void
test_logging_completeness (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(VigilReport) report = NULL;
  g_autoptr(GError) error = NULL;
  const VigilReportStatement *st;
  g_autofree char *text = NULL;

  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(VigilDecision) d = vigil_decision_new ("Scorer", "v2", "credit", "APPROVE");
      g_autofree char *ts = g_strdup_printf ("2026-11-02T%02u:00:00Z", i);

      vigil_decision_set_timestamp (d, ts);
      vigil_decision_set_confidence (d, 0.8);
      if (i % 2 == 0)
        vigil_decision_set_input_features (d, "{\"income\": 52000}");
      g_assert_true (vigil_store_log_decision (f->store, d, NULL, &error));
      g_assert_no_error (error);
    }
  report = build (f, "2026-11-02", "2026-11-02");
  st = statement (report, "Logging completeness");
  g_assert_cmpint (st->verdict, ==, VIGIL_REPORT_VERDICT_NOT_MET);
  g_assert_nonnull (strstr (st->text, "50.0%"));
  g_assert_nonnull (strstr (st->text, "0.0% an explanation"));
  g_assert_nonnull (strstr (st->text, "99%"));
  g_assert_nonnull (strstr (st->text, "Scorer v2"));
  text = write_pdf_text (f, report, "completeness.pdf");
  assert_has (text, "Logging completeness");
}

/* A period that reaches past now says so and compares itself with nothing. */
static void
test_incomplete_period (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(VigilReport) report = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *summary;
  char today[VIGIL_DAY_LEN], week_ago[VIGIL_DAY_LEN];
  g_autofree char *text = NULL;
  GDate date;

  vigil_period_today (today);
  g_date_clear (&date, 1);
  g_date_set_parse (&date, today);
  g_date_subtract_days (&date, 6);
  g_date_strftime (week_ago, sizeof week_ago, "%Y-%m-%d", &date);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *ts = g_strdup_printf ("%sT0%u:00:00Z", week_ago, i);

      log_one (f->store, "MomentumSignal", "BUY", ts);
    }
  report = build (f, week_ago, today);
  g_assert_true (vigil_report_is_incomplete (report));
  root = to_json (report, parser);
  g_assert_true (json_object_get_boolean_member (root, "period_incomplete"));
  summary = json_object_get_object_member (root, "executive_summary");
  g_assert_true (json_object_get_null_member (summary, "previous_period_decisions"));
  {
    JsonObject *outcomes = find_model_object (root, "outcomes_analysis", "MomentumSignal");

    g_assert_true (json_object_get_null_member (outcomes, "previous_period"));
    g_assert_true (json_object_get_null_member (outcomes, "previous_period_start"));
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (outcomes,
                                                                                "period"),
                                                 "decisions"), ==, 3);
  }
  text = write_pdf_text (f, report, "incomplete.pdf");
  assert_has (text, "Incomplete period");
  assert_has (text, "its figures cover only the days so far, and are compared with nothing");
  assert_has (text, "no comparison");
  g_assert_null (strstr (text, "previous 7 days"));
  g_assert_null (strstr (text, "against the previous"));

  g_clear_object (&report);
  g_date_subtract_days (&date, 1);
  g_date_strftime (today, sizeof today, "%Y-%m-%d", &date);
  report = build (f, week_ago, week_ago);
  g_assert_false (vigil_report_is_incomplete (report));
}

/* One of each: singular wording. */
static void
test_plurals (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(VigilReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  char today[VIGIL_DAY_LEN], yesterday[VIGIL_DAY_LEN];
  g_autofree char *ts = NULL;
  GDate date;
  gint64 id;

  vigil_period_today (today);
  g_date_clear (&date, 1);
  g_date_set_parse (&date, today);
  g_date_subtract_days (&date, 1);
  g_date_strftime (yesterday, sizeof yesterday, "%Y-%m-%d", &date);
  ts = g_strconcat (yesterday, "T10:00:00Z", NULL);
  id = log_one (f->store, "MomentumSignal", "BUY", ts);
  g_assert_true (vigil_store_review_decision (f->store, id, "Ana Risk", VIGIL_REVIEW_APPROVED,
                                              NULL, &error));
  g_assert_no_error (error);

  report = build (f, yesterday, today);
  g_assert_nonnull (strstr (statement (report, "Logging")->text, "1 decision recorded in the "
                                                                  "period with its inputs"));
  g_assert_nonnull (strstr (statement (report, "Human oversight")->text,
                            "1 review was made in the period"));
  g_assert_nonnull (strstr (statement (report, "Anomaly detection")->text, "a window of 1 day "));
  g_assert_nonnull (strstr (statement (report, "Anomaly detection")->text,
                            "0 alerts were raised"));
  text = write_pdf_text (f, report, "plurals.pdf");
  g_assert_null (strstr (text, "1 decisions"));
  g_assert_null (strstr (text, "1 records"));
  g_assert_null (strstr (text, "1 reviews"));
  g_assert_null (strstr (text, "of 1 days"));
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
  {
    g_autofree char *role = NULL, *name = NULL;

    g_assert_true (vigil_signer_parse ("chief-risk-officer=Sam Lee", &role, &name, &error));
    g_assert_cmpstr (role, ==, "Chief Risk Officer");
    g_assert_cmpstr (name, ==, "Sam Lee");
    g_clear_pointer (&role, g_free);
    g_clear_pointer (&name, g_free);
    g_assert_true (vigil_signer_parse (" Head of Model Validation = Priya Rao ", &role, &name,
                                       &error));
    g_assert_cmpstr (role, ==, "Head of Model Validation");
    g_assert_cmpstr (name, ==, "Priya Rao");
    g_clear_pointer (&role, g_free);
    g_clear_pointer (&name, g_free);
    g_assert_true (vigil_signer_parse ("internal audit", &role, &name, &error));
    g_assert_cmpstr (role, ==, "internal audit");
    g_assert_null (name);
    g_clear_pointer (&role, g_free);
    g_clear_error (&error);
    g_assert_false (vigil_signer_parse ("=Someone", &role, &name, &error));
    g_assert_error (error, VIGIL_REPORT_ERROR, VIGIL_REPORT_ERROR_INVALID);
  }
}

/* The figures of one model and period from the rows themselves: a credit decision is judged by
 * "repaid" or "default", a trading signal by the label that came true */
typedef struct
{
  gint64 decisions, with_outcome, judged, right, approved, approved_judged, approved_bad;
  double lag;
} Oracle;

static void
oracle_compute (Fixture    *f,
                const char *model,
                const char *from,
                const char *to,
                Oracle     *o)
{
  g_autofree char *where = g_strdup_printf ("FROM decisions WHERE model_name = '%s' AND "
                                            "timestamp >= '%s' AND timestamp < '%s'",
                                            model, from, to);
  gboolean credit = g_str_has_prefix (model, "Credit");
  g_autofree char *q = NULL;

#define Q(fmt) (g_free (q), q = g_strdup_printf (fmt, where), q)
  o->decisions = sql_count (f, Q ("SELECT count(*) %s"));
  o->with_outcome = sql_count (f, Q ("SELECT count(actual_outcome) %s"));
  o->lag = sql_double (f, Q ("SELECT avg(julianday(substr(outcome_date, 1, 10)) - "
                             "julianday(substr(timestamp, 1, 10))) %s"));
  if (credit)
    {
      o->judged = sql_count (f, Q ("SELECT count(*) %s AND actual_outcome IN "
                                   "('repaid', 'default')"));
      o->right = sql_count (f, Q ("SELECT count(*) %s AND ((prediction = 'APPROVE' AND "
                                  "actual_outcome = 'repaid') OR (prediction = 'DECLINE' AND "
                                  "actual_outcome = 'default'))"));
      o->approved = sql_count (f, Q ("SELECT count(*) %s AND prediction = 'APPROVE'"));
      o->approved_judged = sql_count (f, Q ("SELECT count(*) %s AND prediction = 'APPROVE' "
                                            "AND actual_outcome IN ('repaid', 'default')"));
      o->approved_bad = sql_count (f, Q ("SELECT count(*) %s AND prediction = 'APPROVE' AND "
                                         "actual_outcome = 'default'"));
    }
  else
    {
      o->judged = o->with_outcome;
      o->right = sql_count (f, Q ("SELECT count(*) %s AND actual_outcome = prediction"));
    }
#undef Q
}

static void
assert_figures (JsonObject   *figures,
                const Oracle *o)
{
  g_assert_cmpint (json_object_get_int_member (figures, "decisions"), ==, o->decisions);
  g_assert_cmpint (json_object_get_int_member (figures, "with_outcome"), ==, o->with_outcome);
  g_assert_cmpint (json_object_get_int_member (figures, "judged"), ==, o->judged);
  g_assert_cmpint (json_object_get_int_member (figures, "right"), ==, o->right);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (figures, "outcome_coverage"),
                                  (double) o->with_outcome / o->decisions, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (figures, "accuracy"),
                                  (double) o->right / o->judged, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (figures,
                                                                 "mean_outcome_lag_days"),
                                  o->lag, 1e-9);
  if (o->approved > 0)
    {
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (figures, "approval_rate"),
                                      (double) o->approved / o->decisions, 1e-9);
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (figures,
                                                                     "default_rate_approved"),
                                      (double) o->approved_bad / o->approved_judged, 1e-9);
    }
  else
    g_assert_false (json_object_has_member (figures, "approval_rate"));
}

/* A week whose outcomes show both models wrong more often on day 4, whose decisions of that day
 * lack their inputs, and a model with no outcome and no check: the outcomes analysis and data
 * quality sections give the figures the rows give, and say what cannot be told. */
static void
test_outcomes_and_data_quality (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(VigilScenario) scenario = vigil_scenario_new ();
  g_autoptr(VigilSimulator) simulator = vigil_simulator_new ();
  g_autoptr(VigilDetector) detector = vigil_detector_new (f->store, NULL);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(VigilReport) report = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *models[] = { "CreditXGBoost", "MomentumSignal" };
  const char *from = "2026-11-04T00:00:00.000000", *to = "2026-11-06T00:00:00.000000";
  const char *previous = "2026-11-02T00:00:00.000000";
  JsonObject *root, *o, *scorer, *dq;
  JsonArray *findings;
  g_autofree char *text = NULL;
  const VigilReportStatement *st;
  gint64 alert_id;

  vigil_scenario_set_start_date (scenario, "2026-11-01");
  vigil_scenario_set_days (scenario, 8);
  vigil_scenario_set_seed (scenario, 42);
  vigil_scenario_set_anomalies (scenario, VIGIL_ANOMALY_ACCURACY_DROP |
                                          VIGIL_ANOMALY_MISSING_INPUTS);
  g_assert_true (vigil_simulator_run (simulator, f->store, scenario, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  results = vigil_detector_backtest (detector, NULL, "2026-11-01", "2026-11-08", NULL, NULL, NULL,
                                     &error);
  g_assert_no_error (error);
  /* A model the checks never saw, whose outcomes have not arrived */
  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(VigilDecision) d = vigil_decision_new ("Scorer", "v1", "credit", "APPROVE");
      g_autofree char *ts = g_strdup_printf ("2026-11-04T%02u:00:00Z", i + 8);

      vigil_decision_set_timestamp (d, ts);
      vigil_decision_set_confidence (d, 0.7);
      vigil_decision_set_input_features (d, "{\"income\": 52000}");
      g_assert_true (vigil_store_log_decision (f->store, d, NULL, &error));
      g_assert_no_error (error);
    }
  alert_id = sql_count (f, "SELECT min(id) FROM alerts WHERE alert_type = 'data_quality' AND "
                           "model_name = 'CreditXGBoost' AND subject = 'empty_inputs' AND "
                           "window_start >= '2026-11-04'");
  g_assert_cmpint (alert_id, >, 0);
  g_assert_true (vigil_store_acknowledge_alert (f->store, alert_id, "Ana Risk", "seen",
                                                &error));
  g_assert_no_error (error);

  report = build (f, "2026-11-04", "2026-11-05");
  root = to_json (report, parser);

  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    {
      Oracle now = { 0 }, before = { 0 };
      g_autofree char *drops_sql = NULL;
      g_autofree char *dq_sql = NULL;
      g_autofree char *dq_ack_sql = NULL;
      JsonObject *drops;

      oracle_compute (f, models[i], from, to, &now);
      oracle_compute (f, models[i], previous, from, &before);
      /* The incident shows in the figures themselves */
      g_assert_cmpint (now.with_outcome, >, 0);
      g_assert_cmpfloat ((double) now.right / now.judged, <,
                         (double) before.right / before.judged);

      o = find_model_object (root, "outcomes_analysis", models[i]);
      g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "judged");
      g_assert_cmpstr (json_object_get_string_member (o, "previous_period_start"), ==, previous);
      assert_figures (json_object_get_object_member (o, "period"), &now);
      assert_figures (json_object_get_object_member (o, "previous_period"), &before);

      drops_sql = g_strdup_printf ("SELECT count(*) FROM alerts WHERE model_name = '%s' AND "
                                   "alert_type = 'performance_drop' AND window_end > '%s' AND "
                                   "window_start < '%s'", models[i], from, to);
      drops = json_object_get_object_member (o, "performance_drop");
      g_assert_cmpint (sql_count (f, drops_sql), >, 0);
      g_assert_cmpint (json_object_get_int_member (drops, "alerts"), ==,
                       sql_count (f, drops_sql));
      g_assert_cmpint (json_object_get_int_member (drops, "acknowledged"), ==, 0);
      g_assert_cmpstr (json_object_get_string_member (drops, "status"), ==, "alerted");

      dq_sql = g_strdup_printf ("SELECT count(*) FROM alerts WHERE model_name = '%s' AND "
                                "alert_type = 'data_quality' AND subject = 'empty_inputs' AND "
                                "window_end > '%s' AND window_start < '%s'", models[i], from, to);
      dq_ack_sql = g_strdup_printf ("%s AND acknowledged = 1", dq_sql);
      dq = json_object_get_object_member (find_model_object (root, "data_quality", models[i]),
                                          "data_quality");
      g_assert_cmpstr (json_object_get_string_member (dq, "status"), ==, "alerted");
      findings = json_object_get_array_member (dq, "findings");
      g_assert_cmpuint (json_array_get_length (findings), ==, 1);
      o = json_array_get_object_element (findings, 0);
      g_assert_cmpstr (json_object_get_string_member (o, "subject"), ==, "empty_inputs");
      g_assert_cmpint (json_object_get_int_member (o, "alerts"), ==, sql_count (f, dq_sql));
      g_assert_cmpint (json_object_get_int_member (o, "acknowledged"), ==,
                       sql_count (f, dq_ack_sql));
      g_assert_cmpint (json_object_get_int_member (o, "acknowledged"), ==, i == 0 ? 1 : 0);
    }

  /* The model whose outcomes have not arrived, and that no check ran on */
  scorer = find_model_object (root, "outcomes_analysis", "Scorer");
  g_assert_cmpstr (json_object_get_string_member (scorer, "status"), ==, "no_outcomes");
  o = json_object_get_object_member (scorer, "period");
  g_assert_cmpint (json_object_get_int_member (o, "decisions"), ==, 6);
  g_assert_cmpint (json_object_get_int_member (o, "with_outcome"), ==, 0);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (o, "accuracy")));
  g_assert_cmpstr (json_object_get_string_member (scorer, "previous_status"), ==,
                   "no_decisions");
  dq = json_object_get_object_member (find_model_object (root, "data_quality", "Scorer"),
                                      "data_quality");
  g_assert_cmpstr (json_object_get_string_member (dq, "status"), ==, "not_checked");
  g_assert_cmpint (json_object_get_int_member (dq, "days_checked"), ==, 0);
  /* MomentumSignal has no text input for categorical drift to watch */
  dq = json_object_get_object_member (find_model_object (root, "data_quality", "MomentumSignal"),
                                      "categorical_drift");
  g_assert_cmpstr (json_object_get_string_member (dq, "status"), ==, "not_applicable");

  st = statement (report, "Outcomes analysis");
  g_assert_cmpint (st->verdict, ==, VIGIL_REPORT_VERDICT_MET);
  g_assert_nonnull (strstr (st->text, "cannot be told yet for: Scorer"));

  text = write_pdf_text (f, report, "outcomes.pdf");
  /* Each heading, with the provisions its section opens with */
  assert_has (text, "Outcomes analysis\nSR 11-7 outcomes analysis; EU AI Act Art. 72 post-market "
                    "monitoring");
  assert_has (text, "Data quality\nEU AI Act Art. 12 and 72; SR 11-7 ongoing monitoring");
  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    {
      Oracle now = { 0 };
      g_autofree char *accuracy = NULL;

      oracle_compute (f, models[i], from, to, &now);
      accuracy = g_strdup_printf ("%.1f%% (%" G_GINT64_FORMAT " right of %" G_GINT64_FORMAT
                                  " judged)", 100.0 * now.right / now.judged, now.right,
                                  now.judged);
      assert_has (text, accuracy);
    }
  assert_has (text, "No outcome has arrived");
  assert_has (text, "Decisions without input features");
  assert_has (text, "1 of 1");
  assert_has (text, "not checked: it did not run in the period");
}

/* A check the policy in force switched off is "not checked", told apart from one that did not
 * run, and never "no problems"; a model whose outcomes have not arrived is NO DATA. */
static void
test_checks_switched_off (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(VigilPolicy) policy = vigil_policy_new ();
  g_autoptr(VigilReport) report = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  VigilModelPolicy mp = *vigil_policy_get_defaults (policy);
  JsonObject *root, *dq, *outcomes, *drop;
  char today[VIGIL_DAY_LEN];
  g_autofree char *text = NULL;

  mp.checks[VIGIL_CHECK_DATA_QUALITY].enabled = FALSE;
  mp.checks[VIGIL_CHECK_PERFORMANCE_DROP].enabled = FALSE;
  g_assert_true (vigil_policy_set_defaults (policy, &mp, &error));
  g_assert_true (vigil_store_set_policy (f->store, policy, "Pat Policy", &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(VigilDecision) d = vigil_decision_new ("Scorer", "v1", "credit", "DECLINE");

      g_assert_true (vigil_store_log_decision (f->store, d, NULL, &error));
      g_assert_no_error (error);
    }

  vigil_period_today (today);
  report = build (f, today, today);
  root = to_json (report, parser);
  dq = json_object_get_object_member (find_model_object (root, "data_quality", "Scorer"),
                                      "data_quality");
  /* On at the start of the day, switched off since */
  g_assert_true (json_object_get_boolean_member (dq, "enabled_at_start"));
  g_assert_false (json_object_get_boolean_member (dq, "enabled_at_end"));
  g_assert_cmpstr (json_object_get_string_member (dq, "status"), ==, "not_checked");
  g_assert_cmpint (json_object_get_int_member (dq, "days_not_run"), ==, 0);
  outcomes = find_model_object (root, "outcomes_analysis", "Scorer");
  g_assert_cmpstr (json_object_get_string_member (outcomes, "status"), ==, "no_outcomes");
  drop = json_object_get_object_member (outcomes, "performance_drop");
  g_assert_cmpstr (json_object_get_string_member (drop, "status"), ==, "not_checked");
  g_assert_cmpint (statement (report, "Outcomes analysis")->verdict, ==,
                   VIGIL_REPORT_VERDICT_NO_DATA);

  text = write_pdf_text (f, report, "switched-off.pdf");
  assert_has (text, "Performance drop: not checked: the policy in force at the end of each day "
                    "of the period");
  assert_has (text, "No outcome has arrived");
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
  ADD ("pdf-flow", test_pdf_flow);
  ADD ("empty-period", test_empty_period);
  ADD ("tampered-ledger", test_tampered);
  ADD ("checkpoint", test_checkpoint);
  ADD ("invalid", test_invalid);
  ADD ("insufficient-data-not-monitored", test_insufficient_data);
  ADD ("actions-counted-when-made", test_actions_by_when_made);
  ADD ("policy-in-force-in-period", test_policy_in_force);
  ADD ("logging-completeness", test_logging_completeness);
  ADD ("incomplete-period", test_incomplete_period);
  ADD ("plurals", test_plurals);
  ADD ("alert-day", test_alert_day);
  ADD ("outcomes-and-data-quality", test_outcomes_and_data_quality);
  ADD ("checks-switched-off", test_checks_switched_off);
  return g_test_run ();
}
