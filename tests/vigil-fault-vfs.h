/* vigil-fault-vfs.h: an SQLite VFS for the tests that makes the N-th write or sync fail
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

typedef enum
{
  VIGIL_FAULT_EIO,     /* that one write or sync fails with an I/O error */
  VIGIL_FAULT_ENOSPC,  /* that write and every later one find the disk full */
} VigilFault;

void   vigil_fault_vfs_install   (gint64     at,
                                  VigilFault kind);
gint64 vigil_fault_vfs_get_count (void);
