using Kabinet.Accounts;
using Kabinet.Billing;
using Kabinet.Billing.Charges;
using Kabinet.Readings;
using static Kabinet.Tests.Billing.ChargeFixtures;

namespace Kabinet.Tests.Billing;

/// <summary>Hand-computed bills from actual readings: zones, rollover, tariff days, rounding, fixed services, parking.</summary>
[TestClass]
public sealed class ChargeRulesTests
{
    [TestMethod]
    public void One_zone_from_the_billed_reading_to_the_last_accepted_one()
    {
        var input = Input("2026-11",
            readings:
            [
                Reading("2026-10-24", T1(15000m), ReadingStatuses.Billed),
                Reading("2026-11-10", T1(15100m)),
                Reading("2026-11-24", T1(15150.5m)),
                Reading("2026-11-25", T1(15900m), ReadingStatuses.NeedsReview), // not used until an operator accepts it
                Reading("2026-11-26", T1(15160m)),                             // after the readings day: counts for December
            ],
            states: [State("2026-10-24", T1(15000m))]);
        var r = Ok(input);

        // 15150.5 − 15000 = 150.5 kWh × 5.67 = 853.335 ₽ → 85333.5 kopecks → HALF_UP 85334.
        Assert.AreEqual(1, r.Lines.Count);
        Assert.AreEqual(new BillLine("electricity", "Электроэнергия", "T1", null, 150.5m, "kWh", 5.67m, 85334, null, false, "S1"), r.Lines[0]);
        Assert.AreEqual(85334L, r.Total);
        Assert.AreEqual(new BillReading("S1", "electricity", "T1", 15000m, "2026-10-24", 15150.5m, "2026-11-24", 150.5m, null), r.Readings.Single());
        CollectionAssert.AreEqual(new[] { "reading|S1|2026-11-10", "reading|S1|2026-11-24" }, r.ReadingRowsToMarkBilled.ToArray());
        var s = r.MeterStates.Single();
        Assert.AreEqual((AccountId, "metering|S1", "S1", "2026-11-24", 15150.5m, 0, "2026-11"),
            (s.PartitionKey, s.RowKey, s.Serial, s.BilledDate, Stored(s.BilledValues!)["T1"], s.EstimatedPeriods, s.Period));
        Assert.AreEqual(0, Stored(s.EstimatedVolumes).Count);
    }

    [TestMethod]
    public void Two_zones_each_at_its_rate()
    {
        var input = Input("2026-11",
            meters: [Meter("day-night")],
            readings: [Reading("2026-11-20", V(("day", 1200m), ("night", 580m)))],
            states: [State("2026-10-20", V(("day", 1000m), ("night", 500m)))],
            tariffs: [Tariff("""[{"upTo":null,"rates":{"day":"6.51","night":"3.20"}}]""", "day-night")]);
        var r = Ok(input);

        // day 200 × 6.51 = 1302.00; night 80 × 3.20 = 256.00; total 1558.00 ₽.
        CollectionAssert.AreEqual(new[] { ("day", 200m, 130200L), ("night", 80m, 25600L) }, r.Lines.Select(l => (l.Zone!, l.Quantity, l.Amount)).ToArray());
        Assert.AreEqual(155800L, r.Total);
        CollectionAssert.AreEqual(new[] { "day", "night" }, r.Readings.Select(x => x.Zone).ToArray());
    }

    [TestMethod]
    public void Three_zones_each_at_its_rate_rounded_per_line()
    {
        var input = Input("2026-11",
            meters: [Meter("peak-semipeak-night")],
            readings: [Reading("2026-11-20", V(("peak", 540m), ("semipeak", 1100.5m), ("night", 380m)))],
            states: [State("2026-10-20", V(("peak", 500m), ("semipeak", 1000m), ("night", 300m)))],
            tariffs: [Tariff("""[{"upTo":null,"rates":{"peak":"7.20","semipeak":"5.67","night":"3.10"}}]""", "peak-semipeak-night")]);
        var r = Ok(input);

        // peak 40 × 7.20 = 288.00; semipeak 100.5 × 5.67 = 569.835 → 569.84; night 80 × 3.10 = 248.00; total 1105.84 ₽.
        CollectionAssert.AreEqual(new[] { ("peak", 40m, 28800L), ("semipeak", 100.5m, 56984L), ("night", 80m, 24800L) },
            r.Lines.Select(l => (l.Zone!, l.Quantity, l.Amount)).ToArray());
        Assert.AreEqual(110584L, r.Total);
    }

