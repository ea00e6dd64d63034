#!/usr/bin/env python3
# notebook-oracle.py: Vigil's four checks against the prototype notebook's, on the same data
#
# SPDX-License-Identifier: GPL-3.0-or-later
"""Generates decisions the way the notebook's simulate_production_day() does, with a different
incident on several days, imports them with vigilctl, and for many instants compares the alerts
of `vigilctl detect --dry-run --json` with those of the notebook's detect_decision_anomalies(),
re-typed here without pandas and evaluated over the same windows: recent [as_of - 1 day, as_of),
baseline [as_of - 8 days, as_of - 1 day). The notebook prints a falling share with a "+"; Vigil
prints the true sign, and so does this oracle.

    notebook-oracle.py VIGILCTL
"""

import collections
import datetime
import json
import random
import sqlite3
import subprocess
import sys
import tempfile

TICKERS = ['AAPL', 'MSFT', 'AMZN', 'GOOG', 'JPM', 'BAC', 'XOM',
           'CVX', 'JNJ', 'PFE', 'UNH', 'V', 'MA', 'HD', 'PG']
SECTORS = ['Tech', 'Finance', 'Energy', 'Health', 'Consumer_Staples', 'Industrials']
START = datetime.datetime(2026, 11, 1, tzinfo=datetime.timezone.utc)
DAYS = 12


def trading(rng, momentum):
    if momentum > 0.15:
        return 'BUY', 0.75, 'Strong 12-month momentum'
    if momentum < -0.10:
        return 'SELL', 0.70, 'Negative 12-month momentum'
    return 'HOLD', 0.55, 'Neutral momentum'


def generate(rng):
    """Decisions of DAYS days; day 5 a SELL surge, day 8 one ticker dominant, day 10 triple
    volume, day 11 a fifth of the volume."""
    lines = []
    for day in range(DAYS):
        n_trading = {9: 150, 10: 10}.get(day, 50)
        n_credit = {9: 300, 10: 20}.get(day, 100)
        base = START + datetime.timedelta(days=day)
        for i in range(n_trading):
            momentum = rng.gauss(0.05, 0.15)
            if day == 4 and rng.random() < 0.7:
                momentum = -0.20
            ticker = 'NVDA' if day == 7 and rng.random() < 0.6 else rng.choice(TICKERS)
            prediction, confidence, explanation = trading(rng, momentum)
            when = base + datetime.timedelta(seconds=rng.randrange(86400))
            lines.append({'timestamp': when.isoformat(), 'model_name': 'MomentumSignal',
                          'model_version': 'v1.3', 'decision_type': 'trading_signal',
                          'prediction': prediction, 'confidence': confidence,
                          'explanation': explanation, 'ticker': ticker,
                          'sector': rng.choice(SECTORS), 'user_id': 'system',
                          'input_features': {'momentum_12m': momentum,
                                             'volatility': rng.uniform(0.1, 0.4),
                                             'pe_ratio': rng.uniform(10, 40)}})
        for i in range(n_credit):
            fico = int(rng.gauss(700, 60))
            dti = rng.uniform(15, 55)
            pd_score = max(0.01, min(0.99, (800 - fico) / 1000 + dti / 200))
            when = base + datetime.timedelta(seconds=rng.randrange(86400))
            lines.append({'timestamp': when.isoformat(), 'model_name': 'CreditXGBoost',
                          'model_version': 'v2.1', 'decision_type': 'credit_approval',
                          'prediction': 'APPROVE' if pd_score < 0.15 else 'DECLINE',
                          'confidence': 1 - pd_score, 'user_id': 'User-%d' % rng.randint(1, 10),
                          'input_features': {'fico': fico, 'dti': round(dti, 1)}})
    return lines


