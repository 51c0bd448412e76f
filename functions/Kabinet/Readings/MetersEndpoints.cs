using Kabinet.Accounts;
using Kabinet.Auth;
using Kabinet.Platform.Errors;
using Kabinet.Platform.Invocation;

namespace Kabinet.Readings;

/// <summary>The account a meter of <c>GET /meters</c> belongs to, named as in <c>GET /accounts</c>.</summary>
public sealed record MeterAccountView(string Id, string Number, string? Alias, string GroupId, string ProviderId, string? ProviderName);

/// <summary>One meter of a linked account: the account, and the meter as <c>GET /accounts/{id}/meters</c> shows it.</summary>
public sealed record AccountMeterView(MeterAccountView Account, MeterReadingsView Meter);

/// <summary>The <c>meters</c> area: every meter of every account the caller linked, for a readings page that shows them all at once.</summary>
public static class MetersEndpoints
{
    private static readonly RowRange[] MetersAndReadings = [RowRange.StartingWith(MeterEntity.Prefix), RowRange.StartingWith(ReadingRecordEntity.Prefix)];

    public static void MapMetersFunction(this WebApplication app) =>
        app.MapHttpFunction("Meters", "meters").WithTags("readings").RequireAuthorization()
            .MapGet("", List)
            .Produces<ListPage<AccountMeterView>>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The meters of every linked account (oldest link first) with the last reading, window and canSubmit; groupId narrows to one group.");

    private static async Task<IResult> List(string? groupId, HttpContext http, AccountLinks links, AccountTables tables, TimeProvider clock,
        Billing.ClosingPeriods closing, CancellationToken ct)
    {
        var userId = http.User.UserId();
        if (await LinksInGroup.ReadAsync(tables, links, userId, groupId, ct) is not { } inGroup)
            return Problems.Create(http, StatusCodes.Status404NotFound, GroupsEndpoints.NotFoundCode);
        var selected = inGroup.Links;
        // One partition query per account (at most 10), all at once.
        var scopes = await Task.WhenAll(selected.Select(l => LinkedAccount.OfLinkAsync(http.RequestServices, l, MetersAndReadings, ct)));
        var now = clock.GetUtcNow();
        var closingPeriods = await closing.CurrentAsync(ct);
        var items = selected.Zip(scopes).Where(x => x.Second.Found).SelectMany(x =>
        {
            var (link, scope) = x;
            var account = new MeterAccountView(link.AccountId, scope.Account.Number, link.Alias, inGroup.GroupOf(link),
                scope.Account.ProviderId, scope.Provider.Name);
            return ReadingsEndpoints.MeterViews(scope, now, closingPeriods).Select(m => new AccountMeterView(account, m));
        }).ToList();
        return TypedResults.Ok(new ListPage<AccountMeterView>(items, null));
    }
}
