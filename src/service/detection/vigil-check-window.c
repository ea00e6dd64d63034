/* vigil-check-window.c: a window's counts, which the notebook's four checks compare
 *
 * A window's whole UTC days come from the daily roll-ups (daily_predictions, daily_entities),
 * the parts of days at its ends from the covering index of model and time; a baseline leaves
 * out the decisions an alert already flagged, read through their partial index. A segment's
 * window, which the roll-ups do not count, is counted from its rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-detector"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-check-run-private.h"
#include "vigil-segment.h"
#include "vigil-sql-stmt.h"
#include "vigil-store-private.h"

static void
tally_free (gpointer data)
{
  VigilTally *t = data;

  g_free (t->key);
  g_free (t);
}

static void
tally_add (GHashTable *table,
           const char *key)
{
  VigilTally *t = g_hash_table_lookup (table, key);

  if (t == NULL)
    {
      t = g_new0 (VigilTally, 1);
      t->key = g_strdup (key);
      g_hash_table_insert (table, t->key, t);
    }
  t->count++;
}

void
vigil_check_window_init (VigilCheckWindow *w)
{
  memset (w, 0, sizeof *w);
  w->predictions = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, tally_free);
  w->tickers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, tally_free);
}

void
vigil_check_window_clear (VigilCheckWindow *w)
{
  g_clear_pointer (&w->predictions, g_hash_table_unref);
  g_clear_pointer (&w->tickers, g_hash_table_unref);
}

/* Categories and entities are few: a short list searched in order beats hashing each row's
 * string. Past SMALL_TALLIES distinct keys, the hash table takes over. */
#define SMALL_TALLIES 48

typedef struct
{
  GHashTable *table;
  VigilTally      *small[SMALL_TALLIES];
  int         lens[SMALL_TALLIES];
  guint       n_small;
  gboolean    spilled;
} TallyIndex;

static inline void
tally_count (TallyIndex *index,
             const char *key,
             int         len)
{
  VigilTally *t;

  if (!index->spilled)
    {
      for (guint i = 0; i < index->n_small; i++)
        if (index->lens[i] == len && memcmp (index->small[i]->key, key, (gsize) len) == 0)
          {
            index->small[i]->count++;
            return;
          }
      tally_add (index->table, key);
      if (index->n_small < SMALL_TALLIES)
        {
          index->small[index->n_small] = g_hash_table_lookup (index->table, key);
          index->lens[index->n_small++] = len;
        }
      else
        index->spilled = TRUE;
      return;
    }

  t = g_hash_table_lookup (index->table, key);
  if (t == NULL)
    tally_add (index->table, key);
  else
    t->count++;
}

/* One pass over [from, to) of the covering index. With @unflagged set, the window's counts leave
 * out decisions already flagged by an alert, and @unflagged counts only how many there are in
 * all; without it, @w counts every decision. With @segment_by, only the decisions whose field
 * has the value @segment are counted. */
static gboolean
count_window (VigilStore     *store,
              const char     *model,
              const char     *segment_by,
              const char     *segment,
              const char     *from,
              const char     *to,
              VigilCheckWindow         *w,
              gint64         *all,
              GCancellable   *cancellable,
              GError        **error)
{
  VigilSql *db = vigil_store_get_sql (store);
  g_autoptr(VigilSqlStmt) stmt = NULL;
  TallyIndex predictions = { w->predictions, { NULL }, { 0 }, 0, FALSE };
  TallyIndex tickers = { w->tickers, { NULL }, { 0 }, 0, FALSE };
  const char *column = vigil_segment_field (segment_by);
  g_autofree char *segment_sql = NULL;
  gint64 n = 0;
  int rc;

#define COUNT_SQL "SELECT prediction, confidence, ticker, anomaly_flag FROM decisions " \
                  "WHERE model_name = ?1 AND timestamp >= ?2 AND timestamp < ?3"
  /* The column's name is the fixed table's, never the policy's text */
  if (column != NULL)
    segment_sql = g_strdup_printf (COUNT_SQL " AND %s = ?4", column);
  if (vigil_sql_prepare (db, segment_sql ? segment_sql : COUNT_SQL, &stmt) != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (store, error, _("Could not read decisions"));
      return FALSE;
    }
#undef COUNT_SQL
  vigil_sql_bind_text (stmt, 1, model, -1);
  vigil_sql_bind_text (stmt, 2, from, -1);
  vigil_sql_bind_text (stmt, 3, to, -1);
  if (column != NULL)
    vigil_sql_bind_text (stmt, 4, segment, -1);

  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      const char *prediction = vigil_sql_column_text (stmt, 0);
      const char *ticker = vigil_sql_column_text (stmt, 2);

      if ((++n & 0xffff) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (all != NULL && vigil_sql_column_int (stmt, 3) != 0)
        continue;

      w->n++;
      tally_count (&predictions, prediction ? prediction : "",
                   prediction ? vigil_sql_column_bytes (stmt, 0) : 0);
      if (vigil_sql_column_type (stmt, 1) != VIGIL_SQL_NULL)
        {
          double c = vigil_sql_column_double (stmt, 1);

          w->n_confidence++;
          w->sum_confidence += c;
          w->sumsq_confidence += c * c;
        }
      if (ticker != NULL)
        {
          w->n_with_ticker++;
          tally_count (&tickers, ticker, vigil_sql_column_bytes (stmt, 2));
        }
    }
  if (rc != VIGIL_SQL_DONE)
    {
      vigil_store_set_sql_error (store, error, _("Could not read decisions"));
      return FALSE;
    }
  if (all != NULL)
    *all = n;
  return TRUE;
}

