#!/usr/bin/env bash
# The Debian packages the tests need: Chromium (browser tests), poppler-utils (PDF pages as
# images), PostgreSQL (tests/conftest.py starts a throwaway server) and, as root, runuser
# (util-linux) with the `postgres` user to run it. Run as root, installs what is missing;
# otherwise stops at once with the exact command to run. `make test` calls this first.
set -euo pipefail

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
# initdb, pg_ctl and postgres on PATH or in Debian's /usr/lib/postgresql/<version>/bin.
have_pg_server() {
  if command -v initdb >/dev/null && command -v pg_ctl >/dev/null && command -v postgres >/dev/null; then
    return 0
  fi
  local bin
  for bin in /usr/lib/postgresql/*/bin; do
    [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] && [ -x "$bin/postgres" ] && return 0
  done
  return 1
}
have_pg_server || need_apt+=(postgresql)
if [ "$(id -u)" = 0 ]; then
  command -v runuser >/dev/null 2>&1 || need_apt+=(util-linux)
  id postgres >/dev/null 2>&1 || [[ " ${need_apt[*]} " == *" postgresql "* ]] || need_apt+=(postgresql)
fi
[ ${#need_apt[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
  echo "The tests need Debian packages that are missing: ${need_apt[*]}." >&2
  echo "Install them, then run 'make test' again:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${need_apt[*]}" >&2
  exit 1
fi
echo "Installing the Debian packages the tests need: ${need_apt[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${need_apt[@]}" >/dev/null
