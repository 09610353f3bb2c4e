#!/usr/bin/env bash
# Runs every test of RoutingCluster on this machine. Idempotent: it installs only what is
# missing and can be run again at any time. Tests use real HTTP on loopback only, a real
# PostgreSQL server (installed from Debian packages and started here, see postgres.sh), the real
# Prometheus tools (prometheus.sh), the real Codex CLI and Claude Code (agent-clis.sh) and the Helm
# CLI with Kubernetes schema validators (helm-tools.sh), docker-compose and a compose linter
# (compose-tools.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is required (dotnet on PATH)." >&2
  exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# shellcheck source=postgres.sh
. "$(dirname "$0")/postgres.sh"
. "$(dirname "$0")/prometheus.sh"
# shellcheck source=agent-clis.sh
. "$(dirname "$0")/agent-clis.sh"
# shellcheck source=helm-tools.sh
. "$(dirname "$0")/helm-tools.sh"
# shellcheck source=compose-tools.sh
. "$(dirname "$0")/compose-tools.sh"
ensure_postgres
ensure_helm_tools
ensure_compose_tools
results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

dotnet build RoutingCluster.sln -c Release --nologo -v quiet
status=0
dotnet test RoutingCluster.sln -c Release --no-build --nologo \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" || status=$?

# A smoke of the load harness (seconds, tiny counts): it must run end to end; its timings mean nothing
# and are never asserted. Its progress log is shown only when it fails.
if ! dotnet run --project tests/bench/RoutingCluster.Benchmarks -c Release --no-build -- \
  --smoke --json "$results/bench-smoke.json" >/dev/null 2>"$results/bench-smoke.log"; then
  cat "$results/bench-smoke.log" >&2
  echo "The benchmark harness smoke (--smoke) failed." >&2
  status=1
fi

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
echo "${passed} passed, ${failed} failed"
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "No test ran." >&2
  exit 1
fi
exit "$status"
