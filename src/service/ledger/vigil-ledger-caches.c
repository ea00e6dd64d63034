/* vigil-ledger-caches.c: the caches of the chained facts, recomputed by the full verification
 *
 * What a report states of people's actions and of the detector's flags is kept in columns that
 * are not hashed (they change by design), and what it counts in roll-ups kept beside the
 * decisions. Each is a cache of chained facts: an alert's acknowledgement of its acknowledge
 * event, a decision's review and outcome of the latest such event, its flag and reason of the
 * flag events whose rule selects it, the daily roll-ups and the model list of the decisions
 * themselves, an alert's raised_at of the detect event that added it, and on a server a
 * model's desk and a desk's members of the desk events. The full verification loads the facts
 * from the events before its workers start, checks each decision row and tallies the roll-ups
 * as the workers read every row for hashing, then compares the rest.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-ledger"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "vigil-check.h"
#include "vigil-input-rollup.h"
#include "vigil-ledger.h"
#include "vigil-store-private.h"
#include "vigil-timestamp.h"

/* Vigil before 0.9 stamped an acknowledgement's or a review's column a moment before the
 * event that records it; the column may precede its event by up to this much. */
#define LEGACY_STAMP_LEEWAY G_USEC_PER_SEC
/* Roll-up sums of confidences are added in another order than the store added them. */
#define SUM_TOLERANCE 1e-9
#define MRU_DAYS 4
/* Labels a model-day looks up by comparing, before its hash table */
#define FEW_LABELS 8

/* The facts ---------------------------------------------------------------------------------- */

typedef struct
{
  gint64  id;
  gint64  review_event;
  char   *review_time;
  char   *reviewed_by;
  char   *review_status;
  char   *review_notes;
  gint64  outcome_event;
  char   *outcome;
  char   *outcome_date;
  gint64  flag_event;      /* the first flag event that selects it */
  GString *reason;         /* every such event's reason, joined as the detector joined them */
} DecisionFact;

typedef struct
{
  gint64  event;
  char   *time;
  char   *actor;
  char   *note;
} AckFact;

typedef struct
{
  gint64  event;
  char   *raised_at;
} RaisedFact;

struct _VigilCacheFacts
{
  DecisionFact *decisions;   /* by id */
  guint         n_decisions;
  GHashTable   *acks;        /* alert id -> AckFact */
  GHashTable   *raised;      /* alert id -> RaisedFact */
  /* Inconsistencies among the events themselves, named with the cache differences */
  GPtrArray    *problems;
  GArray       *problem_ids;
};

static void
decision_fact_clear (DecisionFact *f)
{
  g_free (f->review_time);
  g_free (f->reviewed_by);
  g_free (f->review_status);
  g_free (f->review_notes);
  g_free (f->outcome);
  g_free (f->outcome_date);
  if (f->reason != NULL)
    g_string_free (f->reason, TRUE);
}

static void
ack_fact_free (gpointer data)
{
  AckFact *f = data;

  g_free (f->time);
  g_free (f->actor);
  g_free (f->note);
  g_free (f);
}

static void
raised_fact_free (gpointer data)
{
  RaisedFact *f = data;

  g_free (f->raised_at);
  g_free (f);
}

void
vigil_cache_facts_free (VigilCacheFacts *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < self->n_decisions; i++)
    decision_fact_clear (&self->decisions[i]);
  g_free (self->decisions);
  g_hash_table_unref (self->acks);
  g_hash_table_unref (self->raised);
  g_ptr_array_unref (self->problems);
  g_array_unref (self->problem_ids);
  g_free (self);
}

static char *
column_dup (VigilSqlStmt *stmt,
            int           i)
{
  return g_strdup (vigil_sql_column_text (stmt, i));
}

/* The id in a target "PREFIX:ID"; 0 when it names no such row. */
static gint64
target_id (const char *target,
           const char *prefix)
{
  gsize len = strlen (prefix);
  char *end = NULL;
  gint64 id;

  if (target == NULL || strncmp (target, prefix, len) != 0 || target[len] == '\0')
    return 0;
  id = g_ascii_strtoll (target + len, &end, 10);
  return end != NULL && *end == '\0' && id > 0 ? id : 0;
}

static DecisionFact *
decision_fact_get (GHashTable *decisions,
                   gint64      id)
{
  DecisionFact *f = g_hash_table_lookup (decisions, &id);

  if (f == NULL)
    {
      f = g_new0 (DecisionFact, 1);
      f->id = id;
      g_hash_table_insert (decisions, &f->id, f);
    }
  return f;
}

#define EVENTS_WHAT _("Could not read the events the caches are checked against")
#define CACHES_WHAT _("Could not read the caches of the ledger")

static gboolean
prepare (VigilSql      *db,
         const char    *sql,
         VigilSqlStmt **stmt,
         const char    *what,
         GError       **error)
{
  if (vigil_sql_prepare (db, sql, stmt) == VIGIL_SQL_OK)
    return TRUE;
  vigil_ledger_set_sql_error (error, db, what);
  return FALSE;
}

/* Whether the step that returned @rc failed (rather than ran out of rows), with @error set. */
static gboolean
step_failed (VigilSql    *db,
             int          rc,
             const char  *what,
             GError     **error)
{
  if (rc == VIGIL_SQL_DONE)
    return FALSE;
  vigil_ledger_set_sql_error (error, db, what);
  return TRUE;
}

#define DETAIL(path) "CASE WHEN json_valid(details) THEN json_extract(details, '" path "') END"

static gboolean
load_people (VigilSql    *db,
             GHashTable  *decisions,
             GHashTable  *acks,
             GError     **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  int rc;

  /* Reviews and outcomes: the latest event of each kind sets the columns. */
  if (!prepare (db, "SELECT id, timestamp, actor, action, target, "
                DETAIL ("$.status") ", " DETAIL ("$.notes") ", " DETAIL ("$.value") ", "
                DETAIL ("$.outcome_date") ", " DETAIL ("$.note") " FROM main.events "
                "WHERE action IN ('review', 'outcome', 'acknowledge') ORDER BY id",
                &stmt, EVENTS_WHAT, error))
    return FALSE;
  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      gint64 event = vigil_sql_column_int64 (stmt, 0);
      const char *action = vigil_sql_column_text (stmt, 3);
      const char *target = vigil_sql_column_text (stmt, 4);

      if (g_strcmp0 (action, "acknowledge") == 0)
        {
          gint64 id = target_id (target, "alert:");
          AckFact *f;

          /* Vigil refuses a second acknowledgement: the first one is the fact. */
          if (id == 0 || g_hash_table_contains (acks, &id))
            continue;
          f = g_new0 (AckFact, 1);
          f->event = event;
          f->time = column_dup (stmt, 1);
          f->actor = column_dup (stmt, 2);
          f->note = column_dup (stmt, 9);
          g_hash_table_insert (acks, g_memdup2 (&id, sizeof id), f);
        }
      else
        {
          gint64 id = target_id (target, "decision:");
          DecisionFact *f;

          if (id == 0)
            continue;
          f = decision_fact_get (decisions, id);
          if (g_strcmp0 (action, "review") == 0)
            {
              f->review_event = event;
              g_free (f->review_time);
              f->review_time = column_dup (stmt, 1);
              g_free (f->reviewed_by);
              f->reviewed_by = column_dup (stmt, 2);
              g_free (f->review_status);
              f->review_status = column_dup (stmt, 5);
              g_free (f->review_notes);
              f->review_notes = column_dup (stmt, 6);
            }
          else
            {
              f->outcome_event = event;
              g_free (f->outcome);
              f->outcome = column_dup (stmt, 7);
              g_free (f->outcome_date);
              f->outcome_date = column_dup (stmt, 8);
            }
        }
    }
  return !step_failed (db, rc, EVENTS_WHAT, error);
}

