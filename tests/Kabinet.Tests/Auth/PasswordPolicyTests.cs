using Kabinet.Auth;

namespace Kabinet.Tests.Auth;

/// <summary>Seed 004's password rules as a pure function.</summary>
[TestClass]
public sealed class PasswordPolicyTests
{
    [TestMethod]
    [DataRow("Passw0rdOk")]
    [DataRow("Abcdefg1")]               // exactly 8
    [DataRow("Pa$$w0rd!#%&*()[]{}")]     // any printable symbol
    [DataRow("P@ssw0rd😀")]              // an emoji is not a letter
    public void Good_passwords_break_no_rule(string password) =>
        Assert.AreEqual(0, PasswordPolicy.Violations(password).Count, string.Join(", ", PasswordPolicy.Violations(password)));

    [TestMethod]
    public void A_good_password_at_the_maximum_length_passes() =>
        Assert.AreEqual(0, PasswordPolicy.Violations("Aa1" + new string('x', 125)).Count);

    [TestMethod]
    [DataRow("Abcdef1", "password.too_short")]
    [DataRow("Parolь12", "password.non_latin_letters")]
    [DataRow("Straße12", "password.non_latin_letters")]
    [DataRow("password1", "password.no_upper_case")]
    [DataRow("PASSWORD1", "password.no_lower_case")]
    [DataRow("Password", "password.no_digit")]
    [DataRow("Pass word1", "password.has_spaces")]
    public void Each_rule_alone(string password, string rule) =>
        CollectionAssert.AreEqual(new[] { rule }, PasswordPolicy.Violations(password).ToArray());

    [TestMethod]
    public void Over_128_characters_is_too_long() =>
        CollectionAssert.AreEqual(new[] { "password.too_long" }, PasswordPolicy.Violations("Aa1" + new string('x', 126)).ToArray());

    [TestMethod]
    public void Control_characters_are_refused() =>
        CollectionAssert.Contains(PasswordPolicy.Violations("Passw0rd\u0001").ToArray(), "password.control_characters");

    [TestMethod]
    public void A_tab_is_a_space() =>
        CollectionAssert.Contains(PasswordPolicy.Violations("Passw0rd\tOk").ToArray(), "password.has_spaces");

    [TestMethod]
    public void Every_broken_rule_is_listed()
    {
        var broken = PasswordPolicy.Violations("пар ль").Order().ToArray();

        CollectionAssert.AreEqual(new[]
        {
            "password.has_spaces", "password.no_digit", "password.no_lower_case", "password.no_upper_case",
            "password.non_latin_letters", "password.too_short",
        }, broken);
    }

    [TestMethod]
    public void No_password_breaks_the_rules_without_throwing()
    {
        CollectionAssert.IsSubsetOf(new[] { "password.too_short", "password.no_upper_case", "password.no_lower_case", "password.no_digit" },
            PasswordPolicy.Violations(null).ToArray());
        CollectionAssert.IsSubsetOf(new[] { "password.too_short", "password.no_upper_case", "password.no_lower_case", "password.no_digit" },
            PasswordPolicy.Violations("").ToArray());
    }
}
