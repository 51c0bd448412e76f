using Azure;
using Azure.Data.Tables;
using Kabinet.Platform.Hosting;
using Kabinet.Platform.Storage;
using Microsoft.Extensions.Options;

namespace Kabinet.Auth;

public enum RefreshOutcome { Ok, Invalid, Reused }

/// <summary>
/// Sessions and their refresh tokens: random, stored as keyed hashes, rotated on every use,
/// expiring after the idle period; a spent token presented again revokes its whole session.
/// Every write of a session is conditional on the version read, so a revocation, once written,
/// is never overwritten by a refresh that read the session before it.
/// </summary>
public sealed class Sessions(AuthTables tables, Tokens tokens, TimeProvider clock, IOptions<AuthOptions> options)
{
    /// <summary>Lost races before giving up: each loss means another write landed, so few are ever needed.</summary>
    private const int Attempts = 10;

    private TimeSpan Idle => TimeSpan.FromDays(options.Value.RefreshIdleDays);

    public async Task<TokenPair> StartAsync(UserEntity user, HttpContext http, string? deviceId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var session = new SessionEntity
        {
            PartitionKey = user.UserId,
            RowKey = Secrets.NewId(),
            DeviceId = Clean(deviceId),
            Device = ClientInfo.Device(http),
            ClientAddress = ClientInfo.Address(http),
            CreatedAt = now,
            LastUsedAt = now,
            ExpiresAt = now + Idle,
        };
        await tables.Sessions.AddEntityAsync(session, ct);
        return await IssueAsync(user, session, ct);
    }

    public async Task<(RefreshOutcome Outcome, TokenPair? Tokens)> RefreshAsync(string? refreshToken, HttpContext http, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(refreshToken) || refreshToken.Length > 200) return (RefreshOutcome.Invalid, null);
        var key = Secrets.KeyedHash(options.Value.KeyBytes, refreshToken);
        var found = await tables.RefreshTokens.GetEntityIfExistsAsync<RefreshTokenEntity>(key, "", cancellationToken: ct);
        if (!found.HasValue) return (RefreshOutcome.Invalid, null);
        var token = found.Value!;
        var session = await GetAsync(token.UserId, token.SessionId, ct);
        if (session is null || !IsLive(session, clock.GetUtcNow())) return (RefreshOutcome.Invalid, null);
        if (token.Spent)
        {
            await RevokeAsync(session, "refresh_token_reused", ct);
            return (RefreshOutcome.Reused, null);
        }
        token.Spent = true;
        try
        {
            await tables.RefreshTokens.UpdateEntityAsync(token, token.ETag, TableUpdateMode.Replace, ct);
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            // Two refreshes with one token: only one can be the owner's; treat it as reuse.
            await RevokeAsync(session, "refresh_token_reused", ct);
            return (RefreshOutcome.Reused, null);
        }
        var user = await tables.Users.GetEntityIfExistsAsync<UserEntity>(session.UserId, UserEntity.Row, cancellationToken: ct);
        if (!user.HasValue || user.Value!.DeletedAt is not null) return (RefreshOutcome.Invalid, null);
        var touched = await TouchAsync(session, ClientInfo.Address(http), ct);
        return touched is null ? (RefreshOutcome.Invalid, null) : (RefreshOutcome.Ok, await IssueAsync(user.Value, touched, ct));
    }

    /// <summary>
    /// Extends the idle period under the version read; a lost race reads again and refuses a session
    /// that has meanwhile been revoked or expired. Null when refused.
    /// </summary>
    private async Task<SessionEntity?> TouchAsync(SessionEntity session, string address, CancellationToken ct)
    {
        var touched = await TableUpdates.UpdateWithRetryAsync(c => GetAsync(session.UserId, session.SessionId, c), s =>
        {
            var now = clock.GetUtcNow();
            if (!IsLive(s, now)) return false;
            s.LastUsedAt = now;
            s.ExpiresAt = now + Idle;
            s.ClientAddress = address;
            return true;
        }, (s, c) => tables.Sessions.WriteAsync(s, TableUpdateMode.Replace, c), ct, Attempts, session);
        return touched.Updated ? touched.Entity : null;
    }

    public static bool IsLive(SessionEntity session, DateTimeOffset now) => !session.Revoked && session.ExpiresAt > now;

    public async Task<SessionEntity?> GetAsync(string userId, string sessionId, CancellationToken ct)
    {
        if (!TableKeys.IsId(userId) || !TableKeys.IsId(sessionId)) return null;
        var found = await tables.Sessions.GetEntityIfExistsAsync<SessionEntity>(userId, sessionId, cancellationToken: ct);
        return found.HasValue ? found.Value : null;
    }

    public async Task<List<SessionEntity>> ActiveAsync(string userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var list = new List<SessionEntity>();
        await foreach (var s in tables.Sessions.QueryAsync<SessionEntity>(s => s.PartitionKey == userId && !s.Revoked, cancellationToken: ct))
            if (s.ExpiresAt > now) list.Add(s);
        return list.OrderByDescending(s => s.LastUsedAt).ToList();
    }

    /// <summary>
    /// Revoking the session is enough: its refresh tokens and access tokens are checked against it.
    /// Written under the version read (starting from <paramref name="session"/>), read again after a
    /// lost race, until it sticks; a session revoked already keeps its first reason.
    /// </summary>
    public Task RevokeAsync(SessionEntity session, string reason, CancellationToken ct) =>
        TableUpdates.UpdateWithRetryAsync(c => GetAsync(session.UserId, session.SessionId, c), s =>
        {
            if (s.Revoked) return false;
            s.Revoked = true;
            s.RevokedReason = reason;
            return true;
        }, (s, c) => tables.Sessions.WriteAsync(s, TableUpdateMode.Replace, c), ct, Attempts, session);

    /// <summary>Ends every session of the user but <paramref name="keepSessionId"/>.</summary>
    public async Task RevokeAllAsync(string userId, string? keepSessionId, string reason, CancellationToken ct)
    {
        foreach (var session in await ActiveAsync(userId, ct))
            if (session.SessionId != keepSessionId) await RevokeAsync(session, reason, ct);
    }

    private async Task<TokenPair> IssueAsync(UserEntity user, SessionEntity session, CancellationToken ct)
    {
        var refresh = Secrets.NewToken();
        await tables.RefreshTokens.AddEntityAsync(new RefreshTokenEntity
        {
            PartitionKey = Secrets.KeyedHash(options.Value.KeyBytes, refresh),
            UserId = user.UserId,
            SessionId = session.SessionId,
        }, ct);
        return new TokenPair(tokens.Issue(user, session.SessionId), refresh, tokens.ExpiresInSeconds, "Bearer",
            new UserSummary(user.UserId, user.Role, user.Phone, user.Email, user.LastName, user.FirstName));
    }

    /// <summary>A client's device id, reduced to a safe key: letters, digits, '-' and '_', at most 64.</summary>
    public static string? Clean(string? deviceId) =>
        string.IsNullOrWhiteSpace(deviceId) ? null
        : new string(deviceId.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_').Take(64).ToArray()) is { Length: > 0 } d ? d : null;
}
