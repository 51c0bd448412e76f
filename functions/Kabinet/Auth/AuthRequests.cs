namespace Kabinet.Auth;

public sealed record RegisterRequest(string? Phone, string? Email, string? Password, bool AcceptTerms, bool MarketingOptIn);
public sealed record ChallengeStarted(string ChallengeId, string Channel, string Destination, int ResendAfterSeconds);
public sealed record ConfirmRequest(string? ChallengeId, string? Code);
/// <summary><paramref name="DeviceId"/> names the device in the session list; only <paramref name="DeviceToken"/> (issued by login/confirm) skips the second factor.</summary>
public sealed record LoginRequest(string? Login, string? Password, string? DeviceId, string? DeviceToken = null);
public sealed record LoginConfirmRequest(string? ChallengeId, string? Code, bool TrustDevice);
public sealed record RefreshRequest(string? RefreshToken);
public sealed record ResetRequest(string? Login);
public sealed record ResetConfirmRequest(string? ChallengeId, string? Code, string? NewPassword);

/// <summary>What a pending registration carries until its code is confirmed.</summary>
public sealed record PendingRegistration(string Login, string PasswordHash, string TermsVersion, DateTimeOffset TermsAcceptedAt, bool MarketingOptIn);
