using Azure;
using Azure.Data.Tables;
using Kabinet.Platform.Idempotency;
using Kabinet.Platform.Invocation;
using Microsoft.Extensions.Options;

namespace Kabinet.Auth;

/// <summary>
/// Hourly timer: deletes what can no longer matter — challenges a day past their expiry (abandoned
/// registrations among them), throttle rows idle for a day, ended sessions, the refresh tokens
/// older than the idle limit (such a token fails as invalid rather than as reused), and
/// Idempotency-Key answers kept for a day (a client retries within minutes, not days).
/// </summary>
public static class PurgeExpiredFunction
{
    public static void MapPurgeExpired(this WebApplication app) =>
        app.MapTimerFunction("PurgeExpired", async trigger =>
        {
            var tables = trigger.Services.GetRequiredService<AuthTables>();
            var now = trigger.Services.GetRequiredService<TimeProvider>().GetUtcNow();
            var idle = TimeSpan.FromDays(trigger.Services.GetRequiredService<IOptions<AuthOptions>>().Value.RefreshIdleDays);
            var log = trigger.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Kabinet.Functions.PurgeExpired");
            var ct = trigger.CancellationToken;

            var challenges = await DeleteAsync(tables.Challenges, TableClient.CreateQueryFilter<ChallengeEntity>(c => c.ExpiresAt < now.AddDays(-1)), ct);
            var throttle = await DeleteAsync(tables.Throttle, TableClient.CreateQueryFilter($"Timestamp lt {now.AddDays(-1)}"), ct);
            var sessions = await DeleteAsync(tables.Sessions, TableClient.CreateQueryFilter<SessionEntity>(s => s.ExpiresAt < now.AddDays(-1)), ct);
            var tokens = await DeleteAsync(tables.RefreshTokens, TableClient.CreateQueryFilter($"Timestamp lt {now - idle}"), ct);
            var idempotency = await DeleteAsync(trigger.Services.GetRequiredService<IdempotencyTable>().Table,
                TableClient.CreateQueryFilter($"Timestamp lt {now.AddDays(-1)}"), ct);
            log.LogInformation("Purged {Challenges} challenges, {Throttle} throttle rows, {Sessions} sessions, {Tokens} refresh tokens, {Idempotency} idempotency keys (past due: {IsPastDue})",
                challenges, throttle, sessions, tokens, idempotency, trigger.Timer.IsPastDue);
        });

    private static async Task<int> DeleteAsync(TableClient table, string filter, CancellationToken ct)
    {
        var deleted = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: ct))
        {
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, ct);
            deleted++;
        }
        return deleted;
    }
}
