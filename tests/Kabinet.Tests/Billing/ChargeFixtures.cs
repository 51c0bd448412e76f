using System.Text.Json;
using Kabinet.Accounts;
using Kabinet.Billing;
using Kabinet.Billing.Charges;
using Kabinet.Providers;
using Kabinet.Readings;

namespace Kabinet.Tests.Billing;

/// <summary>Rows for the charge rules' tests: one account (2 rooms, 3 residents, gas stove), readings day 25.</summary>
internal static class ChargeFixtures
{
    public const string Provider = "omsk-energo";
    public const string AccountId = "acc1";
    public const int ReadingsDay = 25;

    public static AccountEntity Account(int residents = 3, int rooms = 2, string stove = "gas") =>
        new() { PartitionKey = AccountId, ProviderId = Provider, Number = "100", Rooms = rooms, Residents = residents, Stove = stove };

    public static MeterEntity Meter(string zoneSet = "T1", string serial = "S1", int digits = 6, int fractionDigits = 1,
        string? verifiedUntil = null, string state = MeterStates.Active, bool remote = false) => new()
    {
        PartitionKey = AccountId, RowKey = MeterEntity.RowFor(serial), Serial = serial, Service = "electricity", ZoneSet = zoneSet,
        Digits = digits, FractionDigits = fractionDigits, VerifiedUntil = verifiedUntil, State = state, RemoteRead = remote,
    };

    public static string V(params (string Zone, decimal Value)[] values) => ReadingRules.ToStored(values.ToDictionary(v => v.Zone, v => v.Value));
    public static string T1(decimal value) => V(("T1", value));

    public static ReadingRecordEntity Reading(string date, string values, string status = ReadingStatuses.Accepted, string serial = "S1") => new()
    {
        PartitionKey = AccountId, RowKey = ReadingRecordEntity.RowFor(serial, date), Serial = serial, Date = date, Values = values, Status = status,
    };

    public static MeterBillingEntity State(string? billedDate, string? billedValues, string estimated = "{}", int periods = 0, string serial = "S1") => new()
    {
        PartitionKey = AccountId, RowKey = MeterBillingEntity.RowFor(serial), Serial = serial, BilledDate = billedDate, BilledValues = billedValues,
        EstimatedVolumes = estimated, EstimatedPeriods = periods,
    };

    public static TariffEntity Tariff(string bands, string zoneSet = "T1", string from = "2026-01-01") => new()
    {
        PartitionKey = Provider, RowKey = $"electricity|{zoneSet}|{from}", Service = "electricity", ZoneSet = zoneSet, EffectiveFrom = from, Bands = bands,
    };

    public static TariffEntity Flat(string rate, string from = "2026-01-01") => Tariff("[{\"upTo\":null,\"rates\":{\"T1\":\"" + rate + "\"}}]", from: from);

    public static readonly ServiceEntity Electricity = new() { PartitionKey = Provider, RowKey = "electricity", Name = "Электроэнергия", Unit = "kWh", Kind = "metered" };

    public static ServiceEntity Fixed(string code, string unit, long? kopecks) =>
        new() { PartitionKey = Provider, RowKey = code, Name = code, Unit = unit, Kind = "fixed", FixedAmount = kopecks };

    public static NormEntity Norm(string kwhPerPerson, int rooms = 2, int residents = 3, string stove = "gas") =>
        new() { PartitionKey = Provider, RowKey = $"{rooms}|{residents}|{stove}", Rooms = rooms, Residents = residents, Stove = stove, KwhPerPerson = kwhPerPerson };

    public static ChargeInput Input(string period, IEnumerable<ReadingRecordEntity>? readings = null, IEnumerable<MeterBillingEntity>? states = null,
        IEnumerable<TariffEntity>? tariffs = null, IEnumerable<MeterEntity>? meters = null, IEnumerable<ServiceEntity>? services = null,
        IEnumerable<NormEntity>? norms = null, AccountEntity? account = null) => new(
        period, ReadingsDay, account ?? Account(), (meters ?? [Meter()]).ToList(), (readings ?? []).ToList(), (states ?? []).ToList(),
        (services ?? [Electricity]).ToList(), (tariffs ?? [Flat("5.67")]).ToList(), (norms ?? [Norm("95")]).ToList());

    public static Dictionary<string, decimal> Stored(string json) => ReadingRules.ParseStored(json);

    public static ChargeResult Ok(ChargeInput input)
    {
        var result = ChargeRules.Calculate(input);
        Assert.IsNull(result.ParkReason, "parked: " + result.ParkReason + " " + JsonSerializer.Serialize(result.ParkData));
        return result;
    }
}
