// Conformance: the official TypeScript SDK (@openrouter/sdk 1.3.19) is the judge.
//
// For every models-*.json capture in $OR_SHARED_DIR/data/openrouter/ (and for the built-in demo
// catalog, served from an empty db) this test imports the capture into a fresh db, starts
// `openrouterd serve`, and calls every public Models-API operation through the SDK:
//   models.list() / list({}) / list({limit:100}) paged / list({outputModalities:'all'}),
//   models.count(), models.get() (incl. `:free` and `~alias` ids), endpoints.list(),
//   providers.list(), endpoints.listZdrEndpoints(), models.listForUser() (when keys exist).
// Each exchange is checked three ways:
//   (a) the raw body validates against the official OpenAPI schema (lib/schema.mjs),
//   (b) the SDK parses it without error and its result equals the raw JSON modulo the SDK's
//       snake_case -> camelCase renaming (lib/compare.mjs),
//   (c) fidelity: /models?output_modalities=all returns the capture's models unchanged, in
//       order, with only missing required keys added; endpoints/providers likewise.
// Schema errors that the capture itself already has (known real-data drift, e.g.
// models-2025-10-01 stores modalities as strings) are reported as warnings, not failures.
//
// Env: OR_BIN_DIR, OR_SOURCE_DIR, OR_SHARED_DIR (set by ctest);
//      OR_CONFORMANCE_ONLY=<regex> restricts the captures (e.g. 'demo|2026-05-29');
//      OR_CONFORMANCE_VERBOSE=1 prints every passing check.

import fs from 'node:fs';
import path from 'node:path';
import * as errors from '@openrouter/sdk/models/errors';
import { Harness, describeError } from './lib/harness.mjs';
import { startServer, findBinary, runCli, dataDir, sourceDir } from './lib/server.mjs';
import { validate } from './lib/schema.mjs';
import { sdkVsRaw, jsonDiff, fidelityDiff, completeModel, filterByOutput } from './lib/compare.mjs';
import { rawGet, jsonFraming } from './lib/http.mjs';
import { makeClient } from './lib/sdkclient.mjs';

const h = new Harness('conformance');
const t0 = Date.now();

const BUNDLE = 'endpoints-bundle-2026-05-31.json';
const PROVIDERS = 'providers-2026-05-07.json';

// ---------------------------------------------------------------- catalogue of runs

function snapshotDate(f) {
  const m = /^models-(\d{4})-(\d{2})-(\d{2})(?:T(\d{2})-(\d{2})Z)?\.json$/.exec(f);
  if (!m) return null;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] || 0), +(m[5] || 0));
}

function loadJson(p) {
  return JSON.parse(fs.readFileSync(p, 'utf8'));
}

// The demo catalogue (data/demo/), served from an empty db: models.json, endpoints.json
// (array of endpoints responses), providers.json, extension.json. Missing files = not checked.
function demoFiles() {
  const dir = path.join(sourceDir(), 'data', 'demo');
  const f = (n) => (fs.existsSync(path.join(dir, n)) ? path.join(dir, n) : null);
  return { models: f('models.json'), endpoints: f('endpoints.json'), providers: f('providers.json'), extension: f('extension.json') };
}

function plannedRuns() {
  const dir = dataDir();
  const snaps = fs.readdirSync(dir).filter((f) => snapshotDate(f) !== null).sort();
  // the capture nearest to the endpoints bundle also gets the bundle and the providers list
  const bundleDate = Date.UTC(2026, 4, 31);
  let nearest = null;
  for (const f of snaps) {
    if (!nearest || Math.abs(snapshotDate(f) - bundleDate) < Math.abs(snapshotDate(nearest) - bundleDate)) nearest = f;
  }
  const demo = demoFiles();
  const runs = [{
    name: 'demo', files: [], demo: true, modelsFile: demo.models,
    endpoints: demo.endpoints ? 'demo' : null, endpointsFile: demo.endpoints,
    providersFile: demo.providers, extensionFile: demo.extension, keys: true,
  }];
  for (const f of snaps) {
    const files = [path.join(dir, f)];
    const run = { name: f.replace(/\.json$/, ''), modelsFile: path.join(dir, f), files, endpoints: null };
    if (f === nearest) {
      if (fs.existsSync(path.join(dir, BUNDLE))) {
        files.push(path.join(dir, BUNDLE));
        Object.assign(run, { endpoints: 'bundle', endpointsFile: path.join(dir, BUNDLE) });
      }
      if (fs.existsSync(path.join(dir, PROVIDERS))) {
        files.push(path.join(dir, PROVIDERS));
        run.providersFile = path.join(dir, PROVIDERS);
      }
      run.keys = true;
    }
    runs.push(run);
  }
  const only = process.env.OR_CONFORMANCE_ONLY;
  return only ? runs.filter((r) => new RegExp(only).test(r.name)) : runs;
}

// ---------------------------------------------------------------- per-run context

class RunCtx {
  constructor(run, srv, sdk) {
    this.run = run;
    this.srv = srv;
    this.sdk = sdk;
    this.sourceInvalid = new Map(); // id -> schema errors of the (completed) capture model
    this.enumWarnings = new Set();
    this.dropped = new Set();
    this.inherited = []; // responses whose only schema errors come from the capture itself
    this.sdkRejectedDrift = [];
  }

