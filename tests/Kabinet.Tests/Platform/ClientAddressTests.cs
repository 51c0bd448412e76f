using System.Net;
using System.Net.Http.Json;
using Kabinet.Platform.Hosting;
using Kabinet.Tests.Auth;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Platform;

/// <summary>The client address: the entry the outermost trusted proxy wrote, never one the client wrote.</summary>
[TestClass]
public sealed class ClientAddressTests
{
    [TestMethod]
    [DataRow("203.0.113.7", 1, "203.0.113.7")]
    [DataRow("10.9.9.9, 203.0.113.7", 1, "203.0.113.7")]
    [DataRow("10.9.9.9,203.0.113.7:50123", 1, "203.0.113.7")]
    [DataRow("10.9.9.9, [2001:db8::5]:443", 1, "2001:db8::5")]
    [DataRow("10.9.9.9, 2001:db8::5", 1, "2001:db8::5")]
    [DataRow("10.9.9.9, 198.51.100.1, 203.0.113.7, 10.0.0.4", 2, "203.0.113.7")]
    [DataRow("203.0.113.7, 10.0.0.4", 3, "203.0.113.7")]
    [DataRow("for=10.9.9.9, for=\"[2001:db8::5]:443\";proto=https", 1, "2001:db8::5")]
    [DataRow("10.9.9.9, not-an-address", 1, null)]
    [DataRow("203.0.113.7", 0, null)]
    [DataRow(" , ", 1, null)]
    [DataRow("", 1, null)]
    public void The_trusted_entry_is_counted_from_the_end(string header, int trustedProxies, string? expected) =>
        Assert.AreEqual(expected, ClientInfo.Pick(header, trustedProxies));

    private static HttpRequestMessage Login(string forwardedFor, string header = "X-Forwarded-For")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
        {
            Content = JsonContent.Create(new { login = TestUsers.NewPhone(), password = "Wrong1Password" }),
        };
        request.Headers.TryAddWithoutValidation(header, forwardedFor);
        return request;
    }

    [TestMethod]
    public async Task Entries_the_client_prepends_cannot_reset_the_per_address_limit()
    {
        // Two proxies (say Front Door, then the Functions front end): the client is the second entry from the end.
        using var app = new AuthApp(settings: new Dictionary<string, string?> { ["Network:TrustedProxies"] = "2" });
        var client = app.NewClient();
        var proxy = AuthApp.NewAddress();
        var attacker = AuthApp.NewAddress();
        string Spoofed(string who) => $"{AuthApp.NewAddress()}, {AuthApp.NewAddress()}, {who}, {proxy}";

        for (var i = 0; i < 30; i += 3)
            foreach (var answer in await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => client.SendAsync(Login(Spoofed(attacker))))))
                await answer.AssertProblem(HttpStatusCode.Unauthorized, "auth.invalid_credentials");

        // Past 30 failed logins the address is paced: one new login per 10 s. This one takes the turn…
        await (await client.SendAsync(Login(Spoofed(attacker)))).AssertProblem(HttpStatusCode.Unauthorized, "auth.invalid_credentials");
        // …and fresh made-up entries in front change nothing: it is still the attacker's address, waiting for its turn.
        await (await client.SendAsync(Login(Spoofed(attacker)))).AssertProblem(HttpStatusCode.TooManyRequests, "auth.too_many_attempts");
        await (await client.SendAsync(Login(attacker + ", " + proxy))).AssertProblem(HttpStatusCode.TooManyRequests, "auth.too_many_attempts");
        // Someone else behind the same proxy is not the attacker.
        await (await client.SendAsync(Login(Spoofed(AuthApp.NewAddress())))).AssertProblem(HttpStatusCode.Unauthorized, "auth.invalid_credentials");
    }

    [TestMethod]
    public async Task The_header_name_is_a_setting()
    {
        using var app = new AuthApp(settings: new Dictionary<string, string?> { ["Network:ForwardedHeader"] = "X-Client-Chain" });
        var user = await TestUsers.RegisterAsync(app.Client, byEmail: true);
        var login = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { login = user.Email, password = user.Password }) };
        login.Headers.TryAddWithoutValidation("X-Client-Chain", "198.51.100.9, 203.0.113.77:61000");
        // app.Client also sends an X-Forwarded-For of its own: no longer read.
        var tokens = await (await app.Client.SendAsync(login)).AssertStatus(HttpStatusCode.OK);

        var sessions = await (await app.Client.SendAsync(Api.Bearer(HttpMethod.Get, "/api/profile/sessions", tokens.Access()))).AssertStatus(HttpStatusCode.OK);

        var current = sessions.GetProperty("items").EnumerateArray().Single(s => s.GetProperty("current").GetBoolean());
        Assert.AreEqual("203.0.113.77", current.GetProperty("clientAddress").GetString());
    }
}
