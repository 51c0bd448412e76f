using Kabinet.Email;
using Kabinet.Platform.Invocation;
using Kabinet.Platform.Storage;

namespace Kabinet.Auth;

/// <summary>Queue function on <c>codes</c>: e-mail goes on through the SendEmail queue, SMS through the gateway.</summary>
public static class SendCodeFunction
{
    public static void MapSendCode(this WebApplication app) =>
        app.MapQueueFunction<CodeMessage>("SendCode", async (message, trigger) =>
        {
            if (Challenges.IsDecoy(message)) return; // queued like a real code so both paths take the same work
            var (subject, text) = message.Compose();
            if (message.Channel == CodeMessage.Email)
                await trigger.Services.GetRequiredService<WorkQueues>().SendAsync(EmailMessage.QueueName, new EmailMessage(message.To, subject, text), trigger.CancellationToken);
            else
                await trigger.Services.GetRequiredService<ISmsGateway>().SendAsync(message.To, text, trigger.CancellationToken);
        });
}
