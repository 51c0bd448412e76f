using Kabinet.Docs;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Kabinet.Accounts;
using Kabinet.Auth;
using Kabinet.Billing;
using Kabinet.Notifications;
using Kabinet.Platform.Errors;
using Kabinet.Platform.Idempotency;
using Kabinet.Platform.Invocation;
using Kabinet.Platform.Storage;
using Kabinet.Providers;

namespace Kabinet.Readings;

/// <summary>Meters and readings of a linked account: under /api/accounts, served by the Accounts function.</summary>
public static class ReadingsEndpoints
{
    /// <summary>Events in the user's audit trail (GET /profile/history).</summary>
    public const string SubmittedEvent = "reading_submitted";
    public const string WithdrawnEvent = "reading_withdrawn";

    public static void MapReadingsFunction(this WebApplication app)
    {
        var group = LinkedAccount.RequireLinkedAccount(app.MapHttpFunction("Accounts", "accounts").WithTags("readings").RequireAuthorization());
        group.MapGet("/{id}/meters", Meters).WithSummary("Meters with zones, the last reading per zone, the provider's reading window and whether a reading can be submitted now.")
            .Produces<ListPage<MeterReadingsView>>();
        group.MapPost("/{id}/meters/{meterId}/readings", Submit).Idempotent()
            .WithSummary("Submits a reading (one value per zone). 201 with the estimate; 422 lists every bad zone. Idempotency-Key honoured.")
            .Produces<SubmittedView>(StatusCodes.Status201Created).ProducesProblems(StatusCodes.Status409Conflict);
        group.MapDelete("/{id}/meters/{meterId}/readings/{date}", Withdraw).WithSummary("Withdraws a reading that is not billed yet (date = its local date yyyy-MM-dd, the reading's id).")
            .Produces(StatusCodes.Status204NoContent).ProducesProblems(StatusCodes.Status409Conflict);
        group.MapGet("/{id}/readings", History).WithSummary("Reading history (from/to: local dates yyyy-MM-dd), newest first, cursor-paged.").Produces<ListPage<ReadingView>>();
    }

    public const string MeterNotFound = "reading.meter_not_found";
    public const string ReadingNotFound = "reading.not_found";
    public const string DateInvalid = "reading.date_invalid";

    private static IResult NotFound(HttpContext http, string code) => Problems.Create(http, StatusCodes.Status404NotFound, code);

    /// <summary>The meter of the route and its readings, from the account's rows (legacy rows keyed by another serial are read by theirs).</summary>
    private static async Task<(MeterEntity? Meter, List<ReadingRecordEntity> Readings)> MeterOf(LinkedAccount scope, string meterId, AccountLinks links,
        CancellationToken ct)
    {
        var meter = scope.Row<MeterEntity>(MeterEntity.RowFor(meterId));
        if (meter is null) return (null, []);
        var readings = meter.Serial == meterId ? scope.Rows<ReadingRecordEntity>(Prefix(meterId))
            : await links.RowsAsync<ReadingRecordEntity>(scope.Account.AccountId, Prefix(meter.Serial), ct);
        return (meter, readings);
    }

