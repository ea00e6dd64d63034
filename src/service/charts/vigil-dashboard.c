/* vigil-dashboard.c: what the dashboard and the report pages draw, aggregated in SQL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-dashboard"

#include "config.h"

#include <glib/gi18n.h>

#include <math.h>
#include <string.h>

#include "vigil-check.h"
#include "vigil-dashboard.h"
#include "vigil-performance.h"
#include "vigil-store-private.h"
#include "vigil-timestamp.h"

G_DEFINE_BOXED_TYPE (VigilDashboard, vigil_dashboard, vigil_dashboard_ref, vigil_dashboard_unref)

/**
 * vigil_dashboard_new:
 * @model_name: (nullable): the model, %NULL for all models
 * @from: the period's first instant
 * @to: the instant after its end
 *
 * An empty dashboard, for the loader to fill (and for tests of the painters).
 *
 * Returns: (transfer full): a new #VigilDashboard
 */
VigilDashboard *
vigil_dashboard_new (const char *model_name,
                     const char *from,
                     const char *to)
{
  VigilDashboard *self = g_new0 (VigilDashboard, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->model_name = g_strdup (model_name);
  self->from = g_strdup (from);
  self->to = g_strdup (to);
  self->concentration_threshold = 0.30;
  self->predictions = g_new0 (char *, 1);
  return self;
}

VigilDashboard *
vigil_dashboard_ref (VigilDashboard *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
vigil_dashboard_unref (VigilDashboard *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  for (guint i = 0; i < self->n_days; i++)
    {
      g_free (self->days[i].day);
      g_free (self->days[i].counts);
    }
  for (guint i = 0; i < self->n_entities; i++)
    g_free (self->entities[i].entity);
  for (guint i = 0; i < self->n_alerts; i++)
    {
      g_free (self->alerts[i].timestamp);
      g_free (self->alerts[i].window_start);
      g_free (self->alerts[i].window_end);
      g_free (self->alerts[i].raised_at);
      g_free (self->alerts[i].alert_type);
      g_free (self->alerts[i].model_name);
      g_free (self->alerts[i].description);
    }
  for (guint i = 0; i < self->n_models; i++)
    {
      g_free (self->models[i].model_name);
      g_free (self->models[i].day_totals);
      g_free (self->models[i].counts);
      g_free (self->models[i].alert_days);
      g_free (self->models[i].outcomes);
    }
  g_free (self->models);
  g_free (self->days);
  g_free (self->entities);
  g_free (self->alerts);
  g_strfreev (self->predictions);
  g_clear_pointer (&self->summary, vigil_summary_free);
  g_free (self->model_name);
  g_free (self->from);
  g_free (self->to);
  g_free (self->recent_from);
  g_free (self->recent_to);
  g_free (self->baseline_from);
  g_free (self->peak_model);
  g_free (self);
}

/* The loader. Every number comes from the daily roll-ups of migration 3 (a few rows per model
 * and day), from the partial indexes of reviewed and flagged decisions, or from the alerts
 * table; only the performance chart's outcomes are grouped from the decisions themselves
 * (one statement per model, as the performance_drop check reads them). Each statement exists for one
 * model and for all models, so that each uses its primary key or index: "all models" goes
 * through the model list, which the store keeps in step with the decisions. */

#define MAX_DAYS 3660

#define ONE_MODEL  "model_name = ?1"
#define ALL_MODELS "model_name IN (SELECT name FROM models)"

#define PREDICTIONS_SQL(models)                                                          \
  "SELECT day, prediction, sum(n), sum(n_confidence), sum(sum_confidence), model_name "  \
  "FROM daily_predictions WHERE " models " AND day >= ?2 AND day < ?3 "                  \
  "GROUP BY model_name, day, prediction"
#define CONFIDENCE_SQL(models)                                                           \
  "SELECT day >= ?4, bin, sum(n) FROM daily_confidence "                                 \
  "WHERE " models " AND day >= ?2 AND day < ?3 GROUP BY 1, 2"
#define LAST_CONFIDENCE_SQL(models)                                                      \
  "SELECT max(day) FROM daily_confidence WHERE " models " AND day >= ?2 AND day < ?3"
#define WINDOW_TOTALS_SQL(models)                                                        \
  "SELECT model_name, day, sum(n) FROM daily_predictions "                               \
  "WHERE " models " AND day >= ?2 AND day < ?3 GROUP BY model_name, day"
#define WINDOW_ENTITIES_SQL(models)                                                      \
  "SELECT model_name, day, entity, n FROM daily_entities "                               \
  "WHERE " models " AND day >= ?2 AND day < ?3"
#define REVIEWED_SQL(models)                                                             \
  "SELECT count(*) FROM decisions INDEXED BY decisions_reviewed WHERE " models " "       \
  "AND timestamp >= ?2 AND timestamp < ?3 "                                              \
  "AND review_status IS NOT NULL AND review_status != 'pending'"
#define FLAGGED_SQL(models)                                                              \
  "SELECT count(*) FROM decisions INDEXED BY decisions_flagged WHERE " models " "        \
  "AND timestamp >= ?2 AND timestamp < ?3 AND anomaly_flag = 1"

/* An alert belongs to the period its window overlaps (the day of an alert is the window it
 * describes, not when it was raised). */
#define ALERT_COLUMNS "id, timestamp, alert_type, model_name, description, severity, "    \
  "acknowledged, window_start, window_end, raised_at"
#define ALERTS_ONE_SQL                                                                   \
  "SELECT " ALERT_COLUMNS " FROM alerts WHERE model_name = ?1 "                          \
  "AND window_end > ?2 AND window_start < ?3 ORDER BY window_end, id"
#define ALERTS_ALL_SQL                                                                   \
  "SELECT " ALERT_COLUMNS " FROM alerts WHERE window_end > ?2 AND window_start < ?3 "    \
  "ORDER BY window_end, id"
#define SHIFTS_ONE_SQL                                                                   \
  "SELECT window_start, window_end, model_name FROM alerts WHERE model_name = ?1 "                   \
  "AND alert_type = ?4 AND window_start < ?3 AND window_end > ?2"
#define SHIFTS_ALL_SQL                                                                   \
  "SELECT window_start, window_end, model_name FROM alerts "                                         \
  "WHERE alert_type = ?4 AND window_start < ?3 AND window_end > ?2"

typedef struct
{
  VigilStore    *store;
  VigilSql      *db;
  const char    *model_name;
  GCancellable  *cancellable;
  gint64         start;           /* the period's first instant, in microseconds */
  guint          n_days;
  VigilPolicy   *policy;          /* (nullable): whose models' outcome rules judge outcomes */
} Loader;

/* Prepares @one_model or @all_models and binds the model (?1) and the bounds (?2, ?3). */
static VigilSqlStmt *
loader_prepare (Loader      *l,
                const char  *one_model,
                const char  *all_models,
                const char  *from,
                const char  *to,
                GError     **error)
{
  VigilSqlStmt *stmt = NULL;

  if (g_cancellable_set_error_if_cancelled (l->cancellable, error))
    return NULL;
  if (vigil_sql_prepare (l->db, l->model_name ? one_model : all_models, &stmt) !=
      VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (l->store, error, _("Could not load the dashboard"));
      vigil_sql_finalize (stmt);
      return NULL;
    }
  if (l->model_name)
    vigil_sql_bind_text (stmt, 1, l->model_name, -1);
  vigil_sql_bind_text (stmt, 2, from, -1);
  vigil_sql_bind_text (stmt, 3, to, -1);
  return stmt;
}

static gboolean
loader_failed (Loader  *l,
               int      rc,
               GError **error)
{
  if (rc == VIGIL_SQL_DONE)
    return FALSE;
  vigil_store_set_sql_error (l->store, error, _("Could not load the dashboard"));
  return TRUE;
}

static const char *
column_text (VigilSqlStmt *stmt,
             int           i)
{
  return vigil_sql_column_text (stmt, i);
}

typedef struct
{
  guint   day;
  char   *prediction;
  char   *model;
  gint64  n;
} Cell;

typedef struct
{
  const char *prediction;
  gint64      n;
} Ranked;

static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const Ranked *x = a, *y = b;

  if (x->n != y->n)
    return x->n > y->n ? -1 : 1;
  return strcmp (x->prediction, y->prediction);
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static guint
day_index (Loader     *l,
           const char *day)
{
  char ts[VIGIL_TIMESTAMP_LEN];
  gint64 usec;

  g_snprintf (ts, sizeof ts, "%.10sT00:00:00", day);
  if (!vigil_timestamp_parse (ts, &usec, NULL) || usec < l->start)
    return G_MAXUINT;
  return (guint) MIN ((usec - l->start) / G_TIME_SPAN_DAY, (gint64) G_MAXUINT);
}

/* The models of @names (a set), by name, each with room for its days; @index maps each
 * name to its place. */
static void
load_models (Loader         *l,
             VigilDashboard *dash,
             GHashTable     *names,
             GHashTable     *index)
{
  g_autofree const char **sorted = (const char **) g_hash_table_get_keys_as_array (names, NULL);

  dash->n_models = g_hash_table_size (names);
  dash->models = g_new0 (VigilDashboardModel, dash->n_models);
  qsort (sorted, dash->n_models, sizeof *sorted, compare_strings);
  for (guint i = 0; i < dash->n_models; i++)
    {
      VigilDashboardModel *m = &dash->models[i];

      m->model_name = g_strdup (sorted[i]);
      m->day_totals = g_new0 (gint64, l->n_days);
      m->counts = g_new0 (gint64, (gsize) l->n_days * MAX (dash->n_predictions, 1));
      m->alert_days = g_new0 (gboolean, l->n_days);
      m->outcomes = g_new0 (VigilDashboardOutcomes, l->n_days);
      g_hash_table_insert (index, (gpointer) sorted[i], GUINT_TO_POINTER (i));
    }
}

/* The daily distribution, and the summary's total and mean confidence. */
static gboolean
load_days (Loader          *l,
           VigilDashboard  *dash,
           const char      *first_day,
           const char      *end_day,
           GError         **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  g_autoptr(GArray) cells = g_array_new (FALSE, FALSE, sizeof (Cell));
  g_autoptr(GHashTable) totals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GArray) ranked = g_array_new (FALSE, FALSE, sizeof (Ranked));
  g_autoptr(GHashTable) rank = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) models = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) model_index = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key, value;
  gint64 n_confidence = 0;
  double sum_confidence = 0.0;
  int rc;

  stmt = loader_prepare (l, PREDICTIONS_SQL (ONE_MODEL), PREDICTIONS_SQL (ALL_MODELS),
                         first_day, end_day, error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      Cell cell = { day_index (l, column_text (stmt, 0)), NULL, NULL,
                    vigil_sql_column_int64 (stmt, 2) };
      const char *prediction = column_text (stmt, 1);
      const char *model = column_text (stmt, 5);

      if (cell.day >= l->n_days || prediction == NULL || model == NULL)
        continue;
      if (!g_hash_table_lookup_extended (models, model, &key, NULL))
        {
          key = g_strdup (model);
          g_hash_table_add (models, key);
        }
      cell.model = key;
      if (!g_hash_table_lookup_extended (totals, prediction, &key, &value))
        {
          key = g_strdup (prediction);
          value = g_new0 (gint64, 1);
          g_hash_table_insert (totals, key, value);
        }
      *(gint64 *) value += cell.n;
      cell.prediction = key;
      g_array_append_val (cells, cell);

      dash->summary->total_decisions += cell.n;
      n_confidence += vigil_sql_column_int64 (stmt, 3);
      sum_confidence += vigil_sql_column_double (stmt, 4);
    }
  if (loader_failed (l, rc, error))
    return FALSE;

  g_hash_table_iter_init (&iter, totals);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Ranked r = { key, *(gint64 *) value };
      g_array_append_val (ranked, r);
    }
  g_array_sort (ranked, compare_ranked);

  g_strfreev (dash->predictions);
  dash->n_predictions = ranked->len;
  dash->predictions = g_new0 (char *, ranked->len + 1);
  for (guint i = 0; i < ranked->len; i++)
    {
      const Ranked *r = &g_array_index (ranked, Ranked, i);

      dash->predictions[i] = g_strdup (r->prediction);
      g_hash_table_insert (rank, (gpointer) r->prediction, GUINT_TO_POINTER (i));
    }

  for (guint i = 0; i < l->n_days; i++)
    dash->days[i].counts = g_new0 (gint64, dash->n_predictions);
  if (l->model_name == NULL)
    load_models (l, dash, models, model_index);
  for (guint i = 0; i < cells->len; i++)
    {
      const Cell *cell = &g_array_index (cells, Cell, i);
      VigilDashboardDay *day = &dash->days[cell->day];
      guint p = GPOINTER_TO_UINT (g_hash_table_lookup (rank, cell->prediction));

      day->counts[p] += cell->n;
      day->total += cell->n;
      if (dash->n_models > 0)
        {
          guint mi = GPOINTER_TO_UINT (g_hash_table_lookup (model_index, cell->model));
          VigilDashboardModel *m = &dash->models[mi];

          m->counts[(gsize) cell->day * dash->n_predictions + p] += cell->n;
          m->day_totals[cell->day] += cell->n;
          m->total += cell->n;
        }
    }

  dash->summary->mean_confidence = n_confidence > 0 ? sum_confidence / (double) n_confidence : NAN;
  return TRUE;
}

