// Registration flood used by bench/register-flood.sh: GET /api/health latency alone, then while N clients
// POST /api/auth/register back to back (each request from an X-Forwarded-For of its own and for a new
// phone, so no per-address or per-phone limit stops them: only the password-hash gate stands in the way).
//
// node register-flood.mjs --base http://127.0.0.1:7071 --clients 30 --duration 20 --baseline 5
import os from 'node:os';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const base = opt('base', 'http://127.0.0.1:7071');
const clients = Number(opt('clients', 30));
const durationS = Number(opt('duration', 20));
const baselineS = Number(opt('baseline', 5));

const now = () => performance.now();
const sleep = ms => new Promise(r => setTimeout(r, ms));
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const round = x => Math.round(x);
let addressCounter = 0;
const nextAddress = () => {
  const n = addressCounter++;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
};

// Health probes one after another (50 ms apart) until `until`; latencies in ms and non-200 answers.
async function probeHealth(until) {
  const latencies = [];
  let failed = 0;
  while (now() < until) {
    const t0 = now();
    try {
      const res = await fetch(base + '/api/health');
      await res.arrayBuffer();
      if (res.status === 200) latencies.push(now() - t0); else failed++;
    } catch { failed++; }
    await sleep(50);
  }
  latencies.sort((a, b) => a - b);
  return { latencies, failed };
}

const describe = ({ latencies, failed }) =>
  `n=${latencies.length}, p50 ${round(percentile(latencies, 50))} ms, p99 ${round(percentile(latencies, 99))} ms, max ${round(latencies.at(-1))} ms` +
  (failed ? `, ${failed} not 200` : '');

// 1. Health alone.
const alone = await probeHealth(now() + baselineS * 1000);
console.log(`health alone: ${describe(alone)}`);

// 2. Health while the clients register.
const statuses = {};
const registerLatencies = [];
const end = now() + durationS * 1000;
const flood = Promise.all(Array.from({ length: clients }, async () => {
  while (now() < end) {
    const phone = '+79' + String(100_000_000 + Math.floor(Math.random() * 899_999_999));
    const t0 = now();
    let status;
    try {
      const res = await fetch(base + '/api/auth/register', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': nextAddress(), 'user-agent': 'kabinet-bench/1.0' },
        body: JSON.stringify({ phone, password: 'BenchPassw0rd', acceptTerms: true }),
      });
      await res.arrayBuffer();
      status = String(res.status);
      if (res.status === 503) await sleep(Number(res.headers.get('retry-after') ?? 1) * 1000);
    } catch { status = 'error'; }
    statuses[status] = (statuses[status] ?? 0) + 1;
    registerLatencies.push(now() - t0);
  }
}));
const during = await probeHealth(end);
await flood;
registerLatencies.sort((a, b) => a - b);
const accepted = statuses['202'] ?? 0;
console.log(`health during ${clients} registering clients: ${describe(during)}`);
console.log(`registrations: ${Object.entries(statuses).map(([s, n]) => `${n}×${s}`).join(', ')} in ${durationS} s = ${(accepted / durationS).toFixed(1)} accepted/s; ` +
  `register latency p50 ${round(percentile(registerLatencies, 50))} ms, p99 ${round(percentile(registerLatencies, 99))} ms`);
console.log(`register-flood: health p50 ${round(percentile(alone.latencies, 50))} → ${round(percentile(during.latencies, 50))} ms, ` +
  `p99 ${round(percentile(alone.latencies, 99))} → ${round(percentile(during.latencies, 99))} ms with ${clients} clients registering ` +
  `(${(accepted / durationS).toFixed(1)} accepted/s, ${statuses['503'] ?? 0} × 503 busy; ${os.availableParallelism()} cores)`);
if (during.failed || statuses['500'] || statuses.error) process.exitCode = 1;
