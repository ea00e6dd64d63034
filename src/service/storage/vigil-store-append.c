/* vigil-store-append.c: appending decisions and events to the chains, with the roll-ups kept in step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-store"

#include "config.h"

#include <inttypes.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "vigil-alert-private.h"
#include "vigil-decision-private.h"
#include "vigil-input-rollup.h"
#include "vigil-json.h"
#include "vigil-json-parser.h"
#include "vigil-ledger.h"
#include "vigil-sha256.h"
#include "vigil-store-internal.h"

static const char *rollup_upserts[VIGIL_N_ROLLUPS] = {
  [VIGIL_ROLLUP_PREDICTIONS] =
    "INSERT INTO daily_predictions (model_name, day, prediction, n, n_confidence, "
    "sum_confidence, sumsq_confidence) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
    "ON CONFLICT (model_name, day, prediction) "
    "DO UPDATE SET n = daily_predictions.n + excluded.n, "
    "n_confidence = daily_predictions.n_confidence + excluded.n_confidence, "
    "sum_confidence = daily_predictions.sum_confidence + excluded.sum_confidence, "
    "sumsq_confidence = daily_predictions.sumsq_confidence + excluded.sumsq_confidence",
  [VIGIL_ROLLUP_CONFIDENCE] =
    "INSERT INTO daily_confidence (model_name, day, bin, n) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (model_name, day, bin) DO UPDATE SET n = daily_confidence.n + excluded.n",
  [VIGIL_ROLLUP_ENTITIES] =
    "INSERT INTO daily_entities (model_name, day, entity, n) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (model_name, day, entity) DO UPDATE SET "
    "n = daily_entities.n + excluded.n",
};

typedef struct
{
  gint64 count;
  char   first[VIGIL_TIMESTAMP_LEN];
  char   last[VIGIL_TIMESTAMP_LEN];
} ModelTally;

static gboolean
update_models (VigilStore   *self,
               GHashTable   *tallies,
               GError      **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  GHashTableIter iter;
  const char *name;
  ModelTally *tally;

  if (vigil_sql_prepare (self->db,
                         "INSERT INTO models (name, decisions, first_timestamp, last_timestamp) "
                         "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (name) DO UPDATE SET "
                         "decisions = models.decisions + excluded.decisions, "
                         "first_timestamp = CASE WHEN excluded.first_timestamp < "
                         "models.first_timestamp THEN excluded.first_timestamp "
                         "ELSE models.first_timestamp END, "
                         "last_timestamp = CASE WHEN excluded.last_timestamp > "
                         "models.last_timestamp THEN excluded.last_timestamp "
                         "ELSE models.last_timestamp END",
                         &stmt) != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (self, error, _("Could not update the model list"));
      return FALSE;
    }

  g_hash_table_iter_init (&iter, tallies);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, (gpointer *) &tally))
    {
      vigil_sql_bind_text (stmt, 1, name, -1);
      vigil_sql_bind_int64 (stmt, 2, tally->count);
      vigil_sql_bind_text (stmt, 3, tally->first, -1);
      vigil_sql_bind_text (stmt, 4, tally->last, -1);
      if (vigil_sql_step (stmt) != VIGIL_SQL_DONE)
        {
          vigil_store_set_sql_error (self, error, _("Could not update the model list"));
          return FALSE;
        }
      vigil_sql_reset (stmt);
    }
  return TRUE;
}

/* One row of a daily roll-up, tallied over a batch before it is added to the table. */
typedef struct
{
  char   *model_name;
  char    day[11];
  char   *label;          /* the prediction or the entity; NULL for a confidence bin */
  int     bin;
  gint64  n;
  gint64  n_confidence;
  double  sum_confidence;
  double  sumsq_confidence;
} DayTally;

static guint
day_tally_hash (gconstpointer key)
{
  const DayTally *t = key;
  guint h = g_str_hash (t->model_name);

  h = h * 31 + g_str_hash (t->day);
  return h * 31 + (t->label ? g_str_hash (t->label) : (guint) t->bin);
}

static gboolean
day_tally_equal (gconstpointer a,
                 gconstpointer b)
{
  const DayTally *x = a, *y = b;

  return x->bin == y->bin && memcmp (x->day, y->day, sizeof x->day) == 0 &&
         strcmp (x->model_name, y->model_name) == 0 && g_strcmp0 (x->label, y->label) == 0;
}

