#!/usr/bin/env python3
# a11y-names.py: every control of Vigil's window has a name a screen reader can speak
#
# Usage (under dbus-run-session and xvfb-run, as the ui suite runs):
#   a11y-names.py VIGIL VIGILCTL SCHEMA_DIR
#
# Makes a database of ten simulated days, starts the app on it, and walks its accessibility
# tree over AT-SPI (pyatspi) as Orca does: each view of the window (switched to by pressing
# its tab, as a person would), then Preferences. A control that takes the keyboard focus
# fails the test when it has no name, when its name is a toolkit type name ("GtkImage",
# "GtkToggleButton", which is what a screen reader reads for a control without a label), or
# when its name still carries a mnemonic underscore ("_Approve Approve"). A row of a list
# or a list may go unnamed when it holds text, which is what is read for it; a scroll pane
# is passed through to what it shows.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import subprocess
import sys
import tempfile
import time

try:
    import pyatspi
except ImportError:
    print('a11y-names: pyatspi is missing (Debian: python3-pyatspi)', file=sys.stderr)
    sys.exit(1)

APP_ID = 'io.github.finsecure.Vigil'
WAIT_S = 90
TYPE_NAME = re.compile(r'^(Gtk|Adw|Vigil)[A-Z][A-Za-z]+$')
MNEMONIC = re.compile(r'(^|\s)_\w')
# GTK's own row widgets: a screen reader reads the text they hold
ROWS = {'GtkListItemWidget', 'GtkColumnViewRowWidget', 'GtkListBoxRow'}
# Lists and their items: read by the rows and text they hold
CONTAINERS = {'list', 'list item', 'table cell', 'tree table', 'table'}


def wait_for(condition, what):
    deadline = time.monotonic() + WAIT_S
    while True:
        found = condition()
        if found:
            return found
        if time.monotonic() > deadline:
            raise SystemExit('a11y-names: waited %d s in vain for %s' % (WAIT_S, what))
        time.sleep(0.1)


def find_app():
    for app in pyatspi.Registry.getDesktop(0):
        if app is not None and app.name == 'vigil':
            return app
    return None


def state(acc, which):
    try:
        return acc.getState().contains(which)
    except Exception:
        return False


def children(acc):
    try:
        return [acc.getChildAtIndex(i) for i in range(acc.childCount)]
    except Exception:
        return []


def has_text(acc, depth=0):
    if depth > 12:
        return False
    for child in children(acc):
        try:
            if child.getRoleName() == 'label' and child.name and child.name != '(None)':
                return True
        except Exception:
            continue
        if has_text(child, depth + 1):
            return True
    return False


def path_of(acc):
    parts = []
    while acc is not None and len(parts) < 6:
        try:
            name = acc.name if acc.name and not TYPE_NAME.match(acc.name) else ''
            parts.append('%s%s' % (acc.getRoleName(), ' "%s"' % name if name else ''))
            acc = acc.parent
        except Exception:
            break
    return ' < '.join(parts)


def problems_in(root, where):
    problems = []
    seen = 0

    def walk(acc, depth):
        nonlocal seen
        if depth > 60:
            return
        try:
            role = acc.getRoleName()
            name = acc.name or ''
        except Exception:
            return
        if state(acc, pyatspi.STATE_FOCUSABLE) and state(acc, pyatspi.STATE_VISIBLE) \
                and state(acc, pyatspi.STATE_SENSITIVE):
            seen += 1
            if role == 'scroll pane':
                pass  # the keyboard moves into what it shows, which is checked itself
            elif name in ROWS or (role in CONTAINERS and (not name or TYPE_NAME.match(name))):
                if role == 'list' and not children(acc):
                    pass  # an empty list: nothing in it to reach or read
                elif not has_text(acc):
                    problems.append('%s: %s with no text to read: %s'
                                    % (where, role, path_of(acc)))
            elif not name.strip() or TYPE_NAME.match(name):
                problems.append('%s: %s without a name%s: %s'
                                % (where, role, ' (read as "%s")' % name if name else '',
                                   path_of(acc)))
            elif MNEMONIC.search(name):
                problems.append('%s: %s named "%s", with its mnemonic underscore: %s'
                                % (where, role, name, path_of(acc)))
        for child in children(acc):
            walk(child, depth + 1)

    walk(root, 0)
    return problems, seen