def notebook_alerts(db, model_name, as_of, window_days=1, baseline_days=7):
    """detect_decision_anomalies(), as the notebook writes it, over explicit windows."""
    def rows(start, end):
        return db.execute('SELECT prediction, confidence, ticker FROM decisions WHERE '
                          'model_name = ? AND timestamp >= ? AND timestamp < ?',
                          (model_name, start, end)).fetchall()
    fmt = lambda t: t.strftime('%Y-%m-%dT%H:%M:%S.%f')
    window_start = as_of - datetime.timedelta(days=window_days)
    recent = rows(fmt(window_start), fmt(as_of))
    baseline = rows(fmt(window_start - datetime.timedelta(days=baseline_days)), fmt(window_start))
    alerts = set()
    if not recent or not baseline:
        return alerts

    recent_dist = collections.Counter(r[0] for r in recent)
    baseline_dist = collections.Counter(r[0] for r in baseline)
    for category in sorted(set(recent_dist) | set(baseline_dist)):
        recent_pct = recent_dist[category] / len(recent)
        baseline_pct = baseline_dist[category] / len(baseline)
        shift = recent_pct - baseline_pct
        if abs(shift) > 0.20:
            alerts.add(('distribution_shift',
                        f"'{model_name}': '{category}' prediction shifted from "
                        f"{baseline_pct:.1%} to {recent_pct:.1%} (delta={shift:+.1%})"))

    tickers = collections.Counter(r[2] for r in recent if r[2] is not None)
    if tickers:
        top = min(tickers, key=lambda t: (-tickers[t], t))
        max_concentration = tickers[top] / len(recent)
        if max_concentration > 0.30:
            alerts.add(('concentration_risk',
                        f"'{model_name}': '{top}' represents {max_concentration:.1%} of decisions"))

    recent_conf = [r[1] for r in recent if r[1] is not None]
    baseline_conf = [r[1] for r in baseline if r[1] is not None]
    if recent_conf and baseline_conf:
        recent_avg = sum(recent_conf) / len(recent_conf)
        baseline_avg = sum(baseline_conf) / len(baseline_conf)
        if abs(recent_avg - baseline_avg) > 0.10:
            alerts.add(('confidence_shift',
                        f"'{model_name}': avg confidence shifted from {baseline_avg:.2f} to "
                        f"{recent_avg:.2f}"))

    recent_daily_avg = len(recent) / window_days
    baseline_daily_avg = len(baseline) / baseline_days
    if recent_daily_avg > 2 * baseline_daily_avg:
        alerts.add(('volume_anomaly',
                    f"'{model_name}': daily volume ({recent_daily_avg:.0f}) is more than 2x "
                    f"baseline ({baseline_daily_avg:.0f})"))
    elif recent_daily_avg < 0.3 * baseline_daily_avg:
        alerts.add(('volume_anomaly',
                    f"'{model_name}': daily volume ({recent_daily_avg:.0f}) is less than 0.3x "
                    f"baseline ({baseline_daily_avg:.0f})"))
    return alerts


def vigil_alerts(vigilctl, db_path, model_name, as_of):
    out = subprocess.run([vigilctl, '--db', db_path, 'detect', '--dry-run', '--json',
                          '--model', model_name, '--as-of', as_of.isoformat()],
                         check=True, capture_output=True, text=True).stdout
    alerts = set()
    for line in out.splitlines():
        a = json.loads(line)
        if a['outcome'] == 'alerted' and a['alert_type'] != 'feature_drift':
            alerts.add((a['alert_type'], a['description']))
    return alerts


def main():
    vigilctl = sys.argv[1]
    compared = total = 0
    with tempfile.TemporaryDirectory() as tmp:
        for seed in (1, 2, 3):
            db_path = f'{tmp}/oracle-{seed}.db'
            lines = generate(random.Random(seed))
            data = ''.join(json.dumps(line) + '\n' for line in lines)
            subprocess.run([vigilctl, '--db', db_path, 'import', '-'], input=data, text=True,
                           check=True, capture_output=True)
            db = sqlite3.connect(db_path)
            # Every day boundary once the baseline is full, and instants within days
            instants = [START + datetime.timedelta(days=d) for d in range(8, DAYS + 1)]
            instants += [START + datetime.timedelta(days=d, hours=13, minutes=37)
                         for d in range(8, DAYS)]
            for as_of in instants:
                for model in ('MomentumSignal', 'CreditXGBoost'):
                    expected = notebook_alerts(db, model, as_of)
                    got = vigil_alerts(vigilctl, db_path, model, as_of)
                    compared += 1
                    total += len(expected)
                    if expected != got:
                        print(f'seed {seed}, {model} as of {as_of}:')
                        for a in sorted(expected - got):
                            print('  only the notebook:', a)
                        for a in sorted(got - expected):
                            print('  only Vigil:       ', a)
                        return 1
            db.close()
    if total < 10:
        print(f'only {total} alerts were compared: the data no longer exercises the checks')
        return 1
    print(f'{compared} evaluations, {total} alerts: Vigil and the notebook agree')
    return 0


if __name__ == '__main__':
    sys.exit(main())
