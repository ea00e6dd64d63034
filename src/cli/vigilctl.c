/* vigilctl.c: Vigil's command-line tool, for scripts, cron jobs and servers without a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigilctl"

#include "config.h"

#include <inttypes.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gio/gunixoutputstream.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "vigil-detector.h"
#include "vigil-export.h"
#include "vigil-follower.h"
#include "vigil-importer.h"
#include "vigil-notifier.h"
#include "vigil-scorecard.h"
#include "vigil-simulator.h"
#include "vigil-json.h"
#include "vigil-output.h"
#include "vigil-report.h"
#include "vigil-summary-text.h"
#include "vigil-store.h"
#include "vigil-timestamp.h"

/* The exit statuses, as vigilctl(1) documents them */
#define EXIT_OK       0
#define EXIT_FAILED   1   /* the database, a file, the data */
#define EXIT_USAGE    2   /* the command line: unknown command or option, missing argument */
#define EXIT_REJECTED 3   /* import, follow: some lines were rejected */
#define EXIT_FAIL_ON  4   /* detect --fail-on: a new alert at or above that severity */

/* How many rejected lines an import names on the terminal; all go to the quarantine. */
#define MAX_SHOWN_REJECTIONS 20

typedef struct
{
  const char *name;
  const char *parameters;
  const char *summary;
  int       (*run) (int argc, char **argv);
} Command;

static char *opt_db;
static gboolean opt_json;

static GOptionEntry common_entries[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt_db,
    N_("The database (default: $VIGIL_DB, else $XDG_DATA_HOME/vigil/vigil.db)"), N_("PATH") },
  { NULL }
};

static GOptionEntry json_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print one JSON object per line"), NULL },
  { NULL }
};

static void
fail (const char *format,
      ...) G_GNUC_PRINTF (1, 2);

static void
fail (const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("vigilctl: %s\n", message);
}

/* A command line that cannot be run as written: says why, and gives EXIT_USAGE. */
static int
usage_error (const char *format,
             ...) G_GNUC_PRINTF (1, 2);

static int
usage_error (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("vigilctl: %s\n", message);
  return EXIT_USAGE;
}

static gboolean
parse_options (const char    *command,
               const char    *parameters,
               const char    *summary,
               GOptionEntry  *entries,
               gboolean       with_json,
               int           *argc,
               char        ***argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prgname = g_strdup_printf ("vigilctl %s", command);

  /* "Usage: vigilctl import [OPTION…] FILE|-" */
  g_set_prgname (prgname);
  context = g_option_context_new (parameters);
  g_option_context_set_summary (context, summary);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, common_entries, GETTEXT_PACKAGE);
  if (with_json)
    g_option_context_add_main_entries (context, json_entries, GETTEXT_PACKAGE);
  if (entries)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      /* TRANSLATORS: a command's name, what is wrong with its options, the command again */
      fail (_("%s: %s (see “vigilctl %s --help”)"), command, error->message, command);
      return FALSE;
    }
  return TRUE;
}

static VigilStore *
open_store (VigilStoreOpenFlags flags)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = opt_db ? g_strdup (opt_db) : vigil_store_default_path ();
  VigilStore *store;

  store = vigil_store_open (path, flags, &error);
  if (store == NULL)
    fail ("%s", error->message);
  return store;
}

/* Reads @path and makes every full verification on @store check its heads. */
static gboolean
use_witness (VigilStore *store,
             const char *command,
             const char *path)
{
  g_autoptr(VigilWitness) witness = NULL;
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    return TRUE;
  witness = vigil_witness_load (path, &error);
  if (witness == NULL)
    {
      fail ("%s: %s", command, error->message);
      return FALSE;
    }
  vigil_store_set_witness (store, witness);
  return TRUE;
}

static gboolean
want_progress (void)
{
  return isatty (STDERR_FILENO) && g_getenv ("CI") == NULL;
}

static gboolean
on_interrupt (gpointer data)
{
  g_cancellable_cancel (G_CANCELLABLE (data));
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  GThreadFunc func;
  gpointer    data;
  gint        done;
} Worker;

static gpointer
worker_main (gpointer data)
{
  Worker *worker = data;

  worker->func (worker->data);
  g_atomic_int_set (&worker->done, 1);
  g_main_context_wakeup (NULL);
  return NULL;
}

/* Runs @func in a thread while the main thread waits for it, turning SIGINT and SIGTERM into
 * a cancellation of @cancellable, which the long commands check between whole batches. The
 * thread can end before the main thread starts waiting: the main thread checks a flag before
 * each wait, so that end is never missed.
 *
 * Returns: whether the command was interrupted */
static gboolean
run_interruptible (const char   *name,
                   GThreadFunc   func,
                   gpointer      data,
                   GCancellable *cancellable)
{
  Worker worker = { func, data, 0 };
  guint sigint, sigterm;
  GThread *thread;

  sigint = g_unix_signal_add (SIGINT, on_interrupt, cancellable);
  sigterm = g_unix_signal_add (SIGTERM, on_interrupt, cancellable);
  thread = g_thread_new (name, worker_main, &worker);
  while (!g_atomic_int_get (&worker.done))
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  return g_cancellable_is_cancelled (cancellable);
}

static void
fail_interrupted (const char *command)
{
  /* TRANSLATORS: a command's name */
  fail (_("%s: interrupted; nothing more was recorded"), command);
}

/* JSON output ------------------------------------------------------------------------------ */

static void
json_key (GString    *out,
          const char *key)
{
  if (out->len > 1)
    g_string_append_c (out, ',');
  vigil_json_write_string (out, key);
  g_string_append_c (out, ':');
}

static void
json_str (GString    *out,
          const char *key,
          const char *value)
{
  json_key (out, key);
  if (value)
    vigil_json_write_string (out, value);
  else
    g_string_append (out, "null");
}

static void
json_int (GString    *out,
          const char *key,
          gint64      value)
{
  json_key (out, key);
  g_string_append_printf (out, "%" PRId64, value);
}

static void
json_real (GString    *out,
           const char *key,
           double      value)
{
  json_key (out, key);
  vigil_json_write_double (out, value);
}

static void
json_bool (GString    *out,
           const char *key,
           gboolean    value)
{
  json_key (out, key);
  g_string_append (out, value ? "true" : "false");
}

/* Every object printed begins with its "kind": what it is, for scripts that read a mix. */
static void
json_kind (GString    *out,
           const char *kind)
{
  json_str (out, "kind", kind);
}

static void
json_print (GString *out)
{
  g_string_append (out, "}\n");
  fwrite (out->str, 1, out->len, stdout);
  g_string_assign (out, "{");
}

/* init ------------------------------------------------------------------------------------- */

static int
cmd_init (int    argc,
          char **argv)
{
  g_autofree char *purpose_name = NULL;
  GOptionEntry entries[] = {
    { "purpose", 0, 0, G_OPTION_ARG_STRING, &purpose_name,
      N_("What the database holds: production (default) or training (simulated data)"),
      N_("PURPOSE") },
    { NULL }
  };
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GError) error = NULL;
  VigilPurpose purpose = VIGIL_PURPOSE_PRODUCTION;

  if (!parse_options ("init", NULL, _("Create a Vigil database, or check an existing one."),
                      entries, FALSE, &argc, &argv))
    return EXIT_USAGE;
  if (purpose_name && !vigil_purpose_from_string (purpose_name, &purpose))
    return usage_error ("init: --purpose must be production or training, not “%s”",
                        purpose_name);

  store = open_store (VIGIL_STORE_OPEN_CREATE);
  if (store == NULL)
    return EXIT_FAILED;
  if (purpose_name && !vigil_store_set_purpose (store, purpose, &error))
    {
      fail ("%s", error->message);
      return EXIT_FAILED;
    }

  g_print (_("%s: Vigil audit log, %s, schema %d\n"), vigil_store_get_path (store),
           vigil_purpose_to_string (vigil_store_get_purpose (store)), VIGIL_STORE_SCHEMA_VERSION);
  return EXIT_OK;
}

/* import ----------------------------------------------------------------------------------- */

typedef struct
{
  VigilImporter *importer;
  const char    *path;
  GCancellable  *cancellable;
  GError        *error;
  gboolean       ok;
  gboolean       progress;
  gint64         shown;
  gint64         last_print;
} ImportJob;

static void
import_progress (gint64   bytes_done,
                 gint64   bytes_total,
                 gint64   imported,
                 gint64   rejected,
                 gpointer data)
{
  ImportJob *job = data;
  gint64 now = g_get_monotonic_time ();

  if (!job->progress || now - job->last_print < G_USEC_PER_SEC / 4)
    return;
  job->last_print = now;
  if (bytes_total > 0)
    g_printerr ("\r\033[K" "Importing: %3d%%, %" PRId64 " decisions, %" PRId64
                " rejected", (int) (100 * bytes_done / bytes_total), imported, rejected);
  else
    g_printerr ("\r\033[K" "Importing: %" PRId64 " decisions, %" PRId64
                " rejected", imported, rejected);
}

static void
import_rejection (const char *source,
                  gint64      line,
                  const char *reason,
                  gpointer    data)
{
  ImportJob *job = data;

  if (opt_json)
    {
      g_autoptr(GString) out = g_string_new ("{");

      json_kind (out, "rejection");
      json_str (out, "source", source);
      json_int (out, "line", line);
      json_str (out, "reason", reason);
      json_print (out);
      return;
    }
  if (job->shown++ < MAX_SHOWN_REJECTIONS)
    {
      if (job->progress)
        g_printerr ("\r\033[K");
      g_printerr ("%s:%" PRId64 ": %s\n", source, line, reason);
    }
}

static gpointer
import_thread (gpointer data)
{
  ImportJob *job = data;

  job->ok = vigil_importer_import_file (job->importer, job->path, job->cancellable, &job->error);
  return NULL;
}

static int
cmd_import (int    argc,
            char **argv)
{
  g_autofree char *quarantine = NULL;
  gboolean again = FALSE;
  GOptionEntry entries[] = {
    { "quarantine", 0, 0, G_OPTION_ARG_FILENAME, &quarantine,
      N_("Where rejected lines go, as they were (default: FILE.rejected, created at the first "
         "rejected line)"), N_("FILE") },
    { "again", 0, 0, G_OPTION_ARG_NONE, &again,
      N_("Import a file that was imported before all over again, adding its decisions a "
         "second time"), NULL },
    { NULL }
  };
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilImporter) importer = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ImportJob job = { 0 };
  gboolean interrupted;
  gint64 imported, rejected;

  if (!parse_options ("import", "FILE|-",
                      _("Import decisions from a JSON Lines file, one decision per line.\n\n"
                        "Invalid lines are reported with their line number and reason and are "
                        "written to the quarantine file; valid lines are imported. Exit status "
                        "3 means some lines were rejected.\n\n"
                        "Each committed batch records the file’s identity (device, inode and the "
                        "SHA-256 of its content) and the lines it covers, so a file imported "
                        "before is not imported again (unless --again), and an import that was "
                        "interrupted (Ctrl-C, a crash) resumes after its last committed line. "
                        "Standard input cannot be read twice: it is imported as it comes."),
                      entries, TRUE, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 2)
    return usage_error ("import: give one file to import, or - for standard input");

  if (quarantine == NULL)
    quarantine = g_strcmp0 (argv[1], "-") == 0 ? g_strdup ("stdin.rejected")
                                                : g_strconcat (argv[1], ".rejected", NULL);

  store = open_store (VIGIL_STORE_OPEN_CREATE);
  if (store == NULL)
    return EXIT_FAILED;

  importer = vigil_importer_new (store);
  vigil_importer_set_quarantine_path (importer, quarantine);
  vigil_importer_set_again (importer, again);

  job.importer = importer;
  job.path = argv[1];
  job.cancellable = cancellable;
  job.progress = want_progress () && !opt_json;
  vigil_importer_set_progress_func (importer, import_progress, &job);
  vigil_importer_set_rejection_func (importer, import_rejection, &job);

  interrupted = run_interruptible ("vigil-import", import_thread, &job, cancellable);

  if (job.progress)
    g_printerr ("\r\033[K");

  imported = vigil_importer_get_imported (importer);
  rejected = vigil_importer_get_rejected (importer);
  if (opt_json)
    {
      g_autoptr(GString) out = g_string_new ("{");

      json_kind (out, "summary");
      json_str (out, "source", argv[1]);
      json_str (out, "sha256", vigil_importer_get_sha256 (importer));
      json_bool (out, "already_imported", vigil_importer_was_already_imported (importer));
      if (vigil_importer_get_resumed_after (importer) > 0)
        json_int (out, "resumed_after_line", vigil_importer_get_resumed_after (importer));
      json_int (out, "lines", vigil_importer_get_lines (importer));
      json_int (out, "imported", imported);
      json_int (out, "rejected", rejected);
      json_int (out, "first_id", vigil_importer_get_first_id (importer));
      json_int (out, "last_id", vigil_importer_get_last_id (importer));
      json_str (out, "quarantine", rejected > 0 ? quarantine : NULL);
      json_bool (out, "complete", job.ok);
      json_print (out);
    }
  else if (vigil_importer_was_already_imported (importer))
    {
      gint64 lines = vigil_importer_get_previous_lines (importer);

      /* TRANSLATORS: lines 1 to N of a file, its hash and when it was imported */
      g_print (g_dngettext (GETTEXT_PACKAGE,
                            "already imported: line 1–%" PRId64 " of %s (sha256 %s) on %s; "
                            "--again imports it again\n",
                            "already imported: lines 1–%" PRId64 " of %s (sha256 %s) on %s; "
                            "--again imports it again\n", (gulong) MIN (lines, G_MAXINT)),
               lines, argv[1], vigil_importer_get_sha256 (importer),
               vigil_importer_get_previous_date (importer));
    }
  else if (job.ok || interrupted || vigil_importer_get_lines (importer) > 0)
    {
      if (vigil_importer_get_resumed_after (importer) > 0)
        g_print (_("Resumed after line %" PRId64 ", the last one an interrupted import of %s "
                   "committed on %s\n"),
                 vigil_importer_get_resumed_after (importer), argv[1],
                 vigil_importer_get_previous_date (importer));
      if (job.shown > MAX_SHOWN_REJECTIONS)
        g_printerr (_("… and %" PRId64 " more rejected lines\n"),
                    job.shown - MAX_SHOWN_REJECTIONS);
      g_print (_("Imported %" PRId64 " decisions, rejected %" PRId64
                 " lines\n"), imported, rejected);
      if (rejected > 0)
        g_print (_("Rejected lines were written to %s\n"), quarantine);
    }

  if (interrupted && !job.ok)
    {
      g_clear_error (&job.error);
      fail (g_dngettext (GETTEXT_PACKAGE,
                         "interrupted: %" PRId64 " decision committed in whole batches; run the "
                         "same command again to resume",
                         "interrupted: %" PRId64 " decisions committed in whole batches; run the "
                         "same command again to resume", (gulong) MIN (imported, G_MAXINT)),
            imported);
      return EXIT_FAILED;
    }
  if (!job.ok)
    {
      fail ("%s", job.error->message);
      g_clear_error (&job.error);
      return EXIT_FAILED;
    }
  return rejected > 0 ? EXIT_REJECTED : EXIT_OK;
}

