using System.Net;
using System.Text.RegularExpressions;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Auth;

/// <summary>Confirmation codes: 5 digits, 5 tries, 10 minutes, a 60 s resend cooldown, 5 sends an hour.</summary>
[TestClass]
public sealed class CodeTests
{
    private static string Other(string code) => ((int.Parse(code) + 1) % 100_000).ToString("D5");

    private static Task<HttpResponseMessage> Confirm(HttpClient client, string challengeId, string code) =>
        client.Post("/api/auth/register/confirm", new { challengeId, code });

    [TestMethod]
    public async Task The_code_is_five_digits()
    {
        using var app = new AuthApp();
        var phone = TestUsers.NewPhone();
        await app.Client.StartRegistration(phone: phone);

        var text = await TestUsers.SmsTextAsync(app.Client, phone);

        var numbers = Regex.Matches(text, @"\d+").Select(m => m.Value).ToArray();
        Assert.AreEqual(1, numbers.Length, text);
        Assert.AreEqual(5, numbers[0].Length, text);
    }

    [TestMethod]
    public async Task Wrong_codes_count_down_and_the_sixth_try_fails_even_with_the_right_code()
    {
        using var app = new AuthApp();
        var phone = TestUsers.NewPhone();
        var challengeId = await app.Client.StartRegistration(phone: phone);
        var code = await TestUsers.SmsCodeAsync(app.Client, phone);
        var wrong = Other(code);

        for (var left = 4; left >= 1; left--)
        {
            var body = await (await Confirm(app.Client, challengeId, wrong)).AssertProblem(HttpStatusCode.UnprocessableEntity, "auth.code_invalid");
            Assert.AreEqual(left, body.GetProperty("attemptsLeft").GetInt32());
        }
        await (await Confirm(app.Client, challengeId, wrong)).AssertProblem(HttpStatusCode.UnprocessableEntity, "auth.code_attempts_exhausted");

        await (await Confirm(app.Client, challengeId, code)).AssertProblem(HttpStatusCode.UnprocessableEntity, "auth.code_attempts_exhausted");
        await (await app.Client.Login(phone, TestUsers.Password)).AssertProblem(HttpStatusCode.Unauthorized, "auth.invalid_credentials");
    }

    [TestMethod]
    public async Task A_code_expires_after_ten_minutes()
    {
        using var app = new AuthApp(AuthApp.NewClock());
        var late = TestUsers.NewPhone();
        var lateChallenge = await app.Client.StartRegistration(phone: late);
        var lateCode = await TestUsers.SmsCodeAsync(app.Client, late);
        var inTime = TestUsers.NewPhone();
        var inTimeChallenge = await app.Client.StartRegistration(phone: inTime);
        var inTimeCode = await TestUsers.SmsCodeAsync(app.Client, inTime);

        app.Clock!.Advance(TimeSpan.FromMinutes(9) + TimeSpan.FromSeconds(50));
        await (await Confirm(app.Client, inTimeChallenge, inTimeCode)).AssertStatus(HttpStatusCode.Created);
        app.Clock.Advance(TimeSpan.FromSeconds(11));
        await (await Confirm(app.Client, lateChallenge, lateCode)).AssertProblem(HttpStatusCode.UnprocessableEntity, "auth.code_expired");
    }

    [TestMethod]
    public async Task Resend_waits_60_seconds_then_the_new_code_works_and_the_old_does_not()
    {
        using var app = new AuthApp(AuthApp.NewClock());
        var phone = TestUsers.NewPhone();
        var challengeId = await app.Client.StartRegistration(phone: phone);
        var oldCode = await TestUsers.SmsCodeAsync(app.Client, phone);

        app.Clock!.Advance(TimeSpan.FromSeconds(20));
        var early = await app.Client.PostAsync($"/api/auth/challenges/{challengeId}/resend", null);
        await early.AssertProblem(HttpStatusCode.TooManyRequests, "auth.too_many_codes");
        Assert.IsNotNull(early.Headers.RetryAfter?.Delta, "Retry-After in seconds");
        var wait = early.Headers.RetryAfter!.Delta!.Value.TotalSeconds;
        Assert.IsTrue(wait is > 30 and <= 41, $"Retry-After {wait}s, expected about 40");

        app.Clock.Advance(TimeSpan.FromSeconds(41));
        var resent = await app.Client.PostAsync($"/api/auth/challenges/{challengeId}/resend", null);
        var body = await resent.AssertStatus(HttpStatusCode.Accepted);
        Assert.AreEqual(challengeId, body.GetProperty("challengeId").GetString());
        var newCode = await TestUsers.SmsCodeAsync(app.Client, phone, skip: 1);

        if (newCode != oldCode) // one chance in 100 000 that they are equal
            await (await Confirm(app.Client, challengeId, oldCode)).AssertProblem(HttpStatusCode.UnprocessableEntity, "auth.code_invalid");
        await (await Confirm(app.Client, challengeId, newCode)).AssertStatus(HttpStatusCode.Created);
    }

