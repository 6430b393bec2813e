// JSON Schema validators compiled from the official OpenAPI 3.1 subset
// ($OR_SHARED_DIR/spec/openapi-models.yaml).
//
// The YAML uses OpenAPI 3.1 / JSON Schema 2020-12 idioms: nullability is a type array
// (`type: ['integer','null']`), `anyOf [X, {type:null}]`, `allOf` for the endpoints
// architecture; no OpenAPI 3.0 `nullable`. (If a future copy of the YAML carries
// `nullable: true`, it is translated into a type array below.) `format: double` is the
// only format used; it is registered as a no-op, and any other unknown format found in
// the document is registered as a no-op as well, so compilation never fails on formats.
//
// Two flavours of every validator:
//   strict  - the schema exactly as published (closed enums included).
//   open    - identical, except that every `enum` is replaced by the JSON type of its
//             values (the official SDKs treat these enums as open: unknown strings are
//             accepted). Required keys, types, nullability, additionalProperties are kept.
// Tests must pass `open`; `strict` enum violations are reported as warnings, because
// real captured data carries enum values newer than the spec (new providers etc.).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BASE_ID = 'https://openrouter-c.invalid/openapi-models';

export function sharedDir() {
  return process.env.OR_SHARED_DIR || path.resolve(HERE, '../../../../shared');
}

export function specPath() {
  return path.join(sharedDir(), 'spec', 'openapi-models.yaml');
}

let cachedDoc = null;
export function loadSpec() {
  if (!cachedDoc) cachedDoc = YAML.parse(fs.readFileSync(specPath(), 'utf8'));
  return cachedDoc;
}

const clone = (v) => JSON.parse(JSON.stringify(v));

// Rewrite a schema tree: local component refs -> refs into our registered $defs document;
// OpenAPI 3.0 `nullable` -> type arrays; optionally relax enums.
function rewrite(node, { openEnums }) {
  if (Array.isArray(node)) return node.map((n) => rewrite(n, { openEnums }));
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')) {
      out.$ref = `${BASE_ID}#/$defs/${v.slice('#/components/schemas/'.length)}`;
    } else if (k === 'example' || k === 'examples' || k.startsWith('x-')) {
      // annotations only; dropped so Ajv never sees non-standard keywords
    } else if (k === 'properties' || k === '$defs' || k === 'patternProperties') {
      const m = {};
      for (const [pk, pv] of Object.entries(v)) m[pk] = rewrite(pv, { openEnums });
      out[k] = m;
    } else {
      out[k] = rewrite(v, { openEnums });
    }
  }
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (Array.isArray(out.type) && !out.type.includes('null')) out.type = [...out.type, 'null'];
    else if (out.enum && !out.enum.includes(null)) out.enum = [...out.enum, null];
  } else if ('nullable' in out) {
    delete out.nullable;
  }
  if (openEnums && Array.isArray(out.enum)) {
    const vals = out.enum;
    const types = new Set();
    for (const val of vals) {
      if (val === null) types.add('null');
      else if (Number.isInteger(val)) types.add('integer');
      else if (typeof val === 'number') types.add('number');
      else types.add(typeof val);
    }
    delete out.enum;
    if (out.type === undefined) out.type = types.size === 1 ? [...types][0] : [...types];
    // keep declared `type` (it already restricts to the right JSON type)
  }
  return out;
}

function collectFormats(node, acc = new Set()) {
  if (Array.isArray(node)) node.forEach((n) => collectFormats(n, acc));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'format' && typeof v === 'string') acc.add(v);
      else collectFormats(v, acc);
    }
  }
  return acc;
}

function responseSchema(doc, p, status = '200') {
  const op = doc.paths?.[p]?.get;
  const s = op?.responses?.[status]?.content?.['application/json']?.schema;
  if (!s) throw new Error(`spec has no ${status} application/json schema for GET ${p}`);
  return s;
}

function makeAjv(doc, openEnums) {
  const ajv = new Ajv2020({
    strict: false, // OpenAPI documents carry annotations Ajv does not know
    allErrors: true,
    verbose: true,
    validateFormats: true,
  });
  addFormats(ajv);
  const known = new Set(Object.keys(ajv.formats || {}));
  for (const f of collectFormats(doc)) {
    if (!known.has(f)) ajv.addFormat(f, true);
  }
  const defs = {};
  for (const [name, s] of Object.entries(doc.components?.schemas || {})) {
    defs[name] = rewrite(clone(s), { openEnums });
  }
  ajv.addSchema({ $id: BASE_ID, $defs: defs });
  const ref = (name) => ({ $ref: `${BASE_ID}#/$defs/${name}` });
  const inline = (p) => rewrite(clone(responseSchema(doc, p)), { openEnums });

  const schemas = {
    ModelsListResponse: ref('ModelsListResponse'),
    ModelsCountResponse: ref('ModelsCountResponse'),
    ModelResponse: ref('ModelResponse'),
    Model: ref('Model'),
    // GET /models/{author}/{slug}/endpoints 200: {data: ListEndpointsResponse}
    EndpointsResponse: inline('/models/{author}/{slug}/endpoints'),
    // GET /endpoints/zdr 200: {data: [PublicEndpoint]}
    ZdrResponse: inline('/endpoints/zdr'),
    // GET /providers 200: {data: [Provider]}
    ProvidersResponse: inline('/providers'),
    BadRequestResponse: ref('BadRequestResponse'),
    UnauthorizedResponse: ref('UnauthorizedResponse'),
    ForbiddenResponse: ref('ForbiddenResponse'),
    NotFoundResponse: ref('NotFoundResponse'),
    InternalServerResponse: ref('InternalServerResponse'),
  };
  const validators = {};
  for (const [name, s] of Object.entries(schemas)) validators[name] = ajv.compile(s);
  return validators;
}

