using System.Net;
using Kabinet.Auth;
using Kabinet.Notifications;
using Kabinet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Kabinet.Tests.Notifications.DeliveryKit;

namespace Kabinet.Tests.Notifications;

/// <summary>DeliverNotices invoked in-process on a settable clock: channels, preferences, opt-in, language, no double sending.</summary>
[TestClass]
public sealed class DeliveryTests
{
    private static readonly TestClock Clock = new();
    private static readonly TestApp App = new(clock: Clock);

    [ClassCleanup]
    public static void Stop() => App.Dispose();

    [TestInitialize]
    public void Daytime() => Clock.Now = MoscowDay(DateTimeOffset.UtcNow);

    [TestMethod]
    public async Task A_notice_goes_out_on_every_switched_on_channel_and_is_marked_sent()
    {
        var user = await UserAsync(App);
        var draft = Draft(NoticeCategories.Billing);
        var notice = await NoticeAsync(App, user, draft);

        await DeliverOkAsync(App, Message(notice));

        var mail = (await MailsAsync(user.Email!)).Single();
        Assert.AreEqual(draft.Ru.Title, mail.GetProperty("subject").GetString());
        StringAssert.Contains(mail.GetProperty("text").GetString(), "Текст уведомления.");
        StringAssert.Contains(mail.GetProperty("text").GetString(), "Открыть: /notifications");
        Assert.AreEqual($"{draft.Ru.Title}. Текст уведомления. /notifications", (await SmsAsync(App, user.Phone!)).Single());
        Assert.AreEqual(1, (await MessengerAsync(App, user.Phone!)).Length);
        var row = await ReadAsync(App, notice);
        Assert.AreEqual(Clock.Now, row.EmailSentAt);
        Assert.AreEqual(Clock.Now, row.SmsSentAt);
        Assert.AreEqual(Clock.Now, row.MessengerSentAt);
        Assert.IsNull(row.ReadAt, "delivery leaves the in-app state alone");
    }

    [TestMethod]
    public async Task Switched_off_channels_get_nothing_and_a_rerun_sends_nothing_twice()
    {
        var user = await UserAsync(App, u => { u.NotifyEmail = false; u.NotifyMessenger = false; });
        var notice = await NoticeAsync(App, user, Draft(NoticeCategories.Reading));

        await DeliverOkAsync(App, Message(notice));
        await DeliverOkAsync(App, Message(notice), dequeueCount: 2);
        await DeliverOkAsync(App, Message(notice, notice));

        Assert.AreEqual(1, (await SmsAsync(App, user.Phone!)).Length);
        Assert.AreEqual(0, (await MessengerAsync(App, user.Phone!)).Length);
        Assert.AreEqual(0, (await MailDev.ToAsync(user.Email!)).Length);
        var row = await ReadAsync(App, notice);
        Assert.IsNull(row.EmailSentAt);
        Assert.IsNotNull(row.SmsSentAt);
    }

    [TestMethod]
    public async Task Marketing_only_with_the_opt_in()
    {
        var without = await UserAsync(App);
        var with = await UserAsync(App, u => u.MarketingOptIn = true);
        var a = await NoticeAsync(App, without, Draft(NoticeCategories.Marketing));
        var b = await NoticeAsync(App, with, Draft(NoticeCategories.Marketing));

        await DeliverOkAsync(App, Message(a, b));

        Assert.AreEqual(1, (await MailsAsync(with.Email!)).Length);
        Assert.AreEqual(1, (await SmsAsync(App, with.Phone!)).Length);
        Assert.AreEqual(0, (await MailDev.ToAsync(without.Email!)).Length);
        Assert.AreEqual(0, (await SmsAsync(App, without.Phone!)).Length);
        Assert.AreEqual(0, (await MessengerAsync(App, without.Phone!)).Length);
    }

    [TestMethod]
    public async Task Security_goes_to_every_confirmed_contact_even_when_switched_off()
    {
        var user = await UserAsync(App, u => { u.NotifyEmail = u.NotifySms = false; u.NotifyMessenger = false; });
        var unconfirmed = await UserAsync(App, u => { u.EmailConfirmed = false; u.NotifyEmail = u.NotifySms = false; });
        var a = await NoticeAsync(App, user, Draft(NoticeCategories.Security));
        var b = await NoticeAsync(App, unconfirmed, Draft(NoticeCategories.Security));

        await DeliverOkAsync(App, Message(a, b));

        Assert.AreEqual(1, (await MailsAsync(user.Email!)).Length);
        Assert.AreEqual(1, (await SmsAsync(App, user.Phone!)).Length);
        Assert.AreEqual(0, (await MessengerAsync(App, user.Phone!)).Length, "the messenger is an opt-in channel");
        Assert.AreEqual(1, (await SmsAsync(App, unconfirmed.Phone!)).Length);
        Assert.AreEqual(0, (await MailDev.ToAsync(unconfirmed.Email!)).Length);
    }

