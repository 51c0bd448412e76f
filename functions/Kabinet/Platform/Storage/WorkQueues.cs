using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Kabinet.Platform.Storage;

/// <summary>Puts JSON messages on the queues that trigger functions, creating each queue once.</summary>
public sealed class WorkQueues(QueueServiceClient service, IOptions<JsonOptions> json)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<QueueClient>>> _queues = new();

    public async Task SendAsync<T>(string queueName, T message, CancellationToken ct, TimeSpan? delay = null)
    {
        var queue = await GetAsync(queueName, ct);
        await queue.SendMessageAsync(JsonSerializer.Serialize(message, json.Value.SerializerOptions), visibilityTimeout: delay, cancellationToken: ct);
    }

    public Task<QueueClient> GetAsync(string queueName, CancellationToken ct) =>
        _queues.GetOrAdd(queueName, name => new Lazy<Task<QueueClient>>(async () =>
        {
            var queue = service.GetQueueClient(name);
            await queue.CreateIfNotExistsAsync(cancellationToken: ct);
            return queue;
        })).Value;
}
