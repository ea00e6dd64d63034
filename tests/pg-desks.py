#!/usr/bin/env python3
# pg-desks.py: desks on a PostgreSQL server through vigilctl. An admin puts models on desks
# and seats reviewers at them; a reviewer then sees and acknowledges only their desk's
# decisions and alerts, under their own login; an auditor sees everything and acknowledges
# nothing; `access` lists who holds which role and desk; each desk change is an event of the
# ledger, which stays intact; an SQLite file refuses desks. Standard library only.
#
# Usage: pg-desks.py VIGILCTL, with VIGIL_TEST_POSTGRES the URI of a superuser on a
# throwaway cluster (tests/pg-cluster run sets it). Without it the test fails.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import subprocess
import sys
import tempfile
import urllib.parse

VIGILCTL = sys.argv[1]
BASE = os.environ.get('VIGIL_TEST_POSTGRES', '')
FAILURES = []
DATABASE = 'vigil_desks_%d' % os.getpid()
# Roles belong to the cluster: named for this run
ALICE, BOB, AUDREY, ADMIN = ('%s_%d' % (name, os.getpid())
                             for name in ('alice', 'bob', 'audrey', 'admin'))
NOBODY = 'nobody_%d' % os.getpid()


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


def write_decisions(path):
    """Eight days of MA and MB, BUY and SELL alike, then a day of SELL only: an alert each."""
    with open(path, 'w') as f:
        for model, minute in (('MA', 7), ('MB', 9)):
            for day in range(1, 9):
                for i in range(20):
                    f.write(json.dumps({
                        'timestamp': '2026-11-%02dT%02d:%02d:00' % (day, i, minute),
                        'model_name': model, 'model_version': '1', 'decision_type': 'signal',
                        'prediction': 'SELL' if day == 8 or i % 2 else 'BUY',
                        'confidence': 0.7}) + '\n')


def models_of(db, command):
    limit = ['--limit', '1000'] if command == 'decisions' else []
    return sorted({row['model_name'] for row in json_lines(ok(db, command, '--json', *limit))})


def events(action):
    return psql("SELECT actor || '|' || target || '|' || details FROM events "
                "WHERE action = '%s' ORDER BY id" % action, DATABASE).stdout.splitlines()


