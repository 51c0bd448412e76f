using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Kabinet.Accounts;
using Kabinet.Billing;
using Kabinet.Platform.Storage;
using Kabinet.Providers;
using Kabinet.Readings;

namespace Kabinet.Operators;

/// <summary>
/// Loads the rows of one chunk: validates each (pure rules), checks what it references (provider, service,
/// account, meter), then writes — entity-group transactions of up to 100 rows per partition where rows share
/// one, bounded parallel single upserts where they do not. Every write is an upsert by natural key, so running
/// a chunk again changes nothing. Money is different: ledger entries are inserted once and never replaced, and
/// what billing owns (billed readings, its bills) is never written (see <see cref="ImportLedger"/>).
/// <paramref name="importedAt"/> is when the import was created: the entries' RecordedAt and the default due date of an opening balance.
/// </summary>
public sealed class ImportBatch(AccountTables tables, ProviderTables providers, BillingTables billing, int parallelism, DateTimeOffset importedAt, CancellationToken ct)
{
    private readonly ImportLedger _ledger = new(tables.Accounts);
    private readonly SemaphoreSlim _gate = new(parallelism);
    private readonly ConcurrentDictionary<string, Lazy<Task<ProviderEntity?>>> _providers = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<HashSet<string>>>> _services = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<bool>>> _accounts = new();

    public List<(SourceRow Row, RowError Error)> Errors { get; } = [];
    public Dictionary<string, (int Accepted, int Rejected)> Counts { get; } = [];
    public int Accepted { get; private set; }

    public async Task ProcessAsync(string kind, IReadOnlyList<SourceRow> rows)
    {
        var readable = new List<SourceRow>();
        foreach (var row in rows)
            if (row.Error is not null) Reject(row, new RowError(row.Error, row.ErrorField));
            else readable.Add(row);
        switch (kind)
        {
            case "providers": await ProvidersAsync(readable); break;
            case "services": await ServicesAsync(readable); break;
            case "tariffs": await TariffsAsync(readable); break;
            case "norms": await SimpleAsync(readable, ImportRules.Norm, providers.Norms, TableTransactionActionType.UpsertReplace); break;
            case "accounts": await AccountsAsync(readable); break;
            case "meters": await MetersAsync(readable); break;
            case "keyrates": await KeyRatesAsync(readable); break;
            case "ledger": await LedgerAsync(readable, ImportRules.Ledger); break;
            case "payments": await LedgerAsync(readable, ImportRules.Payment); break;
            case "bills": await BillsAsync(readable); break;
            case "readings": await ReadingsAsync(readable); break;
            default: foreach (var row in readable) Reject(row, new RowError("import.kind_unknown")); break;
        }
    }

    private void Reject(SourceRow row, RowError error)
    {
        lock (Errors)
        {
            Errors.Add((row, error));
            var c = Counts.GetValueOrDefault(row.Kind);
            Counts[row.Kind] = (c.Accepted, c.Rejected + 1);
        }
    }

    private void Accept(SourceRow row)
    {
        lock (Errors)
        {
            Accepted++;
            var c = Counts.GetValueOrDefault(row.Kind);
            Counts[row.Kind] = (c.Accepted + 1, c.Rejected);
        }
    }

    /// <summary>Parses every row; rejected ones are recorded, the rest returned.</summary>
    private List<ParsedRow<T>> Parse<T>(IEnumerable<SourceRow> rows, Func<SourceRow, (ParsedRow<T>?, RowError?)> rule)
    {
        var parsed = new List<ParsedRow<T>>();
        foreach (var row in rows)
        {
            var (ok, error) = rule(row);
            if (ok is not null) parsed.Add(ok);
            else Reject(row, error!);
        }
        return parsed;
    }

    /// <summary>Runs a check per row with bounded storage concurrency; rows whose check returns an error are rejected.</summary>
    private async Task<List<ParsedRow<T>>> CheckAsync<T>(List<ParsedRow<T>> rows, Func<ParsedRow<T>, Task<RowError?>> check)
    {
        var errors = await Task.WhenAll(rows.Select(check));
        var passed = new List<ParsedRow<T>>();
        for (var i = 0; i < rows.Count; i++)
            if (errors[i] is { } e) Reject(rows[i].Source, e);
            else passed.Add(rows[i]);
        return passed;
    }

