/* vigil-store-decisions.c: reading decisions, their events, the models and summaries
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

/* The SQL is assembled from constant fragments only; every value is bound. */
typedef struct
{
  const char *timestamp;
  gint64      id;
  gboolean    backwards;
} Keyset;

static VigilSqlStmt *
prepare_decisions (VigilStore          *self,
                   VigilDecisionQuery  *query,
                   gboolean             count_only,
                   const Keyset        *keyset,
                   GError             **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  const char *binds[6];
  guint n_binds = 0;
  gboolean newest_first = vigil_decision_query_get_newest_first (query);
  gboolean descending = newest_first;
  const char *sep = " WHERE ";
  VigilReviewStatus status;
  VigilSqlStmt *stmt = NULL;

  g_string_append (sql, count_only ? "SELECT count(*) FROM decisions"
                                   : "SELECT " VIGIL_DECISION_COLUMNS " FROM decisions");

#define COND(fragment) G_STMT_START { g_string_append (sql, sep); g_string_append (sql, fragment); \
                                      sep = " AND "; } G_STMT_END
  if (vigil_decision_query_get_model (query))
    {
      COND ("model_name = ?");
      binds[n_binds++] = vigil_decision_query_get_model (query);
    }
  if (vigil_decision_query_get_from (query))
    {
      COND ("timestamp >= ?");
      binds[n_binds++] = vigil_decision_query_get_from (query);
    }
  if (vigil_decision_query_get_to (query))
    {
      COND ("timestamp < ?");
      binds[n_binds++] = vigil_decision_query_get_to (query);
    }
  if (vigil_decision_query_get_review_status (query, &status))
    {
      COND ("review_status = ?");
      binds[n_binds++] = vigil_review_status_to_string (status);
    }
  if (vigil_decision_query_get_flagged (query))
    COND ("anomaly_flag = 1");
  /* Keyset pagination: the rows after (timestamp, id) in the query's order, or before it. The
   * range on timestamp alone lets SQLite walk the index from there. */
  if (keyset != NULL && newest_first)
    {
      if (keyset->backwards)
        COND ("timestamp >= ? AND (timestamp > ? OR id > ?)");
      else
        COND ("timestamp <= ? AND (timestamp < ? OR id < ?)");
      binds[n_binds++] = keyset->timestamp;
      binds[n_binds++] = keyset->timestamp;
    }
  else if (keyset != NULL)
    COND (keyset->backwards ? "id < ?" : "id > ?");
#undef COND

  if (keyset != NULL && keyset->backwards)
    descending = !descending;
  if (!count_only)
    {
      if (newest_first)
        g_string_append (sql, descending ? " ORDER BY timestamp DESC, id DESC"
                                         : " ORDER BY timestamp, id");
      else
        g_string_append (sql, descending ? " ORDER BY id DESC" : " ORDER BY id");
      g_string_append (sql, " LIMIT ? OFFSET ?");
    }

  if (vigil_sql_prepare (self->db, sql->str, &stmt) != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (self, error, _("Could not read decisions"));
      return NULL;
    }
  for (guint i = 0; i < n_binds; i++)
    vigil_sql_bind_text_copy (stmt, (int) i + 1, binds[i], -1);
  if (keyset != NULL)
    vigil_sql_bind_int64 (stmt, (int) ++n_binds, keyset->id);
  if (!count_only)
    {
      vigil_sql_bind_int64 (stmt, (int) n_binds + 1,
                            vigil_sql_limit (vigil_decision_query_get_limit (query)));
      vigil_sql_bind_int64 (stmt, (int) n_binds + 2,
                            keyset != NULL ? 0 : vigil_decision_query_get_offset (query));
    }
  return stmt;
}

VigilSqlStmt *
vigil_store_prepare_decisions (VigilStore          *self,
                               VigilDecisionQuery  *query,
                               gboolean             count_only,
                               GError             **error)
{
  return prepare_decisions (self, query, count_only, NULL, error);
}

