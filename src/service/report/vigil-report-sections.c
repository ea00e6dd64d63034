/* vigil-report-sections.c: what the audit report reads from the log besides the dashboards
 * and the alerts: the policy in force and its changes, the people's actions of the period,
 * the model inventory with the completeness of its records, and the checks' coverage
 *
 * Human actions are counted by when they were made, from their chained events rows, not by
 * the date of the decision or alert they concern: a review made today of last week's decision
 * is one of today's reviews.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-report"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "vigil-report-private.h"
#include "vigil-store-private.h"

static void
action_clear (VigilReportAction *action)
{
  g_free (action->timestamp);
  g_free (action->actor);
  g_free (action->model_name);
  g_free (action->what);
  g_free (action->note);
}

static void
policy_change_clear (VigilReportPolicyChange *change)
{
  g_free (change->timestamp);
  g_free (change->actor);
  g_free (change->changes);
  g_free (change->sha256);
  g_clear_object (&change->policy);
}

static void
version_clear (VigilReportVersion *version)
{
  g_free (version->model_name);
  g_free (version->model_version);
  g_free (version->first);
  g_free (version->last);
}

void
vigil_report_sections_init (VigilReport *self)
{
  self->policy_changes = g_array_new (FALSE, TRUE, sizeof (VigilReportPolicyChange));
  g_array_set_clear_func (self->policy_changes, (GDestroyNotify) policy_change_clear);
  self->interventions = g_array_new (FALSE, TRUE, sizeof (VigilReportAction));
  g_array_set_clear_func (self->interventions, (GDestroyNotify) action_clear);
  self->acknowledgements = g_array_new (FALSE, TRUE, sizeof (VigilReportAction));
  g_array_set_clear_func (self->acknowledgements, (GDestroyNotify) action_clear);
  self->versions = g_array_new (FALSE, TRUE, sizeof (VigilReportVersion));
  g_array_set_clear_func (self->versions, (GDestroyNotify) version_clear);
  self->coverage = g_array_new (FALSE, TRUE, sizeof (VigilReportCoverageDay));
}

void
vigil_report_sections_clear (VigilReport *self)
{
  g_clear_object (&self->policy);
  g_clear_object (&self->policy_end);
  g_free (self->policy_since);
  g_free (self->policy_set_by);
  g_clear_pointer (&self->policy_changes, g_array_unref);
  g_clear_pointer (&self->interventions, g_array_unref);
  g_clear_pointer (&self->acknowledgements, g_array_unref);
  g_clear_pointer (&self->versions, g_array_unref);
  g_clear_pointer (&self->coverage, g_array_unref);
}

static gboolean
selected (VigilReport *self,
          const char  *model)
{
  if (self->all_models)
    return TRUE;
  return model != NULL && g_strv_contains ((const char * const *) self->models, model);
}

static VigilReportModel *
find_model (VigilReport *self,
            const char  *name)
{
  for (guint i = 0; name != NULL && i < self->model_sections->len; i++)
    {
      VigilReportModel *m = g_ptr_array_index (self->model_sections, i);

      if (strcmp (m->name, name) == 0)
        return m;
    }
  return NULL;
}

/* The policy ------------------------------------------------------------------------------- */

GStrv
vigil_report_dup_checks_enabled (VigilPolicy *policy,
                                 const char  *model)
{
  const VigilModelPolicy *mp = model ? vigil_policy_for_model (policy, model)
                                     : vigil_policy_get_defaults (policy);
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv names;

  for (guint c = 0; c < vigil_checks_get_n (); c++)
    if (mp->checks[c].enabled)
      g_strv_builder_add (builder, vigil_check_to_string ((VigilCheck) c));
  names = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return names;
}

char *
vigil_report_check_thresholds (const VigilModelPolicy *mp,
                               VigilCheck              check)
{
  return vigil_check_get_info (check)->describe (&mp->checks[check]);
}