/* The decisions each flag event flagged. A flag event of this version carries its rule: the
 * model, the window [from, to), the prediction or ticker when the check has a subject, the
 * segment's field and value when the alert is a segment's, and the decisions chain's last id
 * then. An older one carries the count it flagged, and its
 * alert (chained) the model, window and subject: decisions only ever get higher ids, so the
 * decisions it flagged are the first that many, by id, that the rule selects now. */
static gboolean
load_flags (VigilCacheFacts  *facts,
            VigilSql         *db,
            GHashTable       *decisions,
            GError          **error)
{
  g_autoptr(VigilSqlStmt) events = NULL;
  g_autoptr(VigilSqlStmt) alert = NULL;
  g_autoptr(VigilSqlStmt) select = NULL;
  int rc;

  if (!prepare (db, "SELECT id, target, " VIGIL_JSON_INTEGER ("details", "$.decisions") ", "
                DETAIL ("$.reason") ", "
                DETAIL ("$.rule.model_name") ", " DETAIL ("$.rule.from") ", "
                DETAIL ("$.rule.to") ", " DETAIL ("$.rule.prediction") ", "
                DETAIL ("$.rule.ticker") ", " VIGIL_JSON_INTEGER ("details", "$.rule.last_id")
                ", " DETAIL ("$.rule.sector") ", " DETAIL ("$.rule.portfolio_id") ", "
                DETAIL ("$.rule.user_id") " FROM main.events "
                "WHERE action = 'flag' ORDER BY id", &events, EVENTS_WHAT, error) ||
      !prepare (db, "SELECT model_name, alert_type, subject, window_start, window_end "
                "FROM main.alerts WHERE id = ?", &alert, EVENTS_WHAT, error) ||
      !prepare (db, "SELECT id FROM main.decisions WHERE model_name = ?1 AND timestamp >= ?2 "
                "AND timestamp < ?3 AND (CAST (?4 AS TEXT) IS NULL OR prediction = ?4) "
                "AND (CAST (?5 AS TEXT) IS NULL OR ticker = ?5) AND id <= ?6 "
                "AND (CAST (?8 AS TEXT) IS NULL OR sector = ?8) "
                "AND (CAST (?9 AS TEXT) IS NULL OR portfolio_id = ?9) "
                "AND (CAST (?10 AS TEXT) IS NULL OR user_id = ?10) "
                "ORDER BY id LIMIT ?7",
                &select, EVENTS_WHAT, error))
    return FALSE;

  while ((rc = vigil_sql_step (events)) == VIGIL_SQL_ROW)
    {
      gint64 event = vigil_sql_column_int64 (events, 0);
      gint64 alert_id = target_id (vigil_sql_column_text (events, 1), "alert:");
      gboolean has_count = vigil_sql_column_type (events, 2) == VIGIL_SQL_INTEGER;
      gint64 count = vigil_sql_column_int64 (events, 2);
      const char *reason = vigil_sql_column_text (events, 3);
      gboolean has_rule = vigil_sql_column_type (events, 4) == VIGIL_SQL_TEXT;
      gint64 selected = 0;
      int step;

      vigil_sql_reset (select);
      vigil_sql_clear_bindings (select);
      if (has_rule)
        {
          for (int i = 0; i < 5; i++)
            if (vigil_sql_column_type (events, 4 + i) == VIGIL_SQL_TEXT)
              vigil_sql_bind_text_copy (select, 1 + i, vigil_sql_column_text (events, 4 + i),
                                        -1);
          /* A segment's alert flagged the segment's decisions only */
          for (int i = 0; i < 3; i++)
            if (vigil_sql_column_type (events, 10 + i) == VIGIL_SQL_TEXT)
              vigil_sql_bind_text_copy (select, 8 + i, vigil_sql_column_text (events, 10 + i),
                                        -1);
          vigil_sql_bind_int64 (select, 6, vigil_sql_column_type (events, 9) == VIGIL_SQL_INTEGER
                                             ? vigil_sql_column_int64 (events, 9) : G_MAXINT64);
          vigil_sql_bind_int64 (select, 7, vigil_sql_limit (-1));
        }
      else
        {
          const VigilCheckInfo *info;
          const char *type;

          vigil_sql_reset (alert);
          vigil_sql_bind_int64 (alert, 1, alert_id);
          step = vigil_sql_step (alert);
          if (step != VIGIL_SQL_ROW)
            {
              if (step_failed (db, step, EVENTS_WHAT, error))
                return FALSE;
              continue;
            }
          type = vigil_sql_column_text (alert, 1);
          for (int i = 0; i < 3; i++)
            {
              static const int columns[3] = { 0, 3, 4 };

              if (vigil_sql_column_type (alert, columns[i]) == VIGIL_SQL_TEXT)
                vigil_sql_bind_text_copy (select, 1 + i,
                                          vigil_sql_column_text (alert, columns[i]), -1);
            }
          info = vigil_check_lookup (type);
          if (info != NULL && info->subject != VIGIL_CHECK_SUBJECT_WINDOW)
            vigil_sql_bind_text_copy (select,
                                      info->subject == VIGIL_CHECK_SUBJECT_PREDICTION ? 4 : 5,
                                      vigil_sql_column_text (alert, 2), -1);
          vigil_sql_bind_int64 (select, 6, G_MAXINT64);
          vigil_sql_bind_int64 (select, 7, vigil_sql_limit (has_count ? count : -1));
        }

      while ((step = vigil_sql_step (select)) == VIGIL_SQL_ROW)
        {
          DecisionFact *f = decision_fact_get (decisions, vigil_sql_column_int64 (select, 0));

          selected++;
          if (f->flag_event == 0)
            f->flag_event = event;
          if (f->reason == NULL)
            f->reason = g_string_new (reason);
          else
            g_string_append_printf (f->reason, "; %s", reason ? reason : "");
        }
      if (step_failed (db, step, EVENTS_WHAT, error))
        return FALSE;
      if (has_count && selected != count)
        {
          g_ptr_array_add (facts->problems,
                           g_strdup_printf (_("flag event %" PRId64 ": it flagged %" PRId64
                                              " decisions, but its rule selects %" PRId64),
                                            event, count, selected));
          g_array_append_val (facts->problem_ids, event);
        }
    }
  return !step_failed (db, rc, EVENTS_WHAT, error);
}

