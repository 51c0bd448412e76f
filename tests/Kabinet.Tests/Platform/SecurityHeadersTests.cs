using System.Net;
using System.Net.Http.Json;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Platform;

/// <summary>Response headers over real HTTP (the app on Kestrel, as the Functions host talks to it).</summary>
[TestClass]
public sealed class SecurityHeadersTests
{
    private static readonly TestApp App = new(ownAddress: true);
    private static HttpClient _client => App.Client;

    [ClassInitialize]
    public static void Start(TestContext _)
    {
        App.Root.UseKestrel(0);
        App.Root.StartServer();
        Assert.AreEqual("http", _client.BaseAddress!.Scheme);
    }

    [ClassCleanup]
    public static void Stop() => App.Dispose();

    private static void AssertHardened(HttpResponseMessage response, string what)
    {
        Assert.IsTrue(response.Headers.CacheControl?.NoStore == true, $"{what}: Cache-Control {response.Headers.CacheControl}");
        Assert.AreEqual("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")), what);
        Assert.IsFalse(response.Headers.Contains("Server"), $"{what}: Server {string.Join(",", response.Headers.Server)}");
    }

    [TestMethod]
    public async Task Tokens_and_personal_data_are_not_stored_by_caches()
    {
        var user = await TestUsers.RegisterAsync(_client, byEmail: true);

        var login = await _client.PostAsJsonAsync("/api/auth/login", new { login = user.Email, password = user.Password });
        var refresh = await _client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = (await login.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("refreshToken").GetString() });
        var profile = await _client.SendAsync(user.Request(HttpMethod.Get, "/api/profile"));

        Assert.AreEqual(HttpStatusCode.OK, login.StatusCode);
        AssertHardened(login, "login");
        Assert.AreEqual(HttpStatusCode.OK, refresh.StatusCode);
        AssertHardened(refresh, "refresh");
        Assert.AreEqual(HttpStatusCode.OK, profile.StatusCode);
        AssertHardened(profile, "profile");
    }

    [TestMethod]
    public async Task Errors_and_404s_carry_the_headers_too()
    {
        var notFound = await _client.GetAsync("/api/no/such/path");
        var badJson = await _client.PostAsync("/api/auth/login", new StringContent("{\"login\":", System.Text.Encoding.UTF8, "application/json"));
        var unauthorized = await _client.GetAsync("/api/profile");
        var invocation = await _client.PostAsync("/SendCode", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        Assert.AreEqual(HttpStatusCode.NotFound, notFound.StatusCode);
        AssertHardened(notFound, "404");
        Assert.AreEqual(HttpStatusCode.BadRequest, badJson.StatusCode);
        AssertHardened(badJson, "400");
        Assert.AreEqual(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        AssertHardened(unauthorized, "401");
        Assert.AreEqual(HttpStatusCode.BadRequest, invocation.StatusCode);
        AssertHardened(invocation, "function invocation");
    }

    [TestMethod]
    public async Task Health_and_docs_carry_them_as_well()
    {
        foreach (var path in new[] { "/api/health", "/", "/api/openapi/v1.json" })
        {
            var response = await _client.GetAsync(path);
            Assert.IsTrue(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
            AssertHardened(response, path);
        }
    }
}
