using System.Net;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Auth;

/// <summary>Two-factor sign-in: a code by SMS on a new device; a trusted device is not asked again.</summary>
[TestClass]
public sealed class TwoFactorTests
{
    private static async Task<TestUser> UserWithTwoFactor(HttpClient client)
    {
        var user = await TestUsers.RegisterAsync(client);
        var changed = await client.SendAsync(user.Request(HttpMethod.Put, "/api/profile/two-factor", new { enabled = true }));
        var profile = await changed.AssertStatus(HttpStatusCode.OK);
        Assert.IsTrue(profile.GetProperty("twoFactor").GetBoolean());
        return user;
    }

    private static async Task<string> Challenge(HttpClient client, TestUser user, string? deviceId)
    {
        var body = await (await client.Login(user.Phone!, user.Password, deviceId)).AssertStatus(HttpStatusCode.Accepted);
        Assert.IsFalse(body.TryGetProperty("accessToken", out _), "no tokens before the second factor: " + body);
        return body.GetProperty("challengeId").GetString()!;
    }

    [TestMethod]
    public async Task A_new_device_needs_the_sms_code_and_a_trusted_device_does_not()
    {
        using var app = new AuthApp();
        var user = await UserWithTwoFactor(app.Client);

        var challengeId = await Challenge(app.Client, user, "phone-A");
        var code = await TestUsers.SmsCodeAsync(app.Client, user.Phone!, skip: 1);
        var confirmed = await app.Client.Post("/api/auth/login/confirm", new { challengeId, code, trustDevice = true });

        var tokens = await confirmed.AssertStatus(HttpStatusCode.OK);
        await (await app.Client.GetProfile(tokens.Access())).AssertStatus(HttpStatusCode.OK);
        var again = await app.Client.LoginOk(user.Phone!, user.Password, "phone-A");
        await (await app.Client.GetProfile(again.Access())).AssertStatus(HttpStatusCode.OK);
        await Challenge(app.Client, user, "phone-B");
        await Challenge(app.Client, user, null);
    }

    [TestMethod]
    public async Task Without_trustDevice_the_device_is_asked_again()
    {
        using var app = new AuthApp();
        var user = await UserWithTwoFactor(app.Client);
        var challengeId = await Challenge(app.Client, user, "laptop-1");
        var code = await TestUsers.SmsCodeAsync(app.Client, user.Phone!, skip: 1);

        await (await app.Client.Post("/api/auth/login/confirm", new { challengeId, code, trustDevice = false })).AssertStatus(HttpStatusCode.OK);

        await Challenge(app.Client, user, "laptop-1");
    }

    [TestMethod]
    public async Task The_second_factor_needs_the_right_password_first_and_the_right_code()
    {
        using var app = new AuthApp();
        var user = await UserWithTwoFactor(app.Client);

        await (await app.Client.Login(user.Phone!, "Wrong1Password", "dev-1")).AssertProblem(HttpStatusCode.Unauthorized, "auth.invalid_credentials");
        var challengeId = await Challenge(app.Client, user, "dev-1");
        var code = await TestUsers.SmsCodeAsync(app.Client, user.Phone!, skip: 1);
        var wrong = ((int.Parse(code) + 1) % 100_000).ToString("D5");

        var body = await (await app.Client.Post("/api/auth/login/confirm", new { challengeId, code = wrong, trustDevice = true }))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "auth.code_invalid");
        Assert.AreEqual(4, body.GetProperty("attemptsLeft").GetInt32());
        await (await app.Client.Post("/api/auth/login/confirm", new { challengeId, code, trustDevice = true })).AssertStatus(HttpStatusCode.OK);
        await (await app.Client.Post("/api/auth/login/confirm", new { challengeId, code, trustDevice = true }))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "auth.challenge_invalid");
    }

    [TestMethod]
    public async Task Trust_belongs_to_the_user_not_to_the_device_id()
    {
        using var app = new AuthApp();
        var first = await UserWithTwoFactor(app.Client);
        var second = await UserWithTwoFactor(app.Client);
        var challengeId = await Challenge(app.Client, first, "shared-device");
        var code = await TestUsers.SmsCodeAsync(app.Client, first.Phone!, skip: 1);
        await (await app.Client.Post("/api/auth/login/confirm", new { challengeId, code, trustDevice = true })).AssertStatus(HttpStatusCode.OK);

        await Challenge(app.Client, second, "shared-device");
    }

    [TestMethod]
    public async Task Turning_two_factor_off_signs_in_directly_again()
    {
        using var app = new AuthApp();
        var user = await UserWithTwoFactor(app.Client);
        await Challenge(app.Client, user, "dev-x");

        var off = await app.Client.SendAsync(user.Request(HttpMethod.Put, "/api/profile/two-factor", new { enabled = false }));
        Assert.IsFalse((await off.AssertStatus(HttpStatusCode.OK)).GetProperty("twoFactor").GetBoolean());

        await app.Client.LoginOk(user.Phone!, user.Password, "dev-x");
    }
}
