using Azure.Data.Tables;

namespace Kabinet.Billing;

/// <summary>
/// The periods being closed right now ("{providerId}|{period}" of every unfinished run), for the readings hook
/// <see cref="Readings.ReadingCalendar.IsClosing"/>. One query of the runs' partition at most every few seconds per instance;
/// a run this instance starts or finishes shows at once.
/// </summary>
public sealed class ClosingPeriods(BillingTables tables, TimeProvider clock)
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(10);
    private readonly object _gate = new();
    private (HashSet<string> Set, DateTimeOffset At)? _snapshot;

    public static string Key(string providerId, string period) => providerId + "|" + period;

    public async Task<IReadOnlySet<string>> CurrentAsync(CancellationToken ct)
    {
        lock (_gate)
            if (_snapshot is { } s && clock.GetUtcNow() - s.At < Fresh) return s.Set;
        var set = new HashSet<string>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {BillingRunEntity.Partition}");
        await foreach (var run in tables.Runs.QueryAsync<BillingRunEntity>(filter,
            select: [nameof(BillingRunEntity.ProviderId), nameof(BillingRunEntity.Period), nameof(BillingRunEntity.FinishedAt)], cancellationToken: ct))
            if (run.FinishedAt is null) set.Add(Key(run.ProviderId, run.Period));
        lock (_gate) _snapshot = (set, clock.GetUtcNow());
        return set;
    }

    /// <summary>A run started or finished here: the next question reads the table again.</summary>
    public void Changed()
    {
        lock (_gate) _snapshot = null;
    }
}
