/* test-dashboard.c: the dashboard's numbers against direct SQL, and the daily roll-ups behind them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "vigil-chart.h"
#include "vigil-dashboard.h"
#include "vigil-detector.h"
#include "vigil-importer.h"
#include "vigil-performance.h"
#include "vigil-simulator.h"
#include "vigil-timestamp.h"
#include "vigil-test-util.h"

/* A read-only connection of its own, for the oracle queries. */
static sqlite3 *
oracle_open (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  return db;
}

/* Runs @sql with ?1 model (or NULL: the model test is left out by "?1 IS NULL"), ?2, ?3 bound;
 * returns the first column of the first row. The oracle need not be fast, only plainly right. */
static gint64
oracle_count (sqlite3    *db,
              const char *sql,
              const char *model,
              const char *a,
              const char *b)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  if (model)
    sqlite3_bind_text (stmt, 1, model, -1, SQLITE_STATIC);
  if (a)
    sqlite3_bind_text (stmt, 2, a, -1, SQLITE_STATIC);
  if (b)
    sqlite3_bind_text (stmt, 3, b, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

#define MODEL_IS "(?1 IS NULL OR model_name = ?1)"

static VigilDashboard *
load (VigilStore *store,
      const char *model,
      const char *first_day,
      guint       n_days,
      guint       window_days,
      guint       baseline_days)
{
  g_autoptr(GError) error = NULL;
  VigilDashboard *dash = vigil_dashboard_load (store, model, first_day, n_days, window_days,
                                               baseline_days, 0.30, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (dash);
  return dash;
}

/* Every number of the dashboard of @model for the period, against SQL over the decisions and
 * alerts tables themselves. */
static VigilDashboard *
check_against_sql (Fixture    *f,
                   const char *model,
                   const char *first_day,
                   guint       n_days,
                   guint       window_days,
                   guint       baseline_days)
{
  VigilDashboard *dash = load (f->store, model, first_day, n_days, window_days, baseline_days);
  g_autoptr(VigilSummary) expected = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = oracle_open (f->path);
  sqlite3_stmt *stmt = NULL;
  gint64 total = 0, entity_total;
  guint i;

  g_assert_cmpstr (dash->model_name, ==, model);
  g_assert_cmpuint (dash->n_days, ==, n_days);
  g_assert_true (g_str_has_prefix (dash->from, first_day));
  g_assert_true (g_str_has_suffix (dash->from, "T00:00:00.000000"));

  /* The categories, most frequent first */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT prediction, count(*) AS c FROM decisions "
                                           "WHERE " MODEL_IS " AND timestamp >= ?2 AND "
                                           "timestamp < ?3 GROUP BY prediction "
                                           "ORDER BY c DESC, prediction", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  if (model)
    sqlite3_bind_text (stmt, 1, model, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, dash->from, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, dash->to, -1, SQLITE_STATIC);
  for (i = 0; sqlite3_step (stmt) == SQLITE_ROW; i++)
    {
      g_assert_cmpuint (i, <, dash->n_predictions);
      g_assert_cmpstr (dash->predictions[i], ==, (const char *) sqlite3_column_text (stmt, 0));
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (i, ==, dash->n_predictions);
  g_assert_null (dash->predictions[dash->n_predictions]);

  /* Each day, each category; days without decisions included */
  for (i = 0; i < dash->n_days; i++)
    {
      VigilDashboardDay *day = &dash->days[i];
      g_autofree char *day_from = g_strconcat (day->day, "T00:00:00.000000", NULL);
      g_autofree char *day_to = g_strconcat (day->day, "T99", NULL);
      gint64 n = oracle_count (db, "SELECT count(*) FROM decisions WHERE " MODEL_IS
                               " AND timestamp >= ?2 AND timestamp < ?3", model, day_from, day_to);

      g_assert_cmpuint (strlen (day->day), ==, 10);
      if (i > 0)
        g_assert_cmpstr (dash->days[i - 1].day, <, day->day);
      g_assert_cmpint (day->total, ==, n);
      total += n;
      for (guint p = 0; p < dash->n_predictions; p++)
        {
          g_autofree char *sql =
            g_strdup_printf ("SELECT count(*) FROM decisions WHERE " MODEL_IS " AND timestamp >= "
                             "?2 AND timestamp < ?3 AND prediction = '%s'", dash->predictions[p]);

          g_assert_cmpint (day->counts[p], ==, oracle_count (db, sql, model, day_from, day_to));
        }
      n = oracle_count (db, "SELECT count(*) FROM alerts WHERE alert_type = 'distribution_shift' "
                        "AND " MODEL_IS " AND window_start < ?3 AND window_end > ?2",
                        model, day_from, day_to);
      g_assert_cmpint (day->distribution_alert, ==, n > 0);
    }
  g_assert_cmpstr (dash->days[0].day, ==, first_day);

  /* The histograms: bin i holds [i/20, (i+1)/20), the last one 1.0 too. The recent window
   * ends with the period unless its last day has no confidence; then on the last day that has. */
  g_assert_cmpstr (dash->to, >=, dash->recent_to);
  g_assert_cmpstr (dash->recent_to, >, dash->recent_from);
  g_assert_cmpstr (dash->recent_from, >, dash->baseline_from);
  {
    gint64 after = oracle_count (db, "SELECT count(confidence) FROM decisions WHERE " MODEL_IS
                                 " AND timestamp >= ?2 AND timestamp < ?3", model,
                                 dash->recent_to, dash->to);
    gint64 in_period = oracle_count (db, "SELECT count(confidence) FROM decisions WHERE " MODEL_IS
                                     " AND timestamp >= ?2 AND timestamp < ?3", model,
                                     dash->from, dash->to);
    g_autofree char *last_day_from = g_strdup_printf ("%.10sT00:00:00.000000",
                                                      dash->days[dash->n_days - 1].day);

    g_assert_cmpint (after, ==, 0);
    g_assert_cmpint (dash->recent_moved, ==, strcmp (dash->recent_to, dash->to) != 0);
    if (dash->recent_moved)
      {
        /* The window's last day has some */
        g_autofree char *day_before = NULL;
        gint64 usec;

        g_assert_true (vigil_timestamp_parse (dash->recent_to, &usec, NULL));
        day_before = g_malloc (VIGIL_TIMESTAMP_LEN);
        vigil_timestamp_format (usec - G_TIME_SPAN_DAY, day_before);
        g_assert_cmpint (oracle_count (db, "SELECT count(confidence) FROM decisions WHERE "
                                       MODEL_IS " AND timestamp >= ?2 AND timestamp < ?3", model,
                                       day_before, dash->recent_to), >, 0);
      }
    else if (in_period > 0)
      g_assert_cmpint (oracle_count (db, "SELECT count(confidence) FROM decisions WHERE "
                                     MODEL_IS " AND timestamp >= ?2 AND timestamp < ?3", model,
                                     last_day_from, dash->to), >, 0);
  }
  g_assert_cmpuint (dash->recent_days.n_days, ==, window_days);
  g_assert_true (g_str_has_prefix (dash->recent_from, dash->recent_days.first_day));
  g_assert_cmpuint (dash->baseline_days.n_days, ==, baseline_days);
  g_assert_true (g_str_has_prefix (dash->baseline_from, dash->baseline_days.first_day));
  for (int bin = 0; bin < VIGIL_DASHBOARD_CONFIDENCE_BINS; bin++)
    {
      g_autofree char *sql =
        g_strdup_printf ("SELECT count(*) FROM decisions WHERE " MODEL_IS " AND timestamp >= ?2 "
                         "AND timestamp < ?3 AND confidence >= %d / 20.0 AND "
                         "(confidence < %d / 20.0 OR %d = 19)", bin, bin + 1, bin);

      g_assert_cmpint (dash->recent_bins[bin], ==,
                       oracle_count (db, sql, model, dash->recent_from, dash->recent_to));
      g_assert_cmpint (dash->baseline_bins[bin], ==,
                       oracle_count (db, sql, model, dash->baseline_from, dash->recent_from));
    }
  g_assert_cmpint (dash->recent_total, ==,
                   oracle_count (db, "SELECT count(confidence) FROM decisions WHERE " MODEL_IS
                                 " AND timestamp >= ?2 AND timestamp < ?3", model,
                                 dash->recent_from, dash->recent_to));
  g_assert_cmpint (dash->baseline_total, ==,
                   oracle_count (db, "SELECT count(confidence) FROM decisions WHERE " MODEL_IS
                                 " AND timestamp >= ?2 AND timestamp < ?3", model,
                                 dash->baseline_from, dash->recent_from));

  /* Concentration: the window (of window_days days ending on a day of the period) and model
   * in which the largest entity's share of the model's decisions was highest, found window
   * by window over the decisions themselves */
  entity_total = oracle_count (db, "SELECT count(ticker) FROM decisions WHERE " MODEL_IS
                               " AND timestamp >= ?2 AND timestamp < ?3", model, dash->from,
                               dash->to);
  g_assert_cmpint (dash->has_entities, ==, entity_total > 0);
  g_assert_cmpfloat (dash->concentration_threshold, ==, 0.30);
  if (entity_total > 0)
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *best_model = NULL, *best_from = NULL, *best_to = NULL;
      gint64 best_top = 0, best_total = 1, start_usec;
      guint windows_over = 0;

      g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT DISTINCT model_name FROM decisions "
                                               "WHERE " MODEL_IS " ORDER BY model_name", -1,
                                           &stmt, NULL), ==, SQLITE_OK);
      if (model)
        sqlite3_bind_text (stmt, 1, model, -1, SQLITE_STATIC);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      sqlite3_finalize (stmt);

      g_assert_true (vigil_timestamp_parse (dash->from, &start_usec, NULL));
      for (guint d = 0; d < n_days; d++)
        for (guint k = 0; k < names->len; k++)
          {
            char w_from[VIGIL_TIMESTAMP_LEN], w_to[VIGIL_TIMESTAMP_LEN];
            gint64 total_w, top_w = 0;

            vigil_timestamp_format (start_usec + ((gint64) d + 1 - window_days) * G_TIME_SPAN_DAY,
                                    w_from);
            vigil_timestamp_format (start_usec + ((gint64) d + 1) * G_TIME_SPAN_DAY, w_to);
            total_w = oracle_count (db, "SELECT count(*) FROM decisions WHERE model_name = ?1 "
                                    "AND timestamp >= ?2 AND timestamp < ?3",
                                    names->pdata[k], w_from, w_to);
            top_w = oracle_count (db, "SELECT coalesce(max(c), 0) FROM (SELECT count(*) AS c "
                                  "FROM decisions WHERE model_name = ?1 AND timestamp >= ?2 AND "
                                  "timestamp < ?3 AND ticker IS NOT NULL GROUP BY ticker)",
                                  names->pdata[k], w_from, w_to);
            if (top_w == 0)
              continue;
            windows_over += (double) top_w / total_w > 0.30;
            /* Ties go to the later window, then to the model first by name */
            if (top_w * best_total >= best_top * total_w &&
                (top_w * best_total > best_top * total_w || best_model == NULL ||
                 g_strcmp0 (w_to, best_to) > 0))
              {
                g_free (best_model);
                g_free (best_from);
                g_free (best_to);
                best_model = g_strdup (names->pdata[k]);
                best_from = g_strdup (w_from);
                best_to = g_strdup (w_to);
                best_top = top_w;
                best_total = total_w;
              }
          }

      g_assert_nonnull (best_model);
      g_assert_cmpstr (dash->peak_model, ==, best_model);
      g_assert_true (g_str_has_prefix (best_from, dash->peak_days.first_day));
      g_assert_cmpuint (dash->peak_days.n_days, ==, window_days);
      g_assert_cmpint (dash->entity_total, ==, best_total);
      g_assert_false (dash->peak_below_minimum);
      g_assert_cmpuint (dash->windows_over, ==, windows_over);

      g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT ticker, count(*) AS c FROM decisions "
                                               "WHERE model_name = ?1 AND timestamp >= ?2 AND "
                                               "timestamp < ?3 AND ticker IS NOT NULL "
                                               "GROUP BY ticker ORDER BY c DESC, ticker LIMIT 5",
                                           -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, best_model, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, best_from, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, best_to, -1, SQLITE_STATIC);
      for (i = 0; sqlite3_step (stmt) == SQLITE_ROW; i++)
        {
          g_assert_cmpuint (i, <, dash->n_entities);
          g_assert_cmpstr (dash->entities[i].entity, ==, (const char *) sqlite3_column_text (stmt, 0));
          g_assert_cmpint (dash->entities[i].count, ==, sqlite3_column_int64 (stmt, 1));
          g_assert_cmpfloat_with_epsilon (dash->entities[i].share,
                                          (double) sqlite3_column_int64 (stmt, 1) / best_total,
                                          1e-12);
        }
      sqlite3_finalize (stmt);
      g_assert_cmpuint (i, ==, dash->n_entities);
      g_assert_cmpint (best_top, ==, dash->entities[0].count);
    }
  else
    g_assert_cmpuint (dash->n_entities, ==, 0);

  /* The alert timeline: every alert whose window overlaps the period, by its window's end */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id, severity, acknowledged FROM alerts WHERE "
                                           MODEL_IS " AND window_start < ?3 AND window_end > ?2 "
                                           "ORDER BY window_end, id", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (model)
    sqlite3_bind_text (stmt, 1, model, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, dash->from, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, dash->to, -1, SQLITE_STATIC);
  for (i = 0; sqlite3_step (stmt) == SQLITE_ROW; i++)
    {
      g_assert_cmpuint (i, <, dash->n_alerts);
      g_assert_cmpint (dash->alerts[i].id, ==, sqlite3_column_int64 (stmt, 0));
      g_assert_cmpstr (vigil_severity_to_string (dash->alerts[i].severity), ==,
                       (const char *) sqlite3_column_text (stmt, 1));
      g_assert_cmpint (dash->alerts[i].acknowledged, ==, sqlite3_column_int (stmt, 2) != 0);
      g_assert_nonnull (dash->alerts[i].description);
      g_assert_nonnull (dash->alerts[i].alert_type);
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (i, ==, dash->n_alerts);

  /* The cards, against the store's own summary of the same period and SQL */
  expected = vigil_store_summarize (f->store, model, dash->from, dash->to, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dash->summary->total_decisions, ==, total);
  g_assert_cmpint (dash->summary->total_decisions, ==, expected->total_decisions);
  g_assert_cmpint (dash->summary->pending_reviews, ==, expected->pending_reviews);
  g_assert_cmpint (dash->summary->pending_reviews, ==,
                   oracle_count (db, "SELECT count(*) FROM decisions WHERE " MODEL_IS " AND "
                                 "timestamp >= ?2 AND timestamp < ?3 AND review_status = 'pending'",
                                 model, dash->from, dash->to));
  g_assert_cmpint (dash->summary->reviewed, ==, expected->reviewed);
  g_assert_cmpint (dash->summary->flagged, ==, expected->flagged);
  g_assert_cmpint (dash->summary->flagged, ==,
                   oracle_count (db, "SELECT count(*) FROM decisions WHERE " MODEL_IS " AND "
                                 "timestamp >= ?2 AND timestamp < ?3 AND anomaly_flag = 1",
                                 model, dash->from, dash->to));
  g_assert_cmpint (dash->summary->alerts, ==, expected->alerts);
  g_assert_cmpint (dash->summary->high_alerts, ==, expected->high_alerts);
  g_assert_cmpint (dash->summary->unacknowledged_alerts, ==, expected->unacknowledged_alerts);
  g_assert_cmpfloat (dash->summary->days, ==, (double) n_days);
  g_assert_cmpfloat_with_epsilon (dash->summary->decisions_per_day, (double) total / n_days, 1e-9);
  if (isnan (expected->mean_confidence))
    g_assert_true (isnan (dash->summary->mean_confidence));
  else
    g_assert_cmpfloat_with_epsilon (dash->summary->mean_confidence, expected->mean_confidence,
                                    1e-9);
  g_assert_cmpstr (dash->summary->from, ==, dash->from);
  g_assert_cmpstr (dash->summary->to, ==, dash->to);

  sqlite3_close (db);
  return dash;
}

