using Kabinet.LocalHost;

// dotnet run --project functions/Kabinet.LocalHost -- --app-root <dir> [--port 7071] [--settings <local.settings.json>] [--host-id <id>]
string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

var appRoot = Arg("--app-root");
if (appRoot is null)
{
    Console.Error.WriteLine("usage: Kabinet.LocalHost --app-root <dir> [--port 7071] [--settings <path>] [--host-id <id>]");
    return 2;
}

var options = new LocalHostOptions
{
    AppRoot = appRoot,
    Port = Arg("--port") is { } port ? int.Parse(port) : 7071,
    SettingsPath = Arg("--settings"),
    HostId = Arg("--host-id"),
};

var stop = new TaskCompletionSource();
using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });

await using var host = await LocalFunctionsHost.StartAsync(options);
await Task.WhenAny(stop.Task, host.Background);
return 0;
