/* vigil-schema-postgres.c: the schema of a Vigil database on a PostgreSQL server
 *
 * Vigil's tables live in the schema "main" of the server's database, so that the statements
 * that name main.decisions on SQLite name the same table here, and a connection's temporary
 * tables (pg_temp, searched last) never stand in for them. The meta rows "application" and
 * "schema_version" play the part of SQLite's application_id and user_version. The script
 * (vigil-schema-postgres.sql) creates the schema's tables, the server's immutability
 * triggers, the four group roles and the desks' row-level security.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-schema"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-input-rollup.h"
#include "vigil-schema.h"
#include "vigil-schema-postgres-sql.h"
#include "vigil-sql-stmt.h"
#include "vigil-store.h"
#include "vigil-timestamp.h"

/* The triggers that guard the ledger's tables, which verify requires, each on its table */
static const struct
{
  const char *name;
  const char *table;
} ledger_triggers[] = {
  { "decisions_immutable", "decisions" },
  { "decisions_no_delete", "decisions" },
  { "decisions_no_truncate", "decisions" },
  { "decisions_event_id_immutable", "decisions" },
  { "alerts_immutable", "alerts" },
  { "alerts_no_delete", "alerts" },
  { "alerts_no_truncate", "alerts" },
  { "events_immutable", "events" },
  { "events_no_delete", "events" },
  { "events_no_truncate", "events" },
  { "reports_immutable", "reports" },
  { "reports_no_delete", "reports" },
  { "reports_no_truncate", "reports" },
};

/* Schema 7 to 8, as SQLite's migration 8: the outcomes rolled up per model, day of the
 * decision, prediction and outcome, with the sum of their lags in whole days, filled from the
 * outcomes recorded so far. Recording an outcome is a reviewer's: the reviewer keeps the
 * roll-up, for the models the desks let them see. Run inside a transaction of the owner's,
 * after the script when a database is created. */
static const char migration_8_sql[] =
  "CREATE TABLE daily_outcomes ("
  "  model_name text NOT NULL,"
  "  day text NOT NULL,"
  "  prediction text NOT NULL,"
  "  actual_outcome text NOT NULL,"
  "  n bigint NOT NULL,"
  "  lag_days bigint NOT NULL,"
  "  PRIMARY KEY (model_name, day, prediction, actual_outcome)"
  ");"
  "INSERT INTO daily_outcomes (model_name, day, prediction, actual_outcome, n, lag_days)"
  "  SELECT model_name, substr(timestamp, 1, 10), prediction, actual_outcome, count(*),"
  "    sum(greatest(0, coalesce(substr(outcome_date, 1, 10)::date"
  "      - substr(timestamp, 1, 10)::date, 0)))"
  "  FROM decisions WHERE actual_outcome IS NOT NULL GROUP BY 1, 2, 3, 4;"
  "REVOKE ALL ON daily_outcomes FROM PUBLIC;"
  "GRANT SELECT ON daily_outcomes TO vigil_auditor, vigil_reviewer, vigil_ingest;"
  "GRANT INSERT, UPDATE (n, lag_days), DELETE ON daily_outcomes TO vigil_reviewer;"
  "ALTER TABLE daily_outcomes ENABLE ROW LEVEL SECURITY;"
  "CREATE POLICY daily_outcomes_select ON daily_outcomes FOR SELECT"
  "  USING (vigil_may_see (model_name));"
  "CREATE POLICY daily_outcomes_update ON daily_outcomes FOR UPDATE"
  "  USING (vigil_may_see (model_name));"
  "CREATE POLICY daily_outcomes_delete ON daily_outcomes FOR DELETE"
  "  USING (vigil_may_see (model_name));"
  "CREATE POLICY daily_outcomes_insert ON daily_outcomes FOR INSERT WITH CHECK (true);"
  "UPDATE meta SET value = '8' WHERE key = 'schema_version';";

/* Schema 8 to 9, as SQLite's migration 9: the predictions' roll-up gets the sum of squared
 * confidences, and the inputs get roll-ups with the grants and the row-level security of the
 * others; vigil_input_rollup_rebuild() then fills them from the decisions. Run inside a
 * transaction of the owner's, after migration 8 when a database is created. */
