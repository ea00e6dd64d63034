#!/bin/sh
# install-deps.sh: install what Vigil needs to build, run and test, from Debian 12's archive.
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

SUDO=
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
fi

PACKAGES="
  build-essential meson ninja-build pkg-config
  libglib2.0-dev libglib2.0-bin libjson-glib-dev libsqlite3-dev nettle-dev libcairo2-dev
  libpq-dev
  libpango1.0-dev
  libgtk-4-dev libgtk-4-bin libadwaita-1-dev libsecret-1-dev libx11-dev libxtst-dev
  gettext appstream desktop-file-utils
  bash-completion groff-base man-db
  postgresql postgresql-client
  sqlite3 python3 python3-numpy python3-pandas poppler-utils
  python3-sklearn python3-pip python3-setuptools python3-wheel python3-venv
  xvfb xauth dbus dbus-x11 at-spi2-core fonts-dejavu-core x11-utils python3-pyatspi
  systemd flatpak-builder
  locales
  libclang-rt-14-dev
"

# Skip the network when everything is there already.
missing=
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done

if [ -n "$missing" ]; then
  echo "Installing:$missing"
  $SUDO apt-get update
  # --no-install-recommends keeps the default fonts, and so the screenshots, stable.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends $missing
fi

# The German locale, for the tests of numbers as a German desktop shows them
if ! locale -a 2>/dev/null | grep -qix 'de_DE\.utf-\?8'; then
  echo "Making the locale de_DE.UTF-8"
  $SUDO localedef -i de_DE -c -f UTF-8 de_DE.UTF-8
fi
