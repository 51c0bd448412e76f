using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Kabinet.Accounts;
using Kabinet.Auth;
using Kabinet.Platform.Storage;

namespace Kabinet.Notifications;

/// <summary>
/// The two steps of a broadcast, each a queue function safe to run twice. Resolve turns the audience into sorted, deduplicated
/// chunks of user ids (written before the broadcast row says how many, so a second run finds them or makes the same ones) and
/// queues one message per chunk. A chunk writes its users' notices under the broadcast's deduplication key (a row already there
/// is the same notice, never a second one), records how many are in the app, and queues their delivery, which skips what is sent.
/// </summary>
public sealed class BroadcastFanOut(NotificationTables tables, AuthTables auth, AccountTables accounts, Notifier notifier, WorkQueues queues,
    ILogger<BroadcastFanOut> log)
{
    private const int Parallelism = 16;

    public async Task<BroadcastEntity?> GetAsync(string id, CancellationToken ct)
    {
        if (!BroadcastIds.IsWellFormed(id)) return null;
        var found = await tables.Broadcasts.GetEntityIfExistsAsync<BroadcastEntity>(BroadcastEntity.Partition, id, cancellationToken: ct);
        return found.HasValue ? found.Value : null;
    }

    public async Task<BroadcastAudience> AudienceAsync(BroadcastEntity b, CancellationToken ct)
    {
        if (b.AudienceKind == BroadcastAudience.KindAll) return new(All: true);
        if (b.AudienceKind == BroadcastAudience.KindProvider) return new(ProviderId: b.ProviderId);
        var row = await tables.Broadcasts.GetEntityIfExistsAsync<TableEntity>(b.BroadcastId, BroadcastAudienceEntity.Row, cancellationToken: ct);
        var ids = row.HasValue ? System.Text.Json.JsonSerializer.Deserialize<List<string>>(BroadcastAudienceEntity.Json(row.Value!)) ?? [] : [];
        return b.AudienceKind == BroadcastAudience.KindAccounts ? new(AccountIds: ids) : new(UserIds: ids);
    }

    public async Task ResolveAsync(string id, CancellationToken ct)
    {
        var b = await GetAsync(id, ct);
        if (b is null || b.Withdrawn) return;
        if (b.ChunkCount is not { } count)
        {
            var chunks = BroadcastRules.Chunks(await UsersAsync(b, ct));
            // The chunks first: a run that stops before the count is set leaves rows the next run overwrites with the same.
            var rows = chunks.Select((users, n) => new TableTransactionAction(TableTransactionActionType.UpsertMerge,
                new BroadcastChunkEntity { PartitionKey = id, RowKey = BroadcastChunkEntity.RowFor(n), UserIds = BroadcastRules.Compact(users) })).ToList();
            foreach (var batch in rows.Chunk(100)) await tables.Broadcasts.SubmitTransactionAsync(batch, ct);
            var size = chunks.Sum(c => c.Length);
            var result = await tables.Broadcasts.UpdateWithRetryAsync<BroadcastEntity>(BroadcastEntity.Partition, id, r =>
            {
                if (r.ChunkCount is not null) return false;
                (r.ChunkCount, r.AudienceSize, r.ResolvedAt) = (chunks.Count, size, DateTimeOffset.UtcNow);
                return true;
            }, ct, current: b);
            if (result.Entity is not { } now || now.Withdrawn) return;
            count = now.ChunkCount ?? chunks.Count;
            log.LogInformation("Broadcast {BroadcastId} resolved to {Users} users in {Chunks} chunks", id, size, count);
        }
        // Every chunk not yet in the app (all of them the first time) is queued; a chunk queued twice writes nothing twice.
        var done = new HashSet<string>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {id} and RowKey ge {BroadcastChunkEntity.Prefix} and RowKey lt {BroadcastChunkEntity.End}");
        await foreach (var row in tables.Broadcasts.QueryAsync<TableEntity>(filter, select: ["RowKey", "InApp"], cancellationToken: ct))
            if (row.GetInt32("InApp") is not null) done.Add(row.RowKey);
        var pending = Enumerable.Range(0, count).Where(n => !done.Contains(BroadcastChunkEntity.RowFor(n)));
        await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (n, token) =>
            await queues.SendAsync(BroadcastChunkMessage.QueueName, new BroadcastChunkMessage(id, n), token));
    }

    /// <summary>Writes the chunk's notices, counts them, queues their delivery. Nothing once withdrawn.</summary>
    public async Task ChunkAsync(string id, int chunk, CancellationToken ct)
    {
        var b = await GetAsync(id, ct);
        if (b is null || b.Withdrawn || chunk < 0 || chunk >= (b.ChunkCount ?? 0)) return;
        var found = await tables.Broadcasts.GetEntityIfExistsAsync<BroadcastChunkEntity>(id, BroadcastChunkEntity.RowFor(chunk), cancellationToken: ct);
        if (!found.HasValue) return;
        var row = found.Value!;
        var draft = b.Draft();
        // The broadcast's own time: a retried chunk makes the very rows the first run made.
        var notices = row.Users().Select(u => draft.ToEntity(u, b.TimeZone, b.CreatedAt)).ToList();
        await notifier.WriteAsync(notices, ct);
        // Every row is now there, written by this run or an earlier one: the count is absolute.
        await tables.Broadcasts.UpdateWithRetryAsync<BroadcastChunkEntity>(id, row.RowKey, r =>
        {
            if (r.InApp == notices.Count) return false;
            r.InApp = notices.Count;
            return true;
        }, ct, current: row);
        await notifier.QueueDeliveryAsync([.. notices.Select(n => new NoticeRef(n.UserId, n.NoticeId))], id, chunk, ct);
    }

    private async Task<IEnumerable<string>> UsersAsync(BroadcastEntity b, CancellationToken ct)
    {
        switch (b.AudienceKind)
        {
            case BroadcastAudience.KindAll:
            {
                var users = new List<string>();
                var filter = TableClient.CreateQueryFilter($"RowKey eq {UserEntity.Row}");
                await foreach (var u in auth.Users.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "Role", "DeletedAt"], cancellationToken: ct))
                    if (u.GetDateTimeOffset("DeletedAt") is null && (u.GetString("Role") ?? Roles.Customer) == Roles.Customer) users.Add(u.PartitionKey);
                return users;
            }
            case BroadcastAudience.KindProvider:
            {
                var ids = new List<string>();
                var filter = TableClient.CreateQueryFilter($"PartitionKey eq {b.ProviderId}");
                await foreach (var a in accounts.AccountIndex.QueryAsync<TableEntity>(filter, select: ["AccountId"], cancellationToken: ct))
                    if (a.GetString("AccountId") is { Length: > 0 } accountId) ids.Add(accountId);
                return await LinkedAsync(ids.Distinct(StringComparer.Ordinal), ct);
            }
            case BroadcastAudience.KindAccounts:
                return await LinkedAsync((await AudienceAsync(b, ct)).Ids.Where(a => TableKeys.IsSafe(a)), ct);
            default:
            {
                var users = new ConcurrentBag<string>();
                await Parallel.ForEachAsync((await AudienceAsync(b, ct)).Ids, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (u, token) =>
                {
                    if (!TableKeys.IsSafe(u)) return;
                    var found = await auth.Users.GetEntityIfExistsAsync<TableEntity>(u, UserEntity.Row, select: ["DeletedAt"], cancellationToken: token);
                    if (found.HasValue && found.Value!.GetDateTimeOffset("DeletedAt") is null) users.Add(u);
                });
                return users;
            }
        }
    }

    private async Task<IEnumerable<string>> LinkedAsync(IEnumerable<string> accountIds, CancellationToken ct)
    {
        var users = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(accountIds, new ParallelOptions { MaxDegreeOfParallelism = Parallelism * 2, CancellationToken = ct }, async (a, token) =>
        {
            foreach (var u in await notifier.LinkedUsersAsync(a, token)) users.Add(u);
        });
        return users;
    }
}