static const char migration_9_sql[] =
  "ALTER TABLE daily_predictions ADD COLUMN IF NOT EXISTS sumsq_confidence double precision "
  "NOT NULL DEFAULT 0;"
  "UPDATE daily_predictions p SET sumsq_confidence = (SELECT coalesce(sum(confidence * "
  "confidence), 0) FROM decisions d WHERE d.model_name = p.model_name AND d.timestamp >= p.day "
  "AND d.timestamp < to_char(p.day::date + 1, 'YYYY-MM-DD') AND d.prediction = p.prediction);"
  "GRANT UPDATE (sumsq_confidence) ON daily_predictions TO vigil_ingest;"
  "CREATE TABLE daily_inputs (model_name text NOT NULL, day text NOT NULL, n bigint NOT NULL, "
  "n_empty bigint NOT NULL, n_no_confidence bigint NOT NULL, n_no_explanation bigint NOT NULL, "
  "PRIMARY KEY (model_name, day));"
  "CREATE TABLE daily_features (model_name text NOT NULL, day text NOT NULL, "
  "feature text NOT NULL, n_present bigint NOT NULL, n_numbers bigint NOT NULL, "
  "n_strings bigint NOT NULL, n_others bigint NOT NULL, n_other_categories bigint NOT NULL, "
  "min_value double precision NOT NULL, max_value double precision NOT NULL, "
  "n_at_min bigint NOT NULL, n_at_max bigint NOT NULL, PRIMARY KEY (model_name, day, feature));"
  "CREATE TABLE daily_feature_bins (model_name text NOT NULL, day text NOT NULL, "
  "feature text NOT NULL, bin bigint NOT NULL, n bigint NOT NULL, "
  "PRIMARY KEY (model_name, day, feature, bin));"
  "CREATE TABLE daily_feature_categories (model_name text NOT NULL, day text NOT NULL, "
  "feature text NOT NULL, category text NOT NULL, n bigint NOT NULL, "
  "PRIMARY KEY (model_name, day, feature, category));"
  "GRANT SELECT ON daily_inputs, daily_features, daily_feature_bins, daily_feature_categories "
  "TO vigil_auditor, vigil_reviewer, vigil_ingest, vigil_admin;"
  "GRANT INSERT ON daily_inputs, daily_features, daily_feature_bins, daily_feature_categories "
  "TO vigil_ingest;"
  "GRANT UPDATE (n) ON daily_feature_bins, daily_feature_categories TO vigil_ingest;"
  "GRANT UPDATE (n, n_empty, n_no_confidence, n_no_explanation) ON daily_inputs TO vigil_ingest;"
  "GRANT UPDATE (n_present, n_numbers, n_strings, n_others, n_other_categories, min_value, "
  "max_value, n_at_min, n_at_max) ON daily_features TO vigil_ingest;"
  "DO $$ DECLARE t text; BEGIN "
  "FOREACH t IN ARRAY ARRAY['daily_inputs', 'daily_features', 'daily_feature_bins', "
  "'daily_feature_categories'] LOOP "
  "EXECUTE format ('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t); "
  "EXECUTE format ('CREATE POLICY %I ON %I FOR SELECT USING (vigil_may_see (model_name))', "
  "t || '_select', t); "
  "EXECUTE format ('CREATE POLICY %I ON %I FOR UPDATE USING (vigil_may_see (model_name))', "
  "t || '_update', t); "
  "EXECUTE format ('CREATE POLICY %I ON %I FOR INSERT WITH CHECK (true)', t || '_insert', t); "
  "EXECUTE format ('CREATE POLICY %I ON %I FOR SELECT TO vigil_ingest USING (true)', "
  "t || '_ingest_select', t); "
  "EXECUTE format ('CREATE POLICY %I ON %I FOR UPDATE TO vigil_ingest USING (true)', "
  "t || '_ingest_update', t); "
  "END LOOP; END $$;"
  "UPDATE meta SET value = '9' WHERE key = 'schema_version';";

/* Every trigger and table the script and the migrations after it create, by name: what else
 * the schema "main" holds, Vigil did not put there. */
static void
add_names (GHashTable *set,
           GRegex     *regex,
           const char *sql)
{
  g_autoptr(GMatchInfo) match = NULL;

  g_regex_match (regex, sql, 0, &match);
  while (g_match_info_matches (match))
    {
      g_hash_table_add (set, g_match_info_fetch (match, 1));
      g_match_info_next (match, NULL);
    }
}