static void
day_tally_free (gpointer data)
{
  DayTally *t = data;

  g_free (t->model_name);
  g_free (t->label);
  g_free (t);
}

static DayTally *
day_tally_get (GHashTable        *tallies,
               const VigilRecord *r,
               const char        *label,
               int                bin)
{
  DayTally probe = { (char *) r->model_name, { 0 }, (char *) label, bin, 0, 0, 0.0, 0.0 };
  DayTally *t;

  memcpy (probe.day, r->timestamp, 10);
  t = g_hash_table_lookup (tallies, &probe);
  if (t == NULL)
    {
      t = g_memdup2 (&probe, sizeof probe);
      t->model_name = g_strdup (r->model_name);
      t->label = g_strdup (label);
      g_hash_table_add (tallies, t);
    }
  return t;
}

struct _VigilRollupTally
{
  GHashTable       *tables[VIGIL_N_ROLLUPS];
  VigilInputRollup *inputs;
};

VigilRollupTally *
vigil_rollup_tally_new (void)
{
  VigilRollupTally *self = g_new0 (VigilRollupTally, 1);

  for (guint i = 0; i < VIGIL_N_ROLLUPS; i++)
    self->tables[i] = g_hash_table_new_full (day_tally_hash, day_tally_equal, day_tally_free,
                                             NULL);
  self->inputs = vigil_input_rollup_new ();
  return self;
}

void
vigil_rollup_tally_free (VigilRollupTally *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < VIGIL_N_ROLLUPS; i++)
    g_hash_table_unref (self->tables[i]);
  vigil_input_rollup_free (self->inputs);
  g_free (self);
}

void
vigil_rollup_tally_clear (VigilRollupTally *self)
{
  for (guint i = 0; i < VIGIL_N_ROLLUPS; i++)
    g_hash_table_remove_all (self->tables[i]);
  vigil_input_rollup_clear (self->inputs);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilRollupTally, vigil_rollup_tally_free)

void
vigil_rollup_tally_add (VigilRollupTally  *self,
                        const VigilRecord *r)
{
  DayTally *t = day_tally_get (self->tables[VIGIL_ROLLUP_PREDICTIONS], r, r->prediction, 0);

  t->n++;
  if (r->has_confidence)
    {
      t->n_confidence++;
      t->sum_confidence += r->confidence;
      t->sumsq_confidence += r->confidence * r->confidence;
      day_tally_get (self->tables[VIGIL_ROLLUP_CONFIDENCE], r, NULL,
                     vigil_store_confidence_bin (r->confidence))->n++;
    }
  if (r->ticker != NULL)
    day_tally_get (self->tables[VIGIL_ROLLUP_ENTITIES], r, r->ticker, 0)->n++;
  vigil_input_rollup_add (self->inputs, r->model_name, r->timestamp, r->input_features,
                          r->input_features ? strlen (r->input_features) : 0,
                          r->has_confidence, r->explanation);
}

static gboolean
update_rollups (VigilStore        *self,
                VigilRollupTally  *rollups,
                GError           **error)
{
  GHashTable **tallies = rollups->tables;

  if (vigil_input_rollup_write (rollups->inputs, self->db, self->upsert_inputs) != VIGIL_SQL_OK)
    goto fail;
  for (guint i = 0; i < VIGIL_N_ROLLUPS; i++)
    {
      GHashTableIter iter;
      DayTally *t;

      if (g_hash_table_size (tallies[i]) == 0)
        continue;
      if (self->upsert_rollup[i] == NULL &&
          vigil_sql_prepare_persistent (self->db, rollup_upserts[i],
                                        &self->upsert_rollup[i]) != VIGIL_SQL_OK)
        goto fail;

      g_hash_table_iter_init (&iter, tallies[i]);
      while (g_hash_table_iter_next (&iter, (gpointer *) &t, NULL))
        {
          VigilSqlStmt *stmt = self->upsert_rollup[i];

          vigil_sql_bind_text (stmt, 1, t->model_name, -1);
          vigil_sql_bind_text (stmt, 2, t->day, 10);
          if (t->label != NULL)
            vigil_sql_bind_text (stmt, 3, t->label, -1);
          else
            vigil_sql_bind_int64 (stmt, 3, t->bin);
          vigil_sql_bind_int64 (stmt, 4, t->n);
          if (i == VIGIL_ROLLUP_PREDICTIONS)
            {
              vigil_sql_bind_int64 (stmt, 5, t->n_confidence);
              vigil_sql_bind_double (stmt, 6, t->sum_confidence);
              vigil_sql_bind_double (stmt, 7, t->sumsq_confidence);
            }
          if (vigil_sql_step (stmt) != VIGIL_SQL_DONE)
            {
              vigil_sql_reset (stmt);
              goto fail;
            }
          vigil_sql_reset (stmt);
        }
      vigil_sql_clear_bindings (self->upsert_rollup[i]);
    }
  return TRUE;

fail:
  vigil_store_set_sql_error (self, error, _("Could not update the daily totals"));
  return FALSE;
}

