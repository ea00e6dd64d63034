#!/usr/bin/env python3
# import-cli.py: imports that can be run twice, interrupted and resumed, and outputs that never
# land on the database or the input
#
# Runs the built vigilctl as a user would: the same file imported twice is imported once (unless
# --again); an import killed with SIGKILL, or stopped with SIGTERM, resumes after its last
# committed batch and ends with every line of the file imported exactly once; `import` of a
# missing file never hangs; every output path that is the database, one of its files, the input
# or a symbolic link is refused, and the database still verifies. Standard library only.
#
# Usage: import-cli.py VIGILCTL
#
# SPDX-License-Identifier: GPL-3.0-or-later

import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

VIGILCTL = sys.argv[1]
FAILURES = []
BATCH = 4096
ENV = dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE='C', TZ='UTC')


def check(condition, what):
    if not condition:
        FAILURES.append(what)
        print('FAIL:', what)


def run(db, *args, timeout=60):
    """Runs vigilctl; one that does not end within @timeout seconds is a failure (a hang)."""
    try:
        return subprocess.run([VIGILCTL, '--db', db, *args], capture_output=True, text=True,
                              env=ENV, timeout=timeout)
    except subprocess.TimeoutExpired:
        check(False, 'vigilctl %s hung (killed after %d s)' % (' '.join(args), timeout))
        return subprocess.CompletedProcess(args, -1, '', '')


def line(i):
    return ('{"timestamp": "2026-03-%02dT%02d:%02d:%02dZ", "model_name": "Model%d", '
            '"model_version": "1", "decision_type": "trade_signal", "prediction": "%s", '
            '"confidence": 0.%03d, "input_features": {"i": %d}}\n'
            % (1 + i // 86400, i // 3600 % 24, i // 60 % 60, i % 60, i % 4,
               'BUY' if i % 2 else 'SELL', i % 1000, i))


def write_lines(path, n, extra=''):
    with open(path, 'w', encoding='utf-8') as out:
        out.writelines(line(i) for i in range(n))
        out.write(extra)


def query(db, sql):
    con = sqlite3.connect('file:%s?mode=ro' % db, uri=True, timeout=10)
    try:
        return con.execute(sql).fetchone()[0]
    except sqlite3.DatabaseError as error:
        check(False, '%s: %s' % (db, error))
        return -1
    finally:
        con.close()


def decisions(db):
    return query(db, 'SELECT count(*) FROM decisions')


def distinct_lines(db):
    return query(db, "SELECT count(DISTINCT json_extract(input_features, '$.i')) FROM decisions")


def outside_import_events(db):
    """Decisions that no import event names in its id range."""
    return query(db, "SELECT count(*) FROM decisions d WHERE NOT EXISTS (SELECT 1 FROM events e "
                     "WHERE e.action = 'import' AND d.id BETWEEN "
                     "json_extract(e.details, '$.first_id') AND "
                     "json_extract(e.details, '$.last_id'))")


def intact(db, what):
    done = run(db, 'verify', '--no-checkpoint')
    check(done.returncode == 0 and done.stdout.startswith('intact: '),
          '%s: verify says %r %r' % (what, done.stdout, done.stderr))


