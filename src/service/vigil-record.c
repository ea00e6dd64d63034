/* vigil-record.c: validation and the JSON line form of a decision
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-record"

#include "config.h"

#include <math.h>
#include <string.h>

#include "vigil-json.h"
#include "vigil-record.h"

typedef enum
{
  FIELD_TIMESTAMP,
  FIELD_MODEL_NAME,
  FIELD_MODEL_VERSION,
  FIELD_DECISION_TYPE,
  FIELD_PREDICTION,
  FIELD_CONFIDENCE,
  FIELD_INPUT_FEATURES,
  FIELD_EXPLANATION,
  FIELD_TICKER,
  FIELD_SECTOR,
  FIELD_PORTFOLIO_ID,
  FIELD_USER_ID,
  N_FIELDS
} Field;

static const char *field_names[N_FIELDS] = {
  "timestamp", "model_name", "model_version", "decision_type", "prediction", "confidence",
  "input_features", "explanation", "ticker", "sector", "portfolio_id", "user_id",
};

static int
field_lookup (const char *name)
{
  for (int i = 0; i < N_FIELDS; i++)
    if (strcmp (name, field_names[i]) == 0)
      return i;
  return -1;
}

static gboolean
is_blank (const char *s)
{
  for (; *s; s++)
    if (!g_ascii_isspace (*s))
      return FALSE;
  return TRUE;
}

static gboolean
check_text (const char  *field,
            const char  *value,
            gsize        max_len,
            gboolean     required,
            char       **out_reason)
{
  gsize len;

  if (value == NULL)
    {
      if (required)
        {
          *out_reason = g_strdup_printf ("missing required field “%s”", field);
          return FALSE;
        }
      return TRUE;
    }

  len = strlen (value);
  if (required && is_blank (value))
    {
      *out_reason = g_strdup_printf ("field “%s” is empty", field);
      return FALSE;
    }
  if (len > max_len)
    {
      *out_reason = g_strdup_printf ("field “%s” is %zu bytes long, over the limit of %zu", field,
                                     len, max_len);
      return FALSE;
    }
  if (!g_utf8_validate (value, len, NULL))
    {
      *out_reason = g_strdup_printf ("field “%s” is not valid UTF-8", field);
      return FALSE;
    }
  return TRUE;
}

/**
 * vigil_record_check:
 * @record: a record whose fields are set
 * @out_reason: (out): why it is refused
 *
 * Checks every field against the rules of the import format. The timestamp is assumed
 * normalized already.
 */
gboolean
vigil_record_check (const VigilRecord  *record,
                    char              **out_reason)
{
  if (!check_text ("model_name", record->model_name, VIGIL_MAX_NAME_LEN, TRUE, out_reason) ||
      !check_text ("model_version", record->model_version, VIGIL_MAX_NAME_LEN, TRUE, out_reason) ||
      !check_text ("decision_type", record->decision_type, VIGIL_MAX_NAME_LEN, TRUE, out_reason) ||
      !check_text ("prediction", record->prediction, VIGIL_MAX_PREDICTION_LEN, TRUE, out_reason) ||
      !check_text ("input_features", record->input_features, VIGIL_MAX_FEATURES_LEN, TRUE,
                   out_reason) ||
      !check_text ("explanation", record->explanation, VIGIL_MAX_EXPLANATION_LEN, FALSE,
                   out_reason) ||
      !check_text ("ticker", record->ticker, VIGIL_MAX_NAME_LEN, FALSE, out_reason) ||
      !check_text ("sector", record->sector, VIGIL_MAX_NAME_LEN, FALSE, out_reason) ||
      !check_text ("portfolio_id", record->portfolio_id, VIGIL_MAX_NAME_LEN, FALSE, out_reason) ||
      !check_text ("user_id", record->user_id, VIGIL_MAX_NAME_LEN, FALSE, out_reason))
    return FALSE;

  if (record->has_confidence &&
      (!isfinite (record->confidence) || record->confidence < 0.0 || record->confidence > 1.0))
    {
      *out_reason = g_strdup_printf ("confidence %g is outside [0, 1]", record->confidence);
      return FALSE;
    }

  return TRUE;
}

static const char *
type_name (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT: return "an object";
    case JSON_NODE_ARRAY: return "an array";
    case JSON_NODE_NULL: return "null";
    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING: return "a string";
        case G_TYPE_BOOLEAN: return "a boolean";
        default: return "a number";
        }
    default:
      return "unknown";
    }
}

static gboolean
is_number (JsonNode *node)
{
  GType t;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  t = json_node_get_value_type (node);
  return t == G_TYPE_INT64 || t == G_TYPE_DOUBLE;
}

/**
 * vigil_record_from_json:
 * @record: the record to fill; zeroed first
 * @object: one parsed line of the import format
 * @intern: copies strings into storage that outlives @object
 * @scratch: a buffer for the canonical features text
 * @out_reason: (out): why the object is refused
 *
 * Fills @record from one decision in the import format, validating every field, normalizing the
 * timestamp (now when absent), writing input_features in canonical form and computing
 * input_hash.
 */