/* Binds the ledger's columns of @r to VIGIL_DECISION_INSERT_SQL; the strings stay @r's. */
void
vigil_store_bind_record (VigilSqlStmt      *stmt,
                         const VigilRecord *r)
{
  vigil_sql_bind_int64 (stmt, 1, r->id);
  vigil_sql_bind_text (stmt, 2, r->timestamp, -1);
  vigil_sql_bind_text (stmt, 3, r->model_name, -1);
  vigil_sql_bind_text (stmt, 4, r->model_version, -1);
  vigil_sql_bind_text (stmt, 5, r->decision_type, -1);
  vigil_sql_bind_text (stmt, 6, r->input_features, -1);
  vigil_sql_bind_text (stmt, 7, r->input_hash, 64);
  vigil_sql_bind_text (stmt, 8, r->prediction, -1);
  if (r->has_confidence)
    vigil_sql_bind_double (stmt, 9, r->confidence);
  else
    vigil_sql_bind_null (stmt, 9);
  vigil_sql_bind_text (stmt, 10, r->explanation, -1);
  vigil_sql_bind_text (stmt, 11, r->ticker, -1);
  vigil_sql_bind_text (stmt, 12, r->sector, -1);
  vigil_sql_bind_text (stmt, 13, r->portfolio_id, -1);
  vigil_sql_bind_text (stmt, 14, r->user_id, -1);
  vigil_sql_bind_text (stmt, 15, r->record_hash, 64);
  vigil_sql_bind_text (stmt, 16, r->event_id, -1);
}

gboolean
vigil_store_append_records (VigilStore   *self,
                            VigilRecord  *records,
                            guint         n_records,
                            GError      **error)
{
  g_autoptr(VigilRollupTally) rollups = vigil_rollup_tally_new ();

  for (guint i = 0; i < n_records; i++)
    vigil_rollup_tally_add (rollups, &records[i]);
  return vigil_store_append_tallied_records (self, records, n_records, rollups, error);
}

/* Decisions are not added to a damaged file: they would be chained to rows that cannot all be
 * read, and the writing could spread the damage. Checked once per connection, by the first
 * append, inside its transaction. */
static gboolean
check_sound (VigilStore  *self,
             GError     **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  g_autofree char *problem = NULL;
  int rc;

  /* A server keeps its own pages whole, and refuses what it cannot store */
  if (self->found_sound || vigil_sql_get_engine (self->db) == VIGIL_SQL_POSTGRESQL)
    return TRUE;
  rc = vigil_sql_prepare (self->db, "PRAGMA main.quick_check(4)", &stmt);
  while (rc == VIGIL_SQL_OK && problem == NULL && (rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      const char *text = vigil_sql_column_text (stmt, 0);
      g_auto(GStrv) lines = g_strsplit (text ? text : "?", "\n", -1);

      for (guint i = 0; lines[i] != NULL && problem == NULL; i++)
        if (*lines[i] != '\0' && strcmp (lines[i], "ok") != 0 &&
            !g_str_has_prefix (lines[i], "*** in database"))
          problem = g_strdup (lines[i]);
      rc = VIGIL_SQL_OK;
    }
  if (problem == NULL && rc != VIGIL_SQL_DONE && rc != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (self, error, _("Could not check the database file"));
      return FALSE;
    }
  if (problem != NULL)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CORRUPT,
                   _("The file “%s” is damaged: quick_check found “%s”. Vigil adds nothing to "
                     "it; “vigilctl verify” says what can still be read"), self->path, problem);
      return FALSE;
    }
  self->found_sound = TRUE;
  return TRUE;
}

