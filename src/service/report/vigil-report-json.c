/* vigil-report-json.c: the report as JSON, section by section
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-report"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-json.h"
#include "vigil-ledger.h"
#include "vigil-output.h"
#include "vigil-report-private.h"

static void
json_actions (GString    *out,
              const char *key,
              GArray     *actions,
              const char *target_key,
              const char *what_key,
              const char *note_key)
{
  vigil_json_key (out, key);
  g_string_append_c (out, '[');
  for (guint i = 0; i < actions->len; i++)
    {
      VigilReportAction *a = &g_array_index (actions, VigilReportAction, i);

      vigil_json_item (out);
      g_string_append_c (out, '{');
      vigil_json_member_int (out, "event_id", a->event_id);
      vigil_json_member_string (out, "timestamp", a->timestamp);
      vigil_json_member_string (out, "actor", a->actor);
      vigil_json_member_int (out, target_key, a->target_id);
      vigil_json_member_string (out, "model_name", a->model_name);
      vigil_json_member_string (out, what_key, a->what);
      vigil_json_member_string (out, note_key, a->note);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

/* The report's period, models and executive summary */
static void
write_summary_json (VigilReport *self,
                    GString     *out)
{
  vigil_json_member_string (out, "title", _("AI Model Audit Report"));
  vigil_json_member_string (out, "organisation", self->organisation);
  vigil_json_member_string (out, "period_start", self->from);
  vigil_json_member_string (out, "period_end", self->to);
  vigil_json_member_int (out, "period_days", self->period.n_days);
  vigil_json_member_string (out, "generated_at", self->generated_at);
  vigil_json_member_string (out, "generated_by", self->generated_by);
  vigil_json_member_string (out, "prepared_by", self->generated_by);
  vigil_json_member_bool (out, "period_incomplete", self->incomplete);
  vigil_json_member_string (out, "database", self->database_path);
  vigil_json_member_string (out, "purpose", vigil_purpose_to_string (self->purpose));
  vigil_json_key (out, "models");
  g_string_append_c (out, '[');
  for (guint i = 0; self->models[i] != NULL; i++)
    {
      vigil_json_item (out);
      vigil_json_write_string (out, self->models[i]);
    }
  g_string_append_c (out, ']');

  vigil_json_key (out, "executive_summary");
  g_string_append_c (out, '{');
  vigil_json_member_int (out, "total_decisions", self->total);
  /* An incomplete period is compared with nothing. */
  if (self->incomplete)
    {
      vigil_json_key (out, "previous_period_decisions");
      g_string_append (out, "null");
    }
  else
    vigil_json_member_int (out, "previous_period_decisions", self->previous_total);
  vigil_json_member_string (out, "previous_period_start",
                            self->incomplete ? NULL : self->previous_from);
  vigil_json_member_int (out, "models_active", self->active_models);
  vigil_json_member_int (out, "total_alerts", self->alerts->len);
  vigil_json_member_int (out, "high_severity_alerts",
                         self->alerts_by_severity[VIGIL_SEVERITY_HIGH]);
  vigil_json_member_int (out, "medium_severity_alerts",
                         self->alerts_by_severity[VIGIL_SEVERITY_MEDIUM]);
  vigil_json_member_int (out, "low_severity_alerts", self->alerts_by_severity[VIGIL_SEVERITY_LOW]);
  vigil_json_member_int (out, "unacknowledged_alerts", self->unacknowledged);
  vigil_json_member_double (out, "median_hours_to_acknowledge", self->median_hours_to_ack);
  vigil_json_member_double (out, "max_hours_to_acknowledge", self->max_hours_to_ack);
  vigil_json_member_int (out, "decisions_pending_review", self->pending_reviews);
  vigil_json_member_int (out, "decisions_reviewed", self->reviewed);
  vigil_json_member_int (out, "decisions_approved", self->approved);
  vigil_json_member_int (out, "decisions_escalated", self->escalated);
  vigil_json_member_int (out, "decisions_overridden", self->overridden);
  vigil_json_member_int (out, "decisions_flagged", self->flagged);
  vigil_json_member_int (out, "flagged_pending_review", self->flagged_pending);
  vigil_json_member_int (out, "days_checked", self->days_checked);
  vigil_json_member_int (out, "acknowledgements_in_period", self->acknowledgements->len);
  vigil_json_member_int (out, "outcomes_recorded", self->outcomes);
  g_string_append_c (out, '}');
}

