// An official-SDK client that records every HTTP exchange, so each SDK call can be compared
// with the exact raw body it parsed.

import { OpenRouter, HTTPClient } from '@openrouter/sdk';

// apiKey: null = no key (no Authorization header); default 'x' as any SDK user would pass one.
export function makeClient(baseURL, { apiKey = 'x', timeoutMs = 30000 } = {}) {
  const log = [];
  const httpClient = new HTTPClient({
    fetcher: async (input, init) => {
      const req = input instanceof Request ? input : new Request(input, init);
      const res = await fetch(req);
      const text = await res.clone().text();
      const u = new URL(req.url);
      let json;
      let jsonError = null;
      try { json = JSON.parse(text); } catch (e) { jsonError = e.message; }
      log.push({
        method: req.method,
        url: req.url,
        path: u.pathname + u.search,
        status: res.status,
        contentType: res.headers.get('content-type') || '',
        text,
        json,
        jsonError,
        authorization: req.headers.get('authorization'),
      });
      return res;
    },
  });
  const client = new OpenRouter({
    serverURL: baseURL.replace(/\/+$/, '') + '/api/v1',
    ...(apiKey === null ? {} : { apiKey }),
    httpClient,
    // no retries: a 5XX must surface at once (the default budget is one hour)
    retryConfig: { strategy: 'none' },
    timeoutMs,
  });
  // run(fn) -> {value, error, records}: records = exchanges made during fn
  const run = async (fn) => {
    const mark = log.length;
    try {
      const value = await fn(client);
      return { value, error: null, records: log.slice(mark) };
    } catch (error) {
      return { value: undefined, error, records: log.slice(mark) };
    }
  };
  return { client, log, run };
}
