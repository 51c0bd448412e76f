using System.Net;
using System.Text.Json;
using Kabinet.Tests.Accounts;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Readings;

/// <summary>GET /api/meters: every meter of every account the caller linked, each with its account (seed 004, section 4).</summary>
[TestClass]
public sealed class AllMetersTests
{
    private static readonly TestClock Clock = new();
    private static readonly TestApp App = new(clock: Clock);
    private static HttpClient _client => App.Client;

    private static TestUser _user = null!, _other = null!, _grouper = null!, _stranger = null!, _lonely = null!;

    [ClassInitialize]
    public static async Task Start(TestContext _)
    {
        // Minted on the real clock: their tokens are checked against it.
        (_user, _other, _grouper, _stranger, _lonely) = (await App.MintAsync(), await App.MintAsync(), await App.MintAsync(), await App.MintAsync(), await App.MintAsync());
    }

    [ClassCleanup]
    public static void Stop() => App.Dispose();

    /// <summary>2026-11-20 12:00 in Omsk.</summary>
    private static readonly DateTimeOffset Noon20 = new(2026, 11, 20, 6, 0, 0, TimeSpan.Zero);

    private static async Task<List<JsonElement>> MetersAsync(TestUser user, string? groupId = null)
    {
        var r = await _client.SendAsync(user, HttpMethod.Get, "/api/meters" + (groupId is null ? "" : "?groupId=" + Uri.EscapeDataString(groupId)));
        Assert.AreEqual(HttpStatusCode.OK, r.Status, r.Describe());
        Assert.AreEqual(JsonValueKind.Null, r.Body.GetProperty("nextCursor").ValueKind);
        return r.Items;
    }

    private static string AccountOf(JsonElement item) => item.GetProperty("account").GetProperty("id").GetString()!;
    private static string MeterOf(JsonElement item) => item.GetProperty("meter").GetProperty("id").GetString()!;

    [TestMethod]
    public async Task Meters_of_both_linked_accounts_with_their_accounts_and_none_of_an_unlinked_one()
    {
        Clock.Now = Noon20;
        var (user, other) = (_user, _other);
        var (provider, first) = await ReadingsData.AccountAsync(user.Id);
        var (_, second) = await ReadingsData.AccountAsync(user.Id);
        var (_, foreign) = await ReadingsData.AccountAsync(other.Id);
        var unlinked = await AccountData.AccountAsync(provider);
        var t1 = await ReadingsData.MeterAsync(first);
        var remote = await ReadingsData.MeterAsync(second, remote: true);
        var foreignMeter = await ReadingsData.MeterAsync(foreign);
        await ReadingsData.ReadingAsync(first, t1, "2026-10-25", """{"T1":"1000"}""", "billed");
        await ReadingsData.ReadingAsync(first, t1, "2026-11-02", """{"T1":"1100"}""", "withdrawn", "web");
        var renamed = await _client.SendAsync(user, HttpMethod.Patch, "/api/accounts/" + first, new { alias = "Дом" });
        Assert.AreEqual(HttpStatusCode.OK, renamed.Status, renamed.Describe());

        var items = await MetersAsync(user);

        // Each account: the seeded day-night and decommissioned meters and the one added.
        Assert.AreEqual(6, items.Count, string.Join(", ", items.Select(i => AccountOf(i) + "/" + MeterOf(i))));
        CollectionAssert.AreEquivalent(new[] { first, second }, items.Select(AccountOf).Distinct().ToArray());
        CollectionAssert.DoesNotContain(items.Select(AccountOf).ToList(), foreign);
        CollectionAssert.DoesNotContain(items.Select(AccountOf).ToList(), unlinked.Id);
        CollectionAssert.DoesNotContain(items.Select(MeterOf).ToList(), foreignMeter);
        Assert.AreEqual(first, AccountOf(items[0]), "oldest link first");

        var mine = items.Single(i => MeterOf(i) == t1);
        var account = mine.GetProperty("account");
        Assert.AreEqual((await AccountData.ReadAccountAsync(first)).Number, account.GetProperty("number").GetString());
        Assert.AreEqual("Дом", account.GetProperty("alias").GetString());
        Assert.AreEqual("all", account.GetProperty("groupId").GetString());
        Assert.AreEqual(provider.ProviderId, account.GetProperty("providerId").GetString());
        Assert.AreEqual(provider.Name, account.GetProperty("providerName").GetString());
        var meter = mine.GetProperty("meter");
        Assert.AreEqual(t1, meter.GetProperty("serial").GetString());
        Assert.IsTrue(meter.GetProperty("canSubmit").GetBoolean());
        Assert.AreEqual(1000m, meter.GetProperty("lastReading").GetProperty("values").GetProperty("T1").GetDecimal(), "a withdrawn reading is not the last");
        Assert.AreEqual("2026-11-20", meter.GetProperty("window").GetProperty("today").GetString());
        var far = items.Single(i => MeterOf(i) == remote).GetProperty("meter");
        Assert.IsFalse(far.GetProperty("canSubmit").GetBoolean());
        Assert.AreEqual("remote_read", far.GetProperty("reason").GetString());

        // The same meter view as the account's own list.
        var own = await _client.SendAsync(user, HttpMethod.Get, $"/api/accounts/{first}/meters");
        var ownMeter = own.Items.Single(m => m.GetProperty("id").GetString() == t1);
        Assert.AreEqual(ownMeter.GetRawText(), meter.GetRawText());

        Assert.AreEqual(0, (await MetersAsync(_lonely)).Count, "no links, no meters");
    }

    [TestMethod]
    public async Task A_group_narrows_the_list_and_an_unknown_group_is_404()
    {
        Clock.Now = Noon20;
        var user = _grouper;
        var (_, home) = await ReadingsData.AccountAsync(user.Id);
        var (_, dacha) = await ReadingsData.AccountAsync(user.Id);
        var group = await _client.SendAsync(user, HttpMethod.Post, "/api/groups", new { name = "Дача" });
        Assert.AreEqual(HttpStatusCode.Created, group.Status, group.Describe());
        var groupId = group.Body.GetProperty("id").GetString()!;
        var moved = await _client.SendAsync(user, HttpMethod.Patch, "/api/accounts/" + dacha, new { groupId });
        Assert.AreEqual(HttpStatusCode.OK, moved.Status, moved.Describe());

        var inGroup = await MetersAsync(user, groupId);
        Assert.AreEqual(2, inGroup.Count);
        Assert.IsTrue(inGroup.All(i => AccountOf(i) == dacha && i.GetProperty("account").GetProperty("groupId").GetString() == groupId));
        CollectionAssert.AreEquivalent(new[] { home, dacha }, (await MetersAsync(user, "all")).Select(AccountOf).Distinct().ToArray());

        var unknown = await _client.SendAsync(user, HttpMethod.Get, "/api/meters?groupId=0123456789abcdef");
        Assert.AreEqual(HttpStatusCode.NotFound, unknown.Status, unknown.Describe());
        Assert.AreEqual("group.not_found", unknown.Code);
        var strangers = await _client.SendAsync(_stranger, HttpMethod.Get, "/api/meters?groupId=" + groupId);
        Assert.AreEqual("group.not_found", strangers.Code, "another user's group is unknown too");
    }

    [TestMethod]
    public async Task Without_a_token_it_is_401()
    {
        var r = await _client.GetAsync("/api/meters");
        Assert.AreEqual(HttpStatusCode.Unauthorized, r.StatusCode);
    }
}
