/* vigil-notifier.c: a command run for each new alert, to route it to mail, chat or tickets
 *
 * The command is run as `/bin/sh -c COMMAND`, once per alert, with the alert's JSON object
 * (vigil_alert_write_json(), the line `vigilctl alerts --json` prints) on its standard input
 * and VIGIL_ALERT_ID, VIGIL_ALERT_SEVERITY and VIGIL_ALERT_MODEL in its environment. Its
 * standard output goes to standard error, so that a caller's own output (JSON Lines, say) stays
 * as it is. The input is a file, not a pipe: a command that never reads it neither blocks nor
 * breaks the caller. The command runs in a process group of its own, which is killed whole when
 * it outlives its time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-notifier"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vigil-enums.h"
#include "vigil-notifier.h"

G_DEFINE_QUARK (vigil-notifier-error-quark, vigil_notifier_error)

typedef struct
{
  GSubprocess *proc;
  gboolean     done;
  gboolean     timed_out;
  GError      *error;
} Wait;

static void
child_setup (gpointer data)
{
  /* Its own process group, so that a timeout kills whatever the shell started too */
  setpgid (0, 0);
}

static void
kill_group (GSubprocess *proc)
{
  const char *id = g_subprocess_get_identifier (proc);
  pid_t pid = id != NULL ? (pid_t) atoi (id) : 0;

  if (pid > 0)
    kill (-pid, SIGKILL);
  g_subprocess_force_exit (proc);
}

static void
on_waited (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Wait *wait = data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, &wait->error);
  wait->done = TRUE;
}

static gboolean
on_timeout (gpointer data)
{
  Wait *wait = data;

  wait->timed_out = TRUE;
  kill_group (wait->proc);
  return G_SOURCE_REMOVE;
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

/* An unlinked temporary file holding @text, at its start. */
static int
input_file (const char  *text,
            GError     **error)
{
  g_autofree char *path = NULL;
  gsize len = strlen (text);
  gsize done = 0;
  int fd;

  fd = g_file_open_tmp ("vigil-alert-XXXXXX.json", &path, error);
  if (fd < 0)
    return -1;
  g_unlink (path);
  while (done < len)
    {
      gssize n = write (fd, text + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not write the alert for the notify command: %s"),
                       g_strerror (saved));
          close (fd);
          return -1;
        }
      done += (gsize) n;
    }
  if (lseek (fd, 0, SEEK_SET) < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write the alert for the notify command: %s"), g_strerror (saved));
      close (fd);
      return -1;
    }
  return fd;
}

/**
 * vigil_notifier_run:
 * @command: a shell command line, run by /bin/sh -c
 * @alert: a stored alert, with its id
 * @timeout_seconds: how long the command may run before it is killed, from 1
 *
 * Runs @command once for @alert and waits for it (a main context of its own is iterated, so
 * this may be called from any thread). Fails when the command cannot be started, exits with a
 * status other than 0, is ended by a signal, or runs longer than @timeout_seconds (it is killed
 * then, %VIGIL_NOTIFIER_ERROR_TIMED_OUT). The alert is not touched in any case.
 */
gboolean
vigil_notifier_run (const char    *command,
                    VigilAlert    *alert,
                    guint          timeout_seconds,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(GMainContext) context = NULL;
  g_autoptr(GSource) timeout = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *id = NULL;
  const char *model;
  Wait wait = { 0 };
  int stdin_fd, stdout_fd;

  g_return_val_if_fail (VIGIL_IS_ALERT (alert), FALSE);
  g_return_val_if_fail (timeout_seconds > 0, FALSE);

  if (is_blank (command))
    {
      g_set_error (error, VIGIL_NOTIFIER_ERROR, VIGIL_NOTIFIER_ERROR_FAILED,
                   _("The notify command is empty"));
      return FALSE;
    }

  vigil_alert_write_json (alert, json);
  g_string_append_c (json, '\n');
  stdin_fd = input_file (json->str, error);
  if (stdin_fd < 0)
    return FALSE;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_take_stdin_fd (launcher, stdin_fd);
  stdout_fd = dup (STDERR_FILENO);
  if (stdout_fd >= 0)
    g_subprocess_launcher_take_stdout_fd (launcher, stdout_fd);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, vigil_alert_get_id (alert));
  model = vigil_alert_get_model_name (alert);
  g_subprocess_launcher_setenv (launcher, "VIGIL_ALERT_ID", id, TRUE);
  g_subprocess_launcher_setenv (launcher, "VIGIL_ALERT_SEVERITY",
                                vigil_severity_to_string (vigil_alert_get_severity (alert)), TRUE);
  g_subprocess_launcher_setenv (launcher, "VIGIL_ALERT_MODEL", model != NULL ? model : "", TRUE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);

  wait.proc = g_subprocess_launcher_spawn (launcher, &local_error, "/bin/sh", "-c", command,
                                           NULL);
  if (wait.proc == NULL)
    {
      g_set_error (error, VIGIL_NOTIFIER_ERROR, VIGIL_NOTIFIER_ERROR_FAILED,
                   _("Could not start the notify command “%s”: %s"), command,
                   local_error->message);
      return FALSE;
    }

  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  g_subprocess_wait_async (wait.proc, cancellable, on_waited, &wait);
  timeout = g_timeout_source_new_seconds (timeout_seconds);
  g_source_set_callback (timeout, on_timeout, &wait, NULL);
  g_source_attach (timeout, context);
  while (!wait.done)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timeout);
  g_main_context_pop_thread_default (context);

  if (wait.error != NULL)
    {
      /* Cancelled: the command is not left running behind the caller */
      kill_group (wait.proc);
      g_propagate_error (error, wait.error);
      g_object_unref (wait.proc);
      return FALSE;
    }

  if (wait.timed_out)
    g_set_error (error, VIGIL_NOTIFIER_ERROR, VIGIL_NOTIFIER_ERROR_TIMED_OUT,
                 g_dngettext (GETTEXT_PACKAGE,
                              "The notify command “%s” ran longer than %u second and was killed",
                              "The notify command “%s” ran longer than %u seconds and was killed",
                              timeout_seconds),
                 command, timeout_seconds);
  else if (g_subprocess_get_if_signaled (wait.proc))
    g_set_error (error, VIGIL_NOTIFIER_ERROR, VIGIL_NOTIFIER_ERROR_FAILED,
                 _("The notify command “%s” was ended by signal %d"), command,
                 g_subprocess_get_term_sig (wait.proc));
  else if (g_subprocess_get_exit_status (wait.proc) == 127)
    g_set_error (error, VIGIL_NOTIFIER_ERROR, VIGIL_NOTIFIER_ERROR_FAILED,
                 _("The notify command “%s” exited with status 127: the shell found no such "
                   "command"),
                 command);
  else if (g_subprocess_get_exit_status (wait.proc) != 0)
    g_set_error (error, VIGIL_NOTIFIER_ERROR, VIGIL_NOTIFIER_ERROR_FAILED,
                 _("The notify command “%s” exited with status %d"), command,
                 g_subprocess_get_exit_status (wait.proc));
  else
    {
      g_object_unref (wait.proc);
      return TRUE;
    }
  g_object_unref (wait.proc);
  return FALSE;
}
