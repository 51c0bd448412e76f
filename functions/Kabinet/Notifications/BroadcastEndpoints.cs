using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Kabinet.Auth;
using Kabinet.Docs;
using Kabinet.Operators;
using Kabinet.Platform.Errors;
using Kabinet.Platform.Idempotency;
using Kabinet.Platform.Invocation;
using Kabinet.Platform.Paging;
using Kabinet.Platform.Storage;
using Kabinet.Providers;

namespace Kabinet.Notifications;

/// <summary>The body of POST /operator/notifications, for the API document (the endpoint reads it field by field).</summary>
public sealed record BroadcastBody(BroadcastAudience Audience, string Kind, string? Category, string Title, string Body, string? TitleEn, string? BodyEn,
    BroadcastAction? Action, bool? RequiresConfirmation, DateTimeOffset? ExpiresAt,
    [property: System.ComponentModel.Description("Shorthand for action {label: «Подробнее», url}; action wins when both are given.")] string? ActionUrl = null);

/// <summary>POST/GET/DELETE /api/operator/notifications and the two fan-out queue functions (ResolveBroadcast, FanOutBroadcast).</summary>
public static class BroadcastEndpoints
{
    public const string NotFoundCode = "broadcast.not_found";
    private const string ListName = "operator-broadcasts";

    public static void AddBroadcasts(this WebApplicationBuilder builder) =>
        builder.Services.AddSingleton<BroadcastFanOut>().AddQueues(BroadcastResolveMessage.QueueName, BroadcastChunkMessage.QueueName);

