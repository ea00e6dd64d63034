/* test-input-rollup.c: the inputs' daily roll-ups hold what the decisions hold
 *
 * Whatever path appended the decisions (one at a time, or imported in batches), and whatever
 * their inputs (numbers of any sign and scale, strings, nulls, nested values, none at all), a day's roll-ups must count exactly what counting its rows again counts; a
 * window that starts or ends within a day must too. A day keeps at most 64 features and 64
 * values of a feature, the rest counted together.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "vigil-importer.h"
#include "vigil-input-rollup.h"
#include "vigil-store-private.h"
#include "vigil-test-util.h"

static void
on_difference (const char *table,
               const char *what,
               gint64      stored,
               gint64      computed,
               gpointer    data)
{
  GString *out = data;

  g_string_append_printf (out, "%s %s: %" G_GINT64_FORMAT " stored, %" G_GINT64_FORMAT
                          " counted\n", table, what, stored, computed);
}

/* The differences between @model's roll-ups of [from, to) and its rows counted again */
static char *
differences (Fixture    *f,
             const char *model,
             const char *from,
             const char *to)
{
  VigilSql *db = vigil_store_get_sql (f->store);
  g_autoptr(VigilInputProfile) stored = vigil_input_profile_new ();
  g_autoptr(VigilInputProfile) counted = vigil_input_profile_new ();
  GString *out = g_string_new (NULL);

  g_assert_cmpint (vigil_input_rollup_read_window (db, model, from, to, FALSE, stored, NULL), ==,
                   VIGIL_SQL_OK);
  g_assert_cmpint (vigil_input_rollup_read_rows (db, model, from, to, -1, NULL, NULL, counted,
                                                 NULL), ==,
                   VIGIL_SQL_OK);
  vigil_input_profile_diff (stored, counted, on_difference, out);
  return g_string_free (out, FALSE);
}

static void
import_text (Fixture    *f,
             const char *name,
             const char *text)
{
  g_autoptr(VigilImporter) importer = vigil_importer_new (f->store);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_assert_true (vigil_importer_import_file (importer, path, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vigil_importer_get_rejected (importer), ==, 0);
}

/* Inputs of every kind the format allows, one line each */
static const char *inputs[] = {
  "{\"x\": 12.5, \"y\": -3, \"kind\": \"a\"}",
  "{\"x\": 0, \"y\": 1e-300, \"kind\": \"b\"}",
  "{\"x\": -0.0001, \"y\": 1e300, \"kind\": \"c\"}",
  "{\"x\": null, \"y\": true, \"kind\": {\"nested\": [1, 2]}}",
  "{}",
  "{\"x\": 12.5, \"z\": \"only here\"}",
  "{\"x\": 13, \"y\": 7, \"kind\": \"\\u00e9t\\u00e9\"}",
};

static void
append_day (Fixture    *f,
            const char *day,
            int         n)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *name = g_strdup_printf ("%s.jsonl", day);

  for (int i = 0; i < n; i++)
    {
      int secs = (int) ((gint64) i * 86400 / n);

      g_string_append_printf (text, "{\"timestamp\":\"%sT%02d:%02d:%02dZ\",\"model_name\":\"M\","
                              "\"model_version\":\"1\",\"decision_type\":\"t\","
                              "\"prediction\":\"%s\",\"input_features\":%s", day,
                              secs / 3600, secs / 60 % 60, secs % 60, i % 2 ? "BUY" : "SELL",
                              inputs[i % G_N_ELEMENTS (inputs)]);
      if (i % 5 != 0)
        g_string_append_printf (text, ",\"confidence\":0.%d", 50 + i % 40);
      if (i % 4 == 0)
        g_string_append (text, ",\"explanation\":\"  \"");
      else if (i % 4 == 1)
        g_string_append (text, ",\"explanation\":\"because\"");
      g_string_append (text, "}\n");
    }
  import_text (f, name, text->str);
}

