using System.Globalization;
using Kabinet.Accounts;
using Kabinet.Providers;
using Kabinet.Readings;

namespace Kabinet.Billing.Charges;

/// <summary>One active meter's part of the bill: its lines, its readings on the bill, its new state, the rows it used.</summary>
internal sealed record MeterCharge(List<BillLine> Lines, List<BillReading> Readings, MeterBillingEntity State, List<string> ReadingRowsToMarkBilled);

/// <summary>A reading row of a meter as billing uses it. Period: what it counts for (<see cref="ReadingCalendar.PeriodFor"/>).</summary>
internal sealed record MeterReading(string RowKey, DateOnly Date, IReadOnlyDictionary<string, decimal> Values, string Status, string Period);

/// <summary>
/// The charge of one meter for one period.
/// Readings counting for period P: status accepted or billed, PeriodFor(date, readingsDay) ≤ P; needs_review and withdrawn
/// ones are never used. Baseline (the last billed actual reading): billing's <see cref="MeterBillingEntity"/>, or a newer
/// billed row (imported history: the provider billed up to it, so estimates from before it are dropped, not settled),
/// or else, on the first bill, the earliest accepted reading (it opens the register: nothing is charged before it).
/// Current: the latest accepted reading after the baseline; the accepted ones between are used too (each step may roll
/// over) and marked billed with it. No current reading: an estimate — the average (at most 6 periods in a row, 3 when
/// the verification expired before the period), else the norm; the estimates add up in the state until an actual
/// reading settles them with recalculation lines.
/// </summary>
public static class MeterCharges
{
    public const int AverageMinPeriods = 3;
    public const int AverageMaxPeriods = 6;
    public const int AverageInARow = 6;
    public const int AverageInARowVerificationExpired = 3;
    /// <summary>A rollover is believed up to this many times the usual consumption of the days between the readings.</summary>
    public const decimal RolloverUsualFactor = 3m;

    public const string Average = "average";
    public const string Norm = "norm";

    internal static MeterCharge Charge(ChargeInput input, PeriodSpan span, MeterEntity meter)
    {
        var zones = ReadingRules.ZonesOf(meter);
        var service = input.Services.FirstOrDefault(s => s.RowKey == meter.Service);
        var tariffs = ChargePricing.TariffDays(input.Tariffs, meter.Service, meter.ZoneSet, span);
        var rows = RowsOf(input, meter);
        var old = input.MeterStates.FirstOrDefault(s => s.Serial == meter.Serial || s.RowKey == MeterBillingEntity.RowFor(meter.Serial));

        MeterReading? baseline = null;
        var estimated = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var periods = 0;
        if (old is not null)
        {
            periods = old.EstimatedPeriods;
            foreach (var (z, v) in ReadingRules.ParseStored(old.EstimatedVolumes)) estimated[z] = v;
            if (Day(old.BilledDate) is { } billedOn && old.BilledValues is not null)
                baseline = new MeterReading(ReadingRecordEntity.RowFor(meter.Serial, billedOn), billedOn, ReadingRules.ParseStored(old.BilledValues),
                    ReadingStatuses.Billed, ReadingCalendar.PeriodFor(billedOn, input.ReadingsDay));
        }
        var lastBilled = rows.Where(r => r.Status == ReadingStatuses.Billed).MaxBy(r => r.Date);
        if (lastBilled is not null && (baseline is null || lastBilled.Date > baseline.Date))
        {
            baseline = lastBilled;
            estimated.Clear();
            periods = 0;
        }
        var toMark = new List<string>();
        var opening = false;
        if (baseline is null && rows.Where(r => r.Status == ReadingStatuses.Accepted).MinBy(r => r.Date) is { } first)
        {
            // The first reading opens the register; estimates billed before it (a meter never read) stand as billed.
            baseline = first;
            opening = true;
            toMark.Add(first.RowKey);
            estimated.Clear();
            periods = 0;
        }

        var after = baseline is null ? [] : rows.Where(r => r.Status == ReadingStatuses.Accepted && r.Date > baseline.Date).OrderBy(r => r.Date).ToList();
        if (after.Count > 0)
        {
            var chain = new List<MeterReading> { baseline! };
            chain.AddRange(after);
            var consumption = ChainConsumption(chain, rows, meter, zones);
            var current = after[^1];
            // Estimates since the baseline: this bill settles them — actual minus estimated, as recalculation lines.
            var settle = periods > 0;
            var volumes = settle ? zones.ToDictionary(z => z, z => consumption[z] - estimated.GetValueOrDefault(z)) : consumption;
            toMark.AddRange(after.Select(r => r.RowKey));
            return new MeterCharge(
                ChargePricing.Lines(tariffs, span, meter, service, volumes, null, settle),
                zones.Select(z => new BillReading(meter.Serial, meter.Service, z, baseline!.Values[z], Text(baseline.Date), current.Values[z], Text(current.Date), consumption[z], null)).ToList(),
                State(input, meter, old, current, new Dictionary<string, decimal>(), 0),
                toMark);
        }
        if (opening)
        {
            RequireZones(baseline!, meter, zones);
            return new MeterCharge([],
                zones.Select(z => new BillReading(meter.Serial, meter.Service, z, null, null, baseline!.Values[z], Text(baseline.Date), 0m, null)).ToList(),
                State(input, meter, old, baseline, new Dictionary<string, decimal>(), 0),
                toMark);
        }

        var history = BilledHistory(rows, baseline);
        var expired = Day(meter.VerifiedUntil) is { } until && until < span.Start;
        var average = periods < (expired ? AverageInARowVerificationExpired : AverageInARow)
            ? AverageMonthly(history, zones, meter.Digits) : null;
        var kind = average is null ? Norm : Average;
        var estimate = average ?? NormVolumes(input, history, zones, meter.Digits);
        var sum = zones.ToDictionary(z => z, z => estimated.GetValueOrDefault(z) + estimate[z]);
        return new MeterCharge(
            ChargePricing.Lines(tariffs, span, meter, service, estimate, kind, false),
            zones.Select(z => new BillReading(meter.Serial, meter.Service, z,
                baseline is not null && baseline.Values.TryGetValue(z, out var b) ? b : null, baseline is null ? null : Text(baseline.Date),
                null, null, estimate[z], kind)).ToList(),
            State(input, meter, old, baseline, sum, periods + 1),
            toMark);
    }

