#!/usr/bin/env python3
# ledger-report.py: what `vigilctl report` and `verify` say of a tampered ledger, and the
# report's ledger method reproducing its sealed head from a CSV export
#
# Each kind of tampering (an edited row with its trigger dropped, a deleted row, a forged row,
# an edited events row, a dropped trigger alone, a rewritten chain) must give a report that
# says NOT intact on its title page, names the row or trigger, records the broken head and
# exits 1. Standard library only, plus pdftotext (poppler-utils).
#
# Usage: ledger-report.py VIGILCTL README.md
#
# SPDX-License-Identifier: GPL-3.0-or-later

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile

VIGILCTL, README = sys.argv[1], sys.argv[2]
FAILURES = []
PERIOD = ['--from', '2026-11-01', '--to', '2026-11-05']


def check(condition, what):
    if not condition:
        FAILURES.append(what)
        print('FAIL:', what)


def run(db, *args):
    return subprocess.run([VIGILCTL, '--db', db, *args], capture_output=True, text=True,
                          env=dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE='C'))


def pdftext(path):
    return subprocess.run(['pdftotext', path, '-'], capture_output=True, text=True,
                          check=True).stdout


def new_database(folder, name):
    db = os.path.join(folder, name + '.db')
    sim = run(db, 'simulate', '--start', '2026-11-01', '--days', '4', '--trading-per-day', '30',
              '--credit-per-day', '20', '--seed', '7')
    assert sim.returncode == 0, sim.stderr
    return db


def report(db, folder, name, *extra, paper='a4'):
    pdf, js = os.path.join(folder, name + '.pdf'), os.path.join(folder, name + '.json')
    done = run(db, 'report', *PERIOD, '--pdf', pdf, '--json', js, '--paper', paper, *extra)
    data = json.load(open(js, encoding='utf-8')) if os.path.exists(js) else None
    return done, pdf, data


def recorded_heads(db):
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute('SELECT ledger_head FROM reports ORDER BY id')]


def head_unsplit(text, head, label):
    """A head is never split inside: on one line, or at most broken before its @."""
    hexpart, ids = head.split('@')
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if hexpart[:12] in line or hexpart[-12:] in line:
            whole = head in line
            at_the_at = (line.rstrip().endswith(hexpart) and i + 1 < len(lines)
                         and lines[i + 1].startswith('@' + ids))
            check(whole or at_the_at, f'{label}: the head is split inside: {line!r}')
        if '--expect-' in line:
            check('--expect-head' in line, f'{label}: --expect-head is split: {line!r}')


def expect_broken(folder, name, tamper, table, row_text, reason):
    db = new_database(folder, name)
    first, _, sealed = report(db, folder, name + '-before')
    check(first.returncode == 0, f'{name}: the report before tampering exits 0: {first.stderr}')
    check(sealed['ledger']['intact'], f'{name}: intact before tampering')
    with sqlite3.connect(db) as conn:
        conn.executescript(tamper)

    for paper in ('a4', 'letter'):
        done, pdf, data = report(db, folder, f'{name}-{paper}', paper=paper)
        label = f'{name} ({paper})'
        check(done.returncode == 1, f'{label}: report exits 1, not {done.returncode}')
        check('NOT intact' in done.stderr, f'{label}: the message says NOT intact: {done.stderr}')
        check(os.path.exists(pdf), f'{label}: the PDF is written')
        check(data is not None, f'{label}: the JSON is written')
        if data is None or not os.path.exists(pdf):
            continue
        ledger = data['ledger']
        check(not ledger['intact'], f'{label}: JSON says not intact')
        check(ledger['broken_table'] == table, f'{label}: broken table {ledger["broken_table"]}')
        text = pdftext(pdf)
        title = text.split('\f')[0]
        check('Ledger NOT intact' in title, f'{label}: the title page says Ledger NOT intact')
        check(row_text in title, f'{label}: the title page names “{row_text}”: {title[:300]!r}')
        check(reason in title.replace('\n', ' '), f'{label}: the title page gives “{reason}”')
        check('(null)' not in text, f'{label}: no (null) in the PDF')
        check('Ledger verified intact' not in text, f'{label}: never “Ledger verified intact”')
        check(ledger['head'] and re.fullmatch(r'[0-9a-f]{64}@\d+\.\d+\.\d+', ledger['head']),
              f'{label}: the head as found is a head: {ledger["head"]}')
        head_unsplit(text, ledger['head'], label)
        heads = recorded_heads(db)
        check(heads[-1] == 'broken:' + ledger['head'],
              f'{label}: the reports row records the broken head: {heads[-1]}')

    verify = run(db, 'verify', '--no-checkpoint')
    check(verify.returncode == 1, f'{name}: verify exits 1')
    check('table ' + row_text in verify.stdout, f'{name}: verify names {row_text}: {verify.stdout}')


