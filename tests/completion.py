#!/usr/bin/env python3
# completion.py: bash completion of vigilctl, as a user pressing Tab would meet it
#
# SPDX-License-Identifier: GPL-3.0-or-later
"""Sources data/completions/vigilctl in bash, with bash-completion loaded and without it, checks
that "complete -p vigilctl" names its function, and drives that function as bash does (COMP_LINE,
COMP_POINT, COMP_WORDS split at "=" as COMP_WORDBREAKS splits them, COMP_CWORD): the commands
are those of "vigilctl --help"; each command's "--" options are those of "vigilctl COMMAND
--help"; fixed values after --format, --severity, --status, --paper, --purpose and --anomaly;
file names after --db and import; the model names of a small simulated database after --model
(with --db before or after the command, as --db=DB, or from VIGIL_DB); the unacknowledged
alerts' ids after ack; and nothing, quietly, when the database does not exist.

    completion.py VIGILCTL COMPLETION_FILE
"""

import json
import os
import shlex
import subprocess
import sys
import tempfile

BASH_COMPLETION = '/usr/share/bash-completion/bash_completion'

failures = []


def expect(condition, message):
    if not condition:
        failures.append(message)


def vigilctl_run(vigilctl, *args, check=True, **kwargs):
    env = dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE='', VIGIL_DB='')
    result = subprocess.run([vigilctl, *args], capture_output=True, text=True, env=env,
                            **kwargs)
    if check and result.returncode not in (0, 3):
        raise SystemExit(f'FAILED: vigilctl {" ".join(args)} exited {result.returncode}:\n'
                         f'{result.stderr}')
    return result


def help_commands(vigilctl):
    lines = vigilctl_run(vigilctl, '--help').stdout.splitlines()
    start = lines.index('Commands:') + 1
    commands = []
    for line in lines[start:]:
        if not line.startswith('  '):
            break
        commands.append(line.split()[0])
    return commands


def help_long_options(vigilctl, command):
    options = set()
    for line in vigilctl_run(vigilctl, command, '--help').stdout.splitlines():
        for word in line.split()[:2]:
            if word.startswith('--'):
                options.add(word.split('=')[0].rstrip(','))
    return options


def comp_words(line):
    """The words bash gives a completion function for @line, the cursor at its end: split at
    blanks, and "=" a word of its own (it is in COMP_WORDBREAKS)."""
    words = []
    for blank_word in line.split(' '):
        parts = blank_word.split('=')
        for i, part in enumerate(parts):
            if i > 0:
                words.append('=')
            if part != '' or i == len(parts) - 1:
                words.append(part)
    return words


def complete(completion, bin_dir, cases, with_bash_completion, env_extra=None):
    """Runs every line of @cases through _vigilctl in one bash; returns {line: [replies]} and
    what bash printed on standard error."""
    script = []
    if with_bash_completion:
        script.append(f'source {shlex.quote(BASH_COMPLETION)}')
    script.append(f'source {shlex.quote(completion)}')
    script.append('echo "@complete $(complete -p vigilctl)"')
    for n, line in enumerate(cases):
        words = comp_words(line)
        cword = len(words) - 1
        script.append(f'COMP_LINE={shlex.quote(line)}; COMP_POINT=${{#COMP_LINE}}')
        script.append('COMP_WORDS=(' + ' '.join(shlex.quote(w) for w in words) + ')')
        script.append(f'COMP_CWORD={cword}; COMPREPLY=()')
        script.append(f'_vigilctl vigilctl {shlex.quote(words[cword])} '
                      f'{shlex.quote(words[cword - 1])}')
        script.append(f'echo "@case {n}"; printf "%s\\n" "${{COMPREPLY[@]}}"')
    env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ.get('PATH', ''),
               LC_ALL='C.UTF-8', LANGUAGE='', VIGIL_DB='', HOME=os.environ.get('HOME', '/'))
    env.update(env_extra or {})
    result = subprocess.run(['bash', '--norc', '--noprofile'], input='\n'.join(script) + '\n',
                            capture_output=True, text=True, env=env)
    replies, current, spec = {}, None, None
    for out in result.stdout.splitlines():
        if out.startswith('@complete '):
            spec = out[len('@complete '):]
        elif out.startswith('@case '):
            current = cases[int(out.split()[1])]
            replies[current] = []
        elif current is not None and out != '':
            replies[current].append(out)
    return replies, spec, result


