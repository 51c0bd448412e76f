using Kabinet.Notifications;
using Kabinet.Platform.Hosting;
using Kabinet.Platform.Storage;

namespace Kabinet.Auth;

/// <summary>
/// Tells the owner of an account about a change of its security (<see cref="SecurityNotices"/>), on every
/// contact it had before the change, so whoever made it cannot hide it by having moved the login first.
/// Notices carry no code and use no send budget: each follows a change that needed the password or a code.
/// The same change is also a notice in the app (security, not delivered again: the codes queue has sent it).
/// </summary>
public sealed class SecurityNotifier(WorkQueues queues, Notifier notices, TimeProvider clock, ILogger<SecurityNotifier> log)
{
    public async Task NotifyAsync(string userId, IEnumerable<LoginId> contacts, string notice, HttpContext http, CancellationToken ct)
    {
        var at = clock.GetUtcNow();
        var device = ClientInfo.Device(http);
        foreach (var to in contacts.Distinct())
            await queues.SendAsync(CodeMessage.QueueName, new CodeMessage(
                to.Kind == LoginKind.Phone ? CodeMessage.Sms : CodeMessage.Email, to.Value, notice, null, at, device), ct);
        if (!string.IsNullOrEmpty(userId))
            await notices.RaiseAfterAsync(NoticeTemplates.Security(notice, at, device), NoticeFor.User(userId), log, ct);
    }

    public Task NotifyAsync(UserEntity before, string notice, HttpContext http, CancellationToken ct) =>
        NotifyAsync(before.UserId, AuthEndpoints.LoginsOf(before), notice, http, ct);
}
