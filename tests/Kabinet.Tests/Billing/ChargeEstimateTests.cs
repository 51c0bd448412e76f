using CsCheck;
using Kabinet.Billing;
using Kabinet.Billing.Charges;
using Kabinet.Readings;
using static Kabinet.Tests.Billing.ChargeFixtures;

namespace Kabinet.Tests.Billing;

/// <summary>Hand-computed estimates (ПП 354 пп. 59–60): the average, the norm, their limits, and the true-up by the next actual reading.</summary>
[TestClass]
public sealed class ChargeEstimateTests
{
    /// <summary>Billed readings closing March…October: 900, 1000, 1100, 1250, 1300, 1450, 1600, 1720.</summary>
    private static ReadingRecordEntity[] History() =>
    [
        Reading("2026-03-20", T1(900m), ReadingStatuses.Billed),
        Reading("2026-04-20", T1(1000m), ReadingStatuses.Billed),
        Reading("2026-05-20", T1(1100m), ReadingStatuses.Billed),
        Reading("2026-06-20", T1(1250m), ReadingStatuses.Billed),
        Reading("2026-07-20", T1(1300m), ReadingStatuses.Billed),
        Reading("2026-08-20", T1(1450m), ReadingStatuses.Billed),
        Reading("2026-09-20", T1(1600m), ReadingStatuses.Billed),
        Reading("2026-10-20", T1(1720m), ReadingStatuses.Billed),
    ];

    [TestMethod]
    public void No_reading_bills_the_average_of_the_last_six_periods_then_the_actual_reading_settles_it()
    {
        // November: no accepted reading (the one kept for review does not count).
        // Average: October's 1720 − April's 1000 = 720 kWh over 6 periods = 120 kWh × 5.67 = 680.40 ₽.
        var nov = Ok(Input("2026-11", readings: [.. History(), Reading("2026-11-20", T1(1900m), ReadingStatuses.NeedsReview)], states: []));
        Assert.AreEqual(new BillLine("electricity", "Электроэнергия", "T1", null, 120m, "kWh", 5.67m, 68040, MeterCharges.Average, false, "S1"), nov.Lines.Single());
        Assert.AreEqual(new BillReading("S1", "electricity", "T1", 1720m, "2026-10-20", null, null, 120m, MeterCharges.Average), nov.Readings.Single());
        Assert.AreEqual(0, nov.ReadingRowsToMarkBilled.Count);
        var state = nov.MeterStates.Single();
        Assert.AreEqual(("2026-10-20", 120m, 1), (state.BilledDate, Stored(state.EstimatedVolumes)["T1"], state.EstimatedPeriods));

        // December: 1990 on 12-20. Actual since the last billed actual reading 1990 − 1720 = 270 kWh; 120 billed by estimate:
        // recalculation 270 − 120 = 150 kWh × 5.67 = 850.50 ₽. Over the two bills: 120 + 150 = 270 kWh, the actual consumption.
        var dec = Ok(Input("2026-12", readings: [.. History(), Reading("2026-12-20", T1(1990m))], states: [state]));
        Assert.AreEqual(new BillLine("electricity", "Электроэнергия", "T1", null, 150m, "kWh", 5.67m, 85050, null, true, "S1"), dec.Lines.Single());
        Assert.AreEqual(new BillReading("S1", "electricity", "T1", 1720m, "2026-10-20", 1990m, "2026-12-20", 270m, null), dec.Readings.Single());
        var settled = dec.MeterStates.Single();
        Assert.AreEqual(("2026-12-20", 0, 0), (settled.BilledDate, Stored(settled.EstimatedVolumes).Count, settled.EstimatedPeriods));

        // Had the customer used less than estimated: 1800 − 1720 = 80 kWh − 120 = −40 kWh × 5.67 = −226.80 ₽.
        var less = Ok(Input("2026-12", readings: [.. History(), Reading("2026-12-20", T1(1800m))], states: [state]));
        Assert.AreEqual((-40m, -22680L, true), (less.Lines.Single().Quantity, less.Lines.Single().Amount, less.Lines.Single().Recalculation));
        Assert.AreEqual(-40m, ChargeRules.VolumesOf("2026-12", less.Lines).Single().Volume);
    }

