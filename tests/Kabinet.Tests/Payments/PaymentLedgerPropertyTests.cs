using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CsCheck;
using Kabinet.Billing;
using Kabinet.Payments;
using Kabinet.Providers;
using Kabinet.Tests.Billing;
using Kabinet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Kabinet.Tests.Payments;

/// <summary>
/// For any payments of 1–3 accounts and any order of what happens to them — the sandbox's outcome posted (again, or the
/// opposite one later), an outcome the gateway knows but whose notice was lost, signed notices replayed before and after it,
/// the create replayed with its Idempotency-Key, some of it at the same time — each account's ledger holds one payment entry
/// per succeeded payment that pays it, of minus the item's amount, and nothing for failed or pending ones; the balance is the
/// sum of the entries; each payment's status is what the gateway said, if the app has heard of it since.
/// Everything goes over HTTP to the app on Azurite. A failure names CsCheck's seed: CsCheck_Seed=&lt;seed&gt; replays it.
/// </summary>
[TestClass]
public sealed class PaymentLedgerPropertyTests
{
    private const long Opening = 500_000;
    private static BillingApp _app = null!;
    private static ProviderEntity[] _providers = null!;

    [ClassInitialize]
    public static async Task Start(TestContext _)
    {
        _app = await BillingApp.StartAsync(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
        // One provider without commission, one with: the ledger is credited the items' amounts, never the commission.
        var plain = await BillingData.ProviderAsync(_app);
        var charging = await BillingData.ProviderAsync(_app, timeZone: "Asia/Omsk");
        charging.CommissionPercent = "1.5";
        charging.CommissionMinimumKopecks = 1_000;
        await _app.Providers.Providers.UpdateEntityAsync(charging, Azure.ETag.All);
        _providers = [plain, charging];
    }

    [ClassCleanup]
    public static void Stop() => _app.Dispose();

    /// <summary>What a step does to its payment.</summary>
    private enum Step
    {
        /// <summary>POST /payments/sandbox/{id} with the payment's outcome: the sandbox records it and notifies in-process.</summary>
        Outcome,
        /// <summary>The same, with the opposite outcome: it wins only when it comes first.</summary>
        Contrary,
        /// <summary>The sandbox records the outcome, and its notice is lost: the app does not hear of it.</summary>
        Lost,
        /// <summary>A signed notice to /payments/gateways/sandbox/callback, as the sandbox would send it now.</summary>
        Notice,
        /// <summary>The create's POST again with its Idempotency-Key: the same payment, nothing new.</summary>
        Replay,
    }

    /// <summary>Step codes 0–9, weighted: outcomes and notices most often.</summary>
    private static readonly Step[] Steps = [Step.Outcome, Step.Outcome, Step.Outcome, Step.Contrary, Step.Lost, Step.Lost, Step.Notice, Step.Notice, Step.Notice, Step.Replay];

    private static readonly string[] Outcomes = [PaymentStatuses.Pending, PaymentStatuses.Succeeded, PaymentStatuses.Failed];

    /// <summary>One step of a payment: what, where it falls in the shuffled sequence, and whether it runs alongside the one before.</summary>
    private sealed record Event(int Code, int Order, bool Together);

    /// <summary>A payment: which accounts it pays (bits of a mask), each item's amount, the outcome the gateway gives it (0: none), its steps.</summary>
    private sealed record Plan(int Mask, long[] Amounts, int Outcome, Event[] Events);

    private sealed record Scenario(int Accounts, int[] ProviderOf, Plan[] Payments, bool CreateTogether);

    private static readonly Gen<Event> Events = Gen.Select(Gen.Int[0, 9], Gen.Int[0, 999], Gen.Int[0, 3], (code, order, together) => new Event(code, order, together == 0));

    private static readonly Gen<Plan> Plans = Gen.Select(Gen.Int[1, 7], Gen.Long[1, 150_000].Array[3], Gen.Int[0, 2], Events.Array[0, 5],
        (mask, amounts, outcome, events) => new Plan(mask, amounts, outcome, events));

    private static readonly Gen<Scenario> Scenarios = Gen.Select(Gen.Int[1, 3], Gen.Int[0, 1].Array[3], Plans.Array[1, 6], Gen.Int[0, 2],
        (accounts, providers, payments, together) => new Scenario(accounts, providers, payments, together == 0));

    private static string Describe(Scenario s) =>
        $"{s.Accounts} account(s) (providers {string.Join(",", s.ProviderOf.Take(s.Accounts))}), created {(s.CreateTogether ? "together" : "one by one")}; " +
        string.Join("; ", s.Payments.Select((p, i) => $"P{i}: accounts {string.Join(",", Paid(s, p))} amounts {string.Join(",", p.Amounts)} " +
            $"outcome {Outcomes[p.Outcome]} steps [{string.Join(" ", p.Events.Select(e => $"{StepOf(p, e)}@{e.Order}{(e.Together ? "+" : "")}"))}]"));

    /// <summary>The accounts (indexes) a payment pays: the mask's bits among the scenario's accounts, at least the first.</summary>
    private static int[] Paid(Scenario s, Plan p)
    {
        var mask = p.Mask & ((1 << s.Accounts) - 1);
        return Enumerable.Range(0, s.Accounts).Where(i => (mask & (1 << i)) != 0).DefaultIfEmpty(0).ToArray();
    }

    /// <summary>A payment the gateway gives no outcome has no outcome to post: those steps are notices.</summary>
    private static Step StepOf(Plan p, Event e) =>
        p.Outcome == 0 && Steps[e.Code] is Step.Outcome or Step.Contrary or Step.Lost ? Step.Notice : Steps[e.Code];

    private sealed record Created(string Id, string Attempt, string Key, object Body, Dictionary<string, long> Items);

    [TestMethod]
    public async Task Every_account_is_credited_exactly_its_succeeded_payments()
    {
        await Scenarios.SampleAsync(RunAsync, iter: 20, threads: 1, print: Describe);
    }

    private static async Task RunAsync(Scenario s)
    {
        var sandbox = _app.Services.GetRequiredService<SandboxGateway>();
        var tables = _app.Services.GetRequiredService<PaymentTables>();
        var accounts = new List<SeededBillingAccount>();
        for (var i = 0; i < s.Accounts; i++) accounts.Add(await BillingData.AccountAsync(_app, _providers[s.ProviderOf[i]], opening: Opening));
        var user = await _app.MintAsync();
        foreach (var account in accounts) await _app.LinkAsync(user, account);
        using var client = _app.UserClient(user);

        async Task<Created> CreateAsync(Plan plan)
        {
            var paid = Paid(s, plan);
            var items = paid.Select(i => new { accountId = accounts[i].Id, amount = plan.Amounts[i] }).ToArray();
            var body = new { items, method = new { type = "card" } };
            var key = Guid.NewGuid().ToString("N");
            var created = await (await PayAsync(client, body, key)).AssertStatus(HttpStatusCode.Created);
            Assert.AreEqual(PaymentStatuses.Pending, created.GetProperty("status").GetString());
            Assert.AreEqual(items.Sum(i => i.amount), created.GetProperty("amount").GetInt64());
            var id = created.GetProperty("paymentId").GetString()!;
            var attempt = (await tables.Payments.GetEntityAsync<PaymentEntity>(id, PaymentEntity.Row)).Value.AttemptId;
            return new Created(id, attempt, key, body, items.ToDictionary(i => i.accountId, i => i.amount));
        }

        Created[] payments;
        if (s.CreateTogether) payments = await Task.WhenAll(s.Payments.Select(CreateAsync));
        else
        {
            payments = new Created[s.Payments.Length];
            for (var i = 0; i < payments.Length; i++) payments[i] = await CreateAsync(s.Payments[i]);
        }

        async Task DoAsync(int p, Step step)
        {
            var payment = payments[p];
            var outcome = Outcomes[s.Payments[p].Outcome];
            switch (step)
            {
                case Step.Outcome or Step.Contrary:
                    var chosen = step == Step.Outcome ? outcome : Opposite(outcome);
                    var applied = await (await _app.NewClient().Post($"/api/payments/sandbox/{payment.Id}", new { outcome = chosen })).AssertStatus(HttpStatusCode.OK);
                    Assert.AreEqual(payment.Id, applied.GetProperty("paymentId").GetString());
                    break;
                case Step.Lost:
                    await sandbox.SetOutcomeAsync((await sandbox.FindAsync(payment.Attempt, default))!, outcome, default);
                    break;
                case Step.Notice:
                    var (body, signature) = sandbox.Notice((await sandbox.FindAsync(payment.Attempt, default))!);
                    using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/payments/gateways/sandbox/callback") { Content = new ByteArrayContent(body) })
                    {
                        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                        request.Headers.Add(WebhookSignature.Header, signature);
                        await (await _app.NewClient().SendAsync(request)).AssertStatus(HttpStatusCode.OK);
                    }
                    break;
                case Step.Replay:
                    var again = await (await PayAsync(client, payment.Body, payment.Key)).AssertStatus(HttpStatusCode.Created);
                    Assert.AreEqual(payment.Id, again.GetProperty("paymentId").GetString(), "the create replayed with its key");
                    break;
            }
        }

        // The shuffled sequence, cut into rounds: a step marked Together runs alongside the round before (up to 4 at once).
        var sequence = s.Payments.SelectMany((plan, p) => plan.Events.Select(e => (P: p, Step: StepOf(plan, e), e.Order, e.Together)))
            .OrderBy(e => e.Order).ToList();
        var rounds = new List<List<(int P, Step Step)>>();
        foreach (var e in sequence)
        {
            if (e.Together && rounds.Count > 0 && rounds[^1].Count < 4) rounds[^1].Add((e.P, e.Step));
            else rounds.Add([(e.P, e.Step)]);
        }
        foreach (var round in rounds) await Task.WhenAll(round.Select(e => DoAsync(e.P, e.Step)));

        // What each payment must be: the gateway's outcome is the first round's that set one (any of them when that round
        // set two); the app holds it when an outcome was posted (its notice follows its own setting) or a notice came in
        // a later round, may hold it when a notice ran in that same round, and is pending otherwise.
        var succeeded = new bool[payments.Length];
        for (var p = 0; p < payments.Length; p++)
        {
            var plan = s.Payments[p];
            var outcome = Outcomes[plan.Outcome];
            var steps = rounds.SelectMany((round, r) => round.Where(e => e.P == p).Select(e => (Round: r, e.Step))).ToList();
            var sets = steps.Where(e => e.Step is Step.Outcome or Step.Contrary or Step.Lost).ToList();
            var row = (await tables.Payments.GetEntityAsync<PaymentEntity>(payments[p].Id, PaymentEntity.Row)).Value;
            var gateway = (await sandbox.FindAsync(payments[p].Attempt, default))!.Status;
            var at = $"P{p} ({payments[p].Id}), steps {string.Join(" ", steps.Select(e => $"{e.Step}@r{e.Round}"))}";
            if (sets.Count == 0)
            {
                Assert.AreEqual(PaymentStatuses.Pending, gateway, at);
                Assert.AreEqual(PaymentStatuses.Pending, row.Status, at);
            }
            else
            {
                var first = sets.Min(e => e.Round);
                var possible = sets.Where(e => e.Round == first).Select(e => e.Step == Step.Contrary ? Opposite(outcome) : outcome).Distinct().ToList();
                CollectionAssert.Contains(possible, gateway, $"{at}: the gateway's outcome");
                var heard = steps.Any(e => e.Step is Step.Outcome or Step.Contrary) || steps.Any(e => e.Step == Step.Notice && e.Round > first);
                var mayHaveHeard = steps.Any(e => e.Step == Step.Notice && e.Round == first);
                if (heard) Assert.AreEqual(gateway, row.Status, $"{at}: the app heard the gateway");
                else if (mayHaveHeard) CollectionAssert.Contains(new[] { PaymentStatuses.Pending, gateway }, row.Status, at);
                else Assert.AreEqual(PaymentStatuses.Pending, row.Status, $"{at}: the app never heard");
            }
            succeeded[p] = row.Status == PaymentStatuses.Succeeded;
            Assert.AreEqual(succeeded[p], row.Credited, $"{at}: credited iff succeeded");
            Assert.AreEqual(PaymentStatuses.IsFinal(row.Status), row.CompletedAt is not null, $"{at}: completed iff final");
            var view = await (await client.GetAsync($"/api/payments/{payments[p].Id}")).AssertStatus(HttpStatusCode.OK);
            Assert.AreEqual(row.Status, view.GetProperty("status").GetString(), $"{at}: GET /payments/{{id}}");
        }

        // Each account: one payment entry per succeeded payment of it, of minus its item; the balance is the sum of the entries.
        var listed = (await (await client.GetAsync("/api/accounts")).AssertStatus(HttpStatusCode.OK)).GetProperty("items").EnumerateArray()
            .ToDictionary(a => a.GetProperty("id").GetString()!, a => a.GetProperty("balance").GetInt64());
        foreach (var account in accounts)
        {
            var expected = payments.Where((pay, p) => succeeded[p] && pay.Items.ContainsKey(account.Id))
                .ToDictionary(pay => "kabinet-" + pay.Id, pay => -pay.Items[account.Id]);
            var entries = await _app.RowsAsync<LedgerEntryEntity>(account.Id, LedgerEntryEntity.Prefix);
            var credited = entries.Where(e => e.Kind == LedgerKinds.Payment).ToList();
            var at = $"account {account.Id}: expected {string.Join(", ", expected.Select(e => $"{e.Key}={e.Value}"))}; " +
                $"found {string.Join(", ", credited.Select(e => $"{e.DocumentNumber}={e.Amount}"))}";
            Assert.AreEqual(expected.Count, credited.Count, at);
            foreach (var entry in credited)
            {
                Assert.IsTrue(expected.TryGetValue(entry.DocumentNumber ?? "", out var amount), $"{at}: {entry.DocumentNumber} is no succeeded payment of it");
                Assert.AreEqual(amount, entry.Amount, at);
                Assert.AreEqual(LedgerEntryEntity.RowFor(LedgerKinds.Payment, entry.DocumentNumber!), entry.RowKey, at);
            }
            Assert.AreEqual(expected.Values.Sum(), credited.Sum(e => e.Amount), $"{at}: Σ payment entries == −Σ succeeded items");
            var balance = (await _app.AccountAsync(account.Id)).Balance;
            Assert.AreEqual(entries.Sum(e => e.Amount), balance, $"{at}: Balance == Σ entries");
            Assert.AreEqual(Opening + expected.Values.Sum(), balance, $"{at}: Balance == opening − Σ succeeded items");
            Assert.AreEqual(balance, listed[account.Id], $"{at}: GET /accounts shows the balance");
        }
    }

    private static string Opposite(string outcome) => outcome == PaymentStatuses.Succeeded ? PaymentStatuses.Failed : PaymentStatuses.Succeeded;

    private static async Task<HttpResponseMessage> PayAsync(HttpClient client, object body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/payments")
        {
            Content = new StringContent(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }
}
