/* vigil-export.h: decisions written out as JSON Lines or CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vigil-store.h"

G_BEGIN_DECLS

typedef void (*VigilExportProgress) (gint64   written,
                                     gpointer user_data);

gboolean vigil_export_decisions (VigilStore           *store,
                                 VigilDecisionQuery   *query,
                                 VigilExportFormat     format,
                                 VigilExportFlags      flags,
                                 GOutputStream        *out,
                                 GCancellable         *cancellable,
                                 VigilExportProgress   progress,
                                 gpointer              progress_data,
                                 gint64               *out_count,
                                 GError              **error);

gboolean vigil_export_csv_needs_neutralizing (const char *value);

G_END_DECLS
