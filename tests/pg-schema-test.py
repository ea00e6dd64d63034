#!/usr/bin/env python3
# pg-schema-test: the PostgreSQL schema (src/service/storage/vigil-schema-postgres.sql) on a real
# server: it loads into two databases of one cluster, has SQLite's tables and columns, and
# the server enforces what it promises (immutability, privileges, desks, who acted, and the
# notifications).
#
# Needs VIGIL_TEST_POSTGRES, a superuser's URI (tests/pg-cluster run sets it), and VIGILCTL.
# Without them it fails: a test that is skipped proves nothing.
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import urllib.parse

failures = 0
count = 0


def check(ok, what, detail=""):
    global failures, count
    count += 1
    print(f"{'ok' if ok else 'not ok'} {count} - {what}")
    if not ok:
        failures += 1
        for line in str(detail).splitlines():
            print(f"# {line}")


def with_uri(base, dbname=None, user=None):
    parts = urllib.parse.urlsplit(base)
    query = urllib.parse.parse_qs(parts.query, keep_blank_values=True)
    if user is not None:
        query["user"] = [user]
    path = parts.path if dbname is None else "/" + dbname
    # urlunsplit() drops the empty host of postgresql:///db
    return (f"{parts.scheme}://{parts.netloc}{path}?"
            + urllib.parse.urlencode(query, doseq=True, safe="/"))


def psql(uri, sql, *extra):
    """Runs sql; returns (ok, stdout, stderr). Errors carry their SQLSTATE."""
    proc = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                           "-v", "VERBOSITY=verbose", "-d", uri, *extra],
                          input="\\set VERBOSITY verbose\nSET search_path = main, pg_temp;\n" + sql,
                          capture_output=True, text=True)
    return proc.returncode == 0, proc.stdout.strip(), proc.stderr.strip()


def must(uri, sql):
    ok, out, err = psql(uri, sql)
    if not ok:
        raise SystemExit(f"Bail out! {sql!r} failed: {err}")
    return out


def refused(uri, sql, expect, what):
    ok, out, err = psql(uri, sql)
    check(not ok and expect in err, what, f"expected an error with {expect!r}; got ok={ok} "
          f"out={out!r} err={err!r}")


def main():
    base = os.environ.get("VIGIL_TEST_POSTGRES", "")
    vigilctl = os.environ.get("VIGILCTL", "")
    print("TAP version 13")
    if not base:
        print("Bail out! VIGIL_TEST_POSTGRES is not set: run the tests inside "
              "tests/pg-cluster run DIR -- meson test …")
        return 1
    if not vigilctl:
        print("Bail out! VIGILCTL is not set")
        return 1

    su = with_uri(base)
    names = [f"vigil_test_{os.getpid()}_{s}" for s in ("a", "b")]
    for name in names:
        must(su, f'DROP DATABASE IF EXISTS "{name}"; CREATE DATABASE "{name}";')
    try:
        for name in names:
            done = subprocess.run([vigilctl, "--db", with_uri(base, name), "init"],
                                  capture_output=True, text=True)
            check(done.returncode == 0, f"vigilctl init loads the schema into {name}",
                  done.stderr)
        run(base, names, vigilctl)
    finally:
        for name in names:
            psql(su, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE);')
    print(f"1..{count}")
    return 1 if failures else 0