const char *
vigil_report_check_definition (VigilCheck check)
{
  return _(vigil_check_get_info (check)->description);
}

const char *
vigil_report_check_test (VigilCheck check)
{
  return _(vigil_check_get_info (check)->test);
}

static void
diff_model (GString                *out,
            const char             *section,
            const VigilModelPolicy *a,
            const VigilModelPolicy *b)
{
  if (a->window_days != b->window_days)
    g_string_append_printf (out, _("%s: window %.4g → %.4g days\n"), section, a->window_days,
                            b->window_days);
  if (a->baseline_days != b->baseline_days)
    g_string_append_printf (out, _("%s: baseline %.4g → %.4g days\n"), section,
                            a->baseline_days, b->baseline_days);
  if (a->min_samples != b->min_samples)
    g_string_append_printf (out, _("%s: minimum sample %" PRId64 " → %"
                                   PRId64 "\n"), section, a->min_samples,
                            b->min_samples);
  if (g_strcmp0 (a->segment_by, b->segment_by) != 0)
    g_string_append_printf (out, _("%s: segments by %s → %s\n"), section,
                            a->segment_by ? a->segment_by : _("none"),
                            b->segment_by ? b->segment_by : _("none"));
  if (vigil_model_policy_get_min_segment_size (a) != vigil_model_policy_get_min_segment_size (b))
    g_string_append_printf (out, _("%s: minimum segment %" PRId64 " → %" PRId64 "\n"), section,
                            vigil_model_policy_get_min_segment_size (a),
                            vigil_model_policy_get_min_segment_size (b));
  if (a->segment_confidence != b->segment_confidence)
    g_string_append_printf (out, _("%s: segment confidence %.4g → %.4g\n"), section,
                            a->segment_confidence, b->segment_confidence);
  for (guint c = 0; c < vigil_checks_get_n (); c++)
    {
      const VigilCheckPolicy *x = &a->checks[c], *y = &b->checks[c];
      const char *name = vigil_check_get_label ((VigilCheck) c);

      if (x->enabled != y->enabled)
        g_string_append_printf (out, y->enabled ? _("%s: %s switched on\n")
                                                : _("%s: %s switched off\n"), section, name);
      if (x->threshold != y->threshold)
        g_string_append_printf (out, _("%s: %s threshold %.4g → %.4g\n"), section, name,
                                x->threshold, y->threshold);
      if (x->severity != y->severity)
        g_string_append_printf (out, _("%s: %s severity %s → %s\n"), section, name,
                                vigil_severity_to_string (x->severity),
                                vigil_severity_to_string (y->severity));
      if (x->low_ratio != y->low_ratio)
        g_string_append_printf (out, _("%s: %s low ratio %.4g → %.4g\n"), section, name,
                                x->low_ratio, y->low_ratio);
      if (x->bins != y->bins || x->confidence != y->confidence)
        g_string_append_printf (out, _("%s: %s bins %u → %u, confidence %.4g → %.4g\n"),
                                section, name, x->bins, y->bins, x->confidence, y->confidence);
    }
}

/* What changed from @before to @after, a line each. */
static char *
diff_policies (VigilPolicy *before,
               VigilPolicy *after)
{
  GString *out = g_string_new (NULL);
  g_auto(GStrv) a_names = vigil_policy_dup_model_names (before);
  g_auto(GStrv) b_names = vigil_policy_dup_model_names (after);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  diff_model (out, _("defaults"), vigil_policy_get_defaults (before),
              vigil_policy_get_defaults (after));
  for (guint i = 0; a_names[i]; i++)
    g_ptr_array_add (names, a_names[i]);
  for (guint i = 0; b_names[i]; i++)
    if (!g_strv_contains ((const char * const *) a_names, b_names[i]))
      g_ptr_array_add (names, b_names[i]);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      gboolean in_a = vigil_policy_has_model (before, name);
      gboolean in_b = vigil_policy_has_model (after, name);
      g_autofree char *section = g_strdup_printf (_("model %s"), name);

      if (in_a && !in_b)
        g_string_append_printf (out, _("%s: its own settings removed\n"), section);
      else if (!in_a && in_b)
        g_string_append_printf (out, _("%s: its own settings added\n"), section);
      diff_model (out, section, vigil_policy_for_model (before, name),
                  vigil_policy_for_model (after, name));
    }
  if (out->len == 0)
    g_string_append (out, _("the policy’s text changed; no threshold, window or check did"));
  else
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

