/* vigil-spool-watcher.h: follows spool files into an open database from a thread of its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vigil-database.h"

G_BEGIN_DECLS

/* How often a watcher looks for new lines unless told otherwise, in milliseconds */
#define VIGIL_SPOOL_WATCHER_DEFAULT_POLL_MS 500

#define VIGIL_TYPE_SPOOL_WATCHER (vigil_spool_watcher_get_type ())
G_DECLARE_FINAL_TYPE (VigilSpoolWatcher, vigil_spool_watcher, VIGIL, SPOOL_WATCHER, GObject)

VigilSpoolWatcher  *vigil_spool_watcher_new               (VigilDatabase       *database,
                                                           const char * const  *paths);
void                vigil_spool_watcher_set_poll_interval (VigilSpoolWatcher   *self,
                                                           guint                msec);
gboolean            vigil_spool_watcher_start             (VigilSpoolWatcher   *self,
                                                           GError             **error);
void                vigil_spool_watcher_stop              (VigilSpoolWatcher   *self);

VigilDatabase      *vigil_spool_watcher_get_database      (VigilSpoolWatcher   *self);
const char * const *vigil_spool_watcher_get_paths         (VigilSpoolWatcher   *self);
guint               vigil_spool_watcher_get_n_spools      (VigilSpoolWatcher   *self);
gboolean            vigil_spool_watcher_get_running       (VigilSpoolWatcher   *self);
gint64              vigil_spool_watcher_get_imported      (VigilSpoolWatcher   *self);
gint64              vigil_spool_watcher_get_rejected      (VigilSpoolWatcher   *self);
gint64              vigil_spool_watcher_get_last_imported (VigilSpoolWatcher   *self);
const char         *vigil_spool_watcher_get_problem       (VigilSpoolWatcher   *self);

G_END_DECLS
