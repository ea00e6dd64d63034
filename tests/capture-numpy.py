#!/usr/bin/python3
# capture-numpy.py: what a model returns with numpy and pandas reaches the ledger, each
# decision exactly once, and a writer killed mid-line loses only its own line
#
# Needs Debian's python3-numpy and python3-pandas (build-aux/install-deps.sh installs them), so
# meson runs it with /usr/bin/python3. It exits 77 (skipped) only when they are missing, and
# build-aux/test.sh counts a skip as a failure.
#
# Usage: capture-numpy.py VIGILCTL
# SPDX-License-Identifier: GPL-3.0-or-later

import datetime
import decimal
import json
import logging
import math
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile

try:
    import numpy
    import pandas
except ImportError as e:
    print("skip: numpy and pandas are needed (apt install python3-numpy python3-pandas): %s" % e)
    sys.exit(77)

VIGILCTL = sys.argv[1]
SRCDIR = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(SRCDIR, "..", "python"))

import vigil_capture  # noqa: E402
from vigil_capture import audit_logged  # noqa: E402

failures = 0


def check(cond, what):
    global failures
    print(("ok" if cond else "FAIL") + " - " + what)
    if not cond:
        failures += 1
    return cond


class Warnings(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append((record.levelno, record.getMessage()))


def vigilctl(db, *args):
    return subprocess.run([VIGILCTL, "--db", db] + list(args), capture_output=True, text=True)


def rows(db, sql, params=()):
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


# Each case: (name, features, confidence). The model below returns them as it got them.
EXACT = "0.1000000000000000055511151231257827"       # 34 digits, a decimal128
LONG = "0.1000000000000000055511151231257827021181583404541015625"
CASES = [
    ("datetime", {"when": datetime.datetime(2026, 3, 1, 12, 30, 5, 250000),
                  "aware": datetime.datetime(2026, 3, 1, 12, 0,
                                             tzinfo=datetime.timezone(datetime.timedelta(hours=2))),
                  "day": datetime.date(2026, 3, 1)}, 0.5),
    ("float32", {"score": numpy.float32(0.1), "ratio": numpy.float32(1.5)}, numpy.float32(0.75)),
    ("int64", {"exposure": numpy.int64(2 ** 62 + 1), "count": numpy.int32(-7),
               "flag": numpy.bool_(True)}, numpy.float64(0.25)),
    ("decimal", {"rate": decimal.Decimal("1.50"), "exact": decimal.Decimal(EXACT),
                 "big": decimal.Decimal("123456789012345678901234567890"),
                 "long": decimal.Decimal(LONG)},
     decimal.Decimal("0.125")),
    ("set", {"segments": {"retail", "sme", "corporate"}, "codes": frozenset({3, 1, 2})}, 0.9),
    ("nan", {"income": float("nan"), "debt": numpy.float64("nan"), "limit": float("inf"),
             "fico": 700}, 0.6),
    ("nan-confidence", {"fico": 640}, float("nan")),
    ("numpy-nan-confidence", {"fico": 641}, numpy.float32("nan")),
    ("tuple-keys", {("AAPL", "2026-03-01"): 0.2, 7: "seven", None: "none"}, 0.4),
    ("timestamp", {"as_of": pandas.Timestamp("2026-03-01 12:00:00.123456789", tz="Europe/Berlin"),
                   "naive": pandas.Timestamp("2026-03-01 08:00"), "missing": pandas.NaT,
                   "na": pandas.NA, "dt64": numpy.datetime64("2026-03-01T00:00:00")}, 0.3),
    ("arrays", {"vector": numpy.array([0.5, 1.5, numpy.nan]),
                "series": pandas.Series([1, 2, 3], dtype="int64"),
                "tuple": (1, "a", None)}, 0.35),
    ("other", {"object": object(), "complex": 1 + 2j, "bytes": b"\x00\xff",
               "nul": "a\x00b"}, -0.0),
]


def capture(tmp):
    spool = os.path.join(tmp, "numpy.jsonl")
    db = os.path.join(tmp, "numpy.db")
    handler = Warnings()
    logging.getLogger("vigil_capture").addHandler(handler)

    @audit_logged("PandasModel", "v1", "credit_approval", spool=spool)
    def model(case, features=None, confidence=None):
        return {"prediction": "APPROVE", "confidence": confidence, "case": case}

    for name, features, confidence in CASES:
        features = dict(features)
        features["case"] = name
        result = model(name, features=features, confidence=confidence)
        check(result["case"] == name, "%s: the model's result is returned untouched" % name)

    errors = [m for level, m in handler.messages if level >= logging.ERROR]
    check(not errors, "nothing is dropped with an error: %r" % errors)
    warned = "\n".join(m for _, m in handler.messages)
    check("input_features.income" in warned and "input_features.debt" in warned and
          "input_features.limit" in warned, "each NaN or infinite feature is named in a warning")
    check("confidence" in warned and "nan" in warned.lower(),
          "a NaN confidence is named in a warning")
    check("input_features.object" in warned, "a value logged as its repr is named in a warning")

    vigilctl(db, "init")
    p = vigilctl(db, "follow", "--once", spool)
    check(p.returncode == 0, "follow commits every line, rejecting none (%s%s)"
          % (p.stdout.strip(), p.stderr.strip()))

    got = rows(db, "SELECT json_extract(input_features, '$.case'), count(*) FROM decisions "
                   "GROUP BY 1")
    counts = dict(got)
    check(all(counts.get(name) == 1 for name, _, _ in CASES) and len(counts) == len(CASES),
          "every decision is in the database exactly once: %r" % counts)

    def features(case):
        r = rows(db, "SELECT input_features, confidence FROM decisions "
                     "WHERE json_extract(input_features, '$.case') = ?", (case,))
        if not r:
            return {}, None, ""
        return (json.loads(r[0][0], parse_float=decimal.Decimal), r[0][1], r[0][0])

    f, conf, _ = features("datetime")
    check(f.get("when") == "2026-03-01T12:30:05.250000Z" and
          f.get("aware") == "2026-03-01T10:00:00Z" and f.get("day") == "2026-03-01",
          "datetimes are ISO 8601 in UTC: %r" % f)
    f, conf, _ = features("float32")
    check(f.get("score") == decimal.Decimal(repr(float(numpy.float32(0.1)))) and
          f.get("ratio") == decimal.Decimal("1.5") and conf == 0.75,
          "numpy.float32 features and confidence stay numbers, with their exact value: %r %r"
          % (f, conf))
    f, conf, text = features("int64")
    check(f.get("exposure") == 2 ** 62 + 1 and f.get("count") == -7 and f.get("flag") is True and
          conf == 0.25, "numpy.int64 stays an exact integer, numpy.bool_ a boolean: %r" % f)
    f, conf, text = features("decimal")
    check(f.get("rate") == decimal.Decimal("1.5") and '"exact":%s' % EXACT in text and
          f.get("big") == decimal.Decimal("123456789012345678901234567890") and conf == 0.125,
          "a Decimal is a JSON number with its exact digits: %s" % text)
    check(f.get("long") == LONG and "input_features.long" in warned,
          "a Decimal of more digits than Vigil keeps (40) is its digits as a string, with a "
          "warning")
    f, conf, _ = features("set")
    check(f.get("segments") == ["corporate", "retail", "sme"] and f.get("codes") == [1, 2, 3],
          "sets are lists: %r" % f)
    f, conf, _ = features("nan")
    check(f.get("income", 0) is None and f.get("debt", 0) is None and f.get("limit", 0) is None
          and f.get("fico") == 700 and conf == 0.6, "NaN and inf features are null: %r" % f)
    for case in ("nan-confidence", "numpy-nan-confidence"):
        f, conf, _ = features(case)
        check(f != {} and conf is None, "%s: a NaN confidence is null, the decision kept" % case)
    f, conf, _ = features("tuple-keys")
    check(f.get("('AAPL', '2026-03-01')") == decimal.Decimal("0.2") and f.get("7") == "seven" and
          f.get("null") == "none", "keys that are not strings become strings: %r" % f)
    f, conf, _ = features("timestamp")
    check(f.get("as_of") == "2026-03-01T11:00:00.123456789Z" and
          f.get("naive") == "2026-03-01T08:00:00Z" and f.get("missing", 0) is None and
          f.get("na", 0) is None and f.get("dt64") == "2026-03-01T00:00:00Z",
          "pandas Timestamps are ISO 8601 in UTC, to the nanosecond; NaT and NA are null: %r" % f)
    f, conf, _ = features("arrays")
    check(f.get("vector") == [decimal.Decimal("0.5"), decimal.Decimal("1.5"), None] and
          f.get("series") == [1, 2, 3] and f.get("tuple") == [1, "a", None],
          "arrays, Series and tuples are lists: %r" % f)
    f, conf, _ = features("other")
    check(str(f.get("object", "")).startswith("<object object at") and
          f.get("complex") == "(1+2j)" and f.get("nul") == "a\u2400b" and conf == 0.0,
          "anything else is its repr; a NUL is made visible; -0 is 0: %r %r" % (f, conf))

    p = vigilctl(db, "verify", "--no-checkpoint")
    check(p.returncode == 0 and p.stdout.startswith("intact:"), "the ledger is intact: %s" % p.stdout)
    logging.getLogger("vigil_capture").removeHandler(handler)


KILLED_WRITER = r"""
import os, signal, sys
line = sys.argv[2].encode("utf-8")
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
os.write(fd, line[:len(line) // 2])
os.kill(os.getpid(), signal.SIGKILL)
"""


def killed_writer(tmp):
    spool = os.path.join(tmp, "torn.jsonl")
    db = os.path.join(tmp, "torn.db")
    vigilctl(db, "init")

    vigil_capture.log_decision(spool, "CreditXGBoost", "v2.1", "credit_approval", "APPROVE",
                               confidence=0.8, input_features={"n": 1})
    whole = json.dumps({"model_name": "CreditXGBoost", "model_version": "v2.1",
                        "decision_type": "credit_approval", "prediction": "DECLINE",
                        "confidence": 0.7, "input_features": {"n": 2}})
    writer = subprocess.run([sys.executable, "-c", KILLED_WRITER, spool, whole])
    check(writer.returncode == -signal.SIGKILL, "the second writer is killed mid-line")
    with open(spool, "rb") as f:
        torn = f.read().split(b"\n")[-1]
    check(len(torn) == len(whole.encode()) // 2, "it left half a line without its end")

    # The half line waits: its writer might still finish it.
    p = vigilctl(db, "follow", "--once", spool)
    check(p.returncode == 0 and rows(db, "SELECT count(*) FROM decisions")[0][0] == 1,
          "follow commits the first line and waits at the torn one")

    # The next process appends a whole line after the torn one.
    vigil_capture.log_decision(spool, "CreditXGBoost", "v2.1", "credit_approval", "REFER",
                               confidence=0.6, input_features={"n": 3})
    p = vigilctl(db, "follow", "--once", spool)
    check(p.returncode == 3 and "a torn line" in p.stderr,
          "follow names the torn line (exit %d: %s)" % (p.returncode, p.stderr.strip()))
    got = rows(db, "SELECT prediction, json_extract(input_features, '$.n') FROM decisions "
                   "ORDER BY id")
    check(got == [("APPROVE", 1), ("REFER", 3)],
          "the good line after the torn one is kept, once; the killed writer's is not: %r" % got)
    with open(spool + ".rejected", "rb") as f:
        rejected = f.read()
    check(rejected == torn + b"\n",
          "exactly the torn fragment is quarantined: %r" % rejected[:200])
    p = vigilctl(db, "follow", "--once", spool)
    check(rows(db, "SELECT count(*) FROM decisions")[0][0] == 2, "following again adds nothing")
    p = vigilctl(db, "verify", "--no-checkpoint")
    check(p.returncode == 0, "the ledger is intact: %s" % p.stdout)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        capture(tmp)
        killed_writer(tmp)
    print("%d failures" % failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
