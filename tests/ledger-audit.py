#!/usr/bin/env python3
# ledger-audit.py: check a Vigil database's hash chains without Vigil, as an auditor would
#
# SPDX-License-Identifier: GPL-3.0-or-later
"""Replay the three hash chains of a Vigil database and print its head.

Each row's record_hash is the SHA-256 hex of the previous row's record_hash (64 '0's for the
first row) followed by the row's immutable columns (a decision's event_id only when it has
one), each as a netstring "LEN:BYTES,", with
NULL as "~", REAL as %.17g (zero as "0"; a row sealed under ledger format 1 may hold a zero
written "-0") and INTEGER in decimal. The head is the SHA-256 hex of the three
chains' last hashes (decisions, alerts, events) followed by "@" and their last ids.

    ledger-audit.py DB                   prints "intact: N records, head H" and exits 0,
                                         or the first bad row and exits 1
    ledger-audit.py --selftest VIGILCTL  checks this script and vigilctl agree
"""

import argparse
import contextlib
import hashlib
import json
import os
import pathlib
import random
import re
import sqlite3
import subprocess
import sys
import tempfile

CHAINS = {
    'decisions': 'id, timestamp, model_name, model_version, decision_type, input_features, '
                 'input_hash, prediction, confidence, explanation, ticker, sector, '
                 'portfolio_id, user_id, event_id',
    'alerts': 'id, timestamp, alert_type, severity, description, model_name, subject, '
              'window_start, window_end, baseline_start, observed, baseline, threshold, '
              'n_recent, n_baseline, p_value',
    'events': 'id, timestamp, actor, action, target, details',
}
GENESIS = b'0' * 64


def field(value, negative_zero=False):
    if value is None:
        return b'~'
    if isinstance(value, float):
        value = b'-0' if negative_zero else b'%.17g' % (value + 0.0)
    elif isinstance(value, int):
        value = b'%d' % value
    return b'%d:%s,' % (len(value), value)


def sealed_under_format_1(prev, row):
    """Ledger format 1 wrote a REAL negative zero as "-0"; SQLite reads it back as 0.0."""
    zeros = [i for i, v in enumerate(row[:-1]) if isinstance(v, float) and v == 0.0]
    for mask in range(1, 1 << len(zeros)):
        chosen = {zeros[j] for j in range(len(zeros)) if mask >> j & 1}
        fields = b''.join(field(v, i in chosen) for i, v in enumerate(row[:-1]))
        if sha256_hex(prev + fields) == row[-1]:
            return True
    return False


def sha256_hex(data):
    return None if data is None else hashlib.sha256(data).hexdigest().encode()


def audit(path):
    """Returns (True, records, head) or (False, table, row id, reason)."""
    uri = pathlib.Path(path).resolve().as_uri() + '?mode=ro'
    with contextlib.closing(sqlite3.connect(uri, uri=True, isolation_level=None)) as db:
        db.text_factory = bytes        # hash the stored bytes, whatever they are
        db.execute('BEGIN')            # one snapshot for the three chains
        heads, last_ids, records = [], [], 0
        for table, columns in CHAINS.items():
            prev, prev_id = GENESIS, 0
            for row in db.execute(f'SELECT {columns}, record_hash FROM {table} ORDER BY id'):
                if table == 'decisions' and row[-2] is None:
                    row = row[:-2] + row[-1:]      # a decision's event_id only when it has one
                if row[0] != prev_id + 1:
                    return False, table, prev_id + 1, 'deleted: row missing'
                h = sha256_hex(prev + b''.join(field(v) for v in row[:-1]))
                if h != row[-1] and sealed_under_format_1(prev, row):
                    h = row[-1]
                if h != row[-1]:
                    return False, table, row[0], 'record_hash does not match'
                if table == 'decisions' and row[6] != sha256_hex(row[5]):
                    return False, table, row[0], 'input_hash does not match input_features'
                prev, prev_id, records = h, row[0], records + 1
            heads.append(prev)
            last_ids.append(str(prev_id))
    head = hashlib.sha256(b''.join(heads)).hexdigest() + '@' + '.'.join(last_ids)
    return True, records, head


