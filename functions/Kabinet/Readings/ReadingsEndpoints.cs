using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Kabinet.Accounts;
using Kabinet.Auth;
using Kabinet.Platform.Errors;
using Kabinet.Platform.Idempotency;
using Kabinet.Platform.Invocation;
using Kabinet.Platform.Storage;
using Kabinet.Providers;

namespace Kabinet.Readings;

/// <summary>Meters and readings of a linked account: under /api/accounts, served by the Accounts function.</summary>
public static class ReadingsEndpoints
{
    public const int DefaultLimit = 50;
    /// <summary>Events in the user's audit trail (GET /profile/history).</summary>
    public const string SubmittedEvent = "reading_submitted";
    public const string WithdrawnEvent = "reading_withdrawn";
    public const int MaxLimit = 200;

    public static void MapReadingsFunction(this WebApplication app)
    {
        var group = app.MapHttpFunction("Accounts", "accounts").WithTags("readings").RequireAuthorization();
        group.MapGet("/{id}/meters", Meters).WithSummary("Meters with zones, the last reading per zone, the provider's reading window and whether a reading can be submitted now.");
        group.MapPost("/{id}/meters/{meterId}/readings", Submit).Idempotent()
            .WithSummary("Submits a reading (one value per zone). 201 with the estimate; 422 lists every bad zone. Idempotency-Key honoured.");
        group.MapDelete("/{id}/meters/{meterId}/readings/{readingId}", Withdraw).WithSummary("Withdraws a reading that is not billed yet (readingId = its local date).");
        group.MapGet("/{id}/readings", History).WithSummary("Reading history (from/to: local dates yyyy-MM-dd), newest first, cursor-paged.");
    }

    private static IResult NotFound(HttpContext http) => Problems.Create(http, StatusCodes.Status404NotFound, "http.not_found");

    /// <summary>The linked account, its provider and meters; null (→ 404) when the user has not linked it.</summary>
    private sealed record Scope(AccountEntity Account, ProviderEntity Provider);

    private static async Task<Scope?> ScopeAsync(HttpContext http, AccountLinks links, ProviderCache providers, string id, CancellationToken ct)
    {
        var link = await links.FindAsync(http.User.UserId(), id, ct);
        if (link is null) return null;
        var account = await links.AccountAsync(link.AccountId, ct);
        if (account is null) return null;
        return new Scope(account, await ProviderOfAsync(providers, account, ct));
    }

    private static async Task<ProviderEntity> ProviderOfAsync(ProviderCache providers, AccountEntity account, CancellationToken ct) =>
        await providers.ProviderAsync(account.ProviderId, ct) ?? new ProviderEntity { RowKey = account.ProviderId };

    /// <summary>What a submission reads of the account: the scope, the meter and its readings; null (→ 404) as for the scope or an unknown meter.</summary>
    private sealed record MeterScope(AccountEntity Account, ProviderEntity Provider, MeterEntity Meter, List<ReadingRecordEntity> Readings);

    /// <summary>
    /// The link, and in parallel one query of the account's partition for the account row, the meter and its readings
    /// (used only once the link is there).
    /// </summary>
    private static async Task<MeterScope?> MeterScopeAsync(HttpContext http, AccountLinks links, DataTables tables, ProviderCache providers,
        string id, string meterId, CancellationToken ct)
    {
        if (!AccountRules.IsWellFormedAccountId(id) || !TableKeys.IsSafe(meterId)) return null;
        var link = links.FindAsync(http.User.UserId(), id, ct);
        var partition = PartitionAsync(tables, id, meterId, ct);
        await Task.WhenAll(link, partition);
        if (await link is null) return null;
        var (account, meter, readings) = await partition;
        if (account is null || meter is null) return null;
        // The readings are keyed by the meter's own serial; a row whose serial is not its key's is read by that serial.
        if (meter.Serial != meterId) readings = await links.RowsAsync<ReadingRecordEntity>(id, ReadingRecordEntity.PrefixFor(meter.Serial), ct);
        return new MeterScope(account, await ProviderOfAsync(providers, account, ct), meter, readings);
    }

