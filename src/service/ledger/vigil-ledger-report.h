/* vigil-ledger-report.h: the outcome of replaying the ledger
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_LEDGER_REPORT (vigil_ledger_report_get_type ())

typedef struct _VigilLedgerReport VigilLedgerReport;

GType              vigil_ledger_report_get_type     (void) G_GNUC_CONST;
VigilLedgerReport *vigil_ledger_report_ref          (VigilLedgerReport *self);
void               vigil_ledger_report_unref        (VigilLedgerReport *self);

gboolean           vigil_ledger_report_is_intact    (VigilLedgerReport *self);
gint64             vigil_ledger_report_get_records  (VigilLedgerReport *self);
gint64             vigil_ledger_report_get_table_records (VigilLedgerReport *self,
                                                          const char        *table);
const char        *vigil_ledger_report_get_table_head (VigilLedgerReport *self,
                                                       const char        *table);
const char        *vigil_ledger_report_get_head     (VigilLedgerReport *self);
const char        *vigil_ledger_report_get_broken_table (VigilLedgerReport *self);
gint64             vigil_ledger_report_get_broken_id (VigilLedgerReport *self);
const char        *vigil_ledger_report_get_reason   (VigilLedgerReport *self);
gint64             vigil_ledger_report_get_table_last_id (VigilLedgerReport *self,
                                                          const char        *table);
char              *vigil_ledger_report_to_string    (VigilLedgerReport *self);

/* How the records were verified: all of them rehashed now (a full verification), or only
 * those after a checkpoint, a ledger_verified event left by an earlier full verification. */
gboolean           vigil_ledger_report_is_full      (VigilLedgerReport *self);
gint64             vigil_ledger_report_get_rehashed (VigilLedgerReport *self);
gint64             vigil_ledger_report_get_format1_records (VigilLedgerReport *self);
const char        *vigil_ledger_report_get_checkpoint_time (VigilLedgerReport *self);
const char        *vigil_ledger_report_get_checkpoint_actor (VigilLedgerReport *self);
gint64             vigil_ledger_report_get_checkpoint_records (VigilLedgerReport *self);
gint64             vigil_ledger_report_get_checkpoint_event (VigilLedgerReport *self);

/* What a full verification also checked: the heads sealed by earlier reports and recorded by
 * checkpoints, each still a prefix of the chains; the head it was asked to expect; the schema
 * (the immutability triggers as created, nothing shadowing the chained tables). */
guint              vigil_ledger_report_get_n_sealed_heads (VigilLedgerReport *self);
guint              vigil_ledger_report_get_n_checkpoints (VigilLedgerReport *self);
const char        *vigil_ledger_report_get_expected_head (VigilLedgerReport *self);
gboolean           vigil_ledger_report_get_schema_checked (VigilLedgerReport *self);
guint              vigil_ledger_report_get_n_schema_problems (VigilLedgerReport *self);
const char        *vigil_ledger_report_get_schema_problem (VigilLedgerReport *self,
                                                          guint              index);

/* The decisions no import, follow, log or simulate event records adding because they were
 * written before Vigil recorded the ids of every write (see vigil-ledger-verify.c). */
gint64             vigil_ledger_report_get_legacy_records (VigilLedgerReport *self);

/* A witness file checked with the verification: its path (NULL when none was), the heads in
 * it found to be prefixes of the chains and how many of them were signed, and the lines that
 * hold exactly the head verified ("3, 7"; NULL when none does). */
const char        *vigil_ledger_report_get_witness_path (VigilLedgerReport *self);
guint              vigil_ledger_report_get_n_witness_heads (VigilLedgerReport *self);
guint              vigil_ledger_report_get_n_witness_signed (VigilLedgerReport *self);
const char        *vigil_ledger_report_get_witness_lines (VigilLedgerReport *self);
/* The caches of chained facts (acknowledgement, review, outcome and flag columns, an
 * alert's raised_at, the daily roll-ups, the model list), recomputed by a full verification;
 * any difference makes the ledger NOT intact. */
#define VIGIL_LEDGER_REPORT_MAX_NAMED 100

gboolean           vigil_ledger_report_get_caches_checked (VigilLedgerReport *self);
gint64             vigil_ledger_report_get_n_cache_differences (VigilLedgerReport *self);
guint              vigil_ledger_report_get_n_named_cache_differences (VigilLedgerReport *self);
const char        *vigil_ledger_report_get_cache_difference (VigilLedgerReport *self,
                                                            guint              index);

/* Filled by the ledger as it replays. */
VigilLedgerReport *vigil_ledger_report_new          (void);
void               vigil_ledger_report_set_table    (VigilLedgerReport *self,
                                                     guint              index,
                                                     const char        *table,
                                                     gint64             records,
                                                     gint64             last_id,
                                                     const char        *head);
void               vigil_ledger_report_set_broken   (VigilLedgerReport *self,
                                                     const char        *table,
                                                     gint64             id,
                                                     const char        *reason);
void               vigil_ledger_report_seal         (VigilLedgerReport *self);
void               vigil_ledger_report_set_rehashed (VigilLedgerReport *self,
                                                     gint64             rehashed);
void               vigil_ledger_report_set_format1_records (VigilLedgerReport *self,
                                                           gint64             records);
void               vigil_ledger_report_set_prefixes (VigilLedgerReport *self,
                                                     guint              n_sealed_heads,
                                                     guint              n_checkpoints,
                                                     const char        *expected_head);
void               vigil_ledger_report_add_schema_problem (VigilLedgerReport *self,
                                                           const char        *table,
                                                           const char        *problem);
void               vigil_ledger_report_set_schema_checked (VigilLedgerReport *self);
void               vigil_ledger_report_set_legacy_records (VigilLedgerReport *self,
                                                           gint64             records);
void               vigil_ledger_report_set_witness (VigilLedgerReport *self,
                                                    const char        *path,
                                                    guint              n_heads,
                                                    guint              n_signed,
                                                    const char        *lines);
void               vigil_ledger_report_add_cache_difference (VigilLedgerReport *self,
                                                             const char        *table,
                                                             gint64             id,
                                                             const char        *difference);
void               vigil_ledger_report_add_unnamed_cache_differences (VigilLedgerReport *self,
                                                                      gint64             n);
void               vigil_ledger_report_set_caches_checked (VigilLedgerReport *self);
void               vigil_ledger_report_set_damaged  (VigilLedgerReport *self,
                                                     const char        *damage,
                                                     const char        *readable);
const char        *vigil_ledger_report_get_damage   (VigilLedgerReport *self);
void               vigil_ledger_report_set_unrecorded (VigilLedgerReport *self,
                                                       const char        *why);
const char        *vigil_ledger_report_get_unrecorded (VigilLedgerReport *self);
void               vigil_ledger_report_set_checkpoint (VigilLedgerReport *self,
                                                       gint64             event_id,
                                                       const char        *time,
                                                       const char        *actor,
                                                       gint64             records);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilLedgerReport, vigil_ledger_report_unref)

G_END_DECLS
