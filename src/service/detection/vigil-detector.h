/* vigil-detector.h: the anomaly checks over a model's decision stream
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vigil-check-result.h"
#include "vigil-policy.h"
#include "vigil-check-run.h"
#include "vigil-store.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_DETECTOR (vigil_detector_get_type ())
G_DECLARE_FINAL_TYPE (VigilDetector, vigil_detector, VIGIL, DETECTOR, GObject)

/**
 * VigilDetectorProgress:
 * @done: evaluations done (one per model and instant)
 * @total: evaluations in all
 */
typedef void (*VigilDetectorProgress) (guint    done,
                                       guint    total,
                                       gpointer user_data);

VigilDetector *vigil_detector_new          (VigilStore            *store,
                                            VigilPolicy           *policy);
void           vigil_detector_set_dry_run  (VigilDetector         *self,
                                            gboolean               dry_run);
void           vigil_detector_set_checks   (VigilDetector         *self,
                                            guint                  check_mask);
GPtrArray     *vigil_detector_run          (VigilDetector         *self,
                                            const char            *model_name,
                                            const char            *as_of,
                                            GCancellable          *cancellable,
                                            GError               **error);
GPtrArray     *vigil_detector_backtest     (VigilDetector         *self,
                                            const char            *model_name,
                                            const char            *from,
                                            const char            *to,
                                            GCancellable          *cancellable,
                                            VigilDetectorProgress  progress,
                                            gpointer               progress_data,
                                            GError               **error);

G_END_DECLS
