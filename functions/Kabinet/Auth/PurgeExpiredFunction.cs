using Azure;
using Azure.Data.Tables;
using Kabinet.Platform.Idempotency;
using Kabinet.Platform.Invocation;
using Kabinet.Platform.Storage;
using Microsoft.Extensions.Options;

namespace Kabinet.Auth;

/// <summary>
/// Hourly timer: deletes what can no longer matter — challenges a day past their expiry (abandoned
/// registrations among them), throttle rows idle for a day, ended sessions, the refresh tokens
/// older than the idle limit (such a token fails as invalid rather than as reused), and
/// Idempotency-Key answers kept for a day (a client retries within minutes, not days), and claim-check
/// payloads of queue messages that can no longer exist.
/// </summary>
public static class PurgeExpiredFunction
{
    /// <summary>A queue message lives at most 7 days; a day more for a message taken just before it expired.</summary>
    public static readonly TimeSpan ClaimLifetime = TimeSpan.FromDays(8);

    public static void MapPurgeExpired(this WebApplication app) =>
        app.MapTimerFunction("PurgeExpired", async trigger =>
        {
            var tables = trigger.Services.GetRequiredService<AuthTables>();
            var now = trigger.Services.GetRequiredService<TimeProvider>().GetUtcNow();
            var idle = TimeSpan.FromDays(trigger.Services.GetRequiredService<IOptions<AuthOptions>>().Value.RefreshIdleDays);
            var log = trigger.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Kabinet.Functions.PurgeExpired");
            var ct = trigger.CancellationToken;

            var challenges = await TableDeletes.DeleteWhereAsync(tables.Challenges, TableClient.CreateQueryFilter<ChallengeEntity>(c => c.ExpiresAt < now.AddDays(-1)), ct);
            var throttle = await TableDeletes.DeleteWhereAsync(tables.Throttle, TableClient.CreateQueryFilter($"Timestamp lt {now.AddDays(-1)}"), ct);
            var sessions = await TableDeletes.DeleteWhereAsync(tables.Sessions, TableClient.CreateQueryFilter<SessionEntity>(s => s.ExpiresAt < now.AddDays(-1)), ct);
            var tokens = await TableDeletes.DeleteWhereAsync(tables.RefreshTokens, TableClient.CreateQueryFilter($"Timestamp lt {now - idle}"), ct);
            var idempotency = await TableDeletes.DeleteWhereAsync(trigger.Services.GetRequiredService<IdempotencyTable>().Table,
                TableClient.CreateQueryFilter($"Timestamp lt {now.AddDays(-1)}"), ct);
            var payloads = await trigger.Services.GetRequiredService<ClaimCheck>().PurgeOlderThanAsync(ClaimLifetime, ct);
            log.LogInformation("Purged {Challenges} challenges, {Throttle} throttle rows, {Sessions} sessions, {Tokens} refresh tokens, {Idempotency} idempotency keys, {Payloads} queue payloads (past due: {IsPastDue})",
                challenges, throttle, sessions, tokens, idempotency, payloads, trigger.Timer.IsPastDue);
        });
}
