using Kabinet.Auth;
using Kabinet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kabinet.Tests.Auth;

/// <summary>Auth:PasswordIterations: the cost of new hashes, at least 600,000 outside Development.</summary>
[TestClass]
public sealed class PasswordIterationsTests
{
    private static int IterationsOf(string hash) => int.Parse(hash.Split('$')[1]);

    [TestMethod]
    public void Staging_refuses_to_start_with_fewer_than_600_000()
    {
        var error = StartFailure.Of(() => new KabinetFactory(new Dictionary<string, string?> { ["Auth:PasswordIterations"] = "1000" }, environment: "Staging"));

        StringAssert.Contains(error.ToString(), "Auth:PasswordIterations");
    }

    [TestMethod]
    public void The_default_is_600_000()
    {
        Assert.AreEqual(600_000, new AuthOptions().PasswordIterations);
        Assert.AreEqual(600_000, IterationsOf(PasswordHasher.Hash("Passw0rdOk")));
    }

    [TestMethod]
    public async Task New_hashes_the_decoy_and_the_first_operator_use_the_setting()
    {
        var login = TestUsers.NewEmail();
        using var app = new KabinetFactory(new Dictionary<string, string?>
        {
            ["Auth:PasswordIterations"] = "1234", ["Auth:OperatorLogin"] = login, ["Auth:OperatorPassword"] = "Operat0rPass",
        });
        app.CreateClient().Dispose(); // runs start-up (the operator)
        var hashing = app.Services.GetRequiredService<PasswordHashing>();

        var hash = await hashing.HashAsync("Passw0rdOk", CancellationToken.None);

        Assert.AreEqual(1234, IterationsOf(hash));
        Assert.IsTrue(PasswordHasher.Verify("Passw0rdOk", hash)); // the stored hash names its iterations
        Assert.AreEqual(1234, IterationsOf(hashing.Decoy)); // an unknown login costs what a real one does
        var operatorUser = await app.Services.GetRequiredService<Users>().FindByLoginAsync(Identifiers.ParseLogin(login)!.Value, CancellationToken.None);
        Assert.AreEqual(1234, IterationsOf(operatorUser!.PasswordHash));
    }

    [TestMethod]
    public async Task A_minted_user_signs_in_with_its_password()
    {
        using var app = new KabinetFactory();
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", $"fd02::{Random.Shared.Next(1, 0xffff):x}");

        var user = await TestUsers.MintAsync(app, byEmail: true);

        var hash = (await app.Services.GetRequiredService<Users>().FindAsync(user.Id, CancellationToken.None))!.PasswordHash;
        Assert.AreEqual(TestEnvironment.PasswordIterations, IterationsOf(hash));
        var profile = await client.SendAsync(user.Request(HttpMethod.Get, "/api/profile"));
        Assert.AreEqual(System.Net.HttpStatusCode.OK, profile.StatusCode);
        await client.LoginOk(user.Email!, user.Password);
    }
}
