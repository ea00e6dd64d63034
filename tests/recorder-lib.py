#!/usr/bin/env python3
# recorder-lib.py: libvigil-recorder-1 as a model team uses it, from its installed files only
#
# Installs the build into a staging directory (meson install --destdir), compiles the README's
# example (as C and as C++) and a program that feeds the API invalid values, each with
# `pkg-config --cflags --libs vigil-recorder-1` pointed at the staged files, runs them, and
# follows what they wrote with the built vigilctl: the decision and its outcome arrive with
# their values, exactly once. Also: only vigil_recorder_* symbols are exported.
#
# Usage: recorder-lib.py VIGILCTL README BUILD_DIR SANITIZE
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
import tempfile

VIGILCTL, README, BUILD, SANITIZE = sys.argv[1:5]
API = {"vigil_recorder_open", "vigil_recorder_free", "vigil_recorder_record",
       "vigil_recorder_record_outcome", "vigil_recorder_record_outcome_for_id",
       "vigil_recorder_last_error", "vigil_recorder_get_version"}

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
        print("$ " + " ".join(shlex.quote(a) for a in argv))
        print(p.stdout, p.stderr)
    return p


def readme_example():
    """The C block after the README's "<!-- example: record.c -->" marker."""
    text = open(README, encoding="utf-8").read()
    m = re.search(r"<!-- example: record\.c -->\s*```c\n(.*?)```", text, re.S)
    if m is None:
        raise SystemExit("README.md has no example marked <!-- example: record.c -->")
    return m.group(1)


INVALID = r'''
#include <stdio.h>
#include <string.h>
#include <vigil-recorder.h>

#if !VIGIL_RECORDER_CHECK_VERSION (1, 0, 0) || VIGIL_RECORDER_CHECK_VERSION (1, 0, 1)
#error "the version header says another version"
#endif

static int failures;

static void
expect (int status, int want, const char *what, const char *in_message)
{
  const char *message = vigil_recorder_last_error ();
  int good = status == want && strstr (message, in_message) != NULL;

  printf ("%s - %s: %d, %s\n", good ? "ok" : "FAIL", what, status, message);
  failures += !good;
}

static void
valid (VigilRecorderDecision *d)
{
  memset (d, 0, sizeof *d);
  d->model_name = "M";
  d->model_version = "v1";
  d->decision_type = "credit_approval";
  d->prediction = "APPROVE";
}

int
main (int argc, char **argv)
{
  VigilRecorderDecision d;
  VigilRecorder *rec;
  char long_text[2000];
  char ref[VIGIL_RECORDER_REFERENCE_SIZE] = "unchanged";

  memset (long_text, 'x', sizeof long_text - 1);
  long_text[sizeof long_text - 1] = '\0';

  expect (vigil_recorder_open (NULL) == NULL, 1, "open NULL", "NULL");
  expect (vigil_recorder_open ("/nonexistent-dir/spool.jsonl") == NULL, 1,
          "open in a missing folder", "/nonexistent-dir/spool.jsonl");
  rec = vigil_recorder_open (argv[1]);
  expect (rec != NULL, 1, "open", "");
  expect (strcmp (vigil_recorder_get_version (), VIGIL_RECORDER_VERSION_STRING), 0,
          "run-time version is the headers'", "");

  valid (&d);
  expect (vigil_recorder_record (NULL, &d, ref), VIGIL_RECORDER_ERROR_INVALID, "NULL recorder",
          "recorder is NULL");
  expect (vigil_recorder_record (rec, NULL, ref), VIGIL_RECORDER_ERROR_INVALID, "NULL decision",
          "decision is NULL");
  d.model_name = NULL;
  expect (vigil_recorder_record (rec, &d, ref), VIGIL_RECORDER_ERROR_INVALID, "no model_name",
          "model_name");
  valid (&d);
  d.ticker = "AAPL\xff";
  expect (vigil_recorder_record (rec, &d, ref), VIGIL_RECORDER_ERROR_INVALID,
          "ticker not UTF-8", "“ticker” is not valid UTF-8");
  valid (&d);
  d.prediction = long_text;
  expect (vigil_recorder_record (rec, &d, ref), VIGIL_RECORDER_ERROR_INVALID,
          "prediction too long", "over the limit of 1024");
  valid (&d);
  d.input_features = "[1, 2]";
  expect (vigil_recorder_record (rec, &d, ref), VIGIL_RECORDER_ERROR_INVALID,
          "features not an object", "must be a JSON object");
  d.input_features = "{\"fico\": NaN}";
  expect (vigil_recorder_record (rec, &d, ref), VIGIL_RECORDER_ERROR_INVALID,
          "features not JSON", "not valid JSON");
  valid (&d);
  d.has_confidence = 1;
  d.confidence = 1.5;
  expect (vigil_recorder_record (rec, &d, ref), VIGIL_RECORDER_ERROR_INVALID,
          "confidence outside [0, 1]", "outside [0, 1]");
  valid (&d);
  d.timestamp = "2026-02-30";
  expect (vigil_recorder_record (rec, &d, ref), VIGIL_RECORDER_ERROR_INVALID,
          "timestamp not a real day", "not a timestamp");
  valid (&d);
  d.reserved[0] = &d;
  expect (vigil_recorder_record (rec, &d, ref), VIGIL_RECORDER_ERROR_INVALID,
          "reserved field set", "reserved");
  expect (strcmp (ref, "unchanged"), 0, "no reference from a refused decision", "");

  expect (vigil_recorder_record_outcome (rec, "M", "yesterday", "PAID", NULL, NULL),
          VIGIL_RECORDER_ERROR_INVALID, "outcome with a bad reference", "not a timestamp");
  expect (vigil_recorder_record_outcome (rec, "M", "2026-11-25T10:00:00Z", NULL, NULL, NULL),
          VIGIL_RECORDER_ERROR_INVALID, "outcome without a value", "outcome is NULL");
  expect (vigil_recorder_record_outcome (rec, NULL, "2026-11-25T10:00:00Z", "PAID", NULL, NULL),
          VIGIL_RECORDER_ERROR_INVALID, "outcome without a model", "model_name is NULL");
  expect (vigil_recorder_record_outcome (rec, "M", "2026-11-25T10:00:00Z", "PAID\xc3", NULL,
                                         NULL),
          VIGIL_RECORDER_ERROR_INVALID, "outcome not UTF-8", "not valid UTF-8");
  expect (vigil_recorder_record_outcome (rec, "M", "2026-11-25T10:00:00Z", long_text, NULL,
                                         NULL),
          VIGIL_RECORDER_ERROR_INVALID, "outcome too long", "1 to 1024 bytes");
  expect (vigil_recorder_record_outcome_for_id (rec, 0, "PAID", NULL, NULL),
          VIGIL_RECORDER_ERROR_INVALID, "outcome for id 0", "from 1");
  expect (vigil_recorder_record_outcome_for_id (rec, 1, "PAID", "soon", NULL),
          VIGIL_RECORDER_ERROR_INVALID, "outcome with a bad date", "outcome_date");

  /* Two decisions in a row get distinct references. */
  {
    char first[VIGIL_RECORDER_REFERENCE_SIZE], second[VIGIL_RECORDER_REFERENCE_SIZE];

    valid (&d);
    expect (vigil_recorder_record (rec, &d, first), 0, "a valid decision", "");
    expect (vigil_recorder_record (rec, &d, second), 0, "and another", "");
    expect (strcmp (first, second) < 0, 1, "references are distinct and increasing", "");
    expect (vigil_recorder_record_outcome (rec, "M", second, "PAID", NULL, NULL), 0,
            "the second one's outcome", "");
  }
  vigil_recorder_free (rec);
  vigil_recorder_free (NULL);
  return failures != 0;
}
'''


