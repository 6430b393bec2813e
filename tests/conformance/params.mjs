// Conformance of the /models query parameters with the official TypeScript SDK
// (@openrouter/sdk 1.3.19): "the SDK sends them, we answer".
//
// Two catalogues are served by a real `openrouterd serve` (fixed clock, OPENROUTERD_NOW):
//   demo    - an empty db (the server serves its built-in demo catalogue, data/demo/*)
//   capture - models-2026-06-16.json (else 05-29) + endpoints-bundle-2026-05-31.json +
//             providers-2026-05-07.json + an extension file generated with
//             tests/differential/gen.mjs makeExtension (seeded), so that every
//             extension-based parameter selects something.
// models.list() is called with every parameter the SDK exposes (29 of the 31: all but
// use_rss / use_rss_chat_links), each alone (all 12 categories, all 12 sorts, ...) and in
// combinations, with values aimed at the catalogue's data. For every call:
//   - the SDK raises no validation error and makes exactly one request;
//   - the request's query string carries each parameter under its API (snake_case) name with
//     the value given (plus the SDK's offset=0&limit=500 defaults) and nothing else;
//   - the same URL fetched raw answers 200 JSON, validates against the OpenAPI schema, and the
//     SDK result equals that raw body (ids, order, total_count, everything modulo camelCase);
//   - semantics (docs/query.md): the selection equals the catalogue filtered by the documented
//     predicates; order is the default one, the category usage or the sort key (models without
//     the key last, ties in default order); total_count, page slice and links.next agree.
// Out-of-range values sent raw get a schema-valid 400 naming the parameter; a few are sent
// through the SDK too (open enums / unchecked ranges) and surface as BadRequestResponseError.
// Coverage: the SDK's parameter set is read from its own zod schema and must equal the 31 rows
// of docs/query.md minus use_rss*; each of the 29 must have been sent at least once.
//
// Env: OR_BIN_DIR, OR_SOURCE_DIR, OR_SHARED_DIR; OR_CONFORMANCE_VERBOSE=1 prints passes.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ops from '@openrouter/sdk/models/operations';
import * as errors from '@openrouter/sdk/models/errors';
import { Harness, describeError } from './lib/harness.mjs';
import { startServer, dataDir, sourceDir } from './lib/server.mjs';
import { validate } from './lib/schema.mjs';
import { sdkVsRaw, jsonDiff } from './lib/compare.mjs';
import { rawGet, jsonFraming } from './lib/http.mjs';
import { makeClient } from './lib/sdkclient.mjs';
import { makeExtension } from '../differential/gen.mjs';
import { loadEndpointsArray, loadEndpointsBundle } from '../differential/catalog.mjs';

const h = new Harness('params');
const t0 = Date.now();
const NOW = 1800000000; // 2027-01-15, after every `created` of the demo and the captures
const BUNDLE = 'endpoints-bundle-2026-05-31.json';
const PROVIDERS = 'providers-2026-05-07.json';
const SEED = 20260616;

const readJson = (p) => JSON.parse(fs.readFileSync(p, 'utf8'));
const snake = (k) => k.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
const lower = (s) => s.replace(/[A-Z]/g, (c) => c.toLowerCase()); // ASCII only, like the server
const idsOf = (list) => (list || []).map((m) => m?.id);
const short = (v) => { const s = JSON.stringify(v); return s && s.length > 120 ? s.slice(0, 117) + '...' : s; };

// ---------------------------------------------------------------- the SDK's parameter surface

const HEADER_OPTS = new Set(['httpReferer', 'appTitle', 'appCategories']);
function sdkParams() {
  const s = ops.GetModelsRequest$outboundSchema;
  const shape = s?.def?.in?.def?.shape || s?.def?.shape || s?.shape || {};
  return Object.keys(shape).filter((k) => !HEADER_OPTS.has(k));
}

// The 31 parameter rows of docs/query.md (generated from the server's table).
function documentedParams() {
  const text = fs.readFileSync(path.join(sourceDir(), 'docs', 'query.md'), 'utf8');
  const out = [];
  const table = text.slice(text.indexOf('## Parameters'), text.indexOf('\n## ', text.indexOf('## Parameters') + 5));
  for (const line of table.split('\n')) {
    const m = /^\| `([a-z_]+)` \|/.exec(line);
    if (m && !out.includes(m[1])) out.push(m[1]);
  }
  return out;
}

// ---------------------------------------------------------------- semantics (docs/query.md)

// Decimal price text per token -> USD per million, rounded once; null = no price, 'var' = -1.
function perMillion(text) {
  if (typeof text !== 'string') return null;
  const m = /^\s*([+-]?(?:\d+\.?\d*|\.\d+))(?:[eE]([+-]?\d+))?\s*$/.exec(text);
  if (!m) return null;
  const v = Number(text);
  if (!Number.isFinite(v)) return null;
  if (v < 0) return 'var';
  return Number(`${m[1]}e${(m[2] ? parseInt(m[2], 10) : 0) + 6}`);
}
const price = (m, k) => { const p = perMillion(m?.pricing?.[k]); return typeof p === 'number' ? p : null; };
const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const aa = (m, k) => num(m?.benchmarks?.artificial_analysis?.[k]);
const ageDays = (m) => (typeof m.created === 'number' ? Math.floor((NOW - m.created) / 86400) : null);
const listOf = (v) => String(v).split(',');
const within = (x, lo, hi) => x !== null && (lo === undefined || x >= lo) && (hi === undefined || x <= hi);

