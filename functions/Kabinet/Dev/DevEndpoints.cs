using Kabinet.Email;
using Kabinet.Platform.Invocation;
using Kabinet.Platform.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kabinet.Dev;

/// <summary>
/// Development-only helpers under /api/dev. They are mapped only when the app runs in
/// Development; anywhere else the paths fall through to the 404 of the catch-all.
/// </summary>
public static class DevEndpoints
{
    public static void MapDev(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment()) return;
        var dev = app.MapHttpFunction("Dev", "dev").WithTags("development only");
        dev.MapPost("/email", SendTestEmail)
            .WithSummary("Puts a message on the email queue, as any feature does; watch it arrive in MailDev.");
    }

    private static async Task<Accepted<EmailMessage>> SendTestEmail(EmailMessage message, WorkQueues queues, CancellationToken ct)
    {
        await queues.SendAsync(EmailMessage.QueueName, message, ct);
        return TypedResults.Accepted((string?)null, message);
    }
}
