#!/usr/bin/env python3
# install-test.py: `meson install` gives a Vigil that starts, as a user or a packager gets it
#
# Usage (under xvfb-run and dbus-run-session):
#   install-test.py --build DIR --meson MESON --prefix P --bindir B --datadir D --localedir L
#                   --version V --unit-dir USER_UNITS --unit-dir SYSTEM_UNITS ...
#
# Installs the build into a temporary staging folder (meson install --destdir), which is what
# a packager does, and what a test can do without building Vigil a second time for another
# prefix. meson skips gnome.post_install's scripts under DESTDIR and names each one it skips:
# the test checks that the three are there (compiling the settings schemas, the icon cache,
# the desktop database), runs exactly those commands on the staged tree (as a package's
# triggers do, and as `meson install` without DESTDIR does), and checks what they made.
#
# Then it starts the installed vigil with XDG_DATA_DIRS on the staged share folder and no
# GSETTINGS_SCHEMA_DIR, waits for its window to be mapped on the X display, asks it to quit
# through its exported app.quit action, and checks that it exits 0 with no critical warning;
# before the schemas are compiled, the same start must fail naming the missing schema, so the
# test sees the fault the post-install step prevents. Then the installed vigilctl --version,
# and man and bash-completion finding the installed pages and completion, and `systemctl
# enable` accepting the installed timer and a follow instance (on the staged tree, --root).
#
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

APP_ID = 'io.github.finsecure.Vigil'
WAIT_S = 60
SKIPPED = re.compile(r"Skipping custom install script because DESTDIR is set '(.*)'")


def staged(root, path):
    return os.path.join(root, path.lstrip('/'))


def fail(message):
    print('install-test: %s' % message, file=sys.stderr)
    sys.exit(1)


def run(cmd, **kwargs):
    r = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if r.returncode != 0:
        fail('%s: exit %d\n%s%s' % (' '.join(cmd), r.returncode, r.stdout, r.stderr))
    return r


def install(args, root):
    """meson install into root; returns the post-install commands meson skipped."""
    env = dict(os.environ)
    env.pop('DESTDIR', None)
    r = run([args.meson, 'install', '-C', args.build, '--no-rebuild', '--destdir', root],
            env=env)
    skipped = [shlex.split(m.group(1)) for m in SKIPPED.finditer(r.stdout + r.stderr)]
    names = sorted(os.path.basename(cmd[0]) for cmd in skipped)
    want = ['glib-compile-schemas', 'gtk4-update-icon-cache', 'update-desktop-database']
    if names != want:
        fail('meson install left %s to the packager, not %s (gnome.post_install in '
             'meson.build)\n%s' % (names, want, r.stdout))
    return skipped


def run_post_install(skipped, prefix, root):
    """Runs meson's skipped post-install commands with their paths in the staged tree."""
    for cmd in skipped:
        cmd = [cmd[0]] + [staged(root, a) if a.startswith(prefix) else a for a in cmd[1:]]
        run(cmd)


def x_windows():
    """The X windows whose class names Vigil, each with whether it is mapped."""
    r = subprocess.run(['xwininfo', '-root', '-children'], capture_output=True, text=True)
    ids = [line.split()[0] for line in r.stdout.splitlines()
           if re.search(r'\("vigil" ', line)]
    mapped = []
    for wid in ids:
        info = subprocess.run(['xwininfo', '-id', wid], capture_output=True, text=True).stdout
        if 'Map State: IsViewable' in info:
            mapped.append(wid)
    return mapped


def app_env(args, root, home):
    env = dict(os.environ)
    for var in ('GSETTINGS_SCHEMA_DIR', 'VIGIL_DB', 'VIGIL_LOCALEDIR'):
        env.pop(var, None)
    for var, sub in (('HOME', 'home'), ('XDG_DATA_HOME', 'data'), ('XDG_CONFIG_HOME', 'config'),
                     ('XDG_CACHE_HOME', 'cache'), ('XDG_STATE_HOME', 'state'),
                     ('XDG_RUNTIME_DIR', 'runtime')):
        env[var] = os.path.join(home, sub)
        os.makedirs(env[var], mode=0o700, exist_ok=True)
    env['XDG_DATA_DIRS'] = staged(root, args.datadir) + ':/usr/local/share:/usr/share'
    env.update(GSETTINGS_BACKEND='memory', GDK_BACKEND='x11', GTK_A11Y='none',
               NO_AT_BRIDGE='1', LANGUAGE='C', LC_ALL='C.UTF-8', TZ='UTC')
    return env


