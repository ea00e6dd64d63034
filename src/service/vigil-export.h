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
                                 GOutputStream        *out,
                                 GCancellable         *cancellable,
                                 VigilExportProgress   progress,
                                 gpointer              progress_data,
                                 gint64               *out_count,
                                 GError              **error);

G_END_DECLS
