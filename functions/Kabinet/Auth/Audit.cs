using System.Text.Json;
using Kabinet.Platform.Hosting;

namespace Kabinet.Auth;

public static class AuditEvents
{
    public const string SignIn = "sign_in";
    public const string SignInFailed = "sign_in_failed";
    public const string Registered = "registered";
    public const string PasswordChanged = "password_changed";
    public const string PasswordReset = "password_reset";
    public const string ContactChanged = "contact_changed";
    public const string TwoFactorChanged = "two_factor_changed";
    public const string SessionEnded = "session_ended";
    public const string SignedOut = "signed_out";
    public const string ProfileChanged = "profile_changed";
    public const string NotificationsChanged = "notifications_changed";
    public const string AccountLinked = "account_linked";
    public const string AccountUnlinked = "account_unlinked";
}

/// <summary>The user's audit trail: what happened, when, from which device and address.</summary>
public sealed class Audit(AuthTables tables, TimeProvider clock)
{
    public async Task WriteAsync(string userId, string @event, HttpContext? http, object? details, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await tables.Audit.AddEntityAsync(new AuditEntity
        {
            PartitionKey = userId,
            RowKey = $"{DateTimeOffset.MaxValue.Ticks - now.Ticks:D19}-{Secrets.NewId()[..8]}",
            Event = @event,
            At = now,
            Device = http is null ? null : ClientInfo.Device(http),
            ClientAddress = http is null ? null : ClientInfo.Address(http),
            Details = details is null ? null : JsonSerializer.Serialize(details),
        }, ct);
    }
}