def run(base, names, vigilctl):
    a, b = names
    su = with_uri(base, a)
    meta = must(with_uri(base, b), "SELECT key || '=' || value FROM meta ORDER BY key;")
    check({"application=vigil", "schema_version=9"} <= set(meta.split()), "meta rows", meta)

    # Tables and columns, as SQLite has them after every migration.
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "vigil.db")
        subprocess.run([vigilctl, "--db", path, "init"], check=True, capture_output=True)
        lite = sqlite3.connect(path)
        version = lite.execute("PRAGMA user_version").fetchone()[0]
        tables = [r[0] for r in lite.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")]
        sqlite_columns = {t: [r[1] for r in lite.execute(f'PRAGMA table_info("{t}")')]
                          for t in tables}
        lite.close()
    check(version == 9, "the SQLite schema is version 9, as meta says", version)
    rows = must(with_uri(base, b),
                "SELECT table_name || ' ' || column_name FROM information_schema.columns "
                "WHERE table_schema = 'main' AND table_name NOT IN ('desks', 'desk_members') "
                "AND NOT (table_name = 'models' AND column_name = 'desk') "
                "ORDER BY table_name, ordinal_position;")
    pg_columns = {}
    for line in rows.splitlines():
        table, column = line.split(" ", 1)
        pg_columns.setdefault(table, []).append(column)
    check(sorted(pg_columns) == tables, "the same tables as SQLite", f"{sorted(pg_columns)} "
          f"!= {tables}")
    for t in tables:
        check(pg_columns.get(t) == sqlite_columns[t], f"the columns of {t}, in SQLite's order",
              f"{pg_columns.get(t)} != {sqlite_columns[t]}")
    last = must(with_uri(base, b), "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = 'models' ORDER BY ordinal_position DESC LIMIT 1;")
    check(last == "desk", "models.desk is the last column", last)

    # Logins and data: desks A and B, a model on each and one on none.
    must(su, """
DO $$
DECLARE r text[];
BEGIN
  FOREACH r SLICE 1 IN ARRAY ARRAY[['adm', 'vigil_admin'], ['ra', 'vigil_reviewer'],
                                   ['rb', 'vigil_reviewer'], ['aud', 'vigil_auditor'],
                                   ['ing', 'vigil_ingest']]
  LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r[1]) THEN
      EXECUTE format ('CREATE ROLE %I LOGIN', r[1]);
    END IF;
    EXECUTE format ('GRANT %I TO %I', r[2], r[1]);
  END LOOP;
END $$;
INSERT INTO desks VALUES ('A'), ('B');
INSERT INTO desk_members VALUES ('A', 'ra'), ('B', 'rb');
INSERT INTO models VALUES ('mA', 1, 't', 't', 'A'), ('mB', 1, 't', 't', 'B'),
                          ('mN', 1, 't', 't', NULL);
INSERT INTO decisions (id, timestamp, model_name, model_version, decision_type, prediction,
                       record_hash)
  VALUES (1, '2024-01-01T00:00:00Z', 'mA', '1', 'c', 'yes', 'h1'),
         (2, '2024-01-01T00:00:01Z', 'mB', '1', 'c', 'yes', 'h2'),
         (3, '2024-01-01T00:00:02Z', 'mN', '1', 'c', 'yes', 'h3');
INSERT INTO alerts (id, timestamp, alert_type, severity, description, model_name, record_hash)
  VALUES (1, '2024-01-01T00:00:00Z', 'drift', 'LOW', 'd', 'mA', 'h1'),
         (2, '2024-01-01T00:00:00Z', 'drift', 'LOW', 'd', 'mB', 'h2'),
         (3, '2024-01-01T00:00:00Z', 'drift', 'LOW', 'd', 'mN', 'h3');
INSERT INTO daily_outcomes VALUES ('mA', '2024-01-01', 'yes', 'no', 1, 0),
                                  ('mB', '2024-01-01', 'yes', 'no', 1, 0),
                                  ('mN', '2024-01-01', 'yes', 'no', 1, 0);
""")
    adm = with_uri(base, a, "adm")
    ra = with_uri(base, a, "ra")
    rb = with_uri(base, a, "rb")
    aud = with_uri(base, a, "aud")
    ing = with_uri(base, a, "ing")

    # Immutability: privileges refuse the roles, triggers refuse a superuser.
    refused(adm, "UPDATE decisions SET prediction = 'no' WHERE id = 1;", "permission denied",
            "an admin cannot change a decision's prediction")
    refused(adm, "DELETE FROM decisions WHERE id = 1;", "permission denied",
            "an admin cannot delete a decision")
    refused(adm, "TRUNCATE decisions;", "permission denied", "an admin cannot truncate")
    refused(su, "UPDATE decisions SET prediction = 'no' WHERE id = 1;",
            "decisions are immutable: the ledger refuses this change",
            "a superuser's update of a prediction is refused by the trigger")
    refused(su, "DELETE FROM decisions WHERE id = 1;",
            "decisions cannot be deleted: the ledger refuses this",
            "a superuser's delete is refused by the trigger")
    refused(su, "UPDATE alerts SET record_hash = 'x' WHERE id = 1;",
            "alerts are immutable: the ledger refuses this change", "alerts are immutable")
    for table in ("decisions", "alerts", "events", "reports"):
        refused(su, f"TRUNCATE {table} CASCADE;", "cannot be truncated",
                f"a superuser cannot truncate {table}")
    check(must(su, "SELECT count(*) FROM decisions;") == "3", "the decisions are all there")

    # Desks.
    def models_seen(uri, table):
        return must(uri, f"SELECT string_agg (model_name, ' ' ORDER BY model_name) FROM {table};")
    for table in ("decisions", "alerts", "daily_outcomes"):
        check(models_seen(ra, table) == "mA mN", f"ra sees desk A's and unassigned {table}",
              models_seen(ra, table))
        check(models_seen(rb, table) == "mB mN", f"rb sees desk B's and unassigned {table}",
              models_seen(rb, table))
        check(models_seen(aud, table) == "mA mB mN", f"the auditor sees every {table}",
              models_seen(aud, table))
        check(models_seen(adm, table) == "mA mB mN", f"the admin sees every {table}",
              models_seen(adm, table))

    ack = ("WITH u AS (UPDATE alerts SET acknowledged = 1, acknowledged_by = '{who}', "
           "acknowledged_at = '2024-01-02T00:00:00Z' WHERE id = {id} RETURNING 1) "
           "SELECT count(*) FROM u;")
    out = must(ra, ack.format(who="ra", id=2))
    check(out == "0", "ra's acknowledgement of desk B's alert changes no row", out)
    out = must(ra, ack.format(who="ra", id=1))
    check(out == "1", "ra acknowledges desk A's alert", out)
    refused(ra, ack.format(who="rb", id=3), "42501",
            "ra cannot acknowledge an alert in rb's name")
    refused(ra, "UPDATE alerts SET severity = 'HIGH' WHERE id = 1;", "permission denied",
            "a reviewer cannot change an alert's hashed columns")
    refused(ra, "UPDATE decisions SET reviewed_by = 'rb', review_status = 'ok' WHERE id = 1;",
            "42501", "ra cannot review in rb's name")
    out = must(ra, "WITH u AS (UPDATE decisions SET reviewed_by = 'ra', review_status = 'ok' "
               "WHERE id = 1 RETURNING 1) SELECT count(*) FROM u;")
    check(out == "1", "ra reviews a desk A decision", out)

    # Who acted.
    event = ("INSERT INTO events (id, timestamp, actor, action, target, details, record_hash) "
             "VALUES ({id}, '2024-01-02T00:00:00Z', '{actor}', 'acknowledge', 'alert:1', "
             "'{{}}', 'h');")
    refused(ra, event.format(id=1, actor="someone-else"), "42501",
            "ra cannot record an acknowledgement by someone else")
    ok, out, err = psql(ra, event.format(id=1, actor="ra"))
    check(ok, "ra records their own acknowledgement", err)
    ok, out, err = psql(ing, "INSERT INTO events (id, timestamp, actor, action, record_hash) "
                        "VALUES (2, '2024-01-02T00:00:00Z', 'detector', 'detect', 'h');")
    check(ok, "ingest records a detector event under another name", err)
    out = must(ing, "SELECT id FROM vigil_chain_head ('decisions');")
    check(out == "3", "the chain head is the last decision", out)

    # A notification per statement.
    listener = subprocess.Popen(["psql", "-X", "-q", "-A", "-t", "-d", aud],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)
    try:
        notified(listener, ing)
    finally:
        if listener.poll() is None:
            listener.kill()
            listener.wait()


def notified(listener, ing):
    listener.stdin.write("LISTEN vigil;\nSELECT 'listening';\n")
    listener.stdin.flush()
    line = listener.stdout.readline()
    while line and line.strip() != "listening":
        line = listener.stdout.readline()
    check(line.strip() == "listening", "the listener is listening", line)
    must(ing, "INSERT INTO alerts (id, timestamp, alert_type, severity, description, "
         "model_name, subject, record_hash) VALUES "
         "(4, '2024-01-03T00:00:00Z', 'drift', 'HIGH', 'd', 'mA', 'AAPL', 'h4'), "
         "(5, '2024-01-03T00:00:00Z', 'volume', 'HIGH', 'd', 'mA', 'MSFT', 'h5');")
    out, _ = listener.communicate("SELECT 'done';\n", timeout=60)
    notes = re.findall(r'Asynchronous notification "vigil" with payload "(.*)" received', out)
    check(len(notes) == 1, "one insert of two alerts gives one notification", out)
    check(bool(notes) and '"table" : "alerts"' in notes[0] and '"last_id" : 5' in notes[0],
          "the notification names the table and the last id", out)


if __name__ == "__main__":
    sys.exit(main())
