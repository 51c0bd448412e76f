// What the node benches share: Azurite's Table/Blob/Queue REST API with SharedKey, a worker pool and a JSON API call.
import crypto from 'node:crypto';

export const now = () => performance.now();
export const sleep = ms => new Promise(r => setTimeout(r, ms));

/** Runs work(0..count-1) with at most `concurrency` at a time. */
export async function pool(count, concurrency, work) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, async () => {
    for (let i = next++; i < count; i = next++) await work(i);
  }));
}

/** fetch + JSON: {status, body, headers}; `headers` are added to every call (e.g. x-forwarded-for). */
export async function api(base, method, path, body, token, headers = {}) {
  const res = await fetch(base + path, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed = null;
  try { parsed = text ? JSON.parse(text) : null; } catch { parsed = text; }
  return { status: res.status, body: parsed, headers: res.headers };
}

export const int64 = (name, value) => ({ [name]: String(value), [`${name}@odata.type`]: 'Edm.Int64' });
export const dateTime = (name, value) => ({ [name]: value, [`${name}@odata.type`]: 'Edm.DateTime' });

/** A client of the storage account in `connectionString` (Azurite's). */
export function storage(connectionString) {
  const cs = Object.fromEntries(connectionString.split(';').filter(Boolean).map(p => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]));
  const account = cs.AccountName, key = Buffer.from(cs.AccountKey ?? '', 'base64');
  const sign = text => crypto.createHmac('sha256', key).update(text, 'utf8').digest('base64');

  // Table service SharedKey: VERB \n Content-MD5 \n Content-Type \n Date \n CanonicalizedResource.
  function tableRequest(method, path, body, contentType = 'application/json', extra = {}) {
    const url = new URL(`${cs.TableEndpoint}/${path}`);
    const date = new Date().toUTCString();
    const type = body === undefined ? '' : contentType;
    const signature = sign([method, '', type, date, `/${account}${url.pathname}`].join('\n'));
    return fetch(url, {
      method,
      headers: {
        'x-ms-date': date, 'x-ms-version': '2019-02-02', DataServiceVersion: '3.0;NetFx', MaxDataServiceVersion: '3.0;NetFx',
        Accept: 'application/json;odata=nometadata', Prefer: 'return-no-content',
        ...(type ? { 'Content-Type': type } : {}), Authorization: `SharedKey ${account}:${signature}`, ...extra,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  // Blob and Queue SharedKey (GET, no body): the 12 standard headers empty, x-ms-* headers, then /account/path and the query sorted.
  function storageGet(endpoint, path, query = {}) {
    const url = new URL(`${endpoint}/${path}`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const date = new Date().toUTCString(), version = '2021-08-06';
    const resource = [`/${account}${url.pathname}`,
      ...Object.keys(query).map(k => k.toLowerCase()).sort().map(k => `${k}:${query[Object.keys(query).find(q => q.toLowerCase() === k)]}`)].join('\n');
    const signature = sign(['GET', '', '', '', '', '', '', '', '', '', '', '', `x-ms-date:${date}\nx-ms-version:${version}`, resource].join('\n'));
    return fetch(url, { headers: { 'x-ms-date': date, 'x-ms-version': version, Authorization: `SharedKey ${account}:${signature}` } });
  }

  async function createTable(name) {
    const res = await tableRequest('POST', 'Tables', { TableName: name });
    await res.arrayBuffer();
    if (![201, 204, 409].includes(res.status)) throw new Error(`create table ${name}: ${res.status}`);
  }

  async function insert(table, row) {
    const res = await tableRequest('POST', table, row);
    const text = await res.text();
    if (res.status !== 204 && res.status !== 201) throw new Error(`insert into ${table}: ${res.status} ${text.slice(0, 300)}`);
  }

  /** Insert Or Replace of one entity (PUT to its address). */
  async function upsert(table, row) {
    const res = await tableRequest('PUT', `${table}(PartitionKey='${encodeURIComponent(row.PartitionKey)}',RowKey='${encodeURIComponent(row.RowKey)}')`, row);
    const text = await res.text();
    if (res.status !== 204) throw new Error(`upsert into ${table}: ${res.status} ${text.slice(0, 300)}`);
  }

  // One entity-group transaction ($batch) of inserts into one partition of a table.
  async function batchInsert(table, rows) {
    const batch = 'batch_' + crypto.randomUUID(), changeset = 'changeset_' + crypto.randomUUID();
    const lines = [`--${batch}`, `Content-Type: multipart/mixed; boundary=${changeset}`, ''];
    for (const row of rows)
      lines.push(`--${changeset}`, 'Content-Type: application/http', 'Content-Transfer-Encoding: binary', '',
        `POST ${cs.TableEndpoint}/${table} HTTP/1.1`, 'Content-Type: application/json', 'Accept: application/json;odata=nometadata',
        'Prefer: return-no-content', 'DataServiceVersion: 3.0;', '', JSON.stringify(row));
    lines.push(`--${changeset}--`, `--${batch}--`, '');
    const res = await tableRequest('POST', '$batch', lines.join('\r\n'), `multipart/mixed; boundary=${batch}`);
    const text = await res.text();
    if (res.status !== 202 || /HTTP\/1\.1 [45]\d\d/.test(text)) throw new Error(`batch into ${table}: ${res.status} ${text.slice(0, 300)}`);
  }

  /** Raw: `entities` small entities in 100-entity transactions into a new scratch table, `concurrency` at a time → entities/s. */
  async function rawBatchRate(entities, concurrency = 4) {
    const table = 'raw' + crypto.randomBytes(4).toString('hex');
    await createTable(table);
    const batches = Math.ceil(entities / 100);
    const t0 = now();
    await pool(batches, concurrency, async b => {
      const count = Math.min(100, entities - b * 100);
      await batchInsert(table, Array.from({ length: count }, (_, i) => ({ PartitionKey: `p${b}`, RowKey: String(i).padStart(3, '0'), Value: 'x'.repeat(64) })));
    });
    return entities / ((now() - t0) / 1000);
  }

  return { endpoints: cs, tableRequest, storageGet, createTable, insert, upsert, batchInsert, rawBatchRate };
}
