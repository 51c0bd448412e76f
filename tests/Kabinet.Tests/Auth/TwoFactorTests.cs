using System.Net;
using System.Text.Json;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Auth;

/// <summary>
/// Two-factor sign-in: a code by SMS; a device trusted at login/confirm gets a device token from the server,
/// and only that token (never the client's device id) skips the code later.
/// </summary>
[TestClass]
public sealed class TwoFactorTests
{
    /// <summary>Turns two-factor on and waits for its notice, so the next SMS to the phone is the next code.</summary>
    private static async Task<TestUser> UserWithTwoFactor(HttpClient client)
    {
        var user = await TestUsers.RegisterAsync(client);
        var changed = await client.SendAsync(user.Request(HttpMethod.Put, "/api/profile/two-factor", new { enabled = true }));
        var profile = await changed.AssertStatus(HttpStatusCode.OK);
        Assert.IsTrue(profile.GetProperty("twoFactor").GetBoolean());
        StringAssert.Contains(await TestUsers.SmsTextAsync(client, user.Phone!, skip: 1), "включён");
        return user;
    }

    private static Task<HttpResponseMessage> Login(HttpClient client, TestUser user, string? deviceId, string? deviceToken = null) =>
        client.Post("/api/auth/login", new { login = user.Phone, password = user.Password, deviceId, deviceToken });

    private static async Task<string> Challenge(HttpClient client, TestUser user, string? deviceId, string? deviceToken = null)
    {
        var body = await (await Login(client, user, deviceId, deviceToken)).AssertStatus(HttpStatusCode.Accepted);
        Assert.IsFalse(body.TryGetProperty("accessToken", out _), "no tokens before the second factor: " + body);
        return body.GetProperty("challengeId").GetString()!;
    }

    /// <summary>Signs in on a device with the SMS code (the SMS number <paramref name="sms"/> to the phone); returns the token response.</summary>
    private static async Task<JsonElement> SignInWithCode(HttpClient client, TestUser user, string? deviceId, int sms, bool trustDevice)
    {
        var challengeId = await Challenge(client, user, deviceId);
        var code = await TestUsers.SmsCodeAsync(client, user.Phone!, skip: sms - 1);
        return await (await client.Post("/api/auth/login/confirm", new { challengeId, code, trustDevice })).AssertStatus(HttpStatusCode.OK);
    }

    private static string DeviceToken(JsonElement tokens) => tokens.GetProperty("deviceToken").GetString()!;

    [TestMethod]
    public async Task A_new_device_needs_the_sms_code_and_a_trusted_device_token_does_not()
    {
        using var app = new AuthApp();
        var user = await UserWithTwoFactor(app.Client);

        var tokens = await SignInWithCode(app.Client, user, "phone-A", sms: 3, trustDevice: true);

        await (await app.Client.GetProfile(tokens.Access())).AssertStatus(HttpStatusCode.OK);
        var deviceToken = DeviceToken(tokens);
        Assert.IsTrue(deviceToken.Length >= 40, "a random token of the server: " + deviceToken);
        var again = await (await Login(app.Client, user, "phone-A", deviceToken)).AssertStatus(HttpStatusCode.OK);
        await (await app.Client.GetProfile(again.Access())).AssertStatus(HttpStatusCode.OK);
        Assert.IsFalse(again.TryGetProperty("deviceToken", out _), "issued once, at login/confirm: " + again);
        await (await Login(app.Client, user, null, deviceToken)).AssertStatus(HttpStatusCode.OK); // the token is the proof, the id only a name
        await Challenge(app.Client, user, "phone-B");
        await Challenge(app.Client, user, null);
    }

    [TestMethod]
    public async Task A_device_id_alone_never_skips_the_second_factor()
    {
        using var app = new AuthApp();
        var user = await UserWithTwoFactor(app.Client);
        var tokens = await SignInWithCode(app.Client, user, "phone-A", sms: 3, trustDevice: true);
        Assert.IsFalse(string.IsNullOrEmpty(DeviceToken(tokens)));

        // The trusted device's own id, as an attacker who saw it would send it: still a code.
        await Challenge(app.Client, user, "phone-A");
        // Nor is a forged token (at most five codes an hour go to one phone: two are left).
        foreach (var forged in new[] { DeviceToken(tokens) + "x", new string('x', 5000) })
            await Challenge(app.Client, user, "phone-A", forged);
    }

