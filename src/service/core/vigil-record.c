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
#include "vigil-sha256.h"

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
      !check_text ("user_id", record->user_id, VIGIL_MAX_NAME_LEN, FALSE, out_reason) ||
      !check_text ("event_id", record->event_id, VIGIL_MAX_NAME_LEN, FALSE, out_reason))
    return FALSE;
  if (record->event_id != NULL && is_blank (record->event_id))
    {
      *out_reason = g_strdup ("field “event_id” is empty: give the decision’s key, or leave "
                              "the field out");
      return FALSE;
    }

  if (record->has_confidence &&
      (!isfinite (record->confidence) || record->confidence < 0.0 || record->confidence > 1.0))
    {
      char text[G_ASCII_DTOSTR_BUF_SIZE];

      /* Every digit it takes to tell the value from 1: 1.0000000000000002 is not "1" */
      for (int precision = 15; precision <= 17; precision++)
        {
          g_ascii_formatd (text, sizeof text,
                           precision == 15 ? "%.15g" : precision == 16 ? "%.16g" : "%.17g",
                           record->confidence);
          if (g_ascii_strtod (text, NULL) == record->confidence)
            break;
        }
      *out_reason = g_strdup_printf ("confidence %s is outside [0, 1]", text);
      return FALSE;
    }

  return TRUE;
}

void
vigil_record_hash_input (VigilRecord *record)
{
  vigil_sha256_hex (record->input_features, strlen (record->input_features), record->input_hash);
}

/* A string member, left out when there is none, as an import line may leave it out. */
static void
string_member (GString    *out,
               const char *name,
               const char *value)
{
  if (value != NULL)
    vigil_json_member_string (out, name, value);
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
  g_string_append_c (out, '{');
  if (record->timestamp[0] != '\0')
    string_member (out, "timestamp", record->timestamp);
  string_member (out, "model_name", record->model_name);
  string_member (out, "model_version", record->model_version);
  string_member (out, "decision_type", record->decision_type);
  string_member (out, "prediction", record->prediction);
  if (record->has_confidence)
    vigil_json_member_double (out, "confidence", record->confidence);
  else
    vigil_json_member_string (out, "confidence", NULL);
  vigil_json_key (out, "input_features");
  g_string_append (out, record->input_features ? record->input_features : "{}");
  string_member (out, "explanation", record->explanation);
  string_member (out, "ticker", record->ticker);
  string_member (out, "sector", record->sector);
  string_member (out, "portfolio_id", record->portfolio_id);
  string_member (out, "user_id", record->user_id);
  string_member (out, "event_id", record->event_id);
  g_string_append_c (out, '}');
}
