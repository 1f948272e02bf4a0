#!/usr/bin/env bash
# Start a throwaway PostgreSQL for the store and dedupe tests; prints the database URL.
# Installs the distribution's server package when it is missing.
set -euo pipefail
PORT="${MASKBOT_PG_PORT:-55432}"
DIR="${MASKBOT_PG_DIR:-/tmp/maskbot-pg}"
initdb_bin=$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$initdb_bin" ]; then
  if command -v apt-get >/dev/null; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) >&2
    initdb_bin=$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)
  else
    echo "no PostgreSQL server and no apt-get to install one" >&2
    exit 1
  fi
fi
bin=$(dirname "$initdb_bin")
run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ -f "$DIR/postmaster.pid" ]; then run "$bin/pg_ctl" -D "$DIR" stop -m fast >/dev/null 2>&1 || true; fi
rm -rf "$DIR" && mkdir -p "$DIR"
[ "$(id -u)" = 0 ] && chown postgres "$DIR"
run "$bin/initdb" -D "$DIR" -A trust -U postgres >/dev/null
run "$bin/pg_ctl" -D "$DIR" -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1" -l "$DIR/log" -w start >/dev/null
run "$bin/createdb" -h 127.0.0.1 -p "$PORT" -U postgres maskbot
echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/maskbot"
