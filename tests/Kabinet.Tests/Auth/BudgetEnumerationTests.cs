using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Kabinet.Auth;
using Kabinet.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Kabinet.Tests.Auth;

/// <summary>
/// Every path a stranger can drive (register, reset, resend) spends the same budgets whatever the login,
/// so the limits answer alike for a registered and an unknown phone; and a reset does the same work for both.
/// </summary>
[TestClass]
public sealed class BudgetEnumerationTests
{
    private static async Task<string> Answer(HttpResponseMessage response)
    {
        var body = await response.Json();
        var code = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("code", out var c) ? c.GetString() : null;
        return $"{(int)response.StatusCode} {code}";
    }

    /// <summary>A registered phone whose own registration code is more than an hour old, and an unknown phone.</summary>
    private static async Task<(string Registered, string Unknown)> PhonesAsync(AuthApp app)
    {
        var user = await TestUsers.RegisterAsync(app.Client);
        app.Clock!.Advance(TimeSpan.FromMinutes(61));
        return (user.Phone!, TestUsers.NewPhone());
    }

    [TestMethod]
    public async Task Five_resets_then_a_registration_and_a_resend_answer_alike_for_a_registered_and_an_unknown_phone()
    {
        using var app = new AuthApp(AuthApp.NewClock());
        var (registered, unknown) = await PhonesAsync(app);

        async Task<List<string>> Probe(string phone)
        {
            var client = app.NewClient();
            var answers = new List<string>();
            string? first = null;
            for (var i = 0; i < 5; i++)
            {
                var reset = await client.Post("/api/auth/password/reset", new { login = phone });
                first ??= (await reset.Json()).GetProperty("challengeId").GetString();
                answers.Add(await Answer(reset));
            }
            answers.Add(await Answer(await client.Post("/api/auth/register", new { phone, password = "Attack3rPass", acceptTerms = true })));
            answers.Add(await Answer(await client.Post("/api/auth/password/reset", new { login = phone })));
            app.Clock!.Advance(TimeSpan.FromSeconds(61));
            answers.Add(await Answer(await client.PostAsync($"/api/auth/challenges/{first}/resend", null)));
            return answers;
        }

        var forRegistered = await Probe(registered);
        var forUnknown = await Probe(unknown);

        CollectionAssert.AreEqual(forUnknown, forRegistered, string.Join(" | ", forRegistered) + " vs " + string.Join(" | ", forUnknown));
        Assert.AreEqual("429 auth.too_many_codes", forRegistered[5]);
    }

    [TestMethod]
    public async Task Five_registrations_then_a_reset_answer_alike_for_a_registered_and_an_unknown_phone()
    {
        using var app = new AuthApp(AuthApp.NewClock());
        var (registered, unknown) = await PhonesAsync(app);

        async Task<List<string>> Probe(string phone)
        {
            var client = app.NewClient();
            var answers = new List<string>();
            for (var i = 0; i < 5; i++)
                answers.Add(await Answer(await client.Post("/api/auth/register", new { phone, password = "Attack3rPass", acceptTerms = true })));
            answers.Add(await Answer(await client.Post("/api/auth/password/reset", new { login = phone })));
            return answers;
        }

        var forRegistered = await Probe(registered);
        var forUnknown = await Probe(unknown);

        CollectionAssert.AreEqual(forUnknown, forRegistered, string.Join(" | ", forRegistered) + " vs " + string.Join(" | ", forUnknown));
        Assert.AreEqual("429 auth.too_many_codes", forRegistered[5]);
    }

    /// <summary>Queues under a name of this test's own, so the shared host does not take the messages first.</summary>
    private sealed class OwnQueues(string connectionString, string prefix) : QueueServiceClient(connectionString)
    {
        public override QueueClient GetQueueClient(string queueName) => base.GetQueueClient(prefix + queueName);
    }

    [TestMethod]
    public async Task A_reset_stores_counts_and_queues_the_same_for_a_registered_and_an_unknown_login()
    {
        var prefix = "h2" + Guid.NewGuid().ToString("N")[..10];
        var queues = new OwnQueues(TestEnvironment.StorageConnectionString, prefix);
        using var root = new KabinetFactory();
        using var factory = root.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<QueueServiceClient>(queues)));
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", AuthApp.NewAddress());
        var registered = TestUsers.NewEmail();
        var unknown = TestUsers.NewEmail();
        // A user written straight into the tables: nothing of its sign-up is in this test's queue or budgets.
        var service = new TableServiceClient(TestEnvironment.StorageConnectionString);
        var userId = Secrets.NewId();
        await service.GetTableClient("users").AddEntityAsync(new UserEntity { PartitionKey = userId, Email = registered, EmailConfirmed = true, PasswordHash = PasswordHasher.NewDecoy(1000) });
        await service.GetTableClient("logins").AddEntityAsync(new LoginEntity { PartitionKey = new LoginId(LoginKind.Email, registered).Key, UserId = userId });
        var queue = queues.GetQueueClient("codes");

        async Task<(JsonElement Message, ChallengeEntity Challenge, int Slots)> Reset(string email)
        {
            var answer = await (await client.Post("/api/auth/password/reset", new { login = email })).AssertStatus(HttpStatusCode.Accepted);
            var peeked = (await queue.PeekMessagesAsync(32)).Value.Select(m => JsonDocument.Parse(m.MessageText).RootElement.Clone())
                .Where(m => m.GetProperty("to").GetString() == email).ToList();
            Assert.AreEqual(1, peeked.Count, "one queued message for " + email);
            var challenge = (await service.GetTableClient("challenges").GetEntityAsync<ChallengeEntity>(answer.GetProperty("challengeId").GetString(), "")).Value;
            var slots = 0;
            var key = Kabinet.Platform.Storage.TableKeys.Escape("send:" + new LoginId(LoginKind.Email, email).Key);
            await foreach (var _ in service.GetTableClient("throttle").QueryAsync<TableEntity>(e => e.PartitionKey == key)) slots++;
            return (peeked[0], challenge, slots);
        }

        var real = await Reset(registered);
        var decoy = await Reset(unknown);

        Assert.AreEqual(real.Message.GetProperty("purpose").GetString(), decoy.Message.GetProperty("purpose").GetString());
        Assert.AreEqual(real.Message.GetProperty("channel").GetString(), decoy.Message.GetProperty("channel").GetString());
        Assert.IsTrue(Challenges.IsDecoy(new CodeMessage("email", unknown, decoy.Message.GetProperty("purpose").GetString()!, null)), "SendCode drops it");
        Assert.AreEqual(real.Challenge.Purpose, decoy.Challenge.Purpose);
        Assert.AreEqual(real.Challenge.Channel, decoy.Challenge.Channel);
        Assert.AreEqual(real.Challenge.ExpiresAt - real.Challenge.CreatedAt, decoy.Challenge.ExpiresAt - decoy.Challenge.CreatedAt);
        Assert.AreEqual(1, real.Slots);
        Assert.AreEqual(1, decoy.Slots);
        await queue.DeleteIfExistsAsync();
    }
}
