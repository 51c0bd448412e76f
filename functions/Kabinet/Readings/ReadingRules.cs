using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kabinet.Accounts;
using Kabinet.Providers;

namespace Kabinet.Readings;

/// <summary>One failed rule of one zone (or of the request): field, stable code and the allowed range or what was expected.</summary>
public sealed record ReadingError(string Field, string Code, IDictionary<string, object?>? Data = null);

/// <summary>Reading statuses and channels as stored on <see cref="ReadingRecordEntity"/>.</summary>
public static class ReadingStatuses
{
    public const string Accepted = "accepted";
    public const string NeedsReview = "needs_review";
    public const string Billed = "billed";
    public const string Withdrawn = "withdrawn";

    /// <summary>Statuses of a reading that counts: as previous, for usual consumption, as the last reading.</summary>
    public static bool Counts(string status) => status is Accepted or NeedsReview or Billed;
}

public static class ReadingChannels
{
    public const string Web = "web";
    public const string Import = "import";
    public const string Remote = "remote";
}

/// <summary>Why a meter takes no reading from the customer now (null: it does).</summary>
public static class SubmitBlocks
{
    public const string RemoteRead = "remote_read";
    public const string Decommissioned = "decommissioned";
    public const string PeriodClosing = "period_closing";
    /// <summary>A warning, not a block: the reading is accepted.</summary>
    public const string VerificationExpired = "verification_expired";
}

/// <summary>A counted reading of a meter: its local day and value per zone.</summary>
public sealed record PastReading(DateOnly Date, IReadOnlyDictionary<string, decimal> Values, string Status);

/// <summary>The band of plausible consumption for the days since the previous reading.</summary>
public sealed record PlausibleRange(decimal Min, decimal Max);

/// <summary>The result of checking one reading: values, consumption per zone since the previous one, and every error.</summary>
public sealed record ReadingCheck(
    IReadOnlyDictionary<string, decimal> Values,
    IReadOnlyDictionary<string, decimal> ConsumptionSincePrevious,
    IReadOnlyList<ReadingError> Errors)
{
    public bool OnlyImplausible => Errors.Count > 0 && Errors.All(e => e.Code == ReadingRules.Implausible);
}

/// <summary>Pure rules of meter readings: parsing each zone, digits, previous reading, rollover, plausibility.</summary>
public static partial class ReadingRules
{
    public const string NotANumber = "reading.not_a_number";
    public const string Negative = "reading.negative";
    public const string TooManyDigits = "reading.too_many_digits";
    public const string TooManyFractionDigits = "reading.too_many_fraction_digits";
    public const string LessThanPrevious = "reading.less_than_previous";
    public const string Implausible = "reading.implausible";
    public const string ZonesMismatch = "reading.zones_mismatch";

    /// <summary>Readings (the newest) used for the usual daily consumption.</summary>
    public const int UsualHistoryReadings = 6;
    /// <summary>Less history than this many days: no plausibility check.</summary>
    public const int UsualMinDays = 28;

    [GeneratedRegex(@"^\s*(-?)([0-9]+)(?:[.,]([0-9]+))?\s*$")]
    private static partial Regex NumberPattern();

    public static string[] ZonesOf(MeterEntity meter) => ZoneSets.Zones.TryGetValue(meter.ZoneSet, out var zones) ? zones : ["T1"];

    public static decimal Capacity(int digits) => Pow10(digits);

    /// <summary>The largest value the register shows, e.g. 999999.9 for 6 + 1 digits.</summary>
    public static decimal MaxValue(int digits, int fractionDigits) => Pow10(digits) - 1m / Pow10(fractionDigits);

    private static decimal Pow10(int n)
    {
        var r = 1m;
        for (var i = 0; i < Math.Clamp(n, 0, 27); i++) r *= 10;
        return r;
    }

