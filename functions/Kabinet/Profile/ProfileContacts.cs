using System.Text.Json;
using Kabinet.Auth;
using Kabinet.Platform.Errors;

namespace Kabinet.Profile;

/// <summary>
/// Changing the phone or e-mail: it needs re-authentication to start, applies only after a code sent to
/// the new contact, and the contacts the account had before are told.
/// </summary>
public sealed class ProfileContacts(Users users, Challenges challenges, Audit audit, Sessions sessions, Throttle throttle,
    SecurityNotifier notifier, TimeProvider clock)
{
    public async Task<IResult> StartAsync(HttpContext http, LoginId? contact, string field, string? password, CancellationToken ct)
    {
        if (contact is null)
            return Problems.Validation(http, [Problems.Field(http, field, field == "email" ? "auth.email_invalid" : "auth.phone_invalid")]);
        var user = await users.FindAsync(http.User.UserId(), ct);
        if (user is null) return Problems.Create(http, StatusCodes.Status401Unauthorized, "auth.unauthorized");
        var mine = contact.Value.Kind == LoginKind.Phone ? user.Phone : user.Email;
        if (mine == contact.Value.Value)
            return Problems.Validation(http, [Problems.Field(http, field, "profile.contact_unchanged")]);
        if (await Reauthentication.RequireAsync(http, user, password, sessions, throttle, clock, ct) is { } refused) return refused;
        try
        {
            var owner = await users.FindByLoginAsync(contact.Value, ct);
            // Someone else's contact: its owner is told, the caller sees the usual answer and no code can pass.
            var challenge = await challenges.StartAsync(CodePurposes.Contact, contact.Value, user.UserId, ct,
                payload: JsonSerializer.Serialize(new PendingContact(field, contact.Value.Value)),
                notice: owner is null ? null : CodePurposes.ContactTaken);
            return TypedResults.Accepted((string?)null, CodeResults.Started(challenge));
        }
        catch (TooManyCodesException ex)
        {
            return CodeResults.TooMany(http, ex);
        }
    }

    public async Task<IResult> ConfirmAsync(HttpContext http, ConfirmRequest request, CancellationToken ct)
    {
        var userId = http.User.UserId();
        var check = await challenges.CheckAsync(request.ChallengeId, request.Code, CodePurposes.Contact, ct, forUser: userId);
        if (check.Outcome != CodeCheck.Ok || check.Challenge!.Payload is null)
            return CodeResults.Failure(http, check.Outcome == CodeCheck.Ok ? new CodeCheckResult(CodeCheck.NotFound) : check);
        var pending = JsonSerializer.Deserialize<PendingContact>(check.Challenge.Payload)!;
        var login = new LoginId(pending.Kind == "phone" ? LoginKind.Phone : LoginKind.Email, pending.Value);
        if (!await users.ClaimLoginAsync(login, userId, ct))
            return Problems.Create(http, StatusCodes.Status409Conflict, "auth.login_taken");
        string? previous = null;
        List<LoginId> before = [];
        var user = await users.UpdateAsync(userId, u =>
        {
            before = AuthEndpoints.LoginsOf(u).ToList();
            if (login.Kind == LoginKind.Phone) { previous = u.Phone; u.Phone = login.Value; u.PhoneConfirmed = true; }
            else { previous = u.Email; u.Email = login.Value; u.EmailConfirmed = true; }
            return true;
        }, ct);
        if (user is null) return Problems.Create(http, StatusCodes.Status401Unauthorized, "auth.unauthorized");
        if (previous is not null && previous != login.Value)
            await users.ReleaseLoginAsync(new LoginId(login.Kind, previous), userId, ct);
        await audit.WriteAsync(userId, AuditEvents.ContactChanged, http, new { contact = pending.Kind }, ct);
        await notifier.NotifyAsync(userId, before.Where(c => c != login), login.Kind == LoginKind.Phone ? SecurityNotices.PhoneChanged : SecurityNotices.EmailChanged, http, ct);
        http.Response.Headers.ETag = user.ETag.ToString("H");
        return TypedResults.Ok(ProfileView.Of(user));
    }
}
