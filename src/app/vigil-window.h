/* vigil-window.h: a window on one Vigil database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vigil-dashboard-view.h"
#include "vigil-database.h"
#include "vigil-job.h"
#include "vigil-period.h"
#include "vigil-spool-watcher.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_WINDOW (vigil_window_get_type ())
G_DECLARE_FINAL_TYPE (VigilWindow, vigil_window, VIGIL, WINDOW, AdwApplicationWindow)

VigilWindow        *vigil_window_new            (GtkApplication      *application);
void                vigil_window_open           (VigilWindow         *self,
                                                 GFile               *file,
                                                 VigilStoreOpenFlags  flags);
void                vigil_window_open_server    (VigilWindow         *self,
                                                 const char          *uri);
GFile              *vigil_window_get_file       (VigilWindow         *self);
VigilDatabase      *vigil_window_get_database   (VigilWindow         *self);
gboolean            vigil_window_get_busy       (VigilWindow         *self);
VigilJob           *vigil_window_get_job        (VigilWindow         *self);
VigilDashboardView *vigil_window_get_dashboard_view (VigilWindow     *self);

void                vigil_window_select_model   (VigilWindow         *self,
                                                 const char          *model_name);
const char         *vigil_window_get_model      (VigilWindow         *self);
void                vigil_window_set_period     (VigilWindow         *self,
                                                 const VigilPeriod   *period);
const VigilPeriod  *vigil_window_get_period     (VigilWindow         *self);
void                vigil_window_show_decisions (VigilWindow         *self,
                                                 const char          *model_name,
                                                 const char          *first_day,
                                                 const char          *last_day,
                                                 gboolean             flagged_only);
void                vigil_window_show_alerts    (VigilWindow         *self);
VigilSpoolWatcher  *vigil_window_get_spool_watcher (VigilWindow      *self);
void                vigil_window_import         (VigilWindow         *self,
                                                 const char          *path);
void                vigil_window_simulate       (VigilWindow         *self,
                                                 const char          *path);
void                vigil_window_show_simulation (VigilWindow       *self,
                                                  const char        *path,
                                                  const char        *model_name,
                                                  const VigilPeriod *period);
void                vigil_window_toast          (VigilWindow         *self,
                                                 const char          *message);

G_END_DECLS
