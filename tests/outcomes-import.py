#!/usr/bin/env python3
# outcomes-import.py: a decision's own key (event_id), unique per model and chained, and
# `vigilctl outcomes import`, which records outcomes sent later by that key or by id
#
# Usage: outcomes-import.py VIGILCTL LEDGER_AUDIT_PY
# SPDX-License-Identifier: GPL-3.0-or-later

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import tempfile

VIGILCTL, AUDIT = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
import vigil_capture  # noqa: E402

failures = 0


def check(cond, what):
    global failures
    print(("ok" if cond else "FAIL") + " - " + what)
    if not cond:
        failures += 1
    return cond


def vigilctl(db, *args, stdin=None):
    return subprocess.run([VIGILCTL, "--db", db] + list(args), capture_output=True, text=True,
                          input=stdin)


def decision(ts, event_id=None, model="CreditXGBoost", prediction="APPROVE"):
    d = {"timestamp": ts, "model_name": model, "model_version": "v2.1",
         "decision_type": "credit_approval", "prediction": prediction, "confidence": 0.8,
         "input_features": {"fico": 700}}
    if event_id is not None:
        d["event_id"] = event_id
    return json.dumps(d)


def write(path, *lines):
    with open(path, "w") as f:
        for line in lines:
            f.write(line + "\n")


def rows(db, sql, params=()):
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def field(v):
    if v is None:
        return b'~'
    v = b'%.17g' % v if isinstance(v, float) else b'%d' % v if isinstance(v, int) else v.encode()
    return b'%d:%s,' % (len(v), v)


OLD_COLUMNS = ('id, timestamp, model_name, model_version, decision_type, input_features, '
               'input_hash, prediction, confidence, explanation, ticker, sector, portfolio_id, '
               'user_id')


