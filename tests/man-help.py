#!/usr/bin/env python3
# man-help.py: the manual pages say what vigilctl --help says, and format without warnings
#
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that doc/vigilctl.1 and vigilctl's --help cannot drift apart: every command that
"vigilctl --help" lists has a section under COMMANDS (and a line in SYNOPSIS), and every section
is a command; every option of "vigilctl COMMAND --help" is a tag (.TP) in its command's section,
except --db and --help, which GLOBAL OPTIONS gives; and every option tagged in a section is one
the command takes. Every key of the GSettings schema is under SETTINGS in doc/vigil.1, and
every key there is one of the schema's. Then formats each page with groff's warnings on (and with man -l where it is
installed), which must print nothing on standard error.

    man-help.py VIGILCTL DOC_DIR GSCHEMA_XML
"""

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree

# Every command takes these; GLOBAL OPTIONS documents them once.
COMMON = {'--db', '--help', '-h'}

OPTION = re.compile(r'(?<![\w-])(--[a-z0-9][a-z0-9-]*|-[a-zA-Z])(?![\w-])')

failures = []


def expect(condition, message):
    if not condition:
        failures.append(message)


def run(*args):
    env = dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE='')
    return subprocess.run(list(args), capture_output=True, text=True, env=env)


def help_commands(vigilctl):
    result = run(vigilctl, '--help')
    expect(result.returncode == 0, f'vigilctl --help exits 0, not {result.returncode}')
    commands = []
    listing = False
    for line in result.stdout.splitlines():
        if line.startswith('Commands:'):
            listing = True
        elif listing and line.startswith('  '):
            commands.append(line.split()[0])
        elif listing and line.strip() == '':
            if commands:
                break
    if not commands:
        raise SystemExit('FAILED: found no commands in vigilctl --help:\n' + result.stdout)
    return commands


def help_options(vigilctl, command):
    """The options "vigilctl COMMAND --help" lists: "  -o, --output=FILE   Write …"."""
    result = run(vigilctl, command, '--help')
    expect(result.returncode == 0,
           f'vigilctl {command} --help exits 0, not {result.returncode}: {result.stderr}')
    options = set()
    for line in result.stdout.splitlines():
        match = re.match(r'^\s+((?:-[a-zA-Z], )?--[a-z0-9][a-z0-9-]*)', line)
        if match:
            options.update(OPTION.findall(match.group(1)))
    expect('--help' in options, f'vigilctl {command} --help lists its options: {result.stdout}')
    return options


def roff_text(line):
    """A roff line as plain text: \\- is a hyphen, font changes and quotes go."""
    line = line.replace('\\-', '-').replace('\\(aq', "'").replace('\\|', '')
    line = re.sub(r'\\f[BIRP]', '', line)
    return line.replace('"', '')


def man_sections(page):
    """{section name: [lines]} for .SH, and {command: [lines]} for the .SS under COMMANDS."""
    sections, commands = {}, {}
    section = subsection = None
    for line in page.splitlines():
        if line.startswith('.SH '):
            section, subsection = roff_text(line[4:]).strip(), None
            sections[section] = []
        elif line.startswith('.SS ') and section == 'COMMANDS':
            subsection = roff_text(line[4:]).split()[0]
            expect(subsection not in commands, f'one section for {subsection} in the man page')
            commands[subsection] = []
        elif section is not None:
            sections[section].append(line)
            if subsection is not None:
                commands[subsection].append(line)
    return sections, commands


def tagged_options(lines):
    """The options in the tags of .TP paragraphs: the line after each .TP."""
    options = set()
    for previous, line in zip(lines, lines[1:]):
        if previous.strip() == '.TP':
            options.update(OPTION.findall(roff_text(line)))
    return options


def check_settings(doc_dir, schema_path):
    """Every key of the schema is a tag under SETTINGS in vigil.1, and the other way round."""
    with open(os.path.join(doc_dir, 'vigil.1'), encoding='utf-8') as f:
        sections, _ = man_sections(f.read())
    lines = sections.get('SETTINGS', [])
    documented = set()
    for previous, line in zip(lines, lines[1:]):
        if previous.strip() == '.TP':
            documented.update(re.findall(r'[a-z][a-z0-9-]*[a-z0-9]', roff_text(line)[3:]))
    keys = {key.get('name') for key in ElementTree.parse(schema_path).iter('key')}
    expect(keys, f'the schema {schema_path} has keys')
    for key in sorted(keys):
        expect(key in documented, f'the GSettings key {key} is documented under SETTINGS in '
                                  f'vigil.1')
    for key in sorted(documented - keys):
        expect(False, f'{key}, under SETTINGS in vigil.1, is a key of the schema')


def lint(page):
    groff = shutil.which('groff')
    expect(groff is not None, 'groff is installed to check the man pages (Debian: groff-base)')
    if groff is not None:
        result = run(groff, '-man', '-Tutf8', '-ww', '-z', page)
        expect(result.returncode == 0 and result.stderr == '',
               f'groff -man -ww formats {page} without warnings:\n{result.stderr}')
    man = shutil.which('man')
    if man is not None:
        env = dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE='', MANWIDTH='80', MANPAGER='cat',
                   PAGER='cat')
        result = subprocess.run([man, '--warnings', '-l', page], capture_output=True, text=True,
                                env=env)
        expect(result.returncode == 0 and result.stderr == '' and 'SYNOPSIS' in result.stdout,
               f'man -l {page} shows it without warnings:\n{result.stderr}')
    mandoc = shutil.which('mandoc')
    if mandoc is not None:
        result = run(mandoc, '-T', 'lint', '-W', 'warning', page)
        expect(result.returncode == 0, f'mandoc -T lint finds nothing in {page}:\n{result.stdout}')


def main():
    vigilctl, doc_dir, schema_path = sys.argv[1], sys.argv[2], sys.argv[3]
    page_path = os.path.join(doc_dir, 'vigilctl.1')
    with open(page_path, encoding='utf-8') as f:
        page = f.read()
    sections, man_commands = man_sections(page)
    for name in ('NAME', 'SYNOPSIS', 'DESCRIPTION', 'COMMANDS', 'GLOBAL OPTIONS', 'EXIT STATUS',
                 'ENVIRONMENT', 'FILES', 'EXAMPLES', 'SEE ALSO'):
        expect(name in sections, f'the man page has a {name} section')

    commands = help_commands(vigilctl)
    for command in commands:
        expect(command in man_commands,
               f'"{command}", listed by vigilctl --help, has a section under COMMANDS')
    for command in man_commands:
        expect(command in commands,
               f'the man page\'s section "{command}" is a command vigilctl --help lists')

    synopsis = '\n'.join(roff_text(line) for line in sections.get('SYNOPSIS', []))
    for command in commands:
        expect(re.search(rf'^\.B {re.escape(command)}\b', synopsis, re.M),
               f'the SYNOPSIS shows "{command}"')

    checked = 0
    for command in commands:
        in_help = help_options(vigilctl, command)
        in_man = tagged_options(man_commands.get(command, []))
        for option in sorted(in_help - COMMON):
            checked += 1
            expect(option in in_man,
                   f'{command} {option}, in "vigilctl {command} --help", is documented in the '
                   f'man page\'s section {command}')
        for option in sorted(in_man):
            expect(option in in_help,
                   f'{command} {option}, documented in the man page, is an option of '
                   f'"vigilctl {command} --help"')

    global_options = tagged_options(sections.get('GLOBAL OPTIONS', []))
    for option in ('--db', '--help', '-h', '--version'):
        expect(option in global_options, f'GLOBAL OPTIONS documents {option}')
    version = run(vigilctl, '--version')
    expect(version.returncode == 0 and version.stdout.startswith('vigilctl '),
           f'vigilctl --version prints the version: {version.stdout!r} {version.stderr!r}')

    check_settings(doc_dir, schema_path)
    for name in ('vigilctl.1', 'vigil.1'):
        lint(os.path.join(doc_dir, name))

    if failures:
        for failure in failures:
            print('FAILED: ' + failure)
        sys.exit(1)
    print(f'{len(commands)} commands, {checked} options: the man page and --help agree')


if __name__ == '__main__':
    main()
