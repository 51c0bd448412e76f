using System.Net;
using Kabinet.Profile;
using Kabinet.Tests.Auth;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Profile;

/// <summary>
/// A stolen access token alone cannot take the account over: changing the phone or e-mail and switching
/// two-factor off need the current password or a sign-in at most five minutes old.
/// </summary>
[TestClass]
public sealed class ReauthenticationTests
{
    private static readonly TimeSpan Stale = Reauthentication.FreshSignIn + TimeSpan.FromMinutes(1);

    /// <summary>
    /// A test clock <paramref name="behind"/> the real time: the test moves it up to now, so every access token
    /// it issues on the way is valid by the real clock the JWT check uses, while sessions age on the test clock.
    /// </summary>
    private static AuthApp AppBehind(TimeSpan behind) => new(new TestClock(DateTimeOffset.UtcNow - behind));

    private static Task<HttpResponseMessage> Send(HttpClient client, string accessToken, HttpMethod method, string path, object body) =>
        client.SendAsync(Api.Bearer(method, path, accessToken, body));

    [TestMethod]
    [DataRow(0, true)]
    [DataRow(299, true)]
    [DataRow(300, true)]
    [DataRow(301, false)]
    [DataRow(86_400, false)]
    public void A_sign_in_is_fresh_for_five_minutes(int secondsAgo, bool fresh)
    {
        var now = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        Assert.AreEqual(fresh, Reauthentication.IsFresh(now.AddSeconds(-secondsAgo), now));
    }

    [TestMethod]
    public async Task An_old_session_cannot_change_the_contacts_or_switch_two_factor_off_without_the_password()
    {
        using var app = AppBehind(Stale);
        var user = await TestUsers.MintAsync(app.Services, like: app.Client);
        await (await Send(app.Client, user.AccessToken, HttpMethod.Put, "/api/profile/two-factor", new { enabled = true })).AssertStatus(HttpStatusCode.OK);
        app.Clock!.Advance(Stale);
        // A refresh keeps the session alive but does not make it fresh.
        var token = (await (await app.Client.Post("/api/auth/refresh", new { refreshToken = user.RefreshToken })).AssertStatus(HttpStatusCode.OK)).Access();
        var phone = TestUsers.NewPhone();
        var email = TestUsers.NewEmail();

        await (await Send(app.Client, token, HttpMethod.Post, "/api/profile/phone", new { phone })).AssertProblem(HttpStatusCode.Forbidden, "auth.reauthentication_required");
        await (await Send(app.Client, token, HttpMethod.Post, "/api/profile/email", new { email })).AssertProblem(HttpStatusCode.Forbidden, "auth.reauthentication_required");
        await (await Send(app.Client, token, HttpMethod.Put, "/api/profile/two-factor", new { enabled = false })).AssertProblem(HttpStatusCode.Forbidden, "auth.reauthentication_required");
        await (await Send(app.Client, token, HttpMethod.Put, "/api/profile/two-factor", new { enabled = false, password = "" })).AssertProblem(HttpStatusCode.Forbidden, "auth.reauthentication_required");
        var profile = await (await app.Client.GetProfile(token)).AssertStatus(HttpStatusCode.OK);
        Assert.IsTrue(profile.GetProperty("twoFactor").GetBoolean(), "two-factor is still on");

        // A wrong password is told apart (and counted); a bad contact is still a field error first.
        var wrong = await Send(app.Client, token, HttpMethod.Post, "/api/profile/phone", new { phone, password = "Wr0ngPassword" });
        CollectionAssert.AreEqual(new[] { "auth.password_wrong" }, (await wrong.AssertProblem(HttpStatusCode.UnprocessableEntity, "auth.password_wrong"))
            .GetProperty("errors").EnumerateArray().Where(e => e.GetProperty("field").GetString() == "password").Select(e => e.GetProperty("code").GetString()).ToArray());
        var badPhone = await Send(app.Client, token, HttpMethod.Post, "/api/profile/phone", new { phone = "12" });
        CollectionAssert.Contains(await badPhone.AssertValidation("phone"), "auth.phone_invalid");

        // With the password, all three go through.
        await (await Send(app.Client, token, HttpMethod.Post, "/api/profile/phone", new { phone, password = user.Password })).AssertStatus(HttpStatusCode.Accepted);
        await (await Send(app.Client, token, HttpMethod.Post, "/api/profile/email", new { email, password = user.Password })).AssertStatus(HttpStatusCode.Accepted);
        var off = await (await Send(app.Client, token, HttpMethod.Put, "/api/profile/two-factor", new { enabled = false, password = user.Password })).AssertStatus(HttpStatusCode.OK);
        Assert.IsFalse(off.GetProperty("twoFactor").GetBoolean());
        // Switching it on needs nothing more: it only makes the account harder to enter.
        await (await Send(app.Client, token, HttpMethod.Put, "/api/profile/two-factor", new { enabled = true })).AssertStatus(HttpStatusCode.OK);
    }

    [TestMethod]
    public async Task A_fresh_sign_in_counts_as_reauthentication_for_five_minutes()
    {
        using var app = AppBehind(Stale + Reauthentication.FreshSignIn + TimeSpan.FromSeconds(10));
        var user = await TestUsers.MintAsync(app.Services, like: app.Client);
        app.Clock!.Advance(Stale);
        await (await Send(app.Client, user.AccessToken, HttpMethod.Post, "/api/profile/email", new { email = TestUsers.NewEmail() }))
            .AssertProblem(HttpStatusCode.Forbidden, "auth.reauthentication_required");

        var signedIn = await app.Client.LoginOk(user.Phone!, user.Password);

        await (await Send(app.Client, signedIn.Access(), HttpMethod.Post, "/api/profile/email", new { email = TestUsers.NewEmail() })).AssertStatus(HttpStatusCode.Accepted);
        app.Clock.Advance(Reauthentication.FreshSignIn - TimeSpan.FromSeconds(10));
        await (await Send(app.Client, signedIn.Access(), HttpMethod.Post, "/api/profile/email", new { email = TestUsers.NewEmail() })).AssertStatus(HttpStatusCode.Accepted);
        app.Clock.Advance(TimeSpan.FromSeconds(20));
        await (await Send(app.Client, signedIn.Access(), HttpMethod.Post, "/api/profile/email", new { email = TestUsers.NewEmail() }))
            .AssertProblem(HttpStatusCode.Forbidden, "auth.reauthentication_required");
    }

    [TestMethod]
    public async Task Guessing_the_password_with_a_stolen_token_locks_the_confirmation()
    {
        using var app = AppBehind(Stale);
        var user = await TestUsers.MintAsync(app.Services, like: app.Client);
        app.Clock!.Advance(Stale);
        var phone = TestUsers.NewPhone();

        for (var i = 0; i < 5; i++)
            await (await Send(app.Client, user.AccessToken, HttpMethod.Post, "/api/profile/phone", new { phone, password = $"Wr0ngPassword{i}" }))
                .AssertProblem(HttpStatusCode.UnprocessableEntity, "auth.password_wrong");

        await (await Send(app.Client, user.AccessToken, HttpMethod.Post, "/api/profile/phone", new { phone, password = user.Password }))
            .AssertProblem(HttpStatusCode.TooManyRequests, "auth.login_locked");
    }
}
