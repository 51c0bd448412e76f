using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;

namespace Kabinet.Accounts;

// Everything of one personal account lives in one partition of the `accounts` table
// (PK = account id), so a period's bill and ledger entries can commit in one transaction.
// Row keys: "account", "meter|{serial}"; readings (Readings) "reading|…"; the money (Billing/LedgerEntities.cs)
// "entry|…", "bill|{yyyy-MM}", "metering|{serial}".

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
    /// <summary>
    /// The accounts import's opening balance in kopecks (+ owes, − prepaid), as its first import wrote it into the opening
    /// ledger entry "entry|opening|{OpeningDueDate}|"; fixed from then on (corrections are ledger rows).
    /// </summary>
    public long OpeningBalance { get; set; }
    /// <summary>yyyy-MM-dd: the due date of that opening entry (the openingDueDate column, else the day of the first import).</summary>
    public string? OpeningDueDate { get; set; }
    /// <summary>
    /// Kopecks, + owed, − prepaid: a cached copy of the sum of the account's ledger entries, changed only in the same
    /// entity-group transaction that inserts entries (conditional on this row's ETag).
    /// </summary>
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
