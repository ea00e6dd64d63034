/* vigilctl-import.c: import and follow: decisions from JSON Lines files, once or as they grow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigilctl"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "vigil-follower.h"
#include "vigil-importer.h"
#include "vigil-json.h"
#include "vigilctl-private.h"

/* How many rejected lines an import names on the terminal; all go to the quarantine. */
#define MAX_SHOWN_REJECTIONS 20

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
  gboolean       outcomes;    /* outcome lines, not decisions */
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
  if (job->outcomes)
    {
      imported = vigil_importer_get_outcomes_recorded (job->importer);
      if (bytes_total > 0)
        g_printerr ("\r\033[K" "Importing: %3d%%, %" PRId64 " outcomes, %" PRId64 " rejected",
                    (int) (100 * bytes_done / bytes_total), imported, rejected);
      else
        g_printerr ("\r\033[K" "Importing: %" PRId64 " outcomes, %" PRId64 " rejected",
                    imported, rejected);
      return;
    }
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
      vigil_json_member_string (out, "source", source);
      vigil_json_member_int (out, "line", line);
      vigil_json_member_string (out, "reason", reason);
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

/* What an import did: a JSON object, that the file was imported before, or the counts */
static void
import_summary (ImportJob   *job,
                const char  *quarantine,
                gboolean     interrupted)
{
  VigilImporter *importer = job->importer;
  gint64 imported = job->outcomes ? vigil_importer_get_outcomes_recorded (importer)
                                  : vigil_importer_get_imported (importer);
  gint64 rejected = vigil_importer_get_rejected (importer);

  if (opt_json)
    {
      g_autoptr(GString) out = g_string_new ("{");

      json_kind (out, "summary");
      vigil_json_member_string (out, "source", job->path);
      vigil_json_member_string (out, "sha256", vigil_importer_get_sha256 (importer));
      vigil_json_member_bool (out, "already_imported",
                              vigil_importer_was_already_imported (importer));
      if (vigil_importer_get_resumed_after (importer) > 0)
        vigil_json_member_int (out, "resumed_after_line",
                               vigil_importer_get_resumed_after (importer));
      vigil_json_member_int (out, "lines", vigil_importer_get_lines (importer));
      vigil_json_member_int (out, job->outcomes ? "recorded" : "imported", imported);
      vigil_json_member_int (out, "rejected", rejected);
      vigil_json_member_int (out, "first_id", vigil_importer_get_first_id (importer));
      vigil_json_member_int (out, "last_id", vigil_importer_get_last_id (importer));
      vigil_json_member_string (out, "quarantine", rejected > 0 ? quarantine : NULL);
      vigil_json_member_bool (out, "complete", job->ok);
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
               lines, job->path, vigil_importer_get_sha256 (importer),
               vigil_importer_get_previous_date (importer));
    }
  else if (job->ok || interrupted || vigil_importer_get_lines (importer) > 0)
    {
      if (vigil_importer_get_resumed_after (importer) > 0)
        g_print (_("Resumed after line %" PRId64 ", the last one an interrupted import of %s "
                   "committed on %s\n"),
                 vigil_importer_get_resumed_after (importer), job->path,
                 vigil_importer_get_previous_date (importer));
      if (job->shown > MAX_SHOWN_REJECTIONS)
        g_printerr (_("… and %" PRId64 " more rejected lines\n"),
                    job->shown - MAX_SHOWN_REJECTIONS);
      if (job->outcomes)
        g_print (_("Recorded %" PRId64 " outcomes, rejected %" PRId64 " lines\n"), imported,
                 rejected);
      else
        g_print (_("Imported %" PRId64 " decisions, rejected %" PRId64
                   " lines\n"), imported, rejected);
      if (rejected > 0)
        g_print (_("Rejected lines were written to %s\n"), quarantine);
    }

}

/* How an import ends: interrupted, failed, with lines rejected, or whole */
static int
import_exit_status (ImportJob *job,
                    gboolean   interrupted)
{
  gint64 imported = job->outcomes ? vigil_importer_get_outcomes_recorded (job->importer)
                                  : vigil_importer_get_imported (job->importer);

  if (interrupted && !job->ok)
    {
      g_clear_error (&job->error);
      if (job->outcomes)
        {
          fail (g_dngettext (GETTEXT_PACKAGE,
                             "interrupted: %" PRId64 " outcome committed; run the same command "
                             "again to resume",
                             "interrupted: %" PRId64 " outcomes committed; run the same command "
                             "again to resume", (gulong) MIN (imported, G_MAXINT)),
                imported);
          return EXIT_FAILED;
        }
      fail (g_dngettext (GETTEXT_PACKAGE,
                         "interrupted: %" PRId64 " decision committed in whole batches; run the "
                         "same command again to resume",
                         "interrupted: %" PRId64 " decisions committed in whole batches; run the "
                         "same command again to resume", (gulong) MIN (imported, G_MAXINT)),
            imported);
      return EXIT_FAILED;
    }
  if (!job->ok)
    {
      fail ("%s", job->error->message);
      g_clear_error (&job->error);
      return EXIT_FAILED;
    }
  return vigil_importer_get_rejected (job->importer) > 0 ? EXIT_REJECTED : EXIT_OK;
}

