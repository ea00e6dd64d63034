/* test-json.c: the canonical form of input_features and the decision line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "vigil-json.h"
#include "vigil-json-parser.h"
#include "vigil-ledger.h"
#include "vigil-record.h"

static char *
canonical (const char *json)
{
  GString *out = g_string_new (NULL);
  g_autofree char *reason = NULL;

  if (!vigil_json_canonicalize (json, strlen (json), out, &reason))
    g_error ("“%s” refused: %s", json, reason);
  return g_string_free (out, FALSE);
}

/* json-glib is the independent reference: the canonical text must mean the same JSON. */
static gboolean
same_value (JsonNode *a,
            JsonNode *b)
{
  if (JSON_NODE_TYPE (a) != JSON_NODE_TYPE (b))
    return FALSE;
  switch (JSON_NODE_TYPE (a))
    {
    case JSON_NODE_NULL:
      return TRUE;
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (a) == G_TYPE_STRING || json_node_get_value_type (b) == G_TYPE_STRING ||
          json_node_get_value_type (a) == G_TYPE_BOOLEAN || json_node_get_value_type (b) == G_TYPE_BOOLEAN)
        return json_node_equal (a, b);
      return json_node_get_double (a) == json_node_get_double (b);
    case JSON_NODE_ARRAY:
      {
        JsonArray *x = json_node_get_array (a), *y = json_node_get_array (b);
        if (json_array_get_length (x) != json_array_get_length (y))
          return FALSE;
        for (guint i = 0; i < json_array_get_length (x); i++)
          if (!same_value (json_array_get_element (x, i), json_array_get_element (y, i)))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_OBJECT:
      {
        JsonObject *x = json_node_get_object (a), *y = json_node_get_object (b);
        g_autoptr(GList) members = json_object_get_members (x);
        if (json_object_get_size (x) != json_object_get_size (y))
          return FALSE;
        for (GList *l = members; l; l = l->next)
          if (!json_object_has_member (y, l->data) ||
              !same_value (json_object_get_member (x, l->data), json_object_get_member (y, l->data)))
            return FALSE;
        return TRUE;
      }
    default:
      return FALSE;
    }
}

static void
assert_same_meaning (const char *original,
                     const char *canonical_text)
{
  g_autoptr(JsonParser) p1 = json_parser_new ();
  g_autoptr(JsonParser) p2 = json_parser_new ();

  g_assert_true (json_parser_load_from_data (p1, original, -1, NULL));
  g_assert_true (json_parser_load_from_data (p2, canonical_text, -1, NULL));
  if (!same_value (json_parser_get_root (p1), json_parser_get_root (p2)))
    g_error ("“%s” and its canonical form “%s” differ", original, canonical_text);
}

static void
test_canonical (void)
{
  struct { const char *in, *out; } cases[] = {
    { "{\"b\": 1, \"a\": 2}", "{\"a\":2,\"b\":1}" },
    { "{ \"z\": {\"y\": [3, 2, {\"k\": null, \"c\": true}]}, \"a\": \"x\" }",
      "{\"a\":\"x\",\"z\":{\"y\":[3,2,{\"c\":true,\"k\":null}]}}" },
    /* Numbers by their exact decimal value, as RFC 8785 prints them */
    { "{\"fico\": 720, \"dti\": 0.35, \"ratio\": 1.0, \"big\": 1e300}",
      "{\"big\":1e+300,\"dti\":0.35,\"fico\":720,\"ratio\":1}" },
    { "[1.50, 15e-1, 0.15E1, 150E-2]", "[1.5,1.5,1.5,1.5]" },
    { "[1e2, 100.0, 0.0001, 0.0000001, 1e21, 1e22, -0, -0.0, 0e5]",
      "[100,100,0.0001,1e-7,1e+21,1e+22,0,0,0]" },
    { "[-0.30000000000000004, 12345678901234567890.5, 1234567890123456789012345678.9]",
      "[-0.30000000000000004,12345678901234567890.5,1.2345678901234567890123456789e+27]" },
    { "[100200, 1.0203, 0.000123, 5e-324, 1.7976931348623157e308]",
      "[100200,1.0203,0.000123,5e-324,1.7976931348623157e+308]" },
    { "{\"s\": \"tab\\there \\\"q\\\" back\\\\ nl\\n é \\u0001 \\u00e9 \\ud83d\\ude00 \\/\"}",
      "{\"s\":\"tab\\there \\\"q\\\" back\\\\ nl\\n é \\u0001 é 😀 /\"}" },
    { "{\"é\": 1, \"e\": 2, \"E\": 3}", "{\"E\":3,\"e\":2,\"é\":1}" },
    { " {} ", "{}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = canonical (cases[i].in);
      g_assert_cmpstr (got, ==, cases[i].out);
      assert_same_meaning (cases[i].in, got);
    }
}

static void
test_canonical_refuses (void)
{
  const char *bad[] = {
    "{", "{\"a\":}", "{\"a\" 1}", "{\"a\":1,}", "[1,]", "{\"a\":01}", "{\"a\":1.}",
    "{\"a\":.5}", "{\"a\":+1}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":tru}",
    "{\"a\":\"\\x\"}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\u0000\"}", "{\"a\":\"raw\ttab\"}",
    "{\"a\":1}{}", "{\"a\":1,\"a\":2}", "{\"a\":1e400}", "{\"a\":\"unterminated}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      g_autofree char *reason = NULL;

      if (vigil_json_canonicalize (bad[i], strlen (bad[i]), out, &reason))
        g_error ("“%s” was accepted as “%s”", bad[i], out->str);
      g_assert_nonnull (reason);
    }
}

