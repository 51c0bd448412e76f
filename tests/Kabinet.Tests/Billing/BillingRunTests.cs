using System.Net;
using System.Text.Json;
using Kabinet.Accounts;
using Kabinet.Billing;
using Kabinet.Readings;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Billing;

/// <summary>
/// Billing runs end to end on real Azurite: POST /operator/billing/runs, the run's queue functions invoked as the host would,
/// the bills, ledger and balances they leave, parked accounts and their release.
/// </summary>
[TestClass]
public sealed class BillingRunTests
{
    // 10:00 in Moscow on 1 December 2026: November has ended.
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 7, 0, 0, TimeSpan.Zero);
    private static BillingApp _app = null!;

    [ClassInitialize]
    public static async Task Start(TestContext _) => _app = await BillingApp.StartAsync(Now);

    [ClassCleanup]
    public static void Stop() => _app.Dispose();

    private static (string, string, string)[] T1(decimal billed, decimal current) =>
    [
        ("2026-10-25", $$"""{"T1":"{{billed}}"}""", ReadingStatuses.Billed),
        ("2026-11-24", $$"""{"T1":"{{current}}"}""", ReadingStatuses.Accepted),
    ];

    private static async Task AssertLedgerSumsAsync(string accountId)
    {
        var entries = await _app.RowsAsync<LedgerEntryEntity>(accountId, LedgerEntryEntity.Prefix);
        Assert.AreEqual(Ledger.Balance(entries), (await _app.AccountAsync(accountId)).Balance, "the cached balance is the sum of the entries");
    }

    [TestMethod]
    public async Task A_run_bills_every_account_once_and_parks_the_one_whose_data_breaks_a_rule()
    {
        var provider = await BillingData.ProviderAsync(_app);
        var one = await BillingData.AccountAsync(_app, provider, readings: T1(1000, 1150));
        var two = await BillingData.AccountAsync(_app, provider, "day-night", readings:
        [
            ("2026-10-25", """{"day":"500","night":"200"}""", ReadingStatuses.Billed),
            ("2026-11-25", """{"day":"600","night":"250"}""", ReadingStatuses.Accepted),
        ]);
        // No tariff for a three-zone meter: parked.
        var broken = await BillingData.AccountAsync(_app, provider, "peak-semipeak-night", readings:
        [
            ("2026-10-25", """{"peak":"10","semipeak":"10","night":"10"}""", ReadingStatuses.Billed),
            ("2026-11-25", """{"peak":"20","semipeak":"20","night":"20"}""", ReadingStatuses.Accepted),
        ]);

        var started = await _app.StartRunAsync(provider.ProviderId, "2026-11");
        var runId = started.GetProperty("runId").GetString()!;
        Assert.AreEqual($"2026-11.{provider.ProviderId}", runId);
        Assert.AreEqual("queued", started.GetProperty("status").GetString());
        await _app.DriveAsync(runId);

        var run = await _app.RunAsync(runId);
        Assert.AreEqual("done", run.GetProperty("status").GetString(), run.ToString());
        Assert.AreEqual(3, run.GetProperty("accountsTotal").GetInt32());
        Assert.AreEqual(2, run.GetProperty("done").GetInt32());
        Assert.AreEqual(1, run.GetProperty("parked").GetInt32());
        Assert.AreEqual(0, run.GetProperty("failed").GetInt32());
        Assert.AreNotEqual(JsonValueKind.Null, run.GetProperty("finishedAt").ValueKind);

        // 150 kWh × 5.00 ₽ = 750.00 ₽; solid waste 2 residents × 120.00 ₽ = 240.00 ₽.
        var bill = (await _app.RowsAsync<BillEntity>(one.Id, BillEntity.Prefix)).Single();
        var doc = BillingData.Document(bill);
        Assert.AreEqual(75000 + 24000, doc.Charged);
        Assert.AreEqual(99000, doc.AmountDue);
        Assert.AreEqual("2026-12-15", doc.DueDate);
        Assert.AreEqual(75000, doc.Lines.Single(l => l.Service == "electricity").Amount);
        Assert.AreEqual(150m, doc.Lines.Single(l => l.Service == "electricity").Quantity);
        Assert.AreEqual(24000, doc.Lines.Single(l => l.Service == "solid_waste").Amount);
        Assert.AreEqual(99000, (await _app.AccountAsync(one.Id)).Balance);
        Assert.AreEqual("2026-11", (await _app.AccountAsync(one.Id)).LastBillPeriod);
        var used = (await _app.RowsAsync<ReadingRecordEntity>(one.Id, ReadingRecordEntity.Prefix)).Single(r => r.Date == "2026-11-24");
        Assert.AreEqual(ReadingStatuses.Billed, used.Status);
        await AssertLedgerSumsAsync(one.Id);

        // Day 100 kWh × 6.10 + night 50 kWh × 3.20 = 610.00 + 160.00 ₽.
        var twoDoc = BillingData.Document((await _app.RowsAsync<BillEntity>(two.Id, BillEntity.Prefix)).Single());
        Assert.AreEqual(61000, twoDoc.Lines.Single(l => l.Zone == "day").Amount);
        Assert.AreEqual(16000, twoDoc.Lines.Single(l => l.Zone == "night").Amount);
        await AssertLedgerSumsAsync(two.Id);

        Assert.AreEqual(0, (await _app.RowsAsync<BillEntity>(broken.Id, BillEntity.Prefix)).Count);
        var parked = await (await _app.Client.GetAsync($"/api/operator/billing/parked?providerId={provider.ProviderId}")).AssertStatus(HttpStatusCode.OK);
        var item = parked.GetProperty("items").EnumerateArray().Single();
        Assert.AreEqual(broken.Id, item.GetProperty("accountId").GetString());
        Assert.AreEqual("billing.tariff_missing", item.GetProperty("reason").GetString());
        Assert.AreEqual("2026-11", item.GetProperty("period").GetString());

        // Still broken: released, parked again.
        var again = await _app.Client.Post($"/api/operator/billing/parked/{broken.Id}/release", new { });
        var problem = await again.AssertStatus(HttpStatusCode.Conflict);
        Assert.AreEqual("billing.still_parked", problem.GetProperty("code").GetString());

        // Fixed: released, closed, counted.
        await _app.Providers.Tariffs.UpsertEntityAsync(new Kabinet.Providers.TariffEntity
        {
            PartitionKey = provider.ProviderId, RowKey = "electricity|peak-semipeak-night|2026-01-01", Service = "electricity", ZoneSet = "peak-semipeak-night",
            EffectiveFrom = "2026-01-01", Bands = """[{"upTo":null,"rates":{"peak":"7.00","semipeak":"5.00","night":"3.00"}}]""",
        });
        var released = await (await _app.Client.Post($"/api/operator/billing/parked/{broken.Id}/release", new { })).AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual("closed", released.GetProperty("outcome").GetString());
        var brokenDoc = BillingData.Document((await _app.RowsAsync<BillEntity>(broken.Id, BillEntity.Prefix)).Single());
        Assert.AreEqual(7000 + 5000 + 3000, brokenDoc.Lines.Where(l => l.Service == "electricity").Sum(l => l.Amount));
        run = await _app.RunAsync(runId);
        Assert.AreEqual(3, run.GetProperty("done").GetInt32());
        Assert.AreEqual(0, run.GetProperty("parked").GetInt32());
        var none = await (await _app.Client.GetAsync($"/api/operator/billing/parked?providerId={provider.ProviderId}")).AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual(0, none.GetProperty("items").GetArrayLength());
    }

    [TestMethod]
    public async Task Starting_a_run_again_and_closing_twice_changes_nothing()
    {
        var provider = await BillingData.ProviderAsync(_app);
        var account = await BillingData.AccountAsync(_app, provider, opening: 50000, readings: T1(2000, 2310));
        var runId = (await _app.StartRunAsync(provider.ProviderId, "2026-11")).GetProperty("runId").GetString()!;
        await _app.DriveAsync(runId);
        var bill = (await _app.RowsAsync<BillEntity>(account.Id, BillEntity.Prefix)).Single();
        var entries = await _app.RowsAsync<LedgerEntryEntity>(account.Id, LedgerEntryEntity.Prefix);
        var balance = (await _app.AccountAsync(account.Id)).Balance;

        var again = await _app.StartRunAsync(provider.ProviderId, "2026-11");
        Assert.AreEqual(runId, again.GetProperty("runId").GetString());
        // The slice as if its first run had stopped before recording itself: every account is closed a second time.
        var slice = (await _app.Billing.Runs.GetEntityAsync<BillingSliceEntity>(runId, BillingSliceEntity.RowFor(0))).Value;
        slice.CompletedAt = null;
        await _app.Billing.Runs.UpdateEntityAsync(slice, Azure.ETag.All, Azure.Data.Tables.TableUpdateMode.Replace);
        Assert.IsTrue(await _app.InvokeAsync("CloseBillingSlice", new { runId, slice = 0 }, dequeueCount: 2));

        Assert.AreEqual(bill.Document, (await _app.RowsAsync<BillEntity>(account.Id, BillEntity.Prefix)).Single().Document);
        CollectionAssert.AreEquivalent(entries.Select(e => e.RowKey + "=" + e.Amount).ToList(),
            (await _app.RowsAsync<LedgerEntryEntity>(account.Id, LedgerEntryEntity.Prefix)).Select(e => e.RowKey + "=" + e.Amount).ToList());
        Assert.AreEqual(balance, (await _app.AccountAsync(account.Id)).Balance);
        await AssertLedgerSumsAsync(account.Id);
    }

    [TestMethod]
    public async Task A_run_killed_half_way_and_started_again_issues_exactly_the_bills_of_a_clean_run()
    {
        const int accounts = 40;
        var clean = await BillingData.ProviderAsync(_app);
        var killed = await BillingData.ProviderAsync(_app);
        var pairs = new List<(SeededBillingAccount Clean, SeededBillingAccount Killed)>();
        for (var i = 0; i < accounts; i++)
        {
            var readings = T1(1000 + i, 1100 + 3 * i);
            var opening = i % 3 == 0 ? 10000L * i : 0;
            pairs.Add((await BillingData.AccountAsync(_app, clean, opening: opening, readings: readings),
                await BillingData.AccountAsync(_app, killed, opening: opening, readings: readings)));
        }
        var cleanRun = (await _app.StartRunAsync(clean.ProviderId, "2026-11")).GetProperty("runId").GetString()!;
        await _app.DriveAsync(cleanRun);

        var killedRun = (await _app.StartRunAsync(killed.ProviderId, "2026-11")).GetProperty("runId").GetString()!;
        Assert.IsTrue(await _app.InvokeAsync("StartBillingRun", new { runId = killedRun }));
        // The handler stopped at three points of the slice: the invocations are cut off, as a crash or a time-out would.
        foreach (var delay in new[] { 30, 120, 400 })
        {
            using var kill = new CancellationTokenSource(delay);
            try { await _app.InvokeAsync("CloseBillingSlice", new { runId = killedRun, slice = 0 }, ct: kill.Token); }
            catch (OperationCanceledException) { }
        }
        var part = (await Task.WhenAll(pairs.Select(p => _app.RowsAsync<BillEntity>(p.Killed.Id, BillEntity.Prefix)))).Count(b => b.Count == 1);
        Console.WriteLine($"bills after the kills: {part} of {accounts}");
        await _app.StartRunAsync(killed.ProviderId, "2026-11");
        await _app.DriveAsync(killedRun);

        var run = await _app.RunAsync(killedRun);
        Assert.AreEqual(accounts, run.GetProperty("done").GetInt32(), run.ToString());
        foreach (var (c, k) in pairs)
        {
            var a = BillingData.Document((await _app.RowsAsync<BillEntity>(c.Id, BillEntity.Prefix)).Single());
            var b = BillingData.Document((await _app.RowsAsync<BillEntity>(k.Id, BillEntity.Prefix)).Single());
            // The same but for the accounts' own numbers and meter serials.
            Assert.AreEqual(JsonSerializer.Serialize(a.Lines.Select(l => l with { MeterSerial = null })), JsonSerializer.Serialize(b.Lines.Select(l => l with { MeterSerial = null })));
            Assert.AreEqual(JsonSerializer.Serialize(a.Readings.Select(r => r with { Serial = "" })), JsonSerializer.Serialize(b.Readings.Select(r => r with { Serial = "" })));
            Assert.AreEqual((a.OpeningBalance, a.Charged, a.Penalties, a.Paid, a.ClosingBalance, a.AmountDue, a.DueDate, a.IssuedAt),
                (b.OpeningBalance, b.Charged, b.Penalties, b.Paid, b.ClosingBalance, b.AmountDue, b.DueDate, b.IssuedAt));
            Assert.AreEqual((await _app.AccountAsync(c.Id)).Balance, (await _app.AccountAsync(k.Id)).Balance);
            Assert.AreEqual((await _app.RowsAsync<LedgerEntryEntity>(c.Id, LedgerEntryEntity.Prefix)).Count,
                (await _app.RowsAsync<LedgerEntryEntity>(k.Id, LedgerEntryEntity.Prefix)).Count);
            await AssertLedgerSumsAsync(k.Id);
        }
    }

    [TestMethod]
    public async Task A_period_that_has_not_begun_or_a_bad_body_is_refused_with_a_code()
    {
        var provider = await BillingData.ProviderAsync(_app);
        async Task<string> Code(object body, HttpStatusCode status) =>
            (await (await _app.Client.Post("/api/operator/billing/runs", body)).AssertStatus(status)).ToString();
        StringAssert.Contains(await Code(new { providerId = provider.ProviderId, period = "2027-01" }, HttpStatusCode.UnprocessableEntity), "billing.period_not_closable");
        StringAssert.Contains(await Code(new { providerId = provider.ProviderId, period = "2026-13" }, HttpStatusCode.UnprocessableEntity), "billing.period_invalid");
        StringAssert.Contains(await Code(new { providerId = "nobody-here", period = "2026-11" }, HttpStatusCode.UnprocessableEntity), "billing.provider_not_found");
        StringAssert.Contains(await Code(new { providerId = 5, period = new[] { 1 } }, HttpStatusCode.UnprocessableEntity), "billing.period_invalid");
        await (await _app.Client.GetAsync("/api/operator/billing/runs/2026-11.nobody")).AssertStatus(HttpStatusCode.NotFound);
        await (await _app.Client.Post("/api/operator/billing/parked/0123456789abcdef01234567/release", new { })).AssertStatus(HttpStatusCode.NotFound);
    }

    [TestMethod]
    public async Task The_hourly_timer_starts_a_run_where_the_month_has_ended_in_the_providers_zone()
    {
        using var app = await BillingApp.StartAsync(new DateTimeOffset(2026, 11, 30, 18, 30, 0, TimeSpan.Zero));
        // 00:30 on 1 December in Omsk; 21:30 on 30 November in Moscow.
        var omsk = await BillingData.ProviderAsync(app, timeZone: "Asia/Omsk");
        var moscow = await BillingData.ProviderAsync(app);
        await app.InvokeTimerAsync("CloseDuePeriods");
        await app.InvokeTimerAsync("CloseDuePeriods");
        var runs = new List<string>();
        await foreach (var r in app.Billing.Runs.QueryAsync<BillingRunEntity>(e => e.PartitionKey == BillingRunEntity.Partition)) runs.Add(r.RunId);
        CollectionAssert.Contains(runs, $"2026-11.{omsk.ProviderId}");
        CollectionAssert.DoesNotContain(runs, $"2026-11.{moscow.ProviderId}");
        Assert.AreEqual(runs.Count, runs.Distinct().Count());
    }
}
