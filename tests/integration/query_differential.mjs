// query_differential.mjs - the real openrouterd against an independent
// reference of the selection rules (tests/differential/reference.mjs).
//
// For every models-*.json capture in $OR_SHARED_DIR/data/openrouter and the
// demo catalog: import it with its endpoints and an extension file (generated
// with a seeded PRNG for the captures, so extension-based parameters have
// data), start `openrouterd serve` on 127.0.0.1:0 with a fixed clock, send
// generated parameter combinations and compare status, ids and their order,
// total_count and links.next with the reference.
// Env: OR_BIN_DIR, OR_SOURCE_DIR, OR_SHARED_DIR; QUERY_DIFF_N (queries per
// catalog, default 200), QUERY_DIFF_SEED.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { catalogs } from '../differential/catalog.mjs';
import { makeExtension, makeQueries, vocabulary } from '../differential/gen.mjs';
import { prepare, select } from '../differential/reference.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const source = process.env.OR_SOURCE_DIR || path.resolve(here, '..', '..');
const shared = process.env.OR_SHARED_DIR || path.resolve(source, '..', 'shared');
const bin = process.env.OR_BIN_DIR;
const perCatalog = Number(process.env.QUERY_DIFF_N || 200);
const seed = Number(process.env.QUERY_DIFF_SEED || 42);
const NOW = 1790000000; // 2026-09-21, fixed through OPENROUTERD_NOW

if (!bin) {
  console.error('FAIL: OR_BIN_DIR not set');
  process.exit(1);
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'query-diff-'));
let server = null;
process.on('exit', () => {
  if (server) server.kill('SIGTERM');
  fs.rmSync(tmp, { recursive: true, force: true });
});

