using Kabinet.Billing.Calendar;
using Azure.Data.Tables;
using Kabinet.Accounts;
using Kabinet.Notifications;
using Kabinet.Platform.Storage;
using Kabinet.Providers;

namespace Kabinet.Billing;

/// <summary>
/// The due-date reminder, a kind of the daily reminder timer: on the <see cref="ReminderRules.DaysBeforeSetting"/> days (3) before
/// the latest bill's due date, every account of the provider that still owes (its balance above zero) gets one "payment due"
/// notice per period. The account row carries the balance and the due date, so it is one read per account.
/// </summary>
public sealed class PaymentReminder(AccountTables accounts, Notifier notifier, IConfiguration config) : IReminderKind
{
    public const string KindName = "payment";
    private const int Parallelism = 8;

    public string Name => KindName;

    private int DaysBefore => Math.Clamp(config.GetValue(ReminderRules.DaysBeforeSetting, ReminderRules.DefaultDaysBefore), 0, 27);

    /// <summary>The due date of the bill of the month before today's, when today is one of the days before it.</summary>
    private DateOnly? DueDate(ProviderEntity provider, DateTimeOffset at)
    {
        var today = BillPlanner.LocalDate(at, provider.TimeZone);
        var due = WorkingDays.DueDate(BillingRunRules.EndedPeriod(today), provider.BillDueDay);
        return today < due && today >= due.AddDays(-Math.Max(1, DaysBefore)) ? due : null;
    }

    public bool IsDue(ProviderEntity provider, DateTimeOffset at) => DueDate(provider, at) is not null;

    public async Task<int> RemindAsync(ProviderEntity provider, DateTimeOffset at, CancellationToken ct)
    {
        if (DueDate(provider, at) is not { } due) return 0;
        var dueText = due.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var ids = new List<string>();
        await foreach (var row in accounts.AccountIndex.QueryAsync<AccountIndexEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {provider.ProviderId}"),
            select: [nameof(AccountIndexEntity.AccountId)], cancellationToken: ct))
            ids.Add(row.AccountId);
        var written = 0;
        await Parallel.ForEachAsync(ids.Distinct(), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (accountId, token) =>
        {
            if (!TableKeys.IsSafe(accountId)) return;
            var found = await accounts.Accounts.GetEntityIfExistsAsync<AccountEntity>(accountId, AccountEntity.Row,
                select: [nameof(AccountEntity.Number), nameof(AccountEntity.Balance), nameof(AccountEntity.DueDate), nameof(AccountEntity.LastBillPeriod)], cancellationToken: token);
            if (!found.HasValue || found.Value is not { Balance: > 0, LastBillPeriod: { } period } a || a.DueDate != dueText) return;
            var raised = await notifier.RaiseAsync(NoticeTemplates.PaymentDue(accountId, a.Number, period, a.Balance, due) with { TimeZone = provider.TimeZone },
                NoticeFor.Account(accountId), token);
            Interlocked.Add(ref written, raised.Written.Count);
        });
        return written;
    }
}
