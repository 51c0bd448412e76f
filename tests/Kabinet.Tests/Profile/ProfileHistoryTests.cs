using System.Net;
using System.Text.Json;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Profile;

/// <summary>GET /api/profile/history: the user's audit trail, newest first, cursor-paged.</summary>
[TestClass]
public sealed class ProfileHistoryTests
{
    private static readonly TestApp App = new();
    private static KabinetFactory _factory => App.Root;

    [ClassCleanup]
    public static void Stop() => App.Dispose();

    public static async Task<Reply> HistoryPage(HttpClient client, TestUser user, string query = "")
    {
        var r = await client.SendAsync(user, HttpMethod.Get, "/api/profile/history" + query);
        return r;
    }

    public static async Task<List<JsonElement>> History(HttpClient client, TestUser user)
    {
        var r = await HistoryPage(client, user);
        Assert.AreEqual(HttpStatusCode.OK, r.Status, r.Describe());
        return r.Body.GetProperty("items").EnumerateArray().ToList();
    }

    private static string Event(JsonElement e) => e.GetProperty("event").GetString()!;

    [TestMethod]
    public async Task History_lists_what_happened_newest_first_with_time_device_and_address_and_pages()
    {
        using var client = ProfileApi.Client(_factory, ProfileApi.NewDevice("history"));
        var since = DateTimeOffset.UtcNow.AddMinutes(-1);
        var user = await TestUsers.RegisterAsync(client);                                                   // registered
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await client.LoginAsync(user.Phone!, "Wr0ngPassword")).Status); // sign_in_failed
        await client.SignInAsync(user);                                                                     // sign_in
        var email = TestUsers.NewEmail();
        var started = await client.SendAsync(user, HttpMethod.Post, "/api/profile/email", new { email });
        var confirmed = await client.SendAsync(user, HttpMethod.Post, "/api/profile/contacts/confirm",
            new { challengeId = started.Body.GetProperty("challengeId").GetString(), code = await TestUsers.EmailCodeAsync(email) });
        Assert.AreEqual(HttpStatusCode.OK, confirmed.Status, confirmed.Describe());                          // contact_changed
        const string newPassword = "An0therPassword";
        Assert.AreEqual(HttpStatusCode.NoContent, (await client.SendAsync(user, HttpMethod.Put, "/api/profile/password",
            new { currentPassword = user.Password, newPassword })).Status);                                 // password_changed
        var second = await client.SignInAsync(user, password: newPassword);                                 // sign_in
        var secondId = (await client.SendAsync(second, HttpMethod.Get, "/api/profile/sessions")).Body.GetProperty("items")
            .EnumerateArray().Single(s => s.GetProperty("current").GetBoolean()).GetProperty("id").GetString();
        Assert.AreEqual(HttpStatusCode.NoContent, (await client.SendAsync(user, HttpMethod.Delete, "/api/profile/sessions/" + secondId)).Status); // session_ended
        Assert.AreEqual(HttpStatusCode.OK, (await client.SendAsync(user, HttpMethod.Put, "/api/profile/two-factor", new { enabled = true })).Status); // two_factor_changed

        var items = await History(client, user);

        string[] expected = ["two_factor_changed", "session_ended", "sign_in", "password_changed", "contact_changed", "sign_in", "sign_in_failed", "registered"];
        CollectionAssert.AreEqual(expected, items.Select(Event).ToArray(), "newest first: " + string.Join(", ", items.Select(Event)));
        var times = items.Select(e => e.GetProperty("at").GetDateTimeOffset()).ToList();
        foreach (var (e, at) in items.Zip(times))
        {
            Assert.IsTrue(at > since && at < DateTimeOffset.UtcNow.AddMinutes(1), $"{Event(e)} at {at}");
            Assert.AreEqual(client.Device(), e.GetProperty("device").GetString(), Event(e) + " device");
            Assert.AreEqual(client.Address(), e.GetProperty("clientAddress").GetString(), Event(e) + " clientAddress");
        }
        for (var i = 1; i < times.Count; i++) Assert.IsTrue(times[i - 1] >= times[i], "newest first by time");

        // Pages of two continue one another and add up to the whole trail.
        var paged = new List<JsonElement>();
        string? cursor = null;
        for (var page = 0; page < 10; page++)
        {
            var r = await HistoryPage(client, user, "?limit=2" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            Assert.AreEqual(HttpStatusCode.OK, r.Status, r.Describe());
            var pageItems = r.Body.GetProperty("items").EnumerateArray().ToList();
            Assert.IsTrue(pageItems.Count <= 2, "limit=2 gives at most 2: " + r.Describe());
            paged.AddRange(pageItems);
            cursor = r.Body.GetProperty("nextCursor").GetString();
            if (page == 0)
            {
                Assert.AreEqual(2, pageItems.Count);
                Assert.IsNotNull(cursor, "a first page of 2 out of 8 has a nextCursor");
            }
            if (cursor is null) break;
        }
        Assert.IsNull(cursor, "the pages end");
        CollectionAssert.AreEqual(items.Select(e => e.ToString()).ToArray(), paged.Select(e => e.ToString()).ToArray(), "the pages continue one another");
    }

    [TestMethod]
    public async Task A_garbage_cursor_is_4xx_never_5xx()
    {
        using var client = ProfileApi.Client(_factory);
        var user = await TestUsers.MintAsync(_factory, like: client);

        var wrong = new List<string>();
        foreach (var cursor in new[] { "garbage", "a b", "a b c", "' or PartitionKey ne ''", "Жук", "!!!", new string('z', 3000), "1!eyJ4Ijoi", "x y z w" })
        {
            var r = await HistoryPage(client, user, "?limit=2&cursor=" + Uri.EscapeDataString(cursor));
            if ((int)r.Status is < 400 or >= 500) wrong.Add($"cursor {JsonSerializer.Serialize(cursor[..Math.Min(cursor.Length, 24)])} -> {(int)r.Status} {r.Body}");
        }
        Assert.AreEqual(0, wrong.Count, "a garbage cursor must be 4xx:\n" + string.Join("\n", wrong));
    }

    [TestMethod]
    public async Task A_cursor_cannot_reach_another_users_history()
    {
        using var client = ProfileApi.Client(_factory);
        using var bobClient = ProfileApi.Client(_factory);
        var alice = await TestUsers.MintAsync(_factory, like: client);
        var bob = await TestUsers.MintAsync(_factory, like: bobClient);
        await bobClient.SignInAsync(bob);
        await bobClient.SignInAsync(bob);
        var bobFirst = await HistoryPage(bobClient, bob, "?limit=1");
        var bobCursor = bobFirst.Body.GetProperty("nextCursor").GetString();
        Assert.IsNotNull(bobCursor, bobFirst.Describe());

        var r = await HistoryPage(client, alice, "?limit=5&cursor=" + Uri.EscapeDataString(bobCursor));

        ProfileApi.AssertNotServerError(r, "Bob's cursor");
        if (r.Status == HttpStatusCode.OK)
            foreach (var e in r.Body.GetProperty("items").EnumerateArray())
                Assert.AreNotEqual(bobClient.Device(), e.GetProperty("device").GetString(), "Alice sees none of Bob's events: " + r.Describe());
    }
}
