#!/usr/bin/env python3
# check-translation.py: every language of po/LINGUAS is complete and current.
#
# For each language, `msgfmt --check --statistics` must pass and report no fuzzy and no
# untranslated message; and the messages of its .po file must be those that xgettext extracts
# from po/POTFILES.in now (with the keywords of meson's glib preset), so that a string added
# to, changed in or removed from the source without updating the translations is caught.
# The fix for the latter is `meson compile -C BUILD vigil-update-po`, then translating.
#
# Usage: check-translation.py SOURCE_ROOT [--selftest] [--xgettext PATH] [--msgfmt PATH]
# With --selftest it first checks, in a small tree of its own, that an untranslated, a fuzzy
# and a new source message are each refused, so that the check is known to fail when it should.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import shutil
import subprocess
import sys
import tempfile

PACKAGE = 'vigil'

# The keywords of i18n.gettext (preset: 'glib'), as meson passes them to xgettext.
XGETTEXT_ARGS = [
    '--from-code=UTF-8', '--add-comments',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
]

ESCAPES = {'n': '\n', 't': '\t', 'r': '\r', '"': '"', '\\': '\\', 'a': '\a', 'b': '\b',
           'f': '\f', 'v': '\v'}


def c_string(token, where):
    """The value of one "quoted" PO string."""
    if len(token) < 2 or token[0] != '"' or token[-1] != '"':
        raise ValueError('%s: expected a quoted string, not %s' % (where, token))
    body = token[1:-1]
    out = []
    i = 0
    while i < len(body):
        if body[i] == '\\' and i + 1 < len(body):
            out.append(ESCAPES.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(body[i])
            i += 1
    return ''.join(out)


def messages(path):
    """The live messages of a .po or .pot file: a dict from (msgctxt, msgid, msgid_plural)
    to whether the entry is fuzzy. The header and obsolete (#~) entries are left out."""
    found = {}
    entry = {}
    field = None

    def finish():
        if 'msgid' in entry and entry['msgid'] != '':
            key = (entry.get('msgctxt'), entry['msgid'], entry.get('msgid_plural'))
            found[key] = entry.get('fuzzy', False)

    with open(path, encoding='utf-8') as f:
        for number, line in enumerate(f, 1):
            where = '%s:%d' % (path, number)
            line = line.strip()
            if not line or line.startswith('#~'):
                # A blank line ends an entry; so does an obsolete one, with its flags.
                finish()
                entry = {}
                field = None
                continue
            if line.startswith('#,'):
                if 'msgid' in entry:
                    finish()
                    entry = {}
                entry['fuzzy'] = 'fuzzy' in [flag.strip() for flag in line[2:].split(',')]
                continue
            if line.startswith('#'):
                continue
            m = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$', line)
            if m:
                keyword = m.group(1)
                if keyword in ('msgctxt', 'msgid') and 'msgid' in entry:
                    finish()
                    entry = {}
                field = keyword
                entry[field] = c_string(m.group(2), where)
            elif line.startswith('"') and field is not None:
                entry[field] += c_string(line, where)
            else:
                raise ValueError('%s: cannot read this line: %s' % (where, line))
    finish()
    return found


def describe(key):
    ctxt, msgid, plural = key
    text = msgid if len(msgid) <= 60 else msgid[:57] + '...'
    text = '"%s"' % text.replace('\n', '\\n')
    if plural is not None:
        text += ' (with plural)'
    if ctxt is not None:
        text += ' in context "%s"' % ctxt
    return text


def tool_env():
    """An environment in which the gettext tools speak English, so that msgfmt's statistics
    can be read whatever the language of the session running the tests."""
    env = dict(os.environ)
    env.pop('LANGUAGE', None)
    env['LC_ALL'] = 'C'
    return env


def extract(root, xgettext, out):
    """Extracts the template of POTFILES.in into out, as `meson compile vigil-pot` does."""
    cmd = [xgettext, '--package-name=' + PACKAGE, '-f', os.path.join(root, 'po', 'POTFILES.in'),
           '-D', root, '-k_', '-o', out] + XGETTEXT_ARGS
    run = subprocess.run(cmd, env=tool_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         universal_newlines=True)
    if run.returncode != 0 or not os.path.isfile(out):
        raise RuntimeError('xgettext failed (exit status %d): %s'
                           % (run.returncode, run.stderr.strip()))


def statistics(po, msgfmt):
    """Runs msgfmt --check --statistics; returns (problems, translated, fuzzy, untranslated)."""
    run = subprocess.run([msgfmt, '--check', '--statistics', '-o', os.devnull, po],
                         env=tool_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         universal_newlines=True)
    output = (run.stdout + run.stderr).strip()
    counts = {}
    for what, pattern in (('translated', r'(\d+) translated message'),
                          ('fuzzy', r'(\d+) fuzzy translation'),
                          ('untranslated', r'(\d+) untranslated message')):
        m = re.search(pattern, output)
        counts[what] = int(m.group(1)) if m else 0
    problems = []
    if run.returncode != 0:
        problems.append('msgfmt --check refuses %s: %s' % (po, output))
    elif not re.search(r'\d+ translated message', output):
        problems.append('msgfmt --statistics said nothing readable about %s: %s' % (po, output))
    return problems, counts['translated'], counts['fuzzy'], counts['untranslated']


def languages(root):
    with open(os.path.join(root, 'po', 'LINGUAS'), encoding='utf-8') as f:
        langs = [line.split('#', 1)[0].strip() for line in f]
    return [lang for lang in langs if lang]


def check(root, xgettext, msgfmt, report=print):
    """Returns the problems found, one sentence each; none when every translation is complete
    and current."""
    problems = []
    langs = languages(root)
    if not langs:
        return ['po/LINGUAS names no language']

    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, PACKAGE + '.pot')
        try:
            extract(root, xgettext, pot)
        except RuntimeError as e:
            return [str(e)]
        wanted = messages(pot)

    for lang in langs:
        po = os.path.join(root, 'po', lang + '.po')
        if not os.path.isfile(po):
            problems.append('po/LINGUAS names %s but po/%s.po does not exist' % (lang, lang))
            continue
        found, translated, fuzzy, untranslated = statistics(po, msgfmt)
        problems += found
        if fuzzy or untranslated:
            problems.append('po/%s.po is incomplete: %d translated, %d fuzzy, %d untranslated'
                            % (lang, translated, fuzzy, untranslated))
        try:
            have = messages(po)
        except (ValueError, UnicodeDecodeError) as e:
            problems.append('po/%s.po cannot be read: %s' % (lang, e))
            continue
        new = sorted((k for k in wanted if k not in have), key=lambda k: k[1])
        gone = sorted((k for k in have if k not in wanted), key=lambda k: k[1])
        if new:
            problems.append('po/%s.po lacks %d message(s) of the current source, such as %s; run '
                            '`meson compile -C BUILD vigil-update-po` and translate them'
                            % (lang, len(new), ', '.join(describe(k) for k in new[:5])))
        if gone:
            problems.append('po/%s.po has %d message(s) no longer in the source, such as %s; run '
                            '`meson compile -C BUILD vigil-update-po`'
                            % (lang, len(gone), ', '.join(describe(k) for k in gone[:5])))
        if not found and not fuzzy and not untranslated and not new and not gone:
            report('po/%s.po: %d messages, all translated and current' % (lang, translated))
    return problems


