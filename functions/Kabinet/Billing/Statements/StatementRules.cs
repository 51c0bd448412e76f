namespace Kabinet.Billing;

/// <summary>What is owed now for one service (and zone): the unpaid part of its debts, the oldest due date among them.</summary>
public sealed record ChargeItem(string Service, string? ServiceName, string? Zone, long Amount, string? OldestDueDate);

/// <summary>One row of the statement (взаиморасчёты): a period and a service.</summary>
public sealed record StatementRow(string Period, string Service, string? ServiceName, long Opening, long Charged, long Paid, long Penalties, long Closing);

/// <summary>Pure rules behind GET …/charges, …/statement and a bill's status.</summary>
public static class StatementRules
{
    /// <summary>The open balance by service and zone (penalties as service "penalty"), largest debts of the oldest due dates first.</summary>
    public static IReadOnlyList<ChargeItem> OpenBalance(IEnumerable<LedgerEntryEntity> entries, IReadOnlyDictionary<string, string> names)
    {
        var (debts, _, _) = Allocation.Run(entries);
        return debts.Where(d => d.Unpaid > 0).GroupBy(d => (d.Service, d.Zone))
            .Select(g => new ChargeItem(g.Key.Service, names.GetValueOrDefault(g.Key.Service), g.Key.Zone, g.Sum(d => d.Unpaid),
                g.Select(d => d.DueDate).Where(d => d is not null).Min(StringComparer.Ordinal)))
            .OrderBy(i => i.Service == "penalty" ? 1 : 0).ThenBy(i => i.Service, StringComparer.Ordinal).ThenBy(i => i.Zone, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Per period from..to and service: opening (what was owed for the service before the period), charged, paid (payments of the
    /// period, as oldest-first settles them), penalties (service "penalty") and closing. Money paid beyond every debt shows as "advance".
    /// </summary>
    public static IReadOnlyList<StatementRow> Statement(IEnumerable<LedgerEntryEntity> entries, string from, string to, IReadOnlyDictionary<string, string> names)
    {
        var list = entries.ToList();
        var (_, settlements, _) = Allocation.Run(list);
        var charged = list.Where(e => e.Amount > 0).GroupBy(e => (Period: Allocation.PeriodOf(e), Service: Allocation.ServiceOf(e)))
            .ToDictionary(g => g.Key, g => g.Sum(e => e.Amount));
        var paid = settlements.GroupBy(s => (Period: s.PaymentPeriod, s.Service)).ToDictionary(g => g.Key, g => g.Sum(s => s.Amount));
        var services = charged.Keys.Select(k => k.Service).Concat(paid.Keys.Select(k => k.Service)).Distinct()
            .OrderBy(s => s == "penalty" ? 1 : s == Allocation.Advance ? 2 : 0).ThenBy(s => s, StringComparer.Ordinal).ToList();
        var rows = new List<StatementRow>();
        foreach (var service in services)
        {
            // Uniform for the advance too: it is never charged, money paid ahead goes in as paid and comes out as negative paid.
            var opening = charged.Where(c => c.Key.Service == service && string.CompareOrdinal(c.Key.Period, from) < 0).Sum(c => c.Value)
                - paid.Where(p => p.Key.Service == service && string.CompareOrdinal(p.Key.Period, from) < 0).Sum(p => p.Value);
            var isPenalty = service == "penalty";
            foreach (var period in Periods(from, to))
            {
                var c = charged.GetValueOrDefault((period, service));
                var p = paid.GetValueOrDefault((period, service));
                var closing = opening + c - p;
                if (opening != 0 || c != 0 || p != 0)
                    rows.Add(new StatementRow(period, service, names.GetValueOrDefault(service), opening, isPenalty ? 0 : c, p, isPenalty ? c : 0, closing));
                opening = closing;
            }
        }
        return rows.OrderBy(r => r.Period, StringComparer.Ordinal).ThenBy(r => services.IndexOf(r.Service)).ToList();
    }

    public static IEnumerable<string> Periods(string from, string to)
    {
        for (var d = BillingRunRules.FirstDay(from); d <= BillingRunRules.FirstDay(to); d = d.AddMonths(1)) yield return BillingRunRules.PeriodOf(d);
    }

    /// <summary>
    /// A billing bill's status: paid once the credits dated from its issue day on reach its amount due (oldest debt first: they settle
    /// it before anything charged later), overdue when not paid after its due date, else issued. Imported bills keep the file's status.
    /// </summary>
    public static string Status(BillEntity bill, IEnumerable<LedgerEntryEntity> entries, DateOnly today, string timeZone)
    {
        if (bill.Source != LedgerSources.Billing || bill.IssuedAt is not { } issued) return bill.Status;
        if (bill.AmountDue <= 0) return BillStatuses.Paid;
        var from = BillPlanner.LocalDate(issued, timeZone);
        var credits = -entries.Where(e => e.Amount < 0 && e.Kind is LedgerKinds.Payment or LedgerKinds.Correction && Allocation.Day(e.Date) is { } d && d >= from).Sum(e => e.Amount);
        if (credits >= bill.AmountDue) return BillStatuses.Paid;
        return Allocation.Day(bill.DueDate) is { } due && today > due ? BillStatuses.Overdue : BillStatuses.Issued;
    }
}