/**
 * vigil_report_load_policies:
 *
 * Replays the policy changes recorded in the events (the store records each with the new
 * policy's text): the policy in force at the start of the period, each change within it and
 * what it changed, and the policy in force at its end. Before the first change, the defaults
 * were in force.
 */
gboolean
vigil_report_load_policies (VigilReport  *self,
                            VigilStore   *store,
                            GError      **error)
{
  VigilSql *db = vigil_store_get_sql (store);
  g_autoptr(VigilSqlStmt) stmt = NULL;
  g_autoptr(VigilPolicy) current = vigil_policy_new ();
  int rc;

  if (vigil_sql_prepare (db,
                         "SELECT timestamp, actor, "
                         "CASE WHEN json_valid(details) THEN json_extract(details, '$.policy') END, "
                         "CASE WHEN json_valid(details) THEN json_extract(details, '$.sha256') END "
                         "FROM events WHERE action = 'policy' AND timestamp < ? ORDER BY id",
                         &stmt) != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (store, error, _("Could not read the policy changes"));
      return FALSE;
    }
  vigil_sql_bind_text (stmt, 1, self->to, -1);
  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      const char *timestamp = vigil_sql_column_text (stmt, 0);
      const char *text = vigil_sql_column_text (stmt, 2);
      g_autoptr(VigilPolicy) next = NULL;
      g_autoptr(GError) local_error = NULL;

      next = text ? vigil_policy_new_from_data (text, _("a recorded policy"), &local_error)
                  : NULL;
      if (next == NULL)
        {
          g_set_error (error, VIGIL_REPORT_ERROR, VIGIL_REPORT_ERROR_FAILED,
                       _("The policy change recorded at %s cannot be read: %s"), timestamp,
                       local_error ? local_error->message : _("it holds no policy"));
          return FALSE;
        }
      if (strcmp (timestamp, self->from) < 0)
        {
          g_free (self->policy_since);
          g_free (self->policy_set_by);
          self->policy_since = g_strdup (timestamp);
          self->policy_set_by = vigil_sql_column_dup (stmt, 1);
        }
      else
        {
          VigilReportPolicyChange change = { 0 };

          if (self->policy == NULL)
            self->policy = g_object_ref (current);
          change.timestamp = g_strdup (timestamp);
          change.actor = vigil_sql_column_dup (stmt, 1);
          change.sha256 = vigil_sql_column_dup (stmt, 3);
          change.changes = diff_policies (current, next);
          change.policy = g_object_ref (next);
          g_array_append_val (self->policy_changes, change);
        }
      g_set_object (&current, next);
    }
  if (rc != VIGIL_SQL_DONE)
    {
      vigil_store_set_sql_error (store, error, _("Could not read the policy changes"));
      return FALSE;
    }
  if (self->policy == NULL)
    self->policy = g_object_ref (current);
  self->policy_end = g_object_ref (current);
  return TRUE;
}

/* The policy in force at @timestamp, within the period. */
static VigilPolicy *
policy_at (VigilReport *self,
           const char  *timestamp)
{
  VigilPolicy *policy = self->policy;

  for (guint i = 0; i < self->policy_changes->len; i++)
    {
      VigilReportPolicyChange *c = &g_array_index (self->policy_changes,
                                                   VigilReportPolicyChange, i);

      if (strcmp (c->timestamp, timestamp) < 0)
        policy = c->policy;
    }
  return policy;
}

