using System.Text.Json;
using Azure.Data.Tables;
using Kabinet.Platform.Errors;

namespace Kabinet.Operators;

/// <summary>One import in GET /imports: what GET /imports/{id} says, without its row errors.</summary>
public sealed record ImportSummary(
    string ImportId, string Kind, string Format, string Source, string? FileName, string Status,
    int RowsTotal, int RowsDone, int Accepted, int Rejected, double Progress, Dictionary<string, KindCounts> ByKind,
    string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt,
    ImportFailure? Failure, int ErrorsStored, int Restarts)
{
    public static ImportSummary Of(ImportEntity i, ErrorMessages messages, bool english) => new(
        i.ImportId, i.Kind, i.Format, i.Source, i.FileName, i.Status,
        i.RowsTotal, i.RowsDone, i.Accepted, i.Rejected, ImportRuns.Progress(i),
        JsonSerializer.Deserialize<Dictionary<string, KindCounts>>(i.CountsByKind, JsonSerializerOptions.Web) ?? [],
        i.CreatedBy, i.CreatedAt, i.StartedAt, i.FinishedAt,
        i.FailureCode is { } code ? new ImportFailure(code, messages.Get(code, english), i.FailureDetail) : null,
        i.ErrorsStored, i.Restarts);
}

/// <summary>GET /api/operator/imports: every import, newest first, paged (the list partition of <see cref="ImportListEntity"/>).</summary>
public static class ImportListEndpoints
{
    private const string ListName = "operator-imports";

    public static RouteGroupBuilder MapImportList(this RouteGroupBuilder group)
    {
        group.MapGet("/imports", List)
            .WithSummary("Every import, newest first, cursor-paged (limit 1–200, default 50): status, counts and progress, without row errors.")
            .Produces<ListPage<ImportSummary>>().ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    private static async Task<IResult> List(HttpContext http, PageRequest page, ImportProcessor processor, ImportTables tables, CancellationToken ct)
    {
        var errors = page.Check(http, ListName, 1, out var after, parts => ImportListEntity.IsRow(parts[0]));
        if (errors.Count > 0) return Problems.Validation(http, errors);
        var filter = after is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {ImportListEntity.Partition}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {ImportListEntity.Partition} and RowKey gt {after[0]}");
        var rows = new List<ImportListEntity>();
        string? next = null;
        await foreach (var row in tables.Imports.QueryAsync<ImportListEntity>(filter, maxPerPage: page.Limit + 1, cancellationToken: ct))
        {
            if (rows.Count == page.Limit) { next = PageCursor.Encode(ListName, rows[^1].RowKey); break; }
            rows.Add(row);
        }

        // Each import's own record holds its state; a list row whose import is gone (a create undone half-way) is skipped.
        var imports = await Task.WhenAll(rows.Select(async r =>
            await processor.GetAsync(r.ImportId, ct) is { } import ? await processor.FailIfStaleAsync(import, ct) : null));
        var messages = ErrorMessages.Of(http);
        var english = ErrorMessages.PrefersEnglish(http);
        var items = imports.OfType<ImportEntity>().Select(i => ImportSummary.Of(i, messages, english)).ToList();
        return TypedResults.Ok(new ListPage<ImportSummary>(items, next));
    }
}
