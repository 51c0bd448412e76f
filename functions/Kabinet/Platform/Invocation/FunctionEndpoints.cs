using System.Diagnostics;
using System.Text.Json;
using Kabinet.Platform.Errors;
using Kabinet.Platform.Storage;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Kabinet.Platform.Invocation;

/// <summary>
/// Maps queue and timer functions as the host calls them: POST /{FunctionName} with the
/// invocation payload; 2xx with an InvocationResponse on success, anything else makes the host retry.
/// </summary>
public static class FunctionEndpoints
{
    public static RouteHandlerBuilder MapQueueFunction<T>(this IEndpointRouteBuilder app, string name, Func<T, QueueTrigger, Task> handler) =>
        app.MapPost("/" + name, async (HttpContext http, ILoggerFactory loggers, IOptions<JsonOptions> json) =>
        {
            var request = await ReadPayload<QueueInvocationRequest>(http, json.Value.SerializerOptions);
            if (request?.Metadata is null)
                return Problems.Create(http, StatusCodes.Status400BadRequest, "invocation.malformed");
            var log = loggers.CreateLogger("Kabinet.Functions." + name);
            var claims = http.RequestServices.GetRequiredService<ClaimCheck>();
            var (claim, missing) = await claims.ResolveAsync(request, json.Value.SerializerOptions, http.RequestAborted);
            if (missing) return Problems.Create(http, StatusCodes.Status400BadRequest, "invocation.malformed");
            if (!QueueMessageReader.TryRead<T>(request, json.Value.SerializerOptions, out var message, out var error))
            {
                // Not retryable in substance, but answering non-2xx lets the host move it to poison: kept, not lost.
                log.LogWarning("Queue message {MessageId} for {Function} is not a valid {Type}: {Error}", request.Metadata.Id, name, typeof(T).Name, error);
                return Problems.Create(http, StatusCodes.Status400BadRequest, "invocation.malformed");
            }
            var started = Stopwatch.GetTimestamp();
            await handler(message!, new QueueTrigger(name, request.Metadata, http.RequestServices, http.RequestAborted));
            if (claim is not null) await claims.ReleaseAsync(claim);
            log.LogInformation("Function {Function} handled message {MessageId} (dequeue count {DequeueCount}) in {ElapsedMs} ms",
                name, request.Metadata.Id, request.Metadata.DequeueCount, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return Results.Json(InvocationResponse.Empty());
        })
        .WithMetadata(new FunctionMetadata(name, TriggerKind.Queue))
        .ExcludeFromDescription();

    public static RouteHandlerBuilder MapTimerFunction(this IEndpointRouteBuilder app, string name, Func<TimerTrigger, Task> handler) =>
        app.MapPost("/" + name, async (HttpContext http, IOptions<JsonOptions> json) =>
        {
            var request = await ReadPayload<TimerInvocationRequest>(http, json.Value.SerializerOptions);
            if (request?.Data is not { Count: > 0 })
                return Problems.Create(http, StatusCodes.Status400BadRequest, "invocation.malformed");
            await handler(new TimerTrigger(name, request.Data.Values.First(), http.RequestServices, http.RequestAborted));
            return Results.Json(InvocationResponse.Empty());
        })
        .WithMetadata(new FunctionMetadata(name, TriggerKind.Timer))
        .ExcludeFromDescription();

    /// <summary>The route group of an HTTP function: everything under /api/{prefix}.</summary>
    public static RouteGroupBuilder MapHttpFunction(this IEndpointRouteBuilder app, string name, string prefix) =>
        app.MapGroup("/api/" + prefix.Trim('/')).WithMetadata(new FunctionMetadata(name, TriggerKind.Http));

    private static async Task<T?> ReadPayload<T>(HttpContext http, JsonSerializerOptions options)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(http.Request.Body, options, http.RequestAborted);
        }
        catch (JsonException)
        {
            return default;
        }
    }
}