/* Each model's summary and the period's alerts */
static void
write_models_alerts_json (VigilReport *self,
                          GString     *out)
{
  vigil_json_key (out, "model_summaries");
  g_string_append_c (out, '[');
  for (guint i = 0; i < self->model_sections->len; i++)
    {
      VigilReportModel *m = g_ptr_array_index (self->model_sections, i);
      VigilSummary *s = m->dashboard->summary;

      vigil_json_item (out);
      g_string_append_c (out, '{');
      vigil_json_member_string (out, "model_name", m->name);
      vigil_json_member_int (out, "decision_count", s->total_decisions);
      vigil_json_member_int (out, "previous_period_decisions", m->previous_total);
      vigil_json_key (out, "decision_distribution");
      g_string_append_c (out, '{');
      for (guint p = 0; p < m->dashboard->n_predictions; p++)
        vigil_json_member_int (out, m->dashboard->predictions[p], m->prediction_totals[p]);
      g_string_append_c (out, '}');
      vigil_json_member_double (out, "avg_confidence", s->mean_confidence);
      vigil_json_member_int (out, "alerts_count", m->alerts);
      vigil_json_member_int (out, "anomaly_flags_count", s->flagged);
      vigil_json_member_int (out, "pending_review", s->pending_reviews);
      vigil_json_member_int (out, "reviewed", s->reviewed);
      vigil_json_member_int (out, "approved", m->approved);
      vigil_json_member_int (out, "escalated", m->escalated);
      vigil_json_member_int (out, "overridden", m->overridden);
      vigil_json_member_int (out, "flagged_pending_review", m->flagged_pending);
      vigil_json_member_int (out, "days_checked", m->days_checked);
      vigil_json_member_int (out, "reviews_in_period", m->reviews);
      vigil_json_member_int (out, "outcomes_in_period", m->outcomes);
      vigil_json_member_int (out, "model_days_due", m->days_due);
      vigil_json_member_int (out, "model_days_monitored", m->days_monitored);
      vigil_json_member_string (out, "monitoring", vigil_report_verdict_to_string (m->monitoring));
      vigil_json_member_string (out, "first_decision", m->first_decision);
      vigil_json_member_string (out, "last_decision", m->last_decision);
      vigil_json_member_bool (out, "stopped_logging", m->stopped);
      vigil_json_member_string (out, "owner", m->owner);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');

  vigil_json_key (out, "alerts");
  g_string_append_c (out, '[');
  for (guint i = 0; i < self->alerts->len; i++)
    {
      VigilReportAlert *a = &g_array_index (self->alerts, VigilReportAlert, i);

      vigil_json_item (out);
      g_string_append_c (out, '{');
      vigil_json_member_int (out, "id", a->id);
      vigil_json_member_string (out, "timestamp", a->timestamp);
      vigil_json_member_string (out, "alert_type", a->alert_type);
      vigil_json_member_string (out, "model_name", a->model_name);
      vigil_json_member_string (out, "severity", vigil_severity_to_string (a->severity));
      vigil_json_member_string (out, "description", a->description);
      vigil_json_member_string (out, "subject", a->subject);
      vigil_json_member_string (out, "window_start", a->window_start);
      vigil_json_member_string (out, "window_end", a->window_end);
      vigil_json_member_string (out, "raised_at", a->raised_at);
      vigil_json_member_double (out, "observed", a->observed);
      vigil_json_member_double (out, "baseline", a->baseline);
      vigil_json_member_double (out, "threshold", a->threshold);
      vigil_json_member_double (out, "p_value", a->p_value);
      if (a->n_recent >= 0)
        vigil_json_member_int (out, "n_recent", a->n_recent);
      if (a->n_baseline >= 0)
        vigil_json_member_int (out, "n_baseline", a->n_baseline);
      vigil_json_member_bool (out, "acknowledged", a->acknowledged);
      vigil_json_member_string (out, "acknowledged_by", a->acknowledged_by);
      vigil_json_member_string (out, "acknowledged_at", a->acknowledged_at);
      vigil_json_member_string (out, "ack_note", a->ack_note);
      vigil_json_member_double (out, "hours_to_acknowledge", a->hours_to_ack);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

/* One period's performance figures of a model, as vigil_performance_to_json() writes them */
static void
json_performance (GString                *out,
                  const char             *key,
                  const char             *model,
                  const VigilPerformance *figures)
{
  vigil_json_key (out, key);
  if (figures == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  vigil_performance_to_json (figures, model, out);
}

/* Whether the figures can tell anything: "no_decisions", "no_outcomes", "none_judged" (the
 * outcomes that arrived do not say right or wrong) or "judged" */
static const char *
performance_status (const VigilPerformance *figures)
{
  if (figures == NULL || figures->decisions == 0)
    return "no_decisions";
  if (figures->with_outcome == 0)
    return "no_outcomes";
  if (figures->judged == 0)
    return "none_judged";
  return "judged";
}

/* The alerts of @check for @model, by subject, and how many days the check ran */
static void
json_findings (VigilReport      *self,
               GString          *out,
               VigilReportModel *m,
               VigilCheck        check,
               gboolean          with_findings)
{
  g_autoptr(GArray) findings = NULL;
  guint alerts, acknowledged;
  const VigilModelPolicy *start = vigil_policy_for_model (self->policy, m->name);
  const VigilModelPolicy *end = vigil_policy_for_model (self->policy_end, m->name);
  const guint *days = m->check_days[check];
  guint checked = days[VIGIL_COVERAGE_ALERTED] + days[VIGIL_COVERAGE_CLEAR];
  const char *status;

  findings = vigil_report_dup_findings (self, m->name, check, &alerts, &acknowledged);
  /* "not_checked" unless the check ran with enough data on some day: no alert then is not
   * the absence of a problem */
  if (checked > 0)
    status = alerts > 0 ? "alerted" : "clear";
  else
    status = days[VIGIL_COVERAGE_NOT_APPLICABLE] > 0 ? "not_applicable" : "not_checked";
  vigil_json_key (out, vigil_check_to_string (check));
  g_string_append_c (out, '{');
  vigil_json_member_bool (out, "enabled_at_start", start->checks[check].enabled);
  vigil_json_member_bool (out, "enabled_at_end", end->checks[check].enabled);
  vigil_json_member_string (out, "status", status);
  vigil_json_member_int (out, "days_checked", checked);
  vigil_json_member_int (out, "days_insufficient_data", days[VIGIL_COVERAGE_INSUFFICIENT]);
  vigil_json_member_int (out, "days_not_applicable", days[VIGIL_COVERAGE_NOT_APPLICABLE]);
  vigil_json_member_int (out, "days_not_run", days[VIGIL_COVERAGE_NOT_RUN]);
  vigil_json_member_int (out, "alerts", alerts);
  vigil_json_member_int (out, "acknowledged", acknowledged);
  vigil_json_member_int (out, "unacknowledged", alerts - acknowledged);
  if (with_findings)
    {
      vigil_json_key (out, "findings");
      g_string_append_c (out, '[');
      for (guint k = 0; k < findings->len; k++)
        {
          VigilReportFinding *f = &g_array_index (findings, VigilReportFinding, k);

          vigil_json_item (out);
          g_string_append_c (out, '{');
          vigil_json_member_string (out, "subject", f->subject);
          vigil_json_member_int (out, "alerts", f->alerts);
          vigil_json_member_int (out, "acknowledged", f->acknowledged);
          vigil_json_member_int (out, "unacknowledged", f->alerts - f->acknowledged);
          vigil_json_member_string (out, "first_window_start", f->first_window);
          vigil_json_member_string (out, "last_window_end", f->last_window);
          g_string_append_c (out, '}');
        }
      g_string_append_c (out, ']');
    }
  g_string_append_c (out, '}');
}

/* Each model's outcomes analysis and data quality */
static void
write_outcomes_quality_json (VigilReport *self,
                             GString     *out)
{
  vigil_json_key (out, "outcomes_analysis");
  g_string_append_c (out, '[');
  for (guint i = 0; i < self->model_sections->len; i++)
    {
      VigilReportModel *m = g_ptr_array_index (self->model_sections, i);

      vigil_json_item (out);
      g_string_append_c (out, '{');
      vigil_json_member_string (out, "model_name", m->name);
      vigil_json_member_string (out, "status", performance_status (m->performance));
      /* An incomplete period is compared with nothing: the previous one's figures are null */
      vigil_json_member_string (out, "previous_period_start",
                                self->incomplete ? NULL : self->previous_from);
      vigil_json_member_string (out, "previous_status", m->previous_performance == NULL ? NULL
                                : performance_status (m->previous_performance));
      json_performance (out, "period", m->name, m->performance);
      json_performance (out, "previous_period", m->name, m->previous_performance);
      json_findings (self, out, m, VIGIL_CHECK_PERFORMANCE_DROP, FALSE);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');

  vigil_json_key (out, "data_quality");
  g_string_append_c (out, '[');
  for (guint i = 0; i < self->model_sections->len; i++)
    {
      VigilReportModel *m = g_ptr_array_index (self->model_sections, i);

      vigil_json_item (out);
      g_string_append_c (out, '{');
      vigil_json_member_string (out, "model_name", m->name);
      json_findings (self, out, m, VIGIL_CHECK_DATA_QUALITY, TRUE);
      json_findings (self, out, m, VIGIL_CHECK_CATEGORICAL_DRIFT, TRUE);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

/* The policy in force, its changes, coverage and method */
static void
write_policy_json (VigilReport *self,
                   GString     *out)
{
  vigil_json_key (out, "policy");
  g_string_append_c (out, '{');
  vigil_json_member_double (out, "window_days", self->window_days);
  vigil_json_member_double (out, "baseline_days", self->baseline_days);
  vigil_json_key (out, "checks_enabled");
  g_string_append_c (out, '[');
  for (guint i = 0; self->checks_enabled[i] != NULL; i++)
    {
      vigil_json_item (out);
      vigil_json_write_string (out, self->checks_enabled[i]);
    }
  g_string_append_c (out, ']');
  vigil_json_member_string (out, "in_force_since", self->policy_since);
  vigil_json_member_string (out, "set_by", self->policy_set_by);
  vigil_json_member_string (out, "text", self->policy_text);
  vigil_json_key (out, "changes");
  g_string_append_c (out, '[');
  for (guint i = 0; i < self->policy_changes->len; i++)
    {
      VigilReportPolicyChange *c = &g_array_index (self->policy_changes,
                                                   VigilReportPolicyChange, i);

      vigil_json_item (out);
      g_string_append_c (out, '{');
      vigil_json_member_string (out, "timestamp", c->timestamp);
      vigil_json_member_string (out, "actor", c->actor);
      vigil_json_member_string (out, "sha256", c->sha256);
      vigil_json_member_string (out, "changes", c->changes);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
  g_string_append_c (out, '}');

  json_actions (out, "overrides_and_escalations", self->interventions, "decision_id", "status",
                "notes");
  json_actions (out, "acknowledgements", self->acknowledgements, "alert_id", "alert_type",
                "note");

  vigil_json_key (out, "logging_completeness");
  g_string_append_c (out, '{');
  vigil_json_member_int (out, "decisions", self->total);
  vigil_json_member_int (out, "with_inputs", self->with_inputs);
  vigil_json_member_int (out, "with_confidence", self->with_confidence);
  vigil_json_member_int (out, "with_explanation", self->with_explanation);
  vigil_json_member_double (out, "bar", VIGIL_REPORT_COMPLETENESS_BAR);
  g_string_append_c (out, '}');

  vigil_json_key (out, "model_inventory");
  g_string_append_c (out, '[');
  for (guint i = 0; i < self->versions->len; i++)
    {
      VigilReportVersion *v = &g_array_index (self->versions, VigilReportVersion, i);
      VigilReportModel *m = NULL;

      for (guint k = 0; k < self->model_sections->len && m == NULL; k++)
        if (strcmp (((VigilReportModel *) g_ptr_array_index (self->model_sections, k))->name,
                    v->model_name) == 0)
          m = g_ptr_array_index (self->model_sections, k);
      vigil_json_item (out);
      g_string_append_c (out, '{');
      vigil_json_member_string (out, "model_name", v->model_name);
      vigil_json_member_string (out, "model_version", v->model_version);
      vigil_json_member_string (out, "first_decision", v->first);
      vigil_json_member_string (out, "last_decision", v->last);
      vigil_json_member_int (out, "decisions", v->decisions);
      vigil_json_member_int (out, "with_inputs", v->with_inputs);
      vigil_json_member_int (out, "with_confidence", v->with_confidence);
      vigil_json_member_int (out, "with_explanation", v->with_explanation);
      vigil_json_member_string (out, "owner", m ? m->owner : NULL);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');

  vigil_json_key (out, "check_coverage");
  g_string_append_c (out, '[');
  for (guint i = 0; i < self->coverage->len; i++)
    {
      VigilReportCoverageDay *c = &g_array_index (self->coverage, VigilReportCoverageDay, i);
      VigilReportModel *m = g_ptr_array_index (self->model_sections, c->model);

      vigil_json_item (out);
      g_string_append_c (out, '{');
      vigil_json_member_string (out, "model_name", m->name);
      vigil_json_member_string (out, "day", c->day);
      vigil_json_member_int (out, "alerted", c->checks[VIGIL_COVERAGE_ALERTED]);
      vigil_json_member_int (out, "clear", c->checks[VIGIL_COVERAGE_CLEAR]);
      vigil_json_member_int (out, "insufficient_data", c->checks[VIGIL_COVERAGE_INSUFFICIENT]);
      vigil_json_member_int (out, "not_run", c->checks[VIGIL_COVERAGE_NOT_RUN]);
      vigil_json_member_bool (out, "due", c->due);
      vigil_json_member_bool (out, "monitored", c->monitored);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');

  vigil_json_key (out, "method");
  g_string_append_c (out, '[');
  for (guint c = 0; c < vigil_checks_get_n (); c++)
    {
      vigil_json_item (out);
      g_string_append_c (out, '{');
      vigil_json_member_string (out, "check", vigil_check_to_string ((VigilCheck) c));
      vigil_json_member_string (out, "definition", vigil_report_check_definition ((VigilCheck) c));
      vigil_json_member_string (out, "test", vigil_report_check_test ((VigilCheck) c));
      vigil_json_key (out, "in_force");
      g_string_append_c (out, '[');
      for (guint i = 0; self->models[i] != NULL; i++)
        {
          const VigilModelPolicy *mp = vigil_policy_for_model (self->policy, self->models[i]);
          g_autofree char *thresholds = vigil_report_check_thresholds (mp, (VigilCheck) c);

          vigil_json_item (out);
          g_string_append_c (out, '{');
          vigil_json_member_string (out, "model_name", self->models[i]);
          vigil_json_member_bool (out, "enabled", mp->checks[c].enabled);
          vigil_json_member_double (out, "threshold", mp->checks[c].threshold);
          vigil_json_member_string (out, "severity",
                                    vigil_severity_to_string (mp->checks[c].severity));
          vigil_json_member_double (out, "window_days", mp->window_days);
          vigil_json_member_double (out, "baseline_days", mp->baseline_days);
          vigil_json_member_int (out, "min_samples", mp->min_samples);
          vigil_json_member_string (out, "segment_by", mp->segment_by);
          if (mp->segment_by != NULL)
            vigil_json_member_int (out, "min_segment_size",
                                   vigil_model_policy_get_min_segment_size (mp));
          vigil_json_member_string (out, "thresholds", thresholds);
          g_string_append_c (out, '}');
        }
      g_string_append_c (out, ']');
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

/* What the verification of the ledger found, and how it is computed */
static void
write_ledger_json (VigilReport *self,
                   GString     *out)
{
  VigilLedgerReport *ledger = self->ledger;

  vigil_json_key (out, "ledger");
  g_string_append_c (out, '{');
  vigil_json_member_bool (out, "intact", vigil_ledger_report_is_intact (ledger));
  vigil_json_member_int (out, "records", vigil_ledger_report_get_records (ledger));
  /* When broken, the head of the chains as found: recorded, proving nothing */
  vigil_json_member_string (out, "head", vigil_ledger_report_get_head (ledger));
  vigil_json_member_string (out, "verified_at", self->verified_at);
  vigil_json_member_bool (out, "full", vigil_ledger_report_is_full (ledger));
  vigil_json_member_int (out, "rehashed", vigil_ledger_report_get_rehashed (ledger));
  vigil_json_member_bool (out, "schema_checked", vigil_ledger_report_get_schema_checked (ledger));
  vigil_json_member_bool (out, "caches_checked", vigil_ledger_report_get_caches_checked (ledger));
  vigil_json_member_int (out, "cache_differences",
                         vigil_ledger_report_get_n_cache_differences (ledger));
  vigil_json_key (out, "cache_differences_named");
  g_string_append_c (out, '[');
  for (guint i = 0; i < vigil_ledger_report_get_n_named_cache_differences (ledger); i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      vigil_json_write_string (out, vigil_ledger_report_get_cache_difference (ledger, i));
    }
  g_string_append_c (out, ']');
  vigil_json_key (out, "schema_problems");
  g_string_append_c (out, '[');
  for (guint i = 0; i < vigil_ledger_report_get_n_schema_problems (ledger); i++)
    {
      vigil_json_item (out);
      vigil_json_write_string (out, vigil_ledger_report_get_schema_problem (ledger, i));
    }
  g_string_append_c (out, ']');
  vigil_json_member_int (out, "earlier_report_heads_checked",
                         vigil_ledger_report_get_n_sealed_heads (ledger));
  vigil_json_member_int (out, "checkpoint_heads_checked",
                         vigil_ledger_report_get_n_checkpoints (ledger));
  vigil_json_member_string (out, "expected_head", vigil_ledger_report_get_expected_head (ledger));
  vigil_json_member_int (out, "legacy_records", vigil_ledger_report_get_legacy_records (ledger));
  vigil_json_key (out, "witness");
  if (vigil_ledger_report_get_witness_path (ledger) == NULL)
    g_string_append (out, "null");
  else
    {
      g_string_append_c (out, '{');
      vigil_json_member_string (out, "file", vigil_ledger_report_get_witness_path (ledger));
      vigil_json_member_int (out, "heads_checked",
                             vigil_ledger_report_get_n_witness_heads (ledger));
      vigil_json_member_int (out, "heads_signed",
                             vigil_ledger_report_get_n_witness_signed (ledger));
      vigil_json_member_bool (out, "head_witnessed",
                              vigil_ledger_report_get_witness_lines (ledger) != NULL);
      vigil_json_member_string (out, "lines", vigil_ledger_report_get_witness_lines (ledger));
      g_string_append_c (out, '}');
    }
  {
    g_autofree char *statement = vigil_report_dup_ledger_statement (self);
    vigil_json_member_string (out, "statement", statement);
  }
  vigil_json_member_string (out, "broken_table", vigil_ledger_report_get_broken_table (ledger));
  if (vigil_ledger_report_get_broken_id (ledger) != 0)
    vigil_json_member_int (out, "broken_id", vigil_ledger_report_get_broken_id (ledger));
  vigil_json_member_string (out, "reason", vigil_ledger_report_get_reason (ledger));
  g_string_append_c (out, '}');

  vigil_json_key (out, "ledger_method");
  g_string_append_c (out, '{');
  vigil_json_member_string (out, "recipe", vigil_ledger_get_recipe ());
  vigil_json_member_string (out, "script", vigil_ledger_get_script ());
  g_string_append_c (out, '}');
}

/* The regulatory statements and who is to sign */
static void
write_sign_off_json (VigilReport *self,
                     GString     *out)
{
  vigil_json_key (out, "regulatory_compliance");
  g_string_append_c (out, '[');
  for (guint i = 0; i < self->statements->len; i++)
    {
      const VigilReportStatement *st = &g_array_index (self->statements,
                                                       VigilReportStatement, i);

      vigil_json_item (out);
      g_string_append_c (out, '{');
      vigil_json_member_string (out, "title", st->title);
      vigil_json_member_bool (out, "holds", st->holds);
      vigil_json_member_string (out, "verdict", vigil_report_verdict_to_string (st->verdict));
      vigil_json_member_string (out, "text", st->text);
      vigil_json_member_string (out, "provisions", st->provisions);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');

  /* Nobody has signed a report that is just written: it names who is to sign. */
  vigil_json_key (out, "sign_off");
  g_string_append_c (out, '{');
  vigil_json_member_string (out, "prepared_by", self->generated_by);
  vigil_json_key (out, "signatories");
  g_string_append_c (out, '[');
  for (guint i = 0; i < self->signatories->len; i++)
    {
      const VigilReportSigner *signer = &g_array_index (self->signatories, VigilReportSigner, i);

      vigil_json_item (out);
      g_string_append_c (out, '{');
      vigil_json_member_string (out, "role", signer->role);
      vigil_json_member_string (out, "name", signer->name);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
  g_string_append_c (out, '}');
}

char *
vigil_report_to_json (VigilReport *self)
{
  GString *out;

  g_return_val_if_fail (VIGIL_IS_REPORT (self), NULL);

  out = g_string_new ("{");
  write_summary_json (self, out);
  write_models_alerts_json (self, out);
  write_outcomes_quality_json (self, out);
  write_policy_json (self, out);
  write_ledger_json (self, out);
  write_sign_off_json (self, out);
  g_string_append (out, "}\n");
  return g_string_free (out, FALSE);
}

gboolean
vigil_report_write_json (VigilReport  *self,
                         const char   *path,
                         GError      **error)
{
  g_autofree char *json = vigil_report_to_json (self);
  g_autoptr(VigilOutputFile) output = vigil_output_file_open (path, NULL, NULL, 0644, error);

  return output != NULL &&
         g_output_stream_write_all (vigil_output_file_get_stream (output), json, strlen (json),
                                    NULL, NULL, error) &&
         vigil_output_file_commit (output, error);
}
