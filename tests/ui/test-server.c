/* test-server.c: two windows on one database server, as two logins
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Needs VIGIL_TEST_POSTGRES, a libpq URI of a superuser of a throwaway cluster (see
 * tests/pg-cluster): the test creates a database and two logins there, and drops them.
 */

#define G_LOG_DOMAIN "test-server"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "vigil-alert.h"
#include "vigil-application.h"
#include "vigil-sql.h"
#include "vigil-store.h"
#include "vigil-ui-test.h"
#include "vigil-window.h"

static VigilApplication *app;
static char *tmp_dir;

static void
admin_exec (const char *admin_uri,
            const char *text)
{
  g_autoptr(VigilSql) admin = NULL;

  g_assert_cmpint (vigil_sql_open (admin_uri, 0, &admin), ==, VIGIL_SQL_OK);
  if (vigil_sql_exec (admin, text) != VIGIL_SQL_OK)
    g_error ("%s: %s", text, vigil_sql_errmsg (admin));
}

static char *
uri_with (const char *uri,
          const char *key,
          const char *value)
{
  return g_strdup_printf ("%s%c%s=%s", uri, strchr (uri, '?') != NULL ? '&' : '?', key, value);
}

static const char *
status_text (VigilWindow *window,
             const char  *name)
{
  GtkLabel *label = vigil_ui_test_window_child (window, name);

  return gtk_widget_get_visible (GTK_WIDGET (label)) ? gtk_label_get_label (label) : NULL;
}

static VigilWindow *
open_as (const char *uri)
{
  VigilWindow *window = vigil_window_new (GTK_APPLICATION (app));

  vigil_window_open_server (window, uri);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (vigil_ui_test_wait_for (vigil_ui_test_window_settled, window));
  g_assert_nonnull (vigil_window_get_database (window));
  return window;
}

/* A reviewer and an auditor, each in a window of their own: the reviewer's acknowledgement
 * shows in the auditor's window, under the reviewer's login, without a reload; the auditor's
 * window says it is read-only */
