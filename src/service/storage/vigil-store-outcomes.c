/* vigil-store-outcomes.c: the outcomes recorded for a model's decisions, grouped for the
 * performance figures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-store-internal.h"

/* Decisions with an outcome known before ?4 (all of them when ?4 is NULL), in groups of the
 * same prediction, outcome, decision day and outcome day: what the performance figures need,
 * and few rows, whatever the number of decisions. */
#define OUTCOME_GROUPS_SQL                                                                  \
  "SELECT prediction, actual_outcome, substr(timestamp, 1, 10), substr(outcome_date, 1, 10), " \
  "count(*) FROM decisions WHERE model_name = ?1 AND timestamp >= ?2 AND timestamp < ?3 "      \
  "AND actual_outcome IS NOT NULL AND (CAST(?4 AS TEXT) IS NULL OR outcome_date < ?4) "       \
  "GROUP BY 1, 2, 3, 4"
#define OUTCOME_GROUPS_SQL_IN_SEGMENT                                                       \
  "SELECT prediction, actual_outcome, substr(timestamp, 1, 10), substr(outcome_date, 1, 10), " \
  "count(*) FROM decisions WHERE model_name = ?1 AND timestamp >= ?2 AND timestamp < ?3 "      \
  "AND actual_outcome IS NOT NULL AND (CAST(?4 AS TEXT) IS NULL OR outcome_date < ?4) "       \
  "AND %s = ?5 GROUP BY 1, 2, 3, 4"

/**
 * vigil_store_foreach_outcome_group:
 * @model_name: the model
 * @segment_by: (nullable): a context field (vigil_segment_field()), to read one segment only
 * @segment: (nullable): the field's value, with @segment_by
 * @from: the first instant of the decisions (normalized)
 * @to: the instant after the last (normalized)
 * @known_before: (nullable): only outcomes dated before this instant; all when %NULL
 * @func: called for each group of decisions with the same prediction, outcome, decision day
 *   and outcome day
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
  g_autoptr(VigilSqlStmt) stmt = NULL;
  const char *column = vigil_segment_field (segment_by);
  g_autofree char *sql = NULL;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (model_name != NULL && from != NULL && to != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (segment_by == NULL || (column != NULL && segment != NULL), FALSE);

  /* The column's name is the fixed table's, never the caller's text */
  sql = column != NULL ? g_strdup_printf (OUTCOME_GROUPS_SQL_IN_SEGMENT, column)
                       : g_strdup (OUTCOME_GROUPS_SQL);
  if (vigil_sql_prepare (self->db, sql, &stmt) != VIGIL_SQL_OK)
    goto fail;
  vigil_sql_bind_text (stmt, 1, model_name, -1);
  vigil_sql_bind_text (stmt, 2, from, -1);
  vigil_sql_bind_text (stmt, 3, to, -1);
  vigil_sql_bind_text (stmt, 4, known_before, -1);
  if (column != NULL)
    vigil_sql_bind_text (stmt, 5, segment, -1);
  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    func (vigil_sql_column_text (stmt, 0), vigil_sql_column_text (stmt, 1),
          vigil_sql_column_text (stmt, 2), vigil_sql_column_text (stmt, 3),
          vigil_sql_column_int64 (stmt, 4), user_data);
  if (rc != VIGIL_SQL_DONE)
    goto fail;
  return TRUE;

fail:
  vigil_store_set_sql_error (self, error, _("Could not read the outcomes"));
  return FALSE;
}

/**
 * vigil_store_foreach_prediction_count:
 * @model_name: the model
 * @segment_by: (nullable): a context field (vigil_segment_field()), to count one segment only
 * @segment: (nullable): the field's value, with @segment_by
 * @from: the first instant (normalized)
 * @to: the instant after the last (normalized)
 * @func: called with each prediction @model_name made in [@from, @to) and how many times
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
  g_autoptr(VigilSqlStmt) stmt = NULL;
  const char *column = vigil_segment_field (segment_by);
  g_autofree char *segment_sql = NULL;
  gboolean whole_days;
  char day_from[11], day_to[11];
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (model_name != NULL && from != NULL && to != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (segment_by == NULL || (column != NULL && segment != NULL), FALSE);

  /* The roll-ups do not count segments: a segment's decisions are counted from the rows. The
   * column's name is the fixed table's, never the caller's text. */
  if (column != NULL)
    {
      segment_sql = g_strdup_printf ("SELECT prediction, count(*) FROM decisions WHERE "
                                     "model_name = ?1 AND timestamp >= ?2 AND timestamp < ?3 "
                                     "AND %s = ?4 GROUP BY prediction", column);
      if (vigil_sql_prepare (self->db, segment_sql, &stmt) != VIGIL_SQL_OK)
        goto fail;
      vigil_sql_bind_text (stmt, 1, model_name, -1);
      vigil_sql_bind_text (stmt, 2, from, -1);
      vigil_sql_bind_text (stmt, 3, to, -1);
      vigil_sql_bind_text (stmt, 4, segment, -1);
      goto read;
    }

  /* Whole days from the daily roll-ups; a part of a day from the covering index of model,
   * time and prediction */
  whole_days = strlen (from) == 26 && strlen (to) == 26 &&
               strcmp (from + 10, "T00:00:00.000000") == 0 &&
               strcmp (to + 10, "T00:00:00.000000") == 0;
  g_strlcpy (day_from, from, sizeof day_from);
  g_strlcpy (day_to, to, sizeof day_to);
  if (vigil_sql_prepare (self->db,
                         whole_days
                         ? "SELECT prediction, sum(n) FROM daily_predictions WHERE model_name = ? "
                           "AND day >= ? AND day < ? GROUP BY prediction"
                         : "SELECT prediction, count(*) FROM decisions WHERE model_name = ? "
                           "AND timestamp >= ? AND timestamp < ? GROUP BY prediction",
                         &stmt) != VIGIL_SQL_OK)
    goto fail;
  vigil_sql_bind_text (stmt, 1, model_name, -1);
  vigil_sql_bind_text (stmt, 2, whole_days ? day_from : from, -1);
  vigil_sql_bind_text (stmt, 3, whole_days ? day_to : to, -1);

read:
  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    func (vigil_sql_column_text (stmt, 0), vigil_sql_column_int64 (stmt, 1), user_data);
  if (rc != VIGIL_SQL_DONE)
    goto fail;
  return TRUE;

fail:
  vigil_store_set_sql_error (self, error, _("Could not count the decisions"));
  return FALSE;
}
