using Kabinet.Accounts;
using Kabinet.Providers;
using Kabinet.Readings;

namespace Kabinet.Billing.Charges;

/// <summary>
/// Everything the charge rules need for one account and one period, as loaded by the close run: the account's
/// partition (account row, meters, all reading rows, billing's meter states) and the provider's services, tariffs, norms.
/// </summary>
/// <param name="Period">The billing period, yyyy-MM.</param>
/// <param name="ReadingsDay">The provider's readings day (<see cref="ReadingCalendar.PeriodFor"/>).</param>
public sealed record ChargeInput(
    string Period,
    int ReadingsDay,
    AccountEntity Account,
    IReadOnlyList<MeterEntity> Meters,
    IReadOnlyList<ReadingRecordEntity> Readings,
    IReadOnlyList<MeterBillingEntity> MeterStates,
    IReadOnlyList<ServiceEntity> Services,
    IReadOnlyList<TariffEntity> Tariffs,
    IReadOnlyList<NormEntity> Norms);

/// <summary>
/// The period's charges of one account, or why it is parked (then everything else is empty and nothing is written).
/// MeterStates: the new billing state of every active meter (PK = account id, RK = <see cref="MeterBillingEntity.RowFor"/>,
/// ETag copied from the state it replaces, so it may be written with that ETag or upserted).
/// ReadingRowsToMarkBilled: row keys of the reading rows this bill used, to be set to status billed in the same commit.
/// </summary>
public sealed record ChargeResult(
    IReadOnlyList<BillLine> Lines,
    IReadOnlyList<BillReading> Readings,
    IReadOnlyList<MeterBillingEntity> MeterStates,
    IReadOnlyList<string> ReadingRowsToMarkBilled,
    string? ParkReason,
    IReadOnlyDictionary<string, object?>? ParkData)
{
    public bool Parked => ParkReason is not null;

    /// <summary>Sum of the lines' amounts (kopecks): the same rounded figures the lines store.</summary>
    public long Total => Lines.Sum(l => l.Amount);

    public static ChargeResult Park(string reason, IReadOnlyDictionary<string, object?> data) => new([], [], [], [], reason, data);
}

/// <summary>An account's data broke an invariant: the close run parks the account with this code and data.</summary>
internal sealed class ChargeParked(string code, IReadOnlyDictionary<string, object?> data) : Exception(code)
{
    public string Code { get; } = code;
    public IReadOnlyDictionary<string, object?> ParkData { get; } = data;
}
