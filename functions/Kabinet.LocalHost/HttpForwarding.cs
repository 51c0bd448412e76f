using System.Diagnostics;
using Microsoft.AspNetCore.Routing;
using Yarp.ReverseProxy.Forwarder;

namespace Kabinet.LocalHost;

/// <summary>
/// Serves the httpTrigger functions: each one's route (under host.json's routePrefix) and methods become an ASP.NET Core
/// endpoint that forwards the request unchanged to the handler (enableForwardingHttpRequest). Anything else answers 404.
/// </summary>
public static class HttpForwarding
{
    public static void MapHttpFunctions(this WebApplication app, FunctionApp functionApp, AppSettings settings, Uri handlerAddress)
    {
        var forwarder = app.Services.GetRequiredService<IHttpForwarder>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Kabinet.LocalHost.Http");
        var client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            UseCookies = false,
            ActivityHeadersPropagator = null,
        });
        var destination = handlerAddress.GetLeftPart(UriPartial.Authority);
        var requestConfig = new ForwarderRequestConfig
        {
            ActivityTimeout = functionApp.Host.FunctionTimeout ?? TimeSpan.FromMinutes(30),
            Version = System.Net.HttpVersion.Version11, // the handler speaks plain HTTP/1.1; don't try h2c first
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };

        foreach (var function in functionApp.Functions.Where(f => f.TriggerType.Equals("httpTrigger", StringComparison.OrdinalIgnoreCase)))
        {
            if (!functionApp.Host.EnableForwardingHttpRequest)
                throw new NotSupportedException($"Function '{function.Name}': LocalHost only supports customHandler.enableForwardingHttpRequest = true.");

            var route = settings.Resolve(function.Property("route") ?? function.Name).Trim('/');
            var pattern = functionApp.Host.RoutePrefix.Length == 0 ? route : $"{functionApp.Host.RoutePrefix}/{route}";
            var endpoint = app.Map(pattern, async context =>
            {
                var invocationId = Guid.NewGuid();
                logger.LogInformation("Executing 'Functions.{FunctionName}' (Reason='{Reason}', Id={InvocationId})",
                    function.Name, $"HTTP {context.Request.Method} {context.Request.Path}", invocationId);
                var watch = Stopwatch.StartNew();
                var error = await forwarder.SendAsync(context, destination, client, requestConfig, HttpTransformer.Default);
                var succeeded = error == ForwarderError.None && context.Response.StatusCode < 500;
                logger.Log(succeeded ? LogLevel.Information : LogLevel.Error,
                    "Executed 'Functions.{FunctionName}' ({Outcome}, Id={InvocationId}, Duration={DurationMs}ms): {StatusCode} {ForwarderError}",
                    function.Name, succeeded ? "Succeeded" : "Failed", invocationId, watch.ElapsedMilliseconds, context.Response.StatusCode, error);
            }).WithDisplayName($"Functions.{function.Name}");
            if (function.Methods is { } methods) endpoint.WithMetadata(new HttpMethodMetadata(methods));
            logger.LogInformation("{FunctionName}: [{Methods}] http://localhost/{Pattern}", function.Name, string.Join(",", function.Methods ?? ["ALL"]), pattern);
        }

        // Routes of no function, wrong methods, and everything outside the prefix: 404, as the host answers.
        app.Map("{**path}", context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }).WithOrder(int.MaxValue);
    }
}
