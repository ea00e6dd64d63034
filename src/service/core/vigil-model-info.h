/* vigil-model-info.h: a model that has logged decisions, its counts and, on a server, its desk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_MODEL_INFO (vigil_model_info_get_type ())
G_DECLARE_FINAL_TYPE (VigilModelInfo, vigil_model_info, VIGIL, MODEL_INFO, GObject)

VigilModelInfo *vigil_model_info_new                 (const char     *name,
                                                      gint64          decision_count,
                                                      const char     *first_timestamp,
                                                      const char     *last_timestamp);
const char     *vigil_model_info_get_name            (VigilModelInfo *self);
gint64          vigil_model_info_get_decision_count  (VigilModelInfo *self);
const char     *vigil_model_info_get_first_timestamp (VigilModelInfo *self);
const char     *vigil_model_info_get_last_timestamp  (VigilModelInfo *self);
const char     *vigil_model_info_get_desk            (VigilModelInfo *self);
void            vigil_model_info_set_desk            (VigilModelInfo *self,
                                                      const char     *desk);

G_END_DECLS