/* The alerts a detect event of this version added, and when they were raised. */
static gboolean
load_raised (VigilSql    *db,
             GHashTable  *raised,
             GError     **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  int rc;

  if (!prepare (db, "SELECT id, " DETAIL ("$.raised_at") ", " DETAIL ("$.first_alert_id") ", "
                DETAIL ("$.last_alert_id") " FROM main.events WHERE action = 'detect' "
                "ORDER BY id", &stmt, EVENTS_WHAT, error))
    return FALSE;
  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      gint64 first = vigil_sql_column_int64 (stmt, 2), last = vigil_sql_column_int64 (stmt, 3);

      if (vigil_sql_column_type (stmt, 1) != VIGIL_SQL_TEXT || first < 1 || last < first)
        continue;
      for (gint64 id = first; id <= last; id++)
        {
          RaisedFact *f = g_new0 (RaisedFact, 1);

          f->event = vigil_sql_column_int64 (stmt, 0);
          f->raised_at = column_dup (stmt, 1);
          g_hash_table_replace (raised, g_memdup2 (&id, sizeof id), f);
        }
    }
  return !step_failed (db, rc, EVENTS_WHAT, error);
}

static int
compare_facts (gconstpointer a,
               gconstpointer b)
{
  gint64 x = ((const DecisionFact *) a)->id, y = ((const DecisionFact *) b)->id;

  return x < y ? -1 : x > y;
}

/**
 * vigil_cache_facts_load:
 * @db: a connection inside the verification's snapshot
 *
 * Reads what the caches should hold from the chained events: one pass over the events of the
 * actions that set them, and for each flag event the decisions its rule selects.
 */
VigilCacheFacts *
vigil_cache_facts_load (VigilSql *db,
                        GError  **error)
{
  VigilCacheFacts *facts = g_new0 (VigilCacheFacts, 1);
  g_autoptr(GHashTable) decisions = g_hash_table_new (g_int64_hash, g_int64_equal);
  GHashTableIter iter;
  DecisionFact *f;
  guint i = 0;

  facts->acks = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, ack_fact_free);
  facts->raised = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, raised_fact_free);
  facts->problems = g_ptr_array_new_with_free_func (g_free);
  facts->problem_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (!load_people (db, decisions, facts->acks, error) ||
      !load_flags (facts, db, decisions, error) ||
      !load_raised (db, facts->raised, error))
    {
      g_hash_table_iter_init (&iter, decisions);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &f))
        {
          decision_fact_clear (f);
          g_free (f);
        }
      vigil_cache_facts_free (facts);
      return NULL;
    }

  facts->n_decisions = g_hash_table_size (decisions);
  facts->decisions = g_new (DecisionFact, MAX (facts->n_decisions, 1));
  g_hash_table_iter_init (&iter, decisions);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &f))
    {
      facts->decisions[i++] = *f;
      g_free (f);
    }
  qsort (facts->decisions, facts->n_decisions, sizeof (DecisionFact), compare_facts);
  return facts;
}

/* Naming values -------------------------------------------------------------------------------- */

/* “text” (shortened), NULL, or a number, as found in a column. */
static char *
show_text (const char *text)
{
  if (text == NULL)
    return g_strdup ("NULL");

  if (g_utf8_validate (text, -1, NULL) && g_utf8_strlen (text, -1) > 60)
    {
      g_autofree char *start = g_utf8_substring (text, 0, 60);

      return g_strdup_printf ("“%s…”", start);
    }
  return g_strdup_printf ("“%s”", text);
}

static char *
show_column (VigilSqlStmt *stmt,
             int           column)
{
  switch (vigil_sql_column_type (stmt, column))
    {
    case VIGIL_SQL_NULL:
      return g_strdup ("NULL");
    case VIGIL_SQL_INTEGER:
      return g_strdup_printf ("%" PRId64, (gint64) vigil_sql_column_int64 (stmt, column));
    case VIGIL_SQL_FLOAT:
      return g_strdup_printf ("%.17g", vigil_sql_column_double (stmt, column));
    default:
      return show_text (vigil_sql_column_text (stmt, column));
    }
}

static gboolean
column_is_text (VigilSqlStmt *stmt,
                int           column,
                const char   *expected)
{
  if (expected == NULL)
    return vigil_sql_column_type (stmt, column) == VIGIL_SQL_NULL;
  return vigil_sql_column_type (stmt, column) == VIGIL_SQL_TEXT &&
         strcmp (vigil_sql_column_text (stmt, column), expected) == 0;
}

/* A column stamped with its event's time: the same text, or (Vigil before 0.9) up to a
 * second before it. */
static gboolean
column_is_stamp (VigilSqlStmt *stmt,
                 int           column,
                 const char   *expected)
{
  const char *found;
  gint64 at, event;

  if (column_is_text (stmt, column, expected))
    return TRUE;
  if (expected == NULL || vigil_sql_column_type (stmt, column) != VIGIL_SQL_TEXT)
    return FALSE;
  found = vigil_sql_column_text (stmt, column);
  return strlen (found) == VIGIL_TIMESTAMP_LEN - 1 &&
         vigil_timestamp_parse (found, &at, NULL) && vigil_timestamp_parse (expected, &event, NULL) &&
         at <= event && event - at <= LEGACY_STAMP_LEEWAY;
}

/* The tally of the rows the workers read -------------------------------------------------------- */

typedef struct
{
  char    *label;            /* owned by the table's key */
  gint64   n;
  gint64   n_confidence;
  double   sum_confidence;
  double   sumsq_confidence;
  gint64   lag_days;         /* daily_outcomes: the lags' sum */
  gboolean seen;
} Count;

/* Counts by label: the first few found by comparing, the rest by hashing. */
typedef struct
{
  GHashTable *table;         /* label -> Count */
  Count      *few[FEW_LABELS];
  guint       n_few;
} Counts;

typedef struct
{
  char       *model;
  char        day[11];
  gint64      n;
  Counts      predictions;
  Counts      entities;
  Counts      outcomes;      /* by outcome_key() */
  Count       bins[VIGIL_CONFIDENCE_BINS];
  VigilInputProfile *inputs;
} ModelDay;

typedef struct
{
  gint64  id;
  char   *text;
} Difference;

struct _VigilCacheTally
{
  const VigilCacheFacts *facts;
  VigilSqlStmt *row;         /* a decision's cache columns, read again when they matter */
  guint       next_fact;
  GHashTable *days;          /* ModelDay -> itself */
  ModelDay   *recent[MRU_DAYS];
  guint       recent_next;
  GArray     *differences;   /* Difference, the lowest ids first */
  gint64      n_differences;
};

static guint
model_day_hash (gconstpointer key)
{
  const ModelDay *d = key;

  return g_str_hash (d->model) * 31 + g_str_hash (d->day);
}

static gboolean
model_day_equal (gconstpointer a,
                 gconstpointer b)
{
  const ModelDay *x = a, *y = b;

  return strcmp (x->day, y->day) == 0 && strcmp (x->model, y->model) == 0;
}

static void
model_day_free (gpointer data)
{
  ModelDay *d = data;

  g_free (d->model);
  g_hash_table_unref (d->predictions.table);
  g_hash_table_unref (d->entities.table);
  vigil_input_profile_free (d->inputs);
  g_hash_table_unref (d->outcomes.table);
  g_free (d);
}

static ModelDay *
model_day_new (const char *model,
               const char *day)
{
  ModelDay *d = g_new0 (ModelDay, 1);

  d->model = g_strdup (model);
  g_strlcpy (d->day, day, sizeof d->day);
  d->predictions.table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  d->entities.table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  d->inputs = vigil_input_profile_new ();
  d->outcomes.table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return d;
}

static void
difference_clear (gpointer data)
{
  g_free (((Difference *) data)->text);
}

