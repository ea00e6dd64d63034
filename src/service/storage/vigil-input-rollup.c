/* vigil-input-rollup.c: the daily roll-ups of decisions' inputs
 *
 * Four tables (migration 8) keep, per model and UTC day, what the checks on inputs read of a
 * window: daily_inputs the decisions without inputs, confidence or explanation;
 * daily_features per feature how many decisions carry it, of which kinds its values are and
 * the range of its numbers; daily_feature_bins its numbers in the fixed bins of
 * vigil-input-profile.c; daily_feature_categories its strings by value. Every path that
 * appends decisions adds their profile here in its transaction; decisions never change, so
 * the roll-ups only grow, and verify recomputes them from the rows.
 *
 * A day keeps at most VIGIL_INPUT_MAX_FEATURES features of a model and
 * VIGIL_INPUT_MAX_CATEGORIES values of a feature, the first to arrive; later values of a full
 * feature are counted together as other values, and later features are not kept, so an input
 * that is an identifier cannot grow the roll-ups without bound. Concurrent writers on a
 * server may each add the last one kept: the bounds are a ceiling, not a count to rely on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "vigil-input-rollup.h"
#include "vigil-sql-stmt.h"
#include "vigil-timestamp.h"

#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_ (x)

static const char *upsert_sql[VIGIL_INPUT_N_UPSERTS] = {
  [VIGIL_INPUT_UPSERT_DAY] =
    "INSERT INTO daily_inputs (model_name, day, n, n_empty, n_no_confidence, n_no_explanation) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (model_name, day) DO UPDATE SET "
    "n = daily_inputs.n + excluded.n, n_empty = daily_inputs.n_empty + excluded.n_empty, "
    "n_no_confidence = daily_inputs.n_no_confidence + excluded.n_no_confidence, "
    "n_no_explanation = daily_inputs.n_no_explanation + excluded.n_no_explanation",
  /* A range merges with its count at each extreme; a row without numbers has none */
  [VIGIL_INPUT_UPSERT_FEATURE] =
    "INSERT INTO daily_features (model_name, day, feature, n_present, n_numbers, n_strings, "
    "n_others, n_other_categories, min_value, max_value, n_at_min, n_at_max) "
    "SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12 "
    "WHERE EXISTS (SELECT 1 FROM daily_features WHERE model_name = ?1 AND day = ?2 "
    "AND feature = ?3) OR (SELECT count(*) FROM daily_features WHERE model_name = ?1 "
    "AND day = ?2) < " STRINGIFY (VIGIL_INPUT_MAX_FEATURES) " "
    "ON CONFLICT (model_name, day, feature) DO UPDATE SET "
    "n_present = daily_features.n_present + excluded.n_present, "
    "n_numbers = daily_features.n_numbers + excluded.n_numbers, "
    "n_strings = daily_features.n_strings + excluded.n_strings, "
    "n_others = daily_features.n_others + excluded.n_others, "
    "n_other_categories = daily_features.n_other_categories + excluded.n_other_categories, "
    "n_at_min = CASE WHEN excluded.n_numbers = 0 THEN daily_features.n_at_min "
    "WHEN daily_features.n_numbers = 0 OR excluded.min_value < daily_features.min_value "
    "THEN excluded.n_at_min WHEN excluded.min_value = daily_features.min_value "
    "THEN daily_features.n_at_min + excluded.n_at_min ELSE daily_features.n_at_min END, "
    "n_at_max = CASE WHEN excluded.n_numbers = 0 THEN daily_features.n_at_max "
    "WHEN daily_features.n_numbers = 0 OR excluded.max_value > daily_features.max_value "
    "THEN excluded.n_at_max WHEN excluded.max_value = daily_features.max_value "
    "THEN daily_features.n_at_max + excluded.n_at_max ELSE daily_features.n_at_max END, "
    "min_value = CASE WHEN excluded.n_numbers = 0 THEN daily_features.min_value "
    "WHEN daily_features.n_numbers = 0 OR excluded.min_value < daily_features.min_value "
    "THEN excluded.min_value ELSE daily_features.min_value END, "
    "max_value = CASE WHEN excluded.n_numbers = 0 THEN daily_features.max_value "
    "WHEN daily_features.n_numbers = 0 OR excluded.max_value > daily_features.max_value "
    "THEN excluded.max_value ELSE daily_features.max_value END",
  [VIGIL_INPUT_UPSERT_BIN] =
    "INSERT INTO daily_feature_bins (model_name, day, feature, bin, n) "
    "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (model_name, day, feature, bin) DO UPDATE SET "
    "n = daily_feature_bins.n + excluded.n",
  [VIGIL_INPUT_UPSERT_CATEGORY] =
    "INSERT INTO daily_feature_categories (model_name, day, feature, category, n) "
    "SELECT ?1, ?2, ?3, ?4, ?5 "
    "WHERE EXISTS (SELECT 1 FROM daily_feature_categories WHERE model_name = ?1 AND day = ?2 "
    "AND feature = ?3 AND category = ?4) OR (SELECT count(*) FROM daily_feature_categories "
    "WHERE model_name = ?1 AND day = ?2 AND feature = ?3) < "
    STRINGIFY (VIGIL_INPUT_MAX_CATEGORIES) " "
    "ON CONFLICT (model_name, day, feature, category) DO UPDATE SET "
    "n = daily_feature_categories.n + excluded.n",
  [VIGIL_INPUT_ADD_OTHERS] =
    "UPDATE daily_features SET n_other_categories = n_other_categories + ?4 "
    "WHERE model_name = ?1 AND day = ?2 AND feature = ?3",
};

