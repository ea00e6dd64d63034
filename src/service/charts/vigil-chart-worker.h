/* vigil-chart-worker.h: the charts painted into images by one thread of their own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <cairo.h>

#include "vigil-chart-kind.h"
#include "vigil-chart-style.h"
#include "vigil-dashboard.h"

G_BEGIN_DECLS

/**
 * VigilChartWorkerFunc:
 * @image: (transfer none) (nullable): the chart, a %CAIRO_FORMAT_ARGB32 image surface of
 *   the size asked for times the scale (its device scale set to it); %NULL when the request
 *   was cancelled before it was painted, or the image could not be made
 * @user_data: what vigil_chart_worker_paint() was given
 *
 * Runs in the main context of the thread that asked, never in the worker. Reference @image
 * to keep it.
 */
typedef void (*VigilChartWorkerFunc) (cairo_surface_t *image,
                                      gpointer         user_data);

void vigil_chart_worker_paint (VigilChartKind         kind,
                               VigilDashboard        *data,
                               const VigilChartStyle *style,
                               int                    width,
                               int                    height,
                               double                 scale,
                               GCancellable          *cancellable,
                               VigilChartWorkerFunc   func,
                               gpointer               user_data,
                               GDestroyNotify         notify);

G_END_DECLS