static gboolean
load_confidence (Loader          *l,
                 VigilDashboard  *dash,
                 const char      *baseline_day,
                 const char      *recent_day,
                 const char      *end_day,
                 GError         **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  int rc;

  stmt = loader_prepare (l, CONFIDENCE_SQL (ONE_MODEL), CONFIDENCE_SQL (ALL_MODELS),
                         baseline_day, end_day, error);
  if (stmt == NULL)
    return FALSE;
  vigil_sql_bind_text (stmt, 4, recent_day, -1);

  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      gboolean recent = vigil_sql_column_int (stmt, 0) != 0;
      int bin = vigil_sql_column_int (stmt, 1);
      gint64 n = vigil_sql_column_int64 (stmt, 2);

      if (bin < 0 || bin >= VIGIL_DASHBOARD_CONFIDENCE_BINS)
        continue;
      if (recent)
        {
          dash->recent_bins[bin] += n;
          dash->recent_total += n;
        }
      else
        {
          dash->baseline_bins[bin] += n;
          dash->baseline_total += n;
        }
    }
  return !loader_failed (l, rc, error);
}

/* The last day from @first_day up to @end_day (excluded) with a decision with a confidence,
 * "" when there is none. */
static gboolean
find_last_confidence_day (Loader      *l,
                          const char  *first_day,
                          const char  *end_day,
                          char         out[VIGIL_DAY_LEN],
                          GError     **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;

  out[0] = '\0';
  stmt = loader_prepare (l, LAST_CONFIDENCE_SQL (ONE_MODEL), LAST_CONFIDENCE_SQL (ALL_MODELS),
                         first_day, end_day, error);
  if (stmt == NULL)
    return FALSE;
  if (vigil_sql_step (stmt) != VIGIL_SQL_ROW)
    {
      vigil_store_set_sql_error (l->store, error, _("Could not load the dashboard"));
      return FALSE;
    }
  if (column_text (stmt, 0) != NULL)
    g_strlcpy (out, column_text (stmt, 0), VIGIL_DAY_LEN);
  return TRUE;
}

