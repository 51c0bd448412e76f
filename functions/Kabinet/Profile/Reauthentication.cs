using Kabinet.Auth;
using Kabinet.Platform.Errors;

namespace Kabinet.Profile;

/// <summary>
/// Changes that would hand the account over (login contact, two-factor off) need more than an access
/// token, which lives 15 minutes and may have been stolen: the current password in the request, or a
/// session signed in (password, and the code if asked) at most <see cref="FreshSignIn"/> ago. A refresh
/// does not make a session fresh.
/// </summary>
public static class Reauthentication
{
    public static readonly TimeSpan FreshSignIn = TimeSpan.FromMinutes(5);

    public static bool IsFresh(DateTimeOffset signedInAt, DateTimeOffset now) => now - signedInAt <= FreshSignIn;

    /// <summary>Null when re-authenticated; else the answer: 403 reauthentication_required, 422 password_wrong, 429 when locked.</summary>
    public static async Task<IResult?> RequireAsync(HttpContext http, UserEntity user, string? password, Sessions sessions, Throttle throttle,
        TimeProvider clock, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(password))
            return await PasswordConfirmation.ConfirmAsync(http, user, password, "password", throttle, ct);
        var session = await sessions.GetAsync(user.UserId, http.User.SessionId(), ct);
        return session is not null && IsFresh(session.CreatedAt, clock.GetUtcNow())
            ? null
            : Problems.Create(http, StatusCodes.Status403Forbidden, "auth.reauthentication_required");
    }
}
