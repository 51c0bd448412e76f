using System.Net;
using System.Text.Json;
using Kabinet.Billing;
using Kabinet.Readings;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Billing;

/// <summary>What a customer sees of a closed period: bills, the open balance by service, the statement, consumption; and readings waiting while their period closes.</summary>
[TestClass]
public sealed class AccountBillingApiTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 7, 0, 0, TimeSpan.Zero);
    private static BillingApp _app = null!;

    [ClassInitialize]
    public static async Task Start(TestContext _) => _app = await BillingApp.StartAsync(Now);

    [ClassCleanup]
    public static void Stop() => _app.Dispose();

    private static async Task<(SeededBillingAccount Account, HttpClient User)> ClosedAsync()
    {
        var provider = await BillingData.ProviderAsync(_app);
        var account = await BillingData.AccountAsync(_app, provider, readings:
        [
            ("2026-10-25", """{"T1":"1000"}""", ReadingStatuses.Billed),
            ("2026-11-24", """{"T1":"1150"}""", ReadingStatuses.Accepted),
        ]);
        var user = await _app.MintAsync();
        await _app.LinkAsync(user, account);
        var runId = (await _app.StartRunAsync(provider.ProviderId, "2026-11")).GetProperty("runId").GetString()!;
        await _app.DriveAsync(runId);
        return (account, _app.UserClient(user));
    }

    [TestMethod]
    public async Task Bills_charges_statement_and_consumption_of_a_closed_period()
    {
        var (account, user) = await ClosedAsync();
        var list = await (await user.GetAsync($"/api/accounts/{account.Id}/bills")).AssertStatus(HttpStatusCode.OK);
        var summary = list.GetProperty("items").EnumerateArray().Single();
        Assert.AreEqual("2026-11", summary.GetProperty("period").GetString());
        Assert.AreEqual(99000, summary.GetProperty("amountDue").GetInt64());
        Assert.AreEqual("2026-12-15", summary.GetProperty("dueDate").GetString());
        Assert.AreEqual("issued", summary.GetProperty("status").GetString());
        Assert.AreEqual($"/api/accounts/{account.Id}/bills/2026-11/pdf", summary.GetProperty("pdfUrl").GetString());

        var bill = await (await user.GetAsync($"/api/accounts/{account.Id}/bills/2026-11")).AssertStatus(HttpStatusCode.OK);
        var lines = bill.GetProperty("document").GetProperty("lines").EnumerateArray().ToList();
        Assert.AreEqual(150m, lines.Single(l => l.GetProperty("service").GetString() == "electricity").GetProperty("quantity").GetDecimal());
        Assert.AreEqual("Электроэнергия", lines.Single(l => l.GetProperty("service").GetString() == "electricity").GetProperty("serviceName").GetString());
        await (await user.GetAsync($"/api/accounts/{account.Id}/bills/2026-10")).AssertStatus(HttpStatusCode.NotFound);
        await (await user.GetAsync($"/api/accounts/{account.Id}/bills/not-a-period")).AssertStatus(HttpStatusCode.NotFound);

        var charges = await (await user.GetAsync($"/api/accounts/{account.Id}/charges")).AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual(99000, charges.GetProperty("amountDue").GetInt64());
        Assert.AreEqual(0, charges.GetProperty("overpayment").GetInt64());
        Assert.AreEqual("2026-12-15", charges.GetProperty("dueDate").GetString());
        var items = charges.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("service").GetString()!, i => i.GetProperty("amount").GetInt64());
        Assert.AreEqual(75000, items["electricity"]);
        Assert.AreEqual(24000, items["solid_waste"]);

        var accounts = await (await user.GetAsync("/api/accounts")).AssertStatus(HttpStatusCode.OK);
        var row = accounts.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("id").GetString() == account.Id);
        Assert.AreEqual(99000, row.GetProperty("amountDue").GetInt64());
        Assert.AreEqual("2026-12-15", row.GetProperty("dueDate").GetString());

        // Paid in part on 5 December: the oldest debts first (both fall due on the 15th; electricity's key sorts first).
        await BillingData.PaymentAsync(_app, account.Id, "2026-12-05", 80000, "PP-1");
        charges = await (await user.GetAsync($"/api/accounts/{account.Id}/charges")).AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual(19000, charges.GetProperty("amountDue").GetInt64());
        Assert.AreEqual(19000, charges.GetProperty("items").EnumerateArray().Sum(i => i.GetProperty("amount").GetInt64()));

        var statement = await (await user.GetAsync($"/api/accounts/{account.Id}/statement?from=2026-11&to=2026-12")).AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual(0, statement.GetProperty("opening").GetInt64());
        Assert.AreEqual(99000, statement.GetProperty("charged").GetInt64());
        Assert.AreEqual(80000, statement.GetProperty("paid").GetInt64());
        Assert.AreEqual(19000, statement.GetProperty("closing").GetInt64());
        StringAssert.Contains((await (await user.GetAsync($"/api/accounts/{account.Id}/statement?from=2026-12&to=2026-11"))
            .AssertStatus(HttpStatusCode.UnprocessableEntity)).ToString(), "statement.range_invalid");
        var act = await user.GetAsync($"/api/accounts/{account.Id}/statement/pdf?from=2026-11&to=2026-12");
        Assert.AreEqual(HttpStatusCode.OK, act.StatusCode);
        Assert.AreEqual("application/pdf", act.Content.Headers.ContentType?.MediaType);
        var actText = PdfText.Of(await act.Content.ReadAsByteArrayAsync());
        foreach (var expected in new[] { "Акт сверки взаиморасчётов", "с 01.11.2026 по 31.12.2026", "990,00", "800,00", "190,00 ₽ — задолженность абонента" })
            StringAssert.Contains(actText, expected);
        await (await user.GetAsync($"/api/accounts/{account.Id}/statement/pdf?from=2026-12&to=2026-11")).AssertStatus(HttpStatusCode.UnprocessableEntity);

        var consumption = await (await user.GetAsync($"/api/accounts/{account.Id}/consumption?months=12")).AssertStatus(HttpStatusCode.OK);
        var month = consumption.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("service").GetString() == "electricity");
        Assert.AreEqual("2026-11", month.GetProperty("period").GetString());
        Assert.AreEqual(150m, month.GetProperty("volume").GetDecimal());
        Assert.IsFalse(month.GetProperty("estimated").GetBoolean());
        await (await user.GetAsync($"/api/accounts/{account.Id}/consumption?months=0")).AssertStatus(HttpStatusCode.UnprocessableEntity);

        // Paid in full: the bill is paid.
        await BillingData.PaymentAsync(_app, account.Id, "2026-12-06", 19000, "PP-2");
        list = await (await user.GetAsync($"/api/accounts/{account.Id}/bills")).AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual("paid", list.GetProperty("items")[0].GetProperty("status").GetString());
    }

    [TestMethod]
    public async Task An_old_debt_brings_the_penalty_its_calculation_shows_onto_the_bill()
    {
        var provider = await BillingData.ProviderAsync(_app);
        // 500.00 ₽ due on 15 October: day 31 is 15 November, so by the issue day (1 December) 16 days at 1/300 of the capped rate.
        var account = await BillingData.AccountAsync(_app, provider, opening: 50000, openingDue: "2026-10-15", readings:
        [
            ("2026-10-25", """{"T1":"1000"}""", ReadingStatuses.Billed),
            ("2026-11-24", """{"T1":"1150"}""", ReadingStatuses.Accepted),
        ]);
        var user = await _app.MintAsync();
        await _app.LinkAsync(user, account);
        await _app.DriveAsync((await _app.StartRunAsync(provider.ProviderId, "2026-11")).GetProperty("runId").GetString()!);
        var doc = BillingData.Document((await _app.RowsAsync<BillEntity>(account.Id, BillEntity.Prefix)).Single());
        var penalties = await (await _app.UserClient(user).GetAsync($"/api/accounts/{account.Id}/penalties?asOf=2026-12-01")).AssertStatus(HttpStatusCode.OK);
        Assert.IsTrue(doc.Penalties > 0);
        Assert.AreEqual(penalties.GetProperty("total").GetInt64(), doc.Penalties);
        Assert.AreEqual(50000, doc.OpeningBalance);
        Assert.AreEqual(50000 + 99000 + doc.Penalties, doc.AmountDue);
        var entries = await _app.RowsAsync<LedgerEntryEntity>(account.Id, LedgerEntryEntity.Prefix);
        Assert.AreEqual(doc.Penalties, entries.Single(e => e.Kind == LedgerKinds.Penalty).Amount);
        Assert.AreEqual(Ledger.Balance(entries), (await _app.AccountAsync(account.Id)).Balance);
    }

    [TestMethod]
    public async Task Another_users_account_answers_404_for_every_billing_path()
    {
        var (account, _) = await ClosedAsync();
        var stranger = _app.UserClient(await _app.MintAsync());
        foreach (var path in new[] { "bills", "bills/2026-11", "charges", "statement", "statement/pdf", "consumption" })
            await (await stranger.GetAsync($"/api/accounts/{account.Id}/{path}")).AssertStatus(HttpStatusCode.NotFound);
    }

    [TestMethod]
    public async Task An_unpaid_bill_is_overdue_after_its_due_date()
    {
        var (account, _) = await ClosedAsync();
        var bill = (await _app.RowsAsync<BillEntity>(account.Id, BillEntity.Prefix)).Single();
        var entries = await _app.RowsAsync<LedgerEntryEntity>(account.Id, LedgerEntryEntity.Prefix);
        Assert.AreEqual(BillStatuses.Issued, StatementRules.Status(bill, entries, new DateOnly(2026, 12, 15), "Europe/Moscow"));
        Assert.AreEqual(BillStatuses.Overdue, StatementRules.Status(bill, entries, new DateOnly(2026, 12, 16), "Europe/Moscow"));
    }
}

