/* test-importer.c: JSON Lines import and export, bad lines, cancellation and a reader alongside
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "vigil-export.h"
#include "vigil-importer.h"
#include "vigil-test-util.h"

#define GOOD(i) \
  "{\"timestamp\":\"2026-11-0" #i "T10:00:00Z\",\"model_name\":\"MomentumSignal\"," \
  "\"model_version\":\"v2.1\",\"decision_type\":\"trading_signal\",\"prediction\":\"BUY\"," \
  "\"confidence\":0.7,\"input_features\":{\"momentum_12m\":0.2},\"ticker\":\"AAPL\"}"

typedef struct
{
  GPtrArray *reasons;
} Rejections;

static void
on_rejection (const char *source,
              gint64      line,
              const char *reason,
              gpointer    data)
{
  Rejections *r = data;

  g_ptr_array_add (r->reasons, g_strdup_printf ("%" G_GINT64_FORMAT ": %s", line, reason));
}

static char *
write_temp (Fixture    *f,
            const char *name,
            const char *contents,
            gssize      len)
{
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, len, NULL));
  return path;
}

static void
test_mixed (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(VigilImporter) importer = vigil_importer_new (f->store);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *quarantine = NULL;
  g_autofree char *quarantined = NULL;
  Rejections r = { g_ptr_array_new_with_free_func (g_free) };
  const char *bad[] = {
    "{not json",
    "[1, 2, 3]",
    "{\"model_name\":\"M\"}",
    "{\"model_name\":\"M\",\"model_version\":\"1\",\"decision_type\":\"t\",\"prediction\":\"p\",\"extra\":1}",
    "{\"model_name\":\"M\",\"model_version\":\"1\",\"decision_type\":\"t\",\"prediction\":\"p\",\"confidence\":2}",
    "{\"model_name\":\"M\",\"model_version\":\"1\",\"decision_type\":\"t\",\"prediction\":\"p\",\"timestamp\":\"2026-13-01\"}",
    "{\"model_name\":\"M\xc3\x28\",\"model_version\":\"1\",\"decision_type\":\"t\",\"prediction\":\"p\"}",
  };

  g_string_append (text, GOOD (1) "\n");
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_string_append (text, bad[i]);
      g_string_append (text, "\n");
      g_string_append (text, GOOD (2) "\r\n");
    }
  g_string_append (text, "\n   \n");          /* blank lines are skipped */
  g_string_append (text, GOOD (3));           /* no newline at the end */

  path = write_temp (f, "mixed.jsonl", text->str, (gssize) text->len);
  quarantine = g_build_filename (f->dir, "rejected.jsonl", NULL);
  vigil_importer_set_quarantine_path (importer, quarantine);
  vigil_importer_set_rejection_func (importer, on_rejection, &r);
  g_assert_true (vigil_importer_import_file (importer, path, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (vigil_importer_get_imported (importer), ==, 2 + G_N_ELEMENTS (bad));
  g_assert_cmpint (vigil_importer_get_rejected (importer), ==, G_N_ELEMENTS (bad));
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM decisions"), ==, 2 + G_N_ELEMENTS (bad));

  /* Each rejection names its line and why. */
  g_assert_cmpuint (r.reasons->len, ==, G_N_ELEMENTS (bad));
  g_assert_true (g_str_has_prefix (r.reasons->pdata[0], "2: invalid JSON at column 2: expected a string"));
  g_assert_true (g_str_has_prefix (r.reasons->pdata[1], "4: invalid JSON at column 1: a line must hold one JSON object"));
  g_assert_true (g_str_has_prefix (r.reasons->pdata[2], "6: missing required field"));
  g_assert_true (g_str_has_prefix (r.reasons->pdata[3], "8: unknown field “extra”"));
  g_assert_nonnull (strstr (r.reasons->pdata[4], "10: confidence 2 is outside [0, 1]"));
  g_assert_nonnull (strstr (r.reasons->pdata[5], "12: field “timestamp”"));
  g_assert_true (g_str_has_prefix (r.reasons->pdata[6], "14: not valid UTF-8"));

  /* The quarantine holds the bad lines exactly as they were. */
  g_assert_true (g_file_get_contents (quarantine, &quarantined, NULL, NULL));
  {
    g_autoptr(GString) expected = g_string_new (NULL);

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      g_string_append_printf (expected, "%s\n", bad[i]);
    g_assert_cmpstr (quarantined, ==, expected->str);
  }

  /* The import is itself on record. */
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM events WHERE action = 'import' AND "
                                        "details LIKE '%\"imported\":9,\"rejected\":7%'"), ==, 1);
  g_ptr_array_unref (r.reasons);
}

