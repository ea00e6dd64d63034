/* test-simulator.c: scenarios, the simulated models and days, injected anomalies, replay
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "vigil-scenario.h"
#include "vigil-simulator.h"
#include "vigil-test-util.h"

#define START "2026-03-02"

/* Every column of a decision, confidence to the last bit. */
#define ROW_COLUMNS                                                                     \
  "id, timestamp, model_name, model_version, decision_type, input_features, input_hash, " \
  "prediction, quote(confidence), explanation, ticker, sector, portfolio_id, user_id, "  \
  "review_status, anomaly_flag, record_hash"

static const char *tickers[] = {
  "AAPL", "MSFT", "AMZN", "GOOG", "JPM", "BAC", "XOM", "CVX", "JNJ", "PFE", "UNH", "V", "MA",
  "HD", "PG",
};

static const char *sectors[] = {
  "Tech", "Finance", "Energy", "Health", "Consumer_Staples", "Industrials",
};

static const char *loan_purposes[] = {
  "home", "auto", "debt_consolidation", "education", "business", "medical",
};

static gboolean
in_list (const char  *value,
         const char **list,
         guint        n)
{
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (value, list[i]) == 0)
      return TRUE;
  return FALSE;
}

static VigilScenario *
scenario_new (guint        days,
              guint        trading,
              guint        credit,
              VigilAnomaly anomalies)
{
  VigilScenario *s = vigil_scenario_new ();

  vigil_scenario_set_start_date (s, START);
  vigil_scenario_set_days (s, days);
  vigil_scenario_set_trading_per_day (s, trading);
  vigil_scenario_set_credit_per_day (s, credit);
  vigil_scenario_set_anomalies (s, anomalies);
  return s;
}

static VigilSimulator *
simulate (VigilStore    *store,
          VigilScenario *scenario)
{
  VigilSimulator *sim = vigil_simulator_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_simulator_run (sim, store, scenario, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return sim;
}

/* Runs @scenario and tells how many decisions it wrote. */
static gint64
simulate_count (VigilStore    *store,
                VigilScenario *scenario)
{
  g_autoptr(VigilSimulator) sim = simulate (store, scenario);

  return vigil_simulator_get_decisions (sim);
}

static char *
day_date (guint day)
{
  g_autoptr(GDateTime) start = g_date_time_new_utc (2026, 3, 2, 0, 0, 0);
  g_autoptr(GDateTime) date = g_date_time_add_days (start, (int) day - 1);

  return g_date_time_format (date, "%Y-%m-%d");
}

/* One double per simulated day, from a query grouping by day (?1 is the model). */
static GArray *
per_day (const char *path,
         const char *model,
         const char *value_sql)
{
  g_autofree char *sql = g_strdup_printf ("SELECT substr(timestamp, 1, 10) AS day, %s "
                                          "FROM decisions WHERE model_name = ?1 "
                                          "GROUP BY day ORDER BY day", value_sql);
  GArray *values = g_array_new (FALSE, FALSE, sizeof (double));
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, model, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      double v = sqlite3_column_double (stmt, 1);
      g_array_append_val (values, v);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return values;
}

/* The largest and smallest value of the days other than @anomaly_day. */
static void
normal_range (GArray *values,
              guint   anomaly_day,
              double *out_min,
              double *out_max)
{
  *out_min = G_MAXDOUBLE;
  *out_max = -G_MAXDOUBLE;
  for (guint i = 0; i < values->len; i++)
    if (i + 1 != anomaly_day)
      {
        *out_min = MIN (*out_min, g_array_index (values, double, i));
        *out_max = MAX (*out_max, g_array_index (values, double, i));
      }
}

static double
day_value (GArray *values,
           guint   day)
{
  g_assert_cmpuint (values->len, >=, day);
  return g_array_index (values, double, day - 1);
}

static char *
dump_rows (const char *path)
{
  GString *out = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT " ROW_COLUMNS
                                       " FROM decisions ORDER BY id", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, i);
          g_string_append_printf (out, "%s|", text ? text : "~");
        }
      g_string_append_c (out, '\n');
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (out, FALSE);
}

static void
test_same_seed_same_rows (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(VigilScenario) s = scenario_new (6, 300, 300, VIGIL_SCENARIO_DEFAULT_ANOMALIES |
                                             VIGIL_ANOMALY_CONCENTRATION);
  g_autofree char *path_b = g_build_filename (f->dir, "b.db", NULL);
  g_autofree char *path_c = g_build_filename (f->dir, "c.db", NULL);
  g_autoptr(VigilStore) b = vigil_store_open (path_b, VIGIL_STORE_OPEN_CREATE, NULL);
  g_autoptr(VigilStore) c = vigil_store_open (path_c, VIGIL_STORE_OPEN_CREATE, NULL);
  g_autoptr(VigilSimulator) sim_a = simulate (f->store, s);
  g_autoptr(VigilSimulator) sim_b = simulate (b, s);
  g_autoptr(VigilSimulator) sim_c = NULL;
  g_autofree char *rows_a = dump_rows (f->path);
  g_autofree char *rows_b = dump_rows (path_b);
  g_autofree char *rows_c = NULL;
  g_autofree char *meta_a = NULL;
  g_autofree char *meta_b = NULL;
  g_autofree char *meta_c = NULL;
  g_autofree char *sql = NULL;

  g_assert_cmpint (vigil_simulator_get_decisions (sim_a), ==, 3600);
  g_assert_cmpuint (strlen (rows_a), >, 3600 * 64);
  g_assert_cmpstr (rows_a, ==, rows_b);
  meta_a = vigil_store_get_meta (f->store, "scenario");
  meta_b = vigil_store_get_meta (b, "scenario");
  g_assert_cmpstr (meta_a, ==, meta_b);
  g_assert_cmpstr (vigil_simulator_get_concentrated_ticker (sim_a), ==,
                   vigil_simulator_get_concentrated_ticker (sim_b));

  /* Another seed: other rows, hardly a feature vector in common. */
  vigil_scenario_set_seed (s, 43);
  sim_c = simulate (c, s);
  rows_c = dump_rows (path_c);
  g_assert_cmpstr (rows_a, !=, rows_c);
  sql = g_strdup_printf ("ATTACH '%s' AS other", path_c);
  {
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db,
                                         "SELECT count(*) FROM decisions d JOIN other.decisions o "
                                         "ON d.id = o.id WHERE d.input_hash = o.input_hash "
                                         "OR d.record_hash = o.record_hash", -1, &stmt, NULL),
                     ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int64 (stmt, 0), <, 36);
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }
  meta_c = vigil_store_get_meta (c, "scenario");
  g_assert_cmpstr (meta_a, !=, meta_c);
}

/* The decisions of the days other than the anomaly day, without the chained columns. */
static char *
dump_normal_days (const char *path,
                  guint       anomaly_day)
{
  g_autofree char *day = day_date (anomaly_day);
  GString *out = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT timestamp, model_name, input_features, "
                                       "prediction, quote(confidence), explanation, ticker, "
                                       "sector, portfolio_id, user_id FROM decisions "
                                       "WHERE substr(timestamp, 1, 10) != ? ORDER BY id",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, day, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, i);
          g_string_append_printf (out, "%s|", text ? text : "~");
        }
      g_string_append_c (out, '\n');
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (out, FALSE);
}