/**
 * vigil_store_query_decisions:
 *
 * Returns: (transfer full): a list of #VigilDecision; use a limit, or a cursor for large reads
 */
static GListModel *
read_decisions (VigilStore    *self,
                VigilSqlStmt  *stmt,
                gboolean       reverse,
                GError       **error)
{
  g_autoptr(GListStore) list = NULL;
  g_autoptr(GPtrArray) items = NULL;
  int rc;

  items = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      VigilRecord record;

      vigil_decision_cursor_read_row (stmt, &record);
      g_ptr_array_add (items, vigil_decision_new_from_record (&record));
    }
  if (rc != VIGIL_SQL_DONE)
    {
      vigil_store_set_sql_error (self, error, _("Could not read decisions"));
      return NULL;
    }

  for (guint i = 0; reverse && i < items->len / 2; i++)
    {
      gpointer swap = items->pdata[i];

      items->pdata[i] = items->pdata[items->len - 1 - i];
      items->pdata[items->len - 1 - i] = swap;
    }

  list = g_list_store_new (VIGIL_TYPE_DECISION);
  g_list_store_splice (list, 0, 0, items->pdata, items->len);
  return G_LIST_MODEL (g_steal_pointer (&list));
}

GListModel *
vigil_store_query_decisions (VigilStore          *self,
                             VigilDecisionQuery  *query,
                             GError             **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  stmt = vigil_store_prepare_decisions (self, query, FALSE, error);
  if (stmt == NULL)
    return NULL;
  return read_decisions (self, stmt, FALSE, error);
}

/**
 * vigil_store_count_decisions:
 *
 * Returns: how many decisions match @query (ignoring its limit), or -1 on error
 */
gint64
vigil_store_count_decisions (VigilStore          *self,
                             VigilDecisionQuery  *query,
                             GError             **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;

  g_return_val_if_fail (VIGIL_IS_STORE (self), -1);

  stmt = vigil_store_prepare_decisions (self, query, TRUE, error);
  if (stmt == NULL)
    return -1;
  if (vigil_sql_step (stmt) != VIGIL_SQL_ROW)
    {
      vigil_store_set_sql_error (self, error, _("Could not count decisions"));
      return -1;
    }
  return vigil_sql_column_int64 (stmt, 0);
}

static void
set_sql_error (gpointer     store,
               GError     **error,
               const char  *what)
{
  vigil_store_set_sql_error (store, error, what);
}

/**
 * vigil_store_open_cursor:
 *
 * Returns: (transfer full): a cursor over the decisions of @query, read as it advances
 */
VigilDecisionCursor *
vigil_store_open_cursor (VigilStore          *self,
                         VigilDecisionQuery  *query,
                         GError             **error)
{
  VigilSqlStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  stmt = vigil_store_prepare_decisions (self, query, FALSE, error);
  if (stmt == NULL)
    return NULL;
  return vigil_decision_cursor_new (G_OBJECT (self), stmt, set_sql_error);
}

/**
 * vigil_store_get_decision:
 *
 * Returns: (transfer full): the decision with @id, or %NULL with %VIGIL_STORE_ERROR_NOT_FOUND
 */
VigilDecision *
vigil_store_get_decision (VigilStore  *self,
                          gint64       id,
                          GError     **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  VigilRecord record;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  if (vigil_sql_prepare (self->db, "SELECT " VIGIL_DECISION_COLUMNS " FROM decisions WHERE id = ?",
                                   &stmt) != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (self, error, _("Could not read the decision"));
      return NULL;
    }
  vigil_sql_bind_int64 (stmt, 1, id);
  rc = vigil_sql_step (stmt);
  if (rc == VIGIL_SQL_DONE)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_NOT_FOUND,
                   _("There is no decision %" PRId64), id);
      return NULL;
    }
  if (rc != VIGIL_SQL_ROW)
    {
      vigil_store_set_sql_error (self, error, _("Could not read the decision"));
      return NULL;
    }
  vigil_decision_cursor_read_row (stmt, &record);
  return vigil_decision_new_from_record (&record);
}

