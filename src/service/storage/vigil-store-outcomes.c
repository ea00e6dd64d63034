/* vigil-store-outcomes.c: the outcomes recorded for a model's decisions, grouped for the
 * performance figures, and their daily roll-up
 *
 * daily_outcomes counts, per model, day of the decision, prediction and outcome, the decisions
 * that have that outcome now, with the sum of their lags in whole days. The store keeps it in
 * the transaction that records an outcome, moving a superseded outcome's decision from its old
 * row to its new one, so the figures of whole days read the roll-up alone; the parts of days at
 * a window's edges, and outcomes asked for as known before an instant, read the decisions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-segment.h"
#include "vigil-store-internal.h"
#include "vigil-timestamp.h"

/* Decisions with an outcome known before ?4 (all of them when ?4 is NULL), in groups of the
 * same prediction, outcome, decision day and outcome day: few rows, whatever the number of
 * decisions. */
#define OUTCOME_GROUPS_SQL                                                                  \
  "SELECT prediction, actual_outcome, substr(timestamp, 1, 10), substr(outcome_date, 1, 10), " \
  "count(*) FROM decisions WHERE model_name = ?1 AND timestamp >= ?2 AND timestamp < ?3 "      \
  "AND actual_outcome IS NOT NULL AND (CAST(?4 AS TEXT) IS NULL OR outcome_date < ?4) "       \
  "%s GROUP BY 1, 2, 3, 4"

#define OUTCOME_ROLLUP_SQL                                                                  \
  "SELECT prediction, actual_outcome, day, n, lag_days FROM daily_outcomes "                 \
  "WHERE model_name = ?1 AND day >= ?2 AND day < ?3 AND n > 0"

/**
 * vigil_store_outcome_lag_days:
 * @timestamp: (nullable): the decision's time (normalized), or its day
 * @outcome_date: (nullable): when its outcome was known
 *
 * Returns: the whole days from the decision's UTC day to the outcome's, 0 when the outcome's
 *   came first or either is missing: the lag daily_outcomes sums
 */
gint64
vigil_store_outcome_lag_days (const char *timestamp,
                              const char *outcome_date)
{
  char day[VIGIL_TIMESTAMP_LEN];
  gint64 a, b;

  if (timestamp == NULL || outcome_date == NULL || strlen (timestamp) < 10 ||
      strlen (outcome_date) < 10)
    return 0;
  g_strlcpy (day, timestamp, 11);
  if (!vigil_timestamp_parse (day, &a, NULL))
    return 0;
  g_strlcpy (day, outcome_date, 11);
  if (!vigil_timestamp_parse (day, &b, NULL))
    return 0;
  return MAX (0, (b - a) / G_TIME_SPAN_DAY);
}

/* Adds @delta decisions with @lag_days in all to a row of the roll-up, deleting it when none
 * is left. */
static gboolean
rollup_add (VigilStore  *self,
            const char  *model_name,
            const char  *timestamp,
            const char  *prediction,
            const char  *outcome,
            gint64       delta,
            gint64       lag_days)
{
  g_autoptr(VigilSqlStmt) upsert = NULL;
  g_autoptr(VigilSqlStmt) prune = NULL;
  char day[11];

  g_strlcpy (day, timestamp, sizeof day);
  if (vigil_sql_prepare (self->db,
                         "INSERT INTO daily_outcomes (model_name, day, prediction, "
                         "actual_outcome, n, lag_days) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                         "ON CONFLICT (model_name, day, prediction, actual_outcome) DO UPDATE "
                         "SET n = daily_outcomes.n + excluded.n, "
                         "lag_days = daily_outcomes.lag_days + excluded.lag_days",
                         &upsert) != VIGIL_SQL_OK)
    return FALSE;
  vigil_sql_bind_text (upsert, 1, model_name, -1);
  vigil_sql_bind_text (upsert, 2, day, -1);
  vigil_sql_bind_text (upsert, 3, prediction, -1);
  vigil_sql_bind_text (upsert, 4, outcome, -1);
  vigil_sql_bind_int64 (upsert, 5, delta);
  vigil_sql_bind_int64 (upsert, 6, lag_days);
  if (vigil_sql_step (upsert) != VIGIL_SQL_DONE)
    return FALSE;
  if (delta >= 0)
    return TRUE;

  if (vigil_sql_prepare (self->db,
                         "DELETE FROM daily_outcomes WHERE model_name = ?1 AND day = ?2 "
                         "AND prediction = ?3 AND actual_outcome = ?4 AND n <= 0",
                         &prune) != VIGIL_SQL_OK)
    return FALSE;
  vigil_sql_bind_text (prune, 1, model_name, -1);
  vigil_sql_bind_text (prune, 2, day, -1);
  vigil_sql_bind_text (prune, 3, prediction, -1);
  vigil_sql_bind_text (prune, 4, outcome, -1);
  return vigil_sql_step (prune) == VIGIL_SQL_DONE;
}

