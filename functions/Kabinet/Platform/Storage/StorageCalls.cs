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
    private readonly ConcurrentDictionary<(string Method, string Resource), Counter> _byRequest = new();

    private sealed class Counter { public long Value; }

    public long Total => Interlocked.Read(ref _total);

    /// <summary>Per "METHOD resource": e.g. "GET accounts".</summary>
    public IReadOnlyDictionary<string, long> ByResource => _byRequest
        .ToDictionary(p => p.Key.Method + " " + p.Key.Resource, p => Interlocked.Read(ref p.Value.Value));

    // Lock-free on the hot path (a lock per key was contended by every parallel request).
    public override void OnSendingRequest(HttpMessage message)
    {
        Interlocked.Increment(ref _total);
        var key = (message.Request.Method.Method, Resource(message.Request.Uri.Path));
        if (!_byRequest.TryGetValue(key, out var counter)) counter = _byRequest.GetOrAdd(key, _ => new Counter());
        Interlocked.Increment(ref counter.Value);
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