static void
test_equals_rows (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *whole = NULL;
  g_autofree char *partial = NULL;
  g_autofree char *day = NULL;
  VigilSql *db;
  g_autoptr(VigilInputProfile) p = vigil_input_profile_new ();
  VigilInputFeature *x, *kind;

  append_day (f, "2026-11-01", 300);
  append_day (f, "2026-11-02", 250);
  /* One at a time, as the recorder logs them, into a day already begun */
  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(VigilDecision) d = make_decision ("M", "HOLD", "2026-11-02T23:00:00Z", -1, NULL);
      g_autoptr(GError) error = NULL;

      vigil_decision_set_input_features (d, inputs[i]);
      g_assert_true (vigil_store_log_decision (f->store, d, NULL, &error));
      g_assert_no_error (error);
    }
  append_day (f, "2026-11-03", 120);

  whole = differences (f, "M", "2026-11-01T00:00:00.000000", "2026-11-04T00:00:00.000000");
  g_assert_cmpstr (whole, ==, "");
  partial = differences (f, "M", "2026-11-01T13:30:00.000000", "2026-11-03T07:00:00.000000");
  g_assert_cmpstr (partial, ==, "");
  day = differences (f, "M", "2026-11-02T06:00:00.000000", "2026-11-02T18:00:00.000000");
  g_assert_cmpstr (day, ==, "");

  /* And what they count is what the lines hold: 300 decisions on the first day, 43 of them
   * the fifth line {} without inputs; blank or no explanation on three lines of four */
  db = vigil_store_get_sql (f->store);
  g_assert_cmpint (vigil_input_rollup_read_days (db, "M", "2026-11-01", "2026-11-02", p), ==,
                   VIGIL_SQL_OK);
  g_assert_cmpint (p->n, ==, 300);
  g_assert_cmpint (p->n_empty, ==, 43);
  g_assert_cmpint (p->n_no_confidence, ==, 60);
  g_assert_cmpint (p->n_no_explanation, ==, 225);
  x = vigil_input_profile_get_feature (p, "x", FALSE);
  g_assert_nonnull (x);
  g_assert_cmpint (x->n_present, ==, 300 - 43);
  g_assert_cmpint (x->n_others, ==, 43);
  g_assert_cmpfloat (x->min, ==, -0.0001);
  g_assert_cmpfloat (x->max, ==, 13);
  kind = vigil_input_profile_get_feature (p, "kind", FALSE);
  g_assert_nonnull (kind);
  g_assert_cmpint (kind->n_present, ==, 43 * 4 + 42);
  g_assert_cmpint (kind->n_strings, ==, 43 * 3 + 42);
  g_assert_cmpint (kind->n_others, ==, 43);
}

static void
test_bounded (Fixture       *f,
              gconstpointer  data)
{
  VigilSql *db = vigil_store_get_sql (f->store);
  g_autoptr(VigilInputProfile) p = vigil_input_profile_new ();
  VigilInputFeature *id;
  gint64 kept = 0;

  /* An identifier among the inputs, and a hundred features: two batches of one day */
  for (int batch = 0; batch < 2; batch++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autofree char *name = g_strdup_printf ("batch-%d.jsonl", batch);

      for (int i = 0; i < 50; i++)
        {
          g_string_append_printf (text, "{\"timestamp\":\"2026-11-01T%02d:%02d:00Z\","
                                  "\"model_name\":\"M\",\"model_version\":\"1\","
                                  "\"decision_type\":\"t\",\"prediction\":\"A\","
                                  "\"input_features\":{\"id\":\"C%03d\",\"f%03d\":1}}\n",
                                  batch * 12 + i / 5, i % 5 * 10, batch * 50 + i,
                                  batch * 50 + i);
        }
      import_text (f, name, text->str);
    }

  g_assert_cmpint (vigil_input_rollup_read_days (db, "M", "2026-11-01", "2026-11-02", p), ==,
                   VIGIL_SQL_OK);
  g_assert_cmpint (p->n, ==, 100);
  g_assert_cmpuint (g_hash_table_size (p->features), ==, VIGIL_INPUT_MAX_FEATURES);
  id = vigil_input_profile_get_feature (p, "id", FALSE);
  g_assert_nonnull (id);
  g_assert_cmpint (id->n_strings, ==, 100);
  g_assert_cmpuint (g_hash_table_size (id->categories), ==, VIGIL_INPUT_MAX_CATEGORIES);
  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *value = g_strdup_printf ("C%03u", i);
      gint64 *n = g_hash_table_lookup (id->categories, value);

      kept += n ? *n : 0;
    }
  g_assert_cmpint (kept + id->n_other_categories, ==, 100);
  g_assert_cmpint (id->n_other_categories, ==, 100 - VIGIL_INPUT_MAX_CATEGORIES);
}