/* On a server, a batch of decisions goes in one INSERT of the rows of 16 arrays, one a
 * column: one statement, one round trip and one firing of the statement triggers a batch
 * rather than a row each, at the same cost to the server per row as a COPY's parsing. (COPY
 * itself is refused where row-level security applies, as it does to an ingest login.) */
#define DECISION_UNNEST_SQL                                                                 \
  "INSERT INTO decisions (id, timestamp, model_name, model_version, decision_type, "        \
  "input_features, input_hash, prediction, confidence, explanation, ticker, sector, "       \
  "portfolio_id, user_id, record_hash, event_id) SELECT * FROM unnest(?1::bigint[], "       \
  "?2::text[], ?3::text[], ?4::text[], ?5::text[], ?6::text[], ?7::text[], ?8::text[], "    \
  "?9::double precision[], ?10::text[], ?11::text[], ?12::text[], ?13::text[], "            \
  "?14::text[], ?15::text[], ?16::text[])"

#define DECISION_COLUMNS 16

/* An element of a PostgreSQL array literal: NULL, or the text quoted */
static void
put_array_text (GString    *out,
                const char *text,
                gssize      len)
{
  const char *end;

  if (out->len > 1)
    g_string_append_c (out, ',');
  if (text == NULL)
    {
      g_string_append_len (out, "NULL", 4);
      return;
    }
  end = text + (len >= 0 ? (gsize) len : strlen (text));
  g_string_append_c (out, '"');
  while (text < end)
    {
      const char *run = text;

      while (text < end && *text != '"' && *text != '\\')
        text++;
      g_string_append_len (out, run, text - run);
      if (text < end)
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, *text++);
        }
    }
  g_string_append_c (out, '"');
}

static void
put_array_double (GString *out,
                  double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    put_array_text (out, "NaN", 3);
  else if (isinf (value))
    put_array_text (out, value > 0 ? "Infinity" : "-Infinity", -1);
  else
    put_array_text (out, g_ascii_dtostr (buf, sizeof buf, value), -1);
}

static gboolean
insert_decisions_unnest (VigilStore        *self,
                         const VigilRecord *records,
                         guint              n_records,
                         GError           **error)
{
  GString *columns[DECISION_COLUMNS];
  VigilSqlStmt *stmt;
  gboolean ok;

  if (self->insert_decision == NULL &&
      vigil_sql_prepare_persistent (self->db, DECISION_UNNEST_SQL,
                                    &self->insert_decision) != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (self, error, _("Could not log decisions"));
      return FALSE;
    }
  stmt = self->insert_decision;

  for (guint c = 0; c < DECISION_COLUMNS; c++)
    columns[c] = g_string_sized_new (c == 5 ? (gsize) n_records * 160 : (gsize) n_records * 24);
  for (guint c = 0; c < DECISION_COLUMNS; c++)
    g_string_append_c (columns[c], '{');
  for (guint i = 0; i < n_records; i++)
    {
      const VigilRecord *r = &records[i];
      char id[24];

      g_snprintf (id, sizeof id, "%" G_GINT64_FORMAT, r->id);
      put_array_text (columns[0], id, -1);
      put_array_text (columns[1], r->timestamp, -1);
      put_array_text (columns[2], r->model_name, -1);
      put_array_text (columns[3], r->model_version, -1);
      put_array_text (columns[4], r->decision_type, -1);
      put_array_text (columns[5], r->input_features, -1);
      put_array_text (columns[6], r->input_hash, 64);
      put_array_text (columns[7], r->prediction, -1);
      if (r->has_confidence)
        put_array_double (columns[8], r->confidence);
      else
        put_array_text (columns[8], NULL, -1);
      put_array_text (columns[9], r->explanation, -1);
      put_array_text (columns[10], r->ticker, -1);
      put_array_text (columns[11], r->sector, -1);
      put_array_text (columns[12], r->portfolio_id, -1);
      put_array_text (columns[13], r->user_id, -1);
      put_array_text (columns[14], r->record_hash, 64);
      put_array_text (columns[15], r->event_id, -1);
    }
  for (guint c = 0; c < DECISION_COLUMNS; c++)
    {
      g_string_append_c (columns[c], '}');
      vigil_sql_bind_text (stmt, c + 1, columns[c]->str, -1);
    }
  ok = vigil_sql_step (stmt) == VIGIL_SQL_DONE;
  if (!ok)
    vigil_store_set_sql_error (self, error, _("Could not log a decision"));
  vigil_sql_reset (stmt);
  vigil_sql_clear_bindings (stmt);
  for (guint c = 0; c < DECISION_COLUMNS; c++)
    g_string_free (columns[c], TRUE);
  return ok;
}

