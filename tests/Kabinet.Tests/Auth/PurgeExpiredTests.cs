using System.Net;
using System.Text;
using Azure.Data.Tables;
using Kabinet.Auth;
using Kabinet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Kabinet.Tests.Auth;

/// <summary>The hourly PurgeExpired timer, invoked as the host invokes it, on tables of its own.</summary>
[TestClass]
public sealed class PurgeExpiredTests
{
    [TestMethod]
    public async Task Old_challenges_and_ended_sessions_go_fresh_ones_stay()
    {
        var prefix = TestEnvironment.UniqueName("t");
        using var factory = new KabinetFactory(new Dictionary<string, string?> { ["Storage:TablePrefix"] = prefix });
        var client = factory.CreateClient(); // starts the app, which creates its tables
        var service = new TableServiceClient(TestEnvironment.StorageConnectionString);
        var challenges = service.GetTableClient(prefix + "challenges");
        var sessions = service.GetTableClient(prefix + "sessions");
        var now = DateTimeOffset.UtcNow;
        await challenges.AddEntityAsync(new ChallengeEntity { PartitionKey = "abandoned", Purpose = "register", ExpiresAt = now.AddDays(-2) });
        await challenges.AddEntityAsync(new ChallengeEntity { PartitionKey = "live", Purpose = "register", ExpiresAt = now.AddMinutes(5) });
        await sessions.AddEntityAsync(new SessionEntity { PartitionKey = "u", RowKey = "old", ExpiresAt = now.AddDays(-3) });
        await sessions.AddEntityAsync(new SessionEntity { PartitionKey = "u", RowKey = "open", ExpiresAt = now.AddDays(29) });
        // More ended sessions in one partition than one transaction takes (100).
        for (var i = 0; i < 150; i += 50)
            await sessions.SubmitTransactionAsync(Enumerable.Range(i, 50).Select(n => new TableTransactionAction(TableTransactionActionType.Add,
                new SessionEntity { PartitionKey = "many", RowKey = $"s{n:D3}", ExpiresAt = now.AddDays(-5) })));

        // A queue payload a live message may still claim (older ones are deleted; not staged here, the container is shared).
        var claims = factory.Services.GetRequiredService<Kabinet.Platform.Storage.ClaimCheck>();
        var (_, claim) = await claims.StoreAsync("email", "{}", CancellationToken.None);
        var claimed = new Azure.Storage.Blobs.BlobContainerClient(TestEnvironment.StorageConnectionString, Kabinet.Platform.Storage.ClaimCheck.Container)
            .GetBlobClient(claim[(Kabinet.Platform.Storage.ClaimCheck.Container.Length + 1)..]);

        var payload = await File.ReadAllTextAsync(RepoPaths.Fixture("timer-invocation.json"));
        var response = await client.PostAsync("/PurgeExpired", new StringContent(payload, Encoding.UTF8, "application/json"));

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.IsFalse((await challenges.GetEntityIfExistsAsync<ChallengeEntity>("abandoned", "")).HasValue);
        Assert.IsTrue((await challenges.GetEntityIfExistsAsync<ChallengeEntity>("live", "")).HasValue);
        Assert.IsFalse((await sessions.GetEntityIfExistsAsync<SessionEntity>("u", "old")).HasValue);
        Assert.IsTrue((await sessions.GetEntityIfExistsAsync<SessionEntity>("u", "open")).HasValue);
        Assert.AreEqual(0, await sessions.QueryAsync<SessionEntity>(x => x.PartitionKey == "many").CountAsync());
        Assert.IsTrue((await claimed.ExistsAsync()).Value, "a fresh queue payload stays");
    }
}
