// Payments against raw Azurite writes, used by bench/payments.sh.
// 1. Setup through the API, as readings.mjs does: the operator imports a provider (meterSerial proof), its electricity
//    service, one account and one meter per client; users register (codes from GET /api/dev/sms) and link up to 10
//    accounts each with the meter serial as proof.
// 2. Raw writes first, on a quiet app: <clients> streams insert small entities shaped like a payment row (a new row each
//    time, as a payment is) into a table of the same Azurite for <duration> s; only 204 counts.
// 3. Payments: <clients> streams, one account each, POST /api/payments {items: [{accountId, amount}], method} with a fresh
//    Idempotency-Key as soon as the previous answer arrived, for <duration> s; only 201 with status pending counts.
// 4. Outcomes: <clients> streams take the payments of 3 in turn and POST /api/payments/sandbox/{id} {outcome: "succeeded"}
//    once each (the sandbox records it and notifies in-process: the notice is read, the gateway asked, the payment moved
//    forward under its ETag and the account credited); only 200 with status succeeded counts. It stops when every payment
//    has its outcome or after <duration> s.
// 5. Replays: <clients> streams POST signed notices (Kabinet-Signature, the run's secret) to
//    /api/payments/gateways/sandbox/callback for payments already applied, for <duration> s; only 200 counts.
// Between the phases it waits (at most --drain s) until the payment-receipts queue, which every applied success feeds, is
// empty, so the next phase does not share the cores with receipts still being drawn; it prints how long that took.
// Finally each user's GET /api/accounts: every balance must be minus the sum of its account's succeeded payments.
// Per phase: the rate, p50/p99, the storage requests the app sent per operation (GET /api/dev/storage-calls; they include
// the receipts drawn meanwhile) and the CPU per operation of each process (--pids, /proc/PID/stat).
//
// node bench/payments.mjs --base URL --storage CONNECTION_STRING --login L --password P --secret WEBHOOK_SECRET
//                         [--clients 32] [--duration 15] [--warmup 2] [--drain 300] [--pids app=PID,localhost=PID,azurite=PID]
import crypto from 'node:crypto';
import os from 'node:os';
import { now, sleep, storage } from './storage.mjs';
import { cabinet, cpuPerOperation, cpuSeconds, ms, percentile, storageCalls } from './cabinet.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const base = opt('base', 'http://127.0.0.1:7071');
const connectionString = opt('storage', '');
const operatorLogin = opt('login', '');
const operatorPassword = opt('password', '');
const secret = opt('secret', '');
const clients = Number(opt('clients', 32));
const durationS = Number(opt('duration', 15));
const warmup = Number(opt('warmup', 2));
const drainS = Number(opt('drain', 300));
const userPassword = 'BenchPassw0rd';
const pids = Object.fromEntries((opt('pids', '') || '').split(',').filter(Boolean).map(p => p.split('='))
  .filter(([, pid]) => Number(pid) > 0).map(([name, pid]) => [name, Number(pid)]));
const { api, importBundle, registerUser } = cabinet(base, userPassword);

const { endpoints, storageGet, createTable, insert } = storage(connectionString);

// ---- setup through the API ----

async function setup() {
  const t0 = now();
  const provider = 'bench' + crypto.randomBytes(4).toString('hex');
  const number = i => String(i + 1).padStart(6, '0');
  const serial = i => `PB${String(i + 1).padStart(6, '0')}`;
  const signedIn = await api('POST', '/api/auth/login', { login: operatorLogin, password: operatorPassword });
  if (signedIn.status !== 200) throw new Error(`operator sign-in: ${signedIn.status} ${JSON.stringify(signedIn.body)}`);
  await importBundle(signedIn.body.accessToken, {
    providers: [{ providerId: provider, name: 'Bench Energo', timeZone: 'Europe/Moscow', readingsDay: 25, acceptedProofs: ['meterSerial'] }],
    services: [{ providerId: provider, service: 'electricity', name: 'Электроэнергия' }],
    accounts: Array.from({ length: clients }, (_, i) => ({
      providerId: provider, number: number(i), holderName: `Абонент ${i + 1}`, address: `г. Москва, ул. Тверская, д. 1, кв. ${i + 1}`,
      rooms: 2, residents: 2, stove: 'gas', openingBalance: 0,
    })),
    meters: Array.from({ length: clients }, (_, i) => ({
      providerId: provider, accountNumber: number(i), serial: serial(i), model: 'Меркурий 201', zoneSet: 'T1', digits: 6,
      installedOn: '2020-01-01', remoteRead: false,
    })),
  });
  const streams = [];
  for (let u = 0; u * 10 < clients; u++) {
    const token = await registerUser();
    for (let i = u * 10; i < Math.min(clients, (u + 1) * 10); i++) {
      const linked = await api('POST', '/api/accounts', { providerId: provider, number: number(i), verification: { method: 'meterSerial', serial: serial(i) } }, token);
      if (linked.status !== 201) throw new Error(`link ${number(i)}: ${linked.status} ${JSON.stringify(linked.body)}`);
      streams.push({ token, accountId: linked.body.id, method: i % 2 ? 'sbp' : 'card', paid: 0, n: 0 });
    }
  }
  console.log(`setup: provider ${provider}, ${clients} accounts imported and linked by ${Math.ceil(clients / 10)} users in ${((now() - t0) / 1000).toFixed(1)} s`);
  return streams;
}