    [TestMethod]
    public async Task English_texts_for_a_user_who_chose_english()
    {
        var en = await UserAsync(App, u => u.Language = Languages.English);
        var ru = await UserAsync(App);
        var a = await NoticeAsync(App, en, Draft(NoticeCategories.Service, english: true));
        var b = await NoticeAsync(App, ru, Draft(NoticeCategories.Service, english: true));

        await DeliverOkAsync(App, Message(a, b));

        var mail = (await MailsAsync(en.Email!)).Single();
        Assert.AreEqual("Notice in English", mail.GetProperty("subject").GetString());
        StringAssert.Contains(mail.GetProperty("text").GetString(), "Open: /notifications");
        StringAssert.Contains(mail.GetProperty("text").GetString(), "customer portal");
        Assert.AreEqual("Notice in English. The notice's text. /notifications", (await SmsAsync(App, en.Phone!)).Single());
        Assert.AreEqual(b.Title, (await MailsAsync(ru.Email!)).Single().GetProperty("subject").GetString());
    }

    [TestMethod]
    public async Task Missing_expired_undeliverable_and_withdrawn_notices_are_skipped()
    {
        var user = await UserAsync(App);
        var expired = await NoticeAsync(App, user, Draft(NoticeCategories.Service) with { ExpiresAt = Clock.Now.AddMinutes(-1) });
        var inAppOnly = await NoticeAsync(App, user, Draft(NoticeCategories.Service) with { Deliver = false });
        var broadcastId = TestEnvironment.UniqueName("bc");
        var withdrawn = await NoticeAsync(App, user, Draft(NoticeCategories.Service) with { BroadcastId = broadcastId });
        await App.Services.GetRequiredService<NotificationTables>().Broadcasts.AddEntityAsync(new Azure.Data.Tables.TableEntity("broadcast", broadcastId) { ["Withdrawn"] = true });
        var message = Message(expired, inAppOnly, withdrawn) with
        {
            Items = [.. Message(expired, inAppOnly, withdrawn).Items, new NoticeRef(user.UserId, NoticeIds.Of("none")), new NoticeRef("nobody", NoticeIds.Of("x")), new NoticeRef("../x", "bad")],
        };

        await DeliverOkAsync(App, message);

        Assert.AreEqual(0, (await SmsAsync(App, user.Phone!)).Length);
        Assert.AreEqual(0, (await MailDev.ToAsync(user.Email!)).Length);
    }

    [TestMethod]
    public async Task Requested_channels_narrow_the_delivery()
    {
        var user = await UserAsync(App);
        var notice = await NoticeAsync(App, user, Draft(NoticeCategories.Service));

        await DeliverOkAsync(App, Message(notice) with { Channels = [Channels.Messenger] });

        Assert.AreEqual(1, (await MessengerAsync(App, user.Phone!)).Length);
        Assert.AreEqual(0, (await SmsAsync(App, user.Phone!)).Length);
        Assert.IsNull((await ReadAsync(App, notice)).EmailSentAt);
    }

    [TestMethod]
    public async Task A_broadcast_chunk_records_absolute_counts()
    {
        var broadcastId = TestEnvironment.UniqueName("bc");
        var a = await UserAsync(App);
        var b = await UserAsync(App, u => { u.NotifySms = false; u.NotifyMessenger = false; });
        var na = await NoticeAsync(App, a, Draft(NoticeCategories.Service) with { BroadcastId = broadcastId });
        var nb = await NoticeAsync(App, b, Draft(NoticeCategories.Service) with { BroadcastId = broadcastId });
        var message = Message(na, nb) with { BroadcastId = broadcastId, Chunk = 3 };

        await DeliverOkAsync(App, message);
        await DeliverOkAsync(App, message, dequeueCount: 2);

        var row = (await App.Services.GetRequiredService<NotificationTables>().Broadcasts.GetEntityAsync<Azure.Data.Tables.TableEntity>(broadcastId, "chunk|00003|delivery")).Value;
        Assert.AreEqual(2, row.GetInt32("Email"));
        Assert.AreEqual(1, row.GetInt32("Sms"));
        Assert.AreEqual(1, row.GetInt32("Messenger"));
        Assert.AreEqual(0, row.GetInt32("Failed"));
        Assert.AreEqual(1, (await MailsAsync(a.Email!)).Length);
    }
}
