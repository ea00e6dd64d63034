#!/usr/bin/env python3
# check-potfiles.py: po/POTFILES.in lists every file with translatable strings, and only files
# that exist, sorted.
#
# Usage: check-potfiles.py SOURCE_ROOT [--selftest]
# With --selftest it first checks that a tree with an unlisted, a missing and an unsorted entry
# is refused, so that the check itself is known to fail when it should.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import shutil
import sys
import tempfile

MARKERS = re.compile(r'(?<![A-Za-z0-9_])[NC]?_\(|translatable="yes"')
SCANNED = ('src', 'ui')
EXTENSIONS = ('.c', '.h', '.ui', '.in', '.xml')


def translatable_files(root):
    found = set()
    for top in SCANNED:
        for folder, _dirs, files in os.walk(os.path.join(root, top)):
            for name in files:
                if not name.endswith(EXTENSIONS):
                    continue
                path = os.path.join(folder, name)
                with open(path, encoding='utf-8', errors='replace') as f:
                    if MARKERS.search(f.read()):
                        found.add(os.path.relpath(path, root))
    return found


def listed_files(root):
    with open(os.path.join(root, 'po', 'POTFILES.in'), encoding='utf-8') as f:
        lines = [line.strip() for line in f]
    return [line for line in lines if line and not line.startswith('#')]


def check(root):
    """Returns the problems found, one sentence each; none when POTFILES.in is right."""
    problems = []
    listed = listed_files(root)
    missing = sorted(translatable_files(root) - set(listed))
    if missing:
        problems.append('these files have translatable strings but are not in po/POTFILES.in: '
                        + ', '.join(missing))
    gone = [p for p in listed if not os.path.isfile(os.path.join(root, p))]
    if gone:
        problems.append('po/POTFILES.in lists files that do not exist: ' + ', '.join(gone))
    if listed != sorted(listed):
        first = next(a for a, b in zip(listed, sorted(listed)) if a != b)
        problems.append('po/POTFILES.in is not sorted (first out of place: %s)' % first)
    if len(set(listed)) != len(listed):
        problems.append('po/POTFILES.in lists a file twice')
    return problems


def selftest():
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, 'src', 'app'))
        os.makedirs(os.path.join(tmp, 'ui'))
        os.makedirs(os.path.join(tmp, 'po'))

        def write(path, text):
            with open(os.path.join(tmp, path), 'w', encoding='utf-8') as f:
                f.write(text)

        write('src/app/a.c', 'g_print ("%s", _("Hello"));\n')
        write('src/app/b.c', 'x = N_("Bye");\n')
        write('src/app/c.c', 'g_assert (GINT_TO_POINTER (1)); my_(x);\n')
        write('ui/w.ui', '<property name="label" translatable="yes">Hi</property>\n')
        write('po/POTFILES.in', '# sorted\nsrc/app/a.c\nsrc/app/b.c\nui/w.ui\n')
        assert check(tmp) == [], check(tmp)

        write('po/POTFILES.in', '# sorted\nsrc/app/a.c\nui/w.ui\n')
        problems = check(tmp)
        assert len(problems) == 1 and 'src/app/b.c' in problems[0], problems

        write('po/POTFILES.in', 'src/app/a.c\nsrc/app/b.c\nsrc/app/gone.c\nui/w.ui\n')
        problems = check(tmp)
        assert len(problems) == 1 and 'src/app/gone.c' in problems[0], problems

        write('po/POTFILES.in', 'src/app/b.c\nsrc/app/a.c\nui/w.ui\n')
        problems = check(tmp)
        assert len(problems) == 1 and 'not sorted' in problems[0], problems
    print('selftest: an unlisted, a missing and an unsorted entry are refused')


def main():
    args = [a for a in sys.argv[1:] if a != '--selftest']
    if len(args) != 1:
        print('usage: check-potfiles.py SOURCE_ROOT [--selftest]', file=sys.stderr)
        return 2
    if '--selftest' in sys.argv:
        selftest()
    problems = check(args[0])
    for p in problems:
        print('check-potfiles: ' + p, file=sys.stderr)
    if not problems:
        print('po/POTFILES.in lists every file with translatable strings (%d files)'
              % len(listed_files(args[0])))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