/* One model's days of the concentration span: its decisions and, per entity, the entity's
 * decisions, each as running sums: [i] holds the days before day i of the span, so a
 * window's sum is a difference. */
typedef struct
{
  gint64     *totals;
  GHashTable *entities;    /* entity -> gint64[n_span + 1] */
} ModelDays;

static void
model_days_free (ModelDays *m)
{
  g_free (m->totals);
  g_hash_table_unref (m->entities);
  g_free (m);
}

static ModelDays *
model_days_get (GHashTable *models,
                const char *model_name,
                guint       n_span)
{
  ModelDays *m = g_hash_table_lookup (models, model_name);

  if (m == NULL)
    {
      m = g_new0 (ModelDays, 1);
      m->totals = g_new0 (gint64, n_span + 1);
      m->entities = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_insert (models, g_strdup (model_name), m);
    }
  return m;
}

/* The index of @day in the span that starts at @span_start, G_MAXUINT outside it */
static guint
span_index (gint64      span_start,
            guint       n_span,
            const char *day)
{
  char ts[VIGIL_TIMESTAMP_LEN];
  gint64 usec;

  if (day == NULL)
    return G_MAXUINT;
  g_snprintf (ts, sizeof ts, "%.10sT00:00:00", day);
  if (!vigil_timestamp_parse (ts, &usec, NULL) || usec < span_start ||
      (usec - span_start) / G_TIME_SPAN_DAY >= n_span)
    return G_MAXUINT;
  return (guint) ((usec - span_start) / G_TIME_SPAN_DAY);
}

