using Kabinet.Billing.Penalties;
using System.Globalization;
using Azure.Data.Tables;
using Kabinet.Accounts;
using Kabinet.Docs;
using Kabinet.Platform.Errors;
using Kabinet.Platform.Invocation;
using Kabinet.Platform.Paging;
using Kabinet.Providers;

namespace Kabinet.Billing;

/// <summary>
/// A linked account's money, under /api/accounts (the Accounts function): bills, the open balance by service, the statement and
/// billed consumption. Each reads the account's partition once (the ledger and bills come with the account row).
/// </summary>
public static class AccountBillingEndpoints
{
    public const string BillNotFound = "bill.not_found";

    public static void MapAccountBilling(this WebApplication app)
    {
        var group = LinkedAccount.RequireLinkedAccount(app.MapHttpFunction("Accounts", "accounts").WithTags("billing").RequireAuthorization());
        group.MapGet("/{id}/bills", Bills).WithSummary("Bills, newest first: period, total, amount due, due date, status (issued, paid, overdue), the PDF's link.")
            .Produces<ListPage<BillSummaryView>>();
        group.MapGet("/{id}/bills/{period}", Bill).WithSummary("One period's bill with its whole document: requisites, lines, readings, payments, totals, due date.")
            .Produces<BillView>().ProducesProblems(StatusCodes.Status404NotFound);
        group.MapGet("/{id}/charges", Charges)
            .WithSummary("What is owed now: balance, amount due, overpayment, due date, and the open balance by service and zone (penalties separately).")
            .Produces<ChargesView>();
        group.MapGet("/{id}/statement", Statement)
            .WithSummary("The statement (взаиморасчёты) per period and service: opening, charged, paid, penalties, closing; from/to yyyy-MM (default the last 12 months).")
            .Produces<StatementView>().ProducesProblems(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/{id}/statement/pdf", StatementPdf)
            .WithSummary("The same statement as a PDF act of reconciliation (акт сверки взаиморасчётов): the parties, the totals, a row per period and service.")
            .Produces<Stream>(StatusCodes.Status200OK, Pdf.BillPdf.ContentType).ProducesProblems(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/{id}/consumption", Consumption)
            .WithSummary("Billed monthly volume per service and zone, actual or estimated, for a chart: the last `months` (1–36, default 12) billed periods.")
            .Produces<ConsumptionView>().ProducesProblems(StatusCodes.Status422UnprocessableEntity);
    }

    private static DateOnly Today(LinkedAccount scope, TimeProvider clock) => BillPlanner.LocalDate(clock.GetUtcNow(), scope.Provider.TimeZone);

    private static string? PdfUrl(BillEntity b) => b.Document is null ? null : $"/api/accounts/{b.PartitionKey}/bills/{b.Period}/pdf";

    private static async Task<Dictionary<string, string>> NamesAsync(ProviderTables providers, string providerId, CancellationToken ct)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal) { ["penalty"] = "Пени", [Allocation.Advance] = "Аванс" };
        await foreach (var s in providers.Services.QueryAsync<ServiceEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {providerId}"),
            select: ["RowKey", nameof(ServiceEntity.Name)], cancellationToken: ct))
            names[s.RowKey] = s.Name;
        return names;
    }

    private static IResult Bills(string id, [WithBills, WithLedger] LinkedAccount scope, TimeProvider clock)
    {
        var entries = scope.Rows<LedgerEntryEntity>(LedgerEntryEntity.Prefix);
        var today = Today(scope, clock);
        var items = scope.Rows<BillEntity>(BillEntity.Prefix).OrderByDescending(b => b.Period, StringComparer.Ordinal)
            .Select(b => new BillSummaryView(b.Period, b.Total, b.AmountDue, b.DueDate, StatementRules.Status(b, entries, today, scope.Provider.TimeZone), b.Source,
                b.IssuedAt, PdfUrl(b))).ToList();
        return TypedResults.Ok(new ListPage<BillSummaryView>(items, null));
    }

    private static IResult Bill(string id, string period, [WithBills, WithLedger] LinkedAccount scope, HttpContext http, TimeProvider clock)
    {
        if (!BillingRunRules.IsPeriod(period) || scope.Row<BillEntity>(BillEntity.RowFor(period)) is not { } b)
            return Problems.Create(http, StatusCodes.Status404NotFound, BillNotFound);
        var status = StatementRules.Status(b, scope.Rows<LedgerEntryEntity>(LedgerEntryEntity.Prefix), Today(scope, clock), scope.Provider.TimeZone);
        return TypedResults.Ok(new BillView(b.Period, b.Total, b.AmountDue, b.DueDate, status, b.Source, b.IssuedAt, PdfUrl(b),
            b.Document is null ? null : BillPlanner.Read(b.Document)));
    }

    private static async Task<IResult> Charges(string id, [WithLedger] LinkedAccount scope, ProviderTables providers, CancellationToken ct)
    {
        var account = scope.Account;
        var items = StatementRules.OpenBalance(scope.Rows<LedgerEntryEntity>(LedgerEntryEntity.Prefix), await NamesAsync(providers, account.ProviderId, ct));
        return TypedResults.Ok(new ChargesView(account.Balance, AccountRules.AmountDue(account.Balance), AccountRules.Overpayment(account.Balance),
            account.Balance > 0 ? account.DueDate : null, account.LastBillPeriod, items));
    }

    private static async Task<IResult> Statement(string id, string? from, string? to, [WithLedger] LinkedAccount scope, HttpContext http, TimeProvider clock,
        ProviderTables providers, CancellationToken ct) =>
        await StatementOfAsync(from, to, scope, clock, providers, ct) is { } view ? TypedResults.Ok(view) : RangeInvalid(http);

    private static async Task<IResult> StatementPdf(string id, string? from, string? to, [WithLedger] LinkedAccount scope, HttpContext http, TimeProvider clock,
        ProviderTables providers, CancellationToken ct)
    {
        if (await StatementOfAsync(from, to, scope, clock, providers, ct) is not { } view) return RangeInvalid(http);
        var (account, provider) = (scope.Account, scope.Provider);
        var act = new StatementAct(view, provider.Name, provider.Inn, provider.Kpp, account.Number, account.HolderName, account.Address, clock.GetUtcNow());
        return Results.File(StatementActPdf.Render(act), Pdf.BillPdf.ContentType, $"statement-{account.Number}-{view.From}-{view.To}.pdf");
    }

    private static IResult RangeInvalid(HttpContext http) => Problems.Validation(http, [Problems.Field(http, "from", "statement.range_invalid")]);

    /// <summary>The statement from..to (default the last 12 months); null when the range is not valid.</summary>
    private static async Task<StatementView?> StatementOfAsync(string? from, string? to, LinkedAccount scope, TimeProvider clock, ProviderTables providers,
        CancellationToken ct)
    {
        var thisMonth = BillingRunRules.PeriodOf(Today(scope, clock));
        to ??= thisMonth;
        from ??= BillingRunRules.IsPeriod(to) ? BillingRunRules.PeriodOf(BillingRunRules.FirstDay(to).AddMonths(-11)) : null;
        if (!BillingRunRules.IsPeriod(from) || !BillingRunRules.IsPeriod(to) || string.CompareOrdinal(from, to) > 0
            || BillingRunRules.FirstDay(from!).AddMonths(36) <= BillingRunRules.FirstDay(to!))
            return null;
        var rows = StatementRules.Statement(scope.Rows<LedgerEntryEntity>(LedgerEntryEntity.Prefix), from!, to!, await NamesAsync(providers, scope.Account.ProviderId, ct));
        // A service first seen after `from` owed nothing before it, so the first period's openings are the whole opening.
        var opening = rows.Where(r => r.Period == from).Sum(r => r.Opening);
        var closing = opening + rows.Sum(r => r.Charged + r.Penalties - r.Paid);
        return new StatementView(from!, to!, rows, opening, rows.Sum(r => r.Charged), rows.Sum(r => r.Paid), rows.Sum(r => r.Penalties), closing);
    }

    private static IResult Consumption(string id, string? months, [WithBills] LinkedAccount scope, HttpContext http)
    {
        var count = 12;
        if (months is not null && (!int.TryParse(months, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > 36))
            return Problems.Validation(http, [Problems.Field(http, "months", "consumption.months_invalid")]);
        var bills = scope.Rows<BillEntity>(BillEntity.Prefix).Where(b => b.Document is not null)
            .OrderByDescending(b => b.Period, StringComparer.Ordinal).Take(count).ToList();
        var items = bills.SelectMany(b => BillPlanner.Read(b.Document!)?.History.Where(h => h.Period == b.Period) ?? [])
            .OrderBy(h => h.Period, StringComparer.Ordinal).ThenBy(h => h.Service, StringComparer.Ordinal).ThenBy(h => h.Zone, StringComparer.Ordinal).ToList();
        return TypedResults.Ok(new ConsumptionView(count, items));
    }
}
