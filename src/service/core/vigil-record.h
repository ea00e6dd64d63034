/* vigil-record.h: the columns of one decision, as logged
 *
 * A VigilRecord is a plain struct: the importer fills thousands of them per batch without
 * allocating an object each. Strings are borrowed; whoever fills a record owns their memory
 * (a GStringChunk for a batch, the VigilDecision for one decision).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "vigil-timestamp.h"

G_BEGIN_DECLS

#define VIGIL_MAX_NAME_LEN        256
#define VIGIL_MAX_PREDICTION_LEN  1024
#define VIGIL_MAX_EXPLANATION_LEN 16384
#define VIGIL_MAX_FEATURES_LEN    65536

typedef struct
{
  gint64      id;
  char        timestamp[VIGIL_TIMESTAMP_LEN];
  const char *model_name;
  const char *model_version;
  const char *decision_type;
  const char *input_features;
  char        input_hash[65];
  const char *prediction;
  gboolean    has_confidence;
  double      confidence;
  const char *explanation;
  const char *ticker;
  const char *sector;
  const char *portfolio_id;
  const char *user_id;
  const char *event_id;       /* the sender's own key, unique per model; chained when set */

  /* Columns that change by design; not part of the ledger. */
  const char *actual_outcome;
  const char *outcome_date;
  const char *reviewed_by;
  const char *review_date;
  const char *review_status;
  const char *review_notes;
  int         anomaly_flag;
  const char *anomaly_reason;

  char        record_hash[65];

  /* When set, the chained fields after the id, already serialized (see vigil-ledger.c). */
  const char *ledger_tail;
  gsize       ledger_tail_len;
} VigilRecord;

/* Intern function: copies a string into storage the caller owns. */
typedef const char *(*VigilInternFunc) (gpointer    data,
                                        const char *str);

gboolean vigil_record_check       (const VigilRecord *record,
                                   char           **out_reason);
void     vigil_record_hash_input  (VigilRecord     *record);
void     vigil_record_to_json     (const VigilRecord *record,
                                   GString         *out);

G_END_DECLS
