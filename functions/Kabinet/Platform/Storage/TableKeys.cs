using System.Text;

namespace Kabinet.Platform.Storage;

/// <summary>Keys built from what clients send: Table storage forbids '/', '\', '#', '?' and control characters in them.</summary>
public static class TableKeys
{
    /// <summary>Percent-escapes the forbidden characters (and '%' itself, so distinct values stay distinct).</summary>
    public static string Escape(string value)
    {
        if (!value.Any(NeedsEscape)) return value;
        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
            if (NeedsEscape(c)) builder.Append('%').Append(((int)c).ToString("X2"));
            else builder.Append(c);
        return builder.ToString();
    }

    /// <summary>Ids this app generates are base64url or hex: anything else cannot name a row, so it is not looked up.</summary>
    public static bool IsId(string? id, int maxLength = 64) =>
        !string.IsNullOrEmpty(id) && id.Length <= maxLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>Client-given keys used as they are (provider ids, meter serials, cursors) are at most this long.</summary>
    public const int MaxClientKeyLength = 100;

    /// <summary>What Table storage refuses in a key.</summary>
    public static bool IsForbidden(char c) => c is '/' or '\\' or '#' or '?' || char.IsControl(c);

    /// <summary>The one check of a client-given value used as a key as it is: 1 to <paramref name="maxLength"/> characters, none forbidden.</summary>
    public static bool IsSafe(string? key, int maxLength = MaxClientKeyLength) =>
        key is { Length: > 0 } && key.Length <= maxLength && !key.Any(IsForbidden);

    private static bool NeedsEscape(char c) => c == '%' || IsForbidden(c);
}
