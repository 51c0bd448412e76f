using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Kabinet.LocalHost;

/// <summary>POSTs an invocation payload to the handler at /{FunctionName} and logs the outcome, like the host's HTTP worker.</summary>
public sealed class FunctionInvoker(HttpClient http, ILogger<FunctionInvoker> logger)
{
    /// <returns>True when the handler answered 2xx.</returns>
    public async Task<bool> InvokeAsync(string functionName, string reason, Guid invocationId, byte[] payload, CancellationToken cancellationToken)
    {
        logger.LogInformation("Executing 'Functions.{FunctionName}' (Reason='{Reason}', Id={InvocationId})", functionName, reason, invocationId);
        var watch = Stopwatch.StartNew();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, functionName) { Content = new ByteArrayContent(payload) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add("X-Azure-Functions-InvocationId", invocationId.ToString());
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            LogHandlerLogs(functionName, invocationId, body);
            var ok = response.IsSuccessStatusCode;
            if (ok)
                logger.LogInformation("Executed 'Functions.{FunctionName}' ({Outcome}, Id={InvocationId}, Duration={DurationMs}ms)", functionName, "Succeeded", invocationId, watch.ElapsedMilliseconds);
            else
                logger.LogError("Executed 'Functions.{FunctionName}' ({Outcome}, Id={InvocationId}, Duration={DurationMs}ms): handler answered {StatusCode}", functionName, "Failed", invocationId, watch.ElapsedMilliseconds, (int)response.StatusCode);
            return ok;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Executed 'Functions.{FunctionName}' ({Outcome}, Id={InvocationId}, Duration={DurationMs}ms)", functionName, "Failed", invocationId, watch.ElapsedMilliseconds);
            return false;
        }
    }

    /// <summary>The handler may return log lines in the response's Logs array; the host writes them to its log.</summary>
    private void LogHandlerLogs(string functionName, Guid invocationId, string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("Logs", out var logs) && logs.ValueKind == JsonValueKind.Array)
                foreach (var line in logs.EnumerateArray())
                    logger.LogInformation("Functions.{FunctionName} (Id={InvocationId}): {HandlerLog}", functionName, invocationId, line.ToString());
        }
        catch (JsonException) { }
    }
}
