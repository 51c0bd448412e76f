using System.Text.Json;
using Kabinet.Notifications;
using Kabinet.Tests.Auth;
using Kabinet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Kabinet.Tests.Notifications.DeliveryKit;

namespace Kabinet.Tests.Notifications;

/// <summary>A configured messenger provider gets one JSON POST per message; a refusal fails the delivery (retried by the host).</summary>
[TestClass]
public sealed class HttpMessengerTests
{
    [TestMethod]
    public async Task A_delivery_posts_the_text_to_the_provider_and_a_refusal_fails_it()
    {
        await using var provider = await SmsTestServer.StartAsync();
        var clock = new TestClock(MoscowDay(DateTimeOffset.UtcNow));
        using var app = new TestApp(new Dictionary<string, string?>
        {
            ["Messenger:Endpoint"] = provider.Endpoint.ToString(),
            ["Messenger:ApiKey"] = "secret-key",
        }, clock);
        Assert.IsInstanceOfType<HttpMessengerGateway>(app.Services.GetRequiredService<IMessengerGateway>());
        var user = await UserAsync(app, u => u.NotifyEmail = u.NotifySms = false);
        var notice = await NoticeAsync(app, user, Draft(NoticeCategories.Service, title: "Плановое \"отключение\""));

        await DeliverOkAsync(app, Message(notice));

        var request = await provider.WaitForAsync();
        Assert.AreEqual("Bearer secret-key", request.Headers["Authorization"]);
        using var body = JsonDocument.Parse(request.Body);
        Assert.AreEqual(user.Phone, body.RootElement.GetProperty("phone").GetString());
        Assert.AreEqual("Плановое \"отключение\". Текст уведомления. /notifications", body.RootElement.GetProperty("text").GetString());
        Assert.IsNotNull((await ReadAsync(app, notice)).MessengerSentAt);

        provider.Status = 503;
        var other = await NoticeAsync(app, user, Draft(NoticeCategories.Service));
        Assert.IsFalse((await DeliverAsync(app, Message(other))).IsSuccessStatusCode);
        Assert.IsNull((await ReadAsync(app, other)).MessengerSentAt);
    }
}
