#!/usr/bin/env python3
# pg-outcomes.py: outcome lines of a spool followed into a PostgreSQL server. The owner's login
# records them; a vigil_ingest login, which may follow but not record outcomes, sets each aside
# in SPOOL.rejected (saying so) instead of stopping the spool, and a vigil_reviewer login that
# follows the rejected lines records them, exactly once. Standard library only.
#
# Usage: pg-outcomes.py VIGILCTL, with VIGIL_TEST_POSTGRES the URI of a superuser on a
# throwaway cluster (tests/pg-cluster run sets it). Without it the test fails.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import urllib.parse

VIGILCTL = sys.argv[1]
BASE = os.environ.get('VIGIL_TEST_POSTGRES', '')
DATABASE = 'vigil_outcomes_%d' % os.getpid()
OLD = 'vigil_outcomes_old_%d' % os.getpid()
FEED, ALICE = ('%s_%d' % (name, os.getpid()) for name in ('feed', 'alice'))
failures = 0


def check(cond, what):
    global failures
    print(('ok' if cond else 'FAIL') + ' - ' + what)
    if not cond:
        failures += 1


def uri(database, user=None):
    parts = urllib.parse.urlsplit(BASE)
    query = dict(urllib.parse.parse_qsl(parts.query))
    if user is not None:
        query['user'] = user
    # urlunsplit() would drop the empty host of postgresql:///db
    return '%s://%s/%s?%s' % (parts.scheme, parts.netloc, database,
                              urllib.parse.urlencode(query, safe='/'))


def psql(sql, database='postgres', check_ok=True):
    done = subprocess.run(['psql', '-X', '-v', 'ON_ERROR_STOP=1', '-qAt', '-d', uri(database)],
                          input=sql, capture_output=True, text=True)
    if check_ok:
        assert done.returncode == 0, done.stderr
    return done


def run(db, *args):
    return subprocess.run([VIGILCTL, '--db', db, *args], capture_output=True, text=True,
                          env=dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE='C'))


def decision(ts, prediction):
    return json.dumps({'timestamp': ts, 'model_name': 'CreditXGBoost', 'model_version': 'v2.1',
                       'decision_type': 'credit_approval', 'prediction': prediction,
                       'input_features': {'fico': 640}})


def outcomes(db):
    done = run(db, 'decisions', '--json')
    return sorted((d['id'], d['actual_outcome'])
                  for d in map(json.loads, done.stdout.splitlines()))


def expected_rollup(decided):
    """daily_outcomes as computed here from (model, timestamp, prediction, outcome, date)"""
    import datetime
    groups = {}
    for model, ts, prediction, outcome, date in decided:
        if not outcome:
            continue
        lag = 0
        if date:
            lag = max(0, (datetime.date.fromisoformat(date[:10]) -
                          datetime.date.fromisoformat(ts[:10])).days)
        key = (model, ts[:10], prediction, outcome)
        n, total = groups.get(key, (0, 0))
        groups[key] = (n + 1, total + lag)
    return sorted(k + v for k, v in groups.items())


def server_rollup(database):
    """The server's daily_outcomes, and the same computed from its decisions"""
    decided = [tuple(line.split('|')) for line in psql(
        "SELECT model_name, timestamp, prediction, actual_outcome, outcome_date "
        "FROM main.decisions", database).stdout.splitlines()]
    table = sorted((m, d, p, o, int(n), int(lag)) for m, d, p, o, n, lag in (
        line.split('|') for line in psql(
            "SELECT model_name, day, prediction, actual_outcome, n, lag_days "
            "FROM main.daily_outcomes", database).stdout.splitlines()))
    return table, expected_rollup(decided)


