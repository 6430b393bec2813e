// reference.mjs - an independent reference of the /models selection rules,
// written from the text of issue 3 and docs/query.md (not from the C code).
// Used by tests/integration/query_differential.mjs to check openrouterd.
//
// select(catalog, params, now) -> {status: 200, ids: [...]} or {status: 400}
//   catalog = {models: [model objects in default order],
//              endpoints: Map(key -> endpoints `data` object),
//              extension: extension document or null}
//   params  = array of [name, value] pairs, already decoded

const CATEGORIES = ['programming', 'roleplay', 'marketing', 'marketing/seo', 'technology',
  'science', 'translation', 'legal', 'finance', 'health', 'trivia', 'academia'];
const SORTS = ['pricing-low-to-high', 'pricing-high-to-low', 'context-high-to-low',
  'throughput-high-to-low', 'latency-low-to-high', 'most-popular', 'top-weekly', 'newest',
  'intelligence-high-to-low', 'coding-high-to-low', 'agentic-high-to-low',
  'design-arena-elo-high-to-low'];
const OUT_MODS = ['text', 'image', 'embeddings', 'audio', 'video', 'rerank', 'speech',
  'transcription', 'decisions'];
const IN_MODS = ['text', 'image', 'file', 'audio', 'video'];
const HUGE = 9007199254740991;

// name -> [kind, extra]
const PARAMS = {
  offset: ['int', 0, HUGE], limit: ['int', 1, 1000], context: ['int', 1, HUGE],
  min_age_days: ['int', 0, HUGE], max_age_days: ['int', 0, HUGE],
  category: ['enum', CATEGORIES], sort: ['enum', SORTS], region: ['enum', ['eu', 'us']],
  zdr: ['enum', ['true']],
  use_rss: ['bool'], use_rss_chat_links: ['bool'], distillable: ['bool'],
  output_modalities: ['list', OUT_MODS], input_modalities: ['list', IN_MODS],
  supported_parameters: ['list', null], model_authors: ['list', null], providers: ['list', null],
  q: ['text'], arch: ['text'],
};
for (const p of ['price', 'output_price', 'intelligence_index', 'coding_index', 'agentic_index'])
  for (const b of ['min_', 'max_']) PARAMS[b + p] = ['num', 0, HUGE];
PARAMS.min_tool_success_rate = ['num', 0, 1];
PARAMS.max_tool_success_rate = ['num', 0, 1];

const lower = (s) => s.replace(/[A-Z]/g, (c) => c.toLowerCase()); // ASCII only

// Decimal text times one million, rounded once (per-token price -> per million).
function perMillion(text) {
  if (typeof text !== 'string' || text === '') return { kind: 'none' };
  const m = /^\s*([+-]?(?:\d+\.?\d*|\.\d+))(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return { kind: 'none' };
  const v = Number(text);
  if (!Number.isFinite(v)) return { kind: 'none' };
  if (v < 0) return { kind: 'variable' };
  const exp = m[2] ? parseInt(m[2], 10) : 0;
  return { kind: 'price', value: Number(`${m[1]}e${exp + 6}`) };
}

// Parse & validate; returns {params: Map} or null (a 400).
export function parseParams(pairs) {
  const seen = new Map();
  for (const [name, value] of pairs) {
    const spec = PARAMS[name];
    if (!spec) continue; // unknown: ignored
    if (seen.has(name)) return null;
    if (value === '' || Buffer.byteLength(value) > 512) return null;
    let v;
    switch (spec[0]) {
      case 'int':
        if (!/^-?\d+$/.test(value)) return null;
        v = Number(value);
        if (v < spec[1] || v > spec[2]) return null;
        break;
      case 'num':
        if (!/^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value)) return null;
        v = Number(value);
        if (!Number.isFinite(v) || v < spec[1] || v > spec[2]) return null;
        break;
      case 'bool':
        if (value !== 'true' && value !== 'false') return null;
        v = value === 'true';
        break;
      case 'enum':
        if (!spec[1].includes(value)) return null;
        v = value;
        break;
      case 'list': {
        const items = value.split(',');
        if (items.some((x) => x === '') || items.length > 64) return null;
        if (name === 'output_modalities' && items.includes('all')) {
          if (items.length !== 1) return null;
          v = 'all';
          break;
        }
        if (spec[1] && items.some((x) => !spec[1].includes(x))) return null;
        v = (name === 'providers' || name === 'model_authors') ? items.map(lower) : items;
        break;
      }
      case 'text':
        if (name === 'q') {
          v = lower(value).split(/[ \t\n\r\f\v]+/).filter((t) => t.length);
          if (v.length > 64) return null;
        } else {
          v = lower(value);
        }
        break;
    }
    seen.set(name, v);
  }
  return seen;
}

