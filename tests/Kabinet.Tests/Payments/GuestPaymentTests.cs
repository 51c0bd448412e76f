using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Kabinet.Accounts;
using Kabinet.Billing;
using Kabinet.Payments;
using Kabinet.Payments.Guest;
using Kabinet.Payments.Receipts;
using Kabinet.Providers;
using Kabinet.Tests.Accounts;
using Kabinet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Kabinet.Tests.Payments;

/// <summary>
/// POST /api/payments/guest over HTTP against Azurite and MailDev: a matching last name pays the account (credited once the
/// sandbox succeeds) and the receipt goes to the guest's e-mail; an unknown account and a wrong name answer byte for byte alike;
/// failed tries are limited per client address and per account, counted first (parallel tries never pass the limits).
/// Each client comes from an address of its own (X-Forwarded-For) unless a test shares one.
/// </summary>
[TestClass]
public sealed class GuestPaymentTests
{
    private static readonly TestApp App = new();
    private static ProviderEntity _provider = null!;

    [ClassInitialize]
    public static async Task Start(TestContext _)
    {
        await App.Services.GetRequiredService<PaymentTables>().CreateAllAsync(CancellationToken.None);
        _provider = await AccountData.ProviderAsync();
    }

    [ClassCleanup]
    public static void Stop() => App.Dispose();

    private static object Body(SeededAccount account, string lastName = "Иванов", long amount = 10_000, string? email = null, string? number = null) =>
        new { providerId = account.ProviderId, accountNumber = number ?? account.Number, lastName, amount, email = email ?? TestUsers.NewEmail(), method = new { type = "card" } };

    private static Task<Reply> GuestAsync(HttpClient client, object body, string? key = null) =>
        client.SendAsync(null, HttpMethod.Post, "/api/payments/guest", body, idempotencyKey: key ?? Guid.NewGuid().ToString("N"));

    /// <summary>An account number nobody has (of the same provider).</summary>
    private static string UnknownNumber() => "99" + Random.Shared.NextInt64(100_000_000, 999_999_999);

