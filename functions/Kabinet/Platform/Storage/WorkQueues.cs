using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Kabinet.Platform.Storage;

/// <summary>
/// Puts JSON messages on the queues that trigger functions, creating each queue once. A message too large for a queue
/// travels through a blob (<see cref="ClaimCheck"/>); the queue functions' mapping reads it back.
/// </summary>
public sealed class WorkQueues(QueueServiceClient service, ClaimCheck claims, IOptions<JsonOptions> json)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<QueueClient>>> _queues = new();

    public async Task SendAsync<T>(string queueName, T message, CancellationToken ct, TimeSpan? delay = null)
    {
        var queue = await GetAsync(queueName, ct);
        var text = JsonSerializer.Serialize(message, json.Value.SerializerOptions);
        if (!ClaimCheck.NeedsClaim(text))
        {
            await queue.SendMessageAsync(text, visibilityTimeout: delay, cancellationToken: ct);
            return;
        }
        var (envelope, claim) = await claims.StoreAsync(queueName, text, ct);
        try
        {
            await queue.SendMessageAsync(envelope, visibilityTimeout: delay, cancellationToken: ct);
        }
        catch
        {
            await claims.ReleaseAsync(claim);
            throw;
        }
    }

    public Task<QueueClient> GetAsync(string queueName, CancellationToken ct) =>
        _queues.GetOrAdd(queueName, name => new Lazy<Task<QueueClient>>(async () =>
        {
            var queue = service.GetQueueClient(name);
            await queue.CreateIfNotExistsAsync(cancellationToken: ct);
            return queue;
        })).Value;
}