    [TestMethod]
    public async Task Without_trustDevice_no_device_token_is_issued_and_the_device_is_asked_again()
    {
        using var app = new AuthApp();
        var user = await UserWithTwoFactor(app.Client);

        var tokens = await SignInWithCode(app.Client, user, "laptop-1", sms: 3, trustDevice: false);

        Assert.IsFalse(tokens.TryGetProperty("deviceToken", out _), "no device token: " + tokens);
        await Challenge(app.Client, user, "laptop-1");
    }

    [TestMethod]
    public async Task The_second_factor_needs_the_right_password_first_and_the_right_code()
    {
        using var app = new AuthApp();
        var user = await UserWithTwoFactor(app.Client);

        await (await app.Client.Login(user.Phone!, "Wrong1Password", "dev-1")).AssertProblem(HttpStatusCode.Unauthorized, "auth.invalid_credentials");
        var challengeId = await Challenge(app.Client, user, "dev-1");
        var code = await TestUsers.SmsCodeAsync(app.Client, user.Phone!, skip: 2);
        var wrong = ((int.Parse(code) + 1) % 100_000).ToString("D5");

        var body = await (await app.Client.Post("/api/auth/login/confirm", new { challengeId, code = wrong, trustDevice = true }))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "auth.code_invalid");
        Assert.AreEqual(4, body.GetProperty("attemptsLeft").GetInt32());
        await (await app.Client.Post("/api/auth/login/confirm", new { challengeId, code, trustDevice = true })).AssertStatus(HttpStatusCode.OK);
        await (await app.Client.Post("/api/auth/login/confirm", new { challengeId, code, trustDevice = true }))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "auth.challenge_invalid");
    }

    [TestMethod]
    public async Task A_device_token_belongs_to_its_user()
    {
        using var app = new AuthApp();
        var first = await UserWithTwoFactor(app.Client);
        var second = await UserWithTwoFactor(app.Client);
        var tokens = await SignInWithCode(app.Client, first, "shared-device", sms: 3, trustDevice: true);

        await Challenge(app.Client, second, "shared-device", DeviceToken(tokens));
    }

    [TestMethod]
    public async Task A_password_change_forgets_every_trusted_device()
    {
        using var app = new AuthApp();
        var user = await UserWithTwoFactor(app.Client);
        var deviceToken = DeviceToken(await SignInWithCode(app.Client, user, "dev-1", sms: 3, trustDevice: true));
        await (await Login(app.Client, user, "dev-1", deviceToken)).AssertStatus(HttpStatusCode.OK);
        const string newPassword = "N3wPassword1";

        var changed = await app.Client.SendAsync(user.Request(HttpMethod.Put, "/api/profile/password", new { currentPassword = user.Password, newPassword }));

        Assert.AreEqual(HttpStatusCode.NoContent, changed.StatusCode, await changed.Content.ReadAsStringAsync());
        await Challenge(app.Client, user with { Password = newPassword }, "dev-1", deviceToken);
    }

    [TestMethod]
    public async Task A_password_reset_forgets_every_trusted_device()
    {
        using var app = new AuthApp();
        var user = await UserWithTwoFactor(app.Client);
        var deviceToken = DeviceToken(await SignInWithCode(app.Client, user, "dev-1", sms: 3, trustDevice: true));
        await TestUsers.SmsTextAsync(app.Client, user.Phone!, skip: 3); // the trusted-device notice
        const string newPassword = "R3setPassword1";

        var started = await (await app.Client.Post("/api/auth/password/reset", new { login = user.Phone })).AssertStatus(HttpStatusCode.Accepted);
        var code = await TestUsers.SmsCodeAsync(app.Client, user.Phone!, skip: 4);
        var done = await app.Client.Post("/api/auth/password/reset/confirm",
            new { challengeId = started.GetProperty("challengeId").GetString(), code, newPassword });

        Assert.AreEqual(HttpStatusCode.NoContent, done.StatusCode, await done.Content.ReadAsStringAsync());
        await Challenge(app.Client, user with { Password = newPassword }, "dev-1", deviceToken);
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
