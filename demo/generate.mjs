// Generates the demo import bundle (docs/imports.md): a demo provider with ~30 personal accounts, their meters
// and six months of readings, charges (ledger rows), payments and bills, dated relative to the day it is loaded: the last readings three
// to four and a half weeks back, bills for the six periods before the current one. Deterministic for a given date: the
// amounts do not depend on the date at all, only the dates move.
// Usage: node demo/generate.mjs [--date yyyy-MM-dd (default: today in Asia/Omsk)] [--out file (default demo/demo-data.json)]
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const arg = (name) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
const loadDate = arg('--date') ?? new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Omsk' }).format(new Date());
if (!/^\d{4}-\d{2}-\d{2}$/.test(loadDate)) throw new Error(`--date ${loadDate}: expected yyyy-MM-dd`);
const readingsDay = 25;
const day = (iso) => new Date(iso + 'T00:00:00Z');
const iso = (d) => d.toISOString().slice(0, 10);
const addDays = (d, n) => new Date(d.getTime() + n * 86400000);
const addMonths = (d, n) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, d.getUTCDate()));
const monthOf = (d) => iso(d).slice(0, 7);
// The period a reading counts for: days 1..readingsDay count for their month, later days for the next.
const periodFor = (d) => monthOf(d.getUTCDate() <= readingsDay ? d : addMonths(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)), 1));
const today = day(loadDate);
// The last reading: at least three weeks back and in a period before today's, so 21..31 days back; a reading
// submitted on the load day (or a few days later) is plausible for about 26 days of usual use: the README's example.
const currentPeriodStart = addMonths(day(periodFor(today) + '-01'), -1); // the previous period ends on its readingsDay
const previousPeriodEnd = new Date(Date.UTC(currentPeriodStart.getUTCFullYear(), currentPeriodStart.getUTCMonth(), readingsDay));
const lastReading = new Date(Math.min(addDays(today, -21).getTime(), previousPeriodEnd.getTime()));
const readingDates = [5, 4, 3, 2, 1, 0].map((k) => addMonths(lastReading, -k)); // the day is 11..25: no month overflow
const months = readingDates.map(periodFor);
const yesterday = iso(addDays(today, -1));
const notAfterYesterday = (date) => (date > yesterday ? yesterday : date);

let seed = 20261125;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (list) => list[Math.floor(rand() * list.length)];
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));

const providerId = 'demo-energo';
const tariffsFrom = `${months[0].slice(0, 4)}-01-01`;
const rates = { T1: 5.67, day: 6.51, night: 3.2, peak: 7.8, semipeak: 5.67 };
const wastePerPerson = 14350; // kopecks per resident per month
// Bills are due by the 10th of the next month, by the 15th from March 2026 (ЖК РФ ст. 155 ч. 1 as amended).
const dueDateIn = (month) => `${month}-${month >= '2026-03' ? 15 : 10}`;
// Debts from before the portal (ledger opening rows, due before the history starts: penalties accrue on them).
const openingDebts = { 10: 154000, 22: 87550 };

const bundle = {
  providers: [{
    providerId, name: 'АО «Демо Энергосбыт»', inn: '5500000001', kpp: '550101001', ogrn: '1025500000001',
    legalAddress: '644099, г. Омск, ул. Демонстрационная, д. 1', phone: '+7 3812 00-00-00', email: 'info@demo-energo.example',
    website: 'https://demo-energo.example', timeZone: 'Asia/Omsk', readingsDay, billDueDay: 15,
    bankName: 'ПАО Сбербанк', bic: '045209673', correspondentAccount: '30101810900000000673', settlementAccount: '40702810945000000001',
    acceptedProofs: ['lastPayment', 'meterSerial', 'lastBill'], plausibleAbove: '0.7', plausibleBelow: '0.4',
  }],
  services: [
    { providerId, service: 'electricity', name: 'Электроэнергия', unit: 'kWh', kind: 'metered' },
    { providerId, service: 'solid_waste', name: 'Обращение с ТКО', unit: 'person', kind: 'fixed', fixedAmount: wastePerPerson },
  ],
  tariffs: [
    { providerId, service: 'electricity', zoneSet: 'T1', effectiveFrom: tariffsFrom, T1: '5.67' },
    // Two-zone tariff with monthly volume bands, as many regions bill since 2024.
    { providerId, service: 'electricity', zoneSet: 'day-night', effectiveFrom: tariffsFrom, bandUpTo: '3900', day: '6.51', night: '3.20' },
    { providerId, service: 'electricity', zoneSet: 'day-night', effectiveFrom: tariffsFrom, bandUpTo: '6000', day: '8.95', night: '4.40' },
    { providerId, service: 'electricity', zoneSet: 'day-night', effectiveFrom: tariffsFrom, day: '12.40', night: '6.10' },
    { providerId, service: 'electricity', zoneSet: 'peak-semipeak-night', effectiveFrom: tariffsFrom, peak: '7.80', semipeak: '5.67', night: '3.20' },
  ],
  norms: [],
  accounts: [], meters: [], ledger: [], readings: [], bills: [], payments: [],
};

for (const rooms of [1, 2, 3, 4])
  for (const residents of [1, 2, 3, 4, 5])
    for (const stove of ['gas', 'electric'])
      bundle.norms.push({ providerId, rooms, residents, stove,
        kwhPerPerson: String(Math.round((stove === 'electric' ? 140 : 100) * (1 + rooms * 0.1) / Math.sqrt(residents))) });

