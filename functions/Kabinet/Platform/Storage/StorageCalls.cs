using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Kabinet.Platform.Storage;

/// <summary>
/// Counts every request the storage clients send (each retry too), in total and per "METHOD resource"
/// (e.g. "GET accounts"): what a bench divides by its operations (GET /api/dev/storage-calls in Development).
/// </summary>
public sealed class StorageCalls : HttpPipelineSynchronousPolicy
{
    private long _total;
    private readonly ConcurrentDictionary<string, long> _byResource = new(StringComparer.Ordinal);

    public long Total => Interlocked.Read(ref _total);

    public IReadOnlyDictionary<string, long> ByResource => _byResource.ToDictionary(p => p.Key, p => p.Value);

    public override void OnSendingRequest(HttpMessage message)
    {
        Interlocked.Increment(ref _total);
        _byResource.AddOrUpdate(message.Request.Method.Method + " " + Resource(message.Request.Uri.Path), 1, (_, n) => n + 1);
    }

    /// <summary>The table, container or queue: the path's segment after the account name (Azurite) or the first one.</summary>
    public static string Resource(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var name = segments.Length > 1 && segments[0].StartsWith("devstoreaccount", StringComparison.Ordinal) ? segments[1]
            : segments.Length > 0 ? segments[0] : "";
        var paren = name.IndexOf('(');
        return paren >= 0 ? name[..paren] : name;
    }

    public T Counted<T>(T options) where T : ClientOptions
    {
        options.AddPolicy(this, HttpPipelinePosition.PerRetry);
        return options;
    }
}
