using Azure.Data.Tables;
using Kabinet.Auth;

namespace Kabinet.Notifications;

/// <summary>
/// Where messenger notices go. The messenger addresses users by their confirmed phone (E.164): the HTTP provider
/// (<see cref="HttpMessengerGateway"/>, section <c>Messenger</c>), the development table, or nowhere.
/// </summary>
public interface IMessengerGateway
{
    /// <summary>False: no messenger here, the channel is skipped (not failed).</summary>
    bool IsAvailable { get; }
    /// <summary>Throws on any failure, so the delivery is retried.</summary>
    Task SendAsync(string phone, string text, CancellationToken ct);
}

/// <summary>Stores each message in the <c>devmessenger</c> table (served by GET /api/dev/messenger in Development) instead of sending it.</summary>
public sealed class DevelopmentMessengerGateway(NotificationTables tables, TimeProvider clock, ILogger<DevelopmentMessengerGateway> log) : IMessengerGateway
{
    public bool IsAvailable => true;

    public async Task SendAsync(string phone, string text, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await tables.DevMessenger.AddEntityAsync(new TableEntity(phone, $"{now.UtcTicks:D19}-{Secrets.NewId()[..6]}")
        {
            ["Text"] = text,
            ["SentAt"] = now,
        }, ct);
        log.LogInformation("Development messenger message to {Phone} stored ({Length} characters)", Identifiers.Mask(new LoginId(LoginKind.Phone, phone)), text.Length);
    }
}

/// <summary>Outside Development with no provider: the messenger channel is off.</summary>
public sealed class UnavailableMessengerGateway : IMessengerGateway
{
    public bool IsAvailable => false;

    public Task SendAsync(string phone, string text, CancellationToken ct) =>
        throw new InvalidOperationException("No messenger provider is configured");
}
