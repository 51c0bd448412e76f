namespace Kabinet.Payments.Receipts;

/// <summary>A message on <c>payment-receipts</c>: render, store and mail this succeeded payment's receipt (the RenderPaymentReceipts function).</summary>
public sealed record PaymentReceiptMessage(string PaymentId);

public static class PaymentReceiptQueue
{
    public const string QueueName = "payment-receipts";
    public const string FunctionName = "RenderPaymentReceipts";
}