static void
accumulate (gint64 *counts,
            guint   n_span)
{
  for (guint i = 1; i <= n_span; i++)
    counts[i] += counts[i - 1];
}

/* The decisions in the window of @window_days days that ends on day @end */
static gint64
window_sum (const gint64 *sums,
            guint         end,
            guint         window_days)
{
  return sums[end + 1] - sums[end + 1 - window_days];
}

typedef struct
{
  const char *model_name;
  guint       end;           /* the window's last day, an index into the span */
  gint64      top;
  gint64      total;
  const char *top_entity;
} Peak;

/* Whether @a is the higher peak: a larger share, else the later window, else the model
 * first by name. */
static gboolean
peak_above (const Peak *a,
            const Peak *b)
{
  double sa, sb;

  if (b->model_name == NULL)
    return TRUE;
  /* a.top / a.total against b.top / b.total, without rounding */
  sa = (double) a->top * (double) b->total;
  sb = (double) b->top * (double) a->total;
  if (sa != sb)
    return sa > sb;
  if (a->end != b->end)
    return a->end > b->end;
  return strcmp (a->model_name, b->model_name) < 0;
}

static int
compare_entities (gconstpointer a,
                  gconstpointer b)
{
  const VigilDashboardEntity *x = a, *y = b;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return strcmp (x->entity, y->entity);
}

/* Concentration per window, as the check computes it: the share of a model's decisions in
 * a window that name its most frequent entity. The windows are the window_days days ending
 * on each day of the period; the first ones reach back before the period, as the check's
 * window does when it runs on the period's first days. */
static gboolean
load_concentration (Loader          *l,
                    VigilDashboard  *dash,
                    guint            window_days,
                    gint64           min_samples,
                    GError         **error)
{
  g_autoptr(GHashTable) models = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) model_days_free);
  g_autoptr(VigilSqlStmt) stmt = NULL;
  g_autoptr(GArray) shown = NULL;
  guint n_span = l->n_days + window_days - 1;
  gint64 span_start = l->start - (gint64) (window_days - 1) * G_TIME_SPAN_DAY;
  char span_first[VIGIL_TIMESTAMP_LEN], span_end[VIGIL_TIMESTAMP_LEN];
  Peak peak = { NULL }, any_peak = { NULL };
  const Peak *chosen;
  GHashTableIter iter, entity_iter;
  gpointer key, value;
  ModelDays *m;
  int rc;

  vigil_timestamp_format (span_start, span_first);
  span_first[10] = '\0';
  vigil_timestamp_format (l->start + (gint64) l->n_days * G_TIME_SPAN_DAY, span_end);
  span_end[10] = '\0';

  stmt = loader_prepare (l, WINDOW_ENTITIES_SQL (ONE_MODEL), WINDOW_ENTITIES_SQL (ALL_MODELS),
                         span_first, span_end, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      const char *model_name = column_text (stmt, 0);
      const char *entity = column_text (stmt, 2);
      guint i = span_index (span_start, n_span, column_text (stmt, 1));
      gint64 *counts;

      if (i == G_MAXUINT || model_name == NULL || entity == NULL)
        continue;
      m = model_days_get (models, model_name, n_span);
      counts = g_hash_table_lookup (m->entities, entity);
      if (counts == NULL)
        {
          counts = g_new0 (gint64, n_span + 1);
          g_hash_table_insert (m->entities, g_strdup (entity), counts);
        }
      counts[i + 1] += vigil_sql_column_int64 (stmt, 3);
      dash->has_entities |= i >= window_days - 1;
    }
  if (loader_failed (l, rc, error))
    return FALSE;
  g_clear_pointer (&stmt, vigil_sql_finalize);

  /* The totals of the models that name entities only: a model that names none has no
   * concentration to show. */
  stmt = loader_prepare (l, WINDOW_TOTALS_SQL (ONE_MODEL), WINDOW_TOTALS_SQL (ALL_MODELS),
                         span_first, span_end, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      guint i = span_index (span_start, n_span, column_text (stmt, 1));
      const char *model_name = column_text (stmt, 0);

      m = model_name != NULL ? g_hash_table_lookup (models, model_name) : NULL;
      if (i != G_MAXUINT && m != NULL)
        m->totals[i + 1] += vigil_sql_column_int64 (stmt, 2);
    }
  if (loader_failed (l, rc, error))
    return FALSE;

  if (!dash->has_entities)
    return TRUE;

  g_hash_table_iter_init (&iter, models);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree gint64 *top = g_new0 (gint64, n_span);
      g_autofree const char **top_entity = g_new0 (const char *, n_span);
      const char *entity;
      gint64 *counts;

      m = value;
      accumulate (m->totals, n_span);
      g_hash_table_iter_init (&entity_iter, m->entities);
      while (g_hash_table_iter_next (&entity_iter, (gpointer *) &entity, (gpointer *) &counts))
        {
          accumulate (counts, n_span);

          for (guint e = window_days - 1; e < n_span; e++)
            {
              gint64 n = window_sum (counts, e, window_days);

              if (n > top[e] || (n == top[e] && n > 0 && strcmp (entity, top_entity[e]) < 0))
                {
                  top[e] = n;
                  top_entity[e] = entity;
                }
            }
        }

      for (guint e = window_days - 1; e < n_span; e++)
        {
          Peak p = { key, e, top[e], window_sum (m->totals, e, window_days), top_entity[e] };

          if (p.top <= 0 || p.total <= 0)
            continue;
          if (peak_above (&p, &any_peak))
            any_peak = p;
          if (p.total < min_samples)
            continue;
          if ((double) p.top / (double) p.total > dash->concentration_threshold)
            dash->windows_over++;
          if (peak_above (&p, &peak))
            peak = p;
        }
    }

  chosen = peak.model_name != NULL ? &peak : &any_peak;
  if (chosen->model_name == NULL)
    return TRUE;
  dash->peak_below_minimum = peak.model_name == NULL;
  dash->peak_model = g_strdup (chosen->model_name);
  dash->entity_total = chosen->total;
  {
    char first[VIGIL_TIMESTAMP_LEN];

    vigil_timestamp_format (span_start + (gint64) (chosen->end + 1 - window_days) * G_TIME_SPAN_DAY,
                            first);
    first[10] = '\0';
    g_strlcpy (dash->peak_days.first_day, first, sizeof dash->peak_days.first_day);
    dash->peak_days.n_days = window_days;
  }

  /* The shares of the peak window, largest first */
  m = g_hash_table_lookup (models, chosen->model_name);
  shown = g_array_new (FALSE, FALSE, sizeof (VigilDashboardEntity));
  g_hash_table_iter_init (&entity_iter, m->entities);
  while (g_hash_table_iter_next (&entity_iter, &key, &value))
    {
      VigilDashboardEntity e = { key, window_sum (value, chosen->end, window_days), 0.0 };

      if (e.count > 0)
        g_array_append_val (shown, e);
    }
  g_array_sort (shown, compare_entities);

  dash->entities = g_new0 (VigilDashboardEntity, VIGIL_DASHBOARD_TOP_ENTITIES);
  for (guint i = 0; i < shown->len && i < VIGIL_DASHBOARD_TOP_ENTITIES; i++)
    {
      VigilDashboardEntity *e = &dash->entities[dash->n_entities++];

      *e = g_array_index (shown, VigilDashboardEntity, i);
      e->entity = g_strdup (e->entity);
      e->share = (double) e->count / (double) dash->entity_total;
    }
  return TRUE;
}