/// <summary>Readings of a period wait while a run closes it (GET meters says so; a submission is refused), and go on once it is done.</summary>
[TestClass]
public sealed class PeriodClosingTests
{
    [TestMethod]
    public async Task Readings_of_a_period_being_closed_wait_for_the_run()
    {
        // 20 November, 12:00 in Moscow: readings count for November; an operator closes November early.
        using var app = await BillingApp.StartAsync(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));
        var provider = await BillingData.ProviderAsync(app);
        var account = await BillingData.AccountAsync(app, provider, readings: [("2026-10-25", """{"T1":"1000"}""", ReadingStatuses.Billed)]);
        var user = await app.MintAsync();
        await app.LinkAsync(user, account);
        var client = app.UserClient(user);
        var runId = (await app.StartRunAsync(provider.ProviderId, "2026-11")).GetProperty("runId").GetString()!;

        var meters = await (await client.GetAsync($"/api/accounts/{account.Id}/meters")).AssertStatus(HttpStatusCode.OK);
        var meter = meters.GetProperty("items")[0];
        Assert.IsFalse(meter.GetProperty("canSubmit").GetBoolean());
        Assert.AreEqual(SubmitBlocks.PeriodClosing, meter.GetProperty("reason").GetString());
        var refused = await client.Post($"/api/accounts/{account.Id}/meters/{account.Serial}/readings", new { values = new { T1 = 1100 } });
        Assert.AreEqual(HttpStatusCode.Conflict, refused.StatusCode, await refused.Content.ReadAsStringAsync());

        await app.DriveAsync(runId);
        meters = await (await client.GetAsync($"/api/accounts/{account.Id}/meters")).AssertStatus(HttpStatusCode.OK);
        Assert.IsTrue(meters.GetProperty("items")[0].GetProperty("canSubmit").GetBoolean(), meters.ToString());
    }
}
