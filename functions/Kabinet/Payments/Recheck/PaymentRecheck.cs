using Azure;
using Azure.Data.Tables;

namespace Kabinet.Payments.Recheck;

/// <summary>What one run of the re-check did; <see cref="Left"/>: rows left due for the next run (the gateway failed or was not asked).</summary>
public sealed record RecheckRun(int Due, int Settled, int Rescheduled, int Expired, int Left);

/// <summary>
/// The re-check: every due <see cref="PaymentCheckEntity"/> names a payment left pending or unknown; the gateway is asked for
/// the truth by the payment's idempotency key and the answer applied by <see cref="PaymentFlow.ApplyAsync"/> (forward-only,
/// credits once), so two runs at once, or a run racing a notice, do no harm. A payment still open gets its next check
/// (<see cref="RecheckSchedule"/>) — the new row written before the old one is deleted, so a crash never loses the check —
/// or, past the last one, expires.
/// </summary>
public sealed class PaymentRecheck(PaymentTables tables, PaymentFlow flow, TimeProvider clock, ILogger<PaymentRecheck> log)
{
    /// <summary>Due rows one run takes: the rest wait five minutes for the next run.</summary>
    public const int Batch = 500;
    private const int Parallelism = 8;
    private const int Attempts = 10;

    /// <summary>The first check of a payment about to be recorded: written before it, so a crash in between leaves at most a row
    /// naming no payment (dropped by the timer), never a payment nobody checks.</summary>
    public static Task ScheduleFirstAsync(PaymentTables tables, PaymentEntity payment, CancellationToken ct) =>
        tables.Payments.AddEntityAsync(Row(payment.PartitionKey, payment.NextCheckAt!.Value), ct);

    public async Task<RecheckRun> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = new List<PaymentCheckEntity>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PaymentCheckEntity.Partition} and RowKey lt {PaymentCheckEntity.DueBefore(now)}");
        await foreach (var row in tables.Payments.QueryAsync<PaymentCheckEntity>(filter, maxPerPage: Batch, cancellationToken: ct))
        {
            due.Add(row);
            if (due.Count == Batch) break;
        }
        var counts = new int[Enum.GetValues<Outcome>().Length];
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (row, token) =>
        {
            Outcome outcome;
            try { outcome = await CheckAsync(row, now, token); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The gateway or storage failed: the row stays due, and the next run asks again.
                log.LogWarning(e, "Re-check of payment {PaymentId} failed", row.PaymentId);
                outcome = Outcome.Left;
            }
            Interlocked.Increment(ref counts[(int)outcome]);
        });
        return new(due.Count, counts[(int)Outcome.Settled], counts[(int)Outcome.Rescheduled], counts[(int)Outcome.Expired], counts[(int)Outcome.Left]);
    }

    private enum Outcome { Settled, Rescheduled, Expired, Left }

    private async Task<Outcome> CheckAsync(PaymentCheckEntity row, DateTimeOffset now, CancellationToken ct)
    {
        var payment = await flow.FindAsync(row.PaymentId, ct);
        if (payment is null || PaymentStatuses.IsFinal(payment.Status) || IsLeftOver(row, payment))
        {
            // A final payment whose outcomes a crash left untold is told now.
            if (payment is not null) await flow.TellAsync(payment, ct);
            await DeleteAsync(row, ct);
            return Outcome.Settled;
        }
        if (flow.Gateway(payment.Gateway) is not { } gateway)
        {
            log.LogWarning("Payment {PaymentId} names gateway {Gateway}, which is not configured: left for the next run", payment.PartitionKey, payment.Gateway);
            return Outcome.Left;
        }
        var truth = await gateway.GetAsync(payment.AttemptId, ct);
        if (truth is null)
        {
            // The gateway has no payment under this attempt's idempotency key: the app stopped (or the call was lost) between
            // recording the payment and calling the gateway. No money moved, and none can any more: only StartAsync sends this
            // key, once, and a request still in flight would have timed out long before the first check (5 minutes), so
            // canceling cannot strand a charge.
            if (now - payment.CreatedAt < RecheckSchedule.First) return Outcome.Left;
            payment = await flow.ApplyAsync(payment.PartitionKey, Closing(RecheckSchedule.NeverSeenCode), ct);
        }
        else payment = await flow.ApplyAsync(payment.PartitionKey, truth, ct);
        // Settled, or another run at once recorded this check (and its next) first.
        if (PaymentStatuses.IsFinal(payment.Status) || IsLeftOver(row, payment))
        {
            await DeleteAsync(row, ct);
            return Outcome.Settled;
        }
        if (RecheckSchedule.Next(payment.CreatedAt, payment.Checks + 1, now) is not { } next)
        {
            await flow.ApplyAsync(payment.PartitionKey, Closing(RecheckSchedule.ExpiredCode), ct);
            await DeleteAsync(row, ct);
            return Outcome.Expired;
        }
        // The alert "a payment left unknown for over an hour" (infra/alerts.bicep) looks for this line.
        if (payment.Status == PaymentStatuses.Unknown)
            log.LogWarning("Payment {PaymentId} still unknown after {Minutes} min", payment.PartitionKey, (int)(now - payment.CreatedAt).TotalMinutes);
        await AddAsync(Row(payment.PartitionKey, next), ct);
        await RecordAsync(payment, row, next, ct);
        await DeleteAsync(row, ct);
        return Outcome.Rescheduled;
    }

    /// <summary>This check done, the next one at <paramref name="next"/> — unless the payment settled or another run recorded it first.</summary>
    private async Task RecordAsync(PaymentEntity payment, PaymentCheckEntity row, DateTimeOffset next, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (PaymentStatuses.IsFinal(payment.Status) || IsLeftOver(row, payment)) return;
            payment.Checks++;
            payment.NextCheckAt = next;
            payment.UpdatedAt = clock.GetUtcNow();
            try
            {
                await tables.Payments.UpdateEntityAsync(payment, payment.ETag, TableUpdateMode.Replace, ct);
                return;
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < Attempts)
            {
                payment = (await flow.FindAsync(payment.PartitionKey, ct))!;
            }
        }
    }

    /// <summary>
    /// A row that is not the payment's next check: the one a crash left behind after the next was recorded. (Within a second:
    /// slots are minutes apart, and storage need not keep every tick of a time.)
    /// </summary>
    private static bool IsLeftOver(PaymentCheckEntity row, PaymentEntity payment) =>
        payment.NextCheckAt is { } at && (at - row.DueAt).Duration() > TimeSpan.FromSeconds(1);

    private static GatewayPayment Closing(string failureCode) => new("", PaymentStatuses.Canceled, null, null, null, failureCode);

    private static PaymentCheckEntity Row(string paymentId, DateTimeOffset dueAt) =>
        new() { RowKey = PaymentCheckEntity.RowFor(dueAt, paymentId), PaymentId = paymentId, DueAt = dueAt };

    private async Task AddAsync(PaymentCheckEntity row, CancellationToken ct)
    {
        try { await tables.Payments.AddEntityAsync(row, ct); }
        catch (RequestFailedException e) when (e.Status == 409) { } // another run scheduled the same check
    }

    private async Task DeleteAsync(PaymentCheckEntity row, CancellationToken ct)
    {
        try { await tables.Payments.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, ct); }
        catch (RequestFailedException e) when (e.Status == 404) { } // another run got there first
    }
}
