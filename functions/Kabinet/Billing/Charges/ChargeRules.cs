using Kabinet.Accounts;
using Kabinet.Providers;
using Kabinet.Readings;

namespace Kabinet.Billing.Charges;

/// <summary>
/// Pure charge rules of one account and one period: metered services from the meters' readings (or estimates,
/// ПП 354 пп. 59–60, settled when an actual reading comes), then the fixed monthly services.
/// The close run loads the account's partition, calls <see cref="Calculate"/> and commits the result, or parks the
/// account with <see cref="ChargeResult.ParkReason"/>.
/// </summary>
public static class ChargeRules
{
    public static ChargeResult Calculate(ChargeInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var span = PeriodSpan.Of(input.Period);
        var lines = new List<BillLine>();
        var readings = new List<BillReading>();
        var states = new List<MeterBillingEntity>();
        var toMark = new List<string>();
        try
        {
            foreach (var meter in input.Meters.Where(m => m.State != MeterStates.Decommissioned)
                         .OrderBy(m => m.Service, StringComparer.Ordinal).ThenBy(m => m.Serial, StringComparer.Ordinal))
            {
                var charge = MeterCharges.Charge(input, span, meter);
                lines.AddRange(charge.Lines);
                readings.AddRange(charge.Readings);
                states.Add(charge.State);
                toMark.AddRange(charge.ReadingRowsToMarkBilled);
            }
            lines.AddRange(FixedLines(input));
        }
        catch (ChargeParked parked)
        {
            return ChargeResult.Park(parked.Code, parked.ParkData);
        }
        return new ChargeResult(lines, readings, states, toMark, null, null);
    }

    /// <summary>
    /// Fixed monthly services, whole months: FixedAmount kopecks × residents for unit "person", × 1 for any other unit
    /// ("month": per account). A service without FixedAmount parks the account (its tariff is missing).
    /// No line when the quantity is 0 (nobody registered for a per-person service).
    /// </summary>
    internal static IEnumerable<BillLine> FixedLines(ChargeInput input)
    {
        var lines = new List<BillLine>();
        foreach (var service in input.Services.Where(s => s.Kind == "fixed").OrderBy(s => s.RowKey, StringComparer.Ordinal))
        {
            if (service.FixedAmount is not { } perUnit)
                throw new ChargeParked(ChargeErrors.TariffMissing, new Dictionary<string, object?> { ["service"] = service.RowKey });
            var units = service.Unit == "person" ? Math.Max(0, input.Account.Residents) : 1;
            if (units == 0) continue;
            lines.Add(new BillLine(service.RowKey, service.Name, null, null, units, service.Unit, perUnit / 100m, perUnit * units));
        }
        return lines;
    }

    /// <summary>The ledger's charge entries of a bill: the lines' amounts summed per service and zone, recalculations included.</summary>
    public static IEnumerable<(string Service, string? Zone, long Amount)> EntriesOf(IEnumerable<BillLine> lines) =>
        lines.GroupBy(l => (l.Service, l.Zone))
            .Select(g => (g.Key.Service, g.Key.Zone, g.Sum(l => l.Amount)))
            .OrderBy(e => e.Service, StringComparer.Ordinal).ThenBy(e => e.Zone, StringComparer.Ordinal);

    /// <summary>
    /// The period's billed volume per metered service and zone for the consumption chart (lines with a zone; fixed
    /// services have none): the sum of the lines' quantities, recalculations INCLUDED, so the months of the chart add up
    /// to what was billed and, once an actual reading came, to the metered consumption (a true-up month may be negative).
    /// In the lines' order (services as billed, zones in the zone set's order). Estimated when any non-recalculation line of that service and zone is an estimate.
    /// </summary>
    public static IReadOnlyList<ConsumptionMonth> VolumesOf(string period, IReadOnlyList<BillLine> lines) =>
        lines.Where(l => l.Zone is not null)
            .GroupBy(l => (l.Service, Zone: l.Zone!))
            .Select(g => new ConsumptionMonth(period, g.Key.Service, g.Key.Zone, g.Sum(l => l.Quantity),
                g.Any(l => !l.Recalculation && l.Estimated is not null)))
            .ToList();
}
