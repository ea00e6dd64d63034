/* vigil-store-ledger.c: verifying the ledger, checkpoints, witness files and the ledger export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-store"

#include "config.h"

#include <inttypes.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "vigil-alert-private.h"
#include "vigil-decision-private.h"
#include "vigil-json.h"
#include "vigil-json-parser.h"
#include "vigil-ledger.h"
#include "vigil-sha256.h"
#include "vigil-store-internal.h"

/**
 * vigil_store_verify:
 * @progress: (nullable) (scope call): called now and then with rows done and rows in all
 *
 * Verifies the ledger in full, as of one moment: every link of every chain (one reader
 * connection per core), the immutability triggers and nothing shadowing the chained tables,
 * and that every head sealed by an earlier report or checkpoint is still a prefix of it.
 *
 * Returns: (transfer full): the report, intact or naming the first broken row
 */
VigilLedgerReport *
vigil_store_verify (VigilStore            *self,
                    GCancellable          *cancellable,
                    GFileProgressCallback  progress,
                    gpointer               progress_data,
                    GError               **error)
{
  return vigil_store_verify_expecting (self, NULL, cancellable, progress, progress_data, error);
}

/**
 * vigil_store_verify_expecting:
 * @expect_head: (nullable): a head printed by an earlier verification or sealed in a report
 *
 * Like vigil_store_verify(), and also checks that the ledger still holds @expect_head: that
 * no row it covered was deleted or rewritten since. A head recorded from a broken ledger
 * ("broken:...") is refused with an error.
 */
VigilLedgerReport *
vigil_store_verify_expecting (VigilStore            *self,
                              const char            *expect_head,
                              GCancellable          *cancellable,
                              GFileProgressCallback  progress,
                              gpointer               progress_data,
                              GError               **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  return vigil_ledger_verify_full (self->db, self->location, !self->read_only, expect_head,
                                   self->witness, cancellable, progress, progress_data, error);
}

/**
 * vigil_store_set_witness:
 * @witness: (nullable): a witness file read with vigil_witness_load(), or %NULL for none
 *
 * Makes every full verification on this store (vigil_store_verify() and the reports built on
 * it) also check that each head of @witness is a prefix of the ledger.
 */
void
vigil_store_set_witness (VigilStore   *self,
                         VigilWitness *witness)
{
  g_return_if_fail (VIGIL_IS_STORE (self));
  g_return_if_fail (witness == NULL || VIGIL_IS_WITNESS (witness));

  g_set_object (&self->witness, witness);
}

/**
 * vigil_store_verify_holding:
 * @view: a store opened read-only on the same file, not in a transaction
 *
 * Like vigil_store_verify_expecting(), and on success leaves @view in a read transaction on
 * the very snapshot verified: what is read through @view then is what was verified, even
 * while others write. End it with vigil_store_end_read(). When @view is %NULL (the file
 * cannot be opened twice), the verification runs on this store's connection alone, inside a
 * read transaction that it leaves open in the same way.
 */
VigilLedgerReport *
vigil_store_verify_holding (VigilStore            *self,
                            VigilStore            *view,
                            const char            *expect_head,
                            GCancellable          *cancellable,
                            GFileProgressCallback  progress,
                            gpointer               progress_data,
                            GError               **error)
{
  VigilLedgerReport *report;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  if (view != NULL)
    return vigil_ledger_verify_pinned (self->db, self->location, !self->read_only, view->db,
                                       expect_head, self->witness, cancellable, progress,
                                       progress_data, error);
  if (!vigil_store_exec (self, "BEGIN", error))
    return NULL;
  report = vigil_ledger_verify_full (self->db, NULL, FALSE, expect_head, self->witness,
                                     cancellable, progress, progress_data, error);
  if (report == NULL)
    vigil_store_end_read (self);
  return report;
}

/* Ends the read transaction vigil_store_verify_holding() left open. */
void
vigil_store_end_read (VigilStore *self)
{
  if (vigil_sql_in_transaction (self->db))
    vigil_sql_exec (self->db, "ROLLBACK");
}

/**
 * vigil_store_export_ledger_csv:
 * @out_rows: (out) (optional): the rows written
 *
 * Writes the ledger's chained columns as CSV (vigil_ledger_export_csv()), read in one
 * transaction.
 */
gboolean
vigil_store_export_ledger_csv (VigilStore     *self,
                               GOutputStream  *out,
                               GCancellable   *cancellable,
                               gint64         *out_rows,
                               GError        **error)
{
  gboolean ok;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);

  if (!vigil_store_exec (self, "BEGIN", error))
    return FALSE;
  ok = vigil_ledger_export_csv (self->db, out, cancellable, out_rows, error);
  vigil_sql_exec (self->db, "COMMIT");
  return ok;
}

