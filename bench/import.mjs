// Import throughput: generates accounts (and meters) for one provider, uploads the CSVs to the `imports`
// blob container with the storage account key (as an operator with azcopy would), starts the imports
// through POST /api/operator/imports {kind, blob}, polls until done and prints rows per second. Then it
// counts what landed (accountindex and meterindex partitions of the provider) to verify the import.
// Usage: node bench/import.mjs <baseUrl> <storageConnectionString> <login> <password> <accounts> <meters 0|1>
import crypto from "node:crypto";

const [baseUrl, connectionString, login, password, accountsArg, metersArg] = process.argv.slice(2);
const accounts = Number(accountsArg ?? 100000);
const withMeters = metersArg !== "0";
const cs = Object.fromEntries(connectionString.split(";").filter(Boolean).map(p => [p.slice(0, p.indexOf("=")), p.slice(p.indexOf("=") + 1)]));
const account = cs.AccountName, key = Buffer.from(cs.AccountKey, "base64");

function sign(text) { return crypto.createHmac("sha256", key).update(text, "utf8").digest("base64"); }

async function putBlob(path, body) {
  const url = new URL(`${cs.BlobEndpoint}/imports/${path}`);
  const date = new Date().toUTCString();
  const headers = { "x-ms-blob-type": "BlockBlob", "x-ms-date": date, "x-ms-version": "2021-08-06", "Content-Type": "text/csv" };
  const canonicalHeaders = Object.entries(headers).filter(([k]) => k.startsWith("x-ms-")).map(([k, v]) => `${k.toLowerCase()}:${v}`).sort().join("\n");
  const toSign = ["PUT", "", "", String(body.length), "", "text/csv", "", "", "", "", "", "", canonicalHeaders, `/${account}${url.pathname}`].join("\n");
  const res = await fetch(url, { method: "PUT", headers: { ...headers, Authorization: `SharedKey ${account}:${sign(toSign)}` }, body });
  if (res.status !== 201) throw new Error(`upload ${path}: ${res.status} ${await res.text()}`);
}

async function countPartition(table, pk) {
  let count = 0, next = "";
  for (;;) {
    const url = new URL(`${cs.TableEndpoint}/${table}()`);
    url.searchParams.set("$filter", `PartitionKey eq '${pk}'`);
    url.searchParams.set("$select", "RowKey");
    if (next) { const [p, r] = next.split("\n"); url.searchParams.set("NextPartitionKey", p); if (r) url.searchParams.set("NextRowKey", r); }
    const date = new Date().toUTCString();
    const auth = `SharedKeyLite ${account}:${sign(`${date}\n/${account}${url.pathname}`)}`;
    const res = await fetch(url, { headers: { "x-ms-date": date, "x-ms-version": "2019-02-02", Accept: "application/json;odata=nometadata", Authorization: auth } });
    if (res.status !== 200) throw new Error(`query ${table}: ${res.status} ${await res.text()}`);
    count += (await res.json()).value.length;
    const p = res.headers.get("x-ms-continuation-nextpartitionkey");
    if (!p) return count;
    next = p + "\n" + (res.headers.get("x-ms-continuation-nextrowkey") ?? "");
  }
}

async function api(path, init = {}, token) {
  const res = await fetch(baseUrl + path, { ...init, headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(init.headers ?? {}) } });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function runImport(token, body, label, rows) {
  const started = performance.now();
  const created = await api("/api/operator/imports", { method: "POST", body: JSON.stringify(body) }, token);
  if (created.status !== 202) throw new Error(`${label}: ${created.status} ${JSON.stringify(created.body)}`);
  let status;
  for (;;) {
    status = (await api(`/api/operator/imports/${created.body.importId}`, {}, token)).body;
    if (status.status === "done" || status.status === "failed") break;
    await new Promise(r => setTimeout(r, 250));
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`${label}: ${status.status}, ${status.accepted} accepted, ${status.rejected} rejected of ${status.rowsTotal} in ${seconds.toFixed(1)} s ` +
    `= ${Math.round(rows / seconds)} rows/s${status.failure ? " " + JSON.stringify(status.failure) : ""}`);
  return { status, seconds };
}

const provider = "bench" + crypto.randomBytes(4).toString("hex");
const signedIn = await api("/api/auth/login", { method: "POST", body: JSON.stringify({ login, password }) });
if (signedIn.status !== 200) throw new Error(`sign-in: ${signedIn.status} ${JSON.stringify(signedIn.body)}`);
const token = signedIn.body.accessToken;

await runImport(token, {
  providers: [{ providerId: provider, name: "Bench Energo", timeZone: "Asia/Omsk" }],
  services: [{ providerId: provider, service: "electricity", name: "Электроэнергия" }],
}, "provider + service", 2);

let csv = ["providerId,number,holderName,address,rooms,residents,area,stove,openingBalance"];
for (let i = 1; i <= accounts; i++)
  csv.push(`${provider},${String(i).padStart(9, "0")},Абонент ${i},"г. Омск, ул. Ленина, д. ${i % 300}, кв. ${i}",${1 + i % 4},${1 + i % 5},${30 + i % 70}.5,${i % 3 ? "gas" : "electric"},${(i % 1000) * 100}`);
let body = Buffer.from(csv.join("\n") + "\n", "utf8");
await putBlob(`bench/${provider}/accounts.csv`, body);
console.log(`accounts.csv: ${accounts} rows, ${(body.length / 1048576).toFixed(1)} MiB uploaded`);
const a = await runImport(token, { kind: "accounts", blob: `imports/bench/${provider}/accounts.csv` }, "accounts", accounts);

let m = null;
if (withMeters) {
  csv = ["providerId,accountNumber,serial,model,zoneSet,digits,installedOn,remoteRead"];
  for (let i = 1; i <= accounts; i++)
    csv.push(`${provider},${String(i).padStart(9, "0")},SN${String(i).padStart(9, "0")},Меркурий 201,${i % 2 ? "T1" : "day-night"},6,2020-01-01,${i % 2 === 0}`);
  body = Buffer.from(csv.join("\n") + "\n", "utf8");
  await putBlob(`bench/${provider}/meters.csv`, body);
  console.log(`meters.csv: ${accounts} rows, ${(body.length / 1048576).toFixed(1)} MiB uploaded`);
  m = await runImport(token, { kind: "meters", blob: `imports/bench/${provider}/meters.csv` }, "meters", accounts);
}

const indexed = await countPartition("accountindex", provider);
const meters = withMeters ? await countPartition("meterindex", provider) : 0;
console.log(`verify: accountindex ${indexed}/${accounts}, meterindex ${meters}/${withMeters ? accounts : 0}`);
const ok = a.status.status === "done" && a.status.accepted === accounts && indexed === accounts
  && (!withMeters || (m.status.status === "done" && m.status.accepted === accounts && meters === accounts));
console.log(`import: accounts ${Math.round(accounts / a.seconds)} rows/s` + (m ? `, meters ${Math.round(accounts / m.seconds)} rows/s` : "") + ` (n=${accounts}) ${ok ? "OK" : "FAILED"}`);
process.exit(ok ? 0 : 1);
