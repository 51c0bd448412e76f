using System.Globalization;

namespace Kabinet.Billing.Calendar;

/// <summary>
/// The Russian production calendar: Saturdays and Sundays, the public holidays of ТК РФ art. 112 and the government's
/// yearly transfers of days off. A due date that falls on a day off moves to the next working day (ГК РФ art. 193).
/// </summary>
public static class WorkingDays
{
    // Per year, from the government's decrees on transferring days off (checked against the consultant.ru production
    // calendars and the news of each decree): the weekdays that are not working days (holidays, holidays moved off a
    // weekend, transferred days off) and the Saturdays/Sundays that are working days. Days the President declared
    // non-working (spring 2020, 24.06.2020, 01.07.2020, 04–07.05.2021, autumn 2021) are not in it: they are neither
    // days off nor holidays under ТК РФ arts. 111–112 and do not move a due date (ВС РФ, Обзор № 1 of 21.04.2020, q. 5).
    // A year missing here (2027 as of this writing: its decree is not checked) follows the Labour Code alone: see Base.
    private static readonly Dictionary<int, (string Off, string Work)> Years = new()
    {
        // ПП от 24.09.2015 № 1017: 2 Jan → 3 May, 3 Jan → 7 Mar, Sat 20 Feb working for Mon 22 Feb.
        [2016] = ("01-01 01-04 01-05 01-06 01-07 01-08 02-22 02-23 03-07 03-08 05-02 05-03 05-09 06-13 11-04", "02-20"),
        // ПП от 04.08.2016 № 756: 1 Jan → 24 Feb, 7 Jan → 8 May; 4 Nov (Sat) → 6 Nov.
        [2017] = ("01-02 01-03 01-04 01-05 01-06 02-23 02-24 03-08 05-01 05-08 05-09 06-12 11-06", ""),
        // ПП от 14.10.2017 № 1250: 6 Jan → 9 Mar, 7 Jan → 2 May, 28 Apr → 30 Apr, 9 Jun → 11 Jun, 29 Dec → 31 Dec.
        [2018] = ("01-01 01-02 01-03 01-04 01-05 01-08 02-23 03-08 03-09 04-30 05-01 05-02 05-09 06-11 06-12 11-05 12-31", "04-28 06-09 12-29"),
        // ПП от 01.10.2018 № 1163: 5 Jan → 2 May, 6 Jan → 3 May, 23 Feb (Sat) → 10 May.
        [2019] = ("01-01 01-02 01-03 01-04 01-07 01-08 03-08 05-01 05-02 05-03 05-09 05-10 06-12 11-04", ""),
        // ПП от 10.07.2019 № 1375: 4 Jan → 4 May, 5 Jan → 5 May; 23 Feb → 24 Feb, 8 Mar → 9 Mar, 9 May → 11 May.
        [2020] = ("01-01 01-02 01-03 01-06 01-07 01-08 02-24 03-09 05-01 05-04 05-05 05-11 06-12 11-04", ""),
        // ПП от 10.10.2020 № 1648: 2 Jan → 5 Nov, 3 Jan → 31 Dec, Sat 20 Feb working for Mon 22 Feb.
        [2021] = ("01-01 01-04 01-05 01-06 01-07 01-08 02-22 02-23 03-08 05-03 05-10 06-14 11-04 11-05 12-31", "02-20"),
        // ПП от 16.09.2021 № 1564: 1 Jan → 3 May, 2 Jan → 10 May, Sat 5 Mar working for Mon 7 Mar.
        [2022] = ("01-03 01-04 01-05 01-06 01-07 02-23 03-07 03-08 05-02 05-03 05-09 05-10 06-13 11-04", "03-05"),
        // ПП от 29.08.2022 № 1447: 1 Jan → 24 Feb, 8 Jan → 8 May; 4 Nov (Sat) → 6 Nov.
        [2023] = ("01-02 01-03 01-04 01-05 01-06 02-23 02-24 03-08 05-01 05-08 05-09 06-12 11-06", ""),
        // ПП от 10.08.2023 № 1314: 6 Jan → 10 May, 7 Jan → 31 Dec, 27 Apr → 29 Apr, 2 Nov → 30 Apr, 28 Dec → 30 Dec.
        [2024] = ("01-01 01-02 01-03 01-04 01-05 01-08 02-23 03-08 04-29 04-30 05-01 05-09 05-10 06-12 11-04 12-30 12-31", "04-27 11-02 12-28"),
        // ПП от 04.10.2024 № 1335: 4 Jan → 2 May, 5 Jan → 31 Dec, 23 Feb (Sun) → 8 May, 8 Mar (Sat) → 13 Jun, 1 Nov → 3 Nov.
        [2025] = ("01-01 01-02 01-03 01-06 01-07 01-08 05-01 05-02 05-08 05-09 06-12 06-13 11-03 11-04 12-31", "11-01"),
        // ПП от 24.09.2025: 3 Jan → 9 Jan, 4 Jan → 31 Dec; 8 Mar (Sun) → 9 Mar, 9 May (Sat) → 11 May.
        [2026] = ("01-01 01-02 01-05 01-06 01-07 01-08 01-09 02-23 03-09 05-01 05-11 06-12 11-04 12-31", ""),
    };