def main():
    vigilctl, completion = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    expect(os.path.exists(BASH_COMPLETION),
           f'bash-completion is installed ({BASH_COMPLETION}; Debian: bash-completion)')

    with tempfile.TemporaryDirectory() as tmp:
        bin_dir = os.path.join(tmp, 'bin')
        os.mkdir(bin_dir)
        os.symlink(vigilctl, os.path.join(bin_dir, 'vigilctl'))

        # A small training database: two simulated models and their alerts, and a model whose
        # name has blanks
        db = os.path.join(tmp, 'training.db')
        vigilctl_run(vigilctl, '--db', db, 'simulate', '--days', '6', '--trading-per-day', '30',
                     '--credit-per-day', '30', '--start', '2026-11-01')
        line = {'timestamp': '2026-11-03T10:00:00Z', 'model_name': 'Rates Desk Model',
                'model_version': 'v1', 'decision_type': 'pricing', 'prediction': 'HOLD'}
        vigilctl_run(vigilctl, '--db', db, 'import', '-', input=json.dumps(line) + '\n')
        models = [m['model_name'] for m in map(json.loads, vigilctl_run(
            vigilctl, '--db', db, 'models', '--json').stdout.splitlines())]
        alerts = [a['id'] for a in map(json.loads, vigilctl_run(
            vigilctl, '--db', db, 'alerts', '--json').stdout.splitlines())]
        expect(len(models) == 3 and len(alerts) >= 3,
               f'the test database has three models and alerts: {models} {alerts}')
        acked = alerts[0]
        vigilctl_run(vigilctl, '--db', db, 'ack', str(acked), '--by', 'Ana Risk')
        open_ids = sorted(str(a) for a in alerts if a != acked)
        spool = os.path.join(tmp, 'decisions-2026-11-25.jsonl')
        with open(spool, 'w', encoding='utf-8') as f:
            f.write(json.dumps(line) + '\n')
        missing = os.path.join(tmp, 'no-such-folder', 'vigil.db')

        commands = help_commands(vigilctl)
        options = {c: help_long_options(vigilctl, c) for c in commands}

        q = shlex.quote
        cases = {
            'vigilctl ': set(commands),
            'vigilctl de': {c for c in commands if c.startswith('de')},
            'vigilctl --': {'--db', '--help', '--version'},
            f'vigilctl --db {q(db)} ': set(commands),
            f'vigilctl --db={q(db)} ': set(commands),
            'vigilctl export --format ': {'jsonl', 'csv'},
            'vigilctl export --format=c': {'csv'},
            'vigilctl alerts --severity ': {'LOW', 'MEDIUM', 'HIGH'},
            'vigilctl decisions --status ': {'pending', 'approved', 'escalated', 'overridden'},
            'vigilctl review 4711 --status ': {'approved', 'escalated', 'overridden'},
            'vigilctl report --paper ': {'a4', 'letter'},
            'vigilctl init --purpose ': {'production', 'training'},
            'vigilctl simulate --anomaly sell_surge,vol':
                {'sell_surge,volume_spike', 'sell_surge,volume_drop'},
            f'vigilctl --db {q(db)} alerts --model ':
                {'CreditXGBoost', 'MomentumSignal', 'Rates\\ Desk\\ Model'},
            f'vigilctl alerts --db {q(db)} --model M': {'MomentumSignal'},
            f'vigilctl --db={q(db)} stats --model=Cr': {'CreditXGBoost'},
            f'vigilctl --db {q(db)} export --model Ra': {'Rates\\ Desk\\ Model'},
            f'vigilctl --db {q(db)} ack ': set(open_ids),
            f'vigilctl --db {q(db)} ack {open_ids[0]} ': set(open_ids[1:]),
            f'vigilctl --db {q(missing)} alerts --model ': set(),
            f'vigilctl --db {q(missing)} ack ': set(),
            f'vigilctl import {q(os.path.join(tmp, "decisions-"))}': {spool},
            f'vigilctl --db {q(os.path.join(tmp, "train"))}': {db},
        }
        file_cases = {f'vigilctl --db {q(os.path.join(tmp, "train"))}'}
        for command in commands:
            cases[f'vigilctl {command} --'] = options[command] | {'--db', '--help'}

        for with_bc in (True, False):
            mode = 'with bash-completion' if with_bc else 'without bash-completion'
            if with_bc and not os.path.exists(BASH_COMPLETION):
                continue
            replies, spec, result = complete(completion, bin_dir, list(cases), with_bc)
            expect(result.returncode == 0, f'bash exits 0 {mode}: {result.stderr}')
            expect(result.stderr == '', f'the completion prints nothing on stderr {mode}:\n'
                                        f'{result.stderr[:2000]}')
            expect(spec == 'complete -F _vigilctl vigilctl',
                   f'complete -p vigilctl names _vigilctl {mode}: {spec!r}')
            for line, wanted in cases.items():
                got = replies.get(line)
                if line in file_cases and got is not None:
                    got = [g for g in got if g in wanted]  # and the database's -wal, -shm
                expect(got is not None and set(got) == wanted and len(got) == len(set(got)),
                       f'{mode}: "{line}<Tab>" offers {sorted(wanted)}, not '
                       f'{sorted(got) if got is not None else got}')

            # VIGIL_DB names the database when --db does not
            replies, _, _ = complete(completion, bin_dir, ['vigilctl stats --model Mo'], with_bc,
                                     {'VIGIL_DB': db})
            expect(replies.get('vigilctl stats --model Mo') == ['MomentumSignal'],
                   f'{mode}: with VIGIL_DB, "--model Mo<Tab>" offers MomentumSignal: {replies}')

            # No database named and none at the default place: nothing, and nothing created
            home = os.path.join(tmp, 'home')
            os.makedirs(home, exist_ok=True)
            replies, _, result = complete(completion, bin_dir, ['vigilctl alerts --model '],
                                          with_bc, {'HOME': home, 'XDG_DATA_HOME': ''})
            expect(replies.get('vigilctl alerts --model ') == [] and result.stderr == ''
                   and os.listdir(home) == [],
                   f'{mode}: with no database, "--model <Tab>" offers nothing, quietly, and '
                   f'creates nothing: {replies} {result.stderr} {os.listdir(home)}')

        expect(not os.path.exists(os.path.dirname(missing)),
               'completing on a database that does not exist creates nothing')

    if failures:
        for failure in failures:
            print('FAILED: ' + failure)
        sys.exit(1)
    print(f'{len(cases)} completions agree, with and without bash-completion')


if __name__ == '__main__':
    main()
