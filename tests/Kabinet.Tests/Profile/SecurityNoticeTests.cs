using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Kabinet.Auth;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Profile;

/// <summary>
/// The owner hears of every change of the account's security, on the contacts the account had before it,
/// with the time (Moscow) and the device: so a change made with a stolen token or password does not go unseen.
/// </summary>
[TestClass]
public sealed partial class SecurityNoticeTests
{
    private static readonly TestApp App = new();
    private static KabinetFactory _factory => App.Root;

    [ClassCleanup]
    public static void Stop() => App.Dispose();

    [GeneratedRegex(@"(\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}) МСК")]
    private static partial Regex MoscowTime();

    [GeneratedRegex(@"\b\d{5}\b")]
    private static partial Regex Code();

    /// <summary>Asserts a notice: what it says, the device, the time now in Moscow, and no code.</summary>
    private static void AssertNotice(string text, string says, string device)
    {
        StringAssert.Contains(text, says);
        StringAssert.Contains(text, device, "the device: " + text);
        var time = MoscowTime().Match(text);
        Assert.IsTrue(time.Success, "the time: " + text);
        var at = DateTimeOffset.ParseExact(time.Groups[1].Value + " +03:00", "dd.MM.yyyy HH:mm zzz", CultureInfo.InvariantCulture);
        Assert.IsTrue((at - DateTimeOffset.UtcNow).Duration() < TimeSpan.FromMinutes(10), $"the time is now, in Moscow: {at} in {text}");
        Assert.IsFalse(Code().IsMatch(text), "a notice carries no code: " + text);
    }

    [TestMethod]
    [DataRow(SecurityNotices.PhoneChanged, "номер телефона")]
    [DataRow(SecurityNotices.EmailChanged, "адрес электронной почты")]
    [DataRow(SecurityNotices.PasswordChanged, "изменён пароль")]
    [DataRow(SecurityNotices.PasswordReset, "пароль восстановлен")]
    [DataRow(SecurityNotices.TwoFactorOn, "включён вход с кодом")]
    [DataRow(SecurityNotices.TwoFactorOff, "отключён вход с кодом")]
    [DataRow(SecurityNotices.DeviceTrusted, "доверенное устройство")]
    public void Every_notice_names_the_change_the_Moscow_time_and_the_device(string notice, string says)
    {
        var at = new DateTimeOffset(2026, 12, 31, 22, 5, 0, TimeSpan.Zero);

        var (subject, text) = new CodeMessage(CodeMessage.Sms, "+79990000000", notice, null, at, "Firefox 140 on Linux").Compose();

        Assert.IsFalse(string.IsNullOrWhiteSpace(subject));
        StringAssert.Contains(text, says);
        StringAssert.Contains(text, "01.01.2027 01:05 МСК", "UTC+3, past midnight into the next year");
        StringAssert.Contains(text, "Firefox 140 on Linux");
    }

    [TestMethod]
    public void A_long_device_name_is_cut_and_a_missing_one_is_named()
    {
        var long_ = new string('x', 300);
        var (_, text) = new CodeMessage(CodeMessage.Sms, "+79990000000", SecurityNotices.PasswordChanged, null, DateTimeOffset.UtcNow, long_).Compose();
        Assert.IsFalse(text.Contains(new string('x', SecurityNotices.MaxDeviceLength)), text);
        StringAssert.Contains(text, new string('x', SecurityNotices.MaxDeviceLength - 1) + "…");
        StringAssert.Contains(new CodeMessage(CodeMessage.Sms, "+79990000000", SecurityNotices.PasswordChanged, null, DateTimeOffset.UtcNow).Compose().Text,
            "неизвестное устройство");
    }

    [TestMethod]
    public async Task A_new_phone_is_told_to_the_old_phone()
    {
        using var client = ProfileApi.Client(_factory, ProfileApi.NewDevice("phone"));
        var user = await TestUsers.RegisterAsync(client);
        var phone = TestUsers.NewPhone();
        var started = await client.SendAsync(user, HttpMethod.Post, "/api/profile/phone", new { phone });
        Assert.AreEqual(HttpStatusCode.Accepted, started.Status, started.Describe());
        var code = await TestUsers.SmsCodeAsync(client, phone);

        var confirmed = await client.SendAsync(user, HttpMethod.Post, "/api/profile/contacts/confirm",
            new { challengeId = started.Body.GetProperty("challengeId").GetString(), code });

        Assert.AreEqual(HttpStatusCode.OK, confirmed.Status, confirmed.Describe());
        AssertNotice(await TestUsers.SmsTextAsync(client, user.Phone!, skip: 1), "изменён номер телефона", client.Device());
        Assert.AreEqual(1, await TestUsers.SmsCountAsync(client, phone), "the new phone got its code only");
    }

