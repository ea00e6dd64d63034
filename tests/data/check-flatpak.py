#!/usr/bin/env python3
# check-flatpak.py: the Flatpak manifest builds Vigil on a GNOME runtime, sandboxed
#
# Usage: check-flatpak.py MANIFEST [--selftest]
# Checks that the manifest is valid JSON; its app id is io.github.finsecure.Vigil and its
# command vigil; it uses org.gnome.Platform/org.gnome.Sdk 43 or newer; its finish-args open
# neither the host's or home's files nor the network; and its last module, Vigil, builds with
# meson. With --selftest it first checks that broken manifests are refused.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import copy
import json
import sys

APP_ID = 'io.github.finsecure.Vigil'
FORBIDDEN = ('--filesystem=host', '--filesystem=home', '--share=network')


def check(manifest):
    """Returns the problems of a parsed manifest, one sentence each."""
    problems = []
    if not isinstance(manifest, dict):
        return ['the manifest is not a JSON object']
    app_id = manifest.get('app-id', manifest.get('id'))
    if app_id != APP_ID:
        problems.append('the app id is %r, not %r' % (app_id, APP_ID))
    if manifest.get('command') != 'vigil':
        problems.append('the command is %r, not \'vigil\'' % manifest.get('command'))
    if manifest.get('runtime') != 'org.gnome.Platform':
        problems.append('the runtime is %r, not org.gnome.Platform' % manifest.get('runtime'))
    if manifest.get('sdk') != 'org.gnome.Sdk':
        problems.append('the sdk is %r, not org.gnome.Sdk' % manifest.get('sdk'))
    version = str(manifest.get('runtime-version', ''))
    try:
        if int(version.split('.')[0]) < 43:
            problems.append('runtime-version %s is older than GNOME 43' % version)
    except ValueError:
        problems.append('runtime-version %r is not a GNOME release number' % version)
    for arg in manifest.get('finish-args', []):
        for bad in FORBIDDEN:
            if arg == bad or arg.startswith(bad + ':'):
                problems.append('finish-args open the sandbox: %s' % arg)
    modules = manifest.get('modules') or []
    if not modules or not isinstance(modules[-1], dict):
        problems.append('there is no module to build')
    elif modules[-1].get('buildsystem') != 'meson':
        problems.append('the last module, %r, does not build with meson'
                        % modules[-1].get('name'))
    return problems


def selftest(good):
    def broken(change):
        m = copy.deepcopy(good)
        change(m)
        return check(m)

    cases = [
        (lambda m: m.update({'id': 'org.example.Other'}), 'app id'),
        (lambda m: m.update({'command': 'sh'}), 'command'),
        (lambda m: m.update({'runtime-version': '42'}), 'older than GNOME 43'),
        (lambda m: m.update({'runtime-version': 'master'}), 'not a GNOME release'),
        (lambda m: m['finish-args'].append('--filesystem=home:ro'), '--filesystem=home'),
        (lambda m: m['finish-args'].append('--filesystem=host'), '--filesystem=host'),
        (lambda m: m['finish-args'].append('--share=network'), '--share=network'),
        (lambda m: m['modules'][-1].update({'buildsystem': 'cmake'}), 'meson'),
    ]
    for change, expected in cases:
        problems = broken(change)
        assert any(expected in p for p in problems), (expected, problems)
    try:
        json.loads('{"id": "io.github.finsecure.Vigil",}')
        raise AssertionError('invalid JSON was accepted')
    except json.JSONDecodeError:
        pass
    print('selftest: %d broken manifests are refused' % (len(cases) + 1))


def main():
    args = [a for a in sys.argv[1:] if a != '--selftest']
    if len(args) != 1:
        print('usage: check-flatpak.py MANIFEST [--selftest]', file=sys.stderr)
        return 2
    try:
        with open(args[0], encoding='utf-8') as f:
            manifest = json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        print('check-flatpak: %s: %s' % (args[0], e), file=sys.stderr)
        return 1
    problems = check(manifest)
    if '--selftest' in sys.argv and not problems:
        selftest(manifest)
    for p in problems:
        print('check-flatpak: %s: %s' % (args[0], p), file=sys.stderr)
    if not problems:
        print('%s: a sandboxed GNOME %s build of %s' % (args[0], manifest['runtime-version'],
                                                        APP_ID))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