    /// <summary>The meter's accepted and billed rows that count for the period or earlier.</summary>
    internal static List<MeterReading> RowsOf(ChargeInput input, MeterEntity meter)
    {
        var rows = new List<MeterReading>();
        foreach (var r in input.Readings)
        {
            if (r.Serial != meter.Serial || r.Status is not (ReadingStatuses.Accepted or ReadingStatuses.Billed)) continue;
            var date = Day(r.Date) ?? throw new ChargeParked(ChargeErrors.ReadingInvalid, new Dictionary<string, object?>
            {
                ["serial"] = meter.Serial, ["row"] = r.RowKey, ["date"] = r.Date,
            });
            var period = ReadingCalendar.PeriodFor(date, input.ReadingsDay);
            if (string.CompareOrdinal(period, input.Period) > 0) continue;
            rows.Add(new MeterReading(r.RowKey.Length > 0 ? r.RowKey : ReadingRecordEntity.RowFor(meter.Serial, date), date,
                ReadingRules.ParseStored(r.Values), r.Status, period));
        }
        return rows;
    }

    /// <summary>
    /// Consumption per zone along the readings (oldest first), each step on its own. A step that goes down is a rollover
    /// (value + capacity − previous) when that is at most max(1 % of the capacity, 3 × the usual consumption of the days
    /// between) and below half the capacity; otherwise the account is parked.
    /// </summary>
    internal static Dictionary<string, decimal> ChainConsumption(IReadOnlyList<MeterReading> chain, IReadOnlyList<MeterReading> rows, MeterEntity meter, string[] zones)
    {
        foreach (var r in chain) RequireZones(r, meter, zones);
        var capacity = ReadingRules.Capacity(meter.Digits);
        var total = zones.ToDictionary(z => z, _ => 0m, StringComparer.Ordinal);
        for (var i = 1; i < chain.Count; i++)
        {
            var (prev, cur) = (chain[i - 1], chain[i]);
            IReadOnlyDictionary<string, decimal>? usual = null;
            var usualRead = false;
            foreach (var z in zones)
            {
                if (cur.Values[z] < prev.Values[z])
                {
                    if (!usualRead)
                    {
                        var past = rows.Where(r => r.Date <= prev.Date).Append(prev).DistinctBy(r => r.Date)
                            .Select(r => new PastReading(r.Date, r.Values, r.Status));
                        usual = ReadingRules.UsualDaily(past, zones, meter.Digits);
                        usualRead = true;
                    }
                    var days = cur.Date.DayNumber - prev.Date.DayNumber;
                    var limit = Math.Min(capacity / 2, Math.Max(ReadingRules.RolloverLimitWithoutHistory(meter.Digits),
                        usual is not null && usual.TryGetValue(z, out var u) ? u * days * RolloverUsualFactor : 0m));
                    var rolled = ReadingRules.Consumption(prev.Values[z], cur.Values[z], meter.Digits);
                    if (rolled > limit)
                        throw new ChargeParked(ChargeErrors.ReadingsBackwards, new Dictionary<string, object?>
                        {
                            ["serial"] = meter.Serial, ["zone"] = z, ["previous"] = prev.Values[z], ["previousDate"] = Text(prev.Date),
                            ["current"] = cur.Values[z], ["currentDate"] = Text(cur.Date),
                        });
                    total[z] += rolled;
                }
                else total[z] += cur.Values[z] - prev.Values[z];
            }
        }
        return total;
    }

    /// <summary>The billed actual readings of the meter, oldest first: billed rows and billing's baseline.</summary>
    private static List<MeterReading> BilledHistory(IEnumerable<MeterReading> rows, MeterReading? baseline) =>
        rows.Where(r => r.Status == ReadingStatuses.Billed).Concat(baseline is null ? [] : [baseline])
            .DistinctBy(r => r.Date).OrderBy(r => r.Date).ToList();

