using System.Globalization;
using System.Text.Json;
using Kabinet.Platform.Storage;

namespace Kabinet.Notifications;

/// <summary>Whom a broadcast is for: exactly one of the four.</summary>
public sealed record BroadcastAudience(bool? All = null, string? ProviderId = null, IReadOnlyList<string>? AccountIds = null, IReadOnlyList<string>? UserIds = null)
{
    public const string KindAll = "all";
    public const string KindProvider = "providerId";
    public const string KindAccounts = "accountIds";
    public const string KindUsers = "userIds";

    public string Kind => All == true ? KindAll : ProviderId is not null ? KindProvider : AccountIds is not null ? KindAccounts : KindUsers;
    public IReadOnlyList<string> Ids => AccountIds ?? UserIds ?? [];
}

public sealed record BroadcastAction(string Label, string? LabelEn, string Url);

/// <summary>A POST /operator/notifications body that passed <see cref="BroadcastRules.Parse"/>.</summary>
public sealed record BroadcastRequest(BroadcastAudience Audience, string Kind, string Category, string Title, string Body, string? TitleEn, string? BodyEn,
    BroadcastAction? Action, bool RequiresConfirmation, DateTimeOffset? ExpiresAt);

public sealed record BroadcastFieldError(string Field, string Code, IDictionary<string, object?>? Data = null);

/// <summary>Pure rules of broadcasts: the body's validation, the audience's deduplication and its chunks.</summary>
public static class BroadcastRules
{
    public const int MaxIds = 1000;
    public const int MaxIdLength = 64;
    public const int MaxTitle = 120;
    public const int MaxBody = 4000;
    public const int MaxActionLabel = 40;
    public const int MaxUrl = 2000;
    /// <summary>One delivery message per chunk (<see cref="NoticeDelivery.MaxItems"/>), so the delivery's absolute per-chunk counts are the whole chunk's.</summary>
    public const int ChunkSize = NoticeDelivery.MaxItems;
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(366);

    /// <summary>
    /// The request in <paramref name="root"/>, or every field error of it (never both). Wrong JSON types are field errors too,
    /// so junk gets a 422 that names the field. <paramref name="allowLocalHttp"/>: http URLs to localhost pass (development).
    /// </summary>
    public static (BroadcastRequest? Request, List<BroadcastFieldError> Errors) Parse(JsonElement root, DateTimeOffset now, bool allowLocalHttp = false)
    {
        var errors = new List<BroadcastFieldError>();
        if (root.ValueKind != JsonValueKind.Object) return (null, [new("", "broadcast.body_object")]);

        var audience = ParseAudience(root, errors);
        var kind = Choice(root, "kind", NoticeKinds.All, null, "broadcast.kind_invalid", errors);
        var category = Choice(root, "category", [NoticeCategories.Service, NoticeCategories.Marketing], NoticeCategories.Service, "broadcast.category_invalid", errors);
        var title = Text(root, "title", MaxTitle, required: true, errors);
        var body = Text(root, "body", MaxBody, required: true, errors);
        var titleEn = Text(root, "titleEn", MaxTitle, required: false, errors);
        var bodyEn = Text(root, "bodyEn", MaxBody, required: false, errors);
        var action = ParseAction(root, allowLocalHttp, errors);
        var confirm = false;
        if (root.TryGetProperty("requiresConfirmation", out var rc) && rc.ValueKind != JsonValueKind.Null)
        {
            if (rc.ValueKind is JsonValueKind.True or JsonValueKind.False) confirm = rc.GetBoolean();
            else errors.Add(new("requiresConfirmation", "broadcast.boolean_expected"));
        }
        if (kind == NoticeKinds.Modal && rc.ValueKind == JsonValueKind.False)
            errors.Add(new("requiresConfirmation", "broadcast.modal_needs_confirmation"));
        var expiresAt = ParseExpiry(root, now, errors);

        if (errors.Count > 0) return (null, errors);
        return (new BroadcastRequest(audience!, kind!, category!, title!, body!, titleEn, bodyEn, action, confirm || kind == NoticeKinds.Modal, expiresAt), errors);
    }

