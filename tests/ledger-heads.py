#!/usr/bin/env python3
# ledger-heads.py: heads only grow. A chain rewritten after a checkpoint or a report, a tail
# row forged with a valid hash, and a whole chain rewritten with fresh hashes after a head was
# sealed into a witness file are each named by `vigilctl verify` (or by `verify --witness`),
# which then records no checkpoint and exits 1. Standard library only.
#
# Usage: ledger-heads.py VIGILCTL
#
# SPDX-License-Identifier: GPL-3.0-or-later

import hashlib
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
COLUMNS = {
    'decisions': 'id, timestamp, model_name, model_version, decision_type, input_features, '
                 'input_hash, prediction, confidence, explanation, ticker, sector, '
                 'portfolio_id, user_id',
    'events': 'id, timestamp, actor, action, target, details',
}


def check(condition, what):
    if not condition:
        FAILURES.append(what)
        print('FAIL:', what)


def run(db, *args):
    return subprocess.run([VIGILCTL, '--db', db, *args], capture_output=True, text=True,
                          env=dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE='C'))


def new_database(folder, name):
    db = os.path.join(folder, name + '.db')
    sim = run(db, 'simulate', '--start', '2026-11-01', '--days', '4', '--trading-per-day', '30',
              '--credit-per-day', '20', '--seed', '7')
    assert sim.returncode == 0, sim.stderr
    return db


def field(v):
    if v is None:
        return b'~'
    v = b'%.17g' % v if isinstance(v, float) else b'%d' % v if isinstance(v, int) else v
    return b'%d:%s,' % (len(v), v)


def rehash(conn, table, start):
    """Recomputes every record_hash of @table from row @start on, as a forger would."""
    conn.text_factory = bytes
    prev = b'0' * 64 if start == 1 else conn.execute(
        f'SELECT record_hash FROM {table} WHERE id = ?', (start - 1,)).fetchone()[0]
    rows = conn.execute(f'SELECT {COLUMNS[table]} FROM {table} WHERE id >= ? ORDER BY id',
                        (start,)).fetchall()
    for row in rows:
        prev = hashlib.sha256(prev + b''.join(map(field, row))).hexdigest().encode()
        conn.execute(f'UPDATE {table} SET record_hash = ? WHERE id = ?', (prev.decode(), row[0]))
    conn.text_factory = str


def without_triggers(db, work):
    """Runs @work on a connection with every trigger dropped, then puts them back."""
    with sqlite3.connect(db) as conn:
        triggers = conn.execute("SELECT name, sql FROM sqlite_master "
                                "WHERE type = 'trigger'").fetchall()
        for name, _ in triggers:
            conn.execute(f'DROP TRIGGER {name}')
        work(conn)
        for _, sql in triggers:
            conn.execute(sql)


def count(db, sql):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchone()[0]


def test_rewrite_after_checkpoint(folder):
    """The issue's scenario: a checkpoint and a report, then row 100 rewritten and rehashed."""
    db = new_database(folder, 'rewrite')
    first = run(db, 'verify')
    check(first.returncode == 0 and 'checkpoint: recorded' in first.stdout,
          f'rewrite: the first verify records a checkpoint: {first.stdout}{first.stderr}')
    rep = run(db, 'report', *PERIOD, '--json', os.path.join(folder, 'rewrite.json'))
    check(rep.returncode == 0, f'rewrite: the first report exits 0: {rep.stderr}')

    def tamper(conn):
        conn.execute("UPDATE decisions SET prediction = 'APPROVE' WHERE id = 100")
        rehash(conn, 'decisions', 100)
    with sqlite3.connect(db) as conn:
        trigger = conn.execute("SELECT sql FROM sqlite_master "
                               "WHERE name = 'decisions_immutable'").fetchone()[0]
        conn.execute('DROP TRIGGER decisions_immutable')
        tamper(conn)
        conn.execute(trigger)

    checkpoints = count(db, "SELECT count(*) FROM events WHERE action = 'ledger_verified'")
    verify = run(db, 'verify')
    check(verify.returncode == 1, f'rewrite: verify exits 1, not {verify.returncode}')
    check('no longer a prefix' in verify.stdout and
          ('checkpoint' in verify.stdout or 'report' in verify.stdout),
          f'rewrite: verify names the checkpoint or report: {verify.stdout}')
    check(count(db, "SELECT count(*) FROM events WHERE action = 'ledger_verified'")
          == checkpoints, 'rewrite: verify records no checkpoint')
    again = run(db, 'report', *PERIOD, '--json', os.path.join(folder, 'rewrite-after.json'))
    check(again.returncode == 1, f'rewrite: report exits 1, not {again.returncode}')


