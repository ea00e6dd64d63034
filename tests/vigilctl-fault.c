/* vigilctl-fault.c: vigilctl for the fault-injection tests
 *
 * Linked with vigilctl.c into a test-only program: before main, it puts the fault VFS under
 * every connection as $VIGIL_FAULT_AT ("N" or "N:enospc"; unset or 0: count only) asks, and
 * at exit writes how many writes and syncs there were to $VIGIL_FAULT_COUNT, if set.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil-fault-vfs.h"

static void
write_count (void)
{
  const char *path = g_getenv ("VIGIL_FAULT_COUNT");
  g_autofree char *text = NULL;

  if (path == NULL)
    return;
  text = g_strdup_printf ("%" G_GINT64_FORMAT "\n", vigil_fault_vfs_get_count ());
  g_file_set_contents (path, text, -1, NULL);
}

__attribute__ ((constructor)) static void
install_faults (void)
{
  const char *spec = g_getenv ("VIGIL_FAULT_AT");
  gint64 at = spec ? g_ascii_strtoll (spec, NULL, 10) : 0;
  VigilFault kind = spec && strstr (spec, "enospc") ? VIGIL_FAULT_ENOSPC : VIGIL_FAULT_EIO;

  vigil_fault_vfs_install (at, kind);
  atexit (write_count);
}
