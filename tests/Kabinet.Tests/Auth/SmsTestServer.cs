using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kabinet.Tests.Auth;

/// <summary>One request as the SMS provider received it.</summary>
public sealed record SmsProviderRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string ContentType, string Body);

/// <summary>A stand-in SMS provider: real Kestrel on 127.0.0.1, a free port; records each request and answers <see cref="Status"/>.</summary>
public sealed class SmsTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<SmsProviderRequest> _requests = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private SmsTestServer(WebApplication app) => _app = app;

    public int Status { get; set; } = StatusCodes.Status200OK;
    public Uri Endpoint { get; private set; } = null!;
    public IReadOnlyList<SmsProviderRequest> Requests => _requests.ToList();

    public static async Task<SmsTestServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new SmsTestServer(builder.Build());
        server._app.Run(async http =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            server._requests.Enqueue(new SmsProviderRequest(http.Request.Method, http.Request.Path + http.Request.QueryString,
                http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                http.Request.ContentType ?? "", body));
            http.Response.StatusCode = server.Status;
            await http.Response.WriteAsJsonAsync(new { status = server.Status < 300 ? "ok" : "error" });
            server._arrived.Release();
        });
        await server._app.StartAsync();
        var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Endpoint = new Uri(new Uri(address), "/messaging/v1/SendSMS");
        return server;
    }

    /// <summary>Waits (up to 30 s) until <paramref name="count"/> requests in all have arrived.</summary>
    public async Task<SmsProviderRequest> WaitForAsync(int count = 1)
    {
        while (_requests.Count < count)
            if (!await _arrived.WaitAsync(TimeSpan.FromSeconds(30))) throw new TimeoutException($"no SMS request #{count}");
        return _requests.ToList()[count - 1];
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
