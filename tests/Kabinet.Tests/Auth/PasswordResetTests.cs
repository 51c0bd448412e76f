using System.Net;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Auth;

/// <summary>Password reset: the same answer for any login, a code, the policy, every session ends, the lock clears.</summary>
[TestClass]
public sealed class PasswordResetTests
{
    private const string NewPassword = "Brand9NewPass";

    private static Task<HttpResponseMessage> Start(HttpClient client, string login) => client.Post("/api/auth/password/reset", new { login });

    private static Task<HttpResponseMessage> Confirm(HttpClient client, string challengeId, string code, string newPassword) =>
        client.Post("/api/auth/password/reset/confirm", new { challengeId, code, newPassword });

    [TestMethod]
    public async Task Unknown_logins_get_the_same_answer_as_known_ones()
    {
        using var app = new AuthApp();
        var phoneUser = await TestUsers.RegisterAsync(app.Client);
        var emailUser = await TestUsers.RegisterAsync(app.Client, byEmail: true);

        var knownPhone = await (await Start(app.Client, phoneUser.Phone!)).AssertStatus(HttpStatusCode.Accepted);
        var unknownPhone = await (await Start(app.Client, TestUsers.NewPhone())).AssertStatus(HttpStatusCode.Accepted);
        var knownEmail = await (await Start(app.Client, emailUser.Email!)).AssertStatus(HttpStatusCode.Accepted);
        var unknownEmail = await (await Start(app.Client, TestUsers.NewEmail())).AssertStatus(HttpStatusCode.Accepted);

        Assert.AreEqual(Api.Shape(knownPhone), Api.Shape(unknownPhone));
        Assert.AreEqual(Api.Shape(knownEmail), Api.Shape(unknownEmail));
        Assert.AreEqual(knownPhone.GetProperty("channel").GetString(), unknownPhone.GetProperty("channel").GetString());
        Assert.AreEqual(knownEmail.GetProperty("channel").GetString(), unknownEmail.GetProperty("channel").GetString());
        Assert.AreEqual(knownPhone.GetProperty("challengeId").GetString()!.Length, unknownPhone.GetProperty("challengeId").GetString()!.Length);
        // No code passes the unknown login's challenge.
        var decoy = await Confirm(app.Client, unknownPhone.GetProperty("challengeId").GetString()!, "12345", NewPassword);
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, decoy.StatusCode);
    }

    [TestMethod]
    public async Task Unknown_logins_answer_alike_even_past_the_send_limit()
    {
        using var app = new AuthApp();
        var user = await TestUsers.RegisterAsync(app.Client); // one send to this phone already
        var unknown = TestUsers.NewPhone();
        await app.Client.StartRegistration(phone: unknown); // and one to this number, which has no account

        for (var i = 0; i < 5; i++)
        {
            var known = await Start(app.Client, user.Phone!);
            var other = await Start(app.Client, unknown);
            Assert.AreEqual(known.StatusCode, other.StatusCode,
                $"reset #{i + 1}: a registered phone answers {known.StatusCode}, an unregistered one {other.StatusCode}: the limit tells them apart");
        }
    }

    [TestMethod]
    public async Task Reset_by_phone_ends_every_session_and_swaps_the_password()
    {
        using var app = new AuthApp();
        var user = await TestUsers.RegisterAsync(app.Client);
        var other = await app.Client.LoginOk(user.Phone!, user.Password);

        var started = await (await Start(app.Client, "8" + user.Phone![2..])).AssertStatus(HttpStatusCode.Accepted);
        var challengeId = started.GetProperty("challengeId").GetString()!;
        Assert.AreEqual("sms", started.GetProperty("channel").GetString());
        var text = await TestUsers.SmsTextAsync(app.Client, user.Phone!, skip: 1);
        StringAssert.Contains(text, "восстановления пароля");
        var code = await TestUsers.SmsCodeAsync(app.Client, user.Phone!, skip: 1);

        // The new password is checked against the policy (every broken rule), and that does not spend the code.
        var weak = await Confirm(app.Client, challengeId, code, "weak");
        var rules = await weak.AssertValidation("newPassword");
        CollectionAssert.AreEquivalent(new[] { "password.too_short", "password.no_upper_case", "password.no_digit" }, rules);

        var done = await Confirm(app.Client, challengeId, code, NewPassword);
        Assert.AreEqual(HttpStatusCode.NoContent, done.StatusCode, await done.Content.ReadAsStringAsync());

        await (await app.Client.GetProfile(user.AccessToken)).AssertProblem(HttpStatusCode.Unauthorized, "auth.unauthorized");
        await (await app.Client.GetProfile(other.Access())).AssertProblem(HttpStatusCode.Unauthorized, "auth.unauthorized");
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await app.Client.Post("/api/auth/refresh", new { refreshToken = user.RefreshToken })).StatusCode);
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await app.Client.Post("/api/auth/refresh", new { refreshToken = other.Refresh() })).StatusCode);
        await (await app.Client.Login(user.Phone!, user.Password)).AssertProblem(HttpStatusCode.Unauthorized, "auth.invalid_credentials");
        var fresh = await app.Client.LoginOk(user.Phone!, NewPassword);
        await (await app.Client.GetProfile(fresh.Access())).AssertStatus(HttpStatusCode.OK);
        // The code is spent.
        await (await Confirm(app.Client, challengeId, code, "Another1Pass")).AssertProblem(HttpStatusCode.UnprocessableEntity, "auth.challenge_invalid");
    }

    [TestMethod]
    public async Task Reset_by_email()
    {
        using var app = new AuthApp();
        var user = await TestUsers.RegisterAsync(app.Client, byEmail: true);

        var started = await (await Start(app.Client, user.Email!.ToUpperInvariant())).AssertStatus(HttpStatusCode.Accepted);
        Assert.AreEqual("email", started.GetProperty("channel").GetString());
        var code = await TestUsers.EmailCodeAsync(user.Email!, skip: 1);
        var done = await Confirm(app.Client, started.GetProperty("challengeId").GetString()!, code, NewPassword);

        Assert.AreEqual(HttpStatusCode.NoContent, done.StatusCode, await done.Content.ReadAsStringAsync());
        await (await app.Client.GetProfile(user.AccessToken)).AssertProblem(HttpStatusCode.Unauthorized, "auth.unauthorized");
        await (await app.Client.Login(user.Email!, user.Password)).AssertStatus(HttpStatusCode.Unauthorized);
        await app.Client.LoginOk(user.Email!, NewPassword);
    }

    [TestMethod]
    public async Task Reset_clears_a_lockout()
    {
        using var app = new AuthApp();
        var user = await TestUsers.RegisterAsync(app.Client);
        for (var i = 0; i < 5; i++) await (await app.Client.Login(user.Phone!, "Wrong1Password")).AssertStatus(HttpStatusCode.Unauthorized);
        await (await app.Client.Login(user.Phone!, user.Password)).AssertProblem(HttpStatusCode.TooManyRequests, "auth.login_locked");

        var started = await (await Start(app.Client, user.Phone!)).AssertStatus(HttpStatusCode.Accepted);
        var code = await TestUsers.SmsCodeAsync(app.Client, user.Phone!, skip: 1);
        var done = await Confirm(app.Client, started.GetProperty("challengeId").GetString()!, code, NewPassword);
        Assert.AreEqual(HttpStatusCode.NoContent, done.StatusCode, await done.Content.ReadAsStringAsync());

        await app.Client.LoginOk(user.Phone!, NewPassword);
    }

    [TestMethod]
    public async Task Wrong_reset_codes_count_down()
    {
        using var app = new AuthApp();
        var user = await TestUsers.RegisterAsync(app.Client);
        var started = await (await Start(app.Client, user.Phone!)).AssertStatus(HttpStatusCode.Accepted);
        var code = await TestUsers.SmsCodeAsync(app.Client, user.Phone!, skip: 1);
        var wrong = ((int.Parse(code) + 1) % 100_000).ToString("D5");

        var body = await (await Confirm(app.Client, started.GetProperty("challengeId").GetString()!, wrong, NewPassword))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "auth.code_invalid");

        Assert.AreEqual(4, body.GetProperty("attemptsLeft").GetInt32());
        await app.Client.LoginOk(user.Phone!, user.Password);
    }

    [TestMethod]
    public async Task A_login_that_is_neither_phone_nor_email_is_a_validation_error()
    {
        using var app = new AuthApp();

        CollectionAssert.AreEqual(new[] { "auth.login_required" }, await (await Start(app.Client, "")).AssertValidation("login"));
    }
}