/* follow ----------------------------------------------------------------------------------- */

typedef struct
{
  VigilFollower **followers;
  guint           n_followers;
  GCancellable   *cancellable;
  GError         *error;
  gboolean        once;
  guint           poll_ms;
  ImportJob       report;
} FollowJob;

static gint64
follow_total (FollowJob *job,
              gboolean   rejected)
{
  gint64 total = 0;

  for (guint i = 0; i < job->n_followers; i++)
    total += rejected ? vigil_follower_get_rejected (job->followers[i])
                      : vigil_follower_get_imported (job->followers[i]);
  return total;
}

static gpointer
follow_thread (gpointer data)
{
  FollowJob *job = data;
  GPollFD pollfd;
  gboolean have_pollfd = g_cancellable_make_pollfd (job->cancellable, &pollfd);
  gboolean locked_shown = FALSE;

  for (;;)
    {
      gboolean locked = FALSE;

      for (guint i = 0; i < job->n_followers; i++)
        {
          g_autoptr(GError) error = NULL;

          if (vigil_follower_poll (job->followers[i], job->cancellable, &error))
            continue;
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            break;
          if (g_error_matches (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_LOCKED) && !job->once)
            {
              /* Another program writes; what was committed stands, try again later. */
              if (!locked_shown)
                {
                  if (job->report.progress)
                    g_printerr ("\r\033[K");
                  g_printerr ("%s\n", error->message);
                }
              locked_shown = locked = TRUE;
              continue;
            }
          job->error = g_steal_pointer (&error);
          break;
        }
      if (!locked)
        locked_shown = FALSE;

      if (job->report.progress)
        g_printerr ("\r\033[K" "Following %u %s: %" PRId64 " decisions, %" PRId64 " rejected",
                    job->n_followers, job->n_followers == 1 ? "file" : "files",
                    follow_total (job, FALSE), follow_total (job, TRUE));

      if (job->error != NULL || job->once || g_cancellable_is_cancelled (job->cancellable))
        break;
      if (have_pollfd)
        g_poll (&pollfd, 1, (gint) job->poll_ms);
      else
        g_usleep (job->poll_ms * 1000);
      if (g_cancellable_is_cancelled (job->cancellable))
        break;
    }

  if (have_pollfd)
    g_cancellable_release_fd (job->cancellable);
  return NULL;
}

static int
cmd_follow (int    argc,
            char **argv)
{
  gboolean once = FALSE;
  int poll_ms = 200;
  GOptionEntry entries[] = {
    { "once", 0, 0, G_OPTION_ARG_NONE, &once,
      N_("Commit the complete lines there are now, and exit"), NULL },
    { "poll-ms", 0, 0, G_OPTION_ARG_INT, &poll_ms,
      N_("How often to look for new lines, in milliseconds (default 200)"), N_("N") },
    { NULL }
  };
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GPtrArray) followers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GString) details = NULL;
  g_autoptr(GError) error = NULL;
  FollowJob job = { 0 };
  gint64 imported, rejected;

  if (!parse_options ("follow", "SPOOL…",
                      _("Commit decisions from spool files as model processes append them, one "
                        "JSON line per decision, exactly once.\n\n"
                        "Each file's identity and the offset of its last committed line are "
                        "stored with the decisions, so a restart (after Ctrl-C or a crash) "
                        "resumes there. A last line without its newline is left until it is "
                        "complete. A file renamed away (rotated) is read to its end before "
                        "the new file at its path. Invalid lines are reported and written to "
                        "SPOOL.rejected. Exit status 3 means some lines were rejected."),
                      entries, TRUE, &argc, &argv))
    return EXIT_USAGE;
  if (argc < 2)
    return usage_error ("follow: give one or more spool files to follow");
  if (poll_ms < 10 || poll_ms > 60000)
    return usage_error ("follow: --poll-ms must be from 10 to 60000, not %d", poll_ms);
  for (int i = 1; i < argc; i++)
    {
      if (g_strcmp0 (argv[i], "-") == 0 || g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        return usage_error ("follow: “%s” is not a file; a spool is a file that model "
                            "processes append to", argv[i]);
      for (int j = 1; j < i; j++)
        if (g_str_equal (argv[i], argv[j]))
          return usage_error ("follow: “%s” is given twice", argv[i]);
    }

  store = open_store (VIGIL_STORE_OPEN_CREATE);
  if (store == NULL)
    return EXIT_FAILED;

  job.report.progress = want_progress () && !opt_json;
  for (int i = 1; i < argc; i++)
    {
      VigilFollower *follower = vigil_follower_new (store, argv[i]);

      vigil_follower_set_rejection_func (follower, import_rejection, &job.report);
      g_ptr_array_add (followers, follower);
    }
  job.followers = (VigilFollower **) followers->pdata;
  job.n_followers = followers->len;
  job.cancellable = cancellable;
  job.once = once;
  job.poll_ms = (guint) poll_ms;

  /* Ctrl-C or SIGTERM is how a follow without --once ends: what was committed stands. */
  run_interruptible ("vigil-follow", follow_thread, &job, cancellable);

  if (job.report.progress)
    g_printerr ("\r\033[K");

  imported = follow_total (&job, FALSE);
  rejected = follow_total (&job, TRUE);

  /* One event for the whole run, not one per line that arrived. */
  if (imported > 0 || rejected > 0)
    {
      details = g_string_new ("{\"sources\":[");
      for (guint i = 0; i < job.n_followers; i++)
        {
          if (i > 0)
            g_string_append_c (details, ',');
          vigil_json_write_string (details, vigil_follower_get_path (job.followers[i]));
        }
      g_string_append_printf (details, "],\"imported\":%" PRId64 ",\"rejected\":%" PRId64 "}",
                              imported, rejected);
      if (!vigil_store_record_event (store, g_get_user_name (), "follow",
                                     vigil_follower_get_path (job.followers[0]), details->str,
                                     &error))
        g_printerr ("%s\n", error->message);
    }

  if (opt_json)
    {
      for (guint i = 0; i < job.n_followers; i++)
        {
          VigilFollower *follower = job.followers[i];
          g_autoptr(GString) out = g_string_new ("{");

          json_kind (out, "summary");
          json_str (out, "source", vigil_follower_get_path (follower));
          json_int (out, "imported", vigil_follower_get_imported (follower));
          json_int (out, "rejected", vigil_follower_get_rejected (follower));
          json_int (out, "offset", vigil_follower_get_offset (follower));
          json_int (out, "rotations", vigil_follower_get_rotations (follower));
          json_str (out, "quarantine", vigil_follower_get_rejected (follower) > 0
                                       ? vigil_follower_get_quarantine_path (follower) : NULL);
          json_print (out);
        }
    }
  else
    {
      if (job.report.shown > MAX_SHOWN_REJECTIONS)
        g_printerr (_("… and %" PRId64 " more rejected lines\n"),
                    job.report.shown - MAX_SHOWN_REJECTIONS);
      g_print (_("Committed %" PRId64 " decisions, rejected %" PRId64 " lines\n"),
               imported, rejected);
      for (guint i = 0; i < job.n_followers; i++)
        if (vigil_follower_get_rejected (job.followers[i]) > 0)
          g_print (_("Rejected lines were written to %s\n"),
                   vigil_follower_get_quarantine_path (job.followers[i]));
    }

  if (job.error != NULL)
    {
      fail ("follow: %s", job.error->message);
      g_clear_error (&job.error);
      return EXIT_FAILED;
    }
  return rejected > 0 ? EXIT_REJECTED : EXIT_OK;
}

/* export ----------------------------------------------------------------------------------- */

static gboolean
set_range (VigilDecisionQuery *query,
           const char         *command,
           const char         *from,
           const char         *to)
{
  g_autoptr(GError) error = NULL;

  if (!vigil_decision_query_set_range (query, from, to, &error))
    {
      fail ("%s: --from/--to: %s", command, error->message);
      return FALSE;
    }
  return TRUE;
}

static int
cmd_export (int    argc,
            char **argv)
{
  g_autofree char *model = NULL, *from = NULL, *to = NULL, *format = NULL, *output = NULL;
  gboolean ledger = FALSE, raw_csv = FALSE;
  GOptionEntry entries[] = {
    { "ledger", 0, 0, G_OPTION_ARG_NONE, &ledger,
      N_("Export the ledger instead: the chained columns of decisions, alerts and events, "
         "as CSV, from which a sealed head can be recomputed"), NULL },
    { "model", 0, 0, G_OPTION_ARG_STRING, &model, N_("Only this model’s decisions"), N_("M") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("From this time (included)"), N_("T") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Up to this time (excluded)"), N_("T") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("jsonl (default) or csv"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write to this file (default: standard output)"), N_("FILE") },
    { "raw-csv", 0, 0, G_OPTION_ARG_NONE, &raw_csv,
      N_("Write CSV cells as they are stored, even those a spreadsheet would run as a formula"),
      NULL },
    { NULL }
  };
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilDecisionQuery) query = vigil_decision_query_new ();
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(VigilOutputFile) file = NULL;
  g_autoptr(GError) error = NULL;
  VigilExportFormat fmt = VIGIL_EXPORT_JSONL;
  gint64 n = 0;

  if (!parse_options ("export", NULL,
                      _("Export decisions as JSON Lines (the import format) or CSV (every "
                        "column).\n\n"
                        "In CSV, a text cell that begins with =, +, -, @, a tab or a carriage "
                        "return, which a spreadsheet would run as a formula, is written with a "
                        "' before it (a plain number such as -0.5 is not); --raw-csv writes "
                        "every cell as it is. The ledger’s CSV (--ledger) begins every text "
                        "cell with ' or ~ already."),
                      entries, FALSE, &argc, &argv))
    return EXIT_USAGE;
  if (format && g_str_equal (format, "csv"))
    fmt = VIGIL_EXPORT_CSV;
  else if (format && !g_str_equal (format, "jsonl"))
    return usage_error ("export: --format must be jsonl or csv, not “%s”", format);
  if (raw_csv && (fmt != VIGIL_EXPORT_CSV || ledger))
    return usage_error (_("export: --raw-csv goes with --format csv, and not with --ledger, "
                          "whose text cells begin with ' or ~ already"));
  if (ledger && (fmt != VIGIL_EXPORT_CSV || model || from || to))
    return usage_error ("export: --ledger is the whole ledger, as CSV: give --format csv and "
                        "no --model, --from or --to");
  vigil_decision_query_set_model (query, model);
  if (!set_range (query, "export", from, to))
    return EXIT_USAGE;

  store = open_store (VIGIL_STORE_OPEN_READ_ONLY);
  if (store == NULL)
    return EXIT_FAILED;

  if (output == NULL || g_str_equal (output, "-"))
    out = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
  else
    {
      /* Written beside and renamed into place when complete. */
      file = vigil_output_file_open (output, vigil_store_get_path (store), NULL, 0600, &error);
      if (file == NULL)
        {
          fail ("export: %s", error->message);
          return EXIT_FAILED;
        }
      out = g_object_ref (vigil_output_file_get_stream (file));
    }

  if (!(ledger ? vigil_store_export_ledger_csv (store, out, NULL, &n, &error)
               : vigil_export_decisions (store, query, fmt,
                                         raw_csv ? VIGIL_EXPORT_RAW_CSV : VIGIL_EXPORT_FLAGS_NONE,
                                         out, NULL, NULL, NULL, &n, &error)) ||
      (file == NULL && !g_output_stream_close (out, NULL, &error)) ||
      (file != NULL && !vigil_output_file_commit (file, &error)))
    {
      fail ("export: %s", error->message);
      return EXIT_FAILED;
    }
  if (output != NULL && !g_str_equal (output, "-") && ledger)
    g_printerr (g_dngettext (GETTEXT_PACKAGE, "Exported %" PRId64 " ledger row to %s\n",
                             "Exported %" PRId64 " ledger rows to %s\n", (gulong) MIN (n, G_MAXINT)),
                n, output);
  else if (output != NULL && !g_str_equal (output, "-"))
    g_printerr (_("Exported %" PRId64 " decisions to %s\n"), n, output);
  return EXIT_OK;
}

/* decisions -------------------------------------------------------------------------------- */

static void
print_decision_json (GString       *out,
                     VigilDecision *d)
{
  json_kind (out, "decision");
  json_int (out, "id", vigil_decision_get_id (d));
  json_str (out, "timestamp", vigil_decision_get_timestamp (d));
  json_str (out, "model_name", vigil_decision_get_model_name (d));
  json_str (out, "model_version", vigil_decision_get_model_version (d));
  json_str (out, "decision_type", vigil_decision_get_decision_type (d));
  json_key (out, "input_features");
  g_string_append (out, vigil_decision_get_input_features (d));
  json_str (out, "input_hash", vigil_decision_get_input_hash (d));
  json_str (out, "prediction", vigil_decision_get_prediction (d));
  json_key (out, "confidence");
  if (vigil_decision_has_confidence (d))
    vigil_json_write_double (out, vigil_decision_get_confidence (d));
  else
    g_string_append (out, "null");
  json_str (out, "explanation", vigil_decision_get_explanation (d));
  json_str (out, "ticker", vigil_decision_get_ticker (d));
  json_str (out, "sector", vigil_decision_get_sector (d));
  json_str (out, "portfolio_id", vigil_decision_get_portfolio_id (d));
  json_str (out, "user_id", vigil_decision_get_user_id (d));
  json_str (out, "actual_outcome", vigil_decision_get_actual_outcome (d));
  json_str (out, "outcome_date", vigil_decision_get_outcome_date (d));
  json_str (out, "reviewed_by", vigil_decision_get_reviewed_by (d));
  json_str (out, "review_date", vigil_decision_get_review_date (d));
  json_str (out, "review_status",
            vigil_review_status_to_string (vigil_decision_get_review_status (d)));
  json_str (out, "review_notes", vigil_decision_get_review_notes (d));
  json_int (out, "anomaly_flag", vigil_decision_get_anomaly_flag (d) ? 1 : 0);
  json_str (out, "anomaly_reason", vigil_decision_get_anomaly_reason (d));
  json_str (out, "record_hash", vigil_decision_get_record_hash (d));
  json_print (out);
}

