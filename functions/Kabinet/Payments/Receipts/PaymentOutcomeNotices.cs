using Kabinet.Notifications;
using Kabinet.Platform.Storage;
using Kabinet.Providers;

namespace Kabinet.Payments.Receipts;

/// <summary>
/// The paperwork of a final payment: succeeded → the receipt is queued (the queue function renders, stores, mails it and
/// raises the success notice); failed or canceled → the payer is told what to do. Repeats are harmless: the notice id comes
/// from the payment id, and the receipt's work is idempotent.
/// </summary>
public sealed class PaymentOutcomeNotices(WorkQueues queues, Notifier notifier, ProviderCache providers) : IPaymentOutcome
{
    public async Task OnFinalAsync(PaymentEntity payment, CancellationToken ct)
    {
        if (payment.Status == PaymentStatuses.Succeeded)
        {
            await queues.SendAsync(PaymentReceiptQueue.QueueName, new PaymentReceiptMessage(payment.PartitionKey), ct);
            return;
        }
        if (payment.Status is not (PaymentStatuses.Failed or PaymentStatuses.Canceled) || payment.UserId is not { Length: > 0 } userId) return;
        var zone = await ZoneAsync(payment, providers, ct);
        await notifier.RaiseAsync(PaymentNotices.Failed(payment.PartitionKey, payment.Total, payment.Status == PaymentStatuses.Canceled, zone), NoticeFor.User(userId), ct);
    }

    /// <summary>The first item's provider's zone (null: the default).</summary>
    public static async Task<string?> ZoneAsync(PaymentEntity payment, ProviderCache providers, CancellationToken ct)
    {
        var first = ReceiptModel.Items(payment).FirstOrDefault();
        return first is null ? null : (await providers.ProviderAsync(first.ProviderId, ct))?.TimeZone;
    }
}