static void
test_normal_days_stay (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(VigilScenario) calm = scenario_new (6, 200, 200, VIGIL_ANOMALY_NONE);
  g_autoptr(VigilScenario) storm = scenario_new (6, 200, 200, VIGIL_ANOMALY_ALL &
                                                 ~VIGIL_ANOMALY_VOLUME_DROP);
  g_autofree char *path_b = g_build_filename (f->dir, "b.db", NULL);
  g_autoptr(VigilStore) b = vigil_store_open (path_b, VIGIL_STORE_OPEN_CREATE, NULL);
  g_autofree char *calm_rows = NULL;
  g_autofree char *storm_rows = NULL;

  /* Changing the anomalies of day 4 changes nothing on the other days, so runs that differ
   * only in their anomalies share the same baseline. */
  g_assert_cmpint (simulate_count (f->store, calm), ==, 2400);
  g_assert_cmpint (simulate_count (b, storm), ==, 2000 + 1200);
  calm_rows = dump_normal_days (f->path, 4);
  storm_rows = dump_normal_days (path_b, 4);
  g_assert_cmpuint (strlen (calm_rows), >, 2000 * 100);
  g_assert_cmpstr (calm_rows, ==, storm_rows);
}

static void
test_counts_and_times (Fixture       *f,
                       gconstpointer  data)
{
  const struct
  {
    VigilAnomaly anomaly;
    double       intensity;
    guint        trading;
    guint        credit;
  } cases[] = {
    { VIGIL_ANOMALY_NONE, 1.0, 40, 70 },
    { VIGIL_ANOMALY_VOLUME_SPIKE, 1.0, 120, 210 },
    { VIGIL_ANOMALY_VOLUME_SPIKE, 0.5, 80, 140 },
    { VIGIL_ANOMALY_VOLUME_DROP, 1.0, 8, 14 },
    { VIGIL_ANOMALY_VOLUME_DROP, 0.5, 24, 42 },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *name = g_strdup_printf ("counts-%u.db", c);
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_autoptr(VigilStore) store = vigil_store_open (path, VIGIL_STORE_OPEN_CREATE, NULL);
      g_autoptr(VigilScenario) s = scenario_new (5, 40, 70, cases[c].anomaly);
      g_autoptr(VigilSimulator) sim = NULL;
      sqlite3 *db = NULL;
      sqlite3_stmt *stmt = NULL;
      guint day = 1, in_day[2] = { 0, 0 };
      char last[32] = "";
      gint64 last_id = 0;

      vigil_scenario_set_anomaly_day (s, 3);
      vigil_scenario_set_intensity (s, cases[c].intensity);
      sim = simulate (store, s);

      g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id, timestamp, model_name FROM decisions "
                                           "ORDER BY id", -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *timestamp = (const char *) sqlite3_column_text (stmt, 1);
          gboolean trading = g_str_equal (sqlite3_column_text (stmt, 2), "MomentumSignal");
          guint expect_trading = day == 3 ? cases[c].trading : 40;
          guint expect_credit = day == 3 ? cases[c].credit : 70;
          g_autofree char *date = NULL;

          /* Rows come day by day, and within a day, in time order. */
          if (in_day[0] == expect_trading && in_day[1] == expect_credit)
            {
              day++;
              in_day[0] = in_day[1] = 0;
            }
          date = day_date (day);
          g_assert_cmpint (strncmp (timestamp, date, 10), ==, 0);
          g_assert_cmpint (strlen (timestamp), ==, 26);
          g_assert_cmpstr (timestamp, >=, last);
          g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, last_id + 1);
          g_strlcpy (last, timestamp, sizeof last);
          last_id = sqlite3_column_int64 (stmt, 0);
          in_day[trading ? 0 : 1]++;
        }
      sqlite3_finalize (stmt);
      sqlite3_close (db);

      g_assert_cmpuint (day, ==, 5);
      g_assert_cmpuint (in_day[0], ==, 40);
      g_assert_cmpuint (in_day[1], ==, 70);
      g_assert_cmpint (vigil_simulator_get_decisions (sim), ==,
                       4 * 110 + cases[c].trading + cases[c].credit);
      g_assert_cmpint (last_id, ==, vigil_simulator_get_decisions (sim));
    }
}

static void
test_spread_over_the_day (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(VigilScenario) s = scenario_new (1, 2000, 2000, VIGIL_ANOMALY_NONE);
  gint64 n = simulate_count (f->store, s);
  GArray *hours[4];

  g_assert_cmpint (n, ==, 4000);
  /* Every quarter of the day gets about a quarter of the decisions. */
  for (guint q = 0; q < 4; q++)
    {
      g_autofree char *sql =
        g_strdup_printf ("count(*) FILTER (WHERE CAST(substr(timestamp, 12, 2) AS INTEGER) / 6 = %u)",
                         q);

      hours[q] = per_day (f->path, "MomentumSignal", sql);
      g_assert_cmpfloat (day_value (hours[q], 1), >, 400);
      g_assert_cmpfloat (day_value (hours[q], 1), <, 600);
      g_array_unref (hours[q]);
    }
}

static double
member_double (JsonObject *o,
               const char *name)
{
  g_assert_true (json_object_has_member (o, name));
  return json_object_get_double_member (o, name);
}