    [TestMethod]
    public void A_register_that_rolled_over_counts_across_the_capacity()
    {
        var input = Input("2026-11",
            readings: [Reading("2026-11-20", T1(120m))],
            states: [State("2026-10-20", T1(999950m))]);
        var r = Ok(input);

        // 6 digits: 120 + 1 000 000 − 999 950 = 170 kWh (≤ 1 % of the capacity) × 5.67 = 963.90 ₽.
        Assert.AreEqual((170m, 96390L), (r.Lines.Single().Quantity, r.Lines.Single().Amount));
        Assert.AreEqual(170m, r.Readings.Single().Consumption);
    }

    [TestMethod]
    public void Readings_between_the_baseline_and_the_current_one_are_a_chain_that_may_roll_over_midway()
    {
        // 999 900 → 999 990 (90) → 50 (rolled: 50 + 1 000 000 − 999 990 = 60) → 130 (80): 230 kWh × 5.67 = 1304.10 ₽.
        var r = Ok(Input("2026-11",
            readings: [Reading("2026-11-05", T1(999990m)), Reading("2026-11-15", T1(50m)), Reading("2026-11-24", T1(130m))],
            states: [State("2026-10-20", T1(999900m))]));
        Assert.AreEqual((230m, 130410L), (r.Lines.Single().Quantity, r.Lines.Single().Amount));
        Assert.AreEqual(3, r.ReadingRowsToMarkBilled.Count);
    }

    [TestMethod]
    public void A_rollover_is_believed_against_the_usual_consumption()
    {
        // 4 digits (capacity 10 000, 1 % = 100): history 9400 → 9550 → 9700 over 60 days = 5 kWh a day; next reading 30 days on.
        // The limit is max(100, 3 × 5 × 30) = 450: 9700 → 0150 is 150 + 10 000 − 9700 = 450 kWh — billed;
        // 9700 → 0200 is 500 kWh — parked.
        var meter = Meter(digits: 4, fractionDigits: 0);
        ChargeInput With(decimal value) => Input("2026-11", meters: [meter],
            readings:
            [
                Reading("2026-08-21", T1(9400m), ReadingStatuses.Billed),
                Reading("2026-09-20", T1(9550m), ReadingStatuses.Billed),
                Reading("2026-10-20", T1(9700m), ReadingStatuses.Billed),
                Reading("2026-11-19", T1(value)),
            ]);
        Assert.AreEqual(ChargeErrors.ReadingsBackwards, ChargeRules.Calculate(With(200m)).ParkReason);
        Assert.AreEqual(450m, Ok(With(150m)).Lines.Single().Quantity);
    }

    [TestMethod]
    public void Readings_going_backwards_park_the_account_with_the_readings()
    {
        var r = ChargeRules.Calculate(Input("2026-11", readings: [Reading("2026-11-20", T1(14000m))], states: [State("2026-10-20", T1(15000m))]));

        Assert.IsTrue(r.Parked);
        Assert.AreEqual(ChargeErrors.ReadingsBackwards, r.ParkReason);
        Assert.AreEqual(15000m, r.ParkData!["previous"]);
        Assert.AreEqual(14000m, r.ParkData["current"]);
        Assert.AreEqual("2026-11-20", r.ParkData["currentDate"]);
        Assert.AreEqual(0, r.Lines.Count + r.MeterStates.Count + r.ReadingRowsToMarkBilled.Count);
    }

    [TestMethod]
    public void A_tariff_change_inside_the_month_splits_the_volume_by_days()
    {
        // November has 30 days: 5.00 ₽ on days 1–15, 6.00 ₽ on 16–30. 300 kWh: 150 × 5.00 = 750.00 + 150 × 6.00 = 900.00.
        var r = Ok(Input("2026-11",
            readings: [Reading("2026-11-20", T1(1300m))],
            states: [State("2026-10-20", T1(1000m))],
            tariffs: [Flat("5.00"), Flat("6.00", "2026-11-16"), Flat("9.99", "2026-12-01")]));

        CollectionAssert.AreEqual(new[] { (150m, 5.00m, 75000L), (150m, 6.00m, 90000L) }, r.Lines.Select(l => (l.Quantity, l.Rate, l.Amount)).ToArray());
        Assert.AreEqual(165000L, r.Total);
    }

