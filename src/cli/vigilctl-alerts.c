/* vigilctl-alerts.c: alerts, ack and detect: the anomaly checks and what they raised
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigilctl"

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "vigil-detector.h"
#include "vigil-json.h"
#include "vigil-notifier.h"
#include "vigilctl-private.h"

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

int
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

/* ack -------------------------------------------------------------------------------------- */

int
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
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) done = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

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
      g_array_append_val (ids, id);
    }

  store = open_store (VIGIL_STORE_OPEN_DEFAULT);
  if (store == NULL)
    return EXIT_FAILED;

  /* The rule the app follows too: those acknowledged already or unknown are skipped and
   * named, the others acknowledged; any other failure acknowledges none. */
  ok = vigil_store_acknowledge_many (store, (const gint64 *) ids->data, ids->len, by, note,
                                     &done, &error);
  for (guint i = 0; i < done->len; i++)
    g_print (_("Alert %" PRId64 " acknowledged by %s\n"), g_array_index (done, gint64, i), by);
  if (!ok)
    {
      fail ("ack: %s", error->message);
      return EXIT_FAILED;
    }
  return EXIT_OK;
}

/* detect ----------------------------------------------------------------------------------- */

static void
print_result_json (GString          *out,
                   VigilCheckResult *r)
{
  VigilAlert *alert = vigil_check_result_get_alert (r);

  json_kind (out, "check");
  vigil_json_member_string (out, "model_name", vigil_check_result_get_model_name (r));
  vigil_json_member_string (out, "alert_type",
                            vigil_check_to_string (vigil_check_result_get_check (r)));
  vigil_json_member_string (out, "outcome",
                            vigil_check_outcome_to_string (vigil_check_result_get_outcome (r)));
  if (alert && vigil_alert_get_id (alert) > 0)
    vigil_json_member_int (out, "id", vigil_alert_get_id (alert));
  else
    vigil_json_member_string (out, "id", NULL);
  vigil_json_member_bool (out, "new", vigil_check_result_get_alert_is_new (r));
  vigil_json_member_string (out, "severity",
                            vigil_severity_to_string (vigil_check_result_get_severity (r)));
  vigil_json_member_string (out, "description", vigil_check_result_get_message (r));
  vigil_json_member_string (out, "subject", vigil_check_result_get_subject (r));
  vigil_json_member_string (out, "segment_by", vigil_check_result_get_segment_by (r));
  vigil_json_member_string (out, "segment", vigil_check_result_get_segment (r));
  vigil_json_member_string (out, "as_of", vigil_check_result_get_as_of (r));
  vigil_json_member_string (out, "baseline_start", vigil_check_result_get_baseline_start (r));
  vigil_json_member_string (out, "window_start", vigil_check_result_get_window_start (r));
  vigil_json_member_string (out, "window_end", vigil_check_result_get_window_end (r));
  vigil_json_member_double (out, "observed", vigil_check_result_get_observed (r));
  vigil_json_member_double (out, "baseline", vigil_check_result_get_baseline (r));
  vigil_json_member_double (out, "threshold", vigil_check_result_get_threshold (r));
  if (vigil_check_result_get_n_recent (r) >= 0)
    vigil_json_member_int (out, "n_recent", vigil_check_result_get_n_recent (r));
  else
    vigil_json_member_string (out, "n_recent", NULL);
  if (vigil_check_result_get_n_baseline (r) >= 0)
    vigil_json_member_int (out, "n_baseline", vigil_check_result_get_n_baseline (r));
  else
    vigil_json_member_string (out, "n_baseline", NULL);
  vigil_json_member_double (out, "p_value", vigil_check_result_get_p_value (r));
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
GPtrArray *
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

/* Prints what the checks found, and adds each alert this run raised (stored now, not by an
 * earlier run) to @raised. Returns whether one of those is of @fail_on or higher, when
 * @fail_on_given. */
static gboolean
print_results (GPtrArray     *results,
               gboolean       verbose,
               gboolean       dry_run,
               gboolean       fail_on_given,
               VigilSeverity  fail_on,
               GPtrArray     *raised)
{
  g_autoptr(GString) out = g_string_new ("{");
  guint alerted = 0, fresh = 0;
  gboolean tripped = FALSE;

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
              if (fail_on_given && vigil_check_result_get_severity (r) >= fail_on)
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
  return tripped;
}

int
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
      N_("Print every check’s outcome, not only alerts"), NULL },
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
  g_autoptr(GPtrArray) raised = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean progress, interrupted = FALSE, tripped = FALSE;
  VigilSeverity fail_on = VIGIL_SEVERITY_HIGH;
  const char *command;
  int status = EXIT_OK;

  if (!parse_options ("detect", NULL,
                      _("Run the anomaly checks: distribution shift, concentration, confidence "
                        "shift, volume, input feature drift, categorical input drift, data "
                        "quality and performance.\n\n"
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

  tripped = print_results (results, verbose, dry_run, fail_on_name != NULL, fail_on, raised);

  /* The command line's command, else the policy's; "" runs none. */
  command = notify_command != NULL ? notify_command : vigil_policy_get_notify_command (policy);
  if (!notify (store, command, raised))
    status = EXIT_FAILED;
  if (status == EXIT_OK && tripped)
    status = EXIT_FAIL_ON;
  return status;
}
