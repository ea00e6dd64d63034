/* vigil-simulator.c: the notebook's two models and day generator, seeded, into a training store
 *
 * MomentumSignal v1.3 and CreditXGBoost v2.1 are the notebook's models, formula for formula;
 * the day generator is its simulate_production_day() with the same distributions, and the
 * anomalies of a VigilScenario injected on one day. Unlike the notebook, decisions are spread
 * over their day and every draw comes from a generator seeded by the scenario: each day, and
 * each model within it, has its own stream, so a scenario and seed give the same rows and
 * record hashes again in a fresh database, and normal days do not change when the anomalies do.
 * Credit applications also carry a loan purpose, which the notebook's do not: a text input for
 * the categorical checks, drawn from a stream of its own so that the notebook's inputs are the
 * same draws they were without it.
 * Generated features depend on libm's log, exp, sin and cos, so "the same" means on the same
 * platform and C library.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-simulator"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "vigil-json.h"
#include "vigil-json-parser.h"
#include "vigil-simulator.h"
#include "vigil-store-private.h"

#define USEC_PER_DAY G_GINT64_CONSTANT (86400000000)
#define BATCH_SIZE   4096

static const char *tickers[] = {
  "AAPL", "MSFT", "AMZN", "GOOG", "JPM", "BAC", "XOM", "CVX", "JNJ", "PFE", "UNH", "V", "MA",
  "HD", "PG",
};

static const char *sectors[] = {
  "Tech", "Finance", "Energy", "Health", "Consumer_Staples", "Industrials",
};

/* Loan purposes and their shares, which CreditXGBoost is given and does not use */
static const struct
{
  const char *purpose;
  double      share;
} loan_purposes[] = {
  { "home", 0.30 },
  { "auto", 0.25 },
  { "debt_consolidation", 0.20 },
  { "education", 0.10 },
  { "business", 0.10 },
  { "medical", 0.05 },
};

#define SHIFTED_PURPOSE "debt_consolidation"

static const char *credit_users[] = {
  "User-1", "User-2", "User-3", "User-4", "User-5", "User-6", "User-7", "User-8", "User-9",
  "User-10",
};

/* xoshiro256** (Blackman and Vigna), seeded through splitmix64. */
typedef struct
{
  guint64  s[4];
  gboolean has_spare;
  double   spare;
} Rng;

/* The loan purpose has a stream of its own, so that the other inputs stay as they were
 * before it was added. */
enum {
  STREAM_TIME,
  STREAM_TRADING,
  STREAM_CREDIT,
  STREAM_MISSING_INPUTS,
  STREAM_PURPOSE,
  STREAM_OUTCOMES,
};

/* An outcome shows its decision right with this probability on a normal day; which share of
 * the decisions get one, and how late, is the scenario's (vigil_scenario_get_outcomes()) */
#define OUTCOME_RIGHT  0.8

/* A decision's outcome, recorded once the day's decisions have their ids */
typedef struct
{
  guint       index;    /* among the day's decisions */
  const char *value;
  gint64      usec;
} PendingOutcome;

struct _VigilSimulator
{
  GObject        parent_instance;
  char          *actor;
  VigilScenario *scenario;
  guint          days_written;
  gint64         decisions;
  gint64         trading;
  gint64         credit;
  gint64         first_id;
  gint64         last_id;
  const char    *concentrated_ticker;
};

G_DEFINE_FINAL_TYPE (VigilSimulator, vigil_simulator, G_TYPE_OBJECT)

