/* vigil-schema-sqlite.c: the schema of an SQLite database and its forward migrations
 *
 * PRAGMA user_version holds the schema version; application_id marks a Vigil database. Each
 * migration takes the schema from version N - 1 to N inside the transaction that sets
 * user_version, so a database is always at one version or the next, never between.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-schema"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-input-rollup.h"
#include "vigil-schema.h"
#include "vigil-sql-sqlite.h"
#include "vigil-store-private.h"

/* "ViGl" */
#define VIGIL_APPLICATION_ID 0x5669476c

/* The immutability triggers, as migration 1 created them: vigil_schema_check_ledger() compares
 * the stored SQL with these, so their text must never change (a migration that replaces one
 * adds its new text here). */
#define TRIGGER_DECISIONS_IMMUTABLE \
  "CREATE TRIGGER decisions_immutable BEFORE UPDATE OF id, timestamp, model_name, model_version," \
  "  decision_type, input_features, input_hash, prediction, confidence, explanation, ticker," \
  "  sector, portfolio_id, user_id, record_hash ON decisions" \
  "  BEGIN SELECT RAISE (ABORT, 'decisions are immutable: the ledger refuses this change'); END"
#define TRIGGER_DECISIONS_NO_DELETE \
  "CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions" \
  "  BEGIN SELECT RAISE (ABORT, 'decisions cannot be deleted: the ledger refuses this'); END"
#define TRIGGER_ALERTS_IMMUTABLE \
  "CREATE TRIGGER alerts_immutable BEFORE UPDATE OF id, timestamp, alert_type, severity," \
  "  description, model_name, subject, window_start, window_end, baseline_start, observed," \
  "  baseline, threshold, n_recent, n_baseline, p_value, record_hash ON alerts" \
  "  BEGIN SELECT RAISE (ABORT, 'alerts are immutable: the ledger refuses this change'); END"
#define TRIGGER_ALERTS_NO_DELETE \
  "CREATE TRIGGER alerts_no_delete BEFORE DELETE ON alerts" \
  "  BEGIN SELECT RAISE (ABORT, 'alerts cannot be deleted: the ledger refuses this'); END"
#define TRIGGER_EVENTS_IMMUTABLE \
  "CREATE TRIGGER events_immutable BEFORE UPDATE ON events" \
  "  BEGIN SELECT RAISE (ABORT, 'events are immutable: the ledger refuses this change'); END"
#define TRIGGER_EVENTS_NO_DELETE \
  "CREATE TRIGGER events_no_delete BEFORE DELETE ON events" \
  "  BEGIN SELECT RAISE (ABORT, 'events cannot be deleted: the ledger refuses this'); END"
#define TRIGGER_DECISIONS_EVENT_ID_IMMUTABLE \
  "CREATE TRIGGER decisions_event_id_immutable BEFORE UPDATE OF event_id ON decisions" \
  "  BEGIN SELECT RAISE (ABORT, 'decisions are immutable: the ledger refuses this change'); END"
#define TRIGGER_REPORTS_IMMUTABLE \
  "CREATE TRIGGER reports_immutable BEFORE UPDATE ON reports" \
  "  BEGIN SELECT RAISE (ABORT, 'reports are immutable'); END"
#define TRIGGER_REPORTS_NO_DELETE \
  "CREATE TRIGGER reports_no_delete BEFORE DELETE ON reports" \
  "  BEGIN SELECT RAISE (ABORT, 'reports cannot be deleted'); END"