def find(acc, role, name, depth=0):
    if depth > 40:
        return None
    try:
        if acc.getRoleName() == role and acc.name == name:
            return acc
    except Exception:
        return None
    for child in children(acc):
        found = find(child, role, name, depth + 1)
        if found is not None:
            return found
    return None


def find_in_app(app, role, name):
    for window in children(app):
        found = find(window, role, name)
        if found is not None:
            return found
    return None


def press(acc, depth=0):
    """Does what a click does to @acc, or to the first of its descendants that can"""
    try:
        action = acc.queryAction()
        n = action.nActions
    except NotImplementedError:
        n = 0
    if n > 0:
        names = [action.getName(i) for i in range(n)]
        for i, name in enumerate(names):
            if name in ('click', 'press', 'activate'):
                action.doAction(i)
                return True
        action.doAction(0)
        return True
    if depth < 4:
        for child in children(acc):
            if press(child, depth + 1):
                return True
    if depth == 0:
        raise SystemExit('a11y-names: nothing to press in %s' % path_of(acc))
    return False


def activate(action, env):
    """Activates app.ACTION over D-Bus"""
    path = '/' + APP_ID.replace('.', '/')
    subprocess.run(['gdbus', 'call', '--session', '--dest', APP_ID, '--object-path', path,
                    '--method', 'org.gtk.Actions.Activate', action, '[]', '{}'],
                   check=True, capture_output=True, env=env)


def main():
    vigil, vigilctl, schema_dir = sys.argv[1:4]
    with tempfile.TemporaryDirectory(prefix='vigil-a11y-') as tmp:
        env = dict(os.environ, GSETTINGS_SCHEMA_DIR=schema_dir, GSETTINGS_BACKEND='memory',
                   GTK_A11Y='atspi', LC_ALL='C.UTF-8', LANGUAGE='C')
        for var, folder in (('XDG_DATA_HOME', 'data'), ('XDG_CONFIG_HOME', 'config'),
                            ('XDG_STATE_HOME', 'state'), ('XDG_CACHE_HOME', 'cache')):
            os.makedirs(os.path.join(tmp, folder))
            env[var] = os.path.join(tmp, folder)
        db = os.path.join(tmp, 'week.db')
        subprocess.run([vigilctl, '--db', db, 'simulate', '--days', '10'], check=True,
                       capture_output=True, env=env)
        app_process = subprocess.Popen([vigil, db], env=env)
        try:
            app = wait_for(find_app, 'the app on the accessibility bus')
            frame = wait_for(lambda: next((w for w in children(app)
                                           if w.getRoleName() == 'frame'), None),
                             'the window')
            problems = []
            total = 0
            for view in ('Dashboard', 'Alerts', 'Decisions', 'Reports'):
                tab = wait_for(lambda: find(frame, 'page tab', view), 'the tab ' + view)
                press(tab)
                wait_for(lambda: state(tab, pyatspi.STATE_SELECTED)
                         or state(tab, pyatspi.STATE_CHECKED), view + ' to be shown')
                time.sleep(0)  # the walk below reads the tree as it is now
                found, seen = problems_in(frame, view)
                problems += [p for p in found if p not in problems]
                total += seen
            # Preferences, from the main menu, as a person opens it
            press(wait_for(lambda: find(frame, 'toggle button', 'Main Menu')
                           or find(frame, 'push button', 'Main Menu'), 'the main menu'))
            press(wait_for(lambda: find_in_app(app, 'menu item', 'Preferences'),
                           'Preferences in the main menu'))
            preferences = wait_for(lambda: next((w for w in children(app)
                                                 if w.getRoleName() in ('frame', 'dialog')
                                                 and 'Preferences' in (w.name or '')), None),
                                   'Preferences')
            found, seen = problems_in(preferences, 'Preferences')
            problems += found
            total += seen
            activate('quit', env)
            app_process.wait(timeout=WAIT_S)
        finally:
            if app_process.poll() is None:
                app_process.kill()
                app_process.wait()

    for p in problems:
        print('a11y-names: ' + p, file=sys.stderr)
    if total == 0:
        print('a11y-names: no focusable control found: the walk saw nothing', file=sys.stderr)
        return 1
    if problems:
        print('a11y-names: %d of %d focusable controls have no name a screen reader can '
              'speak' % (len(problems), total), file=sys.stderr)
        return 1
    print('a11y-names: %d focusable controls, each with a name' % total)
    return 0


if __name__ == '__main__':
    sys.exit(main())