static GHashTable *
vigil_names (const char *keyword)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *pattern = g_strdup_printf ("CREATE\\s+(?:OR\\s+REPLACE\\s+)?%s\\s+"
                                              "(?:IF\\s+NOT\\s+EXISTS\\s+)?(?:main\\.)?"
                                              "([a-z_][a-z0-9_]*)", keyword);
  g_autoptr(GRegex) regex = g_regex_new (pattern, G_REGEX_CASELESS, 0, NULL);

  add_names (set, regex, vigil_schema_postgres_sql ());
  add_names (set, regex, migration_8_sql);
  add_names (set, regex, migration_9_sql);
  return set;
}

static GHashTable *
vigil_triggers (void)
{
  static gsize triggers = 0;

  if (g_once_init_enter (&triggers))
    g_once_init_leave (&triggers, (gsize) vigil_names ("TRIGGER"));
  return (GHashTable *) triggers;
}

static GHashTable *
vigil_tables (void)
{
  static gsize tables = 0;

  if (g_once_init_enter (&tables))
    g_once_init_leave (&tables, (gsize) vigil_names ("TABLE"));
  return (GHashTable *) tables;
}

static void
set_error (GError    **error,
           VigilSql   *db,
           const char *location)
{
  int code;

  switch (vigil_sql_errcode (db))
    {
    case VIGIL_SQL_PERM:
    case VIGIL_SQL_READONLY:
      code = VIGIL_STORE_ERROR_READ_ONLY;
      break;
    case VIGIL_SQL_BUSY:
    case VIGIL_SQL_LOCKED:
      code = VIGIL_STORE_ERROR_LOCKED;
      break;
    default:
      code = VIGIL_STORE_ERROR_FAILED;
    }
  g_set_error (error, VIGIL_STORE_ERROR, code, _("Could not open “%s”: %s"), location,
               vigil_sql_errmsg (db));
}

/* Schema 6 to 7, as SQLite's migration 7: a decision's event_id, unique per model, as
 * immutable as the rest of the decision. Writers wait, so no decision is appended half-way. */
static const char * const migration_7[] = {
  "LOCK TABLE decisions IN ACCESS EXCLUSIVE MODE",
  "ALTER TABLE decisions ADD COLUMN IF NOT EXISTS event_id text DEFAULT NULL",
  "CREATE UNIQUE INDEX IF NOT EXISTS decisions_event_id ON decisions (model_name, event_id) "
  "WHERE event_id IS NOT NULL",
  "CREATE INDEX IF NOT EXISTS decisions_outcomes ON decisions (model_name, timestamp, "
  "prediction, actual_outcome, outcome_date) WHERE actual_outcome IS NOT NULL",
  "DROP TRIGGER IF EXISTS decisions_event_id_immutable ON decisions",
  "CREATE TRIGGER decisions_event_id_immutable BEFORE UPDATE OF event_id ON decisions "
  "FOR EACH ROW EXECUTE FUNCTION vigil_refuse ('decisions are immutable: the ledger refuses "
  "this change')",
  "UPDATE meta SET value = '7' WHERE key = 'schema_version'",
  NULL
};

/* Schema 7 to 8: writers wait, so that no outcome is recorded half-way */
static const char * const migration_8[] = {
  "LOCK TABLE decisions IN ACCESS EXCLUSIVE MODE",
  "DROP TABLE IF EXISTS daily_outcomes",
  migration_8_sql,
  NULL
};

/* Schema 8 to 9: writers wait, so the roll-ups start from every decision committed; they are
 * filled once the tables exist */
static const char * const migration_9[] = {
  "LOCK TABLE decisions IN SHARE MODE",
  "DROP TABLE IF EXISTS daily_inputs, daily_features, daily_feature_bins, "
  "daily_feature_categories",
  migration_9_sql,
  NULL
};

/* Brings a database of schema @to - 1 to @to in one transaction by @statements, and with
 * @rebuild_inputs the inputs' roll-ups from its decisions. Only the database's owner may alter
 * its tables. */
