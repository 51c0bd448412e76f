using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kabinet.Platform.Invocation;

/// <summary>
/// The host JSON-encodes a string binding value (<c>JsonConvert.SerializeObject</c>) before it serialises the
/// payload, so a value may arrive wrapped in extra string layers: <c>"\"abc\""</c> for <c>abc</c>, and a number as
/// <c>"1"</c>. These peel such layers; a bounded number of them, so a hostile payload cannot nest without end.
/// </summary>
public static class HostJson
{
    public const int MaxLayers = 3;

    /// <summary>The value under at most <see cref="MaxLayers"/> string layers; false when more remain.</summary>
    public static bool TryPeel(JsonElement value, out JsonElement peeled)
    {
        peeled = value;
        for (var layer = 0; peeled.ValueKind == JsonValueKind.String; layer++)
        {
            if (layer == MaxLayers) return false;
            using var inner = JsonDocument.Parse(peeled.GetString()!);
            peeled = inner.RootElement.Clone();
        }
        return true;
    }

    /// <summary>A string that is itself a JSON string literal loses its quotes, layer by layer; any other string stays.</summary>
    public static string Unquote(string value)
    {
        for (var layer = 0; layer < MaxLayers && IsQuoted(value); layer++)
        {
            try { value = JsonSerializer.Deserialize<string>(value)!; }
            catch (JsonException) { break; }
        }
        return value;
    }

    private static bool IsQuoted(string value) => value.Length >= 2 && value[0] == '"' && value[^1] == '"';
}

/// <summary>A string, unquoted when the host encoded it once more.</summary>
public sealed class HostStringConverter : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String ? HostJson.Unquote(reader.GetString()!) : throw new JsonException("a string was expected");

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>An integer as a number or as a (quoted) string, as the host sends DequeueCount.</summary>
public sealed class HostInt32Converter : JsonConverter<int>
{
    public override int Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number => reader.GetInt32(),
        JsonTokenType.String when int.TryParse(HostJson.Unquote(reader.GetString()!), NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
        _ => throw new JsonException("an integer was expected"),
    };

    public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}

/// <summary>A point in time as an ISO 8601 string, quoted once more or not.</summary>
public sealed class HostDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
        && DateTimeOffset.TryParse(HostJson.Unquote(reader.GetString()!), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : throw new JsonException("a date and time was expected");

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