/**
 * vigil_store_query_decisions_from:
 * @query: the filters, order and limit (its offset is ignored)
 * @timestamp: (nullable): the timestamp of the decision to continue from, for a query newest
 *   first
 * @id: the id of that decision
 * @backwards: %TRUE for the decisions just before it in the query's order
 *
 * Keyset pagination: reads the next (or previous) page of @query next to a decision already
 * read, through the index, however deep in the list it is. The decision itself is left out.
 *
 * Returns: (transfer full): a list of #VigilDecision, in the query's order
 */
GListModel *
vigil_store_query_decisions_from (VigilStore          *self,
                                  VigilDecisionQuery  *query,
                                  const char          *timestamp,
                                  gint64               id,
                                  gboolean             backwards,
                                  GError             **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  Keyset keyset = { timestamp, id, backwards };

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (vigil_decision_query_get_newest_first (query) && timestamp == NULL)
    {
      g_set_error_literal (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                           _("Continuing a list of decisions newest first needs a timestamp"));
      return NULL;
    }
  stmt = prepare_decisions (self, query, FALSE, &keyset, error);
  if (stmt == NULL)
    return NULL;
  return read_decisions (self, stmt, backwards, error);
}

/**
 * vigil_decision_event_free:
 *
 * Frees an event read by vigil_store_list_decision_events().
 */
void
vigil_decision_event_free (VigilDecisionEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->timestamp);
  g_free (event->actor);
  g_free (event->action);
  g_free (event->status);
  g_free (event->previous_status);
  g_free (event->notes);
  g_free (event->details);
  g_free (event);
}

/**
 * vigil_store_list_decision_events:
 *
 * The people's actions on a decision (reviews, outcomes), oldest first, as the events
 * table records them.
 *
 * Returns: (transfer full) (element-type VigilDecisionEvent): the events, or %NULL with
 *   @error set
 */
GPtrArray *
vigil_store_list_decision_events (VigilStore  *self,
                                  gint64       decision_id,
                                  GError     **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *target = NULL;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  if (vigil_sql_prepare (self->db,
                         "SELECT id, timestamp, actor, action, "
                         "json_extract(details, '$.status'), "
                         "json_extract(details, '$.previous_status'), "
                         "coalesce(json_extract(details, '$.notes'), "
                         "json_extract(details, '$.note')), details "
                         "FROM events WHERE target = ? ORDER BY id", &stmt) != VIGIL_SQL_OK)
    goto fail;
  target = g_strdup_printf ("decision:%" PRId64, decision_id);
  vigil_sql_bind_text (stmt, 1, target, -1);

  events = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_decision_event_free);
  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      VigilDecisionEvent *event = g_new0 (VigilDecisionEvent, 1);

      event->id = vigil_sql_column_int64 (stmt, 0);
      event->timestamp = vigil_sql_column_dup (stmt, 1);
      event->actor = vigil_sql_column_dup (stmt, 2);
      event->action = vigil_sql_column_dup (stmt, 3);
      event->status = vigil_sql_column_dup (stmt, 4);
      event->previous_status = vigil_sql_column_dup (stmt, 5);
      event->notes = vigil_sql_column_dup (stmt, 6);
      event->details = vigil_sql_column_dup (stmt, 7);
      g_ptr_array_add (events, event);
    }
  if (rc != VIGIL_SQL_DONE)
    goto fail;
  return g_steal_pointer (&events);

fail:
  vigil_store_set_sql_error (self, error, _("Could not read the decision’s history"));
  return NULL;
}

/**
 * vigil_store_list_models:
 *
 * Returns: (transfer full): a list of #VigilModelInfo, by name
 */