def selftest(xgettext, msgfmt):
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, 'src'))
        os.makedirs(os.path.join(tmp, 'po'))

        def write(path, text):
            with open(os.path.join(tmp, path), 'w', encoding='utf-8') as f:
                f.write(text)

        source = ('g_print (_("Hello"));\n'
                  'g_print (C_("greeting", "Bye"));\n'
                  'g_print (g_dngettext (NULL, "%u day", "%u days", n), n);\n')
        header = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                  '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n')
        complete = (header
                    + 'msgid "Hello"\nmsgstr "Hallo"\n\n'
                    + 'msgctxt "greeting"\nmsgid "Bye"\nmsgstr "Tschüss"\n\n'
                    + '#, c-format\nmsgid "%u day"\nmsgid_plural "%u days"\n'
                    + 'msgstr[0] "%u Tag"\nmsgstr[1] "%u Tage"\n')
        write('src/a.c', source)
        write('po/POTFILES.in', '# sorted\nsrc/a.c\n')
        write('po/LINGUAS', '# one a line\nxx\n')
        write('po/xx.po', complete)
        quiet = lambda _text: None
        assert check(tmp, xgettext, msgfmt, quiet) == [], check(tmp, xgettext, msgfmt, quiet)

        # A string added to the source, not yet in the translation.
        write('src/a.c', source + 'g_print (_("Welcome"));\n')
        problems = check(tmp, xgettext, msgfmt, quiet)
        assert len(problems) == 1 and '"Welcome"' in problems[0] and 'lacks 1' in problems[0], \
            problems
        write('src/a.c', source)

        # A string removed from the source.
        write('src/a.c', source.replace('g_print (_("Hello"));\n', ''))
        problems = check(tmp, xgettext, msgfmt, quiet)
        assert len(problems) == 1 and '"Hello"' in problems[0] and 'no longer' in problems[0], \
            problems
        write('src/a.c', source)

        # An untranslated message.
        write('po/xx.po', complete.replace('msgstr "Hallo"', 'msgstr ""'))
        problems = check(tmp, xgettext, msgfmt, quiet)
        assert len(problems) == 1 and '2 translated, 0 fuzzy, 1 untranslated' in problems[0], \
            problems

        # A fuzzy one.
        write('po/xx.po', complete.replace('msgctxt "greeting"', '#, fuzzy\nmsgctxt "greeting"'))
        problems = check(tmp, xgettext, msgfmt, quiet)
        assert len(problems) == 1 and '2 translated, 1 fuzzy, 0 untranslated' in problems[0], \
            problems

        # A translation that drops a format directive.
        write('po/xx.po', complete.replace('msgstr[1] "%u Tage"', 'msgstr[1] "Tage"'))
        problems = check(tmp, xgettext, msgfmt, quiet)
        assert len(problems) == 1 and 'msgfmt --check refuses' in problems[0], problems

        # A language without its file.
        write('po/xx.po', complete)
        write('po/LINGUAS', 'xx\nyy\n')
        problems = check(tmp, xgettext, msgfmt, quiet)
        assert len(problems) == 1 and 'yy.po does not exist' in problems[0], problems
    print('selftest: an untranslated, a fuzzy, a broken, a new and a removed message are refused')


def main():
    args = sys.argv[1:]
    tools = {'--xgettext': 'xgettext', '--msgfmt': 'msgfmt'}
    rest = []
    i = 0
    while i < len(args):
        if args[i] in tools and i + 1 < len(args):
            tools[args[i]] = args[i + 1]
            i += 2
        else:
            rest.append(args[i])
            i += 1
    paths = [a for a in rest if a != '--selftest']
    if len(paths) != 1:
        print('usage: check-translation.py SOURCE_ROOT [--selftest] [--xgettext PATH] '
              '[--msgfmt PATH]', file=sys.stderr)
        return 2
    xgettext = shutil.which(tools['--xgettext'])
    msgfmt = shutil.which(tools['--msgfmt'])
    if xgettext is None or msgfmt is None:
        print('check-translation: needs xgettext and msgfmt (Debian: gettext)', file=sys.stderr)
        return 1
    if '--selftest' in rest:
        selftest(xgettext, msgfmt)
    problems = check(paths[0], xgettext, msgfmt)
    for p in problems:
        print('check-translation: ' + p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
