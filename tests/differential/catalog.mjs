// catalog.mjs - loading the real captures and the demo catalog for the
// differential test, in the server's default order (created descending,
// ties in file order; docs/catalog-format.md).
import fs from 'node:fs';
import path from 'node:path';

export function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

export function defaultOrder(models) {
  return models.map((m, i) => [m, i])
    .sort((a, b) => {
      const x = typeof a[0].created === 'number' ? a[0].created : -Infinity;
      const y = typeof b[0].created === 'number' ? b[0].created : -Infinity;
      return x !== y ? (y > x ? 1 : -1) : a[1] - b[1];
    })
    .map(([m]) => m);
}

// endpoints/ folder of single responses -> Map(data.id -> data)
export function loadEndpointsDir(dir) {
  const map = new Map();
  if (!fs.existsSync(dir)) return map;
  for (const f of fs.readdirSync(dir).sort()) {
    if (!f.endsWith('.json')) continue;
    const d = readJson(path.join(dir, f));
    const data = d && d.data;
    if (data && typeof data.id === 'string' && Array.isArray(data.endpoints)) map.set(data.id, data);
  }
  return map;
}

// array of endpoints responses -> Map
export function loadEndpointsArray(file) {
  const map = new Map();
  for (const d of readJson(file)) if (d && d.data && typeof d.data.id === 'string') map.set(d.data.id, d.data);
  return map;
}

// capture bundle -> Map, keyed as the store documents (docs/catalog-format.md):
// by data.id, and also by the path the row was fetched from (detailsPath
// without /api/v1/models/ and /endpoints), which differs for previews whose
// listing is their successor's.
export function loadEndpointsBundle(file) {
  const map = new Map();
  for (const row of readJson(file).data) {
    const data = row && row.response && row.response.data;
    if (!data || typeof data.id !== 'string' || !Array.isArray(data.endpoints)) continue;
    map.set(data.id, data);
    const m = /^\/api\/v1\/models\/(.+)\/endpoints$/.exec(row.detailsPath || '');
    if (m && m[1] !== data.id) map.set(m[1], data);
  }
  return map;
}

// Every models-*.json capture of shared/data/openrouter plus the demo catalog.
export function catalogs(sharedDir, sourceDir) {
  const dir = path.join(sharedDir, 'data', 'openrouter');
  const out = [];
  const eps = loadEndpointsBundle(path.join(dir, 'endpoints-bundle-2026-05-31.json'));
  for (const f of fs.readdirSync(dir).sort()) {
    if (!/^models-.*\.json$/.test(f)) continue;
    const models = readJson(path.join(dir, f)).data;
    out.push({ name: f, modelsFile: path.join(dir, f), models, endpoints: eps,
      endpointsDir: path.join(dir, 'endpoints'), extension: null });
  }
  const demo = path.join(sourceDir, 'data', 'demo');
  if (fs.existsSync(path.join(demo, 'models.json'))) {
    out.push({ name: 'demo', modelsFile: path.join(demo, 'models.json'),
      models: readJson(path.join(demo, 'models.json')).data,
      endpoints: loadEndpointsArray(path.join(demo, 'endpoints.json')),
      endpointsFile: path.join(demo, 'endpoints.json'),
      extension: readJson(path.join(demo, 'extension.json')),
      extensionFile: path.join(demo, 'extension.json'),
      providersFile: path.join(demo, 'providers.json') });
  }
  return out;
}
