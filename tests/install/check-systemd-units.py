#!/usr/bin/env python3
# check-systemd-units.py: Vigil's systemd units load in systemd and do what README says
#
# Usage: check-systemd-units.py --vigilctl BUILT --bindir BINDIR --timer TIMER
#                               --user DIR --system DIR
# For the user and the system instance: each unit (as configured for installation, with its
# ExecStart on BINDIR/vigilctl) passes `systemd-analyze verify` without a warning, the template
# as an instance on an escaped spool path too. systemd-analyze needs the program to exist, so
# the checked copies start the BUILT vigilctl instead; the test first checks that the units to
# be installed name BINDIR/vigilctl. Then what the units promise: follow restarts on failure,
# detect is a oneshot of `detect --all`, the timer fires hourly and catches up, the system
# units run as vigil with the sandbox of README's "Running as a service". A unit broken on
# purpose must be refused first, so that the check cannot pass by seeing nothing.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

SYSTEMD_ANALYZE = shutil.which('systemd-analyze')
SPOOL = '/var/spool/vigil/credit scoring.jsonl'


def parse_unit(path):
    """The unit's settings as {(section, key): [values]} (keys repeat in units)."""
    settings = {}
    section = None
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if not line or line[0] in '#;':
                continue
            if line.startswith('[') and line.endswith(']'):
                section = line[1:-1]
                continue
            key, _, value = line.partition('=')
            settings.setdefault((section, key.strip()), []).append(value.strip())
    return settings


def verify(paths, user, runtime_dir):
    """The problems systemd-analyze verify reports for the unit files, or []."""
    cmd = [SYSTEMD_ANALYZE] + (['--user'] if user else []) + ['verify', '--man=no'] + paths
    env = dict(os.environ, XDG_RUNTIME_DIR=runtime_dir, SYSTEMD_LOG_COLOR='0')
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=runtime_dir)
    out = (r.stdout + r.stderr).strip()
    if r.returncode != 0 or out:
        return ['%s: exit %d: %s' % (' '.join(cmd), r.returncode, out or '(no output)')]
    return []


def checked_copy(src, dest_dir, bindir, vigilctl, name=None):
    """Copies the unit src into dest_dir, its ExecStart on the built vigilctl."""
    installed = os.path.join(bindir, 'vigilctl')
    with open(src, encoding='utf-8') as f:
        text = f.read()
    problems = []
    for line in text.splitlines():
        if line.startswith('ExecStart=') and not line.startswith('ExecStart=%s ' % installed):
            problems.append('%s: %s does not start %s' % (src, line, installed))
    dest = os.path.join(dest_dir, name or os.path.basename(src))
    with open(dest, 'w', encoding='utf-8') as f:
        f.write(text.replace('ExecStart=%s ' % installed, 'ExecStart=%s ' % vigilctl))
    return dest, problems


def expect(settings, section, key, value, where, problems, contains=False):
    values = settings.get((section, key), [])
    ok = any(value in v for v in values) if contains else value in values
    if not ok:
        problems.append('%s: [%s] %s is %r, not %s%r' % (where, section, key, values,
                                                         'one containing ' if contains else '',
                                                         value))


def check_contents(units, timer):
    problems = []
    for instance, paths in units.items():
        follow = parse_unit(paths['vigil-follow@.service'])
        detect = parse_unit(paths['vigil-detect.service'])
        where_f = '%s vigil-follow@.service' % instance
        where_d = '%s vigil-detect.service' % instance
        expect(follow, 'Service', 'ExecStart', ' follow %I', where_f, problems, contains=True)
        expect(follow, 'Service', 'Restart', 'on-failure', where_f, problems)
        expect(follow, 'Service', 'SuccessExitStatus', '3', where_f, problems)
        expect(detect, 'Service', 'Type', 'oneshot', where_d, problems)
        expect(detect, 'Service', 'ExecStart', ' detect --all', where_d, problems, contains=True)
        for unit, where in ((follow, where_f), (detect, where_d)):
            expect(unit, 'Service', 'EnvironmentFile', '-%E/vigil/vigil.env', where, problems)
            expect(unit, 'Service', 'NoNewPrivileges', 'yes', where, problems)
            if instance == 'system':
                expect(unit, 'Service', 'User', 'vigil', where, problems)
                expect(unit, 'Service', 'StateDirectory', 'vigil', where, problems)
                expect(unit, 'Service', 'Environment', 'VIGIL_DB=%S/vigil/vigil.db', where,
                       problems)
                for key, value in (('ProtectSystem', 'strict'), ('ProtectHome', 'yes'),
                                   ('PrivateTmp', 'yes'), ('PrivateDevices', 'yes'),
                                   ('CapabilityBoundingSet', '')):
                    expect(unit, 'Service', key, value, where, problems)
        if instance == 'system':
            expect(follow, 'Service', 'ReadWritePaths', '-/var/spool/vigil', where_f, problems)
        expect(follow, 'Install', 'WantedBy',
               'multi-user.target' if instance == 'system' else 'default.target', where_f,
               problems)
    t = parse_unit(timer)
    expect(t, 'Timer', 'OnCalendar', 'hourly', 'vigil-detect.timer', problems)
    expect(t, 'Timer', 'Persistent', 'true', 'vigil-detect.timer', problems)
    expect(t, 'Install', 'WantedBy', 'timers.target', 'vigil-detect.timer', problems)
    return problems