static gboolean
count_decisions (Loader      *l,
                 const char  *one_model,
                 const char  *all_models,
                 const char  *from,
                 const char  *to,
                 gint64      *out,
                 GError     **error)
{
  g_autoptr(VigilSqlStmt) stmt = loader_prepare (l, one_model, all_models, from, to, error);

  if (stmt == NULL)
    return FALSE;
  if (vigil_sql_step (stmt) != VIGIL_SQL_ROW)
    {
      vigil_store_set_sql_error (l->store, error, _("Could not load the dashboard"));
      return FALSE;
    }
  *out = vigil_sql_column_int64 (stmt, 0);
  return TRUE;
}

static gboolean
load_alerts (Loader          *l,
             VigilDashboard  *dash,
             GError         **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  g_autoptr(GArray) alerts = g_array_new (FALSE, TRUE, sizeof (VigilDashboardAlert));
  int rc;

  stmt = loader_prepare (l, ALERTS_ONE_SQL, ALERTS_ALL_SQL, dash->from, dash->to, error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      VigilDashboardAlert a = { 0 };

      a.id = vigil_sql_column_int64 (stmt, 0);
      a.timestamp = g_strdup (column_text (stmt, 1));
      a.alert_type = g_strdup (column_text (stmt, 2));
      a.model_name = g_strdup (column_text (stmt, 3));
      a.description = g_strdup (column_text (stmt, 4));
      a.severity = VIGIL_SEVERITY_LOW;
      vigil_severity_from_string (column_text (stmt, 5), &a.severity);
      a.acknowledged = vigil_sql_column_int (stmt, 6) != 0;
      a.window_start = g_strdup (column_text (stmt, 7));
      a.window_end = g_strdup (column_text (stmt, 8));
      a.raised_at = g_strdup (column_text (stmt, 9));
      g_array_append_val (alerts, a);

      dash->summary->alerts++;
      dash->summary->high_alerts += a.severity == VIGIL_SEVERITY_HIGH;
      dash->summary->unacknowledged_alerts += !a.acknowledged;
    }
  dash->n_alerts = alerts->len;
  dash->alerts = (VigilDashboardAlert *) (void *) g_array_free (g_steal_pointer (&alerts), FALSE);
  return !loader_failed (l, rc, error);
}

