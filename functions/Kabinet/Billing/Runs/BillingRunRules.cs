using System.Globalization;

namespace Kabinet.Billing;

/// <summary>Pure rules of billing runs: ids, periods, which period is due, slices.</summary>
public static class BillingRunRules
{
    /// <summary>Accounts per slice: a slice of closes (a partition query and one transaction each) ends well inside a function time-out.</summary>
    public const int SliceSize = 100;

    public static string RunId(string providerId, string period) => period + "." + providerId;

    public static bool IsPeriod(string? text) =>
        text is { Length: 7 } && DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    public static DateOnly FirstDay(string period) => DateOnly.ParseExact(period + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
    public static DateOnly LastDay(string period) => FirstDay(period).AddMonths(1).AddDays(-1);
    public static string PeriodOf(DateOnly date) => date.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>
    /// The last period that has ended by the local date: the month before it. The timer closes it when not closed yet, so a
    /// missed hour, a daylight-saving change or a provider far east or west of UTC are all the same question asked again.
    /// </summary>
    public static string EndedPeriod(DateOnly localToday) => PeriodOf(localToday.AddMonths(-1));

    /// <summary>
    /// An operator may close a period that has begun (closing the current one early, e.g. after the readings day; readings
    /// for it then wait while the run lasts) and is at most 24 months back: older ones are history, loaded by import.
    /// </summary>
    public static bool CanStart(string period, DateOnly localToday)
    {
        var first = FirstDay(period);
        return first <= localToday && first >= new DateOnly(localToday.Year, localToday.Month, 1).AddMonths(-24);
    }

    public static List<string[]> Slices(IEnumerable<string> accountIds) =>
        accountIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Chunk(SliceSize).ToList();
}
