using Azure;
using Azure.Data.Tables;
using Kabinet.Platform.Storage;

namespace Kabinet.Auth;

/// <summary>Pure sliding-window counting over a list of event times.</summary>
public static class SlidingWindow
{
    public static List<long> Recent(string events, DateTimeOffset now, TimeSpan window)
    {
        var since = (now - window).ToUnixTimeSeconds();
        return events.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(e => long.TryParse(e, out var t) ? t : 0).Where(t => t > since).ToList();
    }

    public static string Append(List<long> recent, DateTimeOffset now) =>
        string.Join(' ', recent.Append(now.ToUnixTimeSeconds()).TakeLast(64));
}

/// <summary>
/// Counters and locks in Table storage, so every instance sees the same state.
/// Updates use the entity's ETag; a lost race re-reads and tries again.
/// </summary>
public sealed class Throttle(AuthTables tables, TimeProvider clock)
{
    public async Task<DateTimeOffset?> LockedUntilAsync(string key, CancellationToken ct)
    {
        key = TableKeys.Escape(key);
        var entity = await tables.Throttle.GetEntityIfExistsAsync<ThrottleEntity>(key, "", cancellationToken: ct);
        var until = entity.HasValue ? entity.Value!.LockedUntil : null;
        return until > clock.GetUtcNow() ? until : null;
    }

    public async Task<int> CountAsync(string key, TimeSpan window, CancellationToken ct)
    {
        key = TableKeys.Escape(key);
        var entity = await tables.Throttle.GetEntityIfExistsAsync<ThrottleEntity>(key, "", cancellationToken: ct);
        return entity.HasValue ? SlidingWindow.Recent(entity.Value!.Events, clock.GetUtcNow(), window).Count : 0;
    }

    /// <summary>Records one event; when the window then holds <paramref name="limit"/> events, locks the key for <paramref name="lockFor"/>.</summary>
    public async Task<int> RecordAsync(string key, TimeSpan window, int limit, TimeSpan? lockFor, CancellationToken ct)
    {
        key = TableKeys.Escape(key);
        for (var attempt = 0; ; attempt++)
        {
            var now = clock.GetUtcNow();
            var existing = await tables.Throttle.GetEntityIfExistsAsync<ThrottleEntity>(key, "", cancellationToken: ct);
            var entity = existing.HasValue ? existing.Value! : new ThrottleEntity { PartitionKey = key };
            var recent = SlidingWindow.Recent(entity.Events, now, window);
            entity.Events = SlidingWindow.Append(recent, now);
            var count = recent.Count + 1;
            if (lockFor is { } duration && count >= limit) entity.LockedUntil = now + duration;
            try
            {
                if (existing.HasValue) await tables.Throttle.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, ct);
                else await tables.Throttle.AddEntityAsync(entity, ct);
                return count;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < 10) { }
        }
    }

    public Task ClearAsync(string key, CancellationToken ct) =>
        tables.Throttle.DeleteEntityAsync(TableKeys.Escape(key), "", ETag.All, ct);
}
