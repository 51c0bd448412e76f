using Azure;
using Azure.Data.Tables;

namespace Kabinet.Providers;

// The utility's own data, loaded by operators' imports. Rates and volumes are decimals stored as
// invariant strings ("5.67"); money is long kopecks; dates are "yyyy-MM-dd" in the provider's zone.

/// <summary>providers: PK = "provider", RK = provider id (the import's natural key, e.g. "omsk-energo").</summary>
public sealed class ProviderEntity : ITableEntity
{
    public const string Partition = "provider";
    public string PartitionKey { get; set; } = Partition;
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Name { get; set; } = "";
    public string? Inn { get; set; }
    public string? Kpp { get; set; }
    public string? Ogrn { get; set; }
    public string? LegalAddress { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? Website { get; set; }
    /// <summary>The bank the payee's settlement account is at, as the payment QR code (ГОСТ Р 56042) names it.</summary>
    public string? BankName { get; set; }
    /// <summary>БИК: 9 digits.</summary>
    public string? Bic { get; set; }
    /// <summary>Корр. счёт of the bank: 20 digits.</summary>
    public string? CorrespondentAccount { get; set; }
    /// <summary>Расчётный счёт of the payee: 20 digits.</summary>
    public string? SettlementAccount { get; set; }
    /// <summary>IANA id, e.g. Asia/Omsk: billing periods and reading days are in this zone.</summary>
    public string TimeZone { get; set; } = "Europe/Moscow";
    /// <summary>Readings up to this day of the month count for that month (default 25).</summary>
    public int ReadingsDay { get; set; } = 25;
    /// <summary>Day of the following month by which a bill is due: the 15th by law from March 2026 (ЖК РФ ст. 155 ч. 1).</summary>
    public int BillDueDay { get; set; } = ProviderDefaults.BillDueDay;
    /// <summary>Comma-separated: lastPayment, meterSerial, lastBill.</summary>
    public string AcceptedProofs { get; set; } = string.Join(',', Accounts.ProofMethods.All);
    /// <summary>Plausibility band of a reading's implied consumption against the usual: +70 % / −40 % as "0.7" / "0.4".</summary>
    public string PlausibleAbove { get; set; } = PlausibilityDefaults.AboveText;
    public string PlausibleBelow { get; set; } = PlausibilityDefaults.BelowText;
    /// <summary>Local "HH:mm" in <see cref="TimeZone"/>: SMS and messenger notices (not security ones) wait from this time…</summary>
    public string QuietHoursFrom { get; set; } = QuietHoursDefaults.From;
    /// <summary>…until this one (the window may cross midnight; equal ends mean no quiet hours).</summary>
    public string QuietHoursTo { get; set; } = QuietHoursDefaults.To;

    /// <summary>Commission on portal payments, percent of each item as an invariant decimal ("1.5"); null: none.</summary>
    public string? CommissionPercent { get; set; }
    /// <summary>Kopecks: the least commission on one item when a commission applies.</summary>
    public long? CommissionMinimumKopecks { get; set; }
    /// <summary>Kopecks: the most one payment item to this provider may be (null: PaymentRules.MaxItemKopecks).</summary>
    public long? MaxPaymentKopecks { get; set; }

    public string ProviderId => RowKey;
}

/// <summary>services: PK = provider id, RK = service code (electricity, solid_waste, …).</summary>
public sealed class ServiceEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public string Name { get; set; } = "";
    /// <summary>kWh for metered services; "month" or "person" for fixed charges.</summary>
    public string Unit { get; set; } = "kWh";
    /// <summary>metered: priced from readings by tariff; fixed: a monthly amount per account or per resident.</summary>
    public string Kind { get; set; } = "metered";
    /// <summary>For fixed services: kopecks per unit per month.</summary>
    public long? FixedAmount { get; set; }
}

/// <summary>
/// tariffs: PK = provider id, RK = "{service}|{zoneSet}|{effectiveFrom}" where zoneSet is T1, day-night
/// or peak-semipeak-night. Rates JSON: {"T1":"5.67"} or with volume bands
/// [{"upTo":"3900","rates":{"day":"6.10","night":"3.20"}},{"upTo":null,"rates":{…}}].
/// </summary>
public sealed class TariffEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public string Service { get; set; } = "";
    public string ZoneSet { get; set; } = "T1";
    public string EffectiveFrom { get; set; } = "";
    /// <summary>JSON array of bands, each {upTo: kWh per month or null, rates: {zone: "₽ per kWh"}}; one band when unbanded.</summary>
    public string Bands { get; set; } = "[]";
    /// <summary>JSON: zone → local-time ranges, e.g. {"night":["23:00-07:00"],"day":["07:00-23:00"]}.</summary>
    public string ZoneHours { get; set; } = "{}";
}

/// <summary>norms: PK = provider id, RK = "{rooms}|{residents}|{stove}": kWh per person per month for estimated billing.</summary>
public sealed class NormEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public int Rooms { get; set; }
    public int Residents { get; set; }
    /// <summary>gas or electric.</summary>
    public string Stove { get; set; } = "gas";
    public string KwhPerPerson { get; set; } = "0";
}

public static class ZoneSets
{
    public static readonly IReadOnlyDictionary<string, string[]> Zones = new Dictionary<string, string[]>
    {
        ["T1"] = ["T1"],
        ["day-night"] = ["day", "night"],
        ["peak-semipeak-night"] = ["peak", "semipeak", "night"],
    };
}

public static class QuietHoursDefaults
{
    public const string From = "22:00";
    public const string To = "08:00";
}

public static class ProviderDefaults
{
    /// <summary>Bills are due by the 15th of the following month (ЖК РФ ст. 155 ч. 1 as amended, from 1 March 2026).</summary>
    public const int BillDueDay = 15;
}
