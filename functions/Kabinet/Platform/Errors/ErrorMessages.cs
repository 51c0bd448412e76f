using System.Collections.Frozen;

namespace Kabinet.Platform.Errors;

/// <summary>
/// Human text for each stable error code: every <see cref="ErrorCatalog"/> registered by the platform and the features,
/// merged once when the app starts. Two catalogs giving one code different texts stop the start.
/// </summary>
public sealed class ErrorMessages
{
    private static readonly ErrorMessages PlatformOnly = new([PlatformErrors.Catalog]);
    private readonly FrozenDictionary<string, (string Ru, string En)> _messages;

    public ErrorMessages(IEnumerable<ErrorCatalog> catalogs)
    {
        var merged = new Dictionary<string, (string Ru, string En)>(StringComparer.Ordinal);
        foreach (var (code, texts) in catalogs.SelectMany(c => c))
        {
            if (merged.TryGetValue(code, out var known) && known != texts)
                throw new InvalidOperationException($"Error code {code} is registered twice with different texts");
            merged[code] = texts;
        }
        _messages = merged.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public IReadOnlyCollection<string> Codes => _messages.Keys;

    public bool TryGet(string code, out (string Ru, string En) texts) => _messages.TryGetValue(code, out texts);

    public string Get(string code, bool english) =>
        _messages.TryGetValue(code, out var m) ? (english ? m.En : m.Ru) : code;

    /// <summary>The app's messages (the platform's alone where nothing registered them).</summary>
    public static ErrorMessages Of(HttpContext http) => http.RequestServices?.GetService<ErrorMessages>() ?? PlatformOnly;

    /// <summary>The text of <paramref name="code"/> in the language the request prefers.</summary>
    public static string Text(HttpContext http, string code) => Of(http).Get(code, PrefersEnglish(http));

    public static bool PrefersEnglish(HttpContext http)
    {
        var header = http.Request.Headers.AcceptLanguage.ToString();
        if (string.IsNullOrWhiteSpace(header)) return false;
        // The first listed language decides; anything but English gets Russian.
        var first = header.Split(',')[0].Split(';')[0].Trim();
        return first.StartsWith("en", StringComparison.OrdinalIgnoreCase);
    }
}
