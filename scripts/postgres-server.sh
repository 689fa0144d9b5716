#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on loopback and prints its DATABASE_URL on stdout.
# Installs Debian's postgresql when the server binaries are missing. Postgres refuses to run as
# root, so the cluster belongs to the `postgres` user. Usage: eval "$(scripts/postgres-server.sh start DIR)";
# scripts/postgres-server.sh stop DIR
# Any failure says why on stderr and exits non-zero; stdout then carries `unset DATABASE_URL; false`,
# so an `eval "$(…)"` fails too (and stops a `set -e` script) instead of going on without PostgreSQL.
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:?data folder}

fail() {
  echo "postgres-server.sh: $*" >&2
  echo "unset DATABASE_URL; false"
  exit 1
}

find_bin() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$found" ] && [ -x "$found/initdb" ]; then echo "$found"; return; fi
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  echo ""
}

case "$cmd" in
  start)
    trap 'fail "unexpected failure at line $LINENO (see the messages above)"' ERR
    dir=$(realpath -m "$dir")
    rm -rf "$dir" 2>/dev/null || true
    mkdir -p "$dir/socket" 2>/dev/null || fail "cannot create $dir/socket"
    bin=$(find_bin)
    if [ -z "$bin" ]; then
      echo "installing postgresql (apt-get)" >&2
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq >&2 || fail "apt-get update failed: cannot install postgresql"
      apt-get install -y -qq postgresql >&2 || fail "apt-get install postgresql failed"
      bin=$(find_bin)
      [ -n "$bin" ] || fail "postgresql is installed but initdb/pg_ctl were not found"
    fi
    id postgres >/dev/null 2>&1 || useradd --system --create-home postgres || fail "cannot create the postgres user"
    as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
    if [ "$(id -u)" = 0 ]; then chown -R postgres "$dir" || fail "cannot give $dir to the postgres user"; fi
    # The server runs as postgres: every folder above DIR must let it in (a 0700 mktemp -d does not).
    if ! as_pg "test -w '$dir' -a -x '$dir/socket'" 2>/dev/null; then
      blocked=$dir
      for parent in $(p=$dir; while [ "$p" != / ]; do p=$(dirname "$p"); echo "$p"; done | tac); do
        if ! as_pg "test -x '$parent'" 2>/dev/null; then blocked=$parent; break; fi
      done
      fail "the postgres user cannot enter $blocked (mode $(stat -c %a "$blocked"), owner $(stat -c %U "$blocked")): use a folder it can reach, e.g. DIR=\$(mktemp -d /tmp/pg.XXXX) itself, or chmod 755 $blocked"
    fi
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
    as_pg "'$bin/initdb' -D '$dir/data' -A trust -U postgres --encoding=UTF8 --locale=C.UTF-8" >"$dir/initdb.log" 2>&1 \
      || as_pg "'$bin/initdb' -D '$dir/data' -A trust -U postgres --encoding=UTF8 --locale=C" >"$dir/initdb.log" 2>&1 \
      || fail "initdb failed: $(tail -n 3 "$dir/initdb.log" | tr '\n' ' ')"
    as_pg "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -o \"-p $port -k '$dir/socket' -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200\" start" >&2 \
      || fail "the server did not start: $(tail -n 3 "$dir/server.log" 2>/dev/null | tr '\n' ' ')"
    echo "$port" >"$dir/port"
    trap - ERR
    echo "export DATABASE_URL=postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    bin=$(find_bin)
    if [ -d "$dir/data" ]; then
      if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "'$bin/pg_ctl' -D '$dir/data' -m fast stop" >&2 || true
      else "$bin/pg_ctl" -D "$dir/data" -m fast stop >&2 || true; fi
    fi
    ;;
  *) fail "unknown command $cmd (start|stop)" ;;
esac