/* One model's day */
typedef struct
{
  char              *model_name;
  char               day[11];
  VigilInputProfile *profile;
} Day;

struct _VigilInputRollup
{
  GHashTable *days;       /* of Day, by itself */
};

static guint
day_hash (gconstpointer key)
{
  const Day *d = key;

  return g_str_hash (d->model_name) * 31 + g_str_hash (d->day);
}

static gboolean
day_equal (gconstpointer a,
           gconstpointer b)
{
  const Day *x = a, *y = b;

  return strcmp (x->day, y->day) == 0 && strcmp (x->model_name, y->model_name) == 0;
}

static void
day_free (gpointer data)
{
  Day *d = data;

  g_free (d->model_name);
  vigil_input_profile_free (d->profile);
  g_free (d);
}

VigilInputRollup *
vigil_input_rollup_new (void)
{
  VigilInputRollup *self = g_new0 (VigilInputRollup, 1);

  self->days = g_hash_table_new_full (day_hash, day_equal, day_free, NULL);
  return self;
}

void
vigil_input_rollup_free (VigilInputRollup *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->days);
  g_free (self);
}

void
vigil_input_rollup_clear (VigilInputRollup *self)
{
  g_hash_table_remove_all (self->days);
}

static Day *find_day (VigilInputRollup *self,
                      const char       *model_name,
                      const char       *day);

/**
 * vigil_input_rollup_add:
 * @timestamp: the decision's normalized timestamp, whose first ten bytes are its UTC day
 *
 * Counts one decision into its model's day.
 */
void
vigil_input_rollup_add (VigilInputRollup *self,
                        const char       *model_name,
                        const char       *timestamp,
                        const char       *input_features,
                        gsize             len,
                        gboolean          has_confidence,
                        const char       *explanation)
{
  char day[11];
  Day *d;

  memcpy (day, timestamp, 10);
  day[10] = '\0';
  d = find_day (self, model_name, day);
  vigil_input_profile_add_decision (d->profile, input_features, len, has_confidence,
                                    explanation);
}

static void
bind_key (VigilSqlStmt *stmt,
          const Day    *d,
          const char   *feature)
{
  vigil_sql_bind_text (stmt, 1, d->model_name, -1);
  vigil_sql_bind_text (stmt, 2, d->day, 10);
  if (feature != NULL)
    vigil_sql_bind_text (stmt, 3, feature, -1);
}

