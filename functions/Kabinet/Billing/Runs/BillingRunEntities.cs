using Azure;
using Azure.Data.Tables;

namespace Kabinet.Billing;

/// <summary>
/// billingruns: PK = "run", RK = run id "{period}.{providerId}" — one run per provider and period, so starting it again
/// (the timer, an operator, a retry) finds the same run and goes on with it.
/// </summary>
public sealed class BillingRunEntity : ITableEntity
{
    public const string Partition = "run";
    public string PartitionKey { get; set; } = Partition;
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string ProviderId { get; set; } = "";
    public string Period { get; set; } = "";
    /// <summary>timer or operator (with the operator's user id in StartedBy).</summary>
    public string Trigger { get; set; } = "operator";
    public string? StartedBy { get; set; }
    /// <summary>The run's instant: every bill of the run is issued at it, so a run started again issues the same bills.</summary>
    public DateTimeOffset StartedAt { get; set; }
    /// <summary>Set once the accounts are split into slices (their rows are written first).</summary>
    public int? SliceCount { get; set; }
    public int? AccountsTotal { get; set; }
    /// <summary>Slices recorded complete: each slice adds one, once (its CompletedAt moves from null only once).</summary>
    public int SlicesDone { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    /// <summary>Parked accounts an operator released and billing then closed.</summary>
    public int Released { get; set; }

    public string RunId => RowKey;
}

/// <summary>billingruns: PK = run id, RK = "slice|00001": the accounts one message closes, and what became of them.</summary>
public sealed class BillingSliceEntity : ITableEntity
{
    public const string Prefix = "slice|";
    public const string End = "slice}";
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    /// <summary>The account ids, comma-separated.</summary>
    public string AccountIds { get; set; } = "";
    public int? Done { get; set; }
    public int? Parked { get; set; }
    public int? Failed { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }

    public static string RowFor(int slice) => Prefix + slice.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
    public string[] Accounts() => AccountIds.Split(',', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>billingparked: PK = provider id, RK = account id — an account billing skipped, and why, until an operator releases it.</summary>
public sealed class ParkedAccountEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string AccountNumber { get; set; } = "";
    public string Period { get; set; } = "";
    public string RunId { get; set; } = "";
    /// <summary>A stable code, e.g. billing.tariff_missing.</summary>
    public string Reason { get; set; } = "";
    /// <summary>JSON with the details (meter, zone, values) an operator needs to fix the data.</summary>
    public string? Details { get; set; }
    public DateTimeOffset ParkedAt { get; set; }

    public string AccountId => RowKey;
}

/// <summary>A message on billing-runs: split the run's accounts into slices and queue them.</summary>
public sealed record BillingRunMessage(string RunId)
{
    public const string QueueName = "billing-runs";
}

/// <summary>A message on billing-slices: close the accounts of one slice.</summary>
public sealed record BillingSliceMessage(string RunId, int Slice)
{
    public const string QueueName = "billing-slices";
}