def test_event_ids(tmp):
    db = os.path.join(tmp, "keys.db")
    src = os.path.join(tmp, "decisions.jsonl")
    write(src,
          decision("2026-11-02T09:00:00Z", "loan-1"),
          decision("2026-11-02T09:01:00Z", "loan-2", prediction="DECLINE"),
          decision("2026-11-02T09:02:00Z", "loan-1"),                      # line 3: taken
          decision("2026-11-02T09:03:00Z"),                                # no key
          decision("2026-11-02T09:04:00Z", "loan-1", model="OtherModel"),  # another model's
          decision("2026-11-02T09:05:00Z", "x" * 257),                     # line 6: too long
          decision("2026-11-02T09:06:00Z", "  "))                          # line 7: blank
    r = vigilctl(db, "import", src)
    check(r.returncode == 3, "an import with taken or bad event ids exits 3 (%d)" % r.returncode)
    check("decisions.jsonl:3: event_id “loan-1” of “CreditXGBoost” is already the key of the "
          "decision on line 1" in r.stderr, "a key given twice in one file is named by line")
    check("decisions.jsonl:6:" in r.stderr and "event_id" in r.stderr.split("decisions.jsonl:6:")[1]
          .splitlines()[0], "a key over 256 bytes is refused on its line")
    check("decisions.jsonl:7: field “event_id” is empty" in r.stderr, "a blank key is refused")
    check("Imported 4 decisions, rejected 3 lines" in r.stdout, "the other decisions are kept")
    with open(src + ".rejected") as f:
        check(len(f.read().splitlines()) == 3, "the three refused lines are quarantined")
    check(rows(db, "SELECT model_name, event_id FROM decisions ORDER BY id") ==
          [("CreditXGBoost", "loan-1"), ("CreditXGBoost", "loan-2"), ("CreditXGBoost", None),
           ("OtherModel", "loan-1")], "each decision keeps its key; one per model")

    again = os.path.join(tmp, "later.jsonl")
    write(again, decision("2026-11-03T09:00:00Z", "loan-2"),
          decision("2026-11-03T09:01:00Z", "loan-3"))
    r = vigilctl(db, "import", again)
    check("later.jsonl:1: event_id “loan-2” of “CreditXGBoost” is already the key of decision 2, "
          "logged before" in r.stderr, "a key logged by an earlier import is named with its "
          "decision")
    check(r.returncode == 3 and "Imported 1 decisions" in r.stdout, "the new key is kept")

    # Chained: verify, and an auditor's own script, agree; a decision without a key hashes as
    # before keys existed, so older ledgers stay intact.
    a = subprocess.run([sys.executable, AUDIT, db], capture_output=True, text=True)
    r = vigilctl(db, "verify")
    check(r.returncode == 0 and r.stdout.startswith("intact"), "the ledger verifies")
    check(a.returncode == 0 and r.stdout.split("head ")[1].split()[0] in a.stdout,
          "the auditor's script, which hashes event_id when set, finds the same head")
    con = sqlite3.connect(db)
    prev = b'0' * 64
    same = True
    for row in con.execute("SELECT %s, event_id, record_hash FROM decisions ORDER BY id"
                           % OLD_COLUMNS):
        fields = b''.join(field(v) for v in row[:14])
        if row[14] is not None:
            fields += field(row[14])
        h = hashlib.sha256(prev + fields).hexdigest().encode()
        same = same and h.decode() == row[15]
        prev = h
    con.close()
    check(same, "a keyless decision is hashed over the columns of old; a key is appended")

    # A key is as immutable as the rest: changing it behind Vigil's back breaks the chain.
    con = sqlite3.connect(db)
    con.execute("DROP TRIGGER decisions_event_id_immutable")
    con.execute("UPDATE decisions SET event_id = 'loan-9' WHERE id = 2")
    con.commit()
    con.close()
    r = vigilctl(db, "verify")
    check(r.returncode == 1 and "broken: table decisions, row 2: edited" in r.stdout + r.stderr,
          "an edited event_id makes the ledger NOT intact")

    # Exported decisions carry their key, and import again as the same records
    db2 = os.path.join(tmp, "copy-source.db")
    write(src, decision("2026-11-02T09:00:00Z", "k-1"), decision("2026-11-02T09:01:00Z"))
    vigilctl(db2, "import", src)
    out = os.path.join(tmp, "export.jsonl")
    r = vigilctl(db2, "export", "--format", "jsonl", "-o", out)
    with open(out) as f:
        lines = [json.loads(line) for line in f]
    check(r.returncode == 0 and lines[0].get("event_id") == "k-1" and "event_id" not in lines[1],
          "the JSON Lines export writes a decision's key, and none for a keyless one")
    db3 = os.path.join(tmp, "copy.db")
    vigilctl(db3, "import", out)
    check(rows(db2, "SELECT record_hash FROM decisions ORDER BY id") ==
          rows(db3, "SELECT record_hash FROM decisions ORDER BY id"),
          "re-imported, the decisions hash the same, key and all")
    r = vigilctl(db2, "export", "--format", "csv", "-o", os.path.join(tmp, "e.csv"))
    with open(os.path.join(tmp, "e.csv")) as f:
        header = f.readline().strip().split(",")
    check(header[-1] == "event_id", "the CSV export has an event_id column")