static gboolean
migrate_to (VigilSql           *db,
            const char         *location,
            gboolean            read_only,
            int                 to,
            const char * const *statements,
            gboolean            rebuild_inputs,
            GError            **error)
{
  gboolean ok;

  if (read_only)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_OUTDATED,
                   _("“%s” needs its schema brought up to date (schema %d to %d), and this "
                     "connection cannot do it. “vigilctl --db URI init”, run by the database’s "
                     "owner, does it."), location, to - 1, to);
      return FALSE;
    }
  ok = vigil_sql_exec (db, "BEGIN") == VIGIL_SQL_OK &&
       vigil_sql_exec (db, "SET LOCAL search_path = main, pg_temp") == VIGIL_SQL_OK;
  for (guint i = 0; ok && statements[i] != NULL; i++)
    ok = vigil_sql_exec (db, statements[i]) == VIGIL_SQL_OK;
  ok = ok && (!rebuild_inputs || vigil_input_rollup_rebuild (db) == VIGIL_SQL_OK) &&
       vigil_sql_exec (db, "COMMIT") == VIGIL_SQL_OK;
  if (!ok)
    {
      g_set_error (error, VIGIL_STORE_ERROR,
                   vigil_sql_errcode (db) == VIGIL_SQL_PERM ? VIGIL_STORE_ERROR_READ_ONLY
                                                            : VIGIL_STORE_ERROR_FAILED,
                   _("Could not bring the Vigil database in “%s” up to date: %s. It needs the "
                     "database’s owner."), location, vigil_sql_errmsg (db));
      vigil_sql_exec (db, "ROLLBACK");
    }
  return ok;
}

/**
 * vigil_schema_postgres_read_version:
 * @out_version: (out): the schema version, 0 when the database holds no Vigil schema
 * @out_application: (out) (optional): the meta row "application", %NULL when missing
 *
 * Returns: a VigilSqlResult
 */
int
vigil_schema_postgres_read_version (VigilSql  *db,
                                    int       *out_version,
                                    char     **out_application)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  int rc;

  *out_version = 0;
  if (out_application != NULL)
    *out_application = NULL;
  rc = vigil_sql_prepare (db, "SELECT to_regclass('main.meta') IS NOT NULL", &stmt);
  if (rc != VIGIL_SQL_OK)
    return rc;
  rc = vigil_sql_step (stmt);
  if (rc != VIGIL_SQL_ROW)
    return rc;
  if (vigil_sql_column_int (stmt, 0) == 0)
    return VIGIL_SQL_OK;
  g_clear_pointer (&stmt, vigil_sql_finalize);

  rc = vigil_sql_prepare (db, "SELECT (SELECT value FROM main.meta WHERE key = 'schema_version'), "
                          "(SELECT value FROM main.meta WHERE key = 'application')", &stmt);
  if (rc != VIGIL_SQL_OK)
    return rc;
  rc = vigil_sql_step (stmt);
  if (rc != VIGIL_SQL_ROW)
    return rc;
  *out_version = vigil_sql_column_text (stmt, 0) != NULL
                   ? (int) g_ascii_strtoll (vigil_sql_column_text (stmt, 0), NULL, 10) : -1;
  if (out_application != NULL)
    *out_application = vigil_sql_column_dup (stmt, 1);
  return VIGIL_SQL_OK;
}

/**
 * vigil_schema_postgres_migrate:
 * @location: the database, as shown to people (no password)
 * @read_only: only check, never write
 *
 * Checks that @db holds a Vigil database of this version, or creates it in an empty database
 * when @read_only is %FALSE: its schema "main", its tables and triggers, and the group roles.
 */