    [TestMethod]
    public void Bands_apply_to_the_months_total_under_each_tariff_and_each_line_rounds_on_its_own()
    {
        // 300 kWh; tariff A (days 1–20) 4.00 up to 100, 5.00 above; tariff B (days 21–30) 5.00 up to 100, 6.00 above.
        // A keeps 20/30 of each band line: 100 × 2/3 = 66.67 × 4 = 266.666… → 266.67;  200 × 2/3 × 5 = 666.666… → 666.67
        // B keeps 10/30:                   100 × 1/3 × 5 = 166.666… → 166.67;            200 × 1/3 × 6 = 400.00
        // Sum of the rounded lines 1500.01 ₽ (the unrounded total is 1500.00: lines round on their own).
        var r = Ok(Input("2026-11",
            readings: [Reading("2026-11-20", T1(1300m))],
            states: [State("2026-10-20", T1(1000m))],
            tariffs:
            [
                Tariff("""[{"upTo":"100","rates":{"T1":"4.00"}},{"upTo":null,"rates":{"T1":"5.00"}}]"""),
                Tariff("""[{"upTo":"100","rates":{"T1":"5.00"}},{"upTo":null,"rates":{"T1":"6.00"}}]""", from: "2026-11-21"),
            ]));

        CollectionAssert.AreEqual(new[] { 26667L, 66667L, 16667L, 40000L }, r.Lines.Select(l => l.Amount).ToArray());
        CollectionAssert.AreEqual(new[] { "0–100", "100+", "0–100", "100+" }, r.Lines.Select(l => l.Band).ToArray());
        Assert.AreEqual(150001L, r.Total);
        Assert.AreEqual(300m, Math.Round(r.Lines.Sum(l => l.Quantity), 20), "the parts add up to the volume");
        Assert.AreEqual(r.Total, ChargeRules.EntriesOf(r.Lines).Sum(e => e.Amount), "entries sum the same rounded figures");
    }

    [TestMethod]
    public void Half_a_kopeck_rounds_away_from_zero_per_line()
    {
        // 0.5 kWh × 0.01 ₽ = 0.5 kopeck → 1; 1 kWh × 12.345 ₽ = 1234.5 kopecks → 1235.
        Assert.AreEqual(1L, Ok(Input("2026-11", readings: [Reading("2026-11-20", T1(1000.5m))], states: [State("2026-10-20", T1(1000m))],
            tariffs: [Flat("0.01")])).Total);
        Assert.AreEqual(1235L, Ok(Input("2026-11", readings: [Reading("2026-11-20", T1(1001m))], states: [State("2026-10-20", T1(1000m))],
            tariffs: [Flat("12.345")])).Total);
    }

    [TestMethod]
    public void A_day_without_a_tariff_parks_the_account()
    {
        var r = ChargeRules.Calculate(Input("2026-11", readings: [Reading("2026-11-20", T1(1100m))], states: [State("2026-10-20", T1(1000m))],
            tariffs: [Flat("5.00", "2026-11-10")]));
        Assert.AreEqual(ChargeErrors.TariffMissing, r.ParkReason);
        Assert.AreEqual("2026-11-01", r.ParkData!["date"]);

        var wrongZones = ChargeRules.Calculate(Input("2026-11", meters: [Meter("day-night")], states: [State("2026-10-20", V(("day", 1m), ("night", 1m)))],
            tariffs: [Flat("5.00")]));
        Assert.AreEqual(ChargeErrors.TariffMissing, wrongZones.ParkReason, "a tariff of another zone set is no tariff");
    }

    [TestMethod]
    public void A_reading_without_a_zone_parks_the_account()
    {
        var r = ChargeRules.Calculate(Input("2026-11", meters: [Meter("day-night")],
            readings: [Reading("2026-11-20", V(("day", 1200m)))],
            states: [State("2026-10-20", V(("day", 1000m), ("night", 500m)))],
            tariffs: [Tariff("""[{"upTo":null,"rates":{"day":"6.51","night":"3.20"}}]""", "day-night")]));
        Assert.AreEqual(ChargeErrors.ReadingInvalid, r.ParkReason);
        Assert.AreEqual("night", r.ParkData!["zone"]);
    }

    [TestMethod]
    public void Fixed_services_per_resident_and_per_account()
    {
        // solid_waste 123.45 ₽ × 3 residents = 370.35 ₽; antenna 50.00 ₽ per account.
        var r = Ok(Input("2026-11", meters: [],
            services: [Electricity, Fixed("solid_waste", "person", 12345), Fixed("antenna", "month", 5000)]));

        CollectionAssert.AreEqual(new[] { ("antenna", 1m, 50.00m, 5000L), ("solid_waste", 3m, 123.45m, 37035L) },
            r.Lines.Select(l => (l.Service, l.Quantity, l.Rate, l.Amount)).ToArray());
        Assert.IsTrue(r.Lines.All(l => l.Zone is null && l.Estimated is null && l.MeterSerial is null));

        Assert.AreEqual(0, Ok(Input("2026-11", meters: [], account: Account(residents: 0), services: [Fixed("solid_waste", "person", 12345)])).Lines.Count,
            "nobody registered: nothing per person");
        Assert.AreEqual(ChargeErrors.TariffMissing, ChargeRules.Calculate(Input("2026-11", meters: [], services: [Fixed("solid_waste", "person", null)])).ParkReason);
    }

