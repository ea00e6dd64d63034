#!/usr/bin/env python3
# check-flatpak.py: the Flatpak manifests build Vigil, pinned, on a current GNOME runtime, with
# only the sandbox holes its features need
#
# Usage: check-flatpak.py RELEASE_MANIFEST LOCAL_MANIFEST MESON_BUILD [--selftest]
# Offline, against the schema below: each manifest is valid JSON (modules given as file
# names are read from beside it); the app id is io.github.finsecure.Vigil and the command
# vigil; the runtime org.gnome.Platform with org.gnome.Sdk, a GNOME release number of 47 or
# newer; every finish-arg is one of ALLOWED (so no --filesystem, no bus names, no devices
# beyond dri); the release manifest fetches every source pinned: git by https with a tag and
# the 40-hex commit it must resolve to, archives by https with their SHA-256; Vigil's tag is
# v plus the version in meson.build; the last module is Vigil, built with meson without its
# tests. The local manifest is the same apart from Vigil's source, the working tree
# (a `dir` source), and options it may add. flatpak-builder (installed by the test command)
# must accept both (--show-manifest) without a warning. Fetching the sources and building
# needs the network and the runtime, which this does not check.
# With --selftest, broken manifests must be refused first.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import copy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

APP_ID = 'io.github.finsecure.Vigil'
OLDEST_RUNTIME = 47
# Wayland or X11 for the window, the session's IPC for X11 shared memory, GL, and TCP to a
# team's PostgreSQL server. Files the user chooses come through the document portal, the
# keyring through the Secret portal (libsecret), notifications through their portal.
ALLOWED = ('--share=ipc', '--socket=wayland', '--socket=fallback-x11', '--device=dri',
           '--share=network')
REQUIRED = ('--share=ipc', '--socket=wayland', '--socket=fallback-x11')
HEX40 = re.compile(r'^[0-9a-f]{40}$')
HEX64 = re.compile(r'^[0-9a-f]{64}$')


def load(path):
    """The manifest at path, its modules given by file name read in."""
    with open(path, encoding='utf-8') as f:
        manifest = json.load(f)
    base = os.path.dirname(path)

    def resolve(modules):
        out = []
        for m in modules or []:
            if isinstance(m, str):
                with open(os.path.join(base, m), encoding='utf-8') as f:
                    m = json.load(f)
            if isinstance(m, dict) and 'modules' in m:
                m = dict(m, modules=resolve(m['modules']))
            out.append(m)
        return out

    if isinstance(manifest, dict):
        manifest['modules'] = resolve(manifest.get('modules'))
    return manifest


def all_modules(modules):
    for m in modules:
        if isinstance(m, dict):
            yield m
            yield from all_modules(m.get('modules') or [])


def check_common(manifest):
    """The problems of a parsed manifest that hold for both, one sentence each."""
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
    version = manifest.get('runtime-version')
    if not isinstance(version, str) or not re.fullmatch(r'[0-9]+', version):
        problems.append('runtime-version %r is not a GNOME release number such as "50"'
                        % (version,))
    elif int(version) < OLDEST_RUNTIME:
        problems.append('runtime-version %s is older than GNOME %d (end of life)'
                        % (version, OLDEST_RUNTIME))
    args = manifest.get('finish-args', [])
    for arg in args:
        if arg not in ALLOWED:
            problems.append('finish-args open the sandbox more than Vigil needs: %s' % arg)
    for arg in REQUIRED:
        if arg not in args:
            problems.append('finish-args lack %s' % arg)
    modules = manifest.get('modules') or []
    if not modules or not isinstance(modules[-1], dict):
        problems.append('there is no module to build')
        return problems
    vigil = modules[-1]
    if vigil.get('name') != 'vigil' or vigil.get('buildsystem') != 'meson':
        problems.append('the last module, %r, is not Vigil built with meson' % vigil.get('name'))
    if '-Dtests=false' not in vigil.get('config-opts', []):
        problems.append('Vigil is built with its tests (add -Dtests=false)')
    if not any(m.get('name') == 'libpq' for m in all_modules(modules)):
        problems.append('no module builds libpq, which the GNOME runtime lacks')
    return problems


