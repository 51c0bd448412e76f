using System.Globalization;
using Kabinet.Accounts;
using Kabinet.Providers;
using Kabinet.Readings;

namespace Kabinet.Billing.Charges;

/// <summary>The calendar month of a period: the span of fixed services and of the split by tariff days.</summary>
public sealed record PeriodSpan(string Period, DateOnly Start, DateOnly End)
{
    public int Days => End.DayNumber - Start.DayNumber + 1;

    /// <exception cref="ArgumentException">The period is not yyyy-MM.</exception>
    public static PeriodSpan Of(string period)
    {
        if (!DateOnly.TryParseExact(period + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
            throw new ArgumentException($"Period '{period}' is not yyyy-MM.", nameof(period));
        return new PeriodSpan(period, start, start.AddMonths(1).AddDays(-1));
    }
}

/// <summary>
/// Prices a meter's volume per zone for a period with <see cref="TariffPricing.Price"/>.
/// A tariff that changes inside the calendar month: each tariff in force prices the month's WHOLE volume over its own
/// bands (so bands stay on the month's total), and keeps daysInForce / daysInMonth of every line's quantity;
/// each kept line's amount is round(quantity × rate, HALF_UP) from the unrounded kept quantity.
/// A signed volume (a recalculation may be negative): the zones above zero and the zones below zero are priced apart,
/// each on its magnitude, and the negative ones carry the minus sign on quantity and amount.
/// </summary>
public static class ChargePricing
{
    /// <summary>The tariffs in force over the month, in order, with the days each is in force; parks when a day has none.</summary>
    internal static List<(TariffEntity Tariff, int Days)> TariffDays(IEnumerable<TariffEntity> tariffs, string service, string zoneSet, PeriodSpan span)
    {
        var list = tariffs.Where(t => t.Service == service && t.ZoneSet == zoneSet).ToList();
        var result = new List<(TariffEntity Tariff, int Days)>();
        for (var day = span.Start; day <= span.End; day = day.AddDays(1))
        {
            var t = TariffPricing.InForce(list, service, zoneSet, day)
                ?? throw new ChargeParked(ChargeErrors.TariffMissing, new Dictionary<string, object?>
                {
                    ["service"] = service, ["zoneSet"] = zoneSet, ["date"] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                });
            if (result.Count > 0 && ReferenceEquals(result[^1].Tariff, t)) result[^1] = (t, result[^1].Days + 1);
            else result.Add((t, 1));
        }
        return result;
    }

    internal static List<BillLine> Lines(List<(TariffEntity Tariff, int Days)> tariffs, PeriodSpan span, MeterEntity meter, ServiceEntity? service,
        IReadOnlyDictionary<string, decimal> volumes, string? estimated, bool recalculation)
    {
        var lines = new List<BillLine>();
        var positive = volumes.Where(v => v.Value > 0).ToDictionary(v => v.Key, v => v.Value);
        var negative = volumes.Where(v => v.Value < 0).ToDictionary(v => v.Key, v => -v.Value);
        foreach (var (part, sign) in new[] { (positive, 1), (negative, -1) })
        {
            if (part.Count == 0) continue;
            foreach (var (tariff, days) in tariffs)
            {
                PriceEstimate priced;
                try { priced = TariffPricing.Price(tariff, part); }
                catch (ArgumentException e)
                {
                    throw new ChargeParked(ChargeErrors.TariffInvalid, new Dictionary<string, object?> { ["tariff"] = tariff.RowKey, ["detail"] = e.Message });
                }
                foreach (var p in priced.Lines)
                {
                    var whole = days == span.Days;
                    var quantity = whole ? p.Quantity : p.Quantity * days / span.Days;
                    var amount = whole ? p.Amount : Kopecks(quantity * p.RatePerUnitRub);
                    lines.Add(new BillLine(meter.Service, service?.Name ?? meter.Service, p.Zone, p.Band.Length == 0 ? null : p.Band,
                        sign * quantity, service?.Unit ?? "kWh", p.RatePerUnitRub, sign * amount, estimated, recalculation, meter.Serial));
                }
            }
        }
        return lines;
    }

    /// <summary>Roubles to kopecks, HALF_UP.</summary>
    public static long Kopecks(decimal roubles) => (long)Math.Round(roubles * 100m, MidpointRounding.AwayFromZero);
}
