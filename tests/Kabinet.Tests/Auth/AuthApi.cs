using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Kabinet.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Kabinet.Tests.Auth;

/// <summary>
/// One in-process Kabinet for an auth test: optionally on a fake clock, with a client that comes
/// from an address of its own (X-Forwarded-For), so the per-address sign-in limit of one test
/// never counts another test's failures.
/// </summary>
public sealed class AuthApp : IDisposable
{
    private readonly KabinetFactory _root;
    private readonly WebApplicationFactory<Kabinet.Platform.Hosting.KabinetEntryPoint> _factory;

    public AuthApp(FakeTimeProvider? clock = null, IDictionary<string, string?>? settings = null)
    {
        Clock = clock;
        _root = new KabinetFactory(settings);
        _factory = clock is null ? _root : _root.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        Address = NewAddress();
        Client = NewClient(Address);
    }

    /// <summary>A fake clock at the real time now (tokens it issues are valid for the real-clock JWT check).</summary>
    public static FakeTimeProvider NewClock() => new(DateTimeOffset.UtcNow);

    public FakeTimeProvider? Clock { get; }
    public IServiceProvider Services => _factory.Services;
    public string Address { get; }
    public HttpClient Client { get; }

    public HttpClient NewClient(string? address = null)
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address ?? NewAddress());
        return client;
    }

    /// <summary>A client address no other test uses (a random unique-local IPv6 address).</summary>
    public static string NewAddress()
    {
        var g = Guid.NewGuid().ToString("N");
        return $"fd00:{g[..4]}:{g[4..8]}:{g[8..12]}::{g[12..16]}";
    }

    public void Dispose()
    {
        Client.Dispose();
        if (!ReferenceEquals(_factory, _root)) _factory.Dispose();
        _root.Dispose();
    }
}

/// <summary>Calls and assertions the auth tests share.</summary>
public static class Api
{
    public static Task<HttpResponseMessage> Post(this HttpClient client, string path, object body) => client.PostAsJsonAsync(path, body);

    public static async Task<JsonElement> Json(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return string.IsNullOrEmpty(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static HttpRequestMessage Bearer(HttpMethod method, string path, string accessToken, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        if (body is not null) request.Content = JsonContent.Create(body);
        return request;
    }

    public static Task<HttpResponseMessage> GetProfile(this HttpClient client, string accessToken) =>
        client.SendAsync(Bearer(HttpMethod.Get, "/api/profile", accessToken));

    /// <summary>Asserts a ProblemDetails with that status and code; returns its body.</summary>
    public static async Task<JsonElement> AssertProblem(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(status, response.StatusCode, text);
        Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType, text);
        var body = JsonDocument.Parse(text).RootElement.Clone();
        Assert.AreEqual(code, body.GetProperty("code").GetString(), text);
        Assert.AreEqual((int)status, body.GetProperty("status").GetInt32(), text);
        return body;
    }

    public static async Task<JsonElement> AssertStatus(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(status, response.StatusCode, text);
        return string.IsNullOrEmpty(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The field error codes of a 422 request.validation_failed, in order.</summary>
    public static async Task<string[]> AssertValidation(this HttpResponseMessage response, string? field = null)
    {
        var body = await response.AssertProblem(HttpStatusCode.UnprocessableEntity, "request.validation_failed");
        return body.GetProperty("errors").EnumerateArray()
            .Where(e => field is null || e.GetProperty("field").GetString() == field)
            .Select(e => e.GetProperty("code").GetString()!).ToArray();
    }

    /// <summary>Property names of an object, sorted: "the same shape".</summary>
    public static string Shape(JsonElement body) =>
        string.Join(",", body.EnumerateObject().Select(p => $"{p.Name}:{p.Value.ValueKind}").Order());

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