static int
cmd_decisions (int    argc,
               char **argv)
{
  g_autofree char *model = NULL, *from = NULL, *to = NULL, *status_name = NULL;
  gboolean flagged = FALSE;
  gint64 limit = 50;
  GOptionEntry entries[] = {
    { "model", 0, 0, G_OPTION_ARG_STRING, &model, N_("Only this model’s decisions"), N_("M") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("From this time (included)"), N_("T") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Up to this time (excluded)"), N_("T") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status_name,
      N_("Review status: pending, approved, escalated or overridden"), N_("S") },
    { "flagged", 0, 0, G_OPTION_ARG_NONE, &flagged, N_("Only decisions flagged as anomalous"),
      NULL },
    { "limit", 0, 0, G_OPTION_ARG_INT64, &limit, N_("At most N, newest first (default 50; 0 for all)"),
      N_("N") },
    { NULL }
  };
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilDecisionQuery) query = vigil_decision_query_new ();
  g_autoptr(VigilDecisionCursor) cursor = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new ("{");

  if (!parse_options ("decisions", NULL, _("List decisions, newest first."), entries, TRUE,
                      &argc, &argv))
    return EXIT_USAGE;
  if (limit < 0)
    return usage_error ("decisions: --limit must be 0 (all) or more");
  vigil_decision_query_set_model (query, model);
  if (!set_range (query, "decisions", from, to))
    return EXIT_USAGE;
  if (status_name)
    {
      VigilReviewStatus status;

      if (!vigil_review_status_from_string (status_name, &status))
        return usage_error ("decisions: --status must be pending, approved, escalated or "
                            "overridden, not “%s”", status_name);
      vigil_decision_query_set_review_status (query, status);
    }
  vigil_decision_query_set_flagged (query, flagged);
  vigil_decision_query_set_limit (query, limit == 0 ? -1 : limit, 0);
  vigil_decision_query_set_newest_first (query, TRUE);

  store = open_store (VIGIL_STORE_OPEN_READ_ONLY);
  if (store == NULL)
    return EXIT_FAILED;
  cursor = vigil_store_open_cursor (store, query, &error);
  if (cursor == NULL)
    {
      fail ("%s", error->message);
      return EXIT_FAILED;
    }

  if (!opt_json)
    g_print ("%8s  %-26s  %-16s  %-10s  %5s  %-8s  %-10s  %s\n", "ID", "TIMESTAMP", "MODEL",
             "PREDICTION", "CONF", "ENTITY", "REVIEW", "FLAG");
  while (vigil_decision_cursor_next (cursor, &error))
    {
      g_autoptr(VigilDecision) d = vigil_decision_cursor_get_decision (cursor);

      if (opt_json)
        print_decision_json (out, d);
      else
        {
          g_autofree char *conf = vigil_decision_has_confidence (d)
                                    ? g_strdup_printf ("%.2f", vigil_decision_get_confidence (d))
                                    : g_strdup ("-");
          g_print ("%8" PRId64 "  %-26s  %-16s  %-10s  %5s  %-8s  %-10s  %s\n",
                   vigil_decision_get_id (d), vigil_decision_get_timestamp (d),
                   vigil_decision_get_model_name (d), vigil_decision_get_prediction (d), conf,
                   vigil_decision_get_ticker (d) ? vigil_decision_get_ticker (d) : "-",
                   vigil_review_status_to_string (vigil_decision_get_review_status (d)),
                   vigil_decision_get_anomaly_flag (d) ? "flagged" : "");
        }
    }
  if (error)
    {
      fail ("%s", error->message);
      return EXIT_FAILED;
    }
  return EXIT_OK;
}

/* alerts ----------------------------------------------------------------------------------- */

static void
print_alert_json (VigilAlert *a)
{
  g_autoptr(GString) out = g_string_new (NULL);

  vigil_alert_write_json (a, out);
  g_string_append_c (out, '\n');
  fwrite (out->str, 1, out->len, stdout);
}

/* "2026-12-04 00:00" of a stored timestamp, or "-" */
static void
short_time (const char *timestamp,
            char        out[17])
{
  if (timestamp == NULL || strlen (timestamp) < 16)
    {
      g_strlcpy (out, "-", 17);
      return;
    }
  g_strlcpy (out, timestamp, 17);
  out[10] = ' ';
}

static int
cmd_alerts (int    argc,
            char **argv)
{
  g_autofree char *model = NULL, *severity_name = NULL, *from = NULL, *to = NULL;
  gboolean unacknowledged = FALSE;
  GOptionEntry entries[] = {
    { "model", 0, 0, G_OPTION_ARG_STRING, &model, N_("Only this model’s alerts"), N_("M") },
    { "severity", 0, 0, G_OPTION_ARG_STRING, &severity_name, N_("LOW, MEDIUM or HIGH"),
      N_("LEVEL") },
    { "unacknowledged", 0, 0, G_OPTION_ARG_NONE, &unacknowledged,
      N_("Only alerts nobody has acknowledged"), NULL },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("From this time (included)"), N_("T") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Up to this time (excluded)"), N_("T") },
    { NULL }
  };
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilAlertQuery) query = vigil_alert_query_new ();
  g_autoptr(GListModel) alerts = NULL;
  g_autoptr(GError) error = NULL;

  if (!parse_options ("alerts", NULL,
                      _("List monitoring alerts, the latest window first. The day of an alert is "
                        "the window it describes: --from and --to select the alerts whose window "
                        "overlaps [from, to). When each was raised is shown apart."),
                      entries, TRUE, &argc, &argv))
    return EXIT_USAGE;
  vigil_alert_query_set_model (query, model);
  if (severity_name)
    {
      VigilSeverity severity;

      if (!vigil_severity_from_string (severity_name, &severity))
        return usage_error ("alerts: --severity must be LOW, MEDIUM or HIGH, not “%s”",
                            severity_name);
      vigil_alert_query_set_severity (query, severity);
    }
  vigil_alert_query_set_unacknowledged (query, unacknowledged);
  if (!vigil_alert_query_set_range (query, from, to, &error))
    return usage_error ("alerts: --from/--to: %s", error->message);

  store = open_store (VIGIL_STORE_OPEN_READ_ONLY);
  if (store == NULL)
    return EXIT_FAILED;
  alerts = vigil_store_query_alerts (store, query, &error);
  if (alerts == NULL)
    {
      fail ("%s", error->message);
      return EXIT_FAILED;
    }

  if (!opt_json)
    g_print ("%6s  %-36s  %-16s  %-6s  %-16s  %-20s  %-14s  %s\n", "ID", "WINDOW (UTC)",
             "RAISED AT", "LEVEL", "MODEL", "TYPE", "ACKNOWLEDGED", "DESCRIPTION");
  for (guint i = 0; i < g_list_model_get_n_items (alerts); i++)
    {
      g_autoptr(VigilAlert) a = g_list_model_get_item (alerts, i);
      char start[17], end[17], raised[17];
      g_autofree char *window = NULL;

      if (opt_json)
        {
          print_alert_json (a);
          continue;
        }
      short_time (vigil_alert_get_window_start (a), start);
      short_time (vigil_alert_get_window_end (a), end);
      short_time (vigil_alert_get_raised_at (a), raised);
      window = g_strdup_printf ("%s to %s", start, end);
      g_print ("%6" PRId64 "  %-36s  %-16s  %-6s  %-16s  %-20s  %-14s  %s\n",
               vigil_alert_get_id (a), window, raised,
               vigil_severity_to_string (vigil_alert_get_severity (a)),
               vigil_alert_get_model_name (a) ? vigil_alert_get_model_name (a) : "-",
               vigil_alert_get_alert_type (a),
               vigil_alert_get_acknowledged (a) ? vigil_alert_get_acknowledged_by (a) : "no",
               vigil_alert_get_description (a));
    }
  return EXIT_OK;
}

/* ack, review, outcome --------------------------------------------------------------------- */

static gboolean
parse_id (const char *command,
          const char *text,
          gint64     *out)
{
  guint64 v;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &v, NULL))
    {
      fail ("%s: “%s” is not an id (a whole number from 1)", command, text);
      return FALSE;
    }
  *out = (gint64) v;
  return TRUE;
}

static int
cmd_ack (int    argc,
         char **argv)
{
  g_autofree char *by = NULL, *note = NULL;
  GOptionEntry entries[] = {
    { "by", 0, 0, G_OPTION_ARG_STRING, &by, N_("Who acknowledges (required)"), N_("NAME") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("A note kept with the acknowledgement"),
      N_("TEXT") },
    { NULL }
  };
  g_autoptr(VigilStore) store = NULL;
  int status = EXIT_OK;

  if (!parse_options ("ack", "ALERT_ID…", _("Acknowledge alerts, recording who and when."),
                      entries, FALSE, &argc, &argv))
    return EXIT_USAGE;
  if (argc < 2 || by == NULL)
    return usage_error ("ack: give one or more alert ids and --by NAME");
  for (int i = 1; i < argc; i++)
    {
      gint64 id;
      if (!parse_id ("ack", argv[i], &id))
        return EXIT_USAGE;
    }

  store = open_store (VIGIL_STORE_OPEN_DEFAULT);
  if (store == NULL)
    return EXIT_FAILED;

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 id = 0;

      parse_id ("ack", argv[i], &id);
      if (!vigil_store_acknowledge_alert (store, id, by, note, &error))
        {
          fail ("ack: %s", error->message);
          status = EXIT_FAILED;
        }
      else
        g_print (_("Alert %" PRId64 " acknowledged by %s\n"), id, by);
    }
  return status;
}