class Catalog {
  constructor(name, universe, defaultList, endpoints, extension) {
    this.name = name;
    this.universe = universe; // /models?output_modalities=all, default order
    this.rank = new Map(universe.map((m, i) => [m.id, i]));
    this.defaultIds = new Set(idsOf(defaultList)); // /models with no query (text)
    this.endpoints = endpoints; // Map id -> endpoints data
    this.ext = extension || {};
    this.extEps = new Map(); // id -> extension endpoint entries whose endpoint exists
    for (const e of this.ext.endpoints || []) {
      const d = endpoints.get(e.model);
      if (!d || !(d.endpoints || []).some((x) => x.tag === e.tag)) continue;
      if (!this.extEps.has(e.model)) this.extEps.set(e.model, []);
      this.extEps.get(e.model).push(e);
    }
  }

  extModel(id) { return this.ext.models?.[id] || {}; }
  providersOf(id) { return ((this.endpoints.get(id) || {}).endpoints || []).map((e) => lower(String(e.provider_name ?? ''))); }
  extEndpoints(id) { return this.extEps.get(id) || []; }

  // One predicate per filter parameter (API name -> (model, value) -> bool).
  get predicates() {
    const c = this;
    return {
      supported_parameters: (m, v) => listOf(v).every((p) => (m.supported_parameters || []).includes(p)),
      output_modalities: (m, v) => v === 'all' || listOf(v).some((p) => (m.architecture?.output_modalities || []).includes(p)),
      input_modalities: (m, v) => listOf(v).every((p) => (m.architecture?.input_modalities || []).includes(p)),
      q: (m, v) => {
        const hay = [lower(String(m.name ?? '')), lower(String(m.id))];
        return String(v).split(/[ \t\n\r\f\v]+/).filter(Boolean).every((t) => hay.some((s) => s.includes(lower(t))));
      },
      context: (m, v) => num(m.context_length) !== null && m.context_length >= v,
      min_price: (m, v) => within(price(m, 'prompt'), v, undefined),
      max_price: (m, v) => within(price(m, 'prompt'), undefined, v),
      min_output_price: (m, v) => within(price(m, 'completion'), v, undefined),
      max_output_price: (m, v) => within(price(m, 'completion'), undefined, v),
      arch: (m, v) => typeof m.architecture?.tokenizer === 'string' && lower(m.architecture.tokenizer).startsWith(lower(v)),
      model_authors: (m, v) => listOf(v).map(lower).includes(lower(m.id.split('/')[0])),
      providers: (m, v) => { const have = c.providersOf(m.id); return listOf(v).some((p) => have.includes(lower(p))); },
      distillable: (m, v) => (v === 'true') === (c.extModel(m.id).distillable === true),
      zdr: (m) => c.extEndpoints(m.id).some((e) => e.zdr === true),
      region: (m, v) => c.extEndpoints(m.id).some((e) => Array.isArray(e.regions) && e.regions.includes(v)),
      min_age_days: (m, v) => within(ageDays(m), v, undefined),
      max_age_days: (m, v) => within(ageDays(m), undefined, v),
      min_intelligence_index: (m, v) => within(aa(m, 'intelligence_index'), v, undefined),
      max_intelligence_index: (m, v) => within(aa(m, 'intelligence_index'), undefined, v),
      min_coding_index: (m, v) => within(aa(m, 'coding_index'), v, undefined),
      max_coding_index: (m, v) => within(aa(m, 'coding_index'), undefined, v),
      min_agentic_index: (m, v) => within(aa(m, 'agentic_index'), v, undefined),
      max_agentic_index: (m, v) => within(aa(m, 'agentic_index'), undefined, v),
      min_tool_success_rate: (m, v) => within(num(c.extModel(m.id).tool_success_rate), v, undefined),
      max_tool_success_rate: (m, v) => within(num(c.extModel(m.id).tool_success_rate), undefined, v),
      category: (m, v) => (num(c.extModel(m.id).categories?.[v]) ?? 0) > 0,
    };
  }

