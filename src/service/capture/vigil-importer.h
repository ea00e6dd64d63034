/* vigil-importer.h: JSON Lines import of decisions, streaming and validated
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vigil-store.h"

G_BEGIN_DECLS

/* Longest line accepted; longer lines are rejected without being held in memory. */
#define VIGIL_IMPORT_MAX_LINE (1024 * 1024)

#define VIGIL_TYPE_IMPORTER (vigil_importer_get_type ())
G_DECLARE_FINAL_TYPE (VigilImporter, vigil_importer, VIGIL, IMPORTER, GObject)

/**
 * VigilImportProgress:
 * @bytes_done: bytes of the source read so far
 * @bytes_total: the source's size, or -1 when unknown (a pipe)
 * @imported: decisions committed so far
 * @rejected: lines rejected so far
 */
typedef void (*VigilImportProgress) (gint64   bytes_done,
                                     gint64   bytes_total,
                                     gint64   imported,
                                     gint64   rejected,
                                     gpointer user_data);

/**
 * VigilImportRejection:
 * @source: the file name, or "-" for standard input
 * @line: the line number, from 1
 * @reason: why the line was rejected
 */
typedef void (*VigilImportRejection) (const char *source,
                                      gint64      line,
                                      const char *reason,
                                      gpointer    user_data);

/**
 * VigilImportCommitFunc:
 * @store: the store, inside the write transaction about to be committed
 * @offset: the byte offset, in the source, just past the last line the transaction covers
 * @lines: the number of lines up to @offset
 *
 * Called by a following import (vigil_importer_set_follow()) before each COMMIT, so that what
 * it writes is committed with the rows, or not at all.
 *
 * Returns: %FALSE with @error to roll the transaction back and stop the import
 */
typedef gboolean (*VigilImportCommitFunc) (VigilStore  *store,
                                           gint64       offset,
                                           gint64       lines,
                                           gpointer     user_data,
                                           GError     **error);

VigilImporter *vigil_importer_new                  (VigilStore           *store);
char          *vigil_importer_default_quarantine_path (const char     *path);

void           vigil_importer_set_quarantine_path  (VigilImporter        *self,
                                                    const char           *path);
void           vigil_importer_set_batch_size       (VigilImporter        *self,
                                                    guint                 batch_size);
void           vigil_importer_set_actor            (VigilImporter        *self,
                                                    const char           *actor);
void           vigil_importer_set_progress_func    (VigilImporter        *self,
                                                    VigilImportProgress   func,
                                                    gpointer              user_data);
void           vigil_importer_set_rejection_func   (VigilImporter        *self,
                                                    VigilImportRejection  func,
                                                    gpointer              user_data);
void           vigil_importer_set_again            (VigilImporter        *self,
                                                    gboolean              again);
void           vigil_importer_set_follow           (VigilImporter        *self,
                                                    gint64                start_offset,
                                                    gint64                start_line,
                                                    VigilImportCommitFunc func,
                                                    gpointer              user_data);

gboolean       vigil_importer_import_file          (VigilImporter        *self,
                                                    const char           *path,
                                                    GCancellable         *cancellable,
                                                    GError              **error);
gboolean       vigil_importer_import_stream        (VigilImporter        *self,
                                                    GInputStream         *stream,
                                                    const char           *source_name,
                                                    gint64                size,
                                                    GCancellable         *cancellable,
                                                    GError              **error);

gint64         vigil_importer_get_imported         (VigilImporter        *self);
gint64         vigil_importer_get_rejected         (VigilImporter        *self);
void           vigil_importer_set_outcomes         (VigilImporter        *self,
                                                    gboolean              outcomes);
gint64         vigil_importer_get_outcomes_recorded (VigilImporter       *self);
gint64         vigil_importer_get_lines            (VigilImporter        *self);
gint64         vigil_importer_get_first_id         (VigilImporter        *self);
gint64         vigil_importer_get_last_id          (VigilImporter        *self);
const char    *vigil_importer_get_quarantine_path  (VigilImporter        *self);
gboolean       vigil_importer_was_already_imported (VigilImporter        *self);
gint64         vigil_importer_get_resumed_after    (VigilImporter        *self);
gint64         vigil_importer_get_previous_lines   (VigilImporter        *self);
const char    *vigil_importer_get_previous_date    (VigilImporter        *self);
const char    *vigil_importer_get_sha256           (VigilImporter        *self);

G_END_DECLS