/* Actions ---------------------------------------------------------------------------------- */

/* A row of the reviews or acknowledgements statement: event id, time, actor, target id, model,
 * what was done, note. */
static void
action_from_row (VigilReportAction *action,
                 VigilSqlStmt      *stmt,
                 const char        *model)
{
  action->event_id = vigil_sql_column_int64 (stmt, 0);
  action->timestamp = vigil_sql_column_dup (stmt, 1);
  action->actor = vigil_sql_column_dup (stmt, 2);
  action->target_id = vigil_sql_column_int64 (stmt, 3);
  action->model_name = g_strdup (model);
  action->what = vigil_sql_column_dup (stmt, 5);
  action->note = vigil_sql_column_dup (stmt, 6);
}

/**
 * vigil_report_load_actions:
 *
 * The reviews, acknowledgements and outcomes made in the period, from their events: counts per
 * model, and the overrides, escalations and acknowledgements with their notes.
 */
gboolean
vigil_report_load_actions (VigilReport  *self,
                           VigilStore   *store,
                           GError      **error)
{
  VigilSql *db = vigil_store_get_sql (store);
  g_autoptr(VigilSqlStmt) reviews = NULL;
  g_autoptr(VigilSqlStmt) acks = NULL;
  g_autoptr(VigilSqlStmt) outcomes = NULL;
  int rc;

  /* The target is "decision:ID" or "alert:ID", as the store writes it. */
  if (vigil_sql_prepare (db,
                         "SELECT e.id, e.timestamp, e.actor, d.id, d.model_name, "
                         "CASE WHEN json_valid(e.details) THEN json_extract(e.details, '$.status') END, "
                         "CASE WHEN json_valid(e.details) THEN json_extract(e.details, '$.notes') END "
                         "FROM events e LEFT JOIN decisions d "
                         "ON d.id = CAST(substr(e.target, 10) AS INTEGER) "
                         "WHERE e.action = 'review' AND e.timestamp >= ? AND e.timestamp < ? "
                         "ORDER BY e.id", &reviews) != VIGIL_SQL_OK ||
      vigil_sql_prepare (db,
                         "SELECT e.id, e.timestamp, e.actor, a.id, a.model_name, a.alert_type, "
                         "CASE WHEN json_valid(e.details) THEN json_extract(e.details, '$.note') END "
                         "FROM events e LEFT JOIN alerts a "
                         "ON a.id = CAST(substr(e.target, 7) AS INTEGER) "
                         "WHERE e.action = 'acknowledge' AND e.timestamp >= ? AND e.timestamp < ? "
                         "ORDER BY e.id", &acks) != VIGIL_SQL_OK ||
      vigil_sql_prepare (db,
                         "SELECT d.model_name, count(*) FROM events e JOIN decisions d "
                         "ON d.id = CAST(substr(e.target, 10) AS INTEGER) "
                         "WHERE e.action = 'outcome' AND e.timestamp >= ? AND e.timestamp < ? "
                         "GROUP BY d.model_name", &outcomes) != VIGIL_SQL_OK)
    goto failed;

  self->reviewed = self->approved = self->escalated = self->overridden = 0;
  vigil_sql_bind_text (reviews, 1, self->from, -1);
  vigil_sql_bind_text (reviews, 2, self->to, -1);
  while ((rc = vigil_sql_step (reviews)) == VIGIL_SQL_ROW)
    {
      const char *model = vigil_sql_column_text (reviews, 4);
      VigilReportModel *m = find_model (self, model);
      VigilReviewStatus status;

      if (m == NULL || vigil_sql_column_type (reviews, 3) == VIGIL_SQL_NULL)
        continue;
      if (!vigil_review_status_from_string (vigil_sql_column_text (reviews, 5),
                                            &status))
        continue;
      m->reviews++;
      self->reviewed++;
      if (status == VIGIL_REVIEW_APPROVED)
        {
          m->approved++;
          self->approved++;
        }
      else if (status == VIGIL_REVIEW_ESCALATED || status == VIGIL_REVIEW_OVERRIDDEN)
        {
          VigilReportAction action = { 0 };

          if (status == VIGIL_REVIEW_ESCALATED)
            {
              m->escalated++;
              self->escalated++;
            }
          else
            {
              m->overridden++;
              self->overridden++;
            }
          action_from_row (&action, reviews, model);
          g_array_append_val (self->interventions, action);
        }
    }
  if (rc != VIGIL_SQL_DONE)
    goto failed;

  vigil_sql_bind_text (acks, 1, self->from, -1);
  vigil_sql_bind_text (acks, 2, self->to, -1);
  while ((rc = vigil_sql_step (acks)) == VIGIL_SQL_ROW)
    {
      const char *model = vigil_sql_column_text (acks, 4);
      VigilReportAction action = { 0 };

      if (vigil_sql_column_type (acks, 3) == VIGIL_SQL_NULL || !selected (self, model))
        continue;
      action_from_row (&action, acks, model);
      g_array_append_val (self->acknowledgements, action);
    }
  if (rc != VIGIL_SQL_DONE)
    goto failed;

  vigil_sql_bind_text (outcomes, 1, self->from, -1);
  vigil_sql_bind_text (outcomes, 2, self->to, -1);
  while ((rc = vigil_sql_step (outcomes)) == VIGIL_SQL_ROW)
    {
      VigilReportModel *m = find_model (self, vigil_sql_column_text (outcomes, 0));

      if (m == NULL)
        continue;
      m->outcomes += vigil_sql_column_int64 (outcomes, 1);
      self->outcomes += vigil_sql_column_int64 (outcomes, 1);
    }
  if (rc != VIGIL_SQL_DONE)
    goto failed;
  return TRUE;

failed:
  vigil_store_set_sql_error (store, error, _("Could not read the actions of the period"));
  return FALSE;
}