static const char *migrations[] = {
  /* 1: the notebook's decisions and alerts, with evidence, ledger, events, reports, meta */
  "CREATE TABLE decisions ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  timestamp TEXT NOT NULL,"
  "  model_name TEXT NOT NULL,"
  "  model_version TEXT NOT NULL,"
  "  decision_type TEXT NOT NULL,"
  "  input_features TEXT,"
  "  input_hash TEXT,"
  "  prediction TEXT NOT NULL,"
  "  confidence REAL,"
  "  explanation TEXT,"
  "  ticker TEXT,"
  "  sector TEXT,"
  "  portfolio_id TEXT,"
  "  user_id TEXT,"
  "  actual_outcome TEXT DEFAULT NULL,"
  "  outcome_date TEXT DEFAULT NULL,"
  "  reviewed_by TEXT DEFAULT NULL,"
  "  review_date TEXT DEFAULT NULL,"
  "  review_status TEXT DEFAULT 'pending',"
  "  review_notes TEXT DEFAULT NULL,"
  "  anomaly_flag INTEGER DEFAULT 0,"
  "  anomaly_reason TEXT DEFAULT NULL,"
  "  record_hash TEXT NOT NULL"
  ");"
  "CREATE INDEX decisions_model_time ON decisions (model_name, timestamp);"
  "CREATE INDEX decisions_time ON decisions (timestamp);"
  "CREATE INDEX decisions_flagged ON decisions (model_name, timestamp) WHERE anomaly_flag = 1;"
  "CREATE TABLE alerts ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  timestamp TEXT NOT NULL,"
  "  alert_type TEXT NOT NULL,"
  "  severity TEXT NOT NULL CHECK (severity IN ('LOW', 'MEDIUM', 'HIGH')),"
  "  description TEXT NOT NULL,"
  "  model_name TEXT,"
  "  acknowledged INTEGER DEFAULT 0,"
  "  acknowledged_by TEXT DEFAULT NULL,"
  "  subject TEXT,"
  "  window_start TEXT,"
  "  window_end TEXT,"
  "  baseline_start TEXT,"
  "  observed REAL,"
  "  baseline REAL,"
  "  threshold REAL,"
  "  n_recent INTEGER,"
  "  n_baseline INTEGER,"
  "  p_value REAL,"
  "  acknowledged_at TEXT DEFAULT NULL,"
  "  ack_note TEXT DEFAULT NULL,"
  "  record_hash TEXT NOT NULL"
  ");"
  "CREATE UNIQUE INDEX alerts_unique ON alerts (ifnull(model_name, ''), alert_type,"
  "  ifnull(subject, ''), ifnull(window_start, ''), ifnull(window_end, ''));"
  "CREATE INDEX alerts_model_time ON alerts (model_name, timestamp);"
  "CREATE INDEX alerts_time ON alerts (timestamp);"
  "CREATE TABLE events ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  timestamp TEXT NOT NULL,"
  "  actor TEXT NOT NULL,"
  "  action TEXT NOT NULL,"
  "  target TEXT,"
  "  details TEXT,"
  "  record_hash TEXT NOT NULL"
  ");"
  "CREATE INDEX events_target ON events (target);"
  "CREATE TABLE reports ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  generated_at TEXT NOT NULL,"
  "  period_start TEXT NOT NULL,"
  "  period_end TEXT NOT NULL,"
  "  models TEXT NOT NULL,"
  "  generated_by TEXT NOT NULL,"
  "  signed_by TEXT,"
  "  pdf_sha256 TEXT,"
  "  ledger_head TEXT NOT NULL,"
  "  ledger_records INTEGER NOT NULL"
  ");"
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
  /* A cache of the model list, kept in step with decisions by the store. */
  "CREATE TABLE models ("
  "  name TEXT PRIMARY KEY,"
  "  decisions INTEGER NOT NULL,"
  "  first_timestamp TEXT NOT NULL,"
  "  last_timestamp TEXT NOT NULL"
  ") WITHOUT ROWID;"
  TRIGGER_DECISIONS_IMMUTABLE ";"
  TRIGGER_DECISIONS_NO_DELETE ";"
  TRIGGER_ALERTS_IMMUTABLE ";"
  TRIGGER_ALERTS_NO_DELETE ";"
  TRIGGER_EVENTS_IMMUTABLE ";"
  TRIGGER_EVENTS_NO_DELETE ";"
  TRIGGER_REPORTS_IMMUTABLE ";"
  TRIGGER_REPORTS_NO_DELETE ";",

  /* 2: detection. The model and time index also covers what the checks count (and the flag
   * that keeps flagged decisions out of baselines), so they read the index alone; each run's
   * outcome per check is kept for the app and the reports. */
  "DROP INDEX decisions_model_time;"
  "CREATE INDEX decisions_model_cover ON decisions (model_name, timestamp, prediction,"
  "  confidence, ticker, anomaly_flag);"
  "CREATE TABLE check_results ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  run_at TEXT NOT NULL,"
  "  as_of TEXT NOT NULL,"
  "  model_name TEXT NOT NULL,"
  "  check_type TEXT NOT NULL,"
  "  subject TEXT,"
  "  outcome TEXT NOT NULL CHECK (outcome IN ('alerted', 'clear', 'insufficient_data',"
  "    'not_applicable')),"
  "  window_start TEXT NOT NULL,"
  "  window_end TEXT NOT NULL,"
  "  baseline_start TEXT NOT NULL,"
  "  observed REAL,"
  "  baseline REAL,"
  "  threshold REAL,"
  "  n_recent INTEGER,"
  "  n_baseline INTEGER,"
  "  p_value REAL,"
  "  alert_id INTEGER REFERENCES alerts (id),"
  "  message TEXT"
  ");"
  "CREATE INDEX check_results_model_asof ON check_results (model_name, as_of);",

  /* 3: the dashboard. Daily roll-ups of decisions per model and UTC day, kept exact by the
   * store in the transaction that appends the decisions (decisions are immutable, so they only
   * grow), and filled here from the decisions already logged. Reviewed decisions get a partial
   * index, as flagged ones have, so that a period's pending and flagged counts are cheap.
   * The roll-ups are rebuilt from the decisions whatever a downgraded database left. */
  "DROP TABLE IF EXISTS daily_predictions;"
  "DROP TABLE IF EXISTS daily_confidence;"
  "DROP TABLE IF EXISTS daily_entities;"
  "DROP INDEX IF EXISTS decisions_reviewed;"
  "CREATE TABLE daily_predictions ("
  "  model_name TEXT NOT NULL,"
  "  day TEXT NOT NULL,"
  "  prediction TEXT NOT NULL,"
  "  n INTEGER NOT NULL,"
  "  n_confidence INTEGER NOT NULL,"
  "  sum_confidence REAL NOT NULL,"
  "  PRIMARY KEY (model_name, day, prediction)"
  ") WITHOUT ROWID;"
  "CREATE TABLE daily_confidence ("
  "  model_name TEXT NOT NULL,"
  "  day TEXT NOT NULL,"
  "  bin INTEGER NOT NULL,"
  "  n INTEGER NOT NULL,"
  "  PRIMARY KEY (model_name, day, bin)"
  ") WITHOUT ROWID;"
  "CREATE TABLE daily_entities ("
  "  model_name TEXT NOT NULL,"
  "  day TEXT NOT NULL,"
  "  entity TEXT NOT NULL,"
  "  n INTEGER NOT NULL,"
  "  PRIMARY KEY (model_name, day, entity)"
  ") WITHOUT ROWID;"
  "INSERT INTO daily_predictions (model_name, day, prediction, n, n_confidence, sum_confidence)"
  "  SELECT model_name, substr(timestamp, 1, 10), prediction, count(*), count(confidence),"
  "    total(confidence) FROM decisions GROUP BY 1, 2, 3;"
  "INSERT INTO daily_confidence (model_name, day, bin, n)"
  "  SELECT model_name, substr(timestamp, 1, 10), " VIGIL_CONFIDENCE_BIN_SQL ", count(*)"
  "  FROM decisions WHERE confidence IS NOT NULL GROUP BY 1, 2, 3;"
  "INSERT INTO daily_entities (model_name, day, entity, n)"
  "  SELECT model_name, substr(timestamp, 1, 10), ticker, count(*)"
  "  FROM decisions WHERE ticker IS NOT NULL GROUP BY 1, 2, 3;"
  "CREATE INDEX decisions_reviewed ON decisions (model_name, timestamp)"
  "  WHERE review_status IS NOT NULL AND review_status != 'pending';",

  /* 4: followed spool files (vigil-follower.c). A file is known by its device and inode and
   * the SHA-256 of its first line (an inode can be reused once a rotated file is deleted);
   * offset is just past the last line committed, written in the transaction that commits the
   * line's decision, so a restart resumes exactly there. A table a downgraded Vigil left
   * behind is kept, with its offsets. */
  "CREATE TABLE IF NOT EXISTS followed_sources ("
  "  id INTEGER PRIMARY KEY,"
  "  device INTEGER NOT NULL,"
  "  inode INTEGER NOT NULL,"
  "  head_hash TEXT NOT NULL,"
  "  path TEXT NOT NULL,"
  "  offset INTEGER NOT NULL CHECK (offset >= 0),"
  "  lines INTEGER NOT NULL CHECK (lines >= 0),"
  "  updated TEXT NOT NULL,"
  "  UNIQUE (device, inode, head_hash)"
  ");"
  "CREATE INDEX IF NOT EXISTS followed_sources_path ON followed_sources (path);",

  /* 5: the latest ledger checkpoint, and the events of one kind, found without reading every
   * event: a busy desk writes one per review and acknowledgement. */
  "CREATE INDEX IF NOT EXISTS events_action ON events (action, id);",

  /* 6: the day of an alert is the window it describes; when it was raised is its own fact.
   * raised_at is not one of the hashed columns, so filling it rewrites no chained data: an
   * alert the detector stored got it from the run that created it (the earliest check result
   * that names it); one stored any other way keeps NULL, "unknown". Alerts are selected by
   * window overlap, window_start < to AND window_end > from, through these indexes. */
  "ALTER TABLE alerts ADD COLUMN raised_at TEXT DEFAULT NULL;"
  "UPDATE alerts SET raised_at = first.run_at"
  "  FROM (SELECT alert_id, min(run_at) AS run_at FROM check_results"
  "        WHERE alert_id IS NOT NULL GROUP BY alert_id) AS first"
  "  WHERE first.alert_id = alerts.id;"
  "CREATE INDEX IF NOT EXISTS alerts_window ON alerts (window_end);"
  "CREATE INDEX IF NOT EXISTS alerts_model_window ON alerts (model_name, window_end);",

  /* 7: a decision's own key, the event_id its sender gives it so that its outcome can be sent
   * later: unique per model, chained (when set) and as immutable as the rest of the decision.
   * Decisions logged before have none. The decisions with an outcome get an index of their
   * own, which the performance figures read alone: empty, it costs a model without outcomes
   * nothing. */
  "ALTER TABLE decisions ADD COLUMN event_id TEXT DEFAULT NULL;"
  "CREATE UNIQUE INDEX decisions_event_id ON decisions (model_name, event_id)"
  "  WHERE event_id IS NOT NULL;"
  "CREATE INDEX decisions_outcomes ON decisions (model_name, timestamp, prediction,"
  "  actual_outcome, outcome_date) WHERE actual_outcome IS NOT NULL;"
  TRIGGER_DECISIONS_EVENT_ID_IMMUTABLE ";",

  /* 8: the outcomes, rolled up: per model, day of the decision, prediction and outcome, how
   * many decisions have that outcome now and the sum of their lags (whole days from the
   * decision's day to the outcome's, none when it came first or has no date), so that the
   * performance figures of whole days read no decision. Kept exact by the store in the
   * transaction that records or supersedes an outcome (a count that falls to 0 is deleted),
   * and filled here from the outcomes already recorded, whatever a downgraded database left. */
  "DROP TABLE IF EXISTS daily_outcomes;"
  "CREATE TABLE daily_outcomes ("
  "  model_name TEXT NOT NULL,"
  "  day TEXT NOT NULL,"
  "  prediction TEXT NOT NULL,"
  "  actual_outcome TEXT NOT NULL,"
  "  n INTEGER NOT NULL,"
  "  lag_days INTEGER NOT NULL,"
  "  PRIMARY KEY (model_name, day, prediction, actual_outcome)"
  ") WITHOUT ROWID;"
  "INSERT INTO daily_outcomes (model_name, day, prediction, actual_outcome, n, lag_days)"
  "  SELECT model_name, substr(timestamp, 1, 10), prediction, actual_outcome, count(*),"
  "    sum(max(0, coalesce(CAST(julianday(substr(outcome_date, 1, 10))"
  "      - julianday(substr(timestamp, 1, 10)) AS INTEGER), 0)))"
  "  FROM decisions WHERE actual_outcome IS NOT NULL GROUP BY 1, 2, 3, 4;",

  /* 9: every check reads the daily roll-ups rather than the rows: the predictions' are made
   * again with the sum of squared confidences (for the confidence check's variance), and the
   * inputs get roll-ups of their own (vigil-input-rollup.c), filled from the decisions
   * already logged by vigil_input_rollup_rebuild() once the tables exist. */
  "DROP TABLE IF EXISTS daily_inputs;"
  "DROP TABLE IF EXISTS daily_features;"
  "DROP TABLE IF EXISTS daily_feature_bins;"
  "DROP TABLE IF EXISTS daily_feature_categories;"
  "DROP TABLE IF EXISTS daily_predictions;"
  "CREATE TABLE daily_predictions ("
  "  model_name TEXT NOT NULL,"
  "  day TEXT NOT NULL,"
  "  prediction TEXT NOT NULL,"
  "  n INTEGER NOT NULL,"
  "  n_confidence INTEGER NOT NULL,"
  "  sum_confidence REAL NOT NULL,"
  "  sumsq_confidence REAL NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (model_name, day, prediction)"
  ") WITHOUT ROWID;"
  "INSERT INTO daily_predictions (model_name, day, prediction, n, n_confidence, sum_confidence,"
  "  sumsq_confidence)"
  "  SELECT model_name, substr(timestamp, 1, 10), prediction, count(*), count(confidence),"
  "    total(confidence), total(confidence * confidence) FROM decisions GROUP BY 1, 2, 3;"
  "CREATE TABLE daily_inputs ("
  "  model_name TEXT NOT NULL,"
  "  day TEXT NOT NULL,"
  "  n INTEGER NOT NULL,"
  "  n_empty INTEGER NOT NULL,"
  "  n_no_confidence INTEGER NOT NULL,"
  "  n_no_explanation INTEGER NOT NULL,"
  "  PRIMARY KEY (model_name, day)"
  ") WITHOUT ROWID;"
  "CREATE TABLE daily_features ("
  "  model_name TEXT NOT NULL,"
  "  day TEXT NOT NULL,"
  "  feature TEXT NOT NULL,"
  "  n_present INTEGER NOT NULL,"
  "  n_numbers INTEGER NOT NULL,"
  "  n_strings INTEGER NOT NULL,"
  "  n_others INTEGER NOT NULL,"
  "  n_other_categories INTEGER NOT NULL,"
  "  min_value REAL NOT NULL,"
  "  max_value REAL NOT NULL,"
  "  n_at_min INTEGER NOT NULL,"
  "  n_at_max INTEGER NOT NULL,"
  "  PRIMARY KEY (model_name, day, feature)"
  ") WITHOUT ROWID;"
  "CREATE TABLE daily_feature_bins ("
  "  model_name TEXT NOT NULL,"
  "  day TEXT NOT NULL,"
  "  feature TEXT NOT NULL,"
  "  bin INTEGER NOT NULL,"
  "  n INTEGER NOT NULL,"
  "  PRIMARY KEY (model_name, day, feature, bin)"
  ") WITHOUT ROWID;"
  "CREATE TABLE daily_feature_categories ("
  "  model_name TEXT NOT NULL,"
  "  day TEXT NOT NULL,"
  "  feature TEXT NOT NULL,"
  "  category TEXT NOT NULL,"
  "  n INTEGER NOT NULL,"
  "  PRIMARY KEY (model_name, day, feature, category)"
  ") WITHOUT ROWID;",
};