def rechain(conn, table, columns):
    """Recomputes every record_hash of @table with the recipe, as a forger would."""
    def field(v):
        if v is None:
            return b'~'
        v = b'%.17g' % v if isinstance(v, float) else b'%d' % v if isinstance(v, int) else v
        return b'%d:%s,' % (len(v), v)
    conn.text_factory = bytes
    prev = b'0' * 64
    rows = conn.execute(f'SELECT {columns} FROM {table} ORDER BY id').fetchall()
    for row in rows:
        prev = hashlib.sha256(prev + b''.join(map(field, row))).hexdigest().encode()
        conn.execute(f'UPDATE {table} SET record_hash = ? WHERE id = ?', (prev.decode(), row[0]))
    conn.text_factory = str


def test_rewritten_chain(folder):
    db = new_database(folder, 'rewritten')
    first, _, sealed = report(db, folder, 'rewritten-before')
    check(first.returncode == 0, 'rewritten: first report exits 0')
    head = sealed['ledger']['head']
    with sqlite3.connect(db) as conn:
        trigger = conn.execute("SELECT sql FROM sqlite_master WHERE name = "
                               "'decisions_immutable'").fetchone()[0]
        conn.execute('DROP TRIGGER decisions_immutable')
        conn.execute("UPDATE decisions SET prediction = 'SELL' WHERE id = 3")
        rechain(conn, 'decisions', 'id, timestamp, model_name, model_version, decision_type, '
                'input_features, input_hash, prediction, confidence, explanation, ticker, '
                'sector, portfolio_id, user_id')
        conn.execute(trigger)

    done, pdf, data = report(db, folder, 'rewritten-after')
    check(done.returncode == 1, f'rewritten: report exits 1, not {done.returncode}')
    check(data and not data['ledger']['intact'], 'rewritten: NOT intact')
    check(data and data['ledger']['broken_table'] == 'reports' and
          data['ledger'].get('broken_id') == 1,
          f'rewritten: names the earlier report: {data and data["ledger"]}')
    check(data and 'no longer a prefix' in data['ledger']['reason'],
          'rewritten: says the sealed head is no longer a prefix')
    title = pdftext(pdf).split('\f')[0]
    check('Ledger NOT intact' in title and 'reports, row 1' in title.replace('Table ', ''),
          f'rewritten: the title page names report 1: {title[:300]!r}')

    expect = run(db, 'verify', '--no-checkpoint', '--expect-head', head)
    check(expect.returncode == 1, 'rewritten: verify --expect-head exits 1')
    again, _, data = report(db, folder, 'rewritten-expect', '--expect-head', head)
    check(again.returncode == 1 and not data['ledger']['intact'],
          'rewritten: report --expect-head exits 1, NOT intact')


