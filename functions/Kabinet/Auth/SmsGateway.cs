using Kabinet.Platform.Errors;

namespace Kabinet.Auth;

/// <summary>Where SMS go: the HTTP provider, the development table, or nowhere (not configured).</summary>
public interface ISmsGateway
{
    /// <summary>False when no SMS can go out here: sign-up and codes by phone are refused up front.</summary>
    bool IsAvailable { get; }
    Task SendAsync(string phone, string text, CancellationToken ct);
}

/// <summary>Stores each SMS in the <c>devsms</c> table (served by GET /api/dev/sms in Development) instead of sending it.</summary>
public sealed class DevelopmentSmsGateway(AuthTables tables, TimeProvider clock, ILogger<DevelopmentSmsGateway> log) : ISmsGateway
{
    public bool IsAvailable => true;

    public async Task SendAsync(string phone, string text, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await tables.DevSms.AddEntityAsync(new Azure.Data.Tables.TableEntity(phone, $"{now.UtcTicks:D19}-{Secrets.NewId()[..6]}")
        {
            ["Text"] = text,
            ["SentAt"] = now,
        }, ct);
        // The text may hold a code: it is never logged.
        log.LogInformation("Development SMS to {Phone} stored ({Length} characters)", Identifiers.Mask(new LoginId(LoginKind.Phone, phone)), text.Length);
    }
}

/// <summary>Outside Development with no provider set: nothing is sent, and nothing is kept.</summary>
public sealed class UnavailableSmsGateway : ISmsGateway
{
    public bool IsAvailable => false;

    /// <summary>Only a message queued before the provider was removed gets here: it fails, retries, and ends as poison (kept).</summary>
    public Task SendAsync(string phone, string text, CancellationToken ct) =>
        throw new InvalidOperationException("No SMS provider is configured (Sms:Endpoint)");
}

/// <summary>The guard at the start of every code by SMS: no provider, no challenge (and nothing counted).</summary>
public static class SmsAvailability
{
    public const string UnavailableCode = "sms.unavailable";

    public static void Ensure(AuthOptions options, LoginId to)
    {
        if (to.Kind == LoginKind.Phone && !options.SmsAvailable)
            throw new ProblemException(StatusCodes.Status503ServiceUnavailable, UnavailableCode);
    }
}
