using System.Globalization;
using System.Text.Json;
using Kabinet.Providers;

namespace Kabinet.Readings;

/// <summary>
/// One priced piece of consumption: a zone within a volume band. Quantity in the service's unit (kWh for electricity);
/// RatePerUnitRub in roubles per unit, as the tariff gives it; Amount in kopecks, HALF_UP.
/// </summary>
public sealed record PriceLine(string Zone, string Band, decimal Quantity, decimal RatePerUnitRub, long Amount);

/// <summary>The lines of a priced consumption and their sum (kopecks).</summary>
public sealed record PriceEstimate(IReadOnlyList<PriceLine> Lines, long Amount);

/// <summary>
/// Pure tariff rules: which tariff is in force on a day, and what a month's consumption costs under it.
/// Volume bands (диапазоны) are cumulative thresholds on the month's TOTAL consumption of all zones;
/// each band's volume is split among the zones in proportion to their shares of the total.
/// Quantities stay unrounded; each line is rounded HALF_UP to kopecks; the total is the sum of the lines.
/// </summary>
public static class TariffPricing
{
    /// <summary>The tariff in force on the date: the latest EffectiveFrom ≤ date among tariffs of that service and zone set; null if none.</summary>
    public static TariffEntity? InForce(IEnumerable<TariffEntity> tariffs, string service, string zoneSet, DateOnly date)
    {
        TariffEntity? best = null;
        var bestFrom = DateOnly.MinValue;
        foreach (var t in tariffs)
        {
            if (!string.Equals(t.Service, service, StringComparison.Ordinal) || !string.Equals(t.ZoneSet, zoneSet, StringComparison.Ordinal)) continue;
            if (!DateOnly.TryParseExact(t.EffectiveFrom, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)) continue;
            if (from > date) continue;
            if (best is null || from > bestFrom) { best = t; bestFrom = from; }
        }
        return best;
    }

    /// <summary>
    /// Prices consumption per zone (kWh) over the tariff's volume bands: one line per zone per band with a nonzero
    /// quantity, Amount = round(Quantity × Rate × 100, HALF_UP). Zero or negative consumption gives no lines.
    /// Throws <see cref="ArgumentException"/> when a consumed zone has no rate in a band, or the bands are malformed.
    /// </summary>
    public static PriceEstimate Price(TariffEntity tariff, IReadOnlyDictionary<string, decimal> consumptionByZone)
    {
        ArgumentNullException.ThrowIfNull(tariff);
        ArgumentNullException.ThrowIfNull(consumptionByZone);
        var bands = ParseBands(tariff.Bands);
        foreach (var zone in consumptionByZone.Keys)
            foreach (var band in bands)
                if (!band.Rates.ContainsKey(zone))
                    throw new ArgumentException($"Zone '{zone}' has no rate in tariff {tariff.RowKey}.", nameof(consumptionByZone));

        var zones = OrderZones(tariff.ZoneSet, consumptionByZone.Keys);
        var used = zones.ToDictionary(z => z, z => Math.Max(0m, consumptionByZone[z]), StringComparer.Ordinal);
        var total = used.Values.Sum();
        if (total <= 0m) return new PriceEstimate([], 0);

        var lines = new List<PriceLine>();
        var lower = 0m;
        foreach (var band in bands)
        {
            var upper = band.UpTo is { } u ? Math.Min(u, total) : total;
            var volume = upper - lower;
            if (volume > 0m)
            {
                var label = bands.Count == 1 ? "" : band.UpTo is { } to ? $"{Format(lower)}–{Format(to)}" : $"{Format(lower)}+";
                foreach (var zone in zones)
                {
                    if (used[zone] == 0m) continue;
                    // Multiply before dividing: exact whenever the share is, and the least error when it is not.
                    var quantity = used[zone] == total ? volume : volume * used[zone] / total;
                    if (quantity == 0m) continue;
                    var rate = band.Rates[zone];
                    var amount = (long)Math.Round(quantity * rate * 100m, MidpointRounding.AwayFromZero);
                    lines.Add(new PriceLine(zone, label, quantity, rate, amount));
                }
            }
            if (band.UpTo is null || band.UpTo >= total) break;
            lower = band.UpTo.Value;
        }
        return new PriceEstimate(lines, lines.Sum(l => l.Amount));
    }

    private sealed record Band(decimal? UpTo, IReadOnlyDictionary<string, decimal> Rates);

    /// <summary>Bands ordered by upTo with the open band last; an unbanded tariff is one band with upTo null.</summary>
    private static List<Band> ParseBands(string json)
    {
        var bands = new List<Band>();
        try
        {
            using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "[]" : json);
            if (doc.RootElement.ValueKind != JsonValueKind.Array) throw new ArgumentException("Tariff bands must be a JSON array.");
            foreach (var b in doc.RootElement.EnumerateArray())
            {
                decimal? upTo = null;
                if (b.TryGetProperty("upTo", out var u) && u.ValueKind != JsonValueKind.Null) upTo = Number(u);
                if (!b.TryGetProperty("rates", out var r) || r.ValueKind != JsonValueKind.Object) throw new ArgumentException("Tariff band without rates.");
                var rates = new Dictionary<string, decimal>(StringComparer.Ordinal);
                foreach (var p in r.EnumerateObject()) rates[p.Name] = Number(p.Value);
                bands.Add(new Band(upTo, rates));
            }
        }
        catch (JsonException e) { throw new ArgumentException("Tariff bands are not valid JSON.", e); }
        if (bands.Count == 0) throw new ArgumentException("Tariff has no bands.");
        if (bands.Count(b => b.UpTo is null) != 1) throw new ArgumentException("Tariff must have exactly one band without a limit.");
        if (bands.Any(b => b.UpTo <= 0m)) throw new ArgumentException("Tariff band limits must be positive.");
        bands.Sort((a, b) => (a.UpTo, b.UpTo) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            var (x, y) => x!.Value.CompareTo(y!.Value),
        });
        return bands;
    }

    private static decimal Number(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String when decimal.TryParse(e.GetString(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) => d,
        JsonValueKind.Number when e.TryGetDecimal(out var d) => d,
        _ => throw new ArgumentException($"Not a decimal in tariff bands: {e.GetRawText()}"),
    };

    /// <summary>The zone set's own order (day before night, peak before semipeak), then any others ordinally.</summary>
    private static List<string> OrderZones(string zoneSet, IEnumerable<string> zones)
    {
        var order = ZoneSets.Zones.TryGetValue(zoneSet, out var z) ? z : [];
        return zones.OrderBy(x => Array.IndexOf(order, x) is var i && i >= 0 ? i : int.MaxValue).ThenBy(x => x, StringComparer.Ordinal).ToList();
    }

    private static string Format(decimal d) => d.ToString("0.############", CultureInfo.InvariantCulture);
}
