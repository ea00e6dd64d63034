#!/usr/bin/env python3
# values-roundtrip.py: every value a decision can hold survives the database and is sealed
# over the text it reads back as
#
# A property test with a seeded generator: random decisions whose confidences and input
# features hold numbers at the edges of double precision (subnormals, 5e-324, 1e308, -0 in
# every spelling, integers beyond 2^53, 1.0000000000000002, exact decimals of up to 40 digits)
# and whose strings hold every JSON escape, non-BMP characters and long texts, go through
# import -> verify -> export -> import -> verify -> export: both ledgers are intact, the
# decisions' record hashes are equal, the exports are identical, the values are what was sent
# (numbers to their exact decimal value), and an independent auditor (ledger-audit.py) agrees.
# Then a database written before ledger format 2, with a row sealed over "-0", verifies intact
# under the documented format 1 rule.
#
# Usage: values-roundtrip.py VIGILCTL        (VIGIL_SEED=N to replay another seed)
# SPDX-License-Identifier: GPL-3.0-or-later

import csv
import decimal
import importlib.util
import io
import json
import os
import random
import re
import sqlite3
import struct
import subprocess
import sys
import tempfile

VIGILCTL = sys.argv[1]
SRCDIR = os.path.dirname(os.path.abspath(__file__))
SEED = int(os.environ.get("VIGIL_SEED", "20261205"))
N = int(os.environ.get("VIGIL_ROUNDTRIP_N", "1500"))

spec = importlib.util.spec_from_file_location("ledger_audit", os.path.join(SRCDIR, "ledger-audit.py"))
ledger_audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ledger_audit)

failures = 0


def check(cond, what):
    global failures
    print(("ok" if cond else "FAIL") + " - " + what)
    if not cond:
        failures += 1
    return cond


def vigilctl(db, *args):
    return subprocess.run([VIGILCTL, "--db", db] + list(args), capture_output=True, text=True)


# Numbers ----------------------------------------------------------------------------------

EDGE_NUMBERS = [
    "0", "-0", "-0.0", "-0e5", "-0E-7", "0.000", "0e10", "5e-324", "4.9406564584124654e-324",
    "-5e-324", "2.2250738585072014e-308", "2.225073858507201e-308", "1e-323", "4e-320",
    "1.7976931348623157e308", "1e308", "-1e308", "9.999999999999999e307", "9007199254740992",
    "9007199254740993", "-9007199254740993", "18446744073709551616", "-9223372036854775809",
    "123456789012345678901234567890", "1234567890123456789012345678901234567890",
    "1.0000000000000002", "0.9999999999999999", "0.1", "0.30000000000000004", "1e-7", "1E21",
    "1e+21", "100000000000000000000", "1e20", "0.000001", "0.0000001", "123.456e-2", "1.50",
    "15e-1", "0.15E1", "-1.5e-10", "1e-6", "2e-6", "12345678901234567.5",
]

EDGE_CONFIDENCES = [
    "0", "-0", "-0.0", "-0e5", "-0E+3", "0.0", "0e-1", "1", "1.0", "1e0", "10e-1", "0.1e1",
    "0.9999999999999999", "5e-324", "4e-320", "2.2250738585072014e-308", "1e-300", "0.5",
    "0.30000000000000004", "1.00000000000000000000000001",
]


def random_double(rng, lo=None):
    while True:
        x = struct.unpack("<d", rng.getrandbits(64).to_bytes(8, "little"))[0]
        if x == x and abs(x) != float("inf"):
            return x


def spell_double(rng, x):
    return rng.choice([repr(x), "%.17g" % x, "%.17e" % x, "%.20e" % x]).replace("inf", "1e999")


