using System.Net;
using Azure.Data.Tables;
using Kabinet.Accounts;
using Kabinet.Platform.Storage;
using Kabinet.Providers;
using Kabinet.Readings;
using Kabinet.Tests.Accounts;
using Kabinet.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kabinet.Tests.Readings;

/// <summary>
/// The fast reading path: one partition query maps rows as the SDK does, providers and tariffs are cached per instance
/// (one shared read per miss), and a submission makes a fixed, counted number of storage requests.
/// </summary>
[TestClass]
public sealed class ReadingFastPathTests
{
    private static TestUser _user = null!;
    private static readonly TestApp App = new();
    private static KabinetFactory _factory => App.Root;
    private static HttpClient _client => App.Client;

    [ClassInitialize]
    public static async Task Start(TestContext _) => _user = await TestUsers.RegisterAsync(_client);

    [ClassCleanup]
    public static void Stop() => App.Dispose();

    private static (ProviderCache Cache, StorageCalls Calls) Cache(int seconds)
    {
        var calls = new StorageCalls();
        var service = new TableServiceClient(TestEnvironment.StorageConnectionString, calls.Counted(new TableClientOptions()));
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [ProviderCache.Setting] = seconds.ToString() }).Build();
        return (new ProviderCache(new ProviderTables(new Tables(service, config)), config), calls);
    }

    [TestMethod]
    public async Task A_row_read_untyped_maps_to_the_same_entity_as_the_typed_read()
    {
        var (_, accountId) = await ReadingsData.AccountAsync(_user.Id);
        var serial = await ReadingsData.MeterAsync(accountId, "day-night", digits: 7, fraction: 2, remote: true, state: "decommissioned", verifiedUntil: "2031-05-01");
        await ReadingsData.ReadingAsync(accountId, serial, "2026-10-25", """{"day":"1.5","night":"2"}""", "billed");
        var tables = AccountData.Tables;

        await Compare<AccountEntity>(tables, accountId, AccountEntity.Row);
        await Compare<MeterEntity>(tables, accountId, MeterEntity.RowFor(serial));
        await Compare<ReadingRecordEntity>(tables, accountId, ReadingRecordEntity.RowFor(serial, "2026-10-25"));
    }

    private static async Task Compare<T>(AccountTables tables, string partition, string row) where T : class, ITableEntity, new()
    {
        var typed = (await tables.Accounts.GetEntityAsync<T>(partition, row)).Value;
        var mapped = PartitionRows.As<T>((await tables.Accounts.GetEntityAsync<TableEntity>(partition, row)).Value);
        foreach (var property in typeof(T).GetProperties())
            Assert.AreEqual(property.GetValue(typed), property.GetValue(mapped), $"{typeof(T).Name}.{property.Name}");
    }

    [TestMethod]
    public async Task Parallel_misses_share_one_read_and_later_ones_are_served_from_the_cache()
    {
        var provider = await AccountData.ProviderAsync();
        await ReadingsData.AccountAsync(_user.Id); // writes tariffs for a provider of its own; this one gets one here
        await AccountData.ProviderTables.Tariffs.UpsertEntityAsync(new TariffEntity
        {
            PartitionKey = provider.ProviderId, RowKey = "electricity|T1|2026-01-01", Service = "electricity", EffectiveFrom = "2026-01-01",
            Bands = """[{"upTo":null,"rates":{"T1":"5.00"}}]""",
        });
        var (cache, calls) = Cache(60);

        var tariffs = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => cache.TariffsAsync(provider.ProviderId, CancellationToken.None)));
        var providers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => cache.ProviderAsync(provider.ProviderId, CancellationToken.None)));
        await AccountData.ProviderTables.Tariffs.UpsertEntityAsync(new TariffEntity
        {
            PartitionKey = provider.ProviderId, RowKey = "electricity|T1|2026-06-01", Service = "electricity", EffectiveFrom = "2026-06-01",
            Bands = """[{"upTo":null,"rates":{"T1":"6.00"}}]""",
        });
        var again = await cache.TariffsAsync(provider.ProviderId, CancellationToken.None);

        Assert.AreEqual(2, calls.Total, "one tariff query and one provider read for 20 + 20 callers and a later one");
        Assert.IsTrue(tariffs.All(t => t.Count == 1) && again.Count == 1);
        Assert.IsTrue(providers.All(p => p?.ProviderId == provider.ProviderId));
    }

    [TestMethod]
    public async Task Without_a_cache_lifetime_every_call_reads_and_sees_a_new_tariff()
    {
        var provider = await AccountData.ProviderAsync();
        var (cache, calls) = Cache(0);

        var before = await cache.TariffsAsync(provider.ProviderId, CancellationToken.None);
        await AccountData.ProviderTables.Tariffs.UpsertEntityAsync(new TariffEntity
        {
            PartitionKey = provider.ProviderId, RowKey = "electricity|T1|2026-06-01", Service = "electricity", EffectiveFrom = "2026-06-01",
            Bands = """[{"upTo":null,"rates":{"T1":"6.00"}}]""",
        });
        var after = await cache.TariffsAsync(provider.ProviderId, CancellationToken.None);

        Assert.AreEqual(0, before.Count);
        Assert.AreEqual(1, after.Count);
        Assert.AreEqual(2, calls.Total);
    }

    [TestMethod]
    public async Task A_submission_makes_five_storage_requests_and_an_idempotent_one_two_more()
    {
        var (_, accountId) = await ReadingsData.AccountAsync(_user.Id);
        var serial = await ReadingsData.MeterAsync(accountId);
        await ReadingsData.ReadingAsync(accountId, serial, "2026-10-25", """{"T1":"1000"}""", "billed");
        var calls = _factory.Services.GetRequiredService<StorageCalls>();
        Assert.AreEqual(HttpStatusCode.Created, (await _client.SubmitAsync(_user, accountId, serial, new { T1 = "1001" })).Status, "warm: provider and tariffs cached");

        var start = calls.Total;
        var plain = await _client.SubmitAsync(_user, accountId, serial, new { T1 = "1002" });
        var plainCalls = calls.Total - start;
        start = calls.Total;
        var keyed = await _client.SubmitAsync(_user, accountId, serial, new { T1 = "1003" }, key: Guid.NewGuid().ToString("N"));
        var keyedCalls = calls.Total - start;

        Assert.AreEqual(HttpStatusCode.Created, plain.Status, plain.Describe());
        Assert.AreEqual(HttpStatusCode.Created, keyed.Status, keyed.Describe());
        Assert.AreEqual(5, plainCalls, "session, the partition query (account, the caller's link mirror, meter, readings), the reading, the audit event, the queued notice");
        Assert.AreEqual(7, keyedCalls, "and the idempotency row's claim and its answer");
    }

    [TestMethod]
    public async Task A_link_without_its_mirror_row_still_lets_the_user_in_and_without_the_link_row_the_mirror_decides()
    {
        var (_, accountId) = await ReadingsData.AccountAsync(_user.Id);
        var serial = await ReadingsData.MeterAsync(accountId);
        await AccountData.Tables.Accounts.DeleteEntityAsync(accountId, AccountUserEntity.RowFor(_user.Id));

        var withoutMirror = await _client.SendAsync(_user, HttpMethod.Get, $"/api/accounts/{accountId}/meters");
        await AccountData.Tables.Links.DeleteEntityAsync(_user.Id, accountId);
        var withNeither = await _client.SendAsync(_user, HttpMethod.Get, $"/api/accounts/{accountId}/meters");
        var submitted = await _client.SubmitAsync(_user, accountId, serial, new { T1 = "5" });

        Assert.AreEqual(HttpStatusCode.OK, withoutMirror.Status, "a crash between the link and its mirror: the link decides");
        Assert.AreEqual(HttpStatusCode.NotFound, withNeither.Status, withNeither.Describe());
        Assert.AreEqual(HttpStatusCode.NotFound, submitted.Status, submitted.Describe());
    }

    [TestMethod]
    public async Task Unlinking_removes_the_mirror_row_so_the_readings_answer_404_at_once()
    {
        var (_, accountId) = await ReadingsData.AccountAsync(_user.Id);
        var serial = await ReadingsData.MeterAsync(accountId);
        var before = await _client.SubmitAsync(_user, accountId, serial, new { T1 = "5" });

        var unlinked = await _client.SendAsync(_user, HttpMethod.Delete, $"/api/accounts/{accountId}");
        var mirror = await AccountData.Tables.Accounts.GetEntityIfExistsAsync<AccountUserEntity>(accountId, AccountUserEntity.RowFor(_user.Id));
        var after = await _client.SubmitAsync(_user, accountId, serial, new { T1 = "6" });
        var history = await _client.SendAsync(_user, HttpMethod.Get, $"/api/accounts/{accountId}/readings");

        Assert.AreEqual(HttpStatusCode.Created, before.Status, before.Describe());
        Assert.AreEqual(HttpStatusCode.NoContent, unlinked.Status, unlinked.Describe());
        Assert.IsFalse(mirror.HasValue, "the mirror row is gone with the link");
        Assert.AreEqual(HttpStatusCode.NotFound, after.Status, after.Describe());
        Assert.AreEqual(HttpStatusCode.NotFound, history.Status, history.Describe());
    }
}
