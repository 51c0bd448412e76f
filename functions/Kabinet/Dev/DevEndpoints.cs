using Kabinet.Auth;
using Kabinet.Email;
using Kabinet.Platform.Errors;
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
        dev.MapGet("/sms", ListSms)
            .WithSummary("What the development SMS gateway \"sent\" to a number, newest last.");
    }

    public sealed record DevSms(string To, string Text, DateTimeOffset SentAt);

    private static async Task<IResult> ListSms(string? to, HttpContext http, AuthTables tables, CancellationToken ct)
    {
        if (Identifiers.NormalizePhone(to) is not { } phone)
            return Problems.Validation(http, [AuthErrors.Field(http, "to", "auth.phone_invalid")]);
        var items = new List<DevSms>();
        await foreach (var e in tables.DevSms.QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == phone, cancellationToken: ct))
            items.Add(new DevSms(phone, e.GetString("Text"), e.GetDateTimeOffset("SentAt") ?? default));
        return TypedResults.Ok(new { items });
    }

    private static async Task<Accepted<EmailMessage>> SendTestEmail(EmailMessage message, WorkQueues queues, CancellationToken ct)
    {
        await queues.SendAsync(EmailMessage.QueueName, message, ct);
        return TypedResults.Accepted((string?)null, message);
    }
}
