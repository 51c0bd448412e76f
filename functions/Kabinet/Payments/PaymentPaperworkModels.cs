namespace Kabinet.Payments;

// What goes to the gateway with every payment, and is stored with it (PaymentEntity.Receipt, PaymentEntity.PaymentOrders).

/// <summary>The 54-FZ receipt: who gets it and one item per account and service.</summary>
public sealed record ReceiptData(string? Email, string? Phone, IReadOnlyList<ReceiptItem> Items);

/// <summary>
/// One receipt line. <see cref="VatCode"/> as YooKassa numbers them (1 none, … see VatRates); <see cref="PaymentSubject"/>
/// "service" (commission: "agent_commission"), <see cref="PaymentMode"/> "full_payment". Amount in kopecks, quantity 1.
/// </summary>
public sealed record ReceiptItem(string Description, long Amount, int VatCode, string PaymentSubject, string PaymentMode,
    string ProviderId, string AccountNumber, string? Service);

/// <summary>
/// The payment order ГИС ЖКХ receives, one per provider in the payment: the recipient's requisites, purpose, account number,
/// the period paid for, and the amount (kopecks).
/// </summary>
public sealed record PaymentOrderData(string ProviderId, string RecipientName, string Inn, string Kpp, string BankName, string Bic,
    string CorrespondentAccount, string SettlementAccount, string AccountNumber, string Period, string Purpose, long Amount);

/// <summary>
/// Told once a payment reached a final state (succeeded, failed, canceled) and, when succeeded, after every item was credited.
/// Implementations must be safe to call more than once for the same payment (a crash between the write and the call repeats it).
/// </summary>
public interface IPaymentOutcome
{
    Task OnFinalAsync(PaymentEntity payment, CancellationToken ct);
}
