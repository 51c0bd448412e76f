using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Kabinet.LocalHost;

/// <summary>A dev-only stand-in for the Azure Functions host running a custom handler app. See README.md.</summary>
public static partial class LocalFunctionsHost
{
    public static async Task<RunningLocalHost> StartAsync(LocalHostOptions options, CancellationToken cancellationToken = default)
    {
        var functionApp = FunctionApp.Load(options.AppRoot);
        var settings = AppSettings.Load(options.SettingsPath ?? Path.Combine(functionApp.Root, "local.settings.json"));
        var hostId = options.HostId ?? settings.Get("AzureFunctionsWebHost__hostid") ?? DeriveHostId(functionApp.Root);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = settings.AppEnvironment });
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; });
        // Its own invocation log says what matters; the proxy and the server framework only at warnings.
        builder.Logging.AddFilter("Yarp", LogLevel.Warning).AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, options.Port));
        builder.Services.AddHttpForwarder();
        var app = builder.Build();
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();
        var logger = loggers.CreateLogger("Kabinet.LocalHost");
        logger.LogInformation("App root {AppRoot}: {FunctionCount} functions, host id {HostId}", functionApp.Root, functionApp.Functions.Count, hostId);

        var handler = await HandlerProcess.StartAsync(functionApp, settings, options.HandlerStartupTimeout, loggers, cancellationToken);
        var stopping = new CancellationTokenSource();
        var background = new List<Task>();
        try
        {
            app.MapHttpFunctions(functionApp, settings, handler.BaseAddress);
            await app.StartAsync(cancellationToken);

            var invocations = new HttpClient
            {
                BaseAddress = handler.BaseAddress,
                Timeout = functionApp.Host.FunctionTimeout ?? Timeout.InfiniteTimeSpan,
            };
            var invoker = new FunctionInvoker(invocations, loggers.CreateLogger<FunctionInvoker>());
            foreach (var function in functionApp.Functions)
            {
                // The real host's switch: the app setting AzureWebJobs.<name>.Disabled = true stops a trigger without a redeploy.
                if (settings.Get($"AzureWebJobs.{function.Name}.Disabled") is { } off && (off == "1" || off.Equals("true", StringComparison.OrdinalIgnoreCase)))
                {
                    logger.LogInformation("Function {FunctionName} is disabled by its app setting", function.Name);
                    continue;
                }
                if (function.TriggerType.Equals("queueTrigger", StringComparison.OrdinalIgnoreCase))
                {
                    var listener = QueueListener.Create(function, settings, functionApp.Host.Queues, options.QueueMessageLease, invoker, loggers);
                    background.Add(Task.Run(() => listener.RunAsync(stopping.Token), CancellationToken.None));
                }
                else if (function.TriggerType.Equals("timerTrigger", StringComparison.OrdinalIgnoreCase))
                {
                    var timer = TimerScheduler.Create(function, settings, hostId, options, invoker, loggers);
                    background.Add(Task.Run(() => timer.RunAsync(stopping.Token), CancellationToken.None));
                }
                else if (!function.TriggerType.Equals("httpTrigger", StringComparison.OrdinalIgnoreCase))
                {
                    logger.LogWarning("Function {FunctionName}: trigger type {TriggerType} is not supported by LocalHost; skipped", function.Name, function.TriggerType);
                }
            }

            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var port = new Uri(address).Port;
            logger.LogInformation("LocalHost listening on http://127.0.0.1:{Port}/ (handler on {HandlerPort})", port, handler.Port);
            return new RunningLocalHost(app, handler, stopping, background, port, hostId, invocations);
        }
        catch
        {
            await stopping.CancelAsync();
            await handler.DisposeAsync();
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>The app root's folder name (skipping bin/&lt;Configuration&gt;/&lt;tfm&gt; of a build output), lower case, as a host id.</summary>
    public static string DeriveHostId(string appRoot)
    {
        var parts = Path.GetFullPath(appRoot).TrimEnd(Path.DirectorySeparatorChar).Split(Path.DirectorySeparatorChar);
        var bin = Array.LastIndexOf(parts, "bin");
        var name = bin > 0 ? parts[bin - 1] : parts[^1];
        var id = NotHostIdChars().Replace(name.ToLowerInvariant(), "-").Trim('-');
        return id.Length > 32 ? id[..32] : id.Length == 0 ? "localhost" : id;
    }

    [GeneratedRegex("[^a-z0-9-]")]
    private static partial Regex NotHostIdChars();
}

/// <summary>A started LocalHost. Dispose to stop the listeners and timers, the HTTP server and the handler process.</summary>
public sealed class RunningLocalHost(
    WebApplication app, HandlerProcess handler, CancellationTokenSource stopping, List<Task> background, int port, string hostId, HttpClient invocations)
    : IAsyncDisposable
{
    public int Port { get; } = port;
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");
    public int HandlerPort => handler.Port;
    public string HostId { get; } = hostId;

    /// <summary>Completes if a queue listener or timer loop dies unexpectedly (they only end when stopped).</summary>
    public Task Background => Task.WhenAll(background);

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await stopping.CancelAsync();
        try { await Task.WhenAll(background).WaitAsync(TimeSpan.FromSeconds(1)); }
        catch (Exception ex) { app.Logger.LogWarning("A listener did not stop cleanly: {Error}", ex.Message); }
        using (var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(1))) await app.StopAsync(stopTimeout.Token);
        await app.DisposeAsync();
        await handler.DisposeAsync();
        invocations.Dispose();
        stopping.Dispose();
    }
}
