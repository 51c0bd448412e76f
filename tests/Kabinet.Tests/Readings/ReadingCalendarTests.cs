using Kabinet.Readings;

namespace Kabinet.Tests.Readings;

/// <summary>Readings' calendar: the provider's local day and the billing period a reading counts for.</summary>
[TestClass]
public sealed class ReadingCalendarTests
{
    [TestMethod]
    public void LocalDate_is_the_providers_day_not_utcs()
    {
        // Omsk is UTC+6: 18:30Z on the 24th is 00:30 on the 25th there.
        var instant = new DateTimeOffset(2026, 11, 24, 18, 30, 0, TimeSpan.Zero);
        Assert.AreEqual(new DateOnly(2026, 11, 25), ReadingCalendar.LocalDate(instant, "Asia/Omsk"));
        Assert.AreEqual(new DateOnly(2026, 11, 24), ReadingCalendar.LocalDate(instant, "UTC"));
        Assert.AreEqual(new DateOnly(2026, 11, 24), ReadingCalendar.LocalDate(instant.AddMinutes(-31), "Asia/Omsk"));  // 23:59 local
        Assert.AreEqual(new DateOnly(2026, 11, 24), ReadingCalendar.LocalDate(instant, "Europe/Moscow"));  // 21:30 in Moscow
    }

    [TestMethod]
    public void LocalDate_of_an_instant_with_an_offset_is_the_same_instant()
    {
        var instant = new DateTimeOffset(2026, 11, 25, 0, 30, 0, TimeSpan.FromHours(6));
        Assert.AreEqual(new DateOnly(2026, 11, 25), ReadingCalendar.LocalDate(instant, "Asia/Omsk"));
        Assert.AreEqual(new DateOnly(2026, 11, 24), ReadingCalendar.LocalDate(instant, "Europe/Moscow"));
    }

    [TestMethod]
    public void LocalDate_rejects_an_unknown_zone()
        => Assert.ThrowsExactly<TimeZoneNotFoundException>(() => ReadingCalendar.LocalDate(DateTimeOffset.UtcNow, "Mars/Olympus"));

    [TestMethod]
    public void PeriodFor_counts_up_to_the_readings_day_for_this_month_and_later_for_the_next()
    {
        Assert.AreEqual("2026-11", ReadingCalendar.PeriodFor(new DateOnly(2026, 11, 1), 25));
        Assert.AreEqual("2026-11", ReadingCalendar.PeriodFor(new DateOnly(2026, 11, 25), 25));
        Assert.AreEqual("2026-12", ReadingCalendar.PeriodFor(new DateOnly(2026, 11, 26), 25));
        Assert.AreEqual("2026-12", ReadingCalendar.PeriodFor(new DateOnly(2026, 11, 30), 25));
        Assert.AreEqual("2026-02", ReadingCalendar.PeriodFor(new DateOnly(2026, 1, 31), 25));
        Assert.AreEqual("2026-01", ReadingCalendar.PeriodFor(new DateOnly(2026, 1, 31), 31));
    }

    [TestMethod]
    public void PeriodFor_after_the_readings_day_of_December_is_January_next_year()
    {
        Assert.AreEqual("2026-12", ReadingCalendar.PeriodFor(new DateOnly(2026, 12, 25), 25));
        Assert.AreEqual("2027-01", ReadingCalendar.PeriodFor(new DateOnly(2026, 12, 26), 25));
        Assert.AreEqual("2027-01", ReadingCalendar.PeriodFor(new DateOnly(2026, 12, 31), 25));
    }

    [TestMethod]
    public void PeriodFor_rejects_a_readings_day_outside_the_month()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ReadingCalendar.PeriodFor(new DateOnly(2026, 11, 1), 0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ReadingCalendar.PeriodFor(new DateOnly(2026, 11, 1), 32));
    }

    [TestMethod]
    public void IsClosing_only_for_the_provider_and_period_a_run_is_closing()
    {
        var closing = new HashSet<string> { "omsk-energo|2026-11" };
        Assert.IsTrue(ReadingCalendar.IsClosing("omsk-energo", "2026-11", closing));
        Assert.IsFalse(ReadingCalendar.IsClosing("omsk-energo", "2026-12", closing));
        Assert.IsFalse(ReadingCalendar.IsClosing("other", "2026-11", closing));
    }
}
