/* vigil-store-alerts.c: storing and reading alerts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-store"

#include "config.h"

#include <inttypes.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "vigil-alert-private.h"
#include "vigil-decision-private.h"
#include "vigil-json.h"
#include "vigil-json-parser.h"
#include "vigil-ledger.h"
#include "vigil-sha256.h"
#include "vigil-store-internal.h"

#define ALERT_COLUMNS                                                                    \
  "id, timestamp, alert_type, severity, description, model_name, acknowledged, "         \
  "acknowledged_by, subject, window_start, window_end, baseline_start, observed, baseline, " \
  "threshold, n_recent, n_baseline, p_value, acknowledged_at, ack_note, record_hash, raised_at"

static gint64
column_count (VigilSqlStmt *stmt,
              int           i)
{
  return vigil_sql_column_type (stmt, i) == VIGIL_SQL_NULL ? -1 : vigil_sql_column_int64 (stmt, i);
}

static VigilAlert *
alert_from_stmt (VigilSqlStmt *stmt)
{
  VigilAlert *alert = g_object_new (VIGIL_TYPE_ALERT, NULL);
  VigilAlertFields *f = vigil_alert_get_fields (alert);

  f->id = vigil_sql_column_int64 (stmt, 0);
  f->timestamp = g_strdup (vigil_sql_column_text (stmt, 1));
  f->alert_type = g_strdup (vigil_sql_column_text (stmt, 2));
  f->severity = g_strdup (vigil_sql_column_text (stmt, 3));
  f->description = g_strdup (vigil_sql_column_text (stmt, 4));
  f->model_name = g_strdup (vigil_sql_column_text (stmt, 5));
  f->acknowledged = vigil_sql_column_int (stmt, 6) != 0;
  f->acknowledged_by = g_strdup (vigil_sql_column_text (stmt, 7));
  f->subject = g_strdup (vigil_sql_column_text (stmt, 8));
  f->window_start = g_strdup (vigil_sql_column_text (stmt, 9));
  f->window_end = g_strdup (vigil_sql_column_text (stmt, 10));
  f->baseline_start = g_strdup (vigil_sql_column_text (stmt, 11));
  f->observed = vigil_sql_column_double_or_nan (stmt, 12);
  f->baseline = vigil_sql_column_double_or_nan (stmt, 13);
  f->threshold = vigil_sql_column_double_or_nan (stmt, 14);
  f->n_recent = column_count (stmt, 15);
  f->n_baseline = column_count (stmt, 16);
  f->p_value = vigil_sql_column_double_or_nan (stmt, 17);
  f->acknowledged_at = g_strdup (vigil_sql_column_text (stmt, 18));
  f->ack_note = g_strdup (vigil_sql_column_text (stmt, 19));
  f->record_hash = g_strdup (vigil_sql_column_text (stmt, 20));
  f->raised_at = g_strdup (vigil_sql_column_text (stmt, 21));
  return alert;
}

/* NAN is how the service says "no value"; SQL says NULL. */
void
vigil_store_bind_real_or_null (VigilSqlStmt *stmt,
                               int           index,
                               double        value)
{
  if (isnan (value))
    vigil_sql_bind_null (stmt, index);
  else
    vigil_sql_bind_double (stmt, index, value);
}

static void
put_real_or_null (GString *out,
                  double   value)
{
  if (isnan (value))
    vigil_ledger_put_null (out);
  else
    vigil_ledger_put_real (out, value);
}

static void
put_count_or_null (GString *out,
                   gint64   value)
{
  if (value < 0)
    vigil_ledger_put_null (out);
  else
    vigil_ledger_put_int (out, value);
}

/* The alert of one model, check, subject and window: alerts_unique */
#define ALERT_KEY_MATCHES \
  "WHERE ifnull(model_name, '') = ifnull(?1, '') AND alert_type = ?2 " \
  "AND ifnull(subject, '') = ifnull(?3, '') AND ifnull(window_start, '') = ifnull(?4, '') " \
  "AND ifnull(window_end, '') = ifnull(?5, '')"

