/* vigil-json-parser.h: a strict, allocation-light JSON reader for decision lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-record.h"

G_BEGIN_DECLS

#define VIGIL_JSON_MAX_DEPTH 64

gboolean vigil_json_canonicalize     (const char       *text,
                                      gsize             len,
                                      GString          *out,
                                      char            **out_reason);
gboolean vigil_json_parse_decision   (const char       *line,
                                      gsize             len,
                                      VigilRecord      *record,
                                      VigilInternFunc   intern,
                                      gpointer          intern_data,
                                      GString          *scratch,
                                      char            **out_reason);

typedef void (*VigilJsonMemberFunc) (const char *key,
                                     double      number,
                                     gboolean    is_number,
                                     const char *string,
                                     gpointer    user_data);

gboolean vigil_json_foreach_member   (const char          *object,
                                      gsize                len,
                                      VigilJsonMemberFunc  func,
                                      gpointer             user_data);

/* An outcome line of a spool (vigil_json_parse_outcome()) */
typedef struct
{
  gint64  decision_id;       /* 0 when the decision is named by its model and event_id or time */
  char   *model_name;
  char   *event_id;          /* the key the model's sender gave the decision, or NULL */
  char    decision_timestamp[VIGIL_TIMESTAMP_LEN];
  char   *value;
  char    outcome_date[VIGIL_TIMESTAMP_LEN];   /* "" for now */
  char   *recorded_by;       /* NULL for the follower's user */
} VigilOutcomeLine;

int      vigil_json_parse_outcome    (const char        *line,
                                      gsize              len,
                                      VigilOutcomeLine  *outcome,
                                      char             **out_reason);
void     vigil_outcome_line_clear    (VigilOutcomeLine  *outcome);

G_END_DECLS
