/* test-json.c: the canonical form of input_features and the decision line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "vigil-json.h"
#include "vigil-record.h"

static char *
canonical (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  GString *out = g_string_new (NULL);

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  vigil_json_write_canonical (out, json_parser_get_root (parser));
  return g_string_free (out, FALSE);
}

static void
test_canonical (void)
{
  struct { const char *in, *out; } cases[] = {
    { "{\"b\": 1, \"a\": 2}", "{\"a\":2,\"b\":1}" },
    { "{ \"z\": {\"y\": [3, 2, {\"k\": null, \"c\": true}]}, \"a\": \"x\" }",
      "{\"a\":\"x\",\"z\":{\"y\":[3,2,{\"c\":true,\"k\":null}]}}" },
    { "{\"fico\": 720, \"dti\": 0.35, \"ratio\": 1.0, \"big\": 1e300}",
      "{\"big\":1e+300,\"dti\":0.35,\"fico\":720,\"ratio\":1.0}" },
    { "{\"x\": 0.1}", "{\"x\":0.1}" },
    { "{\"x\": -0.30000000000000004}", "{\"x\":-0.30000000000000004}" },
    { "{\"s\": \"tab\\there \\\"q\\\" back\\\\ nl\\n é \\u0001\"}",
      "{\"s\":\"tab\\there \\\"q\\\" back\\\\ nl\\n é \\u0001\"}" },
    { "{\"é\": 1, \"e\": 2, \"E\": 3}", "{\"E\":3,\"e\":2,\"é\":1}" },
    { "{}", "{}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = canonical (cases[i].in);
      g_assert_cmpstr (got, ==, cases[i].out);
    }
}

static void
test_canonical_stable (void)
{
  /* The canonical form of the canonical form is itself: same features, same input_hash. */
  const char *in = "{\"momentum_12m\": 0.123456789012345678, \"vol\": 3, \"tags\": [\"a\", 1.5]}";
  g_autofree char *once = canonical (in);
  g_autofree char *twice = canonical (once);

  g_assert_cmpstr (once, ==, twice);
}

static void
test_double_shortest (void)
{
  double values[] = { 0.1, 1.0 / 3.0, 1e-7, 123456789.123, 0.87, 2.5e-320, 1.7976931348623157e308 };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      vigil_json_write_double (out, values[i]);
      g_assert_cmpfloat (g_ascii_strtod (out->str, NULL), ==, values[i]);
    }
}

static const char *
intern (gpointer    data,
        const char *str)
{
  return g_string_chunk_insert (data, str);
}

static gboolean
record_from (const char   *line,
             VigilRecord  *record,
             GStringChunk *chunk,
             char        **reason)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) scratch = g_string_new (NULL);

  g_assert_true (json_parser_load_from_data (parser, line, -1, NULL));
  return vigil_record_from_json (record, json_node_get_object (json_parser_get_root (parser)),
                                 intern, chunk, scratch, reason);
}

static void
test_record_round_trip (void)
{
  const char *line = "{\"timestamp\":\"2026-11-20T10:00:00+01:00\",\"model_name\":\"CreditXGBoost\","
                     "\"model_version\":\"v3.0\",\"decision_type\":\"credit_approval\","
                     "\"prediction\":\"APPROVE\",\"confidence\":0.82,"
                     "\"input_features\":{\"fico\":710,\"dti\":0.31},"
                     "\"explanation\":\"FICO 710, DTI 31%\",\"user_id\":\"loan_officer_7\"}";
  g_autoptr(GStringChunk) chunk = g_string_chunk_new (256);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *reason = NULL;
  g_autofree char *expected_hash = NULL;
  VigilRecord a, b;

  g_assert_true (record_from (line, &a, chunk, &reason));
  expected_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, a.input_features, -1);
  g_assert_cmpstr (a.timestamp, ==, "2026-11-20T09:00:00.000000");
  g_assert_cmpstr (a.input_features, ==, "{\"dti\":0.31,\"fico\":710}");
  /* sha256 of the canonical text, as an auditor recomputes it */
  g_assert_cmpstr (a.input_hash, ==, expected_hash);
  g_assert_null (a.ticker);

  vigil_record_to_json (&a, out);
  g_assert_true (record_from (out->str, &b, chunk, &reason));
  g_assert_cmpstr (a.timestamp, ==, b.timestamp);
  g_assert_cmpstr (a.input_features, ==, b.input_features);
  g_assert_cmpstr (a.input_hash, ==, b.input_hash);
  g_assert_cmpfloat (a.confidence, ==, b.confidence);
  g_assert_cmpstr (a.explanation, ==, b.explanation);
  g_assert_cmpstr (a.user_id, ==, b.user_id);
}