def random_number(rng):
    kind = rng.randrange(6)
    if kind == 0:
        return rng.choice(EDGE_NUMBERS)
    if kind == 1:
        return spell_double(rng, random_double(rng))
    if kind == 2:
        return str(rng.randint(-2 ** 70, 2 ** 70))
    if kind == 3:
        # An exact decimal: up to 40 significant digits, an exponent well inside a double's range
        digits = str(rng.randint(1, 9)) + "".join(rng.choice("0123456789")
                                                  for _ in range(rng.randrange(40)))
        return ("-" if rng.random() < 0.5 else "") + digits + "e%d" % rng.randint(-280, 260)
    if kind == 4:
        # Subnormals
        return spell_double(rng, rng.random() * 2.2250738585072014e-308)
    return spell_double(rng, rng.uniform(-1e6, 1e6))


def random_confidence(rng):
    kind = rng.randrange(3)
    if kind == 0:
        return rng.choice(EDGE_CONFIDENCES)
    if kind == 1:
        return spell_double(rng, rng.random())
    return repr(rng.choice([0.0, 1.0, rng.random() * 1e-300, 1.0 - rng.random() * 1e-15]))


# Strings ----------------------------------------------------------------------------------

ALPHABET = (["a", "Z", "0", " ", "é", "ß", "€", "中", "\u2028", "\u2029", "\ufeff", "\x7f",
             "😀", "𝄞", "\U0010ffff", "\ue000", '"', "\\", "/"] +
            [chr(c) for c in range(1, 0x20)])


def random_text(rng, max_bytes):
    n = rng.choice([0, 1, 5, 40, 200, 2000, 12000])
    out, size = [], 0
    for _ in range(n):
        c = rng.choice(ALPHABET) if rng.random() < 0.5 else chr(rng.randint(0x20, 0x7e))
        size += len(c.encode("utf-8"))
        if size > max_bytes:
            break
        out.append(c)
    return "".join(out)


def spell_string(rng, s):
    """JSON text of @s, each character raw or escaped in one of the ways JSON allows."""
    short = {'"': '\\"', "\\": "\\\\", "/": "\\/", "\b": "\\b", "\f": "\\f", "\n": "\\n",
             "\r": "\\r", "\t": "\\t"}
    out = ['"']
    for c in s:
        code = ord(c)
        must = c in '"\\' or code < 0x20
        how = rng.randrange(3)
        if c in short and (must or how == 0):
            out.append(short[c] if c != "/" or how == 0 else "/")
        elif must or how == 1:
            if code > 0xffff:
                v = code - 0x10000
                hi, lo = 0xd800 + (v >> 10), 0xdc00 + (v & 0x3ff)
                out.append(rng.choice(["\\u%04x\\u%04x", "\\u%04X\\u%04X"]) % (hi, lo))
            else:
                out.append(rng.choice(["\\u%04x", "\\u%04X"]) % code)
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def random_key(rng):
    return random_text(rng, 60) or "k"


# Decisions --------------------------------------------------------------------------------

def random_features(rng, depth=0):
    """(JSON text, expected value with Decimal numbers)"""
    members, expected = [], {}
    for _ in range(rng.randrange(6 if depth == 0 else 3)):
        key = random_key(rng)
        if key in expected:
            continue
        kind = rng.randrange(8 if depth < 2 else 6)
        if kind <= 2:
            text = random_number(rng)
            value = decimal.Decimal(text)
        elif kind == 3:
            s = random_text(rng, 3000)
            text, value = spell_string(rng, s), s
        elif kind == 4:
            text, value = rng.choice([("true", True), ("false", False), ("null", None)])
        elif kind == 5:
            numbers = [random_number(rng) for _ in range(rng.randrange(4))]
            text, value = "[" + " , ".join(numbers) + "]", [decimal.Decimal(n) for n in numbers]
        else:
            text, value = random_features(rng, depth + 1)
        members.append(spell_string(rng, key) + rng.choice([":", " : "]) + text)
        expected[key] = value
    return "{" + ",".join(members) + "}", expected


