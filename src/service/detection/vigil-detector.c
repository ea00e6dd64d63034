/* vigil-detector.c: the anomaly checks over a model's decision stream
 *
 * The prototype notebook's four checks, with its thresholds as the default policy, feature
 * drift and data quality. Windows, as DESIGN.md defines them: recent = [as_of - window, as_of),
 * baseline = [as_of - window - baseline, as_of - window). Everything is counted in one pass over
 * the covering index (model, time, prediction, confidence, ticker); feature drift and data
 * quality read the rows' input_features in two passes, keeping at most a fixed sample of the
 * baseline or counts per feature. Memory stays the same whatever the size of the table.
 *
 * Each alert carries its evidence, and a p-value from the test that matches it: two proportions
 * for shares (data quality's included), Welch's t for mean confidence, two Poisson rates for
 * volume, and the chi-square approximation of PSI for feature drift.
 *
 * A model whose policy sets segment_by is then checked again per value of that context field
 * with enough decisions (its segments), each segment's checks corrected for their number
 * (Bonferroni), and their alerts named and flagged by segment.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-detector"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vigil-alert-private.h"
#include "vigil-detector.h"
#include "vigil-check-run-private.h"
#include "vigil-detector-checks.h"
#include "vigil-json.h"
#include "vigil-json-parser.h"
#include "vigil-ledger.h"
#include "vigil-stats.h"
#include "vigil-store-private.h"
#include "vigil-timestamp.h"

#define DAY_USEC           ((double) G_TIME_SPAN_DAY)
#define DETECTOR_ACTOR     "vigil-detector"

struct _VigilDetector
{
  GObject      parent_instance;
  VigilStore  *store;
  VigilPolicy *policy;
  gboolean     dry_run;
  guint        check_mask;
};

G_DEFINE_FINAL_TYPE (VigilDetector, vigil_detector, G_TYPE_OBJECT)

static void
vigil_detector_finalize (GObject *object)
{
  VigilDetector *self = (VigilDetector *) object;

  g_clear_object (&self->store);
  g_clear_object (&self->policy);

  G_OBJECT_CLASS (vigil_detector_parent_class)->finalize (object);
}

static void
vigil_detector_class_init (VigilDetectorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_detector_finalize;
}

static void
vigil_detector_init (VigilDetector *self)
{
  self->check_mask = G_MAXUINT;
}

/**
 * vigil_detector_new:
 * @policy: (nullable): the policy; the notebook's when %NULL
 */
VigilDetector *
vigil_detector_new (VigilStore  *store,
                    VigilPolicy *policy)
{
  VigilDetector *self;

  g_return_val_if_fail (VIGIL_IS_STORE (store), NULL);

  self = g_object_new (VIGIL_TYPE_DETECTOR, NULL);
  self->store = g_object_ref (store);
  self->policy = policy ? g_object_ref (policy) : vigil_policy_new ();
  return self;
}

/**
 * vigil_detector_set_dry_run:
 *
 * With @dry_run, checks are evaluated and reported but nothing is stored.
 */
void
vigil_detector_set_dry_run (VigilDetector *self,
                            gboolean       dry_run)
{
  self->dry_run = dry_run;
}

/**
 * vigil_detector_set_checks:
 * @check_mask: bits 1 << VigilCheck of the checks to run (the policy still decides which of
 *   them are enabled)
 */
void
vigil_detector_set_checks (VigilDetector *self,
                           guint          check_mask)
{
  self->check_mask = check_mask;
}

/* VigilCheckRun ------------------------------------------------------------------------------- */

/* Storing ---------------------------------------------------------------------------------- */

