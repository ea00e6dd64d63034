#!/usr/bin/env python3
# ledger-caches.py: what a report states of acknowledgements, reviews, outcomes, flags and
# daily totals is checked against the chained facts
#
# The columns and tables a report reads them from are caches of the events chain and of the
# decisions. A plain UPDATE of any of them, with every trigger of Vigil in place, must make
# `vigilctl verify` name the difference and exit 1, and make `vigilctl report` say NOT intact
# and exit 1. A planted trigger that would acknowledge every new alert and approve every flagged
# decision is refused: Vigil writes nothing under it, and verify and report name it. An honest database after acknowledgements, reviews, outcomes,
# detection and flags verifies intact. Standard library only.
#
# Usage: ledger-caches.py VIGILCTL
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

VIGILCTL = sys.argv[1]
FAILURES = []
PERIOD = ['--from', '2026-11-01', '--to', '2026-11-05']
SIMULATION = ['simulate', '--start', '2026-11-01', '--days', '4', '--trading-per-day', '30',
              '--credit-per-day', '20', '--seed', '7']


def check(condition, what):
    if not condition:
        FAILURES.append(what)
        print('FAIL:', what)


def run(db, *args):
    return subprocess.run([VIGILCTL, '--db', db, *args], capture_output=True, text=True,
                          env=dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE='C'))


def ok(done, what):
    assert done.returncode == 0, f'{what}: {done.stdout}{done.stderr}'


def sql(db, statements, *args):
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(statements, args).fetchall() if args or \
            statements.lstrip().upper().startswith('SELECT') else conn.executescript(statements)
        conn.commit()
        return rows
    finally:
        conn.close()


def honest_database(folder):
    """A simulation (detection, alerts, flags), then people's actions through vigilctl."""
    db = os.path.join(folder, 'honest.db')
    ok(run(db, *SIMULATION), 'simulate')
    alerts = [row[0] for row in sql(db, 'SELECT id FROM alerts ORDER BY id')]
    flagged = [row[0] for row in sql(db, 'SELECT id FROM decisions WHERE anomaly_flag = 1 '
                                         'ORDER BY id')]
    assert len(alerts) >= 2 and len(flagged) >= 2, 'the simulation raised no alerts'
    ok(run(db, 'ack', str(alerts[0]), '--by', 'Ann Risk', '--note', 'looked at it'), 'ack')
    ok(run(db, 'review', str(flagged[0]), '--by', 'Bob', '--status', 'approved',
           '--notes', 'fine'), 'review')
    ok(run(db, 'review', str(flagged[0]), '--by', 'Carol', '--status', 'escalated'), 'review')
    ok(run(db, 'outcome', str(flagged[1]), '--value', 'DEFAULT', '--date', '2026-11-04'),
       'outcome')
    # Detection run again finds the same alerts and flags nothing twice.
    ok(run(db, 'detect', '--as-of', '2026-11-05'), 'detect')
    return db, alerts, flagged


def verify(db):
    done = run(db, 'verify', '--json', '--no-checkpoint')
    return done, json.loads(done.stdout) if done.stdout.strip() else {}


def expect_named(folder, source, name, tamper, wanted):
    db = os.path.join(folder, name + '.db')
    shutil.copy(source, db)
    sql(db, tamper)

    done, result = verify(db)
    named = [result.get('reason') or ''] + result.get('cache_differences_named', [])
    check(done.returncode == 1, f'{name}: verify exits {done.returncode}, not 1')
    check(result.get('intact') is False, f'{name}: verify says intact')
    check(any(wanted in text for text in named),
          f'{name}: verify does not name “{wanted}”: {named[:5]}')
    text = run(db, 'verify', '--no-checkpoint').stdout
    check(wanted in text, f'{name}: verify’s text does not name “{wanted}”')

    js = os.path.join(folder, name + '.json')
    done = run(db, 'report', *PERIOD, '--pdf', os.path.join(folder, name + '.pdf'), '--json', js)
    check(done.returncode == 1, f'{name}: report exits {done.returncode}, not 1')
    check('NOT intact' in done.stdout + done.stderr, f'{name}: report does not say NOT intact')
    if os.path.exists(js):
        ledger = json.load(open(js, encoding='utf-8'))['ledger']
        check(ledger['intact'] is False, f'{name}: the report’s JSON says intact')
        check(ledger['cache_differences'] >= 1, f'{name}: the report counts no difference')
    else:
        check(False, f'{name}: no JSON report written')
    return result


