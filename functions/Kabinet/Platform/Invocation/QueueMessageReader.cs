using System.Text.Json;

namespace Kabinet.Platform.Invocation;

public static class QueueMessageReader
{
    /// <summary>
    /// The queue message of an invocation. The host sends the message text as a JSON string
    /// (<c>"{\"a\":1}"</c>), or JSON-encodes that text once more before serialising the payload
    /// (<c>"\"{\\\"a\\\":1}\""</c>); a host that binds it as an object sends the object itself.
    /// All are accepted (see HostJson). Returns false when the message is missing or not a valid T.
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
            if (!HostJson.TryPeel(value, out var peeled))
            {
                error = $"the message is wrapped in more than {HostJson.MaxLayers} string layers";
                return false;
            }
            message = peeled.Deserialize<T>(options);
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
