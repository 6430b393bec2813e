#!/usr/bin/env bash
# Installs the Debian packages (and, for tests, npm packages) the project needs,
# only when something is missing, so repeated `make` calls stay fast and offline.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-build}

build_pkgs="cmake make gcc pkg-config libmicrohttpd-dev libcjson-dev libsqlite3-dev
  libcurl4-openssl-dev zlib1g-dev libpq-dev libssl-dev libdeflate-dev libbrotli-dev"
test_pkgs="libcmocka-dev libxml2-utils valgrind curl python3 sqlite3 postgresql"

missing=()
want=$build_pkgs
[ "$what" = test ] && want="$build_pkgs $test_pkgs"
for p in $want; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
# Node may come from another packaging than Debian's (npm bundled): ask for the commands.
if [ "$what" = test ]; then
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}" >&2
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}" >/dev/null
fi

if [ "$what" = test ] && [ -f tests/conformance/package.json ]; then
  if [ ! -d tests/conformance/node_modules ] || [ tests/conformance/package.json -nt tests/conformance/node_modules ]; then
    echo "installing npm packages for tests/conformance" >&2
    (cd tests/conformance && npm install --no-audit --no-fund --loglevel=error >/dev/null)
    touch tests/conformance/node_modules
  fi
fi
