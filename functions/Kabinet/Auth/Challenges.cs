using Azure;
using Azure.Data.Tables;
using Kabinet.Platform.Hosting;
using Kabinet.Platform.Storage;
using Microsoft.Extensions.Options;

namespace Kabinet.Auth;

public enum CodeCheck { Ok, Invalid, Expired, Exhausted, NotFound }

public sealed record CodeCheckResult(CodeCheck Outcome, ChallengeEntity? Challenge = null, int AttemptsLeft = 0);

/// <summary>Thrown when a phone or e-mail has had its codes for the hour, or asks again too soon, or the client address has had its sends.</summary>
public sealed class TooManyCodesException(TimeSpan retryAfter, string code = "auth.too_many_codes") : Exception("too many codes")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
    public string Code { get; } = code;
}

/// <summary>The send slots a request holds: given back when it ends before anything was sent.</summary>
public sealed record SendReservation(IReadOnlyList<ThrottleTicket> Tickets);

/// <summary>
/// Confirmation codes: 5 digits, stored as a keyed hash, valid 10 minutes, 5 wrong tries burn the
/// challenge, a resend after 60 s, at most 5 sends an hour to one phone or e-mail and
/// <see cref="ClientLimitOptions.ClientSendsPerHour"/> from one client address.
/// </summary>
public sealed class Challenges(AuthTables tables, WorkQueues queues, Throttle throttle, TimeProvider clock, IOptions<AuthOptions> options,
    IOptions<ClientLimitOptions> limits, IHttpContextAccessor http)
{
    private byte[] Key => options.Value.KeyBytes;

    /// <summary>
    /// Starts a challenge to <paramref name="to"/>. With <paramref name="notice"/> the destination gets that
    /// message instead of a code, and the challenge can never be passed: callers answer the same either way.
    /// </summary>
    public async Task<ChallengeEntity> StartAsync(string purpose, LoginId to, string? userId, CancellationToken ct,
        string? payload = null, string? notice = null, string? deviceId = null, string? deviceName = null)
    {
        await ReserveSendAsync(purpose, to, ct);
        return await StartReservedAsync(purpose, to, userId, ct, payload, notice, deviceId, deviceName);
    }

    /// <summary>
    /// Counts a send before anything else is done for it: per client address, then per destination. Every path
    /// a stranger can drive spends the same budget whatever the login (a notice as a code), so the budgets tell
    /// nothing; only the second factor, which needs the password, has one of its own.
    /// </summary>
    public async Task<SendReservation> ReserveSendAsync(string purpose, LoginId to, CancellationToken ct)
    {
        SmsAvailability.Ensure(options.Value, to);
        var tickets = new List<ThrottleTicket>();
        if (http.HttpContext is { } context && limits.Value.ClientSendsPerHour > 0)
        {
            var client = await throttle.TakeAsync("sends-from:" + ClientInfo.Address(context), limits.Value.ClientSendsPerHour, TimeSpan.FromHours(1), ct);
            if (!client.Allowed) throw new TooManyCodesException(client.RetryAfter, "auth.too_many_requests");
            tickets.Add(client.Ticket!);
        }
        var budget = purpose == CodePurposes.Login ? "signin-send:" : "send:";
        var destination = await throttle.TakeAsync(budget + to.Key, AuthLimits.SendsPerHour, TimeSpan.FromHours(1), ct);
        if (!destination.Allowed)
        {
            await ReleaseAsync(new SendReservation(tickets), ct);
            throw new TooManyCodesException(destination.RetryAfter);
        }
        tickets.Add(destination.Ticket!);
        return new SendReservation(tickets);
    }

    /// <summary>Gives the slots back: the request ended before it sent anything (e.g. the server was busy).</summary>
    public async Task ReleaseAsync(SendReservation reservation, CancellationToken ct)
    {
        foreach (var ticket in reservation.Tickets) await throttle.ReturnAsync(ticket, ct);
    }

    /// <summary><see cref="StartAsync"/> after <see cref="ReserveSendAsync"/> counted the send.</summary>
    public async Task<ChallengeEntity> StartReservedAsync(string purpose, LoginId to, string? userId, CancellationToken ct,
        string? payload = null, string? notice = null, string? deviceId = null, string? deviceName = null)
    {
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
    /// A challenge for a login that does not exist: counted, stored and queued like a real one (the queued
    /// message carries no code, and SendCode drops it: <see cref="IsDecoy"/>), and no code can pass it —
    /// so its answers, its limits and its work reveal nothing.
    /// </summary>
    public async Task<ChallengeEntity> StartDecoyAsync(string purpose, LoginId to, CancellationToken ct)
    {
        await ReserveSendAsync(purpose, to, ct);
        var now = clock.GetUtcNow();
        var decoy = new ChallengeEntity
        {
            PartitionKey = Secrets.NewId(), Purpose = purpose, Destination = to.Value,
            Channel = to.Kind == LoginKind.Phone ? CodeMessage.Sms : CodeMessage.Email,
            CreatedAt = now, LastSentAt = now, ExpiresAt = now + AuthLimits.CodeLifetime,
        };
        await tables.Challenges.AddEntityAsync(decoy, ct);
        await queues.SendAsync(CodeMessage.QueueName, new CodeMessage(decoy.Channel, to.Value, purpose, null), ct);
        return decoy;
    }

    /// <summary>A queued message of a decoy: a purpose that needs a code, without one. Nothing goes out for it.</summary>
    public static bool IsDecoy(CodeMessage message) =>
        message.Code is null && message.Purpose is CodePurposes.Register or CodePurposes.Login or CodePurposes.Reset or CodePurposes.Contact;

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
        var decoy = challenge.CodeHash is null;
        var reservation = await ReserveSendAsync(challenge.Purpose, to, ct);

        var code = decoy ? null : Secrets.NewCode();
        challenge.CodeHash = code is null ? null : Secrets.KeyedHash(Key, challenge.ChallengeId + ":" + code);
        challenge.LastSentAt = now;
        challenge.ExpiresAt = now + AuthLimits.CodeLifetime;
        try
        {
            await tables.Challenges.UpdateEntityAsync(challenge, challenge.ETag, cancellationToken: ct);
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            // A parallel resend (or a check) changed it first: that one sends, this one waits for the cooldown.
            await ReleaseAsync(reservation, ct);
            throw new TooManyCodesException(AuthLimits.ResendCooldown);
        }
        // A decoy's resend queues a message too (dropped by SendCode), so both take the same work.
        await queues.SendAsync(CodeMessage.QueueName, new CodeMessage(challenge.Channel, challenge.Destination, challenge.Purpose, code), ct);
        return challenge;
    }

    /// <summary>Checks a code once. A right code spends the challenge; a wrong one counts against its five tries.</summary>
    public async Task<CodeCheckResult> CheckAsync(string? challengeId, string? code, string purpose, CancellationToken ct, string? forUser = null)
    {
        if (!TableKeys.IsId(challengeId)) return new(CodeCheck.NotFound);
        CodeCheckResult? refused = null;
        var right = false;
        // Another try that lands first is re-read: this one counts against the fresh state.
        var checkedOne = await tables.Challenges.UpdateWithRetryAsync<ChallengeEntity>(challengeId!, "", challenge =>
        {
            refused = challenge.Purpose != purpose || challenge.Used ? new(CodeCheck.NotFound)
                : forUser is not null && challenge.UserId != forUser ? new(CodeCheck.NotFound) // someone else's: untouched
                : challenge.Attempts >= AuthLimits.CodeAttempts ? new(CodeCheck.Exhausted, challenge)
                : clock.GetUtcNow() > challenge.ExpiresAt ? new(CodeCheck.Expired, challenge)
                : null;
            if (refused is not null) return false;
            right = challenge.CodeHash is not null && code is { Length: > 0 and <= 10 }
                && Secrets.KeyedHashEquals(Key, challenge.ChallengeId + ":" + code.Trim(), challenge.CodeHash);
            if (right) challenge.Used = true;
            else challenge.Attempts++;
            return true;
        }, ct, attempts: 5, mode: TableUpdateMode.Merge);
        if (checkedOne.Entity is not { } written) return new(CodeCheck.NotFound);
        if (refused is not null) return refused;
        if (right) return new(CodeCheck.Ok, written);
        var left = AuthLimits.CodeAttempts - written.Attempts;
        return left > 0 ? new(CodeCheck.Invalid, written, left) : new(CodeCheck.Exhausted, written);
    }
}
