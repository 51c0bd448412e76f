// A provider's billing close, used by bench/close.sh.
// 1. Seed, straight into the tables (Table REST API, SharedKey): a provider (Europe/Moscow, readings day 25, bills due
//    on the 15th), electricity (T1 5.00, day/night 6.10/3.20 ₽/kWh) and solid waste (120 ₽ per resident), a norm, and
//    --accounts accounts, each in one transaction of its own partition: the account, one meter, last period's billed
//    reading and this period's accepted one; every 5th meter is day/night, every 10th account has an opening debt (due
//    2026-10-15, so the close charges penalties). The account index in 100-row transactions (one partition).
// 2. POST /api/operator/billing/runs {providerId, period: "2026-11"} as the operator, polls the run until done, then
//    (with --pdfs) the bill-pdfs queue until it is empty and the `bills` container until it holds a PDF for every account
//    closed; the PDF times are the blobs' own creation and last-modified times.
// 3. Raw: as many entities as accounts in 100-entity transactions into a scratch table of the same Azurite, 4 at a time.
// node bench/close.mjs --base URL --storage CONNECTION_STRING --login L --password P --accounts N [--timeout S] [--pdfs]
import crypto from 'node:crypto';
import { api as call, dateTime, int64, now, pool, sleep, storage } from './storage.mjs';

const args = process.argv.slice(2);
const arg = (name, fallback) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : fallback; };
const base = arg('base'), connectionString = arg('storage'), login = arg('login'), password = arg('password');
const accounts = Number(arg('accounts', 20000)), timeoutS = Number(arg('timeout', 3600)), pdfs = args.includes('--pdfs');
const period = '2026-11';
const { endpoints: cs, tableRequest, storageGet, createTable, insert, batchInsert } = storage(connectionString);
const api = (method, path, body, token) => call(base, method, path, body, token);

const normalise = number => number.replace(/[\s-]/g, '').toUpperCase();
// As AccountIds.For: the first 24 hex digits of SHA-256(provider \n normalised number).
const accountIdFor = (provider, number) => crypto.createHash('sha256').update(`${provider}\n${normalise(number)}`).digest('hex').slice(0, 24);

// ---- 1. seed ----
const providerId = 'bench-close-' + crypto.randomBytes(3).toString('hex');
for (const t of ['providers', 'services', 'tariffs', 'norms', 'accounts', 'accountindex']) await createTable(t);
await insert('providers', {
  PartitionKey: 'provider', RowKey: providerId, Name: 'АО «Бенчэнерго»', Inn: '5503248039', Kpp: '550301001', Phone: '+7 3812 00-00-00',
  LegalAddress: 'г. Омск, ул. Ленина, д. 1', BankName: 'ПАО Сбербанк', Bic: '045004641', CorrespondentAccount: '30101810500000000641',
  SettlementAccount: '40702810945000000001', TimeZone: 'Europe/Moscow', ReadingsDay: 25, BillDueDay: 15,
});
await insert('services', { PartitionKey: providerId, RowKey: 'electricity', Name: 'Электроэнергия', Unit: 'kWh', Kind: 'metered' });
await insert('services', { PartitionKey: providerId, RowKey: 'solid_waste', Name: 'Обращение с ТКО', Unit: 'person', Kind: 'fixed', ...int64('FixedAmount', 12000) });
await insert('tariffs', { PartitionKey: providerId, RowKey: 'electricity|T1|2026-01-01', Service: 'electricity', ZoneSet: 'T1', EffectiveFrom: '2026-01-01',
  Bands: '[{"upTo":null,"rates":{"T1":"5.00"}}]', ZoneHours: '{}' });
await insert('tariffs', { PartitionKey: providerId, RowKey: 'electricity|day-night|2026-01-01', Service: 'electricity', ZoneSet: 'day-night', EffectiveFrom: '2026-01-01',
  Bands: '[{"upTo":null,"rates":{"day":"6.10","night":"3.20"}}]', ZoneHours: '{"day":["07:00-23:00"],"night":["23:00-07:00"]}' });
await insert('norms', { PartitionKey: providerId, RowKey: '2|2|gas', Rooms: 2, Residents: 2, Stove: 'gas', KwhPerPerson: '100' });

