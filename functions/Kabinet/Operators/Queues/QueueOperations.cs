using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Kabinet.Platform.Invocation;

namespace Kabinet.Operators.Queues;

/// <summary>
/// What an operator needs of the app's queues on a bad day: their depths, the poison messages, and moving those back.
/// A poison message leaves its queue only by an operator's replay, and only after it is on the main queue again.
/// </summary>
public sealed class QueueOperations(QueueServiceClient service, FunctionQueues queues, TimeProvider clock)
{
    /// <summary>Storage peeks at most 32 messages.</summary>
    public const int PeekLimit = 32;
    /// <summary>A replay call works through at most this many batches of 32 and says when more remain.</summary>
    private const int MaxBatches = 20;
    /// <summary>Messages not asked for stay hidden while the call works, so a batch never sees them twice, then are let go.</summary>
    private static readonly TimeSpan HoldFor = TimeSpan.FromMinutes(2);

    public bool IsKnown(string? queue) => queues.IsKnown(queue);

    public async Task<QueuesView> ListAsync(CancellationToken ct)
    {
        var statuses = await Task.WhenAll(queues.Names.Select(async name =>
            new QueueStatus(name, await DepthAsync(name, ct), await DepthAsync(FunctionQueues.PoisonOf(name), ct))));
        return new(statuses);
    }

    public async Task<PoisonView> PoisonAsync(string queue, CancellationToken ct)
    {
        var poison = service.GetQueueClient(FunctionQueues.PoisonOf(queue));
        var depth = await DepthAsync(poison.Name, ct);
        if (depth.Messages == 0) return new(queue, 0, []);
        var peeked = await OrNothing(async () => (await poison.PeekMessagesAsync(PeekLimit, ct)).Value) ?? [];
        return new(queue, depth.Messages, peeked.Select(m => new PoisonMessageView(m.MessageId, m.InsertedOn, m.DequeueCount, m.Body.ToString())).ToList());
    }

    /// <summary>Moves the given poison messages (or all) back onto the queue: copied first, then deleted, so a crash leaves a copy in both, never in neither.</summary>
    public async Task<ReplayView> ReplayAsync(string queue, IReadOnlySet<string>? ids, CancellationToken ct)
    {
        var poison = service.GetQueueClient(FunctionQueues.PoisonOf(queue));
        if (!(await poison.ExistsAsync(ct)).Value) return new(queue, [], ids?.Order(StringComparer.Ordinal).ToList() ?? [], false);
        var main = service.GetQueueClient(queue);
        await main.CreateIfNotExistsAsync(cancellationToken: ct);
        var replayed = new List<string>();
        var held = new List<QueueMessage>();
        var more = true;
        try
        {
            for (var batch = 0; batch < MaxBatches && more; batch++)
            {
                var received = (await poison.ReceiveMessagesAsync(PeekLimit, HoldFor, ct)).Value;
                more = received.Length > 0;
                foreach (var message in received)
                {
                    if (ids is not null && !ids.Contains(message.MessageId)) { held.Add(message); continue; }
                    await main.SendMessageAsync(message.Body, cancellationToken: ct);
                    await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
                    replayed.Add(message.MessageId);
                }
                if (ids is not null && replayed.Count == ids.Count) more = false;
            }
        }
        finally
        {
            foreach (var message in held)
                await OrNothing(async () => await poison.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: CancellationToken.None));
        }
        var notFound = ids is null ? [] : ids.Except(replayed).Order(StringComparer.Ordinal).ToList();
        return new(queue, replayed, notFound, ids is null && more);
    }

    private async Task<QueueDepth> DepthAsync(string name, CancellationToken ct)
    {
        var queue = service.GetQueueClient(name);
        var count = await OrNothing(async () => (await queue.GetPropertiesAsync(ct)).Value.ApproximateMessagesCount);
        if (count is not > 0) return new(name, 0, null);
        var oldest = await OrNothing(async () => (await queue.PeekMessagesAsync(1, ct)).Value.FirstOrDefault());
        var age = oldest?.InsertedOn is { } at ? (long)Math.Max(0, (clock.GetUtcNow() - at).TotalSeconds) : (long?)null;
        return new(name, count, age);
    }

    /// <summary>A queue that does not exist (yet) is an empty one.</summary>
    private static async Task<T?> OrNothing<T>(Func<Task<T>> read)
    {
        try { return await read(); }
        catch (RequestFailedException e) when (e.Status == 404) { return default; }
    }
}
