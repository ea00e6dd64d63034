/* vigil-export.c: decisions written out as JSON Lines or CSV
 *
 * JSON Lines is the import format, so an export imports again to the same decisions (and, into
 * an empty database, to the same ids and record hashes). CSV carries every column, for
 * spreadsheets and auditors, quoted as RFC 4180 says.
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

static void
csv_field (GString    *out,
           const char *value,
           gboolean    first)
{
  if (!first)
    g_string_append_c (out, ',');
  if (value == NULL)
    return;
  if (strpbrk (value, ",\"\r\n") == NULL)
    {
      g_string_append (out, value);
      return;
    }
  g_string_append_c (out, '"');
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
            const VigilRecord *r)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  g_snprintf (number, sizeof number, "%" PRId64, r->id);
  csv_field (out, number, TRUE);
  csv_field (out, r->timestamp, FALSE);
  csv_field (out, r->model_name, FALSE);
  csv_field (out, r->model_version, FALSE);
  csv_field (out, r->decision_type, FALSE);
  csv_field (out, r->input_features, FALSE);
  csv_field (out, r->input_hash, FALSE);
  csv_field (out, r->prediction, FALSE);
  if (r->has_confidence)
    {
      g_ascii_formatd (number, sizeof number, "%.17g", r->confidence);
      csv_field (out, number, FALSE);
    }
  else
    csv_field (out, NULL, FALSE);
  csv_field (out, r->explanation, FALSE);
  csv_field (out, r->ticker, FALSE);
  csv_field (out, r->sector, FALSE);
  csv_field (out, r->portfolio_id, FALSE);
  csv_field (out, r->user_id, FALSE);
  csv_field (out, r->actual_outcome, FALSE);
  csv_field (out, r->outcome_date, FALSE);
  csv_field (out, r->reviewed_by, FALSE);
  csv_field (out, r->review_date, FALSE);
  csv_field (out, r->review_status, FALSE);
  csv_field (out, r->review_notes, FALSE);
  csv_field (out, r->anomaly_flag ? "1" : "0", FALSE);
  csv_field (out, r->anomaly_reason, FALSE);
  csv_field (out, r->record_hash, FALSE);
  g_string_append (out, "\r\n");
}

/**
 * vigil_export_decisions:
 * @out_count: (out) (optional): how many decisions were written
 *
 * Streams the decisions of @query, in ledger order, to @out.
 */
gboolean
vigil_export_decisions (VigilStore          *store,
                        VigilDecisionQuery  *query,
                        VigilExportFormat    format,
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
                          "record_hash\r\n");

  while (vigil_decision_cursor_next (cursor, &local_error))
    {
      const VigilRecord *r = vigil_decision_cursor_get_record (cursor);

      if (format == VIGIL_EXPORT_CSV)
        csv_record (buf, r);
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