def random_decision(rng, i):
    fields = {
        "timestamp": "2026-%02d-%02dT%02d:%02d:%02d.%06dZ" % (
            rng.randint(1, 12), rng.randint(1, 28), rng.randrange(24), rng.randrange(60),
            rng.randrange(60), rng.randrange(1000000)),
        "model_name": "M%d" % rng.randrange(3),
        "model_version": "v" + random_text(rng, 255),
        "decision_type": "t",
        "prediction": "P" + random_text(rng, 1000) + "#%d" % i,
    }
    parts = ['"%s":%s' % (k, spell_string(rng, v)) for k, v in fields.items()]
    expected = dict(fields)
    confidence = random_confidence(rng) if rng.random() < 0.9 else None
    parts.append('"confidence":' + (confidence if confidence is not None else "null"))
    expected["confidence"] = None if confidence is None else float(confidence)
    features_text, features = random_features(rng)
    parts.append('"input_features":' + features_text)
    expected["input_features"] = features
    for name, limit in (("explanation", 16384), ("ticker", 256), ("user_id", 256)):
        if rng.random() < 0.7:
            s = random_text(rng, limit)
            parts.append('"%s":%s' % (name, spell_string(rng, s)))
            expected[name] = s
        else:
            expected[name] = None
    rng.shuffle(parts)
    return "{" + ",".join(parts) + "}", expected


def decimal_value(x):
    return decimal.Decimal(x)


def same_value(got, want):
    if isinstance(want, dict):
        return (isinstance(got, dict) and got.keys() == want.keys() and
                all(same_value(got[k], want[k]) for k in want))
    if isinstance(want, list):
        return (isinstance(got, list) and len(got) == len(want) and
                all(same_value(g, w) for g, w in zip(got, want)))
    if isinstance(want, decimal.Decimal):
        return isinstance(got, decimal.Decimal) and got == want
    return got == want and type(got) is type(want)


def utf8_sorted(d):
    keys = list(d.keys())
    if keys != sorted(keys, key=lambda k: k.encode("utf-8")):
        return False
    return all(utf8_sorted(v) for v in d.values() if isinstance(v, dict))


def decisions(db):
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT id, timestamp, model_name, model_version, decision_type, "
                           "input_features, input_hash, prediction, confidence, explanation, "
                           "ticker, sector, portfolio_id, user_id, record_hash FROM decisions "
                           "ORDER BY id").fetchall()
    finally:
        con.close()


def verify(db, label):
    p = vigilctl(db, "verify", "--no-checkpoint")
    check(p.returncode == 0 and p.stdout.startswith("intact:"),
          "%s: verify says intact (%s%s)" % (label, p.stdout.strip()[:200], p.stderr.strip()[:300]))
    m = re.search(r"head (\S+)", p.stdout)
    audited = ledger_audit.audit(db)
    check(audited[0] is True and m is not None and audited[2] == m.group(1),
          "%s: the independent auditor agrees: %r" % (label, audited[:3]))
    return m.group(1) if m else None


