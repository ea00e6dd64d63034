/* vigil-check-run.c: one check's view of a run of the detector: the model, its policy, the
 * windows' counts, and the results it adds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-detector"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "vigil-check-run-private.h"
#include "vigil-input-rollup.h"
#include "vigil-store-private.h"

gint64
vigil_tally_get (GHashTable *table,
                 const char *key)
{
  VigilTally *t = key ? g_hash_table_lookup (table, key) : NULL;

  return t ? t->count : 0;
}

double
vigil_check_window_mean (const VigilCheckWindow *w)
{
  return w->n_confidence > 0 ? w->sum_confidence / (double) w->n_confidence : NAN;
}

double
vigil_check_window_variance (const VigilCheckWindow *w)
{
  double n = (double) w->n_confidence;

  if (w->n_confidence < 2)
    return NAN;
  return MAX (0.0, (w->sumsq_confidence - w->sum_confidence * w->sum_confidence / n) / (n - 1));
}

static VigilCheckResult *
new_result_in (VigilCheckRun *ev,
               VigilCheck     check,
               const char    *baseline_start,
               const char    *window_start,
               const char    *window_end)
{
  VigilCheckResult *r = vigil_check_result_new (ev->model, check, ev->as_of, baseline_start,
                                                window_start, window_end);

  vigil_check_result_set_severity (r, ev->policy->checks[check].severity);
  g_ptr_array_add (ev->results, r);
  return r;
}

static VigilCheckResult *
new_result (VigilCheckRun *ev,
            VigilCheck     check)
{
  return new_result_in (ev, check, ev->baseline_start, ev->window_start, ev->as_of);
}

static void
insufficient (VigilCheckRun *ev,
              VigilCheck     check,
              gint64         n_recent,
              gint64         n_baseline,
              const char    *what)
{
  VigilCheckResult *r = new_result (ev, check);
  g_autofree char *message =
    g_strdup_printf (_("insufficient data: %" PRId64 " recent and %" PRId64 " baseline %s "
                       "(at least %" PRId64 " each)"),
                     n_recent, n_baseline, what, ev->policy->min_samples);

  vigil_check_result_set_outcome (r, VIGIL_OUTCOME_INSUFFICIENT_DATA, NULL, message);
  vigil_check_result_set_evidence (r, NAN, NAN, NAN, n_recent, n_baseline, NAN);
}

/* Whether both windows hold the policy's minimum of what was counted */
gboolean
vigil_check_run_has_enough (VigilCheckRun *ev,
                            gint64         n_recent,
                            gint64         n_baseline)
{
  return n_recent >= ev->policy->min_samples && n_baseline >= ev->policy->min_samples;
}

/**
 * vigil_check_run_get_model:
 *
 * Returns: (transfer none): the model whose decisions @run checks
 */
const char *
vigil_check_run_get_model (VigilCheckRun *run)
{
  return run->model;
}

/**
 * vigil_check_run_get_policy:
 *
 * Returns: (transfer none): the policy of @check for the model
 */
const VigilCheckPolicy *
vigil_check_run_get_policy (VigilCheckRun *run,
                            VigilCheck     check)
{
  return &run->policy->checks[check];
}

/**
 * vigil_check_run_get_counts:
 * @n_recent: (out) (optional): decisions in the recent window
 * @n_baseline: (out) (optional): decisions in the baseline, without those already flagged
 * @min_samples: (out) (optional): the fewest decisions in either window that are checked
 */
void
vigil_check_run_get_counts (VigilCheckRun *run,
                            gint64        *n_recent,
                            gint64        *n_baseline,
                            gint64        *min_samples)
{
  if (n_recent)
    *n_recent = run->recent.n;
  if (n_baseline)
    *n_baseline = run->baseline.n;
  if (min_samples)
    *min_samples = run->policy->min_samples;
}

/**
 * vigil_check_run_add_result:
 *
 * Returns: (transfer none): a new result of @check over @run's windows, with the policy's
 *   severity, for the check to fill in
 */
VigilCheckResult *
vigil_check_run_add_result (VigilCheckRun *run,
                            VigilCheck     check)
{
  return new_result (run, check);
}

/**
 * vigil_check_run_add_insufficient:
 * @what: (translatable): what was counted, "decisions"
 *
 * Adds the result of @check when either window has fewer than the policy's minimum of @what.
 */
void
vigil_check_run_add_insufficient (VigilCheckRun *run,
                                  VigilCheck     check,
                                  gint64         n_recent,
                                  gint64         n_baseline,
                                  const char    *what)
{
  insufficient (run, check, n_recent, n_baseline, what);
}