gboolean
vigil_store_append_tallied_records (VigilStore        *self,
                                    VigilRecord       *records,
                                    guint              n_records,
                                    VigilRollupTally  *rollups,
                                    GError           **error)
{
  g_autoptr(GHashTable) tallies = NULL;
  char prev[65];
  gint64 last_id;
  gboolean on_server;

  if (!check_sound (self, error) ||
      !vigil_ledger_read_head (self->db, VIGIL_CHAIN_DECISIONS, &last_id, prev, error))
    return FALSE;

  on_server = vigil_sql_get_engine (self->db) == VIGIL_SQL_POSTGRESQL;
  if (!on_server && self->insert_decision == NULL &&
      vigil_sql_prepare_persistent (self->db,
                                    VIGIL_DECISION_INSERT_SQL, &self->insert_decision) != VIGIL_SQL_OK)
    {
      vigil_store_set_sql_error (self, error, _("Could not log decisions"));
      return FALSE;
    }

  tallies = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  for (guint i = 0; i < n_records; i++)
    {
      VigilRecord *r = &records[i];
      VigilSqlStmt *stmt = self->insert_decision;
      ModelTally *tally;

      r->id = ++last_id;
      g_string_truncate (self->fields, 0);
      vigil_ledger_decision_fields (self->fields, r);
      vigil_ledger_link (prev, self->fields->str, self->fields->len,
                         r->record_hash);
      memcpy (prev, r->record_hash, 65);

      if (!on_server)
        {
          vigil_store_bind_record (stmt, r);
          if (vigil_sql_step (stmt) != VIGIL_SQL_DONE)
            {
              vigil_store_set_sql_error (self, error, _("Could not log a decision"));
              vigil_sql_reset (stmt);
              return FALSE;
            }
          vigil_sql_reset (stmt);
        }

      tally = g_hash_table_lookup (tallies, r->model_name);
      if (tally == NULL)
        {
          tally = g_new0 (ModelTally, 1);
          memcpy (tally->first, r->timestamp, VIGIL_TIMESTAMP_LEN);
          memcpy (tally->last, r->timestamp, VIGIL_TIMESTAMP_LEN);
          g_hash_table_insert (tallies, (gpointer) r->model_name, tally);
        }
      tally->count++;
      if (strcmp (r->timestamp, tally->first) < 0)
        memcpy (tally->first, r->timestamp, VIGIL_TIMESTAMP_LEN);
      if (strcmp (r->timestamp, tally->last) > 0)
        memcpy (tally->last, r->timestamp, VIGIL_TIMESTAMP_LEN);
    }

  if (on_server)
    {
      if (n_records > 0 && !insert_decisions_unnest (self, records, n_records, error))
        return FALSE;
    }
  else
    vigil_sql_clear_bindings (self->insert_decision);
  if (n_records > 0)
    {
      if (self->tx_first_decision == 0)
        self->tx_first_decision = records[0].id;
      self->tx_last_decision = records[n_records - 1].id;
    }
  return update_models (self, tallies, error) && update_rollups (self, rollups, error);
}

/* The ids of the decisions appended since vigil_store_begin_write(); FALSE when none were. */
gboolean
vigil_store_get_appended_range (VigilStore *self,
                                gint64     *out_first,
                                gint64     *out_last)
{
  *out_first = self->tx_first_decision;
  *out_last = self->tx_last_decision;
  return self->tx_first_decision > 0;
}

/* Appends the event that records the decisions appended in this transaction: @details_json
 * (an object, or NULL for {}) with "first_id" and "last_id" added, canonicalized. With no
 * decisions appended, nothing is. */
