using System.Globalization;
using System.Text.RegularExpressions;

namespace Kabinet.History;

/// <summary>What <c>GET /history</c> shows: the types asked for (null: all), accounts and providers (null: all), and the inclusive UTC days.</summary>
public sealed record HistoryFilter(IReadOnlySet<string> Types, IReadOnlySet<string>? ProviderIds, IReadOnlySet<string>? AccountIds, DateOnly? From, DateOnly? To)
{
    public bool Wants(string type) => Types.Contains(type);

    /// <summary>from/to are whole days of UTC, both inclusive.</summary>
    public bool Covers(DateTimeOffset at)
    {
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        return (From is not { } f || day >= f) && (To is not { } t || day <= t);
    }
}

/// <summary>One event with the key it sorts by: newest first, then type, account and the event's own id, so the order is total.</summary>
public sealed record HistoryEntry(string Key, HistoryItemView View);

/// <summary>
/// The pure rules of the history: parsing the filters, the key every event sorts by, and a page of the merged stream.
/// The key starts with the inverted ticks of the event's time, so ordinal order is newest first, and ends with ids that make
/// it unique: the cursor is the last key shown, and the next page is every key after it — no event is shown twice or skipped
/// while the events themselves stay put (an event's time never changes once it happened).
/// </summary>
public static partial class HistoryRules
{
    public const string Payments = "payments";
    public const string Readings = "readings";
    public const string Bills = "bills";
    public static readonly string[] Types = [Payments, Readings, Bills];

    /// <summary>Values of a repeated and/or comma-separated parameter, trimmed, without empties.</summary>
    public static IReadOnlySet<string>? List(string? values)
    {
        var set = (values ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        return set.Count == 0 ? null : set;
    }

    /// <summary>The types asked for (every type when none); null when one is not a type.</summary>
    public static IReadOnlySet<string>? TypesOf(string? values) =>
        List(values) is not { } asked ? Types.ToHashSet(StringComparer.Ordinal)
        : asked.All(Types.Contains) ? asked : null;

    public static bool TryDay(string? text, out DateOnly? day)
    {
        day = null;
        if (string.IsNullOrEmpty(text)) return true;
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return false;
        day = d;
        return true;
    }

    public static string Key(DateTimeOffset at, string type, string accountId, string id) =>
        (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "|" + type + "|" + accountId + "|" + id;

    /// <summary>A cursor's part must look like a key (19 digits, a type, …), or it is refused.</summary>
    public static bool IsKey(string key) => KeyPattern().IsMatch(key);

    /// <summary>
    /// One page of the per-source streams merged newest first: the first <paramref name="limit"/> entries after <paramref name="after"/>
    /// (null: from the start), and the key to continue after (null: nothing more).
    /// </summary>
    public static (List<HistoryEntry> Items, string? Next) Page(IEnumerable<IEnumerable<HistoryEntry>> sources, string? after, int limit)
    {
        var rest = sources.SelectMany(s => s)
            .Where(e => after is null || string.CompareOrdinal(e.Key, after) > 0)
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .DistinctBy(e => e.Key)
            .Take(limit + 1).ToList();
        var page = rest.Take(limit).ToList();
        return (page, rest.Count > limit ? page[^1].Key : null);
    }

    /// <summary>When a bill happened: when it was issued, or (an imported bill without that) the first day after its period, UTC.</summary>
    public static DateTimeOffset BillAt(DateTimeOffset? issuedAt, string period) =>
        issuedAt ?? (DateOnly.TryParseExact(period + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
            ? new DateTimeOffset(first.AddMonths(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : DateTimeOffset.UnixEpoch);

    [GeneratedRegex(@"^\d{19}\|(payments|readings|bills)\|[^|]+\|.+$")]
    private static partial Regex KeyPattern();
}