def report(result):
    if result[0]:
        return 'intact: %d records, head %s' % result[1:]
    return 'broken: table %s, row %d: %s' % result[1:]


# Self-test ------------------------------------------------------------------------------------

def sample_decisions(n):
    """Varied decisions in the import format, as JSON text."""
    rng = random.Random(20260226)
    words = ['prêt', 'crédit', '信用', 'Überziehung', 'قرض', '🙂 ok', 'tab\there', 'quote "q"',
             'back\\slash', 'line\nbreak', 'nul-ish \u0001', 'comma, colon: 12:']
    zones = ['Z', '+00:00', '+02:00', '-05:00', '+05:30', '-0930', '']
    lines = []
    for i in range(n):
        d = {'model_name': rng.choice(['MomentumSignal', 'CreditXGBoost', 'Modèle-β']),
             'model_version': '%d.%d' % (rng.randint(1, 3), rng.randint(0, 9)),
             'decision_type': rng.choice(['trade_signal', 'credit_approval']),
             'prediction': rng.choice(['BUY', 'SELL', 'HOLD', 'APPROVE', 'DECLINE', 'réexamen'])}
        confidence = rng.choice([None, 0, 1, 0.0, 1.0, 0.1, 1 / 3, 0.999999999999, 5e-324,
                                 rng.random()])
        if confidence is not None or i % 2:
            d['confidence'] = confidence
        if i % 7:
            d['timestamp'] = '2026-%02d-%02dT%02d:%02d:%02d%s%s' % (
                rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59),
                rng.randint(0, 59), rng.choice(['', '.5', '.123456', '.123456789']),
                rng.choice(zones))
        if i % 3:
            d['input_features'] = {'fico': rng.randint(300, 850), 'ratio': rng.random() * 1e3,
                                   'tags': [rng.choice(words), None, True, [1, [2.5, {}]]],
                                   'nested': {'z': -0.0, 'a': {'deep': rng.choice(words)}},
                                   rng.choice(words): 1e-7}
        for key in ('explanation', 'ticker', 'sector', 'portfolio_id', 'user_id'):
            if rng.random() < 0.6:
                d[key] = rng.choice(words) + (' ' + rng.choice(words)) * rng.randint(0, 3)
        if i % 11 == 0:
            d['ticker'] = None
        items = list(d.items())
        rng.shuffle(items)
        lines.append(json.dumps(dict(items), ensure_ascii=rng.random() < 0.3))
    return '\n'.join(lines) + '\n'


