/* vigil-job-bar.h: the bar that shows a long job's progress, with a Cancel button
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vigil-job.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_JOB_BAR (vigil_job_bar_get_type ())
G_DECLARE_FINAL_TYPE (VigilJobBar, vigil_job_bar, VIGIL, JOB_BAR, AdwBin)

void      vigil_job_bar_set_job (VigilJobBar *self,
                                 VigilJob    *job);
VigilJob *vigil_job_bar_get_job (VigilJobBar *self);

G_END_DECLS
