using Azure;
using Azure.Data.Tables;

namespace Kabinet.Billing;

// Money of one personal account lives in the account's partition of the `accounts` table, next to its meters and
// readings, so a period's bill, its ledger entries, the readings it used and the new balance commit in one
// entity-group transaction. Entries are immutable: written once by insert, never updated or deleted.

/// <summary>What a ledger entry records. The sign of <see cref="LedgerEntryEntity.Amount"/> follows the debt: + owed, − paid.</summary>
public static class LedgerKinds
{
    /// <summary>A debt (or prepayment, negative) carried over from before the portal, with its due date.</summary>
    public const string Opening = "opening";
    /// <summary>What a period's consumption or a fixed service costs; due on its due date.</summary>
    public const string Charge = "charge";
    /// <summary>Penalties (пени) charged with a period's bill.</summary>
    public const string Penalty = "penalty";
    /// <summary>Money received (negative amount), from the portal or the utility's other channels.</summary>
    public const string Payment = "payment";
    /// <summary>A signed adjustment, linked to the entry it corrects when there is one.</summary>
    public const string Correction = "correction";

    public static readonly string[] All = [Opening, Charge, Penalty, Payment, Correction];
}

/// <summary>Who wrote an entry or a bill: an operator's import or billing's own close.</summary>
public static class LedgerSources
{
    public const string Import = "import";
    public const string Billing = "billing";
    public const string Payments = "payments";
}

/// <summary>
/// accounts: PK = account id, RK = "entry|{kind}|{natural key}" — the natural key makes a repeat of the same event the
/// same row, so an import or a close run twice writes it once:
/// opening "entry|opening|{dueDate}|{service}", charge by billing "entry|charge|{period}|{service}|{zone}",
/// imported charge "entry|charge|{date}|{service}|{documentNumber}", penalty "entry|penalty|{period}",
/// payment "entry|payment|{documentNumber}", correction "entry|correction|{documentNumber}".
/// </summary>
public sealed class LedgerEntryEntity : ITableEntity
{
    public const string Prefix = "entry|";
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    /// <summary>One of <see cref="LedgerKinds.All"/>.</summary>
    public string Kind { get; set; } = "";
    /// <summary>Kopecks, signed: + the customer owes more, − less (payments are negative).</summary>
    public long Amount { get; set; }
    /// <summary>The local day it takes effect, yyyy-MM-dd (a payment lowers the debt from the next day).</summary>
    public string Date { get; set; } = "";
    /// <summary>Debts (opening, charge, penalty): the day they fall due, yyyy-MM-dd.</summary>
    public string? DueDate { get; set; }
    /// <summary>The billing period (yyyy-MM) a charge or penalty is for, or a payment was counted in.</summary>
    public string? Period { get; set; }
    /// <summary>Service code (electricity, solid_waste, …); "penalty" for penalties.</summary>
    public string? Service { get; set; }
    public string? Zone { get; set; }
    public string? DocumentNumber { get; set; }
    public string? Description { get; set; }
    /// <summary>A correction: the row key of the entry it corrects.</summary>
    public string? Corrects { get; set; }
    /// <summary>A payment: channel (portal, bank, post, cash).</summary>
    public string? Channel { get; set; }
    /// <summary>One of <see cref="LedgerSources"/>.</summary>
    public string Source { get; set; } = LedgerSources.Import;
    public DateTimeOffset RecordedAt { get; set; }

    public static string RowFor(string kind, params string?[] key) => Prefix + kind + "|" + string.Join('|', key.Select(k => k ?? ""));
}

/// <summary>
/// accounts: PK = account id, RK = "bill|{yyyy-MM}" — one bill per account and period, enforced by the key: a second close
/// of the period meets the row and is a duplicate, not a failure. Imported bills (Source import) count as closed periods.
/// A bill is never edited: <see cref="Document"/> is the whole bill as issued (JSON of <see cref="BillDocument"/>);
/// its status (issued, paid, overdue) is worked out from the ledger when read.
/// </summary>
public sealed class BillEntity : ITableEntity
{
    public const string Prefix = "bill|";
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Period { get; set; } = "";
    /// <summary>What the period's bill charged (charges + penalties), kopecks. Imported bills: their total.</summary>
    public long Total { get; set; }
    /// <summary>The amount to pay by the due date: the closing balance when positive, else 0.</summary>
    public long AmountDue { get; set; }
    public long ClosingBalance { get; set; }
    public string? DueDate { get; set; }
    /// <summary>Imported bills only: the status the file gave. Billing's bills derive it from the ledger.</summary>
    public string Status { get; set; } = BillStatuses.Issued;
    /// <summary>One of <see cref="LedgerSources"/>: import or billing.</summary>
    public string Source { get; set; } = LedgerSources.Import;
    /// <summary>Billing's bills: the issued document as JSON (<see cref="BillDocument"/>); null for imported ones.</summary>
    public string? Document { get; set; }
    public DateTimeOffset? IssuedAt { get; set; }
    /// <summary>The billing run that issued it.</summary>
    public string? RunId { get; set; }

    public static string RowFor(string period) => Prefix + period;
}

public static class BillStatuses
{
    public const string Issued = "issued";
    public const string Paid = "paid";
    public const string Overdue = "overdue";
    public static readonly string[] All = [Issued, Paid, Overdue];
}

/// <summary>
/// accounts: PK = account id, RK = "metering|{serial}" — billing's own state of a meter (imports own the meter row and
/// replace it): the last billed actual reading, and what was estimated since, so the next actual reading settles it.
/// </summary>
public sealed class MeterBillingEntity : ITableEntity
{
    public const string Prefix = "metering|";
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Serial { get; set; } = "";
    /// <summary>The last billed actual reading: its local date and values per zone as JSON {"T1":"15738"}.</summary>
    public string? BilledDate { get; set; }
    public string? BilledValues { get; set; }
    /// <summary>Volume per zone billed as estimates since that reading, JSON {"T1":"120.5"}.</summary>
    public string EstimatedVolumes { get; set; } = "{}";
    /// <summary>Periods in a row billed by estimate (average or norm) since the last actual reading.</summary>
    public int EstimatedPeriods { get; set; }
    /// <summary>The last period this state was updated by (yyyy-MM).</summary>
    public string? Period { get; set; }

    public static string RowFor(string serial) => Prefix + serial;
}
