// gen.mjs - seeded generators for the differential test: an extension file
// for a real snapshot (so extension-based parameters have data, with many
// deliberate ties) and random /models query strings over all 31 parameters.

export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (n) => Math.floor(next() * n);
  next.pick = (arr) => arr[Math.floor(next() * arr.length)];
  next.chance = (p) => next() < p;
  return next;
}

export const CATEGORIES = ['programming', 'roleplay', 'marketing', 'marketing/seo', 'technology',
  'science', 'translation', 'legal', 'finance', 'health', 'trivia', 'academia'];
export const SORTS = ['pricing-low-to-high', 'pricing-high-to-low', 'context-high-to-low',
  'throughput-high-to-low', 'latency-low-to-high', 'most-popular', 'top-weekly', 'newest',
  'intelligence-high-to-low', 'coding-high-to-low', 'agentic-high-to-low',
  'design-arena-elo-high-to-low'];

// models: array; endpoints: Map(id -> data). Returns an extension document.
export function makeExtension(models, endpoints, seed) {
  const r = rng(seed);
  const ext = { openrouter_c_extension: 1, models: {}, endpoints: [], providers: {} };
  const tiedBig = [1000000, 5000000, 5000000, 2000000000];
  for (const m of models) {
    if (typeof m.id !== 'string' || ext.models[m.id] || !r.chance(0.8)) continue;
    const x = {};
    if (r.chance(0.85)) x.weekly_tokens = r.chance(0.5) ? r.pick(tiedBig) : r.int(1e9);
    if (r.chance(0.85)) x.popularity = r.chance(0.5) ? r.pick([10, 500, 500, 7000]) : r.int(1e6);
    if (r.chance(0.8)) x.distillable = r.chance(0.35);
    if (r.chance(0.75)) x.tool_success_rate = r.chance(0.5) ? r.pick([0.5, 0.8, 0.9, 0.95, 1, 0])
      : Math.round(r() * 1000) / 1000;
    if (r.chance(0.8)) {
      x.categories = {};
      for (const c of CATEGORIES)
        if (r.chance(0.3)) x.categories[c] = r.chance(0.4) ? r.pick([100, 100, 2500]) : r.int(1e7);
      if (r.chance(0.05)) x.categories.programming = 0;
    }
    ext.models[m.id] = x;
  }
  const endpoint = (model, tag) => {
    const e = { model, tag };
    if (r.chance(0.9)) e.zdr = r.chance(0.3);
    const regions = [];
    if (r.chance(0.7)) regions.push('us');
    if (r.chance(0.35)) regions.push('eu');
    if (r.chance(0.05)) regions.push('asia');
    e.regions = regions;
    if (r.chance(0.8)) {
      const p50 = r.chance(0.4) ? r.pick([250, 400, 400, 900]) : Math.round(r() * 3000 * 10) / 10;
      e.latency_last_30m = { p50, p75: p50 * 1.2, p90: p50 * 1.5, p99: p50 * 3 };
    }
    if (r.chance(0.8)) {
      const p50 = r.chance(0.4) ? r.pick([20, 55.5, 55.5, 140]) : Math.round(r() * 300 * 10) / 10;
      e.throughput_last_30m = { p50, p75: p50 * 0.9, p90: p50 * 0.7, p99: p50 * 0.4 };
    }
    if (r.chance(0.7)) {
      e.uptime_last_5m = 100;
      e.uptime_last_30m = 99.5;
      e.uptime_last_1d = 99.1;
    }
    return e;
  };
  for (const m of models) {
    if (typeof m.id !== 'string') continue;
    const d = endpoints.get(m.id);
    const list = d && Array.isArray(d.endpoints) ? d.endpoints : [];
    for (const ep of list) if (r.chance(0.85)) ext.endpoints.push(endpoint(m.id, ep.tag ?? ''));
    if (!list.length && r.chance(0.4)) ext.endpoints.push(endpoint(m.id, 'synthetic'));
  }
  return ext;
}

// Values seen in the catalog, to aim generated filters at real data.
export function vocabulary(models, endpoints) {
  const v = { ids: [], models: [], authors: new Set(), tokenizers: new Set(), params: new Set(), providers: new Set(),
    words: new Set(), inputs: new Set(), outputs: new Set() };
  for (const m of models) {
    if (typeof m.id !== 'string') continue;
    v.ids.push(m.id);
    v.models.push(m);
    if (m.id.includes('/')) v.authors.add(m.id.split('/')[0]);
    const a = m.architecture || {};
    if (typeof a.tokenizer === 'string') v.tokenizers.add(a.tokenizer);
    for (const p of m.supported_parameters || []) v.params.add(p);
    for (const x of a.input_modalities || []) v.inputs.add(x);
    for (const x of a.output_modalities || []) v.outputs.add(x);
    for (const w of String(m.name || '').split(/[\s:()/,-]+/)) if (w.length > 1) v.words.add(w);
    const d = endpoints.get(m.id);
    for (const e of (d && d.endpoints) || []) if (e.provider_name) v.providers.add(e.provider_name);
  }
  for (const k of Object.keys(v)) if (v[k] instanceof Set) v[k] = [...v[k]].sort();
  return v;
}

const IN = ['text', 'image', 'file', 'audio', 'video'];
const OUT = ['text', 'image', 'embeddings', 'audio', 'video', 'rerank', 'speech', 'transcription'];

function subset(r, arr, max) {
  const n = 1 + r.int(Math.min(max, arr.length));
  const out = [];
  for (let i = 0; i < n; i++) out.push(r.pick(arr));
  return out;
}