static void
test_canonical_deep (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *reason = NULL;

  for (int i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  g_assert_false (vigil_json_canonicalize (deep->str, deep->len, out, &reason));
  g_assert_cmpstr (reason, ==, "JSON nested too deeply");
}

static void
test_canonical_random (void)
{
  /* Random features: the canonical text always means the same to an independent parser, and
   * canonicalizing it again changes nothing. */
  GRand *rand = g_rand_new_with_seed (20261126);

  for (int i = 0; i < 2000; i++)
    {
      g_autoptr(GString) in = g_string_new ("{");
      g_autofree char *once = NULL;
      g_autofree char *twice = NULL;
      int n = g_rand_int_range (rand, 0, 8);

      for (int j = 0; j < n; j++)
        {
          double v = (g_rand_double (rand) - 0.5) * pow (10, g_rand_int_range (rand, -12, 12));
          char num[G_ASCII_DTOSTR_BUF_SIZE];

          g_ascii_formatd (num, sizeof num, j % 2 ? "%.17g" : "%.6e", v);
          g_string_append_printf (in, "%s\"k%d_%d\": %s", j ? ", " : "", g_rand_int_range (rand, 0, 100), j,
                                  j % 3 == 0 ? num : j % 3 == 1 ? "[true, null, \"x\"]" : "12");
        }
      g_string_append_c (in, '}');
      once = canonical (in->str);
      assert_same_meaning (in->str, once);
      twice = canonical (once);
      g_assert_cmpstr (once, ==, twice);
    }
  g_rand_free (rand);
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
  GString *scratch = g_string_new (NULL);
  gboolean ok;

  ok = vigil_json_parse_decision (line, strlen (line), record, intern, chunk, scratch, reason);
  g_string_free (scratch, TRUE);
  return ok;
}

/* The members that reports, exports and vigilctl --json write: a comma before each but the
 * first of its object or array, null for no string or a number that is not finite. */
static void
test_members (void)
{
  g_autoptr(GString) out = g_string_new ("{");
  const char *roles[] = { "vigil_reviewer", "a \"quoted\" role", NULL };

  vigil_json_member_string (out, "kind", "login");
  vigil_json_member_string (out, "desk", NULL);
  vigil_json_member_int (out, "id", -42);
  vigil_json_member_double (out, "p", 0.25);
  vigil_json_member_double (out, "q", NAN);
  vigil_json_member_bool (out, "ok", TRUE);
  vigil_json_member_strv (out, "roles", roles);
  vigil_json_member_strv (out, "desks", NULL);
  vigil_json_key (out, "nested");
  g_string_append_c (out, '{');
  vigil_json_member_int (out, "first", 1);
  g_string_append_c (out, '}');
  g_string_append_c (out, '}');
  g_assert_cmpstr (out->str, ==,
                   "{\"kind\":\"login\",\"desk\":null,\"id\":-42,\"p\":0.25,\"q\":null,"
                   "\"ok\":true,\"roles\":[\"vigil_reviewer\",\"a \\\"quoted\\\" role\"],"
                   "\"desks\":[],\"nested\":{\"first\":1}}");
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
      "\"input_features\":[1,2]}", "field “input_features” must be an object or null, not an array" },
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

/* What a message says is what is wrong (it once said NaN was "not a number", and a
 * confidence of 1.0000000000000002 "1"). */
static void
test_record_messages (void)
{
#define LINE(extra) "{\"model_name\":\"m\",\"model_version\":\"1\",\"decision_type\":\"t\"," \
                    "\"prediction\":\"p\"," extra "}"
  struct { const char *line; const char *reason; } cases[] = {
    { LINE ("\"confidence\":NaN"),
      "field “confidence” must be a number or null, not “NaN”, which is not JSON (JSON has no "
      "NaN or Infinity; write null for a missing number)" },
    { LINE ("\"confidence\":-Infinity"),
      "invalid JSON at column 89: “-Infinity” is not a JSON value" },
    { LINE ("\"confidence\":1.0000000000000002"),
      "confidence 1.0000000000000002 is outside [0, 1]" },
    { LINE ("\"confidence\":-1e-300"), "confidence -1e-300 is outside [0, 1]" },
    { LINE ("\"input_features\":{\"x\":NaN}"), "“NaN” is not a JSON value" },
    { LINE ("\"ticker\":undefined"), "field “ticker” must be a string, not “undefined”" },
    { "\xEF\xBB\xBF" LINE (""), "a byte-order mark (U+FEFF) starts the line" },
  };
#undef LINE

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GStringChunk) chunk = g_string_chunk_new (256);
      g_autofree char *reason = NULL;
      VigilRecord r;

      g_assert_false (record_from (cases[i].line, &r, chunk, &reason));
      if (strstr (reason, cases[i].reason) == NULL)
        g_error ("case %u: expected “%s” in “%s”", i, cases[i].reason, reason);
    }
}

