/* vigil-view.h: what every view of the window's view stack takes from the window: the
 * database, the model and period chosen in the header, and who reviews
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "vigil-database.h"
#include "vigil-period.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_VIEW (vigil_view_get_type ())
G_DECLARE_INTERFACE (VigilView, vigil_view, VIGIL, VIEW, GtkWidget)

struct _VigilViewInterface
{
  GTypeInterface parent_iface;

  void (*set_database) (VigilView         *self,
                        VigilDatabase     *database);
  void (*set_scope)    (VigilView         *self,
                        const char        *model_name,
                        const VigilPeriod *period);
  /* optional: a view that records nobody's name leaves it NULL */
  void (*set_reviewer) (VigilView         *self,
                        const char        *reviewer);
};

void vigil_view_set_database (VigilView         *self,
                              VigilDatabase     *database);
void vigil_view_set_scope    (VigilView         *self,
                              const char        *model_name,
                              const VigilPeriod *period);
void vigil_view_set_reviewer (VigilView         *self,
                              const char        *reviewer);

G_END_DECLS
