using System.Net;
using Kabinet.Operators;
using Kabinet.Platform.Invocation;
using Kabinet.Tests.Auth;
using Kabinet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Kabinet.Tests.Operators;

/// <summary>
/// A run nobody works on any more (cancelled, timed out, host gone) ends failed with import.interrupted instead of
/// "running" forever, and POST /imports/{id}/restart goes on from the next uncommitted chunk, once.
/// </summary>
[TestClass]
public sealed class ImportRestartTests
{
    private static ImportApp _app = null!;
    /// <summary>An app for which any queued or running import is already stale (Imports:StaleAfter = 1 ms).</summary>
    private static ImportApp _impatient = null!;

    [ClassInitialize]
    public static async Task Start(TestContext _)
    {
        _app = await ImportApp.StartAsync();
        _impatient = await ImportApp.StartAsync(new Dictionary<string, string?> { ["Imports:StaleAfter"] = "00:00:00.001" });
    }

    [ClassCleanup]
    public static void Stop()
    {
        _app.Dispose();
        _impatient.Dispose();
    }

    private static Task<HttpResponseMessage> RestartAsync(ImportApp app, string id) => app.Client.PostAsync($"/api/operator/imports/{id}/restart", null);

    [TestMethod]
    public async Task A_stale_running_import_shows_interrupted_and_concurrent_restarts_resume_it_once()
    {
        var p = await TestData.ProviderAsync(_app);
        var id = TestEnvironment.UniqueName("imp");
        await ImportIdempotencyTests.PrepareByHandAsync(id, p, ["S-1", "S-2", "S-3"]); // "running", no message: its invocation is gone
        await Task.Delay(20);

        var stale = await _impatient.GetAsync(id);

        ImportAssert.Failed(stale, "import.interrupted");
        StringAssert.Contains(stale.GetProperty("failure").GetProperty("detail").GetString(), "chunk 0 of 3");
        var restarts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => RestartAsync(_app, id)));
        // Each answers 202 (a late one may find the resumed run already done: 409).
        Assert.IsTrue(restarts.All(r => r.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.Conflict), string.Join(", ", restarts.Select(r => r.StatusCode)));
        Assert.IsTrue(restarts.Any(r => r.StatusCode == HttpStatusCode.Accepted));
        var done = await _app.WaitAsync(id);
        ImportAssert.Done(done, 3);
        Assert.AreEqual(1, done.GetProperty("restarts").GetInt32(), "one restart won; the others saw it running");
        Assert.IsTrue(done.GetProperty("failure").ValueKind == System.Text.Json.JsonValueKind.Null);

        await (await RestartAsync(_app, id)).AssertProblem(HttpStatusCode.Conflict, "import.not_restartable");
        await (await RestartAsync(_app, "nosuchimport")).AssertProblem(HttpStatusCode.NotFound, "import.not_found");
    }

    [TestMethod]
    public async Task A_cancelled_invocation_marks_the_import_interrupted_and_a_restart_finishes_it()
    {
        var p = await TestData.ProviderAsync(_app);
        var id = TestEnvironment.UniqueName("imp");
        await ImportIdempotencyTests.PrepareByHandAsync(id, p, ["C-1", "C-2"]);
        var processor = _app.Factory.Services.GetRequiredService<ImportProcessor>();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var trigger = new QueueTrigger("ImportData", new QueueMessageMetadata(1, "m1", null, null, null, null, null), _app.Factory.Services, cancelled.Token);

        await Assert.ThrowsAsync<OperationCanceledException>(() => processor.HandleAsync(new ImportMessage(id, 0), trigger));

        var status = await _app.GetAsync(id);
        ImportAssert.Failed(status, "import.interrupted");
        Assert.AreEqual(0, status.GetProperty("rowsDone").GetInt32());
        // The retry of the cancelled message finds it failed and does nothing; the operator restarts it.
        Assert.AreEqual(HttpStatusCode.OK, (await _app.Client.PostAsync("/ImportData", ImportIdempotencyTests.Invocation(new { importId = id, chunk = 0 }, 2))).StatusCode);
        Assert.AreEqual("failed", (await _app.GetAsync(id)).GetProperty("status").GetString());
        Assert.AreEqual(HttpStatusCode.Accepted, (await RestartAsync(_app, id)).StatusCode);
        ImportAssert.Done(await _app.WaitAsync(id), 2);
    }

    [TestMethod]
    public async Task A_file_that_failed_is_restarted_from_the_start_once_it_is_fixed()
    {
        var p = await TestData.ProviderAsync(_app);
        var blob = await ImportStorage.UploadAsync($"providerId,number\n{p},X-1\n");
        var container = new Azure.Storage.Blobs.BlobServiceClient(TestEnvironment.StorageConnectionString).GetBlobContainerClient("imports");
        var name = blob["imports/".Length..];
        var id = await _app.StartAsync(System.Net.Http.Json.JsonContent.Create(new { kind = "accounts", blob }));
        await container.GetBlobClient(name).DeleteIfExistsAsync();
        var first = await _app.WaitAsync(id);
        if (first.GetProperty("status").GetString() == "done") return; // processed before the delete: nothing to restart
        ImportAssert.Failed(first, "import.source_missing");

        await container.GetBlobClient(name).UploadAsync(BinaryData.FromString($"providerId,number\n{p},X-1\n{p},X-2\n"));
        Assert.AreEqual(HttpStatusCode.Accepted, (await RestartAsync(_app, id)).StatusCode);

        ImportAssert.Done(await _app.WaitAsync(id), 2);
    }
}