static gboolean
flag_decisions (VigilDetector     *self,
                VigilCheckResult  *r,
                VigilAlert        *alert,
                GError           **error)
{
  VigilSql *db = vigil_store_get_sql (self->store);
  g_autoptr(VigilSqlStmt) stmt = NULL;
  g_autoptr(GString) details = g_string_new ("{\"decisions\":");
  g_autoptr(GString) sql = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *target = NULL;
  g_autofree char *full_subject = vigil_check_result_dup_full_subject (r);
  VigilCheck check = vigil_check_result_get_check (r);
  VigilCheckSubject subject = vigil_check_get_info (check)->subject;
  const char *segment_column = vigil_segment_field (vigil_check_result_get_segment_by (r));
  const char *subject_column = NULL;
  char last_hash[65];
  gint64 n, last_id;

  /* The decisions the alert is about: the category or entity concerned, else the window; of
   * the segment, when the alert is one segment's. Column names are constants. */
  if (subject == VIGIL_CHECK_SUBJECT_PREDICTION)
    subject_column = "prediction";
  else if (subject == VIGIL_CHECK_SUBJECT_TICKER)
    subject_column = "ticker";
  sql = g_string_new ("UPDATE decisions SET anomaly_flag = 1, anomaly_reason = CASE WHEN "
                      "anomaly_reason IS NULL THEN ?4 ELSE anomaly_reason || '; ' || ?4 END "
                      "WHERE model_name = ?1 AND timestamp >= ?2 AND timestamp < ?3");
  if (subject_column != NULL)
    g_string_append_printf (sql, " AND %s = ?5", subject_column);
  if (segment_column != NULL)
    g_string_append_printf (sql, " AND %s = ?6", segment_column);

  reason = g_strdup_printf ("alert %" PRId64 ": %s%s%s", vigil_alert_get_id (alert),
                            vigil_check_to_string (check), full_subject ? " " : "",
                            full_subject ? full_subject : "");
  if (vigil_sql_prepare (db, sql->str, &stmt) != VIGIL_SQL_OK)
    goto fail;
  vigil_sql_bind_text (stmt, 1, vigil_check_result_get_model_name (r), -1);
  vigil_sql_bind_text (stmt, 2, vigil_check_result_get_window_start (r), -1);
  vigil_sql_bind_text (stmt, 3, vigil_check_result_get_window_end (r), -1);
  vigil_sql_bind_text (stmt, 4, reason, -1);
  if (subject_column != NULL)
    vigil_sql_bind_text (stmt, 5, vigil_check_result_get_subject (r), -1);
  if (segment_column != NULL)
    vigil_sql_bind_text (stmt, 6, vigil_check_result_get_segment (r), -1);
  if (vigil_sql_step (stmt) != VIGIL_SQL_DONE)
    goto fail;
  n = vigil_sql_changes (db);
  if (!vigil_ledger_read_head (db, VIGIL_CHAIN_DECISIONS, &last_id, last_hash, error))
    return FALSE;

  /* The exact rule, so that verification can tell which decisions this event flagged:
   * those of the model in [from, to), of the subject when the check has one and of the
   * segment when the alert has one, up to last_id (decisions logged later into the window
   * were not flagged). */
  g_string_append_printf (details, "%" PRId64 ",\"reason\":", n);
  vigil_json_write_string (details, reason);
  g_string_append (details, ",\"rule\":{\"model_name\":");
  vigil_json_write_string (details, vigil_check_result_get_model_name (r));
  g_string_append (details, ",\"from\":");
  vigil_json_write_string (details, vigil_check_result_get_window_start (r));
  g_string_append (details, ",\"to\":");
  vigil_json_write_string (details, vigil_check_result_get_window_end (r));
  if (subject_column != NULL)
    {
      g_string_append_printf (details, ",\"%s\":", subject_column);
      vigil_json_write_string (details, vigil_check_result_get_subject (r));
    }
  if (segment_column != NULL)
    {
      g_string_append_printf (details, ",\"%s\":", segment_column);
      vigil_json_write_string (details, vigil_check_result_get_segment (r));
    }
  g_string_append_printf (details, ",\"last_id\":%" PRId64 "}}", last_id);
  target = g_strdup_printf ("alert:%" PRId64, vigil_alert_get_id (alert));
  return vigil_store_append_event (self->store, DETECTOR_ACTOR, "flag", target, details->str,
                                   error);

fail:
  vigil_store_set_sql_error (self->store, error, _("Could not flag the decisions"));
  return FALSE;
}

