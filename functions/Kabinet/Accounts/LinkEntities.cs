using Azure;
using Azure.Data.Tables;

namespace Kabinet.Accounts;

// A user's side of personal accounts: which accounts they linked (with their own alias, group and
// bill-delivery choice), who linked an account, and the user's groups.

/// <summary>links: PK = user id, RK = account id. The user's own view of an account they proved is theirs.</summary>
public sealed class LinkEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string ProviderId { get; set; } = "";
    public string Number { get; set; } = "";
    public string? Alias { get; set; }
    /// <summary>One of the user's group ids, or "all" (the virtual group "Все").</summary>
    public string GroupId { get; set; } = Groups.All;
    /// <summary>This user's choice: paper or email.</summary>
    public string BillDelivery { get; set; } = BillDeliveries.Paper;
    /// <summary>The proof that linked it: lastPayment, meterSerial or lastBill.</summary>
    public string ProofMethod { get; set; } = "";
    public DateTimeOffset LinkedAt { get; set; }

    public string UserId => PartitionKey;
    public string AccountId => RowKey;
}

/// <summary>accountusers: PK = account id, RK = user id. Mirrors the link, so the account's delivery rule reads one partition.</summary>
public sealed class AccountUserEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string BillDelivery { get; set; } = BillDeliveries.Paper;
    public DateTimeOffset LinkedAt { get; set; }
}

/// <summary>groups: PK = user id, RK = group id. A user's named group of accounts.</summary>
public sealed class GroupEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Name { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }

    public string GroupId => RowKey;
}

/// <summary>
/// groups: PK = user id, RK = "name|{hash of the case-folded name}". Claims a group name within the user's
/// partition; it is written in the same transaction as its group, so two groups never share a name.
/// </summary>
public sealed class GroupNameEntity : ITableEntity
{
    public const string Prefix = "name|";
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string GroupId { get; set; } = "";
}
