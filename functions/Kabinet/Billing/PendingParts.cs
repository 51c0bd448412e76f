// TEMPORARY: stand-ins until the helpers' branches merge. Not committed.
using Kabinet.Accounts;
using Kabinet.Providers;
using Kabinet.Readings;
using Kabinet.Platform.Storage;
namespace Kabinet.Billing;
public sealed record ChargeInput(string Period, int ReadingsDay, AccountEntity Account, IReadOnlyList<MeterEntity> Meters, IReadOnlyList<ReadingRecordEntity> Readings,
    IReadOnlyList<MeterBillingEntity> MeterStates, IReadOnlyList<ServiceEntity> Services, IReadOnlyList<TariffEntity> Tariffs, IReadOnlyList<NormEntity> Norms);
public sealed record ChargeResult(IReadOnlyList<BillLine> Lines, IReadOnlyList<BillReading> Readings, IReadOnlyList<MeterBillingEntity> MeterStates,
    IReadOnlyList<string> ReadingRowsToMarkBilled, string? ParkReason, IReadOnlyDictionary<string, object?>? ParkData)
{
    public IReadOnlyList<ReadingRecordEntity> ReadingsBilled(IEnumerable<ReadingRecordEntity> all) => all.Where(r => ReadingRowsToMarkBilled.Contains(r.RowKey)).ToList();
}
public static class ChargeRules
{
    public static ChargeResult Calculate(ChargeInput input) => new([], [], [], [], null, null);
    public static IEnumerable<(string Service, string? Zone, long Amount)> EntriesOf(IReadOnlyList<BillLine> lines) => lines.GroupBy(l => (l.Service, l.Zone)).Select(g => (g.Key.Service, g.Key.Zone, g.Sum(l => l.Amount)));
    public static IReadOnlyList<ConsumptionMonth> VolumesOf(string period, IReadOnlyList<BillLine> lines) => [];
}
public sealed class KeyRateHistory;
public sealed class KeyRates { public Task<KeyRateHistory> HistoryAsync(CancellationToken ct) => Task.FromResult(new KeyRateHistory()); }
public sealed record PenaltyCalculation(long Total);
public static class PenaltyRules { public static PenaltyCalculation Calculate(IEnumerable<LedgerEntryEntity> e, DateOnly asOf, KeyRateHistory r) => new(0); }
public static class WorkingDays { public static DateOnly DueDate(string period, int day) => BillingRunRules.FirstDay(period).AddMonths(1).AddDays(day - 1); }
public static class BillPdfQueue { public static Task EnqueueAsync(WorkQueues q, string a, string p, CancellationToken ct) => Task.CompletedTask; }
public static class ProviderBank { }
