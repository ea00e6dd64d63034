/* vigil-export.c: decisions written out as JSON Lines or CSV
 *
 * JSON Lines is the import format, so an export imports again to the same decisions (and, into
 * an empty database, to the same ids and record hashes). CSV carries every column, for
 * spreadsheets and auditors, quoted as RFC 4180 says.
 *
 * A spreadsheet opening the CSV runs a cell that begins with =, +, -, @, a tab or a carriage
 * return as a formula ("CSV injection"): a text cell beginning so gets a ' before it, as
 * OWASP advises, unless VIGIL_EXPORT_RAW_CSV. The numbers Vigil writes (id, confidence,
 * anomaly_flag) are left as they are, and so is a text cell that is a plain decimal number
 * such as -0.5, which no spreadsheet reads as a formula.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-export"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>
#include <string.h>

#include "vigil-export.h"
#include "vigil-store-private.h"

#define FLUSH_AT (256 * 1024)

/* -0.5, +3, 12, 1.5e-3: a number and nothing else */
static gboolean
is_plain_number (const char *text)
{
  const char *p = text;
  gboolean digits = FALSE;

  if (*p == '+' || *p == '-')
    p++;
  for (; g_ascii_isdigit (*p); p++)
    digits = TRUE;
  if (*p == '.')
    for (p++; g_ascii_isdigit (*p); p++)
      digits = TRUE;
  if (!digits)
    return FALSE;
  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  return *p == '\0';
}

/**
 * vigil_export_csv_needs_neutralizing:
 *
 * Returns: whether a spreadsheet could read the text cell @value as a formula: it begins with
 *   =, +, -, @, a tab or a carriage return and is not a plain number
 */
gboolean
vigil_export_csv_needs_neutralizing (const char *value)
{
  return value != NULL && value[0] != '\0' && strchr ("=+-@\t\r", value[0]) != NULL &&
         !is_plain_number (value);
}

/* @text: whether the cell is text, which may need neutralizing (see above) */
static void
csv_cell (GString          *out,
          const char       *value,
          gboolean          first,
          gboolean          text,
          VigilExportFlags  flags)
{
  gboolean neutralize;

  if (!first)
    g_string_append_c (out, ',');
  if (value == NULL)
    return;
  neutralize = text && !(flags & VIGIL_EXPORT_RAW_CSV) &&
               vigil_export_csv_needs_neutralizing (value);
  if (strpbrk (value, ",\"\r\n") == NULL)
    {
      if (neutralize)
        g_string_append_c (out, '\'');
      g_string_append (out, value);
      return;
    }
  g_string_append_c (out, '"');
  if (neutralize)
    g_string_append_c (out, '\'');
  for (const char *p = value; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
csv_record (GString           *out,
            const VigilRecord *r,
            VigilExportFlags   flags)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  g_snprintf (number, sizeof number, "%" PRId64, r->id);
  csv_cell (out, number, TRUE, FALSE, flags);
  csv_cell (out, r->timestamp, FALSE, TRUE, flags);
  csv_cell (out, r->model_name, FALSE, TRUE, flags);
  csv_cell (out, r->model_version, FALSE, TRUE, flags);
  csv_cell (out, r->decision_type, FALSE, TRUE, flags);
  csv_cell (out, r->input_features, FALSE, TRUE, flags);
  csv_cell (out, r->input_hash, FALSE, TRUE, flags);
  csv_cell (out, r->prediction, FALSE, TRUE, flags);
  if (r->has_confidence)
    {
      g_ascii_formatd (number, sizeof number, "%.17g", r->confidence);
      csv_cell (out, number, FALSE, FALSE, flags);
    }
  else
    csv_cell (out, NULL, FALSE, TRUE, flags);
  csv_cell (out, r->explanation, FALSE, TRUE, flags);
  csv_cell (out, r->ticker, FALSE, TRUE, flags);
  csv_cell (out, r->sector, FALSE, TRUE, flags);
  csv_cell (out, r->portfolio_id, FALSE, TRUE, flags);
  csv_cell (out, r->user_id, FALSE, TRUE, flags);
  csv_cell (out, r->actual_outcome, FALSE, TRUE, flags);
  csv_cell (out, r->outcome_date, FALSE, TRUE, flags);
  csv_cell (out, r->reviewed_by, FALSE, TRUE, flags);
  csv_cell (out, r->review_date, FALSE, TRUE, flags);
  csv_cell (out, r->review_status, FALSE, TRUE, flags);
  csv_cell (out, r->review_notes, FALSE, TRUE, flags);
  csv_cell (out, r->anomaly_flag ? "1" : "0", FALSE, FALSE, flags);
  csv_cell (out, r->anomaly_reason, FALSE, TRUE, flags);
  csv_cell (out, r->record_hash, FALSE, TRUE, flags);
  csv_cell (out, r->event_id, FALSE, TRUE, flags);
  g_string_append (out, "\r\n");
}

/**
 * vigil_export_decisions:
 * @flags: VIGIL_EXPORT_RAW_CSV to write CSV cells as they are, formulas and all
 * @out_count: (out) (optional): how many decisions were written
 *
 * Streams the decisions of @query, in ledger order, to @out.
 */
gboolean
vigil_export_decisions (VigilStore          *store,
                        VigilDecisionQuery  *query,
                        VigilExportFormat    format,
                        VigilExportFlags     flags,
                        GOutputStream       *out,
                        GCancellable        *cancellable,
                        VigilExportProgress  progress,
                        gpointer             progress_data,
                        gint64              *out_count,
                        GError             **error)
{
  g_autoptr(VigilDecisionCursor) cursor = NULL;
  g_autoptr(GString) buf = g_string_sized_new (FLUSH_AT + 64 * 1024);
  g_autoptr(GError) local_error = NULL;
  gint64 n = 0;

  g_return_val_if_fail (VIGIL_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  cursor = vigil_store_open_cursor (store, query, error);
  if (cursor == NULL)
    return FALSE;

  if (format == VIGIL_EXPORT_CSV)
    g_string_append (buf, "id,timestamp,model_name,model_version,decision_type,input_features,"
                          "input_hash,prediction,confidence,explanation,ticker,sector,"
                          "portfolio_id,user_id,actual_outcome,outcome_date,reviewed_by,"
                          "review_date,review_status,review_notes,anomaly_flag,anomaly_reason,"
                          "record_hash,event_id\r\n");

  while (vigil_decision_cursor_next (cursor, &local_error))
    {
      const VigilRecord *r = vigil_decision_cursor_get_record (cursor);

      if (format == VIGIL_EXPORT_CSV)
        csv_record (buf, r, flags);
      else
        {
          vigil_record_to_json (r, buf);
          g_string_append_c (buf, '\n');
        }
      n++;

      if (buf->len >= FLUSH_AT)
        {
          if (!g_output_stream_write_all (out, buf->str, buf->len, NULL, cancellable, error))
            return FALSE;
          g_string_truncate (buf, 0);
          if (progress)
            progress (n, progress_data);
        }
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!g_output_stream_write_all (out, buf->str, buf->len, NULL, cancellable, error) ||
      !g_output_stream_flush (out, cancellable, error))
    return FALSE;
  if (progress)
    progress (n, progress_data);
  if (out_count)
    *out_count = n;
  return TRUE;
}
