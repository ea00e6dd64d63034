/* vigil-output.h: output files that never land on the data they come from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _VigilOutputFile VigilOutputFile;

gboolean         vigil_output_check_path     (const char         *path,
                                              const char         *database,
                                              const char * const *inputs,
                                              GError            **error);

VigilOutputFile *vigil_output_file_open      (const char         *path,
                                              const char         *database,
                                              const char * const *inputs,
                                              int                 mode,
                                              GError            **error);
GOutputStream   *vigil_output_file_get_stream (VigilOutputFile   *self);
gboolean         vigil_output_file_commit    (VigilOutputFile    *self,
                                              GError            **error);
void             vigil_output_file_free      (VigilOutputFile    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilOutputFile, vigil_output_file_free)

G_END_DECLS
