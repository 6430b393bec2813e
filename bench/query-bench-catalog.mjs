// query-bench-catalog.mjs - a 10,000-model catalog bundle for query-bench,
// made from real records of the newest capture with distinct ids (suffix
// "-bN"), created spread over the past years, endpoints copied per model and
// a generated extension (tests/differential/gen.mjs).
//   node bench/query-bench-catalog.mjs SHARED_DIR OUT.json [N]
import fs from 'node:fs';
import path from 'node:path';
import { loadEndpointsDir, readJson } from '../tests/differential/catalog.mjs';
import { makeExtension, rng } from '../tests/differential/gen.mjs';

const [shared, out, nArg] = process.argv.slice(2);
const n = Number(nArg || 10000);
const dir = path.join(shared, 'data', 'openrouter');
const latest = fs.readdirSync(dir).filter((f) => /^models-.*\.json$/.test(f)).sort().pop();
const base = readJson(path.join(dir, latest)).data;
const eps = loadEndpointsDir(path.join(dir, 'endpoints'));
const r = rng(99);
const models = [];
const endpoints = {};
for (let i = 0; i < n; i++) {
  const src = base[i % base.length];
  const m = structuredClone(src);
  if (i >= base.length) {
    m.id = `${src.id}-b${i}`;
    m.name = `${src.name} b${i}`;
    m.created = src.created - r.int(86400 * 900);
  }
  models.push(m);
  const e = eps.get(src.id);
  if (e) endpoints[m.id] = { ...e, id: m.id };
}
models.sort((a, b) => b.created - a.created);
const extension = makeExtension(models, new Map(Object.entries(endpoints)), 5);
fs.writeFileSync(out, JSON.stringify({ models, endpoints, extension }));
console.log(`${models.length} models from ${latest} -> ${out}`);