/* import and outcomes import: the same streaming, quarantine and resumption, of decisions or
 * of outcome lines */
static int
import_command (int       argc,
                char    **argv,
                gboolean  outcomes)
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

  if (outcomes &&
      !parse_options ("outcomes import", "FILE|-",
                      _("Record outcomes from a JSON Lines file, one outcome per line: "
                        "{\"model_name\": M, \"event_id\": E, \"outcome\": V, "
                        "\"outcome_at\": T}, the decision named by its model and the event_id "
                        "its sender gave it, or by \"id\", Vigil’s decision id; \"outcome_at\" "
                        "is optional.\n\n"
                        "Invalid lines, and outcomes for decisions that are not there, are "
                        "reported with their line number and reason and written to the "
                        "quarantine file; the others are recorded. A second outcome for a "
                        "decision is recorded as an event that supersedes the first, which stays "
                        "in the ledger. Exit status 3 means some lines were rejected.\n\n"
                        "As with import, a file recorded before is not recorded again (unless "
                        "--again), and an interrupted run resumes after its last committed "
                        "line."),
                      entries, TRUE, &argc, &argv))
    return EXIT_USAGE;
  if (!outcomes &&
      !parse_options ("import", "FILE|-",
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
    return usage_error (outcomes ? "outcomes import: give one file of outcomes, or - for "
                                   "standard input"
                                 : "import: give one file to import, or - for standard input");

  if (quarantine == NULL)
    quarantine = vigil_importer_default_quarantine_path (argv[1]);

  store = open_store (outcomes ? VIGIL_STORE_OPEN_DEFAULT : VIGIL_STORE_OPEN_CREATE);
  if (store == NULL)
    return EXIT_FAILED;

  importer = vigil_importer_new (store);
  vigil_importer_set_quarantine_path (importer, quarantine);
  vigil_importer_set_again (importer, again);
  vigil_importer_set_outcomes (importer, outcomes);

  job.importer = importer;
  job.path = argv[1];
  job.cancellable = cancellable;
  job.progress = want_progress () && !opt_json;
  job.outcomes = outcomes;
  vigil_importer_set_progress_func (importer, import_progress, &job);
  vigil_importer_set_rejection_func (importer, import_rejection, &job);

  interrupted = run_interruptible ("vigil-import", import_thread, &job, cancellable);

  if (job.progress)
    g_printerr ("\r\033[K");

  import_summary (&job, quarantine, interrupted);
  return import_exit_status (&job, interrupted);
}

int
cmd_import (int    argc,
            char **argv)
{
  return import_command (argc, argv, FALSE);
}

int
cmd_outcomes (int    argc,
              char **argv)
{
  /* "vigilctl outcomes --help" is the help of its one command */
  if (argc >= 2 && (g_strcmp0 (argv[1], "--help") == 0 || g_strcmp0 (argv[1], "-h") == 0))
    return import_command (argc, argv, TRUE);
  if (argc < 2 || g_strcmp0 (argv[1], "import") != 0)
    return usage_error ("outcomes: give the command “import FILE|-”: vigilctl outcomes import "
                        "FILE");
  return import_command (argc - 1, argv + 1, TRUE);
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
          if (vigil_follower_error_is_transient (error) && !job->once)
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

int
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
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  FollowJob job = { 0 };
  gint64 imported, rejected;

  if (!parse_options ("follow", "SPOOL…",
                      _("Commit decisions from spool files as model processes append them, one "
                        "JSON line per decision, exactly once.\n\n"
                        "Each file’s identity and the offset of its last committed line are "
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
  for (guint i = 0; i < job.n_followers; i++)
    g_ptr_array_add (paths, (gpointer) vigil_follower_get_path (job.followers[i]));
  if (!vigil_follower_record_run (store, (const char * const *) paths->pdata, paths->len,
                                  imported, rejected, &error))
    g_printerr ("%s\n", error->message);

  if (opt_json)
    {
      for (guint i = 0; i < job.n_followers; i++)
        {
          VigilFollower *follower = job.followers[i];
          g_autoptr(GString) out = g_string_new ("{");

          json_kind (out, "summary");
          vigil_json_member_string (out, "source", vigil_follower_get_path (follower));
          vigil_json_member_int (out, "imported", vigil_follower_get_imported (follower));
          vigil_json_member_int (out, "rejected", vigil_follower_get_rejected (follower));
          vigil_json_member_int (out, "offset", vigil_follower_get_offset (follower));
          vigil_json_member_int (out, "rotations", vigil_follower_get_rotations (follower));
          vigil_json_member_string (out, "quarantine",
                                    vigil_follower_get_rejected (follower) > 0
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