def start_app(args, root, home, expect_window):
    """Starts the installed vigil; returns its exit status and standard error."""
    vigil = staged(root, os.path.join(args.bindir, 'vigil'))
    env = app_env(args, root, home)
    with tempfile.TemporaryFile(mode='w+') as err:
        proc = subprocess.Popen([vigil], env=env, stdout=subprocess.DEVNULL, stderr=err)
        deadline = time.monotonic() + WAIT_S
        try:
            # Wait for the condition (a mapped window, or the process gone), polling the X
            # server; there is no event to block on from outside the process.
            while proc.poll() is None and time.monotonic() < deadline:
                if expect_window and any(x_windows()):
                    break
                time.sleep(0.05)
            if proc.poll() is None:
                if not expect_window:
                    fail('vigil still runs after %d s without its settings schema' % WAIT_S)
                windows = x_windows()
                if not windows:
                    fail('vigil mapped no window within %d s' % WAIT_S)
                print('vigil mapped its window %s after %.1f s' %
                      (windows[0], WAIT_S - (deadline - time.monotonic())))
                run(['gdbus', 'call', '--session', '--dest', APP_ID, '--object-path',
                     '/' + APP_ID.replace('.', '/'), '--method', 'org.gtk.Actions.Activate',
                     'quit', '[]', '{}'], env=env)
                proc.wait(timeout=WAIT_S)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        err.seek(0)
        return proc.returncode, err.read()


def check_files(args, root):
    share = staged(root, args.datadir)
    want = [
        staged(root, os.path.join(args.bindir, 'vigil')),
        staged(root, os.path.join(args.bindir, 'vigilctl')),
        os.path.join(share, 'applications', APP_ID + '.desktop'),
        os.path.join(share, 'metainfo', APP_ID + '.metainfo.xml'),
        os.path.join(share, 'glib-2.0', 'schemas', APP_ID + '.gschema.xml'),
        os.path.join(share, 'icons', 'hicolor', 'scalable', 'apps', APP_ID + '.svg'),
        os.path.join(share, 'icons', 'hicolor', 'symbolic', 'apps', APP_ID + '-symbolic.svg'),
        staged(root, os.path.join(args.localedir, 'de', 'LC_MESSAGES', 'vigil.mo')),
    ]
    for unit_dir in args.unit_dir:
        for unit in ('vigil-follow@.service', 'vigil-detect.service', 'vigil-detect.timer'):
            want.append(staged(root, os.path.join(unit_dir, unit)))
    missing = [p for p in want if not os.path.isfile(p)]
    if missing:
        fail('not installed: %s' % ', '.join(missing))
    for tool in ('vigil', 'vigilctl'):
        if not os.access(staged(root, os.path.join(args.bindir, tool)), os.X_OK):
            fail('the installed %s is not executable' % tool)
    desktop = os.path.join(share, 'applications', APP_ID + '.desktop')
    run(['desktop-file-validate', desktop])
    with open(desktop, encoding='utf-8') as f:
        entry = dict(line.rstrip('\n').split('=', 1) for line in f if '=' in line)
    if entry.get('Icon') != APP_ID or not entry.get('Exec', '').startswith('vigil'):
        fail('the desktop entry starts %r with icon %r' % (entry.get('Exec'), entry.get('Icon')))


def check_post_install_results(args, root):
    share = staged(root, args.datadir)
    made = [
        os.path.join(share, 'glib-2.0', 'schemas', 'gschemas.compiled'),
        os.path.join(share, 'icons', 'hicolor', 'icon-theme.cache'),
        os.path.join(share, 'applications', 'mimeinfo.cache'),
    ]
    missing = [p for p in made if not os.path.isfile(p)]
    if missing:
        fail('the post-install steps made no %s' % ', '.join(missing))


def check_man_and_completion(args, root):
    """man finds the installed pages; bash-completion loads the installed completion."""
    share = staged(root, args.datadir)
    env = dict(os.environ, MANPATH=os.path.join(share, 'man'), LANGUAGE='C', LC_ALL='C.UTF-8')
    for page in ('vigilctl', 'vigil'):
        where = run(['man', '-w', page], env=env).stdout.strip()
        if not where.startswith(os.path.join(share, 'man')):
            fail('man -w %s finds %r, not the installed page' % (page, where))
        text = run(['man', '-P', 'cat', page], env=env).stdout
        if 'NAME' not in text or page not in text:
            fail('man %s shows no page: %r' % (page, text[:200]))
    loader = '/usr/share/bash-completion/bash_completion'
    if not os.path.isfile(loader):
        fail('bash-completion is not installed (Debian: bash-completion)')
    env = dict(os.environ, XDG_DATA_DIRS=share + ':/usr/share', PATH=staged(root, args.bindir)
               + ':' + os.environ.get('PATH', ''))
    script = ('. %s; __load_completion vigilctl && complete -p vigilctl' % loader)
    done = subprocess.run(['bash', '--norc', '--noprofile', '-c', script], env=env,
                          capture_output=True, text=True)
    if done.returncode != 0 or '-F _vigilctl' not in done.stdout:
        fail('bash-completion does not load the installed completion for vigilctl: %r %r'
             % (done.stdout, done.stderr))


