using Kabinet.Billing.Calendar;

namespace Kabinet.Tests.Billing;

[TestClass]
public sealed class WorkingDaysTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [TestMethod]
    public void A_due_day_on_a_Sunday_moves_to_Monday()
    {
        Assert.AreEqual(DayOfWeek.Sunday, D(2026, 11, 15).DayOfWeek);
        Assert.AreEqual(D(2026, 11, 16), WorkingDays.DueDate("2026-10", 15));
        Assert.AreEqual(D(2026, 12, 15), WorkingDays.DueDate("2026-11", 15), "a Tuesday stays");
    }

    [TestMethod]
    public void New_year_holidays_and_transfers_move_the_due_date()
    {
        // 2026: 1–9 January are days off (3 and 4 January moved to 9 January and 31 December), 10–11 the weekend.
        Assert.AreEqual(D(2026, 1, 12), WorkingDays.DueDate("2025-12", 10));
        Assert.AreEqual(D(2026, 1, 12), WorkingDays.NextWorkingDay(D(2025, 12, 31)), "31.12.2025 is a transferred day off");
        Assert.IsFalse(WorkingDays.IsWorkingDay(D(2026, 12, 31)));
        // 2024: Saturday 27 April worked, 28 April – 1 May off.
        Assert.IsTrue(WorkingDays.IsWorkingDay(D(2024, 4, 27)));
        Assert.AreEqual(D(2024, 5, 2), WorkingDays.DueDate("2024-03", 28));
        // 2027 has no checked decree yet: the Labour Code alone gives 1–8 January off, so Friday 1 → Monday 11.
        Assert.AreEqual(D(2027, 1, 11), WorkingDays.DueDate("2026-12", 1));
        Assert.AreEqual(D(2027, 5, 4), WorkingDays.NextWorkingDay(D(2027, 5, 1)), "1 May 2027 (Saturday) moves the day off to Monday 3 May");
    }

    [TestMethod]
    public void A_due_day_past_the_month_end_is_its_last_day()
    {
        // 28.02.2026 is a Saturday: → Monday 2 March.
        Assert.AreEqual(D(2026, 3, 2), WorkingDays.DueDate("2026-01", 31));
        Assert.AreEqual(D(2024, 2, 29), WorkingDays.DueDate("2024-01", 31));
    }

    [TestMethod]
    public void The_decreed_years_list_weekdays_off_and_weekend_working_days_only()
    {
        // The totals of working days of the production calendars (consultant.ru) 2016–2026.
        var expected = new Dictionary<int, int>
        {
            [2016] = 247, [2017] = 247, [2018] = 247, [2019] = 247, [2020] = 248, [2021] = 247,
            [2022] = 247, [2023] = 247, [2024] = 248, [2025] = 247, [2026] = 247,
        };
        foreach (var (year, total) in expected)
        {
            var days = Enumerable.Range(0, DateTime.IsLeapYear(year) ? 366 : 365).Select(i => D(year, 1, 1).AddDays(i)).ToList();
            Assert.AreEqual(total, days.Count(WorkingDays.IsWorkingDay), $"working days in {year}");
            foreach (var holiday in new[] { D(year, 1, 1), D(year, 1, 7), D(year, 2, 23), D(year, 3, 8), D(year, 5, 1), D(year, 5, 9), D(year, 6, 12), D(year, 11, 4) })
                Assert.IsFalse(WorkingDays.IsWorkingDay(holiday), $"{holiday} is a holiday");
        }
        CollectionAssert.IsSubsetOf(expected.Keys.ToArray(), WorkingDays.DecreedYears.ToArray());
    }

    [TestMethod]
    public void A_working_day_is_its_own_next_working_day()
    {
        Assert.AreEqual(D(2026, 12, 2), WorkingDays.NextWorkingDay(D(2026, 12, 2)));
        Assert.IsFalse(WorkingDays.IsWorkingDay(D(2026, 12, 5)));
    }
}
