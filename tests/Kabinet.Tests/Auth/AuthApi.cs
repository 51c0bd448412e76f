using System.Net;
using System.Text.Json;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Auth;

/// <summary>
/// One in-process Kabinet for an auth test: optionally on a test clock, with a client that comes
/// from an address of its own (X-Forwarded-For), so the per-address sign-in limit of one test
/// never counts another test's failures.
/// </summary>
public sealed class AuthApp(TestClock? clock = null, IDictionary<string, string?>? settings = null) : TestApp(settings, clock, ownAddress: true)
{
    /// <summary>A test clock at the real time now (tokens it issues are valid for the real-clock JWT check).</summary>
    public static TestClock NewClock() => new();
}

/// <summary>Calls the auth tests share (the generic ones are in <see cref="Api"/>).</summary>
public static class AuthCalls
{
    public static Task<HttpResponseMessage> GetProfile(this HttpClient client, string accessToken) =>
        client.SendAsync(Api.Bearer(HttpMethod.Get, "/api/profile", accessToken));

    public static async Task<string> StartRegistration(this HttpClient client, string? phone = null, string? email = null,
        string password = TestUsers.Password, bool marketingOptIn = false)
    {
        var started = await client.Post("/api/auth/register", new { phone, email, password, acceptTerms = true, marketingOptIn });
        var body = await started.AssertStatus(HttpStatusCode.Accepted);
        return body.GetProperty("challengeId").GetString()!;
    }

    /// <summary>Registers <paramref name="phone"/> (as spelled) and confirms with the SMS code: the token response.</summary>
    public static async Task<JsonElement> RegisterPhone(this HttpClient client, string phone, string password = TestUsers.Password, bool marketingOptIn = false)
    {
        var challengeId = await client.StartRegistration(phone: phone, password: password, marketingOptIn: marketingOptIn);
        var code = await TestUsers.SmsCodeAsync(client, Kabinet.Auth.Identifiers.NormalizePhone(phone)!);
        return await (await client.Post("/api/auth/register/confirm", new { challengeId, code })).AssertStatus(HttpStatusCode.Created);
    }

    public static Task<HttpResponseMessage> Login(this HttpClient client, string login, string password, string? deviceId = null) =>
        client.Post("/api/auth/login", new { login, password, deviceId });

    public static async Task<JsonElement> LoginOk(this HttpClient client, string login, string password, string? deviceId = null) =>
        await (await client.Login(login, password, deviceId)).AssertStatus(HttpStatusCode.OK);

    public static string Access(this JsonElement tokens) => tokens.GetProperty("accessToken").GetString()!;
    public static string Refresh(this JsonElement tokens) => tokens.GetProperty("refreshToken").GetString()!;
}
