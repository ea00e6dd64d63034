/* vigil-ui-test.h: what the ui tests share: waiting on the main loop, finding widgets,
 * screenshots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vigil-window.h"

G_BEGIN_DECLS

/* How long a test waits for something to happen before it fails */
#define VIGIL_UI_TEST_WAIT_MS 60000

typedef gboolean (*VigilUiTestPredicate) (gpointer data);

/* A label showing text somewhere under root: the data of vigil_ui_test_label_shown() */
typedef struct
{
  GtkWidget  *root;
  const char *text;
} VigilUiTestLabelWait;

void              vigil_ui_test_init            (int                  *argc,
                                                 char               ***argv);
gboolean          vigil_ui_test_wait_for        (VigilUiTestPredicate  predicate,
                                                 gpointer              data);
void              vigil_ui_test_wait_frames     (GtkWidget            *widget,
                                                 guint                 n_frames);
gboolean          vigil_ui_test_charts_painted  (gpointer              widget);
void              vigil_ui_test_save_screenshot (GtkWidget            *widget,
                                                 const char           *name);
gpointer          vigil_ui_test_find_toplevel   (GType                 type);
AdwMessageDialog *vigil_ui_test_find_dialog     (const char           *heading);
GtkLabel         *vigil_ui_test_find_label      (GtkWidget            *root,
                                                 const char           *text);
gboolean          vigil_ui_test_label_shown     (gpointer              label_wait);
int               vigil_ui_test_minimum_width   (GtkWidget            *widget);
char             *vigil_ui_test_isolate         (void);
void              vigil_ui_test_remove_tree     (const char           *path);
void              vigil_ui_test_use_gnome_decorations (void);
void              vigil_ui_test_send_key        (GtkWidget            *widget,
                                                 guint                 keyval,
                                                 GdkModifierType       modifiers);
GtkWidget        *vigil_ui_test_get_focus       (GtkWidget            *widget);

/* The main window */
gpointer          vigil_ui_test_window_child    (VigilWindow          *window,
                                                 const char           *name);
gboolean          vigil_ui_test_window_settled  (gpointer              window);
gboolean          vigil_ui_test_dashboard_loaded (gpointer             window);
VigilWindow      *vigil_ui_test_open_window     (GApplication         *app,
                                                 GFile                *file);

G_END_DECLS