/* Adds @n decisions of @key (which may be negative: taken out) to @table */
static void
tally_add_n (GHashTable *table,
             const char *key,
             gint64      n)
{
  VigilTally *t = g_hash_table_lookup (table, key);

  if (t == NULL)
    {
      if (n <= 0)
        return;
      tally_add (table, key);
      t = g_hash_table_lookup (table, key);
      t->count = 0;
    }
  t->count += n;
  if (t->count <= 0)
    g_hash_table_remove (table, key);
}

/* Adds the daily roll-ups' counts of @model's whole UTC days [@first_day, @end_day) to @w;
 * @all gets how many decisions they hold */
static gboolean
count_days (VigilStore        *store,
            const char        *model,
            const char        *first_day,
            const char        *end_day,
            VigilCheckWindow  *w,
            gint64            *all,
            GError           **error)
{
  static const char *sql[] = {
    "SELECT prediction, n, n_confidence, sum_confidence, sumsq_confidence FROM daily_predictions "
    "WHERE model_name = ?1 AND day >= ?2 AND day < ?3",
    "SELECT entity, n FROM daily_entities WHERE model_name = ?1 AND day >= ?2 AND day < ?3",
  };
  VigilSql *db = vigil_store_get_sql (store);

  *all = 0;
  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      g_autoptr(VigilSqlStmt) stmt = NULL;
      int rc;

      if (vigil_sql_prepare (db, sql[i], &stmt) != VIGIL_SQL_OK)
        goto fail;
      vigil_sql_bind_text (stmt, 1, model, -1);
      vigil_sql_bind_text (stmt, 2, first_day, -1);
      vigil_sql_bind_text (stmt, 3, end_day, -1);
      while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
        {
          const char *key = vigil_sql_column_text (stmt, 0);
          gint64 n = vigil_sql_column_int64 (stmt, 1);

          if (key == NULL)
            continue;
          if (i == 1)
            {
              w->n_with_ticker += n;
              tally_add_n (w->tickers, key, n);
              continue;
            }
          *all += n;
          w->n += n;
          tally_add_n (w->predictions, key, n);
          w->n_confidence += vigil_sql_column_int64 (stmt, 2);
          w->sum_confidence += vigil_sql_column_double (stmt, 3);
          w->sumsq_confidence += vigil_sql_column_double (stmt, 4);
        }
      if (rc != VIGIL_SQL_DONE)
        goto fail;
    }
  return TRUE;

fail:
  vigil_store_set_sql_error (store, error, _("Could not read the daily totals"));
  return FALSE;
}

/* Takes the decisions an alert flagged in [@from, @to) out of @w, read through their partial
 * index: they are few */
