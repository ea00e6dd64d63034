/* vigil-report-statements.c: what the report states, each statement with its verdict
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-report"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <string.h>

#include "vigil-ledger.h"
#include "vigil-report-private.h"
#include "vigil-summary-text.h"

static void
add_statement (VigilReport        *self,
               const char         *title,
               const char         *provisions,
               VigilReportVerdict  verdict,
               char               *text)
{
  VigilReportStatement statement = { 0 };

  statement.title = title;
  statement.text = text;
  statement.verdict = verdict;
  statement.holds = verdict == VIGIL_REPORT_VERDICT_MET;
  statement.provisions = provisions;
  g_ptr_array_add (self->statement_strings, text);
  g_array_append_val (self->statements, statement);
}

/**
 * vigil_report_dup_ledger_statement:
 *
 * What was checked of the ledger for this report, in sentences that claim no more than that:
 * every record verified in full now, with the schema, the heads sealed by earlier reports and
 * the expected head, if any, found to be prefixes of it; or where and why it is NOT intact,
 * with the records and head as found.
 */
/* Cache differences the ledger statement names; verify names up to
 * VIGIL_LEDGER_REPORT_MAX_NAMED. */
#define REPORT_NAMED_DIFFERENCES 10

char *
vigil_report_dup_ledger_statement (VigilReport *self)
{
  VigilLedgerReport *ledger = self->ledger;
  gint64 n = vigil_ledger_report_get_records (ledger);
  g_autofree char *records = vigil_summary_text_format_count (n);
  const char *head = vigil_ledger_report_get_head (ledger);
  GString *out = g_string_new (NULL);

  if (!vigil_ledger_report_is_intact (ledger))
    {
      gint64 id = vigil_ledger_report_get_broken_id (ledger);
      const char *reason = vigil_ledger_report_get_reason (ledger);

      if (id != 0)
        {
          g_autofree char *row = g_strdup_printf ("%" G_GINT64_FORMAT, id);

          g_string_append_printf (out, _("Ledger NOT intact: table %s, row %s: %s."),
                                  vigil_ledger_report_get_broken_table (ledger), row, reason);
        }
      else
        g_string_append_printf (out, _("Ledger NOT intact: %s: %s."),
                                vigil_ledger_report_get_broken_table (ledger), reason);
      for (guint i = 0; i < vigil_ledger_report_get_n_schema_problems (ledger); i++)
        {
          const char *problem = vigil_ledger_report_get_schema_problem (ledger, i);

          if (g_strcmp0 (problem, reason) != 0)
            g_string_append_printf (out, _(" Also: %s."), problem);
        }
      /* Caches that differ from the chained facts: what the report would read from them is
       * not what the ledger says. */
      {
        guint named = MIN (vigil_ledger_report_get_n_named_cache_differences (ledger),
                           REPORT_NAMED_DIFFERENCES);
        gint64 total = vigil_ledger_report_get_n_cache_differences (ledger);

        for (guint i = 0; i < named; i++)
          {
            const char *difference = vigil_ledger_report_get_cache_difference (ledger, i);

            if (g_strcmp0 (difference, reason) != 0)
              g_string_append_printf (out, _(" Also: %s."), difference);
          }
        if (total > named)
          g_string_append_printf (out,
                                  g_dngettext (GETTEXT_PACKAGE,
                                               " And %" PRId64 " more cache differs from the "
                                               "chained facts (vigilctl verify names them).",
                                               " And %" PRId64 " more caches differ from the "
                                               "chained facts (vigilctl verify names them).",
                                               (gulong) MIN (total - named, G_MAXINT)),
                                  total - named);
      }
      g_string_append_c (out, ' ');
      g_string_append_printf (out,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "Verified in full at %s: %s record as found, head as "
                                           "found %s (broken: it proves nothing).",
                                           "Verified in full at %s: %s records as found, head "
                                           "as found %s (broken: it proves nothing).",
                                           (gulong) MIN (n, G_MAXINT)),
                              self->verified_at, records, head);
      return g_string_free (out, FALSE);
    }

  g_string_append_printf (out,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "Ledger intact: %s record verified in full now (%s), "
                                       "every link and the immutability triggers",
                                       "Ledger intact: %s records verified in full now (%s), "
                                       "every link and the immutability triggers",
                                       (gulong) MIN (n, G_MAXINT)),
                          records, self->verified_at);
  if (vigil_ledger_report_get_caches_checked (ledger))
    g_string_append (out, _("; the acknowledgements, reviews, outcomes, flags and daily totals "
                            "this report reads agree with the chained events and decisions"));
  {
    guint k = vigil_ledger_report_get_n_sealed_heads (ledger);

    g_string_append (out, "; ");
    if (k == 0)
      g_string_append (out, _("no earlier report had sealed a head"));
    else
      g_string_append_printf (out,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "the head of the %u earlier report is a prefix of it",
                                           "the heads of the %u earlier reports are prefixes "
                                           "of it", k),
                              k);
  }
  if (vigil_ledger_report_get_expected_head (ledger) != NULL)
    g_string_append_printf (out, _("; so is the expected head %s"),
                            vigil_ledger_report_get_expected_head (ledger));
  if (vigil_ledger_report_get_witness_path (ledger) != NULL)
    {
      guint k = vigil_ledger_report_get_n_witness_heads (ledger);
      const char *lines = vigil_ledger_report_get_witness_lines (ledger);

      g_string_append (out, "; ");
      g_string_append_printf (out,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "the %u head in the witness file %s is a prefix of it",
                                           "the %u heads in the witness file %s are prefixes "
                                           "of it", k),
                              k, vigil_ledger_report_get_witness_path (ledger));
      if (lines != NULL)
        g_string_append_printf (out, _(", and its head is witnessed there (line %s)"), lines);
      else
        g_string_append (out, _(", but its head is not witnessed there yet"));
    }
  if (vigil_ledger_report_get_legacy_records (ledger) > 0)
    {
      gint64 legacy = vigil_ledger_report_get_legacy_records (ledger);

      g_string_append (out, "; ");
      g_string_append_printf (out,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%" PRId64 " record predates the events that record "
                                           "which write added each decision",
                                           "%" PRId64 " records predate the events that record "
                                           "which write added each decision",
                                           (gulong) MIN (legacy, G_MAXINT)),
                              legacy);
    }
  g_string_append_printf (out, _("; head %s."), head);
  return g_string_free (out, FALSE);
}