static void
test_long_and_deep_lines (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new (GOOD (1) "\n");
  g_autoptr(VigilImporter) importer = vigil_importer_new (f->store);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  Rejections r = { g_ptr_array_new_with_free_func (g_free) };

  /* A line of 3 MiB is refused without being held whole. */
  g_string_append (text, "{\"model_name\":\"");
  for (int i = 0; i < 3 * 1024 * 1024; i++)
    g_string_append_c (text, 'x');
  g_string_append (text, "\"}\n");
  g_string_append (text, GOOD (2) "\n");
  /* A hostile nesting depth is refused, without exhausting the stack. */
  g_string_append (text, "{\"input_features\":{\"a\":");
  for (int i = 0; i < 100000; i++)
    g_string_append_c (text, '[');
  g_string_append (text, "\n" GOOD (3) "\n");

  path = write_temp (f, "long.jsonl", text->str, (gssize) text->len);
  vigil_importer_set_rejection_func (importer, on_rejection, &r);
  g_assert_true (vigil_importer_import_file (importer, path, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vigil_importer_get_imported (importer), ==, 3);
  g_assert_cmpuint (r.reasons->len, ==, 2);
  g_assert_cmpstr (r.reasons->pdata[0], ==, "2: line is longer than 1048576 bytes");
  g_assert_cmpstr (r.reasons->pdata[1], ==, "4: JSON nested too deeply");
  g_ptr_array_unref (r.reasons);
}

static char *
generate (Fixture *f,
          int      n)
{
  g_autoptr(GString) text = g_string_sized_new ((gsize) n * 300);

  for (int i = 0; i < n; i++)
    g_string_append_printf (text,
                            "{\"timestamp\":\"2026-11-%02dT%02d:%02d:%02d.%06dZ\","
                            "\"model_name\":\"%s\",\"model_version\":\"v1\","
                            "\"decision_type\":\"trading_signal\",\"prediction\":\"%s\","
                            "\"confidence\":%d.%03d,\"input_features\":{\"fico\":%d,\"dti\":0.%02d},"
                            "\"explanation\":\"line %d, with \\\"quotes\\\", commas\\nand a newline\","
                            "\"ticker\":\"T%d\",\"sector\":\"Fin\",\"portfolio_id\":null}\n",
                            1 + i % 28, i % 24, i % 60, (i / 60) % 60, i % 1000000,
                            i % 2 ? "MomentumSignal" : "CreditXGBoost",
                            i % 3 ? "BUY" : "SELL", i % 7 == 0 ? 1 : 0, (i * 37) % 1000 * (i % 7 != 0),
                            600 + i % 200, i % 100, i, i % 15);
  return write_temp (f, "many.jsonl", text->str, (gssize) text->len);
}

static void
progress_cb (gint64   bytes_done,
             gint64   bytes_total,
             gint64   imported,
             gint64   rejected,
             gpointer data)
{
  gint64 *last = data;

  g_assert_cmpint (bytes_done, >=, *last);
  g_assert_cmpint (bytes_done, <=, bytes_total);
  *last = bytes_done;
}

static void
test_export_round_trip (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = generate (f, 5000);
  g_autofree char *exported = g_build_filename (f->dir, "export.jsonl", NULL);
  g_autofree char *copy_path = test_database_new (f->dir, "copy.db");
  g_autoptr(VigilImporter) importer = vigil_importer_new (f->store);
  g_autoptr(VigilImporter) again = NULL;
  g_autoptr(VigilDecisionQuery) all = vigil_decision_query_new ();
  g_autoptr(VigilStore) copy = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (exported);
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilLedgerReport) r1 = NULL;
  g_autoptr(VigilLedgerReport) r2 = NULL;
  gint64 last = 0, n = 0;
  gint64 size;

  vigil_importer_set_batch_size (importer, 777);
  vigil_importer_set_progress_func (importer, progress_cb, &last);
  g_assert_true (vigil_importer_import_file (importer, path, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vigil_importer_get_imported (importer), ==, 5000);
  g_assert_cmpint (vigil_importer_get_rejected (importer), ==, 0);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  {
    GStatBuf st;
    g_stat (path, &st);
    size = st.st_size;
  }
  g_assert_cmpint (last, ==, size);

  out = G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error));
  g_assert_true (vigil_export_decisions (f->store, all, VIGIL_EXPORT_JSONL,
                                         VIGIL_EXPORT_FLAGS_NONE, out, NULL, NULL, NULL,
                                         &n, &error));
  g_assert_true (g_output_stream_close (out, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 5000);

  copy = vigil_store_open (copy_path, VIGIL_STORE_OPEN_CREATE, &error);
  again = vigil_importer_new (copy);
  g_assert_true (vigil_importer_import_file (again, exported, NULL, &error));
  g_assert_cmpint (vigil_importer_get_imported (again), ==, 5000);

  /* Same rows: into an empty database, even the same ids and record hashes. */
  r1 = vigil_store_verify (f->store, NULL, NULL, NULL, &error);
  r2 = vigil_store_verify (copy, NULL, NULL, NULL, &error);
  g_assert_cmpstr (vigil_ledger_report_get_table_head (r1, "decisions"), ==,
                   vigil_ledger_report_get_table_head (r2, "decisions"));
}

