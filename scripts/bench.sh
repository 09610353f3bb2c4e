#!/usr/bin/env bash
# Measures the gateway's per-request overhead on this machine: the mock upstream called directly,
# the embedded gateway (memory store) and the cluster gateway (PostgreSQL store), all in one run,
# reported as a Markdown table on stdout (progress on stderr). Idempotent: starts PostgreSQL only
# when it is down (see postgres.sh), builds Release, runs. Traffic stays on 127.0.0.1.
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
for arg in "$@"; do
  [ "$arg" = "--no-cluster" ] && no_cluster=1
done
if [ "$no_cluster" -eq 0 ]; then
  # shellcheck source=postgres.sh
  . "$(dirname "$0")/postgres.sh"
  ensure_postgres >&2
fi

dotnet build "$project" -c Release --nologo -v quiet >&2
exec dotnet run --project "$project" -c Release --no-build -- "$@"
