using System.Text.Json;

namespace Kabinet.Platform.Json;

/// <summary>
/// A JSON string whose <c>\u</c> escapes make invalid UTF-16 (a lone surrogate such as <c>"\ud800"</c>). Raw bytes cannot
/// do it (the reader refuses invalid UTF-8 and .NET's UTF-8 decoding of paths, queries and forms yields U+FFFD), so
/// JSON escapes are the one way such text gets in; it would throw later, far from the edge, in any code that reads it.
/// </summary>
public sealed class InvalidTextException(string message) : JsonException(message);

/// <summary>
/// Pure checks for well-formed UTF-16. Such a body is answered as malformed JSON: I-JSON (RFC 7493 §2.1) forbids unpaired
/// surrogates, and the serializer itself refuses them in dictionary keys before any converter is asked.
/// </summary>
public static class ValidText
{
    public const string Code = "request.malformed_json";

    /// <summary>True when every surrogate in <paramref name="text"/> is half of a pair.</summary>
    public static bool IsValid(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsSurrogate(text[i])) continue;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            return false;
        }
        return true;
    }

    /// <summary>
    /// The path (<c>values.T1</c>, <c>rows[2]</c>) of the first property name or string in <paramref name="element"/> that is not
    /// valid UTF-16; null when all are. For code that parses with <see cref="JsonDocument"/> instead of the app's serializer options.
    /// </summary>
    public static string? FindInvalid(JsonElement element, string path = "")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return Readable(element) ? null : path;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try { name = property.Name; }
                    catch (InvalidOperationException) { return path; }
                    if (!IsValid(name)) return path;
                    if (FindInvalid(property.Value, path.Length == 0 ? name : path + "." + name) is { } found) return found;
                }
                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindInvalid(item, $"{path}[{index}]") is { } found) return found;
                    index++;
                }
                return null;
            default:
                return null;
        }
    }

    private static bool Readable(JsonElement element)
    {
        try { return IsValid(element.GetString()); }
        catch (InvalidOperationException) { return false; }
    }

    /// <summary>The reader's current string token, or <see cref="InvalidTextException"/> when it is not valid UTF-16.</summary>
    public static string Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
            throw new JsonException($"Expected a string, got {reader.TokenType}.");
        string? text;
        try { text = reader.GetString(); }
        catch (InvalidOperationException) { throw new InvalidTextException("The string is not valid UTF-16 (a lone surrogate)."); }
        if (!IsValid(text)) throw new InvalidTextException("The string is not valid UTF-16 (a lone surrogate).");
        return text!;
    }
}