def main():
    cc = shutil.which("cc")
    cxx = shutil.which("c++")
    meson = shutil.which("meson")
    if cc is None or meson is None or shutil.which("pkg-config") is None:
        print("FAIL - cc, meson and pkg-config are needed (build-aux/install-deps.sh)")
        return 1
    sanitize = [] if SANITIZE in ("", "none") else ["-fsanitize=" + SANITIZE]

    with tempfile.TemporaryDirectory() as tmp:
        stage = os.path.join(tmp, "stage")
        p = run([meson, "install", "-C", BUILD, "--destdir", stage, "--no-rebuild",
                 "--tags", "runtime,devel"])
        if not check(p.returncode == 0, "meson install --destdir into a staging directory"):
            return 1

        pcs = [os.path.join(d, f) for d, _, fs in os.walk(stage) for f in fs
               if f == "vigil-recorder-1.pc"]
        if not check(len(pcs) == 1, "one vigil-recorder-1.pc installed (%s)" % pcs):
            return 1
        env = dict(os.environ, PKG_CONFIG_PATH=os.path.dirname(pcs[0]),
                   PKG_CONFIG_SYSROOT_DIR=stage)
        flags = run(["pkg-config", "--cflags", "--libs", "vigil-recorder-1"], env=env)
        check(flags.returncode == 0, "pkg-config --cflags --libs vigil-recorder-1")
        flags = shlex.split(flags.stdout)
        dirs = [f[2:] for f in flags if f.startswith(("-I", "-L"))]
        check(dirs and all(d.startswith(stage) for d in dirs) and
              any(d.endswith("/include/vigil-1") for d in dirs),
              "its -I and -L name the staged files only (%s)" % flags)
        check("-lvigil-recorder-1" in flags, "and link libvigil-recorder-1")
        libdir = [d for d in dirs if not d.endswith("vigil-1")][0]
        headers = sorted(os.listdir([d for d in dirs if d.endswith("vigil-1")][0]))
        check(headers == ["vigil-recorder-version.h", "vigil-recorder.h"],
              "two headers installed: %s" % headers)

        libs = [os.path.join(libdir, f) for f in os.listdir(libdir)
                if f.startswith("libvigil-recorder-1.so")]
        real = [f for f in libs if not os.path.islink(f)]
        check(sorted(os.path.basename(f) for f in libs) ==
              ["libvigil-recorder-1.so", "libvigil-recorder-1.so.0",
               "libvigil-recorder-1.so.0.0.0"], "the library with its soname links (%s)" % libs)
        soname = run(["objdump", "-p", real[0]]).stdout
        check(re.search(r"SONAME\s+libvigil-recorder-1\.so\.0\b", soname) is not None,
              "its SONAME is libvigil-recorder-1.so.0")
        nm = run(["nm", "-D", "--defined-only", real[0]]).stdout.split("\n")
        exported = {line.split()[-1] for line in nm if line.strip()}
        check(exported == API, "nm -D --defined-only: exactly the API is exported (%s)"
              % sorted(exported ^ API))

        work = os.path.join(tmp, "work")
        os.mkdir(work)
        src = os.path.join(work, "record.c")
        with open(src, "w") as f:
            f.write(readme_example())
        run_env = dict(os.environ, LD_LIBRARY_PATH=libdir)
        spool = os.path.join(work, "credit.jsonl")
        p = run([cc, src, "-o", os.path.join(work, "record")] + flags + sanitize, cwd=work)
        check(p.returncode == 0 and p.stderr == "",
              "the README's example compiles against the installed files, without a warning")
        p = run([os.path.join(work, "record"), spool], env=run_env)
        check(p.returncode == 0, "and runs")
        if cxx is not None:
            p = run([cxx, "-x", "c++", "-Wall", src, "-o", os.path.join(work, "record++")]
                    + flags + sanitize, cwd=work)
            check(p.returncode == 0 and p.stderr == "", "and compiles as C++ too")

        db = os.path.join(work, "vigil.db")
        run([VIGILCTL, "--db", db, "init"])
        for attempt in (1, 2):
            p = run([VIGILCTL, "--db", db, "follow", "--once", spool])
            check(p.returncode == 0, "vigilctl follow --once, run %d" % attempt)
        p = run([VIGILCTL, "--db", db, "decisions", "--json"])
        got = [json.loads(line) for line in p.stdout.splitlines() if line.strip()]
        check(len(got) == 1, "exactly one decision arrived (%d)" % len(got))
        if got:
            d = got[0]
            want = {"model_name": "CreditXGBoost", "model_version": "v2.1",
                    "decision_type": "credit_approval", "prediction": "DECLINE",
                    "confidence": 0.91, "input_features": {"dti": 0.46, "fico": 580},
                    "explanation": "FICO below 620", "portfolio_id": "retail-eu",
                    "user_id": "loan_officer_7", "actual_outcome": "DEFAULTED",
                    "outcome_date": "2027-03-01T00:00:00.000000"}
            wrong = {k: (d.get(k), v) for k, v in want.items() if d.get(k) != v}
            check(not wrong, "with its values and its outcome (differences: %s)" % wrong)
        con = sqlite3.connect(db)
        events = con.execute("SELECT actor, target FROM events WHERE action = 'outcome'").fetchall()
        con.close()
        check(events == [("collections", "decision:1")],
              "one outcome event, by the recorder the example named (%s)" % events)
        p = run([VIGILCTL, "--db", db, "verify"])
        check(p.returncode == 0, "the ledger verifies")

        # Invalid values: each refused with a message naming it, nothing written.
        src = os.path.join(work, "invalid.c")
        with open(src, "w") as f:
            f.write(INVALID)
        p = run([cc, "-Wall", src, "-o", os.path.join(work, "invalid")] + flags + sanitize)
        check(p.returncode == 0, "the invalid-values program compiles")
        spool = os.path.join(work, "invalid.jsonl")
        p = subprocess.run([os.path.join(work, "invalid"), spool], env=run_env,
                           capture_output=True, text=True)
        sys.stdout.write(p.stdout)
        check(p.returncode == 0, "every invalid value refused as it should be")
        lines = open(spool).read().splitlines()
        check(len(lines) == 3, "only the valid lines were written (%d)" % len(lines))
        db = os.path.join(work, "invalid.db")
        run([VIGILCTL, "--db", db, "init"])
        p = run([VIGILCTL, "--db", db, "follow", "--once", spool])
        check(p.returncode == 0 and not os.path.exists(spool + ".rejected"),
              "and follow accepts them all")
        con = sqlite3.connect(db)
        rows = con.execute("SELECT id, actual_outcome FROM decisions ORDER BY id").fetchall()
        con.close()
        check(rows == [(1, None), (2, "PAID")], "the outcome went to the second decision (%s)"
              % rows)

    print("%d failure(s)" % failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
