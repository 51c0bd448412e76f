using System.Globalization;

namespace Kabinet.Billing.Penalties;

/// <summary>The calculation of an account's penalties on a day: per debt, the stretches that make its total.</summary>
public sealed record PenaltyCalculation(DateOnly AsOf, IReadOnlyList<PenaltyDebt> Debts, long Total);

/// <summary>One debt that was overdue by the day: the entry it is, its amount (with the corrections linked to it) and due date.</summary>
public sealed record PenaltyDebt(string EntryRowKey, string Kind, string? Period, string? Service, long Amount, DateOnly DueDate,
    IReadOnlyList<PenaltyStretch> Stretches, long Total);

/// <summary>
/// Days From..To (inclusive) of one debt with the same outstanding amount, share and rate: Amount = Debt × Days × Share ×
/// Rate / 100, HALF_UP to kopecks. Share "0" for days 1–30, "1/300" for days 31–90, "1/130" from day 91. Rule names the
/// decree that suspended the days (Rate 0) or lowered the rate.
/// </summary>
public sealed record PenaltyStretch(DateOnly From, DateOnly To, int Days, long Debt, string Share, decimal Rate, long Amount, string? Rule);

/// <summary>
/// Penalties (пени) under ЖК РФ art. 155 part 14: day 1 is the day after the due date; days 1–30 accrue nothing, 31–90
/// 1/300 of the key rate a day, from day 91 1/130. The rate of a portion of the debt is the key rate on the day that
/// portion was paid, on the calculation day for what is still unpaid, as changed by <see cref="PenaltyDecrees"/>.
/// Payments settle the oldest debt (by due date) first and lower it from the day after the payment.
/// </summary>
public static class PenaltyRules
{
    public const int FreeDays = 30;
    public const int LowShareDays = 90;
    public const string NoShare = "0";
    public const string LowShare = "1/300";
    public const string HighShare = "1/130";

    public static PenaltyCalculation Calculate(IEnumerable<LedgerEntryEntity> entries, DateOnly asOf, KeyRateHistory rates) =>
        Calculate(entries, asOf, rates, PenaltyDecrees.All);

    public static PenaltyCalculation Calculate(IEnumerable<LedgerEntryEntity> entries, DateOnly asOf, KeyRateHistory rates, IReadOnlyList<PenaltyDecree> decrees)
    {
        var (debts, credits) = Split(entries.ToList());
        var portions = Settle(debts, credits.Where(c => c.Date <= asOf).ToList());
        var result = new List<PenaltyDebt>();
        foreach (var debt in debts.Where(d => d.DueDate < asOf))
        {
            var stretches = Stretches(debt.DueDate, portions[debt], asOf, rates, decrees);
            if (stretches.Count == 0) continue;
            var e = debt.Entry;
            result.Add(new PenaltyDebt(e.RowKey, e.Kind, e.Period, e.Service, debt.Amount, debt.DueDate, stretches, stretches.Sum(s => s.Amount)));
        }
        return new PenaltyCalculation(asOf, result, result.Sum(d => d.Total));
    }

    private sealed record Debt(LedgerEntryEntity Entry, long Amount, DateOnly DueDate);
    private sealed record Credit(string RowKey, DateOnly Date, long Amount);
    /// <summary>A part of a debt and the day it was paid (null: unpaid on the calculation day).</summary>
    private sealed record Portion(long Amount, DateOnly? PaidOn);

