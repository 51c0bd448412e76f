using Kabinet.Auth;

namespace Kabinet.Tests.Auth;

/// <summary>Phones and e-mails as pure rules.</summary>
[TestClass]
public sealed class IdentifiersTests
{
    [TestMethod]
    [DataRow("8 913 123-45-67")]
    [DataRow("+7 (913) 123-45-67")]
    [DataRow("79131234567")]
    [DataRow("89131234567")]
    [DataRow("+79131234567")]
    [DataRow("9131234567")]
    [DataRow("  8(913)123.45.67  ")]
    [DataRow("8\u00A0913\u00A01234567")]
    public void Russian_numbers_in_any_usual_spelling_are_one_number(string input) =>
        Assert.AreEqual("+79131234567", Identifiers.NormalizePhone(input));

    [TestMethod]
    [DataRow("+44 20 7946 0958", "+442079460958")]
    [DataRow("+375 29 123 45 67", "+375291234567")]
    public void Other_countries_need_a_plus(string input, string expected) =>
        Assert.AreEqual(expected, Identifiers.NormalizePhone(input));

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("   ")]
    [DataRow("12345")]
    [DataRow("913123456")]          // 9 digits
    [DataRow("991312345678")]       // 12 digits without +
    [DataRow("69131234567")]        // 11 digits not starting with 7 or 8
    [DataRow("+7 913 123 45 678")]  // +7 with 11 digits after it
    [DataRow("+0123456789")]
    [DataRow("+1234567")]           // too short for anywhere
    [DataRow("+1234567890123456")]  // 16 digits
    [DataRow("8 913 123 45 6a")]
    [DataRow("8-913-123-45-67 ext")]
    [DataRow("79131234567+")]
    [DataRow("++79131234567")]
    [DataRow("😀9131234567")]
    [DataRow("8913123456\u00007")]
    [DataRow("123456789012345678901234567890123")] // over 32 characters
    public void Not_a_phone(string? input) => Assert.IsNull(Identifiers.NormalizePhone(input));

    [TestMethod]
    [DataRow("user@example.com", "user@example.com")]
    [DataRow("  User.Name@Example.COM ", "user.name@example.com")]
    [DataRow("a+tag@sub.example.ru", "a+tag@sub.example.ru")]
    public void Emails_are_trimmed_and_lower_cased(string input, string expected) =>
        Assert.AreEqual(expected, Identifiers.NormalizeEmail(input));

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("plain")]
    [DataRow("@example.com")]
    [DataRow("user@")]
    [DataRow("user@localhost")]
    [DataRow("us er@example.com")]
    [DataRow("user@exa mple.com")]
    [DataRow("user\u0001@example.com")]
    [DataRow("Name <user@example.com>")]
    [DataRow("a@b@example.com")]
    public void Not_an_email(string? input) => Assert.IsNull(Identifiers.NormalizeEmail(input));

    [TestMethod]
    public void Emails_longer_than_254_or_with_a_local_part_over_64_are_refused()
    {
        var at254 = new string('a', 64) + "@" + new string('b', 185) + ".com";
        Assert.AreEqual(254, at254.Length);
        Assert.AreEqual(at254, Identifiers.NormalizeEmail(at254));
        Assert.IsNull(Identifiers.NormalizeEmail(new string('a', 64) + "@" + new string('b', 186) + ".com"));
        Assert.IsNull(Identifiers.NormalizeEmail(new string('a', 65) + "@example.com"));
        Assert.IsNull(Identifiers.NormalizeEmail(new string('a', 60) + "@" + new string('b', 235) + ".com"));
    }

    [TestMethod]
    public void A_login_with_an_at_is_an_email_otherwise_a_phone()
    {
        Assert.AreEqual(new LoginId(LoginKind.Email, "user@example.com"), Identifiers.ParseLogin(" USER@example.com"));
        Assert.AreEqual(new LoginId(LoginKind.Phone, "+79131234567"), Identifiers.ParseLogin("8 (913) 123-45-67"));
        Assert.IsNull(Identifiers.ParseLogin("user@"));
        Assert.IsNull(Identifiers.ParseLogin("not a login"));
        Assert.IsNull(Identifiers.ParseLogin(null));
        Assert.IsNull(Identifiers.ParseLogin("  "));
        Assert.AreEqual("phone:+79131234567", Identifiers.ParseLogin("+7 913 1234567")!.Value.Key);
        Assert.AreEqual("email:user@example.com", Identifiers.ParseLogin("User@Example.com")!.Value.Key);
    }

    [TestMethod]
    public void Masks_keep_enough_to_recognise_but_not_the_whole_contact()
    {
        var phone = Identifiers.Mask(new LoginId(LoginKind.Phone, "+79131234567"));
        Assert.IsTrue(phone.StartsWith("+7913") && phone.EndsWith("67"), phone);
        Assert.IsFalse(phone.Contains("12345"), phone);
        var email = Identifiers.Mask(new LoginId(LoginKind.Email, "ivan@example.com"));
        Assert.IsTrue(email.StartsWith('i') && email.EndsWith("@example.com") && !email.Contains("ivan"), email);
    }
}