// Extension and endpoints data are keyed by the model id exactly
// (docs/catalog-format.md); an extension endpoint counts only when the model's
// endpoints data lists an endpoint with that tag.
function extensionModel(cat, m) {
  const ms = cat.extension && cat.extension.models;
  if (!ms || typeof ms !== 'object' || !Object.prototype.hasOwnProperty.call(ms, m.id)) return {};
  const x = ms[m.id];
  return x && typeof x === 'object' ? x : {};
}

function endpointsOf(cat, m) {
  const d = cat.endpoints.get(m.id);
  return d && Array.isArray(d.endpoints) ? d.endpoints : [];
}

function extensionEndpoints(cat, m) {
  const eps = (cat.extension && Array.isArray(cat.extension.endpoints)) ? cat.extension.endpoints : [];
  const tags = new Set(endpointsOf(cat, m).map((e) => e.tag));
  return eps.filter((e) => e && e.model === m.id && typeof e.tag === 'string' && tags.has(e.tag));
}

function providerNames(cat, m) {
  return endpointsOf(cat, m).filter((e) => typeof e.provider_name === 'string')
    .map((e) => lower(e.provider_name));
}

const num = (x) => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);

// Everything a filter or sort needs about one model.
function describe(cat, m, index) {
  const arch = m.architecture || {};
  const pricing = m.pricing || {};
  const ext = extensionModel(cat, m);
  const eps = extensionEndpoints(cat, m);
  const aa = (m.benchmarks && m.benchmarks.artificial_analysis) || {};
  const arenas = (m.benchmarks && Array.isArray(m.benchmarks.design_arena)) ? m.benchmarks.design_arena : [];
  const elos = arenas.map((a) => num(a && a.elo)).filter((x) => x !== undefined);
  const lat = eps.map((e) => num(e.latency_last_30m && e.latency_last_30m.p50)).filter((x) => x !== undefined);
  const tput = eps.map((e) => num(e.throughput_last_30m && e.throughput_last_30m.p50)).filter((x) => x !== undefined);
  const prompt = perMillion(pricing.prompt);
  const completion = perMillion(pricing.completion);
  const strs = (a) => (Array.isArray(a) ? a.filter((x) => typeof x === 'string') : []);
  // modality lists: an array, or (some 2025 captures) a string of words "text image"
  const mods = (a) => (typeof a === 'string' ? a.split(/[\s,+]+/).filter(Boolean) : strs(a));
  const regions = new Set();
  for (const e of eps) for (const r of strs(e.regions)) regions.add(r);
  const slash = typeof m.id === 'string' ? m.id.indexOf('/') : -1;
  return {
    index, id: m.id,
    name: lower(typeof m.name === 'string' ? m.name : ''),
    lid: lower(typeof m.id === 'string' ? m.id : ''),
    author: slash > 0 ? lower(m.id.slice(0, slash)) : '',
    tokenizer: typeof arch.tokenizer === 'string' ? lower(arch.tokenizer) : null,
    inputs: mods(arch.input_modalities), outputs: mods(arch.output_modalities),
    params: strs(m.supported_parameters),
    providers: providerNames(cat, m),
    created: num(m.created), context: num(m.context_length),
    prompt, completion,
    priceKey: prompt.kind === 'price' && completion.kind === 'price'
      ? (prompt.value + completion.value) / 2 : undefined,
    intelligence: num(aa.intelligence_index), coding: num(aa.coding_index), agentic: num(aa.agentic_index),
    elo: elos.length ? Math.max(...elos) : undefined,
    weekly: num(ext.weekly_tokens), popularity: num(ext.popularity),
    toolRate: num(ext.tool_success_rate), distillable: ext.distillable === true,
    categories: ext.categories && typeof ext.categories === 'object' ? ext.categories : {},
    zdr: eps.some((e) => e.zdr === true), regions,
    latency: lat.length ? Math.min(...lat) : undefined,
    throughput: tput.length ? Math.max(...tput) : undefined,
  };
}