    /// <summary>
    /// Each zone on its own: a JSON number or numeric string (',' or '.' as separator), not negative, within the meter's
    /// integer and fraction digits; then exactly the meter's zones. Every failure is listed.
    /// </summary>
    public static (Dictionary<string, decimal> Values, List<ReadingError> Errors) Parse(IReadOnlyDictionary<string, JsonElement>? values, MeterEntity meter)
    {
        var zones = ZonesOf(meter);
        var parsed = new Dictionary<string, decimal>();
        var errors = new List<ReadingError>();
        // Zone names match without case ("t1" is T1): clients serialise property names their own way.
        var given = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        foreach (var (k, v) in values ?? new Dictionary<string, JsonElement>()) given.TryAdd(k, v);
        var max = MaxValue(meter.Digits, meter.FractionDigits);
        foreach (var zone in zones)
        {
            var field = "values." + zone;
            if (!given.TryGetValue(zone, out var element))
            {
                errors.Add(new ReadingError(field, ZonesMismatch, new Dictionary<string, object?> { ["expectedZones"] = zones, ["missing"] = zone }));
                continue;
            }
            var (value, error) = ParseValue(element, meter.Digits, meter.FractionDigits);
            if (error is not null)
            {
                var data = new Dictionary<string, object?>();
                if (error is Negative or TooManyDigits) { data["min"] = 0m; data["max"] = max; }
                if (error is TooManyFractionDigits) data["maxFractionDigits"] = meter.FractionDigits;
                if (error is TooManyDigits) data["maxDigits"] = meter.Digits;
                errors.Add(new ReadingError(field, error, data.Count > 0 ? data : null));
            }
            else parsed[zone] = value;
        }
        foreach (var extra in given.Keys.Where(k => !zones.Contains(k, StringComparer.OrdinalIgnoreCase)).Order(StringComparer.Ordinal))
            errors.Add(new ReadingError("values." + extra, ZonesMismatch, new Dictionary<string, object?> { ["expectedZones"] = zones, ["extra"] = extra }));
        return (parsed, errors);
    }

    /// <summary>One zone's value; the error code when it breaks a rule of its own.</summary>
    public static (decimal Value, string? Error) ParseValue(JsonElement element, int digits, int fractionDigits)
    {
        var text = element.ValueKind switch
        {
            JsonValueKind.Number => element.GetRawText(),
            JsonValueKind.String => element.GetString() ?? "",
            _ => null,
        };
        if (text is null) return (0, NotANumber);
        var match = NumberPattern().Match(text);
        if (!match.Success) return (0, NotANumber);
        var integer = match.Groups[2].Value.TrimStart('0');
        var fraction = match.Groups[3].Value.TrimEnd('0');
        var zero = integer.Length == 0 && fraction.Length == 0;
        if (match.Groups[1].Value == "-" && !zero) return (0, Negative);
        if (integer.Length > digits) return (0, TooManyDigits);
        if (fraction.Length > fractionDigits) return (0, TooManyFractionDigits);
        var value = decimal.Parse((integer.Length == 0 ? "0" : integer) + (fraction.Length == 0 ? "" : "." + fraction), CultureInfo.InvariantCulture);
        return (value, null);
    }

    /// <summary>Consumption from <paramref name="previous"/> to <paramref name="value"/>: across the capacity when the register rolled over.</summary>
    public static decimal Consumption(decimal previous, decimal value, int digits) =>
        value >= previous ? value - previous : value + Capacity(digits) - previous;

    /// <summary>
    /// Usual daily consumption per zone from the newest counted readings (up to <see cref="UsualHistoryReadings"/>):
    /// total consumption over the days between the first and the last. Null when they span less than
    /// <see cref="UsualMinDays"/> days.
    /// </summary>
    public static IReadOnlyDictionary<string, decimal>? UsualDaily(IEnumerable<PastReading> history, string[] zones, int digits)
    {
        var recent = history.Where(r => ReadingStatuses.Counts(r.Status) && r.Status != ReadingStatuses.NeedsReview)
            .OrderByDescending(r => r.Date).Take(UsualHistoryReadings).OrderBy(r => r.Date).ToList();
        if (recent.Count < 2) return null;
        var days = recent[^1].Date.DayNumber - recent[0].Date.DayNumber;
        if (days < UsualMinDays) return null;
        var usual = new Dictionary<string, decimal>();
        foreach (var zone in zones)
        {
            var total = 0m;
            for (var i = 1; i < recent.Count; i++)
            {
                if (!recent[i - 1].Values.TryGetValue(zone, out var a) || !recent[i].Values.TryGetValue(zone, out var b)) return null;
                total += Consumption(a, b, digits);
            }
            usual[zone] = total / days;
        }
        return usual;
    }

    /// <summary>usual × days × (1 − below) … usual × days × (1 + above).</summary>
    public static PlausibleRange Range(decimal usualDaily, int days, decimal above, decimal below) =>
        new(usualDaily * days * (1 - below), usualDaily * days * (1 + above));

    /// <summary>Without history a rollover is believed only for a consumption up to 1 % of the register's capacity.</summary>
    public static decimal RolloverLimitWithoutHistory(int digits) => Capacity(digits) / 100;

