using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Kabinet.LocalHost;

/// <summary>The custom handler executable, started the way the Functions host starts it.</summary>
public sealed class HandlerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ILogger _logger;

    private HandlerProcess(Process process, int port, ILogger logger)
    {
        _process = process;
        Port = port;
        _logger = logger;
    }

    public int Port { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public static async Task<HandlerProcess> StartAsync(FunctionApp app, AppSettings settings, TimeSpan startupTimeout, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("Kabinet.LocalHost.Handler");
        var port = FreePort();
        var exe = Path.GetFullPath(Path.Combine(app.Root, app.Host.ExecutablePath));
        if (!File.Exists(exe) && File.Exists(exe + ".exe")) exe += ".exe";
        var workingDirectory = string.IsNullOrEmpty(app.Host.WorkingDirectory) ? app.Root : Path.GetFullPath(Path.Combine(app.Root, app.Host.WorkingDirectory));

        var start = new ProcessStartInfo(exe)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in app.Host.Arguments) start.ArgumentList.Add(arg);
        foreach (var (name, value) in settings.Values) start.Environment[name] = value;
        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString();
        start.Environment["AZURE_FUNCTIONS_ENVIRONMENT"] = settings.AppEnvironment;

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) logger.LogInformation("{HandlerOutput}", e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) logger.LogWarning("{HandlerOutput}", e.Data); };
        if (!process.Start()) throw new InvalidOperationException($"Could not start the handler '{exe}'.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        logger.LogInformation("Started handler {Executable} (pid {Pid}) on port {Port} in the {Environment} environment", exe, process.Id, port, settings.AppEnvironment);

        var handler = new HandlerProcess(process, port, logger);
        try
        {
            await handler.WaitUntilAnsweringAsync(startupTimeout, cancellationToken);
            return handler;
        }
        catch
        {
            await handler.DisposeAsync();
            throw;
        }
    }

    /// <summary>Polls GET / until the handler answers with any status, as the host does.</summary>
    private async Task WaitUntilAnsweringAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The handler exited with code {_process.ExitCode} before answering GET /.");
            try
            {
                using var _ = await http.GetAsync(BaseAddress, cancellationToken);
                _logger.LogInformation("Handler answers on {BaseAddress} after {ElapsedMs} ms", BaseAddress, deadline.ElapsedMilliseconds);
                return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested) { }
            await Task.Delay(100, cancellationToken);
        }
        throw new TimeoutException($"The handler did not answer GET / on port {Port} within {timeout}.");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _process.WaitForExitAsync(cts.Token);
            }
            _logger.LogInformation("Handler (pid {Pid}) stopped", _process.Id);
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException)
        {
            _logger.LogWarning("Could not stop the handler cleanly: {Error}", ex.Message);
        }
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