static void
test_models_follow_the_notebook (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(VigilScenario) s = scenario_new (6, 500, 500, VIGIL_SCENARIO_DEFAULT_ANOMALIES |
                                             VIGIL_ANOMALY_FEATURE_DRIFT);
  gint64 n = simulate_count (f->store, s);
  guint n_pred[5] = { 0 };
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint rows = 0;

  g_assert_cmpint (n, ==, 6000);
  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT model_name, model_version, decision_type, "
                                       "input_features, input_hash, prediction, confidence, "
                                       "explanation, ticker, sector, portfolio_id, user_id, "
                                       "review_status FROM decisions",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
#define TEXT(i) ((const char *) sqlite3_column_text (stmt, (i)))
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, TEXT (3), -1);
      double confidence = sqlite3_column_double (stmt, 6);
      JsonObject *features;

      g_assert_true (json_parser_load_from_data (parser, TEXT (3), -1, &error));
      g_assert_no_error (error);
      features = json_node_get_object (json_parser_get_root (parser));
      g_assert_cmpstr (TEXT (4), ==, hash);
      g_assert_cmpstr (TEXT (12), ==, "pending");

      if (g_str_equal (TEXT (0), "MomentumSignal"))
        {
          double momentum = member_double (features, "momentum_12m");
          const char *expect;
          double expect_confidence;
          const char *why;

          g_assert_cmpstr (TEXT (1), ==, "v1.3");
          g_assert_cmpstr (TEXT (2), ==, "trading_signal");
          g_assert_cmpuint (json_object_get_size (features), ==, 3);
          g_assert_cmpfloat (member_double (features, "volatility"), >=, 0.1);
          g_assert_cmpfloat (member_double (features, "volatility"), <, 0.55);
          g_assert_cmpfloat (member_double (features, "pe_ratio"), >=, 10);
          g_assert_cmpfloat (member_double (features, "pe_ratio"), <, 55);
          if (momentum > 0.15)
            expect = "BUY", expect_confidence = 0.75, why = "Strong 12-month momentum";
          else if (momentum < -0.10)
            expect = "SELL", expect_confidence = 0.70, why = "Negative 12-month momentum";
          else
            expect = "HOLD", expect_confidence = 0.55, why = "Neutral momentum";
          g_assert_cmpstr (TEXT (5), ==, expect);
          g_assert_cmpfloat (confidence, ==, expect_confidence);
          g_assert_cmpstr (TEXT (7), ==, why);
          g_assert_true (in_list (TEXT (8), tickers, G_N_ELEMENTS (tickers)));
          g_assert_true (in_list (TEXT (9), sectors, G_N_ELEMENTS (sectors)));
          g_assert_null (TEXT (10));
          g_assert_cmpstr (TEXT (11), ==, "system");
          n_pred[g_str_equal (expect, "BUY") ? 0 : g_str_equal (expect, "SELL") ? 1 : 2]++;
        }
      else
        {
          gint64 fico;
          double dti, pd;
          g_autofree char *why = NULL;
          guint64 user, applicant;

          g_assert_cmpstr (TEXT (0), ==, "CreditXGBoost");
          g_assert_cmpstr (TEXT (1), ==, "v2.1");
          g_assert_cmpstr (TEXT (2), ==, "credit_approval");
          g_assert_cmpuint (json_object_get_size (features), ==, 5);
          /* Whole numbers are JSON integers, dti has one decimal. */
          g_assert_cmpint (json_node_get_value_type (json_object_get_member (features, "fico")),
                           ==, G_TYPE_INT64);
          g_assert_cmpint (json_node_get_value_type (json_object_get_member (features, "income")),
                           ==, G_TYPE_INT64);
          g_assert_cmpint (json_node_get_value_type (json_object_get_member (features,
                                                                             "loan_amount")),
                           ==, G_TYPE_INT64);
          fico = json_object_get_int_member (features, "fico");
          dti = member_double (features, "dti");
          g_assert_cmpfloat (fabs (dti * 10 - round (dti * 10)), <, 1e-9);
          g_assert_cmpfloat (dti, >=, 15);
          g_assert_cmpfloat (dti, <=, 55);
          g_assert_cmpint (json_object_get_int_member (features, "income"), >, 0);
          g_assert_cmpint (json_object_get_int_member (features, "loan_amount"), >, 0);
          g_assert_true (in_list (json_object_get_string_member (features, "loan_purpose"),
                                  loan_purposes, G_N_ELEMENTS (loan_purposes)));

          pd = MAX (0.01, MIN (0.99, (800.0 - (double) fico) / 1000 + dti / 200));
          g_assert_cmpstr (TEXT (5), ==, pd < 0.15 ? "APPROVE" : "DECLINE");
          g_assert_cmpfloat (confidence, ==, 1 - pd);
          why = g_strdup_printf ("%s PD (%.2f) based on FICO (%" G_GINT64_FORMAT ") and DTI (%.1f)",
                                 pd < 0.15 ? "Low" : "High", pd, fico, dti);
          g_assert_cmpstr (TEXT (7), ==, why);
          g_assert_null (TEXT (8));
          g_assert_null (TEXT (9));
          g_assert_true (g_str_has_prefix (TEXT (10), "APP-"));
          g_assert_true (g_ascii_string_to_unsigned (TEXT (10) + 4, 10, 10000, 99999, &applicant,
                                                     NULL));
          g_assert_true (g_str_has_prefix (TEXT (11), "User-"));
          g_assert_true (g_ascii_string_to_unsigned (TEXT (11) + 5, 10, 1, 10, &user, NULL));
          n_pred[g_str_equal (TEXT (5), "APPROVE") ? 3 : 4]++;
        }
      rows++;
#undef TEXT
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  g_assert_cmpuint (rows, ==, 6000);
  for (guint i = 0; i < G_N_ELEMENTS (n_pred); i++)
    g_assert_cmpuint (n_pred[i], >, 100);
}

static void
test_sell_surge (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(VigilScenario) s = scenario_new (6, 1000, 100, VIGIL_ANOMALY_SELL_SURGE);
  gint64 n = simulate_count (f->store, s);
  g_autoptr(GArray) sell = per_day (f->path, "MomentumSignal", "avg(prediction = 'SELL')");
  g_autoptr(GArray) forced = per_day (f->path, "MomentumSignal",
                                      "avg(json_extract(input_features, '$.momentum_12m') = -0.2)");
  double lo, hi;

  g_assert_cmpint (n, ==, 6 * 1100);
  g_assert_cmpuint (sell->len, ==, 6);
  normal_range (sell, 4, &lo, &hi);
  /* Normal days: P(N(0.05, 0.15) < -0.10), about 16%; day 4: 70% forced, plus the usual. */
  g_assert_cmpfloat (lo, >, 0.10);
  g_assert_cmpfloat (hi, <, 0.22);
  g_assert_cmpfloat (day_value (sell, 4), >, 0.70);
  g_assert_cmpfloat (day_value (sell, 4), <, 0.82);
  g_assert_cmpfloat (day_value (forced, 4), >, 0.65);
  g_assert_cmpfloat (day_value (forced, 4), <, 0.75);
  normal_range (forced, 4, &lo, &hi);
  g_assert_cmpfloat (hi, ==, 0);
}

static void
test_low_fico (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(VigilScenario) s = scenario_new (6, 100, 2000, VIGIL_ANOMALY_LOW_FICO);
  gint64 n = simulate_count (f->store, s);
  g_autoptr(GArray) low = per_day (f->path, "CreditXGBoost",
                                   "avg(json_extract(input_features, '$.fico') BETWEEN 400 AND 550)");
  g_autoptr(GArray) sell = per_day (f->path, "MomentumSignal", "avg(prediction = 'SELL')");
  double lo, hi;

  g_assert_cmpint (n, ==, 6 * 2100);
  normal_range (low, 4, &lo, &hi);
  g_assert_cmpfloat (hi, <, 0.02);
  g_assert_cmpfloat (day_value (low, 4), >, 0.26);
  g_assert_cmpfloat (day_value (low, 4), <, 0.34);
  /* The trading model is left alone. */
  normal_range (sell, 0, &lo, &hi);
  g_assert_cmpfloat (hi, <, 0.3);
}

/* Two anomalies at different intensities: each has its own effect on the anomaly day. */
static void
test_own_intensities (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(VigilScenario) s = scenario_new (6, 1000, 2000, VIGIL_ANOMALY_SELL_SURGE |
                                                            VIGIL_ANOMALY_LOW_FICO);
  g_autoptr(GArray) sell = NULL;
  g_autoptr(GArray) forced = NULL;
  g_autoptr(GArray) low = NULL;
  gint64 n;
  double lo, hi;

  vigil_scenario_set_seed (s, 7);
  vigil_scenario_set_anomaly_intensity (s, VIGIL_ANOMALY_SELL_SURGE, 1.0);
  vigil_scenario_set_anomaly_intensity (s, VIGIL_ANOMALY_LOW_FICO, 0.5);
  n = simulate_count (f->store, s);
  g_assert_cmpint (n, ==, 6 * 3000);
  sell = per_day (f->path, "MomentumSignal", "avg(prediction = 'SELL')");
  forced = per_day (f->path, "MomentumSignal",
                    "avg(json_extract(input_features, '$.momentum_12m') = -0.2)");
  low = per_day (f->path, "CreditXGBoost",
                 "avg(json_extract(input_features, '$.fico') BETWEEN 400 AND 550)");

  /* SELL surge at full strength: 70% forced, plus the usual SELLs of the others */
  normal_range (sell, 4, &lo, &hi);
  g_assert_cmpfloat (hi, <, 0.22);
  g_assert_cmpfloat (day_value (forced, 4), >, 0.65);
  g_assert_cmpfloat (day_value (forced, 4), <, 0.75);
  g_assert_cmpfloat (day_value (sell, 4), >, 0.70);
  g_assert_cmpfloat (day_value (sell, 4), <, 0.82);
  /* Low FICO at half: 15% of applicants, not the full 30% */
  normal_range (low, 4, &lo, &hi);
  g_assert_cmpfloat (hi, <, 0.02);
  g_assert_cmpfloat (day_value (low, 4), >, 0.12);
  g_assert_cmpfloat (day_value (low, 4), <, 0.18);
}