    /// <summary>The years whose calendar comes from a government decree (the others from the Labour Code alone).</summary>
    public static IReadOnlyCollection<int> DecreedYears => Years.Keys;

    private static readonly Dictionary<int, (HashSet<DateOnly> Off, HashSet<DateOnly> Work)> Cache = [];
    private static readonly Lock Gate = new();

    private static (HashSet<DateOnly> Off, HashSet<DateOnly> Work) Year(int year)
    {
        lock (Gate)
        {
            if (Cache.TryGetValue(year, out var known)) return known;
            var days = Years.TryGetValue(year, out var listed) ? (Parse(year, listed.Off), Parse(year, listed.Work)) : (Base(year), []);
            Cache[year] = days;
            return days;
        }
    }

    private static HashSet<DateOnly> Parse(int year, string days) =>
        days.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => DateOnly.ParseExact($"{year:D4}-{d}", "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToHashSet();

    /// <summary>
    /// ТК РФ art. 112 without a decree: 1–8 January, 23 February, 8 March, 1 and 9 May, 12 June, 4 November; a holiday
    /// other than the January ones that falls on a Saturday or Sunday moves the day off to the next working day.
    /// </summary>
    public static HashSet<DateOnly> Base(int year)
    {
        var off = Enumerable.Range(1, 8).Select(d => new DateOnly(year, 1, d)).Where(IsWeekday).ToHashSet();
        foreach (var holiday in new[] { new DateOnly(year, 2, 23), new DateOnly(year, 3, 8), new DateOnly(year, 5, 1), new DateOnly(year, 5, 9), new DateOnly(year, 6, 12), new DateOnly(year, 11, 4) })
        {
            var day = holiday;
            while (!IsWeekday(day) || off.Contains(day)) day = day.AddDays(1);
            off.Add(day);
        }
        return off;
    }

    private static bool IsWeekday(DateOnly d) => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    public static bool IsWorkingDay(DateOnly d)
    {
        var (off, work) = Year(d.Year);
        return IsWeekday(d) ? !off.Contains(d) : work.Contains(d);
    }

    /// <summary>The day itself when it is a working day, else the next working day.</summary>
    public static DateOnly NextWorkingDay(DateOnly d)
    {
        while (!IsWorkingDay(d)) d = d.AddDays(1);
        return d;
    }

    /// <summary>
    /// The due date of a period's bill (period yyyy-MM): the provider's due day of the next month (the month's last day when
    /// it has fewer), moved to the next working day.
    /// </summary>
    public static DateOnly DueDate(string period, int dueDay)
    {
        var month = DateOnly.ParseExact(period + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture).AddMonths(1);
        var day = Math.Clamp(dueDay, 1, DateTime.DaysInMonth(month.Year, month.Month));
        return NextWorkingDay(new DateOnly(month.Year, month.Month, day));
    }
}