static guint64
splitmix64 (guint64 *x)
{
  guint64 z = (*x += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

static void
rng_init (Rng     *rng,
          guint64  seed,
          guint    day,
          guint    stream)
{
  guint64 x = seed;

  x = splitmix64 (&x) ^ day;
  x = splitmix64 (&x) ^ stream;
  for (guint i = 0; i < 4; i++)
    rng->s[i] = splitmix64 (&x);
  rng->has_spare = FALSE;
  rng->spare = 0.0;
}

static inline guint64
rotl (guint64 x,
      int     k)
{
  return (x << k) | (x >> (64 - k));
}

static guint64
rng_next (Rng *rng)
{
  guint64 *s = rng->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);
  return result;
}

/* In [0, 1). */
static double
rng_double (Rng *rng)
{
  return (double) (rng_next (rng) >> 11) * 0x1.0p-53;
}

static double
rng_uniform (Rng    *rng,
             double  low,
             double  high)
{
  return low + (high - low) * rng_double (rng);
}

/* In [0, n), without modulo bias. */
static guint64
rng_below (Rng     *rng,
           guint64  n)
{
  guint64 threshold = (0 - n) % n;
  guint64 x;

  do
    x = rng_next (rng);
  while (x < threshold);
  return x % n;
}

/* Python's random.randint(): both ends included. */
static gint64
rng_int (Rng    *rng,
         gint64  low,
         gint64  high)
{
  return low + (gint64) rng_below (rng, (guint64) (high - low + 1));
}

/* Box–Muller; the second value of each pair is kept for the next call. */
static double
rng_normal (Rng    *rng,
            double  mean,
            double  sd)
{
  double u1, u2, radius;

  if (rng->has_spare)
    {
      rng->has_spare = FALSE;
      return mean + sd * rng->spare;
    }
  u1 = 1.0 - rng_double (rng);
  u2 = rng_double (rng);
  radius = sqrt (-2.0 * log (u1));
  rng->spare = radius * sin (2.0 * G_PI * u2);
  rng->has_spare = TRUE;
  return mean + sd * radius * cos (2.0 * G_PI * u2);
}

static double
rng_lognormal (Rng    *rng,
               double  mean,
               double  sigma)
{
  return exp (rng_normal (rng, mean, sigma));
}

/* The notebook's generate_trading_signal(), MomentumSignal v1.3. */
static void
momentum_signal (double       momentum_12m,
                 const char **prediction,
                 double      *confidence,
                 const char **explanation)
{
  if (momentum_12m > 0.15)
    {
      *prediction = "BUY";
      *confidence = 0.75;
      *explanation = "Strong 12-month momentum";
    }
  else if (momentum_12m < -0.10)
    {
      *prediction = "SELL";
      *confidence = 0.70;
      *explanation = "Negative 12-month momentum";
    }
  else
    {
      *prediction = "HOLD";
      *confidence = 0.55;
      *explanation = "Neutral momentum";
    }
}

/* The notebook's score_credit_application(), CreditXGBoost v2.1. The explanation is its
 * f-string, numbers formatted the same in every locale. */
static void
credit_xgboost (gint64       fico,
                double       dti,
                const char **prediction,
                double      *confidence,
                char        *explanation,
                gsize        explanation_size)
{
  double pd_score = MAX (0.01, MIN (0.99, (double) (800 - fico) / 1000.0 + dti / 200.0));
  char pd_text[G_ASCII_DTOSTR_BUF_SIZE];
  char dti_text[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (pd_text, sizeof pd_text, "%.2f", pd_score);
  g_ascii_formatd (dti_text, sizeof dti_text, "%.1f", dti);
  *prediction = pd_score < 0.15 ? "APPROVE" : "DECLINE";
  *confidence = 1.0 - pd_score;
  g_snprintf (explanation, explanation_size,
              "%s PD (%s) based on FICO (%" G_GINT64_FORMAT ") and DTI (%s)",
              pd_score < 0.15 ? "Low" : "High", pd_text, fico, dti_text);
}

typedef struct
{
  VigilAnomaly  anomalies;    /* those of this day: none on a normal day */
  double        intensity[VIGIL_N_ANOMALIES];  /* each anomaly's, by bit */
  double        confidence_factor;
  const char   *focus_ticker;
  Rng           trading;
  Rng           credit;
  Rng           missing_inputs;  /* drawn only on a day of that anomaly */
  Rng           purpose;
  GString      *text;
  GString      *canonical;
  GStringChunk *strings;
} DayGenerator;

/* The intensity of VIGIL_ANOMALY_<name> on this day */
#define INTENSITY(g, name) ((g)->intensity[g_bit_nth_lsf (VIGIL_ANOMALY_##name, -1)])

static const char *
intern_features (DayGenerator *g)
{
  g_autofree char *reason = NULL;

  g_string_truncate (g->canonical, 0);
  if (!vigil_json_canonicalize (g->text->str, g->text->len, g->canonical, &reason))
    g_error ("Generated input features %s are not valid JSON: %s", g->text->str, reason);
  return g_string_chunk_insert_len (g->strings, g->canonical->str, (gssize) g->canonical->len);
}

static void
generate_trading (DayGenerator *g,
                  VigilRecord  *r)
{
  Rng *rng = &g->trading;
  double momentum_12m, volatility, pe_ratio, drift = 0.0;

  if ((g->anomalies & VIGIL_ANOMALY_CONCENTRATION) && rng_double (rng) < 0.6 * INTENSITY (g, CONCENTRATION))
    r->ticker = g->focus_ticker;
  else
    r->ticker = tickers[rng_below (rng, G_N_ELEMENTS (tickers))];
  r->sector = sectors[rng_below (rng, G_N_ELEMENTS (sectors))];

  momentum_12m = rng_normal (rng, 0.05, 0.15);
  if ((g->anomalies & VIGIL_ANOMALY_SELL_SURGE) && rng_double (rng) < 0.7 * INTENSITY (g, SELL_SURGE))
    momentum_12m = -0.20;
  if (g->anomalies & VIGIL_ANOMALY_FEATURE_DRIFT)
    drift = INTENSITY (g, FEATURE_DRIFT);
  volatility = rng_uniform (rng, 0.1 + 0.15 * drift, 0.4 + 0.15 * drift);
  pe_ratio = rng_uniform (rng, 10.0 + 15.0 * drift, 40.0 + 15.0 * drift);

  g_string_assign (g->text, "{\"momentum_12m\":");
  vigil_json_write_double (g->text, momentum_12m);
  g_string_append (g->text, ",\"pe_ratio\":");
  vigil_json_write_double (g->text, pe_ratio);
  g_string_append (g->text, ",\"volatility\":");
  vigil_json_write_double (g->text, volatility);
  g_string_append_c (g->text, '}');
  r->input_features = intern_features (g);

  r->model_name = "MomentumSignal";
  r->model_version = "v1.3";
  r->decision_type = "trading_signal";
  momentum_signal (momentum_12m, &r->prediction, &r->confidence, &r->explanation);
  r->confidence *= g->confidence_factor;
  r->has_confidence = TRUE;
  r->user_id = "system";
}

static const char *
loan_purpose (DayGenerator *g)
{
  double u = rng_double (&g->purpose);

  if ((g->anomalies & VIGIL_ANOMALY_CATEGORY_SHIFT) &&
      rng_double (&g->purpose) < 0.5 * INTENSITY (g, CATEGORY_SHIFT))
    return SHIFTED_PURPOSE;
  for (guint i = 0; i < G_N_ELEMENTS (loan_purposes) - 1; i++)
    {
      if (u < loan_purposes[i].share)
        return loan_purposes[i].purpose;
      u -= loan_purposes[i].share;
    }
  return loan_purposes[G_N_ELEMENTS (loan_purposes) - 1].purpose;
}

static void
generate_credit (DayGenerator *g,
                 VigilRecord  *r)
{
  Rng *rng = &g->credit;
  char applicant[16];
  char explanation[128];
  double dti, income_mean = 11.0, loan_mean = 10.0;
  gint64 fico, income, loan_amount;

  g_snprintf (applicant, sizeof applicant, "APP-%" G_GINT64_FORMAT, rng_int (rng, 10000, 99999));
  fico = (gint64) rng_normal (rng, 700.0, 60.0);
  dti = rng_uniform (rng, 15.0, 55.0);
  if ((g->anomalies & VIGIL_ANOMALY_LOW_FICO) && rng_double (rng) < 0.3 * INTENSITY (g, LOW_FICO))
    fico = rng_int (rng, 400, 550);
  dti = round (dti * 10.0) / 10.0;
  if (g->anomalies & VIGIL_ANOMALY_FEATURE_DRIFT)
    {
      income_mean += 0.6 * INTENSITY (g, FEATURE_DRIFT);
      loan_mean += 0.8 * INTENSITY (g, FEATURE_DRIFT);
    }
  income = (gint64) rng_lognormal (rng, income_mean, 0.5);
  loan_amount = (gint64) rng_lognormal (rng, loan_mean, 0.8);

  g_string_printf (g->text, "{\"dti\":");
  vigil_json_write_double (g->text, dti);
  g_string_append_printf (g->text, ",\"fico\":%" G_GINT64_FORMAT ",\"income\":%" G_GINT64_FORMAT
                          ",\"loan_amount\":%" G_GINT64_FORMAT ",\"loan_purpose\":", fico, income,
                          loan_amount);
  vigil_json_write_string (g->text, loan_purpose (g));
  g_string_append_c (g->text, '}');
  r->input_features = intern_features (g);

  r->model_name = "CreditXGBoost";
  r->model_version = "v2.1";
  r->decision_type = "credit_approval";
  credit_xgboost (fico, dti, &r->prediction, &r->confidence, explanation, sizeof explanation);
  r->confidence *= g->confidence_factor;
  r->has_confidence = TRUE;
  r->explanation = g_string_chunk_insert (g->strings, explanation);
  /* The notebook draws an applicant id and drops it; a reviewer needs it, so it is kept where
   * a credit decision has no other use for the column. */
  r->portfolio_id = g_string_chunk_insert (g->strings, applicant);
  r->user_id = credit_users[rng_below (rng, G_N_ELEMENTS (credit_users))];
}

/* A decision logged without its inputs: the model decided on them, the log lost them, and it
 * is stored as an import line without input_features is. The draw has a stream of its own, so
 * the day's other decisions and anomalies stay what they are without it. */
static void
lose_inputs (DayGenerator *g,
             VigilRecord  *r)
{
  if ((g->anomalies & VIGIL_ANOMALY_MISSING_INPUTS) &&
      rng_double (&g->missing_inputs) < 0.3 * INTENSITY (g, MISSING_INPUTS))
    r->input_features = "{}";
}

static void
vigil_simulator_finalize (GObject *object)
{
  VigilSimulator *self = (VigilSimulator *) object;

  g_clear_object (&self->scenario);
  g_free (self->actor);

  G_OBJECT_CLASS (vigil_simulator_parent_class)->finalize (object);
}

static void
vigil_simulator_class_init (VigilSimulatorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_simulator_finalize;
}

static void
vigil_simulator_init (VigilSimulator *self)
{
}

VigilSimulator *
vigil_simulator_new (void)
{
  return g_object_new (VIGIL_TYPE_SIMULATOR, NULL);
}

/**
 * vigil_simulator_set_actor:
 * @actor: (nullable): who the simulate event is recorded for; the login name when %NULL
 */
void
vigil_simulator_set_actor (VigilSimulator *self,
                           const char     *actor)
{
  g_return_if_fail (VIGIL_IS_SIMULATOR (self));

  g_free (self->actor);
  self->actor = g_strdup (actor);
}

/* Simulated decisions never mix with real ones: a production database takes them only while
 * it is empty, and then becomes a training database for good. */
static gboolean
prepare_store (VigilStore  *store,
               GError     **error)
{
  g_autoptr(VigilDecisionQuery) all = NULL;
  gint64 n;

  if (vigil_store_is_read_only (store))
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_READ_ONLY,
                   _("“%s” is open read-only; a simulation cannot be written to it"),
                   vigil_store_get_path (store));
      return FALSE;
    }
  if (vigil_store_get_purpose (store) == VIGIL_PURPOSE_TRAINING)
    return TRUE;

  all = vigil_decision_query_new ();
  n = vigil_store_count_decisions (store, all, error);
  if (n < 0)
    return FALSE;
  if (n > 0)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CONFLICT,
                   _("“%s” is a production database and holds real decisions (%" PRId64 "); "
                     "simulated decisions go only into a training database. Simulate into a "
                     "new file, or one made with “vigilctl init --purpose training”"),
                   vigil_store_get_path (store), n);
      return FALSE;
    }
  return vigil_store_set_purpose (store, VIGIL_PURPOSE_TRAINING, error);
}

