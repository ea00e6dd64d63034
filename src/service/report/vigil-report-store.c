/* vigil-report-store.c: recording exported reports in the database, and listing them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-report"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "vigil-json.h"
#include "vigil-ledger.h"
#include "vigil-report-private.h"
#include "vigil-store-private.h"

static gboolean
is_sha256_hex (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (guint i = 0; i < 64; i++)
    if (!g_ascii_isxdigit (text[i]) || g_ascii_isupper (text[i]))
      return FALSE;
  return TRUE;
}

gboolean
vigil_store_record_report (VigilStore   *store,
                           VigilReport  *report,
                           const char   *pdf_sha256,
                           gint64       *out_id,
                           GError      **error)
{
  VigilSql *db;
  g_autoptr(VigilSqlStmt) stmt = NULL;
  g_autofree char *models = NULL;
  g_autofree char *target = NULL;
  g_autoptr(GString) details = g_string_new ("{");
  g_autofree char *head = NULL;
  gint64 id;

  g_return_val_if_fail (VIGIL_IS_STORE (store), FALSE);
  g_return_val_if_fail (VIGIL_IS_REPORT (report), FALSE);

  if (pdf_sha256 != NULL && !is_sha256_hex (pdf_sha256))
    {
      g_set_error (error, VIGIL_REPORT_ERROR, VIGIL_REPORT_ERROR_INVALID,
                   _("“%s” is not a SHA-256 in lowercase hex"), pdf_sha256);
      return FALSE;
    }

  /* A broken ledger's report is evidence too: it records the head of the chains as found,
   * marked, so that it is never taken for a head that proves something. */
  head = vigil_report_is_ledger_intact (report)
    ? g_strdup (vigil_report_get_ledger_head (report))
    : g_strconcat (VIGIL_LEDGER_BROKEN_PREFIX, vigil_report_get_ledger_head (report), NULL);

  db = vigil_store_get_sql (store);
  models = report->all_models ? g_strdup ("") : g_strjoinv (",", report->models);

  if (!vigil_store_begin_write (store, error))
    return FALSE;
  if (vigil_sql_prepare (db,
                         "INSERT INTO reports (generated_at, period_start, period_end, models, "
                         "generated_by, signed_by, pdf_sha256, ledger_head, ledger_records) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", &stmt) != VIGIL_SQL_OK)
    goto failed;
  vigil_sql_bind_text (stmt, 1, report->generated_at, -1);
  vigil_sql_bind_text (stmt, 2, report->from, -1);
  vigil_sql_bind_text (stmt, 3, report->to, -1);
  vigil_sql_bind_text (stmt, 4, models, -1);
  vigil_sql_bind_text (stmt, 5, report->generated_by, -1);
  /* Nobody has signed a report that was just exported: the signatories it names are in the
   * event's details, and a signature is on the paper. */
  vigil_sql_bind_null (stmt, 6);
  vigil_sql_bind_text (stmt, 7, pdf_sha256, -1);
  vigil_sql_bind_text (stmt, 8, head, -1);
  vigil_sql_bind_int64 (stmt, 9, vigil_report_get_ledger_records (report));
  if (vigil_sql_step (stmt) != VIGIL_SQL_DONE)
    goto failed;
  id = vigil_sql_last_insert_id (db);

  target = g_strdup_printf ("report:%" G_GINT64_FORMAT, id);
  g_string_append (details, "\"period_start\":");
  vigil_json_write_string (details, report->from);
  g_string_append (details, ",\"period_end\":");
  vigil_json_write_string (details, report->to);
  g_string_append (details, ",\"ledger_head\":");
  vigil_json_write_string (details, head);
  g_string_append_printf (details, ",\"ledger_intact\":%s",
                          vigil_report_is_ledger_intact (report) ? "true" : "false");
  g_string_append (details, ",\"pdf_sha256\":");
  if (pdf_sha256)
    vigil_json_write_string (details, pdf_sha256);
  else
    g_string_append (details, "null");
  g_string_append (details, ",\"prepared_by\":");
  vigil_json_write_string (details, report->generated_by);
  g_string_append (details, ",\"signatories\":[");
  for (guint i = 0; i < report->signatories->len; i++)
    {
      const VigilReportSigner *signer = &g_array_index (report->signatories,
                                                        VigilReportSigner, i);

      g_string_append (details, i > 0 ? ",{\"role\":" : "{\"role\":");
      vigil_json_write_string (details, signer->role);
      g_string_append (details, ",\"name\":");
      if (signer->name)
        vigil_json_write_string (details, signer->name);
      else
        g_string_append (details, "null");
      g_string_append_c (details, '}');
    }
  g_string_append (details, "]}");
  if (!vigil_store_append_event (store, report->generated_by, "report_exported", target,
                                 details->str, error))
    {
      vigil_store_rollback (store);
      return FALSE;
    }
  if (!vigil_store_commit (store, error))
    return FALSE;
  if (out_id)
    *out_id = id;
  return TRUE;

