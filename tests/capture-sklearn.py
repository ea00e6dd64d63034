#!/usr/bin/python3
# capture-sklearn.py: the installed vigil_capture package, decorating a real scikit-learn
# classifier, loses no decision: each arrives exactly once with its values, and the outcomes
# recorded from Python are attached to their decisions
#
# Installs ./python with `pip install --no-build-isolation --no-index` (offline) into a venv that
# sees Debian's python3-numpy, python3-pandas and python3-sklearn, trains a LogisticRegression
# on a synthetic data set, makes N predictions through a decorated wrapper with numpy and pandas
# inputs, records outcomes, and follows the spool with the built vigilctl. Meson runs it with
# /usr/bin/python3. It exits 77 (skipped, which build-aux/test.sh counts as a failure) only when
# those packages are missing, saying which.
#
# Usage: capture-sklearn.py VIGILCTL
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

try:
    import numpy  # noqa: F401
    import pandas  # noqa: F401
    import sklearn  # noqa: F401
    import setuptools  # noqa: F401
    import pip  # noqa: F401
except ImportError as e:
    print("FAIL - skipped, counted as a failure: numpy, pandas, scikit-learn, setuptools and "
          "pip are needed (apt install python3-numpy python3-pandas python3-sklearn "
          "python3-setuptools python3-pip python3-venv): %s" % e)
    sys.exit(77)

VIGILCTL = sys.argv[1]
SRCDIR = os.path.dirname(os.path.abspath(__file__))
N = 300

failures = 0


def check(cond, what):
    global failures
    print(("ok" if cond else "FAIL") + " - " + what)
    if not cond:
        failures += 1
    return cond


def run(argv, **kwargs):
    p = subprocess.run(argv, capture_output=True, text=True, **kwargs)
    if p.returncode != 0:
        print("$ " + " ".join(argv))
        print(p.stdout, p.stderr)
    return p


# Runs in the venv, importing the installed package. Writes what it expects to EXPECTED.
MODEL = r'''
import datetime, json, logging, sys
import numpy as np
import pandas as pd
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression

import vigil_capture
from vigil_capture import audit_logged, last_decision, record_outcome

spool, expected_path, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
assert "site-packages" in vigil_capture.__file__, vigil_capture.__file__

warnings = []
class Collect(logging.Handler):
    def emit(self, record):
        warnings.append(record.getMessage())
logging.getLogger("vigil_capture").addHandler(Collect(logging.WARNING))

X, y = make_classification(n_samples=400, n_features=4, n_informative=3, n_redundant=0,
                           random_state=7)
columns = ["fico_z", "dti_z", "income_z", "tenure_z"]
train = pd.DataFrame(X, columns=columns)
model = LogisticRegression(max_iter=500).fit(train, y)

rng = np.random.default_rng(11)
applicants = pd.DataFrame(rng.normal(size=(n, 4)), columns=columns)
applicants["seq"] = np.arange(n, dtype=np.int64)
applicants["applied"] = pd.date_range("2026-11-02", periods=n, freq="h")

@audit_logged("CreditLogit", "v1.0", "credit_approval", spool=spool, sector="Retail",
              portfolio_id="retail-eu")
def approve(features, *, ticker=None, user_id=None, portfolio_id=None):
    row = pd.DataFrame([[features[c] for c in columns]], columns=columns)
    label = model.predict(row)[0]                     # numpy.int64
    p = model.predict_proba(row)[0, 1]                # numpy.float64
    result = {"prediction": "APPROVE" if label == 1 else "DECLINE",
              "confidence": p if label == 1 else 1 - p,
              "explanation": "logit %.3f" % model.decision_function(row)[0]}
    if features["income_z"] > 1.0:
        result["sector"] = "Private banking"          # the result overrides the decorator
    return result

expected = []
for i in range(n):
    row = applicants.iloc[i]
    features = {c: row[c] for c in columns}           # numpy.float64 values
    features["seq"] = np.int64(row["seq"])
    features["applied"] = row["applied"]              # pandas.Timestamp
    kwargs = {}
    if i % 3 == 0:
        kwargs["user_id"] = "officer_%d" % (i % 5)
    if i % 4 == 0:
        kwargs["portfolio_id"] = "sme-de"
    if i % 7 == 0:
        kwargs["ticker"] = "LN%03d" % i
    result = approve(features, **kwargs)
    ref = last_decision()
    e = {"seq": i, "prediction": result["prediction"], "confidence": float(result["confidence"]),
         "explanation": result["explanation"],
         "features": {**{c: float(features[c]) for c in columns}, "seq": i,
                      "applied": features["applied"].isoformat() + "Z"},
         "ticker": kwargs.get("ticker"),
         "sector": result.get("sector", "Retail"),
         "portfolio_id": kwargs.get("portfolio_id", "retail-eu"),
         "user_id": kwargs.get("user_id", "system"),
         "outcome": None, "outcome_date": None}
    if i % 5 == 0:
        known = datetime.datetime(2027, 1, 1) + datetime.timedelta(days=i)
        if i % 10 == 0:
            record_outcome(spool, None, ref, "DEFAULTED" if i % 20 == 0 else "REPAID",
                           outcome_at=known, recorded_by="collections")
            e["outcome"] = "DEFAULTED" if i % 20 == 0 else "REPAID"
        else:
            # by model and timestamp text, with a numpy number as the value
            record_outcome(spool, "CreditLogit", ref.timestamp, np.float64(i / 1000),
                           outcome_at=known.date())
            e["outcome"] = json.dumps(i / 1000)
        e["outcome_date"] = known.strftime("%Y-%m-%dT%H:%M:%S.000000")
    expected.append(e)

# Invalid outcomes are refused at once, and nothing is written.
refusals = 0
for args in [(None, 0, "PAID"), (None, True, "PAID"), (None, ref, ""),
             ("OtherModel", ref, "PAID"), (None, "2026-11-02T10:00:00Z", "PAID"),
             (None, ref, "PAID", "soon"), (None, ref, ["a list"])]:
    try:
        record_outcome(spool, *args)
    except ValueError as err:
        refusals += 1
json.dump({"expected": expected, "warnings": warnings, "refusals": refusals},
          open(expected_path, "w"))
'''