def add_alerts(path):
    """Appends alerts with this script's serializer: Vigil has no command that creates one."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute('BEGIN IMMEDIATE')
    prev_id, prev = db.execute('SELECT ifnull(max(id), 0), ifnull((SELECT record_hash FROM '
                               'alerts ORDER BY id DESC LIMIT 1), ?) FROM alerts',
                               (GENESIS.decode(),)).fetchone()
    for i, evidence in enumerate([(0.41, 0.1, 0.2, 120, 840, 1.5e-9),
                                  (0.5, 1 / 3, None, None, 7, None)]):
        row = (prev_id + 1 + i, '2026-03-0%dT00:00:00.000000' % (i + 1), 'distribution_shift',
               'HIGH', 'SELL share %d%% → 41%%' % i, 'MomentumSignal', 'SELL',
               '2026-03-0%dT00:00:00.000000' % (i + 1), '2026-03-0%dT00:00:00.000000' % (i + 2),
               '2026-02-2%dT00:00:00.000000' % (i + 2)) + evidence
        encoded = tuple(v.encode() if isinstance(v, str) else v for v in row)
        prev = hashlib.sha256(prev.encode() + b''.join(map(field, encoded))).hexdigest()
        db.execute('INSERT INTO alerts (%s, record_hash) VALUES (%s)' % (
            CHAINS['alerts'], ', '.join('?' * (len(row) + 1))), row + (prev,))
    db.execute('COMMIT')
    db.close()


def vigilctl(binary, db, *args):
    r = subprocess.run([binary, '--db', db, *args], capture_output=True, encoding='utf-8',
                       errors='replace', timeout=120)
    return r.returncode, r.stdout.strip(), r.stderr.strip()


def tampered_copy(db, copy, sql):
    src, dst = sqlite3.connect(db), sqlite3.connect(copy, isolation_level=None)
    src.backup(dst)
    src.close()
    dst.executescript(sql)
    dst.close()


def selftest(binary):
    failures = []

    def check(ok, what):
        print(('ok: ' if ok else 'FAIL: ') + what)
        if not ok:
            failures.append(what)

    with tempfile.TemporaryDirectory(prefix='ledger-audit-') as tmp:
        db, src = os.path.join(tmp, 'vigil.db'), os.path.join(tmp, 'decisions.jsonl')
        with open(src, 'w', encoding='utf-8') as f:
            f.write(sample_decisions(300))
        for args in (['init'], ['import', src]):
            status, out, err = vigilctl(binary, db, *args)
            check(status == 0, 'vigilctl %s exits 0 (%d: %s)' % (args[0], status, err or out))
        add_alerts(db)
        for args in (['ack', '1', '--by', 'Auditor Ä', '--note', 'seen'],
                     ['review', '5', '--by', 'Ana Risk', '--status', 'approved'],
                     ['outcome', '6', '--value', 'DEFAULT']):
            status, out, err = vigilctl(binary, db, *args)
            check(status == 0, 'vigilctl %s exits 0 (%d: %s)' % (args[0], status, err or out))

        # verify records a checkpoint event after it; the head it prints is the one before
        ours = report(audit(db))
        status, out, err = vigilctl(binary, db, 'verify')
        out = out.splitlines()[0] if out else out
        check(status == 0 and out == ours,
              'vigilctl verify and ledger-audit agree:\n  vigilctl:     %s\n  ledger-audit: %s'
              % (out or err, ours))
        ids = re.search(r'@(\d+)\.(\d+)\.(\d+)$', ours)
        check(ids is not None and ids.group(1, 2) == ('300', '2') and int(ids.group(3)) >= 4,
              'all three chains hold rows: 300 decisions, 2 alerts, the events of 4 actions')

        for name, row, sql in (
                ('an edited prediction', 123, 'DROP TRIGGER decisions_immutable; UPDATE '
                 "decisions SET prediction = 'TAMPERED' WHERE id = 123;"),
                ('a deleted decision', 50, 'DROP TRIGGER decisions_no_delete; '
                 'DELETE FROM decisions WHERE id = 50;')):
            copy = os.path.join(tmp, 'tampered-%d.db' % row)
            tampered_copy(db, copy, sql)
            status, out, err = vigilctl(binary, copy, 'verify')
            theirs = re.match(r'broken: table (\w+), row (\d+)', out)
            result = audit(copy)
            check(status == 1 and theirs is not None and not result[0] and
                  (theirs.group(1), int(theirs.group(2))) == ('decisions', row) ==
                  tuple(result[1:3]),
                  'both find %s at decisions row %d:\n  vigilctl:     %s\n  ledger-audit: %s'
                  % (name, row, out or err, report(result)))

    print('ledger-audit self-test: %s' % ('%d failures' % len(failures) if failures else 'passed'))
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('db', nargs='?', help='the Vigil database to check')
    parser.add_argument('--selftest', metavar='VIGILCTL',
                        help='build databases with VIGILCTL and check that both tools agree')
    args = parser.parse_args()
    if args.selftest:
        return selftest(args.selftest)
    if not args.db:
        parser.error('give a database, or --selftest VIGILCTL')
    try:
        result = audit(args.db)
    except sqlite3.Error as e:
        print('ledger-audit: %s: %s' % (args.db, e), file=sys.stderr)
        return 1
    print(report(result))
    return 0 if result[0] else 1


if __name__ == '__main__':
    sys.exit(main())
