#!/bin/sh
# test.sh: install, build from scratch and run every test suite, then the service and cli
# suites again under AddressSanitizer and UndefinedBehaviorSanitizer.
#
# Prints "N passed, N failed" per build and exits non-zero on any failure, or when the ui
# suite did not run.
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
cd "$(dirname "$0")/.."

build-aux/install-deps.sh

summarize () {
  python3 - "$1" "$2" <<'PY'
import json, sys
log, need_ui = sys.argv[1], sys.argv[2] == "yes"
results = [json.loads(line) for line in open(log) if line.strip()]
passed = sum(1 for r in results if r["result"] == "OK")
failed = sum(1 for r in results if r["result"] not in ("OK", "SKIP", "EXPECTEDFAIL"))
skipped = sum(1 for r in results if r["result"] == "SKIP")
suites = {s.split(":")[-1] for r in results for s in r.get("suite", [])}
ui_ok = any("ui" in r.get("suite", []) and r["result"] == "OK" for r in results)
print(f"{passed} passed, {failed} failed, {skipped} skipped")
if need_ui and not ui_ok:
    print("the ui suite did not run: failing")
    sys.exit(1)
sys.exit(1 if failed or skipped else 0)
PY
}

status=0

rm -rf build-test
meson setup build-test --buildtype=debugoptimized -Dwerror=true
meson compile -C build-test
meson test -C build-test --print-errorlogs --num-processes 2 || true
summarize build-test/meson-logs/testlog.json yes || status=1

rm -rf build-asan
meson setup build-asan -Dapp=false -Db_sanitize=address,undefined -Db_lundef=false -Dwerror=true
meson compile -C build-asan
meson test -C build-asan --print-errorlogs --num-processes 2 --timeout-multiplier 3 \
  --suite service --suite cli || true
summarize build-asan/meson-logs/testlog.json no || status=1

exit $status