static void
test_two_logins (void)
{
  const char *admin_uri = g_getenv ("VIGIL_TEST_POSTGRES");
  g_autofree char *name = NULL;
  g_autofree char *create = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *reviewer = NULL;
  g_autofree char *auditor = NULL;
  g_autofree char *reviewer_uri = NULL;
  g_autofree char *auditor_uri = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilStore) reviewer_store = NULL;
  g_autoptr(VigilAlert) alert = NULL;
  VigilWindow *reviewer_window;
  VigilWindow *auditor_window;
  gboolean inserted = FALSE;
  gint64 started;

  if (admin_uri == NULL || *admin_uri == '\0')
    {
      g_test_fail_printf ("VIGIL_TEST_POSTGRES is not set: set it to the libpq URI of a "
                          "PostgreSQL superuser, e.g. postgresql:///postgres?host=/run/postgresql");
      return;
    }

  name = g_strdup_printf ("vigil_ui_%d", (int) getpid ());
  reviewer = g_strdup_printf ("rita_%d", (int) getpid ());
  auditor = g_strdup_printf ("audrey_%d", (int) getpid ());
  create = g_strdup_printf ("CREATE DATABASE %s", name);
  admin_exec (admin_uri, create);
  uri = uri_with (admin_uri, "dbname", name);

  /* The administrator creates the schema (and the group roles), an alert, and two logins */
  store = vigil_store_open (uri, VIGIL_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  alert = vigil_alert_new ("distribution_shift", VIGIL_SEVERITY_HIGH, "MomentumSignal",
                           "SELL share rose from 20% to 45%");
  {
    /* in the window's default period, the last days */
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autoptr(GDateTime) day = g_date_time_add_days (now, -1);
    g_autoptr(GDateTime) week = g_date_time_add_days (now, -8);
    g_autofree char *day_text = g_date_time_format (day, "%Y-%m-%dT00:00:00Z");
    g_autofree char *week_text = g_date_time_format (week, "%Y-%m-%dT00:00:00Z");
    g_autofree char *end_text = g_date_time_format (now, "%Y-%m-%dT00:00:00Z");

    vigil_alert_set_windows (alert, week_text, day_text, end_text);
  }
  vigil_alert_set_evidence (alert, 0.45, 0.2, 0.2, 120, 840, 1e-6);
  g_assert_true (vigil_store_add_alert (store, alert, &inserted, &error));
  g_assert_no_error (error);
  text = g_strdup_printf ("CREATE ROLE %s LOGIN IN ROLE vigil_reviewer; "
                          "CREATE ROLE %s LOGIN IN ROLE vigil_auditor", reviewer, auditor);
  admin_exec (uri, text);

  reviewer_uri = uri_with (uri, "user", reviewer);
  auditor_uri = uri_with (uri, "user", auditor);
  reviewer_window = open_as (reviewer_uri);
  auditor_window = open_as (auditor_uri);

  /* The status bar says where and who; only the auditor's window is read-only */
  g_free (expected);
  expected = g_strdup_printf ("database %s · login %s", name, reviewer);
  g_assert_nonnull (strstr (status_text (reviewer_window, "path_label"), expected));
  g_assert_cmpstr (status_text (reviewer_window, "access_label"), ==, NULL);
  g_free (expected);
  expected = g_strdup_printf ("login %s", auditor);
  g_assert_nonnull (strstr (status_text (auditor_window, "path_label"), expected));
  g_assert_cmpstr (status_text (auditor_window, "access_label"), ==, "View and verify only");
  g_assert_false (vigil_database_may (vigil_window_get_database (auditor_window),
                                      VIGIL_STORE_MAY_ACKNOWLEDGE));
  g_assert_true (vigil_database_may (vigil_window_get_database (reviewer_window),
                                     VIGIL_STORE_MAY_ACKNOWLEDGE));
  g_assert_false (vigil_database_may (vigil_window_get_database (auditor_window),
                                      VIGIL_STORE_MAY_IMPORT));

  /* The auditor looks at the alerts */
  gtk_widget_activate_action (GTK_WIDGET (auditor_window), "win.show-page", "s", "alerts");
  {
    VigilUiTestLabelWait wait = { GTK_WIDGET (auditor_window), "Unacknowledged" };

    g_assert_true (vigil_ui_test_wait_for (vigil_ui_test_label_shown, &wait));
  }

  /* The reviewer acknowledges it, on a connection of their own, under a display name */
  reviewer_store = vigil_store_open (reviewer_uri, VIGIL_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  started = g_get_monotonic_time ();
  g_assert_true (vigil_store_acknowledge_alert (reviewer_store, vigil_alert_get_id (alert),
                                                "Rita Example", "seen", &error));
  g_assert_no_error (error);

  /* and the auditor's window shows it, under the reviewer's login, by itself */
  {
    VigilUiTestLabelWait wait = { GTK_WIDGET (auditor_window), reviewer };

    g_assert_true (vigil_ui_test_wait_for (vigil_ui_test_label_shown, &wait));
    g_test_message ("the acknowledgement showed in the other window after %.2f s",
                    (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  }
  vigil_ui_test_save_screenshot (GTK_WIDGET (auditor_window), "server-auditor.png");

  gtk_window_destroy (GTK_WINDOW (reviewer_window));
  gtk_window_destroy (GTK_WINDOW (auditor_window));
  g_clear_object (&reviewer_store);
  g_clear_object (&store);
  g_free (text);
  text = g_strdup_printf ("DROP DATABASE %s WITH (FORCE)", name);
  admin_exec (admin_uri, text);
  g_free (text);
  text = g_strdup_printf ("DROP ROLE %s; DROP ROLE %s", reviewer, auditor);
  admin_exec (admin_uri, text);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  tmp_dir = vigil_ui_test_isolate ();

  vigil_ui_test_init (&argc, &argv);
  vigil_ui_test_use_gnome_decorations ();

  app = vigil_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/vigil/server/two-logins", test_two_logins);

  status = g_test_run ();

  g_clear_object (&app);
  vigil_ui_test_remove_tree (tmp_dir);
  g_free (tmp_dir);

  return status;
}
