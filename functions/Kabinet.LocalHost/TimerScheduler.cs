using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Cronos;

namespace Kabinet.LocalHost;

/// <summary>
/// Runs one timerTrigger function. Only the holder of the blob lease on locks/&lt;hostId&gt;/Host.Functions.&lt;Name&gt;.Listener
/// schedules it, so two hosts on one storage account and host id never both fire. The schedule status is kept
/// in timers/&lt;hostId&gt;/Host.Functions.&lt;Name&gt;/status (the real host's paths, container azure-webjobs-hosts).
/// </summary>
public sealed class TimerScheduler(
    FunctionDefinition function,
    CronExpression schedule,
    BlobContainerClient container,
    string hostId,
    LocalHostOptions options,
    FunctionInvoker invoker,
    ILogger<TimerScheduler> logger)
{
    public const string HostContainer = "azure-webjobs-hosts";

    public static TimerScheduler Create(FunctionDefinition function, AppSettings settings, string hostId, LocalHostOptions options, FunctionInvoker invoker, ILoggerFactory loggers)
    {
        var expression = settings.Resolve(function.Property("schedule") ?? throw new InvalidDataException($"Function '{function.Name}': schedule is missing."));
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var cron = CronExpression.Parse(expression, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        var storage = settings.Get("AzureWebJobsStorage")
            ?? throw new InvalidOperationException($"Function '{function.Name}': timers need the setting AzureWebJobsStorage (for their lease and status).");
        return new TimerScheduler(function, cron, new BlobContainerClient(storage, HostContainer), hostId, options, invoker, loggers.CreateLogger<TimerScheduler>());
    }

    public static string LockBlobName(string hostId, string functionName) => $"locks/{hostId}/Host.Functions.{functionName}.Listener";
    public static string StatusBlobName(string hostId, string functionName) => $"timers/{hostId}/Host.Functions.{functionName}/status";

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            await container.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
            var lockBlob = container.GetBlobClient(LockBlobName(hostId, function.Name));
            try { await lockBlob.UploadAsync(BinaryData.Empty, overwrite: false, stoppingToken); }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412) { } // exists (and may be leased)
            var lease = lockBlob.GetBlobLeaseClient();

            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await lease.AcquireAsync(options.TimerLease, cancellationToken: stoppingToken);
                }
                catch (RequestFailedException ex) when (ex.Status == 409)
                {
                    logger.LogDebug("Timer {FunctionName}: lease held by another host, retrying in {Retry}", function.Name, options.TimerLeaseRetry);
                    await Task.Delay(options.TimerLeaseRetry, stoppingToken);
                    continue;
                }

                logger.LogInformation("Timer {FunctionName}: acquired lease on {LockBlob}", function.Name, lockBlob.Name);
                await RunWhileHoldingAsync(lease, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    private async Task RunWhileHoldingAsync(BlobLeaseClient lease, CancellationToken stoppingToken)
    {
        using var held = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewal = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    await Task.Delay(options.TimerLease / 3, held.Token);
                    await lease.RenewAsync(cancellationToken: held.Token);
                }
            }
            catch (OperationCanceledException) { }
            catch (RequestFailedException ex)
            {
                logger.LogWarning(ex, "Timer {FunctionName}: lost its lease; stops scheduling", function.Name);
                await held.CancelAsync();
            }
        }, CancellationToken.None);

        try
        {
            await ScheduleAsync(held.Token, stoppingToken);
        }
        catch (OperationCanceledException) when (held.IsCancellationRequested) { }
        finally
        {
            await held.CancelAsync();
            await renewal;
            if (stoppingToken.IsCancellationRequested)
            {
                try { await lease.ReleaseAsync(cancellationToken: CancellationToken.None); }
                catch (RequestFailedException) { }
            }
        }
    }

    private async Task ScheduleAsync(CancellationToken held, CancellationToken stoppingToken)
    {
        var statusBlob = container.GetBlobClient(StatusBlobName(hostId, function.Name));
        var status = await ReadStatusAsync(statusBlob, held);

        var now = DateTimeOffset.UtcNow;
        if (status is not null && status.Next < now)
        {
            logger.LogInformation("Timer {FunctionName} is past due: its next run was {Next}", function.Name, status.Next);
            status = await FireAsync(statusBlob, status, isPastDue: true, scheduled: status.Next, "Timer fired (past due)", stoppingToken);
        }
        else if (function.RunOnStartup)
        {
            status = await FireAsync(statusBlob, status, isPastDue: false, scheduled: now, "Timer fired (run on startup)", stoppingToken);
        }

        DateTimeOffset? previous = null;
        while (!held.IsCancellationRequested)
        {
            now = DateTimeOffset.UtcNow;
            var from = previous is { } p && p > now ? p : now;
            var next = schedule.GetNextOccurrence(from, TimeZoneInfo.Utc)
                ?? throw new InvalidOperationException($"Timer {function.Name}: the schedule has no next occurrence.");
            logger.LogDebug("Timer {FunctionName}: next occurrence {Next}", function.Name, next);
            var wait = next - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero) await Task.Delay(wait, held);
            status = await FireAsync(statusBlob, status, isPastDue: false, scheduled: next, "Timer fired", stoppingToken);
            previous = next;
        }
    }

    private async Task<ScheduleStatus> FireAsync(BlobClient statusBlob, ScheduleStatus? status, bool isPastDue, DateTimeOffset scheduled, string reason, CancellationToken cancellationToken)
    {
        var payload = InvocationPayloads.Timer(function.Name, function.BindingName, status, isPastDue, DateTime.UtcNow, Guid.NewGuid());
        await invoker.InvokeAsync(function.Name, reason, Guid.NewGuid(), payload, cancellationToken); // timers are not retried

        var now = DateTimeOffset.UtcNow;
        // Task.Delay may wake a little early: the next run is the one after the later of the two.
        var after = now > scheduled ? now : scheduled;
        var updated = new ScheduleStatus(scheduled, schedule.GetNextOccurrence(after, TimeZoneInfo.Utc) ?? DateTimeOffset.MaxValue, now);
        try
        {
            await statusBlob.UploadAsync(BinaryData.FromString(updated.ToJson()), overwrite: true, cancellationToken);
        }
        catch (RequestFailedException ex)
        {
            logger.LogError(ex, "Timer {FunctionName}: could not update its schedule status", function.Name);
        }
        return updated;
    }

    private static async Task<ScheduleStatus?> ReadStatusAsync(BlobClient statusBlob, CancellationToken cancellationToken)
    {
        try
        {
            var content = await statusBlob.DownloadContentAsync(cancellationToken);
            return ScheduleStatus.Parse(content.Value.Content.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }
}
