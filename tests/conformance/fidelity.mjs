// Conformance: import -> serve is the identity on values, probed with a small synthetic catalogue
// that carries what real captures carry only sometimes (or only in newer captures):
// 17-significant-digit doubles, 2^53-1, non-ASCII and escaped text, long price strings, pricing
// overrides, benchmarks/reasoning/alias_target, unknown future keys (must be kept), :free and
// ~alias ids; plus an endpoints response with such values and the documented derivation of
// `supports_tool_choice`. Every body must also validate and parse in the official SDK.
//
// Env: OR_BIN_DIR, OR_SOURCE_DIR, OR_SHARED_DIR (set by ctest).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Harness, describeError } from './lib/harness.mjs';
import { startServer, findBinary } from './lib/server.mjs';
import { validate } from './lib/schema.mjs';
import { jsonDiff, sdkVsRaw } from './lib/compare.mjs';
import { rawGet, jsonFraming } from './lib/http.mjs';
import { makeClient } from './lib/sdkclient.mjs';

const h = new Harness('conformance');

const base = (id, created, extra = {}) => ({
  id,
  canonical_slug: extra.canonical_slug ?? id,
  hugging_face_id: '',
  name: `Synthetic: ${id}`,
  created,
  description: 'plain',
  context_length: 131072,
  architecture: { modality: 'text->text', input_modalities: ['text'], output_modalities: ['text'], tokenizer: 'Other', instruct_type: null },
  pricing: { prompt: '0.000001', completion: '0.000002' },
  top_provider: { context_length: 131072, max_completion_tokens: 8192, is_moderated: false },
  per_request_limits: null,
  supported_parameters: ['max_tokens', 'temperature', 'tools', 'tool_choice'],
  default_parameters: {},
  supported_voices: null,
  knowledge_cutoff: null,
  expiration_date: null,
  links: { details: `/api/v1/models/${extra.canonical_slug ?? id}/endpoints` },
  ...extra,
});

const MODELS = [
  base('synth/doubles', 1900000005, {
    canonical_slug: 'synth/doubles-20300312',
    default_parameters: { temperature: 0.30000000000000004, top_p: 0.95, top_k: 20, frequency_penalty: -0.5, presence_penalty: 1e-7, repetition_penalty: 1.0000000000000002 },
    top_provider: { context_length: 9007199254740991, max_completion_tokens: null, is_moderated: true },
    benchmarks: {
      design_arena: [{ arena: 'models', category: 'website', elo: 1385.2000000000003, win_rate: 62.51234567890123, rank: 5 }],
      artificial_analysis: { intelligence_index: 71.40000000000001, coding_index: null, agentic_index: 55.8 },
    },
    reasoning: { mandatory: false, default_enabled: true, default_effort: 'medium', supported_efforts: ['high', 'medium', 'low', 'minimal'] },
    x_future_field: { nested: [1, 2.5, 'text', null, true, { deeper: 1e-300 }], empty_object: {}, empty_array: [] },
  }),
  base('synth/text', 1900000004, {
    name: 'Synthetic: Ünïcødé “quoted” 🚀 𝄞',
    description: 'Line one\nline two\ttabbed, "quotes", back\\slash, </script>, \u2028 line separator, \u00e9\u0301 combining, \u0001 control, emoji 👩‍💻, CJK 漢字.',
    hugging_face_id: null,
    knowledge_cutoff: '2030-01-01',
    expiration_date: '2098-12-31',
  }),
  base('synth/prices', 1900000003, {
    pricing: {
      prompt: '0.0000000208333333333333', completion: '0.00001234567890123456789', request: '0', image: '0.0048',
      input_cache_read: '0.0000000375', input_cache_write: '0.00000125', input_cache_write_1h: '0.000002', web_search: '0.01',
      internal_reasoning: '0', audio: '0.00004', audio_output: '0.00008', image_output: '0.00003', image_token: '0.00001',
      input_audio_cache: '0.0000002', discount: 0.35,
      overrides: [{ min_prompt_tokens: 200000, prompt: '0.000005', completion: '0.00002' }, { utc_start: 2230, utc_end: 630, prompt: '0.0000005' }],
    },
  }),
  base('synth/prices:free', 1900000003, { canonical_slug: 'synth/prices', links: { details: '/api/v1/models/synth/prices/endpoints' }, pricing: { prompt: '0', completion: '0' } }),
  base('openrouter/synth-router', 1900000002, { pricing: { prompt: '-1', completion: '-1' }, supported_parameters: [] }),
  base('~synth/doubles-latest', 1900000001, { alias_target: { slug: 'synth/doubles', name: 'Synthetic: synth/doubles' } }),
  base('synth/old', 1500000000, { supported_voices: ['alloy', 'verse'], default_parameters: null, context_length: null }),
];