def test_outcomes_import(tmp):
    db = os.path.join(tmp, "outcomes.db")
    src = os.path.join(tmp, "decisions.jsonl")
    write(src, decision("2026-11-02T09:00:00Z", "loan-1"),
          decision("2026-11-02T09:01:00Z", "loan-2", prediction="DECLINE"),
          decision("2026-11-02T09:02:00Z"))
    vigilctl(db, "import", src)

    outcomes = os.path.join(tmp, "outcomes.jsonl")
    write(outcomes,
          json.dumps({"model_name": "CreditXGBoost", "event_id": "loan-1", "outcome": "repaid",
                      "outcome_at": "2026-12-01T00:00:00Z"}),
          json.dumps({"model_name": "CreditXGBoost", "event_id": "loan-9", "outcome": "default"}),
          json.dumps({"id": 3, "outcome": "default", "outcome_at": "2026-12-01"}),
          "not json",
          decision("2026-11-02T09:05:00Z"),
          json.dumps({"model_name": "CreditXGBoost", "event_id": "loan-1", "outcome": "default",
                      "outcome_at": "2026-12-03T00:00:00Z"}),
          json.dumps({"id": 3, "event_id": "loan-2", "model_name": "CreditXGBoost",
                      "outcome": "repaid"}))
    r = vigilctl(db, "outcomes", "import", outcomes)
    check(r.returncode == 3, "an outcomes import with bad lines exits 3 (%d)" % r.returncode)
    check("outcomes.jsonl:2: an outcome for the decision of “CreditXGBoost” with event_id "
          "“loan-9”, which that model has not logged" in r.stderr,
          "an outcome for an unknown decision is refused and named")
    check("outcomes.jsonl:5: a decision, not an outcome" in r.stderr,
          "a decision line is refused by an outcomes import")
    check("outcomes.jsonl:7: an outcome names its decision one way" in r.stderr,
          "an outcome naming its decision two ways is refused")
    check("Recorded 3 outcomes, rejected 4 lines" in r.stdout, "the valid outcomes are recorded")
    with open(outcomes + ".rejected") as f:
        check(len(f.read().splitlines()) == 4, "the refused lines are quarantined")

    check(rows(db, "SELECT id, actual_outcome, outcome_date FROM decisions ORDER BY id") ==
          [(1, "default", "2026-12-03T00:00:00.000000"), (2, None, None),
           (3, "default", "2026-12-01T00:00:00.000000")],
          "the latest outcome of a decision is its outcome")
    history = rows(db, "SELECT target, json_extract(details, '$.value') FROM events "
                       "WHERE action = 'outcome' ORDER BY id")
    check(history == [("decision:1", "repaid"), ("decision:3", "default"),
                      ("decision:1", "default")],
          "a second outcome is an event that supersedes the first, which stays in the ledger")

    r = vigilctl(db, "outcomes", "import", outcomes)
    check(r.returncode == 0 and "already imported" in r.stdout, "a file recorded before is "
          "not recorded again")
    check(len(rows(db, "SELECT id FROM events WHERE action = 'outcome'")) == 3,
          "so no outcome event is added twice")

    r = vigilctl(db, "outcomes", "import", "--json", "-",
                 stdin=json.dumps({"model_name": "CreditXGBoost", "event_id": "loan-2",
                                   "outcome": "repaid"}) + "\n")
    summary = [json.loads(line) for line in r.stdout.splitlines()
               if json.loads(line).get("kind") == "summary"]
    check(r.returncode == 0 and summary and summary[0]["recorded"] == 1,
          "outcomes come from standard input too, with a JSON summary")
    check(rows(db, "SELECT actual_outcome FROM decisions WHERE id = 2") == [("repaid",)],
          "the outcome from standard input is recorded")
    r = vigilctl(db, "verify")
    check(r.returncode == 0 and r.stdout.startswith("intact"),
          "the ledger, outcome events and their caches included, verifies")

    r = vigilctl(db, "outcomes", "export")
    check(r.returncode == 2, "outcomes without import is a usage error")


