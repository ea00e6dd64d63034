/* vigil-ledger.h: the hash chains that make the log tamper-evident (private to the service)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "vigil-ledger-report.h"
#include "vigil-record.h"

G_BEGIN_DECLS

#define VIGIL_LEDGER_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

typedef enum
{
  VIGIL_CHAIN_DECISIONS,
  VIGIL_CHAIN_ALERTS,
  VIGIL_CHAIN_EVENTS,
  VIGIL_N_CHAINS
} VigilChain;

const char *vigil_chain_table           (VigilChain         chain);

void     vigil_ledger_put_text          (GString           *out,
                                         const char        *text);
void     vigil_ledger_put_int           (GString           *out,
                                         gint64             value);
void     vigil_ledger_put_real          (GString           *out,
                                         double             value);
void     vigil_ledger_put_null          (GString           *out);

void     vigil_ledger_decision_fields   (GString           *out,
                                         const VigilRecord *record);
void     vigil_ledger_decision_tail    (GString           *out,
                                         const VigilRecord *record);
void     vigil_ledger_link              (const char        *prev,
                                         const char        *fields,
                                         gsize              len,
                                         char               out[65]);

gboolean vigil_ledger_read_head         (sqlite3           *db,
                                         VigilChain         chain,
                                         gint64            *out_id,
                                         char               out_hash[65],
                                         GError           **error);

VigilLedgerReport *
         vigil_ledger_verify            (sqlite3           *db,
                                         const char        *expect_head,
                                         GCancellable      *cancellable,
                                         GFileProgressCallback progress,
                                         gpointer           progress_data,
                                         GError           **error);

/* A checkpoint: what a full verification found intact, kept as a ledger_verified event. */
typedef struct
{
  gint64  event_id;
  char   *timestamp;
  char   *actor;
  gint64  records;
  gint64  ids[VIGIL_N_CHAINS];
  char    hashes[VIGIL_N_CHAINS][65];
} VigilLedgerCheckpoint;

#define VIGIL_LEDGER_CHECKPOINT_ACTION "ledger_verified"

char    *vigil_ledger_checkpoint_details (VigilLedgerReport *report);
gboolean vigil_ledger_find_checkpoint    (sqlite3           *db,
                                          VigilLedgerCheckpoint *out,
                                          gboolean          *found,
                                          GError           **error);
void     vigil_ledger_checkpoint_clear   (VigilLedgerCheckpoint *checkpoint);

VigilLedgerReport *
         vigil_ledger_verify_since      (sqlite3           *db,
                                         const VigilLedgerCheckpoint *checkpoint,
                                         GCancellable      *cancellable,
                                         GFileProgressCallback progress,
                                         gpointer           progress_data,
                                         GError           **error);

G_END_DECLS
