using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Kabinet.Accounts;
using Kabinet.Auth;
using Kabinet.Email;
using Kabinet.Platform.Errors;
using Kabinet.Platform.Invocation;
using Kabinet.Platform.Storage;
using Kabinet.Providers;
using Microsoft.Extensions.Options;

namespace Kabinet.Notifications;

/// <summary>
/// Delivers one <see cref="NoticeDelivery"/>: reads its notices and users, decides each notice's channels
/// (<see cref="ChannelRules"/>), holds SMS and messenger in the provider's quiet hours (<see cref="QuietHours"/>) by queueing
/// them again for the window's end, sends every e-mail over one SMTP session, and records each channel's sent time on the
/// notice as soon as it has gone out, so that a retry sends only what is missing.
/// </summary>
public sealed class NoticeDeliverer(NotificationTables tables, Users users, AccountTables accounts, ProviderCache providers, SmtpSender smtp,
    ISmsGateway sms, IMessengerGateway messenger, WorkQueues queues, TimeProvider clock, IOptions<NotificationOptions> options,
    ILogger<NoticeDeliverer> log)
{
    /// <summary>A queue message stays invisible for at most 7 days; a longer wait comes back early and waits again.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromDays(7) - TimeSpan.FromMinutes(5);

    private static readonly string[] Holdable = [Channels.Sms, Channels.Messenger];

    private sealed class Item(NoticeRef at)
    {
        public NoticeRef Ref { get; } = at;
        public NoticeEntity? Notice { get; set; }
        public UserEntity? User { get; set; }
        public List<string> Due { get; } = [];
        public bool Held { get; set; }
        public bool Failed { get; set; }
    }

    public async Task DeliverAsync(NoticeDelivery message, QueueTrigger trigger)
    {
        var ct = trigger.CancellationToken;
        if (message.Items is null || message.Items.Count > NoticeDelivery.MaxItems || message.Items.Any(i => i is null))
            throw new ProblemException(StatusCodes.Status400BadRequest, "invocation.malformed");
        var now = clock.GetUtcNow();
        if (message.NotBefore is { } notBefore && notBefore > now)
        {
            await queues.SendAsync(NoticeDelivery.QueueName, message, ct, Min(notBefore - now, MaxDelay));
            return;
        }
        var o = options.Value;
        var requested = message.Channels?.ToHashSet(StringComparer.Ordinal);
        var items = message.Items.Distinct().Select(r => new Item(r)).ToList();
        await LoadAsync(items, o.Parallelism, ct);

        var withdrawn = new ConcurrentDictionary<string, Task<bool>>(StringComparer.Ordinal);
        var accountCache = new ConcurrentDictionary<string, Task<AccountEntity?>>(StringComparer.Ordinal);
        DateTimeOffset? heldUntil = null;
        foreach (var item in items)
        {
            if (item is not { Notice: { } notice, User: { } user }) continue;
            if (!notice.Deliver || notice.ExpiresAt <= now) continue;
            var broadcast = notice.BroadcastId ?? message.BroadcastId;
            if (broadcast is not null && await withdrawn.GetOrAdd(broadcast, id => WithdrawnAsync(id, ct))) continue;
            var due = ChannelRules.Due(notice, user, requested).Where(Available).ToList();
            if (due.Any(c => ChannelRules.Holdable(notice, c)))
            {
                var (from, to) = await QuietWindowAsync(notice, accountCache, ct);
                if (QuietHours.HeldUntil(now, notice.TimeZone, from, to) is { } until)
                {
                    due.RemoveAll(c => ChannelRules.Holdable(notice, c));
                    item.Held = true;
                    heldUntil = heldUntil is null || until < heldUntil ? until : heldUntil;
                }
            }
            item.Due.AddRange(due);
        }

        var errors = new ConcurrentQueue<Exception>();
        await Task.WhenAll(SendEmailsAsync(items, now, errors, ct), SendShortAsync(items, now, o.Parallelism, errors, ct));

        var lastAttempt = trigger.DequeueCount >= o.MaxDequeueCount;
        // A failed attempt is retried, and the retry holds again: queueing the held part now would queue it twice.
        if (heldUntil is { } until2 && (errors.IsEmpty || lastAttempt))
        {
            var held = message with { Channels = Holdable, NotBefore = until2, Items = [.. items.Where(i => i.Notice is not null).Select(i => i.Ref)] };
            await queues.SendAsync(NoticeDelivery.QueueName, held, ct, Min(until2 - now, MaxDelay));
        }
        if (message.BroadcastId is { } broadcastId && message.Chunk is { } chunk && TableKeys.IsSafe(broadcastId))
            await WriteCountsAsync(broadcastId, chunk, items, lastAttempt && !errors.IsEmpty, ct);
        if (!errors.IsEmpty)
        {
            log.LogWarning("Delivery of {Failed} of {Count} notices failed (attempt {Attempt})", items.Count(i => i.Failed), items.Count, trigger.DequeueCount);
            throw new AggregateException("Some notices could not be delivered", errors);
        }
    }

    private bool Available(string channel) => channel switch
    {
        Channels.Sms => sms.IsAvailable,
        Channels.Messenger => messenger.IsAvailable,
        _ => true,
    };

    private async Task LoadAsync(List<Item> items, int parallelism, CancellationToken ct)
    {
        var userCache = new ConcurrentDictionary<string, Task<UserEntity?>>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, async (item, token) =>
        {
            if (!TableKeys.IsId(item.Ref.UserId) || !NoticeIds.IsWellFormed(item.Ref.NoticeId)) return;
            var notice = tables.Notices.GetEntityIfExistsAsync<NoticeEntity>(item.Ref.UserId, item.Ref.NoticeId, cancellationToken: token);
            var user = userCache.GetOrAdd(item.Ref.UserId, id => users.FindAsync(id, token));
            var found = await notice;
            item.Notice = found.HasValue ? found.Value : null;
            item.User = await user;
        });
    }

    private async Task<bool> WithdrawnAsync(string broadcastId, CancellationToken ct)
    {
        if (!TableKeys.IsSafe(broadcastId)) return false;
        var row = await tables.Broadcasts.GetEntityIfExistsAsync<TableEntity>("broadcast", broadcastId, ["Withdrawn"], ct);
        return row.HasValue && row.Value!.GetBoolean("Withdrawn") == true;
    }

    /// <summary>The quiet hours of the provider of the notice's account; the defaults for a notice of no account.</summary>
    private async Task<(string From, string To)> QuietWindowAsync(NoticeEntity notice, ConcurrentDictionary<string, Task<AccountEntity?>> cache, CancellationToken ct)
    {
        if (notice.AccountId is not { } accountId || !TableKeys.IsSafe(accountId)) return (QuietHoursDefaults.From, QuietHoursDefaults.To);
        var account = await cache.GetOrAdd(accountId, async id =>
        {
            var found = await accounts.Accounts.GetEntityIfExistsAsync<AccountEntity>(id, AccountEntity.Row, cancellationToken: ct);
            return found.HasValue ? found.Value : null;
        });
        var provider = account is null ? null : await providers.ProviderAsync(account.ProviderId, ct);
        return provider is null ? (QuietHoursDefaults.From, QuietHoursDefaults.To) : (provider.QuietHoursFrom, provider.QuietHoursTo);
    }

    /// <summary>Every e-mail of the message over one SMTP connection; the sent times are written alongside.</summary>
    private async Task SendEmailsAsync(List<Item> items, DateTimeOffset now, ConcurrentQueue<Exception> errors, CancellationToken ct)
    {
        var emails = items.Where(i => i.Due.Contains(Channels.Email)).ToList();
        if (emails.Count == 0) return;
        var marks = new List<Task>(emails.Count);
        using var writes = new SemaphoreSlim(options.Value.Parallelism);
        try
        {
            await using var session = await smtp.OpenAsync(ct);
            foreach (var item in emails)
            {
                try
                {
                    var mail = NoticeFormats.Email(item.Notice!, item.User!.Language, options.Value.CabinetUrl);
                    await session.SendAsync(new EmailMessage(item.User.Email!, mail.Subject, mail.Text, mail.Html),
                        $"notice.{item.Ref.NoticeId}.{item.Ref.UserId}", ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Fail(item, e, errors);
                    continue;
                }
                marks.Add(MarkAsync(item, Channels.Email, now, errors, writes, ct));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The connection could not be opened: none of them went out.
            foreach (var item in emails.Where(i => i.Notice!.EmailSentAt is null)) Fail(item, e, errors);
        }
        await Task.WhenAll(marks);
    }

    /// <summary>SMS, then messenger, of each notice; notices in parallel.</summary>
    private async Task SendShortAsync(List<Item> items, DateTimeOffset now, int parallelism, ConcurrentQueue<Exception> errors, CancellationToken ct)
    {
        var work = items.Where(i => i.Due.Contains(Channels.Sms) || i.Due.Contains(Channels.Messenger)).ToList();
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, async (item, token) =>
        {
            var text = NoticeFormats.Short(item.Notice!, item.User!.Language, options.Value.CabinetUrl);
            foreach (var channel in new[] { Channels.Sms, Channels.Messenger }.Where(item.Due.Contains))
            {
                try
                {
                    if (channel == Channels.Sms) await sms.SendAsync(item.User.Phone!, text, token);
                    else await messenger.SendAsync(item.User.Phone!, text, token);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Fail(item, e, errors);
                    continue;
                }
                await MarkAsync(item, channel, now, errors, null, token);
            }
        });
    }

    /// <summary>Records that the channel has gone out: only ever set, under the row's ETag (a concurrent read or confirm is kept).</summary>
    private async Task MarkAsync(Item item, string channel, DateTimeOffset at, ConcurrentQueue<Exception> errors, SemaphoreSlim? gate, CancellationToken ct)
    {
        if (gate is not null) await gate.WaitAsync(ct);
        try
        {
            var sentAt = clock.GetUtcNow();
            var result = await tables.Notices.UpdateWithRetryAsync<NoticeEntity>(item.Ref.UserId, item.Ref.NoticeId,
                n => ChannelRules.MarkSent(n, channel, sentAt < at ? at : sentAt), ct, mode: TableUpdateMode.Merge);
            // The e-mail loop and the SMS one may both mark the same notice: each keeps what the other wrote.
            lock (item)
            {
                if (result.Entity is { } written) ChannelRules.MarkSent(item.Notice!, channel, ChannelRules.SentAt(written, channel) ?? sentAt);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Fail(item, e, errors);
        }
        finally
        {
            gate?.Release();
        }
    }

    private void Fail(Item item, Exception e, ConcurrentQueue<Exception> errors)
    {
        item.Failed = true;
        errors.Enqueue(e);
        log.LogWarning(e, "Notice {NoticeId} of user {UserId} not delivered", item.Ref.NoticeId, item.Ref.UserId);
    }

    /// <summary>
    /// The chunk's delivery counts, absolute over the message's notices (<see cref="DeliveryCounts"/>; BroadcastProgress sums them): a later run
    /// of the same chunk overwrites them. Failed is set by a last attempt that failed, and kept otherwise.
    /// </summary>
    private async Task WriteCountsAsync(string broadcastId, int chunk, List<Item> items, bool gaveUp, CancellationToken ct)
    {
        var notices = items.Where(i => i.Notice is not null).Select(i => i.Notice!).ToList();
        int Count(Func<NoticeEntity, DateTimeOffset?> sent) => notices.Count(n => sent(n) is not null);
        var rowKey = DeliveryCounts.RowKey(chunk);
        await TableUpdates.UpdateWithRetryAsync<TableEntity>(
            async c => await tables.Broadcasts.GetEntityIfExistsAsync<TableEntity>(broadcastId, rowKey, cancellationToken: c) is { HasValue: true } found
                ? found.Value! : new TableEntity(broadcastId, rowKey),
            row =>
            {
                row[DeliveryCounts.Email] = Count(n => n.EmailSentAt);
                row[DeliveryCounts.Sms] = Count(n => n.SmsSentAt);
                row[DeliveryCounts.Messenger] = Count(n => n.MessengerSentAt);
                row[DeliveryCounts.Held] = items.Count(i => i.Held);
                if (gaveUp) row[DeliveryCounts.Failed] = items.Count(i => i.Failed);
                else if (!row.ContainsKey(DeliveryCounts.Failed)) row[DeliveryCounts.Failed] = 0;
                return true;
            },
            async (row, c) =>
            {
                if (row.ETag == default) await tables.Broadcasts.AddEntityAsync(row, c);
                else await tables.Broadcasts.WriteAsync(row, TableUpdateMode.Replace, c);
            }, ct);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}

/// <summary>The delivery counts of a broadcast's chunk: PK = broadcast id, RK = <see cref="RowKey"/>, in the broadcasts table.</summary>
public static class DeliveryCounts
{
    public const string Email = "Email";
    public const string Sms = "Sms";
    public const string Messenger = "Messenger";
    public const string Failed = "Failed";
    public const string Held = "Held";

    public static string RowKey(int chunk) => $"chunk|{chunk:D5}|delivery";
}