  // Sort keys: [key (null = none), direction +1 ascending / -1 descending].
  sortKey(sort, m) {
    const eps = this.extEndpoints(m.id);
    const p50s = (k) => eps.map((e) => num(e[k]?.p50)).filter((x) => x !== null);
    switch (sort) {
      case 'pricing-low-to-high':
      case 'pricing-high-to-low': {
        const p = price(m, 'prompt');
        const c = price(m, 'completion');
        return p === null || c === null ? null : (p + c) / 2;
      }
      case 'context-high-to-low': return num(m.context_length);
      case 'throughput-high-to-low': { const v = p50s('throughput_last_30m'); return v.length ? Math.max(...v) : null; }
      case 'latency-low-to-high': { const v = p50s('latency_last_30m'); return v.length ? Math.min(...v) : null; }
      case 'most-popular': return num(this.extModel(m.id).popularity);
      case 'top-weekly': return num(this.extModel(m.id).weekly_tokens);
      case 'newest': return num(m.created);
      case 'intelligence-high-to-low': return aa(m, 'intelligence_index');
      case 'coding-high-to-low': return aa(m, 'coding_index');
      case 'agentic-high-to-low': return aa(m, 'agentic_index');
      case 'design-arena-elo-high-to-low': {
        const v = (Array.isArray(m.benchmarks?.design_arena) ? m.benchmarks.design_arena : [])
          .map((x) => num(x?.elo)).filter((x) => x !== null);
        return v.length ? Math.max(...v) : null;
      }
      default: throw new Error(`unknown sort ${sort}`);
    }
  }

  // The selection (before paging) the API parameters `api` must give, in default order.
  select(api) {
    const preds = this.predicates;
    let base = this.universe;
    if (!('output_modalities' in api)) base = base.filter((m) => this.defaultIds.has(m.id));
    return base.filter((m) => Object.entries(api).every(([k, v]) => !(k in preds) || preds[k](m, v)));
  }

  // Order problems of `got` (models), given the parameters.
  orderProblems(got, api) {
    const out = [];
    let keyOf = null;
    let dir = 0;
    let label = 'default order (created descending)';
    if (api.sort) {
      keyOf = (m) => this.sortKey(api.sort, m);
      dir = /low-to-high$/.test(api.sort) ? 1 : -1;
      label = `sort=${api.sort}`;
    } else if (api.category) {
      keyOf = (m) => num(this.extModel(m.id).categories?.[api.category]);
      dir = -1;
      label = `category=${api.category} usage, most first`;
    }
    const keys = got.map((m) => (keyOf ? keyOf(m) : null));
    let seenKeyless = false;
    for (let i = 0; i < got.length && out.length < 4; i++) {
      const k = keys[i];
      if (k === null) { seenKeyless = true; }
      else if (seenKeyless) out.push(`${label}: [${i}] ${got[i].id} has key ${k} after a model without the key`);
      if (i === 0) continue;
      const pk = keys[i - 1];
      const rankOk = this.rank.get(got[i - 1].id) < this.rank.get(got[i].id);
      if (k !== null && pk !== null) {
        const tol = 1e-12 * Math.max(Math.abs(k), Math.abs(pk));
        if ((k - pk) * dir < -tol) out.push(`${label}: [${i - 1}] ${got[i - 1].id} (${pk}) before [${i}] ${got[i].id} (${k})`);
        else if (k === pk && !rankOk) out.push(`${label}: equal keys ${k} of ${got[i - 1].id} and ${got[i].id} not in default order`);
      } else if (k === null && pk === null && !rankOk) {
        out.push(`${label}: ${got[i - 1].id} before ${got[i].id}${keyOf ? ' (both without the key)' : ''} breaks the default order`);
      }
    }
    return out;
  }
}

// ---------------------------------------------------------------- one SDK call, all checks

const sent = new Set(); // API names of the parameters sent (coverage)

