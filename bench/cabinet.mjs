// The API as the benches call it: a JSON request from a fresh client address (so no client limit is shared), an operator
// import waited for, and a user registered by phone with the code the development SMS gateway kept.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { now, sleep } from './storage.mjs';

export const percentile = (sorted, p) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : NaN;
export const ms = x => Number.isNaN(x) ? 'n/a' : x < 10 ? x.toFixed(1) : String(Math.round(x));

export function cabinet(base, userPassword) {
  let addressCounter = 0;
  const nextAddress = () => {
    const n = addressCounter++;
    return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  };

  async function api(method, path, body, token, extraHeaders = {}) {
    const res = await fetch(base + path, {
      method,
      headers: {
        'content-type': 'application/json', 'x-forwarded-for': nextAddress(), 'user-agent': 'kabinet-bench/1.0',
        ...(token ? { authorization: `Bearer ${token}` } : {}), ...extraHeaders,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed = null;
    try { parsed = text ? JSON.parse(text) : null; } catch { parsed = text; }
    return { status: res.status, body: parsed };
  }

  async function importBundle(token, bundle) {
    const created = await api('POST', '/api/operator/imports', bundle, token);
    if (created.status !== 202) throw new Error(`import: ${created.status} ${JSON.stringify(created.body)}`);
    for (const deadline = now() + 120_000; now() < deadline; await sleep(250)) {
      const s = (await api('GET', `/api/operator/imports/${created.body.importId}`, undefined, token)).body;
      if (s.status === 'failed') throw new Error(`import failed: ${JSON.stringify(s.failure)}`);
      if (s.status === 'done') {
        if (s.rejected) throw new Error(`import rejected ${s.rejected} rows: ${JSON.stringify(s.errors?.slice(0, 3))}`);
        return s;
      }
    }
    throw new Error('import did not finish within 120 s');
  }

  async function smsCode(phone) {
    for (const deadline = now() + 30_000; now() < deadline; await sleep(100)) {
      const res = await fetch(`${base}/api/dev/sms?to=${encodeURIComponent(phone)}`);
      const { items } = await res.json();
      const match = items.length ? /\b(\d{5,6})\b/.exec(items[items.length - 1].text) : null;
      if (match) return match[1];
    }
    throw new Error(`no SMS code for ${phone} within 30 s`);
  }

  async function registerUser() {
    const phone = '+79' + String(100_000_000 + crypto.randomInt(899_999_999));
    const started = await api('POST', '/api/auth/register', { phone, password: userPassword, acceptTerms: true, marketingOptIn: false });
    if (started.status !== 202) throw new Error(`register ${phone}: ${started.status} ${JSON.stringify(started.body)}`);
    const confirmed = await api('POST', '/api/auth/register/confirm', { challengeId: started.body.challengeId, code: await smsCode(phone) });
    if (confirmed.status !== 201) throw new Error(`confirm ${phone}: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
    return confirmed.body.accessToken;
  }

  return { api, importBundle, registerUser };
}

// CPU seconds (user + system) each named process has used; /proc/PID/stat fields 14 and 15 are in ticks of 1/100 s.
export function cpuSeconds(pids) {
  const out = { self: process.cpuUsage() };
  for (const [name, pid] of Object.entries(pids)) {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      out[name] = (Number(fields[11]) + Number(fields[12])) / 100;
    } catch { /* gone or not Linux */ }
  }
  out.self = (out.self.user + out.self.system) / 1e6;
  return out;
}

export function cpuPerOperation(before, after, operations) {
  const names = { app: 'app', localhost: 'LocalHost', azurite: 'Azurite', self: 'bench client' };
  return Object.keys(names).filter(k => before[k] !== undefined && after[k] !== undefined)
    .map(k => `${names[k]} ${(1000 * (after[k] - before[k]) / operations).toFixed(2)}`).join(', ') + ' ms';
}

/** The app's storage requests so far (GET /api/dev/storage-calls), or null outside Development. */
export async function storageCalls(base) {
  const res = await fetch(`${base}/api/dev/storage-calls`);
  return res.status === 200 ? res.json() : (await res.arrayBuffer(), null);
}
