using Azure;
using Azure.Data.Tables;

namespace Kabinet.Auth;

// Table entities of sign-up and sign-in. Keys are chosen for the access paths:
// a user by id, a login by its normalised value, a session within its user.

/// <summary>users: PK = user id, RK = "user".</summary>
public sealed class UserEntity : ITableEntity
{
    public const string Row = "user";
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = Row;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Role { get; set; } = Roles.Customer;
    public string? Phone { get; set; }
    public bool PhoneConfirmed { get; set; }
    public string? Email { get; set; }
    public bool EmailConfirmed { get; set; }
    public string PasswordHash { get; set; } = "";
    public DateTimeOffset PasswordChangedAt { get; set; }
    public string? LastName { get; set; }
    public string? FirstName { get; set; }
    public string? MiddleName { get; set; }
    public string? BirthDate { get; set; }
    public string? Gender { get; set; }
    public string? TermsVersion { get; set; }
    public DateTimeOffset? TermsAcceptedAt { get; set; }
    public bool MarketingOptIn { get; set; }
    public bool NotifyEmail { get; set; } = true;
    public bool NotifySms { get; set; } = true;
    public bool NotifyMessenger { get; set; }
    public bool TwoFactor { get; set; }
    public bool BillsByEmail { get; set; }
    /// <summary>The language of notices delivered by e-mail, SMS and messenger: "ru" or "en" (<see cref="Languages"/>).</summary>
    public string Language { get; set; } = Languages.Russian;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }

    public string UserId => PartitionKey;
}

public static class Languages
{
    public const string Russian = "ru";
    public const string English = "en";

    public static readonly string[] All = [Russian, English];
}

public static class Roles
{
    public const string Customer = "customer";
    public const string Operator = "operator";
}

/// <summary>logins: PK = "phone:+7…" or "email:…", RK = "". Inserting it claims the login; it fails if taken.</summary>
public sealed class LoginEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public string UserId { get; set; } = "";
}

/// <summary>challenges: PK = challenge id, RK = "". A code sent to a phone or e-mail, and what it unlocks.</summary>
public sealed class ChallengeEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Purpose { get; set; } = "";
    public string Channel { get; set; } = "";
    public string Destination { get; set; } = "";
    /// <summary>Null when no code was sent (a decoy for a login that must not be revealed): nothing can match it.</summary>
    public string? CodeHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset LastSentAt { get; set; }
    public int Attempts { get; set; }
    public bool Used { get; set; }
    public string? UserId { get; set; }
    public string? DeviceId { get; set; }
    public string? DeviceName { get; set; }
    /// <summary>Purpose-specific data, e.g. the pending registration's password hash and consents, as JSON.</summary>
    public string? Payload { get; set; }

    public string ChallengeId => PartitionKey;
}

/// <summary>sessions: PK = user id, RK = session id.</summary>
public sealed class SessionEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string? DeviceId { get; set; }
    public string Device { get; set; } = "";
    public string? ClientAddress { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastUsedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public bool Revoked { get; set; }
    public string? RevokedReason { get; set; }

    public string UserId => PartitionKey;
    public string SessionId => RowKey;
}

/// <summary>refreshtokens: PK = keyed hash of the token, RK = "". Spent once used; a spent one presented again revokes its session.</summary>
public sealed class RefreshTokenEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public string UserId { get; set; } = "";
    public string SessionId { get; set; } = "";
    public bool Spent { get; set; }
}

/// <summary>
/// trusteddevices: PK = user id, RK = keyed hash of the device token the server issued: a client
/// presenting that token is not asked for the second factor again. The client's device id is only a hint.
/// </summary>
public sealed class TrustedDeviceEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public string? DeviceId { get; set; }
    public string? DeviceName { get; set; }
    public DateTimeOffset TrustedAt { get; set; }
}

/// <summary>audit: PK = user id, RK = inverted ticks + id, so a partition reads newest first.</summary>
public sealed class AuditEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public string Event { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public string? Device { get; set; }
    public string? ClientAddress { get; set; }
    public string? Details { get; set; }
}
