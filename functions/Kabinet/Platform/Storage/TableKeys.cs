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

    private static bool NeedsEscape(char c) => c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c);
}
