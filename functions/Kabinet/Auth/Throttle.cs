using Azure;
using Azure.Data.Tables;
using Kabinet.Platform.Storage;

namespace Kabinet.Auth;

/// <summary>
/// Pure rules of a limit kept as numbered slots: at most <c>limit</c> events in any <c>window</c>. A slot is
/// free when it was never taken or was taken a window ago; once all of them were taken within one window,
/// the key is also locked until the newest one plus <c>lockFor</c>.
/// </summary>
public static class SlidingWindow
{
    /// <summary>Indices in [0, limit) that may be taken now.</summary>
    public static List<int> FreeSlots(IReadOnlyDictionary<int, DateTimeOffset> taken, int limit, TimeSpan window, DateTimeOffset now) =>
        Enumerable.Range(0, limit).Where(i => !taken.TryGetValue(i, out var at) || at <= now - window).ToList();

    /// <summary>When <paramref name="limit"/> slots were all taken within one window: the newest + <paramref name="lockFor"/>, if still ahead.</summary>
    public static DateTimeOffset? LockedUntil(IEnumerable<DateTimeOffset> taken, int limit, TimeSpan window, TimeSpan lockFor, DateTimeOffset now)
    {
        var newest = taken.OrderByDescending(t => t).Take(limit).ToList();
        if (limit <= 0 || newest.Count < limit || newest[0] - newest[^1] >= window) return null;
        var until = newest[0] + lockFor;
        return until > now ? until : null;
    }

    /// <summary>How long until a refused caller may try again: the lock's end, or when the oldest slot leaves the window.</summary>
    public static TimeSpan RetryAfter(IReadOnlyCollection<DateTimeOffset> taken, int limit, TimeSpan window, TimeSpan? lockFor, DateTimeOffset now)
    {
        var wait = lockFor is { } l && LockedUntil(taken, limit, window, l, now) is { } until
            ? until - now
            : taken.Count == 0 ? TimeSpan.Zero : taken.Min() + window - now;
        return wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait;
    }
}

/// <summary>throttle: PK = what is counted ("login:…", "send:…"), RK = "slot|NNN". One event of the limit.</summary>
public sealed class ThrottleSlotEntity : ITableEntity
{
    public const string Prefix = "slot|";
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public DateTimeOffset TakenAt { get; set; }
    /// <summary>What the event was about (e.g. a keyed hash of the login), for limits that count distinct things.</summary>
    public string? Tag { get; set; }

    public int Index => int.TryParse(RowKey.AsSpan(Prefix.Length), out var i) ? i : -1;
    public static string RowOf(int index) => Prefix + index.ToString("D3");
}

/// <summary>A slot this request holds: returned when the event turned out not to count (a success).</summary>
public sealed record ThrottleTicket(string PartitionKey, string RowKey, ETag ETag, DateTimeOffset TakenAt);

/// <summary>The decision on one event: a ticket when it is let through, otherwise how long to wait.</summary>
public sealed record ThrottleAnswer(ThrottleTicket? Ticket, TimeSpan RetryAfter)
{
    public bool Allowed => Ticket is not null;
}

/// <summary>
/// Limits in Table storage, so every instance sees the same state. Each limit counts first and decides
/// second: an event is let through only after it took one of the limit's numbered slots with one
/// conditional write (insert-if-absent, or replace-if-unchanged for a slot that left the window), so N
/// parallel requests never get more than the limit through. Losing every race answers "wait", never 500.
/// </summary>
public sealed class Throttle(AuthTables tables, TimeProvider clock)
{
    private const int Rounds = 3;

