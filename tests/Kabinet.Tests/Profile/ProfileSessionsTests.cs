using System.Net;
using System.Text.Json;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Profile;

/// <summary>GET /api/profile/sessions and DELETE /api/profile/sessions/{id}.</summary>
[TestClass]
public sealed class ProfileSessionsTests
{
    private static readonly TestApp App = new();
    private static KabinetFactory _factory => App.Root;

    [ClassCleanup]
    public static void Stop() => App.Dispose();

    private static async Task<List<JsonElement>> Sessions(HttpClient client, TestUser user)
    {
        var r = await client.SendAsync(user, HttpMethod.Get, "/api/profile/sessions");
        Assert.AreEqual(HttpStatusCode.OK, r.Status, r.Describe());
        return r.Body.GetProperty("items").EnumerateArray().ToList();
    }

    [TestMethod]
    public async Task Sessions_show_device_times_expiry_and_which_one_is_current()
    {
        using var phone = ProfileApi.Client(_factory, ProfileApi.NewDevice("phone"));
        using var laptop = ProfileApi.Client(_factory, ProfileApi.NewDevice("laptop"));
        var started = DateTimeOffset.UtcNow.AddMinutes(-1);
        var user = await TestUsers.MintAsync(_factory, like: phone);
        var onLaptop = await laptop.SignInAsync(user);

        var items = await Sessions(phone, user);

        Assert.AreEqual(2, items.Count, string.Join("\n", items));
        var mine = items.Single(s => s.GetProperty("device").GetString() == phone.Device());
        var theirs = items.Single(s => s.GetProperty("device").GetString() == laptop.Device());
        Assert.IsTrue(mine.GetProperty("current").GetBoolean(), "the session of this token is current");
        Assert.IsFalse(theirs.GetProperty("current").GetBoolean());
        foreach (var s in items)
        {
            Assert.IsFalse(string.IsNullOrEmpty(s.GetProperty("id").GetString()));
            var lastUsed = s.GetProperty("lastUsedAt").GetDateTimeOffset();
            Assert.IsTrue(lastUsed > started && lastUsed < DateTimeOffset.UtcNow.AddMinutes(1), "lastUsedAt " + lastUsed);
            var expiresAt = s.GetProperty("expiresAt").GetDateTimeOffset();
            Assert.IsTrue(Math.Abs((expiresAt - DateTimeOffset.UtcNow.AddDays(30)).TotalMinutes) < 5, "expiresAt ~30 days: " + expiresAt);
            var seconds = s.GetProperty("expiresInSeconds").GetInt64();
            Assert.IsTrue(seconds is > 30 * 86400 - 300 and <= 30 * 86400, "expiresInSeconds ~30 days: " + seconds);
        }
        var fromLaptop = await Sessions(laptop, onLaptop);
        Assert.IsTrue(fromLaptop.Single(s => s.GetProperty("device").GetString() == laptop.Device()).GetProperty("current").GetBoolean(),
            "current follows the token that asks");
    }

    [TestMethod]
    public async Task Ending_a_session_stops_its_tokens_and_leaves_the_others()
    {
        using var phone = ProfileApi.Client(_factory, ProfileApi.NewDevice("phone"));
        using var laptop = ProfileApi.Client(_factory, ProfileApi.NewDevice("laptop"));
        var user = await TestUsers.MintAsync(_factory, like: phone);
        var onLaptop = await laptop.SignInAsync(user);
        var laptopId = (await Sessions(phone, user)).Single(s => !s.GetProperty("current").GetBoolean()).GetProperty("id").GetString()!;

        var ended = await phone.SendAsync(user, HttpMethod.Delete, "/api/profile/sessions/" + laptopId);

        Assert.AreEqual(HttpStatusCode.NoContent, ended.Status, ended.Describe());
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await laptop.GetProfileAsync(onLaptop)).Status, "its access token");
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await laptop.RefreshAsync(onLaptop.RefreshToken)).Status, "its refresh token");
        Assert.AreEqual(HttpStatusCode.OK, (await phone.GetProfileAsync(user)).Status, "this session goes on");
        var left = await Sessions(phone, user);
        Assert.AreEqual(1, left.Count, string.Join("\n", left));
        Assert.IsTrue(left[0].GetProperty("current").GetBoolean());

        var again = await phone.SendAsync(user, HttpMethod.Delete, "/api/profile/sessions/" + laptopId);
        Assert.AreEqual(HttpStatusCode.NotFound, again.Status, "an ended session: " + again.Describe());
    }

    [TestMethod]
    public async Task Ending_an_unknown_or_another_users_session_is_404_and_ends_nothing()
    {
        using var client = ProfileApi.Client(_factory);
        using var bobClient = ProfileApi.Client(_factory);
        var alice = await TestUsers.MintAsync(_factory, like: client);
        var bob = await TestUsers.MintAsync(_factory, like: bobClient);
        var bobSession = (await Sessions(bobClient, bob)).Single().GetProperty("id").GetString()!;

        var foreign = await client.SendAsync(alice, HttpMethod.Delete, "/api/profile/sessions/" + bobSession);
        var unknown = await client.SendAsync(alice, HttpMethod.Delete, "/api/profile/sessions/" + Guid.NewGuid().ToString("N"));

        Assert.AreEqual(HttpStatusCode.NotFound, foreign.Status, foreign.Describe());
        Assert.AreEqual(HttpStatusCode.NotFound, unknown.Status, unknown.Describe());
        Assert.AreEqual(HttpStatusCode.OK, (await bobClient.GetProfileAsync(bob)).Status, "Bob's session is alive");
        Assert.AreEqual(1, (await Sessions(bobClient, bob)).Count);
    }

    [TestMethod]
    public async Task Odd_session_ids_are_4xx_never_5xx_through_the_host()
    {
        using var client = await ProfileApi.HostClientAsync();
        var user = await TestUsers.MintAsync(_factory, like: client);

        var wrong = new List<string>();
        foreach (var id in new[] { "%23", "%3F", "a%5Cb", "%27", "a%2Fb", "%C3%A9", "%00", "%01", new string('x', 2000), "%20", "..", "%2E%2E" })
        {
            var r = await client.SendAsync(user, HttpMethod.Delete, "/api/profile/sessions/" + id);
            if ((int)r.Status is < 400 or >= 500) wrong.Add($"id {id[..Math.Min(id.Length, 20)]} -> {(int)r.Status} {r.Body}");
        }
        Assert.AreEqual(0, wrong.Count, "an odd session id must be 4xx:\n" + string.Join("\n", wrong));
        Assert.AreEqual(1, (await Sessions(client, user)).Count);
    }
}
