using System.Globalization;

namespace Kabinet.Readings;

/// <summary>
/// Calendar rules of readings, in the provider's time zone (IANA id such as Asia/Omsk): instants are UTC,
/// the day a reading belongs to and the billing period it counts for are local.
/// </summary>
public static class ReadingCalendar
{
    /// <summary>The provider's local calendar day of an instant. Throws <see cref="TimeZoneNotFoundException"/> for an unknown id.</summary>
    public static DateOnly LocalDate(DateTimeOffset instant, string timeZoneId)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
    }

    /// <summary>
    /// The billing period ("yyyy-MM") a reading taken on the local date counts for: days 1..readingsDay count for
    /// that month, later days for the next month (December → January of the next year).
    /// </summary>
    public static string PeriodFor(DateOnly localDate, int readingsDay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(readingsDay, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(readingsDay, 31);
        var month = localDate.Day <= readingsDay ? localDate : localDate.AddMonths(1);
        return month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Whether the period a reading taken today counts for is being closed by a billing run right now (readings for it wait
    /// until the run ends). <paramref name="closing"/> holds "{providerId}|{period}" of the runs under way.
    /// </summary>
    public static bool IsClosing(string providerId, string period, IReadOnlySet<string> closing) => closing.Contains(providerId + "|" + period);
}
