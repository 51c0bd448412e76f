using System.Net;
using System.Net.Http.Json;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Dev;

[TestClass]
public sealed class DevEndpointsTests
{
    [TestMethod]
    public async Task Development_endpoints_do_not_exist_outside_Development()
    {
        using var production = new KabinetFactory(environment: "Production");

        var response = await production.CreateClient().PostAsJsonAsync("/api/dev/email", new { to = "a@example.com", subject = "s", text = "t" });

        Assert.AreEqual(HttpStatusCode.NotFound, response.StatusCode);
    }

    [TestMethod]
    public async Task A_bad_test_email_is_refused_with_a_code()
    {
        using var dev = new KabinetFactory();

        var response = await dev.CreateClient().PostAsync("/api/dev/email", new StringContent("{\"to\":", System.Text.Encoding.UTF8, "application/json"));

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
