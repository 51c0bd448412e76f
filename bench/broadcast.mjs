// A broadcast to everyone, used by bench/broadcast.sh.
// 1. Users: --users rows written straight into the `users` table (Table REST API, SharedKey), 64 at a time: e-mail
//    confirmed, e-mail notices on, as a signed-up customer's row looks (no logins: nobody signs in as them).
// 2. POST /api/operator/notifications {audience: {all: true}} as the operator; then polls the broadcast's progress until
//    deliveredInApp counts every user, and MailDev's /api/email/summary until it holds an e-mail for every user.
// 3. Raw: as many entities in 100-entity transactions ($batch) into a scratch table of the same Azurite, 4 at a time.
// node bench/broadcast.mjs --base URL --storage CONNECTION_STRING --login L --password P --maildev URL --users N [--timeout S] [--skip-email]
import crypto from 'node:crypto';
import { api as call, now, pool, sleep, storage } from './storage.mjs';

const args = process.argv.slice(2);
const arg = (name, fallback) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : fallback; };
const base = arg('base'), connectionString = arg('storage'), login = arg('login'), password = arg('password'), maildev = arg('maildev');
const users = Number(arg('users', 10000)), timeoutS = Number(arg('timeout', 1800)), skipEmail = args.includes('--skip-email');
const { tableRequest, createTable, batchInsert } = storage(connectionString);
const api = (method, path, body, token) => call(base, method, path, body, token);

// ---- 1. users ----
const date = new Date().toISOString();
let t0 = now();
await pool(users, 64, async i => {
  const id = crypto.randomBytes(16).toString('base64url');
  const row = {
    PartitionKey: id, RowKey: 'user', Role: 'customer', Email: `bench${i}-${id.slice(0, 6)}@bench.local`, EmailConfirmed: true, PhoneConfirmed: false,
    PasswordHash: '', NotifyEmail: true, NotifySms: false, NotifyMessenger: false, MarketingOptIn: false, TwoFactor: false, BillsByEmail: false,
    TermsVersion: '1', CreatedAt: date, 'CreatedAt@odata.type': 'Edm.DateTime', PasswordChangedAt: date, 'PasswordChangedAt@odata.type': 'Edm.DateTime',
  };
  const res = await tableRequest('POST', 'users', row);
  await res.arrayBuffer();
  if (res.status !== 204 && res.status !== 201) throw new Error(`insert user: ${res.status}`);
});
const mintS = (now() - t0) / 1000;
console.log(`users: ${users} written in ${mintS.toFixed(1)} s (${(users / mintS).toFixed(0)}/s)`);

// ---- 2. the broadcast ----
async function signIn() {
  const signedIn = await api('POST', '/api/auth/login', { login, password });
  if (signedIn.status !== 200) throw new Error(`operator sign-in: ${signedIn.status} ${JSON.stringify(signedIn.body)}`);
  return signedIn.body.accessToken;
}
let token = await signIn();
// A full run outlasts the access token: sign in again when it has expired.
async function progressOf(id) {
  let r = await api('GET', `/api/operator/notifications/${id}`, undefined, token);
  if (r.status === 401) { token = await signIn(); r = await api('GET', `/api/operator/notifications/${id}`, undefined, token); }
  if (r.status !== 200) throw new Error(`progress: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}
const emailsBefore = skipEmail ? 0 : await emailCount();

async function emailCount() {
  const res = await fetch(`${maildev}/api/email/summary?limit=1`);
  if (res.status !== 200) throw new Error(`MailDev: ${res.status}`);
  return (await res.json()).total;
}

t0 = now();
const created = await api('POST', '/api/operator/notifications', {
  audience: { all: true }, kind: 'bell', title: 'Плановые работы', body: 'Отключение электроэнергии 5 декабря с 10:00 до 12:00.\nПриносим извинения.',
  action: { label: 'Подробнее', url: '/news/works' },
}, token);
if (created.status !== 202) throw new Error(`broadcast: ${created.status} ${JSON.stringify(created.body)}`);
const id = created.body.id;
const deadline = t0 + timeoutS * 1000;
let progress = created.body, inAppS = null, emailS = null, firstEmailS = null, emails = 0;
while (now() < deadline && (inAppS === null || (!skipEmail && emailS === null))) {
  await sleep(250);
  if (inAppS === null) {
    progress = await progressOf(id);
    if (progress.audienceSize !== null && progress.audienceSize !== users) throw new Error(`audience of ${progress.audienceSize}, not ${users}`);
    if (progress.deliveredInApp >= users) inAppS = (now() - t0) / 1000;
  }
  if (!skipEmail && emailS === null) {
    emails = (await emailCount()) - emailsBefore;
    if (emails > 0 && firstEmailS === null) firstEmailS = (now() - t0) / 1000;
    if (emails >= users) emailS = (now() - t0) / 1000;
  }
}
progress = await progressOf(id);

// ---- 3. raw batch inserts ----
const raw = 'benchbatch' + crypto.randomBytes(3).toString('hex');
await createTable(raw);
const notice = (partition, i) => ({ PartitionKey: partition, RowKey: String(i).padStart(6, '0'), Kind: 'bell', Title: 'Плановые работы',
  Body: 'Отключение электроэнергии 5 декабря с 10:00 до 12:00.', CreatedAt: date, 'CreatedAt@odata.type': 'Edm.DateTime' });
const batches = Math.ceil(users / 100);
t0 = now();
await pool(batches, 4, b =>
  batchInsert(raw, Array.from({ length: Math.min(100, users - b * 100) }, (_, k) => notice(`p${b}`, b * 100 + k))));
const rawS = (now() - t0) / 1000;
const rawRate = users / rawS;

const fmt = s => s === null ? 'not reached' : `${s.toFixed(1)} s`;
const inAppRate = inAppS === null ? null : users / inAppS;
console.log(`broadcast ${id}: status ${progress.status}, audience ${progress.audienceSize}, in app ${progress.deliveredInApp}, sent by e-mail ${progress.sent?.email}, failed ${progress.failed}`);
console.log(`broadcast to ${users} users: every in-app notice in ${fmt(inAppS)}${inAppRate ? ` (${inAppRate.toFixed(0)} notices/s)` : ''}` +
  (skipEmail ? '' : `; first e-mail after ${fmt(firstEmailS)}, every e-mail in MailDev in ${fmt(emailS)} (${emails} e-mails${emailS ? `, ${(users / emailS).toFixed(0)} e-mails/s` : ''})`) +
  `; raw batch insert ${rawRate.toFixed(0)} entities/s (${users} in 100-entity transactions, 4 at a time)` +
  (inAppRate ? `; in-app notices at ${(100 * inAppRate / rawRate).toFixed(0)} % of the raw rate` : ''));
if (inAppS === null || (!skipEmail && emailS === null)) process.exit(1);