static int
run (VigilSqlStmt *stmt)
{
  int rc = vigil_sql_step (stmt);

  vigil_sql_reset (stmt);
  return rc == VIGIL_SQL_DONE ? VIGIL_SQL_OK : (rc == VIGIL_SQL_OK ? VIGIL_SQL_ERROR : rc);
}

static int
write_feature (VigilSql          *db,
               VigilSqlStmt      *upserts[VIGIL_INPUT_N_UPSERTS],
               const Day         *d,
               VigilInputFeature *f)
{
  VigilSqlStmt *stmt = upserts[VIGIL_INPUT_UPSERT_FEATURE];
  GHashTableIter iter;
  gpointer key;
  gint64 *n;
  gint64 refused = 0;
  int rc;

  bind_key (stmt, d, f->name);
  vigil_sql_bind_int64 (stmt, 4, f->n_present);
  vigil_sql_bind_int64 (stmt, 5, f->n_numbers);
  vigil_sql_bind_int64 (stmt, 6, f->n_strings);
  vigil_sql_bind_int64 (stmt, 7, f->n_others);
  vigil_sql_bind_int64 (stmt, 8, f->n_other_categories);
  vigil_sql_bind_double (stmt, 9, f->n_numbers > 0 ? f->min : 0.0);
  vigil_sql_bind_double (stmt, 10, f->n_numbers > 0 ? f->max : 0.0);
  vigil_sql_bind_int64 (stmt, 11, f->n_numbers > 0 ? f->n_at_min : 0);
  vigil_sql_bind_int64 (stmt, 12, f->n_numbers > 0 ? f->n_at_max : 0);
  if ((rc = run (stmt)) != VIGIL_SQL_OK)
    return rc;
  /* The day keeps as many features as it may */
  if (vigil_sql_changes (db) == 0)
    return VIGIL_SQL_OK;

  stmt = upserts[VIGIL_INPUT_UPSERT_BIN];
  g_hash_table_iter_init (&iter, f->bins);
  while (g_hash_table_iter_next (&iter, &key, (gpointer *) &n))
    {
      bind_key (stmt, d, f->name);
      vigil_sql_bind_int64 (stmt, 4, GPOINTER_TO_INT (key));
      vigil_sql_bind_int64 (stmt, 5, *n);
      if ((rc = run (stmt)) != VIGIL_SQL_OK)
        return rc;
    }

  stmt = upserts[VIGIL_INPUT_UPSERT_CATEGORY];
  g_hash_table_iter_init (&iter, f->categories);
  while (g_hash_table_iter_next (&iter, &key, (gpointer *) &n))
    {
      bind_key (stmt, d, f->name);
      vigil_sql_bind_text (stmt, 4, key, -1);
      vigil_sql_bind_int64 (stmt, 5, *n);
      if ((rc = run (stmt)) != VIGIL_SQL_OK)
        return rc;
      if (vigil_sql_changes (db) == 0)
        refused += *n;
    }
  if (refused == 0)
    return VIGIL_SQL_OK;

  stmt = upserts[VIGIL_INPUT_ADD_OTHERS];
  bind_key (stmt, d, f->name);
  vigil_sql_bind_int64 (stmt, 4, refused);
  return run (stmt);
}

/**
 * vigil_input_rollup_write:
 * @upserts: the connection's statements, prepared here when %NULL and kept for the next call
 *
 * Adds what @self counted to the roll-ups, inside the caller's transaction.
 *
 * Returns: VIGIL_SQL_OK, else what failed
 */