    /// <summary>
    /// ПП 354 п. 59: the latest billed reading and the one that closed the period k = 3…6 periods before it (the largest
    /// such k; the latest reading of that period): their consumption per zone / k. Null when there is no such pair or a
    /// reading between lacks a zone. Billed history is trusted: a step down counts as a rollover.
    /// </summary>
    internal static Dictionary<string, decimal>? AverageMonthly(IReadOnlyList<MeterReading> history, string[] zones, int digits)
    {
        var (from, k) = Span(history, AverageMinPeriods, AverageMaxPeriods);
        if (from is null) return null;
        var used = Trusted(history, from, zones, digits);
        return used?.ToDictionary(u => u.Key, u => u.Value / k);
    }

    /// <summary>
    /// residents × the provider's norm for the premises (rooms, residents, stove), split across the zones by their shares
    /// of the billed history (up to 6 periods back; the last zone takes the remainder so the parts add up exactly),
    /// equally when there is none. A missing norm parks the account.
    /// </summary>
    internal static Dictionary<string, decimal> NormVolumes(ChargeInput input, IReadOnlyList<MeterReading> history, string[] zones, int digits)
    {
        var a = input.Account;
        var norm = input.Norms.FirstOrDefault(n => n.Rooms == a.Rooms && n.Residents == a.Residents && n.Stove == a.Stove)
            ?? input.Norms.FirstOrDefault(n => n.RowKey == $"{a.Rooms}|{a.Residents}|{a.Stove}");
        if (norm is null || !decimal.TryParse(norm.KwhPerPerson, NumberStyles.Number, CultureInfo.InvariantCulture, out var perPerson) || perPerson < 0)
            throw new ChargeParked(ChargeErrors.NormMissing, new Dictionary<string, object?> { ["rooms"] = a.Rooms, ["residents"] = a.Residents, ["stove"] = a.Stove });
        var total = Math.Max(0, a.Residents) * perPerson;

        var (from, _) = Span(history, 1, AverageMaxPeriods);
        var used = from is null ? null : Trusted(history, from, zones, digits);
        var sum = used?.Values.Sum() ?? 0m;
        var result = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var rest = total;
        for (var i = 0; i < zones.Length; i++)
        {
            var part = i == zones.Length - 1 ? rest : sum > 0 ? total * used![zones[i]] / sum : total / zones.Length;
            result[zones[i]] = part;
            rest -= part;
        }
        return result;
    }

    /// <summary>The billed reading closing the period the most periods (min…max) before the latest one's, and that count.</summary>
    private static (MeterReading? From, int Periods) Span(IReadOnlyList<MeterReading> history, int min, int max)
    {
        if (history.Count < 2) return (null, 0);
        var last = MonthIndex(history[^1].Period);
        MeterReading? from = null;
        var k = 0;
        foreach (var r in history)
        {
            var d = last - MonthIndex(r.Period);
            if (d < min || d > max) continue;
            if (from is null || d > k || (d == k && r.Date > from.Date)) { from = r; k = d; }
        }
        return (from, k);
    }

    private static Dictionary<string, decimal>? Trusted(IReadOnlyList<MeterReading> history, MeterReading from, string[] zones, int digits)
    {
        var chain = history.Where(r => r.Date >= from.Date).ToList();
        if (chain.Any(r => zones.Any(z => !r.Values.ContainsKey(z)))) return null;
        return zones.ToDictionary(z => z, z => Enumerable.Range(1, chain.Count - 1)
            .Sum(i => ReadingRules.Consumption(chain[i - 1].Values[z], chain[i].Values[z], digits)), StringComparer.Ordinal);
    }

    private static void RequireZones(MeterReading r, MeterEntity meter, string[] zones)
    {
        foreach (var z in zones)
            if (!r.Values.ContainsKey(z))
                throw new ChargeParked(ChargeErrors.ReadingInvalid, new Dictionary<string, object?> { ["serial"] = meter.Serial, ["date"] = Text(r.Date), ["zone"] = z });
    }

    private static MeterBillingEntity State(ChargeInput input, MeterEntity meter, MeterBillingEntity? old, MeterReading? billed,
        IReadOnlyDictionary<string, decimal> estimated, int periods) => new()
    {
        PartitionKey = input.Account.PartitionKey,
        RowKey = MeterBillingEntity.RowFor(meter.Serial),
        ETag = old?.ETag ?? default,
        Serial = meter.Serial,
        BilledDate = billed is null ? null : Text(billed.Date),
        BilledValues = billed is null ? null : ReadingRules.ToStored(billed.Values),
        EstimatedVolumes = ReadingRules.ToStored(estimated),
        EstimatedPeriods = periods,
        Period = input.Period,
    };

    private static int MonthIndex(string period) =>
        int.Parse(period[..4], CultureInfo.InvariantCulture) * 12 + int.Parse(period[5..7], CultureInfo.InvariantCulture);

    private static DateOnly? Day(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private static string Text(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