static void
test_concentration (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(VigilScenario) s = scenario_new (6, 1000, 100, VIGIL_ANOMALY_CONCENTRATION);
  g_autoptr(VigilSimulator) sim = simulate (f->store, s);
  const char *focus = vigil_simulator_get_concentrated_ticker (sim);
  g_autofree char *top_sql = g_strdup_printf ("avg(ticker = '%s')", focus);
  g_autoptr(GArray) share = NULL;
  g_autoptr(GArray) top = NULL;
  double lo, hi;

  g_assert_nonnull (focus);
  g_assert_true (in_list (focus, tickers, G_N_ELEMENTS (tickers)));
  share = per_day (f->path, "MomentumSignal", top_sql);
  normal_range (share, 4, &lo, &hi);
  g_assert_cmpfloat (hi, <, 0.12);
  /* 60% forced, and a fifteenth of the rest. */
  g_assert_cmpfloat (day_value (share, 4), >, 0.58);
  g_assert_cmpfloat (day_value (share, 4), <, 0.68);

  /* No ticker dominates a normal day. */
  top = per_day (f->path, "MomentumSignal",
                 "(SELECT max(n) FROM (SELECT count(*) AS n FROM decisions d "
                 "WHERE d.model_name = ?1 AND substr(d.timestamp, 1, 10) = "
                 "substr(decisions.timestamp, 1, 10) GROUP BY d.ticker)) * 1.0 / count(*)");
  normal_range (top, 4, &lo, &hi);
  g_assert_cmpfloat (hi, <, 0.12);
  g_assert_cmpfloat (day_value (top, 4), ==, day_value (share, 4));
}

static void
test_feature_drift (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(VigilScenario) s = scenario_new (6, 2000, 2000, VIGIL_ANOMALY_FEATURE_DRIFT);
  gint64 n = simulate_count (f->store, s);
  g_autoptr(GArray) volatility = per_day (f->path, "MomentumSignal",
                                          "avg(json_extract(input_features, '$.volatility'))");
  g_autoptr(GArray) pe = per_day (f->path, "MomentumSignal",
                                  "avg(json_extract(input_features, '$.pe_ratio'))");
  g_autoptr(GArray) income = per_day (f->path, "CreditXGBoost",
                                      "avg(json_extract(input_features, '$.income'))");
  g_autoptr(GArray) loan = per_day (f->path, "CreditXGBoost",
                                    "avg(json_extract(input_features, '$.loan_amount'))");
  g_autoptr(GArray) sell = per_day (f->path, "MomentumSignal", "avg(prediction = 'SELL')");
  g_autoptr(GArray) approve = per_day (f->path, "CreditXGBoost", "avg(prediction = 'APPROVE')");
  double lo, hi;

  g_assert_cmpint (n, ==, 6 * 4000);
  /* The inputs the models ignore move... */
  normal_range (volatility, 4, &lo, &hi);
  g_assert_cmpfloat (hi, <, 0.27);
  g_assert_cmpfloat (day_value (volatility, 4), >, 0.38);
  normal_range (pe, 4, &lo, &hi);
  g_assert_cmpfloat (day_value (pe, 4), >, hi + 10);
  normal_range (income, 4, &lo, &hi);
  g_assert_cmpfloat (day_value (income, 4), >, 1.5 * hi);
  normal_range (loan, 4, &lo, &hi);
  g_assert_cmpfloat (day_value (loan, 4), >, 1.7 * hi);

  /* ...and the decisions do not: within the normal days' spread, give or take. */
  normal_range (sell, 4, &lo, &hi);
  g_assert_cmpfloat (day_value (sell, 4), >, lo - 0.03);
  g_assert_cmpfloat (day_value (sell, 4), <, hi + 0.03);
  normal_range (approve, 4, &lo, &hi);
  g_assert_cmpfloat (day_value (approve, 4), >, lo - 0.03);
  g_assert_cmpfloat (day_value (approve, 4), <, hi + 0.03);
}