typedef struct
{
  VigilRecord            *records;
  guint                   n;
  GStringChunk           *strings;
  gint64                  done;    /* decisions of earlier days, committed */
  gint64                  total;
  VigilSimulatorProgress  progress;
  gpointer                progress_data;
  GCancellable           *cancellable;
} Run;

static gboolean
flush (VigilStore  *store,
       Run         *run,
       gint64      *day_first_id,
       gint64      *day_last_id,
       GError     **error)
{
  if (run->n == 0)
    return TRUE;
  if (!vigil_store_append_records (store, run->records, run->n, error))
    return FALSE;
  if (*day_first_id == 0)
    *day_first_id = run->records[0].id;
  *day_last_id = run->records[run->n - 1].id;
  run->n = 0;
  g_string_chunk_clear (run->strings);
  return TRUE;
}

/* A day's decisions are recorded by a simulate event in the transaction that commits them, so
 * no fault can leave simulated decisions that no event accounts for. */
static gboolean
record_day (VigilSimulator  *self,
            VigilStore      *store,
            guint            day,
            gint64           day_start,
            guint64          written,
            gint64           first_id,
            gint64           last_id,
            GError         **error)
{
  g_autoptr(GString) details = g_string_new (NULL);
  char date[VIGIL_TIMESTAMP_LEN];

  vigil_timestamp_format (day_start, date);
  date[10] = '\0';
  g_string_append_printf (details, "{\"day\":%u,\"date\":\"%s\",\"decisions\":%" PRIu64,
                          day, date, written);
  if (written > 0)
    g_string_append_printf (details, ",\"first_id\":%" PRId64 ",\"last_id\":%" PRId64,
                            first_id, last_id);
  g_string_append_c (details, '}');
  return vigil_store_append_event (store, self->actor ? self->actor : g_get_user_name (),
                                   "simulate", "database", details->str, error);
}

