using System.Net;
using Kabinet.Auth;
using Kabinet.Platform.Storage;
using Kabinet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Kabinet.Tests.Auth;

/// <summary>
/// Every auth limit counts first and decides second: N parallel requests never get more than the limit
/// through, and contention is answered 429, never 5xx.
/// </summary>
[TestClass]
public sealed class ParallelLimitTests
{
    private const string Wrong = "Wrong1Password";

    private static async Task<HttpResponseMessage[]> Parallel(int n, Func<int, Task<HttpResponseMessage>> call) =>
        await Task.WhenAll(Enumerable.Range(0, n).Select(i => Task.Run(() => call(i))));

    private static int Count(HttpResponseMessage[] answers, HttpStatusCode status) => answers.Count(a => a.StatusCode == status);

    private static async Task AssertNo5xx(HttpResponseMessage[] answers)
    {
        foreach (var a in answers)
            Assert.IsTrue((int)a.StatusCode < 500, $"{(int)a.StatusCode} {await a.Content.ReadAsStringAsync()}");
    }

    [TestMethod]
    public async Task Twenty_parallel_wrong_passwords_get_exactly_five_checked()
    {
        using var app = new AuthApp();
        var user = await TestUsers.RegisterAsync(app.Client);

        var answers = await Parallel(20, _ => app.Client.Login(user.Phone!, Wrong));

        await AssertNo5xx(answers);
        Assert.AreEqual(5, Count(answers, HttpStatusCode.Unauthorized));
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Unauthorized))
            await refused.AssertProblem(HttpStatusCode.TooManyRequests, "auth.login_locked");
        await (await app.Client.Login(user.Phone!, user.Password)).AssertProblem(HttpStatusCode.TooManyRequests, "auth.login_locked");
    }

    [TestMethod]
    public async Task The_right_password_among_fifteen_parallel_wrong_ones_does_not_sign_in_once_the_lock_is_reached()
    {
        using var app = new AuthApp();
        var user = await TestUsers.RegisterAsync(app.Client);
        for (var i = 0; i < 5; i++) await (await app.Client.Login(user.Phone!, Wrong)).AssertStatus(HttpStatusCode.Unauthorized);

        var answers = await Parallel(16, i => app.NewClient().Login(user.Phone!, i == 7 ? user.Password : Wrong));

        foreach (var a in answers) await a.AssertProblem(HttpStatusCode.TooManyRequests, "auth.login_locked");
    }

    [TestMethod]
    public async Task Fifteen_parallel_wrong_passwords_and_the_right_one_get_at_most_five_checked()
    {
        using var app = new AuthApp();
        var user = await TestUsers.RegisterAsync(app.Client);

        var answers = await Parallel(16, i => app.NewClient().Login(user.Phone!, i == 11 ? user.Password : Wrong));

        await AssertNo5xx(answers);
        var failed = Count(answers, HttpStatusCode.Unauthorized);
        var signedIn = Count(answers, HttpStatusCode.OK);
        Assert.AreEqual(16 - failed - signedIn, Count(answers, HttpStatusCode.TooManyRequests));
        if (signedIn == 0) Assert.AreEqual(5, failed, "without a success, exactly five are checked");
        // A success forgives the failures before it (the count starts again), so at most four before it and five after.
        else Assert.IsTrue(failed <= 9, $"{failed} failures");
    }

    [TestMethod]
    public async Task Forty_parallel_takes_of_one_limit_let_exactly_five_through_without_an_exception()
    {
        using var app = new AuthApp();
        var throttle = app.Services.GetRequiredService<Throttle>();
        var key = "test:" + Guid.NewGuid().ToString("N");

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ =>
            Task.Run(() => throttle.TakeAsync(key, 5, TimeSpan.FromHours(1), CancellationToken.None))));

        Assert.AreEqual(5, answers.Count(a => a.Allowed));
        Assert.IsTrue(answers.Where(a => !a.Allowed).All(a => a.RetryAfter > TimeSpan.Zero));
        Assert.AreEqual(5, (await throttle.SlotsAsync(TableKeys.Escape(key), CancellationToken.None)).Count, "one stored slot per event let through");
    }

    [TestMethod]
    public async Task Twenty_parallel_wrong_password_confirmations_get_exactly_five_checked()
    {
        using var app = new AuthApp();
        var user = await TestUsers.RegisterAsync(app.Client);

        var answers = await Parallel(20, _ => app.Client.SendAsync(user.Request(HttpMethod.Put, "/api/profile/password",
            new { currentPassword = Wrong, newPassword = "NewPassw0rd" })));

        await AssertNo5xx(answers);
        Assert.AreEqual(5, Count(answers, HttpStatusCode.UnprocessableEntity));
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.UnprocessableEntity))
            await refused.AssertProblem(HttpStatusCode.TooManyRequests, "auth.login_locked");
        var right = await app.Client.SendAsync(user.Request(HttpMethod.Put, "/api/profile/password", new { currentPassword = user.Password, newPassword = "NewPassw0rd" }));
        await right.AssertProblem(HttpStatusCode.TooManyRequests, "auth.login_locked");
    }

    [TestMethod]
    public async Task Twenty_parallel_registrations_of_one_phone_send_exactly_five_sms()
    {
        using var app = new AuthApp();
        var phone = TestUsers.NewPhone();

        // Each from an address of its own: only the phone's budget is in play.
        var answers = await Parallel(20, _ => app.NewClient().Post("/api/auth/register", new { phone, password = TestUsers.Password, acceptTerms = true }));

        await AssertNo5xx(answers);
        Assert.AreEqual(5, Count(answers, HttpStatusCode.Accepted));
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Accepted))
            await refused.AssertProblem(HttpStatusCode.TooManyRequests, "auth.too_many_codes");
        await TestUsers.SmsTextAsync(app.Client, phone, skip: 4);
        await Task.Delay(1500); // anything more would have been queued together with these
        Assert.AreEqual(5, await TestUsers.SmsCountAsync(app.Client, phone));
    }

    [TestMethod]
    public async Task Twenty_parallel_resets_of_one_login_count_against_its_five_sends()
    {
        using var app = new AuthApp();
        var user = await TestUsers.RegisterAsync(app.Client); // send 1

        var answers = await Parallel(20, _ => app.NewClient().Post("/api/auth/password/reset", new { login = user.Phone }));

        await AssertNo5xx(answers);
        Assert.AreEqual(4, Count(answers, HttpStatusCode.Accepted));
        Assert.AreEqual(16, Count(answers, HttpStatusCode.TooManyRequests));
        await TestUsers.SmsTextAsync(app.Client, user.Phone!, skip: 4);
        await Task.Delay(1500);
        Assert.AreEqual(5, await TestUsers.SmsCountAsync(app.Client, user.Phone!));
    }

    [TestMethod]
    public async Task Twenty_parallel_resends_of_one_challenge_send_one_code()
    {
        using var app = new AuthApp(AuthApp.NewClock());
        var phone = TestUsers.NewPhone();
        var challengeId = await app.Client.StartRegistration(phone: phone);
        app.Clock!.Advance(TimeSpan.FromSeconds(61));

        var answers = await Parallel(20, _ => app.NewClient().PostAsync($"/api/auth/challenges/{challengeId}/resend", null));

        await AssertNo5xx(answers);
        Assert.AreEqual(1, Count(answers, HttpStatusCode.Accepted));
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Accepted))
            await refused.AssertProblem(HttpStatusCode.TooManyRequests, "auth.too_many_codes");
        await TestUsers.SmsTextAsync(app.Client, phone, skip: 1);
        await Task.Delay(1500);
        Assert.AreEqual(2, await TestUsers.SmsCountAsync(app.Client, phone));
    }

    [TestMethod]
    public async Task One_address_gets_its_code_sends_and_no_more()
    {
        using var app = new AuthApp(settings: new Dictionary<string, string?> { ["Auth:ClientSendsPerHour"] = "3" });

        var answers = await Parallel(12, i => i % 3 == 2
            ? app.Client.Post("/api/auth/password/reset", new { login = TestUsers.NewEmail() })
            : app.Client.Post("/api/auth/register", new { phone = TestUsers.NewPhone(), password = TestUsers.Password, acceptTerms = true }));

        await AssertNo5xx(answers);
        Assert.AreEqual(3, Count(answers, HttpStatusCode.Accepted));
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Accepted))
        {
            await refused.AssertProblem(HttpStatusCode.TooManyRequests, "auth.too_many_requests");
            Assert.IsNotNull(refused.Headers.RetryAfter?.Delta, "Retry-After");
        }
        // Another address is not affected.
        await app.NewClient().StartRegistration(phone: TestUsers.NewPhone());
    }

    [TestMethod]
    public async Task With_every_hash_turn_taken_sign_up_and_sign_in_answer_503_busy_and_health_still_answers()
    {
        using var app = new AuthApp(settings: new Dictionary<string, string?>
        {
            ["Auth:PasswordHashConcurrency"] = "1", ["Auth:PasswordHashWaitMilliseconds"] = "0", ["Auth:ClientSendsPerHour"] = "1",
        });
        var hashing = app.Services.GetRequiredService<PasswordHashing>();
        using var release = new ManualResetEventSlim();
        var entered = new TaskCompletionSource();
        var holder = Task.Run(() => hashing.RunAsync(() => { entered.SetResult(); release.Wait(); return 0; }, CancellationToken.None));
        await entered.Task;
        var phone = TestUsers.NewPhone();
        try
        {
            var busy = await app.Client.Post("/api/auth/register", new { phone, password = TestUsers.Password, acceptTerms = true });
            await busy.AssertProblem(HttpStatusCode.ServiceUnavailable, "service.busy");
            Assert.IsNotNull(busy.Headers.RetryAfter?.Delta, "Retry-After");
            var signIn = await app.NewClient().Login(TestUsers.NewPhone(), Wrong);
            await signIn.AssertProblem(HttpStatusCode.ServiceUnavailable, "service.busy");
            await (await app.Client.GetAsync("/api/health")).AssertStatus(HttpStatusCode.OK);
        }
        finally
        {
            release.Set();
            await holder;
        }
        // The refused sign-up gave its sends back: the address's only one is still there.
        await app.Client.StartRegistration(phone: phone);
    }
}