async function checkCall(ctx, label, req, { expectEmpty = false } = {}) {
  const what = `${ctx.cat.name}: models.list(${short(req)})`;
  const api = {};
  for (const [k, v] of Object.entries(req)) api[snake(k)] = v;
  const res = await ctx.sdk.run((c) => c.models.list(req));
  const rec = res.records[0];
  if (res.records.length !== 1) {
    h.fail(`${what}: expected exactly 1 HTTP request, got ${res.records.length}`, res.error ? describeError(res.error) : []);
    return null;
  }
  if (res.error) {
    h.fail(`${what}: SDK call failed`, [`GET ${rec.path} -> ${rec.status}`, ...describeError(res.error)]);
    return null;
  }
  h.pass(`${what}: SDK call succeeded`);

  // 1. the query string the SDK sent: API names, values, nothing else
  const u = new URL(rec.url);
  const q = u.searchParams;
  const wantQ = { offset: 0, limit: 500, ...api };
  const qp = [];
  if (u.pathname !== '/api/v1/models') qp.push(`path ${u.pathname}`);
  for (const [k, v] of Object.entries(wantQ)) {
    const all = q.getAll(k);
    if (all.length !== 1) qp.push(`${k}: sent ${all.length} times in ${rec.path}`);
    else if (all[0] !== String(v)) qp.push(`${k}: sent ${JSON.stringify(all[0])}, expected ${JSON.stringify(String(v))} (${rec.path})`);
    sent.add(k);
  }
  for (const k of new Set(q.keys())) if (!(k in wantQ)) qp.push(`unexpected parameter '${k}' in ${rec.path}`);
  h.check(`${what}: query string carries ${Object.keys(api).join(', ') || '(defaults)'} as the API spells them`, qp);

  // 2. the same URL, raw; schema; SDK == raw
  const raw = await rawGet(ctx.base, rec.path);
  if (!h.check(`${what}: raw GET ${rec.path}: 200 JSON`, jsonFraming(raw, 200))) return null;
  const v = validate('ModelsListResponse', raw.json);
  h.check(`${what}: raw body validates against ModelsListResponse`, v.errors);
  for (const w of v.warnings) ctx.enumWarnings.add(w.replace(/\/data\/\d+/, '/data/*'));
  h.check(`${what}: the body the SDK parsed == the raw body of the same URL`, jsonDiff(raw.json, rec.json, '$', [], 6));
  const sdkRes = res.value?.result;
  const sdkIds = idsOf(sdkRes?.data);
  const rawIds = idsOf(raw.json.data);
  const cmp = [];
  if (JSON.stringify(sdkIds) !== JSON.stringify(rawIds)) cmp.push(`ids: SDK ${short(sdkIds)} != raw ${short(rawIds)}`);
  if (sdkRes?.totalCount !== raw.json.total_count) cmp.push(`total_count: SDK ${sdkRes?.totalCount} != raw ${raw.json.total_count}`);
  cmp.push(...sdkVsRaw(sdkRes, raw.json).diffs.slice(0, 6));
  h.check(`${what}: SDK result == raw body (ids, order, total_count, fields)`, cmp);

  // 3. semantics
  const sel = ctx.cat.select(api);
  const off = wantQ.offset;
  const lim = wantQ.limit;
  const got = raw.json.data || [];
  const sem = [];
  const selIds = new Set(idsOf(sel));
  const gotIds = idsOf(got);
  if (raw.json.total_count !== sel.length) sem.push(`total_count ${raw.json.total_count}, expected ${sel.length} (the selection)`);
  const expN = Math.max(0, Math.min(lim, sel.length - off));
  if (got.length !== expN) sem.push(`${got.length} models on the page, expected ${expN}`);
  if (off === 0 && lim >= sel.length) {
    const extra = gotIds.filter((id) => !selIds.has(id));
    const missing = idsOf(sel).filter((id) => !gotIds.includes(id));
    if (extra.length) sem.push(`selected but must not be: ${extra.slice(0, 5).join(', ')}${extra.length > 5 ? ` (+${extra.length - 5})` : ''}`);
    if (missing.length) sem.push(`missing from the selection: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` (+${missing.length - 5})` : ''}`);
  } else {
    const extra = gotIds.filter((id) => !selIds.has(id));
    if (extra.length) sem.push(`on the page but outside the selection: ${extra.slice(0, 5).join(', ')}`);
  }
  // every returned model is the catalogue's own
  const byId = ctx.byId;
  const fd = [];
  for (const m of got) { if (fd.length > 3) break; const u0 = byId.get(m.id); if (!u0) fd.push(`${m.id}: not in the catalogue`); else jsonDiff(u0, m, `[id=${m.id}]`, fd, 4); }
  sem.push(...fd);
  sem.push(...ctx.cat.orderProblems(got, api));
  // links.next
  const next = raw.json.links?.next;
  if (off + got.length >= raw.json.total_count) {
    if (next !== null) sem.push(`last page but links.next = ${JSON.stringify(next)}`);
  } else if (typeof next !== 'string') {
    sem.push(`links.next = ${JSON.stringify(next)}, expected the next page`);
  } else {
    const nu = new URL(next, 'http://x');
    if (nu.pathname !== '/api/v1/models') sem.push(`links.next path ${nu.pathname}`);
    if (nu.searchParams.get('offset') !== String(off + lim)) sem.push(`links.next offset ${nu.searchParams.get('offset')}, expected ${off + lim}`);
    if (nu.searchParams.get('limit') !== String(lim)) sem.push(`links.next limit ${nu.searchParams.get('limit')}, expected ${lim}`);
    for (const [k, v0] of Object.entries(api)) {
      if (k === 'offset' || k === 'limit') continue;
      if (nu.searchParams.get(k) !== String(v0)) sem.push(`links.next ${next} does not repeat ${k}=${v0}`);
    }
  }
  if (expectEmpty && sel.length) sem.push(`test expectation: selection should be empty, reference predicate gives ${sel.length}`);
  h.check(`${what}: selection (${sel.length} of ${ctx.cat.universe.length}), order, total_count, links.next as docs/query.md says`, sem);
  ctx.calls++;
  if (!sel.length && !expectEmpty) ctx.vacuous.push(label);
  return { sdk: sdkRes, raw: raw.json, sel };
}

// ---------------------------------------------------------------- value choices from the data

function median(xs) {
  const s = xs.filter((x) => x !== null && x !== undefined).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : null;
}

function mostCommon(xs, n = 1) {
  const c = new Map();
  for (const x of xs) c.set(x, (c.get(x) || 0) + 1);
  return [...c.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n).map((e) => e[0]);
}

