using Azure;
using Azure.Data.Tables;
using Kabinet.Accounts;
using Kabinet.Billing;

namespace Kabinet.Operators;

/// <summary>What became of one entry handed to <see cref="ImportLedger.AppendAsync"/>.</summary>
public enum EntryOutcome
{
    /// <summary>Inserted, and the balance moved by its amount.</summary>
    Written,
    /// <summary>The same entry was already there: nothing changed (a re-import).</summary>
    Same,
    /// <summary>An entry with its key and different content is there: entries are never changed.</summary>
    Immutable,
    /// <summary>A correction whose "corrects" names no entry of the account.</summary>
    CorrectsUnknown,
    AccountMissing,
}

/// <summary>
/// Appends ledger entries to one account. New entries and the account's Balance (+= their sum) commit in one
/// entity-group transaction conditional on the account row's ETag, so the Balance always equals the sum of the
/// entries: a lost race (412 on the account, 409 on an entry someone else inserted) re-reads and tries again.
/// </summary>
public sealed class ImportLedger(TableClient accounts)
{
    private const int Attempts = 8;
    /// <summary>A transaction holds at most 100 actions: 99 entries and the account's balance.</summary>
    private const int EntriesPerTransaction = 99;

    public async Task<EntryOutcome[]> AppendAsync(string accountId, IReadOnlyList<LedgerRow> rows, CancellationToken ct)
    {
        var outcomes = new EntryOutcome[rows.Count];
        var mine = new HashSet<string>(); // row keys this call inserted: found stored on a later round, they are still Written
        var attempt = 0;
        while (true)
        {
            var account = await accounts.GetEntityIfExistsAsync<TableEntity>(accountId, AccountEntity.Row, select: ["Balance"], cancellationToken: ct);
            if (!account.HasValue) return Enumerable.Repeat(EntryOutcome.AccountMissing, rows.Count).ToArray();
            var existing = await EntriesAsync(accountId, ct);
            var pending = Plan(rows, existing, mine, outcomes);
            if (pending.Count == 0) return outcomes;

            var batch = pending.Take(EntriesPerTransaction).ToList();
            var balance = (account.Value!.GetInt64(nameof(AccountEntity.Balance)) ?? 0) + batch.Sum(e => e.Amount);
            var actions = batch.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)).ToList();
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateMerge,
                new TableEntity(accountId, AccountEntity.Row) { [nameof(AccountEntity.Balance)] = balance }, account.Value.ETag));
            try
            {
                await accounts.SubmitTransactionAsync(actions, ct);
                if (batch.Count == pending.Count) return outcomes;
                foreach (var e in batch) mine.Add(e.RowKey);
                attempt = 0;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && ++attempt < Attempts)
            {
                await Task.Delay(Random.Shared.Next(10, 50 * attempt), ct);
            }
        }
    }

    /// <summary>
    /// Classifies each row against what is stored and the rows before it, and returns the entries to insert, in order.
    /// Fills <paramref name="outcomes"/>; Written for rows pending or inserted by this call.
    /// </summary>
    public static List<LedgerEntryEntity> Plan(IReadOnlyList<LedgerRow> rows, IReadOnlyDictionary<string, LedgerEntryEntity> existing, ISet<string> mine, EntryOutcome[] outcomes)
    {
        var pending = new Dictionary<string, LedgerEntryEntity>();
        var order = new List<LedgerEntryEntity>();
        for (var i = 0; i < rows.Count; i++)
        {
            var entry = rows[i].Entry;
            if (rows[i].Corrects is { } target)
            {
                var corrected = existing.Values.Concat(order).FirstOrDefault(e => e.Kind != LedgerKinds.Correction && e.DocumentNumber == target);
                if (corrected is null) { outcomes[i] = EntryOutcome.CorrectsUnknown; continue; }
                entry.Corrects = corrected.RowKey;
            }
            if (existing.TryGetValue(entry.RowKey, out var stored))
                outcomes[i] = !ImportRules.SameEntry(stored, entry) ? EntryOutcome.Immutable
                    : mine.Contains(entry.RowKey) && !IsRepeat(rows, i) ? EntryOutcome.Written : EntryOutcome.Same;
            else if (pending.TryGetValue(entry.RowKey, out var earlier))
                outcomes[i] = ImportRules.SameEntry(earlier, entry) ? EntryOutcome.Same : EntryOutcome.Immutable;
            else
            {
                pending[entry.RowKey] = entry;
                order.Add(entry);
                outcomes[i] = EntryOutcome.Written;
            }
        }
        return order.Where(e => !existing.ContainsKey(e.RowKey)).ToList();
    }

    /// <summary>Whether an earlier row of the call has the same key (then this one is the repeat, not the write).</summary>
    private static bool IsRepeat(IReadOnlyList<LedgerRow> rows, int i)
    {
        for (var j = 0; j < i; j++)
            if (rows[j].Entry.RowKey == rows[i].Entry.RowKey) return true;
        return false;
    }

    private async Task<Dictionary<string, LedgerEntryEntity>> EntriesAsync(string accountId, CancellationToken ct)
    {
        var entries = new Dictionary<string, LedgerEntryEntity>();
        const string upper = "entry}"; // '}' follows '|'
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {accountId} and RowKey ge {LedgerEntryEntity.Prefix} and RowKey lt {upper}");
        await foreach (var e in accounts.QueryAsync<LedgerEntryEntity>(filter, cancellationToken: ct)) entries[e.RowKey] = e;
        return entries;
    }
}
