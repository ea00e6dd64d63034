#!/usr/bin/env python3
# pg-cli.py: vigilctl on a PostgreSQL server. The same decisions imported into SQLite and into
# PostgreSQL get the same ids and the same record hashes; four importers, two reviewers, detect
# and a report at once lose, duplicate and break nothing; an acknowledgement is recorded under the login that made it, whatever
# --by says; an auditor verifies but cannot acknowledge; the server itself refuses an admin's
# UPDATE of a sealed column and DELETE of a decision. Standard library only.
#
# Usage: pg-cli.py VIGILCTL, with VIGIL_TEST_POSTGRES the URI of a superuser on a throwaway
# cluster (tests/pg-cluster run sets it).
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import subprocess
import sys
import tempfile
import threading
import urllib.parse

VIGILCTL = sys.argv[1]
BASE = os.environ.get('VIGIL_TEST_POSTGRES', '')
FAILURES = []
SAME = 'vigil_same_%d' % os.getpid()
FOUR = 'vigil_four_%d' % os.getpid()


def check(condition, what):
    if not condition:
        FAILURES.append(what)
        print('FAIL:', what)
    else:
        print('ok:', what)


def uri(database, user=None):
    parts = urllib.parse.urlsplit(BASE)
    query = dict(urllib.parse.parse_qsl(parts.query))
    if user is not None:
        query['user'] = user
    # urlunsplit() would drop the empty host of postgresql:///db
    return '%s://%s/%s?%s' % (parts.scheme, parts.netloc, database,
                              urllib.parse.urlencode(query, safe='/'))


def psql(sql, database='postgres', user=None, check_ok=True):
    done = subprocess.run(['psql', '-X', '-v', 'ON_ERROR_STOP=1', '-qAt', '-d',
                           uri(database, user)], input='SET search_path = main, pg_temp;\n' + sql,
                          capture_output=True, text=True)
    if check_ok:
        assert done.returncode == 0, done.stderr
    return done


def run(db, *args):
    return subprocess.run([VIGILCTL, '--db', db, *args], capture_output=True, text=True,
                          env=dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE='C'))


def ok(db, *args):
    done = run(db, *args)
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout


def json_lines(text):
    return [json.loads(line) for line in text.splitlines() if line.startswith('{')]


def ledger_rows(db, table):
    """The chained columns of @table's rows, as `export --ledger` writes them."""
    text = ok(db, 'export', '--ledger', '--format', 'csv')
    return [line for line in text.splitlines() if line.startswith(table + ',')]