/**
 * vigil_store_outcomes_rollup_move:
 * @timestamp: the decision's time
 * @old_outcome: (nullable): the outcome it had, %NULL for none
 * @old_date: (nullable): when that was known
 * @outcome: the outcome it has now
 * @outcome_date: when this was known
 *
 * Moves a decision whose outcome was recorded or superseded from its old row of
 * daily_outcomes to its new one, inside the caller's write transaction.
 *
 * Returns: %FALSE when the roll-up cannot be written (the SQL error is the connection's)
 */
gboolean
vigil_store_outcomes_rollup_move (VigilStore *self,
                                  const char *model_name,
                                  const char *timestamp,
                                  const char *prediction,
                                  const char *old_outcome,
                                  const char *old_date,
                                  const char *outcome,
                                  const char *outcome_date)
{
  if (old_outcome != NULL &&
      !rollup_add (self, model_name, timestamp, prediction, old_outcome, -1,
                   -vigil_store_outcome_lag_days (timestamp, old_date)))
    return FALSE;
  return rollup_add (self, model_name, timestamp, prediction, outcome, 1,
                     vigil_store_outcome_lag_days (timestamp, outcome_date));
}

/* @column: (nullable): a segment's field, from the fixed table of vigil_segment_field(), never
 * the caller's text; @segment its value */
static gboolean
read_rows (VigilStore             *self,
           const char             *model_name,
           const char             *column,
           const char             *segment,
           const char             *from,
           const char             *to,
           const char             *known_before,
           VigilOutcomeGroupFunc   func,
           gpointer                user_data)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  g_autofree char *in_segment = column ? g_strdup_printf ("AND %s = ?5", column) : NULL;
  g_autofree char *sql = g_strdup_printf (OUTCOME_GROUPS_SQL, in_segment ? in_segment : "");
  int rc;

  if (vigil_sql_prepare (self->db, sql, &stmt) != VIGIL_SQL_OK)
    return FALSE;
  vigil_sql_bind_text (stmt, 1, model_name, -1);
  vigil_sql_bind_text (stmt, 2, from, -1);
  vigil_sql_bind_text (stmt, 3, to, -1);
  vigil_sql_bind_text (stmt, 4, known_before, -1);
  if (column != NULL)
    vigil_sql_bind_text (stmt, 5, segment, -1);
  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      const char *day = vigil_sql_column_text (stmt, 2);
      gint64 n = vigil_sql_column_int64 (stmt, 4);

      func (vigil_sql_column_text (stmt, 0), vigil_sql_column_text (stmt, 1), day, n,
            n * vigil_store_outcome_lag_days (day, vigil_sql_column_text (stmt, 3)), user_data);
    }
  return rc == VIGIL_SQL_DONE;
}

static gboolean
read_rollup (VigilStore             *self,
             const char             *model_name,
             const char             *first_day,
             const char             *end_day,
             VigilOutcomeGroupFunc   func,
             gpointer                user_data)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  int rc;

  if (vigil_sql_prepare (self->db, OUTCOME_ROLLUP_SQL, &stmt) != VIGIL_SQL_OK)
    return FALSE;
  vigil_sql_bind_text (stmt, 1, model_name, -1);
  vigil_sql_bind_text (stmt, 2, first_day, -1);
  vigil_sql_bind_text (stmt, 3, end_day, -1);
  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    func (vigil_sql_column_text (stmt, 0), vigil_sql_column_text (stmt, 1),
          vigil_sql_column_text (stmt, 2), vigil_sql_column_int64 (stmt, 3),
          vigil_sql_column_int64 (stmt, 4), user_data);
  return rc == VIGIL_SQL_DONE;
}

/* A model's span of outcomes or of predictions, read by vigil_timestamp_read_span() */
typedef struct
{
  VigilStore               *self;
  const char               *model_name;
  VigilOutcomeGroupFunc     outcomes;
  VigilPredictionCountFunc  predictions;
  gpointer                  user_data;
} OutcomeSpan;

static gboolean
outcome_rows (const char *from,
              const char *to,
              gpointer    data)
{
  OutcomeSpan *span = data;

  return read_rows (span->self, span->model_name, NULL, NULL, from, to, NULL, span->outcomes,
                    span->user_data);
}

static gboolean
outcome_days (const VigilDaySpan *days,
              gpointer            data)
{
  OutcomeSpan *span = data;

  return read_rollup (span->self, span->model_name, days->first_day, days->end_day,
                      span->outcomes, span->user_data);
}

/**
 * vigil_store_foreach_outcome_group:
 * @model_name: the model
 * @segment_by: (nullable): a context field (vigil_segment_field()), for one segment only
 * @segment: (nullable): the field's value, with @segment_by
 * @from: the first instant of the decisions (normalized)
 * @to: the instant after the last (normalized)
 * @known_before: (nullable): only outcomes dated before this instant; all when %NULL
 * @func: called for groups of decisions with the same prediction, outcome and decision day
 *   (a group may come in several calls), with their number and the sum of their lags in
 *   whole days
 *
 * The whole days of [@from, @to) are read from daily_outcomes, the parts of days at either
 * edge (and everything when @known_before is given, or for a segment, which the roll-up does
 * not count) from the decisions.
 *
 * Returns: %FALSE with @error when the decisions cannot be read
 */