static int
cmd_review (int    argc,
            char **argv)
{
  g_autofree char *by = NULL, *status_name = NULL, *notes = NULL;
  GOptionEntry entries[] = {
    { "by", 0, 0, G_OPTION_ARG_STRING, &by, N_("Who reviews (required)"), N_("NAME") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status_name,
      N_("approved, escalated or overridden (required)"), N_("S") },
    { "notes", 0, 0, G_OPTION_ARG_STRING, &notes, N_("The reviewer’s notes"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GError) error = NULL;
  VigilReviewStatus status;
  gint64 id;

  if (!parse_options ("review", "DECISION_ID", _("Record a person’s review of a decision."),
                      entries, FALSE, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 2 || by == NULL || status_name == NULL)
    return usage_error ("review: give one decision id, --by NAME and --status S");
  if (!parse_id ("review", argv[1], &id))
    return EXIT_USAGE;
  if (!vigil_review_status_from_string (status_name, &status) || status == VIGIL_REVIEW_PENDING)
    return usage_error ("review: --status must be approved, escalated or overridden, not “%s”",
                        status_name);

  store = open_store (VIGIL_STORE_OPEN_DEFAULT);
  if (store == NULL)
    return EXIT_FAILED;
  if (!vigil_store_review_decision (store, id, by, status, notes, &error))
    {
      fail ("review: %s", error->message);
      return EXIT_FAILED;
    }
  g_print (_("Decision %" PRId64 " %s by %s\n"), id, status_name, by);
  return EXIT_OK;
}

static int
cmd_outcome (int    argc,
             char **argv)
{
  g_autofree char *value = NULL, *date = NULL, *by = NULL;
  GOptionEntry entries[] = {
    { "value", 0, 0, G_OPTION_ARG_STRING, &value, N_("What actually happened (required)"),
      N_("V") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("When it was known (default: now)"), N_("T") },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by, N_("Who records it (default: your login name)"),
      N_("NAME") },
    { NULL }
  };
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (!parse_options ("outcome", "DECISION_ID", _("Record the actual outcome of a decision."),
                      entries, FALSE, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 2 || value == NULL)
    return usage_error ("outcome: give one decision id and --value V");
  if (!parse_id ("outcome", argv[1], &id))
    return EXIT_USAGE;

  store = open_store (VIGIL_STORE_OPEN_DEFAULT);
  if (store == NULL)
    return EXIT_FAILED;
  if (!vigil_store_record_outcome (store, id, value, date, by, &error))
    {
      fail ("outcome: %s", error->message);
      return EXIT_FAILED;
    }
  g_print (_("Outcome of decision %" PRId64 " recorded: %s\n"), id, value);
  return EXIT_OK;
}

/* models, stats ---------------------------------------------------------------------------- */

/* models --set-desk MODEL DESK, --clear-desk MODEL */
static int
models_set_desk (const char *model_name,
                 const char *desk)
{
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gboolean changed;

  store = open_store (VIGIL_STORE_OPEN_DEFAULT);
  if (store == NULL)
    return EXIT_FAILED;
  if (!vigil_store_set_model_desk (store, model_name, desk, &changed, &error))
    {
      fail ("models: %s", error->message);
      return EXIT_FAILED;
    }
  if (desk != NULL && changed)
    g_print (_("Model %s is now on desk %s\n"), model_name, desk);
  else if (desk != NULL)
    g_print (_("Model %s was already on desk %s; nothing was recorded\n"), model_name, desk);
  else if (changed)
    g_print (_("Model %s is now on no desk: everyone who may read the database sees it\n"),
             model_name);
  else
    g_print (_("Model %s was on no desk already; nothing was recorded\n"), model_name);
  return EXIT_OK;
}

static int
cmd_models (int    argc,
            char **argv)
{
  g_autofree char *set_desk = NULL, *clear_desk = NULL;
  GOptionEntry entries[] = {
    { "set-desk", 0, 0, G_OPTION_ARG_STRING, &set_desk,
      N_("Put MODEL on the desk given after it, creating the desk when missing"), N_("MODEL") },
    { "clear-desk", 0, 0, G_OPTION_ARG_STRING, &clear_desk,
      N_("Take MODEL off its desk, so that everyone sees it"), N_("MODEL") },
    { NULL }
  };
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GListModel) models = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new ("{");
  gboolean desks;

  if (!parse_options ("models", "[--set-desk MODEL DESK | --clear-desk MODEL]",
                      _("List the models that logged decisions, with counts, first and last "
                        "times and, on a PostgreSQL database, their desks.\n\n"
                        "On a PostgreSQL database an admin puts a model on a desk with "
                        "“--set-desk MODEL DESK” and takes it off with “--clear-desk MODEL”. "
                        "A model on a desk is seen by the desk’s members (see “vigilctl "
                        "access”), the auditors and the admins; a model on no desk by "
                        "everyone. Each change is recorded in the ledger’s events. An SQLite "
                        "file has no desks."),
                      entries, TRUE, &argc, &argv))
    return EXIT_USAGE;
  if (set_desk != NULL && clear_desk != NULL)
    return usage_error ("models: give either --set-desk MODEL DESK or --clear-desk MODEL");
  if (set_desk != NULL)
    {
      if (argc != 2 || *argv[1] == '\0')
        return usage_error ("models: --set-desk MODEL needs the desk after it, as in "
                            "“--set-desk %s DESK”; “--clear-desk %s” takes it off its desk",
                            set_desk, set_desk);
      return models_set_desk (set_desk, argv[1]);
    }
  if (argc > 1)
    return usage_error ("models: unexpected argument “%s”", argv[1]);
  if (clear_desk != NULL)
    return models_set_desk (clear_desk, NULL);

  store = open_store (VIGIL_STORE_OPEN_READ_ONLY);
  if (store == NULL)
    return EXIT_FAILED;
  models = vigil_store_list_models (store, &error);
  if (models == NULL)
    {
      fail ("%s", error->message);
      return EXIT_FAILED;
    }

  desks = vigil_store_get_identity (store) != NULL;
  if (!opt_json)
    g_print ("%-24s  %12s  %-26s  %-26s%s\n", "MODEL", "DECISIONS", "FIRST", "LAST",
             desks ? "  DESK" : "");
  for (guint i = 0; i < g_list_model_get_n_items (models); i++)
    {
      g_autoptr(VigilModelInfo) m = g_list_model_get_item (models, i);
      const char *desk = vigil_model_info_get_desk (m);

      if (opt_json)
        {
          json_kind (out, "model");
          json_str (out, "model_name", vigil_model_info_get_name (m));
          json_int (out, "decisions", vigil_model_info_get_decision_count (m));
          json_str (out, "first_timestamp", vigil_model_info_get_first_timestamp (m));
          json_str (out, "last_timestamp", vigil_model_info_get_last_timestamp (m));
          /* null on a file, which has no desks: one shape for scripts on both */
          json_str (out, "desk", desk);
          json_print (out);
        }
      else
        g_print ("%-24s  %12" PRId64 "  %-26s  %-26s%s%s\n", vigil_model_info_get_name (m),
                 vigil_model_info_get_decision_count (m), vigil_model_info_get_first_timestamp (m),
                 vigil_model_info_get_last_timestamp (m), desks ? "  " : "",
                 desks ? (desk != NULL ? desk : "-") : "");
    }
  return EXIT_OK;
}

/* access ----------------------------------------------------------------------------------- */

static int
access_change (const char *add_desk,
               const char *remove_desk,
               const char *login)
{
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gboolean changed = TRUE;

  store = open_store (VIGIL_STORE_OPEN_DEFAULT);
  if (store == NULL)
    return EXIT_FAILED;
  if (add_desk != NULL
      ? !vigil_store_add_desk_member (store, add_desk, login, &changed, &error)
      : !vigil_store_remove_desk_member (store, remove_desk, login, &error))
    {
      fail ("access: %s", error->message);
      return EXIT_FAILED;
    }
  if (add_desk != NULL && changed)
    g_print (_("%s is now a member of desk %s\n"), login, add_desk);
  else if (add_desk != NULL)
    g_print (_("%s was already a member of desk %s; nothing was recorded\n"), login, add_desk);
  else
    g_print (_("%s is no longer a member of desk %s\n"), login, remove_desk);
  return EXIT_OK;
}

static void
json_strv (GString    *out,
           const char *key,
           GStrv       values)
{
  json_key (out, key);
  g_string_append_c (out, '[');
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      vigil_json_write_string (out, values[i]);
    }
  g_string_append_c (out, ']');
}

static int
cmd_access (int    argc,
            char **argv)
{
  g_autofree char *add_desk = NULL, *remove_desk = NULL;
  GOptionEntry entries[] = {
    { "add-member", 0, 0, G_OPTION_ARG_STRING, &add_desk,
      N_("Make the login given after DESK a member of DESK, creating the desk when missing"),
      N_("DESK") },
    { "remove-member", 0, 0, G_OPTION_ARG_STRING, &remove_desk,
      N_("Take the login given after DESK off DESK"), N_("DESK") },
    { NULL }
  };
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GPtrArray) logins = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new ("{");

  if (!parse_options ("access", "[--add-member DESK LOGIN | --remove-member DESK LOGIN]",
                      _("List who may use a PostgreSQL database: each login with the Vigil "
                        "roles it holds and the desks it is a member of.\n\n"
                        "The roles are PostgreSQL’s own, granted by the server’s "
                        "administrator, for example:\n"
                        "  CREATE ROLE alice LOGIN;\n"
                        "  GRANT vigil_reviewer TO alice;\n"
                        "vigil_auditor reads everything and verifies; vigil_reviewer reviews "
                        "and acknowledges what its desks show; vigil_ingest imports and "
                        "detects; vigil_admin does all of these and manages the desks. "
                        "REVOKE vigil_reviewer FROM alice; takes a role back. Roles belong "
                        "to the whole server: every Vigil database on it knows them.\n\n"
                        "A reviewer sees the models of its desks and those on no desk. An "
                        "admin makes a login a member of a desk with “--add-member DESK "
                        "LOGIN” and takes it off with “--remove-member DESK LOGIN”; each "
                        "change is recorded in the ledger’s events. An SQLite file has no "
                        "roles nor desks."),
                      entries, TRUE, &argc, &argv))
    return EXIT_USAGE;
  if (add_desk != NULL && remove_desk != NULL)
    return usage_error ("access: give either --add-member DESK LOGIN or --remove-member DESK "
                        "LOGIN");
  if (add_desk != NULL || remove_desk != NULL)
    {
      if (argc != 2)
        {
          const char *option = add_desk != NULL ? "add-member" : "remove-member";

          return usage_error ("access: --%s DESK needs the login after it, as in “--%s %s "
                              "LOGIN”", option, option,
                              add_desk != NULL ? add_desk : remove_desk);
        }
      return access_change (add_desk, remove_desk, argv[1]);
    }
  if (argc > 1)
    return usage_error ("access: unexpected argument “%s”", argv[1]);

  store = open_store (VIGIL_STORE_OPEN_READ_ONLY);
  if (store == NULL)
    return EXIT_FAILED;
  logins = vigil_store_list_access (store, &error);
  if (logins == NULL)
    {
      fail ("access: %s", error->message);
      return EXIT_FAILED;
    }

  if (!opt_json)
    g_print ("%-20s  %-32s  %-20s  %s\n", "LOGIN", "ROLES", "DESKS", "SEES");
  for (guint i = 0; i < logins->len; i++)
    {
      VigilLoginAccess *a = g_ptr_array_index (logins, i);

      if (opt_json)
        {
          json_kind (out, "login");
          json_str (out, "login", a->login);
          json_strv (out, "roles", a->roles);
          json_strv (out, "desks", a->desks);
          json_bool (out, "superuser", a->superuser);
          json_bool (out, "sees_every_desk", a->sees_every_desk);
          json_bool (out, "login_exists", a->exists);
          json_print (out);
        }
      else
        {
          g_autofree char *roles = g_strjoinv (", ", a->roles);
          g_autofree char *desks = g_strjoinv (", ", a->desks);
          const char *sees;

          if (!a->exists)
            {
              g_free (roles);
              roles = g_strdup (_("(no such login)"));
            }
          else if (a->superuser)
            {
              char *with = g_strdup_printf ("%s%ssuperuser", roles, *roles ? ", " : "");

              g_free (roles);
              roles = with;
            }
          /* A login with none of Vigil's roles may read none of its tables */
          if (!a->exists || (a->roles[0] == NULL && !a->superuser))
            sees = _("nothing");
          else if (a->sees_every_desk)
            sees = _("every desk");
          else if (a->desks[0] != NULL)
            sees = _("its desks, models on no desk");
          else
            sees = _("models on no desk");
          g_print ("%-20s  %-32s  %-20s  %s\n", a->login, *roles ? roles : "-",
                   *desks ? desks : "-", sees);
        }
    }
  return EXIT_OK;
}

static int
cmd_stats (int    argc,
           char **argv)
{
  g_autofree char *model = NULL, *from = NULL, *to = NULL;
  GOptionEntry entries[] = {
    { "model", 0, 0, G_OPTION_ARG_STRING, &model, N_("One model (default: all)"), N_("M") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("From this time (included)"), N_("T") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Up to this time (excluded)"), N_("T") },
    { NULL }
  };
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilSummary) s = NULL;
  g_autoptr(GError) error = NULL;

  if (!parse_options ("stats", NULL, _("Summary statistics of a model and period."), entries,
                      TRUE, &argc, &argv))
    return EXIT_USAGE;
  store = open_store (VIGIL_STORE_OPEN_READ_ONLY);
  if (store == NULL)
    return EXIT_FAILED;
  s = vigil_store_summarize (store, model, from, to, &error);
  if (s == NULL)
    {
      fail ("stats: %s", error->message);
      return EXIT_FAILED;
    }

  if (opt_json)
    {
      g_autoptr(GString) out = g_string_new ("{");

      json_kind (out, "stats");
      json_str (out, "model_name", s->model_name);
      json_str (out, "from", s->from);
      json_str (out, "to", s->to);
      json_real (out, "days", s->days);
      json_int (out, "total_decisions", s->total_decisions);
      json_real (out, "decisions_per_day", s->decisions_per_day);
      json_int (out, "pending_reviews", s->pending_reviews);
      json_int (out, "reviewed", s->reviewed);
      json_int (out, "flagged", s->flagged);
      json_int (out, "alerts", s->alerts);
      json_int (out, "high_alerts", s->high_alerts);
      json_int (out, "unacknowledged_alerts", s->unacknowledged_alerts);
      json_real (out, "mean_confidence", s->mean_confidence);
      json_print (out);
      return EXIT_OK;
    }

  g_print (_("Model:                     %s\n"), s->model_name ? s->model_name : _("all models"));
  g_print (_("Period:                    %s to %s (%.1f days)\n"), s->from ? s->from : "-",
           s->to ? s->to : "-", s->days);
  g_print (_("Total decisions:           %" PRId64 "\n"), s->total_decisions);
  g_print (_("Decisions per day:         %.0f\n"), s->decisions_per_day);
  g_print (_("Pending human reviews:     %" PRId64 "\n"), s->pending_reviews);
  g_print (_("Decisions flagged:         %" PRId64 "\n"), s->flagged);
  g_print (_("Alerts:                    %" PRId64 " (%" PRId64
             " unacknowledged)\n"), s->alerts, s->unacknowledged_alerts);
  g_print (_("High-severity alerts:      %" PRId64 "\n"), s->high_alerts);
  if (!isnan (s->mean_confidence))
    g_print (_("Mean confidence:           %.3f\n"), s->mean_confidence);

  /* Today is not over: its decisions lower the average of a day */
  {
    char today[VIGIL_DAY_LEN];
    g_autofree char *midnight = NULL;

    vigil_period_today (today);
    midnight = g_strconcat (today, "T00:00:00.000000", NULL);
    if (s->to != NULL && strcmp (s->to, midnight) > 0)
      g_print (_("Note: the period reaches into today, %s, which is not over; "
                 "--to %s gives complete days.\n"), today, today);
  }
  return EXIT_OK;
}

/* report ----------------------------------------------------------------------------------- */

/* A --to bound is exclusive: midnight ends the day before, any other time includes its day. */
static gboolean
report_day (const char *text,
            gboolean    exclusive_end,
            char        out[VIGIL_DAY_LEN],
            GError    **error)
{
  char ts[VIGIL_TIMESTAMP_LEN];
  gint64 usec;

  if (!vigil_timestamp_normalize (text, ts, error) || !vigil_timestamp_parse (ts, &usec, NULL))
    return FALSE;
  if (exclusive_end)
    vigil_timestamp_format (usec - 1, ts);
  g_strlcpy (out, ts, VIGIL_DAY_LEN);
  return TRUE;
}

static void
report_progress (double      fraction,
                 const char *phase,
                 gpointer    data)
{
  if (GPOINTER_TO_INT (data))
    g_printerr ("\r\033[K%s %3d%%", phase, (int) (100 * fraction));
}

typedef struct
{
  VigilStore         *store;
  const VigilPeriod  *period;
  const char * const *models;
  const char         *organisation;
  const char         *by;
  const char         *expect;
  gboolean            progress;
  GCancellable       *cancellable;
  VigilReport        *report;
  const char         *pdf;
  VigilPaper          paper;
  char               *sha256;
  GError             *error;
} ReportJob;

static gpointer
report_build_thread (gpointer data)
{
  ReportJob *job = data;

  job->report = vigil_report_build_expecting (job->store, job->period, job->models,
                                              job->organisation, job->by, job->expect,
                                              job->cancellable, report_progress,
                                              GINT_TO_POINTER (job->progress), &job->error);
  return NULL;
}

static gpointer
report_pdf_thread (gpointer data)
{
  ReportJob *job = data;

  vigil_report_write_pdf (job->report, job->pdf, job->paper, &job->sha256, job->cancellable,
                          report_progress, GINT_TO_POINTER (job->progress), &job->error);
  return NULL;
}