failed:
  vigil_store_set_sql_error (store, error, _("Could not record the report"));
  vigil_store_rollback (store);
  return FALSE;
}

/**
 * vigil_store_record_report_file:
 * @path: the report's file, just written: its PDF when @pdf_sha256 is given, else its JSON
 *
 * What every export does once the report's file is written (`vigilctl report --pdf` and the
 * app alike): records @report as vigil_store_record_report() does, and when it cannot be
 * recorded removes @path, so that no report is left behind that the database it certifies
 * does not know of. @error is the recording's, for the caller to say the file was removed.
 */
gboolean
vigil_store_record_report_file (VigilStore   *store,
                                VigilReport  *report,
                                const char   *path,
                                const char   *pdf_sha256,
                                gint64       *out_id,
                                GError      **error)
{
  g_return_val_if_fail (path != NULL, FALSE);

  if (vigil_store_record_report (store, report, pdf_sha256, out_id, error))
    return TRUE;
  g_unlink (path);
  return FALSE;
}

GListModel *
vigil_store_list_reports (VigilStore  *store,
                          GError     **error)
{
  VigilSql *db;
  g_autoptr(VigilSqlStmt) stmt = NULL;
  g_autoptr(GListStore) list = g_list_store_new (VIGIL_TYPE_REPORT_INFO);
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (store), NULL);
  db = vigil_store_get_sql (store);
  if (vigil_sql_prepare (db,
                         "SELECT r.id, r.generated_at, r.period_start, r.period_end, r.models, "
                         "r.generated_by, coalesce(("
                         "  SELECT group_concat(json_extract(s.value, '$.role') || ': ' || "
                         "    json_extract(s.value, '$.name'), '; ') "
                         "  FROM events e, json_each(e.details, '$.signatories') s "
                         "  WHERE e.target = 'report:' || r.id AND e.action = 'report_exported' "
                         "    AND json_valid(e.details) "
                         "    AND json_extract(s.value, '$.name') IS NOT NULL), r.signed_by), "
                         "r.pdf_sha256, r.ledger_head, r.ledger_records "
                         "FROM reports r ORDER BY r.id DESC", &stmt) != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (store, error, _("Could not read the reports"));
      return NULL;
    }
  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      g_autofree char *at = vigil_sql_column_dup (stmt, 1), *start = vigil_sql_column_dup (stmt, 2);
      g_autofree char *end = vigil_sql_column_dup (stmt, 3), *models = vigil_sql_column_dup (stmt, 4);
      g_autofree char *by = vigil_sql_column_dup (stmt, 5), *signatories = vigil_sql_column_dup (stmt, 6);
      g_autofree char *sha = vigil_sql_column_dup (stmt, 7), *head = vigil_sql_column_dup (stmt, 8);
      g_autoptr(VigilReportInfo) info =
        vigil_report_info_new (vigil_sql_column_int64 (stmt, 0), at, start, end, models, by,
                               signatories, sha, head, vigil_sql_column_int64 (stmt, 9));

      g_list_store_append (list, info);
    }
  if (rc != VIGIL_SQL_DONE)
    {
      vigil_store_set_sql_error (store, error, _("Could not read the reports"));
      return NULL;
    }
  return G_LIST_MODEL (g_steal_pointer (&list));
}