function randPrice(r) {
  return r.pick(['0', '0.1', '0.5', '1', '2.5', '3', '10', '15', '0.075', '0.15', '60', '1e-1',
    String(Math.round(r() * 2000) / 100)]);
}

// One generator per parameter: returns a valid value (as text).
function generators(v, now) {
  const days = () => String(r0.int(2) ? r0.pick([0, 1, 7, 30, 90, 365, 1000]) : r0.int(1500));
  let r0 = null;
  const g = {
    offset: () => String(r0.pick([0, 0, 1, 5, 50, 100, 300, 1000])),
    limit: () => String(r0.pick([1, 2, 5, 10, 50, 500, 1000])),
    category: () => r0.pick(CATEGORIES),
    supported_parameters: () => subset(r0, v.params.length ? v.params : ['tools'], 3).join(','),
    output_modalities: () => (r0.chance(0.25) ? 'all' : subset(r0, OUT, 3).join(',')),
    sort: () => r0.pick(SORTS),
    use_rss: () => 'false',
    use_rss_chat_links: () => r0.pick(['true', 'false']),
    q: () => {
      // terms taken from one model so that they can match together
      const m = r0.pick(v.models);
      const words = String(m.name || '').split(/[\s:()]+/).filter((w) => w.length > 1);
      const id = String(m.id);
      const terms = [];
      const n = 1 + r0.int(2);
      for (let i = 0; i < n; i++) {
        if (words.length && r0.chance(0.5)) terms.push(r0.pick(words));
        else {
          const at = r0.int(Math.max(1, id.length - 2));
          terms.push(id.slice(at, at + 2 + r0.int(6)));
        }
      }
      return terms.map((t) => (r0.chance(0.3) ? t.toUpperCase() : t)).join(r0.chance(0.2) ? '  ' : ' ');
    },
    input_modalities: () => subset(r0, IN, 2).join(','),
    context: () => String(r0.pick([1, 4096, 8192, 32768, 128000, 131072, 200000, 1000000, 2000000])),
    min_price: () => randPrice(r0), max_price: () => randPrice(r0),
    min_output_price: () => randPrice(r0), max_output_price: () => randPrice(r0),
    arch: () => {
      const t = r0.pick(v.tokenizers.length ? v.tokenizers : ['GPT']);
      const s = r0.chance(0.5) ? t.slice(0, 1 + r0.int(t.length)) : t;
      return r0.chance(0.5) ? s.toLowerCase() : s;
    },
    model_authors: () => subset(r0, v.authors, 3).map((a) => (r0.chance(0.2) ? a.toUpperCase() : a)).join(','),
    providers: () => subset(r0, v.providers.length ? v.providers : ['OpenAI'], 3)
      .map((p) => (r0.chance(0.3) ? p.toLowerCase() : p)).join(','),
    distillable: () => r0.pick(['true', 'false']),
    zdr: () => 'true',
    region: () => r0.pick(['eu', 'us']),
    min_age_days: days, max_age_days: days,
    min_intelligence_index: () => String(r0.int(80)), max_intelligence_index: () => String(r0.int(80)),
    min_coding_index: () => String(r0.int(80)), max_coding_index: () => String(r0.int(80)),
    min_agentic_index: () => String(r0.int(80)), max_agentic_index: () => String(r0.int(80)),
    min_tool_success_rate: () => r0.pick(['0', '0.5', '0.8', '0.9', '0.95', '1', '0.333']),
    max_tool_success_rate: () => r0.pick(['0', '0.5', '0.8', '0.9', '0.95', '1', '0.333']),
  };
  return { g, bind: (r) => { r0 = r; } };
}

// Invalid values per parameter kind (each must be a 400).
const BAD = {
  offset: ['-1', 'x', '1.5'], limit: ['0', '1001', 'ten'], context: ['0', '-5', '1e3'],
  category: ['cooking', 'Programming'], sort: ['cheapest', 'NEWEST'], region: ['asia', 'EU'],
  zdr: ['false', 'yes'], distillable: ['1', 'True'], use_rss: ['yes'],
  output_modalities: ['smell', 'text,,image', 'all,text'], input_modalities: ['rerank', 'text,'],
  min_price: ['-1', 'free', 'NaN'], max_tool_success_rate: ['1.5', '-0.1'], min_age_days: ['-1', '2.5'],
};

const enc = (s, r) => {
  let e = encodeURIComponent(s);
  if (r.chance(0.3)) e = e.replace(/%20/g, '+');
  return e;
};

// Returns {qs, pairs} where pairs are the decoded [name, value] pairs.
export function makeQueries(v, seed, count, now) {
  const r = rng(seed);
  const { g, bind } = generators(v, now);
  bind(r);
  const names = Object.keys(g);
  const out = [];
  for (let i = 0; i < count; i++) {
    const pairs = [];
    const n = r.pick([0, 1, 1, 1, 2, 2, 2, 3, 3, 4]);
    const used = new Set();
    for (let k = 0; k < n; k++) {
      const name = r.pick(names);
      if (used.has(name)) continue;
      used.add(name);
      pairs.push([name, g[name]()]);
    }
    if (r.chance(0.25) && !used.has('sort')) pairs.push(['sort', g.sort()]);
    if (r.chance(0.15)) pairs.push(['unknown_param', 'whatever']);
    if (r.chance(0.06)) {
      const name = r.pick(Object.keys(BAD));
      pairs.push([name, r.pick(BAD[name])]);
    }
    if (r.chance(0.02) && pairs.length) pairs.push(pairs[0]); // repeated
    if (r.chance(0.02)) pairs.push(['limit', '']);
    const qs = pairs.map(([k, val]) => `${k}=${enc(val, r)}`).join('&');
    out.push({ qs, pairs });
  }
  return out;
}
