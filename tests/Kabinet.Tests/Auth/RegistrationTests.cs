using System.Net;
using System.Net.Http.Json;
using Kabinet.Auth;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Auth;

/// <summary>Sign-up by phone and by e-mail: normalised logins, consents, the password policy over HTTP.</summary>
[TestClass]
public sealed class RegistrationTests
{
    /// <summary>Ten digits of a mobile number no other test uses, e.g. 913 123 45 67 as "9131234567".</summary>
    private static string NewTenDigits() => TestUsers.NewPhone()[2..];

    private static string Spell8(string d) => $"8 {d[..3]} {d[3..6]}-{d[6..8]}-{d[8..]}";
    private static string SpellPlus7(string d) => $"+7 ({d[..3]}) {d[3..6]}-{d[6..8]}-{d[8..]}";

    [TestMethod]
    public async Task Phone_registered_as_8_signs_in_as_plus7_and_as_7()
    {
        using var app = new AuthApp();
        var d = NewTenDigits();

        var tokens = await app.Client.RegisterPhone(Spell8(d));

        Assert.AreEqual("+7" + d, tokens.GetProperty("user").GetProperty("phone").GetString());
        var byPlus7 = await app.Client.LoginOk(SpellPlus7(d), TestUsers.Password);
        var by7 = await app.Client.LoginOk("7" + d, TestUsers.Password);
        Assert.AreEqual(tokens.GetProperty("user").GetProperty("id").GetString(), byPlus7.GetProperty("user").GetProperty("id").GetString());
        Assert.AreEqual(tokens.GetProperty("user").GetProperty("id").GetString(), by7.GetProperty("user").GetProperty("id").GetString());
        var profile = await (await app.Client.GetProfile(byPlus7.Access())).AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual("+7" + d, profile.GetProperty("phone").GetString());
        Assert.IsTrue(profile.GetProperty("phoneConfirmed").GetBoolean());
    }

    [TestMethod]
    public async Task Register_start_answers_202_with_challenge_channel_and_cooldown()
    {
        using var app = new AuthApp();
        var phone = TestUsers.NewPhone();

        var response = await app.Client.Post("/api/auth/register", new { phone, password = TestUsers.Password, acceptTerms = true, marketingOptIn = false });

        var body = await response.AssertStatus(HttpStatusCode.Accepted);
        Assert.IsFalse(string.IsNullOrEmpty(body.GetProperty("challengeId").GetString()));
        Assert.AreEqual("sms", body.GetProperty("channel").GetString());
        Assert.AreEqual(60, body.GetProperty("resendAfterSeconds").GetInt32());
        Assert.IsFalse(body.ToString().Contains(phone[5..]), "the answer must not echo the whole number: " + body);
    }

    [TestMethod]
    public async Task Email_is_trimmed_and_case_insensitive()
    {
        using var app = new AuthApp();
        var local = "u" + Guid.NewGuid().ToString("N");
        var spelled = $"  {local.ToUpperInvariant()}@Example.COM  ";
        var stored = $"{local}@example.com";

        var started = await app.Client.Post("/api/auth/register", new { email = spelled, password = TestUsers.Password, acceptTerms = true, marketingOptIn = false });
        var challenge = await started.AssertStatus(HttpStatusCode.Accepted);
        Assert.AreEqual("email", challenge.GetProperty("channel").GetString());
        var code = await TestUsers.EmailCodeAsync(stored);
        var tokens = await (await app.Client.Post("/api/auth/register/confirm", new { challengeId = challenge.GetProperty("challengeId").GetString(), code }))
            .AssertStatus(HttpStatusCode.Created);

        Assert.AreEqual(stored, tokens.GetProperty("user").GetProperty("email").GetString());
        await app.Client.LoginOk($"{local}@EXAMPLE.com", TestUsers.Password);
        await app.Client.LoginOk($" {local.ToUpperInvariant()}@example.com ", TestUsers.Password);
        var profile = await (await app.Client.GetProfile(tokens.Access())).AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual(stored, profile.GetProperty("email").GetString());
        Assert.IsTrue(profile.GetProperty("emailConfirmed").GetBoolean());
    }

