using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Kabinet.Billing;
using Kabinet.Payments;
using Kabinet.Payments.Recheck;
using Kabinet.Providers;
using Kabinet.Tests.Billing;
using Kabinet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Kabinet.Tests.Payments;

/// <summary>
/// The re-check timer (RecheckPayments) invoked as the host would, on a settable clock. Each test has an app on its own tables:
/// a run takes every due row it finds, and one test's week must not expire another's payment.
/// </summary>
[TestClass]
public sealed class RecheckTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan FirstCheck = TimeSpan.FromMinutes(5);
    private const long Opening = 500_000;

    private sealed record Payer(BillingApp App, TestUser User, HttpClient Client, SeededBillingAccount Account);

    private static async Task<Payer> PayerAsync()
    {
        var app = await BillingApp.StartAsync(Start);
        var (user, client, account) = await PaymentsApi.PayerAsync(app, Opening);
        return new(app, user, client, account);
    }

    private static async Task<string> PayAsync(Payer payer, long amount)
    {
        var created = await (await PaymentsApi.PayAsync(payer.Client, PaymentsApi.One(payer.Account.Id, amount, new { type = "card" }))).AssertStatus(HttpStatusCode.Created);
        Assert.AreEqual("pending", created.GetProperty("status").GetString());
        return created.GetProperty("paymentId").GetString()!;
    }

    private static Task RecheckAsync(Payer payer) => payer.App.InvokeTimerAsync("RecheckPayments");

    private static async Task<PaymentEntity> PaymentAsync(Payer payer, string id) =>
        (await payer.App.Services.GetRequiredService<PaymentTables>().Payments.GetEntityAsync<PaymentEntity>(id, PaymentEntity.Row)).Value;

    private static async Task<List<PaymentCheckEntity>> DueRowsAsync(Payer payer, string id)
    {
        var rows = new List<PaymentCheckEntity>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PaymentCheckEntity.Partition} and PaymentId eq {id}");
        await foreach (var row in payer.App.Services.GetRequiredService<PaymentTables>().Payments.QueryAsync<PaymentCheckEntity>(filter)) rows.Add(row);
        return rows;
    }

    private static async Task<long> BalanceAsync(Payer payer) => (await payer.App.AccountAsync(payer.Account.Id)).Balance;

    private static async Task<int> CreditsAsync(Payer payer) => (await payer.App.RowsAsync<LedgerEntryEntity>(payer.Account.Id, "entry|payment|")).Count;

    /// <summary>The sandbox learns the outcome and tells nobody: only the re-check can find it.</summary>
    private static async Task GatewaySaysAsync(Payer payer, string id, string outcome)
    {
        var sandbox = payer.App.Services.GetRequiredService<SandboxGateway>();
        await sandbox.SetOutcomeAsync((await sandbox.FindAsync((await PaymentAsync(payer, id)).AttemptId, default))!, outcome, default);
    }

    private static void AreSameInstant(DateTimeOffset expected, DateTimeOffset? actual, string? message = null) =>
        Assert.IsTrue(actual is { } a && (a - expected).Duration() < TimeSpan.FromMilliseconds(1), $"{message}: expected {expected:O}, was {actual:O}");

    [TestMethod]
    public async Task A_success_nobody_notified_is_found_and_credited_once_after_five_minutes()
    {
        var payer = await PayerAsync();
        using var _ = payer.App;
        var id = await PayAsync(payer, 12_345);
        await GatewaySaysAsync(payer, id, PaymentStatuses.Succeeded);

        payer.App.Time.Now = Start + FirstCheck - Second;
        await RecheckAsync(payer);
        Assert.AreEqual(PaymentStatuses.Pending, (await PaymentAsync(payer, id)).Status, "not due before five minutes");
        Assert.AreEqual(Opening, await BalanceAsync(payer));

        payer.App.Time.Now = Start + FirstCheck + Second;
        await RecheckAsync(payer);
        var payment = await PaymentAsync(payer, id);
        Assert.AreEqual(PaymentStatuses.Succeeded, payment.Status);
        Assert.IsTrue(payment.Credited);
        Assert.IsNull(payment.NextCheckAt);
        Assert.AreEqual(Opening - 12_345, await BalanceAsync(payer));
        Assert.AreEqual(0, (await DueRowsAsync(payer, id)).Count);

        payer.App.Time.Advance(TimeSpan.FromHours(2));
        await RecheckAsync(payer);
        Assert.AreEqual(Opening - 12_345, await BalanceAsync(payer));
        Assert.AreEqual(1, await CreditsAsync(payer));
        var view = await (await payer.Client.GetAsync($"/api/payments/{id}")).AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual("succeeded", view.GetProperty("status").GetString());
    }

    [TestMethod]
    public async Task A_crash_before_the_gateway_got_the_call_cancels_the_payment_at_the_first_check_and_nothing_revives_it()
    {
        var payer = await PayerAsync();
        using var _ = payer.App;
        var sandbox = payer.App.Services.GetRequiredService<SandboxGateway>();
        var id = await CrashedStartAsync(payer, new BrokenGateway(sandbox, reaches: false, new OperationCanceledException("the app stopped")));
        var payment = await PaymentAsync(payer, id);
        Assert.AreEqual(PaymentStatuses.Pending, payment.Status);
        Assert.IsNull(await sandbox.FindAsync(payment.AttemptId, default), "the gateway never got the call");
        Assert.AreEqual(1, (await DueRowsAsync(payer, id)).Count);

        payer.App.Time.Now = Start + FirstCheck - Second;
        await RecheckAsync(payer);
        Assert.AreEqual(PaymentStatuses.Pending, (await PaymentAsync(payer, id)).Status);

        payer.App.Time.Now = Start + FirstCheck + Second;
        await RecheckAsync(payer);
        payment = await PaymentAsync(payer, id);
        Assert.AreEqual(PaymentStatuses.Canceled, payment.Status);
        Assert.AreEqual(RecheckSchedule.NeverSeenCode, payment.FailureCode);
        Assert.AreEqual(0, (await DueRowsAsync(payer, id)).Count);
        var view = await (await payer.Client.GetAsync($"/api/payments/{id}")).AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual("canceled", view.GetProperty("status").GetString());
        Assert.AreEqual("gateway_never_saw", view.GetProperty("failureCode").GetString());

        // A notice about it, a tester's outcome, another run: it stays canceled, and no money was credited.
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { paymentId = id, idempotencyKey = payment.AttemptId, status = "succeeded" }));
        using var notice = new HttpRequestMessage(HttpMethod.Post, "/api/payments/gateways/sandbox/callback") { Content = new ByteArrayContent(body) };
        notice.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        notice.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(sandbox.Secrets[0], payer.App.Time.GetUtcNow().ToUnixTimeSeconds(), body));
        await (await payer.App.NewClient().SendAsync(notice)).AssertStatus(HttpStatusCode.OK);
        await (await payer.App.NewClient().Post($"/api/payments/sandbox/{id}", new { outcome = "succeeded" })).AssertProblem(HttpStatusCode.NotFound, "payment.not_found");
        payer.App.Time.Advance(TimeSpan.FromDays(1));
        await RecheckAsync(payer);
        Assert.AreEqual(PaymentStatuses.Canceled, (await PaymentAsync(payer, id)).Status);
        Assert.AreEqual(0, await CreditsAsync(payer));
        Assert.AreEqual(Opening, await BalanceAsync(payer));
    }

    [TestMethod]
    public async Task A_payment_the_gateway_took_before_its_answer_was_lost_gets_the_gateway_s_truth()
    {
        var payer = await PayerAsync();
        using var _ = payer.App;
        var sandbox = payer.App.Services.GetRequiredService<SandboxGateway>();
        // The call timed out after the gateway took it: the app records unknown.
        var id = await CrashedStartAsync(payer, new BrokenGateway(sandbox, reaches: true, new TimeoutException("no answer")));
        Assert.AreEqual(PaymentStatuses.Unknown, (await PaymentAsync(payer, id)).Status);
        await GatewaySaysAsync(payer, id, PaymentStatuses.Succeeded);

        payer.App.Time.Now = Start + FirstCheck + Second;
        await RecheckAsync(payer);
        await RecheckAsync(payer);
        var payment = await PaymentAsync(payer, id);
        Assert.AreEqual(PaymentStatuses.Succeeded, payment.Status);
        Assert.AreEqual("sbx-" + payment.AttemptId, payment.GatewayPaymentId);
        Assert.AreEqual(1, await CreditsAsync(payer));
        Assert.AreEqual(Opening - 700, await BalanceAsync(payer));
    }

    [TestMethod]
    public async Task A_crash_after_the_gateway_took_the_call_leaves_a_pending_payment_the_check_fills_in_and_reschedules()
    {
        var payer = await PayerAsync();
        using var _ = payer.App;
        var sandbox = payer.App.Services.GetRequiredService<SandboxGateway>();
        var id = await CrashedStartAsync(payer, new BrokenGateway(sandbox, reaches: true, new OperationCanceledException("the app stopped")));
        var payment = await PaymentAsync(payer, id);
        Assert.IsNull(payment.ConfirmationUrl, "the gateway's answer never came back");

        payer.App.Time.Now = Start + FirstCheck + Second;
        await RecheckAsync(payer);
        payment = await PaymentAsync(payer, id);
        Assert.AreEqual(PaymentStatuses.Pending, payment.Status, "the gateway has it, still waiting for the payer");
        Assert.AreEqual($"/api/payments/sandbox/{id}", payment.ConfirmationUrl);
        Assert.AreEqual(1, payment.Checks);
        AreSameInstant(Start + TimeSpan.FromHours(1), payment.NextCheckAt, "next check");
        var rows = await DueRowsAsync(payer, id);
        Assert.AreEqual(1, rows.Count);
        AreSameInstant(Start + TimeSpan.FromHours(1), rows[0].DueAt, "due row");
    }

    [TestMethod]
    public async Task An_abandoned_payment_is_checked_at_5_minutes_an_hour_and_daily_then_expires_after_a_week()
    {
        var payer = await PayerAsync();
        using var _ = payer.App;
        var id = await PayAsync(payer, 500);
        TimeSpan[] slots = [FirstCheck, TimeSpan.FromHours(1), .. Enumerable.Range(1, 7).Select(d => TimeSpan.FromDays(d))];
        for (var i = 0; i < slots.Length; i++)
        {
            payer.App.Time.Now = Start + slots[i] - Second;
            await RecheckAsync(payer);
            Assert.AreEqual(i, (await PaymentAsync(payer, id)).Checks, $"before slot {i}");

            payer.App.Time.Now = Start + slots[i] + Second;
            await RecheckAsync(payer);
            var payment = await PaymentAsync(payer, id);
            if (i < slots.Length - 1)
            {
                Assert.AreEqual(PaymentStatuses.Pending, payment.Status, $"slot {i}");
                Assert.AreEqual(i + 1, payment.Checks, $"slot {i}");
                AreSameInstant(Start + slots[i + 1], payment.NextCheckAt, $"after slot {i}");
                Assert.AreEqual(1, (await DueRowsAsync(payer, id)).Count, $"slot {i}: the old row went when the new one came");
            }
            else
            {
                Assert.AreEqual(PaymentStatuses.Canceled, payment.Status);
                Assert.AreEqual(RecheckSchedule.ExpiredCode, payment.FailureCode);
                Assert.AreEqual(slots.Length - 1, payment.Checks);
                Assert.IsNull(payment.NextCheckAt);
                Assert.AreEqual(0, (await DueRowsAsync(payer, id)).Count);
            }
        }

        // A payer who pays on the gateway's page after that changes nothing here: the payment stays expired, nothing is credited.
        var late = await (await payer.App.NewClient().Post($"/api/payments/sandbox/{id}", new { outcome = "succeeded" })).AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual("canceled", late.GetProperty("status").GetString());
        Assert.AreEqual(0, await CreditsAsync(payer));
        Assert.AreEqual(Opening, await BalanceAsync(payer));
    }

    [TestMethod]
    public async Task Runs_at_once_credit_once_and_count_a_check_once()
    {
        var payer = await PayerAsync();
        using var _ = payer.App;
        var paid = await PayAsync(payer, 300);
        var waiting = await PayAsync(payer, 400);
        await GatewaySaysAsync(payer, paid, PaymentStatuses.Succeeded);

        payer.App.Time.Now = Start + FirstCheck + Second;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => RecheckAsync(payer)));

        Assert.AreEqual(PaymentStatuses.Succeeded, (await PaymentAsync(payer, paid)).Status);
        Assert.AreEqual(1, await CreditsAsync(payer));
        Assert.AreEqual(Opening - 300, await BalanceAsync(payer));
        Assert.AreEqual(0, (await DueRowsAsync(payer, paid)).Count);
        var open = await PaymentAsync(payer, waiting);
        Assert.AreEqual(PaymentStatuses.Pending, open.Status);
        Assert.AreEqual(1, open.Checks);
        var rows = await DueRowsAsync(payer, waiting);
        Assert.AreEqual(1, rows.Count);
        AreSameInstant(Start + TimeSpan.FromHours(1), rows[0].DueAt, "the next check");
    }

    [TestMethod]
    public async Task A_gateway_that_fails_leaves_the_check_due_for_the_next_run()
    {
        var payer = await PayerAsync();
        using var _ = payer.App;
        var sandbox = payer.App.Services.GetRequiredService<SandboxGateway>();
        var id = await PayAsync(payer, 200);
        await GatewaySaysAsync(payer, id, PaymentStatuses.Succeeded);
        payer.App.Time.Now = Start + FirstCheck + Second;
        var recheck = ActivatorUtilities.CreateInstance<PaymentRecheck>(payer.App.Services,
            FlowWith(payer, new BrokenGateway(sandbox, reaches: false, new HttpRequestException("down"), asking: false)));

        var run = await recheck.RunAsync(default);
        Assert.AreEqual(1, run.Left);
        Assert.AreEqual(PaymentStatuses.Pending, (await PaymentAsync(payer, id)).Status);
        Assert.AreEqual(1, (await DueRowsAsync(payer, id)).Count);

        await RecheckAsync(payer);
        Assert.AreEqual(PaymentStatuses.Succeeded, (await PaymentAsync(payer, id)).Status);
        Assert.AreEqual(1, await CreditsAsync(payer));
    }

    private static PaymentFlow FlowWith(Payer payer, IPaymentGateway gateway) =>
        ActivatorUtilities.CreateInstance<PaymentFlow>(payer.App.Services, (object)new[] { gateway });

    /// <summary>
    /// The app's own StartAsync with <paramref name="gateway"/> in front of the sandbox; an OperationCanceledException passes
    /// StartAsync's catch as the end of the process would. The payment id, from the payer's list (StartAsync never returned).
    /// </summary>
    private static async Task<string> CrashedStartAsync(Payer payer, BrokenGateway gateway)
    {
        var flow = FlowWith(payer, gateway);
        var provider = (await payer.App.Services.GetRequiredService<ProviderCache>().ProviderAsync(payer.Account.ProviderId, default))!;
        var start = new PaymentStart(payer.User.Id, null, [new PaymentItem(payer.Account.Id, provider.ProviderId, payer.Account.Number, 700, 0)],
            new Dictionary<string, ProviderEntity> { [provider.ProviderId] = provider }, "card", null);
        try { await flow.StartAsync(start, default); }
        catch (OperationCanceledException) { }
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {UserPaymentEntity.PartitionFor(payer.User.Id)}");
        await foreach (var row in payer.App.Services.GetRequiredService<PaymentTables>().Payments.QueryAsync<UserPaymentEntity>(filter)) return row.PaymentId;
        throw new AssertFailedException("the payment was not recorded");
    }

    /// <summary>The sandbox behind a failing connection: the call reaches it or not, then fails; asking it fails too unless <paramref name="asking"/>.</summary>
    private sealed class BrokenGateway(SandboxGateway sandbox, bool reaches, Exception failure, bool asking = true) : IPaymentGateway
    {
        public string Name => SandboxGateway.GatewayName;

        public async Task<GatewayPayment> CreateAsync(GatewayPaymentRequest request, CancellationToken ct)
        {
            if (reaches) await sandbox.CreateAsync(request, ct);
            throw failure;
        }

        public Task<GatewayPayment?> GetAsync(string idempotencyKey, CancellationToken ct) => asking ? sandbox.GetAsync(idempotencyKey, ct) : throw failure;

        public GatewayNotice ReadNotification(GatewayNotificationRequest request) => sandbox.ReadNotification(request);
    }
}
