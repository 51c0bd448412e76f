using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kabinet.Platform.Json;

/// <summary>Every string the app deserializes, values and dictionary keys alike, is valid UTF-16 or the body is refused.</summary>
public sealed class ValidStringConverter : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ValidText.Read(ref reader);

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ValidText.Read(ref reader);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);
}

/// <summary>A <see cref="JsonElement"/> in a request (e.g. a reading's <c>values</c>) holds only valid UTF-16 names and strings.</summary>
public sealed class ValidJsonElementConverter : JsonConverter<JsonElement>
{
    public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var element = JsonElement.ParseValue(ref reader);
        if (ValidText.FindInvalid(element) is { } path)
            throw new InvalidTextException($"The string at '{path}' is not valid UTF-16 (a lone surrogate).");
        return element;
    }

    public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options) => value.WriteTo(writer);
}
