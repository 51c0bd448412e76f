using Kabinet.Email;
using Kabinet.Notifications;
using Kabinet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Kabinet.Tests.Notifications.DeliveryKit;

namespace Kabinet.Tests.Notifications;

/// <summary>The SMTP sender keeps one connection for all the e-mails of one invocation (counted by a real SMTP server).</summary>
[TestClass]
public sealed class SmtpSessionTests
{
    private static readonly CountingSmtpServer Smtp = new();
    private static readonly TestClock Clock = new();
    private static readonly TestApp App = new(new Dictionary<string, string?> { ["Smtp:Port"] = Smtp.Port.ToString() }, Clock);

    [ClassCleanup]
    public static void Stop()
    {
        App.Dispose();
        Smtp.Dispose();
    }

    [TestInitialize]
    public void Daytime()
    {
        Clock.Now = MoscowDay(DateTimeOffset.UtcNow);
        Smtp.DropAfterEach = false;
    }

    [TestMethod]
    public async Task Twenty_notices_of_one_invocation_go_over_one_connection()
    {
        var users = new List<Kabinet.Auth.UserEntity>();
        for (var i = 0; i < 20; i++) users.Add(await UserAsync(App, u => u.NotifySms = u.NotifyMessenger = false));
        var notices = new List<NoticeEntity>();
        foreach (var u in users) notices.Add(await NoticeAsync(App, u, Draft(NoticeCategories.Service)));
        var before = Smtp.Connections;

        await DeliverOkAsync(App, Message([.. notices]));

        Assert.AreEqual(1, Smtp.Connections - before);
        CollectionAssert.IsSubsetOf(users.Select(u => u.Email!).ToList(), Smtp.Recipients.ToList());
        foreach (var n in notices) Assert.IsNotNull((await ReadAsync(App, n)).EmailSentAt);
    }

    [TestMethod]
    public async Task A_session_sends_several_and_SendAsync_one_per_connection()
    {
        var sender = App.Services.GetRequiredService<SmtpSender>();
        var before = Smtp.Connections;
        await using (var session = await sender.OpenAsync(CancellationToken.None))
        {
            for (var i = 0; i < 3; i++) await session.SendAsync(new EmailMessage($"s{i}@example.com", "s", "t"), Guid.NewGuid().ToString("N"), CancellationToken.None);
        }
        Assert.AreEqual(1, Smtp.Connections - before);

        await sender.SendAsync(new EmailMessage("one@example.com", "s", "t"), "m1", CancellationToken.None);
        await sender.SendAsync(new EmailMessage("two@example.com", "s", "t"), "m2", CancellationToken.None);
        Assert.AreEqual(3, Smtp.Connections - before);
    }

    [TestMethod]
    public async Task A_dropped_connection_is_opened_again_for_the_rest()
    {
        Smtp.DropAfterEach = true;
        var sender = App.Services.GetRequiredService<SmtpSender>();
        var before = Smtp.Connections;
        await using (var session = await sender.OpenAsync(CancellationToken.None))
        {
            for (var i = 0; i < 3; i++)
            {
                await session.SendAsync(new EmailMessage($"d{i}@example.com", "s", "t"), Guid.NewGuid().ToString("N"), CancellationToken.None);
                // Let the client see the close before the next message.
                await Task.Delay(100);
            }
        }
        Assert.AreEqual(3, Smtp.Connections - before);
        Assert.IsTrue(Smtp.Recipients.Contains("d2@example.com"));
    }
}