VigilCacheTally *
vigil_cache_tally_new (const VigilCacheFacts *facts)
{
  VigilCacheTally *self = g_new0 (VigilCacheTally, 1);

  self->facts = facts;
  self->days = g_hash_table_new_full (model_day_hash, model_day_equal, model_day_free, NULL);
  self->differences = g_array_new (FALSE, FALSE, sizeof (Difference));
  g_array_set_clear_func (self->differences, difference_clear);
  return self;
}

void
vigil_cache_tally_free (VigilCacheTally *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->row, vigil_sql_finalize);
  g_hash_table_unref (self->days);
  g_array_unref (self->differences);
  g_free (self);
}

/* The facts of the decisions from @first_id on, for a range the worker is about to read. */
void
vigil_cache_tally_seek (VigilCacheTally *self,
                        gint64           first_id)
{
  guint lo = 0, hi = self->facts->n_decisions;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (self->facts->decisions[mid].id < first_id)
        lo = mid + 1;
      else
        hi = mid;
    }
  self->next_fact = lo;
}

static void
add_difference (VigilCacheTally *self,
                gint64           id,
                char            *text)
{
  Difference d = { id, text };

  self->n_differences++;
  if (self->differences->len < VIGIL_LEDGER_REPORT_MAX_NAMED)
    g_array_append_val (self->differences, d);
  else
    g_free (text);
}

/* What an event set: a flag (a number) or a text. */
static char *
show_expected (const char *name,
               const char *expected)
{
  if (strcmp (name, "anomaly_flag") == 0 || strcmp (name, "acknowledged") == 0)
    return g_strdup (expected);
  return show_text (expected);
}

/* A decision's column against the event that set it, or against its value before any. */
static void
check_column (VigilCacheTally *self,
              VigilSqlStmt    *stmt,
              gint64           id,
              int              column,
              const char      *name,
              gboolean         same,
              const char      *action,
              gint64           event,
              const char      *expected)
{
  g_autofree char *found = NULL;
  g_autofree char *shown = NULL;

  if (same)
    return;
  found = show_column (stmt, column);
  if (event > 0)
    {
      shown = show_expected (name, expected);
      add_difference (self, id,
                      g_strdup_printf (_("decision %" PRId64 ": %s is %s, but %s event %" PRId64
                                         " set %s"), id, name, found, action, event, shown));
    }
  else
    add_difference (self, id,
                    g_strdup_printf (_("decision %" PRId64 ": %s is %s with no %s event"), id,
                                     name, found, action));
}

static ModelDay *
find_day (VigilCacheTally *self,
          const char      *model,
          const char      *timestamp)
{
  ModelDay probe;
  ModelDay *d;

  for (guint i = 0; i < MRU_DAYS; i++)
    {
      d = self->recent[i];
      if (d != NULL && strncmp (d->day, timestamp, 10) == 0 && strcmp (d->model, model) == 0)
        return d;
    }
  probe.model = (char *) model;
  g_strlcpy (probe.day, timestamp, sizeof probe.day);
  d = g_hash_table_lookup (self->days, &probe);
  if (d == NULL)
    {
      d = model_day_new (model, probe.day);
      g_hash_table_add (self->days, d);
    }
  self->recent[self->recent_next] = d;
  self->recent_next = (self->recent_next + 1) % MRU_DAYS;
  return d;
}

static Count *
find_count (Counts     *counts,
            const char *label)
{
  Count *c;

  for (guint i = 0; i < counts->n_few; i++)
    if (strcmp (counts->few[i]->label, label) == 0)
      return counts->few[i];
  c = g_hash_table_lookup (counts->table, label);
  if (c == NULL)
    {
      c = g_new0 (Count, 1);
      c->label = g_strdup (label);
      g_hash_table_insert (counts->table, c->label, c);
      if (counts->n_few < FEW_LABELS)
        counts->few[counts->n_few++] = c;
    }
  return c;
}

/* A prediction and an outcome as one label, without ambiguity: "LENGTH:PREDICTIONOUTCOME" */
static char *
outcome_key (const char *prediction,
             const char *outcome)
{
  return g_strdup_printf ("%zu:%s%s", strlen (prediction), prediction, outcome);
}

/* The prediction and outcome of a label of outcome_key(), as a person reads them */
static char *
show_outcome_key (const char *key)
{
  char *end = NULL;
  guint64 len = g_ascii_strtoull (key, &end, 10);

  if (end == NULL || *end != ':' || len > strlen (end + 1))
    return g_strdup (key);
  /* Translators: a prediction and the outcome that followed it */
  return g_strdup_printf (_("%.*s then %s"), (int) len, end + 1, end + 1 + len);
}

/* A row whose cache columns are not all as logged, or that an event changed: each column
 * against what the facts say. */
static void
check_row (VigilCacheTally    *self,
           VigilSql           *db,
           gint64              id,
           const DecisionFact *f)
{
  VigilSqlStmt *stmt;

  if (self->row == NULL &&
      vigil_sql_prepare_persistent (db, "SELECT " VIGIL_CACHE_DECISION_COLUMNS " FROM main.decisions "
                                    "WHERE id = ?", &self->row) != VIGIL_SQL_OK)
    {
      g_clear_pointer (&self->row, vigil_sql_finalize);
      add_difference (self, id,
                      g_strdup_printf (_("decision %" PRId64 ": its caches could not be read: "
                                         "%s"), id, vigil_sql_errmsg (db)));
      return;
    }
  stmt = self->row;
  vigil_sql_reset (stmt);
  vigil_sql_bind_int64 (stmt, 1, id);
  if (vigil_sql_step (stmt) != VIGIL_SQL_ROW)
    {
      add_difference (self, id,
                      g_strdup_printf (_("decision %" PRId64 ": its caches could not be read: "
                                         "%s"), id, vigil_sql_errmsg (db)));
      vigil_sql_reset (stmt);
      return;
    }

  check_column (self, stmt, id, 0, "actual_outcome", column_is_text (stmt, 0, f->outcome),
                "outcome", f->outcome_event, f->outcome);
  check_column (self, stmt, id, 1, "outcome_date", column_is_text (stmt, 1, f->outcome_date),
                "outcome", f->outcome_event, f->outcome_date);
  check_column (self, stmt, id, 2, "reviewed_by", column_is_text (stmt, 2, f->reviewed_by),
                "review", f->review_event, f->reviewed_by);
  check_column (self, stmt, id, 3, "review_date", column_is_stamp (stmt, 3, f->review_time),
                "review", f->review_event, f->review_time);
  check_column (self, stmt, id, 4, "review_status",
                column_is_text (stmt, 4, f->review_event ? f->review_status : "pending"),
                "review", f->review_event, f->review_status);
  check_column (self, stmt, id, 5, "review_notes", column_is_text (stmt, 5, f->review_notes),
                "review", f->review_event, f->review_notes);
  check_column (self, stmt, id, 6, "anomaly_flag",
                vigil_sql_column_type (stmt, 6) == VIGIL_SQL_INTEGER &&
                vigil_sql_column_int64 (stmt, 6) == (f->flag_event ? 1 : 0),
                "flag", f->flag_event, "1");
  check_column (self, stmt, id, 7, "anomaly_reason",
                column_is_text (stmt, 7, f->reason ? f->reason->str : NULL), "flag",
                f->flag_event, f->reason ? f->reason->str : NULL);
  vigil_sql_reset (stmt);
}

