'use strict';
// node check-manifests.cjs < MANIFESTS
// Reads the output of `helm template` (YAML documents) from standard input and checks every object two ways:
//  - schema: the kubernetes-models class for its apiVersion and kind validates it (types, required
//    fields, enums: Kubernetes' OpenAPI schemas; a kind with no model is a problem);
//  - unknown fields: every field must be one that the Kubernetes type declares, from the field lists
//    of @kubernetes/client-node's generated models (Kubernetes' schemas allow unknown fields, and
//    the API server drops or refuses them). Kinds it has no list for (custom resources such as
//    ServiceMonitor) are named in `unchecked` instead.
// Prints JSON: { documents: [objects], problems: [{ object, path, message }], unchecked: ["apiVersion kind"],
// configFiles: { "<ConfigMap name>/<key>": parsed } for every ConfigMap entry named *.yaml or *.yml }.
const fs = require('node:fs');
const { requireTool, importTool, isMap } = require('./tools.cjs');

const YAML = requireTool('yaml');

// apiVersion group -> the npm package whose models cover it.
const modelPackages = { '': ['kubernetes-models'], 'monitoring.coreos.com': ['@kubernetes-models', 'prometheus-operator'] };

function splitApiVersion(apiVersion) {
  return apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
}

/** Kubernetes' own API groups: the core group, single-word groups (apps, policy, ...) and *.k8s.io. */
function isBuiltIn(group) {
  return !group.includes('.') || group.endsWith('.k8s.io');
}

async function schemaModel(apiVersion, kind) {
  const [group, version] = splitApiVersion(apiVersion);
  const packagePath = modelPackages[group] ?? (isBuiltIn(group) ? modelPackages[''] : null);
  if (!packagePath) {
    return null;
  }
  const folder = group === '' ? [version] : [group, version];
  try {
    return (await importTool(...packagePath, ...folder, `${kind}.js`))[kind] ?? null;
  } catch (error) {
    if (error.code === 'ERR_MODULE_NOT_FOUND') {
      return null;
    }
    throw error;
  }
}

function fieldListName(apiVersion, kind) {
  const version = apiVersion.split('/').pop();
  return version.charAt(0).toUpperCase() + version.slice(1) + kind;
}

function unknownFields(value, type, path, types, problems, object) {
  if (value === null || value === undefined) {
    return;
  }
  const array = /^Array<(.+)>$/.exec(type);
  if (array) {
    if (Array.isArray(value)) {
      value.forEach((item, index) => unknownFields(item, array[1], `${path}/${index}`, types, problems, object));
    }
    return;
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    if (isMap(value)) {
      Object.entries(value).forEach(([key, item]) => unknownFields(item, map[1], `${path}/${key}`, types, problems, object));
    }
    return;
  }
  const model = types[type];
  if (!model || !model.attributeTypeMap || !isMap(value)) {
    return; // a scalar (string, number, boolean, Date, IntOrString, any)
  }
  const fields = new Map(model.attributeTypeMap.map(field => [field.baseName, field.type]));
  for (const [key, item] of Object.entries(value)) {
    if (!fields.has(key)) {
      problems.push({ object, path: `${path}/${key}`, message: `unknown field: ${type} has no field "${key}"` });
    } else {
      unknownFields(item, fields.get(key), `${path}/${key}`, types, problems, object);
    }
  }
}

async function main() {
  const text = fs.readFileSync(0, 'utf8');
  const types = await importTool('@kubernetes', 'client-node', 'dist', 'gen', 'models', 'all.js');
  const documents = [];
  const problems = [];
  const unchecked = [];
  const configFiles = {};
  for (const document of YAML.parseAllDocuments(text)) {
    if (document.errors.length > 0) {
      problems.push({ object: '(YAML)', path: '', message: document.errors.map(e => e.message).join('; ') });
      continue;
    }
    const value = document.toJS();
    if (value === null) {
      continue; // an empty document (a template whose condition was false)
    }
    documents.push(value);
    const object = `${value.apiVersion} ${value.kind} ${value.metadata?.name}`;
    if (typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') {
      problems.push({ object, path: '', message: 'no apiVersion or kind' });
      continue;
    }
    const Model = await schemaModel(value.apiVersion, value.kind);
    if (!Model) {
      problems.push({ object, path: '', message: `no Kubernetes schema known for ${value.apiVersion} ${value.kind}` });
    } else {
      try {
        new Model(value).validate();
      } catch (error) {
        const errors = error.errors ?? [{ instancePath: '', message: error.message }];
        errors.forEach(e => problems.push({ object, path: e.instancePath, message: e.message }));
      }
    }
    if (value.kind === 'ConfigMap' && isMap(value.data)) {
      for (const [key, content] of Object.entries(value.data)) {
        if (/\.ya?ml$/.test(key)) {
          configFiles[`${value.metadata?.name}/${key}`] = YAML.parse(content);
        }
      }
    }
    const listName = fieldListName(value.apiVersion, value.kind);
    if (isBuiltIn(splitApiVersion(value.apiVersion)[0]) && types[listName]?.attributeTypeMap) {
      unknownFields(value, listName, '', types, problems, object);
    } else {
      unchecked.push(`${value.apiVersion} ${value.kind}`);
    }
  }
  process.stdout.write(JSON.stringify({ documents, problems, unchecked, configFiles }));
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
