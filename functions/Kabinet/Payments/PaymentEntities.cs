using Azure;
using Azure.Data.Tables;

namespace Kabinet.Payments;

/// <summary>
/// payments: PK = payment id, RK = "payment". Recorded before the gateway is called; every later change is a replace under
/// its ETag, and <see cref="PaymentStatuses.CanMove"/> keeps the status moving forward only.
/// </summary>
public sealed class PaymentEntity : ITableEntity
{
    public const string Row = "payment";
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = Row;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    /// <summary>The signed-in payer; null for a guest payment.</summary>
    public string? UserId { get; set; }
    /// <summary>A guest payment: where the receipt goes.</summary>
    public string? GuestEmail { get; set; }
    /// <summary>One of <see cref="PaymentStatuses.All"/>.</summary>
    public string Status { get; set; } = PaymentStatuses.Pending;
    /// <summary>The gateway's name (sandbox, yookassa, …).</summary>
    public string Gateway { get; set; } = "";
    /// <summary>card, savedCard or sbp.</summary>
    public string Method { get; set; } = "";
    public string? CardId { get; set; }
    public bool SaveCard { get; set; }
    /// <summary>The id this attempt is known by at the gateway: the gateway's idempotency key is derived from it.</summary>
    public string AttemptId { get; set; } = "";
    /// <summary>The gateway's own id once it answered.</summary>
    public string? GatewayPaymentId { get; set; }
    public string? ConfirmationUrl { get; set; }
    /// <summary>SBP: the payment link / QR payload.</summary>
    public string? SbpPayload { get; set; }
    public string? ReturnUrl { get; set; }
    /// <summary>Kopecks: what the accounts get (Σ items).</summary>
    public long Amount { get; set; }
    /// <summary>Kopecks: the providers' commission, its own line.</summary>
    public long Commission { get; set; }
    /// <summary>Kopecks: Amount + Commission, what the card is charged.</summary>
    public long Total { get; set; }
    /// <summary>JSON of <see cref="PaymentItem"/>[].</summary>
    public string Items { get; set; } = "[]";
    /// <summary>JSON of the 54-FZ receipt data sent to the gateway.</summary>
    public string? Receipt { get; set; }
    /// <summary>JSON of the payment orders (one per provider) sent to the gateway for ГИС ЖКХ.</summary>
    public string? PaymentOrders { get; set; }
    public string? FailureCode { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    /// <summary>The re-check timer asks the gateway again at this time while pending or unknown.</summary>
    public DateTimeOffset? NextCheckAt { get; set; }
    public int Checks { get; set; }
    /// <summary>Every item is credited to its account's ledger (set after the credits, so a crash re-credits idempotently).</summary>
    public bool Credited { get; set; }
    /// <summary>
    /// When the outcomes (receipt, notices) of the final status were all told: a repeated notice then tells nobody again. Set
    /// after them, so a crash in between tells them again on the next apply or re-check — they are idempotent.
    /// </summary>
    public DateTimeOffset? ToldAt { get; set; }
    /// <summary>Blob name of the receipt PDF once rendered.</summary>
    public string? ReceiptBlob { get; set; }
}

/// <summary>One account's share of a payment; <see cref="Services"/> optionally splits it by service (seed 004 §5.1).</summary>
public sealed record PaymentItem(string AccountId, string ProviderId, string AccountNumber, long Amount, long Commission,
    IReadOnlyList<PaymentServiceAmount>? Services = null);

public sealed record PaymentServiceAmount(string Service, long Amount);

/// <summary>
/// payments: PK = "user|{userId}", RK = "{inverted ticks:D19}|{paymentId}" — a user's payments newest first (history, the
/// payer's list); Status mirrors the payment's, refreshed when it changes.
/// </summary>
public sealed class UserPaymentEntity : ITableEntity
{
    public const string Prefix = "user|";
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public string PaymentId { get; set; } = "";
    public string Status { get; set; } = PaymentStatuses.Pending;
    public long Total { get; set; }
    public long Amount { get; set; }
    /// <summary>Comma-separated account ids: the history shows a payment while one of them is selected.</summary>
    public string AccountIds { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }

    public static string PartitionFor(string userId) => Prefix + userId;
    public static string RowFor(DateTimeOffset createdAt, string paymentId) =>
        (DateTimeOffset.MaxValue.UtcTicks - createdAt.UtcTicks).ToString("D19") + "|" + paymentId;
}

public static class PaymentStatuses
{
    public const string Pending = "pending";
    /// <summary>The gateway did not answer: the re-check timer asks it.</summary>
    public const string Unknown = "unknown";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Canceled = "canceled";
    public static readonly string[] All = [Pending, Unknown, Succeeded, Failed, Canceled];

    public static bool IsFinal(string status) => status is Succeeded or Failed or Canceled;

    /// <summary>pending → unknown | final; unknown → final; final → nothing. A late or repeated notice never moves one back.</summary>
    public static bool CanMove(string from, string to) =>
        from != to && !IsFinal(from) && (to != Pending) && !(from == Unknown && to == Unknown);
}

/// <summary>
/// payments: PK = "check", RK = "{due ticks:D19}|{paymentId}" — a payment's next re-check, so the timer reads only what is due
/// (RowKey below now's ticks) instead of every payment. One per payment not yet final; the payment's
/// <see cref="PaymentEntity.NextCheckAt"/> names the live one (a row that disagrees is left over from a crash and dropped).
/// </summary>
public sealed class PaymentCheckEntity : ITableEntity
{
    public const string Partition = "check";
    public string PartitionKey { get; set; } = Partition;
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public string PaymentId { get; set; } = "";
    public DateTimeOffset DueAt { get; set; }

    public static string RowFor(DateTimeOffset dueAt, string paymentId) => DueBefore(dueAt) + "|" + paymentId;
    /// <summary>Every row due before <paramref name="at"/> sorts below this key.</summary>
    public static string DueBefore(DateTimeOffset at) => at.UtcTicks.ToString("D19");
}
