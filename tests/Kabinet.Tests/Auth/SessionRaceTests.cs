using System.Net;
using System.Text.Json;
using Kabinet.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Kabinet.Tests.Auth;

/// <summary>
/// Revocations raced by refreshes: a refresh in flight read the session before it was revoked and
/// must not write it back alive (reuse detection, sign-out, ending a session, a new password).
/// </summary>
[TestClass]
public sealed class SessionRaceTests
{
    private const int Rounds = 20;

    private static Task<HttpResponseMessage> Refresh(HttpClient client, string refreshToken) =>
        client.Post("/api/auth/refresh", new { refreshToken });

    private static string SessionId(string accessToken) => new JsonWebToken(accessToken).GetClaim("sid").Value;

    /// <summary>
    /// Every access token the session had is refused, and so is its newest refresh token. Access tokens first:
    /// a spent refresh token presented again would revoke the session itself and hide a revival.
    /// </summary>
    private static async Task AssertDead(HttpClient client, string what, IReadOnlyList<JsonElement> pairs)
    {
        foreach (var pair in pairs)
        {
            var profile = await client.GetProfile(pair.Access());
            Assert.AreEqual(HttpStatusCode.Unauthorized, profile.StatusCode, $"{what}: an access token of the session still opens the profile");
        }
        var refresh = await Refresh(client, pairs[^1].Refresh());
        Assert.AreEqual(HttpStatusCode.Unauthorized, refresh.StatusCode, $"{what}: the newest refresh token still refreshes: {await refresh.Content.ReadAsStringAsync()}");
    }

    [TestMethod]
    public async Task Two_refreshes_with_one_token_end_the_session_and_the_winner_does_not_revive_it()
    {
        using var app = new AuthApp();
        var user = await TestUsers.RegisterAsync(app.Client);

        for (var round = 0; round < Rounds; round++)
        {
            using var client = app.NewClient();
            var session = await client.LoginOk(user.Phone!, user.Password);

            var answers = await Task.WhenAll(Refresh(client, session.Refresh()), Refresh(client, session.Refresh()));

            var bodies = await Task.WhenAll(answers.Select(a => a.Json()));
            var codes = bodies.Select(b => b.ValueKind == JsonValueKind.Object && b.TryGetProperty("code", out var c) ? c.GetString() : "200").ToList();
            Assert.AreEqual(1, codes.Count(c => c == "auth.refresh_reused"), $"round {round}: exactly one is the reuse: {string.Join(", ", codes)}");
            Assert.IsTrue(answers.All(a => a.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized), $"round {round}: {string.Join(", ", codes)}");
            var winners = bodies.Where((b, i) => answers[i].StatusCode == HttpStatusCode.OK).ToArray();
            Assert.IsTrue(winners.Length <= 1, $"round {round}: two refreshes with one token both won");
            await AssertDead(client, $"round {round}", [session, .. winners]);
        }
    }

    /// <summary>
    /// Refreshes the session over and over (each with the last refresh token) while <paramref name="revoke"/>
    /// runs once the loop is under way; then every token the session had is refused.
    /// </summary>
    private static async Task RaceAsync(AuthApp app, TestUser user, string what, Func<HttpClient, JsonElement, Task<HttpResponseMessage>> revoke,
        Func<string>? password = null)
    {
        for (var round = 0; round < Rounds; round++)
        {
            using var client = app.NewClient();
            var session = await client.LoginOk(user.Phone!, password?.Invoke() ?? user.Password);
            var underWay = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var issued = new List<JsonElement> { session };

            async Task Loop()
            {
                var current = session;
                for (var i = 0; i < 40; i++)
                {
                    var r = await Refresh(client, current.Refresh());
                    if (i == 1) underWay.TrySetResult();
                    if (r.StatusCode != HttpStatusCode.OK)
                    {
                        await r.AssertStatus(HttpStatusCode.Unauthorized);
                        break;
                    }
                    current = await r.Json();
                    issued.Add(current);
                }
                underWay.TrySetResult();
            }

            async Task<HttpResponseMessage> Revoke()
            {
                await underWay.Task;
                return await revoke(client, session);
            }

            var loop = Loop();
            var revoking = Revoke();
            await Task.WhenAll(loop, revoking);
            var revoked = revoking.Result;
            Assert.IsTrue(revoked.IsSuccessStatusCode, $"{what}, round {round}: {revoked.StatusCode} {await revoked.Content.ReadAsStringAsync()}");
            await AssertDead(client, $"{what}, round {round}", [.. issued]);
        }
    }

    [TestMethod]
    public async Task Logout_racing_a_refresh_loop_leaves_the_session_dead()
    {
        using var app = new AuthApp();
        var user = await TestUsers.RegisterAsync(app.Client);

        await RaceAsync(app, user, "logout", (client, session) =>
            client.SendAsync(Api.Bearer(HttpMethod.Post, "/api/auth/logout", session.Access())));
    }

    [TestMethod]
    public async Task Ending_a_session_racing_its_refresh_loop_leaves_it_dead()
    {
        using var app = new AuthApp();
        var user = await TestUsers.RegisterAsync(app.Client);

        await RaceAsync(app, user, "DELETE /profile/sessions/{id}", (client, session) =>
            client.SendAsync(Api.Bearer(HttpMethod.Delete, "/api/profile/sessions/" + SessionId(session.Access()), user.AccessToken)));
        await (await app.Client.GetProfile(user.AccessToken)).AssertStatus(HttpStatusCode.OK);
    }

    [TestMethod]
    public async Task A_password_change_racing_a_refresh_loop_leaves_the_other_session_dead()
    {
        using var app = new AuthApp();
        var user = await TestUsers.RegisterAsync(app.Client);
        var passwords = new[] { user.Password, "N3wPassword1", "N3wPassword2" };
        var round = 0;

        await RaceAsync(app, user, "PUT /profile/password", (client, session) =>
        {
            var current = passwords[round % 3];
            var next = passwords[++round % 3];
            return client.SendAsync(Api.Bearer(HttpMethod.Put, "/api/profile/password", user.AccessToken,
                new { currentPassword = current, newPassword = next }));
        }, () => passwords[round % 3]);
        await (await app.Client.GetProfile(user.AccessToken)).AssertStatus(HttpStatusCode.OK);
    }
}
