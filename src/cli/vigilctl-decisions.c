/* vigilctl-decisions.c: decisions, export, review, outcome and stats: reading and annotating
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigilctl"

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <gio/gunixoutputstream.h>

#include "vigil-export.h"
#include "vigil-json.h"
#include "vigil-model-info.h"
#include "vigil-output.h"
#include "vigil-performance.h"
#include "vigil-period.h"
#include "vigil-policy.h"
#include "vigilctl-private.h"

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

int
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
  vigil_json_member_int (out, "id", vigil_decision_get_id (d));
  vigil_json_member_string (out, "timestamp", vigil_decision_get_timestamp (d));
  vigil_json_member_string (out, "model_name", vigil_decision_get_model_name (d));
  vigil_json_member_string (out, "model_version", vigil_decision_get_model_version (d));
  vigil_json_member_string (out, "decision_type", vigil_decision_get_decision_type (d));
  vigil_json_key (out, "input_features");
  g_string_append (out, vigil_decision_get_input_features (d));
  vigil_json_member_string (out, "input_hash", vigil_decision_get_input_hash (d));
  vigil_json_member_string (out, "prediction", vigil_decision_get_prediction (d));
  vigil_json_key (out, "confidence");
  if (vigil_decision_has_confidence (d))
    vigil_json_write_double (out, vigil_decision_get_confidence (d));
  else
    g_string_append (out, "null");
  vigil_json_member_string (out, "explanation", vigil_decision_get_explanation (d));
  vigil_json_member_string (out, "ticker", vigil_decision_get_ticker (d));
  vigil_json_member_string (out, "sector", vigil_decision_get_sector (d));
  vigil_json_member_string (out, "portfolio_id", vigil_decision_get_portfolio_id (d));
  vigil_json_member_string (out, "user_id", vigil_decision_get_user_id (d));
  vigil_json_member_string (out, "event_id", vigil_decision_get_event_id (d));
  vigil_json_member_string (out, "actual_outcome", vigil_decision_get_actual_outcome (d));
  vigil_json_member_string (out, "outcome_date", vigil_decision_get_outcome_date (d));
  vigil_json_member_string (out, "reviewed_by", vigil_decision_get_reviewed_by (d));
  vigil_json_member_string (out, "review_date", vigil_decision_get_review_date (d));
  vigil_json_member_string (out, "review_status",
                            vigil_review_status_to_string (vigil_decision_get_review_status (d)));
  vigil_json_member_string (out, "review_notes", vigil_decision_get_review_notes (d));
  vigil_json_member_int (out, "anomaly_flag", vigil_decision_get_anomaly_flag (d) ? 1 : 0);
  vigil_json_member_string (out, "anomaly_reason", vigil_decision_get_anomaly_reason (d));
  vigil_json_member_string (out, "record_hash", vigil_decision_get_record_hash (d));
  json_print (out);
}

int
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

/* review, outcome ------------------------------------------------------------------------- */

int
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

int
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

/* stats ------------------------------------------------------------------------------------ */

/* The models stats speaks of: @model, or every model */
static GPtrArray *
stats_models (VigilStore  *store,
              const char  *model,
              GError     **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GListModel) models = NULL;

  if (model != NULL)
    {
      g_ptr_array_add (names, g_strdup (model));
      return g_steal_pointer (&names);
    }
  models = vigil_store_list_models (store, error);
  if (models == NULL)
    return NULL;
  for (guint i = 0; i < g_list_model_get_n_items (models); i++)
    {
      g_autoptr(VigilModelInfo) info = g_list_model_get_item (models, i);

      g_ptr_array_add (names, g_strdup (vigil_model_info_get_name (info)));
    }
  return g_steal_pointer (&names);
}

/* Each model's performance on the decisions of the period whose outcome has arrived, judged by
 * the rules of the database's policy */