def main():
    with tempfile.TemporaryDirectory() as tmp:
        # pip builds in the source folder: build a copy, so the checkout stays clean.
        src = os.path.join(tmp, "python")
        shutil.copytree(os.path.join(SRCDIR, "..", "python"), src,
                        ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
        venv = os.path.join(tmp, "venv")
        p = run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", venv])
        if not check(p.returncode == 0, "a venv that sees Debian's packages"):
            return 1
        py = os.path.join(venv, "bin", "python")
        p = run([py, "-m", "pip", "install", "--no-build-isolation", "--no-index", "--no-deps",
                 "--disable-pip-version-check", src])
        if not check(p.returncode == 0, "pip install --no-build-isolation --no-index ./python"):
            return 1
        p = run([py, "-m", "pip", "show", "-f", "vigil-capture"])
        check("vigil_capture/py.typed" in p.stdout and "vigil_capture/__init__.py" in p.stdout,
              "the package is installed with its py.typed marker")

        spool = os.path.join(tmp, "credit.jsonl")
        expected_path = os.path.join(tmp, "expected.json")
        p = run([py, "-c", MODEL, spool, expected_path, str(N)], cwd=tmp)
        if not check(p.returncode == 0, "a LogisticRegression decorated, %d predictions" % N):
            return 1
        got = json.load(open(expected_path))
        expected = got["expected"]
        check(got["warnings"] == [], "no value needed a lossy conversion (%s)"
              % got["warnings"][:3])
        check(got["refusals"] == 7, "every invalid record_outcome raised ValueError (%d of 7)"
              % got["refusals"])

        db = os.path.join(tmp, "vigil.db")
        run([VIGILCTL, "--db", db, "init"])
        for attempt in (1, 2):
            p = run([VIGILCTL, "--db", db, "follow", "--once", spool])
            check(p.returncode == 0, "vigilctl follow --once, run %d" % attempt)
        check(not os.path.exists(spool + ".rejected"), "no line rejected")

        con = sqlite3.connect(db)
        con.row_factory = sqlite3.Row
        rows = con.execute("SELECT * FROM decisions ORDER BY id").fetchall()
        check(len(rows) == N, "%d decisions arrived (%d)" % (N, len(rows)))
        by_seq = {}
        for r in rows:
            seq = json.loads(r["input_features"])["seq"]
            by_seq.setdefault(seq, []).append(r)
        check(sorted(by_seq) == list(range(N)) and all(len(v) == 1 for v in by_seq.values()),
              "each decision exactly once")
        wrong = []
        for e in expected:
            r = by_seq.get(e["seq"], [None])[0]
            if r is None:
                continue
            have = {"prediction": r["prediction"], "confidence": r["confidence"],
                    "explanation": r["explanation"], "features": json.loads(r["input_features"]),
                    "ticker": r["ticker"], "sector": r["sector"],
                    "portfolio_id": r["portfolio_id"], "user_id": r["user_id"],
                    "outcome": r["actual_outcome"], "outcome_date": r["outcome_date"],
                    "model_name": r["model_name"], "decision_type": r["decision_type"]}
            want = dict(e, model_name="CreditLogit", decision_type="credit_approval")
            del want["seq"]
            diff = {k: (have[k], v) for k, v in want.items() if have[k] != v}
            if diff:
                wrong.append((e["seq"], diff))
        check(not wrong, "every decision with its values, context and outcome (%d wrong: %s)"
              % (len(wrong), wrong[:2]))
        outcomes = sum(1 for e in expected if e["outcome"] is not None)
        events = con.execute("SELECT count(*), count(DISTINCT target) FROM events "
                             "WHERE action = 'outcome'").fetchone()
        check(tuple(events) == (outcomes, outcomes),
              "one outcome event per outcome recorded (%s of %d)" % (tuple(events), outcomes))
        check({r["ticker"] is not None for r in rows} == {True, False} and
              len({r["sector"] for r in rows}) == 2 and
              len({r["portfolio_id"] for r in rows}) == 2 and
              len({r["user_id"] for r in rows}) == 6,
              "context fields came from the call, the result and the decorator")

        # An outcome named by the decision's id, once it is known.
        first = by_seq[1][0]["id"]
        p = run([py, "-c", "import sys; from vigil_capture import record_outcome; "
                 "record_outcome(sys.argv[1], None, int(sys.argv[2]), 'WRITTEN_OFF')",
                 spool, str(first)])
        check(p.returncode == 0, "record_outcome by decision id")
        run([VIGILCTL, "--db", db, "follow", "--once", spool])
        r = con.execute("SELECT actual_outcome FROM decisions WHERE id = ?", (first,)).fetchone()
        check(r[0] == "WRITTEN_OFF", "and it is attached (%s)" % r[0])
        check(con.execute("SELECT count(*) FROM decisions").fetchone()[0] == N,
              "still %d decisions" % N)
        con.close()
        p = run([VIGILCTL, "--db", db, "verify"])
        check(p.returncode == 0, "the ledger verifies")

    print("%d failure(s)" % failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