static gboolean
store_result (VigilDetector     *self,
              VigilCheckResult  *r,
              const char        *run_at,
              GError           **error)
{
  VigilSql *db = vigil_store_get_sql (self->store);
  g_autoptr(VigilSqlStmt) stmt = NULL;
  VigilAlert *alert = vigil_check_result_get_alert (r);
  g_autofree char *subject = vigil_check_result_dup_full_subject (r);

  if (vigil_sql_prepare (db,
                         "INSERT INTO check_results (run_at, as_of, model_name, check_type, "
                         "subject, outcome, window_start, window_end, baseline_start, observed, "
                         "baseline, threshold, n_recent, n_baseline, p_value, alert_id, message) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         &stmt) != VIGIL_SQL_OK)
    goto fail;
  vigil_sql_bind_text (stmt, 1, run_at, -1);
  vigil_sql_bind_text (stmt, 2, vigil_check_result_get_as_of (r), -1);
  vigil_sql_bind_text (stmt, 3, vigil_check_result_get_model_name (r), -1);
  vigil_sql_bind_text (stmt, 4, vigil_check_to_string (vigil_check_result_get_check (r)), -1);
  if (subject != NULL)
    vigil_sql_bind_text (stmt, 5, subject, -1);
  vigil_sql_bind_text (stmt, 6, vigil_check_outcome_to_string (vigil_check_result_get_outcome (r)),
                       -1);
  vigil_sql_bind_text (stmt, 7, vigil_check_result_get_window_start (r), -1);
  vigil_sql_bind_text (stmt, 8, vigil_check_result_get_window_end (r), -1);
  vigil_sql_bind_text (stmt, 9, vigil_check_result_get_baseline_start (r), -1);
  vigil_store_bind_real_or_null (stmt, 10, vigil_check_result_get_observed (r));
  vigil_store_bind_real_or_null (stmt, 11, vigil_check_result_get_baseline (r));
  vigil_store_bind_real_or_null (stmt, 12, vigil_check_result_get_threshold (r));
  if (vigil_check_result_get_n_recent (r) >= 0)
    vigil_sql_bind_int64 (stmt, 13, vigil_check_result_get_n_recent (r));
  if (vigil_check_result_get_n_baseline (r) >= 0)
    vigil_sql_bind_int64 (stmt, 14, vigil_check_result_get_n_baseline (r));
  vigil_store_bind_real_or_null (stmt, 15, vigil_check_result_get_p_value (r));
  if (alert)
    vigil_sql_bind_int64 (stmt, 16, vigil_alert_get_id (alert));
  vigil_sql_bind_text (stmt, 17, vigil_check_result_get_message (r), -1);
  if (vigil_sql_step (stmt) != VIGIL_SQL_DONE)
    goto fail;
  return TRUE;

fail:
  vigil_store_set_sql_error (self->store, error, _("Could not record the checks"));
  return FALSE;
}

/* Turns alerted results into alerts; stores alerts, flags, outcomes and an event at once. */
static gboolean
commit_results (VigilDetector  *self,
                VigilCheckRun     *ev,
                GError        **error)
{
  char run_at[VIGIL_TIMESTAMP_LEN];
  g_autoptr(GString) details = g_string_new ("{\"as_of\":");
  g_autofree char *target = g_strdup_printf ("model:%s", ev->model);
  guint n_alerts = 0, n_new = 0;
  gint64 first_new = 0, last_new = 0;

  for (guint i = 0; i < ev->results->len; i++)
    {
      VigilCheckResult *r = ev->results->pdata[i];
      g_autoptr(VigilAlert) alert = NULL;
      g_autofree char *subject = NULL;

      if (vigil_check_result_get_outcome (r) != VIGIL_OUTCOME_ALERTED)
        continue;
      subject = vigil_check_result_dup_full_subject (r);
      alert = vigil_alert_new (vigil_check_to_string (vigil_check_result_get_check (r)),
                               vigil_check_result_get_severity (r), ev->model,
                               vigil_check_result_get_message (r));
      vigil_alert_set_timestamp (alert, ev->as_of);
      vigil_alert_set_subject (alert, subject);
      vigil_alert_set_windows (alert, ev->baseline_start, ev->window_start, ev->as_of);
      vigil_alert_set_evidence (alert, vigil_check_result_get_observed (r),
                                vigil_check_result_get_baseline (r),
                                vigil_check_result_get_threshold (r),
                                vigil_check_result_get_n_recent (r),
                                vigil_check_result_get_n_baseline (r),
                                vigil_check_result_get_p_value (r));
      if (self->dry_run)
        {
          gboolean stored = FALSE;

          /* What a real run would find: new, or stored by an earlier run */
          if (!vigil_store_alert_is_stored (self->store, alert, &stored, error))
            return FALSE;
          vigil_check_result_set_alert (r, alert, !stored);
        }
      else
        vigil_check_result_set_alert (r, alert, FALSE);
    }

  if (self->dry_run)
    return TRUE;

  if (!vigil_store_begin_write (self->store, error))
    return FALSE;

  vigil_timestamp_now (run_at);
  for (guint i = 0; i < ev->results->len; i++)
    {
      VigilCheckResult *r = ev->results->pdata[i];
      VigilAlert *alert = vigil_check_result_get_alert (r);
      gboolean inserted = FALSE;

      if (alert != NULL)
        {
          /* The alert's timestamp is the end of its window (as of); when it was raised is
           * this run, which a backtest holds weeks after the window it describes. */
          vigil_alert_set_raised_at (alert, run_at);
          if (!vigil_store_insert_alert (self->store, alert, &inserted, error))
            goto fail;
          vigil_check_result_set_alert (r, alert, inserted);
          n_alerts++;
          if (inserted)
            {
              n_new++;
              if (first_new == 0)
                first_new = vigil_alert_get_id (alert);
              last_new = vigil_alert_get_id (alert);
              if (!flag_decisions (self, r, alert, error))
                goto fail;
            }
        }
      if (!store_result (self, r, run_at, error))
        goto fail;
    }

  vigil_json_write_string (details, ev->as_of);
  g_string_append_printf (details, ",\"checks\":%u,\"alerts\":%u,\"new_alerts\":%u",
                          ev->results->len, n_alerts, n_new);
  /* The alerts this run added (their ids follow each other: one transaction) were raised at
   * run_at; their raised_at column is a cache of it. */
  if (n_new > 0)
    {
      g_string_append (details, ",\"raised_at\":");
      vigil_json_write_string (details, run_at);
      g_string_append_printf (details, ",\"first_alert_id\":%" PRId64 ",\"last_alert_id\":%"
                              PRId64, first_new, last_new);
    }
  g_string_append_c (details, '}');
  if (!vigil_store_append_event (self->store, DETECTOR_ACTOR, "detect", target, details->str,
                                 error))
    goto fail;
  return vigil_store_commit (self->store, error);

fail:
  vigil_store_rollback (self->store);
  return FALSE;
}

static gboolean
count_windows (VigilDetector  *self,
               VigilCheckRun  *ev,
               GCancellable   *cancellable,
               GError        **error)
{
  return vigil_check_window_count (&ev->recent, self->store, ev->model, ev->segment_by,
                                   ev->segment, ev->window_start, ev->as_of, NULL, cancellable,
                                   error) &&
         vigil_check_window_count (&ev->baseline, self->store, ev->model, ev->segment_by,
                                   ev->segment, ev->baseline_start, ev->window_start,
                                   &ev->baseline_all, cancellable, error);
}

/* Segments ---------------------------------------------------------------------------------- */

typedef struct
{
  char   *value;
  gint64  n_recent;
  gint64  n_baseline;
} Segment;

static void
segment_free (gpointer data)
{
  Segment *segment = data;

  g_free (segment->value);
  g_free (segment);
}

/* The values of the policy's segment field with at least its minimum of decisions both in the
 * recent window and in the baseline (without flagged ones, as the checks count it), the
 * largest first, at most VIGIL_POLICY_MAX_SEGMENTS of them. */
static GPtrArray *
find_segments (VigilDetector  *self,
               VigilCheckRun  *ev,
               GCancellable   *cancellable,
               GError        **error)
{
  g_autoptr(GPtrArray) segments = g_ptr_array_new_with_free_func (segment_free);
  g_autoptr(VigilSqlStmt) stmt = NULL;
  const char *column = vigil_segment_field (ev->policy->segment_by);
  gint64 min_size = vigil_model_policy_get_min_segment_size (ev->policy);
  g_autofree char *sql = NULL;
  int rc;

  /* The column's name is the fixed table's, never the policy's text */
  sql = g_strdup_printf ("SELECT %s, sum(CASE WHEN timestamp >= ?3 THEN 1 ELSE 0 END), "
                         "sum(CASE WHEN timestamp < ?3 AND anomaly_flag = 0 THEN 1 ELSE 0 END) "
                         "FROM decisions WHERE model_name = ?1 AND timestamp >= ?2 AND "
                         "timestamp < ?4 AND %s IS NOT NULL GROUP BY %s "
                         "ORDER BY 2 DESC, 1", column, column, column);
  if (vigil_sql_prepare (vigil_store_get_sql (self->store), sql, &stmt) != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (self->store, error, _("Could not read the segments"));
      return NULL;
    }
  vigil_sql_bind_text (stmt, 1, ev->model, -1);
  vigil_sql_bind_text (stmt, 2, ev->baseline_start, -1);
  vigil_sql_bind_text (stmt, 3, ev->window_start, -1);
  vigil_sql_bind_text (stmt, 4, ev->as_of, -1);
  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      Segment *segment;

      if (vigil_sql_column_int64 (stmt, 1) < min_size ||
          vigil_sql_column_int64 (stmt, 2) < min_size ||
          segments->len >= VIGIL_POLICY_MAX_SEGMENTS)
        continue;
      segment = g_new0 (Segment, 1);
      segment->value = g_strdup (vigil_sql_column_text (stmt, 0));
      segment->n_recent = vigil_sql_column_int64 (stmt, 1);
      segment->n_baseline = vigil_sql_column_int64 (stmt, 2);
      g_ptr_array_add (segments, segment);
    }
  if (rc != VIGIL_SQL_DONE)
    {
      vigil_store_set_sql_error (self->store, error, _("Could not read the segments"));
      return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  return g_steal_pointer (&segments);
}

static gboolean
check_has_confidence (VigilCheck check)
{
  const VigilCheckInfo *info = vigil_check_get_info (check);

  for (guint k = 0; k < VIGIL_CHECK_MAX_KEYS && info->keys[k].key != NULL; k++)
    if (info->keys[k].field == VIGIL_CHECK_FIELD_CONFIDENCE)
      return TRUE;
  return FALSE;
}

/* How many subjects a check of @seg compared, each one more chance of a false alarm: every
 * category seen in either window, or every entity of the recent window */
static guint
segment_subjects (VigilCheckRun *seg,
                  VigilCheck     check)
{
  GHashTableIter iter;
  const char *key;
  guint n;

  switch (vigil_check_get_info (check)->subject)
    {
    case VIGIL_CHECK_SUBJECT_PREDICTION:
      n = g_hash_table_size (seg->recent.predictions);
      g_hash_table_iter_init (&iter, seg->baseline.predictions);
      while (g_hash_table_iter_next (&iter, (gpointer *) &key, NULL))
        n += !g_hash_table_contains (seg->recent.predictions, key);
      return MAX (n, 1);
    case VIGIL_CHECK_SUBJECT_TICKER:
      return MAX (g_hash_table_size (seg->recent.tickers), 1);
    case VIGIL_CHECK_SUBJECT_WINDOW:
    default:
      return 1;
    }
}

/* A segment's results: named after their segment; an alert of a check that compares with a
 * threshold and no confidence of its own stands only when its test is significant at the
 * segment's share of the false-alarm rate, divided again among the subjects the check
 * compared, so that more segments do not mean more false alarms. (A check with a confidence
 * had it corrected in the segment's policy, and corrects for its own subjects.) */
static void
settle_segment_results (VigilCheckRun *seg,
                        guint          first,
                        guint          n_segments)
{
  for (guint i = first; i < seg->results->len; i++)
    {
      VigilCheckResult *r = seg->results->pdata[i];
      VigilCheck check = vigil_check_result_get_check (r);
      VigilCheckOutcome outcome = vigil_check_result_get_outcome (r);
      double p = vigil_check_result_get_p_value (r);
      double alpha = seg->segment_alpha / segment_subjects (seg, check);
      g_autofree char *message = NULL;
      g_autofree char *subject = NULL;

      vigil_check_result_set_segment (r, seg->segment_by, seg->segment);
      if (outcome == VIGIL_OUTCOME_ALERTED)
        {
          if (check_has_confidence (check) || (!isnan (p) && p < alpha))
            continue;
          if (isnan (p))
            message = g_strdup_printf (_("%s; no test tells a segment’s chance variation from "
                                         "a change, so it is not alerted on"),
                                       vigil_check_result_get_message (r));
          else
            message = g_strdup_printf (_("%s; not significant once corrected for %u segments "
                                         "(p = %.2g, needs under %.2g)"),
                                       vigil_check_result_get_message (r), n_segments, p,
                                       alpha);
          outcome = VIGIL_OUTCOME_CLEAR;
        }
      else
        message = g_strdup_printf (_("%s “%s”: %s"), seg->segment_by, seg->segment,
                                   vigil_check_result_get_message (r));
      subject = g_strdup (vigil_check_result_get_subject (r));
      vigil_check_result_set_outcome (r, outcome, subject, message);
    }
}

/* Runs the checks again on each segment of the model's decisions that the policy asks for,
 * adding their results to @ev's. */
static gboolean
evaluate_segments (VigilDetector  *self,
                   VigilCheckRun  *ev,
                   GCancellable   *cancellable,
                   GError        **error)
{
  g_autoptr(GPtrArray) segments = NULL;
  VigilModelPolicy policy;
  const char *segment_by = vigil_segment_field (ev->policy->segment_by);

  if (segment_by == NULL)
    return TRUE;
  segments = find_segments (self, ev, cancellable, error);
  if (segments == NULL)
    return FALSE;
  if (segments->len == 0)
    return TRUE;

  /* Bonferroni: each of n segments gets 1/n of the false-alarm rate a check allows */
  policy = *ev->policy;
  policy.min_samples = vigil_model_policy_get_min_segment_size (ev->policy);
  for (guint c = 0; c < vigil_checks_get_n (); c++)
    policy.checks[c].confidence =
      1.0 - (1.0 - ev->policy->checks[c].confidence) / (double) segments->len;

  for (guint i = 0; i < segments->len; i++)
    {
      Segment *segment = segments->pdata[i];
      VigilCheckRun seg = *ev;
      guint first = ev->results->len;
      gboolean ok = TRUE;

      seg.policy = &policy;
      seg.segment_by = segment_by;
      seg.segment = segment->value;
      seg.segment_alpha = (1.0 - ev->policy->segment_confidence) / (double) segments->len;
      seg.title = g_strdup_printf ("'%s' in %s '%s'", ev->model, segment_by, segment->value);
      vigil_check_window_init (&seg.recent);
      vigil_check_window_init (&seg.baseline);
      seg.baseline_all = 0;

      ok = count_windows (self, &seg, cancellable, error);
      for (guint c = 0; ok && c < vigil_checks_get_n (); c++)
        {
          /* One entity's share of its own decisions says nothing */
          if (vigil_check_get_info ((VigilCheck) c)->subject == VIGIL_CHECK_SUBJECT_TICKER &&
              g_str_equal (segment_by, "ticker"))
            continue;
          if ((self->check_mask & (1u << c)) && policy.checks[c].enabled)
            ok = vigil_check_get_info ((VigilCheck) c)->run (&seg, (VigilCheck) c, cancellable,
                                                              error);
        }
      if (ok)
        settle_segment_results (&seg, first, segments->len);
      vigil_check_window_clear (&seg.recent);
      vigil_check_window_clear (&seg.baseline);
      g_free (seg.title);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

static gint64
first_decision_day (VigilDetector *self,
                    const char    *model)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  gint64 usec = G_MAXINT64;

  if (vigil_sql_prepare (vigil_store_get_sql (self->store),
                         "SELECT first_timestamp FROM models WHERE name = ?",
                         &stmt) == VIGIL_SQL_OK)
    {
      vigil_sql_bind_text (stmt, 1, model, -1);
      if (vigil_sql_step (stmt) == VIGIL_SQL_ROW &&
          vigil_timestamp_parse (vigil_sql_column_text (stmt, 0), &usec, NULL))
        usec = vigil_timestamp_floor_day (usec);
    }
  return usec;
}

static gboolean
evaluate (VigilDetector  *self,
          const char     *model,
          gint64          as_of,
          GPtrArray      *out,
          GCancellable   *cancellable,
          GError        **error)
{
  VigilCheckRun ev = { 0 };
  gint64 window_start, baseline_start, first_day;
  gboolean ok = FALSE;

  ev.store = self->store;
  ev.model = model;
  ev.title = g_strdup_printf ("'%s'", model);
  ev.policy = vigil_policy_for_model (self->policy, model);
  ev.results = g_ptr_array_new_with_free_func (g_object_unref);
  window_start = as_of - (gint64) (ev.policy->window_days * DAY_USEC);
  baseline_start = window_start - (gint64) (ev.policy->baseline_days * DAY_USEC);
  ev.as_of_usec = as_of;
  vigil_timestamp_format (as_of, ev.as_of);
  vigil_timestamp_format (window_start, ev.window_start);
  vigil_timestamp_format (baseline_start, ev.baseline_start);

  /* The baseline's daily average counts only days on which the model was logging. */
  first_day = first_decision_day (self, model);
  ev.baseline_exposure_days = (double) (window_start - MAX (baseline_start, first_day)) / DAY_USEC;

  /* The baseline is normal behaviour: decisions already flagged by an alert stay out of it,
   * or one incident would raise echoes on the days after it. Volume counts every decision. */
  vigil_check_window_init (&ev.recent);
  vigil_check_window_init (&ev.baseline);
  if (!count_windows (self, &ev, cancellable, error))
    goto out;

  for (guint c = 0; c < vigil_checks_get_n (); c++)
    if ((self->check_mask & (1u << c)) && ev.policy->checks[c].enabled &&
        !vigil_check_get_info ((VigilCheck) c)->run (&ev, (VigilCheck) c, cancellable, error))
      goto out;
  if (!evaluate_segments (self, &ev, cancellable, error))
    goto out;

  if (!commit_results (self, &ev, error))
    goto out;

  for (guint i = 0; i < ev.results->len; i++)
    g_ptr_array_add (out, g_object_ref (ev.results->pdata[i]));
  ok = TRUE;

out:
  vigil_check_window_clear (&ev.recent);
  vigil_check_window_clear (&ev.baseline);
  vigil_check_run_clear_inputs (&ev);
  g_ptr_array_unref (ev.results);
  g_free (ev.title);
  return ok;
}

static GPtrArray *
model_names (VigilDetector  *self,
             const char     *model_name,
             GError        **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GListModel) models = NULL;

  if (model_name != NULL)
    {
      g_ptr_array_add (names, g_strdup (model_name));
      return g_steal_pointer (&names);
    }
  models = vigil_store_list_models (self->store, error);
  if (models == NULL)
    return NULL;
  for (guint i = 0; i < g_list_model_get_n_items (models); i++)
    {
      g_autoptr(VigilModelInfo) info = g_list_model_get_item (models, i);
      g_ptr_array_add (names, g_strdup (vigil_model_info_get_name (info)));
    }
  return g_steal_pointer (&names);
}

/**
 * vigil_detector_run:
 * @model_name: (nullable): one model, or %NULL for every model in the database
 * @as_of: (nullable): the end of the recent window, any ISO 8601 form; now when %NULL
 *
 * Evaluates the policy's checks. Unless this is a dry run, alerts are stored (once: the same
 * alert for the same window is never stored twice), the decisions of each new alert's window
 * are flagged, and every check's outcome is recorded.
 *
 * Returns: (transfer full) (element-type VigilCheckResult): every check's outcome
 */
GPtrArray *
vigil_detector_run (VigilDetector  *self,
                    const char     *model_name,
                    const char     *as_of,
                    GCancellable   *cancellable,
                    GError        **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) names = NULL;
  gint64 when;

  g_return_val_if_fail (VIGIL_IS_DETECTOR (self), NULL);

  if (as_of == NULL)
    when = g_get_real_time ();
  else
    {
      char normalized[VIGIL_TIMESTAMP_LEN];

      if (!vigil_timestamp_normalize (as_of, normalized, error))
        return NULL;
      vigil_timestamp_parse (normalized, &when, NULL);
    }

  names = model_names (self, model_name, error);
  if (names == NULL)
    return NULL;
  for (guint i = 0; i < names->len; i++)
    if (!evaluate (self, names->pdata[i], when, results, cancellable, error))
      return NULL;
  return g_steal_pointer (&results);
}

/**
 * vigil_detector_backtest:
 * @from: the first day evaluated as a recent window (a date; its midnight, UTC)
 * @to: the end of the range (excluded)
 *
 * Evaluates the checks as of every day boundary after @from up to @to, so that each day in
 * [from, to) is once the recent window: an incident is found on the day it happened.
 *
 * Returns: (transfer full) (element-type VigilCheckResult): every outcome, day by day
 */
GPtrArray *
vigil_detector_backtest (VigilDetector          *self,
                         const char             *model_name,
                         const char             *from,
                         const char             *to,
                         GCancellable           *cancellable,
                         VigilDetectorProgress   progress,
                         gpointer                progress_data,
                         GError                **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) names = NULL;
  gint64 start, end;
  guint total, done = 0;

  g_return_val_if_fail (VIGIL_IS_DETECTOR (self), NULL);

  if (!vigil_timestamp_parse (from, &start, NULL) || !vigil_timestamp_parse (to, &end, NULL))
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("A backtest needs a range of dates, like 2026-11-01 to 2026-11-08"));
      return NULL;
    }
  if (end <= start)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("The backtest range ends (%s) before it starts (%s)"), to, from);
      return NULL;
    }

  names = model_names (self, model_name, error);
  if (names == NULL)
    return NULL;

  total = names->len * (guint) ((end - start + G_TIME_SPAN_DAY - 1) / G_TIME_SPAN_DAY);
  /* as_of is each midnight whose preceding day starts before @to */
  for (gint64 day = start + G_TIME_SPAN_DAY; day - G_TIME_SPAN_DAY < end; day += G_TIME_SPAN_DAY)
    for (guint i = 0; i < names->len; i++)
      {
        if (g_cancellable_set_error_if_cancelled (cancellable, error))
          return NULL;
        if (!evaluate (self, names->pdata[i], day, results, cancellable, error))
          return NULL;
        if (progress)
          progress (++done, total, progress_data);
      }
  return g_steal_pointer (&results);
}
