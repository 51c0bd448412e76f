using System.Net;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Auth;

/// <summary>
/// The sign-in limit per client address (a carrier's NAT puts many people behind one): it counts distinct
/// logins that failed from there, and past 30 it paces logins new to the address instead of refusing everyone.
/// </summary>
[TestClass]
public sealed class AddressSignInTests
{
    private const string Wrong = "Wrong1Password";

    private static async Task FailThirtyLoginsAsync(AuthApp app)
    {
        var logins = Enumerable.Range(0, 30).Select(i => i % 2 == 0 ? TestUsers.NewPhone() : TestUsers.NewEmail()).ToArray();
        foreach (var batch in logins.Chunk(3))
            foreach (var answer in await Task.WhenAll(batch.Select(login => app.Client.Login(login, Wrong))))
                await answer.AssertProblem(HttpStatusCode.Unauthorized, "auth.invalid_credentials");
    }

    [TestMethod]
    public async Task Thirty_logins_failing_from_one_address_do_not_lock_out_the_others_behind_it()
    {
        using var app = new AuthApp(AuthApp.NewClock());
        var regular = await TestUsers.RegisterAsync(app.Client);
        var newcomer = await TestUsers.RegisterAsync(app.Client);
        var another = await TestUsers.RegisterAsync(app.Client);
        await app.Client.LoginOk(regular.Phone!, regular.Password); // has signed in from this address before
        await FailThirtyLoginsAsync(app);

        // Who signed in from here before goes on as usual.
        await app.Client.LoginOk(regular.Phone!, regular.Password);
        await app.Client.LoginOk(regular.Phone!, regular.Password);
        // A login new to the address takes the address's turn; a right password gives it back at once.
        await app.Client.LoginOk(newcomer.Phone!, newcomer.Password);
        // A failure on a new login keeps the turn for ten seconds: the others are asked to wait, not refused for long.
        await (await app.Client.Login(TestUsers.NewPhone(), Wrong)).AssertProblem(HttpStatusCode.Unauthorized, "auth.invalid_credentials");
        var wait = await app.Client.Login(another.Phone!, another.Password);
        var body = await wait.AssertProblem(HttpStatusCode.TooManyRequests, "auth.too_many_attempts");
        var seconds = wait.Headers.RetryAfter?.Delta?.TotalSeconds;
        Assert.IsTrue(seconds is >= 1 and <= 10, $"Retry-After {seconds}");
        Assert.AreEqual((int)seconds!, body.GetProperty("retryAfterSeconds").GetInt32());
        // The last X-Forwarded-For entry is the address; what a client puts before it changes nothing.
        var spoofing = app.NewClient(AuthApp.NewAddress() + ", " + app.Address);
        await (await spoofing.Login(another.Phone!, another.Password)).AssertProblem(HttpStatusCode.TooManyRequests, "auth.too_many_attempts");

        app.Clock!.Advance(TimeSpan.FromSeconds(10));
        await app.Client.LoginOk(another.Phone!, another.Password);
    }

    [TestMethod]
    public async Task The_pacing_ends_when_the_failures_leave_the_fifteen_minute_window()
    {
        using var app = new AuthApp(AuthApp.NewClock());
        var user = await TestUsers.RegisterAsync(app.Client);
        await FailThirtyLoginsAsync(app);
        await (await app.Client.Login(TestUsers.NewPhone(), Wrong)).AssertStatus(HttpStatusCode.Unauthorized);
        await (await app.Client.Login(user.Phone!, user.Password)).AssertProblem(HttpStatusCode.TooManyRequests, "auth.too_many_attempts");

        app.Clock!.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));

        var failures = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => app.Client.Login(TestUsers.NewPhone(), Wrong)));
        foreach (var f in failures) await f.AssertProblem(HttpStatusCode.Unauthorized, "auth.invalid_credentials");
        await app.Client.LoginOk(user.Phone!, user.Password);
    }

    [TestMethod]
    public async Task A_login_that_failed_from_the_address_is_limited_by_its_own_five_attempts_only()
    {
        using var app = new AuthApp();
        var user = await TestUsers.RegisterAsync(app.Client);
        await (await app.Client.Login(user.Phone!, Wrong)).AssertStatus(HttpStatusCode.Unauthorized);
        await FailThirtyLoginsAsync(app);

        // Its own typo does not put it behind the strangers' pacing.
        await app.Client.LoginOk(user.Phone!, user.Password);
        await app.Client.LoginOk(user.Phone!, user.Password);
    }
}
