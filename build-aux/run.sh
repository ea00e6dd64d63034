#!/bin/sh
# run.sh: install, build and launch Vigil on its default database (created when absent).
# It builds only what it runs: the app and vigilctl, without the tests and benchmarks
# (build-aux/test.sh builds those).
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
cd "$(dirname "$0")/.."

build-aux/install-deps.sh
if [ -d build ]; then
  meson setup --reconfigure build -Dtests=false -Dbenchmarks=false
else
  meson setup build -Dtests=false -Dbenchmarks=false
fi
meson compile -C build
# Run from the build tree: its settings schema and its translations (LANGUAGE=de for German)
GSETTINGS_SCHEMA_DIR="$PWD/build/data" VIGIL_LOCALEDIR="$PWD/build/po" \
  exec build/src/app/vigil "$@"
