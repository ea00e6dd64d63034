#!/usr/bin/env python3
# follow-outcomes.py: outcome lines in a spool, recorded by `vigilctl follow` exactly once,
# after the decisions before them; invalid or unmatched ones rejected with their reason
#
# Usage: follow-outcomes.py VIGILCTL
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time

VIGILCTL = sys.argv[1]
failures = 0


def check(cond, what):
    global failures
    print(("ok" if cond else "FAIL") + " - " + what)
    if not cond:
        failures += 1
    return cond


def vigilctl(db, *args):
    return subprocess.run([VIGILCTL, "--db", db] + list(args), capture_output=True, text=True)


def decision(ts, prediction="APPROVE", model="CreditXGBoost", **extra):
    d = {"timestamp": ts, "model_name": model, "model_version": "v2.1",
         "decision_type": "credit_approval", "prediction": prediction,
         "input_features": {"fico": 700}}
    d.update(extra)
    return json.dumps(d)


def append(path, *lines):
    with open(path, "a") as f:
        for line in lines:
            f.write(line + "\n")


def rows(db, sql, params=()):
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def outcomes(db):
    return rows(db, "SELECT id, actual_outcome, outcome_date FROM decisions ORDER BY id")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "vigil.db")
        spool = os.path.join(tmp, "spool.jsonl")
        vigilctl(db, "init")

        append(spool,
               # an outcome before its decision: not there yet, rejected
               json.dumps({"outcome": "EARLY", "model_name": "CreditXGBoost",
                           "decision_timestamp": "2026-11-25T10:00:00.000001Z"}),
               decision("2026-11-25T10:00:00.000001Z"),
               decision("2026-11-25T10:00:01Z", prediction="outcome",
                        input_features={"outcome": "x"}, explanation="\"outcome\""),
               json.dumps({"outcome": "DEFAULTED", "model_name": "CreditXGBoost",
                           "decision_timestamp": "2026-11-25T10:00:00.000001Z",
                           "outcome_date": "2027-03-01", "recorded_by": "collections"}),
               json.dumps({"outcome": "PAID", "decision_id": 2}),
               json.dumps({"outcome": "PAID", "decision_id": 99}),
               json.dumps({"outcome": "PAID", "decision_id": 1, "model_name": "CreditXGBoost"}),
               json.dumps({"outcome": "", "decision_id": 1}),
               json.dumps({"outcome": "PAID", "decision_id": 1.5}),
               json.dumps({"outcome": "PAID", "decision_id": 1, "outcome_date": "2026-02-30"}),
               json.dumps({"outcome": "PAID", "decision_id": 1, "note": "x"}),
               json.dumps({"outcome": "PAID"}))
        p = vigilctl(db, "follow", "--once", spool)
        check(p.returncode == 3, "follow commits the good lines and says some were rejected "
              "(exit %d)" % p.returncode)
        got = outcomes(db)
        check(got == [(1, "DEFAULTED", "2027-03-01T00:00:00.000000"), (2, "PAID", got[1][2])],
              "both decisions committed, each outcome attached to its own (%s)" % got)
        events = rows(db, "SELECT actor, target, details FROM events WHERE action = 'outcome' "
                      "ORDER BY id")
        check([(a, t) for a, t, _ in events] == [("collections", "decision:1"),
                                                  (os.environ.get("USER") or events[1][0],
                                                   "decision:2")],
              "one sealed outcome event each, by recorded_by or the follower's user (%s)"
              % [(a, t) for a, t, _ in events])
        rejected = open(spool + ".rejected").read().splitlines()
        check(len(rejected) == 8, "eight lines rejected, as they were (%d)" % len(rejected))
        reasons = p.stderr
        for what, text in [("an outcome before its decision", "which has none at that instant"),
                           ("an unknown decision id", "There is no decision 99"),
                           ("both ways of naming the decision", "names its decision one way"),
                           ("an empty value", "must be 1 to 1024 bytes"),
                           ("a fractional id", "(a whole number from 1), not 1.5"),
                           ("a date that does not exist", "“2026-02-30” is not a timestamp"),
                           ("an unknown field", "field “note” is not one of an outcome line"),
                           ("no decision named", "an outcome must name its decision")]:
            check(text in reasons, "rejected with its reason: %s" % what)

        # Again: nothing is recorded twice, nothing rejected twice.
        p = vigilctl(db, "follow", "--once", spool)
        check(p.returncode == 0 and len(rows(db, "SELECT id FROM events WHERE action = "
                                             "'outcome'")) == 2 and
              len(open(spool + ".rejected").read().splitlines()) == 8,
              "a second follow records and rejects nothing again")

        # Appended later: the new decision, two decisions at one instant, outcomes.
        append(spool,
               decision("2026-11-25T11:00:00Z", model="Momentum"),
               decision("2026-11-25T11:00:00Z", model="Momentum"),
               json.dumps({"outcome": "UP", "model_name": "Momentum",
                           "decision_timestamp": "2026-11-25T12:00:00+01:00"}),
               json.dumps({"outcome": "DOWN", "decision_id": 4}),
               json.dumps({"outcome": "REPAID", "decision_id": 1}))
        p = vigilctl(db, "follow", "--once", spool)
        check("which has several at that instant; name it by its decision_id" in p.stderr,
              "an outcome matching two decisions is rejected, not given to one of them")
        got = outcomes(db)
        check([(i, o) for i, o, _ in got] == [(1, "REPAID"), (2, "PAID"), (3, None), (4, "DOWN")],
              "the later outcomes attached, the latest one of a decision wins (%s)" % got)
        check(len(rows(db, "SELECT id FROM events WHERE action = 'outcome'")) == 4,
              "four outcome events in all")

        # import refuses outcome lines: only follow records them.
        path = os.path.join(tmp, "import.jsonl")
        append(path, decision("2026-11-26T09:00:00Z"),
               json.dumps({"outcome": "PAID", "decision_id": 1}))
        p = vigilctl(db, "import", path)
        check(p.returncode == 3 and "which “vigilctl follow” records, not an import" in p.stderr,
              "import rejects an outcome line, naming vigilctl follow and vigilctl outcome")
        p = vigilctl(db, "verify")
        check(p.returncode == 0, "the ledger verifies")

        # What outcome lines cost: a commit before each run of them, and one for the run.
        for label, every in (("no outcome lines", 0),
                             ("an outcome line after every 100th decision", 100),
                             ("an outcome line for each, after all the decisions", -1)):
            db = os.path.join(tmp, "speed-%d.db" % every)
            spool = os.path.join(tmp, "speed-%d.jsonl" % every)
            vigilctl(db, "init")
            n = 20000
            with open(spool, "w") as f:
                for i in range(n):
                    f.write(decision("2026-11-25T10:00:00.%06dZ" % i, prediction="P%d" % i)
                            + "\n")
                    if every > 0 and i % every == every - 1:
                        f.write(json.dumps({"outcome": "O%d" % i, "model_name": "CreditXGBoost",
                                            "decision_timestamp":
                                                "2026-11-25T10:00:00.%06dZ" % i}) + "\n")
                for i in range(n if every < 0 else 0):
                    f.write(json.dumps({"outcome": "O%d" % i, "decision_id": i + 1}) + "\n")
            start = time.monotonic()
            p = vigilctl(db, "follow", "--once", spool)
            seconds = time.monotonic() - start
            n_out = rows(db, "SELECT count(*) FROM decisions WHERE actual_outcome IS NOT NULL")[0][0]
            check(p.returncode == 0 and
                  rows(db, "SELECT count(*) FROM decisions")[0][0] == n and
                  n_out == (n // every if every > 0 else n if every < 0 else 0),
                  "%s: %d decisions, %d outcomes in %.2f s" % (label, n, n_out, seconds))

    print("%d failure(s)" % failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