    private static BroadcastAudience? ParseAudience(JsonElement root, List<BroadcastFieldError> errors)
    {
        if (!root.TryGetProperty("audience", out var a) || a.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new("audience", "broadcast.audience_required"));
            return null;
        }
        if (a.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new("audience", "broadcast.audience_invalid"));
            return null;
        }
        string[] known = [BroadcastAudience.KindAll, BroadcastAudience.KindProvider, BroadcastAudience.KindAccounts, BroadcastAudience.KindUsers];
        var given = a.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.Null).Select(p => p.Name).ToList();
        if (given.Any(n => !known.Contains(n, StringComparer.Ordinal)))
        {
            errors.Add(new("audience", "broadcast.audience_invalid"));
            return null;
        }
        if (given.Count != 1)
        {
            errors.Add(new("audience", given.Count == 0 ? "broadcast.audience_required" : "broadcast.audience_ambiguous"));
            return null;
        }
        var value = a.GetProperty(given[0]);
        switch (given[0])
        {
            case BroadcastAudience.KindAll:
                if (value.ValueKind != JsonValueKind.True) { errors.Add(new("audience.all", "broadcast.audience_all_true")); return null; }
                return new BroadcastAudience(All: true);
            case BroadcastAudience.KindProvider:
                if (value.ValueKind != JsonValueKind.String || !TableKeys.IsSafe(value.GetString()))
                {
                    errors.Add(new("audience.providerId", "broadcast.provider_not_found"));
                    return null;
                }
                return new BroadcastAudience(ProviderId: value.GetString());
            default:
                var field = "audience." + given[0];
                if (value.ValueKind != JsonValueKind.Array) { errors.Add(new(field, "broadcast.ids_expected")); return null; }
                var count = value.GetArrayLength();
                if (count == 0) { errors.Add(new(field, "broadcast.ids_empty")); return null; }
                if (count > MaxIds) { errors.Add(new(field, "broadcast.ids_too_many", new Dictionary<string, object?> { ["max"] = MaxIds })); return null; }
                var ids = new List<string>(count);
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    var id = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
                    if (!TableKeys.IsSafe(id, MaxIdLength)) errors.Add(new($"{field}[{index}]", "broadcast.id_invalid"));
                    else ids.Add(id!);
                    index++;
                }
                if (ids.Count < count) return null;
                var distinct = ids.Distinct(StringComparer.Ordinal).ToList();
                return given[0] == BroadcastAudience.KindAccounts ? new BroadcastAudience(AccountIds: distinct) : new BroadcastAudience(UserIds: distinct);
        }
    }

    private static string? Choice(JsonElement root, string name, string[] allowed, string? @default, string code, List<BroadcastFieldError> errors)
    {
        if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            if (@default is null) errors.Add(new(name, code, new Dictionary<string, object?> { ["allowed"] = allowed }));
            return @default;
        }
        if (v.ValueKind == JsonValueKind.String && allowed.Contains(v.GetString(), StringComparer.Ordinal)) return v.GetString();
        errors.Add(new(name, code, new Dictionary<string, object?> { ["allowed"] = allowed }));
        return null;
    }

    private static string? Text(JsonElement root, string name, int max, bool required, List<BroadcastFieldError> errors, string? field = null)
    {
        field ??= name;
        if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            if (required) errors.Add(new(field, "broadcast.text_required"));
            return null;
        }
        if (v.ValueKind != JsonValueKind.String) { errors.Add(new(field, "broadcast.text_expected")); return null; }
        var text = v.GetString()!.Trim();
        if (text.Length == 0) { errors.Add(new(field, "broadcast.text_required")); return null; }
        if (text.Length > max) { errors.Add(new(field, "broadcast.text_too_long", new Dictionary<string, object?> { ["max"] = max })); return null; }
        if (!IsPlainText(text)) { errors.Add(new(field, "broadcast.text_control")); return null; }
        return text;
    }

    /// <summary>Plain text: no control characters but the line break (a tab or a bare CR would render unlike the operator saw it).</summary>
    public static bool IsPlainText(string text) =>
        !text.Any(c => (char.IsControl(c) && c != '\n') || c is '\u2028' or '\u2029' or '\u200E' or '\u200F' or '\u202A' or '\u202B' or '\u202C' or '\u202D' or '\u202E');

    private static BroadcastAction? ParseAction(JsonElement root, bool allowLocalHttp, List<BroadcastFieldError> errors)
    {
        if (!root.TryGetProperty("action", out var a) || a.ValueKind == JsonValueKind.Null) return ParseActionUrl(root, allowLocalHttp, errors);
        if (a.ValueKind != JsonValueKind.Object) { errors.Add(new("action", "broadcast.action_invalid")); return null; }
        var before = errors.Count;
        var label = Text(a, "label", MaxActionLabel, required: true, errors, "action.label");
        var labelEn = Text(a, "labelEn", MaxActionLabel, required: false, errors, "action.labelEn");
        string? url = null;
        if (!a.TryGetProperty("url", out var u) || u.ValueKind != JsonValueKind.String || !IsActionUrl(u.GetString()!, allowLocalHttp))
            errors.Add(new("action.url", "broadcast.action_url_invalid"));
        else url = u.GetString();
        return errors.Count > before ? null : new BroadcastAction(label!, labelEn, url!);
    }

    /// <summary>The founding contract's <c>actionUrl</c>: an action with the default label «Подробнее» / "Details".</summary>
    private static BroadcastAction? ParseActionUrl(JsonElement root, bool allowLocalHttp, List<BroadcastFieldError> errors)
    {
        if (!root.TryGetProperty("actionUrl", out var u) || u.ValueKind == JsonValueKind.Null) return null;
        if (u.ValueKind == JsonValueKind.String && IsActionUrl(u.GetString()!, allowLocalHttp)) return new BroadcastAction(DefaultActionLabel, DefaultActionLabelEn, u.GetString()!);
        errors.Add(new("actionUrl", "broadcast.action_url_invalid"));
        return null;
    }

    public const string DefaultActionLabel = "Подробнее";
    public const string DefaultActionLabelEn = "Details";

    /// <summary>An absolute https URL (http to localhost when allowed) or an in-app path "/…" (not "//…", which is another host).</summary>
    public static bool IsActionUrl(string url, bool allowLocalHttp)
    {
        if (url.Length is 0 or > MaxUrl || url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c == '\\')) return false;
        if (url[0] == '/') return url.Length == 1 || url[1] != '/';
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host) || !string.IsNullOrEmpty(uri.UserInfo)) return false;
        return uri.Scheme == Uri.UriSchemeHttps || (allowLocalHttp && uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback);
    }

    private static DateTimeOffset? ParseExpiry(JsonElement root, DateTimeOffset now, List<BroadcastFieldError> errors)
    {
        if (!root.TryGetProperty("expiresAt", out var e) || e.ValueKind == JsonValueKind.Null) return null;
        if (e.ValueKind != JsonValueKind.String
            || e.GetString() is not { Length: >= 16 and <= 40 } text || !text.Contains('T')
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            errors.Add(new("expiresAt", "broadcast.expires_invalid"));
            return null;
        }
        if (at <= now) { errors.Add(new("expiresAt", "broadcast.expires_past")); return null; }
        if (at - now > MaxLifetime) { errors.Add(new("expiresAt", "broadcast.expires_too_far", new Dictionary<string, object?> { ["maxDays"] = MaxLifetime.Days })); return null; }
        return at.ToUniversalTime();
    }

    /// <summary>The audience's users once each, in ordinal order, so a second resolution makes the same chunks.</summary>
    public static List<string[]> Chunks(IEnumerable<string> userIds, int size = ChunkSize) =>
        [.. userIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Chunk(size)];

    /// <summary>A chunk row's text: the ids comma-separated (user ids are base64url: never a comma).</summary>
    public static string Compact(IEnumerable<string> userIds) => string.Join(',', userIds);
}