const kinds = { t1: 0, dayNight: 0, debt: 0 };
function accountRows(i) {
  const number = `BC${String(i).padStart(8, '0')}`, id = accountIdFor(providerId, number), serial = `M${number}`;
  const dayNight = i % 5 === 4, debt = i % 10 === 3 ? 50000 + (i % 7) * 1000 : 0;
  kinds[dayNight ? 'dayNight' : 't1']++;
  if (debt) kinds.debt++;
  const reading = (date, values, status) => ({
    PartitionKey: id, RowKey: `reading|${serial}|${date}`, Serial: serial, Date: date, Values: JSON.stringify(values), Channel: 'import', Status: status,
    ...dateTime('SubmittedAt', `${date}T06:00:00.000Z`),
  });
  const rows = [
    { PartitionKey: id, RowKey: 'account', ProviderId: providerId, Number: number, HolderName: 'Иванов Иван Иванович', Address: `г. Омск, ул. Ленина, д. 1, кв. ${i + 1}`,
      Rooms: 2, Residents: 2, Area: '54.3', Stove: 'gas', BillDelivery: 'paper', ...int64('Balance', debt), ...int64('OpeningBalance', debt),
      ...(debt ? { OpeningDueDate: '2026-10-15' } : {}) },
    { PartitionKey: id, RowKey: `meter|${serial}`, Serial: serial, Model: 'Меркурий 201', Service: 'electricity', ZoneSet: dayNight ? 'day-night' : 'T1',
      Digits: 6, FractionDigits: 0, VerifiedUntil: '2032-01-01', RemoteRead: false, State: 'active' },
    dayNight ? reading('2026-10-25', { day: '500', night: '200' }, 'billed') : reading('2026-10-25', { T1: '1000' }, 'billed'),
    dayNight ? reading('2026-11-24', { day: '600', night: '250' }, 'accepted') : reading('2026-11-24', { T1: String(1100 + (i % 100)) }, 'accepted'),
  ];
  if (debt)
    rows.push({ PartitionKey: id, RowKey: 'entry|opening|2026-10-15|', Kind: 'opening', ...int64('Amount', debt), Date: '2026-10-15', DueDate: '2026-10-15',
      Source: 'import', ...dateTime('RecordedAt', '2026-10-01T00:00:00.000Z') });
  return { id, number, rows };
}

let t0 = now();
const ids = new Array(accounts);
await pool(accounts, 32, async i => {
  const { id, number, rows } = accountRows(i);
  ids[i] = { id, number };
  await batchInsert('accounts', rows);
});
await pool(Math.ceil(accounts / 100), 4, async b =>
  batchInsert('accountindex', ids.slice(b * 100, b * 100 + 100).map(a => ({ PartitionKey: providerId, RowKey: normalise(a.number), AccountId: a.id }))));
const seedS = (now() - t0) / 1000;
console.log(`seed: ${accounts} accounts (${kinds.t1} T1, ${kinds.dayNight} day/night meters; ${kinds.debt} with an opening debt) written in ${seedS.toFixed(1)} s ` +
  `(${(accounts / seedS).toFixed(0)}/s)`);