gboolean
vigil_record_from_json (VigilRecord      *record,
                        JsonObject       *object,
                        VigilInternFunc   intern,
                        gpointer          intern_data,
                        GString          *scratch,
                        char            **out_reason)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;
  JsonNode *features = NULL;
  const char *timestamp = NULL;

  memset (record, 0, sizeof *record);

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    {
      int field = field_lookup (name);
      const char **slot = NULL;

      switch (field)
        {
        case -1:
          *out_reason = g_strdup_printf ("unknown field “%.64s”", name);
          return FALSE;

        case FIELD_CONFIDENCE:
          if (JSON_NODE_HOLDS_NULL (node))
            break;
          if (!is_number (node))
            {
              *out_reason = g_strdup_printf ("field “confidence” must be a number or null, not %s",
                                             type_name (node));
              return FALSE;
            }
          record->has_confidence = TRUE;
          record->confidence = json_node_get_double (node);
          continue;

        case FIELD_INPUT_FEATURES:
          if (JSON_NODE_HOLDS_NULL (node))
            break;
          if (!JSON_NODE_HOLDS_OBJECT (node))
            {
              *out_reason = g_strdup_printf ("field “input_features” must be an object, not %s",
                                             type_name (node));
              return FALSE;
            }
          features = node;
          continue;

        case FIELD_TIMESTAMP: slot = &timestamp; break;
        case FIELD_MODEL_NAME: slot = &record->model_name; break;
        case FIELD_MODEL_VERSION: slot = &record->model_version; break;
        case FIELD_DECISION_TYPE: slot = &record->decision_type; break;
        case FIELD_PREDICTION: slot = &record->prediction; break;
        case FIELD_EXPLANATION: slot = &record->explanation; break;
        case FIELD_TICKER: slot = &record->ticker; break;
        case FIELD_SECTOR: slot = &record->sector; break;
        case FIELD_PORTFOLIO_ID: slot = &record->portfolio_id; break;
        case FIELD_USER_ID: slot = &record->user_id; break;
        default:
          g_assert_not_reached ();
        }

      if (JSON_NODE_HOLDS_NULL (node))
        continue;
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          *out_reason = g_strdup_printf ("field “%s” must be a string, not %s", name,
                                         type_name (node));
          return FALSE;
        }
      *slot = json_node_get_string (node);
    }

  if (timestamp != NULL)
    {
      const char *why = NULL;
      gint64 usec;

      if (strlen (timestamp) > 64 || !vigil_timestamp_parse (timestamp, &usec, &why))
        {
          *out_reason = g_strdup_printf ("field “timestamp”: “%.64s” is not a timestamp (%s)",
                                         timestamp, why ? why : "too long");
          return FALSE;
        }
      vigil_timestamp_format (usec, record->timestamp);
    }
  else
    vigil_timestamp_now (record->timestamp);

  g_string_truncate (scratch, 0);
  if (features != NULL)
    vigil_json_write_canonical (scratch, features);
  else
    g_string_append (scratch, "{}");
  record->input_features = scratch->str;

  if (!vigil_record_check (record, out_reason))
    return FALSE;

#define INTERN(f) if (record->f) record->f = intern (intern_data, record->f)
  INTERN (model_name);
  INTERN (model_version);
  INTERN (decision_type);
  INTERN (prediction);
  INTERN (explanation);
  INTERN (ticker);
  INTERN (sector);
  INTERN (portfolio_id);
  INTERN (user_id);
  INTERN (input_features);
#undef INTERN

  vigil_record_hash_input (record);
  return TRUE;
}

void
vigil_record_hash_input (VigilRecord *record)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (sum, (const guchar *) record->input_features, -1);
  memcpy (record->input_hash, g_checksum_get_string (sum), 65);
}

static void
member (GString    *out,
        gboolean   *first,
        const char *name)
{
  if (!*first)
    g_string_append_c (out, ',');
  *first = FALSE;
  vigil_json_write_string (out, name);
  g_string_append_c (out, ':');
}

static void
string_member (GString    *out,
               gboolean   *first,
               const char *name,
               const char *value)
{
  if (value == NULL)
    return;
  member (out, first, name);
  vigil_json_write_string (out, value);
}

/**
 * vigil_record_to_json:
 *
 * Appends @record as one line of the import format (without the newline): what an import of
 * that line logs again, field for field.
 */
void
vigil_record_to_json (const VigilRecord *record,
                      GString           *out)
{
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  if (record->timestamp[0] != '\0')
    string_member (out, &first, "timestamp", record->timestamp);
  string_member (out, &first, "model_name", record->model_name);
  string_member (out, &first, "model_version", record->model_version);
  string_member (out, &first, "decision_type", record->decision_type);
  string_member (out, &first, "prediction", record->prediction);
  member (out, &first, "confidence");
  if (record->has_confidence)
    vigil_json_write_double (out, record->confidence);
  else
    g_string_append (out, "null");
  member (out, &first, "input_features");
  g_string_append (out, record->input_features ? record->input_features : "{}");
  string_member (out, &first, "explanation", record->explanation);
  string_member (out, &first, "ticker", record->ticker);
  string_member (out, &first, "sector", record->sector);
  string_member (out, &first, "portfolio_id", record->portfolio_id);
  string_member (out, &first, "user_id", record->user_id);
  g_string_append_c (out, '}');
}
