#!/usr/bin/env python3
# simulate-cli.py: vigilctl simulate and detect, as a trainer and a risk officer use them
#
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs the notebook's scenario with vigilctl and checks what a trainer would look at: the SELL
surge caught by distribution_shift on day 4, the low-FICO day caught by feature_drift, no alert
on the five normal days; a shift of the loan purposes caught by categorical_drift; the same
seed giving the same database; the false alarms of ten seeds (printed); detect's idempotence,
dry run, JSON evidence and policy errors by line.

    simulate-cli.py VIGILCTL
"""

import json
import os
import sqlite3
import subprocess
import sys
import tempfile


def run(vigilctl, db, *args, check=True):
    result = subprocess.run([vigilctl, '--db', db, *args], capture_output=True, text=True)
    if check and result.returncode != 0:
        raise SystemExit(f'vigilctl {" ".join(args)} exited {result.returncode}:\n{result.stderr}')
    return result


def expect(condition, message):
    if not condition:
        raise SystemExit('FAILED: ' + message)


def main():
    vigilctl = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, 'training.db')

        # The notebook's run: 6 days, anomaly day 4, 50 + 100 decisions a day
        card = json.loads(run(vigilctl, db, 'simulate', '--start', '2026-11-01', '--json').stdout)
        by_name = {a['anomaly']: a for a in card['anomalies']}
        surge = by_name['sell_surge']
        expect(surge['caught'] and surge['day'] == 4, 'the SELL surge is caught on day 4')
        expect(surge['caught_by'][0]['check'] == 'distribution_shift'
               and surge['caught_by'][0]['subject'] == 'SELL'
               and 'delta=+' in surge['caught_by'][0]['description'],
               'the SELL surge is caught first by distribution_shift, as a rise')
        fico = by_name['low_fico']
        expect(fico['caught'] and any(c['check'] == 'feature_drift' and c['subject'] == 'fico'
                                      for c in fico['caught_by']),
               'the low-FICO day is caught by feature_drift on fico')
        expect(card['false_alarm_count'] == 0, f'no false alarm: {card["false_alarms"]}')

        con = sqlite3.connect(db)
        expect(con.execute("SELECT value FROM meta WHERE key = 'purpose'").fetchone()[0]
               == 'training', 'the database is marked training')
        expect(con.execute('SELECT count(*) FROM decisions').fetchone()[0] == 900,
               '900 simulated decisions')
        scenario = json.loads(con.execute("SELECT value FROM meta WHERE key = 'scenario'")
                              .fetchone()[0])
        expect(scenario['seed'] == 42, 'the scenario is recorded')
        flagged = con.execute('SELECT count(*) FROM decisions WHERE anomaly_flag = 1 AND '
                              "timestamp >= '2026-11-04' AND timestamp < '2026-11-05'"
                              ).fetchone()[0]
        expect(flagged > 0, 'the incident day\'s decisions are flagged')
        expect(con.execute('SELECT count(*) FROM decisions WHERE anomaly_flag = 1 AND '
                           "(timestamp < '2026-11-04' OR timestamp >= '2026-11-05')"
                           ).fetchone()[0] == 0, 'normal days are not flagged')
        hashes = con.execute('SELECT group_concat(record_hash) FROM decisions').fetchone()[0]
        con.close()
        expect(run(vigilctl, db, 'verify').stdout.startswith('intact:'), 'the ledger verifies')

        # The same seed, the same decisions
        again = os.path.join(tmp, 'again.db')
        run(vigilctl, again, 'simulate', '--start', '2026-11-01')
        con = sqlite3.connect(again)
        expect(con.execute('SELECT group_concat(record_hash) FROM decisions').fetchone()[0]
               == hashes, 'the same scenario and seed give the same decisions')
        con.close()

        # Intensities: one for all, then one incident's
        weak = os.path.join(tmp, 'weak.db')
        run(vigilctl, weak, 'simulate', '--start', '2026-11-01', '--credit-per-day', '2000',
            '--intensity', '0.8', '--intensity', 'low_fico=0.5')
        con = sqlite3.connect(weak)
        scenario = json.loads(con.execute("SELECT value FROM meta WHERE key = 'scenario'")
                              .fetchone()[0])
        expect(scenario['intensities']['low_fico'] == 0.5
               and scenario['intensities']['sell_surge'] == 0.8,
               f'each incident keeps its intensity: {scenario["intensities"]}')
        low = con.execute("SELECT avg(json_extract(input_features, '$.fico') BETWEEN 400 AND 550) "
                          "FROM decisions WHERE model_name = 'CreditXGBoost' AND "
                          "timestamp >= '2026-11-04' AND timestamp < '2026-11-05'").fetchone()[0]
        con.close()
        expect(0.12 < low < 0.18, f'low_fico at 0.5 gives about 15% low scores, not {low}')
        for arg, part in (('meteor=0.5', '“meteor” is not an anomaly'),
                          ('low_fico=2', 'intensity of low_fico must be a number above 0'),
                          ('low_fico=', 'not “”'),
                          ('=0.5', 'names no incident'),
                          ('lots', 'not “lots”')):
            bad = run(vigilctl, os.path.join(tmp, 'bad.db'), 'simulate', '--intensity', arg,
                      check=False)
            expect(bad.returncode == 2 and part in bad.stderr,
                   f'--intensity {arg} is refused as a usage error (2) saying {part}: '
                   f'{bad.returncode} {bad.stderr}')
        expect(not os.path.exists(os.path.join(tmp, 'bad.db')), 'a refused run writes nothing')

        # Decisions logged without their inputs, caught by data_quality on both models
        lost = os.path.join(tmp, 'lost.db')
        card = json.loads(run(vigilctl, lost, 'simulate', '--start', '2026-11-01', '--anomaly',
                              'missing_inputs', '--json').stdout)
        missing = card['anomalies'][0]
        expect(missing['anomaly'] == 'missing_inputs' and missing['caught']
               and {c['model_name'] for c in missing['caught_by']
                    if c['check'] == 'data_quality' and c['subject'] == 'empty_inputs'
                    and c['day'] == 4} == {'MomentumSignal', 'CreditXGBoost'},
               f'missing_inputs is caught by data_quality on both models: {missing}')
        expect(card['false_alarm_count'] == 0 and not card['other_alerts'],
               f'nothing else alerts on lost inputs: {card}')

        # Outcomes that disagree with day 4's decisions, arriving days later: performance_drop
        # on both models, and stats gives the figures the outcomes make
        wrong = os.path.join(tmp, 'wrong.db')
        card = json.loads(run(vigilctl, wrong, 'simulate', '--start', '2026-11-01', '--anomaly',
                              'accuracy_drop', '--json').stdout)
        dropped = card['anomalies'][0]
        expect(dropped['anomaly'] == 'accuracy_drop' and dropped['caught']
               and {c['model_name'] for c in dropped['caught_by']
                    if c['check'] == 'performance_drop' and c['subject'] == 'accuracy'
                    and c['day'] == 4} == {'MomentumSignal', 'CreditXGBoost'},
               f'accuracy_drop is caught by performance_drop on both models: {dropped}')
        expect(card['false_alarm_count'] == 0, f'no false alarm: {card["false_alarms"]}')
        stats = json.loads(run(vigilctl, wrong, 'stats', '--json', '--from', '2026-11-01',
                               '--to', '2026-11-07').stdout)
        figures = {p['model_name']: p for p in stats['performance']}
        expect(0.7 < figures['MomentumSignal']['outcome_coverage'] < 0.9
               and 1 <= figures['MomentumSignal']['mean_outcome_lag_days'] <= 3
               and figures['CreditXGBoost']['approval_rate'] is not None,
               f'stats gives the simulated outcomes\' coverage and lag: {figures}')
        plain = os.path.join(tmp, 'plain-outcomes.db')
        run(vigilctl, plain, 'simulate', '--start', '2026-11-01', '--anomaly', 'none')
        con_a, con_b = sqlite3.connect(wrong), sqlite3.connect(plain)
        same = (con_a.execute('SELECT group_concat(record_hash) FROM decisions').fetchone() ==
                con_b.execute('SELECT group_concat(record_hash) FROM decisions').fetchone())
        con_a.close()
        con_b.close()
        expect(same, 'the outcomes change no decision: they come from a stream of their own')

        # Outcomes for any simulation: the share asked for, lags within the days asked for,
        # and the same decisions as without them
        shared = os.path.join(tmp, 'shared-outcomes.db')
        bare = os.path.join(tmp, 'bare.db')
        run(vigilctl, shared, 'simulate', '--start', '2026-11-01', '--days', '8', '--anomaly',
            'none', '--seed', '9', '--outcomes', '0.4', '--outcome-lag-days', '5')
        run(vigilctl, bare, 'simulate', '--start', '2026-11-01', '--days', '8', '--anomaly',
            'none', '--seed', '9')
        con_a, con_b = sqlite3.connect(shared), sqlite3.connect(bare)
        n, with_outcome, low, high, whole = con_a.execute(
            "SELECT count(*), count(actual_outcome), "
            "min(julianday(outcome_date) - julianday(timestamp)), "
            "max(julianday(outcome_date) - julianday(timestamp)), "
            "sum(abs(julianday(outcome_date) - julianday(timestamp) - "
            "round(julianday(outcome_date) - julianday(timestamp))) < 1e-6 "
            " OR outcome_date >= '2026-11-08T23:59:59') "
            "FROM decisions").fetchone()
        same = (con_a.execute('SELECT group_concat(record_hash) FROM decisions').fetchone() ==
                con_b.execute('SELECT group_concat(record_hash) FROM decisions').fetchone())
        none_bare = con_b.execute('SELECT count(actual_outcome) FROM decisions').fetchone()[0]
        con_a.close()
        con_b.close()
        print(f'--outcomes 0.4 --outcome-lag-days 5: {with_outcome} of {n} decisions with an '
              f'outcome, lags from {low:.3f} to {high:.3f} days')
        expect(abs(with_outcome / n - 0.4) < 0.05,
               f'--outcomes 0.4 gives about 40% of the decisions an outcome: {with_outcome}/{n}')
        expect(0 < low and high <= 5 + 1e-6 and whole == with_outcome,
               f'each arrives 1 to 5 whole days later, or on the last simulated day: '
               f'{low}..{high}, {whole} of {with_outcome}')
        expect(same and none_bare == 0,
               'outcomes change no decision: the same seed gives the same decision hashes')
        stats = json.loads(run(vigilctl, shared, 'stats', '--json', '--from', '2026-11-01',
                               '--to', '2026-11-09').stdout)
        coverage = sum(p['with_outcome'] for p in stats['performance'])
        expect(coverage == with_outcome, f'stats counts the same outcomes: {coverage}')
        scenario = json.loads(sqlite3.connect(shared).execute(
            "SELECT value FROM meta WHERE key = 'scenario'").fetchone()[0])
        expect(scenario.get('outcome_share') == 0.4 and scenario.get('outcome_lag_days') == 5,
               f'the scenario records the outcomes asked for: {scenario}')

        # Known at once; and accuracy_drop's share overridden
        instant = os.path.join(tmp, 'instant.db')
        run(vigilctl, instant, 'simulate', '--start', '2026-11-01', '--anomaly', 'none',
            '--outcomes', '1', '--outcome-lag-days', '0')
        con = sqlite3.connect(instant)
        expect(con.execute('SELECT count(*) FROM decisions WHERE actual_outcome IS NULL OR '
                           'outcome_date <> timestamp').fetchone()[0] == 0,
               '--outcomes 1 --outcome-lag-days 0: every decision has its outcome at once')
        con.close()
        fewer = os.path.join(tmp, 'fewer.db')
        run(vigilctl, fewer, 'simulate', '--start', '2026-11-01', '--anomaly', 'accuracy_drop',
            '--outcomes', '0.2')
        con = sqlite3.connect(fewer)
        n, with_outcome, high = con.execute(
            'SELECT count(*), count(actual_outcome), '
            'max(julianday(outcome_date) - julianday(timestamp)) FROM decisions').fetchone()
        con.close()
        expect(abs(with_outcome / n - 0.2) < 0.05 and high <= 3 + 1e-6,
               f'--outcomes overrides accuracy_drop\'s share, its lag stays 1 to 3 days: '
               f'{with_outcome}/{n}, {high}')

        # Bad values are refused with what is wrong
        bad_db = os.path.join(tmp, 'bad-outcomes.db')
        for args, message in (
                (['--outcomes', '1.5'], '--outcomes: the share of decisions that get an outcome '
                                        'must be a number from 0 to 1, not “1.5”'),
                (['--outcomes', 'most'], 'must be a number from 0 to 1, not “most”'),
                (['--outcomes', '0.5', '--outcome-lag-days', '-2'],
                 '--outcome-lag-days: the most days an outcome arrives after its decision must '
                 'be a whole number from 0 to 3650, not “-2”'),
                (['--outcomes', '0.5', '--outcome-lag-days', '4000'], 'not “4000”'),
                (['--anomaly', 'none', '--outcome-lag-days', '2'],
                 'An outcome lag needs outcomes: give the share of decisions that get one, or '
                 'inject accuracy_drop')):
            result = run(vigilctl, bad_db, 'simulate', '--start', '2026-11-01', *args,
                         check=False)
            expect(result.returncode == 2 and message in result.stderr,
                   f'simulate {" ".join(args)} is refused: {result.returncode} {result.stderr}')
        expect(not os.path.exists(bad_db), 'and writes nothing')

        # The applicants' loan purposes shift: categorical_drift names the input and the purpose
        shift = os.path.join(tmp, 'shift.db')
        card = json.loads(run(vigilctl, shift, 'simulate', '--start', '2026-11-01', '--anomaly',
                              'category_shift', '--json').stdout)
        caught = card['anomalies'][0]
        expect(caught['anomaly'] == 'category_shift' and caught['caught'] and caught['day'] == 4
               and caught['caught_by'][0]['check'] == 'categorical_drift'
               and caught['caught_by'][0]['subject'] == 'loan_purpose'
               and "'debt_consolidation' from" in caught['caught_by'][0]['description'],
               f'the category shift is caught by categorical_drift on loan_purpose: {caught}')
        expect(card['false_alarm_count'] == 0, f'no false alarm: {card["false_alarms"]}')

        # A production database with decisions is refused
        prod = os.path.join(tmp, 'prod.db')
        subprocess.run([vigilctl, '--db', prod, 'import', '-'], text=True, capture_output=True,
                       input='{"model_name":"M","model_version":"1","decision_type":"t",'
                             '"prediction":"p"}\n', check=True)
        refused = run(vigilctl, prod, 'simulate', check=False)
        expect(refused.returncode == 1 and 'production' in refused.stderr,
               'simulating into a production database is refused')

        # Detection is idempotent, and a dry run stores nothing
        first = run(vigilctl, db, 'detect', '--backtest', '--from', '2026-11-01', '--to',
                    '2026-11-07').stdout
        expect(first.strip().endswith('0 of them new'), f'a second backtest stores nothing: {first}')
        con = sqlite3.connect(db)
        alerts = con.execute('SELECT count(*) FROM alerts').fetchone()[0]
        runs = con.execute('SELECT count(*) FROM check_results').fetchone()[0]
        con.close()
        dry = run(vigilctl, db, 'detect', '--as-of', '2026-11-05', '--dry-run', '--json', '-v')
        lines = [json.loads(l) for l in dry.stdout.splitlines()]
        expect({l['alert_type'] for l in lines} >= {'distribution_shift', 'concentration_risk',
                                                     'confidence_shift', 'volume_anomaly',
                                                     'feature_drift', 'data_quality'},
               'every check reports an outcome')
        for l in lines:
            expect(l['window_start'] == '2026-11-04T00:00:00.000000'
                   and l['baseline_start'] == '2026-10-28T00:00:00.000000',
                   'the windows are [as_of - 1 day, as_of) and 7 days before')
        con = sqlite3.connect(db)
        expect(con.execute('SELECT count(*) FROM alerts').fetchone()[0] == alerts
               and con.execute('SELECT count(*) FROM check_results').fetchone()[0] == runs,
               'a dry run stores nothing')
        con.close()

        # A malformed policy is refused with its line
        policy = os.path.join(tmp, 'policy.ini')
        with open(policy, 'w') as f:
            f.write('[defaults]\nwindow_days = 1\n\n[distribution_shift]\nthreshold = lots\n')
        bad = run(vigilctl, db, 'detect', '--policy', policy, '--dry-run', check=False)
        expect(bad.returncode == 1 and 'policy.ini:5:' in bad.stderr and 'threshold' in bad.stderr,
               f'the policy error names line 5: {bad.stderr}')

        # False alarms over ten seeds, which a trainer should expect to see now and then
        counts = []
        for seed in range(1, 11):
            path = os.path.join(tmp, f'seed-{seed}.db')
            card = json.loads(run(vigilctl, path, 'simulate', '--start', '2026-11-01', '--seed',
                                  str(seed), '--json').stdout)
            expect(all(a['caught'] for a in card['anomalies']),
                   f'seed {seed}: both incidents caught')
            counts.append(card['false_alarm_count'])
        print('false alarms over five normal days, seeds 1 to 10:', counts)
        expect(sum(counts) <= 10, 'at most one false alarm per run on average')
    print('simulate and detect: all checks passed')
    return 0


if __name__ == '__main__':
    sys.exit(main())
