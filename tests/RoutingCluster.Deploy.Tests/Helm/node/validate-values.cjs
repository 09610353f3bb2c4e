'use strict';
// node validate-values.cjs SCHEMA CHART_VALUES FILE...
// Validates, for each FILE, the chart's values with FILE merged over them (as `helm -f FILE` does)
// against the chart's JSON schema with Ajv (strict mode: a schema keyword Ajv does not know is an
// error too). Prints a JSON array: { file, valid, errors: [{ key, keyword, message }] }, where key
// is the JSON pointer of the offending key (for unknown or missing keys, the key itself).
const fs = require('node:fs');
const { requireTool, mergedValues } = require('./tools.cjs');

const Ajv = requireTool('ajv');
const addFormats = requireTool('ajv-formats');

const [schemaFile, chartValuesFile, ...files] = process.argv.slice(2);
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));

function offendingKey(error) {
  const key = error.params.additionalProperty ?? error.params.missingProperty;
  return key === undefined ? error.instancePath : `${error.instancePath}/${key}`;
}

const results = files.map(file => {
  const valid = validate(mergedValues(chartValuesFile, [file]));
  const errors = (validate.errors ?? []).map(error => ({ key: offendingKey(error), keyword: error.keyword, message: error.message }));
  return { file, valid, errors };
});
process.stdout.write(JSON.stringify(results));
