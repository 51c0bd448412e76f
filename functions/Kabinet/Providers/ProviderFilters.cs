namespace Kabinet.Providers;

/// <summary>The query of GET /providers.</summary>
public static class ProviderFilters
{
    /// <summary><c>?mine=</c>: true or false in any case, absent or empty is false; anything else (a repeated one too) is null.</summary>
    public static bool? ParseMine(string? text) =>
        string.IsNullOrEmpty(text) ? false
        : text.Equals("true", StringComparison.OrdinalIgnoreCase) ? true
        : text.Equals("false", StringComparison.OrdinalIgnoreCase) ? false
        : null;
}