    [TestMethod]
    public async Task Terms_must_be_accepted()
    {
        using var app = new AuthApp();
        var phone = TestUsers.NewPhone();

        var response = await app.Client.Post("/api/auth/register", new { phone, password = TestUsers.Password, acceptTerms = false, marketingOptIn = false });

        CollectionAssert.AreEqual(new[] { "auth.terms_not_accepted" }, await response.AssertValidation("acceptTerms"));
        // Leaving the field out is not accepting either.
        var missing = await app.Client.Post("/api/auth/register", new { phone, password = TestUsers.Password });
        CollectionAssert.AreEqual(new[] { "auth.terms_not_accepted" }, await missing.AssertValidation("acceptTerms"));
    }

    [TestMethod]
    public async Task Accepted_terms_version_and_time_and_marketing_choice_are_recorded()
    {
        using var app = new AuthApp();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var optedIn = await app.Client.RegisterPhone(TestUsers.NewPhone(), marketingOptIn: true);
        var optedOut = await app.Client.RegisterPhone(TestUsers.NewPhone(), marketingOptIn: false);
        var after = DateTimeOffset.UtcNow.AddSeconds(1);

        var p1 = await (await app.Client.GetProfile(optedIn.Access())).AssertStatus(HttpStatusCode.OK);
        var p2 = await (await app.Client.GetProfile(optedOut.Access())).AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual("2026-01", p1.GetProperty("termsVersion").GetString());
        var acceptedAt = p1.GetProperty("termsAcceptedAt").GetDateTimeOffset();
        Assert.IsTrue(acceptedAt >= before && acceptedAt <= after, $"termsAcceptedAt {acceptedAt:O} not within the registration");
        Assert.IsTrue(p1.GetProperty("notifications").GetProperty("marketing").GetBoolean());
        Assert.IsFalse(p2.GetProperty("notifications").GetProperty("marketing").GetBoolean());
        Assert.AreEqual("2026-01", p2.GetProperty("termsVersion").GetString());
    }

    [TestMethod]
    public async Task Terms_version_comes_from_settings()
    {
        using var app = new AuthApp(settings: new Dictionary<string, string?> { ["Auth:TermsVersion"] = "2027-03" });

        var tokens = await app.Client.RegisterPhone(TestUsers.NewPhone());

        var profile = await (await app.Client.GetProfile(tokens.Access())).AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual("2027-03", profile.GetProperty("termsVersion").GetString());
    }

    [TestMethod]
    public async Task Phone_or_email_exactly_one_and_valid()
    {
        using var app = new AuthApp();

        var none = await app.Client.Post("/api/auth/register", new { password = TestUsers.Password, acceptTerms = true });
        CollectionAssert.AreEqual(new[] { "auth.login_required" }, await none.AssertValidation());
        var both = await app.Client.Post("/api/auth/register", new { phone = TestUsers.NewPhone(), email = TestUsers.NewEmail(), password = TestUsers.Password, acceptTerms = true });
        CollectionAssert.AreEqual(new[] { "auth.one_login_only" }, await both.AssertValidation());
        var badPhone = await app.Client.Post("/api/auth/register", new { phone = "12345", password = TestUsers.Password, acceptTerms = true });
        CollectionAssert.AreEqual(new[] { "auth.phone_invalid" }, await badPhone.AssertValidation("phone"));
        var badEmail = await app.Client.Post("/api/auth/register", new { email = "not-an-email", password = TestUsers.Password, acceptTerms = true });
        CollectionAssert.AreEqual(new[] { "auth.email_invalid" }, await badEmail.AssertValidation("email"));
    }

