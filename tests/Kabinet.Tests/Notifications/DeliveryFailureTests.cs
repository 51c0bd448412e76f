using System.Net;
using Kabinet.Notifications;
using Kabinet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Kabinet.Tests.Notifications.DeliveryKit;

namespace Kabinet.Tests.Notifications;

/// <summary>A failing gateway fails the invocation (the host retries, then poisons) and leaves the in-app notice alone; junk is refused with 4xx.</summary>
[TestClass]
public sealed class DeliveryFailureTests
{
    private static readonly TestClock Clock = new();
    // SMTP on a port nothing listens on.
    private static readonly TestApp NoSmtp = new(new Dictionary<string, string?> { ["Smtp:Port"] = "9" }, Clock);

    [ClassCleanup]
    public static void Stop() => NoSmtp.Dispose();

    [TestInitialize]
    public void Daytime() => Clock.Now = MoscowDay(DateTimeOffset.UtcNow);

    [TestMethod]
    public async Task A_failed_email_fails_the_invocation_after_the_other_channels_went_out()
    {
        var user = await UserAsync(NoSmtp);
        var notice = await NoticeAsync(NoSmtp, user, Draft(NoticeCategories.Billing));

        var response = await DeliverAsync(NoSmtp, Message(notice));

        Assert.IsFalse(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
        var row = await ReadAsync(NoSmtp, notice);
        Assert.IsNull(row.EmailSentAt);
        Assert.IsNotNull(row.SmsSentAt, "the other channels are finished before failing");
        Assert.IsNull(row.ReadAt);
        Assert.AreEqual(1, (await SmsAsync(NoSmtp, user.Phone!)).Length);

        // The host's retry sends only what is missing (and fails again on e-mail).
        Assert.IsFalse((await DeliverAsync(NoSmtp, Message(notice), dequeueCount: 2)).IsSuccessStatusCode);
        Assert.AreEqual(1, (await SmsAsync(NoSmtp, user.Phone!)).Length);
    }

    [TestMethod]
    public async Task The_last_attempt_counts_the_failed_notices_of_a_chunk()
    {
        var broadcastId = TestEnvironment.UniqueName("bc");
        var user = await UserAsync(NoSmtp);
        var notice = await NoticeAsync(NoSmtp, user, Draft(NoticeCategories.Service) with { BroadcastId = broadcastId });
        var message = Message(notice) with { BroadcastId = broadcastId, Chunk = 1 };

        Assert.IsFalse((await DeliverAsync(NoSmtp, message, dequeueCount: 1)).IsSuccessStatusCode);
        var table = NoSmtp.Services.GetRequiredService<NotificationTables>().Broadcasts;
        Assert.AreEqual(0, (await table.GetEntityAsync<Azure.Data.Tables.TableEntity>(broadcastId, "chunk|00001|delivery")).Value.GetInt32("Failed"));
        Assert.IsFalse((await DeliverAsync(NoSmtp, message, dequeueCount: 5)).IsSuccessStatusCode);

        var row = (await table.GetEntityAsync<Azure.Data.Tables.TableEntity>(broadcastId, "chunk|00001|delivery")).Value;
        Assert.AreEqual(1, row.GetInt32("Failed"));
        Assert.AreEqual(0, row.GetInt32("Email"));
        Assert.AreEqual(1, row.GetInt32("Sms"));
    }

    [TestMethod]
    [DataRow("not json")]
    [DataRow("{}")]
    [DataRow("{\"items\":null}")]
    [DataRow("{\"items\":\"x\"}")]
    [DataRow("{\"items\":[null]}")]
    [DataRow("{\"items\":[{\"userId\":\"\\ud800\",\"noticeId\":1}]}")]
    [DataRow("[1,2]")]
    public async Task A_malformed_message_answers_400(string json)
    {
        var response = await NoSmtp.Client.PostAsync("/" + DeliverNoticesFunction.Name, Invocation(json));
        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [TestMethod]
    public async Task Too_many_items_answer_400_and_a_malformed_payload_too()
    {
        var many = new NoticeDelivery([.. Enumerable.Range(0, NoticeDelivery.MaxItems + 1).Select(i => new NoticeRef("u" + i, NoticeIds.Of("n" + i)))]);
        Assert.AreEqual(HttpStatusCode.BadRequest, (await DeliverAsync(NoSmtp, many)).StatusCode);
        var junk = await NoSmtp.Client.PostAsync("/" + DeliverNoticesFunction.Name, Api.JsonText("{\"Data\":"));
        Assert.AreEqual(HttpStatusCode.BadRequest, junk.StatusCode);
    }

    [TestMethod]
    public async Task Unknown_ids_and_channels_are_skipped_not_failed()
    {
        var message = new NoticeDelivery([new NoticeRef("nobody", NoticeIds.Of("x")), new NoticeRef("", ""), new NoticeRef(new string('a', 5000), "zz")],
            Channels: ["fax"], BroadcastId: "../x", Chunk: -1);
        var response = await DeliverAsync(NoSmtp, message);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
