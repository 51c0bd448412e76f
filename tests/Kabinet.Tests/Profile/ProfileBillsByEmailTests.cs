using System.Net;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Profile;

/// <summary>PATCH /api/profile {billsByEmail}: saved on the user, shown by GET, and only with a confirmed e-mail.</summary>
[TestClass]
public sealed class ProfileBillsByEmailTests
{
    private static KabinetFactory _factory = null!;

    [ClassInitialize]
    public static void Start(TestContext _) => _factory = new KabinetFactory();

    [ClassCleanup]
    public static void Stop() => _factory.Dispose();

    [TestMethod]
    public async Task Bills_by_email_is_saved_kept_when_left_out_and_switched_off_again()
    {
        using var client = ProfileApi.Client(_factory);
        var user = await TestUsers.MintAsync(_factory, like: client, byEmail: true);

        var on = await client.SendAsync(user, HttpMethod.Patch, "/api/profile", new { lastName = "Иванов", firstName = "Иван", billsByEmail = true });

        Assert.AreEqual(HttpStatusCode.OK, on.Status, on.Describe());
        Assert.IsTrue(on.Body.GetProperty("billsByEmail").GetBoolean(), on.Describe());
        Assert.IsTrue((await client.ProfileAsync(user)).GetProperty("billsByEmail").GetBoolean(), "read back from the table");

        var namesOnly = await client.SendAsync(user, HttpMethod.Patch, "/api/profile", new { lastName = "Петров", firstName = "Пётр" });
        Assert.AreEqual(HttpStatusCode.OK, namesOnly.Status, namesOnly.Describe());
        Assert.IsTrue((await client.ProfileAsync(user)).GetProperty("billsByEmail").GetBoolean(), "a PATCH without it keeps it");

        var off = await client.SendAsync(user, HttpMethod.Patch, "/api/profile", new { billsByEmail = false });
        Assert.AreEqual(HttpStatusCode.OK, off.Status, off.Describe());
        Assert.IsFalse((await client.ProfileAsync(user)).GetProperty("billsByEmail").GetBoolean());
    }

    [TestMethod]
    public async Task Bills_by_email_without_a_confirmed_email_is_422_and_saves_nothing()
    {
        using var client = ProfileApi.Client(_factory);
        var user = await TestUsers.MintAsync(_factory, like: client); // by phone: no e-mail at all

        var r = await client.SendAsync(user, HttpMethod.Patch, "/api/profile", new { lastName = "Иванов", firstName = "Иван", billsByEmail = true });

        ProfileApi.AssertFieldError(r, "billsByEmail", "account.email_not_confirmed");
        Assert.AreEqual("account.email_not_confirmed", r.Code, "the only error names the problem at the top too");
        var p = await client.ProfileAsync(user);
        Assert.IsFalse(p.GetProperty("billsByEmail").GetBoolean());
        Assert.AreEqual(System.Text.Json.JsonValueKind.Null, p.GetProperty("lastName").ValueKind, "nothing of the refused PATCH was saved");

        var off = await client.SendAsync(user, HttpMethod.Patch, "/api/profile", new { lastName = "Иванов", firstName = "Иван", billsByEmail = false });
        Assert.AreEqual(HttpStatusCode.OK, off.Status, "switching off needs no e-mail: " + off.Describe());
    }
}
