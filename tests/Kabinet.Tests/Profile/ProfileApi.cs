using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kabinet.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Kabinet.Tests.Profile;

/// <summary>
/// Helpers of the profile tests. Every client says who it is (User-Agent) and where it comes from
/// (X-Forwarded-For, unique per client), so the sign-in throttle per client address never mixes
/// tests, and sessions and history show a device and address a test can recognise.
/// </summary>
public static class ProfileApi
{
    public static HttpClient Client(WebApplicationFactory<Kabinet.Platform.Hosting.KabinetEntryPoint> factory, string? device = null, string? address = null)
    {
        var client = factory.CreateClient();
        Identify(client, device, address);
        return client;
    }

    public static async Task<HttpClient> HostClientAsync(string? device = null, string? address = null)
    {
        var client = await SharedKabinetHost.ClientAsync();
        Identify(client, device, address);
        return client;
    }

    private static void Identify(HttpClient client, string? device, string? address)
    {
        client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", device ?? NewDevice());
        client.DefaultRequestHeaders.TryAddWithoutValidation("X-Forwarded-For", address ?? NewAddress());
    }

    public static string NewDevice(string what = "client") => $"KabinetProfileTests/1.0 ({what}-{Guid.NewGuid().ToString("N")[..8]})";

    public static string NewAddress() => $"10.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(0, 256)}.{Random.Shared.Next(1, 255)}";

    public static string Device(this HttpClient client) => string.Join(' ', client.DefaultRequestHeaders.GetValues("User-Agent"));

    public static string Address(this HttpClient client) => client.DefaultRequestHeaders.GetValues("X-Forwarded-For").Single();

    public static Task<Reply> GetProfileAsync(this HttpClient client, TestUser user) => client.SendAsync(user, HttpMethod.Get, "/api/profile");

    public static async Task<JsonElement> ProfileAsync(this HttpClient client, TestUser user)
    {
        var r = await client.GetProfileAsync(user);
        Assert.AreEqual(HttpStatusCode.OK, r.Status, r.Describe());
        return r.Body;
    }

    public static Task<Reply> LoginAsync(this HttpClient client, string login, string password, string? deviceId = null) =>
        client.SendAsync(null, HttpMethod.Post, "/api/auth/login", new { login, password, deviceId });

    /// <summary>Signs in (a new session) and returns the user with that session's tokens.</summary>
    public static async Task<TestUser> SignInAsync(this HttpClient client, TestUser user, string? login = null, string? password = null)
    {
        var r = await client.LoginAsync(login ?? user.Phone ?? user.Email!, password ?? user.Password);
        Assert.AreEqual(HttpStatusCode.OK, r.Status, "sign-in: " + r.Describe());
        return user with { AccessToken = r.Body.GetProperty("accessToken").GetString()!, RefreshToken = r.Body.GetProperty("refreshToken").GetString()! };
    }

    public static Task<Reply> RefreshAsync(this HttpClient client, string refreshToken) =>
        client.SendAsync(null, HttpMethod.Post, "/api/auth/refresh", new { refreshToken });

    /// <summary>Registers exactly this phone or e-mail (TestUsers.RegisterAsync picks its own), taking the code sent after the ones already there.</summary>
    public static async Task<TestUser> RegisterWithAsync(HttpClient client, string? phone = null, string? email = null, string password = TestUsers.Password)
    {
        var earlier = phone is not null ? await TestUsers.SmsCountAsync(client, phone) : (await MailDev.ToAsync(email!)).Length;
        var started = await client.SendAsync(null, HttpMethod.Post, "/api/auth/register", new { phone, email, password, acceptTerms = true, marketingOptIn = false });
        Assert.AreEqual(HttpStatusCode.Accepted, started.Status, "register: " + started.Describe());
        var code = phone is not null ? await TestUsers.SmsCodeAsync(client, phone, earlier) : await TestUsers.EmailCodeAsync(email!, earlier);
        var confirmed = await client.SendAsync(null, HttpMethod.Post, "/api/auth/register/confirm",
            new { challengeId = started.Body.GetProperty("challengeId").GetString(), code });
        Assert.AreEqual(HttpStatusCode.Created, confirmed.Status, "register/confirm: " + confirmed.Describe());
        return new TestUser(confirmed.Body.GetProperty("user").GetProperty("id").GetString()!, phone, email, password,
            confirmed.Body.GetProperty("accessToken").GetString()!, confirmed.Body.GetProperty("refreshToken").GetString()!);
    }

    /// <summary>A 5-digit code that is surely not <paramref name="code"/>.</summary>
    public static string WrongCode(string code) => ((int.Parse(code) + 1) % 100_000).ToString("D5");

    public static void AssertNotServerError(Reply r, string what) =>
        Assert.IsTrue((int)r.Status < 500, $"{what}: expected no 5xx, got {r.Describe()}");

    public static void AssertFieldError(Reply r, string field, string code, string what = "")
    {
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, r.Status, $"{what}: {r.Describe()}");
        Assert.IsTrue(r.Errors.Contains((field, code)), $"{what}: expected ({field}, {code}) in {r.Describe()}");
    }
}
