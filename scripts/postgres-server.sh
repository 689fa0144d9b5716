#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on loopback and prints its DATABASE_URL on stdout.
# Installs Debian's postgresql when the server binaries are missing. Postgres refuses to run as
# root, so the cluster belongs to the `postgres` user. Usage: eval "$(scripts/postgres-server.sh start DIR)";
# scripts/postgres-server.sh stop DIR
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:?data folder}

find_bin() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$found" ] && [ -x "$found/initdb" ]; then echo "$found"; return; fi
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  echo ""
}

case "$cmd" in
  start)
    bin=$(find_bin)
    if [ -z "$bin" ]; then
      echo "installing postgresql (apt-get)" >&2
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq >&2
      apt-get install -y -qq postgresql >&2
      bin=$(find_bin)
    fi
    id postgres >/dev/null 2>&1 || useradd --system --create-home postgres
    as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
    rm -rf "$dir"; mkdir -p "$dir/socket"
    chown -R postgres "$dir" 2>/dev/null || true
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
    as_pg "'$bin/initdb' -D '$dir/data' -A trust -U postgres --encoding=UTF8 --locale=C.UTF-8" >"$dir/initdb.log" 2>&1 \
      || as_pg "'$bin/initdb' -D '$dir/data' -A trust -U postgres --encoding=UTF8 --locale=C" >"$dir/initdb.log" 2>&1
    as_pg "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -o \"-p $port -k '$dir/socket' -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200\" start" >&2
    echo "$port" >"$dir/port"
    echo "export DATABASE_URL=postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    bin=$(find_bin)
    if [ -d "$dir/data" ]; then
      if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "'$bin/pg_ctl' -D '$dir/data' -m fast stop" >&2 || true
      else "$bin/pg_ctl" -D "$dir/data" -m fast stop >&2 || true; fi
    fi
    ;;
esac
