/* vigil-outcome-map.h: a model's own rules for which outcomes show a prediction right or wrong
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest prediction or outcome a mapping names, in bytes */
#define VIGIL_OUTCOME_MAP_MAX_LABEL 256

typedef struct _VigilOutcomeMap VigilOutcomeMap;

VigilOutcomeMap *vigil_outcome_map_new             (void);
VigilOutcomeMap *vigil_outcome_map_ref             (VigilOutcomeMap       *self);
void             vigil_outcome_map_unref           (VigilOutcomeMap       *self);
gboolean         vigil_outcome_map_add             (VigilOutcomeMap       *self,
                                                    const char            *prediction,
                                                    gboolean               right,
                                                    const char            *outcome,
                                                    GError               **error);
gboolean         vigil_outcome_map_lookup          (const VigilOutcomeMap *self,
                                                    const char            *prediction,
                                                    const char            *outcome,
                                                    gboolean              *out_right);
gboolean         vigil_outcome_map_has_prediction  (const VigilOutcomeMap *self,
                                                    const char            *label);
gboolean         vigil_outcome_map_equal           (const VigilOutcomeMap *a,
                                                    const VigilOutcomeMap *b);
void             vigil_outcome_map_to_data         (const VigilOutcomeMap *self,
                                                    GString               *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilOutcomeMap, vigil_outcome_map_unref)

G_END_DECLS
