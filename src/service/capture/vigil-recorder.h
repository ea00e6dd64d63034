/* vigil-recorder.h: logs decisions from model code without slowing it down or losing any
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vigil-decision.h"

G_BEGIN_DECLS

/* Decisions held in memory before they go to the overflow file instead */
#define VIGIL_RECORDER_DEFAULT_CAPACITY 65536
/* A transaction commits at most this many decisions, or what arrived within the interval */
#define VIGIL_RECORDER_BATCH            1000
#define VIGIL_RECORDER_INTERVAL_MSEC    100

#define VIGIL_TYPE_RECORDER (vigil_recorder_get_type ())
G_DECLARE_FINAL_TYPE (VigilRecorder, vigil_recorder, VIGIL, RECORDER, GObject)

VigilRecorder *vigil_recorder_new           (const char     *database_path,
                                             const char     *spool_path,
                                             guint           capacity,
                                             GError        **error);
gboolean       vigil_recorder_log           (VigilRecorder  *self,
                                             VigilDecision  *decision,
                                             GError        **error);
gboolean       vigil_recorder_flush         (VigilRecorder  *self,
                                             GError        **error);
gboolean       vigil_recorder_close         (VigilRecorder  *self,
                                             GError        **error);

const char    *vigil_recorder_get_spool_path (VigilRecorder *self);
guint64        vigil_recorder_get_committed (VigilRecorder  *self);
guint64        vigil_recorder_get_spooled   (VigilRecorder  *self);

G_END_DECLS
