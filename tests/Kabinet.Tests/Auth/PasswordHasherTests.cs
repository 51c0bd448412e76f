using Kabinet.Auth;

namespace Kabinet.Tests.Auth;

[TestClass]
public sealed class PasswordHasherTests
{
    [TestMethod]
    public void A_hash_verifies_its_password_only()
    {
        var hash = PasswordHasher.Hash("Passw0rdOk");

        Assert.IsTrue(PasswordHasher.Verify("Passw0rdOk", hash));
        Assert.IsFalse(PasswordHasher.Verify("Passw0rdOK", hash));
        Assert.IsFalse(PasswordHasher.Verify("Passw0rdOk ", hash));
        Assert.IsFalse(PasswordHasher.Verify("", hash));
    }

    [TestMethod]
    public void Two_hashes_of_one_password_differ()
    {
        var first = PasswordHasher.Hash("Passw0rdOk");
        var second = PasswordHasher.Hash("Passw0rdOk");

        Assert.AreNotEqual(first, second);
        Assert.IsTrue(PasswordHasher.Verify("Passw0rdOk", first));
        Assert.IsTrue(PasswordHasher.Verify("Passw0rdOk", second));
    }

    [TestMethod]
    public void The_stored_form_names_pbkdf2_sha256_and_600000_iterations()
    {
        var parts = PasswordHasher.Hash("Passw0rdOk").Split('$');

        Assert.AreEqual(4, parts.Length);
        Assert.AreEqual("pbkdf2-sha256", parts[0]);
        Assert.AreEqual("600000", parts[1]);
        Assert.AreEqual(16, Convert.FromBase64String(parts[2]).Length, "salt bytes");
        Assert.AreEqual(32, Convert.FromBase64String(parts[3]).Length, "hash bytes");
    }

    [TestMethod]
    public void Older_parameters_still_verify()
    {
        var old = PasswordHasher.Hash("Passw0rdOk", iterations: 1000);

        StringAssert.StartsWith(old, "pbkdf2-sha256$1000$");
        Assert.IsTrue(PasswordHasher.Verify("Passw0rdOk", old));
    }

    [TestMethod]
    public void Non_ascii_passwords_hash_and_verify()
    {
        var hash = PasswordHasher.Hash("Пароль😀1");

        Assert.IsTrue(PasswordHasher.Verify("Пароль😀1", hash));
        Assert.IsFalse(PasswordHasher.Verify("Пароль😀2", hash));
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("plain")]
    [DataRow("md5$abc")]
    [DataRow("pbkdf2-sha256$x$AAAA$AAAA")]
    public void Unknown_stored_forms_do_not_verify(string stored) =>
        Assert.IsFalse(PasswordHasher.Verify("Passw0rdOk", stored));

    [TestMethod]
    public void The_decoy_matches_no_ordinary_password()
    {
        Assert.IsFalse(PasswordHasher.Verify("Passw0rdOk", PasswordHasher.NewDecoy(1000)));
        Assert.IsFalse(PasswordHasher.Verify("", PasswordHasher.NewDecoy(1000)));
    }
}
