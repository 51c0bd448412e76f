using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Kabinet.Platform.Storage;

/// <summary>
/// The one start-up step against storage: creates every declared table, queue and container (together, so an outage costs
/// one <see cref="StartupWork.Timeout"/>, not one per resource), then runs the features' <see cref="StartupStep"/>s in order,
/// each through <see cref="StartupWork"/>: with storage down the handler still starts and /api/health answers 503.
/// </summary>
public sealed class StorageStartup(IEnumerable<StorageResource> resources, IEnumerable<StartupStep> steps, Tables tables,
    QueueServiceClient queues, BlobServiceClient blobs, IServiceProvider services, ILogger<StorageStartup> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        var all = resources.Distinct().ToList();
        if (all.Count > 0)
            await StartupWork.TryAsync(log, "create the tables, queues and containers", c => Task.WhenAll(all.Select(r => CreateAsync(r, c))), ct);
        foreach (var step in steps)
            await StartupWork.TryAsync(log, step.What, c => step.Work(services, c), ct);
    }

    private Task CreateAsync(StorageResource resource, CancellationToken ct) => resource.Kind switch
    {
        StorageKind.Table => tables.Get(resource.Name).CreateIfNotExistsAsync(ct),
        StorageKind.Queue => queues.GetQueueClient(resource.Name).CreateIfNotExistsAsync(cancellationToken: ct),
        _ => blobs.GetBlobContainerClient(resource.Name).CreateIfNotExistsAsync(cancellationToken: ct),
    };

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