static int
cmd_report (int    argc,
            char **argv)
{
  g_autofree char *from = NULL, *to = NULL, *pdf = NULL, *json = NULL, *paper_text = NULL;
  g_autofree char *organisation = NULL, *by = NULL, *expect = NULL, *witness = NULL;
  g_auto(GStrv) models = NULL, signers = NULL;
  gboolean full_verify = FALSE;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from,
      N_("First day of the period (default: seven days before --to)"), N_("T") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to,
      N_("End of the period, excluded (default: today, so the period ends yesterday)"), N_("T") },
    { "model", 0, 0, G_OPTION_ARG_STRING_ARRAY, &models,
      N_("A model to report on, repeatable (default: all)"), N_("M") },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf, N_("Write the PDF here"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &json, N_("Write the JSON here"), N_("FILE") },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &paper_text, N_("a4 (default) or letter"),
      N_("SIZE") },
    { "signer", 0, 0, G_OPTION_ARG_STRING_ARRAY, &signers,
      N_("Who is to sign, repeatable: any role as typed and a name, such as “Head of Model "
         "Validation=Priya Rao” (a role alone leaves the name to be written by hand)"),
      N_("ROLE=NAME") },
    { "organisation", 0, 0, G_OPTION_ARG_STRING, &organisation,
      N_("The bank named on the title page (default: the database’s, else FinSecure)"),
      N_("NAME") },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by,
      N_("Who prepares the report, printed as “Prepared by” (default: you)"),
      N_("NAME") },
    { "full-verify", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &full_verify,
      N_("Kept for scripts: every report verifies the ledger in full"), NULL },
    { "expect-head", 0, 0, G_OPTION_ARG_STRING, &expect,
      N_("Also check that the ledger still holds this head, sealed earlier"), N_("HEAD") },
    { "witness", 0, 0, G_OPTION_ARG_FILENAME, &witness,
      N_("Also check every head of this witness file; the report says whether its head is "
         "in it"), N_("FILE") },
    { NULL }
  };
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ReportJob job = { 0 };
  gboolean interrupted;
  VigilPaper paper = VIGIL_PAPER_A4;
  VigilPeriod period;
  char first_day[VIGIL_DAY_LEN], last_day[VIGIL_DAY_LEN];
  gboolean progress;

  if (!parse_options ("report", NULL,
                      _("Build the audit report of a period: a PDF to sign, JSON for machines. "
                        "Each export is recorded in the database with the ledger head it seals."),
                      entries, FALSE, &argc, &argv))
    return EXIT_USAGE;
  if (argc > 1)
    return usage_error ("report: unexpected argument “%s”", argv[1]);
  if (paper_text && !vigil_paper_from_string (paper_text, &paper))
    return usage_error ("report: --paper: “%s” is not a4 or letter", paper_text);

  if (to)
    {
      if (!report_day (to, TRUE, last_day, &error))
        return usage_error ("report: --to: %s", error->message);
    }
  else
    {
      char today[VIGIL_DAY_LEN];
      g_autofree char *midnight = NULL;

      vigil_period_today (today);
      midnight = g_strconcat (today, "T00:00:00", NULL);
      report_day (midnight, TRUE, last_day, NULL);
    }
  if (from)
    {
      if (!report_day (from, FALSE, first_day, &error) ||
          !vigil_period_init_range (&period, first_day, last_day, &error))
        {
          return usage_error ("report: --from: %s", error->message);
        }
    }
  else if (!vigil_period_init_last_days (&period, last_day, 7, &error))
    {
      fail ("report: %s", error->message);
      return EXIT_FAILED;
    }

  store = open_store ((pdf || json) ? VIGIL_STORE_OPEN_DEFAULT : VIGIL_STORE_OPEN_READ_ONLY);
  if (store == NULL || !use_witness (store, "report", witness))
    return EXIT_FAILED;
  if ((pdf && !vigil_output_check_path (pdf, vigil_store_get_path (store), NULL, &error)) ||
      (json && !vigil_output_check_path (json, vigil_store_get_path (store), NULL, &error)))
    {
      fail ("report: %s", error->message);
      return EXIT_FAILED;
    }
  /* An exported report is recorded in the database it certifies; one that cannot be is not
   * written at all. */
  if ((pdf || json) && vigil_store_is_read_only (store))
    {
      fail (_("report: “%s” is read-only, so the report could not be recorded in it; nothing "
              "was written. Run it without --pdf and --json to read it, or on a writable "
              "copy"), vigil_store_get_path (store));
      return EXIT_FAILED;
    }

  progress = want_progress ();
  (void) full_verify;
  job.store = store;
  job.period = &period;
  job.models = (const char * const *) models;
  job.organisation = organisation;
  job.by = by;
  job.expect = expect;
  job.progress = progress;
  job.cancellable = cancellable;
  interrupted = run_interruptible ("vigil-report", report_build_thread, &job, cancellable);
  report = g_steal_pointer (&job.report);
  g_clear_pointer (&error, g_error_free);
  error = g_steal_pointer (&job.error);
  if (progress)
    g_printerr ("\r\033[K");
  if (report == NULL && interrupted)
    {
      fail_interrupted ("report");
      return EXIT_FAILED;
    }
  if (report == NULL)
    {
      fail ("report: %s", error->message);
      return EXIT_FAILED;
    }

  for (guint i = 0; signers && signers[i]; i++)
    {
      g_autofree char *role = NULL, *name = NULL;

      if (!vigil_signer_parse (signers[i], &role, &name, &error) ||
          !vigil_report_add_signatory (report, role, name, &error))
        {
          return usage_error ("report: --signer: %s", error->message);
        }
    }

  if (pdf)
    {
      g_autofree char *sha256 = NULL;

      job.report = report;
      job.pdf = pdf;
      job.paper = paper;
      interrupted = run_interruptible ("vigil-report", report_pdf_thread, &job, cancellable);
      job.report = NULL;
      sha256 = g_steal_pointer (&job.sha256);
      if (sha256 == NULL)
        {
          if (progress)
            g_printerr ("\r\033[K");
          if (interrupted)
            fail_interrupted ("report");
          else
            fail ("report: %s: %s", pdf, job.error->message);
          g_clear_error (&job.error);
          return EXIT_FAILED;
        }
      if (progress)
        g_printerr ("\r\033[K");
      if (!vigil_store_record_report (store, report, sha256, NULL, &error))
        {
          g_unlink (pdf);
          fail (_("report: the report could not be recorded, so its PDF was removed: %s"),
                error->message);
          return EXIT_FAILED;
        }
      g_print (_("PDF:      %s (%u pages, SHA-256 %s)\n"), pdf,
               vigil_report_get_n_pages (report, paper), sha256);
    }
  if (json)
    {
      if (!pdf && !vigil_store_record_report (store, report, NULL, NULL, &error))
        {
          fail (_("report: the report could not be recorded, so no JSON was written: %s"),
                error->message);
          return EXIT_FAILED;
        }
      if (!vigil_report_write_json (report, json, &error))
        {
          fail ("report: %s: %s", json, error->message);
          return EXIT_FAILED;
        }
      g_print (_("JSON:     %s\n"), json);
    }

  {
    g_autofree char *period_text = vigil_period_describe (&period);
    g_autofree char *total = vigil_summary_text_format_count (vigil_report_get_total_decisions (report));

    g_print (_("Period:   %s\n"), period_text);
    if (vigil_report_is_incomplete (report))
      g_print (_("The period is not over: the report makes no comparison with the previous "
                 "one.\n"));
    g_print (_("Prepared by: %s\n"), vigil_report_get_generated_by (report));
    for (guint i = 0; i < vigil_report_get_n_signatories (report); i++)
      {
        const char *name = vigil_report_get_signatory_name (report, i);

        g_print (_("To be signed by: %s, %s\n"), vigil_report_get_signatory_role (report, i),
                 name ? name : _("name to be written by hand"));
      }
    g_print (_("Decisions: %s, alerts: %u\n"), total, vigil_report_get_n_alerts (report));
    for (guint i = 0; i < vigil_report_get_n_statements (report); i++)
      {
        const VigilReportStatement *st = vigil_report_get_statement (report, i);

        /* TRANSLATORS: a statement's verdict (Met, NOT MET, NO DATA), title and text */
        g_print (_("[%s] %s: %s\n"), vigil_report_verdict_get_label (st->verdict), st->title,
                 st->text);
      }
    {
      g_autofree char *ledger = vigil_report_dup_ledger_statement (report);

      g_print ("%s\n", ledger);
    }
    if (vigil_report_is_ledger_intact (report))
      g_print (_("Sealed head: %s\n"), vigil_report_get_ledger_head (report));
    else
      g_print (_("Ledger NOT intact; head as found: %s\n"), vigil_report_get_ledger_head (report));
  }
  if (!vigil_report_is_ledger_intact (report))
    {
      g_autofree char *statement = vigil_report_dup_ledger_statement (report);

      /* The report was written and recorded all the same: it is evidence of what was found. */
      fail ((pdf || json) ? _("report: %s The report says so and was recorded.")
                          : _("report: %s"), statement);
    }
  return vigil_report_is_ledger_intact (report) ? EXIT_OK : EXIT_FAILED;
}

/* verify ----------------------------------------------------------------------------------- */

static void
verify_progress (goffset  done,
                 goffset  total,
                 gpointer data)
{
  if (GPOINTER_TO_INT (data) && total > 0)
    g_printerr ("\r\033[K" "Verifying: %3d%%", (int) (100 * done / total));
}

typedef struct
{
  VigilStore        *store;
  const char        *expect;
  gboolean           progress;
  GCancellable      *cancellable;
  VigilLedgerReport *report;
  GError            *error;
} VerifyJob;

static gpointer
verify_thread (gpointer data)
{
  VerifyJob *job = data;

  job->report = vigil_store_verify_expecting (job->store, job->expect, job->cancellable,
                                              verify_progress, GINT_TO_POINTER (job->progress),
                                              &job->error);
  return NULL;
}

/* What a full verification found besides the chains: legacy decisions, the witness file. */
static void
print_verify_extras (VigilLedgerReport *report,
                     GString           *json)
{
  gint64 legacy = vigil_ledger_report_get_legacy_records (report);
  const char *witness = vigil_ledger_report_get_witness_path (report);
  const char *lines = vigil_ledger_report_get_witness_lines (report);
  guint n = vigil_ledger_report_get_n_witness_heads (report);
  guint n_signed = vigil_ledger_report_get_n_witness_signed (report);

  if (json != NULL)
    {
      json_int (json, "legacy_records", legacy);
      json_str (json, "witness_file", witness);
      if (witness != NULL)
        {
          json_int (json, "witness_heads_checked", n);
          json_int (json, "witness_heads_signed", n_signed);
          json_str (json, "witness_lines", lines);
        }
      return;
    }
  if (legacy > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE,
                          "legacy: %" PRId64 " decision predates the events that record which "
                          "write added each decision\n",
                          "legacy: %" PRId64 " decisions predate the events that record which "
                          "write added each decision\n", (gulong) MIN (legacy, G_MAXINT)),
             legacy);
  if (witness == NULL)
    return;
  g_print (g_dngettext (GETTEXT_PACKAGE,
                        "witness: %u head in %s checked, a prefix of the ledger (%u signed)",
                        "witness: %u heads in %s checked, each a prefix of the ledger (%u signed)",
                        n),
           n, witness, n_signed);
  if (lines != NULL)
    g_print (strchr (lines, ',') ? _("; this head is on its lines %s\n")
                                 : _("; this head is on its line %s\n"), lines);
  else
    g_print (_("; this head is not in it yet (vigilctl seal adds it)\n"));
}