/* Inventory -------------------------------------------------------------------------------- */

/* The start of the last day of the period that is over: a model with no decision from then to
 * the period's end stopped logging. "" when no day of the period is over. */
static void
last_complete_day_start (VigilReport *self,
                         char         out[VIGIL_TIMESTAMP_LEN])
{
  gint64 from, to, now, end;

  out[0] = '\0';
  if (!vigil_timestamp_parse (self->from, &from, NULL) ||
      !vigil_timestamp_parse (self->to, &to, NULL) ||
      !vigil_timestamp_parse (self->generated_at, &now, NULL))
    return;
  end = MIN (to, now - now % G_TIME_SPAN_DAY);
  if (end - G_TIME_SPAN_DAY < from)
    return;
  vigil_timestamp_format (end - G_TIME_SPAN_DAY, out);
}

/**
 * vigil_report_load_inventory:
 *
 * Every model and version that logged in the period, its first and last decision and how many
 * of its decisions carry their inputs, confidence and explanation; each model's owner when the
 * meta key "owner:MODEL" records one, and whether it stopped logging.
 */
gboolean
vigil_report_load_inventory (VigilReport  *self,
                             VigilStore   *store,
                             GError      **error)
{
  VigilSql *db = vigil_store_get_sql (store);
  g_autoptr(VigilSqlStmt) versions = NULL;
  g_autoptr(VigilSqlStmt) first = NULL;
  g_autoptr(VigilSqlStmt) last = NULL;
  char cutoff[VIGIL_TIMESTAMP_LEN];
  int rc;

  if (vigil_sql_prepare (db,
                         "SELECT model_name, model_version, min(timestamp), max(timestamp), "
                         "count(*), "
                         "count(*) FILTER (WHERE input_features IS NOT NULL AND "
                         "input_features NOT IN ('', '{}', '[]', 'null')), "
                         "count(confidence), "
                         "count(*) FILTER (WHERE explanation IS NOT NULL AND "
                         "trim(explanation) != '') "
                         "FROM decisions WHERE timestamp >= ? AND timestamp < ? "
                         "GROUP BY model_name, model_version ORDER BY model_name, 3",
                         &versions) != VIGIL_SQL_OK ||
      vigil_sql_prepare (db, "SELECT min(timestamp) FROM decisions WHERE model_name = ?",
                         &first) != VIGIL_SQL_OK ||
      vigil_sql_prepare (db,
                         "SELECT max(timestamp) FROM decisions WHERE model_name = ? AND "
                         "timestamp < ?", &last) != VIGIL_SQL_OK)
    goto failed;

  vigil_sql_bind_text (versions, 1, self->from, -1);
  vigil_sql_bind_text (versions, 2, self->to, -1);
  while ((rc = vigil_sql_step (versions)) == VIGIL_SQL_ROW)
    {
      VigilReportVersion v = { 0 };

      if (find_model (self, vigil_sql_column_text (versions, 0)) == NULL)
        continue;
      v.model_name = vigil_sql_column_dup (versions, 0);
      v.model_version = vigil_sql_column_dup (versions, 1);
      v.first = vigil_sql_column_dup (versions, 2);
      v.last = vigil_sql_column_dup (versions, 3);
      v.decisions = vigil_sql_column_int64 (versions, 4);
      v.with_inputs = vigil_sql_column_int64 (versions, 5);
      v.with_confidence = vigil_sql_column_int64 (versions, 6);
      v.with_explanation = vigil_sql_column_int64 (versions, 7);
      self->with_inputs += v.with_inputs;
      self->with_confidence += v.with_confidence;
      self->with_explanation += v.with_explanation;
      g_array_append_val (self->versions, v);
    }
  if (rc != VIGIL_SQL_DONE)
    goto failed;

  last_complete_day_start (self, cutoff);
  for (guint i = 0; i < self->model_sections->len; i++)
    {
      VigilReportModel *m = g_ptr_array_index (self->model_sections, i);
      g_autofree char *key = g_strconcat ("owner:", m->name, NULL);

      m->owner = vigil_store_get_meta (store, key);
      if (m->owner != NULL && *g_strstrip (m->owner) == '\0')
        g_clear_pointer (&m->owner, g_free);

      vigil_sql_reset (first);
      vigil_sql_bind_text (first, 1, m->name, -1);
      if (vigil_sql_step (first) != VIGIL_SQL_ROW)
        goto failed;
      m->first_decision = vigil_sql_column_dup (first, 0);

      vigil_sql_reset (last);
      vigil_sql_bind_text (last, 1, m->name, -1);
      vigil_sql_bind_text (last, 2, self->to, -1);
      if (vigil_sql_step (last) != VIGIL_SQL_ROW)
        goto failed;
      m->last_decision = vigil_sql_column_dup (last, 0);
      m->stopped = m->last_decision != NULL && cutoff[0] != '\0' &&
                   strcmp (m->last_decision, cutoff) < 0;
    }
  return TRUE;

failed:
  vigil_store_set_sql_error (store, error, _("Could not read the model inventory"));
  return FALSE;
}