gboolean
vigil_schema_postgres_migrate (VigilSql    *db,
                               const char  *location,
                               gboolean     read_only,
                               GError     **error)
{
  g_autofree char *application = NULL;
  g_autoptr(VigilSqlStmt) stmt = NULL;
  char created[VIGIL_TIMESTAMP_LEN];
  int version, rc;

  rc = vigil_schema_postgres_read_version (db, &version, &application);
  if (rc != VIGIL_SQL_OK)
    {
      set_error (error, db, location);
      return FALSE;
    }
  if (version != 0 && g_strcmp0 (application, "vigil") != 0)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_NOT_VIGIL,
                   _("“%s” holds a schema “main” that is not Vigil’s; Vigil has not changed "
                     "it."), location);
      return FALSE;
    }
  if (version > VIGIL_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_TOO_NEW,
                   _("“%s” was written by a newer Vigil (schema %d; this one knows %d). "
                     "Update Vigil to open it."), location, version,
                   VIGIL_STORE_SCHEMA_VERSION);
      return FALSE;
    }
  if (version == VIGIL_STORE_SCHEMA_VERSION)
    return TRUE;
  if (version == 6 && !migrate_to (db, location, read_only, 7, migration_7, FALSE, error))
    return FALSE;
  if ((version == 6 || version == 7) &&
      !migrate_to (db, location, read_only, 8, migration_8, FALSE, error))
    return FALSE;
  if (version >= 6 && version <= 8)
    return migrate_to (db, location, read_only, 9, migration_9, TRUE, error);
  if (version != 0)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_NOT_VIGIL,
                   _("“%s” holds Vigil schema %d, which no Vigil for PostgreSQL wrote; "
                     "Vigil has not changed it."), location, version);
      return FALSE;
    }
  if (read_only)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_READ_ONLY,
                   _("“%s” holds no Vigil database yet, and this connection cannot create "
                     "one. “vigilctl --db URI init”, run by the database’s owner, creates "
                     "it."), location);
      return FALSE;
    }

  if (vigil_sql_exec (db, "BEGIN") != VIGIL_SQL_OK ||
      vigil_sql_exec (db, "CREATE SCHEMA main") != VIGIL_SQL_OK ||
      vigil_sql_exec (db, "SET LOCAL search_path = main, pg_temp") != VIGIL_SQL_OK ||
      vigil_sql_exec (db, vigil_schema_postgres_sql ()) != VIGIL_SQL_OK ||
      vigil_sql_exec (db, migration_8_sql) != VIGIL_SQL_OK ||
      vigil_sql_exec (db, migration_9_sql) != VIGIL_SQL_OK)
    goto fail;

  vigil_timestamp_now (created);
  if (vigil_sql_prepare (db, "INSERT INTO main.meta (key, value) VALUES "
                         "('purpose', 'production'), ('created', ?1), ('app_version', ?2) "
                         "ON CONFLICT (key) DO NOTHING", &stmt) != VIGIL_SQL_OK)
    goto fail;
  vigil_sql_bind_text (stmt, 1, created, -1);
  vigil_sql_bind_text (stmt, 2, PACKAGE_VERSION, -1);
  if (vigil_sql_step (stmt) != VIGIL_SQL_DONE || vigil_sql_exec (db, "COMMIT") != VIGIL_SQL_OK)
    goto fail;
  return TRUE;

fail:
  g_set_error (error, VIGIL_STORE_ERROR,
               vigil_sql_errcode (db) == VIGIL_SQL_PERM ? VIGIL_STORE_ERROR_READ_ONLY
                                                        : VIGIL_STORE_ERROR_FAILED,
               _("Could not create the Vigil database in “%s”: %s. Creating it needs the "
                 "database’s owner, with the right to create roles."), location,
               vigil_sql_errmsg (db));
  vigil_sql_exec (db, "ROLLBACK");
  return FALSE;
}

/* The triggers on Vigil's tables, and on anything else in its schema */
#define TRIGGERS_SQL                                                                        \
  "SELECT t.tgname, c.relname, t.tgenabled <> 'D' FROM pg_catalog.pg_trigger t "            \
  "JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid "                                        \
  "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "                               \
  "WHERE n.nspname = 'main' AND NOT t.tgisinternal ORDER BY t.tgname"

/**
 * vigil_schema_postgres_find_foreign_trigger:
 *
 * As vigil_schema_sqlite_find_foreign_trigger(): a trigger Vigil did not create, or one of
 * its own that was disabled.
 */
