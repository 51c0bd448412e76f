using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Kabinet.Accounts;
using Kabinet.Auth;
using Kabinet.Billing;
using Kabinet.Operators;
using Kabinet.Payments.Cards;
using Kabinet.Providers;

namespace Kabinet.Payments;

/// <summary>
/// What became of a new payment's request: the payment, or a rule it broke — a shape error, an account not linked, a saved card
/// not the payer's, or a payer with no confirmed contact for the receipt.
/// </summary>
public sealed record NewPayment(PaymentEntity? Payment, List<PaymentRuleError> Errors, string? NotLinked, string? CardNotFound = null, bool ContactRequired = false);

/// <summary>The request's items priced against their accounts' providers, or the limits they broke.</summary>
public sealed record PricedItems(List<PaymentItem> Items, Dictionary<string, ProviderEntity> Providers, List<PaymentRuleError> Errors);

/// <summary>A payment ready to record: who pays (a user, or a guest's e-mail for the receipt), the priced items, and how.</summary>
public sealed record PaymentStart(string? UserId, string? GuestEmail, IReadOnlyList<PaymentItem> Items, IReadOnlyDictionary<string, ProviderEntity> Providers,
    string Method, string? ReturnUrl, string? CardId = null, string? CardToken = null, bool SaveCard = false);