/* One value of @sql on the database at @path, with the database at @other attached as other */
static double
query_attached (const char *path,
                const char *other,
                const char *sql)
{
  g_autofree char *attach = g_strdup_printf ("ATTACH '%s' AS other", other);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  double value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, attach, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_double (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* Inputs lost on the anomaly day, and nothing else changed: the same decisions as a run
 * without the anomaly, a share of them stored with the inputs {} */
static void
test_missing_inputs (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(VigilScenario) s = scenario_new (6, 1000, 1000, VIGIL_ANOMALY_MISSING_INPUTS);
  g_autoptr(VigilScenario) plain = scenario_new (6, 1000, 1000, VIGIL_ANOMALY_NONE);
  g_autofree char *path_b = g_build_filename (f->dir, "plain.db", NULL);
  g_autoptr(VigilStore) b = NULL;
  g_autoptr(GArray) trading = NULL;
  g_autoptr(GArray) credit = NULL;
  g_autoptr(GError) error = NULL;
  double lo, hi;

  b = vigil_store_open (path_b, VIGIL_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  vigil_scenario_set_anomaly_intensity (s, VIGIL_ANOMALY_MISSING_INPUTS, 0.5);
  g_assert_cmpint (simulate_count (f->store, s), ==, 6 * 2000);
  g_assert_cmpint (simulate_count (b, plain), ==, 6 * 2000);

  /* 0.3 x 0.5 of each model's decisions on day 4, none on the others */
  trading = per_day (f->path, "MomentumSignal", "avg(input_features = '{}')");
  credit = per_day (f->path, "CreditXGBoost", "avg(input_features = '{}')");
  normal_range (trading, 4, &lo, &hi);
  g_assert_cmpfloat (hi, ==, 0);
  g_assert_cmpfloat_with_epsilon (day_value (trading, 4), 0.15, 0.03);
  normal_range (credit, 4, &lo, &hi);
  g_assert_cmpfloat (hi, ==, 0);
  g_assert_cmpfloat_with_epsilon (day_value (credit, 4), 0.15, 0.03);

  /* Row for row the same decisions; where the inputs differ, they were lost */
  g_assert_cmpfloat (query_attached (f->path, path_b,
                                     "SELECT count(*) FROM decisions d JOIN other.decisions o "
                                     "ON d.id = o.id WHERE d.timestamp = o.timestamp AND "
                                     "d.model_name = o.model_name AND d.prediction = "
                                     "o.prediction AND d.confidence = o.confidence AND "
                                     "d.explanation IS o.explanation AND d.ticker IS o.ticker "
                                     "AND d.user_id IS o.user_id AND (d.input_features = "
                                     "o.input_features OR (d.input_features = '{}' AND "
                                     "o.input_features != '{}'))"), ==, 6 * 2000);
}

static void
test_category_shift (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(VigilScenario) s = scenario_new (6, 100, 4000, VIGIL_ANOMALY_CATEGORY_SHIFT);
  g_autoptr(GArray) debt = NULL;
  g_autoptr(GArray) home = NULL;
  g_autoptr(GArray) fico = NULL;
  g_autoptr(GArray) approve = NULL;
  double lo, hi;

  vigil_scenario_set_intensity (s, 0.6);
  g_assert_cmpint (simulate_count (f->store, s), ==, 6 * 4100);
  debt = per_day (f->path, "CreditXGBoost",
                  "avg(json_extract(input_features, '$.loan_purpose') = 'debt_consolidation')");
  home = per_day (f->path, "CreditXGBoost",
                  "avg(json_extract(input_features, '$.loan_purpose') = 'home')");
  fico = per_day (f->path, "CreditXGBoost", "avg(json_extract(input_features, '$.fico'))");
  approve = per_day (f->path, "CreditXGBoost", "avg(prediction = 'APPROVE')");

  /* The usual mix: a fifth debt consolidation, 30% home loans */
  normal_range (debt, 4, &lo, &hi);
  g_assert_cmpfloat (lo, >, 0.18);
  g_assert_cmpfloat (hi, <, 0.22);
  /* On the day, 30% are forced to debt consolidation: 0.3 + 0.7 x 0.2 = 0.44, taken from the
   * others in proportion (home 0.7 x 0.3 = 0.21) */
  g_assert_cmpfloat (fabs (day_value (debt, 4) - 0.44), <, 0.025);
  g_assert_cmpfloat (fabs (day_value (home, 4) - 0.21), <, 0.025);

  /* The other inputs and the decisions stay as they are */
  normal_range (fico, 4, &lo, &hi);
  g_assert_cmpfloat (day_value (fico, 4), >, lo - 3);
  g_assert_cmpfloat (day_value (fico, 4), <, hi + 3);
  normal_range (approve, 4, &lo, &hi);
  g_assert_cmpfloat (day_value (approve, 4), >, lo - 0.03);
  g_assert_cmpfloat (day_value (approve, 4), <, hi + 0.03);
}

static void
test_confidence_collapse (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(VigilScenario) s = scenario_new (6, 1000, 1000, VIGIL_ANOMALY_CONFIDENCE_COLLAPSE);
  g_autoptr(VigilSimulator) sim = NULL;
  const char *models[] = { "MomentumSignal", "CreditXGBoost" };

  vigil_scenario_set_intensity (s, 0.5);
  sim = simulate (f->store, s);
  for (guint m = 0; m < G_N_ELEMENTS (models); m++)
    {
      g_autoptr(GArray) mean = per_day (f->path, models[m], "avg(confidence)");
      g_autoptr(GArray) positive = per_day (f->path, models[m],
                                            "avg(prediction IN ('BUY', 'APPROVE'))");
      double lo, hi, plo, phi;

      normal_range (mean, 4, &lo, &hi);
      normal_range (positive, 4, &plo, &phi);
      /* Intensity 0.5: confidence times 0.8, decisions as usual. */
      g_assert_cmpfloat (day_value (mean, 4), <, 0.82 * hi);
      g_assert_cmpfloat (day_value (mean, 4), >, 0.78 * lo);
      g_assert_cmpfloat (day_value (positive, 4), >, plo - 0.03);
      g_assert_cmpfloat (day_value (positive, 4), <, phi + 0.03);
    }
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM decisions WHERE "
                                        "model_name = 'MomentumSignal' AND round(confidence, 9) NOT IN "
                                        "(0.75, 0.7, 0.55, 0.6, 0.56, 0.44)"), ==, 0);
}

static void
test_refuses_production (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(VigilScenario) s = scenario_new (2, 10, 10, VIGIL_SCENARIO_DEFAULT_ANOMALIES);
  g_autoptr(VigilSimulator) sim = vigil_simulator_new ();
  g_autoptr(GError) error = NULL;

  vigil_scenario_set_anomaly_day (s, 2);
  log_one (f->store, "MomentumSignal", "BUY", "2026-03-01T10:00:00Z");

  g_assert_false (vigil_simulator_run (sim, f->store, s, NULL, NULL, NULL, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "production"));
  g_assert_nonnull (strstr (error->message, "training"));
  g_assert_cmpint (vigil_store_get_purpose (f->store), ==, VIGIL_PURPOSE_PRODUCTION);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM decisions"), ==, 1);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM events WHERE action = 'simulate'"),
                   ==, 0);
}

static void
test_empty_production_becomes_training (Fixture       *f,
                                        gconstpointer  data)
{
  g_autoptr(VigilScenario) s = scenario_new (6, 50, 100, VIGIL_SCENARIO_DEFAULT_ANOMALIES);
  g_autoptr(VigilSimulator) sim = NULL;
  g_autoptr(VigilSimulator) again = NULL;
  g_autoptr(VigilLedgerReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *meta = NULL;
  g_autofree char *json = vigil_scenario_to_json (s);

  g_assert_cmpint (vigil_store_get_purpose (f->store), ==, VIGIL_PURPOSE_PRODUCTION);
  sim = simulate (f->store, s);
  g_assert_cmpint (vigil_store_get_purpose (f->store), ==, VIGIL_PURPOSE_TRAINING);
  g_assert_cmpint (vigil_simulator_get_decisions (sim), ==, 900);
  g_assert_cmpint (vigil_simulator_get_first_id (sim), ==, 1);
  g_assert_cmpint (vigil_simulator_get_last_id (sim), ==, 900);
  g_assert_cmpuint (vigil_simulator_get_days_written (sim), ==, 6);
  meta = vigil_store_get_meta (f->store, "scenario");
  g_assert_cmpstr (meta, ==, json);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM events WHERE action = 'set_purpose'"),
                   ==, 1);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM events WHERE action = 'simulate' "
                                        "AND json_extract(details, '$.decisions') = 900 "
                                        "AND json_extract(details, '$.complete') = 1 "
                                        "AND json_extract(details, '$.scenario.seed') = 42"), ==, 1);

  /* A training database takes another run. */
  again = simulate (f->store, s);
  g_assert_cmpint (vigil_simulator_get_first_id (again), ==, 901);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM decisions"), ==, 1800);

  report = vigil_store_verify (f->store, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_ledger_report_is_intact (report));
}

/* Each day's decisions are committed with the simulate event that names them, in one
 * transaction: none is left that no event accounts for. */
static void
test_day_events (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(VigilScenario) s = scenario_new (6, 50, 100, VIGIL_SCENARIO_DEFAULT_ANOMALIES);
  g_autoptr(VigilSimulator) sim = simulate (f->store, s);

  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM events WHERE action = 'simulate' "
                                        "AND json_extract(details, '$.day') IS NOT NULL"), ==, 6);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM events WHERE action = 'simulate' "
                                        "AND json_extract(details, '$.day') = 3 "
                                        "AND json_extract(details, '$.date') = '2026-03-04' "
                                        "AND json_extract(details, '$.decisions') = 150"), ==, 1);
  /* Every decision lies in the range of its own day's event. */
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM decisions d WHERE (SELECT count(*) "
                                        "FROM events e WHERE e.action = 'simulate' "
                                        "AND json_extract(e.details, '$.day') IS NOT NULL "
                                        "AND d.id BETWEEN json_extract(e.details, '$.first_id') "
                                        "AND json_extract(e.details, '$.last_id') "
                                        "AND substr(d.timestamp, 1, 10) = "
                                        "json_extract(e.details, '$.date')) != 1"), ==, 0);
}

typedef struct
{
  GCancellable *cancellable;
  double        at;
  guint         calls;
  double        last_fraction;
  gboolean      monotonic;
} Canceller;