static const struct
{
  const char *name;
  const char *table;
  const char *sql;
} ledger_triggers[] = {
  { "decisions_immutable", "decisions", TRIGGER_DECISIONS_IMMUTABLE },
  { "decisions_no_delete", "decisions", TRIGGER_DECISIONS_NO_DELETE },
  { "decisions_event_id_immutable", "decisions", TRIGGER_DECISIONS_EVENT_ID_IMMUTABLE },
  { "alerts_immutable", "alerts", TRIGGER_ALERTS_IMMUTABLE },
  { "alerts_no_delete", "alerts", TRIGGER_ALERTS_NO_DELETE },
  { "events_immutable", "events", TRIGGER_EVENTS_IMMUTABLE },
  { "events_no_delete", "events", TRIGGER_EVENTS_NO_DELETE },
  { "reports_immutable", "reports", TRIGGER_REPORTS_IMMUTABLE },
  { "reports_no_delete", "reports", TRIGGER_REPORTS_NO_DELETE },
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == VIGIL_STORE_SCHEMA_VERSION);

static int
read_int_pragma (VigilSql   *db,
                 const char *sql,
                 int        *out)
{
  VigilSqlStmt *stmt = NULL;
  int rc = vigil_sql_prepare (db, sql, &stmt);

  if (rc == VIGIL_SQL_OK)
    {
      rc = vigil_sql_step (stmt);
      if (rc == VIGIL_SQL_ROW)
        {
          *out = vigil_sql_column_int (stmt, 0);
          rc = VIGIL_SQL_OK;
        }
    }
  vigil_sql_finalize (stmt);
  return rc;
}