/**
 * vigil_cache_tally_row:
 * @stmt: a decisions row: the chained columns from id (column 0) in table order, then
 *   record_hash, then VIGIL_CACHE_PRISTINE_COLUMN at @pristine_column
 *
 * Checks the row's cache columns against the facts and adds it to the roll-ups.
 */
void
vigil_cache_tally_row (VigilCacheTally *self,
                       VigilSqlStmt    *stmt,
                       int              pristine_column)
{
  const VigilCacheFacts *facts = self->facts;
  gint64 id = vigil_sql_column_int64 (stmt, 0);
  const char *timestamp = vigil_sql_column_text (stmt, 1);
  const char *model = vigil_sql_column_text (stmt, 2);
  const char *prediction = vigil_sql_column_text (stmt, 7);
  const char *ticker;
  const DecisionFact *f = NULL;
  ModelDay *d;
  Count *c;

  while (self->next_fact < facts->n_decisions && facts->decisions[self->next_fact].id < id)
    self->next_fact++;
  if (self->next_fact < facts->n_decisions && facts->decisions[self->next_fact].id == id)
    f = &facts->decisions[self->next_fact];

  /* Most rows have no event and every cache column as logged, which SQLite tells at once;
   * any other row is read again, column by column. */
  if (f != NULL || vigil_sql_column_int (stmt, pristine_column) == 0)
    {
      static const DecisionFact none = { 0 };

      check_row (self, vigil_sql_stmt_get_sql (stmt), id, f ? f : &none);
    }

  if (timestamp == NULL || model == NULL || prediction == NULL)
    return;
  d = find_day (self, model, timestamp);
  d->n++;
  vigil_input_profile_add_decision (d->inputs, vigil_sql_column_text (stmt, 5),
                                    (gsize) vigil_sql_column_bytes (stmt, 5),
                                    vigil_sql_column_type (stmt, 8) != VIGIL_SQL_NULL,
                                    vigil_sql_column_text (stmt, 9));
  c = find_count (&d->predictions, prediction);
  c->n++;
  if (vigil_sql_column_type (stmt, 8) != VIGIL_SQL_NULL)
    {
      double confidence = vigil_sql_column_double (stmt, 8);

      c->n_confidence++;
      c->sum_confidence += confidence;
      c->sumsq_confidence += confidence * confidence;
      d->bins[vigil_store_confidence_bin (confidence)].n++;
    }
  /* The outcome the events gave it, as daily_outcomes counts it */
  if (f != NULL && f->outcome != NULL)
    {
      g_autofree char *key = outcome_key (prediction, f->outcome);

      c = find_count (&d->outcomes, key);
      c->n++;
      c->lag_days += vigil_store_outcome_lag_days (timestamp, f->outcome_date);
    }
  /* Entities are many: hashed at once */
  ticker = vigil_sql_column_text (stmt, 10);
  if (ticker != NULL)
    {
      c = g_hash_table_lookup (d->entities.table, ticker);
      if (c == NULL)
        c = find_count (&d->entities, ticker);
      c->n++;
    }
}

/* Comparing ------------------------------------------------------------------------------------ */

static void
merge_counts (Counts     *into,
              GHashTable *from)
{
  GHashTableIter iter;
  const char *label;
  Count *c;

  g_hash_table_iter_init (&iter, from);
  while (g_hash_table_iter_next (&iter, (gpointer *) &label, (gpointer *) &c))
    {
      Count *to = find_count (into, label);

      to->n += c->n;
      to->n_confidence += c->n_confidence;
      to->sum_confidence += c->sum_confidence;
      to->sumsq_confidence += c->sumsq_confidence;
      to->lag_days += c->lag_days;
    }
}

/* Every worker's model-days, added into the first's. */
static GHashTable *
merge_days (VigilCacheTally **tallies,
            guint             n_tallies)
{
  GHashTable *days = tallies[0]->days;

  for (guint t = 1; t < n_tallies; t++)
    {
      GHashTableIter iter;
      ModelDay *d;

      g_hash_table_iter_init (&iter, tallies[t]->days);
      while (g_hash_table_iter_next (&iter, (gpointer *) &d, NULL))
        {
          ModelDay *to = g_hash_table_lookup (days, d);

          if (to == NULL)
            {
              g_hash_table_iter_steal (&iter);
              g_hash_table_add (days, d);
              continue;
            }
          to->n += d->n;
          merge_counts (&to->predictions, d->predictions.table);
          merge_counts (&to->entities, d->entities.table);
          merge_counts (&to->outcomes, d->outcomes.table);
          for (guint b = 0; b < VIGIL_CONFIDENCE_BINS; b++)
            to->bins[b].n += d->bins[b].n;
          vigil_input_profile_merge (to->inputs, d->inputs);
        }
    }
  return days;
}

typedef struct
{
  VigilLedgerReport *report;
  gint64             n;
} Differences;

static void
differ (Differences *out,
        const char  *table,
        gint64       id,
        char        *text)
{
  vigil_ledger_report_add_cache_difference (out->report, table, id, text);
  out->n++;
  g_free (text);
}

static ModelDay *
lookup_day (GHashTable *days,
            const char *model,
            const char *day)
{
  ModelDay probe;

  probe.model = (char *) model;
  if (model == NULL || day == NULL || strlen (day) != 10)
    return NULL;
  memcpy (probe.day, day, 11);
  return g_hash_table_lookup (days, &probe);
}

static const char *
or_null (const char *text)
{
  return text ? text : "NULL";
}

