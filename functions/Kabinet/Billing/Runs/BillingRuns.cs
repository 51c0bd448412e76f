using Kabinet.Billing.Penalties;
using Azure;
using Azure.Data.Tables;
using Kabinet.Accounts;
using Kabinet.Platform.Invocation;
using Kabinet.Platform.Storage;
using Kabinet.Providers;

namespace Kabinet.Billing;

/// <summary>
/// The steps of a billing run, each safe to run any number of times. Start inserts the run row (one per provider and
/// period: a second start finds it) and queues it. Resolve writes the provider's accounts as sorted slices before recording
/// their count, then queues every slice not completed. A slice closes its accounts — a closed account meets its bill's row
/// and counts as done — and records absolute counts, so a slice retried, or queued twice, counts once.
/// </summary>
public sealed class BillingRuns(BillingTables tables, AccountTables accounts, ProviderCache providers, ProviderTables providerTables, KeyRates keyRates,
    WorkQueues queues, AccountCloser closer, ClosingPeriods closing, TimeProvider clock, ILogger<BillingRuns> log)
{
    /// <summary>Accounts of a slice closed at once: each close is a partition query and one transaction.</summary>
    private const int Parallelism = 8;
    public const int MaxDequeueCount = 5;

    public async Task<BillingRunEntity?> GetAsync(string runId, CancellationToken ct)
    {
        if (!TableKeys.IsSafe(runId) || runId.Length > 120) return null;
        var found = await tables.Runs.GetEntityIfExistsAsync<BillingRunEntity>(BillingRunEntity.Partition, runId, cancellationToken: ct);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>Starts the run of a provider and period, or goes on with the one there (queued again while not finished).</summary>
    public async Task<(BillingRunEntity Run, bool Created)> StartAsync(ProviderEntity provider, string period, string trigger, string? by, CancellationToken ct)
    {
        var run = new BillingRunEntity
        {
            RowKey = BillingRunRules.RunId(provider.ProviderId, period), ProviderId = provider.ProviderId, Period = period, Trigger = trigger, StartedBy = by,
            StartedAt = clock.GetUtcNow(),
        };
        var created = true;
        try { await tables.Runs.AddEntityAsync(run, ct); }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            created = false;
            run = await GetAsync(run.RunId, ct) ?? throw new InvalidOperationException($"Run {run.RunId} vanished");
        }
        if (run.FinishedAt is null) await queues.SendAsync(BillingRunMessage.QueueName, new BillingRunMessage(run.RunId), ct);
        if (created)
        {
            closing.Changed();
            log.LogInformation("Billing run {RunId} started ({Trigger})", run.RunId, trigger);
        }
        return (run, created);
    }

    public async Task ResolveAsync(string runId, CancellationToken ct)
    {
        var run = await GetAsync(runId, ct);
        if (run is null || run.FinishedAt is not null) return;
        if (run.SliceCount is not { } count)
        {
            var ids = new List<string>();
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {run.ProviderId}");
            await foreach (var a in accounts.AccountIndex.QueryAsync<TableEntity>(filter, select: ["AccountId"], cancellationToken: ct))
                if (a.GetString("AccountId") is { Length: > 0 } id) ids.Add(id);
            var slices = BillingRunRules.Slices(ids);
            // The slices first: a run that stops before the count is set leaves rows the next run overwrites with the same.
            await Parallel.ForEachAsync(slices.Select((s, n) => (s, n)).Chunk(100), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (batch, token) =>
                await tables.Runs.SubmitTransactionAsync(batch.Select(x => new TableTransactionAction(TableTransactionActionType.UpsertMerge,
                    new BillingSliceEntity { PartitionKey = runId, RowKey = BillingSliceEntity.RowFor(x.n), AccountIds = string.Join(',', x.s) })), token));
            var result = await tables.Runs.UpdateWithRetryAsync<BillingRunEntity>(BillingRunEntity.Partition, runId, r =>
            {
                if (r.SliceCount is not null) return false;
                (r.SliceCount, r.AccountsTotal) = (slices.Count, slices.Sum(s => s.Length));
                if (slices.Count == 0) r.FinishedAt = clock.GetUtcNow();
                return true;
            }, ct, current: run);
            if (result.Entity?.FinishedAt is not null) closing.Changed();
            if (result.Entity is not { } now || now.FinishedAt is not null) return;
            count = now.SliceCount ?? slices.Count;
            log.LogInformation("Billing run {RunId}: {Accounts} accounts in {Slices} slices", runId, now.AccountsTotal, count);
        }
        var completed = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var s in SlicesAsync(runId, ["RowKey", nameof(BillingSliceEntity.CompletedAt)], ct))
            if (s.CompletedAt is not null) completed.Add(s.RowKey);
        var pending = Enumerable.Range(0, count).Where(n => !completed.Contains(BillingSliceEntity.RowFor(n))).ToList();
        await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (n, token) =>
            await queues.SendAsync(BillingSliceMessage.QueueName, new BillingSliceMessage(runId, n), token));
        if (pending.Count == 0) await CountSliceAsync(runId, ct, recount: true);
    }

    public async Task SliceAsync(string runId, int slice, QueueTrigger trigger)
    {
        var ct = trigger.CancellationToken;
        var run = await GetAsync(runId, ct);
        if (run is null || slice < 0 || slice >= (run.SliceCount ?? 0)) return;
        var found = await tables.Runs.GetEntityIfExistsAsync<BillingSliceEntity>(runId, BillingSliceEntity.RowFor(slice), cancellationToken: ct);
        if (!found.HasValue || found.Value!.CompletedAt is not null) return;
        var row = found.Value!;
        var provider = await providers.ProviderAsync(run.ProviderId, ct);
        if (provider is null)
        {
            log.LogWarning("Billing run {RunId}: provider {ProviderId} is gone", runId, run.ProviderId);
            return;
        }
        var book = await BookAsync(provider, ct);
        var outcomes = new System.Collections.Concurrent.ConcurrentBag<CloseOutcome>();
        await Parallel.ForEachAsync(row.Accounts(), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (accountId, token) =>
            outcomes.Add(await closer.CloseAsync(run, book, accountId, token)));
        var failed = outcomes.Count(o => o == CloseOutcome.Failed);
        // A failed close (storage trouble) is retried with the whole slice, closed accounts being duplicates; the last try records it.
        if (failed > 0 && trigger.DequeueCount < MaxDequeueCount)
            throw new InvalidOperationException($"Billing run {runId} slice {slice}: {failed} accounts failed, retrying the slice");
        var recorded = await tables.Runs.UpdateWithRetryAsync<BillingSliceEntity>(runId, row.RowKey, r =>
        {
            if (r.CompletedAt is not null) return false;
            r.Done = outcomes.Count(o => o is CloseOutcome.Closed or CloseOutcome.AlreadyClosed);
            r.Parked = outcomes.Count(o => o == CloseOutcome.Parked);
            r.Failed = failed;
            r.CompletedAt = clock.GetUtcNow();
            return true;
        }, ct, current: row);
        // Counted on the run row, not by reading every slice: a run of n slices finishes in n updates, not n² reads.
        if (recorded.Updated) await CountSliceAsync(runId, ct);
    }

    /// <summary>The provider's services, tariffs, norms, key rates and parked accounts: read once for a slice.</summary>
    public async Task<ProviderBook> BookAsync(ProviderEntity provider, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {provider.ProviderId}");
        async Task<List<T>> All<T>(TableClient table, IEnumerable<string>? select = null) where T : class, ITableEntity, new()
        {
            var list = new List<T>();
            await foreach (var e in table.QueryAsync<T>(filter, select: select, cancellationToken: ct)) list.Add(e);
            return list;
        }
        var services = All<ServiceEntity>(providerTables.Services);
        var tariffs = All<TariffEntity>(providerTables.Tariffs);
        var norms = All<NormEntity>(providerTables.Norms);
        var parked = All<TableEntity>(tables.Parked, ["RowKey"]);
        var rates = keyRates.CurrentAsync(ct);
        await Task.WhenAll(services, tariffs, norms, parked, rates);
        return new ProviderBook(provider, await services, await tariffs, await norms, await rates,
            (await parked).Select(p => p.RowKey).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>Closes a parked account's period again after an operator fixed its data; the run counts it released when it closes.</summary>
    public async Task<(CloseOutcome Outcome, string? Reason)> ReleaseAsync(ParkedAccountEntity parked, CancellationToken ct)
    {
        var run = await GetAsync(parked.RunId, ct);
        var provider = await providers.ProviderAsync(parked.PartitionKey, ct);
        if (run is null || provider is null) return (CloseOutcome.Failed, null);
        var outcome = await closer.CloseAsync(run, await BookAsync(provider, ct), parked.AccountId, ct);
        if (outcome == CloseOutcome.Closed)
            await tables.Runs.UpdateWithRetryAsync<BillingRunEntity>(BillingRunEntity.Partition, run.RunId, r => { r.Released++; return true; }, ct, current: run);
        if (outcome != CloseOutcome.Parked) return (outcome, null);
        var again = await tables.Parked.GetEntityIfExistsAsync<ParkedAccountEntity>(parked.PartitionKey, parked.RowKey, cancellationToken: ct);
        return (outcome, again.HasValue ? again.Value!.Reason : parked.Reason);
    }

    /// <summary>
    /// One more slice done (or, with <paramref name="recount"/>, the slices counted afresh: a resolve that finds them all
    /// complete after a crash between a slice's record and its count); the count that reaches the total finishes the run.
    /// </summary>
    private async Task CountSliceAsync(string runId, CancellationToken ct, bool recount = false)
    {
        var completed = 0;
        if (recount)
            await foreach (var s in SlicesAsync(runId, [nameof(BillingSliceEntity.CompletedAt)], ct))
                if (s.CompletedAt is not null) completed++;
        var result = await tables.Runs.UpdateWithRetryAsync<BillingRunEntity>(BillingRunEntity.Partition, runId, r =>
        {
            if (r.FinishedAt is not null) return false;
            r.SlicesDone = recount ? completed : r.SlicesDone + 1;
            if (r.SlicesDone >= (r.SliceCount ?? int.MaxValue)) r.FinishedAt = clock.GetUtcNow();
            return true;
        }, ct);
        if (result.Entity?.FinishedAt is not null && result.Updated)
        {
            closing.Changed();
            log.LogInformation("Billing run {RunId} finished", runId);
            // The alert "a billing run with failed or parked accounts" (infra/alerts.bicep) looks for this line.
            var view = await ViewAsync(result.Entity, ct);
            if (view.Failed > 0 || view.Parked > 0)
                log.LogWarning("Billing run {RunId} finished with {Failed} failed and {Parked} parked accounts", runId, view.Failed, view.Parked);
        }
    }

    public IAsyncEnumerable<BillingSliceEntity> SlicesAsync(string runId, IEnumerable<string>? select, CancellationToken ct) =>
        tables.Runs.QueryAsync<BillingSliceEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {runId} and RowKey ge {BillingSliceEntity.Prefix} and RowKey lt {BillingSliceEntity.End}"),
            select: select, cancellationToken: ct);

    /// <summary>A run's progress: one partition query over its slices.</summary>
    public async Task<BillingRunView> ViewAsync(BillingRunEntity run, CancellationToken ct)
    {
        int done = 0, parked = 0, failed = 0, slicesDone = 0;
        await foreach (var s in SlicesAsync(run.RunId, [nameof(BillingSliceEntity.Done), nameof(BillingSliceEntity.Parked), nameof(BillingSliceEntity.Failed),
            nameof(BillingSliceEntity.CompletedAt)], ct))
        {
            done += s.Done ?? 0;
            parked += s.Parked ?? 0;
            failed += s.Failed ?? 0;
            if (s.CompletedAt is not null) slicesDone++;
        }
        var released = Math.Min(run.Released, parked);
        return new BillingRunView(run.RunId, run.ProviderId, run.Period, run.FinishedAt is not null ? "done" : run.SliceCount is null ? "queued" : "running",
            run.Trigger, run.AccountsTotal, done + released, failed, parked - released, run.SliceCount, slicesDone, run.StartedAt, run.FinishedAt);
    }
}

/// <summary>What a run did: accounts total (once split), done (billed now or before), failed, parked; slices; started and finished.</summary>
public sealed record BillingRunView(string RunId, string ProviderId, string Period, string Status, string Trigger, int? AccountsTotal, int Done, int Failed,
    int Parked, int? Slices, int SlicesDone, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt);