/* "A (2026-11-03), B (2026-11-04) and 3 more", of at most @max items of @items. */
static char *
join_some (GPtrArray *items,
           guint      max)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < items->len && i < max; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? ", " : "",
                            (const char *) g_ptr_array_index (items, i));
  if (items->len > max)
    g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, " and %u more", " and %u more",
                                              items->len - max),
                            items->len - max);
  return g_string_free (out, FALSE);
}

#define PROVISIONS_LOGGING      N_("EU AI Act Art. 12 and 19; SR 11-7 ongoing monitoring")
#define PROVISIONS_COMPLETENESS N_("EU AI Act Art. 12; SR 11-7 ongoing monitoring; PRA SS1/23")
#define PROVISIONS_ACTIVITY     N_("EU AI Act Art. 12 and 72; SR 11-7 ongoing monitoring; PRA SS1/23")
#define PROVISIONS_MONITORING   N_("SR 11-7 ongoing monitoring; EU AI Act Art. 72; PRA SS1/23")
#define PROVISIONS_DETECTION    N_("SR 11-7 ongoing monitoring; EU AI Act Art. 72")
#define PROVISIONS_ALERTS       N_("EU AI Act Art. 14 and 26; SR 11-7 ongoing monitoring")
#define PROVISIONS_OVERSIGHT    N_("EU AI Act Art. 14; SR 11-7 ongoing monitoring (overrides)")
#define PROVISIONS_OUTCOMES     N_("SR 11-7 outcomes analysis; PRA SS1/23")
#define PROVISIONS_RETENTION    N_("EU AI Act Art. 19 and 26(6)")