def test_method(folder):
    db = new_database(folder, 'method')
    done, pdf, data = report(db, folder, 'method')
    check(done.returncode == 0, f'method: report exits 0: {done.stderr}')
    head = data['ledger']['head']
    statement = data['ledger']['statement']
    check('verified in full now' in statement and 'no earlier report' in statement,
          f'method: the statement says what was checked: {statement}')
    text = pdftext(pdf)
    check('Ledger method' in text, 'method: the PDF has a Ledger method section')
    head_unsplit(text, head, 'method')
    for paper in ('letter',):
        _, pdf2, data2 = report(db, folder, 'method-' + paper, paper=paper)
        head_unsplit(pdftext(pdf2), data2['ledger']['head'], 'method ' + paper)
        check('heads of the 1 earlier report' in data2['ledger']['statement'] or
              'head of the 1 earlier report' in data2['ledger']['statement'],
              f'method: the second report checked the first one\'s head: '
              f'{data2["ledger"]["statement"]}')

    # The database grows after the report; the script still finds the sealed head.
    more = run(db, 'review', '3', '--by', 'Ana Risk', '--status', 'approved')
    check(more.returncode == 0, f'method: a review logged after the report: {more.stderr}')
    script = os.path.join(folder, 'head.py')
    with open(script, 'w', encoding='utf-8') as f:
        f.write(data['ledger_method']['script'])
    check(len(data['ledger_method']['script'].splitlines()) <= 20, 'method: at most 20 lines')
    for line in data['ledger_method']['script'].splitlines():
        check(line.strip() in text.replace('\n', ' ') or len(line) > 60,
              f'method: the PDF prints the script line {line!r}')
    csv_path = os.path.join(folder, 'ledger.csv')
    export = run(db, 'export', '--ledger', '--format', 'csv', '-o', csv_path)
    check(export.returncode == 0, f'method: export --ledger: {export.stderr}')
    out = subprocess.run([sys.executable, script, csv_path, head], capture_output=True,
                         text=True)
    check(out.returncode == 0 and out.stdout.split() == [head, 'matches'],
          f'method: the script reproduces the sealed head {head}: {out.stdout} {out.stderr}')

    # An edit to a row the head covers changes what the script finds.
    with sqlite3.connect(db) as conn:
        conn.executescript("DROP TRIGGER decisions_immutable; "
                           "UPDATE decisions SET confidence = confidence + 1e-12 WHERE id = 2;")
    run(db, 'export', '--ledger', '--format', 'csv', '-o', csv_path)
    out = subprocess.run([sys.executable, script, csv_path, head], capture_output=True, text=True)
    check('DIFFERS' in out.stdout, f'method: the script sees an edit: {out.stdout}')

    norm = lambda s: ' '.join(s.split())
    readme = norm(open(README, encoding='utf-8').read())
    check(norm(data['ledger_method']['recipe']) in readme,
          'method: README.md gives the recipe of the report word for word')


def main():
    if shutil.which('pdftotext') is None:
        print('pdftotext (poppler-utils) is missing')
        return 77
    folder = tempfile.mkdtemp(prefix='vigil-ledger-report-')
    try:
        expect_broken(folder, 'edited',
                      "DROP TRIGGER decisions_immutable; "
                      "UPDATE decisions SET prediction = 'SELL (edited)' WHERE id = 5;",
                      'decisions', 'decisions, row 5', 'edited')
        expect_broken(folder, 'deleted',
                      'DROP TRIGGER decisions_no_delete; DELETE FROM decisions WHERE id = 7;',
                      'decisions', 'decisions, row 7', 'deleted')
        expect_broken(folder, 'forged',
                      "INSERT INTO decisions (id, timestamp, model_name, model_version, "
                      "decision_type, prediction, confidence, record_hash) VALUES (201, "
                      "'2026-11-04T12:00:00.000000', 'CreditXGBoost', 'v2.1', "
                      "'credit_approval', 'APPROVE', 0.99, '" + 'ab' * 32 + "');",
                      'decisions', 'decisions, row 201', 'outside Vigil')
        expect_broken(folder, 'events',
                      "DROP TRIGGER events_immutable; "
                      "UPDATE events SET actor = 'mallory' WHERE id = 1;",
                      'events', 'events, row 1', 'edited')
        expect_broken(folder, 'trigger', 'DROP TRIGGER alerts_no_delete;',
                      'alerts', 'alerts', 'trigger alerts_no_delete is missing')
        test_rewritten_chain(folder)
        test_method(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if FAILURES:
        print(f'{len(FAILURES)} failures')
        return 1
    print('ok')
    return 0


if __name__ == '__main__':
    sys.exit(main())
