namespace Kabinet.Notifications;

/// <summary>A notice's texts in one language.</summary>
public sealed record NoticeText(string Title, string Body, string? ActionLabel = null);

/// <summary>
/// What a feature raises: the category, the texts in Russian (and English, or the Russian ones are used), the
/// deduplication key that makes the same event notify once, and what it concerns. See <see cref="Notifier.RaiseAsync"/>.
/// </summary>
public sealed record NoticeDraft(string DedupKey, string Category, NoticeText Ru, NoticeText? En = null)
{
    public const string DefaultTimeZone = "Europe/Moscow";

    public string Kind { get; init; } = NoticeKinds.Bell;
    public string? Template { get; init; }
    public string? ActionUrl { get; init; }
    public bool RequiresConfirmation { get; init; }
    public string? AccountId { get; init; }
    public string? BroadcastId { get; init; }
    /// <summary>The provider's zone; when null and <see cref="AccountId"/> is set, the account's provider's.</summary>
    public string? TimeZone { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    /// <summary>False: in the app only (the raising code has delivered it by other means).</summary>
    public bool Deliver { get; init; } = true;

    /// <summary>The row for one user, created at <paramref name="now"/>.</summary>
    public NoticeEntity ToEntity(string userId, string timeZone, DateTimeOffset now) => new()
    {
        PartitionKey = userId,
        RowKey = NoticeIds.Of(DedupKey),
        Kind = Kind,
        Category = Category,
        Template = Template,
        DedupKey = DedupKey,
        Title = Ru.Title,
        Body = Ru.Body,
        ActionLabel = Ru.ActionLabel,
        TitleEn = En?.Title,
        BodyEn = En?.Body,
        ActionLabelEn = En?.ActionLabel,
        ActionUrl = ActionUrl,
        // A modal notice blocks the cabinet until confirmed: it always needs the confirmation.
        RequiresConfirmation = RequiresConfirmation || Kind == NoticeKinds.Modal,
        AccountId = AccountId,
        BroadcastId = BroadcastId,
        TimeZone = TimeZone ?? timeZone,
        CreatedAt = now,
        ExpiresAt = ExpiresAt,
        Deliver = Deliver,
    };
}

/// <summary>Whom a notice is for: one user, or every user who has linked an account.</summary>
/// <summary>Linked: the account's users when the caller has just read them (its link mirrors), so the raise does not read them again.</summary>
public sealed record NoticeFor(string? UserId, string? AccountId, IReadOnlyList<string>? Linked = null)
{
    public static NoticeFor User(string userId) => new(userId, null);
    public static NoticeFor Account(string accountId, IReadOnlyList<string>? linked = null) => new(null, accountId, linked);
}

/// <summary>One notice of one user, as the delivery queue names it.</summary>
public sealed record NoticeRef(string UserId, string NoticeId);

/// <summary>
/// A message on the <c>notices</c> queue: deliver these notices on their users' channels. <see cref="Channels"/> null
/// means every channel the rules allow; a held SMS or messenger delivery comes back with just those channels and
/// <see cref="NotBefore"/>. A broadcast's chunk names itself so its counts can be kept.
/// </summary>
public sealed record NoticeDelivery(IReadOnlyList<NoticeRef> Items, IReadOnlyList<string>? Channels = null, DateTimeOffset? NotBefore = null,
    string? BroadcastId = null, int? Chunk = null)
{
    public const string QueueName = "notices";
    /// <summary>One invocation sends at most this many (on one SMTP connection).</summary>
    public const int MaxItems = 200;
}

public static class Channels
{
    public const string Email = "email";
    public const string Sms = "sms";
    public const string Messenger = "messenger";

    public static readonly string[] All = [Email, Sms, Messenger];
}
