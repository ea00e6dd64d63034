/* vigil-input-rollup.h: the daily roll-ups of decisions' inputs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vigil-input-profile.h"
#include "vigil-sql.h"

G_BEGIN_DECLS

/* The statements that add to the roll-ups, prepared once per connection */
typedef enum
{
  VIGIL_INPUT_UPSERT_DAY,
  VIGIL_INPUT_UPSERT_FEATURE,
  VIGIL_INPUT_UPSERT_BIN,
  VIGIL_INPUT_UPSERT_CATEGORY,
  VIGIL_INPUT_ADD_OTHERS,
  VIGIL_INPUT_N_UPSERTS
} VigilInputUpsert;

typedef struct _VigilInputRollup VigilInputRollup;

typedef void (*VigilInputRollupFunc) (const char        *model_name,
                                      const char        *day,
                                      VigilInputProfile *profile,
                                      gpointer           user_data);

VigilInputRollup *vigil_input_rollup_new        (void);
void              vigil_input_rollup_free       (VigilInputRollup   *self);
void              vigil_input_rollup_clear      (VigilInputRollup   *self);
void              vigil_input_rollup_add        (VigilInputRollup   *self,
                                                 const char         *model_name,
                                                 const char         *timestamp,
                                                 const char         *input_features,
                                                 gsize               len,
                                                 gboolean            has_confidence,
                                                 const char         *explanation);
int               vigil_input_rollup_write      (VigilInputRollup   *self,
                                                 VigilSql           *db,
                                                 VigilSqlStmt       *upserts[VIGIL_INPUT_N_UPSERTS]);
int               vigil_input_rollup_rebuild    (VigilSql           *db);
int               vigil_input_rollup_read_all   (VigilSql           *db,
                                                 VigilInputRollup   *into);
VigilInputProfile *vigil_input_rollup_steal     (VigilInputRollup   *self,
                                                 const char         *model_name,
                                                 const char         *day);
void              vigil_input_rollup_foreach    (VigilInputRollup   *self,
                                                 VigilInputRollupFunc func,
                                                 gpointer            user_data);

int               vigil_input_rollup_read_days  (VigilSql           *db,
                                                 const char         *model_name,
                                                 const char         *first_day,
                                                 const char         *end_day,
                                                 VigilInputProfile  *into);
int               vigil_input_rollup_read_rows  (VigilSql           *db,
                                                 const char         *model_name,
                                                 const char         *from,
                                                 const char         *to,
                                                 int                 flagged,
                                                 const char         *column,
                                                 const char         *segment,
                                                 VigilInputProfile  *into,
                                                 GCancellable       *cancellable);
int               vigil_input_rollup_read_window (VigilSql          *db,
                                                  const char        *model_name,
                                                  const char        *from,
                                                  const char        *to,
                                                  gboolean           unflagged,
                                                  VigilInputProfile *into,
                                                  GCancellable      *cancellable);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilInputRollup, vigil_input_rollup_free)

G_END_DECLS
