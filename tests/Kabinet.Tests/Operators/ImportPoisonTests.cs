using System.Net;
using System.Net.Http.Json;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Operators;

/// <summary>
/// Messages that cannot be processed: a message that is not an import message goes to imports-poison (kept for
/// inspection); one for an import that does not exist is dropped with a log; a chunk that keeps failing marks the
/// import failed on its last try. None of it disturbs a real import.
/// </summary>
[TestClass]
public sealed class ImportPoisonTests
{
    private static ImportApp _app = null!;

    [ClassInitialize]
    public static async Task Start(TestContext _) => _app = await ImportApp.StartAsync();

    [ClassCleanup]
    public static void Stop() => _app.Dispose();


    [TestMethod]
    public async Task Bad_messages_go_to_poison_or_are_dropped_and_a_real_import_still_completes()
    {
        var marker = TestEnvironment.UniqueName("garbage");
        var missing = TestEnvironment.UniqueName("missing");
        await TestEnvironment.Queue("imports").SendMessageAsync($"{{\"importId\": [\"{marker}\"]"); // not JSON
        await TestEnvironment.Queue("imports").SendMessageAsync($"{{\"importId\": \"{missing}\", \"chunk\": 0}}"); // no such import
        var p = await TestData.ProviderAsync(_app);

        ImportAssert.Done(await _app.ImportCsvAsync("accounts", $"providerId,number\n{p},P-1\n{p},P-2\n"), 2);

        var poison = TestEnvironment.Queue("imports-poison");
        var deadline = DateTime.UtcNow.AddSeconds(90);
        var found = false;
        while (!found && DateTime.UtcNow < deadline)
        {
            var peeked = await poison.PeekMessagesAsync(32);
            found = peeked.Value.Any(m => m.Body.ToString().Contains(marker));
            if (!found) await Task.Delay(500);
        }
        Assert.IsTrue(found, "the malformed message reached imports-poison after its retries");
        var all = (await poison.PeekMessagesAsync(32)).Value;
        Assert.IsFalse(all.Any(m => m.Body.ToString().Contains(missing)), "a message for a missing import is dropped, not retried into poison");
    }

    [TestMethod]
    public async Task A_malformed_invocation_is_refused_so_the_host_retries_then_poisons_it()
    {
        var response = await _app.Client.PostAsync("/ImportData", ImportIdempotencyTests.Invocation("not an object", 1));
        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        var dropped = await _app.Client.PostAsync("/ImportData", ImportIdempotencyTests.Invocation(new { importId = "no/such?id", chunk = 0 }, 1));
        Assert.AreEqual(HttpStatusCode.OK, dropped.StatusCode);
    }

    [TestMethod]
    public async Task A_chunk_that_keeps_failing_marks_the_import_failed_on_the_last_try()
    {
        var p = await TestData.ProviderAsync(_app);
        var id = TestEnvironment.UniqueName("imp");
        await ImportIdempotencyTests.PrepareByHandAsync(id, p, ["F-1", "F-2"], skipChunkBlob: "0"); // chunk 0's blob is gone

        for (var dequeueCount = 1; dequeueCount <= 4; dequeueCount++)
        {
            var retry = await _app.Client.PostAsync("/ImportData", ImportIdempotencyTests.Invocation(new { importId = id, chunk = 0 }, dequeueCount));
            Assert.AreEqual(HttpStatusCode.InternalServerError, retry.StatusCode, "a failure the host should retry");
            Assert.AreEqual("running", (await _app.GetAsync(id)).GetProperty("status").GetString());
        }
        var last = await _app.Client.PostAsync("/ImportData", ImportIdempotencyTests.Invocation(new { importId = id, chunk = 0 }, 5));

        Assert.AreEqual(HttpStatusCode.InternalServerError, last.StatusCode, "still a failure: the message goes to poison");
        var status = await _app.GetAsync(id);
        ImportAssert.Failed(status, "import.processing_failed");
        Assert.IsNotNull(status.GetProperty("finishedAt").GetString());
        // Later messages for a failed import do nothing.
        Assert.AreEqual(HttpStatusCode.OK, (await _app.Client.PostAsync("/ImportData", ImportIdempotencyTests.Invocation(new { importId = id, chunk = 1 }, 1))).StatusCode);
        Assert.AreEqual(0, (await _app.GetAsync(id)).GetProperty("rowsDone").GetInt32());
    }

    [TestMethod]
    public async Task A_source_blob_deleted_before_processing_fails_the_import()
    {
        var p = await TestData.ProviderAsync(_app);
        var blob = await ImportStorage.UploadAsync($"providerId,number\n{p},Z-1\n");
        // Referenced, then removed before the queue picks it up: the import fails with a reason, not a poison message.
        var container = new Azure.Storage.Blobs.BlobServiceClient(TestEnvironment.StorageConnectionString).GetBlobContainerClient("imports");
        var response = await _app.Client.PostAsJsonAsync("/api/operator/imports", new { kind = "accounts", blob });
        Assert.AreEqual(HttpStatusCode.Accepted, response.StatusCode);
        await container.GetBlobClient(blob["imports/".Length..]).DeleteIfExistsAsync();
        var id = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("importId").GetString()!;

        var status = await _app.WaitAsync(id);

        Assert.IsTrue(status.GetProperty("status").GetString() is "failed" or "done", status.ToString());
        if (status.GetProperty("status").GetString() == "failed") ImportAssert.Failed(status, "import.source_missing");
    }
}