static void
statement_logging (VigilReport *self,
                   gboolean     intact)
{
  g_autofree char *total = vigil_summary_text_format_count (self->total);
  g_autofree char *records = vigil_summary_text_format_count (vigil_ledger_report_get_records (self->ledger));
  g_autofree char *ledger = vigil_report_dup_ledger_statement (self);
  const char *title = _("Logging");
  const char *provisions = _(PROVISIONS_LOGGING);

  if (!intact)
    add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_NOT_MET,
                   g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "The ledger is broken (%s). %s decision is in "
                                                 "the log for the period, but the records "
                                                 "cannot be shown to be unchanged. Verified at %s.",
                                                 "The ledger is broken (%s). %s decisions are "
                                                 "in the log for the period, but the records "
                                                 "cannot be shown to be unchanged. Verified at %s.",
                                                 self->total),
                                    vigil_ledger_report_get_reason (self->ledger)
                                      ? vigil_ledger_report_get_reason (self->ledger) : "?",
                                    total, self->verified_at));
  else if (self->total == 0)
    add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_NO_DATA,
                   g_strdup_printf (_("No decision was logged in the period by the models this "
                                      "report covers, so no record shows that they were "
                                      "logged. %s"), ledger));
  else if (vigil_ledger_report_is_full (self->ledger))
    {
      g_autofree char *verified = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                "the ledger of %s record was "
                                                                "verified intact in full at "
                                                                "%s, head %s.",
                                                                "the ledger of %s records was "
                                                                "verified intact in full at "
                                                                "%s, head %s.",
                                                                vigil_ledger_report_get_records (self->ledger)),
                                                   records, self->verified_at,
                                                   vigil_ledger_report_get_head (self->ledger));

      add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_MET,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%s decision recorded in the period with its "
                                                   "inputs, outputs, model version and time; %s",
                                                   "%s decisions recorded in the period with "
                                                   "their inputs, outputs, model version and "
                                                   "time; %s", self->total),
                                      total, verified));
    }
  else
    add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_MET,
                   g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "%s decision recorded in the period with its "
                                                 "inputs, outputs, model version and time. %s",
                                                 "%s decisions recorded in the period with their "
                                                 "inputs, outputs, model version and time. %s",
                                                 self->total),
                                    total, ledger));
}

static void
statement_completeness (VigilReport *self)
{
  g_autofree char *total = vigil_summary_text_format_count (self->total);
  g_autofree char *inputs = vigil_report_format_share (self->with_inputs, self->total);
  g_autofree char *confidence = vigil_report_format_share (self->with_confidence, self->total);
  g_autofree char *explanation = vigil_report_format_share (self->with_explanation, self->total);
  double bar = VIGIL_REPORT_COMPLETENESS_BAR * (double) self->total;
  gboolean met = self->with_inputs >= bar && self->with_confidence >= bar &&
                 self->with_explanation >= bar;
  g_autoptr(GPtrArray) short_of = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *names = NULL;

  if (self->total == 0)
    {
      add_statement (self, _("Logging completeness"), _(PROVISIONS_COMPLETENESS),
                     VIGIL_REPORT_VERDICT_NO_DATA,
                     g_strdup_printf (_("No decision was logged in the period, so the "
                                        "completeness of the records cannot be judged; at least "
                                        "%.0f%% of the decisions must carry each of their "
                                        "inputs, a confidence and an explanation."),
                                      100 * VIGIL_REPORT_COMPLETENESS_BAR));
      return;
    }
  for (guint i = 0; i < self->versions->len; i++)
    {
      VigilReportVersion *v = &g_array_index (self->versions, VigilReportVersion, i);
      double vbar = VIGIL_REPORT_COMPLETENESS_BAR * (double) v->decisions;

      if (v->with_inputs < vbar || v->with_confidence < vbar || v->with_explanation < vbar)
        g_ptr_array_add (short_of, g_strdup_printf ("%s %s", v->model_name, v->model_version));
    }
  names = join_some (short_of, 6);
  add_statement (self, _("Logging completeness"), _(PROVISIONS_COMPLETENESS),
                 met ? VIGIL_REPORT_VERDICT_MET : VIGIL_REPORT_VERDICT_NOT_MET,
                 met
                 ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "Of the %s decision of the period, %s carries "
                                                 "its inputs, %s a confidence and %s an "
                                                 "explanation; the bar is %.0f%% for each.",
                                                 "Of the %s decisions of the period, %s carry "
                                                 "their inputs, %s a confidence and %s an "
                                                 "explanation; the bar is %.0f%% for each.",
                                                 self->total),
                                    total, inputs, confidence, explanation,
                                    100 * VIGIL_REPORT_COMPLETENESS_BAR)
                 : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "Of the %s decision of the period, only %s "
                                                 "carries its inputs, %s a confidence and %s an "
                                                 "explanation, below the bar of %.0f%% for each "
                                                 "(short of it: %s).",
                                                 "Of the %s decisions of the period, only %s "
                                                 "carry their inputs, %s a confidence and %s an "
                                                 "explanation, below the bar of %.0f%% for each "
                                                 "(short of it: %s).",
                                                 self->total),
                                    total, inputs, confidence, explanation,
                                    100 * VIGIL_REPORT_COMPLETENESS_BAR, names));
}