gboolean
vigil_store_append_range_event (VigilStore  *self,
                                const char  *actor,
                                const char  *action,
                                const char  *target,
                                const char  *details_json,
                                GError     **error)
{
  g_autoptr(GString) details = g_string_new (NULL);
  g_autoptr(GString) canonical = g_string_new (NULL);
  g_autofree char *reason = NULL;
  gint64 first, last;

  if (!vigil_store_get_appended_range (self, &first, &last))
    return TRUE;
  if (details_json != NULL)
    {
      const char *end = strrchr (details_json, '}');

      g_return_val_if_fail (details_json[0] == '{' && end != NULL, FALSE);
      g_string_append_len (details, details_json, end - details_json);
      if (strspn (details_json + 1, " \t\r\n") < (gsize) (end - details_json - 1))
        g_string_append_c (details, ',');
    }
  else
    g_string_append_c (details, '{');
  g_string_append_printf (details, "\"first_id\":%" G_GINT64_FORMAT ",\"last_id\":%"
                          G_GINT64_FORMAT "}", first, last);
  if (!vigil_json_canonicalize (details->str, details->len, canonical, &reason))
    g_error ("Event details %s are not valid JSON: %s", details->str, reason);
  return vigil_store_append_event (self, actor, action, target, canonical->str, error);
}

gboolean
vigil_store_append_event (VigilStore  *self,
                          const char  *actor,
                          const char  *action,
                          const char  *target,
                          const char  *details_json,
                          GError     **error)
{
  char now[VIGIL_TIMESTAMP_LEN];

  vigil_timestamp_now (now);
  return vigil_store_append_event_at (self, now, actor, action, target, details_json, error);
}

gboolean
vigil_store_append_event_at (VigilStore  *self,
                             const char  *timestamp,
                             const char  *actor,
                             const char  *action,
                             const char  *target,
                             const char  *details_json,
                             GError     **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  char prev[65], hash[65];
  gint64 last_id;

  /* On a server, whoever acts is the login, whatever name the caller gave */
  actor = vigil_store_actor (self, actor);
  if (!vigil_ledger_read_head (self->db, VIGIL_CHAIN_EVENTS, &last_id, prev, error))
    return FALSE;

  g_string_truncate (self->fields, 0);
  vigil_ledger_put_int (self->fields, last_id + 1);
  vigil_ledger_put_text (self->fields, timestamp);
  vigil_ledger_put_text (self->fields, actor);
  vigil_ledger_put_text (self->fields, action);
  vigil_ledger_put_text (self->fields, target);
  vigil_ledger_put_text (self->fields, details_json);
  vigil_ledger_link (prev, self->fields->str, self->fields->len, hash);

  if (vigil_sql_prepare (self->db,
                         "INSERT INTO events (id, timestamp, actor, action, target, details, "
                         "record_hash) VALUES (?, ?, ?, ?, ?, ?, ?)", &stmt) != VIGIL_SQL_OK)
    goto fail;
  vigil_sql_bind_int64 (stmt, 1, last_id + 1);
  vigil_sql_bind_text (stmt, 2, timestamp, -1);
  vigil_sql_bind_text (stmt, 3, actor, -1);
  vigil_sql_bind_text (stmt, 4, action, -1);
  vigil_sql_bind_text (stmt, 5, target, -1);
  vigil_sql_bind_text (stmt, 6, details_json, -1);
  vigil_sql_bind_text (stmt, 7, hash, 64);
  if (vigil_sql_step (stmt) != VIGIL_SQL_DONE)
    goto fail;
  self->last_event_id = last_id + 1;
  return TRUE;

fail:
  vigil_store_set_sql_error (self, error, _("Could not record the event"));
  return FALSE;
}

/* The id of the event this connection appended last (an event's id is the chain's next, not
 * a sequence's: the engine's last inserted id may not be it), or 0 */
gint64
vigil_store_get_last_event_id (VigilStore *self)
{
  return self->last_event_id;
}

void
vigil_import_mark_clear (VigilImportMark *mark)
{
  g_clear_pointer (&mark->timestamp, g_free);
  g_clear_pointer (&mark->quarantine, g_free);
  mark->event_id = 0;
}

/* The latest import event (of @action: "import" for decisions, "import_outcomes"), after
 * @after_id, of the content whose SHA-256 is @sha256. Events of one action are indexed by id,
 * so a check for newer ones reads only those. */