def check_pinned(manifest, version):
    """The release manifest: every source fetched pinned, Vigil at its release tag."""
    problems = []
    for module in all_modules(manifest.get('modules') or []):
        for source in module.get('sources', []):
            kind = source.get('type')
            where = 'module %s: %s source' % (module.get('name'), kind)
            url = source.get('url', '')
            if kind == 'git':
                if not url.startswith('https://'):
                    problems.append('%s %r is not fetched over https' % (where, url))
                if not source.get('tag') or not HEX40.match(source.get('commit', '')):
                    problems.append('%s %s is not pinned to a tag and its 40-hex commit'
                                    % (where, url))
                if 'branch' in source:
                    problems.append('%s %s follows a branch' % (where, url))
            elif kind in ('archive', 'file'):
                if not url.startswith('https://'):
                    problems.append('%s %r is not fetched over https' % (where, url))
                if not HEX64.match(source.get('sha256', '')):
                    problems.append('%s %s has no sha256' % (where, url))
            else:
                problems.append('%s is not a pinned download (git or archive)' % where)
    sources = (manifest.get('modules') or [{}])[-1].get('sources', [])
    if not (len(sources) == 1 and sources[0].get('tag') == 'v' + version and
            sources[0].get('url', '').endswith('/vigil.git')):
        problems.append('Vigil\'s source is not the tag v%s of its repository (meson.build '
                        'says %s)' % (version, version))
    return problems


def check_local(local, release):
    """The local manifest: the release one, building the working tree."""
    problems = []
    a = copy.deepcopy(local)
    b = copy.deepcopy(release)
    try:
        va, vb = a['modules'][-1], b['modules'][-1]
        if [s.get('type') for s in va.get('sources', [])] != ['dir'] or \
           va['sources'][0].get('path') != '..':
            problems.append('the local manifest does not build the working tree (a dir '
                            'source with path "..")')
        opts = vb.get('config-opts', [])
        if va.get('config-opts', [])[:len(opts)] != opts:
            problems.append('the local manifest drops options of the release one: %s' % opts)
        for v in (va, vb):
            v.pop('sources', None)
            v.pop('config-opts', None)
    except (KeyError, IndexError, TypeError, AttributeError):
        return ['the local manifest has no Vigil module']
    if a != b:
        problems.append('the local manifest differs from the release one beyond Vigil\'s '
                        'source and options')
    return problems


def show_manifest(path):
    """flatpak-builder's reading of the manifest."""
    builder = shutil.which('flatpak-builder')
    if builder is None:
        return ['flatpak-builder is not installed to read %s (Debian: flatpak-builder)' % path]
    path = os.path.abspath(path)
    # Run elsewhere: flatpak-builder makes its state folder (.flatpak-builder) where it runs
    with tempfile.TemporaryDirectory(prefix='vigil-flatpak-') as tmp:
        r = subprocess.run([builder, '--show-manifest', path], capture_output=True, text=True,
                           cwd=tmp)
    # An unknown property (a misspelt key) is only a warning to flatpak-builder
    if r.returncode != 0 or r.stderr.strip():
        return ['flatpak-builder --show-manifest %s: %s' % (path, r.stderr.strip())]
    try:
        shown = json.loads(r.stdout)
    except json.JSONDecodeError as e:
        return ['flatpak-builder --show-manifest %s printed no manifest: %s' % (path, e)]
    names = [m.get('name') for m in shown.get('modules', []) if isinstance(m, dict)]
    if shown.get('id', shown.get('app-id')) != APP_ID or names[-2:] != ['libpq', 'vigil']:
        return ['flatpak-builder reads %s as %s with modules %s' %
                (path, shown.get('id'), names)]
    return []


def project_version(meson_build):
    with open(meson_build, encoding='utf-8') as f:
        m = re.search(r"project\([^)]*?version:\s*'([^']+)'", f.read(), re.S)
    return m.group(1) if m else None