GListModel *
vigil_store_list_models (VigilStore  *self,
                         GError     **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  g_autoptr(GListStore) list = g_list_store_new (VIGIL_TYPE_MODEL_INFO);
  /* Desks are a server's: SQLite's models table has no such column */
  gboolean desks = vigil_sql_get_engine (self->db) == VIGIL_SQL_POSTGRESQL;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  if (vigil_sql_prepare (self->db,
                         desks ? "SELECT name, decisions, first_timestamp, last_timestamp, desk "
                                 "FROM models ORDER BY name"
                               : "SELECT name, decisions, first_timestamp, last_timestamp "
                                 "FROM models ORDER BY name", &stmt) != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (self, error, _("Could not list the models"));
      return NULL;
    }
  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      g_autoptr(VigilModelInfo) info =
        vigil_model_info_new (vigil_sql_column_text (stmt, 0), vigil_sql_column_int64 (stmt, 1),
                              vigil_sql_column_text (stmt, 2), vigil_sql_column_text (stmt, 3));
      if (desks)
        vigil_model_info_set_desk (info, vigil_sql_column_text (stmt, 4));
      g_list_store_append (list, info);
    }
  if (rc != VIGIL_SQL_DONE)
    {
      vigil_store_set_sql_error (self, error, _("Could not list the models"));
      return NULL;
    }
  return G_LIST_MODEL (g_steal_pointer (&list));
}

static double
span_days (const char *from,
           const char *to)
{
  gint64 a, b;

  if (from == NULL || to == NULL || !vigil_timestamp_parse (from, &a, NULL) ||
      !vigil_timestamp_parse (to, &b, NULL) || b <= a)
    return 1.0;
  return (double) (b - a) / (double) G_TIME_SPAN_DAY;
}

/* Whether @timestamp (normalized, or "" for none) is a bound the daily roll-ups can take */
static gboolean
is_day_bound (const char *timestamp)
{
  return timestamp[0] == '\0' || strcmp (timestamp + 10, "T00:00:00.000000") == 0;
}

/* The decisions' part of a summary of whole days, from the daily roll-ups and the partial
 * indexes of reviewed and flagged decisions, without reading the period's rows: the totals
 * and the confidence from daily_predictions; every decision is logged pending, so the pending
 * are those not reviewed. FALSE with @error when they cannot be read. */
