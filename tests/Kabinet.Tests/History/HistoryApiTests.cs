using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using Kabinet.Billing;
using Kabinet.Payments;
using Kabinet.Providers;
using Kabinet.Tests.Billing;
using Kabinet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Kabinet.Tests.History;

/// <summary>GET /api/history (seed 004, section 6): payments, readings and bills of the linked accounts, newest first, cursor-paged.</summary>
[TestClass]
public sealed class HistoryApiTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
    private static BillingApp _app = null!;
    private static TestUser _user = null!, _other = null!;
    private static ProviderEntity _a = null!, _b = null!;
    private static SeededBillingAccount _acc1 = null!, _acc2 = null!, _acc3 = null!;
    private static readonly string P1 = Id(), P2 = Id(), P3 = Id(), P4 = Id(), P5 = Id(), P6 = Id();

    private static string Id() => Guid.NewGuid().ToString("N");

    [ClassInitialize]
    public static async Task Start(TestContext _)
    {
        _app = await BillingApp.StartAsync(Now);
        (_user, _other) = (await _app.MintAsync(), await _app.MintAsync());
        _a = await BillingData.ProviderAsync(_app);
        _b = await BillingData.ProviderAsync(_app);
        _acc1 = await BillingData.AccountAsync(_app, _a, readings: [("2026-10-25", """{"T1":"1000"}""", "billed"), ("2026-11-10", """{"T1":"1100.5"}""", "accepted")]);
        _acc2 = await BillingData.AccountAsync(_app, _b, readings: [("2026-11-03", """{"T1":"50"}""", "accepted")]);
        _acc3 = await BillingData.AccountAsync(_app, _a, readings: [("2026-11-01", """{"T1":"7"}""", "accepted")]);
        await _app.LinkAsync(_user, _acc1);
        await _app.LinkAsync(_user, _acc2);
        await _app.LinkAsync(_other, _acc3);

        var bills = _app.Accounts.Accounts;
        // Imported, without an issue time: at the start of the next month.
        await bills.UpsertEntityAsync(new BillEntity { PartitionKey = _acc1.Id, RowKey = BillEntity.RowFor("2026-10"), Period = "2026-10", Total = 30000, AmountDue = 30000,
            DueDate = "2026-11-15", Status = BillStatuses.Issued, Source = LedgerSources.Import });
        await bills.UpsertEntityAsync(new BillEntity { PartitionKey = _acc2.Id, RowKey = BillEntity.RowFor("2026-10"), Period = "2026-10", Total = 12000, AmountDue = 0,
            DueDate = "2026-11-15", Source = LedgerSources.Billing, Document = "{}", IssuedAt = new(2026, 11, 1, 4, 0, 0, TimeSpan.Zero) });
        await bills.UpsertEntityAsync(new BillEntity { PartitionKey = _acc2.Id, RowKey = BillEntity.RowFor("2026-09"), Period = "2026-09", Total = 5000, AmountDue = 5000,
            DueDate = "2026-10-15", Source = LedgerSources.Billing, Document = "{}", IssuedAt = new(2026, 10, 1, 4, 0, 0, TimeSpan.Zero) });
        await bills.UpsertEntityAsync(new BillEntity { PartitionKey = _acc3.Id, RowKey = BillEntity.RowFor("2026-10"), Period = "2026-10", Total = 1, AmountDue = 1,
            Source = LedgerSources.Import, IssuedAt = new(2026, 11, 1, 4, 0, 0, TimeSpan.Zero) });

        await PaymentAsync(_user, P1, new(2026, 11, 5, 10, 0, 0, TimeSpan.Zero), PaymentStatuses.Succeeded, 10000, 10100, _acc1.Id);
        await PaymentAsync(_user, P2, new(2026, 11, 12, 8, 0, 0, TimeSpan.Zero), PaymentStatuses.Pending, 2000, 2000, _acc2.Id);
        // Two at the same instant: the key orders them, and a page may end between them.
        await PaymentAsync(_user, P3, new(2026, 11, 15, 12, 0, 0, TimeSpan.Zero), PaymentStatuses.Failed, 3000, 3030, _acc1.Id, _acc2.Id);
        await PaymentAsync(_user, P4, new(2026, 11, 15, 12, 0, 0, TimeSpan.Zero), PaymentStatuses.Succeeded, 4000, 4040, _acc1.Id, _acc2.Id);
        // The user's payment for an account they do not link (anymore): not in their history.
        await PaymentAsync(_user, P5, new(2026, 11, 16, 12, 0, 0, TimeSpan.Zero), PaymentStatuses.Succeeded, 1, 1, _acc3.Id);
        await PaymentAsync(_other, P6, new(2026, 11, 16, 13, 0, 0, TimeSpan.Zero), PaymentStatuses.Succeeded, 500, 500, _acc3.Id);
    }

    [ClassCleanup]
    public static void Stop() => _app.Dispose();

    private static async Task PaymentAsync(TestUser user, string id, DateTimeOffset at, string status, long amount, long total, params string[] accounts)
    {
        var table = _app.Services.GetRequiredService<PaymentTables>().Payments;
        await table.UpsertEntityAsync(new UserPaymentEntity
        {
            PartitionKey = UserPaymentEntity.PartitionFor(user.Id), RowKey = UserPaymentEntity.RowFor(at, id), PaymentId = id, Status = status,
            Amount = amount, Total = total, AccountIds = string.Join(',', accounts), CreatedAt = at,
        }, TableUpdateMode.Replace);
    }

    private static async Task<Reply> GetAsync(TestUser? user, string query = "")
    {
        using var client = user is null ? _app.NewClient() : _app.UserClient(user);
        return await (await client.GetAsync("/api/history" + query)).ReadAsync();
    }

    private static async Task<List<JsonElement>> ItemsAsync(TestUser user, string query = "")
    {
        var r = await GetAsync(user, query);
        Assert.AreEqual(HttpStatusCode.OK, r.Status, r.Describe());
        return r.Items;
    }

    private static string Type(JsonElement i) => i.GetProperty("type").GetString()!;
    private static string Account(JsonElement i) => i.GetProperty("accountId").GetString()!;
    private static DateTimeOffset At(JsonElement i) => i.GetProperty("at").GetDateTimeOffset();
    private static string? Str(JsonElement i, string name) => i.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    private static string Describe(IEnumerable<JsonElement> items) => string.Join("\n", items.Select(i => i.GetRawText()));

    [TestMethod]
    public async Task Every_type_of_the_linked_accounts_newest_first()
    {
        var items = await ItemsAsync(_user, "?limit=100");
        Assert.AreEqual(10, items.Count, Describe(items));
        CollectionAssert.AreEquivalent(new[] { "payments", "readings", "bills" }, items.Select(Type).Distinct().ToArray());
        for (var n = 1; n < items.Count; n++) Assert.IsTrue(At(items[n - 1]) >= At(items[n]), "newest first:\n" + Describe(items));
        Assert.IsTrue(items.All(i => Account(i) == _acc1.Id || Account(i) == _acc2.Id), Describe(items));

        var reading = items.Single(i => Type(i) == "readings" && Str(i, "status") == "accepted" && Account(i) == _acc1.Id);
        Assert.AreEqual(_acc1.Number, Str(reading, "accountNumber"));
        Assert.AreEqual(_a.ProviderId, Str(reading, "providerId"));
        Assert.AreEqual(_a.Name, Str(reading, "providerName"));
        Assert.AreEqual(_acc1.Serial, Str(reading, "meterSerial"));
        Assert.AreEqual(1100.5m, reading.GetProperty("values").GetProperty("T1").GetDecimal());
        Assert.AreEqual("import", Str(reading, "channel"));
        Assert.AreEqual(new DateTimeOffset(2026, 11, 10, 6, 0, 0, TimeSpan.Zero), At(reading));

        var imported = items.Single(i => Type(i) == "bills" && Account(i) == _acc1.Id);
        Assert.AreEqual("2026-10", Str(imported, "period"));
        Assert.AreEqual(30000, imported.GetProperty("total").GetInt64());
        Assert.AreEqual(30000, imported.GetProperty("amountDue").GetInt64());
        Assert.AreEqual("2026-11-15", Str(imported, "dueDate"));
        Assert.AreEqual("issued", Str(imported, "status"));
        Assert.IsNull(Str(imported, "pdfUrl"), "an imported bill has no PDF");
        Assert.AreEqual(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), At(imported));
        var paid = items.Single(i => Type(i) == "bills" && Account(i) == _acc2.Id && Str(i, "period") == "2026-10");
        Assert.AreEqual("paid", Str(paid, "status"));
        Assert.AreEqual($"/api/accounts/{_acc2.Id}/bills/2026-10/pdf", Str(paid, "pdfUrl"));
        Assert.AreEqual("overdue", Str(items.Single(i => Str(i, "period") == "2026-09"), "status"));

        var payment = items.Single(i => Str(i, "paymentId") == P1);
        Assert.AreEqual("succeeded", Str(payment, "status"));
        Assert.AreEqual(10000, payment.GetProperty("amount").GetInt64());
        Assert.AreEqual(100, payment.GetProperty("commission").GetInt64());
        Assert.AreEqual(10100, payment.GetProperty("total").GetInt64());
        Assert.AreEqual($"/api/payments/{P1}/receipt", Str(payment, "receiptUrl"));
        Assert.AreEqual(_acc1.Id, Account(payment));
        Assert.IsNull(Str(items.Single(i => Str(i, "paymentId") == P2), "receiptUrl"), "no receipt before it succeeded");
        var both = items.Single(i => Str(i, "paymentId") == P4);
        CollectionAssert.AreEqual(new[] { _acc1.Id, _acc2.Id }, both.GetProperty("accountIds").EnumerateArray().Select(x => x.GetString()).ToArray());
        Assert.IsFalse(items.Any(i => Str(i, "paymentId") == P5), "a payment of an account not linked");
    }

    [TestMethod]
    public async Task Filters_by_type_account_provider_and_dates()
    {
        var bills = await ItemsAsync(_user, "?type=bills");
        Assert.AreEqual(3, bills.Count, Describe(bills));
        Assert.IsTrue(bills.All(i => Type(i) == "bills"));
        var two = await ItemsAsync(_user, "?type=readings,payments");
        Assert.AreEqual(7, two.Count, Describe(two));
        Assert.AreEqual(7, (await ItemsAsync(_user, "?type=bills&type=payments")).Count, "a repeated parameter counts as a list");

        var first = await ItemsAsync(_user, "?accountId=" + _acc1.Id);
        Assert.AreEqual(6, first.Count, Describe(first));
        Assert.IsTrue(first.All(i => Account(i) == _acc1.Id));
        var second = await ItemsAsync(_user, "?accountId=" + _acc2.Id);
        Assert.AreEqual(6, second.Count, Describe(second));
        Assert.AreEqual(_acc2.Id, Account(second.Single(i => Str(i, "paymentId") == P3)), "a shared payment is named by the selected account");

        var byProvider = await ItemsAsync(_user, "?providerId=" + _b.ProviderId);
        CollectionAssert.AreEquivalent(second.Select(i => i.GetRawText()).ToArray(), byProvider.Select(i => i.GetRawText()).ToArray());
        Assert.AreEqual(0, (await ItemsAsync(_user, $"?providerId={_b.ProviderId}&accountId={_acc1.Id}")).Count);

        var days = await ItemsAsync(_user, "?from=2026-11-05&to=2026-11-12");
        CollectionAssert.AreEquivalent(new[] { "payments:" + P1, "readings:2026-11-10", "payments:" + P2 },
            days.Select(i => Type(i) + ":" + (Str(i, "paymentId") ?? At(i).ToString("yyyy-MM-dd"))).ToArray(), Describe(days));
        Assert.AreEqual(2, (await ItemsAsync(_user, "?to=2026-10-31")).Count, "the October reading and bill");

        Assert.AreEqual(0, (await ItemsAsync(_user, "?accountId=" + _acc3.Id)).Count, "another user's account");
    }

    [TestMethod]
    public async Task Three_pages_without_duplicates_or_gaps()
    {
        var all = (await ItemsAsync(_user, "?limit=100")).Select(i => i.GetRawText()).ToList();
        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var r = await GetAsync(_user, "?limit=4" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            Assert.AreEqual(HttpStatusCode.OK, r.Status, r.Describe());
            seen.AddRange(r.Items.Select(i => i.GetRawText()));
            cursor = r.Body.GetProperty("nextCursor").GetString();
            pages++;
        } while (cursor is not null && pages < 10);
        Assert.AreEqual(3, pages);
        CollectionAssert.AreEqual(all, seen);

        var defaults = await GetAsync(_user);
        Assert.AreEqual(10, defaults.Items.Count);
        Assert.AreEqual(JsonValueKind.Null, defaults.Body.GetProperty("nextCursor").ValueKind, "20 by default");
    }

    [TestMethod]
    public async Task Another_users_accounts_never_appear()
    {
        var items = await ItemsAsync(_other, "?limit=100");
        Assert.AreEqual(3, items.Count, Describe(items));
        Assert.IsTrue(items.All(i => Account(i) == _acc3.Id));
        Assert.AreEqual(P6, Str(items.Single(i => Type(i) == "payments"), "paymentId"));
        Assert.IsFalse((await ItemsAsync(_user, "?limit=100")).Any(i => Account(i) == _acc3.Id));
    }

    [TestMethod]
    [DataRow("?type=fines", "type", "history.type_invalid")]
    [DataRow("?type=bills,fines", "type", "history.type_invalid")]
    [DataRow("?from=2026-13-01", "from", "history.range_invalid")]
    [DataRow("?to=20261101", "to", "history.range_invalid")]
    [DataRow("?from=2026-11-02&to=2026-11-01", "from", "history.range_invalid")]
    [DataRow("?limit=0", "limit", "list.limit_invalid")]
    [DataRow("?limit=101", "limit", "list.limit_invalid")]
    [DataRow("?limit=abc", "limit", "list.limit_invalid")]
    [DataRow("?cursor=not-a-cursor", "cursor", "list.cursor_invalid")]
    public async Task Bad_queries_are_422(string query, string field, string code)
    {
        var r = await GetAsync(_user, query);
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, r.Status, r.Describe());
        Assert.AreEqual("request.validation_failed", r.Code);
        CollectionAssert.Contains(r.Errors, (field, code), r.Describe());
    }

    [TestMethod]
    public async Task Another_users_cursor_is_422()
    {
        var page = await GetAsync(_user, "?limit=1");
        var cursor = page.Body.GetProperty("nextCursor").GetString()!;
        var r = await GetAsync(_other, "?cursor=" + Uri.EscapeDataString(cursor));
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, r.Status, r.Describe());
        CollectionAssert.Contains(r.Errors, ("cursor", "list.cursor_invalid"));
    }

    [TestMethod]
    public async Task Without_a_token_it_is_401()
    {
        var r = await GetAsync(null);
        Assert.AreEqual(HttpStatusCode.Unauthorized, r.Status, r.Describe());
    }
}
