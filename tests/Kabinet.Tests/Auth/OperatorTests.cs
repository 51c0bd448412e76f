using System.Net;
using Kabinet.Auth;
using Kabinet.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Kabinet.Tests.Auth;

/// <summary>The first operator from settings, and start-up refusing the development key in Production.</summary>
[TestClass]
public sealed class OperatorTests
{
    [TestMethod]
    public async Task The_first_operator_is_created_from_settings()
    {
        var login = TestUsers.NewEmail();
        const string password = "Operat0rPass";
        using var app = new AuthApp(settings: new Dictionary<string, string?> { ["Auth:OperatorLogin"] = login, ["Auth:OperatorPassword"] = password });

        var tokens = await app.Client.LoginOk(login.ToUpperInvariant(), password);

        Assert.AreEqual("operator", tokens.GetProperty("user").GetProperty("role").GetString());
        Assert.AreEqual("operator", new JsonWebToken(tokens.Access()).GetClaim("role").Value);
        var profile = await (await app.Client.GetProfile(tokens.Access())).AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual("operator", profile.GetProperty("role").GetString());
        Assert.AreEqual(login, profile.GetProperty("email").GetString());
        await (await app.Client.Login(login, "Wrong1Password")).AssertProblem(HttpStatusCode.Unauthorized, "auth.invalid_credentials");
    }

    [TestMethod]
    public async Task A_restart_keeps_the_existing_operator()
    {
        var login = TestUsers.NewEmail();
        using (var first = new AuthApp(settings: new Dictionary<string, string?> { ["Auth:OperatorLogin"] = login, ["Auth:OperatorPassword"] = "Operat0rPass" }))
            await first.Client.LoginOk(login, "Operat0rPass");

        using var second = new AuthApp(settings: new Dictionary<string, string?> { ["Auth:OperatorLogin"] = login, ["Auth:OperatorPassword"] = "Other0perPass" });

        await second.Client.LoginOk(login, "Operat0rPass");
    }

    [TestMethod]
    public async Task A_customer_is_not_an_operator()
    {
        using var app = new AuthApp();
        var user = await TestUsers.RegisterAsync(app.Client);

        Assert.AreEqual("customer", new JsonWebToken(user.AccessToken).GetClaim("role").Value);
        var profile = await (await app.Client.GetProfile(user.AccessToken)).AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual("customer", profile.GetProperty("role").GetString());
    }

    [TestMethod]
    public void Production_refuses_the_development_signing_key()
    {
        var error = StartFailure.Of(() => new KabinetFactory(new Dictionary<string, string?> { ["Auth:SigningKey"] = AuthOptions.DevelopmentSigningKey }, "Production"));

        StringAssert.Contains(error.ToString(), "OptionsValidationException");
        StringAssert.Contains(error.ToString(), "Auth:SigningKey");
    }

    [TestMethod]
    public void An_unresolved_Key_Vault_reference_is_refused_as_a_signing_key()
    {
        const string reference = "@Microsoft.KeyVault(SecretUri=https://kv-kabinet.vault.azure.net/secrets/auth-signing-key)";
        var error = StartFailure.Of(() => new KabinetFactory(new Dictionary<string, string?> { ["Auth:SigningKey"] = reference }, "Production"));

        StringAssert.Contains(error.ToString(), "unresolved Key Vault reference");
    }

    [TestMethod]
    public void Production_starts_with_a_secret_key()
    {
        using var factory = new KabinetFactory(environment: "Production");

        using var client = factory.CreateClient();

        Assert.IsNotNull(client);
    }

    [TestMethod]
    public async Task Development_accepts_the_development_key()
    {
        using var factory = new KabinetFactory(new Dictionary<string, string?> { ["Auth:SigningKey"] = AuthOptions.DevelopmentSigningKey });

        using var client = factory.CreateClient();

        Assert.AreEqual(HttpStatusCode.OK, (await client.GetAsync("/api/health")).StatusCode);
    }
}
