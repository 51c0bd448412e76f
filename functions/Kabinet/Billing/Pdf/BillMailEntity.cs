using Azure;
using Azure.Data.Tables;

namespace Kabinet.Billing.Pdf;

/// <summary>
/// accounts: PK = account id, RK = "billmail|{period}|{userId}" — the bill of that period was mailed to that user. Inserted
/// (insert-if-absent) before the e-mail is queued, so a retried or repeated render mails nobody twice.
/// </summary>
public sealed class BillMailEntity : ITableEntity
{
    public const string Prefix = "billmail|";
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string To { get; set; } = "";
    public DateTimeOffset QueuedAt { get; set; }

    public static string RowFor(string period, string userId) => Prefix + period + "|" + userId;
}
