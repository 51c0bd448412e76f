using Kabinet.Platform.Hosting;
using Kabinet.Platform.Storage;

namespace Kabinet.Auth;

/// <summary>
/// Tells the owner of an account about a change of its security (<see cref="SecurityNotices"/>), on every
/// contact it had before the change, so whoever made it cannot hide it by having moved the login first.
/// Notices carry no code and use no send budget: each follows a change that needed the password or a code.
/// </summary>
public sealed class SecurityNotifier(WorkQueues queues, TimeProvider clock)
{
    public async Task NotifyAsync(IEnumerable<LoginId> contacts, string notice, HttpContext http, CancellationToken ct)
    {
        var at = clock.GetUtcNow();
        var device = ClientInfo.Device(http);
        foreach (var to in contacts.Distinct())
            await queues.SendAsync(CodeMessage.QueueName, new CodeMessage(
                to.Kind == LoginKind.Phone ? CodeMessage.Sms : CodeMessage.Email, to.Value, notice, null, at, device), ct);
    }

    public Task NotifyAsync(UserEntity before, string notice, HttpContext http, CancellationToken ct) =>
        NotifyAsync(AuthEndpoints.LoginsOf(before), notice, http, ct);
}