/* An alert's row as it is chained and stored: its times in the one timestamp format */
typedef struct
{
  VigilSeverity severity;
  char          timestamp[VIGIL_TIMESTAMP_LEN];
  char          raised_at[VIGIL_TIMESTAMP_LEN];
  char          window_start[VIGIL_TIMESTAMP_LEN];
  char          window_end[VIGIL_TIMESTAMP_LEN];
  char          baseline_start[VIGIL_TIMESTAMP_LEN];
  gint64        id;
  char          hash[65];
} AlertRow;

/* Checks that @f describes an alert and puts its times in @row, now where it has none. */
static gboolean
alert_row_check (const VigilAlertFields  *f,
                 AlertRow                *row,
                 GError                 **error)
{
  if (f->alert_type == NULL || *f->alert_type == '\0' || f->description == NULL ||
      !vigil_severity_from_string (f->severity, &row->severity))
    {
      g_set_error_literal (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                           _("An alert needs a type, a severity and a description"));
      return FALSE;
    }
  /* The window is the day of the alert: every period selects alerts by it, and compares it
   * as text, so it is stored in the one timestamp format. */
  if (f->window_start == NULL || f->window_end == NULL)
    {
      g_set_error_literal (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                           _("An alert needs the window it describes, its start and its end"));
      return FALSE;
    }
  if (!vigil_timestamp_normalize (f->window_start, row->window_start, error) ||
      !vigil_timestamp_normalize (f->window_end, row->window_end, error) ||
      (f->baseline_start != NULL &&
       !vigil_timestamp_normalize (f->baseline_start, row->baseline_start, error)))
    return FALSE;
  if (strcmp (row->window_start, row->window_end) >= 0)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("An alert’s window must end after it starts (%s to %s)"),
                   row->window_start, row->window_end);
      return FALSE;
    }
  if (f->timestamp != NULL)
    {
      if (!vigil_timestamp_normalize (f->timestamp, row->timestamp, error))
        return FALSE;
    }
  else
    vigil_timestamp_now (row->timestamp);
  if (f->raised_at != NULL)
    {
      if (!vigil_timestamp_normalize (f->raised_at, row->raised_at, error))
        return FALSE;
    }
  else
    vigil_timestamp_now (row->raised_at);
  return TRUE;
}

/* The row's id and record_hash: the next link of the alerts chain. */
static gboolean
alert_row_link (VigilStore              *self,
                const VigilAlertFields  *f,
                AlertRow                *row,
                GError                 **error)
{
  gint64 last_id;
  char prev[65];

  if (!vigil_ledger_read_head (self->db, VIGIL_CHAIN_ALERTS, &last_id, prev, error))
    return FALSE;
  row->id = last_id + 1;

  g_string_truncate (self->fields, 0);
  vigil_ledger_put_int (self->fields, row->id);
  vigil_ledger_put_text (self->fields, row->timestamp);
  vigil_ledger_put_text (self->fields, f->alert_type);
  vigil_ledger_put_text (self->fields, vigil_severity_to_string (row->severity));
  vigil_ledger_put_text (self->fields, f->description);
  vigil_ledger_put_text (self->fields, f->model_name);
  vigil_ledger_put_text (self->fields, f->subject);
  vigil_ledger_put_text (self->fields, row->window_start);
  vigil_ledger_put_text (self->fields, row->window_end);
  vigil_ledger_put_text (self->fields, f->baseline_start ? row->baseline_start : NULL);
  put_real_or_null (self->fields, f->observed);
  put_real_or_null (self->fields, f->baseline);
  put_real_or_null (self->fields, f->threshold);
  put_count_or_null (self->fields, f->n_recent);
  put_count_or_null (self->fields, f->n_baseline);
  put_real_or_null (self->fields, f->p_value);
  vigil_ledger_link (prev, self->fields->str, self->fields->len, row->hash);
  return TRUE;
}

/* Inserts the row unless the same alert is stored. Returns the rows inserted, 0 or 1, or -1
 * with @error. */