/* Marks each day that a distribution_shift alert's window [start, end) overlaps. */
static gboolean
load_shifts (Loader          *l,
             VigilDashboard  *dash,
             GError         **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  int rc;

  stmt = loader_prepare (l, SHIFTS_ONE_SQL, SHIFTS_ALL_SQL, dash->from, dash->to, error);
  if (stmt == NULL)
    return FALSE;
  vigil_sql_bind_text (stmt, 4, vigil_check_to_string (VIGIL_CHECK_DISTRIBUTION_SHIFT), -1);

  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      gint64 ws, we, first, last;

      if (!vigil_timestamp_parse (column_text (stmt, 0), &ws, NULL) ||
          !vigil_timestamp_parse (column_text (stmt, 1), &we, NULL) || we <= ws)
        continue;
      first = MAX (0, (ws - l->start) / G_TIME_SPAN_DAY);
      last = MIN ((gint64) l->n_days - 1, (we - 1 - l->start) / G_TIME_SPAN_DAY);
      for (gint64 i = first; i <= last; i++)
        {
          dash->days[i].distribution_alert = TRUE;
          for (guint m = 0; m < dash->n_models; m++)
            if (column_text (stmt, 2) == NULL
                || strcmp (column_text (stmt, 2), dash->models[m].model_name) == 0)
              dash->models[m].alert_days[i] = TRUE;
        }
    }
  return !loader_failed (l, rc, error);
}

typedef struct
{
  Loader                 *loader;
  VigilDashboard         *dash;
  VigilDashboardOutcomes *model_days;  /* the model's days under all models, else NULL */
  GHashTable             *labels;      /* the model's predictions of the period, upper case */
  const VigilOutcomeMap  *rules;       /* the model's own outcome rules, or NULL */
} OutcomeSink;

static void
add_outcome_group (const char *prediction,
                   const char *outcome,
                   const char *decision_day,
                   gint64      n,
                   gint64      lag_days,
                   gpointer    user_data)
{
  OutcomeSink *sink = user_data;
  guint d = decision_day != NULL ? day_index (sink->loader, decision_day) : G_MAXUINT;
  VigilJudgement judgement;
  VigilDashboardOutcomes *cells[2];

  if (d >= sink->loader->n_days || prediction == NULL || outcome == NULL)
    return;
  cells[0] = &sink->dash->days[d].outcomes;
  cells[1] = sink->model_days != NULL ? &sink->model_days[d] : NULL;
  judgement = vigil_outcome_judge_by (sink->rules, prediction, outcome, sink->labels);
  for (guint i = 0; i < G_N_ELEMENTS (cells) && cells[i] != NULL; i++)
    {
      cells[i]->with_outcome += n;
      if (judgement != VIGIL_JUDGEMENT_UNKNOWN)
        cells[i]->judged += n;
      if (judgement == VIGIL_JUDGEMENT_RIGHT)
        cells[i]->right += n;
    }
}

/* The predictions model @m (an index into dash->models, -1 for the dashboard's only model)
 * made in the period, upper case: an outcome that is another of them shows a prediction
 * wrong, as vigil_performance_compute() judges it. */
static GHashTable *
model_labels (const VigilDashboard *dash,
              int                   m)
{
  GHashTable *labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint p = 0; p < dash->n_predictions; p++)
    {
      gboolean made = m < 0;

      for (guint d = 0; !made && d < dash->n_days; d++)
        made = dash->models[m].counts[(gsize) d * dash->n_predictions + p] > 0;
      if (made)
        g_hash_table_add (labels, g_ascii_strup (dash->predictions[p], -1));
    }
  return labels;
}

/* The rules of @model_name's policy for judging its outcomes, or NULL for the built-in ones */
static const VigilOutcomeMap *
model_rules (Loader     *l,
             const char *model_name)
{
  return l->policy != NULL ? vigil_policy_for_model (l->policy, model_name)->outcomes : NULL;
}

/* The performance chart's days: the outcomes of each day's decisions, judged, read per model
 * from daily_outcomes (by prediction, outcome and day), whatever the number of decisions. */
