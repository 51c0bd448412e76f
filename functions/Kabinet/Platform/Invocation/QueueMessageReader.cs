using System.Text.Json;

namespace Kabinet.Platform.Invocation;

public static class QueueMessageReader
{
    /// <summary>
    /// The queue message of an invocation. The host sends the message text JSON-encoded as a
    /// string (<c>"{\"a\":1}"</c>); a host that binds it as an object sends the object itself.
    /// Both are accepted. Returns false when the message is missing or not a valid T.
    /// </summary>
    public static bool TryRead<T>(QueueInvocationRequest request, JsonSerializerOptions options, out T? message, out string? error)
    {
        message = default;
        error = null;
        if (request.Data is not { Count: > 0 })
        {
            error = "Data holds no binding";
            return false;
        }
        var value = request.Data.Values.First();
        try
        {
            message = value.ValueKind == JsonValueKind.String
                ? JsonSerializer.Deserialize<T>(value.GetString()!, options)
                : value.Deserialize<T>(options);
        }
        catch (JsonException ex)
        {
            error = ex.Message;
            return false;
        }
        if (message is null) error = "the message is null";
        return message is not null;
    }
}
