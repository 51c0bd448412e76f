// Sign-in load used by bench/login.sh: registers users through the API (codes from GET /api/dev/sms),
// then measures POST /api/auth/login: sequential latency, and throughput with concurrent clients.
// Every request carries its own X-Forwarded-For (the app throttles failed sign-ins per client address)
// and only right passwords are sent.
//
// node login.mjs --base http://127.0.0.1:7071 --users 20 --seq 200 --warmup 10 --duration 15 --clients 8,32
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import os from 'node:os';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const base = opt('base', 'http://127.0.0.1:7071');
const userCount = Number(opt('users', 20));
const seqCount = Number(opt('seq', 200));
const warmup = Number(opt('warmup', 10));
const durationS = Number(opt('duration', 15));
const clientCounts = String(opt('clients', '8,32')).split(',').map(Number);
const password = 'BenchPassw0rd';

const now = () => performance.now();
const sleep = ms => new Promise(r => setTimeout(r, ms));
let addressCounter = 0;
const nextAddress = () => {
  const n = addressCounter++;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
};

async function post(path, body) {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': nextAddress(), 'user-agent': 'kabinet-bench/1.0' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function smsCode(phone) {
  const deadline = now() + 30_000;
  while (now() < deadline) {
    const res = await fetch(`${base}/api/dev/sms?to=${encodeURIComponent(phone)}`);
    const { items } = await res.json();
    const match = items.length ? /\b(\d{5})\b/.exec(items[items.length - 1].text) : null;
    if (match) return match[1];
    await sleep(100);
  }
  throw new Error(`no SMS code for ${phone} within 30 s`);
}

async function register() {
  const phone = '+79' + String(100_000_000 + Math.floor(Math.random() * 899_999_999));
  const started = await post('/api/auth/register', { phone, password, acceptTerms: true, marketingOptIn: false });
  if (started.status !== 202) throw new Error(`register ${phone}: ${started.status} ${JSON.stringify(started.body)}`);
  const code = await smsCode(phone);
  const confirmed = await post('/api/auth/register/confirm', { challengeId: started.body.challengeId, code });
  if (confirmed.status !== 201) throw new Error(`confirm ${phone}: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
  return phone;
}

// One sign-in; returns its latency in ms, or throws on anything but 200 with an access token.
async function login(phone) {
  const t0 = now();
  const res = await post('/api/auth/login', { login: phone, password });
  const ms = now() - t0;
  if (res.status !== 200 || !res.body?.accessToken) throw new Error(`login ${phone}: ${res.status} ${JSON.stringify(res.body)}`);
  return ms;
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const round = x => Math.round(x);

// 1. Users.
let t0 = now();
const phones = [];
for (let i = 0; i < userCount; i += 4)
  phones.push(...await Promise.all(Array.from({ length: Math.min(4, userCount - i) }, register)));
console.log(`registered ${phones.length} users in ${((now() - t0) / 1000).toFixed(1)} s`);

// 2. Sequential latency.
for (let i = 0; i < warmup; i++) await login(phones[i % phones.length]);
const latencies = [];
for (let i = 0; i < seqCount; i++) latencies.push(await login(phones[i % phones.length]));
latencies.sort((a, b) => a - b);
const p50 = percentile(latencies, 50), p95 = percentile(latencies, 95);
console.log(`sequential: n=${seqCount}, p50 ${round(p50)} ms, p95 ${round(p95)} ms, min ${round(latencies[0])} ms, max ${round(latencies.at(-1))} ms`);

// 3. Throughput: each client signs in again as soon as its previous sign-in answered.
const throughput = [];
for (const clients of clientCounts) {
  let ok = 0, failed = 0, firstError = null;
  const under = [];
  const start = now(), end = start + durationS * 1000;
  await Promise.all(Array.from({ length: clients }, async (_, c) => {
    for (let i = c; now() < end; i += clients) {
      try { under.push(await login(phones[i % phones.length])); ok++; }
      catch (e) { failed++; firstError ??= e.message; }
    }
  }));
  const elapsed = (now() - start) / 1000;
  under.sort((a, b) => a - b);
  const rate = ok / elapsed;
  throughput.push({ clients, rate });
  console.log(`${clients} clients: ${ok} sign-ins in ${elapsed.toFixed(1)} s = ${rate.toFixed(1)}/s; latency p50 ${round(percentile(under, 50))} ms, ` +
    `p95 ${round(percentile(under, 95))} ms; ${failed} failed${firstError ? ` (first: ${firstError})` : ''}`);
  if (failed) process.exitCode = 1;
}

// 4. The KDF alone: PBKDF2-HMAC-SHA256, 600,000 iterations, 32 bytes, in this node process (OpenSSL, as .NET on Linux).
const kdf = [];
for (let i = 0; i < 5; i++) {
  const k0 = now();
  pbkdf2Sync(password, randomBytes(16), 600_000, 32, 'sha256');
  kdf.push(now() - k0);
}
kdf.sort((a, b) => a - b);
const kdfMs = kdf[2];
console.log(`PBKDF2-SHA256 600k alone (node/OpenSSL, one core): median ${round(kdfMs)} ms of 5 → at most ${(os.availableParallelism() * 1000 / kdfMs).toFixed(1)}/s on ${os.availableParallelism()} cores`);

console.log(`login: p50 ${round(p50)} ms, p95 ${round(p95)} ms sequential; ` +
  throughput.map(t => `${t.rate.toFixed(1)}/s at ${t.clients} clients`).join(', ') +
  ` (${os.availableParallelism()} cores); PBKDF2-SHA256 600k iterations (KDF alone ${round(kdfMs)} ms)`);
