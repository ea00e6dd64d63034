/* vigil-report-files.h: where this computer put the reports it exported
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  VIGIL_REPORT_FILE_UNKNOWN,  /* not exported from this computer, or its place forgotten */
  VIGIL_REPORT_FILE_MISSING,  /* exported to a path that holds nothing now */
  VIGIL_REPORT_FILE_CHANGED,  /* the path holds a file whose SHA-256 is not the report's */
  VIGIL_REPORT_FILE_FOUND,    /* the path holds the very PDF that was exported */
} VigilReportFileState;

gboolean             vigil_report_files_remember (const char    *sha256,
                                                  const char    *path,
                                                  GError       **error);
char                *vigil_report_files_lookup   (const char    *sha256);
VigilReportFileState vigil_report_files_check    (const char    *sha256,
                                                  char         **out_path,
                                                  GCancellable  *cancellable,
                                                  GError       **error);

G_END_DECLS
