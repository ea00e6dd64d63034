/* test-notifier.c: the command run for each new alert: its input, environment, failures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#include "vigil-alert-private.h"
#include "vigil-notifier.h"

typedef struct
{
  char       *dir;
  VigilAlert *alert;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("vigil-notifier-XXXXXX", &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chdir (f->dir), ==, 0);
  f->alert = vigil_alert_new ("distribution_shift", VIGIL_SEVERITY_HIGH, "Momentum “Ω”",
                              "SELL share rose from 20% to 45%");
  vigil_alert_set_windows (f->alert, "2026-03-01T00:00:00.000000", "2026-03-08T00:00:00.000000",
                           "2026-03-09T00:00:00.000000");
  vigil_alert_set_evidence (f->alert, 0.45, 0.2, 0.2, 120, 840, 1e-6);
  vigil_alert_get_fields (f->alert)->id = 42;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  const char *names[] = { "in.json", "env.txt", NULL };

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (f->dir, names[i], NULL);
      g_remove (path);
    }
  g_assert_cmpint (g_chdir ("/"), ==, 0);
  g_rmdir (f->dir);
  g_free (f->dir);
  g_object_unref (f->alert);
}

static void
test_input_and_environment (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autofree char *input = NULL, *env = NULL;
  JsonObject *o;

  g_assert_true (vigil_notifier_run ("cat > in.json; printf '%s|%s|%s' \"$VIGIL_ALERT_ID\" "
                                     "\"$VIGIL_ALERT_SEVERITY\" \"$VIGIL_ALERT_MODEL\" > env.txt",
                                     f->alert, 10, NULL, &error));
  g_assert_no_error (error);

  /* One line: the alert's object, as `vigilctl alerts --json` prints it */
  g_file_get_contents ("in.json", &input, NULL, &error);
  g_assert_no_error (error);
  vigil_alert_write_json (f->alert, expected);
  g_string_append_c (expected, '\n');
  g_assert_cmpstr (input, ==, expected->str);
  json_parser_load_from_data (parser, input, -1, &error);
  g_assert_no_error (error);
  o = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (o, "kind"), ==, "alert");
  g_assert_cmpint (json_object_get_int_member (o, "id"), ==, 42);
  g_assert_cmpstr (json_object_get_string_member (o, "severity"), ==, "HIGH");
  g_assert_cmpstr (json_object_get_string_member (o, "model_name"), ==, "Momentum “Ω”");
  g_assert_cmpint (json_object_get_int_member (o, "n_recent"), ==, 120);

  g_file_get_contents ("env.txt", &env, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (env, ==, "42|HIGH|Momentum “Ω”");

  /* A command that never reads its input is no trouble */
  g_assert_true (vigil_notifier_run ("true", f->alert, 10, NULL, &error));
  g_assert_no_error (error);
}

static void
test_failures (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (vigil_notifier_run ("exit 5", f->alert, 10, NULL, &error));
  g_assert_error (error, VIGIL_NOTIFIER_ERROR, VIGIL_NOTIFIER_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "“exit 5” exited with status 5"));
  g_clear_error (&error);

  g_assert_false (vigil_notifier_run ("no-such-vigil-command-anywhere", f->alert, 10, NULL,
                                      &error));
  g_assert_error (error, VIGIL_NOTIFIER_ERROR, VIGIL_NOTIFIER_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "no-such-vigil-command-anywhere"));
  g_assert_nonnull (strstr (error->message, "no such command"));
  g_clear_error (&error);

  g_assert_false (vigil_notifier_run ("kill -TERM $$", f->alert, 10, NULL, &error));
  g_assert_error (error, VIGIL_NOTIFIER_ERROR, VIGIL_NOTIFIER_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "signal 15"));
  g_clear_error (&error);

  g_assert_false (vigil_notifier_run (" ", f->alert, 10, NULL, &error));
  g_assert_error (error, VIGIL_NOTIFIER_ERROR, VIGIL_NOTIFIER_ERROR_FAILED);
}

/* A command that outlives its time is killed, with what it started */
static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autofree char *pid_text = NULL;
  int pid;

  g_assert_false (vigil_notifier_run ("sleep 600 & echo $! > env.txt; wait", f->alert, 1, NULL,
                                      &error));
  g_assert_error (error, VIGIL_NOTIFIER_ERROR, VIGIL_NOTIFIER_ERROR_TIMED_OUT);
  g_assert_nonnull (strstr (error->message, "longer than 1 second"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 30 * G_USEC_PER_SEC);

  /* The shell's child is gone too (or a zombie of init's, never still sleeping) */
  g_assert_true (g_file_get_contents ("env.txt", &pid_text, NULL, NULL));
  pid = atoi (pid_text);
  g_assert_cmpint (pid, >, 0);
  for (int i = 0; i < 500; i++)
    {
      g_autofree char *stat_path = g_strdup_printf ("/proc/%d/stat", pid);
      g_autofree char *stat = NULL;

      if (!g_file_get_contents (stat_path, &stat, NULL, NULL) || strstr (stat, ") Z ") != NULL)
        return;
      g_usleep (10000);
    }
  g_assert_not_reached ();
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/vigil/notifier/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("input-and-environment", test_input_and_environment);
  ADD ("failures", test_failures);
  ADD ("timeout", test_timeout);
#undef ADD

  return g_test_run ();
}