    private static async Task<Reply[]> ParallelAsync(int count, Func<int, Task<Reply>> send) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Run(() => send(i))));

    private static void AssertNo5xx(IEnumerable<Reply> replies)
    {
        foreach (var r in replies) Assert.IsTrue((int)r.Status < 500, r.Describe());
    }

    /// <summary>The answer as a client sees it, but for the trace id (different on every request).</summary>
    private static string Seen(Reply reply)
    {
        var body = JsonNode.Parse(reply.Body.GetRawText())!.AsObject();
        body.Remove("traceId");
        return $"{(int)reply.Status} {reply.Raw.Content.Headers.ContentType} {body.ToJsonString()}";
    }

    [TestMethod]
    public async Task A_matching_last_name_pays_the_account_credits_it_and_mails_the_receipt_to_the_guest()
    {
        await SharedKabinetHost.GetAsync(); // it works the email queue
        var account = await AccountData.AccountAsync(_provider);
        var before = (await AccountData.ReadAccountAsync(account.Id)).Balance;
        var email = TestUsers.NewEmail();
        var number = account.Number[..5] + "-" + account.Number[5..].ToLowerInvariant() + " ";

        var created = await GuestAsync(App.NewClient(), new
        {
            providerId = account.ProviderId, accountNumber = number, lastName = "  иванов ", amount = 12_345, email = email.ToUpperInvariant(),
            method = new { type = "sbp" }, services = new[] { new { service = "electricity", amount = 12_000 }, new { service = "solid_waste", amount = 345 } },
        });

        Assert.AreEqual(HttpStatusCode.Created, created.Status, created.Describe());
        var id = created.Body.GetProperty("paymentId").GetString()!;
        Assert.AreEqual("pending", created.Body.GetProperty("status").GetString());
        Assert.AreEqual(12_345, created.Body.GetProperty("total").GetInt64());
        Assert.AreEqual($"/api/payments/sandbox/{id}", created.Body.GetProperty("confirmationUrl").GetString());
        Assert.IsNull(created.Raw.Headers.Location, "a guest has no payment to GET");
        var row = (await App.Services.GetRequiredService<PaymentTables>().Payments.GetEntityAsync<PaymentEntity>(id, PaymentEntity.Row)).Value;
        Assert.IsNull(row.UserId);
        Assert.AreEqual(email, row.GuestEmail, "normalised as sign-up normalises it");
        var item = JsonSerializer.Deserialize<List<PaymentItem>>(row.Items, JsonSerializerOptions.Web)!.Single();
        Assert.AreEqual(account.Id, item.AccountId);
        Assert.AreEqual(2, item.Services!.Count);

        Assert.AreEqual(HttpStatusCode.Unauthorized, (await App.NewClient().GetAsync($"/api/payments/{id}")).StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, (await App.NewClient().GetAsync($"/api/payments/sandbox/{id}")).StatusCode);
        var outcome = await App.NewClient().SendAsync(null, HttpMethod.Post, $"/api/payments/sandbox/{id}", new { outcome = "succeeded" });
        Assert.AreEqual("succeeded", outcome.Body.GetProperty("status").GetString(), outcome.Describe());

        var entries = await AccountData.Tables.Accounts
            .QueryAsync<LedgerEntryEntity>(e => e.PartitionKey == account.Id && e.Source == LedgerSources.Payments).ToListAsync();
        Assert.AreEqual(-12_345, entries.Single().Amount);
        Assert.AreEqual(before - 12_345, (await AccountData.ReadAccountAsync(account.Id)).Balance);

        // The receipt queue's function, invoked as the host invokes it (the shared host may have run it too: mailed once either way).
        await QueueInvocation.PostAsync(App.Client, PaymentReceiptQueue.FunctionName, new { paymentId = id });
        var mail = (await MailDev.FindBySubjectAsync("Квитанция об оплате " + id)).Single();
        Assert.AreEqual(email, mail.GetProperty("to").EnumerateArray().Single().GetProperty("address").GetString());
        StringAssert.Contains(mail.GetProperty("text").GetString(), account.Number);
    }

    [TestMethod]
    public async Task An_unknown_account_an_unknown_provider_and_a_wrong_name_answer_alike()
    {
        var account = await AccountData.AccountAsync(_provider);
        var email = TestUsers.NewEmail();

        var wrongName = await GuestAsync(App.NewClient(), Body(account, "Иванова", email: email));
        var unknownNumber = await GuestAsync(App.NewClient(), Body(account, "Иванов", email: email, number: UnknownNumber()));
        var unknownProvider = await GuestAsync(App.NewClient(), new
        {
            providerId = "no-such-provider", accountNumber = account.Number, lastName = "Иванов", amount = 10_000, email, method = new { type = "card" },
        });

        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, wrongName.Status, wrongName.Describe());
        Assert.AreEqual(GuestPaymentEndpoints.NotMatchedCode, wrongName.Code);
        Assert.AreEqual(Seen(wrongName), Seen(unknownNumber));
        Assert.AreEqual(Seen(wrongName), Seen(unknownProvider));
        Assert.IsFalse(wrongName.Body.TryGetProperty("errors", out _), "nothing names a field that was wrong");

        // One wrong try does not stop the right one.
        var right = await GuestAsync(App.NewClient(), Body(account, "ИВАНОВ", email: email));
        Assert.AreEqual(HttpStatusCode.Created, right.Status, right.Describe());
    }

    [TestMethod]
    public async Task One_client_gets_ten_failed_tries_an_hour_and_right_names_do_not_count()
    {
        var account = await AccountData.AccountAsync(_provider);
        var client = App.NewClient();

        for (var i = 0; i < 3; i++)
            Assert.AreEqual(HttpStatusCode.Created, (await GuestAsync(client, Body(account))).Status);
        for (var i = 0; i < GuestPaymentRules.ClientFailures; i++)
        {
            var wrong = await GuestAsync(client, Body(account, number: UnknownNumber()));
            Assert.AreEqual(GuestPaymentEndpoints.NotMatchedCode, wrong.Code, $"try {i + 1}: {wrong.Describe()}");
        }

        var refused = await GuestAsync(client, Body(account, number: UnknownNumber()));
        Assert.AreEqual(HttpStatusCode.TooManyRequests, refused.Status, refused.Describe());
        Assert.AreEqual(GuestPaymentEndpoints.ThrottledCode, refused.Code);
        var retryAfter = int.Parse(refused.Raw.Headers.RetryAfter!.ToString());
        Assert.IsTrue(retryAfter is > 0 and <= 3600, retryAfter.ToString());
        Assert.AreEqual(retryAfter, refused.Body.GetProperty("retryAfterSeconds").GetInt32());
        // Counted first: even the right name waits now; from another address it goes through.
        Assert.AreEqual(HttpStatusCode.TooManyRequests, (await GuestAsync(client, Body(account))).Status);
        Assert.AreEqual(HttpStatusCode.Created, (await GuestAsync(App.NewClient(), Body(account))).Status);
    }

    [TestMethod]
    public async Task Many_clients_get_five_failed_tries_a_day_on_one_account_whether_it_exists_or_not()
    {
        var account = await AccountData.AccountAsync(_provider);
        var unknown = UnknownNumber();

        foreach (var number in new[] { account.Number, unknown })
        {
            for (var i = 0; i < GuestPaymentRules.AccountFailures; i++)
            {
                var wrong = await GuestAsync(App.NewClient(), Body(account, "Петров", number: number));
                Assert.AreEqual(GuestPaymentEndpoints.NotMatchedCode, wrong.Code, $"{number}, try {i + 1}: {wrong.Describe()}");
            }
            var refused = await GuestAsync(App.NewClient(), Body(account, "Петров", number: number));
            Assert.AreEqual(HttpStatusCode.TooManyRequests, refused.Status, refused.Describe());
            Assert.AreEqual(GuestPaymentEndpoints.ThrottledCode, refused.Code);
            Assert.IsTrue(int.Parse(refused.Raw.Headers.RetryAfter!.ToString()) > 23 * 3600, "locked for a day");
        }

        var right = await GuestAsync(App.NewClient(), Body(account));
        Assert.AreEqual(HttpStatusCode.TooManyRequests, right.Status, "locked for everyone: " + right.Describe());
        // Another account of the same provider is not touched.
        var other = await AccountData.AccountAsync(_provider);
        Assert.AreEqual(HttpStatusCode.Created, (await GuestAsync(App.NewClient(), Body(other))).Status);
    }

    [TestMethod]
    public async Task Twenty_parallel_wrong_names_on_one_account_get_exactly_five_checked()
    {
        var account = await AccountData.AccountAsync(_provider);

        var replies = await ParallelAsync(20, i => GuestAsync(App.NewClient(), Body(account, "Сидоров" + i)));

        AssertNo5xx(replies);
        Assert.AreEqual(GuestPaymentRules.AccountFailures, replies.Count(r => r.Code == GuestPaymentEndpoints.NotMatchedCode), string.Join("\n", replies.Select(r => r.Describe())));
        Assert.AreEqual(20 - GuestPaymentRules.AccountFailures, replies.Count(r => r.Status == HttpStatusCode.TooManyRequests && r.Code == GuestPaymentEndpoints.ThrottledCode));
        Assert.AreEqual(HttpStatusCode.TooManyRequests, (await GuestAsync(App.NewClient(), Body(account))).Status);
    }

    [TestMethod]
    public async Task Twenty_parallel_guesses_from_one_client_get_exactly_ten_checked()
    {
        var account = await AccountData.AccountAsync(_provider);
        var address = TestApp.NewAddress();

        var replies = await ParallelAsync(20, _ => GuestAsync(App.NewClient(address), Body(account, number: UnknownNumber())));

        AssertNo5xx(replies);
        Assert.AreEqual(GuestPaymentRules.ClientFailures, replies.Count(r => r.Code == GuestPaymentEndpoints.NotMatchedCode), string.Join("\n", replies.Select(r => r.Describe())));
        Assert.AreEqual(20 - GuestPaymentRules.ClientFailures, replies.Count(r => r.Status == HttpStatusCode.TooManyRequests));
    }

    [TestMethod]
    public async Task A_repeated_key_replays_the_payment_and_starts_no_second_one()
    {
        var account = await AccountData.AccountAsync(_provider);
        var key = Guid.NewGuid().ToString("N");
        var email = TestUsers.NewEmail();
        var body = Body(account, email: email);

        var first = await GuestAsync(App.NewClient(), body, key);
        var again = await GuestAsync(App.NewClient(), body, key); // a retry may come from another address
        var other = await GuestAsync(App.NewClient(), Body(account, amount: 20_000), key);
        var keyless = await App.NewClient().SendAsync(null, HttpMethod.Post, "/api/payments/guest", body);

        Assert.AreEqual(HttpStatusCode.Created, first.Status, first.Describe());
        Assert.AreEqual(HttpStatusCode.Created, again.Status, again.Describe());
        Assert.AreEqual("true", again.Raw.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.AreEqual(first.Body.GetProperty("paymentId").GetString(), again.Body.GetProperty("paymentId").GetString());
        Assert.AreEqual(HttpStatusCode.Conflict, other.Status);
        Assert.AreEqual("request.idempotency_key_reused", other.Code);
        Assert.AreEqual(HttpStatusCode.BadRequest, keyless.Status);
        Assert.AreEqual("request.idempotency_key_required", keyless.Code);
        var payments = await App.Services.GetRequiredService<PaymentTables>().Payments
            .QueryAsync<PaymentEntity>(p => p.RowKey == PaymentEntity.Row && p.GuestEmail == email)
            .ToListAsync();
        Assert.AreEqual(1, payments.Count);
    }

    [TestMethod]
    public async Task Bad_requests_name_their_fields_and_take_no_try()
    {
        var account = await AccountData.AccountAsync(_provider);
        var client = App.NewClient();
        var email = TestUsers.NewEmail();
        object Valid(Action<JsonObject> change)
        {
            var body = JsonSerializer.SerializeToNode(Body(account, email: email))!.AsObject();
            change(body);
            return body;
        }

        var cases = new (object Body, string Field, string Code)[]
        {
            (Valid(b => b.Remove("email")), "email", "payment.guest_email_required"),
            (Valid(b => b["email"] = "not-an-email"), "email", "auth.email_invalid"),
            (Valid(b => b["amount"] = 0), "amount", "payment.amount_invalid"),
            (Valid(b => b["amount"] = -500), "amount", "payment.amount_invalid"),
            (Valid(b => b.Remove("amount")), "amount", "payment.amount_invalid"),
            (Valid(b => b["amount"] = PaymentRules.MaxItemKopecks + 1), "amount", "payment.amount_too_large"),
            (Valid(b => b["services"] = new JsonArray(new JsonObject { ["service"] = "electricity", ["amount"] = 1 })), "services", "payment.services_sum_mismatch"),
            (Valid(b => b.Remove("lastName")), "lastName", "payment.guest_last_name_required"),
            (Valid(b => b["lastName"] = "Иван\nов"), "lastName", "payment.guest_last_name_invalid"),
            (Valid(b => b.Remove("providerId")), "providerId", "account.provider_required"),
            (Valid(b => b["accountNumber"] = " - "), "accountNumber", "account.number_invalid"),
            (Valid(b => b["method"] = new JsonObject { ["type"] = "cash" }), "method", "payment.method_invalid"),
        };
        foreach (var (body, field, code) in cases)
        {
            var reply = await GuestAsync(client, body);
            Assert.AreEqual(HttpStatusCode.UnprocessableEntity, reply.Status, reply.Describe());
            Assert.AreEqual("request.validation_failed", reply.Code, reply.Describe());
            CollectionAssert.Contains(reply.Errors, (field, code), reply.Describe());
        }

        // Twelve refusals from one client, none of them a try: the right name still goes through.
        Assert.AreEqual(HttpStatusCode.Created, (await GuestAsync(client, Body(account))).Status);
    }

    [TestMethod]
    public async Task An_amount_above_the_providers_limit_is_refused_once_the_name_matched()
    {
        var provider = await AccountData.ProviderAsync();
        provider.MaxPaymentKopecks = 50_000;
        await AccountData.ProviderTables.Providers.UpsertEntityAsync(provider, TableUpdateMode.Replace);
        var account = await AccountData.AccountAsync(provider);

        var reply = await GuestAsync(App.NewClient(), Body(account, amount: 50_001));

        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, reply.Status, reply.Describe());
        CollectionAssert.Contains(reply.Errors, ("amount", "payment.amount_too_large"), reply.Describe());
        Assert.AreEqual(HttpStatusCode.Created, (await GuestAsync(App.NewClient(), Body(account, amount: 50_000))).Status);
    }

    [TestMethod]
    public void The_last_name_matches_the_first_word_of_the_holder_case_yo_and_dashes_aside()
    {
        Assert.IsTrue(HolderNames.MatchesLastName("Иванов И. И.", " иванов "));
        Assert.IsTrue(HolderNames.MatchesLastName("Иванов Иван Иванович", "ИВАНОВ"));
        Assert.IsTrue(HolderNames.MatchesLastName("Ёлкин Пётр", "елкин"));
        Assert.IsTrue(HolderNames.MatchesLastName("Елкин Пётр", "Ёлкин"));
        Assert.IsTrue(HolderNames.MatchesLastName("Петрова-Водкина Анна", "петрова – водкина"));
        Assert.IsTrue(HolderNames.MatchesLastName("Йорк Анна", "Йорк".Normalize(System.Text.NormalizationForm.FormD)));
        Assert.IsFalse(HolderNames.MatchesLastName("Иванов Иван", "Иванова"));
        Assert.IsFalse(HolderNames.MatchesLastName("Иванов Иван", "Иван"));
        Assert.IsFalse(HolderNames.MatchesLastName("Иванов Иван", "Иванов Иван"));
        Assert.IsFalse(HolderNames.MatchesLastName("", "Иванов"));
        Assert.IsFalse(HolderNames.MatchesLastName("Иванов", "  "));
        Assert.IsFalse(HolderNames.MatchesLastName(null, null));
    }

    [TestMethod]
    public void The_rules_list_every_broken_field_under_the_requests_names()
    {
        var (_, errors) = GuestPaymentRules.Validate(new GuestPaymentRequest(null, null, null, null, null, null, null, null));
        CollectionAssert.AreEquivalent(new[]
        {
            ("providerId", "account.provider_required"), ("accountNumber", "account.number_required"), ("lastName", "payment.guest_last_name_required"),
            ("email", "payment.guest_email_required"), ("method", "payment.method_invalid"), ("amount", "payment.amount_invalid"),
        }, errors.Select(e => (e.Field, e.Code)).ToArray());

        var (input, none) = GuestPaymentRules.Validate(new GuestPaymentRequest(" p1 ", " 55-01 ", " Иванов ", 100,
            [new PaymentServiceRequest("electricity", 100)], " A@Example.com ", new PaymentMethodRequest("card"), null));
        Assert.AreEqual(0, none.Count);
        Assert.AreEqual(AccountIds.For("p1", "5501"), input.AccountId);
        Assert.AreEqual("a@example.com", input.Email);
        Assert.AreEqual("Иванов", input.LastName);
        Assert.AreEqual(input.AccountId, input.Payment.Items!.Single().AccountId);
        Assert.AreNotEqual(GuestPaymentRules.AccountKey(AccountIds.For("p1", "5501")), GuestPaymentRules.AccountKey(AccountIds.For("p1", "5502")));
    }
}