function plan(cat) {
  const text = cat.universe.filter((m) => cat.defaultIds.has(m.id));
  const cases = [];
  const add = (label, req, opts) => cases.push({ label, req, opts });
  const CATEGORIES = Object.values(ops.GetModelsCategory);
  const SORTS = Object.values(ops.GetModelsSort);

  add('no filter', {});
  for (const c of CATEGORIES) add(`category=${c}`, { category: c });
  for (const s of SORTS) add(`sort=${s}`, { sort: s });
  add('supported_parameters=tools', { supportedParameters: 'tools' });
  add('supported_parameters=tools,tool_choice', { supportedParameters: 'tools,tool_choice' });
  add('supported_parameters=response_format,structured_outputs,seed', { supportedParameters: 'response_format,structured_outputs,seed' });
  add('supported_parameters unknown name', { supportedParameters: 'no_such_parameter' }, { expectEmpty: true });
  add('output_modalities=all', { outputModalities: 'all' });
  add('output_modalities=image', { outputModalities: 'image' });
  add('output_modalities=text,image', { outputModalities: 'text,image' });
  add('output_modalities=audio,embeddings', { outputModalities: 'audio,embeddings' });
  // q: one term (mixed case) and two terms taken from one model's name
  const named = text.find((m) => String(m.name).split(/[\s:]+/).filter((w) => /^[A-Za-z][A-Za-z0-9.-]{2,}$/.test(w)).length >= 2) || text[0];
  const words = String(named.name).split(/[\s:]+/).filter((w) => /^[A-Za-z][A-Za-z0-9.-]{2,}$/.test(w));
  const author = named.id.split('/')[0];
  add('q=one term, upper case', { q: author.toUpperCase() });
  add('q=two terms', { q: `${words[words.length - 1]} ${words[0]}` });
  add('q=term from the id', { q: named.id.split('/')[1].slice(0, 6) });
  add('input_modalities=image', { inputModalities: 'image' });
  add('input_modalities=text,image,file', { inputModalities: 'text,image,file' });
  const ctxMed = median(text.map((m) => num(m.context_length)));
  add('context=median', { context: ctxMed });
  add('context=1', { context: 1 });
  const pMed = median(text.map((m) => price(m, 'prompt')).filter((p) => p !== null && p > 0));
  const cMed = median(text.map((m) => price(m, 'completion')).filter((p) => p !== null && p > 0));
  add('min_price=median (inclusive)', { minPrice: pMed });
  add('max_price=median (inclusive)', { maxPrice: pMed });
  add('max_price=0 (free)', { maxPrice: 0 });
  add('min_output_price=median', { minOutputPrice: cMed });
  add('max_output_price=median', { maxOutputPrice: cMed });
  const toks = mostCommon(text.map((m) => m.architecture?.tokenizer).filter((t) => typeof t === 'string' && t !== 'Other' && t !== 'Router'), 2);
  const llama = text.some((m) => /^llama/i.test(m.architecture?.tokenizer || ''));
  add('arch=prefix', { arch: llama ? 'llama' : toks[0].slice(0, 3).toLowerCase() });
  add('arch=exact tokenizer', { arch: toks[1] || toks[0] });
  const authors = mostCommon(text.map((m) => m.id.split('/')[0]), 2);
  add('model_authors=two authors', { modelAuthors: `${authors[0]},${authors[1].toUpperCase()}` });
  const provs = mostCommon(text.flatMap((m) => ((cat.endpoints.get(m.id) || {}).endpoints || []).map((e) => e.provider_name)), 3);
  add('providers=one', { providers: provs[0] });
  add('providers=two, other case', { providers: `${provs[1].toUpperCase()},${provs[2]}` });
  add('distillable=true', { distillable: 'true' });
  add('distillable=false', { distillable: 'false' });
  add('zdr=true', { zdr: 'true' });
  add('region=eu', { region: 'eu' });
  add('region=us', { region: 'us' });
  const ageMed = median(text.map(ageDays));
  add('min_age_days=median', { minAgeDays: ageMed });
  add('max_age_days=median', { maxAgeDays: ageMed });
  add('age window [median, median+60]', { minAgeDays: ageMed, maxAgeDays: ageMed + 60 });
  const iMed = median(text.map((m) => aa(m, 'intelligence_index')));
  const cdMed = median(text.map((m) => aa(m, 'coding_index')));
  const agMed = median(text.map((m) => aa(m, 'agentic_index')));
  add('min_intelligence_index', { minIntelligenceIndex: iMed });
  add('max_intelligence_index', { maxIntelligenceIndex: iMed });
  add('min_coding_index', { minCodingIndex: cdMed });
  add('max_coding_index', { maxCodingIndex: cdMed });
  add('min_agentic_index', { minAgenticIndex: agMed });
  add('max_agentic_index', { maxAgenticIndex: agMed });
  add('min_tool_success_rate=0.9', { minToolSuccessRate: 0.9 });
  add('max_tool_success_rate=0.5', { maxToolSuccessRate: 0.5 });
  add('tool_success_rate 0.8..0.95', { minToolSuccessRate: 0.8, maxToolSuccessRate: 0.95 });
  // paging
  add('offset=3&limit=7', { offset: 3, limit: 7 });
  add('limit=1', { limit: 1 });
  add('offset near the end', { offset: Math.max(0, text.length - 2), limit: 5 });
  add('offset past the end', { offset: text.length + 10, limit: 10 });
  add('offset=0&limit=1000', { offset: 0, limit: 1000 });
  // combinations
  add('tools + cheapest + max_price', { supportedParameters: 'tools', sort: 'pricing-low-to-high', maxPrice: pMed });
  add('category programming + newest', { category: 'programming', sort: 'newest' });
  add('category marketing/seo paged', { category: 'marketing/seo', offset: 1, limit: 3 });
  add('q + model_authors', { q: author, modelAuthors: author });
  add('providers + zdr + region', { providers: `${provs[0]},${provs[1]}`, zdr: 'true', region: 'us' });
  add('input + context + intelligence', { inputModalities: 'text,image', context: ctxMed, minIntelligenceIndex: iMed ?? 0 });
  add('all modalities + arch + context sort', { outputModalities: 'all', arch: toks[0], sort: 'context-high-to-low' });
  add('distillable=false + tool rates + most-popular', { distillable: 'false', minToolSuccessRate: 0.5, maxToolSuccessRate: 0.95, sort: 'most-popular' });
  add('age window + top-weekly', { minAgeDays: 0, maxAgeDays: ageMed * 2, sort: 'top-weekly' });
  add('coding/agentic windows + intelligence sort', { minCodingIndex: 0, maxCodingIndex: 100, minAgenticIndex: 0, maxAgenticIndex: 100, sort: 'intelligence-high-to-low' });
  add('prices + pricing-high-to-low paged', { minPrice: 0, maxPrice: pMed * 4, minOutputPrice: 0, maxOutputPrice: cMed * 4, sort: 'pricing-high-to-low', offset: 2, limit: 5 });
  add('region eu + latency sort', { region: 'eu', sort: 'latency-low-to-high' });
  add('category + sort design arena', { category: 'technology', sort: 'design-arena-elo-high-to-low', limit: 4 });
  // all 29 at once, bounds taken from one model that has data for every parameter
  const all29 = allParamsFor(cat, text);
  if (all29) add(`all 29 parameters (around ${all29.model})`, all29.req);
  else cases.missingAll29 = true;
  return cases;
}