  // (a) schema check of a raw body. Returns 'ok' | 'inherited' | 'fail'.
  schema(what, name, body) {
    const r = validate(name, body);
    for (const w of r.warnings) this.enumWarnings.add(w.replace(/^(spec enum: )\/data\/\d+/, '$1/data/*'));
    if (r.ok) { h.pass(`${what}: schema ${name}`); return 'ok'; }
    const own = [];
    const inherited = [];
    for (const e of r.errors) {
      const m = /\[id=([^\]]+)\]/.exec(e);
      if (m && this.sourceInvalid.has(m[1])) inherited.push(e); else own.push(e);
    }
    if (own.length) { h.fail(`${what}: body does not validate against ${name}`, own); return 'fail'; }
    this.inherited.push({ what, errors: inherited });
    return 'inherited';
  }

  // (b) compare an SDK result with the raw body.
  sdkEqualsRaw(what, sdkValue, raw) {
    const { diffs, dropped } = sdkVsRaw(sdkValue, raw);
    for (const d of dropped) this.dropped.add(d);
    return h.check(`${what}: SDK result equals raw body (camelCase)`, diffs);
  }

  // Run one SDK call; check the HTTP framing, the schema of every response, SDK parse, SDK==raw.
  // opts: {schema: name, status: 200, compare: (value, records) => void}
  async call(what, fn, { schema, status = 200, compareRaw = true } = {}) {
    const res = await this.sdk.run(fn);
    const recs = res.records;
    if (!recs.length) {
      h.fail(`${what}: SDK made no HTTP request`, res.error ? describeError(res.error) : []);
      return { ...res, ok: false };
    }
    let verdict = 'ok';
    for (const rec of recs) {
      const fr = jsonFraming(rec, status);
      if (fr.length) { h.fail(`${what}: GET ${rec.path}`, fr); verdict = 'fail'; continue; }
      const v = this.schema(`${what}: GET ${rec.path}`, schema, rec.json);
      if (v === 'fail') verdict = 'fail';
      else if (v === 'inherited' && verdict === 'ok') verdict = 'inherited';
    }
    if (res.error) {
      if (verdict === 'inherited' && res.error instanceof errors.ResponseValidationError) {
        this.sdkRejectedDrift.push(what);
      } else {
        h.fail(`${what}: SDK call failed`, [`request: ${recs.map((r) => `${r.method} ${r.path} -> ${r.status}`).join(', ')}`, ...describeError(res.error)]);
      }
      return { ...res, ok: false };
    }
    h.pass(`${what}: SDK call succeeded`);
    if (compareRaw && recs.length === 1) this.sdkEqualsRaw(what, res.value?.result ?? res.value, recs[0].json);
    return { ...res, ok: true };
  }
}

function splitId(id) {
  const i = id.indexOf('/');
  return i < 0 ? { author: id, slug: '' } : { author: id.slice(0, i), slug: id.slice(i + 1) };
}

function idsOf(list) {
  return (list || []).map((m) => m?.id);
}

function firstDiffIndex(a, b) {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return -1;
}

function checkIds(what, got, expected) {
  const i = firstDiffIndex(got, expected);
  return h.check(what, i < 0 ? [] : [
    `got ${got.length} ids, expected ${expected.length}; first difference at index ${i}: got ${got[i]}, expected ${expected[i]}`,
  ]);
}

// ---------------------------------------------------------------- the checks

