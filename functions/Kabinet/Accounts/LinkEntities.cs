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
    /// <summary>The row key of the <see cref="CountSlotEntity"/> this link holds (null for links made before the slots).</summary>
    public string? Slot { get; set; }

    public string UserId => PartitionKey;
    public string AccountId => RowKey;
}

/// <summary>
/// accounts: PK = account id, RK = "user|{user id}". Mirrors the link in the account's own partition, so the delivery
/// rule reads one partition and <see cref="LinkedAccount"/> learns that the caller linked the account from the same query
/// that reads the account. Written after the link, deleted before it.
/// </summary>
public sealed class AccountUserEntity : ITableEntity
{
    public const string Prefix = "user|";
    public static string RowFor(string userId) => Prefix + userId;

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
    /// <summary>The row key of the <see cref="CountSlotEntity"/> this group holds (null for groups made before the slots).</summary>
    public string? Slot { get; set; }

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

/// <summary>
/// links or groups: PK = user id, RK = "slot|NN". One of the user's numbered places for a link (10) or a
/// group (30). It is inserted (insert-if-absent) before the row that holds it and deleted after it: two
/// parallel requests can never hold the same place, so the count never passes the limit.
/// </summary>
public sealed class CountSlotEntity : ITableEntity
{
    public const string Prefix = "slot|";
    /// <summary>The first key after every slot key.</summary>
    public const string End = "slot}";
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    /// <summary>The account id or group id that holds it.</summary>
    public string HeldBy { get; set; } = "";

    public int Index => int.TryParse(RowKey.AsSpan(Prefix.Length), out var i) ? i : -1;
    public static string RowOf(int index) => Prefix + index.ToString("D2");
}

/// <summary>Pure rules of the numbered places.</summary>
public static class CountSlots
{
    /// <summary>A place without its row for this long was left behind by a request that failed half-way: it may be taken over.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Places that may be taken: the first <paramref name="limit"/> less one per row held without a place
    /// (made before the places existed), minus the busy ones. The index range itself is the bound, so
    /// requests deciding on the same state never take more than the room there is.
    /// </summary>
    public static List<int> Free(int limit, IReadOnlyCollection<int> busy, int unslotted) =>
        Enumerable.Range(0, Math.Max(0, limit - unslotted)).Where(i => !busy.Contains(i)).ToList();

    /// <summary>
    /// Busy places (held by a live row, or taken within <see cref="Grace"/> by a request still adding its row),
    /// and how many live rows hold none.
    /// </summary>
    public static (HashSet<int> Busy, int Unslotted) Holders(IEnumerable<(string Id, string? Slot)> rows, IReadOnlyCollection<CountSlotEntity> slots, DateTimeOffset now)
    {
        var byKey = slots.ToDictionary(s => s.RowKey);
        var busy = slots.Where(s => s.Timestamp is not { } t || t > now - Grace).Select(s => s.Index).ToHashSet();
        var unslotted = 0;
        foreach (var (id, slot) in rows)
        {
            if (slot is not null && byKey.TryGetValue(slot, out var s) && s.HeldBy == id) busy.Add(s.Index);
            else unslotted++;
        }
        return (busy, unslotted);
    }
}
