namespace Kabinet.Accounts;

public sealed record VerificationRequest(string? Method, string? Date, long? Amount, string? Serial);

public sealed record LinkRequest(string? ProviderId, string? Number, VerificationRequest? Verification, string? Alias, string? GroupId);

/// <summary>Absent (null) fields stay as they are; an empty alias removes it.</summary>
public sealed record AccountPatch(string? Alias, string? GroupId, string? BillDelivery);

public sealed record GroupRequest(string? Name);

/// <summary>
/// Balance in kopecks, positive = the customer owes, negative = prepaid; amountDue and overpayment are its two sides (both ≥ 0).
/// BillDelivery is this user's choice (what PATCH sets); ProviderBillDelivery how the provider sends the bills: email only once
/// every user who linked the account chose email. DueDate: by when amountDue is to be paid (the latest bill's due date; null when
/// nothing is due); LastBillPeriod: the latest period billed.
/// </summary>
public sealed record AccountView(
    string Id, string ProviderId, string? ProviderName, string Number, string? Alias, string GroupId, string? Address,
    long Balance, long AmountDue, long Overpayment, string BillDelivery, string ProviderBillDelivery, string? DueDate = null, string? LastBillPeriod = null);

public sealed record PremisesView(int Rooms, int Residents, decimal? Area, string Stove);

/// <summary>Id is the meter's key in paths (opaque); Serial the number printed on it.</summary>
public sealed record MeterView(
    string Id, string Serial, string Model, string Service, string ZoneSet, IReadOnlyList<string> Zones, int Digits, int FractionDigits,
    string? InstalledOn, string? VerifiedUntil, string? AccuracyClass, string? Location, bool RemoteRead, string State);

public sealed record AccountDetailsView(
    string Id, string ProviderId, string? ProviderName, string Number, string? Alias, string GroupId, string? Address,
    long Balance, long AmountDue, long Overpayment, string BillDelivery, string ProviderBillDelivery,
    string? HolderName, PremisesView? Premises, IReadOnlyList<MeterView> Meters, string? DueDate = null, string? LastBillPeriod = null);

public sealed record GroupView(string Id, string Name, bool Builtin, int AccountCount);