def check_instance(instance, unit_dir, timer, bindir, vigilctl, tmp):
    """Verifies one instance's units; returns the problems."""
    problems = []
    work = os.path.join(tmp, instance)
    os.makedirs(work)
    paths = []
    for name in ('vigil-follow@.service', 'vigil-detect.service'):
        dest, p = checked_copy(os.path.join(unit_dir, name), work, bindir, vigilctl)
        problems += p
        paths.append(dest)
    shutil.copy(timer, work)
    paths.append(os.path.join(work, 'vigil-detect.timer'))
    # The template instantiated on a spool path, escaped as README shows
    escaped = subprocess.run(['systemd-escape', '--path', '--template=vigil-follow@.service',
                              SPOOL], capture_output=True, text=True, check=True).stdout.strip()
    dest, _ = checked_copy(os.path.join(unit_dir, 'vigil-follow@.service'), work, bindir,
                           vigilctl, escaped)
    paths.append(dest)
    problems += verify(paths, instance == 'user', tmp)
    return problems


def selftest(unit_dir, bindir, vigilctl, tmp):
    """A misspelt setting and a missing program must both be reported."""
    work = os.path.join(tmp, 'selftest')
    os.makedirs(work)
    dest, _ = checked_copy(os.path.join(unit_dir, 'vigil-detect.service'), work, bindir,
                           vigilctl)
    with open(dest, 'a', encoding='utf-8') as f:
        f.write('Restrat=on-failure\n')
    assert verify([dest], False, tmp), 'a misspelt setting passed systemd-analyze verify'
    with open(dest, 'w', encoding='utf-8') as f:
        f.write('[Service]\nType=oneshot\nExecStart=%s/no-such-vigilctl detect\n' % work)
    assert verify([dest], False, tmp), 'a unit starting a missing program passed'
    with open(dest, 'w', encoding='utf-8') as f:
        f.write('[Service]\nExecStart=%s detect --all\n' % vigilctl)
    units = {'system': {'vigil-follow@.service': os.path.join(unit_dir, 'vigil-follow@.service'),
                        'vigil-detect.service': dest}}
    assert any('Type' in p for p in check_contents(units, os.devnull)), \
        'a detect unit without Type=oneshot passed'
    print('selftest: a misspelt setting, a missing program and a missing Type= are refused')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--vigilctl', required=True)
    ap.add_argument('--bindir', required=True)
    ap.add_argument('--timer', required=True)
    ap.add_argument('--user', required=True)
    ap.add_argument('--system', required=True)
    args = ap.parse_args()

    if SYSTEMD_ANALYZE is None:
        print('check-systemd-units: systemd-analyze is missing (Debian: systemd)',
              file=sys.stderr)
        return 1

    with tempfile.TemporaryDirectory(prefix='vigil-units-') as tmp:
        os.chmod(tmp, 0o700)
        selftest(args.system, args.bindir, args.vigilctl, tmp)
        problems = []
        units = {}
        for instance, unit_dir in (('user', args.user), ('system', args.system)):
            problems += check_instance(instance, unit_dir, args.timer, args.bindir,
                                       args.vigilctl, tmp)
            units[instance] = {name: os.path.join(unit_dir, name)
                               for name in ('vigil-follow@.service', 'vigil-detect.service')}
        problems += check_contents(units, args.timer)

    for p in problems:
        print('check-systemd-units: %s' % p, file=sys.stderr)
    if problems:
        return 1
    print('user and system units: vigil-follow@.service, vigil-detect.service and '
          'vigil-detect.timer verify, on %s/vigilctl' % args.bindir)
    return 0


if __name__ == '__main__':
    sys.exit(main())
