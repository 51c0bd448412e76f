using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Kabinet.Email;
using Kabinet.Platform.Storage;
using Kabinet.Tests.Email;
using Kabinet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Kabinet.Tests.Platform;

/// <summary>
/// A queue message holds 64 KiB: a larger one made its producer fail (a 100 KB test e-mail was a 500). Large messages
/// travel through a blob in queue-payloads and the queue carries only the claim.
/// </summary>
[TestClass]
public sealed class ClaimCheckTests
{
    private static readonly TestApp App = new();
    private static KabinetFactory _factory => App.Root;

    [ClassCleanup]
    public static void Stop() => App.Dispose();

    private static BlobContainerClient Payloads => new BlobServiceClient(TestEnvironment.StorageConnectionString).GetBlobContainerClient(ClaimCheck.Container);

    /// <summary>About <paramref name="kb"/> KB of text in lines, Cyrillic and Latin.</summary>
    public static string LongText(int kb)
    {
        var text = new StringBuilder();
        for (var line = 0; text.Length < kb * 1000; line++) text.Append($"Строка {line:D5}: показания счётчика, the quick brown fox {line * 7919 % 10007}\n");
        return text.ToString();
    }

    private static async Task<string> ReceiveTextAsync(string queueName)
    {
        var queue = new QueueClient(TestEnvironment.StorageConnectionString, queueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var received = (await queue.ReceiveMessagesAsync(maxMessages: 1)).Value.Single();
        await queue.DeleteMessageAsync(received.MessageId, received.PopReceipt);
        return received.Body.ToString();
    }

    [TestMethod]
    public async Task A_message_over_the_limit_goes_through_a_blob_that_is_gone_after_delivery()
    {
        var queueName = TestEnvironment.UniqueName("claims");
        var subject = "Большое письмо " + Guid.NewGuid().ToString("N")[..8];
        var text = LongText(100);

        await _factory.Services.GetRequiredService<WorkQueues>().SendAsync(queueName, new EmailMessage("big@example.com", subject, text), CancellationToken.None);

        var onQueue = await ReceiveTextAsync(queueName);
        Assert.IsLessThan(1024, onQueue.Length, onQueue);
        var claim = JsonDocument.Parse(onQueue).RootElement.GetProperty("claim").GetString()!;
        StringAssert.StartsWith(claim, ClaimCheck.Container + "/" + queueName + "/");
        var blob = Payloads.GetBlobClient(claim[(ClaimCheck.Container.Length + 1)..]);
        Assert.IsTrue((await blob.ExistsAsync()).Value, "the body waits in the blob");

        var response = await _factory.CreateClient().PostAsync("/SendEmail", SendEmailTests.Invocation(JsonDocument.Parse(onQueue).RootElement));

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
        var mail = (await MailDev.FindBySubjectAsync(subject)).Single();
        Assert.AreEqual(text.TrimEnd(), mail.GetProperty("text").GetString()!.Replace("\r\n", "\n").TrimEnd(), "the whole text arrived");
        Assert.IsFalse((await blob.ExistsAsync()).Value, "the blob is deleted after the delivery succeeded");
    }

    [TestMethod]
    public async Task A_failed_delivery_keeps_the_blob_for_the_retry()
    {
        var queueName = TestEnvironment.UniqueName("claims");
        await _factory.Services.GetRequiredService<WorkQueues>().SendAsync(queueName, new EmailMessage("big@example.com", "x", LongText(60)), CancellationToken.None);
        var onQueue = JsonDocument.Parse(await ReceiveTextAsync(queueName)).RootElement;
        var blob = Payloads.GetBlobClient(onQueue.GetProperty("claim").GetString()![(ClaimCheck.Container.Length + 1)..]);
        using var noSmtp = new KabinetFactory(new Dictionary<string, string?> { ["Smtp:Port"] = "9" });

        var response = await noSmtp.CreateClient().PostAsync("/SendEmail", SendEmailTests.Invocation(onQueue));

        Assert.AreEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.IsTrue((await blob.ExistsAsync()).Value);
    }

    [TestMethod]
    public async Task A_small_message_stays_on_the_queue_itself()
    {
        var queueName = TestEnvironment.UniqueName("claims");

        await _factory.Services.GetRequiredService<WorkQueues>().SendAsync(queueName, new EmailMessage("a@example.com", "s", "short"), CancellationToken.None);

        Assert.AreEqual("short", JsonDocument.Parse(await ReceiveTextAsync(queueName)).RootElement.GetProperty("text").GetString());
    }

    [TestMethod]
    public async Task A_claim_whose_blob_is_gone_is_refused_so_the_host_retries_then_poisons()
    {
        var response = await _factory.CreateClient().PostAsync("/SendEmail",
            SendEmailTests.Invocation(new { claim = $"{ClaimCheck.Container}/email/2026-12-01/{Guid.NewGuid():N}.json" }));

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.AreEqual("invocation.malformed", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [TestMethod]
    [DataRow("""{"claim":"imports/abc/source.csv"}""")]
    [DataRow("""{"claim":"queue-payloads/../imports/abc.json"}""")]
    [DataRow("""{"claim":"queue-payloads/email/2026-12-01/a.json","to":"x@example.com"}""")]
    [DataRow("""{"claim":5}""")]
    public void Only_a_lone_claim_into_the_payload_container_is_a_claim(string message) =>
        Assert.IsNull(ClaimCheck.ClaimOf(JsonDocument.Parse(message).RootElement));

    [TestMethod]
    public void A_stored_claim_is_recognised() =>
        Assert.AreEqual("queue-payloads/email/2026-12-01/0123abcd.json",
            ClaimCheck.ClaimOf(JsonDocument.Parse("""{"claim":"queue-payloads/email/2026-12-01/0123abcd.json"}""").RootElement));
}