static void
cancel_at (double   fraction,
           guint    day,
           gpointer data)
{
  Canceller *c = data;

  c->calls++;
  if (fraction < c->last_fraction || fraction > 1.0)
    c->monotonic = FALSE;
  c->last_fraction = fraction;
  if (fraction >= c->at - 1e-9)
    g_cancellable_cancel (c->cancellable);
}

static void
test_cancel_leaves_whole_days (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(VigilScenario) s = scenario_new (6, 3000, 3000, VIGIL_SCENARIO_DEFAULT_ANOMALIES);
  g_autoptr(VigilSimulator) sim = vigil_simulator_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(VigilLedgerReport) report = NULL;
  g_autoptr(GError) error = NULL;
  Canceller c = { cancellable, 1.0 / 6, 0, 0.0, TRUE };

  /* Days of 6000 decisions span two batches: the first is reported before the day commits. */
  g_assert_false (vigil_simulator_run (sim, f->store, s, cancellable, cancel_at, &c, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpuint (c.calls, ==, 2);
  g_assert_true (c.monotonic);
  g_assert_cmpuint (vigil_simulator_get_days_written (sim), ==, 1);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM decisions"), ==, 6000);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM decisions WHERE "
                                        "timestamp NOT LIKE '" START "T%'"), ==, 0);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM events WHERE action = 'simulate' "
                                        "AND json_extract(details, '$.complete') = 0 "
                                        "AND json_extract(details, '$.days_written') = 1"), ==, 1);
  report = vigil_store_verify (f->store, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_ledger_report_is_intact (report));
  g_assert_cmpint (vigil_ledger_report_get_table_records (report, "decisions"), ==, 6000);
}

static void
test_cancel_within_a_day (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(VigilScenario) s = scenario_new (6, 3000, 3000, VIGIL_SCENARIO_DEFAULT_ANOMALIES);
  g_autoptr(VigilSimulator) sim = vigil_simulator_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(VigilLedgerReport) report = NULL;
  g_autoptr(GError) error = NULL;
  Canceller c = { cancellable, 0.0, 0, 0.0, TRUE };

  g_assert_false (vigil_simulator_run (sim, f->store, s, cancellable, cancel_at, &c, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpuint (c.calls, ==, 1);
  g_assert_cmpuint (vigil_simulator_get_days_written (sim), ==, 0);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM decisions"), ==, 0);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM events WHERE action = 'simulate'"),
                   ==, 0);
  report = vigil_store_verify (f->store, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_ledger_report_is_intact (report));
}

