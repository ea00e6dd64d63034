#!/bin/sh
# test.sh: install, build from scratch and run every test suite, then the service and cli
# suites again under AddressSanitizer and UndefinedBehaviorSanitizer.
#
# Prints "N passed, N failed" per build and exits non-zero on any failure, or when the ui
# suite did not run. Each run happens inside a throwaway PostgreSQL cluster (tests/pg-cluster)
# for the tests on a server: in /tmp, where the postgres user can reach its socket whoever
# runs this and wherever the clone is, with a path short enough for a Unix socket.
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
cd "$(dirname "$0")/.."

build-aux/install-deps.sh

summarize () {
  python3 - "$@" <<'PY'
import json, sys
label, log, need_ui, tally = sys.argv[1], sys.argv[2], sys.argv[3] == "yes", sys.argv[4]
results = [json.loads(line) for line in open(log) if line.strip()]
passed = sum(1 for r in results if r["result"] == "OK")
failed = sum(1 for r in results if r["result"] not in ("OK", "SKIP"))
skipped = sum(1 for r in results if r["result"] == "SKIP")
# meson 1.0 names a test "project:suite / name"
ran_ui = any(r["result"] == "OK" and r["name"].split(" / ")[0].split(":")[-1] == "ui"
             for r in results)
print(f"{label}: {passed} passed, {failed} failed, {skipped} skipped")
if need_ui and not ran_ui:
    print(f"{label}: the ui suite did not run")
    failed += 1
with open(tally, "a") as t:
    t.write(f"{passed} {failed + skipped}\n")
PY
}

tally=$(mktemp)
pgdir=$(mktemp -d /tmp/vigil-pg.XXXXXX)
chmod 755 "$pgdir"
trap 'rm -f "$tally"; rm -rf "$pgdir"' EXIT

rm -rf build-test
meson setup build-test --buildtype=debugoptimized -Dwerror=true
meson compile -C build-test
tests/pg-cluster run "$pgdir/plain" -- \
  meson test -C build-test --print-errorlogs --num-processes 2 || true
summarize plain build-test/meson-logs/testlog.json yes "$tally"

rm -rf build-asan
meson setup build-asan -Dapp=false -Db_sanitize=address,undefined -Db_lundef=false -Dwerror=true
meson compile -C build-asan
tests/pg-cluster run "$pgdir/asan" -- \
  meson test -C build-asan --print-errorlogs --num-processes 2 --timeout-multiplier 3 \
  --suite service --suite service-pg --suite cli || true
summarize sanitized build-asan/meson-logs/testlog.json no "$tally"

# The closing line: every test of both builds. A skipped test counts as failed here, so
# nothing passes by not running.
awk '{ p += $1; f += $2 } END { printf "%d passed, %d failed\n", p, f; exit (f > 0) }' "$tally"
