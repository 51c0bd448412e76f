using System.Net;
using Kabinet.Notifications;
using Kabinet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Kabinet.Tests.Notifications;

/// <summary>GET /api/dev/messenger: what the development messenger gateway "sent", in Development only.</summary>
[TestClass]
public sealed class DevMessengerTests
{
    private static readonly TestApp App = new();

    [ClassCleanup]
    public static void Stop() => App.Dispose();

    [TestMethod]
    public async Task Lists_what_the_gateway_stored_for_a_number_oldest_first()
    {
        var phone = TestUsers.NewPhone();
        var gateway = App.Services.GetRequiredService<IMessengerGateway>();
        Assert.IsTrue(gateway.IsAvailable);
        await gateway.SendAsync(phone, "первое", CancellationToken.None);
        await gateway.SendAsync(phone, "второе", CancellationToken.None);
        await gateway.SendAsync(TestUsers.NewPhone(), "чужое", CancellationToken.None);

        var r = await App.Client.SendAsync(null, HttpMethod.Get, "/api/dev/messenger?to=" + Uri.EscapeDataString(phone));

        Assert.AreEqual(HttpStatusCode.OK, r.Status);
        var items = r.Body.GetProperty("items").EnumerateArray().ToArray();
        CollectionAssert.AreEqual(new[] { "первое", "второе" }, items.Select(i => i.GetProperty("text").GetString()).ToArray());
        Assert.AreEqual(phone, items[0].GetProperty("to").GetString());
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("?to=")]
    [DataRow("?to=junk")]
    [DataRow("?to=%ED%A0%80")]
    [DataRow("?to=%2B7999123456789012345678901234567890")]
    [DataRow("?to=a'b%20or%20PartitionKey%20ne%20''")]
    public async Task Without_a_phone_or_with_junk_answers_422(string query)
    {
        var r = await App.Client.SendAsync(null, HttpMethod.Get, "/api/dev/messenger" + query);
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, r.Status, r.Body.ToString());
    }

    [TestMethod]
    public async Task Outside_Development_it_is_not_there_and_the_messenger_is_off()
    {
        using var production = new TestApp(environment: "Staging");
        Assert.IsFalse(production.Services.GetRequiredService<IMessengerGateway>().IsAvailable);
        Assert.AreEqual(HttpStatusCode.NotFound, (await production.Client.GetAsync("/api/dev/messenger?to=%2B79991234567")).StatusCode);
    }
}