static gboolean
load_outcomes (Loader          *l,
               VigilDashboard  *dash,
               const char      *from,
               const char      *to,
               GError         **error)
{
  OutcomeSink sink = { l, dash, NULL, NULL, NULL };

  if (g_cancellable_set_error_if_cancelled (l->cancellable, error))
    return FALSE;
  if (l->model_name != NULL)
    {
      g_autoptr(GHashTable) labels = model_labels (dash, -1);

      sink.labels = labels;
      sink.rules = model_rules (l, l->model_name);
      return vigil_store_foreach_outcome_group (l->store, l->model_name, NULL, NULL, from, to,
                                                NULL,
                                                add_outcome_group, &sink, error);
    }
  for (guint m = 0; m < dash->n_models; m++)
    {
      g_autoptr(GHashTable) labels = model_labels (dash, (int) m);

      sink.model_days = dash->models[m].outcomes;
      sink.labels = labels;
      sink.rules = model_rules (l, dash->models[m].model_name);
      if (g_cancellable_set_error_if_cancelled (l->cancellable, error) ||
          !vigil_store_foreach_outcome_group (l->store, dash->models[m].model_name, NULL, NULL,
                                              from, to, NULL, add_outcome_group, &sink, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_day (const char  *day,
           gint64      *out_usec)
{
  char ts[VIGIL_TIMESTAMP_LEN];

  if (day == NULL || strlen (day) != 10 || day[4] != '-' || day[7] != '-')
    return FALSE;
  g_snprintf (ts, sizeof ts, "%sT00:00:00", day);
  if (!vigil_timestamp_parse (ts, out_usec, NULL))
    return FALSE;
  vigil_timestamp_format (*out_usec, ts);
  return strncmp (ts, day, 10) == 0;
}

static gboolean
check_arguments (const char  *model_name,
                 const char  *first_day,
                 guint        n_days,
                 guint        window_days,
                 guint        baseline_days,
                 double       concentration_threshold,
                 gint64      *out_start,
                 GError     **error)
{
  gint64 lowest, highest;

  if (model_name != NULL && *model_name == '\0')
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("The model name is empty; name a model, or none for all models"));
      return FALSE;
    }
  if (!parse_day (first_day, out_start))
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("“%s” is not a day; give the period’s first day as YYYY-MM-DD, like "
                     "2026-11-01"), first_day ? first_day : "");
      return FALSE;
    }
  if (n_days < 1 || n_days > MAX_DAYS)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("A dashboard covers 1 to %d days, not %u"), MAX_DAYS, n_days);
      return FALSE;
    }
  if (window_days < 1 || window_days > n_days)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("The recent window must be 1 to %u days, the length of the period, not %u"),
                   n_days, window_days);
      return FALSE;
    }
  if (baseline_days < 1 || baseline_days > MAX_DAYS)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("The baseline must be 1 to %d days, not %u"), MAX_DAYS, baseline_days);
      return FALSE;
    }
  if (!isfinite (concentration_threshold) || concentration_threshold <= 0.0 ||
      concentration_threshold > 1.0)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("The concentration threshold must be a share above 0 and at most 1, not %g"),
                   concentration_threshold);
      return FALSE;
    }

  parse_day ("0001-01-01", &lowest);
  parse_day ("9999-12-31", &highest);
  /* The recent window may end on the period's first day, when the later ones are empty */
  if (*out_start + (gint64) n_days * G_TIME_SPAN_DAY > highest ||
      *out_start + (1 - (gint64) window_days - baseline_days) * G_TIME_SPAN_DAY < lowest)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("The period from %s and its baseline must lie between the years 1 and 9999"),
                   first_day);
      return FALSE;
    }
  return TRUE;
}

