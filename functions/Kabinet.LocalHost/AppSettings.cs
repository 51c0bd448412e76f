using System.Text.Json;
using System.Text.RegularExpressions;

namespace Kabinet.LocalHost;

/// <summary>The Values of local.settings.json, as Core Tools turns them into app settings (environment variables).</summary>
public sealed partial class AppSettings(IReadOnlyDictionary<string, string> values)
{
    public IReadOnlyDictionary<string, string> Values { get; } = values;

    /// <summary>A setting from the file, else from this process's environment (as the real host reads app settings).</summary>
    public string? Get(string name) =>
        Values.TryGetValue(name, out var v) ? v : Environment.GetEnvironmentVariable(name);

    /// <summary>The environment the app runs in: ASPNETCORE_ENVIRONMENT if set (the app prefers it), else
    /// AZURE_FUNCTIONS_ENVIRONMENT, else Development, as Core Tools runs a local app.</summary>
    public string AppEnvironment =>
        new[] { Get("ASPNETCORE_ENVIRONMENT"), Get("AZURE_FUNCTIONS_ENVIRONMENT") }.FirstOrDefault(e => !string.IsNullOrWhiteSpace(e)) ?? "Development";

    /// <summary>Resolves %Name% binding expressions, like the host does for queueName, schedule and the like.</summary>
    public string Resolve(string text) =>
        SettingExpression().Replace(text, m => Get(m.Groups[1].Value)
            ?? throw new InvalidOperationException($"Setting '{m.Groups[1].Value}' used in '{text}' is not defined."));

    public static AppSettings Load(string path)
    {
        if (!File.Exists(path))
        {
            var sample = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "local.settings.sample.json");
            if (!File.Exists(sample)) return new AppSettings(new Dictionary<string, string>());
            File.Copy(sample, path);
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (doc.RootElement.TryGetProperty("Values", out var section))
            foreach (var p in section.EnumerateObject())
                values[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
        return new AppSettings(values);
    }

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex SettingExpression();
}
