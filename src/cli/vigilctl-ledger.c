/* vigilctl-ledger.c: verify and seal: the tamper-evident ledger and its witness file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigilctl"

#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n.h>

#include "vigil-json.h"
#include "vigilctl-private.h"

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
      vigil_json_member_int (json, "legacy_records", legacy);
      vigil_json_member_string (json, "witness_file", witness);
      if (witness != NULL)
        {
          vigil_json_member_int (json, "witness_heads_checked", n);
          vigil_json_member_int (json, "witness_heads_signed", n_signed);
          vigil_json_member_string (json, "witness_lines", lines);
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

/* verify --json: one object, with the checkpoint recorded (0: none) or why not (@unrecorded) */
static void
print_verify_json (VigilLedgerReport *report,
                   gint64             checkpoint,
                   const char        *unrecorded)
{
  g_autoptr(GString) out = g_string_new ("{");
  const char *tables[] = { "decisions", "alerts", "events" };

  json_kind (out, "verify");
  vigil_json_member_bool (out, "intact", vigil_ledger_report_is_intact (report));
  vigil_json_member_int (out, "records", vigil_ledger_report_get_records (report));
  /* A broken ledger has no head; what was found is recorded apart. */
  vigil_json_member_string (out, "head", vigil_ledger_report_is_intact (report)
                                           ? vigil_ledger_report_get_head (report) : NULL);
  if (!vigil_ledger_report_is_intact (report))
    vigil_json_member_string (out, "head_as_found", vigil_ledger_report_get_head (report));
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *key = g_strconcat (tables[i], "_records", NULL);
      vigil_json_member_int (out, key, vigil_ledger_report_get_table_records (report, tables[i]));
    }
  vigil_json_member_string (out, "broken_table", vigil_ledger_report_get_broken_table (report));
  if (vigil_ledger_report_get_broken_id (report) > 0)
    vigil_json_member_int (out, "broken_id", vigil_ledger_report_get_broken_id (report));
  vigil_json_member_string (out, "reason", vigil_ledger_report_get_reason (report));
  vigil_json_member_int (out, "format_1_records", vigil_ledger_report_get_format1_records (report));
  vigil_json_member_bool (out, "caches_checked", vigil_ledger_report_get_caches_checked (report));
  vigil_json_member_int (out, "cache_differences",
                         vigil_ledger_report_get_n_cache_differences (report));
  vigil_json_key (out, "cache_differences_named");
  g_string_append_c (out, '[');
  for (guint i = 0; i < vigil_ledger_report_get_n_named_cache_differences (report); i++)
    {
      vigil_json_item (out);
      vigil_json_write_string (out, vigil_ledger_report_get_cache_difference (report, i));
    }
  g_string_append_c (out, ']');
  if (checkpoint > 0)
    vigil_json_member_int (out, "checkpoint_event", checkpoint);
  else
    vigil_json_member_string (out, "checkpoint_event", NULL);
  print_verify_extras (report, out);
  if (unrecorded != NULL)
    vigil_json_member_string (out, "checkpoint_not_recorded", unrecorded);
  json_print (out);
}

static void
print_verify_text (VigilLedgerReport *report,
                   gint64             checkpoint)
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

int
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
                      _("Replay the ledger’s hash chains and report whether the log is intact. "
                        "An intact result is recorded as a checkpoint when the database is "
                        "writable; the head printed is that of the records verified, before "
                        "the checkpoint’s own event."),
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
    print_verify_json (report, checkpoint, unrecorded);
  else
    print_verify_text (report, checkpoint);
  if (unrecorded != NULL)
    fail (_("verify: warning: the ledger is intact, but no checkpoint was recorded: %s"),
          unrecorded);
  return vigil_ledger_report_is_intact (report) ? EXIT_OK : EXIT_FAILED;
}

/* seal ------------------------------------------------------------------------------------- */

int
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
    return usage_unexpected ("seal", argv[1]);
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
          vigil_json_member_string (out, "key_file", new_key);
          vigil_json_member_string (out, "public_key", pub);
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
      vigil_json_member_string (out, "head", head);
      vigil_json_member_int (out, "records", vigil_ledger_report_get_records (report));
      vigil_json_member_string (out, "witness_file", witness);
      vigil_json_member_int (out, "line", line);
      vigil_json_member_bool (out, "signed", key != NULL);
      json_print (out);
    }
  else
    g_print (key != NULL ? _("sealed: head %s, line %u of %s, signed\n")
                         : _("sealed: head %s, line %u of %s\n"),
             head, line, witness);
  return EXIT_OK;
}
