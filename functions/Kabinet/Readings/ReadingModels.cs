using System.Text.Json;

namespace Kabinet.Readings;

/// <summary>POST body: one value per zone (JSON number or numeric string); confirmImplausible accepts an implausible reading for review.</summary>
public sealed record ReadingRequest(Dictionary<string, JsonElement>? Values, bool? ConfirmImplausible);

public sealed record ReadingView(
    string Id, string AccountId, string MeterId, string Date, string Period, IReadOnlyDictionary<string, decimal> Values,
    string Channel, string Status, DateTimeOffset SubmittedAt);

public sealed record EstimateView(
    IReadOnlyDictionary<string, decimal> ConsumptionByZone, IReadOnlyList<PriceLine> Lines, long Amount, long Balance, long AmountToPay,
    string? TariffEffectiveFrom);

public sealed record SubmittedView(ReadingView Reading, EstimateView Estimate, IReadOnlyList<string> Warnings, bool Replaced);

public sealed record ZoneLastView(string Zone, decimal? Value, string? Date);

public sealed record WindowView(string TimeZone, int ReadingsDay, string Today, string Period);

public sealed record MeterReadingsView(
    string Id, string Serial, string Model, string Service, string ZoneSet, IReadOnlyList<string> Zones, int Digits, int FractionDigits,
    string? VerifiedUntil, bool RemoteRead, string State, IReadOnlyList<ZoneLastView> LastReadings, ReadingView? LastReading,
    WindowView Window, bool CanSubmit, string? Reason, IReadOnlyList<string> Warnings);