def check_enable_units(args, root):
    """`systemctl enable` accepts the installed timer and a follow instance, for the user
    instance (--global: every user's) and the system one. There is no running systemd here, so
    --root on the staged tree: systemctl finds the units on its own search path and makes the
    links that enabling makes; starting them (--now) needs a running manager, which CI has not."""
    systemctl = shutil.which('systemctl')
    if systemctl is None or not args.unit_dir:
        print('systemctl enable: not checked (%s)'
              % ('no systemctl' if systemctl is None else 'built without -Dsystemd'))
        return
    spool = subprocess.run(['systemd-escape', '--path', '--template=vigil-follow@.service',
                            '/var/spool/vigil/credit.jsonl'],
                           capture_output=True, text=True, check=True).stdout.strip()
    for scope, unit_dir in (['--global'], args.unit_dir[0]), ([], args.unit_dir[-1]):
        found = subprocess.run([systemctl, '--root', root] + scope +
                               ['is-enabled', 'vigil-detect.timer'], capture_output=True, text=True)
        if found.stdout.strip() != 'disabled':
            print('systemctl enable: not checked, %s is not on systemd\'s search path for '
                  'this prefix' % unit_dir)
            continue
        for unit in ('vigil-detect.timer', spool):
            run([systemctl, '--root', root] + scope + ['enable', unit])
            state = subprocess.run([systemctl, '--root', root] + scope + ['is-enabled', unit],
                                   capture_output=True, text=True).stdout.strip()
            if state != 'enabled':
                fail('after systemctl %s enable %s, it is %r' % (' '.join(scope), unit, state))
        refused = subprocess.run([systemctl, '--root', root] + scope +
                                 ['enable', 'vigil-no-such.timer'], capture_output=True)
        if refused.returncode == 0:
            fail('systemctl enabled a unit that is not installed: the check sees nothing')
        print('systemctl %senable vigil-detect.timer and %s: enabled'
              % (scope[0] + ' ' if scope else '', spool))


def main():
    ap = argparse.ArgumentParser()
    for opt in ('build', 'meson', 'prefix', 'bindir', 'datadir', 'localedir', 'version'):
        ap.add_argument('--' + opt, required=True)
    ap.add_argument('--unit-dir', action='append', default=[])
    args = ap.parse_args()

    for tool in ('xwininfo', 'gdbus'):
        if shutil.which(tool) is None:
            fail('%s is missing (Debian: %s)' % (tool, {'xwininfo': 'x11-utils',
                                                         'gdbus': 'libglib2.0-bin'}[tool]))
    if not os.environ.get('DISPLAY'):
        fail('no X display: run under xvfb-run')

    with tempfile.TemporaryDirectory(prefix='vigil-install-') as tmp:
        root = os.path.join(tmp, 'root')
        home = os.path.join(tmp, 'home')
        skipped = install(args, root)
        print('meson install left to the packager: %s' % '; '.join(' '.join(c) for c in skipped))
        check_files(args, root)

        status, err = start_app(args, root, home, expect_window=False)
        if status == 0 or 'is not installed' not in err:
            fail('without its compiled schema, vigil exited %s saying %r; it should fail '
                 'naming the schema' % (status, err[-400:]))
        print('before the post-install steps, vigil exits %d: %s' %
              (status, err.strip().splitlines()[-1]))

        run_post_install(skipped, args.prefix, root)
        check_post_install_results(args, root)

        status, err = start_app(args, root, home, expect_window=True)
        if status != 0 or 'CRITICAL' in err:
            fail('the installed vigil exited %s:\n%s' % (status, err))

        r = run([staged(root, os.path.join(args.bindir, 'vigilctl')), '--version'])
        if r.stdout.strip() != 'vigilctl %s' % args.version:
            fail('the installed vigilctl --version says %r' % r.stdout)

        check_man_and_completion(args, root)
        check_enable_units(args, root)

    print('installed into a staging folder: vigil started, mapped its window and quit; '
          'vigilctl %s' % args.version)
    return 0


if __name__ == '__main__':
    sys.exit(main())