async function checkCatalog(ctx) {
  const { run, srv } = ctx;
  const base = srv.baseURL;

  // Source models (capture or demo file) and their own schema problems.
  let source = null;
  if (run.modelsFile) {
    source = loadJson(run.modelsFile).data;
    if (run.demo) h.info(`demo catalogue: ${path.relative(sourceDir(), run.modelsFile)} (${source.length} models)`);
  } else if (run.demo) {
    h.info('no data/demo/models.json: demo fidelity not checked');
  }
  if (source) {
    for (const m of source) {
      const r = validate('Model', completeModel(m));
      if (!r.ok) ctx.sourceInvalid.set(m.id, r.errors);
    }
    if (ctx.sourceInvalid.size) {
      const [id, errs] = ctx.sourceInvalid.entries().next().value;
      h.info(`capture drift: ${ctx.sourceInvalid.size} model(s) violate the schema in the file itself, e.g. ${id}: ${errs[0]}`);
    }
  }

  // ---- 1. the whole catalogue: /models?output_modalities=all (raw), fidelity
  const all = await rawGet(base, '/api/v1/models?output_modalities=all');
  let universe = null;
  if (h.check('GET /api/v1/models?output_modalities=all: 200 JSON', jsonFraming(all, 200))) {
    ctx.schema('GET /api/v1/models?output_modalities=all', 'ModelsListResponse', all.json);
    universe = Array.isArray(all.json?.data) ? all.json.data : null;
  }
  if (!universe) {
    h.fail('no usable model list; remaining checks for this catalogue skipped');
    return;
  }
  h.check('all: total_count == number of models, links.next == null', [
    ...(all.json.total_count !== universe.length ? [`total_count ${all.json.total_count} != ${universe.length}`] : []),
    ...(all.json.links?.next !== null ? [`links.next = ${JSON.stringify(all.json.links?.next)}`] : []),
  ]);
  if (source) {
    const { diffs, notes } = fidelityDiff(source, universe);
    h.check(`fidelity: /models?output_modalities=all == ${path.basename(run.modelsFile)} data (+ missing required keys only)`, diffs);
    if (notes.length) h.warn(`fidelity: ${notes.length} tolerated deviation(s)`, notes.slice(0, 3));
  }
  const byId = new Map(universe.map((m) => [m.id, m]));
  ctx.universe = universe;
  let defaultIds = idsOf(filterByOutput(universe, 'text'));
  // Capture drift (output_modalities stored as a string): the server may read "text" as text
  // or treat the non-array as no modality; both readings are accepted, the one used is reported.
  const strictIds = idsOf(filterByOutput(universe, 'text', { arraysOnly: true }));
  let ambiguous = strictIds.length !== defaultIds.length;
  const allIds = idsOf(universe);

  // ---- 2. models.list() with no arguments: the full default (text) list, unpaginated
  {
    const r = await ctx.call('models.list()', (c) => c.models.list(), { schema: 'ModelsListResponse' });
    const rec = r.records[0];
    if (rec) {
      h.check('models.list(): sends no query (full list)', rec.path === '/api/v1/models' ? [] : [`request was ${rec.path}`]);
      if (rec.json?.data) {
        if (ambiguous) {
          const got = idsOf(rec.json.data);
          if (firstDiffIndex(got, strictIds) < 0) {
            h.warn(`default listing leaves out ${defaultIds.length - strictIds.length} model(s) whose output_modalities is a string in the capture (not an array)`);
            defaultIds = strictIds;
          } else if (firstDiffIndex(got, defaultIds) < 0) {
            h.info(`default listing reads string output_modalities of ${defaultIds.length - strictIds.length} drifted model(s) as a list`);
          }
          ambiguous = false;
        }
        checkIds('models.list(): ids/order == default (output_modalities=text) subset of the catalogue', idsOf(rec.json.data), defaultIds);
        h.check('models.list(): total_count == len(data), links.next == null', [
          ...(rec.json.total_count !== rec.json.data.length ? [`total_count ${rec.json.total_count}, len(data) ${rec.json.data.length}`] : []),
          ...(rec.json.links?.next !== null ? [`links.next = ${JSON.stringify(rec.json.links?.next)}`] : []),
        ]);
        const d = [];
        for (const m of rec.json.data) { if (d.length > 5) break; const u = byId.get(m.id); if (u) jsonDiff(u, m, `[id=${m.id}]`, d, 6); }
        h.check('models.list(): each model identical to its /models?output_modalities=all entry', d);
      }
    }
  }

  // ---- 3. models.list({}) -> offset=0&limit=500
  {
    const r = await ctx.call('models.list({})', (c) => c.models.list({}), { schema: 'ModelsListResponse' });
    const rec = r.records[0];
    if (rec?.json?.data) {
      const u = new URL(rec.url);
      h.check('models.list({}): SDK sent offset=0&limit=500', u.searchParams.get('offset') === '0' && u.searchParams.get('limit') === '500' ? [] : [`request was ${rec.path}`]);
      checkIds('models.list({}): first page == first 500 of the default list', idsOf(rec.json.data), defaultIds.slice(0, 500));
      h.check('models.list({}): total_count == size of the default list', rec.json.total_count === defaultIds.length ? [] : [`total_count ${rec.json.total_count}, expected ${defaultIds.length}`]);
    }
  }

  // ---- 4. paging with limit 100 through the SDK's iterator (default and all modalities)
  for (const [label, req, expIds] of [
    ['models.list({limit:100})', { limit: 100 }, defaultIds],
    ["models.list({limit:100, outputModalities:'all'})", { limit: 100, outputModalities: 'all' }, allIds],
  ]) {
    const pages = [];
    const r = await ctx.sdk.run(async (c) => {
      const it = await c.models.list(req);
      for await (const page of it) {
        pages.push(page);
        if (pages.length > 50) throw new Error('more than 50 pages: paging does not terminate');
      }
    });
    let verdicts = 'ok';
    for (const rec of r.records) {
      const fr = jsonFraming(rec, 200);
      if (fr.length) { h.fail(`${label}: GET ${rec.path}`, fr); verdicts = 'fail'; continue; }
      const v = ctx.schema(`${label}: GET ${rec.path}`, 'ModelsListResponse', rec.json);
      if (v !== 'ok') verdicts = v;
    }
    if (r.error) {
      if (verdicts === 'inherited' && r.error instanceof errors.ResponseValidationError) ctx.sdkRejectedDrift.push(label);
      else h.fail(`${label}: SDK paging failed after ${pages.length} page(s)`, [`requests: ${r.records.map((x) => `${x.path} -> ${x.status}`).join(', ')}`, ...describeError(r.error)]);
      continue;
    }
    h.pass(`${label}: SDK iterated ${pages.length} page(s)`);
    const got = pages.flatMap((p) => idsOf(p.result?.data));
    checkIds(`${label}: pages concatenate to the full list`, got, expIds);
    const problems = [];
    for (let i = 0; i < r.records.length; i++) {
      const rec = r.records[i];
      const j = rec.json;
      const q = new URL(rec.url).searchParams;
      const off = Number(q.get('offset'));
      if (q.get('limit') !== '100') problems.push(`${rec.path}: SDK did not send limit=100`);
      if (j.total_count !== expIds.length) problems.push(`${rec.path}: total_count ${j.total_count}, expected ${expIds.length}`);
      const n = j.data?.length ?? 0;
      const expectNext = off + n < expIds.length;
      const next = j.links?.next;
      if (!expectNext && next !== null) problems.push(`${rec.path}: last page but links.next = ${JSON.stringify(next)}`);
      if (expectNext) {
        if (typeof next !== 'string') problems.push(`${rec.path}: links.next = ${JSON.stringify(next)}, expected the next page`);
        else {
          const nu = new URL(next, 'http://x');
          if (nu.pathname !== '/api/v1/models') problems.push(`${rec.path}: links.next path ${nu.pathname}`);
          if (Number(nu.searchParams.get('offset')) !== off + n) problems.push(`${rec.path}: links.next offset ${nu.searchParams.get('offset')}, expected ${off + n}`);
          if (nu.searchParams.get('limit') !== '100') problems.push(`${rec.path}: links.next limit ${nu.searchParams.get('limit')}, expected 100`);
          if (req.outputModalities && nu.searchParams.get('output_modalities') !== req.outputModalities) problems.push(`${rec.path}: links.next drops output_modalities=${req.outputModalities} (${next})`);
        }
      }
      if (i < pages.length) {
        const { diffs } = sdkVsRaw(pages[i].result, j);
        problems.push(...diffs.slice(0, 3).map((d) => `${rec.path}: ${d}`));
      }
    }
    h.check(`${label}: total_count/links.next on every page, SDK pages == raw pages`, problems);
    // links.next is followable and yields the same page the SDK fetched
    const first = r.records[0]?.json;
    if (typeof first?.links?.next === 'string' && r.records[1]) {
      const nx = await rawGet(base, first.links.next);
      h.check(`${label}: GET links.next of page 1 == SDK page 2`, nx.status !== 200 ? [`GET ${first.links.next} -> ${nx.status}`] : jsonDiff(r.records[1].json, nx.json, '$', [], 5));
    }
  }

  // ---- 5. models.list({outputModalities:'all'})
  {
    const r = await ctx.call("models.list({outputModalities:'all'})", (c) => c.models.list({ outputModalities: 'all' }), { schema: 'ModelsListResponse' });
    const rec = r.records[0];
    if (rec?.json?.data) {
      checkIds("models.list({outputModalities:'all'}): ids == whole catalogue (first 500)", idsOf(rec.json.data), allIds.slice(0, 500));
      h.check("models.list({outputModalities:'all'}): total_count", rec.json.total_count === allIds.length ? [] : [`total_count ${rec.json.total_count}, expected ${allIds.length}`]);
    }
  }

  // ---- 6. models.count()
  for (const [label, fn, exp] of [
    ['models.count()', (c) => c.models.count(), defaultIds.length],
    ["models.count({outputModalities:'all'})", (c) => c.models.count({ outputModalities: 'all' }), allIds.length],
  ]) {
    const r = await ctx.call(label, fn, { schema: 'ModelsCountResponse' });
    if (r.ok) h.check(`${label}: count == size of the matching list`, r.value?.data?.count === exp ? [] : [`count ${r.value?.data?.count}, expected ${exp}`]);
  }

  // ---- 7. models.get() for a handful of models
  const picks = [];
  const add = (m, why) => { if (m && !picks.some((p) => p.m.id === m.id)) picks.push({ m, why }); };
  add(universe[0], 'first');
  add(universe[Math.floor(universe.length / 2)], 'middle');
  add(universe[universe.length - 1], 'last');
  add(universe.find((m) => m.id.endsWith(':free')), ':free variant');
  add(universe.find((m) => /:(?!free)[a-z]+$/.test(m.id)), 'other variant');
  add(universe.find((m) => m.id.startsWith('~')), '~alias');
  add(universe.find((m) => m.canonical_slug && m.canonical_slug !== m.id && !m.id.includes(':') && !m.id.startsWith('~')), 'dated canonical slug');
  add(universe.find((m) => m.id.startsWith('openrouter/auto')), 'router (price -1)');
  for (const { m, why } of picks) {
    const { author, slug } = splitId(m.id);
    const label = `models.get(${m.id}) [${why}]`;
    const r = await ctx.call(label, (c) => c.models.get({ author, slug }), { schema: 'ModelResponse' });
    const rec = r.records[0];
    if (rec && slug.includes(':')) {
      h.check(`${label}: SDK percent-encoded the ':'`, rec.path.includes('%3A') ? [] : [`request was ${rec.path}`]);
    }
    if (rec?.status === 200 && rec.json?.data) {
      const got = rec.json.data;
      if (got.id !== m.id && m.id.startsWith('~')) {
        h.warn(`${label}: alias resolved to ${got.id} instead of returning the alias row`);
      } else {
        h.check(`${label}: data == its entry in /models?output_modalities=all`, jsonDiff(m, got, `[id=${m.id}]`, [], 8));
      }
    }
    // the same model through other spellings of the path
    const variants = [];
    if (slug.includes(':')) variants.push(`/api/v1/model/${author}/${slug}`); // literal ':'
    if (author.startsWith('~')) variants.push(`/api/v1/model/%7E${encodeURIComponent(author.slice(1))}/${encodeURIComponent(slug)}`);
    for (const p of variants) {
      const x = await rawGet(base, p);
      h.check(`GET ${p}: 200 with the same body`, x.status !== 200 ? [`HTTP ${x.status}: ${x.text.slice(0, 150)}`] : jsonDiff(rec?.json, x.json, '$', [], 4));
    }
  }

  // ---- 8. endpoints.list()
  await checkEndpoints(ctx, universe);

  // ---- 9. providers.list()
  {
    const r = await ctx.call('providers.list()', (c) => c.providers.list(), { schema: 'ProvidersResponse' });
    const rec = r.records[0];
    if (run.providersFile && rec?.json?.data) {
      const src = loadJson(run.providersFile).data;
      h.check(`fidelity: /providers == ${path.basename(run.providersFile)} data`, jsonDiff(src, rec.json.data, '$', [], 10));
    } else if (rec?.json?.data) {
      h.info(`providers.list(): ${rec.json.data.length} provider(s)`);
    }
  }

  // ---- 10. endpoints.listZdrEndpoints()
  {
    const r = await ctx.call('endpoints.listZdrEndpoints()', (c) => c.endpoints.listZdrEndpoints(), { schema: 'ZdrResponse' });
    const rec = r.records[0];
    if (Array.isArray(rec?.json?.data)) {
      h.info(`endpoints.listZdrEndpoints(): ${rec.json.data.length} endpoint(s)`);
      checkZdrContent(ctx, rec.json.data);
    }
  }

  // ---- 11. models.listForUser() (needs `openrouterd keys create`)
  if (run.keys) await checkUser(ctx, defaultIds);
}

