/* vigil-detector-checks.h: the detector's functions for the built-in checks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-check.h"

G_BEGIN_DECLS

gboolean vigil_detector_check_distribution  (VigilCheckRun  *run,
                                             VigilCheck      check,
                                             GCancellable   *cancellable,
                                             GError        **error);
gboolean vigil_detector_check_concentration (VigilCheckRun  *run,
                                             VigilCheck      check,
                                             GCancellable   *cancellable,
                                             GError        **error);
gboolean vigil_detector_check_confidence    (VigilCheckRun  *run,
                                             VigilCheck      check,
                                             GCancellable   *cancellable,
                                             GError        **error);
gboolean vigil_detector_check_volume        (VigilCheckRun  *run,
                                             VigilCheck      check,
                                             GCancellable   *cancellable,
                                             GError        **error);
gboolean vigil_detector_check_feature_drift (VigilCheckRun  *run,
                                             VigilCheck      check,
                                             GCancellable   *cancellable,
                                             GError        **error);
gboolean vigil_detector_check_data_quality  (VigilCheckRun  *run,
                                             VigilCheck      check,
                                             GCancellable   *cancellable,
                                             GError        **error);
gboolean vigil_detector_check_performance_drop (VigilCheckRun  *run,
                                                VigilCheck      check,
                                                GCancellable   *cancellable,
                                                GError        **error);
gboolean vigil_detector_check_categorical_drift (VigilCheckRun  *run,
                                                 VigilCheck      check,
                                                 GCancellable   *cancellable,
                                                 GError        **error);

G_END_DECLS
