using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Auth;

[TestClass]
public sealed class RegistrationSmokeTests
{
    [TestMethod]
    public async Task Register_by_phone_then_read_the_profile()
    {
        using var factory = new KabinetFactory();
        var client = factory.CreateClient();

        var user = await TestUsers.RegisterAsync(client);
        var profile = await client.SendAsync(user.Request(HttpMethod.Get, "/api/profile"));

        Assert.AreEqual(HttpStatusCode.OK, profile.StatusCode);
        var body = await profile.Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(user.Phone, body.GetProperty("phone").GetString());
        Assert.IsTrue(body.GetProperty("phoneConfirmed").GetBoolean());
    }

    [TestMethod]
    public async Task Register_by_email_through_the_host()
    {
        using var client = await SharedKabinetHost.ClientAsync();

        var user = await TestUsers.RegisterAsync(client, byEmail: true);

        Assert.IsFalse(string.IsNullOrEmpty(user.AccessToken));
    }
}
