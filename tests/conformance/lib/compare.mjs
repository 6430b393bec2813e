// Comparison helpers: raw HTTP JSON vs the official SDK's parsed result, and served data vs
// the imported snapshot (fidelity).

// The SDK (Speakeasy/zod) renames every snake_case key to camelCase (`input_cache_write_1h` ->
// `inputCacheWrite1h`, `uptime_last_5m` -> `uptimeLast5m`), strips keys its schema does not
// know, and fills `supports_voice_cloning` with its default `false`. Values are untouched
// (open enums keep unknown strings as they are).
export function camelKey(k) {
  return k.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
}

export function camelize(v) {
  if (Array.isArray(v)) return v.map(camelize);
  if (v && typeof v === 'object') {
    const o = {};
    for (const [k, x] of Object.entries(v)) o[camelKey(k)] = camelize(x);
    return o;
  }
  return v;
}

// Keys the SDK adds with a default value when absent from the body.
const SDK_DEFAULTS = { supportsVoiceCloning: false };

function isPlainObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function show(v) {
  let s;
  try { s = JSON.stringify(v); } catch { s = String(v); }
  if (s === undefined) s = 'undefined';
  return s.length > 100 ? s.slice(0, 97) + '...' : s;
}

// Compare an SDK result with the raw JSON body it was parsed from.
// Returns {diffs: [...mismatches...], dropped: Set of raw keys the SDK does not know}.
export function sdkVsRaw(sdk, raw, label = '') {
  const diffs = [];
  const dropped = new Set();
  const walk = (s, r, p, ctx) => {
    if (diffs.length > 50) return;
    if (Array.isArray(r)) {
      if (!Array.isArray(s)) { diffs.push(`${p}${ctx}: SDK has ${show(s)}, raw has an array`); return; }
      if (s.length !== r.length) { diffs.push(`${p}${ctx}: SDK array length ${s.length} != raw ${r.length}`); return; }
      for (let i = 0; i < r.length; i++) {
        const id = isPlainObject(r[i]) && typeof r[i].id === 'string' ? ` [id=${r[i].id}]` : ctx;
        walk(s[i], r[i], `${p}[${i}]`, id);
      }
      return;
    }
    if (isPlainObject(r)) {
      if (!isPlainObject(s)) { diffs.push(`${p}${ctx}: SDK has ${show(s)}, raw has an object`); return; }
      const expect = {};
      for (const [k, x] of Object.entries(r)) expect[camelKey(k)] = [k, x];
      for (const [k, x] of Object.entries(s)) {
        if (x === undefined) continue;
        if (!(k in expect)) {
          if (k in SDK_DEFAULTS && x === SDK_DEFAULTS[k]) continue;
          diffs.push(`${p}.${k}${ctx}: present in SDK result (${show(x)}) but not in the raw body`);
          continue;
        }
        walk(x, expect[k][1], `${p}.${k}`, ctx);
      }
      for (const [ck, [rk]] of Object.entries(expect)) {
        if (!(ck in s) || s[ck] === undefined) dropped.add(`${p.replace(/\[\d+\]/g, '[]')}.${rk}`);
      }
      return;
    }
    if (s !== r && !(Number.isNaN(s) && Number.isNaN(r))) {
      diffs.push(`${p}${ctx}: SDK ${show(s)} != raw ${show(r)}`);
    }
  };
  walk(sdk, raw, label || '$', '');
  return { diffs, dropped };
}

// Deep JSON equality; returns a list of differences (empty = equal).
// Key order is ignored (JSON objects are unordered); array order matters.
export function jsonDiff(expected, actual, p = '$', out = [], max = 30) {
  if (out.length >= max) return out;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) { out.push(`${p}: expected an array ${show(expected)}, got ${show(actual)}`); return out; }
    if (expected.length !== actual.length) out.push(`${p}: array length ${actual.length}, expected ${expected.length}`);
    const n = Math.min(expected.length, actual.length);
    for (let i = 0; i < n; i++) jsonDiff(expected[i], actual[i], `${p}[${i}]`, out, max);
    return out;
  }
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) { out.push(`${p}: expected an object, got ${show(actual)}`); return out; }
    for (const k of Object.keys(expected)) {
      if (!(k in actual)) out.push(`${p}.${k}: missing (expected ${show(expected[k])})`);
      else jsonDiff(expected[k], actual[k], `${p}.${k}`, out, max);
      if (out.length >= max) return out;
    }
    for (const k of Object.keys(actual)) {
      if (!(k in expected)) out.push(`${p}.${k}: unexpected key (value ${show(actual[k])})`);
      if (out.length >= max) return out;
    }
    return out;
  }
  if (expected !== actual) {
    // 1 vs 1.0 cannot differ after JSON.parse; numbers compare exactly
    let hint = '';
    if (typeof expected === 'number' && typeof actual === 'number' && expected !== 0
        && Math.abs(expected - actual) / Math.abs(expected) < 1e-13) {
      hint = ' (precision lost: the number was not printed with round-trip precision, e.g. %.15g instead of %.17g)';
    }
    out.push(`${p}: expected ${show(expected)}, got ${show(actual)}${hint}`);
  }
  return out;
}

