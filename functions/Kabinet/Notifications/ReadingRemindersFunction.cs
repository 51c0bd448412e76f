using System.Globalization;
using Azure.Data.Tables;
using Kabinet.Accounts;
using Kabinet.Platform.Invocation;
using Kabinet.Platform.Storage;
using Kabinet.Providers;
using Kabinet.Readings;

namespace Kabinet.Notifications;

/// <summary>
/// A kind of reminder the daily timer sends (readings now; billing adds the due date as another). <see cref="IsDue"/> decides
/// for a provider from the provider alone, so the timer reads nothing else; <see cref="RemindAsync"/> does one provider's work.
/// </summary>
public interface IReminderKind
{
    string Name { get; }
    bool IsDue(ProviderEntity provider, DateTimeOffset at);
    /// <summary>Raises the provider's reminders as of <paramref name="at"/>; returns how many notices were new.</summary>
    Task<int> RemindAsync(ProviderEntity provider, DateTimeOffset at, CancellationToken ct);
}

/// <summary>A message on <c>reminders</c>: send the reminders of one kind for one provider, as of the instant the timer ran.</summary>
public sealed record ReminderRun(string Kind, string ProviderId, DateTimeOffset At)
{
    public const string QueueName = "reminders";
}

/// <summary>
/// The daily timer (ReadingReminders) and its queue function (SendReminders). The timer only reads the providers and
/// queues one message per provider and due kind; each message does one provider's accounts, so the work of many accounts
/// spreads over invocations that each fit a function time-out, and a failed provider is retried alone. The message carries
/// the timer's instant: a retry after midnight still reminds for the day the timer decided on.
/// </summary>
public static class ReadingRemindersFunction
{
    public static void AddReminders(this WebApplicationBuilder builder) =>
        builder.Services.AddSingleton<IReminderKind, ReadingReminder>().AddQueues(ReminderRun.QueueName, NoticeRaise.QueueName);

    public static void MapReadingReminders(this WebApplication app)
    {
        app.MapTimerFunction("ReadingReminders", async trigger =>
        {
            var services = trigger.Services;
            var kinds = services.GetServices<IReminderKind>().ToList();
            var queues = services.GetRequiredService<WorkQueues>();
            var at = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var queued = 0;
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ProviderEntity.Partition}");
            await foreach (var provider in services.GetRequiredService<ProviderTables>().Providers.QueryAsync<ProviderEntity>(filter, cancellationToken: trigger.CancellationToken))
                foreach (var kind in kinds.Where(k => k.IsDue(provider, at)))
                {
                    await queues.SendAsync(ReminderRun.QueueName, new ReminderRun(kind.Name, provider.ProviderId, at), trigger.CancellationToken);
                    queued++;
                }
            services.GetRequiredService<ILoggerFactory>().CreateLogger("Kabinet.Functions.ReadingReminders")
                .LogInformation("Queued {Count} provider reminder runs as of {At} (past due: {IsPastDue})", queued, at, trigger.Timer.IsPastDue);
        });

        app.MapQueueFunction<ReminderRun>("SendReminders", async (run, trigger) =>
        {
            var services = trigger.Services;
            var log = services.GetRequiredService<ILoggerFactory>().CreateLogger("Kabinet.Functions.SendReminders");
            var kind = services.GetServices<IReminderKind>().FirstOrDefault(k => k.Name == run?.Kind);
            var provider = kind is null || run?.ProviderId is null ? null
                : await services.GetRequiredService<ProviderCache>().ProviderAsync(run.ProviderId, trigger.CancellationToken);
            if (kind is null || provider is null)
            {
                log.LogWarning("Dropped reminder run {MessageId}: no such kind or provider", trigger.Metadata.Id);
                return;
            }
            // Checked again: the provider may have moved its readings day since the timer read it.
            if (!kind.IsDue(provider, run!.At)) return;
            var written = await kind.RemindAsync(provider, run.At, trigger.CancellationToken);
            log.LogInformation("Reminders {Kind} of provider {ProviderId}: {Written} new notices", kind.Name, provider.ProviderId, written);
        });
    }
}

/// <summary>
/// The reading reminder: from <see cref="ReminderRules.DaysBeforeSetting"/> days (default 3) before the provider's readings
/// day, once per account and period (the key is the account and period, so later runs of the window add nothing), to every
/// user linked to an account that has an active meter read by hand (<see cref="MeterEntity.RemoteRead"/> false) with no reading
/// counting for the period yet.
/// </summary>
public sealed class ReadingReminder(AccountTables accounts, Notifier notifier, IConfiguration config) : IReminderKind
{
    public const string KindName = "reading";
    private const int Parallelism = 8;