/// <summary>
/// The payment flow: record first, then ask the gateway; a notice is only a hint — the gateway is asked again and its answer
/// applied forward-only under the payment's ETag; a success credits each item once (the ledger entry's key).
/// </summary>
public sealed class PaymentFlow(PaymentTables tables, AccountTables accounts, AccountLinks links, ProviderCache providers, SavedCards cards, Users users,
    IEnumerable<IPaymentGateway> gateways, IEnumerable<IPaymentOutcome> outcomes, TimeProvider clock, ILogger<PaymentFlow> log)
{
    private const int Attempts = 10;

    public IPaymentGateway? Gateway(string name) => gateways.FirstOrDefault(g => g.Name == name);

    /// <summary>Whether a gateway takes new payments (none is configured: 503 <c>payment.unavailable</c>).</summary>
    public bool CanPay => gateways.Any();

    public const string UnavailableCode = "payment.unavailable";

    /// <summary>A signed-in payer's payment of linked accounts, by card, SBP or one of the payer's saved cards.</summary>
    public async Task<NewPayment> CreateAsync(string userId, PaymentRequest request, CancellationToken ct)
    {
        var errors = PaymentRules.Validate(request);
        if (errors.Count > 0) return new(null, errors, null);
        if (await users.FindAsync(userId, ct) is not { } payer || !PaymentRules.HasReceiptContact(payer)) return new(null, [], null, ContactRequired: true);
        var method = request.Method!;
        SavedCardEntity? card = null;
        // Only the payer's own card, at the gateway new payments go to; it is charged when the payer confirms it there.
        if (method.Type == PaymentRules.SavedCard
            && ((card = await cards.FindAsync(userId, method.CardId, ct)) is null || card.Gateway != gateways.First().Name))
            return new(null, [], null, CardNotFound: method.CardId);
        // Every item's link and account at once: up to 10 items, two reads each.
        var linked = await Task.WhenAll(request.Items!.Select(i => LinkedAccountAsync(userId, i.AccountId, ct)));
        for (var i = 0; i < linked.Length; i++)
            if (linked[i] is null) return new(null, [], request.Items![i].AccountId);
        var priced = await PriceAsync(request, linked!, ct);
        if (priced.Errors.Count > 0) return new(null, priced.Errors, null);
        return new(await StartAsync(new PaymentStart(userId, null, priced.Items, priced.Providers, method.Type!, request.ReturnUrl,
            card?.RowKey, card?.Token, request.SavesCard), ct), [], null);
    }

    /// <summary>
    /// The request's items against their accounts (in the same order, already found and allowed): each provider's limit and
    /// commission.
    /// </summary>
    public async Task<PricedItems> PriceAsync(PaymentRequest request, IReadOnlyList<AccountEntity> found, CancellationToken ct)
    {
        var errors = new List<PaymentRuleError>();
        var items = new List<PaymentItem>();
        var byProvider = new Dictionary<string, ProviderEntity>();
        for (var i = 0; i < found.Count; i++)
        {
            var asked = request.Items![i];
            var account = found[i];
            if (!byProvider.TryGetValue(account.ProviderId, out var provider))
                byProvider[account.ProviderId] = provider = await providers.ProviderAsync(account.ProviderId, ct) ?? new ProviderEntity { RowKey = account.ProviderId };
            var amount = asked.Amount!.Value;
            if (!PaymentRules.WithinLimit(amount, provider)) errors.Add(new($"items[{i}].amount", "payment.amount_too_large"));
            items.Add(new PaymentItem(account.PartitionKey, account.ProviderId, account.Number, amount,
                PaymentRules.Commission(amount, provider),
                asked.Services is { Count: > 0 } s ? s.Select(x => new PaymentServiceAmount(x.Service!, x.Amount!.Value)).ToList() : null));
        }
        return new(items, byProvider, errors);
    }

    /// <summary>Records the payment (and the payer's row), then creates it at the gateway under the attempt's idempotency key.</summary>
    public async Task<PaymentEntity> StartAsync(PaymentStart start, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var day = BillPlanner.LocalDate(now, start.Providers.Values.First().TimeZone);
        var gateway = gateways.First();
        var payment = new PaymentEntity
        {
            PartitionKey = Guid.NewGuid().ToString("N"), UserId = start.UserId, GuestEmail = start.GuestEmail, Gateway = gateway.Name,
            Method = start.Method, CardId = start.CardId, SaveCard = start.SaveCard,
            AttemptId = Guid.NewGuid().ToString("N"), ReturnUrl = start.ReturnUrl,
            Amount = start.Items.Sum(i => i.Amount), Commission = start.Items.Sum(i => i.Commission),
            Items = JsonSerializer.Serialize(start.Items, JsonSerializerOptions.Web),
            Receipt = JsonSerializer.Serialize(PaymentPaperwork.Receipt(start.Items, day), JsonSerializerOptions.Web),
            PaymentOrders = JsonSerializer.Serialize(PaymentPaperwork.Orders(start.Items, start.Providers, day), JsonSerializerOptions.Web),
            CreatedAt = now, UpdatedAt = now, NextCheckAt = now.AddMinutes(5),
        };
        payment.Total = payment.Amount + payment.Commission;
        await Recheck.PaymentRecheck.ScheduleFirstAsync(tables, payment, ct);
        await tables.Payments.AddEntityAsync(payment, ct);
        if (start.UserId is { } userId)
            await tables.Payments.AddEntityAsync(new UserPaymentEntity
            {
                PartitionKey = UserPaymentEntity.PartitionFor(userId), RowKey = UserPaymentEntity.RowFor(now, payment.PartitionKey),
                PaymentId = payment.PartitionKey, Total = payment.Total, Amount = payment.Amount, CreatedAt = now,
                AccountIds = string.Join(',', start.Items.Select(i => i.AccountId)),
            }, ct);

        GatewayPayment answer;
        try
        {
            answer = await gateway.CreateAsync(new GatewayPaymentRequest(payment.AttemptId, payment.PartitionKey, payment.Total,
                "Оплата ЖКУ", payment.Method, start.CardToken, start.SaveCard, payment.ReturnUrl, payment.Receipt!, payment.PaymentOrders!), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The gateway may or may not have it: the re-check asks again with the same idempotency key.
            log.LogWarning(e, "Gateway {Gateway} did not answer for payment {PaymentId}", gateway.Name, payment.PartitionKey);
            return await ApplyAsync(payment.PartitionKey, new GatewayPayment("", PaymentStatuses.Unknown, null, null, null, null), ct);
        }
        return await ApplyAsync(payment.PartitionKey, answer, ct);
    }

    private async Task<AccountEntity?> LinkedAccountAsync(string userId, string? accountId, CancellationToken ct) =>
        AccountRules.IsWellFormedAccountId(accountId) && await links.FindAsync(userId, accountId!, ct) is not null ? await links.AccountAsync(accountId!, ct) : null;

    public Task<PaymentEntity?> FindAsync(string paymentId, CancellationToken ct) => tables.PaymentAsync(paymentId, ct);

    /// <summary>
    /// A gateway's notice: read (and checked) by the gateway, then the payment it names is read by its key and the gateway asked
    /// for the truth by the payment's own idempotency key — so a notice can only make the app look, never tell it what happened.
    /// Null, or the error code.
    /// </summary>
    public async Task<string?> NotifiedAsync(IPaymentGateway gateway, GatewayNotificationRequest request, CancellationToken ct)
    {
        var notice = gateway.ReadNotification(request);
        if (notice.Rejection is { } refused) return refused;
        if (await FindAsync(notice.PaymentId!, ct) is not { } payment || payment.Gateway != gateway.Name) return null;
        if (await gateway.GetAsync(payment.AttemptId, ct) is { } truth) await ApplyAsync(payment.PartitionKey, truth, ct, payment);
        return null;
    }

    /// <summary>Moves the payment forward to the gateway's status (never back), then credits and tells the outcomes. Safe to repeat.</summary>
    /// <param name="read">The payment as the caller just read it, so its first attempt needs no read of its own (the ETag guards a stale one).</param>
    public async Task<PaymentEntity> ApplyAsync(string paymentId, GatewayPayment answer, CancellationToken ct, PaymentEntity? read = null)
    {
        PaymentEntity payment;
        for (var attempt = 1; ; attempt++)
        {
            payment = attempt == 1 && read is not null ? read : (await FindAsync(paymentId, ct))!;
            var move = PaymentStatuses.CanMove(payment.Status, answer.Status);
            var fill = payment.ConfirmationUrl is null && answer.ConfirmationUrl is not null;
            var card = CardToSave(payment, answer, move);
            if (!move && !fill && card is null) break;
            var now = clock.GetUtcNow();
            // Saved before the payment records it (CardId): a lost race or a crash saves it again into the same row, and once
            // recorded a repeated notice never brings back a card the payer has deleted since.
            if (card is not null) payment.CardId = await cards.SaveAsync(payment.UserId!, payment.PartitionKey, payment.Gateway, card, ct);
            if (move)
            {
                payment.Status = answer.Status;
                payment.FailureCode = answer.FailureCode;
                if (PaymentStatuses.IsFinal(answer.Status)) { payment.CompletedAt = now; payment.NextCheckAt = null; }
            }
            if (answer.GatewayPaymentId.Length > 0) payment.GatewayPaymentId = answer.GatewayPaymentId;
            payment.ConfirmationUrl ??= answer.ConfirmationUrl;
            payment.SbpPayload ??= answer.SbpPayload;
            payment.UpdatedAt = now;
            try
            {
                payment.ETag = (await tables.Payments.UpdateEntityAsync(payment, payment.ETag, TableUpdateMode.Replace, ct)).Headers.ETag ?? payment.ETag;
                break;
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < Attempts)
            {
                await Task.Delay(Random.Shared.Next(5, 30 * attempt), ct);
            }
        }
        if (payment.Status == PaymentStatuses.Succeeded && !payment.Credited) payment = await CreditAsync(payment, ct);
        await MirrorAsync(payment, ct);
        return await TellAsync(payment, ct);
    }

    /// <summary>Tells the outcomes of a final payment once they have not all been told; safe to repeat.</summary>
    public async Task<PaymentEntity> TellAsync(PaymentEntity payment, CancellationToken ct)
    {
        if (!PaymentStatuses.IsFinal(payment.Status) || payment.ToldAt is not null) return payment;
        foreach (var outcome in outcomes) await outcome.OnFinalAsync(payment, ct);
        for (var attempt = 1; attempt <= Attempts && payment.ToldAt is null; attempt++)
        {
            payment.ToldAt = clock.GetUtcNow();
            try
            {
                var response = await tables.Payments.UpdateEntityAsync(payment, payment.ETag, TableUpdateMode.Replace, ct);
                payment.ETag = response.Headers.ETag ?? payment.ETag;
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                payment = (await FindAsync(payment.PartitionKey, ct))!;
            }
        }
        return payment;
    }

    /// <summary>The card the gateway saved for a payer who asked, once the payment succeeds — unless the payment already recorded it.</summary>
    private static GatewaySavedCard? CardToSave(PaymentEntity payment, GatewayPayment answer, bool move) =>
        payment is { SaveCard: true, CardId: null, UserId: not null } && answer is { Status: PaymentStatuses.Succeeded, Card: { } card }
        && (move || payment.Status == PaymentStatuses.Succeeded) ? card : null;

    private async Task<PaymentEntity> CreditAsync(PaymentEntity payment, CancellationToken ct)
    {
        var ledger = new ImportLedger(accounts.Accounts);
        var items = JsonSerializer.Deserialize<List<PaymentItem>>(payment.Items, JsonSerializerOptions.Web) ?? [];
        foreach (var item in items)
        {
            var provider = await providers.ProviderAsync(item.ProviderId, ct) ?? new ProviderEntity { RowKey = item.ProviderId };
            var day = BillPlanner.LocalDate(payment.CompletedAt ?? payment.CreatedAt, provider.TimeZone);
            var document = "kabinet-" + payment.PartitionKey;
            var entry = new LedgerEntryEntity
            {
                PartitionKey = item.AccountId, RowKey = LedgerEntryEntity.RowFor(LedgerKinds.Payment, document), Kind = LedgerKinds.Payment,
                Amount = -item.Amount, Date = day.ToString("yyyy-MM-dd"), Period = day.ToString("yyyy-MM"), DocumentNumber = document,
                Description = "Оплата через портал", Channel = "portal", Source = LedgerSources.Payments, RecordedAt = clock.GetUtcNow(),
            };
            // Written or Same (already credited by an earlier or parallel apply): either way credited once.
            await ledger.AppendAsync(item.AccountId, [new LedgerRow(entry)], ct);
        }
        for (var attempt = 1; ; attempt++)
        {
            if (payment.Credited) return payment;
            payment.Credited = true;
            try
            {
                payment.ETag = (await tables.Payments.UpdateEntityAsync(payment, payment.ETag, TableUpdateMode.Replace, ct)).Headers.ETag ?? payment.ETag;
                return payment;
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < Attempts)
            {
                payment = (await FindAsync(payment.PartitionKey, ct))!;
            }
        }
    }

    private async Task MirrorAsync(PaymentEntity payment, CancellationToken ct)
    {
        if (payment.UserId is null) return;
        var key = UserPaymentEntity.RowFor(payment.CreatedAt, payment.PartitionKey);
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var row = await tables.Payments.GetEntityIfExistsAsync<UserPaymentEntity>(UserPaymentEntity.PartitionFor(payment.UserId), key, cancellationToken: ct);
            if (!row.HasValue || row.Value!.Status == payment.Status || !PaymentStatuses.CanMove(row.Value.Status, payment.Status)) return;
            row.Value.Status = payment.Status;
            try
            {
                await tables.Payments.UpdateEntityAsync(row.Value, row.Value.ETag, TableUpdateMode.Replace, ct);
                return;
            }
            catch (RequestFailedException e) when (e.Status == 412) { }
        }
    }
}
