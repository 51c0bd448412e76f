using System.Globalization;
using System.Text.RegularExpressions;

namespace Kabinet.Notifications;

/// <summary>
/// What a user sees of their notices (the bell list, what is pending after sign-in) and how each state moves. Every move
/// only sets a time that was empty: once read, confirmed, dismissed or followed, a notice stays so with its first time.
/// </summary>
public static partial class NoticeRules
{
    public static bool IsExpired(NoticeEntity n, DateTimeOffset now) => n.ExpiresAt is { } at && at <= now;

    /// <summary>A modal notice always needs the confirmation, whatever its flag says.</summary>
    public static bool NeedsConfirmation(NoticeEntity n) => n.RequiresConfirmation || n.Kind == NoticeKinds.Modal;

    public static bool IsRead(NoticeEntity n) => n.ReadAt is not null;

    /// <summary>Bell and modal notices always; a banner once it was dismissed or has expired.</summary>
    public static bool InBell(NoticeEntity n, DateTimeOffset now) =>
        n.Kind != NoticeKinds.Banner || n.DismissedAt is not null || IsExpired(n, now);

    /// <summary>
    /// The bell list's order as one ordinal key: unread before read, then newest first (ticks inverted), then the id.
    /// It is also what a page's cursor carries.
    /// </summary>
    public static string BellKey(NoticeEntity n) =>
        (IsRead(n) ? "1|" : "0|") + (DateTimeOffset.MaxValue.UtcTicks - n.CreatedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "|" + n.RowKey;

    [GeneratedRegex(@"^[01]\|[0-9]{19}\|[A-Za-z0-9_-]{1,64}\z")]
    private static partial Regex BellKeyPattern();

    public static bool IsBellKey(string key) => BellKeyPattern().IsMatch(key);

    public static List<NoticeEntity> Bell(IEnumerable<NoticeEntity> notices, DateTimeOffset now) =>
        [.. notices.Where(n => InBell(n, now)).OrderBy(BellKey, StringComparer.Ordinal)];

    /// <summary>Modal notices not confirmed and not expired, oldest first, so "1 of N" stays put while the user confirms them.</summary>
    public static List<NoticeEntity> PendingModals(IEnumerable<NoticeEntity> notices, DateTimeOffset now) =>
        [.. notices.Where(n => n.Kind == NoticeKinds.Modal && n.ConfirmedAt is null && !IsExpired(n, now))
            .OrderBy(n => n.CreatedAt).ThenBy(n => n.RowKey, StringComparer.Ordinal)];

    /// <summary>Banners not dismissed and not expired, newest first (they stack).</summary>
    public static List<NoticeEntity> PendingBanners(IEnumerable<NoticeEntity> notices, DateTimeOffset now) =>
        [.. notices.Where(n => n.Kind == NoticeKinds.Banner && n.DismissedAt is null && !IsExpired(n, now))
            .OrderByDescending(n => n.CreatedAt).ThenBy(n => n.RowKey, StringComparer.Ordinal)];

    /// <summary>Opening a simple notice reads it; one that needs confirmation is read only by confirming or following its action.</summary>
    public static bool Read(NoticeEntity n, DateTimeOffset now)
    {
        if (NeedsConfirmation(n)) return false;
        return SetOnce(n.ReadAt, now, t => n.ReadAt = t);
    }

    /// <summary>Confirms (when it needs it) and reads; on a simple notice it just reads it.</summary>
    public static bool Confirm(NoticeEntity n, DateTimeOffset now)
    {
        var changed = NeedsConfirmation(n) && SetOnce(n.ConfirmedAt, now, t => n.ConfirmedAt = t);
        return SetOnce(n.ReadAt, now, t => n.ReadAt = t) | changed;
    }

    /// <summary>Following the action counts as confirming it (seed 004, 8.1: the confirmation or the action button).</summary>
    public static bool FollowAction(NoticeEntity n, DateTimeOffset now)
    {
        var followed = SetOnce(n.ActionFollowedAt, now, t => n.ActionFollowedAt = t);
        return Confirm(n, now) | followed;
    }

    public static bool HasAction(NoticeEntity n) => !string.IsNullOrEmpty(n.ActionUrl);

    public static bool IsDismissible(NoticeEntity n) => n.Kind == NoticeKinds.Banner;

    public static bool Dismiss(NoticeEntity n, DateTimeOffset now) =>
        IsDismissible(n) && SetOnce(n.DismissedAt, now, t => n.DismissedAt = t);

    private static bool SetOnce(DateTimeOffset? current, DateTimeOffset now, Action<DateTimeOffset> set)
    {
        if (current is not null) return false;
        set(now);
        return true;
    }
}
