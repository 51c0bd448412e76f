using System.Net;
using System.Text.Json;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Profile;

/// <summary>DELETE /api/profile, and one user's token never touching another user's profile.</summary>
[TestClass]
public sealed class ProfileDeleteAndIsolationTests
{
    private static readonly TestApp App = new();
    private static KabinetFactory _factory => App.Root;

    [ClassCleanup]
    public static void Stop() => App.Dispose();

    private static Task<Reply> Delete(HttpClient client, TestUser user, string password) =>
        client.SendAsync(user, HttpMethod.Delete, "/api/profile", new { password });

    [TestMethod]
    public async Task Delete_with_a_wrong_password_is_422_and_keeps_everything()
    {
        using var client = ProfileApi.Client(_factory);
        var user = await TestUsers.MintAsync(_factory, like: client);

        var r = await Delete(client, user, "Wr0ngPassword");

        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, r.Status, r.Describe());
        Assert.AreEqual("auth.password_wrong", r.Code);
        Assert.AreEqual(user.Phone, (await client.ProfileAsync(user)).GetProperty("phone").GetString());
        Assert.AreEqual(HttpStatusCode.OK, (await client.LoginAsync(user.Phone!, user.Password)).Status);
    }

    [TestMethod]
    public async Task Delete_ends_the_sessions_stops_sign_in_and_frees_phone_and_email_for_a_new_user()
    {
        using var client = ProfileApi.Client(_factory, ProfileApi.NewDevice("old-owner"));
        using var laptop = ProfileApi.Client(_factory);
        var user = await TestUsers.RegisterAsync(client);
        var email = TestUsers.NewEmail();
        var started = await client.SendAsync(user, HttpMethod.Post, "/api/profile/email", new { email });
        var confirmed = await client.SendAsync(user, HttpMethod.Post, "/api/profile/contacts/confirm",
            new { challengeId = started.Body.GetProperty("challengeId").GetString(), code = await TestUsers.EmailCodeAsync(email) });
        Assert.AreEqual(HttpStatusCode.OK, confirmed.Status, confirmed.Describe());
        await client.SendAsync(user, HttpMethod.Patch, "/api/profile", new { lastName = "Удалов", firstName = "Удал" });
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await client.LoginAsync(user.Phone!, "Wr0ngPassword")).Status);
        var other = await laptop.SignInAsync(user);

        var deleted = await Delete(client, user, user.Password);

        Assert.AreEqual(HttpStatusCode.NoContent, deleted.Status, deleted.Describe());
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await client.GetProfileAsync(user)).Status, "this session's access token");
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await laptop.GetProfileAsync(other)).Status, "another session's access token");
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await client.RefreshAsync(user.RefreshToken)).Status, "refresh");
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await laptop.RefreshAsync(other.RefreshToken)).Status, "the other refresh");
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await client.LoginAsync(user.Phone!, user.Password)).Status, "sign-in by phone");
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await client.LoginAsync(email, user.Password)).Status, "sign-in by e-mail");

        using var fresh = ProfileApi.Client(_factory, ProfileApi.NewDevice("new-owner"));
        var byPhone = await ProfileApi.RegisterWithAsync(fresh, phone: user.Phone);
        Assert.AreNotEqual(user.Id, byPhone.Id, "a new user, not the old one revived");
        var p = await fresh.ProfileAsync(byPhone);
        Assert.AreEqual(user.Phone, p.GetProperty("phone").GetString());
        Assert.AreEqual(JsonValueKind.Null, p.GetProperty("email").ValueKind, "nothing of the old user");
        Assert.AreEqual(JsonValueKind.Null, p.GetProperty("lastName").ValueKind, "nothing of the old user");
        var history = await ProfileHistoryTests.History(fresh, byPhone);
        CollectionAssert.AreEqual(new[] { "registered" }, history.Select(e => e.GetProperty("event").GetString()).ToArray(),
            "the new user's history has none of the old user's events");
        Assert.AreEqual(fresh.Device(), history[0].GetProperty("device").GetString());

        var byEmail = await ProfileApi.RegisterWithAsync(fresh, email: email);
        Assert.AreNotEqual(user.Id, byEmail.Id);
        Assert.AreNotEqual(byPhone.Id, byEmail.Id);
    }

    [TestMethod]
    public async Task One_users_token_reads_and_changes_only_its_own_profile()
    {
        using var aliceClient = ProfileApi.Client(_factory, ProfileApi.NewDevice("alice"));
        using var bobClient = ProfileApi.Client(_factory, ProfileApi.NewDevice("bob"));
        var alice = await TestUsers.MintAsync(_factory, like: aliceClient);
        var bob = await TestUsers.MintAsync(_factory, like: bobClient, password: "B0bsOwnPassword");
        await bobClient.SendAsync(bob, HttpMethod.Patch, "/api/profile", new { lastName = "Бобров", firstName = "Боб" });
        var bobBefore = (await bobClient.ProfileAsync(bob)).ToString();

        Assert.AreEqual(alice.Id, (await aliceClient.ProfileAsync(alice)).GetProperty("id").GetString());
        Assert.AreEqual(HttpStatusCode.OK, (await aliceClient.SendAsync(alice, HttpMethod.Patch, "/api/profile", new { lastName = "Алисова", firstName = "Алиса" })).Status);
        Assert.AreEqual(HttpStatusCode.OK, (await aliceClient.SendAsync(alice, HttpMethod.Put, "/api/profile/notifications", new { email = false, sms = false, messenger = true, marketing = true })).Status);
        Assert.AreEqual(HttpStatusCode.OK, (await aliceClient.SendAsync(alice, HttpMethod.Put, "/api/profile/two-factor", new { enabled = true })).Status);
        var wrongDelete = await Delete(aliceClient, alice, bob.Password);
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, wrongDelete.Status, "Bob's password does not delete anything with Alice's token: " + wrongDelete.Describe());
        var wrongChange = await aliceClient.SendAsync(alice, HttpMethod.Put, "/api/profile/password", new { currentPassword = bob.Password, newPassword = "Hijack3dPassword" });
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, wrongChange.Status, wrongChange.Describe());

        Assert.AreEqual(bobBefore, (await bobClient.ProfileAsync(bob)).ToString(), "Bob's profile is untouched");
        Assert.AreEqual(HttpStatusCode.OK, (await bobClient.LoginAsync(bob.Phone!, bob.Password)).Status, "Bob's password is untouched");

        var aliceSessions = (await aliceClient.SendAsync(alice, HttpMethod.Get, "/api/profile/sessions")).Body.GetProperty("items").EnumerateArray().ToList();
        Assert.IsTrue(aliceSessions.All(s => s.GetProperty("device").GetString() == aliceClient.Device()), "only Alice's sessions: " + string.Join("\n", aliceSessions));
        var aliceHistory = await ProfileHistoryTests.History(aliceClient, alice);
        Assert.IsTrue(aliceHistory.All(e => e.GetProperty("device").GetString() == aliceClient.Device()), "only Alice's events");
        var bobHistory = await ProfileHistoryTests.History(bobClient, bob);
        Assert.IsTrue(bobHistory.All(e => e.GetProperty("device").GetString() == bobClient.Device()), "only Bob's events");
        Assert.IsFalse(bobHistory.Any(e => e.GetProperty("event").GetString() == "two_factor_changed"));
    }
}