    /// <summary>Takes a slot of <paramref name="key"/>'s limit, or answers when one frees.</summary>
    public async Task<ThrottleAnswer> TakeAsync(string key, int limit, TimeSpan window, CancellationToken ct, TimeSpan? lockFor = null, string? tag = null)
    {
        var pk = TableKeys.Escape(key);
        for (var round = 0; round < Rounds; round++)
        {
            if (round > 0) await Task.Delay(Jitter(round), ct);
            var now = clock.GetUtcNow();
            var slots = (await SlotsAsync(pk, ct)).Where(s => s.Index >= 0 && s.Index < limit).ToDictionary(s => s.Index);
            var times = slots.Values.Select(s => s.TakenAt).ToList();
            if (lockFor is { } l && SlidingWindow.LockedUntil(times, limit, window, l, now) is { } until)
                return new(null, until - now);
            var free = SlidingWindow.FreeSlots(slots.ToDictionary(s => s.Key, s => s.Value.TakenAt), limit, window, now);
            if (free.Count == 0) return new(null, SlidingWindow.RetryAfter(times.Where(t => t > now - window).ToList(), limit, window, lockFor, now));
            // In random order, so parallel callers mostly go for different slots.
            foreach (var index in free.OrderBy(_ => Random.Shared.Next()))
            {
                var slot = new ThrottleSlotEntity
                {
                    PartitionKey = pk, RowKey = ThrottleSlotEntity.RowOf(index), TakenAt = now, Tag = tag,
                };
                try
                {
                    var written = slots.TryGetValue(index, out var old)
                        ? await tables.Throttle.UpdateEntityAsync(slot, old.ETag, TableUpdateMode.Replace, ct)
                        : await tables.Throttle.AddEntityAsync(slot, ct);
                    return new(new ThrottleTicket(pk, slot.RowKey, written.Headers.ETag ?? ETag.All, now), TimeSpan.Zero);
                }
                catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412) { } // someone else took it: the next one
            }
        }
        return new(null, TimeSpan.FromSeconds(1)); // lost every race: the limit is being used up right now
    }

    /// <summary>Gives a slot back: the event it counted turned out not to count.</summary>
    public async Task ReturnAsync(ThrottleTicket? ticket, CancellationToken ct)
    {
        if (ticket is null) return;
        try { await tables.Throttle.DeleteEntityAsync(ticket.PartitionKey, ticket.RowKey, ticket.ETag, CancellationToken.None); }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412) { }
    }

    /// <summary>Gives back this slot and every one taken before it (a success forgives the failures before it, not those still in flight).</summary>
    public async Task ForgiveAsync(ThrottleTicket? ticket, CancellationToken ct)
    {
        if (ticket is null) return;
        foreach (var slot in await SlotsAsync(ticket.PartitionKey, ct))
        {
            if (slot.RowKey != ticket.RowKey && slot.TakenAt >= ticket.TakenAt) continue;
            try { await tables.Throttle.DeleteEntityAsync(slot.PartitionKey, slot.RowKey, slot.ETag, CancellationToken.None); }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412) { }
        }
    }

    /// <summary>The slots of a key, each with the limit it was taken under.</summary>
    public async Task<List<ThrottleSlotEntity>> SlotsAsync(string escapedKey, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {escapedKey} and RowKey ge {ThrottleSlotEntity.Prefix} and RowKey lt {"slot}"}");
        var slots = new List<ThrottleSlotEntity>();
        await foreach (var slot in tables.Throttle.QueryAsync<ThrottleSlotEntity>(filter, cancellationToken: ct)) slots.Add(slot);
        return slots;
    }

    /// <summary>Forgets every event of the key.</summary>
    public async Task ClearAsync(string key, CancellationToken ct)
    {
        var pk = TableKeys.Escape(key);
        var rows = new List<TableEntity>();
        await foreach (var row in tables.Throttle.QueryAsync<TableEntity>(e => e.PartitionKey == pk, select: ["PartitionKey", "RowKey"], cancellationToken: ct))
            rows.Add(row);
        foreach (var row in rows)
        {
            try { await tables.Throttle.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, ct); }
            catch (RequestFailedException ex) when (ex.Status == 404) { }
        }
    }

    private static TimeSpan Jitter(int round) => TimeSpan.FromMilliseconds(Random.Shared.Next(5, 25) << round);
}
