using Azure;
using Azure.Data.Tables;

namespace Kabinet.Notifications;

/// <summary>
/// notices: PK = user id, RK = notice id (<see cref="NoticeIds.Of"/> of the deduplication key, so raising the same event
/// twice writes the same row). Texts are rendered when the notice is raised, in Russian and in English; the read,
/// confirmed and dismissed times only ever move from empty to set. The delivery columns say which channel has sent it.
/// </summary>
public sealed class NoticeEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string UserId => PartitionKey;
    public string NoticeId => RowKey;

    public string Kind { get; set; } = NoticeKinds.Bell;
    public string Category { get; set; } = NoticeCategories.Service;
    /// <summary>The template it was rendered from (null for an operator's own text).</summary>
    public string? Template { get; set; }
    public string DedupKey { get; set; } = "";
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    public string? TitleEn { get; set; }
    public string? BodyEn { get; set; }
    public string? ActionLabel { get; set; }
    public string? ActionLabelEn { get; set; }
    /// <summary>An absolute https URL or an in-app path ("/accounts/…").</summary>
    public string? ActionUrl { get; set; }
    public bool RequiresConfirmation { get; set; }
    public string? AccountId { get; set; }
    public string? BroadcastId { get; set; }
    /// <summary>IANA zone of the provider it concerns: quiet hours are counted in it.</summary>
    public string TimeZone { get; set; } = NoticeDraft.DefaultTimeZone;

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }
    public DateTimeOffset? DismissedAt { get; set; }
    public DateTimeOffset? ActionFollowedAt { get; set; }

    /// <summary>False when the raising code delivers by itself (security notices go out on the codes queue to the old contacts).</summary>
    public bool Deliver { get; set; } = true;
    public DateTimeOffset? EmailSentAt { get; set; }
    public DateTimeOffset? SmsSentAt { get; set; }
    public DateTimeOffset? MessengerSentAt { get; set; }
}

public static class NoticeKinds
{
    /// <summary>In the bell list.</summary>
    public const string Bell = "bell";
    /// <summary>Shown right after sign-in, blocking the cabinet until confirmed.</summary>
    public const string Modal = "modal";
    /// <summary>At the top of every page until dismissed or expired; then in the bell list.</summary>
    public const string Banner = "banner";

    public static readonly string[] All = [Bell, Modal, Banner];
}

public static class NoticeCategories
{
    public const string Security = "security";
    public const string Billing = "billing";
    public const string Payment = "payment";
    public const string Reading = "reading";
    public const string Service = "service";
    public const string Marketing = "marketing";

    public static readonly string[] All = [Security, Billing, Payment, Reading, Service, Marketing];
}

public static class NoticeIds
{
    /// <summary>The notice id of a deduplication key: 22 characters of its SHA-256, URL- and key-safe.</summary>
    public static string Of(string dedupKey) =>
        Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(dedupKey)))[..22]
            .Replace('+', '-').Replace('/', '_');

    public static bool IsWellFormed(string? id) =>
        id is { Length: 22 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