function inRange(value, lo, hi) {
  if (lo === undefined && hi === undefined) return true;
  if (value === undefined) return false;
  if (lo !== undefined && value < lo) return false;
  if (hi !== undefined && value > hi) return false;
  return true;
}

function priceOk(p, lo, hi) {
  if (lo === undefined && hi === undefined) return true;
  if (p.kind !== 'price') return false;
  return inRange(p.value, lo, hi);
}

const SORT_KEYS = {
  'pricing-low-to-high': ['priceKey', 1], 'pricing-high-to-low': ['priceKey', -1],
  'context-high-to-low': ['context', -1], 'throughput-high-to-low': ['throughput', -1],
  'latency-low-to-high': ['latency', 1], 'most-popular': ['popularity', -1],
  'top-weekly': ['weekly', -1], newest: ['created', -1],
  'intelligence-high-to-low': ['intelligence', -1], 'coding-high-to-low': ['coding', -1],
  'agentic-high-to-low': ['agentic', -1], 'design-arena-elo-high-to-low': ['elo', -1],
};

export function prepare(models, endpoints, extension) {
  const cat = { models, endpoints, extension, ids: new Set(models.map((m) => m.id)) };
  cat.facts = models.map((m, i) => describe(cat, m, i));
  return cat;
}

// hostRegion: 'eu' | 'us' | undefined (a regional Host)
export function select(cat, pairs, now, hostRegion) {
  const p = parseParams(pairs);
  if (!p) return { status: 400 };
  const g = (k) => p.get(k);
  const out = g('output_modalities') ?? ['text'];
  const catName = g('category');
  const rows = cat.facts.filter((f) => {
    if (out !== 'all' && !out.some((o) => f.outputs.includes(o))) return false;
    if (g('input_modalities') && !g('input_modalities').every((x) => f.inputs.includes(x))) return false;
    if (g('supported_parameters') && !g('supported_parameters').every((x) => f.params.includes(x))) return false;
    if (g('model_authors') && !g('model_authors').includes(f.author)) return false;
    if (g('providers') && !g('providers').some((x) => f.providers.includes(x))) return false;
    if (g('q') && !g('q').every((t) => f.name.includes(t) || f.lid.includes(t))) return false;
    if (g('arch') !== undefined && !(f.tokenizer !== null && f.tokenizer.startsWith(g('arch')))) return false;
    if (g('context') !== undefined && !(f.context !== undefined && f.context >= g('context'))) return false;
    if (!priceOk(f.prompt, g('min_price'), g('max_price'))) return false;
    if (!priceOk(f.completion, g('min_output_price'), g('max_output_price'))) return false;
    if (!inRange(f.intelligence, g('min_intelligence_index'), g('max_intelligence_index'))) return false;
    if (!inRange(f.coding, g('min_coding_index'), g('max_coding_index'))) return false;
    if (!inRange(f.agentic, g('min_agentic_index'), g('max_agentic_index'))) return false;
    if (!inRange(f.toolRate, g('min_tool_success_rate'), g('max_tool_success_rate'))) return false;
    if (g('min_age_days') !== undefined || g('max_age_days') !== undefined) {
      const age = f.created === undefined ? undefined : Math.floor((now - f.created) / 86400);
      if (!inRange(age, g('min_age_days'), g('max_age_days'))) return false;
    }
    if (g('distillable') !== undefined && f.distillable !== g('distillable')) return false;
    if (g('zdr') && !f.zdr) return false;
    if (g('region') && !f.regions.has(g('region'))) return false;
    if (hostRegion && !f.regions.has(hostRegion)) return false;
    if (catName) {
      const u = num(f.categories[catName]);
      if (!(u > 0)) return false;
    }
    return true;
  });
  let key = null;
  let dir = 1;
  if (g('sort')) [key, dir] = SORT_KEYS[g('sort')];
  const scoreOf = (f) => (key ? f[key] : num(f.categories[catName]));
  if (key || catName) {
    if (!key) dir = -1;
    rows.sort((a, b) => {
      const x = scoreOf(a);
      const y = scoreOf(b);
      if (x === undefined || y === undefined) {
        if (x !== undefined) return -1;
        if (y !== undefined) return 1;
        return a.index - b.index;
      }
      if (x !== y) return dir * (x < y ? -1 : 1);
      return a.index - b.index;
    });
  }
  return { status: 200, ids: rows.map((f) => f.id), params: p };
}
