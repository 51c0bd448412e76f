using Kabinet.Auth;

namespace Kabinet.Profile;

public sealed record NotificationSettings(bool Email, bool Sms, bool Messenger, bool Marketing);

public sealed record ProfileView(
    string Id, string Role, string? LastName, string? FirstName, string? MiddleName, string? BirthDate, string? Gender,
    string? Phone, bool PhoneConfirmed, string? Email, bool EmailConfirmed, NotificationSettings Notifications,
    bool TwoFactor, bool BillsByEmail, string Language, string? TermsVersion, DateTimeOffset? TermsAcceptedAt, DateTimeOffset CreatedAt)
{
    public static ProfileView Of(UserEntity u) => new(u.UserId, u.Role, u.LastName, u.FirstName, u.MiddleName, u.BirthDate, u.Gender,
        u.Phone, u.PhoneConfirmed, u.Email, u.EmailConfirmed, new NotificationSettings(u.NotifyEmail, u.NotifySms, u.NotifyMessenger, u.MarketingOptIn),
        u.TwoFactor, u.BillsByEmail, Languages.All.Contains(u.Language) ? u.Language : Languages.Russian, u.TermsVersion, u.TermsAcceptedAt, u.CreatedAt);
}

/// <summary>
/// Absent (null) fields stay as they are. <paramref name="BillsByEmail"/> true needs a confirmed e-mail. <paramref name="Language"/>
/// ("ru" or "en") is the language of notices sent by e-mail, SMS and messenger.
/// </summary>
public sealed record ProfilePatch(string? LastName, string? FirstName, string? MiddleName, string? BirthDate, string? Gender, bool? BillsByEmail = null,
    string? Language = null);
/// <summary>A login contact change needs <paramref name="Password"/> or a fresh sign-in (<see cref="Reauthentication"/>).</summary>
public sealed record EmailChange(string? Email, string? Password);
public sealed record PhoneChange(string? Phone, string? Password);
public sealed record PasswordChange(string? CurrentPassword, string? NewPassword);
/// <summary>Switching it off needs <paramref name="Password"/> or a fresh sign-in (<see cref="Reauthentication"/>).</summary>
public sealed record TwoFactorChange(bool Enabled, string? Password);
public sealed record DeleteProfile(string? Password);

public sealed record SessionView(string Id, string Device, string? ClientAddress, DateTimeOffset CreatedAt, DateTimeOffset LastUsedAt,
    DateTimeOffset ExpiresAt, long ExpiresInSeconds, bool Current);

/// <summary>One event of the user's history; <c>details</c> is the event's own object (e.g. the account and meter of a reading).</summary>
public sealed record HistoryItem(string Event, DateTimeOffset At, string? Device, string? ClientAddress, System.Text.Json.JsonElement? Details)
{
    public static System.Text.Json.JsonElement? DetailsOf(string? stored)
    {
        if (string.IsNullOrEmpty(stored)) return null;
        try { return System.Text.Json.JsonDocument.Parse(stored).RootElement.Clone(); }
        catch (System.Text.Json.JsonException) { return null; }
    }
}

/// <summary>A confirmed contact change waiting for its code.</summary>
public sealed record PendingContact(string Kind, string Value);
