using System.Net;
using System.Text.Json;
using Kabinet.Billing;
using Kabinet.Tests.Accounts;
using Kabinet.Tests.Infrastructure;
using Kabinet.Tests.Readings;

namespace Kabinet.Tests.Billing;

/// <summary>GET /api/accounts/{id}/penalties over HTTP, on ledger rows written straight into the account's partition.</summary>
[TestClass]
public sealed class PenaltyApiTests
{
    private static readonly TestClock Clock = new();
    private static readonly TestApp App = new(clock: Clock);
    private static TestUser _user = null!;
    private static TestUser _other = null!;

    [ClassInitialize]
    public static async Task Start(TestContext _)
    {
        _user = await App.MintAsync();
        _other = await App.MintAsync();
    }

    [ClassCleanup]
    public static void Stop() => App.Dispose();

    [TestMethod]
    public async Task The_calculation_per_debt_with_its_stretches()
    {
        Clock.Now = new DateTimeOffset(2026, 11, 20, 6, 0, 0, TimeSpan.Zero); // 12:00 in Omsk
        var (_, accountId) = await ReadingsData.AccountAsync(_user.Id);
        // The hand-computed case of PenaltyRulesTests.Days_cross_the_30_and_90_day_boundaries.
        await AccountData.Tables.Accounts.UpsertEntityAsync(new LedgerEntryEntity
        {
            PartitionKey = accountId, RowKey = LedgerEntryEntity.RowFor(LedgerKinds.Charge, "2019-02", "electricity", "T1"), Kind = LedgerKinds.Charge,
            Amount = 100000, Date = "2019-02-28", DueDate = "2019-03-15", Period = "2019-02", Service = "electricity", Zone = "T1", Source = LedgerSources.Billing,
        });

        var r = await App.Client.SendAsync(_user, HttpMethod.Get, $"/api/accounts/{accountId}/penalties?asOf=2019-07-01");
        Assert.AreEqual(HttpStatusCode.OK, r.Status, r.Describe());
        Assert.AreEqual("2019-07-01", r.Body.GetProperty("asOf").GetString());
        Assert.AreEqual(2538, r.Body.GetProperty("total").GetInt64());
        var debt = r.Body.GetProperty("debts").EnumerateArray().Single();
        Assert.AreEqual("entry|charge|2019-02|electricity|T1", debt.GetProperty("entryId").GetString());
        Assert.AreEqual("charge", debt.GetProperty("kind").GetString());
        Assert.AreEqual("2019-02", debt.GetProperty("period").GetString());
        Assert.AreEqual("electricity", debt.GetProperty("service").GetString());
        Assert.AreEqual(100000, debt.GetProperty("amount").GetInt64());
        Assert.AreEqual("2019-03-15", debt.GetProperty("dueDate").GetString());
        Assert.AreEqual(2538, debt.GetProperty("total").GetInt64());
        var last = debt.GetProperty("stretches").EnumerateArray().Last();
        Assert.AreEqual("2019-06-14", last.GetProperty("from").GetString());
        Assert.AreEqual("2019-07-01", last.GetProperty("to").GetString());
        Assert.AreEqual(18, last.GetProperty("days").GetInt32());
        Assert.AreEqual(100000, last.GetProperty("debt").GetInt64());
        Assert.AreEqual("1/130", last.GetProperty("share").GetString());
        Assert.AreEqual(7.5m, last.GetProperty("rate").GetDecimal());
        Assert.AreEqual(1038, last.GetProperty("amount").GetInt64());
        Assert.AreEqual(JsonValueKind.Null, last.GetProperty("rule").ValueKind);

        var today = await App.Client.SendAsync(_user, HttpMethod.Get, $"/api/accounts/{accountId}/penalties");
        Assert.AreEqual(HttpStatusCode.OK, today.Status, today.Describe());
        Assert.AreEqual("2026-11-20", today.Body.GetProperty("asOf").GetString(), "today in the provider's zone");
        Assert.IsTrue(today.Body.GetProperty("total").GetInt64() > 2538);
    }

    [TestMethod]
    public async Task A_bad_date_is_422_and_a_stranger_gets_404()
    {
        var (_, accountId) = await ReadingsData.AccountAsync(_user.Id);
        var bad = await App.Client.SendAsync(_user, HttpMethod.Get, $"/api/accounts/{accountId}/penalties?asOf=2019-13-01");
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, bad.Status, bad.Describe());
        Assert.AreEqual("penalty.as_of_invalid", bad.Code);
        var stranger = await App.Client.SendAsync(_other, HttpMethod.Get, $"/api/accounts/{accountId}/penalties?asOf=2019-07-01");
        Assert.AreEqual(HttpStatusCode.NotFound, stranger.Status, stranger.Describe());
        Assert.AreEqual("account.not_found", stranger.Code);
        var none = await App.Client.SendAsync(_user, HttpMethod.Get, $"/api/accounts/{accountId}/penalties?asOf=2019-07-01");
        Assert.AreEqual(HttpStatusCode.OK, none.Status, none.Describe());
        Assert.AreEqual(0, none.Body.GetProperty("total").GetInt64());
        Assert.AreEqual(0, none.Body.GetProperty("debts").GetArrayLength());
    }
}
