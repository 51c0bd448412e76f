using System.Net;
using System.Text.Json;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Profile;

/// <summary>Changing the phone or e-mail: a code goes to the new contact, and only the code applies the change.</summary>
[TestClass]
public sealed class ProfileContactsTests
{
    private static readonly TestApp App = new();
    private static KabinetFactory _factory => App.Root;

    [ClassCleanup]
    public static void Stop() => App.Dispose();

    private static Task<Reply> Confirm(HttpClient client, TestUser user, string challengeId, string code) =>
        client.SendAsync(user, HttpMethod.Post, "/api/profile/contacts/confirm", new { challengeId, code });

    [TestMethod]
    public async Task New_email_applies_only_after_the_code_sent_to_it_and_then_signs_in()
    {
        using var client = ProfileApi.Client(_factory);
        var user = await TestUsers.RegisterAsync(client);
        var email = TestUsers.NewEmail();

        var started = await client.SendAsync(user, HttpMethod.Post, "/api/profile/email", new { email });
        Assert.AreEqual(HttpStatusCode.Accepted, started.Status, started.Describe());
        var challengeId = started.Body.GetProperty("challengeId").GetString()!;
        var code = await TestUsers.EmailCodeAsync(email);
        Assert.AreEqual(5, code.Length, "the code went to the new address");

        var before = await client.ProfileAsync(user);
        Assert.AreEqual(JsonValueKind.Null, before.GetProperty("email").ValueKind, "unchanged until confirmed");
        Assert.IsFalse(before.GetProperty("emailConfirmed").GetBoolean());
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await client.LoginAsync(email, user.Password)).Status, "not a login before the code");

        var wrong = await Confirm(client, user, challengeId, ProfileApi.WrongCode(code));
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, wrong.Status, wrong.Describe());
        Assert.AreEqual("auth.code_invalid", wrong.Code);
        Assert.AreEqual(JsonValueKind.Null, (await client.ProfileAsync(user)).GetProperty("email").ValueKind, "a wrong code changes nothing");

        var confirmed = await Confirm(client, user, challengeId, code);
        Assert.AreEqual(HttpStatusCode.OK, confirmed.Status, confirmed.Describe());

        var after = await client.ProfileAsync(user);
        Assert.AreEqual(email, after.GetProperty("email").GetString());
        Assert.IsTrue(after.GetProperty("emailConfirmed").GetBoolean());
        Assert.AreEqual(user.Phone, after.GetProperty("phone").GetString(), "the phone stays");
        var login = await client.LoginAsync(email, user.Password);
        Assert.AreEqual(HttpStatusCode.OK, login.Status, login.Describe());
        Assert.AreEqual(user.Id, login.Body.GetProperty("user").GetProperty("id").GetString());
        Assert.AreEqual(HttpStatusCode.OK, (await client.LoginAsync(user.Phone!, user.Password)).Status, "the phone still signs in");

        var again = await Confirm(client, user, challengeId, code);
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, again.Status, "a code works once: " + again.Describe());
    }

    [TestMethod]
    public async Task Replacing_the_email_sends_the_code_to_the_new_address_a_notice_to_the_old_one_and_frees_it()
    {
        using var client = ProfileApi.Client(_factory);
        var user = await TestUsers.RegisterAsync(client, byEmail: true);
        var email = TestUsers.NewEmail();

        var started = await client.SendAsync(user, HttpMethod.Post, "/api/profile/email", new { email = email.ToUpperInvariant() });
        Assert.AreEqual(HttpStatusCode.Accepted, started.Status, started.Describe());
        var code = await TestUsers.EmailCodeAsync(email);
        Assert.AreEqual(1, (await MailDev.ToAsync(user.Email!)).Length, "no code to the old address");
        Assert.AreEqual(user.Email, (await client.ProfileAsync(user)).GetProperty("email").GetString());

        var confirmed = await Confirm(client, user, started.Body.GetProperty("challengeId").GetString()!, code);
        Assert.AreEqual(HttpStatusCode.OK, confirmed.Status, confirmed.Describe());

        Assert.AreEqual(email, (await client.ProfileAsync(user)).GetProperty("email").GetString(), "stored lower-cased");
        var notice = await TestUsers.EmailAsync(user.Email!, skip: 1);
        Assert.AreEqual("E-mail для входа изменён", notice.GetProperty("subject").GetString(), "the old address is told, with no code");
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await client.LoginAsync(user.Email!, user.Password)).Status, "the old e-mail no longer signs in");
        Assert.AreEqual(HttpStatusCode.OK, (await client.LoginAsync(email, user.Password)).Status);
        var other = await ProfileApi.RegisterWithAsync(client, email: user.Email);
        Assert.AreNotEqual(user.Id, other.Id, "the old e-mail is free for someone else");
    }

    [TestMethod]
    public async Task New_phone_applies_after_the_SMS_code_tells_the_old_phone_and_frees_it()
    {
        using var client = ProfileApi.Client(_factory);
        var user = await TestUsers.RegisterAsync(client);
        var phone = TestUsers.NewPhone();
        var spelled = $"8 ({phone[2..5]}) {phone[5..8]}-{phone[8..10]}-{phone[10..]}";

        var started = await client.SendAsync(user, HttpMethod.Post, "/api/profile/phone", new { phone = spelled });
        Assert.AreEqual(HttpStatusCode.Accepted, started.Status, started.Describe());
        var code = await TestUsers.SmsCodeAsync(client, phone);
        Assert.AreEqual(1, await TestUsers.SmsCountAsync(client, user.Phone!), "nothing new to the old phone");
        Assert.AreEqual(user.Phone, (await client.ProfileAsync(user)).GetProperty("phone").GetString(), "unchanged until confirmed");
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await client.LoginAsync(phone, user.Password)).Status);

        var confirmed = await Confirm(client, user, started.Body.GetProperty("challengeId").GetString()!, code);
        Assert.AreEqual(HttpStatusCode.OK, confirmed.Status, confirmed.Describe());

        var after = await client.ProfileAsync(user);
        Assert.AreEqual(phone, after.GetProperty("phone").GetString());
        Assert.IsTrue(after.GetProperty("phoneConfirmed").GetBoolean());
        var login = await client.LoginAsync(phone, user.Password);
        Assert.AreEqual(HttpStatusCode.OK, login.Status, login.Describe());
        Assert.AreEqual(user.Id, login.Body.GetProperty("user").GetProperty("id").GetString());
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await client.LoginAsync(user.Phone!, user.Password)).Status, "the old phone no longer signs in");
        StringAssert.Contains(await TestUsers.SmsTextAsync(client, user.Phone!, skip: 1), "изменён номер телефона", "the old phone is told");

        var other = await ProfileApi.RegisterWithAsync(client, phone: user.Phone);
        Assert.AreNotEqual(user.Id, other.Id, "another user registered the old phone");
        Assert.AreEqual(user.Phone, (await client.ProfileAsync(other)).GetProperty("phone").GetString());
    }

    [TestMethod]
    public async Task Invalid_or_unchanged_contacts_are_422()
    {
        using var client = ProfileApi.Client(_factory);
        var user = await TestUsers.RegisterAsync(client);

        ProfileApi.AssertFieldError(await client.SendAsync(user, HttpMethod.Post, "/api/profile/email", new { email = "not-an-email" }), "email", "auth.email_invalid");
        ProfileApi.AssertFieldError(await client.SendAsync(user, HttpMethod.Post, "/api/profile/phone", new { phone = "12" }), "phone", "auth.phone_invalid");
        ProfileApi.AssertFieldError(await client.SendAsync(user, HttpMethod.Post, "/api/profile/phone", new { phone = user.Phone }), "phone", "profile.contact_unchanged");
        var garbage = await client.SendAsync(user, HttpMethod.Post, "/api/profile/contacts/confirm", new { challengeId = "no-such-challenge", code = "12345" });
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, garbage.Status, garbage.Describe());
    }

    [TestMethod]
    public async Task A_phone_of_another_account_answers_202_alike_tells_its_owner_and_no_code_completes_it()
    {
        using var client = ProfileApi.Client(_factory);
        var owner = await TestUsers.RegisterAsync(client);
        var attacker = await TestUsers.RegisterAsync(client);
        var ownerCode = await TestUsers.SmsCodeAsync(client, owner.Phone!);

        var taken = await client.SendAsync(attacker, HttpMethod.Post, "/api/profile/phone", new { phone = owner.Phone });
        var free = await client.SendAsync(attacker, HttpMethod.Post, "/api/profile/phone", new { phone = TestUsers.NewPhone() });

        Assert.AreEqual(HttpStatusCode.Accepted, taken.Status, taken.Describe());
        Assert.AreEqual(free.Status, taken.Status);
        AssertSameShape(free.Body, taken.Body);

        var notice = await TestUsers.SmsTextAsync(client, owner.Phone!, skip: 1);
        Assert.IsTrue(notice.Contains("привязать"), "the owner is told: " + notice);
        Assert.IsFalse(System.Text.RegularExpressions.Regex.IsMatch(notice, @"\b\d{5}\b"), "the notice carries no code: " + notice);

        var challengeId = taken.Body.GetProperty("challengeId").GetString()!;
        foreach (var guess in new[] { ownerCode, "12345", "00000" })
        {
            var r = await Confirm(client, attacker, challengeId, guess);
            Assert.AreEqual(HttpStatusCode.UnprocessableEntity, r.Status, $"code {guess}: {r.Describe()}");
        }
        Assert.AreEqual(attacker.Phone, (await client.ProfileAsync(attacker)).GetProperty("phone").GetString());
        var ownerLogin = await client.LoginAsync(owner.Phone!, owner.Password);
        Assert.AreEqual(HttpStatusCode.OK, ownerLogin.Status, ownerLogin.Describe());
        Assert.AreEqual(owner.Id, ownerLogin.Body.GetProperty("user").GetProperty("id").GetString(), "the phone is still the owner's");
    }

    [TestMethod]
    public async Task An_email_of_another_account_answers_202_alike_tells_its_owner_and_no_code_completes_it()
    {
        using var client = ProfileApi.Client(_factory);
        var owner = await TestUsers.RegisterAsync(client, byEmail: true);
        var attacker = await TestUsers.RegisterAsync(client);
        var ownerCode = await TestUsers.EmailCodeAsync(owner.Email!);

        var taken = await client.SendAsync(attacker, HttpMethod.Post, "/api/profile/email", new { email = owner.Email });
        var free = await client.SendAsync(attacker, HttpMethod.Post, "/api/profile/email", new { email = TestUsers.NewEmail() });

        Assert.AreEqual(HttpStatusCode.Accepted, taken.Status, taken.Describe());
        Assert.AreEqual(free.Status, taken.Status);
        AssertSameShape(free.Body, taken.Body);

        var notice = (await TestUsers.EmailAsync(owner.Email!, skip: 1)).GetProperty("text").GetString()!;
        Assert.IsTrue(notice.Contains("привязать"), "the owner is told: " + notice);

        var challengeId = taken.Body.GetProperty("challengeId").GetString()!;
        foreach (var guess in new[] { ownerCode, "12345" })
            Assert.AreEqual(HttpStatusCode.UnprocessableEntity, (await Confirm(client, attacker, challengeId, guess)).Status);
        Assert.AreEqual(JsonValueKind.Null, (await client.ProfileAsync(attacker)).GetProperty("email").ValueKind);
        var ownerLogin = await client.LoginAsync(owner.Email!, owner.Password);
        Assert.AreEqual(owner.Id, ownerLogin.Body.GetProperty("user").GetProperty("id").GetString(), "the e-mail is still the owner's");
    }

    [TestMethod]
    public async Task Another_users_challenge_cannot_be_confirmed_even_with_the_right_code()
    {
        using var client = ProfileApi.Client(_factory);
        var alice = await TestUsers.RegisterAsync(client);
        var mallory = await TestUsers.RegisterAsync(client);
        var email = TestUsers.NewEmail();
        var started = await client.SendAsync(alice, HttpMethod.Post, "/api/profile/email", new { email });
        var code = await TestUsers.EmailCodeAsync(email);

        var r = await Confirm(client, mallory, started.Body.GetProperty("challengeId").GetString()!, code);

        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, r.Status, r.Describe());
        Assert.AreEqual(JsonValueKind.Null, (await client.ProfileAsync(mallory)).GetProperty("email").ValueKind);
        Assert.AreEqual(JsonValueKind.Null, (await client.ProfileAsync(alice)).GetProperty("email").ValueKind);
        var login = await client.LoginAsync(email, TestUsers.Password);
        Assert.AreEqual(HttpStatusCode.Unauthorized, login.Status, "the e-mail belongs to nobody: " + login.Describe());
    }

    private static void AssertSameShape(JsonElement a, JsonElement b)
    {
        var keysA = a.EnumerateObject().Select(p => p.Name).Order().ToArray();
        var keysB = b.EnumerateObject().Select(p => p.Name).Order().ToArray();
        CollectionAssert.AreEqual(keysA, keysB, $"same fields: {a} vs {b}");
        foreach (var key in keysA.Where(k => k is "channel" or "resendAfterSeconds"))
            Assert.AreEqual(a.GetProperty(key).ToString(), b.GetProperty(key).ToString(), key);
    }
}