static int
cmd_verify (int    argc,
            char **argv)
{
  g_autofree char *expect = NULL;
  g_autofree char *witness = NULL;
  gboolean no_checkpoint = FALSE;
  GOptionEntry entries[] = {
    { "expect-head", 0, 0, G_OPTION_ARG_STRING, &expect,
      N_("Also check that the ledger still holds this head (from an earlier verify or a "
         "report)"), N_("HEAD") },
    { "witness", 0, 0, G_OPTION_ARG_FILENAME, &witness,
      N_("Also check every head of this witness file (written by seal): each must be a "
         "prefix of the ledger and each signature must verify"), N_("FILE") },
    { "no-checkpoint", 0, 0, G_OPTION_ARG_NONE, &no_checkpoint,
      N_("Do not record an intact result as a checkpoint (a ledger_verified event)"), NULL },
    { NULL }
  };
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilLedgerReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  VerifyJob job = { 0 };
  g_autofree char *unrecorded = NULL;
  gint64 checkpoint = 0;
  gboolean progress, interrupted;

  if (!parse_options ("verify", NULL,
                      _("Replay the ledger's hash chains and report whether the log is intact. "
                        "An intact result is recorded as a checkpoint when the database is "
                        "writable; the head printed is that of the records verified, before "
                        "the checkpoint's own event."),
                      entries, TRUE, &argc, &argv))
    return EXIT_USAGE;
  store = open_store (no_checkpoint ? VIGIL_STORE_OPEN_READ_ONLY : VIGIL_STORE_OPEN_DEFAULT);
  if (store == NULL || !use_witness (store, "verify", witness))
    return EXIT_FAILED;

  progress = want_progress () && !opt_json;
  job.store = store;
  job.expect = expect;
  job.progress = progress;
  job.cancellable = cancellable;
  interrupted = run_interruptible ("vigil-verify", verify_thread, &job, cancellable);
  report = g_steal_pointer (&job.report);
  error = g_steal_pointer (&job.error);
  if (progress)
    g_printerr ("\r\033[K");
  if (report == NULL && interrupted)
    {
      fail_interrupted ("verify");
      return EXIT_FAILED;
    }
  if (report == NULL)
    {
      fail ("verify: %s", error->message);
      return EXIT_FAILED;
    }
  /* An intact ledger whose checkpoint cannot be written (a lock held too long, a read-only
   * file) is still intact: exit 0, and say on stderr that nothing was recorded. */
  if (!no_checkpoint && vigil_ledger_report_is_intact (report))
    {
      if (vigil_store_is_read_only (store))
        unrecorded = g_strdup_printf (_("“%s” is read-only"), vigil_store_get_path (store));
      else if (!vigil_store_record_checkpoint (store, report, g_get_user_name (), &checkpoint,
                                               &error))
        unrecorded = g_strdup (error->message);
    }

  if (opt_json)
    {
      g_autoptr(GString) out = g_string_new ("{");
      const char *tables[] = { "decisions", "alerts", "events" };

      json_kind (out, "verify");
      json_bool (out, "intact", vigil_ledger_report_is_intact (report));
      json_int (out, "records", vigil_ledger_report_get_records (report));
      /* A broken ledger has no head; what was found is recorded apart. */
      json_str (out, "head", vigil_ledger_report_is_intact (report)
                               ? vigil_ledger_report_get_head (report) : NULL);
      if (!vigil_ledger_report_is_intact (report))
        json_str (out, "head_as_found", vigil_ledger_report_get_head (report));
      for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
        {
          g_autofree char *key = g_strconcat (tables[i], "_records", NULL);
          json_int (out, key, vigil_ledger_report_get_table_records (report, tables[i]));
        }
      json_str (out, "broken_table", vigil_ledger_report_get_broken_table (report));
      if (vigil_ledger_report_get_broken_id (report) > 0)
        json_int (out, "broken_id", vigil_ledger_report_get_broken_id (report));
      json_str (out, "reason", vigil_ledger_report_get_reason (report));
      json_int (out, "format_1_records", vigil_ledger_report_get_format1_records (report));
      json_bool (out, "caches_checked", vigil_ledger_report_get_caches_checked (report));
      json_int (out, "cache_differences", vigil_ledger_report_get_n_cache_differences (report));
      json_key (out, "cache_differences_named");
      g_string_append_c (out, '[');
      for (guint i = 0; i < vigil_ledger_report_get_n_named_cache_differences (report); i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          vigil_json_write_string (out, vigil_ledger_report_get_cache_difference (report, i));
        }
      g_string_append_c (out, ']');
      if (checkpoint > 0)
        json_int (out, "checkpoint_event", checkpoint);
      else
        json_str (out, "checkpoint_event", NULL);
      print_verify_extras (report, out);
      if (unrecorded != NULL)
        json_str (out, "checkpoint_not_recorded", unrecorded);
      json_print (out);
    }
  else
    {
      g_autofree char *text = vigil_ledger_report_to_string (report);
      gint64 format1 = vigil_ledger_report_get_format1_records (report);

      g_print ("%s\n", text);
      if (format1 > 0 && vigil_ledger_report_is_intact (report))
        g_print (g_dngettext (GETTEXT_PACKAGE,
                              "sealed under ledger format 1: %" PRId64 " record, whose "
                              "negative zero was hashed as “-0” (see “The ledger” in README.md)\n",
                              "sealed under ledger format 1: %" PRId64 " records, whose "
                              "negative zeros were hashed as “-0” (see “The ledger” in "
                              "README.md)\n",
                              (gulong) MIN (format1, G_MAXINT)),
                 format1);
      if (checkpoint > 0)
        {
          g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, checkpoint);

          g_print (_("checkpoint: recorded as event %s (the head above is before it)\n"), id);
        }
      if (vigil_ledger_report_is_intact (report))
        print_verify_extras (report, NULL);
    }
  if (unrecorded != NULL)
    fail (_("verify: warning: the ledger is intact, but no checkpoint was recorded: %s"),
          unrecorded);
  return vigil_ledger_report_is_intact (report) ? EXIT_OK : EXIT_FAILED;
}

/* copy ------------------------------------------------------------------------------------- */

typedef struct
{
  VigilStore        *from;
  VigilStore        *to;
  GCancellable      *cancellable;
  gboolean           progress;
  gint64             last_print;
  VigilLedgerReport *original;
  VigilLedgerReport *copy;
  gint64             rows;
  gboolean           ok;
  GError            *error;
} CopyJob;

static void
copy_progress (goffset  done,
               goffset  total,
               gpointer data)
{
  CopyJob *job = data;
  gint64 now = g_get_monotonic_time ();

  if (!job->progress || total <= 0 || now - job->last_print < G_USEC_PER_SEC / 4)
    return;
  job->last_print = now;
  g_printerr ("\r\033[K" "Copying: %3d%%", (int) (100 * done / total));
}

static gpointer
copy_thread (gpointer data)
{
  CopyJob *job = data;

  job->ok = vigil_store_copy (job->from, job->to, job->cancellable, copy_progress, job,
                              &job->original, &job->copy, &job->rows, &job->error);
  return NULL;
}

/* A database file, or a server's URI: anything else of the form scheme://… is neither (a
 * file may well have a colon in its name) */
static gboolean
is_known_location (const char *location)
{
  const char *scheme = g_uri_peek_scheme (location);

  return scheme == NULL || !g_str_has_prefix (location + strlen (scheme), "://") ||
         g_str_has_prefix (location, "postgresql://") ||
         g_str_has_prefix (location, "postgres://");
}

static VigilStore *
open_copy_end (const char          *location,
               VigilStoreOpenFlags  flags)
{
  g_autoptr(GError) error = NULL;
  VigilStore *store;

  store = vigil_store_open (location, flags, &error);
  if (store == NULL)
    fail ("copy: %s", error->message);
  return store;
}

static int
cmd_copy (int    argc,
          char **argv)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from,
      N_("The database to copy, a file or a postgresql:// URI (default: that of --db)"),
      N_("DB") },
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to,
      N_("The database to copy into, a file or a postgresql:// URI, just made with "
         "“vigilctl --db DB init” (required)"), N_("DB") },
    { NULL }
  };
  g_autoptr(VigilStore) source = NULL;
  g_autoptr(VigilStore) target = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(VigilLedgerReport) original = NULL;
  g_autoptr(VigilLedgerReport) copy = NULL;
  g_autoptr(GError) error = NULL;
  CopyJob job = { 0 };
  gboolean interrupted;

  if (!parse_options ("copy", NULL,
                      _("Copy a whole Vigil database into a new one, from a database file to "
                        "a PostgreSQL server, from a server to a file, or between two of "
                        "either: every decision, alert, event, report, check result, setting "
                        "(the purpose, the policy), followed file and cache, each row with its "
                        "id and record hash, so that verify gives the same head on both.\n\n"
                        "The database copied into must be new: made with “vigilctl --db DB "
                        "init” and holding nothing else. The original is read as of one moment "
                        "and must verify intact; the copy is written in one transaction, "
                        "verified before it is committed, and committed only when its head is "
                        "the original’s. Both heads are printed. An error, or Ctrl-C, leaves the "
                        "database copied into as it was.\n\n"
                        "On a server, the copy is loaded by the login that owns Vigil’s tables "
                        "(the one that ran init) or by a superuser. Desks exist on servers only: "
                        "a copy to a file leaves them out."),
                      entries, TRUE, &argc, &argv))
    return EXIT_USAGE;
  if (argc > 1)
    return usage_error (_("copy: unexpected argument “%s”"), argv[1]);
  if (to == NULL)
    return usage_error (_("copy: give the database to copy into with --to DB"));
  if (from == NULL)
    from = opt_db ? g_strdup (opt_db) : vigil_store_default_path ();
  if (!is_known_location (from) || !is_known_location (to))
    {
      g_autofree char *shown = vigil_store_redact_uri (is_known_location (from) ? to : from);

      return usage_error (_("copy: “%s” is neither a database file nor a PostgreSQL URI "
                            "(postgresql://…)"), shown);
    }

  source = open_copy_end (from, VIGIL_STORE_OPEN_READ_ONLY);
  if (source == NULL)
    return EXIT_FAILED;
  target = open_copy_end (to, VIGIL_STORE_OPEN_DEFAULT);
  if (target == NULL)
    return EXIT_FAILED;

  job.from = source;
  job.to = target;
  job.cancellable = cancellable;
  job.progress = want_progress () && !opt_json;
  interrupted = run_interruptible ("vigil-copy", copy_thread, &job, cancellable);
  original = g_steal_pointer (&job.original);
  copy = g_steal_pointer (&job.copy);
  error = g_steal_pointer (&job.error);
  if (job.progress)
    g_printerr ("\r\033[K");

  if (!job.ok && interrupted)
    {
      fail (_("copy: interrupted; nothing was copied into “%s”"),
            vigil_store_get_path (target));
      return EXIT_FAILED;
    }
  if (!job.ok)
    {
      fail ("copy: %s", error->message);
      return EXIT_FAILED;
    }

  if (opt_json)
    {
      g_autoptr(GString) out = g_string_new ("{");

      json_kind (out, "copy");
      json_str (out, "from", vigil_store_get_path (source));
      json_str (out, "to", vigil_store_get_path (target));
      json_int (out, "rows", job.rows);
      json_int (out, "records", vigil_ledger_report_get_records (copy));
      json_str (out, "from_head", vigil_ledger_report_get_head (original));
      json_str (out, "to_head", vigil_ledger_report_get_head (copy));
      json_print (out);
    }
  else
    {
      g_autofree char *from_text = vigil_ledger_report_to_string (original);
      g_autofree char *to_text = vigil_ledger_report_to_string (copy);

      g_print (_("Copied %" PRId64 " rows from %s to %s\n"), job.rows,
               vigil_store_get_path (source), vigil_store_get_path (target));
      /* TRANSLATORS: a database, then what verify says of it */
      g_print (_("%s: %s\n"), vigil_store_get_path (source), from_text);
      g_print (_("%s: %s\n"), vigil_store_get_path (target), to_text);
    }
  return EXIT_OK;
}

/* seal ------------------------------------------------------------------------------------- */

static int
cmd_seal (int    argc,
          char **argv)
{
  g_autofree char *witness = NULL;
  g_autofree char *key = NULL;
  g_autofree char *new_key = NULL;
  GOptionEntry entries[] = {
    { "witness", 0, 0, G_OPTION_ARG_FILENAME, &witness,
      N_("The witness file to append the head to (default: the database’s path with "
         "“.witness” added); keep it, or a copy, where whoever can write the database "
         "cannot"), N_("FILE") },
    { "sign", 0, 0, G_OPTION_ARG_FILENAME, &key,
      N_("Sign the line with this Ed25519 key"), N_("KEYFILE") },
    { "new-key", 0, 0, G_OPTION_ARG_FILENAME, &new_key,
      N_("Make a new Ed25519 signing key in KEYFILE (readable by you only), print its public "
         "key and exit"), N_("KEYFILE") },
    { NULL }
  };
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilLedgerReport) report = NULL;
  g_autoptr(GError) error = NULL;
  const char *head;
  guint line = 0;

  if (!parse_options ("seal", NULL,
                      _("Verify the ledger in full and append its head to a witness file kept "
                        "outside the database, optionally signed. Every later “verify --witness "
                        "FILE” checks that each head in it is still a prefix of the ledger."),
                      entries, TRUE, &argc, &argv))
    return EXIT_USAGE;
  if (argc > 1)
    return usage_error ("seal: unexpected argument “%s”", argv[1]);
  if (new_key != NULL)
    {
      g_autofree char *pub = NULL;

      if (!vigil_witness_new_key (new_key, &pub, &error))
        {
          fail ("seal: %s", error->message);
          return EXIT_FAILED;
        }
      if (opt_json)
        {
          g_autoptr(GString) out = g_string_new ("{");

          json_kind (out, "key");
          json_str (out, "key_file", new_key);
          json_str (out, "public_key", pub);
          json_print (out);
        }
      else
        g_print (_("New signing key in %s; its public key is %s\n"), new_key, pub);
      return EXIT_OK;
    }

  store = open_store (VIGIL_STORE_OPEN_READ_ONLY);
  if (store == NULL)
    return EXIT_FAILED;
  if (witness == NULL)
    witness = g_strconcat (vigil_store_get_path (store), ".witness", NULL);
  if (g_file_test (witness, G_FILE_TEST_EXISTS) && !use_witness (store, "seal", witness))
    return EXIT_FAILED;

  report = vigil_store_verify (store, NULL, verify_progress,
                               GINT_TO_POINTER (want_progress () && !opt_json), &error);
  if (want_progress () && !opt_json)
    g_printerr ("\r\033[K");
  if (report == NULL)
    {
      fail ("seal: %s", error->message);
      return EXIT_FAILED;
    }
  if (!vigil_ledger_report_is_intact (report))
    {
      g_autofree char *text = vigil_ledger_report_to_string (report);

      fail (_("seal: the ledger is not intact, and a broken ledger is never sealed: %s"), text);
      return EXIT_FAILED;
    }
  head = vigil_ledger_report_get_head (report);
  if (!vigil_witness_append (witness, head, key, &line, &error))
    {
      fail ("seal: %s", error->message);
      return EXIT_FAILED;
    }
  if (opt_json)
    {
      g_autoptr(GString) out = g_string_new ("{");

      json_kind (out, "seal");
      json_str (out, "head", head);
      json_int (out, "records", vigil_ledger_report_get_records (report));
      json_str (out, "witness_file", witness);
      json_int (out, "line", line);
      json_bool (out, "signed", key != NULL);
      json_print (out);
    }
  else
    g_print (key != NULL ? _("sealed: head %s, line %u of %s, signed\n")
                         : _("sealed: head %s, line %u of %s\n"),
             head, line, witness);
  return EXIT_OK;
}

/* detect ----------------------------------------------------------------------------------- */

static void
print_result_json (GString          *out,
                   VigilCheckResult *r)
{
  VigilAlert *alert = vigil_check_result_get_alert (r);

  json_kind (out, "check");
  json_str (out, "model_name", vigil_check_result_get_model_name (r));
  json_str (out, "alert_type", vigil_check_to_string (vigil_check_result_get_check (r)));
  json_str (out, "outcome", vigil_check_outcome_to_string (vigil_check_result_get_outcome (r)));
  if (alert && vigil_alert_get_id (alert) > 0)
    json_int (out, "id", vigil_alert_get_id (alert));
  else
    json_str (out, "id", NULL);
  json_bool (out, "new", vigil_check_result_get_alert_is_new (r));
  json_str (out, "severity", vigil_severity_to_string (vigil_check_result_get_severity (r)));
  json_str (out, "description", vigil_check_result_get_message (r));
  json_str (out, "subject", vigil_check_result_get_subject (r));
  json_str (out, "as_of", vigil_check_result_get_as_of (r));
  json_str (out, "baseline_start", vigil_check_result_get_baseline_start (r));
  json_str (out, "window_start", vigil_check_result_get_window_start (r));
  json_str (out, "window_end", vigil_check_result_get_window_end (r));
  json_real (out, "observed", vigil_check_result_get_observed (r));
  json_real (out, "baseline", vigil_check_result_get_baseline (r));
  json_real (out, "threshold", vigil_check_result_get_threshold (r));
  if (vigil_check_result_get_n_recent (r) >= 0)
    json_int (out, "n_recent", vigil_check_result_get_n_recent (r));
  else
    json_str (out, "n_recent", NULL);
  if (vigil_check_result_get_n_baseline (r) >= 0)
    json_int (out, "n_baseline", vigil_check_result_get_n_baseline (r));
  else
    json_str (out, "n_baseline", NULL);
  json_real (out, "p_value", vigil_check_result_get_p_value (r));
  json_print (out);
}

