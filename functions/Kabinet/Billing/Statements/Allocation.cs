using System.Globalization;

namespace Kabinet.Billing;

/// <summary>A debt of the ledger (opening, charge, penalty, positive correction) and what is still unpaid of it.</summary>
public sealed record OpenDebt(string EntryRowKey, string Kind, string Service, string? Zone, string Period, string? DueDate, long Amount, long Unpaid);

/// <summary>Part of a payment (or other credit) settling part of a debt: the payment's period, the debt's service.</summary>
public sealed record Settlement(string PaymentPeriod, string Service, string? Zone, long Amount);

/// <summary>
/// Payments settle the oldest debt first (ЖК РФ art. 155, as penalties count it): debts in due-date order, credits in date
/// order. Pure; both the open balance by service and the statement come from it. Credits left over are an advance.
/// </summary>
public static class Allocation
{
    public const string Advance = "advance";

    public static (IReadOnlyList<OpenDebt> Debts, IReadOnlyList<Settlement> Settlements, long Advance) Run(IEnumerable<LedgerEntryEntity> entries)
    {
        // In the order things happened (a debt on the day it was charged, a credit on its day; a debt first on the same day).
        var events = entries.Where(e => e.Amount != 0)
            .OrderBy(e => e.Date, StringComparer.Ordinal).ThenBy(e => e.Amount < 0 ? 1 : 0).ThenBy(e => e.RowKey, StringComparer.Ordinal);
        var open = new List<Debt>();
        var all = new List<Debt>();
        var settlements = new List<Settlement>();
        long advance = 0;
        foreach (var e in events)
        {
            if (e.Amount > 0)
            {
                var debt = new Debt(e, e.Amount);
                all.Add(debt);
                if (advance > 0)
                {
                    // Money paid ahead meets the new debt at once.
                    var part = Math.Min(advance, debt.Unpaid);
                    (debt.Unpaid, advance) = (debt.Unpaid - part, advance - part);
                    settlements.Add(new Settlement(PeriodOf(e), ServiceOf(e), e.Zone, part));
                    settlements.Add(new Settlement(PeriodOf(e), Advance, null, -part));
                }
                if (debt.Unpaid > 0) open.Add(debt);
                continue;
            }
            var left = -e.Amount;
            foreach (var debt in open.OrderBy(d => d.Entry.DueDate ?? d.Entry.Date, StringComparer.Ordinal).ThenBy(d => d.Entry.RowKey, StringComparer.Ordinal))
            {
                if (left == 0) break;
                var part = Math.Min(left, debt.Unpaid);
                (debt.Unpaid, left) = (debt.Unpaid - part, left - part);
                settlements.Add(new Settlement(PeriodOf(e), ServiceOf(debt.Entry), debt.Entry.Zone, part));
            }
            open.RemoveAll(d => d.Unpaid == 0);
            if (left > 0)
            {
                advance += left;
                settlements.Add(new Settlement(PeriodOf(e), Advance, null, left));
            }
        }
        return (all.Select(d => new OpenDebt(d.Entry.RowKey, d.Entry.Kind, ServiceOf(d.Entry), d.Entry.Zone, PeriodOf(d.Entry), d.Entry.DueDate, d.Entry.Amount, d.Unpaid)).ToList(),
            settlements, advance);
    }

    public static string ServiceOf(LedgerEntryEntity e) => e.Kind == LedgerKinds.Penalty ? "penalty" : e.Service is { Length: > 0 } s ? s : e.Kind;

    /// <summary>The period an entry belongs to: its Period, else the month of its date.</summary>
    public static string PeriodOf(LedgerEntryEntity e) =>
        e.Period is { Length: 7 } p ? p : e.Date is { Length: >= 7 } d ? d[..7] : "0000-00";

    private sealed class Debt(LedgerEntryEntity entry, long unpaid)
    {
        public LedgerEntryEntity Entry { get; } = entry;
        public long Unpaid { get; set; } = unpaid;
    }

    /// <summary>yyyy-MM-dd of a stored date, or null.</summary>
    public static DateOnly? Day(string? date) =>
        DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
