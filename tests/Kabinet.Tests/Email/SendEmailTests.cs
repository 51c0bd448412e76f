using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Email;

/// <summary>The SendEmail queue function, invoked as the Functions host invokes it, delivering to MailDev.</summary>
[TestClass]
public sealed class SendEmailTests
{
    /// <summary>A container the app writes documents to, allowed for attachments by Email:AttachmentContainers.</summary>
    private static readonly string Bills = TestEnvironment.UniqueName("bills");
    private static readonly TestApp App = new(new Dictionary<string, string?> { ["Email:AttachmentContainers"] = "bills,receipts," + Bills });
    private static KabinetFactory _factory => App.Root;

    [ClassCleanup]
    public static void Stop() => App.Dispose();

    /// <summary>A payload shaped like Fixtures/queue-invocation.json around the given message.</summary>
    public static StringContent Invocation(object message, int dequeueCount = 1)
    {
        var fixture = JsonNodeFromFixture();
        fixture["Data"]!["message"] = JsonSerializer.Serialize(message);
        fixture["Metadata"]!["DequeueCount"] = dequeueCount;
        fixture["Metadata"]!["Id"] = Guid.NewGuid().ToString();
        return new StringContent(fixture.ToJsonString(), Encoding.UTF8, "application/json");
    }

    private static System.Text.Json.Nodes.JsonNode JsonNodeFromFixture() =>
        System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(RepoPaths.Fixture("queue-invocation.json")))!;

    [TestMethod]
    public async Task The_fixture_payload_is_delivered_to_MailDev()
    {
        var subject = "Код подтверждения " + Guid.NewGuid().ToString("N")[..8];
        var response = await _factory.CreateClient().PostAsync("/SendEmail", Invocation(new { to = "ivanov@example.com", subject, text = "Ваш код: 48213" }));

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.IsTrue(answer.TryGetProperty("Outputs", out _));
        var mail = (await MailDev.FindBySubjectAsync(subject)).Single();
        Assert.AreEqual("ivanov@example.com", mail.GetProperty("to")[0].GetProperty("address").GetString());
        StringAssert.Contains(mail.GetProperty("text").GetString(), "Ваш код: 48213");
    }

    [TestMethod]
    public async Task Html_and_blob_attachments_are_included()
    {
        var container = new BlobServiceClient(TestEnvironment.StorageConnectionString).GetBlobContainerClient(Bills);
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient("2026-10/bill.txt").UploadAsync(BinaryData.FromString("Счёт за октябрь"));
        var subject = "Счёт " + Guid.NewGuid().ToString("N")[..8];

        var response = await _factory.CreateClient().PostAsync("/SendEmail", Invocation(new
        {
            to = "petrov@example.com", subject, text = "Ваш счёт во вложении", html = "<p>Ваш <b>счёт</b></p>",
            attachments = new[] { $"{container.Name}/2026-10/bill.txt" },
        }));

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        var mail = (await MailDev.FindBySubjectAsync(subject)).Single();
        StringAssert.Contains(mail.GetProperty("html").GetString(), "<b>счёт</b>");
        var attachment = mail.GetProperty("attachments")[0];
        Assert.AreEqual("bill.txt", attachment.GetProperty("filename").GetString());
    }

    [TestMethod]
    public async Task A_failed_delivery_answers_non_2xx_so_the_host_retries()
    {
        using var noSmtp = new KabinetFactory(new Dictionary<string, string?> { ["Smtp:Port"] = "9" });
        var response = await noSmtp.CreateClient().PostAsync("/SendEmail", Invocation(new { to = "a@example.com", subject = "x", text = "y" }));

        Assert.AreEqual(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    [TestMethod]
    public async Task A_missing_attachment_fails_the_invocation_rather_than_sending_without_it()
    {
        var subject = "Без вложения " + Guid.NewGuid().ToString("N")[..8];
        var response = await _factory.CreateClient().PostAsync("/SendEmail", Invocation(new { to = "a@example.com", subject, text = "y", attachments = new[] { "nosuchcontainer/bill.pdf" } }));

        Assert.IsFalse(response.IsSuccessStatusCode);
        Assert.AreEqual(0, (await MailDev.FindBySubjectAsync(subject, wait: TimeSpan.FromSeconds(1))).Length);
    }

    [TestMethod]
    [DataRow("imports")]
    [DataRow("bills-not-listed")]
    public async Task An_attachment_from_a_container_not_allowed_is_refused_and_nothing_is_sent(string prefix)
    {
        var container = new BlobServiceClient(TestEnvironment.StorageConnectionString).GetBlobContainerClient(prefix == "imports" ? "imports" : TestEnvironment.UniqueName("other"));
        await container.CreateIfNotExistsAsync();
        var name = $"{Guid.NewGuid():N}/source.csv";
        await container.GetBlobClient(name).UploadAsync(BinaryData.FromString("number,holder,address\n100,Иванов И. И.,ул. Ленина 1"));
        var subject = "Чужое вложение " + Guid.NewGuid().ToString("N")[..8];

        var response = await _factory.CreateClient().PostAsync("/SendEmail", Invocation(new { to = "a@example.com", subject, text = "y", attachments = new[] { $"{container.Name}/{name}" } }));

        Assert.IsFalse(response.IsSuccessStatusCode);
        Assert.AreEqual(0, (await MailDev.FindBySubjectAsync(subject, wait: TimeSpan.FromSeconds(1))).Length);
    }

    [TestMethod]
    [DataRow("""{"Data":{"message":"{\"subject\":"},"Metadata":{"DequeueCount":1}}""")]
    [DataRow("""{"Metadata":{"DequeueCount":1}}""")]
    [DataRow("""not json at all""")]
    public async Task A_malformed_invocation_is_refused_with_a_code(string payload)
    {
        var response = await _factory.CreateClient().PostAsync("/SendEmail", new StringContent(payload, Encoding.UTF8, "application/json"));

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.AreEqual("invocation.malformed", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }
}
