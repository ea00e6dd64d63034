/* vigil-follower.h: ingests decisions from a spool file as it grows, exactly once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vigil-importer.h"
#include "vigil-store.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_FOLLOWER (vigil_follower_get_type ())
G_DECLARE_FINAL_TYPE (VigilFollower, vigil_follower, VIGIL, FOLLOWER, GObject)

VigilFollower *vigil_follower_new                 (VigilStore           *store,
                                                   const char           *path);
void           vigil_follower_set_quarantine_path (VigilFollower        *self,
                                                   const char           *path);
void           vigil_follower_set_rejection_func  (VigilFollower        *self,
                                                   VigilImportRejection  func,
                                                   gpointer              user_data);

gboolean       vigil_follower_poll                (VigilFollower        *self,
                                                   GCancellable         *cancellable,
                                                   GError              **error);
gboolean       vigil_follower_is_drained          (VigilFollower        *self);

const char    *vigil_follower_get_path            (VigilFollower        *self);
const char    *vigil_follower_get_quarantine_path (VigilFollower        *self);
gint64         vigil_follower_get_imported        (VigilFollower        *self);
gint64         vigil_follower_get_rejected        (VigilFollower        *self);
gint64         vigil_follower_get_offset          (VigilFollower        *self);
guint          vigil_follower_get_rotations       (VigilFollower        *self);

gboolean       vigil_follower_error_is_transient  (const GError         *error);
gboolean       vigil_follower_record_run          (VigilStore           *store,
                                                   const char * const   *paths,
                                                   guint                 n_paths,
                                                   gint64                imported,
                                                   gint64                rejected,
                                                   GError              **error);

G_END_DECLS