// ---- 2. the close ----
async function signIn() {
  const signedIn = await api('POST', '/api/auth/login', { login, password });
  if (signedIn.status !== 200) throw new Error(`operator sign-in: ${signedIn.status} ${JSON.stringify(signedIn.body)}`);
  return signedIn.body.accessToken;
}
let token = await signIn();
async function runOf(id) { // a full run outlasts the access token: sign in again when it has expired
  let r = await api('GET', `/api/operator/billing/runs/${id}`, undefined, token);
  if (r.status === 401) { token = await signIn(); r = await api('GET', `/api/operator/billing/runs/${id}`, undefined, token); }
  if (r.status !== 200) throw new Error(`run: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

const postedAt = Date.now();
t0 = now();
const started = await api('POST', '/api/operator/billing/runs', { providerId, period }, token);
if (started.status !== 202) throw new Error(`start run: ${started.status} ${JSON.stringify(started.body)}`);
const runId = started.body.runId;
const deadline = t0 + timeoutS * 1000;
let run = started.body, closeWallS = null, lastShown = 0;
while (now() < deadline) {
  await sleep(500);
  run = await runOf(runId);
  if (now() - lastShown > 30000) {
    lastShown = now();
    console.log(`  ${((now() - t0) / 1000).toFixed(0)} s: ${run.status}, ${run.done}/${run.accountsTotal ?? '?'} done, ${run.slicesDone}/${run.slices ?? '?'} slices`);
  }
  if (run.status === 'done') { closeWallS = (now() - t0) / 1000; break; }
}
const closeS = run.finishedAt ? (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000 : null;
console.log(`run ${runId}: status ${run.status}, accounts ${run.accountsTotal}, done ${run.done}, failed ${run.failed}, parked ${run.parked}, ` +
  `slices ${run.slicesDone}/${run.slices}; ${closeS === null ? 'not finished' : `${closeS.toFixed(1)} s from start to finish`}`);

// Entities a close wrote per account: a sample's rows with a timestamp from the run on (new rows and updated ones).
const sampleEvery = Math.max(1, Math.floor(accounts / 200));
let sampled = 0, written = 0;
if (run.status === 'done') {
  const since = Date.parse(run.startedAt);
  // Offset within each stride so the sample has the mix's day/night meters (every 5th) and debts (every 10th).
  for (let k = 0, i = 0; i < accounts; k++, i = k * sampleEvery + (sampleEvery > 10 ? k % 10 : 0)) {
    const res = await tableRequest('GET', `accounts()?$filter=${encodeURIComponent(`PartitionKey eq '${ids[i].id}'`)}`);
    if (res.status !== 200) throw new Error(`sample ${ids[i].id}: ${res.status}`);
    const rows = (await res.json()).value;
    if (!rows.some(r => r.RowKey === `bill|${period}`)) throw new Error(`account ${ids[i].id} has no bill for ${period}`);
    written += rows.filter(r => Date.parse(r.Timestamp) >= since).length;
    sampled++;
  }
}
const perAccount = sampled ? written / sampled : null;

// PDFs: wait for the queue to empty, then for a blob per account closed.
async function queueLength(name) {
  const res = await storageGet(cs.QueueEndpoint, name, { comp: 'metadata' });
  await res.arrayBuffer();
  if (res.status === 404) return 0;
  if (res.status !== 200) throw new Error(`queue ${name}: ${res.status}`);
  return Number(res.headers.get('x-ms-approximate-messages-count'));
}
async function listBills() {
  const blobs = [];
  let marker = '';
  do {
    const res = await storageGet(cs.BlobEndpoint, 'bills', { restype: 'container', comp: 'list', maxresults: '5000', ...(marker ? { marker } : {}) });
    const xml = await res.text();
    if (res.status === 404) return [];
    if (res.status !== 200) throw new Error(`list bills: ${res.status} ${xml.slice(0, 300)}`);
    for (const m of xml.matchAll(/<Blob>([\s\S]*?)<\/Blob>/g)) {
      const b = m[1], tag = name => (b.match(new RegExp(`<${name}>([^<]*)</${name}>`)) ?? [])[1];
      blobs.push({ name: tag('Name'), created: Date.parse(tag('Creation-Time') ?? tag('Last-Modified')), modified: Date.parse(tag('Last-Modified')) });
    }
    marker = (xml.match(/<NextMarker>([^<]*)<\/NextMarker>/) ?? [])[1] ?? '';
  } while (marker);
  return blobs;
}
let bills = [], pdfWaitS = null;
const closed = run.done ?? 0;
if (pdfs && run.status === 'done') {
  while (now() < deadline) {
    if (await queueLength('bill-pdfs') === 0) {
      bills = (await listBills()).filter(b => b.name.endsWith(`/${period}.pdf`));
      if (bills.length >= closed) { pdfWaitS = (now() - t0) / 1000; break; }
      if (await queueLength('bill-pdfs-poison') > 0) break;
    }
    await sleep(1000);
  }
  if (pdfWaitS === null) bills = (await listBills()).filter(b => b.name.endsWith(`/${period}.pdf`));
}

// ---- 3. raw batch inserts ----
const raw = 'benchbatch' + crypto.randomBytes(3).toString('hex');
await createTable(raw);
const batches = Math.ceil(accounts / 100), recordedAt = new Date().toISOString();
t0 = now();
await pool(batches, 4, async b =>
  batchInsert(raw, Array.from({ length: Math.min(100, accounts - b * 100) }, (_, k) => ({
    PartitionKey: `p${b}`, RowKey: `entry|charge|${period}|electricity|T${k}`, Kind: 'charge', ...int64('Amount', 75000), Date: '2026-12-02', DueDate: '2026-12-15',
    Period: period, Service: 'electricity', Zone: 'T1', Source: 'billing', ...dateTime('RecordedAt', recordedAt),
  }))));
const rawS = (now() - t0) / 1000;
const rawRate = accounts / rawS;
// The read a close starts with: one account's partition. Azurite evaluates a query's filter on every row of the table,
// so its cost grows with the table (in Azure a partition query reads only its partition).
const queries = Math.min(accounts, 400);
t0 = now();
await pool(queries, 8, async q => {
  const res = await tableRequest('GET', `accounts()?$filter=${encodeURIComponent(`PartitionKey eq '${ids[(q * 7919) % accounts].id}'`)}`);
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`partition query: ${res.status}`);
});
const queryRate = queries / ((now() - t0) / 1000);

// ---- summary ----
const rate = closeS ? closed / closeS : null;
const hours = (perSecond, instances) => (1e6 / perSecond / instances / 3600);
const fmtH = h => h < 1 ? `${(h * 60).toFixed(0)} min` : `${h.toFixed(1)} h`;
let pdfPart = pdfs ? '' : '; PDFs not measured (no RenderBillPdfs in this build)', pdfRate = null, lastPdfS = null;
if (pdfs && bills.length) {
  const first = Math.min(...bills.map(b => b.created)), last = Math.max(...bills.map(b => b.modified));
  lastPdfS = (last - postedAt) / 1000;
  pdfRate = bills.length / Math.max(1, (last - first) / 1000);
  pdfPart = `; PDFs: ${bills.length}/${closed}, first ${((first - postedAt) / 1000).toFixed(0)} s after the POST, last ${lastPdfS.toFixed(0)} s (${pdfRate.toFixed(1)} PDFs/s)`;
} else if (pdfs) pdfPart = `; PDFs: none stored`;
console.log(`close of ${accounts} accounts: ${rate ? `${rate.toFixed(1)} accounts/s (${closeS.toFixed(1)} s; wall ${closeWallS.toFixed(1)} s from the POST)` : 'not finished'}` +
  (perAccount ? `, ${perAccount.toFixed(2)} entities written per account → ${(rate * perAccount).toFixed(0)} entities/s` : '') + pdfPart +
  `; raw batch insert ${rawRate.toFixed(0)} entities/s (${accounts} in 100-entity transactions, 4 at a time); ratio accounts/raw ${rate ? (rate / rawRate).toFixed(3) : '-'}` +
  (rate && perAccount ? `, close entities/raw ${(rate * perAccount / rawRate).toFixed(3)}` : '') +
  `; raw partition query of accounts ${queryRate.toFixed(1)}/s (8 at a time, ${accounts * 4 + kinds.debt} seeded rows in the table)`);
if (rate) {
  const end = lastPdfS ? Math.max(closeS, lastPdfS) : closeS, endRate = closed / end;
  console.log(`a million accounts: ${fmtH(hours(endRate, 1))} on one instance, ${fmtH(hours(endRate, 10))} on ten ` +
    `(${lastPdfS ? 'closed and every PDF stored' : 'closed, PDFs not counted'}, at ${endRate.toFixed(1)} accounts/s an instance; if storage scales — Azurite here is one thread, ` +
    `its raw batch rate alone would take ${fmtH(hours(rawRate / (perAccount ?? 7), 1))} for the close's entities)`);
}
const ok = run.status === 'done' && run.failed === 0 && run.parked === 0 && run.done === accounts && (!pdfs || bills.length >= closed);
if (!ok) { console.log('FAILED: not every account closed' + (pdfs ? ' with its PDF' : '')); process.exit(1); }
