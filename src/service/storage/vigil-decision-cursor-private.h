/* vigil-decision-cursor-private.h: what the store gives a cursor, and reads rows with
 *
 * The cursor knows statements and rows, not the store: the store makes it, with the function
 * that turns its connection's error into a #VigilStoreError, so that the dependency points one
 * way, from the store to the cursor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-decision-cursor.h"
#include "vigil-record.h"
#include "vigil-sql-stmt.h"

G_BEGIN_DECLS

/* Column list matching vigil_decision_cursor_read_row(). */
#define VIGIL_DECISION_COLUMNS                                                          \
  "id, timestamp, model_name, model_version, decision_type, input_features, input_hash, " \
  "prediction, confidence, explanation, ticker, sector, portfolio_id, user_id, "        \
  "actual_outcome, outcome_date, reviewed_by, review_date, review_status, review_notes, " \
  "anomaly_flag, anomaly_reason, record_hash, event_id"

/* Sets @error from the last failure of @owner's connection, saying it happened doing @what */
typedef void (*VigilSqlErrorFunc) (gpointer     owner,
                                   GError     **error,
                                   const char  *what);

void      vigil_decision_cursor_read_row   (VigilSqlStmt        *stmt,
                                            VigilRecord         *record);
VigilDecisionCursor *
          vigil_decision_cursor_new        (GObject             *owner,
                                            VigilSqlStmt        *stmt,
                                            VigilSqlErrorFunc    set_error);
const VigilRecord *
          vigil_decision_cursor_get_record (VigilDecisionCursor *self);

G_END_DECLS