    private async Task<T> Limited<T>(Func<Task<T>> call)
    {
        await _gate.WaitAsync(ct);
        try { return await call(); }
        finally { _gate.Release(); }
    }

    private Task<ProviderEntity?> ProviderAsync(string id) =>
        _providers.GetOrAdd(id, key => new Lazy<Task<ProviderEntity?>>(() => Limited(async () =>
            (await providers.Providers.GetEntityIfExistsAsync<ProviderEntity>(ProviderEntity.Partition, key, cancellationToken: ct)) is { HasValue: true } r ? r.Value : null))).Value;

    private Task<HashSet<string>> ServicesOfAsync(string providerId) =>
        _services.GetOrAdd(providerId, key => new Lazy<Task<HashSet<string>>>(() => Limited(async () =>
        {
            var set = new HashSet<string>();
            await foreach (var s in providers.Services.QueryAsync<TableEntity>(e => e.PartitionKey == key, select: ["RowKey"], cancellationToken: ct)) set.Add(s.RowKey);
            return set;
        }))).Value;

    private Task<bool> AccountExistsAsync(string accountId) =>
        _accounts.GetOrAdd(accountId, key => new Lazy<Task<bool>>(() => Limited(async () =>
            (await tables.Accounts.GetEntityIfExistsAsync<TableEntity>(key, AccountEntity.Row, select: ["PartitionKey"], cancellationToken: ct)).HasValue))).Value;

    private async Task<RowError?> ProviderKnown(string providerId) =>
        await ProviderAsync(providerId) is null ? new RowError("import.provider_unknown", "providerId", providerId) : null;

    private async Task<RowError?> AccountKnown<T>(ParsedRow<T> row) =>
        await AccountExistsAsync(AccountIds.For(row.ProviderId, row.AccountNumber!)) ? null : new RowError("import.account_unknown", "accountNumber", row.AccountNumber);