static void
test_progress (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(VigilScenario) s = scenario_new (3, 10, 10, VIGIL_ANOMALY_VOLUME_SPIKE);
  g_autoptr(VigilSimulator) sim = vigil_simulator_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Canceller c = { cancellable, 2.0, 0, 0.0, TRUE };

  vigil_scenario_set_anomaly_day (s, 2);
  g_assert_true (vigil_simulator_run (sim, f->store, s, cancellable, cancel_at, &c, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (c.calls, ==, 3);
  g_assert_true (c.monotonic);
  g_assert_cmpfloat (c.last_fraction, ==, 1.0);
  g_assert_cmpint (vigil_simulator_get_decisions (sim), ==, 20 + 60 + 20);
}

static void
test_default_start_is_yesterday (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(VigilScenario) s = vigil_scenario_new ();
  g_autoptr(VigilSimulator) sim = NULL;
  g_autoptr(VigilScenario) back = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) first = g_date_time_add_days (now, -6);
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
  g_autofree char *first_date = g_date_time_format (first, "%Y-%m-%d");
  g_autofree char *last_date = g_date_time_format (yesterday, "%Y-%m-%d");
  g_autofree char *resolved = vigil_scenario_dup_resolved_start_date (s);
  g_autofree char *meta = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_null (vigil_scenario_get_start_date (s));
  g_assert_cmpstr (resolved, ==, first_date);
  sim = simulate (f->store, s);
  g_assert_cmpint (vigil_simulator_get_decisions (sim), ==, 900);
  g_assert_cmpstr (vigil_scenario_get_start_date (vigil_simulator_get_scenario (sim)), ==,
                   first_date);

  sql = g_strdup_printf ("SELECT count(*) FROM decisions WHERE timestamp >= '%s' AND "
                         "timestamp < '%sT24'", first_date, last_date);
  g_assert_cmpint (count_rows (f->path, sql), ==, 900);

  /* What was recorded names the date, so a replay gives the same days. */
  meta = vigil_store_get_meta (f->store, "scenario");
  back = vigil_scenario_new_from_json (meta, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_scenario_get_start_date (back), ==, first_date);
}

static void
test_scenario_json (void)
{
  g_autoptr(VigilScenario) s = vigil_scenario_new ();
  g_autoptr(VigilScenario) back = NULL;
  g_autoptr(VigilScenario) partial = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *again = NULL;
  g_autofree char *defaults = vigil_scenario_to_json (s);

  g_assert_cmpstr (defaults, ==,
                   "{\"anomalies\":[\"sell_surge\",\"low_fico\"],\"anomaly_day\":4,"
                   "\"credit_per_day\":100,\"days\":6,\"intensities\":"
                   "{\"accuracy_drop\":1,\"category_shift\":1,\"concentration\":1,\"confidence_collapse\":1,"
                   "\"feature_drift\":1,\"low_fico\":1,\"missing_inputs\":1,\"sell_surge\":1,"
                   "\"volume_drop\":1,\"volume_spike\":1},"
                   "\"seed\":42,\"start_date\":null,\"trading_per_day\":50}");

  vigil_scenario_set_start_date (s, "2025-12-30");
  vigil_scenario_set_days (s, 30);
  vigil_scenario_set_trading_per_day (s, 35000);
  vigil_scenario_set_credit_per_day (s, 0);
  vigil_scenario_set_seed (s, G_GUINT64_CONSTANT (18446744073709551615));
  vigil_scenario_set_anomaly_day (s, 30);
  vigil_scenario_set_anomalies (s, VIGIL_ANOMALY_FEATURE_DRIFT | VIGIL_ANOMALY_CONCENTRATION |
                                   VIGIL_ANOMALY_VOLUME_DROP | VIGIL_ANOMALY_CONFIDENCE_COLLAPSE);
  vigil_scenario_set_intensity (s, 0.35);
  vigil_scenario_set_anomaly_intensity (s, VIGIL_ANOMALY_FEATURE_DRIFT, 0.8);
  json = vigil_scenario_to_json (s);
  g_assert_cmpstr (json, ==,
                   "{\"anomalies\":[\"concentration\",\"volume_drop\",\"confidence_collapse\","
                   "\"feature_drift\"],\"anomaly_day\":30,\"credit_per_day\":0,\"days\":30,"
                   "\"intensities\":{\"accuracy_drop\":0.35,\"category_shift\":0.35,"
                   "\"concentration\":0.35,"
                   "\"confidence_collapse\":0.35,\"feature_drift\":0.8,\"low_fico\":0.35,"
                   "\"missing_inputs\":0.35,\"sell_surge\":0.35,"
                   "\"volume_drop\":0.35,\"volume_spike\":0.35},\"seed\":18446744073709551615,"
                   "\"start_date\":\"2025-12-30\",\"trading_per_day\":35000}");

  back = vigil_scenario_new_from_json (json, &error);
  g_assert_no_error (error);
  again = vigil_scenario_to_json (back);
  g_assert_cmpstr (again, ==, json);
  g_assert_cmpuint (vigil_scenario_get_seed (back), ==, G_MAXUINT64);
  g_assert_cmpfloat (vigil_scenario_get_anomaly_intensity (back, VIGIL_ANOMALY_VOLUME_DROP), ==,
                     0.35);
  g_assert_cmpfloat (vigil_scenario_get_anomaly_intensity (back, VIGIL_ANOMALY_FEATURE_DRIFT),
                     ==, 0.8);
  /* The largest of them */
  g_assert_cmpfloat (vigil_scenario_get_intensity (back), ==, 0.8);

  /* Outcomes of its own, written only when set, and read back */
  {
    g_autoptr(VigilScenario) with = vigil_scenario_copy (s);
    g_autoptr(VigilScenario) read = NULL;
    g_autofree char *text = NULL;
    g_autofree char *text_again = NULL;
    double share;
    guint lag;

    vigil_scenario_get_outcomes (with, &share, &lag);
    g_assert_cmpfloat (share, ==, 0.0);
    g_assert_cmpuint (lag, ==, 3);
    vigil_scenario_set_outcome_share (with, 0.25);
    vigil_scenario_set_outcome_lag_days (with, 0);
    g_assert_true (vigil_scenario_validate (with, &error));
    text = vigil_scenario_to_json (with);
    g_assert_nonnull (strstr (text, "\"outcome_lag_days\":0,\"outcome_share\":0.25,"));
    read = vigil_scenario_new_from_json (text, &error);
    g_assert_no_error (error);
    text_again = vigil_scenario_to_json (read);
    g_assert_cmpstr (text_again, ==, text);
    vigil_scenario_get_outcomes (read, &share, &lag);
    g_assert_cmpfloat (share, ==, 0.25);
    g_assert_cmpuint (lag, ==, 0);
    vigil_scenario_set_outcome_share (read, NAN);
    vigil_scenario_set_anomalies (read, VIGIL_ANOMALY_ACCURACY_DROP);
    vigil_scenario_set_outcome_lag_days (read, -1);
    vigil_scenario_get_outcomes (read, &share, &lag);
    g_assert_cmpfloat (share, ==, 0.8);
    g_assert_cmpuint (lag, ==, 3);
    vigil_scenario_set_outcome_share (read, 1.01);
    g_assert_false (vigil_scenario_validate (read, &error));
    g_assert_error (error, VIGIL_SCENARIO_ERROR, VIGIL_SCENARIO_ERROR_INVALID);
    g_clear_error (&error);
  }

  /* Spaces, any key order, and settings left out keep their defaults. */
  partial = vigil_scenario_new_from_json (" { \"seed\" : 7 ,\n \"anomalies\": [ \"volume_spike\" ],"
                                          " \"intensity\": 5e-1 } ", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vigil_scenario_get_seed (partial), ==, 7);
  g_assert_cmpuint (vigil_scenario_get_days (partial), ==, 6);
  g_assert_cmpuint (vigil_scenario_get_anomalies (partial), ==, VIGIL_ANOMALY_VOLUME_SPIKE);
  /* The single intensity of older scenarios is every anomaly's */
  for (guint bit = 1; bit & VIGIL_ANOMALY_ALL; bit <<= 1)
    g_assert_cmpfloat (vigil_scenario_get_anomaly_intensity (partial, bit), ==, 0.5);
  g_assert_cmpfloat (vigil_scenario_get_intensity (partial), ==, 0.5);
  g_assert_null (vigil_scenario_get_start_date (partial));
  g_clear_object (&partial);

  /* Some anomalies' intensities: the others keep theirs */
  partial = vigil_scenario_new_from_json ("{\"intensities\":{\"low_fico\":0.25}}", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (vigil_scenario_get_anomaly_intensity (partial, VIGIL_ANOMALY_LOW_FICO), ==,
                     0.25);
  g_assert_cmpfloat (vigil_scenario_get_anomaly_intensity (partial, VIGIL_ANOMALY_SELL_SURGE),
                     ==, 1.0);
}

static void
test_scenario_validation (void)
{
  const struct
  {
    const char *json;
    const char *message;
  } bad[] = {
    { "{\"days\":", "not valid JSON" },
    { "[1,2]", "JSON object" },
    { "{\"days\":0}", "from 1 to 3650 days, not 0" },
    { "{\"days\":3651}", "from 1 to 3650 days, not 3651" },
    { "{\"days\":-1}", "“days” in the scenario must be a whole number, not “-1”" },
    { "{\"days\":2.5}", "must be a whole number, not “2.5”" },
    { "{\"days\":\"6\"}", "must be a whole number" },
    { "{\"days\":99999999999}", "too large" },
    { "{\"trading_per_day\":1000001}", "Trading decisions per day must be between 0 and 1000000" },
    { "{\"credit_per_day\":2000000}", "Credit decisions per day must be between 0 and 1000000" },
    { "{\"trading_per_day\":0,\"credit_per_day\":0}", "both 0" },
    { "{\"anomaly_day\":7}", "one of the 6 simulated days (1 to 6), not 7" },
    { "{\"anomaly_day\":0}", "not 0" },
    { "{\"intensity\":0}", "above 0 and at most 1, not 0" },
    { "{\"intensity\":1.5}", "at most 1" },
    { "{\"intensity\":-0.5}", "above 0" },
    { "{\"intensity\":null}", "must be a number" },
    { "{\"intensities\":{\"low_fico\":0}}", "intensity of low_fico must be above 0 and at most "
      "1, not 0" },
    { "{\"intensities\":{\"volume_drop\":1.5}}", "intensity of volume_drop" },
    { "{\"intensities\":{\"meteor\":0.5}}", "“meteor” is not an anomaly" },
    { "{\"intensities\":{\"sell_surge\":\"high\"}}", "“intensities.sell_surge” in the "
      "scenario must be a number, not “\"high\"”" },
    { "{\"intensities\":0.5}", "“intensities” in the scenario must be an object" },
    { "{\"intensities\":{\"sell_surge\":0.5},\"intensity\":0.5}", "both “intensity” and "
      "“intensities”" },
    { "{\"anomalies\":[\"sell_surge\",\"meteor\"]}", "“meteor” is not an anomaly; the anomalies "
      "are sell_surge, low_fico, concentration, volume_spike, volume_drop, confidence_collapse, "
      "feature_drift, missing_inputs, category_shift, accuracy_drop" },
    { "{\"anomalies\":\"sell_surge\"}", "list of anomaly names" },
    { "{\"anomalies\":[1]}", "list of anomaly names" },
    { "{\"anomalies\":[\"volume_spike\",\"volume_drop\"]}", "same day" },
    { "{\"start_date\":\"2026-02-30\"}", "“2026-02-30” is not a date" },
    { "{\"start_date\":\"2026-03-02T10:00:00Z\"}", "YYYY-MM-DD" },
    { "{\"start_date\":20260302}", "a date as YYYY-MM-DD, or null" },
    { "{\"start_date\":\"9999-12-30\"}", "past the year 9999" },
    { "{\"colour\":\"red\"}", "“colour”" },
    { "{\"days\":6,\"days\":7}", "duplicate key" },
  };
  g_autoptr(VigilScenario) s = vigil_scenario_new ();
  g_autoptr(GError) error = NULL;
  VigilAnomaly set;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(VigilScenario) scenario = vigil_scenario_new_from_json (bad[i].json, &error);

      if (scenario != NULL || error == NULL || strstr (error->message, bad[i].message) == NULL)
        g_error ("%s: expected an error with “%s”, got %s", bad[i].json, bad[i].message,
                 error ? error->message : "none");
      g_assert_true (error->domain == VIGIL_SCENARIO_ERROR);
      g_clear_error (&error);
    }

  /* The same checks on settings made one by one, as a form does. */
  g_assert_true (vigil_scenario_validate (s, &error));
  g_assert_no_error (error);
  vigil_scenario_set_days (s, 3);
  g_assert_false (vigil_scenario_validate (s, &error));
  g_assert_error (error, VIGIL_SCENARIO_ERROR, VIGIL_SCENARIO_ERROR_INVALID);
  g_clear_error (&error);
  /* A run without anomalies does not care about the anomaly day. */
  vigil_scenario_set_anomalies (s, VIGIL_ANOMALY_NONE);
  g_assert_true (vigil_scenario_validate (s, &error));
  vigil_scenario_set_intensity (s, NAN);
  g_assert_false (vigil_scenario_validate (s, &error));
  g_assert_error (error, VIGIL_SCENARIO_ERROR, VIGIL_SCENARIO_ERROR_INVALID);
  g_clear_error (&error);
  vigil_scenario_set_intensity (s, 1.0);
  vigil_scenario_set_anomaly_intensity (s, VIGIL_ANOMALY_CONFIDENCE_COLLAPSE, NAN);
  g_assert_false (vigil_scenario_validate (s, &error));
  g_assert_error (error, VIGIL_SCENARIO_ERROR, VIGIL_SCENARIO_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "intensity of confidence_collapse"));
  g_clear_error (&error);
  vigil_scenario_set_anomaly_intensity (s, VIGIL_ANOMALY_CONFIDENCE_COLLAPSE, 1.0);

  /* The anomaly names, one by one and as a list. */
  g_assert_true (vigil_anomalies_parse ("sell_surge, low_fico,feature_drift", &set, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (set, ==, VIGIL_ANOMALY_SELL_SURGE | VIGIL_ANOMALY_LOW_FICO |
                             VIGIL_ANOMALY_FEATURE_DRIFT);
  g_assert_true (vigil_anomalies_parse ("none", &set, &error));
  g_assert_cmpuint (set, ==, VIGIL_ANOMALY_NONE);
  g_assert_false (vigil_anomalies_parse ("sell_surge,SELL_SURGE", &set, &error));
  g_assert_error (error, VIGIL_SCENARIO_ERROR, VIGIL_SCENARIO_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“SELL_SURGE” is not an anomaly"));
  g_clear_error (&error);
  for (guint bit = 1; bit & VIGIL_ANOMALY_ALL; bit <<= 1)
    {
      VigilAnomaly one;
      g_autofree char *list = vigil_anomalies_to_string (bit);
      g_autoptr(GFlagsClass) klass = g_type_class_ref (VIGIL_TYPE_ANOMALY);
      GFlagsValue *value = g_flags_get_first_value (klass, bit);

      g_assert_true (vigil_anomaly_from_string (vigil_anomaly_to_string (bit), &one));
      g_assert_cmpuint (one, ==, bit);
      g_assert_cmpstr (list, ==, vigil_anomaly_to_string (bit));
      g_assert_cmpstr (value->value_nick, ==, vigil_anomaly_to_string (bit));
    }
  g_assert_null (vigil_anomaly_to_string (VIGIL_ANOMALY_SELL_SURGE | VIGIL_ANOMALY_LOW_FICO));
}

static void
test_scenario_describe (void)
{
  g_autoptr(VigilScenario) s = vigil_scenario_new ();
  g_autofree char *text = vigil_scenario_describe (s);
  g_autofree char *three = NULL;
  g_autofree char *none = NULL;
  g_autofree char *one = NULL;

  g_assert_cmpstr (text, ==, "On day 4, 70% of trading signals are forced to SELL and 30% of "
                             "credit applicants have a FICO score between 400 and 550.");

  vigil_scenario_set_anomalies (s, VIGIL_ANOMALY_VOLUME_SPIKE | VIGIL_ANOMALY_CONCENTRATION |
                                   VIGIL_ANOMALY_CONFIDENCE_COLLAPSE);
  vigil_scenario_set_intensity (s, 0.5);
  vigil_scenario_set_anomaly_day (s, 2);
  three = vigil_scenario_describe (s);
  g_assert_cmpstr (three, ==, "On day 2, 30% of trading signals are forced onto a single ticker, "
                              "both models make 100% more decisions than usual and both models "
                              "report a 20% lower confidence.");
  g_clear_pointer (&three, g_free);

  /* Each at its own intensity */
  vigil_scenario_set_anomaly_intensity (s, VIGIL_ANOMALY_VOLUME_SPIKE, 0.25);
  vigil_scenario_set_anomaly_intensity (s, VIGIL_ANOMALY_CONFIDENCE_COLLAPSE, 1.0);
  three = vigil_scenario_describe (s);
  g_assert_cmpstr (three, ==, "On day 2, 30% of trading signals are forced onto a single ticker, "
                              "both models make 50% more decisions than usual and both models "
                              "report a 40% lower confidence.");

  vigil_scenario_set_anomalies (s, VIGIL_ANOMALY_NONE);
  none = vigil_scenario_describe (s);
  g_assert_cmpstr (none, ==, "No anomaly is injected: every day is a normal day.");

  one = vigil_anomaly_describe (VIGIL_ANOMALY_VOLUME_DROP, 1.0);
  g_assert_cmpstr (one, ==, "Both models make 80% fewer decisions than usual.");
  for (guint bit = 1; bit & VIGIL_ANOMALY_ALL; bit <<= 1)
    {
      g_autofree char *sentence = vigil_anomaly_describe (bit, 1.0);

      g_assert_false (g_ascii_islower (sentence[0]));
      g_assert_true (g_str_has_suffix (sentence, "."));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/scenario/json", test_scenario_json);
  g_test_add_func ("/vigil/scenario/validation", test_scenario_validation);
  g_test_add_func ("/vigil/scenario/describe", test_scenario_describe);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/vigil/simulator/same-seed-same-rows", test_same_seed_same_rows);
  ADD ("/vigil/simulator/normal-days-stay", test_normal_days_stay);
  ADD ("/vigil/simulator/counts-and-times", test_counts_and_times);
  ADD ("/vigil/simulator/spread-over-the-day", test_spread_over_the_day);
  ADD ("/vigil/simulator/models-follow-the-notebook", test_models_follow_the_notebook);
  ADD ("/vigil/simulator/sell-surge", test_sell_surge);
  ADD ("/vigil/simulator/low-fico", test_low_fico);
  ADD ("/vigil/simulator/own-intensities", test_own_intensities);
  ADD ("/vigil/simulator/concentration", test_concentration);
  ADD ("/vigil/simulator/feature-drift", test_feature_drift);
  ADD ("/vigil/simulator/missing-inputs", test_missing_inputs);
  ADD ("/vigil/simulator/category-shift", test_category_shift);
  ADD ("/vigil/simulator/confidence-collapse", test_confidence_collapse);
  ADD ("/vigil/simulator/refuses-production", test_refuses_production);
  ADD ("/vigil/simulator/empty-production-becomes-training",
       test_empty_production_becomes_training);
  ADD ("/vigil/simulator/day-events", test_day_events);
  ADD ("/vigil/simulator/cancel-leaves-whole-days", test_cancel_leaves_whole_days);
  ADD ("/vigil/simulator/cancel-within-a-day", test_cancel_within_a_day);
  ADD ("/vigil/simulator/progress", test_progress);
  ADD ("/vigil/simulator/default-start-is-yesterday", test_default_start_is_yesterday);
#undef ADD

  return g_test_run ();
}