gboolean
vigil_store_find_import (VigilStore      *self,
                         const char      *action,
                         const char      *sha256,
                         gint64           after_id,
                         VigilImportMark *mark,
                         GError         **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  int rc;

  memset (mark, 0, sizeof *mark);
  mark->quarantine_size = -1;
  if (vigil_sql_prepare (self->db,
                         "SELECT id, timestamp, json_extract(details, '$.last_line'), "
                         "json_extract(details, '$.end_offset'), "
                         "json_extract(details, '$.quarantine_size'), "
                         "json_extract(details, '$.quarantine') "
                         "FROM events WHERE action = ?3 AND id > ?2 "
                         "AND json_valid(details) AND json_extract(details, '$.sha256') = ?1 "
                         "ORDER BY id DESC LIMIT 1", &stmt) != VIGIL_SQL_OK)
    goto fail;
  vigil_sql_bind_text (stmt, 1, sha256, -1);
  vigil_sql_bind_int64 (stmt, 2, after_id);
  vigil_sql_bind_text (stmt, 3, action, -1);
  rc = vigil_sql_step (stmt);
  if (rc == VIGIL_SQL_ROW)
    {
      mark->event_id = vigil_sql_column_int64 (stmt, 0);
      mark->timestamp = g_strdup (vigil_sql_column_text (stmt, 1));
      mark->last_line = vigil_sql_column_int64 (stmt, 2);
      mark->end_offset = vigil_sql_column_int64 (stmt, 3);
      if (vigil_sql_column_type (stmt, 4) != VIGIL_SQL_NULL)
        mark->quarantine_size = vigil_sql_column_int64 (stmt, 4);
      mark->quarantine = g_strdup (vigil_sql_column_text (stmt, 5));
      return TRUE;
    }
  if (rc == VIGIL_SQL_DONE)
    return TRUE;

fail:
  vigil_store_set_sql_error (self, error, _("Could not look up earlier imports"));
  return FALSE;
}

/**
 * vigil_store_record_event:
 * @details_json: (nullable): a JSON object with the action's details
 *
 * Records an administrative action in the chained events table.
 */
gboolean
vigil_store_record_event (VigilStore  *self,
                          const char  *actor,
                          const char  *action,
                          const char  *target,
                          const char  *details_json,
                          GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (actor != NULL && action != NULL, FALSE);

  if (!vigil_store_begin_write (self, error))
    return FALSE;
  if (!vigil_store_append_event (self, actor, action, target, details_json, error))
    {
      vigil_store_rollback (self);
      return FALSE;
    }
  return vigil_store_commit (self, error);
}

/**
 * vigil_store_log_decisions:
 * @decisions: (array length=n_decisions): decisions to log
 *
 * Checks every decision, then logs them all in one transaction, or none if one is invalid or
 * the write fails, with a "log" event naming the ids they were given. On success each decision
 * has its id, input_hash and record_hash.
 */
gboolean
vigil_store_log_decisions (VigilStore     *self,
                           VigilDecision **decisions,
                           guint           n_decisions,
                           GError        **error)
{
  g_autofree VigilRecord *records = NULL;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);

  for (guint i = 0; i < n_decisions; i++)
    {
      g_autoptr(GError) local_error = NULL;

      if (!vigil_decision_prepare (decisions[i], &local_error))
        {
          if (n_decisions > 1)
            g_prefix_error (&local_error, _("Decision %u of %u: "), i + 1, n_decisions);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  records = g_new (VigilRecord, MAX (n_decisions, 1));
  for (guint i = 0; i < n_decisions; i++)
    records[i] = *vigil_decision_get_record (decisions[i]);

  if (!vigil_store_begin_write (self, error))
    return FALSE;
  if (!vigil_store_append_records (self, records, n_decisions, error) ||
      !vigil_store_append_range_event (self, g_get_user_name (), "log", "database", NULL, error))
    {
      vigil_store_rollback (self);
      return FALSE;
    }
  if (!vigil_store_commit (self, error))
    return FALSE;

  for (guint i = 0; i < n_decisions; i++)
    {
      VigilRecord *r = (VigilRecord *) vigil_decision_get_record (decisions[i]);

      r->id = records[i].id;
      memcpy (r->record_hash, records[i].record_hash, 65);
    }
  return TRUE;
}

/**
 * vigil_store_log_decision:
 * @out_id: (out) (optional): the id the decision was logged under
 *
 * Checks and logs one decision in its own transaction.
 */
gboolean
vigil_store_log_decision (VigilStore     *self,
                          VigilDecision  *decision,
                          gint64         *out_id,
                          GError        **error)
{
  if (!vigil_store_log_decisions (self, &decision, 1, error))
    return FALSE;
  if (out_id)
    *out_id = vigil_decision_get_id (decision);
  return TRUE;
}