/* What happened after a decision: its own label, or another, when it was right or wrong;
 * for a credit decision, whether the loan was repaid */
static const char *
outcome_of (const char *prediction,
            gboolean    right,
            Rng        *rng)
{
  static const char *signals[] = { "BUY", "SELL", "HOLD" };

  if (g_str_equal (prediction, "APPROVE"))
    return right ? "repaid" : "default";
  if (g_str_equal (prediction, "DECLINE"))
    return right ? "default" : "repaid";
  if (right)
    return prediction;
  for (;;)
    {
      const char *other = signals[rng_below (rng, G_N_ELEMENTS (signals))];

      if (!g_str_equal (other, prediction))
        return other;
    }
}

/* Draws whether decision @index of the day, stamped @usec, gets an outcome, and which */
static void
draw_outcome (GArray            *pending,
              Rng               *rng,
              const VigilRecord *r,
              guint              index,
              gint64             usec,
              double             share,
              guint              lag_days,
              double             p_right,
              gint64             period_end)
{
  PendingOutcome o;
  gboolean gets = rng_double (rng) < share;
  gboolean right = rng_double (rng) < p_right;
  gint64 lag = lag_days > 0 ? 1 + (gint64) rng_below (rng, lag_days) : 0;

  if (!gets)
    return;
  o.index = index;
  o.value = outcome_of (r->prediction, right, rng);
  /* Not after the simulated period: what is simulated is known by its end */
  o.usec = MIN (usec + lag * USEC_PER_DAY, period_end - 1);
  g_array_append_val (pending, o);
}