async function pool(items, n, fn) {
  let i = 0;
  const workers = Array.from({ length: Math.min(n, items.length) }, async (_, w) => {
    while (i < items.length) { const k = i++; await fn(items[k], k, w); }
  });
  await Promise.all(workers);
}

// Endpoint responses the server must serve: [{path, candidates: [response...]}].
// bundle: rows keyed by detailsPath; demo: endpoints.json keyed by the model's links.details
// (a variant shares its base model's canonical slug, so one path can have several candidates).
function expectedEndpointRows(run, universe) {
  const rows = new Map();
  const addRow = (p, response) => {
    if (!p) return;
    if (!rows.has(p)) rows.set(p, []);
    rows.get(p).push(response);
  };
  if (run.endpoints === 'bundle') {
    for (const row of loadJson(run.endpointsFile).data) if (row.response) addRow(row.detailsPath, row.response);
  } else if (run.endpoints === 'demo') {
    const byId = new Map(universe.map((m) => [m.id, m]));
    for (const resp of loadJson(run.endpointsFile)) {
      const m = byId.get(resp?.data?.id);
      addRow(m?.links?.details || `/api/v1/models/${resp?.data?.id}/endpoints`, resp);
    }
  }
  return [...rows].map(([p, candidates]) => ({ path: p, candidates }));
}

