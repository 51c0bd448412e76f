using System.Text.Json;

namespace Kabinet.Readings;

/// <summary>POST body: one value per zone (JSON number or numeric string); confirmImplausible accepts an implausible reading for review.</summary>
public sealed record ReadingRequest(Dictionary<string, JsonElement>? Values, bool? ConfirmImplausible);

public sealed record ReadingView(
    string Id, string AccountId, string MeterId, string Date, string Period, IReadOnlyDictionary<string, decimal> Values,
    string Channel, string Status, DateTimeOffset SubmittedAt);

/// <summary>
/// Amount: what this consumption costs (kopecks). AmountDue and Overpayment (kopecks, both ≥ 0, never both above zero): the account's
/// balance as read with the meter plus Amount, as what would be owed or what would stay prepaid.
/// </summary>
public sealed record EstimateView(
    IReadOnlyDictionary<string, decimal> ConsumptionByZone, IReadOnlyList<PriceLine> Lines, long Amount, long AmountDue, long Overpayment,
    string? TariffEffectiveFrom);

public sealed record SubmittedView(ReadingView Reading, EstimateView Estimate, IReadOnlyList<string> Warnings, bool Replaced);

public sealed record WindowView(string TimeZone, int ReadingsDay, string Today, string Period);

/// <summary>
/// Id is the meter's key in paths (opaque to clients); Serial the number printed on it. LastReading is the latest reading that counts
/// (accepted, needs_review or billed; never a withdrawn one), with a value for every zone of the meter; null when there is none.
/// </summary>
public sealed record MeterReadingsView(
    string Id, string Serial, string Model, string Service, string ZoneSet, IReadOnlyList<string> Zones, int Digits, int FractionDigits,
    string? VerifiedUntil, bool RemoteRead, string State, ReadingView? LastReading,
    WindowView Window, bool CanSubmit, string? Reason, IReadOnlyList<string> Warnings);