def selftest(release, local, version):
    def broken(change, which='release'):
        r, l = copy.deepcopy(release), copy.deepcopy(local)
        change(r if which == 'release' else l)
        if which == 'release':
            return check_common(r) + check_pinned(r, version)
        return check_common(l) + check_local(l, r)

    last = lambda m: m['modules'][-1]
    cases = [
        (lambda m: m.update({'id': 'org.example.Other'}), 'app id'),
        (lambda m: m.update({'command': 'sh'}), 'command'),
        (lambda m: m.update({'runtime-version': '43'}), 'older than GNOME'),
        (lambda m: m.update({'runtime-version': 50}), 'not a GNOME release'),
        (lambda m: m.update({'runtime-version': 'master'}), 'not a GNOME release'),
        (lambda m: m['finish-args'].append('--filesystem=home'), '--filesystem=home'),
        (lambda m: m['finish-args'].append('--filesystem=host:ro'), '--filesystem=host'),
        (lambda m: m['finish-args'].append('--talk-name=org.freedesktop.Flatpak'),
         '--talk-name'),
        (lambda m: m['finish-args'].append('--socket=x11'), '--socket=x11'),
        (lambda m: m['finish-args'].remove('--socket=wayland'), 'lack --socket=wayland'),
        (lambda m: last(m).update({'buildsystem': 'cmake'}), 'meson'),
        (lambda m: last(m).update({'config-opts': []}), 'tests'),
        (lambda m: m['modules'].pop(0), 'libpq'),
        (lambda m: last(m)['sources'][0].pop('commit'), 'not pinned'),
        (lambda m: last(m)['sources'][0].update({'commit': 'HEAD'}), 'not pinned'),
        (lambda m: last(m)['sources'][0].update({'tag': 'v0.0.9'}), 'tag v' + version),
        (lambda m: last(m)['sources'][0].update({'branch': 'main'}), 'branch'),
        (lambda m: last(m).update({'sources': [{'type': 'dir', 'path': '..'}]}),
         'not a pinned download'),
        (lambda m: m['modules'][0]['sources'][0].pop('sha256'), 'sha256'),
        (lambda m: m['modules'][0]['sources'][0].update(
            {'url': 'http://ftp.postgresql.org/x.tar.bz2'}), 'https'),
    ]
    local_cases = [
        (lambda m: m['finish-args'].append('--filesystem=home'), '--filesystem=home'),
        (lambda m: m['finish-args'].remove('--share=network'), 'differs'),
        (lambda m: last(m).update({'sources': [{'type': 'git', 'url': 'x'}]}), 'working tree'),
        (lambda m: last(m).update({'config-opts': ['-Dapp=true']}), 'drops options'),
    ]
    for change, expected in cases:
        problems = broken(change)
        assert any(expected in p for p in problems), (expected, problems)
    for change, expected in local_cases:
        problems = broken(change, 'local')
        assert any(expected in p for p in problems), (expected, problems)
    try:
        json.loads('{"id": "io.github.finsecure.Vigil",}')
        raise AssertionError('invalid JSON was accepted')
    except json.JSONDecodeError:
        pass
    print('selftest: %d broken manifests are refused' % (len(cases) + len(local_cases) + 1))


def main():
    args = [a for a in sys.argv[1:] if a != '--selftest']
    if len(args) != 3:
        print('usage: check-flatpak.py RELEASE_MANIFEST LOCAL_MANIFEST MESON_BUILD [--selftest]',
              file=sys.stderr)
        return 2
    release_path, local_path, meson_build = args
    try:
        release = load(release_path)
        local = load(local_path)
    except (OSError, json.JSONDecodeError) as e:
        print('check-flatpak: %s' % e, file=sys.stderr)
        return 1
    version = project_version(meson_build)
    if version is None:
        print('check-flatpak: no project version in %s' % meson_build, file=sys.stderr)
        return 1

    problems = ['%s: %s' % (release_path, p)
                for p in check_common(release) + check_pinned(release, version)]
    problems += ['%s: %s' % (local_path, p)
                 for p in check_common(local) + check_local(local, release)]
    if '--selftest' in sys.argv and not problems:
        selftest(release, local, version)
    for path in (release_path, local_path):
        problems += show_manifest(path)
    for p in problems:
        print('check-flatpak: %s' % p, file=sys.stderr)
    if problems:
        return 1
    print('%s: GNOME %s, Vigil v%s at %s, finish-args %s' %
          (release_path, release['runtime-version'], version,
           release['modules'][-1]['sources'][0]['commit'][:12],
           ' '.join(release['finish-args'])))
    print('%s: the same, on the working tree' % local_path)
    print('flatpak-builder --show-manifest: both accepted')
    return 0


if __name__ == '__main__':
    sys.exit(main())