def main():
    if not BASE:
        print('FAIL: VIGIL_TEST_POSTGRES is not set: run this test under tests/pg-cluster run')
        return 1
    folder = tempfile.mkdtemp(prefix='vigil-pg-desks-')
    jsonl = os.path.join(folder, 'decisions.jsonl')
    write_decisions(jsonl)

    psql('CREATE DATABASE ' + DATABASE)
    su = uri(DATABASE)
    ok(su, 'init')
    psql('CREATE ROLE %s LOGIN IN ROLE vigil_reviewer; CREATE ROLE %s LOGIN IN ROLE '
         'vigil_reviewer; CREATE ROLE %s LOGIN IN ROLE vigil_auditor; CREATE ROLE %s LOGIN '
         'IN ROLE vigil_admin' % (ALICE, BOB, AUDREY, ADMIN), DATABASE)
    alice, bob, audrey, admin = (uri(DATABASE, who) for who in (ALICE, BOB, AUDREY, ADMIN))
    ok(su, 'import', jsonl)

    # An admin puts the models on desks and seats the reviewers
    done = run(admin, 'models', '--set-desk', 'MA', 'A')
    check(done.returncode == 0 and 'desk A' in done.stdout,
          'an admin puts MA on desk A: ' + (done.stdout + done.stderr).strip())
    ok(admin, 'models', '--set-desk', 'MB', 'B')
    desks = {row['model_name']: row['desk'] for row in json_lines(ok(su, 'models', '--json'))}
    check(desks == {'MA': 'A', 'MB': 'B'}, 'models lists each model\'s desk: %s' % desks)
    done = run(admin, 'models', '--set-desk', 'MB', 'B')
    check(done.returncode == 0 and 'already' in done.stdout and len(events('set_desk')) == 2,
          'setting the desk a model is on again records nothing: ' + done.stdout.strip())
    ok(admin, 'access', '--add-member', 'A', ALICE)
    ok(admin, 'access', '--add-member', 'B', BOB)

    done = run(alice, 'models', '--set-desk', 'MB', 'A')
    check(done.returncode != 0 and ALICE in done.stderr and 'permission denied' in done.stderr,
          'a reviewer cannot move a model to their desk: ' + done.stderr.strip())
    done = run(alice, 'access', '--add-member', 'B', ALICE)
    check(done.returncode != 0 and ALICE in done.stderr,
          'a reviewer cannot seat themselves at a desk: ' + done.stderr.strip())
    done = run(admin, 'access', '--add-member', 'A', NOBODY)
    check(done.returncode != 0 and 'no login' in done.stderr,
          'a desk member must be a login: ' + done.stderr.strip())

    # A reviewer seated at a desk sees part of the chains: verify must not call them broken
    done = run(alice, 'verify', '--no-checkpoint')
    check(done.returncode == 1 and 'broken' not in done.stdout and 'MB' in done.stderr and
          'nothing was verified' in done.stderr,
          'a reviewer who sees one desk cannot verify, and is told why, not "broken": %s%s'
          % (done.stdout.strip(), done.stderr.strip()))
    done = run(admin, 'verify', '--no-checkpoint')
    check(done.returncode == 0 and done.stdout.startswith('intact'),
          'an admin verifies the same ledger intact: ' + done.stdout.strip())

    ok(admin, 'detect', '--all', '--as-of', '2026-11-09')
    everything = json_lines(ok(su, 'alerts', '--json'))
    ma_alert = [a['id'] for a in everything if a['model_name'] == 'MA'][0]
    mb_alert = [a['id'] for a in everything if a['model_name'] == 'MB'][0]

    # What each login sees
    check(models_of(alice, 'decisions') == ['MA'] and models_of(alice, 'alerts') == ['MA'],
          'alice sees only MA\'s decisions and alerts: %s %s'
          % (models_of(alice, 'decisions'), models_of(alice, 'alerts')))
    check(len(json_lines(ok(alice, 'decisions', '--json', '--limit', '1000'))) == 160,
          'alice sees all 160 of MA\'s decisions')
    check(models_of(bob, 'decisions') == ['MB'] and models_of(bob, 'alerts') == ['MB'],
          'bob sees only MB\'s decisions and alerts')
    check(models_of(audrey, 'decisions') == ['MA', 'MB'] and
          models_of(audrey, 'alerts') == ['MA', 'MB'],
          'audrey, an auditor, sees both models\' decisions and alerts')

    # Acknowledging
    done = run(alice, 'ack', str(mb_alert), '--by', ALICE)
    check(done.returncode != 0 and ('alert %d' % mb_alert) in done.stderr and
          'desk' in done.stderr,
          'alice cannot acknowledge MB\'s alert: ' + done.stderr.strip())
    mb = [a for a in json_lines(ok(su, 'alerts', '--json')) if a['id'] == mb_alert][0]
    check(not mb['acknowledged'], 'MB\'s alert stays unacknowledged')
    done = run(alice, 'ack', str(ma_alert), '--by', 'Alice A.')
    check(done.returncode == 0, 'alice acknowledges MA\'s alert: ' + done.stderr.strip())
    ma = [a for a in json_lines(ok(audrey, 'alerts', '--json')) if a['id'] == ma_alert][0]
    check(ma['acknowledged'] and ma['acknowledged_by'] == ALICE,
          'the acknowledgement is recorded under alice\'s login: %s' % ma['acknowledged_by'])
    acks = events('acknowledge')
    check(len(acks) == 1 and acks[0].startswith('%s|alert:%d|' % (ALICE, ma_alert)),
          'its event names alice: %s' % acks)
    done = run(audrey, 'ack', str(mb_alert), '--by', AUDREY)
    check(done.returncode != 0 and AUDREY in done.stderr,
          'audrey cannot acknowledge: ' + done.stderr.strip())

    # Who has access
    listed = {row['login']: row for row in json_lines(ok(audrey, 'access', '--json'))}
    expected = {ALICE: (['vigil_reviewer'], ['A'], False), BOB: (['vigil_reviewer'], ['B'], False),
                AUDREY: (['vigil_auditor'], [], True), ADMIN: (['vigil_admin'], [], True)}
    for login, (roles, seats, every) in expected.items():
        row = listed.get(login, {})
        check(row.get('roles') == roles and row.get('desks') == seats and
              row.get('sees_every_desk') == every and not row.get('superuser'),
              'access lists %s with roles %s and desks %s: %s' % (login, roles, seats, row))
    text = ok(alice, 'access')
    line = [line.split() for line in text.splitlines() if line.startswith(ALICE + ' ')]
    check(line and line[0][1:3] == ['vigil_reviewer', 'A'],
          'access prints alice\'s role and desk as a table: %s' % line)
    check('GRANT vigil_reviewer TO' in ok(su, 'access', '--help'),
          'access --help shows how roles are granted')

    # The ledger
    set_desk = events('set_desk')
    check(set_desk == ['%s|model:MA|{"desk":"A","previous_desk":null}' % ADMIN,
                       '%s|model:MB|{"desk":"B","previous_desk":null}' % ADMIN],
          'each desk set is an event under the admin\'s login: %s' % set_desk)
    check(events('desk_add_member') == ['%s|desk:A|{"member":"%s"}' % (ADMIN, ALICE),
                                        '%s|desk:B|{"member":"%s"}' % (ADMIN, BOB)],
          'each new desk member is an event: %s' % events('desk_add_member'))
    forged = psql("INSERT INTO events (id, timestamp, actor, action, target, details, "
                  "record_hash) VALUES (1000, '2026-11-09T00:00:00', '%s', "
                  "'desk_add_member', 'desk:B', '{}', 'h')" % ADMIN, DATABASE, ALICE,
                  check_ok=False)
    check(forged.returncode != 0 and 'as its actor' in forged.stderr,
          'the server refuses a desk event in another login\'s name: '
          + ' '.join(forged.stderr.split()[:16]))

    # Taking a model off its desk, and a member off a desk
    ok(admin, 'models', '--clear-desk', 'MB')
    check(models_of(alice, 'decisions') == ['MA', 'MB'],
          'once MB is on no desk alice sees it too: %s' % models_of(alice, 'decisions'))
    check(events('set_desk')[-1] == '%s|model:MB|{"desk":null,"previous_desk":"B"}' % ADMIN,
          'clearing a desk is an event with the previous desk: %s' % events('set_desk')[-1])
    done = run(admin, 'access', '--remove-member', 'A', ALICE)
    check(done.returncode == 0 and models_of(alice, 'decisions') == ['MB'],
          'once off desk A alice no longer sees MA: %s' % models_of(alice, 'decisions'))
    check(events('desk_remove_member') == ['%s|desk:A|{"member":"%s"}' % (ADMIN, ALICE)],
          'the removal is an event: %s' % events('desk_remove_member'))
    done = run(admin, 'access', '--remove-member', 'A', ALICE)
    check(done.returncode != 0 and 'not a member' in done.stderr,
          'removing a login that is not a member says so: ' + done.stderr.strip())

    verify = run(audrey, 'verify', '--json', '--no-checkpoint')
    result = json_lines(verify.stdout)[-1] if json_lines(verify.stdout) else {}
    check(verify.returncode == 0 and result.get('intact'),
          'the ledger verifies intact after the desk changes: ' + verify.stderr.strip())

    # Desks changed behind Vigil's back, with no event, are caches that differ
    psql("INSERT INTO desk_members VALUES ('A', '%s'); UPDATE models SET desk = 'A' "
         "WHERE name = 'MB'" % BOB, DATABASE)
    verify = run(audrey, 'verify', '--json', '--no-checkpoint')
    result = json_lines(verify.stdout)[-1] if json_lines(verify.stdout) else {}
    named = result.get('cache_differences_named', [])
    check(verify.returncode == 1 and not result.get('intact') and
          any(d.startswith('desk_members A: %s ' % BOB) for d in named) and
          any(d.startswith('models MB: desk is “A”') for d in named),
          'verify names a member and a desk set without their events: %s' % named)

    # SQLite has no desks
    lite = os.path.join(folder, 'lite.db')
    ok(lite, 'init')
    ok(lite, 'import', jsonl)
    before = json_lines(ok(lite, 'verify', '--json', '--no-checkpoint'))[-1]
    done = run(lite, 'models', '--set-desk', 'MA', 'A')
    check(done.returncode == 1 and 'desks need a postgresql database' in done.stderr.lower(),
          'set-desk on SQLite is refused: ' + done.stderr.strip())
    done = run(lite, 'access')
    check(done.returncode == 1 and 'need a postgresql database' in done.stderr.lower(),
          'access on SQLite is refused: ' + done.stderr.strip())
    after = json_lines(ok(lite, 'verify', '--json', '--no-checkpoint'))[-1]
    check(after['intact'] and after['events_records'] == before['events_records'],
          'the refusal records nothing: %s events' % after['events_records'])
    check('DESK' not in ok(lite, 'models') and
          json_lines(ok(lite, 'models', '--json'))[0]['desk'] is None,
          'models on SQLite shows no desk column, and a desk of null in JSON')

    print('%d failure(s)' % len(FAILURES))
    return 1 if FAILURES else 0


if __name__ == '__main__':
    try:
        status = main()
    finally:
        if BASE:
            psql('DROP DATABASE IF EXISTS %s WITH (FORCE)' % DATABASE, check_ok=False)
            psql(''.join('DROP ROLE IF EXISTS %s;' % who for who in (ALICE, BOB, AUDREY, ADMIN)),
                 check_ok=False)
    sys.exit(status)
