using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kabinet.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kabinet.Tests.Infrastructure;

/// <summary>A signed-up user as a test sees it: logins, password and the current token pair.</summary>
public sealed record TestUser(string Id, string? Phone, string? Email, string Password, string AccessToken, string RefreshToken)
{
    public HttpRequestMessage Request(HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AccessToken);
        if (body is not null) request.Content = JsonContent.Create(body);
        return request;
    }
}

/// <summary>
/// Sign-up and codes over HTTP, as a client does it: codes are read from the development SMS
/// store (GET /api/dev/sms) and from MailDev, after the queues delivered them.
/// </summary>
public static partial class TestUsers
{
    public const string Password = "Passw0rdOk";

    /// <summary>A mobile number no other test uses, in E.164.</summary>
    public static string NewPhone() => "+79" + Random.Shared.NextInt64(100_000_000, 999_999_999);

    public static string NewEmail() => $"u{Guid.NewGuid():N}@example.com";

    [GeneratedRegex(@"\b(\d{5})\b")]
    private static partial Regex CodePattern();

    /// <summary>The newest code texted to <paramref name="phone"/> after <paramref name="skip"/> earlier messages.</summary>
    /// <summary>
    /// The code of the newest SMS with one among those after the first <paramref name="skip"/>: a security notice to the same
    /// phone (sent on its own queue) may land in between, and has no code.
    /// </summary>
    public static async Task<string> SmsCodeAsync(HttpClient client, string phone, int skip = 0)
    {
        await SharedKabinetHost.GetAsync(); // it works the codes queue
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var list = await client.GetFromJsonAsync<JsonElement>("/api/dev/sms?to=" + Uri.EscapeDataString(phone));
            var code = list.GetProperty("items").EnumerateArray().Skip(skip).Select(i => CodePattern().Match(i.GetProperty("text").GetString() ?? ""))
                .LastOrDefault(m => m.Success)?.Groups[1].Value;
            if (code is not null) return code;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no SMS with a code after #{skip} to {phone}");
            await Task.Delay(150);
        }
    }

    public static async Task<string> SmsTextAsync(HttpClient client, string phone, int skip = 0)
    {
        await SharedKabinetHost.GetAsync(); // it works the codes queue
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var list = await client.GetFromJsonAsync<JsonElement>("/api/dev/sms?to=" + Uri.EscapeDataString(phone));
            var items = list.GetProperty("items").EnumerateArray().ToList();
            if (items.Count > skip) return items[^1].GetProperty("text").GetString()!;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no SMS #{skip + 1} to {phone}");
            await Task.Delay(150);
        }
    }

    public static async Task<int> SmsCountAsync(HttpClient client, string phone) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/dev/sms?to=" + Uri.EscapeDataString(phone))).GetProperty("items").GetArrayLength();

    /// <summary>The newest e-mail to <paramref name="email"/> once there are more than <paramref name="skip"/>.</summary>
    public static async Task<JsonElement> EmailAsync(string email, int skip = 0)
    {
        await SharedKabinetHost.GetAsync(); // it works the codes and email queues
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var mails = await MailDev.ToAsync(email);
            if (mails.Length > skip) return mails[^1];
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no e-mail #{skip + 1} to {email}");
            await Task.Delay(200);
        }
    }

    public static async Task<string> EmailCodeAsync(string email, int skip = 0) =>
        CodePattern().Match((await EmailAsync(email, skip)).GetProperty("text").GetString()!).Groups[1].Value;

    /// <summary>Registers by phone (or e-mail) and confirms with the code; returns the signed-in user.</summary>
    public static async Task<TestUser> RegisterAsync(HttpClient client, bool byEmail = false, string password = Password)
    {
        var phone = byEmail ? null : NewPhone();
        var email = byEmail ? NewEmail() : null;
        // Each sign-up from an address of its own (unless the client has one): code sends are limited per client address.
        using var register = new HttpRequestMessage(HttpMethod.Post, "/api/auth/register")
        {
            Content = JsonContent.Create(new { phone, email, password, acceptTerms = true, marketingOptIn = false }),
        };
        if (!client.DefaultRequestHeaders.Contains("X-Forwarded-For"))
            register.Headers.TryAddWithoutValidation("X-Forwarded-For", $"fd01::{Random.Shared.Next(1, 0xffff):x}:{Random.Shared.Next(1, 0xffff):x}");
        var started = await client.SendAsync(register);
        if (started.StatusCode != HttpStatusCode.Accepted) throw new InvalidOperationException($"register: {started.StatusCode} {await started.Content.ReadAsStringAsync()}");
        var challengeId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("challengeId").GetString();
        var code = byEmail ? await EmailCodeAsync(email!) : await SmsCodeAsync(client, phone!);
        var confirmed = await client.PostAsJsonAsync("/api/auth/register/confirm", new { challengeId, code });
        if (confirmed.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"confirm: {confirmed.StatusCode} {await confirmed.Content.ReadAsStringAsync()}");
        var tokens = await confirmed.Content.ReadFromJsonAsync<JsonElement>();
        return new TestUser(tokens.GetProperty("user").GetProperty("id").GetString()!, phone, email, password,
            tokens.GetProperty("accessToken").GetString()!, tokens.GetProperty("refreshToken").GetString()!);
    }

    /// <summary>
    /// A signed-in user made directly by the app's own services, without the SMS or e-mail round trip:
    /// the user and its login row (<see cref="Users.ClaimLoginAsync"/>), a hash with the configured
    /// iterations, and a session (<see cref="Sessions.StartAsync"/>). For tests that are not about sign-up;
    /// the session's device and address are those <paramref name="like"/> sends (User-Agent, X-Forwarded-For).
    /// The in-process apps share the run's storage and signing key, so the user works on the shared host too.
    /// </summary>
    public static Task<TestUser> MintAsync(WebApplicationFactory<Kabinet.Platform.Hosting.KabinetEntryPoint> factory,
        bool byEmail = false, string password = Password, HttpClient? like = null) =>
        MintAsync(factory.Services, byEmail, password, like);

    public static async Task<TestUser> MintAsync(IServiceProvider services, bool byEmail = false, string password = Password, HttpClient? like = null)
    {
        var ct = CancellationToken.None;
        var options = services.GetRequiredService<IOptions<AuthOptions>>().Value;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var login = byEmail ? new LoginId(LoginKind.Email, NewEmail()) : new LoginId(LoginKind.Phone, NewPhone());
        var user = new UserEntity
        {
            PartitionKey = Secrets.NewId(),
            PasswordHash = await services.GetRequiredService<PasswordHashing>().HashAsync(password, ct),
            PasswordChangedAt = now,
            TermsVersion = options.TermsVersion,
            TermsAcceptedAt = now,
            CreatedAt = now,
        };
        if (byEmail) { user.Email = login.Value; user.EmailConfirmed = true; }
        else { user.Phone = login.Value; user.PhoneConfirmed = true; }
        if (!await services.GetRequiredService<Users>().ClaimLoginAsync(login, user.UserId, ct))
            throw new InvalidOperationException("mint: the new login is taken");
        await services.GetRequiredService<AuthTables>().Users.AddEntityAsync(user, ct);

        var http = new DefaultHttpContext { RequestServices = services };
        foreach (var header in new[] { "User-Agent", "X-Forwarded-For" })
            if (like is not null && like.DefaultRequestHeaders.TryGetValues(header, out var values))
                http.Request.Headers[header] = string.Join(' ', values);
        await services.GetRequiredService<Audit>().WriteAsync(user.UserId, AuditEvents.Registered, http,
            new { login = login.Kind.ToString().ToLowerInvariant() }, ct);
        var tokens = await services.GetRequiredService<Sessions>().StartAsync(user, http, null, ct);
        return new TestUser(user.UserId, user.Phone, user.Email, password, tokens.AccessToken, tokens.RefreshToken);
    }
}