/* Checkpoints ------------------------------------------------------------------------------ */

/**
 * vigil_store_record_checkpoint:
 * @report: the intact report of a full verification of this database
 * @actor: (nullable): who verified (NULL: the login name)
 * @out_event_id: (out) (optional): the id of the event recorded
 *
 * Appends a ledger_verified event, itself chained, with what @report found: per chain the last
 * id verified and its record_hash, the records and the head. Later verifications may start
 * from it (vigil_store_verify_since_checkpoint()).
 */
gboolean
vigil_store_record_checkpoint (VigilStore         *self,
                               VigilLedgerReport  *report,
                               const char         *actor,
                               gint64             *out_event_id,
                               GError            **error)
{
  g_autofree char *details = NULL;
  char head[65];
  gint64 event_id;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  if (!vigil_ledger_report_is_intact (report) || !vigil_ledger_report_is_full (report))
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("Only a full verification that found the ledger intact can be recorded "
                     "as a checkpoint"));
      return FALSE;
    }
  if (actor == NULL || *actor == '\0')
    actor = g_get_user_name ();

  details = vigil_ledger_checkpoint_details (report);
  if (!vigil_store_begin_write (self, error))
    return FALSE;
  if (!vigil_ledger_read_head (self->db, VIGIL_CHAIN_EVENTS, &event_id, head, error) ||
      !vigil_store_append_event (self, actor, VIGIL_LEDGER_CHECKPOINT_ACTION, "ledger", details,
                                 error))
    {
      vigil_store_rollback (self);
      return FALSE;
    }
  if (!vigil_store_commit (self, error))
    return FALSE;
  if (out_event_id != NULL)
    *out_event_id = event_id + 1;
  return TRUE;
}

/**
 * vigil_store_verify_and_checkpoint:
 * @actor: (nullable): who verifies (NULL: the login name)
 *
 * A full verification, as vigil_store_verify(); when it finds the ledger intact and the
 * database is writable, records it as a checkpoint. The report's head is that of the records
 * verified, before the checkpoint's own event. A checkpoint that cannot be recorded (the
 * database locked too long, the disk full) leaves the report intact and says why in
 * vigil_ledger_report_get_unrecorded().
 */
VigilLedgerReport *
vigil_store_verify_and_checkpoint (VigilStore            *self,
                                   const char            *actor,
                                   GCancellable          *cancellable,
                                   GFileProgressCallback  progress,
                                   gpointer               progress_data,
                                   GError               **error)
{
  g_autoptr(VigilLedgerReport) report = NULL;
  g_autoptr(GError) local_error = NULL;

  report = vigil_store_verify (self, cancellable, progress, progress_data, error);
  if (report == NULL)
    return NULL;
  if (vigil_ledger_report_is_intact (report) && !self->read_only &&
      !vigil_store_record_checkpoint (self, report, actor, NULL, &local_error))
    vigil_ledger_report_set_unrecorded (report, local_error->message);
  return g_steal_pointer (&report);
}

/**
 * vigil_store_verify_since_checkpoint:
 *
 * Finds the latest checkpoint, checks that the rows at its ids still carry its hashes (a
 * rewritten or cut tail is caught), and rehashes only the records after them. Without a
 * usable checkpoint, verifies in full. The report says which (vigil_ledger_report_is_full()).
 *
 * What it proves: the records before the checkpoint were verified in full when it was
 * recorded, and the rows at its ids are unchanged; an edit since then to an earlier record
 * that left the following hashes alone is only caught by a full verification, or by one
 * expecting an earlier sealed head.
 */
VigilLedgerReport *
vigil_store_verify_since_checkpoint (VigilStore            *self,
                                     GCancellable          *cancellable,
                                     GFileProgressCallback  progress,
                                     gpointer               progress_data,
                                     GError               **error)
{
  VigilLedgerCheckpoint checkpoint;
  VigilLedgerReport *report;
  gboolean found;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  if (!vigil_store_exec (self, "BEGIN", error))
    return NULL;
  if (!vigil_ledger_find_checkpoint (self->db, &checkpoint, &found, error))
    {
      vigil_sql_exec (self->db, "COMMIT");
      return NULL;
    }
  if (found)
    report = vigil_ledger_verify_since (self->db, &checkpoint, cancellable, progress,
                                        progress_data, error);
  else
    report = vigil_ledger_verify (self->db, NULL, cancellable, progress, progress_data, error);
  vigil_sql_exec (self->db, "COMMIT");
  vigil_ledger_checkpoint_clear (&checkpoint);
  return report;
}
