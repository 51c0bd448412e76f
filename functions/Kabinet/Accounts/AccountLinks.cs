using Azure;
using Azure.Data.Tables;
using Kabinet.Billing;
using Kabinet.Platform.Storage;
using Kabinet.Providers;

namespace Kabinet.Accounts;

public enum LinkOutcome { Added, AlreadyLinked, LimitReached }

/// <summary>
/// Users' links to personal accounts: reading them, proving and adding one, removing them, and keeping the
/// account's own bill delivery in step with the choices of everyone who linked it.
/// </summary>
public sealed class AccountLinks(AccountTables tables, ProviderTables providers, ILogger<AccountLinks> log)
{
    public async Task<LinkEntity?> FindAsync(string userId, string accountId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(userId) || !AccountRules.IsWellFormedAccountId(accountId)) return null;
        var found = await tables.Links.GetEntityIfExistsAsync<LinkEntity>(userId, accountId, cancellationToken: ct);
        return found.HasValue ? found.Value : null;
    }

    public async Task<List<LinkEntity>> OfUserAsync(string userId, CancellationToken ct)
    {
        var links = new List<LinkEntity>();
        if (string.IsNullOrEmpty(userId)) return links;
        // The partition also holds the numbered places (RK "slot|…"); account ids are hex, so they sort before them.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {userId} and RowKey lt {CountSlotEntity.Prefix}");
        await foreach (var link in tables.Links.QueryAsync<LinkEntity>(filter, cancellationToken: ct))
            links.Add(link);
        return links;
    }

    private async Task<List<CountSlotEntity>> SlotsAsync(string userId, CancellationToken ct)
    {
        var slots = new List<CountSlotEntity>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {userId} and RowKey ge {CountSlotEntity.Prefix} and RowKey lt {CountSlotEntity.End}");
        await foreach (var slot in tables.Links.QueryAsync<CountSlotEntity>(filter, cancellationToken: ct)) slots.Add(slot);
        return slots;
    }

    public async Task<AccountEntity?> AccountAsync(string accountId, CancellationToken ct)
    {
        if (!AccountRules.IsWellFormedAccountId(accountId)) return null;
        var found = await tables.Accounts.GetEntityIfExistsAsync<AccountEntity>(accountId, AccountEntity.Row, cancellationToken: ct);
        return found.HasValue ? found.Value : null;
    }

    public async Task<ProviderEntity?> ProviderAsync(string providerId, CancellationToken ct)
    {
        if (!TableKeys.IsSafe(providerId, AccountRules.MaxProviderIdLength)) return null;
        var found = await providers.Providers.GetEntityIfExistsAsync<ProviderEntity>(ProviderEntity.Partition, providerId, cancellationToken: ct);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>Rows of one kind in an account's partition: RK from "{prefix}" up to the next prefix.</summary>
    public async Task<List<T>> RowsAsync<T>(string accountId, string prefix, CancellationToken ct) where T : class, ITableEntity
    {
        var rows = new List<T>();
        var upper = prefix[..^1] + (char)(prefix[^1] + 1);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {accountId} and RowKey ge {prefix} and RowKey lt {upper}");
        await foreach (var row in tables.Accounts.QueryAsync<T>(filter, cancellationToken: ct)) rows.Add(row);
        return rows;
    }

    /// <summary>The provider's account of this number (as written, without spaces, dashes and case); null for an unknown provider or number.</summary>
    public async Task<AccountEntity?> NumberedAsync(ProviderEntity? provider, string number, CancellationToken ct)
    {
        if (provider is null) return null;
        var account = await AccountAsync(AccountIds.For(provider.ProviderId, number), ct);
        return account is null || account.ProviderId != provider.ProviderId
            || AccountIds.NormalizeNumber(account.Number) != AccountIds.NormalizeNumber(number) ? null : account;
    }

    /// <summary>Checks a proof against the account's records. False for an unknown provider or account as for a wrong proof.</summary>
    public async Task<(bool Ok, AccountEntity? Account)> VerifyAsync(ProviderEntity? provider, string number, VerificationRequest proof, CancellationToken ct)
    {
        if (await NumberedAsync(provider, number, ct) is not { } account) return (false, null);
        var accountId = account.AccountId;
        var ok = proof.Method switch
        {
            ProofMethods.LastPayment => AccountRules.TryParseDate(proof.Date, out var date)
                && AccountRules.MatchesLastPayment(await RowsAsync<LedgerEntryEntity>(accountId, LedgerEntryEntity.RowFor(LedgerKinds.Payment), ct), date, proof.Amount ?? 0),
            ProofMethods.MeterSerial => AccountRules.MatchesMeter(await RowsAsync<MeterEntity>(accountId, MeterEntity.Prefix, ct), proof.Serial ?? ""),
            ProofMethods.LastBill => proof.Amount is { } amount
                && AccountRules.MatchesLastBill(await RowsAsync<BillEntity>(accountId, BillEntity.Prefix, ct), amount),
            _ => false,
        };
        return (ok, ok ? account : null);
    }

    /// <summary>
    /// Takes one of the user's numbered places (insert-if-absent, so parallel requests never pass
    /// <see cref="AccountRules.MaxAccountsPerUser"/>), adds the link holding it and its mirror row, and recomputes the delivery.
    /// </summary>
    public async Task<(LinkOutcome Outcome, LinkEntity? Link)> AddAsync(string userId, AccountEntity account, string proofMethod, string? alias, string groupId,
        DateTimeOffset now, CancellationToken ct, string billDelivery = BillDeliveries.Paper)
    {
        for (var round = 0; round < 3; round++)
        {
            var links = await OfUserAsync(userId, ct);
            if (links.Any(l => l.AccountId == account.AccountId)) return (LinkOutcome.AlreadyLinked, null);
            var slots = await SlotsAsync(userId, ct);
            // Server time: the places' timestamps are the storage's own.
            var (busy, unslotted) = CountSlots.Holders(links.Select(l => (l.AccountId, l.Slot)), slots, DateTimeOffset.UtcNow);
            var free = CountSlots.Free(AccountRules.MaxAccountsPerUser, busy, unslotted);
            if (free.Count == 0) return (LinkOutcome.LimitReached, null);
            foreach (var index in free.OrderBy(_ => Random.Shared.Next()))
            {
                var slot = new CountSlotEntity { PartitionKey = userId, RowKey = CountSlotEntity.RowOf(index), HeldBy = account.AccountId };
                if (!await TakeSlotAsync(tables.Links, slot, slots.FirstOrDefault(s => s.RowKey == slot.RowKey), ct)) continue;
                var link = new LinkEntity
                {
                    PartitionKey = userId, RowKey = account.AccountId, ProviderId = account.ProviderId, Number = account.Number,
                    Alias = alias, GroupId = groupId, BillDelivery = billDelivery, ProofMethod = proofMethod, LinkedAt = now, Slot = slot.RowKey,
                };
                try
                {
                    var added = await tables.Links.AddEntityAsync(link, ct);
                    link.ETag = added.Headers.ETag ?? default;
                }
                catch (RequestFailedException ex) when (ex.Status == 409)
                {
                    await ReleaseSlotAsync(tables.Links, userId, slot.RowKey);
                    return (LinkOutcome.AlreadyLinked, null);
                }
                await tables.Accounts.UpsertEntityAsync(new AccountUserEntity
                {
                    PartitionKey = account.AccountId, RowKey = AccountUserEntity.RowFor(userId), BillDelivery = link.BillDelivery, LinkedAt = now,
                }, TableUpdateMode.Replace, ct);
                // An unlink that ran between the two writes deleted the mirror first: it must not come back without its link.
                if (await FindAsync(userId, account.AccountId, ct) is null) await DeleteMirrorAsync(account.AccountId, userId, ct);
                await RecomputeDeliveryAsync(account.AccountId, ct);
                return (LinkOutcome.Added, link);
            }
        }
        return (LinkOutcome.LimitReached, null);
    }

    /// <summary>One conditional write: insert-if-absent, or take over a place left behind under its ETag. False when someone else was first.</summary>
    public static async Task<bool> TakeSlotAsync(TableClient table, CountSlotEntity slot, CountSlotEntity? leftBehind, CancellationToken ct)
    {
        try
        {
            if (leftBehind is null) await table.AddEntityAsync(slot, ct);
            else await table.UpdateEntityAsync(slot, leftBehind.ETag, TableUpdateMode.Replace, ct);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            return false;
        }
    }

    public static async Task ReleaseSlotAsync(TableClient table, string userId, string rowKey)
    {
        try { await table.DeleteEntityAsync(userId, rowKey, ETag.All, CancellationToken.None); }
        catch (RequestFailedException ex) when (ex.Status == 404) { }
    }

    /// <summary>Read, change, write the user's link with its ETag; on a lost race read again and reapply. Null when it is gone.</summary>
    public async Task<LinkEntity?> UpdateAsync(string userId, string accountId, Action<LinkEntity> change, CancellationToken ct)
    {
        var before = "";
        var updated = await TableUpdates.UpdateWithRetryAsync(c => FindAsync(userId, accountId, c), link =>
        {
            before = link.BillDelivery;
            change(link);
            return true;
        }, (link, c) => tables.Links.WriteAsync(link, TableUpdateMode.Replace, c), ct);
        if (updated.Entity is not { } link) return null;
        if (before != link.BillDelivery)
        {
            await tables.Accounts.UpsertEntityAsync(new AccountUserEntity
            {
                PartitionKey = accountId, RowKey = AccountUserEntity.RowFor(userId), BillDelivery = link.BillDelivery, LinkedAt = link.LinkedAt,
            }, TableUpdateMode.Replace, ct);
            await RecomputeDeliveryAsync(accountId, ct);
        }
        return link;
    }

    /// <summary>
    /// Removes one link and its mirror row, the mirror first (it is what lets the user at the account's meters and
    /// readings), and recomputes the account's delivery. The link removed, or null when there was none.
    /// </summary>
    public async Task<LinkEntity?> UnlinkAsync(string userId, string accountId, CancellationToken ct)
    {
        if (!AccountRules.IsWellFormedAccountId(accountId)) return null;
        var link = await FindAsync(userId, accountId, ct);
        await DeleteMirrorAsync(accountId, userId, ct);
        // The SDK answers a delete of a missing row with its 404 response rather than an exception.
        var removed = (await tables.Links.DeleteEntityAsync(userId, accountId, ETag.All, ct)).Status != StatusCodes.Status404NotFound;
        // The place goes after the link: left behind by a crash, it holds nothing and is taken over later.
        if (removed && link?.Slot is { } slot) await ReleaseSlotAsync(tables.Links, userId, slot);
        if (removed) await RecomputeDeliveryAsync(accountId, ct);
        return removed ? link ?? new LinkEntity { PartitionKey = userId, RowKey = accountId } : null;
    }

    private async Task DeleteMirrorAsync(string accountId, string userId, CancellationToken ct)
    {
        try { await tables.Accounts.DeleteEntityAsync(accountId, AccountUserEntity.RowFor(userId), ETag.All, ct); }
        catch (RequestFailedException ex) when (ex.Status == 404) { }
    }

    /// <summary>
    /// Everything of a user in the accounts area: every link (each account's delivery recomputed without
    /// them) and every group. For profile deletion; safe to call again.
    /// </summary>
    public async Task RemoveAllAsync(string userId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(userId)) return;
        foreach (var link in await OfUserAsync(userId, ct))
            await UnlinkAsync(userId, link.AccountId, ct);
        foreach (var slot in await SlotsAsync(userId, ct))
        {
            try { await tables.Links.DeleteEntityAsync(userId, slot.RowKey, ETag.All, ct); }
            catch (RequestFailedException ex) when (ex.Status == 404) { }
        }
        var rows = new List<TableEntity>();
        await foreach (var row in tables.Groups.QueryAsync<TableEntity>(g => g.PartitionKey == userId, select: ["PartitionKey", "RowKey"], cancellationToken: ct))
            rows.Add(row);
        foreach (var row in rows)
        {
            try { await tables.Groups.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, ct); }
            catch (RequestFailedException ex) when (ex.Status == 404) { }
        }
        log.LogInformation("Removed the account links and groups of user {UserId}", userId);
    }

    /// <summary>
    /// The account's BillDelivery becomes email only when every linked user chose email (seed 004, 3.1.1.2).
    /// The choices are read after the account, and the write is conditional on the account's ETag, so the
    /// last writer always decided on the newest choices.
    /// </summary>
    public async Task RecomputeDeliveryAsync(string accountId, CancellationToken ct)
    {
        try
        {
            await TableUpdates.UpdateWithRetryAsync(async c =>
            {
                if (await AccountAsync(accountId, c) is not { } account) return null;
                var choices = new List<string>();
                foreach (var row in await RowsAsync<AccountUserEntity>(accountId, AccountUserEntity.Prefix, c))
                    choices.Add(row.BillDelivery);
                return new DeliveryState(account, BillDeliveries.ForAccount(choices));
            }, state => state.Account.BillDelivery != state.Wanted, async (state, c) =>
            {
                // Merge only the one property: other features own the rest of the account row.
                var change = new TableEntity(accountId, AccountEntity.Row) { [nameof(AccountEntity.BillDelivery)] = state.Wanted };
                await tables.Accounts.UpdateEntityAsync(change, state.Account.ETag, TableUpdateMode.Merge, c);
                log.LogInformation("Account {AccountId} bill delivery is now {Delivery}", accountId, state.Wanted);
            }, ct, lostRace: ex => ex.Status == 412);
        }
        catch (UpdateContendedException)
        {
            log.LogWarning("Account {AccountId} kept changing while its bill delivery was recomputed", accountId);
        }
    }

    private sealed record DeliveryState(AccountEntity Account, string Wanted);
}
