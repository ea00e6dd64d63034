/* vigil-decision-list.h: the decisions of a query as a list model, read page by page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vigil-database.h"
#include "vigil-decision-item.h"
#include "vigil-decision-query.h"

G_BEGIN_DECLS

#define VIGIL_DECISION_LIST_PAGE_SIZE 256

#define VIGIL_TYPE_DECISION_LIST (vigil_decision_list_get_type ())
G_DECLARE_FINAL_TYPE (VigilDecisionList, vigil_decision_list, VIGIL, DECISION_LIST, GObject)

VigilDecisionList  *vigil_decision_list_new           (VigilDatabase      *database,
                                                       VigilDecisionQuery *query);
VigilDatabase      *vigil_decision_list_get_database  (VigilDecisionList  *self);
VigilDecisionQuery *vigil_decision_list_get_query     (VigilDecisionList  *self);
void                vigil_decision_list_set_query     (VigilDecisionList  *self,
                                                       VigilDecisionQuery *query);
void                vigil_decision_list_reload        (VigilDecisionList  *self);
gboolean            vigil_decision_list_get_loading   (VigilDecisionList  *self);
const char         *vigil_decision_list_get_error_message (VigilDecisionList *self);
guint               vigil_decision_list_get_n_pages_cached (VigilDecisionList *self);

G_END_DECLS
