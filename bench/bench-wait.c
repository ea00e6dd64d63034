/* bench-wait.c: iterating the main loop until a condition holds, or a bound passes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bench-wait.h"

static gboolean
expire_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the default main context until @predicate holds or @timeout_ms passed; returns
 * whether it holds */
gboolean
bench_run_until (gboolean (*predicate) (gpointer),
                 gpointer   data,
                 guint      timeout_ms)
{
  gboolean expired = FALSE;
  guint source = g_timeout_add (timeout_ms, expire_cb, &expired);

  while (!predicate (data) && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (source);
  return predicate (data);
}
