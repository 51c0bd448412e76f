using Azure;
using Azure.Data.Tables;
using Kabinet.Auth;
using Kabinet.Email;

namespace Kabinet.Payments.Receipts;

/// <summary>
/// payments: PK = payment id, RK = "receiptmail" — the receipt was mailed. Inserted (insert-if-absent) before the e-mail is
/// queued, so a retried or repeated render mails it once.
/// </summary>
public sealed class ReceiptMailEntity : ITableEntity
{
    public const string Row = "receiptmail";
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = Row;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public string To { get; set; } = "";
    public DateTimeOffset QueuedAt { get; set; }
}

/// <summary>The receipt e-mail: a short text in the payer's language with the PDF attached.</summary>
public static class ReceiptMail
{
    public static EmailMessage For(ReceiptModel r, string to, string language, string attachment)
    {
        var accounts = string.Join(", ", r.Accounts.Select(a => a.AccountNumber));
        if (language == Languages.English)
            return new EmailMessage(to, $"Payment receipt {r.PaymentId}",
                $"Hello,\n\nyour payment of {ReceiptLayout.Money(r.Total)} (accounts {accounts}) succeeded. The receipt is attached (PDF).\n", Attachments: [attachment]);
        return new EmailMessage(to, $"Квитанция об оплате {r.PaymentId}",
            $"Здравствуйте!\n\nОплата {ReceiptLayout.Money(r.Total)} по лицевым счетам {accounts} прошла. Квитанция во вложении (PDF).\n", Attachments: [attachment]);
    }
}
