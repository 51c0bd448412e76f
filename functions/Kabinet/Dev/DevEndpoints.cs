using Kabinet.Docs;
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
    public static void AddDev(this WebApplicationBuilder builder) => builder.Services.AddErrors(DevErrors.Catalog);

    public static void MapDev(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment()) return;
        var dev = app.MapHttpFunction("Dev", "dev").WithTags("development only");
        dev.MapPost("/email", SendTestEmail)
            .WithSummary("Puts a message on the email queue, as any feature does; watch it arrive in MailDev. Attachments only from dev-attachments/.")
            .Produces<EmailMessage>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        dev.MapGet("/sms", ListSms)
            .WithSummary("What the development SMS gateway \"sent\" to a number, newest last.")
            .Produces<DevSmsList>().ProducesProblems(StatusCodes.Status422UnprocessableEntity);
        dev.MapGet("/messenger", ListMessenger)
            .WithSummary("What the development messenger gateway \"sent\" to a number, newest last.")
            .Produces<DevSmsList>().ProducesProblems(StatusCodes.Status422UnprocessableEntity);
        dev.MapGet("/storage-calls", (StorageCalls calls) => TypedResults.Ok(new { total = calls.Total, byResource = calls.ByResource }))
            .WithSummary("Requests the storage clients sent since start, in total and per \"METHOD table\" (benches divide them by their operations).");
    }

    public sealed record DevSms(string To, string Text, DateTimeOffset SentAt);
    public sealed record DevSmsList(IReadOnlyList<DevSms> Items);

    private static async Task<IResult> ListSms(string? to, HttpContext http, AuthTables tables, CancellationToken ct)
    {
        if (Identifiers.NormalizePhone(to) is not { } phone)
            return Problems.Validation(http, [Problems.Field(http, "to", "auth.phone_invalid")]);
        var items = new List<DevSms>();
        await foreach (var e in tables.DevSms.QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == phone, cancellationToken: ct))
            items.Add(new DevSms(phone, e.GetString("Text"), e.GetDateTimeOffset("SentAt") ?? default));
        return TypedResults.Ok(new DevSmsList(items));
    }

    private static async Task<IResult> ListMessenger(string? to, HttpContext http, Notifications.NotificationTables tables, CancellationToken ct)
    {
        if (Identifiers.NormalizePhone(to) is not { } phone)
            return Problems.Validation(http, [Problems.Field(http, "to", "auth.phone_invalid")]);
        var items = new List<DevSms>();
        await foreach (var e in tables.DevMessenger.QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == phone, cancellationToken: ct))
            items.Add(new DevSms(phone, e.GetString("Text"), e.GetDateTimeOffset("SentAt") ?? default));
        return TypedResults.Ok(new DevSmsList(items));
    }

    private static async Task<IResult> SendTestEmail(EmailMessage message, HttpContext http, WorkQueues queues, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        if (Identifiers.NormalizeEmail(message.To) is null)
            errors.Add(Problems.Field(http, "to", "auth.email_invalid"));
        var dev = new HashSet<string> { EmailOptions.DevContainer };
        for (var i = 0; i < (message.Attachments?.Count ?? 0); i++)
            if (!EmailAttachments.IsAllowed(message.Attachments![i], dev))
                errors.Add(Problems.Field(http, $"attachments[{i}]", "dev.attachment_forbidden"));
        if (errors.Count > 0)
            return Problems.Validation(http, errors, errors.Any(e => e.Code == "dev.attachment_forbidden") ? "dev.attachment_forbidden" : "request.validation_failed");
        await queues.SendAsync(EmailMessage.QueueName, message, ct);
        return TypedResults.Accepted((string?)null, message);
    }
}