// A request with all 29 parameters that selects at least `m`: every bound is m's own value
// (inclusive edges), every list names one of m's values.
function allParamsFor(cat, text) {
  for (const m of text) {
    const x = cat.extModel(m.id);
    const category = Object.keys(x.categories || {}).find((c) => num(x.categories[c]) > 0);
    const tsr = num(x.tool_success_rate);
    const ep = cat.extEndpoints(m.id).find((e) => e.zdr === true && Array.isArray(e.regions) && e.regions.some((r) => r === 'eu' || r === 'us'));
    const idx = ['intelligence_index', 'coding_index', 'agentic_index'].map((k) => aa(m, k));
    const p = price(m, 'prompt');
    const c = price(m, 'completion');
    const word = String(m.name || '').split(/[\s:()]+/).find((w) => /^[A-Za-z][A-Za-z0-9.-]{2,}$/.test(w));
    const tok = m.architecture?.tokenizer;
    const prov = ((cat.endpoints.get(m.id) || {}).endpoints || []).find((e) => e.tag === ep?.tag)?.provider_name;
    if (!category || tsr === null || !ep || idx.includes(null) || p === null || c === null || !word
      || typeof tok !== 'string' || !tok || !prov || !m.supported_parameters?.length || num(m.context_length) === null
      || ageDays(m) === null) continue;
    return {
      model: m.id,
      req: {
        offset: 0, limit: 50, category, supportedParameters: m.supported_parameters.slice(0, 2).join(','),
        outputModalities: 'text', sort: 'newest', q: word.toLowerCase(), inputModalities: 'text',
        context: m.context_length, minPrice: p, maxPrice: p, minOutputPrice: c, maxOutputPrice: c,
        arch: tok.slice(0, 3).toUpperCase(), modelAuthors: m.id.split('/')[0], providers: prov,
        distillable: x.distillable === true ? 'true' : 'false', zdr: 'true', region: ep.regions.find((r) => r === 'eu' || r === 'us'),
        minAgeDays: ageDays(m), maxAgeDays: ageDays(m), minIntelligenceIndex: idx[0], maxIntelligenceIndex: idx[0],
        minCodingIndex: idx[1], maxCodingIndex: idx[1], minAgenticIndex: idx[2], maxAgenticIndex: idx[2],
        minToolSuccessRate: tsr, maxToolSuccessRate: tsr,
      },
    };
  }
  return null;
}

// ---------------------------------------------------------------- 400s