def test_forged_tail(folder):
    """A decision appended with a valid hash that no import, follow, log or simulate added."""
    db = new_database(folder, 'forged')
    last = count(db, 'SELECT max(id) FROM decisions')

    row = (last + 1, '2026-11-04T12:00:00.000000', 'CreditXGBoost', 'v2.1', 'credit_approval',
           None, None, 'APPROVE', 0.99, None, None, None, None, None)
    with sqlite3.connect(db) as conn:
        # Every trigger in place: an INSERT is all it takes, with the hash the recipe gives.
        conn.text_factory = bytes
        prev = conn.execute('SELECT record_hash FROM decisions WHERE id = ?', (last,)).fetchone()[0]
        forged = hashlib.sha256(prev + b''.join(field(v.encode() if isinstance(v, str) else v)
                                                for v in row)).hexdigest()
        conn.execute(f'INSERT INTO decisions ({COLUMNS["decisions"]}, record_hash) '
                     f'VALUES ({", ".join("?" * 15)})', row + (forged,))
    verify = run(db, 'verify')
    check(verify.returncode == 1, f'forged: verify exits 1, not {verify.returncode}')
    check(f'table decisions, row {last + 1}: no import, follow, log or simulate event added it'
          in verify.stdout, f'forged: verify names decision {last + 1}: {verify.stdout}')
    check('checkpoint' not in verify.stdout, 'forged: no checkpoint recorded')
    rep = run(db, 'report', *PERIOD, '--json', os.path.join(folder, 'forged.json'))
    check(rep.returncode == 1, f'forged: report exits 1, not {rep.returncode}')


def test_legacy(folder):
    """Decisions from before range events are counted, not named; later ones must be covered."""
    db = new_database(folder, 'legacy')

    def older_vigil(conn):
        # As an older Vigil left it: no event records the ids its writes added (its detect
        # runs' flag events stay, as an older Vigil wrote those too).
        conn.execute("UPDATE events SET details = json_remove(details, '$.first_id', "
                     "'$.last_id') WHERE details LIKE '%first_id%'")
        rehash(conn, 'events', 1)
    without_triggers(db, older_vigil)
    verify = run(db, 'verify', '--no-checkpoint', '--json')
    out = json.loads(verify.stdout) if verify.stdout else {}
    check(verify.returncode == 0 and out.get('legacy_records') == 200,
          f'legacy: intact with 200 legacy decisions: {verify.stdout}{verify.stderr}')
    text = run(db, 'verify', '--no-checkpoint')
    check('legacy: 200 decisions predate' in text.stdout, f'legacy: said so: {text.stdout}')
    rep = run(db, 'report', *PERIOD, '--json', os.path.join(folder, 'legacy.json'))
    data = json.load(open(os.path.join(folder, 'legacy.json'), encoding='utf-8'))
    check(rep.returncode == 0 and data['ledger']['legacy_records'] == 200 and
          '200 records predate' in data['ledger']['statement'],
          f'legacy: the report says how many records predate range events: {rep.stderr}')


