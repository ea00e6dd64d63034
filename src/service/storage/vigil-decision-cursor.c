/* vigil-decision-cursor.c: decisions read one at a time, in constant memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-decision-cursor"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "vigil-decision-cursor-private.h"
#include "vigil-decision-private.h"

struct _VigilDecisionCursor
{
  GObject           parent_instance;
  GObject          *owner;
  VigilSqlErrorFunc set_error;
  VigilSqlStmt     *stmt;
  VigilRecord       record;
  gint64            position;
  gboolean          done;
};

G_DEFINE_FINAL_TYPE (VigilDecisionCursor, vigil_decision_cursor, G_TYPE_OBJECT)

static void
vigil_decision_cursor_finalize (GObject *object)
{
  VigilDecisionCursor *self = (VigilDecisionCursor *) object;

  g_clear_pointer (&self->stmt, vigil_sql_finalize);
  g_clear_object (&self->owner);

  G_OBJECT_CLASS (vigil_decision_cursor_parent_class)->finalize (object);
}

static void
vigil_decision_cursor_class_init (VigilDecisionCursorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_decision_cursor_finalize;
}

static void
vigil_decision_cursor_init (VigilDecisionCursor *self)
{
}

/* The decision of @stmt's current row, of VIGIL_DECISION_COLUMNS; its strings are the
 * statement's, valid until it steps again. */
void
vigil_decision_cursor_read_row (VigilSqlStmt *stmt,
                                VigilRecord  *r)
{
  const char *text;

  memset (r, 0, sizeof *r);
  r->id = vigil_sql_column_int64 (stmt, 0);
  g_strlcpy (r->timestamp, vigil_sql_column_text (stmt, 1) ? vigil_sql_column_text (stmt, 1) : "", VIGIL_TIMESTAMP_LEN);
  r->model_name = vigil_sql_column_text (stmt, 2);
  r->model_version = vigil_sql_column_text (stmt, 3);
  r->decision_type = vigil_sql_column_text (stmt, 4);
  r->input_features = vigil_sql_column_text (stmt, 5);
  text = vigil_sql_column_text (stmt, 6);
  g_strlcpy (r->input_hash, text ? text : "", sizeof r->input_hash);
  r->prediction = vigil_sql_column_text (stmt, 7);
  r->has_confidence = vigil_sql_column_type (stmt, 8) != VIGIL_SQL_NULL;
  r->confidence = vigil_sql_column_double (stmt, 8);
  r->explanation = vigil_sql_column_text (stmt, 9);
  r->ticker = vigil_sql_column_text (stmt, 10);
  r->sector = vigil_sql_column_text (stmt, 11);
  r->portfolio_id = vigil_sql_column_text (stmt, 12);
  r->user_id = vigil_sql_column_text (stmt, 13);
  r->actual_outcome = vigil_sql_column_text (stmt, 14);
  r->outcome_date = vigil_sql_column_text (stmt, 15);
  r->reviewed_by = vigil_sql_column_text (stmt, 16);
  r->review_date = vigil_sql_column_text (stmt, 17);
  r->review_status = vigil_sql_column_text (stmt, 18);
  r->review_notes = vigil_sql_column_text (stmt, 19);
  r->anomaly_flag = vigil_sql_column_int (stmt, 20);
  r->anomaly_reason = vigil_sql_column_text (stmt, 21);
  text = vigil_sql_column_text (stmt, 22);
  g_strlcpy (r->record_hash, text ? text : "", sizeof r->record_hash);
  r->event_id = vigil_sql_column_text (stmt, 23);
}

/* A cursor over the rows of @stmt (VIGIL_DECISION_COLUMNS), which it takes; @owner, whose
 * connection @stmt is of, is kept alive with it and sets the error of a failed read. */
VigilDecisionCursor *
vigil_decision_cursor_new (GObject           *owner,
                           VigilSqlStmt      *stmt,
                           VigilSqlErrorFunc  set_error)
{
  VigilDecisionCursor *self = g_object_new (VIGIL_TYPE_DECISION_CURSOR, NULL);

  self->owner = g_object_ref (owner);
  self->stmt = stmt;
  self->set_error = set_error;
  return self;
}

/**
 * vigil_decision_cursor_next:
 *
 * Moves to the next decision.
 *
 * Returns: %TRUE when there is one; %FALSE at the end, or with @error set
 */
gboolean
vigil_decision_cursor_next (VigilDecisionCursor  *self,
                            GError              **error)
{
  int rc;

  g_return_val_if_fail (VIGIL_IS_DECISION_CURSOR (self), FALSE);

  if (self->done)
    return FALSE;

  rc = vigil_sql_step (self->stmt);
  if (rc == VIGIL_SQL_ROW)
    {
      vigil_decision_cursor_read_row (self->stmt, &self->record);
      self->position++;
      return TRUE;
    }

  self->done = TRUE;
  if (rc != VIGIL_SQL_DONE)
    self->set_error (self->owner, error, _("Could not read decisions"));
  /* Finishing the statement ends its read transaction. */
  g_clear_pointer (&self->stmt, vigil_sql_finalize);
  return FALSE;
}

/* The current row; valid until the next call to vigil_decision_cursor_next(). */
const VigilRecord *
vigil_decision_cursor_get_record (VigilDecisionCursor *self)
{
  return &self->record;
}

/**
 * vigil_decision_cursor_get_decision:
 *
 * Returns: (transfer full): the current decision as an object
 */
VigilDecision *
vigil_decision_cursor_get_decision (VigilDecisionCursor *self)
{
  g_return_val_if_fail (VIGIL_IS_DECISION_CURSOR (self), NULL);
  g_return_val_if_fail (self->position > 0 && !self->done, NULL);
  return vigil_decision_new_from_record (&self->record);
}

gint64
vigil_decision_cursor_get_position (VigilDecisionCursor *self)
{
  g_return_val_if_fail (VIGIL_IS_DECISION_CURSOR (self), 0);
  return self->position;
}