/* Coverage --------------------------------------------------------------------------------- */

static int
outcome_rank (const char *outcome)
{
  if (g_strcmp0 (outcome, "alerted") == 0)
    return 4;
  if (g_strcmp0 (outcome, "clear") == 0)
    return 3;
  if (g_strcmp0 (outcome, "insufficient_data") == 0)
    return 2;
  if (g_strcmp0 (outcome, "not_applicable") == 0)
    return 1;
  return 0;
}

/**
 * vigil_report_load_coverage:
 *
 * For each model and day of the period, the checks its policy enabled that day by their best
 * outcome (a check run several times counts once: alerted, else clear, else insufficient data),
 * and those that did not run. A run as of midnight watches the day before it; one during a day
 * watches that day. A model-day is monitored when a check alerted or was clear: a day on which
 * every check lacked data was not. It is due once it is over, from the model's first decision
 * on.
 */
gboolean
vigil_report_load_coverage (VigilReport  *self,
                            VigilStore   *store,
                            GError      **error)
{
  VigilSql *db = vigil_store_get_sql (store);
  g_autoptr(VigilSqlStmt) stmt = NULL;
  gint64 from;
  int rc;

  if (!vigil_timestamp_parse (self->from, &from, NULL))
    return TRUE;
  if (vigil_sql_prepare (db,
                         "SELECT as_of, check_type, outcome FROM check_results "
                         "WHERE model_name = ? AND as_of > ? AND as_of <= ?",
                         &stmt) != VIGIL_SQL_OK)
    goto failed;

  for (guint i = 0; i < self->model_sections->len; i++)
    {
      VigilReportModel *m = g_ptr_array_index (self->model_sections, i);
      guint n_checks = vigil_checks_get_n ();
      g_autofree int *best = g_new0 (int, (gsize) self->period.n_days * n_checks);

      vigil_sql_reset (stmt);
      vigil_sql_bind_text (stmt, 1, m->name, -1);
      vigil_sql_bind_text (stmt, 2, self->from, -1);
      vigil_sql_bind_text (stmt, 3, self->to, -1);
      while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
        {
          gint64 as_of, day;
          VigilCheck check;
          int rank;

          if (!vigil_timestamp_parse (vigil_sql_column_text (stmt, 0), &as_of, NULL) ||
              !vigil_check_from_string (vigil_sql_column_text (stmt, 1), &check))
            continue;
          day = (as_of - 1 - from) / G_TIME_SPAN_DAY;
          if (day < 0 || day >= self->period.n_days)
            continue;
          rank = outcome_rank (vigil_sql_column_text (stmt, 2));
          best[day * n_checks + check] = MAX (best[day * n_checks + check], rank);
        }
      if (rc != VIGIL_SQL_DONE)
        goto failed;

      m->days_due = m->days_monitored = 0;
      for (guint d = 0; d < self->period.n_days; d++)
        {
          VigilReportCoverageDay cov = { 0 };
          char start[VIGIL_TIMESTAMP_LEN], end[VIGIL_TIMESTAMP_LEN];
          VigilPolicy *policy;
          const VigilModelPolicy *mp;

          vigil_timestamp_format (from + (gint64) d * G_TIME_SPAN_DAY, start);
          vigil_timestamp_format (from + (gint64) (d + 1) * G_TIME_SPAN_DAY, end);
          g_strlcpy (cov.day, start, sizeof cov.day);
          cov.model = i;
          policy = policy_at (self, end);
          mp = vigil_policy_for_model (policy, m->name);
          for (guint c = 0; c < vigil_checks_get_n (); c++)
            {
              int rank = best[d * n_checks + c];

              VigilCoverage result;

              if (!mp->checks[c].enabled && rank == 0)
                continue;
              if (rank == 4)
                result = VIGIL_COVERAGE_ALERTED;
              else if (rank == 3)
                result = VIGIL_COVERAGE_CLEAR;
              else if (rank == 2)
                result = VIGIL_COVERAGE_INSUFFICIENT;
              else if (rank == 0)
                result = VIGIL_COVERAGE_NOT_RUN;
              else
                result = VIGIL_COVERAGE_NOT_APPLICABLE;
              cov.checks[result]++;
              m->check_days[c][result]++;
            }
          cov.monitored = cov.checks[VIGIL_COVERAGE_ALERTED] + cov.checks[VIGIL_COVERAGE_CLEAR] > 0;
          cov.due = strcmp (end, self->generated_at) <= 0 && m->first_decision != NULL &&
                    strcmp (m->first_decision, end) < 0;
          if (cov.due)
            {
              m->days_due++;
              m->days_monitored += cov.monitored;
            }
          g_array_append_val (self->coverage, cov);
        }
      if (m->dashboard->summary->total_decisions == 0 || m->days_due == 0)
        m->monitoring = VIGIL_REPORT_VERDICT_NO_DATA;
      else
        m->monitoring = m->days_monitored == m->days_due ? VIGIL_REPORT_VERDICT_MET
                                                         : VIGIL_REPORT_VERDICT_NOT_MET;
    }
  return TRUE;

failed:
  vigil_store_set_sql_error (store, error, _("Could not read the checks’ coverage"));
  return FALSE;
}

