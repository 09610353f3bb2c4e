#!/usr/bin/env bash
# Sourced by bench.sh: makes sure the HTTP load generator wrk (Debian package `wrk`) is installed
# and exports RC_WRK with its path, for the benchmark harness's closed-loop phase. Idempotent:
# installs only when missing. Never fatal: when it cannot be installed (no network, no root,
# no sudo), RC_WRK stays unset and the harness falls back to its own in-process client, and
# says so in its report.

rc_wrk_find() {
  command -v wrk 2>/dev/null || { [ -x /usr/bin/wrk ] && echo /usr/bin/wrk; } || true
}

ensure_wrk() {
  if [ -z "$(rc_wrk_find)" ]; then
    echo "Installing wrk from Debian packages..."
    if [ "$(id -u)" -eq 0 ]; then
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || true
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      { sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || true
    fi
  fi
  local wrk
  wrk="$(rc_wrk_find)"
  if [ -n "$wrk" ]; then
    export RC_WRK="$wrk"
    echo "wrk ready: $wrk"
  else
    unset RC_WRK
    echo "wrk could not be installed: the closed-loop phase will use the harness's own client."
  fi
}