static gboolean
uncount_flagged (VigilStore        *store,
                 const char        *model,
                 const char        *from,
                 const char        *to,
                 VigilCheckWindow  *w,
                 GError           **error)
{
  VigilSql *db = vigil_store_get_sql (store);
  g_autoptr(VigilSqlStmt) stmt = NULL;
  int rc;

  if (vigil_sql_prepare (db,
                         "SELECT prediction, confidence, ticker FROM decisions "
                         "INDEXED BY decisions_flagged WHERE model_name = ?1 "
                         "AND timestamp >= ?2 AND timestamp < ?3 AND anomaly_flag = 1",
                         &stmt) != VIGIL_SQL_OK)
    goto fail;
  vigil_sql_bind_text (stmt, 1, model, -1);
  vigil_sql_bind_text (stmt, 2, from, -1);
  vigil_sql_bind_text (stmt, 3, to, -1);
  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      const char *prediction = vigil_sql_column_text (stmt, 0);
      const char *ticker = vigil_sql_column_text (stmt, 2);

      w->n--;
      tally_add_n (w->predictions, prediction ? prediction : "", -1);
      if (vigil_sql_column_type (stmt, 1) != VIGIL_SQL_NULL)
        {
          double c = vigil_sql_column_double (stmt, 1);

          w->n_confidence--;
          w->sum_confidence -= c;
          w->sumsq_confidence -= c * c;
        }
      if (ticker != NULL)
        {
          w->n_with_ticker--;
          tally_add_n (w->tickers, ticker, -1);
        }
    }
  if (rc == VIGIL_SQL_DONE)
    return TRUE;

fail:
  vigil_store_set_sql_error (store, error, _("Could not read decisions"));
  return FALSE;
}

/* A window counted by vigil_timestamp_read_span() */
typedef struct
{
  VigilStore        *store;
  const char        *model;
  VigilCheckWindow  *w;
  gint64            *all;
  gint64             n_all;
  GCancellable      *cancellable;
  GError           **error;
} SpanCount;

static gboolean
span_rows (const char *from,
           const char *to,
           gpointer    data)
{
  SpanCount *c = data;
  gint64 n = 0;

  if (!count_window (c->store, c->model, NULL, NULL, from, to, c->w, c->all ? &n : NULL,
                     c->cancellable, c->error))
    return FALSE;
  c->n_all += n;
  return TRUE;
}

/* The whole days, less their flagged decisions when the window leaves them out */
static gboolean
span_days (const VigilDaySpan *days,
           gpointer            data)
{
  SpanCount *c = data;
  gint64 n = 0;

  if (!count_days (c->store, c->model, days->first_day, days->end_day, c->w, &n, c->error) ||
      (c->all != NULL && !uncount_flagged (c->store, c->model, days->first, days->end, c->w,
                                           c->error)))
    return FALSE;
  c->n_all += n;
  return TRUE;
}

/* The counts of @model's decisions in [@from, @to): its whole UTC days from the daily
 * roll-ups, the parts of days at either end from the covering index. With @all (the
 * baseline), @w leaves out the decisions already flagged and @all counts every one. */
static gboolean
count_span (VigilStore        *store,
            const char        *model,
            const char        *from,
            const char        *to,
            VigilCheckWindow  *w,
            gint64            *all,
            GCancellable      *cancellable,
            GError           **error)
{
  SpanCount c = { store, model, w, all, 0, cancellable, error };

  if (!vigil_timestamp_read_span (from, to, span_rows, span_days, &c))
    return FALSE;
  if (all != NULL)
    *all = c.n_all;
  return TRUE;
}

/**
 * vigil_check_window_count:
 * @segment_by: (nullable): a context field (vigil_segment_field()), to count one segment
 * @segment: (nullable): its value
 * @from: the window's first instant (normalized)
 * @to: the instant after its last
 * @all: (out) (optional): for a baseline: @w then leaves out the decisions already flagged,
 *   and @all counts every one
 *
 * Adds the counts of @model's decisions in [@from, @to) to @w.
 *
 * Returns: %FALSE with @error when they cannot be read or @cancellable fired
 */
gboolean
vigil_check_window_count (VigilCheckWindow  *w,
                          VigilStore        *store,
                          const char        *model,
                          const char        *segment_by,
                          const char        *segment,
                          const char        *from,
                          const char        *to,
                          gint64            *all,
                          GCancellable      *cancellable,
                          GError           **error)
{
  if (segment_by != NULL)
    return count_window (store, model, segment_by, segment, from, to, w, all, cancellable,
                         error);
  return count_span (store, model, from, to, w, all, cancellable, error);
}