static void
test_export_csv (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(VigilDecisionQuery) q = vigil_decision_query_new ();
  g_autoptr(VigilDecision) d = vigil_decision_new ("M", "v1", "t", "say \"hi\", then\r\nleave");
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *text = NULL;

  vigil_decision_set_timestamp (d, "2026-11-01T00:00:00Z");
  g_assert_true (vigil_store_log_decision (f->store, d, NULL, &error));
  log_one (f->store, "Other", "BUY", "2026-11-02");
  vigil_decision_query_set_model (q, "M");
  g_assert_true (vigil_export_decisions (f->store, q, VIGIL_EXPORT_CSV,
                                         VIGIL_EXPORT_FLAGS_NONE, out, NULL, NULL, NULL, NULL,
                                         &error));
  g_output_stream_write_all (out, "", 1, NULL, NULL, NULL);
  text = g_strdup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)));

  g_assert_true (g_str_has_prefix (text, "id,timestamp,model_name,model_version,decision_type,"));
  /* Quotes doubled, the field quoted, the embedded line break kept */
  g_assert_nonnull (strstr (text, ",\"say \"\"hi\"\", then\r\nleave\","));
  g_assert_nonnull (strstr (text, "1,2026-11-01T00:00:00.000000,M,v1,t,{},"));
  g_assert_null (strstr (text, "Other"));
  lines = g_strsplit (text, "\r\n", -1);
  /* header, the record (split by its own CRLF), and the end */
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = generate (f, 20000);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(VigilImporter) importer = vigil_importer_new (f->store);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilLedgerReport) report = NULL;
  gint64 n;

  vigil_importer_set_batch_size (importer, 1000);
  g_cancellable_cancel (cancellable);
  g_assert_false (vigil_importer_import_file (importer, path, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* Whatever was committed is whole batches, and the ledger holds. */
  n = count_rows (f->path, "SELECT count(*) FROM decisions");
  g_assert_cmpint (n % 1000, ==, 0);
  report = vigil_store_verify (f->store, NULL, NULL, NULL, NULL);
  g_assert_true (vigil_ledger_report_is_intact (report));
}

typedef struct
{
  const char *path;
  gint        stop;
  gint64      reads;
  gint64      max_seen;
  gboolean    monotonic;
  gboolean    whole_batches;
  char       *error;
} Reader;

static gpointer
reader_thread (gpointer data)
{
  Reader *r = data;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilDecisionQuery) q = vigil_decision_query_new ();
  GError *error = NULL;

  while (store == NULL && !g_atomic_int_get (&r->stop))
    {
      store = vigil_store_open (r->path, VIGIL_STORE_OPEN_READ_ONLY, &error);
      g_clear_error (&error);
    }

  while (!g_atomic_int_get (&r->stop))
    {
      gint64 n = vigil_store_count_decisions (store, q, &error);

      if (n < 0)
        {
          r->error = g_strdup (error->message);
          g_clear_error (&error);
          break;
        }
      if (n < r->max_seen)
        r->monotonic = FALSE;
      if (n % 500 != 0)
        r->whole_batches = FALSE;
      r->max_seen = MAX (r->max_seen, n);
      r->reads++;
    }
  return NULL;
}

