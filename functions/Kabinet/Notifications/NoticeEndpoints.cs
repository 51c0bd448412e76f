using Azure.Data.Tables;
using Kabinet.Auth;
using Kabinet.Docs;
using Kabinet.Platform.Errors;
using Kabinet.Platform.Invocation;
using Kabinet.Platform.Storage;

namespace Kabinet.Notifications;

/// <summary>
/// The <c>notifications</c> area (seed 004, 8.1–8.3): the caller's own notices. Reading stays safe: GET never writes, the
/// client calls POST …/read when it opens a notice. Another user's id, a malformed one and a withdrawn broadcast's
/// notice are all 404 <c>notification.not_found</c>.
/// </summary>
public static class NoticeEndpoints
{
    public static void MapNoticeEndpoints(this WebApplication app)
    {
        var notices = app.MapHttpFunction("Notifications", "notifications").WithTags("notifications").RequireAuthorization();
        notices.MapGet("", List)
            .WithSummary("The bell list: bell and modal notices, and banners once dismissed or expired; unread first, then read, each newest first. "
                + "unreadCount counts the whole list (not the page, not the filters); ?unread=true|false and ?category= narrow it.")
            .Produces<NoticeListPage>();
        notices.MapGet("/pending", Pending)
            .WithSummary("What to show right after sign-in: modal notices to confirm, oldest first with their position (\"1 of N\"), and the banners on top, newest first.")
            .Produces<PendingNotices>();
        notices.MapGet("/{id}", Get)
            .WithSummary("One notice. Safe: opening it does not read it, the client calls POST …/read.")
            .Produces<NoticeView>();
        notices.MapPost("/{id}/read", Read)
            .WithSummary("Reads a simple notice; one that needs confirmation stays unread (200, unchanged): it is read by confirm or action.")
            .Produces<NoticeView>();
        notices.MapPost("/{id}/confirm", Confirm)
            .WithSummary("Confirms and reads the notice (on a simple one it just reads it). A second call changes nothing.")
            .Produces<NoticeView>();
        notices.MapPost("/{id}/action", FollowAction)
            .WithSummary("The user followed the action: records it, confirms and reads the notice; 409 notification.no_action when it has none.")
            .Produces<NoticeView>().ProducesProblems(StatusCodes.Status409Conflict);
        notices.MapPost("/{id}/dismiss", Dismiss)
            .WithSummary("Closes a banner (409 notification.not_dismissible for other kinds); it then shows in the bell list.")
            .Produces<NoticeView>().ProducesProblems(StatusCodes.Status409Conflict);
    }

    private static IResult NotFound(HttpContext http) => Problems.Create(http, StatusCodes.Status404NotFound, NoticeErrors.NotFound);

    /// <summary>The caller's notices, without those of withdrawn broadcasts.</summary>
    private static async Task<List<NoticeEntity>> VisibleAsync(NotificationTables tables, string userId, CancellationToken ct)
    {
        var all = new List<NoticeEntity>();
        if (string.IsNullOrEmpty(userId)) return all;
        await foreach (var n in tables.Notices.QueryAsync<NoticeEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {userId}"), cancellationToken: ct))
            all.Add(n);
        var withdrawn = await WithdrawnBroadcasts.FindAsync(tables, all.Select(n => n.BroadcastId), ct);
        return withdrawn.Count == 0 ? all : [.. all.Where(n => n.BroadcastId is null || !withdrawn.Contains(n.BroadcastId))];
    }

    private static async Task<NoticeEntity?> FindAsync(NotificationTables tables, string userId, string id, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(userId) || !NoticeIds.IsWellFormed(id)) return null;
        var found = await tables.Notices.GetEntityIfExistsAsync<NoticeEntity>(userId, id, cancellationToken: ct);
        if (!found.HasValue) return null;
        return await WithdrawnBroadcasts.IsWithdrawnAsync(tables, found.Value!.BroadcastId, ct) ? null : found.Value;
    }

