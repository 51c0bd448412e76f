using System.Text.Json;
using Kabinet.LocalHost;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.LocalHost;

/// <summary>Starts LocalHost on tests/TestHandler's build output, with per-test queue names and a per-test record file.</summary>
public sealed class TestHandlerApp : IAsyncDisposable
{
    /// <summary>A schedule that never comes due during a test.</summary>
    public const string NeverSchedule = "0 0 0 1 1 *";

    private readonly string _settingsFile;

    private TestHandlerApp(RunningLocalHost host, string recordFile, string settingsFile, IReadOnlyDictionary<string, string> settings)
    {
        Host = host;
        RecordFile = recordFile;
        _settingsFile = settingsFile;
        Settings = settings;
    }

    public RunningLocalHost Host { get; }
    public string RecordFile { get; }
    public IReadOnlyDictionary<string, string> Settings { get; }
    public string SucceedQueue => Settings["SucceedQueue"];
    public string FailQueue => Settings["FailQueue"];
    public string SlowQueue => Settings["SlowQueue"];

    public static string AppRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Functions.sln"))) dir = dir.Parent;
            if (dir is null) throw new InvalidOperationException("Repository root (Functions.sln) not found above the test assembly.");
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
            return Path.Combine(dir.FullName, "tests", "TestHandler", "bin", configuration, "net10.0");
        }
    }

    public static async Task<TestHandlerApp> StartAsync(
        string hostId,
        Dictionary<string, string>? settings = null,
        Func<LocalHostOptions, LocalHostOptions>? configure = null)
    {
        var values = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = TestEnvironment.StorageConnectionString,
            ["FUNCTIONS_WORKER_RUNTIME"] = "custom",
            ["SucceedQueue"] = TestEnvironment.UniqueName("succeed"),
            ["FailQueue"] = TestEnvironment.UniqueName("fail"),
            ["SlowQueue"] = TestEnvironment.UniqueName("slow"),
            ["TickSchedule"] = NeverSchedule,
            ["RecordFile"] = Path.Combine(Path.GetTempPath(), TestEnvironment.UniqueName("records") + ".jsonl"),
        };
        foreach (var (k, v) in settings ?? []) values[k] = v;

        var settingsFile = Path.Combine(Path.GetTempPath(), TestEnvironment.UniqueName("settings") + ".json");
        await File.WriteAllTextAsync(settingsFile, JsonSerializer.Serialize(new { IsEncrypted = false, Values = values }));
        var options = new LocalHostOptions
        {
            AppRoot = AppRoot,
            Port = 0,
            SettingsPath = settingsFile,
            HostId = hostId,
            TimerLeaseRetry = TimeSpan.FromSeconds(1),
        };
        var host = await LocalFunctionsHost.StartAsync(configure?.Invoke(options) ?? options);
        return new TestHandlerApp(host, values["RecordFile"], settingsFile, values);
    }

    public IReadOnlyList<Invocation> Invocations(string function) => ReadInvocations(RecordFile).Where(i => i.Function == function).ToList();

    public static IReadOnlyList<Invocation> ReadInvocations(string recordFile)
    {
        if (!File.Exists(recordFile)) return [];
        using var stream = new FileStream(recordFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonSerializer.Deserialize<Invocation>(line)!).ToList();
    }

    public async Task<IReadOnlyList<Invocation>> WaitForInvocationsAsync(string function, int count, TimeSpan timeout)
    {
        var result = await Eventually.WaitAsync(() => Invocations(function), list => list.Count >= count, timeout);
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync(); // idempotent
        File.Delete(_settingsFile);
        File.Delete(RecordFile);
    }
}

public sealed record Invocation(string Function, string Instance, string Body, string? Message, int? DequeueCount, bool? IsPastDue, DateTimeOffset At)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}

public static class Eventually
{
    public static async Task<T> WaitAsync<T>(Func<T> probe, Func<T, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = probe();
            if (done(value) || DateTime.UtcNow > deadline) return value;
            await Task.Delay(100);
        }
    }

    public static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await probe();
            if (done(value) || DateTime.UtcNow > deadline) return value;
            await Task.Delay(100);
        }
    }
}
