using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;

namespace Kabinet.Accounts;

// Everything of one personal account lives in one partition of the `accounts` table
// (PK = account id), so a period's bill and ledger entries can commit in one transaction.
// Row keys: "account", "meter|{serial}", "payment|{yyyy-MM-dd}|{docNo}", "bill|{yyyy-MM}"; readings (Readings) "reading|…".

public static class AccountIds
{
    /// <summary>Deterministic from the natural key, so re-imports address the same partition without a lookup.</summary>
    public static string For(string providerId, string accountNumber) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(providerId + "\n" + NormalizeNumber(accountNumber))))[..24].ToLowerInvariant();

    /// <summary>Account numbers compare without spaces, dashes and case.</summary>
    public static string NormalizeNumber(string number) =>
        new string(number.Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray()).ToUpperInvariant();
}

/// <summary>accounts: PK = account id, RK = "account".</summary>
public sealed class AccountEntity : ITableEntity
{
    public const string Row = "account";
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = Row;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string ProviderId { get; set; } = "";
    public string Number { get; set; } = "";
    public string HolderName { get; set; } = "";
    public string Address { get; set; } = "";
    public int Rooms { get; set; }
    public int Residents { get; set; }
    /// <summary>Square metres as an invariant decimal string.</summary>
    public string Area { get; set; } = "0";
    /// <summary>gas or electric.</summary>
    public string Stove { get; set; } = "gas";
    /// <summary>Opening balance in kopecks: positive = the customer owes, negative = prepaid.</summary>
    public long OpeningBalance { get; set; }
    /// <summary>Current balance in kopecks (opening + charges − payments), kept by billing and payments.</summary>
    public long Balance { get; set; }
    /// <summary>paper or email: email only once every linked user chose it.</summary>
    public string BillDelivery { get; set; } = "paper";
    /// <summary>The latest period billing closed (yyyy-MM) and its bill's due date (yyyy-MM-dd): set with the balance by the close.</summary>
    public string? LastBillPeriod { get; set; }
    public string? DueDate { get; set; }

    public string AccountId => PartitionKey;
}

/// <summary>RK = "meter|{serial}".</summary>
public sealed class MeterEntity : ITableEntity
{
    public const string Prefix = "meter|";
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Serial { get; set; } = "";
    public string Model { get; set; } = "";
    public string Service { get; set; } = "electricity";
    /// <summary>T1, day-night or peak-semipeak-night.</summary>
    public string ZoneSet { get; set; } = "T1";
    /// <summary>Integer digits the register shows (e.g. 6 → rolls over after 999999).</summary>
    public int Digits { get; set; } = 6;
    public int FractionDigits { get; set; }
    public string? InstalledOn { get; set; }
    public string? VerifiedUntil { get; set; }
    public string? AccuracyClass { get; set; }
    public string? Location { get; set; }
    public bool RemoteRead { get; set; }
    /// <summary>active or decommissioned.</summary>
    public string State { get; set; } = MeterStates.Active;

    public static string RowFor(string serial) => Prefix + serial;

    /// <summary>The key of the meter in paths (<c>{meterId}</c>): its row key without the prefix, which imports make from the serial.</summary>
    public string MeterId => RowKey.StartsWith(Prefix, StringComparison.Ordinal) ? RowKey[Prefix.Length..] : Serial;
}

/// <summary>RK = "payment|{yyyy-MM-dd}|{docNo}": a payment the provider received.</summary>
public sealed class PaymentRecordEntity : ITableEntity
{
    public const string Prefix = "payment|";
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public string Date { get; set; } = "";
    public long Amount { get; set; }
    public string? DocumentNumber { get; set; }
    public string? Channel { get; set; }

    public static string RowFor(string date, string? documentNumber) => $"{Prefix}{date}|{documentNumber}";
}

/// <summary>RK = "bill|{yyyy-MM}": a bill issued for a period (imported history now, billing later).</summary>
public sealed class BillRecordEntity : ITableEntity
{
    public const string Prefix = "bill|";
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public string Period { get; set; } = "";
    public long Total { get; set; }
    public string? DueDate { get; set; }
    /// <summary>issued, paid, overdue.</summary>
    public string Status { get; set; } = "issued";

    public static string RowFor(string period) => Prefix + period;
}

/// <summary>accountindex: PK = provider id, RK = normalised account number → account id (lists and lookups by number).</summary>
public sealed class AccountIndexEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public string AccountId { get; set; } = "";
}

/// <summary>meterindex: PK = provider id, RK = meter serial → account id (an import of meters finds its account).</summary>
public sealed class MeterIndexEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public string AccountId { get; set; } = "";
}