// ---- the operations ----
const payments = []; // {id, stream, amount, applied}

async function create(s) {
  s.n += 1;
  const amount = 10_000 + s.n; // kopecks: every payment of a stream a different amount
  const t0 = now();
  const r = await api('POST', '/api/payments', { items: [{ accountId: s.accountId, amount }], method: { type: s.method } }, s.token,
    { 'idempotency-key': crypto.randomUUID() });
  const elapsed = now() - t0;
  if (r.status !== 201 || r.body?.status !== 'pending') throw new Error(`payment: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  payments.push({ id: r.body.paymentId, stream: s, amount, applied: false });
  return elapsed;
}

async function outcome(p) {
  const t0 = now();
  const r = await api('POST', `/api/payments/sandbox/${p.id}`, { outcome: 'succeeded' });
  const elapsed = now() - t0;
  if (r.status !== 200 || r.body?.status !== 'succeeded') throw new Error(`outcome ${p.id}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  p.applied = true;
  p.stream.paid += p.amount;
  return elapsed;
}

function signature(body) {
  const t = Math.floor(Date.now() / 1000);
  return `t=${t},v1=${crypto.createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex')}`;
}

async function replay(p) {
  const body = JSON.stringify({ paymentId: p.id, status: 'succeeded' });
  const t0 = now();
  const r = await api('POST', '/api/payments/gateways/sandbox/callback', body, null, { 'kabinet-signature': signature(body) });
  const elapsed = now() - t0;
  if (r.status !== 200 || r.body?.accepted !== true) throw new Error(`notice ${p.id}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  return elapsed;
}

let rawRow = 0;
async function rawInsert(table, c) {
  const t0 = now();
  await insert(table, {
    PartitionKey: crypto.randomUUID().replaceAll('-', ''), RowKey: 'payment', Status: 'pending', Gateway: 'sandbox', Method: 'card',
    Amount: 10_000 + rawRow++, Total: 10_000, Items: JSON.stringify([{ accountId: `bench|${c}`, amount: 10_000 }]), CreatedAt: new Date().toISOString(),
  });
  return now() - t0;
}

// ---- measuring ----

function callsPer(before, after, operations) {
  if (!before || !after || !operations) return null;
  const per = Object.entries(after.byResource).map(([k, v]) => [k, (v - (before.byResource[k] ?? 0)) / operations])
    .filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ');
  return { total: (after.total - before.total) / operations, per };
}

/** `clients` loops of `op(c)` for durationS, or until `op` returns null (nothing left to do); rate, latencies, calls. */
async function load(label, op, app = true) {
  let ok = 0, failed = 0, firstError = null;
  const latencies = [];
  const callsBefore = app ? await storageCalls(base) : null;
  const cpuBefore = cpuSeconds(pids);
  const start = now(), end = start + durationS * 1000;
  await Promise.all(Array.from({ length: clients }, async (_, c) => {
    while (now() < end) {
      try {
        const elapsed = await op(c);
        if (elapsed === null) return;
        latencies.push(elapsed); ok++;
      } catch (e) { failed++; firstError ??= e.message; if (failed > 50 && ok === 0) return; }
    }
  }));
  const elapsed = (now() - start) / 1000;
  const cpu = ok + failed ? cpuPerOperation(cpuBefore, cpuSeconds(pids), ok + failed) : 'n/a';
  const calls = app ? callsPer(callsBefore, await storageCalls(base), ok + failed) : null;
  latencies.sort((a, b) => a - b);
  const result = { ok, failed, elapsed, rate: ok / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), calls };
  console.log(`${label}: ${clients} clients, ${ok} in ${elapsed.toFixed(1)} s = ${result.rate.toFixed(1)}/s; ` +
    `latency p50 ${ms(result.p50)} ms, p99 ${ms(result.p99)} ms; ${failed} failed${firstError ? ` (first: ${firstError})` : ''}`);
  console.log(`${label}: CPU per operation: ${cpu}`);
  if (calls) console.log(`${label}: storage calls per operation: ${calls.total.toFixed(2)} (${calls.per})`);
  return result;
}

async function receiptsWaiting() {
  const res = await storageGet(endpoints.QueueEndpoint, 'payment-receipts', { comp: 'metadata' });
  await res.arrayBuffer();
  return res.status === 200 ? Number(res.headers.get('x-ms-approximate-messages-count') ?? 0) : 0;
}

/** Waits until the receipts queue is empty (at most drainS): the receipts the successes queued, drawn before the next phase. */
async function drain(after) {
  const t0 = now();
  const waiting = await receiptsWaiting();
  let left = waiting;
  while (left > 0 && now() - t0 < drainS * 1000) { await sleep(250); left = await receiptsWaiting(); }
  const s = (now() - t0) / 1000;
  console.log(`receipts after ${after}: ${waiting} waiting, ${left ? `${left} still waiting after ${s.toFixed(1)} s (not drained)` : `drained in ${s.toFixed(1)} s`}`);
  return { waiting, left, s };
}

// ---- the run ----
const streams = await setup();
const rawTable = 'benchpay' + crypto.randomBytes(3).toString('hex');
await createTable(rawTable);
for (let c = 0; c < clients; c++) await rawInsert(rawTable, c); // uncounted warm-up
const raw = await load('raw inserts', c => rawInsert(rawTable, c), false);

// Uncounted: JIT, connections, the tables' first rows, one outcome and notice of each.
for (let i = 0; i < warmup; i++) await Promise.all(streams.map(create));
await Promise.all(payments.map(outcome));
await Promise.all(payments.map(replay));
const warm = payments.length;
await drain('the warm-up');

const created = await load('payments created', c => create(streams[c]));
let next = warm;
const applied = await load('outcomes applied', () => next < payments.length ? outcome(payments[next++]) : Promise.resolve(null));
const receipts = await drain('the outcomes');
const done = payments.filter(p => p.applied);
const replays = await load('notices replayed', () => done.length ? replay(done[crypto.randomInt(done.length)]) : Promise.resolve(null));
const replayReceipts = await drain('the replays');

// Every account: minus the sum of its succeeded payments (opening balances are 0).
let checked = 0, wrong = 0;
for (const token of [...new Set(streams.map(s => s.token))]) {
  const list = await api('GET', '/api/accounts', undefined, token);
  if (list.status !== 200) throw new Error(`accounts: ${list.status}`);
  for (const a of list.body.items) {
    const s = streams.find(x => x.accountId === a.id);
    if (!s) continue;
    checked++;
    if (a.balance !== -s.paid) { wrong++; console.log(`balance of ${a.id}: ${a.balance}, expected ${-s.paid}`); }
  }
}
console.log(`balances: ${checked} accounts checked, ${wrong} wrong; ${done.length} of ${payments.length} payments succeeded (${warm} in the warm-up)`);

const cores = os.availableParallelism();
const ratio = r => (r.rate / raw.rate).toFixed(3);
const calls = r => r.calls ? r.calls.total.toFixed(1) : 'n/a';
const fmt = r => `${r.rate.toFixed(1)}/s (p50 ${ms(r.p50)} ms, p99 ${ms(r.p99)} ms)`;
console.log(`payments: created ${fmt(created)}, outcomes applied ${fmt(applied)}, notices replayed ${fmt(replays)} vs raw Azurite inserts ` +
  `${fmt(raw)} at ${clients} clients → ratios created/raw ${ratio(created)}, applied/raw ${ratio(applied)}, replayed/raw ${ratio(replays)}; ` +
  `storage calls per create ${calls(created)}, per outcome ${calls(applied)}, per replay ${calls(replays)}; ` +
  `receipts drained ${receipts.left ? 'not' : `in ${receipts.s.toFixed(1)} s`} after the outcomes, ` +
  `${replayReceipts.left ? 'not' : `in ${replayReceipts.s.toFixed(1)} s`} after the replays (${cores} cores)`);
const bad = [created, applied, replays, raw].some(r => r.failed || !r.ok) || wrong || checked !== streams.length;
if (bad) process.exitCode = 1;
