#!/usr/bin/env bash
# Sourced by test.sh (and usable on its own: `source scripts/agent-clis.sh`): makes sure the coding
# agents the CLI tests drive are installed from npm, pinned, under the user's cache: the Codex CLI
# (@openai/codex), Claude Code (@anthropic-ai/claude-code) and Qwen Code (@qwen-code/qwen-code).
# Node.js and npm come from Debian packages when missing. Exports RC_CODEX, RC_CLAUDE and RC_QWEN
# with the paths of their binaries.
# Idempotent: installs only what is missing. The tests run them against the gateway on loopback,
# with their telemetry, analytics, update checks and plugins off by their documented settings and
# every proxy variable pointing at a refusing loopback proxy.

RC_AGENTS_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/routingcluster/agent-clis"

rc_agents_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  else
    sudo "$@"
  fi
}

# rc_agent_install PACKAGE VERSION BINARY: prints the path of BINARY of PACKAGE@VERSION, installing it when missing.
rc_agent_install() {
  local dir="$RC_AGENTS_DIR/${1//\//_}-$2"
  local binary="$dir/node_modules/.bin/$3"
  if [ ! -x "$binary" ]; then
    if ! command -v npm >/dev/null 2>&1; then
      echo "Installing Node.js and npm from Debian packages..." >&2
      rc_agents_root apt-get update -qq
      rc_agents_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
    fi
    echo "Installing $1@$2 from npm..." >&2
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "$1@$2" >/dev/null
  fi
  if ! "$binary" --version >/dev/null 2>&1; then
    echo "$binary (from $1@$2) does not run." >&2
    return 1
  fi
  echo "$binary"
}

ensure_agent_clis() {
  RC_CODEX="$(rc_agent_install @openai/codex 0.169.0 codex)" || return 1
  RC_CLAUDE="$(rc_agent_install @anthropic-ai/claude-code 2.1.328 claude)" || return 1
  RC_QWEN="$(rc_agent_install @qwen-code/qwen-code 0.24.4 qwen)" || return 1
  export RC_CODEX RC_CLAUDE RC_QWEN
  echo "Agent CLIs ready: $("$RC_CODEX" --version), Claude Code $("$RC_CLAUDE" --version), Qwen Code $("$RC_QWEN" --version)"
}

ensure_agent_clis
