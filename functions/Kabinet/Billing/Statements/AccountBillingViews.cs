using Kabinet.Accounts;
using Kabinet.Platform.Storage;

namespace Kabinet.Billing;

/// <summary>A bill in the list: period, what it charged, what was due and by when, its status (issued, paid, overdue).</summary>
public sealed record BillSummaryView(string Period, long Total, long AmountDue, string? DueDate, string Status, string Source, DateTimeOffset? IssuedAt, string? PdfUrl);

/// <summary>A bill with its whole document (null for bills imported from before the portal).</summary>
public sealed record BillView(string Period, long Total, long AmountDue, string? DueDate, string Status, string Source, DateTimeOffset? IssuedAt, string? PdfUrl,
    BillDocument? Document);

/// <summary>
/// What is owed now: balance (+ owed, − paid ahead), amountDue and overpayment (its two sides), dueDate of the latest bill, and the
/// open balance split by service and zone (penalties as service "penalty"), as oldest-first payments leave it.
/// </summary>
public sealed record ChargesView(long Balance, long AmountDue, long Overpayment, string? DueDate, string? LastBillPeriod, IReadOnlyList<ChargeItem> Items);

public sealed record StatementView(string From, string To, IReadOnlyList<StatementRow> Rows, long Opening, long Charged, long Paid, long Penalties, long Closing);

public sealed record ConsumptionView(int Months, IReadOnlyList<ConsumptionMonth> Items);

/// <summary>The account's bills, read with the account in one query.</summary>
public sealed class WithBillsAttribute : AccountRowsAttribute
{
    public override IReadOnlyList<RowRange> Ranges(RouteValueDictionary route) => [RowRange.StartingWith(BillEntity.Prefix)];
}
