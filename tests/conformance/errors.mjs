// Conformance of error responses: status codes, the official error body schema
// ({error:{code,message,metadata?}, openrouter_metadata?, user_id?} with error.code == HTTP
// status), Content-Type, and the official SDK's typed error classes.
//
// Env: OR_BIN_DIR, OR_SOURCE_DIR, OR_SHARED_DIR (set by ctest).

import * as errors from '@openrouter/sdk/models/errors';
import { Harness, describeError } from './lib/harness.mjs';
import { startServer, findBinary, runCli } from './lib/server.mjs';
import { validate, errorSchemaName } from './lib/schema.mjs';
import { rawRequest, rawGet } from './lib/http.mjs';
import { makeClient } from './lib/sdkclient.mjs';

const h = new Harness('conformance');

// One raw request that must fail with `status` and a valid error body.
async function expectError(base, method, p, status, { headers, note = '' } = {}) {
  const what = `${method} ${p}${note ? ' (' + note + ')' : ''} -> ${status}`;
  let r;
  try {
    r = await rawRequest(base, p, { method, headers });
  } catch (e) {
    h.fail(what, [e.message]);
    return null;
  }
  const problems = [];
  if (r.status !== status) problems.push(`HTTP ${r.status}, expected ${status}; body: ${r.text.slice(0, 200)}`);
  if (!/^application\/json\b/i.test(r.contentType)) problems.push(`Content-Type ${JSON.stringify(r.contentType)}, expected application/json`);
  if (r.jsonError) problems.push(`body is not JSON (${r.jsonError}): ${r.text.slice(0, 120)}`);
  else if (r.status >= 400) {
    const name = errorSchemaName(status);
    const v = validate(name, r.json);
    if (!v.ok) problems.push(...v.errors.map((e) => `schema ${name}: ${e}`));
    if (r.json?.error?.code !== r.status) problems.push(`error.code ${JSON.stringify(r.json?.error?.code)} != HTTP status ${r.status}`);
    if (typeof r.json?.error?.message !== 'string' || !r.json.error.message.length) problems.push('error.message is not a non-empty string');
  }
  h.check(what, problems);
  return r;
}

// One SDK call that must throw `cls` carrying the body's error object.
async function expectSdkError(sdk, label, fn, cls, status) {
  const r = await sdk.run(fn);
  const rec = r.records[r.records.length - 1];
  const what = `SDK ${label} throws ${cls.name} (${status})`;
  if (!r.error) {
    h.fail(what, [`call succeeded${rec ? `: ${rec.method} ${rec.path} -> ${rec.status}` : ''}`]);
    return;
  }
  const problems = [];
  if (!(r.error instanceof cls)) problems.push(`got ${r.error.name}`, ...describeError(r.error));
  if (rec && rec.status !== status) problems.push(`${rec.method} ${rec.path} -> HTTP ${rec.status}, expected ${status}`);
  if (r.error instanceof errors.OpenRouterError && r.error.statusCode !== status) problems.push(`error.statusCode ${r.error.statusCode}`);
  if (r.error instanceof cls && rec?.json?.error) {
    if (r.error.error?.code !== rec.json.error.code) problems.push(`SDK error.code ${r.error.error?.code} != body ${rec.json.error.code}`);
    if (r.error.error?.message !== rec.json.error.message) problems.push(`SDK error.message ${JSON.stringify(r.error.error?.message)} != body ${JSON.stringify(rec.json.error.message)}`);
    if (r.error.message !== rec.json.error.message) problems.push(`SDK Error.message ${JSON.stringify(r.error.message)}`);
  }
  h.check(what, problems);
}