def roundtrip(tmp):
    rng = random.Random(SEED)
    print("# seed %d, %d decisions" % (SEED, N))
    lines, expected = [], []
    for i in range(N):
        line, want = random_decision(rng, i)
        lines.append(line)
        expected.append(want)
    source = os.path.join(tmp, "random.jsonl")
    with open(source, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")

    db1, db2 = os.path.join(tmp, "one.db"), os.path.join(tmp, "two.db")
    p = vigilctl(db1, "import", source)
    check(p.returncode == 0, "every random decision imports (%s%s)"
          % (p.stdout.strip(), p.stderr.strip()[:2000]))
    verify(db1, "first import")

    rows = decisions(db1)
    check(len(rows) == N, "%d decisions stored (got %d)" % (N, len(rows)))
    wrong = []
    for row, want in zip(rows, expected):
        features = json.loads(row[5], parse_float=decimal_value, parse_int=decimal_value)
        problems = []
        if not same_value(features, want["input_features"]):
            problems.append("input_features %r, sent %r" % (row[5][:200], want["input_features"]))
        if not utf8_sorted(features):
            problems.append("input_features keys not sorted by UTF-8 bytes")
        conf = row[8]
        if want["confidence"] is None:
            if conf is not None:
                problems.append("confidence %r, sent null" % conf)
        elif conf != want["confidence"] or str(conf).startswith("-0"):
            problems.append("confidence %r, sent %r" % (conf, want["confidence"]))
        for i, name in ((3, "model_version"), (7, "prediction"), (9, "explanation"),
                        (10, "ticker"), (13, "user_id")):
            if row[i] != want[name]:
                problems.append("%s %r, sent %r" % (name, row[i] and row[i][:80],
                                                    want[name] and want[name][:80]))
        if problems:
            wrong.append("decision %d: %s" % (row[0], "; ".join(problems)))
    check(not wrong, "every value is stored as sent: " + "; ".join(wrong[:3]))

    export1 = vigilctl(db1, "export", "--format", "jsonl")
    check(export1.returncode == 0, "export works")
    again = os.path.join(tmp, "export.jsonl")
    with open(again, "w", encoding="utf-8") as f:
        f.write(export1.stdout)
    p = vigilctl(db2, "import", again)
    check(p.returncode == 0, "the export imports again (%s%s)"
          % (p.stdout.strip(), p.stderr.strip()[:2000]))
    verify(db2, "second import")
    rows2 = decisions(db2)
    same = [a == b for a, b in zip(rows, rows2)]
    check(len(rows2) == len(rows) and all(same),
          "the decisions come back with the same fields and record hashes (first difference: "
          "%r)" % (next(((a, b) for a, b in zip(rows, rows2) if a != b), None),))
    export2 = vigilctl(db2, "export", "--format", "jsonl")
    check(export2.stdout == export1.stdout, "a second export is byte for byte the first")


def legacy(tmp):
    """A row sealed over "-0" by Vigil before ledger format 2."""
    db = os.path.join(tmp, "legacy.db")
    con = sqlite3.connect(db)
    with open(os.path.join(SRCDIR, "legacy-negative-zero.sql"), encoding="utf-8") as f:
        con.executescript(f.read())
    con.close()

    p = vigilctl(db, "verify", "--no-checkpoint", "--json")
    result = json.loads(p.stdout or "{}")
    check(p.returncode == 0 and result.get("intact") is True,
          "a row sealed over -0 under format 1 verifies intact (%s%s)" % (p.stdout, p.stderr))
    check(result.get("format_1_records") == 1, "and is counted as sealed under format 1")
    p = vigilctl(db, "verify", "--no-checkpoint")
    check("sealed under ledger format 1: 1 record" in p.stdout,
          "verify says which rows were sealed under the old rule: %r" % p.stdout)
    audited = ledger_audit.audit(db)
    check(audited[0] is True, "the independent auditor applies the same rule: %r" % (audited,))

    # The CSV export writes the row as it was hashed, so the report's own script recomputes
    # the head from the CSV alone.
    p = vigilctl(db, "export", "--ledger", "--format", "csv")
    rows = list(csv.reader(io.StringIO(p.stdout)))
    check(any(r[0] == "decisions" and "'-0" in r for r in rows),
          "export --ledger writes the format 1 row's confidence as it was hashed, '-0")

    # Tampering is still caught: a changed confidence matches neither rule.
    con = sqlite3.connect(db)
    trigger = con.execute("SELECT sql FROM sqlite_master WHERE name = 'decisions_immutable'").fetchone()[0]
    con.execute("DROP TRIGGER decisions_immutable")
    con.execute("UPDATE decisions SET confidence = 0.5 WHERE id = 1")
    con.execute(trigger)
    con.commit()
    con.close()
    p = vigilctl(db, "verify", "--no-checkpoint")
    check(p.returncode == 1 and "decisions, row 1: edited" in p.stdout,
          "an edit of that row is still caught: %r" % p.stdout)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        roundtrip(tmp)
        legacy(tmp)
    print("%d failures" % failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