    [TestMethod]
    public async Task A_new_email_is_told_to_the_old_email_and_an_added_one_to_the_phone()
    {
        using var client = ProfileApi.Client(_factory, ProfileApi.NewDevice("laptop"));
        var byEmail = await TestUsers.RegisterAsync(client, byEmail: true);
        var byPhone = await TestUsers.RegisterAsync(client);

        foreach (var user in new[] { byEmail, byPhone })
        {
            var email = TestUsers.NewEmail();
            var started = await client.SendAsync(user, HttpMethod.Post, "/api/profile/email", new { email });
            var confirmed = await client.SendAsync(user, HttpMethod.Post, "/api/profile/contacts/confirm",
                new { challengeId = started.Body.GetProperty("challengeId").GetString(), code = await TestUsers.EmailCodeAsync(email) });
            Assert.AreEqual(HttpStatusCode.OK, confirmed.Status, confirmed.Describe());
        }

        var mail = await TestUsers.EmailAsync(byEmail.Email!, skip: 1);
        Assert.AreEqual("E-mail для входа изменён", mail.GetProperty("subject").GetString());
        AssertNotice(mail.GetProperty("text").GetString()!, "изменён адрес электронной почты", client.Device());
        AssertNotice(await TestUsers.SmsTextAsync(client, byPhone.Phone!, skip: 1), "изменён адрес электронной почты", client.Device());
    }

    [TestMethod]
    public async Task A_password_change_and_a_reset_are_told()
    {
        using var client = ProfileApi.Client(_factory, ProfileApi.NewDevice("desktop"));
        var user = await TestUsers.RegisterAsync(client);
        const string changed = "Chang3dPassword";

        var change = await client.SendAsync(user, HttpMethod.Put, "/api/profile/password", new { currentPassword = user.Password, newPassword = changed });
        Assert.AreEqual(HttpStatusCode.NoContent, change.Status, change.Describe());
        AssertNotice(await TestUsers.SmsTextAsync(client, user.Phone!, skip: 1), "изменён пароль", client.Device());

        var reset = await client.SendAsync(null, HttpMethod.Post, "/api/auth/password/reset", new { login = user.Phone });
        var code = await TestUsers.SmsCodeAsync(client, user.Phone!, skip: 2);
        var done = await client.SendAsync(null, HttpMethod.Post, "/api/auth/password/reset/confirm",
            new { challengeId = reset.Body.GetProperty("challengeId").GetString(), code, newPassword = "R3setPassword" });
        Assert.AreEqual(HttpStatusCode.NoContent, done.Status, done.Describe());
        AssertNotice(await TestUsers.SmsTextAsync(client, user.Phone!, skip: 3), "пароль восстановлен", client.Device());
    }

    [TestMethod]
    public async Task Two_factor_on_and_off_and_a_new_trusted_device_are_told()
    {
        using var client = ProfileApi.Client(_factory, ProfileApi.NewDevice("tablet"));
        var user = await TestUsers.RegisterAsync(client);

        Assert.AreEqual(HttpStatusCode.OK, (await client.SendAsync(user, HttpMethod.Put, "/api/profile/two-factor", new { enabled = true })).Status);
        AssertNotice(await TestUsers.SmsTextAsync(client, user.Phone!, skip: 1), "включён вход с кодом", client.Device());

        using var other = ProfileApi.Client(_factory, ProfileApi.NewDevice("new-phone"));
        var login = await other.LoginAsync(user.Phone!, user.Password, "new-phone-1");
        Assert.AreEqual(HttpStatusCode.Accepted, login.Status, login.Describe());
        var code = await TestUsers.SmsCodeAsync(client, user.Phone!, skip: 2);
        var confirmed = await other.SendAsync(null, HttpMethod.Post, "/api/auth/login/confirm",
            new { challengeId = login.Body.GetProperty("challengeId").GetString(), code, trustDevice = true });
        Assert.AreEqual(HttpStatusCode.OK, confirmed.Status, confirmed.Describe());
        AssertNotice(await TestUsers.SmsTextAsync(client, user.Phone!, skip: 3), "доверенное устройство", other.Device());

        Assert.AreEqual(HttpStatusCode.OK, (await client.SendAsync(user, HttpMethod.Put, "/api/profile/two-factor", new { enabled = false })).Status);
        AssertNotice(await TestUsers.SmsTextAsync(client, user.Phone!, skip: 4), "отключён вход с кодом", client.Device());
    }
}
