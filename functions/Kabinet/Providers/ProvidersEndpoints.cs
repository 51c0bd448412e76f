using System.ComponentModel;
using Kabinet.Docs;
using Azure.Data.Tables;
using Kabinet.Accounts;
using Kabinet.Auth;
using Kabinet.Platform.Errors;
using Kabinet.Platform.Invocation;
using Kabinet.Platform.Storage;

namespace Kabinet.Providers;

public sealed record ProviderView(
    string Id, string Name, string? Inn, string? Phone, string? Email, string? Website, string? LegalAddress,
    string TimeZone, int ReadingsDay, IReadOnlyList<string> AcceptedProofs);

/// <summary>
/// The public <c>providers</c> area: who serves accounts, with contacts and the proofs they accept for linking;
/// <c>?mine=true</c> (signed in) narrows it to the providers of the caller's linked accounts.
/// </summary>
public static class ProvidersEndpoints
{
    public static void MapProviders(this WebApplication app) =>
        app.MapHttpFunction("Providers", "providers").WithTags("public")
            .MapGet("", List)
            .AllowAnonymous()
            .WithSummary("Public: providers with contacts, by id; cursor-paged (limit ≤ 200); mine=true: the caller's own providers (needs a token).")
            .Produces<ListPage<ProviderView>>().ProducesProblems(StatusCodes.Status401Unauthorized);

    private static async Task<IResult> List(HttpContext http, ProviderTables tables, PageRequest page,
        [Description("true: only the providers of the accounts the caller linked (needs a token: 401 without one); false or absent: every provider. Anything else is 422 provider.mine_invalid.")] string? mine,
        AccountLinks links, ProviderCache cache, CancellationToken ct)
    {
        var mineOnly = ProviderFilters.ParseMine(mine);
        var userId = http.User.UserId();
        if (mineOnly == true && (http.User.Identity?.IsAuthenticated != true || string.IsNullOrEmpty(userId))) return TypedResults.Challenge();
        var list = mineOnly == true ? MineListName + userId : ListName;
        var errors = page.Check(http, list, 1, out var after, parts => TableKeys.IsSafe(parts[0]));
        if (mineOnly is null) errors.Insert(0, Problems.Field(http, "mine", ProvidersErrors.MineInvalid));
        if (errors.Count > 0) return Problems.Validation(http, errors);
        if (mineOnly == true)
            return TypedResults.Ok(await MineAsync(userId, page, after, links, cache, ct));

        var size = page.Limit;
        var filter = after is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {ProviderEntity.Partition}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {ProviderEntity.Partition} and RowKey gt {after[0]}");
        var items = new List<ProviderView>();
        string? next = null;
        await foreach (var p in tables.Providers.QueryAsync<ProviderEntity>(filter, maxPerPage: size + 1, cancellationToken: ct))
        {
            if (items.Count == size) { next = PageCursor.Encode(ListName, items[^1].Id); break; }
            items.Add(View(p));
        }
        return TypedResults.Ok(new ListPage<ProviderView>(items, next));
    }

    /// <summary>The providers of the caller's links (at most 10 links, so few providers), by id; a provider gone from the table is left out.</summary>
    private static async Task<ListPage<ProviderView>> MineAsync(string userId, PageRequest page, string[]? after, AccountLinks links, ProviderCache cache,
        CancellationToken ct)
    {
        var ids = (await links.OfUserAsync(userId, ct)).Select(l => l.ProviderId).Distinct(StringComparer.Ordinal);
        var providers = await Task.WhenAll(ids.Select(id => cache.ProviderAsync(id, ct)));
        return page.Slice(providers.OfType<ProviderEntity>().Select(View), v => v.Id, MineListName + userId, after);
    }

    private static ProviderView View(ProviderEntity p) =>
        new(p.ProviderId, p.Name, p.Inn, p.Phone, p.Email, p.Website, p.LegalAddress, p.TimeZone, p.ReadingsDay, ProofMethods.Parse(p.AcceptedProofs));

    private const string MineListName = "providers-mine/";
    private const string ListName = "providers";
}