async function main() {
  const bin = findBinary();
  if (!bin) {
    h.fail('openrouterd binary not found', [`OR_BIN_DIR=${process.env.OR_BIN_DIR || '(unset)'}; build the server first`]);
    return h.summary();
  }
  console.log(`conformance: server ${bin}`);
  let srv;
  try {
    srv = await startServer(); // empty db: the demo catalogue
  } catch (e) {
    h.fail('start server on an empty db', String(e.message).split('\n'));
    return h.summary();
  }
  const base = srv.baseURL;
  const sdk = makeClient(base);

  // a real model of the catalogue, to build "unknown variant" ids and check the happy path
  const list = await rawGet(base, '/api/v1/models?output_modalities=all');
  const some = Array.isArray(list.json?.data) ? list.json.data.find((m) => !m.id.includes(':') && !m.id.startsWith('~')) : null;
  h.check('GET /api/v1/models works on the demo catalogue', some ? [] : [`HTTP ${list.status}: ${list.text.slice(0, 200)}`]);

  // ---- 404: unknown model / endpoints / route
  await expectError(base, 'GET', '/api/v1/model/no-such-author/no-such-model', 404);
  await expectError(base, 'GET', '/api/v1/models/no-such-author/no-such-model/endpoints', 404);
  await expectError(base, 'GET', '/api/v1/model/no-such-author/no-such-model%3Afree', 404, { note: 'encoded :free' });
  if (some) {
    const [a, ...rest] = some.id.split('/');
    const s = rest.join('/');
    await expectError(base, 'GET', `/api/v1/model/${a}/${encodeURIComponent(s + ':no-such-variant')}`, 404, { note: 'unknown variant of a known model' });
    await expectError(base, 'GET', `/api/v1/model/${a}`, 404, { note: 'missing slug' });
  }
  await expectError(base, 'GET', '/api/v1/no-such-route', 404);
  await expectError(base, 'GET', '/api/v1/models/a/b/c/d/e', 404);
  await expectError(base, 'GET', '/no-such-route', 404);

  await expectSdkError(sdk, 'models.get(unknown)', (c) => c.models.get({ author: 'no-such-author', slug: 'no-such-model' }), errors.NotFoundResponseError, 404);
  await expectSdkError(sdk, 'models.get(unknown :free)', (c) => c.models.get({ author: 'no-such-author', slug: 'no-such-model:free' }), errors.NotFoundResponseError, 404);
  await expectSdkError(sdk, 'endpoints.list(unknown)', (c) => c.endpoints.list({ author: 'no-such-author', slug: 'no-such-model' }), errors.NotFoundResponseError, 404);

  // ---- 400: parameters outside their type/range/enum
  for (const q of [
    'limit=0', 'limit=1001', 'limit=-5', 'limit=abc', 'limit=1.5', 'offset=-1', 'offset=abc', 'offset=-1&limit=10',
    'output_modalities=bogus', 'output_modalities=text,bogus', 'sort=bogus', 'category=bogus',
  ]) {
    await expectError(base, 'GET', `/api/v1/models?${q}`, 400);
  }
  await expectError(base, 'GET', '/api/v1/models/count?output_modalities=bogus', 400);

  await expectSdkError(sdk, 'models.list({limit:0})', (c) => c.models.list({ limit: 0 }), errors.BadRequestResponseError, 400);
  await expectSdkError(sdk, 'models.list({limit:1001})', (c) => c.models.list({ limit: 1001 }), errors.BadRequestResponseError, 400);
  await expectSdkError(sdk, 'models.list({offset:-1})', (c) => c.models.list({ offset: -1 }), errors.BadRequestResponseError, 400);
  await expectSdkError(sdk, "models.list({outputModalities:'bogus'})", (c) => c.models.list({ outputModalities: 'bogus' }), errors.BadRequestResponseError, 400);
  await expectSdkError(sdk, "models.count({outputModalities:'bogus'})", (c) => c.models.count({ outputModalities: 'bogus' }), errors.BadRequestResponseError, 400);

  // the boundaries themselves are valid
  for (const q of ['limit=1', 'limit=1000', 'offset=0', 'offset=100000&limit=10']) {
    const r = await rawGet(base, `/api/v1/models?${q}`);
    const v = r.json ? validate('ModelsListResponse', r.json) : { ok: false, errors: [r.jsonError] };
    h.check(`GET /api/v1/models?${q} -> 200 valid list`, r.status === 200 && v.ok ? [] : [`HTTP ${r.status}`, ...v.errors.slice(0, 3), r.text.slice(0, 150)]);
  }

  // ---- 405: wrong method on existing routes
  for (const [m, p] of [
    ['POST', '/api/v1/models'],
    ['PUT', '/api/v1/models/count'],
    ['DELETE', '/api/v1/providers'],
    ['POST', '/api/v1/endpoints/zdr'],
    ...(some ? [['POST', `/api/v1/model/${some.id}`]] : []),
  ]) {
    const r = await expectError(base, m, p, 405);
    if (r && r.status === 405 && !r.headers.get('allow')) h.warn(`${m} ${p}: 405 without an Allow header (RFC 9110 requires one)`);
  }

  // ---- 401: /models/user needs a Bearer key
  await expectError(base, 'GET', '/api/v1/models/user', 401, { note: 'no Authorization' });
  await expectError(base, 'GET', '/api/v1/models/user', 401, { note: 'unknown key', headers: { Authorization: 'Bearer sk-or-v1-not-a-real-key' } });
  await expectError(base, 'GET', '/api/v1/models/user', 401, { note: 'not Bearer', headers: { Authorization: 'Basic Zm9vOmJhcg==' } });
  await expectSdkError(sdk, 'models.listForUser(unknown key)', (c) => c.models.listForUser({ bearer: 'sk-or-v1-not-a-real-key' }), errors.UnauthorizedResponseError, 401);

  // with a real key, bad paging parameters are 400 (spec has no 400 there; the SDK maps it to its default error)
  const k = runCli(['keys', 'create', '--db', srv.db, '--label', 'conformance-errors']);
  if (k.status === 0) {
    const key = (k.stdout.trim().split('\n').pop() || '').trim().split(/\s+/).pop();
    await expectError(base, 'GET', '/api/v1/models/user?limit=0', 400, { note: 'valid key', headers: { Authorization: `Bearer ${key}` } });
    const ok = await rawGet(base, '/api/v1/models/user', { headers: { Authorization: `Bearer ${key}` } });
    h.check('GET /api/v1/models/user with a fresh key -> 200', ok.status === 200 ? [] : [`HTTP ${ok.status}: ${ok.text.slice(0, 200)}`]);
  } else {
    h.skip('/models/user with a valid key', `\`openrouterd keys create\` is not available yet (exit ${k.status}: ${(k.stderr || k.stdout).trim().split('\n')[0].slice(0, 100)})`);
  }

  // ---- public routes ignore an unknown Bearer key: the SDK sends its apiKey on every call, so
  // a client configured with some other key (e.g. a real OpenRouter key) must not get 401/429
  {
    const statuses = {};
    const routes = ['/api/v1/models/count', '/api/v1/providers', '/api/v1/endpoints/zdr', '/api/v1/models?limit=1'];
    if (some) routes.push(`/api/v1/model/${some.id}`, some.links?.details || `/api/v1/models/${some.id}/endpoints`);
    for (let i = 0; i < 120; i++) {
      const p = routes[i % routes.length];
      const r = await rawGet(base, p, { headers: { Authorization: `Bearer sk-or-v1-unknown-${i}` } });
      statuses[`${p} -> ${r.status}`] = (statuses[`${p} -> ${r.status}`] || 0) + 1;
    }
    const bad = Object.entries(statuses).filter(([k]) => !k.endsWith('-> 200'));
    h.check(`120 public requests (${routes.length} routes) carrying unknown Bearer keys all answer 200 (no 401/429 on public routes)`,
      bad.map(([k, n]) => `${k}: ${n} time(s)`));
    const anon = await rawGet(base, '/api/v1/models/count');
    h.check('afterwards a keyless public request still answers 200', anon.status === 200 ? [] : [`HTTP ${anon.status}: ${anon.text.slice(0, 150)}`]);
  }

  // ---- the server survives all of the above
  const after = await rawGet(base, '/api/v1/models/count');
  h.check('server still answers after the error checks', after.status === 200 && srv.alive() ? [] : [`HTTP ${after.status}`, srv.stderr().slice(-500)]);
  const st = await srv.stop();
  h.check('server stops on SIGTERM within 5 s', st.forced ? ['had to SIGKILL'] : []);
  return h.summary();
}

main().then((code) => process.exit(code), (e) => {
  console.log(e.stack || String(e));
  h.fail('harness crashed');
  process.exit(h.summary() || 1);
});