const endpoint = (extra) => ({
  name: 'SynthCloud | synth/doubles-20300312',
  model_id: 'synth/doubles',
  model_name: 'Synthetic: synth/doubles',
  context_length: 131072,
  pricing: { prompt: '0.000001', completion: '0.000002', discount: 0 },
  provider_name: 'SynthCloud',
  tag: 'synthcloud/fp8',
  quantization: 'fp8',
  max_completion_tokens: 8192,
  max_prompt_tokens: null,
  supported_parameters: ['max_tokens', 'temperature'],
  status: 0,
  uptime_last_30m: 98.21428571428571,
  uptime_last_5m: 100,
  uptime_last_1d: 99.75106685633001,
  supports_implicit_caching: true,
  latency_last_30m: null,
  throughput_last_30m: null,
  ...extra,
});

const ENDPOINTS = {
  data: {
    id: 'synth/doubles',
    name: 'Synthetic: synth/doubles',
    created: 1900000005,
    description: 'plain',
    architecture: { tokenizer: 'Other', instruct_type: null, modality: 'text->text', input_modalities: ['text'], output_modalities: ['text'] },
    endpoints: [
      endpoint({ supports_tool_choice: { auto: true, function: false, none: true, required: false } }), // given: kept as is
      endpoint({ tag: 'synthcloud/bf16', quantization: 'bf16', status: -5, uptime_last_1d: 97.49990157092799, supported_parameters: ['tools', 'tool_choice'] }),
      endpoint({ tag: 'other', provider_name: 'Brand New Provider', quantization: 'unknown', status: -2, uptime_last_30m: null, supported_parameters: ['tools'], pricing: { prompt: '0.0000000208333333333333', completion: '0.000002', discount: 0.25, input_cache_read: '0.0000000375' } }),
      endpoint({ tag: 'plain', supported_parameters: ['temperature'], x_future_endpoint_field: [1.0000000000000002] }),
    ],
  },
};

// supports_tool_choice derived from supported_parameters when absent (docs/catalog-format.md)
function derivedToolChoice(params) {
  const tc = params.includes('tool_choice');
  const tools = params.includes('tools');
  return { auto: tc || tools, function: tc, none: tc, required: tc };
}