/* The day's outcomes, in the transaction of its decisions; @first_id is the day's first */
static gboolean
record_outcomes (VigilSimulator  *self,
                 VigilStore      *store,
                 GArray          *pending,
                 gint64           first_id,
                 GError         **error)
{
  const char *actor = self->actor ? self->actor : g_get_user_name ();

  for (guint i = 0; i < pending->len; i++)
    {
      const PendingOutcome *o = &g_array_index (pending, PendingOutcome, i);
      char date[VIGIL_TIMESTAMP_LEN];

      vigil_timestamp_format (o->usec, date);
      if (!vigil_store_record_outcome_in_transaction (store, first_id + o->index, o->value, date,
                                                      actor, error))
        return FALSE;
    }
  return TRUE;
}

/* One day in one transaction: a cancelled or failed day leaves nothing behind. */
static gboolean
simulate_day (VigilSimulator  *self,
              VigilStore      *store,
              Run             *run,
              guint            day,
              gint64           day_start,
              GError         **error)
{
  VigilScenario *scenario = self->scenario;
  guint64 seed = vigil_scenario_get_seed (scenario);
  g_autoptr(GString) text = g_string_sized_new (128);
  g_autoptr(GString) canonical = g_string_sized_new (128);
  DayGenerator g = { 0 };
  g_autoptr(GArray) outcomes = g_array_new (FALSE, FALSE, sizeof (PendingOutcome));
  gboolean with_outcomes;
  double p_right = OUTCOME_RIGHT, outcome_share;
  guint outcome_lag_days;
  gint64 period_end = day_start + (gint64) (vigil_scenario_get_days (scenario) - day + 1) *
                                  USEC_PER_DAY;
  Rng time_rng, outcome_rng;
  guint n_trading, n_credit;
  guint64 left_trading, left_credit, written = 0;
  gint64 first_id = 0, last_id = 0;
  double at = 0.0;

  if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
    return FALSE;

  /* Outcomes draw from a stream of their own: they never change a decision */
  vigil_scenario_get_outcomes (scenario, &outcome_share, &outcome_lag_days);
  with_outcomes = outcome_share > 0.0;
  vigil_scenario_count_decisions (scenario, day, &n_trading, &n_credit);
  left_trading = n_trading;
  left_credit = n_credit;

  rng_init (&time_rng, seed, day, STREAM_TIME);
  rng_init (&g.trading, seed, day, STREAM_TRADING);
  rng_init (&g.credit, seed, day, STREAM_CREDIT);
  rng_init (&g.missing_inputs, seed, day, STREAM_MISSING_INPUTS);
  rng_init (&g.purpose, seed, day, STREAM_PURPOSE);
  rng_init (&outcome_rng, seed, day, STREAM_OUTCOMES);
  g.text = text;
  g.canonical = canonical;
  g.strings = run->strings;
  g.confidence_factor = 1.0;
  if (vigil_scenario_is_anomaly_day (scenario, day))
    {
      g.anomalies = vigil_scenario_get_anomalies (scenario);
      for (guint i = 0; i < VIGIL_N_ANOMALIES; i++)
        g.intensity[i] = vigil_scenario_get_anomaly_intensity (scenario,
                                                               (VigilAnomaly) (1u << i));
      /* A degraded model: same decisions, less sure of them. */
      if (g.anomalies & VIGIL_ANOMALY_CONFIDENCE_COLLAPSE)
        g.confidence_factor = 1.0 - 0.4 * INTENSITY (&g, CONFIDENCE_COLLAPSE);
      if (g.anomalies & VIGIL_ANOMALY_ACCURACY_DROP)
        p_right = OUTCOME_RIGHT - 0.6 * INTENSITY (&g, ACCURACY_DROP);
      if (g.anomalies & VIGIL_ANOMALY_CONCENTRATION)
        {
          g.focus_ticker = tickers[rng_below (&g.trading, G_N_ELEMENTS (tickers))];
          self->concentrated_ticker = g.focus_ticker;
        }
    }

  if (!vigil_store_begin_write (store, error))
    return FALSE;

  while (left_trading + left_credit > 0)
    {
      guint64 left = left_trading + left_credit;
      VigilRecord *r = &run->records[run->n];
      gint64 offset;

      /* The next of @left sorted uniform instants in what remains of the day: the minimum of
       * @left uniforms on [at, 1) is at + (1 - at)(1 - U^(1/left)). */
      at += (1.0 - at) * -expm1 (log (1.0 - rng_double (&time_rng)) / (double) left);
      offset = MIN ((gint64) (at * (double) USEC_PER_DAY), USEC_PER_DAY - 1);

      memset (r, 0, sizeof *r);
      vigil_timestamp_format (day_start + offset, r->timestamp);
      if (rng_below (&time_rng, left) < left_trading)
        {
          generate_trading (&g, r);
          left_trading--;
          self->trading++;
        }
      else
        {
          generate_credit (&g, r);
          left_credit--;
          self->credit++;
        }
      lose_inputs (&g, r);
      vigil_record_hash_input (r);
      if (with_outcomes)
        draw_outcome (outcomes, &outcome_rng, r, (guint) written, day_start + offset,
                      outcome_share, outcome_lag_days, p_right, period_end);
      written++;

      if (++run->n == BATCH_SIZE && left > 1)
        {
          if (!flush (store, run, &first_id, &last_id, error))
            goto fail;
          if (run->progress)
            run->progress ((double) (run->done + (gint64) written) / (double) run->total, day,
                           run->progress_data);
          if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
            goto fail;
        }
    }

  if (!flush (store, run, &first_id, &last_id, error) ||
      !record_outcomes (self, store, outcomes, first_id, error) ||
      !record_day (self, store, day, day_start, written, first_id, last_id, error) ||
      !vigil_store_commit (store, error))
    goto fail;

  run->done += (gint64) written;
  self->decisions += (gint64) written;
  self->days_written = day;
  if (self->first_id == 0)
    self->first_id = first_id;
  if (last_id != 0)
    self->last_id = last_id;
  if (run->progress)
    run->progress ((double) run->done / (double) run->total, day, run->progress_data);
  return TRUE;

fail:
  vigil_store_rollback (store);
  run->n = 0;
  g_string_chunk_clear (run->strings);
  self->trading -= (gint64) (n_trading - left_trading);
  self->credit -= (gint64) (n_credit - left_credit);
  return FALSE;
}

