using Azure;
using Azure.Storage.Blobs;
using Kabinet.Accounts;
using Kabinet.Auth;
using Kabinet.Email;
using Kabinet.Notifications;
using Kabinet.Platform.Storage;
using Kabinet.Providers;

namespace Kabinet.Payments.Receipts;

/// <summary>
/// The receipts of succeeded payments in Blob storage (container <c>receipts</c>, blob <c>{paymentId}.pdf</c>), the receipt
/// e-mail and the success notice. A succeeded payment never changes, so its receipt is the same page every time it is drawn.
/// </summary>
public sealed class PaymentReceipts(PaymentTables payments, AccountTables accounts, ProviderCache providers, BlobServiceClient blobs, Users users,
    WorkQueues queues, Notifier notifier, TimeProvider clock, ILogger<PaymentReceipts> log)
{
    public const string Container = "receipts";

    public static string BlobName(string paymentId) => paymentId + ".pdf";

    public static string AttachmentPath(string paymentId) => Container + "/" + BlobName(paymentId);

    public Task<PaymentEntity?> PaymentAsync(string paymentId, CancellationToken ct) => payments.PaymentAsync(paymentId, ct);

    public async Task<ReceiptModel> ModelAsync(PaymentEntity payment, UserEntity? payer, CancellationToken ct)
    {
        var items = ReceiptModel.Items(payment);
        var known = new Dictionary<string, ProviderEntity?>();
        var addresses = new Dictionary<string, string?>();
        foreach (var item in items)
        {
            if (!known.ContainsKey(item.ProviderId)) known[item.ProviderId] = await providers.ProviderAsync(item.ProviderId, ct);
            if (!addresses.ContainsKey(item.AccountId)) addresses[item.AccountId] = await AddressAsync(item.AccountId, ct);
        }
        var name = payer is null ? null : string.Join(" ", new[] { payer.LastName, payer.FirstName, payer.MiddleName }.Where(p => !string.IsNullOrWhiteSpace(p)));
        var who = ReceiptModel.PayerName(name, payer?.Email ?? payment.GuestEmail, payer?.Phone);
        return ReceiptModel.Build(payment, p => known.GetValueOrDefault(p), a => addresses.GetValueOrDefault(a), who);
    }

    private async Task<string?> AddressAsync(string accountId, CancellationToken ct)
    {
        if (!TableKeys.IsSafe(accountId)) return null;
        var found = await accounts.Accounts.GetEntityIfExistsAsync<AccountEntity>(accountId, AccountEntity.Row, cancellationToken: ct);
        return found.HasValue ? found.Value?.Address : null;
    }

    /// <summary>The stored PDF, or null when it is not stored (yet).</summary>
    public Task<byte[]?> StoredAsync(string paymentId, CancellationToken ct) => blobs.ReadIfExistsAsync(Container, BlobName(paymentId), ct);

    /// <summary>Renders the receipt, stores it (overwriting) and records its blob on the payment.</summary>
    public async Task<byte[]> RenderAndStoreAsync(PaymentEntity payment, ReceiptModel model, CancellationToken ct)
    {
        var pdf = ReceiptPdf.Render(model);
        await blobs.WriteAsync(Container, BlobName(payment.PartitionKey), pdf, ReceiptPdf.ContentType, ct);
        await RecordBlobAsync(payment, BlobName(payment.PartitionKey), ct);
        return pdf;
    }

    /// <summary>Sets <see cref="PaymentEntity.ReceiptBlob"/> under the row's ETag, re-reading on 412; nothing else of the row changes.</summary>
    private async Task RecordBlobAsync(PaymentEntity payment, string name, CancellationToken ct)
    {
        var row = payment;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (row.ReceiptBlob == name) return;
            row.ReceiptBlob = name;
            try
            {
                var response = await payments.Payments.UpdateEntityAsync(row, row.ETag, Azure.Data.Tables.TableUpdateMode.Replace, ct);
                row.ETag = response.Headers.ETag ?? row.ETag;
                return;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                if (await PaymentAsync(payment.PartitionKey, ct) is not { } fresh) return;
                row = fresh;
            }
        }
        throw new InvalidOperationException($"The receipt blob of payment {payment.PartitionKey} could not be recorded: the row kept changing.");
    }

    public sealed record Outcome(bool Rendered, bool Mailed, string? Skipped = null);

    /// <summary>The queue function's work: render and store the receipt, mail it once, raise the success notice once.</summary>
    public async Task<Outcome> RenderAndMailAsync(string paymentId, CancellationToken ct)
    {
        if (await PaymentAsync(paymentId, ct) is not { } payment) return new(false, false, "no such payment");
        if (payment.Status != PaymentStatuses.Succeeded) return new(false, false, "the payment has not succeeded");
        var payer = payment.UserId is { Length: > 0 } userId ? await users.FindAsync(userId, ct) : null;
        var model = await ModelAsync(payment, payer, ct);
        await RenderAndStoreAsync(payment, model, ct);

        var to = payer is null ? (payment.UserId is null ? payment.GuestEmail : null) : payer is { EmailConfirmed: true, Email.Length: > 0 } ? payer.Email : null;
        var mailed = to is { Length: > 0 } && await MailOnceAsync(model, to, payer?.Language ?? Languages.Russian, ct);
        if (payer is not null)
        {
            var zone = await PaymentOutcomeNotices.ZoneAsync(payment, providers, ct);
            await notifier.RaiseAsync(PaymentNotices.Succeeded(paymentId, model.Total, [.. model.Accounts.Select(a => a.AccountNumber)], zone), NoticeFor.User(payer.UserId), ct);
        }
        return new(true, mailed);
    }

    private Task<bool> MailOnceAsync(ReceiptModel model, string to, string language, CancellationToken ct) =>
        MailOnce.SendAsync(payments.Payments, new ReceiptMailEntity { PartitionKey = model.PaymentId, To = to, QueuedAt = clock.GetUtcNow() },
            ReceiptMail.For(model, to, language, AttachmentPath(model.PaymentId)), queues, log, ct);
}
