using System.Text;
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
            .WithSummary("Public: providers with contacts, by id; cursor-paged (limit ≤ 200).");

    private static async Task<IResult> List(HttpContext http, DataTables tables, int? limit, string? cursor, CancellationToken ct)
    {
        var size = Math.Clamp(limit ?? 50, 1, 200);
        string? after = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            after = Decode(cursor);
            if (after is null || !TableKeys.IsSafe(after))
                return Problems.Validation(http, [AccountsErrors.Field(http, "cursor", "list.cursor_invalid")]);
        }
        var filter = after is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {ProviderEntity.Partition}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {ProviderEntity.Partition} and RowKey gt {after}");
        var items = new List<ProviderView>();
        string? next = null;
        await foreach (var p in tables.Providers.QueryAsync<ProviderEntity>(filter, maxPerPage: size + 1, cancellationToken: ct))
        {
            if (items.Count == size) { next = Encode(items[^1].Id); break; }
            items.Add(new ProviderView(p.ProviderId, p.Name, p.Inn, p.Phone, p.Email, p.Website, p.LegalAddress, p.TimeZone, p.ReadingsDay,
                ProofMethods.Parse(p.AcceptedProofs)));
        }
        return TypedResults.Ok(new ListPage<ProviderView>(items, next));
    }

    private static string Encode(string rowKey) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(rowKey)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? Decode(string cursor)
    {
        if (cursor.Length > 400) return null;
        var base64 = cursor.Replace('-', '+').Replace('_', '/');
        base64 += new string('=', (4 - base64.Length % 4) % 4);
        try { return Encoding.UTF8.GetString(Convert.FromBase64String(base64)); }
        catch (FormatException) { return null; }
    }
}