/* The bin of a confidence: how many of 1/20, 2/20, ... 19/20 it reaches. */
#define GE(k) "(confidence >= " #k " / 20.0)"
#define BIN_BY_COMPARISONS                                                              \
  "(" GE (1) "+" GE (2) "+" GE (3) "+" GE (4) "+" GE (5) "+" GE (6) "+" GE (7) "+"      \
  GE (8) "+" GE (9) "+" GE (10) "+" GE (11) "+" GE (12) "+" GE (13) "+" GE (14) "+"     \
  GE (15) "+" GE (16) "+" GE (17) "+" GE (18) "+" GE (19) ")"

/* The roll-up tables hold exactly what a fresh GROUP BY over the decisions gives. */
static void
assert_rollups_exact (const char *path)
{
  static const char *pairs[][2] = {
    { "SELECT model_name, day, prediction, n, n_confidence FROM daily_predictions",
      "SELECT model_name, substr(timestamp, 1, 10), prediction, count(*), count(confidence) "
      "FROM decisions GROUP BY 1, 2, 3" },
    { "SELECT model_name, day, bin, n FROM daily_confidence",
      "SELECT model_name, substr(timestamp, 1, 10), " BIN_BY_COMPARISONS ", "
      "count(*) FROM decisions WHERE confidence IS NOT NULL GROUP BY 1, 2, 3" },
    { "SELECT model_name, day, entity, n FROM daily_entities",
      "SELECT model_name, substr(timestamp, 1, 10), ticker, count(*) FROM decisions "
      "WHERE ticker IS NOT NULL GROUP BY 1, 2, 3" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      g_autofree char *a = g_strdup_printf ("SELECT count(*) FROM (%s EXCEPT %s)", pairs[i][0],
                                            pairs[i][1]);
      g_autofree char *b = g_strdup_printf ("SELECT count(*) FROM (%s EXCEPT %s)", pairs[i][1],
                                            pairs[i][0]);
      g_autofree char *n = g_strdup_printf ("SELECT count(*) FROM (%s)", pairs[i][0]);

      g_assert_cmpint (count_rows (path, a), ==, 0);
      g_assert_cmpint (count_rows (path, b), ==, 0);
      g_assert_cmpint (count_rows (path, n), >, 0);
    }
  /* Sums of confidence and of its squares, to rounding */
  g_assert_cmpint (count_rows (path, "SELECT count(*) FROM daily_predictions AS r JOIN "
                                     "(SELECT model_name, substr(timestamp, 1, 10) AS day, "
                                     "prediction, total(confidence) AS s FROM decisions "
                                     "GROUP BY 1, 2, 3) AS d USING (model_name, day, prediction) "
                                     "WHERE abs(r.sum_confidence - d.s) > 1e-9 * max(1, d.s)"),
                   ==, 0);
  g_assert_cmpint (count_rows (path, "SELECT count(*) FROM daily_predictions AS r JOIN "
                                     "(SELECT model_name, substr(timestamp, 1, 10) AS day, "
                                     "prediction, total(confidence * confidence) AS s "
                                     "FROM decisions GROUP BY 1, 2, 3) AS d "
                                     "USING (model_name, day, prediction) "
                                     "WHERE abs(r.sumsq_confidence - d.s) > 1e-9 * max(1, d.s)"),
                   ==, 0);
}

static void
simulate (Fixture      *f,
          VigilAnomaly  anomalies)
{
  g_autoptr(VigilScenario) scenario = vigil_scenario_new ();
  g_autoptr(VigilSimulator) simulator = vigil_simulator_new ();
  g_autoptr(GError) error = NULL;

  vigil_scenario_set_start_date (scenario, "2026-11-01");
  vigil_scenario_set_anomalies (scenario, anomalies);
  vigil_scenario_set_seed (scenario, 42);
  g_assert_true (vigil_simulator_run (simulator, f->store, scenario, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
backtest (Fixture *f)
{
  g_autoptr(VigilDetector) detector = vigil_detector_new (f->store, NULL);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;

  results = vigil_detector_backtest (detector, NULL, "2026-11-01", "2026-11-07", NULL, NULL, NULL,
                                     &error);
  g_assert_no_error (error);
}

static void
test_matches_sql (Fixture       *f,
                  gconstpointer  data)
{
  const char *models[] = { NULL, "MomentumSignal", "CreditXGBoost" };
  g_autoptr(VigilDashboard) all = NULL;
  g_autoptr(VigilDashboard) trading = NULL;
  g_autoptr(VigilDashboard) credit = NULL;
  g_autoptr(GError) error = NULL;
  guint surge_days = 0;

  simulate (f, VIGIL_ANOMALY_SELL_SURGE | VIGIL_ANOMALY_LOW_FICO);
  backtest (f);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM alerts"), >, 0);
  g_assert_true (vigil_store_review_decision (f->store, 3, "ana", VIGIL_REVIEW_APPROVED, NULL,
                                              &error));
  g_assert_true (vigil_store_review_decision (f->store, 400, "ana", VIGIL_REVIEW_ESCALATED,
                                              "why", &error));
  g_assert_no_error (error);

  /* Days without decisions on both sides; a baseline reaching before the period; one day */
  for (guint m = 0; m < G_N_ELEMENTS (models); m++)
    {
      g_autoptr(VigilDashboard) a = check_against_sql (f, models[m], "2026-10-29", 12, 3, 4);
      g_autoptr(VigilDashboard) b = check_against_sql (f, models[m], "2026-11-03", 2, 1, 7);
      g_autoptr(VigilDashboard) c = check_against_sql (f, models[m], "2026-11-04", 1, 1, 1);
      g_autoptr(VigilDashboard) d = check_against_sql (f, models[m], "2026-11-01", 6, 6, 30);

      g_assert_cmpint (a->days[0].total, ==, 0);
      g_assert_cmpint (a->days[11].total, ==, 0);
      g_assert_cmpint (a->days[3].total, >, 0);
      g_assert_cmpstr (b->baseline_from, ==, "2026-10-28T00:00:00.000000");
      g_assert_cmpstr (b->recent_from, ==, "2026-11-04T00:00:00.000000");
      g_assert_cmpint (b->baseline_total, >, 0);
      g_assert_cmpint (d->baseline_total, ==, 0);
    }

  all = load (f->store, NULL, "2026-10-29", 12, 3, 4);
  trading = load (f->store, "MomentumSignal", "2026-10-29", 12, 3, 4);
  credit = load (f->store, "CreditXGBoost", "2026-10-29", 12, 3, 4);

  /* All models is the sum of the two */
  g_assert_cmpint (all->summary->total_decisions, ==,
                   trading->summary->total_decisions + credit->summary->total_decisions);
  g_assert_cmpint (all->summary->total_decisions, ==, count_rows (f->path, "SELECT count(*) FROM decisions"));
  for (guint i = 0; i < all->n_days; i++)
    g_assert_cmpint (all->days[i].total, ==, trading->days[i].total + credit->days[i].total);
  g_assert_cmpuint (all->n_predictions, ==, trading->n_predictions + credit->n_predictions);
  g_assert_cmpint (all->summary->reviewed, ==, 2);
  g_assert_cmpint (trading->summary->reviewed + credit->summary->reviewed, ==, 2);

  /* The trading model names tickers, the credit model none */
  g_assert_true (trading->has_entities);
  g_assert_cmpuint (trading->n_entities, ==, VIGIL_DASHBOARD_TOP_ENTITIES);
  g_assert_false (credit->has_entities);
  g_assert_cmpuint (credit->n_entities, ==, 0);
  g_assert_cmpint (credit->entity_total, ==, 0);
  g_assert_true (all->has_entities);

  /* The SELL surge of day 4 is marked on that day, not on the quiet ones */
  for (guint i = 0; i < trading->n_days; i++)
    if (trading->days[i].distribution_alert)
      {
        surge_days++;
        g_assert_cmpstr (trading->days[i].day, ==, "2026-11-04");
      }
  g_assert_cmpuint (surge_days, ==, 1);
  g_assert_false (credit->days[6].distribution_alert);
  g_assert_true (all->days[6].distribution_alert);
  g_assert_cmpuint (trading->n_alerts, >, 0);
  g_assert_cmpuint (all->n_alerts, >=, trading->n_alerts);

  /* All models keeps each model's days apart, by name, in the predictions' order of all
   * models, each with its own alert days; one model has no such split */
  g_assert_cmpuint (trading->n_models, ==, 0);
  g_assert_cmpuint (all->n_models, ==, 2);
  g_assert_cmpstr (all->models[0].model_name, ==, "CreditXGBoost");
  g_assert_cmpstr (all->models[1].model_name, ==, "MomentumSignal");
  g_assert_cmpint (all->models[0].total, ==, credit->summary->total_decisions);
  g_assert_cmpint (all->models[1].total, ==, trading->summary->total_decisions);
  for (guint i = 0; i < all->n_days; i++)
    {
      g_assert_cmpint (all->models[0].day_totals[i], ==, credit->days[i].total);
      g_assert_cmpint (all->models[1].day_totals[i], ==, trading->days[i].total);
      g_assert_true (all->models[1].alert_days[i] == trading->days[i].distribution_alert);
      g_assert_true (all->models[0].alert_days[i] == credit->days[i].distribution_alert);
      for (guint p = 0; p < all->n_predictions; p++)
        {
          const VigilDashboardModel *m = &all->models[0];
          gint64 n = m->counts[(gsize) i * all->n_predictions + p];
          gboolean credit_prediction = g_strv_contains ((const char * const *) credit->predictions,
                                                        all->predictions[p]);

          g_assert_true (credit_prediction || n == 0);
          g_assert_cmpint (n + all->models[1].counts[(gsize) i * all->n_predictions + p], ==,
                           all->days[i].counts[p]);
        }
    }
}

static void
test_empty_period (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(VigilDashboard) empty = NULL;
  g_autoptr(VigilDashboard) none = NULL;

  empty = load (f->store, NULL, "2026-02-27", 4, 1, 7);
  g_assert_cmpuint (empty->n_days, ==, 4);
  g_assert_cmpstr (empty->days[0].day, ==, "2026-02-27");
  g_assert_cmpstr (empty->days[1].day, ==, "2026-02-28");
  g_assert_cmpstr (empty->days[2].day, ==, "2026-03-01");
  g_assert_cmpstr (empty->to, ==, "2026-03-03T00:00:00.000000");
  g_assert_cmpuint (empty->n_predictions, ==, 0);
  g_assert_null (empty->predictions[0]);
  for (guint i = 0; i < empty->n_days; i++)
    g_assert_cmpint (empty->days[i].total, ==, 0);
  g_assert_false (empty->has_entities);
  g_assert_cmpint (empty->summary->total_decisions, ==, 0);
  g_assert_true (isnan (empty->summary->mean_confidence));

  /* A model that made no decision in the period, beside one that did */
  log_one (f->store, "A", "BUY", "2026-02-28T10:00:00Z");
  none = load (f->store, "B", "2026-02-27", 4, 1, 7);
  g_assert_cmpint (none->summary->total_decisions, ==, 0);
  g_clear_pointer (&empty, vigil_dashboard_unref);
  empty = check_against_sql (f, "A", "2026-02-27", 4, 1, 7);
  g_assert_cmpint (empty->days[1].total, ==, 1);
  g_assert_cmpint (empty->days[1].counts[0], ==, 1);
  g_assert_cmpstr (empty->predictions[0], ==, "BUY");
  /* The period's last days are empty: the recent window is the last day that is not */
  g_assert_true (empty->recent_moved);
  g_assert_cmpstr (empty->recent_from, ==, "2026-02-28T00:00:00.000000");
  g_assert_cmpstr (empty->recent_to, ==, "2026-03-01T00:00:00.000000");
  g_assert_cmpint (empty->recent_total, ==, 1);
  g_assert_cmpint (empty->baseline_total, ==, 0);
}

/* Logs @n decisions of @model on @day at @confidence, naming @tickers in turn (NULL: none) */
static void
log_day (VigilStore  *store,
         const char  *model,
         const char  *day,
         guint        n,
         double       confidence,
         const char **tickers)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  guint n_tickers = tickers ? g_strv_length ((char **) tickers) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *ts = g_strdup_printf ("%sT%02u:%02u:00Z", day, 8 + i / 60, i % 60);

      g_ptr_array_add (batch, make_decision (model, i % 2 ? "BUY" : "SELL", ts, confidence,
                                             n_tickers ? tickers[i % n_tickers] : NULL));
    }
  g_assert_true (vigil_store_log_decisions (store, (VigilDecision **) batch->pdata, batch->len,
                                            &error));
  g_assert_no_error (error);
}

/* "Last 7 Days" on 5 Dec is 28 Nov to 4 Dec: a model that decides 50 times a day makes 50
 * decisions a day in it, and a confidence collapse on 4 Dec is the recent window, labelled
 * with its day and size against the seven days before it. Seen on 5 Dec with "today so
 * far" nothing yet, or a custom range that ends on an empty day, the recent window is the
 * period's last day that has decisions, never an empty one. */
static void
test_confidence_windows (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(VigilDashboard) week = NULL, to_today = NULL, today = NULL;
  g_autofree char *described = NULL, *described_moved = NULL;
  VigilPeriod period;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilPolicy) policy = vigil_policy_new ();

  for (int d = 20; d <= 30; d++)
    {
      g_autofree char *day = g_strdup_printf ("2026-11-%02d", d);

      log_day (f->store, "M", day, 50, 0.87, NULL);
    }
  for (int d = 1; d <= 3; d++)
    {
      g_autofree char *day = g_strdup_printf ("2026-12-%02d", d);

      log_day (f->store, "M", day, 50, 0.87, NULL);
    }
  log_day (f->store, "M", "2026-12-04", 50, 0.32, NULL);

  g_assert_true (vigil_period_init_complete_days (&period, "2026-12-05", 7, &error));
  week = vigil_dashboard_load_for_policy (f->store, "M", &period,
                                          policy, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (week->summary->decisions_per_day, ==, 50.0);
  g_assert_false (week->recent_moved);
  g_assert_cmpstr (week->recent_days.first_day, ==, "2026-12-04");
  g_assert_cmpuint (week->recent_days.n_days, ==, 1);
  g_assert_cmpstr (week->baseline_days.first_day, ==, "2026-11-27");
  g_assert_cmpuint (week->baseline_days.n_days, ==, 7);
  g_assert_cmpint (week->recent_total, ==, 50);
  g_assert_cmpint (week->baseline_total, ==, 350);
  g_assert_cmpint (week->recent_bins[6], ==, 50);
  g_assert_cmpint (week->baseline_bins[17], ==, 350);
  described = vigil_chart_describe (VIGIL_CHART_KIND_CONFIDENCE, week);
  g_assert_nonnull (strstr (described, "4 Dec, n = 50"));
  g_assert_nonnull (strstr (described, "27 Nov – 3 Dec, n = 350"));

  /* The seven days up to today, today empty so far: yesterday's collapse is still shown */
  g_assert_true (vigil_period_init_last_days (&period, "2026-12-05", 7, &error));
  to_today = vigil_dashboard_load_for_policy (f->store, "M", &period,
                                              policy, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (to_today->recent_moved);
  g_assert_cmpstr (to_today->recent_days.first_day, ==, "2026-12-04");
  g_assert_cmpstr (to_today->recent_from, ==, "2026-12-04T00:00:00.000000");
  g_assert_cmpstr (to_today->recent_to, ==, "2026-12-05T00:00:00.000000");
  g_assert_cmpint (to_today->recent_total, ==, 50);
  g_assert_cmpint (to_today->baseline_total, ==, 350);
  described_moved = vigil_chart_describe (VIGIL_CHART_KIND_CONFIDENCE, to_today);
  g_assert_nonnull (strstr (described_moved, "4 Dec (the last day with decisions), n = 50"));
  g_assert_nonnull (strstr (described_moved, "5 Dec has no decisions"));

  /* Today alone, with nothing in it: nothing to move to, and nothing invented */
  g_assert_true (vigil_period_init_today_so_far (&period, "2026-12-05", &error));
  today = vigil_dashboard_load_for_policy (f->store, "M", &period,
                                           policy, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (today->recent_moved);
  g_assert_cmpint (today->recent_total, ==, 0);
  g_assert_cmpint (today->baseline_total, ==, 350);
}

/* The concentration check is per window: a day on which UNH has 31 of 50 decisions (62%)
 * is shown as that day's shares, named, above the 30% line, not as the period's average
 * share of UNH (about 17%). A window of a few decisions, which the check finds too small,
 * does not hide it. */
static void
test_concentration_peak (Fixture       *f,
                         gconstpointer  data)
{
  static const char *spread[] = { "AAPL", "MSFT", "NVDA", "AMZN", "UNH", "JPM", "XOM", "PFE",
                                  "KO", "WMT", NULL };
  static const char *surge[] = { "UNH", "UNH", "AAPL", "UNH", NULL };
  static const char *few[] = { "KO", NULL };
  g_autoptr(VigilDashboard) dash = NULL, two_days = NULL, every_window = NULL;
  g_autoptr(VigilPolicy) policy = vigil_policy_new ();
  g_autofree char *described = NULL;
  VigilModelPolicy mp;
  VigilPeriod period;
  g_autoptr(GError) error = NULL;
  gint64 unh_in_period = 0;

  for (int d = 28; d <= 30; d++)
    {
      g_autofree char *day = g_strdup_printf ("2026-11-%02d", d);

      log_day (f->store, "T", day, 50, 0.7, spread);
    }
  log_day (f->store, "T", "2026-12-01", 50, 0.7, spread);
  /* 30 of 40 on UNH, then one of ten: 31 of 50 */
  log_day (f->store, "T", "2026-12-02", 40, 0.7, surge);
  log_day (f->store, "T", "2026-12-02", 10, 0.7, spread);
  log_day (f->store, "T", "2026-12-03", 50, 0.7, spread);
  log_day (f->store, "T", "2026-12-04", 3, 0.7, few);
  log_day (f->store, "C", "2026-12-02", 200, 0.7, NULL);
  unh_in_period = count_rows (f->path, "SELECT count(*) FROM decisions WHERE ticker = 'UNH' "
                                       "AND timestamp >= '2026-11-28' AND timestamp < '2026-12-05'");
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM decisions WHERE ticker = 'UNH' "
                                        "AND timestamp >= '2026-12-02' AND timestamp < '2026-12-03'"),
                   ==, 31);

  g_assert_true (vigil_period_init_complete_days (&period, "2026-12-05", 7, &error));
  mp = *vigil_policy_get_defaults (policy);
  dash = vigil_dashboard_load_for_policy (f->store, "T", &period, policy, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (dash->has_entities);
  g_assert_cmpstr (dash->peak_model, ==, "T");
  g_assert_cmpstr (dash->peak_days.first_day, ==, "2026-12-02");
  g_assert_cmpuint (dash->peak_days.n_days, ==, 1);
  g_assert_false (dash->peak_below_minimum);
  g_assert_cmpint (dash->entity_total, ==, 50);
  g_assert_cmpstr (dash->entities[0].entity, ==, "UNH");
  g_assert_cmpint (dash->entities[0].count, ==, 31);
  g_assert_cmpfloat_with_epsilon (dash->entities[0].share, 0.62, 1e-12);
  g_assert_cmpfloat (dash->entities[0].share, >, dash->concentration_threshold);
  /* Not the period's average */
  g_assert_cmpfloat ((double) unh_in_period / 303.0, <, dash->concentration_threshold);
  g_assert_cmpuint (dash->windows_over, ==, 1);
  described = vigil_chart_describe (VIGIL_CHART_KIND_CONCENTRATION, dash);
  g_assert_nonnull (strstr (described, "UNH at 62.0%"));
  g_assert_nonnull (strstr (described, "2 Dec"));

  /* All models: the credit model names no entity and does not dilute the trading model's
   * shares */
  g_clear_pointer (&dash, vigil_dashboard_unref);
  dash = vigil_dashboard_load_for_policy (f->store, NULL, &period, policy, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dash->peak_model, ==, "T");
  g_assert_cmpfloat_with_epsilon (dash->entities[0].share, 0.62, 1e-12);

  /* With the policy's window of two days, the two-day windows: the later of the two that
   * hold 2 Dec, 31 + 5 of 100 */
  mp.window_days = 2;
  g_assert_true (vigil_policy_set_defaults (policy, &mp, &error));
  two_days = vigil_dashboard_load_for_policy (f->store, "T", &period, policy, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (two_days->peak_days.first_day, ==, "2026-12-02");
  g_assert_cmpuint (two_days->peak_days.n_days, ==, 2);
  g_assert_cmpint (two_days->entity_total, ==, 100);
  g_assert_cmpstr (two_days->entities[0].entity, ==, "UNH");
  g_assert_cmpfloat_with_epsilon (two_days->entities[0].share, 0.36, 1e-12);

  /* Counting every window, 4 Dec's three decisions on KO would be the peak */
  every_window = vigil_dashboard_load (f->store, "T", period.first_day, period.n_days, 1, 7, 0.30,
                                       NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (every_window->peak_days.first_day, ==, "2026-12-04");
  g_assert_cmpstr (every_window->entities[0].entity, ==, "KO");

  /* Only windows too small for the check: the largest of them, said to be too small */
  g_clear_pointer (&dash, vigil_dashboard_unref);
  mp.window_days = 1;
  mp.min_samples = 1000;
  g_assert_true (vigil_policy_set_defaults (policy, &mp, &error));
  dash = vigil_dashboard_load_for_policy (f->store, "T", &period, policy, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (dash->peak_below_minimum);
  g_assert_cmpuint (dash->windows_over, ==, 0);
  g_assert_cmpstr (dash->peak_days.first_day, ==, "2026-12-04");
}

static char *
write_batch (Fixture *f,
             int      part,
             int      n)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("part%d.jsonl", part);
  char *path = g_build_filename (f->dir, name, NULL);

  /* Each part spreads over the same days, out of time order, so parts add to the same rows */
  for (int i = 0; i < n; i++)
    {
      int k = (i * 7919 + part * 104729) % 1000;

      g_string_append_printf (text,
                              "{\"timestamp\":\"2026-11-%02dT%02d:%02d:00Z\",\"model_name\":\"%s\","
                              "\"model_version\":\"v1\",\"decision_type\":\"trading_signal\","
                              "\"prediction\":\"%s\",\"confidence\":%s,"
                              "\"input_features\":{\"x\":%d},\"ticker\":%s}\n",
                              1 + k % 9, k % 24, k % 60, k % 3 ? "M1" : "M2",
                              k % 5 == 0 ? "SELL" : k % 2 ? "BUY" : "HOLD",
                              k % 11 == 0 ? "null" : k % 13 == 0 ? "1.0" : k % 17 == 0 ? "0.35" : "0.6123",
                              k, k % 4 == 0 ? "null" : k % 4 == 1 ? "\"AAPL\"" : "\"T\"");
    }
  g_file_set_contents (path, text->str, (gssize) text->len, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_batches (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(VigilDashboard) dash = NULL;
  g_autoptr(GError) error = NULL;

  for (int part = 0; part < 4; part++)
    {
      g_autoptr(VigilImporter) importer = vigil_importer_new (f->store);
      g_autofree char *path = write_batch (f, part, 700);

      vigil_importer_set_batch_size (importer, 64 + part * 100);
      g_assert_true (vigil_importer_import_file (importer, path, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpint (vigil_importer_get_imported (importer), ==, 700);
      assert_rollups_exact (f->path);
    }
  /* and one by one, and in a batch, through the logging API */
  log_one (f->store, "M1", "BUY", "2026-11-03T12:00:00Z");
  {
    VigilDecision *two[2] = { make_decision ("M2", "SELL", "2026-11-09T23:59:59.999999Z", 0.05, NULL),
                              make_decision ("M3", "HOLD", "2026-11-02T00:00:00Z", -1, "X") };

    g_assert_true (vigil_store_log_decisions (f->store, two, 2, &error));
    g_assert_no_error (error);
    g_object_unref (two[0]);
    g_object_unref (two[1]);
  }
  assert_rollups_exact (f->path);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM daily_confidence WHERE bin = 19"),
                   >, 0);

  dash = check_against_sql (f, NULL, "2026-10-31", 11, 2, 5);
  g_clear_pointer (&dash, vigil_dashboard_unref);
  dash = check_against_sql (f, "M2", "2026-11-02", 8, 3, 1);
  g_assert_cmpint (dash->summary->total_decisions, >, 0);
}

static void
test_migration (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(VigilStore) reopened = NULL;
  g_autoptr(VigilDashboard) dash = NULL;
  g_autoptr(VigilLedgerReport) report = NULL;
  g_autoptr(GError) error = NULL;

  simulate (f, VIGIL_ANOMALY_SELL_SURGE | VIGIL_ANOMALY_CONCENTRATION);
  backtest (f);
  g_clear_object (&f->store);

  /* Take the database back to schema 2, as an earlier Vigil left it */
  g_assert_cmpint (exec_raw (f->path, "DROP TRIGGER decisions_event_id_immutable;"
                                      "DROP INDEX decisions_event_id;"
                                      "DROP INDEX decisions_outcomes;"
                                      "ALTER TABLE decisions DROP COLUMN event_id;"
                                      "DROP INDEX alerts_window;"
                                      "DROP INDEX alerts_model_window;"
                                      "ALTER TABLE alerts DROP COLUMN raised_at;"
                                      "DROP TABLE daily_predictions;"
                                      "DROP TABLE daily_confidence;"
                                      "DROP TABLE daily_entities;"
                                      "DROP TABLE daily_inputs;"
                                      "DROP TABLE daily_features;"
                                      "DROP TABLE daily_feature_bins;"
                                      "DROP TABLE daily_feature_categories;"
                                      "DROP TABLE daily_outcomes;"
                                      "DROP INDEX decisions_reviewed;"
                                      "PRAGMA user_version = 2;"), ==, SQLITE_OK);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM sqlite_master WHERE name LIKE 'daily_%'"),
                   ==, 0);

  reopened = vigil_store_open (f->path, VIGIL_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  f->store = g_steal_pointer (&reopened);
  g_assert_cmpint (count_rows (f->path, "PRAGMA user_version"), ==, VIGIL_STORE_SCHEMA_VERSION);
  assert_rollups_exact (f->path);
  report = vigil_store_verify (f->store, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_ledger_report_is_intact (report));

  dash = check_against_sql (f, NULL, "2026-11-01", 7, 1, 3);
  g_clear_pointer (&dash, vigil_dashboard_unref);
  dash = check_against_sql (f, "MomentumSignal", "2026-11-01", 7, 1, 3);

  /* and the roll-ups keep step after the migration */
  log_one (f->store, "MomentumSignal", "BUY", "2026-11-02T08:00:00Z");
  assert_rollups_exact (f->path);
}

static void
test_reviews_and_flags (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(VigilDashboard) before = NULL;
  g_autoptr(VigilDashboard) after = NULL;
  g_autoptr(VigilDashboard) flagged = NULL;
  g_autoptr(GError) error = NULL;

  simulate (f, VIGIL_ANOMALY_NONE);
  before = check_against_sql (f, "CreditXGBoost", "2026-11-01", 6, 1, 7);
  g_assert_cmpint (before->summary->reviewed, ==, 0);
  g_assert_cmpint (before->summary->pending_reviews, ==, before->summary->total_decisions);
  g_assert_cmpint (before->summary->flagged, ==, 0);

  for (gint64 id = 1; id <= 900; id += 100)
    {
      g_autoptr(VigilDecision) d = vigil_store_get_decision (f->store, id, &error);

      g_assert_no_error (error);
      if (g_strcmp0 (vigil_decision_get_model_name (d), "CreditXGBoost") == 0)
        {
          g_assert_true (vigil_store_review_decision (f->store, id, "ana", VIGIL_REVIEW_OVERRIDDEN,
                                                      NULL, &error));
          g_assert_no_error (error);
        }
    }
  g_assert_cmpint (exec_raw (f->path, "UPDATE decisions SET anomaly_flag = 1 WHERE id % 50 = 7"),
                   ==, SQLITE_OK);

  after = check_against_sql (f, "CreditXGBoost", "2026-11-01", 6, 1, 7);
  g_assert_cmpint (after->summary->total_decisions, ==, before->summary->total_decisions);
  g_assert_cmpint (after->summary->reviewed, >, 0);
  g_assert_cmpint (after->summary->pending_reviews, ==,
                   before->summary->pending_reviews - after->summary->reviewed);
  g_assert_cmpint (after->summary->flagged, >, 0);
  flagged = check_against_sql (f, NULL, "2026-11-02", 3, 1, 7);
  g_assert_cmpint (flagged->summary->flagged, >, 0);
}

static void
test_invalid_arguments (Fixture       *f,
                        gconstpointer  data)
{
  struct {
    const char *model;
    const char *first_day;
    guint       n_days, window, baseline;
    double      threshold;
    const char *message;
  } cases[] = {
    { NULL, NULL, 7, 1, 7, 0.3, "is not a day" },
    { NULL, "2026-02-30", 7, 1, 7, 0.3, "“2026-02-30” is not a day" },
    { NULL, "2026-2-01", 7, 1, 7, 0.3, "is not a day" },
    { NULL, "2026-11-01T00:00:00", 7, 1, 7, 0.3, "is not a day" },
    { NULL, "yesterday", 7, 1, 7, 0.3, "YYYY-MM-DD" },
    { NULL, "2026-11-01", 0, 1, 7, 0.3, "1 to 3660 days, not 0" },
    { NULL, "2026-11-01", 3661, 1, 7, 0.3, "1 to 3660 days, not 3661" },
    { NULL, "2026-11-01", 7, 0, 7, 0.3, "recent window" },
    { NULL, "2026-11-01", 7, 8, 7, 0.3, "recent window must be 1 to 7 days" },
    { NULL, "2026-11-01", 7, 1, 0, 0.3, "baseline" },
    { NULL, "2026-11-01", 7, 1, 4000, 0.3, "baseline" },
    { NULL, "2026-11-01", 7, 1, 7, 0.0, "threshold" },
    { NULL, "2026-11-01", 7, 1, 7, 1.5, "threshold" },
    { NULL, "2026-11-01", 7, 1, 7, NAN, "threshold" },
    { "", "2026-11-01", 7, 1, 7, 0.3, "model name is empty" },
    { NULL, "0001-01-01", 7, 1, 7, 0.3, "years 1 and 9999" },
    { NULL, "9999-12-30", 7, 1, 7, 0.3, "years 1 and 9999" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VigilDashboard) dash =
        vigil_dashboard_load (f->store, cases[i].model, cases[i].first_day, cases[i].n_days,
                              cases[i].window, cases[i].baseline, cases[i].threshold, NULL,
                              &error);

      g_assert_null (dash);
      g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("case %u: “%s” does not say “%s”", i, error->message, cases[i].message);
    }
}

static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(VigilDashboard) dash = NULL;
  g_autoptr(GError) error = NULL;

  log_one (f->store, "A", "BUY", "2026-11-01T10:00:00Z");
  g_cancellable_cancel (cancellable);
  dash = vigil_dashboard_load (f->store, NULL, "2026-11-01", 7, 1, 7, 0.3, cancellable, &error);
  g_assert_null (dash);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* and the store is usable again afterwards: no read transaction left open */
  log_one (f->store, "A", "SELL", "2026-11-02T10:00:00Z");
  g_clear_error (&error);
  dash = vigil_dashboard_load (f->store, "A", "2026-11-01", 7, 1, 7, 0.3, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dash->summary->total_decisions, ==, 2);
}

static gint64
log_with_outcome (VigilStore *store,
                  const char *model,
                  const char *prediction,
                  const char *timestamp,
                  const char *outcome)
{
  g_autoptr(GError) error = NULL;
  gint64 id = log_one (store, model, prediction, timestamp);

  if (outcome != NULL)
    {
      g_assert_true (vigil_store_record_outcome (store, id, outcome, "2026-11-20", "desk",
                                                 &error));
      g_assert_no_error (error);
    }
  return id;
}

/* What the performance chart shows of a few decisions logged by hand: on the first day 3 of
 * 4 judged decisions right (and one more outcome that judges nothing, one decision still
 * without outcome), on the second day no outcome at all, which is a gap and not 0 %, on the
 * third 1 of 2 right, judged by the model's own labels; another model's decisions stay in its own panel under all models. */
static void
test_performance_days (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(VigilDashboard) one = NULL;
  g_autoptr(VigilDashboard) all = NULL;
  g_autoptr(VigilChartStyle) style = vigil_chart_style_new (FALSE, 1.0);
  g_autoptr(GArray) targets = NULL;
  g_autofree char *text = NULL;
  static const char * const expected[] = {
    "Accuracy: 75.0% (3 of 4 judged)\nOutcomes: 83.3% (5 of 6 decisions)",
    "Accuracy: no decision judged by its outcome\nOutcomes: 0.0% (0 of 2 decisions)",
    "Accuracy: 50.0% (1 of 2 judged)\nOutcomes: 100.0% (2 of 2 decisions)",
  };

  log_with_outcome (f->store, "trader", "BUY", "2026-11-01T09:00:00Z", "up");
  log_with_outcome (f->store, "trader", "BUY", "2026-11-01T10:00:00Z", "rose");
  log_with_outcome (f->store, "trader", "SELL", "2026-11-01T11:00:00Z", "down");
  log_with_outcome (f->store, "trader", "HOLD", "2026-11-01T12:00:00Z", "up");
  log_with_outcome (f->store, "trader", "BUY", "2026-11-01T13:00:00Z", "merger announced");
  log_with_outcome (f->store, "trader", "SELL", "2026-11-01T14:00:00Z", NULL);
  log_with_outcome (f->store, "trader", "BUY", "2026-11-02T09:00:00Z", NULL);
  log_with_outcome (f->store, "trader", "SELL", "2026-11-02T10:00:00Z", NULL);
  /* Another of the model's own labels shows a prediction wrong, the same label right */
  log_with_outcome (f->store, "trader", "BUY", "2026-11-03T09:00:00Z", "SELL");
  log_with_outcome (f->store, "trader", "HOLD", "2026-11-03T23:59:59Z", "hold");
  /* Outside the period: not counted */
  log_with_outcome (f->store, "trader", "BUY", "2026-11-04T00:00:00Z", "down");
  log_with_outcome (f->store, "scorer", "APPROVE", "2026-11-02T09:00:00Z", "repaid");
  log_with_outcome (f->store, "scorer", "APPROVE", "2026-11-02T10:00:00Z", "default");

  one = load (f->store, "trader", "2026-11-01", 3, 1, 1);
  g_assert_cmpint (one->days[0].outcomes.with_outcome, ==, 5);
  g_assert_cmpint (one->days[0].outcomes.judged, ==, 4);
  g_assert_cmpint (one->days[0].outcomes.right, ==, 3);
  g_assert_cmpint (one->days[1].outcomes.with_outcome, ==, 0);
  g_assert_cmpint (one->days[1].outcomes.judged, ==, 0);
  g_assert_cmpint (one->days[2].outcomes.judged, ==, 2);
  g_assert_cmpint (one->days[2].outcomes.right, ==, 1);
  /* The days add up to the figures the performance_drop check reads */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(VigilPerformance) performance = vigil_performance_compute (f->store, "trader",
                                                                         one->from, one->to,
                                                                         NULL, NULL, &error);
    gint64 with_outcome = 0, judged = 0, right = 0;

    g_assert_no_error (error);
    for (guint i = 0; i < one->n_days; i++)
      {
        with_outcome += one->days[i].outcomes.with_outcome;
        judged += one->days[i].outcomes.judged;
        right += one->days[i].outcomes.right;
      }
    g_assert_cmpint (with_outcome, ==, performance->with_outcome);
    g_assert_cmpint (judged, ==, performance->judged);
    g_assert_cmpint (right, ==, performance->right);
  }

  /* What a person pointing at each day reads */
  targets = vigil_chart_targets (VIGIL_CHART_KIND_PERFORMANCE, one, style, 560, 320);
  g_assert_cmpuint (targets->len, ==, 3);
  for (guint i = 0; i < targets->len; i++)
    {
      const VigilChartRect *r = &g_array_index (targets, VigilChartRect, i);
      g_auto(VigilChartHit) hit = { 0 };

      g_assert_true (vigil_chart_hit (VIGIL_CHART_KIND_PERFORMANCE, one, style, 560, 320,
                                      r->x + r->w / 2, r->y + r->h / 2, &hit));
      g_test_message ("%s", hit.text);
      g_assert_cmpstr (hit.day, ==, one->days[i].day);
      g_assert_null (hit.model);
      g_assert_nonnull (strstr (hit.text, expected[i]));
    }
  text = vigil_chart_describe (VIGIL_CHART_KIND_PERFORMANCE, one);
  g_assert_cmpstr (text, ==, "Daily accuracy judged by outcomes, 3 days, 2 days with judged "
                             "decisions, accuracy from 50% to 75%, 70% of the decisions with "
                             "an outcome");

  /* All models: a panel per model, each with its own days */
  all = load (f->store, NULL, "2026-11-01", 3, 1, 1);
  g_assert_cmpuint (all->n_models, ==, 2);
  g_assert_cmpstr (all->models[0].model_name, ==, "scorer");
  g_assert_cmpint (all->models[0].outcomes[1].judged, ==, 2);
  g_assert_cmpint (all->models[0].outcomes[1].right, ==, 1);
  g_assert_cmpint (all->models[0].outcomes[0].with_outcome, ==, 0);
  g_assert_cmpint (all->models[1].outcomes[0].right, ==, 3);
  g_assert_cmpint (all->models[1].outcomes[1].judged, ==, 0);
  g_assert_cmpint (all->days[1].outcomes.judged, ==, 2);
  g_clear_pointer (&targets, g_array_unref);
  targets = vigil_chart_targets (VIGIL_CHART_KIND_PERFORMANCE, all, style, 560, 320);
  g_assert_cmpuint (targets->len, ==, 6);
  {
    const VigilChartRect *r = &g_array_index (targets, VigilChartRect, 1);
    g_auto(VigilChartHit) hit = { 0 };

    g_assert_true (vigil_chart_hit (VIGIL_CHART_KIND_PERFORMANCE, all, style, 560, 320,
                                    r->x + r->w / 2, r->y + r->h / 2, &hit));
    g_assert_cmpstr (hit.model, ==, "scorer");
    g_assert_cmpstr (hit.day, ==, "2026-11-02");
    g_assert_nonnull (strstr (hit.text, "Accuracy: 50.0% (1 of 2 judged)"));
  }

  /* Under all models, each model judged by its own rules in the policy: the scorer's
   * default is right, the trader's first day judges BUY only */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(VigilPolicy) policy = vigil_policy_new_from_data (
      "[model scorer]\noutcomes.APPROVE.right = default;repaid\n"
      "[model trader]\noutcomes.BUY.right = up\noutcomes.BUY.wrong = rose\n",
      "rules.ini", &error);
    g_autoptr(VigilDashboard) ruled = NULL;
    VigilPeriod period;

    g_assert_no_error (error);
    g_assert_true (vigil_period_init_complete_days (&period, "2026-11-04", 3, &error));
    ruled = vigil_dashboard_load_for_policy (f->store, NULL, &period, policy, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (ruled->models[0].model_name, ==, "scorer");
    g_assert_cmpint (ruled->models[0].outcomes[1].judged, ==, 2);
    g_assert_cmpint (ruled->models[0].outcomes[1].right, ==, 2);
    g_assert_cmpint (ruled->models[1].outcomes[0].with_outcome, ==, 5);
    g_assert_cmpint (ruled->models[1].outcomes[0].judged, ==, 2);
    g_assert_cmpint (ruled->models[1].outcomes[0].right, ==, 1);
    g_clear_pointer (&ruled, vigil_dashboard_unref);
    ruled = vigil_dashboard_load_for_policy (f->store, "scorer", &period, policy, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (ruled->days[1].outcomes.right, ==, 2);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/vigil/dashboard/matches-sql", test_matches_sql);
  ADD ("/vigil/dashboard/empty-period", test_empty_period);
  ADD ("/vigil/dashboard/confidence-windows", test_confidence_windows);
  ADD ("/vigil/dashboard/concentration-peak", test_concentration_peak);
  ADD ("/vigil/dashboard/rollups-after-batches", test_batches);
  ADD ("/vigil/dashboard/rollups-after-migration", test_migration);
  ADD ("/vigil/dashboard/reviews-and-flags", test_reviews_and_flags);
  ADD ("/vigil/dashboard/invalid-arguments", test_invalid_arguments);
  ADD ("/vigil/dashboard/cancelled", test_cancelled);
  ADD ("/vigil/dashboard/performance-days", test_performance_days);
#undef ADD

  return g_test_run ();
}