static void
print_result_text (VigilCheckResult *r,
                   gboolean          all,
                   gboolean          dry_run)
{
  VigilCheckOutcome outcome = vigil_check_result_get_outcome (r);
  g_autofree char *p = NULL;

  if (!all && outcome != VIGIL_OUTCOME_ALERTED)
    return;
  if (!isnan (vigil_check_result_get_p_value (r)))
    p = g_strdup_printf ("  (p=%.2g)", vigil_check_result_get_p_value (r));
  g_print ("%.10s  %-16s  %-19s %-7s %s%s%s\n", vigil_check_result_get_window_start (r),
           vigil_check_result_get_model_name (r),
           vigil_check_to_string (vigil_check_result_get_check (r)),
           outcome == VIGIL_OUTCOME_ALERTED
             ? vigil_severity_to_string (vigil_check_result_get_severity (r))
             : outcome == VIGIL_OUTCOME_CLEAR ? "clear"
             : outcome == VIGIL_OUTCOME_INSUFFICIENT_DATA ? "no-data" : "n/a",
           vigil_check_result_get_message (r), p ? p : "",
           outcome != VIGIL_OUTCOME_ALERTED ? ""
           : !vigil_check_result_get_alert_is_new (r) ? _("  [already recorded]")
           : dry_run ? _("  [would be new]") : "");
}

static void
detect_progress (guint    done,
                 guint    total,
                 gpointer data)
{
  if (GPOINTER_TO_INT (data))
    g_printerr ("\r\033[K" "Backtesting: %u of %u", done, total);
}

typedef struct
{
  VigilDetector *detector;
  const char    *model;
  const char    *from;
  const char    *to;
  gboolean       progress;
  GCancellable  *cancellable;
  GPtrArray     *results;
  GError        *error;
} BacktestJob;

static gpointer
backtest_thread (gpointer data)
{
  BacktestJob *job = data;

  job->results = vigil_detector_backtest (job->detector, job->model, job->from, job->to,
                                          job->cancellable, detect_progress,
                                          GINT_TO_POINTER (job->progress), &job->error);
  return NULL;
}

/* A backtest runs the checks as of many days: it is stopped cleanly by SIGINT or SIGTERM,
 * between days, with what it stored for the days before. */
static GPtrArray *
run_backtest (VigilDetector  *detector,
              const char     *model,
              const char     *from,
              const char     *to,
              gboolean        progress,
              gboolean       *out_interrupted,
              GError        **error)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  BacktestJob job = { detector, model, from, to, progress, cancellable, NULL, NULL };

  *out_interrupted = run_interruptible ("vigil-backtest", backtest_thread, &job, cancellable);
  if (job.error != NULL)
    g_propagate_error (error, job.error);
  return job.results;
}

/* Runs @command for each alert of @raised, stored and committed, as `alerts --json` reads it
 * back; a failure is named on stderr and does not stop the next alert's command. Returns
 * whether every command succeeded. */
static gboolean
notify (VigilStore *store,
        const char *command,
        GPtrArray  *raised)
{
  gboolean ok = TRUE;

  if (command == NULL || *command == '\0')
    return TRUE;
  for (guint i = 0; i < raised->len; i++)
    {
      gint64 id = vigil_alert_get_id (raised->pdata[i]);
      g_autoptr(VigilAlert) alert = NULL;
      g_autoptr(GError) error = NULL;

      alert = vigil_store_get_alert (store, id, &error);
      if (alert == NULL ||
          !vigil_notifier_run (command, alert, VIGIL_NOTIFIER_TIMEOUT_SECONDS, NULL, &error))
        {
          /* TRANSLATORS: an alert's id, then why its notify command failed */
          fail (_("detect: alert %" PRId64 " is stored, but notifying of it failed: %s"), id,
                error->message);
          ok = FALSE;
        }
    }
  return ok;
}

static int
cmd_detect (int    argc,
            char **argv)
{
  g_autofree char *model = NULL, *as_of = NULL, *policy_path = NULL, *from = NULL, *to = NULL;
  g_autofree char *fail_on_name = NULL, *notify_command = NULL;
  gboolean all = FALSE, dry_run = FALSE, backtest = FALSE, verbose = FALSE;
  double window_days = 0, baseline_days = 0;
  GOptionEntry entries[] = {
    { "model", 0, 0, G_OPTION_ARG_STRING, &model, N_("Check this model"), N_("M") },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Check every model (the default)"), NULL },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of,
      N_("End of the recent window (default: now)"), N_("T") },
    { "window-days", 0, 0, G_OPTION_ARG_DOUBLE, &window_days,
      N_("Length of the recent window in days (default: the policy’s, 1)"), N_("W") },
    { "baseline-days", 0, 0, G_OPTION_ARG_DOUBLE, &baseline_days,
      N_("Length of the baseline before it (default: the policy’s, 7)"), N_("B") },
    { "policy", 0, 0, G_OPTION_ARG_FILENAME, &policy_path,
      N_("A policy key file (default: the database’s policy, see “vigilctl policy”)"),
      N_("FILE") },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Report, but store nothing"), NULL },
    { "backtest", 0, 0, G_OPTION_ARG_NONE, &backtest,
      N_("Evaluate each day of --from..--to as the recent window"), NULL },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("First day of a backtest"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("End of a backtest (excluded)"), N_("DATE") },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose,
      N_("Print every check's outcome, not only alerts"), NULL },
    { "fail-on", 0, 0, G_OPTION_ARG_STRING, &fail_on_name,
      N_("Exit with status 4 when this run raised a new alert of this severity or higher: "
         "LOW, MEDIUM or HIGH"), N_("LEVEL") },
    { "notify-command", 0, 0, G_OPTION_ARG_STRING, &notify_command,
      N_("Run CMD with /bin/sh once for each new alert, the alert’s JSON on its standard input "
         "(default: the policy’s notify_command; \"\" runs none)"), N_("CMD") },
    { NULL }
  };
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilPolicy) policy = NULL;
  g_autoptr(VigilDetector) detector = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new ("{");
  g_autoptr(GPtrArray) raised = g_ptr_array_new_with_free_func (g_object_unref);
  guint alerted = 0, fresh = 0;
  gboolean progress, interrupted = FALSE, tripped = FALSE;
  VigilSeverity fail_on = VIGIL_SEVERITY_HIGH;
  const char *command;
  int status = EXIT_OK;

  if (!parse_options ("detect", NULL,
                      _("Run the anomaly checks: distribution shift, concentration, confidence "
                        "shift, volume and input feature drift.\n\n"
                        "Recent window [as-of - W, as-of), baseline [as-of - W - B, as-of - W). "
                        "Alerts are stored once, with their evidence, and the decisions they "
                        "concern are flagged.\n\n"
                        "For a CI gate or a cron job: --fail-on LEVEL makes the exit status 4 "
                        "when this run raised at least one new alert of LEVEL or higher (an "
                        "alert stored by an earlier run is not new; a dry run raises none). "
                        "--notify-command CMD, or notify_command in the policy’s [defaults], "
                        "runs “/bin/sh -c CMD” once for each new alert, one after another, "
                        "after the alerts are committed: the alert’s JSON object (as “vigilctl "
                        "alerts --json” prints it) on its standard input, VIGIL_ALERT_ID, "
                        "VIGIL_ALERT_SEVERITY and VIGIL_ALERT_MODEL in its environment, its "
                        "output on standard error. A command that fails, or runs longer than "
                        "60 seconds and is killed, is named on standard error and makes the "
                        "exit status 1; the alerts stay stored."),
                      entries, TRUE, &argc, &argv))
    return EXIT_USAGE;
  if (model && all)
    return usage_error ("detect: give --model M or --all, not both");
  if (backtest && (from == NULL || to == NULL || as_of != NULL))
    return usage_error ("detect: --backtest needs --from DATE and --to DATE, and no --as-of");
  if (!backtest && (from || to))
    return usage_error ("detect: --from and --to go with --backtest");

  if (window_days < 0 || baseline_days < 0)
    return usage_error ("detect: window lengths must be positive");
  if (fail_on_name != NULL && !vigil_severity_from_string (fail_on_name, &fail_on))
    return usage_error (_("detect: --fail-on must be LOW, MEDIUM or HIGH, not “%s”"),
                        fail_on_name);
  if (notify_command != NULL && strchr (notify_command, '\n') != NULL)
    return usage_error (_("detect: --notify-command must be one line"));
  if (policy_path)
    {
      policy = vigil_policy_new_from_file (policy_path, &error);
      if (policy == NULL)
        {
          fail ("detect: %s", error->message);
          return EXIT_FAILED;
        }
    }

  store = open_store (dry_run ? VIGIL_STORE_OPEN_READ_ONLY : VIGIL_STORE_OPEN_DEFAULT);
  if (store == NULL)
    return EXIT_FAILED;
  /* Without --policy, the policy in force in the database. */
  if (policy == NULL)
    {
      policy = vigil_store_get_policy (store, &error);
      if (policy == NULL)
        {
          fail ("detect: %s", error->message);
          return EXIT_FAILED;
        }
    }
  if (window_days > 0 || baseline_days > 0)
    vigil_policy_set_windows (policy,
                              window_days > 0 ? window_days
                                              : vigil_policy_get_defaults (policy)->window_days,
                              baseline_days > 0 ? baseline_days
                                                : vigil_policy_get_defaults (policy)->baseline_days);

  detector = vigil_detector_new (store, policy);
  vigil_detector_set_dry_run (detector, dry_run);

  progress = want_progress () && !opt_json;
  if (backtest)
    results = run_backtest (detector, model, from, to, progress, &interrupted, &error);
  else
    results = vigil_detector_run (detector, model, as_of, NULL, &error);
  if (progress && backtest)
    g_printerr ("\r\033[K");
  if (results == NULL && interrupted)
    {
      fail_interrupted ("detect");
      return EXIT_FAILED;
    }
  if (results == NULL)
    {
      fail ("detect: %s", error->message);
      return EXIT_FAILED;
    }

  for (guint i = 0; i < results->len; i++)
    {
      VigilCheckResult *r = results->pdata[i];

      if (vigil_check_result_get_outcome (r) == VIGIL_OUTCOME_ALERTED)
        {
          alerted++;
          fresh += vigil_check_result_get_alert_is_new (r);
          /* A dry run's "new" is what a real run would store: it raised nothing. */
          if (!dry_run && vigil_check_result_get_alert_is_new (r))
            {
              g_ptr_array_add (raised, g_object_ref (vigil_check_result_get_alert (r)));
              if (fail_on_name != NULL && vigil_check_result_get_severity (r) >= fail_on)
                tripped = TRUE;
            }
        }
      if (opt_json)
        {
          if (verbose || vigil_check_result_get_outcome (r) == VIGIL_OUTCOME_ALERTED)
            print_result_json (out, r);
        }
      else
        print_result_text (r, verbose, dry_run);
    }
  if (!opt_json)
    g_print (dry_run ? _("%u alerts, %u of them would be new (dry run: nothing stored)\n")
                     : _("%u alerts, %u of them new\n"), alerted, fresh);

  /* The command line's command, else the policy's; "" runs none. */
  command = notify_command != NULL ? notify_command : vigil_policy_get_notify_command (policy);
  if (!notify (store, command, raised))
    status = EXIT_FAILED;
  if (status == EXIT_OK && tripped)
    status = EXIT_FAIL_ON;
  return status;
}

/* simulate --------------------------------------------------------------------------------- */

static void
simulate_progress (double   fraction,
                   guint    day,
                   gpointer data)
{
  if (GPOINTER_TO_INT (data))
    g_printerr ("\r\033[K" "Simulating: day %u, %3d%%", day, (int) (fraction * 100));
}

/* "X" sets every incident's intensity, "TYPE=X" one incident's; the scenario's validation
 * checks the range. */
static gboolean
parse_intensity (VigilScenario  *scenario,
                 const char     *text,
                 GError        **error)
{
  const char *equals = strchr (text, '=');
  const char *number = equals != NULL ? equals + 1 : text;
  g_autofree char *name = NULL;
  VigilAnomaly anomaly = VIGIL_ANOMALY_NONE;
  char *end = NULL;
  double value;

  if (equals != NULL)
    {
      name = g_strstrip (g_strndup (text, (gsize) (equals - text)));
      if (*name == '\0')
        {
          g_set_error (error, VIGIL_SCENARIO_ERROR, VIGIL_SCENARIO_ERROR_INVALID,
                       _("“%s” names no incident before “=”; write TYPE=X, like "
                         "low_fico=0.5"), text);
          return FALSE;
        }
      if (!vigil_anomalies_parse (name, &anomaly, error))
        return FALSE;
      if (vigil_anomaly_to_string (anomaly) == NULL)
        {
          g_set_error (error, VIGIL_SCENARIO_ERROR, VIGIL_SCENARIO_ERROR_INVALID,
                       _("“%s” is not one incident; write TYPE=X for each"), name);
          return FALSE;
        }
    }
  value = g_ascii_strtod (number, &end);
  if (*number == '\0' || g_ascii_isspace (*number) || end == NULL || *end != '\0' ||
      !isfinite (value) || value <= 0.0 || value > 1.0)
    {
      if (name != NULL)
        g_set_error (error, VIGIL_SCENARIO_ERROR, VIGIL_SCENARIO_ERROR_INVALID,
                     _("the intensity of %s must be a number above 0 and at most 1, not “%s”"),
                     name, number);
      else
        g_set_error (error, VIGIL_SCENARIO_ERROR, VIGIL_SCENARIO_ERROR_INVALID,
                     _("the intensity must be a number above 0 and at most 1, or TYPE=X for "
                       "one incident, not “%s”"), number);
      return FALSE;
    }
  if (name != NULL)
    vigil_scenario_set_anomaly_intensity (scenario, anomaly, value);
  else
    vigil_scenario_set_intensity (scenario, value);
  return TRUE;
}

