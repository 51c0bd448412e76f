using System.Net;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Auth;

/// <summary>Sign-in: by phone or e-mail, one answer for every failure, lockout per login and per client address.</summary>
[TestClass]
public sealed class LoginTests
{
    [TestMethod]
    public async Task Sign_in_by_phone_and_by_email()
    {
        using var app = new AuthApp();
        var byPhone = await TestUsers.RegisterAsync(app.Client);
        var byEmail = await TestUsers.RegisterAsync(app.Client, byEmail: true);

        var phoneTokens = await app.Client.LoginOk(byPhone.Phone!, byPhone.Password);
        var emailTokens = await app.Client.LoginOk(byEmail.Email!, byEmail.Password);

        foreach (var (tokens, user) in new[] { (phoneTokens, byPhone), (emailTokens, byEmail) })
        {
            Assert.AreEqual(user.Id, tokens.GetProperty("user").GetProperty("id").GetString());
            Assert.AreEqual("Bearer", tokens.GetProperty("tokenType").GetString());
            Assert.IsTrue(tokens.GetProperty("expiresIn").GetInt32() > 0);
            Assert.AreNotEqual(user.RefreshToken, tokens.Refresh(), "a new session has its own refresh token");
            var profile = await (await app.Client.GetProfile(tokens.Access())).AssertStatus(HttpStatusCode.OK);
            Assert.AreEqual(user.Id, profile.GetProperty("id").GetString());
        }
    }

    [TestMethod]
    public async Task Wrong_password_and_unknown_login_answer_alike()
    {
        using var app = new AuthApp();
        var user = await TestUsers.RegisterAsync(app.Client);

        var wrongPassword = await app.Client.Login(user.Phone!, "Wrong1Password");
        var unknownPhone = await app.Client.Login(TestUsers.NewPhone(), "Wrong1Password");
        var unknownEmail = await app.Client.Login(TestUsers.NewEmail(), "Wrong1Password");
        var notALogin = await app.Client.Login("hello", "Wrong1Password");

        var reference = await wrongPassword.AssertProblem(HttpStatusCode.Unauthorized, "auth.invalid_credentials");
        foreach (var other in new[] { unknownPhone, unknownEmail, notALogin })
        {
            var body = await other.AssertProblem(HttpStatusCode.Unauthorized, "auth.invalid_credentials");
            Assert.AreEqual(Api.Shape(reference), Api.Shape(body));
            Assert.AreEqual(reference.GetProperty("detail").GetString(), body.GetProperty("detail").GetString());
            Assert.AreEqual(reference.GetProperty("title").GetString(), body.GetProperty("title").GetString());
            Assert.AreEqual(wrongPassword.Headers.Contains("Retry-After"), other.Headers.Contains("Retry-After"));
        }
    }

    [TestMethod]
    public async Task Five_failures_lock_the_login_for_fifteen_minutes_even_for_the_right_password()
    {
        using var app = new AuthApp(AuthApp.NewClock());
        var user = await TestUsers.RegisterAsync(app.Client);
        for (var i = 0; i < 5; i++)
        {
            await (await app.Client.Login(user.Phone!, "Wrong1Password")).AssertProblem(HttpStatusCode.Unauthorized, "auth.invalid_credentials");
            app.Clock!.Advance(TimeSpan.FromSeconds(30));
        }

        var locked = await app.Client.Login(user.Phone!, user.Password);
        var body = await locked.AssertProblem(HttpStatusCode.TooManyRequests, "auth.login_locked");
        var retry = locked.Headers.RetryAfter?.Delta?.TotalSeconds;
        Assert.IsTrue(retry is > 14 * 60 and <= 15 * 60, $"Retry-After {retry}");
        Assert.AreEqual((int)retry!, body.GetProperty("retryAfterSeconds").GetInt32());
        // The same login spelled otherwise, and from another address, is locked too.
        await (await app.NewClient().Login("8" + user.Phone![2..], user.Password)).AssertProblem(HttpStatusCode.TooManyRequests, "auth.login_locked");

        app.Clock!.Advance(TimeSpan.FromMinutes(14));
        await (await app.Client.Login(user.Phone!, user.Password)).AssertProblem(HttpStatusCode.TooManyRequests, "auth.login_locked");
        app.Clock.Advance(TimeSpan.FromSeconds(40));
        await app.Client.LoginOk(user.Phone!, user.Password);
    }

    [TestMethod]
    public async Task Failures_spread_over_more_than_fifteen_minutes_do_not_lock()
    {
        using var app = new AuthApp(AuthApp.NewClock());
        var user = await TestUsers.RegisterAsync(app.Client, byEmail: true);
        for (var i = 0; i < 4; i++) await (await app.Client.Login(user.Email!, "Wrong1Password")).AssertStatus(HttpStatusCode.Unauthorized);

        app.Clock!.Advance(TimeSpan.FromMinutes(16));
        await (await app.Client.Login(user.Email!, "Wrong1Password")).AssertStatus(HttpStatusCode.Unauthorized);

        await app.Client.LoginOk(user.Email!, user.Password);
    }

    [TestMethod]
    public async Task A_success_starts_the_count_again()
    {
        using var app = new AuthApp();
        var user = await TestUsers.RegisterAsync(app.Client);
        for (var i = 0; i < 4; i++) await (await app.Client.Login(user.Phone!, "Wrong1Password")).AssertStatus(HttpStatusCode.Unauthorized);
        await app.Client.LoginOk(user.Phone!, user.Password);

        for (var i = 0; i < 4; i++) await (await app.Client.Login(user.Phone!, "Wrong1Password")).AssertStatus(HttpStatusCode.Unauthorized);

        await app.Client.LoginOk(user.Phone!, user.Password);
    }

    [TestMethod]
    public async Task An_unknown_login_locks_like_a_known_one()
    {
        using var app = new AuthApp();
        var phone = TestUsers.NewPhone();
        for (var i = 0; i < 5; i++) await (await app.Client.Login(phone, "Wrong1Password")).AssertStatus(HttpStatusCode.Unauthorized);

        await (await app.Client.Login(phone, "Wrong1Password")).AssertProblem(HttpStatusCode.TooManyRequests, "auth.login_locked");
    }

    [TestMethod]
    public async Task The_lock_lives_in_table_storage_and_every_instance_sees_it()
    {
        using var first = new AuthApp();
        using var second = new AuthApp();
        var user = await TestUsers.RegisterAsync(first.Client);
        await second.Client.LoginOk(user.Phone!, user.Password);

        for (var i = 0; i < 5; i++) await (await first.Client.Login(user.Phone!, "Wrong1Password")).AssertStatus(HttpStatusCode.Unauthorized);

        await (await second.Client.Login(user.Phone!, user.Password)).AssertProblem(HttpStatusCode.TooManyRequests, "auth.login_locked");
    }

    [TestMethod]
    public async Task Failures_counted_by_two_instances_add_up()
    {
        using var first = new AuthApp();
        using var second = new AuthApp();
        var user = await TestUsers.RegisterAsync(first.Client);

        for (var i = 0; i < 5; i++)
            await (await (i % 2 == 0 ? first : second).Client.Login(user.Phone!, "Wrong1Password")).AssertStatus(HttpStatusCode.Unauthorized);

        await (await first.Client.Login(user.Phone!, user.Password)).AssertProblem(HttpStatusCode.TooManyRequests, "auth.login_locked");
    }
}