    /// <summary>Upserts grouped by partition: one transaction per 100 rows of a partition; the last row of a key wins.</summary>
    private Task WriteAsync<T>(TableClient table, IEnumerable<T> entities, TableTransactionActionType mode) where T : class, ITableEntity
    {
        var batches = entities.GroupBy(e => e.PartitionKey)
            .SelectMany(p => p.GroupBy(e => e.RowKey).Select(r => r.Last()).Chunk(100))
            .ToList();
        return Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, async (batch, token) =>
        {
            if (batch.Length == 1)
                await table.UpsertEntityAsync(batch[0], mode == TableTransactionActionType.UpsertMerge ? TableUpdateMode.Merge : TableUpdateMode.Replace, token);
            else
                await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(mode, e)), token);
        });
    }

    private async Task SimpleAsync<T>(List<SourceRow> rows, Func<SourceRow, (ParsedRow<T>?, RowError?)> rule, TableClient table, TableTransactionActionType mode)
        where T : class, ITableEntity
    {
        var parsed = await CheckAsync(Parse(rows, rule), r => ProviderKnown(r.ProviderId));
        await WriteAsync(table, parsed.Select(p => p.Value), mode);
        parsed.ForEach(p => Accept(p.Source));
    }

    private async Task ProvidersAsync(List<SourceRow> rows)
    {
        var parsed = Parse(rows, ImportRules.Provider);
        await WriteAsync(providers.Providers, parsed.Select(p => p.Value), TableTransactionActionType.UpsertReplace);
        foreach (var p in parsed)
        {
            _providers[p.ProviderId] = new Lazy<Task<ProviderEntity?>>(Task.FromResult<ProviderEntity?>(p.Value));
            Accept(p.Source);
        }
    }

    private async Task ServicesAsync(List<SourceRow> rows)
    {
        await SimpleAsync(rows, ImportRules.Service, providers.Services, TableTransactionActionType.UpsertReplace);
        _services.Clear();
    }

    private async Task TariffsAsync(List<SourceRow> rows)
    {
        var results = rows.Select(r => (Row: r, Result: ImportRules.Tariff(r))).ToList();
        var groups = results.GroupBy(r => r.Result.Item1 is { } ok ? ok.ProviderId + "\n" + ok.Value.Key : "\n" + r.Row.Row).ToList();
        var tariffs = new List<(TariffEntity Tariff, SourceRow[] Rows)>();
        foreach (var group in groups)
        {
            var members = group.ToList();
            if (members.Any(m => m.Result.Item2 is not null))
            {
                foreach (var m in members) Reject(m.Row, m.Result.Item2 ?? new RowError("import.tariff_incomplete"));
                continue;
            }
            var first = members[0].Result.Item1!;
            var error = await ProviderKnown(first.ProviderId)
                ?? (!(await ServicesOfAsync(first.ProviderId)).Contains(first.Value.Service) ? new RowError("import.service_unknown", "service", first.Value.Service) : null);
            if (error is not null)
            {
                foreach (var m in members) Reject(m.Row, error);
                continue;
            }
            var (tariff, bad, mergeError) = ImportRules.MergeTariff(first.ProviderId, members.Select(m => m.Result.Item1!.Value).ToList());
            if (tariff is null)
            {
                for (var i = 0; i < members.Count; i++) Reject(members[i].Row, i == bad ? mergeError! : new RowError("import.tariff_incomplete"));
                continue;
            }
            tariffs.Add((tariff, members.Select(m => m.Row).ToArray()));
        }
        await WriteAsync(providers.Tariffs, tariffs.Select(t => t.Tariff), TableTransactionActionType.UpsertReplace);
        foreach (var row in tariffs.SelectMany(t => t.Rows)) Accept(row);
    }

    private async Task AccountsAsync(List<SourceRow> rows)
    {
        var parsed = await CheckAsync(Parse(rows, ImportRules.Account), r => ProviderKnown(r.ProviderId));
        var latest = parsed.GroupBy(p => p.Value.PartitionKey).Select(g => g.Last()).ToList();
        var locked = new ConcurrentDictionary<string, RowError>();
        await Parallel.ForEachAsync(latest, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, async (p, token) =>
        {
            if (await WriteAccountAsync(p, token) is { } error) locked[p.Value.PartitionKey] = error;
        });
        var written = new List<ParsedRow<AccountEntity>>();
        foreach (var p in parsed)
            if (locked.TryGetValue(p.Value.PartitionKey, out var error)) Reject(p.Source, error);
            else written.Add(p);
        await WriteAsync(tables.AccountIndex, written.Select(p => new AccountIndexEntity
        {
            PartitionKey = p.ProviderId, RowKey = AccountIds.NormalizeNumber(p.AccountNumber!), AccountId = p.Value.PartitionKey,
        }), TableTransactionActionType.UpsertReplace);
        written.ForEach(p => Accept(p.Source));
    }

    /// <summary>
    /// First import: the account row with Balance = openingBalance and its opening ledger entry, in one transaction.
    /// Later imports update what the import owns and leave the balance, the opening entry and the delivery choice
    /// alone; a different openingBalance is refused (omit the column, or correct through ledger rows).
    /// </summary>
    private async Task<RowError?> WriteAccountAsync(ParsedRow<AccountEntity> p, CancellationToken token)
    {
        var a = p.Value;
        var provider = (await ProviderAsync(p.ProviderId))!;
        a.OpeningDueDate ??= LocalDay(importedAt, provider.TimeZone);
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, a) };
        if (ImportRules.OpeningEntry(a, a.OpeningDueDate, importedAt) is { } opening) actions.Add(new(TableTransactionActionType.Add, opening));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await tables.Accounts.SubmitTransactionAsync(actions, token);
                return null;
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
            }
            var stored = await tables.Accounts.GetEntityIfExistsAsync<AccountEntity>(a.PartitionKey, AccountEntity.Row, cancellationToken: token);
            if (!stored.HasValue)
            {
                if (attempt < 3) continue;
                throw new InvalidOperationException($"account {a.PartitionKey}: the insert conflicts but there is no account row");
            }
            if (p.Source.Fields.GetValueOrDefault("openingBalance") is not null && stored.Value!.OpeningBalance != a.OpeningBalance)
                return new RowError("import.opening_balance_locked", "openingBalance", a.OpeningBalance.ToString(CultureInfo.InvariantCulture));
            await tables.Accounts.UpdateEntityAsync(new TableEntity(a.PartitionKey, a.RowKey)
            {
                [nameof(a.ProviderId)] = a.ProviderId, [nameof(a.Number)] = a.Number, [nameof(a.HolderName)] = a.HolderName, [nameof(a.Address)] = a.Address,
                [nameof(a.Rooms)] = a.Rooms, [nameof(a.Residents)] = a.Residents, [nameof(a.Area)] = a.Area, [nameof(a.Stove)] = a.Stove,
            }, ETag.All, TableUpdateMode.Merge, token);
            return null;
        }
    }

    /// <summary>
    /// ledger and payments: entries per account through <see cref="ImportLedger"/>, in file order. A payment first
    /// claims its provider + document number in paymentdocs: the first account to claim it keeps it.
    /// </summary>
    private async Task LedgerAsync(List<SourceRow> rows, Func<SourceRow, (ParsedRow<LedgerRow>?, RowError?)> rule)
    {
        var parsed = await CheckAsync(Parse(rows, rule), async r =>
        {
            if (await ProviderKnown(r.ProviderId) is { } e) return e;
            if (r.Value.Entry.Service is { } service && !(await ServicesOfAsync(r.ProviderId)).Contains(service)) return new RowError("import.service_unknown", "service", service);
            return await AccountKnown(r);
        });
        foreach (var p in parsed) p.Value.Entry.RecordedAt = importedAt;
        parsed = await ClaimPaymentsAsync(parsed);
        var outcomes = new ConcurrentDictionary<ParsedRow<LedgerRow>, EntryOutcome>();
        await Parallel.ForEachAsync(parsed.GroupBy(p => p.Value.Entry.PartitionKey), new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, async (account, token) =>
        {
            var members = account.ToList();
            var results = await _ledger.AppendAsync(account.Key, members.Select(m => m.Value).ToList(), token);
            for (var i = 0; i < members.Count; i++) outcomes[members[i]] = results[i];
        });
        foreach (var p in parsed)
            switch (outcomes[p])
            {
                case EntryOutcome.Written or EntryOutcome.Same: Accept(p.Source); break;
                case EntryOutcome.Immutable: Reject(p.Source, new RowError("import.entry_immutable", "documentNumber", p.Value.Entry.DocumentNumber ?? p.Value.Entry.DueDate)); break;
                case EntryOutcome.CorrectsUnknown: Reject(p.Source, new RowError("import.correction_target_unknown", "corrects", p.Value.Corrects)); break;
                default: Reject(p.Source, new RowError("import.account_unknown", "accountNumber", p.AccountNumber)); break;
            }
    }

    /// <summary>The payment rows whose document number is (or now becomes) this account's; the rest are rejected.</summary>
    private async Task<List<ParsedRow<LedgerRow>>> ClaimPaymentsAsync(List<ParsedRow<LedgerRow>> rows)
    {
        var claims = new Dictionary<(string Provider, string Document), string>();
        var first = new List<ParsedRow<LedgerRow>>();
        foreach (var r in rows.Where(r => r.Value.Entry.Kind == LedgerKinds.Payment))
        {
            var key = (r.ProviderId, r.Value.Entry.DocumentNumber!);
            if (claims.TryAdd(key, r.Value.Entry.PartitionKey)) first.Add(r);
        }
        var owners = new ConcurrentDictionary<(string, string), string>();
        await Parallel.ForEachAsync(first, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, async (r, token) =>
        {
            var document = new PaymentDocumentEntity
            {
                PartitionKey = r.ProviderId, RowKey = TableKeys.Escape(r.Value.Entry.DocumentNumber!), AccountId = r.Value.Entry.PartitionKey, EntryRowKey = r.Value.Entry.RowKey,
            };
            string owner;
            try
            {
                await billing.PaymentDocuments.AddEntityAsync(document, token);
                owner = document.AccountId;
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                owner = (await billing.PaymentDocuments.GetEntityAsync<PaymentDocumentEntity>(document.PartitionKey, document.RowKey, cancellationToken: token)).Value.AccountId;
            }
            owners[(r.ProviderId, r.Value.Entry.DocumentNumber!)] = owner;
        });
        var kept = new List<ParsedRow<LedgerRow>>();
        foreach (var r in rows)
        {
            if (r.Value.Entry.Kind == LedgerKinds.Payment && owners[(r.ProviderId, r.Value.Entry.DocumentNumber!)] != r.Value.Entry.PartitionKey)
                Reject(r.Source, new RowError("import.payment_document_taken", "documentNumber", r.Value.Entry.DocumentNumber));
            else kept.Add(r);
        }
        return kept;
    }

    /// <summary>Imported bills are written (and rewritten) only while no bill of billing's holds their period.</summary>
    private async Task BillsAsync(List<SourceRow> rows)
    {
        var parsed = await CheckAsync(Parse(rows, ImportRules.Bill), AccountKnown);
        var latest = parsed.GroupBy(p => (p.Value.PartitionKey, p.Value.RowKey)).Select(g => g.Last()).ToList();
        var owned = new ConcurrentDictionary<(string, string), bool>();
        await Parallel.ForEachAsync(latest, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, async (p, token) =>
        {
            var bill = p.Value;
            for (var attempt = 1; ; attempt++)
            {
                var stored = await tables.Accounts.GetEntityIfExistsAsync<BillEntity>(bill.PartitionKey, bill.RowKey, cancellationToken: token);
                if (stored.HasValue && stored.Value!.Source != LedgerSources.Import)
                {
                    owned[(bill.PartitionKey, bill.RowKey)] = true;
                    return;
                }
                try
                {
                    if (stored.HasValue) await tables.Accounts.UpdateEntityAsync(bill, stored.Value!.ETag, TableUpdateMode.Replace, token);
                    else await tables.Accounts.AddEntityAsync(bill, token);
                    return;
                }
                catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < 5)
                {
                }
            }
        });
        foreach (var p in parsed)
            if (owned.ContainsKey((p.Value.PartitionKey, p.Value.RowKey))) Reject(p.Source, new RowError("import.bill_owned_by_billing", "period", p.Value.Period));
            else Accept(p.Source);
    }

    private async Task KeyRatesAsync(List<SourceRow> rows)
    {
        var parsed = Parse(rows, ImportRules.KeyRate);
        await WriteAsync(billing.KeyRates, parsed.Select(p => p.Value), TableTransactionActionType.UpsertReplace);
        parsed.ForEach(p => Accept(p.Source));
    }

    private async Task MetersAsync(List<SourceRow> rows)
    {
        var checkedRows = await CheckAsync(Parse(rows, ImportRules.Meter), async r =>
        {
            if (await ProviderKnown(r.ProviderId) is { } e) return e;
            if (!(await ServicesOfAsync(r.ProviderId)).Contains(r.Value.Service)) return new RowError("import.service_unknown", "service", r.Value.Service);
            if (await AccountKnown(r) is { } a) return a;
            var index = await Limited(() => tables.MeterIndex.GetEntityIfExistsAsync<MeterIndexEntity>(r.ProviderId, r.Value.Serial, cancellationToken: ct));
            return !index.HasValue || index.Value!.AccountId == r.Value.PartitionKey ? null : new RowError("import.meter_serial_taken", "serial", r.Value.Serial);
        });
        // Within the chunk, in file order: the first account to name a serial keeps it.
        var owners = new Dictionary<string, string>();
        var parsed = new List<ParsedRow<MeterEntity>>();
        foreach (var r in checkedRows)
        {
            var owner = owners.TryAdd(r.ProviderId + "|" + r.Value.Serial, r.Value.PartitionKey) ? r.Value.PartitionKey : owners[r.ProviderId + "|" + r.Value.Serial];
            if (owner == r.Value.PartitionKey) parsed.Add(r);
            else Reject(r.Source, new RowError("import.meter_serial_taken", "serial", r.Value.Serial));
        }
        await WriteAsync(tables.Accounts, parsed.Select(p => p.Value), TableTransactionActionType.UpsertReplace);
        await WriteAsync(tables.MeterIndex, parsed.Select(p => new MeterIndexEntity
        {
            PartitionKey = p.ProviderId, RowKey = p.Value.Serial, AccountId = p.Value.PartitionKey,
        }), TableTransactionActionType.UpsertReplace);
        parsed.ForEach(p => Accept(p.Source));
    }

    private async Task ReadingsAsync(List<SourceRow> rows)
    {
        var records = new ConcurrentDictionary<ParsedRow<ReadingValues>, ReadingRecordEntity>();
        var parsed = await CheckAsync(Parse(rows, ImportRules.Reading), async r =>
        {
            var provider = await ProviderAsync(r.ProviderId);
            if (provider is null) return new RowError("import.provider_unknown", "providerId", r.ProviderId);
            var accountId = AccountIds.For(r.ProviderId, r.AccountNumber!);
            var meter = await Limited(() => tables.Accounts.GetEntityIfExistsAsync<MeterEntity>(accountId, MeterEntity.RowFor(r.Value.Serial), cancellationToken: ct));
            if (!meter.HasValue) return new RowError("import.meter_unknown", "serial", r.Value.Serial);
            if (ImportRules.CheckReading(r.Value, meter.Value!) is { } e) return e;
            var record = new ReadingRecordEntity
            {
                PartitionKey = accountId, RowKey = ReadingRecordEntity.RowFor(r.Value.Serial, r.Value.Date), Serial = r.Value.Serial, Date = r.Value.Date,
                Values = ImportRules.ValuesJson(r.Value), Channel = r.Value.Channel, Status = r.Value.Status, SubmittedAt = LocalMidnight(r.Value.Date, provider.TimeZone),
            };
            // A billed reading is billing's: only the very same row (a re-import of history) passes, and it is not written again.
            var stored = await Limited(() => tables.Accounts.GetEntityIfExistsAsync<ReadingRecordEntity>(accountId, record.RowKey, cancellationToken: ct));
            if (stored.HasValue && stored.Value!.Status == ReadingStatuses.Billed)
                return ImportRules.SameReading(stored.Value, record) ? null : new RowError("import.reading_billed", "date", r.Value.Date);
            if (stored.HasValue) record.ETag = stored.Value!.ETag;
            records[r] = record;
            return null;
        });
        var billed = await WriteReadingsAsync(parsed.Where(records.ContainsKey).Select(p => records[p]));
        foreach (var p in parsed)
            if (records.TryGetValue(p, out var r) && billed.ContainsKey((r.PartitionKey, r.RowKey))) Reject(p.Source, new RowError("import.reading_billed", "date", r.Date));
            else Accept(p.Source);
    }

    /// <summary>
    /// Writes readings conditionally on what was read (insert when absent, replace under its ETag), so a close of
    /// billing that marked one billed meanwhile is never undone: a lost race re-reads row by row. The keys found billed.
    /// </summary>
    private async Task<ConcurrentDictionary<(string, string), bool>> WriteReadingsAsync(IEnumerable<ReadingRecordEntity> readings)
    {
        var billed = new ConcurrentDictionary<(string, string), bool>();
        var batches = readings.GroupBy(e => e.PartitionKey).SelectMany(p => p.GroupBy(e => e.RowKey).Select(r => r.Last()).Chunk(100)).ToList();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, async (batch, token) =>
        {
            try
            {
                await tables.Accounts.SubmitTransactionAsync(batch.Select(e => e.ETag == default
                    ? new TableTransactionAction(TableTransactionActionType.Add, e)
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, e, e.ETag)), token);
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
            }
            foreach (var reading in batch)
                for (var attempt = 1; ; attempt++)
                {
                    var stored = await tables.Accounts.GetEntityIfExistsAsync<ReadingRecordEntity>(reading.PartitionKey, reading.RowKey, cancellationToken: token);
                    if (stored.HasValue && stored.Value!.Status == ReadingStatuses.Billed)
                    {
                        if (!ImportRules.SameReading(stored.Value, reading)) billed[(reading.PartitionKey, reading.RowKey)] = true;
                        break;
                    }
                    try
                    {
                        if (stored.HasValue) await tables.Accounts.UpdateEntityAsync(reading, stored.Value!.ETag, TableUpdateMode.Replace, token);
                        else await tables.Accounts.AddEntityAsync(reading, token);
                        break;
                    }
                    catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < 5)
                    {
                    }
                }
        });
        return billed;
    }

    /// <summary>The local day (yyyy-MM-dd) of an instant in the provider's zone.</summary>
    public static string LocalDay(DateTimeOffset instant, string timeZone)
    {
        TimeZoneInfo zone;
        try { zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone); }
        catch (Exception) { zone = TimeZoneInfo.Utc; }
        return TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    /// <summary>The start of that local day in the provider's zone, as an instant: deterministic, so a re-import writes the same row.</summary>
    public static DateTimeOffset LocalMidnight(string date, string timeZone)
    {
        var local = DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture).ToDateTime(TimeOnly.MinValue);
        TimeZoneInfo zone;
        try { zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone); }
        catch (Exception) { zone = TimeZoneInfo.Utc; }
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