const BAD = [
  ['limit=0', 'limit'], ['limit=1001', 'limit'], ['offset=-1', 'offset'], ['context=0', 'context'],
  ['category=coding', 'category'], ['sort=NEWEST', 'sort'], ['region=asia', 'region'], ['zdr=false', 'zdr'],
  ['distillable=yes', 'distillable'], ['min_price=-1', 'min_price'], ['max_output_price=abc', 'max_output_price'],
  ['min_age_days=1.5', 'min_age_days'], ['min_tool_success_rate=1.5', 'min_tool_success_rate'],
  ['max_tool_success_rate=-0.1', 'max_tool_success_rate'], ['min_intelligence_index=nan', 'min_intelligence_index'],
  ['output_modalities=smell', 'output_modalities'], ['input_modalities=text,embeddings', 'input_modalities'],
  ['max_agentic_index=', 'max_agentic_index'], ['sort=newest&sort=newest', 'sort'],
];

// Through the SDK: values its zod schema lets pass (open enums, unchecked ranges).
const SDK_BAD = [
  [{ sort: 'bogus-sort' }, 'sort'], [{ region: 'asia' }, 'region'], [{ category: 'coding' }, 'category'],
  [{ limit: 0 }, 'limit'], [{ context: 0 }, 'context'], [{ minToolSuccessRate: 1.5 }, 'min_tool_success_rate'],
  [{ distillable: 'maybe' }, 'distillable'],
];

async function checkBad(ctx) {
  for (const [query, param] of BAD) {
    const p = `/api/v1/models?${query}`;
    const r = await rawGet(ctx.base, p);
    const probs = jsonFraming(r, 400);
    if (!probs.length) {
      probs.push(...validate('BadRequestResponse', r.json).errors);
      if (r.json?.error?.code !== 400) probs.push(`error.code ${r.json?.error?.code}, expected 400`);
      if (!String(r.json?.error?.message ?? '').includes(`'${param}'`)) probs.push(`error.message ${JSON.stringify(r.json?.error?.message)} does not name '${param}'`);
    }
    h.check(`${ctx.cat.name}: raw GET ${p}: 400 naming '${param}', schema BadRequestResponse`, probs);
  }
  for (const [req, param] of SDK_BAD) {
    const res = await ctx.sdk.run((c) => c.models.list(req));
    const rec = res.records[0];
    const probs = [];
    if (!rec) probs.push(`SDK sent nothing: ${describeError(res.error).join(' / ')}`);
    else {
      const q = new URL(rec.url).searchParams;
      const [k, v] = Object.entries(req)[0];
      if (q.get(snake(k)) !== String(v)) probs.push(`query ${rec.path} lacks ${snake(k)}=${v}`);
      if (rec.status !== 400) probs.push(`HTTP ${rec.status}, expected 400: ${rec.text.slice(0, 150)}`);
      if (!(res.error instanceof errors.BadRequestResponseError)) probs.push(`SDK outcome ${res.error ? res.error.name : 'success'}, expected BadRequestResponseError`);
      else {
        if (res.error.statusCode !== 400) probs.push(`statusCode ${res.error.statusCode}`);
        if (res.error.error?.code !== 400) probs.push(`error.code ${res.error.error?.code}`);
        if (!String(res.error.error?.message ?? '').includes(`'${param}'`)) probs.push(`message ${JSON.stringify(res.error.error?.message)} does not name '${param}'`);
      }
      sent.add(snake(k));
    }
    h.check(`${ctx.cat.name}: models.list(${short(req)}) -> BadRequestResponseError 400`, probs);
  }
}

// ---------------------------------------------------------------- runs

async function runCatalog(name, importFiles, endpoints, extension) {
  h.group(name);
  const srv = await h.step(`${name}: start openrouterd`, () => startServer({ importFiles, env: { OPENROUTERD_NOW: String(NOW) } }));
  if (!srv) return;
  try {
    const all = await rawGet(srv.baseURL, '/api/v1/models?output_modalities=all');
    const dflt = await rawGet(srv.baseURL, '/api/v1/models');
    if (!h.check(`${name}: catalogue readable (/models?output_modalities=all, /models)`, [...jsonFraming(all, 200), ...jsonFraming(dflt, 200)])) return;
    const cat = new Catalog(name, all.json.data, dflt.json.data, endpoints, extension);
    const ctx = { cat, base: srv.baseURL, sdk: makeClient(srv.baseURL), byId: new Map(all.json.data.map((m) => [m.id, m])),
      calls: 0, vacuous: [], enumWarnings: new Set() };
    h.info(`${all.json.data.length} models (${dflt.json.data.length} text), ${endpoints.size} endpoints responses, `
      + `${Object.keys(extension?.models || {}).length} extension models, ${cat.extEps.size} models with extension endpoints`);
    const cases = plan(cat);
    if (cases.missingAll29) h.fail(`${name}: no model has data for all 29 parameters; the all-parameters call was not made`);
    for (const c of cases) {
      const r = await checkCall(ctx, c.label, c.req, c.opts);
      if (r && c.label.startsWith('all 29') && !r.sel.some((m) => m.id === c.label.match(/around (.*)\)$/)[1])) {
        h.fail(`${name}: ${c.label}: the model the bounds were taken from is not in the expected selection (test bug)`);
      }
      if (r && c.label.startsWith('all 29')) h.check(`${name}: ${c.label}: selects the model (inclusive bounds)`, idsOf(r.raw.data).includes(c.label.match(/around (.*)\)$/)[1]) ? [] : [`got ${short(idsOf(r.raw.data))}`]);
    }
    await checkBad(ctx);
    h.info(`${ctx.calls} SDK calls checked against the raw body and the documented semantics`);
    if (ctx.vacuous.length) h.info(`empty selections (checked, but select nothing here): ${ctx.vacuous.join('; ')}`);
    if (ctx.enumWarnings.size) h.warn(`values outside the spec's closed enums (schema accepts them as open)`, [...ctx.enumWarnings]);
    h.check(`${name}: server still alive`, srv.alive() ? [] : ['openrouterd exited', srv.stderr().slice(-500)]);
  } finally {
    await srv.stop();
  }
}