/* Outcomes --------------------------------------------------------------------------------- */

/**
 * vigil_report_load_outcomes:
 *
 * Each model's performance figures (vigil_performance_compute()) on the decisions of the
 * period and, unless it is incomplete, on those of the previous period of the same length,
 * judged by every outcome
 * recorded by the snapshot the report reads: outcomes arrive late, so a later report of the
 * same period may judge more of its decisions. Each model's outcomes are judged by the rules
 * of the policy in force at the period's end.
 */
gboolean
vigil_report_load_outcomes (VigilReport  *self,
                            VigilStore   *store,
                            GError      **error)
{
  for (guint i = 0; i < self->model_sections->len; i++)
    {
      VigilReportModel *m = g_ptr_array_index (self->model_sections, i);
      const VigilOutcomeMap *rules = vigil_policy_for_model (self->policy_end, m->name)->outcomes;

      m->performance = vigil_performance_compute (store, m->name, self->from, self->to, NULL,
                                                  rules, error);
      if (m->performance == NULL)
        return FALSE;
      /* An incomplete period is compared with nothing. */
      if (self->incomplete)
        continue;
      m->previous_performance = vigil_performance_compute (store, m->name, self->previous_from,
                                                           self->from, NULL, rules, error);
      if (m->previous_performance == NULL)
        return FALSE;
    }
  return TRUE;
}