int
vigil_input_rollup_write (VigilInputRollup *self,
                          VigilSql         *db,
                          VigilSqlStmt     *upserts[VIGIL_INPUT_N_UPSERTS])
{
  GHashTableIter iter;
  Day *d;
  int rc;

  if (g_hash_table_size (self->days) == 0)
    return VIGIL_SQL_OK;
  for (guint i = 0; i < VIGIL_INPUT_N_UPSERTS; i++)
    if (upserts[i] == NULL &&
        (rc = vigil_sql_prepare_persistent (db, upsert_sql[i], &upserts[i])) != VIGIL_SQL_OK)
      return rc;

  g_hash_table_iter_init (&iter, self->days);
  while (g_hash_table_iter_next (&iter, (gpointer *) &d, NULL))
    {
      VigilSqlStmt *stmt = upserts[VIGIL_INPUT_UPSERT_DAY];
      g_autoptr(GPtrArray) features = vigil_input_profile_sorted (d->profile);

      bind_key (stmt, d, NULL);
      vigil_sql_bind_int64 (stmt, 3, d->profile->n);
      vigil_sql_bind_int64 (stmt, 4, d->profile->n_empty);
      vigil_sql_bind_int64 (stmt, 5, d->profile->n_no_confidence);
      vigil_sql_bind_int64 (stmt, 6, d->profile->n_no_explanation);
      if ((rc = run (stmt)) != VIGIL_SQL_OK)
        return rc;
      /* By name, so that the features a full day keeps do not depend on hashing */
      for (guint i = 0; i < features->len; i++)
        if ((rc = write_feature (db, upserts, d, features->pdata[i])) != VIGIL_SQL_OK)
          return rc;
    }
  return VIGIL_SQL_OK;
}

/* The rows of decisions in [@from, @to) of @model_name; flagged: 0 without the flagged, 1
 * only them, -1 all; with @column (a segment's field from the fixed table of
 * vigil_segment_field(), never a caller's text), only those whose field is @segment */
int
vigil_input_rollup_read_rows (VigilSql          *db,
                              const char        *model_name,
                              const char        *from,
                              const char        *to,
                              int                flagged,
                              const char        *column,
                              const char        *segment,
                              VigilInputProfile *into,
                              GCancellable      *cancellable)
{
  static const char *sql[] = {
    "SELECT input_features, confidence IS NOT NULL, explanation FROM decisions "
    "WHERE model_name = ?1 AND timestamp >= ?2 AND timestamp < ?3 AND anomaly_flag = 0",
    "SELECT input_features, confidence IS NOT NULL, explanation FROM decisions "
    "INDEXED BY decisions_flagged "
    "WHERE model_name = ?1 AND timestamp >= ?2 AND timestamp < ?3 AND anomaly_flag = 1",
    "SELECT input_features, confidence IS NOT NULL, explanation FROM decisions "
    "WHERE model_name = ?1 AND timestamp >= ?2 AND timestamp < ?3",
  };
  g_autoptr(VigilSqlStmt) stmt = NULL;
  g_autofree char *in_segment = NULL;
  gint64 n = 0;
  int rc;

  if (column != NULL)
    in_segment = g_strdup_printf ("%s AND %s = ?4", sql[flagged < 0 ? 2 : flagged], column);
  if ((rc = vigil_sql_prepare (db, in_segment ? in_segment : sql[flagged < 0 ? 2 : flagged],
                               &stmt)) != VIGIL_SQL_OK)
    return rc;
  vigil_sql_bind_text (stmt, 1, model_name, -1);
  vigil_sql_bind_text (stmt, 2, from, -1);
  vigil_sql_bind_text (stmt, 3, to, -1);
  if (column != NULL)
    vigil_sql_bind_text (stmt, 4, segment, -1);
  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      const char *inputs = vigil_sql_column_text (stmt, 0);

      vigil_input_profile_add_decision (into, inputs,
                                        inputs ? (gsize) vigil_sql_column_bytes (stmt, 0) : 0,
                                        vigil_sql_column_int (stmt, 1) != 0,
                                        vigil_sql_column_text (stmt, 2));
      if ((++n & 0x3fff) == 0 && g_cancellable_is_cancelled (cancellable))
        return VIGIL_SQL_INTERRUPT;
    }
  return rc == VIGIL_SQL_DONE ? VIGIL_SQL_OK : rc;
}

