using Kabinet.Docs;
using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Kabinet.Accounts;
using Kabinet.Auth;
using Kabinet.Payments.Cards;
using Kabinet.Platform.Errors;
using Kabinet.Platform.Storage;
using Kabinet.Platform.Invocation;

namespace Kabinet.Profile;

/// <summary>The <c>profile</c> area: the signed-in user's own data, contacts, security and sessions.</summary>
public static partial class ProfileEndpoints
{
    [System.Text.RegularExpressions.GeneratedRegex(@"^[0-9]{19}-[A-Za-z0-9_-]{8}$")]
    private static partial System.Text.RegularExpressions.Regex AuditCursor();

    public static void MapProfile(this WebApplication app)
    {
        var profile = app.MapHttpFunction("Profile", "profile").WithTags("profile").RequireAuthorization();
        profile.MapGet("", Get).WithSummary("The signed-in user's profile.").Produces<ProfileView>().WithETag();
        profile.MapPatch("", Patch).WithSummary("Names, birth date, gender (seed 004's first acquaintance), the language of delivered notices (ru, en). Honours If-Match.")
            .Produces<ProfileView>().WithETag(ifMatch: true);
        profile.MapPost("/email", (EmailChange r, HttpContext h, ProfileContacts c, CancellationToken ct) =>
            c.StartAsync(h, r.Email is null ? null : Identifiers.NormalizeEmail(r.Email) is { } e ? new LoginId(LoginKind.Email, e) : null, "email", r.Password, ct))
            .WithSummary("Starts changing the e-mail: needs the password or a fresh sign-in; a code goes to the new address.")
            .Produces<ChallengeStarted>(StatusCodes.Status202Accepted).ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status429TooManyRequests);
        profile.MapPost("/phone", (PhoneChange r, HttpContext h, ProfileContacts c, CancellationToken ct) =>
            c.StartAsync(h, r.Phone is null ? null : Identifiers.NormalizePhone(r.Phone) is { } p ? new LoginId(LoginKind.Phone, p) : null, "phone", r.Password, ct))
            .WithSummary("Starts changing the phone: needs the password or a fresh sign-in; a code goes to the new number.")
            .Produces<ChallengeStarted>(StatusCodes.Status202Accepted).ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status429TooManyRequests);
        profile.MapPost("/contacts/confirm", (ConfirmRequest r, HttpContext h, ProfileContacts c, CancellationToken ct) => c.ConfirmAsync(h, r, ct))
            .WithSummary("Finishes an e-mail or phone change with its code.").Produces<ProfileView>().WithETag().ProducesProblems(StatusCodes.Status409Conflict);
        profile.MapPut("/password", ChangePassword).WithSummary("Needs the current password; every other session ends.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblems(StatusCodes.Status429TooManyRequests);
        profile.MapPut("/notifications", SetNotifications).WithSummary("Which channels notices go to; every flag is set (absent = off).")
            .Produces<ProfileView>().WithETag();
        profile.MapPut("/two-factor", SetTwoFactor).WithSummary("Switching it off needs the password or a fresh sign-in.")
            .Produces<ProfileView>().WithETag().ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status429TooManyRequests);
        profile.MapGet("/sessions", ListSessions).WithSummary("Active sessions, most recently used first, cursor-paged.").Produces<ListPage<SessionView>>();
        profile.MapDelete("/sessions/{id}", EndSession).WithSummary("Ends one session (signs that device out).").Produces(StatusCodes.Status204NoContent);
        profile.MapGet("/history", History).WithSummary("The audit trail, newest first, cursor-paged.").Produces<ListPage<HistoryItem>>();
        profile.MapDelete("", Delete).WithSummary("Needs the password; personal data is erased and the phone and e-mail are free again.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblems(StatusCodes.Status429TooManyRequests);
    }

    internal static async Task<UserEntity?> CurrentAsync(HttpContext http, Users users, CancellationToken ct) =>
        await users.FindAsync(http.User.UserId(), ct);

    private static IResult View(HttpContext http, UserEntity user)
    {
        http.Response.Headers.ETag = user.ETag.ToString("H");
        return TypedResults.Ok(ProfileView.Of(user));
    }

    private static IResult Gone(HttpContext http) => Problems.Create(http, StatusCodes.Status401Unauthorized, "auth.unauthorized");

    private static async Task<IResult> Get(HttpContext http, Users users, CancellationToken ct) =>
        await CurrentAsync(http, users, ct) is { } user ? View(http, user) : Gone(http);

    private static async Task<IResult> Patch(ProfilePatch patch, HttpContext http, Users users, Audit audit, TimeProvider clock, CancellationToken ct)
    {
        var current = await CurrentAsync(http, users, ct);
        if (current is null) return Gone(http);
        var ifMatchHeader = http.Request.Headers.IfMatch.ToString();
        ETag? ifMatch = ifMatchHeader.Length > 0 && ifMatchHeader != "*" ? new ETag(ifMatchHeader) : null;

        var errors = new List<FieldError>();
        void Check(string field, string? code) { if (code is not null) errors.Add(Problems.Field(http, field, code)); }
        Check("lastName", ProfileRules.CheckName(patch.LastName ?? current.LastName, required: true));
        Check("firstName", ProfileRules.CheckName(patch.FirstName ?? current.FirstName, required: true));
        Check("middleName", ProfileRules.CheckName(patch.MiddleName, required: false));
        Check("birthDate", ProfileRules.CheckBirthDate(patch.BirthDate, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)));
        Check("gender", ProfileRules.CheckGender(patch.Gender));
        Check("language", ProfileRules.CheckLanguage(patch.Language));
        Check("billsByEmail", ProfileRules.CheckBillsByEmail(patch.BillsByEmail, current.Email, current.EmailConfirmed));
        if (errors.Count > 0)
            return Problems.Validation(http, errors, errors.All(e => e.Code == ProfileRules.EmailNotConfirmed) ? ProfileRules.EmailNotConfirmed : "request.validation_failed");

        static string? Clean(string? v) => string.IsNullOrWhiteSpace(v) ? null : v.Trim().Normalize();
        UserEntity? updated;
        try
        {
            updated = await users.UpdateAsync(current.UserId, u =>
            {
                if (patch.LastName is not null) u.LastName = Clean(patch.LastName);
                if (patch.FirstName is not null) u.FirstName = Clean(patch.FirstName);
                if (patch.MiddleName is not null) u.MiddleName = Clean(patch.MiddleName);
                if (patch.BirthDate is not null) u.BirthDate = Clean(patch.BirthDate);
                if (patch.Gender is not null) u.Gender = Clean(patch.Gender);
                if (patch.Language is not null) u.Language = patch.Language;
                // Checked again on the row written: a deletion in between leaves no e-mail to send bills to.
                if (patch.BillsByEmail is { } byEmail) u.BillsByEmail = byEmail && ProfileRules.CanBillByEmail(u.Email, u.EmailConfirmed);
                return true;
            }, ct, ifMatch);
        }
        catch (ChangedMeanwhileException)
        {
            return Problems.Create(http, StatusCodes.Status412PreconditionFailed, "profile.changed_meanwhile");
        }
        if (updated is null) return Gone(http);
        await audit.WriteAsync(current.UserId, AuditEvents.ProfileChanged, http, null, ct);
        return View(http, updated!);
    }

    private static async Task<IResult> ChangePassword(PasswordChange request, HttpContext http, Users users, Sessions sessions, Throttle throttle,
        TrustedDevices trusted, SecurityNotifier notifier, Audit audit, TimeProvider clock, CancellationToken ct)
    {
        var user = await CurrentAsync(http, users, ct);
        if (user is null) return Gone(http);
        if (await PasswordConfirmation.ConfirmAsync(http, user, request.CurrentPassword, "currentPassword", throttle, ct) is { } refused) return refused;
        var errors = AuthErrors.PasswordErrors(http, "newPassword", request.NewPassword);
        if (errors.Count > 0) return Problems.Validation(http, errors);
        var hash = await http.RequestServices.GetRequiredService<PasswordHashing>().HashAsync(request.NewPassword!, ct);
        await users.UpdateAsync(user.UserId, u => { u.PasswordHash = hash; u.PasswordChangedAt = clock.GetUtcNow(); return true; }, ct);
        await sessions.RevokeAllAsync(user.UserId, http.User.SessionId(), "password_changed", ct);
        await trusted.ForgetAllAsync(user.UserId, ct);
        await audit.WriteAsync(user.UserId, AuditEvents.PasswordChanged, http, null, ct);
        await notifier.NotifyAsync(user, SecurityNotices.PasswordChanged, http, ct);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> SetNotifications(NotificationSettings settings, HttpContext http, Users users, Audit audit, CancellationToken ct)
    {
        var user = await users.UpdateAsync(http.User.UserId(), u =>
        {
            u.NotifyEmail = settings.Email; u.NotifySms = settings.Sms; u.NotifyMessenger = settings.Messenger; u.MarketingOptIn = settings.Marketing;
            return true;
        }, ct);
        if (user is null) return Gone(http);
        await audit.WriteAsync(user.UserId, AuditEvents.NotificationsChanged, http, settings, ct);
        return View(http, user);
    }

    private static async Task<IResult> SetTwoFactor(TwoFactorChange change, HttpContext http, Users users, Sessions sessions, Throttle throttle,
        SecurityNotifier notifier, Audit audit, TimeProvider clock, CancellationToken ct)
    {
        var current = await CurrentAsync(http, users, ct);
        if (current is null) return Gone(http);
        if (current.TwoFactor && !change.Enabled
            && await Reauthentication.RequireAsync(http, current, change.Password, sessions, throttle, clock, ct) is { } refused) return refused;
        var changed = false;
        var user = await users.UpdateAsync(current.UserId, u =>
        {
            // Switched on meanwhile by another request: switching off needs its own re-authentication.
            if (u.TwoFactor == change.Enabled || (!current.TwoFactor && u.TwoFactor)) return false;
            u.TwoFactor = change.Enabled;
            return changed = true;
        }, ct);
        if (user is null) return Gone(http);
        if (changed)
        {
            await audit.WriteAsync(user.UserId, AuditEvents.TwoFactorChanged, http, new { enabled = change.Enabled }, ct);
            await notifier.NotifyAsync(user, change.Enabled ? SecurityNotices.TwoFactorOn : SecurityNotices.TwoFactorOff, http, ct);
        }
        return View(http, user);
    }

    private static async Task<IResult> ListSessions(HttpContext http, Sessions sessions, TimeProvider clock, PageRequest page, CancellationToken ct)
    {
        var list = "sessions/" + http.User.UserId();
        var errors = page.Check(http, list, 1, out var after);
        if (errors.Count > 0) return Problems.Validation(http, errors);
        var now = clock.GetUtcNow();
        var current = http.User.SessionId();
        // Most recently used first: the key inverts the time so that it sorts ascending.
        var slice = page.Slice(await sessions.ActiveAsync(http.User.UserId(), ct),
            s => (DateTimeOffset.MaxValue.UtcTicks - s.LastUsedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "|" + s.SessionId, list, after);
        var items = slice.Items
            .Select(s => new SessionView(s.SessionId, s.Device, s.ClientAddress, s.CreatedAt, s.LastUsedAt, s.ExpiresAt,
                (long)(s.ExpiresAt - now).TotalSeconds, s.SessionId == current))
            .ToList();
        return TypedResults.Ok(new ListPage<SessionView>(items, slice.NextCursor));
    }

    private static async Task<IResult> EndSession(string id, HttpContext http, Sessions sessions, Audit audit, CancellationToken ct)
    {
        var session = await sessions.GetAsync(http.User.UserId(), id, ct);
        if (session is null || session.Revoked) return Problems.Create(http, StatusCodes.Status404NotFound, "http.not_found");
        await sessions.RevokeAsync(session, "ended_by_user", ct);
        await audit.WriteAsync(session.UserId, AuditEvents.SessionEnded, http, new { session = id, device = session.Device }, ct);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> History(HttpContext http, AuthTables tables, PageRequest page, CancellationToken ct)
    {
        var userId = http.User.UserId();
        var list = "audit/" + userId;
        // The cursor holds the last row key served: rows sort newest first, so the next page is "after" it.
        var errors = page.Check(http, list, 1, out var cursor, parts => AuditCursor().IsMatch(parts[0]));
        if (errors.Count > 0) return Problems.Validation(http, errors);
        var size = page.Limit;
        var after = cursor?[0] ?? "";
        var items = new List<AuditEntity>(size + 1);
        await foreach (var entry in tables.Audit.QueryAsync<AuditEntity>(a => a.PartitionKey == userId && a.RowKey.CompareTo(after) > 0, maxPerPage: size + 1, cancellationToken: ct))
        {
            items.Add(entry);
            if (items.Count > size) break;
        }
        var more = items.Count > size;
        var rows = items.Take(size).ToList();
        return TypedResults.Ok(new ListPage<HistoryItem>(
            rows.Select(a => new HistoryItem(a.Event, a.At, a.Device, a.ClientAddress, HistoryItem.DetailsOf(a.Details))).ToList(),
            more ? PageCursor.Encode(list, rows[^1].RowKey) : null));
    }

    private static async Task<IResult> Delete([Microsoft.AspNetCore.Mvc.FromBody] DeleteProfile request, HttpContext http, Users users, Sessions sessions, AuthTables tables,
        Throttle throttle, AccountLinks links, SavedCards cards, TimeProvider clock, CancellationToken ct)
    {
        var user = await CurrentAsync(http, users, ct);
        if (user is null) return Gone(http);
        if (await PasswordConfirmation.ConfirmAsync(http, user, request.Password, "password", throttle, ct) is { } refused) return refused;

        foreach (var login in AuthEndpoints.LoginsOf(user)) await users.ReleaseLoginAsync(login, user.UserId, ct);
        await links.RemoveAllAsync(user.UserId, ct);
        await cards.DeleteAllAsync(user.UserId, ct);
        await sessions.RevokeAllAsync(user.UserId, null, "account_deleted", ct);
        var mine = TableClient.CreateQueryFilter($"PartitionKey eq {user.UserId}");
        await tables.TrustedDevices.DeleteWhereAsync(mine, ct);
        await tables.Audit.DeleteWhereAsync(mine, ct);
        // The user row stays as an anonymous tombstone: records that money depends on may point at its id.
        await users.UpdateAsync(user.UserId, u =>
        {
            u.Phone = u.Email = u.LastName = u.FirstName = u.MiddleName = u.BirthDate = u.Gender = null;
            u.PhoneConfirmed = u.EmailConfirmed = u.TwoFactor = u.MarketingOptIn = u.BillsByEmail = false;
            u.PasswordHash = "";
            u.DeletedAt = clock.GetUtcNow();
            return true;
        }, ct);
        return TypedResults.NoContent();
    }
}

public static class ProfileSetup
{
    public static void AddProfile(this WebApplicationBuilder builder) => builder.Services.AddSingleton<ProfileContacts>().AddErrors(ProfileErrors.Catalog);
}
