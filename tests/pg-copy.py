#!/usr/bin/env python3
# pg-copy.py: vigilctl copy between a database file and a PostgreSQL server. A file with
# decisions, alerts, acknowledgements, a review and a report is copied to a server and back
# to a new file; all three verify to the same head and list the same decisions and alerts,
# and the server goes on appending after the copied ids. A copy into a database that holds
# something, from a source that cannot be reached or read, or from a broken ledger is
# refused, and writes nothing. A login that owns the tables but is no superuser copies too;
# an admin who does not own them is refused.
# Standard library only.
#
# Usage: pg-copy.py VIGILCTL, with VIGIL_TEST_POSTGRES the URI of a superuser on a throwaway
# cluster (tests/pg-cluster run sets it).
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
FAILURES = []
COPY = 'vigil_copy_%d' % os.getpid()
OWNED = 'vigil_copy_owned_%d' % os.getpid()
OWNER = 'copier_%d' % os.getpid()
ADMIN = 'copyadmin_%d' % os.getpid()


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


def psql(sql, database='postgres', check_ok=True):
    done = subprocess.run(['psql', '-X', '-v', 'ON_ERROR_STOP=1', '-qAt', '-d', uri(database)],
                          input='SET search_path = main, pg_temp;\n' + sql,
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


def copy(source, target, db=None):
    return run(db or source, 'copy', '--from', source, '--to', target)


def json_lines(text):
    return [json.loads(line) for line in text.splitlines() if line.startswith('{')]


def head(db):
    """The head verify prints, recording no checkpoint (that would add an event)."""
    verify = json_lines(ok(db, 'verify', '--json', '--no-checkpoint'))[-1]
    return verify['head'] if verify['intact'] else 'broken: ' + str(verify.get('reason'))


def listing(db):
    return (ok(db, 'decisions', '--json', '--limit', '0'), ok(db, 'alerts', '--json'),
            ok(db, 'models', '--json'), ok(db, 'policy'),
            ok(db, 'export', '--ledger', '--format', 'csv'))


def main():
    if not BASE:
        print('FAIL: VIGIL_TEST_POSTGRES is not set: run this test under tests/pg-cluster run')
        return 1
    folder = tempfile.mkdtemp(prefix='vigil-pg-copy-')

    # A file with what a desk does: imported decisions, alerts, an acknowledgement, a review,
    # an outcome, a policy and a report
    simulated = os.path.join(folder, 'simulated.db')
    ok(simulated, 'simulate', '--start', '2026-11-01', '--days', '5', '--trading-per-day', '40',
       '--credit-per-day', '20', '--seed', '11')
    jsonl = os.path.join(folder, 'decisions.jsonl')
    ok(simulated, 'export', '-o', jsonl)
    lite = os.path.join(folder, 'desk.db')
    ok(lite, 'init', '--purpose', 'training')
    ok(lite, 'import', jsonl)
    ok(lite, 'detect', '--backtest', '--from', '2026-11-02', '--to', '2026-11-06')
    alerts = json_lines(ok(lite, 'alerts', '--json'))
    assert len(alerts) >= 2, alerts
    ok(lite, 'ack', str(alerts[0]['id']), '--by', 'Ana Risk', '--note', 'expected')
    ok(lite, 'review', '3', '--by', 'Ana Risk', '--status', 'escalated', '--notes', 'odd')
    ok(lite, 'outcome', '4', '--value', 'BUY', '--date', '2026-11-07T09:00:00Z')
    policy = os.path.join(folder, 'policy.ini')
    with open(policy, 'w') as f:
        f.write(ok(lite, 'policy').replace('0.2\n', '0.25\n', 1))
    ok(lite, 'policy', '--set', policy, '--by', 'Ana Risk')
    ok(lite, 'report', '--from', '2026-11-01', '--to', '2026-11-06',
       '--json', os.path.join(folder, 'week.json'))
    lite_head = head(lite)
    check(not lite_head.startswith('broken'), 'the file to copy verifies: ' + lite_head)

    # File to server
    psql('CREATE DATABASE ' + COPY)
    pg = uri(COPY)
    ok(pg, 'init')
    done = copy(lite, pg)
    check(done.returncode == 0, 'copy from the file to the server: %s%s'
          % (done.stdout.strip(), done.stderr.strip()))
    check(done.stdout.count(lite_head.split('@')[0]) >= 2,
          'copy prints the head of both ends, the same: ' + done.stdout.strip())
    check(head(pg) == lite_head, 'verify on the server gives the file\'s head: ' + head(pg))
    check(listing(pg) == listing(lite),
          'decisions, alerts, models, policy and the ledger read the same on the server')
    reports = psql('SELECT count(*) FROM main.reports', COPY).stdout.strip()
    check(reports == '1', 'the report\'s record is on the server: %s' % reports)
    check('training' in ok(pg, 'init'), 'the server\'s database is for training, as the file')

    # The server goes on after the copied ids
    last_event = psql('SELECT max(id) FROM main.events', COPY).stdout.strip()
    done = run(pg, 'ack', str(alerts[1]['id']), '--by', 'Ana Risk')
    new_event = psql("SELECT max(id) FROM main.events WHERE action = 'acknowledge'",
                     COPY).stdout.strip()
    check(done.returncode == 0 and new_event == str(int(last_event) + 1),
          'an acknowledgement on the server after the copy is event %s, after %s: %s'
          % (new_event, last_event, done.stderr.strip()))
    # Reports and check results take their ids from the server's sequences. (A report on
    # a server is tried in a transaction that is rolled back: a row that seals no real head
    # would break verify.)
    next_report = psql("BEGIN; INSERT INTO main.reports (generated_at, period_start, "
                       "period_end, models, generated_by, ledger_head, ledger_records) VALUES "
                       "('2026-11-07T00:00:00.000000', '2026-11-01', '2026-11-06', '[]', 'x', "
                       "'h', 0) RETURNING id; ROLLBACK", COPY, check_ok=False).stdout.split()
    check(next_report[:1] == ['2'], 'the next report on the server is 2, after the copied '
          'one: %s' % next_report)
    done = run(pg, 'detect', '--as-of', '2026-11-06')
    check(done.returncode == 0, 'detect on the server after the copy stores its check results: '
          + done.stderr.strip())
    pg_head = head(pg)
    check(not pg_head.startswith('broken') and pg_head != lite_head,
          'the server\'s ledger grows on, intact: ' + pg_head)

    # Server to a new file
    back = os.path.join(folder, 'back.db')
    ok(back, 'init')
    done = copy(pg, back)
    check(done.returncode == 0, 'copy from the server to a new file: %s%s'
          % (done.stdout.strip(), done.stderr.strip()))
    check(head(back) == pg_head, 'verify on the new file gives the server\'s head: ' + head(back))
    check(listing(back) == listing(pg),
          'decisions, alerts, models, policy and the ledger read the same in the new file')
    # ... and the new file goes on too
    done = run(back, 'review', '5', '--by', 'Ana Risk', '--status', 'approved')
    check(done.returncode == 0 and not head(back).startswith('broken'),
          'the new file takes a review after the copy and stays intact')

    # Refusals, each leaving its destination as it was
    done = copy(lite, pg)
    check(done.returncode == 1 and 'already holds' in done.stderr and COPY in done.stderr,
          'a copy into a database that holds decisions is refused, naming it: '
          + done.stderr.strip())
    check(head(pg) == pg_head, 'the refused copy changed nothing on the server')

    empty = os.path.join(folder, 'empty.db')
    ok(empty, 'init')
    unreachable = 'postgresql:///nowhere?host=%s&user=vigil' % os.path.join(folder, 'no-socket')
    done = copy(unreachable, empty, db=empty)
    check(done.returncode == 1 and 'Could not reach' in done.stderr,
          'an unreachable source is named: ' + done.stderr.strip())
    done = copy(os.path.join(folder, 'missing.db'), empty, db=empty)
    check(done.returncode == 1 and 'missing.db' in done.stderr,
          'a source file that does not exist is named: ' + done.stderr.strip())
    done = copy('mysql://db.example/vigil', empty, db=empty)
    check(done.returncode == 2 and 'mysql://db.example/vigil' in done.stderr,
          'a location that is neither a file nor a PostgreSQL URI is named: '
          + done.stderr.strip())
    done = run(empty, 'copy', '--from', lite)
    check(done.returncode == 2 and '--to' in done.stderr,
          'copy without --to says what is missing: ' + done.stderr.strip())

    broken = os.path.join(folder, 'broken.db')
    ok(broken, 'init')
    ok(broken, 'import', jsonl)
    conn = sqlite3.connect(broken)
    conn.execute('DROP TRIGGER decisions_immutable')
    conn.execute("UPDATE decisions SET prediction = 'HOLD' WHERE id = 9")
    conn.commit()
    conn.close()
    done = copy(broken, empty, db=empty)
    check(done.returncode == 1 and 'broken.db' in done.stderr,
          'a source whose ledger is broken is not copied: ' + done.stderr.strip())
    check(json_lines(ok(empty, 'decisions', '--json', '--limit', '0')) == [],
          'the refused copy left its destination empty')

    # A login that owns the tables, with no superuser's exemption from the server's check of
    # who acted: the acknowledgement and review events name Ana Risk, not the login
    psql('CREATE ROLE %s LOGIN CREATEROLE' % OWNER)
    psql('CREATE DATABASE %s OWNER %s' % (OWNED, OWNER))
    owned = uri(OWNED, OWNER)
    ok(owned, 'init')
    psql('CREATE ROLE %s LOGIN IN ROLE vigil_admin' % ADMIN)
    done = copy(lite, uri(OWNED, ADMIN))
    check(done.returncode == 1 and 'owner' in done.stderr and ADMIN in done.stderr,
          'an admin who does not own the tables cannot load a copy: ' + done.stderr.strip())
    check(json_lines(ok(owned, 'decisions', '--json', '--limit', '0')) == [],
          'and nothing of it was written')
    done = copy(lite, owned)
    check(done.returncode == 0, 'the tables\' owner copies events that name other people: %s'
          % done.stderr.strip())
    check(head(owned) == lite_head, 'and its copy verifies to the file\'s head')
    triggers = psql("SELECT count(*) FROM pg_catalog.pg_trigger WHERE tgenabled = 'D' AND "
                    "tgrelid = 'main.events'::regclass", OWNED).stdout.strip()
    check(triggers == '0', 'every trigger on events is enabled after the copy: %s disabled'
          % triggers)

    print('%d failure(s)' % len(FAILURES))
    return 1 if FAILURES else 0


if __name__ == '__main__':
    status = 1
    try:
        status = main()
    finally:
        if BASE:
            for database in (COPY, OWNED):
                psql('DROP DATABASE IF EXISTS %s WITH (FORCE)' % database, check_ok=False)
            for role in (OWNER, ADMIN):
                psql('DROP ROLE IF EXISTS %s' % role, check_ok=False)
    sys.exit(status)