def wait_for_batches(proc, db, n):
    """Waits until @db holds at least @n committed decisions (the import is under way)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        if os.path.exists(db):
            try:
                if decisions(db) >= n:
                    return True
            except sqlite3.OperationalError:
                pass
        time.sleep(0.005)
    return False


def test_twice(folder):
    db = os.path.join(folder, 'twice.db')
    src = os.path.join(folder, 'twice.jsonl')
    write_lines(src, 50, '{"not": "a decision"}\n')

    first = run(db, 'import', src)
    check(first.returncode == 3 and 'Imported 50 decisions, rejected 1 lines' in first.stdout,
          'first import: %r %r' % (first.stdout, first.stderr))
    quarantine = open(src + '.rejected', encoding='utf-8').read()

    second = run(db, 'import', src)
    check(second.returncode == 0, 'second import exits 0, not %d' % second.returncode)
    check(('already imported: lines 1–51 of %s (sha256 ' % src) in second.stdout and
          '--again imports it again' in second.stdout,
          'second import says it was imported: %r' % second.stdout)
    check(decisions(db) == 50, 'second import adds nothing: %d decisions' % decisions(db))
    check(open(src + '.rejected', encoding='utf-8').read() == quarantine,
          'second import leaves the quarantine as it was')

    # The same content under another name is the same file.
    copy = os.path.join(folder, 'copy.jsonl')
    shutil.copy(src, copy)
    third = run(db, 'import', copy)
    check(third.returncode == 0 and 'already imported' in third.stdout,
          'a copy is recognised: %r' % third.stdout)

    again = run(db, 'import', '--again', src)
    check(again.returncode == 3 and 'Imported 50 decisions' in again.stdout,
          '--again imports again: %r %r' % (again.stdout, again.stderr))
    check(decisions(db) == 100, '--again adds the decisions again: %d' % decisions(db))
    check(outside_import_events(db) == 0, 'every decision lies in an import event')
    intact(db, 'import twice')


def test_kill(folder, sig):
    name = 'kill' if sig == signal.SIGKILL else 'term'
    db = os.path.join(folder, name + '.db')
    src = os.path.join(folder, name + '.jsonl')
    n = 400000
    write_lines(src, n)
    check(run(db, 'init').returncode == 0, 'init')

    proc = subprocess.Popen([VIGILCTL, '--db', db, 'import', src], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=ENV)
    if not wait_for_batches(proc, db, 2 * BATCH):
        proc.kill()
        proc.communicate()
        check(False, '%s: the import never committed a batch, or ended first' % name)
        return
    sent = time.monotonic()
    proc.send_signal(sig)
    try:
        out, err = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        check(False, '%s: the import did not stop within 20 s of the signal' % name)
    after = decisions(db)
    print('%s: stopped after %d decisions, %.2f s after the signal'
          % (name, after, time.monotonic() - sent))
    check(0 < after < n, '%s: part of the file was committed (%d)' % (name, after))
    check(outside_import_events(db) == 0, '%s: every committed decision has its import event'
          % name)
    intact(db, name + ' after the signal')
    if sig == signal.SIGTERM:
        check(proc.returncode == 1, 'SIGTERM: exit status 1, not %d' % proc.returncode)
        expected = ('vigilctl: interrupted: %d decisions committed in whole batches; run the '
                    'same command again to resume' % after)
        check(expected in err, 'SIGTERM says what was committed: %r' % err)
    else:
        check(proc.returncode == -signal.SIGKILL, 'SIGKILL ended it')

    resumed = run(db, 'import', src)
    check(resumed.returncode == 0, '%s: the second run exits 0: %r' % (name, resumed.stderr))
    check('Resumed after line ' in resumed.stdout and
          ('Imported %d decisions' % (n - after)) in resumed.stdout,
          '%s: the second run resumes: %r' % (name, resumed.stdout))
    check(decisions(db) == n and distinct_lines(db) == n,
          '%s: every line once: %d decisions, %d distinct' % (name, decisions(db),
                                                              distinct_lines(db)))
    check(outside_import_events(db) == 0, '%s: every decision lies in an import event' % name)
    intact(db, name + ' resumed')

    done = run(db, 'import', src)
    check('already imported: lines 1–%d of' % n in done.stdout,
          '%s: a third run imports nothing: %r' % (name, done.stdout))


def test_never_hangs(folder):
    """`import` of a missing file ends at once, even when its thread ends before the main
    thread waits for it; 200 runs under load, each bounded."""
    db = os.path.join(folder, 'hang.db')
    check(run(db, 'init').returncode == 0, 'init')
    load = [subprocess.Popen([sys.executable, '-c', 'while True: pass']) for _ in range(2)]
    hung = wrong = 0
    try:
        for _ in range(200):
            try:
                done = subprocess.run([VIGILCTL, '--db', db, 'import', '/nonexistent.jsonl'],
                                      capture_output=True, text=True, env=ENV, timeout=10)
                if done.returncode != 1 or 'Could not open /nonexistent.jsonl' not in done.stderr:
                    wrong += 1
            except subprocess.TimeoutExpired:
                hung += 1
    finally:
        for proc in load:
            proc.kill()
            proc.wait()
    check(hung == 0, 'import of a missing file hung %d times in 200' % hung)
    check(wrong == 0, 'import of a missing file said something else %d times' % wrong)


def file_sha(path):
    return hashlib.sha256(open(path, 'rb').read()).hexdigest()


def test_outputs(folder):
    template = os.path.join(folder, 'template.db')
    db = os.path.join(folder, 'out.db')
    src = os.path.join(folder, 'out.jsonl')
    write_lines(src, 30)
    check(run(template, 'import', src).returncode == 0, 'import')
    count = decisions(template)
    bad = os.path.join(folder, 'bad.jsonl')
    with open(bad, 'w', encoding='utf-8') as out:
        out.write(line(100) + '{"bad": 1}\n')
    bad_before = file_sha(bad)
    hard = os.path.join(folder, 'hard.pdf')
    link = os.path.join(folder, 'link.jsonl')
    os.symlink(db, link)
    spool = os.path.join(folder, 'spool.jsonl')
    with open(spool, 'w', encoding='utf-8') as out:
        out.write(line(200) + '{"bad": 2}\n')
    os.symlink(db, spool + '.rejected')
    os.symlink(db, bad + '.rejected')

    cases = [
        ('report --pdf DB', ['report', '--pdf', db], 'is the database'),
        ('report --json DB', ['report', '--json', db], 'is the database'),
        ('report --pdf DB-wal', ['report', '--pdf', db + '-wal'], 'is the database'),
        ('report --json DB-journal', ['report', '--json', db + '-journal'], 'is the database'),
        ('report --pdf (a hard link to DB)', ['report', '--pdf', hard], 'is the database'),
        ('export --output DB', ['export', '--output', db], 'is the database'),
        ('export --output (a link to DB)', ['export', '--output', link], 'symbolic link'),
        ('import --quarantine DB', ['import', '--quarantine', db, bad], 'is the database'),
        ('import --quarantine DB-shm', ['import', '--quarantine', db + '-shm', bad],
         'is the database'),
        ('import --quarantine INPUT', ['import', '--quarantine', bad, bad], 'the file being read'),
        ('import, FILE.rejected a link', ['import', bad], 'symbolic link'),
        ('follow, SPOOL.rejected a link', ['follow', '--once', spool], 'symbolic link'),
    ]
    for what, args, message in cases:
        # Each case on a fresh copy of the database, so that one destroyed is not the next's.
        for path in (db, db + '-wal', db + '-shm', hard):
            if os.path.lexists(path):
                os.unlink(path)
        shutil.copy(template, db)
        os.link(db, hard)
        done = run(db, *args)
        check(done.returncode == 1 and message in done.stderr,
              '%s is refused: %d %r' % (what, done.returncode, done.stderr))
        check(decisions(db) == count, '%s: the database keeps its decisions' % what)
        intact(db, what)
        check(file_sha(bad) == bad_before, '%s: the input is untouched' % what)
    check(os.path.islink(bad + '.rejected') and os.path.islink(spool + '.rejected'),
          'the links are left as they were')

    # An output replaces the file at its path whole (a new file renamed into place).
    export = os.path.join(folder, 'export.jsonl')
    check(run(db, 'export', '--output', export).returncode == 0, 'export')
    inode = os.stat(export).st_ino
    check(run(db, 'export', '--output', export).returncode == 0, 'export again')
    check(os.stat(export).st_ino != inode, 'export renames a new file into place')
    check(not [f for f in os.listdir(folder) if f.startswith('.export.jsonl.')],
          'export leaves no temporary file')


def test_quarantine_when_needed(folder):
    """The quarantine file is created at the first rejected line, not before."""
    db = os.path.join(folder, 'needed.db')
    src = os.path.join(folder, 'needed.jsonl')
    write_lines(src, 10)
    nowhere = os.path.join(folder, 'no-such-folder', 'q.rejected')
    done = run(db, 'import', '--quarantine', nowhere, src)
    check(done.returncode == 0 and 'Imported 10 decisions' in done.stdout,
          'a valid file imports with a quarantine that cannot be created: %r %r'
          % (done.stdout, done.stderr))
    check(not os.path.exists(src + '.rejected'), 'no quarantine file by default either')
    with open(src, 'a', encoding='utf-8') as out:
        out.write('{"bad": 1}\n')
    done = run(db, 'import', '--quarantine', nowhere, src)
    check(done.returncode == 1 and 'Could not create the quarantine file' in done.stderr,
          'a rejected line that cannot be kept stops the import: %r' % done.stderr)


def test_read_only_folder(folder):
    if os.geteuid() == 0:
        print('SKIP: read-only folder (root writes anywhere)')
        return
    db = os.path.join(folder, 'ro.db')
    ro = os.path.join(folder, 'ro')
    os.mkdir(ro)
    src = os.path.join(ro, 'valid.jsonl')
    write_lines(src, 10)
    os.chmod(ro, 0o555)
    try:
        done = run(db, 'import', src)
        check(done.returncode == 0 and 'Imported 10 decisions' in done.stdout,
              'a valid file in a read-only folder imports: %r %r' % (done.stdout, done.stderr))
        check(not os.path.exists(src + '.rejected'), 'no quarantine file is created')
    finally:
        os.chmod(ro, 0o755)


def main():
    folder = tempfile.mkdtemp(prefix='vigil-import-')
    try:
        test_twice(folder)
        test_quarantine_when_needed(folder)
        test_read_only_folder(folder)
        test_outputs(folder)
        test_kill(folder, signal.SIGKILL)
        test_kill(folder, signal.SIGTERM)
        test_never_hangs(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if FAILURES:
        print('%d checks failed' % len(FAILURES))
        sys.exit(1)
    print('all checks passed')


main()
