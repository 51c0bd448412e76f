using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Kabinet.Accounts;
using Kabinet.Billing.Pdf;
using Kabinet.Notifications;
using Kabinet.Platform.Storage;
using Kabinet.Readings;

namespace Kabinet.Billing;

public enum CloseOutcome { Closed, AlreadyClosed, Parked, Failed }

/// <summary>
/// Closes one account for a run's period: one query of its partition, the pure <see cref="BillPlanner"/>, then one
/// entity-group transaction (bill, ledger entries, meter states, readings marked billed, the balance under the account's
/// ETag). The bill's row key makes a second close a duplicate. After the commit it queues the PDF and raises "bill ready";
/// a duplicate of this run does both again (both are idempotent), so a crash between the commit and them loses nothing.
/// </summary>
public sealed class AccountCloser(AccountTables accounts, BillingTables tables, WorkQueues queues, Notifier notifier, ILogger<AccountCloser> log)
{
    private const int Attempts = 3;

    public async Task<CloseOutcome> CloseAsync(BillingRunEntity run, ProviderBook book, string accountId, CancellationToken ct)
    {
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var rows = await ReadAsync(accountId, ct);
                if (rows is null || rows.Account.ProviderId != run.ProviderId)
                {
                    log.LogWarning("Billing run {RunId}: account {AccountId} is not the provider's", run.RunId, accountId);
                    return CloseOutcome.Failed;
                }
                if (rows.Bills.FirstOrDefault(b => b.Period == run.Period) is { } existing)
                {
                    if (existing.RunId == run.RunId && existing.Document is not null && BillPlanner.Read(existing.Document) is { } issued)
                        await AfterCommitAsync(issued, rows.Users, book.Provider.TimeZone, ct);
                    if (book.Parked.Contains(accountId)) await UnparkAsync(run.ProviderId, accountId, ct);
                    return CloseOutcome.AlreadyClosed;
                }
                var plan = BillPlanner.Plan(rows, book, run.Period, run.StartedAt, run.RunId);
                if (plan.Parked)
                {
                    await ParkAsync(run, rows.Account, plan, ct);
                    return CloseOutcome.Parked;
                }
                try
                {
                    await accounts.Accounts.SubmitTransactionAsync(Actions(rows.Account, plan), ct);
                }
                catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < Attempts)
                {
                    // Another close got there first (the next read finds its bill) or a reading changed meanwhile (the plan is made again).
                    log.LogInformation("Close of {AccountId} for {Period} met a change ({Status}); reading again", accountId, run.Period, e.Status);
                    continue;
                }
                if (book.Parked.Contains(accountId)) await UnparkAsync(run.ProviderId, accountId, ct);
                await AfterCommitAsync(plan.Document!, rows.Users, book.Provider.TimeZone, ct);
                return CloseOutcome.Closed;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogError(e, "Close of {AccountId} for {Period} failed", accountId, run.Period);
            return CloseOutcome.Failed;
        }
    }

    private static IEnumerable<TableTransactionAction> Actions(AccountEntity account, BillPlan plan)
    {
        yield return new(TableTransactionActionType.Add, plan.Bill!);
        foreach (var e in plan.Entries) yield return new(TableTransactionActionType.Add, e);
        foreach (var m in plan.Metering)
            yield return m.ETag == default ? new(TableTransactionActionType.Add, m) : new(TableTransactionActionType.UpdateReplace, m, m.ETag);
        foreach (var r in plan.ReadingsBilled)
            yield return new(TableTransactionActionType.UpdateMerge, new TableEntity(r.PartitionKey, r.RowKey) { [nameof(ReadingRecordEntity.Status)] = ReadingStatuses.Billed }, r.ETag);
        yield return new(TableTransactionActionType.UpdateMerge, new TableEntity(account.PartitionKey, account.RowKey)
        {
            [nameof(AccountEntity.Balance)] = plan.NewBalance, [nameof(AccountEntity.LastBillPeriod)] = plan.Bill!.Period, [nameof(AccountEntity.DueDate)] = plan.Bill.DueDate,
        },
            account.ETag);
    }

    /// <summary>The account's partition in one query, sorted into the rows a close uses; null when there is no account row.</summary>
    public async Task<AccountRows?> ReadAsync(string accountId, CancellationToken ct)
    {
        AccountEntity? account = null;
        List<MeterEntity> meters = [];
        List<ReadingRecordEntity> readings = [];
        List<LedgerEntryEntity> entries = [];
        List<BillEntity> bills = [];
        List<MeterBillingEntity> metering = [];
        List<string> users = [];
        await foreach (var row in accounts.Accounts.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {accountId}"), cancellationToken: ct))
        {
            var key = row.RowKey;
            if (key == AccountEntity.Row) account = PartitionRows.As<AccountEntity>(row);
            else if (key.StartsWith(MeterEntity.Prefix, StringComparison.Ordinal)) meters.Add(PartitionRows.As<MeterEntity>(row));
            else if (key.StartsWith(ReadingRecordEntity.Prefix, StringComparison.Ordinal)) readings.Add(PartitionRows.As<ReadingRecordEntity>(row));
            else if (key.StartsWith(LedgerEntryEntity.Prefix, StringComparison.Ordinal)) entries.Add(PartitionRows.As<LedgerEntryEntity>(row));
            else if (key.StartsWith(BillEntity.Prefix, StringComparison.Ordinal)) bills.Add(PartitionRows.As<BillEntity>(row));
            else if (key.StartsWith(MeterBillingEntity.Prefix, StringComparison.Ordinal)) metering.Add(PartitionRows.As<MeterBillingEntity>(row));
            else if (key.StartsWith(AccountUserEntity.Prefix, StringComparison.Ordinal)) users.Add(key[AccountUserEntity.Prefix.Length..]);
        }
        return account is null ? null : new AccountRows(account, meters, readings, entries, bills, metering, users);
    }

    /// <summary>The partition query already read the users and the run the provider: the raise reads neither again.</summary>
    private async Task AfterCommitAsync(BillDocument bill, IReadOnlyList<string> users, string timeZone, CancellationToken ct)
    {
        await queues.EnqueueAsync(bill.AccountId, bill.Period, ct);
        if (users.Count > 0)
            await notifier.RaiseAsync(BillingNotices.BillReady(bill) with { TimeZone = timeZone }, NoticeFor.Account(bill.AccountId, users), ct);
    }

    private async Task ParkAsync(BillingRunEntity run, AccountEntity account, BillPlan plan, CancellationToken ct)
    {
        await tables.Parked.UpsertEntityAsync(new ParkedAccountEntity
        {
            PartitionKey = run.ProviderId, RowKey = account.AccountId, AccountNumber = account.Number, Period = run.Period, RunId = run.RunId,
            Reason = plan.ParkReason!, Details = plan.ParkDetails is null ? null : JsonSerializer.Serialize(plan.ParkDetails, JsonSerializerOptions.Web),
            ParkedAt = run.StartedAt,
        }, TableUpdateMode.Replace, ct);
        log.LogWarning("Account {AccountId} parked for {Period}: {Reason}", account.AccountId, run.Period, plan.ParkReason);
    }

    private async Task UnparkAsync(string providerId, string accountId, CancellationToken ct) =>
        await tables.Parked.DeleteEntityAsync(providerId, accountId, ETag.All, ct);
}
