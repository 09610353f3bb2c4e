#!/usr/bin/env bash
# Measures the gateway's per-request overhead on this machine: the mock upstream called directly,
# the embedded gateway (memory store) and the cluster gateway (PostgreSQL store), all in one run,
# reported as a Markdown table on stdout (progress on stderr). Idempotent: starts PostgreSQL only
# when it is down (see postgres.sh), installs wrk only when missing (see wrk.sh; a smoke run does
# not install it and uses the harness's own client when wrk is absent), builds the harness and
# publishes the gateway (Release, ReadyToRun) under artifacts/bench/gateway, runs.
# Traffic stays on 127.0.0.1.
# Every argument goes to the harness; ./scripts/bench.sh --help lists them.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is required (dotnet on PATH)." >&2
  exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
project=tests/bench/RoutingCluster.Benchmarks/RoutingCluster.Benchmarks.csproj

no_cluster=0
smoke=0
for arg in "$@"; do
  [ "$arg" = "--no-cluster" ] && no_cluster=1
  [ "$arg" = "--smoke" ] && smoke=1
done
if [ "$no_cluster" -eq 0 ]; then
  # shellcheck source=postgres.sh
  . "$(dirname "$0")/postgres.sh"
  ensure_postgres >&2
fi

# shellcheck source=wrk.sh
. "$(dirname "$0")/wrk.sh"
if [ "$smoke" -eq 0 ]; then
  ensure_wrk >&2
elif [ -n "$(rc_wrk_find)" ]; then
  export RC_WRK="$(rc_wrk_find)"
fi

dotnet build "$project" -c Release --nologo -v quiet >&2
# The gateway under test is published as the container image ships it: Release, ReadyToRun
# (precompiled, so a fresh node starts sooner and JIT-compiles less while it warms up).
gateway_dir="$PWD/artifacts/bench/gateway"
dotnet publish src/RoutingCluster.Gateway/RoutingCluster.Gateway.csproj -c Release --use-current-runtime --self-contained false \
  -p:PublishReadyToRun=true -p:UseAppHost=false -o "$gateway_dir" --nologo -v quiet >&2
export RC_BENCH_GATEWAY="$gateway_dir/RoutingCluster.Gateway.dll"
exec dotnet run --project "$project" -c Release --no-build -- "$@"
