/* vigil-store-private.h: what the service's own parts use of the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-sql-stmt.h"

#include "vigil-decision-cursor-private.h"
#include "vigil-record.h"
#include "vigil-store.h"

G_BEGIN_DECLS

/* The INSERT that vigil_store_bind_record() binds a decision's ledger columns to. */
#define VIGIL_DECISION_INSERT_SQL                                                         \
  "INSERT INTO decisions (id, timestamp, model_name, model_version, decision_type, "      \
  "input_features, input_hash, prediction, confidence, explanation, ticker, sector, "     \
  "portfolio_id, user_id, record_hash, event_id) "                                        \
  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

/* The daily roll-ups' confidence bins: bin i holds [i/20, (i+1)/20), the last one also 1.0.
 * The store computes the same with vigil_store_confidence_bin(). */
#define VIGIL_CONFIDENCE_BINS    20
#define VIGIL_CONFIDENCE_BIN_SQL "max(0, min(CAST(confidence * 20 AS INTEGER), 19))"

static inline int
vigil_store_confidence_bin (double confidence)
{
  int bin = (int) (confidence * VIGIL_CONFIDENCE_BINS);

  return CLAMP (bin, 0, VIGIL_CONFIDENCE_BINS - 1);
}

VigilLedgerReport *
          vigil_store_verify_holding    (VigilStore            *self,
                                         VigilStore            *view,
                                         const char            *expect_head,
                                         GCancellable          *cancellable,
                                         GFileProgressCallback  progress,
                                         gpointer               progress_data,
                                         GError               **error);
void      vigil_store_end_read          (VigilStore            *self);

void      vigil_store_bind_record       (VigilSqlStmt      *stmt,
                                         const VigilRecord *record);
VigilSql *vigil_store_get_sql        (VigilStore     *self);
/* The id of the last event appended through @self (0 before any): the events take explicit
 * ids, so no engine's last-insert id is one */
gint64    vigil_store_get_last_event_id (VigilStore  *self);
void      vigil_store_set_sql_error  (VigilStore     *self,
                                         GError        **error,
                                         const char     *what);
gboolean  vigil_store_exec              (VigilStore     *self,
                                         const char     *sql,
                                         GError        **error);
gboolean  vigil_store_begin_write       (VigilStore     *self,
                                         GError        **error);
gboolean  vigil_store_commit            (VigilStore     *self,
                                         GError        **error);
void      vigil_store_rollback          (VigilStore     *self);

/* Inside a write transaction: appends to the decisions chain, giving each record its id and
 * record_hash. */
gboolean  vigil_store_append_records    (VigilStore     *self,
                                         VigilRecord    *records,
                                         guint           n_records,
                                         GError        **error);

/* The daily roll-up counts of some records, tallied apart from the writing (the importer
 * tallies a batch in its reader thread, so that its writer thread only adds them). */
typedef struct _VigilRollupTally VigilRollupTally;

VigilRollupTally *vigil_rollup_tally_new   (void);
void              vigil_rollup_tally_free  (VigilRollupTally *self);
void              vigil_rollup_tally_clear (VigilRollupTally *self);
void              vigil_rollup_tally_add   (VigilRollupTally  *self,
                                            const VigilRecord *record);

/* As vigil_store_append_records(), with the records' roll-ups tallied already. */
gboolean  vigil_store_append_tallied_records (VigilStore       *self,
                                              VigilRecord      *records,
                                              guint             n_records,
                                              VigilRollupTally *tally,
                                              GError          **error);
/* Every event that adds decisions records their ids, appended in the same transaction */
gboolean  vigil_store_get_appended_range (VigilStore    *self,
                                          gint64        *out_first,
                                          gint64        *out_last);
gboolean  vigil_store_append_range_event (VigilStore    *self,
                                          const char    *actor,
                                          const char    *action,
                                          const char    *target,
                                          const char    *details_json,
                                          GError       **error);
gboolean  vigil_store_append_event      (VigilStore     *self,
                                         const char     *actor,
                                         const char     *action,
                                         const char     *target,
                                         const char     *details_json,
                                         GError        **error);
gboolean  vigil_store_record_outcome_in_transaction (VigilStore  *self,
                                                     gint64       decision_id,
                                                     const char  *value,
                                                     const char  *outcome_date,
                                                     const char  *actor,
                                                     GError     **error);
int       vigil_store_find_decisions_at (VigilStore     *self,
                                         const char     *model_name,
                                         const char     *timestamp,
                                         gint64         *ids,
                                         int             max,
                                         GError        **error);
/* As vigil_store_append_event(), stamped @timestamp (a normalized timestamp): the time a
 * cache column records is then exactly its event's. */
gboolean  vigil_store_append_event_at   (VigilStore     *self,
                                         const char     *timestamp,
                                         const char     *actor,
                                         const char     *action,
                                         const char     *target,
                                         const char     *details_json,
                                         GError        **error);

/* Where the import of a file's content (its SHA-256) stands: its latest import event. */
typedef struct
{
  gint64  event_id;      /* 0 when the content was never imported */
  char   *timestamp;
  gint64  last_line;
  gint64  end_offset;
  char   *quarantine;
  gint64  quarantine_size;  /* -1 when not recorded */
} VigilImportMark;

void      vigil_import_mark_clear       (VigilImportMark *mark);
gboolean  vigil_store_find_import       (VigilStore      *self,
                                         const char      *action,
                                         const char      *sha256,
                                         gint64           after_id,
                                         VigilImportMark *mark,
                                         GError         **error);

gboolean  vigil_store_insert_alert      (VigilStore     *self,
                                         VigilAlert     *alert,
                                         gboolean       *out_inserted,
                                         GError        **error);

void      vigil_store_bind_real_or_null (VigilSqlStmt   *stmt,
                                         int             index,
                                         double          value);

VigilSqlStmt *
          vigil_store_prepare_decisions (VigilStore          *self,
                                         VigilDecisionQuery  *query,
                                         gboolean             count_only,
                                         GError             **error);

/* The lag daily_outcomes sums for a decision at @timestamp whose outcome was known at
 * @outcome_date: whole days between their UTC days, 0 when negative or unknown */
gint64 vigil_store_outcome_lag_days (const char *timestamp,
                                     const char *outcome_date);

G_END_DECLS