// ---- fidelity: what the server must return for an imported models file ----

// The only additions allowed on a model from a models file: missing required keys.
export function completeModel(src) {
  const m = JSON.parse(JSON.stringify(src));
  if (!('canonical_slug' in m)) m.canonical_slug = m.id;
  if (!('links' in m)) m.links = { details: `/api/v1/models/${m.canonical_slug}/endpoints` };
  if (!('default_parameters' in m)) m.default_parameters = null;
  if (!('supported_voices' in m)) m.supported_voices = null;
  return m;
}

// Other required Model keys; if absent in the source the server may fill them
// (the value is then judged by the schema only).
export const OTHER_REQUIRED_MODEL_KEYS = [
  'name', 'created', 'pricing', 'context_length', 'architecture', 'top_provider',
  'per_request_limits', 'supported_parameters',
];

// Known real-data drift: models-2025-10-01 stores modalities as space-separated strings
// ("text image") instead of arrays. A server may keep the value (fidelity) or split it into
// the array the schema requires; both are accepted.
export function modalitiesNormalized(srcVal, servedVal) {
  return typeof srcVal === 'string' && Array.isArray(servedVal)
    && JSON.stringify(srcVal.split(/[\s,]+/).filter(Boolean)) === JSON.stringify(servedVal);
}

// Compare served models with the expected (completed) snapshot models.
// Returns {diffs, notes}: diffs are violations, notes are tolerated deviations.
export function fidelityDiff(sourceModels, servedModels, { max = 30 } = {}) {
  const diffs = [];
  const notes = [];
  if (!Array.isArray(servedModels)) return { diffs: ['served data is not an array'], notes };
  const srcIds = sourceModels.map((m) => m.id);
  const gotIds = servedModels.map((m) => m?.id);
  if (srcIds.length !== gotIds.length) diffs.push(`served ${gotIds.length} models, snapshot has ${srcIds.length}`);
  const missing = srcIds.filter((id) => !gotIds.includes(id));
  const extra = gotIds.filter((id) => !srcIds.includes(id));
  if (missing.length) diffs.push(`missing ids: ${missing.slice(0, 8).join(', ')}${missing.length > 8 ? ` (+${missing.length - 8})` : ''}`);
  if (extra.length) diffs.push(`extra ids: ${extra.slice(0, 8).join(', ')}${extra.length > 8 ? ` (+${extra.length - 8})` : ''}`);
  if (!missing.length && !extra.length) {
    const firstOrder = srcIds.findIndex((id, i) => gotIds[i] !== id);
    if (firstOrder >= 0) diffs.push(`order differs from the snapshot at index ${firstOrder}: expected ${srcIds[firstOrder]}, got ${gotIds[firstOrder]}`);
  }
  const byId = new Map(servedModels.map((m) => [m?.id, m]));
  for (const src of sourceModels) {
    if (diffs.length >= max) break;
    const got = byId.get(src.id);
    if (!got) continue;
    const exp = completeModel(src);
    // tolerated: required keys the source lacked, filled by the server
    for (const k of OTHER_REQUIRED_MODEL_KEYS) {
      if (!(k in src) && k in got) { exp[k] = got[k]; notes.push(`${src.id}: server filled missing required '${k}'`); }
    }
    // tolerated: string modalities split into arrays
    for (const k of ['input_modalities', 'output_modalities']) {
      const sv = src.architecture?.[k];
      const gv = got.architecture?.[k];
      if (modalitiesNormalized(sv, gv)) { exp.architecture[k] = gv; notes.push(`${src.id}: architecture.${k} ${JSON.stringify(sv)} served as ${JSON.stringify(gv)}`); }
    }
    const d = jsonDiff(exp, got, `[id=${src.id}]`, [], 8);
    diffs.push(...d);
  }
  if (diffs.length > max) diffs.length = max;
  return { diffs, notes };
}

// Output-modality filter as the server should apply it (default `text`; `all` = everything).
// `arraysOnly`: a non-array value (capture drift such as "text image") counts as no modality.
export function modalitiesOf(m, { arraysOnly = false } = {}) {
  const v = m?.architecture?.output_modalities;
  if (Array.isArray(v)) return v;
  if (typeof v === 'string' && !arraysOnly) return v.split(/[\s,]+/).filter(Boolean);
  return [];
}

export function filterByOutput(models, wanted = 'text', opts = {}) {
  if (wanted === 'all') return models;
  const want = wanted.split(',');
  return models.filter((m) => modalitiesOf(m, opts).some((x) => want.includes(x)));
}