    private static async Task<(AccountEntity? Account, MeterEntity? Meter, List<ReadingRecordEntity> Readings)> PartitionAsync(DataTables tables,
        string accountId, string meterId, CancellationToken ct)
    {
        var prefix = ReadingRecordEntity.PrefixFor(meterId);
        var upper = prefix[..^1] + (char)(prefix[^1] + 1);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {accountId} and (RowKey eq {AccountEntity.Row} or RowKey eq {MeterEntity.RowFor(meterId)} or (RowKey ge {prefix} and RowKey lt {upper}))");
        AccountEntity? account = null;
        MeterEntity? meter = null;
        var readings = new List<ReadingRecordEntity>();
        await foreach (var row in tables.Accounts.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            if (row.RowKey == AccountEntity.Row) account = PartitionRows.As<AccountEntity>(row);
            else if (row.RowKey.StartsWith(MeterEntity.Prefix, StringComparison.Ordinal)) meter = PartitionRows.As<MeterEntity>(row);
            else readings.Add(PartitionRows.As<ReadingRecordEntity>(row));
        }
        return (account, meter, readings);
    }

    private static async Task<MeterEntity?> MeterAsync(DataTables tables, string accountId, string meterId, CancellationToken ct)
    {
        if (!TableKeys.IsSafe(meterId)) return null;
        var found = await tables.Accounts.GetEntityIfExistsAsync<MeterEntity>(accountId, MeterEntity.RowFor(meterId), cancellationToken: ct);
        return found.HasValue ? found.Value : null;
    }



    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly LocalDate(DateTimeOffset now, ProviderEntity provider)
    {
        try { return ReadingCalendar.LocalDate(now, provider.TimeZone); }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            return DateOnly.FromDateTime(now.UtcDateTime);
        }
    }

    private static bool Closing(DateTimeOffset now, ProviderEntity provider)
    {
        try { return ReadingCalendar.IsClosing(now, provider.TimeZone); }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException) { return false; }
    }

    private static int ReadingsDay(ProviderEntity provider) => Math.Clamp(provider.ReadingsDay, 1, 31);

    private static PastReading? Past(ReadingRecordEntity row) =>
        DateOnly.TryParseExact(row.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? new PastReading(date, ReadingRules.ParseStored(row.Values), row.Status) : null;

    private static ReadingView View(ReadingRecordEntity row, ProviderEntity provider) => new(
        row.Date, row.PartitionKey, row.Serial, row.Date,
        DateOnly.TryParseExact(row.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? ReadingCalendar.PeriodFor(d, ReadingsDay(provider)) : "",
        ReadingRules.ParseStored(row.Values), row.Channel, row.Status, row.SubmittedAt);

    private static async Task<IResult> Meters(string id, HttpContext http, AccountLinks links, ProviderCache providers, TimeProvider clock, CancellationToken ct)
    {
        var scope = await ScopeAsync(http, links, providers, id, ct);
        if (scope is null) return NotFound(http);
        var (account, provider) = scope;
        var now = clock.GetUtcNow();
        var today = LocalDate(now, provider);
        var closing = Closing(now, provider);
        var meters = await links.RowsAsync<MeterEntity>(account.AccountId, MeterEntity.Prefix, ct);
        var readings = await links.RowsAsync<ReadingRecordEntity>(account.AccountId, ReadingRecordEntity.Prefix, ct);
        var window = new WindowView(provider.TimeZone, ReadingsDay(provider), Iso(today), ReadingCalendar.PeriodFor(today, ReadingsDay(provider)));
        var items = meters.OrderBy(m => m.State == "active" ? 0 : 1).ThenBy(m => m.Serial, StringComparer.Ordinal).Select(m =>
        {
            var zones = ReadingRules.ZonesOf(m);
            var last = readings.Where(r => r.Serial == m.Serial && ReadingStatuses.Counts(r.Status)).MaxBy(r => r.Date);
            var lastValues = last is null ? null : ReadingRules.ParseStored(last.Values);
            var reason = ReadingRules.BlockedBecause(m, closing);
            return new MeterReadingsView(m.Serial, m.Serial, m.Model, m.Service, m.ZoneSet, zones, m.Digits, m.FractionDigits, m.VerifiedUntil,
                m.RemoteRead, m.State,
                zones.Select(z => new ZoneLastView(z, lastValues is not null && lastValues.TryGetValue(z, out var v) ? v : null, last?.Date)).ToList(),
                last is null ? null : View(last, provider), window, reason is null, reason, ReadingRules.Warnings(m, today));
        }).ToList();
        return TypedResults.Ok(new ListPage<MeterReadingsView>(items, null));
    }

    private static async Task<IResult> Submit(string id, string meterId, ReadingRequest request, HttpContext http, AccountLinks links, DataTables tables,
        ProviderCache providers, TimeProvider clock, Audit audit, ILoggerFactory loggers, CancellationToken ct)
    {
        var scope = await MeterScopeAsync(http, links, tables, providers, id, meterId, ct);
        if (scope is null) return NotFound(http);
        var (account, provider, meter, rows) = scope;

        var now = clock.GetUtcNow();
        var today = LocalDate(now, provider);
        if (ReadingRules.BlockedBecause(meter, Closing(now, provider)) is { } reason)
            return Problems.Create(http, StatusCodes.Status409Conflict, "reading.meter_not_submittable", new Dictionary<string, object?> { ["reason"] = reason });
        if (request.Values is null)
            return Problems.Validation(http, ReadingsErrors.Fields(http, [new ReadingError("values", "reading.values_required")]));

        var todayRow = rows.FirstOrDefault(r => r.RowKey == ReadingRecordEntity.RowFor(meter.Serial, today));
        if (todayRow?.Status == ReadingStatuses.Billed)
            return Problems.Create(http, StatusCodes.Status409Conflict, "reading.already_billed");
        var history = rows.Select(Past).OfType<PastReading>().ToList();

        var (values, parseErrors) = ReadingRules.Parse(request.Values, meter);
        var zones = ReadingRules.ZonesOf(meter);
        var previous = ReadingRules.Previous(history, today);
        var usual = ReadingRules.UsualDaily(history.Where(h => h.Date < today), zones, meter.Digits);
        var check = ReadingRules.Check(values, parseErrors, meter, previous, usual, today,
            ReadingRules.ParseFraction(provider.PlausibleAbove, 0.7m), ReadingRules.ParseFraction(provider.PlausibleBelow, 0.4m));
        var confirmed = request.ConfirmImplausible == true;
        if (check.Errors.Count > 0 && !(confirmed && check.OnlyImplausible))
            return Problems.Validation(http, ReadingsErrors.Fields(http, check.Errors),
                check.OnlyImplausible ? ReadingRules.Implausible : "request.validation_failed");

        var row = new ReadingRecordEntity
        {
            PartitionKey = account.AccountId, RowKey = ReadingRecordEntity.RowFor(meter.Serial, today), Serial = meter.Serial, Date = Iso(today),
            Values = ReadingRules.ToStored(values), Channel = ReadingChannels.Web,
            Status = check.Errors.Count > 0 ? ReadingStatuses.NeedsReview : ReadingStatuses.Accepted, SubmittedAt = now,
        };
        try
        {
            if (todayRow is null) await tables.Accounts.AddEntityAsync(row, ct);
            else await tables.Accounts.UpdateEntityAsync(row, todayRow.ETag, TableUpdateMode.Replace, ct);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            return Problems.Create(http, StatusCodes.Status409Conflict, "reading.concurrent_submission");
        }
        loggers.CreateLogger("Kabinet.Readings").LogInformation("Reading {Status} for meter {Serial} of account {AccountId} on {Date}",
            row.Status, meter.Serial, account.AccountId, row.Date);
        await audit.WriteAsync(http.User.UserId(), SubmittedEvent, http,
            new { accountId = account.AccountId, meterId = meter.Serial, date = row.Date, status = row.Status }, ct);

        var consumption = ReadingRules.ConsumptionSinceBilled(values, history, today, meter.Digits);
        var tariffs = await providers.TariffsAsync(account.ProviderId, ct);
        var tariff = TariffPricing.InForce(tariffs, meter.Service, meter.ZoneSet, today);
        PriceEstimate price = new([], 0);
        if (tariff is not null)
        {
            try { price = TariffPricing.Price(tariff, consumption); }
            catch (ArgumentException) { } // a malformed tariff prices nothing; the reading stands
        }
        // As read with the meter at the start of this request: billing and payments change it, a reading does not.
        var balance = account.Balance;
        var estimate = new EstimateView(consumption, price.Lines, price.Amount, balance, Math.Max(0, balance + price.Amount), tariff?.EffectiveFrom);
        var view = View(row, provider);
        return TypedResults.Created($"/api/accounts/{account.AccountId}/meters/{Uri.EscapeDataString(meter.Serial)}/readings/{view.Id}",
            new SubmittedView(view, estimate, ReadingRules.Warnings(meter, today), todayRow is not null));
    }

    private static async Task<IResult> Withdraw(string id, string meterId, string readingId, HttpContext http, AccountLinks links, DataTables tables,
        ProviderCache providers, Audit audit, CancellationToken ct)
    {
        var scope = await ScopeAsync(http, links, providers, id, ct);
        if (scope is null) return NotFound(http);
        var meter = await MeterAsync(tables, scope.Account.AccountId, meterId, ct);
        if (meter is null || !DateOnly.TryParseExact(readingId, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return NotFound(http);
        var found = await tables.Accounts.GetEntityIfExistsAsync<ReadingRecordEntity>(scope.Account.AccountId, ReadingRecordEntity.RowFor(meter.Serial, date), cancellationToken: ct);
        if (!found.HasValue || found.Value!.Status == ReadingStatuses.Withdrawn) return NotFound(http);
        var row = found.Value;
        if (row.Status == ReadingStatuses.Billed) return Problems.Create(http, StatusCodes.Status409Conflict, "reading.already_billed");
        if (row.Channel != ReadingChannels.Web) return Problems.Create(http, StatusCodes.Status409Conflict, "reading.not_withdrawable");
        var change = new TableEntity(row.PartitionKey, row.RowKey) { [nameof(ReadingRecordEntity.Status)] = ReadingStatuses.Withdrawn };
        try { await tables.Accounts.UpdateEntityAsync(change, row.ETag, TableUpdateMode.Merge, ct); }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return Problems.Create(http, StatusCodes.Status409Conflict, "reading.concurrent_submission");
        }
        await audit.WriteAsync(http.User.UserId(), WithdrawnEvent, http, new { accountId = row.PartitionKey, meterId = meter.Serial, date = row.Date }, ct);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> History(string id, string? from, string? to, int? limit, string? cursor, HttpContext http, AccountLinks links,
        ProviderCache providers, CancellationToken ct)
    {
        var scope = await ScopeAsync(http, links, providers, id, ct);
        if (scope is null) return NotFound(http);
        var errors = new List<ReadingError>();
        DateOnly? Date(string? text, string field)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
            errors.Add(new ReadingError(field, "reading.date_invalid"));
            return null;
        }
        var fromDate = Date(from, "from");
        var toDate = Date(to, "to");
        if (limit is < 1 or > MaxLimit) errors.Add(new ReadingError("limit", "request.invalid", new Dictionary<string, object?> { ["min"] = 1, ["max"] = MaxLimit }));
        string? afterDate = null, afterSerial = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            var parts = cursor.Split('|', 2);
            if (parts.Length != 2 || !DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                errors.Add(new ReadingError("cursor", "list.cursor_invalid"));
            else (afterDate, afterSerial) = (parts[0], parts[1]);
        }
        if (errors.Count > 0) return Problems.Validation(http, ReadingsErrors.Fields(http, errors));

        var rows = await links.RowsAsync<ReadingRecordEntity>(scope.Account.AccountId, ReadingRecordEntity.Prefix, ct);
        var ordered = rows
            .Select(r => (Row: r, Past: Past(r)))
            .Where(x => x.Past is not null && (fromDate is null || x.Past.Date >= fromDate) && (toDate is null || x.Past.Date <= toDate))
            .Select(x => x.Row)
            .OrderByDescending(r => r.Date, StringComparer.Ordinal).ThenBy(r => r.Serial, StringComparer.Ordinal)
            .Where(r => afterDate is null || string.CompareOrdinal(r.Date, afterDate) < 0
                || (r.Date == afterDate && string.CompareOrdinal(r.Serial, afterSerial) > 0))
            .ToList();
        var take = limit ?? DefaultLimit;
        var page = ordered.Take(take).ToList();
        var next = ordered.Count > take ? $"{page[^1].Date}|{page[^1].Serial}" : null;
        return TypedResults.Ok(new ListPage<ReadingView>(page.Select(r => View(r, scope.Provider)).ToList(), next));
    }
}
