#!/usr/bin/env bash
# Installs PostgreSQL when missing (Debian, as root), starts a throwaway server on loopback and
# prints the URL to use, on standard output and nothing else:
#   export TEST_DATABASE_URL="$(.ci/postgres.sh)"
# Idempotent: a second run finds the server already running and prints the same URL.
# Settings: SOURCED_CI_PG_PORT (default 54329), SOURCED_CI_PG_DIR (default $TMPDIR/sourced-ci-pg).
set -euo pipefail

port="${SOURCED_CI_PG_PORT:-54329}"
dir="${SOURCED_CI_PG_DIR:-${TMPDIR:-/tmp}/sourced-ci-pg}"
url="postgres://sourced@127.0.0.1:${port}/postgres"
log() { echo "postgres.sh: $*" >&2; }

find_bin() {
  local initdb
  initdb="$(ls -1d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)"
  [ -n "$initdb" ] && dirname "$initdb"
}

bin="$(find_bin || true)"
if [ -z "$bin" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    log "PostgreSQL is not installed and this is not root: run 'apt-get install -y postgresql' first."
    exit 1
  fi
  log "installing PostgreSQL (apt-get)…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  # Debian's package would create and start its own cluster on 5432; we run our own instead.
  apt-get install -y -qq --no-install-recommends postgresql >&2
  bin="$(find_bin)"
fi

# initdb and postgres refuse to run as root: run them as the postgres user the package creates.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if as_owner "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
  log "already running on 127.0.0.1:${port}"
  echo "$url"
  exit 0
fi

mkdir -p "$dir"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
if [ ! -f "$dir/data/PG_VERSION" ]; then
  log "creating a cluster in $dir/data"
  # Trust on loopback only: a throwaway server for tests, reachable from this machine alone.
  as_owner "$bin/initdb" -D "$dir/data" -U sourced -A trust -E UTF8 --no-sync >&2
fi
log "starting on 127.0.0.1:${port}"
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${dir} -c max_connections=200" \
  start >&2
echo "$url"
