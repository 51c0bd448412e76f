using System.Globalization;

namespace Kabinet.Notifications;

/// <summary>
/// The provider's quiet hours: a local window [from, to) in its time zone, which may cross midnight (22:00–08:00) or not
/// (13:00–15:00); equal ends mean none. Pure: the time is given.
/// </summary>
public static class QuietHours
{
    /// <summary>Strictly "HH:mm", 00:00–23:59.</summary>
    public static bool TryParseTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time) && text!.Length == 5;

    /// <summary>
    /// When the window holds <paramref name="now"/> in <paramref name="timeZone"/>: the instant it ends (the first moment after
    /// <paramref name="now"/> the local clock shows <paramref name="to"/>, or later when a DST jump skips it); else null. An
    /// unknown zone counts as <see cref="NoticeDraft.DefaultTimeZone"/>, an unparsable time as the default window's end.
    /// </summary>
    public static DateTimeOffset? HeldUntil(DateTimeOffset now, string? timeZone, string? from, string? to)
    {
        var start = TryParseTime(from, out var f) ? f : TimeOnly.Parse(Providers.QuietHoursDefaults.From, CultureInfo.InvariantCulture);
        var end = TryParseTime(to, out var t) ? t : TimeOnly.Parse(Providers.QuietHoursDefaults.To, CultureInfo.InvariantCulture);
        return HeldUntil(now, Zone(timeZone), start, end);
    }

    public static DateTimeOffset? HeldUntil(DateTimeOffset now, TimeZoneInfo zone, TimeOnly from, TimeOnly to)
    {
        if (from == to) return null;
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var inside = from < to ? time >= from && time < to : time >= from || time < to;
        if (!inside) return null;
        // Crossing midnight and already past "from": the window ends tomorrow.
        var day = DateOnly.FromDateTime(local.DateTime);
        if (from > to && time >= from) day = day.AddDays(1);
        var endLocal = day.ToDateTime(to);
        // In a spring-forward gap the end's wall time never shows: the window ends when the clock resumes.
        while (zone.IsInvalidTime(endLocal)) endLocal = endLocal.AddMinutes(1);
        // Shown twice on a fall-back night: the first time it shows.
        var offset = zone.IsAmbiguousTime(endLocal) ? zone.GetAmbiguousTimeOffsets(endLocal).Max() : zone.GetUtcOffset(endLocal);
        var until = new DateTimeOffset(endLocal, offset);
        return until > now ? until : now;
    }

    public static TimeZoneInfo Zone(string? id)
    {
        if (!string.IsNullOrEmpty(id))
            try { return TimeZoneInfo.FindSystemTimeZoneById(id); }
            catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException) { }
        return TimeZoneInfo.FindSystemTimeZoneById(NoticeDraft.DefaultTimeZone);
    }
}
