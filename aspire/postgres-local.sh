#!/usr/bin/env bash
# The AppHost's local PostgreSQL (used when no container runtime is available, or with
# `--postgres local`): initialises a throwaway data directory and runs the Debian `postgres` server
# in the foreground on 127.0.0.1 (port from PGPORT, which the AppHost sets), trust authentication,
# fsync off. The server replaces this shell (exec), so when the AppHost stops the resource the
# signal reaches PostgreSQL itself.
#
# usage: postgres-local.sh DATA_DIR        (the directory is emptied first)
# PostgreSQL binaries: RC_PG_BIN, else the newest /usr/lib/postgresql/*/bin (Debian package
# `postgresql`; scripts/postgres.sh installs it).
set -euo pipefail

data="${1:?usage: postgres-local.sh DATA_DIR}"
port="${PGPORT:?PGPORT must name the port to listen on}"
bin="${RC_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
if [ -z "$bin" ] || [ ! -x "$bin/postgres" ]; then
  echo "PostgreSQL server binaries not found (RC_PG_BIN or /usr/lib/postgresql/*/bin): install the Debian package postgresql (scripts/postgres.sh does)." >&2
  exit 1
fi

# The server refuses to run as root: as root, everything runs as the postgres user. setpriv execs
# (no intermediate process), so the server keeps this shell's process id.
as_postgres=()
if [ "$(id -u)" -eq 0 ]; then
  as_postgres=(setpriv --reuid=postgres --regid=postgres --init-groups --)
fi

rm -rf "$data"
mkdir -p "$data"
if [ "$(id -u)" -eq 0 ]; then
  chown postgres:postgres "$data"
fi
"${as_postgres[@]}" "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --no-sync >/dev/null
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') initialised in $data; listening on 127.0.0.1:$port"
exec "${as_postgres[@]}" "$bin/postgres" -D "$data" -p "$port" -k "$data" \
  -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200
