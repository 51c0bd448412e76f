using Kabinet.Platform.Errors;

namespace Kabinet.Auth;

/// <summary>The HTTP answers shared by every flow that takes a code.</summary>
public static class CodeResults
{
    public static IResult Failure(HttpContext http, CodeCheckResult result) => result.Outcome switch
    {
        CodeCheck.Invalid => Problems.Create(http, StatusCodes.Status422UnprocessableEntity, "auth.code_invalid",
            new Dictionary<string, object?> { ["attemptsLeft"] = result.AttemptsLeft }),
        CodeCheck.Expired => Problems.Create(http, StatusCodes.Status422UnprocessableEntity, "auth.code_expired"),
        CodeCheck.Exhausted => Problems.Create(http, StatusCodes.Status422UnprocessableEntity, "auth.code_attempts_exhausted"),
        _ => Problems.Create(http, StatusCodes.Status422UnprocessableEntity, "auth.challenge_invalid"),
    };

    public static IResult TooMany(HttpContext http, TooManyCodesException ex)
    {
        http.Response.Headers.RetryAfter = ((int)Math.Ceiling(ex.RetryAfter.TotalSeconds)).ToString();
        return Problems.Create(http, StatusCodes.Status429TooManyRequests, ex.Code,
            new Dictionary<string, object?> { ["retryAfterSeconds"] = (int)Math.Ceiling(ex.RetryAfter.TotalSeconds) });
    }

    public static ChallengeStarted Started(ChallengeEntity challenge) =>
        new(challenge.ChallengeId, challenge.Channel,
            Identifiers.Mask(new LoginId(challenge.Channel == CodeMessage.Sms ? LoginKind.Phone : LoginKind.Email, challenge.Destination)),
            (int)AuthLimits.ResendCooldown.TotalSeconds);
}