static gboolean
summarize_days (VigilStore    *self,
                VigilSummary  *summary,
                const char    *model_name,
                const char    *f,
                const char    *t,
                char           first[VIGIL_TIMESTAMP_LEN],
                char           last[VIGIL_TIMESTAMP_LEN],
                GError       **error)
{
  g_autoptr(GString) days = g_string_new ("WHERE TRUE");
  g_autoptr(GString) rows = g_string_new ("WHERE TRUE");
  g_autoptr(GPtrArray) sql = g_ptr_array_new_with_free_func (g_free);
  char day_from[11] = "", day_to[11] = "";

  /* Fixed fragments only; every value is bound: ?1 model, ?2 from, ?3 to */
  if (model_name)
    {
      g_string_append (days, " AND model_name = ?1");
      g_string_append (rows, " AND model_name = ?1");
    }
  if (f[0])
    {
      g_strlcpy (day_from, f, sizeof day_from);
      g_string_append (days, " AND day >= ?2");
      g_string_append (rows, " AND timestamp >= ?2");
    }
  if (t[0])
    {
      g_strlcpy (day_to, t, sizeof day_to);
      g_string_append (days, " AND day < ?3");
      g_string_append (rows, " AND timestamp < ?3");
    }
  g_ptr_array_add (sql, g_strconcat ("SELECT total(n), total(sum_confidence), "
                                     "total(n_confidence) FROM daily_predictions ", days->str,
                                     NULL));
  /* The partial indexes hold only the reviewed and the flagged; the planner, which cannot
   * tell how few they are, would read the covering index's whole range */
  g_ptr_array_add (sql, g_strconcat ("SELECT count(*) FROM decisions INDEXED BY "
                                     "decisions_reviewed ", rows->str, " AND review_status IS "
                                     "NOT NULL AND review_status != 'pending'", NULL));
  g_ptr_array_add (sql, g_strconcat ("SELECT count(*) FROM decisions INDEXED BY "
                                     "decisions_flagged ", rows->str, " AND anomaly_flag = 1",
                                     NULL));
  /* Apart, each is one step down the time index; together they would read the whole range */
  g_ptr_array_add (sql, g_strconcat ("SELECT (SELECT min(timestamp) FROM decisions ",
                                     rows->str, "), (SELECT max(timestamp) FROM decisions ",
                                     rows->str, ")", NULL));

  for (guint i = 0; i < sql->len; i++)
    {
      g_autoptr(VigilSqlStmt) stmt = NULL;

      if (vigil_sql_prepare (self->db, sql->pdata[i], &stmt) != VIGIL_SQL_OK)
        goto fail;
      if (model_name)
        vigil_sql_bind_text (stmt, 1, model_name, -1);
      if (f[0])
        vigil_sql_bind_text (stmt, 2, i == 0 ? day_from : f, -1);
      if (t[0])
        vigil_sql_bind_text (stmt, 3, i == 0 ? day_to : t, -1);
      if (vigil_sql_step (stmt) != VIGIL_SQL_ROW)
        goto fail;
      switch (i)
        {
        case 0:
          summary->total_decisions = (gint64) vigil_sql_column_double (stmt, 0);
          summary->mean_confidence = vigil_sql_column_double (stmt, 2) > 0
                                     ? vigil_sql_column_double (stmt, 1) /
                                       vigil_sql_column_double (stmt, 2)
                                     : NAN;
          break;
        case 1:
          summary->reviewed = vigil_sql_column_int64 (stmt, 0);
          break;
        case 2:
          summary->flagged = vigil_sql_column_int64 (stmt, 0);
          break;
        default:
          if (vigil_sql_column_text (stmt, 0))
            g_strlcpy (first, vigil_sql_column_text (stmt, 0), VIGIL_TIMESTAMP_LEN);
          if (vigil_sql_column_text (stmt, 1))
            g_strlcpy (last, vigil_sql_column_text (stmt, 1), VIGIL_TIMESTAMP_LEN);
          break;
        }
    }
  summary->pending_reviews = summary->total_decisions - summary->reviewed;
  return TRUE;

fail:
  vigil_store_set_sql_error (self, error, _("Could not summarize the period"));
  return FALSE;
}

/**
 * vigil_store_summarize:
 * @model_name: (nullable): one model, or %NULL for all
 * @from: (nullable): start of the period (included); the first decision when %NULL
 * @to: (nullable): end of the period (excluded); just after the last decision when %NULL
 *
 * Returns: (transfer full): the summary numbers of the period
 */