static gint64
alert_row_insert (VigilStore              *self,
                  const VigilAlertFields  *f,
                  const AlertRow          *row,
                  GError                 **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;

  if (vigil_sql_prepare (self->db,
                         "INSERT INTO alerts (id, timestamp, alert_type, severity, description, "
                         "model_name, subject, window_start, window_end, baseline_start, observed, "
                         "baseline, threshold, n_recent, n_baseline, p_value, record_hash, "
                         "raised_at) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                         "ON CONFLICT DO NOTHING", &stmt) != VIGIL_SQL_OK)
    goto fail;

  vigil_sql_bind_int64 (stmt, 1, row->id);
  vigil_sql_bind_text (stmt, 2, row->timestamp, -1);
  vigil_sql_bind_text (stmt, 3, f->alert_type, -1);
  vigil_sql_bind_text (stmt, 4, vigil_severity_to_string (row->severity), -1);
  vigil_sql_bind_text (stmt, 5, f->description, -1);
  vigil_sql_bind_text (stmt, 6, f->model_name, -1);
  vigil_sql_bind_text (stmt, 7, f->subject, -1);
  vigil_sql_bind_text (stmt, 8, row->window_start, -1);
  vigil_sql_bind_text (stmt, 9, row->window_end, -1);
  vigil_sql_bind_text (stmt, 10, f->baseline_start ? row->baseline_start : NULL, -1);
  vigil_store_bind_real_or_null (stmt, 11, f->observed);
  vigil_store_bind_real_or_null (stmt, 12, f->baseline);
  vigil_store_bind_real_or_null (stmt, 13, f->threshold);
  if (f->n_recent >= 0)
    vigil_sql_bind_int64 (stmt, 14, f->n_recent);
  if (f->n_baseline >= 0)
    vigil_sql_bind_int64 (stmt, 15, f->n_baseline);
  vigil_store_bind_real_or_null (stmt, 16, f->p_value);
  vigil_sql_bind_text (stmt, 17, row->hash, 64);
  vigil_sql_bind_text (stmt, 18, row->raised_at, -1);

  if (vigil_sql_step (stmt) != VIGIL_SQL_DONE)
    goto fail;
  return vigil_sql_changes (self->db);

fail:
  vigil_store_set_sql_error (self, error, _("Could not store the alert"));
  return -1;
}

/* The same alert was stored already: @f takes its id, times and record_hash. FALSE with
 * @error when it cannot be read. */
static gboolean
adopt_stored_alert (VigilStore        *self,
                    VigilAlertFields  *f,
                    const AlertRow    *row,
                    GError           **error)
{
  g_autoptr(VigilSqlStmt) existing = NULL;

  if (vigil_sql_prepare (self->db,
                         "SELECT id, timestamp, record_hash, raised_at FROM alerts "
                         ALERT_KEY_MATCHES, &existing) != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (self, error, _("Could not store the alert"));
      return FALSE;
    }
  vigil_sql_bind_text (existing, 1, f->model_name, -1);
  vigil_sql_bind_text (existing, 2, f->alert_type, -1);
  vigil_sql_bind_text (existing, 3, f->subject, -1);
  vigil_sql_bind_text (existing, 4, row->window_start, -1);
  vigil_sql_bind_text (existing, 5, row->window_end, -1);
  if (vigil_sql_step (existing) == VIGIL_SQL_ROW)
    {
      f->id = vigil_sql_column_int64 (existing, 0);
      g_free (f->timestamp);
      f->timestamp = g_strdup (vigil_sql_column_text (existing, 1));
      g_free (f->record_hash);
      f->record_hash = g_strdup (vigil_sql_column_text (existing, 2));
      g_free (f->raised_at);
      f->raised_at = g_strdup (vigil_sql_column_text (existing, 3));
    }
  return TRUE;
}

/* The row was inserted: @f takes its id, its times as stored and its record_hash. */
static void
adopt_inserted_alert (VigilAlertFields *f,
                      const AlertRow   *row)
{
  f->id = row->id;
  g_free (f->window_start);
  f->window_start = g_strdup (row->window_start);
  g_free (f->window_end);
  f->window_end = g_strdup (row->window_end);
  if (f->baseline_start != NULL)
    {
      g_free (f->baseline_start);
      f->baseline_start = g_strdup (row->baseline_start);
    }
  g_free (f->timestamp);
  f->timestamp = g_strdup (row->timestamp);
  g_free (f->record_hash);
  f->record_hash = g_strdup (row->hash);
  g_free (f->raised_at);
  f->raised_at = g_strdup (row->raised_at);
}

/* Inside a write transaction: appends @alert to the alerts chain unless the same alert (model,
 * type, subject, window) is there already, in which case @alert gets the stored one's id. */
gboolean
vigil_store_insert_alert (VigilStore  *self,
                          VigilAlert  *alert,
                          gboolean    *out_inserted,
                          GError     **error)
{
  VigilAlertFields *f = vigil_alert_get_fields (alert);
  AlertRow row;
  gint64 inserted;

  if (!alert_row_check (f, &row, error) || !alert_row_link (self, f, &row, error))
    return FALSE;

  inserted = alert_row_insert (self, f, &row, error);
  if (inserted < 0 || (inserted == 0 && !adopt_stored_alert (self, f, &row, error)))
    return FALSE;
  if (inserted > 0)
    adopt_inserted_alert (f, &row);
  if (out_inserted)
    *out_inserted = inserted > 0;
  return TRUE;
}

/**
 * vigil_store_alert_is_stored:
 * @out_stored: (out): whether an alert of the same model, check, subject and window is stored
 *
 * Tells, without writing, whether vigil_store_add_alert() would find @alert stored already:
 * what a dry run of the checks reports.
 */
gboolean
vigil_store_alert_is_stored (VigilStore  *self,
                             VigilAlert  *alert,
                             gboolean    *out_stored,
                             GError     **error)
{
  VigilAlertFields *f = vigil_alert_get_fields (alert);
  g_autoptr(VigilSqlStmt) stmt = NULL;
  char window_start[VIGIL_TIMESTAMP_LEN], window_end[VIGIL_TIMESTAMP_LEN];
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_ALERT (alert), FALSE);

  *out_stored = FALSE;
  if (f->alert_type == NULL || f->window_start == NULL || f->window_end == NULL)
    return TRUE;
  if (!vigil_timestamp_normalize (f->window_start, window_start, error) ||
      !vigil_timestamp_normalize (f->window_end, window_end, error))
    return FALSE;
  if (vigil_sql_prepare (self->db, "SELECT 1 FROM alerts " ALERT_KEY_MATCHES, &stmt) != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (self, error, _("Could not read the alerts"));
      return FALSE;
    }
  vigil_sql_bind_text (stmt, 1, f->model_name, -1);
  vigil_sql_bind_text (stmt, 2, f->alert_type, -1);
  vigil_sql_bind_text (stmt, 3, f->subject, -1);
  vigil_sql_bind_text (stmt, 4, window_start, -1);
  vigil_sql_bind_text (stmt, 5, window_end, -1);
  rc = vigil_sql_step (stmt);
  if (rc != VIGIL_SQL_ROW && rc != VIGIL_SQL_DONE)
    {
      vigil_store_set_sql_error (self, error, _("Could not read the alerts"));
      return FALSE;
    }
  *out_stored = rc == VIGIL_SQL_ROW;
  return TRUE;
}

/**
 * vigil_store_add_alert:
 * @out_inserted: (out) (optional): %FALSE when the same alert (model, type, subject, window)
 *   was stored before, in which case nothing is written and @alert takes the stored one's id
 *
 * Stores an alert in the alerts chain. On success the alert has its id and record_hash.
 */
gboolean
vigil_store_add_alert (VigilStore  *self,
                       VigilAlert  *alert,
                       gboolean    *out_inserted,
                       GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_ALERT (alert), FALSE);

  if (!vigil_store_begin_write (self, error))
    return FALSE;
  if (!vigil_store_insert_alert (self, alert, out_inserted, error))
    {
      vigil_store_rollback (self);
      return FALSE;
    }
  return vigil_store_commit (self, error);
}

