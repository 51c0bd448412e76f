using System.Net.Http.Json;
using System.Text.Json;
using Kabinet.Accounts;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Operators;

/// <summary>
/// Hostile files, generated and streamed to the imports container, then referenced: each ends in a clear state
/// with a clear code, and the handler that processes them (the shared LocalHost's process) stays under 300 MB.
/// Not run in parallel with other classes, so the memory figure is about these files.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class HostileImportTests
{
    private const double MaxHandlerMiB = 300;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(240);
    private static ImportApp _app = null!;

    [ClassInitialize]
    public static async Task Start(TestContext _) => _app = await ImportApp.StartAsync();

    [ClassCleanup]
    public static void Stop() => _app.Dispose();

    private static async Task<JsonElement> RunBlobAsync(string kind, string blob)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var status = await _app.RunAsync(JsonContent.Create(new { kind, blob }), Patience);
        Console.WriteLine($"{blob}: {status.GetProperty("status").GetString()} in {watch.Elapsed.TotalSeconds:F1} s");
        return status;
    }

    [TestMethod]
    public async Task Hostile_files_end_with_clear_codes_while_the_handler_stays_under_300_MB()
    {
        var p = await TestData.ProviderAsync(_app);
        var pid = HandlerMemory.FindPid((await SharedKabinetHost.GetAsync()).HandlerPort);
        var reset = HandlerMemory.ResetPeak(pid);
        var start = HandlerMemory.Read(pid);
        double sampled = 0;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                sampled = Math.Max(sampled, HandlerMemory.Read(pid).RssMiB);
                try { await Task.Delay(100, stop.Token); } catch (OperationCanceledException) { }
            }
        });

        // A 10 MB single line between two good rows: that row is rejected, the others load.
        var longLine = await HostileUploads.UploadAsync(".csv", ($"providerId,number\n{p},L-1\n", 1), ("x", 10_000_000), ($"\n{p},L-2\n", 1));
        var s1 = await RunBlobAsync("accounts", longLine);
        ImportAssert.Done(s1, accepted: 2, rejected: 1);
        Assert.AreEqual((2, "import.record_too_long", (string?)"> 65536 bytes"), ImportAssert.Errors(s1).Single());
        Assert.AreEqual(3, s1.GetProperty("errors")[0].GetProperty("line").GetInt32());
        Assert.IsNotNull(await ImportStorage.FindAsync("accounts", AccountIds.For(p, "L-2"), "account"));

        // An unclosed quote at the start of the first row, 30 MB of rows after it: one row rejected, the file ends there.
        var unclosed = await HostileUploads.UploadAsync(".csv", ($"providerId,number\n{p},Q-0\n\"", 1), ($"{p},Q-1\n", 30_000_000 / (p.Length + 5)));
        var s2 = await RunBlobAsync("accounts", unclosed);
        ImportAssert.Done(s2, accepted: 1, rejected: 1);
        Assert.AreEqual((2, "import.csv_unterminated_quote", (string?)null), ImportAssert.Errors(s2).Single());

        // A 100,000-column header: the file fails before any row.
        var wide = await HostileUploads.UploadAsync(".csv", ("providerId,number", 1), (",column", 100_000), ($"\n{p},W-1\n", 1));
        ImportAssert.Failed(await RunBlobAsync("accounts", wide), "import.header_too_long");

        // 50 MB of JSON: two good accounts, then one 50 MB element. JSON is checked as a whole before a row loads.
        var json = await HostileUploads.UploadAsync(".json",
            ($"{{\"accounts\":[{{\"providerId\":\"{p}\",\"number\":\"J-1\"}},{{\"providerId\":\"{p}\",\"number\":\"J-2\"}},{{\"providerId\":\"{p}\",\"number\":\"J-3\",\"holderName\":\"", 1),
            ("y", 50_000_000), ("\"}]}", 1));
        var s4 = await RunBlobAsync("", json);
        ImportAssert.Failed(s4, "import.record_too_long");
        StringAssert.Contains(s4.GetProperty("failure").GetProperty("detail").GetString(), "accounts[3]");

        // 50 MB of JSON in a few huge elements of small tokens ({"kind","rows"}): the same, the buffer never grows with them.
        var tokens = await HostileUploads.UploadAsync(".json",
            ($"{{\"kind\":\"accounts\",\"rows\":[{{\"providerId\":\"{p}\",\"number\":\"T-1\"}},{{\"providerId\":\"{p}\",", 1),
            ("\"x\":[1,2,3,4,5,6,7,8,9],", 2_000_000), ("\"number\":\"T-2\"}]}", 1));
        var s5 = await RunBlobAsync("", tokens);
        ImportAssert.Failed(s5, "import.record_too_long");
        StringAssert.Contains(s5.GetProperty("failure").GetProperty("detail").GetString(), "rows[2]");

        await stop.CancelAsync();
        await sampler;
        var end = HandlerMemory.Read(pid);
        var peak = reset ? end.PeakMiB : Math.Max(sampled, end.RssMiB);
        Console.WriteLine($"handler pid {pid}: RSS {start.RssMiB:F0} MiB before, {end.RssMiB:F0} MiB after; peak {(reset ? "VmHWM since reset" : "sampled RSS")} {peak:F0} MiB (sampled max {sampled:F0} MiB) over 10 MB + 30 MB CSV, 700 KB header, 2 × 50 MB JSON");
        Assert.IsTrue(peak < MaxHandlerMiB, $"handler peak {peak:F0} MiB");
    }
}
