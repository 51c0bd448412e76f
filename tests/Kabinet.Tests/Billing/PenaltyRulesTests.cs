using Kabinet.Billing;
using Kabinet.Billing.Calendar;
using Kabinet.Billing.Penalties;

namespace Kabinet.Tests.Billing;

/// <summary>
/// Penalties by hand: day 1 is the day after the due date; days 1–30 free, 31–90 at 1/300, from 91 at 1/130 of the key
/// rate (on the day paid, or on asOf for what is unpaid); each stretch = debt × days × share × rate / 100, HALF_UP.
/// Key rates from the shipped history (cbr.ru): 7.75 % from 17.12.2018, 7.50 % from 17.06.2019, 4.25 % from 27.07.2020,
/// 20 % from 28.02.2022, 7.50 % from 19.09.2022, 15.50 % from 16.02.2026.
/// </summary>
[TestClass]
public sealed class PenaltyRulesTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);
    private static readonly KeyRateHistory Rates = KeyRateHistory.Shipped;

    private static LedgerEntryEntity Charge(string key, long kopecks, string due, string? period = null) => new()
    {
        RowKey = "entry|charge|" + key, Kind = LedgerKinds.Charge, Amount = kopecks, Date = due, DueDate = due, Period = period, Service = "electricity",
    };

    private static LedgerEntryEntity Payment(string doc, long kopecks, string date) => new()
    {
        RowKey = "entry|payment|" + doc, Kind = LedgerKinds.Payment, Amount = -kopecks, Date = date,
    };

    private static void Stretch(PenaltyStretch s, DateOnly from, DateOnly to, int days, long debt, string share, decimal rate, long amount, string? rule = null)
    {
        Assert.AreEqual((from, to, days, debt, share, rate, amount, rule), (s.From, s.To, s.Days, s.Debt, s.Share, s.Rate, s.Amount, s.Rule), s.ToString());
    }

    [TestMethod]
    public void The_published_formula_examples_give_their_figures()
    {
        // bk.kv34.ru «статьи-252» (ТСЖ): 250 руб. × 63 дня × 1/300 × 10 % = 5,25 руб. (its dates count past day 90, so only
        // the formula's figure is reproduced here); tanksoil.ru «Расчёт пени по ЖКХ»: 5000 × 15 × 1/300 × 7,5 % = 18,75 руб.
        Assert.AreEqual(525, PenaltyRules.Amount(25000, 63, 10m, 300m));
        Assert.AreEqual(1875, PenaltyRules.Amount(500000, 15, 7.5m, 300m));
    }

    [TestMethod]
    public void The_published_example_through_the_calculation()
    {
        // tanksoil.ru's 5000 руб. for 15 days of 1/300 at 7.5 %: due Wednesday 15.03.2023, day 31 = 15.04, day 45 = 29.04.2023,
        // when the key rate was 7.5 % (below the 9.5 % cap, so no rule).
        var c = PenaltyRules.Calculate([Charge("2023-02", 500000, "2023-03-15")], D(2023, 4, 29), Rates);
        var debt = c.Debts.Single();
        Assert.AreEqual(2, debt.Stretches.Count);
        Stretch(debt.Stretches[0], D(2023, 3, 16), D(2023, 4, 14), 30, 500000, "0", 0m, 0);
        Stretch(debt.Stretches[1], D(2023, 4, 15), D(2023, 4, 29), 15, 500000, "1/300", 7.5m, 1875);
        Assert.AreEqual(1875, c.Total);
    }

    [TestMethod]
    public void Days_cross_the_30_and_90_day_boundaries()
    {
        // 1000 руб. due Friday 15.03.2019, unpaid on 01.07.2019 (day 108; key rate 7.5 %).
        // Days 1–30: 16.03–14.04; 31–90: 15.04–13.06 (60 days) = 100000 × 60 × 7.5 / 30000 = 1500;
        // 91–108: 14.06–01.07 (18 days) = 100000 × 18 × 7.5 / 13000 = 1038.46 → 1038.
        var c = PenaltyRules.Calculate([Charge("2019-02", 100000, "2019-03-15", "2019-02")], D(2019, 7, 1), Rates);
        var debt = c.Debts.Single();
        Assert.AreEqual(("entry|charge|2019-02", "charge", "2019-02", "electricity", 100000L, D(2019, 3, 15)),
            (debt.EntryRowKey, debt.Kind, debt.Period, debt.Service, debt.Amount, debt.DueDate));
        Assert.AreEqual(3, debt.Stretches.Count);
        Stretch(debt.Stretches[0], D(2019, 3, 16), D(2019, 4, 14), 30, 100000, "0", 0m, 0);
        Stretch(debt.Stretches[1], D(2019, 4, 15), D(2019, 6, 13), 60, 100000, "1/300", 7.5m, 1500);
        Stretch(debt.Stretches[2], D(2019, 6, 14), D(2019, 7, 1), 18, 100000, "1/130", 7.5m, 1038);
        Assert.AreEqual(2538, debt.Total);
        Assert.AreEqual(2538, c.Total);
    }

    [TestMethod]
    public void A_payment_settles_the_oldest_debt_first_from_the_next_day_at_the_rate_of_its_day()
    {
        // Charges of 1000 руб. due 15.03.2019 and 500 руб. due 15.04.2019; 1200 руб. paid 20.05.2019 (key rate 7.75 %):
        // it pays the March debt whole and 200 руб. of the April one; both count through 20.05, the rest to 01.07 at 7.5 %.
        // March: 15.04–20.05 (36 days, 1/300) = 100000 × 36 × 7.75 / 30000 = 930.
        // April: 16.04–15.05 free; 16.05–20.05 (5 days): 20000 × 5 × 7.75 / 30000 = 25.83 → 26 and 30000 × 5 × 7.5 / 30000 = 37.5 → 38 (HALF_UP);
        //        21.05–01.07 (42 days): 30000 × 42 × 7.5 / 30000 = 315. Day 90 is 14.07, after asOf.
        var c = PenaltyRules.Calculate([Charge("2019-03", 50000, "2019-04-15"), Charge("2019-02", 100000, "2019-03-15"), Payment("P1", 120000, "2019-05-20")],
            D(2019, 7, 1), Rates);
        Assert.AreEqual(2, c.Debts.Count);
        var march = c.Debts[0];
        Assert.AreEqual(D(2019, 3, 15), march.DueDate);
        Assert.AreEqual(2, march.Stretches.Count);
        Stretch(march.Stretches[1], D(2019, 4, 15), D(2019, 5, 20), 36, 100000, "1/300", 7.75m, 930);
        var april = c.Debts[1];
        Assert.AreEqual(4, april.Stretches.Count);
        Stretch(april.Stretches[0], D(2019, 4, 16), D(2019, 5, 15), 30, 50000, "0", 0m, 0);
        Stretch(april.Stretches[1], D(2019, 5, 16), D(2019, 5, 20), 5, 20000, "1/300", 7.75m, 26);
        Stretch(april.Stretches[2], D(2019, 5, 16), D(2019, 5, 20), 5, 30000, "1/300", 7.5m, 38);
        Stretch(april.Stretches[3], D(2019, 5, 21), D(2019, 7, 1), 42, 30000, "1/300", 7.5m, 315);
        Assert.AreEqual(379, april.Total);
        Assert.AreEqual(1309, c.Total);
    }

    [TestMethod]
    public void The_2020_suspension_spans_the_90_day_boundary()
    {
        // 1000 руб. due Tuesday 25.02.2020 (24.02 was the day off for 23.02), unpaid on 31.01.2021 (key rate 4.25 %).
        // 31–40: 27.03–05.04 = 100000 × 10 × 4.25 / 30000 = 141.67 → 142; 06.04.2020–31.12.2020 suspended by ПП 424
        // (day 90 = 25.05 falls inside); 01.01–31.01.2021 (31 days, 1/130) = 100000 × 31 × 4.25 / 13000 = 1013.46 → 1013.
        var c = PenaltyRules.Calculate([Charge("2020-01", 100000, "2020-02-25")], D(2021, 1, 31), Rates);
        var s = c.Debts.Single().Stretches;
        Assert.AreEqual(5, s.Count);
        Stretch(s[0], D(2020, 2, 26), D(2020, 3, 26), 30, 100000, "0", 0m, 0);
        Stretch(s[1], D(2020, 3, 27), D(2020, 4, 5), 10, 100000, "1/300", 4.25m, 142);
        Stretch(s[2], D(2020, 4, 6), D(2020, 5, 25), 50, 100000, "1/300", 0m, 0, "ПП 424");
        Stretch(s[3], D(2020, 5, 26), D(2020, 12, 31), 220, 100000, "1/130", 0m, 0, "ПП 424");
        Stretch(s[4], D(2021, 1, 1), D(2021, 1, 31), 31, 100000, "1/130", 4.25m, 1013);
        Assert.AreEqual(1155, c.Total);
    }

    [TestMethod]
    public void The_cap_lowers_the_rate_of_a_payment_in_2022_and_the_moratorium_suspends()
    {
        // 1000 руб. due Tuesday 15.02.2022; 400 руб. paid 31.03.2022 at the key rate of that day, 20 %, capped by ПП 474 at 9.5 %;
        // 600 руб. unpaid on 20.10.2022 at that day's 7.5 % (under the cap). Day 31 = 18.03, day 91 = 17.05.
        // 18.03–31.03 (14 days, 1/300): 40000 × 14 × 9.5 / 30000 = 177.33 → 177 (ПП 474); 60000 × 14 × 7.5 / 30000 = 210.
        // 01.04–01.10.2022 suspended by ПП 497; 02.10–20.10 (19 days, 1/130): 60000 × 19 × 7.5 / 13000 = 657.69 → 658.
        var c = PenaltyRules.Calculate([Charge("2022-01", 100000, "2022-02-15"), Payment("P2", 40000, "2022-03-31")], D(2022, 10, 20), Rates);
        var s = c.Debts.Single().Stretches;
        Assert.AreEqual(7, s.Count, string.Join("\n", s));
        Stretch(s[0], D(2022, 2, 16), D(2022, 2, 27), 12, 100000, "0", 0m, 0);
        Stretch(s[1], D(2022, 2, 28), D(2022, 3, 17), 18, 100000, "0", 0m, 0);
        Stretch(s[2], D(2022, 3, 18), D(2022, 3, 31), 14, 40000, "1/300", 9.5m, 177, "ПП 474");
        Stretch(s[3], D(2022, 3, 18), D(2022, 3, 31), 14, 60000, "1/300", 7.5m, 210);
        Stretch(s[4], D(2022, 4, 1), D(2022, 5, 16), 46, 60000, "1/300", 0m, 0, "ПП 497");
        Stretch(s[5], D(2022, 5, 17), D(2022, 10, 1), 138, 60000, "1/130", 0m, 0, "ПП 497");
        Stretch(s[6], D(2022, 10, 2), D(2022, 10, 20), 19, 60000, "1/130", 7.5m, 658);
        Assert.AreEqual(1045, c.Total);
    }

    [TestMethod]
    public void A_weekend_due_date_starts_the_days_after_the_Monday()
    {
        // October 2026's bill, due the 15th: Sunday 15.11.2026 → Monday 16.11; day 31 is 17.12.2026. The key rate 15.5 % is
        // capped at 9.5 % (ПП 474 as extended by ПП 329): 100000 × 1 × 9.5 / 30000 = 31.67 → 32.
        var due = WorkingDays.DueDate("2026-10", 15).ToString("yyyy-MM-dd");
        Assert.AreEqual("2026-11-16", due);
        var entries = new[] { Charge("2026-10", 100000, due, "2026-10") };
        Assert.AreEqual(0, PenaltyRules.Calculate(entries, D(2026, 12, 16), Rates).Total, "day 30: still free");
        var c = PenaltyRules.Calculate(entries, D(2026, 12, 17), Rates);
        var s = c.Debts.Single().Stretches;
        Stretch(s[0], D(2026, 11, 17), D(2026, 12, 16), 30, 100000, "0", 0m, 0);
        Stretch(s[1], D(2026, 12, 17), D(2026, 12, 17), 1, 100000, "1/300", 9.5m, 32, "ПП 474 (ред. ПП 329)");
        Assert.AreEqual(32, c.Total);
    }

    [TestMethod]
    public void Corrections_prepayments_and_penalty_entries()
    {
        // A prepayment of 300 руб. (negative opening on 10.01.2019) and a correction of −200 руб. linked to the 1000 руб. charge
        // due 15.03.2019 leave 500 руб.; an unlinked correction of −100 руб. on 31.05.2019 pays like a payment; the penalty entry
        // is no debt. 15.04–31.05 (47 days, 1/300): 10000 × 47 × 7.75 / 30000 = 121.42 → 121 and 40000 × 47 × 7.5 / 30000 = 470;
        // 01.06–13.06 (13): 40000 × 13 × 7.5 / 30000 = 130; 14.06–01.07 (18, 1/130): 40000 × 18 × 7.5 / 13000 = 415.38 → 415.
        LedgerEntryEntity[] entries =
        [
            new() { RowKey = "entry|opening|2019-01-10|", Kind = LedgerKinds.Opening, Amount = -30000, Date = "2019-01-10" },
            Charge("2019-02", 100000, "2019-03-15"),
            new() { RowKey = "entry|correction|K1", Kind = LedgerKinds.Correction, Amount = -20000, Date = "2019-04-01", Corrects = "entry|charge|2019-02" },
            new() { RowKey = "entry|correction|K2", Kind = LedgerKinds.Correction, Amount = -10000, Date = "2019-05-31" },
            new() { RowKey = "entry|penalty|2019-02", Kind = LedgerKinds.Penalty, Amount = 5000, Date = "2019-03-01", DueDate = "2019-03-15", Service = "penalty" },
        ];
        var c = PenaltyRules.Calculate(entries, D(2019, 7, 1), Rates);
        var debt = c.Debts.Single();
        Assert.AreEqual(80000, debt.Amount);
        var s = debt.Stretches;
        Assert.AreEqual(5, s.Count, string.Join("\n", s));
        Stretch(s[0], D(2019, 3, 16), D(2019, 4, 14), 30, 50000, "0", 0m, 0);
        Stretch(s[1], D(2019, 4, 15), D(2019, 5, 31), 47, 10000, "1/300", 7.75m, 121);
        Stretch(s[2], D(2019, 4, 15), D(2019, 5, 31), 47, 40000, "1/300", 7.5m, 470);
        Stretch(s[3], D(2019, 6, 1), D(2019, 6, 13), 13, 40000, "1/300", 7.5m, 130);
        Stretch(s[4], D(2019, 6, 14), D(2019, 7, 1), 18, 40000, "1/130", 7.5m, 415);
        Assert.AreEqual(1136, c.Total);
    }

    [TestMethod]
    public void A_debt_paid_within_30_days_or_not_yet_due_accrues_nothing()
    {
        var entries = new[] { Charge("2019-02", 100000, "2019-03-15"), Payment("P3", 100000, "2019-03-15"), Charge("2019-06", 70000, "2019-07-15") };
        var c = PenaltyRules.Calculate(entries, D(2019, 7, 1), Rates);
        Assert.AreEqual(0, c.Debts.Count, "paid on the due date; the July one is not due");
        Assert.AreEqual(0, c.Total);
        var late = PenaltyRules.Calculate([Charge("2019-02", 100000, "2019-03-15"), Payment("P4", 100000, "2019-04-14")], D(2019, 7, 1), Rates);
        Assert.AreEqual(0, late.Total, "paid on day 30");
        Assert.AreEqual(30, late.Debts.Single().Stretches.Single().Days);
        var later = PenaltyRules.Calculate([Charge("2019-02", 100000, "2019-03-15"), Payment("P5", 100000, "2019-07-02")], D(2019, 7, 1), Rates);
        Assert.AreEqual(2538, later.Total, "a payment after asOf does not count yet");
    }

    [TestMethod]
    public void Rounding_is_half_up_per_stretch_from_the_unrounded_product()
    {
        Assert.AreEqual(38, PenaltyRules.Amount(30000, 5, 7.5m, 300m), "37.5 → 38");
        Assert.AreEqual(37, PenaltyRules.Amount(29999, 5, 7.5m, 300m), "37.49875 → 37");
        Assert.AreEqual(0, PenaltyRules.Amount(1, 1, 9.5m, 300m));
        Assert.AreEqual(1, PenaltyRules.Amount(1579, 1, 9.5m, 300m), "0.50001… → 1");
        Assert.AreEqual(0, PenaltyRules.Amount(1578, 1, 9.5m, 300m), "0.4997 → 0");
    }
}
