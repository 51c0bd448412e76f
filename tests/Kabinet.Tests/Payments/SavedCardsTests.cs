using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Kabinet.Auth;
using Kabinet.Payments;
using Kabinet.Payments.Cards;
using Kabinet.Tests.Billing;
using Kabinet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Kabinet.Tests.Payments;

[TestClass]
public sealed class SavedCardsTests
{
    private static BillingApp _app = null!;
    private const string Secret = "dev-sandbox-webhook-secret";

    [ClassInitialize]
    public static async Task Start(TestContext _) => _app = await BillingApp.StartAsync(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));

    [ClassCleanup]
    public static void Stop() => _app.Dispose();

    private static PaymentTables Tables => _app.Services.GetRequiredService<PaymentTables>();

    private static async Task<(TestUser User, HttpClient Client, SeededBillingAccount Account)> PayerAsync()
    {
        var payer = await PaymentsApi.PayerAsync(_app);
        return (payer.User, payer.Client, payer.Account);
    }

    private static Task<HttpResponseMessage> PayAsync(HttpClient client, string accountId, long amount, object method) =>
        PaymentsApi.PayAsync(client, PaymentsApi.One(accountId, amount, method));

    private static async Task<string> CreatedAsync(HttpClient client, string accountId, long amount, object method) =>
        (await (await PayAsync(client, accountId, amount, method)).AssertStatus(HttpStatusCode.Created)).GetProperty("paymentId").GetString()!;

    private static async Task SucceedAsync(string paymentId) =>
        await (await _app.NewClient().Post($"/api/payments/sandbox/{paymentId}", new { outcome = "succeeded" })).AssertStatus(HttpStatusCode.OK);

    private static async Task<PaymentEntity> PaymentAsync(string paymentId) => (await Tables.Payments.GetEntityAsync<PaymentEntity>(paymentId, PaymentEntity.Row)).Value;

    private static async Task<List<SavedCardEntity>> StoredCardsAsync(string userId)
    {
        var rows = new List<SavedCardEntity>();
        await foreach (var row in Tables.Cards.QueryAsync<SavedCardEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {userId}"))) rows.Add(row);
        return rows;
    }

    private static async Task<(List<JsonElement> Items, string Text)> ListAsync(HttpClient client)
    {
        var response = await client.GetAsync("/api/payments/cards");
        var text = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, text);
        return (JsonDocument.Parse(text).RootElement.GetProperty("items").EnumerateArray().Select(e => e.Clone()).ToList(), text);
    }

    /// <summary>Pays with saveCard and succeeds: the payer's one saved card's id.</summary>
    private static async Task<string> SavedCardAsync(HttpClient client, string accountId, long amount)
    {
        await SucceedAsync(await CreatedAsync(client, accountId, amount, new { type = "card", saveCard = true }));
        var (items, _) = await ListAsync(client);
        Assert.AreEqual(1, items.Count);
        return items[0].GetProperty("id").GetString()!;
    }

    private static async Task NotifyAsync(string paymentId)
    {
        var attempt = (await PaymentAsync(paymentId)).AttemptId;
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { paymentId, idempotencyKey = attempt, status = "succeeded" }));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/payments/gateways/sandbox/callback") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(Secret, _app.Time.GetUtcNow().ToUnixTimeSeconds(), body));
        await (await _app.NewClient().SendAsync(request)).AssertStatus(HttpStatusCode.OK);
    }

    [TestMethod]
    public async Task A_saved_card_is_listed_masked_paid_with_only_on_the_payers_action_and_deleted()
    {
        var (user, client, account) = await PayerAsync();
        var before = (await _app.AccountAsync(account.Id)).Balance;
        var first = await CreatedAsync(client, account.Id, 1_000, new { type = "card", saveCard = true });
        Assert.AreEqual(0, (await ListAsync(client)).Items.Count, "not saved before the payment succeeds");
        await SucceedAsync(first);

        var (items, text) = await ListAsync(client);
        Assert.AreEqual(1, items.Count);
        var card = items[0];
        Assert.AreEqual("4242 •••• •••• 4242", card.GetProperty("masked").GetString());
        Assert.AreEqual("12/30", card.GetProperty("expiry").GetString());
        Assert.IsTrue(card.TryGetProperty("createdAt", out _));
        Assert.IsFalse(card.TryGetProperty("token", out _));
        var cardId = card.GetProperty("id").GetString()!;
        var stored = (await StoredCardsAsync(user.Id)).Single();
        StringAssert.StartsWith(stored.Token, "sbx-card-");
        Assert.AreEqual(SandboxGateway.GatewayName, stored.Gateway);
        Assert.IsFalse(text.Contains(stored.Token), "the token never leaves the app");
        Assert.AreEqual(cardId, (await PaymentAsync(first)).CardId, "the payment records the card it saved");

        // Paying with it starts a payment the payer confirms at the gateway: nothing is charged before.
        var created = await (await PayAsync(client, account.Id, 2_000, new { type = "savedCard", cardId })).AssertStatus(HttpStatusCode.Created);
        var second = created.GetProperty("paymentId").GetString()!;
        Assert.AreEqual("pending", created.GetProperty("status").GetString());
        Assert.AreEqual($"/api/payments/sandbox/{second}", created.GetProperty("confirmationUrl").GetString());
        Assert.IsFalse(created.ToString().Contains(stored.Token));
        Assert.AreEqual(before - 1_000, (await _app.AccountAsync(account.Id)).Balance);
        var payment = await PaymentAsync(second);
        Assert.AreEqual("savedCard", payment.Method);
        Assert.AreEqual(cardId, payment.CardId);
        var sent = (await Tables.Sandbox.GetEntityAsync<SandboxPaymentEntity>(payment.AttemptId, SandboxPaymentEntity.Row)).Value;
        Assert.AreEqual(stored.Token, JsonDocument.Parse(sent.Request).RootElement.GetProperty("cardToken").GetString());
        var view = await client.GetAsync($"/api/payments/{second}");
        Assert.IsFalse((await view.Content.ReadAsStringAsync()).Contains(stored.Token));

        await SucceedAsync(second);
        Assert.AreEqual(before - 3_000, (await _app.AccountAsync(account.Id)).Balance);
        Assert.AreEqual(1, (await ListAsync(client)).Items.Count, "paying with a saved card saves no other");

        await (await client.DeleteAsync($"/api/payments/cards/{cardId}")).AssertStatus(HttpStatusCode.NoContent);
        Assert.AreEqual(0, (await ListAsync(client)).Items.Count);
        Assert.AreEqual(0, (await StoredCardsAsync(user.Id)).Count);
        await (await client.DeleteAsync($"/api/payments/cards/{cardId}")).AssertProblem(HttpStatusCode.NotFound, PaymentErrors.CardNotFound);
        await (await PayAsync(client, account.Id, 100, new { type = "savedCard", cardId })).AssertProblem(HttpStatusCode.NotFound, PaymentErrors.CardNotFound);
    }

    [TestMethod]
    public async Task Another_payer_can_neither_see_nor_delete_nor_pay_with_a_card()
    {
        var (_, owner, ownAccount) = await PayerAsync();
        var cardId = await SavedCardAsync(owner, ownAccount.Id, 500);
        var (otherUser, other, otherAccount) = await PayerAsync();

        Assert.AreEqual(0, (await ListAsync(other)).Items.Count);
        await (await other.DeleteAsync($"/api/payments/cards/{cardId}")).AssertProblem(HttpStatusCode.NotFound, PaymentErrors.CardNotFound);
        var refused = await (await PayAsync(other, otherAccount.Id, 100, new { type = "savedCard", cardId })).AssertProblem(HttpStatusCode.NotFound, PaymentErrors.CardNotFound);
        Assert.AreEqual(cardId, refused.GetProperty("cardId").GetString());
        Assert.AreEqual(0, await UserPaymentsAsync(otherUser.Id), "nothing recorded");
        Assert.AreEqual(1, (await ListAsync(owner)).Items.Count, "the owner's card stays");
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await _app.NewClient().GetAsync("/api/payments/cards")).StatusCode);

        // Ids that are no card id never reach a table key.
        foreach (var bad in new[] { "%23", "user%7Cx", "a%2Fb", new string('a', 300) })
            await (await owner.DeleteAsync($"/api/payments/cards/{bad}")).AssertProblem(HttpStatusCode.NotFound, PaymentErrors.CardNotFound);
        await (await PayAsync(owner, ownAccount.Id, 100, new { type = "savedCard", cardId = "x|y" })).AssertProblem(HttpStatusCode.NotFound, PaymentErrors.CardNotFound);
    }

    [TestMethod]
    public async Task Repeated_notices_save_the_card_once_and_never_bring_a_deleted_one_back()
    {
        var (user, client, account) = await PayerAsync();
        var id = await CreatedAsync(client, account.Id, 700, new { type = "card", saveCard = true });
        // The gateway knows the outcome, the app not yet: every notice races to apply it and save the card.
        var sandbox = _app.Services.GetRequiredService<SandboxGateway>();
        await sandbox.SetOutcomeAsync((await sandbox.FindAsync((await PaymentAsync(id)).AttemptId, default))!, PaymentStatuses.Succeeded, default);
        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => NotifyAsync(id)));
        var cards = await StoredCardsAsync(user.Id);
        Assert.AreEqual(1, cards.Count);
        Assert.AreEqual(id, cards[0].RowKey);

        await (await client.DeleteAsync($"/api/payments/cards/{cards[0].RowKey}")).AssertStatus(HttpStatusCode.NoContent);
        await NotifyAsync(id);
        Assert.AreEqual(0, (await StoredCardsAsync(user.Id)).Count);
    }

    [TestMethod]
    public async Task Only_a_succeeded_payment_that_asked_saves_a_card()
    {
        var (user, client, account) = await PayerAsync();
        var failed = await CreatedAsync(client, account.Id, 100, new { type = "card", saveCard = true });
        await (await _app.NewClient().Post($"/api/payments/sandbox/{failed}", new { outcome = "failed" })).AssertStatus(HttpStatusCode.OK);
        await SucceedAsync(await CreatedAsync(client, account.Id, 100, new { type = "card" }));
        await SucceedAsync(await CreatedAsync(client, account.Id, 100, new { type = "card", saveCard = false }));
        Assert.AreEqual(0, (await StoredCardsAsync(user.Id)).Count);
    }

    [TestMethod]
    public async Task The_method_names_its_card_rightly()
    {
        var (_, client, account) = await PayerAsync();
        CollectionAssert.Contains(await (await PayAsync(client, account.Id, 100, new { type = "savedCard" })).AssertValidation("method.cardId"), "payment.card_required");
        CollectionAssert.Contains(await (await PayAsync(client, account.Id, 100, new { type = "sbp", saveCard = true })).AssertValidation("method.saveCard"), "payment.save_card_invalid");
        CollectionAssert.Contains(await (await PayAsync(client, account.Id, 100, new { type = "savedCard", cardId = Guid.NewGuid().ToString("N"), saveCard = true }))
            .AssertValidation("method.saveCard"), "payment.save_card_invalid");
        CollectionAssert.Contains(await (await PayAsync(client, account.Id, 100, new { type = "card", cardId = Guid.NewGuid().ToString("N") }))
            .AssertValidation("method.cardId"), "payment.card_id_invalid");
        await (await PayAsync(client, account.Id, 100, new { type = "savedCard", cardId = Guid.NewGuid().ToString("N") }))
            .AssertProblem(HttpStatusCode.NotFound, PaymentErrors.CardNotFound);
    }

    [TestMethod]
    public async Task A_payer_without_a_confirmed_contact_cannot_pay_until_one_is_confirmed()
    {
        var (user, client, account) = await PayerAsync();
        var users = _app.Services.GetRequiredService<Users>();
        // Minted with a confirmed phone: unconfirmed now, an e-mail given but not confirmed.
        await users.UpdateAsync(user.Id, u => { u.PhoneConfirmed = false; u.Email = TestUsers.NewEmail(); u.EmailConfirmed = false; return true; }, default);
        await (await PayAsync(client, account.Id, 100, new { type = "card" })).AssertProblem(HttpStatusCode.UnprocessableEntity, PaymentErrors.ContactRequired);
        Assert.AreEqual(0, await UserPaymentsAsync(user.Id), "nothing recorded");

        await users.UpdateAsync(user.Id, u => { u.EmailConfirmed = true; return true; }, default);
        await CreatedAsync(client, account.Id, 100, new { type = "card" });
        Assert.AreEqual(1, await UserPaymentsAsync(user.Id));
    }

    private static async Task<int> UserPaymentsAsync(string userId)
    {
        var count = 0;
        await foreach (var _ in Tables.Payments.QueryAsync<UserPaymentEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {UserPaymentEntity.PartitionFor(userId)}"))) count++;
        return count;
    }

    [TestMethod]
    public async Task Deleting_the_profile_deletes_its_saved_cards()
    {
        var (user, client, account) = await PayerAsync();
        var id = await CreatedAsync(client, account.Id, 1_000, new { type = "card", saveCard = true });
        await SucceedAsync(id);
        Assert.HasCount(1, await StoredCardsAsync(user.Id));

        var deleted = await client.SendAsync(user, HttpMethod.Delete, "/api/profile", new { password = user.Password });

        Assert.AreEqual(HttpStatusCode.NoContent, deleted.Status);
        Assert.IsEmpty(await StoredCardsAsync(user.Id), "no gateway token outlives the profile");
    }
}
