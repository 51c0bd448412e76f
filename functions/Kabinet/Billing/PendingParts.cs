// TEMPORARY: stand-ins until the helpers' branches merge. Not committed.
using Kabinet.Accounts;
using Kabinet.Providers;
using Kabinet.Readings;
using Kabinet.Platform.Storage;
namespace Kabinet.Billing;
public sealed class KeyRateHistory;
public sealed class KeyRates { public Task<KeyRateHistory> HistoryAsync(CancellationToken ct) => Task.FromResult(new KeyRateHistory()); }
public sealed record PenaltyCalculation(long Total);
public static class PenaltyRules { public static PenaltyCalculation Calculate(IEnumerable<LedgerEntryEntity> e, DateOnly asOf, KeyRateHistory r) => new(0); }
public static class WorkingDays { public static DateOnly DueDate(string period, int day) => BillingRunRules.FirstDay(period).AddMonths(1).AddDays(day - 1); }
public static class BillPdfQueue { public static Task EnqueueAsync(WorkQueues q, string a, string p, CancellationToken ct) => Task.CompletedTask; }
public static class ProviderBank { }