    public string Name => KindName;

    private int DaysBefore => Math.Clamp(config.GetValue(ReminderRules.DaysBeforeSetting, ReminderRules.DefaultDaysBefore), 0, 27);

    private static DateOnly? LocalDate(ProviderEntity provider, DateTimeOffset at)
    {
        try { return ReadingCalendar.LocalDate(at, provider.TimeZone); }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException) { return null; }
    }

    public bool IsDue(ProviderEntity provider, DateTimeOffset at) =>
        LocalDate(provider, at) is { } today && ReminderRules.IsReminderDay(today, provider.ReadingsDay, DaysBefore);

    public async Task<int> RemindAsync(ProviderEntity provider, DateTimeOffset at, CancellationToken ct)
    {
        if (LocalDate(provider, at) is not { } today) return 0;
        var readingsDay = Math.Clamp(provider.ReadingsDay, 1, 31);
        var period = ReadingCalendar.PeriodFor(today, readingsDay);
        var deadline = ReminderRules.Deadline(today, readingsDay);
        var ids = new List<string>();
        var index = TableClient.CreateQueryFilter($"PartitionKey eq {provider.ProviderId}");
        await foreach (var row in accounts.AccountIndex.QueryAsync<AccountIndexEntity>(index, select: [nameof(AccountIndexEntity.AccountId)], cancellationToken: ct))
            ids.Add(row.AccountId);
        var written = 0;
        await Parallel.ForEachAsync(ids.Distinct(), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (accountId, token) =>
        {
            if (!TableKeys.IsSafe(accountId)) return;
            var state = await AccountStateAsync(accountId, token);
            if (state.Number is null || !state.HasUsers) return;
            var unread = ReminderRules.UnreadMeters(state.Meters, state.Readings, today, readingsDay);
            if (unread.Count == 0) return;
            var raised = await notifier.RaiseAsync(NoticeTemplates.ReadingReminder(accountId, state.Number, unread, deadline, period) with { TimeZone = provider.TimeZone },
                NoticeFor.Account(accountId), token);
            Interlocked.Add(ref written, raised.Written.Count);
        });
        return written;
    }

    private sealed record AccountState(string? Number, bool HasUsers, List<ReminderMeter> Meters, List<ReminderReading> Readings);

    /// <summary>One query of the account's partition: its row, meters, readings and link mirrors (payments come along; bills do not).</summary>
    private async Task<AccountState> AccountStateAsync(string accountId, CancellationToken ct)
    {
        string? number = null;
        var hasUsers = false;
        var meters = new List<ReminderMeter>();
        var readings = new List<ReminderReading>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {accountId} and (RowKey eq {AccountEntity.Row} or RowKey ge {MeterEntity.Prefix})");
        string[] columns = ["RowKey", nameof(AccountEntity.Number), nameof(MeterEntity.Serial), nameof(MeterEntity.RemoteRead), nameof(MeterEntity.State),
            nameof(ReadingRecordEntity.Date), nameof(ReadingRecordEntity.Status)];
        await foreach (var row in accounts.Accounts.QueryAsync<TableEntity>(filter, select: columns, cancellationToken: ct))
        {
            var key = row.RowKey;
            if (key == AccountEntity.Row) number = row.GetString(nameof(AccountEntity.Number));
            else if (key.StartsWith(MeterEntity.Prefix, StringComparison.Ordinal))
                meters.Add(new ReminderMeter(row.GetString(nameof(MeterEntity.Serial)) ?? key[MeterEntity.Prefix.Length..],
                    row.GetBoolean(nameof(MeterEntity.RemoteRead)) ?? false, (row.GetString(nameof(MeterEntity.State)) ?? MeterStates.Active) == MeterStates.Active));
            else if (key.StartsWith(ReadingRecordEntity.Prefix, StringComparison.Ordinal)
                && DateOnly.TryParseExact(row.GetString(nameof(ReadingRecordEntity.Date)), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                readings.Add(new ReminderReading(row.GetString(nameof(ReadingRecordEntity.Serial)) ?? "", date, row.GetString(nameof(ReadingRecordEntity.Status)) ?? ""));
            else if (key.StartsWith(AccountUserEntity.Prefix, StringComparison.Ordinal)) hasUsers = true;
        }
        return new AccountState(number, hasUsers, meters, readings);
    }
}
