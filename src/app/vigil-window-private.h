/* vigil-window-private.h: what the parts of VigilWindow share: its instance struct, and the
 * functions one part calls in another
 *
 * vigil-window.c holds the type, opening a database and the scope the views show;
 * vigil-window-actions.c the win.* actions and the long jobs they start;
 * vigil-window-header.c the model and period selectors of the header bar;
 * vigil-window-status.c the status bar: where the database is, what the login may do, and
 * the spools followed into it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-alerts-view.h"
#include "vigil-dashboard-view.h"
#include "vigil-decisions-view.h"
#include "vigil-job-bar.h"
#include "vigil-reports-view.h"
#include "vigil-view.h"
#include "vigil-window.h"

G_BEGIN_DECLS

struct _VigilWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  GCancellable         *cancellable;
  GCancellable         *models_cancellable;
  GFile                *file;
  char                 *location;        /* a server's URI, with any password; NULL for a file */
  char                 *password_to_keep; /* for the keyring, once the server took it */
  VigilDatabase        *database;
  VigilJob             *job;
  VigilSpoolWatcher    *watcher;         /* following the spools of Preferences */
  VigilSpoolWatcher    *stopping_watcher; /* weak: stopped, still committing */
  char                 *follow_problem;  /* the problem last told in a toast */
  char                 *last_import_time;
  GPtrArray            *model_names;     /* the dropdown's models, after "All Models" */
  char                 *model_name;      /* the chosen model, NULL for all */
  VigilPeriod           period;
  gint64                n_decisions;
  guint                 check_timer;
  guint                 fit_labels_source;
  int                   fitted_width;    /* the width the header was fitted to */
  GPtrArray            *button_labels;   /* the dropdowns' own labels, not owned */
  gulong                changed_id;
  gulong                connected_id;
  guint                 busy : 1;
  guint                 updating_models : 1;
  guint                 updating_scope : 1;
  guint                 header_compact : 1; /* the dropdowns' labels shortened */

  AdwViewSwitcherTitle *switcher_title;
  GtkDropDown          *model_dropdown;
  GtkDropDown          *period_dropdown;
  GtkButton            *refresh_button;
  GtkMenuButton        *primary_menu_button;
  GtkStringList        *model_list;
  GtkStringList        *period_list;
  GtkRevealer          *training_revealer;
  VigilJobBar          *job_bar;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  GtkSpinner           *spinner;
  AdwStatusPage        *error_page;
  AdwViewStack         *view_stack;
  AdwViewSwitcherBar   *switcher_bar;
  GtkStack             *dashboard_stack;
  AdwStatusPage        *empty_page;
  VigilDashboardView   *dashboard_view;
  VigilDecisionsView   *decisions_view;
  VigilAlertsView      *alerts_view;
  VigilReportsView     *reports_view;
  VigilView            *views[4];        /* the four above, as the window hands them scope */
  GtkImage             *location_icon;
  GtkLabel             *path_label;
  GtkLabel             *access_label;
  GtkLabel             *follow_label;
  GtkLabel             *purpose_label;
};

/* vigil-window.c */
gboolean _vigil_window_has_setting         (VigilWindow         *self,
                                            const char          *key);
void     _vigil_window_update_actions      (VigilWindow         *self);
void     _vigil_window_update_scope        (VigilWindow         *self);
void     _vigil_window_show_dashboard_or_empty (VigilWindow     *self);
void     _vigil_window_open_location       (VigilWindow         *self,
                                            GFile               *file,
                                            const char          *location,
                                            VigilStoreOpenFlags  flags,
                                            VigilPurpose         purpose);

/* vigil-window-actions.c */
void     _vigil_window_class_actions_init  (VigilWindowClass    *klass);
void     _vigil_window_actions_init        (VigilWindow         *self);
void     _vigil_window_actions_dispose     (VigilWindow         *self);

/* vigil-window-header.c */
void     _vigil_window_header_init         (VigilWindow         *self);
void     _vigil_window_header_allocated    (VigilWindow         *self,
                                            int                  width);
void     _vigil_window_load_models         (VigilWindow         *self);
void     _vigil_window_select_model_in_dropdown (VigilWindow    *self);
void     _vigil_window_refresh_period      (VigilWindow         *self);

/* vigil-window-status.c */
void     _vigil_window_status_init         (VigilWindow         *self);
void     _vigil_window_show_file           (VigilWindow         *self);
void     _vigil_window_show_access         (VigilWindow         *self);
void     _vigil_window_show_purpose        (VigilWindow         *self,
                                            VigilPurpose         purpose);
void     _vigil_window_update_follow       (VigilWindow         *self);
void     _vigil_window_stop_follow         (VigilWindow         *self);

G_END_DECLS