let cachedValidators = null;
export function getValidators() {
  if (!cachedValidators) {
    const doc = loadSpec();
    cachedValidators = { strict: makeAjv(doc, false), open: makeAjv(doc, true) };
  }
  return cachedValidators;
}

export const SCHEMA_NAMES = [
  'ModelsListResponse', 'ModelsCountResponse', 'ModelResponse', 'Model', 'EndpointsResponse',
  'ZdrResponse', 'ProvidersResponse', 'BadRequestResponse', 'UnauthorizedResponse',
  'ForbiddenResponse', 'NotFoundResponse', 'InternalServerResponse',
];

// Error-body schema per HTTP status (all five share one shape in the spec; statuses the spec
// does not declare, e.g. 405, are checked against the same shape via BadRequestResponse).
export function errorSchemaName(status) {
  return {
    400: 'BadRequestResponse',
    401: 'UnauthorizedResponse',
    403: 'ForbiddenResponse',
    404: 'NotFoundResponse',
    500: 'InternalServerResponse',
  }[status] || 'BadRequestResponse';
}

function valueAt(data, instancePath) {
  if (!instancePath) return data;
  let cur = data;
  for (const seg of instancePath.split('/').slice(1)) {
    const k = seg.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur == null) return undefined;
    cur = cur[k];
  }
  return cur;
}

function short(v) {
  let s;
  try { s = JSON.stringify(v); } catch { s = String(v); }
  if (s === undefined) s = 'undefined';
  return s.length > 80 ? s.slice(0, 77) + '...' : s;
}

// Describe Ajv errors compactly; `data` is used to name the model / endpoint involved.
export function formatErrors(errors, data, max = 12) {
  if (!errors || !errors.length) return [];
  // collapse anyOf/allOf noise: keep leaf errors
  const leaf = errors.filter((e) => !['anyOf', 'oneOf', 'allOf', 'if'].includes(e.keyword));
  const list = (leaf.length ? leaf : errors);
  const seen = new Set();
  const out = [];
  for (const e of list) {
    let where = e.instancePath || '/';
    // give context: the id of the model (/data/17 -> data[17] (openai/gpt-4))
    const m = /^(\/data\/\d+|\/data(?=\/|$))/.exec(e.instancePath || '');
    let ctx = '';
    if (m) {
      const obj = valueAt(data, m[1]);
      if (obj && typeof obj === 'object' && typeof obj.id === 'string') ctx = ` [id=${obj.id}]`;
    }
    let msg;
    if (e.keyword === 'required') msg = `missing required key '${e.params.missingProperty}'`;
    else if (e.keyword === 'type') msg = `must be ${e.params.type}, got ${short(valueAt(data, e.instancePath))}`;
    else if (e.keyword === 'enum') msg = `value ${short(valueAt(data, e.instancePath))} not in enum`;
    else if (e.keyword === 'additionalProperties') msg = `unexpected key '${e.params.additionalProperty}'`;
    else msg = `${e.message}${e.params ? ' ' + short(e.params) : ''}`;
    const line = `${where}${ctx}: ${msg}`;
    if (seen.has(line)) continue;
    seen.add(line);
    out.push(line);
  }
  if (out.length > max) return [...out.slice(0, max), `... and ${out.length - max} more`];
  return out;
}

// Validate `data` against schema `name`.
// Returns {ok, errors: [...] (open-enum violations => real failures),
//          warnings: [...] (values outside the spec's closed enums)}.
export function validate(name, data) {
  const { strict, open } = getValidators();
  const vOpen = open[name];
  const vStrict = strict[name];
  if (!vOpen) throw new Error(`no validator named ${name}`);
  const okOpen = vOpen(data);
  const errors = okOpen ? [] : formatErrors(vOpen.errors, data, Infinity);
  let warnings = [];
  if (okOpen && !vStrict(data)) {
    warnings = formatErrors(vStrict.errors, data, 6).map((w) => `spec enum: ${w}`);
  }
  return { ok: okOpen, errors, warnings };
}