/* One roll-up table: each row against the tally, then each tallied row the table lacks. */
static gboolean
compare_rollup (VigilSql     *db,
                GHashTable   *days,
                const char   *table,
                Differences  *out,
                GError      **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  g_autofree char *sql = NULL;
  gboolean predictions = strcmp (table, "daily_predictions") == 0;
  gboolean bins = strcmp (table, "daily_confidence") == 0;
  GHashTableIter iter;
  ModelDay *d;
  int rc;

  sql = g_strdup_printf ("SELECT model_name, day, %s, n%s FROM main.%s", bins ? "bin"
                         : predictions ? "prediction" : "entity",
                         predictions ? ", n_confidence, sum_confidence, sumsq_confidence" : "",
                         table);
  if (!prepare (db, sql, &stmt, CACHES_WHAT, error))
    return FALSE;
  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      const char *model = vigil_sql_column_text (stmt, 0);
      const char *day = vigil_sql_column_text (stmt, 1);
      g_autofree char *label = bins ? g_strdup_printf ("%d", vigil_sql_column_int (stmt, 2))
                                    : g_strdup (vigil_sql_column_text (stmt, 2));
      gint64 n = vigil_sql_column_int64 (stmt, 3);
      Count *c = NULL;

      d = lookup_day (days, model, day);
      if (d != NULL && bins)
        {
          int bin = vigil_sql_column_int (stmt, 2);

          if (vigil_sql_column_type (stmt, 2) == VIGIL_SQL_INTEGER && bin >= 0 &&
              bin < VIGIL_CONFIDENCE_BINS && d->bins[bin].n > 0)
            c = &d->bins[bin];
        }
      else if (d != NULL && label != NULL)
        c = g_hash_table_lookup (predictions ? d->predictions.table : d->entities.table, label);

      if (c == NULL || c->seen)
        {
          differ (out, table, 0,
                  g_strdup_printf (_("%s %s %s %s: %" PRId64 ", the decisions hold none"),
                                   table, or_null (model), or_null (day), or_null (label), n));
          continue;
        }
      c->seen = TRUE;
      if (vigil_sql_column_type (stmt, 3) != VIGIL_SQL_INTEGER || n != c->n)
        differ (out, table, 0,
                g_strdup_printf (_("%s %s %s %s: %" PRId64 ", the decisions hold %" PRId64),
                                 table, model, day, label, n, c->n));
      else if (predictions && vigil_sql_column_int64 (stmt, 4) != c->n_confidence)
        differ (out, table, 0,
                g_strdup_printf (_("%s %s %s %s: %" PRId64 " with a confidence, the decisions "
                                   "hold %" PRId64), table, model, day, label,
                                 (gint64) vigil_sql_column_int64 (stmt, 4), c->n_confidence));
      else if (predictions &&
               !(fabs (vigil_sql_column_double (stmt, 5) - c->sum_confidence) <=
                 SUM_TOLERANCE * MAX (1.0, fabs (c->sum_confidence))))
        differ (out, table, 0,
                g_strdup_printf (_("%s %s %s %s: confidences add up to %.17g, the decisions’ "
                                   "to %.17g"), table, model, day, label,
                                 vigil_sql_column_double (stmt, 5), c->sum_confidence));
      else if (predictions &&
               !(fabs (vigil_sql_column_double (stmt, 6) - c->sumsq_confidence) <=
                 SUM_TOLERANCE * MAX (1.0, fabs (c->sumsq_confidence))))
        differ (out, table, 0,
                g_strdup_printf (_("%s %s %s %s: squared confidences add up to %.17g, the "
                                   "decisions’ to %.17g"), table, model, day, label,
                                 vigil_sql_column_double (stmt, 6), c->sumsq_confidence));
    }
  if (step_failed (db, rc, CACHES_WHAT, error))
    return FALSE;

  g_hash_table_iter_init (&iter, days);
  while (g_hash_table_iter_next (&iter, (gpointer *) &d, NULL))
    {
      if (bins)
        {
          for (int b = 0; b < VIGIL_CONFIDENCE_BINS; b++)
            if (d->bins[b].n > 0 && !d->bins[b].seen)
              {
                g_autofree char *label = g_strdup_printf ("%d", b);

                differ (out, table, 0,
                        g_strdup_printf (_("%s %s %s %s: missing, the decisions hold %" PRId64),
                                         table, d->model, d->day, label, d->bins[b].n));
              }
        }
      else
        {
          GHashTableIter counts;
          const char *label;
          Count *c;

          g_hash_table_iter_init (&counts, predictions ? d->predictions.table : d->entities.table);
          while (g_hash_table_iter_next (&counts, (gpointer *) &label, (gpointer *) &c))
            if (c->n > 0 && !c->seen)
              differ (out, table, 0,
                      g_strdup_printf (_("%s %s %s %s: missing, the decisions hold %" PRId64),
                                       table, d->model, d->day, label, c->n));
        }
    }
  return TRUE;
}

/* daily_outcomes against the outcomes the events gave the decisions */
static gboolean
compare_outcomes (VigilSql     *db,
                  GHashTable   *days,
                  Differences  *out,
                  GError      **error)
{
  static const char table[] = "daily_outcomes";
  g_autoptr(VigilSqlStmt) stmt = NULL;
  GHashTableIter iter;
  ModelDay *d;
  int rc;

  if (!prepare (db, "SELECT model_name, day, prediction, actual_outcome, n, lag_days "
                "FROM main.daily_outcomes", &stmt, CACHES_WHAT, error))
    return FALSE;
  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      const char *model = vigil_sql_column_text (stmt, 0);
      const char *day = vigil_sql_column_text (stmt, 1);
      const char *prediction = vigil_sql_column_text (stmt, 2);
      const char *outcome = vigil_sql_column_text (stmt, 3);
      gint64 n = vigil_sql_column_int64 (stmt, 4);
      g_autofree char *key = prediction && outcome ? outcome_key (prediction, outcome) : NULL;
      g_autofree char *shown = key ? show_outcome_key (key) : g_strdup ("NULL");
      Count *c = NULL;

      d = lookup_day (days, model, day);
      if (d != NULL && key != NULL)
        c = g_hash_table_lookup (d->outcomes.table, key);
      if (c == NULL || c->seen)
        {
          differ (out, table, 0,
                  g_strdup_printf (_("%s %s %s %s: %" PRId64 ", the decisions hold none"),
                                   table, or_null (model), or_null (day), shown, n));
          continue;
        }
      c->seen = TRUE;
      if (vigil_sql_column_type (stmt, 4) != VIGIL_SQL_INTEGER || n != c->n)
        differ (out, table, 0,
                g_strdup_printf (_("%s %s %s %s: %" PRId64 ", the decisions hold %" PRId64),
                                 table, model, day, shown, n, c->n));
      else if (vigil_sql_column_type (stmt, 5) != VIGIL_SQL_INTEGER ||
               vigil_sql_column_int64 (stmt, 5) != c->lag_days)
        differ (out, table, 0,
                g_strdup_printf (_("%s %s %s %s: lags of %" PRId64 " days in all, the "
                                   "decisions’ %" PRId64), table, model, day, shown,
                                 (gint64) vigil_sql_column_int64 (stmt, 5), c->lag_days));
    }
  if (step_failed (db, rc, CACHES_WHAT, error))
    return FALSE;

  g_hash_table_iter_init (&iter, days);
  while (g_hash_table_iter_next (&iter, (gpointer *) &d, NULL))
    {
      GHashTableIter counts;
      const char *label;
      Count *c;

      g_hash_table_iter_init (&counts, d->outcomes.table);
      while (g_hash_table_iter_next (&counts, (gpointer *) &label, (gpointer *) &c))
        if (c->n > 0 && !c->seen)
          {
            g_autofree char *shown = show_outcome_key (label);

            differ (out, table, 0,
                    g_strdup_printf (_("%s %s %s %s: missing, the decisions hold %" PRId64),
                                     table, d->model, d->day, shown, c->n));
          }
    }
  return TRUE;
}

typedef struct
{
  Differences *out;
  const char  *model;
  const char  *day;
} InputDay;

static void
on_input_difference (const char *table,
                     const char *what,
                     gint64      stored,
                     gint64      computed,
                     gpointer    data)
{
  InputDay *d = data;

  differ (d->out, table, 0,
          g_strdup_printf (_("%s %s %s %s: %" PRId64 ", the decisions hold %" PRId64), table,
                           d->model, d->day, what, stored, computed));
}

static void
on_input_day_left (const char        *model,
                   const char        *day,
                   VigilInputProfile *stored,
                   gpointer           data)
{
  g_autoptr(VigilInputProfile) none = vigil_input_profile_new ();
  InputDay d = { data, model, day };

  vigil_input_profile_diff (stored, none, on_input_difference, &d);
}

/* The inputs' roll-ups against the profile of each model's day, counted again from its
 * decisions; then the days the roll-ups hold and the decisions do not */
