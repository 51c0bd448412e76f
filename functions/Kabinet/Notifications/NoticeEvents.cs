using Kabinet.Platform.Invocation;

namespace Kabinet.Notifications;

/// <summary>How a feature raises the notice of something it has already done.</summary>
public static class NoticeEvents
{
    /// <summary>
    /// <see cref="Notifier.RaiseAsync"/> after the feature's own write: a storage failure here loses the notice (logged as a
    /// warning) but never the feature's answer, which was decided before. Cancellation of the request still cancels.
    /// </summary>
    public static async Task<Notifier.Raised?> RaiseAfterAsync(this Notifier notifier, NoticeDraft draft, NoticeFor to, ILogger log, CancellationToken ct)
    {
        try
        {
            return await notifier.RaiseAsync(draft, to, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogWarning(ex, "Notice {Template} ({DedupKey}) was not raised", draft.Template, draft.DedupKey);
            return null;
        }
    }
}

/// <summary>A message on <c>notice-raises</c>: raise this draft (the RaiseNotices function), for a feature's hot path.</summary>
public sealed record NoticeRaise(NoticeDraft Draft, NoticeFor To)
{
    public const string QueueName = "notice-raises";
}

public static class NoticeRaising
{
    /// <summary>
    /// Queues the raise: one storage request on the feature's path, and a storage blip while raising is retried by the
    /// host instead of losing the notice. The deduplication key makes a retried message one notice. A failure to queue is
    /// logged and the feature's answer stands.
    /// </summary>
    public static async Task RaiseLaterAsync(this Kabinet.Platform.Storage.WorkQueues queues, NoticeDraft draft, NoticeFor to, ILogger log, CancellationToken ct)
    {
        try
        {
            await queues.SendAsync(NoticeRaise.QueueName, new NoticeRaise(draft, to), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogWarning(ex, "Notice {Template} ({DedupKey}) was not queued", draft.Template, draft.DedupKey);
        }
    }

    public static void MapRaiseNotices(this WebApplication app) =>
        app.MapQueueFunction<NoticeRaise>("RaiseNotices", async (message, trigger) =>
        {
            if (message?.Draft is not { DedupKey.Length: > 0, Ru: not null } draft || message.To is not { } to || (to.UserId ?? to.AccountId) is null)
            {
                trigger.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Kabinet.Functions.RaiseNotices")
                    .LogWarning("Dropped notice raise {MessageId}: no draft or nobody to raise it for", trigger.Metadata.Id);
                return;
            }
            await trigger.Services.GetRequiredService<Notifier>().RaiseAsync(draft, to, trigger.CancellationToken);
        });
}