static GPtrArray *
stats_performance (VigilStore    *store,
                   const char    *model,
                   VigilSummary  *s,
                   GPtrArray    **out_names,
                   GError       **error)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) figures = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_performance_free);
  g_autoptr(VigilPolicy) policy = NULL;

  names = stats_models (store, model, error);
  if (names == NULL)
    return NULL;
  policy = vigil_store_get_policy (store, error);
  if (policy == NULL)
    return NULL;
  for (guint i = 0; s->from != NULL && s->to != NULL && i < names->len; i++)
    {
      const VigilOutcomeMap *rules = vigil_policy_for_model (policy, names->pdata[i])->outcomes;
      VigilPerformance *p = vigil_performance_compute (store, names->pdata[i], s->from, s->to,
                                                       NULL, rules, error);

      if (p == NULL)
        return NULL;
      g_ptr_array_add (figures, p);
    }
  *out_names = g_steal_pointer (&names);
  return g_steal_pointer (&figures);
}

int
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
  g_autoptr(GPtrArray) performance = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GError) error = NULL;

  if (!parse_options ("stats", NULL, _("Summary statistics of a model and period."), entries,
                      TRUE, &argc, &argv))
    return EXIT_USAGE;
  store = open_store (VIGIL_STORE_OPEN_READ_ONLY);
  if (store == NULL)
    return EXIT_FAILED;
  s = vigil_store_summarize (store, model, from, to, &error);
  if (s != NULL)
    performance = stats_performance (store, model, s, &names, &error);
  if (s == NULL || performance == NULL)
    {
      fail ("stats: %s", error->message);
      return EXIT_FAILED;
    }

  if (opt_json)
    {
      g_autoptr(GString) out = g_string_new ("{");

      json_kind (out, "stats");
      vigil_json_member_string (out, "model_name", s->model_name);
      vigil_json_member_string (out, "from", s->from);
      vigil_json_member_string (out, "to", s->to);
      vigil_json_member_double (out, "days", s->days);
      vigil_json_member_int (out, "total_decisions", s->total_decisions);
      vigil_json_member_double (out, "decisions_per_day", s->decisions_per_day);
      vigil_json_member_int (out, "pending_reviews", s->pending_reviews);
      vigil_json_member_int (out, "reviewed", s->reviewed);
      vigil_json_member_int (out, "flagged", s->flagged);
      vigil_json_member_int (out, "alerts", s->alerts);
      vigil_json_member_int (out, "high_alerts", s->high_alerts);
      vigil_json_member_int (out, "unacknowledged_alerts", s->unacknowledged_alerts);
      vigil_json_member_double (out, "mean_confidence", s->mean_confidence);
      vigil_json_key (out, "performance");
      g_string_append_c (out, '[');
      for (guint i = 0; i < performance->len; i++)
        {
          vigil_json_item (out);
          vigil_performance_to_json (performance->pdata[i], names->pdata[i], out);
        }
      g_string_append_c (out, ']');
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
  for (guint i = 0; i < performance->len; i++)
    {
      const VigilPerformance *p = performance->pdata[i];

      if (p->with_outcome == 0)
        continue;
      /* TRANSLATORS: a model's outcome figures: "CreditXGBoost: 412 of 1,000 decisions (41.2%)
       * have an outcome, 9.5 days after the decision on average" */
      g_print (_("Outcomes of %s:%*s%" PRId64 " of %" PRId64 " decisions (%.1f%%), "
                 "%.1f days after them on average\n"), (const char *) names->pdata[i],
               (int) MAX (0, 14 - (int) strlen (names->pdata[i])), "", p->with_outcome,
               p->decisions, 100 * vigil_performance_coverage (p),
               vigil_performance_mean_lag (p));
      if (p->judged > 0)
        g_print (_("  Accuracy:                %.1f%% of the %" PRId64 " an outcome judges\n"),
                 100 * vigil_performance_accuracy (p), p->judged);
      if (vigil_performance_is_credit (p) && p->approved_judged > 0)
        g_print (_("  Approval rate:           %.1f%%; defaults among the approved: %.1f%%\n"),
                 100 * vigil_performance_approval_rate (p),
                 100 * vigil_performance_default_rate (p));
    }

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
