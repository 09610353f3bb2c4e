'use strict';
// Loads the pinned npm packages that scripts/helm-tools.sh installs under $RC_HELM_TOOLS.
const fs = require('node:fs');
const path = require('node:path');
const { createRequire } = require('node:module');
const { pathToFileURL } = require('node:url');

function toolsDir() {
  const dir = process.env.RC_HELM_TOOLS;
  if (!dir || !fs.existsSync(path.join(dir, 'node_modules'))) {
    process.stderr.write('RC_HELM_TOOLS is unset or has no node_modules: run `. scripts/helm-tools.sh && ensure_helm_tools` first.\n');
    process.exit(2);
  }
  return dir;
}

/** A CommonJS package (ajv, ajv-formats, yaml). */
function requireTool(name) {
  const loaded = createRequire(path.join(toolsDir(), 'package.json'))(name);
  return loaded && loaded.default ? loaded.default : loaded;
}

/** A module of an ES-module-only package, by its file under node_modules. */
function importTool(...file) {
  return import(pathToFileURL(path.join(toolsDir(), 'node_modules', ...file)).href);
}

/**
 * Values as Helm sees them: the chart's values.yaml with each file merged over it in order. Maps
 * merge key by key, anything else replaces, and null deletes the key.
 */
function mergedValues(chartValuesFile, overrideFiles) {
  const YAML = requireTool('yaml');
  const read = file => YAML.parse(fs.readFileSync(file, 'utf8')) ?? {};
  return overrideFiles.reduce((merged, file) => merge(merged, read(file)), read(chartValuesFile));
}

function isMap(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function merge(base, override) {
  const result = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === null) {
      delete result[key];
    } else if (isMap(value) && isMap(result[key])) {
      result[key] = merge(result[key], value);
    } else {
      result[key] = value;
    }
  }
  return result;
}

module.exports = { requireTool, importTool, mergedValues, isMap };
