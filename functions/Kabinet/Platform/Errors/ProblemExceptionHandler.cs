using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Kabinet.Platform.Errors;

/// <summary>
/// Turns every exception into ProblemDetails. Request errors raised by the framework
/// (bad JSON, wrong content type, body too large) keep their 4xx; the rest is a 500
/// whose details stay in the log, under the trace id the client sees.
/// </summary>
public sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (http.Response.HasStarted) return false;
        if (exception is BadHttpRequestException bad)
        {
            var (code, extensions) = Classify(bad);
            if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
                await RequestLimits.DrainAsync(http.Request.Body, cancellationToken);
            log.LogInformation("Rejected request {Method} {Path}: {Code}", http.Request.Method, http.Request.Path, code);
            await Problems.Write(http, bad.StatusCode, code, extensions);
            return true;
        }
        if (exception is Kabinet.Auth.ServiceBusyException busy)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(busy.RetryAfter.TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Problems.Write(http, StatusCodes.Status503ServiceUnavailable, "service.busy", new Dictionary<string, object?> { ["retryAfterSeconds"] = seconds });
            return true;
        }
        if (exception is OperationCanceledException && http.RequestAborted.IsCancellationRequested)
            return true; // the client went away; nobody is listening for an answer
        log.LogError(exception, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
        await Problems.Write(http, StatusCodes.Status500InternalServerError, "server.error");
        return true;
    }

    private static (string Code, IDictionary<string, object?>? Extensions) Classify(BadHttpRequestException bad)
    {
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge) return ("request.too_large", null);
        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType) return ("request.unsupported_media_type", null);
        if (bad.InnerException is JsonException json)
            return ("request.malformed_json", json.Path is { Length: > 0 } path
                ? new Dictionary<string, object?> { ["field"] = path.TrimStart('$', '.') }
                : null);
        return ("request.invalid", null);
    }
}