def main():
    if not BASE:
        print('FAIL: VIGIL_TEST_POSTGRES is not set: run this test under tests/pg-cluster run')
        return 1
    folder = tempfile.mkdtemp(prefix='vigil-pg-cli-')

    # Decisions to import: five simulated days, exported as the import format
    source = os.path.join(folder, 'source.db')
    ok(source, 'simulate', '--start', '2026-11-01', '--days', '5', '--trading-per-day', '40',
       '--credit-per-day', '20', '--seed', '7')
    jsonl = os.path.join(folder, 'decisions.jsonl')
    ok(source, 'export', '-o', jsonl)
    with open(jsonl) as f:
        n = sum(1 for _ in f)

    psql('CREATE DATABASE ' + SAME)
    pg = uri(SAME)
    first = ok(pg, 'init')
    check('schema 9' in first, 'init creates the schema on the server: ' + first.strip())
    check(run(pg, 'init').returncode == 0, 'a second init finds the database as it is')

    lite = os.path.join(folder, 'same.db')
    ok(lite, 'init')
    ok(lite, 'import', jsonl)
    ok(pg, 'import', jsonl)
    lite_rows = ledger_rows(lite, 'decisions')
    pg_rows = ledger_rows(pg, 'decisions')
    check(len(pg_rows) == n and lite_rows == pg_rows,
          'the same %d decisions get the same ids and record hashes on both backends' % n)
    verify = json_lines(ok(pg, 'verify', '--json', '--no-checkpoint'))[-1]
    check(verify['intact'] and verify['decisions_records'] == n and verify['caches_checked'],
          'verify on the server: intact, %s decisions' % verify.get('decisions_records'))
    lite_decisions = json_lines(ok(lite, 'decisions', '--json', '--limit', '1000'))
    pg_decisions = json_lines(ok(pg, 'decisions', '--json', '--limit', '1000'))
    check(lite_decisions == pg_decisions, 'decisions lists the same rows on both backends')

    ok(lite, 'detect', '--backtest', '--from', '2026-11-02', '--to', '2026-11-06')
    ok(pg, 'detect', '--backtest', '--from', '2026-11-02', '--to', '2026-11-06')
    lite_alerts = [(a['alert_type'], a['model_name'], a['subject'], a['observed'])
                   for a in json_lines(ok(lite, 'alerts', '--json'))]
    pg_alerts = [(a['alert_type'], a['model_name'], a['subject'], a['observed'])
                 for a in json_lines(ok(pg, 'alerts', '--json'))]
    check(len(pg_alerts) > 0 and sorted(lite_alerts) == sorted(pg_alerts),
          'detect raises the same %d alerts on both backends' % len(pg_alerts))

    # Logins: a reviewer, an auditor, an admin
    # Roles belong to the cluster: named for this run
    alice, bob, carol = ('%s_%d' % (name, os.getpid()) for name in ('alice', 'bob', 'carol'))
    psql('CREATE ROLE %s LOGIN IN ROLE vigil_reviewer; CREATE ROLE %s LOGIN IN ROLE '
         'vigil_auditor; CREATE ROLE %s LOGIN IN ROLE vigil_admin' % (alice, carol, bob),
         SAME)
    alert_id = json_lines(ok(pg, 'alerts', '--json'))[0]['id']
    done = run(uri(SAME, alice), 'ack', str(alert_id), '--by', 'Someone Else')
    check(done.returncode == 0, 'alice acknowledges alert %d: %s' % (alert_id, done.stderr.strip()))
    acked = [a for a in json_lines(ok(pg, 'alerts', '--json')) if a['id'] == alert_id][0]
    check(acked['acknowledged_by'] == alice,
          'the acknowledgement is recorded under the login: %s' % acked['acknowledged_by'])
    actor = psql("SELECT actor || ' ' || details FROM main.events WHERE action = 'acknowledge'",
                 SAME).stdout.strip()
    check(actor.startswith(alice + ' ') and 'Someone Else' in actor,
          'its event names alice, with the name given beside it: ' + actor)

    done = run(uri(SAME, carol), 'ack', str(json_lines(ok(pg, 'alerts', '--json'))[-1]['id']),
               '--by', carol)
    check(done.returncode != 0 and carol in done.stderr,
          'an auditor cannot acknowledge: ' + done.stderr.strip())
    done = run(uri(SAME, carol), 'verify', '--json')
    check(done.returncode == 0 and json_lines(done.stdout)[-1]['intact'],
          'an auditor verifies the ledger: ' + done.stderr.strip())

    refused = psql("UPDATE main.decisions SET prediction = 'HOLD' WHERE id = 1", SAME,
                   bob, check_ok=False)
    check(refused.returncode != 0, 'the server refuses an admin\'s UPDATE of a sealed column')
    refused = psql('DELETE FROM main.decisions WHERE id = 1', SAME, bob, check_ok=False)
    check(refused.returncode != 0, 'the server refuses an admin\'s DELETE of a decision')
    refused = psql("UPDATE main.decisions SET prediction = 'HOLD' WHERE id = 1", SAME,
                   check_ok=False)
    check(refused.returncode != 0 and 'immutable' in refused.stderr,
          'a superuser\'s UPDATE meets the immutability trigger')

    # A superuser who switches the triggers off can change a row; verify names the break
    first_verify = json_lines(ok(pg, 'verify', '--json'))[-1]
    check(first_verify['checkpoint_event'] is not None,
          'verify on the server records a checkpoint: event %s' % first_verify['checkpoint_event'])
    psql("ALTER TABLE main.decisions DISABLE TRIGGER USER; "
         "UPDATE main.decisions SET prediction = 'HOLD' WHERE id = 7; "
         "ALTER TABLE main.decisions ENABLE TRIGGER USER", SAME)
    done = run(pg, 'verify', '--json')
    broken = json_lines(done.stdout)[-1]
    check(done.returncode == 1 and not broken['intact'] and broken['broken_table'] == 'decisions'
          and broken['broken_id'] == 7,
          'a changed decision breaks the chain at it: %s %s' % (broken.get('broken_table'),
                                                                broken.get('broken_id')))

    # At once on one database: four importers, each with its own file of the same decisions;
    # two reviewers acknowledging alerts and reviewing decisions; detect; a report
    psql('CREATE DATABASE ' + FOUR)
    four = uri(FOUR)
    ok(four, 'init')
    ok(four, 'import', jsonl)
    ok(four, 'detect', '--backtest', '--from', '2026-11-02', '--to', '2026-11-06')
    dave = 'dave_%d' % os.getpid()
    psql('CREATE ROLE %s LOGIN IN ROLE vigil_reviewer' % dave, FOUR)
    alert_ids = [a['id'] for a in json_lines(ok(four, 'alerts', '--json'))]
    check(len(alert_ids) >= 2, 'the base decisions raise alerts to acknowledge: %d' % len(alert_ids))
    # who does what: alice the even alerts and decisions 1-30, dave the odd and 31-60
    work = {alice: (alert_ids[0::2], range(1, 31)), dave: (alert_ids[1::2], range(31, 61))}
    files = []
    for i in range(4):
        path = os.path.join(folder, 'part%d.jsonl' % i)
        with open(jsonl) as src, open(path, 'w') as dst:
            for line in src:
                record = json.loads(line)
                record['user_id'] = 'importer-%d' % i
                dst.write(json.dumps(record) + '\n')
        files.append(path)
    report_json = os.path.join(folder, 'during.json')
    procs = [subprocess.Popen([VIGILCTL, '--db', four, 'import', path], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for path in files]
    procs.append(subprocess.Popen([VIGILCTL, '--db', four, 'detect', '--all'],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    procs.append(subprocess.Popen([VIGILCTL, '--db', four, 'report', '--from', '2026-11-01',
                                   '--to', '2026-11-06', '--json', report_json],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    refused = []

    def review(login):
        alerts, decisions = work[login]
        for alert in alerts:
            done = run(uri(FOUR, login), 'ack', str(alert), '--by', 'Typed Name')
            if done.returncode != 0:
                refused.append((login, 'ack', alert, done.stderr.strip()))
        for decision in decisions:
            done = run(uri(FOUR, login), 'review', str(decision), '--by', 'Typed Name',
                       '--status', 'approved')
            if done.returncode != 0:
                refused.append((login, 'review', decision, done.stderr.strip()))

    reviewers = [threading.Thread(target=review, args=(login,)) for login in work]
    for t in reviewers:
        t.start()
    results = [p.communicate() + (p.returncode,) for p in procs]
    for t in reviewers:
        t.join()
    check(all(r[2] == 0 for r in results),
          'four importers, detect and report at once all finish: %s'
          % [r[1].strip() for r in results if r[2]])
    check(not refused, 'two reviewers at the same time: every acknowledgement and review '
          'recorded: %s' % refused[:3])
    verify = json_lines(ok(four, 'verify', '--json'))[-1]
    check(verify['intact'] and verify['decisions_records'] == 5 * n,
          'after all of it: intact, %s decisions of %d' % (verify['decisions_records'], 5 * n))
    per_importer = psql("SELECT string_agg(n::text, ',' ORDER BY u) FROM (SELECT user_id u, "
                        "count(*) n FROM main.decisions WHERE user_id LIKE 'importer-%%' "
                        "GROUP BY user_id) s", FOUR).stdout.strip()
    check(per_importer == ','.join([str(n)] * 4),
          'each importer\'s decisions are there exactly once: ' + per_importer)
    alerts = {a['id']: a for a in json_lines(ok(four, 'alerts', '--json'))}
    wrong = [(i, alerts[i]['acknowledged_by']) for login, (ids, _) in work.items() for i in ids
             if alerts[i]['acknowledged_by'] != login]
    check(not wrong, 'each alert acknowledged once, under the login that did it: %s' % wrong[:3])
    reviewed = json_lines(ok(four, 'decisions', '--json', '--status', 'approved',
                             '--limit', '1000'))
    by = sorted((d['id'], d['reviewed_by']) for d in reviewed)
    check(by == [(i, alice) for i in range(1, 31)] + [(i, dave) for i in range(31, 61)],
          'decisions 1-60 reviewed once each, by their reviewer: %d reviewed' % len(by))
    ack_events = psql("SELECT count(*) FROM main.events WHERE action = 'acknowledge'",
                      FOUR).stdout.strip()
    check(ack_events == str(len(alert_ids)),
          'one acknowledge event per alert: %s of %d' % (ack_events, len(alert_ids)))
    with open(report_json) as f:
        during = json.load(f)
    sealed = during['ledger']
    held = run(four, 'verify', '--no-checkpoint', '--expect-head', sealed['head'])
    check(sealed['intact'] and held.returncode == 0,
          'the report made meanwhile sealed an intact head the final ledger still holds: %s %s'
          % (sealed['head'], held.stdout.strip()[:80]))

    print('%d failure(s)' % len(FAILURES))
    return 1 if FAILURES else 0


if __name__ == '__main__':
    try:
        status = main()
    finally:
        if BASE:
            for database in (SAME, FOUR):
                psql('DROP DATABASE IF EXISTS %s WITH (FORCE)' % database, check_ok=False)
    sys.exit(status)
