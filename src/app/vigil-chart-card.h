/* vigil-chart-card.h: one chart of the dashboard, with its title and what it shows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "vigil-chart-view.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_CHART_CARD (vigil_chart_card_get_type ())
G_DECLARE_FINAL_TYPE (VigilChartCard, vigil_chart_card, VIGIL, CHART_CARD, GtkWidget)

GtkWidget      *vigil_chart_card_new       (VigilChartKind  kind,
                                            const char     *title,
                                            const char     *subtitle);
VigilChartView *vigil_chart_card_get_chart (VigilChartCard *self);

G_END_DECLS
