using System.Text.Json;

namespace Kabinet.Platform.Invocation;

/// <summary>
/// The queues the app's queue functions listen on, as their <c>{Function}/function.json</c> in the app root declare them
/// (the host's poison queue of each is <c>{queue}-poison</c>). Read once: the app root does not change while it runs.
/// </summary>
public sealed class FunctionQueues
{
    public const string PoisonSuffix = "-poison";

    private readonly Lazy<IReadOnlyList<string>> _names;

    public FunctionQueues() : this(AppContext.BaseDirectory) { }

    public FunctionQueues(string appRoot) => _names = new(() => Read(appRoot));

    /// <summary>Queue names, ordinal order, each once.</summary>
    public IReadOnlyList<string> Names => _names.Value;

    public bool IsKnown(string? queue) => queue is not null && Names.Contains(queue, StringComparer.Ordinal);

    public static string PoisonOf(string queue) => queue + PoisonSuffix;

    private static IReadOnlyList<string> Read(string appRoot)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(appRoot, "function.json", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 1 }))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            if (!doc.RootElement.TryGetProperty("bindings", out var bindings)) continue;
            foreach (var binding in bindings.EnumerateArray())
                if (binding.TryGetProperty("type", out var type) && type.GetString() == "queueTrigger"
                    && binding.TryGetProperty("queueName", out var name) && name.GetString() is { Length: > 0 } queue)
                    names.Add(queue);
        }
        return [.. names];
    }
}