// extension data per endpoint: "model|tag" -> entry
function extensionEndpoints(run) {
  const map = new Map();
  if (!run.extensionFile) return map;
  for (const e of loadJson(run.extensionFile).endpoints || []) map.set(`${e.model}|${e.tag}`, e);
  return map;
}

// What the server may legitimately change on a captured endpoints response: add
// supports_tool_choice (derived) and missing required keys; take uptime/latency/throughput from
// the extension file; hide latency/throughput (null) from callers it does not authenticate.
function endpointExpectation(candidate, got, ext, added) {
  const exp = JSON.parse(JSON.stringify(candidate));
  const gotEps = got?.data?.endpoints;
  if (Array.isArray(exp.data?.endpoints) && Array.isArray(gotEps)) {
    exp.data.endpoints.forEach((e, i) => {
      const g = gotEps[i];
      if (!g || typeof g !== 'object') return;
      for (const k of Object.keys(g)) {
        if (!(k in e) && ['supports_tool_choice', 'supports_voice_cloning', 'status', 'quantization',
          'max_completion_tokens', 'max_prompt_tokens', 'uptime_last_5m', 'uptime_last_30m', 'uptime_last_1d',
          'latency_last_30m', 'throughput_last_30m', 'supports_implicit_caching', 'supported_parameters'].includes(k)) {
          e[k] = g[k];
          added.set(k, (added.get(k) || 0) + 1);
        }
      }
      const x = ext.get(`${exp.data.id}|${e.tag}`);
      for (const k of ['uptime_last_5m', 'uptime_last_30m', 'uptime_last_1d', 'latency_last_30m', 'throughput_last_30m']) {
        if (x && k in x && x[k] !== null && JSON.stringify(g[k]) === JSON.stringify(x[k])) e[k] = g[k];
        if ((k === 'latency_last_30m' || k === 'throughput_last_30m') && g[k] === null) e[k] = null;
      }
    });
  }
  const ea = exp.data?.architecture;
  const ga = got?.data?.architecture;
  if (ea && ga) for (const k of ['tokenizer', 'instruct_type', 'modality']) if (!(k in ea) && k in ga) ea[k] = ga[k];
  return exp;
}