/**
 * vigil_store_query_alerts:
 *
 * Reads the alerts whose window overlaps the query's range (the day of an alert is the window
 * it describes, not when it was raised).
 *
 * Returns: (transfer full): a list of #VigilAlert, the latest window first
 */
GListModel *
vigil_store_query_alerts (VigilStore       *self,
                          VigilAlertQuery  *query,
                          GError          **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT " ALERT_COLUMNS " FROM alerts");
  g_autoptr(VigilSqlStmt) stmt = NULL;
  g_autoptr(GListStore) list = NULL;
  const char *binds[4];
  guint n_binds = 0;
  const char *sep = " WHERE ";
  VigilSeverity severity;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

#define COND(fragment) G_STMT_START { g_string_append (sql, sep); g_string_append (sql, fragment); \
                                      sep = " AND "; } G_STMT_END
  if (vigil_alert_query_get_model (query))
    {
      COND ("model_name = ?");
      binds[n_binds++] = vigil_alert_query_get_model (query);
    }
  if (vigil_alert_query_get_severity (query, &severity))
    {
      COND ("severity = ?");
      binds[n_binds++] = vigil_severity_to_string (severity);
    }
  /* An alert belongs to a period when the window it describes overlaps it. */
  if (vigil_alert_query_get_from (query))
    {
      COND ("window_end > ?");
      binds[n_binds++] = vigil_alert_query_get_from (query);
    }
  if (vigil_alert_query_get_to (query))
    {
      COND ("window_start < ?");
      binds[n_binds++] = vigil_alert_query_get_to (query);
    }
  if (vigil_alert_query_get_unacknowledged (query))
    COND ("acknowledged = 0");
