using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Kabinet.Billing;
using Kabinet.Payments;
using Kabinet.Tests.Billing;
using Kabinet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Kabinet.Tests.Payments;

[TestClass]
public sealed class PaymentFlowTests
{
    private static BillingApp _app = null!;
    private const string Secret = "dev-sandbox-webhook-secret";

    [ClassInitialize]
    public static async Task Start(TestContext _) => _app = await BillingApp.StartAsync(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));

    [ClassCleanup]
    public static void Stop() => _app.Dispose();

    private static async Task<(HttpClient Client, SeededBillingAccount Account)> PayerAsync(long opening = 500_000)
    {
        var payer = await PaymentsApi.PayerAsync(_app, opening);
        return (payer.Client, payer.Account);
    }

    private static Task<HttpResponseMessage> PayAsync(HttpClient client, object body, string? key = null) => PaymentsApi.PayAsync(client, body, key);

    private static StringContent JsonContent(object body) => new(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), Encoding.UTF8, "application/json");

    private static object One(string accountId, long amount, string method = "card") => PaymentsApi.One(accountId, amount, new { type = method });

    private static async Task<string> PaidAsync(HttpClient client, string accountId, long amount)
    {
        var created = await (await PayAsync(client, One(accountId, amount))).AssertStatus(HttpStatusCode.Created);
        var id = created.GetProperty("paymentId").GetString()!;
        await (await _app.NewClient().Post($"/api/payments/sandbox/{id}", new { outcome = "succeeded" })).AssertStatus(HttpStatusCode.OK);
        return id;
    }

    private static async Task<string> AttemptAsync(string paymentId) =>
        (await _app.Services.GetRequiredService<PaymentTables>().Payments.GetEntityAsync<PaymentEntity>(paymentId, PaymentEntity.Row)).Value.AttemptId;

    private static HttpRequestMessage Notice(string attemptId, string paymentId, long t, string secret = Secret, bool tamper = false)
    {
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { paymentId, idempotencyKey = attemptId, status = "succeeded" }));
        var signature = WebhookSignature.Sign(secret, t, body);
        if (tamper) signature = signature[..^2] + (signature[^2..] == "00" ? "11" : "00");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/payments/gateways/sandbox/callback") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSignature.Header, signature);
        return request;
    }

    [TestMethod]
    public async Task Pay_then_succeed_lowers_the_balance_once()
    {
        var (client, account) = await PayerAsync();
        var before = (await _app.AccountAsync(account.Id)).Balance;
        var created = await (await PayAsync(client, One(account.Id, 12_345, "sbp"))).AssertStatus(HttpStatusCode.Created);
        var id = created.GetProperty("paymentId").GetString()!;
        Assert.AreEqual("pending", created.GetProperty("status").GetString());
        Assert.AreEqual($"/api/payments/sandbox/{id}", created.GetProperty("confirmationUrl").GetString());
        Assert.AreEqual($"https://qr.nspk.ru/sandbox/{id}", created.GetProperty("sbpPayload").GetString());
        Assert.AreEqual(12_345, created.GetProperty("total").GetInt64());

        var page = await _app.NewClient().GetAsync($"/api/payments/sandbox/{id}");
        Assert.AreEqual(HttpStatusCode.OK, page.StatusCode);
        StringAssert.Contains(await page.Content.ReadAsStringAsync(), "succeeded");

        await (await _app.NewClient().Post($"/api/payments/sandbox/{id}", new { outcome = "succeeded" })).AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual(before - 12_345, (await _app.AccountAsync(account.Id)).Balance);
        var entries = (await _app.RowsAsync<LedgerEntryEntity>(account.Id, "entry|payment|")).ToList();
        Assert.AreEqual(1, entries.Count);
        Assert.AreEqual(-12_345, entries[0].Amount);
        Assert.AreEqual("portal", entries[0].Channel);

        var view = await (await client.GetAsync($"/api/payments/{id}")).AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual("succeeded", view.GetProperty("status").GetString());
        Assert.AreEqual($"/api/payments/{id}/receipt", view.GetProperty("receiptUrl").GetString());

        // Replayed 10× in parallel, then a failed notice: nothing more — no second credit, and no second receipt or notice.
        var told = (await _app.Services.GetRequiredService<PaymentFlow>().FindAsync(id, default))!.ToldAt;
        Assert.IsNotNull(told, "the success's outcomes were told");
        var attempt = await AttemptAsync(id);
        var t = _app.Time.GetUtcNow().ToUnixTimeSeconds();
        var replies = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => _app.NewClient().SendAsync(Notice(attempt, id, t))));
        Assert.IsTrue(replies.All(r => r.StatusCode == HttpStatusCode.OK));
        await (await _app.NewClient().Post($"/api/payments/sandbox/{id}", new { outcome = "failed" })).AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual(before - 12_345, (await _app.AccountAsync(account.Id)).Balance);
        Assert.AreEqual(1, (await _app.RowsAsync<LedgerEntryEntity>(account.Id, "entry|payment|")).Count);
        Assert.AreEqual(told, (await _app.Services.GetRequiredService<PaymentFlow>().FindAsync(id, default))!.ToldAt, "told once");
        view = await (await client.GetAsync($"/api/payments/{id}")).AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual("succeeded", view.GetProperty("status").GetString());
    }

    [TestMethod]
    public async Task Ten_parallel_first_notices_of_a_success_credit_it_once()
    {
        var (client, account) = await PayerAsync();
        var before = (await _app.AccountAsync(account.Id)).Balance;
        var id = (await (await PayAsync(client, One(account.Id, 777))).AssertStatus(HttpStatusCode.Created)).GetProperty("paymentId").GetString()!;
        // The gateway knows the outcome, the app not yet: every notice below races to apply and credit it.
        var sandbox = _app.Services.GetRequiredService<SandboxGateway>();
        await sandbox.SetOutcomeAsync((await sandbox.FindAsync(await AttemptAsync(id), default))!, PaymentStatuses.Succeeded, default);
        var t = _app.Time.GetUtcNow().ToUnixTimeSeconds();
        var attempt = await AttemptAsync(id);
        var replies = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => _app.NewClient().SendAsync(Notice(attempt, id, t))));
        Assert.IsTrue(replies.All(r => r.StatusCode == HttpStatusCode.OK), string.Join(", ", replies.Select(r => r.StatusCode)));
        Assert.AreEqual(before - 777, (await _app.AccountAsync(account.Id)).Balance);
        Assert.AreEqual(1, (await _app.RowsAsync<LedgerEntryEntity>(account.Id, "entry|payment|")).Count);
        var row = (await _app.Services.GetRequiredService<PaymentTables>().Payments.GetEntityAsync<PaymentEntity>(id, PaymentEntity.Row)).Value;
        Assert.IsTrue(row.Credited);
        Assert.AreEqual(PaymentStatuses.Succeeded, row.Status);
    }

    [TestMethod]
    public async Task Two_testers_choosing_at_once_get_one_outcome()
    {
        var (client, account) = await PayerAsync();
        var before = (await _app.AccountAsync(account.Id)).Balance;
        var id = (await (await PayAsync(client, One(account.Id, 500))).AssertStatus(HttpStatusCode.Created)).GetProperty("paymentId").GetString()!;
        var replies = await Task.WhenAll(new[] { "succeeded", "failed", "succeeded", "failed" }
            .Select(outcome => _app.NewClient().Post($"/api/payments/sandbox/{id}", new { outcome })));
        Assert.IsTrue(replies.All(r => r.StatusCode == HttpStatusCode.OK), string.Join(", ", replies.Select(r => r.StatusCode)));
        var status = (await (await client.GetAsync($"/api/payments/{id}")).AssertStatus(HttpStatusCode.OK)).GetProperty("status").GetString();
        Assert.AreEqual(status == "succeeded" ? before - 500 : before, (await _app.AccountAsync(account.Id)).Balance, status);
        CollectionAssert.Contains(new[] { "succeeded", "failed" }, status);
    }

    [TestMethod]
    public async Task Payments_racing_for_one_account_are_each_credited_once()
    {
        var (client, account) = await PayerAsync();
        var before = (await _app.AccountAsync(account.Id)).Balance;
        // Six payments of one account created at once, then all succeeded at once (twice each): every credit races for the
        // account's balance row, and none may be lost or doubled.
        var amounts = new long[] { 100, 200, 300, 400, 500, 600 };
        var created = await Task.WhenAll(amounts.Select(async a =>
            (await (await PayAsync(client, One(account.Id, a))).AssertStatus(HttpStatusCode.Created)).GetProperty("paymentId").GetString()!));
        var outcomes = await Task.WhenAll(created.Concat(created).Select(id => _app.NewClient().Post($"/api/payments/sandbox/{id}", new { outcome = "succeeded" })));

        Assert.IsTrue(outcomes.All(o => o.StatusCode == HttpStatusCode.OK));
        Assert.AreEqual(before - amounts.Sum(), (await _app.AccountAsync(account.Id)).Balance);
        Assert.AreEqual(amounts.Length, (await _app.RowsAsync<LedgerEntryEntity>(account.Id, "entry|payment|")).Count);
    }

    [TestMethod]
    public async Task Bad_signatures_are_refused()
    {
        var (client, account) = await PayerAsync();
        var created = await (await PayAsync(client, One(account.Id, 100))).AssertStatus(HttpStatusCode.Created);
        var id = created.GetProperty("paymentId").GetString()!;
        var attempt = await AttemptAsync(id);
        var t = _app.Time.GetUtcNow().ToUnixTimeSeconds();
        await (await _app.NewClient().SendAsync(Notice(attempt, id, t, tamper: true))).AssertProblem(HttpStatusCode.BadRequest, "payment.signature_invalid");
        await (await _app.NewClient().SendAsync(Notice(attempt, id, t, secret: "wrong"))).AssertProblem(HttpStatusCode.BadRequest, "payment.signature_invalid");
        await (await _app.NewClient().SendAsync(Notice(attempt, id, t - 600))).AssertProblem(HttpStatusCode.BadRequest, "payment.signature_expired");
        var unknown = Notice(attempt, id, t);
        unknown.RequestUri = new Uri("/api/payments/gateways/nope/callback", UriKind.Relative);
        await (await _app.NewClient().SendAsync(unknown)).AssertProblem(HttpStatusCode.NotFound, "payment.gateway_not_found");
        // A valid notice while the sandbox still says pending changes nothing.
        await (await _app.NewClient().SendAsync(Notice(attempt, id, t))).AssertStatus(HttpStatusCode.OK);
        var view = await (await client.GetAsync($"/api/payments/{id}")).AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual("pending", view.GetProperty("status").GetString());
    }

    [TestMethod]
    public async Task Idempotent_replay_gives_the_same_payment()
    {
        var (client, account) = await PayerAsync();
        var key = Guid.NewGuid().ToString("N");
        var first = await (await PayAsync(client, One(account.Id, 100), key)).AssertStatus(HttpStatusCode.Created);
        var second = await (await PayAsync(client, One(account.Id, 100), key)).AssertStatus(HttpStatusCode.Created);
        Assert.AreEqual(first.GetProperty("paymentId").GetString(), second.GetProperty("paymentId").GetString());
        var reused = await (await PayAsync(client, One(account.Id, 200), key)).AssertStatus(HttpStatusCode.Conflict);
        Assert.AreEqual("request.idempotency_key_reused", reused.GetProperty("code").GetString());

        // Without a key a retry could pay twice: refused before anything is recorded.
        var missing = await (await client.PostAsync("/api/payments", JsonContent(One(account.Id, 100)))).AssertStatus(HttpStatusCode.BadRequest);
        Assert.AreEqual("request.idempotency_key_required", missing.GetProperty("code").GetString());
    }

    [TestMethod]
    public async Task Validation_and_links()
    {
        var (client, account) = await PayerAsync();
        CollectionAssert.Contains(await (await PayAsync(client, One(account.Id, 0))).AssertValidation(), "payment.amount_invalid");
        CollectionAssert.Contains(await (await PayAsync(client, One(account.Id, 100, "cash"))).AssertValidation(), "payment.method_invalid");
        await (await PayAsync(client, One("nobody-s-account", 100))).AssertProblem(HttpStatusCode.NotFound, "payment.account_not_linked");
        var (other, _) = await PayerAsync();
        await (await PayAsync(other, One(account.Id, 100))).AssertProblem(HttpStatusCode.NotFound, "payment.account_not_linked");
        var created = await (await PayAsync(client, One(account.Id, 100))).AssertStatus(HttpStatusCode.Created);
        await (await other.GetAsync($"/api/payments/{created.GetProperty("paymentId").GetString()}")).AssertProblem(HttpStatusCode.NotFound, "payment.not_found");
        // Ids that are no payment id never reach a table key: a 404, not a storage error.
        foreach (var bad in new[] { "%23", "user%7Cx", "a%2Fb", new string('a', 300) })
        {
            await (await client.GetAsync($"/api/payments/{bad}")).AssertProblem(HttpStatusCode.NotFound, "payment.not_found");
            Assert.AreEqual(HttpStatusCode.NotFound, (await _app.NewClient().GetAsync($"/api/payments/sandbox/{bad}")).StatusCode, bad);
        }
    }
}