async function checkEndpoints(ctx, universe) {
  const { run, srv } = ctx;
  const base = srv.baseURL;
  if (!run.endpoints) {
    // no endpoints imported: the route must still answer with a valid 200 or a valid 404
    const m = universe.find((x) => !x.id.startsWith('~')) || universe[0];
    const { author, slug } = splitId(m.canonical_slug || m.id);
    const label = `endpoints.list(${author}/${slug}) [no endpoints imported]`;
    const r = await ctx.sdk.run((c) => c.endpoints.list({ author, slug }));
    const rec = r.records[0];
    if (!rec) { h.fail(`${label}: no request made`, describeError(r.error)); return; }
    if (rec.status === 200) {
      const v = ctx.schema(`${label}: GET ${rec.path}`, 'EndpointsResponse', rec.json);
      if (r.error && v === 'inherited' && r.error instanceof errors.ResponseValidationError) ctx.sdkRejectedDrift.push(label);
      else if (r.error) h.fail(`${label}: SDK call failed`, describeError(r.error));
      else ctx.sdkEqualsRaw(label, r.value, rec.json);
    } else if (rec.status === 404) {
      h.check(`${label}: 404 JSON`, jsonFraming(rec, 404));
      ctx.schema(`${label}: 404 body`, 'NotFoundResponse', rec.json);
      h.check(`${label}: SDK throws NotFoundResponseError`, r.error instanceof errors.NotFoundResponseError ? [] : [`got ${r.error?.name}: ${r.error?.message}`]);
    } else {
      h.fail(`${label}: HTTP ${rec.status}, expected 200 or 404`, [rec.text.slice(0, 200)]);
    }
    return;
  }

  // every imported endpoints response must be served at its details path, validate, parse in
  // the SDK, equal the SDK result, and equal the imported response (+ allowed completions)
  const allRows = expectedEndpointRows(run, universe);
  const served = new Set(universe.map((m) => m.links?.details));
  const rows = allRows.filter((r) => served.has(r.path));
  const orphans = allRows.filter((r) => !served.has(r.path));
  if (orphans.length) {
    h.info(`endpoints: ${orphans.length} imported response(s) belong to no model of this catalogue (e.g. ${orphans[0].path}); expecting 404 there`);
    for (const o of orphans.slice(0, 3)) {
      const x = await rawGet(base, o.path);
      h.check(`GET ${o.path} [model not in the catalogue] -> 404 error body`, x.status === 404 && validate('NotFoundResponse', x.json ?? null).ok ? [] : [`HTTP ${x.status}: ${x.text.slice(0, 150)}`]);
    }
  }
  const ext = extensionEndpoints(run);
  const src = path.basename(run.endpointsFile);
  const fails = { route: [], schema: [], sdk: [], sdkEq: [], fidelity: [], identity: [] };
  let okCount = 0;
  const added = new Map();
  ctx.servedEndpoints = new Map(); // path -> served body
  // one recording client per worker, so records never mix between concurrent calls.
  // The bulk sweep is keyless (public route, no Authorization header) so that a server
  // throttling unknown keys cannot mask content problems; a few calls below go through the main
  // client (apiKey 'x'), and errors.mjs checks unknown keys on public routes explicitly.
  const clients = Array.from({ length: 8 }, () => makeClient(base, { apiKey: null }));
  await pool(rows, clients.length, async (row, k, w) => {
    const mm = /^\/api\/v1\/models\/([^/]+)\/(.+)\/endpoints$/.exec(row.path);
    if (!mm) { fails.route.push(`${row.path}: unexpected details path`); return; }
    const [author, slug] = [decodeURIComponent(mm[1]), decodeURIComponent(mm[2])];
    const r = await clients[w].run((c) => c.endpoints.list({ author, slug }));
    const rec = r.records[0];
    if (!rec) { fails.sdk.push(`${row.path}: no request (${r.error?.message})`); return; }
    if (rec.status !== 200 || rec.jsonError) { fails.route.push(`GET ${rec.path} -> ${rec.status} ${rec.text.slice(0, 100)}`); return; }
    ctx.servedEndpoints.set(row.path, rec.json);
    const v = validate('EndpointsResponse', rec.json);
    for (const wn of v.warnings) ctx.enumWarnings.add(wn);
    if (!v.ok) fails.schema.push(`GET ${rec.path}: ${v.errors.slice(0, 3).join('; ')}`);
    if (r.error) fails.sdk.push(`GET ${rec.path}: ${describeError(r.error).slice(0, 3).join(' / ')}`);
    else {
      const { diffs, dropped } = sdkVsRaw(r.value, rec.json);
      for (const d of dropped) ctx.dropped.add(d);
      if (diffs.length) fails.sdkEq.push(`GET ${rec.path}: ${diffs.slice(0, 2).join('; ')}`);
    }
    let best = null;
    for (const cand of row.candidates) {
      const d = jsonDiff(endpointExpectation(cand, rec.json, ext, new Map()), rec.json, row.path, [], 4);
      if (!best || d.length < best.length) best = d;
      if (!d.length) break;
    }
    endpointExpectation(row.candidates[0], rec.json, ext, added);
    // header/identity differences (which response is served at this path) vs value changes
    for (const d of best.slice(0, 3)) {
      if (/\.data\.endpoints\[\d+\]/.test(d)) fails.fidelity.push(d);
      else fails.identity.push(d);
    }
    if (v.ok && !r.error && !best.length) okCount++;
  });
  h.info(`endpoints: ${rows.length} distinct details paths from ${src}; ${okCount} fully conformant`);
  h.check(`endpoints.list: every imported details path answers 200 JSON (${rows.length})`, fails.route);
  h.check('endpoints.list: every body validates against {data: ListEndpointsResponse}', fails.schema);
  h.check('endpoints.list: the SDK parses every body', fails.sdk);
  h.check('endpoints.list: SDK result equals raw body (camelCase)', fails.sdkEq);
  const summarize = (list) => {
    const prec = list.filter((d) => d.includes('precision lost')).length;
    return prec ? [`${prec} of ${list.length} listed difference(s) are numbers printed without round-trip precision`, ...list] : list;
  };
  h.check(`fidelity: endpoint objects == ${src} (values unchanged; + derived supports_tool_choice, extension stats)`, summarize(fails.fidelity));
  h.check(`fidelity: the response served at each details path is the one imported for it (id, name, created, architecture, endpoints)`, fails.identity);
  if (added.size) h.info(`endpoints: server added ${[...added].map(([key, n]) => `${key} x${n}`).join(', ')}`);

  // a few through the main SDK client (it sends `Authorization: Bearer x`)
  for (const row of rows.slice(0, 3)) {
    const mm = /^\/api\/v1\/models\/([^/]+)\/(.+)\/endpoints$/.exec(row.path);
    if (!mm) continue;
    await ctx.call(`endpoints.list(${decodeURIComponent(mm[1])}/${decodeURIComponent(mm[2])}) [with apiKey]`,
      (c) => c.endpoints.list({ author: decodeURIComponent(mm[1]), slug: decodeURIComponent(mm[2]) }), { schema: 'EndpointsResponse' });
  }

  // links.details of special served models must answer
  const paths = new Set(rows.map((r) => r.path));
  const withLinks = universe.filter((x) => paths.has(x.links?.details));
  const sample = [
    ['`:free` variant', withLinks.find((x) => x.id.endsWith(':free'))],
    ['~alias', withLinks.find((x) => x.id.startsWith('~'))],
    ['dated canonical slug', withLinks.find((x) => x.canonical_slug !== x.id && !x.id.includes(':'))],
  ].filter(([, x]) => x);
  for (const [why, mdl] of sample) {
    const x = await rawGet(base, mdl.links.details);
    h.check(`GET links.details of ${mdl.id} [${why}] (${mdl.links.details}) answers 200`, x.status === 200 ? [] : [`HTTP ${x.status}: ${x.text.slice(0, 150)}`]);
  }
  const missingLinks = universe.filter((x) => x.links?.details && !paths.has(x.links.details));
  if (missingLinks.length) h.info(`${missingLinks.length} served model(s) have a links.details with no imported endpoints (e.g. ${missingLinks[0].id})`);
}