def test_python_module(tmp):
    db = os.path.join(tmp, "python.db")
    spool = os.path.join(tmp, "model.jsonl")
    vigil_capture.log_decision(spool, "CreditXGBoost", "v2.1", "credit_approval", "APPROVE",
                               0.9, {"fico": 710}, event_id="APP-0001")
    vigil_capture.log_decision(spool, "CreditXGBoost", "v2.1", "credit_approval", "DECLINE",
                               0.7, {"fico": 540}, event_id="y" * 300)
    r = vigilctl(db, "follow", "--once", spool)
    check(r.returncode == 0, "the Python module's lines are followed (%s)" % r.stderr.strip())
    check(rows(db, "SELECT prediction, event_id FROM decisions ORDER BY id") ==
          [("APPROVE", "APP-0001"), ("DECLINE", None)],
          "log_decision logs an event_id, and leaves out one that would be cut, keeping the "
          "decision")
    outcome = os.path.join(tmp, "o.jsonl")
    write(outcome, json.dumps({"model_name": "CreditXGBoost", "event_id": "APP-0001",
                               "outcome": "repaid"}))
    r = vigilctl(db, "outcomes", "import", outcome)
    check(r.returncode == 0 and rows(db, "SELECT actual_outcome FROM decisions WHERE id = 1") ==
          [("repaid",)], "and its outcome is sent later by that key")


def test_performance_figures(tmp):
    """stats --json's performance equals the same figures computed here from the rows."""
    import random
    rng = random.Random(7)
    db = os.path.join(tmp, "perf.db")
    src = os.path.join(tmp, "d.jsonl")
    outs = os.path.join(tmp, "o.jsonl")
    labels = ["BUY", "SELL", "HOLD"]
    with open(src, "w") as d, open(outs, "w") as o:
        for i in range(600):
            day = 1 + i % 20
            ts = "2026-10-%02dT%02d:%02d:00Z" % (day, i % 24, i % 60)
            if i % 2:
                pred = rng.choice(labels)
                d.write(json.dumps({"timestamp": ts, "model_name": "Momentum",
                                    "model_version": "v1", "decision_type": "trading_signal",
                                    "prediction": pred, "event_id": "t%d" % i}) + "\n")
                if rng.random() < 0.7:
                    truth = pred if rng.random() < 0.6 else rng.choice(labels)
                    o.write(json.dumps({"model_name": "Momentum", "event_id": "t%d" % i,
                                        "outcome": truth, "outcome_at": "2026-10-%02d" %
                                        (day + rng.randint(0, 5))}) + "\n")
            else:
                pred = "APPROVE" if rng.random() < 0.7 else "DECLINE"
                d.write(json.dumps({"timestamp": ts, "model_name": "Credit",
                                    "model_version": "v1", "decision_type": "credit_approval",
                                    "prediction": pred, "event_id": "c%d" % i}) + "\n")
                if pred == "APPROVE" and rng.random() < 0.5:
                    o.write(json.dumps({"model_name": "Credit", "event_id": "c%d" % i,
                                        "outcome": rng.choice(["repaid", "repaid", "default",
                                                               "withdrawn"]),
                                        "outcome_at": "2026-10-%02d" % (day + 3)}) + "\n")
    vigilctl(db, "import", src)
    r = vigilctl(db, "outcomes", "import", outs)
    check(r.returncode == 0, "the outcomes are recorded (%s)" % r.stderr.strip()[:200])
    r = vigilctl(db, "stats", "--json", "--from", "2026-10-01", "--to", "2026-10-21")
    figures = {p["model_name"]: p for p in json.loads(r.stdout)["performance"]}

    con = sqlite3.connect(db)
    rows_ = con.execute("SELECT model_name, prediction, actual_outcome, timestamp, outcome_date "
                        "FROM decisions").fetchall()
    con.close()
    close = lambda a, b: a is not None and abs(a - b) < 1e-9  # noqa: E731

    t = [r for r in rows_ if r[0] == "Momentum"]
    tj = [r for r in t if r[2] is not None]
    right = [r for r in tj if r[1] == r[2]]
    m = figures["Momentum"]
    check(m["decisions"] == len(t) and m["with_outcome"] == len(tj),
          "trading: the decisions and those with an outcome")
    check(close(m["accuracy"], len(right) / len(tj)), "trading: accuracy %s against %s"
          % (m["accuracy"], len(right) / len(tj)))
    for c in m["classes"]:
        predicted = [r for r in tj if r[1] == c["label"]]
        actual = [r for r in tj if r[2] == c["label"]]
        check(close(c["precision"], sum(r[1] == r[2] for r in predicted) / len(predicted)) and
              close(c["recall"], sum(r[1] == r[2] for r in actual) / len(actual)),
              "trading: precision and recall of %s" % c["label"])
    lag = sum((int(r[4][8:10]) - int(r[3][8:10])) for r in tj) / len(tj)
    check(close(m["mean_outcome_lag_days"], lag), "trading: mean lag %s days against %s"
          % (m["mean_outcome_lag_days"], lag))
    check(close(m["outcome_coverage"], len(tj) / len(t)), "trading: outcome coverage")

    c = [r for r in rows_ if r[0] == "Credit"]
    approved = [r for r in c if r[1] == "APPROVE"]
    told = [r for r in approved if r[2] in ("repaid", "default")]
    k = figures["Credit"]
    check(close(k["approval_rate"], len(approved) / len(c)), "credit: approval rate")
    check(close(k["default_rate_approved"], sum(r[2] == "default" for r in told) / len(told)),
          "credit: the default rate among the approved, a withdrawn loan not counted")
    check(k["judged"] == len(told) and k["with_outcome"] == sum(r[2] is not None for r in c),
          "credit: an outcome that does not tell (withdrawn) has arrived but judges nothing")

    # A window with parts of days at both ends: the roll-up's whole days and the rows of the
    # parts add up to what the rows of the window say
    r = vigilctl(db, "stats", "--json", "--from", "2026-10-02T06:30:00Z", "--to",
                 "2026-10-17T13:15:00Z")
    m = {p["model_name"]: p for p in json.loads(r.stdout)["performance"]}["Momentum"]
    inside = [r for r in tj if "2026-10-02T06:30:00" <= r[3] < "2026-10-17T13:15:00"]
    lag = sum((int(r[4][8:10]) - int(r[3][8:10])) for r in inside) / len(inside)
    check(m["with_outcome"] == len(inside) and
          m["right"] == sum(r[1] == r[2] for r in inside) and
          close(m["mean_outcome_lag_days"], lag),
          "a window of parts of days: %d with an outcome, %d right, lag %s (rows: %d, %d, %s)"
          % (m["with_outcome"], m["right"], m["mean_outcome_lag_days"], len(inside),
             sum(r[1] == r[2] for r in inside), lag))
    test_policy_rules(tmp, db)