static void
test_concurrent_reader (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = generate (f, 30000);
  g_autoptr(VigilImporter) importer = vigil_importer_new (f->store);
  g_autoptr(GError) error = NULL;
  Reader r = { f->path, 0, 0, 0, TRUE, TRUE, NULL };
  GThread *thread;

  vigil_importer_set_batch_size (importer, 500);
  thread = g_thread_new ("reader", reader_thread, &r);
  g_assert_true (vigil_importer_import_file (importer, path, NULL, &error));
  g_assert_no_error (error);
  g_atomic_int_set (&r.stop, 1);
  g_thread_join (thread);

  /* The reader was never blocked into an error, and only ever saw committed batches. */
  g_assert_null (r.error);
  g_assert_cmpint (r.reads, >, 0);
  g_assert_true (r.monotonic);
  g_assert_true (r.whole_batches);
}

/* A byte-order mark that starts the file is skipped; one elsewhere, a NUL byte and a line a
 * writer left unfinished are each named, and only what is wrong goes to the quarantine: of a
 * torn line, its head, and the whole decision after it is kept. */
static void
test_text_faults (Fixture       *f,
                  gconstpointer  data)
{
  static const char torn[] = "{\"timestamp\":\"2026-11-04T10:00:00Z\",\"model_name\":\"Mom";
  static const char nul_line[] = "{\"model_name\":\"M\",\"model_version\":\"1\",\"decision_type\":"
                                 "\"t\",\"prediction\":\"p\0\"}";
  g_autoptr(GString) text = g_string_new ("\xEF\xBB\xBF" GOOD (1) "\n");
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(VigilImporter) importer = vigil_importer_new (f->store);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *quarantine = NULL;
  g_autofree char *quarantined = NULL;
  gsize quarantined_len = 0;
  Rejections r = { g_ptr_array_new_with_free_func (g_free) };

  g_string_append_len (text, nul_line, sizeof nul_line - 1);
  g_string_append (text, "\n\xEF\xBB\xBF" GOOD (2) "\n");
  g_string_append (text, torn);
  g_string_append (text, GOOD (3) "\n");
  path = write_temp (f, "faults.jsonl", text->str, (gssize) text->len);
  quarantine = g_build_filename (f->dir, "faults.rejected", NULL);
  vigil_importer_set_quarantine_path (importer, quarantine);
  vigil_importer_set_rejection_func (importer, on_rejection, &r);
  g_assert_true (vigil_importer_import_file (importer, path, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (vigil_importer_get_imported (importer), ==, 2);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM decisions WHERE timestamp IN "
                                        "('2026-11-01T10:00:00.000000', "
                                        "'2026-11-03T10:00:00.000000')"), ==, 2);
  g_assert_cmpuint (r.reasons->len, ==, 3);
  g_assert_cmpstr (r.reasons->pdata[0], ==, "2: a NUL byte at column 74: a line of text holds none");
  g_assert_true (g_str_has_prefix (r.reasons->pdata[1], "3: a byte-order mark (U+FEFF) starts "
                                                        "the line"));
  g_assert_true (g_str_has_prefix (r.reasons->pdata[2], "4: a torn line: its first 53 bytes"));

  g_string_append_len (expected, nul_line, sizeof nul_line - 1);
  g_string_append (expected, "\n\xEF\xBB\xBF" GOOD (2) "\n");
  g_string_append (expected, torn);
  g_string_append (expected, "\n");
  g_assert_true (g_file_get_contents (quarantine, &quarantined, &quarantined_len, NULL));
  g_assert_cmpmem (quarantined, quarantined_len, expected->str, expected->len);
  g_ptr_array_unref (r.reasons);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/vigil/import/mixed", test_mixed);
  ADD ("/vigil/import/long-and-deep-lines", test_long_and_deep_lines);
  ADD ("/vigil/import/text-faults", test_text_faults);
  ADD ("/vigil/import/export-round-trip", test_export_round_trip);
  ADD ("/vigil/import/export-csv", test_export_csv);
  ADD ("/vigil/import/cancel", test_cancel);
  ADD ("/vigil/import/concurrent-reader", test_concurrent_reader);
#undef ADD

  return g_test_run ();
}