// /endpoints/zdr must list exactly the endpoints the extension file marks zdr:true
function checkZdrContent(ctx, served) {
  const { run } = ctx;
  if (!run.extensionFile || !run.endpointsFile || run.endpoints !== 'demo') return;
  const responses = loadJson(run.endpointsFile);
  const byModel = new Map(responses.map((r) => [r?.data?.id, r]));
  const want = new Set();
  for (const e of loadJson(run.extensionFile).endpoints || []) {
    if (e.zdr !== true) continue;
    const ep = byModel.get(e.model)?.data?.endpoints?.find((x) => x.tag === e.tag);
    if (ep) want.add(`${ep.model_id}|${ep.tag}`);
  }
  const got = new Set(served.map((e) => `${e?.model_id}|${e?.tag}`));
  const missing = [...want].filter((x) => !got.has(x));
  const extra = [...got].filter((x) => !want.has(x));
  h.check(`/endpoints/zdr lists exactly the ${want.size} zdr:true endpoints of ${path.basename(run.extensionFile)} (model_id|tag)`, [
    ...(missing.length ? [`missing: ${missing.slice(0, 6).join(', ')}${missing.length > 6 ? ` (+${missing.length - 6})` : ''}`] : []),
    ...(extra.length ? [`not zdr: ${extra.slice(0, 6).join(', ')}${extra.length > 6 ? ` (+${extra.length - 6})` : ''}`] : []),
    ...(served.length !== got.size ? [`${served.length - got.size} duplicate entries`] : []),
  ]);
}

