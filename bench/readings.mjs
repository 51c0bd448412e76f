// Reading submissions against raw Azurite writes, used by bench/readings.sh.
// 1. Setup through the API: the operator imports a provider (Asia/Omsk, meterSerial proof), its electricity
//    service and T1 tariff, one account and one T1 meter per client; users register (codes from
//    GET /api/dev/sms) and link up to 10 accounts each with the meter serial as proof.
// 2. Readings: <clients> streams, one meter each, POST /api/accounts/{id}/meters/{serial}/readings with an
//    increasing value as soon as the previous answer arrived, for <duration> s; 201 counts, anything else fails.
//    One reading per meter per local day: the repeats replace the day's reading — each is still a write.
// 3. Raw writes: the same number of streams upsert (Insert Or Replace, SharedKey auth) a small entity —
//    one row per stream, replaced each time, like the day's reading — into a table of the same Azurite.
// Prints both rates with p50/p99 latency and their ratio on one line, and the storage requests the app sent per
// submission (GET /api/dev/storage-calls before and after the measured loop: counted by the app, not estimated).
// --idempotency sends a fresh Idempotency-Key with every submission (what the middleware costs).
// --pids app=PID,localhost=PID,azurite=PID: each process's CPU time (/proc/PID/stat) per operation of each loop, which
// shows where the cores go (and is much less noisy than a rate on a shared machine).
//
// node bench/readings.mjs --base URL --storage CONNECTION_STRING --login L --password P [--clients 32] [--duration 15]
//                         [--warmup 3] [--skip-readings] [--idempotency] [--pids app=PID,localhost=PID,azurite=PID]
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
const clients = Number(opt('clients', 32));
const durationS = Number(opt('duration', 15));
const warmup = Number(opt('warmup', 3));
const skipReadings = args.includes('--skip-readings');
const idempotency = args.includes('--idempotency');
const userPassword = 'BenchPassw0rd';
const pids = Object.fromEntries((opt('pids', '') || '').split(',').filter(Boolean).map(p => p.split('='))
  .filter(([, pid]) => Number(pid) > 0).map(([name, pid]) => [name, Number(pid)]));
const { api, importBundle, registerUser } = cabinet(base, userPassword);

const { tableRequest, createTable } = storage(connectionString);

