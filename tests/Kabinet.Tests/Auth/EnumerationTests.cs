using System.Net;
using System.Text.RegularExpressions;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Auth;

/// <summary>Registering a phone or e-mail that already has an account looks exactly like a new registration.</summary>
[TestClass]
public sealed class EnumerationTests
{
    [TestMethod]
    public async Task Registering_a_registered_phone_answers_like_a_new_one_and_tells_the_owner()
    {
        using var app = new AuthApp();
        var phone = TestUsers.NewPhone();
        var owner = await app.Client.RegisterPhone(phone);
        var ownerCode = await TestUsers.SmsCodeAsync(app.Client, phone);
        var fresh = await app.Client.Post("/api/auth/register", new { phone = TestUsers.NewPhone(), password = "Attack3rPass", acceptTerms = true, marketingOptIn = true });
        var freshBody = await fresh.AssertStatus(HttpStatusCode.Accepted);

        var attempt = await app.Client.Post("/api/auth/register",
            new { phone = $"8 ({phone[2..5]}) {phone[5..8]} {phone[8..]}", password = "Attack3rPass", acceptTerms = true, marketingOptIn = true });

        var body = await attempt.AssertStatus(HttpStatusCode.Accepted);
        Assert.AreEqual(Api.Shape(freshBody), Api.Shape(body));
        Assert.AreEqual(freshBody.GetProperty("channel").GetString(), body.GetProperty("channel").GetString());
        Assert.AreEqual(freshBody.GetProperty("resendAfterSeconds").GetInt32(), body.GetProperty("resendAfterSeconds").GetInt32());
        Assert.AreEqual(freshBody.GetProperty("challengeId").GetString()!.Length, body.GetProperty("challengeId").GetString()!.Length);

        var notice = await TestUsers.SmsTextAsync(app.Client, phone, skip: 1);
        StringAssert.Contains(notice, "Забыли пароль");
        Assert.IsFalse(Regex.IsMatch(notice, @"\d{5}"), "the notice carries no code: " + notice);

        var challengeId = body.GetProperty("challengeId").GetString()!;
        foreach (var guess in new[] { ownerCode, "00000", "12345" })
        {
            var confirm = await app.Client.Post("/api/auth/register/confirm", new { challengeId, code = guess });
            Assert.AreEqual(HttpStatusCode.UnprocessableEntity, confirm.StatusCode, await confirm.Content.ReadAsStringAsync());
        }
        await (await app.Client.Login(phone, "Attack3rPass")).AssertProblem(HttpStatusCode.Unauthorized, "auth.invalid_credentials");
        await app.Client.LoginOk(phone, TestUsers.Password);
        var profile = await (await app.Client.GetProfile(owner.Access())).AssertStatus(HttpStatusCode.OK);
        Assert.IsFalse(profile.GetProperty("notifications").GetProperty("marketing").GetBoolean(), "the attempt changed nothing");
    }

    [TestMethod]
    public async Task Resending_for_a_registered_phone_answers_the_same_and_sends_no_code()
    {
        using var app = new AuthApp(AuthApp.NewClock());
        var phone = TestUsers.NewPhone();
        await app.Client.RegisterPhone(phone);
        var challengeId = await app.Client.StartRegistration(phone: phone, password: "Attack3rPass");
        await TestUsers.SmsTextAsync(app.Client, phone, skip: 1);

        app.Clock!.Advance(TimeSpan.FromSeconds(61));
        var resent = await app.Client.PostAsync($"/api/auth/challenges/{challengeId}/resend", null);

        await resent.AssertStatus(HttpStatusCode.Accepted);
        await Task.Delay(1500);
        // The owner's registration code and the notice; the resend sent nothing.
        Assert.AreEqual(2, await TestUsers.SmsCountAsync(app.Client, phone));
    }

    [TestMethod]
    public async Task Registering_a_registered_email_answers_like_a_new_one_and_tells_the_owner()
    {
        using var app = new AuthApp();
        var owner = await TestUsers.RegisterAsync(app.Client, byEmail: true);
        var email = owner.Email!;
        var fresh = await (await app.Client.Post("/api/auth/register", new { email = TestUsers.NewEmail(), password = "Attack3rPass", acceptTerms = true }))
            .AssertStatus(HttpStatusCode.Accepted);

        var attempt = await app.Client.Post("/api/auth/register", new { email = " " + email.ToUpperInvariant(), password = "Attack3rPass", acceptTerms = true });

        var body = await attempt.AssertStatus(HttpStatusCode.Accepted);
        Assert.AreEqual(Api.Shape(fresh), Api.Shape(body));
        Assert.AreEqual("email", body.GetProperty("channel").GetString());
        var mail = await TestUsers.EmailAsync(email, skip: 1);
        var text = mail.GetProperty("text").GetString()!;
        Assert.IsTrue(text.Contains("Забыли пароль") || text.Contains("восстановите пароль"), text);
        Assert.IsFalse(Regex.IsMatch(text, @"\b\d{5}\b"), "the notice carries no code: " + text);
        var confirm = await app.Client.Post("/api/auth/register/confirm", new { challengeId = body.GetProperty("challengeId").GetString(), code = "00000" });
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, confirm.StatusCode);
        await (await app.Client.Login(email, "Attack3rPass")).AssertProblem(HttpStatusCode.Unauthorized, "auth.invalid_credentials");
        await app.Client.LoginOk(email, TestUsers.Password);
    }
}