def test_policy_rules(tmp, db):
    """A model's outcome rules in the policy decide its figures, as SQL over the rows says."""
    policy = os.path.join(tmp, "rules.ini")
    write(policy, "[model Credit]",
          "outcomes.APPROVE.right = repaid; withdrawn",
          "outcomes.APPROVE.wrong = default",
          "[model Momentum]",
          "outcomes.BUY.right = BUY",
          "outcomes.BUY.wrong = sell;HOLD")
    r = vigilctl(db, "policy", "--set", policy, "--by", "Ana Risk")
    check(r.returncode == 0, "a policy with outcome rules is stored (%s)" % r.stderr.strip())
    r = vigilctl(db, "stats", "--json", "--from", "2026-10-01", "--to", "2026-10-21")
    figures = {p["model_name"]: p for p in json.loads(r.stdout)["performance"]}

    def one(sql):
        return rows(db, sql)[0]

    judged, right, bad = one(
        "SELECT count(*), sum(actual_outcome IN ('repaid', 'withdrawn')), "
        "sum(actual_outcome = 'default') FROM decisions WHERE model_name = 'Credit' "
        "AND prediction = 'APPROVE' AND actual_outcome IN ('repaid', 'withdrawn', 'default')")
    k = figures["Credit"]
    check(k["judged"] == judged and k["right"] == right,
          "credit by its rules: %d judged, %d right (SQL: %d, %d)"
          % (k["judged"], k["right"], judged, right))
    check(abs(k["accuracy"] - right / judged) < 1e-12 and
          abs(k["default_rate_approved"] - bad / judged) < 1e-12,
          "credit by its rules: a withdrawn loan counts as right, and in the default rate's base")
    judged, right = one(
        "SELECT count(*), sum(actual_outcome = 'BUY') FROM decisions "
        "WHERE model_name = 'Momentum' AND prediction = 'BUY' AND actual_outcome IS NOT NULL")
    m = figures["Momentum"]
    check(m["judged"] == judged and m["right"] == right and
          abs(m["accuracy"] - right / judged) < 1e-12,
          "trading by its rules: only BUY is judged, %d of %d right (SQL: %d of %d)"
          % (m["right"], m["judged"], right, judged))
    check([c["label"] for c in m["classes"] if c["predicted"] > 0] == ["BUY"],
          "trading by its rules: SELL and HOLD, not named, judge nothing")

    bad = os.path.join(tmp, "bad.ini")
    write(bad, "[model Credit]", "outcomes.APPROVE.right = repaid",
          "outcomes.APPROVE.wrong = default;REPAID")
    r = vigilctl(db, "policy", "--set", bad, "--by", "Ana Risk")
    check(r.returncode == 1 and bad + ":3: the outcome “REPAID” is listed both as right and "
          "as wrong for the prediction “APPROVE”" in r.stderr,
          "contradicting rules are refused with the file, line and reason (%s)"
          % r.stderr.strip())
    r = vigilctl(db, "stats", "--json", "--from", "2026-10-01", "--to", "2026-10-21")
    figures = {p["model_name"]: p for p in json.loads(r.stdout)["performance"]}
    check(figures["Credit"]["judged"] == k["judged"], "and the stored policy stays in force")


