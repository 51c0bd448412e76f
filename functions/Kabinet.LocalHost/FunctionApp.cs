using System.Text.Json;

namespace Kabinet.LocalHost;

/// <summary>A function app root as read from disk: host.json plus one folder per function with its function.json.</summary>
public sealed record FunctionApp(string Root, HostJson Host, IReadOnlyList<FunctionDefinition> Functions)
{
    public static FunctionApp Load(string root)
    {
        root = Path.GetFullPath(root);
        var hostPath = Path.Combine(root, "host.json");
        if (!File.Exists(hostPath)) throw new FileNotFoundException($"No host.json in the app root '{root}'.", hostPath);
        var host = HostJson.Parse(JsonNodeFile(hostPath));

        var functions = new List<FunctionDefinition>();
        foreach (var dir in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            var file = Path.Combine(dir, "function.json");
            if (File.Exists(file)) functions.Add(FunctionDefinition.Parse(Path.GetFileName(dir), JsonNodeFile(file)));
        }
        return new FunctionApp(root, host, functions);
    }

    internal static JsonElement JsonNodeFile(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return doc.RootElement.Clone();
    }
}

/// <summary>The parts of host.json LocalHost honours.</summary>
public sealed record HostJson(
    string ExecutablePath,
    IReadOnlyList<string> Arguments,
    string? WorkingDirectory,
    bool EnableForwardingHttpRequest,
    string RoutePrefix,
    QueueOptions Queues,
    TimeSpan? FunctionTimeout)
{
    public static HostJson Parse(JsonElement json)
    {
        var description = json.TryGetProperty("customHandler", out var ch) && ch.TryGetProperty("description", out var d) ? d
            : throw new InvalidDataException("host.json has no customHandler.description section.");
        var extensions = json.TryGetProperty("extensions", out var e) ? e : default;
        var http = extensions.ValueKind == JsonValueKind.Object && extensions.TryGetProperty("http", out var h) ? h : default;
        var queues = extensions.ValueKind == JsonValueKind.Object && extensions.TryGetProperty("queues", out var q) ? q : default;

        return new HostJson(
            ExecutablePath: Str(description, "defaultExecutablePath") ?? throw new InvalidDataException("customHandler.description.defaultExecutablePath is missing."),
            Arguments: description.TryGetProperty("arguments", out var args) && args.ValueKind == JsonValueKind.Array
                ? args.EnumerateArray().Select(a => a.GetString() ?? "").ToList() : [],
            WorkingDirectory: Str(description, "workingDirectory"),
            EnableForwardingHttpRequest: ch.TryGetProperty("enableForwardingHttpRequest", out var f) && f.ValueKind == JsonValueKind.True,
            RoutePrefix: (Str(http, "routePrefix") ?? "api").Trim('/'),
            Queues: QueueOptions.Parse(queues),
            FunctionTimeout: Str(json, "functionTimeout") is { } t ? TimeSpan.Parse(t) : null);
    }

    internal static string? Str(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    internal static int? Int(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;
}

/// <summary>host.json extensions.queues, with the Storage Queues extension's defaults.</summary>
public sealed record QueueOptions(int BatchSize, int NewBatchThreshold, TimeSpan MaxPollingInterval, TimeSpan VisibilityTimeout, int MaxDequeueCount, bool Base64)
{
    public static QueueOptions Parse(JsonElement queues)
    {
        var batchSize = Math.Clamp(HostJson.Int(queues, "batchSize") ?? 16, 1, 32);
        return new QueueOptions(
            BatchSize: batchSize,
            NewBatchThreshold: HostJson.Int(queues, "newBatchThreshold") is { } n and >= 0 ? n : batchSize / 2,
            MaxPollingInterval: HostJson.Str(queues, "maxPollingInterval") is { } m ? TimeSpan.Parse(m) : TimeSpan.FromMinutes(1),
            VisibilityTimeout: HostJson.Str(queues, "visibilityTimeout") is { } v ? TimeSpan.Parse(v) : TimeSpan.Zero,
            MaxDequeueCount: HostJson.Int(queues, "maxDequeueCount") ?? 5,
            Base64: !string.Equals(HostJson.Str(queues, "messageEncoding"), "none", StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>One function: its folder name and its trigger binding (the first binding with direction "in" whose type ends in "Trigger").</summary>
public sealed record FunctionDefinition(string Name, string TriggerType, JsonElement Trigger)
{
    public string BindingName => HostJson.Str(Trigger, "name") ?? throw new InvalidDataException($"Function '{Name}': trigger binding has no name.");
    public string? Property(string name) => HostJson.Str(Trigger, name);

    /// <summary>HTTP methods in upper case, or null for all.</summary>
    public IReadOnlyList<string>? Methods =>
        Trigger.TryGetProperty("methods", out var m) && m.ValueKind == JsonValueKind.Array && m.GetArrayLength() > 0
            ? m.EnumerateArray().Select(x => x.GetString()!.ToUpperInvariant()).ToList() : null;

    public bool RunOnStartup => Trigger.TryGetProperty("runOnStartup", out var r) && r.ValueKind == JsonValueKind.True;

    public static FunctionDefinition Parse(string name, JsonElement json)
    {
        if (json.TryGetProperty("disabled", out var disabled) && disabled.ValueKind == JsonValueKind.True)
            return new FunctionDefinition(name, "disabled", default);
        var trigger = json.GetProperty("bindings").EnumerateArray()
            .FirstOrDefault(b => HostJson.Str(b, "type")?.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase) == true);
        if (trigger.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"Function '{name}' has no trigger binding.");
        return new FunctionDefinition(name, HostJson.Str(trigger, "type")!, trigger);
    }
}