static void
set_open_error (GError    **error,
                VigilSql   *db,
                int         rc,
                const char *path)
{
  switch (rc)
    {
    case VIGIL_SQL_NOTADB:
    case VIGIL_SQL_CORRUPT:
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CORRUPT,
                   _("“%s” is not a database Vigil can read: the file is damaged or of another "
                     "kind (%s). Vigil has not changed it."), path, vigil_sql_errmsg (db));
      break;
    case VIGIL_SQL_BUSY:
    case VIGIL_SQL_LOCKED:
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_LOCKED,
                   _("“%s” is locked by another program that is writing to it; try again when it "
                     "has finished."), path);
      break;
    case VIGIL_SQL_READONLY:
    case VIGIL_SQL_CANTOPEN:
    case VIGIL_SQL_PERM:
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_READ_ONLY,
                   _("“%s” cannot be written (%s); check the permissions of the file and its "
                     "folder."), path, vigil_sql_errmsg (db));
      break;
    case VIGIL_SQL_FULL:
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_FULL,
                   _("The disk holding “%s” is full."), path);
      break;
    default:
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_FAILED,
                   _("Could not open “%s”: %s"), path, vigil_sql_errmsg (db));
    }
}

/**
 * vigil_schema_sqlite_migrate:
 *
 * Checks that @db is a Vigil database (or empty) and brings its schema to the current version.
 */