    public static void MapBroadcasts(this WebApplication app)
    {
        var group = OperatorRoutes.Group(app);
        group.MapPost("/notifications", Create).Idempotent()
            .WithSummary("Broadcast a notice to everyone, a provider's users, the users of given accounts or given users (≤ 1000 ids). " +
                "202 with its progress; queue functions write the notices in chunks of 200 and queue their delivery.")
            .Accepts<BroadcastBody>("application/json")
            .Produces<BroadcastView>(StatusCodes.Status202Accepted).ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/notifications", List)
            .WithSummary("Broadcasts, newest first, cursor-paged (limit 1–200, default 50), each with its progress.")
            .Produces<ListPage<BroadcastView>>().ProducesProblems(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/notifications/{id}", Get)
            .WithSummary("A broadcast's progress: status (resolving, sending, done, withdrawn), audience size, notices in the app, sent per channel, failed.")
            .Produces<BroadcastView>().ProducesProblems(StatusCodes.Status404NotFound);
        group.MapDelete("/notifications/{id}", Withdraw)
            .WithSummary("Withdraws a broadcast: its notices leave the users' lists, chunks not yet written are not, deliveries not yet sent are not sent. Again: 204.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblems(StatusCodes.Status404NotFound);

        app.MapQueueFunction<BroadcastResolveMessage>("ResolveBroadcast", (message, trigger) =>
            trigger.Services.GetRequiredService<BroadcastFanOut>().ResolveAsync(message.BroadcastId, trigger.CancellationToken));
        app.MapQueueFunction<BroadcastChunkMessage>("FanOutBroadcast", (message, trigger) =>
            trigger.Services.GetRequiredService<BroadcastFanOut>().ChunkAsync(message.BroadcastId, message.Chunk, trigger.CancellationToken));
    }

    private static IResult NotFound(HttpContext http) => Problems.Create(http, StatusCodes.Status404NotFound, NotFoundCode);

    private static async Task<IResult> Create(HttpContext http, BroadcastFanOut fanOut, NotificationTables tables, ProviderCache providers, WorkQueues queues,
        Audit audit, TimeProvider clock, IHostEnvironment environment, CancellationToken ct)
    {
        if (!http.Request.HasJsonContentType()) return Problems.Create(http, StatusCodes.Status415UnsupportedMediaType, "request.unsupported_media_type");
        JsonElement root;
        try
        {
            var content = await BinaryData.FromStreamAsync(http.Request.Body, ct);
            using var document = JsonDocument.Parse(content, new JsonDocumentOptions { MaxDepth = 16 });
            root = document.RootElement.Clone();
        }
        catch (JsonException) { return Problems.Create(http, StatusCodes.Status400BadRequest, "request.malformed_json"); }
        if (Platform.Json.ValidText.FindInvalid(root) is { } invalidAt)
            return Problems.Create(http, StatusCodes.Status400BadRequest, Platform.Json.ValidText.Code, new Dictionary<string, object?> { ["field"] = invalidAt });

        var now = clock.GetUtcNow();
        var (request, errors) = BroadcastRules.Parse(root, now, allowLocalHttp: environment.IsDevelopment());
        var zone = NoticeDraft.DefaultTimeZone;
        if (request?.Audience.ProviderId is { } providerId)
        {
            if (await providers.ProviderAsync(providerId, ct) is not { } provider) errors.Add(new("audience.providerId", "broadcast.provider_not_found"));
            else zone = provider.TimeZone;
        }
        if (errors.Count > 0) return Problems.Validation(http, [.. errors.Select(e => Problems.Field(http, e.Field, e.Code, e.Data))]);

        var r = request!;
        var id = BroadcastIds.New(now);
        var userId = http.User.UserId();
        var entity = new BroadcastEntity
        {
            RowKey = id, AudienceKind = r.Audience.Kind, ProviderId = r.Audience.ProviderId, AudienceIds = r.Audience.Ids.Count,
            Kind = r.Kind, Category = r.Category, Title = r.Title, Body = r.Body, TitleEn = r.TitleEn, BodyEn = r.BodyEn,
            ActionLabel = r.Action?.Label, ActionLabelEn = r.Action?.LabelEn, ActionUrl = r.Action?.Url, RequiresConfirmation = r.RequiresConfirmation,
            ExpiresAt = r.ExpiresAt, TimeZone = zone, CreatedBy = userId, CreatedAt = now,
        };
        // The listed ids before the broadcast: a broadcast row is never without its audience.
        if (r.Audience.Ids.Count > 0)
            await tables.Broadcasts.UpsertEntityAsync(BroadcastAudienceEntity.For(id, JsonSerializer.Serialize(r.Audience.Ids)), TableUpdateMode.Replace, ct);
        await tables.Broadcasts.AddEntityAsync(entity, ct);
        await queues.SendAsync(BroadcastResolveMessage.QueueName, new BroadcastResolveMessage(id), ct);
        await audit.WriteAsync(userId, "broadcast_created", http, new { broadcastId = id, audience = r.Audience.Kind, ids = r.Audience.Ids.Count, kind = r.Kind, r.Category }, ct);
        return TypedResults.Accepted($"/api/operator/notifications/{id}", await BroadcastProgress.OfAsync(entity, fanOut, tables, ct));
    }

    private static async Task<IResult> Get(string id, HttpContext http, BroadcastFanOut fanOut, NotificationTables tables, CancellationToken ct) =>
        await fanOut.GetAsync(id, ct) is { } b ? TypedResults.Ok(await BroadcastProgress.OfAsync(b, fanOut, tables, ct)) : NotFound(http);

    private static async Task<IResult> List(HttpContext http, PageRequest page, BroadcastFanOut fanOut, NotificationTables tables, CancellationToken ct)
    {
        var errors = page.Check(http, ListName, 1, out var after, parts => BroadcastIds.IsWellFormed(parts[0]));
        if (errors.Count > 0) return Problems.Validation(http, errors);
        var filter = after is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {BroadcastEntity.Partition}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {BroadcastEntity.Partition} and RowKey gt {after[0]}");
        var rows = new List<BroadcastEntity>();
        string? next = null;
        await foreach (var row in tables.Broadcasts.QueryAsync<BroadcastEntity>(filter, maxPerPage: page.Limit + 1, cancellationToken: ct))
        {
            if (rows.Count == page.Limit) { next = PageCursor.Encode(ListName, rows[^1].RowKey); break; }
            rows.Add(row);
        }
        var items = await Task.WhenAll(rows.Select(b => BroadcastProgress.OfAsync(b, fanOut, tables, ct)));
        return TypedResults.Ok(new ListPage<BroadcastView>([.. items], next));
    }

    /// <summary>Forward only: the first withdrawal sets the flag and its time (under the ETag); a later one changes nothing.</summary>
    private static async Task<IResult> Withdraw(string id, HttpContext http, BroadcastFanOut fanOut, NotificationTables tables, Audit audit, TimeProvider clock,
        CancellationToken ct)
    {
        if (await fanOut.GetAsync(id, ct) is not { } current) return NotFound(http);
        var result = await tables.Broadcasts.UpdateWithRetryAsync<BroadcastEntity>(BroadcastEntity.Partition, id, b =>
        {
            if (b.Withdrawn) return false;
            (b.Withdrawn, b.WithdrawnAt) = (true, clock.GetUtcNow());
            return true;
        }, ct, current: current);
        if (result.Outcome == UpdateOutcome.Missing) return NotFound(http);
        if (result.Updated) await audit.WriteAsync(http.User.UserId(), "broadcast_withdrawn", http, new { broadcastId = id }, ct);
        return TypedResults.NoContent();
    }
}
