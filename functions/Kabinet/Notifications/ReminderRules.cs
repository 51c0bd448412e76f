using Kabinet.Readings;

namespace Kabinet.Notifications;

/// <summary>A meter as the reminder sees it, and a reading of it.</summary>
public sealed record ReminderMeter(string Serial, bool RemoteRead, bool Active);
public sealed record ReminderReading(string Serial, DateOnly Date, string Status);

/// <summary>
/// Pure rules of the reading reminder, on the provider's local calendar. The period a day counts for is
/// <see cref="ReadingCalendar.PeriodFor"/>; its last day (the deadline) is the readings day of the period's month, or the
/// month's last day when it is shorter (readings day 31 in February: the 28th or 29th).
/// </summary>
public static class ReminderRules
{
    public const int DefaultDaysBefore = 3;
    public const string DaysBeforeSetting = "Notifications:ReminderDaysBefore";

    /// <summary>The last local day on which a reading counts for the period <paramref name="today"/> is in.</summary>
    public static DateOnly Deadline(DateOnly today, int readingsDay)
    {
        readingsDay = Math.Clamp(readingsDay, 1, 31);
        var period = today.Day <= readingsDay ? today : today.AddMonths(1);
        return new DateOnly(period.Year, period.Month, Math.Min(readingsDay, DateTime.DaysInMonth(period.Year, period.Month)));
    }

    /// <summary>Today is one of the <paramref name="daysBefore"/> days before the deadline, or the deadline itself.</summary>
    public static bool IsReminderDay(DateOnly today, int readingsDay, int daysBefore)
    {
        var deadline = Deadline(today, readingsDay);
        return today >= deadline.AddDays(-Math.Max(0, daysBefore)) && today <= deadline;
    }

    /// <summary>
    /// The active meters read by hand that have no reading counting for today's period (withdrawn ones do not count),
    /// by serial; empty when the account needs no reminder. Remotely read meters are read by the provider.
    /// </summary>
    public static List<string> UnreadMeters(IEnumerable<ReminderMeter> meters, IEnumerable<ReminderReading> readings, DateOnly today, int readingsDay)
    {
        readingsDay = Math.Clamp(readingsDay, 1, 31);
        var period = ReadingCalendar.PeriodFor(today, readingsDay);
        var read = readings.Where(r => ReadingStatuses.Counts(r.Status) && ReadingCalendar.PeriodFor(r.Date, readingsDay) == period)
            .Select(r => r.Serial).ToHashSet(StringComparer.Ordinal);
        return meters.Where(m => m.Active && !m.RemoteRead && !read.Contains(m.Serial)).Select(m => m.Serial)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }
}
