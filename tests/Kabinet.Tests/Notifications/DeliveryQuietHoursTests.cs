using Kabinet.Notifications;
using Kabinet.Providers;
using Kabinet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Kabinet.Tests.Notifications.DeliveryKit;

namespace Kabinet.Tests.Notifications;

/// <summary>Quiet hours on a settable clock: SMS and messenger wait till the window's end, e-mail and security do not.</summary>
[TestClass]
public sealed class DeliveryQuietHoursTests
{
    private static readonly TestClock Clock = new();
    private static readonly TestApp App = new(new Dictionary<string, string?> { [ProviderCache.Setting] = "0" }, Clock);

    [ClassCleanup]
    public static void Stop() => App.Dispose();

    [TestInitialize]
    public void Night() => Clock.Now = MoscowNight(DateTimeOffset.UtcNow);

    [TestMethod]
    public async Task At_night_email_goes_sms_and_messenger_wait_and_go_after_eight()
    {
        var user = await UserAsync(App);
        var notice = await NoticeAsync(App, user, Draft(NoticeCategories.Billing));

        await DeliverOkAsync(App, Message(notice));

        Assert.AreEqual(1, (await MailsAsync(user.Email!)).Length);
        Assert.AreEqual(0, (await SmsAsync(App, user.Phone!)).Length);
        Assert.AreEqual(0, (await MessengerAsync(App, user.Phone!)).Length);
        var row = await ReadAsync(App, notice);
        Assert.IsNotNull(row.EmailSentAt);
        Assert.IsNull(row.SmsSentAt);

        // What the function queued for later: the same notices, SMS and messenger only, not before 08:00 Moscow.
        var eight = new DateTimeOffset(Clock.Now.UtcDateTime.Date.AddDays(1).AddHours(5), TimeSpan.Zero);
        var held = Message(notice) with { Channels = [Channels.Sms, Channels.Messenger], NotBefore = eight };

        // Delivered early (still night): queued again, nothing sent.
        Clock.Now = eight.AddHours(-3);
        await DeliverOkAsync(App, held);
        Assert.AreEqual(0, (await SmsAsync(App, user.Phone!)).Length);

        Clock.Now = eight.AddMinutes(1);
        await DeliverOkAsync(App, held);
        await DeliverOkAsync(App, held, dequeueCount: 2);

        Assert.AreEqual(1, (await SmsAsync(App, user.Phone!)).Length);
        Assert.AreEqual(1, (await MessengerAsync(App, user.Phone!)).Length);
        Assert.AreEqual(1, (await MailDev.ToAsync(user.Email!)).Length, "the held message sends no e-mail again");
        row = await ReadAsync(App, notice);
        Assert.AreEqual(Clock.Now, row.SmsSentAt);
        Assert.AreEqual(Clock.Now, row.MessengerSentAt);
    }

    [TestMethod]
    public async Task Security_notices_are_not_held()
    {
        var user = await UserAsync(App);
        var notice = await NoticeAsync(App, user, Draft(NoticeCategories.Security));

        await DeliverOkAsync(App, Message(notice));

        Assert.AreEqual(1, (await SmsAsync(App, user.Phone!)).Length);
        Assert.AreEqual(1, (await MessengerAsync(App, user.Phone!)).Length);
        Assert.AreEqual(1, (await MailsAsync(user.Email!)).Length);
    }

    [TestMethod]
    public async Task Quiet_hours_are_counted_in_the_notices_zone()
    {
        // 23:00 in Moscow is 15:00 (or 16:00) in New York.
        var user = await UserAsync(App);
        var notice = await NoticeAsync(App, user, Draft(NoticeCategories.Service), zone: "America/New_York");   // 15:00 there

        await DeliverOkAsync(App, Message(notice));

        Assert.AreEqual(1, (await SmsAsync(App, user.Phone!)).Length);
    }

    [TestMethod]
    public async Task The_providers_own_window_applies_to_a_notice_of_its_account()
    {
        var providerId = TestEnvironment.UniqueName("qh");
        await App.Services.GetRequiredService<ProviderTables>().Providers.AddEntityAsync(new ProviderEntity
        {
            RowKey = providerId, Name = "Тест", QuietHoursFrom = "23:30", QuietHoursTo = "06:00",
        });
        var accountId = Kabinet.Accounts.AccountIds.For(providerId, "QH-1");
        await App.Services.GetRequiredService<Kabinet.Accounts.AccountTables>().Accounts.AddEntityAsync(new Kabinet.Accounts.AccountEntity
        {
            PartitionKey = accountId, ProviderId = providerId, Number = "QH-1",
        });
        var user = await UserAsync(App);
        // 23:00 Moscow: inside the default window, outside the provider's.
        var notice = await NoticeAsync(App, user, Draft(NoticeCategories.Service) with { AccountId = accountId });

        await DeliverOkAsync(App, Message(notice));

        Assert.AreEqual(1, (await SmsAsync(App, user.Phone!)).Length);
    }
}
