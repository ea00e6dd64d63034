/* bench-wait.h: the benchmarks of the app wait on its main loop for a condition, with a bound
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean bench_run_until (gboolean (*predicate) (gpointer),
                          gpointer   data,
                          guint      timeout_ms);

G_END_DECLS
