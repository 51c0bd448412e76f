using System.Net;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Profile;

/// <summary>Password change, notification channels and two-factor sign-in.</summary>
[TestClass]
public sealed class ProfileSecurityTests
{
    private static readonly TestApp App = new();
    private static KabinetFactory _factory => App.Root;

    [ClassCleanup]
    public static void Stop() => App.Dispose();

    [TestMethod]
    public async Task Password_change_needs_the_current_password_and_the_policy()
    {
        using var client = ProfileApi.Client(_factory);
        var user = await TestUsers.MintAsync(_factory, like: client);

        var wrong = await client.SendAsync(user, HttpMethod.Put, "/api/profile/password", new { currentPassword = "Wr0ngPassword", newPassword = "NewPassw0rd" });
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, wrong.Status, wrong.Describe());
        Assert.AreEqual("auth.password_wrong", wrong.Code);
        ProfileApi.AssertFieldError(wrong, "currentPassword", "auth.password_wrong");

        var weak = await client.SendAsync(user, HttpMethod.Put, "/api/profile/password", new { currentPassword = user.Password, newPassword = "short" });
        foreach (var rule in new[] { "password.too_short", "password.no_upper_case", "password.no_digit" })
            ProfileApi.AssertFieldError(weak, "newPassword", rule, "short");
        var cyrillic = await client.SendAsync(user, HttpMethod.Put, "/api/profile/password", new { currentPassword = user.Password, newPassword = "Пароль 12Ab" });
        foreach (var rule in new[] { "password.non_latin_letters", "password.has_spaces" })
            ProfileApi.AssertFieldError(cyrillic, "newPassword", rule, "cyrillic with a space");
        var missing = await client.SendAsync(user, HttpMethod.Put, "/api/profile/password", new { currentPassword = user.Password });
        ProfileApi.AssertFieldError(missing, "newPassword", "password.too_short", "no new password");

