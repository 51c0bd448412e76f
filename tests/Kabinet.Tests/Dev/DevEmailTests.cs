using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kabinet.Tests.Infrastructure;
using Kabinet.Tests.Platform;

namespace Kabinet.Tests.Dev;

/// <summary>POST /api/dev/email: a 100 KB field was a 500 (the queue's 64 KiB), and any stored blob could be attached.</summary>
[TestClass]
public sealed class DevEmailTests
{
    private static readonly TestApp App = new();
    private static KabinetFactory _factory => App.Root;

    [ClassCleanup]
    public static void Stop() => App.Dispose();

    [TestMethod]
    public async Task A_100_KB_test_email_arrives_whole()
    {
        await SharedKabinetHost.GetAsync(); // it works the email queue
        var subject = "Тест 100 КБ " + Guid.NewGuid().ToString("N")[..8];
        var text = ClaimCheckTests.LongText(100);

        var response = await _factory.CreateClient().PostAsJsonAsync("/api/dev/email", new { to = "dev@example.com", subject, text });

        Assert.AreEqual(HttpStatusCode.Accepted, response.StatusCode, await response.Content.ReadAsStringAsync());
        var mail = (await MailDev.FindBySubjectAsync(subject, wait: TimeSpan.FromSeconds(30))).Single();
        Assert.AreEqual(text.TrimEnd(), mail.GetProperty("text").GetString()!.Replace("\r\n", "\n").TrimEnd());
    }

    [TestMethod]
    [DataRow("imports/0123/source.csv")]
    [DataRow("dev-attachments/../imports/0123/source.csv")]
    [DataRow("bills/2026-10/bill.pdf")]
    [DataRow("dev-attachments")]
    public async Task An_attachment_outside_the_dev_container_is_refused(string path)
    {
        var response = await _factory.CreateClient().PostAsJsonAsync("/api/dev/email", new { to = "dev@example.com", subject = "s", text = "t", attachments = new[] { path } });

        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual("dev.attachment_forbidden", problem.GetProperty("code").GetString());
        Assert.AreEqual("attachments[0]", problem.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [TestMethod]
    public async Task A_bad_address_is_refused_before_it_reaches_the_queue()
    {
        var response = await _factory.CreateClient().PostAsJsonAsync("/api/dev/email", new { to = "not an address", subject = "s", text = "t" });

        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }
}