static void
statement_activity (VigilReport *self)
{
  g_autoptr(GPtrArray) stopped = g_ptr_array_new_with_free_func (g_free);
  guint logging = 0;

  for (guint i = 0; i < self->model_sections->len; i++)
    {
      VigilReportModel *m = g_ptr_array_index (self->model_sections, i);
      char day[VIGIL_DAY_LEN];

      if (m->last_decision == NULL)
        continue;
      logging++;
      if (!m->stopped)
        continue;
      g_strlcpy (day, m->last_decision, sizeof day);
      /* TRANSLATORS: a model that stopped logging, and the day of its last decision */
      g_ptr_array_add (stopped, g_strdup_printf (_("%s (last decision on %s)"), m->name, day));
    }
  if (logging == 0)
    add_statement (self, _("Model activity"), _(PROVISIONS_ACTIVITY),
                   VIGIL_REPORT_VERDICT_NO_DATA,
                   g_strdup (_("None of the models this report covers had logged a decision "
                               "by the end of the period.")));
  else if (stopped->len > 0)
    {
      g_autofree char *names = join_some (stopped, 10);

      add_statement (self, _("Model activity"), _(PROVISIONS_ACTIVITY),
                     VIGIL_REPORT_VERDICT_NOT_MET,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%u model stopped logging: %s; nothing it "
                                                   "decided since is in the log.",
                                                   "%u models stopped logging: %s; nothing they "
                                                   "decided since is in the log.",
                                                   stopped->len),
                                      stopped->len, names));
    }
  else if (self->complete_days == 0)
    add_statement (self, _("Model activity"), _(PROVISIONS_ACTIVITY),
                   VIGIL_REPORT_VERDICT_NO_DATA,
                   g_strdup (_("No day of the period is over yet, so whether every model kept "
                               "logging cannot be judged.")));
  else
    add_statement (self, _("Model activity"), _(PROVISIONS_ACTIVITY), VIGIL_REPORT_VERDICT_MET,
                   g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "The %u model covered logged decisions up to "
                                                 "the last complete day of the period.",
                                                 "Each of the %u models covered logged "
                                                 "decisions up to the last complete day of the "
                                                 "period.", logging),
                                    logging));
}

static void
statement_monitoring (VigilReport *self)
{
  g_autoptr(GPtrArray) missed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) silent = g_ptr_array_new_with_free_func (g_free);
  guint due = 0, monitored = 0, insufficient = 0, active = 0;
  const char *title = _("Ongoing monitoring");
  const char *provisions = _(PROVISIONS_MONITORING);

  for (guint i = 0; i < self->coverage->len; i++)
    {
      VigilReportCoverageDay *c = &g_array_index (self->coverage, VigilReportCoverageDay, i);
      VigilReportModel *m = g_ptr_array_index (self->model_sections, c->model);

      if (m->dashboard->summary->total_decisions == 0 || !c->due)
        continue;
      due++;
      if (c->monitored)
        {
          monitored++;
          continue;
        }
      if (c->checks[VIGIL_COVERAGE_INSUFFICIENT] > 0)
        {
          insufficient++;
          /* TRANSLATORS: a model-day that was not monitored: model, day */
          g_ptr_array_add (missed, g_strdup_printf (_("%s on %s (insufficient data)"), m->name,
                                                    c->day));
        }
      else
        g_ptr_array_add (missed, g_strdup_printf (_("%s on %s (no check ran)"), m->name,
                                                  c->day));
    }
  for (guint i = 0; i < self->model_sections->len; i++)
    {
      VigilReportModel *m = g_ptr_array_index (self->model_sections, i);

      if (m->dashboard->summary->total_decisions > 0)
        active++;
      else
        g_ptr_array_add (silent, g_strdup (m->name));
    }

  if (active == 0)
    add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_NO_DATA,
                   g_strdup (_("No model logged decisions in the period: there was nothing to "
                               "monitor, and no monitoring can be shown.")));
  else if (due == 0)
    add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_NO_DATA,
                   g_strdup (_("No day of the period is over yet, so its monitoring cannot be "
                               "judged.")));
  else
    {
      g_autofree char *ratio = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "The checks ran with enough data "
                                                             "on %u of %u model-day",
                                                             "The checks ran with enough data "
                                                             "on %u of %u model-days",
                                                             due),
                                                monitored, due);
      GString *text = g_string_new (ratio);

      if (monitored < due)
        {
          g_autofree char *list = join_some (missed, 12);
          guint not_monitored = due - monitored;

          g_string_append (text, "; ");
          g_string_append_printf (text,
                                  g_dngettext (GETTEXT_PACKAGE,
                                               "%u model-day was not monitored (%u of them with "
                                               "insufficient data only): %s",
                                               "%u model-days were not monitored (%u of them "
                                               "with insufficient data only): %s",
                                               not_monitored),
                                  not_monitored, insufficient, list);
        }
      g_string_append (text, ".");
      if (silent->len > 0)
        {
          g_autofree char *names = join_some (silent, 10);

          g_string_append_c (text, ' ');
          g_string_append_printf (text, _("No data for: %s (no decision in the period)."),
                                  names);
        }
      add_statement (self, title, provisions,
                     monitored == due ? VIGIL_REPORT_VERDICT_MET : VIGIL_REPORT_VERDICT_NOT_MET,
                     g_string_free (text, FALSE));
    }
}