/* Each of a statement's rows, its columns from @o on, for read_days() and read_all() */
typedef void (*RowFunc) (VigilSqlStmt      *stmt,
                         int                o,
                         VigilInputProfile *into);

static void
on_day_row (VigilSqlStmt      *stmt,
            int                o,
            VigilInputProfile *into)
{
  into->n += vigil_sql_column_int64 (stmt, o);
  into->n_empty += vigil_sql_column_int64 (stmt, o + 1);
  into->n_no_confidence += vigil_sql_column_int64 (stmt, o + 2);
  into->n_no_explanation += vigil_sql_column_int64 (stmt, o + 3);
}

static void
on_feature_row (VigilSqlStmt      *stmt,
                int                o,
                VigilInputProfile *into)
{
  const char *name = vigil_sql_column_text (stmt, o);
  VigilInputFeature *f = name ? vigil_input_profile_get_feature (into, name, TRUE) : NULL;
  gint64 n_numbers = vigil_sql_column_int64 (stmt, o + 2);

  if (f == NULL)
    return;
  f->n_present += vigil_sql_column_int64 (stmt, o + 1);
  f->n_numbers += n_numbers;
  f->n_strings += vigil_sql_column_int64 (stmt, o + 3);
  f->n_others += vigil_sql_column_int64 (stmt, o + 4);
  f->n_other_categories += vigil_sql_column_int64 (stmt, o + 5);
  if (n_numbers > 0)
    vigil_input_feature_add_range (f, vigil_sql_column_double (stmt, o + 6),
                                   vigil_sql_column_int64 (stmt, o + 8),
                                   vigil_sql_column_double (stmt, o + 7),
                                   vigil_sql_column_int64 (stmt, o + 9));
}

static void
on_bin_row (VigilSqlStmt      *stmt,
            int                o,
            VigilInputProfile *into)
{
  const char *name = vigil_sql_column_text (stmt, o);
  VigilInputFeature *f = name ? vigil_input_profile_get_feature (into, name, FALSE) : NULL;

  if (f != NULL)
    vigil_input_feature_add_bin (f, vigil_sql_column_int (stmt, o + 1),
                                 vigil_sql_column_int64 (stmt, o + 2));
}

static void
on_category_row (VigilSqlStmt      *stmt,
                 int                o,
                 VigilInputProfile *into)
{
  const char *name = vigil_sql_column_text (stmt, o);
  VigilInputFeature *f = name ? vigil_input_profile_get_feature (into, name, FALSE) : NULL;
  const char *value = vigil_sql_column_text (stmt, o + 1);

  if (f != NULL && value != NULL)
    vigil_input_feature_add_category (f, value, vigil_sql_column_int64 (stmt, o + 2));
}

/* The roll-ups' tables, as read_days() and read_all() read them: the features before their
 * bins and categories, so that those of features not kept are left out */
static const struct
{
  const char *table;
  const char *columns;
  const char *order;
  RowFunc     func;
} tables[] = {
  { "daily_inputs", "n, n_empty, n_no_confidence, n_no_explanation", "", on_day_row },
  { "daily_features", "feature, n_present, n_numbers, n_strings, n_others, n_other_categories, "
    "min_value, max_value, n_at_min, n_at_max", ", feature", on_feature_row },
  { "daily_feature_bins", "feature, bin, n", "", on_bin_row },
  { "daily_feature_categories", "feature, category, n", ", feature, category",
    on_category_row },
};

/**
 * vigil_input_rollup_read_days:
 * @first_day: the first UTC day, "YYYY-MM-DD"
 * @end_day: the day after the last
 *
 * Adds the roll-ups of @model_name's days in [@first_day, @end_day) to @into.
 *
 * Returns: VIGIL_SQL_OK, else what failed
 */
