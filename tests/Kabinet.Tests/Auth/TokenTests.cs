using System.Net;
using System.Security.Claims;
using System.Text;
using Kabinet.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Kabinet.Tests.Auth;

/// <summary>Access tokens (JWT) on a protected endpoint, refresh rotation and reuse, sign-out, idle expiry.</summary>
[TestClass]
public sealed class TokenTests
{
    private static string Craft(string userId, string sessionId, DateTime issuedAt, DateTime expires, string key = TestEnvironment.SigningKey,
        string issuer = "kabinet", string audience = "kabinet", string role = "customer") =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = expires,
            Subject = new ClaimsIdentity([new Claim("sub", userId), new Claim("sid", sessionId), new Claim("role", role)]),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });

    private static (string UserId, string SessionId) Claims(string accessToken)
    {
        var jwt = new JsonWebToken(accessToken);
        return (jwt.GetClaim("sub").Value, jwt.GetClaim("sid").Value);
    }

    private static string Flip(string token, int part)
    {
        var parts = token.Split('.');
        var s = parts[part].ToCharArray();
        var i = s.Length / 2;
        s[i] = s[i] == 'A' ? 'B' : 'A';
        parts[part] = new string(s);
        return string.Join('.', parts);
    }

    [TestMethod]
    public async Task The_access_token_opens_the_profile_and_nothing_else_does()
    {
        using var app = new AuthApp();
        var user = await TestUsers.RegisterAsync(app.Client);

        await (await app.Client.GetProfile(user.AccessToken)).AssertStatus(HttpStatusCode.OK);

        await (await app.Client.GetAsync("/api/profile")).AssertProblem(HttpStatusCode.Unauthorized, "auth.unauthorized");
        await (await app.Client.GetProfile(Flip(user.AccessToken, 1))).AssertProblem(HttpStatusCode.Unauthorized, "auth.unauthorized");
        await (await app.Client.GetProfile(Flip(user.AccessToken, 2))).AssertProblem(HttpStatusCode.Unauthorized, "auth.unauthorized");
        await (await app.Client.GetProfile("not-a-jwt")).AssertProblem(HttpStatusCode.Unauthorized, "auth.unauthorized");
        await (await app.Client.GetProfile(user.RefreshToken)).AssertProblem(HttpStatusCode.Unauthorized, "auth.unauthorized");
    }

    [TestMethod]
    public async Task A_token_crafted_with_the_key_works_until_it_expires()
    {
        using var app = new AuthApp();
        var user = await TestUsers.RegisterAsync(app.Client);
        var (userId, sessionId) = Claims(user.AccessToken);
        var now = DateTime.UtcNow;

        // The crafting is right: a live token made this way is accepted...
        await (await app.Client.GetProfile(Craft(userId, sessionId, now.AddMinutes(-1), now.AddMinutes(5)))).AssertStatus(HttpStatusCode.OK);
        // ...an expired one is not (past the 30 s clock skew).
        var expired = Craft(userId, sessionId, now.AddMinutes(-20), now.AddMinutes(-5));
        await (await app.Client.GetProfile(expired)).AssertProblem(HttpStatusCode.Unauthorized, "auth.unauthorized");
        // Nor one under another key, issuer or audience, nor one for a session that does not exist.
        var otherKey = Craft(userId, sessionId, now.AddMinutes(-1), now.AddMinutes(5), key: "another-signing-key-0123456789-0123456789-xyz");
        await (await app.Client.GetProfile(otherKey)).AssertProblem(HttpStatusCode.Unauthorized, "auth.unauthorized");
        await (await app.Client.GetProfile(Craft(userId, sessionId, now.AddMinutes(-1), now.AddMinutes(5), issuer: "evil"))).AssertProblem(HttpStatusCode.Unauthorized, "auth.unauthorized");
        await (await app.Client.GetProfile(Craft(userId, sessionId, now.AddMinutes(-1), now.AddMinutes(5), audience: "evil"))).AssertProblem(HttpStatusCode.Unauthorized, "auth.unauthorized");
        await (await app.Client.GetProfile(Craft(userId, "no-such-session", now.AddMinutes(-1), now.AddMinutes(5)))).AssertProblem(HttpStatusCode.Unauthorized, "auth.unauthorized");
    }

    [TestMethod]
    public async Task An_unsigned_token_is_refused()
    {
        using var app = new AuthApp();
        var user = await TestUsers.RegisterAsync(app.Client);
        var parts = user.AccessToken.Split('.');
        var none = Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";

        await (await app.Client.GetProfile(none)).AssertProblem(HttpStatusCode.Unauthorized, "auth.unauthorized");
    }

    [TestMethod]
    public async Task Refresh_rotates_and_a_spent_token_ends_the_whole_session()
    {
        using var app = new AuthApp();
        var user = await TestUsers.RegisterAsync(app.Client);
        var otherSession = await app.Client.LoginOk(user.Phone!, user.Password);

        var first = await (await app.Client.Post("/api/auth/refresh", new { refreshToken = user.RefreshToken })).AssertStatus(HttpStatusCode.OK);
        Assert.AreNotEqual(user.RefreshToken, first.Refresh());
        await (await app.Client.GetProfile(first.Access())).AssertStatus(HttpStatusCode.OK);
        var second = await (await app.Client.Post("/api/auth/refresh", new { refreshToken = first.Refresh() })).AssertStatus(HttpStatusCode.OK);
        Assert.AreNotEqual(first.Refresh(), second.Refresh());

        var reused = await app.Client.Post("/api/auth/refresh", new { refreshToken = user.RefreshToken });

        await reused.AssertProblem(HttpStatusCode.Unauthorized, "auth.refresh_reused");
        await (await app.Client.Post("/api/auth/refresh", new { refreshToken = second.Refresh() })).AssertProblem(HttpStatusCode.Unauthorized, "auth.refresh_invalid");
        await (await app.Client.GetProfile(second.Access())).AssertProblem(HttpStatusCode.Unauthorized, "auth.unauthorized");
        await (await app.Client.GetProfile(user.AccessToken)).AssertProblem(HttpStatusCode.Unauthorized, "auth.unauthorized");
        // Only that session: the user's other session goes on.
        await (await app.Client.GetProfile(otherSession.Access())).AssertStatus(HttpStatusCode.OK);
        await (await app.Client.Post("/api/auth/refresh", new { refreshToken = otherSession.Refresh() })).AssertStatus(HttpStatusCode.OK);
    }

    [TestMethod]
    public async Task Unknown_refresh_tokens_are_refused()
    {
        using var app = new AuthApp();

        await (await app.Client.Post("/api/auth/refresh", new { refreshToken = "no-such-token" })).AssertProblem(HttpStatusCode.Unauthorized, "auth.refresh_invalid");
        await (await app.Client.Post("/api/auth/refresh", new { })).AssertProblem(HttpStatusCode.Unauthorized, "auth.refresh_invalid");
        await (await app.Client.Post("/api/auth/refresh", new { refreshToken = new string('x', 5000) })).AssertProblem(HttpStatusCode.Unauthorized, "auth.refresh_invalid");
    }

    [TestMethod]
    public async Task Logout_ends_this_session_only()
    {
        using var app = new AuthApp();
        var user = await TestUsers.RegisterAsync(app.Client);
        var other = await app.Client.LoginOk(user.Phone!, user.Password);

        var logout = await app.Client.SendAsync(Api.Bearer(HttpMethod.Post, "/api/auth/logout", user.AccessToken));

        Assert.AreEqual(HttpStatusCode.NoContent, logout.StatusCode, await logout.Content.ReadAsStringAsync());
        await (await app.Client.GetProfile(user.AccessToken)).AssertProblem(HttpStatusCode.Unauthorized, "auth.unauthorized");
        var refresh = await app.Client.Post("/api/auth/refresh", new { refreshToken = user.RefreshToken });
        Assert.AreEqual(HttpStatusCode.Unauthorized, refresh.StatusCode);
        await (await app.Client.GetProfile(other.Access())).AssertStatus(HttpStatusCode.OK);
        await (await app.Client.Post("/api/auth/refresh", new { refreshToken = other.Refresh() })).AssertStatus(HttpStatusCode.OK);
    }

    [TestMethod]
    public async Task Logout_needs_a_token()
    {
        using var app = new AuthApp();

        await (await app.Client.PostAsync("/api/auth/logout", null)).AssertProblem(HttpStatusCode.Unauthorized, "auth.unauthorized");
    }

    [TestMethod]
    public async Task Refresh_tokens_expire_after_thirty_idle_days()
    {
        using var app = new AuthApp(AuthApp.NewClock());
        var user = await TestUsers.RegisterAsync(app.Client);
        var idle = await app.Client.LoginOk(user.Phone!, user.Password);

        // Used every 29 days, a session lives on: the idle period starts again at each use.
        app.Clock!.Advance(TimeSpan.FromDays(29));
        var refreshed = await (await app.Client.Post("/api/auth/refresh", new { refreshToken = user.RefreshToken })).AssertStatus(HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromDays(29));
        refreshed = await (await app.Client.Post("/api/auth/refresh", new { refreshToken = refreshed.Refresh() })).AssertStatus(HttpStatusCode.OK);

        // Unused for 58 days: gone.
        await (await app.Client.Post("/api/auth/refresh", new { refreshToken = idle.Refresh() })).AssertProblem(HttpStatusCode.Unauthorized, "auth.refresh_invalid");

        app.Clock.Advance(TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1));
        await (await app.Client.Post("/api/auth/refresh", new { refreshToken = refreshed.Refresh() })).AssertProblem(HttpStatusCode.Unauthorized, "auth.refresh_invalid");
    }

    [TestMethod]
    public async Task Just_under_thirty_idle_days_still_refreshes()
    {
        using var app = new AuthApp(AuthApp.NewClock());
        var user = await TestUsers.RegisterAsync(app.Client);

        app.Clock!.Advance(TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1));

        await (await app.Client.Post("/api/auth/refresh", new { refreshToken = user.RefreshToken })).AssertStatus(HttpStatusCode.OK);
    }
}
