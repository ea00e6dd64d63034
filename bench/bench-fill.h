/* bench-fill.h: the decisions the benchmarks fill their databases with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-store.h"

/* The notebook's two models over @days days from @start_usec in time order, through the
 * store's own append path: 60% trading signals naming a ticker (with a SELL surge on the last
 * day), 40% credit approvals naming none. */
void bench_fill_decisions (VigilStore *store,
                           gint64      n,
                           gint64      start_usec,
                           int         days);
