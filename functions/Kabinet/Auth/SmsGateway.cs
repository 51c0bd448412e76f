namespace Kabinet.Auth;

/// <summary>Where SMS go. Real providers plug in here; the development gateway keeps them in a table.</summary>
public interface ISmsGateway
{
    Task SendAsync(string phone, string text, CancellationToken ct);
}

/// <summary>Stores each SMS in the <c>devsms</c> table (served by GET /api/dev/sms in Development) instead of sending it.</summary>
public sealed class DevelopmentSmsGateway(AuthTables tables, TimeProvider clock, ILogger<DevelopmentSmsGateway> log) : ISmsGateway
{
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
