using Kabinet.Docs;
using System.Text.Json;
using Kabinet.Platform.Errors;
using Kabinet.Platform.Hosting;
using Kabinet.Platform.Invocation;
using Microsoft.Extensions.Options;

namespace Kabinet.Auth;

/// <summary>The <c>auth</c> area: sign-up, sign-in, refresh, sign-out and password reset (public).</summary>
public static class AuthEndpoints
{
    public static void MapAuth(this WebApplication app)
    {
        var auth = app.MapHttpFunction("Auth", "auth").WithTags("auth");
        auth.MapPost("/register", Register).WithSummary("Starts a registration by phone or e-mail; a code is sent.")
            .Produces<ChallengeStarted>(StatusCodes.Status202Accepted).ProducesProblems(StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable);
        auth.MapPost("/register/confirm", ConfirmRegistration).WithSummary("Finishes the registration with the code.")
            .Produces<TokenPair>(StatusCodes.Status201Created).ProducesProblems(StatusCodes.Status409Conflict);
        auth.MapPost("/challenges/{id}/resend", Resend).WithSummary("Sends a new code after the 60 s cooldown.")
            .Produces<ChallengeStarted>(StatusCodes.Status202Accepted).ProducesProblems(StatusCodes.Status422UnprocessableEntity, StatusCodes.Status429TooManyRequests)
            .WithoutProblems(StatusCodes.Status404NotFound);
        auth.MapPost("/login", Login).WithSummary("Signs in with phone or e-mail and password; 202 when a second factor is needed.")
            .Produces<TokenPair>().Produces<ChallengeStarted>(StatusCodes.Status202Accepted)
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable);
        auth.MapPost("/login/confirm", ConfirmLogin).WithSummary("Second factor: the code sent for this sign-in.")
            .Produces<TokenPair>();
        auth.MapPost("/refresh", Refresh).WithSummary("A new token pair for a refresh token, which is spent.")
            .Produces<TokenPair>().ProducesProblems(StatusCodes.Status401Unauthorized);
        auth.MapPost("/logout", Logout).RequireAuthorization().WithSummary("Ends this session.")
            .Produces(StatusCodes.Status204NoContent);
        auth.MapPost("/password/reset", StartReset).WithSummary("Sends a reset code if the login exists; answers the same either way.")
            .Produces<ChallengeStarted>(StatusCodes.Status202Accepted).ProducesProblems(StatusCodes.Status429TooManyRequests);
        auth.MapPost("/password/reset/confirm", ConfirmReset).WithSummary("Sets a new password with the code; every session ends.")
            .Produces(StatusCodes.Status204NoContent);
    }

    private static async Task<IResult> Register(RegisterRequest request, HttpContext http, Users users, Challenges challenges,
        PasswordHashing hashing, IOptions<AuthOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        LoginId? login = null;
        if (request.Phone is null && request.Email is null) errors.Add(Problems.Field(http, "phone", "auth.login_required"));
        else if (request.Phone is not null && request.Email is not null) errors.Add(Problems.Field(http, "email", "auth.one_login_only"));
        else if (request.Phone is not null)
        {
            if (Identifiers.NormalizePhone(request.Phone) is { } phone) login = new LoginId(LoginKind.Phone, phone);
            else errors.Add(Problems.Field(http, "phone", "auth.phone_invalid"));
        }
        else if (Identifiers.NormalizeEmail(request.Email) is { } email) login = new LoginId(LoginKind.Email, email);
        else errors.Add(Problems.Field(http, "email", "auth.email_invalid"));
        errors.AddRange(AuthErrors.PasswordErrors(http, "password", request.Password));
        if (!request.AcceptTerms) errors.Add(Problems.Field(http, "acceptTerms", "auth.terms_not_accepted"));
        if (errors.Count > 0) return Problems.Validation(http, errors);

        try
        {
            // The limits first (per address, then per phone or e-mail, the same budgets whatever the login), the hash after them.
            var reservation = await challenges.ReserveSendAsync(CodePurposes.Register, login!.Value, ct);
            string hash;
            try { hash = await hashing.HashAsync(request.Password!, ct); }
            catch (ServiceBusyException)
            {
                await challenges.ReleaseAsync(reservation, ct);
                throw;
            }
            var existing = await FindWithDecoyReadAsync(users, login.Value, ct);
            var pending = new PendingRegistration(login.Value.Key, hash, options.Value.TermsVersion, clock.GetUtcNow(), request.MarketingOptIn);
            // An existing account gets a notice instead of a code; the caller sees the very same answer.
            var challenge = await challenges.StartReservedAsync(CodePurposes.Register, login.Value, existing?.UserId, ct,
                payload: existing is null ? JsonSerializer.Serialize(pending) : null,
                notice: existing is null ? null : CodePurposes.AlreadyRegistered);
            return TypedResults.Accepted((string?)null, CodeResults.Started(challenge));
        }
        catch (TooManyCodesException ex)
        {
            return CodeResults.TooMany(http, ex);
        }
    }

    private static async Task<IResult> ConfirmRegistration(ConfirmRequest request, HttpContext http, Challenges challenges, Users users,
        AuthTables tables, Sessions sessions, Audit audit, TimeProvider clock, CancellationToken ct)
    {
        var check = await challenges.CheckAsync(request.ChallengeId, request.Code, CodePurposes.Register, ct);
        if (check.Outcome != CodeCheck.Ok || check.Challenge!.Payload is null) return CodeResults.Failure(http, check);
        var pending = JsonSerializer.Deserialize<PendingRegistration>(check.Challenge.Payload)!;
        var login = check.Challenge.Channel == CodeMessage.Sms
            ? new LoginId(LoginKind.Phone, check.Challenge.Destination)
            : new LoginId(LoginKind.Email, check.Challenge.Destination);
        var now = clock.GetUtcNow();
        var user = new UserEntity
        {
            PartitionKey = Secrets.NewId(),
            PasswordHash = pending.PasswordHash,
            PasswordChangedAt = now,
            TermsVersion = pending.TermsVersion,
            TermsAcceptedAt = pending.TermsAcceptedAt,
            MarketingOptIn = pending.MarketingOptIn,
            CreatedAt = now,
        };
        if (login.Kind == LoginKind.Phone) { user.Phone = login.Value; user.PhoneConfirmed = true; }
        else { user.Email = login.Value; user.EmailConfirmed = true; }
        if (!await users.ClaimLoginAsync(login, user.UserId, ct))
            return Problems.Create(http, StatusCodes.Status409Conflict, "auth.login_taken");
        await tables.Users.AddEntityAsync(user, ct);
        await audit.WriteAsync(user.UserId, AuditEvents.Registered, http, new { login = login.Kind.ToString().ToLowerInvariant() }, ct);
        var tokens = await sessions.StartAsync(user, http, null, ct);
        return TypedResults.Created((string?)null, tokens);
    }

    private static async Task<IResult> Resend(string id, HttpContext http, Challenges challenges, CancellationToken ct)
    {
        try
        {
            var challenge = await challenges.ResendAsync(id, ct);
            return challenge is null
                ? Problems.Create(http, StatusCodes.Status422UnprocessableEntity, "auth.challenge_invalid")
                : TypedResults.Accepted((string?)null, CodeResults.Started(challenge));
        }
        catch (TooManyCodesException ex)
        {
            return CodeResults.TooMany(http, ex);
        }
    }

    private static async Task<IResult> Login(LoginRequest request, HttpContext http, Users users, Throttle throttle, Challenges challenges,
        Sessions sessions, Audit audit, AuthTables tables, TimeProvider clock, SignInLimits signIns, PasswordHashing hashing,
        IOptions<AuthOptions> options, CancellationToken ct)
    {
        var login = Identifiers.ParseLogin(request.Login);
        var raw = (request.Login ?? "").Trim().ToLowerInvariant();
        var lockKey = "login:" + (login?.Key ?? "raw:" + Secrets.KeyedHash([], raw));
        // Counted before the password is checked: parallel guesses never get more than the limit through.
        var (pass, refusal, wait) = await signIns.AdmitAsync(ClientInfo.Address(http), lockKey, ct);
        if (pass is null) return RetryLater(http, refusal!, wait);

        var user = login is null ? null : await users.FindByLoginAsync(login.Value, ct);
        var password = request.Password ?? "";
        bool verified;
        try
        {
            verified = await hashing.VerifyAsync(password[..Math.Min(password.Length, PasswordPolicy.MaxLength)], user?.PasswordHash ?? hashing.Decoy, ct);
        }
        catch (ServiceBusyException)
        {
            await signIns.AbandonedAsync(pass, ct);
            throw;
        }
        var passwordOk = password.Length <= PasswordPolicy.MaxLength & verified & user is not null;
        if (!passwordOk)
        {
            if (user is not null) await audit.WriteAsync(user.UserId, AuditEvents.SignInFailed, http, null, ct);
            return Problems.Create(http, StatusCodes.Status401Unauthorized, "auth.invalid_credentials");
        }
        await signIns.SucceededAsync(pass, ct);

        var deviceId = Sessions.Clean(request.DeviceId);
        if (user!.TwoFactor && !await IsTrustedAsync(http, user.UserId, request.DeviceToken, ct))
        {
            // The phone first; the e-mail when there is no phone, or no SMS here and a confirmed e-mail instead.
            var byPhone = user.PhoneConfirmed && user.Phone is not null
                && (options.Value.SmsAvailable || !(user.EmailConfirmed && user.Email is not null));
            var to = byPhone ? new LoginId(LoginKind.Phone, user.Phone!) : new LoginId(LoginKind.Email, user.Email!);
            try
            {
                var challenge = await challenges.StartAsync(CodePurposes.Login, to, user.UserId, ct, deviceId: deviceId, deviceName: ClientInfo.Device(http));
                return TypedResults.Accepted((string?)null, CodeResults.Started(challenge));
            }
            catch (TooManyCodesException ex)
            {
                return CodeResults.TooMany(http, ex);
            }
        }
        await audit.WriteAsync(user.UserId, AuditEvents.SignIn, http, null, ct);
        return TypedResults.Ok(await sessions.StartAsync(user, http, deviceId, ct));
    }

    /// <summary>
    /// The second factor. Trusting the device here is trusting it right after the password and the code of
    /// this very sign-in: the owner is told, and only the returned deviceToken (never the device id) skips the code later.
    /// </summary>
    private static async Task<IResult> ConfirmLogin(LoginConfirmRequest request, HttpContext http, Challenges challenges, Users users,
        Sessions sessions, Audit audit, TrustedDevices trusted, SecurityNotifier notifier, CancellationToken ct)
    {
        var check = await challenges.CheckAsync(request.ChallengeId, request.Code, CodePurposes.Login, ct);
        if (check.Outcome != CodeCheck.Ok) return CodeResults.Failure(http, check);
        var user = await users.FindAsync(check.Challenge!.UserId ?? "", ct);
        if (user is null) return Problems.Create(http, StatusCodes.Status422UnprocessableEntity, "auth.challenge_invalid");
        string? deviceToken = null;
        if (request.TrustDevice)
        {
            deviceToken = await trusted.TrustAsync(user.UserId, check.Challenge.DeviceId, check.Challenge.DeviceName, ct);
            await notifier.NotifyAsync(user, SecurityNotices.DeviceTrusted, http, ct);
        }
        await audit.WriteAsync(user.UserId, AuditEvents.SignIn, http, new { secondFactor = true, trustDevice = request.TrustDevice }, ct);
        var tokens = await sessions.StartAsync(user, http, check.Challenge.DeviceId, ct);
        return TypedResults.Ok(tokens with { DeviceToken = deviceToken });
    }

    private static async Task<IResult> Refresh(RefreshRequest request, HttpContext http, Sessions sessions, CancellationToken ct)
    {
        var (outcome, tokens) = await sessions.RefreshAsync(request.RefreshToken, http, ct);
        return outcome switch
        {
            RefreshOutcome.Ok => TypedResults.Ok(tokens),
            RefreshOutcome.Reused => Problems.Create(http, StatusCodes.Status401Unauthorized, "auth.refresh_reused"),
            _ => Problems.Create(http, StatusCodes.Status401Unauthorized, "auth.refresh_invalid"),
        };
    }

    private static async Task<IResult> Logout(HttpContext http, Sessions sessions, Audit audit, CancellationToken ct)
    {
        var session = await sessions.GetAsync(http.User.UserId(), http.User.SessionId(), ct);
        if (session is not null)
        {
            await sessions.RevokeAsync(session, "signed_out", ct);
            await audit.WriteAsync(session.UserId, AuditEvents.SignedOut, http, null, ct);
        }
        return TypedResults.NoContent();
    }

    private static async Task<IResult> StartReset(ResetRequest request, HttpContext http, Users users, Challenges challenges, CancellationToken ct)
    {
        var login = Identifiers.ParseLogin(request.Login);
        if (login is null)
            return Problems.Validation(http, [Problems.Field(http, "login", "auth.login_required")]);
        try
        {
            // Both paths read as much, count the same budgets, store a challenge and queue a message.
            var user = await FindWithDecoyReadAsync(users, login.Value, ct);
            if (user is not null)
                return TypedResults.Accepted((string?)null, CodeResults.Started(await challenges.StartAsync(CodePurposes.Reset, login.Value, user.UserId, ct)));
            return TypedResults.Accepted((string?)null, CodeResults.Started(await challenges.StartDecoyAsync(CodePurposes.Reset, login.Value, ct)));
        }
        catch (TooManyCodesException ex)
        {
            return CodeResults.TooMany(http, ex);
        }
    }

    private static async Task<IResult> ConfirmReset(ResetConfirmRequest request, HttpContext http, Challenges challenges, Users users,
        Sessions sessions, Throttle throttle, Audit audit, TrustedDevices trusted, SecurityNotifier notifier, TimeProvider clock, CancellationToken ct)
    {
        var errors = AuthErrors.PasswordErrors(http, "newPassword", request.NewPassword);
        if (errors.Count > 0) return Problems.Validation(http, errors);
        var check = await challenges.CheckAsync(request.ChallengeId, request.Code, CodePurposes.Reset, ct);
        if (check.Outcome != CodeCheck.Ok) return CodeResults.Failure(http, check);
        var hash = await http.RequestServices.GetRequiredService<PasswordHashing>().HashAsync(request.NewPassword!, ct);
        var user = await users.UpdateAsync(check.Challenge!.UserId ?? "", u =>
        {
            u.PasswordHash = hash;
            u.PasswordChangedAt = clock.GetUtcNow();
            return true;
        }, ct);
        if (user is null) return Problems.Create(http, StatusCodes.Status422UnprocessableEntity, "auth.challenge_invalid");
        await sessions.RevokeAllAsync(user.UserId, null, "password_reset", ct);
        await trusted.ForgetAllAsync(user.UserId, ct);
        foreach (var login in LoginsOf(user)) await throttle.ClearAsync("login:" + login.Key, ct);
        await audit.WriteAsync(user.UserId, AuditEvents.PasswordReset, http, null, ct);
        await notifier.NotifyAsync(user, SecurityNotices.PasswordReset, http, ct);
        return TypedResults.NoContent();
    }

    public static IEnumerable<LoginId> LoginsOf(UserEntity user)
    {
        if (user.Phone is not null) yield return new LoginId(LoginKind.Phone, user.Phone);
        if (user.Email is not null) yield return new LoginId(LoginKind.Email, user.Email);
    }

    /// <summary>Only a device token the server issued skips the second factor; a device id is the client's word.</summary>
    private static Task<bool> IsTrustedAsync(HttpContext http, string userId, string? deviceToken, CancellationToken ct) =>
        http.RequestServices.GetRequiredService<TrustedDevices>().IsTrustedAsync(userId, deviceToken, ct);

    /// <summary>The user of a login; for an unknown login, a read of a user that does not exist, so both take two reads.</summary>
    private static async Task<UserEntity?> FindWithDecoyReadAsync(Users users, LoginId login, CancellationToken ct)
    {
        var user = await users.FindByLoginAsync(login, ct);
        if (user is null) await users.FindAsync(Secrets.NewId(), ct);
        return user;
    }

    private static IResult RetryLater(HttpContext http, string code, TimeSpan after)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(after.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString();
        return Problems.Create(http, StatusCodes.Status429TooManyRequests, code, new Dictionary<string, object?> { ["retryAfterSeconds"] = seconds });
    }
}