function startServer(db) {
  return new Promise((resolve, reject) => {
    const p = spawn(path.join(bin, 'openrouterd'), ['serve', '--db', db, '--listen', '127.0.0.1:0'],
      { env: { ...process.env, OPENROUTERD_NOW: String(NOW) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 10000);
    p.stderr.on('data', (d) => { err += d; });
    p.stdout.on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      const m = /^listening on (http:\/\/\S+)/.exec(out.slice(0, nl));
      if (!m) reject(new Error(`unexpected first line '${out.slice(0, nl)}'`));
      else resolve({ p, base: m[1] });
    });
    p.on('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
  });
}

function stopServer(s) {
  return new Promise((resolve) => {
    s.p.removeAllListeners('exit');
    s.p.on('exit', (code) => resolve(code));
    s.p.kill('SIGTERM');
  });
}

async function getJson(url) {
  const res = await fetch(url);
  const text = await res.text();
  let body = null;
  try { body = JSON.parse(text); } catch { /* compared below */ }
  return { status: res.status, body, text };
}

let failures = 0;
let checked = 0;
const fail = (msg) => {
  failures++;
  if (failures <= 15) console.log(`MISMATCH ${msg}`);
};

function expectedNext(pairs, total) {
  const names = new Set(pairs.map(([k]) => k));
  if (!names.has('offset') && !names.has('limit')) return null;
  const get = (k, d) => { const p = pairs.find(([n]) => n === k); return p ? Number(p[1]) : d; };
  const off = get('offset', 0);
  const lim = get('limit', 500);
  if (off + lim >= total) return null;
  return { offset: off + lim, limit: lim };
}

const started = Date.now();
const all = catalogs(shared, source);
for (const [ci, c] of all.entries()) {
  const db = path.join(tmp, `db-${ci}`);
  const files = [c.modelsFile];
  let ext = c.extension;
  if (c.endpointsFile) files.push(c.endpointsFile);
  else files.push(path.join(shared, 'data', 'openrouter', 'endpoints-bundle-2026-05-31.json'));
  if (c.providersFile) files.push(c.providersFile);
  if (c.extensionFile) {
    files.push(c.extensionFile);
  } else {
    ext = makeExtension(c.models, c.endpoints, seed * 1000 + ci);
    const f = path.join(tmp, `ext-${ci}.json`);
    fs.writeFileSync(f, JSON.stringify(ext));
    files.push(f);
  }
  const imp = spawnSync(path.join(bin, 'openrouterd'), ['import', '--db', db, ...files], { encoding: 'utf8' });
  if (imp.status !== 0) {
    console.log(`FAIL: import of ${c.name}: ${imp.stderr}`);
    process.exit(1);
  }
  server = await startServer(db);
  // the default order is the store's (created descending, ties in file order):
  // take it from the server and check the reference agrees on which models exist
  const allList = await getJson(`${server.base}/api/v1/models?output_modalities=all`);
  const byId = new Map(c.models.map((m) => [m.id, m]));
  const order = allList.body.data.map((m) => byId.get(m.id));
  if (order.length !== c.models.length || order.some((m) => !m)) {
    console.log(`FAIL: ${c.name}: the server lists ${order.length} models, the file has ${c.models.length}`);
    process.exit(1);
  }
  const cat = prepare(order, c.endpoints, ext);
  const queries = makeQueries(vocabulary(order, c.endpoints), seed + ci, perCatalog, NOW);
  for (const q of queries) {
    checked++;
    const want = select(cat, q.pairs, NOW);
    const got = await getJson(`${server.base}/api/v1/models?${q.qs}`);
    const where = `${c.name} ?${q.qs}`;
    if (got.status !== want.status) {
      fail(`${where}: status ${got.status}, reference ${want.status} (${got.text.slice(0, 200)})`);
      continue;
    }
    if (want.status === 400) {
      if (!got.body || !got.body.error || got.body.error.code !== 400 || !got.body.error.message)
        fail(`${where}: 400 body ${got.text.slice(0, 200)}`);
      continue;
    }
    const names = new Set(q.pairs.map(([k]) => k));
    const paged = names.has('offset') || names.has('limit');
    const get = (k, d) => { const p = want.params.get(k); return p === undefined ? d : p; };
    const off = paged ? get('offset', 0) : 0;
    const lim = paged ? get('limit', 500) : want.ids.length;
    const ids = want.ids.slice(off, off + lim);
    const gotIds = (got.body && Array.isArray(got.body.data)) ? got.body.data.map((m) => m.id) : null;
    if (!gotIds || gotIds.join(',') !== ids.join(',')) {
      const i = gotIds ? gotIds.findIndex((id, k) => id !== ids[k]) : -1;
      fail(`${where}: ${gotIds ? gotIds.length : 'no'} ids vs reference ${ids.length}; first difference at ${i}: ` +
        `${gotIds && gotIds[i]} vs ${ids[i]}`);
      continue;
    }
    if (got.body.total_count !== want.ids.length)
      fail(`${where}: total_count ${got.body.total_count}, reference ${want.ids.length}`);
    const next = got.body.links && got.body.links.next;
    const exp = expectedNext(q.pairs.filter(([k]) => k === 'offset' || k === 'limit'), want.ids.length);
    if (!exp) {
      if (next !== null) fail(`${where}: links.next ${next}, expected null`);
    } else if (typeof next !== 'string' || !next.startsWith(`/api/v1/models?offset=${exp.offset}&limit=${exp.limit}`)) {
      fail(`${where}: links.next ${next}, expected offset=${exp.offset}&limit=${exp.limit}`);
    } else {
      // following links.next gives the next page of the same selection
      const n2 = await getJson(`${server.base}${next}`);
      const ids2 = want.ids.slice(exp.offset, exp.offset + exp.limit);
      if (n2.status !== 200 || n2.body.data.map((m) => m.id).join(',') !== ids2.join(','))
        fail(`${where}: following links.next ${next} gives another page`);
    }
  }
  // /models/count honours output_modalities and agrees with the reference
  for (const om of [null, 'text', 'image', 'all', 'image,audio', 'embeddings', 'bogus']) {
    const pairs = om === null ? [] : [['output_modalities', om]];
    const want = select(cat, pairs, NOW);
    const got = await getJson(`${server.base}/api/v1/models/count${om === null ? '' : `?output_modalities=${om}`}`);
    checked++;
    if (got.status !== want.status ||
        (want.status === 200 && !(got.body && got.body.data && got.body.data.count === want.ids.length)))
      fail(`${c.name} /models/count?output_modalities=${om}: ${got.status} ${got.text.slice(0, 100)}, ` +
        `reference ${want.status} ${want.ids ? want.ids.length : ''}`);
  }
  const code = await stopServer(server);
  server = null;
  if (code !== 0) fail(`${c.name}: server exited ${code}`);
}
const secs = ((Date.now() - started) / 1000).toFixed(1);
console.log(`query_differential: ${checked} queries over ${all.length} catalogs in ${secs}s, ${failures} mismatches`);
process.exit(failures ? 1 : 0);