VigilSummary *
vigil_store_summarize (VigilStore  *self,
                       const char  *model_name,
                       const char  *from,
                       const char  *to,
                       GError     **error)
{
  g_autoptr(VigilSummary) summary = g_new0 (VigilSummary, 1);
  g_autoptr(VigilSqlStmt) decisions = NULL;
  g_autoptr(VigilSqlStmt) alerts = NULL;
  g_autoptr(GString) where = g_string_new (NULL);
  g_autofree char *decisions_sql = NULL;
  g_autofree char *alerts_sql = NULL;
  char f[VIGIL_TIMESTAMP_LEN] = "", t[VIGIL_TIMESTAMP_LEN] = "";
  char first[VIGIL_TIMESTAMP_LEN] = "", last[VIGIL_TIMESTAMP_LEN] = "";
  gboolean whole_days;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  if ((from && !vigil_timestamp_normalize (from, f, error)) ||
      (to && !vigil_timestamp_normalize (to, t, error)))
    return NULL;
  /* Whole days, as the CLI, the dashboard and the reports ask: from the roll-ups */
  whole_days = is_day_bound (f) && is_day_bound (t);
  if (whole_days && !summarize_days (self, summary, model_name, f, t, first, last, error))
    return NULL;

  /* One statement for each combination of bounds, so that each can use an index; the
   * fragments are fixed text, every value is bound: ?1 model, ?2 from, ?3 to. */
  g_string_append (where, "WHERE TRUE");
  if (model_name)
    g_string_append (where, " AND model_name = ?1");
  if (f[0])
    g_string_append (where, " AND timestamp >= ?2");
  if (t[0])
    g_string_append (where, " AND timestamp < ?3");
  decisions_sql = g_strconcat ("SELECT count(*), count(*) FILTER (WHERE review_status = 'pending'), "
                               "count(*) FILTER (WHERE review_status IS NOT NULL "
                               "AND review_status != 'pending'), "
                               "count(*) FILTER (WHERE anomaly_flag = 1), avg(confidence), min(timestamp), "
                               "max(timestamp) FROM decisions ", where->str, NULL);
  /* Alerts belong to the period their window overlaps. */
  g_string_assign (where, "WHERE TRUE");
  if (model_name)
    g_string_append (where, " AND model_name = ?1");
  if (f[0])
    g_string_append (where, " AND window_end > ?2");
  if (t[0])
    g_string_append (where, " AND window_start < ?3");
  alerts_sql = g_strconcat ("SELECT count(*), count(*) FILTER (WHERE severity = 'HIGH'), "
                            "count(*) FILTER (WHERE acknowledged = 0) "
                            "FROM alerts ", where->str, NULL);

  if ((!whole_days && vigil_sql_prepare (self->db, decisions_sql, &decisions) != VIGIL_SQL_OK) ||
      vigil_sql_prepare (self->db, alerts_sql, &alerts) != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (self, error, _("Could not summarize the period"));
      return NULL;
    }

  for (int i = whole_days ? 1 : 0; i < 2; i++)
    {
      VigilSqlStmt *stmt = i == 0 ? decisions : alerts;

      if (model_name)
        vigil_sql_bind_text (stmt, 1, model_name, -1);
      if (f[0])
        vigil_sql_bind_text (stmt, 2, f, -1);
      if (t[0])
        vigil_sql_bind_text (stmt, 3, t, -1);
      if (vigil_sql_step (stmt) != VIGIL_SQL_ROW)
        {
          vigil_store_set_sql_error (self, error, _("Could not summarize the period"));
          return NULL;
        }
    }

  summary->model_name = g_strdup (model_name);
  if (!whole_days)
    {
      summary->total_decisions = vigil_sql_column_int64 (decisions, 0);
      summary->pending_reviews = (gint64) vigil_sql_column_double (decisions, 1);
      summary->reviewed = (gint64) vigil_sql_column_double (decisions, 2);
      summary->flagged = (gint64) vigil_sql_column_double (decisions, 3);
      summary->mean_confidence = vigil_sql_column_double_or_nan (decisions, 4);
      if (vigil_sql_column_text (decisions, 5))
        g_strlcpy (first, vigil_sql_column_text (decisions, 5), sizeof first);
      if (vigil_sql_column_text (decisions, 6))
        g_strlcpy (last, vigil_sql_column_text (decisions, 6), sizeof last);
    }
  summary->alerts = vigil_sql_column_int64 (alerts, 0);
  summary->high_alerts = (gint64) vigil_sql_column_double (alerts, 1);
  summary->unacknowledged_alerts = (gint64) vigil_sql_column_double (alerts, 2);

  summary->from = g_strdup (f[0] ? f : first[0] ? first : NULL);
  if (t[0])
    summary->to = g_strdup (t);
  else if (last[0])
    {
      gint64 usec;
      char after[VIGIL_TIMESTAMP_LEN];

      vigil_timestamp_parse (last, &usec, NULL);
      vigil_timestamp_format (usec + 1, after);
      summary->to = g_strdup (after);
    }
  summary->days = MAX (1.0, span_days (summary->from, summary->to));
  summary->decisions_per_day = (double) summary->total_decisions / summary->days;

  return g_steal_pointer (&summary);
}