def expected_rollup(decision_rows):
    """daily_outcomes as computed here from (model, timestamp, prediction, outcome, date)"""
    import datetime
    groups = {}
    for model, ts, prediction, outcome, date in decision_rows:
        if outcome is None:
            continue
        lag = 0
        if date:
            try:
                lag = max(0, (datetime.date.fromisoformat(date[:10]) -
                              datetime.date.fromisoformat(ts[:10])).days)
            except ValueError:
                lag = 0
        key = (model, ts[:10], prediction, outcome)
        n, total = groups.get(key, (0, 0))
        groups[key] = (n + 1, total + lag)
    return sorted(k + v for k, v in groups.items())


def rollup_matches(db):
    decided = rows(db, "SELECT model_name, timestamp, prediction, actual_outcome, outcome_date "
                       "FROM decisions")
    table = sorted(rows(db, "SELECT model_name, day, prediction, actual_outcome, n, lag_days "
                            "FROM daily_outcomes"))
    return table == expected_rollup(decided), len(table)


def test_rollup(tmp):
    """daily_outcomes equals a grouping of the decisions' outcomes after imports, outcomes
    superseded one by one and in bulk, a copy, and a migration from schema 7."""
    db = os.path.join(tmp, "rollup.db")
    src = os.path.join(tmp, "d.jsonl")
    write(src, *[decision("2026-10-%02dT%02d:00:00Z" % (1 + i % 5, i % 24), "k%d" % i,
                          model="M%d" % (i % 2), prediction=("APPROVE", "DECLINE")[i % 3 == 0])
                 for i in range(120)])
    check(vigilctl(db, "import", src).returncode == 0, "roll-up: decisions imported")
    ok, n = rollup_matches(db)
    check(ok and n == 0, "roll-up: empty before any outcome")

    first = os.path.join(tmp, "o1.jsonl")
    write(first, *[json.dumps({"model_name": "M%d" % (i % 2), "event_id": "k%d" % i,
                               "outcome": ("repaid", "default", "late")[i % 3],
                               "outcome_at": "2026-10-%02d" % (1 + i % 5 + i % 4)})
                   for i in range(0, 120, 2)])
    check(vigilctl(db, "outcomes", "import", first).returncode == 0, "roll-up: outcomes in bulk")
    ok, n = rollup_matches(db)
    check(ok and n > 0, "roll-up: equals the decisions' outcomes after an import (%d rows)" % n)

    # Half of them superseded in bulk, one of them twice, with another date; one by hand,
    # back to an outcome it had; one dated before its decision (no lag)
    second = os.path.join(tmp, "o2.jsonl")
    write(second, *[json.dumps({"model_name": "M%d" % (i % 2), "event_id": "k%d" % i,
                                "outcome": ("default", "repaid")[i % 2 == 0],
                                "outcome_at": "2026-10-%02d" % (10 + i % 7)})
                    for i in list(range(0, 120, 4)) + [4]])
    r = vigilctl(db, "outcomes", "import", second)
    check(r.returncode == 0, "roll-up: outcomes superseded in bulk (%s)" % r.stderr.strip())
    r = vigilctl(db, "outcome", "5", "--value", "late", "--date", "2026-09-01T00:00:00Z")
    check(r.returncode == 0, "roll-up: and one by hand (%s)" % r.stderr.strip())
    ok, n = rollup_matches(db)
    check(ok, "roll-up: equals the decisions' outcomes after superseding (%d rows)" % n)
    superseded = rows(db, "SELECT count(*) FROM events WHERE action = 'outcome'")[0][0]
    check(superseded == 60 + 31 + 1, "roll-up: every outcome is an event (%d)" % superseded)
    check(vigilctl(db, "verify").returncode == 0, "roll-up: verify finds it in step")

    copy = os.path.join(tmp, "rollup-copy.db")
    vigilctl(copy, "init")
    r = subprocess.run([VIGILCTL, "copy", "--from", db, "--to", copy], capture_output=True,
                       text=True)
    check(r.returncode == 0, "roll-up: the database copies (%s)" % r.stderr.strip())
    check(rows(copy, "SELECT * FROM daily_outcomes ORDER BY 1, 2, 3, 4") ==
          rows(db, "SELECT * FROM daily_outcomes ORDER BY 1, 2, 3, 4") and
          rollup_matches(copy)[0], "roll-up: the copy's equals the original's")

    # A database of schema 7 gets it from the outcomes it holds
    con = sqlite3.connect(db)
    con.execute("DROP TABLE daily_outcomes")
    con.execute("PRAGMA user_version = 7")
    con.commit()
    con.close()
    r = vigilctl(db, "verify")
    check(r.returncode == 0, "roll-up: a schema 7 database is brought up to date and verifies "
          "(%s)" % r.stderr.strip())
    ok, n = rollup_matches(db)
    check(ok and n > 0 and rows(db, "PRAGMA user_version")[0][0] == 9,
          "roll-up: migration 8 builds it from the decisions (%d rows)" % n)

    # Tampered, it is named by verify
    con = sqlite3.connect(db)
    con.execute("UPDATE daily_outcomes SET n = n + 1 WHERE model_name = 'M0' AND "
                "day = '2026-10-01' AND prediction = 'DECLINE'")
    con.commit()
    con.close()
    r = vigilctl(db, "verify")
    check(r.returncode == 1 and "daily_outcomes M0 2026-10-01 DECLINE then" in r.stdout,
          "roll-up: a count that differs is named by verify (%s)" % r.stdout.strip()[:200])


def main():
    with tempfile.TemporaryDirectory() as tmp:
        test_rollup(tmp)
    with tempfile.TemporaryDirectory() as tmp:
        test_performance_figures(tmp)
    with tempfile.TemporaryDirectory() as tmp:
        test_event_ids(tmp)
    with tempfile.TemporaryDirectory() as tmp:
        test_python_module(tmp)
    with tempfile.TemporaryDirectory() as tmp:
        test_outcomes_import(tmp)
    print("%d failures" % failures)
    sys.exit(1 if failures else 0)


main()