static void
test_record_rules (void)
{
  struct { const char *line; const char *reason; } cases[] = {
    { "{\"model_version\":\"1\",\"decision_type\":\"t\",\"prediction\":\"p\"}",
      "missing required field “model_name”" },
    { "{\"model_name\":\"m\",\"model_version\":\"1\",\"decision_type\":\"t\"}",
      "missing required field “prediction”" },
    { "{\"model_name\":\"  \",\"model_version\":\"1\",\"decision_type\":\"t\",\"prediction\":\"p\"}",
      "field “model_name” is empty" },
    { "{\"model_name\":\"m\",\"model_version\":\"1\",\"decision_type\":\"t\",\"prediction\":\"p\","
      "\"colour\":\"red\"}", "unknown field “colour”" },
    { "{\"model_name\":\"m\",\"model_version\":1,\"decision_type\":\"t\",\"prediction\":\"p\"}",
      "field “model_version” must be a string, not a number" },
    { "{\"model_name\":\"m\",\"model_version\":\"1\",\"decision_type\":\"t\",\"prediction\":true}",
      "field “prediction” must be a string, not a boolean" },
    { "{\"model_name\":\"m\",\"model_version\":\"1\",\"decision_type\":\"t\",\"prediction\":\"p\","
      "\"confidence\":\"high\"}", "field “confidence” must be a number or null, not a string" },
    { "{\"model_name\":\"m\",\"model_version\":\"1\",\"decision_type\":\"t\",\"prediction\":\"p\","
      "\"confidence\":1.0001}", "outside [0, 1]" },
    { "{\"model_name\":\"m\",\"model_version\":\"1\",\"decision_type\":\"t\",\"prediction\":\"p\","
      "\"confidence\":-0.5}", "outside [0, 1]" },
    { "{\"model_name\":\"m\",\"model_version\":\"1\",\"decision_type\":\"t\",\"prediction\":\"p\","
      "\"input_features\":[1,2]}", "field “input_features” must be an object, not an array" },
    { "{\"model_name\":\"m\",\"model_version\":\"1\",\"decision_type\":\"t\",\"prediction\":\"p\","
      "\"timestamp\":\"2026-02-30\"}", "field “timestamp”: “2026-02-30” is not a timestamp" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GStringChunk) chunk = g_string_chunk_new (256);
      g_autofree char *reason = NULL;
      VigilRecord r;

      g_assert_false (record_from (cases[i].line, &r, chunk, &reason));
      g_assert_nonnull (reason);
      if (strstr (reason, cases[i].reason) == NULL)
        g_error ("case %u: expected “%s” in “%s”", i, cases[i].reason, reason);
    }
}

static void
test_record_limits (void)
{
  g_autoptr(GStringChunk) chunk = g_string_chunk_new (256);
  g_autofree char *long_name = g_strnfill (VIGIL_MAX_NAME_LEN + 1, 'x');
  g_autofree char *ok_name = g_strnfill (VIGIL_MAX_NAME_LEN, 'x');
  g_autofree char *reason = NULL;
  g_autofree char *bad = g_strdup_printf ("{\"model_name\":\"%s\",\"model_version\":\"1\","
                                          "\"decision_type\":\"t\",\"prediction\":\"p\"}",
                                          long_name);
  g_autofree char *good = g_strdup_printf ("{\"model_name\":\"%s\",\"model_version\":\"1\","
                                           "\"decision_type\":\"t\",\"prediction\":\"p\","
                                           "\"confidence\":null,\"input_features\":null}",
                                           ok_name);
  VigilRecord r;

  g_assert_false (record_from (bad, &r, chunk, &reason));
  g_assert_nonnull (strstr (reason, "over the limit"));
  g_assert_true (record_from (good, &r, chunk, &reason));
  g_assert_false (r.has_confidence);
  g_assert_cmpstr (r.input_features, ==, "{}");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/json/canonical", test_canonical);
  g_test_add_func ("/vigil/json/canonical-stable", test_canonical_stable);
  g_test_add_func ("/vigil/json/double-shortest", test_double_shortest);
  g_test_add_func ("/vigil/record/round-trip", test_record_round_trip);
  g_test_add_func ("/vigil/record/rules", test_record_rules);
  g_test_add_func ("/vigil/record/limits", test_record_limits);

  return g_test_run ();
}
