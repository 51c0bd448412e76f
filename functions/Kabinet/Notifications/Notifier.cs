using Azure;
using Azure.Data.Tables;
using Kabinet.Accounts;
using Kabinet.Platform.Storage;
using Kabinet.Providers;

namespace Kabinet.Notifications;

/// <summary>
/// The one call every feature raises a notice with (<see cref="RaiseAsync"/>). The notice is written first, under an id
/// derived from the deduplication key, so a second raise of the same event finds it and writes nothing; delivery is queued
/// after, for new and found notices alike (a raise that stopped between the two still gets delivered), and the delivery
/// skips every channel a notice has already gone out on.
/// </summary>
public sealed class Notifier(NotificationTables tables, AccountTables accounts, ProviderCache providers, WorkQueues queues, TimeProvider clock)
{
    public sealed record Raised(IReadOnlyList<NoticeRef> Written, IReadOnlyList<NoticeRef> AlreadyThere);

    public async Task<Raised> RaiseAsync(NoticeDraft draft, NoticeFor to, CancellationToken ct)
    {
        var accountId = to.AccountId ?? draft.AccountId;
        // The account is read for its provider's zone and, unless the caller knows them, to find its users.
        var account = accountId is null || (draft.TimeZone is not null && (to.UserId is not null || to.Linked is not null)) ? null : await AccountAsync(accountId, ct);
        var users = to.UserId is { } one ? [one] : to.Linked is { } known ? [.. known] : account is null ? [] : await LinkedUsersAsync(accountId!, ct);
        var zone = draft.TimeZone ?? (account is null ? null : (await providers.ProviderAsync(account.ProviderId, ct))?.TimeZone) ?? NoticeDraft.DefaultTimeZone;
        var now = clock.GetUtcNow();
        var rows = users.Select(u => (draft with { AccountId = accountId }).ToEntity(u, zone, now)).ToList();
        var written = await WriteAsync(rows, ct);
        if (draft.Deliver) await QueueDeliveryAsync([.. rows.Select(r => new NoticeRef(r.UserId, r.NoticeId))], null, null, ct);
        var writtenSet = written.ToHashSet();
        return new Raised(written, [.. rows.Select(r => new NoticeRef(r.UserId, r.NoticeId)).Where(r => !writtenSet.Contains(r))]);
    }

    /// <summary>Inserts the rows in parallel; returns those that were new (a row already there was raised before).</summary>
    public async Task<IReadOnlyList<NoticeRef>> WriteAsync(IReadOnlyList<NoticeEntity> rows, CancellationToken ct)
    {
        var written = new System.Collections.Concurrent.ConcurrentBag<NoticeRef>();
        await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (row, token) =>
        {
            try
            {
                await tables.Notices.AddEntityAsync(row, token);
                written.Add(new NoticeRef(row.UserId, row.NoticeId));
            }
            catch (RequestFailedException ex) when (ex.Status == 409) { }
        });
        return [.. written];
    }

    /// <summary>Queues delivery in messages of at most <see cref="NoticeDelivery.MaxItems"/> notices.</summary>
    public async Task QueueDeliveryAsync(IReadOnlyList<NoticeRef> items, string? broadcastId, int? chunk, CancellationToken ct)
    {
        foreach (var part in items.Chunk(NoticeDelivery.MaxItems))
            await queues.SendAsync(NoticeDelivery.QueueName, new NoticeDelivery(part, BroadcastId: broadcastId, Chunk: chunk), ct);
    }

    private async Task<AccountEntity?> AccountAsync(string accountId, CancellationToken ct)
    {
        if (!TableKeys.IsSafe(accountId)) return null;
        var found = await accounts.Accounts.GetEntityIfExistsAsync<AccountEntity>(accountId, AccountEntity.Row, cancellationToken: ct);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>The users who have the account linked, from the link mirrors in its partition.</summary>
    public async Task<List<string>> LinkedUsersAsync(string accountId, CancellationToken ct)
    {
        var users = new List<string>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {accountId} and RowKey ge {AccountUserEntity.Prefix} and RowKey lt {AccountUserEntity.Prefix[..^1] + "}"}");
        await foreach (var row in accounts.Accounts.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: ct))
            users.Add(row.RowKey[AccountUserEntity.Prefix.Length..]);
        return users;
    }
}
