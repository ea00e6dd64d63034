-- vigil-schema-postgres.sql: the schema of a Vigil database on a PostgreSQL server
--
-- The same tables and columns, in the same order and with the same meaning, as an SQLite
-- database after all the migrations of vigil-schema-sqlite.c: schema version 7. Types map
-- INTEGER to bigint, REAL to double precision and TEXT to text; an INTEGER PRIMARY KEY is a
-- bigint identity that takes the explicit ids Vigil inserts. What SQLite has no room for is
-- added here: the desks (desks, desk_members, and models.desk, the last column of models so
-- that the columns SQLite has keep their order), the four group roles with their
-- privileges, row-level security by desk, the check of who an event says acted, and the
-- notifications of new rows.
--
-- Run once on an empty database, by a superuser or a role with CREATEROLE, in one
-- transaction (psql --single-transaction, or the server's loader), with search_path set to
-- the schema main: everything is created there (vigil-schema-postgres.c creates the schema).
-- The roles are cluster-wide and created only when missing, so a second Vigil database on the
-- same cluster loads this script too.
--
-- SPDX-License-Identifier: GPL-3.0-or-later

SET client_min_messages = warning;

-- ------------------------------------------------------------------------------------------
-- Functions SQLite has, so that the SQL of the C code runs unchanged on both engines.
-- ------------------------------------------------------------------------------------------

-- ifnull(x, y): coalesce. anycompatible rather than anyelement, so that ifnull(bigint, 0)
-- and ifnull(double precision, 0) resolve as they do in SQLite.
CREATE FUNCTION ifnull (anycompatible, anycompatible) RETURNS anycompatible
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT coalesce ($1, $2) $$;

-- json_valid(text): true when the text parses as JSON (SQLite returns 1 or 0: compare with
-- a boolean, or use it as a condition).
CREATE FUNCTION json_valid (doc text) RETURNS boolean
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$
BEGIN
  PERFORM doc::json;
  RETURN true;
EXCEPTION WHEN data_exception THEN
  RETURN false;
END
$$;

-- A JSON path of SQLite's ('$', '$.key', '$.a.b', '$."odd key"', '$.list[2]') as the
-- text[] path of PostgreSQL's #> and #>> operators.
CREATE FUNCTION vigil_json_path (path text) RETURNS text[]
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$
DECLARE
  steps text[];
BEGIN
  IF left (path, 1) <> '$' OR
     substr (path, 2) !~ '^(\.("[^"]*"|[^."\[]+)|\[[0-9]+\])*$' THEN
    RAISE EXCEPTION 'bad JSON path: %', path USING ERRCODE = 'invalid_parameter_value';
  END IF;
  SELECT coalesce (array_agg (coalesce (m[1], m[2], m[3]) ORDER BY i), '{}')
    INTO steps
    FROM regexp_matches (substr (path, 2), '\.(?:"([^"]*)"|([^."\[]+))|\[([0-9]+)\]', 'g')
         WITH ORDINALITY AS r (m, i);
  RETURN steps;
END
$$;

-- json_extract(doc, path): the value at path as text; NULL when it is JSON null or missing.
-- Objects and arrays come back as JSON text. SQLite returns a typed value: SQL that
-- compares the result with a number must CAST it.
CREATE FUNCTION json_extract (doc text, path text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$
    SELECT CASE json_typeof (doc::json #> vigil_json_path (path))
             WHEN 'null' THEN NULL
             ELSE doc::json #>> vigil_json_path (path)
           END
  $$;

-- json_each(doc, path): the elements of the array (or the members of the object) at path,
-- as SQLite's table-valued function gives them: key, and value as JSON text. Nothing for a
-- document that does not parse, a missing path or a scalar.
CREATE FUNCTION json_each (doc text, path text) RETURNS TABLE (key text, value text)
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$
DECLARE
  v json;
BEGIN
  BEGIN
    v := doc::json #> vigil_json_path (path);
  EXCEPTION WHEN invalid_text_representation THEN
    RETURN;
  END;
  IF json_typeof (v) = 'array' THEN
    RETURN QUERY SELECT (e.i - 1)::text, e.element::text
                   FROM json_array_elements (v) WITH ORDINALITY AS e (element, i);
  ELSIF json_typeof (v) = 'object' THEN
    RETURN QUERY SELECT o.key, o.value::text FROM json_each (v) AS o;
  END IF;
END
$$;

-- json_type(doc, path) and json_type(doc): SQLite's names of a JSON value's type, 'null',
-- 'true', 'false', 'integer', 'real', 'text', 'array' or 'object'; NULL when path is missing.
CREATE FUNCTION json_type (doc text, path text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$
    SELECT CASE json_typeof (v)
             WHEN 'object' THEN 'object'
             WHEN 'array' THEN 'array'
             WHEN 'string' THEN 'text'
             WHEN 'null' THEN 'null'
             WHEN 'boolean' THEN v::text
             WHEN 'number' THEN CASE WHEN v::text ~ '^-?[0-9]+$' THEN 'integer' ELSE 'real' END
           END
      FROM (SELECT doc::json #> vigil_json_path (path) AS v) AS value
  $$;

CREATE FUNCTION json_type (doc text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT json_type (doc, '$') $$;

-- total(x): the sum of the non-NULL values as a double, 0.0 when there are none.
CREATE AGGREGATE total (double precision) (
  SFUNC = float8pl,
  STYPE = double precision,
  INITCOND = '0',
  COMBINEFUNC = float8pl,
  PARALLEL = SAFE
);

-- group_concat(x [, separator]): the non-NULL values joined, NULL when there are none.
CREATE FUNCTION vigil_group_concat_step (joined text, value text, separator text)
  RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT CASE WHEN value IS NULL THEN joined
                WHEN joined IS NULL THEN value
                ELSE joined || coalesce (separator, '') || value
           END
  $$;

CREATE FUNCTION vigil_group_concat_step (joined text, value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT vigil_group_concat_step (joined, value, ',') $$;

CREATE AGGREGATE group_concat (text) (
  SFUNC = vigil_group_concat_step,
  STYPE = text,
  COMBINEFUNC = vigil_group_concat_step,
  PARALLEL = SAFE
);

CREATE AGGREGATE group_concat (text, text) (
  SFUNC = vigil_group_concat_step,
  STYPE = text,
  PARALLEL = SAFE
);

-- ------------------------------------------------------------------------------------------
-- Tables: those of SQLite migrations 1 to 7, then the desks.
-- ------------------------------------------------------------------------------------------

CREATE TABLE decisions (
  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  timestamp text NOT NULL,
  model_name text NOT NULL,
  model_version text NOT NULL,
  decision_type text NOT NULL,
  input_features text,
  input_hash text,
  prediction text NOT NULL,
  confidence double precision,
  explanation text,
  ticker text,
  sector text,
  portfolio_id text,
  user_id text,
  actual_outcome text DEFAULT NULL,
  outcome_date text DEFAULT NULL,
  reviewed_by text DEFAULT NULL,
  review_date text DEFAULT NULL,
  review_status text DEFAULT 'pending',
  review_notes text DEFAULT NULL,
  anomaly_flag bigint DEFAULT 0,
  anomaly_reason text DEFAULT NULL,
  record_hash text NOT NULL,
  event_id text DEFAULT NULL
);
CREATE INDEX decisions_model_cover ON decisions (model_name, timestamp, prediction,
  confidence, ticker, anomaly_flag);
CREATE INDEX decisions_time ON decisions (timestamp);
CREATE UNIQUE INDEX decisions_event_id ON decisions (model_name, event_id)
  WHERE event_id IS NOT NULL;
CREATE INDEX decisions_outcomes ON decisions (model_name, timestamp, prediction,
  actual_outcome, outcome_date) WHERE actual_outcome IS NOT NULL;
CREATE INDEX decisions_flagged ON decisions (model_name, timestamp) WHERE anomaly_flag = 1;
CREATE INDEX decisions_reviewed ON decisions (model_name, timestamp)
  WHERE review_status IS NOT NULL AND review_status != 'pending';

CREATE TABLE alerts (
  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  timestamp text NOT NULL,
  alert_type text NOT NULL,
  severity text NOT NULL CHECK (severity IN ('LOW', 'MEDIUM', 'HIGH')),
  description text NOT NULL,
  model_name text,
  acknowledged bigint DEFAULT 0,
  acknowledged_by text DEFAULT NULL,
  subject text,
  window_start text,
  window_end text,
  baseline_start text,
  observed double precision,
  baseline double precision,
  threshold double precision,
  n_recent bigint,
  n_baseline bigint,
  p_value double precision,
  acknowledged_at text DEFAULT NULL,
  ack_note text DEFAULT NULL,
  record_hash text NOT NULL,
  raised_at text DEFAULT NULL
);
CREATE UNIQUE INDEX alerts_unique ON alerts (ifnull (model_name, ''), alert_type,
  ifnull (subject, ''), ifnull (window_start, ''), ifnull (window_end, ''));
CREATE INDEX alerts_model_time ON alerts (model_name, timestamp);
CREATE INDEX alerts_time ON alerts (timestamp);
CREATE INDEX alerts_window ON alerts (window_end);
CREATE INDEX alerts_model_window ON alerts (model_name, window_end);

CREATE TABLE events (
  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  timestamp text NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  target text,
  details text,
  record_hash text NOT NULL
);
CREATE INDEX events_target ON events (target);
CREATE INDEX events_action ON events (action, id);

CREATE TABLE reports (
  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  generated_at text NOT NULL,
  period_start text NOT NULL,
  period_end text NOT NULL,
  models text NOT NULL,
  generated_by text NOT NULL,
  signed_by text,
  pdf_sha256 text,
  ledger_head text NOT NULL,
  ledger_records bigint NOT NULL
);

CREATE TABLE meta (key text PRIMARY KEY, value text);

-- Desks: a model on a desk is seen by the desk's members (and the auditors); a model on no
-- desk by everyone. A member is a login role's name.
CREATE TABLE desks (name text PRIMARY KEY);

CREATE TABLE desk_members (
  desk text NOT NULL REFERENCES desks (name) ON UPDATE CASCADE,
  member name NOT NULL,
  PRIMARY KEY (desk, member)
);
CREATE INDEX desk_members_member ON desk_members (member, desk);

-- A cache of the model list, kept in step with decisions by the store; desk (not in SQLite)
-- comes last.
CREATE TABLE models (
  name text PRIMARY KEY,
  decisions bigint NOT NULL,
  first_timestamp text NOT NULL,
  last_timestamp text NOT NULL,
  desk text REFERENCES desks (name) ON UPDATE CASCADE
);
CREATE INDEX models_desk ON models (desk);

CREATE TABLE check_results (
  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  run_at text NOT NULL,
  as_of text NOT NULL,
  model_name text NOT NULL,
  check_type text NOT NULL,
  subject text,
  outcome text NOT NULL CHECK (outcome IN ('alerted', 'clear', 'insufficient_data',
    'not_applicable')),
  window_start text NOT NULL,
  window_end text NOT NULL,
  baseline_start text NOT NULL,
  observed double precision,
  baseline double precision,
  threshold double precision,
  n_recent bigint,
  n_baseline bigint,
  p_value double precision,
  alert_id bigint REFERENCES alerts (id),
  message text
);
CREATE INDEX check_results_model_asof ON check_results (model_name, as_of);

CREATE TABLE daily_predictions (
  model_name text NOT NULL,
  day text NOT NULL,
  prediction text NOT NULL,
  n bigint NOT NULL,
  n_confidence bigint NOT NULL,
  sum_confidence double precision NOT NULL,
  PRIMARY KEY (model_name, day, prediction)
);

CREATE TABLE daily_confidence (
  model_name text NOT NULL,
  day text NOT NULL,
  bin bigint NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (model_name, day, bin)
);

CREATE TABLE daily_entities (
  model_name text NOT NULL,
  day text NOT NULL,
  entity text NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (model_name, day, entity)
);

CREATE TABLE followed_sources (
  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  device bigint NOT NULL,
  inode bigint NOT NULL,
  head_hash text NOT NULL,
  path text NOT NULL,
  "offset" bigint NOT NULL CHECK ("offset" >= 0),
  lines bigint NOT NULL CHECK (lines >= 0),
  updated text NOT NULL,
  UNIQUE (device, inode, head_hash)
);
CREATE INDEX followed_sources_path ON followed_sources (path);

-- PRAGMA application_id and user_version, as rows: schema_version counts SQLite's
-- migrations (7). vigil-schema-postgres.c brings a database of schema 6 to 7 as SQLite's
-- migration 7 does.
INSERT INTO meta (key, value) VALUES ('application', 'vigil'), ('schema_version', '7');

-- ------------------------------------------------------------------------------------------
-- Immutability: the server refuses what SQLite's triggers refuse, with the same messages,
-- and TRUNCATE too. (A superuser can still drop a trigger: the hash chains show the rest.)
-- ------------------------------------------------------------------------------------------

CREATE FUNCTION vigil_refuse () RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation';
END
$$;

CREATE TRIGGER decisions_immutable BEFORE UPDATE OF id, timestamp, model_name, model_version,
  decision_type, input_features, input_hash, prediction, confidence, explanation, ticker,
  sector, portfolio_id, user_id, record_hash ON decisions
  FOR EACH ROW EXECUTE FUNCTION vigil_refuse ('decisions are immutable: the ledger refuses this change');
CREATE TRIGGER decisions_event_id_immutable BEFORE UPDATE OF event_id ON decisions
  FOR EACH ROW EXECUTE FUNCTION vigil_refuse ('decisions are immutable: the ledger refuses this change');
CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions
  FOR EACH ROW EXECUTE FUNCTION vigil_refuse ('decisions cannot be deleted: the ledger refuses this');
CREATE TRIGGER decisions_no_truncate BEFORE TRUNCATE ON decisions
  FOR EACH STATEMENT EXECUTE FUNCTION vigil_refuse ('decisions cannot be truncated: the ledger refuses this');

CREATE TRIGGER alerts_immutable BEFORE UPDATE OF id, timestamp, alert_type, severity,
  description, model_name, subject, window_start, window_end, baseline_start, observed,
  baseline, threshold, n_recent, n_baseline, p_value, record_hash ON alerts
  FOR EACH ROW EXECUTE FUNCTION vigil_refuse ('alerts are immutable: the ledger refuses this change');
CREATE TRIGGER alerts_no_delete BEFORE DELETE ON alerts
  FOR EACH ROW EXECUTE FUNCTION vigil_refuse ('alerts cannot be deleted: the ledger refuses this');
CREATE TRIGGER alerts_no_truncate BEFORE TRUNCATE ON alerts
  FOR EACH STATEMENT EXECUTE FUNCTION vigil_refuse ('alerts cannot be truncated: the ledger refuses this');

CREATE TRIGGER events_immutable BEFORE UPDATE ON events
  FOR EACH ROW EXECUTE FUNCTION vigil_refuse ('events are immutable: the ledger refuses this change');
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION vigil_refuse ('events cannot be deleted: the ledger refuses this');
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION vigil_refuse ('events cannot be truncated: the ledger refuses this');

CREATE TRIGGER reports_immutable BEFORE UPDATE ON reports
  FOR EACH ROW EXECUTE FUNCTION vigil_refuse ('reports are immutable');
CREATE TRIGGER reports_no_delete BEFORE DELETE ON reports
  FOR EACH ROW EXECUTE FUNCTION vigil_refuse ('reports cannot be deleted');
CREATE TRIGGER reports_no_truncate BEFORE TRUNCATE ON reports
  FOR EACH STATEMENT EXECUTE FUNCTION vigil_refuse ('reports cannot be truncated');

-- ------------------------------------------------------------------------------------------
-- Who acted: the client hashes what it inserts, so the server checks rather than rewrites.
-- A human action (the events Vigil records for a person: acknowledge, review, outcome,
-- policy, set_purpose, set_desk for a model's desk, desk_add_member and desk_remove_member
-- for who sits at a desk) must name the login that records it; so must acknowledged_by and
-- reviewed_by. Superusers (migrations, imports of a file's history) are exempt.
-- ------------------------------------------------------------------------------------------

CREATE FUNCTION vigil_session_is_superuser () RETURNS boolean
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = session_user $$;

CREATE FUNCTION vigil_check_event_actor () RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF NEW.action IN ('acknowledge', 'review', 'outcome', 'policy', 'set_purpose', 'set_desk',
                    'desk_add_member', 'desk_remove_member')
     AND NEW.actor IS DISTINCT FROM session_user::text
     AND NOT coalesce (vigil_session_is_superuser (), false) THEN
    RAISE EXCEPTION 'event % names % as its actor, but the login recording it is %',
      NEW.action, NEW.actor, session_user
      USING ERRCODE = '42501',
            HINT = 'A person''s action is recorded under their own login.';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER events_actor BEFORE INSERT ON events
  FOR EACH ROW EXECUTE FUNCTION vigil_check_event_actor ();

CREATE FUNCTION vigil_check_signer () RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  who text := CASE TG_TABLE_NAME WHEN 'alerts' THEN to_jsonb (NEW) ->> 'acknowledged_by'
                                 ELSE to_jsonb (NEW) ->> 'reviewed_by' END;
  was text := CASE TG_TABLE_NAME WHEN 'alerts' THEN to_jsonb (OLD) ->> 'acknowledged_by'
                                 ELSE to_jsonb (OLD) ->> 'reviewed_by' END;
BEGIN
  IF who IS NOT NULL AND who IS DISTINCT FROM was
     AND who IS DISTINCT FROM session_user::text
     AND NOT coalesce (vigil_session_is_superuser (), false) THEN
    RAISE EXCEPTION '% of % % is set to %, but the login making the change is %',
      CASE TG_TABLE_NAME WHEN 'alerts' THEN 'acknowledged_by' ELSE 'reviewed_by' END,
      TG_TABLE_NAME, NEW.id, who, session_user
      USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER alerts_acknowledged_by BEFORE UPDATE OF acknowledged_by ON alerts
  FOR EACH ROW EXECUTE FUNCTION vigil_check_signer ();
CREATE TRIGGER decisions_reviewed_by BEFORE UPDATE OF reviewed_by ON decisions
  FOR EACH ROW EXECUTE FUNCTION vigil_check_signer ();

-- ------------------------------------------------------------------------------------------
-- Notifications on channel vigil: one per statement, {"table", "last_id"} (and "actions"
-- for events), so a batch of inserts wakes a listener once.
-- ------------------------------------------------------------------------------------------

CREATE FUNCTION vigil_notify_rows () RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  payload json;
BEGIN
  IF TG_TABLE_NAME = 'events' THEN
    SELECT json_build_object ('table', TG_TABLE_NAME, 'op', lower (TG_OP),
                              'last_id', max (id),
                              'actions', json_agg (DISTINCT action))
      INTO payload FROM new_rows;
  ELSE
    SELECT json_build_object ('table', TG_TABLE_NAME, 'op', lower (TG_OP),
                              'last_id', max (id))
      INTO payload FROM new_rows;
  END IF;
  IF EXISTS (SELECT 1 FROM new_rows) THEN
    PERFORM pg_notify ('vigil', payload::text);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER decisions_notify_insert AFTER INSERT ON decisions
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION vigil_notify_rows ();
CREATE TRIGGER alerts_notify_insert AFTER INSERT ON alerts
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION vigil_notify_rows ();
CREATE TRIGGER events_notify_insert AFTER INSERT ON events
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION vigil_notify_rows ();
CREATE TRIGGER decisions_notify_update AFTER UPDATE ON decisions
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION vigil_notify_rows ();
CREATE TRIGGER alerts_notify_update AFTER UPDATE ON alerts
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION vigil_notify_rows ();

-- ------------------------------------------------------------------------------------------
-- Roles. Group roles only (NOLOGIN); a login is granted one of them, and a desk lists it by
-- name. Created when missing: roles belong to the cluster, not to this database.
-- ------------------------------------------------------------------------------------------

DO $$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['vigil_auditor', 'vigil_reviewer', 'vigil_ingest', 'vigil_admin']
  LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r) THEN
      EXECUTE format ('CREATE ROLE %I NOLOGIN', r);
    END IF;
  END LOOP;
END
$$;

-- Granting a role membership it already has only warns; done once per cluster anyway.
DO $$
BEGIN
  IF NOT pg_has_role ('vigil_admin', 'vigil_auditor', 'MEMBER') THEN
    GRANT vigil_auditor TO vigil_admin;
  END IF;
  IF NOT pg_has_role ('vigil_admin', 'vigil_reviewer', 'MEMBER') THEN
    GRANT vigil_reviewer TO vigil_admin;
  END IF;
  IF NOT pg_has_role ('vigil_admin', 'vigil_ingest', 'MEMBER') THEN
    GRANT vigil_ingest TO vigil_admin;
  END IF;
END
$$;

REVOKE ALL ON ALL TABLES IN SCHEMA main FROM PUBLIC;
GRANT USAGE ON SCHEMA main TO vigil_auditor, vigil_reviewer, vigil_ingest, vigil_admin;

-- Auditors read everything, and record what verifying and reporting do (checkpoint and
-- report events, report rows).
GRANT SELECT ON ALL TABLES IN SCHEMA main TO vigil_auditor;
GRANT INSERT ON events, reports TO vigil_auditor;
GRANT USAGE ON SEQUENCE events_id_seq, reports_id_seq TO vigil_auditor;

-- Reviewers: what auditors may (not by membership: that would show them every desk), and
-- the review and acknowledgement columns, none of them hashed.
GRANT SELECT ON ALL TABLES IN SCHEMA main TO vigil_reviewer;
GRANT INSERT ON events, reports TO vigil_reviewer;
GRANT USAGE ON SEQUENCE events_id_seq, reports_id_seq TO vigil_reviewer;
GRANT UPDATE (acknowledged, acknowledged_by, acknowledged_at, ack_note) ON alerts
  TO vigil_reviewer;
GRANT UPDATE (actual_outcome, outcome_date, reviewed_by, review_date, review_status,
  review_notes, anomaly_flag, anomaly_reason) ON decisions TO vigil_reviewer;

-- Ingest: appends decisions, alerts, events and check results, and keeps the caches (the
-- roll-ups, models, followed files, meta). The detector flags decisions it alerts on.
GRANT SELECT ON ALL TABLES IN SCHEMA main TO vigil_ingest;
GRANT INSERT ON decisions, alerts, events, check_results, daily_predictions,
  daily_confidence, daily_entities, followed_sources, meta TO vigil_ingest;
GRANT INSERT (name, decisions, first_timestamp, last_timestamp) ON models TO vigil_ingest;
GRANT UPDATE (n, n_confidence, sum_confidence) ON daily_predictions TO vigil_ingest;
GRANT UPDATE (n) ON daily_confidence, daily_entities TO vigil_ingest;
GRANT UPDATE (decisions, first_timestamp, last_timestamp) ON models TO vigil_ingest;
GRANT UPDATE (path, "offset", lines, updated) ON followed_sources TO vigil_ingest;
GRANT UPDATE (value) ON meta TO vigil_ingest;
GRANT UPDATE (anomaly_flag, anomaly_reason) ON decisions TO vigil_ingest;
GRANT USAGE ON SEQUENCE decisions_id_seq, alerts_id_seq, events_id_seq, check_results_id_seq,
  followed_sources_id_seq TO vigil_ingest;

-- Admins: all of the above, and the settings, the model list and the desks.
GRANT INSERT, UPDATE ON meta, models TO vigil_admin;
GRANT INSERT, UPDATE, DELETE ON desks, desk_members TO vigil_admin;

-- ------------------------------------------------------------------------------------------
-- Row-level security by desk. The owner of the tables and superusers see everything, as do
-- auditors and admins; anyone else sees the rows of models on no desk or on a desk that
-- lists them.
-- ------------------------------------------------------------------------------------------

-- SECURITY DEFINER reads models and desk_members whatever the caller may; STABLE and a
-- fixed search_path let the planner evaluate it per row cheaply, and its answer per model
-- does not change within a statement.
CREATE FUNCTION vigil_may_see (model text) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE
  SET search_path = main, pg_temp
  AS $$
    SELECT pg_catalog.pg_has_role (session_user, 'vigil_auditor', 'MEMBER')
        OR NOT EXISTS (SELECT 1 FROM main.models m
                         WHERE m.name = model AND m.desk IS NOT NULL)
        OR EXISTS (SELECT 1 FROM main.models m
                     JOIN main.desk_members dm ON dm.desk = m.desk
                     WHERE m.name = model AND dm.member = session_user)
  $$;
REVOKE ALL ON FUNCTION vigil_may_see (text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vigil_may_see (text)
  TO vigil_auditor, vigil_reviewer, vigil_ingest, vigil_admin;

-- The last row of a chain whatever the caller may see: the writer hashes the next row over
-- it, and a login limited to some desks would otherwise read the wrong head.
CREATE FUNCTION vigil_chain_head (chain text, OUT id bigint, OUT record_hash text)
  LANGUAGE plpgsql STABLE SECURITY DEFINER
  SET search_path = main, pg_temp
  AS $$
BEGIN
  IF chain NOT IN ('decisions', 'alerts', 'events') THEN
    RAISE EXCEPTION 'no chain named %', chain USING ERRCODE = 'invalid_parameter_value';
  END IF;
  EXECUTE format ('SELECT id, record_hash FROM main.%I ORDER BY id DESC LIMIT 1', chain)
    INTO id, record_hash;
END
$$;
REVOKE ALL ON FUNCTION vigil_chain_head (text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vigil_chain_head (text) TO vigil_ingest, vigil_admin;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['decisions', 'alerts', 'check_results', 'daily_predictions',
                           'daily_confidence', 'daily_entities']
  LOOP
    EXECUTE format ('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format ('CREATE POLICY %I ON %I FOR SELECT USING (vigil_may_see (model_name))',
                    t || '_select', t);
    EXECUTE format ('CREATE POLICY %I ON %I FOR UPDATE USING (vigil_may_see (model_name))',
                    t || '_update', t);
    EXECUTE format ('CREATE POLICY %I ON %I FOR INSERT WITH CHECK (true)', t || '_insert', t);
  END LOOP;
  -- The roll-ups are upserted (INSERT ... ON CONFLICT DO UPDATE), which must see and update
  -- the existing row: ingest, which may insert for any model, keeps every model's counts.
  FOREACH t IN ARRAY ARRAY['daily_predictions', 'daily_confidence', 'daily_entities']
  LOOP
    EXECUTE format ('CREATE POLICY %I ON %I FOR SELECT TO vigil_ingest USING (true)',
                    t || '_ingest_select', t);
    EXECUTE format ('CREATE POLICY %I ON %I FOR UPDATE TO vigil_ingest USING (true)',
                    t || '_ingest_update', t);
  END LOOP;
END
$$;