int
vigil_input_rollup_read_days (VigilSql          *db,
                              const char        *model_name,
                              const char        *first_day,
                              const char        *end_day,
                              VigilInputProfile *into)
{
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autoptr(VigilSqlStmt) stmt = NULL;
      g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE model_name = ?1 AND "
                                              "day >= ?2 AND day < ?3 ORDER BY day%s",
                                              tables[i].columns, tables[i].table,
                                              tables[i].order);
      int rc;

      if ((rc = vigil_sql_prepare (db, sql, &stmt)) != VIGIL_SQL_OK)
        return rc;
      vigil_sql_bind_text (stmt, 1, model_name, -1);
      vigil_sql_bind_text (stmt, 2, first_day, -1);
      vigil_sql_bind_text (stmt, 3, end_day, -1);
      while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
        tables[i].func (stmt, 0, into);
      if (rc != VIGIL_SQL_DONE)
        return rc;
    }
  return VIGIL_SQL_OK;
}

static Day *
find_day (VigilInputRollup *self,
          const char       *model_name,
          const char       *day)
{
  Day probe = { (char *) model_name, { 0 }, NULL };
  Day *d;

  g_strlcpy (probe.day, day, sizeof probe.day);
  d = g_hash_table_lookup (self->days, &probe);
  if (d == NULL)
    {
      d = g_memdup2 (&probe, sizeof probe);
      d->model_name = g_strdup (model_name);
      d->profile = vigil_input_profile_new ();
      g_hash_table_add (self->days, d);
    }
  return d;
}

/**
 * vigil_input_rollup_read_all:
 *
 * Adds every model's days of the roll-ups to @into, as verify compares them.
 *
 * Returns: VIGIL_SQL_OK, else what failed
 */
int
vigil_input_rollup_read_all (VigilSql         *db,
                             VigilInputRollup *into)
{
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autoptr(VigilSqlStmt) stmt = NULL;
      g_autofree char *sql = g_strdup_printf ("SELECT model_name, day, %s FROM main.%s "
                                              "ORDER BY model_name, day%s", tables[i].columns,
                                              tables[i].table, tables[i].order);
      int rc;

      if ((rc = vigil_sql_prepare (db, sql, &stmt)) != VIGIL_SQL_OK)
        return rc;
      while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
        {
          const char *model = vigil_sql_column_text (stmt, 0);
          const char *day = vigil_sql_column_text (stmt, 1);

          if (model != NULL && day != NULL)
            tables[i].func (stmt, 2, find_day (into, model, day)->profile);
        }
      if (rc != VIGIL_SQL_DONE)
        return rc;
    }
  return VIGIL_SQL_OK;
}

/**
 * vigil_input_rollup_steal:
 *
 * Returns: (transfer full) (nullable): the profile of @model_name's @day, which @self no
 *   longer holds
 */
VigilInputProfile *
vigil_input_rollup_steal (VigilInputRollup *self,
                          const char       *model_name,
                          const char       *day)
{
  Day probe = { (char *) model_name, { 0 }, NULL };
  Day *d;
  VigilInputProfile *profile;

  g_strlcpy (probe.day, day, sizeof probe.day);
  d = g_hash_table_lookup (self->days, &probe);
  if (d == NULL)
    return NULL;
  profile = g_steal_pointer (&d->profile);
  g_hash_table_remove (self->days, d);
  return profile;
}

/**
 * vigil_input_rollup_foreach:
 * @func: (scope call): called with each model's day, in no order
 */
void
vigil_input_rollup_foreach (VigilInputRollup    *self,
                            VigilInputRollupFunc func,
                            gpointer             user_data)
{
  GHashTableIter iter;
  Day *d;

  g_hash_table_iter_init (&iter, self->days);
  while (g_hash_table_iter_next (&iter, (gpointer *) &d, NULL))
    func (d->model_name, d->day, d->profile, user_data);
}

/**
 * vigil_input_rollup_rebuild:
 *
 * Fills the empty roll-ups from every decision, in id order, batch by batch as they were
 * appended, inside the caller's transaction: the schema migration that adds them.
 *
 * Returns: VIGIL_SQL_OK, else what failed
 */
