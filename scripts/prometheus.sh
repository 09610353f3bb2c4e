#!/usr/bin/env bash
# Sourced by test.sh (and usable on its own: `source scripts/prometheus.sh`): makes sure the
# Debian package `prometheus` is installed (it provides `prometheus` and `promtool`) and exports
# RC_PROMTOOL and RC_PROMETHEUS with their paths. Idempotent: installs only when missing. The
# package's own system service is never used: the metrics tests start their own server on a free
# loopback port with a throwaway config and data directory, so any service the package's
# postinst started is stopped and disabled.

rc_prom_find() {
  command -v "$1" 2>/dev/null || { [ -x "/usr/bin/$1" ] && echo "/usr/bin/$1"; } || true
}

rc_prom_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  else
    sudo "$@"
  fi
}

ensure_prometheus() {
  if [ -z "$(rc_prom_find promtool)" ] || [ -z "$(rc_prom_find prometheus)" ]; then
    echo "Installing Prometheus from Debian packages..."
    # policy-rc.d exit 101 keeps invoke-rc.d from starting the packaged service during install.
    local policy=/usr/sbin/policy-rc.d created_policy=0
    if [ ! -e "$policy" ]; then
      rc_prom_root sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod +x $policy"
      created_policy=1
    fi
    rc_prom_root apt-get update -qq
    rc_prom_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
    if [ "$created_policy" -eq 1 ]; then
      rc_prom_root rm -f "$policy"
    fi
    if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
      rc_prom_root systemctl disable --now prometheus >/dev/null 2>&1 || true
    elif command -v service >/dev/null 2>&1; then
      rc_prom_root service prometheus stop >/dev/null 2>&1 || true
    fi
  fi
  RC_PROMTOOL="$(rc_prom_find promtool)"
  RC_PROMETHEUS="$(rc_prom_find prometheus)"
  if [ -z "$RC_PROMTOOL" ] || [ -z "$RC_PROMETHEUS" ]; then
    echo "prometheus/promtool not found after installing the Debian package prometheus." >&2
    return 1
  fi
  export RC_PROMTOOL RC_PROMETHEUS
  echo "Prometheus ready: $RC_PROMETHEUS, $RC_PROMTOOL"
}

ensure_prometheus
