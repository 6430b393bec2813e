// offline.mjs - the differential test without a server: the query engine
// through bench/query-bench (select mode) against reference.mjs.
//   node tests/differential/offline.mjs BENCH_BIN [queries-per-catalog]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { catalogs, defaultOrder } from './catalog.mjs';
import { makeExtension, makeQueries, vocabulary } from './gen.mjs';
import { prepare, select } from './reference.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const source = process.env.OR_SOURCE_DIR || path.resolve(here, '..', '..');
const shared = process.env.OR_SHARED_DIR || path.resolve(source, '..', 'shared');
const bin = process.argv[2];
const perCatalog = Number(process.argv[3] || 300);
const NOW = 1790000000;
let failures = 0;
let total = 0;

for (const [ci, c] of catalogs(shared, source).entries()) {
  const models = defaultOrder(c.models);
  const ext = c.extension || makeExtension(models, c.endpoints, 1000 + ci);
  const endpointsObj = Object.fromEntries(c.endpoints);
  const bundle = path.join(os.tmpdir(), `query-offline-${process.pid}.json`);
  fs.writeFileSync(bundle, JSON.stringify({ models, endpoints: endpointsObj, extension: ext }));
  const cat = prepare(models, c.endpoints, ext);
  const queries = makeQueries(vocabulary(models, c.endpoints), 7 + ci, perCatalog, NOW);
  const run = spawnSync(bin, [bundle, 'select', String(NOW)],
    { input: queries.map((q) => q.qs).join('\n') + '\n', maxBuffer: 1 << 28 });
  fs.unlinkSync(bundle);
  const lines = run.stdout.toString().split('\n');
  queries.forEach((q, i) => {
    total++;
    const want = select(cat, q.pairs, NOW);
    const got = lines[i] || '';
    const status = Number(got.slice(0, 3));
    const ids = got.length > 4 ? got.slice(4).split(',') : [];
    const ok = status === want.status && (status === 400 || ids.join(',') === want.ids.join(','));
    if (!ok && failures++ < 10)
      console.log(`MISMATCH ${c.name} ?${q.qs}\n  C:   ${got.slice(0, 300)}\n  ref: ${want.status} ${(want.ids || []).join(',').slice(0, 300)}`);
  });
}
console.log(`${total} queries, ${failures} mismatches`);
process.exit(failures ? 1 : 0);
