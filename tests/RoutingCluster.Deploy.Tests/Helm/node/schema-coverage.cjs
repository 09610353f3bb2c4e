'use strict';
// node schema-coverage.cjs SCHEMA CHART_VALUES
// Walks the chart's values.yaml and prints (a JSON array) every key the schema does not cover:
//  - "<path>: not in the schema": a key under an object whose schema lists `properties` without it
//    and does not declare itself open (an `additionalProperties` of true or a schema);
//  - "<path>: untyped": a key whose schema gives no type, enum, const, oneOf or anyOf (anything passes).
// A free-form part (a map whose `additionalProperties` is a schema, an object or array with no
// `properties` or `items`) is typed by that schema and not walked further.
const fs = require('node:fs');
const { mergedValues, isMap } = require('./tools.cjs');

const [schemaFile, chartValuesFile] = process.argv.slice(2);
const root = JSON.parse(fs.readFileSync(schemaFile, 'utf8'));

function resolve(schema) {
  let current = schema;
  while (current && current.$ref) {
    current = current.$ref.replace(/^#\//, '').split('/').reduce((node, part) => node[part], root);
  }
  return current ?? {};
}

function typed(schema) {
  return ['type', 'enum', 'const', 'oneOf', 'anyOf'].some(keyword => keyword in schema);
}

const uncovered = [];
function walk(value, schema, path) {
  const resolved = resolve(schema);
  if (path !== '' && !typed(resolved)) {
    uncovered.push(`${path}: untyped`);
    return;
  }
  if (isMap(value) && resolved.properties) {
    const open = resolved.additionalProperties !== undefined && resolved.additionalProperties !== false;
    for (const [key, child] of Object.entries(value)) {
      if (key in resolved.properties) {
        walk(child, resolved.properties[key], `${path}/${key}`);
      } else if (!open) {
        uncovered.push(`${path}/${key}: not in the schema`);
      }
    }
  } else if (Array.isArray(value) && resolved.items) {
    value.forEach((item, index) => walk(item, resolved.items, `${path}/${index}`));
  }
}

walk(mergedValues(chartValuesFile, []), root, '');
process.stdout.write(JSON.stringify(uncovered));
