/* vigil-job.h: long work in a thread of its own, with progress and a way to cancel it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_JOB (vigil_job_get_type ())
G_DECLARE_FINAL_TYPE (VigilJob, vigil_job, VIGIL, JOB, GObject)

typedef gpointer (*VigilJobFunc) (VigilJob      *job,
                                  gpointer       data,
                                  GCancellable  *cancellable,
                                  GError       **error);

VigilJob     *vigil_job_new          (const char          *title);
const char   *vigil_job_get_title    (VigilJob            *self);
double        vigil_job_get_fraction (VigilJob            *self);
const char   *vigil_job_get_message  (VigilJob            *self);
gboolean      vigil_job_get_running  (VigilJob            *self);
void          vigil_job_update       (VigilJob            *self,
                                      double               fraction,
                                      const char          *message);
void          vigil_job_cancel       (VigilJob            *self);
void          vigil_job_run_async    (VigilJob            *self,
                                      VigilJobFunc         func,
                                      gpointer             data,
                                      GDestroyNotify       data_free,
                                      GDestroyNotify       result_free,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
gpointer      vigil_job_run_finish   (VigilJob            *self,
                                      GAsyncResult        *result,
                                      GError             **error);

G_END_DECLS
