using Kabinet.Notifications;
using Kabinet.Providers;
using Microsoft.Extensions.Configuration;

namespace Kabinet.Tests.Notifications;

[TestClass]
public sealed class ReadingReminderRulesTests
{
    private static DateOnly D(string iso) => DateOnly.Parse(iso);

    [TestMethod]
    [DataRow("2026-12-22", 25, "2026-12-25")]
    [DataRow("2026-12-25", 25, "2026-12-25")]
    [DataRow("2026-12-26", 25, "2027-01-25")]
    [DataRow("2027-02-26", 31, "2027-02-28")]
    [DataRow("2028-02-26", 31, "2028-02-29")]
    [DataRow("2027-03-01", 31, "2027-03-31")]
    [DataRow("2027-01-31", 30, "2027-02-28")]
    [DataRow("2026-12-31", 1, "2027-01-01")]
    [DataRow("2027-01-01", 1, "2027-01-01")]
    [DataRow("2027-01-02", 1, "2027-02-01")]
    [DataRow("2027-02-28", 28, "2027-02-28")]
    [DataRow("2027-03-01", 28, "2027-03-28")]
    public void The_deadline_is_the_readings_day_of_the_period_or_the_months_last_day(string today, int readingsDay, string deadline) =>
        Assert.AreEqual(D(deadline), ReminderRules.Deadline(D(today), readingsDay));

    [TestMethod]
    [DataRow("2026-12-21", 25, false)]
    [DataRow("2026-12-22", 25, true)]
    [DataRow("2026-12-24", 25, true)]
    [DataRow("2026-12-25", 25, true)]
    [DataRow("2026-12-26", 25, false)]
    [DataRow("2026-12-28", 1, false)]
    [DataRow("2026-12-29", 1, true)]
    [DataRow("2026-12-31", 1, true)]
    [DataRow("2027-01-01", 1, true)]
    [DataRow("2027-01-02", 1, false)]
    [DataRow("2027-02-25", 31, true)]
    [DataRow("2027-02-24", 31, false)]
    [DataRow("2027-02-28", 31, true)]
    [DataRow("2027-03-28", 31, true)]
    [DataRow("2027-03-27", 31, false)]
    [DataRow("2027-03-31", 31, true)]
    [DataRow("2027-04-27", 31, true)]
    [DataRow("2027-04-30", 31, true)]
    [DataRow("2027-02-25", 28, true)]
    [DataRow("2027-02-24", 28, false)]
    [DataRow("2027-03-01", 28, false)]
    public void A_reminder_day_is_one_of_three_days_before_the_deadline_or_the_deadline(string today, int readingsDay, bool expected) =>
        Assert.AreEqual(expected, ReminderRules.IsReminderDay(D(today), readingsDay, 3), $"{today} / {readingsDay}");

    [TestMethod]
    public void Days_before_is_the_window_and_0_is_the_deadline_alone()
    {
        Assert.IsTrue(ReminderRules.IsReminderDay(D("2026-12-18"), 25, 7));
        Assert.IsFalse(ReminderRules.IsReminderDay(D("2026-12-17"), 25, 7));
        Assert.IsFalse(ReminderRules.IsReminderDay(D("2026-12-24"), 25, 0));
        Assert.IsTrue(ReminderRules.IsReminderDay(D("2026-12-25"), 25, 0));
        Assert.IsTrue(ReminderRules.IsReminderDay(D("2026-12-31"), 0, 3), "a readings day below 1 counts as 1");
    }

    [TestMethod]
    public void Only_active_hand_read_meters_without_a_reading_this_period_need_one()
    {
        var today = D("2026-12-22");
        var meters = new[]
        {
            new ReminderMeter("A", false, true), new ReminderMeter("B", false, true), new ReminderMeter("R", true, true), new ReminderMeter("X", false, false),
        };
        // B was read on Nov 26: after November's readings day, so it counts for December.
        var readings = new[] { new ReminderReading("B", D("2026-11-26"), "accepted"), new ReminderReading("A", D("2026-11-25"), "billed") };
        CollectionAssert.AreEqual(new[] { "A" }, ReminderRules.UnreadMeters(meters, readings, today, 25));

        var withdrawn = new[] { new ReminderReading("A", D("2026-12-20"), "withdrawn"), new ReminderReading("B", D("2026-12-01"), "needs_review") };
        CollectionAssert.AreEqual(new[] { "A" }, ReminderRules.UnreadMeters(meters, withdrawn, today, 25), "a withdrawn reading does not count");

        var both = new[] { new ReminderReading("A", D("2026-12-22"), "accepted"), new ReminderReading("B", D("2026-12-01"), "accepted") };
        Assert.AreEqual(0, ReminderRules.UnreadMeters(meters, both, today, 25).Count);
        Assert.AreEqual(0, ReminderRules.UnreadMeters([new ReminderMeter("R", true, true)], [], today, 25).Count, "read remotely: no reminder");
    }

    [TestMethod]
    public void Readings_day_1_the_last_days_of_the_month_count_for_the_next()
    {
        var meters = new[] { new ReminderMeter("A", false, true) };
        Assert.AreEqual(0, ReminderRules.UnreadMeters(meters, [new ReminderReading("A", D("2026-12-02"), "accepted")], D("2026-12-30"), 1).Count,
            "Dec 2 counts for January, as Dec 30 does");
        Assert.AreEqual(1, ReminderRules.UnreadMeters(meters, [new ReminderReading("A", D("2026-12-01"), "accepted")], D("2026-12-30"), 1).Count,
            "Dec 1 counted for December");
    }

    [TestMethod]
    public void A_provider_is_due_on_its_own_calendar_with_the_configured_window()
    {
        static ReadingReminder Kind(int? days) => new(null!, null!, new ConfigurationBuilder().AddInMemoryCollection(
            days is null ? [] : new Dictionary<string, string?> { [ReminderRules.DaysBeforeSetting] = days.ToString() }).Build());
        var omsk = new ProviderEntity { RowKey = "p", TimeZone = "Asia/Omsk", ReadingsDay = 25 };
        // 21 December 19:00 UTC is already 22 December in Omsk (UTC+6), but not yet in Moscow.
        var at = new DateTimeOffset(2026, 12, 21, 19, 0, 0, TimeSpan.Zero);
        Assert.IsTrue(Kind(null).IsDue(omsk, at));
        Assert.IsFalse(Kind(null).IsDue(new ProviderEntity { RowKey = "p", TimeZone = "Europe/Moscow", ReadingsDay = 25 }, at));
        Assert.IsTrue(Kind(7).IsDue(omsk, at.AddDays(-4)), "Notifications:ReminderDaysBefore 7");
        Assert.IsFalse(Kind(null).IsDue(omsk, at.AddDays(-4)));
        Assert.IsFalse(Kind(null).IsDue(new ProviderEntity { RowKey = "p", TimeZone = "Mars/Olympus", ReadingsDay = 25 }, at), "an unknown zone is never due");
    }
}
