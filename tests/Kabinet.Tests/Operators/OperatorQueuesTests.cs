using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Operators;

/// <summary>
/// GET /operator/queues, the poison listing and its replay, over HTTP; the shared local host works the email queue, so a
/// message it poisoned is a real one. Tests replay only their own messages by id: the poison queues are shared by the run.
/// </summary>
[TestClass]
public sealed class OperatorQueuesTests
{
    private static ImportApp _app = null!;

    [ClassInitialize]
    public static async Task Start(TestContext _) => _app = await ImportApp.StartAsync();

    [ClassCleanup]
    public static void Stop() => _app.Dispose();


    private static async Task<JsonElement?> PoisonedAsync(string queue, string text, TimeSpan wait)
    {
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            var list = await (await _app.Client.GetAsync($"/api/operator/queues/{queue}/poison")).AssertStatus(HttpStatusCode.OK);
            var found = list.GetProperty("items").EnumerateArray().Where(m => m.GetProperty("message").GetString() == text).ToArray();
            if (found.Length > 0) return found[0];
            if (DateTime.UtcNow > deadline) return null;
            await Task.Delay(500);
        }
    }

    private static Task<HttpResponseMessage> ReplayAsync(string queue, params string[] ids) =>
        _app.Client.PostAsJsonAsync($"/api/operator/queues/{queue}/poison/replay", new { ids });

    [TestMethod]
    public async Task Every_function_queue_is_listed_with_its_poison_queue_and_counts()
    {
        var marker = TestEnvironment.UniqueName("depth");
        await TestEnvironment.Queue("email-poison").SendMessageAsync(JsonSerializer.Serialize(new { to = "depth@example.com", subject = marker, text = "x" }));

        var body = await (await _app.Client.GetAsync("/api/operator/queues")).AssertStatus(HttpStatusCode.OK);

        var queues = body.GetProperty("items").EnumerateArray().ToDictionary(q => q.GetProperty("queue").GetString()!);
        foreach (var name in new[] { "email", "imports", "codes", "payment-receipts", "billing-slices", "notices" })
            Assert.IsTrue(queues.ContainsKey(name), name + " is listed");
        var email = queues["email"];
        Assert.AreEqual("email-poison", email.GetProperty("poison").GetProperty("name").GetString());
        Assert.IsGreaterThanOrEqualTo(1, email.GetProperty("poison").GetProperty("messages").GetInt32());
        Assert.IsGreaterThanOrEqualTo(0L, email.GetProperty("poison").GetProperty("oldestAgeSeconds").GetInt64());
        var found = await PoisonedAsync("email", JsonSerializer.Serialize(new { to = "depth@example.com", subject = marker, text = "x" }), TimeSpan.Zero);
        Assert.IsNotNull(found);
        Assert.AreEqual(HttpStatusCode.OK, (await ReplayAsync("email", found.Value.GetProperty("id").GetString()!)).StatusCode);
    }

    [TestMethod]
    public async Task A_message_the_host_poisoned_is_replayed_by_id_and_then_succeeds()
    {
        // Its attachment does not exist yet, so the host tries it five times and moves it to email-poison.
        const string container = "dev-attachments"; // a container e-mail may attach from
        var name = TestEnvironment.UniqueName("later") + ".pdf";
        var subject = "Повтор " + Guid.NewGuid().ToString("N")[..8];
        var text = JsonSerializer.Serialize(new { to = "replay@example.com", subject, text = "x", attachments = new[] { $"{container}/{name}" } });
        await TestEnvironment.Queue("email").SendMessageAsync(text);

        var poisoned = await PoisonedAsync("email", text, TimeSpan.FromSeconds(90));
        Assert.IsNotNull(poisoned, "the host moved the message to email-poison");
        Assert.IsTrue(poisoned.Value.TryGetProperty("insertedAt", out _));
        var id = poisoned.Value.GetProperty("id").GetString()!;

        // The cause is fixed; the operator replays that one message.
        var blob = new BlobContainerClient(TestEnvironment.StorageConnectionString, container);
        await blob.CreateIfNotExistsAsync();
        await blob.UploadBlobAsync(name, BinaryData.FromBytes("%PDF-1.4 test"u8.ToArray()));
        var replay = await (await ReplayAsync("email", id)).AssertStatus(HttpStatusCode.OK);

        Assert.AreEqual(id, replay.GetProperty("replayed").EnumerateArray().Single().GetString());
        Assert.AreEqual(0, replay.GetProperty("notFound").GetArrayLength());
        Assert.HasCount(1, await MailDev.FindBySubjectAsync(subject, wait: TimeSpan.FromSeconds(30)));
        Assert.IsNull(await PoisonedAsync("email", text, TimeSpan.Zero), "the replayed message left the poison queue");
    }

    [TestMethod]
    public async Task Messages_not_named_stay_in_poison_and_unknown_ids_are_reported()
    {
        var subject = "Оставить " + Guid.NewGuid().ToString("N")[..8];
        var text = JsonSerializer.Serialize(new { to = "keep@example.com", subject, text = "x" });
        await TestEnvironment.Queue("email-poison").SendMessageAsync(text);
        var kept = await PoisonedAsync("email", text, TimeSpan.FromSeconds(5));
        Assert.IsNotNull(kept);

        var replay = await (await ReplayAsync("email", "no-such-message")).AssertStatus(HttpStatusCode.OK);

        Assert.AreEqual(0, replay.GetProperty("replayed").GetArrayLength());
        Assert.AreEqual("no-such-message", replay.GetProperty("notFound").EnumerateArray().Single().GetString());
        Assert.IsNotNull(await PoisonedAsync("email", text, TimeSpan.FromSeconds(5)), "a message nobody named is still in poison, visible again");
        Assert.AreEqual(0, (await MailDev.FindBySubjectAsync(subject, atLeast: 0, wait: TimeSpan.Zero)).Length);

        await (await ReplayAsync("email", kept.Value.GetProperty("id").GetString()!)).AssertStatus(HttpStatusCode.OK);
        Assert.HasCount(1, await MailDev.FindBySubjectAsync(subject, wait: TimeSpan.FromSeconds(30)));
    }

    [TestMethod]
    public async Task Unknown_queues_bad_ids_and_customers_are_refused()
    {
        await (await _app.Client.GetAsync("/api/operator/queues/no-such-queue/poison")).AssertProblem(HttpStatusCode.NotFound, "operator.queue_not_found");
        await (await ReplayAsync("no-such-queue", "x")).AssertProblem(HttpStatusCode.NotFound, "operator.queue_not_found");
        await (await ReplayAsync("email", Enumerable.Range(0, 101).Select(i => "id" + i).ToArray())).AssertValidation("ids");
        await (await ReplayAsync("email", "")).AssertValidation("ids");

        var customer = await _app.MintAsync();
        var asCustomer = await _app.NewClient().SendAsync(customer, HttpMethod.Get, "/api/operator/queues");
        Assert.AreEqual(HttpStatusCode.Forbidden, asCustomer.Status);
    }
}
