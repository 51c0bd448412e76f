using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.EndToEnd;

/// <summary>
/// The Kabinet app root as the Functions host would run it, behind Kabinet.LocalHost: HTTP through
/// the host, and the real <c>email</c> queue.
/// </summary>
[TestClass]
public sealed class KabinetOnLocalHostTests
{
    private static HttpClient _client = null!;

    [ClassInitialize]
    public static async Task Start(TestContext _) => _client = await SharedKabinetHost.ClientAsync();

    [ClassCleanup]
    public static void Stop() => _client.Dispose();


    [TestMethod]
    public async Task Health_answers_200_through_the_host()
    {
        var response = await _client.GetAsync("/api/health");

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual("healthy", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [TestMethod]
    public async Task Unknown_routes_and_methods_get_the_handlers_problem_details()
    {
        var missing = await _client.GetAsync("/api/no-such-area/x");
        var wrongMethod = await _client.DeleteAsync("/api/health");

        Assert.AreEqual(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.AreEqual("http.not_found", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.AreEqual(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
    }

    [TestMethod]
    public async Task A_message_on_the_email_queue_arrives_in_MailDev()
    {
        var subject = "Через очередь " + Guid.NewGuid().ToString("N")[..8];
        await TestEnvironment.Queue("email").SendMessageAsync(JsonSerializer.Serialize(new { to = "sidorov@example.com", subject, text = "Проверка" }));

        var mail = await MailDev.FindBySubjectAsync(subject, wait: TimeSpan.FromSeconds(30));

        Assert.AreEqual(1, mail.Length);
    }

    [TestMethod]
    public async Task The_development_email_endpoint_goes_through_the_queue_to_MailDev()
    {
        var subject = "Dev " + Guid.NewGuid().ToString("N")[..8];
        var response = await _client.PostAsJsonAsync("/api/dev/email", new { to = "dev@example.com", subject, text = "Привет" });

        Assert.AreEqual(HttpStatusCode.Accepted, response.StatusCode);
        Assert.AreEqual(1, (await MailDev.FindBySubjectAsync(subject, wait: TimeSpan.FromSeconds(30))).Length);
    }

    [TestMethod]
    public async Task A_message_that_always_fails_ends_in_the_poison_queue_after_five_tries()
    {
        // The attachment's blob does not exist, so every delivery attempt fails.
        var container = TestEnvironment.UniqueName("missing");
        var text = JsonSerializer.Serialize(new { to = "a@example.com", subject = "never", text = "x", attachments = new[] { $"{container}/bill.pdf" } });
        await TestEnvironment.Queue("email").SendMessageAsync(text);

        var poison = TestEnvironment.Queue("email-poison");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        Azure.Storage.Queues.Models.PeekedMessage? found = null;
        while (found is null && DateTime.UtcNow < deadline)
        {
            found = (await poison.PeekMessagesAsync(32)).Value.FirstOrDefault(m => m.Body.ToString() == text);
            if (found is null) await Task.Delay(500);
        }

        Assert.IsNotNull(found, "the message is not in email-poison");
        var left = (await TestEnvironment.Queue("email").PeekMessagesAsync(32)).Value;
        Assert.IsFalse(left.Any(m => m.Body.ToString() == text), "the message is still on the email queue");
    }
}