static void
statement_detection (VigilReport *self)
{
  const char *title = _("Anomaly detection");
  const char *provisions = _(PROVISIONS_DETECTION);
  guint n_alerts = self->alerts->len;
  guint changes = self->policy_changes->len;
  g_autoptr(GPtrArray) unchecked = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *window = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "a window of %.4g day",
                                                          "a window of %.4g days",
                                                          self->window_days == 1.0 ? 1 : 2),
                                             self->window_days);
  g_autofree char *baseline = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "a baseline of %.4g day",
                                                            "a baseline of %.4g days",
                                                            self->baseline_days == 1.0 ? 1 : 2),
                                               self->baseline_days);
  g_autofree char *alerts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "%u alert was raised for the period.",
                                                          "%u alerts were raised for the period.",
                                                          n_alerts), n_alerts);
  g_autofree char *changed = changes == 0
    ? g_strdup (_("The policy did not change in the period."))
    : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                    "The policy changed %u time in the period (see the policy "
                                    "change log).",
                                    "The policy changed %u times in the period (see the policy "
                                    "change log).", changes), changes);
  g_autofree char *names = g_strjoinv (", ", self->checks_enabled);

  for (guint i = 0; i < self->model_sections->len; i++)
    {
      VigilReportModel *m = g_ptr_array_index (self->model_sections, i);

      if (m->dashboard->summary->total_decisions > 0 && !m->any_check_enabled)
        g_ptr_array_add (unchecked, g_strdup (m->name));
    }

  if (self->total == 0)
    add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_NO_DATA,
                   g_strdup_printf (_("No decision was logged in the period, so no check had "
                                      "anything to watch. Checks in force at its start: %s. %s"),
                                    self->checks_enabled[0] ? names : _("none"), changed));
  else if (self->checks_enabled[0] == NULL || unchecked->len > 0)
    {
      g_autofree char *list = join_some (unchecked, 10);

      add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_NOT_MET,
                     self->checks_enabled[0] == NULL
                     ? g_strdup_printf (_("Every check is switched off in the policy in force "
                                          "at the start of the period. %s %s"), changed, alerts)
                     : g_strdup_printf (_("Every check is switched off for %s in the policy in "
                                          "force. %s %s"), list, changed, alerts));
    }
  else
    add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_MET,
                   g_strdup_printf (_("Checks in force at the start of the period: %s; %s "
                                      "against %s. %s %s"),
                                    names, window, baseline, changed, alerts));
}

