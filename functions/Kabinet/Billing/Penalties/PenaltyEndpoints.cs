using System.Globalization;
using Kabinet.Accounts;
using Kabinet.Docs;
using Kabinet.Platform.Errors;
using Kabinet.Platform.Invocation;
using Kabinet.Readings;

namespace Kabinet.Billing.Penalties;

/// <summary>GET /api/accounts/{id}/penalties: the penalty calculation of a linked account, served by the Accounts function.</summary>
public static class PenaltyEndpoints
{
    public static void MapPenaltiesFunction(this WebApplication app)
    {
        var group = LinkedAccount.RequireLinkedAccount(app.MapHttpFunction("Accounts", "accounts").WithTags("billing").RequireAuthorization());
        group.MapGet("/{id}/penalties", Get)
            .WithSummary("The penalty (пени) calculation on asOf (yyyy-MM-dd, default today in the provider's zone): per overdue debt its amount, due date and stretches (from, to, days, debt, share, rate, amount, rule), and the total.")
            .Produces<PenaltiesView>().ProducesProblems(StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<IResult> Get(string id, string? asOf, [WithLedger] LinkedAccount scope, HttpContext http, KeyRates rates, TimeProvider clock,
        CancellationToken ct)
    {
        DateOnly day;
        if (asOf is null) day = Today(clock.GetUtcNow(), scope.Provider.TimeZone);
        else if (!DateOnly.TryParseExact(asOf.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
            return Problems.Validation(http, [Problems.Field(http, "asOf", PenaltyErrors.AsOfInvalid)], PenaltyErrors.AsOfInvalid);
        var entries = scope.Rows<LedgerEntryEntity>(LedgerEntryEntity.Prefix);
        var calculation = PenaltyRules.Calculate(entries, day, await rates.CurrentAsync(ct));
        return TypedResults.Ok(PenaltiesView.Of(calculation));
    }

    private static DateOnly Today(DateTimeOffset now, string timeZone)
    {
        try { return ReadingCalendar.LocalDate(now, timeZone); }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException) { return DateOnly.FromDateTime(now.UtcDateTime); }
    }
}

/// <summary>Every ledger entry of the account (rows "entry|…").</summary>
public sealed class WithLedgerAttribute : AccountRowsAttribute
{
    public override IReadOnlyList<RowRange> Ranges(RouteValueDictionary route) => [RowRange.StartingWith(LedgerEntryEntity.Prefix)];
}

public sealed record PenaltiesView(string AsOf, long Total, IReadOnlyList<PenaltyDebtView> Debts)
{
    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static PenaltiesView Of(PenaltyCalculation c) => new(Iso(c.AsOf), c.Total, c.Debts.Select(d => new PenaltyDebtView(
        d.EntryRowKey, d.Kind, d.Period, d.Service, d.Amount, Iso(d.DueDate), d.Total,
        d.Stretches.Select(s => new PenaltyStretchView(Iso(s.From), Iso(s.To), s.Days, s.Debt, s.Share, s.Rate, s.Amount, s.Rule)).ToList())).ToList());
}

/// <summary>A debt: entryId is its ledger entry's row key; amounts in kopecks.</summary>
public sealed record PenaltyDebtView(string EntryId, string Kind, string? Period, string? Service, long Amount, string DueDate, long Total,
    IReadOnlyList<PenaltyStretchView> Stretches);

/// <summary>Days from..to inclusive; amount = debt × days × share × rate / 100, HALF_UP to kopecks; rule: the decree that suspended or capped it.</summary>
public sealed record PenaltyStretchView(string From, string To, int Days, long Debt, string Share, decimal Rate, long Amount, string? Rule);