int
vigil_schema_postgres_find_foreign_trigger (VigilSql  *db,
                                            char     **out_problem)
{
  g_autoptr(VigilSqlStmt) stmt = NULL;
  int rc;

  *out_problem = NULL;
  rc = vigil_sql_prepare (db, TRIGGERS_SQL, &stmt);
  if (rc != VIGIL_SQL_OK)
    return rc;
  while (*out_problem == NULL && (rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      const char *name = vigil_sql_column_text (stmt, 0);
      const char *table = vigil_sql_column_text (stmt, 1);

      if (!g_hash_table_contains (vigil_triggers (), name))
        *out_problem = g_strdup_printf (_("trigger %s on table %s is not one of Vigil’s"),
                                        name, table);
      else if (!vigil_sql_column_int (stmt, 2))
        *out_problem = g_strdup_printf (_("trigger %s on table %s is disabled"), name, table);
    }
  return rc == VIGIL_SQL_ROW || rc == VIGIL_SQL_DONE ? VIGIL_SQL_OK : rc;
}

/**
 * vigil_schema_postgres_check_ledger:
 *
 * As vigil_schema_sqlite_check_ledger(): the ledger's tables are tables of the schema "main",
 * their guarding triggers are there and enabled, and no other trigger, table or view is; a
 * temporary table or view of a ledger table's name is named too.
 */
gboolean
vigil_schema_postgres_check_ledger (VigilSql           *db,
                                    gboolean            main,
                                    VigilLedgerReport  *report,
                                    GError            **error)
{
  static const char * const tables[] = { "decisions", "alerts", "events", "reports" };
  gboolean found[G_N_ELEMENTS (ledger_triggers)] = { FALSE };
  g_autoptr(VigilSqlStmt) stmt = NULL;
  int rc;

  if (main)
    {
      if (vigil_sql_prepare (db, "SELECT c.relkind FROM pg_catalog.pg_class c "
                             "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                             "WHERE n.nspname = 'main' AND c.relname = ?", &stmt) != VIGIL_SQL_OK)
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
          else if (g_strcmp0 (vigil_sql_column_text (stmt, 0), "r") != 0)
            problem = g_strdup_printf (_("%s is not Vigil’s table"), tables[t]);
          if (problem != NULL)
            vigil_ledger_report_add_schema_problem (report, tables[t], problem);
        }
      g_clear_pointer (&stmt, vigil_sql_finalize);

      if (vigil_sql_prepare (db, TRIGGERS_SQL, &stmt) != VIGIL_SQL_OK)
        goto failed;
      while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
        {
          const char *name = vigil_sql_column_text (stmt, 0);
          const char *table = vigil_sql_column_text (stmt, 1);
          g_autofree char *problem = NULL;

          for (guint i = 0; i < G_N_ELEMENTS (ledger_triggers); i++)
            if (g_strcmp0 (name, ledger_triggers[i].name) == 0)
              found[i] = TRUE;
          if (!g_hash_table_contains (vigil_triggers (), name))
            problem = g_strdup_printf (_("trigger %s on table %s is not one of Vigil’s"),
                                       name, table);
          else if (!vigil_sql_column_int (stmt, 2))
            problem = g_strdup_printf (_("trigger %s on table %s is disabled"), name, table);
          if (problem != NULL)
            vigil_ledger_report_add_schema_problem (report, table, problem);
        }
      if (rc != VIGIL_SQL_DONE)
        goto failed;
      g_clear_pointer (&stmt, vigil_sql_finalize);

      if (vigil_sql_prepare (db, "SELECT c.relname, c.relkind FROM pg_catalog.pg_class c "
                             "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                             "WHERE n.nspname = 'main' AND c.relkind IN ('r', 'v', 'm', 'p', 'f') "
                             "ORDER BY c.relname", &stmt) != VIGIL_SQL_OK)
        goto failed;
      while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
        {
          const char *name = vigil_sql_column_text (stmt, 0);

          if (!g_hash_table_contains (vigil_tables (), name))
            {
              g_autofree char *problem = g_strdup_printf (_("table %s is not one of Vigil’s"),
                                                          name);

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

  if (vigil_sql_prepare (db, "SELECT c.relname FROM pg_catalog.pg_class c "
                         "WHERE c.relnamespace = pg_catalog.pg_my_temp_schema() "
                         "AND c.relname IN ('decisions', 'alerts', 'events', 'reports')",
                         &stmt) != VIGIL_SQL_OK)
    goto failed;
  while ((rc = vigil_sql_step (stmt)) == VIGIL_SQL_ROW)
    {
      const char *name = vigil_sql_column_text (stmt, 0);
      g_autofree char *problem = g_strdup_printf (_("a temporary table named %s shadows "
                                                    "Vigil’s table"), name);

      vigil_ledger_report_add_schema_problem (report, name, problem);
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
