/* vigil-ledger.h: the hash chains that make the log tamper-evident (private to the service)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include "vigil-sql-stmt.h"

#include "vigil-ledger-report.h"
#include "vigil-record.h"
#include "vigil-witness.h"

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
const char *vigil_chain_columns         (VigilChain         chain);

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

/* Reading rows as the chain sees them: column 0 the id, then the chained fields, then
 * record_hash at @n_fields. */
void     vigil_ledger_serialize_rest    (VigilChain         chain,
                                         VigilSqlStmt      *stmt,
                                         int                n_fields,
                                         GString           *out);
void     vigil_ledger_read_stored       (VigilSqlStmt      *stmt,
                                         int                column,
                                         char               out[65]);
gboolean vigil_ledger_input_hash_matches (VigilSqlStmt     *stmt);

/* The rule a row was sealed under. */
typedef enum
{
  VIGIL_LEDGER_NO_MATCH,
  VIGIL_LEDGER_FORMAT_1,    /* a REAL negative zero written "-0" */
  VIGIL_LEDGER_FORMAT_2,    /* today's: a REAL zero always "0" */
} VigilLedgerFormat;

VigilLedgerFormat
         vigil_ledger_match_row         (VigilChain         chain,
                                         VigilSqlStmt      *stmt,
                                         int                n_fields,
                                         const char        *prev,
                                         const char        *stored,
                                         GString           *buf,
                                         guint32           *out_negative_zeros);
char    *vigil_ledger_explain           (VigilSql          *db,
                                         VigilChain         chain,
                                         gint64             id,
                                         const char        *prev,
                                         gint64             prev_id);
gboolean vigil_ledger_parse_head        (const char        *token,
                                         char               hex[65],
                                         gint64             ids[VIGIL_N_CHAINS],
                                         gboolean          *has_ids);

/* A head recorded for a report of a broken ledger starts with this: it proves nothing, so it
 * is not checked as a prefix. */
#define VIGIL_LEDGER_BROKEN_PREFIX "broken:"

gboolean vigil_ledger_read_head         (VigilSql          *db,
                                         VigilChain         chain,
                                         gint64            *out_id,
                                         char               out_hash[65],
                                         GError           **error);

/* The full verification, in vigil-ledger-verify.c: every link checked, the chains split into
 * ranges across one reader connection per core on @path, within one snapshot. */
VigilLedgerReport *
         vigil_ledger_verify_full       (VigilSql          *db,
                                         const char        *path,
                                         gboolean           writable,
                                         const char        *expect_head,
                                         VigilWitness      *witness,
                                         GCancellable      *cancellable,
                                         GFileProgressCallback progress,
                                         gpointer           progress_data,
                                         GError           **error);
VigilLedgerReport *
         vigil_ledger_verify_pinned     (VigilSql          *db,
                                         const char        *path,
                                         gboolean           writable,
                                         VigilSql          *pin,
                                         const char        *expect_head,
                                         VigilWitness      *witness,
                                         GCancellable      *cancellable,
                                         GFileProgressCallback progress,
                                         gpointer           progress_data,
                                         GError           **error);
void     vigil_ledger_set_sql_error  (GError           **error,
                                         VigilSql          *db,
                                         const char        *what);
void     vigil_ledger_seal_as_found     (VigilSql          *db,
                                         VigilLedgerReport *report);

/* A JSON detail of @doc at @path when it is an integer, else NULL, as a BIGINT on every engine
 * (SQLite's json_extract() gives typed values, the server's text); @doc is read as JSON only
 * once it is valid. */
#define VIGIL_JSON_INTEGER(doc, path)                                                         \
  "CASE WHEN json_valid(" doc ") THEN CASE WHEN json_type(" doc ", '" path "') = 'integer' "   \
  "THEN CAST(json_extract(" doc ", '" path "') AS BIGINT) END END"

/* The caches of chained facts, in vigil-ledger-caches.c: what the events say they hold, read
 * before the workers start; each worker's tally of the decision rows it reads (a row read
 * for hashing also selects, after record_hash, whether its cache columns are as logged); the
 * comparison at the end. */
#define VIGIL_CACHE_PRISTINE_COLUMN                                                         \
  "(actual_outcome IS NULL AND outcome_date IS NULL AND reviewed_by IS NULL AND "           \
  "review_date IS NULL AND review_status IS NOT DISTINCT FROM 'pending' AND "               \
  "review_notes IS NULL AND anomaly_flag IS NOT DISTINCT FROM 0 AND anomaly_reason IS NULL)"

#define VIGIL_CACHE_DECISION_COLUMNS                                                        \
  "actual_outcome, outcome_date, reviewed_by, review_date, review_status, review_notes, "   \
  "anomaly_flag, anomaly_reason"

typedef struct _VigilCacheFacts VigilCacheFacts;
typedef struct _VigilCacheTally VigilCacheTally;

VigilCacheFacts *vigil_cache_facts_load (VigilSql              *db,
                                         GError               **error);
void     vigil_cache_facts_free         (VigilCacheFacts       *facts);
VigilCacheTally *vigil_cache_tally_new  (const VigilCacheFacts *facts);
void     vigil_cache_tally_free         (VigilCacheTally       *tally);
void     vigil_cache_tally_seek         (VigilCacheTally       *tally,
                                         gint64                 first_id);
void     vigil_cache_tally_row          (VigilCacheTally       *tally,
                                         VigilSqlStmt          *stmt,
                                         int                    pristine_column);
gboolean vigil_cache_check              (VigilSql              *db,
                                         VigilCacheFacts       *facts,
                                         VigilCacheTally      **tallies,
                                         guint                  n_tallies,
                                         VigilLedgerReport     *report,
                                         GError               **error);

/* Ledger method: the recipe (as README.md's "The ledger" gives it), the auditor's script,
 * and the CSV export the script reads. */
const char *vigil_ledger_get_recipe     (void);
const char *vigil_ledger_get_script     (void);
gboolean vigil_ledger_export_csv        (VigilSql          *db,
                                         GOutputStream     *out,
                                         GCancellable      *cancellable,
                                         gint64            *out_rows,
                                         GError           **error);

VigilLedgerReport *
         vigil_ledger_verify            (VigilSql          *db,
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
gboolean vigil_ledger_find_checkpoint    (VigilSql          *db,
                                          VigilLedgerCheckpoint *out,
                                          gboolean          *found,
                                          GError           **error);
void     vigil_ledger_checkpoint_clear   (VigilLedgerCheckpoint *checkpoint);

VigilLedgerReport *
         vigil_ledger_verify_since      (VigilSql          *db,
                                         const VigilLedgerCheckpoint *checkpoint,
                                         GCancellable      *cancellable,
                                         GFileProgressCallback progress,
                                         gpointer           progress_data,
                                         GError           **error);

G_END_DECLS