static VigilDashboard *
dashboard_load (VigilStore    *store,
                const char    *model_name,
                const char    *first_day,
                guint          n_days,
                guint          window_days,
                guint          baseline_days,
                double         concentration_threshold,
                gint64         min_samples,
                VigilPolicy   *policy,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(VigilDashboard) dash = NULL;
  char from[VIGIL_TIMESTAMP_LEN], to[VIGIL_TIMESTAMP_LEN];
  char recent[VIGIL_TIMESTAMP_LEN], recent_end[VIGIL_TIMESTAMP_LEN];
  char baseline[VIGIL_TIMESTAMP_LEN];
  char from_day[11], to_day[11], recent_day[11], recent_end_day[11], baseline_day[11];
  char last_day[VIGIL_DAY_LEN];
  gint64 start, end, reviewed = 0, flagged = 0;
  gboolean own_transaction;
  gboolean ok;
  Loader l;

  g_return_val_if_fail (VIGIL_IS_STORE (store), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  if (!check_arguments (model_name, first_day, n_days, window_days, baseline_days,
                        concentration_threshold, &start, error))
    return NULL;

  end = start + (gint64) n_days * G_TIME_SPAN_DAY;
  vigil_timestamp_format (start, from);
  vigil_timestamp_format (end, to);
  g_strlcpy (from_day, from, sizeof from_day);
  g_strlcpy (to_day, to, sizeof to_day);

  dash = vigil_dashboard_new (model_name, from, to);
  dash->concentration_threshold = concentration_threshold;
  dash->n_days = n_days;
  dash->days = g_new0 (VigilDashboardDay, n_days);
  dash->summary = g_new0 (VigilSummary, 1);
  dash->summary->model_name = g_strdup (model_name);
  dash->summary->from = g_strdup (from);
  dash->summary->to = g_strdup (to);
  dash->summary->days = n_days;

  l.store = store;
  l.db = vigil_store_get_sql (store);
  l.model_name = model_name;
  l.cancellable = cancellable;
  l.start = start;
  l.n_days = n_days;
  l.policy = policy;

  /* One snapshot for all the numbers, even while another connection writes. */
  own_transaction = !vigil_sql_in_transaction (l.db);
  if (own_transaction && !vigil_store_exec (store, "BEGIN", error))
    return NULL;

  ok = load_days (&l, dash, from_day, to_day, error);
  if (ok)
    {
      for (guint i = 0; i < n_days; i++)
        {
          char day[VIGIL_TIMESTAMP_LEN];

          vigil_timestamp_format (start + (gint64) i * G_TIME_SPAN_DAY, day);
          day[10] = '\0';
          dash->days[i].day = g_strdup (day);
        }
    }

  /* The recent window ends with the period, or on its last day with a confidence: a window
   * of a day with no decision (a weekend, a day that has only begun) shows nothing. */
  ok = ok && find_last_confidence_day (&l, from_day, to_day, last_day, error);
  if (ok && last_day[0] != '\0' && strcmp (last_day, dash->days[n_days - 1].day) < 0)
    {
      guint i = day_index (&l, last_day);

      if (i < n_days)
        {
          end = start + ((gint64) i + 1) * G_TIME_SPAN_DAY;
          dash->recent_moved = TRUE;
        }
    }
  vigil_timestamp_format (end, recent_end);
  vigil_timestamp_format (end - (gint64) window_days * G_TIME_SPAN_DAY, recent);
  vigil_timestamp_format (end - ((gint64) window_days + baseline_days) * G_TIME_SPAN_DAY, baseline);
  g_strlcpy (recent_day, recent, sizeof recent_day);
  g_strlcpy (recent_end_day, recent_end, sizeof recent_end_day);
  g_strlcpy (baseline_day, baseline, sizeof baseline_day);
  dash->recent_from = g_strdup (recent);
  dash->recent_to = g_strdup (recent_end);
  dash->baseline_from = g_strdup (baseline);
  g_strlcpy (dash->recent_days.first_day, recent_day, sizeof dash->recent_days.first_day);
  dash->recent_days.n_days = window_days;
  g_strlcpy (dash->baseline_days.first_day, baseline_day, sizeof dash->baseline_days.first_day);
  dash->baseline_days.n_days = baseline_days;

  ok = ok && load_confidence (&l, dash, baseline_day, recent_day, recent_end_day, error);
  ok = ok && load_concentration (&l, dash, window_days, min_samples, error);
  ok = ok && count_decisions (&l, REVIEWED_SQL (ONE_MODEL), REVIEWED_SQL (ALL_MODELS), from, to,
                              &reviewed, error);
  ok = ok && count_decisions (&l, FLAGGED_SQL (ONE_MODEL), FLAGGED_SQL (ALL_MODELS), from, to,
                              &flagged, error);
  ok = ok && load_outcomes (&l, dash, from, to, error);
  ok = ok && load_alerts (&l, dash, error);
  ok = ok && load_shifts (&l, dash, error);

  if (own_transaction)
    vigil_sql_exec (l.db, ok ? "COMMIT" : "ROLLBACK");
  if (!ok)
    return NULL;

  dash->summary->reviewed = reviewed;
  dash->summary->pending_reviews = dash->summary->total_decisions - reviewed;
  dash->summary->flagged = flagged;
  dash->summary->decisions_per_day = (double) dash->summary->total_decisions / (double) n_days;

  return g_steal_pointer (&dash);
}

/**
 * vigil_dashboard_load:
 * @store: the store, used by this thread only for the call
 * @model_name: (nullable): one model, or %NULL for all models
 * @first_day: the period's first UTC day, "YYYY-MM-DD"
 * @n_days: the period's length in days, 1 to 3660
 * @window_days: the checks' window in whole days (1 to @n_days): the confidence histogram's
 *   recent window, the period's last @window_days days (or those up to its last day with a
 *   confidence), and the concentration chart's windows
 * @baseline_days: the days before the recent window that the histogram compares it with
 *   (1 to 3660); they may lie before the period
 * @concentration_threshold: the share the concentration chart marks, above 0 and at most 1
 * @cancellable: (nullable): checked between the queries
 *
 * Loads what the dashboard draws for @n_days whole UTC days from @first_day, in one read
 * transaction, from the daily roll-ups and indexes (the performance chart's outcomes from
 * daily_outcomes): its cost grows with the days and the categories of the period, not with
 * its decisions. Every window counts for the concentration chart; vigil_dashboard_load_for_policy() leaves out those the check finds
 * too small.
 *
 * Returns: (transfer full): the dashboard, or %NULL with @error set (%VIGIL_STORE_ERROR_INVALID
 *   for an argument out of range, %G_IO_ERROR_CANCELLED when cancelled)
 */
VigilDashboard *
vigil_dashboard_load (VigilStore    *store,
                      const char    *model_name,
                      const char    *first_day,
                      guint          n_days,
                      guint          window_days,
                      guint          baseline_days,
                      double         concentration_threshold,
                      GCancellable  *cancellable,
                      GError       **error)
{
  return dashboard_load (store, model_name, first_day, n_days, window_days, baseline_days,
                         concentration_threshold, 0, NULL, cancellable, error);
}

/**
 * vigil_dashboard_load_for_policy:
 * @store: the store, used by this thread only for the call
 * @model_name: (nullable): one model, or %NULL for all models
 * @period: the days to load
 * @policy: the policy whose window, baseline, minimum sample and concentration threshold
 *   (@model_name's, or its defaults for all models) the charts follow, so that they show what
 *   the checks see, and whose models' outcome rules the performance chart judges by
 * @cancellable: (nullable): checked between the queries
 *
 * Like vigil_dashboard_load(), with the windows in whole days (the policy's, rounded up, at
 * most the period's length).
 *
 * Returns: (transfer full): the dashboard, or %NULL with @error set
 */
VigilDashboard *
vigil_dashboard_load_for_policy (VigilStore         *store,
                                 const char         *model_name,
                                 const VigilPeriod  *period,
                                 VigilPolicy        *policy,
                                 GCancellable       *cancellable,
                                 GError            **error)
{
  const VigilModelPolicy *mp;

  g_return_val_if_fail (period != NULL, NULL);
  g_return_val_if_fail (VIGIL_IS_POLICY (policy), NULL);

  mp = model_name != NULL ? vigil_policy_for_model (policy, model_name)
                          : vigil_policy_get_defaults (policy);
  return dashboard_load (store, model_name, period->first_day, period->n_days,
                         (guint) CLAMP (ceil (mp->window_days), 1, MIN (period->n_days, 365)),
                         (guint) CLAMP (ceil (mp->baseline_days), 1, 3650),
                         mp->checks[VIGIL_CHECK_CONCENTRATION_RISK].threshold,
                         mp->min_samples, policy, cancellable, error);
}