// ---- setup through the API ----
async function operatorToken() {
  const r = await api('POST', '/api/auth/login', { login: operatorLogin, password: operatorPassword });
  if (r.status !== 200) throw new Error(`operator sign-in: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.accessToken;
}

async function setup() {
  const t0 = now();
  const provider = 'bench' + crypto.randomBytes(4).toString('hex');
  const number = i => String(i + 1).padStart(6, '0');
  const serial = i => `RB${String(i + 1).padStart(6, '0')}`;
  const start = i => 1000 + i * 10_000;
  const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
  const token = await operatorToken();
  await importBundle(token, {
    providers: [{ providerId: provider, name: 'Bench Energo', timeZone: 'Asia/Omsk', readingsDay: 25, acceptedProofs: ['meterSerial'] }],
    services: [{ providerId: provider, service: 'electricity', name: 'Электроэнергия' }],
    tariffs: [{ providerId: provider, service: 'electricity', zoneSet: 'T1', effectiveFrom: '2020-01-01', T1: '5.67' }],
    accounts: Array.from({ length: clients }, (_, i) => ({
      providerId: provider, number: number(i), holderName: `Абонент ${i + 1}`, address: `г. Омск, ул. Ленина, д. 1, кв. ${i + 1}`,
      rooms: 2, residents: 2, stove: 'gas', openingBalance: 0,
    })),
    meters: Array.from({ length: clients }, (_, i) => ({
      providerId: provider, accountNumber: number(i), serial: serial(i), model: 'Меркурий 201', zoneSet: 'T1', digits: 6,
      installedOn: '2020-01-01', remoteRead: false,
    })),
    // A reading ten days ago, so every submission has consumption to price (an estimate with tariff lines).
    readings: Array.from({ length: clients }, (_, i) => ({
      providerId: provider, accountNumber: number(i), serial: serial(i), date: tenDaysAgo, T1: String(start(i)),
    })),
  });

  // Users: at most 10 accounts each.
  const streams = [];
  for (let u = 0; u * 10 < clients; u++) {
    const userToken = await registerUser();
    for (let i = u * 10; i < Math.min(clients, (u + 1) * 10); i++) {
      const linked = await api('POST', '/api/accounts', { providerId: provider, number: number(i), verification: { method: 'meterSerial', serial: serial(i) } }, userToken);
      if (linked.status !== 201) throw new Error(`link ${number(i)}: ${linked.status} ${JSON.stringify(linked.body)}`);
      streams.push({ token: userToken, accountId: linked.body.id, serial: serial(i), value: start(i) });
    }
  }
  // The meter's id as the readings API names it (the serial, when the list has no id).
  const meters = await api('GET', `/api/accounts/${encodeURIComponent(streams[0].accountId)}/meters`, undefined, streams[0].token);
  const firstMeter = meters.status === 200 ? (Array.isArray(meters.body) ? meters.body : meters.body?.items ?? [])[0] : null;
  const idIsSerial = !firstMeter || (firstMeter.id ?? firstMeter.meterId ?? firstMeter.serial) === firstMeter.serial;
  for (const s of streams) s.meterId = idIsSerial ? s.serial : null;
  if (!idIsSerial)
    for (const s of streams) {
      const m = await api('GET', `/api/accounts/${encodeURIComponent(s.accountId)}/meters`, undefined, s.token);
      s.meterId = (Array.isArray(m.body) ? m.body : m.body.items)[0].id;
    }
  console.log(`setup: provider ${provider}, ${clients} accounts and meters imported, ${streams.length} linked by ${Math.ceil(clients / 10)} users ` +
    `in ${((now() - t0) / 1000).toFixed(1)} s${meters.status === 200 ? '' : ` (GET meters: ${meters.status})`}`);
  return streams;
}

// ---- the measured loops ----

async function submit(s) {
  s.value += 1;
  const t0 = now();
  const r = await api('POST', `/api/accounts/${encodeURIComponent(s.accountId)}/meters/${encodeURIComponent(s.meterId)}/readings`,
    { values: { T1: String(s.value) } }, s.token, idempotency ? { 'idempotency-key': crypto.randomUUID() } : {});
  const elapsed = now() - t0;
  if (r.status !== 201) throw new Error(`reading ${s.meterId}=${s.value}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  s.last = r.body;
  return elapsed;
}

async function upsert(table, c, n) {
  const t0 = now();
  const res = await tableRequest('PUT', `${table}(PartitionKey='stream${c}',RowKey='reading%7C2026-11-26')`,
    { Serial: `RB${c}`, Values: JSON.stringify({ T1: String(1000 + n) }), Status: 'accepted', Channel: 'bench', SubmittedAt: new Date().toISOString() });
  await res.arrayBuffer();
  const elapsed = now() - t0;
  if (res.status !== 204) throw new Error(`upsert: ${res.status}`);
  return elapsed;
}

// Runs `clients` loops of `op(c, n)` for durationS; returns rate and latencies.
async function load(label, op) {
  let ok = 0, failed = 0, firstError = null;
  const latencies = [];
  const cpuBefore = cpuSeconds(pids);
  const start = now(), end = start + durationS * 1000;
  await Promise.all(Array.from({ length: clients }, async (_, c) => {
    for (let n = 0; now() < end; n++) {
      try { latencies.push(await op(c, n)); ok++; }
      catch (e) { failed++; firstError ??= e.message; if (failed > 50 && ok === 0) return; }
    }
  }));
  const elapsed = (now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const result = { ok, failed, rate: ok / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
  console.log(`${label}: ${clients} clients, ${ok} in ${elapsed.toFixed(1)} s = ${result.rate.toFixed(1)}/s; ` +
    `latency p50 ${ms(result.p50)} ms, p99 ${ms(result.p99)} ms; ${failed} failed${firstError ? ` (first: ${firstError})` : ''}`);
  if (ok + failed) console.log(`${label}: CPU per operation: ${cpuPerOperation(cpuBefore, cpuSeconds(pids), ok + failed)}`);
  return result;
}

let readings = null;
if (!skipReadings) {
  const streams = await setup();
  for (let i = 0; i < warmup; i++) await Promise.all(streams.map(submit));  // uncounted: JIT, connections, table creation
  const sample = streams[0].last;
  console.log(`sample answer: reading ${sample?.reading?.id} ${JSON.stringify(sample?.reading?.values)} replaced=${sample?.replaced}, ` +
    `estimate ${JSON.stringify(sample?.estimate?.consumptionByZone)} kWh → ${sample?.estimate?.amount} kopecks in ${sample?.estimate?.lines?.length} line(s)`);
  const before = await storageCalls(base);
  readings = await load('readings', c => submit(streams[c]));
  const after = await storageCalls(base);
  const submissions = readings.ok + readings.failed;
  if (before && after && submissions) {
    readings.calls = (after.total - before.total) / submissions;
    const per = Object.entries(after.byResource).map(([k, v]) => [k, (v - (before.byResource[k] ?? 0)) / submissions])
      .filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ');
    console.log(`storage calls per submission${idempotency ? ' (with Idempotency-Key)' : ''}: ${readings.calls.toFixed(2)} (${per})`);
  } else console.log('storage calls per submission: n/a (no GET /api/dev/storage-calls)');
}

const rawTable = 'benchraw' + crypto.randomBytes(3).toString('hex');
await createTable(rawTable);
for (let c = 0; c < clients; c++) await upsert(rawTable, c, 0);  // uncounted warm-up
const raw = await load('raw upserts', (c, n) => upsert(rawTable, c, n + 1));

const cores = os.availableParallelism();
console.log(readings
  ? `readings: ${readings.rate.toFixed(1)}/s (p50 ${ms(readings.p50)} ms, p99 ${ms(readings.p99)} ms) vs raw Azurite upserts ` +
    `${raw.rate.toFixed(1)}/s (p50 ${ms(raw.p50)} ms, p99 ${ms(raw.p99)} ms) at ${clients} clients → ratio readings/raw ${(readings.rate / raw.rate).toFixed(3)} ` +
    `(raw ${(raw.rate / readings.rate).toFixed(1)}× faster; ${cores} cores)` +
    (readings.calls === undefined ? '' : `; ${readings.calls.toFixed(2)} storage calls per submission${idempotency ? ' with Idempotency-Key' : ''}`)
  : `readings: skipped; raw Azurite upserts ${raw.rate.toFixed(1)}/s (p50 ${ms(raw.p50)} ms, p99 ${ms(raw.p99)} ms) at ${clients} clients (${cores} cores)`);
if ((readings && (readings.failed || !readings.ok)) || raw.failed || !raw.ok) process.exitCode = 1;