int
vigil_input_rollup_rebuild (VigilSql *db)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  g_autoptr(VigilInputRollup) rollup = vigil_input_rollup_new ();
  VigilSqlStmt *upserts[VIGIL_INPUT_N_UPSERTS] = { NULL };
  gint64 n = 0;
  int rc;

  rc = vigil_sql_prepare (db, "SELECT model_name, timestamp, input_features, "
                          "confidence IS NOT NULL, explanation FROM decisions ORDER BY id",
                          &stmt);
  while (rc == VIGIL_SQL_OK && (rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      const char *timestamp = vigil_sql_column_text (stmt, 1);
      const char *inputs = vigil_sql_column_text (stmt, 2);

      rc = VIGIL_SQL_OK;
      if (timestamp == NULL || strlen (timestamp) < 10)
        continue;
      vigil_input_rollup_add (rollup, vigil_sql_column_text (stmt, 0), timestamp, inputs,
                              inputs ? (gsize) vigil_sql_column_bytes (stmt, 2) : 0,
                              vigil_sql_column_int (stmt, 3) != 0,
                              vigil_sql_column_text (stmt, 4));
      if (++n % 20000 == 0)
        {
          rc = vigil_input_rollup_write (rollup, db, upserts);
          vigil_input_rollup_clear (rollup);
        }
    }
  if (rc == VIGIL_SQL_DONE)
    rc = vigil_input_rollup_write (rollup, db, upserts);
  for (guint i = 0; i < VIGIL_INPUT_N_UPSERTS; i++)
    vigil_sql_finalize (upserts[i]);
  return rc;
}

/* A window read by vigil_timestamp_read_span() */
typedef struct
{
  VigilSql          *db;
  const char        *model_name;
  gboolean           unflagged;
  VigilInputProfile *into;
  GCancellable      *cancellable;
  int                rc;
} WindowRead;

static gboolean
window_rows (const char *from,
             const char *to,
             gpointer    data)
{
  WindowRead *w = data;

  w->rc = vigil_input_rollup_read_rows (w->db, w->model_name, from, to, w->unflagged ? 0 : -1,
                                        NULL, NULL, w->into, w->cancellable);
  return w->rc == VIGIL_SQL_OK;
}

/* The whole days, less their flagged decisions when the window leaves them out */
static gboolean
window_days (const VigilDaySpan *days,
             gpointer            data)
{
  WindowRead *w = data;
  g_autoptr(VigilInputProfile) flagged = NULL;

  w->rc = vigil_input_rollup_read_days (w->db, w->model_name, days->first_day, days->end_day,
                                        w->into);
  if (w->rc != VIGIL_SQL_OK || !w->unflagged)
    return w->rc == VIGIL_SQL_OK;
  flagged = vigil_input_profile_new ();
  w->rc = vigil_input_rollup_read_rows (w->db, w->model_name, days->first, days->end, 1, NULL,
                                        NULL, flagged, w->cancellable);
  if (w->rc == VIGIL_SQL_OK && flagged->n > 0)
    vigil_input_profile_subtract (w->into, flagged);
  return w->rc == VIGIL_SQL_OK;
}

/**
 * vigil_input_rollup_read_window:
 * @from: the window's first instant, normalized
 * @to: the instant after its last
 * @unflagged: leave out the decisions an alert flagged
 *
 * Adds the profile of @model_name's decisions in [@from, @to) to @into: its whole UTC days from
 * the roll-ups, the parts of days at either end from the rows, and, with @unflagged, less the
 * flagged decisions of the whole days, read through their partial index.
 *
 * Returns: VIGIL_SQL_OK, else what failed (VIGIL_SQL_INTERRUPT when @cancellable fired)
 */
int
vigil_input_rollup_read_window (VigilSql          *db,
                                const char        *model_name,
                                const char        *from,
                                const char        *to,
                                gboolean           unflagged,
                                VigilInputProfile *into,
                                GCancellable      *cancellable)
{
  WindowRead w = { db, model_name, unflagged, into, cancellable, VIGIL_SQL_OK };

  vigil_timestamp_read_span (from, to, window_rows, window_days, &w);
  return w.rc;
}
