#!/usr/bin/env bash
# Sourced by test.sh (and usable on its own: `source scripts/codex.sh`): makes sure the Codex CLI
# (npm @openai/codex, pinned) is installed under the user's cache, installing Node.js and npm from
# Debian packages first when they are missing, and exports RC_CODEX with the path of its binary.
# Idempotent: installs only what is missing. The CLI tests run it against the gateway on loopback
# with its analytics, feedback, update check and plugins off and every proxy variable pointing at a
# refusing loopback proxy.

RC_CODEX_VERSION=0.169.0
RC_CODEX_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/routingcluster/codex-$RC_CODEX_VERSION"

rc_codex_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  else
    sudo "$@"
  fi
}

ensure_codex() {
  local binary="$RC_CODEX_DIR/node_modules/.bin/codex"
  if [ ! -x "$binary" ]; then
    if ! command -v npm >/dev/null 2>&1; then
      echo "Installing Node.js and npm from Debian packages..."
      rc_codex_root apt-get update -qq
      rc_codex_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
    fi
    echo "Installing the Codex CLI $RC_CODEX_VERSION from npm..."
    mkdir -p "$RC_CODEX_DIR"
    npm install --prefix "$RC_CODEX_DIR" --no-audit --no-fund --loglevel=error "@openai/codex@$RC_CODEX_VERSION" >/dev/null
  fi
  if ! "$binary" --version >/dev/null 2>&1; then
    echo "The Codex CLI at $binary does not run." >&2
    return 1
  fi
  RC_CODEX="$binary"
  export RC_CODEX
  echo "Codex CLI ready: $RC_CODEX ($("$RC_CODEX" --version))"
}

ensure_codex
