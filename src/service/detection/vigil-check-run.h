/* vigil-check-run.h: what a check's function reads of a run of the detector, and adds to it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-check.h"
#include "vigil-check-result.h"
#include "vigil-policy.h"
#include "vigil-store.h"

G_BEGIN_DECLS

/* What a check's function (VigilCheckFunc) reads and adds to */
VigilStore             *vigil_check_run_get_store        (VigilCheckRun *run);
const char             *vigil_check_run_get_model        (VigilCheckRun *run);
const VigilCheckPolicy *vigil_check_run_get_policy       (VigilCheckRun *run,
                                                          VigilCheck     check);
void                    vigil_check_run_get_counts       (VigilCheckRun *run,
                                                          gint64        *n_recent,
                                                          gint64        *n_baseline,
                                                          gint64        *min_samples);
VigilCheckResult       *vigil_check_run_add_result       (VigilCheckRun *run,
                                                          VigilCheck     check);
VigilCheckResult       *vigil_check_run_add_result_in    (VigilCheckRun *run,
                                                          VigilCheck     check,
                                                          const char    *baseline_start,
                                                          const char    *window_start,
                                                          const char    *window_end);
void                    vigil_check_run_add_insufficient (VigilCheckRun *run,
                                                          VigilCheck     check,
                                                          gint64         n_recent,
                                                          gint64         n_baseline,
                                                          const char    *what);

G_END_DECLS
