using Kabinet.Auth;
using Kabinet.Docs;
using Kabinet.Platform.Errors;

namespace Kabinet.Operators.Queues;

/// <summary>/api/operator/queues: each queue with its poison queue, the poison messages, and their replay (audited).</summary>
public static class QueuesEndpoints
{
    public const int MaxReplayIds = 100;

    public static RouteGroupBuilder MapQueues(this RouteGroupBuilder group)
    {
        group.MapGet("/queues", List)
            .WithSummary("Every queue the app's functions listen on, and its poison queue: message counts and the oldest message's age in seconds.")
            .Produces<QueuesView>();
        group.MapGet("/queues/{queue}/poison", Poison)
            .WithSummary("The poison queue's first 32 messages (storage peeks no further): id, insertion time, dequeue count, the message.")
            .Produces<PoisonView>().ProducesProblems(StatusCodes.Status404NotFound);
        group.MapPost("/queues/{queue}/poison/replay", Replay)
            .WithSummary("Moves poison messages back onto the queue (all, or the given ids): copied first, then removed; audited. `more` asks to call again.")
            .Produces<ReplayView>().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    private static async Task<IResult> List(QueueOperations operations, CancellationToken ct) => TypedResults.Ok(await operations.ListAsync(ct));

    private static async Task<IResult> Poison(string queue, HttpContext http, QueueOperations operations, CancellationToken ct) =>
        operations.IsKnown(queue) ? TypedResults.Ok(await operations.PoisonAsync(queue, ct)) : Problems.Create(http, StatusCodes.Status404NotFound, QueueErrors.NotFound);

    private static async Task<IResult> Replay(string queue, ReplayRequest? request, HttpContext http, QueueOperations operations, Audit audit, CancellationToken ct)
    {
        if (!operations.IsKnown(queue)) return Problems.Create(http, StatusCodes.Status404NotFound, QueueErrors.NotFound);
        var ids = request?.Ids;
        if (ids is { Count: > MaxReplayIds } || ids?.Any(id => string.IsNullOrWhiteSpace(id) || id.Length > 100) == true)
            return Problems.Validation(http, [Problems.Field(http, "ids", QueueErrors.IdsInvalid)]);
        var result = await operations.ReplayAsync(queue, ids is { Count: > 0 } ? ids.ToHashSet(StringComparer.Ordinal) : null, ct);
        if (result.Replayed.Count > 0)
            await audit.WriteAsync(http.User.UserId(), "poison_replayed", http, new { queue, replayed = result.Replayed.Count, ids = result.Replayed }, ct);
        return TypedResults.Ok(result);
    }
}