/* The scenario goes into meta, and the run into the events chain, in one transaction. */
static gboolean
record_run (VigilSimulator  *self,
            VigilStore      *store,
            gboolean         complete,
            GError         **error)
{
  g_autofree char *scenario_json = vigil_scenario_to_json (self->scenario);
  g_autoptr(GString) details = g_string_new ("{\"scenario\":");
  g_autoptr(GString) canonical = g_string_new (NULL);
  g_autoptr(VigilSqlStmt) stmt = NULL;
  g_autofree char *reason = NULL;
  VigilSql *db = vigil_store_get_sql (store);

  g_string_append (details, scenario_json);
  g_string_append_printf (details,
                          ",\"complete\":%s,\"days_written\":%u,\"decisions\":%" PRId64
                          ",\"trading\":%" PRId64 ",\"credit\":%" PRId64
                          ",\"first_id\":%" PRId64 ",\"last_id\":%" PRId64,
                          complete ? "true" : "false", self->days_written, self->decisions,
                          self->trading, self->credit, self->first_id, self->last_id);
  if (self->concentrated_ticker != NULL)
    {
      g_string_append (details, ",\"concentrated_ticker\":");
      vigil_json_write_string (details, self->concentrated_ticker);
    }
  g_string_append_c (details, '}');
  if (!vigil_json_canonicalize (details->str, details->len, canonical, &reason))
    g_error ("Simulation details %s are not valid JSON: %s", details->str, reason);

  if (!vigil_store_begin_write (store, error))
    return FALSE;
  if (vigil_sql_prepare (db, "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                         "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                         &stmt) != VIGIL_SQL_OK)
    goto fail;
  vigil_sql_bind_text (stmt, 1, "scenario", -1);
  vigil_sql_bind_text (stmt, 2, scenario_json, -1);
  if (vigil_sql_step (stmt) != VIGIL_SQL_DONE)
    goto fail;
  if (!vigil_store_append_event (store, self->actor ? self->actor : g_get_user_name (),
                                 "simulate", "database", canonical->str, error))
    {
      vigil_store_rollback (store);
      return FALSE;
    }
  return vigil_store_commit (store, error);

fail:
  vigil_store_set_sql_error (store, error, _("Could not record the simulation’s scenario"));
  vigil_store_rollback (store);
  return FALSE;
}