const lastNames = ['Иванов', 'Петров', 'Сидоров', 'Кузнецов', 'Смирнов', 'Попов', 'Васильев', 'Соколов', 'Михайлов', 'Новиков'];
const firstNames = ['Иван', 'Пётр', 'Алексей', 'Сергей', 'Дмитрий', 'Андрей', 'Николай', 'Михаил'];
const middles = ['Иванович', 'Петрович', 'Сергеевич', 'Алексеевич', 'Николаевич'];
const streets = ['ул. Ленина', 'пр. Мира', 'ул. Маркса', 'ул. Гагарина', 'ул. Лермонтова'];
const zoneSets = { 'T1': ['T1'], 'day-night': ['day', 'night'], 'peak-semipeak-night': ['peak', 'semipeak', 'night'] };
const share = { T1: [1], 'day-night': [0.7, 0.3], 'peak-semipeak-night': [0.3, 0.45, 0.25] };

for (let i = 1; i <= 30; i++) {
  const number = String(5500100000 + i);
  const zoneSet = i % 5 === 0 ? 'peak-semipeak-night' : i % 3 === 0 ? 'day-night' : 'T1';
  const rooms = int(1, 4), residents = int(1, 5), stove = i % 4 === 0 ? 'electric' : 'gas';
  const serial = 'E' + String(10000000 + i * 7919).slice(-8);
  // Account 7 has a 5-digit meter just short of its capacity: its next reading rolls over (see below).
  const digits = i === 7 ? 5 : 6;
  bundle.meters.push({ providerId, accountNumber: number, serial, model: pick(['Меркурий 201.5', 'Энергомера CE101', 'Меркурий 231', 'Нева МТ 124']),
    service: 'electricity', zoneSet, digits, fractionDigits: i % 6 === 0 ? 1 : 0, installedOn: `20${int(15, 22)}-0${int(1, 9)}-1${int(0, 9)}`,
    verifiedUntil: i === 11 ? iso(addDays(today, -60)) : `20${int(30, 36)}-0${int(1, 9)}-15`, accuracyClass: i % 2 ? '1.0' : '2.0',
    location: pick(['в квартире', 'на лестничной площадке', 'в щитке']), remoteRead: i === 13, state: 'active' });

  const zones = zoneSets[zoneSet];
  const values = Object.fromEntries(zones.map((z) => [z, i === 7 ? 99000 - 1500 : int(2000, 40000)]));
  let unpaid = i % 4 === 0; // every fourth account owes its last bill
  months.forEach((period, m) => {
    const monthly = int(120, 380) + (stove === 'electric' ? 150 : 0);
    let amount = 0;
    zones.forEach((z, k) => {
      const used = Math.round(monthly * share[zoneSet][k]);
      values[z] += used;
      amount += Math.round(used * rates[z] * 100);
    });
    const reading = { providerId, accountNumber: number, serial, date: iso(readingDates[m]), status: 'billed' };
    for (const z of zones) reading[z] = values[z];
    bundle.readings.push(reading);
    const total = amount + wastePerPerson * residents;
    const [y, mo] = period.split('-').map(Number);
    const next = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
    const last = m === months.length - 1;
    const billNumber = `B${number.slice(-4)}${String(m + 1).padStart(2, '0')}`;
    // The bill's charges, per service: the balance is the sum of the ledger (a bills row itself moves nothing).
    for (const [service, charged] of [['electricity', amount], ['solid_waste', wastePerPerson * residents]])
      bundle.ledger.push({ providerId, accountNumber: number, date: notAfterYesterday(`${next}-01`), kind: 'charge', amount: charged,
        dueDate: dueDateIn(next), service, documentNumber: billNumber, period, description: `Начисление за ${period}` });
    bundle.bills.push({ providerId, accountNumber: number, period, total, dueDate: dueDateIn(next), status: last && unpaid ? 'issued' : 'paid' });
    if (!(last && unpaid)) bundle.payments.push({ providerId, accountNumber: number, date: notAfterYesterday(`${next}-0${int(1, 9)}`), amount: total,
      documentNumber: `P${number.slice(-4)}${String(m + 1).padStart(2, '0')}`, channel: pick(['card', 'bank', 'cash']) });
  });
  if (openingDebts[i]) bundle.ledger.push({ providerId, accountNumber: number, date: `${months[0]}-01`, kind: 'opening', amount: openingDebts[i],
    dueDate: dueDateIn(months[0]), service: 'electricity', description: 'Задолженность на дату перехода' });
  // Account 2 was recalculated after its last bill: 15,00 ₽ less for electricity.
  if (i === 2) bundle.ledger.push({ providerId, accountNumber: number, date: yesterday, kind: 'correction', amount: -1500,
    documentNumber: `K${number.slice(-4)}01`, corrects: `B${number.slice(-4)}06`, description: 'Перерасчёт' });
  const own = bundle.readings.filter((r) => r.accountNumber === number);
  // The rollover meter ends 60 kWh below 99999, about a week of its use: a reading submitted now wraps past 0.
  const shift = i === 7 ? 99940 - own.at(-1).T1 : 0;
  for (const r of own) for (const z of zones) r[z] = String(r[z] + shift);
  bundle.accounts.push({ providerId, number, holderName: `${pick(lastNames)} ${pick(firstNames)} ${pick(middles)}`,
    address: `г. Омск, ${pick(streets)}, д. ${int(1, 120)}, кв. ${int(1, 200)}`, rooms, residents,
    area: (28 + rooms * 14 + int(0, 9) + int(0, 9) / 10).toFixed(1), stove });
}

const file = arg('--out') ?? fileURLToPath(new URL('./demo-data.json', import.meta.url));
writeFileSync(file, JSON.stringify(bundle, null, 1) + '\n');
console.log(`demo data for ${loadDate}: ${bundle.accounts.length} accounts, ${bundle.meters.length} meters, ${bundle.readings.length} readings, ` +
  `${bundle.bills.length} bills, ${bundle.payments.length} payments, ${bundle.ledger.length} ledger rows → ${file}`);
