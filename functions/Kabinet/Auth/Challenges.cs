using Azure;
using Kabinet.Platform.Storage;
using Microsoft.Extensions.Options;

namespace Kabinet.Auth;

public enum CodeCheck { Ok, Invalid, Expired, Exhausted, NotFound }

public sealed record CodeCheckResult(CodeCheck Outcome, ChallengeEntity? Challenge = null, int AttemptsLeft = 0);

/// <summary>Thrown when a phone or e-mail has had its codes for the hour, or asks again too soon.</summary>
public sealed class TooManyCodesException(TimeSpan retryAfter) : Exception("too many codes")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>
/// Confirmation codes: 5 digits, stored as a keyed hash, valid 10 minutes, 5 wrong tries burn the
/// challenge, a resend after 60 s, at most 5 sends an hour to one phone or e-mail.
/// </summary>
public sealed class Challenges(AuthTables tables, WorkQueues queues, Throttle throttle, TimeProvider clock, IOptions<AuthOptions> options)
{
    private byte[] Key => options.Value.KeyBytes;

    /// <summary>
    /// Starts a challenge to <paramref name="to"/>. With <paramref name="notice"/> the destination gets that
    /// message instead of a code, and the challenge can never be passed: callers answer the same either way.
    /// </summary>
    public async Task<ChallengeEntity> StartAsync(string purpose, LoginId to, string? userId, CancellationToken ct,
        string? payload = null, string? notice = null, string? deviceId = null, string? deviceName = null)
    {
        SmsAvailability.Ensure(options.Value, to);
        // Notices ("someone tried…") have a budget of their own: strangers cannot use up the owner's codes.
        await CountSendAsync(to, ct, notice is null ? "send:" : "notice:");
        var now = clock.GetUtcNow();
        var code = notice is null ? Secrets.NewCode() : null;
        var challenge = new ChallengeEntity
        {
            PartitionKey = Secrets.NewId(),
            Purpose = purpose,
            Channel = to.Kind == LoginKind.Phone ? CodeMessage.Sms : CodeMessage.Email,
            Destination = to.Value,
            CreatedAt = now,
            LastSentAt = now,
            ExpiresAt = now + AuthLimits.CodeLifetime,
            UserId = userId,
            Payload = payload,
            DeviceId = deviceId,
            DeviceName = deviceName,
        };
        challenge.CodeHash = code is null ? null : Secrets.KeyedHash(Key, challenge.ChallengeId + ":" + code);
        await tables.Challenges.AddEntityAsync(challenge, ct);
        await queues.SendAsync(CodeMessage.QueueName, new CodeMessage(challenge.Channel, to.Value, notice ?? purpose, code), ct);
        return challenge;
    }

    /// <summary>
    /// A challenge for a login that does not exist: counted and shaped like a real one, nothing is sent,
    /// and no code can pass it — so its answers (including the hourly limit) reveal nothing.
    /// </summary>
    public async Task<ChallengeEntity> StartDecoyAsync(string purpose, LoginId to, CancellationToken ct)
    {
        SmsAvailability.Ensure(options.Value, to);
        await CountSendAsync(to, ct);
        var now = clock.GetUtcNow();
        var decoy = new ChallengeEntity
        {
            PartitionKey = Secrets.NewId(), Purpose = purpose, Destination = to.Value,
            Channel = to.Kind == LoginKind.Phone ? CodeMessage.Sms : CodeMessage.Email,
            CreatedAt = now, LastSentAt = now, ExpiresAt = now + AuthLimits.CodeLifetime,
        };
        await tables.Challenges.AddEntityAsync(decoy, ct);
        return decoy;
    }

    /// <summary>A new code for a live challenge (the old one stops working), after the cooldown.</summary>
    public async Task<ChallengeEntity?> ResendAsync(string challengeId, CancellationToken ct)
    {
        if (!TableKeys.IsId(challengeId)) return null;
        var found = await tables.Challenges.GetEntityIfExistsAsync<ChallengeEntity>(challengeId, "", cancellationToken: ct);
        if (!found.HasValue) return null;
        var challenge = found.Value!;
        var now = clock.GetUtcNow();
        if (challenge.Used || challenge.Attempts >= AuthLimits.CodeAttempts || now - challenge.CreatedAt > AuthLimits.PendingRegistration)
            return null;
        var wait = challenge.LastSentAt + AuthLimits.ResendCooldown - now;
        if (wait > TimeSpan.Zero) throw new TooManyCodesException(wait);
        var to = new LoginId(challenge.Channel == CodeMessage.Sms ? LoginKind.Phone : LoginKind.Email, challenge.Destination);
        SmsAvailability.Ensure(options.Value, to);
        var decoy = challenge.CodeHash is null;
        await CountSendAsync(to, ct, decoy && challenge.UserId is not null ? "notice:" : "send:");

        var code = decoy ? null : Secrets.NewCode();
        challenge.CodeHash = code is null ? null : Secrets.KeyedHash(Key, challenge.ChallengeId + ":" + code);
        challenge.LastSentAt = now;
        challenge.ExpiresAt = now + AuthLimits.CodeLifetime;
        await tables.Challenges.UpdateEntityAsync(challenge, challenge.ETag, cancellationToken: ct);
        if (!decoy)
            await queues.SendAsync(CodeMessage.QueueName, new CodeMessage(challenge.Channel, challenge.Destination, challenge.Purpose, code), ct);
        return challenge;
    }

    /// <summary>Checks a code once. A right code spends the challenge; a wrong one counts against its five tries.</summary>
    public async Task<CodeCheckResult> CheckAsync(string? challengeId, string? code, string purpose, CancellationToken ct, string? forUser = null)
    {
        if (!TableKeys.IsId(challengeId)) return new(CodeCheck.NotFound);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var found = await tables.Challenges.GetEntityIfExistsAsync<ChallengeEntity>(challengeId, "", cancellationToken: ct);
            if (!found.HasValue || found.Value!.Purpose != purpose || found.Value.Used) return new(CodeCheck.NotFound);
            if (forUser is not null && found.Value.UserId != forUser) return new(CodeCheck.NotFound); // someone else's: untouched
            var challenge = found.Value;
            if (challenge.Attempts >= AuthLimits.CodeAttempts) return new(CodeCheck.Exhausted, challenge);
            if (clock.GetUtcNow() > challenge.ExpiresAt) return new(CodeCheck.Expired, challenge);

            var right = challenge.CodeHash is not null && code is { Length: > 0 and <= 10 }
                && Secrets.KeyedHashEquals(Key, challenge.ChallengeId + ":" + code.Trim(), challenge.CodeHash);
            if (right) challenge.Used = true;
            else challenge.Attempts++;
            try
            {
                await tables.Challenges.UpdateEntityAsync(challenge, challenge.ETag, cancellationToken: ct);
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                continue; // another try landed first: count this one against the fresh state
            }
            if (right) return new(CodeCheck.Ok, challenge);
            var left = AuthLimits.CodeAttempts - challenge.Attempts;
            return left > 0 ? new(CodeCheck.Invalid, challenge, left) : new(CodeCheck.Exhausted, challenge);
        }
        return new(CodeCheck.Invalid);
    }

    private async Task CountSendAsync(LoginId to, CancellationToken ct, string budget = "send:")
    {
        var key = budget + to.Key;
        if (await throttle.CountAsync(key, TimeSpan.FromHours(1), ct) >= AuthLimits.SendsPerHour)
            throw new TooManyCodesException(TimeSpan.FromMinutes(10));
        await throttle.RecordAsync(key, TimeSpan.FromHours(1), AuthLimits.SendsPerHour, null, ct);
    }
}