gboolean
vigil_schema_sqlite_migrate (VigilSql    *db,
                             const char  *path,
                             gboolean     read_only,
                             GError     **error)
{
  int version = 0, app_id = 0, n_tables = 0;
  int rc;

  if ((rc = read_int_pragma (db, "PRAGMA user_version", &version)) != VIGIL_SQL_OK ||
      (rc = read_int_pragma (db, "PRAGMA application_id", &app_id)) != VIGIL_SQL_OK ||
      (rc = read_int_pragma (db, "SELECT count(*) FROM sqlite_master", &n_tables)) != VIGIL_SQL_OK)
    {
      set_open_error (error, db, rc, path);
      return FALSE;
    }

  if (app_id != VIGIL_APPLICATION_ID && (n_tables > 0 || version != 0))
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_NOT_VIGIL,
                   _("“%s” is a database of another application, not a Vigil audit log. Vigil "
                     "has not changed it."), path);
      return FALSE;
    }

  if (version > VIGIL_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_TOO_NEW,
                   _("“%s” was written by a newer Vigil (schema %d; this Vigil knows up to %d). "
                     "Update Vigil to open it; it has not been changed."),
                   path, version, VIGIL_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  if (version == VIGIL_STORE_SCHEMA_VERSION)
    return TRUE;

  if (read_only)
    {
      /* Outdated: a Vigil schema of old, which a writable opening brings up to date; none
       * at all is no Vigil database yet, which only init creates */
      g_set_error (error, VIGIL_STORE_ERROR,
                   version > 0 ? VIGIL_STORE_ERROR_OUTDATED : VIGIL_STORE_ERROR_READ_ONLY,
                   _("“%s” needs its schema brought up to date, but it is read-only."), path);
      return FALSE;
    }

  if ((rc = vigil_sql_exec (db, "BEGIN IMMEDIATE")) != VIGIL_SQL_OK)
    {
      set_open_error (error, db, rc, path);
      return FALSE;
    }

  /* Another process may have migrated it while we waited for the lock. */
  if ((rc = read_int_pragma (db, "PRAGMA user_version", &version)) != VIGIL_SQL_OK)
    goto fail;

  /* A migration writes to the ledger's tables: a trigger planted there would run. */
  {
    g_autofree char *problem = NULL;

    if ((rc = vigil_schema_find_foreign_trigger (db, &problem)) != VIGIL_SQL_OK)
      goto fail;
    if (problem != NULL)
      {
        vigil_sql_exec (db, "ROLLBACK");
        g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CORRUPT,
                     _("“%s” needs its schema brought up to date, but Vigil writes nothing to "
                       "it: %s. Remove that trigger first."), path, problem);
        return FALSE;
      }
  }

  for (int v = version + 1; v <= VIGIL_STORE_SCHEMA_VERSION; v++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", v);

      if ((rc = vigil_sql_exec (db, migrations[v - 1])) != VIGIL_SQL_OK ||
          (v == 9 && (rc = vigil_input_rollup_rebuild (db)) != VIGIL_SQL_OK) ||
          (rc = vigil_sql_exec (db, set_version)) != VIGIL_SQL_OK)
        goto fail;
    }

  if (version == 0)
    {
      g_autofree char *set_app_id =
        g_strdup_printf ("PRAGMA application_id = %d", VIGIL_APPLICATION_ID);
      char created[VIGIL_TIMESTAMP_LEN];
      VigilSqlStmt *stmt = NULL;

      vigil_timestamp_now (created);
      if ((rc = vigil_sql_exec (db, set_app_id)) != VIGIL_SQL_OK)
        goto fail;
      rc = vigil_sql_prepare (db,
                              "INSERT OR IGNORE INTO meta (key, value) VALUES "
                              "('purpose', 'production'), ('created', ?1), ('app_version', ?2)",
                              &stmt);
      if (rc == VIGIL_SQL_OK)
        {
          vigil_sql_bind_text_copy (stmt, 1, created, -1);
          vigil_sql_bind_text (stmt, 2, PACKAGE_VERSION, -1);
          rc = vigil_sql_step (stmt) == VIGIL_SQL_DONE ? VIGIL_SQL_OK : vigil_sql_errcode (db);
        }
      vigil_sql_finalize (stmt);
      if (rc != VIGIL_SQL_OK)
        goto fail;
    }

  if ((rc = vigil_sql_exec (db, "COMMIT")) != VIGIL_SQL_OK)
    goto fail;

  return TRUE;