    /// <summary>
    /// The parsed values against the previous counted reading (on an earlier day) and the usual consumption:
    /// less than previous unless a plausible rollover; implausible outside the band. Errors carry the expected range
    /// of the reading (min, max) and of the consumption.
    /// </summary>
    public static ReadingCheck Check(IReadOnlyDictionary<string, decimal> values, List<ReadingError> parseErrors, MeterEntity meter,
        PastReading? previous, IReadOnlyDictionary<string, decimal>? usualDaily, DateOnly date, decimal above, decimal below)
    {
        var errors = new List<ReadingError>(parseErrors);
        var consumption = new Dictionary<string, decimal>();
        var days = previous is null ? 0 : Math.Max(1, date.DayNumber - previous.Date.DayNumber);
        var maxValue = MaxValue(meter.Digits, meter.FractionDigits);
        foreach (var zone in ZonesOf(meter))
        {
            if (!values.TryGetValue(zone, out var value)) continue;
            if (previous is null || !previous.Values.TryGetValue(zone, out var before))
            {
                consumption[zone] = 0;
                continue;
            }
            var field = "values." + zone;
            PlausibleRange? band = usualDaily is not null && usualDaily.TryGetValue(zone, out var usual) && usual > 0
                ? Range(usual, days, above, below) : null;
            if (value < before)
            {
                var rolled = Consumption(before, value, meter.Digits);
                var limit = band?.Max ?? RolloverLimitWithoutHistory(meter.Digits);
                if (rolled > limit)
                {
                    errors.Add(new ReadingError(field, LessThanPrevious, new Dictionary<string, object?>
                    {
                        ["min"] = before, ["max"] = maxValue, ["previous"] = before, ["previousDate"] = previous.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    }));
                    continue;
                }
            }
            var used = Consumption(before, value, meter.Digits);
            consumption[zone] = used;
            if (band is not null && (used < band.Min || used > band.Max))
            {
                var scale = Pow10(meter.FractionDigits);
                var min = before + Math.Ceiling(band.Min * scale) / scale;
                var max = before + Math.Floor(band.Max * scale) / scale;
                var capacity = Capacity(meter.Digits);
                errors.Add(new ReadingError(field, Implausible, new Dictionary<string, object?>
                {
                    ["min"] = min >= capacity ? min - capacity : min,
                    ["max"] = max >= capacity ? max - capacity : max,
                    ["consumption"] = used,
                    ["minConsumption"] = Math.Round(band.Min, 3, MidpointRounding.AwayFromZero),
                    ["maxConsumption"] = Math.Round(band.Max, 3, MidpointRounding.AwayFromZero),
                    ["previous"] = before,
                    ["days"] = days,
                }));
            }
        }
        return new ReadingCheck(values, consumption, errors);
    }

    /// <summary>The newest counted reading on a day before <paramref name="date"/>.</summary>
    public static PastReading? Previous(IEnumerable<PastReading> history, DateOnly date) =>
        history.Where(r => ReadingStatuses.Counts(r.Status) && r.Date < date).MaxBy(r => r.Date);

    /// <summary>
    /// Consumption per zone for the estimate: since the newest billed reading before the day, or else since the
    /// previous counted one; nothing before it → zero.
    /// </summary>
    public static Dictionary<string, decimal> ConsumptionSinceBilled(IReadOnlyDictionary<string, decimal> values, IEnumerable<PastReading> history,
        DateOnly date, int digits)
    {
        var earlier = history.Where(r => ReadingStatuses.Counts(r.Status) && r.Date < date).ToList();
        var baseReading = earlier.Where(r => r.Status == ReadingStatuses.Billed).MaxBy(r => r.Date) ?? earlier.MaxBy(r => r.Date);
        return values.ToDictionary(v => v.Key,
            v => baseReading is not null && baseReading.Values.TryGetValue(v.Key, out var b) ? Consumption(b, v.Value, digits) : 0m);
    }

    /// <summary>Why the meter takes no reading now (null: it does).</summary>
    public static string? BlockedBecause(MeterEntity meter, bool periodClosing) =>
        meter.State != MeterStates.Active ? SubmitBlocks.Decommissioned
        : meter.RemoteRead ? SubmitBlocks.RemoteRead
        : periodClosing ? SubmitBlocks.PeriodClosing
        : null;

    /// <summary>Warnings that do not block: a verification date in the past.</summary>
    public static List<string> Warnings(MeterEntity meter, DateOnly today) =>
        DateOnly.TryParseExact(meter.VerifiedUntil, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var until) && until < today
            ? [SubmitBlocks.VerificationExpired] : [];

    public static Dictionary<string, decimal> ParseStored(string json)
    {
        var result = new Dictionary<string, decimal>();
        try
        {
            var raw = JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
            foreach (var (zone, text) in raw)
                if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var v)) result[zone] = v;
        }
        catch (JsonException) { }
        return result;
    }

    public static string ToStored(IReadOnlyDictionary<string, decimal> values) =>
        JsonSerializer.Serialize(values.ToDictionary(v => v.Key, v => v.Value.ToString(CultureInfo.InvariantCulture)));

    public static decimal ParseFraction(string? text, decimal fallback) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var v) && v >= 0 ? v : fallback;
}