static void
statement_alerts (VigilReport *self)
{
  const char *title = _("Alert handling");
  const char *provisions = _(PROVISIONS_ALERTS);
  guint n_alerts = self->alerts->len;
  guint n_acks = self->acknowledgements->len;
  g_autofree char *acks = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                        "%u acknowledgement was made in the "
                                                        "period.",
                                                        "%u acknowledgements were made in the "
                                                        "period.", n_acks), n_acks);

  if (n_alerts == 0 && self->total == 0)
    add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_NO_DATA,
                   g_strdup_printf (_("No decision was logged and no alert was raised for the "
                                      "period. %s"), acks));
  else if (n_alerts == 0)
    add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_MET,
                   g_strdup_printf (_("No alert was raised for the period. %s"), acks));
  else if (self->unacknowledged == 0)
    {
      g_autofree char *median = vigil_report_format_hours (self->median_hours_to_ack);

      add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_MET,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "The %u alert of the period was "
                                                   "acknowledged; median time to acknowledge "
                                                   "%s. %s",
                                                   "All %u alerts of the period were "
                                                   "acknowledged; median time to acknowledge "
                                                   "%s. %s", n_alerts),
                                      n_alerts, median, acks));
    }
  else
    add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_NOT_MET,
                   g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "%u of %u alert of the period is not "
                                                 "acknowledged. %s",
                                                 "%u of %u alerts of the period are not "
                                                 "acknowledged. %s", n_alerts),
                                    self->unacknowledged, n_alerts, acks));
}

static void
statement_oversight (VigilReport *self)
{
  g_autofree char *reviewed = vigil_summary_text_format_count (self->reviewed);
  g_autofree char *overridden = vigil_summary_text_format_count (self->overridden);
  g_autofree char *escalated = vigil_summary_text_format_count (self->escalated);
  g_autofree char *pending = vigil_summary_text_format_count (self->flagged_pending);
  g_autofree char *flagged = vigil_summary_text_format_count (self->flagged);
  g_autofree char *reviews = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "%s review was made in the period "
                                                           "(%s overridden, %s escalated).",
                                                           "%s reviews were made in the period "
                                                           "(%s overridden, %s escalated).",
                                                           self->reviewed),
                                              reviewed, overridden, escalated);
  const char *title = _("Human oversight");
  const char *provisions = _(PROVISIONS_OVERSIGHT);

  if (self->total == 0 && self->reviewed == 0)
    add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_NO_DATA,
                   g_strdup (_("No decision was logged and no review was made in the period.")));
  else if (self->flagged_pending == 0)
    add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_MET,
                   self->flagged == 0
                   ? g_strdup_printf (_("%s No decision of the period was flagged."), reviews)
                   : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%s The %s flagged decision of the period "
                                                   "has been reviewed.",
                                                   "%s Every one of the %s flagged decisions of "
                                                   "the period has been reviewed.",
                                                   self->flagged),
                                      reviews, flagged));
  else
    add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_NOT_MET,
                   g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "%s of %s flagged decision of the period still "
                                                 "awaits a human review. %s",
                                                 "%s of %s flagged decisions of the period still "
                                                 "await a human review. %s", self->flagged),
                                    pending, flagged, reviews));
}

/* Outcomes recorded in the period (by when they were recorded), and how many of the period's
 * decisions their outcomes judge so far, with each model's accuracy on them */
static void
statement_outcomes (VigilReport *self)
{
  g_autofree char *outcomes = vigil_summary_text_format_count (self->outcomes);
  const char *title = _("Outcomes analysis");
  const char *provisions = _(PROVISIONS_OUTCOMES);
  gint64 decisions = 0, with_outcome = 0, judged = 0;
  g_autoptr(GPtrArray) accuracies = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) untold = g_ptr_array_new_with_free_func (g_free);
  GString *text;

  for (guint i = 0; i < self->model_sections->len; i++)
    {
      VigilReportModel *m = g_ptr_array_index (self->model_sections, i);
      const VigilPerformance *p = m->performance;

      if (p == NULL || p->decisions == 0)
        continue;
      decisions += p->decisions;
      with_outcome += p->with_outcome;
      judged += p->judged;
      if (p->judged > 0)
        g_ptr_array_add (accuracies,
                         g_strdup_printf (_("%s %.1f%%"), m->name,
                                          100.0 * vigil_performance_accuracy (p)));
      else
        g_ptr_array_add (untold, g_strdup (m->name));
    }

  if (self->outcomes == 0 && with_outcome == 0)
    {
      add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_NO_DATA,
                     decisions == 0
                     ? g_strdup (_("No outcome was recorded in the period: the models’ outputs "
                                   "cannot be compared with what happened."))
                     : g_strdup (_("No outcome was recorded in the period, and none of its "
                                   "decisions has one yet: the models’ outputs cannot be "
                                   "compared with what happened.")));
      return;
    }

  text = g_string_new (NULL);
  if (self->outcomes == 0)
    /* The outcomes of the period's decisions were recorded before or after it */
    g_string_append (text, _("No outcome was recorded during the period itself."));
  else
    g_string_append_printf (text,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "%s outcome was recorded in the period, for "
                                         "comparison with what the model decided.",
                                         "%s outcomes were recorded in the period, for "
                                         "comparison with what the models decided.",
                                         self->outcomes),
                            outcomes);
  if (decisions > 0)
    {
      g_autofree char *n = vigil_summary_text_format_count (decisions);
      g_autofree char *w = vigil_summary_text_format_count (with_outcome);
      g_autofree char *j = vigil_summary_text_format_count (judged);

      g_string_append_c (text, ' ');
      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "Of the period’s %s decision, %s has an outcome so "
                                           "far and %s was judged by it.",
                                           "Of the period’s %s decisions, %s have an outcome "
                                           "so far and %s were judged by it.", decisions),
                              n, w, j);
    }
  if (accuracies->len > 0)
    {
      g_autofree char *list = join_some (accuracies, 5);

      g_string_append_c (text, ' ');
      g_string_append_printf (text, _("Accuracy of the judged decisions: %s."), list);
    }
  if (untold->len > 0)
    {
      g_autofree char *list = join_some (untold, 5);

      g_string_append_c (text, ' ');
      g_string_append_printf (text, _("Whether the decisions were right cannot be told yet "
                                      "for: %s."), list);
    }
  add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_MET,
                 g_string_free (text, FALSE));
}