        var login = await client.LoginAsync(user.Phone!, user.Password);
        Assert.AreEqual(HttpStatusCode.OK, login.Status, "refused changes kept the password: " + login.Describe());
    }

    [TestMethod]
    public async Task Password_change_ends_the_other_sessions_keeps_this_one_and_retires_the_old_password()
    {
        using var client = ProfileApi.Client(_factory);
        using var laptop = ProfileApi.Client(_factory, ProfileApi.NewDevice("laptop"));
        var user = await TestUsers.MintAsync(_factory, like: client);
        var other = await laptop.SignInAsync(user);
        Assert.AreEqual(HttpStatusCode.OK, (await laptop.GetProfileAsync(other)).Status);
        const string newPassword = "N3wPassword!";

        var changed = await client.SendAsync(user, HttpMethod.Put, "/api/profile/password", new { currentPassword = user.Password, newPassword });

        Assert.AreEqual(HttpStatusCode.NoContent, changed.Status, changed.Describe());
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await laptop.GetProfileAsync(other)).Status, "the other session's access token");
        var otherRefresh = await laptop.RefreshAsync(other.RefreshToken);
        Assert.AreEqual(HttpStatusCode.Unauthorized, otherRefresh.Status, "the other session's refresh token: " + otherRefresh.Describe());

        Assert.AreEqual(HttpStatusCode.OK, (await client.GetProfileAsync(user)).Status, "this session goes on");
        var refreshed = await client.RefreshAsync(user.RefreshToken);
        Assert.AreEqual(HttpStatusCode.OK, refreshed.Status, "this session's refresh token: " + refreshed.Describe());

        Assert.AreEqual(HttpStatusCode.Unauthorized, (await client.LoginAsync(user.Phone!, user.Password)).Status, "the old password");
        Assert.AreEqual(HttpStatusCode.OK, (await client.LoginAsync(user.Phone!, newPassword)).Status, "the new password");
    }

    [TestMethod]
    public async Task Notification_channels_are_saved()
    {
        using var client = ProfileApi.Client(_factory);
        var user = await TestUsers.MintAsync(_factory, like: client);

        foreach (var (email, sms, messenger, marketing) in new[] { (false, false, true, true), (true, false, false, true), (true, true, false, false) })
        {
            var put = await client.SendAsync(user, HttpMethod.Put, "/api/profile/notifications", new { email, sms, messenger, marketing });
            Assert.AreEqual(HttpStatusCode.OK, put.Status, put.Describe());

            var n = (await client.ProfileAsync(user)).GetProperty("notifications");
            var what = $"after PUT {email}/{sms}/{messenger}/{marketing}";
            Assert.AreEqual(email, n.GetProperty("email").GetBoolean(), what);
            Assert.AreEqual(sms, n.GetProperty("sms").GetBoolean(), what);
            Assert.AreEqual(messenger, n.GetProperty("messenger").GetBoolean(), what);
            Assert.AreEqual(marketing, n.GetProperty("marketing").GetBoolean(), what);
        }
    }

    [TestMethod]
    public async Task Two_factor_is_saved_and_then_a_sign_in_on_an_untrusted_device_needs_a_code()
    {
        using var client = ProfileApi.Client(_factory);
        var user = await TestUsers.RegisterAsync(client);
        Assert.AreEqual(HttpStatusCode.OK, (await client.LoginAsync(user.Phone!, user.Password)).Status, "no second factor yet");

        var on = await client.SendAsync(user, HttpMethod.Put, "/api/profile/two-factor", new { enabled = true });

        Assert.AreEqual(HttpStatusCode.OK, on.Status, on.Describe());
        Assert.IsTrue((await client.ProfileAsync(user)).GetProperty("twoFactor").GetBoolean());
        await TestUsers.SmsTextAsync(client, user.Phone!, skip: 1); // the notice that two-factor is on
        var noDevice = await client.LoginAsync(user.Phone!, user.Password);
        Assert.AreEqual(HttpStatusCode.Accepted, noDevice.Status, noDevice.Describe());
        Assert.IsFalse(noDevice.Body.TryGetProperty("accessToken", out _), "no tokens before the code");
        var newDevice = await client.LoginAsync(user.Phone!, user.Password, deviceId: "phone-" + Guid.NewGuid().ToString("N")[..8]);
        Assert.AreEqual(HttpStatusCode.Accepted, newDevice.Status, newDevice.Describe());

        // The code of that sign-in, trusting the device: the device token it brings skips the code next time.
        await TestUsers.SmsTextAsync(client, user.Phone!, skip: 3); // the earlier codes are in, so the next one is the newest
        var deviceId = "tablet-" + Guid.NewGuid().ToString("N")[..8];
        var third = await client.LoginAsync(user.Phone!, user.Password, deviceId);
        Assert.AreEqual(HttpStatusCode.Accepted, third.Status);
        var code = await TestUsers.SmsCodeAsync(client, user.Phone!, skip: 4);
        var confirmed = await client.SendAsync(null, HttpMethod.Post, "/api/auth/login/confirm",
            new { challengeId = third.Body.GetProperty("challengeId").GetString(), code, trustDevice = true });
        Assert.AreEqual(HttpStatusCode.OK, confirmed.Status, confirmed.Describe());
        var deviceToken = confirmed.Body.GetProperty("deviceToken").GetString();
        var trusted = await client.SendAsync(null, HttpMethod.Post, "/api/auth/login", new { login = user.Phone, password = user.Password, deviceId, deviceToken });
        Assert.AreEqual(HttpStatusCode.OK, trusted.Status, "a trusted device: " + trusted.Describe());
        Assert.AreEqual(HttpStatusCode.Accepted, (await client.LoginAsync(user.Phone!, user.Password, deviceId)).Status, "its device id alone is no trust");

        var off = await client.SendAsync(user, HttpMethod.Put, "/api/profile/two-factor", new { enabled = false });
        Assert.AreEqual(HttpStatusCode.OK, off.Status, off.Describe());
        Assert.IsFalse((await client.ProfileAsync(user)).GetProperty("twoFactor").GetBoolean());
        Assert.AreEqual(HttpStatusCode.OK, (await client.LoginAsync(user.Phone!, user.Password)).Status);
    }
}
