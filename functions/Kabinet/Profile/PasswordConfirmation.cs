using Kabinet.Auth;
using Kabinet.Platform.Errors;

namespace Kabinet.Profile;

public static class PasswordConfirmation
{
    /// <summary>
    /// A signed-in user re-entering the password for a sensitive change: null when right; wrong ones
    /// count toward a lock like sign-in failures, so a stolen access token cannot be used to guess it.
    /// </summary>
    public static async Task<IResult?> ConfirmAsync(HttpContext http, UserEntity user, string? password, string field, Throttle throttle, CancellationToken ct)
    {
        var lockKey = "password:" + user.UserId;
        var attempt = await throttle.TakeAsync(lockKey, AuthLimits.LoginFailures, AuthLimits.LoginWindow, ct, AuthLimits.Lockout); // counted first
        if (!attempt.Allowed)
            return Problems.Create(http, StatusCodes.Status429TooManyRequests, "auth.login_locked");
        password ??= "";
        if (password.Length <= PasswordPolicy.MaxLength
            && await http.RequestServices.GetRequiredService<PasswordHashing>().VerifyAsync(password, user.PasswordHash, ct))
        {
            await throttle.ReturnAsync(attempt.Ticket, ct);
            return null;
        }
        return Problems.Validation(http, [Problems.Field(http, field, "auth.password_wrong")], "auth.password_wrong");
    }
}