async function main() {
  const bin = findBinary();
  if (!bin) {
    h.fail('openrouterd binary not found', [`OR_BIN_DIR=${process.env.OR_BIN_DIR || '(unset)'}; build the server first`]);
    return h.summary();
  }
  console.log(`conformance: server ${bin}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'or-conformance-synth-'));
  const modelsFile = path.join(dir, 'models.json');
  const endpointsFile = path.join(dir, 'endpoints.json');
  fs.writeFileSync(modelsFile, JSON.stringify({ data: MODELS }, null, 2));
  fs.writeFileSync(endpointsFile, JSON.stringify(ENDPOINTS));
  // the synthetic files must themselves be valid (else this test is wrong, not the server)
  const selfCheck = [
    ...validate('ModelsListResponse', { data: MODELS, total_count: MODELS.length, links: { next: null } }).errors,
    ...validate('EndpointsResponse', { data: { ...ENDPOINTS.data, endpoints: ENDPOINTS.data.endpoints.map((e) => ({ ...e })) } }).errors,
  ];
  if (selfCheck.length) { h.fail('synthetic files are schema-valid (test bug)', selfCheck); return h.summary(); }

  let srv;
  try {
    srv = await startServer({ importFiles: [modelsFile, endpointsFile] });
  } catch (e) {
    h.fail('import + start server with the synthetic catalogue', String(e.message).split('\n'));
    fs.rmSync(dir, { recursive: true, force: true });
    return h.summary();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const sdk = makeClient(srv.baseURL);

  // models: all, exact identity (order, keys, values)
  const all = await sdk.run((c) => c.models.list({ outputModalities: 'all' }));
  const rec = all.records[0];
  if (rec && h.check('GET /models?output_modalities=all: 200 JSON', jsonFraming(rec, 200))) {
    const v = validate('ModelsListResponse', rec.json);
    h.check('models list validates against ModelsListResponse', v.errors);
    h.check('models list == imported file (values, order, unknown keys kept)', jsonDiff(MODELS, rec.json.data, '$', [], 40));
    if (all.error) h.fail('SDK parses the synthetic models list', describeError(all.error));
    else h.check('SDK result equals raw body (camelCase)', sdkVsRaw(all.value.result, rec.json).diffs);
  }

  // models.get for each id (percent-encoded by the SDK), identical to the file
  for (const m of MODELS) {
    const i = m.id.indexOf('/');
    const r = await sdk.run((c) => c.models.get({ author: m.id.slice(0, i), slug: m.id.slice(i + 1) }));
    const x = r.records[0];
    if (!x || x.status !== 200) { h.fail(`models.get(${m.id})`, [x ? `${x.path} -> HTTP ${x.status}: ${x.text.slice(0, 150)}` : describeError(r.error).join(' / ')]); continue; }
    const d = jsonDiff(m, x.json?.data, `[id=${m.id}]`, [], 10);
    if (r.error) d.push(...describeError(r.error));
    h.check(`models.get(${m.id}) == imported model, SDK parses it`, d);
  }

  // endpoints: values kept, supports_tool_choice kept when given and derived when absent
  const er = await sdk.run((c) => c.endpoints.list({ author: 'synth', slug: 'doubles-20300312' }));
  const ex = er.records[0];
  if (ex && h.check('GET /models/synth/doubles-20300312/endpoints (canonical slug): 200 JSON', jsonFraming(ex, 200))) {
    h.check('endpoints body validates against {data: ListEndpointsResponse}', validate('EndpointsResponse', ex.json).errors);
    if (er.error) h.fail('SDK parses the synthetic endpoints response', describeError(er.error));
    else h.check('endpoints: SDK result equals raw body (camelCase)', sdkVsRaw(er.value, ex.json).diffs);
    const expected = JSON.parse(JSON.stringify(ENDPOINTS));
    for (const e of expected.data.endpoints) {
      if (!e.supports_tool_choice) e.supports_tool_choice = derivedToolChoice(e.supported_parameters);
    }
    h.check('endpoints == imported response + supports_tool_choice derived per docs/catalog-format.md', jsonDiff(expected, ex.json, '$', [], 30));
  }
  const alias = await rawGet(srv.baseURL, '/api/v1/models/synth/doubles/endpoints');
  h.check('GET /models/synth/doubles/endpoints (plain id) answers 200 or 404 with a valid body',
    (alias.status === 200 && validate('EndpointsResponse', alias.json).ok) || (alias.status === 404 && validate('NotFoundResponse', alias.json).ok)
      ? [] : [`HTTP ${alias.status}: ${alias.text.slice(0, 200)}`]);

  const st = await srv.stop();
  h.check('server stops on SIGTERM within 5 s', st.forced ? ['had to SIGKILL'] : []);
  return h.summary();
}

main().then((code) => process.exit(code), (e) => {
  console.log(e.stack || String(e));
  h.fail('harness crashed');
  process.exit(h.summary() || 1);
});
