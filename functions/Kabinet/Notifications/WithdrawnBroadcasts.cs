using Azure.Data.Tables;
using Kabinet.Platform.Storage;

namespace Kabinet.Notifications;

/// <summary>Which broadcasts an operator has withdrawn: their notices disappear from every list and answer 404.</summary>
public static class WithdrawnBroadcasts
{
    public const string Partition = "broadcast";
    public const string Property = "Withdrawn";

    /// <summary>The withdrawn ones among <paramref name="broadcastIds"/>, each broadcast's row read once, in parallel.</summary>
    public static async Task<HashSet<string>> FindAsync(NotificationTables tables, IEnumerable<string?> broadcastIds, CancellationToken ct)
    {
        var ids = broadcastIds.OfType<string>().Where(id => TableKeys.IsSafe(id)).Distinct(StringComparer.Ordinal).ToList();
        var withdrawn = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (id, token) =>
        {
            var row = await tables.Broadcasts.GetEntityIfExistsAsync<TableEntity>(Partition, id, [Property], token);
            if (row.HasValue && row.Value!.GetBoolean(Property) == true) withdrawn.Add(id);
        });
        return [.. withdrawn];
    }

    public static async Task<bool> IsWithdrawnAsync(NotificationTables tables, string? broadcastId, CancellationToken ct) =>
        broadcastId is not null && (await FindAsync(tables, [broadcastId], ct)).Count > 0;
}
