using Kabinet.Notifications;

namespace Kabinet.Tests.Notifications;

[TestClass]
public sealed class QuietHoursTests
{
    private static DateTimeOffset Utc(string s) => DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    [TestMethod]
    // Moscow is UTC+3 all year.
    [DataRow("2026-12-02T18:59:00Z", "Europe/Moscow", null)]                       // 21:59 local
    [DataRow("2026-12-02T19:00:00Z", "Europe/Moscow", "2026-12-03T05:00:00Z")]     // 22:00 local: held till 08:00 tomorrow
    [DataRow("2026-12-02T21:30:00Z", "Europe/Moscow", "2026-12-03T05:00:00Z")]     // 00:30 local
    [DataRow("2026-12-03T04:59:00Z", "Europe/Moscow", "2026-12-03T05:00:00Z")]     // 07:59 local
    [DataRow("2026-12-03T05:00:00Z", "Europe/Moscow", null)]                       // 08:00 local: out
    // Omsk UTC+6: 23:00 UTC is 05:00 local.
    [DataRow("2026-12-02T23:00:00Z", "Asia/Omsk", "2026-12-03T02:00:00Z")]
    [DataRow("2026-12-02T10:00:00Z", "Asia/Omsk", null)]
    // An unknown zone counts as Moscow.
    [DataRow("2026-12-02T19:30:00Z", "Mars/Olympus", "2026-12-03T05:00:00Z")]
    public void The_default_window_crosses_midnight(string now, string zone, string? until) =>
        Assert.AreEqual(until is null ? null : Utc(until), QuietHours.HeldUntil(Utc(now), zone, "22:00", "08:00"));

    [TestMethod]
    // Berlin: CET (UTC+1) in winter, CEST (UTC+2) in summer; 2026-03-29 02:00 → 03:00, 2026-10-25 03:00 → 02:00.
    [DataRow("2026-01-15T21:00:00Z", "2026-01-16T07:00:00Z")]   // 22:00 CET → 08:00 CET
    [DataRow("2026-07-15T20:00:00Z", "2026-07-16T06:00:00Z")]   // 22:00 CEST → 08:00 CEST
    [DataRow("2026-07-15T19:59:00Z", null)]                     // 21:59 CEST
    [DataRow("2026-03-28T22:00:00Z", "2026-03-29T06:00:00Z")]   // 23:00 CET the night the clocks go forward: 08:00 CEST
    [DataRow("2026-10-24T21:00:00Z", "2026-10-25T07:00:00Z")]   // 23:00 CEST the night they go back: 08:00 CET
    public void Berlin_across_daylight_saving(string now, string? until) =>
        Assert.AreEqual(until is null ? null : Utc(until), QuietHours.HeldUntil(Utc(now), "Europe/Berlin", "22:00", "08:00"));

    [TestMethod]
    public void An_end_inside_a_spring_forward_gap_ends_when_the_clock_resumes()
    {
        // 01:00–02:30 in Berlin on 2026-03-29: 02:30 never shows; the clock jumps from 02:00 CET to 03:00 CEST (01:00 UTC).
        Assert.AreEqual(Utc("2026-03-29T01:00:00Z"), QuietHours.HeldUntil(Utc("2026-03-29T00:30:00Z"), "Europe/Berlin", "01:00", "02:30"));
    }

    [TestMethod]
    public void An_end_shown_twice_ends_the_first_time()
    {
        // 00:00–02:30 in Berlin on 2026-10-25: 02:30 shows at 00:30 UTC (CEST) and at 01:30 UTC (CET).
        Assert.AreEqual(Utc("2026-10-25T00:30:00Z"), QuietHours.HeldUntil(Utc("2026-10-24T23:00:00Z"), "Europe/Berlin", "00:00", "02:30"));
    }

    [TestMethod]
    [DataRow("2026-12-02T09:59:00Z", null)]                    // 12:59 Moscow
    [DataRow("2026-12-02T10:00:00Z", "2026-12-02T12:00:00Z")]  // 13:00 → 15:00 the same day
    [DataRow("2026-12-02T11:59:00Z", "2026-12-02T12:00:00Z")]
    [DataRow("2026-12-02T12:00:00Z", null)]
    [DataRow("2026-12-02T20:00:00Z", null)]                    // 23:00: outside a window that does not cross midnight
    public void A_window_inside_one_day(string now, string? until) =>
        Assert.AreEqual(until is null ? null : Utc(until), QuietHours.HeldUntil(Utc(now), "Europe/Moscow", "13:00", "15:00"));

    [TestMethod]
    public void Equal_ends_mean_no_quiet_hours() =>
        Assert.IsNull(QuietHours.HeldUntil(Utc("2026-12-02T21:00:00Z"), "Europe/Moscow", "22:00", "22:00"));

    [TestMethod]
    public void Every_minute_of_a_night_is_held_until_the_same_end()
    {
        var end = Utc("2026-12-03T05:00:00Z");
        for (var t = Utc("2026-12-02T19:00:00Z"); t < end; t = t.AddMinutes(7))
            Assert.AreEqual(end, QuietHours.HeldUntil(t, "Europe/Moscow", "22:00", "08:00"), t.ToString("O"));
    }

    [TestMethod]
    [DataRow("22:00", true)]
    [DataRow("00:00", true)]
    [DataRow("23:59", true)]
    [DataRow("24:00", false)]
    [DataRow("7:00", false)]
    [DataRow("07:60", false)]
    [DataRow("07:00:00", false)]
    [DataRow(" 07:00", false)]
    [DataRow("", false)]
    [DataRow(null, false)]
    public void Times_are_strict_HH_mm(string? text, bool ok) => Assert.AreEqual(ok, QuietHours.TryParseTime(text, out _));
}