    private static string Prefix(string serial) => ReadingRecordEntity.PrefixFor(serial);

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly LocalDate(DateTimeOffset now, ProviderEntity provider)
    {
        try { return ReadingCalendar.LocalDate(now, provider.TimeZone); }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            return DateOnly.FromDateTime(now.UtcDateTime);
        }
    }

    private static bool Closing(DateOnly today, ProviderEntity provider, IReadOnlySet<string> closing) =>
        closing.Count > 0 && ReadingCalendar.IsClosing(provider.ProviderId, ReadingCalendar.PeriodFor(today, ReadingsDay(provider)), closing);

    private static int ReadingsDay(ProviderEntity provider) => Math.Clamp(provider.ReadingsDay, 1, 31);

    private static PastReading? Past(ReadingRecordEntity row) =>
        DateOnly.TryParseExact(row.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? new PastReading(date, ReadingRules.ParseStored(row.Values), row.Status) : null;

    private static ReadingView View(ReadingRecordEntity row, ProviderEntity provider) => new(
        row.Date, row.PartitionKey, row.Serial, row.Date,
        DateOnly.TryParseExact(row.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? ReadingCalendar.PeriodFor(d, ReadingsDay(provider)) : "",
        ReadingRules.ParseStored(row.Values), row.Channel, row.Status, row.SubmittedAt);

    private static async Task<IResult> Meters(string id, [WithMeters, WithReadings] LinkedAccount scope, TimeProvider clock, ClosingPeriods closing, CancellationToken ct) =>
        TypedResults.Ok(new ListPage<MeterReadingsView>(MeterViews(scope, clock.GetUtcNow(), await closing.CurrentAsync(ct)), null));

    /// <summary>The account's meters (active first, then by serial) from a scope that read its meters and readings.</summary>
    internal static List<MeterReadingsView> MeterViews(LinkedAccount scope, DateTimeOffset now, IReadOnlySet<string> closingPeriods)
    {
        var provider = scope.Provider;
        var today = LocalDate(now, provider);
        var closing = Closing(today, provider, closingPeriods);
        var meters = scope.Rows<MeterEntity>(MeterEntity.Prefix);
        var readings = scope.Rows<ReadingRecordEntity>(ReadingRecordEntity.Prefix);
        var window = new WindowView(provider.TimeZone, ReadingsDay(provider), Iso(today), ReadingCalendar.PeriodFor(today, ReadingsDay(provider)));
        return meters.OrderBy(m => m.State == MeterStates.Active ? 0 : 1).ThenBy(m => m.Serial, StringComparer.Ordinal).Select(m =>
        {
            var zones = ReadingRules.ZonesOf(m);
            // Every reading has a value for each zone of its meter (web and imports both check it), so the last one holds them all.
            var last = readings.Where(r => r.Serial == m.Serial && ReadingStatuses.Counts(r.Status)).MaxBy(r => r.Date);
            var reason = ReadingRules.BlockedBecause(m, closing);
            return new MeterReadingsView(m.MeterId, m.Serial, m.Model, m.Service, m.ZoneSet, zones, m.Digits, m.FractionDigits, m.VerifiedUntil,
                m.RemoteRead, m.State, last is null ? null : View(last, provider), window, reason is null, reason, ReadingRules.Warnings(m, today));
        }).ToList();
    }

    private static async Task<IResult> Submit(string id, string meterId, ReadingRequest request, [WithMeter] LinkedAccount scope, HttpContext http,
        AccountLinks links, AccountTables tables, ProviderCache providers, TimeProvider clock, Audit audit, WorkQueues queues, ILoggerFactory loggers,
        ClosingPeriods closingPeriods, CancellationToken ct)
    {
        var (meter, rows) = await MeterOf(scope, meterId, links, ct);
        if (meter is null) return NotFound(http, MeterNotFound);
        var (account, provider) = (scope.Account, scope.Provider);

        var now = clock.GetUtcNow();
        var today = LocalDate(now, provider);
        var todayRow = rows.FirstOrDefault(r => r.RowKey == ReadingRecordEntity.RowFor(meter.Serial, today));
        var history = rows.Select(Past).OfType<PastReading>().ToList();
        var zones = ReadingRules.ZonesOf(meter);
        Dictionary<string, decimal> values = [];
        ReadingCheck? check = null;
        if (request.Values is not null)
        {
            List<ReadingError> parseErrors;
            (values, parseErrors) = ReadingRules.Parse(request.Values, meter);
            check = ReadingRules.Check(values, parseErrors, meter, ReadingRules.Previous(history, today),
                ReadingRules.UsualDaily(history.Where(h => h.Date < today), zones, meter.Digits), today,
                ReadingRules.ParseFraction(provider.PlausibleAbove, PlausibilityDefaults.Above), ReadingRules.ParseFraction(provider.PlausibleBelow, PlausibilityDefaults.Below));
        }
        var decision = SubmitDecision.Decide(ReadingRules.BlockedBecause(meter, Closing(today, provider, await closingPeriods.CurrentAsync(ct))), check, todayRow?.Status,
            request.ConfirmImplausible == true);
        if (decision is SubmitDecision.Conflict conflict)
            return Problems.Create(http, StatusCodes.Status409Conflict, conflict.Code, conflict.Data?.ToDictionary());
        if (decision is SubmitDecision.Invalid invalid)
            return Problems.Validation(http, ReadingsErrors.Fields(http, invalid.Errors), invalid.Code);
        var record = (SubmitDecision.Record)decision;

        var row = new ReadingRecordEntity
        {
            PartitionKey = account.AccountId, RowKey = ReadingRecordEntity.RowFor(meter.Serial, today), Serial = meter.Serial, Date = Iso(today),
            Values = ReadingRules.ToStored(values), Channel = ReadingChannels.Web, Status = record.Status, SubmittedAt = now,
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
            new { accountId = account.AccountId, meterId = meter.MeterId, date = row.Date, status = row.Status }, ct);
        // Queued, not raised here: one storage request on the fast path instead of the account, its users and their rows.
        await queues.RaiseLaterAsync(NoticeTemplates.Reading(account.AccountId, account.Number, meter.Serial, today, values,
            record.Status == ReadingStatuses.NeedsReview), NoticeFor.Account(account.AccountId), loggers.CreateLogger("Kabinet.Readings"), ct);

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
        var after = account.Balance + price.Amount;
        var estimate = new EstimateView(consumption, price.Lines, price.Amount, AccountRules.AmountDue(after), AccountRules.Overpayment(after), tariff?.EffectiveFrom);
        var view = View(row, provider);
        return TypedResults.Created($"/api/accounts/{account.AccountId}/meters/{Uri.EscapeDataString(meter.MeterId)}/readings/{view.Id}",
            new SubmittedView(view, estimate, ReadingRules.Warnings(meter, today), record.Replaces));
    }

    private static async Task<IResult> Withdraw(string id, string meterId, string date, [WithMeter] LinkedAccount scope, HttpContext http,
        AccountLinks links, AccountTables tables, Audit audit, CancellationToken ct)
    {
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return Problems.Validation(http, ReadingsErrors.Fields(http, [new ReadingError("date", DateInvalid)]), DateInvalid);
        var (meter, readings) = await MeterOf(scope, meterId, links, ct);
        if (meter is null) return NotFound(http, MeterNotFound);
        var row = readings.FirstOrDefault(r => r.RowKey == ReadingRecordEntity.RowFor(meter.Serial, day));
        if (row is null || row.Status == ReadingStatuses.Withdrawn) return NotFound(http, ReadingNotFound);
        if (row.Status == ReadingStatuses.Billed) return Problems.Create(http, StatusCodes.Status409Conflict, "reading.already_billed");
        if (row.Channel != ReadingChannels.Web) return Problems.Create(http, StatusCodes.Status409Conflict, "reading.not_withdrawable");
        var change = new TableEntity(row.PartitionKey, row.RowKey) { [nameof(ReadingRecordEntity.Status)] = ReadingStatuses.Withdrawn };
        try { await tables.Accounts.UpdateEntityAsync(change, row.ETag, TableUpdateMode.Merge, ct); }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return Problems.Create(http, StatusCodes.Status409Conflict, "reading.concurrent_submission");
        }
        await audit.WriteAsync(http.User.UserId(), WithdrawnEvent, http, new { accountId = row.PartitionKey, meterId = meter.MeterId, date = row.Date }, ct);
        return TypedResults.NoContent();
    }

    private static IResult History(string id, string? from, string? to, PageRequest paging, [WithReadings] LinkedAccount scope, HttpContext http)
    {
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
        var list = "readings/" + id;
        var pagingErrors = paging.Check(http, list, 2, out var after,
            parts => DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _));
        var (afterDate, afterSerial) = after is null ? (null, null) : (after[0], after[1]);
        if (errors.Count + pagingErrors.Count > 0) return Problems.Validation(http, [.. ReadingsErrors.Fields(http, errors), .. pagingErrors]);

        var ordered = scope.Rows<ReadingRecordEntity>(ReadingRecordEntity.Prefix)
            .Select(r => (Row: r, Past: Past(r)))
            .Where(x => x.Past is not null && (fromDate is null || x.Past.Date >= fromDate) && (toDate is null || x.Past.Date <= toDate))
            .Select(x => x.Row)
            .OrderByDescending(r => r.Date, StringComparer.Ordinal).ThenBy(r => r.Serial, StringComparer.Ordinal)
            .Where(r => afterDate is null || string.CompareOrdinal(r.Date, afterDate) < 0
                || (r.Date == afterDate && string.CompareOrdinal(r.Serial, afterSerial) > 0))
            .ToList();
        var take = paging.Limit;
        var page = ordered.Take(take).ToList();
        var next = ordered.Count > take ? PageCursor.Encode(list, page[^1].Date, page[^1].Serial) : null;
        return TypedResults.Ok(new ListPage<ReadingView>(page.Select(r => View(r, scope.Provider)).ToList(), next));
    }
}

/// <summary>The route's meter (<c>{meterId}</c>) and its readings.</summary>
public sealed class WithMeterAttribute : AccountRowsAttribute
{
    public override IReadOnlyList<RowRange>? Ranges(RouteValueDictionary route) =>
        route["meterId"] is string meterId && TableKeys.IsSafe(meterId)
            ? [RowRange.Key(MeterEntity.RowFor(meterId)), RowRange.StartingWith(ReadingRecordEntity.PrefixFor(meterId))]
            : null;
}

/// <summary>Every reading of the account.</summary>
public sealed class WithReadingsAttribute : AccountRowsAttribute
{
    public override IReadOnlyList<RowRange> Ranges(RouteValueDictionary route) => [RowRange.StartingWith(ReadingRecordEntity.Prefix)];
}