    [TestMethod]
    public void The_first_bill_starts_at_the_earliest_accepted_reading()
    {
        // No billing state, no billed rows: 10-20 opens the register, 11-20 is current: 100 kWh × 5.67 = 567.00 ₽.
        var r = Ok(Input("2026-11", readings: [Reading("2026-10-20", T1(5000m)), Reading("2026-11-20", T1(5100m))], states: []));
        Assert.AreEqual((100m, 56700L), (r.Lines.Single().Quantity, r.Lines.Single().Amount));
        CollectionAssert.AreEqual(new[] { "reading|S1|2026-10-20", "reading|S1|2026-11-20" }, r.ReadingRowsToMarkBilled.ToArray());

        // Only one reading: it opens the register, nothing is charged, it becomes the baseline.
        var only = Ok(Input("2026-11", readings: [Reading("2026-11-20", T1(5100m))], states: []));
        Assert.AreEqual(0, only.Lines.Count);
        Assert.AreEqual(new BillReading("S1", "electricity", "T1", null, null, 5100m, "2026-11-20", 0m, null), only.Readings.Single());
        Assert.AreEqual(("2026-11-20", 0), (only.MeterStates.Single().BilledDate, only.MeterStates.Single().EstimatedPeriods));
        CollectionAssert.AreEqual(new[] { "reading|S1|2026-11-20" }, only.ReadingRowsToMarkBilled.ToArray());
    }

    [TestMethod]
    public void Imported_billed_readings_are_the_baseline_and_a_newer_one_overrides_the_state()
    {
        // No state: the latest billed row (10-20, 1000) is the baseline.
        var r = Ok(Input("2026-11", readings: [Reading("2026-09-20", T1(900m), ReadingStatuses.Billed), Reading("2026-10-20", T1(1000m), ReadingStatuses.Billed),
            Reading("2026-11-20", T1(1010m))], states: []));
        Assert.AreEqual(10m, r.Lines.Single().Quantity);
        CollectionAssert.AreEqual(new[] { "reading|S1|2026-11-20" }, r.ReadingRowsToMarkBilled.ToArray());

        // A state from 09-20 with an estimate, and a billed row of 10-20 imported after it: the provider billed up to 10-20,
        // so the bill counts from there and the old estimate is not settled.
        var newer = Ok(Input("2026-11", readings: [Reading("2026-10-20", T1(1000m), ReadingStatuses.Billed), Reading("2026-11-20", T1(1010m))],
            states: [State("2026-09-20", T1(900m), T1(50m), 1)]));
        Assert.AreEqual((10m, false), (newer.Lines.Single().Quantity, newer.Lines.Single().Recalculation));
    }

    [TestMethod]
    public void Decommissioned_meters_are_skipped_and_remote_read_ones_billed_from_their_readings()
    {
        var r = Ok(Input("2026-11",
            meters: [Meter(serial: "OLD", state: MeterStates.Decommissioned), Meter(serial: "R1", remote: true)],
            readings: [Reading("2026-11-20", T1(1010m), serial: "R1"), Reading("2026-11-20", T1(9999m), serial: "OLD")],
            states: [State("2026-10-20", T1(1000m), serial: "R1")]));
        Assert.AreEqual(("R1", 10m), (r.Lines.Single().MeterSerial, r.Lines.Single().Quantity));
        CollectionAssert.AreEqual(new[] { "R1" }, r.MeterStates.Select(s => s.Serial).ToArray());
    }

    [TestMethod]
    public void Entries_and_volumes_group_the_lines_by_service_and_zone()
    {
        BillLine L(string service, string? zone, decimal q, long amount, string? est = null, bool recalc = false) =>
            new(service, service, zone, null, q, "kWh", 1m, amount, est, recalc, zone is null ? null : "S1");
        var lines = new[]
        {
            L("electricity", "day", 60m, 600), L("electricity", "day", 40m, 500), L("electricity", "night", 30m, 100),
            L("electricity", "night", -10m, -33, recalc: true), L("solid_waste", null, 3m, 37035),
        };
        CollectionAssert.AreEqual(new[] { ("electricity", (string?)"day", 1100L), ("electricity", "night", 67L), ("solid_waste", null, 37035L) },
            ChargeRules.EntriesOf(lines).ToArray());
        CollectionAssert.AreEqual(new[]
        {
            new ConsumptionMonth("2026-11", "electricity", "day", 100m, false), new ConsumptionMonth("2026-11", "electricity", "night", 20m, false),
        }, ChargeRules.VolumesOf("2026-11", lines).ToArray());
        Assert.IsTrue(ChargeRules.VolumesOf("2026-11", [L("electricity", "T1", 120m, 1, "average")]).Single().Estimated);
    }
}
