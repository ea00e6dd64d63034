#!/usr/bin/env python3
# pg-faults.py: vigilctl when the database server fails it. On a cluster of its own (it is
# restarted, which would cut every other test's sessions): an import and a follow cut by a
# server restart say so and exit non-zero, and run again they commit exactly the file's
# decisions, with the chain intact; an unreachable server, a wrong password and a login
# without the privilege each get a message that names what to do. Standard library only.
#
# Usage: pg-faults.py VIGILCTL PG_CLUSTER (the tests/pg-cluster script). Needs
# VIGIL_TEST_POSTGRES set (by tests/pg-cluster run), as the other server tests, although it
# starts its own cluster: without a server setup the suite must fail, not pass.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse

VIGILCTL = sys.argv[1]
PG_CLUSTER = sys.argv[2]
FAILURES = []
# Enough decisions that the import is still running when the server goes away
N = 120000


def check(condition, what):
    if not condition:
        FAILURES.append(what)
        print('FAIL:', what)
    else:
        print('ok:', what)


def with_params(base, **params):
    parts = urllib.parse.urlsplit(base)
    query = dict(urllib.parse.parse_qsl(parts.query))
    query.update(params)
    return '%s://%s%s?%s' % (parts.scheme, parts.netloc, parts.path,
                             urllib.parse.urlencode(query, safe='/',
                                                    quote_via=urllib.parse.quote))


def run(db, *args):
    return subprocess.run([VIGILCTL, '--db', db, *args], capture_output=True, text=True,
                          env=dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE='C'))


def ok(db, *args):
    done = run(db, *args)
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout


def psql(base, sql):
    done = subprocess.run(['psql', '-X', '-v', 'ON_ERROR_STOP=1', '-qAt', '-d', base],
                          input=sql, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def count(base):
    done = subprocess.run(['psql', '-X', '-qAt', '-d', base, '-c',
                           'SELECT count(*) FROM main.decisions'],
                          capture_output=True, text=True)
    return int(done.stdout) if done.returncode == 0 and done.stdout.strip() else -1


def write_decisions(path, n, model):
    with open(path, 'w') as f:
        for i in range(n):
            f.write(json.dumps({
                'model_name': model,
                'model_version': 'v1',
                'decision_type': 'trading_signal',
                'timestamp': '2026-11-%02dT%02d:%02d:%02dZ' % (1 + i // 86400 % 28,
                                                              i // 3600 % 24, i // 60 % 60,
                                                              i % 60),
                'prediction': 'BUY' if i % 3 else 'SELL',
                'confidence': round(0.5 + (i % 50) / 100, 2),
                'input_features': {'momentum': i % 97 / 10, 'volume': i % 13},
                'explanation': 'line %d' % (i + 1),
                'ticker': 'T%d' % (i % 20),
            }) + '\n')


def wait_until(condition, what, seconds=120):
    """Polls @condition until it holds; fails after @seconds"""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError('waited %d s in vain for %s' % (seconds, what))
        time.sleep(0.02)


def interrupted_then_resumed(base, folder, cluster, command, model):
    """Runs @command (import or follow) on a file of N decisions, restarts the server while
    it runs, then runs it again"""
    path = os.path.join(folder, model + '.jsonl')
    write_decisions(path, N, model)
    db = with_params(base)
    args = ['import', path] if command == 'import' else ['follow', '--once', path]
    before = count(base)
    child = subprocess.Popen([VIGILCTL, '--db', db, *args], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True,
                             env=dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE='C'))
    wait_until(lambda: count(base) > before or child.poll() is not None,
               'the %s to commit its first decisions' % command)
    check(child.poll() is None, '%s still running when the server restarts' % command)
    subprocess.run([PG_CLUSTER, 'restart', cluster], check=True, capture_output=True)
    out, err = child.communicate(timeout=300)
    partial = count(base) - before
    check(child.returncode != 0 and 0 < partial < N,
          '%s cut by the restart fails (exit %d) after %d of %d decisions'
          % (command, child.returncode, partial, N))
    check('server' in err and ('again' in err or 'back' in err),
          'and says what happened and what to do: ' + err.strip().splitlines()[-1]
          if err.strip() else '(nothing on stderr)')

    done = run(db, *args)
    check(done.returncode == 0, '%s run again succeeds: %s' % (command, done.stderr.strip()))
    check(count(base) - before == N,
          '%s resumed: exactly %d decisions, none lost or twice (%d)'
          % (command, N, count(base) - before))


def main():
    if not os.environ.get('VIGIL_TEST_POSTGRES'):
        print('FAIL: VIGIL_TEST_POSTGRES is not set: run this test under tests/pg-cluster run')
        return 1
    folder = tempfile.mkdtemp(prefix='vigil-pg-faults-')
    cluster = tempfile.mkdtemp(prefix='vigil-pgf.', dir='/tmp')
    os.chmod(cluster, 0o755)
    try:
        base = subprocess.run([PG_CLUSTER, 'start', cluster], check=True, capture_output=True,
                              text=True).stdout.strip()
        ok(base, 'init')

        interrupted_then_resumed(base, folder, cluster, 'import', 'ImportModel')
        interrupted_then_resumed(base, folder, cluster, 'follow', 'FollowModel')
        verify = [json.loads(line) for line in ok(base, 'verify', '--json', '--no-checkpoint')
                  .splitlines() if line.startswith('{')][-1]
        check(verify['intact'] and verify['decisions_records'] == 2 * N,
              'the chain is intact after both: %s decisions' % verify.get('decisions_records'))

        # A server that is not there
        nowhere = 'postgresql:///postgres?host=%s&user=vigil' % os.path.join(folder, 'nowhere')
        done = run(nowhere, 'models')
        check(done.returncode != 0 and 'server' in done.stderr,
              'an unreachable server is named as such: ' + done.stderr.strip())

        # A wrong password: this cluster asks the role for one
        psql(base, "CREATE ROLE pw_user LOGIN PASSWORD 'right horse' IN ROLE vigil_reviewer")
        hba = os.path.join(cluster, 'data', 'pg_hba.conf')
        with open(hba) as f:
            rules = f.read()
        # rewritten in place, so that it keeps its owner (the server's user when run as root)
        with open(hba, 'w') as f:
            f.write('local all pw_user scram-sha-256\n' + rules)
        psql(base, 'SELECT pg_reload_conf()')
        done = run(with_params(base, user='pw_user', password='wrong'), 'models')
        check(done.returncode != 0 and 'password' in done.stderr,
              'a wrong password is named as such: ' + done.stderr.strip())
        done = run(with_params(base, user='pw_user', password='right horse'), 'models')
        check(done.returncode == 0, 'the right password opens it')

        # A login without the privilege
        psql(base, 'CREATE ROLE nobody_here LOGIN')
        done = run(with_params(base, user='nobody_here'), 'import',
                   os.path.join(folder, 'ImportModel.jsonl'))
        check(done.returncode != 0 and 'nobody_here' in done.stderr,
              'a login without the privilege is told so: ' + done.stderr.strip())
        check(count(base) == 2 * N, 'and nothing was written')
    finally:
        subprocess.run([PG_CLUSTER, 'stop', cluster], capture_output=True)
        shutil.rmtree(cluster, ignore_errors=True)
        shutil.rmtree(folder, ignore_errors=True)

    print('%d failures' % len(FAILURES))
    return 1 if FAILURES else 0


if __name__ == '__main__':
    sys.exit(main())
