using Azure.Data.Tables;
using Kabinet.Accounts;
using Kabinet.Auth;
using Kabinet.Billing;
using Kabinet.Docs;
using Kabinet.Payments;
using Kabinet.Platform.Errors;
using Kabinet.Platform.Invocation;
using Kabinet.Platform.Paging;
using Kabinet.Readings;

namespace Kabinet.History;

/// <summary>
/// The <c>history</c> area: payments, readings and bills of every account the caller linked, newest first, cursor-paged.
/// Each page reads the selected accounts' partitions (one query each, at most 10, all at once) and the caller's payment rows,
/// then merges them in memory (<see cref="HistoryRules.Page"/>).
/// </summary>
public static class HistoryEndpoints
{
    public static void MapHistoryFunction(this WebApplication app) =>
        app.MapHttpFunction("History", "history").WithTags("history").RequireAuthorization()
            .MapGet("", List)
            .Produces<ListPage<HistoryItemView>>().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Payments, readings and bills of the linked accounts, newest first; type, providerId, accountId comma-separated " +
                "(default all), from/to yyyy-MM-dd UTC days inclusive, limit 1–100 (default 20), cursor = the previous page's nextCursor.");

    private static string ListName(string userId) => "history/" + userId;

    private static async Task<IResult> List(string? type, string? providerId, string? accountId, string? from, string? to, string? limit, string? cursor,
        HttpContext http, AccountLinks links, PaymentTables payments, TimeProvider clock, CancellationToken ct)
    {
        var userId = http.User.UserId();
        var (query, errors) = HistoryRules.Parse(type, providerId, accountId, from, to, limit);
        var fields = errors.Select(e => Problems.Field(http, e.Field, e.Code, e.Data)).ToList();
        HistoryPosition? after = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            after = PageCursor.Decode(cursor, ListName(userId), 2) is { } parts ? HistoryRules.Position(parts) : null;
            if (after is null) fields.Add(Problems.Field(http, "cursor", PageCursor.InvalidCode));
        }
        if (fields.Count > 0) return Problems.Validation(http, fields);

        var ranges = new List<RowRange>();
        if (query.Wants(HistoryTypes.Readings)) ranges.Add(RowRange.StartingWith(ReadingRecordEntity.Prefix));
        if (query.Wants(HistoryTypes.Bills)) ranges.AddRange([RowRange.StartingWith(BillEntity.Prefix), RowRange.StartingWith(LedgerEntryEntity.Prefix)]);
        var selected = (await links.OfUserAsync(userId, ct)).Where(l => query.Selects(l.AccountId, l.ProviderId)).ToList();
        var scopesTask = Task.WhenAll(selected.Select(l => LinkedAccount.OfLinkAsync(http.RequestServices, l, ranges, ct)));
        var paymentRows = query.Wants(HistoryTypes.Payments) ? PaymentRowsAsync(payments, userId, ct) : Task.FromResult(new List<UserPaymentEntity>());
        var scopes = (await scopesTask).Where(s => s.Found && query.Selects(s.Account.AccountId, s.Account.ProviderId)).ToList();

        var now = clock.GetUtcNow();
        var entries = new List<HistoryEntry>();
        foreach (var scope in scopes)
        {
            if (query.Wants(HistoryTypes.Readings)) entries.AddRange(Readings(scope));
            if (query.Wants(HistoryTypes.Bills)) entries.AddRange(Bills(scope, now));
        }
        entries.AddRange(Payments(await paymentRows, scopes));

        var (page, next) = HistoryRules.Page(entries, query.From, query.To, after, query.Limit);
        return TypedResults.Ok(new ListPage<HistoryItemView>(page.Select(e => e.Item).ToList(),
            next is null ? null : PageCursor.Encode(ListName(userId), HistoryRules.Parts(next))));
    }

    private static HistoryItemView Base(string type, DateTimeOffset at, LinkedAccount scope) =>
        new(type, at, scope.Account.AccountId, scope.Account.Number, scope.Account.ProviderId, scope.Provider.Name);

    private static IEnumerable<HistoryEntry> Readings(LinkedAccount scope) =>
        scope.Rows<ReadingRecordEntity>(ReadingRecordEntity.Prefix).Select(r => new HistoryEntry(r.SubmittedAt, scope.Account.AccountId + "|" + r.RowKey,
            Base(HistoryTypes.Readings, r.SubmittedAt, scope) with
            {
                MeterSerial = r.Serial, Values = ReadingRules.ParseStored(r.Values), Status = r.Status, Channel = r.Channel,
            }));

    private static IEnumerable<HistoryEntry> Bills(LinkedAccount scope, DateTimeOffset now)
    {
        var ledger = scope.Rows<LedgerEntryEntity>(LedgerEntryEntity.Prefix);
        var today = BillPlanner.LocalDate(now, scope.Provider.TimeZone);
        foreach (var b in scope.Rows<BillEntity>(BillEntity.Prefix))
        {
            var at = BillTime(b);
            if (at is null) continue;
            yield return new HistoryEntry(at.Value, scope.Account.AccountId + "|" + b.RowKey, Base(HistoryTypes.Bills, at.Value, scope) with
            {
                Period = b.Period, Total = b.Total, AmountDue = b.AmountDue, DueDate = b.DueDate,
                Status = StatementRules.Status(b, ledger, today, scope.Provider.TimeZone),
                PdfUrl = b.Document is null ? null : $"/api/accounts/{b.PartitionKey}/bills/{b.Period}/pdf",
            });
        }
    }

    /// <summary>When it was issued; an imported bill without that time: the start (UTC) of the month after its period.</summary>
    private static DateTimeOffset? BillTime(BillEntity b)
    {
        if (b.IssuedAt is { } issued) return issued;
        if (!BillingRunRules.IsPeriod(b.Period)) return null;
        var next = BillingRunRules.FirstDay(b.Period).AddMonths(1);
        return new DateTimeOffset(next.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
    }

    /// <summary>A payment shows when it paid at least one selected account; the first of those names it, accountIds lists all it paid.</summary>
    private static IEnumerable<HistoryEntry> Payments(List<UserPaymentEntity> rows, List<LinkedAccount> scopes)
    {
        var byId = scopes.ToDictionary(s => s.Account.AccountId, StringComparer.Ordinal);
        foreach (var p in rows)
        {
            var accounts = p.AccountIds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (accounts.Select(a => byId.GetValueOrDefault(a)).FirstOrDefault(s => s is not null) is not { } scope) continue;
            yield return new HistoryEntry(p.CreatedAt, "payment|" + p.PaymentId, Base(HistoryTypes.Payments, p.CreatedAt, scope) with
            {
                PaymentId = p.PaymentId, Status = p.Status, Amount = p.Amount, Commission = p.Total - p.Amount, Total = p.Total,
                ReceiptUrl = p.Status == PaymentStatuses.Succeeded ? $"/api/payments/{p.PaymentId}/receipt" : null, AccountIds = accounts,
            });
        }
    }

    private static async Task<List<UserPaymentEntity>> PaymentRowsAsync(PaymentTables payments, string userId, CancellationToken ct)
    {
        var rows = new List<UserPaymentEntity>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {UserPaymentEntity.PartitionFor(userId)}");
        await foreach (var row in payments.Payments.QueryAsync<UserPaymentEntity>(filter, cancellationToken: ct)) rows.Add(row);
        return rows;
    }
}