gboolean
vigil_store_foreach_outcome_group (VigilStore             *self,
                                   const char             *model_name,
                                   const char             *segment_by,
                                   const char             *segment,
                                   const char             *from,
                                   const char             *to,
                                   const char             *known_before,
                                   VigilOutcomeGroupFunc   func,
                                   gpointer                user_data,
                                   GError                **error)
{
  const char *column = vigil_segment_field (segment_by);
  gboolean ok;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (model_name != NULL && from != NULL && to != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (segment_by == NULL || (column != NULL && segment != NULL), FALSE);

  if (known_before != NULL || column != NULL)
    ok = read_rows (self, model_name, column, segment, from, to, known_before, func,
                    user_data);
  else
    {
      OutcomeSpan span = { self, model_name, func, NULL, user_data };

      ok = vigil_timestamp_read_span (from, to, outcome_rows, outcome_days, &span);
    }
  if (!ok)
    vigil_store_set_sql_error (self, error, _("Could not read the outcomes"));
  return ok;
}

/* From daily_predictions (@rollup, whole days), else from the decisions, of the segment
 * @column = @segment when @column (from the fixed table of vigil_segment_field()) is set */
static gboolean
count_predictions (VigilStore                *self,
                   gboolean                   rollup,
                   const char                *model_name,
                   const char                *column,
                   const char                *segment,
                   const char                *from,
                   const char                *to,
                   VigilPredictionCountFunc   func,
                   gpointer                   user_data)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  g_autofree char *in_segment = column ? g_strdup_printf (" AND %s = ?4", column) : NULL;
  g_autofree char *sql = NULL;
  int rc;

  if (rollup)
    sql = g_strdup ("SELECT prediction, sum(n) FROM daily_predictions WHERE model_name = ?1 "
                    "AND day >= ?2 AND day < ?3 GROUP BY prediction");
  else
    sql = g_strdup_printf ("SELECT prediction, count(*) FROM decisions WHERE model_name = ?1 "
                           "AND timestamp >= ?2 AND timestamp < ?3%s GROUP BY prediction",
                           in_segment ? in_segment : "");
  if (vigil_sql_prepare (self->db, sql, &stmt) != VIGIL_SQL_OK)
    return FALSE;
  vigil_sql_bind_text (stmt, 1, model_name, -1);
  vigil_sql_bind_text (stmt, 2, from, -1);
  vigil_sql_bind_text (stmt, 3, to, -1);
  if (!rollup && column != NULL)
    vigil_sql_bind_text (stmt, 4, segment, -1);
  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    func (vigil_sql_column_text (stmt, 0), vigil_sql_column_int64 (stmt, 1), user_data);
  return rc == VIGIL_SQL_DONE;
}

static gboolean
prediction_rows (const char *from,
                 const char *to,
                 gpointer    data)
{
  OutcomeSpan *span = data;

  return count_predictions (span->self, FALSE, span->model_name, NULL, NULL, from, to,
                            span->predictions, span->user_data);
}

static gboolean
prediction_days (const VigilDaySpan *days,
                 gpointer            data)
{
  OutcomeSpan *span = data;

  return count_predictions (span->self, TRUE, span->model_name, NULL, NULL, days->first_day,
                            days->end_day, span->predictions, span->user_data);
}

/**
 * vigil_store_foreach_prediction_count:
 * @model_name: the model
 * @segment_by: (nullable): a context field (vigil_segment_field()), to count one segment only
 * @segment: (nullable): the field's value, with @segment_by
 * @from: the first instant (normalized)
 * @to: the instant after the last (normalized)
 * @func: called with predictions @model_name made in [@from, @to) and how many times (a
 *   prediction may come in several calls)
 *
 * The whole days of the span are read from daily_predictions, the parts of days at either
 * edge (and a segment's, which the roll-up does not count) from the decisions.
 *
 * Returns: %FALSE with @error when the decisions cannot be read
 */
gboolean
vigil_store_foreach_prediction_count (VigilStore                 *self,
                                      const char                 *model_name,
                                      const char                 *segment_by,
                                      const char                 *segment,
                                      const char                 *from,
                                      const char                 *to,
                                      VigilPredictionCountFunc    func,
                                      gpointer                    user_data,
                                      GError                    **error)
{
  const char *column = vigil_segment_field (segment_by);
  gboolean ok;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (model_name != NULL && from != NULL && to != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (segment_by == NULL || (column != NULL && segment != NULL), FALSE);

  if (column != NULL)
    ok = count_predictions (self, FALSE, model_name, column, segment, from, to, func,
                            user_data);
  else
    {
      OutcomeSpan span = { self, model_name, NULL, func, user_data };

      ok = vigil_timestamp_read_span (from, to, prediction_rows, prediction_days, &span);
    }
  if (!ok)
    vigil_store_set_sql_error (self, error, _("Could not count the decisions"));
  return ok;
}
