#!/usr/bin/env bash
# Sourced by test.sh: makes sure a PostgreSQL server for the tests is installed and running on
# 127.0.0.1:${RC_PG_PORT:-55432}, then exports RC_TEST_POSTGRES (an admin connection string; each
# test class creates and drops its own throwaway database). Idempotent: installs only when
# missing, initializes the data directory only once, starts the server only when it is down.

rc_pg_port="${RC_PG_PORT:-55432}"
rc_pg_dir="${RC_PG_DIR:-/tmp/routingcluster-pg}"

rc_pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

rc_as_pg_user() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

ensure_postgres() {
  if [ -z "$(rc_pg_bin)" ]; then
    echo "Installing PostgreSQL from Debian packages..."
    if [ "$(id -u)" -eq 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    else
      sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
  fi
  local bin
  bin="$(rc_pg_bin)"
  if ! "$bin/pg_isready" -q -h 127.0.0.1 -p "$rc_pg_port"; then
    if [ ! -f "$rc_pg_dir/PG_VERSION" ]; then
      rm -rf "$rc_pg_dir"
      mkdir -p "$rc_pg_dir"
      [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$rc_pg_dir"
      rc_as_pg_user "$bin/initdb" -D "$rc_pg_dir" -U postgres -A trust -E UTF8 >/dev/null
    fi
    # fsync off: a throwaway test server trades durability for speed.
    rc_as_pg_user "$bin/pg_ctl" -D "$rc_pg_dir" -l "$rc_pg_dir/server.log" -w -t 60 \
      -o "-p $rc_pg_port -c listen_addresses=127.0.0.1 -k /tmp -c fsync=off -c max_connections=300" start >/dev/null
  fi
  export RC_TEST_POSTGRES="Host=127.0.0.1;Port=$rc_pg_port;Username=postgres;Database=postgres"
  echo "PostgreSQL ready on 127.0.0.1:$rc_pg_port"
}