/**
 * vigil_simulator_run:
 * @store: a training database, or an empty production one (which becomes a training one)
 * @scenario: what to simulate; its default start date is resolved to the days ending yesterday
 * @cancellable: (nullable): stops the run between days, or between batches of a day (which is
 *   then rolled back)
 * @progress: (nullable) (scope call): told the share of decisions written and the day
 *
 * Generates the scenario's decisions day by day, each day in one transaction. Afterwards,
 * also after a cancellation that left some days, the scenario (with its resolved start date)
 * is kept in the database's meta table under "scenario" and a "simulate" event records it
 * with the counts written.
 *
 * Returns: %FALSE with @error when the scenario is invalid, the database is a production one
 *   that holds decisions, @cancellable fired, or writing failed; the days committed before stay
 */
gboolean
vigil_simulator_run (VigilSimulator          *self,
                     VigilStore              *store,
                     VigilScenario           *scenario,
                     GCancellable            *cancellable,
                     VigilSimulatorProgress   progress,
                     gpointer                 progress_data,
                     GError                 **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *start_date = NULL;
  Run run = { 0 };
  gint64 start;
  guint days;
  gboolean ok = TRUE;

  g_return_val_if_fail (VIGIL_IS_SIMULATOR (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_STORE (store), FALSE);
  g_return_val_if_fail (VIGIL_IS_SCENARIO (scenario), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);

  self->days_written = 0;
  self->decisions = self->trading = self->credit = 0;
  self->first_id = self->last_id = 0;
  self->concentrated_ticker = NULL;
  g_clear_object (&self->scenario);

  if (!vigil_scenario_validate (scenario, error) || !prepare_store (store, error))
    return FALSE;

  self->scenario = vigil_scenario_copy (scenario);
  start_date = vigil_scenario_dup_resolved_start_date (scenario);
  vigil_scenario_set_start_date (self->scenario, start_date);
  if (!vigil_scenario_validate (self->scenario, error))
    return FALSE;
  vigil_timestamp_parse (start_date, &start, NULL);

  days = vigil_scenario_get_days (self->scenario);
  for (guint day = 1; day <= days; day++)
    {
      guint n_trading, n_credit;

      vigil_scenario_count_decisions (self->scenario, day, &n_trading, &n_credit);
      run.total += (gint64) n_trading + (gint64) n_credit;
    }
  run.total = MAX (run.total, 1);
  run.records = g_new (VigilRecord, BATCH_SIZE);
  run.strings = g_string_chunk_new (256 * 1024);
  run.progress = progress;
  run.progress_data = progress_data;
  run.cancellable = cancellable;

  for (guint day = 1; day <= days && ok; day++)
    ok = simulate_day (self, store, &run, day, start + (gint64) (day - 1) * USEC_PER_DAY,
                       &local_error);

  g_free (run.records);
  g_string_chunk_free (run.strings);

  if (self->days_written > 0)
    {
      g_autoptr(GError) record_error = NULL;

      if (!record_run (self, store, ok, &record_error))
        {
          if (ok)
            {
              g_prefix_error (&record_error,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "The %u day simulated was committed with its event, "
                                           "but the run’s summary could not be recorded: ",
                                           "The %u days simulated were committed with their "
                                           "events, but the run’s summary could not be "
                                           "recorded: ", self->days_written),
                              self->days_written);
              g_propagate_error (error, g_steal_pointer (&record_error));
              return FALSE;
            }
          else if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              char *message = g_strdup_printf (_("%s (the run’s summary could not be recorded "
                                                 "either: %s)"), local_error->message,
                                               record_error->message);

              g_free (local_error->message);
              local_error->message = message;
            }
        }
    }

  if (!ok)
    {
      if (self->days_written > 0 &&
          !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&local_error,
                        g_dngettext (GETTEXT_PACKAGE,
                                     "The simulation stopped after %u day: ",
                                     "The simulation stopped after %u days: ",
                                     self->days_written),
                        self->days_written);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return ok;
}

