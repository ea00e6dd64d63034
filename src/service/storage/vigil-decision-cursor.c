/* vigil-decision-cursor.c: decisions read one at a time, in constant memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-decision-cursor"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-decision-private.h"
#include "vigil-store-private.h"

struct _VigilDecisionCursor
{
  GObject        parent_instance;
  VigilStore    *store;
  VigilSqlStmt  *stmt;
  VigilRecord    record;
  gint64         position;
  gboolean       done;
};

G_DEFINE_FINAL_TYPE (VigilDecisionCursor, vigil_decision_cursor, G_TYPE_OBJECT)

static void
vigil_decision_cursor_finalize (GObject *object)
{
  VigilDecisionCursor *self = (VigilDecisionCursor *) object;

  g_clear_pointer (&self->stmt, vigil_sql_finalize);
  g_clear_object (&self->store);

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

VigilDecisionCursor *
vigil_decision_cursor_new (VigilStore   *store,
                           VigilSqlStmt *stmt)
{
  VigilDecisionCursor *self = g_object_new (VIGIL_TYPE_DECISION_CURSOR, NULL);

  self->store = g_object_ref (store);
  self->stmt = stmt;
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
      vigil_store_record_from_stmt (self->stmt, &self->record);
      self->position++;
      return TRUE;
    }

  self->done = TRUE;
  if (rc != VIGIL_SQL_DONE)
    vigil_store_set_sql_error (self->store, error, _("Could not read decisions"));
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
