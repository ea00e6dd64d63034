/* bench-fill.c: the decisions the benchmarks fill their databases with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bench-fill.h"
#include "vigil-store-private.h"

static const char *tickers[] = { "AAPL", "MSFT", "AMZN", "GOOG", "JPM", "BAC", "XOM", "CVX", "JNJ",
                                 "PFE", "UNH", "V", "MA", "HD", "PG" };

static const char *
intern (gpointer    data,
        const char *str)
{
  return g_string_chunk_insert (data, str);
}

/* The notebook's two models over 90 days in time order, through the store's own append path:
 * 60% trading signals naming a ticker (with a SELL surge on the last day), 40% credit
 * approvals naming none. */
void
bench_fill_decisions (VigilStore *store,
                      gint64      n,
                      gint64      start_usec,
                      int         days)
{
  GRand *rand = g_rand_new_with_seed (11);
  GStringChunk *chunk = g_string_chunk_new (1 << 20);
  VigilRecord *batch = g_new0 (VigilRecord, 8192);
  gint64 span = (gint64) days * G_TIME_SPAN_DAY;
  gint64 done = 0;
  g_autoptr(GError) error = NULL;

  while (done < n)
    {
      guint m = (guint) MIN (8192, n - done);

      for (guint i = 0; i < m; i++)
        {
          VigilRecord *r = &batch[i];
          gint64 k = done + i;
          gint64 when = start_usec + (gint64) ((double) span * (double) k / (double) n);
          char features[160];

          memset (r, 0, sizeof *r);
          vigil_timestamp_format (when, r->timestamp);
          r->has_confidence = TRUE;
          if (g_rand_double (rand) < 0.6)
            {
              double momentum = g_rand_double_range (rand, -0.25, 0.35);

              if (when >= start_usec + span - G_TIME_SPAN_DAY && g_rand_double (rand) < 0.7)
                momentum = -0.2;
              r->model_name = "MomentumSignal";
              r->model_version = "v1.3";
              r->decision_type = "trading_signal";
              r->prediction = momentum > 0.15 ? "BUY" : momentum < -0.10 ? "SELL" : "HOLD";
              r->confidence = CLAMP (0.6 + fabs (momentum) + g_rand_double_range (rand, -0.1, 0.1),
                                     0.0, 1.0);
              r->ticker = tickers[g_rand_int_range (rand, 0, G_N_ELEMENTS (tickers))];
              r->sector = "Tech";
              g_snprintf (features, sizeof features, "{\"momentum_12m\":%.6f,\"volatility\":%.4f}",
                          momentum, g_rand_double_range (rand, 0.1, 0.4));
            }
          else
            {
              int fico = g_rand_int_range (rand, 500, 850);

              r->model_name = "CreditXGBoost";
              r->model_version = "v2.1";
              r->decision_type = "credit_approval";
              r->prediction = fico >= 700 ? "APPROVE" : fico >= 620 ? "REVIEW" : "DENY";
              r->confidence = 0.5 + (double) fico / 2000.0;
              g_snprintf (features, sizeof features, "{\"dti\":%.2f,\"fico\":%d}",
                          g_rand_double_range (rand, 0.05, 0.6), fico);
            }
          r->user_id = "system";
          r->input_features = intern (chunk, features);
          vigil_record_hash_input (r);
        }
      if (!vigil_store_begin_write (store, &error) ||
          !vigil_store_append_records (store, batch, m, &error) ||
          !vigil_store_commit (store, &error))
        g_error ("filling the database: %s", error->message);
      g_string_chunk_clear (chunk);
      done += m;
      if (done % 1000000 == 0 || done == n)
        {
          g_printerr ("\r  filling: %" PRId64 " of %" PRId64, done, n);
          fflush (stderr);
        }
    }
  g_printerr ("\n");
  g_free (batch);
  g_string_chunk_free (chunk);
  g_rand_free (rand);
}
