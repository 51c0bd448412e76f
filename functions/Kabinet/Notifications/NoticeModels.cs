namespace Kabinet.Notifications;

public sealed record NoticeActionView(string Label, string Url);

/// <summary>One notice as its user sees it, its texts in the request's language (English falls back to Russian).</summary>
public record NoticeView(
    string Id, string Kind, string Category, string Title, string Body, string BodyHtml, NoticeActionView? Action,
    bool RequiresConfirmation, string? AccountId, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt,
    DateTimeOffset? ReadAt, DateTimeOffset? ConfirmedAt, DateTimeOffset? DismissedAt, bool Read, bool Expired)
{
    public const string DefaultActionRu = "Перейти";
    public const string DefaultActionEn = "Open";

    public static NoticeView Of(NoticeEntity n, bool english, DateTimeOffset now)
    {
        var title = english ? n.TitleEn ?? n.Title : n.Title;
        var body = english ? n.BodyEn ?? n.Body : n.Body;
        var label = english ? n.ActionLabelEn ?? n.ActionLabel ?? DefaultActionEn : n.ActionLabel ?? DefaultActionRu;
        return new(n.NoticeId, n.Kind, n.Category, title, body, SafeText.ToHtml(body),
            NoticeRules.HasAction(n) ? new NoticeActionView(label, n.ActionUrl!) : null,
            NoticeRules.NeedsConfirmation(n), n.AccountId, n.CreatedAt, n.ExpiresAt,
            n.ReadAt, n.ConfirmedAt, n.DismissedAt, NoticeRules.IsRead(n), NoticeRules.IsExpired(n, now));
    }
}

/// <summary>A page of the bell list; <see cref="UnreadCount"/> counts the whole list, not the page, and ignores the filters.</summary>
public sealed record NoticeListPage(IReadOnlyList<NoticeView> Items, string? NextCursor, int UnreadCount);

/// <summary>A modal notice with its place in "1 of N" (1-based).</summary>
public sealed record PendingModalView : NoticeView
{
    public PendingModalView(NoticeView notice, int position) : base(notice) => Position = position;

    public int Position { get; init; }
}

public sealed record PendingModals(int Total, IReadOnlyList<PendingModalView> Items);

/// <summary>What to show right after sign-in: the modal notices to confirm one by one, and the banners on top.</summary>
public sealed record PendingNotices(PendingModals Modals, IReadOnlyList<NoticeView> Banners);