def main():
    folder = tempfile.mkdtemp(prefix='vigil-caches-')
    try:
        db, alerts, flagged = honest_database(folder)
        done, result = verify(db)
        check(done.returncode == 0 and result.get('intact') is True,
              f'honest database: {done.stdout}{done.stderr}')
        check(result.get('caches_checked') is True, 'honest database: caches not checked')
        done = run(db, 'report', *PERIOD, '--pdf', os.path.join(folder, 'honest.pdf'))
        check(done.returncode == 0, f'honest report exits {done.returncode}: {done.stderr}')

        unacked = alerts[1]
        model = sql(db, 'SELECT model_name FROM decisions WHERE id = ?', flagged[0])[0][0]
        day = sql(db, 'SELECT day FROM daily_predictions WHERE model_name = ? ORDER BY day '
                      'DESC LIMIT 1', model)[0][0]
        cases = [
            ('ack-by-update',
             f"UPDATE alerts SET acknowledged=1, acknowledged_by='Chief Risk Officer' "
             f"WHERE id={unacked}",
             f'alert {unacked}: acknowledged_by is “Chief Risk Officer” with no acknowledge '
             f'event'),
            ('unflag-all', 'UPDATE decisions SET anomaly_flag=0 WHERE anomaly_flag=1',
             f'decision {flagged[0]}: anomaly_flag is 0, but flag event'),
            ('daily-predictions-zeroed',
             f"UPDATE daily_predictions SET n=0 WHERE model_name='{model}'",
             f'daily_predictions {model} '),
            ('review-status',
             f"UPDATE decisions SET review_status='approved' WHERE id={flagged[0]}",
             f'decision {flagged[0]}: review_status is “approved”, but review event'),
            ('review-without-event',
             f"UPDATE decisions SET review_status='approved', reviewed_by='Chief Risk Officer' "
             f"WHERE id={flagged[2]}",
             f'decision {flagged[2]}: review_status is “approved” with no review event'),
            ('outcome', f"UPDATE decisions SET actual_outcome='PAID' WHERE id={flagged[1]}",
             f'decision {flagged[1]}: actual_outcome is “PAID”, but outcome event'),
            ('ack-note', f"UPDATE alerts SET ack_note='nothing to see' WHERE id={alerts[0]}",
             f'alert {alerts[0]}: ack_note is “nothing to see”, but acknowledge event'),
            ('daily-confidence',
             f"UPDATE daily_confidence SET n=n+5 WHERE model_name='{model}' AND day='{day}'",
             f'daily_confidence {model} {day} '),
            ('daily-entities',
             f"UPDATE daily_entities SET n=1 WHERE day='{day}'", f'daily_entities '),
            ('daily-inputs',
             f"UPDATE daily_inputs SET n_empty=n_empty+1 WHERE model_name='{model}' "
             f"AND day='{day}'",
             f'daily_inputs {model} {day} without inputs: '),
            ('daily-feature-bins',
             f"UPDATE daily_feature_bins SET n=n+1 WHERE (model_name, day, feature, bin) = "
             f"(SELECT model_name, day, feature, bin FROM daily_feature_bins "
             f"WHERE model_name='{model}' AND day='{day}' LIMIT 1)",
             f'daily_feature_bins {model} {day} '),
            ('daily-features-range',
             f"UPDATE daily_features SET max_value=max_value+1 WHERE model_name='{model}' "
             f"AND day='{day}' AND n_numbers > 0",
             f'daily_features {model} {day} '),
            ('daily-outcomes', "UPDATE daily_outcomes SET lag_days=lag_days+1",
             'daily_outcomes '),
            ('models-decisions', f"UPDATE models SET decisions=decisions-100 WHERE name='{model}'",
             f'models {model}: '),
            ('raised-at', f"UPDATE alerts SET raised_at='2026-11-01T00:00:00.000000' "
                          f"WHERE id={alerts[0]}",
             f'alert {alerts[0]}: raised_at is “2026-11-01T00:00:00.000000”, but detect event'),
        ]
        for name, tamper, wanted in cases:
            expect_named(folder, db, name, tamper, wanted)

        # A trigger planted before anything was logged would acknowledge every new alert and
        # approve every flagged decision inside Vigil's own writes: Vigil refuses to write
        # under it, so nothing it would have faked is ever committed, and verify names it.
        planted = os.path.join(folder, 'planted.db')
        ok(run(planted, 'init', '--purpose', 'training'), 'init')
        sql(planted, """
            CREATE TRIGGER ack_all AFTER INSERT ON alerts BEGIN
              UPDATE alerts SET acknowledged=1, acknowledged_by='Chief Risk Officer'
              WHERE id=NEW.id; END;
            CREATE TRIGGER approve_flagged AFTER UPDATE OF anomaly_flag ON decisions
              WHEN NEW.anomaly_flag=1 BEGIN
              UPDATE decisions SET review_status='approved', reviewed_by='Chief Risk Officer'
              WHERE id=NEW.id; END;""")
        refused = run(planted, *SIMULATION)
        check(refused.returncode != 0 and
              'trigger ack_all on table alerts is not one of Vigil’s' in refused.stderr,
              f'planted trigger: simulate is not refused: {refused.returncode} {refused.stderr}')
        check(sql(planted, 'SELECT count(*) FROM decisions')[0][0] == 0 and
              sql(planted, 'SELECT count(*) FROM alerts')[0][0] == 0,
              'planted trigger: decisions or alerts were written under it')
        done, result = verify(planted)
        check(done.returncode == 1 and result.get('intact') is False and
              'trigger ack_all on table alerts is not one of Vigil’s' in done.stdout,
              f'planted trigger: verify does not name it: {done.stdout}')
        done = run(planted, 'report', *PERIOD, '--pdf', os.path.join(folder, 'planted.pdf'))
        check(done.returncode == 1 and 'not one of Vigil’s' in done.stdout + done.stderr,
              f'planted trigger: report exits {done.returncode}: {done.stderr}')
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    if FAILURES:
        print(f'{len(FAILURES)} failure(s)')
        sys.exit(1)
    print('every cache difference named; the honest database verifies intact')


main()