#undef COND
  g_string_append (sql, " ORDER BY window_end DESC, id DESC LIMIT ?");

  if (vigil_sql_prepare (self->db, sql->str, &stmt) != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (self, error, _("Could not read alerts"));
      return NULL;
    }
  for (guint i = 0; i < n_binds; i++)
    vigil_sql_bind_text_copy (stmt, (int) i + 1, binds[i], -1);
  vigil_sql_bind_int64 (stmt, (int) n_binds + 1,
                        vigil_sql_limit (vigil_alert_query_get_limit (query)));

  list = g_list_store_new (VIGIL_TYPE_ALERT);
  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      g_autoptr(VigilAlert) alert = alert_from_stmt (stmt);
      g_list_store_append (list, alert);
    }
  if (rc != VIGIL_SQL_DONE)
    {
      vigil_store_set_sql_error (self, error, _("Could not read alerts"));
      return NULL;
    }
  return G_LIST_MODEL (g_steal_pointer (&list));
}

VigilAlert *
vigil_store_get_alert (VigilStore  *self,
                       gint64       id,
                       GError     **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  if (vigil_sql_prepare (self->db, "SELECT " ALERT_COLUMNS " FROM alerts WHERE id = ?",
                                   &stmt) != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (self, error, _("Could not read the alert"));
      return NULL;
    }
  vigil_sql_bind_int64 (stmt, 1, id);
  rc = vigil_sql_step (stmt);
  if (rc == VIGIL_SQL_ROW)
    return alert_from_stmt (stmt);
  if (rc == VIGIL_SQL_DONE)
    g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_NOT_FOUND,
                 _("There is no alert %" PRId64), id);
  else
    vigil_store_set_sql_error (self, error, _("Could not read the alert"));
  return NULL;
}

/**
 * vigil_store_count_check_runs:
 * @from: the period's first instant (a timestamp)
 * @to: the instant after its end
 *
 * Counts the check outcomes recorded for the period: each check of a run as of an instant in
 * it, or whose window reaches into it. None means no check has looked at the period yet, so
 * that "no alert" does not mean "nothing found".
 *
 * Returns: the count, or -1 with @error set
 */
gint64
vigil_store_count_check_runs (VigilStore  *self,
                              const char  *from,
                              const char  *to,
                              GError     **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;

  g_return_val_if_fail (VIGIL_IS_STORE (self), -1);
  g_return_val_if_fail (from != NULL && to != NULL, -1);

  if (vigil_sql_prepare (self->db, "SELECT count(*) FROM check_results "
                                   "WHERE as_of >= ? AND window_start < ?", &stmt) != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (self, error, _("Could not read the checks that ran"));
      return -1;
    }
  vigil_sql_bind_text (stmt, 1, from, -1);
  vigil_sql_bind_text (stmt, 2, to, -1);
  if (vigil_sql_step (stmt) != VIGIL_SQL_ROW)
    {
      vigil_store_set_sql_error (self, error, _("Could not read the checks that ran"));
      return -1;
    }
  return vigil_sql_column_int64 (stmt, 0);
}