def test_witness(folder):
    db = new_database(folder, 'witness')
    witness = os.path.join(folder, 'witness.txt')
    key = os.path.join(folder, 'witness.key')

    made = run(db, 'seal', '--new-key', key)
    check(made.returncode == 0 and os.stat(key).st_mode & 0o777 == 0o600,
          f'witness: a new key, readable by its owner only: {made.stderr}')
    check(run(db, 'seal', '--new-key', key).returncode == 1, 'witness: a key is never overwritten')
    plain = run(db, 'seal', '--witness', witness)
    check(plain.returncode == 0 and 'line 2 of' in plain.stdout,
          f'witness: an unsigned seal: {plain.stdout}{plain.stderr}')
    signed = run(db, 'seal', '--witness', witness, '--sign', key)
    check(signed.returncode == 0 and 'line 3 of' in signed.stdout and 'signed' in signed.stdout,
          f'witness: a signed seal: {signed.stdout}{signed.stderr}')
    lines = open(witness, encoding='utf-8').read().splitlines()
    check(len(lines) == 3 and lines[0].startswith('#') and len(lines[2].split()) == 5,
          f'witness: a header and two heads: {lines}')

    ok = run(db, 'verify', '--no-checkpoint', '--witness', witness)
    check(ok.returncode == 0 and '2 heads in' in ok.stdout and '(1 signed)' in ok.stdout and
          'lines 2, 3' in ok.stdout, f'witness: verify --witness checks both: {ok.stdout}')
    rep = run(db, 'report', *PERIOD, '--witness', witness,
              '--json', os.path.join(folder, 'witness.json'))
    data = json.load(open(os.path.join(folder, 'witness.json'), encoding='utf-8'))
    check(rep.returncode == 0 and data['ledger']['witness']['head_witnessed'] and
          'witnessed there (line 2, 3)' in data['ledger']['statement'],
          f'witness: the report says its head was witnessed: {data["ledger"]}')

    # A tampered witness line, then a bad signature, are named.
    def rewrite_line(index, change):
        with open(witness, 'w', encoding='utf-8') as f:
            f.write('\n'.join(lines[:index] + [change(lines[index])] + lines[index + 1:]) + '\n')
    rewrite_line(2, lambda l: l.replace(l.split()[0], '2026-01-01T00:00:00.000000Z'))
    bad = run(db, 'verify', '--no-checkpoint', '--witness', witness)
    check(bad.returncode == 1 and 'line 3 of the witness file' in bad.stdout and
          'signature does not verify' in bad.stdout, f'witness: a changed line: {bad.stdout}')
    rewrite_line(2, lambda l: l[:-4] + ('0000' if not l.endswith('0000') else '1111'))
    bad = run(db, 'verify', '--no-checkpoint', '--witness', witness)
    check(bad.returncode == 1 and 'signature does not verify' in bad.stdout,
          f'witness: a bad signature: {bad.stdout}')
    refused = run(db, 'seal', '--witness', witness)
    check(refused.returncode == 1, 'witness: a ledger inconsistent with its witness is not sealed')
    rewrite_line(2, lambda l: l)
    check(run(db, 'verify', '--no-checkpoint', '--witness', witness).returncode == 0,
          'witness: the file put back verifies')

    # The whole chain rewritten from row 1 with fresh hashes, checkpoints and reports gone:
    # nothing in the database disagrees any more; the witness does.
    def rewrite_all(conn):
        conn.execute("UPDATE decisions SET prediction = 'APPROVE' WHERE id = 100")
        # A thorough forger brings the daily roll-ups in line with the rewritten decision.
        conn.execute("DELETE FROM daily_predictions")
        conn.execute("INSERT INTO daily_predictions SELECT model_name, substr(timestamp, 1, 10), "
                     "prediction, count(*), count(confidence), total(confidence), "
                     "total(confidence * confidence) FROM decisions GROUP BY 1, 2, 3")
        conn.execute("DELETE FROM reports")
        conn.execute("DELETE FROM events WHERE action IN ('ledger_verified', 'report_exported')")
        ids = [r[0] for r in conn.execute('SELECT id FROM events ORDER BY id')]
        for new, old in enumerate(ids, 1):
            conn.execute('UPDATE events SET id = ? WHERE id = ?', (new, old))
        rehash(conn, 'decisions', 1)
        rehash(conn, 'events', 1)
    without_triggers(db, rewrite_all)
    blind = run(db, 'verify', '--no-checkpoint')
    check(blind.returncode == 0,
          f'witness: without the witness, a rewrite of every chain from row 1 looks intact '
          f'(this is what the witness is for): {blind.stdout}')
    seen = run(db, 'verify', '--no-checkpoint', '--witness', witness)
    check(seen.returncode == 1 and 'witnessed on line 2' in seen.stdout and
          'no longer a prefix' in seen.stdout, f'witness: verify --witness names it: {seen.stdout}')
    rep = run(db, 'report', *PERIOD, '--witness', witness,
              '--json', os.path.join(folder, 'witness-after.json'))
    check(rep.returncode == 1, f'witness: report --witness exits 1, not {rep.returncode}')


def main():
    folder = tempfile.mkdtemp(prefix='vigil-ledger-heads-')
    try:
        test_rewrite_after_checkpoint(folder)
        test_forged_tail(folder)
        test_legacy(folder)
        test_witness(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if FAILURES:
        print(f'{len(FAILURES)} failures')
        return 1
    print('ok')
    return 0


if __name__ == '__main__':
    sys.exit(main())
