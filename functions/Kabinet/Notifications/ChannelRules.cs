using Kabinet.Auth;

namespace Kabinet.Notifications;

/// <summary>Which channels a notice goes out on. Pure.</summary>
public static class ChannelRules
{
    /// <summary>
    /// The channels the rules allow for this notice and user, sent or not: a security notice on every confirmed contact
    /// whatever the switches (the messenger reaches users by their phone, so it needs a confirmed phone and the switch);
    /// a marketing one only with the opt-in, then as any other: the user's switched-on channels with a confirmed contact.
    /// </summary>
    public static IReadOnlyList<string> Allowed(NoticeEntity notice, UserEntity user)
    {
        if (user.DeletedAt is not null || !notice.Deliver) return [];
        if (notice.Category == NoticeCategories.Marketing && !user.MarketingOptIn) return [];
        var email = user.EmailConfirmed && !string.IsNullOrEmpty(user.Email);
        var phone = user.PhoneConfirmed && !string.IsNullOrEmpty(user.Phone);
        var security = notice.Category == NoticeCategories.Security;
        var channels = new List<string>(3);
        if (email && (security || user.NotifyEmail)) channels.Add(Channels.Email);
        if (phone && (security || user.NotifySms)) channels.Add(Channels.Sms);
        if (phone && user.NotifyMessenger) channels.Add(Channels.Messenger);
        return channels;
    }

    /// <summary>
    /// The allowed channels still to send: never one the notice has gone out on (a retried message or a re-queued chunk sends
    /// nothing twice), and only those <paramref name="requested"/> when given.
    /// </summary>
    public static IReadOnlyList<string> Due(NoticeEntity notice, UserEntity user, IReadOnlyCollection<string>? requested) =>
        [.. Allowed(notice, user).Where(c => requested is null || requested.Contains(c)).Where(c => SentAt(notice, c) is null)];

    public static DateTimeOffset? SentAt(NoticeEntity notice, string channel) => channel switch
    {
        Channels.Email => notice.EmailSentAt,
        Channels.Sms => notice.SmsSentAt,
        Channels.Messenger => notice.MessengerSentAt,
        _ => null,
    };

    /// <summary>Sets the channel's sent time once; false when it was already set (never moved, never cleared).</summary>
    public static bool MarkSent(NoticeEntity notice, string channel, DateTimeOffset at)
    {
        if (SentAt(notice, channel) is not null) return false;
        switch (channel)
        {
            case Channels.Email: notice.EmailSentAt = at; break;
            case Channels.Sms: notice.SmsSentAt = at; break;
            case Channels.Messenger: notice.MessengerSentAt = at; break;
            default: return false;
        }
        return true;
    }

    /// <summary>SMS and messenger wait out the quiet hours; e-mail and security notices never wait.</summary>
    public static bool Holdable(NoticeEntity notice, string channel) =>
        notice.Category != NoticeCategories.Security && channel is Channels.Sms or Channels.Messenger;
}
