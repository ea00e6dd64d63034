/* vigilctl-report.c: report: the audit report of a period, as PDF and JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigilctl"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-output.h"
#include "vigil-report.h"
#include "vigil-summary-text.h"
#include "vigil-timestamp.h"
#include "vigilctl-private.h"

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

/* The period of --from and --to, by default the seven days before today; an exit status */
static int
report_period (const char  *from,
               const char  *to,
               VigilPeriod *period)
{
  g_autoptr(GError) error = NULL;
  char first_day[VIGIL_DAY_LEN], last_day[VIGIL_DAY_LEN];

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
          !vigil_period_init_range (period, first_day, last_day, &error))
        {
          return usage_error ("report: --from: %s", error->message);
        }
    }
  else if (!vigil_period_init_last_days (period, last_day, 7, &error))
    {
      fail ("report: %s", error->message);
      return EXIT_FAILED;
    }
  return EXIT_OK;
}

/* Writes the PDF and the JSON asked for, each recorded in the database it certifies; an exit
 * status */
static int
export_report (ReportJob    *job,
               VigilReport  *report,
               const char   *pdf,
               const char   *json,
               VigilPaper    paper,
               gboolean      progress,
               GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  VigilStore *store = job->store;
  gboolean interrupted;

  if (pdf)
    {
      g_autofree char *sha256 = NULL;

      job->report = report;
      job->pdf = pdf;
      job->paper = paper;
      interrupted = run_interruptible ("vigil-report", report_pdf_thread, job, cancellable);
      job->report = NULL;
      sha256 = g_steal_pointer (&job->sha256);
      if (sha256 == NULL)
        {
          if (progress)
            g_printerr ("\r\033[K");
          if (interrupted)
            fail_interrupted ("report");
          else
            fail ("report: %s: %s", pdf, job->error->message);
          g_clear_error (&job->error);
          return EXIT_FAILED;
        }
      if (progress)
        g_printerr ("\r\033[K");
      if (!vigil_store_record_report_file (store, report, pdf, sha256, NULL, &error))
        {
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
  return EXIT_OK;
}

/* What the report found, on standard output, whether or not it was exported */
static void
print_report_summary (VigilReport       *report,
                      const VigilPeriod *period)
{
  g_autofree char *period_text = vigil_period_describe (period);
  g_autofree char *total = NULL;
  g_autofree char *ledger = vigil_report_dup_ledger_statement (report);

  total = vigil_summary_text_format_count (vigil_report_get_total_decisions (report));

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
  g_print ("%s\n", ledger);
  if (vigil_report_is_ledger_intact (report))
    g_print (_("Sealed head: %s\n"), vigil_report_get_ledger_head (report));
  else
    g_print (_("Ledger NOT intact; head as found: %s\n"), vigil_report_get_ledger_head (report));
}

int
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
  gboolean progress;
  int status;

  if (!parse_options ("report", NULL,
                      _("Build the audit report of a period: a PDF to sign, JSON for machines. "
                        "Each export is recorded in the database with the ledger head it seals."),
                      entries, FALSE, &argc, &argv))
    return EXIT_USAGE;
  if (argc > 1)
    return usage_unexpected ("report", argv[1]);
  if (paper_text && !vigil_paper_from_string (paper_text, &paper))
    return usage_error ("report: --paper: “%s” is not a4 or letter", paper_text);

  status = report_period (from, to, &period);
  if (status != EXIT_OK)
    return status;

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

  status = export_report (&job, report, pdf, json, paper, progress, cancellable);
  if (status != EXIT_OK)
    return status;
  print_report_summary (report, &period);
  if (!vigil_report_is_ledger_intact (report))
    {
      g_autofree char *statement = vigil_report_dup_ledger_statement (report);

      /* The report was written and recorded all the same: it is evidence of what was found. */
      fail ((pdf || json) ? _("report: %s The report says so and was recorded.")
                          : _("report: %s"), statement);
    }
  return vigil_report_is_ledger_intact (report) ? EXIT_OK : EXIT_FAILED;
}
