using System.Globalization;

namespace Kabinet.History;

public static class HistoryTypes
{
    public const string Payments = "payments";
    public const string Readings = "readings";
    public const string Bills = "bills";
    public static readonly string[] All = [Payments, Readings, Bills];
}

/// <summary>What <c>GET /history</c> asked for once its query is read: null sets mean everything.</summary>
public sealed record HistoryQuery(IReadOnlySet<string> Types, IReadOnlySet<string>? ProviderIds, IReadOnlySet<string>? AccountIds,
    DateOnly? From, DateOnly? To, int Limit)
{
    public bool Wants(string type) => Types.Contains(type);
    public bool Selects(string accountId, string providerId) =>
        (AccountIds is null || AccountIds.Contains(accountId)) && (ProviderIds is null || ProviderIds.Contains(providerId));
}

/// <summary>One event before paging: its time and a key unique across the whole history, the order's tie-break.</summary>
public sealed record HistoryEntry(DateTimeOffset At, string Key, HistoryItemView Item);

/// <summary>The position a page ends at: the (at, key) of its last item; the next page holds only what sorts after it.</summary>
public sealed record HistoryPosition(DateTimeOffset At, string Key);

public sealed record HistoryFieldError(string Field, string Code, IDictionary<string, object?>? Data = null);

/// <summary>
/// Pure rules of the history: reading the query, the order (newest first, then key descending, so the order is total),
/// the date range (UTC days, both ends inclusive) and the pages.
/// </summary>
public static class HistoryRules
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
    public const string LimitInvalidCode = Platform.Paging.PageRequest.LimitInvalidCode;

    public static (HistoryQuery Query, List<HistoryFieldError> Errors) Parse(string? type, string? providerId, string? accountId, string? from, string? to, string? limit)
    {
        var errors = new List<HistoryFieldError>();
        var types = List(type);
        if (types is not null && types.Any(t => !HistoryTypes.All.Contains(t, StringComparer.Ordinal))) errors.Add(new("type", HistoryErrors.TypeInvalid));
        var fromDay = Day(from, "from", errors);
        var toDay = Day(to, "to", errors);
        if (fromDay is { } f && toDay is { } t && f > t) errors.Add(new("from", HistoryErrors.RangeInvalid));
        var size = DefaultLimit;
        if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxLimit))
        {
            size = DefaultLimit;
            errors.Add(new("limit", LimitInvalidCode, new Dictionary<string, object?> { ["min"] = 1, ["max"] = MaxLimit }));
        }
        var query = new HistoryQuery(types?.ToHashSet(StringComparer.Ordinal) ?? HistoryTypes.All.ToHashSet(StringComparer.Ordinal),
            List(providerId)?.ToHashSet(StringComparer.Ordinal), List(accountId)?.ToHashSet(StringComparer.Ordinal), fromDay, toDay, size);
        return (query, errors);
    }

    /// <summary>Comma-separated values (a repeated parameter arrives joined by commas), blanks dropped; null when none (everything).</summary>
    private static List<string>? List(string? text)
    {
        var items = (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        return items.Count == 0 ? null : items;
    }

    private static DateOnly? Day(string? text, string field, List<HistoryFieldError> errors)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        errors.Add(new(field, HistoryErrors.RangeInvalid));
        return null;
    }

    /// <summary>Within the range when its UTC day is within [from, to].</summary>
    public static bool InRange(DateTimeOffset at, DateOnly? from, DateOnly? to)
    {
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        return (from is not { } f || day >= f) && (to is not { } t || day <= t);
    }

    /// <summary>Newest first; equal times by key, descending.</summary>
    public static int Compare(DateTimeOffset atA, string keyA, DateTimeOffset atB, string keyB)
    {
        var byTime = atB.UtcTicks.CompareTo(atA.UtcTicks);
        return byTime != 0 ? byTime : string.CompareOrdinal(keyB, keyA);
    }

    /// <summary>
    /// The page after <paramref name="after"/> (null: the first) of the entries in range: at most <paramref name="limit"/>, in order,
    /// and where the next page starts (null on the last page).
    /// </summary>
    public static (List<HistoryEntry> Page, HistoryPosition? Next) Page(IEnumerable<HistoryEntry> entries, DateOnly? from, DateOnly? to,
        HistoryPosition? after, int limit)
    {
        var rest = entries.Where(e => InRange(e.At, from, to))
            .Where(e => after is null || Compare(e.At, e.Key, after.At, after.Key) > 0)
            .Order(Comparer<HistoryEntry>.Create((a, b) => Compare(a.At, a.Key, b.At, b.Key)))
            .Take(limit + 1).ToList();
        var page = rest.Take(limit).ToList();
        return (page, rest.Count > limit ? new HistoryPosition(page[^1].At, page[^1].Key) : null);
    }

    /// <summary>The cursor's parts: UTC ticks (D19) and the key.</summary>
    public static string[] Parts(HistoryPosition position) => [position.At.UtcTicks.ToString("D19", CultureInfo.InvariantCulture), position.Key];

    public static HistoryPosition? Position(string[] parts) =>
        parts.Length == 2 && parts[0].Length == 19 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && ticks <= DateTimeOffset.MaxValue.UtcTicks && parts[1].Length is > 0 and <= 400
            ? new HistoryPosition(new DateTimeOffset(ticks, TimeSpan.Zero), parts[1]) : null;
}
