namespace Kabinet.Accounts;

public sealed record VerificationRequest(string? Method, string? Date, long? Amount, string? Serial);

public sealed record LinkRequest(string? ProviderId, string? Number, VerificationRequest? Verification, string? Alias, string? GroupId);

/// <summary>Absent (null) fields stay as they are; an empty alias removes it.</summary>
public sealed record AccountPatch(string? Alias, string? GroupId, string? BillDelivery);

public sealed record GroupRequest(string? Name);

public sealed record AccountView(
    string Id, string ProviderId, string? ProviderName, string Number, string? Alias, string GroupId, string? Address,
    long Balance, long AmountDue, string BillDelivery, string MyBillDelivery);

public sealed record PremisesView(int Rooms, int Residents, decimal? Area, string Stove);

public sealed record MeterView(
    string Serial, string Model, string Service, string ZoneSet, IReadOnlyList<string> Zones, int Digits, int FractionDigits,
    string? InstalledOn, string? VerifiedUntil, string? AccuracyClass, string? Location, bool RemoteRead, string State);

public sealed record AccountDetailsView(
    string Id, string ProviderId, string? ProviderName, string Number, string? Alias, string GroupId, string? Address,
    long Balance, long AmountDue, string BillDelivery, string MyBillDelivery,
    string? HolderName, PremisesView? Premises, IReadOnlyList<MeterView> Meters);

public sealed record GroupView(string Id, string Name, bool Builtin, int AccountCount);