static gboolean
compare_inputs (VigilSql     *db,
                GHashTable   *days,
                Differences  *out,
                GError      **error)
{
  g_autoptr(VigilInputRollup) stored = vigil_input_rollup_new ();
  GHashTableIter iter;
  ModelDay *d;

  if (vigil_input_rollup_read_all (db, stored) != VIGIL_SQL_OK)
    {
      vigil_ledger_set_sql_error (error, db, CACHES_WHAT);
      return FALSE;
    }
  g_hash_table_iter_init (&iter, days);
  while (g_hash_table_iter_next (&iter, (gpointer *) &d, NULL))
    {
      g_autoptr(VigilInputProfile) day = vigil_input_rollup_steal (stored, d->model, d->day);
      InputDay input_day = { out, d->model, d->day };

      if (day == NULL)
        day = vigil_input_profile_new ();
      vigil_input_profile_diff (day, d->inputs, on_input_difference, &input_day);
    }
  vigil_input_rollup_foreach (stored, on_input_day_left, out);
  return TRUE;
}

typedef struct
{
  gint64   n;
  gboolean seen;
} ModelCount;

static gboolean
compare_models (VigilSql     *db,
                GHashTable   *days,
                Differences  *out,
                GError      **error)
{
  g_autoptr(GHashTable) models = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(VigilSqlStmt) stmt = NULL;
  g_autoptr(VigilSqlStmt) span = NULL;
  GHashTableIter iter;
  ModelDay *d;
  const char *name;
  ModelCount *m;
  int rc;

  /* A model's first and last decision, from the model and time index rather than tallied
   * row by row */
  if (!prepare (db, "SELECT (SELECT min(timestamp) FROM main.decisions "
                "WHERE model_name = ?1), (SELECT max(timestamp) FROM main.decisions "
                "WHERE model_name = ?1)", &span, CACHES_WHAT, error))
    return FALSE;
  g_hash_table_iter_init (&iter, days);
  while (g_hash_table_iter_next (&iter, (gpointer *) &d, NULL))
    {
      m = g_hash_table_lookup (models, d->model);
      if (m == NULL)
        {
          m = g_new0 (ModelCount, 1);
          g_hash_table_insert (models, d->model, m);
        }
      m->n += d->n;
    }

  if (!prepare (db, "SELECT name, decisions, first_timestamp, last_timestamp "
                "FROM main.models", &stmt, CACHES_WHAT, error))
    return FALSE;
  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      const char *model = vigil_sql_column_text (stmt, 0);
      gint64 n = vigil_sql_column_int64 (stmt, 1);

      m = model ? g_hash_table_lookup (models, model) : NULL;
      if (m == NULL || m->seen)
        {
          differ (out, "models", 0,
                  g_strdup_printf (_("models %s: %" PRId64 " decisions, the decisions hold "
                                     "none"), or_null (model), n));
          continue;
        }
      m->seen = TRUE;
      if (vigil_sql_column_type (stmt, 1) != VIGIL_SQL_INTEGER || n != m->n)
        differ (out, "models", 0,
                g_strdup_printf (_("models %s: %" PRId64 " decisions, the decisions hold %"
                                   PRId64), model, n, m->n));
      vigil_sql_reset (span);
      vigil_sql_bind_text_copy (span, 1, model, -1);
      if ((rc = vigil_sql_step (span)) != VIGIL_SQL_ROW)
        return !step_failed (db, rc == VIGIL_SQL_DONE ? VIGIL_SQL_ERROR : rc, CACHES_WHAT, error);
      if (!column_is_text (stmt, 2, vigil_sql_column_text (span, 0)))
        differ (out, "models", 0,
                g_strdup_printf (_("models %s: first decision at %s, the decisions’ first is "
                                   "at %s"), model,
                                 or_null (vigil_sql_column_text (stmt, 2)),
                                 or_null (vigil_sql_column_text (span, 0))));
      if (!column_is_text (stmt, 3, vigil_sql_column_text (span, 1)))
        differ (out, "models", 0,
                g_strdup_printf (_("models %s: last decision at %s, the decisions’ last is "
                                   "at %s"), model,
                                 or_null (vigil_sql_column_text (stmt, 3)),
                                 or_null (vigil_sql_column_text (span, 1))));
    }
  if (step_failed (db, rc, CACHES_WHAT, error))
    return FALSE;
  g_hash_table_iter_init (&iter, models);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, (gpointer *) &m))
    if (!m->seen)
      differ (out, "models", 0,
              g_strdup_printf (_("models %s: missing, the decisions hold %" PRId64), name,
                               m->n));
  return TRUE;
}

/* On a server, models.desk and desk_members are the caches of the desk events: a model's desk
 * is what its last set_desk event set, and a login sits at a desk when its last membership
 * event there added it. */
static gboolean
compare_desks (VigilSql     *db,
               Differences  *out,
               GError      **error)
{
  g_autoptr(VigilSqlStmt) desks = NULL;
  g_autoptr(VigilSqlStmt) members = NULL;
  int rc;

  /* Details that are not JSON (an event written by hand) set no desk and seat no one */
  if (!prepare (db, "WITH last (name, desk, id, expected) AS ("
                " SELECT m.name, m.desk, e.id, CASE WHEN json_valid (e.details) "
                " THEN json_extract (e.details, '$.desk') END "
                " FROM main.models m LEFT JOIN main.events e "
                " ON e.id = (SELECT max(id) FROM main.events WHERE action = 'set_desk' "
                " AND target = 'model:' || m.name)) "
                "SELECT name, desk, id, expected FROM last WHERE desk IS DISTINCT FROM expected "
                "ORDER BY name", &desks, CACHES_WHAT, error))
    return FALSE;
  while ((rc = vigil_sql_step (desks)) == VIGIL_SQL_ROW)
    {
      const char *model = vigil_sql_column_text (desks, 0);
      g_autofree char *found = show_column (desks, 1);

      if (vigil_sql_column_type (desks, 2) == VIGIL_SQL_NULL)
        differ (out, "models", 0,
                g_strdup_printf (_("models %s: desk is %s with no set_desk event"), model,
                                 found));
      else
        {
          g_autofree char *expected = show_column (desks, 3);

          differ (out, "models", 0,
                  g_strdup_printf (_("models %s: desk is %s, but set_desk event %" PRId64
                                     " set %s"), model, found,
                                   vigil_sql_column_int64 (desks, 2), expected));
        }
    }
  if (step_failed (db, rc, CACHES_WHAT, error))
    return FALSE;

  if (!prepare (db, "WITH latest (desk, member, id) AS ("
                " SELECT substr (target, 6), json_extract (details, '$.member'), max(id) "
                " FROM main.events WHERE action IN ('desk_add_member', 'desk_remove_member') "
                " AND json_valid (details) "
                " GROUP BY substr (target, 6), json_extract (details, '$.member')), "
                "seated (desk, member, id) AS ("
                " SELECT l.desk, l.member, l.id FROM latest l "
                " JOIN main.events e ON e.id = l.id WHERE e.action = 'desk_add_member') "
                "SELECT s.desk, s.member, s.id, 0 FROM seated s "
                " WHERE NOT EXISTS (SELECT 1 FROM main.desk_members dm "
                "  WHERE dm.desk = s.desk AND CAST (dm.member AS text) = s.member) "
                "UNION ALL "
                "SELECT dm.desk, CAST (dm.member AS text), l.id, 1 FROM main.desk_members dm "
                " LEFT JOIN latest l ON l.desk = dm.desk AND l.member = CAST (dm.member AS text) "
                " WHERE NOT EXISTS (SELECT 1 FROM seated s "
                "  WHERE s.desk = dm.desk AND s.member = CAST (dm.member AS text)) "
                "ORDER BY 1, 2", &members, CACHES_WHAT, error))
    return FALSE;
  while ((rc = vigil_sql_step (members)) == VIGIL_SQL_ROW)
    {
      const char *desk = vigil_sql_column_text (members, 0);
      const char *member = vigil_sql_column_text (members, 1);
      gint64 event = vigil_sql_column_int64 (members, 2);

      if (vigil_sql_column_int (members, 3) == 0)
        differ (out, "desk_members", 0,
                g_strdup_printf (_("desk_members %s: %s is missing, but desk_add_member event "
                                   "%" PRId64 " added them"), desk, member, event));
      else if (vigil_sql_column_type (members, 2) == VIGIL_SQL_NULL)
        differ (out, "desk_members", 0,
                g_strdup_printf (_("desk_members %s: %s is a member with no desk_add_member "
                                   "event"), desk, member));
      else
        differ (out, "desk_members", 0,
                g_strdup_printf (_("desk_members %s: %s is a member, but desk_remove_member "
                                   "event %" PRId64 " removed them"), desk, member, event));
    }
  return !step_failed (db, rc, CACHES_WHAT, error);
}