fail:
  set_open_error (error, db, rc, path);
  vigil_sql_exec (db, "ROLLBACK");
  return FALSE;
}

/**
 * vigil_schema_sqlite_harden:
 *
 * What every connection to a database file sets before reading it: the file may come from
 * anyone, so its schema is not trusted to call functions with side effects (trusted_schema
 * off), and defensive mode refuses what could corrupt it (writable_schema and the like).
 */
void
vigil_schema_sqlite_harden (VigilSql *db)
{
  sqlite3 *handle = vigil_sql_sqlite_get_handle (db);

  sqlite3_db_config (handle, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  sqlite3_db_config (handle, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
}

/**
 * vigil_schema_sqlite_find_foreign_trigger:
 * @out_problem: (out): the first trigger of the database that Vigil did not create (or
 *   altered), named with its table; %NULL when there is none
 *
 * A trigger runs inside Vigil's own writes, and could change what they record; the store
 * looks for one before it writes. Returns an SQLite result code.
 */
int
vigil_schema_sqlite_find_foreign_trigger (VigilSql  *db,
                                          char     **out_problem)
{
  VigilSqlStmt *stmt = NULL;
  int rc;

  *out_problem = NULL;
  rc = vigil_sql_prepare (db, "SELECT name, tbl_name, sql FROM main.sqlite_master "
                          "WHERE type = 'trigger' ORDER BY name", &stmt);
  if (rc != VIGIL_SQL_OK)
    return rc;
  while (*out_problem == NULL && (rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      const char *name = vigil_sql_column_text (stmt, 0);
      const char *table = vigil_sql_column_text (stmt, 1);
      const char *sql = vigil_sql_column_text (stmt, 2);
      guint i;

      for (i = 0; i < G_N_ELEMENTS (ledger_triggers); i++)
        if (g_strcmp0 (name, ledger_triggers[i].name) == 0)
          break;
      if (i == G_N_ELEMENTS (ledger_triggers))
        *out_problem = g_strdup_printf (_("trigger %s on table %s is not one of Vigil’s"),
                                        name, table);
      else if (g_strcmp0 (sql, ledger_triggers[i].sql) != 0)
        *out_problem = g_strdup_printf (_("trigger %s was altered: its SQL is not the one "
                                          "Vigil created"), name);
    }
  if (rc == VIGIL_SQL_ROW || rc == VIGIL_SQL_DONE)
    rc = VIGIL_SQL_OK;
  vigil_sql_finalize (stmt);
  return rc;
}

/* The tables and views the migrations create, "type name", read from a database in memory
 * that they built: what else a file holds, Vigil did not put there. */
static GHashTable *
vigil_objects (void)
{
  static gsize objects = 0;

  if (g_once_init_enter (&objects))
    {
      GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      VigilSql *db = NULL;
      VigilSqlStmt *stmt = NULL;

      if (vigil_sql_open (":memory:", VIGIL_SQL_OPEN_MEMORY | VIGIL_SQL_OPEN_CREATE, &db) !=
          VIGIL_SQL_OK)
        g_error ("Could not open a database in memory: %s", vigil_sql_errmsg (db));
      for (guint v = 0; v < G_N_ELEMENTS (migrations); v++)
        if (vigil_sql_exec (db, migrations[v]) != VIGIL_SQL_OK)
          g_error ("Migration %u does not apply to an empty database: %s", v + 1,
                   vigil_sql_errmsg (db));
      if (vigil_sql_prepare (db, "SELECT type, name FROM sqlite_master "
                             "WHERE type IN ('table', 'view')", &stmt) != VIGIL_SQL_OK)
        g_error ("Could not read the schema in memory: %s", vigil_sql_errmsg (db));
      while (vigil_sql_step (stmt) == VIGIL_SQL_ROW)
        g_hash_table_add (set, g_strdup_printf ("%s %s", vigil_sql_column_text (stmt, 0),
                                                vigil_sql_column_text (stmt, 1)));
      vigil_sql_finalize (stmt);
      vigil_sql_close (db);
      g_once_init_leave (&objects, (gsize) set);
    }
  return (GHashTable *) objects;
}

static gboolean
is_ledger_table (const char *name)
{
  static const char * const tables[] = { "decisions", "alerts", "events", "reports" };

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (g_strcmp0 (name, tables[i]) == 0)
      return TRUE;
  return FALSE;
}

/**
 * vigil_schema_sqlite_check_ledger:
 * @db: a connection, inside the read transaction of the verification when @main is set
 * @main: check the database's own schema (else only the connection's temporary one)
 * @report: where each problem found is added
 *
 * What the chains cannot show: the immutability triggers exist with the SQL migration 1 gave
 * them, and nothing stands in for the ledger's tables: no trigger but Vigil's (in the database
 * or the connection's temporary schema), no temporary table or view of the same name, each
 * of them a table in the database. FALSE with @error only when the schema cannot be read.
 */
gboolean
vigil_schema_sqlite_check_ledger (VigilSql           *db,
                                  gboolean            main,
                                  VigilLedgerReport  *report,
                                  GError            **error)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  gboolean found[G_N_ELEMENTS (ledger_triggers)] = { FALSE };
  int rc;

  if (main)
    {
      static const char * const tables[] = { "decisions", "alerts", "events", "reports" };

      if (vigil_sql_prepare (db, "SELECT type FROM main.sqlite_master WHERE name = ?",
                             &stmt) != VIGIL_SQL_OK)
        goto failed;
      for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
        {
          g_autofree char *problem = NULL;

          vigil_sql_reset (stmt);
          vigil_sql_bind_text (stmt, 1, tables[t], -1);
          rc = vigil_sql_step (stmt);
          if (rc == VIGIL_SQL_DONE)
            problem = g_strdup_printf (_("table %s is missing"), tables[t]);
          else if (rc != VIGIL_SQL_ROW)
            goto failed;
          else if (g_strcmp0 (vigil_sql_column_text (stmt, 0), "table") != 0)
            problem = g_strdup_printf (_("%s is a %s, not Vigil’s table"), tables[t],
                                       vigil_sql_column_text (stmt, 0));
          if (problem != NULL)
            vigil_ledger_report_add_schema_problem (report, tables[t], problem);
        }
      g_clear_pointer (&stmt, vigil_sql_finalize);

      if (vigil_sql_prepare (db, "SELECT name, tbl_name, sql FROM main.sqlite_master "
                             "WHERE type = 'trigger' ORDER BY name", &stmt) != VIGIL_SQL_OK)
        goto failed;
      while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
        {
          const char *name = vigil_sql_column_text (stmt, 0);
          const char *table = vigil_sql_column_text (stmt, 1);
          const char *sql = vigil_sql_column_text (stmt, 2);
          g_autofree char *problem = NULL;
          guint i;

          for (i = 0; i < G_N_ELEMENTS (ledger_triggers); i++)
            if (g_strcmp0 (name, ledger_triggers[i].name) == 0)
              break;
          if (i == G_N_ELEMENTS (ledger_triggers))
            problem = g_strdup_printf (_("trigger %s on table %s is not one of Vigil’s"),
                                       name, table);
          else
            {
              found[i] = TRUE;
              if (g_strcmp0 (sql, ledger_triggers[i].sql) != 0)
                problem = g_strdup_printf (_("trigger %s was altered: its SQL is not the one "
                                             "Vigil created"), name);
            }
          if (problem != NULL)
            vigil_ledger_report_add_schema_problem (report, table, problem);
        }
      if (rc != VIGIL_SQL_DONE)
        goto failed;
      g_clear_pointer (&stmt, vigil_sql_finalize);

      /* SQLite's own tables (sqlite_sequence, sqlite_stat1) come and go with its features. */
      if (vigil_sql_prepare (db, "SELECT type, name FROM main.sqlite_master "
                             "WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' "
                             "ESCAPE '\\' ORDER BY name", &stmt) != VIGIL_SQL_OK)
        goto failed;
      while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
        {
          const char *type = vigil_sql_column_text (stmt, 0);
          const char *name = vigil_sql_column_text (stmt, 1);
          g_autofree char *key = g_strdup_printf ("%s %s", type, name);

          if (!g_hash_table_contains (vigil_objects (), key))
            {
              g_autofree char *problem =
                g_strcmp0 (type, "view") == 0
                  ? g_strdup_printf (_("view %s is not one of Vigil’s"), name)
                  : g_strdup_printf (_("table %s is not one of Vigil’s"), name);

              vigil_ledger_report_add_schema_problem (report, name, problem);
            }
        }
      if (rc != VIGIL_SQL_DONE)
        goto failed;
      g_clear_pointer (&stmt, vigil_sql_finalize);
      for (guint i = 0; i < G_N_ELEMENTS (ledger_triggers); i++)
        if (!found[i])
          {
            g_autofree char *problem = g_strdup_printf (_("trigger %s is missing"),
                                                        ledger_triggers[i].name);

            vigil_ledger_report_add_schema_problem (report, ledger_triggers[i].table, problem);
          }
    }

  if (vigil_sql_prepare (db, "SELECT type, name, tbl_name FROM temp.sqlite_master "
                         "ORDER BY name", &stmt) != VIGIL_SQL_OK)
    goto failed;
  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      const char *type = vigil_sql_column_text (stmt, 0);
      const char *name = vigil_sql_column_text (stmt, 1);
      const char *table = vigil_sql_column_text (stmt, 2);
      g_autofree char *problem = NULL;

      if (g_strcmp0 (type, "trigger") == 0)
        problem = g_strdup_printf (_("temporary trigger %s on table %s is not one of Vigil’s"),
                                   name, table);
      else if (is_ledger_table (name))
        problem = g_strdup_printf (_("a temporary %s named %s shadows Vigil’s table"), type,
                                   name);
      if (problem != NULL)
        vigil_ledger_report_add_schema_problem (report, table, problem);
    }
  if (rc != VIGIL_SQL_DONE)
    goto failed;
  vigil_ledger_report_set_schema_checked (report);
  return TRUE;

failed:
  g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_FAILED,
               _("Could not read the database’s schema: %s"), vigil_sql_errmsg (db));
  return FALSE;
}