    private static DateOnly? Day(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    /// <summary>
    /// Debts: openings and charges with a due date (plus the corrections linked to them) and unlinked positive corrections
    /// (due on their due date, else their date). Credits: payments, negative openings (prepayments), unlinked negative
    /// corrections, and a debt that its corrections made negative, each on its date. Penalty entries are neither.
    /// </summary>
    private static (List<Debt>, List<Credit>) Split(List<LedgerEntryEntity> entries)
    {
        var keys = entries.Select(e => e.RowKey).ToHashSet(StringComparer.Ordinal);
        bool Linked(LedgerEntryEntity e) => e.Kind == LedgerKinds.Correction && e.Corrects is { } target && target != e.RowKey && keys.Contains(target);
        var adjustments = entries.Where(Linked).GroupBy(e => e.Corrects!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(e => e.Amount), StringComparer.Ordinal);

        var debts = new List<Debt>();
        var credits = new List<Credit>();
        foreach (var e in entries)
        {
            if (e.Kind == LedgerKinds.Penalty || Linked(e)) continue;
            var amount = e.Amount + adjustments.GetValueOrDefault(e.RowKey);
            var due = e.Kind switch
            {
                LedgerKinds.Opening or LedgerKinds.Charge => Day(e.DueDate),
                LedgerKinds.Correction => Day(e.DueDate) ?? Day(e.Date),
                _ => null,
            };
            if (amount > 0 && due is { } d && e.Kind != LedgerKinds.Payment) debts.Add(new Debt(e, amount, d));
            else if (amount < 0 && Day(e.Date) is { } paid) credits.Add(new Credit(e.RowKey, paid, -amount));
        }
        debts.Sort((a, b) => a.DueDate != b.DueDate ? a.DueDate.CompareTo(b.DueDate) : string.CompareOrdinal(a.Entry.RowKey, b.Entry.RowKey));
        credits.Sort((a, b) => a.Date != b.Date ? a.Date.CompareTo(b.Date) : string.CompareOrdinal(a.RowKey, b.RowKey));
        return (debts, credits);
    }

    /// <summary>Credits in date order pay the debts in due-date order; what no credit reached stays unpaid.</summary>
    private static Dictionary<Debt, List<Portion>> Settle(List<Debt> debts, List<Credit> credits)
    {
        var portions = debts.ToDictionary(d => d, _ => new List<Portion>());
        var left = debts.Select(d => d.Amount).ToArray();
        var next = 0;
        foreach (var credit in credits)
        {
            var money = credit.Amount;
            while (money > 0 && next < debts.Count)
            {
                var paid = Math.Min(money, left[next]);
                portions[debts[next]].Add(new Portion(paid, credit.Date));
                money -= paid;
                left[next] -= paid;
                if (left[next] == 0) next++;
            }
        }
        for (var i = 0; i < debts.Count; i++)
            if (left[i] > 0) portions[debts[i]].Add(new Portion(left[i], null));
        return portions;
    }

    private static List<PenaltyStretch> Stretches(DateOnly due, List<Portion> portions, DateOnly asOf, KeyRateHistory rates, IReadOnlyList<PenaltyDecree> decrees)
    {
        var start = due.AddDays(1);
        // Each portion counts through the day it was paid (a payment lowers the debt from the next day) or the calculation day.
        var owed = portions.Select(p => (p.Amount, Last: p.PaidOn is { } paid && paid < asOf ? paid : asOf, Rate: rates.RateOn(p.PaidOn ?? asOf)))
            .Where(p => p.Last >= start).ToList();
        if (owed.Count == 0) return [];
        var end = owed.Max(p => p.Last).AddDays(1);
        var cuts = new SortedSet<DateOnly> { start, end, due.AddDays(FreeDays + 1), due.AddDays(LowShareDays + 1) };
        foreach (var p in owed) cuts.Add(p.Last.AddDays(1));
        foreach (var decree in decrees) { cuts.Add(decree.From); cuts.Add(decree.Until); }
        var bounds = cuts.Where(c => c >= start && c <= end).ToList();

        var stretches = new List<PenaltyStretch>();
        for (var k = 0; k + 1 < bounds.Count; k++)
        {
            var (from, to) = (bounds[k], bounds[k + 1].AddDays(-1));
            var days = to.DayNumber - from.DayNumber + 1;
            var active = owed.Where(p => p.Last >= from).ToList();
            if (active.Count == 0) continue;
            var day = from.DayNumber - due.DayNumber;
            var share = day <= FreeDays ? NoShare : day <= LowShareDays ? LowShare : HighShare;
            var suspended = decrees.FirstOrDefault(d => d.Kind == PenaltyDecreeKinds.Suspend && d.Covers(from));
            if (share == NoShare || suspended is not null)
            {
                stretches.Add(new PenaltyStretch(from, to, days, active.Sum(p => p.Amount), share, 0m, 0, suspended?.Name));
                continue;
            }
            var cap = decrees.FirstOrDefault(d => d.Kind == PenaltyDecreeKinds.Cap && d.Covers(from));
            var divisor = share == LowShare ? 300m : 130m;
            // Portions paid on different days have different rates: one line per rate, in the order they were paid.
            var lines = active.Select(p => cap is { Cap: { } limit } && p.Rate > limit ? (p.Amount, Rate: limit, Rule: cap.Name) : (p.Amount, p.Rate, Rule: (string?)null));
            foreach (var group in lines.GroupBy(p => (p.Rate, p.Rule)))
            {
                var debt = group.Sum(p => p.Amount);
                stretches.Add(new PenaltyStretch(from, to, days, debt, share, group.Key.Rate, Amount(debt, days, group.Key.Rate, divisor), group.Key.Rule));
            }
        }
        return stretches;
    }

    /// <summary>Debt × days × rate / 100 / divisor in kopecks, HALF_UP, from the unrounded product.</summary>
    public static long Amount(long debt, int days, decimal rate, decimal divisor) =>
        (long)Math.Round(debt * (decimal)days * rate / (100m * divisor), 0, MidpointRounding.AwayFromZero);
}