/* -0 is 0: a confidence of -0, however written, is sealed as the text it reads back as. */
static void
test_record_negative_zero (void)
{
  const char *spellings[] = { "-0", "-0.0", "-0e5", "-0E-3", "-0.000e+10" };
  g_autoptr(GString) zero = g_string_new (NULL);
  g_autoptr(GString) tail = g_string_new (NULL);

  vigil_ledger_put_real (zero, 0.0);
  g_assert_cmpstr (zero->str, ==, "1:0,");
  g_string_truncate (tail, 0);
  vigil_ledger_put_real (tail, -0.0);
  g_assert_cmpstr (tail->str, ==, "1:0,");

  for (guint i = 0; i < G_N_ELEMENTS (spellings); i++)
    {
      g_autoptr(GStringChunk) chunk = g_string_chunk_new (256);
      g_autofree char *line = g_strdup_printf ("{\"model_name\":\"m\",\"model_version\":\"1\","
                                               "\"decision_type\":\"t\",\"prediction\":\"p\","
                                               "\"confidence\":%s,\"input_features\":{\"x\":%s}}",
                                               spellings[i], spellings[i]);
      g_autofree char *reason = NULL;
      VigilRecord r;

      g_assert_true (record_from (line, &r, chunk, &reason));
      g_assert_true (r.has_confidence);
      g_assert_cmpfloat (r.confidence, ==, 0.0);
      g_assert_false (signbit (r.confidence));
      g_assert_cmpstr (r.input_features, ==, "{\"x\":0}");
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
  g_test_add_func ("/vigil/json/canonical-refuses", test_canonical_refuses);
  g_test_add_func ("/vigil/json/canonical-deep", test_canonical_deep);
  g_test_add_func ("/vigil/json/canonical-random", test_canonical_random);
  g_test_add_func ("/vigil/json/double-shortest", test_double_shortest);
  g_test_add_func ("/vigil/json/members", test_members);
  g_test_add_func ("/vigil/record/round-trip", test_record_round_trip);
  g_test_add_func ("/vigil/record/rules", test_record_rules);
  g_test_add_func ("/vigil/record/limits", test_record_limits);
  g_test_add_func ("/vigil/record/messages", test_record_messages);
  g_test_add_func ("/vigil/record/negative-zero", test_record_negative_zero);

  return g_test_run ();
}
