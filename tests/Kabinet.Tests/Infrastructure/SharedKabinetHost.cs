using System.Text.Json;
using Kabinet.LocalHost;

namespace Kabinet.Tests.Infrastructure;

/// <summary>
/// One Kabinet app root behind Kabinet.LocalHost for the whole test run, on the run's Azurite and
/// MailDev. Besides serving HTTP end to end, it works the queues (codes, email) for every test:
/// in-process apps (KabinetFactory) share its storage, so a code they enqueue is delivered by it.
/// </summary>
public static class SharedKabinetHost
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static RunningLocalHost? _host;

    public static async Task<RunningLocalHost> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _host ??= await StartAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    public static async Task<HttpClient> ClientAsync() => new() { BaseAddress = (await GetAsync()).BaseAddress };

    public static async Task StopAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        _host = null;
    }

    private static async Task<RunningLocalHost> StartAsync()
    {
        var settings = Path.Combine(Path.GetTempPath(), TestEnvironment.UniqueName("kabinet-settings") + ".json");
        await File.WriteAllTextAsync(settings, JsonSerializer.Serialize(new
        {
            IsEncrypted = false,
            Values = new Dictionary<string, string>
            {
                ["FUNCTIONS_WORKER_RUNTIME"] = "custom",
                ["AzureWebJobsStorage"] = TestEnvironment.StorageConnectionString,
                // Tests run on the real clock: the hourly close would bill their accounts at random; billing tests invoke it themselves.
                ["AzureWebJobs.CloseDuePeriods.Disabled"] = "true",
                // Likewise the payments re-check: its tests drive it on their own clock and tables.
                ["AzureWebJobs.RecheckPayments.Disabled"] = "true",
                ["Smtp__Host"] = "127.0.0.1",
                ["Smtp__Port"] = TestEnvironment.SmtpPort.ToString(),
                ["Smtp__Security"] = "None",
                ["Auth__SigningKey"] = TestEnvironment.SigningKey,
                ["Auth__PasswordHashWaitMilliseconds"] = "60000",
                ["Auth__PasswordIterations"] = TestEnvironment.PasswordIterations.ToString(),
            },
        }));
        return await LocalFunctionsHost.StartAsync(new LocalHostOptions
        {
            AppRoot = RepoPaths.BuildOutput("functions/Kabinet"),
            Port = 0,
            SettingsPath = settings,
            HostId = TestEnvironment.UniqueName("kabinet"),
        });
    }
}

[TestClass]
public static class AssemblyHooks
{
    [AssemblyCleanup]
    public static Task StopSharedHost() => SharedKabinetHost.StopAsync();
}
