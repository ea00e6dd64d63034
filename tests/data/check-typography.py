#!/usr/bin/env python3
# check-typography.py: the English of Vigil's interface uses typographic apostrophes and quotes
#
# Usage: check-typography.py SOURCE_ROOT [--selftest]
# Reads the English messages as po/de.po holds them (check-translation keeps it in step with
# the sources) and fails on a straight apostrophe inside a word ("day's", which should be
# "day’s") or straight quotes around a placeholder ('%s', which should be “%s”), as GNOME's
# human interface guidelines ask. A straight ' that is syntax, such as the one a CSV cell
# begins with, is neither, and passes.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import sys

APOSTROPHE = re.compile(r"[A-Za-z]'[A-Za-z]")
QUOTED = re.compile(r"'%[a-z]'|'%s'|\"%s\"")


def messages(po_text):
    for entry in po_text.split('\n\n'):
        if entry.lstrip().startswith('#~'):
            continue
        m = re.search(r'^msgid ((?:".*"\n?)+)', entry, re.M)
        if m:
            text = ''.join(re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1)))
            if text:
                yield text.replace('\\"', '"')


def problems(po_text):
    found = []
    for text in messages(po_text):
        for rule, what in ((APOSTROPHE, 'a straight apostrophe, not ’'),
                           (QUOTED, 'straight quotes, not “…”')):
            m = rule.search(text)
            if m:
                found.append('%s in “%s”' % (what, text[max(0, m.start() - 30):m.end() + 30]))
    return found


def selftest():
    bad = 'msgid "Share of the day\'s decisions"\nmsgstr ""\n\nmsgid "entity \'%s\'"\nmsgstr ""\n'
    good = ('msgid "Share of the day’s decisions, “%s”"\nmsgstr ""\n\n'
            'msgid "a cell begins with \' or ~"\nmsgstr ""\n')
    assert len(problems(bad)) == 2, problems(bad)
    assert problems(good) == [], problems(good)
    print('selftest: a straight apostrophe and quoted placeholder are refused, syntax passes')


def main():
    root = sys.argv[1]
    if '--selftest' in sys.argv:
        selftest()
    with open(os.path.join(root, 'po', 'de.po'), encoding='utf-8') as f:
        found = problems(f.read())
    for p in found:
        print('check-typography: %s' % p, file=sys.stderr)
    if found:
        return 1
    print('check-typography: every English message uses ’ and “…”')
    return 0


if __name__ == '__main__':
    sys.exit(main())
