// bench_list.mjs - time the official TypeScript SDK (@openrouter/sdk 1.3.19,
// from tests/conformance/node_modules) doing models.list() - the whole
// catalog, validated and typed - against a server, warm, one client.
//   node bench_list.mjs BASE_URL [ITERATIONS] [WARMUP]
// Prints one line: "ts <iterations> <models> <wall ms per call> <CPU ms per call>"
// (CPU: this process, user + system, as process.cpuUsage() reports it).
import { OpenRouter } from '@openrouter/sdk';

const [base, iters = '200', warm = '20'] = process.argv.slice(2);
const client = new OpenRouter({ serverURL: base, apiKey: 'x' });
const n = Number(iters), w = Number(warm);
let models = 0, t0 = 0, c0 = null;
for (let i = 0; i < w + n; i++) {
  if (i === w) { t0 = performance.now(); c0 = process.cpuUsage(); }
  const res = await client.models.list();
  models = res.result.data.length;
}
const cpu = process.cpuUsage(c0);
console.log(`ts ${n} ${models} ${((performance.now() - t0) / n).toFixed(4)} ${((cpu.user + cpu.system) / 1000 / n).toFixed(4)}`);
