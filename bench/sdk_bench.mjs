// sdk_bench.mjs - the official TypeScript SDK's list call, timed: N x
// client.models.list() (the full default list) against BASE_URL; prints the
// same JSON line as sdk_bench.c. Uses the SDK installed for the conformance
// tests (tests/conformance/node_modules).
//   node bench/sdk_bench.mjs BASE_URL N
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../tests/conformance/package.json'));
const { OpenRouter } = await import(pathToFileURL(require.resolve('@openrouter/sdk')).href);

const [base, nArg] = process.argv.slice(2);
const n = Number(nArg);
const client = new OpenRouter({ serverURL: base.replace(/\/+$/, '') + '/api/v1', retryConfig: { strategy: 'none' } });
const times = [];
let models = 0;
const c0 = process.cpuUsage();
for (let i = 0; i < n; i++) {
  const s = performance.now();
  const r = await client.models.list();
  times.push(performance.now() - s);
  models = (r.data ?? r.result?.data ?? r).length ?? 0;
}
const cpu = process.cpuUsage(c0);
times.sort((a, b) => a - b);
const mean = times.reduce((a, b) => a + b, 0) / n;
console.log(JSON.stringify({
  calls: n, models, mean_ms: +mean.toFixed(3), p50_ms: +times[Math.floor(n / 2)].toFixed(3),
  p99_ms: +times[Math.floor((n * 99) / 100)].toFixed(3), cpu_ms_per_call: +((cpu.user + cpu.system) / 1000 / n).toFixed(3),
}));
