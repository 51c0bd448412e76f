// Cold-start probe used by bench/cold-start.sh. Starts the custom handler the way the Functions
// host does (FUNCTIONS_CUSTOMHANDLER_PORT), then polls GET / (the host's readiness probe: any
// HTTP answer counts) and GET /api/health (must answer 200) every few milliseconds, and measures
// both from the moment the process is spawned. Repeats, then prints per-run lines and a summary.
//
// node cold-start.mjs <executable> --runs 10 --warmup 1 --timeout 30 --interval 5
// Environment for the handler is inherited (the shell script sets storage and SMTP settings).
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const exe = path.resolve(args[0] ?? '');
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const runs = opt('runs', 10), warmup = opt('warmup', 1), timeoutMs = opt('timeout', 30) * 1000, intervalMs = opt('interval', 5);
if (!fs.existsSync(exe)) { console.error(`cold-start: no executable at ${exe}`); process.exit(2); }

const sleep = ms => new Promise(r => setTimeout(r, ms));
const now = () => Number(process.hrtime.bigint()) / 1e6;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

// One GET; resolves to the status code, or null if there was no HTTP answer (refused, reset, timeout).
function get(port, urlPath) {
  return new Promise(resolve => {
    const req = http.request({ host: '127.0.0.1', port, path: urlPath, method: 'GET', agent: false, timeout: 2000 }, res => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
      res.on('error', () => resolve(res.statusCode));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
    req.end();
  });
}

// Polls until accept(status) holds; returns ms since t0, or null when the deadline passes or the process died.
async function pollUntil(port, urlPath, accept, t0, state) {
  let last = null;
  while (now() - t0 < timeoutMs) {
    if (state.exited) return { ms: null, last, why: `process exited (code ${state.code}, signal ${state.signal})` };
    const status = await get(port, urlPath);
    if (status !== null) last = status;
    if (status !== null && accept(status)) return { ms: now() - t0, last };
    await sleep(intervalMs);
  }
  return { ms: null, last, why: `no ${urlPath === '/' ? 'answer' : '200'} within ${timeoutMs / 1000} s` };
}

function rssMb(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch { return null; }
}

async function stop(child, state) {
  if (state.exited) return;
  const exited = new Promise(r => child.once('exit', r));
  child.kill('SIGTERM');
  const done = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
  if (!done) { child.kill('SIGKILL'); await exited; }
}

async function once() {
  const port = await freePort();
  const env = { ...process.env, FUNCTIONS_CUSTOMHANDLER_PORT: String(port) };
  const output = [];
  const t0 = now();
  const child = spawn(exe, [], { cwd: path.dirname(exe), env, stdio: ['ignore', 'pipe', 'pipe'] });
  const state = { exited: false };
  child.on('exit', (code, signal) => Object.assign(state, { exited: true, code, signal }));
  child.on('error', e => Object.assign(state, { exited: true, code: e.message }));
  const keep = d => { output.push(d.toString()); if (output.length > 200) output.shift(); };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);

  const root = await pollUntil(port, '/', () => true, t0, state);
  const health = root.ms === null ? { ms: null, why: 'skipped: / never answered' }
    : await pollUntil(port, '/api/health', s => s === 200, t0, state);
  const rss = rssMb(child.pid);
  await stop(child, state);
  return { root, health, rss, output: output.join('') };
}

const median = xs => { const s = [...xs].sort((a, b) => a - b); const n = s.length; return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; };
const r = x => Math.round(x);

const rootMs = [], healthMs = [], rssAll = [];
let failures = 0;
for (let i = -warmup; i < runs; i++) {
  const res = await once();
  const label = i < 0 ? `warm-up ${i + warmup + 1}` : `run ${String(i + 1).padStart(2)}`;
  const rootText = res.root.ms === null ? `FAILED (${res.root.why})` : `${r(res.root.ms)} ms`;
  const healthText = res.health.ms === null
    ? `FAILED (${res.health.why}${res.health.last ? `, last status ${res.health.last}` : ''})`
    : `${r(res.health.ms)} ms`;
  console.log(`${label}: first answer on / ${rootText}; first 200 on /api/health ${healthText}${res.rss ? `; RSS ${res.rss} MB` : ''}`);
  if (i < 0) continue;
  if (res.root.ms !== null) rootMs.push(res.root.ms);
  if (res.health.ms !== null) healthMs.push(res.health.ms);
  if (res.rss) rssAll.push(res.rss);
  if (res.root.ms === null || res.health.ms === null) {
    failures++;
    if (failures === 1) console.log(`  handler output (last lines):\n${res.output.split('\n').slice(-25).map(l => '    ' + l).join('\n')}`);
  }
}

const part = (name, xs) => xs.length
  ? `${name} median ${r(median(xs))} ms (min ${r(Math.min(...xs))}, max ${r(Math.max(...xs))})`
  : `${name} never reached`;
console.log(`cold start: ${part('first answer on /', rootMs)}; ${part('first 200 on /api/health', healthMs)} (n=${runs}${failures ? `, ${failures} failed` : ''})` +
  (rssAll.length ? `; RSS at end median ${r(median(rssAll))} MB` : ''));
process.exit(failures ? 1 : 0);
