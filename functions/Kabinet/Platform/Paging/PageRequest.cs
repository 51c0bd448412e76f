using System.Globalization;
using System.Reflection;
using Kabinet.Platform.Errors;
using Microsoft.AspNetCore.Http.Metadata;

namespace Kabinet.Platform.Paging;

/// <summary>
/// <c>?limit=&amp;cursor=</c> of every list. A bad limit (not a whole number 1–200) or a cursor not issued by the same list
/// answers 422 <c>request.validation_failed</c> with a field error <c>limit</c> (<c>list.limit_invalid</c>, min, max) or
/// <c>cursor</c> (<c>list.cursor_invalid</c>), alike everywhere: binding reads the raw text, so "abc" is a 422 too, not a 400.
/// </summary>
public sealed class PageRequest : IEndpointParameterMetadataProvider
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
    public const string LimitInvalidCode = "list.limit_invalid";

    private readonly bool _limitValid;

    private PageRequest(int limit, bool limitValid, string? cursor) => (Limit, _limitValid, Cursor) = (limit, limitValid, cursor);

    /// <summary>The page size asked for (<see cref="DefaultLimit"/> when absent or bad).</summary>
    public int Limit { get; }
    /// <summary>The cursor as sent, unchecked; <see cref="Check"/> opens it.</summary>
    public string? Cursor { get; }

    public static PageRequest Of(string? limit, string? cursor)
    {
        if (string.IsNullOrEmpty(limit)) return new(DefaultLimit, true, NullIfEmpty(cursor));
        var valid = int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxLimit;
        return new(valid ? n : DefaultLimit, valid, NullIfEmpty(cursor));
    }

    public static ValueTask<PageRequest?> BindAsync(HttpContext http)
    {
        var query = http.Request.Query;
        // A repeated parameter is as bad as a wrong one.
        var limit = query["limit"].Count > 1 ? "," : query["limit"].ToString();
        var cursor = query["cursor"].Count > 1 ? "," : query["cursor"].ToString();
        return ValueTask.FromResult<PageRequest?>(Of(limit, cursor));
    }

    /// <summary>
    /// The field errors of this request for <paramref name="list"/> (empty when it is fine), and in <paramref name="after"/> the
    /// <paramref name="parts"/> key parts the page starts after (null: the first page). <paramref name="valid"/> checks the parts further.
    /// </summary>
    public List<FieldError> Check(HttpContext http, string list, int parts, out string[]? after, Func<string[], bool>? valid = null)
    {
        var errors = new List<FieldError>();
        if (!_limitValid)
            errors.Add(Problems.Field(http, "limit", LimitInvalidCode, new Dictionary<string, object?> { ["min"] = 1, ["max"] = MaxLimit }));
        after = null;
        if (Cursor is not null)
        {
            after = PageCursor.Decode(Cursor, list, parts);
            if (after is null || (valid is not null && !valid(after)))
            {
                after = null;
                errors.Add(Problems.Field(http, "cursor", PageCursor.InvalidCode));
            }
        }
        return errors;
    }

    /// <summary>
    /// A page of a list held in memory: <paramref name="items"/> in the ordinal order of <paramref name="key"/> (unique per item),
    /// those after <paramref name="after"/>, <see cref="Limit"/> of them, and the cursor of the next page.
    /// </summary>
    public ListPage<T> Slice<T>(IEnumerable<T> items, Func<T, string> key, string list, string[]? after)
    {
        var rest = items.OrderBy(key, StringComparer.Ordinal)
            .Where(i => after is null || string.CompareOrdinal(key(i), after[0]) > 0)
            .Take(Limit + 1).ToList();
        var page = rest.Take(Limit).ToList();
        return new(page, rest.Count > Limit ? PageCursor.Encode(list, key(page[^1])) : null);
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    /// <summary>Marks the endpoint as paged, so the API document lists limit and cursor (custom binding hides them).</summary>
    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder) => builder.Metadata.Add(new PagedMetadata());
}

public sealed class PagedMetadata;