typedef struct
{
  VigilSimulator *simulator;
  VigilStore     *store;
  VigilScenario  *scenario;
  gboolean        progress;
  GCancellable   *cancellable;
  gboolean        ok;
  GError         *error;
} SimulateJob;

static gpointer
simulate_thread (gpointer data)
{
  SimulateJob *job = data;

  job->ok = vigil_simulator_run (job->simulator, job->store, job->scenario, job->cancellable,
                                 simulate_progress, GINT_TO_POINTER (job->progress),
                                 &job->error);
  return NULL;
}

static int
cmd_simulate (int    argc,
              char **argv)
{
  g_autofree char *start = NULL, *anomalies_text = NULL, *policy_path = NULL;
  gint days = -1, anomaly_day = -1, trading = -1, credit = -1;
  gint64 seed = -1;
  g_auto(GStrv) intensities = NULL;
  GOptionEntry entries[] = {
    { "start", 0, 0, G_OPTION_ARG_STRING, &start,
      N_("First simulated day (default: the days ending yesterday)"), N_("DATE") },
    { "days", 0, 0, G_OPTION_ARG_INT, &days, N_("Days to simulate (default 6)"), N_("N") },
    { "anomaly-day", 0, 0, G_OPTION_ARG_INT, &anomaly_day,
      N_("The day of the incident, from 1 (default 4)"), N_("K") },
    { "anomaly", 0, 0, G_OPTION_ARG_STRING, &anomalies_text,
      N_("Incidents to inject: sell_surge, low_fico, concentration, volume_spike, volume_drop, "
         "confidence_collapse, feature_drift, or none (default sell_surge,low_fico)"),
      N_("TYPE[,TYPE…]") },
    { "intensity", 0, 0, G_OPTION_ARG_STRING_ARRAY, &intensities,
      N_("Strength of the incidents in (0, 1]; 1 is the notebook’s (default 1); TYPE=X sets "
         "one incident’s, and may be repeated"), N_("[TYPE=]X") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("Random seed (default 42)"), N_("S") },
    { "trading-per-day", 0, 0, G_OPTION_ARG_INT, &trading,
      N_("Trading signals a day (default 50)"), N_("N") },
    { "credit-per-day", 0, 0, G_OPTION_ARG_INT, &credit,
      N_("Credit decisions a day (default 100)"), N_("N") },
    { "policy", 0, 0, G_OPTION_ARG_FILENAME, &policy_path,
      N_("The detection policy for the backtest (default: the database’s)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(VigilScenario) scenario = vigil_scenario_new ();
  g_autoptr(VigilSimulator) simulator = vigil_simulator_new ();
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilPolicy) policy = NULL;
  g_autoptr(VigilDetector) detector = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(VigilScorecard) scorecard = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *first_day = NULL;
  g_autofree char *end_day = NULL;
  gboolean progress, interrupted;
  gint64 start_usec;
  SimulateJob job = { 0 };

  if (!parse_options ("simulate", NULL,
                      _("Simulate production days of the notebook’s two models, MomentumSignal "
                        "and CreditXGBoost, with injected incidents, into a training database; "
                        "then run the checks over each day and print the scorecard: which "
                        "check caught each incident, on which day, and any false alarm.\n\n"
                        "The same options and seed always give the same decisions."),
                      entries, TRUE, &argc, &argv))
    return EXIT_USAGE;

  if (start)
    vigil_scenario_set_start_date (scenario, start);
  if (days >= 0)
    vigil_scenario_set_days (scenario, (guint) days);
  if (anomaly_day >= 0)
    vigil_scenario_set_anomaly_day (scenario, (guint) anomaly_day);
  if (trading >= 0)
    vigil_scenario_set_trading_per_day (scenario, (guint) trading);
  if (credit >= 0)
    vigil_scenario_set_credit_per_day (scenario, (guint) credit);
  if (seed >= 0)
    vigil_scenario_set_seed (scenario, (guint64) seed);
  for (guint i = 0; intensities != NULL && intensities[i] != NULL; i++)
    if (!parse_intensity (scenario, intensities[i], &error))
      return usage_error ("simulate: --intensity: %s", error->message);
  if (anomalies_text)
    {
      VigilAnomaly anomalies;

      if (!vigil_anomalies_parse (anomalies_text, &anomalies, &error))
        return usage_error ("simulate: --anomaly: %s", error->message);
      vigil_scenario_set_anomalies (scenario, anomalies);
    }
  if (days < -1 || anomaly_day < -1 || trading < -1 || credit < -1 ||
      !vigil_scenario_validate (scenario, &error))
    {
      return usage_error ("simulate: %s", error ? error->message : _("counts cannot be negative"));
    }

  if (policy_path)
    {
      policy = vigil_policy_new_from_file (policy_path, &error);
      if (policy == NULL)
        {
          fail ("simulate: %s", error->message);
          return EXIT_FAILED;
        }
    }

  store = open_store (VIGIL_STORE_OPEN_CREATE);
  if (store == NULL)
    return EXIT_FAILED;
  if (policy == NULL)
    {
      policy = vigil_store_get_policy (store, &error);
      if (policy == NULL)
        {
          fail ("simulate: %s", error->message);
          return EXIT_FAILED;
        }
    }

  progress = want_progress () && !opt_json;
  job.simulator = simulator;
  job.store = store;
  job.scenario = scenario;
  job.progress = progress;
  job.cancellable = cancellable;
  interrupted = run_interruptible ("vigil-simulate", simulate_thread, &job, cancellable);
  if (progress)
    g_printerr ("\r\033[K");
  if (!job.ok)
    {
      if (interrupted)
        fail (g_dngettext (GETTEXT_PACKAGE,
                           "simulate: interrupted: %" PRId64 " decision committed in whole "
                           "days",
                           "simulate: interrupted: %" PRId64 " decisions committed in whole "
                           "days",
                           (gulong) MIN (vigil_simulator_get_decisions (simulator), G_MAXINT)),
              vigil_simulator_get_decisions (simulator));
      else
        fail ("simulate: %s", job.error->message);
      g_clear_error (&job.error);
      return EXIT_FAILED;
    }

  /* Backtest every simulated day, so the incident is found on its day. */
  first_day = vigil_scenario_dup_resolved_start_date (vigil_simulator_get_scenario (simulator));
  vigil_timestamp_parse (first_day, &start_usec, NULL);
  end_day = g_malloc (VIGIL_TIMESTAMP_LEN);
  vigil_timestamp_format (start_usec + (gint64) vigil_scenario_get_days (scenario) * G_TIME_SPAN_DAY,
                          end_day);
  detector = vigil_detector_new (store, policy);
  results = run_backtest (detector, NULL, first_day, end_day, progress, &interrupted, &error);
  if (progress)
    g_printerr ("\r\033[K");
  if (results == NULL && interrupted)
    {
      fail_interrupted ("simulate");
      return EXIT_FAILED;
    }
  if (results == NULL)
    {
      fail ("simulate: %s", error->message);
      return EXIT_FAILED;
    }

  scorecard = vigil_scorecard_new (vigil_simulator_get_scenario (simulator), results);
  if (opt_json)
    {
      g_autofree char *json = vigil_scorecard_to_json (scorecard);
      g_print ("%s\n", json);
    }
  else
    {
      g_autofree char *description = vigil_scenario_describe (vigil_simulator_get_scenario (simulator));
      g_autofree char *text = vigil_scorecard_to_text (scorecard);

      g_print (_("Simulated %" PRId64 " decisions into %s (a training database).\n%s\n\n%s"),
               vigil_simulator_get_decisions (simulator), vigil_store_get_path (store),
               description, text);
    }
  return EXIT_OK;
}

/* policy ----------------------------------------------------------------------------------- */

static int
cmd_policy (int    argc,
            char **argv)
{
  g_autofree char *set_path = NULL, *by = NULL;
  GOptionEntry entries[] = {
    { "set", 0, 0, G_OPTION_ARG_FILENAME, &set_path,
      N_("Store this policy key file as the one in force"), N_("FILE") },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by,
      N_("Who changes the policy (default: your login name)"), N_("NAME") },
    { NULL }
  };
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilPolicy) policy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!parse_options ("policy", NULL,
                      _("Print the detection policy in force in the database, or store a new "
                        "one with --set. The app, “vigilctl detect” and the reports use it; "
                        "each change is recorded in the ledger's events."),
                      entries, FALSE, &argc, &argv))
    return EXIT_USAGE;
  if (argc > 1)
    return usage_error ("policy: unexpected argument “%s”", argv[1]);
  if (by && set_path == NULL)
    return usage_error ("policy: --by goes with --set");

  if (set_path == NULL)
    {
      store = open_store (VIGIL_STORE_OPEN_READ_ONLY);
      if (store == NULL)
        return EXIT_FAILED;
      policy = vigil_store_get_policy (store, &error);
      if (policy == NULL)
        {
          fail ("policy: %s", error->message);
          return EXIT_FAILED;
        }
      text = vigil_policy_to_data (policy);
      g_print ("%s", text);
      return EXIT_OK;
    }

  /* Validated before the database is opened: a bad file changes nothing. */
  policy = vigil_policy_new_from_file (set_path, &error);
  if (policy == NULL)
    {
      fail ("policy: %s", error->message);
      return EXIT_FAILED;
    }
  store = open_store (VIGIL_STORE_OPEN_DEFAULT);
  if (store == NULL)
    return EXIT_FAILED;
  if (!vigil_store_set_policy (store, policy, by ? by : g_get_user_name (), &error))
    {
      fail ("policy: %s", error->message);
      return EXIT_FAILED;
    }
  g_print (_("The policy in %s is now the one in force in %s.\n"), set_path,
           vigil_store_get_path (store));
  return EXIT_OK;
}

/* main ------------------------------------------------------------------------------------- */

static const Command commands[] = {
  { "init", NULL, N_("Create a database, or check one"), cmd_init },
  { "import", "FILE|-", N_("Import decisions from JSON Lines"), cmd_import },
  { "follow", "SPOOL…", N_("Commit decisions from spool files as they grow"), cmd_follow },
  { "export", NULL, N_("Export decisions as JSON Lines or CSV"), cmd_export },
  { "copy", "--from DB --to DB", N_("Copy a whole database to a new one, on a server or in a file"),
    cmd_copy },
  { "decisions", NULL, N_("List decisions"), cmd_decisions },
  { "alerts", NULL, N_("List alerts"), cmd_alerts },
  { "ack", "ALERT_ID…", N_("Acknowledge alerts"), cmd_ack },
  { "review", "DECISION_ID", N_("Review a decision"), cmd_review },
  { "outcome", "DECISION_ID", N_("Record a decision’s actual outcome"), cmd_outcome },
  { "models", NULL, N_("List models with their decision counts and desks"), cmd_models },
  { "access", NULL, N_("List who holds which role and desk; manage desk members"),
    cmd_access },
  { "stats", NULL, N_("Summary statistics of a model and period"), cmd_stats },
  { "verify", NULL, N_("Check the tamper-evident ledger"), cmd_verify },
  { "seal", NULL, N_("Append the verified ledger head to a witness file, optionally signed"),
    cmd_seal },
  { "report", NULL, N_("Build the audit report of a period, as PDF and JSON"), cmd_report },
  { "detect", NULL, N_("Run the anomaly checks, now or over past days"), cmd_detect },
  { "simulate", NULL, N_("Simulate days with incidents, and score the checks"), cmd_simulate },
  { "policy", NULL, N_("Print or change the detection policy in force"), cmd_policy },
};

static char *
command_synopsis (const Command *command)
{
  return g_strdup_printf ("%s%s%s", command->name, command->parameters ? " " : "",
                          command->parameters ? command->parameters : "");
}

/* The descriptions start in one column: widths are counted in characters, not bytes (“…” is
 * three bytes), as printf's %-24s would. */
static void
usage (FILE *to)
{
  glong width = 0;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *synopsis = command_synopsis (&commands[i]);

      width = MAX (width, g_utf8_strlen (synopsis, -1));
    }
  fprintf (to, "%s", _("Usage: vigilctl [--db PATH] COMMAND [OPTIONS…]\n\n"
                       "Keep and check the audit log of AI model decisions.\n\nCommands:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *synopsis = command_synopsis (&commands[i]);

      fprintf (to, "  %s%*s  %s\n", synopsis, (int) (width - g_utf8_strlen (synopsis, -1)), "",
               _(commands[i].summary));
    }
  fprintf (to, "%s", _("\nRun “vigilctl COMMAND --help” for a command’s options.\n\n"
                       "Exit status: 0 success, 1 failure, 2 usage error, 3 import or follow\n"
                       "with rejected lines, 4 detect --fail-on tripped.\n"));
}

int
main (int    argc,
      char **argv)
{
  int first = 1;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Options before the command: --db PATH, --db=PATH, --help, --version. */
  while (first < argc && argv[first][0] == '-')
    {
      const char *arg = argv[first];

      if (g_str_equal (arg, "--db") && first + 1 < argc)
        {
          g_free (opt_db);
          opt_db = g_strdup (argv[first + 1]);
          first += 2;
        }
      else if (g_str_has_prefix (arg, "--db="))
        {
          g_free (opt_db);
          opt_db = g_strdup (arg + 5);
          first++;
        }
      else if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h"))
        {
          usage (stdout);
          return EXIT_OK;
        }
      else if (g_str_equal (arg, "--version"))
        {
          g_print ("vigilctl %s\n", PACKAGE_VERSION);
          return EXIT_OK;
        }
      else
        {
          usage_error ("unknown option “%s”", arg);
          usage (stderr);
          return EXIT_USAGE;
        }
    }

  if (first >= argc)
    {
      usage (stderr);
      return EXIT_USAGE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (argv[first], commands[i].name))
        {
          int status = commands[i].run (argc - first, argv + first);
          g_free (opt_db);
          return status;
        }
    }

  usage_error ("unknown command “%s”", argv[first]);
  usage (stderr);
  return EXIT_USAGE;
}