    [TestMethod]
    [DataRow("Abcde12", "password.too_short")]
    [DataRow("Passwоrd1", "password.non_latin_letters")] // a Cyrillic "о"
    [DataRow("password1", "password.no_upper_case")]
    [DataRow("PASSWORD1", "password.no_lower_case")]
    [DataRow("Passwords", "password.no_digit")]
    [DataRow("Pass word1", "password.has_spaces")]
    public async Task Each_password_rule_is_enforced(string password, string rule)
    {
        using var app = new AuthApp();

        var response = await app.Client.Post("/api/auth/register", new { phone = TestUsers.NewPhone(), password, acceptTerms = true, marketingOptIn = false });

        CollectionAssert.AreEqual(new[] { rule }, await response.AssertValidation("password"));
    }

    [TestMethod]
    public async Task Too_long_and_control_characters_are_refused_too()
    {
        using var app = new AuthApp();

        var tooLong = await app.Client.Post("/api/auth/register", new { phone = TestUsers.NewPhone(), password = "Aa1" + new string('x', 126), acceptTerms = true });
        CollectionAssert.AreEqual(new[] { "password.too_long" }, await tooLong.AssertValidation("password"));
        var control = await app.Client.Post("/api/auth/register", new { phone = TestUsers.NewPhone(), password = "Passw0rd\u0007", acceptTerms = true });
        CollectionAssert.Contains(await control.AssertValidation("password"), "password.control_characters");
    }

    [TestMethod]
    public async Task A_password_breaking_several_rules_lists_every_broken_rule()
    {
        using var app = new AuthApp();

        var response = await app.Client.Post("/api/auth/register", new { phone = TestUsers.NewPhone(), password = "пар ль", acceptTerms = true, marketingOptIn = false });

        var body = await response.AssertProblem(HttpStatusCode.UnprocessableEntity, "request.validation_failed");
        var codes = body.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("code").GetString()).Order().ToArray();
        CollectionAssert.AreEqual(new[]
        {
            "password.has_spaces", "password.no_digit", "password.no_lower_case", "password.no_upper_case",
            "password.non_latin_letters", "password.too_short",
        }, codes);
        foreach (var error in body.GetProperty("errors").EnumerateArray())
        {
            Assert.AreEqual("password", error.GetProperty("field").GetString());
            Assert.IsFalse(string.IsNullOrWhiteSpace(error.GetProperty("detail").GetString()), "each rule has a text for people");
        }
    }

    [TestMethod]
    public async Task Every_bad_field_is_listed_at_once()
    {
        using var app = new AuthApp();

        var response = await app.Client.Post("/api/auth/register", new { phone = "abc", password = "short", acceptTerms = false });

        var codes = await response.AssertValidation();
        CollectionAssert.IsSubsetOf(new[] { "auth.phone_invalid", "password.too_short", "password.no_upper_case", "password.no_digit", "auth.terms_not_accepted" }, codes);
    }

    [TestMethod]
    public async Task Any_printable_symbol_is_fine_in_a_password()
    {
        using var app = new AuthApp();
        const string password = "Pa$$w0rd!#%&*";

        var tokens = await app.Client.RegisterPhone(TestUsers.NewPhone(), password);

        await app.Client.LoginOk(tokens.GetProperty("user").GetProperty("phone").GetString()!, password);
    }

    [TestMethod]
    public async Task A_registration_code_works_once()
    {
        using var app = new AuthApp();
        var phone = TestUsers.NewPhone();
        var challengeId = await app.Client.StartRegistration(phone: phone);
        var code = await TestUsers.SmsCodeAsync(app.Client, phone);

        await (await app.Client.Post("/api/auth/register/confirm", new { challengeId, code })).AssertStatus(HttpStatusCode.Created);
        var again = await app.Client.Post("/api/auth/register/confirm", new { challengeId, code });

        await again.AssertProblem(HttpStatusCode.UnprocessableEntity, "auth.challenge_invalid");
    }
}
