#!/usr/bin/env bash
# Sourced (`. scripts/compose-tools.sh && ensure_compose_tools`): makes sure the tools that validate
# the deployment files (docker-compose.yml, deploy/) are installed, and exports their paths:
#   RC_COMPOSE  docker-compose, from the Debian package `docker-compose` (`docker-compose config`
#               needs no container engine; on Debian 12 the package is Compose 1.29, on Debian 13
#               Compose 2.x: the tests use only what both understand)
#   RC_DCLINT   dclint (npm package `dclint`, pinned), under .tools/compose/node_modules
#   RC_NODE     node, which runs dclint and reads YAML for the tests with the pinned npm
#               package `yaml` (installed beside dclint)
# Node.js and npm come from Debian packages when missing. Idempotent: installs only what is missing.
# Defines the function only; call ensure_compose_tools after sourcing.

RC_DCLINT_VERSION="3.1.0"
RC_YAML_VERSION="2.9.1"
RC_COMPOSE_TOOLS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.tools/compose"

rc_compose_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  else
    sudo "$@"
  fi
}

rc_compose_apt_install() {
  rc_compose_root apt-get update -qq
  rc_compose_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# The installed version of an npm package under the tools folder, or nothing.
rc_compose_npm_version() {
  local manifest="$RC_COMPOSE_TOOLS_DIR/node_modules/$1/package.json"
  [ -f "$manifest" ] && sed -n 's/^  "version": "\([^"]*\)".*/\1/p' "$manifest" | head -n 1
}

ensure_compose_tools() {
  if ! command -v docker-compose >/dev/null 2>&1; then
    echo "Installing docker-compose from Debian packages..."
    rc_compose_apt_install docker-compose || return 1
  fi
  RC_COMPOSE="$(command -v docker-compose)"
  if ! "$RC_COMPOSE" version >/dev/null 2>&1; then
    echo "$RC_COMPOSE does not run." >&2
    return 1
  fi

  if ! command -v npm >/dev/null 2>&1; then
    echo "Installing Node.js and npm from Debian packages..."
    rc_compose_apt_install nodejs npm || return 1
  fi
  RC_NODE="$(command -v node)"
  # dclint 3 (through yargs 18) needs Node.js 20.19 or later.
  if ! "$RC_NODE" -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
    echo "dclint $RC_DCLINT_VERSION needs Node.js 20.19 or later; $RC_NODE is $("$RC_NODE" --version)." >&2
    return 1
  fi

  if [ "$(rc_compose_npm_version dclint)" != "$RC_DCLINT_VERSION" ] || [ "$(rc_compose_npm_version yaml)" != "$RC_YAML_VERSION" ]; then
    echo "Installing dclint@$RC_DCLINT_VERSION and yaml@$RC_YAML_VERSION from npm..."
    mkdir -p "$RC_COMPOSE_TOOLS_DIR"
    npm install --prefix "$RC_COMPOSE_TOOLS_DIR" --no-audit --no-fund --loglevel=error \
      "dclint@$RC_DCLINT_VERSION" "yaml@$RC_YAML_VERSION" >/dev/null || return 1
  fi
  RC_DCLINT="$RC_COMPOSE_TOOLS_DIR/node_modules/.bin/dclint"
  if ! "$RC_DCLINT" --version >/dev/null 2>&1; then
    echo "$RC_DCLINT (from dclint@$RC_DCLINT_VERSION) does not run." >&2
    return 1
  fi

  export RC_COMPOSE RC_DCLINT RC_NODE
  echo "Compose tools ready: $("$RC_COMPOSE" version --short 2>/dev/null || "$RC_COMPOSE" version | head -n 1), dclint $("$RC_DCLINT" --version), node $("$RC_NODE" --version)"
}