static void
test_bins (void)
{
  static const double values[] = { -1e300, -5, -1.009, -1, -1e-11, -1e-13, 0, 1e-13, 1e-11,
                                   0.5, 1, 1.009, 1.011, 2, 1e6, 1e300 };
  g_autoptr(VigilInputProfile) p = vigil_input_profile_new ();
  g_autoptr(VigilInputProfile) flagged = vigil_input_profile_new ();
  VigilInputFeature *f;

  /* Bins keep the values' order, and a bin is at most 1% wide */
  for (guint i = 1; i < G_N_ELEMENTS (values); i++)
    g_assert_cmpint (vigil_input_bin (values[i - 1]), <=, vigil_input_bin (values[i]));
  g_assert_cmpint (vigil_input_bin (1.0), ==, vigil_input_bin (1.009));
  g_assert_cmpint (vigil_input_bin (1.0), <, vigil_input_bin (1.011));
  g_assert_cmpint (vigil_input_bin (-1e-13), ==, 0);
  g_assert_cmpfloat (vigil_input_bin_lower (vigil_input_bin (2.0)), <=, 2.0);
  g_assert_cmpfloat (vigil_input_bin_lower (vigil_input_bin (2.0)), >, 2.0 / 1.01);

  /* Values outside a range, told apart by bins where they are, and at the extremes */
  vigil_input_profile_add_decision (p, "{\"v\": 10}", 9, TRUE, "e");
  vigil_input_profile_add_decision (p, "{\"v\": 20}", 9, TRUE, "e");
  vigil_input_profile_add_decision (p, "{\"v\": 40}", 9, TRUE, "e");
  vigil_input_profile_add_decision (p, "{\"v\": 20.1}", 11, TRUE, "e");
  f = vigil_input_profile_get_feature (p, "v", FALSE);
  g_assert_cmpint (vigil_input_feature_count_outside (f, 10, 40), ==, 0);
  g_assert_cmpint (vigil_input_feature_count_outside (f, 15, 30), ==, 2);
  /* 20.1 shares 20's bin: only the window's own maximum is told outside [10, 20] */
  g_assert_cmpint (vigil_input_feature_count_outside (f, 10, 20), ==, 1);

  /* Taking a flagged decision out: counts exactly, an extreme it held as a bin's edge */
  vigil_input_profile_add_decision (flagged, "{\"v\": 40}", 9, TRUE, "e");
  vigil_input_profile_subtract (p, flagged);
  g_assert_cmpint (p->n, ==, 3);
  g_assert_cmpint (p->n_no_confidence, ==, 0);
  g_assert_cmpint (f->n_numbers, ==, 3);
  g_assert_cmpfloat (f->min, ==, 10);
  g_assert_cmpfloat (f->max, <=, 20.1 * 1.01);
  g_assert_cmpfloat (f->max, >=, 20.1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/vigil/input-rollup/equals-rows", Fixture, NULL, fixture_set_up,
              test_equals_rows, fixture_tear_down);
  g_test_add ("/vigil/input-rollup/bounded", Fixture, NULL, fixture_set_up, test_bounded,
              fixture_tear_down);
  g_test_add_func ("/vigil/input-rollup/bins", test_bins);
  return g_test_run ();
}
