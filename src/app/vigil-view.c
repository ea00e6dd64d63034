/* vigil-view.c: what every view of the window's view stack takes from the window
 *
 * The window hands each of its views the same three things the same way, in one loop: the
 * open database, the scope chosen in the header (a model or all, and a period), and the
 * reviewer named in Preferences. A view may narrow the scope itself (the Decisions view
 * shows one day of a chart), until the window sets another.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-view"

#include "config.h"

#include "vigil-view.h"

G_DEFINE_INTERFACE (VigilView, vigil_view, GTK_TYPE_WIDGET)

static void
vigil_view_default_init (VigilViewInterface *iface)
{
}

/**
 * vigil_view_set_database:
 * @database: (nullable): the open database, or %NULL while none is
 */
void
vigil_view_set_database (VigilView     *self,
                         VigilDatabase *database)
{
  g_return_if_fail (VIGIL_IS_VIEW (self));
  g_return_if_fail (database == NULL || VIGIL_IS_DATABASE (database));

  VIGIL_VIEW_GET_IFACE (self)->set_database (self, database);
}

/**
 * vigil_view_set_scope:
 * @model_name: (nullable): the model chosen in the header, %NULL for every model
 * @period: the days chosen in the header
 *
 * Shows @model_name over @period, replacing any narrower filter the view had.
 */
void
vigil_view_set_scope (VigilView         *self,
                      const char        *model_name,
                      const VigilPeriod *period)
{
  g_return_if_fail (VIGIL_IS_VIEW (self));
  g_return_if_fail (period != NULL);

  VIGIL_VIEW_GET_IFACE (self)->set_scope (self, model_name, period);
}

/**
 * vigil_view_set_reviewer:
 * @reviewer: (nullable): the name recorded with what the user acknowledges or reviews
 */
void
vigil_view_set_reviewer (VigilView  *self,
                         const char *reviewer)
{
  VigilViewInterface *iface;

  g_return_if_fail (VIGIL_IS_VIEW (self));

  iface = VIGIL_VIEW_GET_IFACE (self);
  if (iface->set_reviewer != NULL)
    iface->set_reviewer (self, reviewer);
}