def main():
    if not BASE:
        print('FAIL - VIGIL_TEST_POSTGRES is not set: run this test under tests/pg-cluster run')
        return 1
    psql('CREATE DATABASE ' + DATABASE)
    owner = uri(DATABASE)
    check(run(owner, 'init').returncode == 0, 'init on the server')
    psql('CREATE ROLE %s LOGIN IN ROLE vigil_ingest; CREATE ROLE %s LOGIN IN ROLE '
         'vigil_ingest, vigil_reviewer' % (FEED, ALICE), DATABASE)
    feed, alice = uri(DATABASE, FEED), uri(DATABASE, ALICE)

    with tempfile.TemporaryDirectory() as tmp:
        spool = os.path.join(tmp, 'credit.jsonl')
        with open(spool, 'w') as f:
            for line in (decision('2026-11-25T10:00:00.000001Z', 'DECLINE'),
                         json.dumps({'outcome': 'DEFAULTED', 'model_name': 'CreditXGBoost',
                                     'decision_timestamp': '2026-11-25T10:00:00.000001Z'}),
                         decision('2026-11-25T10:00:01Z', 'APPROVE'),
                         json.dumps({'outcome': 'PAID', 'decision_id': 2})):
                f.write(line + '\n')

        done = run(feed, 'follow', '--once', spool)
        check(done.returncode == 3 and done.stderr.count('may not record') == 2,
              'a vigil_ingest login commits the decisions and sets both outcome lines aside, '
              'saying why (exit %d)' % done.returncode)
        check(outcomes(owner) == [(1, None), (2, None)], 'no outcome recorded by it')
        check(run(feed, 'follow', '--once', spool).returncode == 0,
              'and the spool is not stuck at them')

        rejected = spool + '.rejected'
        done = run(alice, 'follow', '--once', rejected)
        check(done.returncode == 0, 'a reviewer follows the rejected lines')
        check(run(alice, 'follow', '--once', rejected).returncode == 0, 'twice')
        check(outcomes(owner) == [(1, 'DEFAULTED'), (2, 'PAID')],
              'both outcomes recorded, each on its decision')
        events = psql("SELECT count(*) FROM main.events WHERE action = 'outcome'",
                      DATABASE).stdout.strip()
        check(events == '2', 'one outcome event each (%s)' % events)

        # The report on the server judges the day's decisions by those outcomes
        report_json = os.path.join(tmp, 'report.json')
        done = run(owner, 'report', '--from', '2026-11-25', '--to', '2026-11-26',
                   '--json', report_json)
        check(done.returncode == 0, 'a report on the server (%s)' % done.stderr.strip())
        with open(report_json) as f:
            analysis = json.load(f)['outcomes_analysis']
        figures = analysis[0]['period']
        check([a['model_name'] for a in analysis] == ['CreditXGBoost'] and
              analysis[0]['status'] == 'judged' and
              (figures['decisions'], figures['with_outcome'], figures['judged'],
               figures['right']) == (2, 2, 2, 2) and figures['approval_rate'] == 0.5 and
              figures['default_rate_approved'] == 0.0,
              "the report's outcomes analysis: both decisions judged right, one of two "
              "approved, none of the approved defaulted (%s)" % figures)

        spool2 = os.path.join(tmp, 'owner.jsonl')
        with open(spool2, 'w') as f:
            f.write(decision('2026-11-25T11:00:00Z', 'REFER') + '\n')
            f.write(json.dumps({'outcome': 'REPAID', 'model_name': 'CreditXGBoost',
                                'decision_timestamp': '2026-11-25T11:00:00Z'}) + '\n')
        check(run(owner, 'follow', '--once', spool2).returncode == 0,
              "the tables' owner follows a spool with an outcome line")
        check(outcomes(owner)[-1] == (3, 'REPAID'), 'and its outcome is recorded')
        check(run(owner, 'verify').returncode == 0, 'the ledger verifies')

        # Decisions keyed by event_id, and their outcomes sent later in bulk
        keyed = os.path.join(tmp, 'keyed.jsonl')
        with open(keyed, 'w') as f:
            for n, key in enumerate(('LN-1', 'LN-2', 'LN-1')):
                d = json.loads(decision('2026-11-26T10:00:0%dZ' % n, 'APPROVE'))
                d['event_id'] = key
                f.write(json.dumps(d) + '\n')
        done = run(feed, 'import', keyed)
        check(done.returncode == 3 and 'keyed.jsonl:3: event_id “LN-1”' in done.stderr,
              'on the server too, a key given twice is refused with its line')
        sent = os.path.join(tmp, 'sent.jsonl')
        with open(sent, 'w') as f:
            f.write(json.dumps({'model_name': 'CreditXGBoost', 'event_id': 'LN-2',
                                'outcome': 'PAID', 'outcome_at': '2027-01-05'}) + '\n')
        done = run(feed, 'outcomes', 'import', sent)
        check(done.returncode == 3 and 'may not record' in done.stderr,
              'a vigil_ingest login may not record outcomes in bulk')
        done = run(alice, 'outcomes', 'import', '--again', sent)
        check(done.returncode == 0 and 'Recorded 1 outcomes' in done.stdout,
              'a reviewer records them by event_id (%s)' % done.stderr.strip())
        check(outcomes(owner)[-1] == (5, 'PAID'), 'on the decision with that key')

        # The outcomes rolled up, as the decisions hold them, after a reviewer supersedes one
        done = run(alice, 'outcome', '1', '--value', 'PAID', '--date', '2026-11-29T08:00:00Z')
        check(done.returncode == 0, 'a reviewer supersedes an outcome (%s)' % done.stderr.strip())
        table, expected = server_rollup(DATABASE)
        check(table == expected and len(table) == 4,
              'daily_outcomes on the server equals the decisions\' outcomes: %s, computed %s'
              % (table, expected))
        check(run(owner, 'verify').returncode == 0, 'and verify finds it in step')

        # The same decisions hash the same on SQLite
        heads = [psql("SELECT record_hash FROM main.decisions WHERE event_id IS NOT NULL "
                      "ORDER BY id", DATABASE).stdout.split()]
        copy = os.path.join(tmp, 'copy.db')
        run(copy, 'init')
        done = run(owner, 'copy', '--to', copy)
        check(done.returncode == 0, 'the database copies to a file (%s)' % done.stderr.strip())
        con = sqlite3.connect(copy)
        in_file = [row[0] for row in con.execute("SELECT record_hash FROM decisions WHERE "
                                                 "event_id IS NOT NULL ORDER BY id")]
        con.close()
        check(in_file == heads[0] and len(heads[0]) == 2,
              'copied to a file, which the copy verifies, keyed decisions keep their hashes')
        con = sqlite3.connect(copy)
        in_file = sorted(con.execute("SELECT model_name, day, prediction, actual_outcome, n, "
                                     "lag_days FROM daily_outcomes"))
        con.close()
        check(in_file == server_rollup(DATABASE)[0], 'the copy holds the same roll-up')

        # A server database of schema 6, keyless as every such database is, is brought to 9
        # by its owner
        psql('CREATE DATABASE ' + OLD)
        old = uri(OLD)
        run(old, 'init')
        psql('GRANT CONNECT ON DATABASE %s TO %s' % (OLD, ALICE))
        run(old, 'import', spool)
        run(old, 'outcome', '2', '--value', 'PAID', '--date', '2026-12-01T00:00:00Z')
        psql("SET search_path = main; DROP TABLE daily_outcomes; "
             "DROP TRIGGER decisions_event_id_immutable ON decisions; "
             "DROP INDEX decisions_event_id; DROP INDEX decisions_outcomes; "
             "ALTER TABLE decisions DROP COLUMN event_id; "
             "DROP TABLE daily_inputs, daily_features, daily_feature_bins, "
             "daily_feature_categories; "
             "ALTER TABLE daily_predictions DROP COLUMN sumsq_confidence; "
             "UPDATE meta SET value = '6' WHERE key = 'schema_version'", OLD)
        done = run(uri(OLD, ALICE), 'decisions', '--json')
        check(done.returncode != 0 and 'needs the database’s owner' in done.stderr,
              'a login that cannot alter the tables says the owner must bring it up to date (%s)'
              % done.stderr.strip())
        done = run(old, 'verify')
        check(done.returncode == 0, 'the owner opens it, bringing it up to date, and it verifies '
              '(%s)' % done.stderr.strip())
        version = psql("SELECT value FROM main.meta WHERE key = 'schema_version'",
                       OLD).stdout.strip()
        check(version == '9', 'schema 9 (%s)' % version)
        counts = psql("SELECT (SELECT sum(n) FROM main.daily_inputs), "
                      "(SELECT count(*) FROM main.decisions), "
                      "(SELECT count(*) FROM main.daily_features)", OLD).stdout.split('|')
        check(counts[0].strip() == counts[1].strip() and int(counts[2]) > 0,
              'the inputs\' roll-ups are built from the decisions already logged (%s)'
              % '|'.join(counts).strip())
        table, expected = server_rollup(OLD)
        check(table == expected and len(table) == 1,
              'its outcomes rolled up by migration 8: %s' % table)
        done = run(old, 'import', keyed)
        check(done.returncode == 3 and 'keyed.jsonl:3: event_id' in done.stderr,
              'and keys are checked there too')

    print('%d failure(s)' % failures)
    return 1 if failures else 0


if __name__ == '__main__':
    status = 1
    try:
        status = main()
    finally:
        if BASE:
            psql('DROP DATABASE IF EXISTS %s WITH (FORCE)' % DATABASE, check_ok=False)
            psql('DROP DATABASE IF EXISTS %s WITH (FORCE)' % OLD, check_ok=False)
            psql('DROP ROLE IF EXISTS %s; DROP ROLE IF EXISTS %s;' % (FEED, ALICE),
                 check_ok=False)
    sys.exit(status)