guint
vigil_simulator_get_days_written (VigilSimulator *self)
{
  g_return_val_if_fail (VIGIL_IS_SIMULATOR (self), 0);
  return self->days_written;
}

/**
 * vigil_simulator_get_decisions:
 *
 * Returns: the decisions the last run committed
 */
gint64
vigil_simulator_get_decisions (VigilSimulator *self)
{
  g_return_val_if_fail (VIGIL_IS_SIMULATOR (self), 0);
  return self->decisions;
}

gint64
vigil_simulator_get_first_id (VigilSimulator *self)
{
  g_return_val_if_fail (VIGIL_IS_SIMULATOR (self), 0);
  return self->first_id;
}

gint64
vigil_simulator_get_last_id (VigilSimulator *self)
{
  g_return_val_if_fail (VIGIL_IS_SIMULATOR (self), 0);
  return self->last_id;
}

/**
 * vigil_simulator_get_concentrated_ticker:
 *
 * Returns: (nullable): the ticker the last run's concentration anomaly favoured
 */
const char *
vigil_simulator_get_concentrated_ticker (VigilSimulator *self)
{
  g_return_val_if_fail (VIGIL_IS_SIMULATOR (self), NULL);
  return self->concentrated_ticker;
}

/**
 * vigil_simulator_get_scenario:
 *
 * Returns: (transfer none) (nullable): the scenario of the last run, its start date resolved;
 *   what replays it exactly
 */
VigilScenario *
vigil_simulator_get_scenario (VigilSimulator *self)
{
  g_return_val_if_fail (VIGIL_IS_SIMULATOR (self), NULL);
  return self->scenario;
}
