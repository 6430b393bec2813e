// Raw HTTP helper (Node's fetch): returns status, headers, text and parsed JSON.

export async function rawRequest(baseURL, pathAndQuery, { method = 'GET', headers = {}, body, timeoutMs = 30000 } = {}) {
  const url = baseURL.replace(/\/+$/, '') + pathAndQuery;
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeoutMs);
  let res;
  try {
    res = await fetch(url, {
      method,
      headers: { Accept: 'application/json', ...headers },
      body,
      signal: ctl.signal,
      redirect: 'manual',
    });
  } catch (e) {
    clearTimeout(timer);
    const err = new Error(`${method} ${pathAndQuery}: ${e.name === 'AbortError' ? `no answer within ${timeoutMs} ms` : e.message}${e.cause ? ' (' + (e.cause.code || e.cause.message) + ')' : ''}`);
    err.cause = e;
    throw err;
  }
  const text = await res.text();
  clearTimeout(timer);
  const contentType = res.headers.get('content-type') || '';
  let json;
  let jsonError = null;
  try { json = JSON.parse(text); } catch (e) { jsonError = e.message; }
  return { url, path: pathAndQuery, method, status: res.status, headers: res.headers, contentType, text, json, jsonError };
}

export const rawGet = (baseURL, p, opts) => rawRequest(baseURL, p, { ...opts, method: 'GET' });

// Problems with a JSON response's framing (status, content type, parse).
export function jsonFraming(r, wantStatus) {
  const out = [];
  if (wantStatus !== undefined && r.status !== wantStatus) {
    out.push(`HTTP ${r.status}, expected ${wantStatus}; body: ${r.text.slice(0, 200)}`);
  }
  if (!/^application\/json\b/i.test(r.contentType)) out.push(`Content-Type ${JSON.stringify(r.contentType)}, expected application/json`);
  if (r.jsonError) out.push(`body is not JSON (${r.jsonError}): ${r.text.slice(0, 120)}`);
  return out;
}
