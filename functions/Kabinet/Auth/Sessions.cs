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
/// </summary>
public sealed class Sessions(AuthTables tables, Tokens tokens, TimeProvider clock, IOptions<AuthOptions> options)
{
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
        var now = clock.GetUtcNow();
        if (session is null || session.Revoked || session.ExpiresAt <= now) return (RefreshOutcome.Invalid, null);
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
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            // Two refreshes with one token: only one can be the owner's; treat it as reuse.
            await RevokeAsync(session, "refresh_token_reused", ct);
            return (RefreshOutcome.Reused, null);
        }
        var user = await tables.Users.GetEntityIfExistsAsync<UserEntity>(session.UserId, UserEntity.Row, cancellationToken: ct);
        if (!user.HasValue || user.Value!.DeletedAt is not null) return (RefreshOutcome.Invalid, null);
        session.LastUsedAt = now;
        session.ExpiresAt = now + Idle;
        session.ClientAddress = ClientInfo.Address(http);
        await tables.Sessions.UpdateEntityAsync(session, ETag.All, TableUpdateMode.Merge, ct);
        return (RefreshOutcome.Ok, await IssueAsync(user.Value, session, ct));
    }

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

    /// <summary>Revoking the session is enough: its refresh tokens and access tokens are checked against it.</summary>
    public async Task RevokeAsync(SessionEntity session, string reason, CancellationToken ct)
    {
        session.Revoked = true;
        session.RevokedReason = reason;
        await tables.Sessions.UpdateEntityAsync(session, ETag.All, TableUpdateMode.Merge, ct);
    }

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