async function checkUser(ctx, defaultIds) {
  const { srv } = ctx;
  const k = runCli(['keys', 'create', '--db', srv.db, '--label', 'conformance']);
  if (k.status !== 0) {
    const why = (k.stderr || k.stdout || (k.error && k.error.message) || '').trim().split('\n')[0];
    h.skip('models.listForUser()', `\`openrouterd keys create\` is not available yet (exit ${k.status}${why ? ': ' + why.slice(0, 120) : ''})`);
    return;
  }
  const lines = k.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  let key = lines[lines.length - 1] || '';
  const tok = key.split(/\s+/).filter((t) => t.length >= 16);
  if (tok.length) key = tok[tok.length - 1];
  if (!key) { h.fail('openrouterd keys create printed no key', [k.stdout.slice(0, 200)]); return; }
  const r = await ctx.call('models.listForUser({bearer})', (c) => c.models.listForUser({ bearer: key }), { schema: 'ModelsListResponse' });
  const rec = r.records[0];
  if (rec) h.check('models.listForUser: SDK sent the key as Bearer', rec.authorization === `Bearer ${key}` ? [] : [`Authorization: ${rec.authorization}`]);
  if (rec?.json?.data) {
    const got = idsOf(rec.json.data);
    const extra = got.filter((id) => !defaultIds.includes(id));
    h.check('models.listForUser: every model is in the default list', extra.length ? [`not in /models: ${extra.slice(0, 5).join(', ')}`] : []);
    if (got.length !== defaultIds.length) h.info(`models.listForUser: ${got.length} of ${defaultIds.length} default models (key without preferences)`);
  }
  // a key restricted to one author lists exactly that author's default models
  const author = defaultIds.find((id) => !id.startsWith('~'))?.split('/')[0];
  if (author) {
    const k2 = runCli(['keys', 'create', '--db', srv.db, '--label', 'conformance-author', '--models', `${author}/*`]);
    if (k2.status === 0) {
      const key2 = k2.stdout.trim().split('\n').pop().trim().split(/\s+/).pop();
      const r2 = await ctx.call(`models.listForUser({bearer}) [key limited to ${author}/*]`, (c) => c.models.listForUser({ bearer: key2 }), { schema: 'ModelsListResponse' });
      if (r2.ok) {
        const want = defaultIds.filter((id) => id.startsWith(`${author}/`));
        checkIds(`models.listForUser [${author}/*]: ids == default list filtered to ${author}/`, idsOf(r2.value.result.data), want);
      }
    } else {
      h.warn(`keys create --models ${author}/* failed (exit ${k2.status}): ${(k2.stderr || k2.stdout).trim().split('\n')[0]}`);
    }
  }

  // authenticated callers see the extension's latency/throughput on endpoints (docs/catalog-format.md)
  if (ctx.run.extensionFile && ctx.run.endpoints === 'demo') {
    const ext = extensionEndpoints(ctx.run);
    const withStats = [...ext.values()].find((e) => e.latency_last_30m && e.throughput_last_30m);
    const mdl = withStats && ctx.universe.find((m) => m.id === withStats.model);
    if (mdl?.links?.details) {
      const mm = /^\/api\/v1\/models\/([^/]+)\/(.+)\/endpoints$/.exec(mdl.links.details);
      const keyed = makeClient(srv.baseURL, { apiKey: key });
      const r3 = await keyed.run((c) => c.endpoints.list({ author: mm[1], slug: mm[2] }));
      const ep = r3.records[0]?.json?.data?.endpoints?.find((e) => e.tag === withStats.tag);
      h.check(`endpoints.list(${mdl.id}) with a valid key: endpoint ${withStats.tag} carries the extension's latency/throughput`,
        r3.error ? describeError(r3.error)
          : [...jsonDiff(withStats.latency_last_30m, ep?.latency_last_30m, 'latency_last_30m', [], 4),
            ...jsonDiff(withStats.throughput_last_30m, ep?.throughput_last_30m, 'throughput_last_30m', [], 4)]);
      const anon = await rawGet(srv.baseURL, mdl.links.details);
      const aep = anon.json?.data?.endpoints?.find((e) => e.tag === withStats.tag);
      h.check(`endpoints of ${mdl.id} without a key: latency/throughput are null`,
        aep && aep.latency_last_30m === null && aep.throughput_last_30m === null ? [] : [`latency ${JSON.stringify(aep?.latency_last_30m)}, throughput ${JSON.stringify(aep?.throughput_last_30m)}`]);
    }
  }

  const paged = await ctx.call('models.listForUser({bearer},{limit:100})', (c) => c.models.listForUser({ bearer: key }, { offset: 0, limit: 100 }), { schema: 'ModelsListResponse' });
  if (paged.records[0]?.json?.data) h.check('models.listForUser limit 100: at most 100 models', paged.records[0].json.data.length <= 100 ? [] : [`${paged.records[0].json.data.length} models`]);
}

// ---------------------------------------------------------------- main

async function main() {
  const bin = findBinary();
  if (!bin) {
    h.fail('openrouterd binary not found', [`OR_BIN_DIR=${process.env.OR_BIN_DIR || '(unset)'}; build the server first`]);
    return h.summary();
  }
  console.log(`conformance: server ${bin}`);
  const runs = plannedRuns();
  for (const run of runs) {
    h.group(run.name);
    const ts = Date.now();
    let srv;
    try {
      srv = await startServer({ importFiles: run.files });
    } catch (e) {
      h.fail(`start server (${run.files.map((f) => path.basename(f)).join(' + ') || 'empty db'})`, String(e.message).split('\n'));
      continue;
    }
    h.pass('server started');
    const sdk = makeClient(srv.baseURL);
    const ctx = new RunCtx(run, srv, sdk);
    try {
      await checkCatalog(ctx);
    } catch (e) {
      h.fail('unexpected exception in the test itself', [e.stack || String(e)]);
    }
    if (ctx.inherited.length) {
      const e = ctx.inherited[0];
      h.warn(`${ctx.inherited.length} response(s) had schema errors that the capture itself has (not counted); `
        + `the SDK rejected ${ctx.sdkRejectedDrift.length} call(s) for that reason`,
      [`e.g. ${e.what}: ${e.errors.length} error(s): ${e.errors[0]}`, `SDK calls: ${ctx.sdkRejectedDrift.slice(0, 4).join('; ')}`]);
    }
    if (ctx.enumWarnings.size) h.warn(`values outside the spec's closed enums (SDK accepts them as open enums): ${ctx.enumWarnings.size}`, [...ctx.enumWarnings].slice(0, 4));
    if (ctx.dropped.size) h.info(`keys the SDK does not know (dropped from its result): ${[...ctx.dropped].slice(0, 8).join(', ')}`);
    if (!srv.alive()) h.fail('server died during the checks', [srv.stderr().slice(-800)]);
    const st = await srv.stop();
    h.check('server stops on SIGTERM within 5 s', st.forced ? ['had to SIGKILL'] : []);
    h.info(`done in ${((Date.now() - ts) / 1000).toFixed(1)} s${srv.importMs !== undefined ? ` (import ${srv.importMs} ms)` : ''}`);
  }
  h.group('');
  console.log(`conformance: ${runs.length} catalogue(s) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return h.summary();
}

main().then((code) => process.exit(code), (e) => {
  console.log(e.stack || String(e));
  h.fail('harness crashed');
  process.exit(h.summary() || 1);
});