static void
alert_differs (Differences  *out,
               VigilSqlStmt *stmt,
               gint64        id,
               int           column,
               const char   *name,
               const char   *action,
               gint64        event,
               const char   *expected)
{
  g_autofree char *found = show_column (stmt, column);
  g_autofree char *shown = show_expected (name, expected);

  if (event > 0)
    differ (out, "alerts", id,
            g_strdup_printf (_("alert %" PRId64 ": %s is %s, but %s event %" PRId64 " set %s"),
                             id, name, found, action, event, shown));
  else
    differ (out, "alerts", id,
            g_strdup_printf (_("alert %" PRId64 ": %s is %s with no %s event"), id, name,
                             found, action));
}

static gboolean
compare_alerts (VigilSql         *db,
                VigilCacheFacts  *facts,
                Differences      *out,
                GError          **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  int rc;

  if (!prepare (db, "SELECT id, acknowledged, acknowledged_by, acknowledged_at, ack_note, "
                "raised_at FROM main.alerts ORDER BY id", &stmt, CACHES_WHAT, error))
    return FALSE;
  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      gint64 id = vigil_sql_column_int64 (stmt, 0);
      AckFact *ack = g_hash_table_lookup (facts->acks, &id);
      RaisedFact *raised = g_hash_table_lookup (facts->raised, &id);
      gint64 event = ack ? ack->event : 0;

      if (!(vigil_sql_column_type (stmt, 1) == VIGIL_SQL_INTEGER &&
            vigil_sql_column_int64 (stmt, 1) == (ack ? 1 : 0)))
        alert_differs (out, stmt, id, 1, "acknowledged", "acknowledge", event, "1");
      if (!column_is_text (stmt, 2, ack ? ack->actor : NULL))
        alert_differs (out, stmt, id, 2, "acknowledged_by", "acknowledge", event,
                       ack ? ack->actor : NULL);
      if (!column_is_stamp (stmt, 3, ack ? ack->time : NULL))
        alert_differs (out, stmt, id, 3, "acknowledged_at", "acknowledge", event,
                       ack ? ack->time : NULL);
      if (!column_is_text (stmt, 4, ack ? ack->note : NULL))
        alert_differs (out, stmt, id, 4, "ack_note", "acknowledge", event,
                       ack ? ack->note : NULL);
      /* Alerts stored otherwise, or by an older Vigil, have no event that says when. */
      if (raised != NULL && !column_is_text (stmt, 5, raised->raised_at))
        alert_differs (out, stmt, id, 5, "raised_at", "detect", raised->event,
                       raised->raised_at);
    }
  return !step_failed (db, rc, CACHES_WHAT, error);
}

static int
compare_differences (gconstpointer a,
                     gconstpointer b)
{
  gint64 x = ((const Difference *) a)->id, y = ((const Difference *) b)->id;

  return x < y ? -1 : x > y;
}

/**
 * vigil_cache_check:
 * @db: a connection inside the verification's snapshot
 * @tallies: (array length=n_tallies): the workers' tallies, which every decision row went
 *   through
 *
 * Names, in @report, every cache that differs from the chained facts: the decisions' columns
 * the workers checked, the alerts' acknowledgement and raised_at, the daily roll-ups and the
 * model list against what the workers tallied, and on a server the models' desks and the
 * desks' members against the desk events. Call it only when every row was read (the
 * chains are intact). FALSE with @error only when the caches cannot be read.
 */
gboolean
vigil_cache_check (VigilSql           *db,
                   VigilCacheFacts    *facts,
                   VigilCacheTally   **tallies,
                   guint               n_tallies,
                   VigilLedgerReport  *report,
                   GError            **error)
{
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (Difference));
  Differences out = { report, 0 };
  gint64 n_decisions = 0;
  GHashTable *days;

  g_return_val_if_fail (n_tallies > 0, FALSE);

  /* The decisions' columns, the lowest ids first */
  for (guint t = 0; t < n_tallies; t++)
    {
      n_decisions += tallies[t]->n_differences;
      g_array_append_vals (all, tallies[t]->differences->data, tallies[t]->differences->len);
      /* The texts now belong to @all. */
      g_array_set_clear_func (tallies[t]->differences, NULL);
      g_array_set_size (tallies[t]->differences, 0);
    }
  g_array_sort (all, compare_differences);
  for (guint i = 0; i < all->len; i++)
    {
      Difference *d = &g_array_index (all, Difference, i);

      if (i < VIGIL_LEDGER_REPORT_MAX_NAMED)
        vigil_ledger_report_add_cache_difference (report, "decisions", d->id, d->text);
      g_free (d->text);
    }
  /* Those counted beyond the ones named */
  vigil_ledger_report_add_unnamed_cache_differences (report, n_decisions - MIN (all->len, VIGIL_LEDGER_REPORT_MAX_NAMED));

  for (guint i = 0; i < facts->problems->len; i++)
    vigil_ledger_report_add_cache_difference (report, "events",
                                              g_array_index (facts->problem_ids, gint64, i),
                                              g_ptr_array_index (facts->problems, i));

  days = merge_days (tallies, n_tallies);
  if (!compare_alerts (db, facts, &out, error) ||
      !compare_rollup (db, days, "daily_predictions", &out, error) ||
      !compare_rollup (db, days, "daily_confidence", &out, error) ||
      !compare_rollup (db, days, "daily_entities", &out, error) ||
      !compare_inputs (db, days, &out, error) ||
      !compare_outcomes (db, days, &out, error) ||
      !compare_models (db, days, &out, error) ||
      (vigil_sql_get_engine (db) == VIGIL_SQL_POSTGRESQL && !compare_desks (db, &out, error)))
    return FALSE;
  vigil_ledger_report_set_caches_checked (report);
  return TRUE;
}