/* Findings --------------------------------------------------------------------------------- */

static int
compare_findings (gconstpointer a,
                  gconstpointer b)
{
  const VigilReportFinding *fa = a, *fb = b;

  return g_strcmp0 (fa->subject, fb->subject);
}

GArray *
vigil_report_dup_findings (VigilReport *self,
                           const char  *model,
                           VigilCheck   check,
                           guint       *out_alerts,
                           guint       *out_acknowledged)
{
  GArray *findings = g_array_new (FALSE, TRUE, sizeof (VigilReportFinding));
  const char *name = vigil_check_to_string (check);
  guint alerts = 0, acknowledged = 0;

  for (guint i = 0; i < self->alerts->len; i++)
    {
      const VigilReportAlert *a = &g_array_index (self->alerts, VigilReportAlert, i);
      VigilReportFinding *f = NULL;

      if (g_strcmp0 (a->model_name, model) != 0 || g_strcmp0 (a->alert_type, name) != 0)
        continue;
      for (guint k = 0; k < findings->len && f == NULL; k++)
        if (g_strcmp0 (g_array_index (findings, VigilReportFinding, k).subject,
                       a->subject) == 0)
          f = &g_array_index (findings, VigilReportFinding, k);
      if (f == NULL)
        {
          VigilReportFinding added = { a->subject, 0, 0, a->window_start, a->window_end };

          g_array_append_val (findings, added);
          f = &g_array_index (findings, VigilReportFinding, findings->len - 1);
        }
      f->alerts++;
      alerts++;
      if (a->acknowledged)
        {
          f->acknowledged++;
          acknowledged++;
        }
      if (g_strcmp0 (a->window_start, f->first_window) < 0)
        f->first_window = a->window_start;
      if (g_strcmp0 (a->window_end, f->last_window) > 0)
        f->last_window = a->window_end;
    }
  g_array_sort (findings, compare_findings);
  if (out_alerts)
    *out_alerts = alerts;
  if (out_acknowledged)
    *out_acknowledged = acknowledged;
  return findings;
}
