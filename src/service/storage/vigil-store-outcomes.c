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

/**
 * vigil_store_foreach_outcome_group:
 * @model_name: the model
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
                                   const char             *from,
                                   const char             *to,
                                   const char             *known_before,
                                   VigilOutcomeGroupFunc   func,
                                   gpointer                user_data,
                                   GError                **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (model_name != NULL && from != NULL && to != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (vigil_sql_prepare (self->db, OUTCOME_GROUPS_SQL, &stmt) != VIGIL_SQL_OK)
    goto fail;
  vigil_sql_bind_text (stmt, 1, model_name, -1);
  vigil_sql_bind_text (stmt, 2, from, -1);
  vigil_sql_bind_text (stmt, 3, to, -1);
  vigil_sql_bind_text (stmt, 4, known_before, -1);
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
 * @from: the first instant (normalized)
 * @to: the instant after the last (normalized)
 * @func: called with each prediction @model_name made in [@from, @to) and how many times
 *
 * Returns: %FALSE with @error when the decisions cannot be read
 */
gboolean
vigil_store_foreach_prediction_count (VigilStore                 *self,
                                      const char                 *model_name,
                                      const char                 *from,
                                      const char                 *to,
                                      VigilPredictionCountFunc    func,
                                      gpointer                    user_data,
                                      GError                    **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  gboolean whole_days;
  char day_from[11], day_to[11];
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (model_name != NULL && from != NULL && to != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

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
  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    func (vigil_sql_column_text (stmt, 0), vigil_sql_column_int64 (stmt, 1), user_data);
  if (rc != VIGIL_SQL_DONE)
    goto fail;
  return TRUE;

fail:
  vigil_store_set_sql_error (self, error, _("Could not count the decisions"));
  return FALSE;
}