    [TestMethod]
    public async Task The_resent_code_lives_ten_minutes_from_the_resend()
    {
        using var app = new AuthApp(AuthApp.NewClock());
        var phone = TestUsers.NewPhone();
        var challengeId = await app.Client.StartRegistration(phone: phone);
        await TestUsers.SmsCodeAsync(app.Client, phone);

        app.Clock!.Advance(TimeSpan.FromMinutes(8));
        await (await app.Client.PostAsync($"/api/auth/challenges/{challengeId}/resend", null)).AssertStatus(HttpStatusCode.Accepted);
        var code = await TestUsers.SmsCodeAsync(app.Client, phone, skip: 1);
        app.Clock.Advance(TimeSpan.FromMinutes(9));

        await (await Confirm(app.Client, challengeId, code)).AssertStatus(HttpStatusCode.Created);
    }

    [TestMethod]
    public async Task At_most_five_sends_an_hour_to_one_phone()
    {
        using var app = new AuthApp(AuthApp.NewClock());
        var phone = TestUsers.NewPhone();
        var challengeId = await app.Client.StartRegistration(phone: phone); // send 1
        for (var send = 2; send <= 5; send++)
        {
            app.Clock!.Advance(TimeSpan.FromSeconds(61));
            await (await app.Client.PostAsync($"/api/auth/challenges/{challengeId}/resend", null)).AssertStatus(HttpStatusCode.Accepted);
        }

        app.Clock!.Advance(TimeSpan.FromSeconds(61));
        var sixth = await app.Client.PostAsync($"/api/auth/challenges/{challengeId}/resend", null);
        await sixth.AssertProblem(HttpStatusCode.TooManyRequests, "auth.too_many_codes");
        Assert.IsNotNull(sixth.Headers.RetryAfter, "Retry-After");
        // A fresh registration of the same phone is a send too.
        var again = await app.Client.Post("/api/auth/register", new { phone, password = TestUsers.Password, acceptTerms = true });
        await again.AssertProblem(HttpStatusCode.TooManyRequests, "auth.too_many_codes");
        // Spelled differently, it is the same phone.
        var spelled = await app.Client.Post("/api/auth/register", new { phone = "8" + phone[2..], password = TestUsers.Password, acceptTerms = true });
        await spelled.AssertProblem(HttpStatusCode.TooManyRequests, "auth.too_many_codes");
        // Another phone is not affected.
        await app.Client.StartRegistration(phone: TestUsers.NewPhone());

        // An hour after the first send the window has room again.
        app.Clock.Advance(TimeSpan.FromMinutes(56));
        await app.Client.StartRegistration(phone: phone);
    }

    [TestMethod]
    public async Task Five_registrations_of_one_phone_then_the_sixth_is_refused()
    {
        using var app = new AuthApp();
        var phone = TestUsers.NewPhone();
        for (var i = 0; i < 5; i++) await app.Client.StartRegistration(phone: phone);

        var sixth = await app.Client.Post("/api/auth/register", new { phone, password = TestUsers.Password, acceptTerms = true });

        await sixth.AssertProblem(HttpStatusCode.TooManyRequests, "auth.too_many_codes");
    }

    [TestMethod]
    public async Task Unknown_challenges_are_refused()
    {
        using var app = new AuthApp();

        await (await app.Client.PostAsync("/api/auth/challenges/no-such-challenge/resend", null)).AssertProblem(HttpStatusCode.UnprocessableEntity, "auth.challenge_invalid");
        await (await Confirm(app.Client, "no-such-challenge", "12345")).AssertProblem(HttpStatusCode.UnprocessableEntity, "auth.challenge_invalid");
        await (await app.Client.Post("/api/auth/register/confirm", new { code = "12345" })).AssertProblem(HttpStatusCode.UnprocessableEntity, "auth.challenge_invalid");
    }

    [TestMethod]
    public async Task A_code_for_one_purpose_does_not_pass_another()
    {
        using var app = new AuthApp();
        var phone = TestUsers.NewPhone();
        var challengeId = await app.Client.StartRegistration(phone: phone);
        var code = await TestUsers.SmsCodeAsync(app.Client, phone);

        var asLogin = await app.Client.Post("/api/auth/login/confirm", new { challengeId, code, trustDevice = false });
        var asReset = await app.Client.Post("/api/auth/password/reset/confirm", new { challengeId, code, newPassword = "NewPassw0rd" });

        await asLogin.AssertProblem(HttpStatusCode.UnprocessableEntity, "auth.challenge_invalid");
        await asReset.AssertProblem(HttpStatusCode.UnprocessableEntity, "auth.challenge_invalid");
        await (await Confirm(app.Client, challengeId, code)).AssertStatus(HttpStatusCode.Created);
    }
}
