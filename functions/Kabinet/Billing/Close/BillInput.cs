using Kabinet.Billing.Penalties;
using Kabinet.Accounts;
using Kabinet.Providers;
using Kabinet.Readings;

namespace Kabinet.Billing;

/// <summary>The provider's data a close needs, read once per slice.</summary>
public sealed record ProviderBook(ProviderEntity Provider, IReadOnlyList<ServiceEntity> Services, IReadOnlyList<TariffEntity> Tariffs,
    IReadOnlyList<NormEntity> Norms, KeyRateHistory KeyRates, IReadOnlySet<string> Parked);

/// <summary>Everything of one account a close reads: its partition, sorted by kind of row.</summary>
public sealed record AccountRows(
    AccountEntity Account,
    IReadOnlyList<MeterEntity> Meters,
    IReadOnlyList<ReadingRecordEntity> Readings,
    IReadOnlyList<LedgerEntryEntity> Entries,
    IReadOnlyList<BillEntity> Bills,
    IReadOnlyList<MeterBillingEntity> Metering,
    /// <summary>The users who linked the account (its link mirrors): who is told the bill is ready.</summary>
    IReadOnlyList<string> Users);

/// <summary>A close decided: either the bill with every row to commit, or why the account is parked.</summary>
public sealed record BillPlan(
    BillEntity? Bill,
    BillDocument? Document,
    IReadOnlyList<LedgerEntryEntity> Entries,
    IReadOnlyList<MeterBillingEntity> Metering,
    IReadOnlyList<ReadingRecordEntity> ReadingsBilled,
    long NewBalance,
    string? ParkReason = null,
    IReadOnlyDictionary<string, object?>? ParkDetails = null)
{
    public bool Parked => ParkReason is not null;

    /// <summary>Rows of the commit: bill, entries, meter states, readings, account — at most 100 in one entity-group transaction.</summary>
    public int Operations => 1 + Entries.Count + Metering.Count + ReadingsBilled.Count + 1;

    public static BillPlan Park(string reason, IReadOnlyDictionary<string, object?>? details = null) => new(null, null, [], [], [], 0, reason, details);
}