    private static async Task<IResult> List(string? unread, string? category, HttpContext http, PageRequest page, NotificationTables tables,
        TimeProvider clock, CancellationToken ct)
    {
        var userId = http.User.UserId();
        var errors = new List<FieldError>();
        bool? onlyUnread = string.IsNullOrEmpty(unread) ? null : unread.ToLowerInvariant() switch { "true" => true, "false" => false, _ => null };
        if (!string.IsNullOrEmpty(unread) && onlyUnread is null) errors.Add(Problems.Field(http, "unread", NoticeErrors.UnreadInvalid));
        if (!string.IsNullOrEmpty(category) && !NoticeCategories.All.Contains(category))
            errors.Add(Problems.Field(http, "category", NoticeErrors.CategoryInvalid, new Dictionary<string, object?> { ["allowed"] = NoticeCategories.All }));
        var list = $"notifications/{userId}/{onlyUnread}/{(errors.Count == 0 ? category : "")}";
        errors.AddRange(page.Check(http, list, 1, out var after, parts => NoticeRules.IsBellKey(parts[0])));
        if (errors.Count > 0) return Problems.Validation(http, errors);

        var now = clock.GetUtcNow();
        var bell = NoticeRules.Bell(await VisibleAsync(tables, userId, ct), now);
        var unreadCount = bell.Count(n => !NoticeRules.IsRead(n));
        var selected = bell.Where(n => (onlyUnread is null || NoticeRules.IsRead(n) != onlyUnread) && (string.IsNullOrEmpty(category) || n.Category == category));
        var slice = page.Slice(selected, NoticeRules.BellKey, list, after);
        var english = ErrorMessages.PrefersEnglish(http);
        return TypedResults.Ok(new NoticeListPage([.. slice.Items.Select(n => NoticeView.Of(n, english, now))], slice.NextCursor, unreadCount));
    }

    private static async Task<IResult> Pending(HttpContext http, NotificationTables tables, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var visible = await VisibleAsync(tables, http.User.UserId(), ct);
        var english = ErrorMessages.PrefersEnglish(http);
        var modals = NoticeRules.PendingModals(visible, now).Select((n, i) => new PendingModalView(NoticeView.Of(n, english, now), i + 1)).ToList();
        var banners = NoticeRules.PendingBanners(visible, now).Select(n => NoticeView.Of(n, english, now)).ToList();
        return TypedResults.Ok(new PendingNotices(new PendingModals(modals.Count, modals), banners));
    }

    private static async Task<IResult> Get(string id, HttpContext http, NotificationTables tables, TimeProvider clock, CancellationToken ct) =>
        await FindAsync(tables, http.User.UserId(), id, ct) is { } notice
            ? TypedResults.Ok(NoticeView.Of(notice, ErrorMessages.PrefersEnglish(http), clock.GetUtcNow()))
            : NotFound(http);

    private static Task<IResult> Read(string id, HttpContext http, NotificationTables tables, TimeProvider clock, CancellationToken ct) =>
        MoveAsync(id, http, tables, clock, NoticeRules.Read, null, ct);

    private static Task<IResult> Confirm(string id, HttpContext http, NotificationTables tables, TimeProvider clock, CancellationToken ct) =>
        MoveAsync(id, http, tables, clock, NoticeRules.Confirm, null, ct);

    private static Task<IResult> FollowAction(string id, HttpContext http, NotificationTables tables, TimeProvider clock, CancellationToken ct) =>
        MoveAsync(id, http, tables, clock, NoticeRules.FollowAction,
            n => NoticeRules.HasAction(n) ? null : Problems.Create(http, StatusCodes.Status409Conflict, NoticeErrors.NoAction), ct);

    private static Task<IResult> Dismiss(string id, HttpContext http, NotificationTables tables, TimeProvider clock, CancellationToken ct) =>
        MoveAsync(id, http, tables, clock, NoticeRules.Dismiss,
            n => NoticeRules.IsDismissible(n) ? null : Problems.Create(http, StatusCodes.Status409Conflict, NoticeErrors.NotDismissible), ct);

    /// <summary>Finds the caller's notice, lets <paramref name="refuse"/> say no, then applies <paramref name="move"/> under the row's ETag.</summary>
    private static async Task<IResult> MoveAsync(string id, HttpContext http, NotificationTables tables, TimeProvider clock,
        Func<NoticeEntity, DateTimeOffset, bool> move, Func<NoticeEntity, IResult?>? refuse, CancellationToken ct)
    {
        var userId = http.User.UserId();
        if (await FindAsync(tables, userId, id, ct) is not { } notice) return NotFound(http);
        if (refuse?.Invoke(notice) is { } refused) return refused;
        var now = clock.GetUtcNow();
        var result = await tables.Notices.UpdateWithRetryAsync<NoticeEntity>(userId, id, n => move(n, now), ct, current: notice);
        return result.Entity is { } moved ? TypedResults.Ok(NoticeView.Of(moved, ErrorMessages.PrefersEnglish(http), now)) : NotFound(http);
    }
}
