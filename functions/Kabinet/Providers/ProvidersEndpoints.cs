using Kabinet.Docs;
using Azure.Data.Tables;
using Kabinet.Accounts;
using Kabinet.Platform.Errors;
using Kabinet.Platform.Invocation;
using Kabinet.Platform.Storage;

namespace Kabinet.Providers;

public sealed record ProviderView(
    string Id, string Name, string? Inn, string? Phone, string? Email, string? Website, string? LegalAddress,
    string TimeZone, int ReadingsDay, IReadOnlyList<string> AcceptedProofs);

/// <summary>The public <c>providers</c> area: who serves accounts, with contacts and the proofs they accept for linking.</summary>
public static class ProvidersEndpoints
{
    public static void MapProviders(this WebApplication app) =>
        app.MapHttpFunction("Providers", "providers").WithTags("public")
            .MapGet("", List)
            .AllowAnonymous()
            .WithSummary("Public: providers with contacts, by id; cursor-paged (limit ≤ 200).")
            .Produces<ListPage<ProviderView>>();

    private static async Task<IResult> List(HttpContext http, ProviderTables tables, PageRequest page, CancellationToken ct)
    {
        var errors = page.Check(http, ListName, 1, out var after, parts => TableKeys.IsSafe(parts[0]));
        if (errors.Count > 0) return Problems.Validation(http, errors);
        var size = page.Limit;
        var filter = after is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {ProviderEntity.Partition}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {ProviderEntity.Partition} and RowKey gt {after[0]}");
        var items = new List<ProviderView>();
        string? next = null;
        await foreach (var p in tables.Providers.QueryAsync<ProviderEntity>(filter, maxPerPage: size + 1, cancellationToken: ct))
        {
            if (items.Count == size) { next = PageCursor.Encode(ListName, items[^1].Id); break; }
            items.Add(new ProviderView(p.ProviderId, p.Name, p.Inn, p.Phone, p.Email, p.Website, p.LegalAddress, p.TimeZone, p.ReadingsDay,
                ProofMethods.Parse(p.AcceptedProofs)));
        }
        return TypedResults.Ok(new ListPage<ProviderView>(items, next));
    }

    private const string ListName = "providers";
}