    [TestMethod]
    public void Three_to_five_periods_of_history_average_over_what_there_is_and_fewer_give_the_norm()
    {
        // July…October: 1720 − 1300 = 420 kWh over 3 periods = 140 kWh.
        var three = Ok(Input("2026-11", readings: History()[4..], states: []));
        Assert.AreEqual((140m, MeterCharges.Average), (three.Lines.Single().Quantity, three.Lines.Single().Estimated));

        // August…October is 2 periods: not enough — the norm, 3 residents × 95 kWh = 285 kWh × 5.67 = 1615.95 ₽.
        var two = Ok(Input("2026-11", readings: History()[5..], states: []));
        Assert.AreEqual((285m, 161595L, MeterCharges.Norm), (two.Lines.Single().Quantity, two.Lines.Single().Amount, two.Lines.Single().Estimated));
    }

    [TestMethod]
    public void The_average_serves_six_periods_in_a_row_then_the_norm()
    {
        MeterBillingEntity After(int periods) => State("2026-10-20", T1(1720m), T1(120m * periods), periods);
        Assert.AreEqual(MeterCharges.Average, Ok(Input("2027-04", readings: History(), states: [After(5)])).Lines.Single().Estimated);
        var seventh = Ok(Input("2027-05", readings: History(), states: [After(6)]));
        Assert.AreEqual((285m, MeterCharges.Norm), (seventh.Lines.Single().Quantity, seventh.Lines.Single().Estimated));
        Assert.AreEqual((7, 720m + 285m), (seventh.MeterStates.Single().EstimatedPeriods, Stored(seventh.MeterStates.Single().EstimatedVolumes)["T1"]));
    }

    [TestMethod]
    public void A_meter_whose_verification_expired_gets_the_average_for_three_periods_only()
    {
        var expired = Meter(verifiedUntil: "2026-10-31");
        MeterBillingEntity After(int periods) => State("2026-10-20", T1(1720m), T1(120m * periods), periods);
        Assert.AreEqual(MeterCharges.Average, Ok(Input("2027-01", meters: [expired], readings: History(), states: [After(2)])).Lines.Single().Estimated);
        Assert.AreEqual(MeterCharges.Norm, Ok(Input("2027-02", meters: [expired], readings: History(), states: [After(3)])).Lines.Single().Estimated);
        Assert.AreEqual(MeterCharges.Average, Ok(Input("2027-02", meters: [Meter(verifiedUntil: "2031-01-01")], readings: History(), states: [After(3)])).Lines.Single().Estimated,
            "verified: six periods");
    }

    [TestMethod]
    public void The_norm_is_split_across_zones_by_their_history_or_equally_without_one()
    {
        var tariff = Tariff("""[{"upTo":null,"rates":{"day":"6.51","night":"3.20"}}]""", "day-night");
        // History October → November: day 150, night 50 (one period: no average) → shares 3/4 and 1/4 of 285 kWh.
        // day 213.75 × 6.51 = 1391.5125 → 1391.51 ₽; night 71.25 × 3.20 = 228.00 ₽.
        var shared = Ok(Input("2026-12", meters: [Meter("day-night")], tariffs: [tariff],
            readings: [Reading("2026-10-20", V(("day", 1000m), ("night", 500m)), ReadingStatuses.Billed), Reading("2026-11-20", V(("day", 1150m), ("night", 550m)), ReadingStatuses.Billed)]));
        CollectionAssert.AreEqual(new[] { ("day", 213.75m, 139151L), ("night", 71.25m, 22800L) }, shared.Lines.Select(l => (l.Zone!, l.Quantity, l.Amount)).ToArray());
        Assert.IsTrue(shared.Lines.All(l => l.Estimated == MeterCharges.Norm));

        // No history: 142.5 kWh each. day 142.5 × 6.51 = 927.675 → 927.68 ₽; night 142.5 × 3.20 = 456.00 ₽.
        var equal = Ok(Input("2026-12", meters: [Meter("day-night")], tariffs: [tariff], readings: [], states: []));
        CollectionAssert.AreEqual(new[] { ("day", 142.5m, 92768L), ("night", 142.5m, 45600L) }, equal.Lines.Select(l => (l.Zone!, l.Quantity, l.Amount)).ToArray());
        Assert.AreEqual((null, 1), (equal.MeterStates.Single().BilledDate, equal.MeterStates.Single().EstimatedPeriods));
    }