async function main() {
  // coverage of the SDK's surface
  const sdkNames = sdkParams();
  const apiNames = sdkNames.map(snake);
  const documented = documentedParams();
  const expectApi = documented.filter((p) => !p.startsWith('use_rss'));
  h.check(`SDK exposes ${sdkNames.length} /models parameters = the ${documented.length} of docs/query.md minus use_rss*`, [
    ...(documented.length !== 31 ? [`docs/query.md lists ${documented.length} parameters, expected 31`] : []),
    ...expectApi.filter((p) => !apiNames.includes(p)).map((p) => `not exposed by the SDK: ${p}`),
    ...apiNames.filter((p) => !expectApi.includes(p)).map((p) => `SDK parameter unknown to the server: ${p}`),
  ]);
  // the SDK's own outbound mapping agrees with camel -> snake
  {
    const sample = {};
    for (const k of sdkNames) sample[k] = /^(category)$/.test(k) ? 'programming' : k === 'sort' ? 'newest'
      : k === 'distillable' || k === 'zdr' ? 'true' : k === 'region' ? 'eu'
        : /^(q|arch|supportedParameters|outputModalities|inputModalities|modelAuthors|providers)$/.test(k) ? 'x' : 1;
    const out = ops.GetModelsRequest$outboundSchema.parse(sample);
    h.check('SDK outbound schema maps each camelCase option to its snake_case API name',
      sdkNames.filter((k) => !(snake(k) in out)).map((k) => `${k} -> ${Object.keys(out).join(',')}`));
  }
  // SDK enums = the server's enums
  const docText = fs.readFileSync(path.join(sourceDir(), 'docs', 'query.md'), 'utf8');
  const docEnum = (p) => {
    const line = docText.split('\n').find((l) => l.startsWith(`| \`${p}\` |`)) || '';
    const cell = line.split(/(?<!\\)\|/)[2] || '';
    return [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
  };
  for (const [p, e] of [['category', ops.GetModelsCategory], ['sort', ops.GetModelsSort], ['region', ops.Region], ['zdr', ops.Zdr], ['distillable', ops.Distillable]]) {
    const sdkVals = Object.values(e).sort();
    const docVals = docEnum(p).sort();
    h.check(`SDK enum for ${p} (${sdkVals.length} values) == docs/query.md`, JSON.stringify(sdkVals) === JSON.stringify(docVals) ? [] : [`SDK ${sdkVals.join(',')}; docs ${docVals.join(',')}`]);
  }

  // (a) demo: empty db
  const demoDir = path.join(sourceDir(), 'data', 'demo');
  await runCatalog('demo', [], loadEndpointsArray(path.join(demoDir, 'endpoints.json')), readJson(path.join(demoDir, 'extension.json')));

  // (b) capture + bundle + providers + generated extension
  const dir = dataDir();
  const capture = ['models-2026-06-16.json', 'models-2026-05-29.json'].find((f) => fs.existsSync(path.join(dir, f)));
  if (!capture) h.fail(`no models-2026-06-16.json / models-2026-05-29.json in ${dir}`);
  else {
    const models = readJson(path.join(dir, capture)).data;
    const files = [path.join(dir, capture)];
    let endpoints = new Map();
    if (fs.existsSync(path.join(dir, BUNDLE))) { files.push(path.join(dir, BUNDLE)); endpoints = loadEndpointsBundle(path.join(dir, BUNDLE)); }
    if (fs.existsSync(path.join(dir, PROVIDERS))) files.push(path.join(dir, PROVIDERS));
    const ext = makeExtension(models, endpoints, SEED);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'or-params-'));
    const extFile = path.join(tmp, 'extension.json');
    fs.writeFileSync(extFile, JSON.stringify(ext));
    files.push(extFile);
    try {
      await runCatalog(capture.replace(/\.json$/, ''), files, endpoints, ext);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  h.group('');
  const missing = apiNames.filter((p) => !sent.has(p));
  h.check(`every SDK parameter was sent (${sent.size} of ${apiNames.length})`, missing.map((p) => `never sent: ${p}`));
  h.info(`time ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

try {
  await main();
} catch (e) {
  h.fail('params.mjs crashed', describeError(e).concat(String(e?.stack || '').split('\n').slice(1, 6)));
}
process.exit(h.summary());