/**
 * vigil_check_run_add_result_in:
 * @baseline_start: where the check's baseline started
 * @window_start: where its recent window started (where the baseline ended)
 * @window_end: where its recent window ended
 *
 * As vigil_check_run_add_result(), for a check that looks at windows of its own: one that
 * waits for outcomes looks at decisions old enough to have them.
 *
 * Returns: (transfer none): the new result
 */
VigilCheckResult *
vigil_check_run_add_result_in (VigilCheckRun *run,
                               VigilCheck     check,
                               const char    *baseline_start,
                               const char    *window_start,
                               const char    *window_end)
{
  return new_result_in (run, check, baseline_start, window_start, window_end);
}

/* @sql, a query over decisions whose last clause is its WHERE, narrowed to the run's segment
 * by parameter @param when the run has one. The column's name comes from the fixed table of
 * vigil_segment_field(), never from the policy's text. */
char *
vigil_check_run_segment_sql (VigilCheckRun *run,
                             const char    *sql,
                             int            param)
{
  const char *column = vigil_segment_field (run->segment_by);

  if (column == NULL)
    return g_strdup (sql);
  return g_strdup_printf ("%s AND %s = ?%d", sql, column, param);
}

/* Binds the run's segment to the parameter that vigil_check_run_segment_sql() added */
void
vigil_check_run_bind_segment (VigilCheckRun *run,
                              VigilSqlStmt  *stmt,
                              int            param)
{
  if (vigil_segment_field (run->segment_by) != NULL)
    vigil_sql_bind_text (stmt, param, run->segment, -1);
}

/* The instant @days before @timestamp (normalized) */
void
vigil_check_run_shift (const char *timestamp,
                       guint       days,
                       char        out[VIGIL_TIMESTAMP_LEN])
{
  gint64 usec = 0;

  if (!vigil_timestamp_parse (timestamp, &usec, NULL))
    g_return_if_reached ();
  vigil_timestamp_format (usec - (gint64) days * G_TIME_SPAN_DAY, out);
}

/* For g_ptr_array_sort() of strings */
int
vigil_check_compare_keys (gconstpointer a,
                          gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Python's "{:.1%}", which the notebook's descriptions use. */
char *
vigil_check_format_percent (double share)
{
  return g_strdup_printf ("%.1f%%", share * 100.0);
}

/**
 * vigil_check_run_get_store:
 *
 * Returns: (transfer none): the store the run reads, for a check that reads more than the
 *   windows' counts
 */
VigilStore *
vigil_check_run_get_store (VigilCheckRun *run)
{
  return run->store;
}

/**
 * vigil_check_run_get_inputs:
 * @recent: the recent window's inputs, else the baseline's (without flagged decisions)
 *
 * What one window's decisions held in their inputs, from the daily roll-ups, read once per
 * run for every check on inputs.
 *
 * Returns: (transfer none) (nullable): the profile, or %NULL with @error when it could not be
 *   read or @cancellable fired
 */
VigilInputProfile *
vigil_check_run_get_inputs (VigilCheckRun  *run,
                            gboolean        recent,
                            GCancellable   *cancellable,
                            GError        **error)
{
  VigilInputProfile **slot = &run->inputs[recent ? 1 : 0];
  const char *column = vigil_segment_field (run->segment_by);
  const char *from = recent ? run->window_start : run->baseline_start;
  const char *to = recent ? run->as_of : run->window_start;
  g_autoptr(VigilInputProfile) profile = NULL;
  int rc;

  if (*slot != NULL)
    return *slot;
  profile = vigil_input_profile_new ();
  /* The roll-ups do not count segments: a segment's inputs are read from its rows */
  if (column != NULL)
    rc = vigil_input_rollup_read_rows (vigil_store_get_sql (run->store), run->model, from, to,
                                       recent ? -1 : 0, column, run->segment, profile,
                                       cancellable);
  else
    rc = vigil_input_rollup_read_window (vigil_store_get_sql (run->store), run->model, from, to,
                                         !recent, profile, cancellable);
  if (rc == VIGIL_SQL_INTERRUPT && g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (rc != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (run->store, error, _("Could not read the decisions’ inputs"));
      return NULL;
    }
  *slot = g_steal_pointer (&profile);
  return *slot;
}

void
vigil_check_run_clear_inputs (VigilCheckRun *run)
{
  g_clear_pointer (&run->inputs[0], vigil_input_profile_free);
  g_clear_pointer (&run->inputs[1], vigil_input_profile_free);
}