    [TestMethod]
    public void No_norm_for_the_premises_parks_the_account()
    {
        var r = ChargeRules.Calculate(Input("2026-11", readings: [], states: [], account: Account(residents: 4)));
        Assert.AreEqual(ChargeErrors.NormMissing, r.ParkReason);
        Assert.AreEqual((2, 4, "gas"), ((int)r.ParkData!["rooms"]!, (int)r.ParkData["residents"]!, (string)r.ParkData["stove"]!));
    }

    [TestMethod]
    public void A_true_up_per_zone_may_add_in_one_zone_and_refund_in_another()
    {
        // Estimated since 10-20: day 100, night 40. Actual on 12-20: day 1130 − 1000 = 130, night 530 − 500 = 30.
        // day +30 × 6.51 = 195.30 ₽; night −10 × 3.20 = −32.00 ₽.
        var r = Ok(Input("2026-12", meters: [Meter("day-night")],
            tariffs: [Tariff("""[{"upTo":null,"rates":{"day":"6.51","night":"3.20"}}]""", "day-night")],
            readings: [Reading("2026-12-20", V(("day", 1130m), ("night", 530m)))],
            states: [State("2026-10-20", V(("day", 1000m), ("night", 500m)), V(("day", 100m), ("night", 40m)), 1)]));
        CollectionAssert.AreEqual(new[] { ("day", 30m, 19530L), ("night", -10m, -3200L) }, r.Lines.Select(l => (l.Zone!, l.Quantity, l.Amount)).ToArray());
        Assert.IsTrue(r.Lines.All(l => l.Recalculation && l.Estimated is null));
        CollectionAssert.AreEqual(new[] { ("electricity", (string?)"day", 19530L), ("electricity", "night", -3200L) }, ChargeRules.EntriesOf(r.Lines).ToArray());
    }

    [TestMethod]
    public void A_meter_never_read_is_billed_by_norm_and_its_first_reading_opens_the_register()
    {
        // Two periods by norm with no baseline at all; the first reading has nothing to settle against: the estimates stand.
        var r = Ok(Input("2026-11", readings: [Reading("2026-11-20", T1(5100m))], states: [State(null, null, T1(570m), 2)]));
        Assert.AreEqual(0, r.Lines.Count);
        var s = r.MeterStates.Single();
        Assert.AreEqual(("2026-11-20", 0, 0), (s.BilledDate, s.EstimatedPeriods, Stored(s.EstimatedVolumes).Count));
    }

    [TestMethod]
    public void Once_an_actual_reading_arrives_the_billed_volume_is_the_actual_consumption()
    {
        // Periods from 2026-01 with random consumption; a reading on the 20th or none; the last period always has one.
        // 6 digits starting at 999 000, so the register rolls over; the tariff changes on 2026-07-16 (volumes split by days).
        var gen = Gen.Select(Gen.Bool, Gen.Int[0, 4000]).Array[1, 14];
        gen.Sample(periods =>
        {
            var rows = new List<ReadingRecordEntity> { Reading("2025-12-20", T1(999000m), ReadingStatuses.Billed) };
            var tariffs = new[] { Flat("5.67"), Flat("6.10", "2026-07-16") };
            MeterBillingEntity? state = null;
            decimal used = 0m, billed = 0m;
            var month = new DateOnly(2026, 1, 20);
            for (var i = 0; i < periods.Length; i++, month = month.AddMonths(1))
            {
                var (read, tenths) = periods[i];
                used += tenths / 10m;
                var actual = read || i == periods.Length - 1;
                if (actual) rows.Add(Reading(month.ToString("yyyy-MM-dd"), T1((999000m + used) % 1_000_000m)));
                var r = ChargeRules.Calculate(Input(month.ToString("yyyy-MM"), readings: rows, states: state is null ? [] : [state], tariffs: tariffs));
                Assert.IsNull(r.ParkReason, r.ParkReason);
                foreach (var key in r.ReadingRowsToMarkBilled) rows.Single(x => x.RowKey == key).Status = ReadingStatuses.Billed;
                state = r.MeterStates.Single();
                billed += r.Lines.Sum(l => l.Quantity);
                Assert.AreEqual(actual ? 0 : state.EstimatedPeriods, state.EstimatedPeriods);
                if (actual) Assert.IsTrue(Math.Abs(billed - used) < 0.000001m, $"billed {billed} ≠ used {used} after period {i}");
            }
        });
    }
}