static void
statement_retention (VigilReport *self,
                     gboolean     intact)
{
  char text_day[VIGIL_DAY_LEN] = "";
  char six_months[VIGIL_DAY_LEN];
  char today[VIGIL_DAY_LEN];
  const char *title = _("Retention");
  const char *provisions = _(PROVISIONS_RETENTION);

  vigil_period_today (today);
  vigil_report_day_add (today, -183, six_months);
  if (self->oldest_record != NULL)
    g_strlcpy (text_day, self->oldest_record, sizeof text_day);

  if (self->oldest_record == NULL)
    add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_NO_DATA,
                   g_strdup (_("The log holds no decision yet; policy requires at least six "
                               "months of retention.")));
  else if (!intact)
    add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_NOT_MET,
                   g_strdup_printf (_("The oldest record is from %s, but the broken ledger "
                                      "cannot show that no record was deleted since; policy "
                                      "requires at least six months."), text_day));
  else if (strcmp (text_day, six_months) <= 0)
    add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_MET,
                   g_strdup_printf (_("The oldest record is from %s, more than six months "
                                      "ago, and the intact ledger shows none was deleted; "
                                      "policy requires at least six months."), text_day));
  else
    add_statement (self, title, provisions, VIGIL_REPORT_VERDICT_MET,
                   g_strdup_printf (_("The oldest record is from %s, less than six months "
                                      "ago: the whole log is kept and the intact ledger shows "
                                      "none was deleted; policy requires at least six "
                                      "months."), text_day));
}

/* Every statement rests on the records: when the ledger does not show them unchanged, none of
 * them holds, whatever the records say. */
static void
statements_distrust (VigilReport *self,
                     guint        first,
                     guint        end)
{
  const char *reason = vigil_ledger_report_get_reason (self->ledger);

  for (guint i = first; i < end; i++)
    {
      VigilReportStatement *st = &g_array_index (self->statements, VigilReportStatement, i);
      char *text;

      text = g_strdup_printf (_("The ledger is broken (%s), so the records this rests on "
                                "cannot be relied on. What they say: %s"),
                              reason ? reason : "?", st->text);
      g_ptr_array_add (self->statement_strings, text);
      st->text = text;
      st->verdict = VIGIL_REPORT_VERDICT_NOT_MET;
      st->holds = FALSE;
    }
}

/* Judges the gathered report: every statement, each with its verdict, in the report's order. */
void
vigil_report_compute_statements (VigilReport *self)
{
  gboolean intact = vigil_ledger_report_is_intact (self->ledger);
  guint first_dependent;

  /* Logging and Retention judge the ledger themselves; every statement between them rests on
   * records a broken ledger cannot vouch for. */
  statement_logging (self, intact);
  first_dependent = self->statements->len;
  statement_completeness (self);
  statement_activity (self);
  statement_monitoring (self);
  statement_detection (self);
  statement_alerts (self);
  statement_oversight (self);
  statement_outcomes (self);
  if (!intact)
    statements_distrust (self, first_dependent, self->statements->len);
  statement_retention (self, intact);
}
